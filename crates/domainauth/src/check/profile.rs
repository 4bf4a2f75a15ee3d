//! A domain against a receiver profile: the rules of [`crate::profile`]
//! that DNS can show, each as a ✓/✗ line of a checklist with, for each ✗,
//! the same finding (code, text, fix) `verify --profile` gives on a
//! message. What only a message shows (one-click unsubscribe, a
//! Message-ID) or only the receiver measures (the spam rate), and TLS
//! (seen on an SMTP connection, never in DNS), is listed as not checkable
//! here, with where to check it.

use std::net::IpAddr;

use super::DomainReport;
use crate::diag::{Code, Finding, Severity};
use crate::dmarc::Published;
use crate::dns::Resolver;
use crate::profile::{Profile, Requirement};
use crate::spf::{Envelope, Problem, SpfResult, Verifier, refused_explicitly};

/// At most this many sending IPs are checked for one domain: each costs an
/// SPF evaluation and a reverse lookup, and the input may be hostile.
pub const MAX_SENDING_IPS: usize = 16;

/// What DNS says of one sending IP, for the profile checks and the
/// records to publish.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SendingIp {
    /// The address.
    pub ip: IpAddr,
    /// SPF of the domain for it, with `postmaster@<domain>` as sender
    /// (RFC 7208 §2.4): what an envelope From under the domain gets, and
    /// what docomo computes with the header From domain.
    pub spf: SpfResult,
    /// Its PTR names.
    pub ptr: Vec<String>,
    /// One PTR name resolves back to it (forward-confirmed reverse DNS).
    pub fcrdns: bool,
    /// What to say of it: the SPF evaluation's findings (a fail with the
    /// term to add, a neutral `?all`…) and a missing or unconfirmed PTR —
    /// the findings the report gives for the first address, for each.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub findings: Vec<Finding>,
}

/// Evaluates SPF of `domain` and the reverse DNS of each of `ips` (the
/// first [`MAX_SENDING_IPS`] distinct ones), all addresses at once and,
/// for each, its SPF evaluation beside its reverse lookup: the time is
/// that of the slowest address, not the sum.
///
/// ```
/// use domainauth::check::profile::sending_ips;
/// use domainauth::dns::ZoneResolver;
/// use domainauth::spf::SpfResult;
/// let zone = ZoneResolver::from_zone_text(
///     "$ORIGIN example.co.jp.\n@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n",
///     None,
/// )?;
/// let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
/// let ips = ["203.0.113.25".parse()?, "198.51.100.7".parse()?];
/// let sending = rt.block_on(sending_ips(&zone, "example.co.jp", &ips));
/// assert_eq!(sending[0].spf, SpfResult::Pass);
/// assert_eq!(sending[1].spf, SpfResult::Fail);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn sending_ips<R: Resolver + Clone>(
    resolver: &R,
    domain: &str,
    ips: &[IpAddr],
) -> Vec<SendingIp> {
    let mut distinct: Vec<IpAddr> = Vec::new();
    for &ip in ips {
        if distinct.len() == MAX_SENDING_IPS {
            break;
        }
        if !distinct.contains(&ip) {
            distinct.push(ip);
        }
    }
    let verifier = Verifier::new(resolver.clone());
    let one = |ip: IpAddr| {
        let verifier = &verifier;
        async move {
            let envelope = Envelope {
                client_ip: ip,
                helo: domain.to_string(),
                mail_from: format!("postmaster@{domain}"),
            };
            let (eval, (ptr, fcrdns, ptr_finding)) = futures_util::future::join(
                verifier.check_mail_from(&envelope),
                super::reverse_dns(resolver, ip),
            )
            .await;
            let mut findings: Vec<Finding> = eval
                .findings()
                .into_iter()
                .filter(|f| f.code != Code::DmarcMissing)
                .collect();
            findings.extend(ptr_finding);
            SendingIp {
                ip,
                spf: eval.result,
                ptr,
                fcrdns,
                findings,
            }
        }
    };
    futures_util::future::join_all(distinct.into_iter().map(one)).await
}

