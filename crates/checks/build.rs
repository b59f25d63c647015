//! Embeds every check and framework file of the repository into the binary.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// Embeds each YAML file of `root`, plus its JSON rendering when the YAML parses: serde_json reads
/// it several times faster than a YAML parser, which matters at every start of the binary. The
/// YAML stays embedded so that a file the JSON form cannot represent exactly still loads (and
/// errors keep their YAML line numbers).
fn embed(name: &str, root: &Path, out_dir: &Path, code: &mut String) {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(root, &mut files);
    files.sort();
    writeln!(code, "pub static {name}: &[super::Embedded] = &[").unwrap();
    for (i, f) in files.iter().enumerate() {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let json = serde_norway::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok())
            .map(|j| {
                let path = out_dir.join(format!("{name}-{i}.json"));
                std::fs::write(&path, j).unwrap();
                format!("Some(include_str!({:?}))", path.display().to_string())
            })
            .unwrap_or_else(|| "None".to_string());
        writeln!(
            code,
            "    super::Embedded {{ path: {rel:?}, yaml: include_str!({:?}), json: {json} }},",
            f.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let repo = manifest.join("../..").canonicalize().unwrap();
    let mut code = String::new();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    embed("EMBEDDED_CHECKS", &repo.join("checks"), &out_dir, &mut code);
    embed(
        "EMBEDDED_FRAMEWORKS",
        &repo.join("frameworks"),
        &out_dir,
        &mut code,
    );
    std::fs::write(out_dir.join("embedded.rs"), code).unwrap();
}
