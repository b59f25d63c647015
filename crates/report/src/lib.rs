//! Writers for scan results: the terminal summary, JSON, CSV, OCSF Detection Findings, SARIF,
//! ASFF, JUnit XML, Markdown and the self-contained HTML report.
//!
//! ```
//! use ais_report::{Summary, Format};
//! let summary = Summary::new(&[]);
//! assert_eq!(summary.total, 0);
//! assert_eq!("ocsf".parse::<Format>().unwrap(), Format::Ocsf);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub mod asff;
pub mod docs;
pub mod html;
pub mod junit;
pub mod markdown;
pub mod sarif;

use ais_checks::Check;
use ais_checks::compliance::FrameworkResult;
use ais_model::{Finding, Severity, Status};
use serde::Serialize;

/// Output file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Csv,
    Ocsf,
    Sarif,
    Asff,
    Junit,
    Markdown,
    Html,
}

impl Format {
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Json => "findings.json",
            Format::Csv => "findings.csv",
            Format::Ocsf => "findings.ocsf.json",
            Format::Sarif => "findings.sarif",
            Format::Asff => "findings.asff.json",
            Format::Junit => "findings.junit.xml",
            Format::Markdown => "report.md",
            Format::Html => "report.html",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "ocsf" | "ocsf-json" => Ok(Format::Ocsf),
            "sarif" => Ok(Format::Sarif),
            "asff" => Ok(Format::Asff),
            "junit" | "junit-xml" => Ok(Format::Junit),
            "md" | "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            other => Err(format!(
                "unknown output format '{other}' (expected json, csv, ocsf, sarif, asff, junit, md or html)"
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {message}")]
    Encode { path: PathBuf, message: String },
}

/// Facts about the scan that every output carries.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ScanMeta {
    pub tool: String,
    pub version: String,
    pub started_at: String,
    pub finished_at: String,
    pub source: String,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub checks_run: usize,
    pub resources: usize,
    /// Ids of the checks the scan ran (a compliance requirement whose checks did not all run
    /// cannot pass).
    #[serde(default)]
    pub check_ids: Vec<String>,
    /// Code blocks that create nothing (`count = 0`, an empty `for_each`), so no check saw them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_created: Vec<ais_model::NotCreated>,
}

/// Everything a report is rendered from: the scan's findings, the checks that produced them
/// (for explanations and remediation) and the compliance results to show.
pub struct ReportData<'a> {
    pub findings: &'a [Finding],
    pub checks: &'a HashMap<String, Arc<Check>>,
    pub meta: &'a ScanMeta,
    pub compliance: &'a [FrameworkResult],
}

/// Counts that the terminal summary and the JSON file share.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub total: usize,
    pub by_status: BTreeMap<String, usize>,
    /// FAIL findings per severity.
    pub failed_by_severity: BTreeMap<String, usize>,
    /// FAIL findings per service.
    pub failed_by_service: BTreeMap<String, usize>,
    /// Checks with at least one FAIL: (check id, severity, failing resources).
    pub failing_checks: Vec<(String, Severity, usize)>,
    /// Findings a mutelist accepted (counted in `by_status` under MUTED, not under their status).
    pub muted: usize,
}

