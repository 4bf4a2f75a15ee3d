//! The `check_host()` function (RFC 7208 §4) and the identities it is applied to.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::pin::Pin;
use std::sync::Arc;

use std::borrow::Cow;

use crate::dns::{Known, Query};

use crate::dns::{
    DnsError, RecordType, Resolver, Txt, check_domain_name, normalize_name, normalized,
    reverse_name,
};

use super::ahead::{self, Ahead, mismatch};
use super::cache::RecordCache;
use super::macros::{MacroContext, MacroKind, MacroString};
use super::record::{Directive, DualCidr, Mechanism, Qualifier, Record, is_spf_record};
use super::result::{
    Evaluation, Identity, Limits, Matched, Problem, SpfResult, Step, StepKind, VoidCounting,
};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Settings for a [`Verifier`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Processing limits (RFC 7208 §4.6.4).
    pub limits: Limits,
    /// The receiving host's name, for `%{r}` and `Received-SPF` (§7.2).
    pub receiver: String,
    /// Seconds since the epoch, for `%{t}` (§7.2); the library reads no clock.
    pub timestamp: u64,
    /// Look up the `exp=` explanation on `fail` (§6.2). Off by default:
    /// the explanation is text for the SMTP rejection, and fetching it costs
    /// up to a dozen lookups (`exp=%{p}…` validates the client's PTR names)
    /// that a receiver which does not show it should not make.
    pub explain: bool,
    /// Parsed records kept for reuse (by record text); 0 parses every time.
    pub record_cache: usize,
    /// Record every step in [`Evaluation::trace`] (off by default: a
    /// receiving server needs the result, a person asking "why" needs the path).
    pub trace: bool,
    /// DNS questions asked ahead of evaluation at most at a time; 0 asks
    /// nothing ahead. Asking ahead changes no result and no count, only how
    /// long an evaluation waits (see [the module docs](crate::spf)).
    pub prefetch: usize,
}

/// Questions an evaluation asks ahead at most at a time, by default: enough
/// for the includes of a typical record to be in flight together, few
/// enough that no server sees a burst from one check.
pub const DEFAULT_PREFETCH: usize = 8;

impl Default for Config {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            receiver: "unknown".into(),
            timestamp: 0,
            explain: false,
            record_cache: 1024,
            trace: false,
            prefetch: DEFAULT_PREFETCH,
        }
    }
}

/// The SMTP envelope of a message: who connected and what they said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The SMTP client's address.
    pub client_ip: IpAddr,
    /// The HELO/EHLO name.
    pub helo: String,
    /// The MAIL FROM address; empty for the null reverse-path `<>`.
    pub mail_from: String,
}

impl Envelope {
    /// The envelope of an SMTP session whose HELO name may not be known, as
    /// when a message is checked after the fact with only the client's
    /// address and its MAIL FROM (`<user@example.com>`, `user@example.com`,
    /// or `<>` / empty for a bounce).
    ///
    /// Without a HELO name, the MAIL FROM domain stands in for it: the HELO
    /// check (RFC 7208 §2.3) then asks the same domain as the MAIL FROM
    /// check, so it adds no verdict the sender did not publish. For a bounce
    /// there is no such domain, and the HELO is `unknown`: a single label,
    /// which `check_host()` answers `none` (§4.3), so the bounce's MAIL FROM
    /// identity (`postmaster@<HELO>`, §2.4) is `none` rather than a guess.
    ///
    /// ```
    /// use domainauth::spf::Envelope;
    /// let ip = "192.0.2.25".parse().unwrap();
    /// let e = Envelope::from_smtp(ip, None, "<news@shop.example>");
    /// assert_eq!((e.helo.as_str(), e.mail_from.as_str()), ("shop.example", "news@shop.example"));
    /// assert_eq!(Envelope::from_smtp(ip, None, "<>").helo, "unknown");
    /// assert_eq!(Envelope::from_smtp(ip, Some("mx.example"), "").helo, "mx.example");
    /// ```
    pub fn from_smtp(client_ip: IpAddr, helo: Option<&str>, mail_from: &str) -> Self {
        let mail_from = mail_from.trim_matches(['<', '>']).to_string();
        let helo = match helo {
            Some(helo) => helo.to_string(),
            None => mail_from
                .rsplit_once('@')
                .map_or("unknown", |(_, domain)| domain)
                .to_string(),
        };
        Self {
            client_ip,
            helo,
            mail_from,
        }
    }
}

