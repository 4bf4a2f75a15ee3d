//! The cryptography DKIM needs, behind a small interface (aws-lc-rs):
//! RSA PKCS#1 v1.5 with SHA-256 or SHA-1 (RFC 6376 §3.3, RFC 8301),
//! Ed25519 over the SHA-256 hash (RFC 8463 §3), key parsing, PEM, key
//! generation.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    self, Ed25519KeyPair, KeyPair as _, ParsedPublicKey, RsaKeyPair, RsaSubjectPublicKey,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::key::KeyType;
use super::signature::Algorithm;

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// An incremental hash for the algorithm's digest (SHA-256 or SHA-1).
#[derive(Clone)]
pub struct Hasher(aws_lc_rs::digest::Context);

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hasher")
    }
}

impl Hasher {
    /// A hasher for `algorithm`'s digest.
    pub fn new(algorithm: Algorithm) -> Self {
        Self(aws_lc_rs::digest::Context::new(match algorithm {
            Algorithm::RsaSha1 => &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
            Algorithm::RsaSha256 | Algorithm::Ed25519Sha256 => &aws_lc_rs::digest::SHA256,
        }))
    }

    /// Adds data.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// The digest.
    pub fn finish(self) -> Vec<u8> {
        self.0.finish().as_ref().to_vec()
    }
}

/// Why a public key from DNS cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PublicKeyError {
    /// `p=` does not hold a key of the record's type.
    #[error("p= does not hold a valid {key_type} public key")]
    Malformed {
        /// `rsa` or `ed25519`.
        key_type: &'static str,
    },
}

/// A public key ready for verification.
#[derive(Clone)]
pub struct PublicKey {
    kind: PublicKeyKind,
}

#[derive(Clone)]
enum PublicKeyKind {
    Rsa {
        der: Vec<u8>,
        sha256: Option<ParsedPublicKey>,
        bits: usize,
    },
    Ed25519(ParsedPublicKey),
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey")
            .field("type", &self.key_type())
            .field("bits", &self.bits())
            .finish()
    }
}

/// Bits of an RSA modulus, read from SubjectPublicKeyInfo or RSAPublicKey DER
/// without validating the key (so short keys can be named, not just rejected).
fn rsa_modulus_bits(der: &[u8]) -> Option<usize> {
    fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = input.split_first()?;
        let (&len0, rest) = rest.split_first()?;
        let (len, rest) = if len0 < 0x80 {
            (usize::from(len0), rest)
        } else {
            let n = usize::from(len0 & 0x7f);
            if n == 0 || n > 4 || rest.len() < n {
                return None;
            }
            let len = rest[..n]
                .iter()
                .fold(0usize, |a, &b| (a << 8) | usize::from(b));
            (len, &rest[n..])
        };
        (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
    }
    let (tag, body, _) = tlv(der)?;
    if tag != 0x30 {
        return None;
    }
    let (first_tag, first, rest) = tlv(body)?;
    let rsa_public_key = match first_tag {
        // RSAPublicKey: SEQUENCE { INTEGER modulus, INTEGER exponent }
        0x02 => body,
        // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }
        0x30 => {
            let _ = first;
            let (bit_tag, bits, _) = tlv(rest)?;
            if bit_tag != 0x03 || bits.first() != Some(&0) {
                return None;
            }
            let (seq, inner, _) = tlv(&bits[1..])?;
            if seq != 0x30 {
                return None;
            }
            inner
        }
        _ => return None,
    };
    let (int_tag, modulus, _) = tlv(rsa_public_key)?;
    if int_tag != 0x02 {
        return None;
    }
    let significant = modulus.iter().skip_while(|&&b| b == 0).count();
    let lead = modulus
        .iter()
        .find(|&&b| b != 0)
        .map_or(0, |b| 8 - b.leading_zeros() as usize);
    Some(if significant == 0 {
        0
    } else {
        (significant - 1) * 8 + lead
    })
}

