//! The three fields of an ARC set, parsed (RFC 8617 §4.1).
//!
//! ARC-Seal and ARC-Message-Signature are tag lists (RFC 6376 §3.2) whose
//! tags shared with DKIM-Signature follow DKIM's rules, read by the DKIM
//! code; ARC-Authentication-Results is Authentication-Results (RFC 8601)
//! after an `i=` instance, read by [`crate::authres`].

use super::error::{FieldKind, HeaderError, HeaderErrorKind};
use super::{ChainStatus, MAX_INSTANCE};
use crate::authres::{self, AuthResError, AuthResults};
use crate::dkim::{
    Algorithm, Signature, SignatureError, Tag, check_expiration, check_query_methods, number,
    parse_algorithm, parse_base64, parse_canonicalization, parse_domain, parse_header_names,
    parse_selector, parse_tag_list,
};

/// An ARC-Seal field value (RFC 8617 §4.1.3): the sealer's signature over
/// the ARC sets up to its own, and the chain status it found (`cv=`).
///
/// ```
/// use domainauth::arc::{ChainStatus, Seal};
/// let seal = Seal::parse("i=2; a=rsa-sha256; t=1700000000; cv=pass; d=list.example; s=arc; b=AAAA").unwrap();
/// assert_eq!((seal.instance, seal.cv), (2, ChainStatus::Pass));
/// assert_eq!(seal.key_name(), "arc._domainkey.list.example");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Seal {
    /// `i=`: the instance, 1 to [`MAX_INSTANCE`].
    pub instance: u32,
    /// `a=`.
    pub algorithm: Algorithm,
    /// `b=`, decoded.
    #[serde(skip)]
    pub signature: Vec<u8>,
    /// `cv=`: the status of the chain as this sealer received it.
    pub cv: ChainStatus,
    /// `d=`: the sealer's domain, lower case.
    pub domain: String,
    /// `s=`: the selector.
    pub selector: String,
    /// `t=`: when the set was sealed, seconds since the epoch.
    pub timestamp: Option<u64>,
}

/// An ARC-Message-Signature field value (RFC 8617 §4.1.2): a DKIM
/// signature with an instance number in place of the AUID and no `v=`.
///
/// Unlike DKIM-Signature, `h=` need not list From: the signature serves
/// the chain, not DMARC alignment (dkimpy and the ValiMail suite agree).
///
/// ```
/// use domainauth::arc::MessageSignature;
/// let ams = MessageSignature::parse(
///     "i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=arc; h=from:to; bh=AAAA; b=AAAA",
/// ).unwrap();
/// assert_eq!(ams.instance, 1);
/// assert_eq!(ams.signature.signed_headers, ["from", "to"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MessageSignature {
    /// `i=`: the instance, 1 to [`MAX_INSTANCE`].
    pub instance: u32,
    /// The DKIM signature (its `identity` is always `None`).
    pub signature: Signature,
}

/// An ARC-Authentication-Results field value (RFC 8617 §4.1.1): what the
/// sealer of this instance verified, as Authentication-Results.
///
/// ```
/// use domainauth::arc::AuthenticationResults;
/// let aar = AuthenticationResults::parse(" i=1; mx.list.example; spf=pass smtp.mailfrom=origin.example").unwrap();
/// assert_eq!(aar.instance, 1);
/// assert_eq!(aar.results.authserv_id, "mx.list.example");
/// assert_eq!(aar.results.results[0].result, "pass");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AuthenticationResults {
    /// `i=`: the instance, 1 to [`MAX_INSTANCE`].
    pub instance: u32,
    /// The results, as any Authentication-Results field.
    pub results: AuthResults,
}

/// Builds the errors of one field as it is read.
struct Reader {
    header: FieldKind,
    instance: Option<u32>,
    /// Length of the value, the position of "missing" errors.
    len: usize,
}

impl Reader {
    fn error(&self, tag: Option<&str>, pos: usize, kind: HeaderErrorKind) -> HeaderError {
        HeaderError {
            header: self.header,
            instance: self.instance,
            tag: tag.map(str::to_string),
            pos,
            kind,
        }
    }

