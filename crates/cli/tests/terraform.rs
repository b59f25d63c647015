//! `scan iac` on Terraform: configurations (variables, tfvars, locals, local modules, split S3
//! resources, policy documents), plans from the real `terraform` CLI, inline suppressions,
//! SARIF valid against the official 2.1.0 schema, and broken files that do not stop the scan.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A fake access key of the real shape: it must never reach an output file.
const KEY: &str = "AKIAZ7QW4XGJ2LMN5RTU";

fn write(root: &Path, rel: &str, content: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

const MAIN_TF: &str = r#"variable "env" {
  default = "dev"
}

variable "encrypted" {}

locals {
  prefix = "acme-${var.env}"
}

module "archive" {
  source = "./modules/bucket"
  name   = "${local.prefix}-archive"
}

resource "aws_s3_bucket" "public" {
  bucket = "${local.prefix}-public"
}

resource "aws_s3_bucket_ownership_controls" "public" {
  bucket = aws_s3_bucket.public.id
  rule {
    object_ownership = "ObjectWriter"
  }
}

resource "aws_s3_bucket_public_access_block" "public" {
  bucket                  = aws_s3_bucket.public.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_acl" "public" {
  bucket = aws_s3_bucket.public.id
  acl    = "public-read"
}

data "aws_iam_policy_document" "public" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.public.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "public" {
  bucket = aws_s3_bucket.public.id
  policy = data.aws_iam_policy_document.public.json
}

# ai-security:ignore ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22 -- bastion host, reviewed by the network team
resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "rdp" {
  name = "rdp"
  # ai-security:ignore ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "db" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  username            = "app"
  publicly_accessible = true
  storage_encrypted   = var.encrypted
}

resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOF
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=AKIAZ7QW4XGJ2LMN5RTU
  EOF
}
"#;

const MODULE_TF: &str = r#"variable "name" {}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "infra/main.tf", MAIN_TF);
    write(root, "infra/terraform.tfvars", "env = \"prod\"\n");
    write(root, "infra/modules/bucket/main.tf", MODULE_TF);
    write(
        root,
        "broken/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl = \n}\n",
    );
    let deep = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    write(root, "deep/main.tf", &deep);
    dir
}

/// The official SARIF 2.1.0 schema: `AIS_SARIF_SCHEMA`, else `shared/schemas/` next to the
/// workspace or one of its parents.
fn sarif_schema() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("AIS_SARIF_SCHEMA") {
        return Some(PathBuf::from(p));
    }
    workspace()
        .ancestors()
        .map(|d| d.join("shared/schemas/sarif-schema-2.1.0.json"))
        .find(|p| p.is_file())
}

fn scan(src: &Path, out: &Path) -> std::process::Output {
    run(ais()
        .args(["scan", "iac"])
        .arg(src)
        .arg("--output-dir")
        .arg(out))
}