impl PublicKey {
    /// Reads `p=` for `key_type`: RSA as SubjectPublicKeyInfo or RSAPublicKey
    /// DER, Ed25519 as the raw 32 bytes (RFC 8463 §4).
    pub fn from_record(key_type: KeyType, p: &[u8]) -> Result<Self, PublicKeyError> {
        match key_type {
            KeyType::Rsa => {
                let bits =
                    rsa_modulus_bits(p).ok_or(PublicKeyError::Malformed { key_type: "rsa" })?;
                // Keys too short for the verifier are still described (bits), just not parsed.
                let sha256 = (bits >= 1024)
                    .then(|| {
                        ParsedPublicKey::new(
                            &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                            p,
                        )
                        .ok()
                    })
                    .flatten();
                if bits >= 1024 && sha256.is_none() && RsaSubjectPublicKey::from_der(p).is_err() {
                    return Err(PublicKeyError::Malformed { key_type: "rsa" });
                }
                Ok(Self {
                    kind: PublicKeyKind::Rsa {
                        der: p.to_vec(),
                        sha256,
                        bits,
                    },
                })
            }
            KeyType::Ed25519 => {
                if p.len() != 32 {
                    return Err(PublicKeyError::Malformed {
                        key_type: "ed25519",
                    });
                }
                let key = ParsedPublicKey::new(&signature::ED25519, p).map_err(|_| {
                    PublicKeyError::Malformed {
                        key_type: "ed25519",
                    }
                })?;
                Ok(Self {
                    kind: PublicKeyKind::Ed25519(key),
                })
            }
        }
    }

    /// `rsa` or `ed25519`.
    pub fn key_type(&self) -> KeyType {
        match self.kind {
            PublicKeyKind::Rsa { .. } => KeyType::Rsa,
            PublicKeyKind::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// Key size in bits (256 for Ed25519).
    pub fn bits(&self) -> usize {
        match &self.kind {
            PublicKeyKind::Rsa { bits, .. } => *bits,
            PublicKeyKind::Ed25519(_) => 256,
        }
    }

    /// Checks `signature` over the canonicalized header `data` (§3.7;
    /// Ed25519 signs the SHA-256 of the data, RFC 8463 §3).
    pub fn verify(&self, algorithm: Algorithm, data: &[u8], signature: &[u8]) -> bool {
        match (&self.kind, algorithm) {
            (
                PublicKeyKind::Rsa {
                    sha256: Some(key), ..
                },
                Algorithm::RsaSha256,
            ) => key.verify_sig(data, signature).is_ok(),
            (PublicKeyKind::Rsa { der, bits, .. }, Algorithm::RsaSha1) if *bits >= 1024 => {
                signature::UnparsedPublicKey::new(
                    &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                    der,
                )
                .verify(data, signature)
                .is_ok()
            }
            (PublicKeyKind::Ed25519(key), Algorithm::Ed25519Sha256) => {
                key.verify_sig(&sha256(data), signature).is_ok()
            }
            _ => false,
        }
    }
}

/// Why a private key could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrivateKeyError {
    /// Not PEM (PKCS#1 or PKCS#8) nor a base64 Ed25519 seed.
    #[error(
        "not a PEM private key (PKCS#1 \"RSA PRIVATE KEY\" or PKCS#8 \"PRIVATE KEY\") nor a base64 Ed25519 seed"
    )]
    Format,
    /// The PEM holds something that is not a usable RSA or Ed25519 key, or
    /// the cryptographic library refused an operation with the key.
    #[error("the key was rejected: {0}")]
    Rejected(#[source] KeyRejected),
    /// [`SigningKey::generate`] was asked for an RSA size it does not make.
    #[error("the key was rejected: RSA size {bits} (use 2048, 3072 or 4096)")]
    UnsupportedSize {
        /// The size asked for.
        bits: usize,
    },
    /// A PKCS#8 key of an algorithm DKIM does not sign with (an EC key,
    /// say): RSA (RFC 6376 §3.3) and Ed25519 (RFC 8463) only.
    #[error("a key of type {algorithm} cannot sign DKIM signatures: use RSA or Ed25519")]
    Algorithm {
        /// The key's type as its PKCS#8 algorithm identifier names it.
        algorithm: &'static str,
    },
    /// RSA keys under 1024 bits cannot sign (RFC 8301 §3.2).
    #[error(
        "an RSA key of {bits} bits is too short; RFC 8301 requires at least 1024 (2048 recommended)"
    )]
    TooShort {
        /// The key size.
        bits: usize,
    },
}

/// What the cryptographic library said when it refused a key or an
/// operation on it, in words ([`KeyRejected::cause`]). The library's own
/// error types stay private, so that this crate's API does not change with
/// the library's versions.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.words())]
pub struct KeyRejected(Rejection);

