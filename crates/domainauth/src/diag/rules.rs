//! Rules a list of findings keeps, so that the advice in it can be trusted:
//! one finding per cause, a fix for every warning and error, no advice that
//! a diagnosis in the same list rules out, and references ("the SPF finding
//! above") only to findings that really stand above.
//!
//! The producers ([`crate::verify::Verdict::findings`], [`crate::check`],
//! the SPF record tree) are written to keep these rules; [`incoherences`]
//! states them as data, so that tests can hold every scenario to them, and
//! [`same_cause`] lets a producer drop a second wording of a cause it
//! already reported.
//!
//! ```
//! use domainauth::diag::{Code, Finding};
//! use domainauth::diag::rules::incoherences;
//! let tree = Finding::new(Code::SpfLintBrokenInclude)
//!     .param("domain", "example.com")
//!     .param("target", "_spf.example.net")
//!     .param("term", "include:_spf.example.net");
//! let eval = Finding::new(Code::SpfIncludeNoRecord)
//!     .param("domain", "example.com")
//!     .param("target", "_spf.example.net");
//! // The same broken include, said twice in two wordings.
//! assert_eq!(incoherences(&[tree.clone(), eval]).len(), 1);
//! assert!(incoherences(&[tree]).is_empty());
//! ```

use std::fmt;

use super::{Code, Finding, Severity};

/// A way a list of findings repeats or contradicts itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Incoherence {
    /// The same finding twice (same code and parameters).
    Duplicate {
        /// The code.
        code: Code,
        /// Positions of the two, from 0.
        at: (usize, usize),
    },
    /// Two findings in two wordings for one cause.
    SameCause {
        /// The codes of the first and the second.
        codes: (Code, Code),
        /// Their positions.
        at: (usize, usize),
    },
    /// A warning or an error without a fix.
    MissingFix {
        /// The code.
        code: Code,
        /// Its position.
        at: usize,
    },
    /// Advice that a diagnosis in the same list rules out.
    Contradiction {
        /// The diagnosis and the finding that goes against it.
        codes: (Code, Code),
        /// Their positions.
        at: (usize, usize),
        /// What the rule forbids.
        rule: &'static str,
    },
    /// A finding points at another "above" that is not above it.
    DanglingReference {
        /// The code of the finding that refers.
        code: Code,
        /// Its position.
        at: usize,
        /// What it points at.
        wants: &'static str,
    },
}

impl fmt::Display for Incoherence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Duplicate { code, at } => {
                write!(
                    f,
                    "{} at {} and {} is the same finding",
                    code.id(),
                    at.0,
                    at.1
                )
            }
            Self::SameCause { codes, at } => write!(
                f,
                "{} at {} and {} at {} report one cause twice",
                codes.0.id(),
                at.0,
                codes.1.id(),
                at.1
            ),
            Self::MissingFix { code, at } => {
                write!(
                    f,
                    "{} at {} is a warning or error without a fix",
                    code.id(),
                    at
                )
            }
            Self::Contradiction { codes, at, rule } => write!(
                f,
                "{} at {} contradicts {} at {}: {rule}",
                codes.1.id(),
                at.1,
                codes.0.id(),
                at.0
            ),
            Self::DanglingReference { code, at, wants } => {
                write!(
                    f,
                    "{} at {} refers to {wants} above, which is not there",
                    code.id(),
                    at
                )
            }
        }
    }
}