#[test]
fn terraform_is_checked_with_the_aws_catalog() {
    let src = fixture();
    let out_dir = tempfile::tempdir().unwrap();
    let out = scan(src.path(), out_dir.path());
    let stderr = text(&out.stderr);
    // The broken and the too deeply nested file make their checks ERROR.
    assert_eq!(out.status.code(), Some(4), "{stderr}");

    let findings = findings(out_dir.path());
    let one = |check: &str, name: &str| -> &serde_json::Value {
        findings
            .iter()
            .find(|f| f["check_id"] == check && f["resource_name"] == name)
            .unwrap_or_else(|| panic!("no {check} finding on {name}"))
    };

    // References, the data policy document, ownership controls and the public access block
    // join onto the bucket; variables come from terraform.tfvars.
    for check in [
        "s3_bucket_public_access",
        "s3_bucket_public_list_acl",
        "s3_bucket_policy_public",
        "s3_bucket_level_public_access_block",
    ] {
        let f = one(check, "aws_s3_bucket.public");
        assert_eq!(f["status"], "FAIL", "{check}: {f}");
        assert_eq!(f["location"]["file"], "infra/main.tf");
        assert_eq!(f["location"]["start_line"], 16);
        assert_eq!(f["location"]["end_line"], 18);
        assert_eq!(f["resource_uid"], "infra/main.tf#aws_s3_bucket.public");
    }
    assert!(findings.iter().any(|f| {
        f["resource_uid"]
            .as_str()
            .unwrap()
            .contains("aws_s3_bucket.public")
            && f["status_extended"]
                .as_str()
                .unwrap()
                .contains("aws_s3_bucket.public")
    }));

    // The local module, evaluated with its call's arguments, under its address.
    let archive = "module.archive.aws_s3_bucket.this";
    assert_eq!(
        one("s3_bucket_versioning_enabled", archive)["status"],
        "PASS"
    );
    assert_eq!(
        one("s3_bucket_versioning_enabled", archive)["location"]["file"],
        "infra/modules/bucket/main.tf"
    );
    // AWS defaults: new buckets are encrypted and block public access.
    assert_eq!(
        one("s3_bucket_default_encryption", archive)["status"],
        "PASS"
    );
    assert_eq!(one("s3_bucket_public_access", archive)["status"], "PASS");

    // A variable without a value leaves the property unknown: MANUAL, not a guess.
    assert_eq!(
        one("rds_instance_storage_encrypted", "aws_db_instance.db")["status"],
        "MANUAL"
    );
    assert_eq!(
        one("rds_instance_no_public_access", "aws_db_instance.db")["status"],
        "FAIL"
    );

    // Secrets in user data are found, and their value is written nowhere.
    assert_eq!(
        one("ec2_instance_secrets_user_data", "aws_instance.web")["status"],
        "FAIL"
    );
    for name in [
        "findings.json",
        "findings.csv",
        "findings.ocsf.json",
        "findings.sarif",
    ] {
        let body = std::fs::read_to_string(out_dir.path().join(name)).unwrap();
        assert!(!body.contains(KEY), "{name} contains the secret");
    }
    assert!(!stderr.contains(KEY) && !text(&out.stdout).contains(KEY));

    // Inline suppressions: with a reason the finding is muted (and kept); without one it is
    // not, and the scan says why.
    let ssh = one(
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
        "aws_security_group.bastion",
    );
    assert_eq!(ssh["status"], "FAIL");
    assert_eq!(ssh["muted"], true);
    assert!(
        ssh["mute_reason"]
            .as_str()
            .unwrap()
            .contains("bastion host, reviewed")
    );
    let rdp = one(
        "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
        "aws_security_group.rdp",
    );
    assert_eq!(rdp["status"], "FAIL");
    assert_ne!(rdp["muted"], true);
    assert!(stderr.contains("a reason is required"), "{stderr}");

    // Broken files: path, line and reason; the rest of the scan went on.
    let errors: Vec<&serde_json::Value> =
        findings.iter().filter(|f| f["status"] == "ERROR").collect();
    assert!(errors.iter().any(|f| {
        let m = f["status_extended"].as_str().unwrap();
        m.contains("broken/main.tf:3") && m.contains("not valid HCL")
    }));
    assert!(errors.iter().any(|f| {
        let m = f["status_extended"].as_str().unwrap();
        m.contains("deep/main.tf") && m.contains("nested deeper")
    }));
    assert!(stderr.contains("broken/main.tf"), "{stderr}");

    // SARIF: valid, located, suppressed where muted, fingerprinted.
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.path().join("findings.sarif")).unwrap(),
    )
    .unwrap();
    match sarif_schema() {
        Some(path) => {
            let schema: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&sarif)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(errors.is_empty(), "SARIF not valid: {errors:#?}");
        }
        None => eprintln!(
            "SKIPPED SARIF schema validation: sarif-schema-2.1.0.json not found (set AIS_SARIF_SCHEMA)"
        ),
    }
    let run = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let public = results
        .iter()
        .find(|r| {
            r["ruleId"] == "s3_bucket_public_access"
                && r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    == "aws_s3_bucket.public"
        })
        .expect("public bucket result");
    let loc = &public["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "infra/main.tf");
    assert_eq!(loc["region"]["startLine"], 16);
    let idx = public["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "s3_bucket_public_access");
    assert!(rules[idx]["properties"]["security-severity"].is_string());
    assert!(
        rules[idx]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("Remediation")
    );
    let fp = public["partialFingerprints"]["aiSecurityFinding/v1"].clone();
    assert!(fp.is_string());
    let muted = results
        .iter()
        .find(|r| r["ruleId"] == "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22")
        .unwrap();
    assert_eq!(muted["suppressions"][0]["kind"], "inSource");
    // Only FAIL findings are results; ERROR ones are notifications.
    assert!(results.iter().all(|r| r["level"].is_string()));
    assert!(
        !run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);

    // Fingerprints do not move when the code around the resource does.
    let shifted = tempfile::tempdir().unwrap();
    write(
        shifted.path(),
        "infra/main.tf",
        &format!("# a new header\n\n{MAIN_TF}"),
    );
    write(shifted.path(), "infra/terraform.tfvars", "env = \"prod\"\n");
    write(shifted.path(), "infra/modules/bucket/main.tf", MODULE_TF);
    let out2 = tempfile::tempdir().unwrap();
    let o = scan(shifted.path(), out2.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let sarif2: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out2.path().join("findings.sarif")).unwrap())
            .unwrap();
    let again = sarif2["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["partialFingerprints"]["aiSecurityFinding/v1"] == fp)
        .expect("same fingerprint after the file moved");
    assert_eq!(
        again["locations"][0]["physicalLocation"]["region"]["startLine"],
        18
    );
}

/// The terraform CLI and a local copy of the AWS provider (`TF_PLUGIN_DIR`, else
/// `/opt/tf-plugins`), when this machine has them.
fn terraform() -> Option<(PathBuf, PathBuf)> {
    let plugins = std::env::var_os("TF_PLUGIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/tf-plugins"));
    let ok = Command::new("terraform")
        .arg("version")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
        .is_ok_and(|o| o.status.success());
    let provider = plugins.join("registry.terraform.io/hashicorp/aws");
    (ok && provider.is_dir()).then(|| (PathBuf::from("terraform"), plugins))
}

