//! CloudFormation templates (YAML with short-form tags, JSON, CDK output, SAM) into the same
//! resource values the Terraform path produces, so that one set of adapters (and defaults)
//! serves both.
//!
//! Intrinsic functions are resolved where the template decides them: `Ref` and `Fn::GetAtt`
//! to parameters (their defaults) or to markers of other resources (`${LogicalId.arn}`, which
//! join settings resources onto their target), `Fn::Sub`, `Fn::Join`, `Fn::Select`,
//! `Fn::FindInMap`, `Fn::If` with `Conditions`, `Fn::Base64`. Anything else, and parameters
//! without a default, are unknown.

use ais_model::SourceLocation;
use serde_json::{Map, Value as J, json};

use crate::terraform::{TfResource, UNKNOWN};

/// Whether a document is a CloudFormation (or SAM, or CDK) template.
pub fn is_template(v: &J) -> bool {
    v.get("AWSTemplateFormatVersion").is_some()
        || v.get("Resources").and_then(J::as_object).is_some_and(|r| {
            r.values().any(|x| {
                x.get("Type")
                    .and_then(J::as_str)
                    .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
            })
        })
}

fn unknown() -> J {
    J::String(UNKNOWN.into())
}

struct Template<'a> {
    params: Map<String, J>,
    conditions: &'a Map<String, J>,
    mappings: &'a J,
    resources: &'a Map<String, J>,
}

impl Template<'_> {
    /// A resolved value; `None` for `AWS::NoValue` (the property is removed).
    fn resolve(&self, v: &J, depth: usize) -> Option<J> {
        if depth > 64 {
            return Some(unknown());
        }
        match v {
            J::Array(a) => Some(J::Array(
                a.iter()
                    .filter_map(|x| self.resolve(x, depth + 1))
                    .collect(),
            )),
            J::Object(o) if o.len() == 1 => {
                let (k, arg) = o.iter().next().expect("one key");
                match k.as_str() {
                    "Ref" => self.reference(arg.as_str().unwrap_or_default()),
                    "Fn::GetAtt" => Some(self.get_att(arg)),
                    "Fn::Sub" => Some(self.sub(arg, depth)),
                    "Fn::Join" => Some(self.join(arg, depth)),
                    "Fn::Select" => Some(self.select(arg, depth)),
                    "Fn::FindInMap" => Some(self.find_in_map(arg, depth)),
                    "Fn::If" => self.if_(arg, depth),
                    "Fn::Base64" => self.resolve(arg, depth + 1),
                    k if k.starts_with("Fn::") => Some(unknown()),
                    _ => Some(self.object(o, depth)),
                }
            }
            J::Object(o) => Some(self.object(o, depth)),
            other => Some(other.clone()),
        }
    }

    fn object(&self, o: &Map<String, J>, depth: usize) -> J {
        J::Object(
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), self.resolve(v, depth + 1)?)))
                .collect(),
        )
    }

    fn reference(&self, name: &str) -> Option<J> {
        match name {
            "AWS::NoValue" => None,
            "AWS::Partition" => Some(J::String("aws".into())),
            n if n.starts_with("AWS::") => Some(J::String(format!("${{{n}}}"))),
            n if self.params.contains_key(n) => self.params.get(n).cloned(),
            n if self.resources.contains_key(n) => {
                // What `Ref` returns: an ARN for some types, an id or name for the others.
                let rtype = self.resources[n]
                    .get("Type")
                    .and_then(J::as_str)
                    .unwrap_or_default();
                let attr = match rtype {
                    "AWS::IAM::ManagedPolicy" | "AWS::SNS::Topic" => "arn",
                    "AWS::SQS::Queue" => "url",
                    _ => "id",
                };
                Some(J::String(format!("${{{n}.{attr}}}")))
            }
            _ => Some(unknown()),
        }
    }

    fn get_att(&self, arg: &J) -> J {
        let (res, attr) = match arg {
            J::Array(a) if a.len() == 2 => (
                a[0].as_str().unwrap_or_default().to_string(),
                a[1].as_str().unwrap_or_default().to_string(),
            ),
            J::String(s) => match s.split_once('.') {
                Some((r, a)) => (r.to_string(), a.to_string()),
                None => return unknown(),
            },
            _ => return unknown(),
        };
        if !self.resources.contains_key(&res) {
            return unknown();
        }
        let attr = match attr.as_str() {
            "Arn" => "arn".to_string(),
            "QueueUrl" => "url".to_string(),
            "GroupId" | "KeyId" => "id".to_string(),
            other => other.to_string(),
        };
        J::String(format!("${{{res}.{attr}}}"))
    }

    fn sub(&self, arg: &J, depth: usize) -> J {
        let (text, vars) = match arg {
            J::String(s) => (s.clone(), Map::new()),
            J::Array(a) if a.len() == 2 => (
                a[0].as_str().unwrap_or_default().to_string(),
                match self.resolve(&a[1], depth + 1) {
                    Some(J::Object(m)) => m,
                    _ => Map::new(),
                },
            ),
            _ => return unknown(),
        };
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(lit) = name.strip_prefix('!') {
                out.push_str(&format!("${{{lit}}}"));
                continue;
            }
            let value = match vars.get(name) {
                Some(v) => Some(v.clone()),
                None => match name.split_once('.') {
                    Some((r, a)) if self.resources.contains_key(r) => {
                        Some(self.get_att(&json!([r, a])))
                    }
                    _ => self.reference(name),
                },
            };
            match value {
                Some(J::String(s)) if s == UNKNOWN => return unknown(),
                Some(J::String(s)) => out.push_str(&s),
                Some(J::Number(n)) => out.push_str(&n.to_string()),
                Some(J::Bool(b)) => out.push_str(&b.to_string()),
                _ => return unknown(),
            }
        }
        out.push_str(rest);
        J::String(out)
    }

    fn join(&self, arg: &J, depth: usize) -> J {
        let (Some(sep), Some(J::Array(items))) = (
            arg.get(0).and_then(J::as_str),
            arg.get(1).and_then(|l| self.resolve(l, depth + 1)),
        ) else {
            return unknown();
        };
        let mut parts = Vec::new();
        for i in items {
            match i {
                J::String(s) if s == UNKNOWN => return unknown(),
                J::String(s) => parts.push(s),
                J::Number(n) => parts.push(n.to_string()),
                _ => return unknown(),
            }
        }
        J::String(parts.join(sep))
    }

    fn select(&self, arg: &J, depth: usize) -> J {
        let idx = arg
            .get(0)
            .and_then(|i| self.resolve(i, depth + 1))
            .and_then(|i| i.as_u64().or_else(|| i.as_str()?.parse().ok()));
        match (idx, arg.get(1).and_then(|l| self.resolve(l, depth + 1))) {
            (Some(i), Some(J::Array(a))) => a.get(i as usize).cloned().unwrap_or_else(unknown),
            _ => unknown(),
        }
    }

    fn find_in_map(&self, arg: &J, depth: usize) -> J {
        let keys: Vec<Option<String>> = (0..3)
            .map(|i| {
                arg.get(i)
                    .and_then(|k| self.resolve(k, depth + 1))
                    .and_then(|k| k.as_str().map(str::to_string))
            })
            .collect();
        match keys.as_slice() {
            [Some(m), Some(a), Some(b)] => self
                .mappings
                .get(m)
                .and_then(|x| x.get(a))
                .and_then(|x| x.get(b))
                .cloned()
                .unwrap_or_else(unknown),
            _ => unknown(),
        }
    }

    fn if_(&self, arg: &J, depth: usize) -> Option<J> {
        let name = arg.get(0).and_then(J::as_str).unwrap_or_default();
        match self.condition(name, 0) {
            Some(true) => self.resolve(arg.get(1)?, depth + 1),
            Some(false) => self.resolve(arg.get(2)?, depth + 1),
            None => Some(unknown()),
        }
    }

    fn condition(&self, name: &str, depth: usize) -> Option<bool> {
        self.eval_condition(self.conditions.get(name)?, depth)
    }

    fn eval_condition(&self, c: &J, depth: usize) -> Option<bool> {
        if depth > 32 {
            return None;
        }
        let (k, arg) = c.as_object()?.iter().next()?;
        let list = || arg.as_array().cloned().unwrap_or_default();
        match k.as_str() {
            "Condition" => self.condition(arg.as_str()?, depth + 1),
            "Fn::Equals" => {
                let l = list();
                let a = self.resolve(l.first()?, 0)?;
                let b = self.resolve(l.get(1)?, 0)?;
                let decided = |v: &J| match v {
                    J::String(s) => s != UNKNOWN && !s.contains("${"),
                    _ => true,
                };
                (decided(&a) && decided(&b)).then(|| a == b)
            }
            "Fn::Not" => self.eval_condition(list().first()?, depth + 1).map(|b| !b),
            "Fn::And" => list()
                .iter()
                .map(|x| self.eval_condition(x, depth + 1))
                .try_fold(true, |acc, x| x.map(|x| acc && x)),
            "Fn::Or" => list()
                .iter()
                .map(|x| self.eval_condition(x, depth + 1))
                .try_fold(false, |acc, x| x.map(|x| acc || x)),
            _ => None,
        }
    }
}

