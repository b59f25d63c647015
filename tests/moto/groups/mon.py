"""Moto seed for the monitoring group (prefix "t-mon-").

Covers CloudTrail trails and the account-level CloudTrail/CIS section 4 monitoring facts,
AWS Config and GuardDuty region settings, KMS keys, CloudWatch Logs log groups, CloudWatch
alarms and SNS topics.

scenario "main": per-resource PASS/FAIL pairs; account and region settings are left as a
fresh account has them (no multi-region trail, no data events, no monitoring, no Config
recorder, no GuardDuty detector).

scenario "hardened": us-east-1 gets a multi-region, logging, KMS-encrypted, validated trail
delivering to CloudWatch Logs, with management and S3 data events, one metric filter and
alarm per CIS 4.x event class notifying an SNS topic with a subscriber, a Config recorder
for all supported and global resources, and a GuardDuty detector.
"""

import json

ACCOUNT = "123456789012"
REGION = "us-east-1"
PREFIX = "t-mon-"

# CIS AWS Foundations Benchmark v3.0.0, section 4: metric filter pattern per event class.
# Keys are the `monitoring.<flag>` names of the aws.account model. The Organizations pattern
# also lists CancelHandshake, CreateOrganization and EnableAllFeatures (a superset of the CIS
# list, as newer tooling expects).
CIS_PATTERNS = {
    # 4.1
    "unauthorized_api_calls": (
        '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") '
        '&& ($.sourceIPAddress != "delivery.logs.amazonaws.com") '
        '&& ($.eventName != "HeadBucket") }'
    ),
    # 4.2
    "console_signin_without_mfa": (
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
        '&& ($.userIdentity.type = "IAMUser") '
        '&& ($.responseElements.ConsoleLogin = "Success") }'
    ),
    # 4.3
    "root_usage": (
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }'
    ),
    # 4.4
    "iam_policy_changes": (
        "{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) "
        "|| ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) "
        "|| ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) "
        "|| ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) "
        "|| ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) "
        "|| ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) "
        "|| ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) "
        "|| ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) "
        "|| ($.eventName = DetachGroupPolicy)) }"
    ),
    # 4.5
    "cloudtrail_changes": (
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) "
        "|| ($.eventName = DeleteTrail) || ($.eventName = StartLogging) "
        "|| ($.eventName = StopLogging) }"
    ),
    # 4.6
    "console_auth_failures": (
        '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
    ),
    # 4.7
    "cmk_disable_or_deletion": (
        "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) "
        "|| ($.eventName = ScheduleKeyDeletion)) }"
    ),
    # 4.8
    "s3_bucket_policy_changes": (
        "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) "
        "|| ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) "
        "|| ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) "
        "|| ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) "
        "|| ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"
    ),
    # 4.9
    "config_changes": (
        "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) "
        "|| ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) "
        "|| ($.eventName = PutConfigurationRecorder)) }"
    ),
    # 4.10
    "security_group_changes": (
        "{ ($.eventName = AuthorizeSecurityGroupIngress) "
        "|| ($.eventName = AuthorizeSecurityGroupEgress) "
        "|| ($.eventName = RevokeSecurityGroupIngress) "
        "|| ($.eventName = RevokeSecurityGroupEgress) "
        "|| ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"
    ),
    # 4.11
    "nacl_changes": (
        "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) "
        "|| ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) "
        "|| ($.eventName = ReplaceNetworkAclEntry) "
        "|| ($.eventName = ReplaceNetworkAclAssociation) }"
    ),
    # 4.12
    "network_gateway_changes": (
        "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) "
        "|| ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) "
        "|| ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"
    ),
    # 4.13
    "route_table_changes": (
        "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) "
        "|| ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) "
        "|| ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) "
        "|| ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"
    ),
    # 4.14
    "vpc_changes": (
        "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) "
        "|| ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) "
        "|| ($.eventName = CreateVpcPeeringConnection) "
        "|| ($.eventName = DeleteVpcPeeringConnection) "
        "|| ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) "
        "|| ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) "
        "|| ($.eventName = EnableVpcClassicLink) }"
    ),
    # 4.15
    "organizations_changes": (
        '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") '
        '|| ($.eventName = "AttachPolicy") || ($.eventName = "CancelHandshake") '
        '|| ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganization") '
        '|| ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") '
        '|| ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") '
        '|| ($.eventName = "EnableAllFeatures") '
        '|| ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") '
        '|| ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") '
        '|| ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") '
        '|| ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") '
        '|| ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") '
        '|| ($.eventName = "UpdateOrganizationalUnit")) }'
    ),
}

CIS_NAMESPACE = "CISBenchmark"


