//! Facts that join adapted resources, the code counterpart of the live collector's analysis:
//! a trail's bucket settings, an instance's public address from its subnet, and the ports an
//! instance exposes through its security groups. A fact whose inputs are not all in the code
//! stays unknown.

use ais_model::Resource;
use ais_model::kinds::aws::EXPOSURE_PORTS;
use serde_json::Value as J;

/// Whether `reference` (a literal id or name, or a marker such as `${aws_subnet.a.id}`) names
/// resource `r`, whose own identifier property is `id_prop`.
fn names(reference: &str, r: &Resource, id_prop: &str) -> bool {
    if reference.starts_with("${") {
        return reference.starts_with(&format!("${{{}.", r.name));
    }
    r.get(id_prop).and_then(J::as_str) == Some(reference)
}

pub(crate) fn derive(rs: &mut [Resource]) {
    trail_buckets(rs);
    instance_addresses(rs);
    instance_exposure(rs);
}

fn trail_buckets(rs: &mut [Resource]) {
    let mut updates = Vec::new();
    for (i, t) in rs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == "aws.cloudtrail.trail")
    {
        let Some(bucket) = t.get("s3_bucket").and_then(J::as_str) else {
            continue;
        };
        let target = rs.iter().find(|b| {
            b.kind == "aws.s3.bucket"
                && (names(bucket, b, "")
                    || b.get("arn").and_then(J::as_str) == Some(&format!("arn:aws:s3:::{bucket}")))
        });
        if let Some(b) = target {
            let logging = b.get("logging").and_then(|l| l.get("enabled")).cloned();
            let public = b.get("is_public").cloned();
            updates.push((i, logging, public));
        }
    }
    for (i, logging, public) in updates {
        if let Some(v) = logging {
            rs[i].set("s3_bucket_logging_enabled", v);
        }
        if let Some(v) = public {
            rs[i].set("s3_bucket_public", v);
        }
    }
}

/// An instance without `associate_public_ip_address` gets an address when its subnet maps one.
fn instance_addresses(rs: &mut [Resource]) {
    let mut updates = Vec::new();
    for (i, inst) in rs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == "aws.ec2.instance")
    {
        if inst.get("has_public_ip").is_some() {
            continue;
        }
        let Some(subnet) = inst.get("subnet_id").and_then(J::as_str) else {
            continue;
        };
        let mapped = rs
            .iter()
            .find(|s| s.kind == "aws.vpc.subnet" && names(subnet, s, "subnet_id"))
            .and_then(|s| s.get("map_public_ip_on_launch"))
            .and_then(J::as_bool);
        if let Some(m) = mapped {
            updates.push((i, m));
        }
    }
    for (i, m) in updates {
        rs[i].set("has_public_ip", m);
    }
}

/// Ports open to the internet on instances with a public address, when every security group
/// of the instance is in the code.
fn instance_exposure(rs: &mut [Resource]) {
    let mut updates = Vec::new();
    for (i, inst) in rs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == "aws.ec2.instance")
    {
        if inst.get("internet_exposed_ports").is_some() {
            continue;
        }
        match inst.get("has_public_ip").and_then(J::as_bool) {
            Some(false) => {
                updates.push((i, Vec::new()));
                continue;
            }
            Some(true) => {}
            None => continue,
        }
        let groups: Vec<&str> = inst
            .get("security_groups")
            .and_then(J::as_array)
            .map(|a| a.iter().filter_map(J::as_str).collect())
            .unwrap_or_default();
        if groups.is_empty() {
            // The VPC's default group, which is not in the code.
            continue;
        }
        let mut ports = Vec::new();
        let mut complete = true;
        for g in groups {
            let Some(sg) = rs
                .iter()
                .find(|s| s.kind == "aws.ec2.security_group" && names(g, s, "group_id"))
            else {
                complete = false;
                break;
            };
            let Some(ingress) = sg.get("ingress").and_then(J::as_array) else {
                complete = false;
                break;
            };
            for rule in ingress {
                let open = rule["open_ipv4"] == true || rule["open_ipv6"] == true;
                let tcp = matches!(rule["protocol"].as_str(), Some("-1" | "tcp" | "6"));
                let (from, to) = (
                    rule["from_port"].as_i64().unwrap_or(0),
                    rule["to_port"].as_i64().unwrap_or(-1),
                );
                for &p in EXPOSURE_PORTS {
                    if open && tcp && from <= p && p <= to && !ports.contains(&p) {
                        ports.push(p);
                    }
                }
            }
        }
        if complete {
            ports.sort_unstable();
            updates.push((i, ports));
        }
    }
    for (i, p) in updates {
        rs[i].set("internet_exposed_ports", p);
    }
}
