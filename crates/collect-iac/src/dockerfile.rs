//! Dockerfiles (and Containerfiles) into the `docker.dockerfile` kind.

use ais_model::kinds::docker::{DockerInstruction, DockerStage, DockerVar, Dockerfile};
use parse_dockerfile::{Command, HealthcheckArguments, Instruction, JsonOrStringArray, Source};

/// File names read as Dockerfiles: `Dockerfile`, `Containerfile`, `Dockerfile.<variant>`,
/// `<variant>.Dockerfile` / `.dockerfile`.
pub fn is_dockerfile(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
}

/// A parse failure: the 1-based line and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub reason: String,
}

/// Line numbers (1-based) of byte offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }
    fn of(&self, offset: usize) -> i64 {
        let idx = self.0.partition_point(|&s| s <= offset);
        i64::try_from(idx.max(1)).unwrap_or(i64::MAX)
    }
}

/// Parses `text` (the file at `path`) into the model.
pub fn adapt(path: &str, text: &str) -> Result<Dockerfile, ParseError> {
    let parsed = parse_dockerfile::parse(text).map_err(|e| ParseError {
        line: e.line(),
        reason: e.to_string(),
    })?;
    let lines = Lines::new(text);
    let mut earlier: Vec<String> = Vec::new();
    let mut stages = Vec::new();
    for stage in parsed.stages() {
        let from = stage.from;
        let image = from.image.value.to_string();
        let mut st = base_image(&image, &earlier);
        if let Some((_, n)) = &from.as_ {
            earlier.push(n.value.to_ascii_lowercase());
        }
        st.name = from.as_.as_ref().map(|(_, n)| n.value.to_string());
        st.platform = from
            .options
            .iter()
            .find(|f| f.name.value == "platform")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.value.to_string());
        st.line = lines.of(from.from.span.start);
        st.instructions = stage
            .instructions
            .iter()
            .map(|ins| instruction(ins, &lines, text))
            .collect();
        stages.push(st);
    }
    let global_args = parsed
        .global_args()
        .flat_map(|a| vars(&a.arguments.value, VarSyntax::Arg))
        .collect();
    Ok(Dockerfile {
        path: path.to_string(),
        stages,
        global_args,
    })
}

/// What a `FROM` image reference says: tag, digest, or no registry image at all.
fn base_image(image: &str, earlier_stages: &[String]) -> DockerStage {
    let mut st = DockerStage {
        image: image.to_string(),
        ..Default::default()
    };
    let lower = image.to_ascii_lowercase();
    if lower == "scratch" {
        st.base_is_scratch = true;
    } else if earlier_stages.contains(&lower) {
        st.base_is_stage = true;
    } else if image.contains('$') {
        st.base_from_variable = true;
    } else {
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (image, None),
        };
        st.digest = digest;
        // A tag follows the last ':' after the last '/' (a registry port is before a '/').
        let last = rest.rsplit('/').next().unwrap_or(rest);
        st.tag = last.split_once(':').map(|(_, t)| t.to_string());
    }
    st
}

#[derive(Clone, Copy, PartialEq)]
enum VarSyntax {
    Arg,
    Env,
}

/// Names declared by `ARG`/`ENV`/`LABEL` arguments, whether a value is written, and whether that
/// value only references other variables. Values are not kept.
fn vars(args: &str, syntax: VarSyntax) -> Vec<DockerVar> {
    let tokens = shell_words(args);
    // `ENV key value` (legacy form): one variable, the rest is its value.
    if syntax == VarSyntax::Env && !tokens.is_empty() && !tokens[0].contains('=') {
        let value = tokens[1..].join(" ");
        return vec![DockerVar {
            name: tokens[0].clone(),
            has_value: !value.is_empty(),
            value_is_reference: is_reference(&value),
            value_is_false: is_false(&value),
        }];
    }
    tokens
        .into_iter()
        .map(|t| match t.split_once('=') {
            Some((k, v)) => DockerVar {
                name: k.to_string(),
                has_value: !v.is_empty(),
                value_is_reference: is_reference(v),
                value_is_false: is_false(v),
            },
            None => DockerVar {
                name: t,
                has_value: false,
                value_is_reference: false,
                value_is_false: false,
            },
        })
        .collect()
}

