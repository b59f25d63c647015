//! KMS keys, AWS Config recorders, GuardDuty detectors.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{
    ConfigRecorder, ConfigRegionSettings, GuardDutyDetector, GuardDutyRegionSettings, KmsKey,
};
use ais_model::policy::PolicyDocument;

use super::{cause, list_all, list_failed, per_resource};
use crate::ctx::ts;
use crate::{Batch, Ctx};

pub(crate) async fn kms(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let kms = ctx.kms();
    let Some(keys) = list_all!(
        batch,
        ctx,
        "kms",
        "kms:ListKeys",
        &["aws.kms.key"],
        kms.list_keys(),
        keys
    )
    .map(|all| {
        all.into_iter()
            .filter_map(|k| k.key_id().map(str::to_string))
            .collect::<Vec<_>>()
    }) else {
        return batch;
    };
    // Aliases name the keys; a failure here only costs the friendly names.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let mut pages = kms.list_aliases().into_paginator().send();
    while let Some(Ok(p)) = pages.next().await {
        for a in p.aliases() {
            if let (Some(k), Some(n)) = (a.target_key_id(), a.alias_name()) {
                aliases
                    .entry(k.to_string())
                    .or_insert_with(|| n.to_string());
            }
        }
    }
    let aliases = &aliases;
    let rs: Vec<Resource> = per_resource(keys, |id| {
        let kms = kms.clone();
        async move {
            let mut errors = BTreeMap::new();
            let mut props = KmsKey {
                key_id: id.clone(),
                arn: format!("arn:aws:kms:{}:{}:key/{id}", ctx.region, ctx.account),
                ..Default::default()
            };
            match kms.describe_key().key_id(&id).send().await {
                Ok(out) => {
                    if let Some(m) = out.key_metadata() {
                        if let Some(a) = m.arn() {
                            props.arn = a.to_string();
                        }
                        props.manager = m.key_manager().map(|x| x.as_str().to_string());
                        props.state = m.key_state().map(|x| x.as_str().to_string());
                        props.spec = m.key_spec().map(|x| x.as_str().to_string());
                        props.usage = m.key_usage().map(|x| x.as_str().to_string());
                        props.deletion_date = m.deletion_date().map(ts);
                    }
                }
                Err(e) => {
                    let c = cause!("kms:DescribeKey", e);
                    for f in ["manager", "state", "spec", "usage"] {
                        errors.insert(f.to_string(), c.clone());
                    }
                }
            }
            let customer = props.manager.as_deref() == Some("CUSTOMER");
            let symmetric = props.spec.as_deref() == Some("SYMMETRIC_DEFAULT");
            let usable = !matches!(
                props.state.as_deref(),
                Some("PendingDeletion") | Some("PendingImport")
            );
            if customer && symmetric && usable {
                match kms.get_key_rotation_status().key_id(&id).send().await {
                    Ok(out) => props.rotation_enabled = Some(out.key_rotation_enabled()),
                    Err(e) => {
                        errors.insert(
                            "rotation_enabled".to_string(),
                            cause!("kms:GetKeyRotationStatus", e),
                        );
                    }
                }
            }
            match kms
                .get_key_policy()
                .key_id(&id)
                .policy_name("default")
                .send()
                .await
            {
                Ok(out) => {
                    match PolicyDocument::parse(out.policy().unwrap_or("{}"), &ctx.account) {
                        Ok(d) => props.policy = Some(d),
                        Err(e) => {
                            errors.insert("policy".to_string(), e);
                        }
                    }
                }
                Err(e) => {
                    errors.insert("policy".to_string(), cause!("kms:GetKeyPolicy", e));
                }
            }
            let name = aliases.get(&id).cloned().unwrap_or_else(|| id.clone());
            let mut r = Resource::new(props.arn.clone(), &ctx.account, &ctx.region, name, props);
            r.errors = errors;
            r
        }
    })
    .await;
    batch.resources.extend(rs);
    batch
}

pub(crate) async fn config(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let cfg = ctx.config();
    let mut errors = BTreeMap::new();
    let mut settings = ConfigRegionSettings::default();
    match cfg.describe_configuration_recorders().send().await {
        Ok(out) => {
            let status = cfg.describe_configuration_recorder_status().send().await;
            let mut recorders = Vec::new();
            for r in out.configuration_recorders() {
                let name = r.name().unwrap_or_default().to_string();
                let group = r.recording_group();
                let (recording, last_status) = match &status {
                    Ok(s) => {
                        let st = s
                            .configuration_recorders_status()
                            .iter()
                            .find(|x| x.name() == Some(name.as_str()));
                        (
                            Some(st.is_some_and(|x| x.recording())),
                            st.and_then(|x| x.last_status())
                                .map(|l| l.as_str().to_string()),
                        )
                    }
                    Err(_) => (None, None),
                };
                recorders.push(ConfigRecorder {
                    name,
                    all_supported: group.is_some_and(|g| g.all_supported()),
                    include_global_resource_types: group
                        .is_some_and(|g| g.include_global_resource_types()),
                    recording,
                    last_status,
                });
            }
            if let Err(e) = &status {
                errors.insert(
                    "recorders".to_string(),
                    cause!("config:DescribeConfigurationRecorderStatus", e),
                );
            } else {
                settings.recorders = Some(recorders);
            }
        }
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                "config",
                "config:DescribeConfigurationRecorders",
                &["aws.config.region_settings"],
                e
            );
            return batch;
        }
    }
    match cfg.describe_delivery_channels().send().await {
        Ok(out) => settings.delivery_channels = Some(out.delivery_channels().len() as i64),
        Err(e) => {
            errors.insert(
                "delivery_channels".to_string(),
                cause!("config:DescribeDeliveryChannels", e),
            );
        }
    }
    batch
        .resources
        .push(ctx.region_settings("config", settings, errors));
    batch
}

pub(crate) async fn guardduty(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let gd = ctx.guardduty();
    let ids = match gd.list_detectors().send().await {
        Ok(out) => out.detector_ids().to_vec(),
        Err(e) => {
            list_failed!(
                batch,
                ctx,
                "guardduty",
                "guardduty:ListDetectors",
                &["aws.guardduty.region_settings"],
                e
            );
            return batch;
        }
    };
    let mut errors = BTreeMap::new();
    let mut detectors = Vec::new();
    for id in ids {
        match gd.get_detector().detector_id(&id).send().await {
            Ok(out) => detectors.push(GuardDutyDetector {
                detector_id: id,
                status: out.status().map(|s| s.as_str().to_string()),
                finding_publishing_frequency: out
                    .finding_publishing_frequency()
                    .map(|f| f.as_str().to_string()),
            }),
            Err(e) => {
                errors.insert("detectors".to_string(), cause!("guardduty:GetDetector", e));
            }
        }
    }
    let settings = GuardDutyRegionSettings {
        detectors: errors.is_empty().then_some(detectors),
    };
    batch
        .resources
        .push(ctx.region_settings("guardduty", settings, errors));
    batch
}
