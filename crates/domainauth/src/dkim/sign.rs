//! DKIM signing (RFC 6376 §5).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::canon::{BodyCanonicalizer, HeaderIndex};
use super::crypto::{Hasher, PrivateKeyError, SigningKey};
use super::signature::{Canon, Canonicalization, MAX_SIGNED_HEADERS};
use crate::mail::{MailError, Message};

/// The header fields signed by default when present (RFC 6376 §5.4.1).
pub const DEFAULT_SIGNED_HEADERS: &[&str] = &[
    "from",
    "reply-to",
    "subject",
    "date",
    "to",
    "cc",
    "resent-date",
    "resent-from",
    "resent-to",
    "resent-cc",
    "in-reply-to",
    "references",
    "list-id",
    "list-help",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "list-subscribe",
    "list-post",
    "list-owner",
    "list-archive",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "feedback-id",
];

/// What to sign and how.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SignerConfig {
    /// `d=`: the signing domain.
    pub domain: String,
    /// `s=`: the selector.
    pub selector: String,
    /// `c=` (default relaxed/relaxed, which survives common reformatting).
    pub canonicalization: Canonicalization,
    /// Header fields to sign when present; `None` means [`DEFAULT_SIGNED_HEADERS`].
    pub headers: Option<Vec<String>>,
    /// Fields listed once more than they occur, so that adding one breaks
    /// the signature (§8.15); From by default.
    pub oversign: Vec<String>,
    /// `t=`, seconds since the epoch.
    pub timestamp: Option<u64>,
    /// `x=` as seconds after `t=`, written only with a `t=`; at least 1
    /// (RFC 6376 §3.5: x= must be greater than t=; 0 is
    /// [`SignError::ZeroLifetime`]).
    pub expire_after: Option<u64>,
    /// `i=`, written DKIM-Quoted-Printable encoded (§3.5, §2.11).
    pub identity: Option<String>,
    /// Add `l=` with the body length (not recommended: §8.2).
    pub body_length: bool,
}

impl SignerConfig {
    /// Defaults for `domain` and `selector`.
    pub fn new(domain: &str, selector: &str) -> Self {
        Self {
            domain: domain.to_ascii_lowercase(),
            selector: selector.to_string(),
            canonicalization: Canonicalization {
                header: Canon::Relaxed,
                body: Canon::Relaxed,
            },
            headers: None,
            oversign: vec!["from".into()],
            timestamp: None,
            expire_after: None,
            identity: None,
            body_length: false,
        }
    }
}

/// Why a message could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The message could not be read.
    #[error("cannot read the message: {0}")]
    Mail(#[from] MailError),
    /// No From field: §5.4 requires signing it.
    #[error("the message has no From header field; DKIM requires signing From")]
    NoFrom,
    /// The fields to sign would make `h=` longer than verifiers accept
    /// ([`MAX_SIGNED_HEADERS`]), e.g. a message with hundreds of To fields.
    #[error("h= would list {count} header field names; verifiers accept at most {limit}")]
    TooManySignedHeaders {
        /// Names h= would list.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The key failed to sign.
    #[error("{0}")]
    Key(#[from] PrivateKeyError),
    /// `d=` or `s=` is not a name of letters, digits, `-` and `_` in
    /// dot-separated labels (§3.5 `domain-name`, `selector`).
    #[error("{tag}={value:?} is not a valid {tag}= value")]
    InvalidName {
        /// `d` or `s`.
        tag: &'static str,
        /// The configured value.
        value: String,
    },
    /// A header field name to sign is not an RFC 5322 §3.6.8 field-name.
    #[error("{name:?} is not a header field name")]
    InvalidHeaderName {
        /// The configured name.
        name: String,
    },
    /// [`SignerConfig::expire_after`] is 0 with a timestamp: `x=` would
    /// equal `t=`, and RFC 6376 §3.5 requires x= to be greater than t=.
    #[error(
        "an expiration 0 seconds after the signing time would make x= equal to t=; x= must be later (RFC 6376 section 3.5)"
    )]
    ZeroLifetime,
}

/// Labels of letters, digits, `-` and `_`: what `d=` and `s=` may hold
/// (RFC 6376 §3.5; A-labels for internationalized names).
pub(crate) fn is_dns_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        })
}

