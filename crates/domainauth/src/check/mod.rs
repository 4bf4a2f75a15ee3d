//! What a domain publishes for mail authentication, without a message: the
//! SPF tree, the DMARC record, DKIM keys at known or given selectors, A/MX
//! records, and — given the sending IP — its SPF result and reverse DNS.
//! This answers "what do I still need to publish?" (SCENARIOS S1).

pub mod profile;
pub mod records;

use std::net::IpAddr;
use std::sync::Arc;

use futures_util::future;

use crate::diag::rules::push_new_cause;
use crate::diag::{Code, Finding, Severity};
use crate::dmarc::{AlignmentMode, DomainLint, Mode, PublicSuffixList, lint_domain};
use crate::dns::{Answer, Budget, DnsError, Dnssec, Metered, Mx, Resolver, forward_confirmed};
use crate::spf::tree::{analyze_unbounded, deadline_finding};
use crate::spf::{Envelope, Evaluation, Problem, RecordTree, Verifier};

mod bimi;
mod dkim;
mod mta_sts;
mod name;
mod null_mx;
mod tag_record;
mod tls_rpt;
mod watch;

#[cfg(test)]
mod tests;

pub use bimi::parse_record as parse_bimi_record;
pub use dkim::SELECTORS_IN_FLIGHT;
pub use mta_sts::{
    FetchError, MAX_AGE_LIMIT, MtaStsReport, Policy, PolicyFetcher, PolicyState, mx_matches,
    parse_policy, parse_record as parse_mta_sts_record,
};
pub use name::domain_name;
pub use null_mx::is_null_mx;
pub use tag_record::{PostureRecord, RecordState};
pub use tls_rpt::parse_record as parse_tls_rpt_record;

/// Selectors tried when none are given: those of common providers and
/// signing software (Google Workspace, Microsoft 365, Amazon SES, OpenDKIM
/// and others' defaults).
pub const COMMON_SELECTORS: &[&str] = &[
    "default",
    "google",
    "selector1",
    "selector2",
    "k1",
    "k2",
    "s1",
    "s2",
    "dkim",
    "mail",
    "smtp",
    "mx",
    "key1",
    "key2",
    "20230601",
    "20221208",
    "20210112",
];

/// What to check.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CheckOptions {
    /// The sending IP, for the SPF result and reverse DNS.
    pub ip: Option<IpAddr>,
    /// DKIM selectors to look for; empty: [`COMMON_SELECTORS`].
    pub selectors: Vec<String>,
    /// DMARC rules.
    pub mode: Mode,
    /// Bounds the time the whole check spends on DNS: no question is sent
    /// after [`Budget::deadline`] (by default [`Budget::DEFAULT_DEADLINE`],
    /// as `verify` gives each message), and the report then carries a
    /// [`Code::DnsDeadline`] finding saying it is incomplete. Only the
    /// deadline and the clock are used, not the query limit.
    ///
    /// Each single query is bounded by the resolver's own timeout
    /// (`HickoryConfig::timeout` and its attempts; the library has no
    /// timer of its own). A query that times out is a
    /// [`Code::CheckDnsTimeout`] finding naming it, and the report is
    /// [`DomainReport::partial`].
    pub dns_budget: Budget,
    /// Fetches the MTA-STS policy file over HTTPS (RFC 8461 §3.3); `None`
    /// (offline): the report says it was not fetched.
    pub policy_fetcher: Option<Arc<dyn PolicyFetcher>>,
}

/// A DKIM key found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FoundKey {
    /// The selector.
    pub selector: String,
    /// Where it is published.
    pub name: String,
    /// `rsa` or `ed25519`, and the size in bits (0 when unreadable).
    pub key_type: String,
    /// Key size in bits.
    pub bits: usize,
    /// The record keeps the key from signing mail: its `s=` excludes
    /// email, or its `h=` excludes SHA-256 (RFC 6376 §3.6.1).
    pub restricted: bool,
}

impl FoundKey {
    /// The key can verify signatures: RSA of 1024 bits or more (RFC 8301
    /// §3.2: verifiers must not accept shorter keys), or Ed25519 (RFC
    /// 8463); a revoked or unreadable key has 0 bits; a key its record
    /// restricts ([`FoundKey::restricted`]) is not usable either.
    pub fn usable(&self) -> bool {
        if self.restricted {
            return false;
        }
        match self.key_type.as_str() {
            "rsa" => self.bits >= 1024,
            _ => self.bits > 0,
        }
    }
}

