//! The DKIM-Signature header field (RFC 6376 §3.5, RFC 8463 §3).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::qp::{QpError, decode_quoted_printable, decode_quoted_printable_text};
use super::tag::{Tag, TagError, parse_tag_list, strip_fws};
use crate::dns::check_domain_name;

/// Signing algorithm (`a=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Algorithm {
    /// `rsa-sha256` (RFC 6376 §3.3.2).
    #[serde(rename = "rsa-sha256")]
    RsaSha256,
    /// `rsa-sha1` (RFC 6376 §3.3.1); RFC 8301 §3.1 forbids signing with it
    /// and says verifiers must not treat it as valid.
    #[serde(rename = "rsa-sha1")]
    RsaSha1,
    /// `ed25519-sha256` (RFC 8463 §3).
    #[serde(rename = "ed25519-sha256")]
    Ed25519Sha256,
}

impl Algorithm {
    /// The name as written in `a=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RsaSha256 => "rsa-sha256",
            Self::RsaSha1 => "rsa-sha1",
            Self::Ed25519Sha256 => "ed25519-sha256",
        }
    }

    /// The hash algorithm, as named in a key record's `h=`.
    pub fn hash_name(self) -> &'static str {
        match self {
            Self::RsaSha1 => "sha1",
            Self::RsaSha256 | Self::Ed25519Sha256 => "sha256",
        }
    }

    /// The key type, as named in a key record's `k=`.
    pub fn key_type(self) -> &'static str {
        match self {
            Self::RsaSha1 | Self::RsaSha256 => "rsa",
            Self::Ed25519Sha256 => "ed25519",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "rsa-sha256" => Self::RsaSha256,
            "rsa-sha1" => Self::RsaSha1,
            "ed25519-sha256" => Self::Ed25519Sha256,
            _ => return None,
        })
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One canonicalization algorithm (RFC 6376 §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Canon {
    /// Tolerates no change (§3.4.1, §3.4.3).
    #[default]
    Simple,
    /// Tolerates whitespace and header-case changes (§3.4.2, §3.4.4).
    Relaxed,
}

impl Canon {
    /// `simple` or `relaxed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simple => "simple",
            Self::Relaxed => "relaxed",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "simple" => Some(Self::Simple),
            "relaxed" => Some(Self::Relaxed),
            _ => None,
        }
    }
}

/// Header and body canonicalization (`c=`, default `simple/simple`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Canonicalization {
    /// For the header fields.
    pub header: Canon,
    /// For the body.
    pub body: Canon,
}

impl fmt::Display for Canonicalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.header.as_str(), self.body.as_str())
    }
}

impl std::str::FromStr for Canonicalization {
    type Err = ParseCanonicalizationError;
    /// `relaxed/simple`, or one word meaning `<word>/simple` (§3.5 `c=`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (h, b) = s.split_once('/').unwrap_or((s, "simple"));
        match (Canon::parse(h.trim()), Canon::parse(b.trim())) {
            (Some(header), Some(body)) => Ok(Self { header, body }),
            _ => Err(ParseCanonicalizationError {
                given: s.to_string(),
            }),
        }
    }
}

/// Text that is not a `c=` value: `simple` or `relaxed`, optionally
/// followed by `/simple` or `/relaxed` (RFC 6376 §3.5).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a canonicalization (simple or relaxed, header/body)")]
pub struct ParseCanonicalizationError {
    given: String,
}

impl ParseCanonicalizationError {
    /// The text that was not a canonicalization.
    pub fn given(&self) -> &str {
        &self.given
    }
}

/// The most names one `h=` list may hold (RFC 6376 §3.5); a longer list
/// makes the signature unusable ([`SignatureErrorKind::TooManySignedHeaders`]).
///
/// Real signers list 5 to 30 names: Gmail and Microsoft about 10 to 20,
/// rspamd's and Fastmail's defaults with oversigning (§8.15, each name once
/// more than it occurs) 25 to 60. 256 leaves room for a message whose
/// Received or To fields are all signed, while the work per signature stays
/// bounded; the verifier's cost per entry is constant in any case.
pub const MAX_SIGNED_HEADERS: usize = 256;

