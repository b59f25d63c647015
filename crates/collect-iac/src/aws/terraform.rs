//! Terraform AWS resources (configuration or plan) into model kinds.

use std::collections::{BTreeMap, HashMap};

use ais_model::kinds::aws::*;
use ais_model::policy::PolicyDocument;
use ais_model::secrets::{scan_env, scan_text};
use ais_model::{Resource, ResourceKind};

use super::{A, V, envelope, policy};
use crate::terraform::{TfResource, UNKNOWN};
use serde_json::Value as J;

/// The model kinds Terraform resources are adapted into.
pub const KINDS: &[&str] = &[
    S3Bucket::KIND,
    Ec2SecurityGroup::KIND,
    Ec2Instance::KIND,
    Ec2Volume::KIND,
    IamPolicy::KIND,
    IamRole::KIND,
    IamUser::KIND,
    IamGroup::KIND,
    KmsKey::KIND,
    CloudTrailTrail::KIND,
    SqsQueue::KIND,
    SnsTopic::KIND,
    DynamoDbTable::KIND,
    EcrRepository::KIND,
    RdsInstance::KIND,
    RdsCluster::KIND,
    LambdaFunction::KIND,
    EksCluster::KIND,
    LogsLogGroup::KIND,
    Elbv2LoadBalancer::KIND,
    ElbLoadBalancer::KIND,
    OpenSearchDomain::KIND,
    EfsFileSystem::KIND,
    RedshiftCluster::KIND,
    KinesisStream::KIND,
    SecretsManagerSecret::KIND,
    VpcSubnet::KIND,
    Vpc::KIND,
    EcsTaskDefinition::KIND,
    EcsCluster::KIND,
];

/// Unknown fields and unreadable ones, gathered while one resource is adapted.
struct B {
    unknown: Vec<&'static str>,
    /// Fields given AWS's baseline value because the code leaves them to something outside it.
    assumed: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
    /// The owning account, when the code pins it.
    account: String,
}

impl B {
    fn of(r: &TfResource) -> B {
        B {
            unknown: Vec::new(),
            assumed: Vec::new(),
            errors: Vec::new(),
            account: r.account.clone().unwrap_or_default(),
        }
    }

    /// A value with a default for unset; unknown marks the field.
    fn v<T>(&mut self, field: &'static str, v: V<T>, default: T) -> T
    where
        T: Clone,
    {
        match v.or(default.clone()) {
            Some(x) => x,
            None => {
                self.unknown.push(field);
                default
            }
        }
    }

    /// An optional value: unset and unknown are both absent.
    fn opt<T>(&mut self, field: &'static str, v: V<T>) -> Option<T> {
        match v {
            V::Is(x) => Some(x),
            V::Unset => None,
            V::Unknown => {
                self.unknown.push(field);
                None
            }
        }
    }

    /// A resource policy: unset is "no policy", unknown or invalid is absent.
    fn policy(&mut self, field: &'static str, v: V<String>) -> Option<PolicyDocument> {
        match policy(v, &self.account) {
            Ok(V::Is(p)) => Some(p),
            Ok(V::Unset) => Some(PolicyDocument::none()),
            Ok(V::Unknown) => {
                self.unknown.push(field);
                None
            }
            Err(e) => {
                self.errors.push((field, e));
                None
            }
        }
    }

    /// Marks `field` as holding AWS's baseline value, with what decides it outside the code.
    fn assume(&mut self, field: &'static str, why: impl Into<String>) {
        self.assumed.push((field, why.into()));
    }

    fn finish<K: ResourceKind>(self, tf: &TfResource, props: K) -> Resource {
        let mut r = envelope(tf, props, &self.unknown, self.errors);
        for (field, why) in self.assumed {
            if !self.unknown.contains(&field) {
                r.assume(field, why);
            }
        }
        r
    }
}

/// Finds the resource a setting resource points at (by marker or literal name).
struct Index(HashMap<String, usize>);

impl Index {
    fn new(rs: &[&TfResource], name_attrs: &[&str]) -> Index {
        let mut m = HashMap::new();
        for (i, r) in rs.iter().enumerate() {
            for attr in ["id", "arn", "name", "bucket", "url", "key_id"] {
                m.insert(r.marker(attr), i);
            }
            for attr in name_attrs {
                if let V::Is(s) = A(&r.values).str(attr) {
                    m.insert(s, i);
                }
            }
        }
        Index(m)
    }

    /// `Some(Some(i))`: joins resource i; `Some(None)`: known to point outside the scan;
    /// `None`: the target cannot be told (unknown reference).
    fn target(&self, v: V<String>) -> Option<Option<usize>> {
        match v {
            V::Is(s) => Some(self.0.get(&s).copied()),
            _ => None,
        }
    }
}

/// Settings resources of one kind, grouped by the resource they apply to, with a flag for
/// those whose target cannot be told (so that no target may take the default).
struct Joined<'a> {
    by_target: HashMap<usize, Vec<A<'a>>>,
    unresolved: bool,
}

fn join<'a>(all: &'a [TfResource], rtype: &str, attr: &str, index: &Index) -> Joined<'a> {
    let mut j = Joined {
        by_target: HashMap::new(),
        unresolved: false,
    };
    for r in all.iter().filter(|r| r.rtype == rtype) {
        let a = A(&r.values);
        match index.target(a.str(attr)) {
            Some(Some(i)) => j.by_target.entry(i).or_default().push(a),
            Some(None) => {}
            None => j.unresolved = true,
        }
    }
    j
}

impl<'a> Joined<'a> {
    /// The last settings resource for `i`: `Unset` when there is none, `Unknown` when one
    /// might exist.
    fn get(&self, i: usize) -> V<A<'a>> {
        match self.by_target.get(&i).and_then(|v| v.last()) {
            Some(a) => V::Is(*a),
            None if self.unresolved => V::Unknown,
            None => V::Unset,
        }
    }

    fn all(&self, i: usize) -> Option<Vec<A<'a>>> {
        if self.unresolved {
            return None;
        }
        Some(self.by_target.get(&i).cloned().unwrap_or_default())
    }
}

/// Settings resources of `rtype` whose `attr` points at `r` (by marker or one of `names`).
fn settings<'a>(
    all: &'a [TfResource],
    r: &TfResource,
    rtype: &str,
    attr: &str,
    names: &[&str],
) -> Joined<'a> {
    let one = [r];
    join(all, rtype, attr, &Index::new(&one, names))
}

/// A resource policy written inline or by a separate policy resource (which wins).
fn policy_text(a: A, inline: &str, separate: &Joined, key: &str) -> V<String> {
    match separate.get(0) {
        V::Is(p) => p.str(key),
        V::Unknown => V::Unknown,
        V::Unset => a.str(inline),
    }
}

fn of_type<'a>(all: &'a [TfResource], types: &[&str]) -> Vec<&'a TfResource> {
    all.iter()
        .filter(|r| types.contains(&r.rtype.as_str()))
        .collect()
}

/// Adapts every AWS resource the model knows; other resource types are left out.
pub fn adapt(all: &[TfResource]) -> Vec<Resource> {
    let mut out = Vec::new();
    s3(all, &mut out);
    security_groups(all, &mut out);
    vpcs(all, &mut out);
    iam(all, &mut out);
    for r in all {
        let a = A(&r.values);
        let res = match r.rtype.as_str() {
            "aws_instance" => Some(instance(r, a, all)),
            "aws_ebs_volume" => Some(volume(r, a, all)),
            "aws_kms_key" => Some(kms_key(r, a, all)),
            "aws_cloudtrail" => Some(trail(r, a)),
            "aws_sqs_queue" => Some(sqs(r, a, all)),
            "aws_sns_topic" => Some(sns(r, a, all)),
            "aws_dynamodb_table" => Some(dynamodb(r, a)),
            "aws_ecr_repository" => Some(ecr(r, a, all)),
            "aws_db_instance" => Some(rds_instance(r, a, all)),
            "aws_rds_cluster" => Some(rds_cluster(r, a, all)),
            "aws_lambda_function" => Some(lambda(r, a, all)),
            "aws_eks_cluster" => Some(eks(r, a)),
            "aws_cloudwatch_log_group" => Some(log_group(r, a)),
            "aws_lb" | "aws_alb" => Some(lb(r, a, all)),
            "aws_elb" => Some(elb(r, a)),
            "aws_elasticsearch_domain" | "aws_opensearch_domain" => Some(opensearch(r, a, all)),
            "aws_efs_file_system" => Some(efs(r, a, all)),
            "aws_redshift_cluster" => Some(redshift(r, a, all)),
            "aws_kinesis_stream" => Some(kinesis(r, a)),
            "aws_secretsmanager_secret" => Some(secret(r, a, all)),
            "aws_subnet" | "aws_default_subnet" => Some(subnet(r, a)),
            "aws_ecs_task_definition" => Some(ecs_task_definition(r, a)),
            "aws_ecs_cluster" => Some(ecs_cluster(r, a, all)),
            _ => None,
        };
        out.extend(res);
    }
    super::derive::derive(&mut out);
    out
}

// ---------------------------------------------------------------- S3

const PUBLIC_READ_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];

fn canned_acl(acl: &str) -> S3Acl {
    let grantee = |uri: &str| S3Grant {
        grantee_type: "Group".into(),
        grantee: Some(uri.into()),
        permission: String::new(),
    };
    let all_users = "http://acs.amazonaws.com/groups/global/AllUsers";
    let auth_users = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    let grants = match acl {
        "public-read" => vec![S3Grant {
            permission: "READ".into(),
            ..grantee(all_users)
        }],
        "public-read-write" => vec![
            S3Grant {
                permission: "READ".into(),
                ..grantee(all_users)
            },
            S3Grant {
                permission: "WRITE".into(),
                ..grantee(all_users)
            },
        ],
        "authenticated-read" => vec![S3Grant {
            permission: "READ".into(),
            ..grantee(auth_users)
        }],
        _ => Vec::new(),
    };
    S3Acl {
        owner_id: None,
        grants,
        public_read: PUBLIC_READ_ACLS.contains(&acl),
        public_write: acl == "public-read-write",
    }
}

