//! The binary end to end on the shipped example inventory: outputs, exit codes, catalog commands.

mod common;

use common::*;

fn example() -> std::path::PathBuf {
    workspace().join("examples/inventory.json")
}

#[test]
fn scanning_the_example_inventory_writes_every_format_and_finds_real_issues() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "inventory", "--level", "deep"])
        .arg(example())
        .arg("--output-dir")
        .arg(dir.path()));
    let stdout = text(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0) | Some(4)),
        "{}",
        text(&out.stderr)
    );
    assert!(
        stdout.contains("Failing checks:") && stdout.contains("Failed findings by severity:"),
        "{stdout}"
    );

    let findings = findings(dir.path());
    let fails = findings.iter().filter(|f| f["status"] == "FAIL").count();
    assert!(
        fails > 50,
        "the seeded account has dozens of planted issues, got {fails} FAIL"
    );
    // Planted issues that must show up.
    for (check, resource) in [
        ("s3_bucket_policy_public", "bench-bad-public"),
        ("ec2_instance_imdsv2_enabled", "bench-bad-instance"),
        ("ec2_instance_secrets_user_data", "bench-bad-instance"),
        ("iam_password_policy_minimum_length_14", "123456789012"),
    ] {
        assert!(
            findings.iter().any(|f| f["check_id"] == check
                && f["status"] == "FAIL"
                && f["resource_name"] == resource),
            "{check} on {resource} should FAIL"
        );
    }

    let csv = std::fs::read_to_string(dir.path().join("findings.csv")).unwrap();
    assert!(csv.starts_with("fingerprint,status,severity,check_id,"));
    let ocsf: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("findings.ocsf.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(ocsf.len(), findings.len());
    for f in &ocsf {
        assert_eq!(f["class_uid"], 2004);
        assert!(f["metadata"]["event_code"].is_string());
        assert!(f["resources"][0]["uid"].is_string() && f["resources"][0]["region"].is_string());
        assert!(["PASS", "FAIL", "MANUAL", "ERROR"].contains(&f["status_code"].as_str().unwrap()));
    }

    // The secret planted in EC2 user data never reaches the inventory or any output.
    for file in ["findings.json", "findings.csv", "findings.ocsf.json"] {
        let t = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(
            !t.contains("q8Vd3kLr0ZpT7yWm2Nx5bJf9Hc4Gs6Ea1Ru8KoPi")
                && !t.contains("AKIA4HTQ7ZRM2XVB3K5N"),
            "{file}"
        );
    }
    let inv = std::fs::read_to_string(example()).unwrap();
    assert!(
        !inv.contains("q8Vd3kLr0ZpT7yWm2Nx5bJf9Hc4Gs6Ea1Ru8KoPi")
            && !inv.contains("AKIA4HTQ7ZRM2XVB3K5N")
    );
}

#[test]
fn fingerprints_are_stable_across_runs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        run(ais()
            .args(["scan", "inventory", "--quiet", "--output-formats", "json"])
            .arg(example())
            .arg("--output-dir")
            .arg(d.path()));
    }
    let fa: Vec<_> = findings(a.path())
        .iter()
        .map(|f| f["fingerprint"].clone())
        .collect();
    let fb: Vec<_> = findings(b.path())
        .iter()
        .map(|f| f["fingerprint"].clone())
        .collect();
    assert!(!fa.is_empty());
    assert_eq!(fa, fb);
}

