//! What a generated file holds, written down by the generator as it writes
//! the bytes: the expected result of parsing it, independent of any parser
//! of ours.
//!
//! Values are the canonical ones (lower-case results, domains as the
//! receiver meant them) even where the file spells them otherwise (see
//! [`Quirk`]); a test compares them with what a parser read.

use std::net::IpAddr;

use serde::Serialize;

/// One report inside a generated file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Content {
    /// A DMARC aggregate report.
    Aggregate(AggregateTruth),
    /// An SMTP TLS report.
    Tls(TlsTruth),
    /// A DMARC failure report.
    Failure(FailureTruth),
}

impl Content {
    /// The aggregate report, if this is one.
    pub fn as_aggregate(&self) -> Option<&AggregateTruth> {
        match self {
            Self::Aggregate(a) => Some(a),
            _ => None,
        }
    }
}

/// Departures from the schema that real receivers make (issue list item
/// 1), applied to one aggregate report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Quirk {
    /// No `<version>` element.
    MissingVersion,
    /// A `<version>` other than `1.0` (e.g. `2.0`, `1`).
    WrongVersion,
    /// The RFC 9990 namespace `urn:ietf:params:xml:ns:dmarc-2.0` as the
    /// default namespace.
    Namespace,
    /// Every element with a namespace prefix (`<dmarc:feedback …>`).
    Prefixed,
    /// The `xmlns:xsd` / `xmlns:xsi` declarations Microsoft writes.
    SchemaInstance,
    /// A UTF-8 byte order mark before the XML declaration.
    Bom,
    /// No XML declaration at all.
    NoDeclaration,
    /// `encoding="windows-1252"` declared, with non-ASCII text in that
    /// encoding.
    Windows1252,
    /// Declared UTF-8 but a stray byte that is not UTF-8 in free text
    /// (the truth holds U+FFFD there).
    InvalidUtf8,
    /// Enumerated values in mixed or upper case (`Pass`, `PASS`, `None`).
    UpperCase,
    /// Optional elements present but empty (`<envelope_from></envelope_from>`,
    /// `<sp/>`, `<human_result/>`).
    EmptyElements,
    /// An empty `<reason>` (`<type></type><comment></comment>`); the truth
    /// lists no reason for it.
    EmptyReason,
    /// Several `<dkim>` and `<spf>` results in one record.
    SeveralResults,
    /// `<extensions>` at report and record level (RFC 9990 §3.1.6).
    Extensions,
    /// Elements no schema has.
    UnknownElements,
    /// The whole document on one line, no indentation.
    Compact,
}

impl Quirk {
    /// Every quirk.
    pub const ALL: [Quirk; 16] = [
        Self::MissingVersion,
        Self::WrongVersion,
        Self::Namespace,
        Self::Prefixed,
        Self::SchemaInstance,
        Self::Bom,
        Self::NoDeclaration,
        Self::Windows1252,
        Self::InvalidUtf8,
        Self::UpperCase,
        Self::EmptyElements,
        Self::EmptyReason,
        Self::SeveralResults,
        Self::Extensions,
        Self::UnknownElements,
        Self::Compact,
    ];

    /// The kebab-case name (`bom`, `empty-reason` …).
    pub fn name(self) -> &'static str {
        match self {
            Self::MissingVersion => "missing-version",
            Self::WrongVersion => "wrong-version",
            Self::Namespace => "namespace",
            Self::Prefixed => "prefixed",
            Self::SchemaInstance => "schema-instance",
            Self::Bom => "bom",
            Self::NoDeclaration => "no-declaration",
            Self::Windows1252 => "windows-1252",
            Self::InvalidUtf8 => "invalid-utf8",
            Self::UpperCase => "upper-case",
            Self::EmptyElements => "empty-elements",
            Self::EmptyReason => "empty-reason",
            Self::SeveralResults => "several-results",
            Self::Extensions => "extensions",
            Self::UnknownElements => "unknown-elements",
            Self::Compact => "compact",
        }
    }
}

impl std::str::FromStr for Quirk {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|q| q.name() == s)
            .ok_or_else(|| format!("unknown quirk {s:?}"))
    }
}

/// A DMARC aggregate report (RFC 9990 §3; RFC 7489 Appendix C).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AggregateTruth {
    /// `rfc9990` or `rfc7489`: the schema the receiver followed.
    pub schema: &'static str,
    /// `<version>` as written, `None` when absent.
    pub version: Option<String>,
    /// `<org_name>`.
    pub org_name: String,
    /// `<email>`.
    pub email: String,
    /// `<extra_contact_info>`.
    pub extra_contact_info: Option<String>,
    /// `<report_id>`.
    pub report_id: String,
    /// `<date_range><begin>`.
    pub begin: i64,
    /// `<date_range><end>`.
    pub end: i64,
    /// `<generator>` (RFC 9990).
    pub generator: Option<String>,
    /// `<policy_published>`.
    pub policy: PolicyTruth,
    /// `<record>`s in document order.
    pub records: Vec<RecordTruth>,
    /// The departures from the schema this report makes.
    pub quirks: Vec<Quirk>,
}

impl AggregateTruth {
    /// Messages represented: the sum of the records' counts.
    pub fn message_count(&self) -> u64 {
        self.records.iter().map(|r| r.count).sum()
    }
}

