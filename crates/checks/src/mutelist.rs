//! Mutelists: findings a team has accepted, kept in the results but marked muted.
//!
//! The file has the same meaning as Prowler's mutelist, so existing files keep working:
//!
//! ```yaml
//! Mutelist:
//!   Accounts:
//!     "123456789012":            # an account id, or "*" for every account
//!       Checks:
//!         "s3_bucket_.*":         # a check id, "*", or a regular expression over check ids
//!           Regions: ["us-east-1"]          # regular expressions; "*" for all
//!           Resources: ["logs-.*"]          # regular expressions over the resource uid or name
//!           Tags: ["env=dev"]               # every entry must match one `key=value` tag
//!           Exceptions:                     # resources that stay unmuted
//!             Resources: ["logs-prod"]
//!           Description: "Development log buckets, accepted risk (SEC-123)"
//! ```
//!
//! An entry mutes a finding when its account, check, one of its regions, one of its resources
//! and all of its tags match, unless the finding matches the entry's exceptions (every exception
//! field that is given must match). Muted findings keep their status and are never dropped.

use std::collections::BTreeMap;

use ais_model::Finding;
use regex::Regex;
use serde::{Deserialize, Deserializer};

use crate::CatalogError;

/// A regular expression from the file; `*` alone, or a leading `*`, means "anything" as in the
/// files users already have. Compiled when the file is read, so a bad pattern is reported with
/// its line.
#[derive(Debug, Clone)]
struct Pattern(Regex);

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        let text = match raw.strip_prefix('*') {
            Some(rest) => format!(".*{rest}"),
            None => raw.clone(),
        };
        Regex::new(&text)
            .map(Pattern)
            .map_err(|e| serde::de::Error::custom(format!("invalid pattern '{raw}': {e}")))
    }
}

