//! What the aggregate reports say about one sending source: the counts a
//! summary adds up per source IP and header From domain, and what the
//! enrichment learned about the IP.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};

use crate::model::{Disposition, DkimAuthResult, OverrideKind, Record, SpfAuthResult, SpfScope};

/// Most distinct keys (domains, reporters, reasons) one source keeps per
/// count; the rest add up under [`OVERFLOW_KEY`], so that a hostile report
/// naming a new domain in every record cannot grow a source without bound.
pub const MAX_KEYS_PER_SOURCE: usize = 64;

/// The key counts beyond [`MAX_KEYS_PER_SOURCE`] are added under.
pub const OVERFLOW_KEY: &str = "*";

/// Reverse DNS of a source IP (RFC 8601 §2.7.1's `iprev` idea): the PTR
/// name and whether it resolves back to the IP (forward-confirmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PtrInfo {
    /// The first PTR name.
    pub name: String,
    /// The name's A/AAAA records include the IP.
    pub forward_confirmed: bool,
}

/// Counts for one source IP sending as one header From domain, over every
/// stored aggregate record in the summary's range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SourceStats {
    /// `<source_ip>`.
    pub source_ip: IpAddr,
    /// `<header_from>` (lower case).
    pub header_from: String,
    /// The domain of `<policy_published>` (the record that was applied).
    pub policy_domain: String,
    /// Messages (sum of `<count>`).
    pub messages: u64,
    /// Messages that passed DMARC (aligned SPF or aligned DKIM).
    pub dmarc_pass: u64,
    /// Messages with `<policy_evaluated><spf>pass`.
    pub spf_aligned_pass: u64,
    /// Messages with `<policy_evaluated><dkim>pass`.
    pub dkim_aligned_pass: u64,
    /// Messages by SPF auth result and the domain SPF checked. Records
    /// without an `<spf>` result count under `("", None)`.
    #[serde(serialize_with = "spf_entries")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Entry<'static>>"))]
    pub spf_auth: BTreeMap<(String, SpfAuthResult), u64>,
    /// Messages by DKIM auth result and the signing domain (d=). Records
    /// without a `<dkim>` result count under `("", None)`.
    #[serde(serialize_with = "dkim_entries")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Entry<'static>>"))]
    pub dkim_auth: BTreeMap<(String, DkimAuthResult), u64>,
    /// The first selector (s=) seen for each signing domain, where the
    /// reports give one (RFC 9990 §3.1.5: `<selector>` is optional).
    pub dkim_selectors: BTreeMap<String, String>,
    /// Messages by envelope From domain (`""` when the report omits it).
    pub envelope_from: BTreeMap<String, u64>,
    /// Messages by applied disposition.
    pub dispositions: BTreeMap<Disposition, u64>,
    /// Messages by override reason.
    #[serde(serialize_with = "reason_entries")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Entry<'static>>"))]
    pub reasons: BTreeMap<OverrideKind, u64>,
    /// Reporting organisations that saw this source.
    pub reporters: BTreeMap<String, u64>,
    /// The weakest policy among the reports that applied to the header
    /// From domain: `p=`, or `sp=` when the From domain is a subdomain of
    /// the policy's domain and the record has one (RFC 9989 §4.7). The
    /// weakest, because anyone can mail a report: one forged report saying
    /// `p=reject` must not make the summary say that nothing needs to
    /// change, while the receivers' own reports say `p=none`.
    pub policy: Option<Disposition>,
    /// Reverse DNS, when enrichment ran and found a name.
    pub ptr: Option<PtrInfo>,
}

impl SourceStats {
    /// Empty counts for a source.
    pub fn new(source_ip: IpAddr, header_from: &str, policy_domain: &str) -> Self {
        Self {
            source_ip,
            header_from: header_from.to_ascii_lowercase(),
            policy_domain: policy_domain.to_ascii_lowercase(),
            messages: 0,
            dmarc_pass: 0,
            spf_aligned_pass: 0,
            dkim_aligned_pass: 0,
            spf_auth: BTreeMap::new(),
            dkim_auth: BTreeMap::new(),
            dkim_selectors: BTreeMap::new(),
            envelope_from: BTreeMap::new(),
            dispositions: BTreeMap::new(),
            reasons: BTreeMap::new(),
            reporters: BTreeMap::new(),
            policy: None,
            ptr: None,
        }
    }

    /// Messages that failed DMARC.
    pub fn dmarc_fail(&self) -> u64 {
        self.messages.saturating_sub(self.dmarc_pass)
    }

