//! Sealing: adding this hop's ARC set (RFC 8617 §5.1).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::error::{FieldKind, SealError};
use super::header::AuthenticationResults;
use super::validate::{ArcField, declared_instance, read_chain};
use super::{ChainStatus, MAX_INSTANCE};
use crate::dkim::canon::canonicalize_header_rfc_into;
use crate::dkim::{
    BodyCanonicalizer, Canon, DEFAULT_SIGNED_HEADERS, Hasher, HeaderIndex, MAX_SIGNED_HEADERS,
    SigningKey, fold_tags, is_dns_name, is_field_name, push_folded_b,
};
use crate::mail::{MAX_HEADER_BYTES, MAX_HEADER_FIELDS, Message};

/// What to seal with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SealerConfig {
    /// `d=` of the ARC-Message-Signature and the ARC-Seal.
    pub domain: String,
    /// `s=`: the selector of the key.
    pub selector: String,
    /// The header fields the ARC-Message-Signature signs when present,
    /// each as often as it occurs; `None` means
    /// [`DEFAULT_SIGNED_HEADERS`] and DKIM-Signature (RFC 8617 §4.1.2:
    /// the AMS should sign the DKIM signatures present). ARC-Seal may not
    /// be among them.
    pub headers: Option<Vec<String>>,
    /// Of the fields signed, those listed once more than they occur (also
    /// when absent), so that a field added after sealing breaks the
    /// ARC-Message-Signature (RFC 6376 §8.15, as the DKIM signer does);
    /// [`ARC_OVERSIGNED_HEADERS`] by default.
    pub oversign: Vec<String>,
    /// `t=` of both signatures, seconds since the epoch (the crate has no
    /// clock of its own).
    pub timestamp: Option<u64>,
}

impl SealerConfig {
    /// Defaults for `domain` and `selector`: the default header fields, no
    /// timestamp.
    pub fn new(domain: &str, selector: &str) -> Self {
        Self {
            domain: domain.to_ascii_lowercase(),
            selector: selector.to_string(),
            headers: None,
            oversign: ARC_OVERSIGNED_HEADERS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            timestamp: None,
        }
    }
}

/// The fields an ARC-Message-Signature signs once more than they occur by
/// default: those a reader sees or replies to, and those that say how the
/// body is read. A second From, an added Reply-To or Cc then breaks the
/// signature of the hop that handed the message on (RFC 8617 §4.1.2 signs
/// as DKIM does; RFC 6376 §8.15).
pub const ARC_OVERSIGNED_HEADERS: &[&str] = &[
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
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
];

/// The three fields of a new ARC set, each `Name: value`, folded, without
/// the final CRLF.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SealedSet {
    /// The instance of the new set.
    pub instance: u32,
    /// The `cv=` it carries.
    pub cv: ChainStatus,
    /// The ARC-Seal field.
    pub seal: String,
    /// The ARC-Message-Signature field.
    pub message_signature: String,
    /// The ARC-Authentication-Results field.
    pub authentication_results: String,
}

impl SealedSet {
    /// The three fields to add at the top of the message, ARC-Seal first,
    /// each ending in CRLF.
    pub fn header_block(&self) -> String {
        format!(
            "{}\r\n{}\r\n{}\r\n",
            self.seal, self.message_signature, self.authentication_results
        )
    }
}

/// Seals messages with one key (RFC 8617 §5.1): the set of this hop, with
/// relaxed/relaxed canonicalization, RSA or Ed25519.
///
/// ```
/// use domainauth::arc::{ChainStatus, Sealer, SealerConfig};
/// use domainauth::dkim::{Algorithm, SigningKey};
/// let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
/// let mut config = SealerConfig::new("list.example", "arc");
/// config.timestamp = Some(1_700_000_000);
/// let set = Sealer::new(key, config)
///     .seal_message(
///         b"From: a@origin.example\r\nSubject: hi\r\n\r\nbody\r\n",
///         ChainStatus::None,
///         "mx.list.example",
///         "spf=pass smtp.mailfrom=origin.example; dkim=pass header.d=origin.example",
///     )
///     .unwrap();
/// assert!(set.seal.starts_with("ARC-Seal: i=1; a=ed25519-sha256; t=1700000000; cv=none;"));
/// assert!(set.authentication_results.starts_with("ARC-Authentication-Results: i=1; mx.list.example;"));
/// ```
#[derive(Debug)]
pub struct Sealer {
    key: SigningKey,
    config: SealerConfig,
}

