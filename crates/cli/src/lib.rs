//! The `ai-security` command line: argument parsing and glue between the library crates.
//!
//! Exit codes (also in the README):
//! - 0: the scan ran and nothing met `--fail-on` (and no check was ERROR)
//! - 1: the scan could not run (credentials, unreachable endpoint, unreadable input)
//! - 2: usage error (bad flags, invalid check files)
//! - 3: a FAIL finding at or above the `--fail-on` severity
//! - 4: the scan completed, but some checks are ERROR (data could not be collected)

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use ais_checks::{Catalog, Check, Engine, Framework, Level, Mutelist, Selection};
use ais_model::{Finding, Inventory, Severity, Status};
use ais_report::{Format, ScanMeta, Summary};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Deserialize;

pub const EXIT_OK: u8 = 0;
pub const EXIT_RUNTIME: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_FAIL_ON: u8 = 3;
pub const EXIT_ERRORS: u8 = 4;

#[derive(Parser, Debug)]
#[command(
    name = "ai-security",
    version,
    about = "Find, explain and prioritise security risks in AWS accounts"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run checks against a live account or a saved inventory.
    Scan {
        #[command(subcommand)]
        target: Box<ScanTarget>,
    },
    /// List or show the checks in the catalog.
    Checks {
        #[command(subcommand)]
        action: ChecksAction,
    },
    /// List the compliance frameworks, or show one with its requirements and their checks.
    Frameworks {
        #[command(subcommand)]
        action: FrameworksAction,
    },
    /// Render a report from a scan's results without scanning again.
    Report {
        /// The findings.json a scan wrote.
        #[arg(long, value_name = "FILE")]
        input: PathBuf,
        /// html, md, json, csv (with --framework: one row per requirement), junit, sarif, ocsf
        /// or asff.
        #[arg(long, default_value = "html")]
        format: Format,
        /// Compliance frameworks to report on, comma separated (default: those the findings
        /// refer to).
        #[arg(long, value_delimiter = ',', value_name = "ID")]
        framework: Vec<String>,
        /// Write here instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also read checks from this directory (for scans that used --checks-dir).
        #[arg(long, value_name = "DIR")]
        checks_dir: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum FrameworksAction {
    /// Every framework with its requirement and check counts.
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// One framework's requirements, their checks, and the requirements no check covers yet.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Only the requirements that have no automated check.
        #[arg(long)]
        unmapped: bool,
    },
}

#[derive(Subcommand, Debug)]
// Parsed once per run: the size difference between the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum ScanTarget {
    /// Collect from AWS with the standard credential chain and evaluate.
    Aws {
        /// Regions to scan, comma separated (default: every enabled region).
        #[arg(long, value_delimiter = ',')]
        regions: Option<Vec<String>>,
        /// Send every AWS request to this URL (an emulator such as moto). AWS_ENDPOINT_URL works too.
        #[arg(long)]
        endpoint_url: Option<String>,
        /// AWS profile to use.
        #[arg(long)]
        profile: Option<String>,
        /// Write the collected inventory to FILE (re-evaluate later with `scan inventory`).
        #[arg(long, value_name = "FILE")]
        save_inventory: Option<PathBuf>,
        /// At most this many (region, service) collectors at once, per account.
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        /// Requests per second to one service in one region of one account (0 = no limit).
        #[arg(long, default_value_t = 50)]
        max_rps: u32,
        #[command(flatten)]
        accounts: AccountArgs,
        #[command(flatten)]
        eval: EvalArgs,
    },
    /// Scan infrastructure code under PATH: Terraform (HCL and `terraform show -json` plans),
    /// CloudFormation (YAML, JSON, CDK output, SAM), Kubernetes manifests and Dockerfiles.
    /// Honours `.gitignore`; never follows symbolic links.
    Iac {
        /// Directory (or single file) to scan.
        path: PathBuf,
        /// Files larger than this many bytes are not scanned (and reported as ERROR).
        #[arg(long, default_value_t = 4 * 1024 * 1024)]
        max_file_bytes: u64,
        #[command(flatten)]
        eval: EvalArgs,
    },
    /// Evaluate a saved inventory offline.
    Inventory {
        /// Inventory file written by `scan aws --save-inventory`.
        file: PathBuf,
        #[command(flatten)]
        eval: EvalArgs,
    },
}