/// Pairs of codes that say one cause in two wordings (one from reading the
/// record tree, one from evaluating, for example), with the parameters that
/// must agree for them to be the same cause.
const SAME_CAUSE: &[(Code, Code, &[&str])] = &[
    (
        Code::SpfLintBrokenInclude,
        Code::SpfIncludeNoRecord,
        &["target"],
    ),
    (
        Code::SpfLintBrokenInclude,
        Code::SpfRedirectNoRecord,
        &["target"],
    ),
    (
        Code::SpfLintLookupsOver,
        Code::SpfTooManyLookups,
        &["domain"],
    ),
    (Code::SpfLintLookupsOver, Code::SpfIncludeLoop, &["domain"]),
    (Code::SpfTooManyLookups, Code::SpfIncludeLoop, &["domain"]),
    (Code::SpfLintVoidLookups, Code::SpfTooManyVoidLookups, &[]),
    (Code::SpfLintDnsFailure, Code::SpfTempError, &["domain"]),
    (Code::DomainNotFound, Code::SpfNone, &["domain"]),
    (Code::DomainNotFound, Code::DmarcMissing, &["domain"]),
    (Code::DomainNotFound, Code::CheckNoAddress, &["domain"]),
    (Code::DomainNotFound, Code::CheckDkimNoKey, &["domain"]),
    (Code::DkimNone, Code::DmarcDkimNone, &[]),
    (
        Code::DmarcPolicyNone,
        Code::DmarcLintPolicyNone,
        &["domain"],
    ),
    (Code::DkimNone, Code::DmarcSpfOnly, &[]),
    (Code::MailBareLf, Code::DkimBareLf, &[]),
    (Code::VerifyNoEnvelope, Code::DmarcSpfNotChecked, &[]),
    (Code::DmarcLintNotRecord, Code::DmarcMissing, &["name"]),
    // An invalid rua= destination (not ruf=) is why there is no valid rua=.
    (
        Code::DmarcLintInvalidUri,
        Code::DmarcLintNoRua,
        &["domain", "tag"],
    ),
    // What another receiver recorded, when this verdict explains it already.
    (
        Code::DmarcSpfNotAligned,
        Code::AuthresSpfNotAligned,
        &["domain", "from"],
    ),
    (
        Code::DmarcDkimNotAligned,
        Code::AuthresDkimNotAligned,
        &["domain", "from"],
    ),
    (Code::DmarcFail, Code::AuthresDmarcFail, &["from"]),
];

/// True when `a` and `b` report one cause: the same finding, or a pair of
/// wordings this module's same-cause table names, with the same parameters.
pub fn same_cause(a: &Finding, b: &Finding) -> bool {
    if a.code == b.code {
        return a.params == b.params;
    }
    SAME_CAUSE.iter().any(|(x, y, keys)| {
        ((a.code == *x && b.code == *y) || (a.code == *y && b.code == *x))
            && keys.iter().all(|k| a.params.get(*k) == b.params.get(*k))
    })
}

/// Adds `finding` to `list` unless a finding there already reports its cause.
pub fn push_new_cause(list: &mut Vec<Finding>, finding: Finding) {
    if !list.iter().any(|f| same_cause(f, &finding)) {
        list.push(finding);
    }
}

/// Findings whose fix tells the author to change their own setup: under a
/// forwarding diagnosis they must use their "forwarded" wording.
const FORWARDING_AWARE: &[Code] = &[
    Code::DmarcFail,
    Code::ProfileDkimNotPass,
    Code::ProfileDmarcNotPass,
    Code::ProfileFromNotAligned,
];

/// Findings that repeat the forwarding diagnosis for one aligned identifier.
const REPEATS_FORWARDING: &[Code] = &[Code::DmarcSpfNotPass, Code::DmarcDkimNotPass];

fn param<'f>(f: &'f Finding, key: &str) -> Option<&'f str> {
    f.params.get(key).map(String::as_str)
}

fn id_starts(f: &Finding, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| f.code.id().starts_with(p))
}

/// What a finding refers to as standing above it, if anything: a
/// description and a test on the findings before it.
/// A test on the findings above one that refers to them.
type Referent<'f> = (&'static str, Box<dyn Fn(&Finding) -> bool + 'f>);

