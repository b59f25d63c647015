//! AWS resource kinds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use super::ResourceKind;
use crate::policy::PolicyDocument;

macro_rules! kind {
    ($ty:ty, $name:literal) => {
        impl ResourceKind for $ty {
            const KIND: &'static str = $name;
        }
    };
}

// ---------------------------------------------------------------- account

/// Account-wide settings and facts derived across services.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Account {
    pub account_id: String,
    pub password_policy: Option<PasswordPolicy>,
    pub root: Option<RootUser>,
    /// Account-level S3 Block Public Access (all four `false` when none is configured).
    pub s3_public_access_block: Option<PublicAccessBlock>,
    /// Some IAM role has the `AWSSupportAccess` managed policy attached.
    pub support_role_exists: Option<bool>,
    /// Users, groups or roles that have `AWSCloudShellFullAccess` attached.
    pub cloudshell_full_access_entities: Option<Vec<String>>,
    /// Some logging trail records S3 object-level write events for all buckets.
    pub cloudtrail_s3_write_data_events: Option<bool>,
    /// Some logging trail records S3 object-level read events for all buckets.
    pub cloudtrail_s3_read_data_events: Option<bool>,
    /// For each monitored event class (CIS section 4): an alarm watches a metric filter on the
    /// log group of a logging multi-region trail and notifies an SNS topic with a subscriber.
    pub monitoring: Option<Monitoring>,
}
kind!(Account, "aws.account");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct PasswordPolicy {
    /// `false` when the account has no password policy (AWS defaults apply).
    pub configured: bool,
    pub minimum_length: Option<i64>,
    pub require_uppercase: Option<bool>,
    pub require_lowercase: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_symbols: Option<bool>,
    pub allow_users_to_change: Option<bool>,
    /// Days before a password expires; 0 when passwords never expire.
    pub max_age_days: Option<i64>,
    /// How many previous passwords cannot be reused; 0 when reuse is allowed.
    pub reuse_prevention: Option<i64>,
    pub hard_expiry: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RootUser {
    pub mfa_enabled: Option<bool>,
    /// MFA is enabled and no virtual MFA device is assigned to root.
    pub hardware_mfa_enabled: Option<bool>,
    pub access_keys_present: Option<bool>,
    /// Last time the root password was used, if ever (RFC 3339).
    pub password_last_used: Option<String>,
    /// Last time any root access key was used, if ever (RFC 3339).
    pub access_key_last_used: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub fn all(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }
}

/// CIS monitoring controls: one flag per event class.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Monitoring {
    pub unauthorized_api_calls: bool,
    pub console_signin_without_mfa: bool,
    pub root_usage: bool,
    pub iam_policy_changes: bool,
    pub cloudtrail_changes: bool,
    pub console_auth_failures: bool,
    pub cmk_disable_or_deletion: bool,
    pub s3_bucket_policy_changes: bool,
    pub config_changes: bool,
    pub security_group_changes: bool,
    pub nacl_changes: bool,
    pub network_gateway_changes: bool,
    pub route_table_changes: bool,
    pub vpc_changes: bool,
    pub organizations_changes: bool,
}