/// Which accounts `scan aws` covers (default: the account of the credentials).
#[derive(Args, Debug, Clone)]
struct AccountArgs {
    /// Scan the account of this IAM role, assumed from the current credentials.
    #[arg(long, value_name = "ARN", conflicts_with_all = ["accounts_file", "organization"])]
    role_arn: Option<String>,
    /// External id to pass when assuming roles (--role-arn, --accounts-file, --organization).
    #[arg(long, value_name = "ID")]
    external_id: Option<String>,
    /// Scan the accounts listed in this YAML file (see the README for the format).
    #[arg(long, value_name = "FILE", conflicts_with = "organization")]
    accounts_file: Option<PathBuf>,
    /// Scan every active account of the organization (run from the management account or a
    /// delegated administrator), assuming --role-name in each member account.
    #[arg(long, requires = "role_name")]
    organization: bool,
    /// Role to assume in each account of --organization, or for --accounts-file entries given
    /// as bare account ids.
    #[arg(long, value_name = "NAME")]
    role_name: Option<String>,
    /// Role session name (shows in the target accounts' CloudTrail).
    #[arg(long, default_value = "ai-security")]
    session_name: String,
    /// At most this many accounts are collected at once.
    #[arg(long, default_value_t = 4)]
    account_concurrency: usize,
}

/// `--accounts-file`: `accounts:` followed by entries with either `role_arn` or `account_id`
/// (the role then comes from --role-name), and an optional `external_id`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct AccountsFile {
    accounts: Vec<AccountEntry>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct AccountEntry {
    account_id: Option<String>,
    role_arn: Option<String>,
    external_id: Option<String>,
}

impl AccountArgs {
    fn resolve(&self) -> Result<ais_collect_aws::Accounts, CliError> {
        use ais_collect_aws::{Accounts, RoleTarget};
        if let Some(arn) = &self.role_arn {
            ais_collect_aws::role_account(arn).map_err(|e| CliError::usage(e.to_string()))?;
            return Ok(Accounts::Roles(vec![RoleTarget {
                role_arn: arn.clone(),
                external_id: self.external_id.clone(),
            }]));
        }
        if self.organization {
            let role_name = self.role_name.clone().unwrap_or_default();
            return Ok(Accounts::Organization {
                role_name,
                external_id: self.external_id.clone(),
            });
        }
        let Some(path) = &self.accounts_file else {
            if self.role_name.is_some() {
                return Err(CliError::usage(
                    "--role-name needs --organization or --accounts-file",
                ));
            }
            return Ok(Accounts::Caller);
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read accounts file {}: {e}", path.display()))
        })?;
        let file: AccountsFile = serde_norway::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            CliError::usage(format!("{}{at}: {e}", path.display()))
        })?;
        let mut roles = Vec::new();
        for (i, entry) in file.accounts.iter().enumerate() {
            let which = format!("{}: accounts[{i}]", path.display());
            let role_arn = match (&entry.role_arn, &entry.account_id) {
                (Some(arn), None) => arn.clone(),
                (None, Some(id)) => {
                    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(CliError::usage(format!(
                            "{which}: account_id '{id}' is not a 12-digit account id"
                        )));
                    }
                    let Some(name) = &self.role_name else {
                        return Err(CliError::usage(format!(
                            "{which}: account_id needs --role-name (or give role_arn)"
                        )));
                    };
                    format!("arn:aws:iam::{id}:role/{name}")
                }
                _ => {
                    return Err(CliError::usage(format!(
                        "{which}: give exactly one of role_arn or account_id"
                    )));
                }
            };
            ais_collect_aws::role_account(&role_arn)
                .map_err(|e| CliError::usage(format!("{which}: {e}")))?;
            roles.push(RoleTarget {
                role_arn,
                external_id: entry
                    .external_id
                    .clone()
                    .or_else(|| self.external_id.clone()),
            });
        }
        if roles.is_empty() {
            return Err(CliError::usage(format!(
                "{}: the accounts list is empty",
                path.display()
            )));
        }
        Ok(Accounts::Roles(roles))
    }
}

