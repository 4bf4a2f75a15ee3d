//! `domainauth spf check --json` and `domainauth spf record --json`.

use domainauth::diag::{self, Lang};
use domainauth::spf::{Evaluation, Limits, RecordNode, RecordTree};
use serde::Serialize;

use super::{Finding, SchemaVersion, findings};

/// SPF evaluated for one SMTP connection, per identity checked.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SpfCheckDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `spf check`.
    #[cfg_attr(test, schemars(extend("const" = "spf check")))]
    pub command: &'static str,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// One result per identity checked (`--identity`): HELO first, then MAIL FROM.
    pub results: Vec<SpfResultDocument<'a>>,
    /// Whether SPF alone will satisfy receivers: what the MAIL FROM domain
    /// publishes for DMARC (one finding, or none when that domain does not exist).
    pub context: Vec<Finding<'a>>,
}

/// The SPF result for one identity.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SpfResultDocument<'a> {
    /// The evaluation: result, the term that decided, the cause of a
    /// none/temperror/permerror, the lookup counts. Its `trace` (every DNS
    /// query and term in order) is present only with `--trace`.
    pub evaluation: &'a Evaluation,
    /// The result explained, with the fix.
    pub findings: Vec<Finding<'a>>,
    /// The Received-SPF header field a receiver would add (RFC 7208 §9.1).
    pub received_spf: String,
}

impl<'a> SpfResultDocument<'a> {
    /// The document for one evaluation, whose findings were drawn from it.
    pub fn new(
        lang: Lang,
        evaluation: &'a Evaluation,
        own: &'a [diag::Finding],
        received_spf: String,
    ) -> Self {
        Self {
            evaluation,
            findings: findings(lang, own),
            received_spf,
        }
    }
}

/// A domain's SPF record with its include/redirect tree.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SpfRecordDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `spf record`.
    #[cfg_attr(test, schemars(extend("const" = "spf record")))]
    pub command: &'static str,
    /// The domain read (lower case, without a final dot).
    pub domain: &'a str,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// The record tree with its lookup counts.
    pub tree: SpfTree<'a>,
    /// What is wrong or worth changing, most severe first; a missing
    /// record or a DNS failure of the domain itself comes first.
    pub findings: Vec<Finding<'a>>,
}

/// An SPF record tree: the record, every record it includes or redirects
/// to, and the DNS-querying terms counted per branch (RFC 7208 §4.6.4).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SpfTree<'a> {
    /// The domain's own record.
    pub root: &'a RecordNode,
    /// DNS-querying terms of the whole tree, when nothing matches early.
    pub total_lookups: u32,
    /// Void lookups met across the tree.
    pub void_lookups: u32,
    /// The limits counted against.
    pub limits: &'a Limits,
}

impl<'a> SpfTree<'a> {
    /// The tree of `tree` (its findings are given rendered, apart).
    pub fn new(tree: &'a RecordTree) -> Self {
        Self {
            root: &tree.root,
            total_lookups: tree.total_lookups,
            void_lookups: tree.void_lookups,
            limits: &tree.limits,
        }
    }
}
