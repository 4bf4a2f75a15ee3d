//! Messages as bytes: the header fields with their raw text (for DKIM and
//! ARC, which sign the exact bytes) and where the body starts (RFC 5322 §2.1).

mod from;
mod preamble;
pub mod received;

use std::ops::Range;

pub use from::{
    AddressListError, Author, FromProblem, FromSyntax, IdnDomain, MAX_AUTHOR_DOMAINS,
    UnusableDomain, address_domain, addresses, author, parse_address_list,
};
pub use preamble::{MAX_PREAMBLE_BYTES, MAX_PREAMBLE_LINES, Preamble};

/// Appends `value` as an RFC 5322 §3.2.4 quoted-string: control
/// characters written as visible escapes by
/// [`escape_controls`](crate::escape::escape_controls) (they cannot appear
/// in a field, and CR LF would end it), then `"` and `\` quoted.
pub(crate) fn push_quoted_string(out: &mut String, value: &str) {
    out.push('"');
    for c in crate::escape::escape_controls(value).chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// The largest header block accepted (all header fields together); larger
/// is an error ([`MailError::HeaderTooLarge`]).
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// The most header fields a message may have; more is an error
/// ([`MailError::TooManyFields`]).
///
/// RFC 5322 §3.6 sets no number, but loops end long before: RFC 5321 §6.3
/// asks for a rejection threshold of at least 100 Received fields, and
/// Postfix (`hopcount_limit` 50), Exim (`received_headers_max` 30) and
/// Sendmail (`MaxHopCount` 25) bounce well below it. Add an ARC set per hop
/// (three fields, at most 50 instances, RFC 8617 §4.2.1), trace and
/// list fields, and real mail stays under 400; 1000 leaves room while
/// keeping every per-field step of the verifiers bounded.
pub const MAX_HEADER_FIELDS: usize = 1000;

/// The most malformed header lines recorded in [`Message::problems`]; the
/// others are only counted ([`Message::ignored_lines`]), so a header of junk
/// lines cannot make a report grow without bound.
pub const MAX_HEADER_PROBLEMS: usize = 16;

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MailError {
    /// The header block is larger than [`MAX_HEADER_BYTES`].
    #[error("the header block is larger than {limit} bytes, the most a message's header may hold")]
    HeaderTooLarge {
        /// The limit.
        limit: usize,
    },
    /// More header fields than [`MAX_HEADER_FIELDS`] (or the limit given to
    /// [`Message::parse_with_limit`]); the rest of the header is not read.
    #[error("the header has more than {limit} fields, the most a message may have")]
    TooManyFields {
        /// The limit.
        limit: usize,
    },
    /// No header fields at all.
    #[error("the message has no header fields")]
    NoHeader,
}

/// What is wrong with a header line that is not part of any field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HeaderProblemKind {
    /// The line has no colon: it is neither `name: value` nor a
    /// continuation (RFC 5322 §2.2).
    NoColon,
    /// The text before the colon is not a field name: empty, or holding a
    /// space, a control or an 8-bit byte (RFC 5322 §3.6.8 `ftext`, printable
    /// US-ASCII except colon; whitespace before the colon is allowed as in
    /// §4.5.8 `obs-optional`).
    BadName,
    /// A line starting with whitespace, which continues a field, before the
    /// first field (RFC 5322 §2.2.3).
    ContinuationFirst,
}

impl std::fmt::Display for HeaderProblemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NoColon => "has no ':' after a field name",
            Self::BadName => "has an invalid field name",
            Self::ContinuationFirst => "continues no field",
        })
    }
}

/// A header line that is not a header field; it was ignored, together with
/// the continuation lines that follow it.
///
/// Such a line is ignored rather than joined to the field above: joining
/// would change that field's value (a From could gain an address) and make
/// it folded in a way RFC 5322 §2.2.3 does not allow, and ignoring keeps
/// every field byte for byte as written, which is what DKIM signs. It is
/// what mail-auth does too; dkimpy refuses the message, Postfix and Exim
/// end the header there and take the rest as body. Taking the rest as body
/// would hide fields below the line (a second From, the DKIM-Signature)
/// from the evaluation; ignoring the line keeps them visible, and a
/// signature whose signer ended the header there fails its body hash
/// instead of passing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("header line {line} {kind}; it was ignored")]
#[non_exhaustive]
pub struct HeaderProblem {
    /// 1-based line number in the input (the lines of a skipped
    /// [`Preamble`] count).
    pub line: usize,
    /// What is wrong.
    pub kind: HeaderProblemKind,
}