/// The report of [`check_domain`].
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DomainReport {
    /// The domain checked.
    pub domain: String,
    /// The SPF record tree.
    pub spf: RecordTree,
    /// SPF evaluated for the sending IP (with `postmaster@domain`).
    pub spf_for_ip: Option<Evaluation>,
    /// The DMARC record and its lint.
    pub dmarc: DomainLint,
    /// DKIM keys found.
    pub dkim_keys: Vec<FoundKey>,
    /// The selectors looked for.
    pub selectors_tried: Vec<String>,
    /// A selector's lookup failed or timed out, so "no key" is not known.
    pub dkim_lookup_failed: bool,
    /// For a subdomain without keys of its own: a usable key of its
    /// organizational domain at one of the selectors, when the DMARC record
    /// in effect aligns `d=<organizational domain>` with it (relaxed).
    pub parent_dkim_key: Option<FoundKey>,
    /// The domain has A or AAAA records.
    pub has_address: bool,
    /// The domain has MX records other than a null MX.
    pub has_mx: bool,
    /// The domain publishes a null MX (RFC 7505): it receives no mail.
    pub null_mx: bool,
    /// MTA-STS (RFC 8461): the `_mta-sts` record and the policy file.
    pub mta_sts: MtaStsReport,
    /// TLS-RPT (RFC 8460): the `_smtp._tls` record.
    pub tls_rpt: PostureRecord,
    /// BIMI: the `default._bimi` record.
    pub bimi: PostureRecord,
    /// Whether the domain's zone is signed, as far as the resolver can tell.
    pub dnssec: Dnssec,
    /// PTR names of the IP.
    pub ptr: Vec<String>,
    /// One PTR name resolves back to the IP.
    pub fcrdns: Option<bool>,
    /// Some lookups timed out or failed, or the DNS deadline passed: what
    /// depended on them was not checked, and findings say which. Absent
    /// records are only reported from answers that said so.
    pub partial: bool,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
}

/// Checks what `domain` publishes for mail authentication, as a receiver
/// would find it, and says what is still missing or wrong: the entry point
/// for "what do I still need to publish?" (no message needed).
///
/// It reads, all at once (independent lookups run concurrently, DKIM
/// selectors [`SELECTORS_IN_FLIGHT`] at a time):
/// - the SPF record and every record it includes (RFC 7208 §4–§6), with
///   lookups counted against the §4.6.4 limits ([`analyze`](crate::spf::analyze)); given
///   [`CheckOptions::ip`], the SPF result for that address with
///   `postmaster@<domain>` as sender (§2.4);
/// - the DMARC record at `_dmarc.<domain>` and its lint
///   ([`lint_domain`]: the tree walk of RFC 9989 §4.10, or RFC 7489 with
///   `psl`, as [`CheckOptions::mode`] says);
/// - DKIM keys at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1) for
///   the given selectors, else [`COMMON_SELECTORS`] (DKIM has no way to
///   list a domain's selectors);
/// - whether the domain has A/AAAA or MX records, and, given the IP, its
///   reverse DNS and whether that resolves back (forward-confirmed);
/// - a null MX (RFC 7505: the domain receives no mail, which receivers
///   hold against mail sent from it);
/// - MTA-STS (RFC 8461 §3.1 record; the §3.2 policy file only through
///   [`CheckOptions::policy_fetcher`], else "not fetched: offline"),
///   TLS-RPT (RFC 8460 §3), BIMI (`default._bimi`, with the DMARC policy
///   receivers ask for) and whether the zone is signed (DNSSEC, for
///   information; [`Resolver::dnssec`]).
///
/// The domain is checked as [`domain_name`] makes it (IDNs to A-labels);
/// a name that cannot be a domain is [`DnsError::InvalidName`] before any
/// lookup. A lookup that times out or fails is never read as "no record":
/// a [`Code::CheckDnsTimeout`] or [`Code::CheckDnsFailure`] finding names
/// it (unless another finding names it already) and the report is
/// [`DomainReport::partial`].
///
/// Every finding carries its fix; [`DomainReport::findings`] is sorted
/// most severe first. A domain that does not exist (NXDOMAIN) is said
/// once ([`Code::DomainNotFound`]) rather than once per missing record.
/// Failures of the domain's own name servers are findings (receivers see
/// them as `temperror`); only a resolver that answers nothing at all is an
/// error ([`DnsError::Unreachable`]), since then nothing can be said.
///
/// ```
/// use domainauth::check::{CheckOptions, check_domain};
/// use domainauth::diag::{Code, Lang};
/// use domainauth::dmarc::PublicSuffixList;
/// use domainauth::dns::ZoneResolver;
/// use domainauth::spf::SpfResult;
///
/// // An offline zone; HickoryResolver asks the real DNS instead.
/// let zone = ZoneResolver::from_zone_text(
///     r#"$ORIGIN example.co.jp.
/// @                 300 IN TXT "v=spf1 ip4:203.0.113.25 -all"
/// @                 300 IN MX  10 mail
/// mail              300 IN A   203.0.113.25
/// _dmarc            300 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.co.jp"
/// s1._domainkey     300 IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
/// "#,
///     None,
/// )?;
/// let mut options = CheckOptions::default();
/// options.ip = Some("203.0.113.25".parse()?);
/// options.selectors = vec!["s1".into()];
/// let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
/// let report = rt.block_on(check_domain(zone, "example.co.jp", &options, &PublicSuffixList::builtin()))?;
///
/// assert_eq!(report.spf_for_ip.map(|e| e.result), Some(SpfResult::Pass));
/// assert_eq!(report.dkim_keys[0].key_type, "ed25519");
/// assert!(report.has_mx);
/// // What is left to do: the IP has no reverse DNS (no PTR record).
/// assert!(report.findings.iter().any(|f| f.code == Code::CheckPtrMissing));
/// for finding in &report.findings {
///     println!("{:?}: {}", finding.severity, finding.message(Lang::En));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn check_domain<R: Resolver + Clone>(
    resolver: R,
    domain: &str,
    options: &CheckOptions,
    psl: &PublicSuffixList,
) -> Result<DomainReport, DnsError> {
    let domain = domain_name(domain).map_err(|error| DnsError::InvalidName {
        name: domain.to_string(),
        error,
    })?;
    let metered = Arc::new(Metered::new(
        resolver,
        &Budget {
            max_queries: u32::MAX,
            ..options.dns_budget.clone()
        },
    ));
    let dns = Arc::new(watch::Watched::new(Arc::clone(&metered)));
    let mut report = check_with(&dns, &domain, options, psl).await?;
    let failures = dns.failures();
    let deadline = deadline_finding(&metered, &domain);
    report.partial = !failures.is_empty() || deadline.is_some();
    let failed = watch::failure_findings(&failures, &report.findings);
    report.findings.extend(failed);
    if let Some(finding) = deadline {
        report.findings.insert(0, finding);
    }
    report
        .findings
        .sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(report)
}