/// An ACL from `access_control_policy { grant { grantee { uri } permission } }`.
fn acl_from_policy(p: A) -> Option<S3Acl> {
    let mut acl = S3Acl::default();
    for g in p.blocks("grant")? {
        let grantee = g.block("grantee").known();
        let uri = grantee.and_then(|x| x.str("uri").known());
        let perm = g.str("permission").known().unwrap_or_default();
        let public = uri
            .as_deref()
            .is_some_and(|u| u.ends_with("/AllUsers") || u.ends_with("/AuthenticatedUsers"));
        if public && matches!(perm.as_str(), "READ" | "FULL_CONTROL") {
            acl.public_read = true;
        }
        if public && matches!(perm.as_str(), "WRITE" | "WRITE_ACP" | "FULL_CONTROL") {
            acl.public_write = true;
        }
        acl.grants.push(S3Grant {
            grantee_type: grantee
                .and_then(|x| x.str("type").known())
                .unwrap_or_default(),
            grantee: uri.or_else(|| grantee.and_then(|x| x.str("id").known())),
            permission: perm,
        });
    }
    Some(acl)
}

fn pab(a: A, b: &mut B, field: &'static str) -> PublicAccessBlock {
    let mut get = |k: &str| {
        let v = a.bool(k);
        b.v(field, v, false)
    };
    PublicAccessBlock {
        block_public_acls: get("block_public_acls"),
        ignore_public_acls: get("ignore_public_acls"),
        block_public_policy: get("block_public_policy"),
        restrict_public_buckets: get("restrict_public_buckets"),
    }
}

/// Default encryption from a `rule` block; `None` when its algorithm is unknown.
fn sse(rule: A) -> Option<S3Encryption> {
    let algorithm = match rule.block("apply_server_side_encryption_by_default") {
        V::Is(d) => d.str("sse_algorithm").or("AES256".into())?,
        V::Unset => "AES256".into(),
        V::Unknown => return None,
    };
    let default = rule
        .block("apply_server_side_encryption_by_default")
        .known();
    Some(S3Encryption {
        enabled: true,
        algorithm: Some(algorithm),
        kms_key_id: default.and_then(|d| d.str("kms_master_key_id").known()),
        bucket_key_enabled: rule.bool("bucket_key_enabled").known(),
    })
}

/// Why a bucket without a public access block of its own is taken to have none.
const BPA_ASSUMED: &str = "the code does not configure the bucket's Block Public Access: AWS turns \
     it on for buckets created since April 2023, but a bucket that already existed has none \
     unless it was set outside the code (a Terraform plan that creates the bucket settles this)";

/// Why a bucket's ACL is taken to work when the code does not set object ownership.
const OWNERSHIP_ASSUMED: &str = "the code does not set object ownership: buckets created since \
     April 2023 disable ACLs (and refuse this ACL at deploy), but a bucket that already existed \
     honours it (a Terraform plan that creates the bucket settles this)";

fn s3(all: &[TfResource], out: &mut Vec<Resource>) {
    let buckets = of_type(all, &["aws_s3_bucket"]);
    let index = Index::new(&buckets, &["bucket"]);
    let versioning = join(all, "aws_s3_bucket_versioning", "bucket", &index);
    let encryption = join(
        all,
        "aws_s3_bucket_server_side_encryption_configuration",
        "bucket",
        &index,
    );
    let logging = join(all, "aws_s3_bucket_logging", "bucket", &index);
    let blocks = join(all, "aws_s3_bucket_public_access_block", "bucket", &index);
    let policies = join(all, "aws_s3_bucket_policy", "bucket", &index);
    let acls = join(all, "aws_s3_bucket_acl", "bucket", &index);
    let locks = join(
        all,
        "aws_s3_bucket_object_lock_configuration",
        "bucket",
        &index,
    );
    let ownership = join(all, "aws_s3_bucket_ownership_controls", "bucket", &index);
    let account_blocks = of_type(all, &["aws_s3_account_public_access_block"]);

    for (i, r) in buckets.iter().enumerate() {
        let a = A(&r.values);
        let mut b = B::of(r);

        let encryption = match (
            encryption.get(i),
            a.block("server_side_encryption_configuration"),
        ) {
            (V::Is(s), _) | (_, V::Is(s)) => match s.block("rule") {
                V::Is(rule) => match sse(rule) {
                    Some(e) => Some(e),
                    None => b.opt("encryption", V::<S3Encryption>::Unknown),
                },
                _ => b.opt("encryption", V::<S3Encryption>::Unknown),
            },
            (V::Unknown, _) | (_, V::Unknown) => b.opt("encryption", V::<S3Encryption>::Unknown),
            // S3 encrypts every new object with SSE-S3 since January 2023.
            (V::Unset, V::Unset) => Some(S3Encryption {
                enabled: true,
                algorithm: Some("AES256".into()),
                ..Default::default()
            }),
        };

        let versioning = match (versioning.get(i), a.block("versioning")) {
            (V::Is(v), _) => match v.block("versioning_configuration") {
                V::Is(c) => {
                    let status = b.v("versioning", c.str("status"), "Disabled".into());
                    let mfa = b.v("versioning", c.str("mfa_delete"), "Disabled".into());
                    Some(S3Versioning {
                        status,
                        mfa_delete: mfa == "Enabled",
                    })
                }
                _ => b.opt("versioning", V::<S3Versioning>::Unknown),
            },
            (_, V::Is(v)) => {
                let enabled = b.v("versioning", v.bool("enabled"), false);
                let mfa = b.v("versioning", v.bool("mfa_delete"), false);
                Some(S3Versioning {
                    status: if enabled { "Enabled" } else { "Disabled" }.into(),
                    mfa_delete: mfa,
                })
            }
            (V::Unknown, _) | (_, V::Unknown) => b.opt("versioning", V::<S3Versioning>::Unknown),
            (V::Unset, V::Unset) => Some(S3Versioning {
                status: "Disabled".into(),
                mfa_delete: false,
            }),
        };

        let logging = match (logging.get(i), a.block("logging")) {
            (V::Is(l), _) | (_, V::Is(l)) => Some(S3Logging {
                enabled: true,
                target_bucket: l.str("target_bucket").known(),
                target_prefix: l.str("target_prefix").known(),
            }),
            (V::Unknown, _) | (_, V::Unknown) => b.opt("logging", V::<S3Logging>::Unknown),
            (V::Unset, V::Unset) => Some(S3Logging::default()),
        };

        // Buckets created since April 2023 block all public access and disable ACLs unless
        // told otherwise; a bucket that existed before keeps neither. Only a plan that creates
        // the bucket says which it is.
        let new_bucket = r.created == Some(true);
        let public_access_block = match blocks.get(i) {
            V::Is(p) => Some(pab(p, &mut b, "public_access_block")),
            V::Unknown => b.opt("public_access_block", V::<PublicAccessBlock>::Unknown),
            V::Unset if new_bucket => Some(PublicAccessBlock {
                block_public_acls: true,
                ignore_public_acls: true,
                block_public_policy: true,
                restrict_public_buckets: true,
            }),
            V::Unset => {
                b.assume("public_access_block", BPA_ASSUMED);
                Some(PublicAccessBlock::default())
            }
        };
        // The account's block as the code declares it, else as AWS leaves it: not configured.
        let account_public_access_block = match account_blocks.first() {
            Some(one) => Some(pab(A(&one.values), &mut b, "account_public_access_block")),
            None => Some(PublicAccessBlock::default()),
        };

        let policy_text = match (policies.get(i), a.str("policy")) {
            (V::Is(p), _) => p.str("policy"),
            (V::Unknown, _) => V::Unknown,
            (V::Unset, v) => v,
        };
        let policy = b.policy("policy", policy_text);

        let acl = match (acls.get(i), a.str("acl")) {
            (V::Is(x), _) => match (x.str("acl"), x.block("access_control_policy")) {
                (V::Is(canned), _) => Some(canned_acl(&canned)),
                (_, V::Is(p)) => acl_from_policy(p),
                _ => None,
            },
            (V::Unknown, _) | (_, V::Unknown) => None,
            (V::Unset, V::Is(canned)) => Some(canned_acl(&canned)),
            (V::Unset, V::Unset) => Some(canned_acl("private")),
        };
        if acl.is_none() {
            b.unknown.push("acl");
        }
        // With ACLs disabled (object ownership BucketOwnerEnforced) ACLs grant nothing.
        let acls_disabled = match ownership.get(i) {
            V::Is(o) => o
                .block("rule")
                .known()
                .map(|r| r.str("object_ownership"))
                .map(|v| v == V::Is("BucketOwnerEnforced".into()) || v == V::Unset),
            V::Unset if new_bucket => Some(true),
            V::Unset => {
                if acl
                    .as_ref()
                    .is_some_and(|a| a.public_read || a.public_write)
                {
                    b.assume("acl", OWNERSHIP_ASSUMED);
                }
                Some(false)
            }
            V::Unknown => None,
        };
        let acl = match (acl, acls_disabled) {
            (Some(_), Some(true)) => Some(canned_acl("private")),
            (acl, _) => acl,
        };

        let object_lock_enabled = match (locks.get(i), a.bool("object_lock_enabled")) {
            (V::Is(_), _) | (_, V::Is(true)) => Some(true),
            (V::Unknown, _) | (_, V::Unknown) => b.opt("object_lock_enabled", V::<bool>::Unknown),
            _ => match a.block("object_lock_configuration") {
                V::Is(c) => Some(c.str("object_lock_enabled") == V::Is("Enabled".into())),
                V::Unset => Some(false),
                V::Unknown => b.opt("object_lock_enabled", V::<bool>::Unknown),
            },
        };

        let is_public = is_public(
            policy.as_ref(),
            acl.as_ref(),
            public_access_block.as_ref(),
            account_public_access_block.as_ref(),
        );
        if is_public == Some(true) {
            // Public only because the code leaves the bucket's block or ACLs to AWS.
            let why: Vec<String> = b
                .assumed
                .iter()
                .filter(|(f, _)| ["public_access_block", "acl"].contains(f))
                .map(|(_, why)| why.clone())
                .collect();
            if !why.is_empty() {
                b.assume("is_public", why.join("; "));
            }
        }
        let name = a.str("bucket").known();
        let props = S3Bucket {
            arn: name
                .as_ref()
                .map(|n| format!("arn:aws:s3:::{n}"))
                .unwrap_or_else(|| r.marker("arn")),
            created: None,
            encryption,
            versioning,
            logging,
            policy,
            acl,
            public_access_block,
            account_public_access_block,
            object_lock_enabled,
            is_public,
        };
        out.push(b.finish(r, props));
    }
}

