//! Container build files: Dockerfiles (and Containerfiles).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::ResourceKind;

/// One Dockerfile: its build stages in order, each with its instructions. The last stage is the
/// image that ships.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Dockerfile {
    /// Path relative to the scanned directory, with `/` separators.
    pub path: String,
    pub stages: Vec<DockerStage>,
    /// `ARG` instructions before the first `FROM` (they parameterise base images).
    pub global_args: Vec<DockerVar>,
}
impl ResourceKind for Dockerfile {
    const KIND: &'static str = "docker.dockerfile";
}

/// One build stage: a `FROM` and the instructions up to the next one.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct DockerStage {
    /// The `AS` name, when given.
    pub name: Option<String>,
    /// The base image as written (`python:3.12-slim`, `$BASE`, `build`, `scratch`).
    pub image: String,
    /// The tag of the base image; absent when none is written (Docker then pulls `latest`) or
    /// when the base is `scratch`, an earlier stage, or built from a variable.
    pub tag: Option<String>,
    /// `sha256:…` when the base image is pinned by digest.
    pub digest: Option<String>,
    /// The base is an earlier stage of this file, `scratch`, or comes from a build argument:
    /// there is no registry image to pin.
    pub base_is_stage: bool,
    pub base_is_scratch: bool,
    pub base_from_variable: bool,
    /// `--platform` value, when given.
    pub platform: Option<String>,
    /// Line of the `FROM` instruction (1-based).
    pub line: i64,
    pub instructions: Vec<DockerInstruction>,
}

/// One instruction inside a stage (the `FROM` itself excluded).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct DockerInstruction {
    /// First and last line of the instruction (continuation lines included).
    pub line: i64,
    pub end_line: i64,
    /// Upper-case instruction keyword: `RUN`, `ADD`, `COPY`, `USER`, `ENV`, …
    pub keyword: String,
    /// Option flags as written (`--chown=app`, `--chmod=755`, `--from=build`, `--interval=30s`).
    pub flags: Vec<String>,
    /// The arguments: the command for `RUN`/`CMD`/`ENTRYPOINT`/`HEALTHCHECK` (exec form joined by
    /// spaces), sources for `ADD`/`COPY`, the value for the others. For `ENV`, `ARG` and `LABEL`
    /// only the names are kept (see `vars`): their values may be secrets and are never stored.
    pub args: String,
    /// Sources of `ADD`/`COPY` (the destination is in `dest`).
    pub sources: Vec<String>,
    pub dest: Option<String>,
    /// Variables that `ENV`, `ARG` or `LABEL` declare.
    pub vars: Vec<DockerVar>,
    /// `RUN`, `CMD`, `ENTRYPOINT`: written in exec (JSON array) form.
    pub exec_form: Option<bool>,
}

/// A variable declared by `ENV`, `ARG` or `LABEL`: its name and whether a value is written in
/// the file (the value itself is not kept).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct DockerVar {
    pub name: String,
    pub has_value: bool,
    /// The written value only references other variables (`$TOKEN`, `${TOKEN}`): nothing secret
    /// is written in the file itself.
    pub value_is_reference: bool,
    /// The written value is a boolean "off": `0`, `false`, `no` or `off` (any case).
    #[serde(default)]
    pub value_is_false: bool,
}
