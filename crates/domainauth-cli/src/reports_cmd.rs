//! `domainauth reports ingest|summary|show|failures|tls`.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use domainauth::diag::{Finding, Lang, Severity, ui};
use domainauth_reports::enrich::{Geo, Lookup, ReverseDns};
use domainauth_reports::store::{ReportFilter, SourceInfo, Store};
use domainauth_reports::summary::{
    Cause, Context, GroupBy, PtrInfo, Rate, Summary, SummaryOptions, SummaryReport,
};
use futures_util::StreamExt as _;

use crate::error::ErrorKind;
use crate::output::{
    Cell, Text, Tone, findings_lines, print_json, print_text, rows_text, table_text, term,
};
use crate::resolver::DnsArgs;
use crate::{CliError, Common, exit};

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Read DMARC aggregate and failure reports and SMTP TLS reports into the store.
    ///
    /// PATH may be a report file (.xml, .xml.gz, .zip, .json, .json.gz), a
    /// mail carrying reports as attachments (.eml), a folder of such files
    /// (read recursively), a Maildir or an mbox file; with --imap, a mailbox
    /// on an IMAP server. A report already stored (same reporting
    /// organisation, report id and date range) is counted as a duplicate and
    /// left as it is, so ingesting the same mail twice is harmless. Each
    /// refused file or attachment is listed with its reason; the rest of the
    /// batch is stored.
    ///
    /// After storing, the reverse DNS names of new source addresses are
    /// looked up (cached in the store); --offline skips all DNS.
    ///
    /// Examples:
    ///
    ///   domainauth reports ingest examples/reports --offline
    ///
    ///   domainauth reports ingest ~/Maildir/.dmarc --db postgres://dmarc@localhost/dmarc
    ///
    ///   DOMAINAUTH_IMAP_PASSWORD=… domainauth reports ingest --imap imaps://dmarc@mail.example.jp/INBOX --move-to INBOX.done --watch
    #[command(after_help = crate::help::after_help())]
    Ingest(IngestArgs),
    /// What the stored aggregate reports say: pass rates, and each failing source's likely cause and fix.
    ///
    /// Adds up the stored records (optionally for one domain and a date
    /// range): messages, SPF and DKIM authentication and alignment, DMARC
    /// pass rate, dispositions, override reasons; then ranks the sources
    /// whose mail failed DMARC by volume, with the reverse DNS name and the
    /// likely cause: a server of yours missing from SPF, a sending service
    /// signing with its own domain, forwarding and mailing lists, or
    /// someone else sending as your domain — each with what to change.
    ///
    /// Examples:
    ///
    ///   domainauth reports summary --domain example.co.jp --since 2026-11-01
    ///
    ///   domainauth reports summary --by org --csv > by-org.csv
    #[command(after_help = crate::help::after_help())]
    Summary(SummaryArgs),
    /// List the stored aggregate reports: organisation, report id, period, records, messages.
    ///
    /// The report ids it shows are what `reports show` takes.
    #[command(after_help = crate::help::after_help())]
    List(ListArgs),
    /// Show one stored aggregate report: its metadata, published policy and records.
    ///
    /// REPORT-ID is the report id the receiver gave (as `reports list`
    /// shows it), or the store's number for the report.
    #[command(after_help = crate::help::after_help())]
    Show(ShowArgs),
    /// List stored DMARC failure reports with the authentication results and headers they carry.
    #[command(after_help = crate::help::after_help())]
    Failures(ListArgs),
    /// SMTP TLS reports (RFC 8460): sessions and failures by result type and receiving MX.
    #[command(after_help = crate::help::after_help())]
    Tls(ListArgs),
}

