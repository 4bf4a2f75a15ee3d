//! Canonicalization (RFC 6376 §3.4), usable on its own.
//!
//! Header fields are canonicalized one at a time ([`canonicalize_header`]);
//! the body is canonicalized as a stream ([`BodyCanonicalizer`]), so a body
//! arriving in chunks — as a milter receives it — needs no buffering beyond
//! one pending run of empty lines.
//!
//! Written here rather than taken from a crate: the result must be the
//! RFC's octets exactly (a signature breaks on one differing byte), no
//! crate in our dependency tree offers canonicalization on its own, and
//! this is the hot loop of verification (each body byte passes once, with
//! no copy of the body).

use std::borrow::Cow;
use std::collections::HashMap;

use super::signature::Canon;
use crate::mail::Message;

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// WSP, or CR and LF (which relaxed header canonicalization removes).
fn is_header_wsp(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Canonicalizes one header field: `name` as written and `value` (what
/// follows the colon, with its folding, without the final CRLF). The result
/// ends in CRLF.
///
/// ```
/// use domainauth::dkim::{Canon, canonicalize_header};
/// let out = canonicalize_header(Canon::Relaxed, "SubJect", b" An  example \r\n\tsubject ");
/// assert_eq!(out, b"subject:An example subject\r\n");
/// let out = canonicalize_header(Canon::Simple, "SubJect", b" An  example");
/// assert_eq!(out, b"SubJect: An  example\r\n");
/// ```
pub fn canonicalize_header(canon: Canon, name: &str, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + value.len() + 3);
    canonicalize_header_into(canon, name, value, &mut out);
    out
}

/// [`canonicalize_header`] appending to `out`.
pub fn canonicalize_header_into(canon: Canon, name: &str, value: &[u8], out: &mut Vec<u8>) {
    header_into(canon, name, value, out, false);
}

/// [`canonicalize_header`] as RFC 6376 §3.4.2 words relaxed
/// canonicalization: only a CRLF followed by WSP is a fold and removed; a
/// bare CR or LF is a character of the value and kept, so that a field
/// holding one verifies only where other verifiers' canonicalization agrees.
/// ARC uses it (RFC 8617 §4.1.2, §5.1.1); DKIM keeps
/// [`canonicalize_header_into`], which drops every CR and LF.
pub(crate) fn canonicalize_header_rfc(canon: Canon, name: &str, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + value.len() + 3);
    header_into(canon, name, value, &mut out, true);
    out
}

/// [`canonicalize_header_rfc`] appending to `out`.
pub(crate) fn canonicalize_header_rfc_into(
    canon: Canon,
    name: &str,
    value: &[u8],
    out: &mut Vec<u8>,
) {
    header_into(canon, name, value, out, true);
}

/// Whether `value` holds a CR or LF that is not part of a CRLF.
fn has_bare_cr_or_lf(value: &[u8]) -> bool {
    value.iter().enumerate().any(|(i, &b)| match b {
        b'\r' => value.get(i + 1) != Some(&b'\n'),
        b'\n' => i == 0 || value[i - 1] != b'\r',
        _ => false,
    })
}

