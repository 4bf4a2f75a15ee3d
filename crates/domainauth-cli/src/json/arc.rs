//! `domainauth arc verify|seal --json`.

use domainauth::arc::{ChainStatus, ChainValidation};
use domainauth::dkim::Algorithm;
use serde::Serialize;

use super::dkim::SignedMessage;
use super::{Finding, SchemaVersion};

/// A message's ARC chain, validated and explained.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ArcVerifyDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `arc verify`.
    #[cfg_attr(test, schemars(extend("const" = "arc verify")))]
    pub command: &'static str,
    /// The message file as given (`-` for standard input).
    pub message: String,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// The chain: its status (none, pass, fail), the failure with its
    /// instance, oldest-pass, and each set, oldest first.
    pub chain: &'a ChainValidation,
    /// The chain explained: whether it validates, then each hop.
    pub findings: Vec<Finding<'a>>,
}

/// A message sealed (`--json` prints this instead of the sealed message).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ArcSealDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `arc seal`.
    #[cfg_attr(test, schemars(extend("const" = "arc seal")))]
    pub command: &'static str,
    /// The sealing domain (`d=`).
    pub domain: &'a str,
    /// The selector (`s=`).
    pub selector: &'a str,
    /// The signing algorithm (`a=`), from the key.
    pub algorithm: Algorithm,
    /// The instance of the set added.
    pub instance: u32,
    /// The chain status it carries (`cv=`): what validating the chain as
    /// received gave.
    pub cv: ChainStatus,
    /// The three fields added (ARC-Seal, ARC-Message-Signature,
    /// ARC-Authentication-Results), folded, without the final line end.
    pub set: &'a str,
    /// The sealed message.
    #[serde(flatten)]
    pub message: SignedMessage,
}
