//! DKIM verification (RFC 6376 §6, RFC 8301, RFC 8463).
//!
//! [`DkimVerifier::begin`] reads the header (every DKIM-Signature field, up
//! to a cap), then the body is fed in chunks to [`Verification::body`] —
//! signatures that share canonicalization, hash and `l=` share one body hash
//! — and [`Verification::finish`] looks up the keys in parallel and checks
//! each signature.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::future::join_all;

use super::canon::{BodyCanonicalizer, HeaderIndex};
use super::crypto::{Hasher, PublicKey, PublicKeyError};
use super::key::{KeyError, KeyRecord};
use super::signature::{Algorithm, Canon, Signature, SignatureError, strip_b_value};
use crate::dns::{DnsError, Resolver, Txt};
use crate::mail::{MailError, Message};

/// What to do with `rsa-sha1` signatures (RFC 8301 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sha1Policy {
    /// Result `policy` (not valid), as RFC 8301 requires of verifiers.
    #[default]
    Refuse,
    /// Verify them like rsa-sha256 (for studying old mail).
    Accept,
}

/// What to do with `l=` (RFC 6376 §8.2: content may be appended after the signed part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LengthPolicy {
    /// Verify the signed part; report an unsigned tail as a warning.
    #[default]
    Honour,
    /// Result `policy` when the body has content beyond `l=`.
    FailUnsignedTail,
}

/// At most this many TXT records at one selector name are read when
/// choosing the key record among several (RFC 6376 §6.1.2 step 3).
pub const MAX_KEY_RECORDS_READ: usize = 8;

/// Settings for [`DkimVerifier`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifyConfig {
    /// DKIM-Signature fields read per message, top to bottom; the rest are
    /// not even parsed, and one `policy` result says how many were skipped
    /// (a message with thousands of signatures must cost neither thousands
    /// of key lookups nor thousands of parses). RFC 6376 §6.1 lets verifiers
    /// limit the signatures they check.
    pub max_signatures: usize,
    /// `rsa-sha1` handling.
    pub sha1: Sha1Policy,
    /// `l=` handling.
    pub length: LengthPolicy,
    /// RSA keys shorter than this fail (RFC 8301 §3.2: 1024).
    pub min_rsa_bits: usize,
    /// Current time, seconds since the epoch, for `x=` and `t=`; `None` skips time checks.
    pub now: Option<u64>,
    /// Allowed clock difference for `t=` in the future and `x=` in the past.
    pub clock_skew: u64,
}

impl Default for VerifyConfig {
    fn default() -> Self {
        Self {
            max_signatures: 5,
            sha1: Sha1Policy::Refuse,
            length: LengthPolicy::Honour,
            min_rsa_bits: 1024,
            now: None,
            clock_skew: 300,
        }
    }
}

/// The result of one signature (RFC 8601 §2.7.1 values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DkimResult {
    /// The signature verified.
    Pass,
    /// The signature did not verify.
    Fail,
    /// The signature verified but local policy does not accept it (rsa-sha1, l= tail, cap).
    Policy,
    /// The signature or key could not be used (syntax, no key, revoked).
    PermError,
    /// The key could not be fetched now.
    TempError,
    /// The signature is not checked (neutral).
    Neutral,
}

impl DkimResult {
    /// The keyword used in Authentication-Results.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Policy => "policy",
            Self::PermError => "permerror",
            Self::TempError => "temperror",
            Self::Neutral => "neutral",
        }
    }
}

