//! `domainauth reports show|failures|tls`: stored reports, one by one or
//! listed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use domainauth::diag::{Lang, ui};
use domainauth_reports::model::{AggregateReport, FailureReport, TlsReport};
use domainauth_reports::store::Stored;
use futures_util::StreamExt as _;

use crate::output::{Cell, Text, print_json, print_text, rows_text, table_text};
use crate::reports_cmd::{
    ListArgs, ShowArgs, count_text, csv_line, day_text, filter, open_store, store_error,
};
use crate::{CliError, Common, exit};

/// `YYYY-MM-DD HH:MM:SS UTC`.
fn time_text(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds).map_or_else(
        |_| seconds.to_string(),
        |t| {
            format!(
                "{} {:02}:{:02}:{:02} UTC",
                day_text(seconds),
                t.hour(),
                t.minute(),
                t.second()
            )
        },
    )
}

/// The store and the filter that `--db`, `--domain`, `--since` and
/// `--until` name.
async fn open_filtered(
    args: &ListArgs,
) -> Result<
    (
        domainauth_reports::store::Store,
        domainauth_reports::store::ReportFilter,
    ),
    CliError,
> {
    let filter = filter(
        args.domain.as_deref(),
        args.since.as_deref(),
        args.until.as_deref(),
    )?;
    Ok((open_store(&args.db, false).await?, filter))
}

/// Everything a store stream gives, or its first error.
async fn collect<T>(
    mut stream: impl futures_util::Stream<Item = Result<T, domainauth_reports::store::StoreError>>
    + Unpin,
) -> Result<Vec<T>, CliError> {
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item.map_err(|e| store_error(&e))?);
    }
    Ok(out)
}

/// One stored aggregate report, as `reports list` shows it.
#[derive(Debug, Default, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ListedReport {
    /// `<org_name>`.
    pub org_name: String,
    /// `<report_id>`: what `reports show` takes.
    pub report_id: String,
    /// `<date_range><begin>`, seconds since the epoch.
    pub begin: i64,
    /// `<date_range><end>`, seconds since the epoch.
    pub end: i64,
    /// `<policy_published><domain>`.
    pub domain: String,
    /// Records.
    pub records: u64,
    /// Messages (sum of `<count>`).
    pub messages: u64,
    /// Messages that passed DMARC.
    pub dmarc_pass: u64,
}

pub async fn list(args: ListArgs, common: &Common) -> Result<u8, CliError> {
    let lang = common.lang;
    let (store, filter) = open_filtered(&args).await?;
    let mut stream = store.records(&filter);
    let mut reports: BTreeMap<(i64, String, String, i64), ListedReport> = BTreeMap::new();
    while let Some(r) = stream.next().await {
        let r = r.map_err(|e| store_error(&e))?;
        let c = &r.report;
        let key = (
            c.date_range.begin,
            c.org_name.clone(),
            c.report_id.clone(),
            c.date_range.end,
        );
        let entry = reports.entry(key).or_insert_with(|| ListedReport {
            org_name: c.org_name.clone(),
            report_id: c.report_id.clone(),
            begin: c.date_range.begin,
            end: c.date_range.end,
            domain: c.policy.domain.clone(),
            ..ListedReport::default()
        });
        entry.records += 1;
        entry.messages = entry.messages.saturating_add(r.record.count);
        if r.record.evaluated.dmarc_pass() {
            entry.dmarc_pass = entry.dmarc_pass.saturating_add(r.record.count);
        }
    }
    store.close().await;
    let reports: Vec<ListedReport> = reports.into_values().collect();
    if common.json {
        print_json(&crate::json::reports::ListDocument::new(&reports))?;
    } else if args.csv {
        let mut out = csv_line(
            &[
                "org_name",
                "report_id",
                "begin",
                "end",
                "domain",
                "records",
                "messages",
                "dmarc_pass",
            ]
            .map(String::from),
        );
        for r in &reports {
            out.push_str(&csv_line(&[
                r.org_name.clone(),
                r.report_id.clone(),
                time_text(r.begin),
                time_text(r.end),
                r.domain.clone(),
                r.records.to_string(),
                r.messages.to_string(),
                r.dmarc_pass.to_string(),
            ]));
        }
        crate::output::write_stdout(out.as_bytes())?;
    } else {
        let mut out = Text::from(format!(
            "{}\n\n",
            ui(
                lang,
                "reports-ui-list-title",
                &[("count", &reports.len().to_string())]
            )
        ));
        let mut table = vec![vec![
            Cell::label(ui(lang, "reports-ui-by-org", &[])),
            Cell::label(ui(lang, "reports-ui-list-id", &[])),
            Cell::label(ui(lang, "reports-ui-show-period", &[])),
            Cell::label(ui(lang, "reports-ui-by-domain", &[])),
            Cell::label(ui(lang, "reports-ui-col-messages", &[])),
            Cell::label(ui(lang, "reports-ui-col-dmarc", &[])),
        ]];
        for r in &reports {
            table.push(vec![
                Cell::input(&r.org_name),
                Cell::input(&r.report_id),
                Cell::label(format!("{} – {}", day_text(r.begin), day_text(r.end))),
                Cell::input(&r.domain),
                Cell::label(count_text(r.messages)),
                Cell::label(crate::reports_cmd::rate_text(
                    domainauth_reports::summary::Rate {
                        pass: r.dmarc_pass,
                        total: r.messages,
                    },
                )),
            ]);
        }
        out.push_text(table_text(&table));
        print_text(&out, common.colour())?;
    }
    Ok(exit::OK)
}

