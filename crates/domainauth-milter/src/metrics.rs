//! Prometheus metrics: messages by direction, DMARC result and action,
//! signatures made, DNS lookups and their latency, errors; served as text
//! (the OpenMetrics exposition format) at `/metrics` on a local port.
//!
//! ```
//! use domainauth_milter::metrics::Metrics;
//! let metrics = Metrics::new();
//! metrics.message("incoming", "pass", "accept");
//! assert!(metrics.encode().contains(
//!     "domainauth_milter_messages_total{direction=\"incoming\",dmarc=\"pass\",action=\"accept\"} 1"
//! ));
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use domainauth::dns::{Answer, Dnssec, Known, Mx, Query, Resolver, ResolverUnreachable, Txt};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MessageLabels {
    direction: &'static str,
    dmarc: &'static str,
    action: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SignatureLabels {
    algorithm: &'static str,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DnsLabels {
    rtype: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DnsResultLabels {
    rtype: &'static str,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabels {
    kind: &'static str,
}

fn latency_histogram() -> Histogram {
    // 0.1 ms to ~3 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 16))
}

/// The milter's counters, shared by every connection and kept across
/// reloads.
pub struct Metrics {
    registry: Registry,
    messages: Family<MessageLabels, Counter>,
    signatures: Family<SignatureLabels, Counter>,
    dns_latency: Family<DnsLabels, Histogram, fn() -> Histogram>,
    dns_results: Family<DnsResultLabels, Counter>,
    errors: Family<ErrorLabels, Counter>,
    connections: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every metric at zero.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("domainauth_milter");
        let messages = Family::<MessageLabels, Counter>::default();
        registry.register(
            "messages",
            "Messages by direction (incoming: verified; outgoing: signed), DMARC result and action taken",
            messages.clone(),
        );
        let signatures = Family::<SignatureLabels, Counter>::default();
        registry.register(
            "signatures",
            "DKIM signatures added to outgoing mail, by algorithm and result",
            signatures.clone(),
        );
        let dns_latency = Family::<DnsLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        registry.register(
            "dns_lookup_seconds",
            "Time of the DNS lookups that were not already cached, by record type",
            dns_latency.clone(),
        );
        let dns_results = Family::<DnsResultLabels, Counter>::default();
        registry.register(
            "dns_lookups",
            "DNS lookups by record type and outcome (answer, nodata, nxdomain, temporary)",
            dns_results.clone(),
        );
        let errors = Family::<ErrorLabels, Counter>::default();
        registry.register(
            "errors",
            "Errors: connections ended by a protocol error, failed reloads, messages left unsigned",
            errors.clone(),
        );
        let connections = Gauge::default();
        registry.register(
            "connections",
            "Connections from the MTA open now",
            connections.clone(),
        );
        Self {
            registry,
            messages,
            signatures,
            dns_latency,
            dns_results,
            errors,
            connections,
        }
    }

    /// One message done.
    pub fn message(&self, direction: &'static str, dmarc: &'static str, action: &'static str) {
        self.messages
            .get_or_create(&MessageLabels {
                direction,
                dmarc,
                action,
            })
            .inc();
    }

    /// One signature made (`result` "signed") or failed.
    pub fn signature(&self, algorithm: &'static str, result: &'static str) {
        self.signatures
            .get_or_create(&SignatureLabels { algorithm, result })
            .inc();
    }

    /// One error of `kind`.
    pub fn error(&self, kind: &'static str) {
        self.errors.get_or_create(&ErrorLabels { kind }).inc();
    }

    /// A connection opened; dropping the guard counts it closed.
    pub fn connection(self: &Arc<Self>) -> ConnectionGuard {
        self.connections.inc();
        ConnectionGuard(Arc::clone(self))
    }

    fn lookup<T>(&self, rtype: &'static str, started: Instant, answer: &Answer<T>) {
        self.dns_latency
            .get_or_create(&DnsLabels { rtype })
            .observe(started.elapsed().as_secs_f64());
        let result = match answer {
            Ok(_) => "answer",
            Err(e) if e.is_temporary() => "temporary",
            Err(domainauth::dns::DnsError::NxDomain { .. }) => "nxdomain",
            Err(_) => "nodata",
        };
        self.dns_results
            .get_or_create(&DnsResultLabels { rtype, result })
            .inc();
    }

    /// The metrics in the OpenMetrics text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    /// Serves `/metrics` on `listener` until the task is dropped.
    pub async fn serve(self: Arc<Self>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        let app = axum::Router::new().route(
            "/metrics",
            axum::routing::get(move || {
                let metrics = Arc::clone(&self);
                async move {
                    (
                        [(
                            axum::http::header::CONTENT_TYPE,
                            "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        )],
                        metrics.encode(),
                    )
                }
            }),
        );
        axum::serve(listener, app).await
    }
}

/// Counts an open connection until dropped.
#[derive(Debug)]
pub struct ConnectionGuard(Arc<Metrics>);

impl ConnectionGuard {
    /// Connections open now, this one included.
    pub fn open(&self) -> u64 {
        u64::try_from(self.0.connections.get()).unwrap_or(0)
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.0.connections.dec();
    }
}

/// A resolver that times the lookups of the one it wraps.
pub struct Timed<R> {
    inner: R,
    metrics: Arc<Metrics>,
}

impl<R> Timed<R> {
    /// `inner`, timed into `metrics`.
    pub fn new(inner: R, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }
}

macro_rules! timed {
    ($self:ident, $rtype:literal, $call:expr) => {{
        let started = Instant::now();
        let answer = $call.await;
        $self.metrics.lookup($rtype, started, &answer);
        answer
    }};
}

#[async_trait]
impl<R: Resolver> Resolver for Timed<R> {
    fn known(&self, query: Query<'_>) -> Option<Known> {
        self.inner.known(query)
    }
    fn unreachable(&self) -> Option<ResolverUnreachable> {
        self.inner.unreachable()
    }
    fn answers_at_once(&self) -> bool {
        self.inner.answers_at_once()
    }
    async fn ask_ahead(&self, query: Query<'_>) -> Known {
        self.inner.ask_ahead(query).await
    }
    fn claim(&self, query: Query<'_>, answer: Known) -> Known {
        self.inner.claim(query, answer)
    }
    async fn txt(&self, name: &str) -> Answer<Txt> {
        timed!(self, "TXT", self.inner.txt(name))
    }
    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        timed!(self, "A", self.inner.a(name))
    }
    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        timed!(self, "AAAA", self.inner.aaaa(name))
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        timed!(self, "MX", self.inner.mx(name))
    }
    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        timed!(self, "PTR", self.inner.ptr(ip))
    }
    async fn dnssec(&self, name: &str) -> Dnssec {
        self.inner.dnssec(name).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domainauth::dns::ZoneResolver;

    #[tokio::test]
    async fn lookups_are_timed_and_counted_by_outcome() {
        let metrics = Arc::new(Metrics::new());
        let zone = ZoneResolver::from_zone_text("example.com. 300 IN TXT \"v=spf1 -all\"\n", None)
            .unwrap();
        let timed = Timed::new(zone, Arc::clone(&metrics));
        assert!(timed.txt("example.com").await.is_ok());
        assert!(timed.txt("missing.example.com").await.is_err());
        let text = metrics.encode();
        assert!(
            text.contains("domainauth_milter_dns_lookup_seconds_count{rtype=\"TXT\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("domainauth_milter_dns_lookups_total{rtype=\"TXT\",result=\"answer\"} 1"),
            "{text}"
        );
        assert!(
            text.contains(
                "domainauth_milter_dns_lookups_total{rtype=\"TXT\",result=\"nxdomain\"} 1"
            ),
            "{text}"
        );
        {
            let _open = metrics.connection();
            assert!(metrics.encode().contains("domainauth_milter_connections 1"));
        }
        assert!(metrics.encode().contains("domainauth_milter_connections 0"));
    }
}
