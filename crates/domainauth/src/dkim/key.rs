//! DKIM key records (RFC 6376 §3.6.1, RFC 8463 §4).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::tag::{TagError, parse_tag_list, strip_fws};

/// The key type (`k=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    /// `rsa` (the default).
    Rsa,
    /// `ed25519` (RFC 8463).
    Ed25519,
}

impl KeyType {
    /// `rsa` or `ed25519`, as in `k=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rsa => "rsa",
            Self::Ed25519 => "ed25519",
        }
    }
}

/// The most entries a key record's colon-separated lists (`h=`, `s=`, `t=`)
/// may hold (RFC 6376 §3.6.1).
///
/// RFC 6376 and RFC 8463 define two hashes, two service types and two flags;
/// unknown entries are ignored, so a list may grow with extensions, but not
/// to thousands: a 64 KB TXT record would otherwise become megabytes of
/// parsed entries held in the key cache.
pub const MAX_KEY_LIST_ITEMS: usize = 16;

/// What is wrong with a key record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeyError {
    /// The tag list is malformed.
    #[error("{error}")]
    Syntax {
        /// What is wrong in it.
        error: TagError,
    },
    /// `v=` present but not `DKIM1`, or not the first tag (§3.6.1).
    #[error("v= must be DKIM1 and come first")]
    Version,
    /// No `p=` tag.
    #[error("the key record has no p= tag")]
    MissingKey,
    /// `p=` is not base64.
    #[error("p= is not valid base64")]
    Base64,
    /// A list tag holds more entries than [`MAX_KEY_LIST_ITEMS`].
    #[error("{tag}= lists {count} entries; at most {limit} are accepted")]
    TooManyItems {
        /// The tag (`h`, `s` or `t`).
        tag: &'static str,
        /// Entries in the list.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// `k=` names a key type this verifier does not know.
    #[error("unknown key type k={value}")]
    UnknownKeyType {
        /// The value.
        value: String,
    },
}

/// A parsed key record.
///
/// ```
/// use domainauth::dkim::{KeyRecord, KeyType};
/// let k = KeyRecord::parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").unwrap();
/// assert_eq!(k.key_type, KeyType::Ed25519);
/// assert_eq!(k.public_key.len(), 32);
/// assert!(!k.revoked());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyRecord {
    /// `k=`.
    pub key_type: KeyType,
    /// `p=`, decoded; empty means the key was revoked.
    #[serde(skip)]
    pub public_key: Vec<u8>,
    /// `h=`: acceptable hash algorithms, lower case; `None` allows all.
    pub hashes: Option<Vec<String>>,
    /// `s=`: service types, lower case (`*` or `email` make it usable for mail).
    pub services: Vec<String>,
    /// `t=y`: the domain is testing DKIM.
    pub testing: bool,
    /// `t=s`: the i= domain must equal d= exactly.
    pub strict: bool,
    /// `n=`: notes for people.
    pub notes: Option<String>,
}

impl KeyRecord {
    /// Parses a key record.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let tags = parse_tag_list(text).map_err(|error| KeyError::Syntax { error })?;
        if let Some(pos) = tags.iter().position(|t| t.name == "v")
            && (pos != 0 || tags[pos].value != "DKIM1")
        {
            return Err(KeyError::Version);
        }
        let find = |name: &str| tags.iter().find(|t| t.name == name).map(|t| t.value);
        let key_type = match find("k").map(|k| k.to_ascii_lowercase()) {
            None => KeyType::Rsa,
            Some(k) if k == "rsa" => KeyType::Rsa,
            Some(k) if k == "ed25519" => KeyType::Ed25519,
            Some(value) => return Err(KeyError::UnknownKeyType { value }),
        };
        let p = find("p").ok_or(KeyError::MissingKey)?;
        let public_key = STANDARD
            .decode(strip_fws(p).as_bytes())
            .map_err(|_| KeyError::Base64)?;
        let list = |tag: &'static str| -> Result<Option<Vec<String>>, KeyError> {
            let Some(v) = find(tag) else {
                return Ok(None);
            };
            let count = memchr::memchr_iter(b':', v.as_bytes()).count() + 1;
            if count > MAX_KEY_LIST_ITEMS {
                return Err(KeyError::TooManyItems {
                    tag,
                    count,
                    limit: MAX_KEY_LIST_ITEMS,
                });
            }
            Ok(Some(
                v.split(':')
                    .map(|x| strip_fws(x).to_ascii_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect(),
            ))
        };
        let flags = list("t")?.unwrap_or_default();
        Ok(Self {
            key_type,
            public_key,
            hashes: list("h")?,
            services: list("s")?.unwrap_or_else(|| vec!["*".to_string()]),
            testing: flags.iter().any(|f| f == "y"),
            strict: flags.iter().any(|f| f == "s"),
            notes: find("n").map(str::to_string),
        })
    }

    /// `p=` is empty: the key was revoked (§3.6.1).
    pub fn revoked(&self) -> bool {
        self.public_key.is_empty()
    }

    /// The record allows email (`s=*` or `s=email`).
    pub fn usable_for_email(&self) -> bool {
        self.services.iter().any(|s| s == "*" || s == "email")
    }

    /// The record's `h=` allows `hash` (or there is no `h=`).
    pub fn allows_hash(&self, hash: &str) -> bool {
        self.hashes
            .as_ref()
            .is_none_or(|h| h.iter().any(|x| x == hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_flags_and_errors() {
        let k = KeyRecord::parse("p=AAAA; t=y:s; h=sha256").unwrap();
        assert_eq!(k.key_type, KeyType::Rsa);
        assert!(k.testing && k.strict);
        assert!(k.allows_hash("sha256") && !k.allows_hash("sha1"));
        assert!(k.usable_for_email());
        assert!(KeyRecord::parse("v=DKIM1; p=").unwrap().revoked());
        assert_eq!(
            KeyRecord::parse("k=rsa; v=DKIM1; p=AA=="),
            Err(KeyError::Version)
        );
        assert_eq!(KeyRecord::parse("v=DKIM1:; p=AA=="), Err(KeyError::Version));
        assert_eq!(
            KeyRecord::parse("v=DKIM1; k=rsa"),
            Err(KeyError::MissingKey)
        );
        assert!(matches!(
            KeyRecord::parse("k=dsa; p=AA=="),
            Err(KeyError::UnknownKeyType { .. })
        ));
        assert_eq!(
            KeyRecord::parse(&format!("h={}; p=AA==", ["sha256"; 17].join(":"))),
            Err(KeyError::TooManyItems {
                tag: "h",
                count: 17,
                limit: MAX_KEY_LIST_ITEMS
            })
        );
        assert!(
            KeyRecord::parse(&format!("s={}; p=AA==", ["email"; 16].join(":")))
                .unwrap()
                .usable_for_email()
        );
        assert!(
            !KeyRecord::parse("s=tlsrpt; p=AA==")
                .unwrap()
                .usable_for_email()
        );
    }
}
