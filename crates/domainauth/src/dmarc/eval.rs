//! DMARC evaluation: policy discovery (RFC 9989 §4.10.1, RFC 7489 §6.6.3),
//! identifier alignment (RFC 9989 §4.4) and the policy to apply
//! (`p`/`sp`/`np`, `t`, RFC 7489 `pct` sampling §6.6.4).

use std::hash::BuildHasher;
use std::sync::Arc;

use super::org::{PublicSuffixList, Walk, tree_walk};
use super::record::{AlignmentMode, Effective, Mode, Policy, Record};
use super::{Published, lookup};
use crate::dkim::DkimResult;
use crate::dns::{DnsError, Resolver, check_domain_name, normalize_name};
use crate::mail::{Author, FromProblem, MAX_AUTHOR_DOMAINS};
use crate::spf::{Identity, SpfResult};

/// How `pct` (RFC 7489) picks the failing messages the policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// A random draw per message (what receivers do).
    #[default]
    Random,
    /// A draw from this seed and the From domain: the same input gives the same answer.
    Seed(u64),
}

/// Evaluation settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DmarcConfig {
    /// RFC 9989 (default) or RFC 7489.
    pub mode: Mode,
    /// The Public Suffix List (RFC 7489 mode, and to compare with the tree walk).
    pub psl: Arc<PublicSuffixList>,
    /// `pct` sampling in RFC 7489 mode.
    pub sampling: Sampling,
    /// Local policy: the disposition for a message whose author domain
    /// cannot be determined — no From field, several, an invalid one, an
    /// address without a usable domain, domains beyond
    /// [`MAX_AUTHOR_DOMAINS`]. DMARC gives `permerror` for such a message
    /// and leaves its handling to the receiver (RFC 9989 §5.3.1, §11.5);
    /// RFC 7489 §6.6.1 notes that messages without a From field, with
    /// several, or with several addresses "are typically rejected".
    /// Default: [`Policy::Reject`].
    pub invalid_author: Policy,
}

impl Default for DmarcConfig {
    fn default() -> Self {
        Self {
            mode: Mode::default(),
            psl: Arc::default(),
            sampling: Sampling::default(),
            invalid_author: Policy::Reject,
        }
    }
}

/// The SPF result DMARC uses: the MAIL FROM identity, or HELO when MAIL FROM is null.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SpfAuth {
    /// The SPF result.
    pub result: SpfResult,
    /// The domain checked.
    pub domain: String,
    /// Which identity that domain came from.
    pub identity: Identity,
}

/// One DKIM signature's result, for alignment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DkimAuth {
    /// The result.
    pub result: DkimResult,
    /// `d=`.
    pub domain: String,
    /// `s=`.
    pub selector: String,
}

/// DMARC result: the values of the `dmarc` Authentication-Results method (RFC 7489 §11.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DmarcResult {
    /// An aligned SPF or DKIM pass.
    Pass,
    /// No DMARC record applies.
    None,
    /// A policy applies and nothing aligned passed.
    Fail,
    /// A DNS failure stopped policy discovery.
    TempError,
    /// The From field does not name one author domain, or the record is unusable.
    PermError,
}

impl DmarcResult {
    /// The Authentication-Results keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::None => "none",
            Self::Fail => "fail",
            Self::TempError => "temperror",
            Self::PermError => "permerror",
        }
    }
}

/// Which authentication method an alignment check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// SPF (RFC 7208).
    Spf,
    /// DKIM (RFC 6376).
    Dkim,
}

/// One identifier compared with the author domain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Alignment {
    /// SPF or DKIM.
    pub method: Method,
    /// The authenticated domain (MAIL FROM/HELO domain, or `d=`).
    pub domain: String,
    /// The DKIM selector.
    pub selector: Option<String>,
    /// The method's result (`pass`, `fail`, …).
    pub result: String,
    /// True when the method passed.
    pub authenticated: bool,
    /// The mode the record asks for.
    pub mode: AlignmentMode,
    /// True when the domain aligns under that mode (authenticated or not).
    pub aligned: bool,
    /// The organizational domain both share, when aligned only through it
    /// (relaxed mode, different names).
    pub via_org_domain: Option<String>,
    /// True when strict mode is what stops an otherwise aligned domain.
    pub strict_only: bool,
}