#[test]
fn fail_on_and_filters_set_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "inventory", "--quiet", "--fail-on", "high"])
        .arg(example())
        .arg("--output-dir")
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    // Only low checks of a service with no ERROR: nothing meets --fail-on critical.
    let out = run(ais()
        .args([
            "scan",
            "inventory",
            "--quiet",
            "--checks",
            "s3_bucket_versioning_enabled",
            "--fail-on",
            "critical",
        ])
        .arg(example())
        .arg("--output-dir")
        .arg(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let f = findings(dir.path());
    assert!(
        f.iter()
            .all(|f| f["check_id"] == "s3_bucket_versioning_enabled")
    );
    let out = run(ais()
        .args(["scan", "inventory", "--checks", "no_such_check"])
        .arg(example()));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown check id 'no_such_check'"));
    let out = run(ais().args(["scan", "inventory", "/nonexistent/inventory.json"]));
    assert_eq!(out.status.code(), Some(1));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": 1, \"resources\": [").unwrap();
    let out = run(ais().args(["scan", "inventory"]).arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not a valid inventory"));
}

#[test]
fn checks_list_and_show() {
    let out = run(ais().args(["checks", "list", "--service", "s3", "--format", "json"]));
    assert!(out.status.success());
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.len() >= 10 && v.iter().all(|c| c["service"] == "s3"));
    let all = run(ais().args(["checks", "list"]));
    assert!(text(&all.stdout).lines().count() > 80);
    let show = run(ais().args(["checks", "show", "s3_bucket_versioning_enabled"]));
    let s = text(&show.stdout);
    assert!(
        s.contains("Why it matters")
            && s.contains("put-bucket-versioning")
            && s.contains("prowler"),
        "{s}"
    );
    let missing = run(ais().args(["checks", "show", "nope"]));
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = ais()
        .args(["checks", "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the program writes (it loads the catalog first), as a
    // consumer that exits early would.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0), "{err}");
}

#[test]
fn mutelist_marks_findings_keeps_them_and_they_do_not_fail_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let mutelist = dir.path().join("mutelist.yaml");
    std::fs::write(
        &mutelist,
        "Mutelist:\n  Accounts:\n    \"123456789012\":\n      Checks:\n        \"s3_.*\":\n          Regions: [\"*\"]\n          Resources: [\"bench-bad-public\"]\n          Description: \"Public website bucket, accepted (RISK-7)\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    // Without the mutelist the public bucket fails the build ...
    let plain = run(ais()
        .args([
            "scan",
            "inventory",
            "--quiet",
            "--checks",
            "s3_bucket_policy_public",
            "--fail-on",
            "high",
        ])
        .arg(example())
        .arg("--output-dir")
        .arg(&out_dir));
    assert_eq!(plain.status.code(), Some(3), "{}", text(&plain.stderr));
    // ... with it, the finding is kept, marked, and no longer fails the build.
    let muted = run(ais()
        .args([
            "scan",
            "inventory",
            "--quiet",
            "--checks",
            "s3_bucket_policy_public",
            "--fail-on",
            "high",
            "--mutelist",
        ])
        .arg(&mutelist)
        .arg(example())
        .arg("--output-dir")
        .arg(&out_dir));
    assert_eq!(muted.status.code(), Some(0), "{}", text(&muted.stderr));
    assert!(
        text(&muted.stdout).contains("MUTED 1"),
        "{}",
        text(&muted.stdout)
    );
    let f = findings(&out_dir);
    let bucket = f
        .iter()
        .find(|f| f["resource_name"] == "bench-bad-public")
        .unwrap();
    assert_eq!(bucket["status"], "FAIL");
    assert_eq!(bucket["muted"], true);
    assert_eq!(
        bucket["mute_reason"],
        "Public website bucket, accepted (RISK-7)"
    );
    assert!(
        f.iter()
            .filter(|x| x["resource_name"] != "bench-bad-public")
            .all(|x| x.get("muted").is_none())
    );
    let ocsf: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("findings.ocsf.json")).unwrap())
            .unwrap();
    let o = ocsf
        .iter()
        .find(|o| o["resources"][0]["name"] == "bench-bad-public")
        .unwrap();
    assert_eq!(o["status"], "Suppressed");
    assert_eq!(o["status_code"], "FAIL");
    let csv = std::fs::read_to_string(out_dir.join("findings.csv")).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",muted,mute_reason,file,start_line,end_line,evidence")
    );
    assert!(
        csv.contains(",true,\"Public website bucket, accepted (RISK-7)\""),
        "{csv}"
    );
}

#[test]
fn invalid_mutelist_is_rejected_with_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mutelist = dir.path().join("mutelist.yaml");
    std::fs::write(&mutelist, "Mutelist:\n  Accounts:\n    \"*\":\n      Checks:\n        \"*\":\n          Regions: [\"*\"]\n          Resources: [\"[bad\"]\n").unwrap();
    let out = run(ais()
        .args(["scan", "inventory", "--mutelist"])
        .arg(&mutelist)
        .arg(example()));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(&mutelist.display().to_string())
            && err.contains("line 7")
            && err.contains("[bad"),
        "{err}"
    );
}
