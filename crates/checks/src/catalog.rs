//! Loading and validating checks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use ais_model::Severity;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cel_support::{self, Compiled};
use crate::framework::Framework;
use crate::{CatalogError, embedded};

/// How much a check costs to run: `quick` ⊂ `standard` ⊂ `deep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Quick,
    Standard,
    Deep,
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "quick" => Ok(Level::Quick),
            "standard" => Ok(Level::Standard),
            "deep" => Ok(Level::Deep),
            o => Err(format!(
                "unknown level '{o}' (expected quick, standard or deep)"
            )),
        }
    }
}

/// Lifecycle of a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    #[default]
    Stable,
    Preview,
    Deprecated,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cli: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudformation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Remediation {
    /// The code snippets that are set, in display order: (label, code-fence language, text).
    pub fn snippets(&self) -> Vec<(&'static str, &'static str, &str)> {
        [
            ("AWS CLI", "sh", &self.cli),
            ("Terraform", "hcl", &self.terraform),
            ("CloudFormation", "yaml", &self.cloudformation),
            ("Fix", "", &self.fix),
        ]
        .into_iter()
        .filter_map(|(label, lang, text)| text.as_deref().map(|t| (label, lang, t)))
        .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Pass,
    Fail,
    Manual,
    /// The check's `when` excludes the resource.
    Skip,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub expect: Expect,
    /// The resource's properties, as a collector would produce them.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub resource: serde_json::Value,
    /// Or Terraform code that declares it (adapted by the IaC scanner, tested there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<String>,
    /// Or a CloudFormation template that declares it (likewise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudformation: Option<String>,
    /// For a failing example of a check with `locate`: the lines it must point at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<i64>>,
}

impl Example {
    /// A resource given as model properties (not as code for the IaC adapters).
    pub fn is_model(&self) -> bool {
        self.terraform.is_none() && self.cloudformation.is_none()
    }
}

/// The YAML form of a check.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckFile {
    id: String,
    title: String,
    severity: Severity,
    kind: String,
    level: Level,
    #[serde(default)]
    status: CheckStatus,
    #[serde(default)]
    when: Option<String>,
    #[serde(rename = "assert")]
    assertion: String,
    /// For resources read from files: a CEL expression giving the line numbers a failure points
    /// at (a list of ints, lists of lists are flattened).
    #[serde(default)]
    locate: Option<String>,
    message: String,
    description: String,
    risk: String,
    remediation: Remediation,
    references: Vec<String>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    examples: Vec<Example>,
}

/// A check's expressions, compiled.
#[derive(Debug)]
pub(crate) struct Programs {
    pub(crate) assert: Compiled,
    pub(crate) when: Option<Compiled>,
    pub(crate) locate: Option<Compiled>,
}

/// A loaded, validated check. Its expressions are compiled when the catalog is loaded from user
/// files, and on first use for the embedded catalog (whose expressions the catalog test compiles
/// and validates), so a scan compiles only the checks of the kinds it found.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub kind: String,
    pub service: String,
    pub level: Level,
    pub status: CheckStatus,
    pub when: Option<String>,
    #[serde(rename = "assert")]
    pub assertion: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locate: Option<String>,
    pub message: String,
    pub description: String,
    pub risk: String,
    pub remediation: Remediation,
    pub references: Vec<String>,
    pub aliases: BTreeMap<String, Vec<String>>,
    pub examples: Vec<Example>,
    /// Where the check came from (`embedded:aws/s3/x.yaml` or a file path).
    pub source: String,
    /// Framework requirement ids that this check decides, as `framework-id:requirement-id`.
    pub compliance: Vec<String>,
    /// The compiled expressions, or why they do not compile; shared by clones.
    #[serde(skip)]
    pub(crate) programs: Arc<OnceLock<Result<Programs, String>>>,
}

impl Check {
    /// The expression sources in compilation order: assert, then `when` and `locate` if present.
    fn sources(&self) -> Vec<String> {
        let mut v = vec![self.assertion.clone()];
        v.extend(self.when.clone());
        v.extend(self.locate.clone());
        v
    }

