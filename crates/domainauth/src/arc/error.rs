//! What can be wrong with an ARC field, a chain, or a request to seal.

use std::fmt;

use super::ChainStatus;
use crate::authres::AuthResError;
use crate::dkim::{DkimProblem, DkimResult, PrivateKeyError, SignatureErrorKind, TagError};
use crate::escape::escape_controls;
use crate::mail::MailError;

/// The three header fields of an ARC set (RFC 8617 §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// ARC-Authentication-Results (§4.1.1).
    AuthenticationResults,
    /// ARC-Message-Signature (§4.1.2).
    MessageSignature,
    /// ARC-Seal (§4.1.3).
    Seal,
}

impl FieldKind {
    /// The field name as RFC 8617 writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::AuthenticationResults => "ARC-Authentication-Results",
            Self::MessageSignature => "ARC-Message-Signature",
            Self::Seal => "ARC-Seal",
        }
    }

    /// The kind of a field named `name` (case-insensitive), if ARC's.
    pub(crate) fn of(name: &str) -> Option<Self> {
        [
            Self::AuthenticationResults,
            Self::MessageSignature,
            Self::Seal,
        ]
        .into_iter()
        .find(|k| k.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong in one ARC field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HeaderErrorKind {
    /// The tag list is malformed (RFC 6376 §3.2).
    #[error("{error}")]
    Syntax {
        /// What is wrong in it.
        error: TagError,
    },
    /// An empty tag-spec: `;` twice in a row, or first (RFC 6376 §3.2
    /// allows `;` only between tags and once at the end).
    #[error("empty tag (two ';' in a row)")]
    EmptyTag,
    /// A required tag is absent.
    #[error("the required tag {tag}= is missing")]
    Missing {
        /// The tag.
        tag: &'static str,
    },
    /// `i=` is not an instance number from 1 to [`super::MAX_INSTANCE`]
    /// (RFC 8617 §4.2.1).
    #[error("i={} is not an instance number from 1 to 50", escape_controls(.value))]
    Instance {
        /// The value as written.
        value: String,
    },
    /// A tag shared with DKIM-Signature breaks its RFC 6376 §3.5 rule.
    #[error("{error}")]
    Signature {
        /// The DKIM rule broken.
        error: SignatureErrorKind,
    },
    /// `a=rsa-sha1`: RFC 8301 §3.1 forbids SHA-1 in signatures, and ARC,
    /// which postdates it, never allowed it.
    #[error("a=rsa-sha1 is not allowed in ARC (RFC 8301)")]
    Sha1,
    /// `cv=` is not `none`, `fail` or `pass` (RFC 8617 §4.1.3).
    #[error("cv={} is not a chain validation status (none, fail or pass)", escape_controls(.value))]
    ChainStatus {
        /// The value as written.
        value: String,
    },
    /// An ARC-Seal with an `h=` tag, which RFC 8617 §4.1.3 forbids: the
    /// seal covers the ARC sets, not header fields of the sealer's choice.
    #[error("an ARC-Seal must not have an h= tag")]
    SealHeaderList,
    /// The ARC-Authentication-Results field cannot be read as
    /// Authentication-Results (RFC 8601 §2.2).
    #[error("{error}")]
    AuthResults {
        /// Why.
        error: AuthResError,
    },
    /// The ARC-Authentication-Results has no authserv-id after `i=N;`
    /// (RFC 8617 §4.1.1: the payload is an Authentication-Results value,
    /// whose authserv-id is required, RFC 8601 §2.2), e.g.
    /// `i=2; spf=fail …`.
    #[error("no authserv-id after i=: the results start at once")]
    NoAuthservId,
}

impl HeaderErrorKind {
    /// Whether the text names its position already (a tag-list error, an
    /// Authentication-Results error): the field's error then says none
    /// again.
    pub(crate) fn names_position(&self) -> bool {
        match self {
            Self::Syntax { .. } => true,
            Self::AuthResults { error } => matches!(
                error,
                AuthResError::NoAuthservId { .. } | AuthResError::ControlInAuthservId { .. }
            ),
            _ => false,
        }
    }
}

/// An ARC field that cannot be used: which field, which instance (when it
/// could be read), which tag, where, and what is wrong.
///
/// ```
/// use domainauth::arc::{FieldKind, HeaderErrorKind, Seal};
/// let e = Seal::parse("i=2; a=rsa-sha256; cv=maybe; d=example.org; s=s; b=AAAA").unwrap_err();
/// assert_eq!((e.header, e.instance, e.tag.as_deref()), (FieldKind::Seal, Some(2), Some("cv")));
/// assert!(matches!(e.kind, HeaderErrorKind::ChainStatus { .. }));
/// assert_eq!(e.to_string(), "ARC-Seal i=2: cv=maybe is not a chain validation status (none, fail or pass) (tag cv= at offset 19)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct HeaderError {
    /// The field.
    pub header: FieldKind,
    /// Its `i=`, when it could be read.
    pub instance: Option<u32>,
    /// The tag concerned, when one is.
    pub tag: Option<String>,
    /// Byte offset in the field value.
    pub pos: usize,
    /// What is wrong.
    #[source]
    pub kind: HeaderErrorKind,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header.name())?;
        if let Some(i) = self.instance {
            write!(f, " i={i}")?;
        }
        write!(f, ": {}", self.kind)?;
        match &self.tag {
            _ if self.kind.names_position() => Ok(()),
            Some(tag) => write!(f, " (tag {tag}= at offset {})", self.pos),
            None => write!(f, " (at offset {})", self.pos),
        }
    }
}

