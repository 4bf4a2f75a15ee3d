//! Authenticated Received Chain (RFC 8617): validating the chain of ARC
//! sets a message carries, and sealing it with a new set.
//!
//! Each intermediary that handles a message (a forwarder, a mailing list)
//! adds one ARC set: an ARC-Authentication-Results field recording what it
//! verified (§4.1.1), an ARC-Message-Signature over the message as it passed
//! on (§4.1.2, a DKIM signature with an instance number) and an ARC-Seal
//! over the ARC sets so far (§4.1.3). A receiver that trusts one of the
//! sealers can then read what the first hops saw, before the message was
//! changed on the way.
//!
//! - [`Verifier`] validates the chain (§5.2): none, pass or fail, with the
//!   failing instance and the reason, and the oldest instance whose
//!   ARC-Message-Signature still verifies (`header.oldest-pass`).
//! - [`Sealer`] adds the set of this hop (§5.1), from our
//!   Authentication-Results and the validation of the chain as received.
//! - [`Seal`], [`MessageSignature`] and [`AuthenticationResults`] parse the
//!   three fields on their own.
//!
//! Signatures, canonicalization, keys and key lookups are those of
//! [`crate::dkim`]; DNS goes through the [`crate::dns::Resolver`] trait.
//!
//! ```
//! use domainauth::arc::{ChainStatus, Sealer, SealerConfig, Verifier};
//! use domainauth::dkim::{Algorithm, SigningKey};
//! use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};
//!
//! // A forwarder's key, published in DNS.
//! let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
//! let mut zone = ZoneResolver::new();
//! let record = key.key_record().unwrap();
//! zone.add("arc._domainkey.forwarder.example", ZoneEntry::Txt(Txt { strings: vec![record.into_bytes()] }));
//!
//! // The forwarder seals a message that had no chain yet (cv=none).
//! let message = b"From: a@origin.example\r\nTo: b@list.example\r\nSubject: hi\r\n\r\nbody\r\n";
//! let sealer = Sealer::new(key, SealerConfig::new("forwarder.example", "arc"));
//! let set = sealer
//!     .seal_message(message, ChainStatus::None, "mx.forwarder.example", "spf=pass smtp.mailfrom=origin.example")
//!     .unwrap();
//! assert_eq!(set.instance, 1);
//! let sealed = [set.header_block().as_bytes(), message].concat();
//!
//! // The next hop validates the chain.
//! let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let chain = rt.block_on(Verifier::new(zone).validate_message(&sealed)).unwrap();
//! assert_eq!(chain.status, ChainStatus::Pass);
//! assert_eq!(chain.sets[0].seal.domain, "forwarder.example");
//! ```

mod error;
mod header;
mod seal;
mod validate;

pub use error::{ChainFailure, ChainProblem, FieldKind, HeaderError, HeaderErrorKind, SealError};
pub use header::{AuthenticationResults, MessageSignature, Seal};
pub use seal::{ARC_OVERSIGNED_HEADERS, SealBody, SealedSet, Sealer, SealerConfig, Sealing};
pub use validate::{ChainValidation, MAX_BODY_HASHES, SetReport, Validation, Verifier};

/// The highest instance number an ARC set may have, and so the most sets a
/// chain may hold (RFC 8617 §4.2.1: `i=` is 1 to 50). A chain with more is
/// invalid (§5.2 step 1); a message with 50 sets cannot be sealed again
/// (§5.1 step 1).
pub const MAX_INSTANCE: u32 = 50;

/// A chain validation status (RFC 8617 §4.4): the `cv=` of an ARC-Seal,
/// and the result of validating a chain (`arc=` in Authentication-Results,
/// §10.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ChainStatus {
    /// No chain: the message carries no ARC set (or, in a seal, the set
    /// is the first).
    None,
    /// Every set validated.
    Pass,
    /// The chain is broken: a set is missing, malformed or does not verify.
    Fail,
}

impl ChainStatus {
    /// `none`, `pass` or `fail`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pass => "pass",
            Self::Fail => "fail",
        }
    }

    /// The `cv=` value (RFC 8617 §4.1.3: `"none" / "fail" / "pass"`,
    /// ABNF strings, so any case).
    pub(crate) fn parse(value: &str) -> Option<Self> {
        [Self::None, Self::Pass, Self::Fail]
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(value))
    }
}

impl std::fmt::Display for ChainStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
