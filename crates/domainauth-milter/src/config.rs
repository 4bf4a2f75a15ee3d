//! The milter's configuration: one TOML file.
//!
//! ```
//! use domainauth_milter::config::{Config, Listen, OnFailure};
//! let config = Config::parse(r#"
//! listen = "inet:127.0.0.1:8891"
//! authserv_id = "mx.example.net"
//!
//! [policy]
//! reject = "reject"          # p=reject failures: refused with 550 5.7.1
//! quarantine = "quarantine"  # p=quarantine failures: held (Postfix HOLD)
//! allow = ["partner.example"]
//!
//! [errors]
//! on_failure = "accept"
//! "#)?;
//! assert_eq!(config.listen, Listen::Inet("127.0.0.1:8891".parse()?));
//! assert_eq!(config.errors.on_failure, OnFailure::Accept);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::str::FromStr;

use ipnet::IpNet;
use serde::Deserialize;

/// Everything the milter is told.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Where to listen, in the notation Postfix's `smtpd_milters` uses:
    /// `inet:HOST:PORT` (also Sendmail's `inet:PORT@HOST`) or
    /// `unix:/PATH`.
    pub listen: Listen,
    /// The permissions of a unix socket (`listen = "unix:…"`): the MTA's
    /// user must be able to write to it. Default `0o660`: the milter's
    /// user and group; put Postfix's user in that group
    /// (`usermod -aG domainauth postfix`).
    #[serde(default = "default_socket_mode")]
    pub socket_mode: u32,
    /// The authserv-id of the Authentication-Results field we add (RFC 8601
    /// §2.5), usually this host's name. Incoming fields that claim it are
    /// removed (§5).
    pub authserv_id: String,
    /// What to do with mail that fails DMARC.
    #[serde(default)]
    pub policy: PolicyConfig,
    /// What to do when verification cannot finish.
    #[serde(default)]
    pub errors: ErrorConfig,
    /// The DNS resolver.
    #[serde(default)]
    pub dns: DnsConfig,
    /// Signing outgoing mail.
    #[serde(default)]
    pub signing: SigningConfig,
    /// Prometheus metrics.
    #[serde(default)]
    pub metrics: MetricsConfig,
    /// The per-message history.
    #[serde(default)]
    pub history: HistoryConfig,
    /// Bounds on what one connection may cost.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// ARC: trusted sealers, and sealing incoming mail.
    #[serde(default)]
    pub arc: ArcConfig,
}

/// ARC (RFC 8617) beyond validating chains, which is always done.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ArcConfig {
    /// Sealers (`d=` of their ARC-Seal) whose recorded aligned pass lets a
    /// message failing DMARC through a passing chain — a mailing list or
    /// forwarder you know (RFC 8617 §7.2; recorded as the local-policy
    /// override `trusted_forwarder`).
    #[serde(default)]
    pub trusted_sealers: Vec<String>,
    /// Seal incoming mail this host accepts, recording its results for
    /// the next hops (a host that forwards or redistributes mail).
    #[serde(default)]
    pub seal: Option<SealConfig>,
}

/// The key ARC sets are sealed with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SealConfig {
    /// `d=` of the ARC-Seal and ARC-Message-Signature.
    pub domain: String,
    /// `s=`; the public key at `SELECTOR._domainkey.DOMAIN`.
    pub selector: String,
    /// The private key, readable by its owner only.
    pub key: PathBuf,
}

