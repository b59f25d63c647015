//! Derived facts, computed once after collection, that would be painful to express in a
//! one-line check: public buckets, effective admin access, trail bucket facts, CIS monitoring.

use std::collections::{BTreeMap, HashMap};

use ais_model::kinds::aws::{
    CloudTrailRegionSettings, CloudTrailTrail, CloudWatchAlarm, Ec2SecurityGroup, LogsLogGroup,
    Monitoring, NaclEntry, PublicAccessBlock, S3Bucket, SnsTopic,
};
use ais_model::policy::PolicyDocument;
use ais_model::{Inventory, Resource};
use serde::de::DeserializeOwned;

use crate::services::s3_account_settings_kind;

fn props<T: DeserializeOwned>(r: &Resource) -> Option<T> {
    serde_json::from_value(r.properties.clone()).ok()
}

pub(crate) fn derive(inv: &mut Inventory) {
    fold_s3_account_settings(inv);
    buckets_public(inv);
    admin_access(inv);
    trail_buckets(inv);
    account_logging(inv);
    instance_exposure(inv);
    relations(inv);
}

/// Links between resources, from the id-valued properties collectors record: what an instance
/// runs in and with, what a volume is attached to, where a trail or a bucket sends its logs,
/// which groups a user belongs to. A target that was not collected is not linked.
fn relations(inv: &mut Inventory) {
    // Kinds that can be the target of a link, and the property that identifies them (empty:
    // the name). Buckets and IAM groups are global names, keys and log groups are ARNs; the
    // other ids are unique only within their region.
    const TARGETS: &[(&str, &str, bool)] = &[
        ("aws.ec2.instance", "instance_id", true),
        ("aws.ec2.security_group", "group_id", true),
        ("aws.vpc.vpc", "vpc_id", true),
        ("aws.vpc.subnet", "subnet_id", true),
        ("aws.kms.key", "arn", false),
        ("aws.logs.log_group", "arn", false),
        ("aws.s3.bucket", "", false),
        ("aws.iam.group", "", false),
    ];
    // (kind, region, id) -> uid
    let mut index: HashMap<(&str, String, String), String> = HashMap::new();
    for r in &inv.resources {
        let Some((kind, id_field, regional)) = TARGETS.iter().find(|(k, _, _)| *k == r.kind) else {
            continue;
        };
        let key = if id_field.is_empty() {
            r.name.clone()
        } else {
            r.get(id_field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let region = if *regional {
            r.region.clone()
        } else {
            String::new()
        };
        index.insert((kind, region, key), r.uid.clone());
    }
    let strings = |v: Option<&serde_json::Value>| -> Vec<String> {
        match v {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    for r in inv.resources.iter_mut() {
        let links: &[(&str, &str, &str, bool)] = match r.kind.as_str() {
            // (property, target kind, relation, target is regional)
            "aws.ec2.instance" => &[
                ("security_groups", "aws.ec2.security_group", "uses", true),
                ("subnet_id", "aws.vpc.subnet", "in_subnet", true),
                ("vpc_id", "aws.vpc.vpc", "in_vpc", true),
            ],
            "aws.ec2.volume" => &[(
                "attached_instances",
                "aws.ec2.instance",
                "attached_to",
                true,
            )],
            "aws.ec2.security_group"
            | "aws.vpc.subnet"
            | "aws.vpc.route_table"
            | "aws.vpc.network_acl" => &[("vpc_id", "aws.vpc.vpc", "in_vpc", true)],
            "aws.vpc.internet_gateway" => &[("attached_vpcs", "aws.vpc.vpc", "attached_to", true)],
            "aws.cloudtrail.trail" => &[
                ("s3_bucket", "aws.s3.bucket", "logs_to", false),
                (
                    "cloudwatch_logs_log_group_arn",
                    "aws.logs.log_group",
                    "logs_to",
                    false,
                ),
                ("kms_key_id", "aws.kms.key", "encrypted_by", false),
            ],
            "aws.iam.user" => &[("groups", "aws.iam.group", "member_of", false)],
            _ => &[],
        };
        let mut found = Vec::new();
        for (prop, target_kind, relation, regional) in links {
            let region = if *regional {
                r.region.clone()
            } else {
                String::new()
            };
            for id in strings(r.get(prop)) {
                let id = id.trim_end_matches(":*").to_string();
                if let Some(uid) = index.get(&(*target_kind, region.clone(), id)) {
                    found.push(ais_model::Relation {
                        relation: relation.to_string(),
                        target: uid.clone(),
                    });
                }
            }
        }
        if r.kind == "aws.s3.bucket"
            && let Some(target) = r
                .get("logging")
                .and_then(|l| l.get("target_bucket"))
                .and_then(|t| t.as_str())
            && let Some(uid) = index.get(&("aws.s3.bucket", String::new(), target.to_string()))
            && uid != &r.uid
        {
            found.push(ais_model::Relation {
                relation: "logs_to".into(),
                target: uid.clone(),
            });
        }
        r.relations.extend(found);
    }
}

/// The S3 collector reports the account-level public access block on an internal carrier;
/// move it onto the account resource.
fn fold_s3_account_settings(inv: &mut Inventory) {
    let kind = s3_account_settings_kind();
    let carriers: Vec<Resource> = inv
        .resources
        .iter()
        .filter(|r| r.kind == kind)
        .cloned()
        .collect();
    inv.resources.retain(|r| r.kind != kind);
    for c in carriers {
        if let Some(acct) = inv
            .resources
            .iter_mut()
            .find(|r| r.kind == "aws.account" && r.account == c.account)
        {
            match c.errors.values().next() {
                Some(e) => acct.property_error("s3_public_access_block", e.clone()),
                None => acct.set("s3_public_access_block", &c.properties),
            }
        }
    }
}

fn buckets_public(inv: &mut Inventory) {
    for r in inv
        .resources
        .iter_mut()
        .filter(|r| r.kind == "aws.s3.bucket")
    {
        let Some(b) = props::<S3Bucket>(r) else {
            continue;
        };
        let (Some(policy), Some(acl), Some(pab), Some(account)) = (
            &b.policy,
            &b.acl,
            &b.public_access_block,
            &b.account_public_access_block,
        ) else {
            // An input is unknown: so is the answer, for the same reason.
            let why = [
                "policy",
                "acl",
                "public_access_block",
                "account_public_access_block",
            ]
            .iter()
            .find_map(|f| r.errors.get(*f).map(|c| format!("{f}: {c}")));
            if let Some(why) = why {
                r.property_error("is_public", why);
            }
            continue;
        };
        let either = |f: fn(&PublicAccessBlock) -> bool| f(pab) || f(account);
        // BlockPublicPolicy only refuses new public policies; an existing one keeps working
        // until RestrictPublicBuckets is on.
        let via_policy = policy.allows_public && !either(|p| p.restrict_public_buckets);
        let via_acl = (acl.public_read || acl.public_write) && !either(|p| p.ignore_public_acls);
        r.set("is_public", via_policy || via_acl);
    }
}

/// `has_admin_access` on users and roles: an attached managed policy, an inline policy, or (for
/// users) a group's policy grants `*` on `*`.
fn admin_access(inv: &mut Inventory) {
    let mut managed: HashMap<String, bool> = HashMap::new();
    for r in inv.resources.iter().filter(|r| r.kind == "aws.iam.policy") {
        if let Some(doc) = r
            .get("document")
            .and_then(|d| serde_json::from_value::<PolicyDocument>(d.clone()).ok())
        {
            managed.insert(r.uid.clone(), doc.allows_admin);
        }
    }
    // Ok(admin?) or Err(why it cannot be known).
    let admin_of = |r: &Resource| -> Result<bool, String> {
        let why = |field: &str| {
            r.errors
                .get(field)
                .cloned()
                .unwrap_or_else(|| format!("{field} of {} unknown", r.name))
        };
        let attached: Vec<String> = r
            .get("attached_policies")
            .and_then(|v| v.as_array())
            .ok_or_else(|| why("attached_policies"))?
            .iter()
            .filter_map(|p| p.get("arn").and_then(|a| a.as_str()).map(str::to_string))
            .collect();
        let inline = r
            .get("inline_policies")
            .and_then(|v| v.as_array())
            .ok_or_else(|| why("inline_policies"))?
            .iter()
            .any(|p| {
                p.pointer("/document/allows_admin")
                    .and_then(|v| v.as_bool())
                    == Some(true)
            });
        let mut unknown = None;
        let mut any = inline;
        for a in attached {
            match managed.get(&a) {
                Some(true) => any = true,
                Some(false) => {}
                None if a.ends_with(":policy/AdministratorAccess") => any = true,
                None => unknown = Some(format!("managed policy {a} could not be read")),
            }
        }
        match (any, unknown) {
            (true, _) => Ok(true),
            (false, Some(why)) => Err(why),
            (false, None) => Ok(false),
        }
    };
    let groups: HashMap<String, Result<bool, String>> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.iam.group")
        .map(|g| (g.name.clone(), admin_of(g)))
        .collect();
    for r in inv.resources.iter_mut() {
        match r.kind.as_str() {
            "aws.iam.role" => match admin_of(r) {
                Ok(v) => r.set("has_admin_access", v),
                Err(why) => r.property_error("has_admin_access", why),
            },
            "aws.iam.user" => {
                let own = admin_of(r);
                let via_groups: Result<bool, String> =
                    match r.get("groups").and_then(|g| g.as_array()) {
                        None => Err(r
                            .errors
                            .get("groups")
                            .cloned()
                            .unwrap_or_else(|| format!("groups of {} unknown", r.name))),
                        Some(gs) => {
                            let mut unknown = None;
                            let mut any = false;
                            for g in gs.iter().filter_map(|g| g.as_str()) {
                                match groups.get(g) {
                                    Some(Ok(true)) => any = true,
                                    Some(Ok(false)) => {}
                                    Some(Err(why)) => unknown = Some(format!("group {g}: {why}")),
                                    None => unknown = Some(format!("group {g} was not collected")),
                                }
                            }
                            match (any, unknown) {
                                (true, _) => Ok(true),
                                (false, Some(why)) => Err(why),
                                (false, None) => Ok(false),
                            }
                        }
                    };
                match (own, via_groups) {
                    (Ok(true), _) | (_, Ok(true)) => r.set("has_admin_access", true),
                    (Ok(false), Ok(false)) => r.set("has_admin_access", false),
                    (Err(why), _) | (_, Err(why)) => r.property_error("has_admin_access", why),
                }
            }
            _ => {}
        }
    }
}

fn trail_buckets(inv: &mut Inventory) {
    // A property of a bucket: its value, or why it is unknown.
    fn fact(r: &Resource, field: &str, value: Option<bool>) -> Result<Option<bool>, String> {
        match (value, r.errors.get(field)) {
            (Some(v), None) => Ok(Some(v)),
            (_, Some(why)) => Err(format!("bucket {} {field}: {why}", r.name)),
            (None, None) => Ok(None),
        }
    }
    type Facts = (Result<Option<bool>, String>, Result<Option<bool>, String>);
    let buckets: HashMap<String, Facts> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.s3.bucket")
        .map(|r| {
            let logging = r
                .get("logging")
                .and_then(|l| l.get("enabled"))
                .and_then(|v| v.as_bool());
            let public = r.get("is_public").and_then(|v| v.as_bool());
            (
                r.name.clone(),
                (fact(r, "logging", logging), fact(r, "is_public", public)),
            )
        })
        .collect();
    // Accounts whose bucket listing failed: their buckets are unknown, not absent.
    let listing_failed: HashMap<String, String> = inv
        .errors
        .iter()
        .filter(|e| e.kinds.iter().any(|k| k == "aws.s3.bucket"))
        .map(|e| {
            (
                e.account.clone(),
                format!("{} failed: {}", e.operation, e.message),
            )
        })
        .collect();
    for r in inv
        .resources
        .iter_mut()
        .filter(|r| r.kind == "aws.cloudtrail.trail")
    {
        let Some(bucket) = r
            .get("s3_bucket")
            .and_then(|b| b.as_str())
            .map(str::to_string)
        else {
            continue;
        };
        match buckets.get(&bucket) {
            Some((logging, public)) => {
                for (field, value) in [
                    ("s3_bucket_logging_enabled", logging),
                    ("s3_bucket_public", public),
                ] {
                    match value {
                        Ok(Some(v)) => r.set(field, *v),
                        Ok(None) => {}
                        Err(why) => r.property_error(field, why.clone()),
                    }
                }
            }
            // Not in this account's bucket list: in another account (left unknown), unless the
            // list itself could not be read.
            None => {
                if let Some(why) = listing_failed.get(&r.account) {
                    r.property_error("s3_bucket_logging_enabled", why.clone());
                    r.property_error("s3_bucket_public", why.clone());
                }
            }
        }
    }
}

/// The CIS monitoring event classes and the terms a metric filter pattern must contain for
/// each (compared case-insensitively, ignoring white space).
const MONITORING_TERMS: &[(&str, &[&str])] = &[
    (
        "unauthorized_api_calls",
        &["unauthorizedoperation", "accessdenied"],
    ),
    ("console_signin_without_mfa", &["consolelogin", "mfaused"]),
    (
        "root_usage",
        &["root", "invokedbynotexists", "awsserviceevent"],
    ),
    (
        "iam_policy_changes",
        &[
            "deletegrouppolicy",
            "putuserpolicy",
            "createpolicyversion",
            "attachrolepolicy",
            "detachgrouppolicy",
        ],
    ),
    (
        "cloudtrail_changes",
        &[
            "createtrail",
            "updatetrail",
            "deletetrail",
            "startlogging",
            "stoplogging",
        ],
    ),
    (
        "console_auth_failures",
        &["consolelogin", "failedauthentication"],
    ),
    (
        "cmk_disable_or_deletion",
        &["kms.amazonaws.com", "disablekey", "schedulekeydeletion"],
    ),
    (
        "s3_bucket_policy_changes",
        &[
            "s3.amazonaws.com",
            "putbucketacl",
            "putbucketpolicy",
            "deletebucketpolicy",
        ],
    ),
    (
        "config_changes",
        &[
            "config.amazonaws.com",
            "stopconfigurationrecorder",
            "deletedeliverychannel",
            "putconfigurationrecorder",
        ],
    ),
    (
        "security_group_changes",
        &[
            "authorizesecuritygroupingress",
            "revokesecuritygroupegress",
            "createsecuritygroup",
            "deletesecuritygroup",
        ],
    ),
    (
        "nacl_changes",
        &[
            "createnetworkacl",
            "deletenetworkacl",
            "replacenetworkaclentry",
            "replacenetworkaclassociation",
        ],
    ),
    (
        "network_gateway_changes",
        &[
            "createcustomergateway",
            "deletecustomergateway",
            "attachinternetgateway",
            "detachinternetgateway",
        ],
    ),
    (
        "route_table_changes",
        &[
            "createroute",
            "createroutetable",
            "replaceroutetableassociation",
            "deleteroutetable",
            "disassociateroutetable",
        ],
    ),
    (
        "vpc_changes",
        &[
            "createvpc",
            "deletevpc",
            "modifyvpcattribute",
            "createvpcpeeringconnection",
            "attachclassiclinkvpc",
        ],
    ),
    (
        "organizations_changes",
        &[
            "organizations.amazonaws.com",
            "createaccount",
            "leaveorganization",
            "createpolicy",
        ],
    ),
];

pub(crate) fn pattern_covers(pattern: &str, terms: &[&str]) -> bool {
    let compact: String = pattern
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | '{' | '}' | '$'))
        .collect();
    let compact = compact.replace("useridentity.invokedby", "invokedby");
    terms.iter().all(|t| compact.contains(t))
}

fn account_logging(inv: &mut Inventory) {
    let trails: Vec<(String, CloudTrailTrail)> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.cloudtrail.trail")
        .filter_map(|r| props(r).map(|p| (r.region.clone(), p)))
        .collect();
    let groups: HashMap<(String, String), LogsLogGroup> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.logs.log_group")
        .filter_map(|r| props(r).map(|p| ((r.region.clone(), r.name.clone()), p)))
        .collect();
    let alarms: Vec<(String, CloudWatchAlarm)> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.cloudwatch.alarm")
        .filter_map(|r| props(r).map(|p| (r.region.clone(), p)))
        .collect();
    let topics: HashMap<String, SnsTopic> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.sns.topic")
        .filter_map(|r| props::<SnsTopic>(r).map(|p| (p.arn.clone(), p)))
        .collect();
    // Inputs that could not be collected make a negative answer unknowable.
    let failures = |kinds: &[&str]| -> Option<String> {
        inv.errors
            .iter()
            .find(|e| e.kinds.iter().any(|k| kinds.contains(&k.as_str())))
            .map(|e| e.cause())
    };
    let trail_failure = failures(&["aws.cloudtrail.trail"]).or_else(|| {
        inv.resources
            .iter()
            .filter(|r| r.kind == "aws.cloudtrail.trail")
            .find_map(|r| r.errors.values().next().cloned())
    });
    let monitoring_failure = trail_failure.clone().or_else(|| {
        failures(&[
            "aws.logs.log_group",
            "aws.cloudwatch.alarm",
            "aws.sns.topic",
        ])
    });

    let logging_mr: Vec<&(String, CloudTrailTrail)> = trails
        .iter()
        .filter(|(_, t)| {
            t.multi_region
                && t.is_logging == Some(true)
                && t.selectors
                    .as_ref()
                    .is_some_and(|s| s.management_events && s.management_read_write == "All")
        })
        .collect();
    let logging_any: Vec<&(String, CloudTrailTrail)> = trails
        .iter()
        .filter(|(_, t)| t.is_logging == Some(true))
        .collect();
    let s3_read = logging_any
        .iter()
        .any(|(_, t)| t.selectors.as_ref().is_some_and(|s| s.s3_data_events_read));
    let s3_write = logging_any
        .iter()
        .any(|(_, t)| t.selectors.as_ref().is_some_and(|s| s.s3_data_events_write));

    let mut monitoring = Monitoring::default();
    let mut flags: BTreeMap<&str, bool> = BTreeMap::new();
    for (_, t) in &logging_mr {
        let Some(arn) = &t.cloudwatch_logs_log_group_arn else {
            continue;
        };
        // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
        let parts: Vec<&str> = arn.splitn(7, ':').collect();
        if parts.len() < 7 {
            continue;
        }
        let region = parts[3].to_string();
        let name = parts[6].trim_end_matches(":*").to_string();
        let Some(group) = groups.get(&(region.clone(), name)) else {
            continue;
        };
        for f in group.metric_filters.iter().flatten() {
            let alarmed = alarms.iter().any(|(ar, a)| {
                ar == &region
                    && a.actions_enabled
                    && a.metric_name.is_some()
                    && a.metric_name == f.metric_name
                    && a.namespace == f.metric_namespace
                    && a.alarm_actions.iter().any(|act| {
                        topics
                            .get(act)
                            .is_some_and(|tp| tp.subscriptions_confirmed.unwrap_or(0) > 0)
                    })
            });
            if !alarmed {
                continue;
            }
            for (flag, terms) in MONITORING_TERMS {
                if pattern_covers(&f.pattern, terms) {
                    flags.insert(flag, true);
                }
            }
        }
    }
    let mut mv = serde_json::to_value(&monitoring).expect("serializes");
    for (flag, v) in &flags {
        mv[*flag] = (*v).into();
    }
    monitoring = serde_json::from_value(mv).expect("round trip");
    let all_set = flags.len() == MONITORING_TERMS.len();

    // Per-region coverage, for every scanned region of every account.
    let accounts = inv.accounts.clone();
    for account in &accounts {
        for region in inv.regions.clone() {
            let covering: Vec<String> = logging_any
                .iter()
                .filter(|(home, t)| t.multi_region || home == &region)
                .map(|(_, t)| t.arn.rsplit('/').next().unwrap_or(&t.arn).to_string())
                .collect();
            let mut r = Resource::new(
                format!("arn:aws:cloudtrail:{region}:{account}:region-settings"),
                account,
                &region,
                &region,
                CloudTrailRegionSettings::default(),
            );
            match (logging_mr.is_empty(), &trail_failure) {
                (false, _) => r.set("multi_region_trail_logging", true),
                (true, Some(e)) => r.property_error("multi_region_trail_logging", e.clone()),
                (true, None) => r.set("multi_region_trail_logging", false),
            }
            match &trail_failure {
                Some(e) if covering.is_empty() => r.property_error("logging_trails", e.clone()),
                _ => r.set("logging_trails", &covering),
            }
            inv.resources.push(r);
        }
    }

    for acct in inv.resources.iter_mut().filter(|r| r.kind == "aws.account") {
        for (field, v) in [
            ("cloudtrail_s3_read_data_events", s3_read),
            ("cloudtrail_s3_write_data_events", s3_write),
        ] {
            match (v, &trail_failure) {
                (true, _) => acct.set(field, true),
                (false, Some(e)) => acct.property_error(field, e.clone()),
                (false, None) => acct.set(field, false),
            }
        }
        match (&monitoring_failure, all_set) {
            (Some(e), false) => acct.property_error("monitoring", e.clone()),
            _ => acct.set("monitoring", &monitoring),
        }
    }
}

use ais_model::kinds::aws::EXPOSURE_PORTS;

/// `internet_exposed_ports` on instances: a public IP, and a security group open to the world.
fn instance_exposure(inv: &mut Inventory) {
    let groups: HashMap<(String, String), Ec2SecurityGroup> = inv
        .resources
        .iter()
        .filter(|r| r.kind == "aws.ec2.security_group")
        .filter_map(|r| {
            props::<Ec2SecurityGroup>(r).map(|g| ((r.region.clone(), g.group_id.clone()), g))
        })
        .collect();
    let sg_failed = |region: &str| {
        inv.errors
            .iter()
            .find(|e| e.region == region && e.kinds.iter().any(|k| k == "aws.ec2.security_group"))
            .map(|e| e.cause())
    };
    let mut updates = Vec::new();
    for (i, r) in inv
        .resources
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == "aws.ec2.instance")
    {
        let public = r
            .get("has_public_ip")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let sgs: Vec<String> = r
            .get("security_groups")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        if !public {
            updates.push((i, Ok(Vec::new())));
            continue;
        }
        if let Some(e) = sg_failed(&r.region) {
            updates.push((i, Err(e)));
            continue;
        }
        let mut ports = Vec::new();
        for sg in &sgs {
            let Some(g) = groups.get(&(r.region.clone(), sg.clone())) else {
                continue;
            };
            for rule in g.ingress.iter().filter(|x| x.open_ipv4 || x.open_ipv6) {
                let tcp = matches!(rule.protocol.as_str(), "-1" | "tcp" | "6");
                for &p in EXPOSURE_PORTS {
                    if tcp && rule.from_port <= p && p <= rule.to_port && !ports.contains(&p) {
                        ports.push(p);
                    }
                }
            }
        }
        ports.sort_unstable();
        updates.push((i, Ok(ports)));
    }
    for (i, u) in updates {
        match u {
            Ok(p) => inv.resources[i].set("internet_exposed_ports", p),
            Err(e) => inv.resources[i].property_error("internet_exposed_ports", e),
        }
    }
}

/// TCP ports among `ports` that a network ACL lets in from the whole internet (IPv4 or IPv6),
/// evaluating ingress entries in rule order as AWS does.
pub(crate) fn nacl_open_ports(entries: &[NaclEntry], ports: &[i64]) -> Vec<i64> {
    let mut ingress: Vec<&NaclEntry> = entries.iter().filter(|e| !e.egress).collect();
    ingress.sort_by_key(|e| e.rule_number);
    let mut open = Vec::new();
    for &port in ports {
        for world in ["0.0.0.0/0", "::/0"] {
            let decision = ingress.iter().find(|e| {
                let source = e.cidr_block.as_deref() == Some(world)
                    || e.ipv6_cidr_block.as_deref() == Some(world);
                let proto = matches!(e.protocol.as_str(), "-1" | "6" | "tcp");
                source && proto && e.from_port <= port && port <= e.to_port
            });
            if decision.is_some_and(|e| e.action == "allow") && !open.contains(&port) {
                open.push(port);
            }
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: i64, proto: &str, action: &str, cidr: &str, from: i64, to: i64) -> NaclEntry {
        NaclEntry {
            rule_number: n,
            protocol: proto.into(),
            action: action.into(),
            egress: false,
            cidr_block: Some(cidr.into()),
            ipv6_cidr_block: None,
            from_port: from,
            to_port: to,
        }
    }

    #[test]
    fn nacl_rules_are_evaluated_in_order() {
        let default = vec![
            entry(100, "-1", "allow", "0.0.0.0/0", 0, 65535),
            entry(32767, "-1", "deny", "0.0.0.0/0", 0, 65535),
        ];
        assert_eq!(nacl_open_ports(&default, &[22, 3389]), vec![22, 3389]);
        let deny_first = vec![
            entry(50, "6", "deny", "0.0.0.0/0", 22, 22),
            entry(100, "-1", "allow", "0.0.0.0/0", 0, 65535),
        ];
        assert_eq!(nacl_open_ports(&deny_first, &[22, 3389]), vec![3389]);
        let narrow = vec![entry(100, "6", "allow", "10.0.0.0/8", 22, 22)];
        assert!(nacl_open_ports(&narrow, &[22]).is_empty());
    }

    #[test]
    fn relations_link_instances_volumes_and_users() {
        use ais_model::kinds::aws::{Ec2Instance, Ec2SecurityGroup, Ec2Volume, IamGroup, IamUser};
        let mut inv = Inventory::new("aws");
        let sg = Resource::new(
            "arn:sg",
            "1",
            "r1",
            "web",
            Ec2SecurityGroup {
                group_id: "sg-1".into(),
                ..Default::default()
            },
        );
        let i = Resource::new(
            "arn:i",
            "1",
            "r1",
            "i",
            Ec2Instance {
                instance_id: "i-1".into(),
                security_groups: vec!["sg-1".into(), "sg-gone".into()],
                ..Default::default()
            },
        );
        let v = Resource::new(
            "arn:v",
            "1",
            "r1",
            "v",
            Ec2Volume {
                volume_id: "vol-1".into(),
                attached_instances: vec!["i-1".into()],
                ..Default::default()
            },
        );
        let g = Resource::new(
            "arn:g",
            "1",
            "global",
            "admins",
            IamGroup {
                arn: "arn:g".into(),
                ..Default::default()
            },
        );
        let u = Resource::new(
            "arn:u",
            "1",
            "global",
            "alice",
            IamUser {
                arn: "arn:u".into(),
                groups: Some(vec!["admins".into()]),
                ..Default::default()
            },
        );
        inv.resources = vec![sg, i, v, g, u];
        relations(&mut inv);
        let rel = |uid: &str| {
            inv.resources
                .iter()
                .find(|r| r.uid == uid)
                .unwrap()
                .relations
                .clone()
        };
        assert_eq!(
            rel("arn:i"),
            vec![ais_model::Relation {
                relation: "uses".into(),
                target: "arn:sg".into()
            }]
        );
        assert_eq!(rel("arn:v")[0].target, "arn:i");
        assert_eq!(
            rel("arn:u")[0],
            ais_model::Relation {
                relation: "member_of".into(),
                target: "arn:g".into()
            }
        );
    }

    #[test]
    fn cis_patterns_are_recognised() {
        let unauthorized = r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#;
        assert!(pattern_covers(
            unauthorized,
            &["unauthorizedoperation", "accessdenied"]
        ));
        let root = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
        assert!(pattern_covers(
            root,
            &["root", "invokedbynotexists", "awsserviceevent"]
        ));
        assert!(!pattern_covers(
            "{ $.eventName = ConsoleLogin }",
            &["consolelogin", "mfaused"]
        ));
    }
}
