//! Governance and data services: EFS file systems, AWS Backup vaults and region settings,
//! Organizations settings (SCPs, delegated administrators, accounts), Security Hub and IAM
//! Access Analyzer region settings, OpenSearch domains, Kinesis streams, Athena workgroups,
//! Glue catalog settings, connections and jobs, Route 53 hosted zones.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ais_model::Resource;
use ais_model::kinds::aws::{
    AccessAnalyzer, AccessAnalyzerRegionSettings, AthenaWorkgroup, BackupRegionSettings,
    BackupVault, EfsFileSystem, GlueConnection, GlueJob, GlueRegionSettings, KinesisStream,
    OpenSearchDomain, OrganizationsPolicy, OrganizationsSettings, Route53HostedZone,
    SecurityHubRegionSettings,
};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, list_failed, per_resource};
use crate::ctx::code_of;
use crate::{Batch, Ctx};

/// Every item of a paginated listing, or the cause of the failure (`Result<Vec<T>, String>`).
/// `all_pages!("svc:Operation", request_builder, items_accessor)`.
macro_rules! all_pages {
    ($op:expr, $request:expr, $items:ident) => {{
        let mut all = Vec::new();
        let mut res: Result<(), String> = Ok(());
        let mut pages = $request.into_paginator().send();
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => all.extend(p.$items().iter().cloned()),
                Err(e) => {
                    res = Err(cause!($op, e));
                    break;
                }
            }
        }
        res.map(|()| all)
    }};
}

/// Pages of findings counted per analyzer at most (the count is a lower bound beyond).
const MAX_FINDING_PAGES: usize = 10;

/// Active findings of one analyzer over at most [`MAX_FINDING_PAGES`] pages, or the cause of
/// the failure. `count_findings!("svc:Operation", request_builder)`.
macro_rules! count_findings {
    ($op:expr, $request:expr) => {{
        let mut n: i64 = 0;
        let mut res: Result<(), String> = Ok(());
        let mut pages = $request.into_paginator().send();
        let mut seen = 0usize;
        while seen < MAX_FINDING_PAGES {
            match pages.next().await {
                Some(Ok(p)) => {
                    n += p.findings().len() as i64;
                    seen += 1;
                }
                Some(Err(e)) => {
                    res = Err(cause!($op, e));
                    break;
                }
                None => break,
            }
        }
        res.map(|()| n)
    }};
}

// ---------------------------------------------------------------- EFS