/// Why a signature did not pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DkimProblem {
    /// The DKIM-Signature field is malformed.
    #[error("invalid DKIM-Signature: {error}")]
    Signature {
        /// What is wrong, with the tag and position.
        error: SignatureError,
    },
    /// More DKIM-Signature fields than [`VerifyConfig::max_signatures`]:
    /// those beyond the cap were neither parsed nor checked.
    #[error("{skipped} signatures not checked: more than max_signatures = {limit} on the message")]
    TooManySignatures {
        /// The cap.
        limit: usize,
        /// DKIM-Signature fields beyond the cap.
        skipped: usize,
    },
    /// No key record at the selector name.
    #[error("no DKIM key at {name}")]
    NoKey {
        /// `<s>._domainkey.<d>`.
        name: String,
    },
    /// The key lookup failed temporarily.
    #[error("key lookup failed: {error}")]
    KeyDns {
        /// The failure.
        error: DnsError,
    },
    /// Several TXT records at the selector name, and not exactly one of
    /// them is a key record (RFC 6376 §6.1.2 step 3).
    #[error("{name} has {count} TXT records and not exactly one of them is a key record")]
    SeveralKeys {
        /// The name.
        name: String,
        /// How many.
        count: usize,
    },
    /// The key record is malformed.
    #[error("invalid key record at {name}: {error}")]
    KeySyntax {
        /// The name.
        name: String,
        /// What is wrong.
        error: KeyError,
    },
    /// `p=` is empty: the key was revoked.
    #[error("the key at {name} is revoked (empty p=)")]
    Revoked {
        /// The name.
        name: String,
    },
    /// `p=` does not decode as a key of its type.
    #[error("the key at {name} is unusable: {error}")]
    BadKey {
        /// The name.
        name: String,
        /// What is wrong.
        error: PublicKeyError,
    },
    /// The key type does not match `a=`.
    #[error("a={algorithm} cannot be verified with a k={key_type} key")]
    KeyTypeMismatch {
        /// The signature algorithm.
        algorithm: Algorithm,
        /// The key's type.
        key_type: &'static str,
    },
    /// The key record's `h=` excludes the signature's hash.
    #[error("the key record does not allow {hash}")]
    HashNotAllowed {
        /// The hash.
        hash: &'static str,
    },
    /// The key record's `s=` excludes email.
    #[error("the key record is not for email (s=)")]
    NotForEmail,
    /// The key is shorter than allowed (RFC 8301 §3.2).
    #[error("the RSA key has {bits} bits; at least {min} are required")]
    KeyTooShort {
        /// Key size.
        bits: usize,
        /// The minimum.
        min: usize,
    },
    /// `rsa-sha1` refused by policy (RFC 8301 §3.1).
    #[error("rsa-sha1 signatures are not accepted (RFC 8301)")]
    Sha1,
    /// `t=s` in the key and the i= domain is a subdomain of d=.
    #[error("the key is restricted (t=s) to i= in exactly d=")]
    StrictIdentity,
    /// `x=` has passed.
    #[error("the signature expired at {expiration} (now {now})")]
    Expired {
        /// x=.
        expiration: u64,
        /// The time checked at.
        now: u64,
    },
    /// `t=` is in the future.
    #[error("the signature is dated {timestamp}, in the future (now {now})")]
    FutureTimestamp {
        /// t=.
        timestamp: u64,
        /// The time checked at.
        now: u64,
    },
    /// `l=` is larger than the body.
    #[error("l={length} but the canonical body has only {actual} octets")]
    BodyShorterThanLength {
        /// l=.
        length: u64,
        /// The canonical body length.
        actual: u64,
    },
    /// Content after the `l=` limit, refused by policy.
    #[error("{tail} octets of the body are not covered by l=")]
    UnsignedTail {
        /// Unsigned octets.
        tail: u64,
    },
    /// The body hash differs: the body changed after signing.
    #[error("the body hash does not match (the body changed after signing)")]
    BodyHashMismatch,
    /// The signature over the header fields does not verify.
    #[error("the signature does not verify over the signed header fields ({fields})")]
    SignatureMismatch {
        /// The h= list, as signed.
        fields: String,
    },
}

/// The outcome of one DKIM-Signature.
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignatureResult {
    /// The result.
    pub result: DkimResult,
    /// `d=` (or what could be read of it).
    pub domain: Option<String>,
    /// `s=`.
    pub selector: Option<String>,
    /// `a=`.
    pub algorithm: Option<Algorithm>,
    /// `c=` as `header/body`.
    pub canonicalization: Option<String>,
    /// The AUID (i=, or @d).
    pub auid: Option<String>,
    /// The signed header fields (h=).
    pub signed_headers: Vec<String>,
    /// Key size in bits, when a key was found.
    pub key_bits: Option<usize>,
    /// The key record says the domain is testing (t=y).
    pub testing: bool,
    /// `l=`, if any.
    pub body_length: Option<u64>,
    /// Canonical body octets after `l=` (not covered by the signature).
    pub unsigned_tail: Option<u64>,
    /// The first characters of b=, to tell signatures apart (RFC 8601 header.b).
    pub header_b: Option<String>,
    /// Why it did not pass.
    pub problem: Option<DkimProblem>,
    /// Body lines ended in LF only and were read as CRLF.
    pub bare_lf: bool,
}

