//! What the aggregate reports say about one sending source: the counts a
//! summary adds up per source IP and header From domain, and what the
//! enrichment learned about the IP.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;

use crate::model::{Disposition, DkimAuthResult, OverrideKind, SpfAuthResult};

/// Reverse DNS of a source IP (RFC 8601 §2.7.1's `iprev` idea): the PTR
/// name and whether it resolves back to the IP (forward-confirmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PtrInfo {
    /// The first PTR name.
    pub name: String,
    /// The name's A/AAAA records include the IP.
    pub forward_confirmed: bool,
}

/// Counts for one source IP sending as one header From domain, over every
/// stored aggregate record in the summary's range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Messages by SPF auth result and the domain SPF checked.
    pub spf_auth: BTreeMap<(String, SpfAuthResult), u64>,
    /// Messages by DKIM auth result and the signing domain (d=). Records
    /// without a `<dkim>` result count under `("", None)`.
    pub dkim_auth: BTreeMap<(String, DkimAuthResult), u64>,
    /// Messages by envelope From domain (`""` when the report omits it).
    pub envelope_from: BTreeMap<String, u64>,
    /// Messages by applied disposition.
    pub dispositions: BTreeMap<Disposition, u64>,
    /// Messages by override reason.
    pub reasons: BTreeMap<OverrideKind, u64>,
    /// Reporting organisations that saw this source.
    pub reporters: BTreeMap<String, u64>,
    /// The strongest `p=` among the reports (what the policy asks today).
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
}

/// The report a stored record came from: what a summary needs besides the
/// record itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// One aggregate record as the store streams it back for a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StoredRecord {
    /// The report it belongs to.
    pub report: ReportContext,
    /// The record.
    pub record: crate::model::Record,
}