    fn at(&self, tag: &Tag<'_>, kind: HeaderErrorKind) -> HeaderError {
        self.error(Some(tag.name), tag.pos, kind)
    }

    /// A DKIM tag rule broken, as an ARC error of this field.
    fn dkim(&self, e: SignatureError) -> HeaderError {
        self.error(
            e.tag.as_deref(),
            e.pos,
            HeaderErrorKind::Signature { error: e.kind },
        )
    }

    fn required<'t, 'a>(
        &self,
        tags: &'t [Tag<'a>],
        name: &'static str,
    ) -> Result<&'t Tag<'a>, HeaderError> {
        find(tags, name)
            .ok_or_else(|| self.error(Some(name), self.len, HeaderErrorKind::Missing { tag: name }))
    }

    /// The tag list, and `i=` read first so later errors can name it.
    fn tags<'a>(&mut self, value: &'a str) -> Result<Vec<Tag<'a>>, HeaderError> {
        let tags = parse_tag_list(value)
            .map_err(|error| self.error(None, error.pos(), HeaderErrorKind::Syntax { error }))?;
        if let Some(pos) = empty_tag_spec(value) {
            return Err(self.error(None, pos, HeaderErrorKind::EmptyTag));
        }
        let i = self.required(&tags, "i")?;
        let instance = parse_instance(i.value).ok_or_else(|| {
            self.at(
                i,
                HeaderErrorKind::Instance {
                    value: i.value.to_string(),
                },
            )
        })?;
        self.instance = Some(instance);
        Ok(tags)
    }

    /// `a=`, any DKIM algorithm but rsa-sha1.
    fn algorithm(&self, tags: &[Tag<'_>]) -> Result<Algorithm, HeaderError> {
        let a = self.required(tags, "a")?;
        match parse_algorithm(a).map_err(|e| self.dkim(e))? {
            Algorithm::RsaSha1 => Err(self.at(a, HeaderErrorKind::Sha1)),
            algorithm => Ok(algorithm),
        }
    }
}

/// Where a tag list holds an empty tag-spec (`;;`, or `;` first): RFC 6376
/// §3.2 allows `;` between tags and once at the end only. The DKIM reader
/// lets this pass; ARC's fields are read to the letter, as the ValiMail
/// suite and dkimpy do.
fn empty_tag_spec(value: &str) -> Option<usize> {
    let mut start = 0;
    for end in memchr::memchr_iter(b';', value.as_bytes()) {
        if value[start..end]
            .trim_matches([' ', '\t', '\r', '\n'])
            .is_empty()
        {
            return Some(end);
        }
        start = end + 1;
    }
    None
}

fn find<'t, 'a>(tags: &'t [Tag<'a>], name: &str) -> Option<&'t Tag<'a>> {
    tags.iter().find(|t| t.name == name)
}

/// An instance number (RFC 8617 §4.2.1: `i-value = 1*2DIGIT`, 1 to 50).
pub(crate) fn parse_instance(value: &str) -> Option<u32> {
    if value.is_empty() || value.len() > 2 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value
        .parse()
        .ok()
        .filter(|i| (1..=MAX_INSTANCE).contains(i))
}