/// Where the reports are kept.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// The store: a SQLite file (created if missing) or a PostgreSQL URL
    /// (postgres://user@host/db; the password from PGPASSWORD or
    /// ~/.pgpass). Default: reports.sqlite in the user's data directory
    /// ($XDG_DATA_HOME/domainauth, ~/.local/share/domainauth on Linux).
    #[arg(long, value_name = "PATH|URL", env = "DOMAINAUTH_REPORTS_DB")]
    pub db: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Report files, mails, folders, Maildirs or mbox files.
    #[arg(value_name = "PATH", required_unless_present = "imap")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Fetch report mail from an IMAP mailbox: imaps://USER@HOST[:PORT]/MAILBOX
    /// (TLS from the start) or imap://USER@HOST[:PORT]/MAILBOX (STARTTLS,
    /// required). The password is never part of the URL.
    #[arg(long, value_name = "URL")]
    pub imap: Option<String>,
    /// The environment variable holding the IMAP password.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "DOMAINAUTH_IMAP_PASSWORD",
        requires = "imap"
    )]
    pub imap_password_env: String,
    /// Read the IMAP password from the first line of this file instead.
    #[arg(long, value_name = "FILE", requires = "imap")]
    pub imap_password_file: Option<PathBuf>,
    /// Also trust the certificate authorities in this PEM file (a private
    /// CA for the IMAP server); the public ones are always trusted.
    #[arg(long, value_name = "FILE", requires = "imap")]
    pub imap_ca: Option<PathBuf>,
    /// Move each processed message (stored, duplicate or refused) to this
    /// folder, created if missing. Without it, messages stay where they are.
    #[arg(long, value_name = "FOLDER", requires = "imap")]
    pub move_to: Option<String>,
    /// Keep running: wait for new mail (IMAP IDLE) and ingest it as it
    /// arrives, until interrupted.
    #[arg(long, requires = "imap")]
    pub watch: bool,
    /// Make no DNS queries (no reverse DNS of source addresses).
    #[arg(long)]
    pub offline: bool,
    /// Reverse lookups in flight at once.
    #[arg(long, value_name = "N", default_value_t = 32,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub lookups: u16,
    #[command(flatten)]
    pub dns: DnsArgs,
}

/// How `reports summary` groups its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// Per source IP address (and header From domain).
    Source,
    /// Per reporting organisation.
    Org,
    /// Per day (UTC, by the report's start).
    Day,
    /// Per header From domain.
    Domain,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only reports about this domain (the header From domain of the
    /// records, or the domain of the published policy).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Only reports whose period starts on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only reports whose period starts on or before this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Also a table grouped by source, org, day or domain (the first
    /// --top rows; --csv and --json give every row). Without it: the
    /// totals and the failing sources.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// How many failing sources to explain.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// Print the table as CSV (with a header line) instead of text.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Look up reverse DNS for sources the store has no name for yet.
    /// Without it, only names learned at ingest are shown.
    #[arg(long)]
    pub lookup: bool,
    /// MaxMind-format databases (GeoLite2 Country, ASN, or compatible) for
    /// the country and network of each failing source; repeatable.
    #[arg(long = "geoip", value_name = "FILE")]
    pub geoip: Vec<PathBuf>,

    #[command(flatten)]
    pub dns: DnsArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The receiver's report id (as `reports list` shows it), or `#N` for
    /// the store's number N (a plain number is a report id first).
    #[arg(value_name = "REPORT-ID")]
    pub id: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Only reports about this domain.
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Only reports from this date on (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only reports up to this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Print CSV instead of text.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
}

/// `YYYY-MM-DD` (UTC) of seconds since the epoch; the number itself when
/// it is outside the calendar `time` knows.
pub fn day_text(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds).map_or_else(
        |_| seconds.to_string(),
        |t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
    )
}

/// Seconds since the epoch of the start (`end_of_day`: the last second) of
/// a `YYYY-MM-DD` day, UTC.
pub fn parse_day(option: &str, value: &str, end_of_day: bool) -> Result<i64, CliError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(value.trim(), &format).map_err(|_| {
        CliError::usage("invalid-date")
            .param("option", option)
            .param("value", value)
    })?;
    let start = date.midnight().assume_utc().unix_timestamp();
    Ok(if end_of_day { start + 86_399 } else { start })
}