/// Why a chain fails (RFC 8617 §5.2), the instance aside (see
/// [`ChainFailure`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChainProblem {
    /// More fields of one kind than a chain of [`super::MAX_INSTANCE`]
    /// sets can hold (§5.2 step 1); the fields were not parsed.
    #[error("{count} {header} fields: a chain holds at most 50 ARC sets (RFC 8617 section 4.2.1)")]
    TooManySets {
        /// The field counted.
        header: FieldKind,
        /// How many the message has.
        count: usize,
    },
    /// An ARC field is malformed.
    #[error("{error}")]
    Header {
        /// What is wrong, with the field, instance and tag.
        error: HeaderError,
    },
    /// Two fields of one kind with the same instance (§5.2 step 3.1).
    #[error("more than one {header} field with this instance")]
    Duplicate {
        /// The field.
        header: FieldKind,
    },
    /// An instance below the newest lacks a field (§5.2 step 3: each set
    /// holds one field of each kind, and instances run 1..N without gaps).
    #[error("no {header} field with this instance")]
    Missing {
        /// The field missing.
        header: FieldKind,
    },
    /// The newest ARC-Seal says `cv=fail`: a sealer found the chain broken
    /// (§5.2 step 2).
    #[error("the newest ARC-Seal says cv=fail: the sealer found the chain broken")]
    NewestSealFailed,
    /// A `cv=` out of place (§5.2 step 3.3): instance 1 must say `none`,
    /// later instances `pass`.
    #[error("the ARC-Seal says cv={cv}, where cv={expected} is required")]
    ChainStatusOrder {
        /// The value found.
        cv: ChainStatus,
        /// The value this instance must have.
        expected: ChainStatus,
    },
    /// The newest ARC-Message-Signature signs ARC-Seal fields (`h=` lists
    /// `arc-seal`), which RFC 8617 §4.1.2 forbids.
    #[error("the ARC-Message-Signature signs ARC-Seal fields (h= lists arc-seal)")]
    SignsSeal,
    /// The newest ARC-Message-Signature does not verify (§5.2 step 4).
    #[error("the ARC-Message-Signature does not verify: {problem}")]
    MessageSignature {
        /// As a DKIM signature, its result.
        result: DkimResult,
        /// Why.
        problem: DkimProblem,
    },
    /// An ARC-Seal's key cannot be used (§5.2 step 6).
    #[error("the ARC-Seal cannot be verified: {problem}")]
    SealKey {
        /// As a DKIM signature, its result.
        result: DkimResult,
        /// Why.
        problem: DkimProblem,
    },
    /// An ARC-Seal does not verify over the ARC sets up to its own (§5.2
    /// step 6): one of them changed after sealing.
    #[error("the ARC-Seal does not verify over the ARC sets up to its own")]
    SealMismatch,
}

/// Why a chain fails: the instance concerned, when there is one, and the
/// reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ChainFailure {
    /// The instance (`i=`) of the set that fails.
    pub instance: Option<u32>,
    /// Why.
    #[source]
    pub reason: ChainProblem,
}

impl fmt::Display for ChainFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.instance, &self.reason) {
            // A header error names its instance itself.
            (_, ChainProblem::Header { error }) => write!(f, "{error}"),
            (Some(i), reason) => write!(f, "ARC set i={i}: {reason}"),
            (None, reason) => write!(f, "{reason}"),
        }
    }
}

