//! The documents of `domainauth reports …`.

use std::collections::BTreeMap;

use domainauth::diag::Lang;
use domainauth_reports::ingest::Counts;
use domainauth_reports::model::{AggregateReport, FailureReport, TlsReport};
use domainauth_reports::store::{ReportFilter, Stored};
use domainauth_reports::summary::{
    Cause, GroupBy, GroupRow, Rates, SourceStats, SummaryReport, Tally, Totals,
};
use serde::Serialize;

use super::{Finding, SchemaVersion, findings};
use crate::reports_cmd::{RdnsState, Scope};
use crate::reports_show::TlsTotals;

/// `reports ingest --json`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct IngestDocument<'a> {
    pub schema_version: SchemaVersion,
    /// `reports ingest`.
    #[cfg_attr(test, schemars(extend("const" = "reports ingest")))]
    pub command: &'static str,
    /// The store written to (a PostgreSQL URL without its password).
    pub store: &'a str,
    /// Files, mails or mailbox messages read.
    pub inputs: u64,
    /// Aggregate reports stored now.
    pub aggregate_stored: u64,
    /// Failure reports stored now.
    pub failure_stored: u64,
    /// TLS reports stored now.
    pub tls_stored: u64,
    /// Reports skipped because the store had them already.
    pub duplicates: u64,
    /// Records of the aggregate reports stored now.
    pub records: u64,
    /// Messages those records represent.
    pub messages: u64,
    /// Source addresses whose reverse DNS was looked up (null with
    /// --offline, or when nothing new was stored).
    pub reverse_dns_lookups: Option<usize>,
    /// Each file, message or attachment refused, with the reason (the
    /// first 1,000).
    pub rejected: Vec<RejectedJson>,
    /// Refusals beyond those listed in `rejected`.
    pub rejected_unlisted: u64,
    /// The error that stopped the run (the store or the IMAP server
    /// failed; exit 3), after the counts of what was done before it.
    pub error: Option<super::error::Error<'a>>,
}

/// One refused input or payload.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RejectedJson {
    /// The file, message (`path#msg N`, an IMAP URL) or archive entry
    /// (joined with ` › `).
    pub name: String,
    /// The reason's stable code (`reports-…`).
    pub code: &'static str,
    /// The values of the reason.
    pub params: BTreeMap<&'static str, String>,
    /// The reason in words, in --lang.
    pub message: String,
}

impl<'a> IngestDocument<'a> {
    pub fn new(
        lang: Lang,
        store: &'a str,
        c: &Counts,
        lookups: Option<usize>,
        error: Option<&'a crate::CliError>,
    ) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "reports ingest",
            store,
            inputs: c.inputs,
            aggregate_stored: c.aggregate_stored,
            failure_stored: c.failure_stored,
            tls_stored: c.tls_stored,
            duplicates: c.duplicates(),
            records: c.records,
            messages: c.messages,
            reverse_dns_lookups: lookups,
            rejected: c
                .rejected
                .iter()
                .map(|r| RejectedJson {
                    name: r.name.clone(),
                    code: r.message_id,
                    params: r.args.iter().cloned().collect(),
                    message: r.reason_text(lang),
                })
                .collect(),
            rejected_unlisted: c.rejected_unlisted,
            error: error.map(|e| e.json(lang).error),
        }
    }
}

/// The filter a summary or list applied.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FilterJson {
    /// `--domain`, lower case.
    pub domain: Option<String>,
    /// `--since`: seconds since the epoch (the day's first second, UTC).
    pub since: Option<i64>,
    /// `--until`: seconds since the epoch, exclusive (the next day's first second).
    pub until: Option<i64>,
}

impl From<&ReportFilter> for FilterJson {
    fn from(f: &ReportFilter) -> Self {
        Self {
            domain: f.domain.clone(),
            since: f.since,
            until: f.until,
        }
    }
}

/// `reports summary --json`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SummaryDocument<'a> {
    pub schema_version: SchemaVersion,
    /// `reports summary`.
    #[cfg_attr(test, schemars(extend("const" = "reports summary")))]
    pub command: &'static str,
    /// The store read.
    pub store: &'a str,
    /// What was selected.
    pub filter: FilterJson,
    /// Distinct reports, organisations, sources and the date span.
    pub totals: &'a Totals,
    /// Message counts, dispositions and override reasons.
    pub counts: &'a Tally,
    /// Authentication, alignment and DMARC pass rates.
    pub rates: &'a Rates,
    /// The grouping of `groups`.
    pub by: Option<GroupBy>,
    /// The groups, most messages first (days in date order).
    pub groups: &'a [GroupRow],
    /// Sources whose mail failed DMARC, most failing messages first.
    pub failing: Vec<FailingJson<'a>>,
    /// How many sources had DMARC failures (listed or not).
    pub failing_sources: u64,
    /// False when some failing source's reverse DNS was never looked up
    /// (ingested with --offline, summary without --lookup).
    pub reverse_dns_known: bool,
}