/// Whether the bucket is public, when the code decides it: it is not when neither its policy
/// nor its ACL opens it or its own block stops both; otherwise only the account block (outside
/// the code unless declared) can tell.
fn is_public(
    policy: Option<&PolicyDocument>,
    acl: Option<&S3Acl>,
    pab: Option<&PublicAccessBlock>,
    account: Option<&PublicAccessBlock>,
) -> Option<bool> {
    let (policy, acl, pab) = (policy?, acl?, pab?);
    let blocked = |f: fn(&PublicAccessBlock) -> bool| -> Option<bool> {
        if f(pab) {
            return Some(true);
        }
        account.map(f)
    };
    let via_policy = if policy.allows_public {
        blocked(|p| p.restrict_public_buckets).map(|b| !b)
    } else {
        Some(false)
    };
    let via_acl = if acl.public_read || acl.public_write {
        blocked(|p| p.ignore_public_acls).map(|b| !b)
    } else {
        Some(false)
    };
    match (via_policy, via_acl) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------- EC2 / VPC

fn protocol(p: &str) -> String {
    match p.to_ascii_lowercase().as_str() {
        "all" | "-1" => "-1".into(),
        "6" => "tcp".into(),
        "17" => "udp".into(),
        "1" => "icmp".into(),
        other => other.into(),
    }
}

/// One rule, or `None` when part of it is unknown.
fn sg_rule(
    a: A,
    proto_key: &str,
    v4_key: &str,
    v6_key: &str,
    sg_keys: &[&str],
    pl_key: &str,
) -> Option<SgRule> {
    let proto = protocol(&a.str(proto_key).known()?);
    let all = proto == "-1";
    let (from, to) = if all {
        (0, 65535)
    } else {
        (a.int("from_port").or(0)?, a.int("to_port").or(65535)?)
    };
    let ipv4 = a.strings(v4_key).or(Vec::new())?;
    let ipv6 = a.strings(v6_key).or(Vec::new())?;
    let mut groups = Vec::new();
    for k in sg_keys {
        groups.extend(a.strings(k).or(Vec::new())?);
    }
    Some(SgRule {
        open_ipv4: ipv4.iter().any(|c| c == "0.0.0.0/0"),
        open_ipv6: ipv6.iter().any(|c| c == "::/0"),
        protocol: proto,
        from_port: from,
        to_port: to,
        ipv4_ranges: ipv4,
        ipv6_ranges: ipv6,
        security_groups: groups,
        prefix_lists: a.strings(pl_key).or(Vec::new())?,
    })
}

fn inline_rules(a: A, key: &str) -> Option<Vec<SgRule>> {
    a.blocks(key)?
        .into_iter()
        .map(|r| {
            sg_rule(
                r,
                "protocol",
                "cidr_blocks",
                "ipv6_cidr_blocks",
                &["security_groups"],
                "prefix_list_ids",
            )
        })
        .collect()
}

fn security_groups(all: &[TfResource], out: &mut Vec<Resource>) {
    let groups = of_type(all, &["aws_security_group", "aws_default_security_group"]);
    let index = Index::new(&groups, &[]);
    let classic = join(all, "aws_security_group_rule", "security_group_id", &index);
    let ingress_v2 = join(
        all,
        "aws_vpc_security_group_ingress_rule",
        "security_group_id",
        &index,
    );
    let egress_v2 = join(
        all,
        "aws_vpc_security_group_egress_rule",
        "security_group_id",
        &index,
    );
    for (i, r) in groups.iter().enumerate() {
        let a = A(&r.values);
        let mut b = B::of(r);
        let mut ingress = inline_rules(a, "ingress");
        let mut egress = inline_rules(a, "egress");
        match classic.all(i) {
            Some(rules) => {
                for x in rules {
                    let rule = sg_rule(
                        x,
                        "protocol",
                        "cidr_blocks",
                        "ipv6_cidr_blocks",
                        &["source_security_group_id"],
                        "prefix_list_ids",
                    );
                    let list = if x.str("type") == V::Is("egress".into()) {
                        &mut egress
                    } else {
                        &mut ingress
                    };
                    match (list.as_mut(), rule) {
                        (Some(l), Some(rule)) => l.push(rule),
                        _ => *list = None,
                    }
                }
            }
            None => {
                ingress = None;
                egress = None;
            }
        }
        for (joined, list) in [(&ingress_v2, &mut ingress), (&egress_v2, &mut egress)] {
            match joined.all(i) {
                Some(rules) => {
                    for x in rules {
                        let rule = sg_rule(
                            x,
                            "ip_protocol",
                            "cidr_ipv4",
                            "cidr_ipv6",
                            &["referenced_security_group_id"],
                            "prefix_list_id",
                        );
                        match (list.as_mut(), rule) {
                            (Some(l), Some(rule)) => l.push(rule),
                            _ => *list = None,
                        }
                    }
                }
                None => *list = None,
            }
        }
        if ingress.is_none() {
            b.unknown.push("ingress");
        }
        if egress.is_none() {
            b.unknown.push("egress");
        }
        let props = Ec2SecurityGroup {
            group_id: r.marker("id"),
            group_name: a.str("name").known().unwrap_or_else(|| r.address.clone()),
            description: a.str("description").known(),
            vpc_id: a.str("vpc_id").known(),
            is_default: r.rtype == "aws_default_security_group",
            ingress: ingress.unwrap_or_default(),
            egress: egress.unwrap_or_default(),
            attached_interfaces: None,
        };
        out.push(b.finish(r, props));
    }
}

/// VPCs with their flow logs, and the default security group AWS creates in each VPC unless the
/// code manages it (`aws_default_security_group`): it lets members reach each other and
/// everything out.
fn vpcs(all: &[TfResource], out: &mut Vec<Resource>) {
    let vpcs = of_type(all, &["aws_vpc"]);
    let index = Index::new(&vpcs, &[]);
    let flow_logs = join(all, "aws_flow_log", "vpc_id", &index);
    let managed_default = join(all, "aws_default_security_group", "vpc_id", &index);
    for (i, r) in vpcs.iter().enumerate() {
        let a = A(&r.values);
        let mut b = B::of(r);
        let logs = flow_logs.all(i).map(|ls| {
            ls.iter()
                .map(|l| FlowLog {
                    id: String::new(),
                    status: "ACTIVE".into(),
                    traffic_type: l.str("traffic_type").known(),
                    destination_type: l
                        .str("log_destination_type")
                        .known()
                        .or(Some("cloud-watch-logs".into())),
                })
                .collect::<Vec<_>>()
        });
        if logs.is_none() {
            b.unknown.push("flow_logs");
        }
        let props = Vpc {
            vpc_id: r.marker("id"),
            cidr_block: a.str("cidr_block").known(),
            is_default: false,
            state: None,
            flow_logs: logs,
        };
        out.push(b.finish(r, props));
        if matches!(managed_default.get(i), V::Unset) {
            let all_traffic = |open: bool, groups: Vec<String>| SgRule {
                protocol: "-1".into(),
                from_port: 0,
                to_port: 65535,
                ipv4_ranges: if open {
                    vec!["0.0.0.0/0".into()]
                } else {
                    Vec::new()
                },
                ipv6_ranges: Vec::new(),
                security_groups: groups,
                prefix_lists: Vec::new(),
                open_ipv4: open,
                open_ipv6: false,
            };
            let sg = Ec2SecurityGroup {
                group_id: r.marker("default_security_group_id"),
                group_name: "default".into(),
                description: Some("default VPC security group".into()),
                vpc_id: Some(r.marker("id")),
                is_default: true,
                ingress: vec![all_traffic(
                    false,
                    vec![r.marker("default_security_group_id")],
                )],
                egress: vec![all_traffic(true, Vec::new())],
                attached_interfaces: None,
            };
            let mut res = B::of(r).finish(r, sg);
            res.uid = r.uid(".default_security_group");
            // Named after the VPC that creates it: that is the code to change.
            res.name = r.address.clone();
            out.push(res);
        }
    }
}

/// Why an instance's `http_tokens` is taken as `optional` when the code does not set it.
const IMDS_ASSUMED: &str = "the code does not set http_tokens, so the AMI (its ImdsSupport) and the \
     account's instance metadata defaults decide, and both allow IMDSv1 unless changed: \
     AMIs registered with ImdsSupport v2.0 and accounts whose defaults require tokens get IMDSv2";

/// Why an instance is taken to allow IMDSv1 although the code requires tokens by default.
const IMDS_LATE: &str = "the code sets the account's instance metadata defaults to require \
     tokens, but they apply only to instances launched after them: an instance that already \
     ran keeps IMDSv1 unless its AMI says otherwise (a Terraform plan that creates the \
     instance settles this)";

/// The account-level `http_tokens` default the code declares (`aws_ec2_instance_metadata_defaults`):
/// unset when it declares none, unknown when it declares several or an unknown value.
fn imds_account_default(all: &[TfResource]) -> V<String> {
    let declared: Vec<V<String>> = all
        .iter()
        .filter(|x| x.rtype == "aws_ec2_instance_metadata_defaults")
        .map(|x| A(&x.values).str("http_tokens"))
        .collect();
    match declared.as_slice() {
        [] => V::Unset,
        [V::Is(t)] => V::Is(t.clone()),
        // Declared without http_tokens: "no-preference".
        [V::Unset] => V::Unset,
        _ => V::Unknown,
    }
}

fn instance(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let public = a.bool("associate_public_ip_address");
    let has_public_ip = b.v("has_public_ip", public.clone(), false);
    if public == V::Unset {
        // Decided by the subnet's setting at launch.
        b.unknown.push("has_public_ip");
    }
    // The instance's own metadata options, else its launch template's (when the code has it).
    let own = a.block("metadata_options");
    let options = match (&own, a.block("launch_template")) {
        (V::Is(_) | V::Unknown, _) | (_, V::Unset) => own,
        (V::Unset, V::Unknown) => V::Unknown,
        (V::Unset, V::Is(lt)) => {
            let templates = of_type(all, &["aws_launch_template"]);
            let index = Index::new(&templates, &["name"]);
            let reference = match lt.str("id") {
                V::Unset => lt.str("name"),
                id => id,
            };
            match index.target(reference) {
                Some(Some(t)) => A(&templates[t].values).block("metadata_options"),
                _ => V::Unknown,
            }
        }
    };
    // Tokens the code leaves unset come from the AMI and the account's defaults.
    // The account's defaults apply to instances launched after them; only a plan that
    // creates the instance says this one is.
    let created = r.created == Some(true);
    let tokens = |declared: V<String>, b: &mut B| -> Option<String> {
        match (declared, imds_account_default(all)) {
            (V::Is(t), _) => Some(t),
            (V::Unknown, _) | (V::Unset, V::Unknown) => None,
            (V::Unset, V::Is(t)) if t == "required" && created => Some(t),
            (V::Unset, V::Is(t)) if t == "required" => {
                b.assume("metadata_options", IMDS_LATE);
                Some("optional".into())
            }
            (V::Unset, _) => {
                b.assume("metadata_options", IMDS_ASSUMED);
                Some("optional".into())
            }
        }
    };
    let metadata_options = match options {
        V::Is(m) => {
            let http_tokens = tokens(m.str("http_tokens"), &mut b).unwrap_or_else(|| {
                b.unknown.push("metadata_options.http_tokens");
                String::new()
            });
            let endpoint = b.v("metadata_options", m.str("http_endpoint"), "enabled".into());
            Some(MetadataOptions {
                http_tokens,
                http_endpoint: endpoint,
                http_put_response_hop_limit: m.int("http_put_response_hop_limit").known(),
            })
        }
        V::Unset => tokens(V::Unset, &mut b).map(|http_tokens| MetadataOptions {
            http_tokens,
            http_endpoint: "enabled".into(),
            http_put_response_hop_limit: None,
        }),
        V::Unknown => b.opt("metadata_options", V::<MetadataOptions>::Unknown),
    };
    if metadata_options.is_none() && !b.unknown.contains(&"metadata_options") {
        b.unknown.push("metadata_options");
    }
    let profile = a.str("iam_instance_profile");
    let has_profile = b.v("has_instance_profile", profile.clone().map(|_| true), false);
    let user_data = match (a.str("user_data"), a.str("user_data_base64")) {
        (V::Unset, V::Is(b64)) => {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .map_or(V::Unknown, V::Is)
        }
        (V::Unset, V::Unknown) => V::Unknown,
        (v, _) => v,
    };
    let user_data_secrets = match &user_data {
        V::Is(text) => Some(scan_text(text)),
        V::Unset => Some(Vec::new()),
        V::Unknown => b.opt("user_data_secrets", V::<Vec<SecretHit>>::Unknown),
    };
    let monitoring = b.v("monitoring", a.bool("monitoring"), false);
    let mut groups = b.v(
        "security_groups",
        a.strings("vpc_security_group_ids"),
        Vec::new(),
    );
    groups.extend(a.strings("security_groups").known().unwrap_or_default());
    let props = Ec2Instance {
        instance_id: r.marker("id"),
        // A declared instance runs once applied.
        state: Some("running".into()),
        instance_type: a.str("instance_type").known(),
        image_id: a.str("ami").known(),
        vpc_id: None,
        subnet_id: a.str("subnet_id").known(),
        launch_time: None,
        public_ip: None,
        has_public_ip,
        private_ip: a.str("private_ip").known(),
        iam_instance_profile: profile.known(),
        has_instance_profile: has_profile,
        metadata_options,
        monitoring: Some(if monitoring { "enabled" } else { "disabled" }.into()),
        security_groups: groups,
        internet_exposed_ports: (!has_public_ip && public != V::Unset).then(Vec::new),
        user_data_present: Some(user_data != V::Unset),
        user_data_secrets,
    };
    b.finish(r, props)
}

fn volume(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    // Unset follows the region's "encryption by default" setting, known when the code sets it.
    let by_default: Vec<V<bool>> = all
        .iter()
        .filter(|x| x.rtype == "aws_ebs_encryption_by_default")
        .map(|x| {
            A(&x.values)
                .bool("enabled")
                .or(true)
                .map_or(V::Unknown, V::Is)
        })
        .collect();
    // The region setting applies to volumes created after it; only a plan that creates the
    // volume says this one is.
    let created = r.created == Some(true);
    let encrypted = match (a.bool("encrypted"), by_default.as_slice()) {
        (V::Is(true), _) => V::Is(true),
        (V::Is(false) | V::Unset, [V::Is(true)]) if created => V::Is(true),
        (V::Is(false) | V::Unset, [V::Is(true)]) => {
            b.assume(
                "encrypted",
                "the code turns on the region's EBS encryption by default, but that applies \
                 only to volumes created after it: a volume that already existed stays \
                 unencrypted (a Terraform plan that creates the volume settles this)",
            );
            V::Is(false)
        }
        (V::Is(false), _) | (V::Unset, [V::Is(false)]) => V::Is(false),
        (V::Unset, []) => {
            b.assume(
                "encrypted",
                "the code does not set encryption, so the region's EBS encryption by default \
                 decides; AWS leaves it off and the code does not turn it on",
            );
            V::Is(false)
        }
        _ => V::Unknown,
    };
    let props = Ec2Volume {
        volume_id: r.marker("id"),
        encrypted: b.v("encrypted", encrypted, false),
        kms_key_id: a.str("kms_key_id").known(),
        state: None,
        size_gib: a.int("size").known(),
        attached_instances: Vec::new(),
    };
    b.finish(r, props)
}

fn subnet(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    // Default subnets give instances public addresses; other subnets do not.
    let default_subnet = r.rtype == "aws_default_subnet";
    let props = VpcSubnet {
        subnet_id: r.marker("id"),
        vpc_id: a.str("vpc_id").known(),
        cidr_block: a.str("cidr_block").known(),
        availability_zone: a.str("availability_zone").known(),
        map_public_ip_on_launch: b.v(
            "map_public_ip_on_launch",
            a.bool("map_public_ip_on_launch"),
            default_subnet,
        ),
        default_for_az: default_subnet,
    };
    b.finish(r, props)
}

// ---------------------------------------------------------------- IAM

fn attached(
    all: &[TfResource],
    rtype: &str,
    key: &str,
    index: &Index,
    i: usize,
) -> Option<Vec<AttachedPolicy>> {
    let arn_of = |x: &A| -> Option<AttachedPolicy> {
        let arn = x.str("policy_arn").known()?;
        Some(AttachedPolicy {
            name: arn.rsplit('/').next().unwrap_or_default().to_string(),
            arn,
        })
    };
    let j = join(all, rtype, key, index);
    let mut out: Vec<AttachedPolicy> = j
        .all(i)?
        .into_iter()
        .map(|x| arn_of(&x))
        .collect::<Option<_>>()?;
    // `aws_iam_policy_attachment` lists its roles, users or groups.
    let list_key = format!("{key}s");
    for x in all
        .iter()
        .filter(|x| x.rtype == "aws_iam_policy_attachment")
    {
        let a = A(&x.values);
        match a.strings(&list_key) {
            V::Is(names) => {
                if names
                    .into_iter()
                    .any(|n| index.target(V::Is(n)) == Some(Some(i)))
                {
                    out.push(arn_of(&a)?);
                }
            }
            V::Unset => {}
            V::Unknown => return None,
        }
    }
    Some(out)
}

fn inline(
    all: &[TfResource],
    rtype: &str,
    key: &str,
    index: &Index,
    i: usize,
    account: &str,
) -> Result<Option<Vec<InlinePolicy>>, String> {
    let j = join(all, rtype, key, index);
    let Some(items) = j.all(i) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for x in items {
        match policy(x.str("policy"), account)? {
            V::Is(document) => out.push(InlinePolicy {
                name: x.str("name").known().unwrap_or_default(),
                document,
            }),
            V::Unset => {}
            V::Unknown => return Ok(None),
        }
    }
    Ok(Some(out))
}

fn admin(
    attached: &Option<Vec<AttachedPolicy>>,
    inline: &Option<Vec<InlinePolicy>>,
    managed: &HashMap<String, bool>,
) -> Option<bool> {
    let inline = inline.as_ref()?;
    let attached = attached.as_ref()?;
    if inline.iter().any(|p| p.document.allows_admin) {
        return Some(true);
    }
    let mut unknown = false;
    for p in attached {
        if p.arn == "arn:aws:iam::aws:policy/AdministratorAccess" {
            return Some(true);
        }
        match managed.get(&p.arn) {
            Some(true) => return Some(true),
            Some(false) => {}
            None if p.arn.starts_with("arn:aws:iam::aws:policy/") => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(false)
}

fn iam(all: &[TfResource], out: &mut Vec<Resource>) {
    // Customer managed policies: their marker ARN → grants admin.
    let mut managed: HashMap<String, bool> = HashMap::new();
    for r in all.iter().filter(|r| r.rtype == "aws_iam_policy") {
        let a = A(&r.values);
        let mut b = B::of(r);
        let document = match policy(a.str("policy"), &b.account) {
            Ok(V::Is(d)) => Some(d),
            Ok(_) => {
                b.unknown.push("document");
                None
            }
            Err(e) => {
                b.errors.push(("document", e));
                None
            }
        };
        if let Some(d) = &document {
            managed.insert(r.marker("arn"), d.allows_admin);
        }
        // Attachments found in the code; with none found the policy may still be attached
        // from elsewhere, so the count stays unknown.
        let arn = r.marker("arn");
        let mut attachments = 0i64;
        for x in all.iter() {
            let xa = A(&x.values);
            match x.rtype.as_str() {
                "aws_iam_role_policy_attachment"
                | "aws_iam_user_policy_attachment"
                | "aws_iam_group_policy_attachment"
                    if xa.str("policy_arn") == V::Is(arn.clone()) =>
                {
                    attachments += 1;
                }
                "aws_iam_policy_attachment" if xa.str("policy_arn") == V::Is(arn.clone()) => {
                    for k in ["roles", "users", "groups"] {
                        attachments += xa.strings(k).known().map_or(0, |v| v.len() as i64);
                    }
                }
                "aws_iam_role"
                    if xa
                        .strings("managed_policy_arns")
                        .known()
                        .is_some_and(|v| v.contains(&arn)) =>
                {
                    attachments += 1;
                }
                _ => {}
            }
        }
        let props = IamPolicy {
            arn: r.marker("arn"),
            aws_managed: false,
            attachment_count: (attachments > 0).then_some(attachments),
            default_version: None,
            document,
        };
        out.push(b.finish(r, props));
    }

    let roles = of_type(all, &["aws_iam_role"]);
    let index = Index::new(&roles, &["name"]);
    for (i, r) in roles.iter().enumerate() {
        let a = A(&r.values);
        let mut b = B::of(r);
        let trust_policy = match policy(a.str("assume_role_policy"), &b.account) {
            Ok(V::Is(d)) => Some(d),
            Ok(_) => b.opt("trust_policy", V::<PolicyDocument>::Unknown),
            Err(e) => {
                b.errors.push(("trust_policy", e));
                None
            }
        };
        let mut attached_policies =
            attached(all, "aws_iam_role_policy_attachment", "role", &index, i);
        match a.strings("managed_policy_arns") {
            V::Is(arns) => {
                if let Some(list) = attached_policies.as_mut() {
                    list.extend(arns.into_iter().map(|arn| AttachedPolicy {
                        name: arn.rsplit('/').next().unwrap_or_default().to_string(),
                        arn,
                    }));
                }
            }
            V::Unset => {}
            V::Unknown => attached_policies = None,
        }
        let mut inline_policies =
            match inline(all, "aws_iam_role_policy", "role", &index, i, &b.account) {
                Ok(v) => v,
                Err(e) => {
                    b.errors.push(("inline_policies", e));
                    None
                }
            };
        match a.blocks("inline_policy") {
            Some(blocks) => {
                for p in blocks {
                    match policy(p.str("policy"), &b.account) {
                        Ok(V::Is(document)) => {
                            if let Some(list) = inline_policies.as_mut() {
                                list.push(InlinePolicy {
                                    name: p.str("name").known().unwrap_or_default(),
                                    document,
                                });
                            }
                        }
                        // An empty block removes the inline policies: nothing to add.
                        Ok(V::Unset) => {}
                        Ok(V::Unknown) | Err(_) => inline_policies = None,
                    }
                }
            }
            None => inline_policies = None,
        }
        let has_admin_access = admin(&attached_policies, &inline_policies, &managed);
        for (f, v) in [
            ("attached_policies", attached_policies.is_none()),
            ("inline_policies", inline_policies.is_none()),
            ("has_admin_access", has_admin_access.is_none()),
        ] {
            if v {
                b.unknown.push(f);
            }
        }
        let path = a.str("path").known();
        let props = IamRole {
            arn: r.marker("arn"),
            service_linked: false,
            path,
            created: None,
            trust_policy,
            attached_policies,
            inline_policies,
            last_used: None,
            has_admin_access,
        };
        out.push(b.finish(r, props));
    }

    let groups = of_type(all, &["aws_iam_group"]);
    let index = Index::new(&groups, &["name"]);
    for (i, r) in groups.iter().enumerate() {
        let mut b = B::of(r);
        let attached_policies =
            attached(all, "aws_iam_group_policy_attachment", "group", &index, i);
        let inline_policies =
            match inline(all, "aws_iam_group_policy", "group", &index, i, &b.account) {
                Ok(v) => v,
                Err(e) => {
                    b.errors.push(("inline_policies", e));
                    None
                }
            };
        for (f, v) in [
            ("attached_policies", attached_policies.is_none()),
            ("inline_policies", inline_policies.is_none()),
        ] {
            if v {
                b.unknown.push(f);
            }
        }
        let props = IamGroup {
            arn: r.marker("arn"),
            // Membership is declared by separate resources, possibly elsewhere.
            users: None,
            attached_policies,
            inline_policies,
        };
        out.push(b.finish(r, props));
    }

    let users = of_type(all, &["aws_iam_user"]);
    let index = Index::new(&users, &["name"]);
    let profiles = join(all, "aws_iam_user_login_profile", "user", &index);
    let keys = join(all, "aws_iam_access_key", "user", &index);
    for (i, r) in users.iter().enumerate() {
        let mut b = B::of(r);
        let attached_policies = attached(all, "aws_iam_user_policy_attachment", "user", &index, i);
        let inline_policies =
            match inline(all, "aws_iam_user_policy", "user", &index, i, &b.account) {
                Ok(v) => v,
                Err(e) => {
                    b.errors.push(("inline_policies", e));
                    None
                }
            };
        let access_keys = keys.all(i).map(|ks| {
            ks.into_iter()
                .map(|k| AccessKey {
                    id: String::new(),
                    status: k.str("status").known().unwrap_or_else(|| "Active".into()),
                    ..Default::default()
                })
                .collect::<Vec<_>>()
        });
        let password_enabled = match profiles.get(i) {
            V::Is(_) => Some(true),
            V::Unset => Some(false),
            V::Unknown => None,
        };
        // Group membership is outside this resource; admin access is known only without groups.
        let has_admin_access = match admin(&attached_policies, &inline_policies, &managed) {
            Some(true) => Some(true),
            _ => None,
        };
        for (f, v) in [
            ("attached_policies", attached_policies.is_none()),
            ("inline_policies", inline_policies.is_none()),
            ("access_keys", access_keys.is_none()),
            ("password_enabled", password_enabled.is_none()),
        ] {
            if v {
                b.unknown.push(f);
            }
        }
        let props = IamUser {
            arn: r.marker("arn"),
            path: A(&r.values).str("path").known(),
            password_enabled,
            access_keys,
            attached_policies,
            inline_policies,
            has_admin_access,
            ..Default::default()
        };
        out.push(b.finish(r, props));
    }
}

// ---------------------------------------------------------------- other services

fn kms_key(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let separate = settings(all, r, "aws_kms_key_policy", "key_id", &[]);
    let spec = b.v(
        "spec",
        a.str("customer_master_key_spec"),
        "SYMMETRIC_DEFAULT".into(),
    );
    let enabled = b.v("state", a.bool("is_enabled"), true);
    let props = KmsKey {
        key_id: r.marker("key_id"),
        arn: r.marker("arn"),
        manager: Some("CUSTOMER".into()),
        state: Some(if enabled { "Enabled" } else { "Disabled" }.into()),
        spec: Some(spec),
        usage: a
            .str("key_usage")
            .known()
            .or(Some("ENCRYPT_DECRYPT".into())),
        rotation_enabled: Some(b.v("rotation_enabled", a.bool("enable_key_rotation"), false)),
        policy: match policy_text(a, "policy", &separate, "policy") {
            // Without a policy KMS applies the default key policy (the account's root).
            V::Unset => Some(PolicyDocument::none()),
            v => b.policy("policy", v),
        },
        deletion_date: None,
    };
    b.finish(r, props)
}

/// Unset → default; unknown → `None`.
fn b_or<T>(v: V<T>, default: T) -> Option<T> {
    v.or(default)
}

fn trail(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    let kms = a.str("kms_key_id");
    let log_group = a.str("cloud_watch_logs_group_arn");
    let props = CloudTrailTrail {
        arn: r.marker("arn"),
        home_region: None,
        multi_region: b.v("multi_region", a.bool("is_multi_region_trail"), false),
        organization_trail: b.v("organization_trail", a.bool("is_organization_trail"), false),
        log_file_validation: b.v(
            "log_file_validation",
            a.bool("enable_log_file_validation"),
            false,
        ),
        kms_encrypted: b.v("kms_encrypted", kms.clone().map(|_| true), false),
        kms_key_id: kms.known(),
        s3_bucket: a.str("s3_bucket_name").known(),
        cloudwatch_logs_enabled: b.v(
            "cloudwatch_logs_enabled",
            log_group.clone().map(|_| true),
            false,
        ),
        cloudwatch_logs_log_group_arn: log_group.known(),
        is_logging: b_or(a.bool("enable_logging"), true),
        ..Default::default()
    };
    b.finish(r, props)
}

fn sqs(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let separate = settings(all, r, "aws_sqs_queue_policy", "queue_url", &[]);
    let kms = a.str("kms_master_key_id");
    // New queues use SQS-managed encryption unless it is turned off or a KMS key is set.
    let managed = b.v("encrypted", a.bool("sqs_managed_sse_enabled"), true);
    let has_kms = matches!(kms, V::Is(_));
    let props = SqsQueue {
        arn: r.marker("arn"),
        url: r.marker("url"),
        encrypted: has_kms || managed,
        sqs_managed_sse: managed && !has_kms,
        kms_key_id: kms.known(),
        policy: b.policy("policy", policy_text(a, "policy", &separate, "policy")),
    };
    b.finish(r, props)
}

fn sns(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let separate = settings(all, r, "aws_sns_topic_policy", "arn", &[]);
    let kms = a.str("kms_master_key_id");
    let props = SnsTopic {
        arn: r.marker("arn"),
        kms_encrypted: b.v("kms_encrypted", kms.clone().map(|_| true), false),
        kms_key_id: kms.known(),
        policy: b.policy("policy", policy_text(a, "policy", &separate, "policy")),
        subscriptions_confirmed: None,
        subscriptions_pending: None,
    };
    b.finish(r, props)
}

fn dynamodb(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    let pitr = match a.block("point_in_time_recovery") {
        V::Is(p) => b_or(p.bool("enabled"), false),
        V::Unset => Some(false),
        V::Unknown => None,
    };
    let (sse_type, kms, cmk) = match a.block("server_side_encryption") {
        V::Is(s) => match s.bool("enabled") {
            V::Is(true) => {
                let key = s.str("kms_key_arn").known();
                let cmk = key.is_some();
                ("KMS".to_string(), key, Some(cmk))
            }
            V::Is(false) | V::Unset => ("AWS_OWNED".to_string(), None, Some(false)),
            V::Unknown => ("AWS_OWNED".to_string(), None, None),
        },
        V::Unset => ("AWS_OWNED".to_string(), None, Some(false)),
        V::Unknown => ("AWS_OWNED".to_string(), None, None),
    };
    if cmk.is_none() {
        b.unknown.push("sse_type");
    }
    let props = DynamoDbTable {
        arn: r.marker("arn"),
        status: None,
        pitr_enabled: b.opt("pitr_enabled", pitr.map_or(V::Unknown, V::Is)),
        sse_type,
        kms_key_arn: kms,
        customer_managed_key: b.opt("customer_managed_key", cmk.map_or(V::Unknown, V::Is)),
        deletion_protection: b_or(a.bool("deletion_protection_enabled"), false),
    };
    b.finish(r, props)
}

fn ecr(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let separate = settings(all, r, "aws_ecr_repository_policy", "repository", &["name"]);
    let scan = match a.block("image_scanning_configuration") {
        V::Is(s) => s.bool("scan_on_push").or(false),
        V::Unset => Some(false),
        V::Unknown => None,
    };
    let props = EcrRepository {
        arn: r.marker("arn"),
        uri: None,
        scan_on_push: b.v("scan_on_push", scan.map_or(V::Unknown, V::Is), false),
        image_tag_mutability: b.v(
            "image_tag_mutability",
            a.str("image_tag_mutability"),
            "MUTABLE".into(),
        ),
        encryption_type: a
            .block("encryption_configuration")
            .known()
            .and_then(|e| e.str("encryption_type").known())
            .or(Some("AES256".into())),
        policy: b.policy("policy", policy_text(a, "", &separate, "policy")),
    };
    b.finish(r, props)
}

fn logs_exports(a: &A, b: &mut B) -> Vec<String> {
    b.v(
        "enabled_cloudwatch_logs_exports",
        a.strings("enabled_cloudwatch_logs_exports"),
        Vec::new(),
    )
}

fn rds_instance(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    // Without a parameter group the engine's default group applies: no parameter changed.
    let parameters = match a.str("parameter_group_name") {
        V::Unset => Some(BTreeMap::new()),
        V::Unknown => None,
        V::Is(name) => of_type(all, &["aws_db_parameter_group"])
            .iter()
            .find(|g| {
                A(&g.values).str("name") == V::Is(name.clone())
                    || [g.marker("name"), g.marker("id")].contains(&name)
            })
            .and_then(|g| {
                A(&g.values)
                    .blocks("parameter")?
                    .into_iter()
                    .map(|p| Some((p.str("name").known()?, p.str("value").known()?)))
                    .collect::<Option<BTreeMap<_, _>>>()
            }),
    };
    if parameters.is_none() {
        b.unknown.push("parameters");
    }
    let props = RdsInstance {
        arn: r.marker("arn"),
        engine: b.v("engine", a.str("engine"), String::new()),
        engine_version: a.str("engine_version").known(),
        instance_class: a.str("instance_class").known(),
        status: None,
        cluster_id: None,
        publicly_accessible: b.v("publicly_accessible", a.bool("publicly_accessible"), false),
        storage_encrypted: b.v("storage_encrypted", a.bool("storage_encrypted"), false),
        kms_key_id: a.str("kms_key_id").known(),
        // The API keeps one day of backups when no retention is given.
        backup_retention_period: b.v(
            "backup_retention_period",
            a.int("backup_retention_period"),
            1,
        ),
        multi_az: b.v("multi_az", a.bool("multi_az"), false),
        deletion_protection: b.v("deletion_protection", a.bool("deletion_protection"), false),
        auto_minor_version_upgrade: b.v(
            "auto_minor_version_upgrade",
            a.bool("auto_minor_version_upgrade"),
            true,
        ),
        monitoring_interval: b.v("monitoring_interval", a.int("monitoring_interval"), 0),
        iam_database_authentication: b.v(
            "iam_database_authentication",
            a.bool("iam_database_authentication_enabled"),
            false,
        ),
        copy_tags_to_snapshot: b.v(
            "copy_tags_to_snapshot",
            a.bool("copy_tags_to_snapshot"),
            false,
        ),
        enabled_cloudwatch_logs_exports: logs_exports(&a, &mut b),
        master_username: a.str("username").known(),
        port: a.int("port").known(),
        vpc_security_groups: a
            .strings("vpc_security_group_ids")
            .known()
            .unwrap_or_default(),
        parameter_groups: a.str("parameter_group_name").known().into_iter().collect(),
        parameters,
        ca_certificate: a.str("ca_cert_identifier").known(),
    };
    b.finish(r, props)
}

fn rds_cluster(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let instances = settings(
        all,
        r,
        "aws_rds_cluster_instance",
        "cluster_identifier",
        &["cluster_identifier"],
    );
    let members: Option<Vec<String>> = instances.all(0).map(|list| {
        all.iter()
            .filter(|x| x.rtype == "aws_rds_cluster_instance")
            .filter(|x| list.iter().any(|l| std::ptr::eq(l.0, &x.values)))
            .map(|x| x.address.clone())
            .collect()
    });
    // Aurora places replicas in other zones; a Multi-AZ DB cluster (an instance class on the
    // cluster) always spans three.
    let multi_az = match (&members, a.str("db_cluster_instance_class")) {
        (_, V::Is(_)) => Some(true),
        (Some(m), V::Unset) => Some(m.len() > 1),
        _ => None,
    };
    for (f, unknown) in [
        ("members", members.is_none()),
        ("multi_az", multi_az.is_none()),
    ] {
        if unknown {
            b.unknown.push(f);
        }
    }
    let serverless = a.str("engine_mode") == V::Is("serverless".into());
    let props = RdsCluster {
        arn: r.marker("arn"),
        // Configurations without `engine` are valid only for providers that default it to
        // `aurora` (Aurora MySQL).
        engine: b.v("engine", a.str("engine"), "aurora".into()),
        engine_version: a.str("engine_version").known(),
        status: None,
        storage_encrypted: b.v("storage_encrypted", a.bool("storage_encrypted"), serverless),
        kms_key_id: a.str("kms_key_id").known(),
        backup_retention_period: b.v(
            "backup_retention_period",
            a.int("backup_retention_period"),
            1,
        ),
        multi_az: multi_az.unwrap_or(false),
        deletion_protection: b.v("deletion_protection", a.bool("deletion_protection"), false),
        iam_database_authentication: b.v(
            "iam_database_authentication",
            a.bool("iam_database_authentication_enabled"),
            false,
        ),
        copy_tags_to_snapshot: b.v(
            "copy_tags_to_snapshot",
            a.bool("copy_tags_to_snapshot"),
            false,
        ),
        enabled_cloudwatch_logs_exports: logs_exports(&a, &mut b),
        master_username: a.str("master_username").known(),
        members: members.unwrap_or_default(),
        backtrack_window: b.v("backtrack_window", a.int("backtrack_window"), 0),
    };
    b.finish(r, props)
}

/// A function's resource policy from its `aws_lambda_permission` resources.
fn lambda_policy(perms: &[A], function_arn: &str, account: &str) -> Option<PolicyDocument> {
    let mut statements = Vec::new();
    for p in perms {
        let principal = p.str("principal").known()?;
        let principal = if principal == "*" {
            serde_json::json!("*")
        } else if principal.ends_with(".amazonaws.com") {
            serde_json::json!({ "Service": principal })
        } else {
            serde_json::json!({ "AWS": principal })
        };
        let mut cond = serde_json::Map::new();
        let mut add = |op: &str, key: &str, attr: &str| -> Option<()> {
            match p.str(attr) {
                V::Is(v) => {
                    cond.entry(op.to_string())
                        .or_insert_with(|| serde_json::json!({}))
                        .as_object_mut()?
                        .insert(key.to_string(), serde_json::json!(v));
                    Some(())
                }
                V::Unset => Some(()),
                V::Unknown => None,
            }
        };
        add("ArnLike", "AWS:SourceArn", "source_arn")?;
        add("StringEquals", "AWS:SourceAccount", "source_account")?;
        add("StringEquals", "aws:PrincipalOrgID", "principal_org_id")?;
        add(
            "StringEquals",
            "lambda:FunctionUrlAuthType",
            "function_url_auth_type",
        )?;
        statements.push(serde_json::json!({
            "Effect": "Allow",
            "Principal": principal,
            "Action": p.str("action").known()?,
            "Resource": function_arn,
            "Condition": cond,
        }));
    }
    Some(PolicyDocument::from_json(
        &serde_json::json!({ "Version": "2012-10-17", "Statement": statements }),
        account,
    ))
}

fn lambda(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let perms = settings(
        all,
        r,
        "aws_lambda_permission",
        "function_name",
        &["function_name"],
    );
    let policy = perms
        .all(0)
        .and_then(|p| lambda_policy(&p, &r.marker("arn"), &b.account));
    if policy.is_none() {
        b.unknown.push("policy");
    }
    let url_resources = settings(
        all,
        r,
        "aws_lambda_function_url",
        "function_name",
        &["function_name"],
    );
    let urls: Option<Vec<LambdaFunctionUrl>> = url_resources.all(0).and_then(|us| {
        us.into_iter()
            .map(|u| {
                let origins = match u.block("cors") {
                    V::Is(c) => c.strings("allow_origins").or(Vec::new())?,
                    V::Unset => Vec::new(),
                    V::Unknown => return None,
                };
                Some(LambdaFunctionUrl {
                    auth_type: u.str("authorization_type").known()?,
                    url: String::new(),
                    cors_allow_origins: origins,
                })
            })
            .collect()
    });
    if urls.is_none() {
        b.unknown.push("urls");
    }
    let env = match a.block("environment") {
        V::Is(e) => match e.raw("variables") {
            V::Is(serde_json::Value::Object(vars)) => Some(vars.clone()),
            V::Unset => Some(Default::default()),
            _ => None,
        },
        V::Unset => Some(Default::default()),
        V::Unknown => None,
    };
    let (names, secrets) = match &env {
        Some(vars) => {
            let known: Vec<(&str, &str)> = vars
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.as_str(), s)))
                .filter(|(_, v)| !v.contains(crate::terraform::UNKNOWN))
                .collect();
            let hits = scan_env(&known);
            // A value that cannot be known may be a secret: only a hit among the known ones
            // decides.
            if hits.is_empty() && known.len() < vars.len() {
                b.unknown.push("environment_secrets");
            }
            (vars.keys().cloned().collect(), hits)
        }
        None => {
            b.unknown.push("environment_variable_names");
            b.unknown.push("environment_secrets");
            (Vec::new(), Vec::new())
        }
    };
    let vpc = match a.block("vpc_config") {
        V::Is(v) => v.strings("subnet_ids").map(|s| !s.is_empty()),
        V::Unset => V::Is(false),
        V::Unknown => V::Unknown,
    };
    let props = LambdaFunction {
        arn: r.marker("arn"),
        runtime: a.str("runtime").known(),
        package_type: a.str("package_type").known().or(Some("Zip".into())),
        role: a.str("role").known(),
        handler: a.str("handler").known(),
        last_modified: None,
        in_vpc: b.v("in_vpc", vpc, false),
        vpc_id: None,
        tracing_mode: Some(
            a.block("tracing_config")
                .known()
                .and_then(|t| t.str("mode").known())
                .unwrap_or_else(|| "PassThrough".into()),
        ),
        dead_letter_target: a
            .block("dead_letter_config")
            .known()
            .and_then(|d| d.str("target_arn").known()),
        environment_variable_names: names,
        environment_secrets: secrets,
        kms_key_arn: a.str("kms_key_arn").known(),
        policy,
        urls,
        // Inline source (CloudFormation `ZipFile`) is scanned; a package built elsewhere is not
        // read.
        code_secrets: match a.str("inline_code") {
            V::Is(code) => Some(scan_text(&code)),
            _ => {
                b.unknown.push("code_secrets");
                None
            }
        },
    };
    b.finish(r, props)
}

