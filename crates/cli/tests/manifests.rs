//! `scan iac` on Kubernetes manifests and CloudFormation templates (YAML with short-form tags,
//! JSON as CDK writes it, SAM), and the shipped CI workflow and pre-commit hook command lines.

mod common;

use std::path::Path;

use common::*;

fn write(root: &Path, rel: &str, content: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

const DEPLOYMENT: &str = "# Source: web/templates/deployment.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:latest
          securityContext:
            privileged: true
          env:
            - name: API_TOKEN
              value: tok-8f3a9c2e7d1b4a6f
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: everyone-admin
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: Group
    name: system:authenticated
";

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "acme-${Env}-site"
      PublicAccessBlockConfiguration:
        BlockPublicPolicy: false
        RestrictPublicBuckets: false
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "${Site.Arn}/*"
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      FunctionUrlConfig:
        AuthType: NONE
"#;

const CDK: &str = r#"{
 "Resources": {
  "Queue4A7E3555": {
   "Type": "AWS::SQS::Queue",
   "Properties": { "SqsManagedSseEnabled": false }
  }
 }
}
"#;

#[test]
fn manifests_and_templates_are_checked() {
    let src = tempfile::tempdir().unwrap();
    let root = src.path();
    write(root, "k8s/app.yaml", DEPLOYMENT);
    write(
        root,
        "k8s/broken.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: [\n",
    );
    write(
        root,
        "chart/templates/pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n",
    );
    write(root, ".github/workflows/ci.yml", "on: push\njobs: {}\n");
    write(root, "cfn/site.yaml", TEMPLATE);
    write(root, "cdk.out/App.template.json", CDK);
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(ais()
        .args(["scan", "iac"])
        .arg(root)
        .arg("--output-dir")
        .arg(out_dir.path()));
    let stderr = text(&out.stderr);
    // The broken manifest makes the Kubernetes checks ERROR for that file.
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    let findings = findings(out_dir.path());
    let fails_on = |name: &str| -> Vec<&serde_json::Value> {
        findings
            .iter()
            .filter(|f| f["resource_name"] == name && f["status"] == "FAIL")
            .collect()
    };

    // Kubernetes: the document's own lines, the container's line for container findings.
    let web = fails_on("Deployment/shop/web");
    assert!(web.len() >= 5, "{web:#?}");
    assert!(web.iter().all(|f| f["location"]["file"] == "k8s/app.yaml"));
    assert!(web.iter().all(|f| {
        let l = f["location"]["start_line"].as_i64().unwrap();
        (7..=23).contains(&l)
    }));
    assert!(
        web.iter().any(|f| f["location"]["start_line"] == 17),
        "{web:#?}"
    );
    assert!(!fails_on("ClusterRoleBinding/default/everyone-admin").is_empty());
    // The token's value is in no output.
    for name in [
        "findings.json",
        "findings.csv",
        "findings.ocsf.json",
        "findings.sarif",
    ] {
        let body = std::fs::read_to_string(out_dir.path().join(name)).unwrap();
        assert!(
            !body.contains("tok-8f3a9c2e7d1b4a6f"),
            "{name} leaks the token"
        );
    }
    // The template of a chart is not a manifest yet; other YAML is left alone.
    assert!(!findings.iter().any(|f| {
        f["location"]["file"]
            .as_str()
            .is_some_and(|p| p.starts_with("chart/") || p.starts_with(".github/"))
    }));
    assert!(findings.iter().any(|f| {
        f["status"] == "ERROR"
            && f["status_extended"]
                .as_str()
                .unwrap()
                .contains("k8s/broken.yaml")
    }));

    // CloudFormation: intrinsics resolved, the policy resource joined onto its bucket.
    let site: Vec<&str> = fails_on("Site")
        .iter()
        .map(|f| f["check_id"].as_str().unwrap())
        .collect();
    assert!(site.contains(&"s3_bucket_policy_public"), "{site:?}");
    assert!(site.contains(&"s3_bucket_public_access"), "{site:?}");
    let f = findings
        .iter()
        .find(|f| f["resource_name"] == "Site" && f["check_id"] == "s3_bucket_public_access")
        .unwrap();
    assert_eq!(f["location"]["file"], "cfn/site.yaml");
    assert_eq!(f["location"]["start_line"], 7);
    // SAM function URL without authentication.
    let handler: Vec<&str> = fails_on("Handler")
        .iter()
        .map(|f| f["check_id"].as_str().unwrap())
        .collect();
    assert!(
        handler.contains(&"awslambda_function_url_public"),
        "{handler:?}"
    );
    // CDK output.
    let queue: Vec<&str> = fails_on("Queue4A7E3555")
        .iter()
        .map(|f| f["check_id"].as_str().unwrap())
        .collect();
    assert!(
        queue.contains(&"sqs_queues_server_side_encryption_enabled"),
        "{queue:?}"
    );
}

/// The command lines of the shipped GitHub workflow and pre-commit hook are accepted, and fail
/// on a high-severity finding.
#[test]
fn shipped_workflow_and_hook_commands_work() {
    let ws = workspace();
    let hooks: serde_json::Value = serde_norway::from_str(
        &std::fs::read_to_string(ws.join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    let hook = hooks[0]["entry"].as_str().unwrap().to_string();
    let workflow: serde_json::Value = serde_norway::from_str(
        &std::fs::read_to_string(ws.join(".github/workflows/security-scan.yml")).unwrap(),
    )
    .unwrap();
    let steps = workflow["jobs"]["iac"]["steps"].as_array().unwrap();
    let scan = steps
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.contains("scan iac")))
        .unwrap()
        .to_string();
    assert!(
        steps
            .iter()
            .any(|s| s["with"]["sarif_file"] == "scan-results/findings.sarif")
    );
    for line in [hook, scan] {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        for (code, tf) in [
            (
                3,
                "resource \"aws_db_instance\" \"db\" {\n  engine = \"postgres\"\n  publicly_accessible = true\n}\n",
            ),
            (
                0,
                "resource \"aws_s3_bucket\" \"ok\" {\n  bucket = \"acme-ok\"\n}\nresource \"aws_s3_bucket_versioning\" \"ok\" {\n  bucket = aws_s3_bucket.ok.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\nresource \"aws_s3_bucket_public_access_block\" \"ok\" {\n  bucket                  = aws_s3_bucket.ok.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n",
            ),
        ] {
            let repo = tempfile::tempdir().unwrap();
            std::fs::create_dir(repo.path().join(".git")).unwrap();
            write(repo.path(), "main.tf", tf);
            let out = run(ais().args(&args).current_dir(repo.path()));
            assert_eq!(
                out.status.code(),
                Some(code),
                "{line}: {}",
                text(&out.stderr)
            );
        }
    }
}
