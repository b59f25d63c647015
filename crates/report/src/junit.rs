//! JUnit XML: one test case per check and resource, one test suite per service, so CI systems
//! list every failing resource as a failed test. FAIL is a `failure`, ERROR an `error`, MANUAL and
//! muted findings are `skipped` (with the reason).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ais_model::{Finding, Status};

use crate::{ReportData, escape_markup as xml};

pub fn render(d: &ReportData) -> String {
    let mut suites: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in d.findings {
        suites.entry(f.service.as_str()).or_default().push(f);
    }
    let count =
        |fs: &[&Finding], pred: &dyn Fn(&Finding) -> bool| fs.iter().filter(|f| pred(f)).count();
    let all: Vec<&Finding> = d.findings.iter().collect();
    let failures = |f: &Finding| f.status == Status::Fail && !f.muted;
    let errors = |f: &Finding| f.status == Status::Error && !f.muted;
    let skipped = |f: &Finding| f.muted || f.status == Status::Manual;
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        o,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" timestamp=\"{}\">",
        xml(&d.meta.tool),
        all.len(),
        count(&all, &failures),
        count(&all, &errors),
        count(&all, &skipped),
        xml(&d.meta.finished_at)
    );
    for (service, fs) in &suites {
        let _ = writeln!(
            o,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            xml(service),
            fs.len(),
            count(fs, &failures),
            count(fs, &errors),
            count(fs, &skipped)
        );
        for f in fs {
            let file = f
                .location
                .as_ref()
                .map(|l| format!(" file=\"{}\" line=\"{}\"", xml(&l.file), l.start_line))
                .unwrap_or_default();
            let _ = write!(
                o,
                "    <testcase classname=\"{}\" name=\"{}\"{file}>",
                xml(&f.check_id),
                xml(&format!("{} ({})", f.resource_name, f.resource_uid))
            );
            let body = format!(
                "{}\nSeverity: {}\nResource: {}\nAccount: {} Region: {}\nRemediation: {}",
                f.status_extended, f.severity, f.resource_uid, f.account, f.region, f.remediation
            );
            if f.muted {
                let _ = write!(
                    o,
                    "<skipped message=\"muted: {}\"/>",
                    xml(f.mute_reason.as_deref().unwrap_or(""))
                );
            } else {
                match f.status {
                    Status::Pass => {}
                    Status::Fail => {
                        let _ = write!(
                            o,
                            "<failure message=\"{}\" type=\"{}\">{}</failure>",
                            xml(&f.status_extended),
                            f.severity,
                            xml(&body)
                        );
                    }
                    Status::Error => {
                        let _ = write!(
                            o,
                            "<error message=\"{}\" type=\"ERROR\">{}</error>",
                            xml(&f.status_extended),
                            xml(&body)
                        );
                    }
                    Status::Manual => {
                        let _ = write!(
                            o,
                            "<skipped message=\"MANUAL: {}\"/>",
                            xml(&f.status_extended)
                        );
                    }
                }
            }
            o.push_str("</testcase>\n");
        }
        o.push_str("  </testsuite>\n");
    }
    o.push_str("</testsuites>\n");
    o
}