/// Line of a resource's logical id in the template text (its key under `Resources`).
fn line_of(text: &str, id: &str, start_line: usize) -> i64 {
    let yaml = format!("{id}:");
    let json = format!("\"{id}\"");
    let mut in_resources = false;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with("Resources:") || t.starts_with("\"Resources\"") {
            in_resources = true;
            continue;
        }
        if in_resources && (t.starts_with(&yaml) || t.starts_with(&json)) && l.len() > t.len() {
            return i64::try_from(start_line + i).unwrap_or(i64::MAX);
        }
    }
    i64::try_from(start_line).unwrap_or(1)
}

/// The resources of a template, as Terraform-shaped values.
pub fn resources(rel: &str, text: &str, start_line: usize, template: &J) -> Vec<TfResource> {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(J::as_object)
        .unwrap_or(&empty);
    let mut params = Map::new();
    for (name, p) in template
        .get("Parameters")
        .and_then(J::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(d) = p.get("Default") {
            params.insert(name.clone(), d.clone());
        } else {
            params.insert(name.clone(), unknown());
        }
    }
    let t = Template {
        params,
        conditions: template
            .get("Conditions")
            .and_then(J::as_object)
            .unwrap_or(&empty),
        mappings: template.get("Mappings").unwrap_or(&J::Null),
        resources,
    };
    // Launch templates, for instances that take their settings from one.
    let launch_templates: Map<String, J> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(J::as_str) == Some("AWS::EC2::LaunchTemplate"))
        .filter_map(|(id, r)| {
            let data = r.pointer("/Properties/LaunchTemplateData")?;
            Some((id.clone(), t.resolve(data, 0)?))
        })
        .collect();
    let mut out = Vec::new();
    // Resources in line order, so that findings come out in the order of the file.
    let mut ids: Vec<(&String, &J)> = resources.iter().collect();
    ids.sort_by_key(|(id, _)| line_of(text, id, start_line));
    for (id, r) in ids {
        if let Some(c) = r.get("Condition").and_then(J::as_str)
            && t.condition(c, 0) == Some(false)
        {
            continue;
        }
        let Some(rtype) = r.get("Type").and_then(J::as_str) else {
            continue;
        };
        let merged;
        let mut raw_props = r.get("Properties");
        // SAM: `Globals.Function` applies to every serverless function, under its own settings.
        if rtype_of(r) == Some("AWS::Serverless::Function")
            && let Some(g) = template.pointer("/Globals/Function")
        {
            merged = merge_globals(g, raw_props.unwrap_or(&J::Null));
            raw_props = Some(&merged);
        }
        let props = raw_props
            .and_then(|p| t.resolve(p, 0))
            .unwrap_or(J::Object(Map::new()));
        let line = line_of(text, id, start_line);
        let location = SourceLocation {
            file: rel.to_string(),
            start_line: line,
            end_line: line,
        };
        let raw = raw_props.unwrap_or(&J::Null);
        let ctx = Ctx {
            raw,
            launch_templates: &launch_templates,
        };
        for (tf_type, suffix, values) in translate(rtype, id, &props, &ctx) {
            out.push(TfResource {
                rtype: tf_type.to_string(),
                address: if suffix.is_empty() {
                    id.clone()
                } else {
                    format!("{id}#{suffix}")
                },
                values,
                location: location.clone(),
                account: None,
                root: None,
                created: None,
            });
        }
    }
    out
}

