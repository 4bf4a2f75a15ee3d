//! Typed errors as catalog data, so that their text reads in the language
//! of the finding or message that shows them.
//!
//! A finding's parameters are text. When a parameter is an error the crate
//! knows (a DNS failure, a syntax error in a record, a DKIM key that cannot
//! be used …), [`AsReason`] turns it into a [`Reason`]: the id of a
//! `reason-…` message in the catalogs (`locales/reasons-*.ftl`) and the
//! error's own fields as parameters. [`Finding::reason`](super::Finding::reason)
//! and [`Reason::nested`] store it flat, under `name.id` and
//! `name.<param>`, next to `name` holding the English text for readers of
//! JSON; rendering replaces `name` with the reason's text in the language
//! asked for. Names and values (domains, record text, offsets) stay as they
//! are; only the words around them are translated.
//!
//! ```
//! use domainauth::diag::{AsReason, Lang, render_message};
//! use domainauth::dns::DnsError;
//! let error = DnsError::NxDomain { name: "nope.example".into() };
//! let reason = error.reason();
//! assert_eq!(reason.render(Lang::En), error.to_string());
//! assert!(reason.render(Lang::Ja).contains("存在しません"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use super::Lang;

/// A typed error as catalog data: the id of its `reason-…` message and its
/// named parameters. A parameter may itself be a reason, stored flat as by
/// [`Reason::nested`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    /// The message id, e.g. `reason-dns-nxdomain`.
    pub id: &'static str,
    /// Named values for the text.
    pub params: BTreeMap<String, String>,
}

impl Reason {
    /// A reason without parameters.
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }

    /// Adds an error as parameter `name`: its English text under `name`
    /// and its reason under `name.id`, `name.<param>`.
    pub fn nested<E: AsReason + fmt::Display + ?Sized>(mut self, name: &str, error: &E) -> Self {
        self.params.insert(name.to_string(), error.to_string());
        self.params.extend(error.reason().flatten(name));
        self
    }

    /// The reason as parameters under `name`: `name.id` and `name.<param>`.
    pub fn flatten(&self, name: &str) -> impl Iterator<Item = (String, String)> + '_ {
        let name = name.to_string();
        std::iter::once((format!("{name}.id"), self.id.to_string())).chain(
            self.params
                .iter()
                .map(move |(k, v)| (format!("{name}.{k}"), v.clone())),
        )
    }

    /// The reason's text in `lang` (control characters in values escaped).
    pub fn render(&self, lang: Lang) -> String {
        super::render_message(lang, self.id, &self.params)
    }
}

/// The English text, as an error's Display would say it.
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl AsReason for Reason {
    fn reason(&self) -> Reason {
        self.clone()
    }
}

/// An error whose text the catalogs hold (`reasons-en.ftl`, `reasons-ja.ftl`),
/// so a finding that carries it renders in the reader's language.
pub trait AsReason {
    /// The catalog id and parameters of this error.
    fn reason(&self) -> Reason;
}

impl<T: AsReason + ?Sized> AsReason for &T {
    fn reason(&self) -> Reason {
        (**self).reason()
    }
}

fn r(id: &'static str) -> Reason {
    Reason::new(id)
}

impl AsReason for std::io::Error {
    /// The kinds a user meets reading and writing files get words of their
    /// own; any other is named by the system's error number.
    fn reason(&self) -> Reason {
        use std::io::ErrorKind;
        match self.kind() {
            ErrorKind::NotFound => r("reason-io-not-found"),
            ErrorKind::PermissionDenied => r("reason-io-permission-denied"),
            ErrorKind::IsADirectory => r("reason-io-is-a-directory"),
            ErrorKind::AlreadyExists => r("reason-io-already-exists"),
            ErrorKind::InvalidData => r("reason-io-invalid-data"),
            ErrorKind::StorageFull => r("reason-io-storage-full"),
            ErrorKind::FileTooLarge => r("reason-io-too-large"),
            ErrorKind::InvalidInput => r("reason-io-not-regular"),
            ErrorKind::NotADirectory => r("reason-io-not-a-directory"),
            ErrorKind::DirectoryNotEmpty => r("reason-io-directory-not-empty"),
            ErrorKind::ReadOnlyFilesystem => r("reason-io-read-only"),
            ErrorKind::QuotaExceeded => r("reason-io-quota-exceeded"),
            ErrorKind::InvalidFilename => r("reason-io-invalid-filename"),
            ErrorKind::ResourceBusy => r("reason-io-busy"),
            ErrorKind::TooManyLinks => r("reason-io-too-many-links"),
            ErrorKind::UnexpectedEof => r("reason-io-unexpected-eof"),
            ErrorKind::BrokenPipe => r("reason-io-broken-pipe"),
            ErrorKind::TimedOut => r("reason-io-timed-out"),
            ErrorKind::Interrupted => r("reason-io-interrupted"),
            ErrorKind::OutOfMemory => r("reason-io-out-of-memory"),
            _ => match self.raw_os_error() {
                Some(code) => r("reason-io-os").param("code", code),
                None => r("reason-io-other").param("kind", format!("{:?}", self.kind())),
            },
        }
        .param("error", self)
    }
}

impl AsReason for crate::dns::DnsError {
    fn reason(&self) -> Reason {
        use crate::dns::DnsError as E;
        match self {
            E::NxDomain { name } => r("reason-dns-nxdomain").param("name", name),
            E::NoData { name, rtype } => r("reason-dns-nodata")
                .param("name", name)
                .param("rtype", rtype),
            E::Timeout { name, rtype } => r("reason-dns-timeout")
                .param("name", name)
                .param("rtype", rtype),
            E::ServFail { name, rtype, rcode } => r("reason-dns-servfail")
                .param("name", name)
                .param("rtype", rtype)
                .param("rcode", rcode),
            E::Network {
                name,
                rtype,
                reason,
            } => r("reason-dns-network")
                .param("name", name)
                .param("rtype", rtype)
                .param("reason", reason),
            E::Unreachable {
                name,
                rtype,
                unreachable,
            } => r("reason-dns-unreachable")
                .param("name", name)
                .param("rtype", rtype)
                .nested("unreachable", unreachable),
            E::OverBudget { name, rtype, limit } => r("reason-dns-over-budget")
                .param("name", name)
                .param("rtype", rtype)
                .nested("limit", limit),
            E::InvalidName { name, error } => r("reason-dns-invalid-name")
                .param("name", name)
                .nested("error", error),
        }
    }
}

