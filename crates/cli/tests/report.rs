//! Compliance, reports and exports end to end: `frameworks`, `--compliance`, `report` in every
//! format, JUnit structure, ASFF and OCSF shape, redaction of secrets in every file, and the HTML
//! report rendered in headless Chromium (screenshot saved).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn example() -> PathBuf {
    workspace().join("examples/inventory.json")
}

/// Scans the example inventory with CIS 3.0.0 and every output format into `dir`.
fn scan(dir: &Path) {
    let out = run(ais()
        .args([
            "scan",
            "inventory",
            "--level",
            "deep",
            "--compliance",
            "cis-aws-3.0.0",
        ])
        .args(["--output-formats", "json,csv,ocsf,sarif,asff,junit,md,html"])
        .arg(example())
        .arg("--output-dir")
        .arg(dir));
    assert!(
        matches!(out.status.code(), Some(0) | Some(4)),
        "{}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Compliance CIS Amazon Web Services Foundations Benchmark 3.0.0:"),
        "{stdout}"
    );
}

#[test]
fn frameworks_list_and_show() {
    let out = run(ais().args(["frameworks", "list", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let cis = list
        .iter()
        .find(|f| f["id"] == "cis-aws-3.0.0")
        .expect("CIS 3.0.0 listed");
    assert!(cis["requirements"].as_u64().unwrap() >= 60);

    let out = run(ais().args(["frameworks", "show", "cis-aws-3.0.0"]));
    let t = text(&out.stdout);
    assert!(
        t.contains("1.4") && t.contains("iam_no_root_access_key"),
        "{t}"
    );
    assert!(t.contains("without a check yet:"), "{t}");

    let out = run(ais().args([
        "frameworks",
        "show",
        "cis-aws-3.0.0",
        "--unmapped",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reqs = v["requirements"].as_array().unwrap();
    assert!(!reqs.is_empty());
    assert!(
        reqs.iter()
            .all(|r| r["checks"].as_array().is_none_or(|c| c.is_empty()))
    );

    let out = run(ais().args(["frameworks", "show", "no-such-framework"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("frameworks list"));
    let out = run(ais()
        .args(["scan", "inventory", "--compliance", "nope"])
        .arg(example()));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn compliance_results_and_every_export() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("findings.json")).unwrap())
            .unwrap();
    // Per-requirement status and scores.
    let fw = &doc["compliance"][0];
    assert_eq!(fw["id"], "cis-aws-3.0.0");
    let reqs = fw["requirements"].as_array().unwrap();
    let status = |id: &str| reqs.iter().find(|r| r["id"] == id).unwrap()["status"].clone();
    // The seeded account has a weak password policy (1.8) and no root MFA (1.5)...
    assert_eq!(status("1.8"), "FAIL");
    // ... and 1.1 (contact details) has no automated check.
    assert_eq!(status("1.1"), "MANUAL");
    let (p, f, m) = (
        fw["pass"].as_u64().unwrap(),
        fw["fail"].as_u64().unwrap(),
        fw["manual"].as_u64().unwrap(),
    );
    assert_eq!((p + f + m) as usize, reqs.len());
    let score = fw["score"].as_f64().unwrap();
    assert!((score - 100.0 * p as f64 / (p + f) as f64).abs() < 0.1);
    assert!(fw["sections"].as_array().unwrap().len() >= 5);
    // --compliance restricts the scan to the framework's checks.
    let ids: Vec<&str> = doc["scan"]["check_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"iam_root_mfa_enabled") && !ids.contains(&"glue_etl_jobs_logging_enabled")
    );

    // FAIL findings carry the values the check read.
    let weak = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check_id"] == "iam_password_policy_minimum_length_14" && f["status"] == "FAIL")
        .expect("the weak password policy fails");
    assert!(
        weak["evidence"].as_object().is_some_and(|e| !e.is_empty()),
        "{weak}"
    );
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["status"] == "PASS")
            .all(|f| f.get("evidence").is_none())
    );

    // JUnit: one test case per check and resource; failures for FAIL.
    let junit = std::fs::read_to_string(dir.path().join("findings.junit.xml")).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(junit.matches("<testcase ").count(), findings.len());
    let fails = findings
        .iter()
        .filter(|f| f["status"] == "FAIL" && f["muted"] != true)
        .count();
    assert_eq!(junit.matches("<failure ").count(), fails);
    assert!(junit.contains(&format!("failures=\"{fails}\"")));
    // Read back by a JUnit parser, as CI test viewers do: every case is there with its status,
    // and each suite's counts agree with its cases.
    let parsed = junit_parser::from_reader(std::io::Cursor::new(junit.as_bytes()))
        .expect("the JUnit file parses");
    let cases: Vec<&junit_parser::TestCase> =
        parsed.suites.iter().flat_map(|s| s.cases.iter()).collect();
    assert_eq!(cases.len(), findings.len());
    let errors = findings
        .iter()
        .filter(|f| f["status"] == "ERROR" && f["muted"] != true)
        .count();
    assert!(errors > 0, "the example has ERROR findings");
    assert_eq!(
        cases.iter().filter(|c| c.status.is_failure()).count(),
        fails
    );
    assert_eq!(cases.iter().filter(|c| c.status.is_error()).count(), errors);
    assert_eq!(parsed.failures as usize, fails);
    assert_eq!(parsed.errors as usize, errors);
    for suite in &parsed.suites {
        let n = |p: fn(&junit_parser::TestStatus) -> bool| {
            suite.cases.iter().filter(|c| p(&c.status)).count() as u64
        };
        assert_eq!(suite.tests, suite.cases.len() as u64, "{}", suite.name);
        assert_eq!(
            suite.failures,
            n(junit_parser::TestStatus::is_failure),
            "{}",
            suite.name
        );
        assert_eq!(
            suite.errors,
            n(junit_parser::TestStatus::is_error),
            "{}",
            suite.name
        );
        assert_eq!(
            suite.skipped,
            n(junit_parser::TestStatus::is_skipped),
            "{}",
            suite.name
        );
    }
    let failing = cases
        .iter()
        .find(|c| c.status.is_failure())
        .expect("a failed case");
    assert!(failing.classname.is_some() && !failing.status.failure_as_ref().text.is_empty());

    // ASFF: every finding of the account, in Security Hub's shape (validated by botocore's own
    // request validator when the test venv is there).
    let asff_path = dir.path().join("findings.asff.json");
    let asff: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&asff_path).unwrap()).unwrap();
    assert_eq!(asff.len(), findings.len());
    assert!(asff.iter().all(|a| a["SchemaVersion"] == "2018-10-08"));
    validate_with_python("asff", &asff_path);
    validate_with_python("ocsf", &dir.path().join("findings.ocsf.json"));
    // Nor is the OCSF one: an unknown severity id and a missing finding uid fail.
    let mut ocsf: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("findings.ocsf.json")).unwrap(),
    )
    .unwrap();
    ocsf[0]["severity_id"] = 42.into();
    ocsf[1]["finding_info"]
        .as_object_mut()
        .unwrap()
        .remove("uid");
    let bad = dir.path().join("broken.ocsf.json");
    std::fs::write(&bad, serde_json::to_string(&ocsf).unwrap()).unwrap();
    let out = Command::new(venv_bin("python"))
        .arg(workspace().join("tests/validate_exports.py"))
        .arg("ocsf")
        .arg(&bad)
        .output()
        .unwrap();
    let said = text(&out.stdout) + &text(&out.stderr);
    assert!(
        !out.status.success() && said.contains("event 0") && said.contains("event 1"),
        "{said}"
    );
    // The validator is not a rubber stamp: a wrong severity label and a missing title fail.
    let mut broken = asff.clone();
    broken[0]["Severity"]["Label"] = "SEVERE".into();
    broken[1].as_object_mut().unwrap().remove("Title");
    let bad = dir.path().join("broken.asff.json");
    std::fs::write(&bad, serde_json::to_string(&broken).unwrap()).unwrap();
    let out = Command::new(venv_bin("python"))
        .arg(workspace().join("tests/validate_exports.py"))
        .arg("asff")
        .arg(&bad)
        .output()
        .unwrap();
    let said = text(&out.stdout);
    assert!(
        !out.status.success() && said.contains("SEVERE") && said.contains("\"Title\""),
        "{said}"
    );

    // Markdown and HTML carry the compliance table.
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.contains("## Compliance: CIS Amazon Web Services Foundations Benchmark 3.0.0"));
    assert!(md.contains("| 1.8 |"));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    self_contained(&html);
    assert!(html.contains("Executive summary") && html.contains("<svg"));
    assert!(html.contains("Compliance: CIS Amazon Web Services Foundations Benchmark"));
}

