//! Which lookups of a domain check failed, so that the report can say
//! so: a timeout or a SERVFAIL is a gap in the report, never "no record".

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Mutex;

use async_trait::async_trait;

use crate::diag::{Code, Finding};
use crate::dns::{Answer, DnsError, Dnssec, Known, Mx, Query, Resolver, ResolverUnreachable, Txt};

/// A [`Resolver`] that passes every question on and keeps the temporary
/// failures among the answers (timeouts, SERVFAIL, network errors), one
/// per question. Refusals past the check's deadline are not kept: the
/// [`Code::DnsDeadline`] finding says those once.
pub(crate) struct Watched<R> {
    inner: R,
    failures: Mutex<Vec<DnsError>>,
}

impl<R> Watched<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            failures: Mutex::new(Vec::new()),
        }
    }

    fn note<T>(&self, answer: &Answer<T>) {
        if let Err(e) = answer
            && e.is_temporary()
            && !matches!(e, DnsError::OverBudget { .. })
            && let Ok(mut failures) = self.failures.lock()
            && !failures.contains(e)
        {
            failures.push(e.clone());
        }
    }

    /// The temporary failures met so far, in the order they happened.
    pub(crate) fn failures(&self) -> Vec<DnsError> {
        self.failures.lock().map(|f| f.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl<R: Resolver> Resolver for Watched<R> {
    fn known(&self, query: Query<'_>) -> Option<Known> {
        let known = self.inner.known(query)?;
        match &known {
            Known::Txt(a) => self.note(a),
            Known::A(a) => self.note(a),
            Known::Aaaa(a) => self.note(a),
            Known::Mx(a) => self.note(a),
            Known::Ptr(a) => self.note(a),
        }
        Some(known)
    }

    fn unreachable(&self) -> Option<ResolverUnreachable> {
        self.inner.unreachable()
    }

    async fn txt(&self, name: &str) -> Answer<Txt> {
        let a = self.inner.txt(name).await;
        self.note(&a);
        a
    }

    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        let a = self.inner.a(name).await;
        self.note(&a);
        a
    }

    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        let a = self.inner.aaaa(name).await;
        self.note(&a);
        a
    }

    async fn mx(&self, name: &str) -> Answer<Mx> {
        let a = self.inner.mx(name).await;
        self.note(&a);
        a
    }

    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        let a = self.inner.ptr(ip).await;
        self.note(&a);
        a
    }

    async fn dnssec(&self, name: &str) -> Dnssec {
        self.inner.dnssec(name).await
    }
}

/// One finding per failed lookup that no finding of `findings` names
/// already (an SPF or DMARC temperror carries the failed lookup as its
/// `error`): [`Code::CheckDnsTimeout`] for a timeout, else
/// [`Code::CheckDnsFailure`].
pub(crate) fn failure_findings(failures: &[DnsError], findings: &[Finding]) -> Vec<Finding> {
    // A reason's parameters are flattened as `<param>.name`, `<param>.rtype`.
    let named = |e: &DnsError| {
        let rtype = rtype_of(e);
        findings.iter().any(|f| {
            f.params.iter().any(|(k, v)| {
                k.strip_suffix(".name").is_some_and(|prefix| {
                    v == e.name()
                        && f.params.get(&format!("{prefix}.rtype")).map(String::as_str)
                            == rtype.as_deref()
                })
            })
        })
    };
    failures
        .iter()
        .filter(|e| !named(e))
        .filter_map(|e| match e {
            DnsError::Timeout { name, rtype } => Some(
                Finding::new(Code::CheckDnsTimeout)
                    .param("name", name)
                    .param("rtype", rtype),
            ),
            DnsError::ServFail { name, rtype, .. }
            | DnsError::Network { name, rtype, .. }
            | DnsError::Unreachable { name, rtype, .. } => Some(
                Finding::new(Code::CheckDnsFailure)
                    .param("name", name)
                    .param("rtype", rtype)
                    .reason("error", e),
            ),
            _ => None,
        })
        .collect()
}

/// The record type a failed lookup asked for, as text.
fn rtype_of(e: &DnsError) -> Option<String> {
    match e {
        DnsError::NoData { rtype, .. }
        | DnsError::Timeout { rtype, .. }
        | DnsError::ServFail { rtype, .. }
        | DnsError::Network { rtype, .. }
        | DnsError::Unreachable { rtype, .. }
        | DnsError::OverBudget { rtype, .. } => Some(rtype.to_string()),
        _ => None,
    }
}