impl AsReason for crate::dns::ResolverUnreachable {
    fn reason(&self) -> Reason {
        use crate::dns::UnreachableCause as C;
        let base = r("reason-resolver-unreachable").param("servers", self.servers_text());
        match &self.cause {
            C::Refused => base.param("cause", "refused"),
            C::Network { reason } => base.param("cause", "network").param("reason", reason),
            C::Silent { waited_ms } => base.param("cause", "silent").param("waited_ms", waited_ms),
        }
    }
}

impl AsReason for crate::dns::BudgetLimit {
    fn reason(&self) -> Reason {
        use crate::dns::BudgetLimit as L;
        match self {
            L::Queries { max } => r("reason-budget-queries").param("max", max),
            L::Deadline { after_ms } => r("reason-budget-deadline").param("after_ms", after_ms),
        }
    }
}

impl AsReason for crate::check::FetchError {
    fn reason(&self) -> Reason {
        use crate::check::FetchError as E;
        match self {
            E::Status { status } => r("reason-fetch-status").param("status", status),
            E::ContentType { value } => r("reason-fetch-content-type").param("value", value),
            E::TooLarge { limit } => r("reason-fetch-too-large").param("limit", limit),
            E::Transport { reason } => r("reason-fetch-transport").param("reason", reason),
        }
    }
}

impl AsReason for crate::dns::DomainNameError {
    fn reason(&self) -> Reason {
        use crate::dns::DomainNameError as E;
        match self {
            E::Empty => r("reason-name-empty"),
            E::LabelTooLong { label, len } => r("reason-name-label-too-long")
                .param("label", label)
                .param("len", len),
            E::EmptyLabel => r("reason-name-empty-label"),
            E::TooLong { len } => r("reason-name-too-long").param("len", len),
            E::SingleLabel { name } => r("reason-name-single-label").param("name", name),
            E::InvalidCharacter { name, ch, pos } => r("reason-name-invalid-character")
                .param("name", name)
                .param("ch", ch)
                .param("pos", pos),
            E::AddressLiteral { name } => r("reason-name-address-literal").param("name", name),
            E::IpAddress { name } => r("reason-name-ip-address").param("name", name),
            E::NumericTld { name } => r("reason-name-numeric-tld").param("name", name),
            E::InvalidIdn { name } => r("reason-name-invalid-idn").param("name", name),
        }
    }
}

/// What a zone-file line should have held, as a key the catalogs select
/// their wording by (`other`: the English words are shown).
#[cfg(feature = "zone")]
fn expected_id(expected: &str) -> &'static str {
    match expected {
        "an IPv4 address" => "ipv4",
        "an IPv6 address" => "ipv6",
        "one or more character-strings" => "strings",
        "a preference (0-65535) and a name" => "mx",
        "one domain name" => "name",
        "one TTL" => "ttl",
        "a file name and an optional origin" => "include",
        _ => "other",
    }
}

#[cfg(feature = "zone")]
impl AsReason for crate::dns::ZoneSyntaxError {
    fn reason(&self) -> Reason {
        use crate::dns::ZoneSyntaxError as E;
        match self {
            E::UnterminatedString => r("reason-zone-unterminated-string"),
            E::Parenthesis => r("reason-zone-parenthesis"),
            E::BadEscape { text } => r("reason-zone-bad-escape").param("text", text),
            E::UnknownDirective { directive } => {
                r("reason-zone-unknown-directive").param("directive", directive)
            }
            E::DirectiveArguments {
                directive,
                expected,
            } => r("reason-zone-directive-arguments")
                .param("directive", directive)
                .param("expected", expected)
                .param("expected_id", expected_id(expected)),
            E::BadTtl { text } => r("reason-zone-bad-ttl").param("text", text),
            E::NoOwner => r("reason-zone-no-owner"),
            E::NoOrigin => r("reason-zone-no-origin"),
            E::BadName { name, error } => r("reason-zone-bad-name")
                .param("name", name)
                .nested("error", error),
            E::UnrepresentableName { name } => {
                r("reason-zone-unrepresentable-name").param("name", name)
            }
            E::Class { class } => r("reason-zone-class").param("class", class),
            E::UnknownType { text } => r("reason-zone-unknown-type").param("text", text),
            E::BadRdata {
                rtype,
                text,
                expected,
            } => r("reason-zone-bad-rdata")
                .param("rtype", rtype)
                .param("text", text)
                .param("expected", expected)
                .param("expected_id", expected_id(expected)),
            E::RelativeInclude => r("reason-zone-relative-include"),
            E::IncludeDepth => r("reason-zone-include-depth"),
            E::IncludeUnreadable { file, kind } => r("reason-zone-include-unreadable")
                .param("file", file.display())
                .nested("error", &std::io::Error::from(*kind)),
        }
    }
}

#[cfg(feature = "zone")]
impl AsReason for crate::dns::ZoneError {
    fn reason(&self) -> Reason {
        use crate::dns::ZoneError as E;
        match self {
            E::Io { path, source } => r("reason-zone-io")
                .param("path", path.display())
                .nested("error", source),
            E::Parse {
                path,
                line,
                column,
                error,
            } => r("reason-zone-parse")
                .param("path", path.display())
                .param("line", line)
                .param("column", column)
                .nested("error", error),
        }
    }
}

#[cfg(feature = "hickory")]
impl AsReason for crate::dns::HickoryInitError {
    fn reason(&self) -> Reason {
        r("reason-resolver-setup").param("reason", self.cause())
    }
}

impl AsReason for crate::spf::MacroError {
    fn reason(&self) -> Reason {
        use crate::spf::MacroError as E;
        match self {
            E::BadPercent { pos } => r("reason-spf-macro-bad-percent").param("pos", pos),
            E::Unclosed { pos } => r("reason-spf-macro-unclosed").param("pos", pos),
            E::BadLetter { pos, letter } => r("reason-spf-macro-bad-letter")
                .param("pos", pos)
                .param("letter", letter),
            E::BadTransformer { pos } => r("reason-spf-macro-bad-transformer").param("pos", pos),
            E::BadChar { pos, ch } => r("reason-spf-macro-bad-char")
                .param("pos", pos)
                .param("ch", ch),
        }
    }
}

