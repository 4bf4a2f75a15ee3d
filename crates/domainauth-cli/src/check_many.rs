//! `domainauth check DOMAIN DOMAIN…` and `check --domains FILE`: many
//! domains audited at once, a bounded number at a time, summarised in one
//! table (or `--json`, or `--csv`).
//!
//! One domain, given on the command line or alone in the file, prints the
//! single-domain report of [`crate::check_cmd`] instead.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use domainauth::check::profile::add_sending_findings;
use domainauth::check::{DomainReport, check_domain};
use domainauth::diag::{Lang, Severity, ui};
use domainauth::dmarc::{Published, Value};
use domainauth::escape::escape_controls;
use futures_util::stream::{self, StreamExt};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check_cmd::CheckArgs;
use crate::check_profile::Extra;
use crate::json::check::CheckDocument;
use crate::json::check_many::{CheckManyDocument, CheckedDomain, InvalidDomain};
use crate::output::{Cell, Text, Tone, print_json, print_rendered_error, table_text, write_stdout};
use crate::verify_cmd::load_psl;
use crate::{CliError, Common, exit};

/// Domains checked at the same time unless `--concurrency` says otherwise:
/// each check asks a few dozen questions, most of them at once, so eight
/// domains keep a resolver busy without flooding it.
pub const DEFAULT_CONCURRENCY: u16 = 8;

/// The most domains one run checks: their reports are kept for the
/// summary (a few KiB each), so a list is split above this.
pub const MAX_DOMAINS: usize = 10_000;

/// The options of `check` for many domains.
#[derive(Debug, Clone, Args)]
pub struct ManyArgs {
    /// Also check the domains listed in FILE, one a line ('#' starts a
    /// comment, blank lines are skipped; '-' reads standard input). A line
    /// that is not a domain name is reported with its number, and the
    /// others are still checked. At most 10,000 distinct domains a run.
    #[arg(long = "domains", value_name = "FILE")]
    pub domains_file: Option<PathBuf>,
    /// Domains checked at the same time (1 to 256).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Print one CSV row per domain (RFC 4180, with a header row) instead
    /// of the table. Values that a spreadsheet would run as a formula
    /// (starting with = + - @) are prefixed with ', and control characters
    /// are escaped.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

/// A domain to check, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// The line of the `--domains` file; `None` on the command line.
    pub line: Option<usize>,
    /// The text as given (trimmed, comment removed).
    pub value: String,
}

/// What `check` was asked to check.
#[derive(Debug)]
pub enum Plan {
    /// One domain: the single-domain report.
    One(String),
    /// Several domains, or a file: the summary.
    Many(Vec<Given>),
}

/// The domains of the command line and of `--domains`, in that order.
pub fn plan(args: &CheckArgs) -> Result<Plan, CliError> {
    let many = &args.many;
    let mut given: Vec<Given> = args
        .domains
        .iter()
        .map(|d| Given {
            line: None,
            value: d.clone(),
        })
        .collect();
    if let Some(path) = &many.domains_file {
        given.extend(read_list(path)?);
    }
    match given.as_slice() {
        [one] if !many.csv && (many.domains_file.is_none() || domain_name(&one.value).is_ok()) => {
            Ok(Plan::One(one.value.clone()))
        }
        _ => Ok(Plan::Many(given)),
    }
}

/// The domains listed in `path` (`-`: standard input).
fn read_list(path: &Path) -> Result<Vec<Given>, CliError> {
    use crate::input::{What, is_stdin, read_file, read_stdin};
    let bytes = if is_stdin(path) {
        read_stdin(What::DomainList)?
    } else {
        read_file(path, What::DomainList)?
    };
    Ok(parse_list(&String::from_utf8_lossy(&bytes)))
}

/// One domain a line; `#` starts a comment; blank lines are skipped.
fn parse_list(text: &str) -> Vec<Given> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let value = line.split('#').next().unwrap_or("").trim();
            (!value.is_empty()).then(|| Given {
                line: Some(i + 1),
                value: value.to_string(),
            })
        })
        .collect()
}

/// The domain as checked (lower case, no final dot), or why it cannot be.
pub fn domain_name(value: &str) -> Result<String, CliError> {
    named_domain(value, "DOMAIN")
}

