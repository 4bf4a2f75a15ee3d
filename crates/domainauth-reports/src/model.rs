//! The typed reports every parser produces and the store keeps.
//!
//! - [`AggregateReport`]: a DMARC aggregate report (RFC 9990; the older
//!   schema of RFC 7489 Appendix C maps onto the same types).
//! - [`FailureReport`]: a DMARC failure report (RFC 9991, in the Abuse
//!   Reporting Format of RFC 5965 / RFC 6591).
//! - [`TlsReport`]: an SMTP TLS report (RFC 8460 §4).
//!
//! Values are kept as the receiver sent them where the schema leaves room
//! (domains in the form DNS uses: lower case, without a final dot, a
//! Unicode name as its A-labels; enum values case-folded); anything the parser had
//! to tolerate is listed in the report's `notes`, so a summary can say
//! "this receiver sends an invalid version" without failing the report.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// Seconds since the Unix epoch (UTC), as the aggregate report's
/// `<date_range>` carries them (RFC 9990 §3.1.1, `xs:integer`).
pub type UnixTime = i64;

/// Which XML schema a report followed, as far as the parser could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AggregateSchema {
    /// RFC 9990 (the `urn:ietf:params:xml:ns:dmarc-2.0` namespace, or a
    /// report with elements only that schema has, e.g. `<np>`,
    /// `<discovery_method>`, `<testing>`).
    Rfc9990,
    /// RFC 7489 Appendix C (`<version>1.0</version>`, `pct`, `fo`, or no
    /// namespace at all).
    Rfc7489,
}

/// A DMARC aggregate report (RFC 9990 §3; RFC 7489 §7.2 and Appendix C).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AggregateReport {
    /// The schema the report followed.
    pub schema: AggregateSchema,
    /// `<version>` as sent (absent, or not `1.0`, in many real reports).
    pub version: Option<String>,
    /// `<report_metadata>`.
    pub metadata: ReportMetadata,
    /// `<policy_published>`: the DMARC record the receiver applied.
    pub policy: PublishedPolicy,
    /// `<record>` elements, in document order.
    pub records: Vec<Record>,
    /// What the parser tolerated (wrong version, unknown elements, values
    /// out of their set …), one short English line each, for diagnostics.
    pub notes: Vec<String>,
}

impl AggregateReport {
    /// The messages the report represents: the sum of the records' counts.
    pub fn message_count(&self) -> u64 {
        self.records
            .iter()
            .fold(0u64, |n, r| n.saturating_add(r.count))
    }

    /// The identity that makes a report unique: reporting organisation,
    /// report id and date range (RFC 9990 §3.1.1: the report id is unique
    /// per reporting organisation).
    pub fn key(&self) -> ReportKey {
        ReportKey {
            org_name: self.metadata.org_name.clone(),
            report_id: self.metadata.report_id.clone(),
            begin: self.metadata.date_range.begin,
            end: self.metadata.date_range.end,
        }
    }
}

/// Reporting organisation + report id + date range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportKey {
    /// `<org_name>`.
    pub org_name: String,
    /// `<report_id>`.
    pub report_id: String,
    /// `<date_range><begin>`.
    pub begin: UnixTime,
    /// `<date_range><end>`.
    pub end: UnixTime,
}

/// `<report_metadata>` (RFC 9990 §3.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ReportMetadata {
    /// `<org_name>`: the receiver that wrote the report.
    pub org_name: String,
    /// `<email>`: its contact address.
    pub email: String,
    /// `<extra_contact_info>`.
    pub extra_contact_info: Option<String>,
    /// `<report_id>`.
    pub report_id: String,
    /// `<date_range>`.
    pub date_range: DateRange,
    /// `<error>` elements.
    pub errors: Vec<String>,
    /// `<generator>` (RFC 9990 only).
    pub generator: Option<String>,
}

/// The period a report covers, in seconds since the epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DateRange {
    /// First second covered.
    pub begin: UnixTime,
    /// Last second covered.
    pub end: UnixTime,
}