/// True when the text before the first colon of `line` is `From` (any
/// case) once everything but ASCII letters is removed.
fn reads_as_from(line: &[u8]) -> bool {
    let Some(colon) = memchr::memchr(b':', line) else {
        return false;
    };
    let mut letters = line[..colon].iter().filter(|b| b.is_ascii_alphabetic());
    let mut word = [0u8; 4];
    for slot in &mut word {
        match letters.next() {
            Some(b) => *slot = b.to_ascii_lowercase(),
            None => return false,
        }
    }
    letters.next().is_none() && &word == b"from"
}

/// True when, after a character some readers take as a line end (a CR not
/// followed by LF, VT, FF, NEL, U+2028, U+2029), the text reads as a From
/// field. One pass: each piece between separators is read once.
fn hides_from_after_separator(line: &[u8]) -> bool {
    let mut piece_start = None;
    let mut i = 0;
    while i < line.len() {
        let separator = match line[i] {
            b'\r' if line.get(i + 1) != Some(&b'\n') => 1,
            0x0b | 0x0c => 1,
            0xc2 if line.get(i + 1) == Some(&0x85) => 2,
            0xe2 if line.get(i + 1) == Some(&0x80)
                && matches!(line.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                3
            }
            _ => 0,
        };
        if separator > 0 {
            if let Some(s) = piece_start
                && reads_as_from(&line[s..i])
            {
                return true;
            }
            i += separator;
            piece_start = Some(i);
        } else {
            i += 1;
        }
    }
    piece_start.is_some_and(|s| reads_as_from(&line[s..]))
}

/// A message split into header fields and body. Line ends in the header are
/// normalised to CRLF; [`Message::bare_lf`] says whether that was needed.
/// Header lines that are not fields are ignored and recorded
/// ([`Message::problems`]).
#[derive(Debug, Clone)]
pub struct Message<'a> {
    header: Vec<u8>,
    fields: Vec<(Range<usize>, Range<usize>)>,
    body: &'a [u8],
    bare_lf: bool,
    missing_separator: bool,
    problems: Vec<HeaderProblem>,
    ignored_lines: usize,
    hidden_from: Option<usize>,
    unreadable: Option<MailError>,
    preamble: Option<Preamble>,
}

/// One header field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderField<'m> {
    /// The name as written (no trailing whitespace).
    pub name: &'m str,
    /// What follows the colon, with folding, without the final CRLF.
    pub value: &'m [u8],
}

impl HeaderField<'_> {
    /// The value unfolded, trimmed and decoded lossily as UTF-8.
    pub fn text(&self) -> String {
        let raw = String::from_utf8_lossy(self.value);
        raw.replace("\r\n", "").trim().to_string()
    }
}

/// Where the header ends and the body starts (RFC 5322 §2.1: at the
/// first empty line), within [`MAX_HEADER_BYTES`].
struct HeaderSplit {
    header_end: usize,
    body_start: usize,
    /// No empty line: the whole input is header.
    missing_separator: bool,
}

fn split_header(raw: &[u8]) -> Result<HeaderSplit, MailError> {
    let too_large = MailError::HeaderTooLarge {
        limit: MAX_HEADER_BYTES,
    };
    let mut pos = 0;
    while pos < raw.len() {
        let line_end = memchr::memchr(b'\n', &raw[pos..]).map_or(raw.len(), |i| pos + i + 1);
        let line = &raw[pos..line_end];
        if line == b"\r\n" || line == b"\n" {
            return Ok(HeaderSplit {
                header_end: pos,
                body_start: line_end,
                missing_separator: false,
            });
        }
        pos = line_end;
        if pos > MAX_HEADER_BYTES {
            return Err(too_large);
        }
    }
    Ok(HeaderSplit {
        header_end: raw.len(),
        body_start: raw.len(),
        missing_separator: true,
    })
}