#[derive(Args, Debug, Clone)]
struct EvalArgs {
    /// Only these check ids, comma separated.
    #[arg(long, value_delimiter = ',')]
    checks: Vec<String>,
    /// Only checks of these services, comma separated (s3, iam, ec2, …).
    #[arg(long, value_delimiter = ',')]
    services: Vec<String>,
    /// Only checks of these severities, comma separated.
    #[arg(long, value_delimiter = ',')]
    severity: Vec<Severity>,
    /// quick (critical and high), standard (default for AWS) or deep (adds expensive checks;
    /// the default for `scan iac`, where no check is expensive).
    #[arg(long)]
    level: Option<Level>,
    /// Load more checks from this directory (same YAML format as the built-in ones).
    #[arg(long, value_name = "DIR")]
    checks_dir: Option<PathBuf>,
    /// Only checks mapped to these compliance frameworks, comma separated (see `frameworks
    /// list`); the outputs then carry each framework's per-requirement status and score.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    compliance: Vec<String>,
    /// Output files to write, comma separated: json, csv, ocsf, sarif, asff, junit, md, html.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "json,csv,ocsf,sarif,html"
    )]
    output_formats: Vec<Format>,
    /// Directory for the output files.
    #[arg(long, default_value = "ai-security-output")]
    output_dir: PathBuf,
    /// Mark findings this mutelist accepts as muted (Prowler's mutelist format). Muted findings
    /// stay in every output but do not count as failures.
    #[arg(long, value_name = "FILE")]
    mutelist: Option<PathBuf>,
    /// Exit with code 3 when a FAIL finding has this severity or higher.
    #[arg(long)]
    fail_on: Option<Severity>,
    /// No progress lines on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum ChecksAction {
    /// List checks.
    List {
        #[arg(long)]
        service: Option<String>,
        #[arg(long)]
        severity: Option<Severity>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[arg(long, value_name = "DIR")]
        checks_dir: Option<PathBuf>,
    },
    /// Write the check documentation (a Markdown page per check and an index by service and
    /// framework) into DIR, replacing the pages there.
    Docs {
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
    },
    /// Show one check in full.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        #[arg(long, value_name = "DIR")]
        checks_dir: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ListFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ShowFormat {
    Text,
    Json,
}

/// A failure with the exit code it maps to and an optional hint.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
    pub hint: Option<String>,
}

impl CliError {
    fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_USAGE,
            message: message.into(),
            hint: None,
        }
    }
    fn runtime(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_RUNTIME,
            message: message.into(),
            hint: None,
        }
    }
    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", e.message);
            if let Some(h) = e.hint {
                eprintln!("hint: {h}");
            }
            ExitCode::from(e.code)
        }
    }
}

fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        Command::Checks { action } => checks_command(action),
        Command::Scan { target } => scan_command(*target),
        Command::Frameworks { action } => frameworks_command(action),
        Command::Report {
            input,
            format,
            framework,
            output,
            checks_dir,
        } => report_command(
            &input,
            format,
            &framework,
            output.as_deref(),
            checks_dir.as_ref(),
        ),
    }
}

fn find_framework<'a>(frameworks: &'a [Framework], id: &str) -> Result<&'a Framework, CliError> {
    frameworks.iter().find(|f| f.id == id).ok_or_else(|| {
        CliError::usage(format!("no framework with id '{id}'"))
            .hint("`ai-security frameworks list` shows every framework id")
    })
}

