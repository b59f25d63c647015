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

/// Well-known TCP ports whose exposure to the internet the instance checks report.
pub const EXPOSURE_PORTS: &[i64] = &[
    20, 21, 22, 23, 25, 445, 1433, 1521, 2375, 2376, 3306, 3389, 5432, 5601, 5900, 6379, 7199,
    8888, 9042, 9092, 9160, 9200, 9300, 11211, 27017, 27018,
];

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

// ---------------------------------------------------------------- RDS

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RdsInstance {
    pub arn: String,
    pub engine: String,
    pub engine_version: Option<String>,
    pub instance_class: Option<String>,
    pub status: Option<String>,
    /// Member of an Aurora/Multi-AZ DB cluster (cluster settings then apply instead).
    pub cluster_id: Option<String>,
    pub publicly_accessible: bool,
    pub storage_encrypted: bool,
    pub kms_key_id: Option<String>,
    /// Days automated backups are kept; 0 = automated backups off.
    pub backup_retention_period: i64,
    pub multi_az: bool,
    pub deletion_protection: bool,
    pub auto_minor_version_upgrade: bool,
    /// Seconds between enhanced-monitoring samples; 0 = enhanced monitoring off.
    pub monitoring_interval: i64,
    pub iam_database_authentication: bool,
    pub copy_tags_to_snapshot: bool,
    /// Log types exported to CloudWatch Logs (e.g. `error`, `audit`, `postgresql`).
    pub enabled_cloudwatch_logs_exports: Vec<String>,
    pub master_username: Option<String>,
    pub port: Option<i64>,
    pub vpc_security_groups: Vec<String>,
    pub parameter_groups: Vec<String>,
    /// Parameters set by the user in the instance's parameter groups (name → value); the
    /// engine defaults are not listed.
    pub parameters: Option<std::collections::BTreeMap<String, String>>,
    pub ca_certificate: Option<String>,
}
kind!(RdsInstance, "aws.rds.instance");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RdsCluster {
    pub arn: String,
    pub engine: String,
    pub engine_version: Option<String>,
    pub status: Option<String>,
    pub storage_encrypted: bool,
    pub kms_key_id: Option<String>,
    pub backup_retention_period: i64,
    pub multi_az: bool,
    pub deletion_protection: bool,
    pub iam_database_authentication: bool,
    pub copy_tags_to_snapshot: bool,
    pub enabled_cloudwatch_logs_exports: Vec<String>,
    pub master_username: Option<String>,
    pub members: Vec<String>,
    /// Backtrack window in seconds (Aurora MySQL); 0 = off.
    pub backtrack_window: i64,
}
kind!(RdsCluster, "aws.rds.cluster");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RdsSnapshot {
    pub arn: String,
    /// `instance` (DB snapshot) or `cluster` (DB cluster snapshot).
    pub snapshot_of: String,
    /// The instance or cluster the snapshot was taken from.
    pub source_id: Option<String>,
    pub engine: Option<String>,
    /// `manual` or `automated` (only manual snapshots can be shared).
    pub snapshot_type: Option<String>,
    pub encrypted: bool,
    pub created: Option<String>,
    /// Accounts the snapshot is shared with (`all` = public), from the restore attribute.
    /// Collected in deep scans.
    pub shared_with: Option<Vec<String>>,
}
kind!(RdsSnapshot, "aws.rds.snapshot");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RdsEventSubscription {
    pub name: String,
    pub enabled: bool,
    /// `db-instance`, `db-cluster`, `db-security-group`, `db-parameter-group`, ...; absent =
    /// every source type.
    pub source_type: Option<String>,
    /// Event categories; empty = every category.
    pub event_categories: Vec<String>,
    /// Specific source ids; empty = every source of the type.
    pub source_ids: Vec<String>,
    pub sns_topic_arn: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RdsRegionSettings {
    pub event_subscriptions: Option<Vec<RdsEventSubscription>>,
    /// How many DB instances and clusters the region has (subscriptions matter only then).
    pub instance_count: Option<i64>,
    pub cluster_count: Option<i64>,
}
kind!(RdsRegionSettings, "aws.rds.region_settings");

// ---------------------------------------------------------------- Lambda

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct LambdaFunctionUrl {
    /// `NONE` (anyone with the URL) or `AWS_IAM`.
    pub auth_type: String,
    pub url: String,
    pub cors_allow_origins: Vec<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct LambdaFunction {
    pub arn: String,
    /// Absent for container-image functions.
    pub runtime: Option<String>,
    /// `Zip` or `Image`.
    pub package_type: Option<String>,
    pub role: Option<String>,
    pub handler: Option<String>,
    pub last_modified: Option<String>,
    /// The function runs in a VPC (has subnets).
    pub in_vpc: bool,
    pub vpc_id: Option<String>,
    /// X-Ray tracing mode: `Active` or `PassThrough`.
    pub tracing_mode: Option<String>,
    pub dead_letter_target: Option<String>,
    /// Names of the environment variables (values are never stored).
    pub environment_variable_names: Vec<String>,
    /// Secrets found in environment variable values (redacted).
    pub environment_secrets: Vec<SecretHit>,
    pub kms_key_arn: Option<String>,
    /// Resource-based policy (an empty document when the function has none).
    pub policy: Option<PolicyDocument>,
    /// Function URL configurations (empty when the function has none).
    pub urls: Option<Vec<LambdaFunctionUrl>>,
    /// Secrets found in the deployment package (deep scans; redacted).
    pub code_secrets: Option<Vec<SecretHit>>,
}
kind!(LambdaFunction, "aws.lambda.function");

// ---------------------------------------------------------------- Elastic Load Balancing

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct LbListener {
    pub port: i64,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE` (ELBv2) or `HTTP`, `HTTPS`,
    /// `TCP`, `SSL` (classic).
    pub protocol: String,
    /// Security policy of HTTPS/TLS listeners (e.g. `ELBSecurityPolicy-TLS13-1-2-2021-06`).
    pub ssl_policy: Option<String>,
    /// Every default action of this HTTP listener redirects to HTTPS.
    pub redirects_to_https: bool,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Elbv2LoadBalancer {
    pub arn: String,
    /// `application`, `network` or `gateway`.
    pub lb_type: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    pub dns_name: Option<String>,
    pub vpc_id: Option<String>,
    pub security_groups: Vec<String>,
    pub listeners: Option<Vec<LbListener>>,
    /// Load balancer attributes (`deletion_protection.enabled`, `access_logs.s3.enabled`,
    /// `routing.http.drop_invalid_header_fields.enabled`, `routing.http.desync_mitigation_mode`,
    /// ...), as AWS names them. AWS returns every attribute of the type; a missing key means the
    /// AWS default.
    pub attributes: Option<std::collections::BTreeMap<String, String>>,
    /// ARN of the WAFv2 web ACL protecting it (application load balancers; empty string when
    /// none).
    pub waf_web_acl: Option<String>,
}
kind!(Elbv2LoadBalancer, "aws.elbv2.load_balancer");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ElbLoadBalancer {
    pub arn: String,
    pub scheme: String,
    pub dns_name: Option<String>,
    pub listeners: Vec<LbListener>,
    pub access_logs_enabled: Option<bool>,
    pub cross_zone_enabled: Option<bool>,
    pub connection_draining_enabled: Option<bool>,
    /// `monitor`, `defensive` or `strictest`.
    pub desync_mitigation_mode: Option<String>,
}
kind!(ElbLoadBalancer, "aws.elb.load_balancer");

// ---------------------------------------------------------------- ECS, EKS

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EcsContainer {
    pub name: String,
    pub image: Option<String>,
    pub privileged: bool,
    pub readonly_root_filesystem: bool,
    /// `user` of the container; absent = the image's default (often root).
    pub user: Option<String>,
    /// A log driver is configured.
    pub logging_configured: bool,
    /// Names of plain-text environment variables (values are never stored).
    pub environment_variable_names: Vec<String>,
    /// Secrets found in plain-text environment values (deep scans; redacted).
    pub environment_secrets: Option<Vec<SecretHit>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EcsTaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: i64,
    /// `bridge`, `host`, `awsvpc` or `none`.
    pub network_mode: Option<String>,
    pub pid_mode: Option<String>,
    pub containers: Vec<EcsContainer>,
}
kind!(EcsTaskDefinition, "aws.ecs.task_definition");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EcsCluster {
    pub arn: String,
    /// `containerInsights` setting: `enabled`, `enhanced` or `disabled`.
    pub container_insights: String,
    pub status: Option<String>,
}
kind!(EcsCluster, "aws.ecs.cluster");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EksCluster {
    pub arn: String,
    pub version: Option<String>,
    pub endpoint_public_access: Option<bool>,
    pub endpoint_private_access: Option<bool>,
    pub public_access_cidrs: Option<Vec<String>>,
    /// Control-plane log types turned on (`api`, `audit`, `authenticator`,
    /// `controllerManager`, `scheduler`).
    pub enabled_log_types: Option<Vec<String>>,
    /// Kubernetes secrets are envelope-encrypted with a KMS key.
    pub secrets_encrypted: Option<bool>,
}
kind!(EksCluster, "aws.eks.cluster");

// ---------------------------------------------------------------- SSM, ACM

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SsmDocument {
    pub arn: String,
    pub document_type: Option<String>,
    /// Accounts the document is shared with (`all` = public).
    pub shared_with: Option<Vec<String>>,
    /// Secrets found in the document content (redacted).
    pub content_secrets: Option<Vec<SecretHit>>,
}
kind!(SsmDocument, "aws.ssm.document");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SsmParameter {
    pub arn: String,
    /// `String`, `StringList` or `SecureString`.
    pub parameter_type: String,
    pub tier: Option<String>,
    pub key_id: Option<String>,
    pub last_modified: Option<String>,
    /// Secrets found in the value of a `String`/`StringList` parameter (deep scans; redacted;
    /// `SecureString` values are never read).
    pub value_secrets: Option<Vec<SecretHit>>,
}
kind!(SsmParameter, "aws.ssm.parameter");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SsmManagedInstance {
    pub instance_id: String,
    /// `Online`, `ConnectionLost` or `Inactive`.
    pub ping_status: Option<String>,
    pub agent_version: Option<String>,
    pub platform: Option<String>,
    /// Patch compliance: `COMPLIANT`, `NON_COMPLIANT`, or absent when never scanned.
    pub patch_compliance: Option<String>,
}
kind!(SsmManagedInstance, "aws.ssm.managed_instance");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct AcmCertificate {
    pub arn: String,
    pub domain_name: Option<String>,
    /// `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`, ...
    pub status: Option<String>,
    /// `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE`.
    pub cert_type: Option<String>,
    /// `RSA_1024`, `RSA_2048`, `EC_prime256v1`, ...
    pub key_algorithm: Option<String>,
    pub not_after: Option<String>,
    pub in_use: bool,
}
kind!(AcmCertificate, "aws.acm.certificate");

// ---------------------------------------------------------------- CloudFront, API Gateway, WAF

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CloudFrontOrigin {
    pub id: String,
    pub domain_name: String,
    /// `s3` (S3 REST endpoint) or `custom`.
    pub origin_type: String,
    /// S3 origin reads through an origin access identity or origin access control.
    pub s3_access_restricted: bool,
    /// Custom origins: `http-only`, `match-viewer` or `https-only`.
    pub protocol_policy: Option<String>,
    /// Custom origins: protocols CloudFront may use to the origin (`SSLv3`, `TLSv1`, ...).
    pub ssl_protocols: Vec<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct CloudFrontDistribution {
    pub arn: String,
    pub domain_name: Option<String>,
    pub enabled: bool,
    /// Viewer protocol policies of the default and every other cache behaviour
    /// (`allow-all`, `redirect-to-https`, `https-only`).
    pub viewer_protocol_policies: Option<Vec<String>>,
    /// Minimum TLS version for viewers (e.g. `TLSv1.2_2021`); absent with the default
    /// CloudFront certificate.
    pub minimum_protocol_version: Option<String>,
    pub default_certificate: Option<bool>,
    pub logging_enabled: Option<bool>,
    /// WAF web ACL id or ARN; empty when none.
    pub web_acl_id: Option<String>,
    pub origins: Option<Vec<CloudFrontOrigin>>,
    pub field_level_encryption: Option<bool>,
}
kind!(CloudFrontDistribution, "aws.cloudfront.distribution");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ApiStage {
    pub name: String,
    /// Execution logging level of `*/*` (`OFF`, `ERROR`, `INFO`); REST APIs.
    pub logging_level: Option<String>,
    /// An access-log destination is configured.
    pub access_logging: bool,
    pub tracing_enabled: bool,
    pub client_certificate_id: Option<String>,
    /// WAF web ACL associated with the stage (REST APIs).
    pub web_acl_arn: Option<String>,
    pub cache_encrypted: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ApiGatewayRestApi {
    pub arn: String,
    /// `EDGE`, `REGIONAL` or `PRIVATE`.
    pub endpoint_types: Vec<String>,
    pub stages: Option<Vec<ApiStage>>,
    pub authorizer_count: Option<i64>,
    /// `METHOD /path` of methods that need no authorization (no IAM, Cognito, Lambda
    /// authorizer or API key).
    pub unauthenticated_methods: Option<Vec<String>>,
    /// Resource policy (an empty document when the API has none).
    pub policy: Option<PolicyDocument>,
}
kind!(ApiGatewayRestApi, "aws.apigateway.rest_api");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ApiGatewayV2Api {
    pub arn: String,
    /// `HTTP` or `WEBSOCKET`.
    pub protocol_type: String,
    pub endpoint: Option<String>,
    pub stages: Option<Vec<ApiStage>>,
    /// Route keys whose authorization type is `NONE`.
    pub unauthenticated_routes: Option<Vec<String>>,
}
kind!(ApiGatewayV2Api, "aws.apigatewayv2.api");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Wafv2WebAcl {
    pub arn: String,
    /// `REGIONAL` or `CLOUDFRONT`.
    pub scope: String,
    pub default_action: Option<String>,
    pub rule_count: Option<i64>,
    pub managed_rule_groups: Option<Vec<String>>,
    pub logging_enabled: Option<bool>,
    /// CloudWatch metrics are on for the web ACL and every rule.
    pub metrics_enabled: Option<bool>,
}
kind!(Wafv2WebAcl, "aws.wafv2.web_acl");

// ---------------------------------------------------------------- EFS, Backup

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EfsFileSystem {
    pub arn: String,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    /// Automatic backups (the EFS backup policy) are on.
    pub backup_enabled: Option<bool>,
    /// File system policy (an empty document when it has none: then any client that can reach
    /// a mount target has full access).
    pub policy: Option<PolicyDocument>,
    pub availability_zone: Option<String>,
    pub mount_target_count: Option<i64>,
}
kind!(EfsFileSystem, "aws.efs.file_system");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct BackupVault {
    pub arn: String,
    pub encryption_key_arn: Option<String>,
    pub locked: bool,
    pub recovery_points: Option<i64>,
    /// Vault access policy (an empty document when it has none).
    pub policy: Option<PolicyDocument>,
}
kind!(BackupVault, "aws.backup.vault");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct BackupRegionSettings {
    pub plan_count: Option<i64>,
    pub vault_count: Option<i64>,
    pub report_plan_count: Option<i64>,
}
kind!(BackupRegionSettings, "aws.backup.region_settings");

// ---------------------------------------------------------------- Organizations, Security Hub, Access Analyzer

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct OrganizationsPolicy {
    pub id: String,
    pub name: String,
    pub aws_managed: bool,
    /// Roots, OUs and accounts it is attached to.
    pub targets: Vec<String>,
    pub document: Option<PolicyDocument>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct OrganizationsSettings {
    /// The account belongs to an organization.
    pub member: bool,
    pub organization_id: Option<String>,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: Option<String>,
    pub management_account_id: Option<String>,
    /// This account is the organization's management account (SCPs and delegations below are
    /// read only there).
    pub is_management_account: bool,
    pub service_control_policies: Option<Vec<OrganizationsPolicy>>,
    /// `account-id:service-principal` for every delegated administrator.
    pub delegated_administrators: Option<Vec<String>>,
    /// Member account ids (management account only).
    pub accounts: Option<Vec<String>>,
}
kind!(OrganizationsSettings, "aws.organizations.settings");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct SecurityHubRegionSettings {
    pub enabled: bool,
    pub hub_arn: Option<String>,
    /// ARNs of the enabled standards subscriptions.
    pub standards: Option<Vec<String>>,
}
kind!(SecurityHubRegionSettings, "aws.securityhub.region_settings");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct AccessAnalyzer {
    pub arn: String,
    pub name: String,
    /// `ACCOUNT`, `ORGANIZATION`, `ACCOUNT_UNUSED_ACCESS`, ...
    pub analyzer_type: String,
    /// `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`.
    pub status: String,
    /// Active findings of this analyzer.
    pub active_findings: Option<i64>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct AccessAnalyzerRegionSettings {
    pub analyzers: Option<Vec<AccessAnalyzer>>,
}
kind!(
    AccessAnalyzerRegionSettings,
    "aws.accessanalyzer.region_settings"
);

// ---------------------------------------------------------------- data services

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct ElastiCacheCluster {
    pub arn: String,
    /// `redis`, `valkey` or `memcached`.
    pub engine: String,
    pub engine_version: Option<String>,
    pub replication_group_id: Option<String>,
    pub at_rest_encryption: bool,
    pub transit_encryption: bool,
    pub auth_token_enabled: bool,
    pub auto_minor_version_upgrade: bool,
    /// Days automatic snapshots are kept; 0 = off (Redis/Valkey only).
    pub snapshot_retention_limit: i64,
    /// Automatic failover of the replication group (`enabled`, `disabled`); absent outside
    /// replication groups.
    pub automatic_failover: Option<String>,
    pub subnet_group: Option<String>,
}
kind!(ElastiCacheCluster, "aws.elasticache.cluster");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct OpenSearchDomain {
    pub arn: String,
    pub engine_version: Option<String>,
    pub encryption_at_rest: bool,
    pub node_to_node_encryption: bool,
    pub enforce_https: bool,
    pub tls_policy: Option<String>,
    /// The domain is in a VPC (no public endpoint).
    pub in_vpc: bool,
    pub fine_grained_access_control: bool,
    /// Log types published to CloudWatch Logs (`INDEX_SLOW_LOGS`, `SEARCH_SLOW_LOGS`,
    /// `ES_APPLICATION_LOGS`, `AUDIT_LOGS`).
    pub log_publishing: Vec<String>,
    pub access_policy: Option<PolicyDocument>,
    pub dedicated_master: bool,
    pub instance_count: Option<i64>,
    pub zone_awareness: bool,
}
kind!(OpenSearchDomain, "aws.opensearch.domain");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct RedshiftCluster {
    pub arn: String,
    pub publicly_accessible: bool,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub automated_snapshot_retention: i64,
    pub allow_version_upgrade: bool,
    pub enhanced_vpc_routing: bool,
    pub master_username: Option<String>,
    pub audit_logging: Option<bool>,
    pub parameter_group: Option<String>,
}
kind!(RedshiftCluster, "aws.redshift.cluster");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct KinesisStream {
    pub arn: String,
    /// `NONE` or `KMS`.
    pub encryption_type: Option<String>,
    pub retention_hours: Option<i64>,
    pub status: Option<String>,
}
kind!(KinesisStream, "aws.kinesis.stream");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct AthenaWorkgroup {
    pub arn: String,
    pub state: Option<String>,
    /// Query results encryption: `SSE_S3`, `SSE_KMS`, `CSE_KMS`; absent = not encrypted.
    pub result_encryption: Option<String>,
    /// Workgroup settings override client-side settings.
    pub enforce_configuration: Option<bool>,
    pub publish_cloudwatch_metrics: Option<bool>,
}
kind!(AthenaWorkgroup, "aws.athena.workgroup");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GlueRegionSettings {
    /// Data Catalog metadata encryption mode: `DISABLED`, `SSE-KMS` or `SSE-KMS-WITH-SERVICE-ROLE`.
    pub catalog_encryption_mode: Option<String>,
    pub connection_password_encrypted: Option<bool>,
}
kind!(GlueRegionSettings, "aws.glue.region_settings");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GlueConnection {
    pub arn: String,
    pub connection_type: Option<String>,
    /// `JDBC_ENFORCE_SSL` is `true`.
    pub ssl_enforced: bool,
    /// Secrets found in the connection properties in plain text (redacted).
    pub property_secrets: Vec<SecretHit>,
}
kind!(GlueConnection, "aws.glue.connection");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GlueJob {
    pub arn: String,
    pub security_configuration: Option<String>,
    /// From the job's security configuration: S3 encryption mode (`DISABLED`, `SSE-KMS`,
    /// `SSE-S3`), CloudWatch and job bookmark encryption modes.
    pub s3_encryption: Option<String>,
    pub cloudwatch_encryption: Option<String>,
    pub bookmarks_encryption: Option<String>,
    /// `--enable-continuous-cloudwatch-log` is set.
    pub continuous_logging: bool,
}
kind!(GlueJob, "aws.glue.job");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct Route53HostedZone {
    pub arn: String,
    pub private_zone: bool,
    pub record_count: Option<i64>,
    /// DNS query logging to CloudWatch Logs is configured.
    pub query_logging: Option<bool>,
}
kind!(Route53HostedZone, "aws.route53.hosted_zone");
