//! Many accounts in one run: --role-arn, --accounts-file and --organization, against moto (which
//! keeps one backend per account and routes assumed-role credentials to the role's account). A
//! role that cannot be assumed is denied by a loopback proxy, as AWS denies it when the trust
//! policy refuses the caller.

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Output};

use common::*;

fn setup(moto: &Moto) -> String {
    let out = Command::new(venv_bin("python"))
        .arg(workspace().join("tests/moto/accounts_setup.py"))
        .arg(moto.url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["member"].as_str().unwrap().to_string()
}

fn scan(endpoint: &str, extra: &[&str], dir: &std::path::Path) -> Output {
    run(ais()
        .args([
            "scan",
            "aws",
            "--regions",
            "us-east-1",
            "--endpoint-url",
            endpoint,
            "--services",
            "sqs,guardduty",
            "--quiet",
            "--output-formats",
            "json",
            "--output-dir",
        ])
        .arg(dir)
        .args(extra))
}

fn accounts_of(findings: &[serde_json::Value]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| f["account"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn accounts_file_scans_each_role_and_a_denied_role_is_error_for_its_account_only() {
    let moto = Moto::start(&[]);
    setup(&moto);
    let proxy = Proxy::start(
        &moto.url(),
        &["--deny", "RoleArn=arn:aws:iam::333333333333:"],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accounts.yaml");
    std::fs::write(
        &file,
        "accounts:\n  - role_arn: arn:aws:iam::222222222222:role/Audit\n    external_id: ext-1\n  - account_id: \"333333333333\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = scan(
        &proxy.url(),
        &[
            "--accounts-file",
            file.to_str().unwrap(),
            "--role-name",
            "Audit",
        ],
        &out_dir,
    );
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    let fs = findings(&out_dir);
    assert_eq!(
        accounts_of(&fs),
        BTreeSet::from(["222222222222".to_string(), "333333333333".to_string()])
    );
    // The reachable account is evaluated normally, with its own resources only.
    let member: Vec<_> = fs
        .iter()
        .filter(|f| f["account"] == "222222222222")
        .collect();
    assert!(member.iter().all(|f| f["status"] != "ERROR"), "{member:?}");
    assert!(
        member
            .iter()
            .any(|f| f["resource_name"] == "t-acct-member-queue")
    );
    assert!(
        !fs.iter()
            .any(|f| f["resource_name"] == "t-acct-caller-queue"),
        "the caller's account was not asked for"
    );
    // The denied account: every selected check ERROR, with the cause, never PASS or FAIL.
    let denied: Vec<_> = fs
        .iter()
        .filter(|f| f["account"] == "333333333333")
        .collect();
    assert!(!denied.is_empty());
    for f in &denied {
        assert_eq!(f["status"], "ERROR", "{f}");
        let why = f["status_extended"].as_str().unwrap();
        assert!(
            why.contains("sts:AssumeRole") && why.contains("AccessDenied"),
            "{why}"
        );
    }
    let checks_222: BTreeSet<_> = member
        .iter()
        .map(|f| f["check_id"].as_str().unwrap().to_string())
        .collect();
    let checks_333: BTreeSet<_> = denied
        .iter()
        .map(|f| f["check_id"].as_str().unwrap().to_string())
        .collect();
    assert!(checks_333.is_superset(&checks_222));
}

#[test]
fn role_arn_and_organization_discovery() {
    let moto = Moto::start(&[]);
    let member = setup(&moto);

    let dir = tempfile::tempdir().unwrap();
    let out = scan(
        &moto.url(),
        &[
            "--role-arn",
            "arn:aws:iam::222222222222:role/Audit",
            "--external-id",
            "x",
        ],
        dir.path(),
    );
    assert!(
        matches!(out.status.code(), Some(0)),
        "{}",
        text(&out.stderr)
    );
    let fs = findings(dir.path());
    assert_eq!(
        accounts_of(&fs),
        BTreeSet::from(["222222222222".to_string()])
    );

    let dir = tempfile::tempdir().unwrap();
    let out = scan(
        &moto.url(),
        &[
            "--organization",
            "--role-name",
            "OrganizationAccountAccessRole",
        ],
        dir.path(),
    );
    assert!(
        matches!(out.status.code(), Some(0)),
        "{}",
        text(&out.stderr)
    );
    let fs = findings(dir.path());
    assert_eq!(
        accounts_of(&fs),
        BTreeSet::from(["123456789012".to_string(), member.clone()]),
        "the management account and the member account"
    );
    // One GuardDuty region finding per account, each with its own account id.
    let gd: Vec<_> = fs
        .iter()
        .filter(|f| f["check_id"] == "guardduty_is_enabled")
        .map(|f| f["account"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(gd.len(), 2, "{gd:?}");
}

#[test]
fn bad_account_options_are_usage_errors_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "accounts:\n  - role: arn:aws:iam::222222222222:role/Audit\n",
    )
    .unwrap();
    let out = run(ais().args([
        "scan",
        "aws",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--accounts-file",
        bad.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("bad.yaml") && err.contains("role"), "{err}");

    std::fs::write(&bad, "accounts:\n  - account_id: \"123\"\n").unwrap();
    let out = run(ais().args([
        "scan",
        "aws",
        "--accounts-file",
        bad.to_str().unwrap(),
        "--role-name",
        "Audit",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("12-digit"),
        "{}",
        text(&out.stderr)
    );

    let out = run(ais().args(["scan", "aws", "--role-arn", "arn:aws:s3:::bucket"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not an IAM role ARN"));

    let out = run(ais().args(["scan", "aws", "--organization"]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "--organization needs --role-name"
    );
}
