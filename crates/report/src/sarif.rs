//! SARIF 2.1.0, the format code scanning platforms (GitHub code scanning among them) read.
//!
//! - One rule per check that ran, with its description, risk, remediation, references and a
//!   `security-severity` score, so that the platform ranks results as we do.
//! - One result per FAIL finding. Findings read from files point at the file and line span;
//!   findings on live resources carry the resource as a logical location.
//! - `partialFingerprints` hold the finding's fingerprint (check + resource), which does not
//!   change when the code around it moves, so the platform tracks one alert across commits.
//! - Muted findings stay in the file, marked suppressed with the reason.
//! - Checks that could not be evaluated (ERROR) are reported as tool notifications: an empty
//!   result list never hides that part of the scan failed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use ais_checks::Check;
use ais_model::{Finding, Severity, Status};
use serde_json::{Value, json};

use crate::ScanMeta;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The score code scanning maps to critical (≥ 9.0), high (≥ 7.0), medium (≥ 4.0) and low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn rule(id: &str, check: Option<&Check>, sample: &Finding) -> Value {
    let Some(c) = check else {
        return json!({
            "id": id,
            "shortDescription": { "text": sample.check_title },
            "defaultConfiguration": { "level": level(sample.severity) },
            "properties": { "security-severity": security_severity(sample.severity) },
        });
    };
    let mut help = format!(
        "{}\n\nRisk: {}\n\nRemediation: {}",
        c.description, c.risk, c.remediation.text
    );
    let mut markdown = format!(
        "{}\n\n**Risk.** {}\n\n**Remediation.** {}",
        c.description, c.risk, c.remediation.text
    );
    if let Some(tf) = &c.remediation.terraform {
        markdown.push_str(&format!("\n\nTerraform:\n```hcl\n{}\n```", tf.trim_end()));
        help.push_str(&format!("\n\nTerraform:\n{}", tf.trim_end()));
    }
    if let Some(cfn) = &c.remediation.cloudformation {
        markdown.push_str(&format!(
            "\n\nCloudFormation:\n```yaml\n{}\n```",
            cfn.trim_end()
        ));
    }
    if !c.references.is_empty() {
        markdown.push_str("\n\nReferences:");
        for r in &c.references {
            markdown.push_str(&format!("\n- {r}"));
        }
    }
    let mut tags = vec!["security".to_string(), c.service.clone()];
    tags.extend(c.compliance.iter().cloned());
    let mut v = json!({
        "id": c.id,
        "name": c.id,
        "shortDescription": { "text": c.title },
        "fullDescription": { "text": c.description },
        "help": { "text": help, "markdown": markdown },
        "defaultConfiguration": { "level": level(c.severity) },
        "properties": {
            "security-severity": security_severity(c.severity),
            "precision": "high",
            "tags": tags,
        },
    });
    if let Some(first) = c.references.first() {
        v["helpUri"] = json!(first);
    }
    v
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let mut v = json!({
        "ruleId": f.check_id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.status_extended },
        "partialFingerprints": { "aiSecurityFinding/v1": f.fingerprint },
        "properties": {
            "severity": f.severity.as_str(),
            "resource": f.resource_uid,
            "resourceKind": f.resource_kind,
        },
    });
    match &f.location {
        Some(loc) => {
            v["locations"] = json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": loc.file, "uriBaseId": "%SRCROOT%" },
                    "region": {
                        "startLine": loc.start_line.max(1),
                        "endLine": loc.end_line.max(loc.start_line).max(1),
                    },
                },
                "logicalLocations": [{ "fullyQualifiedName": f.resource_name, "kind": "resource" }],
            }]);
        }
        None => {
            v["locations"] = json!([{
                "logicalLocations": [{ "fullyQualifiedName": f.resource_uid, "kind": "resource" }],
            }]);
        }
    }
    if f.muted {
        v["suppressions"] = json!([{
            "kind": if f.mute_reason.as_deref().is_some_and(|r| r.starts_with("inline:")) { "inSource" } else { "external" },
            "status": "accepted",
            "justification": f.mute_reason.clone().unwrap_or_default(),
        }]);
    }
    v
}

/// Builds the SARIF log of a scan.
pub fn sarif(findings: &[Finding], checks: &HashMap<String, Arc<Check>>, meta: &ScanMeta) -> Value {
    // Rules: every check that produced a finding, in id order (stable indices).
    let mut rule_ids: BTreeMap<&str, &Finding> = BTreeMap::new();
    for f in findings {
        rule_ids.entry(f.check_id.as_str()).or_insert(f);
    }
    let index: HashMap<&str, usize> = rule_ids
        .keys()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|(id, sample)| rule(id, checks.get(*id).map(|c| c.as_ref()), sample))
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| result(f, index[f.check_id.as_str()]))
        .collect();
    // One notification per check and cause, not per resource: a failed file or API call can
    // make hundreds of findings ERROR for the same reason.
    let mut errors: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.status == Status::Error) {
        *errors
            .entry((f.check_id.as_str(), f.status_extended.as_str()))
            .or_default() += 1;
    }
    let notifications: Vec<Value> = errors
        .iter()
        .map(|((id, why), n)| {
            json!({
                "level": "error",
                "message": { "text": format!("{why} ({n} resource(s) not evaluated)") },
                "associatedRule": { "id": id, "index": index[id] },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": meta.tool,
                "version": meta.version,
                "semanticVersion": meta.version,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "startTimeUtc": meta.started_at,
                "endTimeUtc": meta.finished_at,
                "toolExecutionNotifications": notifications,
            }],
            "automationDetails": {
                "id": format!("ai-security/{}/", meta.source.split(':').next().unwrap_or("scan")),
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}
