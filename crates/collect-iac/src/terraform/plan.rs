//! Terraform plans, as written by `terraform show -json PLANFILE`: the most exact input, since
//! Terraform itself has resolved variables, modules, `count` and `for_each`.
//!
//! Each resource of `planned_values` becomes a [`TfResource`]. A value the plan leaves unknown
//! until apply (listed in `after_unknown`) is [`UNKNOWN`]; where such a value is a reference to
//! another resource (`bucket = aws_s3_bucket.logs.id`), the configuration section names it, and
//! the reference becomes that resource's marker so that split resources still join.

use std::collections::HashMap;

use ais_model::SourceLocation;
use serde_json::{Map, Value as J};

use super::{TfResource, UNKNOWN};

/// Whether a JSON document is a Terraform plan.
pub fn is_plan(v: &J) -> bool {
    v.get("format_version").is_some()
        && (v.get("planned_values").is_some() || v.get("resource_changes").is_some())
}

/// The managed resources of a plan.
pub fn resources(rel: &str, text: &str, plan: &J) -> Vec<TfResource> {
    // address -> after_unknown
    let mut unknown: HashMap<&str, &J> = HashMap::new();
    // address -> whether the change creates the resource (create, or replace)
    let mut created: HashMap<&str, bool> = HashMap::new();
    for rc in plan
        .get("resource_changes")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let Some(a) = rc.get("address").and_then(J::as_str) else {
            continue;
        };
        if let Some(actions) = rc.pointer("/change/actions").and_then(J::as_array) {
            created.insert(a, actions.iter().any(|x| x.as_str() == Some("create")));
        }
        if let Some(u) = rc.pointer("/change/after_unknown") {
            unknown.insert(a, u);
        }
    }
    // configuration address -> the resource's expressions
    let mut config: HashMap<String, &J> = HashMap::new();
    if let Some(root) = plan.pointer("/configuration/root_module") {
        config_expressions(root, "", &mut config);
    }
    let refs: HashMap<String, Map<String, J>> = config
        .iter()
        .map(|(addr, exprs)| (addr.clone(), references(addr, exprs)))
        .collect();
    let mut out = Vec::new();
    // The one account the AWS provider allows, when it names exactly one.
    let account = plan
        .pointer(
            "/configuration/provider_config/aws/expressions/allowed_account_ids/constant_value",
        )
        .and_then(J::as_array)
        .and_then(|a| match a.as_slice() {
            [J::String(one)] => Some(one.clone()),
            _ => None,
        });
    let p = Plan {
        account,
        unknown,
        created,
        config,
        refs,
    };
    if let Some(root) = plan.pointer("/planned_values/root_module") {
        walk(root, rel, text, &p, &mut out, 0);
    }
    out
}

struct Plan<'a> {
    account: Option<String>,
    unknown: HashMap<&'a str, &'a J>,
    created: HashMap<&'a str, bool>,
    config: HashMap<String, &'a J>,
    refs: HashMap<String, Map<String, J>>,
}

