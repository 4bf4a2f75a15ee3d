//! Signing outgoing mail (RFC 6376 §5): the keys, read once when the milter
//! starts or reloads, and which of them sign a message.

use domainauth::diag::{AsReason as _, Reason};
use std::path::{Path, PathBuf};

use domainauth::dkim::{DkimProblem, PrivateKeyError, SignError, Signer, SignerConfig, SigningKey};

use crate::config::{KeyConfig, SigningConfig};

/// Most DKIM-Signature fields one message gets (one per matching key, in
/// the configuration's order).
pub const MAX_SIGNATURES: usize = 8;

/// The largest key file read (an RSA 8192 PEM is under 7 KiB).
const MAX_KEY_FILE: u64 = 64 * 1024;

/// Why a signing key cannot be used; the milter does not start (or a reload
/// keeps the keys it had).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The file cannot be read.
    #[error("cannot read the key {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Not a regular file (a pipe would block, a device never end).
    #[error("the key {path} is not a regular file")]
    NotAFile {
        /// The file.
        path: PathBuf,
    },
    /// Users other than its owner and group can use it, or its group can
    /// change it.
    #[error(
        "the key {path} can be read or changed by other users (mode {mode:o}); make it readable by its owner (and group) only: chmod 600 {path} (or 640)"
    )]
    Readable {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// Larger than any private key.
    #[error("the key {path} is larger than 64 KiB: not a private key")]
    TooLarge {
        /// The file.
        path: PathBuf,
    },
    /// Not a private key DKIM can sign with.
    #[error("the key {path} cannot be used")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: PrivateKeyError,
    },
    /// The ARC sealing key cannot seal: an invalid domain or selector.
    #[error("the ARC key for {domain} (selector {selector}) cannot seal")]
    Seal {
        /// `d=`.
        domain: String,
        /// `s=`.
        selector: String,
        /// Why.
        #[source]
        source: domainauth::arc::SealError,
    },
    /// The key entry cannot sign: an invalid domain, selector or header
    /// field name.
    #[error("the key for {domain} (selector {selector}) cannot sign")]
    Unusable {
        /// `d=`.
        domain: String,
        /// `s=`.
        selector: String,
        /// Why.
        #[source]
        source: SignError,
    },
}

/// The signing keys, loaded.
pub struct Keys {
    entries: Vec<(KeyConfig, Signer)>,
    multiple: bool,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(
                self.entries
                    .iter()
                    .map(|(k, _)| format!("{} {}", k.domain, k.selector)),
            )
            .finish()
    }
}

impl Keys {
    /// Reads every key of `config`, refusing files others can read, and
    /// signs a test message with each so that a bad domain, selector or
    /// header name is found now rather than on the first message.
    pub fn load(config: &SigningConfig) -> Result<Self, KeyError> {
        let mut entries = Vec::with_capacity(config.keys.len());
        for entry in &config.keys {
            let key = read_key(&entry.key)?;
            let mut signer_config = SignerConfig::new(&entry.domain, &entry.selector);
            signer_config.headers.clone_from(&config.headers);
            signer_config.oversign.clone_from(&config.oversign);
            let signer = Signer::new(key, signer_config);
            let probe = format!("From: postmaster@{}\r\n\r\n", entry.domain);
            signer
                .sign_message(probe.as_bytes())
                .map_err(|source| KeyError::Unusable {
                    domain: entry.domain.clone(),
                    selector: entry.selector.clone(),
                    source,
                })?;
            entries.push((entry.clone(), signer));
        }
        Ok(Self {
            entries,
            multiple: config.multiple,
        })
    }

    /// No keys: nothing is signed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The signers for mail from `address`: every matching key (or the
    /// first, when the configuration says so), at most [`MAX_SIGNATURES`].
    pub fn for_sender(&self, address: &str) -> Vec<&Signer> {
        let take = if self.multiple { MAX_SIGNATURES } else { 1 };
        self.entries
            .iter()
            .filter(|(k, _)| k.signs_for(address))
            .map(|(_, s)| s)
            .take(take)
            .collect()
    }
}

/// What DNS says of one signing key (what `opendkim-testkey` tells).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Published {
    /// The record at `SELECTOR._domainkey.DOMAIN` verifies this key's
    /// signatures.
    Matches,
    /// A key is published there, but another one: signatures made now
    /// fail (`dkim=fail` at every receiver).
    Differs,
    /// No usable key record there (none, or one receivers cannot use):
    /// signatures made now give `dkim=permerror`; why, unless it is only
    /// that there is no record (rendered from the catalogues in the
    /// reader's language: [`Reason::render`]).
    Missing(Option<Reason>),
    /// DNS did not answer (`dkim=temperror`); why.
    LookupFailed(Option<Reason>),
}

