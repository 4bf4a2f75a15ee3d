//! Receiver profiles checked on a message: the rules of
//! [`crate::profile`] that a received message can show, each finding
//! naming its [`Requirement`] (`requirement` parameter) as
//! `check --profile` does for a domain.
//!
//! - `gmail-bulk`, `yahoo-bulk`: the February 2024 bulk sender rules — SPF
//!   *and* DKIM pass, a DMARC record, From aligned, one-click unsubscribe
//!   (RFC 8058) covered by a DKIM signature, forward-confirmed reverse DNS.
//! - `docomo`: what NTT docomo asks of senders since January 2025 — DMARC
//!   pass, DKIM as well as SPF, SPF checked a second time with the header
//!   From domain as identity, an A or MX record for the From domain, a
//!   non-empty From and a Message-ID.

use super::{MessageVerifier, Verdict};
use crate::diag::{Code, Finding};
use crate::dkim::DkimResult;
use crate::dmarc::{DmarcResult, DomainVerdict};
use crate::dns::{Resolver, forward_confirmed};
use crate::mail::Message;
use crate::spf::{Envelope, SpfResult};

pub use crate::profile::{ParseProfileError, Profile, Requirement};

/// The outcome of a profile check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProfileReport {
    /// The profile.
    pub profile: Profile,
    /// How many checks ran.
    pub checks: usize,
    /// How many failed.
    pub failed: usize,
    /// Failures (and checks that could not run), or one `profile-pass`.
    pub findings: Vec<Finding>,
}

struct Checks {
    profile: Profile,
    count: usize,
    findings: Vec<Finding>,
}

impl Checks {
    fn check(&mut self, requirement: Requirement, ok: bool, finding: impl FnOnce() -> Finding) {
        self.count += 1;
        if !ok {
            self.findings.push(
                finding()
                    .param("profile", self.profile.as_str())
                    .param("requirement", requirement.id()),
            );
        }
    }

    /// A check that could not run: `check` and `reason` are keys the
    /// catalogs word (`spf`, `ptr`, `spf-header-from`; `no-client-ip`,
    /// `no-from-domain`).
    fn not_checked(&mut self, requirement: Requirement, check: &str, reason: &str) {
        self.count += 1;
        self.findings.push(
            Finding::new(Code::ProfileNotChecked)
                .param("profile", self.profile.as_str())
                .param("requirement", requirement.id())
                .param("check", check)
                .param("reason", reason),
        );
    }
}

/// What every profile reads of a verdict.
struct Facts<'a, 'm> {
    verdict: &'a Verdict,
    message: &'a Message<'m>,
    /// The envelope checked (given or inferred), if any.
    envelope: Option<Envelope>,
    /// The domain DMARC decided on (or looked at first).
    dmarc: Option<&'a DomainVerdict>,
    /// Its From domain, empty when the From field named none.
    from_domain: String,
    /// Some DKIM signature passed.
    dkim_pass: bool,
    /// `forwarded` or `direct`: under forwarding the relaying server is not
    /// the author's, so no fix may tell the author to authorise it.
    cause: &'static str,
    /// The same for DKIM, with `broken` for a direct message whose
    /// signatures all fail.
    dkim_cause: &'static str,
}

impl<'a, 'm> Facts<'a, 'm> {
    fn new(message: &'a Message<'m>, verdict: &'a Verdict) -> Self {
        let dmarc = verdict.dmarc.focus();
        let forwarded = verdict.forwarded();
        Self {
            verdict,
            message,
            envelope: verdict.envelope.envelope(),
            dmarc,
            from_domain: dmarc.map(|d| d.from_domain.clone()).unwrap_or_default(),
            dkim_pass: verdict.dkim.iter().any(|s| s.result == DkimResult::Pass),
            cause: if forwarded { "forwarded" } else { "direct" },
            dkim_cause: if forwarded {
                "forwarded"
            } else if verdict.dkim.is_empty() {
                "direct"
            } else {
                "broken"
            },
        }
    }

    /// A finding about the From domain.
    fn with_domain(&self, code: Code) -> Finding {
        Finding::new(code).param("domain", &self.from_domain)
    }
}

impl<R: Resolver + Clone> MessageVerifier<R> {
    /// Checks `verdict` (of `message`) against a receiver profile.
    pub async fn check_profile(
        &self,
        profile: Profile,
        message: &Message<'_>,
        verdict: &Verdict,
    ) -> ProfileReport {
        let mut c = Checks {
            profile,
            count: 0,
            findings: Vec::new(),
        };
        let facts = Facts::new(message, verdict);
        match profile {
            Profile::GmailBulk | Profile::YahooBulk => self.bulk_sender(&mut c, &facts).await,
            Profile::Docomo => self.docomo(&mut c, &facts).await,
        }
        let failed = c.findings.len();
        if c.findings.is_empty() {
            c.findings.push(
                Finding::new(Code::ProfilePass)
                    .param("profile", profile.as_str())
                    .param("count", c.count),
            );
        }
        ProfileReport {
            profile,
            checks: c.count,
            failed,
            findings: c.findings,
        }
    }

