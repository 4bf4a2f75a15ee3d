//! Migrating from OpenDKIM and OpenDMARC: their configuration files
//! (opendkim.conf(5), opendmarc.conf(5)) read into this milter's
//! [`Config`], with a [`Note`] for every setting that is not carried over
//! and why — none is dropped silently.
//!
//! ```
//! use domainauth_milter::import::Importer;
//! let dir = tempfile::tempdir()?;
//! let conf = dir.path().join("opendkim.conf");
//! std::fs::write(&conf, "Socket inet:8891@localhost\nAuthservID mx.example.com\nSyslog yes\n")?;
//! let import = Importer::new().opendkim(&conf)?.finish()?;
//! assert_eq!(import.config.listen.to_string(), "inet:127.0.0.1:8891");
//! assert_eq!(import.config.authserv_id, "mx.example.com");
//! assert!(import.notes.iter().any(|n| n.setting == "Syslog"));
//! let toml = import.to_toml(|note| note.to_string());
//! assert!(toml.contains("authserv_id = \"mx.example.com\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod conf;
mod opendkim;
mod opendmarc;
mod render;

use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError, Listen};

/// One setting not carried over (or carried over with a different
/// meaning), where it is and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The file it is in.
    pub file: PathBuf,
    /// Its line (1-based), or `None` for a setting that is absent and
    /// whose default differs from ours.
    pub line: Option<usize>,
    /// The setting's name as the file writes it (`On-BadSignature`).
    pub setting: String,
    /// Why.
    pub kind: NoteKind,
}

/// Why a setting is not carried over as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoteKind {
    /// Not a setting of that program (a typo, or another version's).
    Unknown {
        /// `OpenDKIM` or `OpenDMARC`.
        program: &'static str,
    },
    /// A setting this milter has no equivalent for.
    Unsupported {
        /// Its value.
        value: String,
    },
    /// Running the process (user, PID file, syslog, restarts): the
    /// service manager's job.
    Service,
    /// Something this milter always does (its own SPF check, its own
    /// public suffix list, refusing keys others can read).
    Builtin,
    /// Only quietened a log message.
    LogOnly,
    /// Signatures here are always relaxed/relaxed (RFC 6376 §3.4).
    Canonicalization {
        /// What OpenDKIM used (`simple` when unset).
        value: String,
    },
    /// The algorithm follows each key (RSA: rsa-sha256, Ed25519:
    /// ed25519-sha256).
    SignatureAlgorithm {
        /// Its value.
        value: String,
    },
    /// A host name in a host list: only addresses and networks can be
    /// internal hosts here.
    HostName {
        /// The entry.
        host: String,
    },
    /// An `!` exception in a host list, which cannot be written here.
    Negation {
        /// The entry.
        entry: String,
    },
    /// A data set of a type that cannot be read (database, LDAP, Lua…).
    DatasetType {
        /// The type (`db`, `dsn`, `ldap`…).
        kind: String,
    },
    /// `%` (the From domain) in a KeyTable or SigningTable entry.
    PercentDomain {
        /// The entry's key name or pattern.
        name: String,
    },
    /// A KeyTable entry whose key is written in the table itself.
    InlineKey {
        /// The key name.
        name: String,
    },
    /// A KeyTable entry no SigningTable entry uses.
    UnusedKey {
        /// The key name.
        name: String,
    },
    /// A SigningTable entry naming a key the KeyTable does not have.
    MissingKey {
        /// The key name.
        name: String,
    },
    /// A SigningTable signer identity (`i=`), which is not written here.
    Identity {
        /// The identity.
        identity: String,
    },
    /// Mode without `v`: OpenDKIM did not verify; this milter verifies
    /// mail that is not internal.
    ModeSignOnly,
    /// Mode without `s`: OpenDKIM did not sign; no keys are carried over.
    ModeVerifyOnly,
    /// An On-* action for one DKIM result: here the DMARC policy decides.
    Verdict {
        /// Its value.
        value: String,
    },
    /// An On-* action for errors other than accept or tempfail.
    ErrorAction {
        /// Its value.
        value: String,
    },
    /// On-DNSError unset: OpenDKIM deferred mail on DNS errors; here it is
    /// accepted.
    DnsErrorDefault,
    /// OversignHeaders unset: OpenDKIM oversigned nothing; here From is.
    OversignDefault,
    /// A relative path, read against the configuration's folder (or
    /// BaseDirectory).
    RelativePath {
        /// The path read.
        path: String,
    },
    /// AuthservID unset: this host's name is used.
    AuthservDefault {
        /// The name used.
        value: String,
    },
    /// The other file set it differently; the first is kept.
    Conflict {
        /// Its value here.
        value: String,
        /// The value kept.
        kept: String,
    },
    /// OpenDMARC's IgnoreHosts: internal hosts here, whose mail is signed
    /// (when a key matches) and not verified.
    IgnoreHosts,
    /// OpenDMARC's IgnoreMailFrom: these domains are verified and recorded
    /// here, only their DMARC policy is not applied (`policy.allow`).
    IgnoreMailFrom,
    /// OpenDMARC's HistoryFile: this milter records verdicts in the report
    /// store instead (`[history] db`).
    History,
    /// No OpenDMARC configuration: OpenDKIM applied no DMARC policy, so
    /// failures are only recorded here until the policy is turned on.
    NoDmarcPolicy,
}

