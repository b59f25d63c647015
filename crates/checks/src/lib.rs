//! The check catalog and the evaluation engine.
//!
//! Checks are data: one YAML file per check (see `docs/check-format.md`), with a CEL `assert`
//! over a resource of one kind. The repository's checks and compliance frameworks are embedded in
//! the binary; more checks load from a directory with the same validation.
//!
//! ```no_run
//! use ais_checks::{Catalog, Engine, Selection};
//! let catalog = Catalog::embedded().expect("the embedded catalog is valid");
//! let inventory: ais_model::Inventory =
//!     serde_json::from_str(&std::fs::read_to_string("inventory.json").unwrap()).unwrap();
//! let checks = catalog.select(&Selection::default());
//! let findings = Engine::new(&checks).evaluate(&inventory);
//! println!("{} findings", findings.len());
//! ```

mod catalog;
mod cel_support;
pub mod compliance;
mod engine;
pub mod framework;
mod mutelist;

pub use catalog::{Catalog, Check, CheckStatus, Example, Expect, Level, Remediation, Selection};
pub use engine::{Engine, EvalOutcome, example_resource};
pub use framework::{Framework, Requirement};
pub use mutelist::{Mutelist, apply_inline};

use std::path::PathBuf;

/// A check or framework file built into the binary.
struct Embedded {
    /// Path below `checks/` or `frameworks/`.
    path: &'static str,
    yaml: &'static str,
    /// The same document as JSON, when the YAML parsed at build time.
    json: Option<&'static str>,
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Why a check or framework could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{count} invalid check or framework files:\n{list}")]
    Many { count: usize, list: String },
}

impl CatalogError {
    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        CatalogError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn many(mut errors: Vec<CatalogError>) -> Self {
        if errors.len() == 1 {
            return errors.remove(0);
        }
        let list = errors
            .iter()
            .map(|e| format!("  - {e}"))
            .collect::<Vec<_>>()
            .join("\n");
        CatalogError::Many {
            count: errors.len(),
            list,
        }
    }
}