    /// Builds the programs from one compilation result per [`Check::sources`] entry, checking
    /// every path read against the kind's schema when one is given.
    fn assemble(
        &self,
        results: &mut impl Iterator<Item = Result<Compiled, String>>,
        schema: Option<&serde_json::Value>,
    ) -> Result<Programs, String> {
        let mut problems = Vec::new();
        let mut validate = |label: &str, r: Option<Result<Compiled, String>>| match r {
            None => {
                problems.push(format!("{label}: not compiled"));
                None
            }
            Some(Err(e)) => {
                problems.push(format!("{label}: {e}"));
                None
            }
            Some(Ok(comp)) => {
                if let Some(schema) = schema {
                    for p in &comp.paths {
                        if let Err(e) = cel_support::validate_path(schema, p) {
                            problems.push(format!("{label}: {e} in kind {}", self.kind));
                        }
                    }
                }
                Some(comp)
            }
        };
        let assert = validate("assert", results.next());
        let when = self
            .when
            .as_ref()
            .and_then(|_| validate("when", results.next()));
        let locate = self
            .locate
            .as_ref()
            .and_then(|_| validate("locate", results.next()));
        match assert {
            Some(assert) if problems.is_empty() => Ok(Programs {
                assert,
                when,
                locate,
            }),
            _ => Err(problems.join("; ")),
        }
    }

    /// The compiled expressions, compiling them now if no scan has (see [`compile_pending`]).
    pub(crate) fn programs(&self) -> Result<&Programs, &str> {
        if self.programs.get().is_none() {
            compile_pending(&[self]);
        }
        self.programs
            .get()
            .expect("compile_pending sets every check it is given")
            .as_ref()
            .map_err(String::as_str)
    }

    /// Every resource path the check reads, in `resource.a.b` form.
    pub fn fields(&self) -> Vec<String> {
        let Ok(p) = self.programs() else {
            return Vec::new();
        };
        let mut all: Vec<String> = p
            .assert
            .paths
            .iter()
            .chain(p.when.iter().flat_map(|w| w.paths.iter()))
            .chain(p.locate.iter().flat_map(|w| w.paths.iter()))
            .map(|p| cel_support::display_path(p))
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Top-level resource properties the check reads.
    pub(crate) fn top_level_fields(&self) -> Vec<&str> {
        let Ok(p) = self.programs() else {
            return Vec::new();
        };
        let mut v: Vec<&str> = p
            .assert
            .paths
            .iter()
            .chain(p.when.iter().flat_map(|w| w.paths.iter()))
            .filter_map(|p| p.first().map(String::as_str))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The one-line message with `{name}`, `{uid}`, `{region}`, `{account}` filled in.
    pub fn render_message(&self, name: &str, uid: &str, region: &str, account: &str) -> String {
        self.message
            .replace("{name}", name)
            .replace("{uid}", uid)
            .replace("{region}", region)
            .replace("{account}", account)
    }
}

/// Which checks a scan runs.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these check ids (empty: all).
    pub ids: Vec<String>,
    /// Only these services (empty: all).
    pub services: Vec<String>,
    /// Only these severities (empty: all).
    pub severities: Vec<Severity>,
    /// Highest level to include (default: standard).
    pub level: Option<Level>,
    /// Only checks mapped to one of these frameworks (empty: all).
    pub frameworks: Vec<String>,
}

/// Compiles, in parallel on big-stack threads, those of `checks` not compiled yet.
pub(crate) fn compile_pending(checks: &[&Check]) {
    let pending: Vec<&Check> = checks
        .iter()
        .copied()
        .filter(|c| c.programs.get().is_none())
        .collect();
    if pending.is_empty() {
        return;
    }
    let sources: Vec<String> = pending.iter().flat_map(|c| c.sources()).collect();
    let mut results = cel_support::compile_all(sources).into_iter();
    for c in pending {
        let programs = c.assemble(&mut results, None);
        // A check listed twice, or compiled meanwhile by another thread, keeps its first result.
        let _ = c.programs.set(programs);
    }
}

/// All loaded checks and frameworks.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub checks: Vec<Arc<Check>>,
    pub frameworks: Vec<Framework>,
}