fn walk(module: &J, rel: &str, text: &str, plan: &Plan, out: &mut Vec<TfResource>, depth: usize) {
    for r in module
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        if r.get("mode").and_then(J::as_str) != Some("managed") {
            continue;
        }
        let (Some(address), Some(rtype)) = (
            r.get("address").and_then(J::as_str),
            r.get("type").and_then(J::as_str),
        ) else {
            continue;
        };
        let mut values = r
            .get("values")
            .and_then(J::as_object)
            .cloned()
            .unwrap_or_default();
        let caddr = config_address(address);
        if let Some(u) = plan.unknown.get(address) {
            mark_unknown(&mut values, u, plan.config.get(&caddr).copied());
        }
        if let Some(attr_refs) = plan.refs.get(&caddr) {
            for (attr, target) in attr_refs {
                let missing = values
                    .get(attr)
                    .is_none_or(|v| v.is_null() || v.as_str() == Some(UNKNOWN));
                if missing {
                    values.insert(attr.clone(), target.clone());
                }
            }
        }
        let line = line_of_address(text, address);
        out.push(TfResource {
            rtype: rtype.to_string(),
            address: address.to_string(),
            values,
            location: SourceLocation {
                file: rel.to_string(),
                start_line: line,
                end_line: line,
            },
            account: plan.account.clone(),
            root: None,
            created: plan.created.get(address).copied(),
        });
    }
    if depth < 16 {
        for child in module
            .get("child_modules")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
        {
            walk(child, rel, text, plan, out, depth + 1);
        }
    }
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`: the configuration names
/// resources without instance keys.
fn config_address(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The expressions of every configured resource, by address (module prefix included).
fn config_expressions<'a>(module: &'a J, prefix: &str, out: &mut HashMap<String, &'a J>) {
    for r in module
        .get("resources")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(address), Some(exprs)) =
            (r.get("address").and_then(J::as_str), r.get("expressions"))
        {
            out.insert(format!("{prefix}{address}"), exprs);
        }
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(J::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(m) = call.get("module") {
            config_expressions(m, &format!("{prefix}module.{name}."), out);
        }
    }
}

/// Top-level attributes whose expression is a reference to another resource: each becomes
/// that resource's marker (`${aws_s3_bucket.x.id}`).
fn references(address: &str, exprs: &J) -> Map<String, J> {
    // The module prefix of the resource, which its references are relative to.
    let prefix = match address.rfind("module.") {
        Some(_) => {
            let parts: Vec<&str> = address.split('.').collect();
            let n = parts.len().saturating_sub(2);
            format!("{}.", parts[..n].join("."))
        }
        None => String::new(),
    };
    let mut attrs = Map::new();
    for (attr, expr) in exprs.as_object().into_iter().flatten() {
        let Some(first) = expr
            .get("references")
            .and_then(J::as_array)
            .and_then(|a| a.first())
            .and_then(J::as_str)
        else {
            continue;
        };
        if first.starts_with("var.") || first.starts_with("local.") || first.starts_with("data.") {
            continue;
        }
        attrs.insert(attr.clone(), J::String(format!("${{{prefix}{first}}}")));
    }
    attrs
}

/// Marks what the plan leaves unknown. An attribute the configuration sets to something only
/// known after apply is [`UNKNOWN`]; one the configuration does not set is computed by the
/// provider (its default), so it stays unset.
fn mark_unknown(values: &mut Map<String, J>, after_unknown: &J, config: Option<&J>) {
    let Some(u) = after_unknown.as_object() else {
        return;
    };
    for (k, flag) in u {
        let configured = config.and_then(|c| c.get(k));
        match flag {
            J::Bool(true) if configured.is_some() => {
                values.insert(k.clone(), J::String(UNKNOWN.into()));
            }
            J::Bool(true) => {
                values.remove(k);
            }
            J::Array(items) => {
                if let Some(J::Array(vals)) = values.get_mut(k) {
                    for (i, (v, f)) in vals.iter_mut().zip(items).enumerate() {
                        let c = configured.and_then(|c| c.get(i));
                        match (v, f) {
                            (J::Object(o), f @ J::Object(_)) => mark_unknown(o, f, c),
                            (v, J::Bool(true)) => *v = J::String(UNKNOWN.into()),
                            _ => {}
                        }
                    }
                }
            }
            J::Object(_) => {
                if let Some(J::Object(o)) = values.get_mut(k) {
                    mark_unknown(o, flag, configured);
                }
            }
            _ => {}
        }
    }
}

fn line_of_address(text: &str, address: &str) -> i64 {
    let quoted = J::String(address.to_string()).to_string();
    let needle_pos = ["\"address\": ", "\"address\":"]
        .iter()
        .find_map(|p| text.find(&format!("{p}{quoted}")));
    needle_pos.map_or(1, |p| super::line_of(text, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_values_unknowns_and_references() {
        let text = r#"{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
     "values": {"bucket": "data", "tags": null}},
    {"address": "aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v",
     "values": {"versioning_configuration": [{"status": "Enabled", "mfa_delete": null}]}}
  ], "child_modules": [{"resources": [
    {"address": "module.m.aws_sqs_queue.q[0]", "mode": "managed", "type": "aws_sqs_queue", "name": "q",
     "values": {"name": "q"}}]}]}},
  "resource_changes": [
    {"address": "aws_s3_bucket_versioning.v", "change": {"after_unknown": {"bucket": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_s3_bucket_versioning.v", "expressions": {"bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]}}}
  ]}}
}"#;
        let plan: J = serde_json::from_str(text).unwrap();
        assert!(is_plan(&plan));
        let rs = resources("plan.json", text, &plan);
        assert_eq!(rs.len(), 3);
        assert_eq!(rs[1].values["bucket"], "${aws_s3_bucket.b.id}");
        assert_eq!(rs[1].location.start_line, 6);
        assert_eq!(rs[2].address, "module.m.aws_sqs_queue.q[0]");
        assert_eq!(
            config_address("module.a[\"x\"].aws_s3_bucket.b[0]"),
            "module.a.aws_s3_bucket.b"
        );
    }
}
