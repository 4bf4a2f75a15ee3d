//! Writing the files a command creates (man pages, a private key) without
//! following a symbolic link planted at their name: a link named
//! `domainauth.1` or `sel.private` pointing at another file must not get
//! that file overwritten.

use std::io::Write as _;
use std::path::Path;

use crate::CliError;

/// The error for a file that cannot be written, naming it.
fn cannot_write(path: &Path, e: &std::io::Error) -> CliError {
    CliError::failure("write-file")
        .param("path", path.display())
        .reason("error", e)
}

/// Refuses `path` when it is a symbolic link (dangling or not) or a
/// folder; `Ok` when it is a regular file or does not exist.
pub fn refuse_link(path: &Path) -> Result<(), CliError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            Err(CliError::failure("write-symlink").param("path", path.display()))
        }
        Ok(meta) if meta.is_dir() => {
            Err(cannot_write(path, &std::io::ErrorKind::IsADirectory.into()))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(cannot_write(path, &e)),
    }
}

/// Options for a new file: created, never opened through an existing
/// name (`O_CREAT|O_EXCL`, which does not follow a link either), with
/// `mode` on Unix.
fn create_new(mode: u32) -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options
}

/// Writes `bytes` to a new file at `path` (with `mode` on Unix); an
/// existing file or link there is `AlreadyExists`.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let mut file = create_new(mode).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to `path`, replacing a regular file there but refusing a
/// symbolic link ([`refuse_link`]): the text goes to a new file next to it,
/// which is then renamed over `path` (a rename replaces a name, it never
/// writes through a link), so a failure leaves the old file whole.
///
/// The temporary name is not guessable from outside (process id, clock
/// and a counter) and is created exclusively; a name someone already put
/// there is skipped, never removed: only a file this call created is.
pub fn write_replacing(path: &Path, bytes: &[u8], mode: u32) -> Result<(), CliError> {
    refuse_link(path)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..16u32 {
        let temporary = path.with_file_name(format!(
            ".{name}.{}.{nonce:08x}{attempt:x}.tmp",
            std::process::id()
        ));
        let mut file = match create_new(mode).open(&temporary) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(cannot_write(&temporary, &e)),
        };
        let written = file
            .write_all(bytes)
            .and_then(|()| file.flush())
            .and_then(|()| std::fs::rename(&temporary, path));
        return written.map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            cannot_write(path, &e)
        });
    }
    Err(cannot_write(
        path,
        &std::io::Error::from(std::io::ErrorKind::AlreadyExists),
    ))
}

#[cfg(all(test, unix))]
mod tests {

    /// A file planted under a temporary name is neither used nor removed.
    #[test]
    fn a_planted_temporary_name_is_left_alone() {
        let d = dir("planted");
        let page = d.join("domainauth.1");
        let planted = d.join(".domainauth.1.planted.tmp");
        std::fs::write(&planted, "keep").unwrap();
        write_replacing(&page, b"page", 0o644).unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "page");
        assert_eq!(std::fs::read_to_string(&planted).unwrap(), "keep");
        let left: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    }
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("domainauth-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn links_are_refused_and_their_targets_kept() {
        let d = dir("links");
        let target = d.join("target");
        std::fs::write(&target, "keep").unwrap();
        let link = d.join("page.1");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write_replacing(&link, b"new", 0o644).unwrap_err();
        assert_eq!(e.code(), "write-symlink");
        assert!(e.to_string().contains("page.1"), "{e}");
        let dangling = d.join("new.private");
        std::os::unix::fs::symlink(d.join("nowhere"), &dangling).unwrap();
        assert_eq!(
            write_new(&dangling, b"secret", 0o600).unwrap_err().kind(),
            std::io::ErrorKind::AlreadyExists
        );
        assert!(!d.join("nowhere").exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        // A regular file is replaced, and nothing else is left behind.
        let page = d.join("plain.1");
        std::fs::write(&page, "old").unwrap();
        write_replacing(&page, b"new", 0o644).unwrap();
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "new");
        let mut names: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["new.private", "page.1", "plain.1", "target"]);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