impl Seal {
    /// Parses an ARC-Seal field value (RFC 8617 §4.1.3): tags `i`, `a`,
    /// `b`, `cv`, `d`, `s` required, `t` optional, unknown tags ignored,
    /// and no `h`.
    pub fn parse(value: &str) -> Result<Self, HeaderError> {
        let mut r = Reader {
            header: FieldKind::Seal,
            instance: None,
            len: value.len(),
        };
        let tags = r.tags(value)?;
        if let Some(h) = find(&tags, "h") {
            return Err(r.at(h, HeaderErrorKind::SealHeaderList));
        }
        let algorithm = r.algorithm(&tags)?;
        let signature = parse_base64(r.required(&tags, "b")?, "b").map_err(|e| r.dkim(e))?;
        let cv_tag = r.required(&tags, "cv")?;
        let cv = ChainStatus::parse(cv_tag.value).ok_or_else(|| {
            r.at(
                cv_tag,
                HeaderErrorKind::ChainStatus {
                    value: cv_tag.value.to_string(),
                },
            )
        })?;
        let domain = parse_domain(r.required(&tags, "d")?).map_err(|e| r.dkim(e))?;
        let selector = parse_selector(r.required(&tags, "s")?).map_err(|e| r.dkim(e))?;
        let timestamp = find(&tags, "t")
            .map(|t| number("t", t.value, t.pos))
            .transpose()
            .map_err(|e| r.dkim(e))?;
        Ok(Self {
            instance: r.instance.unwrap_or_default(),
            algorithm,
            signature,
            cv,
            domain,
            selector,
            timestamp,
        })
    }

    /// Where the public key is published: `<s>._domainkey.<d>` (RFC 6376
    /// §3.6.2.1, as RFC 8617 §4.1.3 says).
    pub fn key_name(&self) -> String {
        format!("{}._domainkey.{}", self.selector, self.domain)
    }
}

impl MessageSignature {
    /// Parses an ARC-Message-Signature field value (RFC 8617 §4.1.2): the
    /// tags of DKIM-Signature (RFC 6376 §3.5) with their rules, except that
    /// `i=` is the instance and `v=` is not used.
    pub fn parse(value: &str) -> Result<Self, HeaderError> {
        let mut r = Reader {
            header: FieldKind::MessageSignature,
            instance: None,
            len: value.len(),
        };
        let tags = r.tags(value)?;
        let dkim = |e| r.dkim(e);
        let algorithm = r.algorithm(&tags)?;
        let signature = parse_base64(r.required(&tags, "b")?, "b").map_err(dkim)?;
        let body_hash = parse_base64(r.required(&tags, "bh")?, "bh").map_err(dkim)?;
        let canonicalization = parse_canonicalization(find(&tags, "c")).map_err(dkim)?;
        let domain = parse_domain(r.required(&tags, "d")?).map_err(dkim)?;
        let signed_headers = parse_header_names(r.required(&tags, "h")?).map_err(dkim)?;
        let selector = parse_selector(r.required(&tags, "s")?).map_err(dkim)?;
        let optional = |name: &'static str| {
            find(&tags, name)
                .map(|t| number(name, t.value, t.pos))
                .transpose()
                .map_err(dkim)
        };
        let body_length = optional("l")?;
        let timestamp = optional("t")?;
        let expiration = optional("x")?;
        check_expiration(timestamp, expiration, find(&tags, "x")).map_err(dkim)?;
        if let Some(q) = find(&tags, "q") {
            check_query_methods(q).map_err(dkim)?;
        }
        Ok(Self {
            instance: r.instance.unwrap_or_default(),
            signature: Signature {
                algorithm,
                signature,
                body_hash,
                canonicalization,
                domain,
                signed_headers,
                identity: None,
                body_length,
                selector,
                timestamp,
                expiration,
                copied_headers: find(&tags, "z").map(|z| z.value.to_string()),
            },
        })
    }
}