/// A seal in progress: header read, body being fed.
#[non_exhaustive]
pub struct Sealing<'s> {
    sealer: &'s Sealer,
    instance: u32,
    cv: ChainStatus,
    /// The new ARC-Authentication-Results value (after the colon).
    aar_value: String,
    /// The message's header fields with the new AAR on top.
    headers: Vec<(String, Vec<u8>)>,
    /// The size of the message's header, in bytes and fields.
    header_bytes: usize,
    header_fields: usize,
    signed_names: Vec<String>,
    /// The earlier sets, relaxed, oldest first, when the seal covers them.
    earlier_sets: Vec<u8>,
    body: SealBody,
    timestamp: Option<u64>,
}

/// The body hash of an ARC-Message-Signature, begun before this hop's
/// results are known: a filter that sees the body stream past (a milter)
/// hashes it as it comes and seals once the verdict is in
/// ([`Sealing::with_body`]). Relaxed body canonicalization, the key's hash
/// (RFC 8617 §4.1.2, as RFC 6376 §3.7).
pub struct SealBody {
    canonicalizer: BodyCanonicalizer,
    hasher: Hasher,
}

impl std::fmt::Debug for SealBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealBody").finish_non_exhaustive()
    }
}

impl SealBody {
    /// Feeds the next chunk of the body.
    pub fn body(&mut self, chunk: &[u8]) {
        let Self {
            canonicalizer,
            hasher,
        } = self;
        canonicalizer.update(chunk, &mut |out: &[u8]| hasher.update(out));
    }

    /// The body hash (`bh=`), the canonicalizer's end flushed first.
    fn finish(self) -> Vec<u8> {
        let Self {
            mut canonicalizer,
            mut hasher,
        } = self;
        canonicalizer.finish(&mut |out: &[u8]| hasher.update(out));
        hasher.finish()
    }
}

/// RFC 2045 `token` characters, as an authserv-id that is not quoted
/// (RFC 8601 §2.2) must be made of.
fn is_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?=".contains(&b))
}

/// The results text with its folding removed, refusing any other control
/// character (it could end the field and start another).
fn unfolded_results(results: &str) -> Result<String, SealError> {
    let bytes = results.as_bytes();
    let mut out = String::with_capacity(results.len());
    for (pos, c) in results.char_indices() {
        let folding = match c {
            '\r' => {
                bytes.get(pos + 1) == Some(&b'\n')
                    && matches!(bytes.get(pos + 2), Some(b' ' | b'\t'))
            }
            '\n' => {
                pos > 0
                    && bytes[pos - 1] == b'\r'
                    && matches!(bytes.get(pos + 1), Some(b' ' | b'\t'))
            }
            '\t' => true,
            c => !crate::escape::is_escaped_char(c),
        };
        if !folding {
            return Err(SealError::ResultsControl { pos });
        }
        if c != '\r' && c != '\n' {
            out.push(c);
        }
    }
    Ok(out.trim().to_string())
}

/// Folds a field of `name` and unfolded `value` before whitespace so that
/// lines stay near 78 columns; unfolding gives `value` back.
fn fold_field(name: &str, value: &str) -> String {
    let mut out = format!("{name}:");
    let mut column = out.len();
    let mut previous_wsp = false;
    for c in value.chars() {
        let wsp = c == ' ' || c == '\t';
        if wsp && !previous_wsp && column > 72 {
            out.push_str("\r\n");
            column = 0;
        }
        out.push(c);
        column += 1;
        previous_wsp = wsp;
    }
    out
}

impl Sealer {
    /// A sealer.
    pub fn new(key: SigningKey, config: SealerConfig) -> Self {
        Self { key, config }
    }

    /// The key.
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// A body hash to feed as the body streams past, for
    /// [`Sealing::with_body`].
    pub fn body_hash(&self) -> SealBody {
        SealBody {
            canonicalizer: BodyCanonicalizer::new(Canon::Relaxed),
            hasher: Hasher::new(self.key.algorithm()),
        }
    }