fn eks(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    let vpc = a.block("vpc_config");
    let (public, private, cidrs) = match vpc {
        V::Is(v) => (
            b_or(v.bool("endpoint_public_access"), true),
            b_or(v.bool("endpoint_private_access"), false),
            v.strings("public_access_cidrs")
                .or(vec!["0.0.0.0/0".into()]),
        ),
        _ => (None, None, None),
    };
    let secrets = a.blocks("encryption_config").map(|list| {
        list.iter().any(|e| {
            e.strings("resources")
                .known()
                .is_some_and(|r| r.iter().any(|x| x == "secrets"))
        })
    });
    let props = EksCluster {
        arn: r.marker("arn"),
        version: a.str("version").known(),
        endpoint_public_access: public,
        endpoint_private_access: private,
        public_access_cidrs: cidrs,
        enabled_log_types: Some(b.v(
            "enabled_log_types",
            a.strings("enabled_cluster_log_types"),
            Vec::new(),
        )),
        secrets_encrypted: secrets,
    };
    b.finish(r, props)
}

fn log_group(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    let kms = a.str("kms_key_id");
    let props = LogsLogGroup {
        arn: r.marker("arn"),
        retention_days: b.v("retention_days", a.int("retention_in_days"), 0),
        kms_encrypted: b.v("kms_encrypted", kms.clone().map(|_| true), false),
        kms_key_id: kms.known(),
        stored_bytes: None,
        metric_filters: None,
    };
    b.finish(r, props)
}

