//! The walk over files and folders: lazy, in name order, each folder
//! listed when it is reached, each symlinked folder entered once.

use std::collections::{HashSet, VecDeque};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::mbox::{Messages, is_mbox};
use super::{Input, Origin, SourceError, maildir};
use crate::Limits;

/// Files are read through a buffer this large (and an mbox message by
/// message through it).
const BUFFER: usize = 64 << 10;

/// The iterator [`walk`](super::walk) returns: an [`Input`] or a
/// [`SourceError`] per item.
pub struct Walk {
    max_input: u64,
    /// The paths given, not yet started.
    given: VecDeque<PathBuf>,
    /// The folders being walked: what is left of each listing.
    folders: Vec<std::vec::IntoIter<PathBuf>>,
    /// Folders entered, by canonical path: a symlink loop ends here.
    entered: HashSet<PathBuf>,
    /// The mbox being read.
    mbox: Option<Messages>,
}

impl Walk {
    pub(crate) fn new(paths: &[PathBuf], limits: &Limits) -> Self {
        Self {
            max_input: limits.max_input,
            given: paths.iter().cloned().collect(),
            folders: Vec::new(),
            entered: HashSet::new(),
            mbox: None,
        }
    }

    /// The next path: from the folder being walked, else the next given.
    fn next_path(&mut self) -> Option<(PathBuf, bool)> {
        while let Some(listing) = self.folders.last_mut() {
            if let Some(path) = listing.next() {
                return Some((path, false));
            }
            self.folders.pop();
        }
        self.given.pop_front().map(|p| (p, true))
    }

    /// Starts on `path`: an input, an error, or nothing yet (a folder was
    /// listed, an mbox opened, a file skipped).
    fn start(&mut self, path: PathBuf, given: bool) -> Option<Result<Input, SourceError>> {
        if given && path.as_os_str() == "-" {
            return self.stdin();
        }
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return Some(Err(SourceError::io(&path, &e))),
        };
        if meta.is_dir() {
            return self.enter(&path).err().map(Err);
        }
        if !meta.is_file() {
            // A device, socket or pipe met in a folder is skipped; named
            // on its own, it is an error.
            return given.then_some(Err(SourceError::NotAFile { path }));
        }
        if meta.len() > self.max_input && !self.might_be_mbox(&path) {
            return Some(Err(SourceError::TooLarge {
                origin: Origin::File(path),
                limit: self.max_input,
            }));
        }
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) => return Some(Err(SourceError::io(&path, &e))),
        };
        let mut reader = BufReader::with_capacity(BUFFER, file);
        match reader.fill_buf() {
            Ok(head) if is_mbox(head) => {
                self.mbox = Some(Messages::new(Box::new(reader), Some(path), self.max_input));
                None
            }
            Ok(_) => Some(self.read_whole(reader, Origin::File(path.clone()), &path)),
            Err(e) => Some(Err(SourceError::io(&path, &e))),
        }
    }

    /// An mbox may be larger than one input: only its messages are capped.
    fn might_be_mbox(&self, path: &Path) -> bool {
        let mut head = [0u8; 5];
        File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok_and(|()| is_mbox(&head))
    }

    /// Reads `reader` whole, refusing it past the input cap.
    fn read_whole(
        &self,
        reader: impl Read,
        origin: Origin,
        path: &Path,
    ) -> Result<Input, SourceError> {
        let mut bytes = Vec::new();
        match reader
            .take(self.max_input.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            Ok(n) if n as u64 > self.max_input => Err(SourceError::TooLarge {
                origin,
                limit: self.max_input,
            }),
            Ok(_) => Ok(Input { origin, bytes }),
            Err(e) => Err(SourceError::io(path, &e)),
        }
    }

    fn stdin(&mut self) -> Option<Result<Input, SourceError>> {
        let mut reader = BufReader::with_capacity(BUFFER, io::stdin());
        let dash = Path::new("-");
        match reader.fill_buf() {
            Ok(head) if is_mbox(head) => {
                self.mbox = Some(Messages::new(Box::new(reader), None, self.max_input));
                None
            }
            Ok(_) => Some(self.read_whole(reader, Origin::Stdin, dash)),
            Err(e) => Some(Err(SourceError::io(dash, &e))),
        }
    }

    /// Lists the folder `dir` (once, however many symlinks lead to it).
    fn enter(&mut self, dir: &Path) -> Result<(), SourceError> {
        let canonical = fs::canonicalize(dir).map_err(|e| SourceError::io(dir, &e))?;
        if !self.entered.insert(canonical) {
            return Ok(());
        }
        let mut paths = if maildir::is_maildir(dir) {
            maildir::message_folders(dir)
        } else {
            let listing = fs::read_dir(dir).map_err(|e| SourceError::io(dir, &e))?;
            let mut paths = Vec::new();
            for entry in listing {
                let entry = entry.map_err(|e| SourceError::io(dir, &e))?;
                // Dotfiles: editors' and servers' files, Maildir++
                // subfolders (name them to read them).
                if entry.file_name().as_encoded_bytes().starts_with(b".") {
                    continue;
                }
                paths.push(entry.path());
            }
            paths.sort();
            paths
        };
        paths.shrink_to_fit();
        self.folders.push(paths.into_iter());
        Ok(())
    }
}

impl Iterator for Walk {
    type Item = Result<Input, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(mbox) = &mut self.mbox {
                match mbox.next() {
                    Some(item) => return Some(item),
                    None => self.mbox = None,
                }
            }
            let (path, given) = self.next_path()?;
            if let Some(item) = self.start(path, given) {
                return Some(item);
            }
        }
    }
}
