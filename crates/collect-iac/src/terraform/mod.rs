//! Terraform configurations (HCL) and plans (`terraform show -json`) into resource values.
//!
//! A configuration is read the way Terraform reads it, one directory per module:
//! - variables take their `.tfvars` value (root module), the module call's argument, or their
//!   default; locals are evaluated from them, in dependency order;
//! - `count` and `for_each` expand a resource into instances when they are statically known;
//! - references between resources evaluate to the referenced resource's literal attributes, or
//!   to a marker (`${aws_s3_bucket.logs.id}`) for what only exists after apply, so that split
//!   resources (`aws_s3_bucket_versioning.bucket = aws_s3_bucket.x.id`) join onto their target;
//! - `data "aws_iam_policy_document"` is rendered to its JSON policy;
//! - local modules (`source = "./…"`) are evaluated with their call's arguments, under the
//!   `module.NAME.` address prefix.
//!
//! Whatever cannot be known before apply (a variable without value, a function this evaluator
//! does not implement, a `dynamic` block, an unknown reference) becomes [`UNKNOWN`], and the
//! adapters leave the property it feeds absent.

mod funcs;
pub mod plan;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use ais_model::{NotCreated, SourceLocation};
use hcl::eval::{Context, Evaluate};
use hcl::expr::{BinaryOperator, Operation};
use hcl::{Block, BlockLabel, Body, Expression, Structure};
use hcl_edit::Span;
use serde_json::{Map, Value as J};

/// Stands for a value the static evaluation cannot know.
pub const UNKNOWN: &str = "\u{1}unknown";

/// Deepest bracket nesting accepted before parsing (the parser recurses without a limit).
const MAX_NESTING: usize = 64;
/// Deepest chain of local module calls followed.
const MAX_MODULE_DEPTH: usize = 8;
/// Most instances one `count` or `for_each` expands into.
const MAX_INSTANCES: usize = 1000;

/// One resource instance with its evaluated arguments (nested blocks as lists of objects, the
/// shape of `terraform show -json` values).
#[derive(Debug, Clone)]
pub struct TfResource {
    /// `aws_s3_bucket`
    pub rtype: String,
    /// `module.net.aws_s3_bucket.logs[0]`
    pub address: String,
    pub values: Map<String, J>,
    pub location: SourceLocation,
    /// The AWS account the code is pinned to (`allowed_account_ids` with one account).
    pub account: Option<String>,
    /// The root module directory the resource was evaluated from (`.` for the scanned
    /// directory); `None` for plans and templates, where the file is the unit.
    pub root: Option<String>,
    /// Whether applying the code creates the resource anew: a plan's `create` (or replace)
    /// action says yes, its other actions no; configurations and templates cannot tell (`None`),
    /// since the resource may exist already.
    pub created: Option<bool>,
}

impl TfResource {
    /// The resource's identity in findings: `FILE#ADDRESS` (with `suffix` after the address),
    /// then `@ROOT` for a resource of a called module, so that the instances several roots make
    /// of one module stay apart.
    pub fn uid(&self, suffix: &str) -> String {
        let base = format!("{}#{}{suffix}", self.location.file, self.address);
        match &self.root {
            Some(root) if self.address.starts_with("module.") => format!("{base}@{root}"),
            _ => base,
        }
    }

    /// What the resource can refer to and be joined with: its root module (a Terraform state)
    /// for configurations, its file for plans and templates.
    pub fn unit(&self) -> (&str, &str) {
        match &self.root {
            Some(root) => ("root", root),
            None => ("file", &self.location.file),
        }
    }

    /// The marker other resources see for this resource's `attr` when it is not literal.
    pub fn marker(&self, attr: &str) -> String {
        marker(&self.address, attr)
    }
}

fn marker(address: &str, attr: &str) -> String {
    format!("${{{address}.{attr}}}")
}

/// A file that could not be used, with the line of the problem when there is one.
#[derive(Debug, Clone)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<usize>,
    pub reason: String,
}

/// Everything read from one directory of `.tf` files.
#[derive(Default)]
struct Module {
    variables: Vec<(String, Option<Expression>)>,
    locals: Vec<(String, Expression)>,
    resources: Vec<Located>,
    data: Vec<Located>,
    calls: Vec<Located>,
    tfvars: Vec<(String, Expression)>,
    /// `allowed_account_ids` of the module's `provider "aws"` blocks.
    accounts: Vec<Expression>,
}

struct Located {
    block: Block,
    location: SourceLocation,
}

impl Located {
    fn label(&self, i: usize) -> &str {
        match self.block.labels().get(i) {
            Some(BlockLabel::String(s)) => s,
            Some(BlockLabel::Identifier(id)) => id.as_str(),
            None => "",
        }
    }
}