fn frameworks_command(action: FrameworksAction) -> Result<u8, CliError> {
    let catalog = load_catalog(None)?;
    match action {
        FrameworksAction::List { format } => {
            let rows: Vec<_> = catalog
                .frameworks
                .iter()
                .map(|f| {
                    let mapped = f
                        .requirements
                        .iter()
                        .filter(|r| !r.checks.is_empty())
                        .count();
                    let checks: std::collections::BTreeSet<&str> = f
                        .requirements
                        .iter()
                        .flat_map(|r| r.checks.iter().map(String::as_str))
                        .collect();
                    (f, mapped, checks.len())
                })
                .collect();
            match format {
                ListFormat::Json => {
                    let v: Vec<_> = rows
                        .iter()
                        .map(|(f, mapped, checks)| {
                            serde_json::json!({
                                "id": f.id, "name": f.name, "version": f.version, "url": f.url,
                                "requirements": f.requirements.len(),
                                "requirements_with_checks": mapped, "checks": checks,
                            })
                        })
                        .collect();
                    emit(&(serde_json::to_string_pretty(&v).expect("serializes") + "\n"));
                }
                ListFormat::Table => {
                    let mut t = format!(
                        "{:<32} {:>12} {:>11} {:>7}  NAME\n",
                        "ID", "REQUIREMENTS", "WITH CHECKS", "CHECKS"
                    );
                    for (f, mapped, checks) in &rows {
                        t.push_str(&format!(
                            "{:<32} {:>12} {:>11} {:>7}  {} {}\n",
                            f.id,
                            f.requirements.len(),
                            mapped,
                            checks,
                            f.name,
                            f.version
                        ));
                    }
                    emit(&t);
                }
            }
        }
        FrameworksAction::Show {
            id,
            format,
            unmapped,
        } => {
            let f = find_framework(&catalog.frameworks, &id)?;
            let reqs: Vec<&ais_checks::Requirement> = f
                .requirements
                .iter()
                .filter(|r| !unmapped || r.checks.is_empty())
                .collect();
            match format {
                ShowFormat::Json => {
                    let mut v = serde_json::to_value(f).expect("serializes");
                    v["requirements"] = serde_json::to_value(&reqs).expect("serializes");
                    emit(&(serde_json::to_string_pretty(&v).expect("serializes") + "\n"));
                }
                ShowFormat::Text => {
                    let mut t = format!("{} {} ({})\n", f.name, f.version, f.id);
                    if !f.url.is_empty() {
                        t.push_str(&format!("{}\n", f.url));
                    }
                    t.push_str(&format!("{}\n", f.description.trim()));
                    let mut section = "";
                    for r in &reqs {
                        if r.section != section {
                            section = &r.section;
                            t.push_str(&format!("\n{section}\n"));
                        }
                        let how = if r.checks.is_empty() {
                            "MANUAL (no automated check)".to_string()
                        } else if r.manual {
                            format!("{} + manual review", r.checks.join(", "))
                        } else {
                            r.checks.join(", ")
                        };
                        t.push_str(&format!(
                            "  {:<14} {}\n  {:<14} -> {how}\n",
                            r.id, r.title, ""
                        ));
                    }
                    let gaps: Vec<&str> = f
                        .requirements
                        .iter()
                        .filter(|r| r.checks.is_empty())
                        .map(|r| r.id.as_str())
                        .collect();
                    t.push_str(&format!(
                        "\n{} requirements; {} with automated checks; {} without a check yet: {}\n",
                        f.requirements.len(),
                        f.requirements.len() - gaps.len(),
                        gaps.len(),
                        if gaps.is_empty() {
                            "none".to_string()
                        } else {
                            gaps.join(", ")
                        }
                    ));
                    emit(&t);
                }
            }
        }
    }
    Ok(EXIT_OK)
}

/// Ids of the frameworks the findings' checks are mapped to, in catalog order.
fn referred_frameworks(frameworks: &[Framework], findings: &[Finding]) -> Vec<String> {
    let referred: std::collections::HashSet<&str> = findings
        .iter()
        .flat_map(|f| f.compliance.iter().filter_map(|c| c.split(':').next()))
        .collect();
    frameworks
        .iter()
        .filter(|f| referred.contains(f.id.as_str()))
        .map(|f| f.id.clone())
        .collect()
}

/// Compliance results of the named frameworks for these findings.
fn compliance_results(
    frameworks: &[Framework],
    ids: &[String],
    findings: &[Finding],
    ran: &std::collections::HashSet<String>,
) -> Result<Vec<ais_checks::compliance::FrameworkResult>, CliError> {
    ids.iter()
        .map(|id| {
            find_framework(frameworks, id)
                .map(|f| ais_checks::compliance::evaluate(f, findings, ran))
        })
        .collect()
}

fn report_command(
    input: &std::path::Path,
    format: Format,
    frameworks: &[String],
    output: Option<&std::path::Path>,
    checks_dir: Option<&PathBuf>,
) -> Result<u8, CliError> {
    let catalog = load_catalog(checks_dir)?;
    let results = ais_report::ResultsFile::read(input).map_err(CliError::runtime)?;
    // The frameworks asked for, in detail. Else the ones the scan reported, as it reported them
    // (in detail or as an overview line); for a file without them, an overview of every
    // framework the findings refer to.
    let saved = |detailed: bool| -> Vec<String> {
        results
            .compliance
            .iter()
            .filter(|f| f.is_detailed() == detailed)
            .filter(|f| {
                let known = catalog.frameworks.iter().any(|k| k.id == f.id);
                if !known {
                    eprintln!(
                        "warning: framework {} of {} is not in this catalog: left out",
                        f.id,
                        input.display()
                    );
                }
                known
            })
            .map(|f| f.id.clone())
            .collect()
    };
    let (detailed, overview) = if !frameworks.is_empty() {
        (frameworks.to_vec(), Vec::new())
    } else if !results.compliance.is_empty() {
        (saved(true), saved(false))
    } else {
        (
            Vec::new(),
            referred_frameworks(&catalog.frameworks, &results.findings),
        )
    };
    let ran: std::collections::HashSet<String> = if results.scan.check_ids.is_empty() {
        results
            .findings
            .iter()
            .map(|f| f.check_id.clone())
            .collect()
    } else {
        results.scan.check_ids.iter().cloned().collect()
    };
    let mut compliance =
        compliance_results(&catalog.frameworks, &detailed, &results.findings, &ran)?;
    compliance.extend(
        compliance_results(&catalog.frameworks, &overview, &results.findings, &ran)?
            .into_iter()
            .map(|f| f.overview()),
    );
    let by_id: HashMap<String, Arc<Check>> = catalog
        .checks
        .iter()
        .map(|c| (c.id.clone(), c.clone()))
        .collect();
    let data = ais_report::ReportData {
        findings: &results.findings,
        checks: &by_id,
        meta: &results.scan,
        compliance: &compliance,
    };
    let csv_requirements = format == Format::Csv && !frameworks.is_empty();
    let write = |w: &mut dyn std::io::Write, name: &std::path::Path| {
        if csv_requirements {
            ais_report::write_compliance_csv(w, name, &compliance)
        } else {
            ais_report::write_to(w, name, format, &data)
        }
    };
    match output {
        Some(path) => {
            let mut file = std::fs::File::create(path)
                .map_err(|e| CliError::runtime(format!("cannot write {}: {e}", path.display())))?;
            write(&mut file, path).map_err(|e| CliError::runtime(e.to_string()))?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            let mut buf = Vec::new();
            write(&mut buf, std::path::Path::new("standard output"))
                .map_err(|e| CliError::runtime(e.to_string()))?;
            emit(&String::from_utf8_lossy(&buf));
        }
    }
    Ok(EXIT_OK)
}

