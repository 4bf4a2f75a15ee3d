//! What an SPF evaluation returns: the result, why, and the path taken.

use std::fmt;
use std::net::IpAddr;

use crate::dns::{DnsError, DomainNameError, RecordType};

use super::record::RecordError;

/// The seven results of `check_host()` (RFC 7208 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum SpfResult {
    /// No record, or the domain could not be checked (§2.6.1).
    None,
    /// The domain owner makes no assertion (§2.6.2).
    Neutral,
    /// The client is authorised (§2.6.3).
    Pass,
    /// The client is not authorised (§2.6.4).
    Fail,
    /// The client is probably not authorised (§2.6.5).
    SoftFail,
    /// A transient DNS error (§2.6.6).
    TempError,
    /// The published record could not be interpreted (§2.6.7).
    PermError,
}

impl SpfResult {
    /// The result keyword as written in headers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Neutral => "neutral",
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::SoftFail => "softfail",
            Self::TempError => "temperror",
            Self::PermError => "permerror",
        }
    }
}

impl fmt::Display for SpfResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SpfResult {
    type Err = ParseResultError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "none" => Self::None,
            "neutral" => Self::Neutral,
            "pass" => Self::Pass,
            "fail" => Self::Fail,
            "softfail" => Self::SoftFail,
            "temperror" => Self::TempError,
            "permerror" => Self::PermError,
            other => {
                return Err(ParseResultError {
                    given: other.to_string(),
                });
            }
        })
    }
}

/// A word that is none of the seven SPF results (RFC 7208 §2.6).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown SPF result {given:?}")]
pub struct ParseResultError {
    given: String,
}

impl ParseResultError {
    /// The word, in lower case.
    pub fn given(&self) -> &str {
        &self.given
    }
}

/// Which identity was checked (RFC 7208 §2.3, §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Identity {
    /// The MAIL FROM reverse-path (or `postmaster@HELO` when it is null).
    MailFrom,
    /// The HELO/EHLO name.
    Helo,
}

impl Identity {
    /// `mailfrom` or `helo`, as in `Received-SPF` (§9.1).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MailFrom => "mailfrom",
            Self::Helo => "helo",
        }
    }
}

/// Why the result is `none`, `temperror` or `permerror`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// The identity's domain is not a usable name (§4.3): result `none`.
    #[error("{domain:?} cannot be checked: {source}")]
    InvalidDomain {
        /// The domain.
        domain: String,
        /// What is wrong with it.
        source: DomainNameError,
    },
    /// No SPF record at the domain (§4.5): result `none`.
    #[error("{domain} publishes no SPF record")]
    NoRecord {
        /// The domain.
        domain: String,
    },
    /// The domain does not exist (§4.3: the lookup returned NXDOMAIN): result
    /// `none`, and nothing else about the domain can be checked either.
    #[error("{domain} does not exist (NXDOMAIN)")]
    NoSuchDomain {
        /// The domain.
        domain: String,
    },
    /// More than one SPF record (§4.5): `permerror`.
    #[error("{domain} publishes {count} SPF records; exactly one is allowed")]
    MultipleRecords {
        /// The domain.
        domain: String,
        /// How many.
        count: usize,
    },
    /// The record has a syntax error (§4.6): `permerror`.
    #[error("the SPF record of {domain} is invalid: {error}")]
    Syntax {
        /// The domain.
        domain: String,
        /// The record text.
        record: String,
        /// The error, with term and offset.
        error: RecordError,
    },
    /// A DNS failure other than NXDOMAIN/NODATA (§4.4): `temperror`.
    #[error("DNS failure: {error}")]
    Dns {
        /// The failure.
        error: DnsError,
    },
    /// More than the allowed DNS-querying terms (§4.6.4): `permerror`.
    #[error("more than {limit} DNS-querying terms; the limit was passed at {term:?} in {domain}")]
    TooManyDnsTerms {
        /// The limit (10).
        limit: u32,
        /// The term that went over.
        term: String,
        /// The record holding it.
        domain: String,
        /// The include/redirect chain from the checked domain down to `domain`.
        chain: Vec<String>,
    },
    /// An include or redirect leads back to a record already entered: the
    /// evaluation goes round until the lookup limit (§4.6.4), `permerror`.
    /// Reported by the record tree, which stops at the loop.
    #[error("{domain} leads back into a loop: {}", chain.join(" → "))]
    IncludeLoop {
        /// The record whose include or redirect closes the loop.
        domain: String,
        /// The chain from the checked domain, ending at the repeated domain.
        chain: Vec<String>,
    },
    /// More than the allowed void lookups (§4.6.4): `permerror`.
    #[error("more than {limit} lookups returned no records; the last was {term:?} in {domain}")]
    TooManyVoidLookups {
        /// The limit (2).
        limit: u32,
        /// The term whose lookup went over.
        term: String,
        /// The record holding it.
        domain: String,
    },
    /// An `mx` target with more than 10 MX names (§4.6.4): `permerror`.
    #[error("{target} has {count} MX records; at most {limit} are allowed in {term:?}")]
    TooManyMxNames {
        /// The MX domain.
        target: String,
        /// How many MX records it has.
        count: usize,
        /// The limit (10).
        limit: usize,
        /// The term.
        term: String,
    },
    /// An `include` target without an SPF record (§5.2): `permerror`.
    #[error("{term:?} in {domain}: {target} has no SPF record")]
    IncludeNoRecord {
        /// The record holding the include.
        domain: String,
        /// The term.
        term: String,
        /// The include target.
        target: String,
    },
    /// A `redirect` target without an SPF record (§6.1): `permerror`.
    #[error("redirect from {domain}: {target} has no SPF record")]
    RedirectNoRecord {
        /// The record holding the redirect.
        domain: String,
        /// The redirect target.
        target: String,
    },
}