impl NoteKind {
    /// The catalogue message of this note: `ui-milter-import-` and this.
    pub fn id(&self) -> &'static str {
        match self {
            Self::Unknown { .. } => "unknown",
            Self::Unsupported { .. } => "unsupported",
            Self::Service => "service",
            Self::Builtin => "builtin",
            Self::LogOnly => "log-only",
            Self::Canonicalization { .. } => "canonicalization",
            Self::SignatureAlgorithm { .. } => "signature-algorithm",
            Self::HostName { .. } => "host-name",
            Self::Negation { .. } => "negation",
            Self::DatasetType { .. } => "dataset-type",
            Self::PercentDomain { .. } => "percent-domain",
            Self::InlineKey { .. } => "inline-key",
            Self::UnusedKey { .. } => "unused-key",
            Self::MissingKey { .. } => "missing-key",
            Self::Identity { .. } => "identity",
            Self::ModeSignOnly => "mode-sign-only",
            Self::ModeVerifyOnly => "mode-verify-only",
            Self::Verdict { .. } => "verdict",
            Self::ErrorAction { .. } => "error-action",
            Self::DnsErrorDefault => "dns-error-default",
            Self::OversignDefault => "oversign-default",
            Self::RelativePath { .. } => "relative-path",
            Self::AuthservDefault { .. } => "authserv-default",
            Self::Conflict { .. } => "conflict",
            Self::IgnoreHosts => "ignore-hosts",
            Self::IgnoreMailFrom => "ignore-mail-from",
            Self::History => "history",
            Self::NoDmarcPolicy => "no-dmarc-policy",
        }
    }

    /// The values the message names, besides the setting.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Unknown { program } => vec![("program", (*program).to_string())],
            Self::Unsupported { value }
            | Self::Canonicalization { value }
            | Self::SignatureAlgorithm { value }
            | Self::Verdict { value }
            | Self::ErrorAction { value }
            | Self::AuthservDefault { value } => vec![("value", value.clone())],
            Self::HostName { host } => vec![("host", host.clone())],
            Self::Negation { entry } => vec![("entry", entry.clone())],
            Self::DatasetType { kind } => vec![("kind", kind.clone())],
            Self::PercentDomain { name }
            | Self::InlineKey { name }
            | Self::UnusedKey { name }
            | Self::MissingKey { name } => vec![("name", name.clone())],
            Self::Identity { identity } => vec![("identity", identity.clone())],
            Self::RelativePath { path } => vec![("path", path.clone())],
            Self::Conflict { value, kept } => {
                vec![("value", value.clone()), ("kept", kept.clone())]
            }
            Self::Service
            | Self::Builtin
            | Self::LogOnly
            | Self::ModeSignOnly
            | Self::ModeVerifyOnly
            | Self::DnsErrorDefault
            | Self::OversignDefault
            | Self::IgnoreHosts
            | Self::IgnoreMailFrom
            | Self::History
            | Self::NoDmarcPolicy => Vec::new(),
        }
    }
}