/// [`check_domain`] through `resolver`, which bounds its time. The
/// independent parts run at once ([`future::join`]): the SPF tree (then
/// the SPF result for the IP, which needs it), DMARC, the DKIM selectors
/// (a bounded number at a time), A/AAAA/MX, reverse DNS, MTA-STS, TLS-RPT,
/// BIMI and DNSSEC. Findings keep that order within a severity.
async fn check_with<R: Resolver + Clone>(
    resolver: &R,
    domain: &str,
    options: &CheckOptions,
    psl: &PublicSuffixList,
) -> Result<DomainReport, DnsError> {
    let r = resolver;
    let selectors = selectors_to_try(options, false);
    let spf_part = async {
        let spf = analyze_unbounded(r, domain).await;
        let eval = match options.ip {
            Some(ip) if spf.root.problem.is_none() => Some(spf_for_ip(r, domain, ip).await),
            _ => None,
        };
        (spf, eval)
    };
    let address_part = future::join3(r.a(domain), r.aaaa(domain), r.mx(domain));
    let ptr_part = async {
        match options.ip {
            Some(ip) => Some(reverse_dns(r, ip).await),
            None => None,
        }
    };
    // A subdomain may sign with its parent's key: under relaxed alignment
    // d=<organizational domain> aligns with it (RFC 9989 §4.4.1). Its
    // selectors are asked beside the domain's own, only for a subdomain.
    let org = psl.org_domain(domain);
    let parent_dkim = async {
        if org == domain {
            None
        } else {
            Some(dkim::dkim_keys(r, &org, &selectors).await)
        }
    };
    let fetcher = options.policy_fetcher.as_deref();
    let (
        ((spf, spf_eval), dmarc, (dkim, parent_dkim), (a, aaaa, mx), ptr_part),
        ((mta_sts, mta_sts_findings), (tls_rpt, tls_rpt_findings), (bimi, bimi_findings), dnssec),
    ) = future::join(
        future::join5(
            spf_part,
            lint_domain(r, domain, options.mode, psl),
            future::join(dkim::dkim_keys(r, domain, &selectors), parent_dkim),
            address_part,
            ptr_part,
        ),
        future::join4(
            mta_sts::check(r, domain, fetcher),
            tls_rpt::check(r, domain),
            bimi::check(r, domain),
            r.dnssec(domain),
        ),
    )
    .await;
    let dmarc = dmarc?;

    let mut findings = Vec::new();
    findings.extend(spf.findings.iter().cloned());
    // A domain that does not exist is said once: every record it would
    // need is missing for that one reason.
    let missing = matches!(spf.root.problem, Some(Problem::NoSuchDomain { .. }));
    let spf_for_ip = spf_eval.inspect(|eval| {
        // The tree already reported a broken record; the evaluation's
        // permerror is the same cause in other words.
        for f in eval.findings() {
            if f.code != Code::DmarcMissing {
                push_new_cause(&mut findings, f);
            }
        }
    });
    // "Says nothing about <ip> (?all)" is the record's "ends in ?all" told
    // for the address given, with the senders to list: said once.
    let neutral_all = |f: &Finding| {
        f.code == Code::SpfNeutral && f.params.get("term").is_some_and(|t| t == "?all")
    };
    if findings.iter().any(neutral_all) {
        findings.retain(|f| {
            !(f.code == Code::SpfLintNeutralAll
                && f.params.get("domain").is_some_and(|d| d == domain))
        });
    }

    findings.extend(
        dmarc
            .findings
            .iter()
            .filter(|f| !(missing && f.code == Code::DomainNotFound))
            .cloned(),
    );

    // The parent's usable key, when the domain has none of its own and the
    // DMARC record in effect lets d=<parent> align (adkim=r, the default).
    // The parent's selectors failing to answer leaves that unknown: no
    // "no key" is said then either.
    let (parent_dkim_key, parent_failed) = match parent_dkim {
        Some(parent)
            if dkim.keys.is_empty()
                && !dkim.failed
                && (parent.failed || parent.keys.iter().any(FoundKey::usable))
                && parent_may_align(r, &dmarc).await =>
        {
            let failed = parent.failed;
            (parent.keys.into_iter().find(FoundKey::usable), failed)
        }
        _ => (None, false),
    };
    let dkim_lookup_failed = dkim.failed || (parent_dkim_key.is_none() && parent_failed);
    let (selectors, dkim_keys) = if missing {
        (Vec::new(), Vec::new())
    } else {
        findings.extend(dkim.findings);
        // A domain whose SPF record is `v=spf1 -all` says it sends no mail:
        // it needs no DKIM key.
        if let Some(key) = &parent_dkim_key {
            findings.push(
                Finding::new(Code::CheckDkimParentKey)
                    .param("domain", domain)
                    .param("org", &org)
                    .param("selector", &key.selector)
                    .param("selectors", selectors.join(", ")),
            );
        } else if dkim.keys.is_empty() && !dkim_lookup_failed && !declares_no_mail(&spf) {
            findings.push(
                Finding::new(Code::CheckDkimNoKey)
                    .param("domain", domain)
                    .param("selectors", selectors.join(", ")),
            );
        }
        (selectors, dkim.keys)
    };

    let temporary = |e: &DnsError| e.is_temporary();
    let has_address = found(&a) || found(&aaaa);
    let mxs: Vec<Mx> = mx.as_deref().map(<[Mx]>::to_vec).unwrap_or_default();
    let null_mx = mxs.iter().any(null_mx::is_null_mx);
    let has_mx = mxs.iter().any(|m| !null_mx::is_null_mx(m));
    // The first record to suggest names what the domain has: its MX hosts,
    // else its own address.
    let first_term = if has_mx || !has_address { "mx" } else { "a" };
    match spf_root_finding(&spf, domain, options.ip, first_term) {
        // The tree may already name the DNS failure.
        Some(f) if f.code == Code::SpfTempError => push_new_cause(&mut findings, f),
        Some(f) => findings.push(f),
        None => {}
    }
    let address_failed = [a.as_ref().err(), aaaa.as_ref().err(), mx.as_ref().err()]
        .into_iter()
        .flatten()
        .any(temporary);
    if !has_address && !has_mx && !null_mx && !missing && !address_failed {
        findings.push(Finding::new(Code::CheckNoAddress).param("domain", domain));
    }
    let sends = dkim_keys.iter().any(|k| k.bits > 0) || spf_sends(&spf);
    findings.extend(null_mx::null_mx_findings(domain, &mxs, sends));

    if !missing {
        findings.extend(mta_sts_findings);
        findings.extend(mta_sts::mx_findings(&mta_sts, domain, &mxs));
        findings.extend(tls_rpt_findings);
        findings.extend(bimi_findings);
        findings.extend(bimi::dmarc_finding(&bimi, &dmarc, options.mode, domain));
        findings.push(
            Finding::new(Code::CheckDnssec)
                .param("domain", domain)
                .param("state", dnssec_state(dnssec)),
        );
    }

    let (ptr, fcrdns) = match ptr_part {
        Some((ptr, confirmed, finding)) => {
            findings.extend(finding);
            (ptr, Some(confirmed))
        }
        None => (Vec::new(), None),
    };
    Ok(DomainReport {
        domain: domain.to_string(),
        spf,
        spf_for_ip,
        dmarc,
        dkim_keys,
        selectors_tried: selectors,
        dkim_lookup_failed,
        parent_dkim_key,
        has_address,
        has_mx,
        null_mx,
        mta_sts,
        tls_rpt,
        bimi,
        dnssec,
        ptr,
        fcrdns,
        partial: false,
        findings,
    })
}

