//! Infrastructure as code and build files into the normalized model.
//!
//! [`scan`] walks a directory (honouring `.gitignore`, never following symbolic links), picks
//! the files it knows by name, and adapts each into resources that carry their file and line
//! span. A file that cannot be read or parsed does not stop the scan: it becomes a
//! [`CollectionError`] naming the file, the line and the reason, so that the checks of its kinds
//! are ERROR for that file (never silently PASS), and the other files are scanned.
//!
//! Supported: Dockerfiles (`docker.dockerfile`); Terraform configurations (`.tf`, with
//! `terraform.tfvars` and `*.auto.tfvars`) and plans (`terraform show -json`), whose AWS
//! resources are adapted into the same kinds as live AWS resources; Kubernetes manifests
//! (`k8s.*` kinds, multi-document YAML and rendered Helm output included); CloudFormation
//! templates (YAML or JSON, CDK output, SAM), adapted like Terraform.

pub mod aws;
pub mod cloudformation;
pub mod dockerfile;
pub mod k8s;
pub mod terraform;
mod yaml;

use std::io::Read;
use std::path::{Path, PathBuf};

use ais_model::{CollectionError, Inventory, Resource, SourceLocation};

const DOCKER_KINDS: &[&str] =
    &[<ais_model::kinds::docker::Dockerfile as ais_model::ResourceKind>::KIND];

/// Whether an IaC scan can produce resources of `kind`.
pub fn scans_kind(kind: &str) -> bool {
    DOCKER_KINDS.contains(&kind) || aws::KINDS.contains(&kind) || k8s::KINDS.contains(&kind)
}

/// What a file is, from its name (and, for JSON, its first bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Dockerfile,
    Terraform,
    TfVars,
    Json,
    Yaml,
}

fn file_kind(name: &str) -> Option<FileKind> {
    if dockerfile::is_dockerfile(name) {
        Some(FileKind::Dockerfile)
    } else if name.ends_with(".tf") {
        Some(FileKind::Terraform)
    } else if name == "terraform.tfvars" || name.ends_with(".auto.tfvars") {
        Some(FileKind::TfVars)
    } else if name.ends_with(".json") {
        Some(FileKind::Json)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(FileKind::Yaml)
    } else {
        None
    }
}

/// Limits of a scan.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files larger than this are skipped (and reported).
    pub max_file_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_bytes: 4 * 1024 * 1024,
        }
    }
}

/// Why the scan could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum IacError {
    #[error("{path}: {message}")]
    Root { path: PathBuf, message: String },
}