pub async fn show(args: ShowArgs, common: &Common) -> Result<u8, CliError> {
    let lang = common.lang;
    let store = open_store(&args.db, false).await?;
    // `#12` is the store's number; anything else a receiver's report id
    // (which may itself be a number, so it is looked up as such first).
    let mut ids = match args.id.strip_prefix('#').map(str::parse::<i64>) {
        Some(Ok(n)) => vec![n],
        _ => store
            .aggregate_ids(&args.id)
            .await
            .map_err(|e| store_error(&e))?,
    };
    if ids.is_empty()
        && let Ok(n) = args.id.parse::<i64>()
    {
        ids.push(n);
    }
    let mut reports = Vec::new();
    for id in ids {
        if let Some(r) = store
            .aggregate_report(id)
            .await
            .map_err(|e| store_error(&e))?
        {
            reports.push(r);
        }
    }
    store.close().await;
    if reports.is_empty() {
        return Err(CliError::usage("report-not-found").param("id", &args.id));
    }
    if common.json {
        print_json(&crate::json::reports::ShowDocument::new(&reports))?;
        return Ok(exit::OK);
    }
    let mut out = Text::new();
    for (i, stored) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_text(aggregate_text(lang, stored));
    }
    print_text(&out, common.colour())?;
    Ok(exit::OK)
}

fn opt(v: Option<&str>) -> Cell {
    v.map_or_else(|| Cell::label("—"), Cell::input)
}