/// Evaluates SPF through a [`Resolver`].
///
/// ```
/// use domainauth::dns::{ZoneEntry, ZoneResolver, Txt};
/// use domainauth::spf::{Envelope, SpfResult, Verifier};
/// let mut zone = ZoneResolver::new();
/// zone.add("example.co.jp", ZoneEntry::Txt(Txt { strings: vec![b"v=spf1 ip4:203.0.113.25 -all".to_vec()] }));
/// let verifier = Verifier::new(zone);
/// let envelope = Envelope {
///     client_ip: "203.0.113.25".parse().unwrap(),
///     helo: "mail.example.co.jp".into(),
///     mail_from: "user@example.co.jp".into(),
/// };
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let eval = rt.block_on(verifier.check_mail_from(&envelope));
/// assert_eq!(eval.result, SpfResult::Pass);
/// assert_eq!(eval.matched.unwrap().term, "ip4:203.0.113.25");
/// ```
#[derive(Debug, Clone)]
pub struct Verifier<R> {
    resolver: R,
    config: Arc<Config>,
    /// Shared with the verifiers [`Verifier::with_resolver`] makes.
    records: Arc<RecordCache>,
}

/// Per-evaluation state: counters, the chain of records entered, the trace.
struct State<'e> {
    /// The client IP, IPv4-mapped IPv6 addresses turned into IPv4.
    ip: IpAddr,
    local: &'e str,
    sender_domain: &'e str,
    helo: &'e str,
    dns_terms: u32,
    void_lookups: u32,
    /// Nesting inside `include`: there, only the result matters (§5.2).
    in_include: u32,
    trace: Option<Vec<Step>>,
    depth: u8,
    /// The questions asked ahead of evaluation.
    ahead: Ahead<'e, dyn Resolver + 'e>,
}

impl State<'_> {
    fn step(&mut self, kind: impl FnOnce() -> StepKind) {
        let depth = self.depth;
        if let Some(trace) = &mut self.trace {
            trace.push(Step {
                depth,
                kind: kind(),
            });
        }
    }

    fn query<T: std::fmt::Debug>(
        &mut self,
        rtype: RecordType,
        name: &str,
        answer: &crate::dns::Answer<T>,
        show: impl Fn(&T) -> String,
    ) {
        self.step(|| StepKind::Query {
            rtype,
            name: name.to_string(),
            answer: match answer {
                Ok(items) => items.iter().map(&show).collect::<Vec<_>>().join(", "),
                Err(e) => e.to_string(),
            },
            error: answer.as_ref().err().cloned(),
            void: matches!(answer, Err(e) if e.is_void()),
        });
    }
}

/// The records entered so far, from the checked domain down, kept on the
/// stack of the recursion: it is only read when a limit is passed.
struct Link<'a> {
    domain: &'a str,
    parent: Option<&'a Link<'a>>,
}

impl Link<'_> {
    /// The domains from the checked one down to this one.
    fn chain(&self) -> Vec<String> {
        let mut chain = vec![self.domain.to_string()];
        let mut at = self.parent;
        while let Some(link) = at {
            chain.push(link.domain.to_string());
            at = link.parent;
        }
        chain.reverse();
        chain
    }
}

/// The outcome of one `check_host()` call.
struct Verdict {
    result: SpfResult,
    matched: Option<Matched>,
    problem: Option<Box<Problem>>,
    /// The `exp=` of the record whose directive gave `fail`, with that record's domain.
    exp: Option<Box<(String, MacroString)>>,
}

impl Verdict {
    fn problem(result: SpfResult, problem: Problem) -> Self {
        Self {
            result,
            matched: None,
            problem: Some(Box::new(problem)),
            exp: None,
        }
    }
    fn perm(problem: Problem) -> Self {
        Self::problem(SpfResult::PermError, problem)
    }
    fn temp(error: DnsError) -> Self {
        Self::problem(SpfResult::TempError, Problem::Dns { error })
    }
}

fn qualifier_result(q: Qualifier) -> SpfResult {
    match q {
        Qualifier::Pass => SpfResult::Pass,
        Qualifier::Fail => SpfResult::Fail,
        Qualifier::SoftFail => SpfResult::SoftFail,
        Qualifier::Neutral => SpfResult::Neutral,
    }
}

fn in_net4(ip: Ipv4Addr, net: Ipv4Addr, prefix: u8) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    u32::from(ip) & mask == u32::from(net) & mask
}

fn in_net6(ip: Ipv6Addr, net: Ipv6Addr, prefix: u8) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix))
    };
    u128::from(ip) & mask == u128::from(net) & mask
}

/// The record text of a TXT record if it is an SPF record, joined only when
/// it is split over several strings (RFC 7208 §3.3).
pub(super) fn spf_text(txt: &Txt) -> Option<Cow<'_, [u8]>> {
    let text = match txt.strings.as_slice() {
        [one] => Cow::Borrowed(one.as_slice()),
        _ => Cow::Owned(txt.joined()),
    };
    is_spf_record(&text).then_some(text)
}

