//! One module per AWS service. Each `collect` function returns the resources it found and the
//! listings that failed.

mod cloudtrail;
mod compute;
mod data;
mod ec2;
mod edge;
mod gov;
mod iam;
mod monitoring;
mod queues;
mod regional;
pub(crate) mod s3;
mod vpc;

use ais_model::CollectionError;

use crate::{AwsOptions, Batch, Ctx, Service};

pub(crate) async fn run(
    service: Service,
    ctx: &Ctx,
    regions: &[String],
    _opts: &AwsOptions,
) -> Batch {
    match service {
        Service::Iam => iam::collect(ctx).await,
        Service::S3 => s3::collect(ctx, regions).await,
        Service::Ec2 => ec2::collect(ctx).await,
        Service::Vpc => vpc::collect(ctx).await,
        Service::CloudTrail => cloudtrail::collect(ctx).await,
        Service::Kms => regional::kms(ctx).await,
        Service::Config => regional::config(ctx).await,
        Service::GuardDuty => regional::guardduty(ctx).await,
        Service::Logs => monitoring::logs(ctx).await,
        Service::CloudWatch => monitoring::alarms(ctx).await,
        Service::Sns => monitoring::sns(ctx).await,
        Service::Sqs => queues::sqs(ctx).await,
        Service::SecretsManager => queues::secrets(ctx).await,
        Service::Ecr => queues::ecr(ctx).await,
        Service::DynamoDb => queues::dynamodb(ctx).await,
        Service::Rds => data::rds(ctx).await,
        Service::Redshift => data::redshift(ctx).await,
        Service::ElastiCache => data::elasticache(ctx).await,
        Service::Lambda => compute::lambda(ctx).await,
        Service::Ecs => compute::ecs(ctx).await,
        Service::Eks => compute::eks(ctx).await,
        Service::Ssm => compute::ssm(ctx).await,
        Service::Acm => compute::acm(ctx).await,
        Service::Elbv2 => edge::elbv2(ctx).await,
        Service::Elb => edge::elb(ctx).await,
        Service::CloudFront => edge::cloudfront(ctx).await,
        Service::ApiGateway => edge::apigateway(ctx).await,
        Service::ApiGatewayV2 => edge::apigatewayv2(ctx).await,
        Service::Wafv2 => edge::wafv2(ctx).await,
        Service::Efs => gov::efs(ctx).await,
        Service::Backup => gov::backup(ctx).await,
        Service::Organizations => gov::organizations(ctx).await,
        Service::SecurityHub => gov::securityhub(ctx).await,
        Service::AccessAnalyzer => gov::accessanalyzer(ctx).await,
        Service::OpenSearch => gov::opensearch(ctx).await,
        Service::Kinesis => gov::kinesis(ctx).await,
        Service::Athena => gov::athena(ctx).await,
        Service::Glue => gov::glue(ctx).await,
        Service::Route53 => gov::route53(ctx).await,
    }
}

impl Batch {
    /// Records a listing that failed, leaving `kinds` unknown in this account and region.
    pub(crate) fn fail(
        &mut self,
        ctx: &Ctx,
        service: &str,
        operation: &str,
        kinds: &[&str],
        code: Option<String>,
        message: String,
    ) {
        self.errors.push(CollectionError {
            account: ctx.account.clone(),
            region: ctx.region.clone(),
            service: service.to_string(),
            operation: operation.to_string(),
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            code,
            message,
        });
    }
}

/// Records a failed listing from an SDK error.
macro_rules! list_failed {
    ($batch:expr, $ctx:expr, $service:expr, $op:expr, $kinds:expr, $err:expr) => {{
        let (code, msg) = $crate::ctx::error_parts(&$err);
        $batch.fail($ctx, $service, $op, $kinds, code, msg);
    }};
}
pub(crate) use list_failed;

/// `service:Operation failed: Code: message`, the cause stored on a resource property.
macro_rules! cause {
    ($op:expr, $err:expr) => {
        format!("{} failed: {}", $op, $crate::ctx::describe(&$err))
    };
}
pub(crate) use cause;

/// Tags from any SDK tag list with `key()` and `value()` accessors.
macro_rules! tag_map {
    ($tags:expr) => {
        $tags
            .iter()
            .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
            .collect::<std::collections::BTreeMap<String, String>>()
    };
}
pub(crate) use tag_map;

/// How many per-resource requests run at once inside one service task.
pub(crate) const PER_RESOURCE_CONCURRENCY: usize = 8;

/// Runs `fetch` on every item, at most [`PER_RESOURCE_CONCURRENCY`] at once, and collects the
/// results (in completion order).
pub(crate) async fn per_resource<T, R, F, Fut>(items: Vec<T>, fetch: F) -> Vec<R>
where
    F: FnMut(T) -> Fut,
    Fut: std::future::Future<Output = R>,
{
    use futures::StreamExt;
    futures::stream::iter(items)
        .map(fetch)
        .buffer_unordered(PER_RESOURCE_CONCURRENCY)
        .collect()
        .await
}

/// Kind of the internal carrier the S3 collector uses for the account-level block.
pub(crate) fn s3_account_settings_kind() -> &'static str {
    <s3::AccountPab as ais_model::ResourceKind>::KIND
}

/// Every item of a paginated listing, or `None` after recording the failed listing (the kinds
/// it covers become ERROR). `list_all!(batch, ctx, service, "svc:Operation", &[kinds],
/// request_builder, items_accessor)`.
macro_rules! list_all {
    ($batch:expr, $ctx:expr, $service:expr, $op:expr, $kinds:expr, $request:expr, $items:ident) => {{
        let mut all = Vec::new();
        let mut failed = false;
        let mut pages = $request.into_paginator().send();
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => all.extend(p.$items().iter().cloned()),
                Err(e) => {
                    $crate::services::list_failed!($batch, $ctx, $service, $op, $kinds, e);
                    failed = true;
                    break;
                }
            }
        }
        (!failed).then_some(all)
    }};
}
pub(crate) use list_all;
