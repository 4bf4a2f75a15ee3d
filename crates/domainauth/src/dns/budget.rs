//! A per-message bound on DNS work: [`Metered`] wraps a [`Resolver`] and
//! refuses every question past a query limit or a deadline ([`Budget`]).
//!
//! RFC 7208 §4.6.4 bounds one SPF evaluation (10 DNS-querying terms, 2 void
//! lookups, 10 names per MX or PTR answer) and says receivers SHOULD bound
//! its elapsed time ("Such a limit SHOULD allow at least 20 seconds. If such
//! a limit is exceeded, the result of authorization SHOULD be `temperror`").
//! DKIM, DMARC and the explanation of existing Authentication-Results add
//! their own lookups, and nothing in those RFCs bounds their sum for one
//! message. [`Metered`] does: a refused question is answered with
//! [`DnsError::OverBudget`], a temporary error, so every protocol gives
//! `temperror` for what it could not look up, as RFC 7208 asks for SPF.
//!
//! What is counted: each distinct question (record type and name) that is
//! put to the wrapped resolver, whether that resolver answers it from memory
//! (a zone, a warm cache) or over the network, so the same message costs the
//! same budget whatever the cache holds. A question asked again during the
//! same message is answered from the wrapper's per-message memo and costs
//! nothing (two identical questions in flight at the same moment may both
//! be sent). The memo lives and dies with the [`Metered`], that is with one
//! message: it never outlives the answers' TTLs in any way that matters.
//!
//! The deadline is checked before each question is sent, with the
//! [`Clock`] given in the [`Budget`] (the library reads no clock it is not
//! given); a question already in flight ends when the resolver's own
//! timeout says so, so one message takes at most the deadline plus one
//! resolver timeout.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use super::{
    Answer, DnsError, Known, Mx, Query, RecordType, Resolver, Txt, normalize_name, reverse_name,
};

/// Where [`Metered`] reads the time. The library reads no clock it is not
/// given: [`SystemClock`] is the default, and tests give one they control.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The monotonic clock of the operating system ([`Instant::now`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// The DNS work one message may cause.
///
/// The defaults are far above what legitimate mail needs. The worst
/// legitimate message, counting distinct questions:
/// - SPF (RFC 7208 §4.6.4): the record (1), 10 DNS-querying terms whose MX
///   or PTR answers name 10 hosts each, every host looked up (10 × 11), the
///   `exp=` record (1) and the PTR validation behind `%{p}` (11, shared by
///   every use): 123;
/// - DKIM: one key per checked signature
///   ([`crate::dkim::VerifyConfig::max_signatures`], 5);
/// - DMARC (RFC 9989 §4.10): a tree walk of at most 5 queries for each
///   author domain, for the SPF domain and for each DKIM `d=` (5 + 5 × 5 =
///   30 beyond the author domains), and per author domain the 3 queries
///   (A, AAAA, MX) that decide whether `np` applies and, in RFC 7489 mode,
///   2 more (`_dmarc.<From>`, `_dmarc.<org domain>`): 10 per author domain;
/// - the explanation of existing Authentication-Results fields: at most
///   [`crate::verify::MAX_EXISTING_ORG_LOOKUPS`] (16) walks of 5: 80.
///
/// One author domain: 123 + 5 + 30 + 10 + 80 = 248; each further author
/// domain adds 10. The default of 400 leaves room for 16 author domains.
/// The default deadline, 30 seconds, is above the 20 seconds RFC 7208 §4.6.4
/// asks to allow for SPF alone.
#[derive(Clone)]
pub struct Budget {
    /// Distinct questions sent per message.
    pub max_queries: u32,
    /// Time from the start of the message after which no question is sent.
    pub deadline: Duration,
    /// The clock the deadline is measured with.
    pub clock: Arc<dyn Clock>,
}

impl Budget {
    /// The default query limit (see the type's documentation).
    pub const DEFAULT_MAX_QUERIES: u32 = 400;
    /// The default deadline (see the type's documentation).
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            max_queries: Self::DEFAULT_MAX_QUERIES,
            deadline: Self::DEFAULT_DEADLINE,
            clock: Arc::new(SystemClock),
        }
    }
}

impl fmt::Debug for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Budget")
            .field("max_queries", &self.max_queries)
            .field("deadline", &self.deadline)
            .field("clock", &self.clock)
            .finish()
    }
}

/// Which limit of a [`Budget`] stopped the lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BudgetLimit {
    /// [`Budget::max_queries`] questions were already sent.
    Queries {
        /// The limit.
        max: u32,
    },
    /// [`Budget::deadline`] had passed.
    Deadline {
        /// The deadline, in milliseconds.
        after_ms: u64,
    },
}

