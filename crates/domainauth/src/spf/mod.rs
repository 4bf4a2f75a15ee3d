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

mod cache;
mod eval;
mod explain;
mod macros;
mod received;
mod record;
mod result;
pub(crate) mod tree;

pub use eval::{Config, Envelope, Verifier};
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
