//! Data stores: RDS DB instances, DB clusters, DB and DB cluster snapshots and per-region RDS
//! settings (event subscriptions); Redshift clusters; ElastiCache cache clusters.

use std::collections::{BTreeMap, BTreeSet};

use ais_model::Resource;
use ais_model::kinds::aws::{
    ElastiCacheCluster, RdsCluster, RdsEventSubscription, RdsInstance, RdsRegionSettings,
    RdsSnapshot, RedshiftCluster,
};

use super::{cause, list_all, per_resource, tag_map};
use crate::ctx::ts;
use crate::{Batch, Ctx};

const RDS_INSTANCE: &str = "aws.rds.instance";
const RDS_CLUSTER: &str = "aws.rds.cluster";
const RDS_SNAPSHOT: &str = "aws.rds.snapshot";
const REDSHIFT_CLUSTER: &str = "aws.redshift.cluster";
const ELASTICACHE_CLUSTER: &str = "aws.elasticache.cluster";

/// User-set parameters of every DB parameter group, or the cause it could not be read.
type GroupParameters = BTreeMap<String, Result<BTreeMap<String, String>, String>>;

pub(crate) async fn rds(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let rds = ctx.rds();
    let mut settings_errors = BTreeMap::new();

    // ---- DB instances
    let instances = list_all!(
        batch,
        ctx,
        "rds",
        "rds:DescribeDBInstances",
        &[RDS_INSTANCE],
        rds.describe_db_instances(),
        db_instances
    );
    if instances.is_none() {
        settings_errors.insert("instance_count".to_string(), last_cause(&batch));
    }

    // ---- DB clusters
    let clusters = list_all!(
        batch,
        ctx,
        "rds",
        "rds:DescribeDBClusters",
        &[RDS_CLUSTER],
        rds.describe_db_clusters(),
        db_clusters
    );
    if clusters.is_none() {
        settings_errors.insert("cluster_count".to_string(), last_cause(&batch));
    }

    // ---- Instance parameters: one DescribeDBParameters per distinct parameter group.
    if let Some(instances) = &instances {
        let groups: BTreeSet<String> = instances
            .iter()
            .flat_map(|i| parameter_group_names(i.db_parameter_groups()))
            .collect();
        let by_group: GroupParameters = per_resource(groups.into_iter().collect(), |g| {
            let rds = rds.clone();
            async move {
                let params = user_parameters(&rds, &g).await;
                (g, params)
            }
        })
        .await
        .into_iter()
        .collect();
        for i in instances {
            let mut props = instance_props(i, &ctx.region, &ctx.account);
            let mut errors = BTreeMap::new();
            match merge_parameters(&props.parameter_groups, &by_group) {
                Ok(p) => props.parameters = Some(p),
                Err(c) => {
                    errors.insert("parameters".to_string(), c);
                }
            }
            let name = i.db_instance_identifier().unwrap_or_default().to_string();
            let tags = tag_map!(i.tag_list());
            let mut r = Resource::new(props.arn.clone(), &ctx.account, &ctx.region, name, props)
                .with_tags(tags);
            r.errors = errors;
            batch.resources.push(r);
        }
    }

    if let Some(clusters) = &clusters {
        for c in clusters {
            let props = cluster_props(c, &ctx.region, &ctx.account);
            let name = c.db_cluster_identifier().unwrap_or_default().to_string();
            let tags = tag_map!(c.tag_list());
            batch.resources.push(
                Resource::new(props.arn.clone(), &ctx.account, &ctx.region, name, props)
                    .with_tags(tags),
            );
        }
    }

    // ---- Snapshots (DB snapshots, manual and automated, then DB cluster snapshots).
    let mut entries: Vec<SnapshotEntry> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for snapshot_type in ["manual", "automated"] {
        let Some(list) = list_all!(
            batch,
            ctx,
            "rds",
            "rds:DescribeDBSnapshots",
            &[RDS_SNAPSHOT],
            rds.describe_db_snapshots().snapshot_type(snapshot_type),
            db_snapshots
        ) else {
            continue;
        };
        for s in list {
            let id = s.db_snapshot_identifier().unwrap_or_default().to_string();
            if !seen.insert(format!("instance/{id}")) {
                continue;
            }
            entries.push(SnapshotEntry {
                props: db_snapshot_props(&s, &ctx.region, &ctx.account),
                tags: tag_map!(s.tag_list()),
                id,
            });
        }
    }
    if let Some(list) = list_all!(
        batch,
        ctx,
        "rds",
        "rds:DescribeDBClusterSnapshots",
        &[RDS_SNAPSHOT],
        rds.describe_db_cluster_snapshots(),
        db_cluster_snapshots
    ) {
        for s in list {
            let id = s
                .db_cluster_snapshot_identifier()
                .unwrap_or_default()
                .to_string();
            if !seen.insert(format!("cluster/{id}")) {
                continue;
            }
            entries.push(SnapshotEntry {
                props: cluster_snapshot_props(&s, &ctx.region, &ctx.account),
                tags: tag_map!(s.tag_list()),
                id,
            });
        }
    }
    let snapshots: Vec<Resource> = per_resource(entries, |entry| {
        let rds = rds.clone();
        async move {
            let SnapshotEntry {
                id,
                mut props,
                tags,
            } = entry;
            let mut errors = BTreeMap::new();
            if !shareable(props.snapshot_type.as_deref()) {
                // Only manual snapshots can be shared.
                props.shared_with = Some(Vec::new());
            } else if ctx.deep {
                let shared = if props.snapshot_of == "cluster" {
                    rds.describe_db_cluster_snapshot_attributes()
                        .db_cluster_snapshot_identifier(&id)
                        .send()
                        .await
                        .map(|out| {
                            let attrs = out
                                .db_cluster_snapshot_attributes_result()
                                .map(|r| r.db_cluster_snapshot_attributes())
                                .unwrap_or_default();
                            restore_accounts(
                                attrs
                                    .iter()
                                    .map(|a| (a.attribute_name(), a.attribute_values())),
                            )
                        })
                        .map_err(|e| cause!("rds:DescribeDBClusterSnapshotAttributes", e))
                } else {
                    rds.describe_db_snapshot_attributes()
                        .db_snapshot_identifier(&id)
                        .send()
                        .await
                        .map(|out| {
                            let attrs = out
                                .db_snapshot_attributes_result()
                                .map(|r| r.db_snapshot_attributes())
                                .unwrap_or_default();
                            restore_accounts(
                                attrs
                                    .iter()
                                    .map(|a| (a.attribute_name(), a.attribute_values())),
                            )
                        })
                        .map_err(|e| cause!("rds:DescribeDBSnapshotAttributes", e))
                };
                match shared {
                    Ok(v) => props.shared_with = Some(v),
                    Err(c) => {
                        errors.insert("shared_with".to_string(), c);
                    }
                }
            }
            let mut r = Resource::new(props.arn.clone(), &ctx.account, &ctx.region, id, props)
                .with_tags(tags);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(snapshots);

    // ---- Region settings: event subscriptions and how many databases the region has.
    let mut settings = RdsRegionSettings {
        event_subscriptions: None,
        instance_count: instances.as_ref().map(|v| v.len() as i64),
        cluster_count: clusters.as_ref().map(|v| v.len() as i64),
    };
    let mut subscriptions = Vec::new();
    let mut failed = None;
    let mut pages = rds.describe_event_subscriptions().into_paginator().send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => subscriptions.extend(p.event_subscriptions_list().iter().map(subscription)),
            Err(e) => {
                failed = Some(cause!("rds:DescribeEventSubscriptions", e));
                break;
            }
        }
    }
    match failed {
        None => settings.event_subscriptions = Some(subscriptions),
        Some(c) => {
            settings_errors.insert("event_subscriptions".to_string(), c);
        }
    }
    batch
        .resources
        .push(ctx.region_settings("rds", settings, settings_errors));
    batch
}

pub(crate) async fn redshift(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let rs = ctx.redshift();
    let Some(clusters) = list_all!(
        batch,
        ctx,
        "redshift",
        "redshift:DescribeClusters",
        &[REDSHIFT_CLUSTER],
        rs.describe_clusters(),
        clusters
    ) else {
        return batch;
    };
    let resources: Vec<Resource> = per_resource(clusters, |c| {
        let rs = rs.clone();
        async move {
            let id = c.cluster_identifier().unwrap_or_default().to_string();
            let mut props = redshift_props(&c, &ctx.region, &ctx.account);
            let mut errors = BTreeMap::new();
            match rs
                .describe_logging_status()
                .cluster_identifier(&id)
                .send()
                .await
            {
                Ok(out) => props.audit_logging = Some(out.logging_enabled().unwrap_or(false)),
                Err(e) => {
                    errors.insert(
                        "audit_logging".to_string(),
                        cause!("redshift:DescribeLoggingStatus", e),
                    );
                }
            }
            let mut r = Resource::new(props.arn.clone(), &ctx.account, &ctx.region, id, props)
                .with_tags(tag_map!(c.tags()));
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(resources);
    batch
}

pub(crate) async fn elasticache(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let ec = ctx.elasticache();
    let Some(clusters) = list_all!(
        batch,
        ctx,
        "elasticache",
        "elasticache:DescribeCacheClusters",
        &[ELASTICACHE_CLUSTER],
        ec.describe_cache_clusters(),
        cache_clusters
    ) else {
        return batch;
    };
    // Replication group id → automatic failover status; read only when some cluster is a member.
    let needs_groups = clusters.iter().any(|c| c.replication_group_id().is_some());
    let mut failover: Result<BTreeMap<String, Option<String>>, String> = Ok(BTreeMap::new());
    if needs_groups {
        let mut groups = BTreeMap::new();
        let mut pages = ec.describe_replication_groups().into_paginator().send();
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => {
                    for g in p.replication_groups() {
                        if let Some(id) = g.replication_group_id() {
                            groups.insert(
                                id.to_string(),
                                g.automatic_failover().map(|s| failover_status(s.as_str())),
                            );
                        }
                    }
                }
                Err(e) => {
                    failover = Err(cause!("elasticache:DescribeReplicationGroups", e));
                    break;
                }
            }
        }
        if failover.is_ok() {
            failover = Ok(groups);
        }
    }
    for c in &clusters {
        let mut props = cache_cluster_props(c, &ctx.region, &ctx.account);
        let mut errors = BTreeMap::new();
        if let Some(group) = &props.replication_group_id {
            match &failover {
                Ok(groups) => match groups.get(group) {
                    Some(status) => props.automatic_failover = status.clone(),
                    None => {
                        errors.insert(
                            "automatic_failover".to_string(),
                            format!(
                                "elasticache:DescribeReplicationGroups did not return replication group {group}"
                            ),
                        );
                    }
                },
                Err(why) => {
                    errors.insert("automatic_failover".to_string(), why.clone());
                }
            }
        }
        let name = c.cache_cluster_id().unwrap_or_default().to_string();
        let mut r = Resource::new(props.arn.clone(), &ctx.account, &ctx.region, name, props);
        r.errors = errors;
        batch.resources.push(r);
    }
    batch
}

// ---------------------------------------------------------------- helpers

/// A snapshot waiting for its sharing attribute.
struct SnapshotEntry {
    id: String,
    props: RdsSnapshot,
    tags: BTreeMap<String, String>,
}

/// The cause recorded by the listing that just failed (for properties derived from it).
fn last_cause(batch: &Batch) -> String {
    batch
        .errors
        .last()
        .map(|e| e.cause())
        .unwrap_or_else(|| "listing failed".to_string())
}

/// Every parameter the user set in one DB parameter group (`Source=user`), name → value.
async fn user_parameters(
    rds: &aws_sdk_rds::Client,
    group: &str,
) -> Result<BTreeMap<String, String>, String> {
    let mut params = BTreeMap::new();
    let mut pages = rds
        .describe_db_parameters()
        .db_parameter_group_name(group)
        .source("user")
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| cause!("rds:DescribeDBParameters", e))?;
        for p in page.parameters() {
            if let (Some(name), Some(value)) = (p.parameter_name(), p.parameter_value()) {
                params.insert(name.to_string(), value.to_string());
            }
        }
    }
    Ok(params)
}