/// Whether a lookup found records.
fn found<T>(answer: &Answer<T>) -> bool {
    answer.as_ref().is_ok_and(|a| !a.is_empty())
}

/// Whether a signature with `d=<organizational domain>` may align with
/// the domain under the DMARC record in effect (RFC 9989 §4.4.1: relaxed
/// alignment, `adkim=r`, the default): the domain's own record, else the
/// one it inherits (§4.10), whose `adkim` is read again; no when the
/// lookup failed, since `adkim` is then unknown. Without any DMARC record
/// nothing asks for alignment, and the key is usable.
async fn parent_may_align<R: Resolver + ?Sized>(r: &R, dmarc: &DomainLint) -> bool {
    let relaxed = |record: &crate::dmarc::Record| {
        record.adkim.valid().unwrap_or_default() == AlignmentMode::Relaxed
    };
    if let Some(record) = &dmarc.record {
        return relaxed(record);
    }
    if dmarc
        .findings
        .iter()
        .any(|f| f.code == Code::DmarcTempError)
    {
        return false;
    }
    let Some(parent) = dmarc
        .findings
        .iter()
        .find(|f| matches!(f.code, Code::DmarcInherited | Code::DmarcInheritedNp))
        .and_then(|f| f.params.get("domain"))
    else {
        return true;
    };
    match crate::dmarc::find(r, parent).await {
        Ok(crate::dmarc::Published::Record { record, .. }) => {
            relaxed(&crate::dmarc::Record::parse(&record))
        }
        _ => false,
    }
}