/// Bounds on a connection from the MTA (or from anything else that
/// reaches the socket).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LimitsConfig {
    /// Seconds a connection may stay silent before it is closed (the MTA
    /// keeps it open for a whole SMTP session; Postfix's `smtpd_timeout`
    /// is 300). Default 600.
    #[serde(default = "LimitsConfig::idle_seconds")]
    pub idle_timeout: u64,
    /// Seconds an answer may wait for the peer to read it before the
    /// connection is closed. Default 60.
    #[serde(default = "LimitsConfig::write_seconds")]
    pub write_timeout: u64,
    /// The largest message body read, in bytes; a longer one is answered
    /// `452 4.3.4` (the client may retry once the limit is raised). Keep it
    /// above the MTA's own limit (Postfix `message_size_limit`, 10 MB by
    /// default). Default 256 MiB.
    #[serde(default = "LimitsConfig::body_bytes")]
    pub max_message_size: u64,
    /// DKIM signatures verified per message; more are reported as not
    /// checked (RFC 6376 §6.1 lets a verifier limit them). Default 5.
    #[serde(default = "LimitsConfig::signatures")]
    pub max_signatures: usize,
    /// DNS queries per message, SPF at MAIL FROM included (RFC 7208 §4.6.4
    /// bounds SPF alone; this bounds everything). Default 400.
    #[serde(default = "LimitsConfig::queries")]
    pub max_dns_queries: u32,
    /// Seconds all DNS work of one message may take; keep it under
    /// Postfix's `milter_command_timeout` (30 s), which SPF at MAIL FROM
    /// runs within. Default 20.
    #[serde(default = "LimitsConfig::dns_seconds")]
    pub dns_deadline: u64,
    /// Connections served at once; one more is closed as soon as it is
    /// accepted, with a log line, and the MTA applies its
    /// `milter_default_action` to that session. Each Postfix `smtpd`
    /// process holds one (Postfix's `default_process_limit` is 100).
    /// Default 1000.
    #[serde(default = "LimitsConfig::connections")]
    pub max_connections: usize,
}

impl LimitsConfig {
    fn idle_seconds() -> u64 {
        600
    }

    fn write_seconds() -> u64 {
        60
    }

    fn body_bytes() -> u64 {
        256 << 20
    }

    fn signatures() -> usize {
        5
    }

    fn queries() -> u32 {
        400
    }

    fn dns_seconds() -> u64 {
        20
    }

    fn connections() -> usize {
        1000
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Self::idle_seconds(),
            write_timeout: Self::write_seconds(),
            max_message_size: Self::body_bytes(),
            max_signatures: Self::signatures(),
            max_dns_queries: Self::queries(),
            dns_deadline: Self::dns_seconds(),
            max_connections: Self::connections(),
        }
    }
}

/// Where each incoming message's verdict is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HistoryConfig {
    /// The report store, as `domainauth reports --db` takes it: a SQLite
    /// file path or a `postgres://` URL; none: no history.
    #[serde(default)]
    pub db: Option<String>,
}

/// Where Prometheus metrics are served.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MetricsConfig {
    /// An address and port for `http://ADDRESS:PORT/metrics`, usually on
    /// this host only (`127.0.0.1:9489`); none: no metrics served.
    #[serde(default)]
    pub listen: Option<SocketAddr>,
}

/// Which mail is signed, and with which keys (RFC 6376 §5).
///
/// Mail is outgoing — signed, and not verified — when its sender
/// authenticated (SMTP AUTH, the MTA's `{auth_authen}` macro) or its client
/// is in [`internal_hosts`](Self::internal_hosts); everything else is
/// incoming and verified.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SigningConfig {
    /// Clients whose mail is signed: addresses or networks
    /// (`192.0.2.0/24`, `2001:db8::/32`). Default: this host
    /// (`127.0.0.1`, `::1`).
    #[serde(default = "default_internal_hosts")]
    pub internal_hosts: Vec<Network>,
    /// Whether mail of senders who logged in with SMTP AUTH is signed
    /// (default: yes).
    #[serde(default = "yes")]
    pub authenticated: bool,
    /// MTA daemon names (the `{daemon_name}` macro) whose mail is
    /// outgoing: the usual Postfix set-up gives the submission service
    /// `-o milter_macro_daemon_name=ORIGINATING` and lists `ORIGINATING`
    /// here (OpenDKIM's `MTA` setting). Default: none.
    #[serde(default)]
    pub daemons: Vec<String>,
    /// Whether every key matching a message signs it (an RSA and an
    /// Ed25519 key of one domain: both signatures, RFC 8463 §4), or only
    /// the first one listed (default: every key).
    #[serde(default = "yes")]
    pub multiple: bool,
    /// Header fields to sign when present; default: the list `dkim sign`
    /// uses ([`domainauth::dkim::DEFAULT_SIGNED_HEADERS`]).
    #[serde(default)]
    pub headers: Option<Vec<String>>,
    /// Fields signed once more than they occur, so that one added later
    /// breaks the signature (RFC 6376 §8.15). Default: From.
    #[serde(default = "default_oversign")]
    pub oversign: Vec<String>,
    /// The keys, tried in this order.
    #[serde(default)]
    pub keys: Vec<KeyConfig>,
}