impl Alignment {
    /// Authenticated and aligned: this identifier makes DMARC pass.
    pub fn passes(&self) -> bool {
        self.authenticated && self.aligned
    }
}

/// Which tag gave the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum PolicyTag {
    /// `p`: the record is the From domain's own.
    P,
    /// `sp`: inherited by an existing subdomain.
    Sp,
    /// `np`: inherited by a non-existent subdomain.
    Np,
}

/// How the organizational domain was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrgDomain {
    /// The organizational domain used.
    pub domain: String,
    /// The mode that decided it (tree walk in RFC 9989, PSL in RFC 7489).
    pub decided_by: Mode,
    /// What the DNS tree walk gives.
    pub tree_walk: Option<String>,
    /// What the Public Suffix List gives.
    pub psl: String,
}

impl OrgDomain {
    /// True when the tree walk and the PSL give different answers.
    pub fn disagree(&self) -> bool {
        self.tree_walk.as_ref().is_some_and(|t| *t != self.psl)
    }
}

/// The verdict for one author domain.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DomainVerdict {
    /// The From domain (A-labels).
    pub from_domain: String,
    /// The result.
    pub result: DmarcResult,
    /// Where the policy record was found.
    pub policy_domain: Option<String>,
    /// The record that applies.
    pub record: Option<Record>,
    /// What was found at `_dmarc.<From domain>` itself.
    pub published: Option<Published>,
    /// The effective policy after the fallback rules.
    pub effective: Option<Effective>,
    /// True when a record was found but gives no policy (invalid `p` without `rua`).
    pub unusable: bool,
    /// The organizational domain of the From domain.
    pub org_domain: Option<OrgDomain>,
    /// The SPF identifier compared.
    pub spf: Option<Alignment>,
    /// Each DKIM signature compared.
    pub dkim: Vec<Alignment>,
    /// Which tag gave the policy.
    pub policy_tag: Option<PolicyTag>,
    /// The policy the owner asks for.
    pub requested: Option<Policy>,
    /// What a receiver applies to this message (after `t=y` or `pct`).
    pub disposition: Policy,
    /// `t=y`: the policy is not applied.
    pub testing: bool,
    /// RFC 7489 `pct`: this message fell outside the sample.
    pub sampled_out: bool,
    /// The DNS failure that made the result temperror.
    pub dns_error: Option<DnsError>,
    /// The tree walk of the From domain (RFC 9989 mode; left out of the
    /// serialized form when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub walk: Option<Arc<Walk>>,
    /// A header field that shows the message was relayed by a list or a
    /// forwarder (`List-Id`, `List-Post`, `ARC-Seal`, `Resent-From`,
    /// `Resent-Sender`), set by the message verifier: without one, an SPF
    /// fail and a broken signature are not diagnosed as forwarding, since a
    /// forger produces the same results.
    pub relayed_by: Option<String>,
}

impl DomainVerdict {
    /// This verdict ended by a DNS failure: `temperror` (RFC 9989 §4.10.1).
    fn temperror(mut self, error: DnsError) -> Self {
        self.result = DmarcResult::TempError;
        self.dns_error = Some(error);
        self
    }

    /// A verdict for `from` before anything is known: result `none`.
    fn new(from: &str) -> Self {
        Self {
            from_domain: from.to_string(),
            result: DmarcResult::None,
            policy_domain: None,
            record: None,
            published: None,
            effective: None,
            unusable: false,
            org_domain: None,
            spf: None,
            dkim: Vec::new(),
            policy_tag: None,
            requested: None,
            disposition: Policy::None,
            testing: false,
            sampled_out: false,
            dns_error: None,
            walk: None,
            relayed_by: None,
        }
    }
}

