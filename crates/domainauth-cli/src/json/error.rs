//! The document printed instead of a line on stderr when a command stops
//! with `--json` (exit 2 or 3).

use std::collections::BTreeMap;

use serde::Serialize;

use super::SchemaVersion;

/// A command that could not give a result: bad arguments (exit 2) or a
/// check that could not run (exit 3). Printed on standard output.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ErrorDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// What stopped the command.
    pub error: Error<'a>,
}

/// What stopped the command.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Error<'a> {
    /// A stable identifier (`invalid-ip`, `read-file`, `zone-file`,
    /// `resolver-unreachable`, `usage-unknown-argument`, …); the text is the
    /// catalog message `ui-error-<code>`.
    pub code: &'a str,
    /// The error in words, in the language asked for (`--lang`).
    pub message: String,
    /// The values the message is made from (`option`, `value`, `path`, …),
    /// and no others: the same mistake gives the same code and parameters
    /// whatever the command.
    /// A value that is a library error comes with its catalog id as
    /// `<name>.id` and its own values as `<name>.<value>`.
    pub params: &'a BTreeMap<String, String>,
}
