//! DNS access for every protocol in the crate.
//!
//! All lookups go through the [`Resolver`] trait, so the same SPF, DKIM and
//! DMARC code runs against the network (`HickoryResolver`, feature
//! `hickory`), against zone files offline (`ZoneResolver`, feature `zone`),
//! or against anything a caller plugs in.
//!
//! Lookups distinguish the outcomes the RFCs give different meanings to:
//! a name that does not exist ([`DnsError::NxDomain`]), a name with no record
//! of the asked type ([`DnsError::NoData`]) — together the "void lookups" of
//! RFC 7208 §4.6.4 — and temporary failures ([`DnsError::Timeout`],
//! [`DnsError::ServFail`]) that SPF maps to `temperror` (RFC 7208 §2.6.6).
//!
//! [`Metered`] bounds the DNS work of one message ([`Budget`]: a query limit
//! and a deadline); a question past the budget is [`DnsError::OverBudget`],
//! temporary like a timeout.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use async_trait::async_trait;

mod budget;
#[cfg(feature = "hickory")]
mod hickory;
#[cfg(feature = "zone")]
mod master;
pub(crate) mod name;
mod reach;
#[cfg(feature = "zone")]
mod zone;

pub use budget::{Budget, BudgetLimit, Clock, Exceeded, Metered, SystemClock, Usage};
#[cfg(feature = "hickory")]
pub use hickory::{HickoryConfig, HickoryInitError, HickoryResolver};
#[cfg(feature = "zone")]
pub use master::ZoneSyntaxError;
pub use name::{
    DomainNameError, check_domain_name, check_host_name, name_from_labels, query_labels,
    reverse_name,
};
pub use reach::{ResolverUnreachable, UnreachableCause};
#[cfg(feature = "zone")]
pub use zone::{Fault, ZoneEntry, ZoneError, ZoneResolver};

/// The record types the crate asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// IPv4 address (RFC 1035 §3.4.1).
    A,
    /// IPv6 address (RFC 3596).
    Aaaa,
    /// Text strings (RFC 1035 §3.3.14).
    Txt,
    /// Mail exchanger (RFC 1035 §3.3.9).
    Mx,
    /// Reverse pointer (RFC 1035 §3.3.12).
    Ptr,
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Txt => "TXT",
            RecordType::Mx => "MX",
            RecordType::Ptr => "PTR",
        })
    }
}

/// Why a lookup produced no records.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DnsError {
    /// The name does not exist (RCODE 3, NXDOMAIN).
    #[error("{name} does not exist (NXDOMAIN)")]
    NxDomain {
        /// The queried name.
        name: String,
    },
    /// The name exists but has no record of the asked type (NOERROR, no answer).
    #[error("{name} has no {rtype} record")]
    NoData {
        /// The queried name.
        name: String,
        /// The queried type.
        rtype: RecordType,
    },
    /// No answer arrived in time.
    #[error("{rtype} lookup of {name} timed out")]
    Timeout {
        /// The queried name.
        name: String,
        /// The queried type.
        rtype: RecordType,
    },
    /// The server answered with a failure code (SERVFAIL, REFUSED, …).
    #[error("{rtype} lookup of {name} failed: server answered {rcode}")]
    ServFail {
        /// The queried name.
        name: String,
        /// The queried type.
        rtype: RecordType,
        /// The response code as text, e.g. `SERVFAIL`.
        rcode: String,
    },
    /// The query could not be sent or the answer could not be read.
    #[error("{rtype} lookup of {name} failed: {reason}")]
    Network {
        /// The queried name.
        name: String,
        /// The queried type.
        rtype: RecordType,
        /// What went wrong.
        reason: String,
    },
    /// Not answered because the resolver's own servers answer nothing at
    /// all (refused, unreachable, or silent): no domain is at fault, and
    /// no lookup can be made. Temporary. See [`ResolverUnreachable`].
    #[error("{rtype} lookup of {name} not answered: {unreachable}")]
    Unreachable {
        /// The queried name.
        name: String,
        /// The queried type.
        rtype: RecordType,
        /// Which servers, and why.
        unreachable: ResolverUnreachable,
    },
    /// Not sent: the name cannot be a domain (an over-long label or name,
    /// an invalid IDN, an IP address); said before any lookup, as no
    /// answer could change it. Neither void nor temporary.
    #[error("{name:?} cannot be looked up: {error}")]
    InvalidName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        error: DomainNameError,
    },
    /// Not sent: the message's DNS budget ([`Budget`]) was spent. Temporary,
    /// as RFC 7208 §4.6.4 asks for an evaluation that runs out of time.
    #[error("{rtype} lookup of {name} not sent: {limit} was reached")]
    OverBudget {
        /// The queried name.
        name: String,
        /// The queried type.
        rtype: RecordType,
        /// The limit reached.
        limit: BudgetLimit,
    },
}

impl DnsError {
    /// True for NXDOMAIN and NODATA: the "void lookups" of RFC 7208 §4.6.4.
    pub fn is_void(&self) -> bool {
        matches!(self, DnsError::NxDomain { .. } | DnsError::NoData { .. })
    }