impl SignatureResult {
    fn failed(result: DkimResult, sig: Option<&Signature>, problem: DkimProblem) -> Self {
        let mut r = Self::from_signature(sig);
        r.result = result;
        r.problem = Some(problem);
        r
    }

    fn from_signature(sig: Option<&Signature>) -> Self {
        Self {
            result: DkimResult::Neutral,
            domain: sig.map(|s| s.domain.clone()),
            selector: sig.map(|s| s.selector.clone()),
            algorithm: sig.map(|s| s.algorithm),
            canonicalization: sig.map(|s| canonicalization_text(s.canonicalization)),
            auid: sig.map(Signature::auid),
            signed_headers: sig.map(|s| s.signed_headers.clone()).unwrap_or_default(),
            key_bits: None,
            testing: false,
            body_length: sig.and_then(|s| s.body_length),
            unsigned_tail: None,
            header_b: None,
            problem: None,
            bare_lf: false,
        }
    }

    /// The result of `sig` once checked: its fields are moved, not copied.
    fn of_signature(sig: Signature, outcome: Outcome) -> Self {
        let auid = match sig.identity {
            Some(i) => i,
            None => ["@", &sig.domain].concat(),
        };
        Self {
            result: outcome.result,
            domain: Some(sig.domain),
            selector: Some(sig.selector),
            algorithm: Some(sig.algorithm),
            canonicalization: Some(canonicalization_text(sig.canonicalization)),
            auid: Some(auid),
            signed_headers: sig.signed_headers,
            key_bits: outcome.key_bits,
            testing: outcome.testing,
            body_length: sig.body_length,
            unsigned_tail: outcome.unsigned_tail,
            header_b: None,
            problem: outcome.problem,
            bare_lf: false,
        }
    }
}

/// `c=` as `header/body`.
fn canonicalization_text(c: super::signature::Canonicalization) -> String {
    [c.header.as_str(), "/", c.body.as_str()].concat()
}

/// What checking one signature found, before its [`SignatureResult`] is
/// written.
pub(crate) struct Outcome {
    pub(crate) result: DkimResult,
    pub(crate) problem: Option<DkimProblem>,
    key_bits: Option<usize>,
    testing: bool,
    unsigned_tail: Option<u64>,
}

impl Outcome {
    fn failed((result, problem): Failure) -> Self {
        Self {
            result,
            problem: Some(problem),
            key_bits: None,
            testing: false,
            unsigned_tail: None,
        }
    }
}

/// Verifies DKIM signatures through a [`Resolver`].
///
/// ```
/// use domainauth::dkim::{DkimResult, DkimVerifier};
/// use domainauth::dns::ZoneResolver;
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let results = rt.block_on(DkimVerifier::new(ZoneResolver::new()).verify_message(
///     b"From: a@example.com\r\nSubject: unsigned\r\n\r\nbody\r\n",
/// )).unwrap();
/// assert!(results.is_empty());
/// ```
pub struct DkimVerifier<R> {
    resolver: R,
    config: VerifyConfig,
    /// Parsed keys by record text, shared with the verifiers
    /// [`DkimVerifier::with_resolver`] makes. Keyed by the text, an entry is
    /// never stale (TTLs are the resolver's business); bounded, it cannot
    /// grow with a stream of distinct keys.
    keys: Arc<KeyCache>,
}

/// A key record and its parsed public key.
type CachedKey = (Arc<KeyRecord>, Arc<PublicKey>);

/// Parsed keys by record text.
type KeyCache = quick_cache::sync::Cache<Vec<u8>, CachedKey>;

impl<R: std::fmt::Debug> std::fmt::Debug for DkimVerifier<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DkimVerifier")
            .field("resolver", &self.resolver)
            .field("config", &self.config)
            .finish()
    }
}

/// Parsed key records kept by their text (parsing RSA keys costs time).
const KEY_CACHE: usize = 256;

/// What a body hash depends on: signatures that agree on these share one.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct BodyKey {
    pub(crate) canon: Canon,
    pub(crate) algorithm_hash: &'static str,
    pub(crate) length: Option<u64>,
}