/// The header block with every line ending in CRLF (a bare LF becomes
/// CRLF, and a last line without one gets it), and whether any bare LF
/// was seen.
fn with_crlf(block: &[u8]) -> (Vec<u8>, bool) {
    let mut bare_lf = false;
    let mut header = Vec::with_capacity(block.len() + 16);
    let mut copied = 0;
    for i in memchr::memchr_iter(b'\n', block) {
        if i == 0 || block[i - 1] != b'\r' {
            header.extend_from_slice(&block[copied..i]);
            header.extend_from_slice(b"\r\n");
            copied = i + 1;
            bare_lf = true;
        }
    }
    header.extend_from_slice(&block[copied..]);
    if !header.is_empty() && !header.ends_with(b"\r\n") {
        header.extend_from_slice(b"\r\n");
    }
    (header, bare_lf)
}

/// The header fields of a CRLF header block, and the lines that are none.
/// A line starting with WSP continues the previous field, or the previous
/// ignored line (RFC 5322 §2.2.3).
#[derive(Default)]
struct FieldLines {
    /// Name and value ranges of each field in the block.
    fields: Vec<(Range<usize>, Range<usize>)>,
    /// The first [`MAX_HEADER_PROBLEMS`] lines that are not fields.
    problems: Vec<HeaderProblem>,
    ignored_lines: usize,
    /// The line of an ignored line, or a line a reader may split, that
    /// reads as a From field.
    hidden_from: Option<usize>,
    /// The last line was ignored, so its continuations are too.
    ignoring: bool,
    /// The header holds a character some readers take as a line end, so
    /// lines are looked at for a From field after one.
    has_separators: bool,
}

/// True when the CRLF block `header` (every LF after a CR, as [`with_crlf`]
/// makes it) holds a character [`hides_from_after_separator`] looks for: a
/// CR not followed by LF (then there are more CRs than LFs), VT, FF, or the
/// first byte of NEL, U+2028 or U+2029. A few vector scans of the whole
/// header instead of a byte loop over each line.
fn has_line_separators(header: &[u8]) -> bool {
    memchr::memchr3(0x0b, 0x0c, 0xc2, header).is_some()
        || memchr::memchr(0xe2, header).is_some()
        || memchr::memchr_iter(b'\r', header).count() != memchr::memchr_iter(b'\n', header).count()
}

impl FieldLines {
    fn read(header: &[u8], first_line: usize, max_fields: usize) -> Result<Self, MailError> {
        let mut lines = Self {
            has_separators: has_line_separators(header),
            ..Self::default()
        };
        let mut start = 0;
        let mut line_no = first_line;
        while start < header.len() {
            line_no += 1;
            let end =
                memchr::memchr(b'\n', &header[start..]).map_or(header.len(), |i| start + i + 1);
            lines.line(header, start..end, line_no, max_fields)?;
            start = end;
        }
        Ok(lines)
    }

    fn line(
        &mut self,
        header: &[u8],
        span: Range<usize>,
        line_no: usize,
        max_fields: usize,
    ) -> Result<(), MailError> {
        let line = &header[span.clone()];
        let content_end = if line.ends_with(b"\r\n") {
            span.end - 2
        } else {
            span.end
        };
        // Some readers end a line at a bare CR, a form feed or a Unicode
        // line separator: a From after one is hidden in this line.
        if self.has_separators && self.hidden_from.is_none() && hides_from_after_separator(line) {
            self.hidden_from = Some(line_no);
        }
        let problem = if matches!(line.first(), Some(b' ' | b'\t')) {
            self.continuation(line, line_no, content_end)
        } else {
            self.field(line, span.start, content_end, max_fields)?
        };
        if let Some(kind) = problem {
            self.ignoring = true;
            self.ignored_lines += 1;
            if self.hidden_from.is_none() && reads_as_from(line) {
                self.hidden_from = Some(line_no);
            }
            if self.problems.len() < MAX_HEADER_PROBLEMS {
                self.problems.push(HeaderProblem {
                    line: line_no,
                    kind,
                });
            }
        }
        Ok(())
    }