/// RFC 5322 §3.6.8: `field-name = 1*ftext`, ftext = %d33-57 / %d59-126.
pub(crate) fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| matches!(b, 33..=57 | 59..=126))
}

/// The `h=` list for `wanted` field names (lower case): each name once per
/// field of that name in the header (RFC 6376 §5.4.2), and once more for
/// those in `oversign`, so that a field added later breaks the signature
/// (§8.15). Shared by DKIM signing and ARC sealing.
pub(crate) fn signed_names(
    index: &HeaderIndex<'_>,
    wanted: &[String],
    oversign: &[String],
) -> Vec<String> {
    let mut names = Vec::new();
    for name in wanted {
        for _ in 0..index.count(name) {
            names.push(name.clone());
        }
        if oversign.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            names.push(name.clone());
        }
    }
    names
}

/// Signs messages with one key.
///
/// ```
/// use domainauth::dkim::{Algorithm, SignerConfig, Signer, SigningKey};
/// let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
/// let signer = Signer::new(key, SignerConfig::new("shop.example", "mmmg"));
/// let field = signer.sign_message(b"From: a@shop.example\r\nSubject: hi\r\n\r\nbody\r\n").unwrap();
/// assert!(field.starts_with("DKIM-Signature: v=1; a=ed25519-sha256;"));
/// ```
#[derive(Debug)]
pub struct Signer {
    key: SigningKey,
    config: SignerConfig,
}

/// A signature in progress: header read, body being fed.
#[non_exhaustive]
pub struct Signing<'s> {
    signer: &'s Signer,
    headers: Vec<(String, Vec<u8>)>,
    signed_names: Vec<String>,
    canonicalizer: BodyCanonicalizer,
    hasher: Hasher,
    length: u64,
    timestamp: Option<u64>,
}

impl Signer {
    /// A signer.
    pub fn new(key: SigningKey, config: SignerConfig) -> Self {
        Self { key, config }
    }

    /// The key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// The DKIM-Signature header field (`DKIM-Signature: …`, folded, no
    /// final CRLF) for a whole message.
    pub fn sign_message(&self, raw: &[u8]) -> Result<String, SignError> {
        let message = Message::parse(raw)?;
        let mut signing = self.begin(&message)?;
        signing.body(message.body());
        signing.finish()
    }

