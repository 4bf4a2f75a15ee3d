//! What a domain publishes for mail authentication, without a message: the
//! SPF tree, the DMARC record, DKIM keys at known or given selectors, A/MX
//! records, and — given the sending IP — its SPF result and reverse DNS.
//! This answers "what do I still need to publish?" (SCENARIOS S1).

pub mod profile;
pub mod records;

use std::net::IpAddr;

use crate::diag::rules::push_new_cause;
use crate::diag::{Code, Finding, Severity};
use crate::dkim::{KeyRecord, PublicKey};
use crate::dmarc::{DomainLint, Mode, PublicSuffixList, lint_domain};
use crate::dns::{Budget, DnsError, Metered, Resolver, forward_confirmed, normalize_name};
use crate::spf::tree::{analyze_unbounded, deadline_finding};
use crate::spf::{Envelope, Evaluation, Problem, RecordTree, Verifier};

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
    pub dns_budget: Budget,
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
    /// The domain has A or AAAA records.
    pub has_address: bool,
    /// The domain has MX records.
    pub has_mx: bool,
    /// PTR names of the IP.
    pub ptr: Vec<String>,
    /// One PTR name resolves back to the IP.
    pub fcrdns: Option<bool>,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
}

async fn exists<T, F: Future<Output = Result<std::sync::Arc<[T]>, DnsError>>>(f: F) -> bool {
    f.await.is_ok_and(|a| !a.is_empty())
}

/// Checks what `domain` publishes for mail authentication, as a receiver
/// would find it, and says what is still missing or wrong: the entry point
/// for "what do I still need to publish?" (no message needed).
///
/// In order, it reads:
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
///   reverse DNS and whether that resolves back (forward-confirmed).
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
    let dns = std::sync::Arc::new(Metered::new(
        resolver,
        &Budget {
            max_queries: u32::MAX,
            ..options.dns_budget.clone()
        },
    ));
    let domain = normalize_name(domain);
    let mut report = check_with(&dns, &domain, options, psl).await?;
    if let Some(finding) = deadline_finding(&dns, &domain) {
        report.findings.insert(0, finding);
    }
    Ok(report)
}

/// [`check_domain`] through `resolver`, which bounds its time.
async fn check_with<R: Resolver + Clone>(
    resolver: &R,
    domain: &str,
    options: &CheckOptions,
    psl: &PublicSuffixList,
) -> Result<DomainReport, DnsError> {
    let domain = domain.to_string();
    let resolver = resolver.clone();
    let mut findings = Vec::new();

    let spf = analyze_unbounded(&resolver, &domain).await;
    findings.extend(spf.findings.iter().cloned());
    // A domain that does not exist is said once: every record it would
    // need is missing for that one reason.
    let missing = matches!(spf.root.problem, Some(Problem::NoSuchDomain { .. }));
    match spf_root_finding(&spf, &domain, options.ip) {
        // The tree may already name the DNS failure.
        Some(f) if f.code == Code::SpfTempError => push_new_cause(&mut findings, f),
        Some(f) => findings.push(f),
        None => {}
    }
    let spf_for_ip = match options.ip {
        Some(ip) if spf.root.problem.is_none() => {
            Some(spf_for_ip(&resolver, &domain, ip, &mut findings).await)
        }
        _ => None,
    };

    let dmarc = lint_domain(&resolver, &domain, options.mode, psl).await?;
    findings.extend(
        dmarc
            .findings
            .iter()
            .filter(|f| !(missing && f.code == Code::DomainNotFound))
            .cloned(),
    );

    let selectors = selectors_to_try(options, missing);
    let dkim_keys = dkim_keys(&resolver, &domain, &selectors, &mut findings).await;
    if dkim_keys.is_empty() && !missing {
        findings.push(
            Finding::new(Code::CheckDkimNoKey)
                .param("domain", &domain)
                .param("selectors", selectors.join(", ")),
        );
    }

    let has_address = exists(resolver.a(&domain)).await || exists(resolver.aaaa(&domain)).await;
    let has_mx = exists(resolver.mx(&domain)).await;
    if !has_address && !has_mx && !missing {
        findings.push(Finding::new(Code::CheckNoAddress).param("domain", &domain));
    }

    let (ptr, fcrdns) = match options.ip {
        Some(ip) => {
            let (ptr, confirmed) = reverse_dns(&resolver, ip, &mut findings).await;
            (ptr, Some(confirmed))
        }
        None => (Vec::new(), None),
    };
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(DomainReport {
        domain,
        spf,
        spf_for_ip,
        dmarc,
        dkim_keys,
        selectors_tried: selectors,
        has_address,
        has_mx,
        ptr,
        fcrdns,
        findings,
    })
}