fn is_false(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off"
    )
}

/// `$X`, `${X}`, `${X:-…}` and nothing else.
fn is_reference(v: &str) -> bool {
    let v = v.trim();
    if v.is_empty() {
        return false;
    }
    let mut rest = v;
    while !rest.is_empty() {
        let Some(r) = rest.strip_prefix('$') else {
            return false;
        };
        if let Some(r) = r.strip_prefix('{') {
            let Some(end) = r.find('}') else { return false };
            rest = &r[end + 1..];
        } else {
            let end = r
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(r.len());
            if end == 0 {
                return false;
            }
            rest = &r[end..];
        }
    }
    true
}

/// Splits on unquoted whitespace and removes the quotes (enough for `key="a b" k2=v`).
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (_, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (_, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

fn command(c: &Command<'_>) -> (String, bool, usize) {
    match c {
        Command::Exec(s) => (
            s.value
                .iter()
                .map(|a| a.value.as_ref())
                .collect::<Vec<_>>()
                .join(" "),
            true,
            s.span.end,
        ),
        Command::Shell(s) => (s.value.to_string(), false, s.span.end),
        _ => (String::new(), false, 0),
    }
}

fn instruction(ins: &Instruction<'_>, lines: &Lines, text: &str) -> DockerInstruction {
    let flags = |opts: &[parse_dockerfile::Flag<'_>]| -> Vec<String> {
        opts.iter()
            .map(|f| match &f.value {
                Some(v) => format!("--{}={}", f.name.value, v.value),
                None => format!("--{}", f.name.value),
            })
            .collect()
    };
    let mut d = DockerInstruction::default();
    let (start, end) = match ins {
        Instruction::Run(r) => {
            let (args, exec, end) = command(&r.arguments);
            // Here-documents are part of what runs.
            let mut args = args;
            let mut end = end;
            for h in &r.here_docs {
                args.push('\n');
                args.push_str(&h.value);
                end = end.max(h.span.end);
            }
            d.keyword = "RUN".into();
            d.flags = flags(&r.options);
            d.args = args;
            d.exec_form = Some(exec);
            (r.run.span.start, end)
        }
        Instruction::Cmd(c) => {
            let (args, exec, end) = command(&c.arguments);
            d.keyword = "CMD".into();
            d.args = args;
            d.exec_form = Some(exec);
            (c.cmd.span.start, end)
        }
        Instruction::Entrypoint(c) => {
            let (args, exec, end) = command(&c.arguments);
            d.keyword = "ENTRYPOINT".into();
            d.args = args;
            d.exec_form = Some(exec);
            (c.entrypoint.span.start, end)
        }
        Instruction::Healthcheck(h) => {
            d.keyword = "HEALTHCHECK".into();
            d.flags = flags(&h.options);
            let end = match &h.arguments {
                HealthcheckArguments::Cmd { arguments, .. } => {
                    let (args, exec, end) = command(arguments);
                    d.args = args;
                    d.exec_form = Some(exec);
                    end
                }
                HealthcheckArguments::None { none, .. } => {
                    d.args = "NONE".into();
                    none.span.end
                }
                _ => h.healthcheck.span.end,
            };
            (h.healthcheck.span.start, end)
        }
        Instruction::Add(a) => {
            d.keyword = "ADD".into();
            d.flags = flags(&a.options);
            d.sources = sources(&a.src);
            d.dest = Some(a.dest.value.to_string());
            d.args = d.sources.join(" ");
            (a.add.span.start, a.dest.span.end)
        }
        Instruction::Copy(c) => {
            d.keyword = "COPY".into();
            d.flags = flags(&c.options);
            d.sources = sources(&c.src);
            d.dest = Some(c.dest.value.to_string());
            d.args = d.sources.join(" ");
            (c.copy.span.start, c.dest.span.end)
        }
        Instruction::Arg(a) => {
            d.keyword = "ARG".into();
            d.vars = vars(&a.arguments.value, VarSyntax::Arg);
            d.args = names(&d.vars);
            (a.arg.span.start, a.arguments.span.end)
        }
        Instruction::Env(e) => {
            d.keyword = "ENV".into();
            d.vars = vars(&e.arguments.value, VarSyntax::Env);
            d.args = names(&d.vars);
            (e.env.span.start, e.arguments.span.end)
        }
        Instruction::Label(l) => {
            d.keyword = "LABEL".into();
            d.vars = vars(&l.arguments.value, VarSyntax::Env);
            d.args = names(&d.vars);
            (l.label.span.start, l.arguments.span.end)
        }
        Instruction::Expose(e) => {
            d.keyword = "EXPOSE".into();
            d.args = e
                .arguments
                .iter()
                .map(|a| a.value.as_ref())
                .collect::<Vec<_>>()
                .join(" ");
            let end = e.arguments.last().map_or(e.expose.span.end, |a| a.span.end);
            (e.expose.span.start, end)
        }
        Instruction::User(u) => {
            d.keyword = "USER".into();
            d.args = u.arguments.value.to_string();
            (u.user.span.start, u.arguments.span.end)
        }
        Instruction::Workdir(w) => {
            d.keyword = "WORKDIR".into();
            d.args = w.arguments.value.to_string();
            (w.workdir.span.start, w.arguments.span.end)
        }
        Instruction::Maintainer(m) => {
            d.keyword = "MAINTAINER".into();
            d.args = m.name.value.to_string();
            (m.maintainer.span.start, m.name.span.end)
        }
        Instruction::Shell(s) => {
            d.keyword = "SHELL".into();
            d.args = s
                .arguments
                .iter()
                .map(|a| a.value.as_ref())
                .collect::<Vec<_>>()
                .join(" ");
            let end = s.arguments.last().map_or(s.shell.span.end, |a| a.span.end);
            (s.shell.span.start, end)
        }
        Instruction::Stopsignal(s) => {
            d.keyword = "STOPSIGNAL".into();
            d.args = s.arguments.value.to_string();
            (s.stopsignal.span.start, s.arguments.span.end)
        }
        Instruction::Volume(v) => {
            d.keyword = "VOLUME".into();
            let (items, end) = match &v.arguments {
                JsonOrStringArray::Json(j) => (j.value.iter().collect::<Vec<_>>(), j.span.end),
                JsonOrStringArray::String(s) => (
                    s.iter().collect::<Vec<_>>(),
                    s.last().map_or(v.volume.span.end, |a| a.span.end),
                ),
            };
            d.args = items
                .iter()
                .map(|a| a.value.as_ref())
                .collect::<Vec<_>>()
                .join(" ");
            (v.volume.span.start, end)
        }
        Instruction::Onbuild(o) => {
            // The trigger runs in images built FROM this one: keep it as what it is.
            let inner = instruction(&o.instruction, lines, text);
            d.keyword = "ONBUILD".into();
            d.args = format!("{} {}", inner.keyword, inner.args);
            (o.onbuild.span.start, line_end(text, o.onbuild.span.start))
        }
        // `FROM` starts a stage (see `adapt`) and is never among a stage's instructions.
        _ => {
            d.keyword = "UNKNOWN".into();
            (0, 0)
        }
    };
    d.line = lines.of(start);
    d.end_line = lines.of(end.saturating_sub(1).max(start));
    d
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i)
}

fn sources(src: &[Source<'_>]) -> Vec<String> {
    src.iter()
        .map(|s| match s {
            Source::Path(p) => p.value.to_string(),
            Source::HereDoc(_) => "<<heredoc".to_string(),
            _ => String::new(),
        })
        .collect()
}

fn names(vars: &[DockerVar]) -> String {
    vars.iter()
        .map(|v| v.name.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# syntax=docker/dockerfile:1
ARG BASE_TAG=3.12
FROM python:${BASE_TAG} AS build
RUN apt-get update && \\
    apt-get install -y curl
ENV API_TOKEN=abc123 MODE=prod
ENV FROM_ARG=$BUILD_TOKEN
ARG DB_PASSWORD
COPY --chown=app . /src
FROM registry.example.com:5000/team/app:1.2@sha256:0123 AS final
COPY --from=build /src /app
ADD https://example.com/tool.tgz /opt/
USER app
EXPOSE 8080 22/tcp
HEALTHCHECK --interval=30s CMD [\"curl\", \"-f\", \"http://localhost/\"]
CMD [\"python\", \"app.py\"]
FROM build
";

    #[test]
    fn stages_bases_lines_and_vars() {
        let d = adapt("app/Dockerfile", FILE).unwrap();
        assert_eq!(d.path, "app/Dockerfile");
        assert_eq!(d.global_args.len(), 1);
        assert_eq!(d.global_args[0].name, "BASE_TAG");
        assert_eq!(d.stages.len(), 3);

        let b = &d.stages[0];
        assert_eq!(b.name.as_deref(), Some("build"));
        assert!(b.base_from_variable);
        assert_eq!(b.tag, None);
        assert_eq!(b.line, 3);
        let run = &b.instructions[0];
        assert_eq!(
            (run.keyword.as_str(), run.line, run.end_line),
            ("RUN", 4, 5)
        );
        assert!(run.args.contains("apt-get install -y curl"));
        assert_eq!(run.exec_form, Some(false));
        let env = &b.instructions[1];
        assert_eq!(env.args, "API_TOKEN MODE");
        assert!(env.vars[0].has_value && !env.vars[0].value_is_reference);
        // Values are never kept.
        assert!(!serde_json::to_string(&d).unwrap().contains("abc123"));
        assert!(b.instructions[2].vars[0].value_is_reference);
        assert!(!b.instructions[3].vars[0].has_value);
        assert_eq!(b.instructions[4].flags, vec!["--chown=app".to_string()]);

        let f = &d.stages[1];
        assert_eq!(f.tag.as_deref(), Some("1.2"));
        assert_eq!(f.digest.as_deref(), Some("sha256:0123"));
        assert!(!f.base_is_stage && !f.base_from_variable);
        let add = &f.instructions[1];
        assert_eq!(
            add.sources,
            vec!["https://example.com/tool.tgz".to_string()]
        );
        assert_eq!(add.dest.as_deref(), Some("/opt/"));
        assert_eq!(add.line, 12);
        assert_eq!(f.instructions[3].args, "8080 22/tcp");
        assert_eq!(f.instructions[4].keyword, "HEALTHCHECK");
        assert_eq!(f.instructions[4].flags, vec!["--interval=30s".to_string()]);
        assert_eq!(f.instructions[5].exec_form, Some(true));

        assert!(d.stages[2].base_is_stage);
    }

    #[test]
    fn untagged_registry_ports_and_scratch() {
        let s = base_image("localhost:5000/app", &[]);
        assert_eq!(s.tag, None);
        let s = base_image("ubuntu", &[]);
        assert_eq!((s.tag, s.base_is_stage), (None, false));
        assert!(base_image("scratch", &[]).base_is_scratch);
    }

    #[test]
    fn parse_errors_carry_the_line() {
        let e = adapt("Dockerfile", "FROM alpine\nRUN echo ok\nBOGUS thing\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(!e.reason.is_empty());
        let e = adapt("Dockerfile", "RUN echo no base\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn legacy_env_and_references() {
        let v = vars("PASSWORD some secret", VarSyntax::Env);
        assert_eq!(v.len(), 1);
        assert!(v[0].has_value && !v[0].value_is_reference);
        assert!(is_reference("${A}$B"));
        let v = vars(
            "NODE_TLS_REJECT_UNAUTHORIZED=0 PYTHONHTTPSVERIFY=1 X=\"Off\"",
            VarSyntax::Env,
        );
        let off: Vec<bool> = v.iter().map(|v| v.value_is_false).collect();
        assert_eq!(off, vec![true, false, true]);
        assert!(!is_reference("x$B"));
        assert!(!is_reference("$"));
    }

    #[test]
    fn file_names() {
        for n in [
            "Dockerfile",
            "Containerfile",
            "Dockerfile.prod",
            "api.dockerfile",
        ] {
            assert!(is_dockerfile(n), "{n}");
        }
        assert!(!is_dockerfile("dockerfile-notes.md"));
    }
}