/// Adds to `report` what is said of each sending IP after the first (the
/// report, checked with [`CheckOptions::ip`](super::CheckOptions::ip) set
/// to the first, holds its findings already), each cause once, most severe
/// first again.
pub fn add_sending_findings(report: &mut DomainReport, sending: &[SendingIp]) {
    for s in sending.iter().skip(1) {
        for f in &s.findings {
            crate::diag::rules::push_new_cause(&mut report.findings, f.clone());
        }
    }
    report
        .findings
        .sort_by_key(|f| std::cmp::Reverse(f.severity));
}

/// Where a requirement stands for the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Met (✓).
    Met,
    /// Not met (✗): the findings say why and what to publish.
    Missing,
    /// Checkable from DNS, but not now: no `--ip` given, or DNS failed.
    NotChecked,
    /// Not something DNS can show: see the finding for where to check it.
    NotCheckable,
}

/// One line of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequirementCheck {
    /// The requirement.
    pub requirement: Requirement,
    /// Where it stands.
    pub status: Status,
    /// Why it is not met or not checked (with the fix), or where to check
    /// it; empty when met.
    pub findings: Vec<Finding>,
}

/// A domain against one receiver profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProfileChecklist {
    /// The profile.
    pub profile: Profile,
    /// One line per requirement, in the profile's order.
    pub items: Vec<RequirementCheck>,
    /// The one cause of every requirement not met, said once here rather
    /// than on each line: the domain does not exist (NXDOMAIN).
    pub cause: Option<Finding>,
}

impl ProfileChecklist {
    /// How many requirements are not met.
    pub fn missing(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.status == Status::Missing)
            .count()
    }

    /// Every finding of the checklist.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.cause
            .iter()
            .chain(self.items.iter().flat_map(|i| i.findings.iter()))
    }

    /// The most severe finding's severity: a missing requirement is an
    /// error or a warning, one not checked a warning.
    pub fn worst(&self) -> Option<Severity> {
        self.findings().map(|f| f.severity).max()
    }
}

/// What the report and the sending IPs say of the domain, read once.
struct Facts<'a> {
    report: &'a DomainReport,
    sending: &'a [SendingIp],
    profile: Profile,
}

impl Facts<'_> {
    fn finding(&self, requirement: Requirement, code: Code) -> Finding {
        Finding::new(code)
            .param("profile", self.profile.as_str())
            .param("requirement", requirement.id())
            .param("domain", &self.report.domain)
    }

    fn not_checked(&self, requirement: Requirement, check: &str, reason: &str) -> RequirementCheck {
        RequirementCheck {
            requirement,
            status: Status::NotChecked,
            findings: vec![
                self.finding(requirement, Code::ProfileNotChecked)
                    .param("check", check)
                    .param("reason", reason),
            ],
        }
    }

    /// A usable DKIM key ([`DomainReport::has_usable_dkim_key`]).
    fn dkim_key(&self) -> bool {
        self.report.has_usable_dkim_key()
    }

    /// The DMARC lookup failed: no record is not known.
    fn dmarc_dns_failed(&self) -> bool {
        self.report.dmarc_lookup_failed()
    }

    /// One usable DMARC record (several are all ignored, RFC 9989 §4.10),
    /// the domain's own or, when it has none, a parent's whose policy
    /// applies to it (the tree walk, §4.10).
    fn dmarc_record(&self) -> bool {
        let findings = &self.report.dmarc.findings;
        let own = matches!(self.report.dmarc.published, Published::Record { .. })
            && self.report.dmarc.record.is_some()
            && !findings
                .iter()
                .any(|f| matches!(f.code, Code::DmarcRecordUnusable | Code::DmarcLintNoPolicy));
        own || findings.iter().any(|f| f.code == Code::DmarcInherited)
    }

    fn spf_dns_failed(&self) -> bool {
        matches!(self.report.spf.root.problem, Some(Problem::Dns { .. }))
    }

    /// The domain publishes one SPF record.
    fn spf_record(&self) -> bool {
        self.report.spf.root.record.is_some() && self.report.spf.root.problem.is_none()
    }

    /// The SPF tree gives permerror whatever the IP (RFC 7208 §4.6.4 limits,
    /// broken includes, loops).
    fn spf_broken(&self) -> bool {
        self.report.spf.findings.iter().any(|f| {
            matches!(
                f.code,
                Code::SpfSyntax
                    | Code::SpfMultipleRecords
                    | Code::SpfLintLookupsOver
                    | Code::SpfLintBrokenInclude
                    | Code::SpfLintVoidLookups
                    | Code::SpfIncludeLoop
            )
        })
    }

    fn spf_covers_all(&self) -> bool {
        self.spf_record()
            && !self.spf_broken()
            && self.sending.iter().all(|s| s.spf == SpfResult::Pass)
    }
}

