//! The likely cause of a source's DMARC failures, and its fix, as findings
//! of the protocol crate's catalogue (the same codes and texts `verify`
//! gives where the cause is the same).
//!
//! The rules are conservative, because whoever sends a message chooses
//! what it looks like (docs/SECURITY.md, "Advice a forger can trigger"):
//!
//! - a source is called a server of the owner ([`Cause::UnlistedOwnServer`],
//!   "add it to SPF") only when its reverse DNS name is forward-confirmed
//!   inside the From domain's organizational domain: a forger controls the
//!   PTR record of his own address, but not the forward zone of the victim;
//!   and only when the From domain lies within the domain whose policy the
//!   report is about (RFC 9990 §3.1.2: the policy applied to the From
//!   domain is its own or its organizational domain's), so that a forged
//!   report about `example.co.jp` cannot slip in a lookalike From domain
//!   the forger owns (`examp1e.co.jp`) and have it called "yours" in the
//!   summary of `example.co.jp`; a From domain that is not a DNS name
//!   (Unicode left after [A-label conversion](crate::model)) is never
//!   anyone's server;
//! - every other fix that names the address says "if it is your server",
//!   or says not to add it;
//! - no finding asks to weaken the policy, and tightening is advised only
//!   for a source nothing links to the domain, and only while `p=` is not
//!   already `reject`.
//!
//! The order of the rules, for a source with DMARC failures:
//!
//! 1. receivers recorded `forwarded`, `mailing_list` or `trusted_forwarder`
//!    as their reason to override the policy → [`Cause::Forwarding`];
//! 2. SPF or DKIM passed for a domain outside the organizational domain →
//!    [`Cause::ThirdPartyService`];
//! 3. envelope From inside the organizational domain, SPF `fail`,
//!    `softfail`, `neutral` or `none` there, a forward-confirmed PTR
//!    name inside it, and the From domain within the report's policy
//!    domain → [`Cause::UnlistedOwnServer`];
//! 4. SPF `fail` or `softfail` for the organizational domain from a host
//!    whose forward-confirmed PTR name is outside it, with DKIM signatures
//!    of the domain present → [`Cause::Forwarding`];
//! 5. envelope From inside the organizational domain (or none), SPF only
//!    `fail` or `none` there, no DKIM pass, and no PTR name inside it →
//!    [`Cause::Spoofing`];
//! 6. anything else → [`Cause::Unknown`].

use std::collections::BTreeMap;
use std::net::IpAddr;

use domainauth::diag::{Code, Finding, Lang, ui};
use domainauth::dmarc::PublicSuffixList;
use serde::Serialize;

use super::stats::{OVERFLOW_KEY, SourceStats, override_name, spf_result_name};
use crate::model::{Disposition, DkimAuthResult, OverrideKind, SpfAuthResult};

/// Most services (SPF or DKIM domains) named with their own finding.
const MAX_SERVICE_FINDINGS: usize = 3;

/// What classification needs besides the counts: the Public Suffix List
/// that gives organizational domains (RFC 9989 §3.2.9; RFC 7489 §3.2).
#[derive(Debug, Clone, Default)]
pub struct Context {
    psl: PublicSuffixList,
}

impl Context {
    /// A context with this list.
    pub fn new(psl: PublicSuffixList) -> Self {
        Self { psl }
    }

    /// The organizational domain of `domain`, lower case, without a
    /// trailing dot.
    pub fn org_domain(&self, domain: &str) -> String {
        self.psl.org_domain(domain)
    }
}

/// The likely cause of a source's DMARC failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Cause {
    /// Every message passed DMARC: nothing to fix.
    Authenticated,
    /// A server of the domain owner (its forward-confirmed reverse DNS name
    /// is in the From domain's organizational domain) that SPF does not
    /// list and DKIM does not sign for.
    UnlistedOwnServer,
    /// A sending service: SPF or DKIM passed, for the service's domains,
    /// not aligned with the From domain.
    ThirdPartyService,
    /// A forwarder or a mailing list: failures are expected, SPF needs no
    /// change, ARC (RFC 8617) lets receivers trust the forwarder.
    Forwarding,
    /// Nothing links the source to the domain: someone else sends as it.
    Spoofing,
    /// The reports do not show whose source it is.
    Unknown,
}