    /// The set to add to a whole message: `cv` is the status
    /// [`super::Verifier`] found on the message as received, `authserv_id`
    /// and `results` this hop's Authentication-Results (`results` being
    /// what follows the authserv-id: `spf=pass smtp.mailfrom=…; dkim=…`).
    pub fn seal_message(
        &self,
        raw: &[u8],
        cv: ChainStatus,
        authserv_id: &str,
        results: &str,
    ) -> Result<SealedSet, SealError> {
        let message = Message::parse(raw)?;
        let mut sealing = self.begin(&message, cv, authserv_id, results)?;
        sealing.body(message.body());
        sealing.finish()
    }

    /// Reads the header (RFC 8617 §5.1): the instance of the new set (one
    /// above the highest, at most [`MAX_INSTANCE`]), the earlier sets the
    /// seal covers (all of them when `cv` is `pass`; none when it is `fail`,
    /// §5.1.2), the new ARC-Authentication-Results and what the
    /// ARC-Message-Signature signs. The body follows through
    /// [`Sealing::body`].
    pub fn begin(
        &self,
        message: &Message<'_>,
        cv: ChainStatus,
        authserv_id: &str,
        results: &str,
    ) -> Result<Sealing<'_>, SealError> {
        let config = &self.config;
        let domain = config.domain.strip_suffix('.').unwrap_or(&config.domain);
        for (tag, name, value) in [
            ("d", domain, &config.domain),
            ("s", config.selector.as_str(), &config.selector),
        ] {
            if !is_dns_name(name) {
                let value = value.clone();
                return Err(SealError::InvalidName { tag, value });
            }
        }
        let wanted: Vec<String> = match &config.headers {
            Some(h) => h.iter().map(|n| n.to_ascii_lowercase()).collect(),
            None => DEFAULT_SIGNED_HEADERS
                .iter()
                .chain(&["dkim-signature"])
                .map(|s| s.to_string())
                .collect(),
        };
        for name in wanted.iter().chain(&config.oversign) {
            if !is_field_name(name) {
                return Err(SealError::InvalidHeaderName { name: name.clone() });
            }
            if FieldKind::of(name) == Some(FieldKind::Seal) {
                return Err(SealError::SignsSeal);
            }
        }
        if !is_token(authserv_id) {
            return Err(SealError::AuthservId {
                value: authserv_id.to_string(),
            });
        }

        // §5.1 step 1, and the chain status against the sets present.
        let fields: Vec<ArcField<'_>> = message
            .fields()
            .filter_map(|f| {
                FieldKind::of(f.name).map(|kind| ArcField {
                    kind,
                    name: f.name,
                    value: f.value,
                })
            })
            .collect();
        let highest = fields
            .iter()
            .filter_map(declared_instance)
            .max()
            .unwrap_or(0);
        if highest >= MAX_INSTANCE {
            return Err(SealError::InstanceLimit { highest });
        }
        let mismatch = || SealError::ChainMismatch {
            cv,
            fields: fields.len(),
            highest,
        };
        let earlier_sets = match cv {
            ChainStatus::None if fields.is_empty() => Vec::new(),
            ChainStatus::Fail if !fields.is_empty() => Vec::new(),
            ChainStatus::Pass if !fields.is_empty() => {
                let sets = read_chain(&fields).map_err(|_| mismatch())?;
                if sets.len() as u32 != highest {
                    return Err(mismatch());
                }
                let mut out = Vec::new();
                for set in &sets {
                    for f in [&set.aar.0, &set.ams.0, &set.seal.0] {
                        canonicalize_header_rfc_into(Canon::Relaxed, f.name, f.value, &mut out);
                    }
                }
                out
            }
            _ => return Err(mismatch()),
        };
        let instance = highest + 1;

