//! Chain validation (RFC 8617 §5.2).
//!
//! [`Verifier::begin`] reads the ARC fields and checks the structure of the
//! chain (steps 1 to 3); the body is fed in chunks to [`Validation::body`]
//! for the ARC-Message-Signatures' body hashes; [`Verifier::finish`] checks
//! the newest ARC-Message-Signature (step 4), every ARC-Seal from the
//! newest to the oldest (step 6), and on a passing chain the oldest
//! ARC-Message-Signature that still verifies (step 5, `oldest-pass`).
//!
//! Work is bounded: at most [`MAX_INSTANCE`] fields of each kind are read
//! (more fail the chain unparsed), each key name (`<s>._domainkey.<d>`) is
//! looked up once per chain, and at most [`MAX_BODY_HASHES`] body hashes are
//! computed. An ARC-Seal covers the sets up to its own, so the seals of a
//! chain hash at most [`MAX_INSTANCE`] times the bytes of its ARC fields,
//! and only while every newer seal verified.

use crate::dkim::canon::canonicalize_header_rfc;
use std::collections::HashMap;
use std::sync::Arc;

use futures_util::future::join_all;

use super::error::{ChainFailure, ChainProblem, FieldKind, HeaderError};
use super::header::{AuthenticationResults, MessageSignature, Seal};
use super::{ChainStatus, MAX_INSTANCE};
use crate::dkim::{
    BodyHash, BodyKey, Canon, DkimProblem, DkimResult, DkimVerifier, Failure, HeaderIndex,
    KeyRecord, PublicKey, VerifyConfig, strip_b_value, utf8,
};
use crate::dns::Resolver;
use crate::mail::{MailError, Message};

/// The most distinct body hashes (canonicalization, hash, `l=`) one
/// validation computes. The newest ARC-Message-Signature always gets one;
/// an older one whose body hash would be beyond the cap counts as not
/// verifying for `oldest-pass`. Sealers sign with one canonicalization,
/// so real chains need one or two.
pub const MAX_BODY_HASHES: usize = 4;

/// The validation of a message's ARC chain (RFC 8617 §5.2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ChainValidation {
    /// `none` (no ARC field), `pass` or `fail`: the `arc=` result and the
    /// `cv=` a sealer of this message writes.
    pub status: ChainStatus,
    /// Why the chain fails, with the instance concerned.
    pub failure: Option<ChainFailure>,
    /// The highest instance number among the ARC fields (`N`), as far as
    /// their `i=` could be read; 0 without ARC fields.
    pub highest_instance: u32,
    /// On a passing chain, `header.oldest-pass` (RFC 8617 §5.2 step 5,
    /// §10.1): the lowest instance whose ARC-Message-Signature and all
    /// newer ones still verify, or 0 when all of them do (the message is
    /// as the first sealer signed it). `None` on a chain that does not
    /// pass, or when the verifier does not compute it
    /// ([`Verifier::with_oldest_pass`]).
    pub oldest_pass: Option<u32>,
    /// The sets, oldest first, when the fields form a chain (one set per
    /// instance from 1 to N); empty otherwise.
    pub sets: Vec<SetReport>,
}

impl ChainValidation {
    fn none() -> Self {
        Self {
            status: ChainStatus::None,
            failure: None,
            highest_instance: 0,
            oldest_pass: None,
            sets: Vec::new(),
        }
    }

    fn failed(highest_instance: u32, failure: ChainFailure) -> Self {
        Self {
            status: ChainStatus::Fail,
            failure: Some(failure),
            highest_instance,
            oldest_pass: None,
            sets: Vec::new(),
        }
    }
}

/// One ARC set of a chain, and what validation found of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SetReport {
    /// The instance.
    pub instance: u32,
    /// The ARC-Seal: who sealed this hop (`d=`) and the chain status it found.
    pub seal: Seal,
    /// The ARC-Message-Signature.
    pub message_signature: MessageSignature,
    /// The ARC-Authentication-Results: what this hop verified.
    pub authentication_results: AuthenticationResults,
    /// Whether the ARC-Seal verified; `None` when validation stopped first.
    pub seal_verified: Option<bool>,
    /// Whether the ARC-Message-Signature verified; `None` when not checked
    /// (only the newest is, and the older ones on a passing chain until
    /// one fails).
    pub signature_verified: Option<bool>,
    /// The ARC-Message-Signature could not be checked because of its key
    /// (not published, not found, unusable): nothing is known of whether
    /// the message changed.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub(crate) signature_key_problem: bool,
}