impl Catalog {
    /// The checks and frameworks built into the binary. Their expressions are compiled when a
    /// scan first needs them: the catalog test proves they all compile
    /// ([`Catalog::embedded_strict`]).
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::load(
            embedded_sources(embedded::EMBEDDED_CHECKS, "checks"),
            embedded_frameworks(),
            false,
        )
    }

    /// The embedded catalog with every expression compiled and every path it reads checked
    /// against its kind's schema now, as for user checks.
    pub fn embedded_strict() -> Result<Catalog, CatalogError> {
        Catalog::load(
            embedded_sources(embedded::EMBEDDED_CHECKS, "checks"),
            embedded_frameworks(),
            true,
        )
    }

    /// The embedded catalog plus every `*.yaml` / `*.yml` check below `dir`.
    pub fn with_checks_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut checks = embedded_sources(embedded::EMBEDDED_CHECKS, "checks");
        let meta = std::fs::metadata(dir).map_err(|e| CatalogError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        if !meta.is_dir() {
            return Err(CatalogError::invalid(
                dir.display().to_string(),
                "--checks-dir must be a directory",
            ));
        }
        let mut files = Vec::new();
        walk(dir, &mut files, 0)?;
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| CatalogError::Io {
                path: f.clone(),
                source: e,
            })?;
            checks.push(Src::text(f.display().to_string(), text));
        }
        Catalog::load(checks, embedded_frameworks(), true)
    }

    /// Parses, validates and compiles checks given as (origin, YAML text) pairs.
    pub fn from_sources(
        checks: Vec<(String, String)>,
        frameworks: Vec<(String, String)>,
    ) -> Result<Catalog, CatalogError> {
        let to_src = |v: Vec<(String, String)>| -> Vec<Src> {
            v.into_iter().map(|(o, t)| Src::text(o, t)).collect()
        };
        Catalog::load(to_src(checks), to_src(frameworks), true)
    }

    /// `strict` compiles every expression and checks the paths it reads now; otherwise a check
    /// is compiled when first needed.
    fn load(checks: Vec<Src>, frameworks: Vec<Src>, strict: bool) -> Result<Catalog, CatalogError> {
        let mut errors = Vec::new();
        let mut parsed = Vec::new();
        let results: Vec<Result<(String, CheckFile), CatalogError>> = checks
            .into_par_iter()
            .map(|src| parse_check_file(&src.origin, &src.text, src.json).map(|c| (src.origin, c)))
            .collect();
        for r in results {
            match r {
                Ok(p) => parsed.push(p),
                Err(e) => errors.push(e),
            }
        }
        let mut out: Vec<Arc<Check>> = Vec::new();
        let mut seen = HashSet::new();
        for (origin, c) in parsed {
            let mut problems = Vec::new();
            if ais_model::kind_info(&c.kind).is_none() {
                let known: Vec<_> = ais_model::registry().iter().map(|k| k.kind).collect();
                problems.push(format!(
                    "unknown kind `{}` (known kinds: {})",
                    c.kind,
                    known.join(", ")
                ));
            }
            if !seen.insert(c.id.clone()) {
                problems.push(format!("duplicate check id `{}`", c.id));
            }
            if !problems.is_empty() {
                errors.push(CatalogError::invalid(
                    &origin,
                    format!("check `{}`: {}", c.id, problems.join("; ")),
                ));
                continue;
            }
            out.push(Arc::new(Check {
                service: ais_model::service_of(&c.kind).to_string(),
                id: c.id,
                title: c.title,
                severity: c.severity,
                kind: c.kind,
                level: c.level,
                status: c.status,
                when: c.when,
                assertion: c.assertion,
                locate: c.locate,
                message: c.message,
                description: c.description,
                risk: c.risk,
                remediation: c.remediation,
                references: c.references,
                aliases: c.aliases,
                examples: c.examples,
                source: origin,
                compliance: Vec::new(),
                programs: Arc::default(),
            }));
        }
        if strict {
            // Compile every expression now, on big-stack threads, and check each path it reads
            // against the kind's schema (one schema per kind, not per check).
            let sources: Vec<String> = out.iter().flat_map(|c| c.sources()).collect();
            let mut results = cel_support::compile_all(sources).into_iter();
            let mut schemas: HashMap<String, Option<serde_json::Value>> = HashMap::new();
            for c in &out {
                let schema = schemas
                    .entry(c.kind.clone())
                    .or_insert_with(|| ais_model::kind_info(&c.kind).map(|k| (k.schema)()));
                let programs = c.assemble(&mut results, schema.as_ref());
                if let Err(e) = &programs {
                    errors.push(CatalogError::invalid(
                        &c.source,
                        format!("check `{}`: {e}", c.id),
                    ));
                }
                let _ = c.programs.set(programs);
            }
        }
        let mut fws = Vec::new();
        for src in frameworks {
            match Framework::parse_src(&src.origin, &src.text, src.json) {
                Ok(f) => fws.push(f),
                Err(e) => errors.push(e),
            }
        }
        // Every framework reference must resolve; link the checks back to their requirements.
        let ids: HashSet<&str> = out.iter().map(|c| c.id.as_str()).collect();
        let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &fws {
            for r in &f.requirements {
                for cid in &r.checks {
                    if !ids.contains(cid.as_str()) {
                        errors.push(CatalogError::invalid(
                            &f.source,
                            format!("requirement {} refers to unknown check `{cid}`", r.id),
                        ));
                    }
                    links
                        .entry(cid.clone())
                        .or_default()
                        .push(format!("{}:{}", f.id, r.id));
                }
            }
        }
        if !errors.is_empty() {
            return Err(CatalogError::many(errors));
        }
        for c in &mut out {
            if let Some(l) = links.remove(&c.id) {
                Arc::make_mut(c).compliance = l;
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Catalog {
            checks: out,
            frameworks: fws,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Check>> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The checks a scan with these options runs.
    pub fn select(&self, sel: &Selection) -> Vec<Arc<Check>> {
        let level = sel.level.unwrap_or(Level::Standard);
        self.checks
            .iter()
            .filter(|c| {
                // Naming a check runs it whatever its level.
                if !sel.ids.is_empty() {
                    return sel.ids.iter().any(|i| i == &c.id);
                }
                c.level <= level && c.status != CheckStatus::Deprecated
            })
            .filter(|c| sel.services.is_empty() || sel.services.iter().any(|s| s == &c.service))
            .filter(|c| sel.severities.is_empty() || sel.severities.contains(&c.severity))
            .filter(|c| {
                sel.frameworks.is_empty()
                    || c.compliance.iter().any(|l| {
                        sel.frameworks
                            .iter()
                            .any(|f| l.split(':').next() == Some(f.as_str()))
                    })
            })
            .cloned()
            .collect()
    }
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>, depth: usize) -> Result<(), CatalogError> {
    if depth > 16 {
        return Err(CatalogError::invalid(
            dir.display().to_string(),
            "directory nesting deeper than 16 levels (a symlink loop?)",
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| CatalogError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    for e in entries {
        let e = e.map_err(|e| CatalogError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let p = e.path();
        if p.is_dir() {
            walk(&p, out, depth + 1)?;
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Largest check file accepted (a check is a few KiB; anything bigger is a mistake).
const MAX_CHECK_BYTES: usize = 256 * 1024;

/// One file to load: where it came from, its YAML text, and for embedded files the same
/// document as JSON (read first: it is much faster to parse).
pub(crate) struct Src {
    pub(crate) origin: String,
    pub(crate) text: std::borrow::Cow<'static, str>,
    pub(crate) json: Option<&'static str>,
}

impl Src {
    fn text(origin: String, text: String) -> Src {
        Src {
            origin,
            text: text.into(),
            json: None,
        }
    }
}

fn embedded_sources(files: &'static [crate::Embedded], dir: &str) -> Vec<Src> {
    files
        .iter()
        .map(|e| Src {
            origin: format!("embedded:{dir}/{}", e.path),
            text: e.yaml.into(),
            json: e.json,
        })
        .collect()
}

fn embedded_frameworks() -> Vec<Src> {
    embedded_sources(embedded::EMBEDDED_FRAMEWORKS, "frameworks")
}

fn parse_check_file(
    origin: &str,
    text: &str,
    json: Option<&str>,
) -> Result<CheckFile, CatalogError> {
    if text.len() > MAX_CHECK_BYTES {
        return Err(CatalogError::invalid(
            origin,
            format!(
                "file is {} bytes; a check file may be at most {MAX_CHECK_BYTES}",
                text.len()
            ),
        ));
    }
    let from_json = json.and_then(|j| serde_json::from_str::<CheckFile>(j).ok());
    let c: CheckFile = match from_json {
        Some(c) => Ok(c),
        None => serde_norway::from_str(text),
    }
    .map_err(|e| {
        let loc = e
            .location()
            .map(|l| format!("line {} column {}: ", l.line(), l.column()))
            .unwrap_or_default();
        CatalogError::invalid(origin, format!("{loc}{e}"))
    })?;
    let mut problems = Vec::new();
    if c.id.is_empty()
        || !c
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
    {
        problems.push(format!("id `{}` must match [a-z0-9_]+", c.id));
    }
    if origin.starts_with("embedded:") {
        // checks/<provider>/<service>/<id>.yaml, the provider and service from the kind.
        let expected = format!(
            "embedded:checks/{}/{}/{}.yaml",
            c.kind.split('.').next().unwrap_or_default(),
            ais_model::service_of(&c.kind),
            c.id
        );
        if origin != expected {
            problems.push(format!("file must be at {expected}"));
        }
    }
    for (field, v) in [
        ("title", &c.title),
        ("message", &c.message),
        ("description", &c.description),
        ("risk", &c.risk),
        ("remediation.text", &c.remediation.text),
    ] {
        if v.trim().is_empty() {
            problems.push(format!("`{field}` is empty"));
        }
    }
    if c.references.is_empty() {
        problems.push("`references` is empty".to_string());
    }
    let model: Vec<&Example> = c
        .examples
        .iter()
        .filter(|e| e.terraform.is_none())
        .collect();
    if !model.iter().any(|e| e.expect == Expect::Pass)
        || !model.iter().any(|e| e.expect == Expect::Fail)
    {
        problems.push("`examples` needs at least one `pass` and one `fail` resource".to_string());
    }
    for (i, e) in c.examples.iter().enumerate() {
        let forms = [
            !e.resource.is_null(),
            e.terraform.is_some(),
            e.cloudformation.is_some(),
        ];
        if forms.iter().filter(|f| **f).count() != 1 {
            problems.push(format!(
                "example #{} needs exactly one of `resource`, `terraform` and `cloudformation`",
                i + 1
            ));
        }
    }
    if !problems.is_empty() {
        return Err(CatalogError::invalid(
            origin,
            format!("check `{}`: {}", c.id, problems.join("; ")),
        ));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, example_resource};
    use ais_model::{Inventory, Status};

    const CHECK: &str = r#"
id: custom_bucket_tagged
title: Bucket has an owner tag
severity: low
kind: aws.s3.bucket
level: quick
assert: "'owner' in resource.tags"
message: "Bucket {name} has no owner tag"
description: Checks the owner tag.
risk: Buckets without an owner are never reviewed.
remediation: { text: Tag the bucket with its owner. }
references: [https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html]
examples:
  - { expect: pass, resource: { name: a, tags: { owner: sec } } }
  - { expect: fail, resource: { name: a, tags: {} } }
"#;

    fn lazy(text: &str) -> Catalog {
        Catalog::load(
            vec![Src::text("custom/x.yaml".into(), text.into())],
            vec![],
            false,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn inventory(names: &[&str]) -> Inventory {
        let mut inv = Inventory::default();
        for n in names {
            inv.resources.push(example_resource(
                "aws.s3.bucket",
                &serde_json::json!({ "name": n, "uid": n, "tags": {} }),
            ));
        }
        inv
    }

    #[test]
    fn a_lazy_catalog_compiles_only_the_kinds_a_scan_finds() {
        let cat = lazy(CHECK);
        assert!(cat.checks[0].programs.get().is_none());
        let engine = Engine::new(&cat.checks);
        assert!(engine.evaluate(&inventory(&[])).is_empty());
        assert!(
            cat.checks[0].programs.get().is_none(),
            "no bucket in the inventory: nothing to compile"
        );
        let findings = engine.evaluate(&inventory(&["a", "b"]));
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert!(matches!(cat.checks[0].programs.get(), Some(Ok(_))));
        assert_eq!(cat.checks[0].fields(), vec!["resource.tags"]);
    }

    #[test]
    fn a_lazy_check_that_does_not_compile_is_an_error_on_each_resource_not_a_crash() {
        let cat = lazy(&CHECK.replace("'owner' in resource.tags", "resource.tags =="));
        let findings = Engine::new(&cat.checks).evaluate(&inventory(&["a"]));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Error);
        assert!(
            findings[0].status_extended.contains("does not compile")
                && findings[0].status_extended.contains("invalid CEL"),
            "{}",
            findings[0].status_extended
        );
        // The strict load of the same text refuses it.
        let strict = Catalog::load(
            vec![Src::text(
                "custom/x.yaml".into(),
                CHECK.replace("'owner' in resource.tags", "resource.tags =="),
            )],
            vec![],
            true,
        );
        assert!(strict.is_err());
    }
}