impl Summary {
    pub fn new(findings: &[Finding]) -> Summary {
        let mut s = Summary {
            total: findings.len(),
            ..Default::default()
        };
        let mut failing: HashMap<&str, (Severity, usize)> = HashMap::new();
        for f in findings {
            if f.muted {
                s.muted += 1;
                *s.by_status.entry("MUTED".to_string()).or_default() += 1;
                continue;
            }
            *s.by_status.entry(f.status.to_string()).or_default() += 1;
            if f.status == Status::Fail {
                *s.failed_by_severity
                    .entry(f.severity.to_string())
                    .or_default() += 1;
                *s.failed_by_service.entry(f.service.clone()).or_default() += 1;
                failing.entry(&f.check_id).or_insert((f.severity, 0)).1 += 1;
            }
        }
        s.failing_checks = failing
            .into_iter()
            .map(|(id, (sev, n))| (id.to_string(), sev, n))
            .collect();
        s.failing_checks
            .sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        s
    }

    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(status.as_str()).copied().unwrap_or(0)
    }

    /// The human summary printed on stdout at the end of a scan.
    pub fn render(&self, meta: &ScanMeta) -> String {
        let mut out = String::new();
        let line = |out: &mut String, s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(
            &mut out,
            format!(
                "Scanned {} resources in {} account(s), {} region(s) with {} checks: {} findings",
                meta.resources,
                meta.accounts.len(),
                meta.regions.len(),
                meta.checks_run,
                self.total
            ),
        );
        line(
            &mut out,
            format!(
                "  PASS {}   FAIL {}   MANUAL {}   ERROR {}   MUTED {}",
                self.count(Status::Pass),
                self.count(Status::Fail),
                self.count(Status::Manual),
                self.count(Status::Error),
                self.muted
            ),
        );
        if self.count(Status::Fail) > 0 {
            line(&mut out, String::new());
            line(&mut out, "Failed findings by severity:".into());
            for sev in Severity::ALL {
                if let Some(n) = self.failed_by_severity.get(sev.as_str()) {
                    line(&mut out, format!("  {:<9}{n:>6}", sev.as_str()));
                }
            }
            line(&mut out, String::new());
            line(&mut out, "Failed findings by service:".into());
            let mut services: Vec<_> = self.failed_by_service.iter().collect();
            services.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (svc, n) in services {
                line(&mut out, format!("  {svc:<12}{n:>6}"));
            }
            line(&mut out, String::new());
            line(&mut out, "Failing checks:".into());
            for (id, sev, n) in &self.failing_checks {
                line(&mut out, format!("  {:<9}{n:>5}  {id}", sev.as_str()));
            }
        }
        out
    }
}

/// Escapes text for HTML and XML content and attribute values, dropping the control characters
/// XML 1.0 forbids.
pub fn escape_markup(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>, ReportError> {
    std::fs::File::create(path)
        .map(std::io::BufWriter::new)
        .map_err(|e| ReportError::Io {
            path: path.to_path_buf(),
            source: e,
        })
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ReportError + '_ {
    move |e| ReportError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Writes the requested formats into `dir` and returns the paths written.
pub fn write_all(
    dir: &Path,
    formats: &[Format],
    d: &ReportData,
) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    for f in formats {
        let path = dir.join(f.file_name());
        write_one(&path, *f, d)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes one format to the file at `path`.
pub fn write_one(path: &Path, format: Format, d: &ReportData) -> Result<(), ReportError> {
    let mut w = create(path)?;
    write_to(&mut w, path, format, d)?;
    w.flush().map_err(io(path))
}

/// Writes one format to `w`; `name` (the file, or a label such as `standard output`) names the
/// destination in errors.
pub fn write_to(
    w: &mut dyn Write,
    name: &Path,
    format: Format,
    d: &ReportData,
) -> Result<(), ReportError> {
    match format {
        Format::Json => json_to(
            w,
            name,
            &ResultsDoc {
                scan: d.meta,
                summary: Summary::new(d.findings),
                compliance: d.compliance,
                findings: d.findings,
            },
        ),
        Format::Csv => csv_to(w, name, d.findings),
        Format::Ocsf => json_to(w, name, &OcsfDocs(d)),
        Format::Sarif => json_to(w, name, &sarif::sarif(d.findings, d.checks, d.meta)),
        Format::Asff => {
            // The findings Security Hub can import (those of an AWS account), ready for
            // `BatchImportFindings` in batches of 100.
            let docs: Vec<serde_json::Value> = d
                .findings
                .iter()
                .filter(|f| asff::importable(f))
                .map(|f| asff::finding(f, d.checks.get(&f.check_id).map(|c| c.as_ref()), d.meta))
                .collect();
            json_to(w, name, &docs)
        }
        Format::Junit => w.write_all(junit::render(d).as_bytes()).map_err(io(name)),
        Format::Markdown => w
            .write_all(markdown::render(d).as_bytes())
            .map_err(io(name)),
        Format::Html => w.write_all(html::render(d).as_bytes()).map_err(io(name)),
    }
}

/// Pretty JSON and a final newline.
fn json_to(w: &mut dyn Write, name: &Path, v: &impl Serialize) -> Result<(), ReportError> {
    serde_json::to_writer_pretty(&mut *w, v).map_err(|e| ReportError::Encode {
        path: name.to_path_buf(),
        message: e.to_string(),
    })?;
    w.write_all(b"\n").map_err(io(name))
}

/// The JSON results file: scan metadata, summary counts, compliance results (when asked for)
/// and every finding.
#[derive(Serialize)]
struct ResultsDoc<'a> {
    scan: &'a ScanMeta,
    summary: Summary,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    compliance: &'a [FrameworkResult],
    findings: &'a [Finding],
}

/// The findings' OCSF documents, built one at a time as they are written: a large scan never
/// holds them all in memory at once.
struct OcsfDocs<'a>(&'a ReportData<'a>);

impl Serialize for OcsfDocs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        s.collect_seq(
            d.findings
                .iter()
                .map(|f| ocsf_finding(f, d.checks.get(&f.check_id).map(|c| c.as_ref()), d.meta)),
        )
    }
}

