//! Diagnosis of a DMARC verdict: why it passed or failed, and what to change.

use super::eval::{Alignment, DmarcResult, DmarcVerdict, DomainVerdict, PolicyTag};
use super::record::{Mode, Policy};
use super::{Published, record_name};
use crate::diag::{Code, Finding};
use crate::mail::FromProblem;
use crate::spf::Identity;

impl DmarcVerdict {
    /// Findings for the whole verdict, cause first.
    pub fn findings(&self) -> Vec<Finding> {
        self.findings_for(None)
    }

    /// As [`DmarcVerdict::findings`], naming the SPF identity (MAIL FROM or HELO).
    ///
    /// The part that decided comes first: with a deciding author domain,
    /// the summary of the author domains and that domain's findings, then
    /// the From problems and the other domains; when a From problem decided,
    /// the problems and the local policy first.
    pub fn findings_for(&self, spf_identity: Option<Identity>) -> Vec<Finding> {
        let mut out = Vec::new();
        let deciding = self.deciding();
        if deciding.is_none() {
            self.problem_findings(&mut out);
        }
        for idn in &self.author.idn {
            out.push(
                Finding::new(Code::DmarcFromIdn)
                    .param("value", &idn.unicode)
                    .param("domain", &idn.ascii),
            );
        }
        if self.domains.len() > 1 {
            let results: Vec<String> = self
                .domains
                .iter()
                .map(|d| format!("{} {}", d.from_domain, d.result.as_str()))
                .collect();
            out.push(
                Finding::new(Code::DmarcFromMultipleDomains)
                    .param("count", self.domains.len())
                    .param("domains", results.join(", "))
                    .param(
                        "domain",
                        deciding.map_or("none", |d| d.from_domain.as_str()),
                    )
                    .param("result", self.result.as_str())
                    .param("disposition", self.disposition),
            );
        }
        if let Some(d) = deciding {
            out.extend(d.findings_with(self.mode, spf_identity));
            self.problem_findings(&mut out);
        }
        for d in self.domains.iter().filter(|d| Some(*d) != deciding) {
            out.extend(d.findings_with(self.mode, spf_identity));
        }
        out
    }

    /// One finding per From problem, then what the local policy made of them.
    fn problem_findings(&self, out: &mut Vec<Finding>) {
        let problems = &self.author.problems;
        for problem in problems {
            out.push(match problem {
                FromProblem::Missing => Finding::new(Code::DmarcFromMissing),
                FromProblem::Several { count } => {
                    Finding::new(Code::DmarcFromSeveral).param("count", count)
                }
                FromProblem::Hidden { line } => {
                    Finding::new(Code::DmarcFromHidden).param("line", line)
                }
                FromProblem::Skipped { line, address } => Finding::new(Code::DmarcFromSkipped)
                    .param("line", line)
                    .param("from", address),
                FromProblem::NoAddress { value } => {
                    Finding::new(Code::DmarcFromNoAddress).param("value", value)
                }
                FromProblem::Invalid { value, near, error } => Finding::new(Code::DmarcFromInvalid)
                    .param("value", value)
                    .param("tail", near)
                    .param("pos", error.pos)
                    .param("reason", error.error.key())
                    .param("error", &error.error),
                FromProblem::NoDomain { address, reason } => Finding::new(Code::DmarcFromNoDomain)
                    .param("value", address)
                    .param("reason", reason.key()),
                FromProblem::TooManyDomains { cap, count } => {
                    Finding::new(Code::DmarcFromTooManyDomains)
                        .param("limit", cap)
                        .param("count", count)
                }
            });
        }
        if let Some(policy) = self.local_policy {
            out.push(Finding::new(Code::DmarcFromLocalPolicy).param("disposition", policy));
        }
    }
}

fn identity_name(a: &Alignment, identity: Option<Identity>) -> &'static str {
    match (a.method, identity) {
        (_, Some(Identity::Helo)) => "HELO",
        _ => "MAIL FROM",
    }
}

impl DomainVerdict {
    /// Findings for one author domain. `mode` names the RFC followed.
    pub fn findings(&self, mode: Mode) -> Vec<Finding> {
        self.findings_with(mode, None)
    }