fn aggregate_text(lang: Lang, stored: &Stored<AggregateReport>) -> Text {
    let r = &stored.report;
    let m = &r.metadata;
    let p = &r.policy;
    let mut out = Text::from(format!(
        "{}\n\n",
        ui(
            lang,
            "reports-ui-show-title",
            &[
                ("id", &m.report_id),
                ("org", &m.org_name),
                ("number", &stored.id.to_string()),
            ]
        )
    ));
    let mut policy = vec![format!("p={}", p.p.map_or("—", |d| d.as_str()))];
    if let Some(sp) = p.sp {
        policy.push(format!("sp={}", sp.as_str()));
    }
    if let Some(np) = p.np {
        policy.push(format!("np={}", np.as_str()));
    }
    for (tag, mode) in [("adkim", p.adkim), ("aspf", p.aspf)] {
        if let Some(mode) = mode {
            let v = match mode {
                domainauth_reports::model::AlignmentMode::Relaxed => "r",
                domainauth_reports::model::AlignmentMode::Strict => "s",
            };
            policy.push(format!("{tag}={v}"));
        }
    }
    if let Some(pct) = p.pct {
        policy.push(format!("pct={pct}"));
    }
    if p.testing == Some(true) {
        policy.push("t=y".into());
    }
    let rows = vec![
        (
            Cell::label(ui(lang, "reports-ui-show-period", &[])),
            Cell::label(format!(
                "{} – {}",
                time_text(m.date_range.begin),
                time_text(m.date_range.end)
            )),
        ),
        (
            Cell::label(ui(lang, "reports-ui-show-contact", &[])),
            Cell::input(&m.email),
        ),
        (
            Cell::label(ui(lang, "reports-ui-show-domain", &[])),
            Cell::input(&p.domain),
        ),
        (
            Cell::label(ui(lang, "reports-ui-show-policy", &[])),
            Cell::input(&policy.join(" ")),
        ),
        (
            Cell::label(ui(lang, "reports-ui-show-origin", &[])),
            Cell::input(&stored.origin),
        ),
        (
            Cell::label(ui(lang, "reports-ui-show-stored", &[])),
            Cell::label(time_text(stored.ingested_at)),
        ),
    ];
    out.push_text(rows_text(rows));
    for note in r.notes.iter().chain(&m.errors) {
        let _ = writeln!(
            out,
            "  {}",
            ui(lang, "reports-ui-show-note", &[("note", note)])
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        ui(
            lang,
            "reports-ui-show-records",
            &[
                ("records", &count_text(r.records.len() as u64)),
                ("messages", &count_text(r.message_count())),
            ]
        )
    );
    let mut table = vec![vec![
        Cell::label(ui(lang, "reports-ui-col-source", &[])),
        Cell::label(ui(lang, "reports-ui-col-messages", &[])),
        Cell::label(ui(lang, "reports-ui-col-disposition", &[])),
        Cell::label("DKIM"),
        Cell::label("SPF"),
        Cell::label(ui(lang, "reports-ui-col-from", &[])),
        Cell::label(ui(lang, "reports-ui-col-auth", &[])),
    ]];
    for rec in &r.records {
        let e = &rec.evaluated;
        let outcome = |o: Option<domainauth_reports::model::DmarcOutcome>| match o {
            Some(domainauth_reports::model::DmarcOutcome::Pass) => Cell::result("pass"),
            Some(domainauth_reports::model::DmarcOutcome::Fail) => Cell::result("fail"),
            None => Cell::label("—"),
        };
        let mut auth: Vec<String> = rec
            .dkim
            .iter()
            .map(|d| {
                format!(
                    "dkim={} d={}{}",
                    domainauth_reports::summary::stats::dkim_result_name(&d.result),
                    d.domain,
                    d.selector
                        .as_deref()
                        .map_or_else(String::new, |s| format!(" s={s}"))
                )
            })
            .collect();
        auth.extend(rec.spf.iter().map(|s| {
            format!(
                "spf={} {}",
                domainauth_reports::summary::stats::spf_result_name(&s.result),
                s.domain
            )
        }));
        auth.extend(
            e.reasons
                .iter()
                .map(|r| domainauth_reports::summary::stats::override_name(&r.kind).to_string()),
        );
        table.push(vec![
            Cell::input(&rec.source_ip.to_string()),
            Cell::label(count_text(rec.count)),
            Cell::label(e.disposition.as_str()),
            outcome(e.dkim),
            outcome(e.spf),
            Cell::input(&rec.identifiers.header_from),
            Cell::input(&auth.join("; ")),
        ]);
    }
    out.push_text(table_text(&table));
    out
}

pub async fn failures(args: ListArgs, common: &Common) -> Result<u8, CliError> {
    let lang = common.lang;
    let (store, filter) = open_filtered(&args).await?;
    let mut reports = collect(store.failure_reports(&filter)).await?;
    store.close().await;
    // By arrival (the ingest time when the report gave none), oldest first.
    reports.sort_by_key(|s| (s.report.arrival_time.unwrap_or(s.ingested_at), s.id));
    if common.json {
        print_json(&crate::json::reports::FailuresDocument::new(&reports))?;
        return Ok(exit::OK);
    }
    if args.csv {
        let mut out = csv_line(
            &[
                "id",
                "arrival",
                "source_ip",
                "reported_domain",
                "auth_failure",
                "from",
                "subject",
                "reporter",
            ]
            .map(String::from),
        );
        for s in &reports {
            let r = &s.report;
            out.push_str(&csv_line(&[
                s.id.to_string(),
                r.arrival_date.clone().unwrap_or_default(),
                r.source_ip.map(|ip| ip.to_string()).unwrap_or_default(),
                r.reported_domains.join(" "),
                r.auth_failure.join(" "),
                header(r, "from").unwrap_or_default().to_string(),
                header(r, "subject").unwrap_or_default().to_string(),
                r.reporter.clone().unwrap_or_default(),
            ]));
        }
        crate::output::write_stdout(out.as_bytes())?;
        return Ok(exit::OK);
    }
    let mut out = Text::from(format!(
        "{}\n",
        ui(
            lang,
            "reports-ui-failures-title",
            &[("count", &reports.len().to_string())]
        )
    ));
    for s in &reports {
        out.push('\n');
        out.push_text(failure_text(lang, s));
    }
    print_text(&out, common.colour())?;
    Ok(exit::OK)
}

fn header<'a>(r: &'a FailureReport, name: &str) -> Option<&'a str> {
    r.original_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn failure_text(lang: Lang, stored: &Stored<FailureReport>) -> Text {
    let r = &stored.report;
    let mut out = Text::from(format!(
        "#{} {}\n",
        stored.id,
        ui(
            lang,
            "reports-ui-failure-heading",
            &[
                ("reporter", r.reporter.as_deref().unwrap_or("?")),
                (
                    "ip",
                    &r.source_ip
                        .map_or_else(|| "?".to_string(), |ip| ip.to_string())
                ),
                ("domain", &r.reported_domains.join(", ")),
            ]
        )
    ));
    let mut rows = vec![
        (
            Cell::label(ui(lang, "reports-ui-failure-arrival", &[])),
            match r.arrival_time {
                Some(t) => Cell::label(time_text(t)),
                None => opt(r.arrival_date.as_deref()),
            },
        ),
        (
            Cell::label(ui(lang, "reports-ui-failure-kind", &[])),
            opt(Some(r.auth_failure.join(", "))
                .as_deref()
                .filter(|s| !s.is_empty())),
        ),
    ];
    if let Some(d) = &r.dkim_domain {
        rows.push((
            Cell::label("DKIM"),
            Cell::input(&format!(
                "d={d}{}",
                r.dkim_selector
                    .as_deref()
                    .map_or_else(String::new, |s| format!(" s={s}"))
            )),
        ));
    }
    if let Some(m) = &r.original_mail_from {
        rows.push((Cell::label("MAIL FROM"), Cell::input(m)));
    }
    for ar in &r.authentication_results {
        rows.push((Cell::label("Authentication-Results"), Cell::input(ar)));
    }
    for name in ["From", "To", "Subject", "Date", "Message-ID"] {
        if let Some(v) = header(r, name) {
            rows.push((Cell::label(name), Cell::input(v)));
        }
    }
    out.push_text(rows_text(rows));
    out
}