impl fmt::Display for BudgetLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Queries { max } => write!(f, "the limit of {max} DNS queries per message"),
            Self::Deadline { after_ms } => {
                write!(f, "the {after_ms} ms deadline for DNS lookups per message")
            }
        }
    }
}

/// The moment a [`Budget`] was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Exceeded {
    /// The limit reached.
    pub limit: BudgetLimit,
    /// Questions sent until then.
    pub queries: u32,
    /// Time since the start of the message, in milliseconds.
    pub elapsed_ms: u64,
}

impl Exceeded {
    /// The finding for a verdict: how many queries, how long, which limit.
    pub fn finding(&self) -> crate::diag::Finding {
        use crate::diag::{Code, Finding};
        match self.limit {
            BudgetLimit::Queries { max } => Finding::new(Code::VerifyDnsQueryLimit)
                .param("queries", self.queries)
                .param("limit", max)
                .param("elapsed", self.elapsed_ms),
            BudgetLimit::Deadline { after_ms } => Finding::new(Code::VerifyDnsDeadline)
                .param("queries", self.queries)
                .param("limit", after_ms)
                .param("elapsed", self.elapsed_ms),
        }
    }
}

/// What one message cost: [`Metered::usage`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Usage {
    /// Distinct questions sent to the resolver.
    pub queries: u32,
    /// Questions refused because the budget was spent.
    pub refused: u32,
    /// When and why the budget was spent, if it was.
    pub exceeded: Option<Exceeded>,
}

/// A [`Resolver`] that answers at most [`Budget::max_queries`] distinct
/// questions and none after [`Budget::deadline`]; make one per message.
///
/// ```
/// use domainauth::dns::{Budget, DnsError, Metered, Resolver, ZoneResolver};
/// let zone = ZoneResolver::from_zone_text(
///     "$ORIGIN example.org.\n@ 300 IN TXT \"v=spf1 -all\"\n", None).unwrap();
/// let dns = Metered::new(&zone, &Budget { max_queries: 1, ..Budget::default() });
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// assert!(rt.block_on(dns.txt("example.org")).is_ok());
/// assert!(rt.block_on(dns.txt("example.org")).is_ok(), "asked again: from the memo");
/// let refused = rt.block_on(dns.a("example.org")).unwrap_err();
/// assert!(matches!(refused, DnsError::OverBudget { .. }) && refused.is_temporary());
/// assert_eq!(dns.usage().queries, 1);
/// ```
pub struct Metered<R> {
    inner: R,
    max_queries: u32,
    deadline: Duration,
    clock: Arc<dyn Clock>,
    start: Instant,
    queries: AtomicU32,
    refused: AtomicU32,
    exceeded: Mutex<Option<Exceeded>>,
    memo: Mutex<HashMap<(RecordType, String), Known>>,
}

impl<R: fmt::Debug> fmt::Debug for Metered<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metered")
            .field("inner", &self.inner)
            .field("usage", &self.usage())
            .finish_non_exhaustive()
    }
}

impl<R> Metered<R> {
    /// Wraps `inner`; the deadline counts from now (by `budget.clock`).
    pub fn new(inner: R, budget: &Budget) -> Self {
        Self {
            inner,
            max_queries: budget.max_queries,
            deadline: budget.deadline,
            clock: Arc::clone(&budget.clock),
            start: budget.clock.now(),
            queries: AtomicU32::new(0),
            refused: AtomicU32::new(0),
            exceeded: Mutex::new(None),
            memo: Mutex::new(HashMap::new()),
        }
    }

    /// Starts the deadline again from now, keeping the count of questions
    /// and a limit already reached: for a caller whose DNS work comes in
    /// stages with waits between them that are not DNS time (an SMTP
    /// session: SPF at MAIL FROM, the rest at the end of the message, the
    /// client's DATA in between).
    pub fn restart_deadline(&mut self) {
        self.start = self.clock.now();
    }

    /// The wrapped resolver.
    pub fn inner(&self) -> &R {
        &self.inner
    }

    /// What was spent so far.
    pub fn usage(&self) -> Usage {
        Usage {
            queries: self.queries.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            exceeded: self.exceeded.lock().ok().and_then(|e| *e),
        }
    }

    fn elapsed(&self) -> Duration {
        self.clock.now().saturating_duration_since(self.start)
    }

