//! AWS Security Finding Format (ASFF), the shape Security Hub's `BatchImportFindings` accepts.
//! Only findings about an AWS account (a 12-digit account id) can be imported; findings from code
//! are left out of this file (they are in every other format).

use ais_checks::Check;
use ais_model::{Finding, Severity, Status};
use serde_json::{Value, json};

use crate::ScanMeta;

/// Security Hub resource type for a resource kind (`Other` when ASFF has none).
pub fn resource_type(kind: &str) -> &'static str {
    match kind {
        "aws.s3.bucket" => "AwsS3Bucket",
        "aws.iam.user" => "AwsIamUser",
        "aws.iam.role" => "AwsIamRole",
        "aws.iam.group" => "AwsIamGroup",
        "aws.iam.policy" => "AwsIamPolicy",
        "aws.iam.access_key" => "AwsIamAccessKey",
        "aws.ec2.instance" => "AwsEc2Instance",
        "aws.ec2.security_group" => "AwsEc2SecurityGroup",
        "aws.ec2.volume" => "AwsEc2Volume",
        "aws.ec2.network_acl" => "AwsEc2NetworkAcl",
        "aws.ec2.launch_template" => "AwsEc2LaunchTemplate",
        "aws.vpc.vpc" | "aws.ec2.vpc" => "AwsEc2Vpc",
        "aws.vpc.subnet" | "aws.ec2.subnet" => "AwsEc2Subnet",
        "aws.rds.instance" => "AwsRdsDbInstance",
        "aws.rds.cluster" => "AwsRdsDbCluster",
        "aws.rds.snapshot" => "AwsRdsDbSnapshot",
        "aws.lambda.function" => "AwsLambdaFunction",
        "aws.kms.key" => "AwsKmsKey",
        "aws.cloudtrail.trail" => "AwsCloudTrailTrail",
        "aws.sns.topic" => "AwsSnsTopic",
        "aws.sqs.queue" => "AwsSqsQueue",
        "aws.dynamodb.table" => "AwsDynamoDbTable",
        "aws.eks.cluster" => "AwsEksCluster",
        "aws.ecr.repository" => "AwsEcrRepository",
        "aws.ecs.cluster" => "AwsEcsCluster",
        "aws.ecs.task_definition" => "AwsEcsTaskDefinition",
        "aws.elbv2.load_balancer" => "AwsElbv2LoadBalancer",
        "aws.elb.load_balancer" => "AwsElbLoadBalancer",
        "aws.opensearch.domain" => "AwsOpenSearchServiceDomain",
        "aws.redshift.cluster" => "AwsRedshiftCluster",
        "aws.secretsmanager.secret" => "AwsSecretsManagerSecret",
        "aws.kinesis.stream" => "AwsKinesisStream",
        "aws.cloudfront.distribution" => "AwsCloudFrontDistribution",
        "aws.efs.file_system" => "AwsEfsFileSystem",
        "aws.elasticache.cluster" => "AwsElastiCacheCacheCluster",
        "aws.apigateway.stage" => "AwsApiGatewayStage",
        "aws.wafv2.web_acl" => "AwsWafv2WebAcl",
        "aws.acm.certificate" => "AwsCertificateManagerCertificate",
        "aws.account.account" | "aws.account" => "AwsAccount",
        _ => "Other",
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut o: String = s.chars().take(max.saturating_sub(1)).collect();
    o.push('…');
    o
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFORMATIONAL",
    }
}

/// Whether Security Hub can take the finding (an AWS account is named).
pub fn importable(f: &Finding) -> bool {
    f.account.len() == 12 && f.account.bytes().all(|b| b.is_ascii_digit())
}

/// One finding in ASFF. `region` falls back to us-east-1 for global resources.
pub fn finding(f: &Finding, check: Option<&Check>, meta: &ScanMeta) -> Value {
    let region = if f.region.is_empty() || f.region == "global" || f.region == "aws-global" {
        "us-east-1"
    } else {
        f.region.as_str()
    };
    let (compliance, workflow, record) = match (f.muted, f.status) {
        (true, _) => ("FAILED", "SUPPRESSED", "ACTIVE"),
        (false, Status::Pass) => ("PASSED", "RESOLVED", "ARCHIVED"),
        (false, Status::Fail) => ("FAILED", "NEW", "ACTIVE"),
        (false, Status::Manual) => ("WARNING", "NEW", "ACTIVE"),
        (false, Status::Error) => ("NOT_AVAILABLE", "NEW", "ACTIVE"),
    };
    let compliance = if f.muted && f.status != Status::Fail {
        match f.status {
            Status::Pass => "PASSED",
            Status::Manual => "WARNING",
            _ => "NOT_AVAILABLE",
        }
    } else {
        compliance
    };
    let mut v = json!({
        "SchemaVersion": "2018-10-08",
        "Id": format!("{}/{}", meta.tool, f.fingerprint),
        "ProductArn": format!("arn:aws:securityhub:{region}:{}:product/{}/default", f.account, f.account),
        "ProductName": meta.tool,
        "CompanyName": meta.tool,
        "GeneratorId": format!("{}/{}", meta.tool, f.check_id),
        "AwsAccountId": f.account,
        "Region": region,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "CreatedAt": meta.finished_at,
        "UpdatedAt": meta.finished_at,
        "Severity": { "Label": label(f.severity) },
        "Title": truncate(&f.check_title, 256),
        "Description": truncate(if f.status_extended.is_empty() { &f.check_title } else { &f.status_extended }, 1024),
        "ProductFields": {
            "ai-security/CheckId": f.check_id,
            "ai-security/Status": f.status.as_str(),
            "ai-security/Service": f.service,
        },
        "Resources": [{
            "Type": resource_type(&f.resource_kind),
            "Id": truncate(&f.resource_uid, 512),
            "Partition": "aws",
            "Region": region,
        }],
        "Compliance": { "Status": compliance },
        "Workflow": { "Status": workflow },
        "RecordState": record,
    });
    if !f.compliance.is_empty() {
        v["Compliance"]["RelatedRequirements"] = f
            .compliance
            .iter()
            .take(32)
            .map(|c| Value::String(truncate(c, 256)))
            .collect();
    }
    let text = check
        .map(|c| c.remediation.text.trim())
        .unwrap_or(f.remediation.as_str());
    if !text.is_empty() {
        let mut rec = json!({ "Text": truncate(text, 512) });
        if let Some(url) = check.and_then(|c| c.references.first()) {
            rec["Url"] = Value::String(url.clone());
        }
        v["Remediation"] = json!({ "Recommendation": rec });
    }
    if !f.resource_tags.is_empty() {
        v["Resources"][0]["Tags"] = f
            .resource_tags
            .iter()
            .take(50)
            .map(|(k, val)| (k.clone(), Value::String(val.clone())))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    if let Some(note) = &f.mute_reason {
        v["Note"] = json!({ "Text": truncate(note, 512), "UpdatedBy": meta.tool, "UpdatedAt": meta.finished_at });
    }
    v
}
