//! One typed struct per resource kind, and the registry that makes the kinds enumerable.
//!
//! Conventions every kind follows:
//! - `Option<T>` fields are skipped when `None`: *absent means the source could not tell*.
//! - A fact that is known to be "not there" is an explicit value: an empty list, `false`, or a
//!   `*_enabled: false` flag, never an absent field.
//! - Times are RFC 3339 strings (checks compare them with CEL's `timestamp()` and `now`).

pub mod aws;
pub mod docker;
pub mod k8s;

use schemars::JsonSchema;
use serde::Serialize;

/// A resource kind: its typed properties and its name.
pub trait ResourceKind: Serialize + JsonSchema {
    /// `aws.<service>.<resource>`
    const KIND: &'static str;
}

/// What the catalog needs to know about a kind.
pub struct KindInfo {
    pub kind: &'static str,
    pub description: &'static str,
    /// JSON schema of the kind's properties, envelope fields included.
    pub schema: fn() -> serde_json::Value,
}

fn schema_with_envelope<K: ResourceKind>() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(K)).expect("schema serializes");
    if let Some(props) = schema
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
    {
        for f in ["uid", "kind", "account", "region", "name", "tags"] {
            assert!(
                !props.contains_key(f),
                "kind {} declares envelope field `{f}` as a property",
                K::KIND
            );
        }
        for f in ["uid", "kind", "account", "region", "name"] {
            props.insert(f.to_string(), serde_json::json!({ "type": "string" }));
        }
        props.insert(
            "tags".to_string(),
            serde_json::json!({ "type": "object", "additionalProperties": { "type": "string" } }),
        );
    }
    schema
}

macro_rules! registry {
    ($($ty:ty => $desc:literal),* $(,)?) => {
        /// Every resource kind the model knows.
        pub fn registry() -> Vec<KindInfo> {
            vec![$(KindInfo { kind: <$ty as ResourceKind>::KIND, description: $desc, schema: schema_with_envelope::<$ty> }),*]
        }
    };
}

