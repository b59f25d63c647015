"""Fixtures for RDS, Redshift and ElastiCache checks (group "data", prefix t-data-).

main: per-resource PASS/FAIL pairs, plus RDS event subscriptions that do not cover the
critical events (the us-east-1 RDS region settings FAIL).
hardened: one instance and one cluster with subscriptions that do cover them (PASS).
"""

REGION = "us-east-1"
ACCOUNT = "123456789012"
PASSWORD = "NotARealPassw0rd-123"


def _instance(rds, name, **kw):
    args = dict(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", AllocatedStorage=20,
                MasterUserPassword=PASSWORD)
    args.update(kw)
    rds.create_db_instance(**args)


def _parameter_group(rds, name, family, parameter, value):
    rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=family,
                                  Description=f"{name} (t-data fixture)")
    rds.modify_db_parameter_group(DBParameterGroupName=name, Parameters=[
        {"ParameterName": parameter, "ParameterValue": value, "ApplyMethod": "immediate"}])


def _topic(client):
    return client("sns", REGION).create_topic(Name="t-data-rds-events")["TopicArn"]


def _seed_rds_main(client, key_arn):
    rds = client("rds", REGION)

    # Standalone instances. "bad" fails every instance check; "good" passes them all.
    _instance(rds, "t-data-db-bad", Engine="mysql", EngineVersion="8.0.35", MasterUsername="admin",
              PubliclyAccessible=True, StorageEncrypted=False, BackupRetentionPeriod=0, MultiAZ=False,
              DeletionProtection=False, AutoMinorVersionUpgrade=False, MonitoringInterval=0,
              EnableIAMDatabaseAuthentication=False, CopyTagsToSnapshot=False)
    _parameter_group(rds, "t-data-pg16-force-ssl", "postgres16", "rds.force_ssl", "1")
    _instance(rds, "t-data-db-good", Engine="postgres", EngineVersion="16.3", MasterUsername="t_data_owner",
              PubliclyAccessible=False, StorageEncrypted=True, KmsKeyId=key_arn, BackupRetentionPeriod=7,
              MultiAZ=True, DeletionProtection=True, AutoMinorVersionUpgrade=True, MonitoringInterval=60,
              MonitoringRoleArn=f"arn:aws:iam::{ACCOUNT}:role/t-data-rds-monitoring",
              EnableIAMDatabaseAuthentication=True, CopyTagsToSnapshot=True,
              EnableCloudwatchLogsExports=["postgresql", "upgrade"], DBParameterGroupName="t-data-pg16-force-ssl")
    # Transport encryption, other engine paths: MySQL with require_secure_transport (PASS), and
    # PostgreSQL 14 on its default parameter group, where rds.force_ssl defaults to 0 (FAIL).
    _parameter_group(rds, "t-data-mysql80-tls", "mysql8.0", "require_secure_transport", "ON")
    _instance(rds, "t-data-db-mysql-tls", Engine="mysql", EngineVersion="8.0.35", MasterUsername="t_data_owner",
              DBParameterGroupName="t-data-mysql80-tls")
    _instance(rds, "t-data-db-pg14-default", Engine="postgres", EngineVersion="14.12", MasterUsername="t_data_owner")

    # Aurora clusters: "good" (two instances) passes every cluster check, "bad" (one) fails them.
    rds.create_db_cluster(DBClusterIdentifier="t-data-aurora-good", Engine="aurora-mysql",
                          EngineVersion="8.0.mysql_aurora.3.05.2", MasterUsername="t_data_owner",
                          MasterUserPassword=PASSWORD, StorageEncrypted=True, KmsKeyId=key_arn,
                          DeletionProtection=True, EnableIAMDatabaseAuthentication=True, CopyTagsToSnapshot=True,
                          BacktrackWindow=86400, EnableCloudwatchLogsExports=["audit", "error"],
                          BackupRetentionPeriod=7)
    rds.create_db_cluster(DBClusterIdentifier="t-data-aurora-bad", Engine="aurora-mysql",
                          EngineVersion="8.0.mysql_aurora.3.05.2", MasterUsername="admin",
                          MasterUserPassword=PASSWORD, StorageEncrypted=False, DeletionProtection=False,
                          EnableIAMDatabaseAuthentication=False, CopyTagsToSnapshot=False, BacktrackWindow=0)
    for name, cluster in [("t-data-aurora-good-1", "t-data-aurora-good"), ("t-data-aurora-good-2", "t-data-aurora-good"),
                          ("t-data-aurora-bad-1", "t-data-aurora-bad")]:
        rds.create_db_instance(DBInstanceIdentifier=name, DBClusterIdentifier=cluster, Engine="aurora-mysql",
                               DBInstanceClass="db.r6g.large")

    # Snapshots: public + unencrypted, and private (shared with one account) + encrypted.
    rds.create_db_snapshot(DBSnapshotIdentifier="t-data-snap-public", DBInstanceIdentifier="t-data-db-bad")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="t-data-snap-public", AttributeName="restore",
                                     ValuesToAdd=["all"])
    rds.create_db_snapshot(DBSnapshotIdentifier="t-data-snap-private", DBInstanceIdentifier="t-data-db-good")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="t-data-snap-private", AttributeName="restore",
                                     ValuesToAdd=["111122223333"])
    rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="t-data-csnap-public",
                                   DBClusterIdentifier="t-data-aurora-bad")
    rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="t-data-csnap-public",
                                             AttributeName="restore", ValuesToAdd=["all"])
    rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="t-data-csnap-private",
                                   DBClusterIdentifier="t-data-aurora-good")

    # Event subscriptions that look right but do not cover the critical events of every
    # instance or cluster: one category only, one named instance only, disabled.
    topic = _topic(client)
    rds.create_event_subscription(SubscriptionName="t-data-events-failure-only", SnsTopicArn=topic,
                                  SourceType="db-instance", EventCategories=["failure"], Enabled=True)
    rds.create_event_subscription(SubscriptionName="t-data-events-one-db", SnsTopicArn=topic,
                                  SourceType="db-instance", SourceIds=["t-data-db-good"], Enabled=True)
    rds.create_event_subscription(SubscriptionName="t-data-events-clusters-off", SnsTopicArn=topic,
                                  SourceType="db-cluster", EventCategories=["failure", "maintenance"], Enabled=False)


