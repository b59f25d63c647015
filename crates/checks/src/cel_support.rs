//! CEL compilation and static analysis of the fields an expression reads.

use std::sync::Arc;

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use serde_json::Value as Json;

/// A compiled expression with the resource field paths it reads.
#[derive(Debug)]
pub struct Compiled {
    pub program: Arc<cel::Program>,
    /// Each path is a list of segments below `resource`; `[]` stands for a list item or map value.
    pub paths: Vec<Vec<String>>,
    /// The paths tested for presence with `has(…)`, which answers instead of failing when the
    /// property is absent.
    pub tested: Vec<Vec<String>>,
}

/// What [`collect_paths`] finds.
#[derive(Default)]
struct Paths {
    read: Vec<Vec<String>>,
    tested: Vec<Vec<String>>,
}

pub const ITEM: &str = "[]";

/// The `cel` parser recurses deeply (hundreds of KiB of stack for a short expression in debug
/// builds), so every compilation runs on a thread with a generous stack; the sources are split
/// over one such thread per core (catalog loading is most of a small scan's start-up).
pub fn compile_all(sources: Vec<String>) -> Vec<Result<Compiled, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = sources.len().div_ceil(threads).max(1);
    let chunks: Vec<Vec<String>> = sources.chunks(chunk).map(<[String]>::to_vec).collect();
    let handles: Vec<_> = chunks
        .into_iter()
        .map(|part| {
            std::thread::Builder::new()
                .name("cel-compile".into())
                .stack_size(256 * 1024 * 1024)
                .spawn(move || part.iter().map(|s| compile(s)).collect::<Vec<_>>())
        })
        .collect();
    let mut out = Vec::with_capacity(sources.len());
    for h in handles {
        match h.map_err(|e| e.to_string()).and_then(|h| {
            h.join()
                .map_err(|_| "the CEL compiler panicked".to_string())
        }) {
            Ok(results) => out.extend(results),
            Err(e) => return vec![Err(e)],
        }
    }
    out
}

fn compile(source: &str) -> Result<Compiled, String> {
    let program = std::panic::catch_unwind(|| cel::Program::compile(source))
        .map_err(|_| "the CEL parser panicked on this expression".to_string())?
        .map_err(|e| format!("invalid CEL: {e}"))?;
    let mut found = Paths::default();
    let mut scope = vec![("resource".to_string(), Vec::new())];
    collect_paths(program.expression(), &mut scope, &mut found);
    let refs = program.references();
    for v in refs.variables() {
        if v != "resource" && v != "now" && !is_comprehension_var(program.expression(), v) {
            return Err(format!(
                "unknown variable `{v}` (only `resource` and `now` exist)"
            ));
        }
    }
    let Paths {
        read: mut paths,
        mut tested,
    } = found;
    for v in [&mut paths, &mut tested] {
        v.sort();
        v.dedup();
    }
    Ok(Compiled {
        program: Arc::new(program),
        paths,
        tested,
    })
}

fn is_comprehension_var(e: &IdedExpr, name: &str) -> bool {
    match &e.expr {
        Expr::Comprehension(c) => {
            c.iter_var == name
                || c.iter_var2.as_deref() == Some(name)
                || c.accu_var == name
                || [
                    &c.iter_range,
                    &c.accu_init,
                    &c.loop_cond,
                    &c.loop_step,
                    &c.result,
                ]
                .iter()
                .any(|x| is_comprehension_var(x, name))
        }
        Expr::Call(call) => {
            call.target
                .as_ref()
                .is_some_and(|t| is_comprehension_var(t, name))
                || call.args.iter().any(|a| is_comprehension_var(a, name))
        }
        Expr::Select(s) => is_comprehension_var(&s.operand, name),
        Expr::List(l) => l.elements.iter().any(|x| is_comprehension_var(x, name)),
        Expr::Map(m) => m.entries.iter().any(|en| match &en.expr {
            EntryExpr::MapEntry(me) => {
                is_comprehension_var(&me.key, name) || is_comprehension_var(&me.value, name)
            }
            EntryExpr::StructField(sf) => is_comprehension_var(&sf.value, name),
        }),
        _ => false,
    }
}

/// Returns the resource path an expression denotes, when it denotes one, recording every
/// path it reads on the way.
fn collect_paths(
    e: &IdedExpr,
    scope: &mut Vec<(String, Vec<String>)>,
    out: &mut Paths,
) -> Option<Vec<String>> {
    match &e.expr {
        Expr::Ident(name) => scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone()),
        Expr::Select(s) => {
            let base = collect_paths(&s.operand, scope, out)?;
            let mut p = base;
            p.push(s.field.clone());
            out.read.push(p.clone());
            if s.test {
                out.tested.push(p.clone());
            }
            Some(p)
        }
        Expr::Call(call) => {
            let target = call
                .target
                .as_ref()
                .and_then(|t| collect_paths(t, scope, out));
            let args: Vec<_> = call
                .args
                .iter()
                .map(|a| collect_paths(a, scope, out))
                .collect();
            if call.func_name == "_[_]"
                && let Some(Some(base)) = args.first()
            {
                let mut p = base.clone();
                p.push(ITEM.to_string());
                out.read.push(p.clone());
                return Some(p);
            }
            let _ = target;
            None
        }
        Expr::Comprehension(c) => {
            let range = collect_paths(&c.iter_range, scope, out);
            collect_paths(&c.accu_init, scope, out);
            let depth = scope.len();
            if let Some(r) = range {
                let mut item = r;
                item.push(ITEM.to_string());
                scope.push((c.iter_var.clone(), item));
            }
            // The accumulator shadows any outer name of the same spelling.
            scope.push((c.accu_var.clone(), vec!["<accumulator>".to_string()]));
            collect_paths(&c.loop_cond, scope, out);
            collect_paths(&c.loop_step, scope, out);
            collect_paths(&c.result, scope, out);
            scope.truncate(depth);
            None
        }
        Expr::List(l) => {
            for x in &l.elements {
                collect_paths(x, scope, out);
            }
            None
        }
        Expr::Map(m) => {
            for en in &m.entries {
                match &en.expr {
                    EntryExpr::MapEntry(me) => {
                        collect_paths(&me.key, scope, out);
                        collect_paths(&me.value, scope, out);
                    }
                    EntryExpr::StructField(sf) => {
                        collect_paths(&sf.value, scope, out);
                    }
                }
            }
            None
        }
        Expr::Struct(st) => {
            for en in &st.entries {
                if let EntryExpr::StructField(sf) = &en.expr {
                    collect_paths(&sf.value, scope, out);
                }
            }
            None
        }
        Expr::Literal(_) | Expr::Unspecified => None,
    }
}

