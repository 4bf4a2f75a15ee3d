//! The IMAP password: from an environment variable or the first line of a
//! file, never from the URL or the command line, and never printed.

use std::fmt;
use std::path::{Path, PathBuf};

use domainauth::escape::escape_controls;
use thiserror::Error;

use crate::explain::Explain;

/// The environment variable read when no other is named.
pub const DEFAULT_PASSWORD_ENV: &str = "DOMAINAUTH_IMAP_PASSWORD";

/// Largest password file read (a password is one short line; a larger
/// file is a mistake, e.g. a key or a mailbox given by accident).
const MAX_PASSWORD_FILE: u64 = 64 << 10;

/// A password. `Debug` and `Display` show `***`, so a log or an error
/// that holds a configuration never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// The password in the environment variable `name`
    /// ([`DEFAULT_PASSWORD_ENV`] by convention).
    pub fn from_env(name: &str) -> Result<Self, PasswordError> {
        match std::env::var(name) {
            Ok(value) => Self::checked(value, PasswordSource::Env(name.to_string())),
            Err(std::env::VarError::NotPresent) => Err(PasswordError::EnvMissing {
                name: name.to_string(),
            }),
            Err(std::env::VarError::NotUnicode(_)) => Err(PasswordError::NotUtf8 {
                from: PasswordSource::Env(name.to_string()),
            }),
        }
    }

    /// The first line of the file at `path` (without its line ending;
    /// the rest of the file is ignored, so a trailing newline is harmless).
    pub fn from_file(path: &Path) -> Result<Self, PasswordError> {
        use std::io::Read as _;
        let from = PasswordSource::File(path.to_path_buf());
        let io = |e: std::io::Error| PasswordError::File {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(MAX_PASSWORD_FILE)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = String::from_utf8(line.to_vec())
            .map_err(|_| PasswordError::NotUtf8 { from: from.clone() })?;
        Self::checked(text, from)
    }

    /// A password given directly (for programs that have their own
    /// secret store, and tests).
    pub fn new(password: impl Into<String>) -> Result<Self, PasswordError> {
        Self::checked(password.into(), PasswordSource::Given)
    }

    fn checked(value: String, from: PasswordSource) -> Result<Self, PasswordError> {
        if value.is_empty() {
            return Err(PasswordError::Empty { from });
        }
        // CR, LF and NUL cannot travel in an IMAP string (RFC 3501 §4.3);
        // other controls are as surely a mistake.
        if value.chars().any(char::is_control) {
            return Err(PasswordError::Control { from });
        }
        Ok(Self(value))
    }

    /// The password itself, to send to the server.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl fmt::Display for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where a password was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordSource {
    /// An environment variable, by name.
    Env(String),
    /// A file.
    File(PathBuf),
    /// Given by the program.
    Given,
}

impl PasswordSource {
    fn kind(&self) -> &'static str {
        match self {
            Self::Env(_) => "env",
            Self::File(_) => "file",
            Self::Given => "given",
        }
    }

    fn name(&self) -> String {
        match self {
            Self::Env(name) => name.clone(),
            Self::File(path) => path.display().to_string(),
            Self::Given => String::new(),
        }
    }
}

impl fmt::Display for PasswordSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env(name) => write!(f, "the environment variable {}", escape_controls(name)),
            Self::File(path) => write!(f, "{}", escape_controls(&path.display().to_string())),
            Self::Given => f.write_str("the program"),
        }
    }
}

/// Why no usable password was found. None of these show the password.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PasswordError {
    /// The environment variable is not set.
    #[error(
        "the environment variable {} that should hold the IMAP password is not set",
        escape_controls(name)
    )]
    EnvMissing {
        /// The variable's name.
        name: String,
    },
    /// The password file cannot be read.
    #[error("cannot read the IMAP password from {}: {}", escape_controls(&path.display().to_string()), escape_controls(reason))]
    File {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// The value is not UTF-8.
    #[error("the IMAP password from {from} is not UTF-8")]
    NotUtf8 {
        /// Where it came from.
        from: PasswordSource,
    },
    /// The value is empty.
    #[error("the IMAP password from {from} is empty")]
    Empty {
        /// Where it came from.
        from: PasswordSource,
    },
    /// The value holds a control character (IMAP cannot send CR, LF or
    /// NUL in a password).
    #[error("the IMAP password from {from} holds a control character")]
    Control {
        /// Where it came from.
        from: PasswordSource,
    },
}

impl Explain for PasswordError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::EnvMissing { .. } => "reports-imap-password-env-missing",
            Self::File { .. } => "reports-imap-password-file",
            Self::NotUtf8 { .. } => "reports-imap-password-utf8",
            Self::Empty { .. } => "reports-imap-password-empty",
            Self::Control { .. } => "reports-imap-password-control",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::EnvMissing { name } => vec![("name", name.clone())],
            Self::File { path, reason } => vec![
                ("path", path.display().to_string()),
                ("reason", reason.clone()),
            ],
            Self::NotUtf8 { from } | Self::Empty { from } | Self::Control { from } => {
                vec![("source", from.kind().to_string()), ("name", from.name())]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "domainauth-imap-password-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn first_line_of_a_file() {
        let path = temp_file("ok", b"s3cret pass\r\nsecond line\n");
        assert_eq!(Password::from_file(&path).unwrap().expose(), "s3cret pass");
        std::fs::remove_file(&path).unwrap();
        let path = temp_file("empty", b"\nnot me\n");
        assert!(matches!(
            Password::from_file(&path),
            Err(PasswordError::Empty { .. })
        ));
        std::fs::remove_file(&path).unwrap();
        let path = temp_file("latin1", b"caf\xe9\n");
        assert!(matches!(
            Password::from_file(&path),
            Err(PasswordError::NotUtf8 { .. })
        ));
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            Password::from_file(Path::new("/nonexistent/domainauth/pw")),
            Err(PasswordError::File { .. })
        ));
    }

    #[test]
    fn environment_variable() {
        // A name no other test uses: the environment is process-wide.
        assert_eq!(
            Password::from_env("DOMAINAUTH_TEST_IMAP_PASSWORD_UNSET_7f3a"),
            Err(PasswordError::EnvMissing {
                name: "DOMAINAUTH_TEST_IMAP_PASSWORD_UNSET_7f3a".into()
            })
        );
    }

    #[test]
    fn never_shown() {
        let p = Password::new("hunter2").unwrap();
        assert_eq!(format!("{p} {p:?}"), "*** Password(***)");
        assert!(matches!(
            Password::new("a\nb"),
            Err(PasswordError::Control { .. })
        ));
        assert!(matches!(
            Password::new(""),
            Err(PasswordError::Empty { .. })
        ));
    }
}
