"""Moto seed for the governance and data-services group (prefix "t-gov-").

Covers EFS file systems, AWS Backup (vaults and region settings), Organizations, Security Hub,
OpenSearch domains, Kinesis data streams, Athena workgroups, Glue (catalog settings,
connections, jobs) and Route 53 hosted zones. IAM Access Analyzer has no moto backend, so
nothing is seeded for it.

scenario "main": per-resource PASS/FAIL pairs; account and region settings are left as a fresh
account has them (no backup plan, vault or report plan, no organization, Security Hub off, Glue
Data Catalog encryption off).

scenario "hardened": AWS Backup with a plan, a report plan and two vaults (one locked with a KMS
key, one plain: the vault checks' pairs live here because a vault in "main" would make
backup_vaults_exist pass there), an organization with all features and a customer managed SCP
attached to the root, Security Hub enabled, and Glue Data Catalog metadata and connection
password encryption on.
"""

import json

ACCOUNT = "123456789012"
REGION = "us-east-1"
PREFIX = "t-gov-"


def _doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _vpc(client):
    ec2 = client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"{PREFIX}vpc"}])
    subnets = {}
    for i, az in enumerate(["us-east-1a", "us-east-1b"]):
        subnets[az] = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.77.{i}.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(GroupName=f"{PREFIX}data", Description="t-gov data services",
                                   VpcId=vpc)["GroupId"]
    return vpc, subnets, sg


def _efs(client, subnets, sg):
    efs = client("efs", REGION)

    def fs(name, **kw):
        return efs.create_file_system(CreationToken=name, Tags=[{"Key": "Name", "Value": name}], **kw)["FileSystemId"]

    # Encrypted, automatic backups, Regional with mount targets in two zones, and the console's
    # default policy (everyone, but only through a mount target) plus a TLS-only deny.
    good = fs(f"{PREFIX}efs-good", Encrypted=True, Backup=True)
    for subnet in subnets.values():
        efs.create_mount_target(FileSystemId=good, SubnetId=subnet, SecurityGroups=[sg])
    arn = f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{good}"
    efs.put_file_system_policy(FileSystemId=good, Policy=_doc(
        {"Sid": "mount-target-only", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], "Resource": arn,
         "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}},
        {"Sid": "tls-only", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*", "Resource": arn,
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    ))

    # Unencrypted, no backup policy, one mount target, policy open to everyone.
    bad = fs(f"{PREFIX}efs-bad", Encrypted=False, Backup=False)
    efs.create_mount_target(FileSystemId=bad, SubnetId=subnets["us-east-1a"], SecurityGroups=[sg])
    efs.put_file_system_policy(FileSystemId=bad, Policy=_doc(
        {"Sid": "everyone", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite",
                    "elasticfilesystem:ClientRootAccess"],
         "Resource": f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{bad}"},
    ))

    # One Zone storage (moto, like AWS, turns automatic backups on for it); no policy.
    onezone = fs(f"{PREFIX}efs-onezone", Encrypted=True, AvailabilityZoneName="us-east-1a")
    efs.create_mount_target(FileSystemId=onezone, SubnetId=subnets["us-east-1a"], SecurityGroups=[sg])


def _opensearch(client, subnets, sg):
    os_ = client("opensearch", REGION)
    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/opensearch/{PREFIX}domains"
    domain_arn = lambda n: f"arn:aws:es:{REGION}:{ACCOUNT}:domain/{n}/*"

    name = f"{PREFIX}os-good"
    os_.create_domain(
        DomainName=name, EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceType": "r6g.large.search", "InstanceCount": 3, "ZoneAwarenessEnabled": True,
                       "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3}, "DedicatedMasterEnabled": True,
                       "DedicatedMasterType": "m6g.large.search", "DedicatedMasterCount": 3},
        EBSOptions={"EBSEnabled": True, "VolumeType": "gp3", "VolumeSize": 20},
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": False,
                                 "MasterUserOptions": {"MasterUserARN": f"arn:aws:iam::{ACCOUNT}:role/{PREFIX}search-admin"}},
        LogPublishingOptions={t: {"CloudWatchLogsLogGroupArn": log_group, "Enabled": True}
                              for t in ["SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS", "AUDIT_LOGS"]},
        VPCOptions={"SubnetIds": list(subnets.values()), "SecurityGroupIds": [sg]},
        AccessPolicies=_doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                             "Action": "es:*", "Resource": domain_arn(name)}),
    )

    # Public endpoint, policy open to everyone, no encryption, HTTP allowed, no logs, one node.
    name = f"{PREFIX}os-bad"
    os_.create_domain(
        DomainName=name, EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceType": "t3.small.search", "InstanceCount": 1, "ZoneAwarenessEnabled": False},
        EncryptionAtRestOptions={"Enabled": False},
        NodeToNodeEncryptionOptions={"Enabled": False},
        DomainEndpointOptions={"EnforceHTTPS": False},
        AccessPolicies=_doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*",
                             "Resource": domain_arn(name)}),
    )

    # Public endpoint but the policy only admits one IP range; only index slow logs; three
    # nodes without zone awareness.
    name = f"{PREFIX}os-iprestricted"
    os_.create_domain(
        DomainName=name, EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceType": "r6g.large.search", "InstanceCount": 3, "ZoneAwarenessEnabled": False},
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        LogPublishingOptions={"INDEX_SLOW_LOGS": {"CloudWatchLogsLogGroupArn": log_group, "Enabled": True}},
        AccessPolicies=_doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:ESHttpGet",
                             "Resource": domain_arn(name),
                             "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}),
    )


