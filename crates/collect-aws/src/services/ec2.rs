//! EC2: instances, security groups, EBS volumes and snapshots, owned AMIs, and region settings.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{
    Ec2Image, Ec2Instance, Ec2RegionSettings, Ec2SecurityGroup, Ec2Snapshot, Ec2Volume,
    MetadataOptions, SgRule,
};

use super::{cause, list_all, list_failed, per_resource, tag_map};
use crate::ctx::ts;
use crate::{Batch, Ctx};

const SVC: &str = "ec2";

/// The `Name` tag when there is one, else the id.
pub(crate) fn display_name(tags: &BTreeMap<String, String>, id: &str) -> String {
    tags.get("Name")
        .filter(|n| !n.is_empty())
        .cloned()
        .unwrap_or_else(|| id.to_string())
}

pub(crate) async fn collect(ctx: &Ctx) -> Batch {
    let ec2 = ctx.ec2();
    let arn =
        |kind: &str, id: &str| format!("arn:aws:ec2:{}:{}:{kind}/{id}", ctx.region, ctx.account);
    let (ec2, arn) = (&ec2, &arn);
    // The stages are independent (security groups need only the interface listing before
    // them): run them at once so that the region costs its longest chain of calls, not the sum.
    let instances = async {
        let mut batch = Batch::default();
        let mut instances = Vec::new();
        let mut pages = ec2.describe_instances().into_paginator().send();
        let mut ok = true;
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => {
                    for res in p.reservations() {
                        instances.extend(res.instances().iter().cloned());
                    }
                }
                Err(e) => {
                    list_failed!(
                        batch,
                        ctx,
                        SVC,
                        "ec2:DescribeInstances",
                        &["aws.ec2.instance"],
                        e
                    );
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            let rs: Vec<Resource> = per_resource(instances, |i| {
                let ec2 = ec2.clone();
                async move {
                    let id = i.instance_id().unwrap_or_default().to_string();
                    let tags = tag_map!(i.tags());
                    let public_ip = i.public_ip_address().map(str::to_string);
                    let profile = i
                        .iam_instance_profile()
                        .and_then(|p| p.arn())
                        .map(str::to_string);
                    let mut props = Ec2Instance {
                        instance_id: id.clone(),
                        state: i
                            .state()
                            .and_then(|s| s.name())
                            .map(|n| n.as_str().to_string()),
                        instance_type: i.instance_type().map(|t| t.as_str().to_string()),
                        image_id: i.image_id().map(str::to_string),
                        vpc_id: i.vpc_id().map(str::to_string),
                        subnet_id: i.subnet_id().map(str::to_string),
                        launch_time: i.launch_time().map(ts),
                        has_public_ip: public_ip.is_some(),
                        public_ip,
                        private_ip: i.private_ip_address().map(str::to_string),
                        has_instance_profile: profile.is_some(),
                        iam_instance_profile: profile,
                        metadata_options: i.metadata_options().map(|m| MetadataOptions {
                            http_tokens: m
                                .http_tokens()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_else(|| "optional".into()),
                            http_endpoint: m
                                .http_endpoint()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_else(|| "enabled".into()),
                            http_put_response_hop_limit: m
                                .http_put_response_hop_limit()
                                .map(i64::from),
                        }),
                        monitoring: i
                            .monitoring()
                            .and_then(|m| m.state())
                            .map(|s| s.as_str().to_string()),
                        // The groups of every network interface: emulators leave the
                        // instance-level list empty when groups are set per interface.
                        security_groups: {
                            let mut g: Vec<String> = i
                                .security_groups()
                                .iter()
                                .chain(i.network_interfaces().iter().flat_map(|n| n.groups()))
                                .filter_map(|g| g.group_id().map(str::to_string))
                                .collect();
                            g.sort();
                            g.dedup();
                            g
                        },
                        internet_exposed_ports: None,
                        user_data_present: None,
                        user_data_secrets: None,
                    };
                    let mut errors = BTreeMap::new();
                    if ctx.deep {
                        match ec2
                            .describe_instance_attribute()
                            .instance_id(&id)
                            .attribute(aws_sdk_ec2::types::InstanceAttributeName::UserData)
                            .send()
                            .await
                        {
                            Ok(out) => {
                                let raw = out.user_data().and_then(|u| u.value()).unwrap_or("");
                                let text = decode_user_data(raw);
                                props.user_data_present = Some(!raw.is_empty());
                                props.user_data_secrets = Some(crate::secrets::scan_text(&text));
                            }
                            Err(e) => {
                                let c = cause!("ec2:DescribeInstanceAttribute", e);
                                errors.insert("user_data_present".to_string(), c.clone());
                                errors.insert("user_data_secrets".to_string(), c);
                            }
                        }
                    }
                    let name = display_name(&tags, &id);
                    let mut r =
                        Resource::new(arn("instance", &id), &ctx.account, &ctx.region, name, props)
                            .with_tags(tags);
                    r.errors = errors;
                    r
                }
            })
            .await;
            batch.resources.extend(rs);
        }
        batch
    };
    let security_groups = async {
        let mut batch = Batch::default();
        // Network interfaces per security group (to tell used groups from unused ones).
        let mut sg_use: BTreeMap<String, i64> = BTreeMap::new();
        let mut eni_ok = true;
        let mut pages = ec2.describe_network_interfaces().into_paginator().send();
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => {
                    for ni in p.network_interfaces() {
                        for g in ni.groups() {
                            if let Some(id) = g.group_id() {
                                *sg_use.entry(id.to_string()).or_default() += 1;
                            }
                        }
                    }
                }
                Err(_) => {
                    eni_ok = false;
                    break;
                }
            }
        }

        // Security groups.
        let mut pages = ec2.describe_security_groups().into_paginator().send();
        while let Some(page) = pages.next().await {
            match page {
                Ok(p) => {
                    for g in p.security_groups() {
                        let id = g.group_id().unwrap_or_default().to_string();
                        let group_name = g.group_name().unwrap_or_default().to_string();
                        let tags = tag_map!(g.tags());
                        let props = Ec2SecurityGroup {
                            group_id: id.clone(),
                            is_default: group_name == "default",
                            group_name: group_name.clone(),
                            description: g.description().map(str::to_string),
                            vpc_id: g.vpc_id().map(str::to_string),
                            ingress: g.ip_permissions().iter().map(sg_rule).collect(),
                            egress: g.ip_permissions_egress().iter().map(sg_rule).collect(),
                            attached_interfaces: eni_ok
                                .then(|| sg_use.get(&id).copied().unwrap_or(0)),
                        };
                        let name = tags
                            .get("Name")
                            .filter(|n| !n.is_empty())
                            .cloned()
                            .unwrap_or(group_name);
                        batch.resources.push(
                            Resource::new(
                                arn("security-group", &id),
                                &ctx.account,
                                &ctx.region,
                                name,
                                props,
                            )
                            .with_tags(tags),
                        );
                    }
                }
                Err(e) => {
                    list_failed!(
                        batch,
                        ctx,
                        SVC,
                        "ec2:DescribeSecurityGroups",
                        &["aws.ec2.security_group"],
                        e
                    );
                    break;
                }
            }
        }
        batch
    };
    let volumes = async {
        let mut batch = Batch::default();
        if let Some(items) = list_all!(
            batch,
            ctx,
            SVC,
            "ec2:DescribeVolumes",
            &["aws.ec2.volume"],
            ec2.describe_volumes(),
            volumes
        ) {
            for v in items {
                let id = v.volume_id().unwrap_or_default().to_string();
                let tags = tag_map!(v.tags());
                let props = Ec2Volume {
                    volume_id: id.clone(),
                    encrypted: v.encrypted().unwrap_or(false),
                    kms_key_id: v.kms_key_id().map(str::to_string),
                    state: v.state().map(|s| s.as_str().to_string()),
                    size_gib: v.size().map(i64::from),
                    attached_instances: v
                        .attachments()
                        .iter()
                        .filter_map(|a| a.instance_id().map(str::to_string))
                        .collect(),
                };
                let name = display_name(&tags, &id);
                batch.resources.push(
                    Resource::new(arn("volume", &id), &ctx.account, &ctx.region, name, props)
                        .with_tags(tags),
                );
            }
        }
        batch
    };
    let snapshots = async {
        let mut batch = Batch::default();
        // Snapshots owned by the account.
        // Filter on the owner as well: emulators ignore the OwnerIds filter.
        let snapshots = list_all!(
            batch,
            ctx,
            SVC,
            "ec2:DescribeSnapshots",
            &["aws.ec2.snapshot"],
            ec2.describe_snapshots().owner_ids("self"),
            snapshots
        )
        .map(|all| {
            all.into_iter()
                .filter(|s| s.owner_id() == Some(ctx.account.as_str()))
                .collect::<Vec<_>>()
        });
        if let Some(snapshots) = snapshots {
            let rs: Vec<Resource> = per_resource(snapshots, |s| {
                let ec2 = ec2.clone();
                async move {
                    let id = s.snapshot_id().unwrap_or_default().to_string();
                    let tags = tag_map!(s.tags());
                    let mut props = Ec2Snapshot {
                        snapshot_id: id.clone(),
                        encrypted: s.encrypted().unwrap_or(false),
                        volume_id: s.volume_id().map(str::to_string),
                        started: s.start_time().map(ts),
                        public: None,
                        shared_with: None,
                    };
                    let mut errors = BTreeMap::new();
                    if ctx.deep {
                        match ec2
                            .describe_snapshot_attribute()
                            .snapshot_id(&id)
                            .attribute(
                                aws_sdk_ec2::types::SnapshotAttributeName::CreateVolumePermission,
                            )
                            .send()
                            .await
                        {
                            Ok(out) => {
                                let perms = out.create_volume_permissions();
                                props.public = Some(
                                    perms
                                        .iter()
                                        .any(|p| p.group().map(|g| g.as_str()) == Some("all")),
                                );
                                props.shared_with = Some(
                                    perms
                                        .iter()
                                        .filter_map(|p| p.user_id().map(str::to_string))
                                        .collect(),
                                );
                            }
                            Err(e) => {
                                let c = cause!("ec2:DescribeSnapshotAttribute", e);
                                errors.insert("public".to_string(), c.clone());
                                errors.insert("shared_with".to_string(), c);
                            }
                        }
                    }
                    let name = display_name(&tags, &id);
                    let mut r =
                        Resource::new(arn("snapshot", &id), &ctx.account, &ctx.region, name, props)
                            .with_tags(tags);
                    r.errors = errors;
                    r
                }
            })
            .await;
            batch.resources.extend(rs);
        }
        batch
    };
    let images = async {
        let mut batch = Batch::default();
        // AMIs owned by the account.
        match ec2.describe_images().owners("self").send().await {
            Ok(out) => {
                for i in out.images() {
                    let id = i.image_id().unwrap_or_default().to_string();
                    let tags = tag_map!(i.tags());
                    let ebs: Vec<_> = i
                        .block_device_mappings()
                        .iter()
                        .filter_map(|b| b.ebs())
                        .collect();
                    let props = Ec2Image {
                        image_id: id.clone(),
                        public: i.public().unwrap_or(false),
                        state: i.state().map(|s| s.as_str().to_string()),
                        created: i.creation_date().map(str::to_string),
                        deprecation_time: i.deprecation_time().map(str::to_string),
                        encrypted: (!ebs.is_empty())
                            .then(|| ebs.iter().all(|e| e.encrypted().unwrap_or(false))),
                    };
                    let name = tags
                        .get("Name")
                        .cloned()
                        .or_else(|| i.name().map(str::to_string))
                        .unwrap_or_else(|| id.clone());
                    batch.resources.push(
                        Resource::new(arn("image", &id), &ctx.account, &ctx.region, name, props)
                            .with_tags(tags),
                    );
                }
            }
            Err(e) => list_failed!(batch, ctx, SVC, "ec2:DescribeImages", &["aws.ec2.image"], e),
        }
        batch
    };
    let region_settings = async {
        let mut batch = Batch::default();
        let mut settings = Ec2RegionSettings::default();
        let mut errors = BTreeMap::new();
        match ec2.get_ebs_encryption_by_default().send().await {
            Ok(out) => {
                settings.ebs_encryption_by_default =
                    Some(out.ebs_encryption_by_default().unwrap_or(false))
            }
            Err(e) => {
                errors.insert(
                    "ebs_encryption_by_default".to_string(),
                    cause!("ec2:GetEbsEncryptionByDefault", e),
                );
            }
        }
        batch
            .resources
            .push(ctx.region_settings("ec2", settings, errors));
        batch
    };
    let parts = tokio::join!(
        instances,
        security_groups,
        volumes,
        snapshots,
        images,
        region_settings
    );
    let mut batch = Batch::default();
    for part in [parts.0, parts.1, parts.2, parts.3, parts.4, parts.5] {
        batch.absorb(part);
    }
    batch
}

