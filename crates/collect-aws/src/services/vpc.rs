//! VPC: VPCs with flow logs, subnets, route tables, internet gateways, network ACLs.

use std::collections::BTreeMap;

use ais_model::Resource;
use ais_model::kinds::aws::{
    FlowLog, NaclEntry, Route, Vpc, VpcInternetGateway, VpcNetworkAcl, VpcRouteTable, VpcSubnet,
};

use super::ec2::display_name;
use super::{cause, list_all, tag_map};
use crate::{Batch, Ctx};

const SVC: &str = "vpc";

pub(crate) async fn collect(ctx: &Ctx) -> Batch {
    let mut batch = Batch::default();
    let ec2 = ctx.ec2();
    let arn =
        |kind: &str, id: &str| format!("arn:aws:ec2:{}:{}:{kind}/{id}", ctx.region, ctx.account);

    // Flow logs, grouped by the VPC they watch.
    let mut flow: Result<BTreeMap<String, Vec<FlowLog>>, String> = Ok(BTreeMap::new());
    let mut pages = ec2.describe_flow_logs().into_paginator().send();
    while let Some(page) = pages.next().await {
        match (page, &mut flow) {
            (Ok(p), Ok(map)) => {
                for f in p.flow_logs() {
                    if let Some(rid) = f.resource_id() {
                        map.entry(rid.to_string()).or_default().push(FlowLog {
                            id: f.flow_log_id().unwrap_or_default().to_string(),
                            status: f.flow_log_status().unwrap_or("ACTIVE").to_string(),
                            traffic_type: f.traffic_type().map(|t| t.as_str().to_string()),
                            destination_type: f
                                .log_destination_type()
                                .map(|t| t.as_str().to_string()),
                        });
                    }
                }
            }
            (Err(e), _) => {
                flow = Err(cause!("ec2:DescribeFlowLogs", e));
                break;
            }
            _ => break,
        }
    }

    if let Some(items) = list_all!(
        batch,
        ctx,
        SVC,
        "ec2:DescribeVpcs",
        &["aws.vpc.vpc"],
        ec2.describe_vpcs(),
        vpcs
    ) {
        for v in items {
            let id = v.vpc_id().unwrap_or_default().to_string();
            let tags = tag_map!(v.tags());
            let mut props = Vpc {
                vpc_id: id.clone(),
                cidr_block: v.cidr_block().map(str::to_string),
                is_default: v.is_default().unwrap_or(false),
                state: v.state().map(|s| s.as_str().to_string()),
                flow_logs: None,
            };
            let mut errors = BTreeMap::new();
            match &flow {
                Ok(map) => props.flow_logs = Some(map.get(&id).cloned().unwrap_or_default()),
                Err(e) => {
                    errors.insert("flow_logs".to_string(), e.clone());
                }
            }
            let name = display_name(&tags, &id);
            let mut r = Resource::new(arn("vpc", &id), &ctx.account, &ctx.region, name, props)
                .with_tags(tags);
            r.errors = errors;
            batch.resources.push(r);
        }
    }

    if let Some(items) = list_all!(
        batch,
        ctx,
        SVC,
        "ec2:DescribeSubnets",
        &["aws.vpc.subnet"],
        ec2.describe_subnets(),
        subnets
    ) {
        for s in items {
            let id = s.subnet_id().unwrap_or_default().to_string();
            let tags = tag_map!(s.tags());
            let props = VpcSubnet {
                subnet_id: id.clone(),
                vpc_id: s.vpc_id().map(str::to_string),
                cidr_block: s.cidr_block().map(str::to_string),
                availability_zone: s.availability_zone().map(str::to_string),
                map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
                default_for_az: s.default_for_az().unwrap_or(false),
            };
            let name = display_name(&tags, &id);
            batch.resources.push(
                Resource::new(arn("subnet", &id), &ctx.account, &ctx.region, name, props)
                    .with_tags(tags),
            );
        }
    }

    if let Some(items) = list_all!(
        batch,
        ctx,
        SVC,
        "ec2:DescribeRouteTables",
        &["aws.vpc.route_table"],
        ec2.describe_route_tables(),
        route_tables
    ) {
        for rt in items {
            let id = rt.route_table_id().unwrap_or_default().to_string();
            let tags = tag_map!(rt.tags());
            let routes = rt
                .routes()
                .iter()
                .map(|r| {
                    let (target_type, target_id) = if let Some(x) = r.vpc_peering_connection_id() {
                        ("vpc_peering", Some(x))
                    } else if let Some(x) = r.nat_gateway_id() {
                        ("nat_gateway", Some(x))
                    } else if let Some(x) = r.transit_gateway_id() {
                        ("transit_gateway", Some(x))
                    } else if let Some(x) = r.instance_id() {
                        ("instance", Some(x))
                    } else if let Some(x) = r.egress_only_internet_gateway_id() {
                        ("egress_only_gateway", Some(x))
                    } else if let Some(x) = r.network_interface_id() {
                        ("network_interface", Some(x))
                    } else if let Some(x) = r.gateway_id() {
                        if x == "local" {
                            ("local", None)
                        } else {
                            ("gateway", Some(x))
                        }
                    } else {
                        ("other", None)
                    };
                    Route {
                        destination: r
                            .destination_cidr_block()
                            .or(r.destination_ipv6_cidr_block())
                            .or(r.destination_prefix_list_id())
                            .unwrap_or_default()
                            .to_string(),
                        target_type: target_type.to_string(),
                        target_id: target_id.map(str::to_string),
                        state: r.state().map(|s| s.as_str().to_string()),
                    }
                })
                .collect();
            let props = VpcRouteTable {
                route_table_id: id.clone(),
                vpc_id: rt.vpc_id().map(str::to_string),
                main: rt.associations().iter().any(|a| a.main().unwrap_or(false)),
                routes,
                associated_subnets: rt
                    .associations()
                    .iter()
                    .filter_map(|a| a.subnet_id().map(str::to_string))
                    .collect(),
            };
            let name = display_name(&tags, &id);
            batch.resources.push(
                Resource::new(
                    arn("route-table", &id),
                    &ctx.account,
                    &ctx.region,
                    name,
                    props,
                )
                .with_tags(tags),
            );
        }
    }

    if let Some(items) = list_all!(
        batch,
        ctx,
        SVC,
        "ec2:DescribeInternetGateways",
        &["aws.vpc.internet_gateway"],
        ec2.describe_internet_gateways(),
        internet_gateways
    ) {
        for g in items {
            let id = g.internet_gateway_id().unwrap_or_default().to_string();
            let tags = tag_map!(g.tags());
            let props = VpcInternetGateway {
                internet_gateway_id: id.clone(),
                attached_vpcs: g
                    .attachments()
                    .iter()
                    .filter_map(|a| a.vpc_id().map(str::to_string))
                    .collect(),
            };
            let name = display_name(&tags, &id);
            batch.resources.push(
                Resource::new(
                    arn("internet-gateway", &id),
                    &ctx.account,
                    &ctx.region,
                    name,
                    props,
                )
                .with_tags(tags),
            );
        }
    }

    if let Some(items) = list_all!(
        batch,
        ctx,
        SVC,
        "ec2:DescribeNetworkAcls",
        &["aws.vpc.network_acl"],
        ec2.describe_network_acls(),
        network_acls
    ) {
        for a in items {
            let id = a.network_acl_id().unwrap_or_default().to_string();
            let tags = tag_map!(a.tags());
            let entries: Vec<NaclEntry> = a
                .entries()
                .iter()
                .map(|e| {
                    let protocol = e.protocol().unwrap_or("-1").to_string();
                    let (from, to) = match (&*protocol, e.port_range()) {
                        ("-1", _) | (_, None) => (0, 65535),
                        (_, Some(r)) => (
                            i64::from(r.from().unwrap_or(0)),
                            i64::from(r.to().unwrap_or(65535)),
                        ),
                    };
                    NaclEntry {
                        rule_number: e.rule_number().map(i64::from).unwrap_or(32767),
                        protocol,
                        action: e
                            .rule_action()
                            .map(|a| a.as_str().to_string())
                            .unwrap_or_default(),
                        egress: e.egress().unwrap_or(false),
                        cidr_block: e.cidr_block().map(str::to_string),
                        ipv6_cidr_block: e.ipv6_cidr_block().map(str::to_string),
                        from_port: from,
                        to_port: to,
                    }
                })
                .collect();
            let props = VpcNetworkAcl {
                network_acl_id: id.clone(),
                vpc_id: a.vpc_id().map(str::to_string),
                is_default: a.is_default().unwrap_or(false),
                admin_ports_open_to_internet: crate::analyze::nacl_open_ports(
                    &entries,
                    &[22, 3389],
                ),
                entries,
                associated_subnets: a
                    .associations()
                    .iter()
                    .filter_map(|s| s.subnet_id().map(str::to_string))
                    .collect(),
            };
            let name = display_name(&tags, &id);
            batch.resources.push(
                Resource::new(
                    arn("network-acl", &id),
                    &ctx.account,
                    &ctx.region,
                    name,
                    props,
                )
                .with_tags(tags),
            );
        }
    }
    batch
}