/// One failing source.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FailingJson<'a> {
    /// Its counts and reverse DNS.
    pub source: &'a SourceStats,
    /// The likely cause.
    pub cause: Cause,
    /// The cause in words, in --lang.
    pub cause_text: String,
    /// The findings that explain it, with their fixes.
    pub findings: Vec<Finding<'a>>,
    /// ISO 3166-1 country code, with --geoip (null otherwise).
    pub country: Option<String>,
    /// Autonomous system number, with --geoip.
    pub asn: Option<u32>,
    /// Autonomous system organisation, with --geoip.
    pub as_org: Option<String>,
}

impl<'a> SummaryDocument<'a> {
    pub fn new(
        lang: Lang,
        report: &'a SummaryReport,
        scope: &'a Scope,
        filter: &ReportFilter,
    ) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "reports summary",
            store: &scope.store,
            filter: filter.into(),
            totals: &report.totals,
            counts: &report.counts,
            rates: &report.rates,
            by: report.by,
            groups: &report.groups,
            failing: report
                .failing
                .iter()
                .map(|f| {
                    let geo = scope.geo.as_ref().and_then(|g| g.get(&f.source.source_ip));
                    FailingJson {
                        source: &f.source,
                        cause: f.cause(),
                        cause_text: f.cause().label(lang),
                        findings: findings(lang, &f.verdict.findings),
                        country: geo.and_then(|g| g.country.clone()),
                        asn: geo.and_then(|g| g.asn),
                        as_org: geo.and_then(|g| g.as_org.clone()),
                    }
                })
                .collect(),
            failing_sources: report.failing_sources,
            reverse_dns_known: scope.rdns == RdnsState::Known,
        }
    }
}

/// A stored report with the store's number and where it came from.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct StoredJson<'a, T> {
    /// The store's number for it.
    pub id: i64,
    /// The file, message or entry it was read from.
    pub origin: &'a str,
    /// When it was stored, seconds since the epoch.
    pub ingested_at: i64,
    /// The report.
    pub report: &'a T,
}

fn stored<T>(s: &Stored<T>) -> StoredJson<'_, T> {
    StoredJson {
        id: s.id,
        origin: &s.origin,
        ingested_at: s.ingested_at,
        report: &s.report,
    }
}

/// `reports show --json`: the reports with that id (one per reporting
/// organisation and period that used it).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ShowDocument<'a> {
    pub schema_version: SchemaVersion,
    /// `reports show`.
    #[cfg_attr(test, schemars(extend("const" = "reports show")))]
    pub command: &'static str,
    /// The reports.
    pub reports: Vec<StoredJson<'a, AggregateReport>>,
}

impl<'a> ShowDocument<'a> {
    pub fn new(reports: &'a [Stored<AggregateReport>]) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "reports show",
            reports: reports.iter().map(stored).collect(),
        }
    }
}

/// `reports list --json`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ListDocument<'a> {
    pub schema_version: SchemaVersion,
    /// `reports list`.
    #[cfg_attr(test, schemars(extend("const" = "reports list")))]
    pub command: &'static str,
    /// The stored aggregate reports, oldest first.
    pub reports: &'a [crate::reports_show::ListedReport],
}

impl<'a> ListDocument<'a> {
    pub fn new(reports: &'a [crate::reports_show::ListedReport]) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "reports list",
            reports,
        }
    }
}

/// `reports failures --json`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FailuresDocument<'a> {
    pub schema_version: SchemaVersion,
    /// `reports failures`.
    #[cfg_attr(test, schemars(extend("const" = "reports failures")))]
    pub command: &'static str,
    /// The failure reports, by arrival (oldest first).
    pub reports: Vec<StoredJson<'a, FailureReport>>,
}

impl<'a> FailuresDocument<'a> {
    pub fn new(reports: &'a [Stored<FailureReport>]) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "reports failures",
            reports: reports.iter().map(stored).collect(),
        }
    }
}

/// `reports tls --json`.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TlsDocument<'a> {
    pub schema_version: SchemaVersion,
    /// `reports tls`.
    #[cfg_attr(test, schemars(extend("const" = "reports tls")))]
    pub command: &'static str,
    /// Sessions and failures added up.
    #[serde(flatten)]
    pub totals: &'a TlsTotals,
}

impl<'a> TlsDocument<'a> {
    pub fn new(totals: &'a TlsTotals) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "reports tls",
            totals,
        }
    }
}

#[allow(unused_imports)]
use TlsReport as _;
