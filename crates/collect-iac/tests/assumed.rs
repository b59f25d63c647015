//! Settings the code leaves to something outside it (an account-level setting, the AMI, whether
//! a bucket already existed when AWS changed its defaults) take the value AWS has when nobody
//! changed them, and every finding that rests on such a value says so. A Terraform plan that
//! creates a bucket settles what a configuration cannot: the bucket gets today's defaults.

use std::path::Path;

use ais_checks::{Catalog, Engine};
use ais_model::{Finding, Status};

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn findings(dir: &Path, check: &str) -> Vec<Finding> {
    let catalog = Catalog::embedded().unwrap();
    let checks = vec![catalog.get(check).unwrap().clone()];
    let inv = ais_collect_iac::scan(dir, &Default::default()).unwrap();
    let mut out = Engine::new(&checks).evaluate(&inv);
    out.sort_by(|a, b| a.resource_uid.cmp(&b.resource_uid));
    out
}

fn bucket(address: &str, name: &str) -> String {
    format!(
        r#"{{"address": "{address}", "mode": "managed", "type": "aws_s3_bucket", "name": "{name}",
          "values": {{"bucket": "acme-{name}", "tags": null}}}}"#
    )
}

#[test]
fn a_plan_that_creates_a_bucket_gives_it_todays_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let plan = format!(
        r#"{{
  "format_version": "1.2",
  "planned_values": {{"root_module": {{"resources": [{}, {}, {}]}}}},
  "resource_changes": [
    {{"address": "aws_s3_bucket.new", "change": {{"actions": ["create"], "after_unknown": {{}}}}}},
    {{"address": "aws_s3_bucket.replaced", "change": {{"actions": ["delete", "create"], "after_unknown": {{}}}}}},
    {{"address": "aws_s3_bucket.kept", "change": {{"actions": ["no-op"], "after_unknown": {{}}}}}}
  ]
}}"#,
        bucket("aws_s3_bucket.new", "new"),
        bucket("aws_s3_bucket.replaced", "replaced"),
        bucket("aws_s3_bucket.kept", "kept"),
    );
    write(dir.path(), "plan.json", &plan);
    let got = findings(dir.path(), "s3_bucket_level_public_access_block");
    let status: Vec<(&str, Status)> = got
        .iter()
        .map(|f| (f.resource_uid.as_str(), f.status))
        .collect();
    assert_eq!(
        status,
        [
            ("plan.json#aws_s3_bucket.kept", Status::Fail),
            ("plan.json#aws_s3_bucket.new", Status::Pass),
            ("plan.json#aws_s3_bucket.replaced", Status::Pass),
        ]
    );
    // The bucket the plan keeps may predate the defaults: the finding says what it assumed.
    let kept = &got[0];
    assert!(
        kept.status_extended
            .contains("Assumed: the code does not configure the bucket's Block Public Access"),
        "{}",
        kept.status_extended
    );
    let note = kept.evidence["assumed"]["public_access_block"]
        .as_str()
        .unwrap();
    assert!(note.contains("April 2023"), "{note}");
    // A created bucket's defaults are facts, not assumptions.
    assert!(!got[1].status_extended.contains("Assumed"));
    assert!(!got[1].evidence.contains_key("assumed"));
}

#[test]
fn account_settings_the_code_leaves_alone_are_named_in_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
}
"#,
    );
    let ebs = findings(dir.path(), "ec2_ebs_volume_encryption");
    assert_eq!(ebs.len(), 1);
    assert_eq!(ebs[0].status, Status::Fail);
    assert!(
        ebs[0]
            .status_extended
            .contains("EBS encryption by default decides"),
        "{}",
        ebs[0].status_extended
    );
    assert_eq!(ebs[0].evidence["encrypted"], false);
    assert!(ebs[0].evidence["assumed"]["encrypted"].is_string());

    let imds = findings(dir.path(), "ec2_instance_imdsv2_enabled");
    assert_eq!(imds.len(), 1);
    assert_eq!(imds[0].status, Status::Fail);
    assert!(
        imds[0].status_extended.contains("ImdsSupport"),
        "{}",
        imds[0].status_extended
    );
    // A check that reads none of the assumed settings carries no note.
    let monitoring = findings(dir.path(), "ec2_instance_detailed_monitoring_enabled");
    assert!(
        monitoring
            .iter()
            .all(|f| !f.status_extended.contains("Assumed") && !f.evidence.contains_key("assumed"))
    );

    // Account settings declared in the code cover only what is created after them, which a
    // configuration cannot tell: still FAIL, saying so.
    write(
        dir.path(),
        "account.tf",
        r#"
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_ec2_instance_metadata_defaults" "this" {
  http_tokens = "required"
}
"#,
    );
    for (check, note) in [
        (
            "ec2_ebs_volume_encryption",
            "only to volumes created after it",
        ),
        (
            "ec2_instance_imdsv2_enabled",
            "only to instances launched after them",
        ),
    ] {
        let got = findings(dir.path(), check);
        assert_eq!(got.len(), 1, "{check}");
        assert_eq!(got[0].status, Status::Fail, "{check}");
        assert!(
            got[0].status_extended.contains(note),
            "{check}: {}",
            got[0].status_extended
        );
    }
}

#[test]
fn a_plan_that_creates_resources_after_account_settings_passes() {
    let dir = tempfile::tempdir().unwrap();
    let resource = |address: &str, rtype: &str, values: &str| {
        format!(
            r#"{{"address": "{address}", "mode": "managed", "type": "{rtype}", "name": "x", "values": {values}}}"#
        )
    };
    let change = |address: &str, action: &str| {
        format!(
            r#"{{"address": "{address}", "change": {{"actions": ["{action}"], "after_unknown": {{}}}}}}"#
        )
    };
    let plan = format!(
        r#"{{"format_version": "1.2",
  "planned_values": {{"root_module": {{"resources": [{}, {}, {}, {}, {}]}}}},
  "resource_changes": [{}, {}, {}, {}, {}]}}"#,
        resource(
            "aws_ebs_encryption_by_default.x",
            "aws_ebs_encryption_by_default",
            r#"{"enabled": true}"#
        ),
        resource(
            "aws_ec2_instance_metadata_defaults.x",
            "aws_ec2_instance_metadata_defaults",
            r#"{"http_tokens": "required"}"#
        ),
        resource("aws_ebs_volume.new", "aws_ebs_volume", r#"{"size": 10}"#),
        resource("aws_ebs_volume.old", "aws_ebs_volume", r#"{"size": 10}"#),
        resource(
            "aws_instance.new",
            "aws_instance",
            r#"{"ami": "ami-0abcdef1234567890"}"#
        ),
        change("aws_ebs_encryption_by_default.x", "create"),
        change("aws_ec2_instance_metadata_defaults.x", "create"),
        change("aws_ebs_volume.new", "create"),
        change("aws_ebs_volume.old", "no-op"),
        change("aws_instance.new", "create"),
    );
    write(dir.path(), "plan.json", &plan);
    let ebs: Vec<(String, Status)> = findings(dir.path(), "ec2_ebs_volume_encryption")
        .into_iter()
        .map(|f| (f.resource_uid, f.status))
        .collect();
    assert_eq!(
        ebs,
        [
            ("plan.json#aws_ebs_volume.new".to_string(), Status::Pass),
            ("plan.json#aws_ebs_volume.old".to_string(), Status::Fail),
        ]
    );
    let imds = findings(dir.path(), "ec2_instance_imdsv2_enabled");
    assert_eq!(imds.len(), 1);
    assert_eq!(imds[0].status, Status::Pass, "{}", imds[0].status_extended);
}