fn lb(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let lb_type = b.v("lb_type", a.str("load_balancer_type"), "application".into());
    let internal = b.v("scheme", a.bool("internal"), false);
    let lbs = [r];
    let index = Index::new(&lbs, &[]);
    let listeners = join(all, "aws_lb_listener", "load_balancer_arn", &index);
    let alb_listeners = join(all, "aws_alb_listener", "load_balancer_arn", &index);
    let listeners = match (listeners.all(0), alb_listeners.all(0)) {
        (Some(mut x), Some(y)) => {
            x.extend(y);
            x.into_iter()
                .map(|l| {
                    let redirect = l
                        .blocks("default_action")
                        .unwrap_or_default()
                        .iter()
                        .any(|d| {
                            d.block("redirect")
                                .known()
                                .is_some_and(|rd| rd.str("protocol") == V::Is("HTTPS".into()))
                        });
                    Some(LbListener {
                        port: l.int("port").known()?,
                        protocol: l.str("protocol").or(if lb_type == "network" {
                            "TCP".into()
                        } else {
                            "HTTP".into()
                        })?,
                        ssl_policy: l.str("ssl_policy").known(),
                        redirects_to_https: redirect,
                    })
                })
                .collect::<Option<Vec<_>>>()
        }
        _ => None,
    };
    if listeners.is_none() {
        b.unknown.push("listeners");
    }
    let mut attributes = BTreeMap::new();
    for (tf, aws, default) in [
        (
            "drop_invalid_header_fields",
            "routing.http.drop_invalid_header_fields.enabled",
            "false",
        ),
        (
            "enable_deletion_protection",
            "deletion_protection.enabled",
            "false",
        ),
        (
            "desync_mitigation_mode",
            "routing.http.desync_mitigation_mode",
            "defensive",
        ),
    ] {
        match a.str(tf) {
            V::Is(v) => {
                attributes.insert(aws.to_string(), v);
            }
            V::Unset => {
                attributes.insert(aws.to_string(), default.to_string());
            }
            V::Unknown => {}
        }
    }
    // Access logs are off unless `enabled = true` is written.
    let logs = match a.block("access_logs") {
        V::Is(l) => l.bool("enabled").or(false),
        V::Unset => Some(false),
        V::Unknown => None,
    };
    if let Some(on) = logs {
        attributes.insert("access_logs.s3.enabled".into(), on.to_string());
    }
    let wafv2 = settings(all, r, "aws_wafv2_web_acl_association", "resource_arn", &[]);
    let regional = settings(
        all,
        r,
        "aws_wafregional_web_acl_association",
        "resource_arn",
        &[],
    );
    let waf_web_acl = match (wafv2.get(0), regional.get(0)) {
        (V::Is(w), _) => w.str("web_acl_arn").or(String::new()),
        (_, V::Is(w)) => w.str("web_acl_id").or(String::new()),
        (V::Unset, V::Unset) => Some(String::new()),
        _ => None,
    };
    let props = Elbv2LoadBalancer {
        arn: r.marker("arn"),
        lb_type,
        scheme: if internal {
            "internal"
        } else {
            "internet-facing"
        }
        .into(),
        dns_name: None,
        vpc_id: None,
        security_groups: a.strings("security_groups").known().unwrap_or_default(),
        listeners,
        attributes: Some(attributes),
        waf_web_acl: waf_web_acl.clone(),
    };
    if waf_web_acl.is_none() {
        b.unknown.push("waf_web_acl");
    }
    b.finish(r, props)
}