def _kinesis(client):
    k = client("kinesis", REGION)
    good = f"{PREFIX}ks-good"
    k.create_stream(StreamName=good, ShardCount=1)
    k.start_stream_encryption(StreamName=good, EncryptionType="KMS", KeyId="alias/aws/kinesis")
    k.increase_stream_retention_period(StreamName=good, RetentionPeriodHours=168)
    # Defaults: no encryption, 24 hours.
    k.create_stream(StreamName=f"{PREFIX}ks-bad", ShardCount=1)


def _athena(client):
    a = client("athena", REGION)
    a.create_work_group(Name=f"{PREFIX}wg-good", Configuration={
        "ResultConfiguration": {"OutputLocation": f"s3://{PREFIX}athena-results/good/",
                                "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS",
                                                            "KmsKey": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{PREFIX}athena"}},
        "EnforceWorkGroupConfiguration": True,
        "PublishCloudWatchMetricsEnabled": True,
    })
    a.create_work_group(Name=f"{PREFIX}wg-bad", Configuration={
        "ResultConfiguration": {"OutputLocation": f"s3://{PREFIX}athena-results/bad/"},
        "EnforceWorkGroupConfiguration": False,
        "PublishCloudWatchMetricsEnabled": False,
    })


def _glue(client):
    g = client("glue", REGION)
    url = "jdbc:postgresql://orders.db.example.internal:5432/orders"
    g.create_connection(ConnectionInput={
        "Name": f"{PREFIX}conn-ssl", "ConnectionType": "JDBC",
        "ConnectionProperties": {"JDBC_CONNECTION_URL": url, "JDBC_ENFORCE_SSL": "true",
                                 # an ARN: the secret scanner treats ARNs as references
                                 "SECRET_ID": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{PREFIX}orders-db-AbCdEf"}})
    # Credentials in the properties: in PASSWORD (which GetConnections drops when the collector
    # asks with HidePassword) and embedded in the JDBC URL (always returned).
    g.create_connection(ConnectionInput={
        "Name": f"{PREFIX}conn-plain", "ConnectionType": "JDBC",
        "ConnectionProperties": {"JDBC_CONNECTION_URL": f"{url}?user=etl&password=Sup3rS3cretPassw0rd",
                                 "JDBC_ENFORCE_SSL": "false",
                                 "USERNAME": "etl", "PASSWORD": "Sup3rS3cretPassw0rd"}})

    kms = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{PREFIX}glue"
    g.create_security_configuration(Name=f"{PREFIX}sc-encrypted", EncryptionConfiguration={
        "S3Encryption": [{"S3EncryptionMode": "SSE-KMS", "KmsKeyArn": kms}],
        "CloudWatchEncryption": {"CloudWatchEncryptionMode": "SSE-KMS", "KmsKeyArn": kms},
        "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "CSE-KMS", "KmsKeyArn": kms}})
    g.create_security_configuration(Name=f"{PREFIX}sc-disabled", EncryptionConfiguration={
        "S3Encryption": [{"S3EncryptionMode": "DISABLED"}],
        "CloudWatchEncryption": {"CloudWatchEncryptionMode": "DISABLED"},
        "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "DISABLED"}})

    job = dict(Role=f"arn:aws:iam::{ACCOUNT}:role/{PREFIX}glue-job",
               Command={"Name": "glueetl", "ScriptLocation": f"s3://{PREFIX}glue-scripts/etl.py"})
    g.create_job(Name=f"{PREFIX}job-good", SecurityConfiguration=f"{PREFIX}sc-encrypted",
                 DefaultArguments={"--enable-continuous-cloudwatch-log": "true"}, **job)
    g.create_job(Name=f"{PREFIX}job-bad", SecurityConfiguration=f"{PREFIX}sc-disabled",
                 DefaultArguments={"--enable-continuous-cloudwatch-log": "false"}, **job)
    g.create_job(Name=f"{PREFIX}job-nosecconf", **job)


def _route53(client, vpc):
    r53 = client("route53", REGION)
    logs = client("logs", REGION)
    group = f"/aws/route53/{PREFIX}public-logged.example.com"
    logs.create_log_group(logGroupName=group)
    arn = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["arn"]
    if not arn.endswith(":*"):
        arn += ":*"
    logged = r53.create_hosted_zone(Name=f"{PREFIX}public-logged.example.com", CallerReference=f"{PREFIX}1")
    r53.create_query_logging_config(HostedZoneId=logged["HostedZone"]["Id"].split("/")[-1],
                                    CloudWatchLogsLogGroupArn=arn)
    r53.create_hosted_zone(Name=f"{PREFIX}public-unlogged.example.com", CallerReference=f"{PREFIX}2")
    r53.create_hosted_zone(Name=f"{PREFIX}private.example.internal", CallerReference=f"{PREFIX}3",
                           VPC={"VPCRegion": REGION, "VPCId": vpc},
                           HostedZoneConfig={"PrivateZone": True, "Comment": "private zone, skipped"})


def _main(client):
    vpc, subnets, sg = _vpc(client)
    _efs(client, subnets, sg)
    _opensearch(client, subnets, sg)
    _kinesis(client)
    _athena(client)
    _glue(client)
    _route53(client, vpc)


def _hardened(client):
    # AWS Backup: a plan into a locked, KMS-encrypted vault, a report plan, and a plain vault.
    kms = client("kms", REGION)
    key = kms.create_key(Description="t-gov backup vault key")["KeyMetadata"]["Arn"]
    bk = client("backup", REGION)
    bk.create_backup_vault(BackupVaultName=f"{PREFIX}vault-locked", EncryptionKeyArn=key)
    bk.put_backup_vault_lock_configuration(BackupVaultName=f"{PREFIX}vault-locked",
                                           MinRetentionDays=7, MaxRetentionDays=365)
    bk.create_backup_vault(BackupVaultName=f"{PREFIX}vault-plain")
    bk.create_backup_plan(BackupPlan={"BackupPlanName": f"{PREFIX}daily", "Rules": [{
        "RuleName": "daily-35d", "TargetBackupVaultName": f"{PREFIX}vault-locked",
        "ScheduleExpression": "cron(0 5 * * ? *)", "Lifecycle": {"DeleteAfterDays": 35}}]})
    bk.create_report_plan(ReportPlanName="t_gov_backup_jobs",
                          ReportDeliveryChannel={"S3BucketName": f"{PREFIX}backup-reports", "Formats": ["CSV"]},
                          ReportSetting={"ReportTemplate": "BACKUP_JOB_REPORT"})

    # Organizations: this account creates the organization (all features) and is its
    # management account; a customer managed SCP is attached to the root; no delegations.
    org = client("organizations", REGION)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    types = org.list_roots()["Roots"][0].get("PolicyTypes", [])
    if not any(t["Type"] == "SERVICE_CONTROL_POLICY" and t["Status"] == "ENABLED" for t in types):
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    scp = org.create_policy(
        Name=f"{PREFIX}baseline-guardrails", Description="deny leaving the organization and stopping CloudTrail",
        Type="SERVICE_CONTROL_POLICY",
        Content=_doc({"Sid": "protect", "Effect": "Deny",
                      "Action": ["organizations:LeaveOrganization", "cloudtrail:StopLogging",
                                 "cloudtrail:DeleteTrail"], "Resource": "*"}),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=scp, TargetId=root)

    # Security Hub on (moto has no standards API, see the expectations' gaps).
    client("securityhub", REGION).enable_security_hub(EnableDefaultStandards=True)

    # Glue Data Catalog: metadata and connection passwords encrypted.
    client("glue", REGION).put_data_catalog_encryption_settings(DataCatalogEncryptionSettings={
        "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": key},
        "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": True, "AwsKmsKeyId": key},
    })


def seed(client, scenario):
    if scenario == "main":
        _main(client)
    elif scenario == "hardened":
        _hardened(client)