impl BodyKey {
    /// The body hash `sig` needs.
    pub(crate) fn of(sig: &Signature) -> Self {
        Self {
            canon: sig.canonicalization.body,
            algorithm_hash: sig.algorithm.hash_name(),
            length: sig.body_length,
        }
    }
}

/// One body hash being computed as the body streams in.
pub(crate) struct BodyHash {
    canonicalizer: BodyCanonicalizer,
    hasher: Hasher,
    limit: Option<u64>,
    /// Canonical octets produced (all of them, hashed or not).
    total: u64,
}

impl BodyHash {
    /// A hash for `key`, with `algorithm`'s hash function.
    pub(crate) fn new(key: BodyKey, algorithm: Algorithm) -> Self {
        Self {
            canonicalizer: BodyCanonicalizer::new(key.canon),
            hasher: Hasher::new(algorithm),
            limit: key.length,
            total: 0,
        }
    }

    /// Feeds the next chunk of the body.
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        let Self {
            canonicalizer,
            hasher,
            limit,
            total,
        } = self;
        canonicalizer.update(chunk, &mut |out: &[u8]| {
            hash_limited(hasher, *limit, total, out)
        });
    }

    /// The hash, the canonical body length and whether a bare LF was seen.
    pub(crate) fn finish(mut self) -> (Vec<u8>, u64, bool) {
        let Self {
            canonicalizer,
            hasher,
            limit,
            total,
        } = &mut self;
        canonicalizer.finish(&mut |out: &[u8]| hash_limited(hasher, *limit, total, out));
        let bare_lf = self.canonicalizer.saw_bare_lf();
        (self.hasher.finish(), self.total, bare_lf)
    }
}

fn hash_limited(hasher: &mut Hasher, limit: Option<u64>, total: &mut u64, out: &[u8]) {
    let take = match limit {
        Some(l) => (l.saturating_sub(*total)).min(out.len() as u64) as usize,
        None => out.len(),
    };
    hasher.update(&out[..take]);
    *total += out.len() as u64;
}

enum Pending {
    Done(SignatureResult),
    Check {
        sig: Box<Signature>,
        header_data: Vec<u8>,
        body: BodyKey,
        header_b: String,
    },
}

/// A verification in progress: header read, body being fed.
#[non_exhaustive]
pub struct Verification {
    pending: Vec<Pending>,
    bodies: HashMap<BodyKey, BodyHash>,
    /// DKIM-Signature fields beyond the cap, not parsed.
    skipped: usize,
}

impl<R: Resolver> DkimVerifier<R> {
    /// A verifier with default settings.
    pub fn new(resolver: R) -> Self {
        Self::with_config(resolver, VerifyConfig::default())
    }

    /// A verifier with explicit settings.
    pub fn with_config(resolver: R, config: VerifyConfig) -> Self {
        Self {
            resolver,
            config,
            keys: Arc::new(KeyCache::new(KEY_CACHE)),
        }
    }

    /// A verifier with these settings and this key cache, asking `resolver`
    /// instead: how a per-message resolver such as [`crate::dns::Metered`]
    /// is put under a long-lived verifier.
    pub fn with_resolver<S: Resolver>(&self, resolver: S) -> DkimVerifier<S> {
        DkimVerifier {
            resolver,
            config: self.config.clone(),
            keys: Arc::clone(&self.keys),
        }
    }

    /// The settings.
    pub fn config(&self) -> &VerifyConfig {
        &self.config
    }

    /// Verifies every DKIM-Signature of a whole message.
    pub async fn verify_message(&self, raw: &[u8]) -> Result<Vec<SignatureResult>, MailError> {
        let message = Message::parse(raw)?;
        let mut v = self.begin(&message);
        v.body(message.body());
        Ok(self.finish(v).await)
    }