def _trail_bucket_policy(bucket):
    """The bucket policy CloudTrail needs to deliver to `bucket` (not public)."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AWSCloudTrailAclCheck",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": "s3:GetBucketAcl",
                    "Resource": f"arn:aws:s3:::{bucket}",
                },
                {
                    "Sid": "AWSCloudTrailWrite",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{ACCOUNT}/*",
                    "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
                },
            ],
        }
    )


def _public_bucket_policy(bucket):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AWSCloudTrailWrite",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": ["s3:GetBucketAcl", "s3:PutObject"],
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                },
                {
                    "Sid": "PublicRead",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                },
            ],
        }
    )


def _log_bucket(s3, name):
    """A bucket that can receive S3 server access logs."""
    s3.create_bucket(Bucket=name)
    s3.put_bucket_acl(Bucket=name, ACL="log-delivery-write")


def _trail_bucket(s3, name, log_target=None, public=False):
    s3.create_bucket(Bucket=name)
    policy = _public_bucket_policy(name) if public else _trail_bucket_policy(name)
    s3.put_bucket_policy(Bucket=name, Policy=policy)
    if log_target:
        s3.put_bucket_logging(
            Bucket=name,
            BucketLoggingStatus={
                "LoggingEnabled": {"TargetBucket": log_target, "TargetPrefix": f"{name}/"}
            },
        )


def _key(kms, alias, rotation=True, policy=None, **kwargs):
    key = kms.create_key(Description=f"{alias} (ai-security moto test)", **kwargs)["KeyMetadata"]
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    if rotation:
        kms.enable_key_rotation(KeyId=key["KeyId"])
    if policy is not None:
        kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=json.dumps(policy))
    return key


def _root_admin_statement():
    return {
        "Sid": "EnableRootAccess",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


def _cloudtrail_logs_role(iam, name):
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(
        RoleName=name,
        PolicyName="cloudtrail-to-cloudwatch-logs",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:*",
                    }
                ],
            }
        ),
    )
    return role["Arn"]


def _log_group(logs, name, retention=None, kms_key_arn=None):
    kwargs = {"logGroupName": name}
    if kms_key_arn:
        kwargs["kmsKeyId"] = kms_key_arn
    logs.create_log_group(**kwargs)
    if retention:
        logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
    return f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}:*"


# ---------------------------------------------------------------- hardened


def _seed_hardened(client):
    s3 = client("s3", REGION)
    kms = client("kms", REGION)
    iam = client("iam", REGION)
    logs = client("logs", REGION)
    ct = client("cloudtrail", REGION)
    cw = client("cloudwatch", REGION)
    sns = client("sns", REGION)
    cfg = client("config", REGION)
    gd = client("guardduty", REGION)

    # Trail bucket with server access logging to a separate bucket.
    _log_bucket(s3, "t-mon-access-logs")
    _trail_bucket(s3, "t-mon-trail-bucket", log_target="t-mon-access-logs")

    key = _key(kms, "alias/t-mon-trail-key")
    role_arn = _cloudtrail_logs_role(iam, "t-mon-cloudtrail-logs-role")
    lg_arn = _log_group(logs, "t-mon-cloudtrail", retention=365, kms_key_arn=key["Arn"])

    ct.create_trail(
        Name="t-mon-trail",
        S3BucketName="t-mon-trail-bucket",
        IsMultiRegionTrail=True,
        IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True,
        KmsKeyId=key["Arn"],
        CloudWatchLogsLogGroupArn=lg_arn,
        CloudWatchLogsRoleArn=role_arn,
    )
    ct.put_event_selectors(
        TrailName="t-mon-trail",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
            }
        ],
    )
    ct.start_logging(Name="t-mon-trail")

    # Alarm topic with one subscriber. CloudWatch can only publish to an encrypted topic when
    # the key policy lets it use the key, which the AWS managed alias/aws/sns key does not.
    alarms_key = _key(
        kms,
        "alias/t-mon-alarms-key",
        policy={
            "Version": "2012-10-17",
            "Statement": [
                _root_admin_statement(),
                {
                    "Sid": "CloudWatchAlarmsPublish",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudwatch.amazonaws.com"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                    "Resource": "*",
                },
            ],
        },
    )
    topic_arn = sns.create_topic(
        Name="t-mon-security-alarms", Attributes={"KmsMasterKeyId": alarms_key["Arn"]}
    )["TopicArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="email", Endpoint="secops@example.com")

    # One metric filter and one alarm per CIS 4.x event class.
    for i, (flag, pattern) in enumerate(CIS_PATTERNS.items(), start=1):
        name = f"t-mon-cis-4-{i:02d}-{flag.replace('_', '-')}"
        logs.put_metric_filter(
            logGroupName="t-mon-cloudtrail",
            filterName=name,
            filterPattern=pattern,
            metricTransformations=[
                {"metricName": name, "metricNamespace": CIS_NAMESPACE, "metricValue": "1"}
            ],
        )
        cw.put_metric_alarm(
            AlarmName=name,
            MetricName=name,
            Namespace=CIS_NAMESPACE,
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            TreatMissingData="notBreaching",
            ActionsEnabled=True,
            AlarmActions=[topic_arn],
        )

    # AWS Config: all supported resource types plus global ones, recording.
    s3.create_bucket(Bucket="t-mon-config-bucket")
    config_role = iam.create_role(
        RoleName="t-mon-config-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "config.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    cfg.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "t-mon-recorder",
            "roleARN": config_role,
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    cfg.put_delivery_channel(
        DeliveryChannel={"name": "t-mon-delivery", "s3BucketName": "t-mon-config-bucket"}
    )
    cfg.start_configuration_recorder(ConfigurationRecorderName="t-mon-recorder")

    # GuardDuty.
    gd.create_detector(Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES")


# ---------------------------------------------------------------- main


def _seed_main(client):
    s3 = client("s3", REGION)
    kms = client("kms", REGION)
    iam = client("iam", REGION)
    logs = client("logs", REGION)
    ct = client("cloudtrail", REGION)
    cw = client("cloudwatch", REGION)
    sns = client("sns", REGION)

    # --- KMS keys
    trail_key = _key(kms, "alias/t-mon-key-trail")
    _key(kms, "alias/t-mon-key-rotated")
    _key(kms, "alias/t-mon-key-norotation", rotation=False)
    _key(
        kms,
        "alias/t-mon-key-public",
        policy={
            "Version": "2012-10-17",
            "Statement": [
                _root_admin_statement(),
                {
                    "Sid": "AnyoneCanDecrypt",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": ["kms:Decrypt", "kms:DescribeKey"],
                    "Resource": "*",
                },
            ],
        },
    )
    _key(
        kms,
        "alias/t-mon-key-restricted",
        policy={
            "Version": "2012-10-17",
            "Statement": [
                _root_admin_statement(),
                {
                    "Sid": "OrgOnlyDecrypt",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "kms:Decrypt",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT}},
                },
            ],
        },
    )
    deleting = _key(kms, "alias/t-mon-key-deleting")
    kms.schedule_key_deletion(KeyId=deleting["KeyId"], PendingWindowInDays=7)
    _key(
        kms,
        "alias/t-mon-key-rsa",
        rotation=False,
        KeySpec="RSA_2048",
        KeyUsage="SIGN_VERIFY",
    )

    # --- CloudWatch Logs
    _log_group(logs, "t-mon-lg-retained", retention=365, kms_key_arn=trail_key["Arn"])
    _log_group(logs, "t-mon-lg-forever")
    _log_group(logs, "t-mon-lg-short", retention=7)
    trail_lg_arn = _log_group(
        logs, "t-mon-main-trail-logs", retention=400, kms_key_arn=trail_key["Arn"]
    )

    # --- CloudTrail: a compliant single-region trail and a non-compliant one.
    _log_bucket(s3, "t-mon-main-access-logs")
    _trail_bucket(s3, "t-mon-good-trail-bucket", log_target="t-mon-main-access-logs")
    _trail_bucket(s3, "t-mon-bad-trail-bucket", public=True)
    role_arn = _cloudtrail_logs_role(iam, "t-mon-main-cloudtrail-logs-role")

    ct.create_trail(
        Name="t-mon-trail-good",
        S3BucketName="t-mon-good-trail-bucket",
        IsMultiRegionTrail=False,
        EnableLogFileValidation=True,
        KmsKeyId=trail_key["Arn"],
        CloudWatchLogsLogGroupArn=trail_lg_arn,
        CloudWatchLogsRoleArn=role_arn,
    )
    ct.start_logging(Name="t-mon-trail-good")
    ct.create_trail(
        Name="t-mon-trail-bad",
        S3BucketName="t-mon-bad-trail-bucket",
        IsMultiRegionTrail=False,
        EnableLogFileValidation=False,
    )
    # t-mon-trail-bad is never started (StartLogging not called), so it does not log.

    # --- SNS topics
    topic_ok = sns.create_topic(
        Name="t-mon-topic-encrypted", Attributes={"KmsMasterKeyId": "alias/aws/sns"}
    )["TopicArn"]
    sns.subscribe(TopicArn=topic_ok, Protocol="email", Endpoint="oncall@example.com")
    sns.create_topic(Name="t-mon-topic-plain")
    public_arn = sns.create_topic(Name="t-mon-topic-public")["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=public_arn,
        AttributeName="Policy",
        AttributeValue=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "AnyonePublish",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": ["sns:Publish", "sns:Subscribe"],
                        "Resource": public_arn,
                    }
                ],
            }
        ),
    )
    cross_arn = sns.create_topic(Name="t-mon-topic-cross")["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=cross_arn,
        AttributeName="Policy",
        AttributeValue=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "PartnerPublish",
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                        "Action": "sns:Publish",
                        "Resource": cross_arn,
                    }
                ],
            }
        ),
    )

    # --- CloudWatch alarms
    alarm = dict(
        MetricName="Errors",
        Namespace="t-mon/App",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    cw.put_metric_alarm(
        AlarmName="t-mon-alarm-notifies", ActionsEnabled=True, AlarmActions=[topic_ok], **alarm
    )
    cw.put_metric_alarm(AlarmName="t-mon-alarm-no-actions", ActionsEnabled=True, **alarm)
    cw.put_metric_alarm(
        AlarmName="t-mon-alarm-disabled", ActionsEnabled=False, AlarmActions=[topic_ok], **alarm
    )


def seed(client, scenario):
    if scenario == "hardened":
        _seed_hardened(client)
    elif scenario == "main":
        _seed_main(client)
    else:
        raise ValueError(f"unknown scenario {scenario!r}")