impl AuthenticationResults {
    /// Parses an ARC-Authentication-Results field value (RFC 8617 §4.1.1):
    /// `i=N;` first (`instance = [FWS] %x69 [FWS] "=" [FWS] i-value`, then
    /// `[CFWS] ";"`), then an Authentication-Results payload whose
    /// authserv-id must be readable. Results that cannot be read are kept
    /// in [`AuthResults::skipped`], as for any Authentication-Results.
    pub fn parse(value: &str) -> Result<Self, HeaderError> {
        let r = Reader {
            header: FieldKind::AuthenticationResults,
            instance: None,
            len: value.len(),
        };
        let instance =
            leading_instance(value).map_err(|(pos, kind)| r.error(Some("i"), pos, kind))?;
        let r = Reader {
            instance: Some(instance),
            ..r
        };
        let results = authres::parse(value).map_err(|error| {
            // The position the error names, as the byte offset `pos` is.
            let pos = match &error {
                AuthResError::NoAuthservId { position }
                | AuthResError::ControlInAuthservId { position } => value
                    .char_indices()
                    .nth(*position)
                    .map_or(value.len(), |(i, _)| i),
                _ => 0,
            };
            r.error(None, pos, HeaderErrorKind::AuthResults { error })
        })?;
        // §4.1.1: unlike some Authentication-Results fields, an ARC one
        // must name the authserv-id that wrote it.
        if results.authserv_id.is_empty() {
            let after = value.find(';').map_or(0, |i| i + 1);
            let pos = after + (value[after..].len() - value[after..].trim_start().len());
            return Err(r.error(None, pos, HeaderErrorKind::NoAuthservId));
        }
        // The Authentication-Results reader takes `i=N;` only when well
        // formed, as checked above; it must have found the same.
        if results.instance != Some(instance) {
            let kind = HeaderErrorKind::Instance {
                value: instance.to_string(),
            };
            return Err(r.error(Some("i"), 0, kind));
        }
        Ok(Self { instance, results })
    }
}

