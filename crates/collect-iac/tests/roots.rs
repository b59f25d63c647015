//! A directory with several Terraform root modules (a repository of examples, one directory per
//! environment): each root is its own state, so references and joins stay inside it, and the
//! instances several roots make of one shared module keep distinct identities.

use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn roots_do_not_share_references_or_identities() {
    let dir = tempfile::tempdir().unwrap();
    let bucket = "resource \"aws_s3_bucket\" \"this\" {}\n";
    // Root `blue` turns versioning on for its bucket; root `green` has a bucket with the same
    // address and no versioning resource. Both call the shared module.
    write(
        dir.path(),
        "blue/main.tf",
        &format!(
            "{bucket}resource \"aws_s3_bucket_versioning\" \"this\" {{\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {{\n    status = \"Enabled\"\n  }}\n}}\nmodule \"shared\" {{\n  source = \"../modules/shared\"\n}}\n"
        ),
    );
    write(
        dir.path(),
        "green/main.tf",
        &format!("{bucket}module \"shared\" {{\n  source = \"../modules/shared\"\n}}\n"),
    );
    write(dir.path(), "modules/shared/main.tf", bucket);

    let inv = ais_collect_iac::scan(dir.path(), &Default::default()).unwrap();
    let buckets: Vec<_> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.s3.bucket")
        .collect();
    let mut uids: Vec<&str> = buckets.iter().map(|r| r.uid.as_str()).collect();
    uids.sort();
    assert_eq!(
        uids,
        [
            "blue/main.tf#aws_s3_bucket.this",
            "green/main.tf#aws_s3_bucket.this",
            "modules/shared/main.tf#module.shared.aws_s3_bucket.this@blue",
            "modules/shared/main.tf#module.shared.aws_s3_bucket.this@green",
        ]
    );
    let status = |uid: &str| {
        let b = buckets.iter().find(|r| r.uid == uid).unwrap();
        b.properties["versioning"]["status"].clone()
    };
    assert_eq!(status("blue/main.tf#aws_s3_bucket.this"), "Enabled");
    // The other root's versioning resource does not reach this bucket.
    assert_ne!(status("green/main.tf#aws_s3_bucket.this"), "Enabled");
}

#[test]
fn blocks_that_create_nothing_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"
variable "create" {
  default = false
}

resource "aws_s3_bucket" "logs" {
  count = var.create ? 1 : 0
}

resource "aws_sqs_queue" "q" {
  for_each = toset([])
  name     = each.key
}

resource "aws_sns_topic" "kept" {}

module "off" {
  source = "./modules/m"
  count  = 0
}

module "on" {
  source = "./modules/m"
  create = false
}
"#,
    );
    write(
        dir.path(),
        "modules/m/main.tf",
        "variable \"create\" {\n  default = true\n}\n\nresource \"aws_kms_key\" \"this\" {\n  count = var.create ? 1 : 0\n}\n",
    );
    let inv = ais_collect_iac::scan(dir.path(), &Default::default()).unwrap();
    let got: Vec<(&str, i64, &str, &str)> = inv
        .not_created
        .iter()
        .map(|n| {
            (
                n.address.as_str(),
                n.line,
                n.file.as_str(),
                n.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("aws_s3_bucket.logs", 6, "main.tf", "count is 0"),
            ("aws_sqs_queue.q", 10, "main.tf", "for_each is empty"),
            ("module.off", 17, "main.tf", "count is 0"),
            (
                "module.on.aws_kms_key.this",
                5,
                "modules/m/main.tf",
                "count is 0"
            ),
        ]
    );
    assert!(
        inv.not_created
            .iter()
            .all(|n| n.root.as_deref() == Some("."))
    );
    // What is created is checked as usual; nothing of the blocks above is.
    let kinds: Vec<&str> = inv.resources.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["aws.sns.topic"]);
}