/// `adkim` / `aspf` as published (RFC 9989 §4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AlignmentMode {
    /// `r`: organizational domains must match.
    Relaxed,
    /// `s`: the domains must be identical.
    Strict,
}

/// A requested policy (`p`, `sp`, `np`) or an applied disposition
/// (RFC 9990 §3.1.2, §3.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Disposition {
    /// No action.
    None,
    /// Treat as suspicious (spam folder).
    Quarantine,
    /// Refuse.
    Reject,
}

impl Disposition {
    /// `none`, `quarantine` or `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Quarantine => "quarantine",
            Self::Reject => "reject",
        }
    }
}

/// `<policy_published>` (RFC 9990 §3.1.2; RFC 7489 Appendix C).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PublishedPolicy {
    /// `<domain>`: the domain whose record was applied.
    pub domain: String,
    /// `<adkim>`.
    pub adkim: Option<AlignmentMode>,
    /// `<aspf>`.
    pub aspf: Option<AlignmentMode>,
    /// `<p>`.
    pub p: Option<Disposition>,
    /// `<sp>`.
    pub sp: Option<Disposition>,
    /// `<np>` (RFC 9990).
    pub np: Option<Disposition>,
    /// `<pct>` (RFC 7489 only).
    pub pct: Option<u8>,
    /// `<fo>` as sent.
    pub fo: Option<String>,
    /// `<testing>` = `y` (RFC 9990 `t=y`).
    pub testing: Option<bool>,
    /// `<discovery_method>` (RFC 9990: `psl` or `treewalk`).
    pub discovery_method: Option<String>,
}

/// The DMARC outcome of one identifier (`<policy_evaluated><dkim|spf>`):
/// pass means an aligned pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DmarcOutcome {
    /// Authenticated and aligned.
    Pass,
    /// Not (authenticated and aligned).
    Fail,
}

/// Why a receiver applied another disposition than the policy asked
/// (RFC 9990 §3.1.3 `PolicyOverrideType`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OverrideKind {
    /// `forwarded`.
    Forwarded,
    /// `sampled_out` (RFC 7489 `pct`).
    SampledOut,
    /// `trusted_forwarder`.
    TrustedForwarder,
    /// `mailing_list`.
    MailingList,
    /// `local_policy`.
    LocalPolicy,
    /// `policy_test_mode` (RFC 9990 `t=y`).
    PolicyTestMode,
    /// `other`, or a value outside the set (kept as sent).
    Other(String),
}

/// `<reason>` in `<policy_evaluated>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverrideReason {
    /// `<type>`.
    pub kind: OverrideKind,
    /// `<comment>`.
    pub comment: Option<String>,
}

/// `<policy_evaluated>` (RFC 9990 §3.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PolicyEvaluated {
    /// The disposition the receiver applied.
    pub disposition: Disposition,
    /// DKIM's DMARC outcome (aligned pass or not).
    pub dkim: Option<DmarcOutcome>,
    /// SPF's DMARC outcome (aligned pass or not).
    pub spf: Option<DmarcOutcome>,
    /// Override reasons.
    pub reasons: Vec<OverrideReason>,
}

impl PolicyEvaluated {
    /// A `<policy_evaluated>` without override reasons.
    pub fn new(
        disposition: Disposition,
        dkim: Option<DmarcOutcome>,
        spf: Option<DmarcOutcome>,
    ) -> Self {
        Self {
            disposition,
            dkim,
            spf,
            reasons: Vec::new(),
        }
    }
}

impl PolicyEvaluated {
    /// DMARC passed: DKIM or SPF gave an aligned pass.
    pub fn dmarc_pass(&self) -> bool {
        self.dkim == Some(DmarcOutcome::Pass) || self.spf == Some(DmarcOutcome::Pass)
    }
}

/// `<identifiers>` (RFC 9990 §3.1.4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Identifiers {
    /// `<header_from>`: the RFC 5322.From domain.
    pub header_from: String,
    /// `<envelope_from>`: the RFC 5321.MailFrom domain.
    pub envelope_from: Option<String>,
    /// `<envelope_to>`.
    pub envelope_to: Option<String>,
}

