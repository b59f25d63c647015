//! One typed struct per resource kind, and the registry that makes the kinds enumerable.
//!
//! Conventions every kind follows:
//! - `Option<T>` fields are skipped when `None`: *absent means the source could not tell*.
//! - A fact that is known to be "not there" is an explicit value: an empty list, `false`, or a
//!   `*_enabled: false` flag, never an absent field.
//! - Times are RFC 3339 strings (checks compare them with CEL's `timestamp()` and `now`).

pub mod aws;

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
            assert!(k.kind.starts_with("aws."), "{}", k.kind);
            let schema = (k.schema)();
            let props = schema["properties"].as_object().expect("object schema");
            assert!(props.contains_key("name") && props.contains_key("tags"));
        }
    }
}
