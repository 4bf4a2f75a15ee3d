//! DomainKeys Identified Mail (RFC 6376), with RFC 8301 (algorithm and key
//! size rules) and RFC 8463 (Ed25519).
//!
//! Building blocks usable on their own: [`parse_tag_list`] (§3.2),
//! [`Signature`] (§3.5), [`KeyRecord`] (§3.6.1), [`canonicalize_header`] and
//! [`BodyCanonicalizer`] (§3.4), [`HeaderIndex`] (§5.4.2), [`PublicKey`]/[`SigningKey`] (§3.3).
//! On top: [`DkimVerifier`] (§6) with a streaming body.

pub(crate) mod canon;
mod crypto;
mod explain;
mod key;
mod qp;
mod sign;
mod signature;
mod tag;
mod verify;

pub use canon::{BodyCanonicalizer, HeaderIndex, canonicalize_header, canonicalize_header_into};
pub use crypto::{
    Hasher, KeyRejected, PrivateKeyError, PublicKey, PublicKeyError, SigningKey, pem_decode,
    pem_encode, sha256,
};
pub use explain::unsigned_finding;
pub use key::{KeyError, KeyRecord, KeyType, MAX_KEY_LIST_ITEMS};
pub use qp::{QpError, decode_quoted_printable, encode_quoted_printable};
pub use sign::{DEFAULT_SIGNED_HEADERS, SignError, Signer, SignerConfig, Signing};
pub use signature::{
    Algorithm, Canon, Canonicalization, MAX_SIGNED_HEADERS, ParseCanonicalizationError, Signature,
    SignatureError, SignatureErrorKind, strip_b_value,
};
pub use tag::{MAX_TAGS, Tag, TagError, parse_tag_list, parse_tag_list_with_limit};
pub use verify::{
    DkimProblem, DkimResult, DkimVerifier, LengthPolicy, Sha1Policy, SignatureResult, Verification,
    VerifyConfig,
};

// Building blocks ARC (RFC 8617) shares: its signatures are DKIM signatures
// with an instance number.
pub(crate) use sign::{fold_tags, is_dns_name, is_field_name, push_folded_b, signed_names};
pub(crate) use signature::{
    check_expiration, check_query_methods, number, parse_algorithm, parse_base64,
    parse_canonicalization, parse_domain, parse_header_names, parse_selector,
};
pub(crate) use verify::{BodyHash, BodyKey, Failure, utf8};