/// Why a message could not be sealed (RFC 8617 §5.1).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// The message could not be read.
    #[error("cannot read the message: {0}")]
    Mail(#[from] MailError),
    /// The chain already has a set with instance 50 or more (§5.1 step 1:
    /// such a message must not be sealed).
    #[error("the message already has an ARC set i={highest}; no set beyond i=50 may be added")]
    InstanceLimit {
        /// The highest instance found.
        highest: u32,
    },
    /// The chain status given does not fit the message: `none` with ARC
    /// sets present, `pass` or `fail` without any, or `pass` over sets that
    /// do not form a chain.
    #[error(
        "cv={cv} does not fit this message, which has {fields} ARC fields (highest i={highest})"
    )]
    ChainMismatch {
        /// The status given.
        cv: ChainStatus,
        /// ARC fields in the message.
        fields: usize,
        /// The highest instance among them (0 without).
        highest: u32,
    },
    /// `d=` or `s=` is not a name of letters, digits, `-` and `_` in
    /// dot-separated labels (RFC 6376 §3.5).
    #[error("{tag}={} is not a valid {tag}= value", escape_controls(.value))]
    InvalidName {
        /// `d` or `s`.
        tag: &'static str,
        /// The configured value.
        value: String,
    },
    /// A header field name to sign is not an RFC 5322 §3.6.8 field-name.
    #[error("{} is not a header field name", escape_controls(.name))]
    InvalidHeaderName {
        /// The configured name.
        name: String,
    },
    /// The names to sign include ARC-Seal, which an ARC-Message-Signature
    /// must not sign (RFC 8617 §4.1.2).
    #[error("an ARC-Message-Signature must not sign ARC-Seal")]
    SignsSeal,
    /// The fields to sign would make `h=` longer than verifiers accept.
    #[error("h= would list {count} header field names; verifiers accept at most {limit}")]
    TooManySignedHeaders {
        /// Names h= would list.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The authserv-id is empty or not an RFC 8601 §2.2 token (`value` in
    /// RFC 2045: no space, control or tspecial).
    #[error("{} is not an authserv-id", escape_controls(.value))]
    AuthservId {
        /// The value given.
        value: String,
    },
    /// The results hold a control character (other than folding), which
    /// could end the field or hide what follows.
    #[error("the authentication results hold a control character at offset {pos}")]
    ResultsControl {
        /// Byte offset in the results text.
        pos: usize,
    },
    /// Part of the results cannot be read as RFC 8601 `resinfo`.
    #[error("the authentication results cannot be read: {}", escape_controls(.part))]
    ResultsSyntax {
        /// The part that cannot be read.
        part: String,
    },
    /// The key failed to sign.
    #[error("{0}")]
    Key(#[from] PrivateKeyError),
    /// The sealed message's header would be larger than a parser accepts
    /// ([`crate::mail::MAX_HEADER_BYTES`]).
    #[error(
        "with the new ARC set the header would hold {bytes} bytes, more than the {limit} a message's header may hold"
    )]
    HeaderTooLarge {
        /// The size of the header with the new set.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The sealed message would have more header fields than a parser
    /// accepts ([`crate::mail::MAX_HEADER_FIELDS`]).
    #[error(
        "with the new ARC set the header would have {fields} fields, more than the {limit} a message may have"
    )]
    TooManyFields {
        /// The number of fields with the new set.
        fields: usize,
        /// The limit.
        limit: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant formats to one line naming what is wrong.
    #[test]
    fn every_problem_formats() {
        let header = HeaderError {
            header: FieldKind::MessageSignature,
            instance: Some(3),
            tag: Some("a".into()),
            pos: 0,
            kind: HeaderErrorKind::Sha1,
        };
        let problems = [
            ChainProblem::TooManySets {
                header: FieldKind::Seal,
                count: 51,
            },
            ChainProblem::Header {
                error: header.clone(),
            },
            ChainProblem::Duplicate {
                header: FieldKind::Seal,
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
                problem: DkimProblem::NoKey { name: "x".into() },
            },
            ChainProblem::SealMismatch,
        ];
        for reason in problems {
            let failure = ChainFailure {
                instance: Some(2),
                reason,
            };
            let text = failure.to_string();
            assert!(!text.is_empty() && !text.contains('\n'), "{text}");
            assert!(
                text.contains("i=2") || text.contains("i=3") || text.contains("51"),
                "{text}"
            );
        }
        assert_eq!(
            header.to_string(),
            "ARC-Message-Signature i=3: a=rsa-sha1 is not allowed in ARC (RFC 8301) (tag a= at offset 0)"
        );
        let e = SealError::InvalidName {
            tag: "d",
            value: "a\r\nb".into(),
        };
        assert_eq!(e.to_string(), "d=a\\r\\nb is not a valid d= value");
    }
}