impl std::fmt::Display for NoteKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unknown { program } => write!(f, "not a setting {program} knows; left out"),
            Self::Unsupported { value } => write!(f, "{value}: no equivalent here; not carried over"),
            Self::Service => f.write_str("running the process is the service manager's job here (docs/milter.md has a systemd unit); not carried over"),
            Self::Builtin => f.write_str("this milter always does this; nothing to carry over"),
            Self::LogOnly => f.write_str("it only quietened a log message; nothing to carry over"),
            Self::Canonicalization { value } => write!(f, "{value}: this milter always signs with relaxed/relaxed (c=)"),
            Self::SignatureAlgorithm { value } => write!(f, "{value}: the algorithm follows each key (RSA: rsa-sha256, Ed25519: ed25519-sha256)"),
            Self::HostName { host } => write!(f, "{host} is a host name; internal_hosts takes only addresses and networks: add its addresses"),
            Self::Negation { entry } => write!(f, "{entry}: exceptions cannot be written here; left out, so a wider network listed still includes it"),
            Self::DatasetType { kind } => write!(f, "data sets of type {kind} cannot be read; export the table to a file and import again"),
            Self::PercentDomain { name } => write!(f, "{name}: \"%\" (the From domain) cannot be written here; add one [[signing.keys]] entry per domain"),
            Self::InlineKey { name } => write!(f, "key {name} is written in the table itself; save it to a file only its owner can read and add a [[signing.keys]] entry"),
            Self::UnusedKey { name } => write!(f, "key {name} is in the KeyTable but no SigningTable entry uses it; left out"),
            Self::MissingKey { name } => write!(f, "the SigningTable names key {name}, which the KeyTable does not have; entry left out"),
            Self::Identity { identity } => write!(f, "signer identity {identity} (i=) is not carried over; signatures have no i="),
            Self::ModeSignOnly => f.write_str("OpenDKIM only signed; this milter also verifies mail that is not from internal hosts or authenticated senders"),
            Self::ModeVerifyOnly => f.write_str("OpenDKIM did not sign; no keys carried over"),
            Self::Verdict { value } => write!(f, "{value}: one DKIM result does not decide a message's fate here; the DMARC policy does ([policy])"),
            Self::ErrorAction { value } => write!(f, "{value}: on errors this milter accepts or defers (errors.on_failure); accept kept"),
            Self::DnsErrorDefault => f.write_str("not set: OpenDKIM deferred mail on DNS errors; here it is accepted (errors.on_failure = \"tempfail\" for the old behaviour)"),
            Self::OversignDefault => f.write_str("not set: OpenDKIM oversigned nothing; here From is oversigned (RFC 6376 §8.15)"),
            Self::RelativePath { path } => write!(f, "relative path read as {path}"),
            Self::AuthservDefault { value } => write!(f, "not set: {value} (this host's name) used"),
            Self::Conflict { value, kept } => write!(f, "{value} differs from the other file's; {kept} kept"),
            Self::IgnoreHosts => f.write_str("these hosts are internal hosts here: their mail is not verified, and signed when a key matches"),
            Self::IgnoreMailFrom => f.write_str("these From domains are still verified and recorded; only their DMARC policy is not applied (policy.allow)"),
            Self::History => f.write_str("not carried over: this milter records each verdict in the report store that `domainauth reports` reads ([history] db = a SQLite file or a postgres:// URL)"),
            Self::NoDmarcPolicy => f.write_str("no OpenDMARC configuration read: OpenDKIM applied no DMARC policy, so failures are only recorded here ([policy] reject and quarantine = \"none\"); set them to \"reject\" and \"quarantine\" to apply senders' policies, or import opendmarc.conf too (--opendmarc)"),
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: ", self.file.display())?,
            None => write!(f, "{}: ", self.file.display())?,
        }
        write!(f, "{}: {}", self.setting, self.kind)
    }
}