fn load_catalog(dir: Option<&PathBuf>) -> Result<Catalog, CliError> {
    let r = match dir {
        Some(d) => Catalog::with_checks_dir(d),
        None => Catalog::embedded(),
    };
    r.map_err(|e| CliError::usage(format!("invalid checks: {e}")))
}

fn checks_command(action: ChecksAction) -> Result<u8, CliError> {
    match action {
        ChecksAction::List {
            service,
            severity,
            format,
            checks_dir,
        } => {
            let catalog = load_catalog(checks_dir.as_ref())?;
            let list: Vec<&Arc<Check>> = catalog
                .checks
                .iter()
                .filter(|c| service.as_ref().is_none_or(|s| &c.service == s))
                .filter(|c| severity.is_none_or(|s| c.severity == s))
                .collect();
            match format {
                ListFormat::Json => {
                    let v: Vec<_> = list
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "id": c.id, "title": c.title, "severity": c.severity,
                                "service": c.service, "kind": c.kind, "level": c.level,
                                "aliases": c.aliases, "compliance": c.compliance,
                            })
                        })
                        .collect();
                    emit(&(serde_json::to_string_pretty(&v).expect("serializes") + "\n"));
                }
                ListFormat::Table => {
                    let mut t = format!("{:<68} {:<9} {:<11} TITLE\n", "ID", "SEVERITY", "SERVICE");
                    for c in &list {
                        t.push_str(&format!(
                            "{:<68} {:<9} {:<11} {}\n",
                            c.id,
                            c.severity.as_str(),
                            c.service,
                            c.title
                        ));
                    }
                    t.push_str(&format!("{} checks\n", list.len()));
                    emit(&t);
                }
            }
            Ok(EXIT_OK)
        }
        ChecksAction::Docs { output } => {
            let catalog = load_catalog(None)?;
            let files = ais_report::docs::render(&catalog);
            if output.exists() {
                // Pages of checks that no longer exist must go: the directory is generated.
                for e in walk_md(&output)? {
                    std::fs::remove_file(&e).map_err(|err| {
                        CliError::runtime(format!("cannot remove {}: {err}", e.display()))
                    })?;
                }
            }
            for (rel, text) in &files {
                let p = output.join(rel);
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        CliError::runtime(format!("cannot create {}: {e}", parent.display()))
                    })?;
                }
                std::fs::write(&p, text)
                    .map_err(|e| CliError::runtime(format!("cannot write {}: {e}", p.display())))?;
            }
            eprintln!("wrote {} files under {}", files.len(), output.display());
            Ok(EXIT_OK)
        }
        ChecksAction::Show {
            id,
            format,
            checks_dir,
        } => {
            let catalog = load_catalog(checks_dir.as_ref())?;
            let c = catalog.get(&id).ok_or_else(|| {
                CliError::usage(format!("no check with id '{id}'"))
                    .hint("`ai-security checks list` shows every check id")
            })?;
            match format {
                ShowFormat::Json => {
                    emit(&(serde_json::to_string_pretty(c.as_ref()).expect("serializes") + "\n"))
                }
                ShowFormat::Text => emit(&render_check(c)),
            }
            Ok(EXIT_OK)
        }
    }
}