/// One ARC field as found in the message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArcField<'m> {
    pub(crate) kind: FieldKind,
    pub(crate) name: &'m str,
    pub(crate) value: &'m [u8],
}

/// The ARC fields of `message`, top to bottom, or [`ChainProblem::TooManySets`]
/// when there are more of one kind than a chain can hold (§5.2 step 1):
/// counted, not parsed.
pub(crate) fn arc_fields<'m>(message: &'m Message<'_>) -> Result<Vec<ArcField<'m>>, ChainFailure> {
    let mut fields = Vec::new();
    let mut counts = [0usize; 3];
    for field in message.fields() {
        if let Some(kind) = FieldKind::of(field.name) {
            counts[kind as usize] += 1;
            fields.push(ArcField {
                kind,
                name: field.name,
                value: field.value,
            });
        }
    }
    for kind in [
        FieldKind::AuthenticationResults,
        FieldKind::MessageSignature,
        FieldKind::Seal,
    ] {
        let count = counts[kind as usize];
        if count > MAX_INSTANCE as usize {
            return Err(ChainFailure {
                instance: None,
                reason: ChainProblem::TooManySets {
                    header: kind,
                    count,
                },
            });
        }
    }
    Ok(fields)
}

/// The instance a field declares, read leniently (any number of digits):
/// to find the highest instance of a chain whose fields may be malformed.
pub(crate) fn declared_instance(field: &ArcField<'_>) -> Option<u32> {
    let value = utf8(field.value);
    let digits = |s: &str| {
        let d: &str = &s[..s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len()];
        d.parse::<u32>().ok()
    };
    match field.kind {
        FieldKind::AuthenticationResults => {
            let rest = value.trim_start().strip_prefix('i')?.trim_start();
            digits(rest.strip_prefix('=')?.trim_start())
        }
        _ => crate::dkim::parse_tag_list(&value)
            .ok()?
            .iter()
            .find(|t| t.name == "i")
            .and_then(|t| digits(t.value)),
    }
}

/// The fields of one set with their parsed values.
#[derive(Debug, Clone)]
pub(crate) struct SetFields<'m> {
    pub(crate) aar: (ArcField<'m>, AuthenticationResults),
    pub(crate) ams: (ArcField<'m>, MessageSignature),
    pub(crate) seal: (ArcField<'m>, Seal),
}

#[derive(Default)]
struct Slot<'m> {
    aar: Option<(ArcField<'m>, AuthenticationResults)>,
    ams: Option<(ArcField<'m>, MessageSignature)>,
    seal: Option<(ArcField<'m>, Seal)>,
}

fn failure(instance: Option<u32>, reason: ChainProblem) -> ChainFailure {
    ChainFailure { instance, reason }
}

fn header_failure(error: HeaderError) -> ChainFailure {
    failure(error.instance, ChainProblem::Header { error })
}

/// Puts `parsed` in its slot, refusing a second field of a kind.
fn place<'m, T>(
    slot: &mut Option<(ArcField<'m>, T)>,
    field: ArcField<'m>,
    instance: u32,
    parsed: T,
) -> Result<(), ChainFailure> {
    if slot.is_some() {
        return Err(failure(
            Some(instance),
            ChainProblem::Duplicate { header: field.kind },
        ));
    }
    *slot = Some((field, parsed));
    Ok(())
}

/// Parses the ARC fields and checks that they form a chain (RFC 8617 §5.2
/// steps 2 and 3): every field readable, one field of each kind per
/// instance from 1 to N, the newest seal not `cv=fail`, and `cv=none` at
/// instance 1, `cv=pass` above. The sets come oldest first.
pub(crate) fn read_chain<'m>(fields: &[ArcField<'m>]) -> Result<Vec<SetFields<'m>>, ChainFailure> {
    let mut slots: Vec<Slot<'m>> = Vec::new();
    for &field in fields {
        let text = utf8(field.value);
        let slot_of = |slots: &mut Vec<Slot<'m>>, instance: u32| {
            let index = instance as usize - 1;
            if slots.len() <= index {
                slots.resize_with(index + 1, Slot::default);
            }
            index
        };
        match field.kind {
            FieldKind::AuthenticationResults => {
                let aar = AuthenticationResults::parse(&text).map_err(header_failure)?;
                let i = slot_of(&mut slots, aar.instance);
                place(&mut slots[i].aar, field, aar.instance, aar)?;
            }
            FieldKind::MessageSignature => {
                let ams = MessageSignature::parse(&text).map_err(header_failure)?;
                let i = slot_of(&mut slots, ams.instance);
                place(&mut slots[i].ams, field, ams.instance, ams)?;
            }
            FieldKind::Seal => {
                let seal = Seal::parse(&text).map_err(header_failure)?;
                let i = slot_of(&mut slots, seal.instance);
                place(&mut slots[i].seal, field, seal.instance, seal)?;
            }
        }
    }
    // Step 2: a chain its newest sealer found broken stays broken.
    if let Some(Some((_, seal))) = slots.last().map(|s| &s.seal)
        && seal.cv == ChainStatus::Fail
    {
        return Err(failure(Some(seal.instance), ChainProblem::NewestSealFailed));
    }
    let mut sets = Vec::with_capacity(slots.len());
    for (index, slot) in slots.into_iter().enumerate() {
        let instance = index as u32 + 1;
        let missing = |header| failure(Some(instance), ChainProblem::Missing { header });
        let aar = slot
            .aar
            .ok_or_else(|| missing(FieldKind::AuthenticationResults))?;
        let ams = slot
            .ams
            .ok_or_else(|| missing(FieldKind::MessageSignature))?;
        let seal = slot.seal.ok_or_else(|| missing(FieldKind::Seal))?;
        let expected = if instance == 1 {
            ChainStatus::None
        } else {
            ChainStatus::Pass
        };
        if seal.1.cv != expected {
            return Err(failure(
                Some(instance),
                ChainProblem::ChainStatusOrder {
                    cv: seal.1.cv,
                    expected,
                },
            ));
        }
        sets.push(SetFields { aar, ams, seal });
    }
    Ok(sets)
}