impl Default for SigningConfig {
    fn default() -> Self {
        Self {
            internal_hosts: default_internal_hosts(),
            authenticated: true,
            daemons: Vec::new(),
            multiple: true,
            headers: None,
            oversign: default_oversign(),
            keys: Vec::new(),
        }
    }
}

fn default_socket_mode() -> u32 {
    0o660
}

fn yes() -> bool {
    true
}

fn default_internal_hosts() -> Vec<Network> {
    vec![
        Network(IpNet::from(IpAddr::from([127, 0, 0, 1]))),
        Network(IpNet::from(IpAddr::from(std::net::Ipv6Addr::LOCALHOST))),
    ]
}

fn default_oversign() -> Vec<String> {
    vec!["from".to_string()]
}

/// One signing key and the senders it signs for (OpenDKIM's KeyTable and
/// SigningTable in one entry).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyConfig {
    /// `d=`: the signing domain.
    pub domain: String,
    /// `s=`: the selector; the public key is published at
    /// `SELECTOR._domainkey.DOMAIN`.
    pub selector: String,
    /// The private key: PEM (PKCS#8 or PKCS#1) or a base64 Ed25519 seed,
    /// in a file only its owner can read.
    pub key: PathBuf,
    /// The From addresses it signs for, `*` matching any characters:
    /// `*@example.com`, `news@example.com`, `*@*.example.com`. Default:
    /// addresses at exactly [`domain`](Self::domain).
    #[serde(default)]
    pub senders: Vec<String>,
}

impl KeyConfig {
    /// Whether this key signs mail from `address` (`local@domain`), case
    /// aside.
    ///
    /// ```
    /// use domainauth_milter::config::KeyConfig;
    /// let key: KeyConfig = toml::from_str(
    ///     "domain = \"example.com\"\nselector = \"s\"\nkey = \"/k\"\nsenders = [\"*@*.example.com\"]",
    /// )?;
    /// assert!(key.signs_for("Info@News.Example.com"));
    /// assert!(!key.signs_for("info@example.com"));
    /// # Ok::<(), toml::de::Error>(())
    /// ```
    pub fn signs_for(&self, address: &str) -> bool {
        let address = address.to_ascii_lowercase();
        if self.senders.is_empty() {
            return address
                .rsplit_once('@')
                .is_some_and(|(_, d)| d.eq_ignore_ascii_case(self.domain.trim_end_matches('.')));
        }
        self.senders
            .iter()
            .any(|p| wildcard_match(&p.to_ascii_lowercase(), &address))
    }
}

/// `*` in `pattern` matches any run of characters; everything else itself.
/// Linear in `text` for each star (the last star is the only one retried).
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// An address or a network (`192.0.2.0/24`); a bare address is one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network(pub IpNet);

impl Network {
    /// Whether `ip` is in it (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.0.contains(&ip)
    }
}

impl FromStr for Network {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(net) = s.parse::<IpNet>() {
            return Ok(Self(net.trunc()));
        }
        s.parse::<IpAddr>()
            .map(|ip| Self(IpNet::from(ip)))
            .map_err(|_| format!("{s:?} is not an address or a network such as 192.0.2.0/24"))
    }
}

impl<'de> Deserialize<'de> for Network {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = String::deserialize(d)?;
        spec.parse().map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.prefix_len() == self.0.max_prefix_len() {
            write!(f, "{}", self.0.addr())
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// What a DMARC failure leads to, by the domain's policy (RFC 9989 §5.8:
/// the receiver decides; these are the usual choices).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PolicyConfig {
    /// For a failure under `p=reject`.
    #[serde(default = "Action::reject")]
    pub reject: Action,
    /// For a failure under `p=quarantine`.
    #[serde(default = "Action::quarantine")]
    pub quarantine: Action,
    /// Author domains whose failures are only recorded (a partner whose
    /// forwarding breaks DMARC, while it is being fixed).
    #[serde(default)]
    pub allow: Vec<String>,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        Self {
            reject: Action::Reject,
            quarantine: Action::Quarantine,
            allow: Vec::new(),
        }
    }
}

/// What happens to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Refused in the SMTP session: `550 5.7.1` with the reason.
    Reject,
    /// Accepted and held in the MTA's quarantine (Postfix: the HOLD queue).
    Quarantine,
    /// Accepted and marked for the mailbox's spam filter: an
    /// `X-Spam-Flag: YES` field (as SpamAssassin writes it; Sieve and mail
    /// clients file such mail as junk).
    Header,
    /// Accepted; the Authentication-Results field says what failed.
    None,
}

