//! Live AWS collection: AWS API answers in, normalized [`ais_model::Resource`]s out.
//!
//! One task runs per (region, service), bounded by a global concurrency limit. A call that fails
//! never turns into "no resources": a failed listing becomes an [`ais_model::CollectionError`]
//! (its checks report ERROR), and a failed per-resource call is recorded on the resource under
//! the property it should have filled.
//!
//! ```no_run
//! # async fn run() -> Result<(), ais_collect_aws::AwsError> {
//! use ais_collect_aws::{AwsOptions, collect};
//! let opts = AwsOptions { regions: Some(vec!["eu-west-1".into()]), ..Default::default() };
//! let inventory = collect(&opts, None, &|line| eprintln!("{line}")).await?;
//! println!("{} resources", inventory.resources.len());
//! # Ok(()) }
//! ```

mod analyze;
mod ctx;
mod guard;
mod package;
use ais_model::secrets;
mod services;

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use ais_model::{CollectionError, Inventory, Resource};
use futures::StreamExt;

pub use ctx::Ctx;
pub use guard::GuardSettings;
pub use secrets::scan_text;

/// How to reach AWS and what to collect.
#[derive(Debug, Clone)]
pub struct AwsOptions {
    /// Regions to scan; `None` = every region enabled in the account.
    pub regions: Option<Vec<String>>,
    /// Send every request to this endpoint (an emulator); S3 then uses path-style addressing.
    pub endpoint_url: Option<String>,
    /// Named profile from the AWS config files.
    pub profile: Option<String>,
    /// At most this many (region, service) tasks at once.
    pub concurrency: usize,
    /// Collect the expensive properties (EC2 user data, snapshot sharing).
    pub deep: bool,
    /// Which accounts to scan.
    pub accounts: Accounts,
    /// `RoleSessionName` for assumed roles (shows in the target accounts' CloudTrail).
    pub session_name: String,
    /// At most this many accounts are collected at once.
    pub account_concurrency: usize,
    /// Request rate limit and circuit breaker.
    pub guard: GuardSettings,
}

/// The accounts a scan covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Accounts {
    /// The account the credentials belong to.
    #[default]
    Caller,
    /// These roles, each assumed from the caller's credentials.
    Roles(Vec<RoleTarget>),
    /// Every active member account of the caller's organization (the caller must be the
    /// management account or a delegated administrator), through `role_name` in each; the
    /// caller's own account is scanned with the caller's credentials.
    Organization {
        role_name: String,
        external_id: Option<String>,
    },
}

/// A role to assume in a target account.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleTarget {
    pub role_arn: String,
    pub external_id: Option<String>,
}

impl RoleTarget {
    /// The account id in the role ARN (`arn:aws:iam::<account>:role/<name>`).
    pub fn account(&self) -> Result<String, AwsError> {
        role_account(&self.role_arn)
    }
}

/// The account id of a role ARN, after checking its shape.
pub fn role_account(arn: &str) -> Result<String, AwsError> {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        ["arn", partition, "iam", "", account, resource]
            if !partition.is_empty()
                && account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && resource.starts_with("role/")
                && resource.len() > 5 =>
        {
            Ok(account.to_string())
        }
        _ => Err(AwsError::Usage(format!(
            "'{arn}' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"
        ))),
    }
}

impl Default for AwsOptions {
    fn default() -> Self {
        AwsOptions {
            regions: None,
            endpoint_url: None,
            profile: None,
            concurrency: 16,
            deep: false,
            accounts: Accounts::Caller,
            session_name: "ai-security".to_string(),
            account_concurrency: 4,
            guard: GuardSettings::default(),
        }
    }
}

/// A failure that stops the whole collection (nothing useful could be collected).
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error("cannot authenticate to AWS: {0}")]
    Credentials(String),
    #[error("cannot reach AWS at {endpoint}: {message}")]
    Unreachable { endpoint: String, message: String },
    #[error("cannot list enabled regions: {0}")]
    Regions(String),
    #[error("invalid option: {0}")]
    Usage(String),
    #[error("cannot list the organization's accounts: {0}")]
    Organization(String),
}