/// The relaxed canonical form of one field (RFC 6376 §3.4.2), as an
/// ARC-Seal signs it (RFC 8617 §5.1.1).
fn relaxed(field: &ArcField<'_>) -> Vec<u8> {
    canonicalize_header_rfc(Canon::Relaxed, field.name, field.value)
}

/// The relaxed canonical form of a seal with its `b=` value removed and
/// without the final CRLF: the last part of what it signs.
fn relaxed_unsigned(field: &ArcField<'_>) -> Vec<u8> {
    let mut out = canonicalize_header_rfc(
        Canon::Relaxed,
        field.name,
        strip_b_value(&utf8(field.value)).as_bytes(),
    );
    out.truncate(out.len() - 2);
    out
}

/// One set as validation keeps it between [`Verifier::begin`] and
/// [`Verifier::finish`].
struct PendingSet {
    report: SetReport,
    /// The AMS field as written (name, value) for its own header hash.
    ams_field: (String, String),
    /// AAR, AMS and AS of this set, relaxed (what later seals sign).
    canonical: Vec<u8>,
    /// AAR and AMS relaxed, then this AS without its b= value.
    canonical_unsigned: Vec<u8>,
}

struct Pending {
    highest: u32,
    sets: Vec<PendingSet>,
    /// Every header field (name, value), for the AMS header hashes.
    fields: Vec<(String, Vec<u8>)>,
    bodies: HashMap<BodyKey, BodyHash>,
}

/// A validation in progress: header read, body being fed.
pub struct Validation {
    state: State,
}

enum State {
    Done(Box<ChainValidation>),
    Pending(Box<Pending>),
}

impl Validation {
    /// Whether the chain still needs the body: not when there is no
    /// chain or its result is already known from the header.
    pub fn wants_body(&self) -> bool {
        matches!(&self.state, State::Pending(p) if !p.bodies.is_empty())
    }

    /// Feeds the next chunk of the body (any size; memory does not grow
    /// with the body).
    pub fn body(&mut self, chunk: &[u8]) {
        if let State::Pending(p) = &mut self.state {
            for b in p.bodies.values_mut() {
                b.feed(chunk);
            }
        }
    }
}

/// Validates ARC chains (RFC 8617 §5.2), looking keys up through a
/// [`Resolver`] with the DKIM verifier's key rules and cache.
///
/// ```
/// use domainauth::arc::{ChainStatus, Verifier};
/// use domainauth::dns::ZoneResolver;
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let chain = rt
///     .block_on(Verifier::new(ZoneResolver::new()).validate_message(b"From: a@example.com\r\n\r\nbody\r\n"))
///     .unwrap();
/// assert_eq!(chain.status, ChainStatus::None);
/// ```
pub struct Verifier<R> {
    dkim: DkimVerifier<R>,
    oldest_pass: bool,
}