/// Sessions and failures of TLS reports, added up.
#[derive(Debug, Default, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TlsTotals {
    /// Reports read.
    pub reports: u64,
    /// Successful sessions, by policy domain.
    pub successful: BTreeMap<String, u64>,
    /// Failed sessions, by policy domain.
    pub failed: BTreeMap<String, u64>,
    /// Failed sessions by result type, receiving MX and policy domain,
    /// most first.
    pub failures: Vec<TlsFailureRow>,
}

/// Failed sessions of one result type at one receiving MX.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TlsFailureRow {
    /// The policy domain.
    pub policy_domain: String,
    /// `result-type` (RFC 8460 §4.3).
    pub result_type: String,
    /// `receiving-mx-hostname`, empty when not given.
    pub receiving_mx: String,
    /// Failed sessions.
    pub sessions: u64,
    /// Reporting organisations that saw them.
    pub reporters: Vec<String>,
}

/// At most this many distinct failure rows are kept (the rest are added
/// to a `*` row), so hostile reports cannot make the table unbounded.
const MAX_TLS_ROWS: usize = 10_000;

fn tls_totals(reports: &[Stored<TlsReport>]) -> TlsTotals {
    let mut totals = TlsTotals::default();
    let mut rows: BTreeMap<(String, String, String), (u64, std::collections::BTreeSet<String>)> =
        BTreeMap::new();
    for stored in reports {
        let r = &stored.report;
        totals.reports += 1;
        for p in &r.policies {
            let ok = totals
                .successful
                .entry(p.policy_domain.clone())
                .or_default();
            *ok = ok.saturating_add(p.successful_sessions);
            let bad = totals.failed.entry(p.policy_domain.clone()).or_default();
            *bad = bad.saturating_add(p.failed_sessions);
            for f in &p.failures {
                let mut key = (
                    p.policy_domain.clone(),
                    f.result_type.clone(),
                    f.receiving_mx_hostname.clone().unwrap_or_default(),
                );
                if rows.len() >= MAX_TLS_ROWS && !rows.contains_key(&key) {
                    key = ("*".into(), "*".into(), "*".into());
                }
                let entry = rows.entry(key).or_default();
                entry.0 = entry.0.saturating_add(f.failed_session_count);
                if entry.1.len() < 16 {
                    entry.1.insert(r.organization_name.clone());
                }
            }
        }
    }
    totals.failures = rows
        .into_iter()
        .map(
            |((policy_domain, result_type, receiving_mx), (sessions, orgs))| TlsFailureRow {
                policy_domain,
                result_type,
                receiving_mx,
                sessions,
                reporters: orgs.into_iter().collect(),
            },
        )
        .collect();
    totals.failures.sort_by(|a, b| {
        b.sessions
            .cmp(&a.sessions)
            .then(a.result_type.cmp(&b.result_type))
    });
    totals
}