/// Declares the service collectors: name, whether it runs once (global) or per region, and the
/// kinds it produces.
macro_rules! services {
    ($($variant:ident => $name:literal, $scope:ident, [$($kind:literal),* $(,)?];)*) => {
        /// One service collector: which kinds it produces and where it runs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Service {
            $($variant),*
        }

        impl Service {
            const ALL: &'static [Service] = &[$(Service::$variant),*];

            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Service::$variant => $name),*
                }
            }

            /// Global services run once, from the first region.
            fn global(self) -> bool {
                match self {
                    $(Service::$variant => services!(@global $scope)),*
                }
            }

            pub(crate) fn kinds(self) -> &'static [&'static str] {
                match self {
                    $(Service::$variant => &[$($kind),*]),*
                }
            }
        }
    };
    (@global global) => { true };
    (@global regional) => { false };
}

services! {
    Iam => "iam", global, [
        "aws.account",
        "aws.iam.user",
        "aws.iam.group",
        "aws.iam.role",
        "aws.iam.policy",
        "aws.iam.server_certificate",
    ];
    S3 => "s3", global, ["aws.s3.bucket"];
    Ec2 => "ec2", regional, [
        "aws.ec2.instance",
        "aws.ec2.security_group",
        "aws.ec2.volume",
        "aws.ec2.snapshot",
        "aws.ec2.image",
        "aws.ec2.region_settings",
    ];
    Vpc => "vpc", regional, [
        "aws.vpc.vpc",
        "aws.vpc.subnet",
        "aws.vpc.route_table",
        "aws.vpc.internet_gateway",
        "aws.vpc.network_acl",
    ];
    CloudTrail => "cloudtrail", regional, ["aws.cloudtrail.trail", "aws.cloudtrail.region_settings"];
    Kms => "kms", regional, ["aws.kms.key"];
    Config => "config", regional, ["aws.config.region_settings"];
    GuardDuty => "guardduty", regional, ["aws.guardduty.region_settings"];
    Logs => "logs", regional, ["aws.logs.log_group"];
    CloudWatch => "cloudwatch", regional, ["aws.cloudwatch.alarm"];
    Sns => "sns", regional, ["aws.sns.topic"];
    Sqs => "sqs", regional, ["aws.sqs.queue"];
    SecretsManager => "secretsmanager", regional, ["aws.secretsmanager.secret"];
    Ecr => "ecr", regional, ["aws.ecr.repository"];
    DynamoDb => "dynamodb", regional, ["aws.dynamodb.table"];
    Rds => "rds", regional, [
        "aws.rds.instance",
        "aws.rds.cluster",
        "aws.rds.snapshot",
        "aws.rds.region_settings",
    ];
    Lambda => "lambda", regional, ["aws.lambda.function"];
    Elbv2 => "elbv2", regional, ["aws.elbv2.load_balancer"];
    Elb => "elb", regional, ["aws.elb.load_balancer"];
    Ecs => "ecs", regional, ["aws.ecs.task_definition", "aws.ecs.cluster"];
    Eks => "eks", regional, ["aws.eks.cluster"];
    Ssm => "ssm", regional, ["aws.ssm.document", "aws.ssm.parameter", "aws.ssm.managed_instance"];
    Acm => "acm", regional, ["aws.acm.certificate"];
    CloudFront => "cloudfront", global, ["aws.cloudfront.distribution"];
    ApiGateway => "apigateway", regional, ["aws.apigateway.rest_api"];
    ApiGatewayV2 => "apigatewayv2", regional, ["aws.apigatewayv2.api"];
    Wafv2 => "wafv2", regional, ["aws.wafv2.web_acl"];
    Efs => "efs", regional, ["aws.efs.file_system"];
    Backup => "backup", regional, ["aws.backup.vault", "aws.backup.region_settings"];
    Organizations => "organizations", global, ["aws.organizations.settings"];
    SecurityHub => "securityhub", regional, ["aws.securityhub.region_settings"];
    AccessAnalyzer => "accessanalyzer", regional, ["aws.accessanalyzer.region_settings"];
    ElastiCache => "elasticache", regional, ["aws.elasticache.cluster"];
    OpenSearch => "opensearch", regional, ["aws.opensearch.domain"];
    Redshift => "redshift", regional, ["aws.redshift.cluster"];
    Kinesis => "kinesis", regional, ["aws.kinesis.stream"];
    Athena => "athena", regional, ["aws.athena.workgroup"];
    Glue => "glue", regional, ["aws.glue.region_settings", "aws.glue.connection", "aws.glue.job"];
    Route53 => "route53", global, ["aws.route53.hosted_zone"];
}