pub(crate) async fn efs(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let efs = ctx.efs();
    let Some(filesystems) = list_all!(
        batch,
        ctx,
        "efs",
        "efs:DescribeFileSystems",
        &["aws.efs.file_system"],
        efs.describe_file_systems(),
        file_systems
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(filesystems, |fs| {
        let efs = efs.clone();
        async move {
            let id = fs.file_system_id().to_string();
            let arn = fs.file_system_arn().map(str::to_string).unwrap_or_else(|| {
                format!(
                    "arn:aws:elasticfilesystem:{}:{}:file-system/{id}",
                    ctx.region, ctx.account
                )
            });
            let mut props = EfsFileSystem {
                arn: arn.clone(),
                encrypted: fs.encrypted().unwrap_or(false),
                kms_key_id: fs.kms_key_id().map(str::to_string),
                backup_enabled: None,
                policy: None,
                availability_zone: fs.availability_zone_name().map(str::to_string),
                mount_target_count: Some(i64::from(fs.number_of_mount_targets())),
            };
            let mut errors = BTreeMap::new();
            match efs
                .describe_backup_policy()
                .file_system_id(&id)
                .send()
                .await
            {
                Ok(out) => {
                    props.backup_enabled = Some(
                        out.backup_policy()
                            .is_some_and(|p| backup_on(p.status().as_str())),
                    )
                }
                Err(e) if code_of(&e).as_deref() == Some("PolicyNotFound") => {
                    props.backup_enabled = Some(false);
                }
                Err(e) => {
                    errors.insert(
                        "backup_enabled".to_string(),
                        cause!("efs:DescribeBackupPolicy", e),
                    );
                }
            }
            match efs
                .describe_file_system_policy()
                .file_system_id(&id)
                .send()
                .await
            {
                Ok(out) => match out.policy().filter(|p| !p.trim().is_empty()) {
                    Some(text) => match PolicyDocument::parse(text, &ctx.account) {
                        Ok(d) => props.policy = Some(d),
                        Err(e) => {
                            errors.insert("policy".to_string(), e);
                        }
                    },
                    None => props.policy = Some(PolicyDocument::none()),
                },
                Err(e) if code_of(&e).as_deref() == Some("PolicyNotFound") => {
                    props.policy = Some(PolicyDocument::none());
                }
                Err(e) => {
                    errors.insert(
                        "policy".to_string(),
                        cause!("efs:DescribeFileSystemPolicy", e),
                    );
                }
            }
            let tags = fs
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect();
            // The Name tag when set (as the console shows it), else the id.
            let name = fs
                .name()
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .unwrap_or(id);
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props).with_tags(tags);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

/// An EFS backup policy status that means automatic backups are on (or being turned on).
fn backup_on(status: &str) -> bool {
    matches!(status, "ENABLED" | "ENABLING")
}

// ---------------------------------------------------------------- Backup

pub(crate) async fn backup(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let bk = ctx.backup();
    let mut settings = BackupRegionSettings::default();
    let mut errors = BTreeMap::new();

    // Vaults (a failed listing also leaves the region's vault count unknown).
    let mut vaults = Vec::new();
    let mut listed = true;
    let mut pages = bk.list_backup_vaults().into_paginator().send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => vaults.extend(p.backup_vault_list().iter().cloned()),
            Err(e) => {
                errors.insert(
                    "vault_count".to_string(),
                    cause!("backup:ListBackupVaults", e),
                );
                list_failed!(
                    batch,
                    ctx,
                    "backup",
                    "backup:ListBackupVaults",
                    &["aws.backup.vault"],
                    e
                );
                listed = false;
                break;
            }
        }
    }
    if listed {
        settings.vault_count = Some(vaults.len() as i64);
        let rs: Vec<Resource> = per_resource(vaults, |v| {
            let bk = bk.clone();
            async move {
                let name = v.backup_vault_name().unwrap_or_default().to_string();
                let arn = v.backup_vault_arn().map(str::to_string).unwrap_or_else(|| {
                    format!(
                        "arn:aws:backup:{}:{}:backup-vault:{name}",
                        ctx.region, ctx.account
                    )
                });
                let mut props = BackupVault {
                    arn: arn.clone(),
                    encryption_key_arn: v.encryption_key_arn().map(str::to_string),
                    locked: v.locked().unwrap_or(false),
                    recovery_points: Some(v.number_of_recovery_points()),
                    policy: None,
                };
                let mut errors = BTreeMap::new();
                match bk
                    .get_backup_vault_access_policy()
                    .backup_vault_name(&name)
                    .send()
                    .await
                {
                    Ok(out) => match out.policy().filter(|p| !p.trim().is_empty()) {
                        Some(text) => match PolicyDocument::parse(text, &ctx.account) {
                            Ok(d) => props.policy = Some(d),
                            Err(e) => {
                                errors.insert("policy".to_string(), e);
                            }
                        },
                        None => props.policy = Some(PolicyDocument::none()),
                    },
                    Err(e) if code_of(&e).as_deref() == Some("ResourceNotFoundException") => {
                        props.policy = Some(PolicyDocument::none());
                    }
                    Err(e) => {
                        errors.insert(
                            "policy".to_string(),
                            cause!("backup:GetBackupVaultAccessPolicy", e),
                        );
                    }
                }
                let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
                r.errors = errors;
                r
            }
        })
        .await;
        batch.resources.extend(rs);
    }

    match all_pages!(
        "backup:ListBackupPlans",
        bk.list_backup_plans(),
        backup_plans_list
    ) {
        Ok(plans) => settings.plan_count = Some(plans.len() as i64),
        Err(c) => {
            errors.insert("plan_count".to_string(), c);
        }
    }
    match all_pages!(
        "backup:ListReportPlans",
        bk.list_report_plans(),
        report_plans
    ) {
        Ok(plans) => settings.report_plan_count = Some(plans.len() as i64),
        Err(c) => {
            errors.insert("report_plan_count".to_string(), c);
        }
    }
    batch
        .resources
        .push(ctx.region_settings("backup", settings, errors));
    batch
}

// ---------------------------------------------------------------- Organizations

/// Organizations settings of the account (a global service: called once).
pub(crate) async fn organizations(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let org = ctx.organizations();
    let mut settings = OrganizationsSettings::default();
    let mut errors = BTreeMap::new();
    match org.describe_organization().send().await {
        Ok(out) => {
            settings.member = true;
            if let Some(o) = out.organization() {
                settings.organization_id = o.id().map(str::to_string);
                settings.feature_set = o.feature_set().map(|f| f.as_str().to_string());
                settings.management_account_id = o.master_account_id().map(str::to_string);
            }
            settings.is_management_account =
                settings.management_account_id.as_deref() == Some(ctx.account.as_str());
        }
        Err(e) if code_of(&e).as_deref() == Some("AWSOrganizationsNotInUseException") => {
            settings.member = false;
        }
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                "organizations",
                "organizations:DescribeOrganization",
                &["aws.organizations.settings"],
                e
            );
            return batch;
        }
    }

    if settings.is_management_account {
        // Service control policies, with their targets and documents.
        match all_pages!(
            "organizations:ListPolicies",
            org.list_policies()
                .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy),
            policies
        ) {
            Ok(summaries) => {
                let results: Vec<Result<(OrganizationsPolicy, Option<String>), String>> =
                    per_resource(summaries, |s| {
                        let org = org.clone();
                        async move { service_control_policy(&org, &s, &ctx.account).await }
                    })
                    .await;
                let mut policies = Vec::new();
                let mut failed = None;
                let mut doc_errors = Vec::new();
                for r in results {
                    match r {
                        Ok((p, doc_error)) => {
                            doc_errors.extend(doc_error);
                            policies.push(p);
                        }
                        Err(c) => failed = Some(c),
                    }
                }
                match failed {
                    // Without the targets, an unattached policy would look attached nowhere.
                    Some(c) => {
                        errors.insert("service_control_policies".to_string(), c);
                    }
                    None => {
                        policies.sort_by(|a, b| a.id.cmp(&b.id));
                        settings.service_control_policies = Some(policies);
                        // The listing stands; the documents that could not be read are absent.
                        if !doc_errors.is_empty() {
                            doc_errors.sort();
                            errors.insert(
                                "service_control_policies".to_string(),
                                doc_errors.join("; "),
                            );
                        }
                    }
                }
            }
            Err(c) => {
                errors.insert("service_control_policies".to_string(), c);
            }
        }

        // Delegated administrators and the services delegated to each.
        match all_pages!(
            "organizations:ListDelegatedAdministrators",
            org.list_delegated_administrators(),
            delegated_administrators
        ) {
            Ok(admins) => {
                let ids: Vec<String> = admins
                    .iter()
                    .filter_map(|a| a.id().map(str::to_string))
                    .collect();
                let results: Vec<Result<Vec<String>, String>> = per_resource(ids, |account| {
                    let org = org.clone();
                    async move { delegated_services(&org, &account).await }
                })
                .await;
                let mut all = Vec::new();
                let mut failed = None;
                for r in results {
                    match r {
                        Ok(v) => all.extend(v),
                        Err(c) => failed = Some(c),
                    }
                }
                match failed {
                    Some(c) => {
                        errors.insert("delegated_administrators".to_string(), c);
                    }
                    None => {
                        all.sort();
                        settings.delegated_administrators = Some(all);
                    }
                }
            }
            Err(c) => {
                errors.insert("delegated_administrators".to_string(), c);
            }
        }

        // Member accounts.
        match all_pages!("organizations:ListAccounts", org.list_accounts(), accounts) {
            Ok(accounts) => {
                let mut ids: Vec<String> = accounts
                    .iter()
                    .filter_map(|a| a.id().map(str::to_string))
                    .collect();
                ids.sort();
                settings.accounts = Some(ids);
            }
            Err(c) => {
                errors.insert("accounts".to_string(), c);
            }
        }
    }

    let uid = format!("arn:aws:organizations::{}:settings", ctx.account);
    let mut r = Resource::new(uid, &ctx.account, &ctx.region, "organization", settings);
    r.errors = errors;
    batch.resources.push(r);
    batch
}