/// A results file written in the JSON format, read back for `ai-security report`.
#[derive(Debug, serde::Deserialize)]
pub struct ResultsFile {
    pub scan: ScanMeta,
    /// The frameworks the file reports on (only which, and whether in detail: their results are
    /// computed again from the findings).
    #[serde(default)]
    pub compliance: Vec<SavedFramework>,
    pub findings: Vec<Finding>,
}

/// A framework entry of a results file.
#[derive(Debug, serde::Deserialize)]
pub struct SavedFramework {
    pub id: String,
    #[serde(default)]
    requirements: Vec<serde::de::IgnoredAny>,
}

impl SavedFramework {
    /// True when the file holds the framework's per-requirement results.
    pub fn is_detailed(&self) -> bool {
        !self.requirements.is_empty()
    }
}

impl ResultsFile {
    pub fn read(path: &Path) -> Result<ResultsFile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not an ai-security findings.json: {e}",
                path.display()
            )
        })
    }
}

/// Per-requirement compliance rows as CSV (one row per framework requirement).
pub const COMPLIANCE_CSV_COLUMNS: &[&str] = &[
    "framework",
    "framework_version",
    "requirement_id",
    "title",
    "section",
    "status",
    "reason",
    "checks",
    "failing_findings",
];

pub fn write_compliance_csv(
    w: &mut dyn Write,
    name: &Path,
    results: &[FrameworkResult],
) -> Result<(), ReportError> {
    let mut c = csv::Writer::from_writer(w);
    let enc = |e: csv::Error| ReportError::Encode {
        path: name.to_path_buf(),
        message: e.to_string(),
    };
    c.write_record(COMPLIANCE_CSV_COLUMNS).map_err(enc)?;
    for fw in results {
        for r in &fw.requirements {
            let checks: Vec<&str> = r.checks.iter().map(|t| t.check_id.as_str()).collect();
            c.write_record([
                fw.id.as_str(),
                &fw.version,
                &r.id,
                &r.title,
                &r.section,
                r.status.as_str(),
                &r.reason,
                &checks.join(" "),
                &r.failing_findings.len().to_string(),
            ])
            .map_err(enc)?;
        }
    }
    c.flush().map_err(io(name))
}

/// CSV columns, in order. Stable: new columns are only ever appended.
pub const CSV_COLUMNS: &[&str] = &[
    "fingerprint",
    "status",
    "severity",
    "check_id",
    "check_title",
    "service",
    "account",
    "region",
    "resource_kind",
    "resource_uid",
    "resource_name",
    "status_extended",
    "remediation",
    "compliance",
    "muted",
    "mute_reason",
    "file",
    "start_line",
    "end_line",
    "evidence",
];