fn rtype_of(r: &J) -> Option<&str> {
    r.get("Type").and_then(J::as_str)
}

/// SAM's rule for `Globals`: maps merge key by key, lists concatenate (global entries first),
/// and any other value set on the resource replaces the global one.
fn merge_globals(global: &J, own: &J) -> J {
    match (global, own) {
        (J::Object(g), J::Object(o)) => {
            let mut out = g.clone();
            for (k, v) in o {
                let merged = match out.get(k) {
                    Some(gv) => merge_globals(gv, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            J::Object(out)
        }
        (J::Array(g), J::Array(o)) => J::Array(g.iter().chain(o).cloned().collect()),
        (g, J::Null) => g.clone(),
        (_, o) => o.clone(),
    }
}

fn obj(v: J) -> Map<String, J> {
    match v {
        J::Object(m) => m.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        _ => Map::new(),
    }
}

/// A CloudFormation policy document (an object) as the JSON text Terraform would hold.
fn policy_text(v: Option<&J>) -> J {
    match v {
        Some(J::String(s)) => J::String(s.clone()),
        Some(v @ J::Object(_)) if !crate::terraform::contains_unknown(v) => {
            J::String(v.to_string())
        }
        Some(J::Object(_)) => unknown(),
        _ => J::Null,
    }
}

fn marker(id: &str, attr: &str) -> J {
    J::String(format!("${{{id}.{attr}}}"))
}

fn canned_acl(v: Option<&J>) -> J {
    match v.and_then(J::as_str) {
        Some("PublicRead") => json!("public-read"),
        Some("PublicReadWrite") => json!("public-read-write"),
        Some("AuthenticatedRead") => json!("authenticated-read"),
        Some(s) if s == UNKNOWN => unknown(),
        Some(_) => json!("private"),
        None => J::Null,
    }
}

/// What a translation may need beyond the resource's resolved properties.
struct Ctx<'a> {
    /// The properties as written (before intrinsics were resolved).
    raw: &'a J,
    /// Resolved `LaunchTemplateData` by logical id.
    launch_templates: &'a Map<String, J>,
}

fn metadata_options(m: &J) -> J {
    json!([{
        "http_tokens": m.get("HttpTokens"),
        "http_endpoint": m.get("HttpEndpoint"),
        "http_put_response_hop_limit": m.get("HttpPutResponseHopLimit"),
    }])
}

/// Translates one CloudFormation resource into Terraform-shaped resources (the resource and
/// the settings resources its properties stand for). Types the model does not cover give none.
fn translate(
    rtype: &str,
    id: &str,
    p: &J,
    ctx: &Ctx,
) -> Vec<(&'static str, String, Map<String, J>)> {
    let g = |k: &str| p.get(k).cloned().unwrap_or(J::Null);
    let at = |path: &str| p.pointer(path).cloned().unwrap_or(J::Null);
    let me = marker(id, "id");
    let mut out: Vec<(&'static str, String, Map<String, J>)> = Vec::new();
    let mut push = |t: &'static str, suffix: &str, v: J| out.push((t, suffix.to_string(), obj(v)));
    match rtype {
        "AWS::S3::Bucket" => {
            let sse = p
                .pointer("/BucketEncryption/ServerSideEncryptionConfiguration")
                .and_then(J::as_array)
                .and_then(|a| a.first());
            let versioning = p
                .pointer("/VersioningConfiguration/Status")
                .map(|s| match s {
                    J::String(x) if x == UNKNOWN => json!([{ "enabled": unknown() }]),
                    _ => json!([{ "enabled": s.as_str() == Some("Enabled") }]),
                });
            push(
                "aws_s3_bucket",
                "",
                json!({
                    "bucket": g("BucketName"),
                    "acl": canned_acl(p.get("AccessControl")),
                    "object_lock_enabled": g("ObjectLockEnabled"),
                    "versioning": versioning,
                    "logging": p.get("LoggingConfiguration").map(|l| json!([{
                        "target_bucket": l.get("DestinationBucketName").cloned().unwrap_or(marker(id, "id")),
                        "target_prefix": l.get("LogFilePrefix"),
                    }])),
                    "server_side_encryption_configuration": sse.map(|r| json!([{ "rule": [{
                        "bucket_key_enabled": r.get("BucketKeyEnabled"),
                        "apply_server_side_encryption_by_default": [{
                            "sse_algorithm": r.pointer("/ServerSideEncryptionByDefault/SSEAlgorithm"),
                            "kms_master_key_id": r.pointer("/ServerSideEncryptionByDefault/KMSMasterKeyID"),
                        }],
                    }]}])),
                    "tags": tags(p),
                }),
            );
            if let Some(b) = p.get("PublicAccessBlockConfiguration") {
                let f = |k: &str| b.get(k).cloned().unwrap_or(json!(false));
                push(
                    "aws_s3_bucket_public_access_block",
                    "PublicAccessBlock",
                    json!({
                        "bucket": me,
                        "block_public_acls": f("BlockPublicAcls"),
                        "ignore_public_acls": f("IgnorePublicAcls"),
                        "block_public_policy": f("BlockPublicPolicy"),
                        "restrict_public_buckets": f("RestrictPublicBuckets"),
                    }),
                );
            }
            if let Some(o) = p.pointer("/OwnershipControls/Rules/0/ObjectOwnership") {
                push(
                    "aws_s3_bucket_ownership_controls",
                    "OwnershipControls",
                    json!({ "bucket": me, "rule": [{ "object_ownership": o }] }),
                );
            }
        }
        "AWS::S3::BucketPolicy" => push(
            "aws_s3_bucket_policy",
            "",
            json!({ "bucket": g("Bucket"), "policy": policy_text(p.get("PolicyDocument")) }),
        ),
        "AWS::EC2::SecurityGroup" => {
            let rules = |key: &str| -> J {
                match p.get(key) {
                    Some(J::Array(a)) => J::Array(a.iter().map(sg_rule).collect()),
                    Some(_) => unknown(),
                    None => J::Null,
                }
            };
            let egress = match rules("SecurityGroupEgress") {
                // Without egress rules AWS keeps its default: all traffic out.
                J::Null => {
                    json!([{ "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"] }])
                }
                e => e,
            };
            push(
                "aws_security_group",
                "",
                json!({
                    "name": g("GroupName"),
                    "description": g("GroupDescription"),
                    "vpc_id": g("VpcId"),
                    "ingress": rules("SecurityGroupIngress"),
                    "egress": egress,
                    "tags": tags(p),
                }),
            );
        }
        "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
            let mut rule = obj(sg_rule(p));
            rule.insert(
                "type".into(),
                json!(if rtype.ends_with("Ingress") {
                    "ingress"
                } else {
                    "egress"
                }),
            );
            rule.insert("security_group_id".into(), g("GroupId"));
            if let Some(J::Array(a)) = rule.remove("security_groups") {
                rule.insert(
                    "source_security_group_id".into(),
                    a.first().cloned().unwrap_or(J::Null),
                );
            }
            push("aws_security_group_rule", "", J::Object(rule));
        }
        "AWS::EC2::Instance" => {
            let eni = p.pointer("/NetworkInterfaces/0");
            // A launch template supplies what the instance does not set itself.
            let template = p
                .pointer("/LaunchTemplate/LaunchTemplateId")
                .or_else(|| p.pointer("/LaunchTemplate/LaunchTemplateName"))
                .and_then(J::as_str)
                .and_then(|r| r.strip_prefix("${")?.split('.').next())
                .and_then(|lt| ctx.launch_templates.get(lt));
            let metadata = match (p.get("MetadataOptions"), p.get("LaunchTemplate"), template) {
                (Some(m), _, _) => Some(metadata_options(m)),
                (None, _, Some(t)) => t.get("MetadataOptions").map(metadata_options),
                // A launch template outside the template (or not resolved) decides.
                (None, Some(_), None) => Some(unknown()),
                (None, None, None) => None,
            };
            // `Fn::Base64` gives the text itself; a literal string is already encoded.
            let encoded = matches!(ctx.raw.get("UserData"), Some(J::String(_)));
            let (user_data, user_data_b64) = if encoded {
                (J::Null, g("UserData"))
            } else {
                (g("UserData"), J::Null)
            };
            push(
                "aws_instance",
                "",
                json!({
                    "ami": g("ImageId"),
                    "instance_type": g("InstanceType"),
                    "iam_instance_profile": g("IamInstanceProfile"),
                    "subnet_id": eni.and_then(|e| e.get("SubnetId")).cloned().unwrap_or(g("SubnetId")),
                    "vpc_security_group_ids": eni.and_then(|e| e.get("GroupSet")).cloned().unwrap_or(g("SecurityGroupIds")),
                    "security_groups": g("SecurityGroups"),
                    "associate_public_ip_address": eni.and_then(|e| e.get("AssociatePublicIpAddress")),
                    "user_data": user_data,
                    "user_data_base64": user_data_b64,
                    "metadata_options": metadata,
                    "monitoring": g("Monitoring"),
                    "tags": tags(p),
                }),
            );
        }
        "AWS::ECS::TaskDefinition" => {
            // The container definitions as the ECS API (and Terraform) writes them: camelCase.
            let containers = match p.get("ContainerDefinitions") {
                Some(J::Array(defs)) => {
                    let defs: Vec<J> = defs
                        .iter()
                        .map(|d| {
                            if !d.is_object() {
                                // An element the template does not resolve (a condition).
                                return unknown();
                            }
                            json!({
                                "name": d.get("Name"),
                                "image": d.get("Image"),
                                "privileged": d.get("Privileged"),
                                "readonlyRootFilesystem": d.get("ReadonlyRootFilesystem"),
                                "user": d.get("User"),
                                "logConfiguration": d.get("LogConfiguration"),
                                "environment": d.get("Environment").map(|env| match env {
                                    J::Array(vars) => J::Array(vars.iter().map(|v| json!({
                                        "name": v.get("Name"),
                                        "value": v.get("Value"),
                                    })).collect()),
                                    other => other.clone(),
                                }),
                            })
                        })
                        .collect();
                    J::String(J::Array(defs).to_string())
                }
                Some(_) => unknown(),
                None => J::Null,
            };
            push(
                "aws_ecs_task_definition",
                "",
                json!({
                    "family": g("Family"),
                    "network_mode": g("NetworkMode"),
                    "pid_mode": g("PidMode"),
                    "container_definitions": containers,
                    "tags": tags(p),
                }),
            );
        }
        "AWS::ECS::Cluster" => push(
            "aws_ecs_cluster",
            "",
            json!({
                "name": g("ClusterName"),
                "setting": match p.get("ClusterSettings") {
                    Some(J::Array(settings)) => J::Array(settings.iter().map(|x| json!({
                        "name": x.get("Name"),
                        "value": x.get("Value"),
                    })).collect()),
                    Some(_) => unknown(),
                    None => J::Null,
                },
                "tags": tags(p),
            }),
        ),
        "AWS::EC2::Volume" => push(
            "aws_ebs_volume",
            "",
            json!({ "encrypted": g("Encrypted"), "kms_key_id": g("KmsKeyId"), "size": g("Size") }),
        ),
        "AWS::EC2::VPC" => push("aws_vpc", "", json!({ "cidr_block": g("CidrBlock") })),
        "AWS::EC2::FlowLog" if p.get("ResourceType").and_then(J::as_str) == Some("VPC") => push(
            "aws_flow_log",
            "",
            json!({
                "vpc_id": g("ResourceId"),
                "traffic_type": g("TrafficType"),
                "log_destination_type": g("LogDestinationType"),
            }),
        ),
        "AWS::EC2::Subnet" => push(
            "aws_subnet",
            "",
            json!({
                "vpc_id": g("VpcId"),
                "cidr_block": g("CidrBlock"),
                "availability_zone": g("AvailabilityZone"),
                "map_public_ip_on_launch": g("MapPublicIpOnLaunch"),
            }),
        ),
        "AWS::IAM::Role" => push(
            "aws_iam_role",
            "",
            json!({
                "name": g("RoleName"),
                "path": g("Path"),
                "assume_role_policy": policy_text(p.get("AssumeRolePolicyDocument")),
                "managed_policy_arns": g("ManagedPolicyArns"),
                "inline_policy": inline_policies(p),
                "tags": tags(p),
            }),
        ),
        "AWS::IAM::User" => {
            push(
                "aws_iam_user",
                "",
                json!({ "name": g("UserName"), "path": g("Path") }),
            );
            if p.get("LoginProfile").is_some() {
                push(
                    "aws_iam_user_login_profile",
                    "LoginProfile",
                    json!({ "user": me }),
                );
            }
            for (i, arn) in p
                .get("ManagedPolicyArns")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    "aws_iam_user_policy_attachment",
                    &format!("ManagedPolicy{i}"),
                    json!({ "user": me, "policy_arn": arn }),
                );
            }
            for (i, pol) in p
                .get("Policies")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    "aws_iam_user_policy",
                    &format!("Policy{i}"),
                    json!({ "user": me, "name": pol.get("PolicyName"), "policy": policy_text(pol.get("PolicyDocument")) }),
                );
            }
        }
        "AWS::IAM::Group" => {
            push("aws_iam_group", "", json!({ "name": g("GroupName") }));
            for (i, arn) in p
                .get("ManagedPolicyArns")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    "aws_iam_group_policy_attachment",
                    &format!("ManagedPolicy{i}"),
                    json!({ "group": me, "policy_arn": arn }),
                );
            }
            for (i, pol) in p
                .get("Policies")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    "aws_iam_group_policy",
                    &format!("Policy{i}"),
                    json!({ "group": me, "name": pol.get("PolicyName"), "policy": policy_text(pol.get("PolicyDocument")) }),
                );
            }
        }
        "AWS::IAM::Policy" => {
            let text = policy_text(p.get("PolicyDocument"));
            for (kind, key, tf) in [
                ("Roles", "role", "aws_iam_role_policy"),
                ("Users", "user", "aws_iam_user_policy"),
                ("Groups", "group", "aws_iam_group_policy"),
            ] {
                for (i, target) in p
                    .get(kind)
                    .and_then(J::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    push(
                        tf,
                        &format!("{kind}{i}"),
                        json!({ key: target, "name": g("PolicyName"), "policy": text }),
                    );
                }
            }
        }
        "AWS::IAM::RolePolicy" | "AWS::IAM::UserPolicy" | "AWS::IAM::GroupPolicy" => {
            let (tf, key, name) = match rtype {
                "AWS::IAM::RolePolicy" => ("aws_iam_role_policy", "role", "RoleName"),
                "AWS::IAM::UserPolicy" => ("aws_iam_user_policy", "user", "UserName"),
                _ => ("aws_iam_group_policy", "group", "GroupName"),
            };
            push(
                tf,
                "",
                json!({ key: g(name), "name": g("PolicyName"), "policy": policy_text(p.get("PolicyDocument")) }),
            );
        }
        "AWS::IAM::ManagedPolicy" => {
            push(
                "aws_iam_policy",
                "",
                json!({ "name": g("ManagedPolicyName"), "policy": policy_text(p.get("PolicyDocument")) }),
            );
            push(
                "aws_iam_policy_attachment",
                "Attachment",
                json!({
                    "policy_arn": marker(id, "arn"),
                    "roles": g("Roles"),
                    "users": g("Users"),
                    "groups": g("Groups"),
                }),
            );
        }
        "AWS::IAM::AccessKey" => push(
            "aws_iam_access_key",
            "",
            json!({ "user": g("UserName"), "status": g("Status") }),
        ),
        "AWS::KMS::Key" => push(
            "aws_kms_key",
            "",
            json!({
                "enable_key_rotation": g("EnableKeyRotation"),
                "policy": policy_text(p.get("KeyPolicy")),
                "customer_master_key_spec": g("KeySpec"),
                "key_usage": g("KeyUsage"),
                "is_enabled": g("Enabled"),
            }),
        ),
        "AWS::CloudTrail::Trail" => push(
            "aws_cloudtrail",
            "",
            json!({
                "is_multi_region_trail": g("IsMultiRegionTrail"),
                "is_organization_trail": g("IsOrganizationTrail"),
                "enable_log_file_validation": g("EnableLogFileValidation"),
                "kms_key_id": g("KMSKeyId"),
                "s3_bucket_name": g("S3BucketName"),
                "cloud_watch_logs_group_arn": g("CloudWatchLogsLogGroupArn"),
                "enable_logging": g("IsLogging"),
            }),
        ),
        "AWS::SQS::Queue" => push(
            "aws_sqs_queue",
            "",
            json!({
                "name": g("QueueName"),
                "kms_master_key_id": g("KmsMasterKeyId"),
                "sqs_managed_sse_enabled": g("SqsManagedSseEnabled"),
            }),
        ),
        "AWS::SQS::QueuePolicy" => {
            for (i, q) in p
                .get("Queues")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    "aws_sqs_queue_policy",
                    &format!("Queue{i}"),
                    json!({ "queue_url": q, "policy": policy_text(p.get("PolicyDocument")) }),
                );
            }
        }
        "AWS::SQS::QueueInlinePolicy" => push(
            "aws_sqs_queue_policy",
            "",
            json!({ "queue_url": g("Queue"), "policy": policy_text(p.get("PolicyDocument")) }),
        ),
        "AWS::SNS::TopicInlinePolicy" => push(
            "aws_sns_topic_policy",
            "",
            json!({ "arn": g("TopicArn"), "policy": policy_text(p.get("PolicyDocument")) }),
        ),
        "AWS::SNS::Topic" => push(
            "aws_sns_topic",
            "",
            json!({ "name": g("TopicName"), "kms_master_key_id": g("KmsMasterKeyId") }),
        ),
        "AWS::SNS::TopicPolicy" => {
            for (i, t) in p
                .get("Topics")
                .and_then(J::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                push(
                    "aws_sns_topic_policy",
                    &format!("Topic{i}"),
                    json!({ "arn": t, "policy": policy_text(p.get("PolicyDocument")) }),
                );
            }
        }
        "AWS::DynamoDB::Table" => push(
            "aws_dynamodb_table",
            "",
            json!({
                "name": g("TableName"),
                "point_in_time_recovery": p.pointer("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                    .map(|e| json!([{ "enabled": e }])),
                "server_side_encryption": p.get("SSESpecification").map(|s| json!([{
                    "enabled": s.get("SSEEnabled"),
                    "kms_key_arn": s.get("KMSMasterKeyId"),
                }])),
                "deletion_protection_enabled": g("DeletionProtectionEnabled"),
            }),
        ),
        "AWS::ECR::Repository" => {
            push(
                "aws_ecr_repository",
                "",
                json!({
                    "name": g("RepositoryName"),
                    "image_tag_mutability": g("ImageTagMutability"),
                    "image_scanning_configuration": p.pointer("/ImageScanningConfiguration/ScanOnPush")
                        .map(|s| json!([{ "scan_on_push": s }])),
                    "encryption_configuration": p.pointer("/EncryptionConfiguration/EncryptionType")
                        .map(|t| json!([{ "encryption_type": t }])),
                }),
            );
            if let Some(pol) = p.get("RepositoryPolicyText") {
                push(
                    "aws_ecr_repository_policy",
                    "Policy",
                    json!({ "repository": me, "policy": policy_text(Some(pol)) }),
                );
            }
        }
        "AWS::RDS::DBInstance" if p.get("DBClusterIdentifier").is_some() => push(
            "aws_rds_cluster_instance",
            "",
            json!({ "cluster_identifier": g("DBClusterIdentifier") }),
        ),
        "AWS::RDS::DBInstance" => push(
            "aws_db_instance",
            "",
            json!({
                "engine": g("Engine"),
                "engine_version": g("EngineVersion"),
                "instance_class": g("DBInstanceClass"),
                // Outside a subnet group the instance lands in the default VPC, reachable
                // from the internet unless told otherwise.
                "publicly_accessible": match (p.get("PubliclyAccessible"), p.get("DBSubnetGroupName")) {
                    (Some(v), _) => v.clone(),
                    (None, None) => json!(true),
                    (None, Some(_)) => json!(false),
                },
                "storage_encrypted": g("StorageEncrypted"),
                "kms_key_id": g("KmsKeyId"),
                "backup_retention_period": g("BackupRetentionPeriod"),
                "multi_az": g("MultiAZ"),
                "deletion_protection": g("DeletionProtection"),
                "auto_minor_version_upgrade": g("AutoMinorVersionUpgrade"),
                "monitoring_interval": g("MonitoringInterval"),
                "iam_database_authentication_enabled": g("EnableIAMDatabaseAuthentication"),
                "copy_tags_to_snapshot": g("CopyTagsToSnapshot"),
                "enabled_cloudwatch_logs_exports": g("EnableCloudwatchLogsExports"),
                "username": g("MasterUsername"),
                "parameter_group_name": g("DBParameterGroupName"),
            }),
        ),
        "AWS::RDS::DBParameterGroup" => push(
            "aws_db_parameter_group",
            "",
            json!({
                "name": g("DBParameterGroupName"),
                "family": g("Family"),
                "parameter": p.get("Parameters").map(|m| match m.as_object() {
                    Some(m) => J::Array(m.iter().map(|(k, v)| json!({
                        "name": k,
                        "value": match v {
                            J::String(s) => J::String(s.clone()),
                            J::Number(n) => J::String(n.to_string()),
                            J::Bool(b) => J::String(b.to_string()),
                            _ => unknown(),
                        },
                    })).collect()),
                    None => unknown(),
                }),
            }),
        ),
        "AWS::RDS::DBCluster" => push(
            "aws_rds_cluster",
            "",
            json!({
                "cluster_identifier": g("DBClusterIdentifier"),
                "engine": g("Engine"),
                "engine_mode": g("EngineMode"),
                "engine_version": g("EngineVersion"),
                "db_cluster_instance_class": g("DBClusterInstanceClass"),
                "storage_encrypted": g("StorageEncrypted"),
                "kms_key_id": g("KmsKeyId"),
                "backup_retention_period": g("BackupRetentionPeriod"),
                "deletion_protection": g("DeletionProtection"),
                "iam_database_authentication_enabled": g("EnableIAMDatabaseAuthentication"),
                "copy_tags_to_snapshot": g("CopyTagsToSnapshot"),
                "enabled_cloudwatch_logs_exports": g("EnableCloudwatchLogsExports"),
                "master_username": g("MasterUsername"),
                "backtrack_window": g("BacktrackWindow"),
            }),
        ),
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => {
            let tracing = match rtype {
                "AWS::Serverless::Function" => g("Tracing"),
                _ => at("/TracingConfig/Mode"),
            };
            push(
                "aws_lambda_function",
                "",
                json!({
                    "function_name": g("FunctionName"),
                    "runtime": g("Runtime"),
                    "role": g("Role"),
                    "handler": g("Handler"),
                    "package_type": g("PackageType"),
                    "kms_key_arn": g("KmsKeyArn"),
                    "environment": p.pointer("/Environment/Variables").map(|v| json!([{ "variables": v }])),
                    "vpc_config": p.get("VpcConfig").map(|v| json!([{ "subnet_ids": v.get("SubnetIds") }])),
                    "tracing_config": (!tracing.is_null()).then(|| json!([{ "mode": tracing }])),
                    "dead_letter_config": p.pointer("/DeadLetterConfig/TargetArn").map(|t| json!([{ "target_arn": t }])),
                    // Source written into the template (`Code.ZipFile`, SAM `InlineCode`) is
                    // the whole package and can be scanned like a downloaded one.
                    "inline_code": p.pointer("/Code/ZipFile").or_else(|| p.get("InlineCode")),
                }),
            );
            if let Some(u) = p.get("FunctionUrlConfig") {
                push(
                    "aws_lambda_function_url",
                    "Url",
                    json!({
                        "function_name": me,
                        "authorization_type": u.get("AuthType"),
                        "cors": u.pointer("/Cors/AllowOrigins").map(|o| json!([{ "allow_origins": o }])),
                    }),
                );
            }
        }
        "AWS::Lambda::Permission" => push(
            "aws_lambda_permission",
            "",
            json!({
                "function_name": g("FunctionName"),
                "principal": g("Principal"),
                "action": g("Action"),
                "source_arn": g("SourceArn"),
                "source_account": g("SourceAccount"),
                "principal_org_id": g("PrincipalOrgID"),
                "function_url_auth_type": g("FunctionUrlAuthType"),
            }),
        ),
        "AWS::Lambda::Url" => push(
            "aws_lambda_function_url",
            "",
            json!({
                "function_name": g("TargetFunctionArn"),
                "authorization_type": g("AuthType"),
                "cors": p.pointer("/Cors/AllowOrigins").map(|o| json!([{ "allow_origins": o }])),
            }),
        ),
        "AWS::EKS::Cluster" => push(
            "aws_eks_cluster",
            "",
            json!({
                "version": g("Version"),
                "vpc_config": p.get("ResourcesVpcConfig").map(|v| json!([{
                    "endpoint_public_access": v.get("EndpointPublicAccess"),
                    "endpoint_private_access": v.get("EndpointPrivateAccess"),
                    "public_access_cidrs": v.get("PublicAccessCidrs"),
                }])),
                "enabled_cluster_log_types": p.pointer("/Logging/ClusterLogging/EnabledTypes")
                    .and_then(J::as_array)
                    .map(|a| J::Array(a.iter().filter_map(|t| t.get("Type").cloned()).collect())),
                "encryption_config": p.get("EncryptionConfig").and_then(J::as_array).map(|a| {
                    J::Array(a.iter().map(|e| json!({ "resources": e.get("Resources") })).collect())
                }),
            }),
        ),
        "AWS::Logs::LogGroup" => push(
            "aws_cloudwatch_log_group",
            "",
            json!({ "retention_in_days": g("RetentionInDays"), "kms_key_id": g("KmsKeyId") }),
        ),
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
            let attr = |k: &str| -> J {
                p.get("LoadBalancerAttributes")
                    .and_then(J::as_array)
                    .and_then(|a| {
                        a.iter()
                            .find(|x| x.get("Key").and_then(J::as_str) == Some(k))
                    })
                    .and_then(|x| x.get("Value").cloned())
                    .unwrap_or(J::Null)
            };
            let logs = attr("access_logs.s3.enabled");
            push(
                "aws_lb",
                "",
                json!({
                    "load_balancer_type": g("Type"),
                    "internal": p.get("Scheme").map(|s| json!(s.as_str() == Some("internal"))),
                    "security_groups": g("SecurityGroups"),
                    "drop_invalid_header_fields": attr("routing.http.drop_invalid_header_fields.enabled"),
                    "enable_deletion_protection": attr("deletion_protection.enabled"),
                    "desync_mitigation_mode": attr("routing.http.desync_mitigation_mode"),
                    "access_logs": (!logs.is_null()).then(|| json!([{ "enabled": logs }])),
                }),
            );
        }
        "AWS::ElasticLoadBalancingV2::Listener" => push(
            "aws_lb_listener",
            "",
            json!({
                "load_balancer_arn": g("LoadBalancerArn"),
                "port": g("Port"),
                "protocol": g("Protocol"),
                "ssl_policy": g("SslPolicy"),
                "default_action": p.get("DefaultActions").and_then(J::as_array).map(|a| J::Array(a.iter().map(|d| json!({
                    "type": d.get("Type"),
                    "redirect": d.pointer("/RedirectConfig/Protocol").map(|pr| json!([{ "protocol": pr }])),
                })).collect())),
            }),
        ),
        "AWS::WAFv2::WebACLAssociation" => push(
            "aws_wafv2_web_acl_association",
            "",
            json!({ "resource_arn": g("ResourceArn"), "web_acl_arn": g("WebACLArn") }),
        ),
        "AWS::ElasticLoadBalancing::LoadBalancer" => push(
            "aws_elb",
            "",
            json!({
                "internal": p.get("Scheme").map(|s| json!(s.as_str() == Some("internal"))),
                "listener": p.get("Listeners").and_then(J::as_array).map(|a| J::Array(a.iter().map(|l| json!({
                    "lb_port": l.get("LoadBalancerPort"),
                    "lb_protocol": l.get("Protocol"),
                })).collect())),
                "access_logs": p.get("AccessLoggingPolicy").map(|l| json!([{ "enabled": l.get("Enabled") }])),
                // Unlike the Terraform provider, CloudFormation leaves cross-zone off unless set.
                "cross_zone_load_balancing": p.get("CrossZone").cloned().unwrap_or(json!(false)),
                "connection_draining": at("/ConnectionDrainingPolicy/Enabled"),
            }),
        ),
        "AWS::OpenSearchService::Domain" | "AWS::Elasticsearch::Domain" => {
            let logs: Vec<J> = p
                .get("LogPublishingOptions")
                .and_then(J::as_object)
                .into_iter()
                .flatten()
                .map(|(t, o)| json!({ "log_type": t, "enabled": o.get("Enabled").cloned().unwrap_or(json!(false)) }))
                .collect();
            let cluster = p
                .get("ClusterConfig")
                .or_else(|| p.get("ElasticsearchClusterConfig"));
            push(
                if rtype.starts_with("AWS::OpenSearch") {
                    "aws_opensearch_domain"
                } else {
                    "aws_elasticsearch_domain"
                },
                "",
                json!({
                    "domain_name": g("DomainName"),
                    "engine_version": p.get("EngineVersion").or_else(|| p.get("ElasticsearchVersion")),
                    "encrypt_at_rest": p.get("EncryptionAtRestOptions").map(|e| json!([{ "enabled": e.get("Enabled") }])),
                    "node_to_node_encryption": p.get("NodeToNodeEncryptionOptions").map(|e| json!([{ "enabled": e.get("Enabled") }])),
                    // CloudFormation leaves HTTPS optional unless EnforceHTTPS is written.
                    "domain_endpoint_options": p.get("DomainEndpointOptions").map(|e| json!([{
                        "enforce_https": e.get("EnforceHTTPS").cloned().unwrap_or(json!(false)),
                        "tls_security_policy": e.get("TLSSecurityPolicy"),
                    }])),
                    "vpc_options": p.get("VPCOptions").map(|_| json!([{}])),
                    "advanced_security_options": p.get("AdvancedSecurityOptions").map(|e| json!([{ "enabled": e.get("Enabled") }])),
                    "log_publishing_options": logs,
                    "access_policies": policy_text(p.get("AccessPolicies")),
                    "cluster_config": cluster.map(|c| json!([{
                        "instance_count": c.get("InstanceCount"),
                        "dedicated_master_enabled": c.get("DedicatedMasterEnabled"),
                        "zone_awareness_enabled": c.get("ZoneAwarenessEnabled"),
                    }])),
                }),
            );
        }
        "AWS::EFS::FileSystem" => {
            push(
                "aws_efs_file_system",
                "",
                json!({
                    "encrypted": g("Encrypted"),
                    "kms_key_id": g("KmsKeyId"),
                    "availability_zone_name": g("AvailabilityZoneName"),
                }),
            );
            if let Some(s) = p.pointer("/BackupPolicy/Status") {
                push(
                    "aws_efs_backup_policy",
                    "BackupPolicy",
                    json!({ "file_system_id": me, "backup_policy": [{ "status": s }] }),
                );
            }
            if let Some(pol) = p.get("FileSystemPolicy") {
                push(
                    "aws_efs_file_system_policy",
                    "Policy",
                    json!({ "file_system_id": me, "policy": policy_text(Some(pol)) }),
                );
            }
        }
        "AWS::EFS::MountTarget" => push(
            "aws_efs_mount_target",
            "",
            json!({ "file_system_id": g("FileSystemId") }),
        ),
        "AWS::Redshift::Cluster" => push(
            "aws_redshift_cluster",
            "",
            json!({
                "cluster_identifier": g("ClusterIdentifier"),
                // Public access is off by default for clusters created since January 2025.
                "publicly_accessible": p.get("PubliclyAccessible").cloned().unwrap_or(json!(false)),
                "encrypted": g("Encrypted"),
                "kms_key_id": g("KmsKeyId"),
                "automated_snapshot_retention_period": g("AutomatedSnapshotRetentionPeriod"),
                "allow_version_upgrade": g("AllowVersionUpgrade"),
                "enhanced_vpc_routing": g("EnhancedVpcRouting"),
                "master_username": g("MasterUsername"),
                "cluster_parameter_group_name": g("ClusterParameterGroupName"),
                "logging": p.get("LoggingProperties").map(|_| json!([{ "enable": true }])),
            }),
        ),
        "AWS::Kinesis::Stream" => push(
            "aws_kinesis_stream",
            "",
            json!({
                "encryption_type": at("/StreamEncryption/EncryptionType"),
                "retention_period": g("RetentionPeriodHours"),
            }),
        ),
        "AWS::SecretsManager::Secret" => push(
            "aws_secretsmanager_secret",
            "",
            json!({ "name": g("Name"), "kms_key_id": g("KmsKeyId") }),
        ),
        "AWS::SecretsManager::RotationSchedule" => push(
            "aws_secretsmanager_secret_rotation",
            "",
            json!({ "secret_id": g("SecretId") }),
        ),
        _ => {}
    }
    out
}