/// What is wrong with a DKIM-Signature field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignatureErrorKind {
    /// The tag list itself is malformed.
    #[error("{error}")]
    Syntax {
        /// What is wrong in it.
        error: TagError,
    },
    /// A required tag is absent (v, a, b, bh, d, h, s).
    #[error("the required tag {tag}= is missing")]
    Missing {
        /// The tag.
        tag: &'static str,
    },
    /// `v=` is not `1`.
    #[error("v={value} is not a supported version (only 1)")]
    Version {
        /// The value.
        value: String,
    },
    /// `a=` names an algorithm this verifier does not know.
    #[error("unknown algorithm a={value}")]
    Algorithm {
        /// The value.
        value: String,
    },
    /// `b=` or `bh=` is not base64.
    #[error("{tag}= is not valid base64")]
    Base64 {
        /// The tag.
        tag: &'static str,
    },
    /// `c=` is not simple/relaxed.
    #[error("c={value} is not a canonicalization")]
    Canonicalization {
        /// The value.
        value: String,
    },
    /// `h=` lists more names than [`MAX_SIGNED_HEADERS`].
    #[error("h= lists {count} header field names; at most {limit} are accepted")]
    TooManySignedHeaders {
        /// Entries in h= (empty ones included).
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// `h=` does not include From (§5.4: From must be signed).
    #[error("h= does not include From")]
    FromNotSigned,
    /// `d=` is not a domain name.
    #[error("d={value} is not a domain name")]
    Domain {
        /// The value.
        value: String,
    },
    /// `s=` is not a selector (sub-domain syntax).
    #[error("s={value} is not a selector")]
    Selector {
        /// The value.
        value: String,
    },
    /// `i=` is not valid DKIM-Quoted-Printable (§2.11) text.
    #[error("i={value} cannot be decoded: {error}")]
    IdentityEncoding {
        /// The value as written.
        value: String,
        /// What is wrong.
        error: QpError,
    },
    /// The domain of `i=` is neither `d=` nor one of its subdomains (§3.5).
    #[error("i={identity} is not in d={domain} or one of its subdomains")]
    Identity {
        /// The i= value.
        identity: String,
        /// The d= value.
        domain: String,
    },
    /// `l=`, `t=` or `x=` is not a decimal number of at most 76 digits.
    #[error("{tag}={value} is not a number")]
    Number {
        /// The tag.
        tag: &'static str,
        /// The value.
        value: String,
    },
    /// `x=` is not after `t=` (§3.5).
    #[error("x={expiration} is not after t={timestamp}")]
    ExpiresBeforeSigned {
        /// Signature timestamp.
        timestamp: u64,
        /// Expiration.
        expiration: u64,
    },
    /// `q=` does not include `dns/txt`.
    #[error("q={value} offers no query method this verifier supports (dns/txt)")]
    QueryMethod {
        /// The value.
        value: String,
    },
}

/// A DKIM-Signature field that cannot be used, with the tag and position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{kind} (at offset {pos})")]
#[non_exhaustive]
pub struct SignatureError {
    /// The tag concerned, when one is.
    pub tag: Option<String>,
    /// Byte offset in the field value.
    pub pos: usize,
    /// What is wrong.
    #[source]
    pub kind: SignatureErrorKind,
}