fn referent(f: &Finding) -> Option<Referent<'_>> {
    if param(f, "cause") == Some("forwarded") {
        return Some((
            "the forwarding finding",
            Box::new(|g: &Finding| g.code == Code::DmarcForwarded),
        ));
    }
    match f.code {
        Code::DmarcSpfNotPass => Some((
            "an SPF finding",
            Box::new(|g: &Finding| id_starts(g, &["spf-"]) || g.code == Code::DomainNotFound),
        )),
        Code::DmarcDkimNotPass => Some((
            "the DKIM finding of that signature",
            Box::new(move |g: &Finding| {
                id_starts(g, &["dkim-"])
                    && param(g, "domain") == param(f, "domain")
                    && param(g, "selector") == param(f, "selector")
            }),
        )),
        Code::DmarcFail if param(f, "cause") == Some("not-aligned") => Some((
            "the not-aligned finding",
            Box::new(|g: &Finding| g.code == Code::DmarcNotAligned),
        )),
        Code::DmarcFail => Some((
            "an SPF or DKIM finding",
            Box::new(|g: &Finding| {
                id_starts(g, &["spf-", "dkim-", "dmarc-spf-", "dmarc-dkim-"])
                    || matches!(g.code, Code::DomainNotFound | Code::VerifyNoEnvelope)
            }),
        )),
        Code::DmarcSpfOnly if param(f, "signed") == Some("yes") => Some((
            "a DKIM finding",
            Box::new(|g: &Finding| id_starts(g, &["dkim-"])),
        )),
        Code::DmarcFromLocalPolicy => Some((
            "a From finding",
            Box::new(|g: &Finding| id_starts(g, &["dmarc-from-"])),
        )),
        Code::ProfileDkimNotPass if param(f, "cause") == Some("broken") => Some((
            "a DKIM finding",
            Box::new(|g: &Finding| id_starts(g, &["dkim-"])),
        )),
        Code::ProfileDmarcNotPass => Some((
            "a DMARC finding",
            Box::new(|g: &Finding| id_starts(g, &["dmarc-"])),
        )),
        Code::ProfileSpfNotPass if param(f, "result") == Some("permerror") => Some((
            "an SPF finding",
            Box::new(|g: &Finding| id_starts(g, &["spf-"])),
        )),
        Code::ArcHop => Some((
            "the ARC chain finding",
            Box::new(|g: &Finding| matches!(g.code, Code::ArcPass | Code::ArcFail)),
        )),
        Code::ArcTrustedSealer | Code::ArcNotTrusted => Some((
            "the passing ARC chain and the DMARC failure",
            Box::new(|g: &Finding| g.code == Code::DmarcFail),
        )),
        Code::AuthresDmarcFail => Some((
            "a DMARC finding",
            Box::new(|g: &Finding| id_starts(g, &["dmarc-"])),
        )),
        _ => None,
    }
}

/// Every way `findings` (in the order printed; a profile's findings after
/// the message's) repeats or contradicts itself. Empty when it keeps the
/// rules of this module.
pub fn incoherences(findings: &[Finding]) -> Vec<Incoherence> {
    let mut out = Vec::new();
    for (j, b) in findings.iter().enumerate() {
        if b.severity >= Severity::Warning && !b.code.has_fix() {
            out.push(Incoherence::MissingFix {
                code: b.code,
                at: j,
            });
        }
        // A profile's requirement may restate a cause: it is a checklist.
        let checklist = |f: &Finding| f.code.id().starts_with("profile-");
        for (i, a) in findings[..j].iter().enumerate() {
            if checklist(a) || checklist(b) || !same_cause(a, b) {
                continue;
            }
            out.push(if a.code == b.code {
                Incoherence::Duplicate {
                    code: a.code,
                    at: (i, j),
                }
            } else {
                Incoherence::SameCause {
                    codes: (a.code, b.code),
                    at: (i, j),
                }
            });
        }
        if let Some((wants, test)) = referent(b)
            && !findings[..j].iter().any(&test)
        {
            out.push(Incoherence::DanglingReference {
                code: b.code,
                at: j,
                wants,
            });
        }
    }
    out.extend(forwarding_contradictions(findings));
    out.extend(arc_contradictions(findings));
    out.extend(report_contradictions(findings));
    if let Some(i) = findings
        .iter()
        .position(|f| f.code == Code::DmarcNotAligned)
    {
        for (j, f) in findings.iter().enumerate() {
            if f.code == Code::DmarcFail
                && !matches!(param(f, "cause"), Some("not-aligned" | "forwarded"))
            {
                out.push(Incoherence::Contradiction {
                    codes: (Code::DmarcNotAligned, f.code),
                    at: (i, j),
                    rule: "when the cause is alignment, the DMARC fix must point at it, not repeat other ways",
                });
            }
        }
    }
    out
}

