//! Reading the files and the standard input a command is given, within a
//! limit: `verify /dev/zero` or a multi-gigabyte file must not exhaust
//! memory. The zone files of `--zone` have the library's own limit
//! (256 MiB, devices refused the same way).

use std::io::Read;
use std::path::Path;

use domainauth::diag::{AsReason, Lang, ui};

use crate::CliError;

/// The largest message read (a file, or standard input with `-`): 64 MiB.
///
/// Above what most mail systems accept (Gmail receives at most 50 MB;
/// Postfix's default `message_size_limit` is 10 MB), so a real message
/// fits; the library bounds the header itself
/// ([`domainauth::mail::MAX_HEADER_BYTES`]).
pub const MAX_MESSAGE_BYTES: u64 = 64 * MIB;

/// The largest Public Suffix List read with `--psl`: 16 MiB (the list
/// published at publicsuffix.org is about 0.25 MiB).
pub const MAX_PSL_BYTES: u64 = 16 * MIB;

/// The largest private key file read by `dkim sign --key`: 1 MiB (a PEM
/// RSA key of 8192 bits is under 7 KiB).
pub const MAX_KEY_BYTES: u64 = MIB;

/// The largest list of domains read by `check --domains`: 16 MiB (some
/// 600,000 names of average length).
pub const MAX_DOMAIN_LIST_BYTES: u64 = 16 * MIB;

const MIB: u64 = 1024 * 1024;

/// What is read, named in the error when it is too large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// A message ([`MAX_MESSAGE_BYTES`]).
    Message,
    /// A Public Suffix List ([`MAX_PSL_BYTES`]).
    Psl,
    /// A private key ([`MAX_KEY_BYTES`]).
    Key,
    /// The domains of `check --domains` ([`MAX_DOMAIN_LIST_BYTES`]).
    DomainList,
}

impl What {
    /// The most bytes read.
    pub fn limit(self) -> u64 {
        match self {
            Self::Message => MAX_MESSAGE_BYTES,
            Self::Psl => MAX_PSL_BYTES,
            Self::Key => MAX_KEY_BYTES,
            Self::DomainList => MAX_DOMAIN_LIST_BYTES,
        }
    }

    /// The key of the error messages' `what` selector.
    fn as_str(self) -> &'static str {
        match self {
            Self::Message => "message",
            Self::Psl => "psl",
            Self::Key => "key",
            Self::DomainList => "domains",
        }
    }

    fn too_large(self, path: Option<&Path>) -> CliError {
        let error = match path {
            Some(path) => CliError::failure("file-too-large").param("path", path.display()),
            None => CliError::failure("stdin-too-large"),
        };
        error
            .param("what", self.as_str())
            .param("limit_mib", self.limit() / MIB)
    }
}

/// Whether `path` is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The message's name for titles: its path, or "standard input" in
/// `lang` for `-`.
pub fn message_name(lang: Lang, path: &Path) -> String {
    if is_stdin(path) {
        ui(lang, "ui-stdin", &[])
    } else {
        path.display().to_string()
    }
}

/// The message at `path` is not one: `not-a-message` naming the file, or
/// `stdin-not-a-message` (as `read-stdin` goes with `read-file`).
pub fn not_a_message<E>(path: &Path, error: &E) -> CliError
where
    E: AsReason + std::fmt::Display + ?Sized,
{
    if is_stdin(path) {
        CliError::usage("stdin-not-a-message").reason("error", error)
    } else {
        CliError::usage("not-a-message")
            .param("path", path.display())
            .reason("error", error)
    }
}

/// Reads the message named on the command line: the file, or standard
/// input for `-`; at most [`MAX_MESSAGE_BYTES`].
pub fn read_message(path: &Path) -> Result<Vec<u8>, CliError> {
    if is_stdin(path) {
        read_stdin(What::Message)
    } else {
        read_file(path, What::Message)
    }
}