/// The `.md` files below `dir` (one level of service directories).
fn walk_md(dir: &std::path::Path) -> Result<Vec<PathBuf>, CliError> {
    let read = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .map_err(|e| CliError::runtime(format!("cannot read {}: {e}", d.display())))
    };
    let mut out = Vec::new();
    for e in read(dir)?.flatten() {
        let p = e.path();
        if p.is_dir() {
            for f in read(&p)?.flatten() {
                if f.path().extension().is_some_and(|x| x == "md") {
                    out.push(f.path());
                }
            }
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    Ok(out)
}

/// Writes to stdout. A closed pipe (`ai-security checks list | head`) ends the program quietly
/// with code 0 instead of a panic.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(EXIT_OK));
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(i32::from(EXIT_RUNTIME));
    }
}

fn render_check(c: &Check) -> String {
    let mut s = format!(
        "{}\n{}\n\nSeverity: {}   Service: {}   Kind: {}   Level: {:?}\n",
        c.id, c.title, c.severity, c.service, c.kind, c.level
    );
    s.push_str(&format!("\nWhat it checks\n  {}\n", c.description.trim()));
    s.push_str(&format!("\nWhy it matters\n  {}\n", c.risk.trim()));
    s.push_str(&format!("\nRule\n  assert: {}\n", c.assertion.trim()));
    if let Some(w) = &c.when {
        s.push_str(&format!("  when:   {}\n", w.trim()));
    }
    s.push_str(&format!("\nRemediation\n  {}\n", c.remediation.text.trim()));
    for (label, _, x) in c.remediation.snippets() {
        s.push_str(&format!("\n  {label}:\n"));
        for l in x.trim_end().lines() {
            s.push_str(&format!("    {l}\n"));
        }
    }
    if !c.compliance.is_empty() {
        s.push_str(&format!("\nCompliance\n  {}\n", c.compliance.join(", ")));
    }
    if !c.aliases.is_empty() {
        s.push_str("\nEquivalent checks\n");
        for (tool, ids) in &c.aliases {
            s.push_str(&format!("  {tool}: {}\n", ids.join(", ")));
        }
    }
    s.push_str("\nReferences\n");
    for r in &c.references {
        s.push_str(&format!("  {r}\n"));
    }
    s
}

fn selection(eval: &EvalArgs) -> Selection {
    Selection {
        ids: eval.checks.clone(),
        services: eval.services.clone(),
        severities: eval.severity.clone(),
        level: Some(eval.level.unwrap_or(Level::Standard)),
        frameworks: eval.compliance.clone(),
    }
}