impl<R: std::fmt::Debug> std::fmt::Debug for Verifier<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("dkim", &self.dkim)
            .field("oldest_pass", &self.oldest_pass)
            .finish()
    }
}

/// Keys looked up for one chain, by key name.
type Keys = HashMap<String, Result<(Arc<KeyRecord>, Arc<PublicKey>), Failure>>;

impl<R: Resolver> Verifier<R> {
    /// A verifier with the DKIM verifier's default settings (RSA keys of
    /// at least 1024 bits, RFC 8301 §3.2).
    pub fn new(resolver: R) -> Self {
        Self::from_dkim(DkimVerifier::new(resolver))
    }

    /// A verifier with these DKIM settings (key size, clock for `t=`/`x=`).
    pub fn with_config(resolver: R, config: VerifyConfig) -> Self {
        Self::from_dkim(DkimVerifier::with_config(resolver, config))
    }

    /// A verifier on a DKIM verifier: its resolver, settings and key cache.
    pub fn from_dkim(dkim: DkimVerifier<R>) -> Self {
        Self {
            dkim,
            oldest_pass: true,
        }
    }

    /// Whether a passing chain gets its `oldest-pass` (RFC 8617 §5.2
    /// step 5, which the RFC makes optional: "MAY"); on by default.
    ///
    /// Off, a validation verifies only what the chain's result depends on:
    /// the newest ARC-Message-Signature and every ARC-Seal — N + 1
    /// signatures for N sets instead of 2N, and one body hash — and
    /// [`ChainValidation::oldest_pass`] stays `None`. A receiver that
    /// neither writes `header.oldest-pass` nor explains each hop (a mail
    /// filter on a busy server) saves N − 1 signature verifications a
    /// message.
    ///
    /// ```
    /// use domainauth::arc::Verifier;
    /// use domainauth::dns::ZoneResolver;
    /// let verifier = Verifier::new(ZoneResolver::new()).with_oldest_pass(false);
    /// # let _ = verifier;
    /// ```
    pub fn with_oldest_pass(mut self, compute: bool) -> Self {
        self.oldest_pass = compute;
        self
    }

    /// Validates the chain of a whole message.
    pub async fn validate_message(&self, raw: &[u8]) -> Result<ChainValidation, MailError> {
        let message = Message::parse(raw)?;
        let mut v = self.begin(&message);
        v.body(message.body());
        Ok(self.finish(v).await)
    }

    /// Reads the header: collects the ARC sets and checks their structure
    /// (RFC 8617 §5.2 steps 1 to 3); the body follows through
    /// [`Validation::body`].
    pub fn begin(&self, message: &Message<'_>) -> Validation {
        let done = |v: ChainValidation| Validation {
            state: State::Done(Box::new(v)),
        };
        let fields = match arc_fields(message) {
            Ok(f) if f.is_empty() => return done(ChainValidation::none()),
            Ok(f) => f,
            Err(f) => return done(ChainValidation::failed(0, f)),
        };
        let chain = match read_chain(&fields) {
            Ok(c) => c,
            Err(f) => {
                // Read the instances one by one only when they do not form
                // a chain; a chain's are 1 to N.
                let highest = fields
                    .iter()
                    .filter_map(declared_instance)
                    .max()
                    .unwrap_or(0);
                return done(ChainValidation::failed(highest, f));
            }
        };
        let newest = chain.len() as u32;
        let highest = newest;
        if let Some(set) = chain.last()
            && set
                .ams
                .1
                .signature
                .signed_headers
                .iter()
                .any(|h| h == "arc-seal")
        {
            return done(ChainValidation::failed(
                highest,
                failure(Some(newest), ChainProblem::SignsSeal),
            ));
        }
        let mut bodies: HashMap<BodyKey, BodyHash> = HashMap::new();
        let mut sets = Vec::with_capacity(chain.len());
        // Newest first, so the newest AMS always gets its body hash; the
        // older ones only for oldest-pass.
        let hashed = if self.oldest_pass { chain.len() } else { 1 };
        for set in chain.iter().rev().take(hashed) {
            let sig = &set.ams.1.signature;
            let key = BodyKey::of(sig);
            if bodies.len() < MAX_BODY_HASHES || bodies.contains_key(&key) {
                bodies
                    .entry(key)
                    .or_insert_with(|| BodyHash::new(key, sig.algorithm));
            }
        }
        for set in chain {
            let mut canonical = relaxed(&set.aar.0);
            canonical.extend(relaxed(&set.ams.0));
            let mut canonical_unsigned = canonical.clone();
            canonical.extend(relaxed(&set.seal.0));
            canonical_unsigned.extend(relaxed_unsigned(&set.seal.0));
            sets.push(PendingSet {
                ams_field: (
                    set.ams.0.name.to_string(),
                    utf8(set.ams.0.value).into_owned(),
                ),
                canonical,
                canonical_unsigned,
                report: SetReport {
                    instance: set.seal.1.instance,
                    seal: set.seal.1,
                    message_signature: set.ams.1,
                    authentication_results: set.aar.1,
                    seal_verified: None,
                    signature_verified: None,
                    signature_key_problem: false,
                },
            });
        }
        let fields = message
            .fields()
            .map(|f| (f.name.to_string(), f.value.to_vec()))
            .collect();
        Validation {
            state: State::Pending(Box::new(Pending {
                highest,
                sets,
                fields,
                bodies,
            })),
        }
    }