impl AsReason for crate::spf::RecordErrorKind {
    fn reason(&self) -> Reason {
        use crate::spf::RecordErrorKind as E;
        match self {
            E::NotSpf => r("reason-spf-not-spf"),
            E::UnknownMechanism { name } => r("reason-spf-unknown-mechanism").param("name", name),
            E::MissingValue { mechanism } => {
                r("reason-spf-missing-value").param("mechanism", mechanism)
            }
            E::Trailing { mechanism, text } => r("reason-spf-trailing")
                .param("mechanism", mechanism)
                .param("text", text),
            E::BadCidr { text } => r("reason-spf-bad-cidr").param("text", text),
            E::BadIp4 { text } => r("reason-spf-bad-ip4").param("text", text),
            E::BadIp6 { text } => r("reason-spf-bad-ip6").param("text", text),
            E::BadDomainEnd { text } => r("reason-spf-bad-domain-end").param("text", text),
            E::Macro { error } => r("reason-spf-macro").nested("error", error),
            E::DuplicateModifier { name } => r("reason-spf-duplicate-modifier").param("name", name),
            E::BadTerm { text } => r("reason-spf-bad-term").param("text", text),
            E::BadChar { ch } => r("reason-spf-bad-char").param("ch", ch),
        }
    }
}

impl AsReason for crate::spf::RecordError {
    fn reason(&self) -> Reason {
        r("reason-spf-record-error")
            .nested("kind", &self.kind)
            .param("term", &self.term)
            .param("pos", self.pos)
    }
}

impl AsReason for crate::spf::Problem {
    fn reason(&self) -> Reason {
        use crate::spf::Problem as P;
        match self {
            P::InvalidDomain { domain, source } => r("reason-spf-problem-invalid-domain")
                .param("domain", domain)
                .nested("error", source),
            P::NoRecord { domain } => r("reason-spf-problem-no-record").param("domain", domain),
            P::NoSuchDomain { domain } => {
                r("reason-spf-problem-no-such-domain").param("domain", domain)
            }
            P::IncludeLoop { domain, chain } => r("reason-spf-problem-include-loop")
                .param("domain", domain)
                .param("chain", chain.join(" → ")),
            P::MultipleRecords { domain, count } => r("reason-spf-problem-multiple-records")
                .param("domain", domain)
                .param("count", count),
            P::Syntax { domain, error, .. } => r("reason-spf-problem-syntax")
                .param("domain", domain)
                .nested("error", error),
            P::Dns { error } => r("reason-spf-problem-dns").nested("error", error),
            P::TooManyDnsTerms {
                limit,
                term,
                domain,
                ..
            } => r("reason-spf-problem-too-many-dns-terms")
                .param("limit", limit)
                .param("term", term)
                .param("domain", domain),
            P::TooManyVoidLookups {
                limit,
                term,
                domain,
            } => r("reason-spf-problem-too-many-void-lookups")
                .param("limit", limit)
                .param("term", term)
                .param("domain", domain),
            P::TooManyMxNames {
                target,
                count,
                limit,
                term,
            } => r("reason-spf-problem-too-many-mx-names")
                .param("target", target)
                .param("count", count)
                .param("limit", limit)
                .param("term", term),
            P::IncludeNoRecord {
                domain,
                term,
                target,
            } => r("reason-spf-problem-include-no-record")
                .param("domain", domain)
                .param("term", term)
                .param("target", target),
            P::RedirectNoRecord { domain, target } => r("reason-spf-problem-redirect-no-record")
                .param("domain", domain)
                .param("target", target),
        }
    }
}

impl AsReason for crate::dkim::TagError {
    fn reason(&self) -> Reason {
        use crate::dkim::TagError as E;
        match self {
            E::MissingEquals { pos } => r("reason-tag-missing-equals").param("pos", pos),
            E::BadName { pos, name } => r("reason-tag-bad-name")
                .param("pos", pos)
                .param("name", name),
            E::Duplicate { pos, name } => r("reason-tag-duplicate")
                .param("pos", pos)
                .param("name", name),
            E::TooManyTags { pos, limit } => r("reason-tag-too-many")
                .param("pos", pos)
                .param("limit", limit),
            E::BadValueChar { pos, name, ch } => r("reason-tag-bad-value-char")
                .param("pos", pos)
                .param("name", name)
                .param("ch", ch),
        }
    }
}

impl AsReason for crate::dkim::QpError {
    fn reason(&self) -> Reason {
        use crate::dkim::QpError as E;
        match self {
            E::BadHexOctet { pos } => r("reason-qp-bad-hex-octet").param("pos", pos),
            E::NotUtf8 => r("reason-qp-not-utf8"),
        }
    }
}

impl AsReason for crate::dkim::KeyError {
    fn reason(&self) -> Reason {
        use crate::dkim::KeyError as E;
        match self {
            E::Syntax { error } => error.reason(),
            E::Version => r("reason-key-version"),
            E::MissingKey => r("reason-key-missing-key"),
            E::Base64 => r("reason-key-base64"),
            E::TooManyItems { tag, count, limit } => r("reason-key-too-many-items")
                .param("tag", tag)
                .param("count", count)
                .param("limit", limit),
            E::UnknownKeyType { value } => r("reason-key-unknown-type").param("value", value),
        }
    }
}

impl AsReason for crate::dkim::PublicKeyError {
    fn reason(&self) -> Reason {
        use crate::dkim::PublicKeyError as E;
        match self {
            E::Malformed { key_type } => r("reason-key-malformed").param("key_type", key_type),
        }
    }
}

impl AsReason for crate::dkim::PrivateKeyError {
    fn reason(&self) -> Reason {
        use crate::dkim::PrivateKeyError as E;
        match self {
            E::Format => r("reason-private-key-format"),
            // The library's own text only where we have no words for it.
            E::Rejected(why) if why.cause() == "other" => r("reason-private-key-rejected")
                .param("cause", why.cause())
                .param("detail", why.detail()),
            E::Rejected(why) => r("reason-private-key-rejected").param("cause", why.cause()),
            E::Algorithm { algorithm } => {
                r("reason-private-key-algorithm").param("algorithm", algorithm)
            }
            E::UnsupportedSize { bits } => r("reason-private-key-rsa-size").param("bits", bits),
            E::TooShort { bits } => r("reason-private-key-too-short").param("bits", bits),
        }
    }
}

