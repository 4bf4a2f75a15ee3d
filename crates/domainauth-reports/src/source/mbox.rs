//! mbox files (RFC 4155): messages separated by `From ` lines, read one
//! message at a time through a buffered reader, never the whole file.
//!
//! A line starting `From ` separates messages when it follows an empty
//! line or looks like a separator (`From sender date` with a time of day):
//! an unquoted `From ` in a body (mboxo writers do not quote it) is then
//! rarely taken for one. Quoted lines are unquoted as mboxrd writes them:
//! `>From `, `>>From ` … lose one `>`. The empty line before a separator
//! belongs to it, not to the message.

use std::io::{self, BufRead};
use std::path::PathBuf;

use super::{Input, Origin, SourceError};

/// Whether `bytes` (the start of a file) is an mbox.
pub(crate) fn is_mbox(bytes: &[u8]) -> bool {
    bytes.starts_with(b"From ")
}

/// Reads at most `keep` bytes of the next line (line break included) into
/// `line`, consuming the whole line; returns the line's full length (0 at
/// the end of input).
fn read_line_capped(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    keep: usize,
) -> io::Result<usize> {
    line.clear();
    let mut total = 0usize;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(total);
        }
        let (len, found) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = keep.saturating_sub(line.len()).min(len);
        line.extend_from_slice(&buf[..room]);
        reader.consume(len);
        total += len;
        if found {
            return Ok(total);
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// `From sender date`: a sender token and a time of day (`hh:mm`), as
/// every mbox writer puts in the separator (RFC 4155 §2, ctime format).
fn looks_like_separator(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let rest = rest.trim_ascii();
    let Some(space) = rest.iter().position(|c| c.is_ascii_whitespace()) else {
        return false;
    };
    rest[space..].windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    })
}

/// The messages of one mbox, as inputs or errors.
pub(crate) struct Messages {
    reader: Box<dyn BufRead + Send>,
    path: Option<PathBuf>,
    number: u64,
    max_input: u64,
    started: bool,
    done: bool,
    line: Vec<u8>,
}

impl Messages {
    /// The messages of `reader`, an mbox whose first line (a `From ` line)
    /// has not been read yet.
    pub(crate) fn new(
        reader: Box<dyn BufRead + Send>,
        path: Option<PathBuf>,
        max_input: u64,
    ) -> Self {
        Self {
            reader,
            path,
            number: 0,
            max_input,
            started: false,
            done: false,
            line: Vec::new(),
        }
    }

    fn origin(&self) -> Origin {
        Origin::MboxMessage {
            path: self.path.clone(),
            number: self.number,
        }
    }

    fn error(&self, e: &io::Error) -> SourceError {
        let path = self.path.clone().unwrap_or_else(|| PathBuf::from("-"));
        SourceError::io(&path, e)
    }

    /// Reads the next message and the separator that ends it.
    fn read_message(&mut self) -> io::Result<Read> {
        let max = usize::try_from(self.max_input).unwrap_or(usize::MAX);
        if !self.started {
            self.started = true;
            if read_line_capped(self.reader.as_mut(), &mut self.line, 0)? == 0 {
                return Ok(Read::End);
            }
        }
        let mut message = Vec::new();
        let mut oversize = false;
        let mut previous_blank = false;
        loop {
            // Enough of the line to tell a separator, and at most what the
            // message may still take (plus one byte, to know it is over).
            let keep = max.saturating_sub(message.len()).saturating_add(1).max(256);
            let len = read_line_capped(self.reader.as_mut(), &mut self.line, keep)?;
            if len == 0 {
                self.done = true;
                break;
            }
            let line = &self.line;
            if line.starts_with(b"From ") && (previous_blank || looks_like_separator(line)) {
                break;
            }
            previous_blank = is_blank(line);
            if oversize {
                continue;
            }
            // mboxrd: ">From ", ">>From " … lose one ">".
            let quotes = line.iter().take_while(|&&c| c == b'>').count();
            let quoted = quotes > 0 && line.get(quotes..).is_some_and(|r| r.starts_with(b"From "));
            let body = if quoted { &line[1..] } else { &line[..] };
            if len > line.len() || message.len().saturating_add(body.len()) > max {
                oversize = true;
                message = Vec::new();
                continue;
            }
            message.extend_from_slice(body);
        }
        if oversize {
            return Ok(Read::TooLarge);
        }
        // The empty line before the next separator belongs to it.
        if message.ends_with(b"\r\n\r\n") {
            message.truncate(message.len() - 2);
        } else if message.ends_with(b"\n\n") {
            message.truncate(message.len() - 1);
        }
        Ok(Read::Message(message))
    }
}

/// What reading a message gave.
enum Read {
    Message(Vec<u8>),
    TooLarge,
    End,
}

impl Iterator for Messages {
    type Item = Result<Input, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.number += 1;
        match self.read_message() {
            Ok(Read::Message(bytes)) => Some(Ok(Input {
                origin: self.origin(),
                bytes,
            })),
            Ok(Read::TooLarge) => Some(Err(SourceError::TooLarge {
                origin: self.origin(),
                limit: self.max_input,
            })),
            Ok(Read::End) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(self.error(&e)))
            }
        }
    }
}