fn sg_rule(r: &J) -> J {
    let list = |k: &str| r.get(k).map(|v| json!([v]));
    json!({
        "protocol": r.get("IpProtocol").map(|p| match p {
            J::Number(n) => J::String(n.to_string()),
            other => other.clone(),
        }),
        "from_port": r.get("FromPort"),
        "to_port": r.get("ToPort"),
        "cidr_blocks": list("CidrIp"),
        "ipv6_cidr_blocks": list("CidrIpv6"),
        "security_groups": list("SourceSecurityGroupId").or_else(|| list("DestinationSecurityGroupId")),
        "prefix_list_ids": list("SourcePrefixListId").or_else(|| list("DestinationPrefixListId")),
    })
}

fn inline_policies(p: &J) -> J {
    match p.get("Policies") {
        Some(J::Array(a)) => J::Array(
            a.iter()
                .map(|x| json!({ "name": x.get("PolicyName"), "policy": policy_text(x.get("PolicyDocument")) }))
                .collect(),
        ),
        Some(_) => unknown(),
        None => J::Null,
    }
}

fn tags(p: &J) -> J {
    let map: Map<String, J> = p
        .get("Tags")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| Some((t.get("Key")?.as_str()?.to_string(), t.get("Value")?.clone())))
        .collect();
    if map.is_empty() {
        J::Null
    } else {
        J::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn intrinsics_conditions_and_split_settings() {
        let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  Secret:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    prod: { Retention: 30 }
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "acme-${Env}-data"
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Sub "${Data.Arn}/*"
  Logs:
    Type: AWS::Logs::LogGroup
    Condition: IsProd
    Properties:
      RetentionInDays: !FindInMap [Sizes, !Ref Env, Retention]
      KmsKeyId: !Ref Secret
"#;
        let docs = crate::yaml::documents(text);
        let doc = docs[0].as_ref().ok().unwrap();
        assert!(is_template(&doc.value));
        let rs = resources("t.yaml", &doc.text, doc.start_line, &doc.value);
        let by: HashMap<&str, &TfResource> = rs.iter().map(|r| (r.address.as_str(), r)).collect();
        let data = by["Data"];
        assert_eq!(data.rtype, "aws_s3_bucket");
        assert_eq!(data.values["bucket"], "acme-prod-data");
        assert_eq!(data.values["versioning"][0]["enabled"], true);
        assert_eq!(data.location.start_line, 14);
        let pab = by["Data#PublicAccessBlock"];
        assert_eq!(pab.values["bucket"], "${Data.id}");
        assert_eq!(pab.values["ignore_public_acls"], false);
        let policy: J =
            serde_json::from_str(by["DataPolicy"].values["policy"].as_str().unwrap()).unwrap();
        assert_eq!(policy["Statement"][0]["Resource"], "${Data.arn}/*");
        let logs = by["Logs"];
        assert_eq!(logs.values["retention_in_days"], 30);
        assert_eq!(logs.values["kms_key_id"], UNKNOWN);
    }
}