fn csv_to(w: &mut dyn Write, name: &Path, findings: &[Finding]) -> Result<(), ReportError> {
    let mut c = csv::Writer::from_writer(w);
    let enc = |e: csv::Error| ReportError::Encode {
        path: name.to_path_buf(),
        message: e.to_string(),
    };
    c.write_record(CSV_COLUMNS).map_err(enc)?;
    for f in findings {
        let (file, start, end) = match &f.location {
            Some(l) => (
                l.file.as_str(),
                l.start_line.to_string(),
                l.end_line.to_string(),
            ),
            None => ("", String::new(), String::new()),
        };
        c.write_record([
            f.fingerprint.as_str(),
            f.status.as_str(),
            f.severity.as_str(),
            &f.check_id,
            &f.check_title,
            &f.service,
            &f.account,
            &f.region,
            &f.resource_kind,
            &f.resource_uid,
            &f.resource_name,
            &f.status_extended,
            &f.remediation,
            &f.compliance.join(" "),
            if f.muted { "true" } else { "false" },
            f.mute_reason.as_deref().unwrap_or(""),
            file,
            &start,
            &end,
            &if f.evidence.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&f.evidence).unwrap_or_default()
            },
        ])
        .map_err(enc)?;
    }
    c.flush().map_err(io(name))
}

