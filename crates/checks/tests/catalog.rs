//! The catalog invariant test: every embedded check and framework is valid, and every check's
//! examples behave as declared.

use ais_checks::{Catalog, Engine, EvalOutcome, Expect};

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
}

#[test]
fn embedded_catalog_loads_and_every_example_behaves() {
    let catalog = Catalog::embedded_strict().unwrap_or_else(|e| panic!("{e}"));
    assert!(!catalog.checks.is_empty());
    let engine = Engine::at(&catalog.checks, now());
    let mut failures = Vec::new();
    for check in &catalog.checks {
        for (i, ex) in check.examples.iter().enumerate() {
            if !ex.is_model() {
                // Run through the IaC adapters: crates/collect-iac/tests/iac_examples.rs.
                continue;
            }
            let r = ais_checks::example_resource(&check.kind, &ex.resource);
            let got = engine.evaluate_one(check, &r);
            let ok = matches!(
                (ex.expect, &got),
                (Expect::Pass, EvalOutcome::Pass)
                    | (Expect::Fail, EvalOutcome::Fail)
                    | (Expect::Manual, EvalOutcome::Manual(_))
                    | (Expect::Skip, EvalOutcome::Skip)
            );
            if !ok {
                failures.push(format!(
                    "{} example #{} expected {:?}, got {:?}",
                    check.id,
                    i + 1,
                    ex.expect,
                    got
                ));
            }
            if let Some(want) = &ex.lines {
                let lines = engine.locate_one(check, &r);
                if &lines != want {
                    failures.push(format!(
                        "{} example #{} should point at lines {want:?}, points at {lines:?}",
                        check.id,
                        i + 1
                    ));
                }
            }
        }
        // A check that locates must show it on a failing example.
        if check.locate.is_some() && !check.examples.iter().any(|e| e.lines.is_some()) {
            failures.push(format!(
                "{} has `locate` but no example with `lines`",
                check.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_has_our_text_and_a_reference() {
    let catalog = Catalog::embedded().unwrap();
    for c in &catalog.checks {
        assert!(c.description.len() > 40, "{}: description too short", c.id);
        assert!(c.risk.len() > 40, "{}: risk too short", c.id);
        assert!(
            c.references.iter().all(|r| r.starts_with("https://")),
            "{}",
            c.id
        );
    }
}

const GOOD: &str = r#"
id: custom_bucket_tagged
title: Bucket has an owner tag
severity: low
kind: aws.s3.bucket
level: standard
assert: "'owner' in resource.tags"
message: "Bucket {name} has no owner tag"
description: Checks that every bucket carries an owner tag so that someone answers for it.
risk: Buckets without an owner are never cleaned up and nobody reviews who can read them.
remediation: { text: Tag the bucket with its owner. }
references: [https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html]
examples:
  - { expect: pass, resource: { name: a, tags: { owner: sec } } }
  - { expect: fail, resource: { name: a } }
"#;

fn load(text: &str) -> Result<Catalog, String> {
    Catalog::from_sources(vec![("custom/x.yaml".into(), text.into())], vec![])
        .map_err(|e| e.to_string())
}

#[test]
fn a_custom_check_loads_and_runs() {
    let cat = load(GOOD).unwrap();
    assert_eq!(cat.checks[0].id, "custom_bucket_tagged");
    assert_eq!(cat.checks[0].service, "s3");
}

#[test]
fn typos_in_fields_fail_with_the_path() {
    let bad = GOOD.replace(
        "'owner' in resource.tags",
        "resource.versioning.statuss == 'Enabled'",
    );
    let err = load(&bad).unwrap_err();
    assert!(err.contains("custom/x.yaml"), "{err}");
    assert!(err.contains("resource.versioning.statuss"), "{err}");
}

#[test]
fn malformed_yaml_unknown_fields_kinds_and_cel_are_rejected_with_reasons() {
    let err = load("id: [unclosed").unwrap_err();
    assert!(
        err.contains("custom/x.yaml") && err.contains("line"),
        "{err}"
    );
    let err =
        load(&GOOD.replace("level: standard", "level: standard\nseverityy: high")).unwrap_err();
    assert!(err.contains("severityy"), "{err}");
    let err = load(&GOOD.replace("kind: aws.s3.bucket", "kind: aws.s3.buckets")).unwrap_err();
    assert!(err.contains("unknown kind"), "{err}");
    let err = load(&GOOD.replace("'owner' in resource.tags", "resource.tags ==")).unwrap_err();
    assert!(err.contains("invalid CEL"), "{err}");
    let err = load(&GOOD.replace("  - { expect: fail, resource: { name: a } }\n", "")).unwrap_err();
    assert!(err.contains("at least one `pass` and one `fail`"), "{err}");
    let err = load(&GOOD.replace("severity: low", "severity: urgent")).unwrap_err();
    assert!(err.contains("urgent"), "{err}");
}

#[test]
fn duplicate_ids_and_dangling_framework_references_are_rejected() {
    let err = Catalog::from_sources(
        vec![
            ("a.yaml".into(), GOOD.into()),
            ("b.yaml".into(), GOOD.into()),
        ],
        vec![],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("duplicate check id"), "{err}");
    let fw = "id: f\nname: F\nversion: '1'\nprovider: aws\nrequirements:\n  - {id: '1.1', title: T, section: S, checks: [no_such_check]}\n";
    let err = Catalog::from_sources(
        vec![("a.yaml".into(), GOOD.into())],
        vec![("f.yaml".into(), fw.into())],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no_such_check"), "{err}");
}

#[test]
fn absent_fields_are_manual_and_failed_collection_is_error() {
    let cat = Catalog::embedded().unwrap();
    let check = cat.get("s3_bucket_versioning_enabled").unwrap();
    let engine = Engine::at(&cat.checks, now());
    let mut r = ais_checks::example_resource("aws.s3.bucket", &serde_json::json!({"name": "b"}));
    match engine.evaluate_one(check, &r) {
        EvalOutcome::Manual(m) => assert!(m.contains("resource.versioning"), "{m}"),
        other => panic!("{other:?}"),
    }
    r.property_error("versioning", "s3:GetBucketVersioning failed: AccessDenied");
    match engine.evaluate_one(check, &r) {
        EvalOutcome::Error(m) => assert!(m.contains("AccessDenied"), "{m}"),
        other => panic!("{other:?}"),
    }
    // A value left in a field whose collection failed is not evidence: still ERROR.
    r.set(
        "versioning",
        serde_json::json!({"status": "Suspended", "mfa_delete": false}),
    );
    match engine.evaluate_one(check, &r) {
        EvalOutcome::Error(m) => assert!(m.contains("AccessDenied"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn has_on_a_failed_property_is_error_not_a_verdict() {
    let cat = Catalog::embedded().unwrap();
    let check = cat.get("athena_workgroup_encryption").unwrap();
    let engine = Engine::at(&cat.checks, now());
    let mut r = ais_checks::example_resource(
        "aws.athena.workgroup",
        &serde_json::json!({"name": "wg", "state": "ENABLED"}),
    );
    assert_eq!(engine.evaluate_one(check, &r), EvalOutcome::Fail);
    r.property_error(
        "result_encryption",
        "athena:GetWorkGroup failed: InternalFailure",
    );
    match engine.evaluate_one(check, &r) {
        EvalOutcome::Error(m) => assert!(m.contains("InternalFailure"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn levels_follow_the_documented_rule() {
    // quick = the critical and high checks; standard = the rest; deep = checks whose collection
    // is expensive (whatever their severity).
    use ais_checks::Level;
    use ais_model::Severity;
    let catalog = Catalog::embedded().unwrap();
    for c in &catalog.checks {
        if c.level == Level::Deep {
            continue;
        }
        let urgent = matches!(c.severity, Severity::Critical | Severity::High);
        assert_eq!(
            c.level == Level::Quick,
            urgent,
            "{}: {:?} check at level {:?}",
            c.id,
            c.severity,
            c.level
        );
    }
}

/// Every framework names its official source and says, in our words, what each requirement asks.
#[test]
fn frameworks_are_described_to_the_last_requirement() {
    let catalog = ais_checks::Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
    for id in [
        "cis-aws-3.0.0",
        "cis-aws-5.0.0",
        "aws-well-architected-security",
        "pci-dss-4.0",
        "nist-800-53-r5",
        "nist-csf-2.0",
        "soc2-2017",
        "hipaa-security",
        "iso27001-2022",
        "lgpd",
        "aws-fsbp",
    ] {
        assert!(
            catalog.frameworks.iter().any(|f| f.id == id),
            "framework {id} is missing"
        );
    }
    for f in &catalog.frameworks {
        assert!(
            !f.url.is_empty() && !f.description.trim().is_empty(),
            "{}: url and description",
            f.id
        );
        for r in &f.requirements {
            assert!(
                !r.description.trim().is_empty()
                    && !r.title.trim().is_empty()
                    && !r.section.trim().is_empty(),
                "{} {}: title, section and description are required",
                f.id,
                r.id
            );
        }
    }
}