/// The DMARC verdict for a message.
///
/// With several author domains each is evaluated and, as RFC 7489 §6.6.1
/// and RFC 9989 §11.5 say, "the most strict policy selected among the
/// checks that fail" applies. The parts are the domains' verdicts and, when
/// the author is not fully determined ([`Author::problems`]), a `permerror`
/// part with the local policy ([`DmarcConfig::invalid_author`]). What
/// decides:
///
/// - the result is `pass` only when every part passes;
/// - otherwise the part with the strictest disposition decides the result
///   and the disposition; among equally strict ones a domain's `fail`
///   comes before a From problem (the owner's own policy is the stronger
///   statement), and with no disposition at all the worst result decides in
///   the order `permerror`, `temperror`, `fail`, `none` (a check that could
///   not be made might still be stricter than the ones that were);
/// - on a tie, the earlier part decides.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DmarcVerdict {
    /// The mode used.
    pub mode: Mode,
    /// The overall result.
    pub result: DmarcResult,
    /// What a receiver applies: the strictest disposition of all parts.
    pub disposition: Policy,
    /// The author: addresses, domains and the problems of the From field(s).
    pub author: Author,
    /// One verdict per evaluated author domain, in order of appearance.
    pub domains: Vec<DomainVerdict>,
    /// The author domain whose check decided the result and disposition;
    /// `None` when a From problem (local policy) decided them.
    pub deciding_domain: Option<String>,
    /// The disposition local policy gives the From problems
    /// ([`DmarcConfig::invalid_author`]); `None` when there are none.
    pub local_policy: Option<Policy>,
}

impl DmarcVerdict {
    /// The verdict of the author domain that decided the overall result
    /// (with one author domain, that one); `None` when a From problem decided.
    pub fn deciding(&self) -> Option<&DomainVerdict> {
        let domain = self.deciding_domain.as_deref()?;
        self.domains.iter().find(|d| d.from_domain == domain)
    }

    /// The author domain to explain other results against: the deciding
    /// one, else the first evaluated.
    pub fn focus(&self) -> Option<&DomainVerdict> {
        self.deciding().or_else(|| self.domains.first())
    }

    /// Why the author is not fully determined (empty for an ordinary message).
    pub fn from_problems(&self) -> &[FromProblem] {
        &self.author.problems
    }
}

/// One part of a verdict, for [`decide`].
#[derive(Clone, Copy)]
struct Part {
    result: DmarcResult,
    disposition: Policy,
    /// The index of the domain verdict; `None` for the From problems.
    domain: Option<usize>,
}

impl Part {
    /// The order among parts with equal disposition (higher decides).
    fn rank(&self) -> u8 {
        if self.disposition > Policy::None {
            // Only failing domains and From problems carry a disposition.
            match self.result {
                DmarcResult::Fail => 2,
                _ => 1,
            }
        } else {
            match self.result {
                DmarcResult::PermError => 5,
                DmarcResult::TempError => 4,
                DmarcResult::Fail => 3,
                DmarcResult::None => 2,
                DmarcResult::Pass => 1,
            }
        }
    }
}

/// The overall result, disposition and deciding part (see [`DmarcVerdict`]).
fn decide(parts: &[Part]) -> (DmarcResult, Policy, Option<usize>) {
    if !parts.is_empty() && parts.iter().all(|p| p.result == DmarcResult::Pass) {
        return (DmarcResult::Pass, Policy::None, parts[0].domain);
    }
    let mut best: Option<&Part> = None;
    for p in parts.iter().filter(|p| p.result != DmarcResult::Pass) {
        if best.is_none_or(|b| (p.disposition, p.rank()) > (b.disposition, b.rank())) {
            best = Some(p);
        }
    }
    match best {
        Some(b) => (b.result, b.disposition, b.domain),
        None => (DmarcResult::PermError, Policy::None, None),
    }
}