/// Whether the domain publishes an SPF record that authorises no host
/// (`v=spf1 -all`, RFC 7208 §10.1.2 "a domain that sends no mail"), and so
/// says it sends no mail.
pub(crate) fn declares_no_mail(spf: &RecordTree) -> bool {
    spf.root.record.is_some() && spf.root.problem.is_none() && !spf_sends(spf)
}

/// Whether the SPF record authorises any host: a record of more than
/// `v=spf1 -all` says the domain sends mail.
fn spf_sends(spf: &RecordTree) -> bool {
    spf.root.record.as_deref().is_some_and(|r| {
        r.split_ascii_whitespace()
            .skip(1)
            .any(|t| !t.eq_ignore_ascii_case("-all"))
    })
}

/// The `state` parameter of [`Code::CheckDnssec`].
fn dnssec_state(dnssec: Dnssec) -> &'static str {
    match dnssec {
        Dnssec::Signed => "signed",
        Dnssec::Unsigned => "unsigned",
        Dnssec::Unknown => "unknown",
    }
}

/// What the SPF tree's root says on its own: the domain does not exist,
/// publishes no record (with a first record to publish: the IP if given,
/// else `first_term`), or its DNS fails.
fn spf_root_finding(
    spf: &RecordTree,
    domain: &str,
    ip: Option<IpAddr>,
    first_term: &str,
) -> Option<Finding> {
    match &spf.root.problem {
        Some(Problem::NoSuchDomain { .. }) => {
            Some(Finding::new(Code::DomainNotFound).param("domain", domain))
        }
        Some(Problem::NoRecord { .. }) => Some(
            Finding::new(Code::SpfNone)
                .param("domain", domain)
                .param("from_ip", "no")
                .param(
                    "suggest",
                    ip.map_or_else(
                        || first_term.to_string(),
                        |ip| match ip {
                            IpAddr::V4(v4) => format!("ip4:{v4}"),
                            IpAddr::V6(v6) => format!("ip6:{v6}"),
                        },
                    ),
                ),
        ),
        Some(Problem::Dns { error }) => Some(
            Finding::new(Code::SpfTempError)
                .param("domain", domain)
                .reason("error", error),
        ),
        _ => None,
    }
}

