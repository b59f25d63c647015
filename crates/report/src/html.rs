//! The HTML report: one self-contained file (inline CSS and SVG, no script, font or image
//! fetched from anywhere) with an executive summary, charts, compliance tables that drill down to
//! the findings, and every failing check with its evidence, explanation and remediation.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ais_checks::compliance::{FrameworkResult, ReqStatus};
use ais_model::{Finding, Severity, Status};

use crate::{ReportData, Summary, escape_markup as esc};

fn sev_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#7f1d1d",
        Severity::High => "#dc2626",
        Severity::Medium => "#ea580c",
        Severity::Low => "#ca8a04",
        Severity::Info => "#64748b",
    }
}

fn status_color(s: &str) -> &'static str {
    match s {
        "PASS" => "#16a34a",
        "FAIL" => "#dc2626",
        "MANUAL" => "#64748b",
        "ERROR" => "#9333ea",
        _ => "#94a3b8",
    }
}

const CSS: &str = r#"
:root { --ink:#0f172a; --muted:#475569; --line:#e2e8f0; --bg:#f8fafc; --accent:#1e3a8a; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--ink); background:var(--bg); }
header { background:linear-gradient(120deg,#0b1f4d,#1e3a8a); color:#fff; padding:28px 40px 24px; }
header h1 { margin:0 0 4px; font-size:26px; font-weight:650; letter-spacing:.2px; }
header .sub { opacity:.85; font-size:13px; }
header .meta { margin-top:14px; display:flex; gap:28px; flex-wrap:wrap; font-size:12.5px; opacity:.92; }
header .meta b { display:block; font-size:11px; text-transform:uppercase; letter-spacing:.6px; opacity:.75; font-weight:600; }
main { max-width:1180px; margin:0 auto; padding:24px 40px 60px; }
h2 { font-size:19px; margin:34px 0 12px; padding-bottom:6px; border-bottom:2px solid var(--line); }
h3 { font-size:15.5px; margin:22px 0 8px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(160px,1fr)); gap:12px; }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px 16px; }
.card .n { font-size:26px; font-weight:700; }
.card .l { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.5px; }
.verdict { background:#fff; border-left:5px solid var(--accent); border-radius:6px; padding:12px 16px; margin:14px 0; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(330px,1fr)); gap:14px; margin-top:14px; }
.chart { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px; }
.chart h4 { margin:0 0 8px; font-size:13px; color:var(--muted); text-transform:uppercase; letter-spacing:.5px; }
table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); border-radius:8px; overflow:hidden; }
th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f1f5f9; font-size:12px; text-transform:uppercase; letter-spacing:.4px; color:var(--muted); }
tr:last-child td { border-bottom:none; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; color:#fff; font-size:11.5px; font-weight:650; letter-spacing:.3px; white-space:nowrap; }
.bar { height:10px; background:#e2e8f0; border-radius:6px; overflow:hidden; min-width:120px; }
.bar > span { display:block; height:100%; }
details { background:#fff; border:1px solid var(--line); border-radius:8px; margin:8px 0; }
details > summary { cursor:pointer; padding:10px 14px; list-style:none; display:flex; gap:10px; align-items:center; }
details > summary::-webkit-details-marker { display:none; }
details[open] > summary { border-bottom:1px solid var(--line); }
details .body { padding:12px 16px; }
pre { background:#0f172a; color:#e2e8f0; padding:10px 12px; border-radius:6px; overflow:auto; font-size:12.5px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12.5px; }
.muted { color:var(--muted); }
.small { font-size:12px; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
a { color:#1d4ed8; text-decoration:none; }
a:hover { text-decoration:underline; }
footer { color:var(--muted); font-size:12px; margin-top:40px; text-align:center; }
@media print { details { break-inside: avoid; } details:not([open]) .body { display:none; } body { background:#fff; } }
"#;

fn badge(text: &str, color: &str) -> String {
    format!(
        r#"<span class="badge" style="background:{color}">{}</span>"#,
        esc(text)
    )
}

/// A donut of (label, value, color) slices with a legend.
fn donut(parts: &[(&str, usize, &str)], caption: &str) -> String {
    let total: usize = parts.iter().map(|p| p.1).sum();
    let (r, c) = (52.0_f64, 2.0 * std::f64::consts::PI * 52.0);
    let mut svg = String::from(
        r#"<svg viewBox="0 0 320 140" width="100%" height="150" role="img" xmlns="http://www.w3.org/2000/svg">"#,
    );
    let _ = write!(
        svg,
        "<title>{}</title><circle cx=\"70\" cy=\"70\" r=\"{r}\" fill=\"none\" stroke=\"#e2e8f0\" stroke-width=\"22\"/>",
        esc(caption)
    );
    let mut offset = 0.0;
    for (_, v, col) in parts {
        if total == 0 || *v == 0 {
            continue;
        }
        let len = c * (*v as f64) / (total as f64);
        let _ = write!(
            svg,
            "<circle cx=\"70\" cy=\"70\" r=\"{r}\" fill=\"none\" stroke=\"{col}\" stroke-width=\"22\" stroke-dasharray=\"{len:.2} {:.2}\" stroke-dashoffset=\"{:.2}\" transform=\"rotate(-90 70 70)\"/>",
            c - len,
            -offset
        );
        offset += len;
    }
    let _ = write!(
        svg,
        "<text x=\"70\" y=\"67\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"700\" fill=\"#0f172a\">{total}</text><text x=\"70\" y=\"84\" text-anchor=\"middle\" font-size=\"10\" fill=\"#475569\">findings</text>"
    );
    for (i, (label, v, col)) in parts.iter().enumerate() {
        let y = 24 + i as i32 * 22;
        let pct = if total > 0 {
            100.0 * *v as f64 / total as f64
        } else {
            0.0
        };
        let _ = write!(
            svg,
            "<rect x=\"150\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{col}\"/><text x=\"170\" y=\"{}\" font-size=\"12\" fill=\"#0f172a\">{} {v} ({pct:.0}%)</text>",
            y - 10,
            y,
            esc(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars of (label, value, color).
fn hbars(rows: &[(String, usize, &str)], caption: &str) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let h = 24 * rows.len().max(1) + 8;
    let mut svg = format!(
        r#"<svg viewBox="0 0 320 {h}" width="100%" height="{h}" role="img" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        esc(caption)
    );
    if rows.is_empty() {
        svg.push_str(
            "<text x=\"0\" y=\"20\" font-size=\"12\" fill=\"#475569\">No failing findings</text>",
        );
    }
    for (i, (label, v, col)) in rows.iter().enumerate() {
        let y = 4 + i * 24;
        let w = 170.0 * (*v as f64) / (max as f64);
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\" fill=\"#0f172a\">{}</text><rect x=\"110\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" rx=\"3\" fill=\"{col}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"12\" fill=\"#0f172a\">{v}</text>",
            y + 12,
            esc(label),
            114.0 + w,
            y + 12
        );
    }
    svg.push_str("</svg>");
    svg
}

fn score_bar(score: Option<f64>) -> String {
    match score {
        Some(s) => {
            let col = if s >= 80.0 {
                "#16a34a"
            } else if s >= 50.0 {
                "#ea580c"
            } else {
                "#dc2626"
            };
            format!(
                r#"<div style="display:flex;gap:8px;align-items:center"><div class="bar" style="flex:1"><span style="width:{s:.1}%;background:{col}"></span></div><b>{s:.1}%</b></div>"#
            )
        }
        None => r#"<span class="muted">not assessed</span>"#.to_string(),
    }
}

fn anchor(fingerprint: &str) -> String {
    format!("f-{}", &fingerprint[..fingerprint.len().min(16)])
}

fn location(f: &Finding) -> String {
    match &f.location {
        Some(l) if l.start_line > 0 => format!("{}:{}-{}", l.file, l.start_line, l.end_line),
        Some(l) => l.file.clone(),
        None => String::new(),
    }
}

/// Renders the whole report.
pub fn render(d: &ReportData) -> String {
    let s = Summary::new(d.findings);
    let m = d.meta;
    let mut h = String::with_capacity(64 * 1024 + d.findings.len() * 600);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Security assessment — {}</title><style>{CSS}</style></head><body>",
        esc(&m.source)
    );
    // Header.
    let accounts = if m.accounts.is_empty() {
        "—".to_string()
    } else {
        m.accounts.join(", ")
    };
    let _ = write!(
        h,
        "<header><h1>Security assessment report</h1><div class=\"sub\">{} {} · {}</div><div class=\"meta\"><div><b>Scope</b>{}</div><div><b>Accounts</b>{}</div><div><b>Regions</b>{}</div><div><b>Scan finished</b>{}</div></div></header><main>",
        esc(&m.tool),
        esc(&m.version),
        esc(&m.source),
        esc(&m.source),
        esc(&accounts),
        m.regions.len(),
        esc(&m.finished_at)
    );

    // Executive summary.
    let fail = s.count(Status::Fail);
    let crit = s.failed_by_severity.get("critical").copied().unwrap_or(0);
    let high = s.failed_by_severity.get("high").copied().unwrap_or(0);
    h.push_str("<h2 id=\"summary\">Executive summary</h2>");
    let verdict = if fail == 0 {
        format!(
            "No failing findings across {} resources and {} checks.",
            m.resources, m.checks_run
        )
    } else {
        format!(
            "{fail} failing findings from {} checks across {} resources; {crit} critical and {high} high severity need attention first.",
            s.failing_checks.len(),
            m.resources
        )
    };
    let _ = write!(h, "<div class=\"verdict\">{}</div>", esc(&verdict));
    h.push_str("<div class=\"cards\">");
    for (n, l) in [
        (m.resources.to_string(), "resources scanned"),
        (m.checks_run.to_string(), "checks run"),
        (fail.to_string(), "failing findings"),
        (crit.to_string(), "critical"),
        (high.to_string(), "high"),
        (s.count(Status::Manual).to_string(), "need review (manual)"),
        (s.count(Status::Error).to_string(), "could not be checked"),
        (s.muted.to_string(), "muted"),
    ] {
        let _ = write!(
            h,
            "<div class=\"card\"><div class=\"n\">{n}</div><div class=\"l\">{l}</div></div>"
        );
    }
    h.push_str("</div>");

    // Charts.
    let statuses = [
        ("PASS", s.count(Status::Pass), status_color("PASS")),
        ("FAIL", fail, status_color("FAIL")),
        ("MANUAL", s.count(Status::Manual), status_color("MANUAL")),
        ("ERROR", s.count(Status::Error), status_color("ERROR")),
        ("MUTED", s.muted, "#cbd5e1"),
    ];
    let sev_rows: Vec<(String, usize, &str)> = Severity::ALL
        .iter()
        .map(|sv| {
            (
                sv.as_str().to_string(),
                s.failed_by_severity.get(sv.as_str()).copied().unwrap_or(0),
                sev_color(*sv),
            )
        })
        .collect();
    let mut svc: Vec<(&String, &usize)> = s.failed_by_service.iter().collect();
    svc.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let svc_rows: Vec<(String, usize, &str)> = svc
        .iter()
        .take(10)
        .map(|(k, v)| ((*k).clone(), **v, "#1e3a8a"))
        .collect();
    let _ = write!(
        h,
        "<div class=\"charts\"><div class=\"chart\"><h4>Findings by status</h4>{}</div><div class=\"chart\"><h4>Failing findings by severity</h4>{}</div><div class=\"chart\"><h4>Failing findings by service</h4>{}</div></div>",
        donut(&statuses, "Findings by status"),
        hbars(&sev_rows, "Failing findings by severity"),
        hbars(&svc_rows, "Failing findings by service (top 10)")
    );

    compliance_overview(&mut h, d.compliance);

    // Top risks.
    if !s.failing_checks.is_empty() {
        h.push_str("<h2 id=\"risks\">Top risks</h2><table><tr><th>Severity</th><th>Check</th><th>Failing resources</th></tr>");
        for (id, sev, n) in s.failing_checks.iter().take(15) {
            let title = d.checks.get(id).map(|c| c.title.as_str()).unwrap_or("");
            let _ = write!(
                h,
                "<tr><td>{}</td><td><a href=\"#c-{}\">{}</a><div class=\"muted small\"><code>{}</code></div></td><td>{n}</td></tr>",
                badge(sev.as_str(), sev_color(*sev)),
                esc(id),
                esc(title),
                esc(id)
            );
        }
        h.push_str("</table>");
    }

    // Compliance: the detail of the frameworks asked for (their overview is above).
    for fw in d.compliance.iter().filter(|f| f.is_detailed()) {
        compliance_section(&mut h, fw, d.findings);
    }

    // Findings by check.
    findings_section(&mut h, d);

    let _ = writeln!(
        h,
        "<footer>Generated by {} {} from {} findings · scan started {} · finished {}</footer></main></body></html>",
        esc(&m.tool),
        esc(&m.version),
        d.findings.len(),
        esc(&m.started_at),
        esc(&m.finished_at)
    );
    h
}

/// One row per framework: its score and counts, linked to its detail when the report has it.
fn compliance_overview(h: &mut String, frameworks: &[FrameworkResult]) {
    if frameworks.is_empty() {
        return;
    }
    h.push_str("<h2 id=\"compliance\">Compliance overview</h2><table><tr><th>Framework</th><th>Pass</th><th>Fail</th><th>Manual</th><th>Requirements</th><th style=\"width:30%\">Score</th></tr>");
    for fw in frameworks {
        let name = format!("{} {}", esc(&fw.name), esc(&fw.version));
        let name = if fw.is_detailed() {
            format!("<a href=\"#fw-{}\">{name}</a>", esc(&fw.id))
        } else {
            name
        };
        let _ = write!(
            h,
            "<tr><td>{name}<div class=\"muted small\"><code>{}</code></div></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&fw.id),
            fw.score.pass,
            fw.score.fail,
            fw.score.manual,
            fw.score.total(),
            score_bar(fw.score.score)
        );
    }
    h.push_str("</table><p class=\"small muted\">The score is PASS / (PASS + FAIL) over the requirements the checks decided; MANUAL requirements (no automated check, a manual part, or checks that could not decide) are counted apart, never as passed.");
    if frameworks.iter().any(|f| !f.is_detailed()) {
        h.push_str(" Per-requirement results: scan with <code>--compliance ID</code>, or run <code>ai-security report --framework ID</code> on this scan's <code>findings.json</code>.");
    }
    h.push_str("</p>");
}

fn compliance_section(h: &mut String, fw: &FrameworkResult, findings: &[Finding]) {
    let by_fp: BTreeMap<&str, &Finding> = findings
        .iter()
        .map(|f| (f.fingerprint.as_str(), f))
        .collect();
    let _ = write!(
        h,
        "<h2 id=\"fw-{}\">Compliance: {} {}</h2><div class=\"grid2\"><div>{}<div class=\"small muted\" style=\"margin-top:6px\">{} PASS · {} FAIL · {} MANUAL of {} requirements. The score counts decided requirements only.</div></div><div class=\"small muted\">{}</div></div>",
        esc(&fw.id),
        esc(&fw.name),
        esc(&fw.version),
        score_bar(fw.score.score),
        fw.score.pass,
        fw.score.fail,
        fw.score.manual,
        fw.score.total(),
        if fw.url.is_empty() {
            String::new()
        } else {
            format!("Source: <a href=\"{0}\">{0}</a>", esc(&fw.url))
        }
    );
    h.push_str("<h3>Sections</h3><table><tr><th>Section</th><th>Pass</th><th>Fail</th><th>Manual</th><th style=\"width:30%\">Score</th></tr>");
    for s in &fw.sections {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&s.section),
            s.score.pass,
            s.score.fail,
            s.score.manual,
            score_bar(s.score.score)
        );
    }
    h.push_str("</table><h3>Requirements</h3>");
    for r in &fw.requirements {
        let col = status_color(r.status.as_str());
        let _ = write!(
            h,
            "<details{}><summary>{} <b>{}</b> {}</summary><div class=\"body\"><p>{}</p><p class=\"small muted\">{} · Status reason: {}</p>",
            if r.status == ReqStatus::Fail {
                " open"
            } else {
                ""
            },
            badge(r.status.as_str(), col),
            esc(&r.id),
            esc(&r.title),
            esc(&r.description),
            esc(&r.section),
            esc(&r.reason)
        );
        if !r.checks.is_empty() {
            h.push_str("<table><tr><th>Check</th><th>Pass</th><th>Fail</th><th>Manual</th><th>Error</th></tr>");
            for t in &r.checks {
                let _ = write!(
                    h,
                    "<tr><td><a href=\"#c-{0}\"><code>{0}</code></a>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td></tr>",
                    esc(&t.check_id),
                    if t.ran {
                        ""
                    } else {
                        " <span class=\"muted small\">(not run)</span>"
                    },
                    t.pass,
                    t.fail,
                    t.manual,
                    t.error
                );
            }
            h.push_str("</table>");
        }
        if !r.failing_findings.is_empty() {
            h.push_str("<p class=\"small\"><b>Failing resources:</b></p><ul class=\"small\">");
            for fp in r.failing_findings.iter().take(50) {
                if let Some(f) = by_fp.get(fp.as_str()) {
                    let _ = write!(
                        h,
                        "<li><a href=\"#{}\">{}</a> — {}</li>",
                        anchor(fp),
                        esc(&f.resource_name),
                        esc(&f.status_extended)
                    );
                }
            }
            if r.failing_findings.len() > 50 {
                let _ = write!(h, "<li>… {} more</li>", r.failing_findings.len() - 50);
            }
            h.push_str("</ul>");
        }
        h.push_str("</div></details>");
    }
}

fn findings_section(h: &mut String, d: &ReportData) {
    let mut by_check: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in d.findings {
        by_check.entry(f.check_id.as_str()).or_default().push(f);
    }
    let mut order: Vec<(&str, Severity, usize)> = by_check
        .iter()
        .map(|(id, fs)| {
            let fails = fs
                .iter()
                .filter(|f| f.status == Status::Fail && !f.muted)
                .count();
            (*id, fs[0].severity, fails)
        })
        .collect();
    order.sort_by(|a, b| {
        (b.2 > 0)
            .cmp(&(a.2 > 0))
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then(a.0.cmp(b.0))
    });
    h.push_str("<h2 id=\"findings\">Findings by check</h2><p class=\"muted small\">Failing checks first, by severity. Each lists the failing resources with the evidence found, why it matters and how to fix it; resources that need a manual review or could not be checked follow.</p>");
    for (id, sev, fails) in order {
        let fs = &by_check[id];
        let check = d.checks.get(id);
        let title = check
            .map(|c| c.title.as_str())
            .unwrap_or(fs[0].check_title.as_str());
        let count = |st: Status| fs.iter().filter(|f| f.status == st && !f.muted).count();
        let (pass, manual, error) = (
            count(Status::Pass),
            count(Status::Manual),
            count(Status::Error),
        );
        let muted = fs.iter().filter(|f| f.muted).count();
        let headline = if fails > 0 {
            badge(&format!("{fails} FAIL"), status_color("FAIL"))
        } else if error > 0 {
            badge(&format!("{error} ERROR"), status_color("ERROR"))
        } else if manual > 0 {
            badge(&format!("{manual} MANUAL"), status_color("MANUAL"))
        } else {
            badge("PASS", status_color("PASS"))
        };
        let _ = write!(
            h,
            "<details id=\"c-{}\"{}><summary>{} {} <b>{}</b> <code class=\"muted\">{}</code></summary><div class=\"body\">",
            esc(id),
            if fails > 0 && sev >= Severity::High {
                " open"
            } else {
                ""
            },
            badge(sev.as_str(), sev_color(sev)),
            headline,
            esc(title),
            esc(id)
        );
        let _ = write!(
            h,
            "<p class=\"small muted\">{} pass · {} fail · {} manual · {} error · {} muted</p>",
            pass, fails, manual, error, muted
        );
        if let Some(c) = check {
            let _ = write!(
                h,
                "<div class=\"grid2\"><div><h4>What is checked</h4><p>{}</p></div><div><h4>Why it matters</h4><p>{}</p></div></div>",
                esc(c.description.trim()),
                esc(c.risk.trim())
            );
        }
        let shown: Vec<&&Finding> = fs
            .iter()
            .filter(|f| f.status != Status::Pass && !f.muted)
            .collect();
        if !shown.is_empty() {
            h.push_str("<h4>Evidence</h4><table><tr><th>Status</th><th>Resource</th><th>Where</th><th>Finding</th><th>Values read</th></tr>");
            for f in shown.iter().take(200) {
                let place = [f.account.as_str(), f.region.as_str(), location(f).as_str()]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let values: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|(k, v)| {
                        let v = match v {
                            serde_json::Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        let short: String = v.chars().take(300).collect();
                        let more = if v.chars().count() > 300 { "…" } else { "" };
                        format!(
                            "<code>{}</code> = <code>{}{more}</code>",
                            esc(k),
                            esc(&short)
                        )
                    })
                    .collect();
                let _ = write!(
                    h,
                    "<tr id=\"{}\"><td>{}</td><td><b>{}</b><div class=\"muted small\"><code>{}</code></div></td><td class=\"small\">{}</td><td>{}</td><td class=\"small\">{}</td></tr>",
                    anchor(&f.fingerprint),
                    badge(f.status.as_str(), status_color(f.status.as_str())),
                    esc(&f.resource_name),
                    esc(&f.resource_uid),
                    esc(&place),
                    esc(&f.status_extended),
                    values.join("<br>")
                );
            }
            if shown.len() > 200 {
                let _ = write!(
                    h,
                    "<tr><td colspan=\"5\" class=\"muted\">… {} more in the JSON and CSV files</td></tr>",
                    shown.len() - 200
                );
            }
            h.push_str("</table>");
        }
        if let Some(c) = check
            && (fails > 0 || manual > 0)
        {
            let _ = write!(
                h,
                "<h4>Remediation</h4><p>{}</p>",
                esc(c.remediation.text.trim())
            );
            for (label, _, x) in c.remediation.snippets() {
                let _ = write!(
                    h,
                    "<div class=\"small muted\">{label}</div><pre><code>{}</code></pre>",
                    esc(x.trim_end())
                );
            }
            if !c.references.is_empty() {
                h.push_str("<p class=\"small\">References: ");
                let links: Vec<String> = c
                    .references
                    .iter()
                    .map(|r| format!("<a href=\"{0}\">{0}</a>", esc(r)))
                    .collect();
                h.push_str(&links.join(" · "));
                h.push_str("</p>");
            }
            if !c.compliance.is_empty() {
                let _ = write!(
                    h,
                    "<p class=\"small muted\">Compliance: {}</p>",
                    esc(&c.compliance.join(", "))
                );
            }
        }
        h.push_str("</div></details>");
    }
}