fn elb(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    let listeners: Option<Vec<LbListener>> = a.blocks("listener").and_then(|ls| {
        ls.into_iter()
            .map(|l| {
                Some(LbListener {
                    port: l.int("lb_port").known()?,
                    protocol: l.str("lb_protocol").known()?.to_ascii_uppercase(),
                    ssl_policy: None,
                    redirects_to_https: false,
                })
            })
            .collect()
    });
    if listeners.is_none() {
        b.unknown.push("listeners");
    }
    let internal = b.v("scheme", a.bool("internal"), false);
    let props = ElbLoadBalancer {
        arn: r.marker("arn"),
        scheme: if internal {
            "internal"
        } else {
            "internet-facing"
        }
        .into(),
        dns_name: None,
        listeners: listeners.unwrap_or_default(),
        access_logs_enabled: match a.block("access_logs") {
            V::Is(l) => b_or(l.bool("enabled"), true),
            V::Unset => Some(false),
            V::Unknown => None,
        },
        cross_zone_enabled: b_or(a.bool("cross_zone_load_balancing"), true),
        connection_draining_enabled: b_or(a.bool("connection_draining"), false),
        desync_mitigation_mode: a.str("desync_mitigation_mode").or("defensive".into()),
    };
    b.finish(r, props)
}