/// Names of the DB parameter groups an instance uses.
fn parameter_group_names(groups: &[aws_sdk_rds::types::DbParameterGroupStatus]) -> Vec<String> {
    groups
        .iter()
        .filter_map(|g| g.db_parameter_group_name().map(str::to_string))
        .collect()
}

/// The merged parameters of `groups`, or the causes of the groups that could not be read.
fn merge_parameters(
    groups: &[String],
    by_group: &GroupParameters,
) -> Result<BTreeMap<String, String>, String> {
    let mut merged = BTreeMap::new();
    let mut causes: Vec<String> = Vec::new();
    for g in groups {
        match by_group.get(g) {
            Some(Ok(params)) => {
                merged.extend(params.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Some(Err(c)) => {
                if !causes.contains(c) {
                    causes.push(c.clone());
                }
            }
            None => causes.push(format!(
                "parameters of DB parameter group {g} were not read"
            )),
        }
    }
    if causes.is_empty() {
        Ok(merged)
    } else {
        Err(causes.join("; "))
    }
}

/// Accounts in the `restore` attribute of a snapshot (`all` = public).
fn restore_accounts<'a>(
    attrs: impl IntoIterator<Item = (Option<&'a str>, &'a [String])>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, values) in attrs {
        if name == Some("restore") {
            for v in values {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
        }
    }
    out
}

/// Whether a snapshot of this type can be shared (only manual ones; unknown type: ask).
fn shareable(snapshot_type: Option<&str>) -> bool {
    snapshot_type.is_none_or(|t| t.eq_ignore_ascii_case("manual"))
}

/// ElastiCache automatic failover status as stored (`enabled`, `disabled`, ...).
fn failover_status(status: &str) -> String {
    status.to_ascii_lowercase()
}

fn instance_props(i: &aws_sdk_rds::types::DbInstance, region: &str, account: &str) -> RdsInstance {
    let id = i.db_instance_identifier().unwrap_or_default();
    RdsInstance {
        arn: i
            .db_instance_arn()
            .map(str::to_string)
            .unwrap_or_else(|| format!("arn:aws:rds:{region}:{account}:db:{id}")),
        engine: i.engine().unwrap_or_default().to_string(),
        engine_version: i.engine_version().map(str::to_string),
        instance_class: i.db_instance_class().map(str::to_string),
        status: i.db_instance_status().map(str::to_string),
        cluster_id: i.db_cluster_identifier().map(str::to_string),
        publicly_accessible: i.publicly_accessible().unwrap_or(false),
        storage_encrypted: i.storage_encrypted().unwrap_or(false),
        kms_key_id: i.kms_key_id().map(str::to_string),
        backup_retention_period: i64::from(i.backup_retention_period().unwrap_or(0)),
        multi_az: i.multi_az().unwrap_or(false),
        deletion_protection: i.deletion_protection().unwrap_or(false),
        auto_minor_version_upgrade: i.auto_minor_version_upgrade().unwrap_or(false),
        monitoring_interval: i64::from(i.monitoring_interval().unwrap_or(0)),
        iam_database_authentication: i.iam_database_authentication_enabled().unwrap_or(false),
        copy_tags_to_snapshot: i.copy_tags_to_snapshot().unwrap_or(false),
        enabled_cloudwatch_logs_exports: i.enabled_cloudwatch_logs_exports().to_vec(),
        master_username: i.master_username().map(str::to_string),
        port: i
            .endpoint()
            .and_then(|e| e.port())
            .or_else(|| i.db_instance_port().filter(|p| *p != 0))
            .map(i64::from),
        vpc_security_groups: i
            .vpc_security_groups()
            .iter()
            .filter_map(|g| g.vpc_security_group_id().map(str::to_string))
            .collect(),
        parameter_groups: parameter_group_names(i.db_parameter_groups()),
        parameters: None,
        ca_certificate: i.ca_certificate_identifier().map(str::to_string),
    }
}

fn cluster_props(c: &aws_sdk_rds::types::DbCluster, region: &str, account: &str) -> RdsCluster {
    let id = c.db_cluster_identifier().unwrap_or_default();
    RdsCluster {
        arn: c
            .db_cluster_arn()
            .map(str::to_string)
            .unwrap_or_else(|| format!("arn:aws:rds:{region}:{account}:cluster:{id}")),
        engine: c.engine().unwrap_or_default().to_string(),
        engine_version: c.engine_version().map(str::to_string),
        status: c.status().map(str::to_string),
        storage_encrypted: c.storage_encrypted().unwrap_or(false),
        kms_key_id: c.kms_key_id().map(str::to_string),
        backup_retention_period: i64::from(c.backup_retention_period().unwrap_or(0)),
        multi_az: c.multi_az().unwrap_or(false),
        deletion_protection: c.deletion_protection().unwrap_or(false),
        iam_database_authentication: c.iam_database_authentication_enabled().unwrap_or(false),
        copy_tags_to_snapshot: c.copy_tags_to_snapshot().unwrap_or(false),
        enabled_cloudwatch_logs_exports: c.enabled_cloudwatch_logs_exports().to_vec(),
        master_username: c.master_username().map(str::to_string),
        members: c
            .db_cluster_members()
            .iter()
            .filter_map(|m| m.db_instance_identifier().map(str::to_string))
            .collect(),
        backtrack_window: c.backtrack_window().unwrap_or(0),
    }
}

fn db_snapshot_props(
    s: &aws_sdk_rds::types::DbSnapshot,
    region: &str,
    account: &str,
) -> RdsSnapshot {
    let id = s.db_snapshot_identifier().unwrap_or_default();
    RdsSnapshot {
        arn: s
            .db_snapshot_arn()
            .map(str::to_string)
            .unwrap_or_else(|| format!("arn:aws:rds:{region}:{account}:snapshot:{id}")),
        snapshot_of: "instance".to_string(),
        source_id: s.db_instance_identifier().map(str::to_string),
        engine: s.engine().map(str::to_string),
        snapshot_type: s.snapshot_type().map(str::to_string),
        encrypted: s.encrypted().unwrap_or(false),
        created: s.snapshot_create_time().map(ts),
        shared_with: None,
    }
}

fn cluster_snapshot_props(
    s: &aws_sdk_rds::types::DbClusterSnapshot,
    region: &str,
    account: &str,
) -> RdsSnapshot {
    let id = s.db_cluster_snapshot_identifier().unwrap_or_default();
    RdsSnapshot {
        arn: s
            .db_cluster_snapshot_arn()
            .map(str::to_string)
            .unwrap_or_else(|| format!("arn:aws:rds:{region}:{account}:cluster-snapshot:{id}")),
        snapshot_of: "cluster".to_string(),
        source_id: s.db_cluster_identifier().map(str::to_string),
        engine: s.engine().map(str::to_string),
        snapshot_type: s.snapshot_type().map(str::to_string),
        encrypted: s.storage_encrypted().unwrap_or(false),
        created: s.snapshot_create_time().map(ts),
        shared_with: None,
    }
}

fn subscription(s: &aws_sdk_rds::types::EventSubscription) -> RdsEventSubscription {
    RdsEventSubscription {
        name: s.cust_subscription_id().unwrap_or_default().to_string(),
        enabled: s.enabled().unwrap_or(false),
        source_type: s
            .source_type()
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        event_categories: s.event_categories_list().to_vec(),
        source_ids: s.source_ids_list().to_vec(),
        sns_topic_arn: s.sns_topic_arn().map(str::to_string),
    }
}

fn redshift_props(
    c: &aws_sdk_redshift::types::Cluster,
    region: &str,
    account: &str,
) -> RedshiftCluster {
    let id = c.cluster_identifier().unwrap_or_default();
    RedshiftCluster {
        arn: format!("arn:aws:redshift:{region}:{account}:cluster:{id}"),
        publicly_accessible: c.publicly_accessible().unwrap_or(false),
        encrypted: c.encrypted().unwrap_or(false),
        kms_key_id: c.kms_key_id().map(str::to_string),
        automated_snapshot_retention: i64::from(
            c.automated_snapshot_retention_period().unwrap_or(0),
        ),
        allow_version_upgrade: c.allow_version_upgrade().unwrap_or(false),
        enhanced_vpc_routing: c.enhanced_vpc_routing().unwrap_or(false),
        master_username: c.master_username().map(str::to_string),
        audit_logging: None,
        parameter_group: c
            .cluster_parameter_groups()
            .iter()
            .find_map(|g| g.parameter_group_name().map(str::to_string)),
    }
}

fn cache_cluster_props(
    c: &aws_sdk_elasticache::types::CacheCluster,
    region: &str,
    account: &str,
) -> ElastiCacheCluster {
    let id = c.cache_cluster_id().unwrap_or_default();
    ElastiCacheCluster {
        arn: c
            .arn()
            .map(str::to_string)
            .unwrap_or_else(|| format!("arn:aws:elasticache:{region}:{account}:cluster:{id}")),
        engine: c.engine().unwrap_or_default().to_string(),
        engine_version: c.engine_version().map(str::to_string),
        replication_group_id: c.replication_group_id().map(str::to_string),
        at_rest_encryption: c.at_rest_encryption_enabled().unwrap_or(false),
        transit_encryption: c.transit_encryption_enabled().unwrap_or(false),
        auth_token_enabled: c.auth_token_enabled().unwrap_or(false),
        auto_minor_version_upgrade: c.auto_minor_version_upgrade().unwrap_or(false),
        snapshot_retention_limit: i64::from(c.snapshot_retention_limit().unwrap_or(0)),
        automatic_failover: None,
        subnet_group: c.cache_subnet_group_name().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn merges_parameters_of_every_group() {
        let mut by_group: GroupParameters = BTreeMap::new();
        by_group.insert(
            s("a"),
            Ok(BTreeMap::from([
                (s("rds.force_ssl"), s("1")),
                (s("x"), s("a")),
            ])),
        );
        by_group.insert(s("b"), Ok(BTreeMap::from([(s("x"), s("b"))])));
        let merged = merge_parameters(&[s("a"), s("b")], &by_group).unwrap();
        assert_eq!(merged.get("rds.force_ssl").map(String::as_str), Some("1"));
        assert_eq!(merged.get("x").map(String::as_str), Some("b"));
        assert_eq!(merge_parameters(&[], &by_group), Ok(BTreeMap::new()));
    }

    #[test]
    fn failed_group_makes_parameters_unknown() {
        let mut by_group: GroupParameters = BTreeMap::new();
        by_group.insert(s("a"), Ok(BTreeMap::new()));
        by_group.insert(
            s("b"),
            Err(s("rds:DescribeDBParameters failed: AccessDenied: no")),
        );
        let err = merge_parameters(&[s("a"), s("b")], &by_group).unwrap_err();
        assert!(err.contains("AccessDenied"));
        let err = merge_parameters(&[s("missing")], &by_group).unwrap_err();
        assert!(err.contains("missing"));
    }

    #[test]
    fn restore_attribute_lists_accounts() {
        let restore = vec![s("111122223333"), s("all"), s("111122223333")];
        let other = vec![s("x")];
        let got = restore_accounts([
            (Some("other"), other.as_slice()),
            (Some("restore"), restore.as_slice()),
        ]);
        assert_eq!(got, vec![s("111122223333"), s("all")]);
        assert!(restore_accounts([(None, other.as_slice())]).is_empty());
    }

    #[test]
    fn only_manual_snapshots_are_shareable() {
        assert!(shareable(Some("manual")));
        assert!(shareable(None));
        assert!(!shareable(Some("automated")));
        assert!(!shareable(Some("awsbackup")));
    }

    #[test]
    fn failover_status_is_lowercase() {
        assert_eq!(failover_status("Enabled"), "enabled");
        assert_eq!(failover_status("disabled"), "disabled");
    }

    #[test]
    fn maps_instance() {
        use aws_sdk_rds::types::{
            DbInstance, DbParameterGroupStatus, Endpoint, Tag, VpcSecurityGroupMembership,
        };
        let i = DbInstance::builder()
            .db_instance_identifier("db1")
            .engine("postgres")
            .publicly_accessible(true)
            .storage_encrypted(true)
            .backup_retention_period(7)
            .monitoring_interval(60)
            .endpoint(Endpoint::builder().port(5432).build())
            .vpc_security_groups(
                VpcSecurityGroupMembership::builder()
                    .vpc_security_group_id("sg-1")
                    .build(),
            )
            .db_parameter_groups(
                DbParameterGroupStatus::builder()
                    .db_parameter_group_name("pg")
                    .build(),
            )
            .enabled_cloudwatch_logs_exports("postgresql")
            .tag_list(Tag::builder().key("env").value("prod").build())
            .build();
        let p = instance_props(&i, "eu-west-1", "123456789012");
        assert_eq!(p.arn, "arn:aws:rds:eu-west-1:123456789012:db:db1");
        assert_eq!(p.engine, "postgres");
        assert!(p.publicly_accessible && p.storage_encrypted);
        assert!(!p.multi_az && !p.deletion_protection);
        assert_eq!(p.backup_retention_period, 7);
        assert_eq!(p.monitoring_interval, 60);
        assert_eq!(p.port, Some(5432));
        assert_eq!(p.vpc_security_groups, vec![s("sg-1")]);
        assert_eq!(p.parameter_groups, vec![s("pg")]);
        assert_eq!(p.enabled_cloudwatch_logs_exports, vec![s("postgresql")]);
        assert_eq!(p.parameters, None);
        let tags = tag_map!(i.tag_list());
        assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
    }

    #[test]
    fn maps_cluster_and_snapshots() {
        use aws_sdk_rds::types::{DbCluster, DbClusterMember, DbClusterSnapshot, DbSnapshot};
        let c = DbCluster::builder()
            .db_cluster_identifier("c1")
            .db_cluster_arn("arn:aws:rds:eu-west-1:1:cluster:c1")
            .engine("aurora-mysql")
            .backtrack_window(3600)
            .db_cluster_members(
                DbClusterMember::builder()
                    .db_instance_identifier("i1")
                    .build(),
            )
            .build();
        let p = cluster_props(&c, "eu-west-1", "1");
        assert_eq!(p.arn, "arn:aws:rds:eu-west-1:1:cluster:c1");
        assert_eq!(p.members, vec![s("i1")]);
        assert_eq!(p.backtrack_window, 3600);
        assert_eq!(p.backup_retention_period, 0);

        let snap = DbSnapshot::builder()
            .db_snapshot_identifier("rds:db1-2024")
            .db_instance_identifier("db1")
            .snapshot_type("automated")
            .encrypted(true)
            .build();
        let p = db_snapshot_props(&snap, "eu-west-1", "1");
        assert_eq!(p.arn, "arn:aws:rds:eu-west-1:1:snapshot:rds:db1-2024");
        assert_eq!(p.snapshot_of, "instance");
        assert_eq!(p.source_id.as_deref(), Some("db1"));
        assert!(p.encrypted);
        assert_eq!(p.shared_with, None);

        let snap = DbClusterSnapshot::builder()
            .db_cluster_snapshot_identifier("cs1")
            .db_cluster_identifier("c1")
            .snapshot_type("manual")
            .build();
        let p = cluster_snapshot_props(&snap, "eu-west-1", "1");
        assert_eq!(p.arn, "arn:aws:rds:eu-west-1:1:cluster-snapshot:cs1");
        assert_eq!(p.snapshot_of, "cluster");
        assert!(!p.encrypted);
        assert_eq!(p.snapshot_type.as_deref(), Some("manual"));
    }

    #[test]
    fn maps_event_subscription() {
        let e = aws_sdk_rds::types::EventSubscription::builder()
            .cust_subscription_id("sub")
            .enabled(true)
            .source_type("db-instance")
            .event_categories_list("failure")
            .sns_topic_arn("arn:aws:sns:eu-west-1:1:t")
            .build();
        let got = subscription(&e);
        assert_eq!(got.name, "sub");
        assert!(got.enabled);
        assert_eq!(got.source_type.as_deref(), Some("db-instance"));
        assert_eq!(got.event_categories, vec![s("failure")]);
        assert!(got.source_ids.is_empty());
    }

    #[test]
    fn maps_redshift_and_elasticache() {
        use aws_sdk_redshift::types::{Cluster, ClusterParameterGroupStatus};
        let c = Cluster::builder()
            .cluster_identifier("rs1")
            .publicly_accessible(true)
            .automated_snapshot_retention_period(1)
            .cluster_parameter_groups(
                ClusterParameterGroupStatus::builder()
                    .parameter_group_name("default.redshift-1.0")
                    .build(),
            )
            .build();
        let p = redshift_props(&c, "us-east-1", "1");
        assert_eq!(p.arn, "arn:aws:redshift:us-east-1:1:cluster:rs1");
        assert!(p.publicly_accessible && !p.encrypted);
        assert_eq!(p.automated_snapshot_retention, 1);
        assert_eq!(p.parameter_group.as_deref(), Some("default.redshift-1.0"));
        assert_eq!(p.audit_logging, None);

        let c = aws_sdk_elasticache::types::CacheCluster::builder()
            .cache_cluster_id("cc1-001")
            .engine("redis")
            .replication_group_id("cc1")
            .transit_encryption_enabled(true)
            .snapshot_retention_limit(5)
            .build();
        let p = cache_cluster_props(&c, "us-east-1", "1");
        assert_eq!(p.arn, "arn:aws:elasticache:us-east-1:1:cluster:cc1-001");
        assert_eq!(p.replication_group_id.as_deref(), Some("cc1"));
        assert!(p.transit_encryption && !p.at_rest_encryption && !p.auth_token_enabled);
        assert_eq!(p.snapshot_retention_limit, 5);
        assert_eq!(p.automatic_failover, None);
    }
}