    /// A folded line: the rest of the last field's value, or of the last
    /// ignored line.
    fn continuation(
        &mut self,
        line: &[u8],
        line_no: usize,
        content_end: usize,
    ) -> Option<HeaderProblemKind> {
        match self.fields.last_mut() {
            _ if self.ignoring => {
                // Part of an ignored line, but it may still read as a From
                // field to someone.
                if self.hidden_from.is_none() && reads_as_from(line) {
                    self.hidden_from = Some(line_no);
                }
                None
            }
            Some((_, value)) => {
                value.end = content_end;
                None
            }
            None => Some(HeaderProblemKind::ContinuationFirst),
        }
    }

    /// A line that starts a field (RFC 5322 §2.2: name, colon, value), or
    /// why it does not.
    fn field(
        &mut self,
        line: &[u8],
        start: usize,
        content_end: usize,
        max_fields: usize,
    ) -> Result<Option<HeaderProblemKind>, MailError> {
        let Some(colon) = memchr::memchr(b':', line) else {
            return Ok(Some(HeaderProblemKind::NoColon));
        };
        let name = &line[..colon];
        let name_len = name
            .iter()
            .rposition(|&b| b != b' ' && b != b'\t')
            .map_or(0, |p| p + 1);
        if !is_field_name(&name[..name_len]) {
            return Ok(Some(HeaderProblemKind::BadName));
        }
        if self.fields.len() == max_fields {
            return Err(MailError::TooManyFields { limit: max_fields });
        }
        self.fields
            .push((start..start + name_len, start + colon + 1..content_end));
        self.ignoring = false;
        Ok(None)
    }
}

/// A field name: printable US-ASCII except colon (RFC 5322 §3.6.8).
fn is_field_name(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b) && b != b':')
}

impl<'a> Message<'a> {
    /// Splits `raw` into header fields and body.
    ///
    /// A header line that is not a field (no colon, an invalid name, a
    /// continuation before the first field) does not fail the message: it
    /// is ignored with its continuation lines and recorded in
    /// [`Message::problems`] (see [`HeaderProblem`] for why). Only limits on
    /// the whole header ([`MAX_HEADER_BYTES`], [`MAX_HEADER_FIELDS`]) and a
    /// header without any field are errors. Time is linear in the size of
    /// the header.
    ///
    /// ```
    /// use domainauth::mail::{HeaderProblemKind, Message};
    /// let m = Message::parse(b"From: a@example.com\r\nSubject: hi\r\n there\r\n\r\nbody\r\n").unwrap();
    /// assert_eq!(m.fields().count(), 2);
    /// assert_eq!(m.get("subject").unwrap().text(), "hi there");
    /// assert_eq!(m.body(), b"body\r\n");
    ///
    /// let m = Message::parse(b"From: a@example.com\r\nnot a field\r\nTo: b@example.com\r\n\r\n").unwrap();
    /// assert_eq!(m.fields().count(), 2);
    /// assert_eq!(m.problems()[0].line, 2);
    /// assert_eq!(m.problems()[0].kind, HeaderProblemKind::NoColon);
    /// ```
    pub fn parse(raw: &'a [u8]) -> Result<Self, MailError> {
        Self::parse_with_limit(raw, MAX_HEADER_FIELDS)
    }

    /// [`Message::parse`] with another cap than [`MAX_HEADER_FIELDS`] on the
    /// number of fields (for a deployment that must accept more, and to
    /// measure the parser itself).
    pub fn parse_with_limit(raw: &'a [u8], max_fields: usize) -> Result<Self, MailError> {
        // Text pasted above the header (a web mail page's summary) is skipped.
        let preamble = preamble::find(raw);
        let (raw, first_line) = match &preamble {
            Some((start, p)) => (&raw[*start..], p.lines),
            None => (raw, 0),
        };
        let preamble = preamble.map(|(_, p)| p);
        let split = split_header(raw)?;
        let (header, bare_lf) = with_crlf(&raw[..split.header_end]);
        let lines = FieldLines::read(&header, first_line, max_fields)?;
        if lines.fields.is_empty() {
            return Err(MailError::NoHeader);
        }
        Ok(Self {
            header,
            fields: lines.fields,
            body: &raw[split.body_start.min(raw.len())..],
            bare_lf,
            missing_separator: split.missing_separator,
            problems: lines.problems,
            ignored_lines: lines.ignored_lines,
            hidden_from: lines.hidden_from,
            unreadable: None,
            preamble,
        })
    }