/// The term that decided the result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Matched {
    /// The domain whose record holds the term.
    pub domain: String,
    /// The term as written, e.g. `-all` or `ip4:192.0.2.0/24`.
    pub term: String,
}

impl Matched {
    /// The term `term` of the record published at `domain`.
    pub fn new(domain: impl Into<String>, term: impl Into<String>) -> Self {
        Self {
            domain: domain.into(),
            term: term.into(),
        }
    }
}

/// One thing the evaluation did, in order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// Nesting: 0 for the checked domain, +1 per include or redirect.
    pub depth: u8,
    /// What happened.
    #[serde(flatten)]
    pub kind: StepKind,
}

/// What happened in one [`Step`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StepKind {
    /// The SPF record of `domain` was found.
    Record {
        /// The domain.
        domain: String,
        /// The record text.
        record: String,
    },
    /// A DNS query and its outcome.
    Query {
        /// The type asked.
        rtype: RecordType,
        /// The name asked.
        name: String,
        /// The answer in short, or the error.
        answer: String,
        /// The error, when the lookup gave no records (its text, in any
        /// language, through [`AsReason`](crate::diag::AsReason)).
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<DnsError>,
        /// True for NXDOMAIN or NODATA.
        void: bool,
    },
    /// A term was evaluated.
    Term {
        /// The domain whose record holds it.
        domain: String,
        /// The term as written.
        term: String,
        /// Whether it matched.
        matched: bool,
        /// DNS-querying terms used so far.
        dns_terms: u32,
    },
    /// Evaluation continued at a redirect target.
    Redirect {
        /// The target.
        target: String,
    },
}

/// The outcome of one SPF check, with the evidence.
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    /// The result.
    pub result: SpfResult,
    /// Which identity was checked.
    pub identity: Identity,
    /// The domain checked first.
    pub domain: String,
    /// The sender used for macros: `local@domain`.
    pub sender: String,
    /// The SMTP client.
    pub client_ip: IpAddr,
    /// The HELO name given.
    pub helo: String,
    /// The term that decided, if one did.
    pub matched: Option<Matched>,
    /// Why the result is none/temperror/permerror.
    pub problem: Option<Problem>,
    /// The `exp=` explanation, for `fail` only (§6.2).
    pub explanation: Option<String>,
    /// DNS-querying terms used (limit 10).
    pub dns_terms: u32,
    /// Void lookups met (limit 2).
    pub void_lookups: u32,
    /// The limits in force.
    pub limits: Limits,
    /// Everything done, in order, when [`Config::trace`](super::Config::trace)
    /// asked for it (left out of the serialized form when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<Step>,
}

/// What counts towards the void-lookup limit (RFC 7208 §4.6.4).
///
/// The RFC limits "terms for which DNS queries return" NXDOMAIN or no
/// records. Implementations read that differently: some count the term's own
/// query (`a`, `mx`, `ptr`, `exists`), others every void query made while
/// evaluating, including the address lookups of MX and PTR names and the TXT
/// lookup of an include target (pyspf does). The second reading turns
/// records such as `mx` with IPv4-only hosts into `permerror` for IPv6 clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum VoidCounting {
    /// One per `a`, `mx`, `ptr` or `exists` term whose own query is void (the default).
    #[default]
    PerTerm,
    /// Every void query, as pyspf counts.
    PerQuery,
}

/// The processing limits of RFC 7208 §4.6.4, configurable but defaulting to the RFC's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Limits {
    /// DNS-querying terms (`include`, `a`, `mx`, `ptr`, `exists`, `redirect`): 10.
    pub dns_terms: u32,
    /// Lookups answering NXDOMAIN or no records: 2.
    pub void_lookups: u32,
    /// MX names per `mx` term: 10 (over: permerror).
    pub mx_names: usize,
    /// PTR names per `ptr` term or `%{p}`: 10 (over: the rest ignored).
    pub ptr_names: usize,
    /// What counts as a void lookup.
    pub void_counting: VoidCounting,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            dns_terms: 10,
            void_lookups: 2,
            mx_names: 10,
            ptr_names: 10,
            void_counting: VoidCounting::PerTerm,
        }
    }
}