/// The `i=N;` that starts an ARC-Authentication-Results value, or where
/// and why it is not there.
fn leading_instance(value: &str) -> Result<u32, (usize, HeaderErrorKind)> {
    let fws = |s: &str| s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len();
    let start = fws(value);
    let missing = || (start, HeaderErrorKind::Missing { tag: "i" });
    let rest = value[start..].strip_prefix('i').ok_or_else(missing)?;
    let rest = &rest[fws(rest)..];
    let rest = rest.strip_prefix('=').ok_or_else(missing)?;
    let value_start = value.len() - rest.len() + fws(rest);
    let rest = &value[value_start..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &rest[digits..];
    let after = &after[fws(after)..];
    let bad = || {
        let end = rest.find(';').unwrap_or(rest.len());
        (
            value_start,
            HeaderErrorKind::Instance {
                value: rest[..end].trim_end().to_string(),
            },
        )
    };
    if !after.starts_with(';') {
        return Err(bad());
    }
    parse_instance(&rest[..digits]).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dkim::{Canon, SignatureErrorKind};

    const AS: &str = "i=1; a=rsa-sha256; t=12345; cv=none; d=example.org; s=dummy; b=AAAA";
    const AMS: &str = "i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=dummy; \
                       h=from:to; bh=AAAA; b=AAAA";

    fn seal_kind(text: &str) -> (Option<u32>, Option<String>, HeaderErrorKind) {
        let e = Seal::parse(text).unwrap_err();
        assert_eq!(e.header, FieldKind::Seal);
        (e.instance, e.tag, e.kind)
    }

    fn ams_kind(text: &str) -> (Option<u32>, Option<String>, HeaderErrorKind) {
        let e = MessageSignature::parse(text).unwrap_err();
        assert_eq!(e.header, FieldKind::MessageSignature);
        (e.instance, e.tag, e.kind)
    }

    #[test]
    fn seal_reads_its_tags() {
        let s = Seal::parse(AS).unwrap();
        assert_eq!(s.instance, 1);
        assert_eq!(s.algorithm, Algorithm::RsaSha256);
        assert_eq!(s.cv, ChainStatus::None);
        assert_eq!(s.timestamp, Some(12345));
        assert_eq!(s.signature, [0, 0, 0]);
        // t= is optional, unknown tags are ignored, cv= is an ABNF string.
        let s = Seal::parse("i=50; a=ed25519-sha256; cv=Pass; d=EXAMPLE.org.; s=x; b=AAAA; w=1")
            .unwrap();
        assert_eq!(
            (s.instance, s.cv, s.timestamp),
            (50, ChainStatus::Pass, None)
        );
        assert_eq!(s.domain, "example.org");
    }

    #[test]
    fn seal_errors_name_instance_and_tag() {
        for (i, text) in [
            ("0", "i=0"),
            ("51", "i=51"),
            ("", "i="),
            ("x", "i=x"),
            ("100", "i=100"),
        ] {
            let (instance, tag, kind) = seal_kind(&AS.replace("i=1", text));
            assert_eq!((instance, tag.as_deref()), (None, Some("i")), "{text}");
            assert_eq!(kind, HeaderErrorKind::Instance { value: i.into() });
        }
        let (instance, tag, kind) = seal_kind(&AS.replace("i=1; ", ""));
        assert_eq!((instance, tag.as_deref()), (None, Some("i")));
        assert_eq!(kind, HeaderErrorKind::Missing { tag: "i" });
        let (instance, tag, kind) = seal_kind(&format!("{AS}; h=from"));
        assert_eq!(
            (instance, tag.as_deref(), kind),
            (Some(1), Some("h"), HeaderErrorKind::SealHeaderList)
        );
        let (_, tag, kind) = seal_kind(&AS.replace("rsa-sha256", "rsa-sha1"));
        assert_eq!((tag.as_deref(), kind), (Some("a"), HeaderErrorKind::Sha1));
        let (_, tag, kind) = seal_kind(&AS.replace("cv=none", "cv=:)"));
        assert_eq!(tag.as_deref(), Some("cv"));
        assert_eq!(kind, HeaderErrorKind::ChainStatus { value: ":)".into() });
        for missing in [
            "a=rsa-sha256; ",
            "cv=none; ",
            "d=example.org; ",
            "s=dummy; ",
        ] {
            let (instance, _, kind) = seal_kind(&AS.replace(missing, ""));
            assert_eq!(instance, Some(1));
            assert!(
                matches!(kind, HeaderErrorKind::Missing { .. }),
                "{missing}: {kind:?}"
            );
        }
        let (_, _, kind) = seal_kind(&AS.replace("b=AAAA", "x=1"));
        assert_eq!(kind, HeaderErrorKind::Missing { tag: "b" });
        let (_, tag, kind) = seal_kind(&AS.replace("t=12345", "t=12 345"));
        assert_eq!(tag.as_deref(), Some("t"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Signature {
                error: SignatureErrorKind::Number { .. }
            }
        ));
        let (_, _, kind) = seal_kind(&AS.replace("d=example.org", "d=***"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Signature {
                error: SignatureErrorKind::Domain { .. }
            }
        ));
        let (_, _, kind) = seal_kind(&AS.replace("b=AAAA", "b=yo-mama"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Signature {
                error: SignatureErrorKind::Base64 { tag: "b" }
            }
        ));
        for text in [
            format!("{AS};; w=1"),
            format!(";{AS}"),
            AS.replace("; s=", ";\r\n ; s="),
        ] {
            let e = Seal::parse(&text).unwrap_err();
            assert_eq!(e.kind, HeaderErrorKind::EmptyTag, "{text}");
            assert_eq!(&text[e.pos..=e.pos], ";");
        }
        assert!(Seal::parse(&format!("{AS};")).is_ok());
        assert!(Seal::parse(&format!("{AS}; \r\n ")).is_ok());
        let (_, _, kind) = seal_kind(&format!("{AS}; s=dummy"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Syntax {
                error: crate::dkim::TagError::Duplicate { .. }
            }
        ));
        // Tag names are case-sensitive: S= is not s=.
        let (_, _, kind) = seal_kind(&AS.replace("s=dummy", "S=dummy"));
        assert_eq!(kind, HeaderErrorKind::Missing { tag: "s" });
    }

    #[test]
    fn message_signature_is_dkim_with_an_instance() {
        let m = MessageSignature::parse(AMS).unwrap();
        assert_eq!(m.instance, 1);
        let sig = &m.signature;
        assert_eq!(sig.canonicalization.header, Canon::Relaxed);
        assert_eq!(sig.identity, None);
        assert_eq!(sig.key_name(), "dummy._domainkey.example.org");
        // c= defaults as in DKIM; h= may be empty and need not list From.
        let m = MessageSignature::parse(
            &AMS.replace("c=relaxed/relaxed; ", "")
                .replace("h=from:to", "h="),
        )
        .unwrap();
        assert_eq!(m.signature.canonicalization.header, Canon::Simple);
        assert!(m.signature.signed_headers.is_empty());
        let m = MessageSignature::parse(&AMS.replace("h=from:to", "h=From : to::Subject")).unwrap();
        assert_eq!(m.signature.signed_headers, ["from", "to", "subject"]);
    }

    #[test]
    fn message_signature_errors() {
        let (instance, tag, kind) = ams_kind(&AMS.replace("i=1", "i=0"));
        assert_eq!((instance, tag.as_deref()), (None, Some("i")));
        assert_eq!(kind, HeaderErrorKind::Instance { value: "0".into() });
        let (_, _, kind) = ams_kind(&AMS.replace("rsa-sha256", "rsa-sha1"));
        assert_eq!(kind, HeaderErrorKind::Sha1);
        for (missing, tag) in [
            ("bh=AAAA; ", "bh"),
            ("h=from:to; ", "h"),
            ("s=dummy; ", "s"),
            ("d=example.org; ", "d"),
        ] {
            let (instance, _, kind) = ams_kind(&AMS.replace(missing, ""));
            assert_eq!(
                (instance, kind),
                (Some(1), HeaderErrorKind::Missing { tag })
            );
        }
        let (_, tag, kind) = ams_kind(&AMS.replace("relaxed/relaxed", "pancake/waffle"));
        assert_eq!(tag.as_deref(), Some("c"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Signature {
                error: SignatureErrorKind::Canonicalization { .. }
            }
        ));
        let (_, _, kind) = ams_kind(&format!("{AMS}; t=icecream"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Signature {
                error: SignatureErrorKind::Number { tag: "t", .. }
            }
        ));
        let (_, _, kind) = ams_kind(&format!("{AMS}; t=5; x=5"));
        assert!(matches!(
            kind,
            HeaderErrorKind::Signature {
                error: SignatureErrorKind::ExpiresBeforeSigned { .. }
            }
        ));
        let (_, _, kind) = ams_kind(&AMS.replace("; d=", "; ==; d="));
        assert!(matches!(kind, HeaderErrorKind::Syntax { .. }));
    }

    #[test]
    fn authentication_results_instance_first() {
        let a = AuthenticationResults::parse(
            " i=2 ;\r\n\tlists.example.org; arc=pass; spf=pass smtp.mfrom=a@b.example",
        )
        .unwrap();
        assert_eq!(a.instance, 2);
        assert_eq!(a.results.authserv_id, "lists.example.org");
        assert_eq!(a.results.results.len(), 2);
        let a = AuthenticationResults::parse("i=1; lists.example.org; none").unwrap();
        assert!(a.results.results.is_empty());

        let err = |text: &str| {
            let e = AuthenticationResults::parse(text).unwrap_err();
            assert_eq!(e.header, FieldKind::AuthenticationResults);
            e
        };
        for text in [
            " lists.example.org; spf=pass",
            " lists.example.org; i=1; spf=pass",
            "I=1; x; spf=pass",
        ] {
            let e = err(text);
            assert_eq!(
                (e.instance, e.kind),
                (None, HeaderErrorKind::Missing { tag: "i" }),
                "{text}"
            );
        }
        for (text, value) in [
            ("i=; x; spf=pass", ""),
            ("i=0; x; spf=pass", "0"),
            ("i=51; x; spf=pass", "51"),
            ("i=squanch; x", "squanch"),
            ("i=1 x; spf=pass", "1 x"),
        ] {
            let e = err(text);
            assert_eq!(e.tag.as_deref(), Some("i"));
            assert_eq!(
                e.kind,
                HeaderErrorKind::Instance {
                    value: value.into()
                },
                "{text}"
            );
        }
        let e = err("i=1; ");
        assert_eq!(e.instance, Some(1));
        assert!(matches!(e.kind, HeaderErrorKind::AuthResults { .. }));
    }
}