    /// As [`DomainVerdict::findings`], naming the SPF identity (MAIL FROM or HELO).
    pub fn findings_with(&self, mode: Mode, spf_identity: Option<Identity>) -> Vec<Finding> {
        let mut out = Vec::new();
        out.extend(self.org_disagreement(mode));
        if self.result == DmarcResult::TempError {
            let from = self.from_domain.as_str();
            let finding = self
                .base(Code::DmarcTempError)
                .param("name", record_name(from));
            out.push(match &self.dns_error {
                Some(error) => finding.reason("error", error),
                None => finding.param("error", ""),
            });
            return out;
        }
        out.extend(self.no_policy_findings());
        out.extend(self.inherited_finding());
        out.extend(self.relaxed_alignment_findings());
        out.extend(self.outcome_findings(spf_identity));
        out.extend(self.policy_notes());
        out
    }

    /// A finding about the From domain.
    fn base(&self, code: Code) -> Finding {
        Finding::new(code).param("from", &self.from_domain)
    }

    /// The tree walk and the Public Suffix List name different
    /// organizational domains, and it matters: an identifier is not the
    /// From domain itself (otherwise alignment is the same under both).
    fn org_disagreement(&self, mode: Mode) -> Option<Finding> {
        let from = self.from_domain.as_str();
        let other_identifier = self
            .spf
            .iter()
            .chain(&self.dkim)
            .any(|a| !a.domain.eq_ignore_ascii_case(from));
        let org = self.org_domain.as_ref()?;
        (org.disagree() && other_identifier).then(|| {
            self.base(Code::DmarcOrgDisagree)
                .param("tree", org.tree_walk.as_deref().unwrap_or(""))
                .param("psl", &org.psl)
                .param("mode", mode.as_str())
        })
    }

    /// Why there is no policy: the record found is unusable, or there are
    /// several, or none.
    fn no_policy_findings(&self) -> Vec<Finding> {
        let from = self.from_domain.as_str();
        if self.result != DmarcResult::None {
            return Vec::new();
        }
        if self.unusable {
            return vec![
                self.base(Code::DmarcRecordUnusable)
                    .param(
                        "name",
                        record_name(self.policy_domain.as_deref().unwrap_or(from)),
                    )
                    .param(
                        "record",
                        self.record.as_ref().map_or("", |r| r.text.as_str()),
                    ),
            ];
        }
        let mut out = Vec::new();
        if let Some(several @ Published::Several { .. }) = &self.published {
            out.push(several.finding(from));
        }
        let org = self.org_domain.as_ref().map_or(from, |o| o.domain.as_str());
        out.push(super::missing_finding(org));
        out
    }

    /// The policy came from another domain's record (RFC 9989 §4.10: `sp`
    /// or `np` of the organizational domain, or a parent's `p`).
    fn inherited_finding(&self) -> Option<Finding> {
        let (Some(policy_domain), Some(tag), Some(requested)) =
            (&self.policy_domain, self.policy_tag, self.requested)
        else {
            return None;
        };
        (*policy_domain != self.from_domain).then(|| {
            self.base(if tag == PolicyTag::Np {
                Code::DmarcInheritedNp
            } else {
                Code::DmarcInherited
            })
            .param("domain", policy_domain)
            .param("policy", requested)
            .param(
                "tag",
                match tag {
                    PolicyTag::P => "p",
                    PolicyTag::Sp => "sp",
                    PolicyTag::Np => "np",
                },
            )
        })
    }

    /// Identifiers that align only through the organizational domain
    /// (relaxed alignment, RFC 9989 §4.4).
    fn relaxed_alignment_findings(&self) -> Vec<Finding> {
        self.spf
            .iter()
            .chain(&self.dkim)
            .filter(|a| a.passes())
            .filter_map(|a| {
                let org = a.via_org_domain.as_ref()?;
                let method = if a.method == super::eval::Method::Spf {
                    "SPF"
                } else {
                    "DKIM"
                };
                Some(
                    self.base(Code::DmarcAlignedRelaxed)
                        .param("method", method)
                        .param("domain", &a.domain)
                        .param("org", org),
                )
            })
            .collect()
    }