/// What the SPF tree's root says on its own: the domain does not exist,
/// publishes no record (with a first record to publish: the IP if given,
/// else `mx`), or its DNS fails.
fn spf_root_finding(spf: &RecordTree, domain: &str, ip: Option<IpAddr>) -> Option<Finding> {
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
                        || "mx".to_string(),
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

/// SPF evaluated for `ip` with `postmaster@<domain>` as sender, its
/// findings added where they name a new cause.
async fn spf_for_ip<R: Resolver + Clone>(
    resolver: &R,
    domain: &str,
    ip: IpAddr,
    findings: &mut Vec<Finding>,
) -> Evaluation {
    let eval = Verifier::new(resolver.clone())
        .check_mail_from(&Envelope {
            client_ip: ip,
            helo: domain.to_string(),
            mail_from: format!("postmaster@{domain}"),
        })
        .await;
    // The tree already reported a broken record; the evaluation's
    // permerror is the same cause in other words.
    for f in eval.findings() {
        if f.code != Code::DmarcMissing {
            push_new_cause(findings, f);
        }
    }
    eval
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

/// The DKIM keys published at each selector, with a finding for each
/// (usable, revoked, too short or unreadable).
async fn dkim_keys<R: Resolver>(
    resolver: &R,
    domain: &str,
    selectors: &[String],
    findings: &mut Vec<Finding>,
) -> Vec<FoundKey> {
    let mut keys = Vec::new();
    for selector in selectors {
        let name = format!("{selector}._domainkey.{domain}");
        let Ok(txts) = resolver.txt(&name).await else {
            continue;
        };
        for t in txts.iter() {
            let text = String::from_utf8_lossy(&t.joined()).into_owned();
            match KeyRecord::parse(&text) {
                Ok(key) => {
                    let (found, finding) = found_key(&key, selector, &name, domain);
                    findings.push(finding);
                    keys.push(found);
                }
                Err(error) => findings.push(
                    Finding::new(Code::DkimKeyInvalid)
                        .param("name", &name)
                        .param("domain", domain)
                        .param("selector", selector)
                        .reason("reason", &error),
                ),
            }
        }
    }
    keys
}

/// A key record read at `name`, and what to say of it: revoked (empty
/// `p=`, RFC 6376 §3.6.1), an RSA key under 1024 bits (RFC 8301 §3.2), or
/// its algorithm and size.
fn found_key(key: &KeyRecord, selector: &str, name: &str, domain: &str) -> (FoundKey, Finding) {
    let bits = PublicKey::from_record(key.key_type, &key.public_key).map_or(0, |p| p.bits());
    let found = FoundKey {
        selector: selector.to_string(),
        name: name.to_string(),
        key_type: key.key_type.as_str().to_string(),
        bits,
    };
    let finding = if key.revoked() {
        Finding::new(Code::DkimRevoked)
            .param("name", name)
            .param("selector", selector)
            .param("domain", domain)
    } else if found.key_type == "rsa" && bits < 1024 {
        Finding::new(Code::DkimKeyTooShort)
            .param("name", name)
            .param("bits", bits)
    } else {
        Finding::new(Code::CheckDkimKey)
            .param("name", name)
            .param("algorithm", &found.key_type)
            .param("bits", bits)
    };
    (found, finding)
}

/// The PTR names of `ip` and whether one resolves back to it, with a
/// finding when there is none or none confirms.
async fn reverse_dns<R: Resolver>(
    resolver: &R,
    ip: IpAddr,
    findings: &mut Vec<Finding>,
) -> (Vec<String>, bool) {
    let (ptr, confirmed) = forward_confirmed(resolver, ip).await;
    match ptr.first() {
        None => findings.push(Finding::new(Code::CheckPtrMissing).param("ip", ip)),
        Some(first) if !confirmed => findings.push(
            Finding::new(Code::CheckFcrdnsMismatch)
                .param("ip", ip)
                .param("name", first),
        ),
        Some(_) => {}
    }
    (ptr, confirmed)
}

impl DomainReport {
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