/// A count with thousands separators (`12,345`).
pub fn count_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `80.1 %` of a rate, `—` without messages.
pub fn rate_text(rate: Rate) -> String {
    rate.percent()
        .map_or_else(|| "—".to_string(), |p| format!("{p:.1} %"))
}

/// The text of `reports summary`.
pub fn summary_text(
    lang: Lang,
    report: &SummaryReport,
    scope: &Scope,
    group_rows: Option<usize>,
) -> Text {
    let mut out = Text::new();
    let span = match (report.totals.begin, report.totals.end) {
        (Some(b), Some(e)) => format!("{} – {}", day_text(b), day_text(e)),
        _ => "—".to_string(),
    };
    let (title, domain) = match &scope.domain {
        Some(d) => ("reports-ui-summary-title", d.clone()),
        None => ("reports-ui-summary-title-all", String::new()),
    };
    let _ = writeln!(
        out,
        "{}\n",
        ui(
            lang,
            title,
            &[
                ("domain", &domain),
                ("span", &span),
                ("reports", &report.totals.reports.to_string()),
                ("orgs", &report.totals.reporting_orgs.to_string()),
                ("store", &scope.store),
            ]
        )
    );
    if report.counts.messages == 0 {
        let _ = writeln!(out, "  {}", ui(lang, "reports-ui-summary-empty", &[]));
        return out;
    }
    let rates = &report.rates;
    let rate_row = |id: &str, rate: Rate| {
        (
            Cell::label(ui(lang, id, &[])),
            Cell::label(format!(
                "{}  ({} / {})",
                rate_text(rate),
                count_text(rate.pass),
                count_text(rate.total)
            )),
        )
    };
    let mut rows = vec![
        (
            Cell::label(ui(lang, "reports-ui-messages", &[])),
            Cell::label(ui(
                lang,
                "reports-ui-messages-value",
                &[
                    ("messages", &count_text(report.counts.messages)),
                    ("records", &count_text(report.counts.records)),
                    ("sources", &count_text(report.totals.sources)),
                ],
            )),
        ),
        rate_row("reports-ui-dmarc-pass", rates.dmarc),
        rate_row("reports-ui-spf-auth", rates.spf_auth),
        rate_row("reports-ui-spf-aligned", rates.spf_aligned),
        rate_row("reports-ui-dkim-auth", rates.dkim_auth),
        rate_row("reports-ui-dkim-aligned", rates.dkim_aligned),
    ];
    let dispositions: Vec<String> = report
        .counts
        .dispositions
        .iter()
        .map(|(d, n)| format!("{} {}", d.as_str(), count_text(*n)))
        .collect();
    rows.push((
        Cell::label(ui(lang, "reports-ui-dispositions", &[])),
        Cell::label(dispositions.join(" · ")),
    ));
    if !report.counts.reasons.is_empty() {
        let reasons: Vec<String> = report
            .counts
            .reasons
            .iter()
            .map(|(r, n)| format!("{} {}", reason_label(lang, r), count_text(*n)))
            .collect();
        rows.push((
            Cell::label(ui(lang, "reports-ui-overrides", &[])),
            Cell::label(reasons.join(" · ")),
        ));
    }
    out.push_text(rows_text(rows));
    if let Some((by, limit)) = report
        .by
        .zip(group_rows)
        .filter(|_| !report.groups.is_empty())
    {
        let _ = writeln!(
            out,
            "\n{}",
            ui(lang, "reports-ui-groups-title", &[("by", by.as_str())])
        );
        let mut table = vec![vec![
            Cell::label(ui(lang, &format!("reports-ui-by-{}", by.as_str()), &[])),
            Cell::label(ui(lang, "reports-ui-col-messages", &[])),
            Cell::label(ui(lang, "reports-ui-col-dmarc", &[])),
            Cell::label(ui(lang, "reports-ui-col-spf-aligned", &[])),
            Cell::label(ui(lang, "reports-ui-col-dkim-aligned", &[])),
        ]];
        for g in report.groups.iter().take(limit) {
            table.push(vec![
                Cell::input(&g.key),
                Cell::label(count_text(g.counts.messages)),
                Cell::label(rate_text(g.rates.dmarc)),
                Cell::label(rate_text(g.rates.spf_aligned)),
                Cell::label(rate_text(g.rates.dkim_aligned)),
            ]);
        }
        out.push_text(table_text(&table));
        if report.groups.len() > limit {
            let _ = writeln!(
                out,
                "  {}",
                ui(
                    lang,
                    "reports-ui-more-rows",
                    &[("count", &(report.groups.len() - limit).to_string())]
                )
            );
        }
    }
    out.push('\n');
    if report.failing.is_empty() {
        let _ = writeln!(out, "{}", ui(lang, "reports-ui-no-failing", &[]));
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        ui(
            lang,
            "reports-ui-failing-title",
            &[
                ("shown", &report.failing.len().to_string()),
                ("total", &report.failing_sources.to_string()),
            ]
        )
    );
    let mut table = vec![vec![
        Cell::label("#"),
        Cell::label(ui(lang, "reports-ui-col-source", &[])),
        Cell::label(ui(lang, "reports-ui-col-rdns", &[])),
        Cell::label(ui(lang, "reports-ui-col-from", &[])),
        Cell::label(ui(lang, "reports-ui-col-failing", &[])),
        Cell::label(ui(lang, "reports-ui-col-cause", &[])),
    ]];
    if scope.geo.is_some() {
        table[0].insert(3, Cell::label(ui(lang, "reports-ui-col-network", &[])));
    }
    for (i, f) in report.failing.iter().enumerate() {
        let s = &f.source;
        let mut row = vec![
            Cell::label((i + 1).to_string()),
            Cell::input(&s.source_ip.to_string()),
            rdns_cell(lang, s.ptr.as_ref(), scope.rdns),
            Cell::input(&s.header_from),
            Cell::label(format!(
                "{} / {}",
                count_text(s.dmarc_fail()),
                count_text(s.messages)
            )),
            Cell::label(f.cause().label(lang)).toned(cause_tone(f.cause())),
        ];
        if let Some(geo) = &scope.geo {
            row.insert(3, Cell::label(geo_text(geo.get(&s.source_ip))));
        }
        table.push(row);
    }
    out.push_text(table_text(&table));
    let mut policy_shown = std::collections::BTreeSet::new();
    for (i, f) in report.failing.iter().enumerate() {
        let s = &f.source;
        let _ = writeln!(
            out,
            "\n{}. {}",
            i + 1,
            ui(
                lang,
                "reports-ui-source-heading",
                &[
                    ("ip", &s.source_ip.to_string()),
                    ("from", &s.header_from),
                    ("cause", &f.cause().label(lang)),
                ]
            )
        );
        // A finding about the domain's policy is the same for every
        // source of that domain: said once.
        let findings: Vec<Finding> = f
            .verdict
            .findings
            .iter()
            .filter(|finding| {
                !finding.code.id().starts_with("report-policy-")
                    || policy_shown.insert((finding.code, finding.params.clone()))
            })
            .cloned()
            .collect();
        out.push_text(findings_lines(lang, &findings));
    }
    if scope.rdns == RdnsState::Offline {
        let _ = writeln!(out, "\n{}", ui(lang, "reports-ui-rdns-offline", &[]));
    }
    if scope.geo.is_none() {
        let _ = writeln!(out, "\n{}", ui(lang, "reports-ui-no-geoip", &[]));
    }
    out
}