/// §4.5: the one SPF record among `domain`'s TXT records, as text. None
/// gives `none`; more than one, `permerror`.
fn select_record<'t>(txts: &'t [Txt], domain: &str) -> Result<Cow<'t, str>, Verdict> {
    let mut records = txts.iter().filter_map(spf_text);
    let Some(first) = records.next() else {
        return Err(Verdict::problem(
            SpfResult::None,
            Problem::NoRecord {
                domain: domain.to_string(),
            },
        ));
    };
    let extra = records.count();
    if extra > 0 {
        return Err(Verdict::perm(Problem::MultipleRecords {
            domain: domain.to_string(),
            count: extra + 1,
        }));
    }
    Ok(match first {
        Cow::Borrowed(b) => match std::str::from_utf8(b) {
            Ok(t) => Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(b),
        },
        Cow::Owned(o) => match String::from_utf8(o) {
            Ok(t) => Cow::Owned(t),
            Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        },
    })
}

/// RFC 7208 §7.3: an expanded name over 253 octets loses labels from the left.
/// The domain of an SMTP identity as queried: U-labels converted to
/// A-labels (RFC 8616 §4), then held to the host-name syntax
/// ([`crate::dns::check_host_name`]).
fn identity_domain(domain: &str) -> Result<Cow<'_, str>, crate::dns::DomainNameError> {
    let ascii = if domain.is_ascii() {
        Cow::Borrowed(domain)
    } else {
        Cow::Owned(idna::domain_to_ascii(domain).map_err(|_| {
            let (pos, ch) = domain
                .char_indices()
                .find(|(_, c)| !c.is_ascii())
                .unwrap_or((0, '?'));
            crate::dns::DomainNameError::InvalidCharacter {
                name: domain.to_string(),
                ch,
                pos,
            }
        })?)
    };
    crate::dns::check_host_name(&ascii)?;
    Ok(ascii)
}

pub(super) fn truncate_name(mut name: String) -> String {
    while name.trim_end_matches('.').len() > 253 {
        match name.find('.') {
            Some(dot) => {
                name.drain(..=dot);
            }
            None => break,
        }
    }
    name
}

impl<R: Resolver> Verifier<R> {
    /// A verifier with the RFC's default limits.
    pub fn new(resolver: R) -> Self {
        Self::with_config(resolver, Config::default())
    }

    /// A verifier with explicit settings.
    pub fn with_config(resolver: R, config: Config) -> Self {
        let records = Arc::new(RecordCache::new(config.record_cache));
        Self {
            resolver,
            config: Arc::new(config),
            records,
        }
    }