/// A DKIM result as the receiver recorded it (RFC 9990 §3.1.5; RFC 8601
/// §2.7.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DkimAuthResult {
    /// `none`.
    None,
    /// `pass`.
    Pass,
    /// `fail`.
    Fail,
    /// `policy`.
    Policy,
    /// `neutral`.
    Neutral,
    /// `temperror`.
    TempError,
    /// `permerror`.
    PermError,
}

/// One `<auth_results><dkim>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DkimAuth {
    /// `<domain>`: the d= of the signature.
    pub domain: String,
    /// `<selector>`.
    pub selector: Option<String>,
    /// `<result>`.
    pub result: DkimAuthResult,
    /// `<human_result>`.
    pub human_result: Option<String>,
}

impl DkimAuth {
    /// One DKIM result, without a human-readable one.
    pub fn new(domain: &str, selector: Option<&str>, result: DkimAuthResult) -> Self {
        Self {
            domain: domain.to_string(),
            selector: selector.map(str::to_string),
            result,
            human_result: None,
        }
    }
}

/// An SPF result as the receiver recorded it (RFC 7208 §2.6).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SpfAuthResult {
    /// `none`.
    None,
    /// `neutral`.
    Neutral,
    /// `pass`.
    Pass,
    /// `fail` (also `hardfail`, which some receivers write).
    Fail,
    /// `softfail`.
    SoftFail,
    /// `temperror`.
    TempError,
    /// `permerror`.
    PermError,
}

/// Which identity SPF checked (`<scope>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum SpfScope {
    /// The MAIL FROM domain.
    Mfrom,
    /// The HELO name.
    Helo,
}

/// One `<auth_results><spf>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SpfAuth {
    /// `<domain>`: the domain SPF checked.
    pub domain: String,
    /// `<scope>`.
    pub scope: Option<SpfScope>,
    /// `<result>`.
    pub result: SpfAuthResult,
    /// `<human_result>`.
    pub human_result: Option<String>,
}

impl SpfAuth {
    /// One SPF result, without a human-readable one.
    pub fn new(domain: &str, scope: Option<SpfScope>, result: SpfAuthResult) -> Self {
        Self {
            domain: domain.to_string(),
            scope,
            result,
            human_result: None,
        }
    }
}

/// One `<record>`: the messages of one source IP with one set of results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Record {
    /// `<row><source_ip>`.
    pub source_ip: IpAddr,
    /// `<row><count>`.
    pub count: u64,
    /// `<row><policy_evaluated>`.
    pub evaluated: PolicyEvaluated,
    /// `<identifiers>`.
    pub identifiers: Identifiers,
    /// `<auth_results><dkim>`, in document order.
    pub dkim: Vec<DkimAuth>,
    /// `<auth_results><spf>`, in document order.
    pub spf: Vec<SpfAuth>,
}

impl Record {
    /// The record of one message from `source_ip`: count 1, no identifiers
    /// or results yet.
    pub fn message(source_ip: IpAddr, evaluated: PolicyEvaluated) -> Self {
        Self {
            source_ip,
            count: 1,
            evaluated,
            identifiers: Identifiers::default(),
            dkim: Vec::new(),
            spf: Vec::new(),
        }
    }
}