    /// Checks the signatures once the whole body was fed: the newest
    /// ARC-Message-Signature (RFC 8617 §5.2 step 4), every ARC-Seal from
    /// the newest to the oldest (step 6), then, on a chain that passes,
    /// `oldest-pass` (step 5).
    pub async fn finish(&self, validation: Validation) -> ChainValidation {
        let p = match validation.state {
            State::Done(v) => return *v,
            State::Pending(p) => *p,
        };
        let Pending {
            highest,
            mut sets,
            fields,
            bodies,
        } = p;
        let hashes: HashMap<BodyKey, (Vec<u8>, u64, bool)> =
            bodies.into_iter().map(|(k, b)| (k, b.finish())).collect();
        let index = HeaderIndex::new(fields.iter().map(|(n, v)| (n.as_str(), v.as_slice())));
        let mut keys = Keys::new();
        let newest = sets.len();
        if newest == 0 {
            // begin() keeps only chains of one set or more.
            return ChainValidation::none();
        }
        let fail = |sets: Vec<PendingSet>, instance: usize, reason: ChainProblem| ChainValidation {
            sets: sets.into_iter().map(|s| s.report).collect(),
            ..ChainValidation::failed(highest, failure(Some(instance as u32), reason))
        };

        // Step 4: the newest ARC-Message-Signature.
        self.fetch(
            &mut keys,
            [sets[newest - 1]
                .report
                .message_signature
                .signature
                .key_name()],
        )
        .await;
        let checked = self.check_signature(&sets[newest - 1], &index, &hashes, &keys);
        sets[newest - 1].report.signature_verified = Some(checked.is_ok());
        sets[newest - 1].report.signature_key_problem =
            matches!(&checked, Err((_, p)) if is_key_problem(p));
        if let Err((result, problem)) = checked {
            return fail(
                sets,
                newest,
                ChainProblem::MessageSignature { result, problem },
            );
        }

        // Step 6: the seals, newest first, each over the sets up to its own.
        self.fetch(&mut keys, sets.iter().map(|s| s.report.seal.key_name()))
            .await;
        for k in (0..newest).rev() {
            let mut data = Vec::new();
            for set in &sets[..k] {
                data.extend_from_slice(&set.canonical);
            }
            data.extend_from_slice(&sets[k].canonical_unsigned);
            let checked = self.check_seal(&sets[k].report.seal, &data, &keys);
            sets[k].report.seal_verified = Some(checked.is_ok());
            if let Err(reason) = checked {
                return fail(sets, k + 1, reason);
            }
        }

        if !self.oldest_pass {
            return ChainValidation {
                status: ChainStatus::Pass,
                failure: None,
                highest_instance: highest,
                oldest_pass: None,
                sets: sets.into_iter().map(|s| s.report).collect(),
            };
        }
        // Step 5: how far back the message is as a sealer signed it.
        self.fetch(
            &mut keys,
            sets[..newest - 1]
                .iter()
                .map(|s| s.report.message_signature.signature.key_name()),
        )
        .await;
        let mut oldest_pass = 0;
        for k in (0..newest - 1).rev() {
            let sig = &sets[k].report.message_signature.signature;
            if !hashes.contains_key(&BodyKey::of(sig)) {
                // Beyond MAX_BODY_HASHES: not verified, so not counted.
                oldest_pass = k as u32 + 2;
                break;
            }
            let checked = self.check_signature(&sets[k], &index, &hashes, &keys);
            let verified = checked.is_ok();
            sets[k].report.signature_verified = Some(verified);
            sets[k].report.signature_key_problem =
                matches!(&checked, Err((_, p)) if is_key_problem(p));
            if !verified {
                oldest_pass = k as u32 + 2;
                break;
            }
        }
        ChainValidation {
            status: ChainStatus::Pass,
            failure: None,
            highest_instance: highest,
            oldest_pass: Some(oldest_pass),
            sets: sets.into_iter().map(|s| s.report).collect(),
        }
    }

