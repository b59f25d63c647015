//! Every check against resources created through the AWS API in a moto server: the fixtures in
//! tests/moto/groups/*.py create resources that must PASS and must FAIL, and
//! tests/moto/expect/*.yaml say which. Checks the emulator cannot represent are listed there
//! with a reason (their YAML examples cover them).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct ExpectFile {
    #[serde(default)]
    expect: Vec<Expectation>,
    #[serde(default)]
    emulator_gaps: Vec<Gap>,
}

#[derive(Deserialize, Clone, Debug)]
struct Expectation {
    check: String,
    scenario: String,
    resource: String,
    status: String,
}

#[derive(Deserialize)]
struct Gap {
    check: String,
    reason: String,
}

fn load_expectations() -> (Vec<Expectation>, BTreeMap<String, String>) {
    let dir = workspace().join("tests/moto/expect");
    let mut all = Vec::new();
    let mut gaps = BTreeMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let f: ExpectFile = serde_norway::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            all.extend(f.expect);
            for g in f.emulator_gaps {
                assert!(
                    !g.reason.trim().is_empty(),
                    "{}: gap for {} has no reason",
                    p.display(),
                    g.check
                );
                gaps.insert(g.check, g.reason);
            }
        }
    }
    (all, gaps)
}

fn catalog_ids() -> BTreeSet<String> {
    let out = run(ais().args(["checks", "list", "--format", "json"]));
    assert!(out.status.success());
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    // Live AWS checks only: file checks (Dockerfiles) are covered by their own tests.
    v.iter()
        .filter(|c| c["kind"].as_str().unwrap().starts_with("aws."))
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_check_is_covered_by_moto_expectations_or_a_documented_gap() {
    let (exp, gaps) = load_expectations();
    let ids = catalog_ids();
    let mut missing = Vec::new();
    for id in &ids {
        let pass = exp.iter().any(|e| &e.check == id && e.status == "PASS");
        let fail = exp.iter().any(|e| &e.check == id && e.status == "FAIL");
        let covered = (pass && fail) || gaps.contains_key(id);
        if !covered {
            missing.push(format!("{id} (pass: {pass}, fail: {fail})"));
        }
    }
    for e in &exp {
        assert!(
            ids.contains(&e.check),
            "expectation names unknown check {}",
            e.check
        );
    }
    assert!(
        missing.is_empty(),
        "checks without moto coverage or a documented gap:\n{}",
        missing.join("\n")
    );
}

#[test]
fn checks_match_expectations_against_moto() {
    let (exp, _) = load_expectations();
    let moto = Moto::start(&[]);
    let mut failures = Vec::new();
    for scenario in ["main", "hardened"] {
        moto.reset();
        moto.seed(scenario, "");
        let out_dir = tempfile::tempdir().unwrap();
        let out = run(ais()
            .args([
                "scan",
                "aws",
                "--regions",
                "us-east-1",
                "--endpoint-url",
                &moto.url(),
                "--level",
                "deep",
                "--output-formats",
                "json",
                "--quiet",
                "--output-dir",
            ])
            .arg(out_dir.path()));
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(4)),
            "scan failed ({code:?}):\n{}",
            text(&out.stderr)
        );
        let findings = findings(out_dir.path());
        for e in exp.iter().filter(|e| e.scenario == scenario) {
            let got: Vec<&serde_json::Value> = findings
                .iter()
                .filter(|f| {
                    f["check_id"] == e.check.as_str() && f["resource_name"] == e.resource.as_str()
                })
                .collect();
            match got.as_slice() {
                [] => failures.push(format!(
                    "[{scenario}] {} on {}: no finding (expected {})",
                    e.check, e.resource, e.status
                )),
                fs => {
                    if !fs.iter().any(|f| f["status"] == e.status.as_str()) {
                        let seen: Vec<String> = fs
                            .iter()
                            .map(|f| format!("{} ({})", f["status"], f["status_extended"]))
                            .collect();
                        failures.push(format!(
                            "[{scenario}] {} on {}: expected {}, got {}",
                            e.check,
                            e.resource,
                            e.status,
                            seen.join(", ")
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} expectation(s) not met:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