    /// Reads the header; the body follows through [`Signing::body`].
    pub fn begin(&self, message: &Message<'_>) -> Result<Signing<'_>, SignError> {
        if message.get("from").is_none() {
            return Err(SignError::NoFrom);
        }
        // Every configured value written into the field is checked or
        // encoded: none can end the field or the tag list.
        let config = &self.config;
        let domain = config.domain.strip_suffix('.').unwrap_or(&config.domain);
        for (tag, name, value) in [
            ("d", domain, &config.domain),
            ("s", config.selector.as_str(), &config.selector),
        ] {
            if !is_dns_name(name) {
                return Err(SignError::InvalidName {
                    tag,
                    value: value.clone(),
                });
            }
        }
        if config.timestamp.is_some() && config.expire_after == Some(0) {
            return Err(SignError::ZeroLifetime);
        }
        for name in config
            .headers
            .iter()
            .flatten()
            .chain(config.oversign.iter())
        {
            if !is_field_name(name) {
                return Err(SignError::InvalidHeaderName { name: name.clone() });
            }
        }
        let wanted: Vec<String> = match &self.config.headers {
            Some(h) => h.iter().map(|n| n.to_ascii_lowercase()).collect(),
            None => DEFAULT_SIGNED_HEADERS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        let index = HeaderIndex::from_message(message);
        let signed_names = signed_names(&index, &wanted, &self.config.oversign);
        if signed_names.len() > MAX_SIGNED_HEADERS {
            return Err(SignError::TooManySignedHeaders {
                count: signed_names.len(),
                limit: MAX_SIGNED_HEADERS,
            });
        }
        let headers = message
            .fields()
            .map(|f| (f.name.to_string(), f.value.to_vec()))
            .collect();
        Ok(Signing {
            signer: self,
            headers,
            signed_names,
            canonicalizer: BodyCanonicalizer::new(self.config.canonicalization.body),
            hasher: Hasher::new(self.key.algorithm()),
            length: 0,
            timestamp: config.timestamp,
        })
    }
}

/// Folds `tags` (each `name=value`) into a `field:` header field of lines
/// of at most ~76 columns.
pub(crate) fn fold_tags(field: &str, tags: &[String]) -> String {
    let mut out = format!("{field}:");
    let mut column = out.len();
    for tag in tags {
        if column + 1 + tag.len() > 76 {
            out.push_str("\r\n\t");
            column = 1;
        } else {
            out.push(' ');
            column += 1;
        }
        out.push_str(tag);
        column += tag.len();
    }
    out
}

impl Signing<'_> {
    /// Sets `t=` for this signature (seconds since the epoch), in place of
    /// the configured one: a long-lived signer (a milter) stamps each
    /// message with the time it signed it. `x=` follows it.
    ///
    /// ```
    /// use domainauth::dkim::{Algorithm, Signer, SignerConfig, SigningKey};
    /// use domainauth::mail::Message;
    /// let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    /// let signer = Signer::new(key, SignerConfig::new("shop.example", "s"));
    /// let message = Message::parse(b"From: a@shop.example\r\n\r\nhi\r\n").unwrap();
    /// let mut signing = signer.begin(&message).unwrap().with_timestamp(1_700_000_000);
    /// signing.body(message.body());
    /// assert!(signing.finish().unwrap().contains(" t=1700000000;"));
    /// ```
    pub fn with_timestamp(mut self, timestamp: u64) -> Self {
        self.timestamp = Some(timestamp);
        self
    }

    /// Feeds the next chunk of the body.
    pub fn body(&mut self, chunk: &[u8]) {
        let Self {
            canonicalizer,
            hasher,
            length,
            ..
        } = self;
        canonicalizer.update(chunk, &mut |out: &[u8]| {
            hasher.update(out);
            *length += out.len() as u64;
        });
    }

    /// Finishes: the DKIM-Signature field, folded, without the final CRLF.
    pub fn finish(mut self) -> Result<String, SignError> {
        {
            let Self {
                canonicalizer,
                hasher,
                length,
                ..
            } = &mut self;
            canonicalizer.finish(&mut |out: &[u8]| {
                hasher.update(out);
                *length += out.len() as u64;
            });
        }
        let config = &self.signer.config;
        let body_hash = STANDARD.encode(self.hasher.finish());
        let mut tags = vec![
            "v=1;".to_string(),
            format!("a={};", self.signer.key.algorithm()),
            format!("c={};", config.canonicalization),
            format!("d={};", config.domain),
            format!("s={};", config.selector),
        ];
        if let Some(t) = self.timestamp {
            tags.push(format!("t={t};"));
            if let Some(after) = config.expire_after {
                tags.push(format!("x={};", t.saturating_add(after)));
            }
        }
        if let Some(i) = &config.identity {
            // §3.5: i= is dkim-quoted-printable.
            tags.push(format!("i={};", super::qp::encode_quoted_printable(i)));
        }
        if config.body_length {
            tags.push(format!("l={};", self.length));
        }
        tags.push(format!("h={};", self.signed_names.join(":")));
        tags.push(format!("bh={body_hash};"));
        tags.push("b=".to_string());
        let unsigned = fold_tags("DKIM-Signature", &tags);

        // The data signed: the h= fields, then this field with b= still empty.
        let index = HeaderIndex::new(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())));
        let (name, value) = unsigned.split_once(':').unwrap_or(("DKIM-Signature", ""));
        let data = index.signed_header_data(
            config.canonicalization.header,
            &self.signed_names,
            name,
            value.as_bytes(),
        );
        let signature = STANDARD.encode(self.signer.key.sign(&data)?);
        let mut out = unsigned;
        push_folded_b(&mut out, &signature);
        Ok(out)
    }
}

/// Appends the base64 `signature` to a field ending in `b=`, folded;
/// verifiers remove the whole value, folding included, before checking
/// (RFC 6376 §3.7).
pub(crate) fn push_folded_b(out: &mut String, signature: &str) {
    let mut rest = signature;
    let first = rest
        .len()
        .min(70usize.saturating_sub(out.len() - out.rfind('\n').map_or(0, |p| p + 1)));
    out.push_str(&rest[..first]);
    rest = &rest[first..];
    while !rest.is_empty() {
        let take = rest.len().min(72);
        out.push_str("\r\n\t");
        out.push_str(&rest[..take]);
        rest = &rest[take..];
    }
}
