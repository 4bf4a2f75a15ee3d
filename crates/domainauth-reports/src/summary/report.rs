//! The aggregator: stored records in, one [`SummaryReport`] out.
//!
//! Memory grows with the number of distinct sources (source IP × header
//! From domain), reporting organisations, days and domains, and with one
//! 64-bit hash per distinct report — never with the number of records,
//! which are added one at a time as the store streams them.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use serde::{Serialize, Serializer};

use super::classify::{Cause, Context, SourceVerdict, classify};
use super::stats::{
    MAX_KEYS_PER_SOURCE, OVERFLOW_KEY, PtrInfo, SourceStats, StoredRecord, mail_from_results,
    override_name,
};
use crate::model::{Disposition, DkimAuthResult, DmarcOutcome, Record, SpfAuthResult, UnixTime};

/// What the groups of a summary are (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum GroupBy {
    /// The source IP address (`<source_ip>`).
    Source,
    /// The reporting organisation (`<org_name>`).
    Org,
    /// The UTC day the report's range begins (`<date_range><begin>`),
    /// `YYYY-MM-DD`.
    Day,
    /// The header From domain (`<header_from>`).
    Domain,
}

impl GroupBy {
    /// `source`, `org`, `day` or `domain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Org => "org",
            Self::Day => "day",
            Self::Domain => "domain",
        }
    }

    /// All groupings.
    pub const ALL: &'static [GroupBy] = &[Self::Source, Self::Org, Self::Day, Self::Domain];
}

impl std::str::FromStr for GroupBy {
    type Err = UnknownGroupBy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|g| g.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownGroupBy {
                given: s.to_string(),
            })
    }
}

/// A `--by` value that is not `source`, `org`, `day` or `domain`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown grouping {given:?}: use source, org, day or domain")]
pub struct UnknownGroupBy {
    /// The value given.
    pub given: String,
}

/// How to finish a summary.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SummaryOptions {
    /// The grouping to list, if any.
    pub by: Option<GroupBy>,
    /// Most failing sources to list (all when `None`); the count of all of
    /// them is in [`SummaryReport::failing_sources`].
    pub top: Option<usize>,
    /// What classification needs (the Public Suffix List).
    pub context: Context,
}

/// A share of messages: `pass` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    /// Messages with the property.
    pub pass: u64,
    /// Messages counted.
    pub total: u64,
}

impl Rate {
    /// `pass / total`, or `None` when there were no messages.
    pub fn ratio(self) -> Option<f64> {
        (self.total > 0).then(|| self.pass as f64 / self.total as f64)
    }

    /// The ratio in per cent.
    pub fn percent(self) -> Option<f64> {
        self.ratio().map(|r| r * 100.0)
    }
}

/// The JSON form of [`Rate`], for its schema.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct RateJson {
    /// Messages with the property.
    pass: u64,
    /// Messages counted.
    total: u64,
    /// `pass / total`, null when there were no messages.
    rate: Option<f64>,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Rate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rate".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        RateJson::json_schema(generator)
    }
}

/// `{"pass": 3, "total": 4, "rate": 0.75}` (`rate` null with no messages).
impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Rate", 3)?;
        st.serialize_field("pass", &self.pass)?;
        st.serialize_field("total", &self.total)?;
        st.serialize_field("rate", &self.ratio())?;
        st.end()
    }
}

/// Message counts of the whole summary or of one group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Tally {
    /// Records added.
    pub records: u64,
    /// Messages (sum of `<count>`).
    pub messages: u64,
    /// Messages with an SPF `pass` (for MAIL FROM, or HELO when the record
    /// has nothing else), aligned or not.
    pub spf_auth_pass: u64,
    /// Messages with at least one DKIM `pass`, aligned or not.
    pub dkim_auth_pass: u64,
    /// Messages whose `<policy_evaluated><spf>` is pass (aligned SPF).
    pub spf_aligned_pass: u64,
    /// Messages whose `<policy_evaluated><dkim>` is pass (aligned DKIM).
    pub dkim_aligned_pass: u64,
    /// Messages that passed DMARC (either aligned pass).
    pub dmarc_pass: u64,
    /// Messages by the disposition receivers applied.
    pub dispositions: BTreeMap<Disposition, u64>,
    /// Messages by override reason (`forwarded`, `mailing_list` …); a
    /// message with several reasons counts under each.
    pub reasons: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, record: &Record) {
        let n = record.count;
        let bump = |x: &mut u64| *x = x.saturating_add(n);
        self.records = self.records.saturating_add(1);
        bump(&mut self.messages);
        if mail_from_results(record)
            .iter()
            .any(|a| a.result == SpfAuthResult::Pass)
        {
            bump(&mut self.spf_auth_pass);
        }
        if record.dkim.iter().any(|a| a.result == DkimAuthResult::Pass) {
            bump(&mut self.dkim_auth_pass);
        }
        let e = &record.evaluated;
        if e.spf == Some(DmarcOutcome::Pass) {
            bump(&mut self.spf_aligned_pass);
        }
        if e.dkim == Some(DmarcOutcome::Pass) {
            bump(&mut self.dkim_aligned_pass);
        }
        if e.dmarc_pass() {
            bump(&mut self.dmarc_pass);
        }
        bump(self.dispositions.entry(e.disposition).or_default());
        let mut seen: Vec<&str> = Vec::new();
        for r in &e.reasons {
            let name = override_name(&r.kind);
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            let key = if self.reasons.len() < MAX_KEYS_PER_SOURCE || self.reasons.contains_key(name)
            {
                name
            } else {
                OVERFLOW_KEY
            };
            bump(self.reasons.entry(key.to_string()).or_default());
        }
    }

    /// The rates of these counts.
    pub fn rates(&self) -> Rates {
        let rate = |pass| Rate {
            pass,
            total: self.messages,
        };
        Rates {
            spf_auth: rate(self.spf_auth_pass),
            dkim_auth: rate(self.dkim_auth_pass),
            spf_aligned: rate(self.spf_aligned_pass),
            dkim_aligned: rate(self.dkim_aligned_pass),
            dmarc: rate(self.dmarc_pass),
        }
    }
}

