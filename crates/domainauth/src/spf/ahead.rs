//! Asking ahead: the DNS questions an SPF evaluation is about to ask, sent
//! before it asks them, so that it waits about one round trip per level of
//! its include tree instead of one per term.
//!
//! `check_host()` (RFC 7208 §4.6.2) reads terms left to right and stops at
//! the first match, so which lookups it makes depends on the answers. But
//! the questions it *may* ask are written in the records: the TXT record of
//! each `include:` and `redirect=` target, the A (or AAAA) record of each
//! `a` target and the MX record of each `mx` target, whenever the
//! domain-spec has no macro or only macros that expand without DNS (all but
//! `%{p}`, §7.3). When evaluation enters a record, these questions are sent
//! at once, a few at a time ([`Config::prefetch`](super::Config::prefetch)
//! in flight); when a prefetched TXT record arrives, the terms of *its*
//! record are sent too, and when a prefetched MX answer arrives, the
//! addresses of its exchanges (at most [`Limits::mx_names`], §4.6.4).
//!
//! Evaluation itself is unchanged: it still asks every question in order,
//! and is answered from what was fetched ahead if the same question (record
//! type and name, exactly as evaluation spells it) was sent, else directly.
//! Hence:
//!
//! - **Results and counts do not change.** The §4.6.4 limits (10
//!   DNS-querying terms, 2 void lookups, 10 MX or PTR names) count the
//!   terms evaluation reaches, as before; an answer fetched ahead that
//!   evaluation never reaches is not counted and never seen, and a DNS error
//!   on such an answer (a timeout, SERVFAIL) cannot turn the result into
//!   `temperror`. A per-message budget ([`Metered`](crate::dns::Metered))
//!   counts a question fetched ahead only when evaluation uses its answer
//!   ([`Resolver::claim`]).
//! - **DNS work stays bounded** (§4.6.4, and §11.1 on DNS amplification):
//!   only names written in the records of the tree being evaluated are
//!   asked, no more terms than evaluation may use (one per DNS-querying
//!   term up to [`Limits::dns_terms`] for each evaluation, plus
//!   [`Limits::mx_names`] addresses per MX answer), each question at most
//!   once, and at most [`Config::prefetch`](super::Config::prefetch) at a
//!   time. An attacker's record cannot make the verifier ask more names, or
//!   other names, than evaluating it could.
//! - A resolver that already holds every answer in memory (a zone,
//!   [`Resolver::answers_at_once`]) is never asked ahead: there is nothing
//!   to gain.
//!
//! Reading a whole record tree ([`analyze`](super::analyze), as `check`
//! does) asks ahead the same way ([`Reader::Tree`]): the records of literal
//! `include:`/`redirect=` targets and the names of `a`, `mx` and `exists`,
//! which the walk looks up to count void answers; the walk still asks
//! each question itself, in order, so the tree and its counts are the same.
//!
//! Nothing is spawned: the questions in flight make progress whenever
//! evaluation waits for an answer, and are dropped when it ends.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::{Future, poll_fn};
use std::net::IpAddr;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use futures_util::stream::{FuturesUnordered, StreamExt};

use crate::dns::{
    Known, Query, RecordType, Resolver, check_domain_name, normalize_name, normalized,
};

use super::cache::RecordCache;
use super::eval::{spf_text, truncate_name};
use super::macros::{MacroContext, MacroString};
use super::record::{Mechanism, Record};
use super::result::Limits;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A resolver answered a question with records of another type.
pub(crate) fn mismatch(rtype: RecordType, name: &str) -> crate::dns::DnsError {
    crate::dns::DnsError::Network {
        name: name.to_string(),
        rtype,
        reason: "the resolver answered with another record type".into(),
    }
}

/// One question: record type and the name exactly as evaluation asks it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    rtype: RecordType,
    name: Box<str>,
}

impl Key {
    /// The key of `query`; PTR questions are never asked ahead.
    fn of(query: Query<'_>) -> Option<Self> {
        let (rtype, name) = match query {
            Query::Txt(n) => (RecordType::Txt, n),
            Query::A(n) => (RecordType::A, n),
            Query::Aaaa(n) => (RecordType::Aaaa, n),
            Query::Mx(n) => (RecordType::Mx, n),
            Query::Ptr(_) => return None,
        };
        Some(Self {
            rtype,
            name: name.into(),
        })
    }

    fn query(&self) -> Query<'_> {
        match self.rtype {
            RecordType::A => Query::A(&self.name),
            RecordType::Aaaa => Query::Aaaa(&self.name),
            RecordType::Mx => Query::Mx(&self.name),
            // Only TXT is left: PTR keys are never made.
            RecordType::Txt | RecordType::Ptr => Query::Txt(&self.name),
        }
    }
}