impl Action {
    fn reject() -> Self {
        Self::Reject
    }

    fn quarantine() -> Self {
        Self::Quarantine
    }
}

/// Failures of verification itself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ErrorConfig {
    /// When DNS fails (DMARC temperror) or the milter errs: accept the
    /// message (the default: a resolver outage must not stop mail) or ask
    /// the client to try again later (`451 4.7.0`).
    #[serde(default)]
    pub on_failure: OnFailure,
}

/// See [`ErrorConfig::on_failure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum OnFailure {
    /// Accept the message (fail open).
    #[default]
    Accept,
    /// Answer `451 4.7.0`: the client tries again later.
    Tempfail,
}

/// The resolver.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DnsConfig {
    /// A resolver to ask instead of the system's (`/etc/resolv.conf`).
    #[serde(default)]
    pub server: Option<SocketAddr>,
    /// Zone files to answer from instead of DNS (for tests and trials).
    #[serde(default)]
    pub zones: Vec<PathBuf>,
}

/// A listening socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listen {
    /// TCP.
    Inet(SocketAddr),
    /// A Unix-domain socket at this path.
    Unix(PathBuf),
}

/// Why a socket specification cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{spec:?} is not a milter socket: write inet:HOST:PORT (or inet:PORT@HOST) or unix:/PATH")]
pub struct ListenError {
    /// What was given.
    pub spec: String,
}

impl FromStr for Listen {
    type Err = ListenError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let bad = || ListenError {
            spec: spec.to_string(),
        };
        if let Some(path) = spec.strip_prefix("unix:").or(spec.strip_prefix("local:")) {
            // An absolute path: a relative one would depend on the
            // directory the daemon was started from.
            if !path.starts_with('/') {
                return Err(bad());
            }
            return Ok(Self::Unix(PathBuf::from(path)));
        }
        let rest = spec
            .strip_prefix("inet6:")
            .or(spec.strip_prefix("inet:"))
            .ok_or_else(bad)?;
        // Sendmail's PORT@HOST, then HOST:PORT ([v6]:PORT for IPv6).
        let host_ip = |host: &str| match host {
            "localhost" => Ok(std::net::IpAddr::from([127, 0, 0, 1])),
            _ => host.parse().map_err(|_| bad()),
        };
        if let Some((port, host)) = rest.split_once('@') {
            let ip = host_ip(host.trim_start_matches('[').trim_end_matches(']'))?;
            let port = port.parse().map_err(|_| bad())?;
            return Ok(Self::Inet(SocketAddr::new(ip, port)));
        }
        if let Ok(addr) = rest.parse() {
            return Ok(Self::Inet(addr));
        }
        let (host, port) = rest.rsplit_once(':').ok_or_else(bad)?;
        let ip = host_ip(host)?;
        Ok(Self::Inet(SocketAddr::new(
            ip,
            port.parse().map_err(|_| bad())?,
        )))
    }
}

impl<'de> Deserialize<'de> for Listen {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spec = String::deserialize(d)?;
        spec.parse().map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Display for Listen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Inet(addr) => write!(f, "inet:{addr}"),
            Self::Unix(path) => write!(f, "unix:{}", path.display()),
        }
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The TOML is invalid or has an unknown, missing or invalid key.
    #[error("line {line}, column {column}: {message}")]
    Toml {
        /// Where (1-based), or 0 when the parser does not say.
        line: usize,
        /// The column (1-based).
        column: usize,
        /// What is wrong, naming the key.
        message: String,
    },
    /// The authserv-id is empty or not a name.
    #[error("authserv_id {0:?} must be a host name such as mx.example.net")]
    AuthservId(String),
    /// `socket_mode` is not a mode, or gives other users access (any local
    /// user could then have mail signed).
    #[error(
        "socket_mode {0:#o} cannot be used: write it in octal with 0o (0o660: the owner and its group); others may not be given access"
    )]
    SocketMode(u32),
    /// A limit of 0.
    #[error("limits.{0} = 0 cannot be used: give at least 1")]
    ZeroLimit(&'static str),
    /// `[dns]` gives both a server and zone files (the zones answer
    /// instead of DNS: the server would never be asked).
    #[error("[dns] gives both server and zones: zones answer instead of DNS, so keep one")]
    DnsServerAndZones,
}