/// Why a configuration cannot be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A file cannot be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file is larger than any configuration (4 MiB).
    #[error("{path} is larger than 4 MiB: not a configuration file")]
    TooLarge {
        /// The file.
        path: PathBuf,
    },
    /// A line cannot be read.
    #[error("{path}, line {line}: {reason}")]
    Line {
        /// The file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        reason: LineError,
    },
    /// Include files nest deeper than 8.
    #[error("{path}: Include nests deeper than 8 files")]
    IncludeDepth {
        /// The file.
        path: PathBuf,
    },
    /// The result is not a valid configuration (an authserv-id that is not
    /// a host name).
    #[error("the imported configuration is invalid")]
    Config(#[source] ConfigError),
}

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineError {
    /// A setting without a value.
    #[error("{setting} has no value")]
    NoValue {
        /// The setting.
        setting: String,
    },
    /// Not yes/no/true/false/1/0.
    #[error("{value:?} is not a boolean (yes, no, true, false, 1, 0)")]
    Boolean {
        /// What was written.
        value: String,
    },
    /// Not `inet:PORT@HOST`, `inet6:PORT@HOST` or `local:/PATH`.
    #[error("{value:?} is not a socket (inet:PORT@HOST, inet6:PORT@HOST or local:/PATH)")]
    Socket {
        /// What was written.
        value: String,
    },
    /// A KeyTable entry that is not `NAME DOMAIN:SELECTOR:KEY`.
    #[error("{entry:?} is not a KeyTable entry (NAME DOMAIN:SELECTOR:KEYPATH)")]
    KeyTable {
        /// The line's text.
        entry: String,
    },
    /// A SigningTable entry without a key name.
    #[error("{entry:?} is not a SigningTable entry (ADDRESS-OR-PATTERN KEYNAME)")]
    SigningTable {
        /// The line's text.
        entry: String,
    },
    /// An On-* value other than accept, discard, quarantine, reject,
    /// tempfail (or their first letters).
    #[error("{value:?} is not an action (accept, discard, quarantine, reject, tempfail)")]
    Action {
        /// What was written.
        value: String,
    },
}

/// Reads OpenDKIM and OpenDMARC configurations, one after the other, into
/// one milter configuration.
#[derive(Debug)]
pub struct Importer {
    config: Config,
    notes: Vec<Note>,
    /// The file and value of the settings both files may give.
    listen_from: Option<String>,
    authserv_from: Option<String>,
    hosts_set: bool,
    hostname: String,
    sources: Vec<PathBuf>,
    /// An opendmarc.conf was read.
    dmarc_read: bool,
}

impl Default for Importer {
    fn default() -> Self {
        Self::new()
    }
}

impl Importer {
    /// An importer using this host's name where AuthservID is unset (as
    /// OpenDKIM's `HOSTNAME`).
    pub fn new() -> Self {
        let hostname = ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .find_map(|p| {
                let name = std::fs::read_to_string(p).ok()?;
                let name = name.trim();
                (!name.is_empty()).then(|| name.to_string())
            })
            .unwrap_or_else(|| "localhost".to_string());
        Self::with_hostname(&hostname)
    }

    /// An importer using `hostname` where AuthservID is unset.
    pub fn with_hostname(hostname: &str) -> Self {
        Self {
            config: Config::new(Listen::Inet(([127, 0, 0, 1], 8891).into()), hostname),
            notes: Vec::new(),
            listen_from: None,
            authserv_from: None,
            hosts_set: false,
            hostname: hostname.to_string(),
            sources: Vec::new(),
            dmarc_read: false,
        }
    }

    /// Reads an opendkim.conf and the data sets it names.
    pub fn opendkim(&mut self, path: &Path) -> Result<&mut Self, ImportError> {
        self.sources.push(path.to_path_buf());
        opendkim::import(self, path)?;
        Ok(self)
    }

