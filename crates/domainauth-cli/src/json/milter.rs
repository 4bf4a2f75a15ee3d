//! `domainauth milter import-opendkim --json` and `import-opendmarc --json`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::SchemaVersion;

/// An OpenDKIM configuration (and, with `--opendmarc`, an OpenDMARC one),
/// converted.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ImportOpendkimDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `milter import-opendkim`.
    #[cfg_attr(test, schemars(extend("const" = "milter import-opendkim")))]
    pub command: &'static str,
    /// What was read and what came of it.
    #[serde(flatten)]
    pub import: Imported<'a>,
}

/// An OpenDMARC configuration, converted.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ImportOpendmarcDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `milter import-opendmarc`.
    #[cfg_attr(test, schemars(extend("const" = "milter import-opendmarc")))]
    pub command: &'static str,
    /// What was read and what came of it.
    #[serde(flatten)]
    pub import: Imported<'a>,
}

/// The files read, the configuration and the notes.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Imported<'a> {
    /// The files read, in order.
    pub sources: Vec<String>,
    /// The configuration, with the keys and values of the TOML file
    /// (docs/milter.md describes them).
    #[cfg_attr(test, schemars(extend("type" = "object")))]
    pub config: serde_json::Value,
    /// Every setting not carried over as it was, in the order of the files.
    pub notes: Vec<ImportNote<'a>>,
}

/// One setting not carried over, and why.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ImportNote<'a> {
    /// The file it is in.
    pub file: String,
    /// Its line; null for a setting that is absent and whose default
    /// differs from the milter's.
    pub line: Option<usize>,
    /// The setting's name as the file writes it.
    pub setting: &'a str,
    /// Why, as a stable identifier (`service`, `unsupported`, `host-name`,
    /// …; the text is the catalog message `ui-milter-import-<code>`).
    pub code: &'static str,
    /// The values the message names (`value`, `host`, `name`…).
    pub params: BTreeMap<String, String>,
    /// The note in words, in the language asked for (`--lang`), with its
    /// file and line.
    pub message: String,
}

/// `domainauth milter --config FILE --check-config --json`: the
/// configuration read as the daemon reads it, and each signing key checked
/// against DNS as receivers will check it.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CheckConfigDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `milter --check-config`.
    #[cfg_attr(test, schemars(extend("const" = "milter --check-config")))]
    pub command: &'static str,
    /// The configuration file read.
    pub config: String,
    /// Where the daemon would listen (`--listen` if given, else the
    /// file's), in the notation Postfix's `smtpd_milters` uses.
    pub listen: String,
    /// True when every signing key is published as configured (the exit
    /// status is then 0; else 1).
    pub all_published: bool,
    /// Each signing key, in the order of the file.
    pub keys: Vec<KeyCheckEntry<'a>>,
    /// The summary line in words, in the language asked for (`--lang`).
    pub message: String,
}

/// One signing key and what DNS says of it.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct KeyCheckEntry<'a> {
    /// The signing domain (`d=`).
    pub domain: &'a str,
    /// The selector (`s=`).
    pub selector: &'a str,
    /// Where the public key must be published (`SELECTOR._domainkey.DOMAIN`).
    pub name: &'a str,
    /// The TXT record to publish there for this key.
    pub record: &'a str,
    /// What was found: `matches` (receivers verify this key's signatures),
    /// `differs` (another key is published: signatures fail), `missing`
    /// (no usable key: `dkim=permerror`) or `lookup-failed` (DNS did not
    /// answer: `dkim=temperror`).
    #[cfg_attr(
        test,
        schemars(extend("enum" = ["matches", "differs", "missing", "lookup-failed"]))
    )]
    pub published: &'static str,
    /// For `missing` and `lookup-failed`, why, in English (`message` says
    /// it in `--lang`); null otherwise, and for a name with no record at
    /// all.
    pub reason: Option<String>,
    /// The finding in words, in the language asked for (`--lang`), with
    /// the record to publish when it is not there.
    pub message: String,
}