/// Authentication, alignment and DMARC pass rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Rates {
    /// SPF passed (any domain).
    pub spf_auth: Rate,
    /// DKIM passed (any domain).
    pub dkim_auth: Rate,
    /// SPF passed and aligned with the header From.
    pub spf_aligned: Rate,
    /// DKIM passed and aligned with the header From.
    pub dkim_aligned: Rate,
    /// DMARC passed.
    pub dmarc: Rate,
}

/// The figures of the whole summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Totals {
    /// Distinct reports (reporting organisation, report id, date range).
    pub reports: u64,
    /// Distinct reporting organisations.
    pub reporting_orgs: u64,
    /// Distinct sources (source IP × header From domain).
    pub sources: u64,
    /// The earliest `<date_range><begin>`.
    pub begin: Option<UnixTime>,
    /// The latest `<date_range><end>`.
    pub end: Option<UnixTime>,
}

/// One group of `--by`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct GroupRow {
    /// The group's key: an IP address, an organisation, a day
    /// (`YYYY-MM-DD`) or a domain.
    pub key: String,
    /// Its counts.
    pub counts: Tally,
    /// Its rates.
    pub rates: Rates,
}

/// A source with DMARC failures, its cause and the findings that explain
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FailingSource {
    /// The source's counts (with its reverse DNS when it was set).
    pub source: SourceStats,
    /// The cause and findings.
    #[serde(flatten)]
    pub verdict: SourceVerdict,
}

impl FailingSource {
    /// The likely cause.
    pub fn cause(&self) -> Cause {
        self.verdict.cause
    }
}

/// What the reports say: totals, rates, groups and failing sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SummaryReport {
    /// Distinct reports, organisations, sources and the date span.
    pub totals: Totals,
    /// Message counts, dispositions and override reasons.
    pub counts: Tally,
    /// Authentication, alignment and DMARC pass rates.
    pub rates: Rates,
    /// The grouping of [`SummaryReport::groups`].
    pub by: Option<GroupBy>,
    /// The groups, most messages first (days in date order).
    pub groups: Vec<GroupRow>,
    /// Sources with DMARC failures, most failing messages first (at most
    /// [`SummaryOptions::top`]).
    pub failing: Vec<FailingSource>,
    /// How many sources had DMARC failures (listed or not).
    pub failing_sources: u64,
}

/// Adds up stored records into a [`SummaryReport`].
///
/// ```
/// use domainauth_reports::summary::{Summary, SummaryOptions};
/// let mut summary = Summary::default();
/// // for record in store.records(…) { summary.add(&record); }
/// let report = summary.finish(&SummaryOptions::default());
/// assert_eq!(report.counts.messages, 0);
/// assert!(report.failing.is_empty());
/// ```
#[derive(Debug, Default)]
pub struct Summary {
    counts: Tally,
    /// Hashes of the distinct report keys.
    reports: HashSet<u64>,
    begin: Option<UnixTime>,
    end: Option<UnixTime>,
    by_source: HashMap<IpAddr, Tally>,
    by_org: HashMap<String, Tally>,
    by_day: HashMap<String, Tally>,
    by_domain: HashMap<String, Tally>,
    sources: HashMap<(IpAddr, String), SourceStats>,
    ptrs: HashMap<IpAddr, PtrInfo>,
}