    /// Reads an opendmarc.conf and the files it names.
    pub fn opendmarc(&mut self, path: &Path) -> Result<&mut Self, ImportError> {
        self.sources.push(path.to_path_buf());
        self.dmarc_read = true;
        opendmarc::import(self, path)?;
        Ok(self)
    }

    /// Takes a Socket, unless the other file gave one (then a note).
    fn listen(
        &mut self,
        setting: &conf::Setting,
        notes: &mut Vec<Note>,
    ) -> Result<(), ImportError> {
        let listen = conf::socket(setting)?;
        match &self.listen_from {
            Some(kept) if *kept != listen.to_string() => {
                notes.push(setting.note(NoteKind::Conflict {
                    value: listen.to_string(),
                    kept: kept.clone(),
                }));
            }
            Some(_) => {}
            None => {
                self.listen_from = Some(listen.to_string());
                self.config.listen = listen;
            }
        }
        Ok(())
    }

    /// Takes an AuthservID, unless the other file gave one.
    fn authserv_id(&mut self, setting: &conf::Setting, notes: &mut Vec<Note>) {
        let id = if setting.value == "HOSTNAME" {
            self.hostname.clone()
        } else {
            setting.value.clone()
        };
        match &self.authserv_from {
            Some(kept) if !kept.eq_ignore_ascii_case(&id) => {
                notes.push(setting.note(NoteKind::Conflict {
                    value: id,
                    kept: kept.clone(),
                }));
            }
            Some(_) => {}
            None => {
                self.authserv_from = Some(id.clone());
                self.config.authserv_id = id;
            }
        }
    }

    /// Adds internal hosts; the first list replaces the default.
    fn internal_hosts(&mut self, hosts: Vec<crate::config::Network>) {
        if !self.hosts_set {
            self.config.signing.internal_hosts.clear();
            self.hosts_set = true;
        }
        for host in hosts {
            if !self.config.signing.internal_hosts.contains(&host) {
                self.config.signing.internal_hosts.push(host);
            }
        }
    }

    /// The configuration and the notes; the configuration is checked as
    /// the milter would read it.
    pub fn finish(&mut self) -> Result<Import, ImportError> {
        if !self.dmarc_read
            && let Some(first) = self.sources.first()
        {
            // What OpenDKIM alone did: no DMARC policy applied.
            self.config.policy.reject = crate::config::Action::None;
            self.config.policy.quarantine = crate::config::Action::None;
            self.notes.push(Note {
                file: first.clone(),
                line: None,
                setting: "OpenDMARC".into(),
                kind: NoteKind::NoDmarcPolicy,
            });
        }
        if self.config.errors.on_failure == crate::config::OnFailure::Tempfail {
            // OpenDMARC's RejectFailures deferred them as OpenDKIM did.
            self.notes.retain(|n| n.kind != NoteKind::DnsErrorDefault);
        }
        if let (None, Some(first)) = (&self.authserv_from, self.sources.first()) {
            self.notes.push(Note {
                file: first.clone(),
                line: None,
                setting: "AuthservID".into(),
                kind: NoteKind::AuthservDefault {
                    value: self.hostname.clone(),
                },
            });
        }
        let import = Import {
            config: self.config.clone(),
            notes: self.notes.clone(),
            sources: self.sources.clone(),
        };
        let text = import.to_toml(|n| n.to_string());
        let config = Config::parse(&text).map_err(ImportError::Config)?;
        Ok(Import { config, ..import })
    }
}

/// An imported configuration.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Import {
    /// The configuration.
    pub config: Config,
    /// What was not carried over, in the order of the files.
    pub notes: Vec<Note>,
    /// The files read.
    pub sources: Vec<PathBuf>,
}

impl Import {
    /// The configuration as a commented TOML file: the notes, each written
    /// by `note`, at the top; each key with a short comment.
    pub fn to_toml(&self, note: impl Fn(&Note) -> String) -> String {
        render::toml(self, &note)
    }

    /// The configuration as a TOML table (for JSON output).
    pub fn to_table(&self) -> toml::Table {
        toml::from_str(&render::toml(self, &|n: &Note| n.to_string())).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