/// [`domain_name`], the error naming where the value came from: the
/// `DOMAIN` argument or the `--domains` file.
fn named_domain(value: &str, option: &str) -> Result<String, CliError> {
    domainauth::check::domain_name(value).map_err(|e| {
        let code = if option == "DOMAIN" {
            "invalid-domain"
        } else {
            "invalid-domain-in-list"
        };
        CliError::usage(code)
            .param("option", option)
            .param("value", value)
            .reason("error", &e)
    })
}

/// How one domain's check ended: its report with what `--ip` and
/// `--profile` add, or why it could not be checked.
enum Outcome {
    Checked(Box<DomainReport>, Box<Extra>),
    Failed(CliError),
}

impl Outcome {
    /// The exit status this domain alone would give.
    fn exit_code(&self) -> u8 {
        match self {
            Outcome::Failed(e) => e.exit_code(),
            Outcome::Checked(report, extra) => extra.exit(report),
        }
    }
}

/// One checked (or failed) domain.
struct Row {
    given: Given,
    domain: String,
    outcome: Outcome,
}

/// Runs `check` on several domains.
pub async fn run(given: Vec<Given>, args: &CheckArgs, common: &Common) -> Result<u8, CliError> {
    if args.profile.records {
        return Err(CliError::usage("records-one-domain"));
    }
    let mut invalid = Vec::new();
    let mut domains: Vec<(Given, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for g in given {
        let option = if g.line.is_some() {
            "--domains"
        } else {
            "DOMAIN"
        };
        match named_domain(&g.value, option) {
            Ok(domain) if !seen.insert(domain.clone()) => {}
            Ok(domain) => domains.push((g, domain)),
            Err(error) => invalid.push((g, error)),
        }
    }
    let resolver = args.dns.build()?;
    let psl = load_psl(args.rules.psl.as_ref())?;
    let options = crate::check_cmd::check_options(args, &resolver);
    if domains.len() > MAX_DOMAINS {
        return Err(CliError::usage("too-many-domains")
            .param("count", domains.len())
            .param("limit", MAX_DOMAINS));
    }
    if domains.is_empty() && invalid.is_empty() {
        // An empty list checks nothing: a monitoring job fed the wrong
        // file must not pass.
        return Err(CliError::usage("no-domains"));
    }
    let bar = progress_bar(common, domains.len());
    let rows: Vec<Row> = stream::iter(domains)
        .map(|(given, domain)| {
            let (resolver, options, psl, bar) = (resolver.clone(), &options, &psl, &bar);
            async move {
                let outcome = match check_domain(resolver.clone(), &domain, options, psl).await {
                    Ok(mut report) => {
                        let extra = Extra::new(&resolver, &report, &args.ips, &args.profile).await;
                        add_sending_findings(&mut report, &extra.sending);
                        Outcome::Checked(Box::new(report), Box::new(extra))
                    }
                    Err(e) => Outcome::Failed(CliError::failure("dns-failure").reason("error", &e)),
                };
                if let Some(bar) = bar {
                    bar.inc(1);
                }
                Row {
                    given,
                    domain,
                    outcome,
                }
            }
        })
        .buffered(usize::from(args.many.concurrency))
        .collect()
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    args.dns.reached(&*resolver)?;
    let lang = common.lang;
    let dns = args.dns.describe(lang);
    if common.json {
        print_json(&document(lang, dns, &rows, &invalid))?;
    } else {
        for (g, error) in &invalid {
            print_rendered_error(&line_message(lang, g, error));
        }
        if args.many.csv {
            write_stdout(csv(&rows, &invalid).as_bytes())?;
        } else {
            crate::output::print_text(
                &table(lang, &dns, &rows, !args.profile.profiles.is_empty()),
                common.colour(),
            )?;
        }
    }
    Ok(exit_code(&rows, !invalid.is_empty()))
}

/// A progress bar on stderr when it is a terminal; none otherwise.
fn progress_bar(common: &Common, len: usize) -> Option<ProgressBar> {
    if common.json || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed}").ok()?);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// The worst over all domains: 3 if one could not be checked, 2 if a
/// name was invalid, 1 if one has a warning or an error, else 0.
fn exit_code(rows: &[Row], invalid: bool) -> u8 {
    let worst = rows
        .iter()
        .map(|r| r.outcome.exit_code())
        .max()
        .unwrap_or(exit::OK);
    if invalid {
        worst.max(exit::USAGE)
    } else {
        worst
    }
}

/// An invalid entry's message, after its line number when from the file
/// (the message is rendered, its values escaped: it is not a parameter,
/// which would be escaped twice).
fn line_message(lang: Lang, given: &Given, error: &CliError) -> String {
    match given.line {
        Some(line) => format!(
            "{}: {}",
            ui(lang, "ui-check-many-line", &[("line", &line.to_string())]),
            error.message(lang)
        ),
        None => error.message(lang),
    }
}

/// The summary of one domain, shared by the table and the CSV.
struct Summary {
    spf: Option<u32>,
    dmarc: String,
    dkim: usize,
    worst: Option<(Severity, String)>,
    errors: usize,
    warnings: usize,
}

fn summary(report: &DomainReport) -> Summary {
    let dmarc = match (&report.dmarc.published, &report.dmarc.record) {
        (Published::Record { .. }, Some(record)) => match &record.p {
            Value::Valid(p) => p.as_str().to_string(),
            Value::Invalid(v) => format!("p={v}?"),
            Value::Absent => "?".to_string(),
        },
        (Published::Several { .. }, _) => "several".to_string(),
        _ => String::new(),
    };
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    Summary {
        spf: report
            .spf
            .root
            .record
            .as_ref()
            .map(|_| report.spf.total_lookups),
        dmarc,
        // Keys that could be read: a revoked or unreadable one is not
        // counted.
        dkim: report.dkim_keys.iter().filter(|k| k.bits > 0).count(),
        worst: report
            .findings
            .first()
            .map(|f| (f.severity, f.code.id().to_string())),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    }
}

/// The summary table: one row per domain, in the order given.
fn table(lang: Lang, dns: &str, rows: &[Row], profiles: bool) -> Text {
    let mut columns = vec![
        "ui-check-many-domain",
        "ui-check-many-spf",
        "ui-check-many-dmarc",
        "ui-check-many-dkim",
        "ui-check-many-worst",
        "ui-check-many-counts",
    ];
    if profiles {
        columns.push("ui-check-many-profiles");
    }
    let header = columns
        .iter()
        .map(|id| Cell::label(ui(lang, id, &[])))
        .collect();
    let dash = || Cell::label("—");
    let mut cells: Vec<Vec<Cell>> = vec![header];
    for row in rows {
        let mut line = vec![Cell::input(&row.domain)];
        match &row.outcome {
            Outcome::Checked(report, extra) => {
                let s = summary(report);
                line.push(s.spf.map_or_else(dash, |n| Cell::label(n.to_string())));
                line.push(if s.dmarc.is_empty() {
                    dash()
                } else {
                    Cell::input(&s.dmarc)
                });
                line.push(Cell::label(s.dkim.to_string()));
                line.push(match &s.worst {
                    Some((severity, code)) => Cell::label(code).toned(Tone::of_severity(*severity)),
                    None => dash(),
                });
                line.push(Cell::label(format!("{} / {}", s.errors, s.warnings)));
                if profiles {
                    let missing = profiles_missing(extra);
                    line.push(if extra.checklists.iter().any(|c| c.missing() > 0) {
                        Cell::label(missing).toned(Tone::of_severity(Severity::Error))
                    } else {
                        Cell::label(missing)
                    });
                }
            }
            Outcome::Failed(error) => {
                line.extend([dash(), dash(), dash()]);
                line.push(Cell::label(error.code()).toned(Tone::of_severity(Severity::Error)));
                line.push(dash());
                if profiles {
                    line.push(dash());
                }
            }
        }
        cells.push(line);
    }
    let mut out = Text::from(format!(
        "{}\n\n",
        ui(
            lang,
            "ui-check-many-title",
            &[("count", &rows.len().to_string()), ("dns", dns)]
        )
    ));
    out.push_text(table_text(&cells));
    out
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 11] = [
    "domain",
    "line",
    "status",
    "spf_lookups",
    "dmarc_policy",
    "dkim_keys",
    "worst_finding",
    "worst_severity",
    "errors",
    "warnings",
    "profiles_missing",
];

/// Each profile with the number of its requirements not met, as
/// `docomo=2 gmail-bulk=0`; empty without `--profile`.
fn profiles_missing(extra: &Extra) -> String {
    extra
        .checklists
        .iter()
        .map(|c| format!("{}={}", c.profile.as_str(), c.missing()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row per domain (RFC 4180: CRLF line ends, quoted fields), then one
/// per entry that is not a domain name (status `invalid`), so the file
/// accounts for every line of the list.
fn csv(rows: &[Row], invalid: &[(Given, CliError)]) -> String {
    let mut out = String::new();
    push_csv_row(&mut out, CSV_HEADER.iter().map(|s| (*s).to_string()));
    for row in rows {
        let line = row.given.line.map(|l| l.to_string()).unwrap_or_default();
        let fields: Vec<String> = match &row.outcome {
            Outcome::Checked(report, extra) => {
                let s = summary(report);
                let (severity, code) = s
                    .worst
                    .map(|(sev, code)| (sev.as_str().to_string(), code))
                    .unwrap_or_default();
                // A report some lookups could not complete says so first.
                let status = if report.partial {
                    "partial"
                } else if extra.exit(report) == exit::OK {
                    "ok"
                } else {
                    "findings"
                };
                vec![
                    row.domain.clone(),
                    line,
                    status.into(),
                    s.spf.map(|n| n.to_string()).unwrap_or_default(),
                    s.dmarc,
                    s.dkim.to_string(),
                    code,
                    severity,
                    s.errors.to_string(),
                    s.warnings.to_string(),
                    profiles_missing(extra),
                ]
            }
            Outcome::Failed(error) => vec![
                row.domain.clone(),
                line,
                "failed".into(),
                String::new(),
                String::new(),
                String::new(),
                error.code().to_string(),
                Severity::Error.as_str().to_string(),
                String::new(),
                String::new(),
                String::new(),
            ],
        };
        push_csv_row(&mut out, fields.into_iter());
    }
    for (given, error) in invalid {
        let mut fields = vec![String::new(); CSV_HEADER.len()];
        fields[0] = given.value.clone();
        fields[1] = given.line.map(|l| l.to_string()).unwrap_or_default();
        fields[2] = "invalid".into();
        fields[6] = error.code().to_string();
        fields[7] = Severity::Error.as_str().to_string();
        push_csv_row(&mut out, fields.into_iter());
    }
    out
}

fn push_csv_row(out: &mut String, fields: impl Iterator<Item = String>) {
    let fields: Vec<String> = fields.map(|f| csv_field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// A CSV field: control characters escaped (so a field stays on its line
/// and a terminal shows it safely), a leading `=`, `+`, `-` or `@`
/// prefixed with `'` so a spreadsheet shows it instead of running it as a
/// formula (OWASP "CSV injection"), and quoted as RFC 4180 §2 says when it
/// holds a comma or a quote.
pub fn csv_field(value: &str) -> String {
    let escaped = escape_controls(value);
    let mut text = String::with_capacity(escaped.len() + 3);
    if escaped.starts_with(['=', '+', '-', '@']) {
        text.push('\'');
    }
    text.push_str(&escaped);
    if text.contains([',', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The `--json` document.
fn document<'a>(
    lang: Lang,
    dns: String,
    rows: &'a [Row],
    invalid: &'a [(Given, CliError)],
) -> CheckManyDocument<'a> {
    CheckManyDocument::new(
        dns.clone(),
        rows.iter()
            .map(|row| {
                let (check, error) = match &row.outcome {
                    Outcome::Checked(report, extra) => {
                        let mut doc = CheckDocument::new(lang, dns.clone(), report);
                        doc.sending_ips = &extra.sending;
                        doc.profiles = extra.checklists_json(lang);
                        doc.records = extra.records_json(lang);
                        (Some(doc), None)
                    }
                    Outcome::Failed(error) => (None, Some(error.json(lang).error)),
                };
                CheckedDomain {
                    line: row.given.line,
                    domain: &row.domain,
                    exit_code: row.outcome.exit_code(),
                    check,
                    error,
                }
            })
            .collect(),
        invalid
            .iter()
            .map(|(given, error)| InvalidDomain {
                line: given.line,
                value: &given.value,
                error: error.json(lang).error,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_skips_comments_and_blank_lines_and_keeps_line_numbers() {
        let list = parse_list("# ours\nexample.com\n\n  example.net  # the old one\n#\n");
        assert_eq!(
            list,
            vec![
                Given {
                    line: Some(2),
                    value: "example.com".into()
                },
                Given {
                    line: Some(4),
                    value: "example.net".into()
                },
            ]
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("example.com"), "example.com");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        // A spreadsheet would run these: shown as text instead.
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        // Control characters cannot break the row or reach a terminal.
        let field = csv_field("a\r\nb\u{1b}[2J");
        assert!(!field.chars().any(char::is_control), "{field}");
    }
}