impl Pattern {
    fn is_match(&self, s: &str) -> bool {
        self.0.is_match(s)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "Mutelist")]
    mutelist: Body,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(rename = "Accounts")]
    accounts: BTreeMap<String, AccountEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountEntry {
    #[serde(rename = "Checks")]
    checks: BTreeMap<String, CheckEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckEntry {
    #[serde(rename = "Regions")]
    regions: Vec<Pattern>,
    #[serde(rename = "Resources")]
    resources: Vec<Pattern>,
    #[serde(rename = "Tags", default)]
    tags: Vec<Pattern>,
    #[serde(rename = "Exceptions", default)]
    exceptions: Option<Exceptions>,
    #[serde(rename = "Description", default)]
    description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exceptions {
    #[serde(rename = "Accounts", default)]
    accounts: Vec<String>,
    #[serde(rename = "Regions", default)]
    regions: Vec<Pattern>,
    #[serde(rename = "Resources", default)]
    resources: Vec<Pattern>,
    #[serde(rename = "Tags", default)]
    tags: Vec<Pattern>,
}

/// One compiled rule: (account, check pattern, entry).
#[derive(Debug)]
struct Rule {
    account: String,
    check_text: String,
    check: Pattern,
    entry: CheckEntry,
}

/// A loaded mutelist.
#[derive(Debug)]
pub struct Mutelist {
    rules: Vec<Rule>,
    pub source: String,
}

fn any(patterns: &[Pattern], values: &[&str]) -> bool {
    patterns
        .iter()
        .any(|p| values.iter().any(|v| p.is_match(v)))
}

impl Mutelist {
    /// Reads and validates a mutelist file.
    pub fn load(path: &std::path::Path) -> Result<Mutelist, CatalogError> {
        let text = std::fs::read_to_string(path).map_err(|e| CatalogError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Mutelist::parse(&path.display().to_string(), &text)
    }

    /// Parses a mutelist; errors carry the origin, the line and the reason.
    pub fn parse(origin: &str, text: &str) -> Result<Mutelist, CatalogError> {
        let file: File = serde_norway::from_str(text).map_err(|e| {
            let loc = e
                .location()
                .map(|l| format!("line {} column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            CatalogError::invalid(origin, format!("{loc}{e}"))
        })?;
        let mut rules = Vec::new();
        for (account, entry) in file.mutelist.accounts {
            if account != "*"
                && !(account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()))
            {
                return Err(CatalogError::invalid(
                    origin,
                    format!("account key '{account}' must be a 12-digit account id or \"*\""),
                ));
            }
            for (check_text, e) in entry.checks {
                // As in existing mutelist files: "*", an exact id, or a regular expression
                // searched anywhere in the check id ("iam_*" covers every iam_ check).
                let pattern = match check_text.strip_prefix('*') {
                    Some(rest) => format!(".*{rest}"),
                    None => check_text.clone(),
                };
                let check = Regex::new(&pattern).map(Pattern).map_err(|err| {
                    CatalogError::invalid(
                        origin,
                        format!("check key '{check_text}' is not a valid pattern: {err}"),
                    )
                })?;
                rules.push(Rule {
                    account: account.clone(),
                    check_text,
                    check,
                    entry: e,
                });
            }
        }
        Ok(Mutelist {
            rules,
            source: origin.to_string(),
        })
    }

    /// Why the finding is muted (the entry's description, or the rule that matched), if it is.
    pub fn reason(&self, f: &Finding) -> Option<String> {
        let tags: Vec<String> = f
            .resource_tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let resource = [f.resource_uid.as_str(), f.resource_name.as_str()];
        for rule in &self.rules {
            if rule.account != "*" && rule.account != f.account {
                continue;
            }
            if !rule.check.is_match(&f.check_id) {
                continue;
            }
            let e = &rule.entry;
            let matched = any(&e.regions, &[&f.region])
                && any(&e.resources, &resource)
                && e.tags
                    .iter()
                    .all(|t| tag_refs.iter().any(|v| t.is_match(v)));
            if !matched {
                continue;
            }
            if let Some(x) = &e.exceptions {
                let given = !x.accounts.is_empty()
                    || !x.regions.is_empty()
                    || !x.resources.is_empty()
                    || !x.tags.is_empty();
                let excepted = given
                    && (x.accounts.is_empty() || x.accounts.iter().any(|a| a == &f.account))
                    && (x.regions.is_empty() || any(&x.regions, &[&f.region]))
                    && (x.resources.is_empty() || any(&x.resources, &resource))
                    && (x.tags.is_empty()
                        || x.tags
                            .iter()
                            .all(|t| tag_refs.iter().any(|v| t.is_match(v))));
                if excepted {
                    continue;
                }
            }
            return Some(e.description.clone().unwrap_or_else(|| {
                format!(
                    "mutelist {}: account {} check {}",
                    self.source, rule.account, rule.check_text
                )
            }));
        }
        None
    }

    /// Marks the findings the mutelist covers; returns how many it muted.
    pub fn apply(&self, findings: &mut [Finding]) -> usize {
        let mut n = 0;
        for f in findings.iter_mut() {
            if let Some(reason) = self.reason(f) {
                f.muted = true;
                f.mute_reason = Some(reason);
                n += 1;
            }
        }
        n
    }
}

/// Mutes the findings that inline suppression comments cover. A comment without a reason is
/// not honoured: it is returned, so that the caller can say so.
pub fn apply_inline<'a>(
    findings: &mut [Finding],
    suppressions: &'a [ais_model::InlineSuppression],
) -> (usize, Vec<&'a ais_model::InlineSuppression>) {
    let mut n = 0;
    for f in findings.iter_mut() {
        let Some(loc) = &f.location else {
            continue;
        };
        if let Some(s) = suppressions
            .iter()
            .find(|s| s.reason.is_some() && s.covers(&f.check_id, loc))
        {
            f.muted = true;
            f.mute_reason = Some(format!(
                "inline: {} ({}:{})",
                s.reason.as_deref().unwrap_or_default(),
                s.file,
                s.line
            ));
            n += 1;
        }
    }
    (
        n,
        suppressions.iter().filter(|s| s.reason.is_none()).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ais_model::{Severity, Status};

    fn finding(
        check: &str,
        account: &str,
        region: &str,
        name: &str,
        tags: &[(&str, &str)],
    ) -> Finding {
        Finding {
            fingerprint: String::new(),
            check_id: check.into(),
            check_title: String::new(),
            severity: Severity::High,
            status: Status::Fail,
            status_extended: String::new(),
            service: "s3".into(),
            resource_kind: "aws.s3.bucket".into(),
            resource_uid: format!("arn:aws:s3:::{name}"),
            resource_name: name.into(),
            account: account.into(),
            region: region.into(),
            resource_tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            remediation: String::new(),
            compliance: vec![],
            muted: false,
            mute_reason: None,
            location: None,
            evidence: Default::default(),
        }
    }

    const FILE: &str = r#"
Mutelist:
  Accounts:
    "123456789012":
      Checks:
        "s3_bucket_versioning_enabled":
          Regions: ["us-east-1"]
          Resources: ["logs-.*"]
          Exceptions:
            Resources: ["logs-prod"]
          Description: "Log buckets are write-once; accepted (SEC-12)"
        "iam_*":
          Regions: ["*"]
          Resources: ["*"]
          Tags: ["team=platform", "env=(dev|test)"]
    "*":
      Checks:
        "*":
          Regions: ["eu-west-3"]
          Resources: ["*"]
"#;

    #[test]
    fn account_check_region_resource_tags_and_exceptions() {
        let m = Mutelist::parse("m.yaml", FILE).unwrap();
        let acct = "123456789012";
        let r = |f: Finding| m.reason(&f);
        assert_eq!(
            r(finding(
                "s3_bucket_versioning_enabled",
                acct,
                "us-east-1",
                "logs-dev",
                &[]
            ))
            .as_deref(),
            Some("Log buckets are write-once; accepted (SEC-12)")
        );
        // Exception, other region, other account, other check.
        assert!(
            r(finding(
                "s3_bucket_versioning_enabled",
                acct,
                "us-east-1",
                "logs-prod",
                &[]
            ))
            .is_none()
        );
        assert!(
            r(finding(
                "s3_bucket_versioning_enabled",
                acct,
                "eu-west-1",
                "logs-dev",
                &[]
            ))
            .is_none()
        );
        assert!(
            r(finding(
                "s3_bucket_versioning_enabled",
                "111122223333",
                "us-east-1",
                "logs-dev",
                &[]
            ))
            .is_none()
        );
        assert!(
            r(finding(
                "s3_bucket_kms_encryption",
                acct,
                "us-east-1",
                "logs-dev",
                &[]
            ))
            .is_none()
        );
        // Check patterns and ANDed tags.
        assert!(
            r(finding(
                "iam_user_mfa",
                acct,
                "global",
                "bob",
                &[("team", "platform"), ("env", "dev")]
            ))
            .is_some()
        );
        assert!(
            r(finding(
                "iam_user_mfa",
                acct,
                "global",
                "bob",
                &[("team", "platform")]
            ))
            .is_none()
        );
        assert!(
            r(finding(
                "iam_user_mfa",
                acct,
                "global",
                "bob",
                &[("team", "platform"), ("env", "prod")]
            ))
            .is_none()
        );
        // "*" account and check.
        assert!(r(finding("anything", "999999999999", "eu-west-3", "x", &[])).is_some());
    }

    #[test]
    fn apply_marks_but_keeps_findings() {
        let m = Mutelist::parse("m.yaml", FILE).unwrap();
        let mut f = vec![
            finding(
                "s3_bucket_versioning_enabled",
                "123456789012",
                "us-east-1",
                "logs-dev",
                &[],
            ),
            finding(
                "s3_bucket_versioning_enabled",
                "123456789012",
                "us-east-1",
                "data",
                &[],
            ),
        ];
        assert_eq!(m.apply(&mut f), 1);
        assert_eq!(f.len(), 2);
        assert!(f[0].muted && f[0].status == Status::Fail);
        assert!(!f[1].muted && f[1].mute_reason.is_none());
    }

    #[test]
    fn invalid_files_are_rejected_with_line_and_reason() {
        let err = |t: &str| Mutelist::parse("m.yaml", t).unwrap_err().to_string();
        let e = err(
            "Mutelist:\n  Accounts:\n    \"*\":\n      Checks:\n        x:\n          Regions: [\"(unclosed\"]\n          Resources: [\"*\"]\n",
        );
        assert!(
            e.contains("m.yaml") && e.contains("line 6") && e.contains("(unclosed"),
            "{e}"
        );
        let e = err(
            "Mutelist:\n  Accounts:\n    \"*\":\n      Checks:\n        x:\n          Regions: [\"*\"]\n          Resource: [\"*\"]\n",
        );
        assert!(e.contains("line 7") && e.contains("Resource"), "{e}");
        let e = err("Mutelist:\n  Accounts:\n    \"12345\":\n      Checks: {}\n");
        assert!(e.contains("12-digit"), "{e}");
        let e = err("Mutelist: [not, a, map]\n");
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn inline_suppressions_need_a_reason_and_cover_their_resource() {
        let text = "# ai-security:ignore a,b -- accepted by the data team\nresource \"x\" \"y\" {\n  // ai-security:ignore c\n}\n  # not ai-security:ignore d here\n";
        let sup = ais_model::InlineSuppression::scan("main.tf", text);
        assert_eq!(sup.len(), 3);
        assert_eq!(sup[0].reason.as_deref(), Some("accepted by the data team"));
        assert_eq!(sup[2].check_id, "c");
        assert_eq!(sup[2].reason, None);
        let mut fs = Vec::new();
        for check in ["a", "c", "e"] {
            let mut f = finding(check, "", "", "x.y", &[]);
            f.location = Some(ais_model::SourceLocation {
                file: "main.tf".into(),
                start_line: 2,
                end_line: 4,
            });
            fs.push(f);
        }
        let (n, ignored) = apply_inline(&mut fs, &sup);
        assert_eq!(n, 1);
        assert!(fs[0].muted);
        assert_eq!(
            fs[0].mute_reason.as_deref(),
            Some("inline: accepted by the data team (main.tf:1)")
        );
        assert!(!fs[1].muted && !fs[2].muted);
        assert_eq!(ignored.len(), 1);
    }
}
