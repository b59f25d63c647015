//! Compliance frameworks as data: requirement id → title → the checks that decide it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::CatalogError;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub version: String,
    pub provider: String,
    /// The official document.
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub description: String,
    pub requirements: Vec<Requirement>,
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub section: String,
    /// What the requirement asks, in the project's words.
    #[serde(default)]
    pub description: String,
    /// Checks whose FAIL shows the requirement is not met; empty when it needs a human.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Part of the requirement needs a human (a process, a document, people): passing checks
    /// leave it MANUAL, never PASS.
    #[serde(default)]
    pub manual: bool,
    /// Framework-specific fields (profile level, assessment status, …).
    #[serde(default)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

impl Framework {
    pub fn parse(origin: &str, text: &str) -> Result<Framework, CatalogError> {
        Framework::parse_src(origin, text, None)
    }

    /// Like [`Framework::parse`], reading `json` (the same document, converted at build time)
    /// first when given.
    pub(crate) fn parse_src(
        origin: &str,
        text: &str,
        json: Option<&str>,
    ) -> Result<Framework, CatalogError> {
        let from_json = json.and_then(|j| serde_json::from_str::<Framework>(j).ok());
        let mut f: Framework = match from_json {
            Some(f) => Ok(f),
            None => serde_norway::from_str(text),
        }
        .map_err(|e| {
            let loc = e
                .location()
                .map(|l| format!("line {} column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            CatalogError::invalid(origin, format!("{loc}{e}"))
        })?;
        let mut seen = std::collections::HashSet::new();
        for r in &f.requirements {
            if !seen.insert(r.id.clone()) {
                return Err(CatalogError::invalid(
                    origin,
                    format!("duplicate requirement id `{}`", r.id),
                ));
            }
        }
        f.source = origin.to_string();
        Ok(f)
    }
}
