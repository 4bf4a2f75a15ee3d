//! The `--json` output: one typed document per command, the interface
//! scripts read. docs/json.md describes it; the JSON Schema of each
//! document is generated from these types (and from the library types
//! they embed, which are part of the contract for that reason) and
//! committed under `schemas/`.
//!
//! Every document is an object whose first two fields are
//! `schema_version` ([`SCHEMA_VERSION`]) and `command`; an error is the
//! [`error::ErrorDocument`] instead. Findings appear only rendered
//! ([`Finding`]: code, severity, parameters and the text in `--lang`).
//!
//! What the checks did step by step (the SPF evaluation's queries and
//! terms, the DMARC tree walk) is a trace, not a result: it is in the
//! output only with `--trace`, in the fields the schema marks so.

pub mod arc;
pub mod check;
pub mod check_many;
pub mod check_profile;
pub mod dkim;
pub mod dmarc;
pub mod error;
pub mod milter;
pub mod reports;
pub mod spf;
pub mod verify;

use std::collections::BTreeMap;

use domainauth::diag::{self, Code, Lang, Severity};
use serde::Serialize;

/// The version of the output's shape, in every document.
///
/// It changes (to "2", …) when a reader written for the current version
/// could misread the output: a field removed, renamed or given another
/// type, a field that was always present made optional, a value's meaning
/// changed. It does not change for additions: a new field, a new finding
/// code, a new command. Readers ignore what they do not know.
pub const SCHEMA_VERSION: &str = "1";

/// The `schema_version` field: always [`SCHEMA_VERSION`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SchemaVersion;

impl Serialize for SchemaVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(SCHEMA_VERSION)
    }
}

#[cfg(test)]
impl schemars::JsonSchema for SchemaVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchemaVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The version of the output's shape; it changes when a reader written for this version could misread the output (docs/json.md).",
            "type": "string",
            "const": SCHEMA_VERSION,
        })
    }
}

/// One finding, with its text in the language asked for (`--lang`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Finding<'a> {
    /// What was found: a stable identifier (`spf-fail`, `dmarc-missing`, …).
    pub code: Code,
    /// How much it matters: `info`, `warning` or `error`.
    pub severity: Severity,
    /// The values the text is made from (`domain`, `ip`, `term`, …). A value
    /// that is a library error comes with its catalog id as `<name>.id` and
    /// its own values as `<name>.<value>`.
    pub params: &'a BTreeMap<String, String>,
    /// The finding in words.
    pub message: String,
    /// What to change, when there is something to change.
    pub fix: Option<String>,
}

impl<'a> Finding<'a> {
    /// `finding` rendered in `lang`.
    pub fn new(lang: Lang, finding: &'a diag::Finding) -> Self {
        Self {
            code: finding.code,
            severity: finding.severity,
            params: &finding.params,
            message: finding.message(lang),
            fix: finding.fix(lang),
        }
    }
}

/// `findings` rendered in `lang`.
pub fn findings(lang: Lang, findings: &[diag::Finding]) -> Vec<Finding<'_>> {
    findings.iter().map(|f| Finding::new(lang, f)).collect()
}

#[cfg(test)]
pub(crate) mod schema;