impl Cause {
    /// The stable identifier, e.g. `unlisted-own-server` (as in JSON).
    pub fn id(self) -> &'static str {
        match self {
            Self::Authenticated => "authenticated",
            Self::UnlistedOwnServer => "unlisted-own-server",
            Self::ThirdPartyService => "third-party-service",
            Self::Forwarding => "forwarding",
            Self::Spoofing => "spoofing",
            Self::Unknown => "unknown",
        }
    }

    /// The catalog message id of the cause's short label.
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Authenticated => "reports-summary-cause-authenticated",
            Self::UnlistedOwnServer => "reports-summary-cause-unlisted-own-server",
            Self::ThirdPartyService => "reports-summary-cause-third-party-service",
            Self::Forwarding => "reports-summary-cause-forwarding",
            Self::Spoofing => "reports-summary-cause-spoofing",
            Self::Unknown => "reports-summary-cause-unknown",
        }
    }

    /// The short label in `lang` ("spoofing", "なりすまし").
    pub fn label(self, lang: Lang) -> String {
        ui(lang, self.message_id(), &[])
    }
}

/// A source's cause and the findings that explain it and say what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SourceVerdict {
    /// The likely cause.
    pub cause: Cause,
    /// The findings: first the one that names the cause, then those that
    /// give its fixes. Empty for [`Cause::Authenticated`].
    pub findings: Vec<Finding>,
}

