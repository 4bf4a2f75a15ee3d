//! `domainauth dmarc check --json` and `domainauth dmarc lint --json`.

use domainauth::dmarc::{Mode, Published, Record, Walk};
use serde::Serialize;

use super::{Finding, SchemaVersion};

/// A domain's DMARC record, checked.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DmarcCheckDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `dmarc check`.
    #[cfg_attr(test, schemars(extend("const" = "dmarc check")))]
    pub command: &'static str,
    /// The domain as given.
    pub domain: &'a str,
    /// The DMARC rules followed (`--mode`).
    pub mode: Mode,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// What `_dmarc.<domain>` publishes: one record, several, or none.
    pub published: &'a Published,
    /// The record read, when there is exactly one.
    pub record: Option<&'a Record>,
    /// The organizational domain by each method.
    pub org_domain: OrgDomains<'a>,
    /// The DNS tree walk from the domain (RFC 9989 §4.10), each name asked
    /// and what it held. Present only with `--trace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub walk: Option<&'a Walk>,
    /// What is wrong or worth changing, most severe first.
    pub findings: Vec<Finding<'a>>,
}

/// The organizational domain of the domain checked.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct OrgDomains<'a> {
    /// By the DNS tree walk (RFC 9989); null when the walk failed.
    pub tree_walk: Option<&'a str>,
    /// By the Public Suffix List (RFC 7489).
    pub psl: &'a str,
}

/// A DMARC record given as text, checked before publishing (no DNS).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DmarcLintDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `dmarc lint`.
    #[cfg_attr(test, schemars(extend("const" = "dmarc lint")))]
    pub command: &'static str,
    /// The record read.
    pub record: &'a Record,
    /// The DMARC rules followed (`--mode`).
    pub mode: Mode,
    /// What is wrong or worth changing, most severe first.
    pub findings: Vec<Finding<'a>>,
}
