//! CloudWatch Logs log groups (with metric filters), CloudWatch alarms, SNS topics.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{CloudWatchAlarm, LogsLogGroup, MetricFilter, SnsTopic};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, per_resource};
use crate::{Batch, Ctx};

pub(crate) async fn logs(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let logs = ctx.logs();
    let Some(groups) = list_all!(
        batch,
        ctx,
        "logs",
        "logs:DescribeLogGroups",
        &["aws.logs.log_group"],
        logs.describe_log_groups(),
        log_groups
    ) else {
        return batch;
    };
    // All metric filters of the region at once, grouped by log group.
    let mut filters: Result<BTreeMap<String, Vec<MetricFilter>>, String> = Ok(BTreeMap::new());
    let mut pages = logs.describe_metric_filters().into_paginator().send();
    while let Some(page) = pages.next().await {
        match (page, &mut filters) {
            (Ok(p), Ok(map)) => {
                for f in p.metric_filters() {
                    let t = f.metric_transformations().first();
                    map.entry(f.log_group_name().unwrap_or_default().to_string())
                        .or_default()
                        .push(MetricFilter {
                            name: f.filter_name().unwrap_or_default().to_string(),
                            pattern: f.filter_pattern().unwrap_or_default().to_string(),
                            metric_name: t.map(|t| t.metric_name().to_string()),
                            metric_namespace: t.map(|t| t.metric_namespace().to_string()),
                        });
                }
            }
            (Err(e), _) => {
                filters = Err(cause!("logs:DescribeMetricFilters", e));
                break;
            }
            _ => break,
        }
    }
    for g in groups {
        let name = g.log_group_name().unwrap_or_default().to_string();
        let arn = g
            .arn()
            .map(|a| a.trim_end_matches(":*").to_string())
            .unwrap_or_else(|| {
                format!(
                    "arn:aws:logs:{}:{}:log-group:{name}",
                    ctx.region, ctx.account
                )
            });
        let mut props = LogsLogGroup {
            arn: arn.clone(),
            retention_days: g.retention_in_days().map(i64::from).unwrap_or(0),
            kms_encrypted: g.kms_key_id().is_some(),
            kms_key_id: g.kms_key_id().map(str::to_string),
            stored_bytes: g.stored_bytes(),
            metric_filters: None,
        };
        let mut r_errors = BTreeMap::new();
        match &filters {
            Ok(map) => props.metric_filters = Some(map.get(&name).cloned().unwrap_or_default()),
            Err(e) => {
                r_errors.insert("metric_filters".to_string(), e.clone());
            }
        }
        let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
        r.errors = r_errors;
        batch.resources.push(r);
    }
    batch
}

pub(crate) async fn alarms(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let cw = ctx.cloudwatch();
    if let Some(items) = list_all!(
        batch,
        ctx,
        "cloudwatch",
        "cloudwatch:DescribeAlarms",
        &["aws.cloudwatch.alarm"],
        cw.describe_alarms(),
        metric_alarms
    ) {
        for a in items {
            let name = a.alarm_name().unwrap_or_default().to_string();
            let arn = a.alarm_arn().map(str::to_string).unwrap_or_else(|| {
                format!(
                    "arn:aws:cloudwatch:{}:{}:alarm:{name}",
                    ctx.region, ctx.account
                )
            });
            let props = CloudWatchAlarm {
                arn: arn.clone(),
                metric_name: a.metric_name().map(str::to_string),
                namespace: a.namespace().map(str::to_string),
                actions_enabled: a.actions_enabled().unwrap_or(false),
                alarm_actions: a.alarm_actions().to_vec(),
                state: a.state_value().map(|s| s.as_str().to_string()),
            };
            batch
                .resources
                .push(Resource::new(arn, &ctx.account, &ctx.region, name, props));
        }
    }
    batch
}

pub(crate) async fn sns(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let sns = ctx.sns();
    let Some(arns) = list_all!(
        batch,
        ctx,
        "sns",
        "sns:ListTopics",
        &["aws.sns.topic"],
        sns.list_topics(),
        topics
    )
    .map(|all| {
        all.into_iter()
            .filter_map(|t| t.topic_arn().map(str::to_string))
            .collect::<Vec<_>>()
    }) else {
        return batch;
    };
    let rs: Vec<Resource> = per_resource(arns, |arn| {
        let sns = sns.clone();
        async move {
            let name = arn.rsplit(':').next().unwrap_or(&arn).to_string();
            let mut props = SnsTopic {
                arn: arn.clone(),
                ..Default::default()
            };
            let mut errors = BTreeMap::new();
            match sns.get_topic_attributes().topic_arn(&arn).send().await {
                Ok(out) => {
                    let attrs = out.attributes().cloned().unwrap_or_default();
                    let key = attrs
                        .get("KmsMasterKeyId")
                        .filter(|k| !k.is_empty())
                        .cloned();
                    props.kms_encrypted = key.is_some();
                    props.kms_key_id = key;
                    props.subscriptions_confirmed = attrs
                        .get("SubscriptionsConfirmed")
                        .and_then(|v| v.parse().ok());
                    props.subscriptions_pending = attrs
                        .get("SubscriptionsPending")
                        .and_then(|v| v.parse().ok());
                    props.policy = Some(match attrs.get("Policy") {
                        Some(p) => match PolicyDocument::parse(p, &ctx.account) {
                            Ok(d) => d,
                            Err(e) => {
                                errors.insert("policy".to_string(), e);
                                PolicyDocument::none()
                            }
                        },
                        None => PolicyDocument::none(),
                    });
                    if errors.contains_key("policy") {
                        props.policy = None;
                    }
                }
                Err(e) => {
                    let c = cause!("sns:GetTopicAttributes", e);
                    for f in ["kms_encrypted", "policy", "subscriptions_confirmed"] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            // Count subscriptions directly: emulators do not always keep the counters.
            if let Ok(out) = sns
                .list_subscriptions_by_topic()
                .topic_arn(&arn)
                .send()
                .await
            {
                let confirmed = out
                    .subscriptions()
                    .iter()
                    .filter(|s| s.subscription_arn().is_some_and(|a| a.starts_with("arn:")))
                    .count() as i64;
                props.subscriptions_confirmed =
                    Some(props.subscriptions_confirmed.unwrap_or(0).max(confirmed));
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
