//! DKIM keys at a domain's selectors, and what to say of each.

use futures_util::stream::{self, StreamExt};

use super::FoundKey;
use crate::diag::{Code, Finding};
use crate::dkim::{DkimProblem, KeyRecord, PublicKey};
use crate::dns::Resolver;

/// Selector lookups in flight at once: DKIM has no way to list a domain's
/// selectors, so many are tried, but a bounded number at a time.
pub const SELECTORS_IN_FLIGHT: usize = 8;

/// What the selectors gave: keys, findings, and whether any lookup failed
/// (so that "no key" is not said of a domain whose DNS did not answer).
pub(crate) struct Keys {
    pub(crate) keys: Vec<FoundKey>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) failed: bool,
}

/// The DKIM keys published at each selector (RFC 6376 §3.6.2.1), looked
/// up [`SELECTORS_IN_FLIGHT`] at a time, reported in the selectors' order.
pub(crate) async fn dkim_keys<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
    selectors: &[String],
) -> Keys {
    let answers: Vec<_> = stream::iter(selectors.iter().map(|selector| async move {
        let name = format!("{selector}._domainkey.{domain}");
        let answer = resolver.txt(&name).await;
        (selector, name, answer)
    }))
    .buffered(SELECTORS_IN_FLIGHT)
    .collect()
    .await;
    let mut out = Keys {
        keys: Vec::new(),
        findings: Vec::new(),
        failed: false,
    };
    for (selector, name, answer) in answers {
        let txts = match answer {
            Ok(t) => t,
            Err(e) => {
                out.failed |= e.is_temporary();
                continue;
            }
        };
        for t in txts.iter() {
            match KeyRecord::parse(&t.to_text()) {
                Ok(key) => {
                    let (found, findings) = found_key(&key, selector, &name, domain);
                    out.findings.extend(findings);
                    out.keys.push(found);
                }
                Err(error) => out.findings.push(
                    Finding::new(Code::DkimKeyInvalid)
                        .param("name", &name)
                        .param("domain", domain)
                        .param("selector", selector)
                        .reason("reason", &error),
                ),
            }
        }
    }
    out
}

/// A key record read at `name`, and what to say of it, one finding per
/// cause: revoked (empty `p=`, RFC 6376 §3.6.1); a key that cannot be
/// read as its `k=` says (an error: it verifies nothing); a key whose `s=`
/// excludes email or whose `h=` excludes SHA-256 (an error: no signature a
/// verifier accepts can use it, §3.6.1); else its size — an RSA
/// key under 1024 bits is an error (RFC 8301 §3.2: verifiers MUST NOT
/// accept them), 1024 to 2047 bits a warning (RFC 8301 §3.2 asks signers
/// for at least 2048), else its algorithm and size; and `t=y` (§3.6.1:
/// the domain is testing DKIM).
fn found_key(
    key: &KeyRecord,
    selector: &str,
    name: &str,
    domain: &str,
) -> (FoundKey, Vec<Finding>) {
    let public = PublicKey::from_record(key.key_type, &key.public_key);
    let bits = public.as_ref().map_or(0, |p| p.bits());
    let found = FoundKey {
        selector: selector.to_string(),
        name: name.to_string(),
        key_type: key.key_type.as_str().to_string(),
        bits,
        restricted: !key.usable_for_email() || !key.allows_hash("sha256"),
    };
    let rsa = found.key_type == "rsa";
    let mut findings = vec![if key.revoked() {
        Finding::new(Code::DkimRevoked)
            .param("name", name)
            .param("selector", selector)
            .param("domain", domain)
    } else if let Err(error) = &public {
        // A key that does not read as its k= says (bad base64, an RSA key
        // under k=ed25519, a truncated key) verifies nothing.
        Finding::new(Code::DkimKeyInvalid)
            .param("name", name)
            .param("domain", domain)
            .param("selector", selector)
            .reason("reason", error)
    } else if !key.usable_for_email() {
        // s= without email or *: RFC 6376 §3.6.1, §6.1.2 step 7.
        Finding::new(Code::DkimKeyInvalid)
            .param("name", name)
            .param("domain", domain)
            .param("selector", selector)
            .reason("reason", &DkimProblem::NotForEmail)
            .param("cause", "service")
    } else if !key.allows_hash("sha256") {
        // h= without sha256: every algorithm a verifier still accepts
        // (RFC 8301 §3.1, RFC 8463) hashes with SHA-256.
        Finding::new(Code::DkimKeyInvalid)
            .param("name", name)
            .param("domain", domain)
            .param("selector", selector)
            .reason("reason", &DkimProblem::HashNotAllowed { hash: "sha256" })
            .param("cause", "hash")
    } else if rsa && bits < 1024 {
        Finding::new(Code::DkimKeyTooShort)
            .param("name", name)
            .param("bits", bits)
    } else if rsa && bits < 2048 {
        Finding::new(Code::DkimKeyWeak)
            .param("name", name)
            .param("selector", selector)
            .param("domain", domain)
            .param("bits", bits)
    } else {
        Finding::new(Code::CheckDkimKey)
            .param("name", name)
            .param("algorithm", &found.key_type)
            .param("bits", bits)
    }];
    if key.testing && !key.revoked() {
        findings.push(
            Finding::new(Code::DkimTesting)
                .param("name", name)
                .param("selector", selector)
                .param("domain", domain),
        );
    }
    (found, findings)
}
