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
mod secrets;
mod services;

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use ais_model::{CollectionError, Inventory, Resource};
use futures::StreamExt;

pub use ctx::Ctx;
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
}

impl Default for AwsOptions {
    fn default() -> Self {
        AwsOptions {
            regions: None,
            endpoint_url: None,
            profile: None,
            concurrency: 16,
            deep: false,
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
}

/// One service collector: which kinds it produces and where it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Service {
    Iam,
    S3,
    Ec2,
    Vpc,
    CloudTrail,
    Kms,
    Config,
    GuardDuty,
    Logs,
    CloudWatch,
    Sns,
    Sqs,
    SecretsManager,
    Ecr,
    DynamoDb,
}

impl Service {
    const ALL: [Service; 15] = [
        Service::Iam,
        Service::S3,
        Service::Ec2,
        Service::Vpc,
        Service::CloudTrail,
        Service::Kms,
        Service::Config,
        Service::GuardDuty,
        Service::Logs,
        Service::CloudWatch,
        Service::Sns,
        Service::Sqs,
        Service::SecretsManager,
        Service::Ecr,
        Service::DynamoDb,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Service::Iam => "iam",
            Service::S3 => "s3",
            Service::Ec2 => "ec2",
            Service::Vpc => "vpc",
            Service::CloudTrail => "cloudtrail",
            Service::Kms => "kms",
            Service::Config => "config",
            Service::GuardDuty => "guardduty",
            Service::Logs => "logs",
            Service::CloudWatch => "cloudwatch",
            Service::Sns => "sns",
            Service::Sqs => "sqs",
            Service::SecretsManager => "secretsmanager",
            Service::Ecr => "ecr",
            Service::DynamoDb => "dynamodb",
        }
    }

    /// Global services run once, from the first region.
    fn global(self) -> bool {
        matches!(self, Service::Iam | Service::S3)
    }

    pub(crate) fn kinds(self) -> &'static [&'static str] {
        match self {
            Service::Iam => &[
                "aws.account",
                "aws.iam.user",
                "aws.iam.group",
                "aws.iam.role",
                "aws.iam.policy",
                "aws.iam.server_certificate",
            ],
            Service::S3 => &["aws.s3.bucket"],
            Service::Ec2 => &[
                "aws.ec2.instance",
                "aws.ec2.security_group",
                "aws.ec2.volume",
                "aws.ec2.snapshot",
                "aws.ec2.image",
                "aws.ec2.region_settings",
            ],
            Service::Vpc => &[
                "aws.vpc.vpc",
                "aws.vpc.subnet",
                "aws.vpc.route_table",
                "aws.vpc.internet_gateway",
                "aws.vpc.network_acl",
            ],
            Service::CloudTrail => &["aws.cloudtrail.trail", "aws.cloudtrail.region_settings"],
            Service::Kms => &["aws.kms.key"],
            Service::Config => &["aws.config.region_settings"],
            Service::GuardDuty => &["aws.guardduty.region_settings"],
            Service::Logs => &["aws.logs.log_group"],
            Service::CloudWatch => &["aws.cloudwatch.alarm"],
            Service::Sns => &["aws.sns.topic"],
            Service::Sqs => &["aws.sqs.queue"],
            Service::SecretsManager => &["aws.secretsmanager.secret"],
            Service::Ecr => &["aws.ecr.repository"],
            Service::DynamoDb => &["aws.dynamodb.table"],
        }
    }

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
    for s in Service::ALL {
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

/// Collects the resources of `kinds` (all kinds when `None`) from the account the default
/// credentials belong to.
pub async fn collect(
    opts: &AwsOptions,
    kinds: Option<&[&str]>,
    progress: &(dyn Fn(String) + Sync),
) -> Result<Inventory, AwsError> {
    let started = Instant::now();
    let base = ctx::Ctx::connect(opts).await?;
    progress(format!("account {} authenticated", base.account));
    let regions = match &opts.regions {
        Some(r) if r.is_empty() => return Err(AwsError::Usage("--regions is empty".into())),
        Some(r) => r.clone(),
        None => base.enabled_regions().await?,
    };
    let services = services_for(kinds);
    let mut tasks = Vec::new();
    for s in &services {
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
    let base_ref = &base;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let done_ref = &done;
    let batches: Vec<Batch> = futures::stream::iter(tasks)
        .map(|(region, service)| async move {
            let t = Instant::now();
            let c = base_ref.for_region(&region);
            let batch = services::run(service, &c, regions_ref, opts).await;
            let n = done_ref.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            let region_label = if service.global() {
                "global"
            } else {
                region.as_str()
            };
            progress(format!(
                "[{n}/{total}] {region_label} {}: {} resources, {} errors ({:.1}s)",
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
    for s in &services {
        kinds_seen.extend(s.kinds().iter().copied());
    }
    inv.collected_kinds = kinds_seen.into_iter().map(str::to_string).collect();
    inv.collected_kinds.sort();
    for b in batches {
        inv.resources.extend(b.resources);
        inv.errors.extend(b.errors);
    }
    analyze::derive(&mut inv);
    inv.resources
        .sort_by(|a, b| (a.kind.as_str(), a.uid.as_str()).cmp(&(b.kind.as_str(), b.uid.as_str())));
    progress(format!(
        "collected {} resources in {:.1}s ({} collection errors)",
        inv.resources.len(),
        started.elapsed().as_secs_f64(),
        inv.errors.len()
    ));
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
        for k in ais_model::registry() {
            assert!(
                produced.contains(k.kind),
                "no collector produces {}",
                k.kind
            );
        }
    }
}