/// What macros in the evaluated records expand to, but for `%{d}`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Identity<'e> {
    pub(crate) ip: IpAddr,
    pub(crate) local: &'e str,
    pub(crate) sender_domain: &'e str,
    pub(crate) helo: &'e str,
    pub(crate) receiver: &'e str,
    pub(crate) timestamp: u64,
}

/// Who asks, and so which questions a record makes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reader<'e> {
    /// `check_host()` for this identity: domain-specs expand with its
    /// macros (all but `%{p}`), `a` asks the client's address family, and
    /// the addresses of an MX answer's exchanges are asked too.
    Evaluation(Identity<'e>),
    /// The tree walk: literal domain-specs only, A for `a` and `exists`,
    /// MX for `mx` (not its exchanges), terms up to `all`.
    Tree,
}

/// The questions asked ahead for one evaluation or one tree walk.
pub(crate) struct Ahead<'e, R: Resolver + ?Sized> {
    resolver: &'e R,
    /// Parsed records to reuse; the tree walk parses its own.
    records: Option<&'e RecordCache>,
    limits: Limits,
    reader: Reader<'e>,
    /// Questions at most in flight; 0 when asking ahead is off.
    width: usize,
    /// DNS-querying terms that may still be asked ahead.
    terms_left: u32,
    queued: VecDeque<Key>,
    in_flight: FuturesUnordered<BoxFuture<'e, (Key, Known)>>,
    flying: HashSet<Key>,
    ready: HashMap<Key, Known>,
    /// Every question ever scheduled: none is asked ahead twice.
    asked: HashSet<Key>,
    /// Domains whose record's terms were scheduled.
    planned: HashSet<Box<str>>,
}

impl<'e, R: Resolver + ?Sized> Ahead<'e, R> {
    /// Asks ahead through `resolver`, at most `width` questions at a time
    /// (0: never), unless it answers everything from memory; at most
    /// `terms` DNS-querying terms' questions in all.
    pub(crate) fn new(
        resolver: &'e R,
        records: Option<&'e RecordCache>,
        limits: Limits,
        reader: Reader<'e>,
        width: usize,
        terms: u32,
    ) -> Self {
        let width = if resolver.answers_at_once() { 0 } else { width };
        Self {
            resolver,
            records,
            limits,
            reader,
            width,
            terms_left: terms,
            queued: VecDeque::new(),
            in_flight: FuturesUnordered::new(),
            flying: HashSet::new(),
            ready: HashMap::new(),
            asked: HashSet::new(),
            planned: HashSet::new(),
        }
    }

    /// The address question asked for an `a` term.
    fn address_type(&self) -> RecordType {
        match self.reader {
            Reader::Evaluation(Identity {
                ip: IpAddr::V6(_), ..
            }) => RecordType::Aaaa,
            _ => RecordType::A,
        }
    }

    /// `spec` expanded for `domain` as the reader would, if that needs no DNS.
    fn expand(&self, spec: &MacroString, domain: &str) -> Option<String> {
        if let Some(literal) = spec.literal() {
            return Some(literal.into_owned());
        }
        let Reader::Evaluation(id) = &self.reader else {
            return None;
        };
        if spec.uses_ptr() {
            return None;
        }
        let ctx = MacroContext {
            ip: id.ip,
            local: id.local,
            sender_domain: id.sender_domain,
            domain,
            helo: id.helo,
            ptr: None,
            receiver: id.receiver,
            timestamp: id.timestamp,
        };
        Some(truncate_name(spec.expand(&ctx)))
    }

    /// Schedules the questions of `record`, found at `domain` (as evaluation
    /// spells it after normalising), in the order evaluation would ask them.
    pub(crate) fn plan(&mut self, domain: &str, record: &Record) {
        if self.width == 0 || !self.planned.insert(domain.into()) {
            return;
        }
        let tree = matches!(self.reader, Reader::Tree);
        for (_, directive) in record.directives() {
            match &directive.mechanism {
                Mechanism::Include(spec) => self.plan_record(spec, domain),
                Mechanism::A(spec, _) => {
                    let rtype = self.address_type();
                    self.plan_name(rtype, spec.as_ref(), domain);
                }
                Mechanism::Mx(spec, _) => self.plan_name(RecordType::Mx, spec.as_ref(), domain),
                Mechanism::Exists(spec) if tree => {
                    self.plan_name(RecordType::A, Some(spec), domain);
                }
                // The walk reads no term after `all`, nor a redirect beside it.
                Mechanism::All if tree => return,
                _ => {}
            }
        }
        if let Some(spec) = record.redirect() {
            self.plan_record(spec, domain);
        }
    }