    /// Splits `raw` like [`Message::parse`], and never fails: input whose
    /// header cannot be read (over [`MAX_HEADER_BYTES`] or
    /// [`MAX_HEADER_FIELDS`], or no field at all) becomes a message without
    /// header fields, the whole input its body, with the reason kept in
    /// [`Message::unreadable`]. This is what a verifier wants: a header over
    /// a limit still gets a verdict (no From field: DMARC `permerror` with
    /// the local policy) instead of none, which a caller might take as leave
    /// to deliver the mail unchecked.
    ///
    /// ```
    /// use domainauth::mail::{MAX_HEADER_FIELDS, Message};
    /// let raw = "X-A: 1\r\n".repeat(MAX_HEADER_FIELDS + 1) + "From: a@b.example\r\n\r\nbody";
    /// let m = Message::read(raw.as_bytes());
    /// assert!(m.unreadable().is_some());
    /// assert_eq!(m.fields().count(), 0);
    /// ```
    pub fn read(raw: &'a [u8]) -> Self {
        Self::parse(raw).unwrap_or_else(|error| Self {
            header: Vec::new(),
            fields: Vec::new(),
            body: raw,
            bare_lf: false,
            missing_separator: false,
            problems: Vec::new(),
            ignored_lines: 0,
            hidden_from: None,
            unreadable: Some(error),
            preamble: None,
        })
    }

    /// The first ignored header line that reads as a From field once the
    /// bytes that broke it are removed (`\u{feff}From:`, `From\0:`,
    /// ` From:` before the first field). A receiver or mail client may read
    /// such a line as the author, so DMARC counts it as a From problem.
    pub fn hidden_from_line(&self) -> Option<usize> {
        self.hidden_from
    }

    /// The text above the header that was skipped because it is not part
    /// of the message: the summary a web mail page shows above the source,
    /// such as Gmail's "Show original" (see [`Preamble`] for the rule).
    /// Line numbers ([`Message::problems`], [`Message::hidden_from_line`])
    /// count its lines.
    ///
    /// ```
    /// use domainauth::mail::Message;
    /// let raw = "Original message\nFrom:\tA <a@example.com>\nDownload original\n\
    ///            Received: by mx.example\nFrom: A <a@example.com>\n\nbody\n";
    /// let m = Message::parse(raw.as_bytes()).unwrap();
    /// assert_eq!(m.preamble().map(|p| p.lines), Some(3));
    /// assert_eq!(m.get_all("from").count(), 1);
    /// assert_eq!(m.fields().next().unwrap().name, "Received");
    /// ```
    pub fn preamble(&self) -> Option<&Preamble> {
        self.preamble.as_ref()
    }

    /// Why the header could not be read, for a message made by
    /// [`Message::read`] from such input.
    pub fn unreadable(&self) -> Option<&MailError> {
        self.unreadable.as_ref()
    }

    /// The header lines that are not fields and were ignored, top to bottom
    /// (at most [`MAX_HEADER_PROBLEMS`]; [`Message::ignored_lines`] counts
    /// them all). Continuation lines of an ignored line are not listed.
    pub fn problems(&self) -> &[HeaderProblem] {
        &self.problems
    }

    /// How many header lines that are not fields were ignored (each with its
    /// continuation lines), recorded in [`Message::problems`] or not.
    pub fn ignored_lines(&self) -> usize {
        self.ignored_lines
    }

    /// The header fields in order, top to bottom.
    pub fn fields(&self) -> impl DoubleEndedIterator<Item = HeaderField<'_>> + '_ {
        self.fields.iter().map(|(n, v)| HeaderField {
            name: std::str::from_utf8(&self.header[n.clone()]).unwrap_or(""),
            value: &self.header[v.clone()],
        })
    }