/// One service control policy with the roots, OUs and accounts it is attached to; `Err` when
/// its targets could not be listed. The second value is why its document is missing, if it is.
async fn service_control_policy(
    org: &aws_sdk_organizations::Client,
    s: &aws_sdk_organizations::types::PolicySummary,
    account: &str,
) -> Result<(OrganizationsPolicy, Option<String>), String> {
    let id = s.id().unwrap_or_default().to_string();
    let targets = all_pages!(
        "organizations:ListTargetsForPolicy",
        org.list_targets_for_policy().policy_id(&id),
        targets
    )?;
    let mut targets: Vec<String> = targets
        .iter()
        .filter_map(|t| t.target_id().map(str::to_string))
        .collect();
    targets.sort();
    let mut policy = OrganizationsPolicy {
        id: id.clone(),
        name: s.name().unwrap_or_default().to_string(),
        aws_managed: s.aws_managed(),
        targets,
        document: None,
    };
    let doc_error = match org.describe_policy().policy_id(&id).send().await {
        Ok(out) => match PolicyDocument::parse(
            out.policy().and_then(|p| p.content()).unwrap_or("{}"),
            account,
        ) {
            Ok(d) => {
                policy.document = Some(d);
                None
            }
            Err(e) => Some(format!("policy {id}: {e}")),
        },
        Err(e) => Some(cause!("organizations:DescribePolicy", e)),
    };
    Ok((policy, doc_error))
}

/// `account-id:service-principal` for every service delegated to one administrator account.
async fn delegated_services(
    org: &aws_sdk_organizations::Client,
    account: &str,
) -> Result<Vec<String>, String> {
    let services = all_pages!(
        "organizations:ListDelegatedServicesForAccount",
        org.list_delegated_services_for_account()
            .account_id(account),
        delegated_services
    )?;
    Ok(services
        .iter()
        .filter_map(|s| s.service_principal())
        .map(|p| delegation(account, p))
        .collect())
}

/// `account-id:service-principal`, one delegated administration.
fn delegation(account: &str, service: &str) -> String {
    format!("{account}:{service}")
}

// ---------------------------------------------------------------- Security Hub