impl AsReason for crate::dkim::SignatureErrorKind {
    fn reason(&self) -> Reason {
        use crate::dkim::SignatureErrorKind as E;
        match self {
            E::Syntax { error } => error.reason(),
            E::Missing { tag } => r("reason-sig-missing").param("tag", tag),
            E::Version { value } => r("reason-sig-version").param("value", value),
            E::Algorithm { value } => r("reason-sig-algorithm").param("value", value),
            E::Base64 { tag } => r("reason-sig-base64").param("tag", tag),
            E::Canonicalization { value } => r("reason-sig-canonicalization").param("value", value),
            E::TooManySignedHeaders { count, limit } => r("reason-sig-too-many-signed-headers")
                .param("count", count)
                .param("limit", limit),
            E::FromNotSigned => r("reason-sig-from-not-signed"),
            E::Domain { value } => r("reason-sig-domain").param("value", value),
            E::Selector { value } => r("reason-sig-selector").param("value", value),
            E::IdentityEncoding { value, error } => r("reason-sig-identity-encoding")
                .param("value", value)
                .nested("error", error),
            E::Identity { identity, domain } => r("reason-sig-identity")
                .param("identity", identity)
                .param("domain", domain),
            E::Number { tag, value } => r("reason-sig-number")
                .param("tag", tag)
                .param("value", value),
            E::ExpiresBeforeSigned {
                timestamp,
                expiration,
            } => r("reason-sig-expires-before-signed")
                .param("timestamp", timestamp)
                .param("expiration", expiration),
            E::QueryMethod { value } => r("reason-sig-query-method").param("value", value),
        }
    }
}

impl AsReason for crate::dkim::SignatureError {
    fn reason(&self) -> Reason {
        r("reason-sig-error")
            .nested("kind", &self.kind)
            .param("pos", self.pos)
    }
}

impl AsReason for crate::dkim::DkimProblem {
    fn reason(&self) -> Reason {
        use crate::dkim::DkimProblem as P;
        match self {
            P::Signature { error } => r("reason-dkim-signature").nested("error", error),
            P::TooManySignatures { limit, skipped } => r("reason-dkim-too-many-signatures")
                .param("limit", limit)
                .param("skipped", skipped),
            P::NoKey { name } => r("reason-dkim-no-key").param("name", name),
            P::KeyDns { error } => r("reason-dkim-key-dns").nested("error", error),
            P::SeveralKeys { name, count } => r("reason-dkim-several-keys")
                .param("name", name)
                .param("count", count),
            P::KeySyntax { name, error } => r("reason-dkim-key-syntax")
                .param("name", name)
                .nested("error", error),
            P::Revoked { name } => r("reason-dkim-revoked").param("name", name),
            P::BadKey { name, error } => r("reason-dkim-bad-key")
                .param("name", name)
                .nested("error", error),
            P::KeyTypeMismatch {
                algorithm,
                key_type,
            } => r("reason-dkim-key-type-mismatch")
                .param("algorithm", algorithm)
                .param("key_type", key_type),
            P::HashNotAllowed { hash } => r("reason-dkim-hash-not-allowed").param("hash", hash),
            P::NotForEmail => r("reason-dkim-not-for-email"),
            P::KeyTooShort { bits, min } => r("reason-dkim-key-too-short")
                .param("bits", bits)
                .param("min", min),
            P::Sha1 => r("reason-dkim-sha1"),
            P::StrictIdentity => r("reason-dkim-strict-identity"),
            P::Expired { expiration, now } => r("reason-dkim-expired")
                .param("expiration", expiration)
                .param("now", now),
            P::FutureTimestamp { timestamp, now } => r("reason-dkim-future")
                .param("timestamp", timestamp)
                .param("now", now),
            P::BodyShorterThanLength { length, actual } => r("reason-dkim-body-shorter")
                .param("length", length)
                .param("actual", actual),
            P::UnsignedTail { tail } => r("reason-dkim-unsigned-tail").param("tail", tail),
            P::BodyHashMismatch => r("reason-dkim-body-hash"),
            P::SignatureMismatch { fields } => {
                r("reason-dkim-signature-mismatch").param("fields", fields)
            }
        }
    }
}

impl AsReason for crate::arc::HeaderErrorKind {
    fn reason(&self) -> Reason {
        use crate::arc::HeaderErrorKind as K;
        match self {
            K::Syntax { error } => error.reason(),
            K::EmptyTag => r("reason-arc-empty-tag"),
            K::Missing { tag } => r("reason-arc-missing-tag").param("tag", tag),
            K::Instance { value } => r("reason-arc-instance").param("value", value),
            K::Signature { error } => error.reason(),
            K::Sha1 => r("reason-arc-sha1"),
            K::ChainStatus { value } => r("reason-arc-cv-value").param("value", value),
            K::SealHeaderList => r("reason-arc-seal-h"),
            K::AuthResults { error } => error.reason(),
            K::NoAuthservId => r("reason-arc-no-authserv-id"),
        }
    }
}

impl AsReason for crate::arc::HeaderError {
    fn reason(&self) -> Reason {
        r("reason-arc-header")
            .param("header", self.header)
            .param(
                "instance",
                self.instance
                    .map_or_else(|| "none".to_string(), |i| i.to_string()),
            )
            .param("tag", self.tag.as_deref().unwrap_or("none"))
            .param(
                "at",
                match &self.tag {
                    _ if self.kind.names_position() => "named",
                    Some(_) => "tag",
                    None => "field",
                },
            )
            .param("pos", self.pos)
            .nested("kind", &self.kind)
    }
}

impl AsReason for crate::arc::ChainProblem {
    fn reason(&self) -> Reason {
        use crate::arc::ChainProblem as P;
        match self {
            P::TooManySets { header, count } => r("reason-arc-too-many-sets")
                .param("header", header)
                .param("count", count),
            P::Header { error } => error.reason(),
            P::Duplicate { header } => r("reason-arc-duplicate").param("header", header),
            P::Missing { header } => r("reason-arc-missing").param("header", header),
            P::NewestSealFailed => r("reason-arc-newest-failed"),
            P::ChainStatusOrder { cv, expected } => r("reason-arc-cv-order")
                .param("cv", cv)
                .param("expected", expected),
            P::SignsSeal => r("reason-arc-signs-seal"),
            P::MessageSignature { problem, .. } => r("reason-arc-ams").nested("problem", problem),
            P::SealKey { problem, .. } => r("reason-arc-seal-key").nested("problem", problem),
            P::SealMismatch => r("reason-arc-seal-mismatch"),
        }
    }
}

impl AsReason for crate::arc::ChainFailure {
    fn reason(&self) -> Reason {
        use crate::arc::ChainProblem as P;
        match (self.instance, &self.reason) {
            (_, P::Header { error }) => error.reason(),
            (Some(i), reason) => r("reason-arc-failure")
                .param("instance", i)
                .nested("problem", reason),
            (None, reason) => reason.reason(),
        }
    }
}

