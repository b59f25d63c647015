//! Evaluating checks on an inventory.
//!
//! Each resource is converted to a CEL value once; every check of its kind then runs against
//! that one value. Resources are evaluated in parallel.

use std::collections::HashMap;
use std::sync::Arc;

use ais_model::{Finding, Inventory, Resource, SourceLocation, Status, fingerprint};
use cel::{Context, ExecutionError, Value};
use rayon::prelude::*;

use crate::Check;
use crate::cel_support::Compiled;

/// The result of one check on one resource, before it becomes a finding.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalOutcome {
    Pass,
    Fail,
    /// The check does not apply (its `when` is false).
    Skip,
    Manual(String),
    Error(String),
}

/// Runs a set of checks.
pub struct Engine<'a> {
    by_kind: HashMap<&'a str, Vec<&'a Arc<Check>>>,
    checks: &'a [Arc<Check>],
    now: chrono::DateTime<chrono::FixedOffset>,
}

impl<'a> Engine<'a> {
    pub fn new(checks: &'a [Arc<Check>]) -> Self {
        Self::at(checks, chrono::Utc::now().fixed_offset())
    }

    /// An engine whose `now` is fixed (examples and reproducible re-evaluation).
    pub fn at(checks: &'a [Arc<Check>], now: chrono::DateTime<chrono::FixedOffset>) -> Self {
        let mut by_kind: HashMap<&str, Vec<&Arc<Check>>> = HashMap::new();
        for c in checks {
            by_kind.entry(c.kind.as_str()).or_default().push(c);
        }
        Engine {
            by_kind,
            checks,
            now,
        }
    }

    /// Resource kinds the selected checks need (collectors for other kinds can be skipped).
    pub fn kinds(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.by_kind.keys().copied().collect();
        k.sort();
        k
    }

    /// Every finding for the inventory, sorted by check id then resource uid.
    pub fn evaluate(&self, inv: &Inventory) -> Vec<Finding> {
        // Compile the checks of the kinds present (all at once, in parallel) before evaluating.
        let present: std::collections::HashSet<&str> =
            inv.resources.iter().map(|r| r.kind.as_str()).collect();
        let needed: Vec<&Check> = self
            .by_kind
            .iter()
            .filter(|(k, _)| present.contains(*k))
            .flat_map(|(_, checks)| checks.iter().map(|c| c.as_ref()))
            .collect();
        crate::catalog::compile_pending(&needed);
        let mut findings: Vec<Finding> = inv
            .resources
            .par_iter()
            .flat_map_iter(|r| self.evaluate_resource(r))
            .collect();
        // A collection failure leaves the kinds it covers unknown in that account and region:
        // every check of those kinds is ERROR there, never PASS or FAIL.
        for err in &inv.errors {
            for kind in &err.kinds {
                for check in self.by_kind.get(kind.as_str()).into_iter().flatten() {
                    let uid = format!("{kind}/{}/{}", err.account, err.region);
                    findings.push(Finding {
                        fingerprint: fingerprint(&check.id, &uid),
                        check_id: check.id.clone(),
                        check_title: check.title.clone(),
                        severity: check.severity,
                        status: Status::Error,
                        status_extended: format!(
                            "Could not list {kind} resources: {}",
                            err.cause()
                        ),
                        service: check.service.clone(),
                        resource_kind: kind.clone(),
                        resource_uid: uid,
                        resource_name: if err.region == "global" {
                            format!("all {kind} in account {}", err.account)
                        } else {
                            format!("all {kind} in {}", err.region)
                        },
                        account: err.account.clone(),
                        region: err.region.clone(),
                        resource_tags: Default::default(),
                        remediation: check.remediation.text.clone(),
                        compliance: check.compliance.clone(),
                        muted: false,
                        mute_reason: None,
                        location: None,
                        evidence: Default::default(),
                    });
                }
            }
        }
        findings.sort_by(|a, b| {
            (a.check_id.as_str(), a.resource_uid.as_str())
                .cmp(&(b.check_id.as_str(), b.resource_uid.as_str()))
        });
        findings
    }

