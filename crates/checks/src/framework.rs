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
    /// Checks that decide the requirement; empty when it needs a human.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Framework-specific fields (profile level, assessment status, …).
    #[serde(default)]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

impl Framework {
    pub fn parse(origin: &str, text: &str) -> Result<Framework, CatalogError> {
        let mut f: Framework = serde_norway::from_str(text).map_err(|e| {
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