/// A tree walk and the organizational domain it gives.
type WalkResult = Result<(Arc<Walk>, String), DnsError>;

/// Evaluates DMARC for messages.
///
/// ```
/// use domainauth::dmarc::{DkimAuth, DmarcResult, Evaluator};
/// use domainauth::dkim::DkimResult;
/// use domainauth::dns::ZoneResolver;
/// use domainauth::mail::{Message, author};
/// let zone = ZoneResolver::from_zone_text(
///     "$ORIGIN shop.example.\n_dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n", None).unwrap();
/// let m = Message::parse(b"From: news@shop.example\r\n\r\n").unwrap();
/// let dkim = [DkimAuth { result: DkimResult::Pass, domain: "esp.example".into(), selector: "s1".into() }];
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let v = rt.block_on(Evaluator::new(zone).evaluate(author(&m), None, &dkim));
/// assert_eq!(v.result, DmarcResult::Fail);
/// ```
///
/// An evaluator keeps nothing from one message to the next: every tree walk
/// asks the resolver, whose cache (if any) honours the records' TTLs and
/// RFC 2308 negative caching, so a newly published policy is seen as soon as
/// the old answer expires and a transient failure is not remembered. Within
/// one message, [`crate::verify::MessageVerifier`] puts a per-message
/// [`crate::dns::Metered`] under the evaluator ([`Evaluator::with_resolver`]),
/// which answers a question asked again (the same organizational domain for
/// the From domain, the SPF domain and each DKIM `d=`) from its memo.
pub struct Evaluator<R> {
    resolver: R,
    config: DmarcConfig,
}

impl<R: Resolver> Evaluator<R> {
    /// An evaluator with the default settings (RFC 9989).
    pub fn new(resolver: R) -> Self {
        Self::with_config(resolver, DmarcConfig::default())
    }

    /// An evaluator with `config`.
    pub fn with_config(resolver: R, config: DmarcConfig) -> Self {
        Self { resolver, config }
    }

