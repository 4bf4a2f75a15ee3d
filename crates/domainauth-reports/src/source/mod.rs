//! Sources: where inputs come from — files, folders, Maildir, mbox,
//! standard input and IMAP ([`imap`]) — one [`Input`] at a time.
//!
//! [`walk`] goes through the paths it is given in order: a file is one
//! input (a report file, a zip, a saved mail …) unless it is an mbox, whose
//! messages are inputs of their own, read one by one; a folder is walked
//! recursively in name order (dotfiles skipped, symlink loops followed
//! once); a Maildir gives the messages in `new/` and `cur/`; `-` is
//! standard input. Nothing is read whole that is larger than
//! [`Limits::max_input`]: such a file or message is an error item, and the
//! walk goes on. Every error (a missing file, a permission) is an item of
//! the iterator naming its path, so one bad file never stops a batch.
//!
//! What an input holds is for [`container::extract`](crate::container::extract)
//! to find out.

mod files;
pub mod imap;
mod maildir;
mod mbox;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use domainauth::escape::escape_controls;

use crate::{Explain, Limits};

pub use files::Walk;

/// Where an input came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// A file (a Maildir message is a file too).
    File(PathBuf),
    /// The `number`th message (from 1) of an mbox file, or of an mbox read
    /// from standard input (`path` is `None`).
    MboxMessage {
        /// The mbox file.
        path: Option<PathBuf>,
        /// The message's place in it, from 1.
        number: u64,
    },
    /// Standard input, read whole.
    Stdin,
    /// A message of an IMAP mailbox, named by its RFC 5092 URL
    /// (`imaps://user@host/INBOX;UIDVALIDITY=…/;UID=…`).
    Imap {
        /// The message's URL.
        url: String,
    },
}

impl Origin {
    /// The origin as text, unescaped: `reports/a.xml`, `inbox.mbox#msg 12`,
    /// `-` for standard input. Use it as the name given to
    /// [`container::extract`](crate::container::extract); print
    /// [`Origin`]'s `Display` instead, which escapes control characters.
    pub fn label(&self) -> String {
        match self {
            Self::File(path) => path.to_string_lossy().into_owned(),
            Self::MboxMessage { path, number } => {
                let path = path
                    .as_deref()
                    .map_or_else(|| "-".into(), Path::to_string_lossy);
                format!("{path}#msg {number}")
            }
            Self::Stdin => "-".into(),
            Self::Imap { url } => url.clone(),
        }
    }

    /// The file the input was read from, if it was a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::MboxMessage { path, .. } => path.as_deref(),
            Self::Stdin | Self::Imap { .. } => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls(&self.label()))
    }
}

/// One input: the bytes of one file or one message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Input {
    /// Where it came from.
    pub origin: Origin,
    /// Its bytes, at most [`Limits::max_input`].
    pub bytes: Vec<u8>,
}

impl Input {
    /// An input of `bytes` from `origin` (for sources outside this module).
    pub fn new(origin: Origin, bytes: Vec<u8>) -> Self {
        Self { origin, bytes }
    }
}

/// Why a path or a message gave no input. The walk goes on after it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The path does not exist (or is a dangling symlink).
    #[error("{}: no such file or folder", escape_controls(&.path.to_string_lossy()))]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// The path may not be read.
    #[error("{}: permission denied", escape_controls(&.path.to_string_lossy()))]
    PermissionDenied {
        /// The path.
        path: PathBuf,
    },
    /// Reading failed for another reason the system gave.
    #[error("{}: cannot be read: {}", escape_controls(&.path.to_string_lossy()), escape_controls(.detail))]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// The system's reason.
        detail: String,
    },
    /// The file or message is larger than [`Limits::max_input`]; it was not
    /// read.
    #[error("{origin}: larger than the limit of {limit} bytes, not read")]
    TooLarge {
        /// The file or message.
        origin: Origin,
        /// The limit, bytes.
        limit: u64,
    },
    /// The path named on the command line is neither a file nor a folder
    /// (a device, a socket, a pipe).
    #[error("{}: not a file or a folder", escape_controls(&.path.to_string_lossy()))]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
}

impl SourceError {
    /// The error for `e`, met reading `path`.
    pub fn io(path: &Path, e: &io::Error) -> Self {
        let path = path.to_path_buf();
        match e.kind() {
            io::ErrorKind::NotFound => Self::NotFound { path },
            io::ErrorKind::PermissionDenied => Self::PermissionDenied { path },
            _ => Self::Unreadable {
                path,
                detail: e.to_string(),
            },
        }
    }

    /// The file or message the error is about, as text (unescaped).
    pub fn origin(&self) -> String {
        match self {
            Self::NotFound { path }
            | Self::PermissionDenied { path }
            | Self::Unreadable { path, .. }
            | Self::NotAFile { path } => path.to_string_lossy().into_owned(),
            Self::TooLarge { origin, .. } => origin.label(),
        }
    }
}

impl Explain for SourceError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "reports-source-not-found",
            Self::PermissionDenied { .. } => "reports-source-permission",
            Self::Unreadable { .. } => "reports-source-unreadable",
            Self::TooLarge { .. } => "reports-source-too-large",
            Self::NotAFile { .. } => "reports-source-not-a-file",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let mut args = vec![("origin", self.origin())];
        match self {
            Self::Unreadable { detail, .. } => args.push(("detail", detail.clone())),
            Self::TooLarge { limit, .. } => args.push(("limit", limit.to_string())),
            _ => {}
        }
        args
    }
}

/// Walks `paths` in order and yields each input, or an error item naming
/// the path or message that could not be read (see the [module](self)
/// documentation). Lazy: a folder is listed when the walk reaches it, an
/// mbox read one message at a time.
///
/// ```no_run
/// use std::path::PathBuf;
/// use domainauth_reports::Limits;
/// use domainauth_reports::source::walk;
///
/// for item in walk(&[PathBuf::from("reports/"), PathBuf::from("inbox.mbox")], &Limits::default()) {
///     match item {
///         Ok(input) => println!("{}: {} bytes", input.origin, input.bytes.len()),
///         Err(e) => eprintln!("{e}"),
///     }
/// }
/// ```
pub fn walk(paths: &[PathBuf], limits: &Limits) -> Walk {
    Walk::new(paths, limits)
}