fn scan_command(target: ScanTarget) -> Result<u8, CliError> {
    let started = now();
    match target {
        ScanTarget::Inventory { file, eval } => {
            let catalog = load_catalog(eval.checks_dir.as_ref())?;
            let mut checks = select_checks(&catalog, &eval, |_| true)?;
            let mutelist = load_mutelist(&eval)?;
            let text = std::fs::read_to_string(&file).map_err(|e| {
                CliError::runtime(format!("cannot read inventory {}: {e}", file.display()))
            })?;
            let inv: Inventory = serde_json::from_str(&text).map_err(|e| {
                CliError::runtime(format!("{} is not a valid inventory: {e}", file.display()))
            })?;
            if inv.format != ais_model::INVENTORY_FORMAT {
                return Err(CliError::runtime(format!(
                    "{} has inventory format {}; this version reads format {}",
                    file.display(),
                    inv.format,
                    ais_model::INVENTORY_FORMAT
                )));
            }
            // Only the checks of the inventory's provider (an AWS inventory has no Dockerfiles).
            let provider = format!("{}.", inv.provider);
            checks.retain(|c| c.kind.starts_with(&provider));
            if !eval.quiet {
                eprintln!(
                    "evaluating {} checks on {} resources from {}",
                    checks.len(),
                    inv.resources.len(),
                    file.display()
                );
            }
            finish(
                &catalog.frameworks,
                mutelist.as_ref(),
                &checks,
                &inv,
                &eval,
                started,
                format!("inventory:{}", file.display()),
            )
        }
        ScanTarget::Iac {
            path,
            max_file_bytes,
            mut eval,
        } => {
            eval.level.get_or_insert(Level::Deep);
            let catalog = load_catalog(eval.checks_dir.as_ref())?;
            let checks = select_checks(&catalog, &eval, ais_collect_iac::scans_kind)?;
            let mutelist = load_mutelist(&eval)?;
            let inv = ais_collect_iac::scan(&path, &ais_collect_iac::Options { max_file_bytes })
                .map_err(|e| CliError::runtime(format!("cannot scan {e}")))?;
            if !eval.quiet {
                for e in &inv.errors {
                    eprintln!("not scanned: {}: {}", e.operation, e.message);
                }
                eprintln!(
                    "evaluating {} checks on {} resources from {}",
                    checks.len(),
                    inv.resources.len(),
                    path.display()
                );
            }
            finish(
                &catalog.frameworks,
                mutelist.as_ref(),
                &checks,
                &inv,
                &eval,
                started,
                format!("iac:{}", path.display()),
            )
        }
        ScanTarget::Aws {
            regions,
            endpoint_url,
            profile,
            save_inventory,
            concurrency,
            max_rps,
            accounts,
            eval,
        } => {
            let account_spec = accounts.resolve()?;
            let catalog = load_catalog(eval.checks_dir.as_ref())?;
            let checks = select_checks(&catalog, &eval, |k| k.starts_with("aws."))?;
            let mutelist = load_mutelist(&eval)?;
            let engine = Engine::new(&checks);
            let kinds: Vec<&str> = engine.kinds();
            let opts = ais_collect_aws::AwsOptions {
                regions,
                endpoint_url,
                profile,
                concurrency,
                deep: eval.level == Some(Level::Deep),
                accounts: account_spec,
                session_name: accounts.session_name.clone(),
                account_concurrency: accounts.account_concurrency,
                guard: ais_collect_aws::GuardSettings {
                    max_rps: std::num::NonZeroU32::new(max_rps),
                    ..Default::default()
                },
            };
            let quiet = eval.quiet;
            let progress = move |line: String| {
                if !quiet {
                    eprintln!("{line}");
                }
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| CliError::runtime(format!("cannot start the async runtime: {e}")))?;
            let inv = rt
                .block_on(ais_collect_aws::collect(&opts, Some(&kinds), &progress))
                .map_err(|e| {
                    let hint = match &e {
                        ais_collect_aws::AwsError::Credentials(_) => Some("check AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and that the credentials are not expired"),
                        ais_collect_aws::AwsError::Unreachable { .. } => Some("check --endpoint-url / AWS_ENDPOINT_URL and the network"),
                        ais_collect_aws::AwsError::Organization(_) => Some("--organization needs organizations:ListAccounts, from the management account or a delegated administrator"),
                        _ => None,
                    };
                    let err = match e {
                        ais_collect_aws::AwsError::Usage(m) => CliError::usage(m),
                        other => CliError::runtime(other.to_string()),
                    };
                    match hint {
                        Some(h) => err.hint(h),
                        None => err,
                    }
                })?;
            if let Some(path) = &save_inventory {
                let text = serde_json::to_string_pretty(&inv).expect("inventory serializes");
                std::fs::write(path, text + "\n").map_err(|e| {
                    CliError::runtime(format!("cannot write inventory {}: {e}", path.display()))
                })?;
                if !eval.quiet {
                    eprintln!("inventory saved to {}", path.display());
                }
            }
            finish(
                &catalog.frameworks,
                mutelist.as_ref(),
                &checks,
                &inv,
                &eval,
                started,
                "aws".to_string(),
            )
        }
    }
}

fn load_mutelist(eval: &EvalArgs) -> Result<Option<Mutelist>, CliError> {
    eval.mutelist
        .as_ref()
        .map(|p| Mutelist::load(p).map_err(|e| CliError::usage(format!("invalid mutelist: {e}"))))
        .transpose()
}

