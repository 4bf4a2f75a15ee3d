//! ARC in the verdict (RFC 8617): the chain's result, the chain hop by hop
//! in the explanation, and the local-policy override a trusted sealer's
//! record allows (RFC 8617 §7.2).
//!
//! ARC never changes a verdict by itself: anyone can seal a message with a
//! key of their own domain, so a chain that validates proves only that its
//! sealers handled the message. Only a sealer the receiver names as trusted
//! ([`super::VerifyOptions::trusted_sealers`]) is believed, and then only
//! for the disposition: the DMARC result stays `fail`, and the override is
//! recorded with the reason aggregate reports carry (`trusted_forwarder`,
//! RFC 7489 §7.2 PolicyOverrideType).

use crate::arc::{ChainStatus, ChainValidation, SetReport};
use crate::authres::AuthResults;
use crate::diag::{Code, Finding};
use crate::dmarc::{AlignmentMode, DmarcResult, DmarcVerdict, DomainVerdict, Evaluator, Policy};
use crate::dns::Resolver;
use crate::mail::Message;

/// At most this many organizational domains are looked up to decide
/// whether a sealer's recorded pass aligns with the author domain (one
/// ARC-Authentication-Results is read: its SPF and DKIM identifiers).
pub const MAX_ARC_ORG_LOOKUPS: usize = 4;

/// Why a receiver's local policy overrode the DMARC disposition, as DMARC
/// aggregate reports name it (RFC 7489 §7.2 `PolicyOverrideType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OverrideReason {
    /// A forwarder the receiver trusts vouched for the message: here, a
    /// trusted ARC sealer recorded an aligned pass (RFC 8617 §7.2).
    TrustedForwarder,
}

impl OverrideReason {
    /// `trusted_forwarder`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TrustedForwarder => "trusted_forwarder",
        }
    }
}

/// A local-policy override of the DMARC disposition: DMARC failed, the ARC
/// chain passed, and a trusted sealer recorded an aligned pass when the
/// message reached it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PolicyOverride {
    /// The reason, as aggregate reports record it.
    pub reason: OverrideReason,
    /// The disposition DMARC asked for before the override.
    pub policy_disposition: Policy,
    /// The trusted sealer (`d=` of its ARC-Seal).
    pub sealer: String,
    /// The instance of its ARC set.
    pub instance: u32,
    /// The aligned pass its ARC-Authentication-Results recorded, e.g.
    /// `dmarc=pass header.from=example.org`.
    pub recorded: String,
}

/// An aligned pass a set's ARC-Authentication-Results recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordedPass {
    pub(crate) sealer: String,
    pub(crate) instance: u32,
    pub(crate) recorded: String,
    /// The sealer to trust for this record to count: the newest untrusted
    /// one, at or after the recording set (the hop that handed the message
    /// to us, unless it is trusted already).
    pub(crate) to_trust: String,
}

/// Whether `trusted` names `domain` (case-insensitive, a final dot ignored).
fn is_trusted(domain: &str, trusted: &[String]) -> bool {
    let domain = domain.trim_end_matches('.');
    trusted
        .iter()
        .any(|t| t.trim_end_matches('.').eq_ignore_ascii_case(domain))
}

/// What `aar` recorded that passes and aligns with the author domain of
/// `author`: `dmarc=pass` for it, or an SPF or DKIM pass for a domain
/// aligned with it under the record's alignment modes (RFC 7489 §3.1).
async fn aligned_pass<R: Resolver>(
    aar: &AuthResults,
    author: &DomainVerdict,
    evaluator: &Evaluator<R>,
    lookups: &mut usize,
) -> Option<String> {
    let from = author.from_domain.as_str();
    if aar.method("dmarc").any(|r| {
        r.result.eq_ignore_ascii_case("pass") && r.domain("header", "from").as_deref() == Some(from)
    }) {
        return Some(format!("dmarc=pass header.from={from}"));
    }
    let from_org = author.org_domain.as_ref().map(|o| o.domain.clone());
    let (adkim, aspf) = author
        .effective
        .as_ref()
        .map_or((AlignmentMode::Relaxed, AlignmentMode::Relaxed), |e| {
            (e.adkim, e.aspf)
        });
    for (method, ptype, property, mode) in [
        ("dkim", "header", "d", adkim),
        ("spf", "smtp", "mailfrom", aspf),
    ] {
        for r in aar
            .method(method)
            .filter(|r| r.result.eq_ignore_ascii_case("pass"))
        {
            let Some(domain) = r.domain(ptype, property) else {
                continue;
            };
            let aligned = if domain == from {
                true
            } else if mode == AlignmentMode::Strict
                || from_org.is_none()
                || *lookups >= MAX_ARC_ORG_LOOKUPS
            {
                false
            } else {
                *lookups += 1;
                evaluator.org_domain(&domain).await.ok() == from_org
            };
            if aligned {
                return Some(format!("{method}=pass {ptype}.{property}={domain}"));
            }
        }
    }
    None
}