/// An override reason (RFC 9990 `PolicyOverrideType`) in words; a value
/// outside the set as it was sent.
pub fn reason_label(lang: Lang, reason: &str) -> String {
    match reason {
        "forwarded" | "sampled_out" | "trusted_forwarder" | "mailing_list" | "local_policy"
        | "policy_test_mode" | "other" => ui(lang, &format!("reports-reason-{reason}"), &[]),
        other => term(other).into_owned(),
    }
}

/// Where a summary came from, for its title and notes.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The store, as the user named it (a PostgreSQL URL without password).
    pub store: String,
    /// The `--domain`, if any.
    pub domain: Option<String>,
    /// What reverse DNS the summary could show.
    pub rdns: RdnsState,
    /// Country and network of the failing sources, when `--geoip` was given.
    pub geo: Option<std::collections::HashMap<IpAddr, Geo>>,
}

/// `JP AS2516 KDDI` (what is known of it), `—` when nothing.
pub fn geo_text(geo: Option<&Geo>) -> String {
    let Some(g) = geo else {
        return "—".to_string();
    };
    let mut parts = Vec::new();
    if let Some(c) = &g.country {
        parts.push(c.clone());
    }
    if let Some(asn) = g.asn {
        parts.push(format!("AS{asn}"));
    }
    if let Some(org) = &g.as_org {
        parts.push(term(org).into_owned());
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" ")
    }
}