impl Service {
    /// Services whose data feeds derived facts of this service's kinds.
    fn feeds(self) -> &'static [Service] {
        match self {
            // The account resource carries S3 account settings and CloudTrail/monitoring facts.
            Service::Iam => &[
                Service::S3,
                Service::CloudTrail,
                Service::Logs,
                Service::CloudWatch,
                Service::Sns,
            ],
            Service::CloudTrail => &[Service::S3],
            _ => &[],
        }
    }
}

/// Services needed to produce `kinds` (with the services their derived facts depend on).
pub(crate) fn services_for(kinds: Option<&[&str]>) -> BTreeSet<Service> {
    let mut out = BTreeSet::new();
    for &s in Service::ALL {
        if kinds.is_none_or(|ks| s.kinds().iter().any(|k| ks.contains(k))) {
            out.insert(s);
            out.extend(s.feeds().iter().copied());
        }
    }
    out
}

/// What one collector task produced.
#[derive(Default)]
pub(crate) struct Batch {
    pub resources: Vec<Resource>,
    pub errors: Vec<CollectionError>,
}

impl Batch {
    /// Adds what another part of the same task produced.
    pub(crate) fn absorb(&mut self, other: Batch) {
        self.resources.extend(other.resources);
        self.errors.extend(other.errors);
    }
}

/// One account to scan: with the caller's credentials or through a role.
enum Target {
    Caller,
    Role { account: String, role: RoleTarget },
}

/// The accounts `opts.accounts` names, as targets.
async fn targets(base: &Ctx, opts: &AwsOptions) -> Result<Vec<Target>, AwsError> {
    match &opts.accounts {
        Accounts::Caller => Ok(vec![Target::Caller]),
        Accounts::Roles(roles) => {
            if roles.is_empty() {
                return Err(AwsError::Usage("no account to scan".into()));
            }
            let mut out = Vec::new();
            for r in roles {
                out.push(Target::Role {
                    account: r.account()?,
                    role: r.clone(),
                });
            }
            Ok(out)
        }
        Accounts::Organization {
            role_name,
            external_id,
        } => {
            let org = base.organizations();
            let mut pages = org.list_accounts().into_paginator().send();
            let mut out = Vec::new();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| AwsError::Organization(ctx::describe(&e)))?;
                for a in page.accounts() {
                    let Some(id) = a.id() else { continue };
                    if !account_active(a) {
                        continue;
                    }
                    if id == base.account {
                        out.push(Target::Caller);
                    } else {
                        let partition = base_partition(base);
                        out.push(Target::Role {
                            account: id.to_string(),
                            role: RoleTarget {
                                role_arn: format!("arn:{partition}:iam::{id}:role/{role_name}"),
                                external_id: external_id.clone(),
                            },
                        });
                    }
                }
            }
            if out.is_empty() {
                return Err(AwsError::Organization(
                    "the organization lists no active account".into(),
                ));
            }
            Ok(out)
        }
    }
}

