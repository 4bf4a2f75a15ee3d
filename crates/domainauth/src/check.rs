//! What a domain publishes for mail authentication, without a message: the
//! SPF tree, the DMARC record, DKIM keys at known or given selectors, A/MX
//! records, and — given the sending IP — its SPF result and reverse DNS.
//! This answers "what do I still need to publish?" (SCENARIOS S1).

use std::net::IpAddr;

use crate::diag::rules::push_new_cause;
use crate::diag::{Code, Finding, Severity};
use crate::dkim::{KeyRecord, PublicKey};
use crate::dmarc::{DomainLint, Mode, PublicSuffixList, lint_domain};
use crate::dns::{DnsError, Resolver, forward_confirmed, normalize_name};
use crate::spf::{Envelope, Evaluation, Problem, RecordTree, Verifier, analyze};

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

/// Checks what `domain` publishes.
pub async fn check_domain<R: Resolver + Clone>(
    resolver: R,
    domain: &str,
    options: &CheckOptions,
    psl: &PublicSuffixList,
) -> Result<DomainReport, DnsError> {
    let domain = normalize_name(domain);
    let mut findings = Vec::new();

    let spf = analyze(&resolver, &domain).await;
    findings.extend(spf.findings.iter().cloned());
    // A domain that does not exist is said once: every record it would
    // need is missing for that one reason.
    let missing = matches!(spf.root.problem, Some(Problem::NoSuchDomain { .. }));
    match &spf.root.problem {
        Some(Problem::NoSuchDomain { .. }) => {
            findings.push(Finding::new(Code::DomainNotFound).param("domain", &domain));
        }
        Some(Problem::NoRecord { .. }) => findings.push(
            Finding::new(Code::SpfNone)
                .param("domain", &domain)
                .param("from_ip", "no")
                .param(
                    "suggest",
                    options.ip.map_or_else(
                        || "mx".to_string(),
                        |ip| match ip {
                            IpAddr::V4(v4) => format!("ip4:{v4}"),
                            IpAddr::V6(v6) => format!("ip6:{v6}"),
                        },
                    ),
                ),
        ),
        Some(Problem::Dns { error }) => push_new_cause(
            &mut findings,
            Finding::new(Code::SpfTempError)
                .param("domain", &domain)
                .reason("error", error),
        ),
        _ => {}
    }
    let mut spf_for_ip = None;
    if let Some(ip) = options.ip
        && spf.root.problem.is_none()
    {
        let eval = Verifier::new(resolver.clone())
            .check_mail_from(&Envelope {
                client_ip: ip,
                helo: domain.clone(),
                mail_from: format!("postmaster@{domain}"),
            })
            .await;
        // The tree already reported a broken record; the evaluation's
        // permerror is the same cause in other words.
        for f in eval.findings() {
            if f.code != Code::DmarcMissing {
                push_new_cause(&mut findings, f);
            }
        }
        spf_for_ip = Some(eval);
    }

    let dmarc = lint_domain(&resolver, &domain, options.mode, psl).await?;
    findings.extend(
        dmarc
            .findings
            .iter()
            .filter(|f| !(missing && f.code == Code::DomainNotFound))
            .cloned(),
    );

    let selectors: Vec<String> = if missing {
        // No name below a domain that does not exist can hold a key.
        Vec::new()
    } else if options.selectors.is_empty() {
        COMMON_SELECTORS.iter().map(|s| s.to_string()).collect()
    } else {
        options.selectors.clone()
    };
    let mut dkim_keys = Vec::new();
    for selector in &selectors {
        let name = format!("{selector}._domainkey.{domain}");
        let Ok(txts) = resolver.txt(&name).await else {
            continue;
        };
        for t in txts.iter() {
            let text = String::from_utf8_lossy(&t.joined()).into_owned();
            let key = match KeyRecord::parse(&text) {
                Ok(key) => key,
                Err(error) => {
                    findings.push(
                        Finding::new(Code::DkimKeyInvalid)
                            .param("name", &name)
                            .param("domain", &domain)
                            .param("selector", selector)
                            .reason("reason", &error),
                    );
                    continue;
                }
            };
            let bits =
                PublicKey::from_record(key.key_type, &key.public_key).map_or(0, |p| p.bits());
            let key_type = key.key_type.as_str().to_string();
            let found = FoundKey {
                selector: selector.clone(),
                name: name.clone(),
                key_type,
                bits,
            };
            findings.push(if key.revoked() {
                Finding::new(Code::DkimRevoked)
                    .param("name", &name)
                    .param("selector", selector)
                    .param("domain", &domain)
            } else if found.key_type == "rsa" && bits < 1024 {
                Finding::new(Code::DkimKeyTooShort)
                    .param("name", &name)
                    .param("bits", bits)
            } else {
                Finding::new(Code::CheckDkimKey)
                    .param("name", &name)
                    .param("algorithm", &found.key_type)
                    .param("bits", bits)
            });
            dkim_keys.push(found);
        }
    }
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

    let (mut ptr, mut fcrdns) = (Vec::new(), None);
    if let Some(ip) = options.ip {
        let confirmed;
        (ptr, confirmed) = forward_confirmed(&resolver, ip).await;
        match ptr.first() {
            None => findings.push(Finding::new(Code::CheckPtrMissing).param("ip", ip)),
            Some(first) if !confirmed => findings.push(
                Finding::new(Code::CheckFcrdnsMismatch)
                    .param("ip", ip)
                    .param("name", first),
            ),
            Some(_) => {}
        }
        fcrdns = Some(confirmed);
    }
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