impl KeyRejected {
    /// Why, as a short key: `encoding`, `too-small`, `too-large`,
    /// `algorithm`, `inconsistent`, or `other` (then see the text).
    pub fn cause(&self) -> &'static str {
        match &self.0 {
            Rejection::Key(e) => match e.description_() {
                "InvalidEncoding" => "encoding",
                "TooSmall" => "too-small",
                "TooLarge" => "too-large",
                "WrongAlgorithm" => "algorithm",
                "InconsistentComponents" => "inconsistent",
                _ => "other",
            },
            Rejection::Unspecified(_) => "other",
        }
    }

    /// The library's own text, for a cause without words of ours.
    pub fn detail(&self) -> String {
        self.0.to_string()
    }

    fn words(&self) -> String {
        match self.cause() {
            "encoding" => "its encoding is invalid".into(),
            "too-small" => "the key is too small".into(),
            "too-large" => "the key is too large".into(),
            "algorithm" => "it is not a key of the algorithm its file says".into(),
            "inconsistent" => "its parts do not belong together".into(),
            _ => self.detail(),
        }
    }
}

/// The key type a PKCS#8 `PrivateKeyInfo` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pkcs8Key {
    Rsa,
    Ed25519,
    /// A type DKIM does not sign with, by its usual name.
    Other(&'static str),
}

/// The key type a PKCS#8 `PrivateKeyInfo` names (RFC 5208 §5): the OID in
/// its `privateKeyAlgorithm`, which comes in the first bytes.
fn pkcs8_key(der: &[u8]) -> Option<Pkcs8Key> {
    const OIDS: [(&[u8], Pkcs8Key); 5] = [
        // 1.2.840.113549.1.1.1 rsaEncryption
        (
            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            Pkcs8Key::Rsa,
        ),
        // 1.3.101.112 id-Ed25519
        (&[0x06, 0x03, 0x2b, 0x65, 0x70], Pkcs8Key::Ed25519),
        // 1.2.840.10045.2.1 id-ecPublicKey
        (
            &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
            Pkcs8Key::Other("ec"),
        ),
        // 1.3.101.113 id-Ed448
        (&[0x06, 0x03, 0x2b, 0x65, 0x71], Pkcs8Key::Other("ed448")),
        // 1.2.840.10040.4.1 id-dsa
        (
            &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01],
            Pkcs8Key::Other("dsa"),
        ),
    ];
    let head = &der[..der.len().min(32)];
    OIDS.iter()
        .find(|(oid, _)| memchr::memmem::find(head, oid).is_some())
        .map(|(_, key)| *key)
}

#[derive(Debug, Clone, thiserror::Error)]
enum Rejection {
    #[error(transparent)]
    Key(aws_lc_rs::error::KeyRejected),
    #[error(transparent)]
    Unspecified(aws_lc_rs::error::Unspecified),
}

/// The library's refusal as a [`PrivateKeyError`]; a function, not a
/// `From` impl, so that no impl in the public API names the library's types.
fn rejected(e: impl Into<Rejection>) -> PrivateKeyError {
    PrivateKeyError::Rejected(KeyRejected(e.into()))
}

impl From<aws_lc_rs::error::KeyRejected> for Rejection {
    fn from(e: aws_lc_rs::error::KeyRejected) -> Self {
        Self::Key(e)
    }
}

impl From<aws_lc_rs::error::Unspecified> for Rejection {
    fn from(e: aws_lc_rs::error::Unspecified) -> Self {
        Self::Unspecified(e)
    }
}

/// A private key for signing.
pub struct SigningKey {
    kind: SigningKind,
}

enum SigningKind {
    Rsa(RsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm())
            .field("bits", &self.bits())
            .finish()
    }
}

/// Decodes the first PEM block: its label and DER bytes.
///
/// A dozen lines over the `base64` crate we already use: aws-lc-rs reads
/// DER only, and no PEM crate is in our dependency tree.
pub fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_string();
    let body = &rest[label_end + 5..];
    let end = body.find(&format!("-----END {label}-----"))?;
    let b64: String = body[..end]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    STANDARD.decode(b64).ok().map(|der| (label, der))
}

/// Encodes DER as PEM with `label`, 64 characters a line.
pub fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

