//! `domainauth dkim verify|sign|keygen --json`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use domainauth::dkim::{Algorithm, SignatureResult};
use serde::Serialize;

use super::{Finding, SchemaVersion};

/// Every DKIM-Signature of a message, verified and explained.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DkimVerifyDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `dkim verify`.
    #[cfg_attr(test, schemars(extend("const" = "dkim verify")))]
    pub command: &'static str,
    /// The message file as given (`-` for standard input).
    pub message: String,
    /// The domain of the From address; null when the From field gives none.
    pub from_domain: Option<&'a str>,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// One entry per signature, in the order of the message.
    pub signatures: Vec<SignatureDocument<'a>>,
    /// Notes on the message itself: text skipped above the header, no
    /// signature at all.
    pub findings: Vec<Finding<'a>>,
}

/// One signature's result.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SignatureDocument<'a> {
    /// The signature read and its result.
    pub signature: &'a SignatureResult,
    /// The result explained (alignment with the From domain included), with the fix.
    pub findings: Vec<Finding<'a>>,
}

/// A message signed (`--json` prints this instead of the signed message).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DkimSignDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `dkim sign`.
    #[cfg_attr(test, schemars(extend("const" = "dkim sign")))]
    pub command: &'static str,
    /// The signing domain (`d=`).
    pub domain: &'a str,
    /// The selector (`s=`).
    pub selector: &'a str,
    /// The signing algorithm (`a=`), from the key.
    pub algorithm: Algorithm,
    /// The DKIM-Signature field added, folded, without its final line end.
    pub signature: &'a str,
    /// The signed message.
    #[serde(flatten)]
    pub message: SignedMessage,
}

/// The signed message: the field followed by the message as read.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum SignedMessage {
    /// A message that is UTF-8 text.
    Text {
        /// The signed message.
        message: String,
    },
    /// A message that is not UTF-8 (an 8-bit body): JSON strings hold
    /// text only.
    Base64 {
        /// The signed message, base64 (RFC 4648 §4, with padding).
        message_base64: String,
    },
}

impl SignedMessage {
    /// `message` as text when it is UTF-8, else as base64 (JSON strings
    /// hold text only; an 8-bit body is not).
    pub fn new(message: Vec<u8>) -> Self {
        match String::from_utf8(message) {
            Ok(message) => Self::Text { message },
            Err(e) => Self::Base64 {
                message_base64: STANDARD.encode(e.as_bytes()),
            },
        }
    }
}

/// Exactly one of `message` and `message_base64` (a derived schema
/// would give `anyOf`, which lets both through).
#[cfg(test)]
impl schemars::JsonSchema for SignedMessage {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SignedMessage".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "oneOf": [
                {
                    "description": "A message that is UTF-8 text.",
                    "type": "object",
                    "properties": {
                        "message": { "description": "The signed message.", "type": "string" }
                    },
                    "required": ["message"]
                },
                {
                    "description": "A message that is not UTF-8 (an 8-bit body): JSON strings hold text only.",
                    "type": "object",
                    "properties": {
                        "message_base64": {
                            "description": "The signed message, base64 (RFC 4648 §4, with padding).",
                            "type": "string"
                        }
                    },
                    "required": ["message_base64"]
                }
            ]
        })
    }
}

/// A signing key generated, and the DNS record to publish.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DkimKeygenDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `dkim keygen`.
    #[cfg_attr(test, schemars(extend("const" = "dkim keygen")))]
    pub command: &'static str,
    /// The private key file written (PKCS#8 PEM, mode 0600).
    pub private_key: String,
    /// The algorithm signatures with this key use (`a=`).
    pub algorithm: Algorithm,
    /// The key size in bits (256 for Ed25519).
    pub bits: usize,
    /// Where to publish the key: `<selector>._domainkey.<domain>`.
    pub name: &'a str,
    /// The TXT record's value (RFC 6376 §3.6.1).
    pub txt: &'a str,
    /// The record as a zone-file line, in strings of at most 255 characters.
    pub zone_line: &'a str,
}
