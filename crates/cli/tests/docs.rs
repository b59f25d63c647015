//! The check documentation in docs/checks is generated from the catalog; this fails when the
//! committed pages are stale (regenerate with `ai-security checks docs --output docs/checks`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

fn md_files(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn generated_check_docs_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(ais().args(["checks", "docs", "--output"]).arg(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fresh = md_files(dir.path());
    let committed = md_files(&workspace().join("docs/checks"));
    let list = run(ais().args(["checks", "list", "--format", "json"]));
    let checks: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(
        fresh.len(),
        checks.len() + 1,
        "a page per check plus the index"
    );
    let stale: Vec<&String> = fresh
        .iter()
        .filter(|(k, v)| committed.get(*k) != Some(v))
        .map(|(k, _)| k)
        .chain(committed.keys().filter(|k| !fresh.contains_key(*k)))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/checks is stale ({} files differ, e.g. {:?}): run `cargo run -- checks docs --output docs/checks`",
        stale.len(),
        stale.iter().take(5).collect::<Vec<_>>()
    );
    let index = &fresh["README.md"];
    assert!(index.contains("## By service") && index.contains("## By compliance framework"));
    assert!(index.contains("[`iam_root_mfa_enabled`](account/iam_root_mfa_enabled.md)"));
}