/// `ACTIVE` by the account's state (or, from older answers, its status).
#[allow(deprecated)]
fn account_active(a: &aws_sdk_organizations::types::Account) -> bool {
    match (a.state(), a.status()) {
        (Some(s), _) => s.as_str() == "ACTIVE",
        (None, Some(s)) => s.as_str() == "ACTIVE",
        (None, None) => true,
    }
}

fn base_partition(base: &Ctx) -> &'static str {
    if base.region.starts_with("cn-") {
        "aws-cn"
    } else if base.region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// Collects the resources of `kinds` (all kinds when `None`) from every account `opts.accounts`
/// names, accounts concurrently. An account whose role cannot be assumed (or whose regions cannot
/// be listed) is an ERROR for every requested kind in that account; the others complete.
pub async fn collect(
    opts: &AwsOptions,
    kinds: Option<&[&str]>,
    progress: &(dyn Fn(String) + Sync),
) -> Result<Inventory, AwsError> {
    let started = Instant::now();
    let base = ctx::Ctx::connect(opts).await?;
    progress(format!("account {} authenticated", base.account));
    if matches!(&opts.regions, Some(r) if r.is_empty()) {
        return Err(AwsError::Usage("--regions is empty".into()));
    }
    let services = services_for(kinds);
    let targets = targets(&base, opts).await?;
    let multi = !matches!(opts.accounts, Accounts::Caller);
    let base_ref = &base;
    let services_ref = &services;
    let parts: Vec<Result<Inventory, AwsError>> = futures::stream::iter(targets)
        .map(|target| async move {
            let (account, ctx) = match target {
                Target::Caller => (base_ref.account.clone(), Ok(base_ref.clone())),
                Target::Role { account, role } => {
                    let assumed = base_ref
                        .assume(
                            &role.role_arn,
                            role.external_id.as_deref(),
                            &opts.session_name,
                        )
                        .await
                        .and_then(|c| {
                            if c.account == account {
                                Ok(c)
                            } else {
                                Err((
                                    None,
                                    format!(
                                        "assumed {} but landed in account {}",
                                        role.role_arn, c.account
                                    ),
                                ))
                            }
                        });
                    (
                        account,
                        assumed.map_err(|(code, msg)| {
                            ("sts:AssumeRole", code, format!("{}: {msg}", role.role_arn))
                        }),
                    )
                }
            };
            let ctx = match ctx {
                Ok(c) => c,
                Err((op, code, msg)) => {
                    progress(format!("account {account}: {op} failed: {msg}"));
                    return Ok(failed_account(&account, services_ref, op, code, msg));
                }
            };
            match collect_account(&ctx, opts, services_ref, progress, multi).await {
                Err(AwsError::Regions(msg)) if multi => {
                    progress(format!("account {account}: cannot list regions: {msg}"));
                    Ok(failed_account(
                        &account,
                        services_ref,
                        "ec2:DescribeRegions",
                        None,
                        msg,
                    ))
                }
                other => other,
            }
        })
        .buffer_unordered(opts.account_concurrency.max(1))
        .collect()
        .await;

    let mut inv = Inventory::new("aws");
    let mut kinds_seen: HashSet<&str> = HashSet::new();
    for s in &services {
        kinds_seen.extend(s.kinds().iter().copied());
    }
    inv.collected_kinds = kinds_seen.into_iter().map(str::to_string).collect();
    inv.collected_kinds.sort();
    let mut regions = BTreeSet::new();
    for part in parts {
        let part = part?;
        inv.accounts.extend(part.accounts);
        regions.extend(part.regions);
        inv.resources.extend(part.resources);
        inv.errors.extend(part.errors);
    }
    inv.accounts.sort();
    inv.accounts.dedup();
    inv.regions = regions.into_iter().filter(|r| r != "global").collect();
    inv.resources
        .sort_by(|a, b| (a.kind.as_str(), a.uid.as_str()).cmp(&(b.kind.as_str(), b.uid.as_str())));
    progress(format!(
        "collected {} resources from {} account(s) in {:.1}s ({} collection errors)",
        inv.resources.len(),
        inv.accounts.len(),
        started.elapsed().as_secs_f64(),
        inv.errors.len()
    ));
    Ok(inv)
}