/// The checks a scan runs: the selection, limited to the kinds the scan can produce.
fn select_checks(
    catalog: &Catalog,
    eval: &EvalArgs,
    scannable: fn(&str) -> bool,
) -> Result<Vec<Arc<Check>>, CliError> {
    for id in &eval.checks {
        if catalog.get(id).is_none() {
            return Err(CliError::usage(format!("unknown check id '{id}'"))
                .hint("`ai-security checks list` shows every check id"));
        }
    }
    for id in &eval.compliance {
        find_framework(&catalog.frameworks, id)?;
    }
    let mut checks = catalog.select(&selection(eval));
    checks.retain(|c| scannable(&c.kind));
    if checks.is_empty() {
        return Err(CliError::usage(
            "no check matches the given --checks/--services/--severity/--level",
        ));
    }
    Ok(checks)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[allow(clippy::too_many_arguments)]
fn finish(
    frameworks: &[Framework],
    mutelist: Option<&Mutelist>,
    checks: &[Arc<Check>],
    inv: &Inventory,
    eval: &EvalArgs,
    started: String,
    source: String,
) -> Result<u8, CliError> {
    let mut findings: Vec<Finding> = Engine::new(checks).evaluate(inv);
    let (n, ignored) = ais_checks::apply_inline(&mut findings, &inv.suppressions);
    if !eval.quiet && n > 0 {
        eprintln!("inline suppressions: {n} findings muted");
    }
    for s in ignored {
        eprintln!(
            "warning: {}:{}: suppression of {} ignored: a reason is required (`# ai-security:ignore {} <reason>`)",
            s.file, s.line, s.check_id, s.check_id
        );
    }
    if let Some(m) = mutelist {
        let n = m.apply(&mut findings);
        if !eval.quiet {
            eprintln!("mutelist {}: {n} findings muted", m.source);
        }
    }
    let ran: std::collections::HashSet<String> = checks.iter().map(|c| c.id.clone()).collect();
    // Per-requirement detail for the frameworks asked for with --compliance; without it, an
    // overview (scores only) of every framework the findings refer to.
    let compliance = if eval.compliance.is_empty() {
        let ids = referred_frameworks(frameworks, &findings);
        compliance_results(frameworks, &ids, &findings, &ran)?
            .into_iter()
            .map(|f| f.overview())
            .collect()
    } else {
        compliance_results(frameworks, &eval.compliance, &findings, &ran)?
    };
    let meta = ScanMeta {
        tool: "ai-security".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        started_at: started,
        finished_at: now(),
        source,
        accounts: inv.accounts.clone(),
        regions: inv.regions.clone(),
        checks_run: checks.len(),
        resources: inv.resources.len(),
        check_ids: checks.iter().map(|c| c.id.clone()).collect(),
        not_created: inv.not_created.clone(),
    };
    if !eval.quiet && !inv.not_created.is_empty() {
        eprintln!(
            "{} resource blocks and module calls create nothing (count = 0 or an empty for_each) and were not checked; findings.json lists them under scan.not_created",
            inv.not_created.len()
        );
    }
    let by_id: HashMap<String, Arc<Check>> =
        checks.iter().map(|c| (c.id.clone(), c.clone())).collect();
    let mut formats = eval.output_formats.clone();
    formats.dedup();
    let data = ais_report::ReportData {
        findings: &findings,
        checks: &by_id,
        meta: &meta,
        compliance: &compliance,
    };
    let written = ais_report::write_all(&eval.output_dir, &formats, &data)
        .map_err(|e| CliError::runtime(e.to_string()))?;
    let summary = Summary::new(&findings);
    let mut text = summary.render(&meta);
    if !compliance.is_empty() {
        text.push('\n');
    }
    for fw in &compliance {
        text.push_str(&format!(
            "Compliance {} {}: {} ({} pass, {} fail, {} manual of {} requirements)\n",
            fw.name,
            fw.version,
            fw.score
                .score
                .map_or("not assessed".to_string(), |s| format!("{s:.1}%")),
            fw.score.pass,
            fw.score.fail,
            fw.score.manual,
            fw.score.total()
        ));
    }
    if compliance.iter().any(|f| !f.is_detailed()) {
        text.push_str(
            "Per-requirement results: --compliance ID, or `ai-security report --framework ID --input <output dir>/findings.json`\n",
        );
    }
    emit(&text);
    if !eval.quiet {
        for p in &written {
            eprintln!("wrote {}", p.display());
        }
    }
    let failed = eval.fail_on.is_some_and(|t| {
        findings
            .iter()
            .any(|f| f.status == Status::Fail && !f.muted && f.severity >= t)
    });
    if failed {
        eprintln!(
            "FAIL findings at or above severity '{}': exiting with code {EXIT_FAIL_ON}",
            eval.fail_on.expect("set")
        );
        return Ok(EXIT_FAIL_ON);
    }
    if summary.count(Status::Error) > 0 {
        let checks: std::collections::BTreeSet<&str> = findings
            .iter()
            .filter(|f| f.status == Status::Error)
            .map(|f| f.check_id.as_str())
            .collect();
        eprintln!(
            "{} findings of {} checks are ERROR (the data they need could not be collected; the cause is in each finding): exiting with code {EXIT_ERRORS}",
            summary.count(Status::Error),
            checks.len()
        );
        return Ok(EXIT_ERRORS);
    }
    Ok(EXIT_OK)
}
