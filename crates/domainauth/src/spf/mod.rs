//! Sender Policy Framework (RFC 7208).
//!
//! - [`Record`] parses a record (§4.5, §12) into directives and modifiers;
//!   [`MacroString`] is the macro language of §7.
//! - [`Verifier`] runs `check_host()` (§4) through any [`crate::dns::Resolver`],
//!   enforcing the limits of §4.6.4 and recording every step.
//! - [`Evaluation`] is the result with its evidence: the term that decided,
//!   the problem behind an error result, lookup counts and the trace; it
//!   renders the `Received-SPF` header (§9.1) and diagnosis findings.
//! - [`analyze`] reads a domain's record tree (includes and redirects) to
//!   lint it, as `domainauth spf record` does.
//!
//! # Asking ahead
//!
//! `check_host()` reads terms left to right (§4.6.2), but the questions it
//! may ask are written in the records: the TXT record of each `include:`
//! and `redirect=` target, and the A/AAAA or MX record of each `a` and `mx`
//! target (and then the addresses of the MX answer's exchanges), whenever
//! the domain-spec has no macro or only macros that expand without DNS (all
//! but `%{p}`). [`Verifier`] sends these as soon as it reads a record (or a
//! record arrives ahead), at most [`Config::prefetch`] at a time, so a check
//! under latency costs about the depth of the include tree in round trips
//! rather than one per term. Evaluation still asks every question itself,
//! in order, and takes the answer fetched ahead if there is one:
//!
//! - results, explanations and traces do not change, nor do the §4.6.4
//!   counts: the limits (10 DNS-querying terms, 2 void lookups, 10 MX or
//!   PTR names) count what evaluation uses, not what was fetched ahead. An
//!   answer evaluation never reaches is not counted, and its DNS error is
//!   never seen; a per-message [`Metered`](crate::dns::Metered) budget
//!   counts a question fetched ahead only when evaluation uses its answer
//!   ([`Resolver::claim`](crate::dns::Resolver::claim));
//! - DNS work stays bounded (§4.6.4, and §11.1 on DNS amplification): only
//!   names the evaluated records name are asked, no more DNS-querying terms
//!   than one evaluation may use ([`Limits::dns_terms`]) plus at most
//!   [`Limits::mx_names`] addresses per MX answer, each question once;
//! - a resolver holding every answer in memory
//!   ([`Resolver::answers_at_once`](crate::dns::Resolver::answers_at_once),
//!   a zone) is never asked ahead.

mod ahead;
mod cache;
mod eval;
mod explain;
pub(crate) use explain::refused_explicitly;
mod macros;
mod received;
mod record;
mod result;
pub(crate) mod tree;

pub use eval::{Config, DEFAULT_PREFETCH, Envelope, Verifier};
pub use macros::{MacroContext, MacroError, MacroKind, MacroLetter, MacroString};
pub use record::{
    Directive, DualCidr, Mechanism, Modifier, Qualifier, Record, RecordError, RecordErrorKind,
    Term, is_spf_record,
};
pub use result::{
    Evaluation, Identity, Limits, Matched, ParseResultError, Problem, SpfResult, Step, StepKind,
    VoidCounting,
};
pub use tree::{MAX_TREE_NODES, MAX_TREE_QUERIES, RecordNode, RecordTree, analyze, analyze_within};