pub(crate) async fn securityhub(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let sh = ctx.securityhub();
    let mut settings = SecurityHubRegionSettings::default();
    let mut errors = BTreeMap::new();
    match sh.describe_hub().send().await {
        Ok(out) => {
            settings.enabled = true;
            settings.hub_arn = out.hub_arn().map(str::to_string);
            match all_pages!(
                "securityhub:GetEnabledStandards",
                sh.get_enabled_standards(),
                standards_subscriptions
            ) {
                Ok(subs) => settings.standards = Some(active_standards(&subs)),
                Err(c) => {
                    errors.insert("standards".to_string(), c);
                }
            }
        }
        // The account is not subscribed to Security Hub in this region.
        Err(e)
            if matches!(
                code_of(&e).as_deref(),
                Some("InvalidAccessException") | Some("ResourceNotFoundException")
            ) =>
        {
            settings.enabled = false;
            settings.standards = Some(Vec::new());
        }
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                "securityhub",
                "securityhub:DescribeHub",
                &["aws.securityhub.region_settings"],
                e
            );
            return batch;
        }
    }
    batch
        .resources
        .push(ctx.region_settings("securityhub", settings, errors));
    batch
}

/// Subscription ARNs of the standards that are enabled (`READY`, or `INCOMPLETE`: enabled with
/// some controls failing to enable), sorted.
fn active_standards(subs: &[aws_sdk_securityhub::types::StandardsSubscription]) -> Vec<String> {
    let mut v: Vec<String> = subs
        .iter()
        .filter(|s| {
            matches!(
                s.standards_status().map(|x| x.as_str()),
                Some("READY") | Some("INCOMPLETE")
            )
        })
        .filter_map(|s| s.standards_subscription_arn().map(str::to_string))
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- Access Analyzer

pub(crate) async fn accessanalyzer(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let aa = ctx.accessanalyzer();
    let Some(summaries) = list_all!(
        batch,
        ctx,
        "accessanalyzer",
        "access-analyzer:ListAnalyzers",
        &["aws.accessanalyzer.region_settings"],
        aa.list_analyzers(),
        analyzers
    ) else {
        return batch;
    };
    let results: Vec<(AccessAnalyzer, Option<String>)> = per_resource(summaries, |s| {
        let aa = aa.clone();
        async move {
            let mut a = AccessAnalyzer {
                arn: s.arn().to_string(),
                name: s.name().to_string(),
                analyzer_type: s.r#type().as_str().to_string(),
                status: s.status().as_str().to_string(),
                active_findings: None,
            };
            if a.status != "ACTIVE" {
                return (a, None);
            }
            let active = || {
                aws_sdk_accessanalyzer::types::Criterion::builder()
                    .eq("ACTIVE")
                    .build()
            };
            // ListFindings covers external access findings only; the other analyzer types
            // (unused and internal access) answer through ListFindingsV2.
            let count = if external_access(&a.analyzer_type) {
                count_findings!(
                    "access-analyzer:ListFindings",
                    aa.list_findings()
                        .analyzer_arn(&a.arn)
                        .filter("status", active())
                )
            } else {
                count_findings!(
                    "access-analyzer:ListFindingsV2",
                    aa.list_findings_v2()
                        .analyzer_arn(&a.arn)
                        .filter("status", active())
                )
            };
            match count {
                Ok(n) => {
                    a.active_findings = Some(n);
                    (a, None)
                }
                Err(c) => (a, Some(format!("analyzer {}: {c}", s.name()))),
            }
        }
    })
    .await;
    let mut analyzers = Vec::new();
    let mut failures = Vec::new();
    for (a, err) in results {
        failures.extend(err);
        analyzers.push(a);
    }
    analyzers.sort_by(|a, b| a.arn.cmp(&b.arn));
    let mut errors = BTreeMap::new();
    if !failures.is_empty() {
        // The analyzers are known; the findings counts left out are the unknown part.
        failures.sort();
        errors.insert("analyzers".to_string(), failures.join("; "));
    }
    let settings = AccessAnalyzerRegionSettings {
        analyzers: Some(analyzers),
    };
    batch
        .resources
        .push(ctx.region_settings("accessanalyzer", settings, errors));
    batch
}

/// Analyzer types whose findings are external access findings (ListFindings).
fn external_access(analyzer_type: &str) -> bool {
    matches!(analyzer_type, "ACCOUNT" | "ORGANIZATION")
}

// ---------------------------------------------------------------- OpenSearch

/// Domains per DescribeDomains request (the API maximum).
const DOMAINS_PER_CALL: usize = 5;

pub(crate) async fn opensearch(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let os = ctx.opensearch();
    let names: Vec<String> = match os.list_domain_names().send().await {
        Ok(out) => out
            .domain_names()
            .iter()
            .filter_map(|d| d.domain_name().map(str::to_string))
            .collect(),
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                "opensearch",
                "es:ListDomainNames",
                &["aws.opensearch.domain"],
                e
            );
            return batch;
        }
    };
    let chunks: Vec<Vec<String>> = names
        .chunks(DOMAINS_PER_CALL)
        .map(<[String]>::to_vec)
        .collect();
    let groups: Vec<Vec<Resource>> = per_resource(chunks, |chunk| {
        let os = os.clone();
        async move {
            let rs: Vec<Resource> = match os
                .describe_domains()
                .set_domain_names(Some(chunk.clone()))
                .send()
                .await
            {
                Ok(out) => out
                    .domain_status_list()
                    .iter()
                    .map(|d| opensearch_domain(ctx, d))
                    .collect(),
                Err(e) => {
                    // Listed but not described: every property is unknown (the plain booleans
                    // are left out rather than reading as `false`).
                    let c = cause!("es:DescribeDomains", e);
                    chunk
                        .iter()
                        .map(|name| {
                            let arn =
                                format!("arn:aws:es:{}:{}:domain/{name}", ctx.region, ctx.account);
                            let mut r = Resource::new(
                                arn.clone(),
                                &ctx.account,
                                &ctx.region,
                                name,
                                OpenSearchDomain {
                                    arn: arn.clone(),
                                    ..Default::default()
                                },
                            );
                            r.properties = serde_json::json!({ "arn": arn });
                            for f in OPENSEARCH_FIELDS {
                                r.property_error(f, c.clone());
                            }
                            r
                        })
                        .collect()
                }
            };
            rs
        }
    })
    .await;
    batch.resources.extend(groups.into_iter().flatten());
    batch
}