/// A DMARC failure report (RFC 9991; ARF, RFC 5965 §3 and RFC 6591), or a
/// plain-text report some receivers send instead.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FailureReport {
    /// `Feedback-Type` (`auth-failure` for DMARC).
    pub feedback_type: Option<String>,
    /// `User-Agent`.
    pub user_agent: Option<String>,
    /// `Version`.
    pub version: Option<String>,
    /// `Arrival-Date` as sent.
    pub arrival_date: Option<String>,
    /// `Arrival-Date` parsed, seconds since the epoch.
    pub arrival_time: Option<UnixTime>,
    /// `Source-IP`.
    pub source_ip: Option<IpAddr>,
    /// `Reported-Domain` (may repeat).
    pub reported_domains: Vec<String>,
    /// `Original-Mail-From`.
    pub original_mail_from: Option<String>,
    /// `Original-Rcpt-To` (may repeat).
    pub original_rcpt_to: Vec<String>,
    /// `Authentication-Results` (may repeat).
    pub authentication_results: Vec<String>,
    /// `Auth-Failure` (RFC 6591 §3.2.2: `adsp`, `bodyhash`, `revoked`,
    /// `signature`, `spf`, `dmarc`).
    pub auth_failure: Vec<String>,
    /// `DKIM-Domain`.
    pub dkim_domain: Option<String>,
    /// `DKIM-Selector`.
    pub dkim_selector: Option<String>,
    /// `DKIM-Identity`.
    pub dkim_identity: Option<String>,
    /// `Delivery-Result`.
    pub delivery_result: Option<String>,
    /// `Identity-Alignment` (RFC 9991).
    pub identity_alignment: Option<String>,
    /// `Reporting-MTA`.
    pub reporting_mta: Option<String>,
    /// `Incidents`.
    pub incidents: Option<u64>,
    /// The reporting organisation, from the report's own From: domain when
    /// the report was a mail.
    pub reporter: Option<String>,
    /// The original message's header fields (name, unfolded value), as far
    /// as the report carried them; bounded in number and size.
    pub original_headers: Vec<(String, String)>,
    /// The human-readable first part of the report, bounded.
    pub description: Option<String>,
    /// True when the report had no `message/feedback-report` part and was
    /// read from plain text.
    pub plain_text: bool,
    /// What the parser tolerated, one short English line each.
    pub notes: Vec<String>,
}

/// An SMTP TLS report (RFC 8460 §4.4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TlsReport {
    /// `organization-name`.
    pub organization_name: String,
    /// `date-range.start-datetime` as sent (RFC 3339).
    pub start: String,
    /// `date-range.end-datetime` as sent (RFC 3339).
    pub end: String,
    /// Start, seconds since the epoch (when it parsed).
    pub start_time: Option<UnixTime>,
    /// End, seconds since the epoch (when it parsed).
    pub end_time: Option<UnixTime>,
    /// `contact-info`.
    pub contact_info: Option<String>,
    /// `report-id`.
    pub report_id: String,
    /// `policies`.
    pub policies: Vec<TlsPolicyResult>,
    /// What the parser tolerated.
    pub notes: Vec<String>,
}

/// One element of `policies` (RFC 8460 §4.4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TlsPolicyResult {
    /// `policy.policy-type`: `tlsa`, `sts` or `no-policy-found`.
    pub policy_type: String,
    /// `policy.policy-string`.
    pub policy_strings: Vec<String>,
    /// `policy.policy-domain`.
    pub policy_domain: String,
    /// `policy.mx-host`.
    pub mx_hosts: Vec<String>,
    /// `summary.total-successful-session-count`.
    pub successful_sessions: u64,
    /// `summary.total-failure-session-count`.
    pub failed_sessions: u64,
    /// `failure-details`.
    pub failures: Vec<TlsFailureDetail>,
}

/// One element of `failure-details` (RFC 8460 §4.3, §4.4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TlsFailureDetail {
    /// `result-type` (e.g. `certificate-expired`, `starttls-not-supported`).
    pub result_type: String,
    /// `sending-mta-ip`.
    pub sending_mta_ip: Option<IpAddr>,
    /// `receiving-mx-hostname`.
    pub receiving_mx_hostname: Option<String>,
    /// `receiving-mx-helo`.
    pub receiving_mx_helo: Option<String>,
    /// `receiving-ip`.
    pub receiving_ip: Option<IpAddr>,
    /// `failed-session-count`.
    pub failed_session_count: u64,
    /// `additional-information`.
    pub additional_information: Option<String>,
    /// `failure-reason-code`.
    pub failure_reason_code: Option<String>,
}

/// Any report a payload can hold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Report {
    /// A DMARC aggregate report.
    Aggregate(AggregateReport),
    /// A DMARC failure report.
    Failure(FailureReport),
    /// An SMTP TLS report.
    Tls(TlsReport),
}