/// The reverse DNS of the source, judged against the organizational domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rdns<'a> {
    /// No PTR name known.
    None,
    /// A PTR name that does not resolve back to the address; `true` when
    /// it claims to be inside the organizational domain.
    Unconfirmed(&'a str, bool),
    /// A forward-confirmed PTR name; `true` when inside the organizational
    /// domain.
    Confirmed(&'a str, bool),
}

impl<'a> Rdns<'a> {
    fn param(self) -> (&'static str, &'a str) {
        match self {
            Self::None => ("none", ""),
            Self::Unconfirmed(name, _) => ("unconfirmed", name),
            Self::Confirmed(name, _) => ("confirmed", name),
        }
    }
}

/// What the counts of one source show, against its organizational domain.
struct Evidence<'a> {
    stats: &'a SourceStats,
    org: String,
    rdns: Rdns<'a>,
    /// In-organization SPF results, messages by result.
    spf_org: BTreeMap<SpfAuthResult, u64>,
    /// In-organization SPF domains with a result other than pass, by
    /// messages.
    spf_org_failing: BTreeMap<&'a str, u64>,
    /// SPF passes for domains outside the organization.
    spf_services: Vec<(&'a str, u64)>,
    /// DKIM passes for domains outside the organization.
    dkim_services: Vec<(&'a str, u64)>,
    dkim_org_pass: u64,
    dkim_org_failed: u64,
    envelope_org: u64,
    envelope_other: u64,
    /// Envelope From domains inside the organization, by messages.
    envelope_org_domains: BTreeMap<&'a str, u64>,
    /// The override reasons that say forwarding (RFC 9990 §3.1.3).
    forwarding: Vec<&'a str>,
    /// The From domain is a DNS name (ASCII), and the report's policy
    /// domain is unknown, or the From domain is it, under it, or in its
    /// organizational domain.
    from_in_policy: bool,
}

impl<'a> Evidence<'a> {
    fn new(stats: &'a SourceStats, ctx: &Context) -> Self {
        let org = ctx.org_domain(&stats.header_from);
        let in_org = |d: &str| !d.is_empty() && d != OVERFLOW_KEY && ctx.org_domain(d) == org;
        let outside = |d: &str| !d.is_empty() && d != OVERFLOW_KEY && ctx.org_domain(d) != org;
        let rdns = match &stats.ptr {
            None => Rdns::None,
            Some(p) => {
                let name = p.name.trim_end_matches('.');
                if name.is_empty() {
                    Rdns::None
                } else if p.forward_confirmed {
                    Rdns::Confirmed(name, in_org(name))
                } else {
                    Rdns::Unconfirmed(name, in_org(name))
                }
            }
        };
        let mut spf_org = BTreeMap::new();
        let mut spf_org_failing = BTreeMap::new();
        let mut spf_services = Vec::new();
        for ((domain, result), &n) in &stats.spf_auth {
            if in_org(domain) {
                add(spf_org.entry(result.clone()).or_default(), n);
                if *result != SpfAuthResult::Pass {
                    add(spf_org_failing.entry(domain.as_str()).or_default(), n);
                }
            } else if *result == SpfAuthResult::Pass && outside(domain) {
                spf_services.push((domain.as_str(), n));
            }
        }
        let (mut dkim_org_pass, mut dkim_org_failed) = (0, 0);
        let mut dkim_services = Vec::new();
        for ((domain, result), &n) in &stats.dkim_auth {
            if in_org(domain) {
                match result {
                    DkimAuthResult::Pass => add(&mut dkim_org_pass, n),
                    DkimAuthResult::None => {}
                    _ => add(&mut dkim_org_failed, n),
                }
            } else if *result == DkimAuthResult::Pass && outside(domain) {
                dkim_services.push((domain.as_str(), n));
            }
        }
        let by_volume = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
        spf_services.sort_by(by_volume);
        dkim_services.sort_by(by_volume);
        let (mut envelope_org, mut envelope_other) = (0, 0);
        let mut envelope_org_domains = BTreeMap::new();
        for (domain, &n) in &stats.envelope_from {
            if in_org(domain) {
                add(&mut envelope_org, n);
                envelope_org_domains.insert(domain.as_str(), n);
            } else if !domain.is_empty() {
                add(&mut envelope_other, n);
            }
        }
        let forwarding = stats
            .reasons
            .iter()
            .filter(|(k, n)| {
                **n > 0
                    && matches!(
                        k,
                        OverrideKind::Forwarded
                            | OverrideKind::MailingList
                            | OverrideKind::TrustedForwarder
                    )
            })
            .map(|(k, _)| override_name(k))
            .collect();
        let from = stats.header_from.as_str();
        let policy = stats.policy_domain.trim_end_matches('.');
        let from_in_policy = from.is_ascii()
            && (policy.is_empty()
                || from == policy
                || from
                    .strip_suffix(policy)
                    .is_some_and(|head| head.ends_with('.'))
                || ctx.org_domain(policy) == org);
        Self {
            stats,
            org,
            rdns,
            spf_org,
            spf_org_failing,
            spf_services,
            dkim_services,
            dkim_org_pass,
            dkim_org_failed,
            envelope_org,
            envelope_other,
            envelope_org_domains,
            forwarding,
            from_in_policy,
        }
    }

    fn spf(&self, results: &[SpfAuthResult]) -> u64 {
        results
            .iter()
            .filter_map(|r| self.spf_org.get(r))
            .fold(0, |a, b| a.saturating_add(*b))
    }

    /// The in-organization SPF result most messages got among `results`;
    /// `none` when there is no in-organization result.
    fn spf_result(&self, results: &[SpfAuthResult]) -> &'static str {
        self.spf_org
            .iter()
            .filter(|(r, n)| results.contains(r) && **n > 0)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or("none", |(r, _)| spf_result_name(r))
    }

    /// The domain whose SPF record the fix is about: the in-organization
    /// domain that failed most, else the envelope domain inside the
    /// organization, else the From domain.
    fn spf_domain(&self) -> &'a str {
        let top = |m: &BTreeMap<&'a str, u64>| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(d, _)| *d)
        };
        if let Some(d) = top(&self.spf_org_failing) {
            return d;
        }
        top(&self.envelope_org_domains).unwrap_or(&self.stats.header_from)
    }

    fn rdns_in_org(&self) -> bool {
        matches!(self.rdns, Rdns::Confirmed(_, true))
    }

    fn rdns_outside(&self) -> bool {
        matches!(self.rdns, Rdns::Confirmed(_, false))
    }

    fn rdns_claims_org(&self) -> bool {
        matches!(
            self.rdns,
            Rdns::Confirmed(_, true) | Rdns::Unconfirmed(_, true)
        )
    }

    /// A finding about this source: `ip`, `from`, the failing `messages`
    /// and its reverse DNS.
    fn finding(&self, code: Code) -> Finding {
        let (rdns, ptr) = self.rdns.param();
        Finding::new(code)
            .param("ip", self.stats.source_ip)
            .param("from", &self.stats.header_from)
            .param("org", &self.org)
            .param("messages", self.stats.dmarc_fail())
            .param("rdns", rdns)
            .param("ptr", ptr)
    }
}