/// A parsed DKIM-Signature field value (RFC 6376 §3.5).
///
/// ```
/// use domainauth::dkim::{Algorithm, Signature};
/// let sig = Signature::parse(
///     "v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=sel; h=from:to:subject; bh=AAAA; b=AAAA",
/// ).unwrap();
/// assert_eq!(sig.algorithm, Algorithm::RsaSha256);
/// assert_eq!(sig.signed_headers, ["from", "to", "subject"]);
/// assert_eq!(sig.key_name(), "sel._domainkey.example.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Signature {
    /// `a=`.
    pub algorithm: Algorithm,
    /// `b=`, decoded.
    #[serde(skip)]
    pub signature: Vec<u8>,
    /// `bh=`, decoded.
    #[serde(skip)]
    pub body_hash: Vec<u8>,
    /// `c=`.
    pub canonicalization: Canonicalization,
    /// `d=`: the signing domain (SDID), lower case.
    pub domain: String,
    /// `h=`: the signed header field names, lower case, in order.
    pub signed_headers: Vec<String>,
    /// `i=`: the agent or user identifier (AUID), decoded from
    /// DKIM-Quoted-Printable (§3.5, §2.11); defaults to `@d`.
    pub identity: Option<String>,
    /// `l=`: the number of body octets signed, if limited.
    pub body_length: Option<u64>,
    /// `s=`: the selector.
    pub selector: String,
    /// `t=`: signing time, seconds since the epoch.
    pub timestamp: Option<u64>,
    /// `x=`: expiration time.
    pub expiration: Option<u64>,
    /// `z=`: copied header fields, as written (DKIM-Quoted-Printable; see
    /// [`Signature::copied_fields`]).
    pub copied_headers: Option<String>,
}

/// The `l=`, `t=` and `x=` tags (RFC 6376 §3.5): `1*76DIGIT` for `l=`,
/// `1*12DIGIT` for `t=` and `x=` in the ABNF. Longer times are accepted as
/// other verifiers do, up to what u64 holds; a value past that is refused
/// rather than clamped, so the number a finding quotes is the one signed.
pub(crate) fn number(tag: &'static str, value: &str, pos: usize) -> Result<u64, SignatureError> {
    let bad = || SignatureError {
        tag: Some(tag.into()),
        pos,
        kind: SignatureErrorKind::Number {
            tag,
            value: value.to_string(),
        },
    };
    if value.is_empty() || value.len() > 76 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    value.parse().map_err(|_| bad())
}

impl SignatureError {
    /// An error in the value of `tag`.
    pub(crate) fn at(tag: &Tag<'_>, kind: SignatureErrorKind) -> Self {
        Self {
            tag: Some(tag.name.into()),
            pos: tag.pos,
            kind,
        }
    }
}

/// The `v=` tag (RFC 6376 §3.5): the version, which must be `1`.
fn parse_version(v: &Tag<'_>) -> Result<(), SignatureError> {
    if v.value == "1" {
        return Ok(());
    }
    let value = v.value.into();
    Err(SignatureError::at(v, SignatureErrorKind::Version { value }))
}

/// The `a=` tag (RFC 6376 §3.5, RFC 8463 §3): the signing algorithm.
pub(crate) fn parse_algorithm(a: &Tag<'_>) -> Result<Algorithm, SignatureError> {
    Algorithm::parse(a.value).ok_or_else(|| {
        let value = a.value.into();
        SignatureError::at(a, SignatureErrorKind::Algorithm { value })
    })
}

/// The `b=` and `bh=` tags (RFC 6376 §3.5): base64, with FWS allowed
/// anywhere in it.
pub(crate) fn parse_base64(tag: &Tag<'_>, name: &'static str) -> Result<Vec<u8>, SignatureError> {
    decode_base64_fws(tag.value.as_bytes())
        .ok_or_else(|| SignatureError::at(tag, SignatureErrorKind::Base64 { tag: name }))
}

/// Base64 with whitespace (FWS) anywhere in it, decoded; `None` when it is
/// not base64. The text is copied only when it holds whitespace.
pub(crate) fn decode_base64_fws(text: &[u8]) -> Option<Vec<u8>> {
    if !text.iter().any(u8::is_ascii_whitespace) {
        return STANDARD.decode(text).ok();
    }
    let mut compact = Vec::with_capacity(text.len());
    let mut piece = 0;
    for (i, b) in text.iter().enumerate() {
        if b.is_ascii_whitespace() {
            compact.extend_from_slice(&text[piece..i]);
            piece = i + 1;
        }
    }
    compact.extend_from_slice(&text[piece..]);
    STANDARD.decode(compact).ok()
}

