//! The normalized resource model: what every collector produces and every check reads.
//!
//! A [`Resource`] is an envelope (uid, kind, account, region, name, tags, relations) around the
//! typed properties of one resource kind (one struct per kind in [`kinds`]). Live AWS collectors
//! and, later, IaC adapters fill the same structs, so one check covers both.
//!
//! A property the source could not read is *absent* (not `false`); when the call that should have
//! filled it failed, the cause is kept in [`Resource::errors`] under the property's name.
//!
//! ```
//! use ais_model::{Resource, kinds::aws::Ec2RegionSettings};
//! let r = Resource::new(
//!     "arn:aws:ec2:eu-west-1:123456789012:region-settings",
//!     "123456789012",
//!     "eu-west-1",
//!     "eu-west-1",
//!     Ec2RegionSettings { ebs_encryption_by_default: Some(true) },
//! );
//! assert_eq!(r.kind, "aws.ec2.region_settings");
//! assert_eq!(r.properties["ebs_encryption_by_default"], true);
//! ```

pub mod finding;
pub mod kinds;
pub mod policy;
pub mod secrets;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use finding::{Finding, Severity, Status};
pub use kinds::{KindInfo, ResourceKind, kind_info, registry};

/// Version of the inventory file format written by `--save-inventory`.
pub const INVENTORY_FORMAT: u32 = 1;

/// Envelope fields every resource has, whatever its kind. A kind's own properties must not use
/// these names: the check sees envelope and properties side by side as `resource.*`.
pub const ENVELOPE_FIELDS: &[&str] = &["uid", "kind", "account", "region", "name", "tags"];

/// One collected resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Resource {
    /// ARN for live resources (or a synthetic ARN-like id for account/region settings).
    pub uid: String,
    /// `aws.<service>.<resource>`.
    pub kind: String,
    pub account: String,
    /// AWS region, or `global` for account-wide resources (IAM, account settings).
    pub region: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// The kind's typed properties, serialized (always a JSON object).
    pub properties: serde_json::Value,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Property name → why it could not be collected (the failed call and its error).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, String>,
    /// Where the resource is written, for resources read from files (IaC, Dockerfiles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    /// Properties that the code leaves to something outside it (an account-level setting, the
    /// AMI, whether the resource already existed when AWS changed a default), given the value
    /// AWS has when nobody changed that setting: property → what was assumed and what would
    /// change it. Only IaC sources fill it; findings on these properties carry the note.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assumed: BTreeMap<String, String>,
}

/// A file and a span of lines in it (1-based, inclusive).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct SourceLocation {
    /// Path relative to the scanned directory, with `/` separators.
    pub file: String,
    pub start_line: i64,
    pub end_line: i64,
}

impl Resource {
    /// Wraps typed properties in an envelope.
    pub fn new<K: ResourceKind>(
        uid: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        name: impl Into<String>,
        props: K,
    ) -> Self {
        let properties = serde_json::to_value(&props).expect("resource properties serialize");
        Resource {
            uid: uid.into(),
            kind: K::KIND.to_string(),
            account: account.into(),
            region: region.into(),
            name: name.into(),
            tags: BTreeMap::new(),
            properties,
            relations: Vec::new(),
            errors: BTreeMap::new(),
            location: None,
            assumed: BTreeMap::new(),
        }
    }

    /// Places the resource in a file.
    pub fn at(mut self, location: SourceLocation) -> Self {
        self.location = Some(location);
        self
    }

    pub fn with_tags(mut self, tags: BTreeMap<String, String>) -> Self {
        self.tags = tags;
        self
    }

    /// Records that `property` could not be collected, and why.
    pub fn property_error(&mut self, property: &str, cause: impl Into<String>) {
        self.errors.insert(property.to_string(), cause.into());
    }

    /// Records that `property` holds AWS's baseline value because the code leaves it to
    /// something outside the code, and what that is.
    pub fn assume(&mut self, property: &str, why: impl Into<String>) {
        self.assumed.insert(property.to_string(), why.into());
    }

    /// Sets (or replaces) one property.
    pub fn set(&mut self, property: &str, value: impl Serialize) {
        if let serde_json::Value::Object(map) = &mut self.properties {
            map.insert(
                property.to_string(),
                serde_json::to_value(value).expect("property serializes"),
            );
        }
    }

    /// Reads one top-level property, if present.
    pub fn get(&self, property: &str) -> Option<&serde_json::Value> {
        self.properties.get(property)
    }

    /// The service part of the kind (`s3` for `aws.s3.bucket`).
    pub fn service(&self) -> &str {
        service_of(&self.kind)
    }

    /// The value a check sees as `resource`: properties plus the envelope fields.
    pub fn to_check_value(&self) -> serde_json::Value {
        let mut map = match &self.properties {
            serde_json::Value::Object(m) => m.clone(),
            _ => serde_json::Map::new(),
        };
        map.insert("uid".into(), self.uid.clone().into());
        map.insert("kind".into(), self.kind.clone().into());
        map.insert("account".into(), self.account.clone().into());
        map.insert("region".into(), self.region.clone().into());
        map.insert("name".into(), self.name.clone().into());
        map.insert(
            "tags".into(),
            serde_json::to_value(&self.tags).expect("tags serialize"),
        );
        serde_json::Value::Object(map)
    }
}

/// The service part of a kind: `aws.s3.bucket` → `s3`.
pub fn service_of(kind: &str) -> &str {
    kind.split('.').nth(1).unwrap_or(kind)
}