fn add(total: &mut u64, n: u64) {
    *total = total.saturating_add(n);
}

/// The SPF term that would authorise `ip` (RFC 7208 §5.6).
fn suggest(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("ip4:{v4}"),
        IpAddr::V6(v6) => format!("ip6:{v6}"),
    }
}

/// SPF results that say the server is not listed.
const UNLISTED: &[SpfAuthResult] = &[
    SpfAuthResult::Fail,
    SpfAuthResult::SoftFail,
    SpfAuthResult::Neutral,
    SpfAuthResult::None,
];

/// The likely cause of `stats`' DMARC failures and what to do about it.
///
/// ```
/// use domainauth_reports::summary::{Cause, Context, SourceStats, classify};
/// let stats = SourceStats::new("192.0.2.10".parse().unwrap(), "example.co.jp", "example.co.jp");
/// // No messages, so none failed.
/// assert_eq!(classify(&stats, &Context::default()).cause, Cause::Authenticated);
/// ```
pub fn classify(stats: &SourceStats, ctx: &Context) -> SourceVerdict {
    if stats.dmarc_fail() == 0 {
        return SourceVerdict {
            cause: Cause::Authenticated,
            findings: Vec::new(),
        };
    }
    let e = Evidence::new(stats, ctx);
    let (cause, findings) = if !e.forwarding.is_empty() {
        (Cause::Forwarding, forwarded(&e, "reason"))
    } else if (!e.spf_services.is_empty() || !e.dkim_services.is_empty())
        && e.dkim_org_failed > 0
        && e.dkim_org_pass == 0
        && !e.rdns_claims_org()
    {
        // A signature of the From domain that no longer verifies next to
        // the host's own SPF or DKIM pass: a mailing list that changed the
        // message (subject tag, footer) and signs and bounces with its own
        // domain — not a service to align. Were the signature forged, the
        // advice (change nothing in SPF) would still be right.
        (Cause::Forwarding, forwarded(&e, "signature"))
    } else if !e.spf_services.is_empty() || !e.dkim_services.is_empty() {
        (Cause::ThirdPartyService, service(&e))
    } else if e.envelope_org > 0
        && e.envelope_other == 0
        && e.spf(UNLISTED) > 0
        && e.rdns_in_org()
        && e.from_in_policy
    {
        (Cause::UnlistedOwnServer, unlisted(&e))
    } else if e.spf(&[SpfAuthResult::Fail, SpfAuthResult::SoftFail]) > 0
        && e.envelope_other == 0
        && e.rdns_outside()
        && e.dkim_org_failed.saturating_add(e.dkim_org_pass) > 0
    {
        (Cause::Forwarding, forwarded(&e, "signature"))
    } else if e.envelope_other == 0
        // softfail (~all) and neutral (?all) say the host is not listed,
        // as fail does: the domain only asks receivers to be lenient.
        && e.spf(&[
            SpfAuthResult::Pass,
            SpfAuthResult::TempError,
            SpfAuthResult::PermError,
        ]) == 0
        && e.dkim_org_pass == 0
        && !e.rdns_claims_org()
    {
        (Cause::Spoofing, spoofed(&e))
    } else {
        (Cause::Unknown, unknown(&e))
    };
    SourceVerdict { cause, findings }
}