    /// Counts one question about to be sent, or refuses it. Once a limit is
    /// reached every later question is refused too: the evaluation that
    /// reached it is temperror, and no other part of the message may go on
    /// spending.
    fn admit(&self, name: &str, rtype: RecordType) -> Result<(), DnsError> {
        let refuse = |limit: BudgetLimit| {
            self.refused.fetch_add(1, Ordering::Relaxed);
            DnsError::OverBudget {
                name: normalize_name(name),
                rtype,
                limit,
            }
        };
        if let Some(e) = self.exceeded.lock().ok().and_then(|e| *e) {
            return Err(refuse(e.limit));
        }
        let elapsed = self.elapsed();
        let limit = if elapsed > self.deadline {
            BudgetLimit::Deadline {
                after_ms: millis(self.deadline),
            }
        } else {
            match self
                .queries
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                    (n < self.max_queries).then_some(n + 1)
                }) {
                Ok(_) => return Ok(()),
                Err(_) => BudgetLimit::Queries {
                    max: self.max_queries,
                },
            }
        };
        let exceeded = Exceeded {
            limit,
            queries: self.queries.load(Ordering::Relaxed),
            elapsed_ms: millis(elapsed),
        };
        if let Ok(mut e) = self.exceeded.lock() {
            // The first limit reached is the one reported.
            let first = *e.get_or_insert(exceeded);
            return Err(refuse(first.limit));
        }
        Err(refuse(limit))
    }

    fn remembered(&self, rtype: RecordType, name: &str) -> Option<Known> {
        let memo = self.memo.lock().ok()?;
        memo.get(&(rtype, normalize_name(name))).cloned()
    }

    fn remember(&self, rtype: RecordType, name: &str, answer: &Known) {
        if let Ok(mut memo) = self.memo.lock() {
            memo.insert((rtype, normalize_name(name)), answer.clone());
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The record type and query name of a [`Query`].
fn key(query: Query<'_>) -> (RecordType, std::borrow::Cow<'_, str>) {
    use std::borrow::Cow;
    match query {
        Query::Txt(n) => (RecordType::Txt, Cow::Borrowed(n)),
        Query::A(n) => (RecordType::A, Cow::Borrowed(n)),
        Query::Aaaa(n) => (RecordType::Aaaa, Cow::Borrowed(n)),
        Query::Mx(n) => (RecordType::Mx, Cow::Borrowed(n)),
        Query::Ptr(ip) => (RecordType::Ptr, Cow::Owned(reverse_name(ip))),
    }
}

/// The [`Known`] form of an error, for the question `rtype`.
fn known_error(rtype: RecordType, e: DnsError) -> Known {
    match rtype {
        RecordType::Txt => Known::Txt(Err(e)),
        RecordType::A => Known::A(Err(e)),
        RecordType::Aaaa => Known::Aaaa(Err(e)),
        RecordType::Mx => Known::Mx(Err(e)),
        RecordType::Ptr => Known::Ptr(Err(e)),
    }
}

/// One async question through the memo and the budget.
macro_rules! metered {
    ($self:ident, $rtype:expr, $name:expr, $variant:ident, $ask:expr) => {{
        let name: &str = $name;
        if let Some(Known::$variant(answer)) = $self.remembered($rtype, name) {
            return answer;
        }
        $self.admit(name, $rtype)?;
        let answer = $ask.await;
        $self.remember($rtype, name, &Known::$variant(answer.clone()));
        answer
    }};
}

#[async_trait]
impl<R: Resolver> Resolver for Metered<R> {
    fn unreachable(&self) -> Option<super::ResolverUnreachable> {
        self.inner.unreachable()
    }

    fn known(&self, query: Query<'_>) -> Option<Known> {
        let (rtype, name) = key(query);
        if let Some(hit) = self.remembered(rtype, &name) {
            return Some(hit);
        }
        if let Err(e) = self.admit(&name, rtype) {
            return Some(known_error(rtype, e));
        }
        match self.inner.known(query) {
            Some(answer) => {
                self.remember(rtype, &name, &answer);
                Some(answer)
            }
            None => {
                // Not in memory: the async method asks, and counts, it.
                self.queries.fetch_sub(1, Ordering::Relaxed);
                None
            }
        }
    }

    fn answers_at_once(&self) -> bool {
        self.inner.answers_at_once()
    }

    /// Asked ahead, a question is not counted (and not remembered): only
    /// [`Resolver::claim`] counts it, when the caller uses the answer. Once
    /// the budget is spent, nothing more is sent ahead.
    async fn ask_ahead(&self, query: Query<'_>) -> Known {
        let (rtype, name) = key(query);
        if let Some(hit) = self.remembered(rtype, &name) {
            return hit;
        }
        let spent = self.exceeded.lock().ok().and_then(|e| *e).map(|e| e.limit);
        let limit = spent.or_else(|| {
            (self.elapsed() > self.deadline).then(|| BudgetLimit::Deadline {
                after_ms: millis(self.deadline),
            })
        });
        if let Some(limit) = limit {
            return known_error(
                rtype,
                DnsError::OverBudget {
                    name: normalize_name(&name),
                    rtype,
                    limit,
                },
            );
        }
        self.inner.ask_ahead(query).await
    }

    /// Counts the question now, as if it were asked now: the answer already
    /// given to it this message, a refusal past the budget, or `answer`.
    fn claim(&self, query: Query<'_>, answer: Known) -> Known {
        let (rtype, name) = key(query);
        if let Some(hit) = self.remembered(rtype, &name) {
            return hit;
        }
        if let Err(e) = self.admit(&name, rtype) {
            return known_error(rtype, e);
        }
        let answer = self.inner.claim(query, answer);
        self.remember(rtype, &name, &answer);
        answer
    }

    async fn txt(&self, name: &str) -> Answer<Txt> {
        metered!(self, RecordType::Txt, name, Txt, self.inner.txt(name))
    }

    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        metered!(self, RecordType::A, name, A, self.inner.a(name))
    }

    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        metered!(self, RecordType::Aaaa, name, Aaaa, self.inner.aaaa(name))
    }

    async fn mx(&self, name: &str) -> Answer<Mx> {
        metered!(self, RecordType::Mx, name, Mx, self.inner.mx(name))
    }

    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        let name = reverse_name(ip);
        metered!(self, RecordType::Ptr, &name, Ptr, self.inner.ptr(ip))
    }

    /// Passed on past the deadline as [`Dnssec::Unknown`](super::Dnssec)
    /// without a question; not counted against the query limit, as it is
    /// for information and no protocol's result depends on it.
    async fn dnssec(&self, name: &str) -> super::Dnssec {
        if self.elapsed() > self.deadline {
            return super::Dnssec::Unknown;
        }
        self.inner.dnssec(name).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dns::{ZoneEntry, ZoneResolver};

    /// A clock that moves only when told.
    #[derive(Debug)]
    struct Manual(Mutex<Instant>);

    impl Clock for Manual {
        fn now(&self) -> Instant {
            *self.0.lock().unwrap()
        }
    }

    fn zone() -> ZoneResolver {
        let mut z = ZoneResolver::new();
        z.add(
            "example.org",
            ZoneEntry::Txt(Txt {
                strings: vec![b"v=spf1 -all".to_vec()],
            }),
        );
        z
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn counts_distinct_questions_and_refuses_past_the_limit() {
        let z = zone();
        let dns = Metered::new(
            &z,
            &Budget {
                max_queries: 2,
                ..Budget::default()
            },
        );
        assert!(block(dns.txt("example.org")).is_ok());
        assert!(block(dns.txt("EXAMPLE.org.")).is_ok());
        assert!(block(dns.a("example.org")).unwrap_err().is_void());
        assert_eq!(dns.usage().queries, 2);
        let refused = block(dns.mx("example.org")).unwrap_err();
        assert_eq!(
            refused,
            DnsError::OverBudget {
                name: "example.org".into(),
                rtype: RecordType::Mx,
                limit: BudgetLimit::Queries { max: 2 },
            }
        );
        assert!(refused.is_temporary());
        // The synchronous path is metered the same way.
        assert!(matches!(
            dns.known(Query::Aaaa("example.org")),
            Some(Known::Aaaa(Err(DnsError::OverBudget { .. })))
        ));
        // A remembered answer is still given.
        assert!(block(dns.txt("example.org")).is_ok());
        let usage = dns.usage();
        assert_eq!((usage.queries, usage.refused), (2, 2));
        assert_eq!(
            usage.exceeded.map(|e| e.limit),
            Some(BudgetLimit::Queries { max: 2 })
        );
    }

    #[test]
    fn known_answers_count_once() {
        let z = zone();
        let dns = Metered::new(&z, &Budget::default());
        assert!(matches!(
            dns.known(Query::Txt("example.org")),
            Some(Known::Txt(Ok(_)))
        ));
        assert!(block(dns.txt("example.org")).is_ok());
        assert_eq!(dns.usage().queries, 1);
    }

    #[test]
    fn deadline_is_read_from_the_given_clock() {
        let start = Instant::now();
        let clock = Arc::new(Manual(Mutex::new(start)));
        let z = zone();
        let dns = Metered::new(
            &z,
            &Budget {
                deadline: Duration::from_secs(20),
                clock: clock.clone(),
                ..Budget::default()
            },
        );
        assert!(block(dns.txt("example.org")).is_ok());
        *clock.0.lock().unwrap() = start + Duration::from_secs(20);
        assert!(
            block(dns.a("example.org")).unwrap_err().is_void(),
            "at the deadline"
        );
        *clock.0.lock().unwrap() = start + Duration::from_millis(20_001);
        assert!(matches!(
            block(dns.mx("example.org")),
            Err(DnsError::OverBudget {
                limit: BudgetLimit::Deadline { after_ms: 20_000 },
                ..
            })
        ));
        let exceeded = dns.usage().exceeded.unwrap();
        assert_eq!((exceeded.queries, exceeded.elapsed_ms), (2, 20_001));
    }
}