/// A directed link from one resource to another, by uid.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct Relation {
    /// What the link means: `member_of`, `attached_to`, `logs_to`, `encrypted_by`, `in_vpc`, …
    pub relation: String,
    pub target: String,
}

/// A collection call that failed as a whole, so that no resource of its kinds could be listed
/// in that account and region. Every check of those kinds reports ERROR with this cause.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CollectionError {
    pub account: String,
    pub region: String,
    pub service: String,
    /// The API operation that failed, e.g. `s3:ListBuckets`.
    pub operation: String,
    /// Resource kinds left unknown by this failure.
    pub kinds: Vec<String>,
    /// Error code from AWS where there was one (`AccessDenied`, `Throttling`, …).
    pub code: Option<String>,
    pub message: String,
}

impl CollectionError {
    pub fn cause(&self) -> String {
        match &self.code {
            Some(code) => format!("{} failed: {code}: {}", self.operation, self.message),
            None => format!("{} failed: {}", self.operation, self.message),
        }
    }
}

/// Everything one collection produced: resources, and what could not be collected.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Inventory {
    pub format: u32,
    pub tool_version: String,
    /// RFC 3339 time the collection started.
    pub collected_at: String,
    pub provider: String,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    /// Resource kinds the collection looked for (a kind absent here was not collected at all).
    pub collected_kinds: Vec<String>,
    pub resources: Vec<Resource>,
    pub errors: Vec<CollectionError>,
    /// Suppression comments found in scanned files (`# ai-security:ignore CHECK reason`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<InlineSuppression>,
    /// Blocks in scanned code that create nothing (`count = 0`, an empty `for_each`), so that
    /// no check sees them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_created: Vec<NotCreated>,
}

/// A resource block or module call that creates nothing: its `count` is 0 or its `for_each`
/// is empty, as evaluated from the code's values.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, JsonSchema)]
pub struct NotCreated {
    pub file: String,
    pub line: i64,
    /// `aws_s3_bucket.logs`, `module.disabled_eks`, `module.eks.aws_kms_key.this`.
    pub address: String,
    /// The root module it was evaluated from (`.` for the scanned directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// `count is 0` or `for_each is empty`.
    pub reason: String,
}

/// A comment in a scanned file that accepts a check's findings on the resource it sits in (or
/// on the line right above it). It applies only with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct InlineSuppression {
    pub file: String,
    pub line: i64,
    pub check_id: String,
    pub reason: Option<String>,
}

impl InlineSuppression {
    /// The suppression comments of one file: `ai-security:ignore ID[,ID…] reason` after `#`
    /// or `//`.
    pub fn scan(file: &str, text: &str) -> Vec<InlineSuppression> {
        const MARK: &str = "ai-security:ignore";
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find(MARK) else {
                continue;
            };
            let before = line[..pos].trim_end();
            if !(before.ends_with('#') || before.ends_with("//")) {
                continue;
            }
            let rest = line[pos + MARK.len()..].trim();
            let (ids, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let reason = reason
                .trim()
                .trim_start_matches(['-', ':', '='])
                .trim()
                .trim_matches('"')
                .trim();
            for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                out.push(InlineSuppression {
                    file: file.to_string(),
                    line: i64::try_from(i + 1).unwrap_or(i64::MAX),
                    check_id: id.to_string(),
                    reason: (!reason.is_empty()).then(|| reason.to_string()),
                });
            }
        }
        out
    }

    /// Whether it covers a finding of `check_id` located at `loc`.
    pub fn covers(&self, check_id: &str, loc: &SourceLocation) -> bool {
        self.check_id == check_id
            && self.file == loc.file
            && self.line >= loc.start_line - 1
            && self.line <= loc.end_line
    }
}

impl Inventory {
    pub fn new(provider: &str) -> Self {
        Inventory {
            format: INVENTORY_FORMAT,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            collected_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            provider: provider.to_string(),
            ..Default::default()
        }
    }
}

/// Stable identity of a finding: the same check on the same resource gives the same value on
/// every run and every machine.
pub fn fingerprint(check_id: &str, resource_uid: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(check_id.as_bytes());
    h.update([0u8]);
    h.update(resource_uid.as_bytes());
    hex::encode(&h.finalize()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED_FP: &str = "2d3381539a77f5e09832fc4dbcbf76e6";

    #[test]
    fn fingerprint_is_stable_and_separates_fields() {
        assert_eq!(fingerprint("a", "b"), fingerprint("a", "b"));
        assert_ne!(fingerprint("ab", "c"), fingerprint("a", "bc"));
        let fp = fingerprint("s3_bucket_versioning_enabled", "arn:aws:s3:::logs");
        assert_eq!(fp.len(), 32);
        assert!(fp.chars().all(|c| c.is_ascii_hexdigit()));
        // Pinned: changing the fingerprint breaks finding history for every user.
        assert_eq!(fp, PINNED_FP);
    }

    #[test]
    fn check_value_has_envelope_fields() {
        let r = Resource::new(
            "arn:x",
            "1",
            "global",
            "n",
            kinds::aws::Ec2RegionSettings::default(),
        );
        let v = r.to_check_value();
        for f in ENVELOPE_FIELDS {
            assert!(v.get(f).is_some(), "{f}");
        }
        assert!(v.get("ebs_encryption_by_default").is_none());
    }
}