    /// Adds one stored record's messages (its `<count>`) to the counts.
    ///
    /// SPF results for the HELO identity are left out when the record has
    /// one for MAIL FROM: DMARC uses the MAIL FROM result (RFC 9989 §4.4).
    /// Each map keeps at most [`MAX_KEYS_PER_SOURCE`] keys.
    ///
    /// ```
    /// # use domainauth_reports::summary::{SourceStats, StoredRecord};
    /// # fn example(stored: &StoredRecord) {
    /// let r = &stored.record;
    /// let mut stats = SourceStats::new(r.source_ip, &r.identifiers.header_from, &stored.report.policy.domain);
    /// stats.add(stored);
    /// assert_eq!(stats.messages, r.count);
    /// # }
    /// ```
    pub fn add(&mut self, stored: &StoredRecord) {
        let record = &stored.record;
        let n = record.count;
        self.messages = self.messages.saturating_add(n);
        let evaluated = &record.evaluated;
        if evaluated.dmarc_pass() {
            self.dmarc_pass = self.dmarc_pass.saturating_add(n);
        }
        if evaluated.spf == Some(crate::model::DmarcOutcome::Pass) {
            self.spf_aligned_pass = self.spf_aligned_pass.saturating_add(n);
        }
        if evaluated.dkim == Some(crate::model::DmarcOutcome::Pass) {
            self.dkim_aligned_pass = self.dkim_aligned_pass.saturating_add(n);
        }
        let spf = mail_from_results(record);
        if spf.is_empty() {
            bump(&mut self.spf_auth, (String::new(), SpfAuthResult::None), n);
        }
        for a in spf {
            let key = (a.domain.to_ascii_lowercase(), a.result.clone());
            bump(&mut self.spf_auth, key, n);
        }
        if record.dkim.is_empty() {
            bump(
                &mut self.dkim_auth,
                (String::new(), DkimAuthResult::None),
                n,
            );
        }
        for a in &record.dkim {
            let domain = a.domain.to_ascii_lowercase();
            if let Some(selector) = &a.selector
                && !self.dkim_selectors.contains_key(&domain)
                && self.dkim_selectors.len() < MAX_KEYS_PER_SOURCE
            {
                self.dkim_selectors.insert(domain.clone(), selector.clone());
            }
            bump(&mut self.dkim_auth, (domain, a.result.clone()), n);
        }
        let envelope = record
            .identifiers
            .envelope_from
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        bump(&mut self.envelope_from, envelope, n);
        let d = self.dispositions.entry(evaluated.disposition).or_default();
        *d = d.saturating_add(n);
        let mut seen: Vec<&OverrideKind> = Vec::new();
        for r in &evaluated.reasons {
            if !seen.contains(&&r.kind) {
                seen.push(&r.kind);
                bump(&mut self.reasons, r.kind.clone(), n);
            }
        }
        bump(&mut self.reporters, stored.report.org_name.clone(), n);
        let policy = applied_policy(&stored.report.policy, &self.header_from);
        self.policy = match (self.policy, policy) {
            (Some(kept), Some(new)) => Some(kept.min(new)),
            (kept, new) => kept.or(new),
        };
    }
}

/// The SPF results DMARC uses: those for MAIL FROM (or without a scope),
/// or the HELO ones when the record has nothing else.
pub(crate) fn mail_from_results(record: &Record) -> Vec<&crate::model::SpfAuth> {
    let mail_from: Vec<_> = record
        .spf
        .iter()
        .filter(|a| a.scope != Some(SpfScope::Helo))
        .collect();
    if mail_from.is_empty() {
        record.spf.iter().collect()
    } else {
        mail_from
    }
}

/// The policy a published record gives `header_from`: `sp=` for a
/// subdomain of the record's domain when there is one, else `p=`.
fn applied_policy(
    policy: &crate::model::PublishedPolicy,
    header_from: &str,
) -> Option<Disposition> {
    let domain = policy.domain.to_ascii_lowercase();
    if !domain.is_empty() && header_from != domain && policy.sp.is_some() {
        policy.sp
    } else {
        policy.p
    }
}

/// A key the overflow counts go under.
trait Overflow {
    fn overflow(&self) -> Self;
}

impl Overflow for String {
    fn overflow(&self) -> Self {
        OVERFLOW_KEY.to_string()
    }
}

impl<R: Clone> Overflow for (String, R) {
    fn overflow(&self) -> Self {
        (OVERFLOW_KEY.to_string(), self.1.clone())
    }
}

impl Overflow for OverrideKind {
    fn overflow(&self) -> Self {
        OverrideKind::Other(OVERFLOW_KEY.to_string())
    }
}

