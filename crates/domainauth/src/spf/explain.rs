//! Diagnosis of an SPF evaluation: the cause of its result and the fix.

use std::net::IpAddr;

use crate::diag::{Code, Finding};

use super::result::{Evaluation, Problem, SpfResult};

/// The mechanism that would authorise `ip`: `ip4:…` or `ip6:…`.
pub(crate) fn authorising_term(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("ip4:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip4:{v4}"),
            None => format!("ip6:{v6}"),
        },
    }
}

/// The finding for a `permerror`/`temperror`/`none` problem.
pub(crate) fn problem_finding(problem: &Problem, suggest: &str) -> Finding {
    match problem {
        Problem::InvalidDomain { domain, source } => Finding::new(Code::SpfInvalidDomain)
            .param("domain", domain)
            .reason("reason", source),
        Problem::NoRecord { domain } => Finding::new(Code::SpfNone)
            .param("domain", domain)
            .param("suggest", suggest),
        Problem::MultipleRecords { domain, count } => Finding::new(Code::SpfMultipleRecords)
            .param("domain", domain)
            .param("count", count),
        Problem::Syntax { domain, error, .. } => Finding::new(Code::SpfSyntax)
            .param("domain", domain)
            .param("term", &error.term)
            .param("pos", error.pos)
            .reason("error", &error.kind),
        Problem::Dns { error } => Finding::new(Code::SpfTempError)
            .param("domain", error.name())
            .reason("error", error),
        Problem::TooManyDnsTerms {
            limit,
            term,
            domain,
            chain,
        } => Finding::new(Code::SpfTooManyLookups)
            .param("domain", chain.first().unwrap_or(domain))
            .param("limit", limit)
            .param("term", format!("{term} ({domain})"))
            .param("chain", chain.join(" → ")),
        Problem::TooManyVoidLookups {
            limit,
            term,
            domain,
        } => Finding::new(Code::SpfTooManyVoidLookups)
            .param("domain", domain)
            .param("limit", limit)
            .param("term", term),
        Problem::TooManyMxNames {
            target,
            count,
            limit,
            ..
        } => Finding::new(Code::SpfTooManyMxNames)
            .param("target", target)
            .param("count", count)
            .param("limit", limit),
        Problem::IncludeNoRecord { domain, target, .. } => Finding::new(Code::SpfIncludeNoRecord)
            .param("domain", domain)
            .param("target", target),
        Problem::RedirectNoRecord { domain, target } => Finding::new(Code::SpfRedirectNoRecord)
            .param("domain", domain)
            .param("target", target),
    }
}

impl Evaluation {
    /// What the result means and what to change, as findings (first: the
    /// result itself).
    pub fn findings(&self) -> Vec<Finding> {
        let suggest = authorising_term(self.client_ip);
        let (record_domain, term) = match &self.matched {
            Some(m) => (m.domain.clone(), m.term.clone()),
            None => (self.domain.clone(), "(default)".to_string()),
        };
        let with_ip = |code: Code| {
            Finding::new(code)
                .param("ip", self.client_ip)
                .param("domain", &record_domain)
                .param("term", &term)
                .param("suggest", &suggest)
                // No term matched: the default result, as if the record
                // ended in ?all (RFC 7208 §4.7).
                .param(
                    "implicit",
                    if self.matched.is_none() { "yes" } else { "no" },
                )
        };
        let first = match self.result {
            SpfResult::Pass => with_ip(Code::SpfPass),
            SpfResult::Fail => with_ip(Code::SpfFail),
            SpfResult::SoftFail => with_ip(Code::SpfSoftFail),
            SpfResult::Neutral => with_ip(Code::SpfNeutral),
            SpfResult::None | SpfResult::TempError | SpfResult::PermError => match &self.problem {
                Some(p) => problem_finding(p, &suggest),
                None => Finding::new(Code::SpfNone)
                    .param("domain", &self.domain)
                    .param("suggest", &suggest),
            },
        };
        vec![first]
    }
}