    /// What passed, or why it failed and what the policy does about it.
    fn outcome_findings(&self, spf_identity: Option<Identity>) -> Vec<Finding> {
        let from = self.from_domain.as_str();
        let policy_domain = self.policy_domain.as_deref().unwrap_or(from);
        let aligned_dkim = self.dkim.iter().any(Alignment::passes);
        let aligned_spf = self.spf.as_ref().is_some_and(Alignment::passes);
        let mut out = Vec::new();
        match self.result {
            DmarcResult::Pass => {
                let via = match (aligned_spf, aligned_dkim) {
                    (true, true) => "both",
                    (true, false) => "spf",
                    _ => "dkim",
                };
                out.push(
                    self.base(Code::DmarcPass)
                        .param("via", via)
                        .param("domain", policy_domain),
                );
                if !aligned_dkim {
                    // Signed by the From domain but not verified: the DKIM
                    // finding says why; "sign with DKIM" would be wrong.
                    let signed = self.dkim.iter().any(|a| a.aligned);
                    out.push(
                        self.base(Code::DmarcSpfOnly)
                            .param("signed", if signed { "yes" } else { "no" }),
                    );
                }
            }
            DmarcResult::Fail => {
                // Causes first, then the consequence, whose fix points up at them.
                let (causes, cause) = self.failure_causes(spf_identity);
                out.extend(causes);
                let policy = self.requested.unwrap_or(Policy::None);
                out.push(
                    self.base(Code::DmarcFail)
                        .param("policy", policy)
                        .param("disposition", self.disposition)
                        .param("domain", policy_domain)
                        .param("cause", cause.as_str()),
                );
            }
            _ => {}
        }
        out
    }

    /// Notes on the policy itself: `t=y` testing, `pct` sampling (RFC 7489),
    /// and `p=none`, which protects nothing.
    fn policy_notes(&self) -> Vec<Finding> {
        let requested = self.requested.unwrap_or(Policy::None);
        let mut out = Vec::new();
        if self.testing {
            out.push(self.base(Code::DmarcTesting).param("policy", requested));
        }
        if self.sampled_out
            && let Some(e) = &self.effective
        {
            out.push(
                self.base(Code::DmarcPctSampled)
                    .param("pct", e.pct)
                    .param("policy", requested)
                    .param("disposition", self.disposition),
            );
        }
        if matches!(self.result, DmarcResult::Pass | DmarcResult::Fail)
            && self.requested == Some(Policy::None)
        {
            out.push(self.base(Code::DmarcPolicyNone).param(
                "domain",
                self.policy_domain.as_deref().unwrap_or(&self.from_domain),
            ));
        }
        out
    }

    /// True when the failure has the shape of forwarding or a mailing list:
    /// SPF failed for an aligned envelope domain (another server relayed the
    /// mail) and an aligned DKIM signature failed (the message changed on
    /// the way), and the message carries a field a list or forwarder writes
    /// ([`DomainVerdict::relayed_by`]): a forger can produce the same two
    /// results, but not make that the diagnosis without such a field. The
    /// author's records are then not the cause, and no advice may tell the
    /// author to authorise the relaying server.
    pub fn forwarded(&self) -> bool {
        let spf_aligned_failed = self.spf.as_ref().is_some_and(|a| {
            a.aligned && !a.authenticated && matches!(a.result.as_str(), "fail" | "softfail")
        });
        let dkim_aligned_failed = self.dkim.iter().any(|a| a.aligned && a.result == "fail");
        self.result == DmarcResult::Fail
            && spf_aligned_failed
            && dkim_aligned_failed
            && self.relayed_by.is_some()
    }