/// What the forwarding diagnosis says of the ARC chain (its `arc`
/// parameter) must be what the chain findings say: no advice to add seals
/// to a chain that validates, no "validates" over a broken one. A trusted
/// sealer's override and "no sealer is trusted" cannot both stand, and
/// neither can stand without a validating chain.
fn arc_contradictions(findings: &[Finding]) -> Vec<Incoherence> {
    let mut out = Vec::new();
    let chain = findings
        .iter()
        .position(|f| matches!(f.code, Code::ArcPass | Code::ArcFail));
    let status = chain.map(|i| {
        if findings[i].code == Code::ArcPass {
            "pass"
        } else {
            "fail"
        }
    });
    for (j, f) in findings.iter().enumerate() {
        if f.code == Code::DmarcForwarded {
            let said = param(f, "arc").unwrap_or("none");
            if said != status.unwrap_or("none") {
                out.push(Incoherence::Contradiction {
                    codes: (chain.map_or(f.code, |i| findings[i].code), f.code),
                    at: (chain.unwrap_or(j), j),
                    rule: "the forwarding diagnosis must say of the ARC chain what the chain findings say",
                });
            }
        }
        if matches!(f.code, Code::ArcTrustedSealer | Code::ArcNotTrusted) && status != Some("pass")
        {
            out.push(Incoherence::Contradiction {
                codes: (chain.map_or(f.code, |i| findings[i].code), f.code),
                at: (chain.unwrap_or(j), j),
                rule: "only a validating ARC chain can carry a sealer's recorded pass",
            });
        }
        if f.code == Code::AuthresSeen
            && let Some(i) = findings.iter().position(|g| {
                g.code == Code::ArcHop
                    && param(f, "authserv").is_some_and(|a| {
                        Some(a)
                            == param(g, "authserv")
                                .zip(param(g, "instance"))
                                .map(|(id, i)| format!("{id} (ARC i={i})"))
                                .as_deref()
                    })
            })
        {
            out.push(Incoherence::SameCause {
                codes: (Code::ArcHop, f.code),
                at: (i, j),
            });
        }
        if f.code == Code::ArcNotTrusted
            && let Some(i) = findings
                .iter()
                .position(|g| g.code == Code::ArcTrustedSealer)
        {
            out.push(Incoherence::Contradiction {
                codes: (Code::ArcTrustedSealer, f.code),
                at: (i, j),
                rule: "a trusted sealer's override and \"no sealer is trusted\" cannot both hold",
            });
        }
    }
    out
}

/// The causes a summary of DMARC aggregate reports gives a failing source
/// (one source: one IP sending as one From domain). A source has one cause,
/// so two of them about the same `ip` and `from` contradict each other.
const REPORT_SOURCE_CAUSES: &[Code] = &[
    Code::ReportSourceUnlisted,
    Code::ReportSourceService,
    Code::ReportSourceForwarded,
    Code::ReportSourceSpoofed,
    Code::ReportSourceUnknown,
];

/// Findings that cannot stand in one list when the parameters named agree
/// (a parameter missing from both agrees), with the rule they break.
const REPORT_CONTRADICTIONS: &[(Code, Code, &[&str], &str)] = &[
    (
        Code::ReportPolicyTighten,
        Code::ReportPolicyEnforced,
        &["domain"],
        "one policy cannot both let failing mail through and already refuse it",
    ),
    (
        Code::ReportSourceSpoofed,
        Code::DmarcNotAligned,
        &["ip", "from"],
        "a source with no authentication at all is not one that authenticated for another domain",
    ),
    (
        Code::ReportSourceSpoofed,
        Code::DmarcSpfNotAligned,
        &["ip", "from"],
        "a source with no authentication at all is not one that passed SPF for another domain",
    ),
    (
        Code::ReportSourceSpoofed,
        Code::DmarcDkimNotAligned,
        &["ip", "from"],
        "a source with no authentication at all is not one that passed DKIM for another domain",
    ),
    (
        Code::ReportSourceUnlisted,
        Code::DmarcNotAligned,
        &["ip", "from"],
        "a server to list in SPF is not a service to align",
    ),
    (
        Code::ReportSourceForwarded,
        Code::DmarcNotAligned,
        &["ip", "from"],
        "a forwarder needs no change; aligning a service is a change",
    ),
    (
        Code::ReportSourceUnknown,
        Code::DmarcNotAligned,
        &["ip", "from"],
        "a source the reports cannot attribute is not a known service",
    ),
];