/// The `c=` tag (RFC 6376 §3.5): `header/body` canonicalization, default
/// `simple/simple`.
pub(crate) fn parse_canonicalization(
    c: Option<&Tag<'_>>,
) -> Result<Canonicalization, SignatureError> {
    let Some(c) = c else {
        return Ok(Canonicalization::default());
    };
    c.value.parse().map_err(|_| {
        let value = c.value.into();
        SignatureError::at(c, SignatureErrorKind::Canonicalization { value })
    })
}

/// The `d=` tag (RFC 6376 §3.5): the signing domain (SDID), lower case
/// without a final dot; letters, digits, `-` and `_` in dot-separated labels.
pub(crate) fn parse_domain(d: &Tag<'_>) -> Result<String, SignatureError> {
    let domain = d.value.trim_end_matches('.').to_ascii_lowercase();
    let usable = check_domain_name(&domain).is_ok()
        && domain
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_');
    if usable {
        return Ok(domain);
    }
    let value = d.value.into();
    Err(SignatureError::at(d, SignatureErrorKind::Domain { value }))
}

/// The `h=` tag (RFC 6376 §3.5): the signed header field names, lower case,
/// at most [`MAX_SIGNED_HEADERS`], and From among them (§5.4: "the From
/// header field MUST be signed").
fn parse_signed_headers(h: &Tag<'_>) -> Result<Vec<String>, SignatureError> {
    let signed_headers = parse_header_names(h)?;
    if !signed_headers.iter().any(|n| n == "from") {
        return Err(SignatureError::at(h, SignatureErrorKind::FromNotSigned));
    }
    Ok(signed_headers)
}

/// The names of an `h=` list (RFC 6376 §3.5), lower case, empty entries
/// dropped, at most [`MAX_SIGNED_HEADERS`]; whether From is among them is
/// left to the caller (an ARC-Message-Signature need not sign it).
pub(crate) fn parse_header_names(h: &Tag<'_>) -> Result<Vec<String>, SignatureError> {
    let entries = memchr::memchr_iter(b':', h.value.as_bytes()).count() + 1;
    if entries > MAX_SIGNED_HEADERS {
        return Err(SignatureError::at(
            h,
            SignatureErrorKind::TooManySignedHeaders {
                count: entries,
                limit: MAX_SIGNED_HEADERS,
            },
        ));
    }
    let signed_headers: Vec<String> = h
        .value
        .split(':')
        .map(|n| strip_fws(n).to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    Ok(signed_headers)
}

/// The `s=` tag (RFC 6376 §3.5): the selector, dot-separated labels of
/// letters, digits, `-` and `_`.
pub(crate) fn parse_selector(s: &Tag<'_>) -> Result<String, SignatureError> {
    let selector = strip_fws(s.value).into_owned();
    let usable = !selector.is_empty()
        && selector.split('.').all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        });
    if usable {
        return Ok(selector);
    }
    let value = s.value.into();
    Err(SignatureError::at(
        s,
        SignatureErrorKind::Selector { value },
    ))
}

/// The `i=` tag (RFC 6376 §3.5): the AUID in DKIM-Quoted-Printable
/// (`i=jlong@messiah=2Eedu` is `jlong@messiah.edu`), whose domain must be
/// `domain` (the `d=` value) or a subdomain of it.
fn parse_identity(i: &Tag<'_>, domain: &str) -> Result<String, SignatureError> {
    let auid = decode_quoted_printable_text(i.value).map_err(|error| {
        let value = i.value.into();
        SignatureError::at(i, SignatureErrorKind::IdentityEncoding { value, error })
    })?;
    let idomain = auid
        .rsplit_once('@')
        .map_or("", |(_, d)| d)
        .to_ascii_lowercase();
    if idomain == domain || idomain.ends_with(&format!(".{domain}")) {
        return Ok(auid);
    }
    Err(SignatureError::at(
        i,
        SignatureErrorKind::Identity {
            identity: i.value.into(),
            domain: domain.to_string(),
        },
    ))
}