/// One header field canonicalized into `out`; `keep_bare`: a CR or LF that
/// is not part of a CRLF is kept as a character (RFC 6376 §3.4.2) rather
/// than dropped.
fn header_into(canon: Canon, name: &str, value: &[u8], out: &mut Vec<u8>, keep_bare: bool) {
    match canon {
        Canon::Simple => {
            out.extend_from_slice(name.as_bytes());
            out.push(b':');
            out.extend_from_slice(value);
        }
        Canon::Relaxed => {
            out.extend(
                name.trim_end_matches([' ', '\t'])
                    .bytes()
                    .map(|b| b.to_ascii_lowercase()),
            );
            out.push(b':');
            if keep_bare && has_bare_cr_or_lf(value) {
                relaxed_value_keeping_bare(value, out);
            } else {
                relaxed_value(value, out);
            }
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// A relaxed header value: runs of other bytes are copied whole; between
/// two runs, any SP or HTAB gives one SP; CR and LF (unfolding) give
/// nothing.
fn relaxed_value(value: &[u8], out: &mut Vec<u8>) {
    let mut pending_space = false;
    let mut started = false;
    let mut i = 0;
    while i < value.len() {
        let run_end = value[i..]
            .iter()
            .position(|&b| is_header_wsp(b))
            .map_or(value.len(), |p| i + p);
        if run_end > i {
            if pending_space && started {
                out.push(b' ');
            }
            out.extend_from_slice(&value[i..run_end]);
            started = true;
            pending_space = false;
        }
        let gap_end = value[run_end..]
            .iter()
            .position(|&b| !is_header_wsp(b))
            .map_or(value.len(), |p| run_end + p);
        pending_space |= value[run_end..gap_end].iter().any(|&b| is_wsp(b));
        i = gap_end;
    }
}

/// [`relaxed_value`] for a value holding a bare CR or LF, which stays as a
/// character of the value (RFC 6376 §3.4.2): only CRLF is unfolded.
fn relaxed_value_keeping_bare(value: &[u8], out: &mut Vec<u8>) {
    let mut pending_space = false;
    let mut started = false;
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        i += 1;
        match b {
            b'\r' if value.get(i) == Some(&b'\n') => i += 1,
            b' ' | b'\t' => pending_space = started,
            _ => {
                if pending_space {
                    out.push(b' ');
                    pending_space = false;
                }
                out.push(b);
                started = true;
            }
        }
    }
}

/// The header fields of one message indexed by lower-cased name, to select
/// what a signature covers (RFC 6376 §5.4.2) with one lookup per `h=` entry
/// instead of a scan of the header. Built once per message and shared by
/// all its signatures.
///
/// ```
/// use domainauth::dkim::{Canon, HeaderIndex};
/// use domainauth::mail::Message;
/// let m = Message::parse(b"Received: a\r\nFrom: x@example.com\r\nReceived: b\r\n\r\n").unwrap();
/// let index = HeaderIndex::from_message(&m);
/// assert_eq!(index.count("RECEIVED"), 2);
/// // Bottom-up, each instance once; the third "received" selects nothing.
/// let names = ["received", "from", "received", "received"].map(String::from);
/// let data = index.signed_header_data(Canon::Relaxed, &names, "DKIM-Signature", b" b=");
/// assert_eq!(data, b"received:b\r\nfrom:x@example.com\r\nreceived:a\r\ndkim-signature:b=");
/// ```
#[derive(Debug, Clone, Default)]
pub struct HeaderIndex<'m> {
    fields: Vec<(&'m str, &'m [u8])>,
    /// Lower-cased name → positions in `fields`, top to bottom; built only
    /// for a header of more than [`SCAN_FIELDS`] fields (a smaller one is
    /// scanned, which costs less than hashing its names).
    by_name: HashMap<Cow<'m, str>, Vec<usize>>,
}

/// Up to this many fields, a header is scanned for each `h=` entry rather
/// than indexed by name: at most [`super::MAX_SIGNED_HEADERS`] × 64 name
/// comparisons, each rejected on its first differing byte, and no
/// allocation or hashing per field.
const SCAN_FIELDS: usize = 64;

impl<'m> HeaderIndex<'m> {
    /// Indexes `fields` (name as written, value as after the colon with its
    /// folding), given top to bottom.
    pub fn new(fields: impl IntoIterator<Item = (&'m str, &'m [u8])>) -> Self {
        Self::with_scan_limit(fields, SCAN_FIELDS)
    }

    /// [`Self::new`], indexing by name beyond `scan_limit` fields.
    fn with_scan_limit(
        fields: impl IntoIterator<Item = (&'m str, &'m [u8])>,
        scan_limit: usize,
    ) -> Self {
        let fields: Vec<(&'m str, &'m [u8])> = fields.into_iter().collect();
        let mut by_name: HashMap<Cow<'m, str>, Vec<usize>> = HashMap::new();
        if fields.len() > scan_limit {
            for (i, (name, _)) in fields.iter().enumerate() {
                by_name.entry(lower(name)).or_default().push(i);
            }
        }
        Self { fields, by_name }
    }

    /// Indexes the header fields of `message`.
    pub fn from_message(message: &'m Message<'_>) -> Self {
        Self::new(message.fields().map(|f| (f.name, f.value)))
    }

    fn indexed(&self) -> bool {
        !self.by_name.is_empty()
    }

    /// How many fields are named `name` (case-insensitive).
    pub fn count(&self, name: &str) -> usize {
        if self.indexed() {
            return self.by_name.get(lower(name).as_ref()).map_or(0, Vec::len);
        }
        self.fields
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }

    /// The data a signature covers (RFC 6376 §3.7): for each name in
    /// `signed_names`, the last not yet used instance of that field counting
    /// from the bottom (§5.4.2; a name listed more often than it occurs adds
    /// nothing, the "null string"), canonicalized with `canon`, then the
    /// DKIM-Signature field itself — its value given with `b=` already
    /// emptied — without the final CRLF.
    ///
    /// Time is linear in the length of `signed_names` plus the bytes of the
    /// selected fields (times at most 64 name comparisons per entry on a
    /// header too small to be indexed); each field is canonicalized at most
    /// once.
    pub fn signed_header_data(
        &self,
        canon: Canon,
        signed_names: &[String],
        signature_name: &str,
        signature_value: &[u8],
    ) -> Vec<u8> {
        self.signed_data(canon, signed_names, signature_name, signature_value, false)
    }

    /// [`HeaderIndex::signed_header_data`] with bare CR and LF kept, as
    /// [`canonicalize_header_rfc`] does (for ARC).
    pub(crate) fn signed_header_data_rfc(
        &self,
        canon: Canon,
        signed_names: &[String],
        signature_name: &str,
        signature_value: &[u8],
    ) -> Vec<u8> {
        self.signed_data(canon, signed_names, signature_name, signature_value, true)
    }

    fn signed_data(
        &self,
        canon: Canon,
        signed_names: &[String],
        signature_name: &str,
        signature_value: &[u8],
        keep_bare: bool,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(1024);
        if self.indexed() {
            // Instances of each name already used by this signature.
            let mut used: HashMap<Cow<'_, str>, usize> = HashMap::new();
            for name in signed_names {
                let name = lower(name);
                let instances = self.by_name.get(name.as_ref());
                let skip = used.entry(name).or_insert(0);
                let from_bottom = instances.and_then(|v| {
                    v.len()
                        .checked_sub(*skip + 1)
                        .and_then(|k| v.get(k).copied())
                });
                if let Some(i) = from_bottom {
                    let (n, v) = self.fields[i];
                    header_into(canon, n, v, &mut out, keep_bare);
                }
                *skip += 1;
            }
        } else {
            let mut used = [false; SCAN_FIELDS];
            for name in signed_names {
                let found = (0..self.fields.len().min(SCAN_FIELDS))
                    .rev()
                    .find(|&i| !used[i] && self.fields[i].0.eq_ignore_ascii_case(name));
                if let Some(i) = found {
                    used[i] = true;
                    let (n, v) = self.fields[i];
                    header_into(canon, n, v, &mut out, keep_bare);
                }
            }
        }
        header_into(canon, signature_name, signature_value, &mut out, keep_bare);
        out.truncate(out.len() - 2);
        out
    }
}

/// `name` in ASCII lower case, borrowed when it already is.
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Streaming body canonicalizer (§3.4.3, §3.4.4).
///
/// Feed the body with [`update`](Self::update) in chunks of any size (a CRLF
/// may be split between chunks), then call [`finish`](Self::finish). Bare LF
/// line ends are read as CRLF, and [`saw_bare_lf`](Self::saw_bare_lf) says so.
///
/// ```
/// use domainauth::dkim::{BodyCanonicalizer, Canon};
/// let mut out = Vec::new();
/// let mut c = BodyCanonicalizer::new(Canon::Relaxed);
/// c.update(b" C \r\nD \t E\r\n\r\n\r", &mut |b: &[u8]| out.extend_from_slice(b));
/// c.update(b"\n", &mut |b: &[u8]| out.extend_from_slice(b));
/// c.finish(&mut |b: &[u8]| out.extend_from_slice(b));
/// assert_eq!(out, b" C\r\nD E\r\n");
/// ```
#[derive(Debug, Clone)]
pub struct BodyCanonicalizer {
    canon: Canon,
    /// Line ends seen but not yet written (they vanish if only empty lines follow).
    pending_crlfs: usize,
    /// The previous chunk ended in CR.
    cr_carry: bool,
    /// Relaxed: whitespace seen in the current line and not yet written.
    pending_wsp: bool,
    /// The current line has content written.
    line_has_content: bool,
    /// Any content was written.
    wrote_any: bool,
    bare_lf: bool,
    /// The current chunk has no tab and no double space.
    chunk_plain: bool,
    /// Whole runs of lines that are already canonical are passed on after
    /// one check (off only to test the line-by-line path against it).
    runs: bool,
}

impl BodyCanonicalizer {
    /// A canonicalizer for `canon`.
    pub fn new(canon: Canon) -> Self {
        Self {
            canon,
            pending_crlfs: 0,
            cr_carry: false,
            pending_wsp: false,
            line_has_content: false,
            wrote_any: false,
            bare_lf: false,
            chunk_plain: false,
            runs: true,
        }
    }

    /// True when a line ended in LF without CR.
    pub fn saw_bare_lf(&self) -> bool {
        self.bare_lf
    }

    fn flush_line_ends(&mut self, out: &mut Vec<u8>) {
        for _ in 0..self.pending_crlfs {
            out.extend_from_slice(b"\r\n");
        }
        self.pending_crlfs = 0;
    }

    /// Content bytes of one line (no CR/LF line end inside, bare CRs allowed).
    fn content(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        match self.canon {
            Canon::Simple => {
                self.flush_line_ends(out);
                out.extend_from_slice(bytes);
                self.line_has_content = true;
                self.wrote_any = true;
            }
            Canon::Relaxed => {
                let mut run_start = None;
                for (i, &b) in bytes.iter().enumerate() {
                    if is_wsp(b) {
                        if let Some(s) = run_start.take() {
                            out.extend_from_slice(&bytes[s..i]);
                        }
                        self.pending_wsp = true;
                    } else if run_start.is_none() {
                        if !self.line_has_content {
                            self.flush_line_ends(out);
                            self.line_has_content = true;
                            self.wrote_any = true;
                        }
                        if self.pending_wsp {
                            out.push(b' ');
                            self.pending_wsp = false;
                        }
                        run_start = Some(i);
                    }
                }
                if let Some(s) = run_start {
                    out.extend_from_slice(&bytes[s..]);
                }
            }
        }
    }

    /// A line ended: after content its CRLF is written at once (§3.4.3 and
    /// §3.4.4 drop only empty lines at the end); empty lines are held back
    /// until content follows.
    fn end_line(&mut self, out: &mut Vec<u8>) {
        if self.line_has_content {
            out.extend_from_slice(b"\r\n");
        } else {
            self.pending_crlfs += 1;
        }
        self.pending_wsp = false;
        self.line_has_content = false;
    }

    /// Canonicalizes the next chunk of the body, writing output to `sink`.
    ///
    /// Stretches of input that are already canonical (most of a usual body)
    /// go to `sink` as they are, without copying; only lines that change
    /// (runs of whitespace, tabs, trailing whitespace, bare LF) are rebuilt.
    pub fn update(&mut self, chunk: &[u8], sink: &mut dyn FnMut(&[u8])) {
        let mut emit = Emitter {
            chunk,
            run: None,
            sink,
            scratch: Vec::new(),
        };
        if chunk.is_empty() {
            return;
        }
        let mut pos = 0;
        if self.cr_carry {
            self.cr_carry = false;
            if chunk.first() == Some(&b'\n') {
                let mut out = std::mem::take(&mut emit.scratch);
                self.end_line(&mut out);
                emit.bytes(&out);
                emit.scratch = out;
                pos = 1;
            } else {
                let mut out = std::mem::take(&mut emit.scratch);
                self.content(b"\r", &mut out);
                emit.bytes(&out);
                emit.scratch = out;
            }
        }
        // At a line start, the chunk's complete lines go out as they are
        // when one pass finds nothing to rewrite in them.
        if self.runs
            && !self.line_has_content
            && !self.pending_wsp
            && let Some(last) = memchr::memrchr(b'\n', &chunk[pos..]).map(|i| pos + i)
            && !needs_rewrite(self.canon, &chunk[pos..=last])
        {
            let lines = &chunk[pos..=last];
            // Empty lines at the end are held back: they vanish if only
            // empty lines follow (§3.4.3, §3.4.4).
            let mut end = lines.len();
            let mut empty = 0;
            while end >= 2
                && lines[end - 2..end] == *b"\r\n"
                && (end == 2 || lines[end - 3] == b'\n')
            {
                end -= 2;
                empty += 1;
            }
            if end > 0 {
                self.emit_pending(&mut emit);
                emit.slice(pos..pos + end);
                self.wrote_any = true;
                self.pending_crlfs = empty;
            } else {
                self.pending_crlfs += empty;
            }
            pos = last + 1;
        }
        // One scan of the whole chunk: without tabs or double spaces, a relaxed
        // line is clean unless it ends in a space.
        self.chunk_plain = self.canon == Canon::Simple
            || (memchr::memchr(b'\t', &chunk[pos..]).is_none()
                && memchr::memmem::find(&chunk[pos..], b"  ").is_none());
        let start = pos;
        let mut line_ends = memchr::memchr_iter(b'\n', &chunk[start..]).map(move |i| i + start);
        for nl in line_ends.by_ref() {
            let (content_end, crlf) = if nl > pos && chunk[nl - 1] == b'\r' {
                (nl - 1, true)
            } else {
                (nl, false)
            };
            if !crlf {
                self.bare_lf = true;
            }
            let line = &chunk[pos..content_end];
            let continuing = self.line_has_content || self.pending_wsp;
            if !continuing && crlf && self.clean(line) {
                if self.blank(line) {
                    self.pending_crlfs += 1;
                } else {
                    self.emit_pending(&mut emit);
                    emit.slice(pos..nl + 1);
                    self.wrote_any = true;
                    self.pending_crlfs = 0;
                }
            } else {
                let mut out = std::mem::take(&mut emit.scratch);
                out.clear();
                self.content(line, &mut out);
                self.end_line(&mut out);
                emit.bytes(&out);
                emit.scratch = out;
            }
            pos = nl + 1;
        }
        // A partial line: hold back a final CR, it may start a CRLF.
        let mut rest = &chunk[pos..];
        if let Some((b'\r', head)) = rest.split_last() {
            self.cr_carry = true;
            rest = head;
        }
        if !rest.is_empty() {
            let mut out = std::mem::take(&mut emit.scratch);
            out.clear();
            self.content(rest, &mut out);
            emit.bytes(&out);
        }
        emit.flush();
    }

    /// True when `line` (not a continuation) is its own canonical form.
    fn clean(&self, line: &[u8]) -> bool {
        match self.canon {
            Canon::Simple => true,
            Canon::Relaxed => {
                !matches!(line.last(), Some(b' ' | b'\t'))
                    && (self.chunk_plain
                        || (memchr::memchr(b'\t', line).is_none()
                            && memchr::memmem::find(line, b"  ").is_none()))
            }
        }
    }

    /// True when `line` is empty after canonicalization.
    fn blank(&self, line: &[u8]) -> bool {
        match self.canon {
            Canon::Simple => line.is_empty(),
            Canon::Relaxed => line.iter().all(|&b| is_wsp(b)),
        }
    }

    /// Writes the line ends held back for empty lines, now that content follows.
    fn emit_pending(&mut self, emit: &mut Emitter<'_, '_>) {
        if self.pending_crlfs > 0 {
            let mut out = std::mem::take(&mut emit.scratch);
            out.clear();
            self.flush_line_ends(&mut out);
            emit.bytes(&out);
            emit.scratch = out;
        }
    }

    /// Ends the body: trailing empty lines are dropped and the final CRLF
    /// supplied as §3.4.3/§3.4.4 require.
    pub fn finish(&mut self, sink: &mut dyn FnMut(&[u8])) {
        let mut out = Vec::new();
        if self.cr_carry {
            self.cr_carry = false;
            self.content(b"\r", &mut out);
        }
        let unterminated = self.line_has_content;
        match self.canon {
            // "If there is no body or no trailing CRLF on the message body, a CRLF is added."
            Canon::Simple => {
                if unterminated || !self.wrote_any {
                    out.extend_from_slice(b"\r\n");
                }
            }
            // An empty body stays empty; otherwise it ends in exactly one CRLF.
            Canon::Relaxed => {
                if unterminated {
                    out.extend_from_slice(b"\r\n");
                }
            }
        }
        self.line_has_content = false;
        self.pending_crlfs = 0;
        if !out.is_empty() {
            sink(&out);
        }
    }
}

/// True when complete lines `lines` (starting at a line start, ending in
/// LF) are not their own canonical form: a bare LF, or for relaxed a tab, a
/// run of spaces or a space before CR (trailing whitespace, or a line of
/// whitespace only). Bare CRs are content either way. One branch-free pass
/// over byte pairs, which the compiler turns into vector code.
fn needs_rewrite(canon: Canon, lines: &[u8]) -> bool {
    let Some((&first, rest)) = lines.split_first() else {
        return false;
    };
    if first == b'\n' {
        return true;
    }
    let pairs = lines.iter().zip(rest);
    let bad = match canon {
        Canon::Simple => pairs.fold(0u8, |bad, (&x, &y)| {
            bad | u8::from((y == b'\n') & (x != b'\r'))
        }),
        Canon::Relaxed => pairs.fold(0u8, |bad, (&x, &y)| {
            bad | u8::from(
                (x == b'\t')
                    | ((x == b' ') & ((y == b' ') | (y == b'\r')))
                    | ((y == b'\n') & (x != b'\r')),
            )
        }),
    };
    bad != 0
}

/// Coalesces output: slices of the input chunk that follow each other are
/// written to the sink as one; other bytes are written as they come.
struct Emitter<'c, 's> {
    chunk: &'c [u8],
    run: Option<std::ops::Range<usize>>,
    sink: &'s mut dyn FnMut(&[u8]),
    scratch: Vec<u8>,
}

impl Emitter<'_, '_> {
    fn slice(&mut self, range: std::ops::Range<usize>) {
        match &mut self.run {
            Some(run) if run.end == range.start => run.end = range.end,
            _ => {
                self.flush();
                self.run = Some(range);
            }
        }
    }

    fn bytes(&mut self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.flush();
            (self.sink)(bytes);
        }
    }

    fn flush(&mut self) {
        if let Some(run) = self.run.take()
            && !run.is_empty()
        {
            (self.sink)(&self.chunk[run]);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// §5.4.2 the direct way: for each name, scan the fields from the bottom
    /// for the next unused instance (what the verifier did before the index).
    fn naive_selection(
        canon: Canon,
        names: &[String],
        fields: &[(&str, &[u8])],
        sig_value: &[u8],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut used = vec![false; fields.len()];
        for name in names {
            if let Some(i) = (0..fields.len())
                .rev()
                .find(|&i| !used[i] && fields[i].0.eq_ignore_ascii_case(name))
            {
                used[i] = true;
                canonicalize_header_into(canon, fields[i].0, fields[i].1, &mut out);
            }
        }
        canonicalize_header_into(canon, "DKIM-Signature", sig_value, &mut out);
        out.truncate(out.len() - 2);
        out
    }

    /// 120,000 fields and 240,000 `h=` entries, the shape that took 40 s
    /// when each entry rescanned the header (2.9e10 comparisons): with the
    /// index each entry is one lookup. Every name is listed twice and occurs
    /// once, so each field is selected exactly once and each second entry
    /// selects the null string.
    #[test]
    fn h_list_over_many_fields_is_linear() {
        let n = 120_000;
        let names: Vec<String> = (0..n).map(|i| format!("X-F{i}")).collect();
        let fields: Vec<(&str, &[u8])> = names.iter().map(|s| (s.as_str(), &b" v"[..])).collect();
        let index = HeaderIndex::new(fields.iter().copied());
        let h: Vec<String> = names
            .iter()
            .rev()
            .flat_map(|s| [s.to_ascii_lowercase(), s.to_ascii_lowercase()])
            .collect();
        assert_eq!(h.len(), 2 * n);
        let data = index.signed_header_data(Canon::Relaxed, &h, "DKIM-Signature", b" b=");
        let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
        assert_eq!(lines.len(), n + 1);
        assert_eq!(lines[0], b"x-f119999:v\r");
        assert_eq!(lines[n - 1], b"x-f0:v\r");
        assert_eq!(lines[n], b"dkim-signature:b=");
    }

    /// Same name several times: instances are taken from the bottom, each
    /// once, whatever the case of the name in h= or in the field.
    #[test]
    fn instances_are_taken_bottom_up_once_each() {
        let fields: [(&str, &[u8]); 4] = [
            ("Received", b" 1"),
            ("To", b" t"),
            ("RECEIVED", b" 2"),
            ("received", b" 3"),
        ];
        for scan_limit in [SCAN_FIELDS, 0] {
            let index = HeaderIndex::with_scan_limit(fields, scan_limit);
            assert_eq!(index.count("Received"), 3);
            assert_eq!(index.count("cc"), 0);
            let h = ["Received", "received", "to", "cc", "received", "received"].map(String::from);
            assert_eq!(
                index.signed_header_data(Canon::Simple, &h, "DKIM-Signature", b" b="),
                b"received: 3\r\nRECEIVED: 2\r\nTo: t\r\nReceived: 1\r\nDKIM-Signature: b="
            );
        }
    }

    /// Relaxed header canonicalization (§3.4.2) byte by byte, as the RFC
    /// states it: what the run-copying version must produce.
    fn relaxed_reference(name: &str, value: &[u8]) -> Vec<u8> {
        let mut out: Vec<u8> = name
            .trim_end_matches([' ', '\t'])
            .bytes()
            .map(|b| b.to_ascii_lowercase())
            .collect();
        out.push(b':');
        let mut pending_space = false;
        let mut started = false;
        for &b in value {
            match b {
                b'\r' | b'\n' => {}
                b' ' | b'\t' => pending_space = started,
                _ => {
                    if pending_space {
                        out.push(b' ');
                        pending_space = false;
                    }
                    out.push(b);
                    started = true;
                }
            }
        }
        out.extend_from_slice(b"\r\n");
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

        /// Relaxed header canonicalization gives what the RFC's byte-by-byte
        /// statement of it gives.
        #[test]
        fn relaxed_header_matches_the_reference(
            name in "[A-Za-z-]{1,8}[ \t]{0,2}",
            value in prop::collection::vec(prop::sample::select(b" \t\r\nab:;=\x80".to_vec()), 0..40),
        ) {
            prop_assert_eq!(
                canonicalize_header(Canon::Relaxed, &name, &value),
                relaxed_reference(&name, &value)
            );
        }

        /// The index selects exactly what the direct §5.4.2 scan selects.
        #[test]
        fn index_selects_what_the_direct_scan_selects(
            field_names in prop::collection::vec("[aAbBc]{1,2}", 0..30),
            h in prop::collection::vec("[abc]{1,2}", 0..40),
            relaxed in any::<bool>(),
        ) {
            let canon = if relaxed { Canon::Relaxed } else { Canon::Simple };
            let values: Vec<Vec<u8>> = (0..field_names.len()).map(|i| format!(" v{i}").into_bytes()).collect();
            let fields: Vec<(&str, &[u8])> = field_names
                .iter()
                .zip(&values)
                .map(|(n, v)| (n.as_str(), v.as_slice()))
                .collect();
            let expected = naive_selection(canon, &h, &fields, b" b=");
            // Scanned (small header) and indexed by name (as a large one is).
            for scan_limit in [SCAN_FIELDS, 0] {
                let index = HeaderIndex::with_scan_limit(fields.iter().copied(), scan_limit);
                prop_assert_eq!(
                    index.signed_header_data(canon, &h, "DKIM-Signature", b" b="),
                    expected.clone()
                );
                let distinct = field_names.iter().map(|n| n.to_ascii_lowercase()).collect::<std::collections::HashSet<_>>();
                for name in distinct {
                    let count = field_names.iter().filter(|n| n.eq_ignore_ascii_case(&name)).count();
                    prop_assert_eq!(index.count(&name), count);
                }
            }
        }
    }

    fn canon_body(canon: Canon, chunks: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut c = BodyCanonicalizer::new(canon);
        for chunk in chunks {
            c.update(chunk, &mut |b: &[u8]| out.extend_from_slice(b));
        }
        c.finish(&mut |b: &[u8]| out.extend_from_slice(b));
        out
    }

    /// RFC 6376 §3.4.5 examples.
    #[test]
    fn rfc6376_section_3_4_5() {
        let headers: [(&str, &[u8]); 2] = [("A", b" X\r\n"), ("B ", b" Y\t\r\n\tZ  \r\n")];
        let relaxed: Vec<u8> = headers
            .iter()
            .flat_map(|(n, v)| canonicalize_header(Canon::Relaxed, n, &v[..v.len() - 2]))
            .collect();
        assert_eq!(relaxed, b"a:X\r\nb:Y Z\r\n");
        let simple: Vec<u8> = headers
            .iter()
            .flat_map(|(n, v)| canonicalize_header(Canon::Simple, n, &v[..v.len() - 2]))
            .collect();
        assert_eq!(simple, b"A: X\r\nB : Y\t\r\n\tZ  \r\n");
        let body: &[u8] = b" C \r\nD \t E\r\n\r\n\r\n";
        assert_eq!(canon_body(Canon::Relaxed, &[body]), b" C\r\nD E\r\n");
        assert_eq!(canon_body(Canon::Simple, &[body]), b" C \r\nD \t E\r\n");
    }

    #[test]
    fn empty_and_blank_bodies() {
        assert_eq!(canon_body(Canon::Simple, &[]), b"\r\n");
        assert_eq!(canon_body(Canon::Relaxed, &[]), b"");
        assert_eq!(canon_body(Canon::Simple, &[b"\r\n\r\n\r\n"]), b"\r\n");
        assert_eq!(canon_body(Canon::Relaxed, &[b"\r\n  \r\n\t\r\n"]), b"");
        assert_eq!(
            canon_body(Canon::Simple, &[b"no final crlf"]),
            b"no final crlf\r\n"
        );
        assert_eq!(canon_body(Canon::Relaxed, &[b"x  "]), b"x\r\n");
    }

    #[test]
    fn chunk_boundaries_do_not_matter() {
        let body: &[u8] = b"line one \t\r\n\r\nline  two\r\n \r\n\r\nend\r\r\n\r\n";
        for canon in [Canon::Simple, Canon::Relaxed] {
            let whole = canon_body(canon, &[body]);
            for split in 0..=body.len() {
                let (a, b) = body.split_at(split);
                assert_eq!(
                    canon_body(canon, &[a, b]),
                    whole,
                    "{canon:?} split at {split}"
                );
            }
            let bytes: Vec<&[u8]> = body.chunks(1).collect();
            assert_eq!(canon_body(canon, &bytes), whole);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Passing runs of canonical lines on whole gives what the line-by-line
        /// path gives, for any body cut into any chunks.
        #[test]
        fn runs_give_what_lines_give(
            lines in prop::collection::vec(
                (
                    prop::sample::select(vec!["ab", " a", "a b", "", "", "a  b", "a\t", "a ", "\r", "b\rb", " "]),
                    prop::sample::select(vec!["\r\n", "\r\n", "\r\n", "\r\n", "\n", ""]),
                ),
                0..12,
            ),
            cuts in prop::collection::vec(0usize..80, 0..4),
            relaxed in any::<bool>(),
        ) {
            let body: Vec<u8> = lines.iter().flat_map(|(l, e)| [l.as_bytes(), e.as_bytes()].concat()).collect();
            let canon = if relaxed { Canon::Relaxed } else { Canon::Simple };
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(body.len())).collect();
            cuts.sort_unstable();
            let run = |runs: bool| {
                let mut c = BodyCanonicalizer::new(canon);
                c.runs = runs;
                let mut out = Vec::new();
                let mut start = 0;
                for &cut in cuts.iter().chain([&body.len()]) {
                    c.update(&body[start..cut], &mut |b: &[u8]| out.extend_from_slice(b));
                    start = cut;
                }
                c.finish(&mut |b: &[u8]| out.extend_from_slice(b));
                (out, c.saw_bare_lf())
            };
            prop_assert_eq!(run(true), run(false));
        }
    }

    #[test]
    fn bare_lf_is_read_as_crlf_and_reported() {
        let mut c = BodyCanonicalizer::new(Canon::Simple);
        let mut out = Vec::new();
        c.update(b"a\nb\n", &mut |b: &[u8]| out.extend_from_slice(b));
        c.finish(&mut |b: &[u8]| out.extend_from_slice(b));
        assert_eq!(out, b"a\r\nb\r\n");
        assert!(c.saw_bare_lf());
    }
}