fn ocsf_severity(s: Severity) -> (u8, &'static str) {
    match s {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// One finding as an OCSF 1.3 Detection Finding (class 2004).
pub fn ocsf_finding(f: &Finding, check: Option<&Check>, meta: &ScanMeta) -> serde_json::Value {
    let (sev_id, sev) = ocsf_severity(f.severity);
    let time = chrono::DateTime::parse_from_rfc3339(&meta.finished_at)
        .map(|t| t.timestamp_millis())
        .unwrap_or(0);
    let (status_id, status) = match (f.muted, f.status) {
        (true, _) => (3, "Suppressed"),
        (false, Status::Pass) => (4, "Resolved"),
        (false, _) => (1, "New"),
    };
    let mut v = serde_json::json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2004,
        "class_name": "Detection Finding",
        "type_uid": 200401,
        "type_name": "Detection Finding: Create",
        "severity_id": sev_id,
        "severity": sev,
        "status_id": status_id,
        "status": status,
        "status_code": f.status.as_str(),
        "status_detail": f.status_extended,
        "message": f.status_extended,
        "time": time,
        "time_dt": meta.finished_at,
        "finding_info": {
            "uid": f.fingerprint,
            "title": f.check_title,
            "desc": check.map(|c| c.description.as_str()).unwrap_or(""),
            "types": [f.service.as_str()],
            "created_time": time,
        },
        "metadata": {
            "version": "1.3.0",
            "event_code": f.check_id,
            "profiles": ["cloud", "datetime"],
            "product": {
                "name": meta.tool,
                "vendor_name": meta.tool,
                "version": meta.version,
            },
        },
        "cloud": {
            "provider": "AWS",
            "region": f.region,
            "account": { "uid": f.account, "type": "AWS Account", "type_id": 10 },
        },
        "resources": [{
            "uid": f.resource_uid,
            "name": f.resource_name,
            "region": f.region,
            "type": f.resource_kind,
            "cloud_partition": "aws",
            "labels": f.resource_tags.iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>(),
        }],
        "remediation": {
            "desc": f.remediation,
            "references": check.map(|c| c.references.clone()).unwrap_or_default(),
        },
        "unmapped": {
            "compliance": f.compliance,
            "mute_reason": f.mute_reason,
            "evidence": f.evidence,
        },
    });
    if let Some(l) = &f.location {
        // A finding in a file has no cloud account or region: no `cloud` object or profile.
        if f.account.is_empty() {
            if let Some(o) = v.as_object_mut() {
                o.remove("cloud");
            }
            v["metadata"]["profiles"] = serde_json::json!(["datetime"]);
        }
        // Where a file finding is written, as OCSF describes affected code.
        if let Some(r) = v["resources"][0].as_object_mut() {
            r.remove("cloud_partition");
            if f.account.is_empty() {
                // `region` on a resource belongs to the cloud profile.
                r.remove("region");
            }
            r.insert(
                "data".into(),
                serde_json::json!({ "affected_code": {
                    "file": { "path": l.file, "name": l.file.rsplit('/').next().unwrap_or(&l.file) },
                    "start_line": l.start_line,
                    "end_line": l.end_line,
                } }),
            );
        }
    }
    if let Some(c) = check {
        v["risk_details"] = c.risk.clone().into();
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(check: &str, sev: Severity, status: Status) -> Finding {
        Finding {
            fingerprint: ais_model::fingerprint(check, "arn:x"),
            check_id: check.into(),
            check_title: "T".into(),
            severity: sev,
            status,
            status_extended: "msg, with \"quotes\"".into(),
            service: "s3".into(),
            resource_kind: "aws.s3.bucket".into(),
            resource_uid: "arn:x".into(),
            resource_name: "x".into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
            resource_tags: Default::default(),
            remediation: "fix it".into(),
            compliance: vec![],
            muted: false,
            mute_reason: None,
            location: None,
            evidence: Default::default(),
        }
    }

    fn meta() -> ScanMeta {
        ScanMeta {
            tool: "ai-security".into(),
            version: "0".into(),
            started_at: "2026-01-01T00:00:00Z".into(),
            finished_at: "2026-01-01T00:00:01Z".into(),
            source: "test".into(),
            accounts: vec!["123456789012".into()],
            regions: vec!["us-east-1".into()],
            checks_run: 2,
            resources: 1,
            check_ids: vec![],
            not_created: Vec::new(),
        }
    }

    #[test]
    fn summary_counts_and_orders_failing_checks() {
        let f = vec![
            finding("a", Severity::Low, Status::Fail),
            finding("b", Severity::Critical, Status::Fail),
            finding("c", Severity::High, Status::Pass),
            finding("d", Severity::High, Status::Error),
        ];
        let s = Summary::new(&f);
        assert_eq!(s.count(Status::Fail), 2);
        assert_eq!(s.failing_checks[0].0, "b");
        let text = s.render(&meta());
        assert!(
            text.contains("FAIL 2") && text.contains("ERROR 1"),
            "{text}"
        );
        assert!(text.contains("critical") && text.contains("s3"));
    }

    #[test]
    fn files_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let f = vec![finding("a", Severity::Low, Status::Fail)];
        let checks = HashMap::new();
        let m = meta();
        let d = ReportData {
            findings: &f,
            checks: &checks,
            meta: &m,
            compliance: &[],
        };
        let paths = write_all(dir.path(), &[Format::Json, Format::Csv, Format::Ocsf], &d).unwrap();
        assert_eq!(paths.len(), 3);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&paths[0]).unwrap()).unwrap();
        assert_eq!(json["findings"][0]["check_id"], "a");
        assert_eq!(json["summary"]["by_status"]["FAIL"], 1);
        let mut rdr = csv::Reader::from_path(&paths[1]).unwrap();
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            CSV_COLUMNS
        );
        let row = rdr.records().next().unwrap().unwrap();
        assert_eq!(&row[11], "msg, with \"quotes\"");
        let ocsf: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&paths[2]).unwrap()).unwrap();
        assert_eq!(ocsf[0]["class_uid"], 2004);
        assert_eq!(ocsf[0]["metadata"]["event_code"], "a");
        assert_eq!(ocsf[0]["status_code"], "FAIL");
        assert_eq!(ocsf[0]["resources"][0]["uid"], "arn:x");
    }
}