    /// Reads the header: parses the first [`VerifyConfig::max_signatures`]
    /// signatures and computes what each signs of the header (§3.7); the body
    /// follows through [`Verification::body`].
    ///
    /// The header fields are indexed by name once and the index is shared by
    /// every signature, so the work is linear in the header and in each
    /// `h=` list. Fields beyond the cap are counted, not parsed: they give
    /// one `policy` result with [`DkimProblem::TooManySignatures`], last.
    pub fn begin(&self, message: &Message<'_>) -> Verification {
        let mut pending = Vec::new();
        let mut bodies = HashMap::new();
        let mut index: Option<HeaderIndex<'_>> = None;
        let mut skipped = 0;
        for (n, field) in message.get_all("DKIM-Signature").enumerate() {
            if n >= self.config.max_signatures {
                skipped += 1;
                continue;
            }
            let value = utf8(field.value);
            let sig = match Signature::parse(&value) {
                Ok(s) => s,
                Err(e) => {
                    pending.push(Pending::Done(SignatureResult::failed(
                        DkimResult::PermError,
                        None,
                        DkimProblem::Signature { error: e },
                    )));
                    continue;
                }
            };
            let index = index.get_or_insert_with(|| HeaderIndex::from_message(message));
            let header_data = index.signed_header_data(
                sig.canonicalization.header,
                &sig.signed_headers,
                field.name,
                strip_b_value(&value).as_bytes(),
            );
            let body = BodyKey::of(&sig);
            bodies
                .entry(body)
                .or_insert_with(|| BodyHash::new(body, sig.algorithm));
            let header_b = base64_prefix(&sig.signature);
            pending.push(Pending::Check {
                sig: Box::new(sig),
                header_data,
                body,
                header_b,
            });
        }
        if skipped > 0 {
            pending.push(Pending::Done(SignatureResult::failed(
                DkimResult::Policy,
                None,
                DkimProblem::TooManySignatures {
                    limit: self.config.max_signatures,
                    skipped,
                },
            )));
        }
        Verification {
            pending,
            bodies,
            skipped,
        }
    }

    /// Checks every signature once the whole body was fed.
    pub async fn finish(&self, verification: Verification) -> Vec<SignatureResult> {
        let Verification {
            pending, bodies, ..
        } = verification;
        let hashes: HashMap<BodyKey, (Vec<u8>, u64, bool)> =
            bodies.into_iter().map(|(k, b)| (k, b.finish())).collect();
        let checks = pending.into_iter().map(|p| async {
            match p {
                Pending::Done(r) => r,
                Pending::Check {
                    sig,
                    header_data,
                    body,
                    header_b,
                } => {
                    let (hash, total, bare_lf) = match hashes.get(&body) {
                        Some((hash, total, bare_lf)) => (hash.as_slice(), *total, *bare_lf),
                        None => (&[][..], 0, false),
                    };
                    let outcome = self.check(&sig, &header_data, hash, total).await;
                    let mut r = SignatureResult::of_signature(*sig, outcome);
                    r.header_b = Some(header_b);
                    r.bare_lf = bare_lf;
                    r
                }
            }
        });
        join_all(checks).await
    }

    /// The key record and public key published at `name`
    /// (`<s>._domainkey.<d>`, §3.6.2.1): one TXT lookup, the record chosen
    /// among several (§6.1.2 step 3), parsed keys cached by record text.
    pub(crate) async fn key(
        &self,
        name: String,
    ) -> Result<(Arc<KeyRecord>, Arc<PublicKey>), Failure> {
        let txts = match self.resolver.txt(&name).await {
            Ok(t) => t,
            Err(e) if e.is_void() => {
                return Err((DkimResult::PermError, DkimProblem::NoKey { name }));
            }
            Err(e) => return Err((DkimResult::TempError, DkimProblem::KeyDns { error: e })),
        };
        let text = if txts.len() > 1 {
            // RFC 6376 §6.1.2 step 3: with several records the verifier "can
            // choose one of the key records". A TXT record that is not a key
            // record (a stray note or SPF text at the selector) is passed
            // over; two that parse as keys are ambiguous and stay an error.
            let mut keys = txts
                .iter()
                .take(MAX_KEY_RECORDS_READ)
                .map(Txt::joined)
                .filter(|t| KeyRecord::parse(&utf8(t)).is_ok());
            match (keys.next(), keys.next()) {
                (Some(only), None) => only,
                _ => {
                    return Err((
                        DkimResult::PermError,
                        DkimProblem::SeveralKeys {
                            name,
                            count: txts.len(),
                        },
                    ));
                }
            }
        } else {
            txts[0].joined()
        };
        if let Some((record, key)) = self.keys.get(text.as_slice()) {
            return Ok((record, key));
        }
        let record = KeyRecord::parse(&utf8(&text)).map_err(|error| {
            (
                DkimResult::PermError,
                DkimProblem::KeySyntax {
                    name: name.clone(),
                    error,
                },
            )
        })?;
        if record.revoked() {
            return Err((DkimResult::PermError, DkimProblem::Revoked { name }));
        }
        let key = Arc::new(
            PublicKey::from_record(record.key_type, &record.public_key)
                .map_err(|error| (DkimResult::PermError, DkimProblem::BadKey { name, error }))?,
        );
        let record = Arc::new(record);
        self.keys
            .insert(text, (Arc::clone(&record), Arc::clone(&key)));
        Ok((record, key))
    }