impl Summary {
    /// Adds one stored record.
    pub fn add(&mut self, stored: &StoredRecord) {
        let record = &stored.record;
        let report = &stored.report;
        self.counts.add(record);
        let mut h = DefaultHasher::new();
        (
            &report.org_name,
            &report.report_id,
            report.date_range.begin,
            report.date_range.end,
        )
            .hash(&mut h);
        self.reports.insert(h.finish());
        let range = report.date_range;
        self.begin = Some(self.begin.map_or(range.begin, |b| b.min(range.begin)));
        self.end = Some(self.end.map_or(range.end, |e| e.max(range.end)));
        let from = record.identifiers.header_from.to_ascii_lowercase();
        self.by_source
            .entry(record.source_ip)
            .or_default()
            .add(record);
        tally(&mut self.by_org, &report.org_name, record);
        tally(&mut self.by_day, &day(range.begin), record);
        tally(&mut self.by_domain, &from, record);
        let key = (record.source_ip, from);
        match self.sources.get_mut(&key) {
            Some(s) => s.add(stored),
            None => {
                let mut s = SourceStats::new(record.source_ip, &key.1, &report.policy.domain);
                s.add(stored);
                self.sources.insert(key, s);
            }
        }
    }

    /// The addresses of the sources with DMARC failures so far: the ones
    /// whose reverse DNS [`Summary::set_ptr`] should give before
    /// [`Summary::finish`] classifies them.
    pub fn failing_ips(&self) -> Vec<IpAddr> {
        let mut ips: Vec<IpAddr> = self
            .sources
            .values()
            .filter(|s| s.dmarc_fail() > 0)
            .map(|s| s.source_ip)
            .collect();
        ips.sort();
        ips.dedup();
        ips
    }

    /// Gives the reverse DNS of `ip` (from the enrichment): classification
    /// uses it, and the failing sources show it.
    pub fn set_ptr(&mut self, ip: IpAddr, ptr: PtrInfo) {
        self.ptrs.insert(ip, ptr);
    }

    /// The summary, with the failing sources classified.
    pub fn finish(mut self, options: &SummaryOptions) -> SummaryReport {
        let orgs = self.by_org.len() as u64;
        let groups = match options.by {
            None => Vec::new(),
            Some(GroupBy::Source) => rows(
                self.by_source
                    .drain()
                    .map(|(ip, t)| (ip.to_string(), t))
                    .collect(),
                false,
            ),
            Some(GroupBy::Org) => rows(self.by_org.drain().collect(), false),
            Some(GroupBy::Day) => rows(self.by_day.drain().collect(), true),
            Some(GroupBy::Domain) => rows(self.by_domain.drain().collect(), false),
        };
        let sources = self.sources.len() as u64;
        let mut failing: Vec<SourceStats> = self
            .sources
            .into_values()
            .filter(|s| s.dmarc_fail() > 0)
            .collect();
        failing.sort_by(|a, b| {
            b.dmarc_fail()
                .cmp(&a.dmarc_fail())
                .then(b.messages.cmp(&a.messages))
                .then(a.source_ip.cmp(&b.source_ip))
                .then(a.header_from.cmp(&b.header_from))
        });
        let failing_sources = failing.len() as u64;
        failing.truncate(options.top.unwrap_or(usize::MAX));
        let failing = failing
            .into_iter()
            .map(|mut source| {
                source.ptr = self.ptrs.get(&source.source_ip).cloned();
                let verdict = classify(&source, &options.context);
                FailingSource { source, verdict }
            })
            .collect();
        SummaryReport {
            totals: Totals {
                reports: self.reports.len() as u64,
                reporting_orgs: orgs,
                sources,
                begin: self.begin,
                end: self.end,
            },
            rates: self.counts.rates(),
            counts: self.counts,
            by: options.by,
            groups,
            failing,
            failing_sources,
        }
    }
}

fn tally(map: &mut HashMap<String, Tally>, key: &str, record: &Record) {
    match map.get_mut(key) {
        Some(t) => t.add(record),
        None => {
            let mut t = Tally::default();
            t.add(record);
            map.insert(key.to_string(), t);
        }
    }
}

/// Groups as rows: most messages first, or in key order (days).
fn rows(groups: Vec<(String, Tally)>, key_order: bool) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = groups
        .into_iter()
        .map(|(key, counts)| GroupRow {
            key,
            rates: counts.rates(),
            counts,
        })
        .collect();
    if key_order {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        rows.sort_by(|a, b| {
            b.counts
                .messages
                .cmp(&a.counts.messages)
                .then(a.key.cmp(&b.key))
        });
    }
    rows
}

/// The UTC day of `t` as `YYYY-MM-DD`; the number itself when it is out of
/// the calendar's range.
fn day(t: UnixTime) -> String {
    match time::OffsetDateTime::from_unix_timestamp(t) {
        Ok(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        Err(_) => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_utc_calendar_dates() {
        // 2026-03-01T00:00:00Z and one second before it.
        assert_eq!(day(1_772_323_200), "2026-03-01");
        assert_eq!(day(1_772_323_199), "2026-02-28");
        assert_eq!(day(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn group_names_parse_in_any_case() {
        assert_eq!("Org".parse::<GroupBy>(), Ok(GroupBy::Org));
        assert!("week".parse::<GroupBy>().is_err());
    }

    #[test]
    fn a_rate_of_nothing_is_none() {
        assert_eq!(Rate { pass: 0, total: 0 }.ratio(), None);
        assert_eq!(Rate { pass: 1, total: 4 }.percent(), Some(25.0));
    }
}
