//! The Markdown report: the same content as the HTML report, for pull requests, wikis and
//! tickets.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ais_model::{Finding, Severity, Status};

use crate::{ReportData, Summary};

/// Escapes text for a Markdown table cell or paragraph.
fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

fn score(s: Option<f64>) -> String {
    s.map_or("not assessed".to_string(), |v| format!("{v:.1}%"))
}

pub fn render(d: &ReportData) -> String {
    let s = Summary::new(d.findings);
    let m = d.meta;
    let mut o = String::new();
    let _ = writeln!(o, "# Security assessment report\n");
    let _ = writeln!(
        o,
        "- **Scope:** {}\n- **Accounts:** {}\n- **Regions:** {}\n- **Scan:** {} to {}\n- **Tool:** {} {}\n",
        md(&m.source),
        if m.accounts.is_empty() {
            "—".to_string()
        } else {
            md(&m.accounts.join(", "))
        },
        m.regions.len(),
        md(&m.started_at),
        md(&m.finished_at),
        md(&m.tool),
        md(&m.version)
    );
    let fail = s.count(Status::Fail);
    let _ = writeln!(o, "## Executive summary\n");
    let _ = writeln!(
        o,
        "{} resources, {} checks: **{fail} failing findings** from {} checks; {} manual, {} error, {} muted.\n",
        m.resources,
        m.checks_run,
        s.failing_checks.len(),
        s.count(Status::Manual),
        s.count(Status::Error),
        s.muted
    );
    o.push_str("| Severity | Failing findings |\n| --- | ---: |\n");
    for sev in Severity::ALL {
        let _ = writeln!(
            o,
            "| {} | {} |",
            sev.as_str(),
            s.failed_by_severity.get(sev.as_str()).copied().unwrap_or(0)
        );
    }
    o.push('\n');
    if !d.compliance.is_empty() {
        o.push_str("## Compliance overview\n\n| Framework | Pass | Fail | Manual | Requirements | Score |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for fw in d.compliance {
            let _ = writeln!(
                o,
                "| {} {} (`{}`) | {} | {} | {} | {} | {} |",
                md(&fw.name),
                md(&fw.version),
                fw.id,
                fw.score.pass,
                fw.score.fail,
                fw.score.manual,
                fw.score.total(),
                score(fw.score.score)
            );
        }
        o.push_str("\nThe score counts decided requirements only (PASS / (PASS + FAIL)); MANUAL requirements are counted apart.");
        if d.compliance.iter().any(|f| !f.is_detailed()) {
            o.push_str(" Per-requirement results: scan with `--compliance ID`, or run `ai-security report --framework ID` on this scan's `findings.json`.");
        }
        o.push_str("\n\n");
    }
    for fw in d.compliance.iter().filter(|f| f.is_detailed()) {
        let _ = writeln!(
            o,
            "## Compliance: {} {}\n\nScore **{}** ({} pass, {} fail, {} manual of {} requirements; the score counts decided requirements only).\n",
            md(&fw.name),
            md(&fw.version),
            score(fw.score.score),
            fw.score.pass,
            fw.score.fail,
            fw.score.manual,
            fw.score.total()
        );
        o.push_str(
            "| Section | Pass | Fail | Manual | Score |\n| --- | ---: | ---: | ---: | ---: |\n",
        );
        for sec in &fw.sections {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                md(&sec.section),
                sec.score.pass,
                sec.score.fail,
                sec.score.manual,
                score(sec.score.score)
            );
        }
        o.push_str("\n| Requirement | Title | Status | Reason | Checks |\n| --- | --- | --- | --- | --- |\n");
        for r in &fw.requirements {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                md(&r.id),
                md(&r.title),
                r.status.as_str(),
                md(&r.reason),
                md(&r
                    .checks
                    .iter()
                    .map(|c| c.check_id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "))
            );
        }
        o.push('\n');
    }
    let mut by_check: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in d
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail && !f.muted)
    {
        by_check.entry(f.check_id.as_str()).or_default().push(f);
    }
    let _ = writeln!(o, "## Failing checks\n");
    if by_check.is_empty() {
        o.push_str("None.\n");
    }
    for (id, sev, _) in &s.failing_checks {
        let Some(fs) = by_check.get(id.as_str()) else {
            continue;
        };
        let check = d.checks.get(id);
        let _ = writeln!(
            o,
            "### {} `{}` ({})\n",
            md(check
                .map(|c| c.title.as_str())
                .unwrap_or(&fs[0].check_title)),
            id,
            sev.as_str()
        );
        if let Some(c) = check {
            let _ = writeln!(
                o,
                "{}\n\n**Why it matters:** {}\n",
                md(c.description.trim()),
                md(c.risk.trim())
            );
        }
        o.push_str("| Resource | Where | Finding | Values read |\n| --- | --- | --- | --- |\n");
        for f in fs {
            let place = match &f.location {
                Some(l) => format!("{}:{}", l.file, l.start_line),
                None => [f.account.as_str(), f.region.as_str()].join(" "),
            };
            let values: Vec<String> = f
                .evidence
                .iter()
                .map(|(k, v)| {
                    let v = v.to_string();
                    let short: String = v.chars().take(120).collect();
                    format!("{k} = {short}")
                })
                .collect();
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                md(&f.resource_name),
                md(place.trim()),
                md(&f.status_extended),
                md(&values.join("; "))
            );
        }
        if let Some(c) = check {
            let _ = writeln!(o, "\n**Remediation:** {}\n", md(c.remediation.text.trim()));
            for (label, lang, x) in c.remediation.snippets() {
                let _ = writeln!(
                    o,
                    "{label}:\n\n```{lang}\n{}\n```\n",
                    x.trim_end().replace("```", "'''")
                );
            }
        }
    }
    o
}
