//! Findings: the result of one check on one resource.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How bad a failing check is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "informational" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity '{other}' (expected critical, high, medium, low or info)"
            )),
        }
    }
}

/// The outcome of a check on a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// The resource complies.
    Pass,
    /// The resource does not comply.
    Fail,
    /// Cannot be decided automatically, or a property the check needs is unknown.
    Manual,
    /// The data the check needs could not be collected (denied, throttled, failed).
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Manual => "MANUAL",
            Status::Error => "ERROR",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One check evaluated on one resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// `fingerprint(check_id, resource_uid)`: stable across runs and machines.
    pub fingerprint: String,
    pub check_id: String,
    pub check_title: String,
    pub severity: Severity,
    pub status: Status,
    /// One line that says what was found (the check's message for FAIL, the cause for
    /// MANUAL and ERROR).
    pub status_extended: String,
    pub service: String,
    pub resource_kind: String,
    pub resource_uid: String,
    pub resource_name: String,
    pub account: String,
    pub region: String,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub resource_tags: std::collections::BTreeMap<String, String>,
    pub remediation: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compliance: Vec<String>,
    /// Accepted by a mutelist: kept, with its real status, but not counted as a failure.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub muted: bool,
    /// Why it is muted (the mutelist entry's description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute_reason: Option<String>,
    /// For resources read from files: where the problem is (the lines the check points at, or
    /// the whole resource).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<crate::SourceLocation>,
    /// For FAIL and MANUAL findings: the resource properties the check read, with their values
    /// (secrets redacted, long values shortened), so a reader sees why without the inventory.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub evidence: std::collections::BTreeMap<String, serde_json::Value>,
}