/// Checks `report` (of the From domain) against `profile`, with `sending`
/// the sending IPs given ([`sending_ips`]).
///
/// ```
/// use domainauth::check::profile::{Status, checklist};
/// use domainauth::check::{CheckOptions, check_domain};
/// use domainauth::dmarc::PublicSuffixList;
/// use domainauth::dns::ZoneResolver;
/// use domainauth::profile::{Profile, Requirement};
/// let zone = ZoneResolver::from_zone_text(
///     "$ORIGIN example.co.jp.\n@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n@ 300 IN MX 10 mail\n",
///     None,
/// )?;
/// let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
/// let report = rt.block_on(check_domain(
///     zone, "example.co.jp", &CheckOptions::default(), &PublicSuffixList::builtin(),
/// ))?;
/// let docomo = checklist(&report, Profile::Docomo, &[]);
/// let dmarc = docomo.items.iter().find(|i| i.requirement == Requirement::DmarcPass).unwrap();
/// assert_eq!(dmarc.status, Status::Missing);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn checklist(
    report: &DomainReport,
    profile: Profile,
    sending: &[SendingIp],
) -> ProfileChecklist {
    let facts = Facts {
        report,
        sending,
        profile,
    };
    if report
        .findings
        .iter()
        .any(|f| f.code == Code::DomainNotFound)
    {
        return not_found(report, profile);
    }
    let items = profile
        .requirements()
        .iter()
        .map(|&r| requirement(&facts, r))
        .collect();
    ProfileChecklist {
        profile,
        items,
        cause: None,
    }
}

/// A domain that does not exist meets no requirement DNS can show, for the
/// one reason said once.
fn not_found(report: &DomainReport, profile: Profile) -> ProfileChecklist {
    let facts = Facts {
        report,
        sending: &[],
        profile,
    };
    let items = profile
        .requirements()
        .iter()
        .map(|&r| {
            if r.in_domain() {
                RequirementCheck {
                    requirement: r,
                    status: Status::Missing,
                    findings: Vec::new(),
                }
            } else {
                requirement(&facts, r)
            }
        })
        .collect();
    ProfileChecklist {
        profile,
        items,
        cause: Some(
            Finding::new(Code::DomainNotFound)
                .param("domain", &report.domain)
                .param("profile", profile.as_str()),
        ),
    }
}

