//! Infrastructure as code and build files into the normalized model.
//!
//! [`scan`] walks a directory (honouring `.gitignore`, never following symbolic links), picks
//! the files it knows by name, and adapts each into resources that carry their file and line
//! span. A file that cannot be read or parsed does not stop the scan: it becomes a
//! [`CollectionError`] naming the file, the line and the reason, so that the checks of its kinds
//! are ERROR for that file (never silently PASS), and the other files are scanned.
//!
//! Supported today: Dockerfiles (`docker.dockerfile`).

pub mod dockerfile;

use std::io::Read;
use std::path::{Path, PathBuf};

use ais_model::{CollectionError, Inventory, Resource, SourceLocation};

/// Resource kinds an IaC scan can produce.
pub const KINDS: &[&str] =
    &[<ais_model::kinds::docker::Dockerfile as ais_model::ResourceKind>::KIND];

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
    inv.collected_kinds = KINDS.iter().map(|k| k.to_string()).collect();
    if meta.is_file() {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        scan_file(root, &name, opts, &mut inv);
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
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                inv.errors
                    .push(file_error("", None, &format!("cannot walk: {e}")));
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if !dockerfile::is_dockerfile(&name) {
            continue;
        }
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
        files.push((entry.path().to_path_buf(), rel));
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    for (path, rel) in files {
        scan_file(&path, &rel, opts, &mut inv);
    }
    Ok(inv)
}

fn scan_file(path: &Path, rel: &str, opts: &Options, inv: &mut Inventory) {
    let text = match read_text(path, opts.max_file_bytes) {
        Ok(t) => t,
        Err(reason) => {
            inv.errors.push(file_error(rel, None, &reason));
            return;
        }
    };
    match dockerfile::adapt(rel, &text) {
        Ok(d) => {
            let end = i64::try_from(text.lines().count().max(1)).unwrap_or(i64::MAX);
            inv.resources
                .push(Resource::new(rel, "", "", rel, d).at(SourceLocation {
                    file: rel.to_string(),
                    start_line: 1,
                    end_line: end,
                }));
        }
        Err(e) => inv.errors.push(file_error(rel, Some(e.line), &e.reason)),
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
fn file_error(rel: &str, line: Option<usize>, reason: &str) -> CollectionError {
    CollectionError {
        account: String::new(),
        region: rel.to_string(),
        service: "dockerfile".to_string(),
        operation: match line {
            Some(l) => format!("parse {rel}:{l}"),
            None => format!("read {rel}"),
        },
        kinds: KINDS.iter().map(|k| k.to_string()).collect(),
        code: None,
        message: reason.to_string(),
    }
}
