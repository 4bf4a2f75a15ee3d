//! Maildir folders: one message per file in `new/` (not yet seen) and
//! `cur/` (seen), while `tmp/` holds messages still being delivered and is
//! never read (the Maildir delivery protocol, D. J. Bernstein's
//! maildir(5)).

use std::path::{Path, PathBuf};

/// True when `dir` is a Maildir: it has `cur/` and `new/` folders.
pub(crate) fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

/// The folders of the Maildir `dir` that hold messages, in the order they
/// are read: new mail first. Files beside them (a server's index and
/// uid lists) and `tmp/` are not messages.
pub(crate) fn message_folders(dir: &Path) -> Vec<PathBuf> {
    vec![dir.join("new"), dir.join("cur")]
}