/// The inventory of an account that could not be entered: every requested kind unknown.
fn failed_account(
    account: &str,
    services: &BTreeSet<Service>,
    operation: &str,
    code: Option<String>,
    message: String,
) -> Inventory {
    let mut inv = Inventory::new("aws");
    inv.accounts = vec![account.to_string()];
    let mut kinds: Vec<String> = services
        .iter()
        .flat_map(|s| s.kinds())
        .map(|k| k.to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    inv.errors.push(CollectionError {
        account: account.to_string(),
        region: "global".to_string(),
        service: operation.split(':').next().unwrap_or("sts").to_string(),
        operation: operation.to_string(),
        kinds,
        code,
        message,
    });
    inv
}

/// Collects one account: one task per (region, service), then the derived facts.
async fn collect_account(
    base: &Ctx,
    opts: &AwsOptions,
    services: &BTreeSet<Service>,
    progress: &(dyn Fn(String) + Sync),
    label_account: bool,
) -> Result<Inventory, AwsError> {
    let regions = match &opts.regions {
        Some(r) => r.clone(),
        None => base.enabled_regions().await?,
    };
    let mut tasks = Vec::new();
    for s in services {
        if s.global() {
            tasks.push((regions[0].clone(), *s));
        } else {
            for r in &regions {
                tasks.push((r.clone(), *s));
            }
        }
    }
    let total = tasks.len();
    let regions_ref = &regions;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let done_ref = &done;
    let prefix = if label_account {
        format!("{} ", base.account)
    } else {
        String::new()
    };
    let prefix_ref = &prefix;
    let batches: Vec<Batch> = futures::stream::iter(tasks)
        .map(|(region, service)| async move {
            let t = Instant::now();
            let c = base.for_region(&region);
            let batch = services::run(service, &c, regions_ref, opts).await;
            let n = done_ref.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            let region_label = if service.global() {
                "global"
            } else {
                region.as_str()
            };
            progress(format!(
                "{prefix_ref}[{n}/{total}] {region_label} {}: {} resources, {} errors ({:.1}s)",
                service.name(),
                batch.resources.len(),
                batch.errors.len(),
                t.elapsed().as_secs_f64()
            ));
            batch
        })
        .buffer_unordered(opts.concurrency.max(1))
        .collect()
        .await;

    let mut inv = Inventory::new("aws");
    inv.accounts = vec![base.account.clone()];
    inv.regions = regions.clone();
    let mut kinds_seen: HashSet<&str> = HashSet::new();
    for s in services {
        kinds_seen.extend(s.kinds().iter().copied());
    }
    inv.collected_kinds = kinds_seen.into_iter().map(str::to_string).collect();
    inv.collected_kinds.sort();
    for b in batches {
        inv.resources.extend(b.resources);
        inv.errors.extend(b.errors);
    }
    analyze::derive(&mut inv);
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_needed_services_run_with_their_feeders() {
        let s = services_for(Some(&["aws.kms.key"]));
        assert_eq!(s.into_iter().collect::<Vec<_>>(), vec![Service::Kms]);
        let s = services_for(Some(&["aws.cloudtrail.trail"]));
        assert!(s.contains(&Service::S3) && s.contains(&Service::CloudTrail));
        assert_eq!(services_for(None).len(), Service::ALL.len());
    }

    #[test]
    fn every_model_kind_has_a_collector() {
        let produced: HashSet<&str> = Service::ALL
            .iter()
            .flat_map(|s| s.kinds())
            .copied()
            .collect();
        for k in ais_model::registry()
            .into_iter()
            .filter(|k| k.kind.starts_with("aws."))
        {
            assert!(
                produced.contains(k.kind),
                "no collector produces {}",
                k.kind
            );
        }
    }
}
