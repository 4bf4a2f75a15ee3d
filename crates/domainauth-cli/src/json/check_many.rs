//! `domainauth check DOMAIN DOMAIN… --json` and `check --domains FILE --json`.
//!
//! One document (as every command prints), whose `domains` array holds one
//! object per domain, in the order given: its line in the file, and either
//! the document `check DOMAIN --json` prints for it (`check`) or why it
//! could not be checked (`error`). Names that are not domain names are in
//! `invalid`, with their line.

use serde::Serialize;

use super::SchemaVersion;
use super::check::CheckDocument;
use super::error::Error;

/// Many domains' mail authentication, one object per domain.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CheckManyDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `check`.
    #[cfg_attr(test, schemars(extend("const" = "check")))]
    pub command: &'static str,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// One object per domain checked, in the order given (a name given
    /// twice is checked once).
    pub domains: Vec<CheckedDomain<'a>>,
    /// The names that are not domain names, not checked.
    pub invalid: Vec<InvalidDomain<'a>>,
}

impl<'a> CheckManyDocument<'a> {
    /// The document for these domains.
    pub fn new(
        dns: String,
        domains: Vec<CheckedDomain<'a>>,
        invalid: Vec<InvalidDomain<'a>>,
    ) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "check",
            dns,
            domains,
            invalid,
        }
    }
}

/// One domain of the list.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CheckedDomain<'a> {
    /// Its line in the `--domains` file; null when given on the command line.
    pub line: Option<usize>,
    /// The domain checked (lower case, without a final dot).
    pub domain: &'a str,
    /// What `check` would exit with for this domain alone: 0 nothing to
    /// fix, 1 a warning or an error, 3 it could not be checked.
    pub exit_code: u8,
    /// The document `check DOMAIN --json` prints for it; null when it
    /// could not be checked.
    pub check: Option<CheckDocument<'a>>,
    /// Why it could not be checked; null when it was.
    pub error: Option<Error<'a>>,
}

/// A name that is not a domain name.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct InvalidDomain<'a> {
    /// Its line in the `--domains` file; null when given on the command line.
    pub line: Option<usize>,
    /// The text as given (comment and surrounding blanks removed).
    pub value: &'a str,
    /// Why it is not a domain name (`invalid-domain`).
    pub error: Error<'a>,
}