fn requirement(f: &Facts<'_>, r: Requirement) -> RequirementCheck {
    let mut findings = Vec::new();
    match r {
        Requirement::DmarcPass | Requirement::DmarcRecord => {
            if f.dmarc_dns_failed() {
                return f.not_checked(r, "dmarc", "dns-failure");
            }
            if !f.dmarc_record() {
                let none = matches!(f.report.dmarc.published, Published::None { .. });
                findings.push(if r == Requirement::DmarcPass {
                    f.finding(r, Code::ProfileDmarcNotPass)
                        .param("result", if none { "none" } else { "permerror" })
                        .param("cause", if none { "none" } else { "record" })
                } else {
                    f.finding(r, Code::ProfileDmarcRecord)
                });
            }
        }
        Requirement::Dkim => {
            if !f.dkim_key() && f.report.dkim_lookup_failed() {
                return f.not_checked(r, "dkim", "dns-failure");
            }
            if !f.dkim_key() {
                findings.push(
                    f.finding(r, Code::ProfileDkimNotPass)
                        .param("cause", "no-key")
                        .param("selectors", f.report.selectors_tried.join(", ")),
                );
            }
        }
        Requirement::Spf | Requirement::HeaderFromSpf => {
            if f.spf_dns_failed() {
                return f.not_checked(r, "spf", "dns-failure");
            }
            if f.sending.is_empty() {
                if r == Requirement::HeaderFromSpf {
                    return f.not_checked(r, "spf-header-from", "no-ip-option");
                }
                if !f.spf_record() || f.spf_broken() {
                    findings.push(
                        f.finding(r, Code::ProfileSpfNotPass)
                            .param("result", if f.spf_record() { "permerror" } else { "none" })
                            .param("ip", "")
                            .param("cause", "domain"),
                    );
                } else {
                    // A usable record, but whether it covers the sending
                    // IPs needs them.
                    return f.not_checked(r, "spf", "no-ip-option");
                }
            }
            let code = if r == Requirement::Spf {
                Code::ProfileSpfNotPass
            } else {
                Code::ProfileHeaderFromSpf
            };
            for s in f.sending.iter().filter(|s| s.spf != SpfResult::Pass) {
                // An address a term refuses on purpose is not to be added
                // in front of it (records.rs suggests no such record).
                let cause = if refused_explicitly(&s.findings) {
                    "refused"
                } else {
                    "domain"
                };
                findings.push(
                    f.finding(r, code)
                        .param("result", s.spf.as_str())
                        .param("ip", s.ip)
                        .param("cause", cause),
                );
            }
            // A DNS failure for an address says nothing of the record: that
            // address is not checked, and the requirement is missing only
            // if another one fails outright.
            let (failed, temp): (Vec<Finding>, Vec<Finding>) = findings
                .into_iter()
                .partition(|f| f.params.get("result").is_none_or(|r| r != "temperror"));
            if failed.is_empty() && !temp.is_empty() {
                let check = if r == Requirement::Spf {
                    "spf"
                } else {
                    "spf-header-from"
                };
                return f.not_checked(r, check, "dns-failure");
            }
            findings = failed;
        }
        Requirement::FromAddress => {
            if !f.report.has_address && !f.report.has_mx {
                findings.push(f.finding(r, Code::ProfileFromNoAddress));
            }
        }
        Requirement::Alignment => {
            if !f.dkim_key() && !f.spf_covers_all() && f.report.dkim_lookup_failed() {
                return f.not_checked(r, "dkim", "dns-failure");
            }
            if !f.dkim_key() && !f.spf_covers_all() {
                findings.push(
                    f.finding(r, Code::ProfileFromNotAligned)
                        .param("cause", "domain"),
                );
            }
        }
        Requirement::ReverseDns => {
            if f.sending.is_empty() {
                return f.not_checked(r, "ptr", "no-ip-option");
            }
            for s in f.sending {
                match s.ptr.first() {
                    None => findings.push(
                        f.finding(r, Code::ProfilePtrMissing)
                            .param("ip", s.ip)
                            .param("cause", "domain"),
                    ),
                    Some(name) if !s.fcrdns => findings.push(
                        f.finding(r, Code::ProfileFcrdnsMismatch)
                            .param("ip", s.ip)
                            .param("name", name)
                            .param("cause", "domain"),
                    ),
                    Some(_) => {}
                }
            }
        }
        Requirement::FromPresent
        | Requirement::Tls
        | Requirement::OneClickUnsubscribe
        | Requirement::SpamRate
        | Requirement::MessageId => {
            return RequirementCheck {
                requirement: r,
                status: Status::NotCheckable,
                findings: vec![f.finding(r, Code::ProfileNotCheckable)],
            };
        }
    }
    RequirementCheck {
        requirement: r,
        status: if findings.is_empty() {
            Status::Met
        } else {
            Status::Missing
        },
        findings,
    }
}
