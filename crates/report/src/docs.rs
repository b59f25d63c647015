//! Check documentation generated from the catalog: one Markdown page per check under
//! `docs/checks/<service>/<id>.md`, and `docs/checks/README.md`, an index by service and by
//! compliance framework. `ai-security checks docs --output docs/checks` writes them; a test fails
//! when the committed pages differ from what the catalog generates.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ais_checks::{Catalog, Check};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn level(c: &Check) -> String {
    format!("{:?}", c.level).to_lowercase()
}

fn fence(label: &str, lang: &str, text: &str) -> String {
    format!("{label}:\n\n```{lang}\n{}\n```\n\n", text.trim_end())
}

/// One check's page.
pub fn check_page(c: &Check, catalog: &Catalog) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", c.title);
    let _ = writeln!(
        o,
        "| Id | Severity | Service | Resource kind | Level |\n| --- | --- | --- | --- | --- |\n| `{}` | {} | {} | `{}` | {} |\n",
        c.id,
        c.severity,
        c.service,
        c.kind,
        level(c)
    );
    let _ = writeln!(o, "## What it checks\n\n{}\n", c.description.trim());
    let _ = writeln!(o, "## Why it matters\n\n{}\n", c.risk.trim());
    o.push_str("## Rule\n\n```cel\n");
    if let Some(w) = &c.when {
        let _ = writeln!(o, "// when\n{}", w.trim());
    }
    let _ = writeln!(o, "// assert\n{}\n```\n", c.assertion.trim());
    let _ = writeln!(o, "Failing message: {}\n", c.message.trim());
    let _ = writeln!(o, "## Remediation\n\n{}\n", c.remediation.text.trim());
    for (label, lang, x) in c.remediation.snippets() {
        o.push_str(&fence(label, lang, x));
    }
    if !c.compliance.is_empty() {
        o.push_str("## Compliance\n\n");
        for link in &c.compliance {
            let (fw, req) = link.split_once(':').unwrap_or((link, ""));
            let name = catalog
                .frameworks
                .iter()
                .find(|f| f.id == fw)
                .map(|f| format!("{} {}", f.name, f.version))
                .unwrap_or_else(|| fw.to_string());
            let title = catalog
                .frameworks
                .iter()
                .find(|f| f.id == fw)
                .and_then(|f| f.requirements.iter().find(|r| r.id == req))
                .map(|r| r.title.as_str())
                .unwrap_or("");
            let _ = writeln!(o, "- {name}: **{req}** {title}");
        }
        o.push('\n');
    }
    if !c.aliases.is_empty() {
        o.push_str("## Equivalent checks in other tools\n\n");
        for (tool, ids) in &c.aliases {
            let _ = writeln!(o, "- {tool}: {}", ids.join(", "));
        }
        o.push('\n');
    }
    let code = c.examples.iter().filter(|e| !e.is_model()).count();
    let _ = writeln!(
        o,
        "## Tested examples\n\n{} examples in the check file ({} of them Terraform or CloudFormation code), all run by the test suite.\n",
        c.examples.len(),
        code
    );
    if !c.references.is_empty() {
        o.push_str("## References\n\n");
        for r in &c.references {
            let _ = writeln!(o, "- <{r}>");
        }
        o.push('\n');
    }
    o
}

/// Every generated file: (path relative to the docs directory, content).
pub fn render(catalog: &Catalog) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut by_service: BTreeMap<&str, Vec<&Check>> = BTreeMap::new();
    for c in &catalog.checks {
        by_service.entry(c.service.as_str()).or_default().push(c);
        files.push((format!("{}/{}.md", c.service, c.id), check_page(c, catalog)));
    }
    let mut idx = String::from(
        "# Checks\n\nGenerated from the catalog by `ai-security checks docs --output docs/checks`; do not edit by hand.\n\n",
    );
    let _ = writeln!(
        idx,
        "{} checks over {} services.\n\n## By service\n",
        catalog.checks.len(),
        by_service.len()
    );
    for (svc, checks) in &by_service {
        let _ = writeln!(
            idx,
            "### {svc}\n\n| Check | Severity | Level |\n| --- | --- | --- |"
        );
        for c in checks {
            let _ = writeln!(
                idx,
                "| [{}]({}/{}.md) `{}` | {} | {} |",
                cell(&c.title),
                svc,
                c.id,
                c.id,
                c.severity,
                level(c)
            );
        }
        idx.push('\n');
    }
    idx.push_str("## By compliance framework\n\n");
    for f in &catalog.frameworks {
        let mapped = f
            .requirements
            .iter()
            .filter(|r| !r.checks.is_empty())
            .count();
        let _ = writeln!(
            idx,
            "### {} {} (`{}`)\n\n{} requirements, {} with automated checks.\n\n| Requirement | Title | Checks |\n| --- | --- | --- |",
            f.name,
            f.version,
            f.id,
            f.requirements.len(),
            mapped
        );
        for r in &f.requirements {
            let checks: Vec<String> = r
                .checks
                .iter()
                .map(|id| {
                    let svc = catalog
                        .get(id)
                        .map(|c| c.service.as_str())
                        .unwrap_or("unknown");
                    format!("[`{id}`]({svc}/{id}.md)")
                })
                .collect();
            let _ = writeln!(
                idx,
                "| {} | {} | {} |",
                cell(&r.id),
                cell(&r.title),
                if checks.is_empty() {
                    "manual".to_string()
                } else {
                    checks.join(" ")
                }
            );
        }
        idx.push('\n');
    }
    files.push(("README.md".to_string(), idx));
    files
}