    /// Looks up the key names not looked up yet, in parallel, once each.
    async fn fetch(&self, keys: &mut Keys, names: impl IntoIterator<Item = String>) {
        let mut wanted: Vec<String> = Vec::new();
        for name in names {
            if !keys.contains_key(&name) && !wanted.contains(&name) {
                wanted.push(name);
            }
        }
        let found = join_all(wanted.iter().map(|n| self.dkim.key(n.clone()))).await;
        keys.extend(wanted.into_iter().zip(found));
    }

    /// Verifies one ARC-Message-Signature as DKIM verifies a signature
    /// (RFC 8617 §5.2 step 4, RFC 6376 §6.1), with the key looked up and
    /// the body hash computed (`begin` computes one for every signature
    /// `finish` checks).
    fn check_signature(
        &self,
        set: &PendingSet,
        index: &HeaderIndex<'_>,
        hashes: &HashMap<BodyKey, (Vec<u8>, u64, bool)>,
        keys: &Keys,
    ) -> Result<(), Failure> {
        let sig = &set.report.message_signature.signature;
        self.dkim.check_times(sig)?;
        let (hash, total, _) = hashes.get(&BodyKey::of(sig)).cloned().unwrap_or_default();
        let key = keys
            .get(&sig.key_name())
            .cloned()
            .unwrap_or_else(|| Err(no_key(sig.key_name())));
        let (name, value) = &set.ams_field;
        let data = index.signed_header_data_rfc(
            sig.canonicalization.header,
            &sig.signed_headers,
            name,
            strip_b_value(value).as_bytes(),
        );
        let r = self.dkim.check_with_key(sig, key, &data, &hash, total);
        match (r.result, r.problem) {
            (DkimResult::Pass, _) => Ok(()),
            (result, Some(problem)) => Err((result, problem)),
            // The DKIM check gives a problem with every other result.
            (result, None) => Err((result, DkimProblem::BodyHashMismatch)),
        }
    }

    /// Verifies one ARC-Seal over `data` (RFC 8617 §5.2 step 6): its key
    /// under the DKIM key rules, then the signature.
    fn check_seal(&self, seal: &Seal, data: &[u8], keys: &Keys) -> Result<(), ChainProblem> {
        let name = seal.key_name();
        let key_problem = |(result, problem): Failure| ChainProblem::SealKey { result, problem };
        let (record, key) = keys
            .get(&name)
            .cloned()
            .unwrap_or_else(|| Err(no_key(name)))
            .map_err(key_problem)?;
        self.dkim
            .check_key_for(seal.algorithm, &seal.domain, None, &record, &key)
            .map_err(key_problem)?;
        if key.verify(seal.algorithm, data, &seal.signature) {
            Ok(())
        } else {
            Err(ChainProblem::SealMismatch)
        }
    }
}

/// A key that was not looked up (cannot happen: every name is fetched
/// before use), reported as absent rather than panicking.
fn no_key(name: String) -> Failure {
    (DkimResult::PermError, DkimProblem::NoKey { name })
}

/// Whether a signature failed for its key (RFC 6376 §6.1.2: the key could
/// not be found, read or used) rather than for what it signs.
fn is_key_problem(problem: &DkimProblem) -> bool {
    matches!(
        problem,
        DkimProblem::NoKey { .. }
            | DkimProblem::KeyDns { .. }
            | DkimProblem::SeveralKeys { .. }
            | DkimProblem::KeySyntax { .. }
            | DkimProblem::Revoked { .. }
            | DkimProblem::BadKey { .. }
            | DkimProblem::KeyTypeMismatch { .. }
            | DkimProblem::HashNotAllowed { .. }
            | DkimProblem::NotForEmail
            | DkimProblem::KeyTooShort { .. }
    )
}