/// The `x=` tag against `t=` (RFC 6376 §3.5): "the value of the x= tag
/// MUST be greater than the value of the t= tag".
pub(crate) fn check_expiration(
    timestamp: Option<u64>,
    expiration: Option<u64>,
    x: Option<&Tag<'_>>,
) -> Result<(), SignatureError> {
    match (timestamp, expiration, x) {
        (Some(timestamp), Some(expiration), Some(x)) if expiration <= timestamp => {
            Err(SignatureError::at(
                x,
                SignatureErrorKind::ExpiresBeforeSigned {
                    timestamp,
                    expiration,
                },
            ))
        }
        _ => Ok(()),
    }
}

/// The `q=` tag (RFC 6376 §3.5): the query methods, of which `dns/txt`
/// must be one (the only one defined).
pub(crate) fn check_query_methods(q: &Tag<'_>) -> Result<(), SignatureError> {
    let dns_txt = q
        .value
        .split(':')
        .any(|m| strip_fws(m).eq_ignore_ascii_case("dns/txt"));
    if dns_txt {
        return Ok(());
    }
    let value = q.value.into();
    Err(SignatureError::at(
        q,
        SignatureErrorKind::QueryMethod { value },
    ))
}

impl Signature {
    /// Parses and checks a DKIM-Signature field value: the tag list
    /// (§3.2), then each tag with its own parser (§3.5).
    pub fn parse(value: &str) -> Result<Self, SignatureError> {
        let tags = parse_tag_list(value).map_err(|e| SignatureError {
            tag: None,
            pos: e.pos(),
            kind: SignatureErrorKind::Syntax { error: e },
        })?;
        let find = |name: &str| tags.iter().find(|t| t.name == name);
        let required = |name: &'static str| {
            find(name).ok_or(SignatureError {
                tag: Some(name.into()),
                pos: value.len(),
                kind: SignatureErrorKind::Missing { tag: name },
            })
        };

        parse_version(required("v")?)?;
        let algorithm = parse_algorithm(required("a")?)?;
        let signature = parse_base64(required("b")?, "b")?;
        let body_hash = parse_base64(required("bh")?, "bh")?;
        let canonicalization = parse_canonicalization(find("c"))?;
        let domain = parse_domain(required("d")?)?;
        let signed_headers = parse_signed_headers(required("h")?)?;
        let selector = parse_selector(required("s")?)?;
        let identity = find("i").map(|i| parse_identity(i, &domain)).transpose()?;
        let body_length = find("l").map(|l| number("l", l.value, l.pos)).transpose()?;
        let timestamp = find("t").map(|t| number("t", t.value, t.pos)).transpose()?;
        let expiration = find("x").map(|x| number("x", x.value, x.pos)).transpose()?;
        check_expiration(timestamp, expiration, find("x"))?;
        if let Some(q) = find("q") {
            check_query_methods(q)?;
        }
        Ok(Self {
            algorithm,
            signature,
            body_hash,
            canonicalization,
            domain,
            signed_headers,
            identity,
            body_length,
            selector,
            timestamp,
            expiration,
            copied_headers: find("z").map(|z| z.value.to_string()),
        })
    }

    /// Where the public key is published: `<s>._domainkey.<d>` (§3.6.2.1).
    pub fn key_name(&self) -> String {
        format!("{}._domainkey.{}", self.selector, self.domain)
    }

    /// The header fields copied into `z=` (§3.5), each as name and decoded
    /// value; empty without `z=`.
    ///
    /// `z=` only helps diagnose a failed signature, so a malformed `z=`
    /// does not make [`Signature::parse`] fail; it is reported here.
    ///
    /// ```
    /// use domainauth::dkim::Signature;
    /// let sig = Signature::parse(
    ///     "v=1; a=rsa-sha256; d=example.net; s=brisbane; h=from; bh=AAAA; b=AAAA; \
    ///      z=From:foo@eng.example.net|Subject:demo=20run",
    /// ).unwrap();
    /// let copied = sig.copied_fields().unwrap();
    /// assert_eq!(copied[1], ("Subject".to_string(), b"demo run".to_vec()));
    /// ```
    pub fn copied_fields(&self) -> Result<Vec<(String, Vec<u8>)>, QpError> {
        let Some(z) = &self.copied_headers else {
            return Ok(Vec::new());
        };
        let mut fields = Vec::new();
        let mut offset = 0;
        for copy in z.split('|') {
            // sig-z-tag-copy = hdr-name [FWS] ":" qp-hdr-value
            let (name, value) = copy.split_once(':').unwrap_or((copy, ""));
            let value_offset = offset + name.len() + 1;
            let value = decode_quoted_printable(value).map_err(|e| match e {
                QpError::BadHexOctet { pos } => QpError::BadHexOctet {
                    pos: value_offset + pos,
                },
                other => other,
            })?;
            fields.push((strip_fws(name).into_owned(), value));
            offset += copy.len() + 1;
        }
        Ok(fields)
    }

    /// The AUID: `i=`, or `@d` when absent (§3.5).
    pub fn auid(&self) -> String {
        self.identity
            .clone()
            .unwrap_or_else(|| format!("@{}", self.domain))
    }
}