fn sg_rule(p: &aws_sdk_ec2::types::IpPermission) -> SgRule {
    let protocol = p.ip_protocol().unwrap_or("-1").to_string();
    let all = protocol == "-1";
    let ipv4: Vec<String> = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip().map(str::to_string))
        .collect();
    let ipv6: Vec<String> = p
        .ipv6_ranges()
        .iter()
        .filter_map(|r| r.cidr_ipv6().map(str::to_string))
        .collect();
    let (from, to) = match (all, p.from_port(), p.to_port()) {
        (true, _, _) | (_, None, None) => (0, 65535),
        (_, Some(-1), _) | (_, _, Some(-1)) => (0, 65535),
        (_, f, t) => (i64::from(f.unwrap_or(0)), i64::from(t.unwrap_or(65535))),
    };
    SgRule {
        open_ipv4: ipv4.iter().any(|c| c == "0.0.0.0/0"),
        open_ipv6: ipv6.iter().any(|c| c == "::/0"),
        protocol,
        from_port: from,
        to_port: to,
        ipv4_ranges: ipv4,
        ipv6_ranges: ipv6,
        security_groups: p
            .user_id_group_pairs()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        prefix_lists: p
            .prefix_list_ids()
            .iter()
            .filter_map(|g| g.prefix_list_id().map(str::to_string))
            .collect(),
    }
}

/// User data comes base64-encoded, sometimes gzip-compressed inside; we scan the text form
/// and never store it.
fn decode_user_data(raw: &str) -> String {
    use base64::Engine as _;
    match base64::engine::general_purpose::STANDARD.decode(raw.trim()) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => raw.to_string(),
    }
}