// ---------------------------------------------------------------- IAM

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct AttachedPolicy {
    pub name: String,
    pub arn: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct InlinePolicy {
    pub name: String,
    pub document: PolicyDocument,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct MfaDevice {
    pub serial_number: String,
    /// A virtual (software) device rather than a hardware one.
    pub is_virtual: bool,
    pub enabled_at: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct AccessKey {
    pub id: String,
    /// `Active` or `Inactive`.
    pub status: String,
    pub created: Option<String>,
    /// Whether the key was ever used (from the credential report).
    pub used: Option<bool>,
    pub last_used: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct IamUser {
    pub arn: String,
    pub user_id: Option<String>,
    pub path: Option<String>,
    pub created: Option<String>,
    /// The user has a console password (login profile).
    pub password_enabled: Option<bool>,
    pub password_last_used: Option<String>,
    pub password_last_changed: Option<String>,
    pub mfa_devices: Option<Vec<MfaDevice>>,
    pub access_keys: Option<Vec<AccessKey>>,
    pub attached_policies: Option<Vec<AttachedPolicy>>,
    pub inline_policies: Option<Vec<InlinePolicy>>,
    pub groups: Option<Vec<String>>,
    /// Some policy attached to the user directly, inline, or through a group, grants `*` on `*`.
    pub has_admin_access: Option<bool>,
}
kind!(IamUser, "aws.iam.user");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct IamGroup {
    pub arn: String,
    pub users: Option<Vec<String>>,
    pub attached_policies: Option<Vec<AttachedPolicy>>,
    pub inline_policies: Option<Vec<InlinePolicy>>,
}
kind!(IamGroup, "aws.iam.group");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct IamRole {
    pub arn: String,
    pub path: Option<String>,
    pub created: Option<String>,
    /// Roles under `/aws-service-role/`, created and managed by AWS services.
    pub service_linked: bool,
    pub trust_policy: Option<PolicyDocument>,
    pub attached_policies: Option<Vec<AttachedPolicy>>,
    pub inline_policies: Option<Vec<InlinePolicy>>,
    pub last_used: Option<String>,
    pub has_admin_access: Option<bool>,
}
kind!(IamRole, "aws.iam.role");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct IamPolicy {
    pub arn: String,
    /// Managed by AWS (`arn:aws:iam::aws:policy/...`) rather than by the customer.
    pub aws_managed: bool,
    pub attachment_count: Option<i64>,
    pub default_version: Option<String>,
    pub document: Option<PolicyDocument>,
}
kind!(IamPolicy, "aws.iam.policy");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct IamServerCertificate {
    pub arn: String,
    pub expiration: Option<String>,
    pub uploaded: Option<String>,
}
kind!(IamServerCertificate, "aws.iam.server_certificate");

// ---------------------------------------------------------------- S3

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct S3Encryption {
    /// Default encryption configured (S3 applies SSE-S3 to every bucket since January 2023).
    pub enabled: bool,
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub algorithm: Option<String>,
    pub kms_key_id: Option<String>,
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct S3Versioning {
    /// `Enabled`, `Suspended` or `Disabled` (never enabled).
    pub status: String,
    pub mfa_delete: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct S3Logging {
    pub enabled: bool,
    pub target_bucket: Option<String>,
    pub target_prefix: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct S3Grant {
    /// `CanonicalUser`, `Group` or `AmazonCustomerByEmail`.
    pub grantee_type: String,
    pub grantee: Option<String>,
    /// `FULL_CONTROL`, `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`.
    pub permission: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct S3Acl {
    pub owner_id: Option<String>,
    pub grants: Vec<S3Grant>,
    /// A grant to AllUsers or AuthenticatedUsers allows reading.
    pub public_read: bool,
    /// A grant to AllUsers or AuthenticatedUsers allows writing or changing the ACL.
    pub public_write: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct S3Bucket {
    pub arn: String,
    pub created: Option<String>,
    pub encryption: Option<S3Encryption>,
    pub versioning: Option<S3Versioning>,
    pub logging: Option<S3Logging>,
    /// Bucket policy (an empty document when the bucket has none).
    pub policy: Option<PolicyDocument>,
    pub acl: Option<S3Acl>,
    /// Bucket-level Block Public Access (all four `false` when none is configured).
    pub public_access_block: Option<PublicAccessBlock>,
    /// Account-level Block Public Access, copied here because it protects every bucket.
    pub account_public_access_block: Option<PublicAccessBlock>,
    pub object_lock_enabled: Option<bool>,
    /// Derived: the bucket is readable or writable by anyone after the account and bucket
    /// public access blocks are applied to its policy and ACL.
    pub is_public: Option<bool>,
}
kind!(S3Bucket, "aws.s3.bucket");

// ---------------------------------------------------------------- EC2

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only) or `optional`.
    pub http_tokens: String,
    /// `enabled` or `disabled`.
    pub http_endpoint: String,
    pub http_put_response_hop_limit: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SecretHit {
    /// Which detector matched (e.g. `aws_access_key_id`, `private_key`).
    pub rule: String,
    pub line: i64,
    /// The match with all but its first four characters masked.
    pub redacted: String,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Ec2Instance {
    pub instance_id: String,
    pub state: Option<String>,
    pub instance_type: Option<String>,
    pub image_id: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_id: Option<String>,
    pub launch_time: Option<String>,
    pub public_ip: Option<String>,
    pub has_public_ip: bool,
    pub private_ip: Option<String>,
    pub iam_instance_profile: Option<String>,
    pub has_instance_profile: bool,
    pub metadata_options: Option<MetadataOptions>,
    /// `enabled` (detailed monitoring) or `disabled`.
    pub monitoring: Option<String>,
    pub security_groups: Vec<String>,
    /// Derived: well-known TCP ports (see the analyzer's list) that anyone on the internet can
    /// reach, because the instance has a public IP and one of its security groups allows the
    /// port from `0.0.0.0/0` or `::/0`. Empty for instances without a public IP.
    pub internet_exposed_ports: Option<Vec<i64>>,
    pub user_data_present: Option<bool>,
    /// Secrets found in user data (deep scans); the raw user data is never stored.
    pub user_data_secrets: Option<Vec<SecretHit>>,
}
kind!(Ec2Instance, "aws.ec2.instance");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SgRule {
    /// `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number.
    pub protocol: String,
    /// First port; 0 when the rule covers all ports.
    pub from_port: i64,
    /// Last port; 65535 when the rule covers all ports.
    pub to_port: i64,
    pub ipv4_ranges: Vec<String>,
    pub ipv6_ranges: Vec<String>,
    pub security_groups: Vec<String>,
    pub prefix_lists: Vec<String>,
    /// Source or destination includes `0.0.0.0/0`.
    pub open_ipv4: bool,
    /// Source or destination includes `::/0`.
    pub open_ipv6: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Ec2SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub is_default: bool,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
    /// Network interfaces using the group.
    pub attached_interfaces: Option<i64>,
}
kind!(Ec2SecurityGroup, "aws.ec2.security_group");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Ec2Volume {
    pub volume_id: String,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub state: Option<String>,
    pub size_gib: Option<i64>,
    pub attached_instances: Vec<String>,
}
kind!(Ec2Volume, "aws.ec2.volume");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Ec2Snapshot {
    pub snapshot_id: String,
    pub encrypted: bool,
    pub volume_id: Option<String>,
    pub started: Option<String>,
    /// Anyone can create a volume from the snapshot.
    pub public: Option<bool>,
    /// Account ids the snapshot is shared with.
    pub shared_with: Option<Vec<String>>,
}
kind!(Ec2Snapshot, "aws.ec2.snapshot");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Ec2Image {
    pub image_id: String,
    pub public: bool,
    pub state: Option<String>,
    pub created: Option<String>,
    pub deprecation_time: Option<String>,
    /// Every EBS block device of the image is encrypted.
    pub encrypted: Option<bool>,
}
kind!(Ec2Image, "aws.ec2.image");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Ec2RegionSettings {
    pub ebs_encryption_by_default: Option<bool>,
}
kind!(Ec2RegionSettings, "aws.ec2.region_settings");

// ---------------------------------------------------------------- VPC

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct FlowLog {
    pub id: String,
    /// `ACTIVE` when delivering.
    pub status: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: Option<String>,
    pub destination_type: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Vpc {
    pub vpc_id: String,
    pub cidr_block: Option<String>,
    pub is_default: bool,
    pub state: Option<String>,
    pub flow_logs: Option<Vec<FlowLog>>,
}
kind!(Vpc, "aws.vpc.vpc");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct VpcSubnet {
    pub subnet_id: String,
    pub vpc_id: Option<String>,
    pub cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub map_public_ip_on_launch: bool,
    pub default_for_az: bool,
}
kind!(VpcSubnet, "aws.vpc.subnet");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Route {
    pub destination: String,
    /// `gateway`, `nat_gateway`, `vpc_peering`, `transit_gateway`, `instance`, `local`, …
    pub target_type: String,
    pub target_id: Option<String>,
    pub state: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct VpcRouteTable {
    pub route_table_id: String,
    pub vpc_id: Option<String>,
    pub main: bool,
    pub routes: Vec<Route>,
    pub associated_subnets: Vec<String>,
}
kind!(VpcRouteTable, "aws.vpc.route_table");

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct VpcInternetGateway {
    pub internet_gateway_id: String,
    pub attached_vpcs: Vec<String>,
}
kind!(VpcInternetGateway, "aws.vpc.internet_gateway");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct NaclEntry {
    pub rule_number: i64,
    /// `-1` (all), `tcp`, `udp`, `icmp` or a protocol number.
    pub protocol: String,
    /// `allow` or `deny`.
    pub action: String,
    pub egress: bool,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub from_port: i64,
    pub to_port: i64,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct VpcNetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: Option<String>,
    pub is_default: bool,
    pub entries: Vec<NaclEntry>,
    pub associated_subnets: Vec<String>,
    /// Derived, honouring rule order: TCP ports among 22 and 3389 that the ACL lets in from
    /// `0.0.0.0/0` or `::/0`.
    pub admin_ports_open_to_internet: Vec<i64>,
}
kind!(VpcNetworkAcl, "aws.vpc.network_acl");

// ---------------------------------------------------------------- CloudTrail

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct TrailSelectors {
    /// Management events are recorded.
    pub management_events: bool,
    /// `All`, `ReadOnly`, `WriteOnly` or `None` for management events.
    pub management_read_write: String,
    /// S3 object-level read events are recorded for all buckets.
    pub s3_data_events_read: bool,
    /// S3 object-level write events are recorded for all buckets.
    pub s3_data_events_write: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CloudTrailTrail {
    pub arn: String,
    pub home_region: Option<String>,
    pub multi_region: bool,
    pub organization_trail: bool,
    pub log_file_validation: bool,
    pub kms_key_id: Option<String>,
    pub kms_encrypted: bool,
    pub s3_bucket: Option<String>,
    pub cloudwatch_logs_log_group_arn: Option<String>,
    pub cloudwatch_logs_enabled: bool,
    pub is_logging: Option<bool>,
    pub latest_cloudwatch_logs_delivery: Option<String>,
    pub selectors: Option<TrailSelectors>,
    /// Derived: the trail's S3 bucket has server access logging enabled.
    pub s3_bucket_logging_enabled: Option<bool>,
    /// Derived: the trail's S3 bucket is public.
    pub s3_bucket_public: Option<bool>,
}
kind!(CloudTrailTrail, "aws.cloudtrail.trail");

/// CloudTrail coverage of one region, derived from every trail of the account.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CloudTrailRegionSettings {
    /// A logging multi-region trail records all management events (read and write), so this
    /// region and every region enabled later are covered.
    pub multi_region_trail_logging: Option<bool>,
    /// Names of the logging trails whose events include this region.
    pub logging_trails: Option<Vec<String>>,
}
kind!(CloudTrailRegionSettings, "aws.cloudtrail.region_settings");

// ---------------------------------------------------------------- KMS

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct KmsKey {
    pub key_id: String,
    pub arn: String,
    /// `CUSTOMER` or `AWS`.
    pub manager: Option<String>,
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    pub state: Option<String>,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, …
    pub spec: Option<String>,
    pub usage: Option<String>,
    pub rotation_enabled: Option<bool>,
    pub policy: Option<PolicyDocument>,
    pub deletion_date: Option<String>,
}
kind!(KmsKey, "aws.kms.key");

// ---------------------------------------------------------------- Config, GuardDuty

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ConfigRecorder {
    pub name: String,
    pub all_supported: bool,
    pub include_global_resource_types: bool,
    pub recording: Option<bool>,
    pub last_status: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ConfigRegionSettings {
    pub recorders: Option<Vec<ConfigRecorder>>,
    pub delivery_channels: Option<i64>,
}
kind!(ConfigRegionSettings, "aws.config.region_settings");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GuardDutyDetector {
    pub detector_id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: Option<String>,
    pub finding_publishing_frequency: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GuardDutyRegionSettings {
    pub detectors: Option<Vec<GuardDutyDetector>>,
}
kind!(GuardDutyRegionSettings, "aws.guardduty.region_settings");

// ---------------------------------------------------------------- CloudWatch Logs, alarms, SNS

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct MetricFilter {
    pub name: String,
    pub pattern: String,
    pub metric_name: Option<String>,
    pub metric_namespace: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct LogsLogGroup {
    pub arn: String,
    /// Days events are kept; 0 when they never expire.
    pub retention_days: i64,
    pub kms_encrypted: bool,
    pub kms_key_id: Option<String>,
    pub stored_bytes: Option<i64>,
    pub metric_filters: Option<Vec<MetricFilter>>,
}
kind!(LogsLogGroup, "aws.logs.log_group");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CloudWatchAlarm {
    pub arn: String,
    pub metric_name: Option<String>,
    pub namespace: Option<String>,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub state: Option<String>,
}
kind!(CloudWatchAlarm, "aws.cloudwatch.alarm");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SnsTopic {
    pub arn: String,
    pub kms_encrypted: bool,
    pub kms_key_id: Option<String>,
    pub policy: Option<PolicyDocument>,
    pub subscriptions_confirmed: Option<i64>,
    pub subscriptions_pending: Option<i64>,
}
kind!(SnsTopic, "aws.sns.topic");

// ---------------------------------------------------------------- SQS, Secrets Manager, ECR

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SqsQueue {
    pub arn: String,
    pub url: String,
    /// Encrypted at rest, with SQS-managed keys (SSE-SQS) or a KMS key (SSE-KMS).
    pub encrypted: bool,
    pub sqs_managed_sse: bool,
    pub kms_key_id: Option<String>,
    /// Queue policy (an empty document when the queue has none).
    pub policy: Option<PolicyDocument>,
}
kind!(SqsQueue, "aws.sqs.queue");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SecretsManagerSecret {
    pub arn: String,
    pub rotation_enabled: bool,
    /// Days between automatic rotations, when a schedule is set.
    pub rotation_days: Option<i64>,
    pub last_rotated: Option<String>,
    pub last_accessed: Option<String>,
    pub kms_key_id: Option<String>,
}
kind!(SecretsManagerSecret, "aws.secretsmanager.secret");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EcrRepository {
    pub arn: String,
    pub uri: Option<String>,
    pub scan_on_push: bool,
    /// `MUTABLE` or `IMMUTABLE` (or the `*_WITH_EXCLUSION` variants).
    pub image_tag_mutability: String,
    /// `AES256`, `KMS` or `KMS_DSSE`.
    pub encryption_type: Option<String>,
    /// Repository policy (an empty document when the repository has none).
    pub policy: Option<PolicyDocument>,
}
kind!(EcrRepository, "aws.ecr.repository");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct DynamoDbTable {
    pub arn: String,
    pub status: Option<String>,
    /// Point-in-time recovery (continuous backups) is on.
    pub pitr_enabled: Option<bool>,
    /// `AWS_OWNED` (the default, no key in the account) or `KMS`.
    pub sse_type: String,
    pub kms_key_arn: Option<String>,
    /// The table is encrypted with a customer managed KMS key (not AWS owned or AWS managed).
    pub customer_managed_key: Option<bool>,
    pub deletion_protection: Option<bool>,
}
kind!(DynamoDbTable, "aws.dynamodb.table");