impl SigningKey {
    /// Loads a key file: PEM PKCS#1 (`RSA PRIVATE KEY`, as OpenDKIM's
    /// `.private` files), PEM PKCS#8 (`PRIVATE KEY`, RSA or Ed25519), or a
    /// base64 Ed25519 seed of 32 bytes (as dkimpy and OpenDKIM write).
    pub fn from_pem(text: &str) -> Result<Self, PrivateKeyError> {
        let kind = match pem_decode(text) {
            Some((label, der)) if label == "RSA PRIVATE KEY" => {
                SigningKind::Rsa(RsaKeyPair::from_der(&der).map_err(rejected)?)
            }
            Some((label, der)) if label == "PRIVATE KEY" => match pkcs8_key(&der) {
                Some(Pkcs8Key::Rsa) => {
                    SigningKind::Rsa(RsaKeyPair::from_pkcs8(&der).map_err(rejected)?)
                }
                Some(Pkcs8Key::Ed25519) => SigningKind::Ed25519(
                    Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(rejected)?,
                ),
                Some(Pkcs8Key::Other(algorithm)) => {
                    return Err(PrivateKeyError::Algorithm { algorithm });
                }
                None => match RsaKeyPair::from_pkcs8(&der) {
                    Ok(k) => SigningKind::Rsa(k),
                    Err(_) => SigningKind::Ed25519(
                        Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).map_err(rejected)?,
                    ),
                },
            },
            Some(_) => return Err(PrivateKeyError::Format),
            None => {
                let seed = STANDARD
                    .decode(text.trim())
                    .map_err(|_| PrivateKeyError::Format)?;
                if seed.len() != 32 {
                    return Err(PrivateKeyError::Format);
                }
                SigningKind::Ed25519(Ed25519KeyPair::from_seed_unchecked(&seed).map_err(rejected)?)
            }
        };
        let key = Self { kind };
        if key.algorithm() != Algorithm::Ed25519Sha256 && key.bits() < 1024 {
            return Err(PrivateKeyError::TooShort { bits: key.bits() });
        }
        Ok(key)
    }

    /// Generates a key: RSA of `bits` (2048, 3072 or 4096) or Ed25519 (`bits` = 0).
    pub fn generate(algorithm: Algorithm, bits: usize) -> Result<Self, PrivateKeyError> {
        let kind = match algorithm {
            Algorithm::Ed25519Sha256 => {
                SigningKind::Ed25519(Ed25519KeyPair::generate().map_err(rejected)?)
            }
            _ => {
                let size = match bits {
                    2048 => KeySize::Rsa2048,
                    3072 => KeySize::Rsa3072,
                    4096 => KeySize::Rsa4096,
                    other => {
                        return Err(PrivateKeyError::UnsupportedSize { bits: other });
                    }
                };
                SigningKind::Rsa(RsaKeyPair::generate(size).map_err(rejected)?)
            }
        };
        Ok(Self { kind })
    }

    /// The algorithm this key signs with (`rsa-sha256` or `ed25519-sha256`).
    pub fn algorithm(&self) -> Algorithm {
        match self.kind {
            SigningKind::Rsa(_) => Algorithm::RsaSha256,
            SigningKind::Ed25519(_) => Algorithm::Ed25519Sha256,
        }
    }

    /// Key size in bits.
    pub fn bits(&self) -> usize {
        match &self.kind {
            SigningKind::Rsa(k) => k.public_modulus_len() * 8,
            SigningKind::Ed25519(_) => 256,
        }
    }

    /// Signs the canonicalized header data.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>, PrivateKeyError> {
        match &self.kind {
            SigningKind::Rsa(k) => {
                let mut sig = vec![0u8; k.public_modulus_len()];
                k.sign(
                    &signature::RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    data,
                    &mut sig,
                )
                .map_err(rejected)?;
                Ok(sig)
            }
            SigningKind::Ed25519(k) => Ok(k.sign(&sha256(data)).as_ref().to_vec()),
        }
    }

    /// The private key as PKCS#8 PEM.
    pub fn to_pkcs8_pem(&self) -> Result<String, PrivateKeyError> {
        let der = match &self.kind {
            SigningKind::Rsa(k) => k.as_der().map(|d| d.as_ref().to_vec()),
            SigningKind::Ed25519(k) => k.to_pkcs8().map(|d| d.as_ref().to_vec()),
        }
        .map_err(rejected)?;
        Ok(pem_encode("PRIVATE KEY", &der))
    }

    /// The DNS key record for this key: `v=DKIM1; k=…; p=…` (§3.6.1, RFC 8463 §4).
    pub fn key_record(&self) -> Result<String, PrivateKeyError> {
        let (k, p) = match &self.kind {
            SigningKind::Rsa(key) => (
                "rsa",
                key.public_key()
                    .as_der()
                    .map(|d| d.as_ref().to_vec())
                    .map_err(rejected)?,
            ),
            SigningKind::Ed25519(key) => ("ed25519", key.public_key().as_ref().to_vec()),
        };
        Ok(format!("v=DKIM1; k={k}; p={}", STANDARD.encode(p)))
    }
}