/// One key's DNS check.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KeyCheck {
    /// `d=`.
    pub domain: String,
    /// `s=`.
    pub selector: String,
    /// Where its public key must be published.
    pub name: String,
    /// The TXT record to publish there for this key (`v=DKIM1; k=…; p=…`).
    pub record: String,
    /// What was found there.
    pub published: Published,
}

impl Keys {
    /// Checks each key against DNS as a receiver would: a test message is
    /// signed with it and verified through `resolver`.
    pub async fn check_published<R: domainauth::dns::Resolver>(
        &self,
        resolver: R,
    ) -> Vec<KeyCheck> {
        use domainauth::dkim::{DkimResult, DkimVerifier};
        let verifier = DkimVerifier::new(resolver);
        let mut out = Vec::with_capacity(self.entries.len());
        for (entry, signer) in &self.entries {
            let probe = format!(
                "From: postmaster@{}\r\nSubject: key check\r\n\r\nkey check\r\n",
                entry.domain
            );
            let published = match signer.sign_message(probe.as_bytes()) {
                Err(e) => Published::Missing(Some(e.reason())),
                Ok(field) => {
                    let signed = format!("{field}\r\n{probe}");
                    let results = verifier.verify_message(signed.as_bytes()).await;
                    match results.as_deref() {
                        Ok([r, ..]) => {
                            // "No key at NAME" says no more than the line
                            // that names NAME.
                            let why = || match &r.problem {
                                Some(DkimProblem::NoKey { .. }) | None => None,
                                // The DNS failure itself: the line says
                                // it was the key's lookup.
                                Some(DkimProblem::KeyDns { error }) => Some(error.reason()),
                                Some(problem) => Some(problem.reason()),
                            };
                            match r.result {
                                DkimResult::Pass => Published::Matches,
                                DkimResult::Fail => Published::Differs,
                                DkimResult::TempError => Published::LookupFailed(why()),
                                _ => Published::Missing(why()),
                            }
                        }
                        Ok([]) => Published::Missing(None),
                        Err(e) => Published::Missing(Some(e.reason())),
                    }
                }
            };
            out.push(KeyCheck {
                name: format!("{}._domainkey.{}", entry.selector, entry.domain),
                record: signer.key().key_record().unwrap_or_default(),
                domain: entry.domain.clone(),
                selector: entry.selector.clone(),
                published,
            });
        }
        out
    }
}