    /// Verifies one signature (RFC 6376 §6.1): its times, its key, the
    /// body hash and the signature, then local policy (SHA-1, `l=`).
    async fn check(
        &self,
        sig: &Signature,
        header_data: &[u8],
        body_hash: &[u8],
        body_total: u64,
    ) -> Outcome {
        if let Err(failure) = self.check_times(sig) {
            return Outcome::failed(failure);
        }
        let key = self.key(sig.key_name()).await;
        self.check_with_key(sig, key, header_data, body_hash, body_total)
    }

    /// The rest of [`Self::check`] once the key was looked up (its times
    /// already checked): the key against the signature, the body hash and
    /// the signature, then local policy. ARC looks keys up itself, once
    /// per name for a whole chain.
    pub(crate) fn check_with_key(
        &self,
        sig: &Signature,
        key: Result<(Arc<KeyRecord>, Arc<PublicKey>), Failure>,
        header_data: &[u8],
        body_hash: &[u8],
        body_total: u64,
    ) -> Outcome {
        let (record, key) = match key {
            Ok(k) => k,
            Err(failure) => return Outcome::failed(failure),
        };
        let mut r = Outcome {
            result: DkimResult::Pass,
            problem: None,
            key_bits: Some(key.bits()),
            testing: record.testing,
            unsigned_tail: None,
        };
        let fail = |mut r: Outcome, (result, problem): Failure| {
            r.result = result;
            r.problem = Some(problem);
            r
        };
        if let Err(failure) = self.check_key(sig, &record, &key) {
            return fail(r, failure);
        }
        if let Some(l) = sig.body_length {
            if l > body_total {
                return fail(
                    r,
                    (
                        DkimResult::PermError,
                        DkimProblem::BodyShorterThanLength {
                            length: l,
                            actual: body_total,
                        },
                    ),
                );
            }
            r.unsigned_tail = Some(body_total - l);
        }
        if body_hash != sig.body_hash.as_slice() {
            return fail(r, (DkimResult::Fail, DkimProblem::BodyHashMismatch));
        }
        if !key.verify(sig.algorithm, header_data, &sig.signature) {
            let fields = sig.signed_headers.join(":");
            return fail(
                r,
                (DkimResult::Fail, DkimProblem::SignatureMismatch { fields }),
            );
        }
        if let Err(failure) = self.check_policy(sig, r.unsigned_tail) {
            return fail(r, failure);
        }
        r
    }

    /// `x=` and `t=` against the clock, when one is set (RFC 6376 §3.5):
    /// an expired signature fails; one signed in the future is unusable.
    pub(crate) fn check_times(&self, sig: &Signature) -> Result<(), Failure> {
        let Some(now) = self.config.now else {
            return Ok(());
        };
        if let Some(x) = sig.expiration
            && now > x.saturating_add(self.config.clock_skew)
        {
            return Err((
                DkimResult::Fail,
                DkimProblem::Expired { expiration: x, now },
            ));
        }
        if let Some(t) = sig.timestamp
            && t > now.saturating_add(self.config.clock_skew)
        {
            return Err((
                DkimResult::PermError,
                DkimProblem::FutureTimestamp { timestamp: t, now },
            ));
        }
        Ok(())
    }

    /// Whether the key record may verify this signature (RFC 6376 §6.1.2
    /// steps 5 and 7, §3.6.1): for email (`s=`), of the signature's key
    /// type (`k=`) and hash (`h=`), `t=s` honoured, and long enough
    /// (RFC 8301 §3.2).
    fn check_key(
        &self,
        sig: &Signature,
        record: &KeyRecord,
        key: &PublicKey,
    ) -> Result<(), Failure> {
        self.check_key_for(
            sig.algorithm,
            &sig.domain,
            sig.identity.as_deref(),
            record,
            key,
        )
    }