impl Config {
    /// A configuration listening on `listen`, writing `authserv_id`, every
    /// section at its default (what a file with only those two keys gives).
    ///
    /// ```
    /// use domainauth_milter::config::{Config, Listen};
    /// let c = Config::new("inet:127.0.0.1:8891".parse()?, "mx.example.net");
    /// assert_eq!(c, Config::parse("listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(listen: Listen, authserv_id: &str) -> Self {
        Self {
            listen,
            socket_mode: default_socket_mode(),
            authserv_id: authserv_id.to_string(),
            policy: PolicyConfig::default(),
            errors: ErrorConfig::default(),
            dns: DnsConfig::default(),
            signing: SigningConfig::default(),
            metrics: MetricsConfig::default(),
            history: HistoryConfig::default(),
            limits: LimitsConfig::default(),
            arc: ArcConfig::default(),
        }
    }

    /// The configuration in `text`.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let config: Self = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (line, column)
            });
            ConfigError::Toml {
                line,
                column,
                message: e.message().trim().replace('\n', " "),
            }
        })?;
        let id = &config.authserv_id;
        let valid = !id.is_empty()
            && id.len() <= 253
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !valid {
            return Err(ConfigError::AuthservId(id.clone()));
        }
        // 660 written without 0o is 0o1224: bits beyond the permissions.
        if config.socket_mode & !0o770 != 0 {
            return Err(ConfigError::SocketMode(config.socket_mode));
        }
        let limits = &config.limits;
        for (name, value) in [
            ("idle_timeout", limits.idle_timeout),
            ("write_timeout", limits.write_timeout),
            ("max_message_size", limits.max_message_size),
            ("max_signatures", limits.max_signatures as u64),
            ("max_dns_queries", u64::from(limits.max_dns_queries)),
            ("dns_deadline", limits.dns_deadline),
            ("max_connections", limits.max_connections as u64),
        ] {
            if value == 0 {
                return Err(ConfigError::ZeroLimit(name));
            }
        }
        if config.dns.server.is_some() && !config.dns.zones.is_empty() {
            return Err(ConfigError::DnsServerAndZones);
        }
        Ok(config)
    }

    /// The configuration in the file at `path`. Relative paths in it
    /// (keys, zone files, a SQLite history file) are read against the
    /// file's folder, not the working directory (`/` under systemd).
    pub fn load(path: &std::path::Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Self::parse(&text)?;
        if let Some(folder) = path.parent() {
            config.resolve_against(folder);
        }
        Ok(config)
    }

    /// Makes the relative paths absolute against `folder`.
    fn resolve_against(&mut self, folder: &std::path::Path) {
        let resolve = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = folder.join(&*p);
            }
        };
        for key in &mut self.signing.keys {
            resolve(&mut key.key);
        }
        if let Some(seal) = &mut self.arc.seal {
            resolve(&mut seal.key);
        }
        for zone in &mut self.dns.zones {
            resolve(zone);
        }
        if let Some(db) = &mut self.history.db
            && !db.contains("://")
            && std::path::Path::new(db.as_str()).is_relative()
        {
            *db = folder.join(db.as_str()).to_string_lossy().into_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commented configuration in docs/milter.md is a file the milter
    /// reads, and the limits it shows are the defaults.
    #[test]
    fn relative_paths_are_read_against_the_files_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("milter.toml");
        std::fs::write(
            &path,
            "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n\
             [dns]\nzones = [\"zones/test.zone\", \"/etc/abs.zone\"]\n\
             [history]\ndb = \"reports.sqlite\"\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"s1\"\nkey = \"keys/s1.private\"\n\
             [arc.seal]\ndomain = \"example.com\"\nselector = \"arc\"\nkey = \"./keys/arc.private\"\n",
        )
        .unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!(c.signing.keys[0].key, dir.path().join("keys/s1.private"));
        assert_eq!(
            c.arc.seal.unwrap().key,
            dir.path().join("./keys/arc.private")
        );
        assert_eq!(
            c.dns.zones,
            [dir.path().join("zones/test.zone"), "/etc/abs.zone".into()]
        );
        let db = dir.path().join("reports.sqlite");
        assert_eq!(c.history.db.as_deref(), db.to_str());
        // A URL stays as it is.
        std::fs::write(
            &path,
            "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n\
             [history]\ndb = \"postgres://u@127.0.0.1/reports\"\n",
        )
        .unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!(
            c.history.db.as_deref(),
            Some("postgres://u@127.0.0.1/reports")
        );
    }

    #[test]
    fn unusable_values_are_refused_by_name() {
        let with = |text: &str| {
            Config::parse(&format!(
                "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n{text}"
            ))
        };
        assert!(with("socket_mode = 0o660").is_ok());
        assert!(with("socket_mode = 0o600").is_ok());
        // Decimal 660 (0o1224), others given access, not a mode at all.
        for mode in ["660", "0o666", "0o777", "0o4660", "4294967295"] {
            assert!(
                matches!(
                    with(&format!("socket_mode = {mode}")),
                    Err(ConfigError::SocketMode(_))
                ),
                "{mode}"
            );
        }
        for key in [
            "idle_timeout",
            "write_timeout",
            "max_message_size",
            "max_signatures",
            "max_dns_queries",
            "dns_deadline",
            "max_connections",
        ] {
            let e = with(&format!("[limits]\n{key} = 0")).unwrap_err();
            assert!(
                matches!(e, ConfigError::ZeroLimit(k) if k == key),
                "{key}: {e}"
            );
            assert!(with(&format!("[limits]\n{key} = 1")).is_ok(), "{key}");
        }
        assert!(matches!(
            with("[dns]\nserver = \"127.0.0.1:53\"\nzones = [\"/x.zone\"]"),
            Err(ConfigError::DnsServerAndZones)
        ));
    }

    #[test]
    fn the_documented_example_is_a_valid_file_with_the_default_limits() {
        let doc = include_str!("../../../docs/milter.md");
        let start = doc.find("```toml\n").expect("a TOML block") + "```toml\n".len();
        let end = start + doc[start..].find("```").expect("its end");
        let text: String = doc[start..end]
            .lines()
            .map(|l| l.strip_prefix("   ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.authserv_id, "mx.example.net");
        assert_eq!(config.signing.keys.len(), 2);
        assert_eq!(config.limits, LimitsConfig::default());
    }

    #[test]
    fn sockets_in_postfix_and_sendmail_notation() {
        let inet = |s: &str| s.parse::<Listen>();
        let local: SocketAddr = "127.0.0.1:8891".parse().unwrap();
        assert_eq!(inet("inet:127.0.0.1:8891"), Ok(Listen::Inet(local)));
        assert_eq!(inet("inet:8891@127.0.0.1"), Ok(Listen::Inet(local)));
        assert_eq!(inet("inet:localhost:8891"), Ok(Listen::Inet(local)));
        // OpenDKIM's usual form.
        assert_eq!(inet("inet:8891@localhost"), Ok(Listen::Inet(local)));
        assert_eq!(
            inet("inet6:[::1]:8891"),
            Ok(Listen::Inet("[::1]:8891".parse().unwrap()))
        );
        assert_eq!(
            inet("unix:/run/domainauth/milter.sock"),
            Ok(Listen::Unix("/run/domainauth/milter.sock".into()))
        );
        for bad in [
            "",
            "8891",
            "inet:",
            "inet:host",
            "inet:1.2.3.4:99999",
            "unix:",
            "unix:relative.sock",
            "tcp:1.2.3.4:5",
        ] {
            let e = inet(bad).unwrap_err();
            assert!(e.to_string().contains("inet:HOST:PORT"), "{bad}: {e}");
        }
    }

    #[test]
    fn defaults_and_errors_name_the_key() {
        let c = Config::parse("listen = \"unix:/tmp/m.sock\"\nauthserv_id = \"mx.example.net\"\n")
            .unwrap();
        assert_eq!(c.policy.reject, Action::Reject);
        assert_eq!(c.policy.quarantine, Action::Quarantine);
        assert_eq!(c.errors.on_failure, OnFailure::Accept);
        let e = Config::parse(
            "listen = \"unix:/tmp/m.sock\"\nauthserv_id = \"mx.example.net\"\nrejct = 1\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("rejct"), "{e}");
        let e = Config::parse("listen = \"tcp:1\"\nauthserv_id = \"mx\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("inet:HOST:PORT") && e.starts_with("line 1, column 10:"),
            "{e}"
        );
        let e = Config::parse("listen = \"unix:/x\"\nauthserv_id = \"mx; dkim=pass\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("host name"), "{e}");
    }
}