fn opensearch(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let policy_type = if r.rtype == "aws_opensearch_domain" {
        "aws_opensearch_domain_policy"
    } else {
        "aws_elasticsearch_domain_policy"
    };
    let separate = settings(all, r, policy_type, "domain_name", &["domain_name"]);
    let flag = |b: &mut B, field: &'static str, block: &str, key: &str| -> bool {
        let v = match a.block(block) {
            V::Is(x) => x.bool(key),
            V::Unset => V::Unset,
            V::Unknown => V::Unknown,
        };
        b.v(field, v, false)
    };
    let encryption_at_rest = flag(&mut b, "encryption_at_rest", "encrypt_at_rest", "enabled");
    let node_to_node_encryption = flag(
        &mut b,
        "node_to_node_encryption",
        "node_to_node_encryption",
        "enabled",
    );
    // With endpoint options written, HTTPS is enforced unless turned off.
    let enforce_https = match a.block("domain_endpoint_options") {
        V::Is(x) => b.v("enforce_https", x.bool("enforce_https"), true),
        V::Unset => false,
        V::Unknown => b.v("enforce_https", V::Unknown, false),
    };
    let fgac = flag(
        &mut b,
        "fine_grained_access_control",
        "advanced_security_options",
        "enabled",
    );
    let cluster = a.block("cluster_config").known();
    let props = OpenSearchDomain {
        arn: r.marker("arn"),
        engine_version: a
            .str("engine_version")
            .known()
            .or(a.str("elasticsearch_version").known()),
        encryption_at_rest,
        node_to_node_encryption,
        enforce_https,
        tls_policy: a
            .block("domain_endpoint_options")
            .known()
            .and_then(|d| d.str("tls_security_policy").known()),
        in_vpc: b.v("in_vpc", a.block("vpc_options").map(|_| true), false),
        fine_grained_access_control: fgac,
        log_publishing: a
            .blocks("log_publishing_options")
            .unwrap_or_default()
            .iter()
            .filter(|l| l.bool("enabled").or(true) == Some(true))
            .filter_map(|l| l.str("log_type").known())
            .collect(),
        access_policy: b.policy(
            "access_policy",
            policy_text(a, "access_policies", &separate, "access_policies"),
        ),
        dedicated_master: cluster
            .and_then(|c| c.bool("dedicated_master_enabled").known())
            .unwrap_or(false),
        instance_count: cluster.map_or(Some(1), |c| c.int("instance_count").or(1)),
        zone_awareness: cluster
            .and_then(|c| c.bool("zone_awareness_enabled").known())
            .unwrap_or(false),
    };
    b.finish(r, props)
}

fn efs(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let one_zone = a.str("availability_zone_name");
    let backup = match settings(all, r, "aws_efs_backup_policy", "file_system_id", &[]).get(0) {
        V::Is(p) => match p.block("backup_policy") {
            V::Is(x) => x.str("status").map(|s| s == "ENABLED").known(),
            _ => None,
        },
        // Automatic backups are on by default for One Zone file systems only.
        V::Unset => match &one_zone {
            V::Is(_) => Some(true),
            V::Unset => Some(false),
            V::Unknown => None,
        },
        V::Unknown => None,
    };
    if backup.is_none() {
        b.unknown.push("backup_enabled");
    }
    let policy = settings(all, r, "aws_efs_file_system_policy", "file_system_id", &[]);
    let mounts = settings(all, r, "aws_efs_mount_target", "file_system_id", &[]);
    let props = EfsFileSystem {
        arn: r.marker("arn"),
        encrypted: b.v("encrypted", a.bool("encrypted"), false),
        kms_key_id: a.str("kms_key_id").known(),
        backup_enabled: backup,
        policy: b.policy("policy", policy_text(a, "", &policy, "policy")),
        availability_zone: one_zone.known(),
        mount_target_count: mounts.all(0).map(|m| m.len() as i64),
    };
    if mounts.all(0).is_none() {
        b.unknown.push("mount_target_count");
    }
    b.finish(r, props)
}