impl AsReason for crate::arc::SealError {
    fn reason(&self) -> Reason {
        use crate::arc::SealError as E;
        match self {
            E::Mail(e) => r("reason-sign-mail").nested("error", e),
            E::InstanceLimit { highest } => {
                r("reason-arc-seal-instance-limit").param("highest", highest)
            }
            E::ChainMismatch {
                cv,
                fields,
                highest,
            } => r("reason-arc-seal-chain-mismatch")
                .param("cv", cv)
                .param("fields", fields)
                .param("highest", highest),
            E::InvalidName { tag, value } => r("reason-arc-seal-invalid-name")
                .param("tag", tag)
                .param("value", value),
            E::InvalidHeaderName { name } => r("reason-arc-seal-header-name").param("name", name),
            E::SignsSeal => r("reason-arc-seal-signs-seal"),
            E::TooManySignedHeaders { count, limit } => r("reason-arc-seal-too-many-headers")
                .param("count", count)
                .param("limit", limit),
            E::AuthservId { value } => r("reason-arc-seal-authserv-id").param("value", value),
            E::ResultsControl { pos } => r("reason-arc-seal-results-control").param("pos", pos),
            E::ResultsSyntax { part } => r("reason-arc-seal-results-syntax").param("part", part),
            E::HeaderTooLarge { bytes, limit } => r("reason-arc-seal-header-too-large")
                .param("bytes", bytes)
                .param("limit", limit),
            E::TooManyFields { fields, limit } => r("reason-arc-seal-too-many-fields")
                .param("fields", fields)
                .param("limit", limit),
            E::Key(e) => e.reason(),
        }
    }
}

impl AsReason for crate::dkim::SignError {
    fn reason(&self) -> Reason {
        use crate::dkim::SignError as E;
        match self {
            E::Mail(e) => r("reason-sign-mail").nested("error", e),
            E::NoFrom => r("reason-sign-no-from"),
            E::TooManySignedHeaders { count, limit } => r("reason-sign-too-many-signed-headers")
                .param("count", count)
                .param("limit", limit),
            E::Key(e) => e.reason(),
            E::InvalidName { tag, value } => r("reason-sign-invalid-name")
                .param("tag", tag)
                .param("value", value),
            E::InvalidHeaderName { name } => {
                r("reason-sign-invalid-header-name").param("name", name)
            }
            E::ZeroLifetime => r("reason-sign-zero-lifetime"),
        }
    }
}

impl AsReason for crate::mail::MailError {
    fn reason(&self) -> Reason {
        use crate::mail::MailError as E;
        match self {
            E::HeaderTooLarge { limit } => r("reason-mail-header-too-large").param("limit", limit),
            E::TooManyFields { limit } => r("reason-mail-too-many-fields").param("limit", limit),
            E::NoHeader => r("reason-mail-no-header"),
        }
    }
}

impl AsReason for crate::mail::received::ReceivedError {
    fn reason(&self) -> Reason {
        use crate::mail::received::ReceivedError as E;
        match self {
            E::Empty => r("reason-received-empty"),
            E::TooLong { limit } => r("reason-received-too-long").param("limit", limit),
            E::UnbalancedParenthesis { position } => {
                r("reason-received-unbalanced-parenthesis").param("position", position)
            }
            E::Unclosed {
                delimiter,
                position,
            } => r("reason-received-unclosed")
                .param("delimiter", delimiter)
                .param("position", position),
            E::RepeatedClause { clause } => {
                r("reason-received-repeated-clause").param("clause", clause)
            }
            E::ClauseOrder { clause, after } => r("reason-received-clause-order")
                .param("clause", clause)
                .param("after", after),
            E::AmbiguousClientAddress { first, second } => {
                r("reason-received-ambiguous-client-address")
                    .param("first", first)
                    .param("second", second)
            }
            E::NoClauses => r("reason-received-no-clauses"),
        }
    }
}

impl AsReason for crate::authres::AuthResError {
    fn reason(&self) -> Reason {
        use crate::authres::AuthResError as E;
        match self {
            E::Empty => r("reason-authres-empty"),
            E::NoAuthservId { position } => {
                r("reason-authres-no-authserv-id").param("position", position)
            }
            E::ControlInAuthservId { position } => {
                r("reason-authres-control-in-authserv-id").param("position", position)
            }
            E::TooLong { limit } => r("reason-authres-too-long").param("limit", limit),
        }
    }
}

impl AsReason for crate::dmarc::PslError {
    fn reason(&self) -> Reason {
        r("reason-psl").param("detail", self.detail())
    }
}