    /// [`Self::check_key`] for a signature of `algorithm` by `domain`
    /// (lower case) whose AUID is `identity`, or `@d` when it has none (as
    /// an ARC-Seal): the AUID's domain is then `domain` itself.
    pub(crate) fn check_key_for(
        &self,
        algorithm: Algorithm,
        domain: &str,
        identity: Option<&str>,
        record: &KeyRecord,
        key: &PublicKey,
    ) -> Result<(), Failure> {
        if !record.usable_for_email() {
            return Err((DkimResult::PermError, DkimProblem::NotForEmail));
        }
        if record.key_type != key.key_type() || algorithm.key_type() != key_type_name(record) {
            return Err((
                DkimResult::PermError,
                DkimProblem::KeyTypeMismatch {
                    algorithm,
                    key_type: key_type_name(record),
                },
            ));
        }
        if !record.allows_hash(algorithm.hash_name()) {
            let hash = algorithm.hash_name();
            return Err((DkimResult::PermError, DkimProblem::HashNotAllowed { hash }));
        }
        if record.strict
            && let Some(auid) = identity
        {
            let idomain = auid
                .rsplit_once('@')
                .map(|(_, d)| d.to_ascii_lowercase())
                .unwrap_or_default();
            if idomain != domain {
                return Err((DkimResult::PermError, DkimProblem::StrictIdentity));
            }
        }
        if algorithm != Algorithm::Ed25519Sha256 && key.bits() < self.config.min_rsa_bits {
            return Err((
                DkimResult::PermError,
                DkimProblem::KeyTooShort {
                    bits: key.bits(),
                    min: self.config.min_rsa_bits,
                },
            ));
        }
        Ok(())
    }

    /// Local policy on a signature that verified: SHA-1 (RFC 8301 §3.1
    /// says it MUST NOT be used) and an unsigned body tail after `l=`
    /// (RFC 6376 §8.2).
    fn check_policy(&self, sig: &Signature, unsigned_tail: Option<u64>) -> Result<(), Failure> {
        if sig.algorithm == Algorithm::RsaSha1 && self.config.sha1 == Sha1Policy::Refuse {
            return Err((DkimResult::Policy, DkimProblem::Sha1));
        }
        if let Some(tail) = unsigned_tail
            && tail > 0
            && self.config.length == LengthPolicy::FailUnsignedTail
        {
            return Err((DkimResult::Policy, DkimProblem::UnsignedTail { tail }));
        }
        Ok(())
    }
}

/// Why a signature does not pass: its result and the problem to report.
pub(crate) type Failure = (DkimResult, DkimProblem);

fn key_type_name(record: &KeyRecord) -> &'static str {
    match record.key_type {
        super::key::KeyType::Rsa => "rsa",
        super::key::KeyType::Ed25519 => "ed25519",
    }
}

impl Verification {
    /// Whether any signature still needs the body: none when the message
    /// has no DKIM-Signature fields, or only ones that failed before their
    /// body hash mattered (a caller streaming the body may stop sending
    /// it, as a milter answers SMFIS_SKIP).
    pub fn wants_body(&self) -> bool {
        !self.bodies.is_empty()
    }

    /// Feeds the next chunk of the body (any size; memory does not grow with the body).
    pub fn body(&mut self, chunk: &[u8]) {
        for b in self.bodies.values_mut() {
            b.feed(chunk);
        }
    }

    /// Number of DKIM-Signature fields found, parsed or not.
    pub fn signatures(&self) -> usize {
        self.pending.len() - usize::from(self.skipped > 0) + self.skipped
    }

    /// Number of DKIM-Signature fields beyond [`VerifyConfig::max_signatures`],
    /// which were not parsed.
    pub fn skipped(&self) -> usize {
        self.skipped
    }
}

/// Text of a field value: validated as UTF-8 (fast), lossy only when invalid.
pub(crate) fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn base64_prefix(signature: &[u8]) -> String {
    use base64::Engine as _;
    let b64 =
        base64::engine::general_purpose::STANDARD.encode(&signature[..signature.len().min(12)]);
    b64.chars().take(8).collect()
}