/// Deepest `{ [ (` nesting of a text (strings included: an over-estimate is harmless).
pub(crate) fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn line_of(text: &str, offset: usize) -> i64 {
    let offset = offset.min(text.len());
    i64::try_from(
        text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1,
    )
    .unwrap_or(i64::MAX)
}

/// A set of Terraform files, grouped into modules by directory.
#[derive(Default)]
pub struct Config {
    modules: BTreeMap<String, Module>,
    pub problems: Vec<FileProblem>,
}

impl Config {
    /// Adds one `.tf` or `.tfvars` file (`rel` is its path in the scanned tree).
    pub fn add_file(&mut self, rel: &str, text: &str) {
        let dir = parent_dir(rel);
        let module = self.modules.entry(dir).or_default();
        if nesting(text) > MAX_NESTING {
            self.problems.push(FileProblem {
                file: rel.to_string(),
                line: None,
                reason: format!("nested deeper than {MAX_NESTING} levels; not scanned"),
            });
            return;
        }
        let body = match hcl_edit::parser::parse_body(text) {
            Ok(b) => b,
            Err(e) => {
                self.problems.push(FileProblem {
                    file: rel.to_string(),
                    line: Some(e.location().line()),
                    reason: format!("not valid HCL: {}", e.message()),
                });
                return;
            }
        };
        let is_vars = rel.ends_with(".tfvars");
        for structure in body {
            match structure {
                hcl_edit::structure::Structure::Attribute(a) if is_vars => {
                    let a: hcl::Attribute = a.into();
                    module.tfvars.push((a.key.to_string(), a.expr));
                }
                hcl_edit::structure::Structure::Attribute(_) => {}
                hcl_edit::structure::Structure::Block(b) => {
                    let span = b.span().unwrap_or(0..0);
                    let location = SourceLocation {
                        file: rel.to_string(),
                        start_line: line_of(text, span.start),
                        end_line: line_of(text, span.end.saturating_sub(1).max(span.start)),
                    };
                    let block: Block = b.into();
                    let located = Located { block, location };
                    match located.block.identifier() {
                        "resource" if located.block.labels().len() == 2 => {
                            module.resources.push(located)
                        }
                        "data" if located.block.labels().len() == 2 => module.data.push(located),
                        "module" if located.block.labels().len() == 1 => module.calls.push(located),
                        "provider" if located.label(0) == "aws" => {
                            if let Some(a) = located
                                .block
                                .body()
                                .attributes()
                                .find(|a| a.key() == "allowed_account_ids")
                            {
                                module.accounts.push(a.expr().clone());
                            }
                        }
                        "variable" if located.block.labels().len() == 1 => {
                            let default = located
                                .block
                                .body()
                                .attributes()
                                .find(|a| a.key() == "default")
                                .map(|a| a.expr().clone());
                            module
                                .variables
                                .push((located.label(0).to_string(), default));
                        }
                        "locals" => {
                            for a in located.block.body().attributes() {
                                module.locals.push((a.key().to_string(), a.expr().clone()));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    /// Evaluates every root module (a directory no other scanned module calls).
    pub fn resources(&self) -> Vec<TfResource> {
        self.evaluate().resources
    }

    /// Evaluates every root module: the resources, and the blocks that create nothing.
    pub fn evaluate(&self) -> Evaluated {
        let mut called: BTreeSet<String> = BTreeSet::new();
        for (dir, m) in &self.modules {
            for call in &m.calls {
                if let Some(target) = local_source(dir, &call.block)
                    && target != *dir
                {
                    called.insert(target);
                }
            }
        }
        let mut out = Evaluated::default();
        for dir in self.modules.keys() {
            if !called.contains(dir) {
                let (start, skipped) = (out.resources.len(), out.not_created.len());
                self.eval_module(dir, "", &Map::new(), &BTreeSet::new(), 0, &mut out);
                let account = self.account(dir);
                let root = if dir.is_empty() {
                    ".".to_string()
                } else {
                    dir.clone()
                };
                for r in &mut out.resources[start..] {
                    r.account.clone_from(&account);
                    r.root = Some(root.clone());
                }
                for n in &mut out.not_created[skipped..] {
                    n.root = Some(root.clone());
                }
            }
        }
        out
    }

    /// The one account a root module's AWS providers allow, when they name exactly one.
    fn account(&self, dir: &str) -> Option<String> {
        let m = self.modules.get(dir)?;
        let mut ctx = Context::new();
        funcs::declare(&mut ctx);
        let mut vars = Map::new();
        for (name, default) in &m.variables {
            if let Some(v) = m
                .tfvars
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, e)| e)
                .or(default.as_ref())
                .and_then(|e| eval_json(e, &ctx))
            {
                vars.insert(name.clone(), v);
            }
        }
        ctx.declare_var("var", to_hcl(&J::Object(vars)));
        let mut ids: Vec<String> = Vec::new();
        for e in &m.accounts {
            match eval_json(e, &ctx) {
                Some(J::Array(a)) => {
                    ids.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
                }
                _ => return None,
            }
        }
        ids.dedup();
        match ids.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    fn eval_module(
        &self,
        dir: &str,
        prefix: &str,
        inputs: &Map<String, J>,
        unknown_inputs: &BTreeSet<String>,
        depth: usize,
        out: &mut Evaluated,
    ) {
        let Some(m) = self.modules.get(dir) else {
            return;
        };
        let mut base = Context::new();
        funcs::declare(&mut base);
        base.declare_var(
            "path",
            to_hcl(&serde_json::json!({ "module": ".", "root": ".", "cwd": "." })),
        );
        base.declare_var(
            "terraform",
            to_hcl(&serde_json::json!({ "workspace": "default" })),
        );

        // Variables.
        let mut vars = Map::new();
        let tfvars: HashMap<&str, &Expression> = if prefix.is_empty() {
            m.tfvars.iter().map(|(k, e)| (k.as_str(), e)).collect()
        } else {
            HashMap::new()
        };
        for (name, default) in &m.variables {
            if unknown_inputs.contains(name) {
                continue;
            }
            let value = if let Some(v) = inputs.get(name) {
                Some(v.clone())
            } else if let Some(e) = tfvars.get(name.as_str()) {
                eval_json(e, &base)
            } else {
                default.as_ref().and_then(|e| eval_json(e, &base))
            };
            if let Some(v) = value {
                vars.insert(name.clone(), v);
            }
        }
        base.declare_var("var", to_hcl(&J::Object(vars)));

        // Locals from variables, then instances and their first evaluation.
        let locals = eval_locals(&m.locals, &base);
        let mut ctx1 = base.clone();
        ctx1.declare_var("local", to_hcl(&J::Object(locals)));
        let mut instances: Vec<Instance> = Vec::new();
        for r in &m.resources {
            let before = instances.len();
            instances.extend(expand(r, prefix, &ctx1));
            if instances.len() == before {
                out.not_created.push(not_created(
                    r,
                    format!("{prefix}{}.{}", r.label(0), r.label(1)),
                ));
            }
        }
        let first: Vec<Map<String, J>> = instances
            .iter()
            .map(|i| body_json(i.src.block.body(), &i.scope(&ctx1)))
            .collect();

        // What other blocks see of each resource.
        let mut full = base.clone();
        declare_resources(&mut full, &instances, &first);
        // Data sources and locals can refer to each other: settle them in a few rounds.
        let mut data = Map::new();
        for _ in 0..3 {
            let mut ctx = full.clone();
            ctx.declare_var("data", to_hcl(&J::Object(data.clone())));
            let locals = eval_locals(&m.locals, &ctx);
            ctx.declare_var("local", to_hcl(&J::Object(locals)));
            let next = self.eval_data(m, prefix, &ctx);
            if next == data {
                break;
            }
            data = next;
        }
        full.declare_var("data", to_hcl(&J::Object(data)));
        let locals = eval_locals(&m.locals, &full);
        full.declare_var("local", to_hcl(&J::Object(locals)));

        for inst in &instances {
            let values = body_json(inst.src.block.body(), &inst.scope(&full));
            out.resources.push(TfResource {
                rtype: inst.src.label(0).to_string(),
                address: inst.address.clone(),
                values,
                location: inst.src.location.clone(),
                account: None,
                root: None,
                created: None,
            });
        }

        if depth >= MAX_MODULE_DEPTH {
            return;
        }
        for call in &m.calls {
            let Some(target) = local_source(dir, &call.block) else {
                continue;
            };
            if target == dir {
                continue;
            }
            // A module call repeats like a resource: `module.NAME[0].`, `module.NAME["key"].`;
            // a known empty `count` / `for_each` creates nothing, an unknown one is read once.
            let name = call.label(0);
            let calls = repetition(call.block.body(), &full).instances();
            if calls.is_empty() {
                out.not_created
                    .push(not_created(call, format!("{prefix}module.{name}")));
            }
            for each_call in calls {
                let module_prefix = format!("{prefix}module.{name}{}.", each_call.suffix);
                let scope = repeat_scope(&full, each_call.count_index, each_call.each.as_ref());
                let args = body_json(call.block.body(), &scope);
                let mut inputs = Map::new();
                let mut unknown = BTreeSet::new();
                for (k, v) in args {
                    if [
                        "source",
                        "version",
                        "count",
                        "for_each",
                        "providers",
                        "depends_on",
                    ]
                    .contains(&k.as_str())
                    {
                        continue;
                    }
                    if contains_unknown(&v) {
                        unknown.insert(k);
                    } else {
                        inputs.insert(k, v);
                    }
                }
                self.eval_module(&target, &module_prefix, &inputs, &unknown, depth + 1, out);
            }
        }
    }

    /// `data.TYPE.NAME` objects: policy documents rendered, other data sources as markers.
    fn eval_data(&self, m: &Module, prefix: &str, ctx: &Context) -> Map<String, J> {
        let mut data: Map<String, J> = Map::new();
        for d in &m.data {
            let (dtype, name) = (d.label(0), d.label(1));
            let address = format!("{prefix}data.{dtype}.{name}");
            let mut obj = Map::new();
            for attr in ["id", "arn", "account_id", "name"] {
                obj.insert(attr.into(), J::String(marker(&address, attr)));
            }
            if dtype == "aws_iam_policy_document" {
                let values = body_json(d.block.body(), ctx);
                if let Some(doc) = policy_document(&values) {
                    obj.insert("json".into(), J::String(doc.to_string()));
                    obj.insert("minified_json".into(), J::String(doc.to_string()));
                }
            }
            data.entry(dtype.to_string())
                .or_insert_with(|| J::Object(Map::new()))
                .as_object_mut()
                .expect("object")
                .insert(name.to_string(), J::Object(obj));
        }
        data
    }
}

/// The directory a `module` block's local `source` points at, relative to the scanned tree.
fn local_source(dir: &str, call: &Block) -> Option<String> {
    let src = call.body().attributes().find(|a| a.key() == "source")?;
    let Expression::String(s) = src.expr() else {
        return None;
    };
    if !(s.starts_with("./") || s.starts_with("../")) {
        return None;
    }
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for p in s.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn parent_dir(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

struct Instance<'a> {
    src: &'a Located,
    address: String,
    name: String,
    /// `count.index`, when the resource has a known `count`.
    count_index: Option<usize>,
    /// `each.key` and `each.value`, when the resource has a known `for_each`.
    each: Option<(String, J)>,
    /// The resource has `count`/`for_each` that could not be evaluated.
    unknown_repetition: bool,
}

impl Instance<'_> {
    /// The context with `count` / `each` of this instance (copied only when there are some).
    fn scope<'c>(&self, ctx: &'c Context<'c>) -> Cow<'c, Context<'c>> {
        repeat_scope(ctx, self.count_index, self.each.as_ref())
    }
}

/// `ctx` with `count.index` and `each.key` / `each.value` declared (copied only when one is).
fn repeat_scope<'c>(
    ctx: &'c Context<'c>,
    count_index: Option<usize>,
    each: Option<&(String, J)>,
) -> Cow<'c, Context<'c>> {
    if count_index.is_none() && each.is_none() {
        return Cow::Borrowed(ctx);
    }
    let mut c = ctx.clone();
    if let Some(i) = count_index {
        c.declare_var("count", to_hcl(&serde_json::json!({ "index": i })));
    }
    if let Some((k, v)) = each {
        c.declare_var("each", to_hcl(&serde_json::json!({ "key": k, "value": v })));
    }
    Cow::Owned(c)
}

/// What evaluating the root modules gives.
#[derive(Default)]
pub struct Evaluated {
    pub resources: Vec<TfResource>,
    /// Resource blocks and module calls whose `count` is 0 or whose `for_each` is empty.
    pub not_created: Vec<NotCreated>,
}

/// The record of a block that creates nothing.
fn not_created(block: &Located, address: String) -> NotCreated {
    let counted = block.block.body().attributes().any(|a| a.key() == "count");
    NotCreated {
        file: block.location.file.clone(),
        line: block.location.start_line,
        address,
        root: None,
        reason: if counted {
            "count is 0"
        } else {
            "for_each is empty"
        }
        .into(),
    }
}

/// How `count` or `for_each` repeats a resource or module call.
enum Repeat {
    /// Neither is set.
    Once,
    /// Set, but not statically known.
    Unknown,
    Count(usize),
    /// `each.key` and `each.value` of every instance.
    Each(Vec<(String, J)>),
}

/// One instance of a repeated block.
struct Repetition {
    /// What the instance adds to the block's address: ``, `[0]` or `["key"]`.
    suffix: String,
    count_index: Option<usize>,
    each: Option<(String, J)>,
}

impl Repeat {
    /// The instances: one, unindexed, when there is no repetition or it is unknown.
    fn instances(self) -> Vec<Repetition> {
        let one = || Repetition {
            suffix: String::new(),
            count_index: None,
            each: None,
        };
        match self {
            Repeat::Once | Repeat::Unknown => vec![one()],
            Repeat::Count(n) => (0..n)
                .map(|i| Repetition {
                    suffix: format!("[{i}]"),
                    count_index: Some(i),
                    ..one()
                })
                .collect(),
            Repeat::Each(items) => items
                .into_iter()
                .map(|(k, v)| Repetition {
                    suffix: format!("[{}]", J::String(k.clone())),
                    each: Some((k, v)),
                    ..one()
                })
                .collect(),
        }
    }
}

fn repetition(body: &Body, ctx: &Context) -> Repeat {
    let attr = |k: &str| body.attributes().find(|a| a.key() == k);
    if let Some(count) = attr("count") {
        return match eval_known(count.expr(), ctx).and_then(|v| v.as_u64()) {
            Some(n) => Repeat::Count((n as usize).min(MAX_INSTANCES)),
            None => Repeat::Unknown,
        };
    }
    if let Some(fe) = attr("for_each") {
        let items: Option<Vec<(String, J)>> = match eval_known(fe.expr(), ctx) {
            Some(J::Object(o)) => Some(o.into_iter().collect()),
            Some(J::Array(a)) => a
                .into_iter()
                .map(|v| v.as_str().map(|s| (s.to_string(), v.clone())))
                .collect(),
            _ => None,
        };
        return match items {
            Some(mut items) => {
                items.truncate(MAX_INSTANCES);
                Repeat::Each(items)
            }
            None => Repeat::Unknown,
        };
    }
    Repeat::Once
}

fn expand<'a>(r: &'a Located, prefix: &str, ctx: &Context) -> Vec<Instance<'a>> {
    let (rtype, name) = (r.label(0), r.label(1));
    let repeat = repetition(r.block.body(), ctx);
    let unknown_repetition = matches!(repeat, Repeat::Unknown);
    repeat
        .instances()
        .into_iter()
        .map(|i| Instance {
            src: r,
            address: format!("{prefix}{rtype}.{name}{}", i.suffix),
            name: name.to_string(),
            count_index: i.count_index,
            each: i.each,
            unknown_repetition,
        })
        .collect()
}

/// Declares every resource type as a variable: `TYPE.NAME` (a list for `count`, a map for
/// `for_each`) holding the literal arguments and markers for what apply computes.
fn declare_resources(ctx: &mut Context, instances: &[Instance], first: &[Map<String, J>]) {
    const COMPUTED: &[&str] = &[
        "id",
        "arn",
        "name",
        "bucket",
        "key_id",
        "url",
        "dns_name",
        "repository_url",
        "invoke_arn",
        "unique_id",
        "endpoint",
    ];
    let mut types: BTreeMap<String, Map<String, J>> = BTreeMap::new();
    for (inst, values) in instances.iter().zip(first) {
        let mut obj: Map<String, J> = values
            .iter()
            .filter(|(_, v)| !contains_unknown(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for attr in COMPUTED {
            obj.entry(attr.to_string())
                .or_insert_with(|| J::String(marker(&inst.address, attr)));
        }
        let by_name = types.entry(inst.src.label(0).to_string()).or_default();
        let slot = by_name.entry(inst.name.clone());
        if let Some(i) = inst.count_index {
            let list = slot.or_insert_with(|| J::Array(Vec::new()));
            if let J::Array(a) = list
                && a.len() == i
            {
                a.push(J::Object(obj));
            }
        } else if let Some((k, _)) = &inst.each {
            let map = slot.or_insert_with(|| J::Object(Map::new()));
            if let J::Object(m) = map {
                m.insert(k.clone(), J::Object(obj));
            }
        } else if !inst.unknown_repetition {
            slot.or_insert(J::Object(obj));
        }
    }
    for (t, names) in types {
        ctx.declare_var(t, to_hcl(&J::Object(names)));
    }
}

fn eval_locals(locals: &[(String, Expression)], ctx: &Context) -> Map<String, J> {
    let mut known = Map::new();
    // Each pass resolves the locals whose inputs are known; a local that depends on another
    // needs one more pass, so as many passes as locals settle every order.
    for _ in 0..=locals.len() {
        let mut c = ctx.clone();
        c.declare_var("local", to_hcl(&J::Object(known.clone())));
        let mut progress = false;
        for (name, expr) in locals {
            if known.contains_key(name) {
                continue;
            }
            if let Some(v) = eval_known(expr, &c) {
                known.insert(name.clone(), v);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    known
}

/// The value of an expression like [`eval_json`], but with `&&`, `||` and `c ? a : b` decided
/// by their known operands as Terraform decides them with unknown values: `false && x` is false
/// and `true || x` is true whatever `x` is, and a known condition picks its branch. This is what
/// makes `count = var.create && … ? 1 : 0` known for a module called with `create = false`.
fn eval_known(expr: &Expression, ctx: &Context) -> Option<J> {
    match expr {
        Expression::Parenthesis(e) => eval_known(e, ctx),
        Expression::Conditional(c) => {
            if eval_known(&c.cond_expr, ctx)?.as_bool()? {
                eval_known(&c.true_expr, ctx)
            } else {
                eval_known(&c.false_expr, ctx)
            }
        }
        Expression::Operation(op) => match op.as_ref() {
            Operation::Binary(b)
                if matches!(b.operator, BinaryOperator::And | BinaryOperator::Or) =>
            {
                // The operand value that settles the result: false for `&&`, true for `||`.
                let settles = b.operator == BinaryOperator::Or;
                let lhs = eval_known(&b.lhs_expr, ctx).and_then(|v| v.as_bool());
                if lhs == Some(settles) {
                    return Some(J::Bool(settles));
                }
                let rhs = eval_known(&b.rhs_expr, ctx).and_then(|v| v.as_bool());
                match (lhs, rhs) {
                    (_, Some(r)) if r == settles => Some(J::Bool(settles)),
                    (Some(_), Some(_)) => Some(J::Bool(!settles)),
                    _ => None,
                }
            }
            _ => eval_json(expr, ctx),
        },
        _ => eval_json(expr, ctx),
    }
}

/// The value of an expression, or `None` when it cannot be known statically.
fn eval_json(expr: &Expression, ctx: &Context) -> Option<J> {
    let v = expr.evaluate(ctx).ok()?;
    serde_json::to_value(v).ok()
}

fn to_hcl(v: &J) -> hcl::Value {
    hcl::value::to_value(v).unwrap_or(hcl::Value::Null)
}

pub(crate) fn contains_unknown(v: &J) -> bool {
    match v {
        J::String(s) => s == UNKNOWN,
        J::Array(a) => a.iter().any(contains_unknown),
        J::Object(o) => o.values().any(contains_unknown),
        _ => false,
    }
}

/// Arguments whose adapter reads them field by field, so that one value the code cannot know
/// (a variable without a value) leaves only that field unknown, not the whole argument. Other
/// arguments stay whole: a policy with one unknown principal must not read as a known policy.
const PIECEWISE: &[&str] = &["container_definitions"];

/// Evaluates lists, objects and `jsonencode(...)` element by element, each element that cannot
/// be evaluated becoming [`UNKNOWN`] (inside the encoded text for `jsonencode`).
fn eval_piecewise(expr: &Expression, ctx: &Context) -> J {
    let whole = || eval_json(expr, ctx).unwrap_or_else(|| J::String(UNKNOWN.into()));
    match expr {
        Expression::Array(items) => {
            J::Array(items.iter().map(|e| eval_piecewise(e, ctx)).collect())
        }
        Expression::Object(object) => {
            let mut out = Map::new();
            for (key, value) in object {
                let key = match key {
                    hcl::ObjectKey::Identifier(id) => id.to_string(),
                    hcl::ObjectKey::Expression(e) => match eval_json(e, ctx) {
                        Some(J::String(k)) => k,
                        _ => return whole(),
                    },
                    _ => return whole(),
                };
                out.insert(key, eval_piecewise(value, ctx));
            }
            J::Object(out)
        }
        Expression::FuncCall(call)
            if call.name.namespace.is_empty()
                && call.name.name.as_str() == "jsonencode"
                && call.args.len() == 1
                && !call.expand_final =>
        {
            match eval_piecewise(&call.args[0], ctx) {
                // Nothing of it is known: the text is unknown too.
                J::String(u) if u == UNKNOWN => J::String(u),
                v => J::String(v.to_string()),
            }
        }
        _ => whole(),
    }
}

/// Arguments as JSON values; nested blocks as lists of objects; what cannot be evaluated as
/// [`UNKNOWN`]. Meta-arguments are left out.
fn body_json(body: &Body, ctx: &Context) -> Map<String, J> {
    let mut map = Map::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                if matches!(a.key(), "count" | "for_each" | "provider" | "depends_on") {
                    continue;
                }
                let v = if PIECEWISE.contains(&a.key()) {
                    eval_piecewise(a.expr(), ctx)
                } else {
                    eval_json(a.expr(), ctx).unwrap_or_else(|| J::String(UNKNOWN.into()))
                };
                map.insert(a.key().to_string(), v);
            }
            Structure::Block(b) => match b.identifier() {
                "lifecycle" | "provisioner" | "connection" => {}
                "dynamic" => {
                    if let Some(label) = b.labels().first() {
                        map.insert(label.as_str().to_string(), J::String(UNKNOWN.into()));
                    }
                }
                id => {
                    let entry = map
                        .entry(id.to_string())
                        .or_insert_with(|| J::Array(Vec::new()));
                    if let J::Array(a) = entry {
                        a.push(J::Object(body_json(b.body(), ctx)));
                    }
                }
            },
        }
    }
    map
}

/// Renders `data "aws_iam_policy_document"` arguments to the JSON policy AWS would receive;
/// `None` when a statement has an unknown part.
fn policy_document(v: &Map<String, J>) -> Option<J> {
    if contains_unknown(&J::Object(v.clone())) {
        return None;
    }
    // Statements of `source_policy_documents` come first; `override_policy_documents`
    // replace statements with the same `Sid` and add the others.
    let docs = |key: &str| -> Option<Vec<J>> {
        let mut out = Vec::new();
        for d in v.get(key).and_then(J::as_array).into_iter().flatten() {
            let doc: J = serde_json::from_str(d.as_str()?).ok()?;
            match doc.get("Statement") {
                Some(J::Array(a)) => out.extend(a.iter().cloned()),
                Some(o @ J::Object(_)) => out.push(o.clone()),
                _ => {}
            }
        }
        Some(out)
    };
    let mut statements = docs("source_policy_documents")?;
    let overrides = docs("override_policy_documents")?;
    for st in v
        .get("statement")
        .and_then(J::as_array)
        .cloned()
        .unwrap_or_default()
    {
        let mut out = Map::new();
        if let Some(sid) = st.get("sid") {
            out.insert("Sid".into(), sid.clone());
        }
        out.insert(
            "Effect".into(),
            st.get("effect")
                .cloned()
                .unwrap_or(J::String("Allow".into())),
        );
        for (src, dst) in [
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ] {
            if let Some(x) = st.get(src) {
                out.insert(dst.into(), x.clone());
            }
        }
        for (src, dst) in [
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ] {
            if let Some(J::Array(ps)) = st.get(src) {
                let mut m = Map::new();
                for p in ps {
                    let t = p.get("type").and_then(J::as_str).unwrap_or("AWS");
                    let ids = p.get("identifiers").cloned().unwrap_or(J::Array(vec![]));
                    if t == "*" {
                        out.insert(dst.into(), J::String("*".into()));
                        continue;
                    }
                    m.insert(t.to_string(), ids);
                }
                if !m.is_empty() {
                    out.insert(dst.into(), J::Object(m));
                }
            }
        }
        if let Some(J::Array(conds)) = st.get("condition") {
            let mut ops: Map<String, J> = Map::new();
            for c in conds {
                let (Some(test), Some(var)) = (
                    c.get("test").and_then(J::as_str),
                    c.get("variable").and_then(J::as_str),
                ) else {
                    continue;
                };
                let op = ops
                    .entry(test.to_string())
                    .or_insert_with(|| J::Object(Map::new()));
                if let J::Object(o) = op {
                    o.insert(
                        var.to_string(),
                        c.get("values").cloned().unwrap_or(J::Array(vec![])),
                    );
                }
            }
            out.insert("Condition".into(), J::Object(ops));
        }
        let sid = out.get("Sid").cloned();
        match statements
            .iter_mut()
            .find(|s| sid.is_some() && s.get("Sid") == sid.as_ref())
        {
            Some(existing) => *existing = J::Object(out),
            None => statements.push(J::Object(out)),
        }
    }
    for o in overrides {
        let sid = o.get("Sid").cloned();
        match statements
            .iter_mut()
            .find(|s| sid.is_some() && s.get("Sid") == sid.as_ref())
        {
            Some(existing) => *existing = o,
            None => statements.push(o),
        }
    }
    Some(serde_json::json!({
        "Version": v.get("version").cloned().unwrap_or(J::String("2012-10-17".into())),
        "Statement": statements,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(files: &[(&str, &str)]) -> (Vec<TfResource>, Vec<FileProblem>) {
        let mut c = Config::default();
        for (rel, text) in files {
            c.add_file(rel, text);
        }
        (c.resources(), c.problems)
    }

    #[test]
    fn variables_locals_references_and_count() {
        let (rs, problems) = eval(&[
            (
                "main.tf",
                r#"
variable "env" { default = "dev" }
variable "secret" {}
locals {
  name = "${local.prefix}-data"
  prefix = "acme-${var.env}"
}
resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "${local.name}-${count.index}"
  acl    = var.secret
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b[1].id
  versioning_configuration { status = "Enabled" }
}
"#,
            ),
            ("terraform.tfvars", "env = \"prod\"\n"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rs.len(), 3);
        assert_eq!(rs[0].address, "aws_s3_bucket.b[0]");
        assert_eq!(rs[0].values["bucket"], "acme-prod-data-0");
        assert_eq!(rs[0].values["acl"], UNKNOWN);
        assert_eq!(rs[0].location.start_line, 8);
        assert_eq!(rs[0].location.end_line, 12);
        assert_eq!(rs[2].values["bucket"], "${aws_s3_bucket.b[1].id}");
        assert_eq!(
            rs[2].values["versioning_configuration"][0]["status"],
            "Enabled"
        );
    }

    #[test]
    fn for_each_modules_and_policy_documents() {
        let (rs, _) = eval(&[
            (
                "main.tf",
                r#"
module "store" {
  source = "./modules/store"
  name   = "logs"
}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  for_each = toset(["a", "b"])
  name     = each.key
  policy   = data.aws_iam_policy_document.p.json
}
"#,
            ),
            (
                "modules/store/main.tf",
                "variable \"name\" {}\nresource \"aws_s3_bucket\" \"this\" { bucket = var.name }\n",
            ),
        ]);
        let addrs: Vec<&str> = rs.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            addrs,
            [
                "aws_iam_policy.p[\"a\"]",
                "aws_iam_policy.p[\"b\"]",
                "module.store.aws_s3_bucket.this"
            ]
        );
        assert_eq!(rs[2].values["bucket"], "logs");
        let policy: J = serde_json::from_str(rs[0].values["policy"].as_str().unwrap()).unwrap();
        assert_eq!(policy["Statement"][0]["Principal"], "*");
        assert_eq!(policy["Statement"][0]["Action"][0], "s3:*");
    }

    #[test]
    fn module_calls_repeat_with_count_and_for_each() {
        let module = (
            "modules/store/main.tf",
            "variable \"name\" {}\nvariable \"create\" { default = true }\n\
             resource \"aws_s3_bucket\" \"this\" {\n  count  = var.create ? 1 : 0\n  bucket = var.name\n}\n",
        );
        let (rs, problems) = eval(&[
            (
                "main.tf",
                r#"
variable "create" { default = false }
module "none" {
  source = "./modules/store"
  count  = 0
  name   = "never"
}
module "off" {
  source = "./modules/store"
  for_each = var.create ? { a = "x" } : {}
  name   = each.value
}
module "disabled" {
  source = "./modules/store"
  name   = "disabled"
  create = false
}
module "two" {
  source = "./modules/store"
  count  = 2
  name   = "logs-${count.index}"
}
module "each" {
  source   = "./modules/store"
  for_each = { a = "alpha", b = "beta" }
  name     = each.value
}
module "unknown" {
  source = "./modules/store"
  count  = length(var.nothing)
  name   = "maybe"
}
"#,
            ),
            module,
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<(&str, &J)> = rs
            .iter()
            .map(|r| (r.address.as_str(), &r.values["bucket"]))
            .collect();
        assert_eq!(
            got,
            [
                ("module.two[0].aws_s3_bucket.this[0]", &J::from("logs-0")),
                ("module.two[1].aws_s3_bucket.this[0]", &J::from("logs-1")),
                (
                    "module.each[\"a\"].aws_s3_bucket.this[0]",
                    &J::from("alpha")
                ),
                ("module.each[\"b\"].aws_s3_bucket.this[0]", &J::from("beta")),
                // A repetition that cannot be known is read once, as for a resource.
                ("module.unknown.aws_s3_bucket.this[0]", &J::from("maybe")),
            ]
        );
    }

    #[test]
    fn known_operands_decide_and_or_and_conditionals_as_terraform_does() {
        let (rs, problems) = eval(&[(
            "main.tf",
            r#"
variable "create" { default = false }
variable "on" { default = true }
variable "unset" {}
locals {
  create_role = var.create && var.unset
  always      = (var.on || var.unset)
}
resource "aws_iam_role" "off" {
  count = local.create_role ? 1 : 0
}
resource "aws_iam_role" "off_inline" {
  count = var.unset && var.create ? 1 : 0
}
resource "aws_iam_role" "on" {
  count = local.always ? 1 : 0
}
resource "aws_iam_role" "unknown" {
  count = var.on && var.unset ? 1 : 0
}
"#,
        )]);
        assert!(problems.is_empty(), "{problems:?}");
        let addrs: Vec<&str> = rs.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(addrs, ["aws_iam_role.on[0]", "aws_iam_role.unknown"]);
    }

    #[test]
    fn a_module_called_from_two_roots_gives_two_identities() {
        let call = "module \"m\" {\n  source = \"../modules/m\"\n}\nresource \"aws_s3_bucket\" \"own\" {}\n";
        let (rs, problems) = eval(&[
            ("a/main.tf", call),
            ("b/main.tf", call),
            (
                "modules/m/main.tf",
                "resource \"aws_s3_bucket\" \"this\" {}\n",
            ),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let uids: Vec<String> = rs.iter().map(|r| r.uid("")).collect();
        assert_eq!(
            uids,
            [
                "a/main.tf#aws_s3_bucket.own",
                "modules/m/main.tf#module.m.aws_s3_bucket.this@a",
                "b/main.tf#aws_s3_bucket.own",
                "modules/m/main.tf#module.m.aws_s3_bucket.this@b",
            ]
        );
    }

    #[test]
    fn bad_input_is_a_problem_not_a_crash() {
        let deep = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        let (rs, problems) = eval(&[
            (
                "bad.tf",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n",
            ),
            ("deep.tf", &deep),
            ("ok.tf", "resource \"aws_s3_bucket\" \"ok\" {}\n"),
        ]);
        assert_eq!(rs.len(), 1);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].file, "bad.tf");
        assert!(problems[0].line.is_some());
        assert!(problems[1].reason.contains("nested deeper"));
    }
}