    /// True when asking again later may succeed (SPF's `temperror`, RFC 7208 §2.6.6).
    pub fn is_temporary(&self) -> bool {
        !self.is_void() && !matches!(self, DnsError::InvalidName { .. })
    }

    /// The queried name.
    pub fn name(&self) -> &str {
        match self {
            DnsError::NxDomain { name }
            | DnsError::NoData { name, .. }
            | DnsError::Timeout { name, .. }
            | DnsError::ServFail { name, .. }
            | DnsError::Network { name, .. }
            | DnsError::Unreachable { name, .. }
            | DnsError::OverBudget { name, .. }
            | DnsError::InvalidName { name, .. } => name,
        }
    }
}

/// One MX record (RFC 1035 §3.3.9).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mx {
    /// Lower is preferred.
    pub preference: u16,
    /// The exchange host name, without a trailing dot.
    pub exchange: String,
}

/// One TXT record: its character-strings, in order (RFC 1035 §3.3.14).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Txt {
    /// The character-strings as sent, each at most 255 octets.
    pub strings: Vec<Vec<u8>>,
}

impl Txt {
    /// The strings concatenated without separator, as SPF (RFC 7208 §3.3)
    /// and DKIM (RFC 6376 §3.6.2.2) read a record.
    pub fn joined(&self) -> Vec<u8> {
        self.strings.concat()
    }

    /// The concatenation as text, with invalid UTF-8 replaced.
    pub fn to_text(&self) -> String {
        String::from_utf8_lossy(&self.joined()).into_owned()
    }
}

/// Result of one lookup: at least one record, or why there is none.
///
/// Records are shared (`Arc<[T]>`), so a resolver that keeps answers — a
/// cache, a zone — hands them out without copying.
pub type Answer<T> = Result<std::sync::Arc<[T]>, DnsError>;