def _seed_rds_hardened(client, key_arn):
    rds = client("rds", REGION)
    _instance(rds, "t-data-db-hardened", Engine="postgres", EngineVersion="16.3", MasterUsername="t_data_owner",
              StorageEncrypted=True, KmsKeyId=key_arn, BackupRetentionPeriod=7, MultiAZ=True,
              DeletionProtection=True)
    rds.create_db_cluster(DBClusterIdentifier="t-data-aurora-hardened", Engine="aurora-postgresql",
                          EngineVersion="16.4", MasterUsername="t_data_owner", MasterUserPassword=PASSWORD,
                          StorageEncrypted=True, KmsKeyId=key_arn, DeletionProtection=True,
                          BackupRetentionPeriod=7)
    topic = _topic(client)
    rds.create_event_subscription(SubscriptionName="t-data-events-instances", SnsTopicArn=topic,
                                  SourceType="db-instance",
                                  EventCategories=["failure", "maintenance", "configuration change"], Enabled=True)
    rds.create_event_subscription(SubscriptionName="t-data-events-clusters", SnsTopicArn=topic,
                                  SourceType="db-cluster", EventCategories=["failure", "maintenance"], Enabled=True)


def _seed_redshift(client, key_arn):
    rs = client("redshift", REGION)
    common = dict(NodeType="dc2.large", ClusterType="single-node", MasterUserPassword=PASSWORD)
    rs.create_cluster(ClusterIdentifier="t-data-rs-bad", MasterUsername="awsuser", PubliclyAccessible=True,
                      Encrypted=False, AllowVersionUpgrade=False, EnhancedVpcRouting=False, **common)
    # moto turns AutomatedSnapshotRetentionPeriod=0 into 1 on create; modify_cluster keeps 0.
    rs.modify_cluster(ClusterIdentifier="t-data-rs-bad", AutomatedSnapshotRetentionPeriod=0)
    rs.create_cluster(ClusterIdentifier="t-data-rs-good", MasterUsername="t_data_dw_owner", PubliclyAccessible=False,
                      Encrypted=True, KmsKeyId=key_arn, AutomatedSnapshotRetentionPeriod=7, AllowVersionUpgrade=True,
                      EnhancedVpcRouting=True, **common)
    client("s3", REGION).create_bucket(Bucket="t-data-redshift-audit-logs")
    rs.enable_logging(ClusterIdentifier="t-data-rs-good", BucketName="t-data-redshift-audit-logs",
                      S3KeyPrefix="t-data-rs-good/")


def _seed_elasticache(client):
    ec = client("elasticache", REGION)
    node = dict(Engine="redis", CacheNodeType="cache.t3.micro", NumCacheNodes=1)
    # Standalone Redis clusters (no replication group: automatic failover does not apply, and
    # at-rest encryption cannot be turned on).
    ec.create_cache_cluster(CacheClusterId="t-data-redis-plain", AutoMinorVersionUpgrade=False,
                            SnapshotRetentionLimit=0, TransitEncryptionEnabled=False, **node)
    ec.create_cache_cluster(CacheClusterId="t-data-redis-tls", AutoMinorVersionUpgrade=True,
                            SnapshotRetentionLimit=7, TransitEncryptionEnabled=True, **node)
    # Replication groups with and without automatic failover. moto does not list the member
    # clusters it records for a replication group in DescribeCacheClusters, so the member is
    # created explicitly with ReplicationGroupId, as AWS would list it.
    for group, failover in [("t-data-rg-failover-on", True), ("t-data-rg-failover-off", False)]:
        ec.create_replication_group(ReplicationGroupId=group, ReplicationGroupDescription="t-data fixture",
                                    Engine="redis", CacheNodeType="cache.t3.micro", NumCacheClusters=2,
                                    AutomaticFailoverEnabled=failover, AtRestEncryptionEnabled=failover,
                                    TransitEncryptionEnabled=failover)
        ec.create_cache_cluster(CacheClusterId=f"{group}-001", ReplicationGroupId=group,
                                TransitEncryptionEnabled=failover, AutoMinorVersionUpgrade=True,
                                SnapshotRetentionLimit=1, **node)


def seed(client, scenario):
    kms = client("kms", REGION)
    key_arn = kms.create_key(Description=f"t-data {scenario} database key")["KeyMetadata"]["Arn"]
    if scenario == "hardened":
        _seed_rds_hardened(client, key_arn)
        return
    _seed_rds_main(client, key_arn)
    _seed_redshift(client, key_arn)
    _seed_elasticache(client)