/// Reads one private key file: a regular file of the owner alone.
pub(crate) fn read_key(path: &Path) -> Result<SigningKey, KeyError> {
    let read = |source| KeyError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read)?;
    if !meta.is_file() {
        return Err(KeyError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = meta.permissions().mode() & 0o777;
        // Read by the owner and its group (root:domainauth 0640, as OpenDKIM
        // keys are often kept) is fine; others, or a group that can write
        // it, are not.
        if mode & 0o027 != 0 {
            return Err(KeyError::Readable {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    if meta.len() > MAX_KEY_FILE {
        return Err(KeyError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let text = std::fs::read_to_string(path).map_err(read)?;
    SigningKey::from_pem(&text).map_err(|source| KeyError::Invalid {
        path: path.to_path_buf(),
        source,
    })
}

/// The ARC sealer `config` asks for, its key read as signing keys are and
/// tried once on a test message.
pub fn load_sealer(
    config: &crate::config::SealConfig,
) -> Result<domainauth::arc::Sealer, KeyError> {
    use domainauth::arc::{ChainStatus, Sealer, SealerConfig};
    let key = read_key(&config.key)?;
    let sealer = Sealer::new(key, SealerConfig::new(&config.domain, &config.selector));
    let probe = format!("From: postmaster@{}\r\n\r\n", config.domain);
    sealer
        .seal_message(probe.as_bytes(), ChainStatus::None, "localhost", "none")
        .map_err(|source| KeyError::Seal {
            domain: config.domain.clone(),
            selector: config.selector.clone(),
            source,
        })?;
    Ok(sealer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use domainauth::dkim::Algorithm;

    fn write_key(dir: &Path, name: &str, algorithm: Algorithm, mode: u32) -> PathBuf {
        use std::os::unix::fs::PermissionsExt as _;
        let key = SigningKey::generate(algorithm, 2048).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, key.to_pkcs8_pem().unwrap()).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn config(keys: &str) -> Config {
        Config::parse(&format!(
            "listen = \"unix:/tmp/x\"\nauthserv_id = \"mx.example.net\"\n{keys}"
        ))
        .unwrap()
    }

    #[test]
    fn keys_others_can_read_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for (mode, ok) in [
            (0o600, true),
            (0o640, true),
            (0o400, true),
            (0o644, false),
            (0o660, false),
            (0o604, false),
        ] {
            let path = write_key(
                dir.path(),
                &format!("k{mode:o}.pem"),
                Algorithm::Ed25519Sha256,
                mode,
            );
            let c = config(&format!(
                "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"s\"\nkey = {path:?}\n"
            ));
            assert_eq!(Keys::load(&c.signing).is_ok(), ok, "mode {mode:o}");
        }
        let dir = tempfile::tempdir().unwrap();
        let open = write_key(dir.path(), "open.pem", Algorithm::Ed25519Sha256, 0o644);
        let c = config(&format!(
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"s\"\nkey = {:?}\n",
            open
        ));
        let e = Keys::load(&c.signing).unwrap_err();
        assert!(matches!(e, KeyError::Readable { mode: 0o644, .. }), "{e:?}");
        assert!(e.to_string().contains("chmod 600"), "{e}");
        let missing = dir.path().join("none.pem");
        let c = config(&format!(
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"s\"\nkey = {missing:?}\n"
        ));
        assert!(matches!(Keys::load(&c.signing), Err(KeyError::Read { .. })));
        let c = config(&format!(
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"s\"\nkey = {:?}\n",
            dir.path()
        ));
        assert!(matches!(
            Keys::load(&c.signing),
            Err(KeyError::NotAFile { .. })
        ));
    }

    /// Each key against DNS: published and the same, another key, none.
    #[tokio::test]
    async fn keys_are_checked_against_what_dns_publishes() {
        let dir = tempfile::tempdir().unwrap();
        let good = write_key(dir.path(), "good.pem", Algorithm::RsaSha256, 0o600);
        let other = write_key(dir.path(), "other.pem", Algorithm::Ed25519Sha256, 0o600);
        let published = |path: &Path| {
            SigningKey::from_pem(&std::fs::read_to_string(path).unwrap())
                .unwrap()
                .key_record()
                .unwrap()
        };
        let stranger = write_key(dir.path(), "stranger.pem", Algorithm::Ed25519Sha256, 0o600);
        let zone = format!(
            "good._domainkey.example.com. 300 IN TXT \"{}\"\nother._domainkey.example.com. 300 IN TXT \"{}\"\n\
             revoked._domainkey.example.com. 300 IN TXT \"v=DKIM1; k=ed25519; p=\"\n",
            published(&good),
            published(&stranger)
        );
        let c = config(&format!(
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"good\"\nkey = {good:?}\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"other\"\nkey = {other:?}\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"none\"\nkey = {other:?}\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"revoked\"\nkey = {other:?}\n"
        ));
        let keys = Keys::load(&c.signing).unwrap();
        let zone = domainauth::dns::ZoneResolver::from_zone_text(&zone, None).unwrap();
        let checks = keys.check_published(&zone).await;
        let states: Vec<_> = checks.iter().map(|c| &c.published).collect();
        assert_eq!(states[0], &Published::Matches);
        assert_eq!(states[1], &Published::Differs);
        // No record: nothing to say beyond the name.
        assert_eq!(states[2], &Published::Missing(None));
        assert_eq!(checks[2].name, "none._domainkey.example.com");
        // A record receivers cannot use: why, in either language.
        match states[3] {
            Published::Missing(Some(why)) => {
                assert_eq!(why.id, "reason-dkim-revoked");
                assert!(why.render(domainauth::diag::Lang::Ja).contains("失効"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_selector_is_found_at_load() {
        let dir = tempfile::tempdir().unwrap();
        let key = write_key(dir.path(), "k.pem", Algorithm::Ed25519Sha256, 0o600);
        let c = config(&format!(
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"a;b\"\nkey = {key:?}\n"
        ));
        let e = Keys::load(&c.signing).unwrap_err();
        assert!(matches!(e, KeyError::Unusable { .. }), "{e:?}");
    }

    #[test]
    fn matching_keys_by_sender() {
        let dir = tempfile::tempdir().unwrap();
        let rsa = write_key(dir.path(), "rsa.pem", Algorithm::RsaSha256, 0o600);
        let ed = write_key(dir.path(), "ed.pem", Algorithm::Ed25519Sha256, 0o400);
        let entries = format!(
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"rsa\"\nkey = {rsa:?}\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"ed\"\nkey = {ed:?}\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"sub\"\nkey = {ed:?}\nsenders = [\"*@*.example.com\"]\n"
        );
        let keys = Keys::load(&config(&entries).signing).unwrap();
        let algorithms = |a: &str| -> Vec<Algorithm> {
            keys.for_sender(a)
                .iter()
                .map(|s| s.key().algorithm())
                .collect()
        };
        assert_eq!(
            algorithms("Boss@Example.COM"),
            [Algorithm::RsaSha256, Algorithm::Ed25519Sha256]
        );
        assert_eq!(algorithms("a@news.example.com"), [Algorithm::Ed25519Sha256]);
        assert!(algorithms("a@example.org").is_empty());
        assert!(algorithms("a@notexample.com").is_empty());
        let first = Keys::load(&config(&format!("[signing]\nmultiple = false\n{entries}")).signing)
            .unwrap();
        assert_eq!(first.for_sender("a@example.com").len(), 1);
    }
}