/// The fields a reader sees or replies to: each present must be signed by
/// the newest ARC-Message-Signature for an override.
const READER_FIELDS: &[&str] = &["from", "reply-to", "to", "cc", "subject"];

/// Whether `signed` (an `h=` list) lists each of [`READER_FIELDS`] at least
/// as often as `message` holds it: none was added after signing.
fn covers_reader_fields(message: &Message<'_>, signed: &[String]) -> bool {
    READER_FIELDS.iter().all(|name| {
        let present = message
            .fields()
            .filter(|f| f.name.eq_ignore_ascii_case(name))
            .count();
        let listed = signed
            .iter()
            .filter(|s| s.eq_ignore_ascii_case(name))
            .count();
        present <= listed
    })
}

/// What the chain allows when DMARC failed and the chain passed (RFC 8617
/// §7.2 leaves the choice of trusted sealers to the receiver).
///
/// The rule: a sealer is believed only for what reached us through sealers
/// we trust, so the NEWEST set (the hop that handed the message to us)
/// must be sealed by a trusted domain. From it we walk back over the
/// contiguous run of sets whose sealers are trusted; every hop in the run
/// handled the message only after a trusted one, and trusting a sealer
/// means trusting everything it forwards (including what it changed). The
/// override is then the OLDEST set of that run whose
/// ARC-Authentication-Results recorded an aligned pass: the trusted hop
/// that saw the message nearest its origin (`Ok`). A set before the run,
/// sealed by an untrusted domain, never counts, whatever it recorded: an
/// untrusted hop could have changed the message after it, or forged it
/// (its own seal over a replayed chain).
///
/// Without an override, the newest set of any sealer that recorded an
/// aligned pass is returned as `Err`, with the sealer to trust for that
/// record to count: the newest untrusted one (with no sealer trusted, the
/// hop that handed the message to us).
///
/// `None` when DMARC's result is not `fail` (a `permerror` for several or
/// no From fields, `none`, `temperror`), when the message holds a field a
/// reader sees (From, Reply-To, To, Cc, Subject) that the newest
/// ARC-Message-Signature does not sign, when the author is not one single
/// determined domain, when the policy already delivers failing mail, when
/// the chain did not pass, or when no set recorded an aligned pass.
pub(crate) async fn trusted_pass<R: Resolver>(
    message: &Message<'_>,
    chain: &ChainValidation,
    dmarc: &DmarcVerdict,
    evaluator: &Evaluator<R>,
    trusted: &[String],
) -> Option<Result<RecordedPass, RecordedPass>> {
    // Nothing to override when the policy already delivers failing mail
    // (p=none, t=y, outside a pct sample), nor when the author itself is in
    // doubt (several From fields, several domains): the override would
    // vouch for a From field the sealer may never have seen.
    if dmarc.result != DmarcResult::Fail
        || chain.status != ChainStatus::Pass
        || dmarc.disposition == Policy::None
        || !dmarc.from_problems().is_empty()
        || dmarc.domains.len() != 1
    {
        return None;
    }
    let author = dmarc.deciding()?;
    // A field a reader sees that the newest ARC-Message-Signature does not
    // cover was added after the last hop sealed (a sealer that does not
    // oversign lets it through): no sealer vouched for it.
    let newest = chain.sets.last()?;
    if !covers_reader_fields(message, &newest.message_signature.signature.signed_headers) {
        return None;
    }
    // The contiguous run of trusted sealers ending at the newest set.
    let run = chain
        .sets
        .iter()
        .rev()
        .take_while(|s| is_trusted(&s.seal.domain, trusted))
        .count();
    let first_trusted = chain.sets.len().saturating_sub(run);
    let to_trust = first_trusted
        .checked_sub(1)
        .and_then(|i| chain.sets.get(i))
        .map(|s| s.seal.domain.clone())
        .unwrap_or_default();
    let mut lookups = 0;
    let recorded = |set: &SetReport, recorded: String| RecordedPass {
        sealer: set.seal.domain.clone(),
        instance: set.instance,
        recorded,
        to_trust: to_trust.clone(),
    };
    for set in &chain.sets[first_trusted..] {
        let aar = &set.authentication_results.results;
        if let Some(r) = aligned_pass(aar, author, evaluator, &mut lookups).await {
            return Some(Ok(recorded(set, r)));
        }
    }
    for set in chain.sets[..first_trusted].iter().rev() {
        let aar = &set.authentication_results.results;
        if let Some(r) = aligned_pass(aar, author, evaluator, &mut lookups).await {
            return Some(Err(recorded(set, r)));
        }
    }
    None
}