/// Checks that a path exists in a kind's JSON schema; returns why not.
pub fn validate_path(schema: &Json, path: &[String]) -> Result<(), String> {
    if path.first().is_some_and(|p| p == "<accumulator>") {
        return Ok(());
    }
    let defs = schema.get("$defs");
    let mut node = schema;
    for (i, seg) in path.iter().enumerate() {
        node = resolve(node, defs);
        let next = if seg == ITEM {
            node.get("items")
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
        } else {
            node.get("properties")
                .and_then(|p| p.get(seg))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
        };
        match next {
            Some(n) => node = n,
            None => {
                let shown = display_path(&path[..=i]);
                let known = node
                    .get("properties")
                    .and_then(Json::as_object)
                    .map(|p| p.keys().cloned().collect::<Vec<_>>().join(", "))
                    .unwrap_or_else(|| "none (not an object)".to_string());
                return Err(format!(
                    "`{shown}` does not exist (known fields here: {known})"
                ));
            }
        }
    }
    Ok(())
}

pub fn display_path(path: &[String]) -> String {
    let mut s = String::from("resource");
    for seg in path {
        if seg == ITEM {
            s.push_str("[]");
        } else {
            s.push('.');
            s.push_str(seg);
        }
    }
    s
}

fn resolve<'a>(mut node: &'a Json, defs: Option<&'a Json>) -> &'a Json {
    for _ in 0..16 {
        if let Some(r) = node.get("$ref").and_then(Json::as_str) {
            let name = r.rsplit('/').next().unwrap_or(r);
            match defs.and_then(|d| d.get(name)) {
                Some(n) => {
                    node = n;
                    continue;
                }
                None => return node,
            }
        }
        let variants = node
            .get("anyOf")
            .or_else(|| node.get("oneOf"))
            .and_then(Json::as_array);
        if let Some(vs) = variants
            && let Some(v) = vs
                .iter()
                .find(|v| v.get("type").and_then(Json::as_str) != Some("null"))
        {
            node = v;
            continue;
        }
        return node;
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(src: &str) -> Vec<String> {
        let c = compile_all(vec![src.to_string()]).remove(0).unwrap();
        c.paths.iter().map(|p| display_path(p)).collect()
    }

    #[test]
    fn paths_follow_selects_indexes_and_comprehensions() {
        let p = paths(
            "resource.a.b && has(resource.c) && resource.list.exists(x, x.port == 22 && x.ranges.all(r, r != '0.0.0.0/0')) && resource.tags['env'] == 'prod'",
        );
        assert!(p.contains(&"resource.a.b".to_string()), "{p:?}");
        assert!(p.contains(&"resource.c".to_string()));
        assert!(p.contains(&"resource.list[].port".to_string()));
        assert!(p.contains(&"resource.list[].ranges".to_string()));
        assert!(p.contains(&"resource.tags[]".to_string()));
    }

    #[test]
    fn presence_tests_are_told_apart() {
        let c = compile_all(vec![
            "has(resource.a) && resource.b && resource.list.exists(x, has(x.c))".to_string(),
        ])
        .remove(0)
        .unwrap();
        let tested: Vec<String> = c.tested.iter().map(|p| display_path(p)).collect();
        assert_eq!(tested, vec!["resource.a", "resource.list[].c"]);
    }

    #[test]
    fn unknown_variables_and_bad_syntax_are_rejected() {
        let r = compile_all(vec!["resourc.a == 1".into(), "resource.a ==".into()]);
        assert!(
            r[0].as_ref()
                .unwrap_err()
                .contains("unknown variable `resourc`")
        );
        assert!(r[1].as_ref().unwrap_err().contains("invalid CEL"));
    }

    #[test]
    fn schema_validation_finds_typos() {
        let schema = (ais_model::kind_info("aws.s3.bucket").unwrap().schema)();
        let ok = |s: &str| {
            validate_path(
                &schema,
                &s.split('.').map(str::to_string).collect::<Vec<_>>(),
            )
        };
        assert!(ok("versioning.status").is_ok());
        assert!(ok("policy.statements.[].effect").is_ok());
        assert!(ok("tags.[]").is_ok());
        assert!(ok("name").is_ok());
        let err = ok("versioning.statuss").unwrap_err();
        assert!(err.contains("resource.versioning.statuss"), "{err}");
    }
}