/// The properties DescribeDomains provides.
const OPENSEARCH_FIELDS: [&str; 12] = [
    "engine_version",
    "encryption_at_rest",
    "node_to_node_encryption",
    "enforce_https",
    "tls_policy",
    "in_vpc",
    "fine_grained_access_control",
    "log_publishing",
    "access_policy",
    "dedicated_master",
    "instance_count",
    "zone_awareness",
];

fn opensearch_domain(ctx: &Ctx, d: &aws_sdk_opensearch::types::DomainStatus) -> Resource {
    let name = d.domain_name().to_string();
    let arn = if d.arn().is_empty() {
        format!("arn:aws:es:{}:{}:domain/{name}", ctx.region, ctx.account)
    } else {
        d.arn().to_string()
    };
    let endpoint = d.domain_endpoint_options();
    let cluster = d.cluster_config();
    let mut errors = BTreeMap::new();
    let access_policy = match d.access_policies().filter(|p| !p.trim().is_empty()) {
        None => Some(PolicyDocument::none()),
        Some(text) => match PolicyDocument::parse(text, &ctx.account) {
            Ok(doc) => Some(doc),
            Err(e) => {
                errors.insert("access_policy".to_string(), e);
                None
            }
        },
    };
    let props = OpenSearchDomain {
        arn: arn.clone(),
        engine_version: d.engine_version().map(str::to_string),
        encryption_at_rest: d
            .encryption_at_rest_options()
            .and_then(|o| o.enabled())
            .unwrap_or(false),
        node_to_node_encryption: d
            .node_to_node_encryption_options()
            .and_then(|o| o.enabled())
            .unwrap_or(false),
        enforce_https: endpoint.and_then(|o| o.enforce_https()).unwrap_or(false),
        tls_policy: endpoint
            .and_then(|o| o.tls_security_policy())
            .map(|p| p.as_str().to_string()),
        in_vpc: in_vpc(d.vpc_options()),
        fine_grained_access_control: d
            .advanced_security_options()
            .and_then(|o| o.enabled())
            .unwrap_or(false),
        log_publishing: published_logs(d.log_publishing_options()),
        access_policy,
        dedicated_master: cluster
            .and_then(|c| c.dedicated_master_enabled())
            .unwrap_or(false),
        instance_count: cluster.and_then(|c| c.instance_count()).map(i64::from),
        zone_awareness: cluster
            .and_then(|c| c.zone_awareness_enabled())
            .unwrap_or(false),
    };
    let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
    r.errors = errors;
    r
}

/// The domain is placed in a VPC (has subnets there).
fn in_vpc(v: Option<&aws_sdk_opensearch::types::VpcDerivedInfo>) -> bool {
    v.is_some_and(|v| !v.subnet_ids().is_empty())
}