    /// The first field named `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<HeaderField<'_>> {
        self.fields().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// Every field named `name`, top to bottom.
    pub fn get_all<'s>(
        &'s self,
        name: &'s str,
    ) -> impl DoubleEndedIterator<Item = HeaderField<'s>> + 's {
        self.fields()
            .filter(move |f| f.name.eq_ignore_ascii_case(name))
    }

    /// The body as given (line ends untouched).
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// True when header lines ended in LF without CR (read as CRLF).
    pub fn bare_lf(&self) -> bool {
        self.bare_lf
    }

    /// The domain of the first address in the first From field (lower case),
    /// for naming the author domain in diagnoses.
    ///
    /// ```
    /// use domainauth::mail::Message;
    /// let m = Message::parse(b"From: \"Shop\" <News@Shop.Example>\r\n\r\n").unwrap();
    /// assert_eq!(m.from_domain().as_deref(), Some("shop.example"));
    /// ```
    pub fn from_domain(&self) -> Option<String> {
        let text = self.get("from")?.text();
        let addr = match (text.rfind('<'), text.rfind('>')) {
            (Some(open), Some(close)) if open < close => &text[open + 1..close],
            _ => text.split([',', ' ']).find(|p| p.contains('@'))?,
        };
        let domain = addr.rsplit_once('@')?.1.trim().trim_end_matches('.');
        (!domain.is_empty()).then(|| domain.to_ascii_lowercase())
    }

    /// True when no empty line separated header and body (all was header).
    pub fn missing_separator(&self) -> bool {
        self.missing_separator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_only_and_folding() {
        let m = Message::parse(b"From: a@b.example\nSubject: x\n\ty\n\nbody\n").unwrap();
        assert!(m.bare_lf());
        assert_eq!(m.get("SUBJECT").unwrap().value, b" x\r\n\ty");
        assert_eq!(m.body(), b"body\n");
    }

    #[test]
    fn errors_and_edges() {
        assert_eq!(
            Message::parse(b"\r\nbody").unwrap_err(),
            MailError::NoHeader
        );
        // Nothing but lines that are not fields: no header.
        assert_eq!(
            Message::parse(b"no colon here\r\n\r\n").unwrap_err(),
            MailError::NoHeader
        );
        let m = Message::parse(b"From: a@b.example\r\n").unwrap();
        assert!(m.missing_separator());
        assert_eq!(m.body(), b"");
        assert!(m.problems().is_empty());
        let big = vec![b'a'; MAX_HEADER_BYTES + 10];
        assert!(matches!(
            Message::parse(&big),
            Err(MailError::HeaderTooLarge { .. })
        ));
    }

    /// RFC 5322 §2.2: a field is `name: value`; these lines are none, and
    /// each is ignored, with the line it is on and why.
    #[test]
    fn malformed_header_line_keeps_message() {
        let raw = b"X Bad: 1\r\n\tcontinued\r\nFrom: a@b.example\r\nno colon\r\n more\r\n: empty name\r\nSubject: s\r\n\r\nbody";
        let m = Message::parse(raw).unwrap();
        let names: Vec<&str> = m.fields().map(|f| f.name).collect();
        assert_eq!(names, ["From", "Subject"]);
        // The continuation of an ignored line is ignored with it, not added to From.
        assert_eq!(m.get("from").unwrap().value, b" a@b.example");
        assert_eq!(
            m.problems(),
            [
                HeaderProblem {
                    line: 1,
                    kind: HeaderProblemKind::BadName
                },
                HeaderProblem {
                    line: 4,
                    kind: HeaderProblemKind::NoColon
                },
                HeaderProblem {
                    line: 6,
                    kind: HeaderProblemKind::BadName
                },
            ]
        );
        assert_eq!(m.ignored_lines(), 3);
        assert_eq!(m.body(), b"body");
        assert_eq!(
            m.problems()[1].to_string(),
            "header line 4 has no ':' after a field name; it was ignored"
        );

        let m = Message::parse(b" continuation first\r\nFrom: a@b.example\r\n\r\n").unwrap();
        assert_eq!(
            m.problems(),
            [HeaderProblem {
                line: 1,
                kind: HeaderProblemKind::ContinuationFirst
            }]
        );
        // An mbox separator line is not a field either (dkimpy skips it too).
        let m = Message::parse(b"From a@b.example Mon Jan  1 00:00:00 2024\nFrom: a@b.example\n\n")
            .unwrap();
        assert_eq!(m.fields().count(), 1);
        assert_eq!(m.problems()[0].kind, HeaderProblemKind::BadName);
        // Whitespace before the colon is obs-optional syntax (§4.5.8), a field.
        let m = Message::parse(b"Subject  : x\r\n\r\n").unwrap();
        assert_eq!(m.get("subject").unwrap().value, b" x");
        assert!(m.problems().is_empty());
    }

    #[test]
    fn problems_recorded_are_capped_and_counted() {
        let mut raw = b"From: a@b.example\r\n".to_vec();
        for _ in 0..1000 {
            raw.extend_from_slice(b"junk\r\n");
        }
        let m = Message::parse(&raw).unwrap();
        assert_eq!(m.problems().len(), MAX_HEADER_PROBLEMS);
        assert_eq!(m.ignored_lines(), 1000);
        assert_eq!(
            m.problems()[MAX_HEADER_PROBLEMS - 1].line,
            MAX_HEADER_PROBLEMS + 1
        );
    }

    #[test]
    fn field_count_cap_names_itself() {
        let field = b"X-A: 1\r\n";
        let at_cap: Vec<u8> = field.repeat(MAX_HEADER_FIELDS);
        assert_eq!(
            Message::parse(&at_cap).unwrap().fields().count(),
            MAX_HEADER_FIELDS
        );
        let over: Vec<u8> = field.repeat(MAX_HEADER_FIELDS + 1);
        let e = Message::parse(&over).unwrap_err();
        assert_eq!(
            e,
            MailError::TooManyFields {
                limit: MAX_HEADER_FIELDS
            }
        );
        assert!(
            e.to_string()
                .contains("more than 1000 fields, the most a message may have"),
            "{e}"
        );
        assert_eq!(
            Message::parse_with_limit(&over, MAX_HEADER_FIELDS + 1)
                .unwrap()
                .fields()
                .count(),
            MAX_HEADER_FIELDS + 1
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn parse_never_panics(raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            if let Ok(m) = Message::parse(&raw) {
                for f in m.fields() {
                    proptest::prop_assert!(!f.name.is_empty());
                }
                proptest::prop_assert!(m.problems().len() <= m.ignored_lines());
            }
        }

        /// A junk line anywhere in a valid header hides no field and changes
        /// no field's bytes.
        #[test]
        fn one_junk_line_keeps_the_other_fields(
            values in proptest::collection::vec("[ -~]{0,20}", 1..8),
            at in 0usize..8,
            junk in "[!-~&&[^:]][ -~&&[^:]]{0,20}|[!-~&&[^:]]+ [!-~&&[^:]]+:[ -~]{0,5}|:[ -~]{0,5}|[!-9;-~]*[\\x00-\\x08\\x7f-\\xff][!-9;-~]*:x",
        ) {
            let names: Vec<String> = (0..values.len()).map(|i| format!("X-F{i}")).collect();
            let lines: Vec<String> = names.iter().zip(&values).map(|(n, v)| format!("{n}:{v}\r\n")).collect();
            let clean_raw = format!("{}\r\nbody", lines.concat());
            let clean = Message::parse(clean_raw.as_bytes()).unwrap();
            let at = at.min(lines.len());
            let mut with_junk = lines.clone();
            with_junk.insert(at, format!("{junk}\r\n"));
            let raw = format!("{}\r\nbody", with_junk.concat());
            let m = Message::parse(raw.as_bytes()).unwrap();
            let got: Vec<(String, Vec<u8>)> = m.fields().map(|f| (f.name.to_string(), f.value.to_vec())).collect();
            let want: Vec<(String, Vec<u8>)> = clean.fields().map(|f| (f.name.to_string(), f.value.to_vec())).collect();
            proptest::prop_assert_eq!(got, want);
            proptest::prop_assert_eq!(m.problems().len(), 1);
            proptest::prop_assert_eq!(m.problems()[0].line, at + 1);
            proptest::prop_assert_eq!(m.body(), b"body");
        }
    }
}