#[cfg(test)]
mod tests {

    /// Keys made by OpenSSL 3 (`openssl genpkey`): a 512-bit RSA key and a
    /// P-256 EC key, both PKCS#8.
    const RSA_512: &str = "-----BEGIN PRIVATE KEY-----\nMIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEAwDtEgLmEEnZwGXob\nLGAAZoipTQx7ey9IhnzCC5sRxca3eXliqLobjHMcXcQb9lMOoFOzZZMI8yhnK73o\nks33kQIDAQABAkB2tWLlNyr3F8q8AOq86X/10ZjzKq0qchWQb4SJFDbScYR58MFZ\nqFWpeFJgRA7urJG8o4Yvchu2+aPrXqIsO0uRAiEA83iLJVI8glUm1C6lPhpsuhw+\nJyMXy5tbXOzssthxYI0CIQDKH7Pqn26hW7HyV9Qvs0FOtTM9sM2KN2l7vntMsmA8\nFQIgJiJ2YPUdhyiBOXDI7w5Cg3ATCBxGCN0flVGCzYx7Ta0CIFLxu5VWo8GXrWhz\n3mFMwEoaVdLFETPdFW5wdoy8zn0ZAiEAslU6peID8U8iokjNU8IvOG9mZKH5u3TB\nfojBN8lDYQc=\n-----END PRIVATE KEY-----";
    const EC_P256: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgoKG1guhtBgKN1eLT\nEljvIPQYJMxqfxnuOb54Y2KEsXyhRANCAAQudHE7k1sAd1qt6MZHVr6+5/UmqXLN\nPzx9vC9p0VgvADc7qfsGiBaKnvEWSxg/N9YgAfihIttkWcf/MEHlkJtF\n-----END PRIVATE KEY-----";

    /// A key DKIM cannot use is named for what it is, not for the last
    /// parser that was tried on it.
    #[test]
    fn unusable_pkcs8_keys_say_why() {
        match SigningKey::from_pem(EC_P256) {
            Err(PrivateKeyError::Algorithm { algorithm }) => assert_eq!(algorithm, "ec"),
            other => panic!("{other:?}"),
        }
        match SigningKey::from_pem(RSA_512) {
            Err(PrivateKeyError::Rejected(why)) => {
                assert_eq!(why.cause(), "too-small");
                assert_eq!(why.to_string(), "the key is too small");
            }
            other => panic!("{other:?}"),
        }
        // The identifiers are found where PKCS#8 puts them, in the first bytes.
        let rsa = pem_decode(RSA_512).unwrap().1;
        assert_eq!(pkcs8_key(&rsa), Some(Pkcs8Key::Rsa));
        assert_eq!(pkcs8_key(b"\x30\x05\x02\x01\x00"), None);
    }

    use super::*;

    #[test]
    fn generated_keys_sign_and_verify_through_their_records() {
        for (alg, bits) in [(Algorithm::RsaSha256, 2048), (Algorithm::Ed25519Sha256, 0)] {
            let key = SigningKey::generate(alg, bits).unwrap();
            let record = super::super::KeyRecord::parse(&key.key_record().unwrap()).unwrap();
            let public = PublicKey::from_record(record.key_type, &record.public_key).unwrap();
            let sig = key.sign(b"header data").unwrap();
            assert!(public.verify(alg, b"header data", &sig));
            assert!(!public.verify(alg, b"header datA", &sig));
            let again = SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap();
            assert_eq!(again.key_record().unwrap(), key.key_record().unwrap());
        }
    }

    #[test]
    fn modulus_bits_from_der() {
        let key = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
        let record = super::super::KeyRecord::parse(&key.key_record().unwrap()).unwrap();
        assert_eq!(rsa_modulus_bits(&record.public_key), Some(2048));
        assert_eq!(rsa_modulus_bits(b"\x30\x00"), None);
        assert_eq!(rsa_modulus_bits(b""), None);
    }
}