    /// A verifier with these settings and this record cache, asking
    /// `resolver` instead: how a per-message resolver such as
    /// [`crate::dns::Metered`] is put under a long-lived verifier.
    pub fn with_resolver<S: Resolver>(&self, resolver: S) -> Verifier<S> {
        Verifier {
            resolver,
            config: Arc::clone(&self.config),
            records: Arc::clone(&self.records),
        }
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The resolver.
    pub fn resolver(&self) -> &R {
        &self.resolver
    }

    /// Checks the MAIL FROM identity (RFC 7208 §2.4); a null reverse-path is
    /// checked as `postmaster@<HELO>`.
    pub async fn check_mail_from(&self, envelope: &Envelope) -> Evaluation {
        let mail_from = envelope
            .mail_from
            .trim_start_matches('<')
            .trim_end_matches('>');
        // §4.3: a sender without a local part is postmaster@domain.
        let sender = match mail_from.rsplit_once('@') {
            _ if mail_from.is_empty() => format!("postmaster@{}", envelope.helo),
            None => format!("postmaster@{mail_from}"),
            Some(("", domain)) => format!("postmaster@{domain}"),
            Some(_) => mail_from.to_string(),
        };
        self.check(envelope, sender, Identity::MailFrom).await
    }

    /// Checks the HELO identity (RFC 7208 §2.3) as `postmaster@<HELO>`.
    pub async fn check_helo(&self, envelope: &Envelope) -> Evaluation {
        let sender = format!("postmaster@{}", envelope.helo);
        self.check(envelope, sender, Identity::Helo).await
    }

    /// Evaluates for `sender`, which is `local@domain` with a non-empty local part.
    async fn check(&self, envelope: &Envelope, sender: String, identity: Identity) -> Evaluation {
        let (local, domain) = sender.rsplit_once('@').unwrap_or(("postmaster", &sender));
        let ip = match envelope.client_ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        // Questions still in flight when evaluation ends are dropped with `st`.
        let (verdict, explanation, dns_terms, void_lookups, trace) = {
            let mut st = State {
                ip,
                local,
                sender_domain: domain,
                helo: &envelope.helo,
                dns_terms: 0,
                void_lookups: 0,
                in_include: 0,
                trace: self.config.trace.then(Vec::new),
                depth: 0,
                ahead: Ahead::new(
                    &self.resolver,
                    Some(&self.records),
                    self.config.limits,
                    ahead::Reader::Evaluation(ahead::Identity {
                        ip,
                        local,
                        sender_domain: domain,
                        helo: &envelope.helo,
                        receiver: &self.config.receiver,
                        timestamp: self.config.timestamp,
                    }),
                    self.config.prefetch,
                    self.config.limits.dns_terms,
                ),
            };
            // RFC 7208 §4.3: an identity whose domain is malformed gives "none"
            // without a lookup. A MAIL FROM or HELO domain follows RFC 5321
            // §4.1.2 (names that macros build inside a record do not have to).
            let verdict = match identity_domain(domain) {
                Err(source) => Verdict::problem(
                    SpfResult::None,
                    Problem::InvalidDomain {
                        domain: domain.to_string(),
                        source,
                    },
                ),
                Ok(ascii) => self.check_host_here(&mut st, ascii, None).await,
            };
            let explanation = match (&verdict.result, verdict.exp.as_deref()) {
                (SpfResult::Fail, Some((exp_domain, spec))) if self.config.explain => {
                    self.explanation(&mut st, exp_domain, spec).await
                }
                _ => None,
            };
            let (dns_terms, void_lookups) = (st.dns_terms, st.void_lookups);
            let trace = st.trace.unwrap_or_default();
            (verdict, explanation, dns_terms, void_lookups, trace)
        };
        let domain = normalize_name(domain);
        Evaluation {
            result: verdict.result,
            identity,
            domain,
            sender,
            client_ip: envelope.client_ip,
            helo: envelope.helo.clone(),
            matched: verdict.matched,
            problem: verdict.problem.map(|p| *p),
            explanation,
            dns_terms,
            void_lookups,
            limits: self.config.limits,
            trace,
        }
    }

    async fn dns_txt(&self, st: &mut State<'_>, name: &str) -> crate::dns::Answer<Txt> {
        let query = Query::Txt(name);
        let known = st.ahead.answer(query, self.ask(query)).await;
        match known {
            Known::Txt(answer) => answer,
            _ => Err(mismatch(RecordType::Txt, name)),
        }
    }

    async fn dns_a(&self, st: &mut State<'_>, name: &str) -> crate::dns::Answer<Ipv4Addr> {
        let query = Query::A(name);
        match st.ahead.answer(query, self.ask(query)).await {
            Known::A(answer) => answer,
            _ => Err(mismatch(RecordType::A, name)),
        }
    }

    async fn dns_aaaa(&self, st: &mut State<'_>, name: &str) -> crate::dns::Answer<Ipv6Addr> {
        let query = Query::Aaaa(name);
        match st.ahead.answer(query, self.ask(query)).await {
            Known::Aaaa(answer) => answer,
            _ => Err(mismatch(RecordType::Aaaa, name)),
        }
    }

    async fn dns_mx(&self, st: &mut State<'_>, name: &str) -> crate::dns::Answer<crate::dns::Mx> {
        let query = Query::Mx(name);
        match st.ahead.answer(query, self.ask(query)).await {
            Known::Mx(answer) => answer,
            _ => Err(mismatch(RecordType::Mx, name)),
        }
    }

    async fn dns_ptr(&self, st: &mut State<'_>, ip: IpAddr) -> crate::dns::Answer<String> {
        let query = Query::Ptr(ip);
        match st.ahead.answer(query, self.ask(query)).await {
            Known::Ptr(answer) => answer,
            _ => Err(mismatch(RecordType::Ptr, &reverse_name(ip))),
        }
    }

    /// `query` asked now: from memory if the resolver knows it at once.
    async fn ask(&self, query: Query<'_>) -> Known {
        if let Some(known) = self.resolver.known(query) {
            return known;
        }
        match query {
            Query::Txt(name) => Known::Txt(self.resolver.txt(name).await),
            Query::A(name) => Known::A(self.resolver.a(name).await),
            Query::Aaaa(name) => Known::Aaaa(self.resolver.aaaa(name).await),
            Query::Mx(name) => Known::Mx(self.resolver.mx(name).await),
            Query::Ptr(ip) => Known::Ptr(self.resolver.ptr(ip).await),
        }
    }

    /// `check_host(<ip>, <domain>, <sender>)` (RFC 7208 §4).
    fn check_host<'s>(
        &'s self,
        st: &'s mut State<'_>,
        domain: Cow<'s, str>,
        parent: Option<&'s Link<'s>>,
    ) -> BoxFuture<'s, Verdict> {
        Box::pin(self.check_host_here(st, domain, parent))
    }

    /// The body of [`Self::check_host`], awaited directly at the top level;
    /// only the recursive calls (include, redirect) need a boxed future.
    async fn check_host_here<'s>(
        &'s self,
        st: &'s mut State<'_>,
        domain: Cow<'s, str>,
        parent: Option<&'s Link<'s>>,
    ) -> Verdict {
        {
            // §4.3: malformed or single-label names give "none".
            if let Err(source) = check_domain_name(&domain) {
                return Verdict::problem(
                    SpfResult::None,
                    Problem::InvalidDomain {
                        domain: domain.into_owned(),
                        source,
                    },
                );
            }
            let domain: Cow<'s, str> = match normalized(&domain) {
                Cow::Borrowed(_) => domain,
                Cow::Owned(n) => Cow::Owned(n),
            };
            let txts = match self.lookup_record(st, &domain).await {
                Ok(txts) => txts,
                Err(verdict) => return verdict,
            };
            let text = match select_record(&txts, &domain) {
                Ok(text) => text,
                Err(verdict) => return verdict,
            };
            st.step(|| StepKind::Record {
                domain: domain.to_string(),
                record: text.to_string(),
            });
            // §4.6: a syntax error anywhere fails the whole record.
            let parsed = self.records.parse(&text);
            let record = match parsed.as_ref() {
                Ok(r) => r,
                Err(error) => {
                    return Verdict::perm(Problem::Syntax {
                        domain: domain.into_owned(),
                        record: text.into_owned(),
                        error: error.clone(),
                    });
                }
            };
            st.ahead.plan(&domain, record);
            let link = Link {
                domain: &domain,
                parent,
            };
            self.evaluate(st, &link, record).await
        }
    }

    /// §4.4: the TXT records of `domain`. No record or no domain ends the
    /// check with `none` (after counting the void lookup, §4.6.4); any
    /// other DNS failure with `temperror`.
    async fn lookup_record(
        &self,
        st: &mut State<'_>,
        domain: &str,
    ) -> Result<std::sync::Arc<[Txt]>, Verdict> {
        let answer = self.dns_txt(st, domain).await;
        st.query(RecordType::Txt, domain, &answer, |t| {
            format!("{:?}", t.to_text())
        });
        match answer {
            Ok(t) => Ok(t),
            Err(e) if e.is_void() => {
                self.void_query(st, domain, &format_args!("TXT {domain}"))?;
                let domain = domain.to_string();
                // §4.3: NXDOMAIN gives "none" like a missing record, but
                // it says more: the domain itself does not exist.
                let problem = if matches!(e, DnsError::NxDomain { .. }) {
                    Problem::NoSuchDomain { domain }
                } else {
                    Problem::NoRecord { domain }
                };
                Err(Verdict::problem(SpfResult::None, problem))
            }
            Err(e) => Err(Verdict::temp(e)),
        }
    }

    /// §4.6.2: directives left to right, then `redirect`, then neutral.
    async fn evaluate(&self, st: &mut State<'_>, link: &Link<'_>, record: &Record) -> Verdict {
        let domain = link.domain;
        for (written, directive) in record.directives_as_written() {
            if directive.mechanism.queries_dns()
                && let Err(v) = self.count_dns_term(st, link, directive)
            {
                return v;
            }
            match self.matches(st, link, directive).await {
                Ok(matched) => {
                    let dns_terms = st.dns_terms;
                    st.step(|| StepKind::Term {
                        domain: domain.to_string(),
                        term: written.to_string(),
                        matched,
                        dns_terms,
                    });
                    if matched {
                        let result = qualifier_result(directive.qualifier);
                        let exp = (result == SpfResult::Fail)
                            .then(|| {
                                record
                                    .explanation()
                                    .map(|e| Box::new((domain.to_string(), e.clone())))
                            })
                            .flatten();
                        return Verdict {
                            result,
                            matched: (st.in_include == 0).then(|| Matched {
                                domain: domain.to_string(),
                                term: written.to_string(),
                            }),
                            problem: None,
                            exp,
                        };
                    }
                }
                Err(v) => return v,
            }
        }
        if let Some(spec) = record.redirect() {
            if let Err(v) = self.count_dns_term(st, link, &format_args!("redirect={spec}")) {
                return v;
            }
            let target = match self.expand(st, spec, domain).await {
                Ok(t) => t,
                Err(v) => return v,
            };
            st.step(|| StepKind::Redirect {
                target: target.to_string(),
            });
            st.depth += 1;
            let verdict = self.check_host(st, target.clone(), Some(link)).await;
            st.depth -= 1;
            // §6.1: no record (or a malformed target) at a redirect is permerror.
            if verdict.result == SpfResult::None {
                return Verdict::perm(Problem::RedirectNoRecord {
                    domain: domain.to_string(),
                    target: normalize_name(&target),
                });
            }
            return verdict;
        }
        Verdict {
            result: SpfResult::Neutral,
            matched: None,
            problem: None,
            exp: None,
        }
    }

    fn count_dns_term(
        &self,
        st: &mut State<'_>,
        link: &Link<'_>,
        term: &(impl std::fmt::Display + ?Sized),
    ) -> Result<(), Verdict> {
        st.dns_terms += 1;
        if st.dns_terms > self.config.limits.dns_terms {
            return Err(Verdict::perm(Problem::TooManyDnsTerms {
                limit: self.config.limits.dns_terms,
                term: term.to_string(),
                domain: link.domain.to_string(),
                chain: link.chain(),
            }));
        }
        Ok(())
    }

    /// A void query that is not a term's own: counted only in
    /// [`VoidCounting::PerQuery`] mode.
    fn void_query(
        &self,
        st: &mut State<'_>,
        domain: &str,
        what: &(impl ToString + ?Sized),
    ) -> Result<(), Verdict> {
        if self.config.limits.void_counting == VoidCounting::PerQuery {
            self.count_void(st, domain, what)
        } else {
            Ok(())
        }
    }

    fn count_void(
        &self,
        st: &mut State<'_>,
        domain: &str,
        term: &(impl ToString + ?Sized),
    ) -> Result<(), Verdict> {
        st.void_lookups += 1;
        if st.void_lookups > self.config.limits.void_lookups {
            return Err(Verdict::perm(Problem::TooManyVoidLookups {
                limit: self.config.limits.void_lookups,
                term: term.to_string(),
                domain: domain.to_string(),
            }));
        }
        Ok(())
    }

    /// Expands a domain-spec for `domain` (§7), resolving `%{p}` if used.
    async fn expand<'m>(
        &self,
        st: &mut State<'_>,
        spec: &'m MacroString,
        domain: &str,
    ) -> Result<Cow<'m, str>, Verdict> {
        if let Some(literal) = spec.literal() {
            return Ok(literal);
        }
        let ptr = if spec.uses_ptr() {
            self.validated_ptr_name(st, domain).await?
        } else {
            None
        };
        let ctx = self.context(st, domain, ptr.as_deref());
        Ok(Cow::Owned(truncate_name(spec.expand(&ctx))))
    }

    fn context<'c>(
        &'c self,
        st: &'c State<'_>,
        domain: &'c str,
        ptr: Option<&'c str>,
    ) -> MacroContext<'c> {
        MacroContext {
            ip: st.ip,
            local: st.local,
            sender_domain: st.sender_domain,
            domain,
            helo: st.helo,
            ptr,
            receiver: &self.config.receiver,
            timestamp: self.config.timestamp,
        }
    }

    /// The target of a mechanism: its domain-spec expanded, or the current domain.
    async fn target<'a>(
        &self,
        st: &mut State<'_>,
        spec: Option<&'a MacroString>,
        domain: &'a str,
    ) -> Result<Cow<'a, str>, Verdict> {
        match spec {
            Some(s) => self.expand(st, s, domain).await,
            None => Ok(Cow::Borrowed(domain)),
        }
    }

    /// Does `directive`'s mechanism match? `Err` ends the evaluation (§4.6.2, §5).
    async fn matches(
        &self,
        st: &mut State<'_>,
        link: &Link<'_>,
        directive: &Directive,
    ) -> Result<bool, Verdict> {
        let domain = link.domain;
        match &directive.mechanism {
            Mechanism::All => Ok(true),
            Mechanism::Ip4(net, prefix) => {
                Ok(matches!(st.ip, IpAddr::V4(ip) if in_net4(ip, *net, *prefix)))
            }
            Mechanism::Ip6(net, prefix) => {
                Ok(matches!(st.ip, IpAddr::V6(ip) if in_net6(ip, *net, *prefix)))
            }
            Mechanism::A(spec, cidr) => {
                let target = self.target(st, spec.as_ref(), domain).await?;
                if check_domain_name(&target).is_err() {
                    return Ok(false);
                }
                match self.address_match(st, &target, *cidr).await {
                    Ok(m) => Ok(m),
                    Err(e) if e.is_void() => self.count_void(st, domain, directive).map(|()| false),
                    Err(e) => Err(Verdict::temp(e)),
                }
            }
            Mechanism::Mx(spec, cidr) => {
                let target = self.target(st, spec.as_ref(), domain).await?;
                if check_domain_name(&target).is_err() {
                    return Ok(false);
                }
                self.mx_matches(st, domain, directive, &target, *cidr).await
            }
            Mechanism::Ptr(spec) => {
                let target = self.target(st, spec.as_ref(), domain).await?;
                self.ptr_matches(st, domain, directive, &normalize_name(&target))
                    .await
            }
            Mechanism::Include(spec) => self.include_matches(st, link, directive, spec).await,
            Mechanism::Exists(spec) => {
                let target = self.expand(st, spec, domain).await?;
                if check_domain_name(&target).is_err() {
                    return Ok(false);
                }
                // §5.7: always an A query, whatever the client's address family.
                let answer = self.dns_a(st, &target).await;
                st.query(RecordType::A, &target, &answer, Ipv4Addr::to_string);
                match answer {
                    Ok(_) => Ok(true),
                    Err(e) if e.is_void() => self.count_void(st, domain, directive).map(|()| false),
                    Err(e) => Err(Verdict::temp(e)),
                }
            }
        }
    }

    /// §5.4 `mx`: the client's address among the addresses of `target`'s
    /// mail exchangers, at most [`Limits::mx_names`] of them (§4.6.4).
    async fn mx_matches(
        &self,
        st: &mut State<'_>,
        domain: &str,
        directive: &Directive,
        target: &str,
        cidr: DualCidr,
    ) -> Result<bool, Verdict> {
        let answer = self.dns_mx(st, target).await;
        st.query(RecordType::Mx, target, &answer, |m| {
            format!("{} {}", m.preference, m.exchange)
        });
        let mxs = match answer {
            Ok(m) => m,
            Err(e) if e.is_void() => {
                return self.count_void(st, domain, directive).map(|()| false);
            }
            Err(e) => return Err(Verdict::temp(e)),
        };
        if mxs.len() > self.config.limits.mx_names {
            return Err(Verdict::perm(Problem::TooManyMxNames {
                target: target.to_string(),
                count: mxs.len(),
                limit: self.config.limits.mx_names,
                term: directive.to_string(),
            }));
        }
        // Per-query void counting resolves every exchange before
        // matching (as pyspf does), so voids after a match count too.
        let resolve_all = self.config.limits.void_counting == VoidCounting::PerQuery;
        let mut matched = false;
        for mx in mxs.iter() {
            if mx.exchange.is_empty() || mx.exchange == "." {
                continue; // null MX (RFC 7505)
            }
            match self.address_match(st, &mx.exchange, cidr).await {
                Ok(true) if !resolve_all => return Ok(true),
                Ok(m) => matched |= m,
                Err(e) if e.is_void() => self.void_query(st, domain, directive)?,
                Err(e) => return Err(Verdict::temp(e)),
            }
        }
        Ok(matched)
    }

    /// §5.5 `ptr`: a validated name of the client (§5.5's forward-confirmed
    /// PTR names) equal to `target` or under it.
    async fn ptr_matches(
        &self,
        st: &mut State<'_>,
        domain: &str,
        directive: &Directive,
        target: &str,
    ) -> Result<bool, Verdict> {
        let names = match self.validated_names(st, domain).await? {
            Ok(n) => n,
            Err(e) if e.is_void() => {
                return self.count_void(st, domain, directive).map(|()| false);
            }
            // §5.5: a DNS error on the PTR lookup means no match.
            Err(_) => return Ok(false),
        };
        Ok(names.iter().any(|n| {
            n == target
                || (n.len() > target.len()
                    && n.ends_with(target)
                    && n.as_bytes()[n.len() - target.len() - 1] == b'.')
        }))
    }

    /// §5.2 `include`: the included domain's check_host() result, read
    /// through the include matrix.
    async fn include_matches(
        &self,
        st: &mut State<'_>,
        link: &Link<'_>,
        directive: &Directive,
        spec: &MacroString,
    ) -> Result<bool, Verdict> {
        let domain = link.domain;
        let target = self.expand(st, spec, domain).await?;
        st.depth += 1;
        st.in_include += 1;
        let verdict = self.check_host(st, target.clone(), Some(link)).await;
        st.in_include -= 1;
        st.depth -= 1;
        match verdict.result {
            SpfResult::Pass => Ok(true),
            SpfResult::Fail | SpfResult::SoftFail | SpfResult::Neutral => Ok(false),
            SpfResult::TempError | SpfResult::PermError => Err(verdict),
            SpfResult::None => Err(Verdict::perm(Problem::IncludeNoRecord {
                domain: domain.to_string(),
                term: directive.to_string(),
                target: normalize_name(&target),
            })),
        }
    }

    /// Looks up the client's address family at `name` and compares within `cidr`.
    async fn address_match(
        &self,
        st: &mut State<'_>,
        name: &str,
        cidr: DualCidr,
    ) -> Result<bool, DnsError> {
        match st.ip {
            IpAddr::V4(ip) => {
                let answer = self.dns_a(st, name).await;
                st.query(RecordType::A, name, &answer, Ipv4Addr::to_string);
                let prefix = cidr.v4.unwrap_or(32);
                Ok(answer?.iter().any(|a| in_net4(ip, *a, prefix)))
            }
            IpAddr::V6(ip) => {
                let answer = self.dns_aaaa(st, name).await;
                st.query(RecordType::Aaaa, name, &answer, Ipv6Addr::to_string);
                let prefix = cidr.v6.unwrap_or(128);
                Ok(answer?.iter().any(|a| in_net6(ip, *a, prefix)))
            }
        }
    }

    /// The client's validated domain names (§5.5): PTR names whose forward
    /// lookup gives the client's address back; at most 10 names are tried.
    /// The outer `Err` ends the evaluation (void limit in per-query mode).
    async fn validated_names(
        &self,
        st: &mut State<'_>,
        domain: &str,
    ) -> Result<Result<Vec<String>, DnsError>, Verdict> {
        let answer = self.dns_ptr(st, st.ip).await;
        let reverse = reverse_name(st.ip);
        st.query(RecordType::Ptr, &reverse, &answer, Clone::clone);
        let names = match answer {
            Ok(n) => n,
            Err(e) => return Ok(Err(e)),
        };
        let mut validated = Vec::new();
        for name in names.iter().take(self.config.limits.ptr_names) {
            let cidr = DualCidr::default();
            match self.address_match(st, name, cidr).await {
                Ok(true) => validated.push(normalize_name(name)),
                Err(e) if e.is_void() => self.void_query(st, domain, name)?,
                _ => {}
            }
        }
        Ok(Ok(validated))
    }

    /// `%{p}` (§7.3): the validated name equal to `domain`, else one under it,
    /// else any; `None` ("unknown") when there is none.
    async fn validated_ptr_name(
        &self,
        st: &mut State<'_>,
        domain: &str,
    ) -> Result<Option<String>, Verdict> {
        let names = match self.validated_names(st, domain).await? {
            Ok(n) => n,
            Err(e) if e.is_void() => {
                self.void_query(st, domain, &reverse_name(st.ip))?;
                return Ok(None);
            }
            Err(_) => return Ok(None),
        };
        let domain = normalize_name(domain);
        let suffix = format!(".{domain}");
        Ok(names
            .iter()
            .find(|n| **n == domain)
            .or_else(|| names.iter().find(|n| n.ends_with(&suffix)))
            .or_else(|| names.first())
            .cloned())
    }

    /// The `exp=` text (§6.2); any problem means no explanation.
    async fn explanation(
        &self,
        st: &mut State<'_>,
        domain: &str,
        spec: &MacroString,
    ) -> Option<String> {
        let target = self.expand(st, spec, domain).await.ok()?;
        check_domain_name(&target).ok()?;
        let answer = self.dns_txt(st, &target).await;
        st.query(RecordType::Txt, &target, &answer, |t| {
            format!("{:?}", t.to_text())
        });
        let txts = answer.ok()?;
        if txts.len() != 1 {
            return None;
        }
        let text = String::from_utf8(txts[0].joined()).ok()?;
        let ms = MacroString::parse(&text, MacroKind::Explanation).ok()?;
        let ptr = if ms.uses_ptr() {
            self.validated_ptr_name(st, domain).await.ok()?
        } else {
            None
        };
        let ctx = self.context(st, domain, ptr.as_deref());
        Some(ms.expand(&ctx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_matching() {
        let ip: Ipv4Addr = "192.0.2.77".parse().unwrap();
        assert!(in_net4(ip, "192.0.2.0".parse().unwrap(), 24));
        assert!(!in_net4(ip, "192.0.3.0".parse().unwrap(), 24));
        assert!(in_net4(ip, "10.0.0.0".parse().unwrap(), 0));
        let ip6: Ipv6Addr = "2001:db8::1".parse().unwrap();
        assert!(in_net6(ip6, "2001:db8::".parse().unwrap(), 32));
        assert!(!in_net6(ip6, "2001:db9::".parse().unwrap(), 32));
        assert!(in_net6(ip6, "::".parse().unwrap(), 0));
    }

    #[test]
    fn long_names_lose_labels_from_the_left() {
        let long = format!("{}.example.com", vec!["a".repeat(60); 5].join("."));
        let t = truncate_name(long);
        assert!(t.len() <= 253);
        assert!(t.ends_with(".example.com"));
        assert!(t.starts_with('a'));
    }
}