pub async fn tls(args: ListArgs, common: &Common) -> Result<u8, CliError> {
    let lang = common.lang;
    let (store, filter) = open_filtered(&args).await?;
    let reports = collect(store.tls_reports(&filter)).await?;
    store.close().await;
    let totals = tls_totals(&reports);
    let failed: u64 = totals.failed.values().sum();
    if common.json {
        print_json(&crate::json::reports::TlsDocument::new(&totals))?;
    } else if args.csv {
        let mut out = csv_line(
            &[
                "policy_domain",
                "result_type",
                "receiving_mx",
                "failed_sessions",
                "reporters",
            ]
            .map(String::from),
        );
        for f in &totals.failures {
            out.push_str(&csv_line(&[
                f.policy_domain.clone(),
                f.result_type.clone(),
                f.receiving_mx.clone(),
                f.sessions.to_string(),
                f.reporters.join(" "),
            ]));
        }
        crate::output::write_stdout(out.as_bytes())?;
    } else {
        let mut out = Text::from(format!(
            "{}\n\n",
            ui(
                lang,
                "reports-ui-tls-title",
                &[("count", &totals.reports.to_string())]
            )
        ));
        let mut table = vec![vec![
            Cell::label(ui(lang, "reports-ui-by-domain", &[])),
            Cell::label(ui(lang, "reports-ui-tls-successful", &[])),
            Cell::label(ui(lang, "reports-ui-tls-failed", &[])),
        ]];
        for (domain, ok) in &totals.successful {
            let bad = totals.failed.get(domain).copied().unwrap_or(0);
            table.push(vec![
                Cell::input(domain),
                Cell::label(count_text(*ok)),
                Cell::label(count_text(bad)),
            ]);
        }
        out.push_text(table_text(&table));
        if !totals.failures.is_empty() {
            let _ = writeln!(out, "\n{}", ui(lang, "reports-ui-tls-failures", &[]));
            let mut table = vec![vec![
                Cell::label(ui(lang, "reports-ui-tls-result-type", &[])),
                Cell::label(ui(lang, "reports-ui-tls-mx", &[])),
                Cell::label(ui(lang, "reports-ui-by-domain", &[])),
                Cell::label(ui(lang, "reports-ui-tls-failed", &[])),
                Cell::label(ui(lang, "reports-ui-by-org", &[])),
            ]];
            for f in &totals.failures {
                table.push(vec![
                    Cell::input(&f.result_type),
                    opt(Some(f.receiving_mx.as_str()).filter(|m| !m.is_empty())),
                    Cell::input(&f.policy_domain),
                    Cell::label(count_text(f.sessions)),
                    Cell::input(&f.reporters.join(", ")),
                ]);
            }
            out.push_text(table_text(&table));
        }
        print_text(&out, common.colour())?;
    }
    Ok(if failed > 0 { exit::NOT_OK } else { exit::OK })
}
