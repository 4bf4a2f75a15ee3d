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

/// `all` with or without its qualifier (RFC 7208 §5.1).
pub(crate) fn is_all_term(term: &str) -> bool {
    term.trim_start_matches(['+', '-', '~', '?'])
        .eq_ignore_ascii_case("all")
}

/// Whether `findings` (an SPF evaluation's) say that a term other than
/// `all` decided against the address on purpose (`-ip4:…`, `~a:…`).
pub(crate) fn refused_explicitly(findings: &[Finding]) -> bool {
    findings.iter().any(|f| {
        matches!(f.code, Code::SpfFail | Code::SpfSoftFail | Code::SpfNeutral)
            && f.params.get("cause").is_some_and(|c| c == "explicit")
    })
}

/// The finding for a `permerror`/`temperror`/`none` problem.
pub(crate) fn problem_finding(problem: &Problem, suggest: &str) -> Finding {
    // A chain that returns to a record it passed through is named as a
    // loop, whether the tree stopped there or the evaluation ran into the
    // lookup limit going round it (§4.6.4).
    if let Problem::IncludeLoop { chain, .. } | Problem::TooManyDnsTerms { chain, .. } = problem
        && let Some(finding) = loop_finding(chain)
    {
        return finding;
    }
    match problem {
        Problem::InvalidDomain { domain, source } => Finding::new(Code::SpfInvalidDomain)
            .param("domain", domain)
            .reason("reason", source),
        Problem::NoRecord { domain } => Finding::new(Code::SpfNone)
            .param("domain", domain)
            .param("from_ip", "no")
            .param("suggest", suggest),
        Problem::NoSuchDomain { domain } => {
            Finding::new(Code::DomainNotFound).param("domain", domain)
        }
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
        Problem::IncludeLoop { .. } => Finding::new(Code::SpfIncludeLoop),
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

/// Where `chain` (domains entered through include/redirect, from the checked
/// one down) first enters a domain it is already in: `(first, again)`.
pub(crate) fn include_loop(chain: &[String]) -> Option<(usize, usize)> {
    chain.iter().enumerate().find_map(|(again, d)| {
        chain[..again]
            .iter()
            .position(|e| e == d)
            .map(|first| (first, again))
    })
}

/// The finding for an include/redirect loop in `chain`: its members, and
/// the record whose term leads back (§4.6.4: a loop ends in the lookup
/// limit, so in `permerror`).
pub(crate) fn loop_finding(chain: &[String]) -> Option<Finding> {
    let (first, again) = include_loop(chain)?;
    let members = &chain[first..again];
    Some(
        Finding::new(Code::SpfIncludeLoop)
            .param("domain", &chain[0])
            .param("members", members.join(", "))
            .param("loop", chain[first..=again].join(" → "))
            .param("at", &chain[again - 1])
            .param("target", &chain[again]),
    )
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
        // A term other than the closing `all` that fails, softfails or
        // neutralises the address was written against it: putting the
        // address in front of that term would undo the decision silently.
        let explicit = self.result != SpfResult::Pass
            && self.matched.as_ref().is_some_and(|m| !is_all_term(&m.term));
        let with_ip = |code: Code| {
            Finding::new(code)
                .param("ip", self.client_ip)
                .param("domain", &record_domain)
                .param("term", &term)
                .param("suggest", &suggest)
                // A verdict that diagnoses forwarding sets "forwarded".
                .param("cause", if explicit { "explicit" } else { "direct" })
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
                    .param("from_ip", "no")
                    .param("domain", &self.domain)
                    .param("suggest", &suggest),
            },
        };
        // The suggested term is this message's client IP: only the owner
        // can say whether it is theirs (a forger's would be authorised).
        let first = if first.code == Code::SpfNone {
            first.param("from_ip", "yes")
        } else {
            first
        };
        let mut out = vec![first];
        // A pass through +all authorises every host: the record, not this
        // server, decided (RFC 7208 §5.1 "all").
        if self.result == SpfResult::Pass && matches!(term.as_str(), "+all" | "all") {
            out.push(Finding::new(Code::SpfLintPlusAll).param("domain", &record_domain));
        }
        out
    }
}