    fn evaluate_resource(&self, r: &Resource) -> Vec<Finding> {
        let Some(checks) = self.by_kind.get(r.kind.as_str()) else {
            return Vec::new();
        };
        let json = check_value(r);
        let value = match cel::to_value(&json) {
            Ok(v) => v,
            Err(e) => {
                let why = format!("resource could not be converted for evaluation: {e}");
                return checks
                    .iter()
                    .map(|c| finding(c, r, EvalOutcome::Error(why.clone()), &[]))
                    .collect();
            }
        };
        // One context per resource, shared by every check of its kind.
        let ctx = self.context(value);
        checks
            .iter()
            .filter_map(|c| {
                let outcome = self.run(c, r, &json, &ctx);
                let lines = if outcome == EvalOutcome::Fail {
                    self.lines(c, &ctx)
                } else {
                    Vec::new()
                };
                (outcome != EvalOutcome::Skip).then(|| finding(c, r, outcome, &lines))
            })
            .collect()
    }

    /// The lines a failed check points at (its `locate` expression), sorted and unique; empty
    /// when the check has none or it does not evaluate to line numbers.
    fn lines(&self, check: &Check, ctx: &Context) -> Vec<i64> {
        fn collect(v: &Value, out: &mut Vec<i64>) {
            match v {
                Value::Int(n) if *n > 0 => out.push(*n),
                Value::UInt(n) => out.extend(i64::try_from(*n).ok().filter(|n| *n > 0)),
                // Lists of lists (one per stage, block, …) are flattened.
                Value::List(items) => items.iter().for_each(|i| collect(i, out)),
                _ => {}
            }
        }
        let Some(locate) = check.programs().ok().and_then(|p| p.locate.as_ref()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Ok(v) = locate.program.execute(ctx) {
            collect(&v, &mut out);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The lines a failed check points at on a bare resource (used to test the catalog's
    /// examples).
    pub fn locate_one(&self, check: &Check, r: &Resource) -> Vec<i64> {
        match cel::to_value(check_value(r)) {
            Ok(v) => self.lines(check, &self.context(v)),
            Err(_) => Vec::new(),
        }
    }

    /// An evaluation context holding `resource` and `now`, on the standard library built once
    /// per process (building it is far dearer than running a typical check).
    fn context(&self, resource: Value) -> Context<'static, 'static> {
        static STDLIB: std::sync::LazyLock<Arc<cel::Env>> =
            std::sync::LazyLock::new(|| Arc::new(cel::Env::stdlib()));
        let mut ctx = Context::with_env(STDLIB.clone());
        ctx.add_variable_from_value("resource", resource);
        ctx.add_variable_from_value("now", Value::Timestamp(self.now));
        ctx
    }

    /// Evaluates one check on one resource value.
    pub(crate) fn run(
        &self,
        check: &Check,
        r: &Resource,
        json: &serde_json::Value,
        ctx: &Context,
    ) -> EvalOutcome {
        let programs = match check.programs() {
            Ok(p) => p,
            Err(e) => {
                return EvalOutcome::Error(format!("check {} does not compile: {e}", check.id));
            }
        };
        if let Some(when) = &programs.when {
            match eval_bool(when, ctx) {
                Ok(true) => {}
                Ok(false) => {
                    // Whether the check applies rests on a property that could not be read
                    // (`has(x)` is false for it): that is unknown, not "does not apply".
                    let failed: Vec<String> = when
                        .paths
                        .iter()
                        .filter_map(|p| p.first())
                        .filter_map(|f| r.errors.get(f).map(|c| format!("{f}: {c}")))
                        .collect();
                    if failed.is_empty() {
                        return EvalOutcome::Skip;
                    }
                    return EvalOutcome::Error(failed.join("; "));
                }
                Err(e) => return explain(check, r, json, e),
            }
        }
        // `has(resource.x)` cannot be answered for a property whose collection failed (it is
        // removed, so `has` would say "absent" and decide the check on a fault).
        let unanswerable: Vec<String> = r
            .errors
            .iter()
            .filter(|(f, _)| programs.assert.tested.iter().any(|p| p.first() == Some(*f)))
            .map(|(f, c)| format!("{f}: {c}"))
            .collect();
        if !unanswerable.is_empty() {
            return EvalOutcome::Error(unanswerable.join("; "));
        }
        match eval_bool(&programs.assert, ctx) {
            Ok(true) => EvalOutcome::Pass,
            Ok(false) => EvalOutcome::Fail,
            Err(e) => explain(check, r, json, e),
        }
    }

    /// Evaluates one check on a bare resource (used to test the catalog's examples).
    pub fn evaluate_one(&self, check: &Check, r: &Resource) -> EvalOutcome {
        let json = check_value(r);
        match cel::to_value(&json) {
            Ok(v) => self.run(check, r, &json, &self.context(v)),
            Err(e) => EvalOutcome::Error(e.to_string()),
        }
    }

    pub fn checks(&self) -> &[Arc<Check>] {
        self.checks
    }
}

/// The value checks see: the resource's properties without those the collector recorded an error
/// for. Whatever a collector left in such a field (a default, a partial answer) is not evidence:
/// an expression that needs it is ERROR with the cause, and one that is decided without it
/// (`false && <unknown>`) keeps its result.
fn check_value(r: &Resource) -> serde_json::Value {
    let mut json = r.to_check_value();
    if !r.errors.is_empty()
        && let Some(obj) = json.as_object_mut()
    {
        for field in r.errors.keys() {
            obj.remove(field);
        }
    }
    json
}

enum EvalError {
    Exec(ExecutionError),
    NotBool(String),
}

fn eval_bool(c: &Compiled, ctx: &Context) -> Result<bool, EvalError> {
    match c.program.execute(ctx) {
        Ok(Value::Bool(b)) => Ok(b),
        Ok(other) => Err(EvalError::NotBool(format!(
            "expression returned {:?}, not a boolean",
            other.type_of()
        ))),
        Err(e) => Err(EvalError::Exec(e)),
    }
}

/// Turns an evaluation error into MANUAL (a property is unknown) or ERROR (its collection failed,
/// or the check itself is broken).
fn explain(check: &Check, r: &Resource, json: &serde_json::Value, e: EvalError) -> EvalOutcome {
    let e = match e {
        EvalError::NotBool(m) => return EvalOutcome::Error(format!("check {}: {m}", check.id)),
        EvalError::Exec(e) => e,
    };
    // Properties the check reads that the collector could not read, and why.
    let failed: Vec<String> = check
        .top_level_fields()
        .into_iter()
        .filter_map(|f| r.errors.get(f).map(|cause| format!("{f}: {cause}")))
        .collect();
    if let ExecutionError::NoSuchKey(key) = &e {
        if !failed.is_empty() {
            return EvalOutcome::Error(failed.join("; "));
        }
        let missing = first_missing_path(check, json).unwrap_or_else(|| format!("`{key}`"));
        return EvalOutcome::Manual(format!("{missing} is unknown for this resource"));
    }
    if !failed.is_empty() {
        return EvalOutcome::Error(failed.join("; "));
    }
    EvalOutcome::Error(format!("check {} could not be evaluated: {e}", check.id))
}

/// The first path the check reads that is absent from the resource, in `resource.a.b` form.
fn first_missing_path(check: &Check, json: &serde_json::Value) -> Option<String> {
    let programs = check.programs().ok()?;
    let paths = programs
        .assert
        .paths
        .iter()
        .chain(programs.when.iter().flat_map(|w| w.paths.iter()));
    for p in paths {
        let mut node = json;
        for (i, seg) in p.iter().enumerate() {
            if seg == crate::cel_support::ITEM {
                break;
            }
            match node.get(seg) {
                Some(n) if !n.is_null() => node = n,
                _ => return Some(format!("`{}`", crate::cel_support::display_path(&p[..=i]))),
            }
        }
    }
    None
}

fn finding(check: &Check, r: &Resource, outcome: EvalOutcome, lines: &[i64]) -> Finding {
    let (status, extended) = match outcome {
        EvalOutcome::Pass => (Status::Pass, format!("{}: {}", check.title, r.name)),
        EvalOutcome::Fail => {
            let mut m = check.render_message(&r.name, &r.uid, &r.region, &r.account);
            match lines {
                [] => {}
                [one] => m.push_str(&format!(" (line {one})")),
                many => {
                    let list: Vec<String> = many.iter().map(i64::to_string).collect();
                    m.push_str(&format!(" (lines {})", list.join(", ")));
                }
            }
            (Status::Fail, m)
        }
        EvalOutcome::Manual(m) => (Status::Manual, m),
        EvalOutcome::Error(m) => (Status::Error, m),
        EvalOutcome::Skip => unreachable!("skipped checks make no finding"),
    };
    // What the code left to settings outside it, among the properties a failing check read.
    // Assumed values are AWS's baseline, the less safe setting, so a FAIL may rest on them
    // while a PASS never does.
    let assumed: serde_json::Map<String, serde_json::Value> = if status == Status::Fail {
        check
            .top_level_fields()
            .into_iter()
            .filter_map(|f| {
                r.assumed
                    .get(f)
                    .map(|why| (f.to_string(), why.clone().into()))
            })
            .collect()
    } else {
        Default::default()
    };
    let extended = if assumed.is_empty() {
        extended
    } else {
        let notes: Vec<&str> = assumed.values().filter_map(|v| v.as_str()).collect();
        format!("{extended}. Assumed: {}", notes.join("; "))
    };
    Finding {
        fingerprint: fingerprint(&check.id, &r.uid),
        check_id: check.id.clone(),
        check_title: check.title.clone(),
        severity: check.severity,
        status,
        status_extended: extended,
        service: check.service.clone(),
        resource_kind: r.kind.clone(),
        resource_uid: r.uid.clone(),
        resource_name: r.name.clone(),
        account: r.account.clone(),
        region: r.region.clone(),
        resource_tags: r.tags.clone(),
        remediation: check.remediation.text.clone(),
        compliance: check.compliance.clone(),
        muted: false,
        mute_reason: None,
        // A file resource: the first line the check points at, else the whole resource.
        location: r.location.as_ref().map(|l| match lines.first() {
            Some(&line) => SourceLocation {
                file: l.file.clone(),
                start_line: line,
                end_line: line,
            },
            None => l.clone(),
        }),
        evidence: if matches!(status, Status::Fail | Status::Manual) {
            let mut e = evidence(check, r);
            if !assumed.is_empty() {
                e.insert("assumed".into(), serde_json::Value::Object(assumed));
            }
            e
        } else {
            Default::default()
        },
    }
}

/// Longest serialized evidence value kept whole; longer ones are cut with a note.
const MAX_EVIDENCE: usize = 1_500;

/// The properties the check reads, as the resource has them, secrets redacted.
fn evidence(check: &Check, r: &Resource) -> std::collections::BTreeMap<String, serde_json::Value> {
    let mut out = std::collections::BTreeMap::new();
    for field in check.top_level_fields() {
        let v = match r.properties.get(field) {
            Some(v) => redact_value(v),
            None if r.errors.contains_key(field) => {
                serde_json::Value::String(format!("not collected: {}", r.errors[field]))
            }
            None => serde_json::Value::String("unknown".into()),
        };
        let text = v.to_string();
        let v = if text.len() > MAX_EVIDENCE {
            let cut: String = text.chars().take(MAX_EVIDENCE).collect();
            serde_json::Value::String(format!("{cut}… ({} bytes in all)", text.len()))
        } else {
            v
        };
        out.insert(field.to_string(), v);
    }
    out
}

/// Every string in `v` with detected secrets redacted; a value holding a private key is
/// replaced whole.
fn redact_value(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            if ais_model::secrets::scan_text(s)
                .iter()
                .any(|h| h.rule == "private_key")
            {
                Value::String("[private key redacted]".into())
            } else {
                Value::String(ais_model::secrets::redact_text(s))
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(redact_value).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), redact_value(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Builds a resource of `kind` from an example map: envelope fields come from the map when
/// given, with defaults otherwise.
pub fn example_resource(kind: &str, example: &serde_json::Value) -> Resource {
    let mut props = example.as_object().cloned().unwrap_or_default();
    let mut take = |k: &str, default: &str| {
        props
            .remove(k)
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| default.to_string())
    };
    let uid = take("uid", "example");
    let account = take("account", "123456789012");
    let region = take("region", "us-east-1");
    let name = take("name", "example");
    props.remove("kind");
    let tags = props
        .remove("tags")
        .and_then(|t| serde_json::from_value(t).ok())
        .unwrap_or_default();
    Resource {
        uid,
        kind: kind.to_string(),
        account,
        region,
        name,
        tags,
        properties: serde_json::Value::Object(props),
        relations: Vec::new(),
        errors: Default::default(),
        location: None,
        assumed: Default::default(),
    }
}