/// `<policy_published>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyTruth {
    /// `<domain>`.
    pub domain: String,
    /// `<adkim>`: `r` or `s`.
    pub adkim: Option<char>,
    /// `<aspf>`: `r` or `s`.
    pub aspf: Option<char>,
    /// `<p>`.
    pub p: String,
    /// `<sp>` (`None` when absent or empty).
    pub sp: Option<String>,
    /// `<np>` (RFC 9990).
    pub np: Option<String>,
    /// `<pct>` (RFC 7489).
    pub pct: Option<u8>,
    /// `<fo>`.
    pub fo: Option<String>,
    /// `<testing>` (RFC 9990): `y` → true.
    pub testing: Option<bool>,
    /// `<discovery_method>` (RFC 9990).
    pub discovery_method: Option<String>,
}

/// Who a source is, as the generator meant it: the answer a summary's
/// classification should find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceRole {
    /// The domain's own server, listed in SPF and signing: passes.
    OwnServer,
    /// The domain's own server missing from its SPF record and not signing.
    UnlistedOwnServer,
    /// A sending service set up with the domain's DKIM key or bounce domain:
    /// passes.
    AlignedService,
    /// A sending service signing with its own domain and bouncing to its own
    /// domain: authenticated but not aligned.
    UnalignedService,
    /// A forwarder or mailing list: SPF fails at the relay, DKIM survives
    /// (pass) or breaks (list footer).
    Forwarder,
    /// Someone nobody authorised.
    Spoofer,
}

/// One `<record>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordTruth {
    /// `<source_ip>`.
    pub source_ip: IpAddr,
    /// `<count>`.
    pub count: u64,
    /// `<disposition>`: `none`, `quarantine` or `reject`.
    pub disposition: &'static str,
    /// `<policy_evaluated><dkim>` is `pass`.
    pub dkim_aligned: bool,
    /// `<policy_evaluated><spf>` is `pass`.
    pub spf_aligned: bool,
    /// `<reason>`s: (type, comment).
    pub reasons: Vec<(String, Option<String>)>,
    /// `<header_from>`.
    pub header_from: String,
    /// `<envelope_from>` (`None` when absent or empty).
    pub envelope_from: Option<String>,
    /// `<envelope_to>`.
    pub envelope_to: Option<String>,
    /// `<auth_results><dkim>`s.
    pub dkim: Vec<DkimTruth>,
    /// `<auth_results><spf>`s.
    pub spf: Vec<SpfTruth>,
    /// Who sent these messages.
    pub role: SourceRole,
}

impl RecordTruth {
    /// DMARC passed (aligned DKIM or aligned SPF).
    pub fn dmarc_pass(&self) -> bool {
        self.dkim_aligned || self.spf_aligned
    }
}

/// One `<auth_results><dkim>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DkimTruth {
    /// `<domain>`: d=.
    pub domain: String,
    /// `<selector>`.
    pub selector: Option<String>,
    /// `<result>` (lower case).
    pub result: &'static str,
    /// `<human_result>`.
    pub human_result: Option<String>,
}

/// One `<auth_results><spf>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpfTruth {
    /// `<domain>`.
    pub domain: String,
    /// `<scope>`: `mfrom` or `helo`.
    pub scope: Option<&'static str>,
    /// `<result>` (lower case).
    pub result: &'static str,
}

/// An SMTP TLS report (RFC 8460 §4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsTruth {
    /// `organization-name`.
    pub organization_name: String,
    /// `report-id`.
    pub report_id: String,
    /// `contact-info`.
    pub contact_info: String,
    /// `date-range.start-datetime`, seconds since the epoch.
    pub start: i64,
    /// `date-range.end-datetime`, seconds since the epoch.
    pub end: i64,
    /// `policies`.
    pub policies: Vec<TlsPolicyTruth>,
}

/// One element of `policies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsPolicyTruth {
    /// `policy-type`: `sts`, `tlsa` or `no-policy-found`.
    pub policy_type: &'static str,
    /// `policy-domain`.
    pub policy_domain: String,
    /// `mx-host`.
    pub mx_hosts: Vec<String>,
    /// `total-successful-session-count`.
    pub successful: u64,
    /// `total-failure-session-count`.
    pub failed: u64,
    /// `failure-details`.
    pub failures: Vec<TlsFailureTruth>,
}

/// One element of `failure-details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlsFailureTruth {
    /// `result-type`.
    pub result_type: &'static str,
    /// `sending-mta-ip`.
    pub sending_mta_ip: IpAddr,
    /// `receiving-mx-hostname`.
    pub receiving_mx_hostname: String,
    /// `receiving-ip`.
    pub receiving_ip: Option<IpAddr>,
    /// `failed-session-count`.
    pub failed_session_count: u64,
}

/// A DMARC failure report (RFC 6591 ARF, or plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureTruth {
    /// The reporting organisation (the domain of the report's From:).
    pub reporter: String,
    /// `Feedback-Type` (`None` for a plain-text report).
    pub feedback_type: Option<&'static str>,
    /// `Source-IP`.
    pub source_ip: IpAddr,
    /// `Reported-Domain`.
    pub reported_domain: String,
    /// `Auth-Failure`.
    pub auth_failure: Option<&'static str>,
    /// `Original-Mail-From`.
    pub original_mail_from: String,
    /// `Original-Rcpt-To`.
    pub original_rcpt_to: String,
    /// `Arrival-Date`, seconds since the epoch.
    pub arrival: i64,
    /// The original message's Subject.
    pub original_subject: String,
    /// True for a report without a `message/feedback-report` part.
    pub plain_text: bool,
}