/// Whether reverse DNS names are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdnsState {
    /// Looked up (at ingest, or now with --lookup).
    Known,
    /// Never looked up: ingested with --offline and no --lookup now.
    Offline,
}

fn rdns_cell(lang: Lang, ptr: Option<&PtrInfo>, state: RdnsState) -> Cell {
    match ptr {
        Some(p) if p.forward_confirmed => Cell::input(&p.name),
        Some(p) => Cell::label(ui(
            lang,
            "reports-ui-rdns-unconfirmed",
            &[("name", &p.name)],
        )),
        None if state == RdnsState::Offline => Cell::label("?"),
        None => Cell::label("—"),
    }
}

fn cause_tone(cause: Cause) -> Tone {
    match cause {
        Cause::Spoofing | Cause::UnlistedOwnServer => Tone::Error,
        Cause::Forwarding | Cause::Authenticated => Tone::Info,
        _ => Tone::Warning,
    }
}

pub async fn run(command: ReportsCommand, common: &Common) -> Result<u8, CliError> {
    match command {
        ReportsCommand::Ingest(args) => crate::reports_ingest::run(args, common).await,
        ReportsCommand::Summary(args) => summary(args, common).await,
        ReportsCommand::List(args) => crate::reports_show::list(args, common).await,
        ReportsCommand::Show(args) => crate::reports_show::show(args, common).await,
        ReportsCommand::Failures(args) => crate::reports_show::failures(args, common).await,
        ReportsCommand::Tls(args) => crate::reports_show::tls(args, common).await,
    }
}

/// The store the arguments name (the default file when none), opened.
/// `create`: ingest may create a new SQLite file (readable by its owner
/// only: failure reports carry message headers); the other commands
/// refuse a file that does not exist rather than report on an empty store.
pub async fn open_store(db: &DbArgs, create: bool) -> Result<Store, CliError> {
    let target = match &db.db {
        Some(t) => t.clone(),
        None => default_db()?.display().to_string(),
    };
    if !target.contains("://") && !target.starts_with("sqlite:") {
        let path = std::path::Path::new(&target);
        if !path.exists() {
            if !create {
                return Err(CliError::failure("no-store").param("path", &target));
            }
            create_private(path)?;
        }
    }
    Store::open(&target)
        .await
        .map_err(|e| CliError::explained(ErrorKind::Failure, "store", &e))
}

/// A new empty file at `path` (and its folder), mode 0600 on Unix.
fn create_private(path: &std::path::Path) -> Result<(), CliError> {
    let failed = |e: std::io::Error| {
        CliError::failure("write-file")
            .param("path", path.display())
            .reason("error", &e)
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process made it first: it opens as it is.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(failed(e)),
    }
}

/// `reports.sqlite` in the user's data directory.
fn default_db() -> Result<PathBuf, CliError> {
    use etcetera::BaseStrategy as _;
    etcetera::choose_base_strategy()
        .map(|dirs| dirs.data_dir().join("domainauth").join("reports.sqlite"))
        .map_err(|_| CliError::failure("no-data-dir"))
}