/// Log types published to CloudWatch Logs, sorted.
fn published_logs(
    opts: Option<
        &HashMap<
            aws_sdk_opensearch::types::LogType,
            aws_sdk_opensearch::types::LogPublishingOption,
        >,
    >,
) -> Vec<String> {
    let mut v: Vec<String> = opts
        .into_iter()
        .flatten()
        .filter(|(_, o)| o.enabled() == Some(true))
        .map(|(k, _)| k.as_str().to_string())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- Kinesis

pub(crate) async fn kinesis(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let kin = ctx.kinesis();
    // (name, ARN, status) from the listing; older endpoints answer with names only.
    let mut streams: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut pages = kin.list_streams().into_paginator().send();
    while let Some(page) = pages.next().await {
        match page {
            Ok(p) => {
                if p.stream_summaries().is_empty() {
                    streams.extend(p.stream_names().iter().map(|n| (n.clone(), None, None)));
                } else {
                    streams.extend(p.stream_summaries().iter().map(|s| {
                        (
                            s.stream_name().to_string(),
                            Some(s.stream_arn().to_string()).filter(|a| !a.is_empty()),
                            Some(s.stream_status().as_str().to_string()),
                        )
                    }));
                }
            }
            Err(e) => {
                list_failed!(
                    batch,
                    ctx,
                    "kinesis",
                    "kinesis:ListStreams",
                    &["aws.kinesis.stream"],
                    e
                );
                return batch;
            }
        }
    }
    let rs: Vec<Resource> = per_resource(streams, |(name, arn, status)| {
        let kin = kin.clone();
        async move {
            let mut props = KinesisStream {
                arn: arn.unwrap_or_else(|| {
                    format!(
                        "arn:aws:kinesis:{}:{}:stream/{name}",
                        ctx.region, ctx.account
                    )
                }),
                status,
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            match kin
                .describe_stream_summary()
                .stream_name(&name)
                .send()
                .await
            {
                Ok(out) => {
                    if let Some(d) = out.stream_description_summary() {
                        if !d.stream_arn().is_empty() {
                            props.arn = d.stream_arn().to_string();
                        }
                        props.status = Some(d.stream_status().as_str().to_string());
                        props.retention_hours = Some(i64::from(d.retention_period_hours()));
                        props.encryption_type = Some(
                            d.encryption_type()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_else(|| "NONE".into()),
                        );
                    }
                }
                Err(e) => {
                    let c = cause!("kinesis:DescribeStreamSummary", e);
                    for f in ["encryption_type", "retention_hours"] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            let arn = props.arn.clone();
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

// ---------------------------------------------------------------- Athena

pub(crate) async fn athena(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let ath = ctx.athena();
    let Some(groups) = list_all!(
        batch,
        ctx,
        "athena",
        "athena:ListWorkGroups",
        &["aws.athena.workgroup"],
        ath.list_work_groups(),
        work_groups
    ) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(groups, |g| {
        let ath = ath.clone();
        async move {
            let name = g.name().unwrap_or_default().to_string();
            let arn = format!(
                "arn:aws:athena:{}:{}:workgroup/{name}",
                ctx.region, ctx.account
            );
            let mut props = AthenaWorkgroup {
                arn: arn.clone(),
                state: g.state().map(|s| s.as_str().to_string()),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            match ath.get_work_group().work_group(&name).send().await {
                Ok(out) => {
                    if let Some(wg) = out.work_group() {
                        if let Some(s) = wg.state() {
                            props.state = Some(s.as_str().to_string());
                        }
                        let cfg = wg.configuration();
                        props.result_encryption = cfg
                            .and_then(|c| c.result_configuration())
                            .and_then(|r| r.encryption_configuration())
                            .map(|e| e.encryption_option().as_str().to_string());
                        props.enforce_configuration = Some(
                            cfg.and_then(|c| c.enforce_work_group_configuration())
                                .unwrap_or(false),
                        );
                        props.publish_cloudwatch_metrics = Some(
                            cfg.and_then(|c| c.publish_cloud_watch_metrics_enabled())
                                .unwrap_or(false),
                        );
                    }
                }
                Err(e) => {
                    let c = cause!("athena:GetWorkGroup", e);
                    for f in [
                        "result_encryption",
                        "enforce_configuration",
                        "publish_cloudwatch_metrics",
                    ] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

// ---------------------------------------------------------------- Glue

pub(crate) async fn glue(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let glue = ctx.glue();

    // Data Catalog encryption settings.
    let mut settings = GlueRegionSettings::default();
    let mut errors = BTreeMap::new();
    match glue.get_data_catalog_encryption_settings().send().await {
        Ok(out) => {
            let s = out.data_catalog_encryption_settings();
            settings.catalog_encryption_mode = Some(
                s.and_then(|s| s.encryption_at_rest())
                    .map(|e| e.catalog_encryption_mode().as_str().to_string())
                    .unwrap_or_else(|| "DISABLED".into()),
            );
            settings.connection_password_encrypted = Some(
                s.and_then(|s| s.connection_password_encryption())
                    .is_some_and(|c| c.return_connection_password_encrypted()),
            );
        }
        Err(e) => {
            let c = cause!("glue:GetDataCatalogEncryptionSettings", e);
            for f in ["catalog_encryption_mode", "connection_password_encrypted"] {
                errors.insert(f.to_string(), c.clone());
            }
        }
    }
    batch
        .resources
        .push(ctx.region_settings("glue", settings, errors));

    // Connections (passwords hidden by the API; other properties scanned for secrets).
    if let Some(conns) = list_all!(
        batch,
        ctx,
        "glue",
        "glue:GetConnections",
        &["aws.glue.connection"],
        glue.get_connections().hide_password(true),
        connection_list
    ) {
        for c in conns {
            let name = c.name().unwrap_or_default().to_string();
            let arn = format!(
                "arn:aws:glue:{}:{}:connection/{name}",
                ctx.region, ctx.account
            );
            let mut pairs: Vec<(String, String)> = c
                .connection_properties()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                .collect();
            pairs.sort();
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let props = GlueConnection {
                arn: arn.clone(),
                connection_type: c.connection_type().map(|t| t.as_str().to_string()),
                ssl_enforced: ssl_enforced(&pairs),
                property_secrets: crate::secrets::scan_env(&refs),
            };
            batch
                .resources
                .push(Resource::new(arn, &ctx.account, &ctx.region, name, props));
        }
    }

    // Jobs and the security configurations they use.
    let Some(jobs) = list_all!(
        batch,
        ctx,
        "glue",
        "glue:GetJobs",
        &["aws.glue.job"],
        glue.get_jobs(),
        jobs
    ) else {
        return batch;
    };
    let names: Vec<String> = jobs
        .iter()
        .filter_map(|j| j.security_configuration())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    type Modes = (Option<String>, Option<String>, Option<String>);
    let configs: BTreeMap<String, Result<Modes, String>> = per_resource(names, |n| {
        let glue = glue.clone();
        async move {
            let res = match glue.get_security_configuration().name(&n).send().await {
                Ok(out) => {
                    let enc = out
                        .security_configuration()
                        .and_then(|s| s.encryption_configuration());
                    Ok((
                        enc.and_then(|e| e.s3_encryption().first())
                            .and_then(|s| s.s3_encryption_mode())
                            .map(|m| m.as_str().to_string()),
                        enc.and_then(|e| e.cloud_watch_encryption())
                            .and_then(|c| c.cloud_watch_encryption_mode())
                            .map(|m| m.as_str().to_string()),
                        enc.and_then(|e| e.job_bookmarks_encryption())
                            .and_then(|b| b.job_bookmarks_encryption_mode())
                            .map(|m| m.as_str().to_string()),
                    ))
                }
                Err(e) => Err(cause!("glue:GetSecurityConfiguration", e)),
            };
            (n, res)
        }
    })
    .await
    .into_iter()
    .collect();
    for j in jobs {
        let name = j.name().unwrap_or_default().to_string();
        let arn = format!("arn:aws:glue:{}:{}:job/{name}", ctx.region, ctx.account);
        let security_configuration = j
            .security_configuration()
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        let mut props = GlueJob {
            arn: arn.clone(),
            security_configuration: security_configuration.clone(),
            continuous_logging: j
                .default_arguments()
                .and_then(|a| a.get("--enable-continuous-cloudwatch-log"))
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            ..Default::default()
        };
        let mut errors = BTreeMap::new();
        if let Some(sc) = &security_configuration {
            match configs.get(sc) {
                Some(Ok((s3, cw, bm))) => {
                    props.s3_encryption = s3.clone();
                    props.cloudwatch_encryption = cw.clone();
                    props.bookmarks_encryption = bm.clone();
                }
                Some(Err(c)) => {
                    for f in [
                        "s3_encryption",
                        "cloudwatch_encryption",
                        "bookmarks_encryption",
                    ] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
                None => {}
            }
        }
        let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
        r.errors = errors;
        batch.resources.push(r);
    }
    batch
}

/// `JDBC_ENFORCE_SSL` is `true` among a connection's properties.
fn ssl_enforced(props: &[(String, String)]) -> bool {
    props
        .iter()
        .any(|(k, v)| k == "JDBC_ENFORCE_SSL" && v.trim().eq_ignore_ascii_case("true"))
}

// ---------------------------------------------------------------- Route 53

/// Route 53 hosted zones (a global service: called once).
pub(crate) async fn route53(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let r53 = ctx.route53();
    let Some(zones) = list_all!(
        batch,
        ctx,
        "route53",
        "route53:ListHostedZones",
        &["aws.route53.hosted_zone"],
        r53.list_hosted_zones(),
        hosted_zones
    ) else {
        return batch;
    };
    let logged: Result<BTreeSet<String>, String> = all_pages!(
        "route53:ListQueryLoggingConfigs",
        r53.list_query_logging_configs(),
        query_logging_configs
    )
    .map(|configs| {
        configs
            .iter()
            .map(|c| zone_id(c.hosted_zone_id()).to_string())
            .collect()
    });
    for z in zones {
        let id = zone_id(z.id()).to_string();
        let arn = format!("arn:aws:route53:::hostedzone/{id}");
        let mut errors = BTreeMap::new();
        let query_logging = match &logged {
            Ok(set) => Some(set.contains(&id)),
            Err(c) => {
                errors.insert("query_logging".to_string(), c.clone());
                None
            }
        };
        let props = Route53HostedZone {
            arn: arn.clone(),
            private_zone: z.config().is_some_and(|c| c.private_zone()),
            record_count: z.resource_record_set_count(),
            query_logging,
        };
        let mut r = Resource::new(arn, &ctx.account, &ctx.region, zone_name(z.name()), props);
        r.errors = errors;
        batch.resources.push(r);
    }
    batch
}

/// A hosted zone id without the `/hostedzone/` prefix the API puts in front of it.
fn zone_id(id: &str) -> &str {
    id.strip_prefix("/hostedzone/").unwrap_or(id)
}

/// A zone name without its trailing dot.
fn zone_name(name: &str) -> &str {
    name.strip_suffix('.').unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    use aws_sdk_opensearch::types::{LogPublishingOption, LogType, VpcDerivedInfo};
    use aws_sdk_securityhub::types::{StandardsStatus, StandardsSubscription};

    #[test]
    fn efs_backup_status() {
        assert!(backup_on("ENABLED"));
        assert!(backup_on("ENABLING"));
        assert!(!backup_on("DISABLED"));
        assert!(!backup_on("DISABLING"));
    }

    #[test]
    fn delegation_text() {
        assert_eq!(
            delegation("111122223333", "guardduty.amazonaws.com"),
            "111122223333:guardduty.amazonaws.com"
        );
    }

    #[test]
    fn only_ready_or_incomplete_standards_count() {
        let sub = |arn: &str, status: StandardsStatus| {
            StandardsSubscription::builder()
                .standards_subscription_arn(arn)
                .standards_status(status)
                .build()
        };
        let subs = vec![
            sub("arn:b", StandardsStatus::Ready),
            sub("arn:a", StandardsStatus::Incomplete),
            sub("arn:c", StandardsStatus::Pending),
            sub("arn:d", StandardsStatus::Deleting),
            sub("arn:e", StandardsStatus::Failed),
        ];
        assert_eq!(active_standards(&subs), vec!["arn:a", "arn:b"]);
        assert!(active_standards(&[]).is_empty());
    }

    #[test]
    fn analyzer_types_for_list_findings() {
        assert!(external_access("ACCOUNT"));
        assert!(external_access("ORGANIZATION"));
        assert!(!external_access("ACCOUNT_UNUSED_ACCESS"));
        assert!(!external_access("ORGANIZATION_INTERNAL_ACCESS"));
    }

    #[test]
    fn opensearch_vpc_and_logs() {
        assert!(!in_vpc(None));
        let empty = VpcDerivedInfo::builder().build();
        assert!(!in_vpc(Some(&empty)));
        let placed = VpcDerivedInfo::builder().subnet_ids("subnet-1").build();
        assert!(in_vpc(Some(&placed)));

        let mut opts = HashMap::new();
        opts.insert(
            LogType::SearchSlowLogs,
            LogPublishingOption::builder().enabled(true).build(),
        );
        opts.insert(
            LogType::AuditLogs,
            LogPublishingOption::builder().enabled(true).build(),
        );
        opts.insert(
            LogType::IndexSlowLogs,
            LogPublishingOption::builder().enabled(false).build(),
        );
        opts.insert(
            LogType::EsApplicationLogs,
            LogPublishingOption::builder().build(),
        );
        assert_eq!(
            published_logs(Some(&opts)),
            vec!["AUDIT_LOGS", "SEARCH_SLOW_LOGS"]
        );
        assert!(published_logs(None).is_empty());
    }

    #[test]
    fn glue_ssl_flag() {
        let p = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert!(ssl_enforced(&[p("JDBC_ENFORCE_SSL", "true")]));
        assert!(ssl_enforced(&[
            p("USERNAME", "x"),
            p("JDBC_ENFORCE_SSL", "TRUE")
        ]));
        assert!(!ssl_enforced(&[p("JDBC_ENFORCE_SSL", "false")]));
        assert!(!ssl_enforced(&[]));
    }

    #[test]
    fn glue_connection_secrets_are_redacted() {
        let hits = crate::secrets::scan_env(&[
            ("JDBC_CONNECTION_URL", "jdbc:postgresql://db:5432/app"),
            ("JDBC_ENFORCE_SSL", "true"),
            ("SECRET_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1"),
        ]);
        assert!(!hits.is_empty());
        assert!(
            hits.iter()
                .all(|h| !h.redacted.contains("wJalrXUtnFEMI/K7MDENG"))
        );
    }

    #[test]
    fn route53_ids_and_names() {
        assert_eq!(zone_id("/hostedzone/Z123ABC"), "Z123ABC");
        assert_eq!(zone_id("Z123ABC"), "Z123ABC");
        assert_eq!(zone_name("example.com."), "example.com");
        assert_eq!(zone_name("example.com"), "example.com");
    }

    #[test]
    fn opensearch_error_fields_match_the_model() {
        let v = serde_json::to_value(OpenSearchDomain {
            tls_policy: Some("x".into()),
            engine_version: Some("x".into()),
            instance_count: Some(1),
            access_policy: Some(PolicyDocument::none()),
            ..Default::default()
        })
        .unwrap();
        for f in OPENSEARCH_FIELDS {
            assert!(v.get(f).is_some(), "{f} is not a property");
        }
    }
}