    /// An evaluator with these settings asking `resolver` instead: how a
    /// per-message resolver such as [`crate::dns::Metered`] is used.
    pub fn with_resolver<S: Resolver>(&self, resolver: S) -> Evaluator<S> {
        Evaluator {
            resolver,
            config: self.config.clone(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &DmarcConfig {
        &self.config
    }

    /// A tree walk from `domain` and the organizational domain it gives.
    /// Nothing is remembered here (see [`Evaluator`]): repeated walks in one
    /// message are answered by the per-message resolver's memo.
    async fn walk(&self, domain: &str) -> WalkResult {
        tree_walk(&self.resolver, domain).await.map(|w| {
            let org = w.org_domain();
            (Arc::new(w), org)
        })
    }

    /// The organizational domain of `domain` under the configured mode.
    pub async fn org_domain(&self, domain: &str) -> Result<String, DnsError> {
        match self.config.mode {
            Mode::Rfc9989 => Ok(self.walk(domain).await?.1),
            Mode::Rfc7489 => Ok(self.config.psl.org_domain(domain)),
        }
    }

    async fn align(
        &self,
        from: &str,
        from_org: &str,
        domain: &str,
        mode: AlignmentMode,
    ) -> Result<(bool, Option<String>, bool), DnsError> {
        let domain = normalize_name(domain);
        if domain == from {
            return Ok((true, None, false));
        }
        // An identifier that is no multi-label domain name (empty, `.`,
        // `a..b`, a literal, a single label) shares no organizational domain
        // with a From domain: nothing to look up.
        if check_domain_name(&domain).is_err() {
            return Ok((false, None, false));
        }
        // An organizational domain is the name itself or one of its ancestors
        // (RFC 9989 §4.10.2, RFC 7489 §3.2), so `domain` can share `from_org`
        // only when it is `from_org` or lies below it. Anything else needs no
        // lookup, and a sender's own slow or failing DNS cannot stall or
        // change the verdict of an unrelated author domain.
        if !is_at_or_below(&domain, from_org) {
            return Ok((false, None, false));
        }
        let org = self.org_domain(&domain).await?;
        let relaxed = org == from_org;
        Ok(match mode {
            AlignmentMode::Relaxed => (relaxed, relaxed.then_some(org), false),
            AlignmentMode::Strict => (false, None, relaxed),
        })
    }

    /// True when `domain` has no A, AAAA or MX records (RFC 9989 §3, "Non-existent Domains":
    /// NXDOMAIN or NODATA for all three).
    async fn nonexistent(&self, domain: &str) -> Result<bool, DnsError> {
        for answer in [
            self.resolver.a(domain).await.map(|a| a.is_empty()),
            self.resolver.aaaa(domain).await.map(|a| a.is_empty()),
            self.resolver.mx(domain).await.map(|a| a.is_empty()),
        ] {
            match answer {
                Ok(false) => return Ok(false),
                Ok(true) => {}
                Err(e) if e.is_void() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// Sends the policy-discovery questions of every author domain at once
    /// (the tree walk, or in RFC 7489 mode the two record lookups, and the
    /// A/AAAA/MX questions that decide `np`), without evaluating anything.
    ///
    /// With a resolver that remembers answers for the message
    /// ([`crate::dns::Metered`]), a verifier runs this beside SPF and DKIM:
    /// each author domain's policy is then known before slow SPF lookups or
    /// a co-author domain's unanswered questions can use up the message's
    /// DNS deadline.
    pub async fn prefetch(&self, author: &Author) {
        // The same discovery the evaluation makes, so it asks nothing the
        // evaluation would not; `np` matters only under another's record.
        let questions = author.domains.iter().map(|from| async move {
            let mut scratch = DomainVerdict::new(from);
            if let Ok(Some((policy_domain, _))) = self.discover(from, &mut scratch).await
                && policy_domain != *from
            {
                let _ = self.nonexistent(from).await;
            }
        });
        futures_util::future::join_all(questions).await;
    }

    /// Evaluates DMARC for a message whose From field(s) gave `author`, with
    /// the SPF result of its MAIL FROM (or HELO) identity and its DKIM
    /// results: every author domain (at most [`MAX_AUTHOR_DOMAINS`]), then
    /// the overall verdict as [`DmarcVerdict`] describes.
    pub async fn evaluate(
        &self,
        mut author: Author,
        spf: Option<&SpfAuth>,
        dkim: &[DkimAuth],
    ) -> DmarcVerdict {
        if author.domains.len() > MAX_AUTHOR_DOMAINS {
            // An `Author` built by hand: the same cap as `author()` applies.
            let count = author.domains.len();
            author.domains.truncate(MAX_AUTHOR_DOMAINS);
            author.problems.push(FromProblem::TooManyDomains {
                cap: MAX_AUTHOR_DOMAINS,
                count,
            });
        }
        if author.domains.is_empty() && author.problems.is_empty() {
            author.problems.push(FromProblem::Missing);
        }
        let mut domains = Vec::new();
        for from in &author.domains {
            domains.push(self.evaluate_domain(from, spf, dkim).await);
        }
        let local_policy = (!author.problems.is_empty()).then_some(self.config.invalid_author);
        let mut parts: Vec<Part> = domains
            .iter()
            .enumerate()
            .map(|(n, d)| Part {
                result: d.result,
                disposition: d.disposition,
                domain: Some(n),
            })
            .collect();
        if let Some(disposition) = local_policy {
            parts.push(Part {
                result: DmarcResult::PermError,
                disposition,
                domain: None,
            });
        }
        let (result, disposition, deciding) = decide(&parts);
        DmarcVerdict {
            mode: self.config.mode,
            result,
            disposition,
            deciding_domain: deciding
                .and_then(|n| domains.get(n))
                .map(|d| d.from_domain.clone()),
            author,
            domains,
            local_policy,
        }
    }

    async fn discover(
        &self,
        from: &str,
        verdict: &mut DomainVerdict,
    ) -> Result<Option<(String, Record)>, DnsError> {
        match self.config.mode {
            Mode::Rfc9989 => {
                let (walk, org) = self.walk(from).await?;
                verdict.published = walk.steps.first().map(|s| s.published.clone());
                verdict.org_domain = Some(OrgDomain {
                    domain: org.clone(),
                    decided_by: Mode::Rfc9989,
                    tree_walk: Some(org.clone()),
                    psl: self.config.psl.org_domain(from),
                });
                let found = walk
                    .step(from)
                    .and_then(|s| s.record().map(|r| (s.domain.clone(), r.clone())))
                    .or_else(|| {
                        walk.step(&org)
                            .and_then(|s| s.record().map(|r| (s.domain.clone(), r.clone())))
                    })
                    .or_else(|| {
                        walk.psd_step()
                            .and_then(|s| s.record().map(|r| (s.domain.clone(), r.clone())))
                    });
                verdict.walk = Some(walk);
                Ok(found)
            }
            Mode::Rfc7489 => {
                let psl_org = self.config.psl.org_domain(from);
                // The tree walk only for comparison; its failure changes nothing.
                let tree = self.walk(from).await.ok().map(|(_, org)| org);
                verdict.org_domain = Some(OrgDomain {
                    domain: psl_org.clone(),
                    decided_by: Mode::Rfc7489,
                    tree_walk: tree,
                    psl: psl_org.clone(),
                });
                let exact = lookup(&self.resolver, from).await?;
                verdict.published = Some(exact.clone());
                if let Published::Record { record, .. } = &exact {
                    return Ok(Some((from.to_string(), Record::parse(record))));
                }
                if psl_org != from
                    && let Published::Record { record, .. } =
                        lookup(&self.resolver, &psl_org).await?
                {
                    return Ok(Some((psl_org, Record::parse(&record))));
                }
                Ok(None)
            }
        }
    }

    async fn evaluate_domain(
        &self,
        from: &str,
        spf: Option<&SpfAuth>,
        dkim: &[DkimAuth],
    ) -> DomainVerdict {
        let mut v = DomainVerdict::new(from);
        let found = match self.discover(from, &mut v).await {
            Ok(f) => f,
            Err(e) => return v.temperror(e),
        };
        let from_org = v
            .org_domain
            .as_ref()
            .map_or_else(|| from.to_string(), |o| o.domain.clone());
        let record = found.as_ref().map(|(_, r)| r.clone());
        let effective = record.as_ref().map(|r| r.effective(self.config.mode));
        let (adkim, aspf) = match &effective {
            Some(Ok(e)) => (e.adkim, e.aspf),
            _ => Default::default(),
        };
        // Alignment is computed even without a policy, to explain it.
        if let Err(e) = self
            .alignments(&mut v, from, &from_org, spf, dkim, aspf, adkim)
            .await
        {
            return v.temperror(e);
        }
        let Some((policy_domain, record)) = found else {
            return v;
        };
        v.policy_domain = Some(policy_domain.clone());
        v.record = Some(record);
        let effective = match effective {
            Some(Ok(e)) => e,
            _ => {
                v.unusable = true;
                return v;
            }
        };
        v.effective = Some(effective);
        let pass =
            v.spf.as_ref().is_some_and(Alignment::passes) || v.dkim.iter().any(Alignment::passes);
        let (tag, requested) = match self
            .requested_policy(from, &policy_domain, &effective)
            .await
        {
            Ok(policy) => policy,
            Err(e) => return v.temperror(e),
        };
        v.policy_tag = Some(tag);
        v.requested = Some(requested);
        v.result = if pass {
            DmarcResult::Pass
        } else {
            DmarcResult::Fail
        };
        if !pass {
            self.dispose(&mut v, from, &effective, requested);
        }
        v
    }

    /// The policy asked for mail from `from` by the record found at
    /// `policy_domain`: `p` for the domain itself; for a subdomain `sp`, or
    /// `np` when the subdomain does not exist (RFC 9989 §4.7, §4.10).
    async fn requested_policy(
        &self,
        from: &str,
        policy_domain: &str,
        effective: &Effective,
    ) -> Result<(PolicyTag, Policy), DnsError> {
        Ok(if policy_domain == from {
            (PolicyTag::P, effective.p)
        } else if effective.np != effective.sp && self.nonexistent(from).await? {
            (PolicyTag::Np, effective.np)
        } else {
            (PolicyTag::Sp, effective.sp)
        })
    }

    /// What to do with failing mail: the policy asked for, none while the
    /// owner tests (`t=y`), and outside an RFC 7489 `pct` sample the next
    /// less strict policy (RFC 7489 §6.6.4).
    fn dispose(&self, v: &mut DomainVerdict, from: &str, effective: &Effective, requested: Policy) {
        v.disposition = requested;
        if effective.testing {
            v.testing = true;
            v.disposition = Policy::None;
        } else if effective.pct < 100 && !self.sampled(from, effective.pct) {
            v.sampled_out = true;
            v.disposition = match requested {
                Policy::Reject => Policy::Quarantine,
                _ => Policy::None,
            };
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn alignments(
        &self,
        v: &mut DomainVerdict,
        from: &str,
        from_org: &str,
        spf: Option<&SpfAuth>,
        dkim: &[DkimAuth],
        aspf: AlignmentMode,
        adkim: AlignmentMode,
    ) -> Result<(), DnsError> {
        if let Some(s) = spf {
            let authenticated = s.result == SpfResult::Pass;
            // An identifier that did not authenticate cannot make DMARC pass:
            // a DNS failure while aligning it only leaves it unaligned.
            let (aligned, via, strict_only) =
                match self.align(from, from_org, &s.domain, aspf).await {
                    Ok(a) => a,
                    Err(_) if !authenticated => (false, None, false),
                    Err(e) => return Err(e),
                };
            v.spf = Some(Alignment {
                method: Method::Spf,
                domain: normalize_name(&s.domain),
                selector: None,
                result: s.result.as_str().to_string(),
                authenticated,
                mode: aspf,
                aligned,
                via_org_domain: via,
                strict_only,
            });
        }
        for d in dkim {
            let authenticated = d.result == DkimResult::Pass;
            // An identifier that did not authenticate cannot make DMARC pass:
            // a DNS failure while aligning it only leaves it unaligned.
            let (aligned, via, strict_only) =
                match self.align(from, from_org, &d.domain, adkim).await {
                    Ok(a) => a,
                    Err(_) if !authenticated => (false, None, false),
                    Err(e) => return Err(e),
                };
            v.dkim.push(Alignment {
                method: Method::Dkim,
                domain: normalize_name(&d.domain),
                selector: Some(d.selector.clone()),
                result: d.result.as_str().to_string(),
                authenticated,
                mode: adkim,
                aligned,
                via_org_domain: via,
                strict_only,
            });
        }
        Ok(())
    }

    /// RFC 7489 §6.6.4: is this message in the `pct` sample?
    fn sampled(&self, from: &str, pct: u8) -> bool {
        let draw = match self.config.sampling {
            Sampling::Seed(seed) => seeded_draw(seed, from),
            Sampling::Random => std::collections::hash_map::RandomState::new().hash_one(from),
        };
        draw % 100 < u64::from(pct)
    }
}

/// True when `name` is `ancestor` or a name below it (both normalised).
fn is_at_or_below(name: &str, ancestor: &str) -> bool {
    name == ancestor
        || name
            .strip_suffix(ancestor)
            .is_some_and(|head| head.ends_with('.'))
}

/// A draw that depends only on `seed` and `text` (FNV-1a, then the
/// SplitMix64 finaliser to spread the bits).
fn seeded_draw(seed: u64, text: &str) -> u64 {
    let mut x = seed ^ 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        x = (x ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