/// Reads standard input, at most `what`'s limit (one byte more is read to
/// tell a larger input).
pub fn read_stdin(what: What) -> Result<Vec<u8>, CliError> {
    read_bounded(std::io::stdin().lock(), what.limit())
        .map_err(|e| CliError::failure("read-stdin").reason("error", &e))?
        .ok_or_else(|| what.too_large(None))
}

/// Reads the file at `path`, at most `what`'s limit. Devices, sockets and
/// the files of /proc and /sys are refused before any read (their reads
/// may never end, as /dev/zero's, or block, as a terminal's); a named pipe
/// is read as standard input is, within the limit.
pub fn read_file(path: &Path, what: What) -> Result<Vec<u8>, CliError> {
    let cannot_read = |e: std::io::Error| {
        CliError::failure("read-file")
            .param("path", path.display())
            .reason("error", &e)
    };
    if is_special(path) {
        return Err(CliError::failure("not-a-file").param("path", path.display()));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if meta.is_dir() {
        return Err(cannot_read(std::io::ErrorKind::IsADirectory.into()));
    }
    if is_device(&meta) {
        return Err(CliError::failure("not-a-file").param("path", path.display()));
    }
    if meta.is_file() && meta.len() > what.limit() {
        return Err(what.too_large(Some(path)));
    }
    read_bounded(file, what.limit())
        .map_err(cannot_read)?
        .ok_or_else(|| what.too_large(Some(path)))
}

/// At most `limit` bytes of `input`: `None` when it holds more.
fn read_bounded(input: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A file of the kernel's pseudo file systems: they claim to be regular
/// files but may block on read (/proc/kmsg) or be endless.
fn is_special(path: &Path) -> bool {
    // A pipe given as /dev/fd/N does not resolve to a path: it is read.
    std::fs::canonicalize(path)
        .is_ok_and(|canonical| canonical.starts_with("/proc") || canonical.starts_with("/sys"))
}

#[cfg(unix)]
fn is_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    let kind = meta.file_type();
    kind.is_char_device() || kind.is_block_device() || kind.is_socket()
}

#[cfg(not(unix))]
fn is_device(meta: &std::fs::Metadata) -> bool {
    !meta.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_one_byte_past_the_limit() {
        assert_eq!(
            read_bounded(&b"abcd"[..], 4).unwrap(),
            Some(b"abcd".to_vec())
        );
        assert_eq!(read_bounded(&b"abcde"[..], 4).unwrap(), None);
        // An endless input is read only up to the limit.
        assert_eq!(read_bounded(std::io::repeat(0), 1000).unwrap(), None);
    }

    #[test]
    fn devices_and_large_files_are_refused_with_their_name_and_limit() {
        #[cfg(unix)]
        for device in ["/dev/zero", "/dev/urandom", "/proc/self/status"] {
            let e = read_file(Path::new(device), What::Message).unwrap_err();
            assert_eq!(e.code(), "not-a-file", "{device}");
            assert_eq!(e.exit_code(), crate::exit::FAILURE);
            assert!(e.message(Lang::En).contains(device), "{}", e);
        }
        let dir = std::env::temp_dir().join(format!("domainauth-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.dat");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_PSL_BYTES + 1).unwrap();
        let e = read_file(&big, What::Psl).unwrap_err();
        assert_eq!(e.code(), "file-too-large");
        assert_eq!(e.exit_code(), crate::exit::FAILURE);
        let en = e.message(Lang::En);
        assert!(en.contains("big.dat") && en.contains("16 MiB"), "{en}");
        let ja = e.message(Lang::Ja);
        assert!(
            ja.contains("big.dat") && ja.contains("16 メガバイト"),
            "{ja}"
        );
        // The same size is within a message's limit.
        assert_eq!(
            read_file(&big, What::Message).unwrap().len() as u64,
            MAX_PSL_BYTES + 1
        );
        let e = read_file(&dir, What::Message).unwrap_err();
        assert_eq!(e.code(), "read-file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