/// Scans `root` (a directory or one file).
pub fn scan(root: &Path, opts: &Options) -> Result<Inventory, IacError> {
    let meta = std::fs::metadata(root).map_err(|e| IacError::Root {
        path: root.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut inv = Inventory::new("iac");
    inv.collected_kinds = DOCKER_KINDS
        .iter()
        .chain(aws::KINDS)
        .chain(k8s::KINDS)
        .map(|k| k.to_string())
        .collect();
    let mut tf = terraform::Config::default();
    let mut plans = Vec::new();
    if meta.is_file() {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A single file is scanned whatever its name, as a Dockerfile unless it says otherwise.
        let kind = file_kind(&name).unwrap_or(FileKind::Dockerfile);
        scan_file(root, &name, kind, opts, &mut inv, &mut tf, &mut plans);
        finish_terraform(tf, plans, &mut inv);
        return Ok(inv);
    }
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        // Hidden directories hold real configuration (.github, .devcontainer): scan them, but
        // never the repository's own metadata.
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(false)
        .ignore(true)
        .build();
    let mut files: Vec<(PathBuf, String, FileKind)> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                inv.errors.push(file_error(
                    "",
                    None,
                    &format!("cannot walk: {e}"),
                    FileKind::Terraform,
                ));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = file_kind(&name) else {
            continue;
        };
        if ft.is_symlink() || !ft.is_file() {
            // Not followed: the target is scanned where it lives if it is inside the tree.
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        files.push((entry.path().to_path_buf(), rel, kind));
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    for (path, rel, kind) in files {
        scan_file(&path, &rel, kind, opts, &mut inv, &mut tf, &mut plans);
    }
    finish_terraform(tf, plans, &mut inv);
    Ok(inv)
}

/// Evaluates the Terraform modules and plans read, and adapts their AWS resources.
fn finish_terraform(tf: terraform::Config, plans: Vec<terraform::TfResource>, inv: &mut Inventory) {
    for p in &tf.problems {
        inv.errors
            .push(file_error(&p.file, p.line, &p.reason, FileKind::Terraform));
    }
    let evaluated = tf.evaluate();
    inv.not_created.extend(evaluated.not_created);
    let mut resources = evaluated.resources;
    resources.extend(plans);
    // Each root module, plan and template is adapted on its own: references and joins (a
    // bucket's split settings, a trail's bucket, an instance's subnet) never cross from one
    // root into another that happens to use the same addresses or logical ids.
    // `resources` lists each root's and each file's resources together.
    for unit in resources.chunk_by(|a, b| a.unit() == b.unit()) {
        inv.resources.extend(aws::adapt(unit));
    }
}

fn scan_file(
    path: &Path,
    rel: &str,
    kind: FileKind,
    opts: &Options,
    inv: &mut Inventory,
    tf: &mut terraform::Config,
    plans: &mut Vec<terraform::TfResource>,
) {
    if kind == FileKind::Json && !looks_like_iac_json(path) {
        return;
    }
    let text = match read_text(path, opts.max_file_bytes) {
        Ok(t) => t,
        Err(reason) => {
            inv.errors.push(file_error(rel, None, &reason, kind));
            return;
        }
    };
    if kind != FileKind::Json {
        inv.suppressions
            .extend(ais_model::InlineSuppression::scan(rel, &text));
    }
    match kind {
        FileKind::Terraform | FileKind::TfVars => tf.add_file(rel, &text),
        FileKind::Json => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) if terraform::plan::is_plan(&v) => {
                plans.extend(terraform::plan::resources(rel, &text, &v));
            }
            Ok(v) if cloudformation::is_template(&v) => {
                plans.extend(cloudformation::resources(rel, &text, 1, &v));
            }
            Ok(_) => {}
            Err(e) => inv.errors.push(file_error(
                rel,
                Some(e.line()),
                &format!("not valid JSON: {e}"),
                kind,
            )),
        },
        FileKind::Dockerfile => dockerfile_file(rel, &text, inv),
        FileKind::Yaml => yaml_file(rel, &text, inv, plans),
    }
}

/// A YAML file: its Kubernetes objects. Other YAML (CI workflows, compose files, Helm
/// templates before rendering) is left alone; a document that does not parse is reported only
/// when the file looks like a manifest.
fn yaml_file(rel: &str, text: &str, inv: &mut Inventory, cfn: &mut Vec<terraform::TfResource>) {
    let looks_like_manifest = (text.contains("apiVersion:") && text.contains("kind:"))
        || text.contains("AWSTemplateFormatVersion")
        || text.contains("Type: AWS::");
    if text.contains("{{") && !looks_like_rendered(text) {
        // A template (Helm, Kustomize vars): only its rendered output can be checked.
        return;
    }
    for doc in yaml::documents(text) {
        match doc {
            Ok(d) if k8s::is_object(&d.value) => inv.resources.extend(k8s::adapt(rel, &d)),
            Ok(d) if cloudformation::is_template(&d.value) => {
                cfn.extend(cloudformation::resources(
                    rel,
                    &d.text,
                    d.start_line,
                    &d.value,
                ));
            }
            Ok(_) => {}
            Err(e) if looks_like_manifest => {
                inv.errors
                    .push(file_error(rel, Some(e.line), &e.reason, FileKind::Yaml));
            }
            Err(_) => {}
        }
    }
}

/// Rendered Helm output keeps `# Source:` comments and has no template actions left.
fn looks_like_rendered(text: &str) -> bool {
    !text.lines().any(|l| {
        let t = l.trim_start();
        !t.starts_with('#') && t.contains("{{") && t.contains("}}")
    })
}

/// A JSON file is read only when its first bytes say it is a Terraform plan or a
/// CloudFormation template (CDK writes `Resources` first).
fn looks_like_iac_json(path: &Path) -> bool {
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.trim_start().starts_with('{')
        && [
            "\"format_version\"",
            "\"AWSTemplateFormatVersion\"",
            "\"Resources\"",
        ]
        .iter()
        .any(|k| head.contains(k))
}

fn dockerfile_file(rel: &str, text: &str, inv: &mut Inventory) {
    match dockerfile::adapt(rel, text) {
        Ok(d) => {
            let end = i64::try_from(text.lines().count().max(1)).unwrap_or(i64::MAX);
            inv.resources
                .push(Resource::new(rel, "", "", rel, d).at(SourceLocation {
                    file: rel.to_string(),
                    start_line: 1,
                    end_line: end,
                }));
        }
        Err(e) => inv.errors.push(file_error(
            rel,
            Some(e.line),
            &e.reason,
            FileKind::Dockerfile,
        )),
    }
}

/// The file as UTF-8 text, read up to `limit` bytes; binary and oversized files are refused.
fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut buf = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > limit {
        return Err(format!("larger than {limit} bytes; not scanned"));
    }
    if buf.iter().take(8192).any(|&b| b == 0) {
        return Err("binary content; not scanned".to_string());
    }
    String::from_utf8(buf).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}); not scanned",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A file that could not be scanned: every check of the kinds it would have produced is ERROR
/// for it. The file stands where live collections put the region.
fn file_error(rel: &str, line: Option<usize>, reason: &str, kind: FileKind) -> CollectionError {
    let (service, kinds) = match kind {
        FileKind::Dockerfile => ("dockerfile", DOCKER_KINDS),
        FileKind::Yaml => ("kubernetes", k8s::KINDS),
        _ => ("terraform", aws::KINDS),
    };
    CollectionError {
        account: String::new(),
        region: rel.to_string(),
        service: service.to_string(),
        operation: match line {
            Some(l) => format!("parse {rel}:{l}"),
            None => format!("read {rel}"),
        },
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        code: None,
        message: reason.to_string(),
    }
}