/// The field value with the value of `b=` removed (but `b=` kept), as the
/// signature is computed over it (§3.7).
///
/// ```
/// use domainauth::dkim::strip_b_value;
/// assert_eq!(strip_b_value(" v=1; bh=abc; b=xyz\r\n uvw; d=a.example"), " v=1; bh=abc; b=; d=a.example");
/// ```
pub fn strip_b_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    loop {
        let (spec, tail) = match memchr::memchr(b';', rest.as_bytes()) {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        match spec.find('=') {
            Some(eq) if spec[..eq].trim_matches(|c: char| c.is_ascii_whitespace()) == "b" => {
                out.push_str(&spec[..=eq]);
            }
            _ => out.push_str(spec),
        }
        match tail {
            Some(t) => {
                out.push(';');
                rest = &t[1..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "v=1; a=rsa-sha256; d=example.com; s=sel; h=From:To; bh=AAAA; b=AAAA";

    fn kind(text: &str) -> SignatureErrorKind {
        Signature::parse(text).unwrap_err().kind
    }

    /// Times past u64 are refused with the text as signed, never clamped:
    /// a clamped t= and x= would compare equal and be quoted wrongly.
    #[test]
    fn times_past_u64_are_refused_as_written() {
        let max = u64::MAX.to_string();
        let s = Signature::parse(&format!("{BASE}; t=5; x={max}")).unwrap();
        assert_eq!(s.expiration, Some(u64::MAX));
        for tag in ["t", "x", "l"] {
            let past = "18446744073709551616";
            match kind(&format!("{BASE}; {tag}={past}")) {
                SignatureErrorKind::Number { tag: t, value } => {
                    assert_eq!((t, value.as_str()), (tag, past));
                }
                other => panic!("{tag}: {other:?}"),
            }
        }
    }

    #[test]
    fn defaults_and_forms() {
        let s = Signature::parse(BASE).unwrap();
        assert_eq!(s.canonicalization, Canonicalization::default());
        assert_eq!(s.auid(), "@example.com");
        let s = Signature::parse(&format!(
            "{BASE}; c=relaxed; i=user@sub.example.com; l=10; t=1; x=2"
        ))
        .unwrap();
        assert_eq!(s.canonicalization.header, Canon::Relaxed);
        assert_eq!(s.canonicalization.body, Canon::Simple);
        assert_eq!(s.body_length, Some(10));
    }

    #[test]
    fn errors_name_the_tag() {
        assert!(matches!(
            kind("v=1; a=rsa-sha256"),
            SignatureErrorKind::Missing { tag: "b" }
        ));
        assert!(matches!(
            kind(&BASE.replace("v=1", "v=2")),
            SignatureErrorKind::Version { .. }
        ));
        assert!(matches!(
            kind(&BASE.replace("rsa-sha256", "rsa-md5")),
            SignatureErrorKind::Algorithm { .. }
        ));
        assert!(matches!(
            kind(&BASE.replace("h=From:To", "h=To")),
            SignatureErrorKind::FromNotSigned
        ));
        assert!(matches!(
            kind(&BASE.replace("b=AAAA", "b=A*A")),
            SignatureErrorKind::Base64 { tag: "b" }
        ));
        assert!(matches!(
            kind(&format!("{BASE}; i=u@other.com")),
            SignatureErrorKind::Identity { .. }
        ));
        assert!(matches!(
            kind(&format!("{BASE}; t=5; x=5")),
            SignatureErrorKind::ExpiresBeforeSigned { .. }
        ));
        assert!(matches!(
            kind(&format!("{BASE}; l=1x")),
            SignatureErrorKind::Number { tag: "l", .. }
        ));
        assert!(matches!(
            kind(&BASE.replace("d=example.com", "d=exa mple.com")),
            SignatureErrorKind::Domain { .. }
        ));
        assert!(matches!(
            kind(&format!("{BASE}; q=http")),
            SignatureErrorKind::QueryMethod { .. }
        ));
        let e = Signature::parse(&BASE.replace("h=From:To", "h=To")).unwrap_err();
        assert_eq!(e.tag.as_deref(), Some("h"));
        assert_eq!(e.pos, BASE.find("h=").unwrap());
    }

    #[test]
    fn dkim_i_tag_quoted_printable() {
        // RFC 6376 §3.5: i= is dkim-quoted-printable; the AUID of
        // "jlong@messiah=2Eedu" is jlong@messiah.edu, inside d=messiah.edu.
        let base = "v=1; a=rsa-sha256; d=messiah.edu; s=sel; h=From; bh=AAAA; b=AAAA";
        let s = Signature::parse(&format!("{base}; i=jlong@messiah=2Eedu")).unwrap();
        assert_eq!(s.identity.as_deref(), Some("jlong@messiah.edu"));
        assert_eq!(s.auid(), "jlong@messiah.edu");
        // FWS is not part of the value (§2.11), and an encoded "@" or ";"
        // is the octet.
        let s = Signature::parse(&format!("{base}; i=j=3Blong\r\n =40x@mes siah.edu")).unwrap();
        assert_eq!(s.identity.as_deref(), Some("j;long@x@messiah.edu"));
        // Decoding happens before the d= check: =2E makes this a
        // subdomain of another domain, which is refused.
        assert!(matches!(
            kind(&format!("{base}; i=a@messiah=2Eedu=2Eevil=2Eexample")),
            SignatureErrorKind::Identity { .. }
        ));
        // A malformed hex-octet is a typed error naming i=.
        let e = Signature::parse(&format!("{base}; i=a@messiah=2edu=ZZ")).unwrap_err();
        assert_eq!(e.tag.as_deref(), Some("i"));
        assert!(matches!(
            e.kind,
            SignatureErrorKind::IdentityEncoding {
                error: QpError::BadHexOctet { pos: 14 },
                ..
            }
        ));
        assert!(matches!(
            kind(&format!("{base}; i=a=FF@messiah.edu")),
            SignatureErrorKind::IdentityEncoding {
                error: QpError::NotUtf8,
                ..
            }
        ));
    }

    #[test]
    fn z_tag_copied_fields_are_decoded() {
        // The z= example of RFC 6376 §3.5.
        let s = Signature::parse(&format!(
            "{BASE}; z=From:foo@eng.example.net|To:joe@example.com|\r\n Subject:demo=20run|Date:July=205,=202005=203:44:08=20PM=20-0700"
        ))
        .unwrap();
        let fields = s.copied_fields().unwrap();
        assert_eq!(fields.len(), 4);
        assert_eq!(fields[0], ("From".into(), b"foo@eng.example.net".to_vec()));
        assert_eq!(fields[2], ("Subject".into(), b"demo run".to_vec()));
        assert_eq!(
            fields[3],
            ("Date".into(), b"July 5, 2005 3:44:08 PM -0700".to_vec())
        );
        // Malformed z= does not fail the signature, only its decoding.
        let s = Signature::parse(&format!("{BASE}; z=From:a|To:b=4")).unwrap();
        assert_eq!(s.copied_fields(), Err(QpError::BadHexOctet { pos: 11 }));
        assert!(
            Signature::parse(BASE)
                .unwrap()
                .copied_fields()
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn b_value_removal_keeps_bh() {
        assert_eq!(strip_b_value("b=1;bh=2;b =3"), "b=;bh=2;b =");
    }
}