/// SPF evaluated for `ip` with `postmaster@<domain>` as sender (RFC 7208
/// §2.4).
async fn spf_for_ip<R: Resolver + Clone>(resolver: &R, domain: &str, ip: IpAddr) -> Evaluation {
    Verifier::new(resolver.clone())
        .check_mail_from(&Envelope {
            client_ip: ip,
            helo: domain.to_string(),
            mail_from: format!("postmaster@{domain}"),
        })
        .await
}

/// The selectors given, else [`COMMON_SELECTORS`]; none below a domain
/// that does not exist, as no name there can hold a key.
fn selectors_to_try(options: &CheckOptions, domain_missing: bool) -> Vec<String> {
    if domain_missing {
        Vec::new()
    } else if options.selectors.is_empty() {
        COMMON_SELECTORS.iter().map(|s| s.to_string()).collect()
    } else {
        options.selectors.clone()
    }
}

/// The PTR names of `ip`, whether one resolves back to it, and a finding
/// when there is none or none confirms. A PTR lookup that failed is no
/// finding here: the report names the failure instead.
pub(crate) async fn reverse_dns<R: Resolver + ?Sized>(
    resolver: &R,
    ip: IpAddr,
) -> (Vec<String>, bool, Option<Finding>) {
    if resolver.ptr(ip).await.is_err_and(|e| e.is_temporary()) {
        return (Vec::new(), false, None);
    }
    let (ptr, confirmed) = forward_confirmed(resolver, ip).await;
    // Answers are memoised by the check's resolver: asking again is free,
    // and tells a name that does not resolve back from one whose lookup
    // failed (which the report names instead).
    let mut forward_failed = false;
    if !confirmed {
        for name in &ptr {
            let failed = match ip {
                IpAddr::V4(_) => resolver.a(name).await.is_err_and(|e| e.is_temporary()),
                IpAddr::V6(_) => resolver.aaaa(name).await.is_err_and(|e| e.is_temporary()),
            };
            forward_failed |= failed;
        }
    }
    let finding = match ptr.first() {
        None => Some(Finding::new(Code::CheckPtrMissing).param("ip", ip)),
        Some(_) if forward_failed => None,
        Some(first) if !confirmed => Some(
            Finding::new(Code::CheckFcrdnsMismatch)
                .param("ip", ip)
                .param("name", first),
        ),
        Some(_) => None,
    };
    (ptr, confirmed, finding)
}

impl DomainReport {
    /// The domain says it sends no mail: its SPF record is `v=spf1 -all`
    /// and no DKIM key was found. No DKIM key is asked of it.
    pub fn declares_no_mail(&self) -> bool {
        self.dkim_keys.is_empty() && declares_no_mail(&self.spf)
    }

    /// A lookup of a DKIM selector failed or timed out: "no key" cannot
    /// be said of the domain.
    pub fn dkim_lookup_failed(&self) -> bool {
        self.dkim_lookup_failed
    }

    /// One of the DKIM keys found can verify signatures
    /// ([`FoundKey::usable`]), or the organizational domain's key serves a
    /// subdomain ([`DomainReport::parent_dkim_key`]).
    pub fn has_usable_dkim_key(&self) -> bool {
        self.dkim_keys.iter().any(FoundKey::usable) || self.parent_dkim_key.is_some()
    }

    /// The DMARC record could not be read (the domain's servers failed:
    /// `dmarc-temperror`), so "no record" is not known.
    pub fn dmarc_lookup_failed(&self) -> bool {
        self.dmarc
            .findings
            .iter()
            .any(|f| f.code == Code::DmarcTempError)
    }

    /// The domain does not exist (NXDOMAIN).
    pub fn domain_missing(&self) -> bool {
        self.findings.iter().any(|f| f.code == Code::DomainNotFound)
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// True when any finding is a warning or an error: what a monitoring
    /// check should report (a domain without DMARC is a warning).
    pub fn has_warnings(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity >= Severity::Warning)
    }
}
