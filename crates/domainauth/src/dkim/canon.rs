//! Canonicalization (RFC 6376 §3.4), usable on its own.
//!
//! Header fields are canonicalized one at a time ([`canonicalize_header`]);
//! the body is canonicalized as a stream ([`BodyCanonicalizer`]), so a body
//! arriving in chunks — as a milter receives it — needs no buffering beyond
//! one pending run of empty lines.

use super::signature::Canon;

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
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
        }
    }
    out.extend_from_slice(b"\r\n");
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
        }
    }

    /// True when a line ended in LF without CR.
    pub fn saw_bare_lf(&self) -> bool {
        self.bare_lf
    }

    fn flush_line_ends(&mut self, sink: &mut dyn FnMut(&[u8])) {
        for _ in 0..self.pending_crlfs {
            sink(b"\r\n");
        }
        self.pending_crlfs = 0;
    }

    /// Content bytes of one line (no CR/LF line end inside, bare CRs allowed).
    fn content(&mut self, bytes: &[u8], sink: &mut dyn FnMut(&[u8])) {
        if bytes.is_empty() {
            return;
        }
        match self.canon {
            Canon::Simple => {
                self.flush_line_ends(sink);
                sink(bytes);
                self.line_has_content = true;
                self.wrote_any = true;
            }
            Canon::Relaxed => {
                let mut run_start = None;
                for (i, &b) in bytes.iter().enumerate() {
                    if is_wsp(b) {
                        if let Some(s) = run_start.take() {
                            sink(&bytes[s..i]);
                        }
                        self.pending_wsp = true;
                    } else if run_start.is_none() {
                        if !self.line_has_content {
                            self.flush_line_ends(sink);
                            self.line_has_content = true;
                            self.wrote_any = true;
                        }
                        if self.pending_wsp {
                            sink(b" ");
                            self.pending_wsp = false;
                        }
                        run_start = Some(i);
                    }
                }
                if let Some(s) = run_start {
                    sink(&bytes[s..]);
                }
            }
        }
    }

    fn line_end(&mut self) {
        self.pending_crlfs += 1;
        self.pending_wsp = false;
        self.line_has_content = false;
    }

    /// Canonicalizes the next chunk of the body, writing output to `sink`.
    pub fn update(&mut self, mut chunk: &[u8], sink: &mut dyn FnMut(&[u8])) {
        if self.cr_carry {
            self.cr_carry = false;
            if chunk.first() == Some(&b'\n') {
                self.line_end();
                chunk = &chunk[1..];
            } else {
                self.content(b"\r", sink);
            }
        }
        while let Some(nl) = chunk.iter().position(|&b| b == b'\n') {
            let line = &chunk[..nl];
            let content = match line.split_last() {
                Some((b'\r', rest)) => rest,
                _ => {
                    self.bare_lf = true;
                    line
                }
            };
            self.content(content, sink);
            self.line_end();
            chunk = &chunk[nl + 1..];
        }
        // A partial line: hold back a final CR, it may start a CRLF.
        let content = match chunk.split_last() {
            Some((b'\r', rest)) => {
                self.cr_carry = true;
                rest
            }
            _ => chunk,
        };
        self.content(content, sink);
    }

    /// Ends the body: trailing empty lines are dropped and the final CRLF
    /// supplied as §3.4.3/§3.4.4 require.
    pub fn finish(&mut self, sink: &mut dyn FnMut(&[u8])) {
        if self.cr_carry {
            self.cr_carry = false;
            self.content(b"\r", sink);
        }
        match self.canon {
            // "If there is no body or no trailing CRLF on the message body, a CRLF is added."
            Canon::Simple => sink(b"\r\n"),
            // An empty body stays empty; otherwise it ends in exactly one CRLF.
            Canon::Relaxed => {
                if self.wrote_any {
                    sink(b"\r\n");
                }
            }
        }
        self.pending_crlfs = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