/// How the explanation of existing results names a hop's
/// ARC-Authentication-Results: `authserv-id (ARC i=N)`.
pub(crate) fn hop_authserv(set: &SetReport) -> String {
    format!(
        "{} (ARC i={})",
        set.authentication_results.results.authserv_id, set.instance
    )
}

/// `yes`, `no` or `unchecked`.
fn checked(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unchecked",
    }
}

/// The chain's findings: whether it validates (or why not), then each hop,
/// oldest first: who sealed it, with which `cv=`, whether its seal and
/// message signature verified, and what its ARC-Authentication-Results
/// recorded. Nothing without a chain.
pub(crate) fn chain_findings(chain: &ChainValidation) -> Vec<Finding> {
    let mut out = Vec::new();
    match chain.status {
        ChainStatus::None => return out,
        ChainStatus::Pass => {
            // Why the hop before the oldest verifying one does not verify:
            // its key could not be used, or the message was changed.
            let before = match chain.oldest_pass {
                Some(n) if n > 1 => {
                    chain
                        .sets
                        .iter()
                        .find(|s| s.instance == n - 1)
                        .map_or("changed", |s| {
                            if s.signature_key_problem {
                                "key"
                            } else {
                                "changed"
                            }
                        })
                }
                _ => "changed",
            };
            let mut sealers: Vec<&str> = Vec::new();
            for s in &chain.sets {
                if !sealers.contains(&s.seal.domain.as_str()) {
                    sealers.push(&s.seal.domain);
                }
            }
            out.push(
                Finding::new(Code::ArcPass)
                    .param("count", chain.sets.len())
                    .list("sealers", &sealers)
                    .param("oldest", chain.oldest_pass.unwrap_or(0))
                    .param("before", before),
            );
        }
        ChainStatus::Fail => {
            let mut f = Finding::new(Code::ArcFail).param(
                "instance",
                chain
                    .failure
                    .as_ref()
                    .and_then(|f| f.instance)
                    .map_or_else(|| "none".to_string(), |i| i.to_string()),
            );
            // The finding names the instance; the reason says why.
            if let Some(failure) = &chain.failure {
                f = f.reason("reason", &failure.reason);
            }
            out.push(f);
        }
    }
    for set in &chain.sets {
        let ar = &set.authentication_results.results;
        out.push(
            Finding::new(Code::ArcHop)
                .param("instance", set.instance)
                .param("sealer", &set.seal.domain)
                .param("cv", set.seal.cv)
                .param("seal", checked(set.seal_verified))
                .param(
                    "ams",
                    if set.signature_key_problem {
                        "key"
                    } else {
                        checked(set.signature_verified)
                    },
                )
                .param("authserv", &ar.authserv_id)
                .param("results", super::existing::summary(ar, 16)),
        );
    }
    out
}

impl ChainValidation {
    /// The chain explained: whether it validates (or where and why it
    /// breaks), then each hop, oldest first: its sealer, `cv=`, whether its
    /// seal and message signature verified, and what its
    /// ARC-Authentication-Results recorded (RFC 8617 §5.2). Empty without
    /// a chain.
    ///
    /// ```
    /// use domainauth::arc::Verifier;
    /// use domainauth::dns::ZoneResolver;
    /// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let chain = rt
    ///     .block_on(Verifier::new(ZoneResolver::new()).validate_message(b"From: a@example.com\r\n\r\nbody\r\n"))
    ///     .unwrap();
    /// assert!(chain.findings().is_empty());
    /// ```
    pub fn findings(&self) -> Vec<Finding> {
        chain_findings(self)
    }
}

/// The finding of the override, or of a recorded pass no trusted sealer
/// vouches for.
pub(crate) fn override_finding(
    pass: &Result<RecordedPass, RecordedPass>,
    from: &str,
    policy: Policy,
) -> Finding {
    let (code, p) = match pass {
        Ok(p) => (Code::ArcTrustedSealer, p),
        Err(p) => (Code::ArcNotTrusted, p),
    };
    let f = Finding::new(code)
        .param("sealer", &p.sealer)
        .param("instance", p.instance)
        .param("recorded", &p.recorded)
        .param("from", from)
        .param("policy", policy.as_str());
    match pass {
        Ok(_) => f.param("override", OverrideReason::TrustedForwarder.as_str()),
        Err(p) => f.param("trust", &p.to_trust),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_names_ignore_case_and_final_dot() {
        let trusted = vec!["Lists.Example.".to_string()];
        assert!(is_trusted("lists.example", &trusted));
        assert!(!is_trusted("evil-lists.example", &trusted));
        assert!(!is_trusted("sub.lists.example", &trusted));
    }
}
