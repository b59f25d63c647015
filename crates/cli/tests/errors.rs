//! Failures: denied calls become ERROR (never FAIL), and a scan that cannot run says why in one
//! line with a non-zero exit code.

mod common;

use std::process::Command;

use common::*;

#[test]
fn access_denied_for_one_service_is_error_and_the_rest_still_evaluates() {
    let moto = Moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")]);
    let out = Command::new(venv_bin("python"))
        .arg(workspace().join("tests/moto/denied_setup.py"))
        .arg(moto.url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let key: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .env("AWS_ACCESS_KEY_ID", key["id"].as_str().unwrap())
        .env("AWS_SECRET_ACCESS_KEY", key["secret"].as_str().unwrap())
        .args([
            "scan",
            "aws",
            "--regions",
            "us-east-1",
            "--endpoint-url",
            &moto.url(),
            "--quiet",
            "--output-formats",
            "json",
            "--output-dir",
        ])
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(4), "stderr: {}", text(&out.stderr));
    let findings = findings(dir.path());
    let s3: Vec<_> = findings.iter().filter(|f| f["service"] == "s3").collect();
    assert!(!s3.is_empty(), "S3 checks must report, not vanish");
    for f in &s3 {
        assert_eq!(f["status"], "ERROR", "{f}");
        assert!(
            f["status_extended"]
                .as_str()
                .unwrap()
                .contains("AccessDenied"),
            "{f}"
        );
    }
    // Nothing else turned FAIL or PASS because of the denial, and the other services evaluated.
    let evaluated = findings
        .iter()
        .filter(|f| f["service"] != "s3" && (f["status"] == "PASS" || f["status"] == "FAIL"))
        .count();
    assert!(
        evaluated > 10,
        "other services must still evaluate ({evaluated} did)"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["service"] == "ec2" && f["status"] == "FAIL")
    );
    assert!(findings.iter().any(|f| f["service"] == "iam"));
}

#[test]
fn bad_credentials_give_one_clear_error_line() {
    let moto = Moto::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]);
    let dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "not-a-real-secret-key-000000000000000000",
        )
        .args([
            "scan",
            "aws",
            "--regions",
            "us-east-1",
            "--endpoint-url",
            &moto.url(),
            "--quiet",
            "--output-dir",
        ])
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error: cannot authenticate to AWS"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !err.contains("not-a-real-secret"),
        "the secret key must never be printed: {err}"
    );
}

#[test]
fn unreachable_endpoint_gives_one_clear_error_line() {
    let port = free_port();
    let out = run(ais()
        .args([
            "scan",
            "aws",
            "--regions",
            "us-east-1",
            "--quiet",
            "--endpoint-url",
        ])
        .arg(format!("http://127.0.0.1:{port}")));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: cannot reach AWS at http://127.0.0.1:"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let bad = run(ais().args(["scan", "aws", "--endpoint-url", "ftp://x"]));
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
}

#[test]
fn malformed_checks_dir_files_are_rejected_with_path_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("team/broken.yaml");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, "id: broken\ntitle: [unclosed\n").unwrap();
    let out = run(ais()
        .args(["checks", "list", "--checks-dir"])
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(&bad.display().to_string()) && err.contains("line"),
        "{err}"
    );

    std::fs::write(
        &bad,
        include_str!("../../../checks/aws/s3/s3_bucket_versioning_enabled.yaml")
            .replace("id: s3_bucket_versioning_enabled", "id: team_versioning")
            .replace("resource.versioning.status", "resource.versioning.state"),
    )
    .unwrap();
    let out = run(ais()
        .args(["checks", "list", "--checks-dir"])
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("resource.versioning.state") && err.contains("does not exist"),
        "{err}"
    );

    let missing = run(ais().args(["checks", "list", "--checks-dir", "/nonexistent/dir"]));
    assert_eq!(missing.status.code(), Some(2));
}