/// A store error met while reading or writing.
pub fn store_error(e: &domainauth_reports::store::StoreError) -> CliError {
    CliError::explained(ErrorKind::Failure, "store", e)
}

/// The filter of `--domain`, `--since`, `--until`.
pub fn filter(
    domain: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<ReportFilter, CliError> {
    if let Some(d) = domain {
        domainauth::dns::check_host_name(d).map_err(|e| {
            CliError::usage("invalid-domain")
                .param("option", "--domain")
                .param("value", d)
                .reason("error", &e)
        })?;
    }
    let since = since.map(|v| parse_day("--since", v, false)).transpose()?;
    // --until is a whole day: up to (not including) the next midnight.
    let until = until
        .map(|v| parse_day("--until", v, true).map(|t| t + 1))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        return Err(CliError::usage("date-range")
            .param("since", day_text(s))
            .param("until", day_text(u - 1)));
    }
    Ok(ReportFilter {
        domain: domain.map(|d| d.trim_end_matches('.').to_ascii_lowercase()),
        since,
        until,
    })
}

/// Reverse DNS of `ips` from the store's cache, and for those it lacks,
/// from DNS when `resolver` is given (the answers are cached). Returns what
/// is known and whether any IP stayed unknown for want of a lookup.
pub async fn reverse_dns(
    store: &Store,
    ips: Vec<IpAddr>,
    resolver: Option<(std::sync::Arc<dyn domainauth::Resolver>, usize)>,
) -> Result<(Vec<(IpAddr, PtrInfo)>, bool), CliError> {
    let cached = store.source_info(&ips).await.map_err(|e| store_error(&e))?;
    let mut known = Vec::new();
    let mut missing = Vec::new();
    for ip in ips {
        match cached.get(&ip) {
            Some(info) => {
                if let Some(ptr) = &info.ptr {
                    known.push((ip, ptr.clone()));
                }
            }
            None => missing.push(ip),
        }
    }
    let Some((resolver, in_flight)) = resolver else {
        return Ok((known, !missing.is_empty()));
    };
    let now = i64::try_from(crate::now()).unwrap_or(i64::MAX);
    let found = ReverseDns::new(resolver)
        .in_flight(in_flight)
        .lookup_all(missing)
        .await;
    let mut cache = Vec::new();
    for (ip, lookup) in found {
        if lookup.is_transient() {
            // A timeout is not "no name": asked again next time.
            continue;
        }
        let mut info = SourceInfo::new(ip, now);
        if let Lookup::Found(ptr) = lookup {
            known.push((ip, ptr.clone()));
            info.ptr = Some(ptr);
        }
        cache.push(info);
    }
    store
        .put_source_info(&cache)
        .await
        .map_err(|e| store_error(&e))?;
    Ok((known, false))
}