        // §4.1.1: the ARC-Authentication-Results of this hop.
        let results = unfolded_results(results)?;
        let results = if results.is_empty() { "none" } else { &results };
        let aar_value = format!(" i={instance}; {authserv_id}; {results}");
        let parsed =
            AuthenticationResults::parse(&aar_value).map_err(|e| SealError::ResultsSyntax {
                part: e.to_string(),
            })?;
        if let Some(skipped) = parsed.results.skipped.first() {
            let part = skipped.params.get("text").cloned().unwrap_or_default();
            return Err(SealError::ResultsSyntax { part });
        }
        let aar_field = fold_field(FieldKind::AuthenticationResults.name(), &aar_value);
        let aar_value = aar_field
            .split_once(':')
            .map_or(String::new(), |(_, v)| v.to_string());

        // §4.1.2: what the ARC-Message-Signature signs, the new AAR included.
        let mut headers = vec![(
            FieldKind::AuthenticationResults.name().to_string(),
            aar_value.clone().into_bytes(),
        )];
        headers.extend(
            message
                .fields()
                .map(|f| (f.name.to_string(), f.value.to_vec())),
        );
        let index = HeaderIndex::new(headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())));
        let signed_names = crate::dkim::signed_names(&index, &wanted, &config.oversign);
        if signed_names.len() > MAX_SIGNED_HEADERS {
            return Err(SealError::TooManySignedHeaders {
                count: signed_names.len(),
                limit: MAX_SIGNED_HEADERS,
            });
        }
        // What the message's header holds already, as the parser counts it
        // (each field `name:value` and its CRLF).
        let header_bytes = message
            .fields()
            .map(|f| f.name.len() + 1 + f.value.len() + 2)
            .sum();
        let header_fields = message.fields().count();
        Ok(Sealing {
            sealer: self,
            instance,
            cv,
            aar_value,
            header_bytes,
            header_fields,
            headers,
            signed_names,
            earlier_sets,
            body: self.body_hash(),
            timestamp: config.timestamp,
        })
    }
}

