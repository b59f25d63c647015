//! CloudTrail: trails whose home region is this region, with status and event selectors.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{CloudTrailTrail, TrailSelectors};

use super::{cause, list_failed};
use crate::ctx::ts;
use crate::{Batch, Ctx};

const SVC: &str = "cloudtrail";

pub(crate) async fn collect(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let ct = ctx.cloudtrail();
    let trails = match ct
        .describe_trails()
        .include_shadow_trails(false)
        .send()
        .await
    {
        Ok(out) => out.trail_list().to_vec(),
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                SVC,
                "cloudtrail:DescribeTrails",
                &["aws.cloudtrail.trail"],
                e
            );
            return batch;
        }
    };
    for t in trails {
        let home = t.home_region().unwrap_or(&ctx.region).to_string();
        if home != ctx.region {
            continue;
        }
        let arn = t.trail_arn().unwrap_or_default().to_string();
        let name = t.name().unwrap_or_default().to_string();
        let mut errors = BTreeMap::new();
        let mut props = CloudTrailTrail {
            arn: arn.clone(),
            home_region: Some(home.clone()),
            multi_region: t.is_multi_region_trail().unwrap_or(false),
            organization_trail: t.is_organization_trail().unwrap_or(false),
            log_file_validation: t.log_file_validation_enabled().unwrap_or(false),
            kms_key_id: t.kms_key_id().map(str::to_string),
            kms_encrypted: t.kms_key_id().is_some_and(|k| !k.is_empty()),
            s3_bucket: t.s3_bucket_name().map(str::to_string),
            cloudwatch_logs_log_group_arn: t.cloud_watch_logs_log_group_arn().map(str::to_string),
            cloudwatch_logs_enabled: t
                .cloud_watch_logs_log_group_arn()
                .is_some_and(|a| !a.is_empty()),
            ..Default::default()
        };
        match ct.get_trail_status().name(&arn).send().await {
            Ok(s) => {
                props.is_logging = s.is_logging();
                props.latest_cloudwatch_logs_delivery =
                    s.latest_cloud_watch_logs_delivery_time().map(ts);
            }
            Err(e) => {
                errors.insert(
                    "is_logging".to_string(),
                    cause!("cloudtrail:GetTrailStatus", e),
                );
            }
        }
        match ct.get_event_selectors().trail_name(&arn).send().await {
            Ok(out) => {
                let mut sel = TrailSelectors {
                    management_read_write: "None".into(),
                    ..Default::default()
                };
                for es in out.event_selectors() {
                    if es.include_management_events().unwrap_or(true) {
                        sel.management_events = true;
                        let rw = es.read_write_type().map(|r| r.as_str()).unwrap_or("All");
                        sel.management_read_write = merge_rw(&sel.management_read_write, rw);
                    }
                    for dr in es.data_resources() {
                        if dr.r#type() == Some("AWS::S3::Object")
                            && dr
                                .values()
                                .iter()
                                .any(|v| v == "arn:aws:s3" || v == "arn:aws:s3:::")
                        {
                            let rw = es.read_write_type().map(|r| r.as_str()).unwrap_or("All");
                            sel.s3_data_events_read |= rw == "All" || rw == "ReadOnly";
                            sel.s3_data_events_write |= rw == "All" || rw == "WriteOnly";
                        }
                    }
                }
                for aes in out.advanced_event_selectors() {
                    let fields = aes.field_selectors();
                    let eq = |f: &str| {
                        fields
                            .iter()
                            .find(|s| s.field() == f)
                            .map(|s| s.equals().to_vec())
                            .unwrap_or_default()
                    };
                    let category = eq("eventCategory");
                    let read_only = eq("readOnly");
                    let (reads, writes) = match read_only.first().map(String::as_str) {
                        Some("true") => (true, false),
                        Some("false") => (false, true),
                        _ => (true, true),
                    };
                    if category.iter().any(|c| c == "Management") {
                        sel.management_events = true;
                        let rw = match (reads, writes) {
                            (true, true) => "All",
                            (true, false) => "ReadOnly",
                            _ => "WriteOnly",
                        };
                        sel.management_read_write = merge_rw(&sel.management_read_write, rw);
                    }
                    let all_objects = !fields.iter().any(|s| s.field() == "resources.ARN");
                    if category.iter().any(|c| c == "Data")
                        && eq("resources.type").iter().any(|t| t == "AWS::S3::Object")
                        && all_objects
                    {
                        sel.s3_data_events_read |= reads;
                        sel.s3_data_events_write |= writes;
                    }
                }
                props.selectors = Some(sel);
            }
            Err(e) => {
                errors.insert(
                    "selectors".to_string(),
                    cause!("cloudtrail:GetEventSelectors", e),
                );
            }
        }
        let mut r = Resource::new(arn, &ctx.account, &ctx.region, name, props);
        r.errors = errors;
        batch.resources.push(r);
    }
    batch
}

fn merge_rw(current: &str, new: &str) -> String {
    match (current, new) {
        ("None", n) => n.to_string(),
        (c, n) if c == n => c.to_string(),
        _ => "All".to_string(),
    }
}