/// Adds `n` under `key`, or under its overflow key when the map is full.
fn bump<K: Ord + Overflow>(map: &mut BTreeMap<K, u64>, key: K, n: u64) {
    let key = if map.len() < MAX_KEYS_PER_SOURCE || map.contains_key(&key) {
        key
    } else {
        key.overflow()
    };
    let count = map.entry(key).or_default();
    *count = count.saturating_add(n);
}

/// `pass`, `softfail` …: an SPF result as RFC 7208 §2.6 names it.
pub fn spf_result_name(result: &SpfAuthResult) -> &'static str {
    match result {
        SpfAuthResult::None => "none",
        SpfAuthResult::Neutral => "neutral",
        SpfAuthResult::Pass => "pass",
        SpfAuthResult::Fail => "fail",
        SpfAuthResult::SoftFail => "softfail",
        SpfAuthResult::TempError => "temperror",
        SpfAuthResult::PermError => "permerror",
    }
}

/// `pass`, `fail` …: a DKIM result as RFC 8601 §2.7.1 names it.
pub fn dkim_result_name(result: &DkimAuthResult) -> &'static str {
    match result {
        DkimAuthResult::None => "none",
        DkimAuthResult::Pass => "pass",
        DkimAuthResult::Fail => "fail",
        DkimAuthResult::Policy => "policy",
        DkimAuthResult::Neutral => "neutral",
        DkimAuthResult::TempError => "temperror",
        DkimAuthResult::PermError => "permerror",
    }
}

/// `mailing_list`, `forwarded` …: an override reason as RFC 9990 §3.1.3
/// names it; an `other` or unknown value as the report gave it.
pub fn override_name(kind: &OverrideKind) -> &str {
    match kind {
        OverrideKind::Forwarded => "forwarded",
        OverrideKind::SampledOut => "sampled_out",
        OverrideKind::TrustedForwarder => "trusted_forwarder",
        OverrideKind::MailingList => "mailing_list",
        OverrideKind::LocalPolicy => "local_policy",
        OverrideKind::PolicyTestMode => "policy_test_mode",
        OverrideKind::Other(value) => value,
    }
}

/// One count of a map whose keys JSON cannot hold as object keys.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct Entry<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    domain: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    messages: u64,
}

fn entries<'a, S: Serializer>(
    s: S,
    items: impl ExactSizeIterator<Item = Entry<'a>>,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for e in items {
        seq.serialize_element(&e)?;
    }
    seq.end()
}

fn spf_entries<S: Serializer>(
    map: &BTreeMap<(String, SpfAuthResult), u64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    entries(
        s,
        map.iter().map(|((d, r), n)| Entry {
            domain: Some(d),
            result: Some(spf_result_name(r)),
            reason: None,
            messages: *n,
        }),
    )
}

fn dkim_entries<S: Serializer>(
    map: &BTreeMap<(String, DkimAuthResult), u64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    entries(
        s,
        map.iter().map(|((d, r), n)| Entry {
            domain: Some(d),
            result: Some(dkim_result_name(r)),
            reason: None,
            messages: *n,
        }),
    )
}

fn reason_entries<S: Serializer>(
    map: &BTreeMap<OverrideKind, u64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    entries(
        s,
        map.iter().map(|(k, n)| Entry {
            domain: None,
            result: None,
            reason: Some(override_name(k)),
            messages: *n,
        }),
    )
}

/// The report a stored record came from: what a summary needs besides the
/// record itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReportContext {
    /// `<org_name>` of the reporting receiver.
    pub org_name: String,
    /// `<report_id>`.
    pub report_id: String,
    /// `<date_range>`.
    pub date_range: crate::model::DateRange,
    /// `<policy_published>`.
    pub policy: crate::model::PublishedPolicy,
}

impl ReportContext {
    /// The context of a record of `report` (its metadata and policy).
    pub fn of(report: &crate::model::AggregateReport) -> Self {
        Self {
            org_name: report.metadata.org_name.clone(),
            report_id: report.metadata.report_id.clone(),
            date_range: report.metadata.date_range,
            policy: report.policy.clone(),
        }
    }

    /// A context from its parts, as a store reads them back.
    pub fn new(
        org_name: &str,
        report_id: &str,
        date_range: crate::model::DateRange,
        policy: crate::model::PublishedPolicy,
    ) -> Self {
        Self {
            org_name: org_name.to_string(),
            report_id: report_id.to_string(),
            date_range,
            policy,
        }
    }
}

/// One aggregate record as the store streams it back for a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct StoredRecord {
    /// The report it belongs to.
    pub report: ReportContext,
    /// The record.
    pub record: crate::model::Record,
}

impl StoredRecord {
    /// A record with the context of its report.
    pub fn new(report: ReportContext, record: crate::model::Record) -> Self {
        Self { report, record }
    }
}