#[test]
fn terraform_plans_are_the_most_exact_input() {
    let Some((tf, plugins)) = terraform() else {
        eprintln!("SKIPPED: terraform CLI or AWS provider plugin not found (set TF_PLUGIN_DIR)");
        return;
    };
    let version = std::fs::read_dir(plugins.join("registry.terraform.io/hashicorp/aws"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .file_name()
        .to_string_lossy()
        .into_owned();
    let work = tempfile::tempdir().unwrap();
    write(
        work.path(),
        "main.tf",
        &format!(
            r#"terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws", version = "{version}" }}
  }}
}}
provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}}
variable "buckets" {{
  default = ["alpha", "beta"]
}}
resource "aws_s3_bucket" "b" {{
  for_each = toset(var.buckets)
  bucket   = "acme-${{each.key}}"
}}
resource "aws_s3_bucket_versioning" "alpha" {{
  bucket = aws_s3_bucket.b["alpha"].id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
resource "aws_security_group" "ssh" {{
  name = "ssh"
  ingress {{
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}
"#
        ),
    );
    let tf_run = |args: &[&str]| {
        let o = Command::new(&tf)
            .args(args)
            .current_dir(work.path())
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "terraform {args:?}: {}",
            text(&o.stderr)
        );
        o.stdout
    };
    tf_run(&[
        "init",
        "-backend=false",
        "-input=false",
        &format!("-plugin-dir={}", plugins.display()),
    ]);
    tf_run(&["plan", "-input=false", "-refresh=false", "-out=tfplan"]);
    let plan = tf_run(&["show", "-json", "tfplan"]);
    let scan_dir = tempfile::tempdir().unwrap();
    std::fs::write(scan_dir.path().join("plan.json"), plan).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "iac"])
        .arg(scan_dir.path())
        .args([
            "--checks",
            "s3_bucket_versioning_enabled,ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
        ])
        .arg("--output-dir")
        .arg(out_dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let findings = findings(out_dir.path());
    let status = |check: &str, name: &str| {
        findings
            .iter()
            .find(|f| f["check_id"] == check && f["resource_name"] == name)
            .unwrap_or_else(|| panic!("no {check} on {name}: {findings:#?}"))["status"]
            .clone()
    };
    // for_each instances, and a split resource joined through the plan's references.
    assert_eq!(
        status("s3_bucket_versioning_enabled", "aws_s3_bucket.b[\"alpha\"]"),
        "PASS"
    );
    assert_eq!(
        status("s3_bucket_versioning_enabled", "aws_s3_bucket.b[\"beta\"]"),
        "FAIL"
    );
    assert_eq!(
        status(
            "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
            "aws_security_group.ssh"
        ),
        "FAIL"
    );
    assert!(
        findings
            .iter()
            .all(|f| f["location"]["file"] == "plan.json")
    );
}