    /// Gmail's and Yahoo's bulk sender rules (February 2024): SPF and DKIM
    /// pass, a DMARC record, From aligned, one-click unsubscribe (RFC 8058)
    /// under a DKIM signature, forward-confirmed reverse DNS.
    async fn bulk_sender(&self, c: &mut Checks, f: &Facts<'_, '_>) {
        match &f.verdict.spf {
            Some(spf) => c.check(Requirement::Spf, spf.result == SpfResult::Pass, || {
                Finding::new(Code::ProfileSpfNotPass)
                    .param("domain", &spf.domain)
                    .param("result", spf.result.as_str())
                    .param("ip", spf.client_ip)
                    .param("cause", f.cause)
            }),
            None => c.not_checked(Requirement::Spf, "spf", "no-client-ip"),
        }
        c.check(Requirement::Dkim, f.dkim_pass, || {
            f.with_domain(Code::ProfileDkimNotPass)
                .param("cause", f.dkim_cause)
        });
        c.check(
            Requirement::DmarcRecord,
            f.dmarc.is_some_and(|d| d.record.is_some()),
            || f.with_domain(Code::ProfileDmarcRecord),
        );
        c.check(
            Requirement::Alignment,
            f.dmarc.is_some_and(|d| {
                d.spf.as_ref().is_some_and(|a| a.passes()) || d.dkim.iter().any(|a| a.passes())
            }),
            || {
                f.with_domain(Code::ProfileFromNotAligned)
                    .param("cause", f.cause)
            },
        );
        one_click_unsubscribe(c, f);
        match &f.envelope {
            Some(e) => {
                let (names, confirmed) = forward_confirmed(&self.resolver, e.client_ip).await;
                c.check(Requirement::ReverseDns, !names.is_empty(), || {
                    Finding::new(Code::ProfilePtrMissing)
                        .param("ip", e.client_ip)
                        .param("cause", f.cause)
                });
                if let Some(first) = names.first() {
                    c.check(Requirement::ReverseDns, confirmed, || {
                        Finding::new(Code::ProfileFcrdnsMismatch)
                            .param("ip", e.client_ip)
                            .param("name", first)
                            .param("cause", f.cause)
                    });
                }
            }
            None => c.not_checked(Requirement::ReverseDns, "ptr", "no-client-ip"),
        }
    }

    /// NTT docomo's requirements (January 2025): a non-empty From, DMARC
    /// and DKIM pass, SPF checked again with the From domain as identity,
    /// an A or MX record for the From domain, and a Message-ID.
    async fn docomo(&self, c: &mut Checks, f: &Facts<'_, '_>) {
        let verdict = f.verdict;
        c.check(
            Requirement::FromPresent,
            verdict.dmarc.author.problems.is_empty() && !f.from_domain.is_empty(),
            || Finding::new(Code::ProfileFromEmpty),
        );
        c.check(
            Requirement::DmarcPass,
            verdict.dmarc.result == DmarcResult::Pass,
            || {
                let no_record = !verdict.forwarded() && f.dmarc.is_some_and(|d| d.record.is_none());
                f.with_domain(Code::ProfileDmarcNotPass)
                    .param("result", verdict.dmarc.result.as_str())
                    .param("cause", if no_record { "none" } else { f.cause })
            },
        );
        c.check(Requirement::Dkim, f.dkim_pass, || {
            f.with_domain(Code::ProfileDkimNotPass)
                .param("cause", f.dkim_cause)
        });
        match (&f.envelope, f.from_domain.is_empty()) {
            (Some(e), false) => {
                let header_from = Envelope {
                    client_ip: e.client_ip,
                    helo: e.helo.clone(),
                    mail_from: format!("postmaster@{}", f.from_domain),
                };
                let eval = self.spf.check_mail_from(&header_from).await;
                c.check(
                    Requirement::HeaderFromSpf,
                    eval.result == SpfResult::Pass,
                    || {
                        f.with_domain(Code::ProfileHeaderFromSpf)
                            .param("result", eval.result.as_str())
                            .param("ip", e.client_ip)
                            .param("cause", f.cause)
                    },
                );
            }
            (None, _) => c.not_checked(
                Requirement::HeaderFromSpf,
                "spf-header-from",
                "no-client-ip",
            ),
            (_, true) => c.not_checked(
                Requirement::HeaderFromSpf,
                "spf-header-from",
                "no-from-domain",
            ),
        }
        if !f.from_domain.is_empty() {
            let domain = f.from_domain.as_str();
            let resolver = &self.resolver;
            let has_a = resolver.a(domain).await.is_ok_and(|a| !a.is_empty())
                || resolver.aaaa(domain).await.is_ok_and(|a| !a.is_empty());
            let has_mx = resolver.mx(domain).await.is_ok_and(|m| !m.is_empty());
            c.check(Requirement::FromAddress, has_a || has_mx, || {
                f.with_domain(Code::ProfileFromNoAddress)
            });
        }
        c.check(
            Requirement::MessageId,
            f.message.get("message-id").is_some(),
            || Finding::new(Code::ProfileMessageIdMissing),
        );
    }
}

/// One-click unsubscribe (RFC 8058 §3.1): both fields present, and both
/// covered by a passing DKIM signature (§4).
fn one_click_unsubscribe(c: &mut Checks, f: &Facts<'_, '_>) {
    let unsubscribe = f.message.get("list-unsubscribe").is_some();
    let one_click = f
        .message
        .get("list-unsubscribe-post")
        .is_some_and(|h| h.text().eq_ignore_ascii_case("List-Unsubscribe=One-Click"));
    let mut missing = Vec::new();
    if !unsubscribe {
        missing.push("List-Unsubscribe");
    }
    if !one_click {
        missing.push("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }
    c.check(Requirement::OneClickUnsubscribe, missing.is_empty(), || {
        Finding::new(Code::ProfileListUnsubscribeMissing).param("missing", missing.join(", "))
    });
    if unsubscribe && one_click {
        let covered = f.verdict.dkim.iter().any(|s| {
            s.result == DkimResult::Pass
                && ["list-unsubscribe", "list-unsubscribe-post"]
                    .iter()
                    .all(|h| s.signed_headers.iter().any(|x| x.eq_ignore_ascii_case(h)))
        });
        c.check(Requirement::OneClickUnsubscribe, covered, || {
            Finding::new(Code::ProfileListUnsubscribeUnsigned)
        });
    }
}