#[test]
fn scan_without_compliance_gives_an_overview_of_every_framework() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "inventory", "--output-formats", "json,md,html"])
        .arg(example())
        .arg("--output-dir")
        .arg(dir.path()));
    assert!(
        matches!(out.status.code(), Some(0) | Some(4)),
        "{}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    // Every shipped framework has checks the full scan ran, so each gets a score line.
    let list = run(ais().args(["frameworks", "list", "--format", "json"]));
    let frameworks: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    for fw in &frameworks {
        let line = format!(
            "Compliance {} {}:",
            fw["name"].as_str().unwrap(),
            fw["version"].as_str().unwrap()
        );
        assert!(stdout.contains(&line), "no `{line}` in {stdout}");
    }
    assert!(stdout.contains("Per-requirement results: --compliance ID"));

    // findings.json: scores only, no sections or requirements.
    let input = dir.path().join("findings.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    let saved = doc["compliance"].as_array().unwrap();
    assert_eq!(saved.len(), frameworks.len());
    for fw in saved {
        assert!(
            fw.get("requirements").is_none() && fw.get("sections").is_none(),
            "{fw}"
        );
        let (p, f) = (fw["pass"].as_u64().unwrap(), fw["fail"].as_u64().unwrap());
        assert!(p + f > 0, "{fw}");
    }
    let cis = saved.iter().find(|f| f["id"] == "cis-aws-5.0.0").unwrap();
    assert!(
        cis["fail"].as_u64().unwrap() > 0,
        "the seeded account fails CIS: {cis}"
    );

    // HTML and Markdown: the overview table, no per-requirement detail.
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("Compliance overview") && html.contains("<code>cis-aws-5.0.0</code>"));
    assert!(
        !html.contains("id=\"fw-"),
        "no framework detail was asked for"
    );
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.contains("## Compliance overview") && md.contains("(`pci-dss-4.0`)"));
    assert!(!md.contains("## Compliance: "));

    // Re-rendered: the same overview; with --framework, that framework in detail.
    let out = run(ais()
        .args(["report", "--format", "md", "--input"])
        .arg(&input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("## Compliance overview") && !md.contains("## Compliance: "));
    let out = run(ais()
        .args([
            "report",
            "--format",
            "html",
            "--framework",
            "cis-aws-5.0.0",
            "--input",
        ])
        .arg(&input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = text(&out.stdout);
    assert!(
        html.contains("id=\"fw-cis-aws-5.0.0\"") && html.contains("href=\"#fw-cis-aws-5.0.0\"")
    );
}

/// No script, stylesheet, font or image is loaded from anywhere.
fn self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<link", "<img", "<iframe", "@import", "url(", " src=",
    ] {
        assert!(
            !lower.contains(bad),
            "the report must be self-contained: found {bad}"
        );
    }
}

/// Runs tests/validate_exports.py from the test venv, when both exist (CI installs them).
fn validate_with_python(kind: &str, file: &Path) {
    let script = workspace().join("tests/validate_exports.py");
    let python = venv_bin("python");
    if !script.exists() || !python.exists() {
        eprintln!(
            "skipping the {kind} schema validation: {} or {} is missing",
            script.display(),
            python.display()
        );
        return;
    }
    let out = Command::new(python)
        .arg(&script)
        .arg(kind)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{kind} validation failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn report_renders_saved_results_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path());
    let input = dir.path().join("findings.json");
    for (format, check) in [
        ("html", "Security assessment report"),
        ("md", "# Security assessment report"),
        ("json", "\"compliance\""),
        ("csv", "framework,framework_version,requirement_id"),
        ("junit", "<testsuites"),
        ("sarif", "\"version\": \"2.1.0\""),
        ("asff", "SchemaVersion"),
        ("ocsf", "class_uid"),
    ] {
        let out_file = dir.path().join(format!("r.{format}"));
        let out = run(ais()
            .args([
                "report",
                "--format",
                format,
                "--framework",
                "cis-aws-3.0.0",
                "--input",
            ])
            .arg(&input)
            .arg("--output")
            .arg(&out_file));
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            text(&out.stderr)
        );
        let body = std::fs::read_to_string(&out_file).unwrap();
        assert!(body.contains(check), "{format} report lacks {check}");
    }
    // To stdout, frameworks taken from the findings.
    let out = run(ais()
        .args(["report", "--format", "md", "--input"])
        .arg(&input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.contains("## Compliance: CIS"));
    // Only the framework the scan was asked about: the other frameworks' checks did not run.
    assert!(!md.contains("`pci-dss-4.0`"), "{md}");
    // Bad input: a clear error, exit 1.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"not\": \"results\"}").unwrap();
    let out = run(ais().args(["report", "--input"]).arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not an ai-security findings.json"));
}

#[test]
fn detected_secrets_are_redacted_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ7Rk2pLd9";
    std::fs::write(
        src.join("Dockerfile"),
        format!("FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY={secret}\nUSER app\n"),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = run(ais()
        .args([
            "scan",
            "iac",
            "--output-formats",
            "json,csv,ocsf,sarif,asff,junit,md,html",
        ])
        .arg(&src)
        .arg("--output-dir")
        .arg(&out_dir));
    assert!(
        matches!(out.status.code(), Some(0) | Some(4)),
        "{}",
        text(&out.stderr)
    );
    let mut seen = 0;
    for e in std::fs::read_dir(&out_dir).unwrap() {
        let p = e.unwrap().path();
        let body = std::fs::read_to_string(&p).unwrap();
        assert!(!body.contains(secret), "{} leaks the secret", p.display());
        assert!(
            !body.contains(&secret[8..24]),
            "{} leaks part of the secret",
            p.display()
        );
        seen += 1;
    }
    assert_eq!(seen, 8);
    assert!(!text(&out.stdout).contains(secret) && !text(&out.stderr).contains(secret));
    // The secret was found (so redaction, not absence, keeps it out of the files).
    let found = findings(&out_dir);
    assert!(
        found.iter().any(
            |f| f["check_id"] == "dockerfile_no_secrets_in_env_or_arg" && f["status"] == "FAIL"
        ),
        "the secret in ENV must be reported"
    );
    // File findings are valid OCSF too (no cloud account, so no `cloud` profile).
    validate_with_python("ocsf", &out_dir.join("findings.ocsf.json"));
}

/// Headless Chromium renders the HTML report; the screenshot is kept in
/// target/report-screenshot.png for a human to look at.
#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(chrome) = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|c| which(c))
    else {
        if std::env::var_os("CI").is_some() {
            panic!("Chromium is required in CI (.ci/run installs it)");
        }
        eprintln!("skipping: no Chromium on this machine");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path());
    let html = dir.path().join("report.html");
    let shot = workspace().join("target/report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let profile = dir.path().join("profile");
    let out = Command::new(&chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--window-size=1280,2400",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "no screenshot: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Width and height from the IHDR chunk.
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert!(w >= 1000 && h >= 1000, "{w}x{h}");
    // A rendered page is not blank: many distinct bytes in the compressed image data.
    assert!(
        png.len() > 50_000,
        "screenshot too small to be a rendered report: {} bytes",
        png.len()
    );

    // The DOM as Chromium built it: the charts and tables are there.
    let out = Command::new(&chrome)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let dom = text(&out.stdout);
    assert!(
        dom.contains("<svg") && dom.contains("Executive summary") && dom.contains("<table"),
        "{}",
        text(&out.stderr)
    );
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}