/// One query, for [`Resolver::known`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query<'a> {
    /// TXT records of a name.
    Txt(&'a str),
    /// IPv4 addresses of a name.
    A(&'a str),
    /// IPv6 addresses of a name.
    Aaaa(&'a str),
    /// MX records of a name.
    Mx(&'a str),
    /// PTR names of an address.
    Ptr(IpAddr),
}

/// An answer [`Resolver::known`] can give at once.
#[derive(Debug, Clone)]
pub enum Known {
    /// For [`Query::Txt`].
    Txt(Answer<Txt>),
    /// For [`Query::A`].
    A(Answer<Ipv4Addr>),
    /// For [`Query::Aaaa`].
    Aaaa(Answer<Ipv6Addr>),
    /// For [`Query::Mx`].
    Mx(Answer<Mx>),
    /// For [`Query::Ptr`].
    Ptr(Answer<String>),
}

/// Whether a zone is signed with DNSSEC (RFC 4033 §2, RFC 4035 §2.1: a
/// signed zone publishes DNSKEY records at its apex), as far as a
/// [`Resolver`] can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dnssec {
    /// The name holds DNSKEY records: it is the apex of a signed zone.
    Signed,
    /// The name is a zone apex (it holds an SOA record) without DNSKEY
    /// records: the zone is not signed.
    Unsigned,
    /// The resolver cannot tell: it does not ask for DNSKEY, the name is
    /// not a zone apex, or the lookup failed.
    Unknown,
}

/// The DNS queries the authentication protocols need.
///
/// Implementations must never answer `Ok` with an empty list: a name without
/// records of the type is [`DnsError::NoData`] or [`DnsError::NxDomain`].
/// Names are given without a trailing dot and are compared case-insensitively.
///
/// ```
/// # #[cfg(feature = "zone")] {
/// use domainauth::dns::{Resolver, ZoneResolver};
/// let zone = ZoneResolver::from_zone_text(
///     "$ORIGIN example.org.\n@ 300 IN TXT \"v=spf1 -all\"\n",
///     None,
/// ).unwrap();
/// let answer = futures_lite(zone.txt("example.org"));
/// assert_eq!(answer.unwrap()[0].to_text(), "v=spf1 -all");
/// # fn futures_lite<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// # }
/// ```
#[async_trait]
pub trait Resolver: Send + Sync {
    /// The answer, if it is already in memory (zone data, a warm cache), so
    /// callers can skip creating a future; `None` means "ask the async
    /// method". The default knows nothing.
    fn known(&self, query: Query<'_>) -> Option<Known> {
        let _ = query;
        None
    }

    /// `Some` when the resolver has found that its servers answer nothing
    /// at all (see [`ResolverUnreachable`]): every failed lookup was the
    /// resolver's fault, not the domain's. The default never finds so.
    fn unreachable(&self) -> Option<ResolverUnreachable> {
        None
    }

    /// True when every answer is already in memory ([`Resolver::known`]
    /// answers at once, as a zone does), so asking ahead of need (SPF's
    /// prefetch, see [`crate::spf`]) would gain nothing. The default is false.
    fn answers_at_once(&self) -> bool {
        false
    }

    /// Asks `query` ahead of need, for a caller that may never use the
    /// answer (SPF evaluation fetches the records of the terms it will
    /// probably reach, see [`crate::spf`]). A resolver that counts or bounds
    /// questions ([`Metered`]) does not count this one: the caller calls
    /// [`Resolver::claim`] when, and only when, it uses the answer. The
    /// default asks as [`Resolver::known`] and the async methods do.
    async fn ask_ahead(&self, query: Query<'_>) -> Known {
        if let Some(known) = self.known(query) {
            return known;
        }
        match query {
            Query::Txt(name) => Known::Txt(self.txt(name).await),
            Query::A(name) => Known::A(self.a(name).await),
            Query::Aaaa(name) => Known::Aaaa(self.aaaa(name).await),
            Query::Mx(name) => Known::Mx(self.mx(name).await),
            Query::Ptr(ip) => Known::Ptr(self.ptr(ip).await),
        }
    }

    /// The caller uses `answer`, which [`Resolver::ask_ahead`] gave for
    /// `query`, as if it had asked now: a resolver that counts questions
    /// counts it here, and answers what it would have answered to the
    /// question (a refusal past its budget, or the answer it already gave
    /// to the same question). The default returns `answer` unchanged.
    fn claim(&self, query: Query<'_>, answer: Known) -> Known {
        let _ = query;
        answer
    }

    /// TXT records of `name`.
    async fn txt(&self, name: &str) -> Answer<Txt>;
    /// IPv4 addresses of `name`.
    async fn a(&self, name: &str) -> Answer<Ipv4Addr>;
    /// IPv6 addresses of `name`.
    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr>;
    /// MX records of `name`.
    async fn mx(&self, name: &str) -> Answer<Mx>;
    /// Names the reverse zone gives for `ip` (without trailing dots).
    async fn ptr(&self, ip: IpAddr) -> Answer<String>;

    /// Whether `name` is the apex of a DNSSEC-signed zone (DNSKEY records
    /// at `name`, RFC 4035 §2.1). For information only: nothing in mail
    /// authentication depends on it, so a failure is [`Dnssec::Unknown`],
    /// which the default always answers.
    async fn dnssec(&self, name: &str) -> Dnssec {
        let _ = name;
        Dnssec::Unknown
    }
}

/// Resolvers behind references and shared pointers are resolvers too.
macro_rules! delegate_resolver {
    ($($ptr:ty),*) => {$(
        #[async_trait]
        impl<R: Resolver + ?Sized> Resolver for $ptr {
            fn known(&self, query: Query<'_>) -> Option<Known> {
                (**self).known(query)
            }
            fn unreachable(&self) -> Option<ResolverUnreachable> {
                (**self).unreachable()
            }
            fn answers_at_once(&self) -> bool {
                (**self).answers_at_once()
            }
            async fn ask_ahead(&self, query: Query<'_>) -> Known {
                (**self).ask_ahead(query).await
            }
            fn claim(&self, query: Query<'_>, answer: Known) -> Known {
                (**self).claim(query, answer)
            }
            async fn txt(&self, name: &str) -> Answer<Txt> {
                (**self).txt(name).await
            }
            async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
                (**self).a(name).await
            }
            async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
                (**self).aaaa(name).await
            }
            async fn mx(&self, name: &str) -> Answer<Mx> {
                (**self).mx(name).await
            }
            async fn ptr(&self, ip: IpAddr) -> Answer<String> {
                (**self).ptr(ip).await
            }
            async fn dnssec(&self, name: &str) -> Dnssec {
                (**self).dnssec(name).await
            }
        }
    )*};
}

delegate_resolver!(&R, std::sync::Arc<R>, Box<R>);

/// Normalises a name for comparison and lookup: ASCII lower case, no trailing dot.
pub fn normalize_name(name: &str) -> String {
    normalized(name).into_owned()
}

/// Reverse DNS of `ip`: its PTR names (none when the lookup fails), and
/// whether one of them resolves back to `ip` (forward-confirmed reverse DNS,
/// what receivers mean by "valid PTR").
pub async fn forward_confirmed<R: Resolver + ?Sized>(
    resolver: &R,
    ip: IpAddr,
) -> (Vec<String>, bool) {
    let names: Vec<String> = resolver
        .ptr(ip)
        .await
        .map(|n| n.to_vec())
        .unwrap_or_default();
    for name in &names {
        let back = match ip {
            IpAddr::V4(v4) => resolver.a(name).await.is_ok_and(|a| a.contains(&v4)),
            IpAddr::V6(v6) => resolver.aaaa(name).await.is_ok_and(|a| a.contains(&v6)),
        };
        if back {
            return (names, true);
        }
    }
    (names, false)
}

/// [`normalize_name`] without allocating when the name is already normal.
pub fn normalized(name: &str) -> std::borrow::Cow<'_, str> {
    let bytes = name.as_bytes();
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1] == b'.' {
        end -= 1;
    }
    let trimmed = &name[..end];
    // A non-short-circuiting fold: the compiler vectorises it.
    if trimmed
        .as_bytes()
        .iter()
        .fold(false, |upper, b| upper | b.is_ascii_uppercase())
    {
        std::borrow::Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(trimmed)
    }
}