registry! {
    aws::Account => "AWS account-wide settings: root user, password policy, account public access block, derived monitoring and logging facts",
    aws::IamUser => "IAM user with its credentials, MFA devices, access keys and policies",
    aws::IamGroup => "IAM group with its members and policies",
    aws::IamRole => "IAM role with its trust policy and permissions",
    aws::IamPolicy => "IAM managed policy (customer managed, or AWS managed and attached)",
    aws::IamServerCertificate => "IAM server certificate (TLS certificate stored in IAM)",
    aws::S3Bucket => "S3 bucket with encryption, versioning, logging, policy, ACL and public access block",
    aws::Ec2Instance => "EC2 instance",
    aws::Ec2SecurityGroup => "EC2/VPC security group with its rules",
    aws::Ec2Volume => "EBS volume",
    aws::Ec2Snapshot => "EBS snapshot owned by the account",
    aws::Ec2Image => "AMI owned by the account",
    aws::Ec2RegionSettings => "EC2 settings of one region (EBS encryption by default)",
    aws::Vpc => "VPC with its flow logs",
    aws::VpcSubnet => "VPC subnet",
    aws::VpcRouteTable => "VPC route table",
    aws::VpcInternetGateway => "Internet gateway",
    aws::VpcNetworkAcl => "Network ACL with its entries",
    aws::CloudTrailTrail => "CloudTrail trail with its status and event selectors",
    aws::CloudTrailRegionSettings => "CloudTrail coverage of one region (derived from every trail)",
    aws::KmsKey => "KMS key with rotation status and key policy",
    aws::ConfigRegionSettings => "AWS Config recorders and their status in one region",
    aws::GuardDutyRegionSettings => "GuardDuty detectors in one region",
    aws::LogsLogGroup => "CloudWatch Logs log group with its metric filters",
    aws::CloudWatchAlarm => "CloudWatch metric alarm",
    aws::SnsTopic => "SNS topic with its policy and subscriptions",
    aws::SqsQueue => "SQS queue with its encryption and queue policy",
    aws::SecretsManagerSecret => "Secrets Manager secret (metadata only, never the value)",
    aws::DynamoDbTable => "DynamoDB table with backups, encryption and deletion protection",
    aws::EcrRepository => "ECR repository with scanning, tag mutability, encryption and policy",
    aws::RdsInstance => "RDS DB instance with encryption, backups, exposure and its user-set parameters",
    aws::RdsCluster => "RDS/Aurora DB cluster",
    aws::RdsSnapshot => "RDS DB snapshot or DB cluster snapshot owned by the account",
    aws::RdsRegionSettings => "RDS event subscriptions of one region",
    aws::LambdaFunction => "Lambda function with its resource policy, URLs and environment (names only)",
    aws::Elbv2LoadBalancer => "Application, network or gateway load balancer with listeners and attributes",
    aws::ElbLoadBalancer => "Classic load balancer with listeners and attributes",
    aws::EcsTaskDefinition => "ECS task definition (active revisions) with its containers",
    aws::EcsCluster => "ECS cluster",
    aws::EksCluster => "EKS cluster with endpoint access, logging and secrets encryption",
    aws::SsmDocument => "SSM document owned by the account, with its sharing",
    aws::SsmParameter => "SSM Parameter Store parameter (metadata; String values scanned for secrets in deep scans)",
    aws::SsmManagedInstance => "Instance managed by Systems Manager",
    aws::AcmCertificate => "ACM certificate",
    aws::CloudFrontDistribution => "CloudFront distribution with its behaviours and origins",
    aws::ApiGatewayRestApi => "API Gateway REST API with its stages and methods",
    aws::ApiGatewayV2Api => "API Gateway HTTP or WebSocket API with its stages and routes",
    aws::Wafv2WebAcl => "WAFv2 web ACL",
    aws::EfsFileSystem => "EFS file system with its policy and backup policy",
    aws::BackupVault => "AWS Backup vault",
    aws::BackupRegionSettings => "AWS Backup plans and vaults of one region",
    aws::OrganizationsSettings => "AWS Organizations membership, SCPs and delegated administrators",
    aws::SecurityHubRegionSettings => "Security Hub in one region",
    aws::AccessAnalyzerRegionSettings => "IAM Access Analyzer analyzers of one region",
    aws::ElastiCacheCluster => "ElastiCache cache cluster (node group member)",
    aws::OpenSearchDomain => "OpenSearch Service domain",
    aws::RedshiftCluster => "Redshift cluster",
    aws::KinesisStream => "Kinesis data stream",
    aws::AthenaWorkgroup => "Athena workgroup",
    aws::GlueRegionSettings => "Glue Data Catalog encryption settings of one region",
    aws::GlueConnection => "Glue connection",
    aws::GlueJob => "Glue job with its security configuration",
    aws::Route53HostedZone => "Route 53 hosted zone",
    docker::Dockerfile => "Dockerfile (or Containerfile): build stages with their base images and instructions",
    k8s::Workload => "Kubernetes workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) with its containers' effective settings",
    k8s::Role => "Kubernetes RBAC Role or ClusterRole with its rules",
    k8s::RoleBinding => "Kubernetes RBAC RoleBinding or ClusterRoleBinding",
    k8s::Service => "Kubernetes Service",
}

/// Looks a kind up by name.
pub fn kind_info(kind: &str) -> Option<KindInfo> {
    registry().into_iter().find(|k| k.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_unique_and_do_not_shadow_envelope_fields() {
        let reg = registry();
        let mut names: Vec<_> = reg.iter().map(|k| k.kind).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), reg.len());
        for k in &reg {
            assert!(
                k.kind.starts_with("aws.")
                    || k.kind.starts_with("docker.")
                    || k.kind.starts_with("k8s."),
                "{}",
                k.kind
            );
            let schema = (k.schema)();
            let props = schema["properties"].as_object().expect("object schema");
            assert!(props.contains_key("name") && props.contains_key("tags"));
        }
    }
}