/// An error and its sources on one line, for a log or a message: a source
/// whose text the error already quotes is not repeated (client libraries'
/// messages often name no cause of their own, or repeat it), and line
/// breaks become spaces.
///
/// ```
/// let e = std::io::Error::other("cannot read zone file a.zone");
/// assert_eq!(domainauth::diag::one_line(&e), "cannot read zone file a.zone");
/// ```
pub fn one_line(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::render_message_strict;

    /// Every reason renders in both languages without a missing message or
    /// variable, the Japanese text is not the English one, and the English
    /// text is what the error's Display says (the catalog and the error
    /// types keep one wording).
    fn check<E: AsReason + fmt::Display>(samples: &[E]) {
        for e in samples {
            let reason = e.reason();
            let en = render_message_strict(Lang::En, reason.id, &reason.params)
                .unwrap_or_else(|errs| panic!("{}: {errs:?}", reason.id));
            let ja = render_message_strict(Lang::Ja, reason.id, &reason.params)
                .unwrap_or_else(|errs| panic!("{}: {errs:?}", reason.id));
            assert_eq!(en, e.to_string(), "{}", reason.id);
            assert_ne!(en, ja, "{}", reason.id);
        }
    }

    /// [`check`], and each sample's JSON has no object with a key twice
    /// (an internally tagged enum whose variant holds another value with
    /// the same key: `{"kind":"syntax","kind":"missing_equals"}`).
    fn check_serialized<E: AsReason + fmt::Display + serde::Serialize>(samples: &[E]) {
        check(samples);
        for e in samples {
            let json = serde_json::to_string(e).unwrap();
            if let Err(why) = domainauth_testkit::json::no_repeated_keys(json.as_bytes()) {
                panic!("{why} in {json}");
            }
        }
    }

    #[test]
    fn dns_reasons_render_in_both_languages() {
        use crate::dns::{BudgetLimit, DnsError, DomainNameError, RecordType};
        let name = || "x.example".to_string();
        check_serialized(&[
            DnsError::NxDomain { name: name() },
            DnsError::NoData {
                name: name(),
                rtype: RecordType::Txt,
            },
            DnsError::Timeout {
                name: name(),
                rtype: RecordType::Mx,
            },
            DnsError::ServFail {
                name: name(),
                rtype: RecordType::A,
                rcode: "SERVFAIL".into(),
            },
            DnsError::Network {
                name: name(),
                rtype: RecordType::Aaaa,
                reason: "io".into(),
            },
            DnsError::Unreachable {
                name: name(),
                rtype: RecordType::Txt,
                unreachable: crate::dns::ResolverUnreachable::new(
                    vec!["192.0.2.53:53".parse().unwrap()],
                    crate::dns::UnreachableCause::Refused,
                ),
            },
            DnsError::Unreachable {
                name: name(),
                rtype: RecordType::Txt,
                unreachable: crate::dns::ResolverUnreachable::new(
                    vec!["192.0.2.53:53".parse().unwrap()],
                    crate::dns::UnreachableCause::Silent { waited_ms: 5000 },
                ),
            },
            DnsError::Unreachable {
                name: name(),
                rtype: RecordType::Txt,
                unreachable: crate::dns::ResolverUnreachable::new(
                    vec!["192.0.2.53:53".parse().unwrap()],
                    crate::dns::UnreachableCause::Network {
                        reason: "no route to host".into(),
                    },
                ),
            },
            DnsError::OverBudget {
                name: name(),
                rtype: RecordType::Ptr,
                limit: BudgetLimit::Queries { max: 60 },
            },
            DnsError::OverBudget {
                name: name(),
                rtype: RecordType::Txt,
                limit: BudgetLimit::Deadline { after_ms: 20000 },
            },
            DnsError::InvalidName {
                name: "192.0.2.1".into(),
                error: DomainNameError::IpAddress {
                    name: "192.0.2.1".into(),
                },
            },
        ]);
        check_serialized(&[
            crate::check::FetchError::Status { status: 404 },
            crate::check::FetchError::ContentType {
                value: "text/html".into(),
            },
            crate::check::FetchError::TooLarge { limit: 65536 },
            crate::check::FetchError::Transport {
                reason: "connection refused".into(),
            },
        ]);
        check_serialized(&[
            DomainNameError::Empty,
            DomainNameError::LabelTooLong {
                label: "a".repeat(64),
                len: 64,
            },
            DomainNameError::EmptyLabel,
            DomainNameError::TooLong { len: 300 },
            DomainNameError::SingleLabel { name: "x".into() },
            DomainNameError::IpAddress {
                name: "2001:db8::1".into(),
            },
            DomainNameError::InvalidIdn {
                name: "xn--a.example".into(),
            },
            DomainNameError::InvalidCharacter {
                name: "a!b.example".into(),
                ch: '!',
                pos: 1,
            },
            DomainNameError::AddressLiteral {
                name: "[192.0.2.1]".into(),
            },
        ]);
    }

    #[cfg(feature = "zone")]
    #[test]
    fn zone_reasons_render_in_both_languages() {
        use crate::dns::{DomainNameError, ZoneError, ZoneSyntaxError as E};
        let all = [
            E::UnterminatedString,
            E::Parenthesis,
            E::BadEscape {
                text: "\\999".into(),
            },
            E::UnknownDirective {
                directive: "$FOO".into(),
            },
            E::DirectiveArguments {
                directive: "$TTL",
                expected: "one TTL",
            },
            E::BadTtl { text: "1x".into() },
            E::NoOwner,
            E::NoOrigin,
            E::BadName {
                name: "a..b".into(),
                error: DomainNameError::EmptyLabel,
            },
            E::UnrepresentableName {
                name: "a\\.b".into(),
            },
            E::Class { class: "CH".into() },
            E::UnknownType {
                text: "TXTX".into(),
            },
            E::BadRdata {
                rtype: "A",
                text: "1.2.3".into(),
                expected: "an IPv4 address",
            },
            E::RelativeInclude,
            E::IncludeDepth,
            E::IncludeUnreadable {
                file: "inc.zone".into(),
                kind: std::io::ErrorKind::NotFound,
            },
        ];
        check(&all);
        check(&[ZoneError::Parse {
            path: "z.zone".into(),
            line: 3,
            column: 7,
            error: E::Parenthesis,
        }]);
        // Io's Display leaves the cause to source(); the reason names it.
        let io = ZoneError::Io {
            path: "z.zone".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        let reason = io.reason();
        for lang in Lang::ALL {
            render_message_strict(*lang, reason.id, &reason.params).unwrap();
        }
    }

    #[test]
    fn spf_record_reasons_render_in_both_languages() {
        use crate::spf::{MacroError as M, RecordErrorKind as K};
        let kinds = [
            K::NotSpf,
            K::UnknownMechanism {
                name: "ipv4".into(),
            },
            K::MissingValue {
                mechanism: "include".into(),
            },
            K::Trailing {
                mechanism: "all".into(),
                text: ":x".into(),
            },
            K::BadCidr { text: "33".into() },
            K::BadIp4 {
                text: "192.0.2.300".into(),
            },
            K::BadIp6 { text: "::g".into() },
            K::BadDomainEnd {
                text: "example".into(),
            },
            K::Macro {
                error: M::BadPercent { pos: 1 },
            },
            K::Macro {
                error: M::Unclosed { pos: 2 },
            },
            K::Macro {
                error: M::BadLetter {
                    pos: 3,
                    letter: 'q',
                },
            },
            K::Macro {
                error: M::BadTransformer { pos: 4 },
            },
            K::Macro {
                error: M::BadChar { pos: 5, ch: ' ' },
            },
            K::DuplicateModifier {
                name: "redirect".into(),
            },
            K::BadTerm { text: "foo".into() },
            K::BadChar { ch: '\t' },
        ];
        check_serialized(&kinds);
        check_serialized(&[bad_ip4_term()]);
    }

    /// A syntax error in an SPF term, with its place.
    fn bad_ip4_term() -> crate::spf::RecordError {
        crate::spf::RecordError {
            pos: 7,
            term: "ip4:192.0.2.300".into(),
            kind: crate::spf::RecordErrorKind::BadIp4 {
                text: "192.0.2.300".into(),
            },
        }
    }

    #[test]
    fn spf_problem_reasons_render_in_both_languages() {
        use crate::dns::{DnsError, DomainNameError};
        use crate::spf::Problem as P;
        let error = bad_ip4_term();
        let d = || "example.com".to_string();
        check_serialized(&[
            P::InvalidDomain {
                domain: "x".into(),
                source: DomainNameError::SingleLabel { name: "x".into() },
            },
            P::NoRecord { domain: d() },
            P::MultipleRecords {
                domain: d(),
                count: 2,
            },
            P::Syntax {
                domain: d(),
                record: "v=spf1 ip4:192.0.2.300".into(),
                error,
            },
            P::Dns {
                error: DnsError::NxDomain { name: d() },
            },
            P::TooManyDnsTerms {
                limit: 10,
                term: "include:a.example".into(),
                domain: d(),
                chain: vec![d()],
            },
            P::NoSuchDomain { domain: d() },
            P::IncludeLoop {
                domain: d(),
                chain: vec![d(), "b.example".into(), d()],
            },
            P::TooManyVoidLookups {
                limit: 2,
                term: "a:b.example".into(),
                domain: d(),
            },
            P::TooManyMxNames {
                target: "mx.example".into(),
                count: 11,
                limit: 10,
                term: "mx:mx.example".into(),
            },
            P::IncludeNoRecord {
                domain: d(),
                term: "include:nope.example".into(),
                target: "nope.example".into(),
            },
            P::RedirectNoRecord {
                domain: d(),
                target: "nope.example".into(),
            },
        ]);
    }

    #[test]
    fn dkim_key_reasons_render_in_both_languages() {
        use crate::dkim::{KeyError, PrivateKeyError, PublicKeyError, QpError, TagError as T};
        let tags = [
            T::MissingEquals { pos: 3 },
            T::BadName {
                pos: 0,
                name: "1a".into(),
            },
            T::Duplicate {
                pos: 9,
                name: "d".into(),
            },
            T::TooManyTags {
                pos: 900,
                limit: 64,
            },
            T::BadValueChar {
                pos: 4,
                name: "s".into(),
                ch: '\t',
            },
        ];
        check_serialized(&tags);
        check_serialized(&[QpError::BadHexOctet { pos: 2 }, QpError::NotUtf8]);
        check_serialized(&[
            KeyError::Syntax {
                error: T::MissingEquals { pos: 1 },
            },
            KeyError::Version,
            KeyError::MissingKey,
            KeyError::Base64,
            KeyError::TooManyItems {
                tag: "h",
                count: 20,
                limit: 16,
            },
            KeyError::UnknownKeyType {
                value: "dsa".into(),
            },
        ]);
        check_serialized(&[PublicKeyError::Malformed { key_type: "rsa" }]);
        let rejected =
            crate::dkim::SigningKey::from_pem(&crate::dkim::pem_encode("RSA PRIVATE KEY", b"0"))
                .unwrap_err();
        assert!(
            matches!(rejected, PrivateKeyError::Rejected(_)),
            "{rejected:?}"
        );
        assert!(std::error::Error::source(&rejected).is_some());
        check(&[
            PrivateKeyError::Format,
            rejected,
            PrivateKeyError::UnsupportedSize { bits: 1536 },
            PrivateKeyError::TooShort { bits: 512 },
            PrivateKeyError::Algorithm { algorithm: "ec" },
        ]);
    }

    #[test]
    fn dkim_signature_reasons_render_in_both_languages() {
        use crate::dkim::{QpError, SignatureError, SignatureErrorKind as S, TagError as T};
        let kinds = [
            S::Syntax {
                error: T::MissingEquals { pos: 1 },
            },
            S::Missing { tag: "bh" },
            S::Version { value: "2".into() },
            S::Algorithm {
                value: "rsa-md5".into(),
            },
            S::Base64 { tag: "b" },
            S::Canonicalization {
                value: "odd".into(),
            },
            S::TooManySignedHeaders {
                count: 300,
                limit: 256,
            },
            S::FromNotSigned,
            S::Domain {
                value: "a..b".into(),
            },
            S::Selector { value: "!".into() },
            S::IdentityEncoding {
                value: "=zz".into(),
                error: QpError::BadHexOctet { pos: 0 },
            },
            S::Identity {
                identity: "@other.example".into(),
                domain: "example.com".into(),
            },
            S::Number {
                tag: "l",
                value: "x".into(),
            },
            S::ExpiresBeforeSigned {
                timestamp: 10,
                expiration: 5,
            },
            S::QueryMethod {
                value: "http".into(),
            },
        ];
        check_serialized(&kinds);
        let sig = SignatureError {
            tag: Some("bh".into()),
            pos: 40,
            kind: S::Missing { tag: "bh" },
        };
        check(std::slice::from_ref(&sig));
    }

    #[test]
    fn dkim_verify_and_sign_reasons_render_in_both_languages() {
        use crate::dkim::{
            Algorithm, DkimProblem as P, KeyError, PrivateKeyError, PublicKeyError, SignError,
            SignatureError, SignatureErrorKind as S,
        };
        let sig = SignatureError {
            tag: Some("bh".into()),
            pos: 40,
            kind: S::Missing { tag: "bh" },
        };
        let n = || "s._domainkey.example.com".to_string();
        check_serialized(&[
            P::Signature { error: sig },
            P::TooManySignatures {
                limit: 16,
                skipped: 3,
            },
            P::NoKey { name: n() },
            P::KeyDns {
                error: crate::dns::DnsError::NxDomain { name: n() },
            },
            P::SeveralKeys {
                name: n(),
                count: 2,
            },
            P::KeySyntax {
                name: n(),
                error: KeyError::Base64,
            },
            P::Revoked { name: n() },
            P::BadKey {
                name: n(),
                error: PublicKeyError::Malformed { key_type: "rsa" },
            },
            P::KeyTypeMismatch {
                algorithm: Algorithm::Ed25519Sha256,
                key_type: "rsa",
            },
            P::HashNotAllowed { hash: "sha1" },
            P::NotForEmail,
            P::KeyTooShort {
                bits: 512,
                min: 1024,
            },
            P::Sha1,
            P::StrictIdentity,
            P::Expired {
                expiration: 5,
                now: 10,
            },
            P::FutureTimestamp {
                timestamp: 10,
                now: 5,
            },
            P::BodyShorterThanLength {
                length: 100,
                actual: 10,
            },
            P::UnsignedTail { tail: 42 },
            P::BodyHashMismatch,
            P::SignatureMismatch {
                fields: "from:to".into(),
            },
        ]);
        check(&[
            SignError::Mail(crate::mail::MailError::NoHeader),
            SignError::NoFrom,
            SignError::TooManySignedHeaders {
                count: 300,
                limit: 256,
            },
            SignError::Key(PrivateKeyError::Format),
            SignError::InvalidName {
                tag: "d",
                value: "a b".into(),
            },
            SignError::InvalidHeaderName {
                name: "Bad Name".into(),
            },
            SignError::ZeroLifetime,
        ]);
    }

    #[test]
    fn mail_and_authres_reasons_render_in_both_languages() {
        use crate::authres::AuthResError as A;
        use crate::mail::MailError as M;
        use crate::mail::received::ReceivedError as R;
        check_serialized(&[
            M::HeaderTooLarge { limit: 1 },
            M::TooManyFields { limit: 2 },
            M::NoHeader,
        ]);
        check_serialized(&[
            R::Empty,
            R::TooLong { limit: 8 },
            R::UnbalancedParenthesis { position: 3 },
            R::Unclosed {
                delimiter: '(',
                position: 4,
            },
            R::RepeatedClause { clause: "by" },
            R::ClauseOrder {
                clause: "with",
                after: "by",
            },
            R::AmbiguousClientAddress {
                first: "192.0.2.1".parse().unwrap(),
                second: "192.0.2.2".parse().unwrap(),
            },
            R::NoClauses,
        ]);
        check_serialized(&[
            A::Empty,
            A::NoAuthservId { position: 0 },
            A::ControlInAuthservId { position: 1 },
            A::TooLong { limit: 65536 },
        ]);
        use crate::dmarc::{PslError, PublicSuffixList};
        let no_rules = PublicSuffixList::from_bytes(b"// nothing\n").unwrap_err();
        let not_utf8 = PublicSuffixList::from_bytes(b"co.jp\n\xff\n").unwrap_err();
        for e in [&no_rules, &not_utf8] {
            assert!(matches!(e, PslError::Syntax(_)), "{e:?}");
            assert!(std::error::Error::source(e).is_some());
        }
        assert_ne!(no_rules.to_string(), not_utf8.to_string());
        check(&[no_rules, not_utf8, PslError::Empty]);
    }

    #[test]
    fn arc_reasons_render_in_both_languages() {
        use crate::arc::{
            ChainFailure, ChainProblem, ChainStatus, FieldKind, HeaderError, HeaderErrorKind,
            SealError,
        };
        use crate::dkim::{DkimProblem, DkimResult};
        let header = |instance, tag: Option<&str>, kind| HeaderError {
            header: FieldKind::Seal,
            instance,
            tag: tag.map(str::to_string),
            pos: 7,
            kind,
        };
        let headers = [
            header(
                Some(2),
                Some("cv"),
                HeaderErrorKind::ChainStatus {
                    value: "x\r".into(),
                },
            ),
            header(None, None, HeaderErrorKind::EmptyTag),
            header(Some(1), Some("a"), HeaderErrorKind::Sha1),
            header(Some(1), None, HeaderErrorKind::Missing { tag: "b" }),
            header(
                None,
                Some("i"),
                HeaderErrorKind::Instance { value: "51".into() },
            ),
            header(Some(3), Some("h"), HeaderErrorKind::SealHeaderList),
        ];
        check(&headers);
        let problems = [
            ChainProblem::TooManySets {
                header: FieldKind::Seal,
                count: 51,
            },
            ChainProblem::Duplicate {
                header: FieldKind::MessageSignature,
            },
            ChainProblem::Missing {
                header: FieldKind::AuthenticationResults,
            },
            ChainProblem::NewestSealFailed,
            ChainProblem::ChainStatusOrder {
                cv: ChainStatus::None,
                expected: ChainStatus::Pass,
            },
            ChainProblem::SignsSeal,
            ChainProblem::MessageSignature {
                result: DkimResult::Fail,
                problem: DkimProblem::BodyHashMismatch,
            },
            ChainProblem::SealKey {
                result: DkimResult::PermError,
                problem: DkimProblem::NoKey {
                    name: "arc._domainkey.x.example".into(),
                },
            },
            ChainProblem::SealMismatch,
            ChainProblem::Header {
                error: headers[0].clone(),
            },
        ];
        check(&problems);
        let failures: Vec<ChainFailure> = problems
            .iter()
            .cloned()
            .map(|reason| ChainFailure {
                instance: Some(2),
                reason,
            })
            .chain([ChainFailure {
                instance: None,
                reason: ChainProblem::SealMismatch,
            }])
            .collect();
        check(&failures);
        check(&[
            SealError::InstanceLimit { highest: 50 },
            SealError::ChainMismatch {
                cv: ChainStatus::Pass,
                fields: 0,
                highest: 0,
            },
            SealError::InvalidName {
                tag: "d",
                value: "a b".into(),
            },
            SealError::InvalidHeaderName { name: "a:b".into() },
            SealError::SignsSeal,
            SealError::TooManySignedHeaders {
                count: 300,
                limit: 256,
            },
            SealError::AuthservId {
                value: "a b".into(),
            },
            SealError::ResultsControl { pos: 3 },
            SealError::ResultsSyntax { part: "spf".into() },
        ]);
    }

    #[test]
    fn io_reasons_render_in_both_languages() {
        use std::io::{Error, ErrorKind};
        for e in [
            Error::from(ErrorKind::NotFound),
            Error::from(ErrorKind::PermissionDenied),
            Error::from(ErrorKind::IsADirectory),
            Error::from(ErrorKind::AlreadyExists),
            Error::from(ErrorKind::InvalidData),
            Error::from(ErrorKind::StorageFull),
            Error::from_raw_os_error(5),
            Error::from(ErrorKind::Interrupted),
        ] {
            let reason = e.reason();
            let ja = render_message_strict(Lang::Ja, reason.id, &reason.params).unwrap();
            render_message_strict(Lang::En, reason.id, &reason.params).unwrap();
            assert!(!ja.is_empty());
        }
    }

    #[test]
    fn a_nested_reason_renders_in_the_outer_language() {
        use crate::dns::{DomainNameError, ZoneSyntaxError};
        let e = ZoneSyntaxError::BadName {
            name: "a..b".into(),
            error: DomainNameError::EmptyLabel,
        };
        let reason = e.reason();
        assert_eq!(reason.params["error.id"], "reason-name-empty-label");
        let ja = reason.render(Lang::Ja);
        assert!(!ja.contains("empty label"), "{ja}");
        assert!(ja.contains("a..b"), "{ja}");
    }
}