    /// Why nothing aligned passed: one finding per identifier, plus the
    /// "authenticated but not aligned" or "forwarded" diagnosis when that is
    /// the story (placed first), and which of those it was.
    fn failure_causes(&self, spf_identity: Option<Identity>) -> (Vec<Finding>, FailCause) {
        let forwarded = self.forwarded();
        let mut out = Vec::new();
        let mut authenticated_elsewhere = false;
        let (spf, elsewhere) = self.spf_cause(forwarded, spf_identity);
        out.extend(spf);
        authenticated_elsewhere |= elsewhere;
        if self.dkim.is_empty() {
            out.push(self.base(Code::DmarcDkimNone));
        }
        for a in &self.dkim {
            let (dkim, elsewhere) = self.dkim_cause(a, forwarded);
            out.extend(dkim);
            authenticated_elsewhere |= elsewhere;
        }
        // With the "authenticated but not aligned" summary above them, the
        // per-method findings point at its two ways instead of repeating them.
        let summary = if authenticated_elsewhere { "yes" } else { "no" };
        let mut out: Vec<Finding> = out
            .into_iter()
            .map(|f| match f.code {
                Code::DmarcSpfNotAligned | Code::DmarcDkimNotAligned | Code::DmarcDkimNone => {
                    f.param("summary", summary)
                }
                _ => f,
            })
            .collect();
        let mut cause = FailCause::Other;
        if authenticated_elsewhere {
            out.insert(0, self.base(Code::DmarcNotAligned));
            cause = FailCause::NotAligned;
        }
        if forwarded {
            out.insert(
                0,
                self.base(Code::DmarcForwarded)
                    .param("relay", "none")
                    // The verdict says what the ARC chain shows.
                    .param("arc", "none")
                    .param("evidence", self.relayed_by.as_deref().unwrap_or("")),
            );
            cause = FailCause::Forwarded;
        }
        (out, cause)
    }

    /// Why SPF did not give an aligned pass, and whether it passed for
    /// another domain; nothing when forwarding explains it.
    fn spf_cause(
        &self,
        forwarded: bool,
        spf_identity: Option<Identity>,
    ) -> (Option<Finding>, bool) {
        let Some(a) = &self.spf else {
            return (Some(self.base(Code::DmarcSpfNotChecked)), false);
        };
        let identity = identity_name(a, spf_identity);
        match a {
            // Forwarding explains this failure; saying it again per method
            // would repeat the diagnosis.
            a if forwarded && a.aligned && !a.authenticated => (None, false),
            a if a.authenticated && a.strict_only => (
                Some(
                    self.base(Code::DmarcSpfStrict)
                        .param("domain", &a.domain)
                        .param("identity", identity),
                ),
                false,
            ),
            a if a.authenticated => (
                Some(
                    self.base(Code::DmarcSpfNotAligned)
                        .param("domain", &a.domain)
                        .param("identity", identity),
                ),
                true,
            ),
            a => (
                Some(
                    self.base(Code::DmarcSpfNotPass)
                        .param("domain", &a.domain)
                        .param("result", &a.result)
                        .param("identity", identity),
                ),
                false,
            ),
        }
    }

    /// Why one DKIM signature did not give an aligned pass, and whether it
    /// passed for another domain; nothing when forwarding explains it.
    fn dkim_cause(&self, a: &Alignment, forwarded: bool) -> (Option<Finding>, bool) {
        let selector = a.selector.clone().unwrap_or_default();
        if a.authenticated && a.strict_only {
            let f = self
                .base(Code::DmarcDkimStrict)
                .param("domain", &a.domain)
                .param("selector", &selector);
            (Some(f), false)
        } else if a.authenticated {
            let f = self
                .base(Code::DmarcDkimNotAligned)
                .param("domain", &a.domain)
                .param("selector", &selector);
            (Some(f), true)
        } else if forwarded && a.aligned && a.result == "fail" {
            // Part of the forwarding diagnosis.
            (None, false)
        } else {
            let f = self
                .base(Code::DmarcDkimNotPass)
                .param("domain", &a.domain)
                .param("selector", &selector)
                .param("result", &a.result)
                .param("aligned", if a.aligned { "yes" } else { "no" });
            (Some(f), false)
        }
    }
}

/// What the `dmarc-fail` fix points at: the diagnosis above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FailCause {
    /// `dmarc-forwarded`: nothing for the author to change.
    Forwarded,
    /// `dmarc-not-aligned`: its two ways.
    NotAligned,
    /// The SPF and DKIM findings above.
    Other,
}

impl FailCause {
    fn as_str(self) -> &'static str {
        match self {
            Self::Forwarded => "forwarded",
            Self::NotAligned => "not-aligned",
            Self::Other => "other",
        }
    }
}