fn unlisted(e: &Evidence<'_>) -> Vec<Finding> {
    let dkim = if e.dkim_org_failed > 0 {
        "fail"
    } else {
        "none"
    };
    vec![
        e.finding(Code::ReportSourceUnlisted)
            .param("domain", e.spf_domain())
            .param("result", e.spf_result(UNLISTED))
            .param("suggest", suggest(e.stats.source_ip))
            .param("dkim", dkim),
    ]
}

/// The same findings `verify` gives a message authenticated for other
/// domains: "authenticated but not aligned" with its two ways, then one
/// finding per domain pointing at its way.
fn service(e: &Evidence<'_>) -> Vec<Finding> {
    let mut services: Vec<&str> = Vec::new();
    for (d, _) in e.dkim_services.iter().chain(&e.spf_services) {
        if !services.contains(d) {
            services.push(d);
        }
    }
    let mut out = vec![
        e.finding(Code::ReportSourceService)
            .param("services", services.join(", ")),
        Finding::new(Code::DmarcNotAligned)
            .param("from", &e.stats.header_from)
            .param("ip", e.stats.source_ip),
    ];
    for (domain, _) in e.spf_services.iter().take(MAX_SERVICE_FINDINGS) {
        out.push(
            Finding::new(Code::DmarcSpfNotAligned)
                .param("from", &e.stats.header_from)
                .param("ip", e.stats.source_ip)
                .param("domain", domain)
                .param("identity", "MAIL FROM")
                .param("summary", "yes"),
        );
    }
    for (domain, _) in e.dkim_services.iter().take(MAX_SERVICE_FINDINGS) {
        let selector = e
            .stats
            .dkim_selectors
            .get(*domain)
            .map_or("?", String::as_str);
        out.push(
            Finding::new(Code::DmarcDkimNotAligned)
                .param("from", &e.stats.header_from)
                .param("ip", e.stats.source_ip)
                .param("domain", domain)
                .param("selector", selector)
                .param("summary", "yes"),
        );
    }
    out
}

fn forwarded(e: &Evidence<'_>, evidence: &str) -> Vec<Finding> {
    vec![
        e.finding(Code::ReportSourceForwarded)
            .param("domain", e.spf_domain())
            .param("evidence", evidence)
            .param("reasons", e.forwarding.join(", ")),
    ]
}

/// The spoofing finding, and what the policy does about such mail:
/// tighten it while it lets the mail through, nothing when it rejects.
fn spoofed(e: &Evidence<'_>) -> Vec<Finding> {
    let mut out = vec![
        e.finding(Code::ReportSourceSpoofed)
            .param("domain", e.spf_domain())
            .param(
                "result",
                e.spf_result(&[
                    SpfAuthResult::Fail,
                    SpfAuthResult::SoftFail,
                    SpfAuthResult::Neutral,
                    SpfAuthResult::None,
                ]),
            ),
    ];
    let domain = if e.stats.policy_domain.is_empty() {
        &e.stats.header_from
    } else {
        &e.stats.policy_domain
    };
    match e.stats.policy {
        Some(Disposition::Reject) => {
            out.push(Finding::new(Code::ReportPolicyEnforced).param("domain", domain));
        }
        Some(p) => out.push(
            Finding::new(Code::ReportPolicyTighten)
                .param("domain", domain)
                .param("policy", p.as_str()),
        ),
        None => {}
    }
    out
}

fn unknown(e: &Evidence<'_>) -> Vec<Finding> {
    let not_pass = [
        SpfAuthResult::Fail,
        SpfAuthResult::SoftFail,
        SpfAuthResult::Neutral,
        SpfAuthResult::None,
        SpfAuthResult::TempError,
        SpfAuthResult::PermError,
    ];
    // A source whose SPF passed inside the organization (and failed
    // alignment, e.g. under aspf=s) says pass, not none.
    let result = if e.spf(&not_pass) == 0 && e.spf(&[SpfAuthResult::Pass]) > 0 {
        "pass"
    } else {
        e.spf_result(&not_pass)
    };
    vec![
        e.finding(Code::ReportSourceUnknown)
            .param("domain", e.spf_domain())
            .param("result", result)
            .param("suggest", suggest(e.stats.source_ip)),
    ]
}