/// The rules of report summaries: one cause per source, no service fix for
/// a source of another cause, one policy per domain.
fn report_contradictions(findings: &[Finding]) -> Vec<Incoherence> {
    let agree = |a: &Finding, b: &Finding, keys: &[&str]| {
        keys.iter().all(|k| a.params.get(*k) == b.params.get(*k))
    };
    let mut out = Vec::new();
    for (j, b) in findings.iter().enumerate() {
        for (i, a) in findings[..j].iter().enumerate() {
            if REPORT_SOURCE_CAUSES.contains(&a.code)
                && REPORT_SOURCE_CAUSES.contains(&b.code)
                && agree(a, b, &["ip", "from"])
                && a != b
            {
                out.push(Incoherence::Contradiction {
                    codes: (a.code, b.code),
                    at: (i, j),
                    rule: "a source has one cause",
                });
            }
            for &(x, y, keys, rule) in REPORT_CONTRADICTIONS {
                if ((a.code == x && b.code == y) || (a.code == y && b.code == x))
                    && agree(a, b, keys)
                {
                    out.push(Incoherence::Contradiction {
                        codes: (a.code, b.code),
                        at: (i, j),
                        rule,
                    });
                }
            }
        }
    }
    out
}

/// Under a forwarding diagnosis, nothing may tell the author to authorise
/// the relaying server (any fix about the client IP), to sign what is
/// signed, or restate the diagnosis per identifier.
fn forwarding_contradictions(findings: &[Finding]) -> Vec<Incoherence> {
    let mut out = Vec::new();
    let Some(i) = findings
        .iter()
        .position(|f| matches!(f.code, Code::DmarcForwarded | Code::ReportSourceForwarded))
    else {
        return out;
    };
    for (j, f) in findings.iter().enumerate() {
        if j == i {
            continue;
        }
        let wording = param(f, "cause");
        let rule = if REPEATS_FORWARDING.contains(&f.code) && param(f, "aligned") != Some("no") {
            Some(
                "an aligned identifier's failure is part of the forwarding diagnosis; saying it again repeats it",
            )
        } else if f.code.has_fix() && f.params.contains_key("ip") && wording != Some("forwarded") {
            Some("a fix about the client IP must not ask the author to authorise the forwarder")
        } else if FORWARDING_AWARE.contains(&f.code) && wording != Some("forwarded") {
            Some("the author's records are not the cause, so the fix must not ask to change them")
        } else {
            None
        };
        if let Some(rule) = rule {
            out.push(Incoherence::Contradiction {
                codes: (findings[i].code, f.code),
                at: (i, j),
                rule,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(code: Code, params: &[(&str, &str)]) -> Finding {
        params
            .iter()
            .fold(Finding::new(code), |f, (k, v)| f.param(k, v))
    }

    #[test]
    fn the_same_finding_twice_is_a_duplicate() {
        let a = f(
            Code::DmarcMissing,
            &[("name", "_dmarc.a.example"), ("domain", "a.example")],
        );
        let found = incoherences(&[a.clone(), a]);
        assert!(
            matches!(found[..], [Incoherence::Duplicate { at: (0, 1), .. }]),
            "{found:?}"
        );
    }

    #[test]
    fn one_cause_in_two_wordings_is_reported_and_other_targets_are_not() {
        let tree = f(
            Code::SpfLintBrokenInclude,
            &[
                ("domain", "a.example"),
                ("target", "x.example"),
                ("term", "include:x.example"),
            ],
        );
        let same = f(
            Code::SpfIncludeNoRecord,
            &[("domain", "a.example"), ("target", "x.example")],
        );
        let other = f(
            Code::SpfIncludeNoRecord,
            &[("domain", "a.example"), ("target", "y.example")],
        );
        assert!(matches!(
            incoherences(&[tree.clone(), same])[..],
            [Incoherence::SameCause { .. }]
        ));
        assert!(incoherences(&[tree, other]).is_empty());
    }

    #[test]
    fn an_invalid_rua_is_the_missing_rua_but_an_invalid_ruf_is_not() {
        let uri = |tag| {
            f(
                Code::DmarcLintInvalidUri,
                &[("domain", "a.example"), ("tag", tag), ("uri", "x")],
            )
        };
        let no_rua = f(
            Code::DmarcLintNoRua,
            &[("domain", "a.example"), ("tag", "rua")],
        );
        assert!(same_cause(&uri("rua"), &no_rua));
        assert!(!same_cause(&uri("ruf"), &no_rua));
    }

    #[test]
    fn a_warning_without_a_fix_is_reported() {
        // A code at warning level that has no fix text in its catalogue.
        let codes: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.severity() >= Severity::Warning && !c.has_fix())
            .collect();
        assert!(
            codes.is_empty(),
            "warnings and errors without a fix: {codes:?}"
        );
        let info = f(
            Code::DmarcPresent,
            &[("name", "_dmarc.a.example"), ("record", "v=DMARC1")],
        );
        assert!(
            incoherences(&[info.clone().severity(Severity::Warning)])
                .iter()
                .any(|i| matches!(i, Incoherence::MissingFix { .. }))
        );
        assert!(incoherences(&[info]).is_empty());
    }

    fn forwarded() -> Finding {
        f(
            Code::DmarcForwarded,
            &[("from", "example.org"), ("relay", "none")],
        )
    }

    #[test]
    fn under_forwarding_no_fix_may_authorise_the_relay() {
        let spf = |cause| {
            f(
                Code::SpfFail,
                &[
                    ("ip", "192.0.2.99"),
                    ("domain", "example.org"),
                    ("term", "-all"),
                    ("suggest", "ip4:192.0.2.99"),
                    ("cause", cause),
                ],
            )
        };
        let found = incoherences(&[forwarded(), spf("direct")]);
        assert!(
            matches!(found[..], [Incoherence::Contradiction { at: (0, 1), .. }]),
            "{found:?}"
        );
        assert!(incoherences(&[forwarded(), spf("forwarded")]).is_empty());
        // Without the diagnosis, the same advice is right.
        assert!(incoherences(&[spf("direct")]).is_empty());
    }

    #[test]
    fn under_forwarding_the_per_method_repeats_are_contradictions() {
        let repeat = f(
            Code::DmarcSpfNotPass,
            &[
                ("from", "example.org"),
                ("domain", "example.org"),
                ("result", "fail"),
                ("identity", "MAIL FROM"),
            ],
        );
        let spf = f(
            Code::SpfFail,
            &[
                ("ip", "192.0.2.99"),
                ("domain", "example.org"),
                ("cause", "forwarded"),
            ],
        );
        let found = incoherences(&[forwarded(), spf, repeat]);
        assert!(
            found
                .iter()
                .any(|i| matches!(i, Incoherence::Contradiction { at: (0, 2), .. })),
            "{found:?}"
        );
    }

    #[test]
    fn the_forwarding_diagnosis_agrees_with_the_arc_chain() {
        let chain = f(
            Code::ArcPass,
            &[("count", "2"), ("sealers", "a.example"), ("oldest", "2")],
        );
        let fwd = |arc: &str| forwarded().param("arc", arc);
        assert!(arc_contradictions(&[fwd("pass"), chain.clone()]).is_empty());
        assert_eq!(arc_contradictions(&[fwd("none"), chain.clone()]).len(), 1);
        assert_eq!(arc_contradictions(&[fwd("pass")]).len(), 1);
        assert!(arc_contradictions(&[fwd("none")]).is_empty());
        let broken = f(Code::ArcFail, &[("instance", "2")]);
        assert_eq!(arc_contradictions(&[fwd("pass"), broken.clone()]).len(), 1);
        assert!(arc_contradictions(&[fwd("fail"), broken.clone()]).is_empty());
        let trusted = f(Code::ArcTrustedSealer, &[("sealer", "a.example")]);
        let untrusted = f(Code::ArcNotTrusted, &[("sealer", "a.example")]);
        assert_eq!(arc_contradictions(&[broken, trusted.clone()]).len(), 1);
        assert_eq!(
            arc_contradictions(&[chain.clone(), trusted.clone(), untrusted]).len(),
            1
        );
        assert!(arc_contradictions(&[chain.clone(), trusted]).is_empty());
        // A hop's record said again as another receiver's.
        let hop = f(
            Code::ArcHop,
            &[("authserv", "mx.a.example"), ("instance", "1")],
        );
        let seen = |id: &str| f(Code::AuthresSeen, &[("authserv", id)]);
        assert_eq!(
            arc_contradictions(&[chain.clone(), hop.clone(), seen("mx.a.example (ARC i=1)")]).len(),
            1
        );
        assert!(arc_contradictions(&[chain, hop, seen("mx.a.example")]).is_empty());
    }

    #[test]
    fn a_reference_must_point_up() {
        let cause = f(
            Code::DkimBodyHash,
            &[
                ("domain", "a.example"),
                ("selector", "s"),
                ("cause", "direct"),
            ],
        );
        let consequence = f(
            Code::DmarcDkimNotPass,
            &[
                ("from", "a.example"),
                ("domain", "a.example"),
                ("selector", "s"),
                ("result", "fail"),
                ("aligned", "yes"),
            ],
        );
        assert!(incoherences(&[cause.clone(), consequence.clone()]).is_empty());
        let found = incoherences(&[consequence.clone(), cause]);
        assert!(
            found
                .iter()
                .any(|i| matches!(i, Incoherence::DanglingReference { at: 0, .. })),
            "{found:?}"
        );
        // A DKIM finding about another signature is not the referent.
        let other = f(
            Code::DkimBodyHash,
            &[
                ("domain", "b.example"),
                ("selector", "s"),
                ("cause", "direct"),
            ],
        );
        assert!(!incoherences(&[other, consequence]).is_empty());
    }

    #[test]
    fn a_report_source_has_one_cause() {
        let source = |code, ip| {
            f(
                code,
                &[("ip", ip), ("from", "example.co.jp"), ("messages", "5")],
            )
        };
        let own = source(Code::ReportSourceUnlisted, "192.0.2.20");
        let spoofed = source(Code::ReportSourceSpoofed, "192.0.2.20");
        let found = incoherences(&[own.clone(), spoofed]);
        assert!(
            matches!(found[..], [Incoherence::Contradiction { at: (0, 1), .. }]),
            "{found:?}"
        );
        // Two sources, two causes: no contradiction.
        let other = source(Code::ReportSourceSpoofed, "203.0.113.99");
        assert!(incoherences(&[own, other]).is_empty());
    }

    #[test]
    fn a_report_source_of_another_cause_gets_no_service_fix() {
        let aligned = f(
            Code::DmarcNotAligned,
            &[("ip", "198.51.100.5"), ("from", "example.co.jp")],
        );
        let service = f(
            Code::ReportSourceService,
            &[("ip", "198.51.100.5"), ("from", "example.co.jp")],
        );
        let spoofed = f(
            Code::ReportSourceSpoofed,
            &[("ip", "198.51.100.5"), ("from", "example.co.jp")],
        );
        assert!(incoherences(&[service, aligned.clone()]).is_empty());
        assert!(!incoherences(&[spoofed, aligned]).is_empty());
        let tighten = f(
            Code::ReportPolicyTighten,
            &[("domain", "example.co.jp"), ("policy", "none")],
        );
        let enforced = f(Code::ReportPolicyEnforced, &[("domain", "example.co.jp")]);
        assert!(!incoherences(&[tighten, enforced]).is_empty());
    }

    #[test]
    fn under_a_forwarding_source_no_fix_may_authorise_it() {
        let forwarded = f(
            Code::ReportSourceForwarded,
            &[("ip", "203.0.113.7"), ("from", "example.co.jp")],
        );
        let unknown = f(
            Code::ReportSourceUnknown,
            &[("ip", "203.0.113.7"), ("from", "other.example")],
        );
        let found = incoherences(&[forwarded, unknown]);
        assert!(
            found.iter().any(|i| matches!(
                i,
                Incoherence::Contradiction {
                    codes: (Code::ReportSourceForwarded, Code::ReportSourceUnknown),
                    ..
                }
            )),
            "{found:?}"
        );
    }

    #[test]
    fn the_dmarc_fix_points_at_the_alignment_cause() {
        let not_aligned = f(Code::DmarcNotAligned, &[("from", "a.example")]);
        let fail = |cause| {
            f(
                Code::DmarcFail,
                &[
                    ("from", "a.example"),
                    ("policy", "reject"),
                    ("disposition", "reject"),
                    ("domain", "a.example"),
                    ("cause", cause),
                ],
            )
        };
        assert!(incoherences(&[not_aligned.clone(), fail("not-aligned")]).is_empty());
        assert!(!incoherences(&[not_aligned, fail("other")]).is_empty());
    }
}
