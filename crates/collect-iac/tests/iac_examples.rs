//! The Terraform examples of the check catalog, run through the IaC scanner: each example's
//! code is written to a directory, scanned, adapted into the model, and every resource of the
//! check's kind must give the example's expected outcome.
//!
//! The catalog is read from `checks/` and `frameworks/` at run time, so that this test binary
//! checks edited YAML without being rebuilt. `AIS_EXAMPLES_CHECK=id1,id2` limits it to some
//! checks.

use std::path::{Path, PathBuf};

use ais_checks::{Catalog, Engine, EvalOutcome, Expect};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn yaml_files(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

fn catalog() -> Catalog {
    let (mut checks, mut frameworks) = (Vec::new(), Vec::new());
    yaml_files(&repo().join("checks"), &mut checks);
    yaml_files(&repo().join("frameworks"), &mut frameworks);
    Catalog::from_sources(checks, frameworks).unwrap_or_else(|e| panic!("{e}"))
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
}

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Terraform,
    CloudFormation,
}

impl Lang {
    fn code(self, ex: &ais_checks::Example) -> Option<&String> {
        match self {
            Lang::Terraform => ex.terraform.as_ref(),
            Lang::CloudFormation => ex.cloudformation.as_ref(),
        }
    }

    fn file(self) -> &'static str {
        match self {
            Lang::Terraform => "main.tf",
            Lang::CloudFormation => "template.yaml",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Lang::Terraform => "terraform",
            Lang::CloudFormation => "cloudformation",
        }
    }
}

#[test]
fn terraform_examples_behave_as_declared() {
    examples_behave(Lang::Terraform);
}

#[test]
fn cloudformation_examples_behave_as_declared() {
    examples_behave(Lang::CloudFormation);
}

fn examples_behave(lang: Lang) {
    let catalog = catalog();
    let only: Vec<String> = std::env::var("AIS_EXAMPLES_CHECK")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let engine = Engine::at(&catalog.checks, now());
    let mut failures = Vec::new();
    let mut ran = 0;
    for check in &catalog.checks {
        if !only.is_empty() && !only.contains(&check.id) {
            continue;
        }
        for (i, ex) in check.examples.iter().enumerate() {
            let Some(code) = lang.code(ex) else {
                continue;
            };
            ran += 1;
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(lang.file()), code).unwrap();
            let inv = ais_collect_iac::scan(dir.path(), &Default::default()).unwrap();
            let what = format!("{} {} example #{}", check.id, lang.name(), i + 1);
            if let Some(e) = inv.errors.first() {
                failures.push(format!("{what}: does not parse: {}", e.message));
                continue;
            }
            let rs: Vec<_> = inv
                .resources
                .iter()
                .filter(|r| r.kind == check.kind)
                .collect();
            if rs.is_empty() {
                failures.push(format!("{what}: declares no {} resource", check.kind));
            }
            for r in rs {
                let got = engine.evaluate_one(check, r);
                let ok = matches!(
                    (ex.expect, &got),
                    (Expect::Pass, EvalOutcome::Pass)
                        | (Expect::Fail, EvalOutcome::Fail)
                        | (Expect::Manual, EvalOutcome::Manual(_))
                        | (Expect::Skip, EvalOutcome::Skip)
                );
                if !ok {
                    failures.push(format!(
                        "{what}: {} expected {:?}, got {got:?}\n    properties: {}",
                        r.name, ex.expect, r.properties
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if only.is_empty() {
        assert!(ran > 0, "no {} example in the catalog", lang.name());
    }
}

/// Checks that code can only pass or only fail, and why.
const ONE_SIDED: &[(&str, &str)] = &[
    (
        "s3_bucket_default_encryption",
        "S3 encrypts every bucket; code can choose the algorithm, not turn it off",
    ),
    (
        "kms_cmk_not_deleted_unintentionally",
        "a key declared in code is not pending deletion",
    ),
    (
        "iam_user_administrator_access_policy",
        "a user's groups may be declared anywhere, so code alone never clears a user",
    ),
    (
        "iam_aws_attached_policy_no_administrative_privileges",
        "AWS managed policies are not declared in code: the check does not apply to it",
    ),
];

/// Every check of a kind the Terraform adapters produce shows, in Terraform, code it fails on
/// (or, when the code cannot decide it, code it reports MANUAL for) and code it passes.
#[test]
fn every_terraform_kind_check_has_terraform_examples() {
    coverage(Lang::Terraform, &[]);
}

/// CloudFormation cannot manage a VPC's default security group.
const CFN_CANNOT: &[&str] = &["ec2_securitygroup_default_restrict_traffic"];

/// Checks a CloudFormation template can only pass or only fail (beyond [`ONE_SIDED`]), and why.
const CFN_ONE_SIDED: &[(&str, &str)] = &[
    (
        "s3_bucket_cross_account_access",
        "a template has no fixed owning account: a literal account may be the own one",
    ),
    (
        "iam_role_cross_account_trust_requires_external_id",
        "a template has no fixed owning account: a literal account may be the own one",
    ),
    (
        "s3_bucket_no_mfa_delete",
        "CloudFormation cannot turn MFA delete on",
    ),
    (
        "awslambda_function_no_cross_account_access",
        "a template has no fixed owning account: a literal account may be the own one",
    ),
    (
        "sns_topic_no_cross_account_access",
        "a template has no fixed owning account: a literal account may be the own one",
    ),
    (
        "elb_desync_mitigation_mode",
        "a classic load balancer in CloudFormation cannot set the desync mitigation mode",
    ),
];

#[test]
fn every_adapted_kind_check_has_cloudformation_examples() {
    coverage(Lang::CloudFormation, CFN_CANNOT);
}

fn coverage(lang: Lang, cannot: &[&str]) {
    let catalog = catalog();
    let mut missing = Vec::new();
    for check in &catalog.checks {
        if !ais_collect_iac::aws::KINDS.contains(&check.kind.as_str())
            || cannot.contains(&check.id.as_str())
        {
            continue;
        }
        let tf: Vec<Expect> = check
            .examples
            .iter()
            .filter(|e| lang.code(e).is_some())
            .map(|e| e.expect)
            .collect();
        let decided = tf.contains(&Expect::Fail) && tf.contains(&Expect::Pass);
        let undecidable = !tf.is_empty() && tf.iter().all(|e| *e == Expect::Manual);
        let one_sided = !tf.is_empty()
            && ONE_SIDED
                .iter()
                .chain(if lang == Lang::CloudFormation {
                    CFN_ONE_SIDED
                } else {
                    &[]
                })
                .any(|(id, _)| *id == check.id);
        if !(decided || undecidable || one_sided) {
            missing.push(check.id.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "{} checks lack a passing and a failing {} example: {}",
        missing.len(),
        lang.name(),
        missing.join(", ")
    );
}