impl Sealing<'_> {
    /// Takes the body hashed beforehand by [`Sealer::body_hash`] (of the
    /// same sealer) in place of feeding it through [`Sealing::body`].
    ///
    /// ```
    /// use domainauth::arc::{ChainStatus, Sealer, SealerConfig};
    /// use domainauth::dkim::{Algorithm, SigningKey};
    /// use domainauth::mail::Message;
    /// let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    /// let sealer = Sealer::new(key, SealerConfig::new("list.example", "arc"));
    /// let raw = b"From: a@origin.example\r\n\r\nbody\r\n";
    /// let message = Message::parse(raw).unwrap();
    /// let mut body = sealer.body_hash();
    /// body.body(message.body());
    /// // ... the verdict comes in ...
    /// let early = sealer
    ///     .begin(&message, ChainStatus::None, "mx.list.example", "spf=pass smtp.mailfrom=origin.example")
    ///     .unwrap()
    ///     .with_body(body)
    ///     .finish()
    ///     .unwrap();
    /// let whole = sealer
    ///     .seal_message(raw, ChainStatus::None, "mx.list.example", "spf=pass smtp.mailfrom=origin.example")
    ///     .unwrap();
    /// assert_eq!(early.message_signature.split("bh=").nth(1).map(|s| &s[..44]),
    ///            whole.message_signature.split("bh=").nth(1).map(|s| &s[..44]));
    /// ```
    pub fn with_body(mut self, body: SealBody) -> Self {
        self.body = body;
        self
    }

    /// Sets `t=` of both signatures (seconds since the epoch) in place of
    /// the configured one: a long-lived sealer stamps each message with
    /// the time it sealed it.
    pub fn with_timestamp(mut self, timestamp: u64) -> Self {
        self.timestamp = Some(timestamp);
        self
    }

    /// Feeds the next chunk of the body.
    pub fn body(&mut self, chunk: &[u8]) {
        self.body.body(chunk);
    }

    /// Finishes: the ARC-Message-Signature over the header fields and the
    /// body (RFC 8617 §4.1.2), then the ARC-Seal over the sets (§5.1.1:
    /// each set's AAR, AMS and AS in instance order, this seal last with
    /// `b=` empty).
    pub fn finish(self) -> Result<SealedSet, SealError> {
        let key = &self.sealer.key;
        let config = &self.sealer.config;
        let algorithm = key.algorithm();
        let i = self.instance;
        let timestamp = self.timestamp.map(|t| format!("t={t};"));
        let body_hash = STANDARD.encode(self.body.finish());

        let mut tags = vec![
            format!("i={i};"),
            format!("a={algorithm};"),
            "c=relaxed/relaxed;".to_string(),
            format!("d={};", config.domain),
            format!("s={};", config.selector),
        ];
        tags.extend(timestamp.clone());
        tags.push(format!("h={};", self.signed_names.join(":")));
        tags.push(format!("bh={body_hash};"));
        tags.push("b=".to_string());
        let mut ams = fold_tags(FieldKind::MessageSignature.name(), &tags);
        let index = HeaderIndex::new(self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())));
        let ams_value = ams.split_once(':').map_or("", |(_, v)| v);
        let data = index.signed_header_data_rfc(
            Canon::Relaxed,
            &self.signed_names,
            FieldKind::MessageSignature.name(),
            ams_value.as_bytes(),
        );
        push_folded_b(&mut ams, &STANDARD.encode(key.sign(&data)?));

        let mut tags = vec![format!("i={i};"), format!("a={algorithm};")];
        tags.extend(timestamp);
        tags.extend([
            format!("cv={};", self.cv),
            format!("d={};", config.domain),
            format!("s={};", config.selector),
            "b=".to_string(),
        ]);
        let mut seal = fold_tags(FieldKind::Seal.name(), &tags);
        let mut data = self.earlier_sets;
        let aar_name = FieldKind::AuthenticationResults.name();
        canonicalize_header_rfc_into(
            Canon::Relaxed,
            aar_name,
            self.aar_value.as_bytes(),
            &mut data,
        );
        for field in [&ams, &seal] {
            let (name, value) = field.split_once(':').unwrap_or((field, ""));
            canonicalize_header_rfc_into(Canon::Relaxed, name, value.as_bytes(), &mut data);
        }
        data.truncate(data.len() - 2);
        push_folded_b(&mut seal, &STANDARD.encode(key.sign(&data)?));

        let set = SealedSet {
            instance: i,
            cv: self.cv,
            seal,
            message_signature: ams,
            authentication_results: format!("{aar_name}:{}", self.aar_value),
        };
        // The sealed message must stay readable, by our parser and by the
        // next hop: refuse a header beyond what the parser accepts.
        let bytes = self.header_bytes + set.header_block().len();
        if bytes > MAX_HEADER_BYTES {
            return Err(SealError::HeaderTooLarge {
                bytes,
                limit: MAX_HEADER_BYTES,
            });
        }
        let fields = self.header_fields + 3;
        if fields > MAX_HEADER_FIELDS {
            return Err(SealError::TooManyFields {
                fields,
                limit: MAX_HEADER_FIELDS,
            });
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dkim::canonicalize_header;

    #[test]
    fn folding_keeps_the_value() {
        let value = format!(
            " i=1; mx.example; {}",
            "spf=pass smtp.mailfrom=a.example; ".repeat(6)
        );
        let field = fold_field("ARC-Authentication-Results", value.trim_end());
        assert!(field.lines().all(|l| l.len() < 100), "{field}");
        assert!(field.contains("\r\n "));
        assert_eq!(
            field.replace("\r\n", ""),
            format!("ARC-Authentication-Results:{}", value.trim_end())
        );
        assert_eq!(
            canonicalize_header(
                Canon::Relaxed,
                "x",
                field.split_once(':').unwrap().1.as_bytes()
            ),
            canonicalize_header(Canon::Relaxed, "x", value.as_bytes())
        );
    }

    #[test]
    fn results_text_is_checked() {
        assert_eq!(
            unfolded_results("spf=pass;\r\n dkim=none").unwrap(),
            "spf=pass; dkim=none"
        );
        for (text, pos) in [
            ("spf=pass\r\nX-Evil: 1", 8),
            ("spf=pass\n dkim=none", 8),
            ("a\u{1b}[31m", 1),
            ("a\rb", 1),
        ] {
            assert!(
                matches!(unfolded_results(text), Err(SealError::ResultsControl { pos: p }) if p == pos),
                "{text:?}"
            );
        }
        assert!(is_token("mx.example.net"));
        assert!(
            !is_token("mx example") && !is_token("") && !is_token("a;b") && !is_token("mx\r\n")
        );
    }
}