async fn summary(args: SummaryArgs, common: &Common) -> Result<u8, CliError> {
    let lang = common.lang;
    let filter = filter(
        args.domain.as_deref(),
        args.since.as_deref(),
        args.until.as_deref(),
    )?;
    let resolver = if args.lookup {
        Some((args.dns.build()?, 32))
    } else {
        None
    };
    let geo_db = if args.geoip.is_empty() {
        None
    } else {
        for path in &args.geoip {
            std::fs::metadata(path).map_err(|e| {
                CliError::usage("read-file")
                    .param("path", path.display())
                    .reason("error", &e)
            })?;
        }
        Some(
            domainauth_reports::enrich::GeoDb::open(&args.geoip)
                .map_err(|e| CliError::explained(ErrorKind::Usage, "geoip", &e))?,
        )
    };
    let store = open_store(&args.db, false).await?;
    let mut summary = Summary::default();
    let mut records = store.records(&filter);
    while let Some(record) = records.next().await {
        summary.add(&record.map_err(|e| store_error(&e))?);
    }
    let (known, unknown) = reverse_dns(&store, summary.failing_ips(), resolver).await?;
    for (ip, ptr) in known {
        summary.set_ptr(ip, ptr);
    }
    let psl = crate::verify_cmd::load_psl(None)?;
    let mut options = SummaryOptions::default();
    options.by = Some(match args.by.unwrap_or(By::Source) {
        By::Source => GroupBy::Source,
        By::Org => GroupBy::Org,
        By::Day => GroupBy::Day,
        By::Domain => GroupBy::Domain,
    });
    // CSV is for a spreadsheet: every failing source gets its cause.
    options.top = if args.csv { None } else { Some(args.top) };
    options.context = Context::new((*psl).clone());
    let report = summary.finish(&options);
    let geo = match geo_db {
        Some(db) => Some(
            report
                .failing
                .iter()
                .map(|f| (f.source.source_ip, db.lookup(f.source.source_ip)))
                .collect(),
        ),
        None => None,
    };
    let scope = Scope {
        store: store.target().to_string(),
        domain: filter.domain.clone(),
        rdns: if unknown {
            RdnsState::Offline
        } else {
            RdnsState::Known
        },
        geo,
    };
    store.close().await;
    if common.json {
        print_json(&crate::json::reports::SummaryDocument::new(
            lang, &report, &scope, &filter,
        ))?;
    } else if args.csv {
        crate::output::write_stdout(summary_csv(&report).as_bytes())?;
    } else {
        let rows = args.by.map(|_| args.top);
        print_text(&summary_text(lang, &report, &scope, rows), common.colour())?;
    }
    Ok(if report.failing.iter().any(needs_action) {
        exit::NOT_OK
    } else {
        exit::OK
    })
}

/// Whether a failing source asks something of the domain owner: forwarded
/// mail does not, nor does spoofing that the policy already rejects; every
/// other cause does (the exit status of `reports summary`).
fn needs_action(f: &domainauth_reports::summary::FailingSource) -> bool {
    match f.cause() {
        Cause::Authenticated | Cause::Forwarding => false,
        Cause::Spoofing => f
            .verdict
            .findings
            .iter()
            .any(|x| x.severity >= Severity::Warning && x.code.id() == "report-policy-tighten"),
        _ => true,
    }
}

/// One CSV field: quoted when it holds a comma, quote or line break;
/// control characters escaped; a value a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) prefixed with `'` (values come from
/// reports anyone can send).
pub fn csv_field(value: &str) -> String {
    let mut v = term(value).into_owned();
    if v.starts_with(['=', '+', '-', '@']) {
        v.insert(0, '\'');
    }
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// One CSV line.
pub fn csv_line(fields: &[String]) -> String {
    let mut line: String = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

fn ratio_csv(rate: Rate) -> String {
    rate.ratio().map_or_else(String::new, |r| format!("{r:.4}"))
}

/// The groups of a summary as CSV (one line per group, a header first);
/// with `--by source`, each failing source's cause too.
fn summary_csv(report: &SummaryReport) -> String {
    let by = report.by.map_or("source", |b| b.as_str());
    let mut out = csv_line(
        &[
            by,
            "messages",
            "dmarc_pass",
            "spf_auth_pass",
            "dkim_auth_pass",
            "spf_aligned_pass",
            "dkim_aligned_pass",
            "dmarc_pass_rate",
            "cause",
            "reverse_dns",
        ]
        .map(String::from),
    );
    for g in &report.groups {
        let failing = report.failing.iter().find(|f| {
            report.by == Some(GroupBy::Source) && f.source.source_ip.to_string() == g.key
        });
        let c = &g.counts;
        out.push_str(&csv_line(&[
            g.key.clone(),
            c.messages.to_string(),
            c.dmarc_pass.to_string(),
            c.spf_auth_pass.to_string(),
            c.dkim_auth_pass.to_string(),
            c.spf_aligned_pass.to_string(),
            c.dkim_aligned_pass.to_string(),
            ratio_csv(g.rates.dmarc),
            failing.map_or_else(String::new, |f| f.cause().id().to_string()),
            failing
                .and_then(|f| f.source.ptr.as_ref())
                .map_or_else(String::new, |p| p.name.clone()),
        ]));
    }
    out
}