    /// The TXT record of an `include` or `redirect` target, named as
    /// `check_host()` (or the walk) normalises it.
    fn plan_record(&mut self, spec: &MacroString, domain: &str) {
        let Some(target) = self.expand(spec, domain) else {
            return;
        };
        let name = match self.reader {
            Reader::Evaluation(_) if check_domain_name(&target).is_ok() => {
                normalized(&target).into_owned()
            }
            Reader::Evaluation(_) => return,
            Reader::Tree => normalize_name(&target),
        };
        self.schedule_term(RecordType::Txt, name);
    }

    /// The A/AAAA or MX question of an `a` or `mx` term.
    fn plan_name(&mut self, rtype: RecordType, spec: Option<&MacroString>, domain: &str) {
        let target = match spec {
            Some(spec) => match self.expand(spec, domain) {
                Some(t) => t,
                None => return,
            },
            None => domain.to_string(),
        };
        // Evaluation asks only valid names; the walk asks what is written.
        if matches!(self.reader, Reader::Tree) || check_domain_name(&target).is_ok() {
            self.schedule_term(rtype, target);
        }
    }

    fn schedule_term(&mut self, rtype: RecordType, name: String) {
        if self.terms_left == 0 {
            return;
        }
        if self.schedule(rtype, name) {
            self.terms_left -= 1;
        }
    }

    /// Queues a question not asked before; true if it was queued.
    fn schedule(&mut self, rtype: RecordType, name: String) -> bool {
        let key = Key {
            rtype,
            name: name.into(),
        };
        if !self.asked.insert(key.clone()) {
            return false;
        }
        self.flying.insert(key.clone());
        self.queued.push_back(key);
        self.fill();
        true
    }

    /// Starts queued questions up to the width.
    fn fill(&mut self) {
        while self.in_flight.len() < self.width {
            let Some(key) = self.queued.pop_front() else {
                break;
            };
            let resolver = self.resolver;
            self.in_flight.push(Box::pin(async move {
                let known = resolver.ask_ahead(key.query()).await;
                (key, known)
            }));
        }
    }

    /// An answer arrived: keep it, and schedule what it names.
    fn complete(&mut self, key: Key, known: Known) {
        self.flying.remove(&key);
        match &known {
            Known::Txt(Ok(txts)) => {
                // §4.5: exactly one SPF record, read as evaluation reads it.
                let mut records = txts.iter().filter_map(spf_text);
                if let (Some(text), None) = (records.next(), records.next()) {
                    let text = String::from_utf8_lossy(&text);
                    match self.records {
                        Some(cache) => {
                            if let Ok(record) = cache.parse(&text).as_ref() {
                                self.plan(&key.name, record);
                            }
                        }
                        None => {
                            if let Ok(record) = Record::parse(&text) {
                                self.plan(&key.name, &record);
                            }
                        }
                    }
                }
            }
            // §4.6.4: evaluation asks for no exchange of an answer over
            // the limit (it is a permerror).
            Known::Mx(Ok(mxs))
                if matches!(self.reader, Reader::Evaluation(_))
                    && mxs.len() <= self.limits.mx_names =>
            {
                let rtype = self.address_type();
                for mx in mxs.iter() {
                    if !mx.exchange.is_empty() && mx.exchange != "." {
                        self.schedule(rtype, mx.exchange.clone());
                    }
                }
            }
            _ => {}
        }
        self.ready.insert(key, known);
        self.fill();
    }

    /// Lets the questions in flight make progress.
    fn drive(&mut self, cx: &mut Context<'_>) {
        while let Poll::Ready(Some((key, known))) = self.in_flight.poll_next_unpin(cx) {
            self.complete(key, known);
        }
    }

    /// The answer to `query`, which evaluation asks now: the one fetched
    /// ahead (claimed, [`Resolver::claim`]), or `ordinary`'s, while the
    /// questions in flight go on.
    pub(crate) async fn answer(
        &mut self,
        query: Query<'_>,
        ordinary: impl Future<Output = Known>,
    ) -> Known {
        if self.width == 0 {
            return ordinary.await;
        }
        if let Some(key) = Key::of(query) {
            if let Some(pos) = self.queued.iter().position(|k| *k == key) {
                // Not sent yet: evaluation asks it itself.
                self.queued.remove(pos);
                self.flying.remove(&key);
            } else if self.flying.contains(&key) {
                poll_fn(|cx| {
                    self.drive(cx);
                    // In flight until it is ready (the second test only
                    // guards against waiting forever).
                    if self.ready.contains_key(&key) || self.in_flight.is_empty() {
                        Poll::Ready(())
                    } else {
                        Poll::Pending
                    }
                })
                .await;
            }
            if let Some(known) = self.ready.remove(&key) {
                return self.resolver.claim(query, known);
            }
        }
        let mut ordinary = pin!(ordinary);
        poll_fn(|cx| {
            if let Poll::Ready(known) = ordinary.as_mut().poll(cx) {
                return Poll::Ready(known);
            }
            self.drive(cx);
            Poll::Pending
        })
        .await
    }
}
