//! Resolvers and a clock for tests of DNS work and caching.
//!
//! - [`CountingResolver`] wraps any resolver and records every question it
//!   answers, so a test can assert how many lookups a message cost.
//! - [`MutableResolver`] serves a zone that the test replaces between
//!   messages (a record published, a server that recovers).
//! - [`ManualClock`] is a [`Clock`] that moves only when told.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use domainauth::dns::{
    Answer, Clock, Known, Mx, Query, RecordType, Resolver, Txt, ZoneResolver, reverse_name,
};

/// Records every question answered by the wrapped resolver, through the
/// async methods or [`Resolver::known`].
#[derive(Debug)]
pub struct CountingResolver<R> {
    inner: R,
    asked: Mutex<Vec<(RecordType, String)>>,
}

impl<R> CountingResolver<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            asked: Mutex::new(Vec::new()),
        }
    }

    /// Questions answered so far.
    pub fn count(&self) -> usize {
        self.asked.lock().map_or(0, |a| a.len())
    }

    /// The questions answered so far, in order.
    pub fn asked(&self) -> Vec<(RecordType, String)> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }

    /// Forgets the questions asked so far.
    pub fn reset(&self) {
        if let Ok(mut a) = self.asked.lock() {
            a.clear();
        }
    }

    fn note(&self, rtype: RecordType, name: &str) {
        if let Ok(mut a) = self.asked.lock() {
            a.push((rtype, name.trim_end_matches('.').to_ascii_lowercase()));
        }
    }
}

#[async_trait]
impl<R: Resolver> Resolver for CountingResolver<R> {
    fn answers_at_once(&self) -> bool {
        self.inner.answers_at_once()
    }

    fn known(&self, query: Query<'_>) -> Option<Known> {
        let answer = self.inner.known(query)?;
        match query {
            Query::Txt(n) => self.note(RecordType::Txt, n),
            Query::A(n) => self.note(RecordType::A, n),
            Query::Aaaa(n) => self.note(RecordType::Aaaa, n),
            Query::Mx(n) => self.note(RecordType::Mx, n),
            Query::Ptr(ip) => self.note(RecordType::Ptr, &reverse_name(ip)),
        }
        Some(answer)
    }

    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.note(RecordType::Txt, name);
        self.inner.txt(name).await
    }

    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        self.note(RecordType::A, name);
        self.inner.a(name).await
    }

    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        self.note(RecordType::Aaaa, name);
        self.inner.aaaa(name).await
    }

    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.note(RecordType::Mx, name);
        self.inner.mx(name).await
    }

    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        self.note(RecordType::Ptr, &reverse_name(ip));
        self.inner.ptr(ip).await
    }

    /// Passed on, not counted: no record type of the crate's is asked.
    async fn dnssec(&self, name: &str) -> domainauth::dns::Dnssec {
        self.inner.dnssec(name).await
    }
}

/// A zone the test replaces between messages. It answers only through the
/// async methods, as a network resolver does.
#[derive(Debug, Default)]
pub struct MutableResolver {
    zone: RwLock<ZoneResolver>,
}

impl MutableResolver {
    /// Serves `zone`.
    pub fn new(zone: ZoneResolver) -> Self {
        Self {
            zone: RwLock::new(zone),
        }
    }

    /// Serves `zone` from now on.
    pub fn publish(&self, zone: ZoneResolver) {
        if let Ok(mut z) = self.zone.write() {
            *z = zone;
        }
    }

    fn ask(&self, query: Query<'_>) -> Option<Known> {
        self.zone.read().ok()?.known(query)
    }
}

/// The answer of a [`ZoneResolver`], which knows every answer at once.
macro_rules! from_zone {
    ($self:ident, $query:expr, $variant:ident) => {
        match $self.ask($query) {
            Some(Known::$variant(answer)) => answer,
            _ => Err(domainauth::dns::DnsError::Network {
                name: String::new(),
                rtype: RecordType::$variant,
                reason: "the test zone gave no answer".into(),
            }),
        }
    };
}

#[async_trait]
impl Resolver for MutableResolver {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        from_zone!(self, Query::Txt(name), Txt)
    }

    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        from_zone!(self, Query::A(name), A)
    }

    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        from_zone!(self, Query::Aaaa(name), Aaaa)
    }

    async fn mx(&self, name: &str) -> Answer<Mx> {
        from_zone!(self, Query::Mx(name), Mx)
    }

    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        from_zone!(self, Query::Ptr(ip), Ptr)
    }
}

/// A [`Clock`] that moves only when told.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<Instant>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl ManualClock {
    /// A clock standing at an arbitrary instant.
    pub fn new() -> Self {
        Self {
            now: Mutex::new(Instant::now()),
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut now) = self.now.lock() {
            *now += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.now.lock().map_or_else(|e| *e.into_inner(), |n| *n)
    }
}