fn redshift(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let separate = settings(
        all,
        r,
        "aws_redshift_logging",
        "cluster_identifier",
        &["cluster_identifier"],
    );
    let logging = match (separate.get(0), a.block("logging")) {
        (V::Is(_), _) => Some(true),
        (_, V::Is(l)) => b_or(l.bool("enable"), false),
        (V::Unset, V::Unset) => Some(false),
        _ => None,
    };
    let props = RedshiftCluster {
        arn: r.marker("arn"),
        publicly_accessible: b.v("publicly_accessible", a.bool("publicly_accessible"), true),
        // AWS encrypts every new cluster since January 2025.
        encrypted: b.v("encrypted", a.bool("encrypted"), true),
        kms_key_id: a.str("kms_key_id").known(),
        automated_snapshot_retention: b.v(
            "automated_snapshot_retention",
            a.int("automated_snapshot_retention_period"),
            1,
        ),
        allow_version_upgrade: b.v(
            "allow_version_upgrade",
            a.bool("allow_version_upgrade"),
            true,
        ),
        enhanced_vpc_routing: b.v(
            "enhanced_vpc_routing",
            a.bool("enhanced_vpc_routing"),
            false,
        ),
        master_username: a.str("master_username").known(),
        audit_logging: logging,
        parameter_group: a.str("cluster_parameter_group_name").known(),
    };
    b.finish(r, props)
}

fn kinesis(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    let props = KinesisStream {
        arn: r.marker("arn"),
        encryption_type: Some(b.v("encryption_type", a.str("encryption_type"), "NONE".into())),
        retention_hours: a.int("retention_period").or(24),
        status: None,
    };
    b.finish(r, props)
}

fn secret(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let secrets = [r];
    let index = Index::new(&secrets, &["name"]);
    let rotations = join(
        all,
        "aws_secretsmanager_secret_rotation",
        "secret_id",
        &index,
    );
    let rotation = match rotations.get(0) {
        V::Is(_) => V::Is(true),
        V::Unset => V::Is(false),
        V::Unknown => V::Unknown,
    };
    let props = SecretsManagerSecret {
        arn: r.marker("arn"),
        rotation_enabled: b.v("rotation_enabled", rotation, false),
        rotation_days: None,
        last_rotated: None,
        last_accessed: None,
        kms_key_id: a.str("kms_key_id").known(),
    };
    b.finish(r, props)
}

// ---------------------------------------------------------------- ECS

/// One container definition (the ECS API's camelCase JSON, as `container_definitions` holds it
/// and CloudFormation's translation writes it), and the fields of it the code leaves unknown;
/// `None` when the element itself cannot be known (an unknown `merge(...)`, a condition).
fn ecs_container(d: &J) -> Option<(EcsContainer, Vec<&'static str>)> {
    let J::Object(_) = d else {
        return None;
    };
    let mut unknown = Vec::new();
    let is_unknown = |v: &J| match v {
        J::String(s) => s.contains(UNKNOWN),
        _ => false,
    };
    let mut flag = |key: &str, field: &'static str| -> bool {
        match d.get(key) {
            None | Some(J::Null) => false,
            Some(J::Bool(b)) => *b,
            // Terraform accepts "true" for a boolean.
            Some(J::String(s)) if s == "true" || s == "false" => s == "true",
            Some(_) => {
                unknown.push(field);
                false
            }
        }
    };
    let privileged = flag("privileged", "privileged");
    let readonly = flag("readonlyRootFilesystem", "readonly_root_filesystem");
    let user = match d.get("user") {
        Some(J::String(u)) if !u.contains(UNKNOWN) => Some(u.clone()),
        None | Some(J::Null) => None,
        Some(_) => {
            unknown.push("user");
            None
        }
    };
    let logging_configured = match d.get("logConfiguration") {
        None | Some(J::Null) => false,
        Some(v) if is_unknown(v) => {
            unknown.push("logging_configured");
            false
        }
        Some(_) => true,
    };
    let text = |k: &str| d.get(k).and_then(J::as_str).map(str::to_string);
    // name -> value of the plain-text environment; a name or value the code cannot know may
    // hide a secret, so only a hit among the known ones decides.
    let mut names = Vec::new();
    let mut known: Vec<(String, String)> = Vec::new();
    let mut unknown_values = false;
    match d.get("environment") {
        Some(J::Array(vars)) => {
            for v in vars {
                let name = match v.get("name") {
                    Some(J::String(n)) if !n.contains(UNKNOWN) => n.clone(),
                    _ => {
                        unknown_values = true;
                        continue;
                    }
                };
                names.push(name.clone());
                match v.get("value") {
                    Some(J::String(x)) if !x.contains(UNKNOWN) => known.push((name, x.clone())),
                    Some(J::Number(n)) => known.push((name, n.to_string())),
                    Some(J::Bool(b)) => known.push((name, b.to_string())),
                    None | Some(J::Null) => {}
                    Some(_) => unknown_values = true,
                }
            }
        }
        None | Some(J::Null) => {}
        Some(_) => {
            unknown.push("environment_variable_names");
            unknown_values = true;
        }
    }
    let pairs: Vec<(&str, &str)> = known
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let hits = scan_env(&pairs);
    if hits.is_empty() && unknown_values {
        unknown.push("environment_secrets");
    }
    let container = EcsContainer {
        name: text("name").unwrap_or_default(),
        image: text("image").filter(|i| !i.contains(UNKNOWN)),
        privileged,
        readonly_root_filesystem: readonly,
        user,
        logging_configured,
        environment_variable_names: names,
        environment_secrets: Some(hits),
    };
    Some((container, unknown))
}

fn ecs_task_definition(r: &TfResource, a: A) -> Resource {
    let mut b = B::of(r);
    // `container_definitions` is a JSON document, usually written with `jsonencode([...])`.
    // Ok(None): something in it cannot be known as a whole.
    type Containers = Vec<(EcsContainer, Vec<&'static str>)>;
    let parsed: Result<Option<Containers>, String> = match a.str("container_definitions") {
        V::Is(text) => match serde_json::from_str::<J>(&text) {
            Ok(J::Array(defs)) => Ok(defs.iter().map(ecs_container).collect()),
            Ok(J::String(s)) if s.contains(UNKNOWN) => Ok(None),
            Ok(_) => Err("container_definitions is not a JSON array".into()),
            Err(e) => Err(format!("container_definitions is not valid JSON: {e}")),
        },
        V::Unset => Ok(Some(Vec::new())),
        V::Unknown => Ok(None),
    };
    let network_mode = a.str("network_mode").known();
    let (containers, unknown_fields): (Vec<EcsContainer>, Vec<Vec<&str>>) = match parsed {
        Ok(Some(list)) => list.into_iter().unzip(),
        Ok(None) => {
            b.unknown.push("containers");
            (Vec::new(), Vec::new())
        }
        Err(e) => {
            b.errors.push(("containers", e));
            (Vec::new(), Vec::new())
        }
    };
    // An unknown user matters only with host networking, where the check reads it: there the
    // containers cannot be judged (an absent user would read as the image's root).
    let host = network_mode.as_deref() == Some("host");
    if host && unknown_fields.iter().any(|f| f.contains(&"user")) {
        b.unknown.push("containers");
    }
    let family = a.str("family").known().unwrap_or_default();
    let props = EcsTaskDefinition {
        arn: r.marker("arn"),
        family,
        revision: 0,
        network_mode,
        pid_mode: a.str("pid_mode").known(),
        containers,
    };
    let mut res = b.finish(r, props);
    // Remove what each container leaves unknown, so that the checks reading it say MANUAL.
    if let Some(J::Array(list)) = res.properties.get_mut("containers") {
        for (c, fields) in list.iter_mut().zip(&unknown_fields) {
            if let J::Object(o) = c {
                for f in fields {
                    o.remove(*f);
                }
            }
        }
    }
    res
}

/// Why a cluster without a containerInsights setting is taken to have it off.
const INSIGHTS_ASSUMED: &str = "the code does not set containerInsights on the cluster, so the \
     account's ECS default decides; AWS leaves it disabled and the code does not change it \
     (aws_ecs_account_setting_default)";

fn ecs_cluster(r: &TfResource, a: A, all: &[TfResource]) -> Resource {
    let mut b = B::of(r);
    let own = match a.blocks("setting") {
        Some(settings) => settings
            .into_iter()
            .find(|s| s.str("name") == V::Is("containerInsights".into()))
            .map_or(V::Unset, |s| s.str("value")),
        None => V::Unknown,
    };
    let account: Vec<V<String>> = all
        .iter()
        .filter(|x| x.rtype == "aws_ecs_account_setting_default")
        .map(|x| A(&x.values))
        .filter(|x| x.str("name") == V::Is("containerInsights".into()))
        .map(|x| x.str("value"))
        .collect();
    let created = r.created == Some(true);
    let insights = match (own, account.as_slice()) {
        (V::Is(v), _) => V::Is(v),
        (V::Unset, [V::Is(v)]) if created || v == "disabled" => V::Is(v.clone()),
        (V::Unset, [V::Is(_)]) => {
            b.assume(
                "container_insights",
                "the code sets the account's containerInsights default, but that applies only \
                 to clusters created after it: a cluster that already existed keeps it \
                 disabled (a Terraform plan that creates the cluster settles this)",
            );
            V::Is("disabled".to_string())
        }
        (V::Unset, []) => {
            b.assume("container_insights", INSIGHTS_ASSUMED);
            V::Is("disabled".to_string())
        }
        _ => V::Unknown,
    };
    let props = EcsCluster {
        arn: r.marker("arn"),
        container_insights: b.v("container_insights", insights, String::new()),
        status: Some("ACTIVE".into()),
    };
    b.finish(r, props)
}
