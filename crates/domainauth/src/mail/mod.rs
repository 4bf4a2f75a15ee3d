//! Messages as bytes: the header fields with their raw text (for DKIM and
//! ARC, which sign the exact bytes) and where the body starts (RFC 5322 §2.1).

mod from;
pub mod received;

use std::ops::Range;

pub use from::{Author, FromProblem, IdnDomain, address_domain, addresses, author};

/// Appends `value` as an RFC 5322 §3.2.4 quoted-string: `"` and `\\`
/// escaped, control characters dropped (they cannot appear in a field).
pub(crate) fn push_quoted_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        if !c.is_control() {
            out.push(c);
        }
    }
    out.push('"');
}

/// The largest header block accepted (all header fields together).
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MailError {
    /// The header block is larger than [`MAX_HEADER_BYTES`].
    #[error("the header block is larger than {limit} bytes")]
    HeaderTooLarge {
        /// The limit.
        limit: usize,
    },
    /// A header line that is neither a field (`name: value`) nor a continuation.
    #[error("header line {line} is not a header field (no ':' after a field name)")]
    HeaderSyntax {
        /// 1-based line number.
        line: usize,
    },
    /// No header fields at all.
    #[error("the message has no header fields")]
    NoHeader,
}

/// A message split into header fields and body. Line ends in the header are
/// normalised to CRLF; [`Message::bare_lf`] says whether that was needed.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    header: Vec<u8>,
    fields: Vec<(Range<usize>, Range<usize>)>,
    body: &'a [u8],
    bare_lf: bool,
    missing_separator: bool,
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

impl<'a> Message<'a> {
    /// Splits `raw` into header fields and body.
    ///
    /// ```
    /// use domainauth::mail::Message;
    /// let m = Message::parse(b"From: a@example.com\r\nSubject: hi\r\n there\r\n\r\nbody\r\n").unwrap();
    /// assert_eq!(m.fields().count(), 2);
    /// assert_eq!(m.get("subject").unwrap().text(), "hi there");
    /// assert_eq!(m.body(), b"body\r\n");
    /// ```
    pub fn parse(raw: &'a [u8]) -> Result<Self, MailError> {
        // Find the end of the header: the first empty line.
        let mut pos = 0;
        let mut body_start = raw.len();
        let mut header_end = raw.len();
        let mut missing_separator = true;
        while pos < raw.len() {
            let line_end = raw[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(raw.len(), |i| pos + i + 1);
            let line = &raw[pos..line_end];
            if line == b"\r\n" || line == b"\n" {
                header_end = pos;
                body_start = line_end;
                missing_separator = false;
                break;
            }
            pos = line_end;
            if pos > MAX_HEADER_BYTES {
                return Err(MailError::HeaderTooLarge {
                    limit: MAX_HEADER_BYTES,
                });
            }
        }
        if header_end > MAX_HEADER_BYTES {
            return Err(MailError::HeaderTooLarge {
                limit: MAX_HEADER_BYTES,
            });
        }
        let block = &raw[..header_end];
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
        // Fields: a line starting with WSP continues the previous field.
        let mut fields: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut start = 0;
        let mut line_no = 0;
        while start < header.len() {
            line_no += 1;
            let end = header[start..]
                .windows(2)
                .position(|w| w == b"\r\n")
                .map_or(header.len(), |i| start + i + 2);
            let line = &header[start..end];
            if matches!(line.first(), Some(b' ' | b'\t')) {
                match fields.last_mut() {
                    Some((_, value)) => value.end = end - 2,
                    None => return Err(MailError::HeaderSyntax { line: line_no }),
                }
            } else {
                let colon = line
                    .iter()
                    .position(|&b| b == b':')
                    .ok_or(MailError::HeaderSyntax { line: line_no })?;
                let name = &line[..colon];
                let name_len = name
                    .iter()
                    .rposition(|&b| b != b' ' && b != b'\t')
                    .map_or(0, |p| p + 1);
                if name_len == 0
                    || !name[..name_len]
                        .iter()
                        .all(|&b| (33..=126).contains(&b) && b != b':')
                {
                    return Err(MailError::HeaderSyntax { line: line_no });
                }
                fields.push((start..start + name_len, start + colon + 1..end - 2));
            }
            start = end;
        }
        if fields.is_empty() {
            return Err(MailError::NoHeader);
        }
        Ok(Self {
            header,
            fields,
            body: &raw[body_start.min(raw.len())..],
            bare_lf,
            missing_separator,
        })
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
            Message::parse(b"no colon here\r\n\r\n").unwrap_err(),
            MailError::HeaderSyntax { line: 1 }
        );
        assert_eq!(
            Message::parse(b" continuation first\r\n\r\n").unwrap_err(),
            MailError::HeaderSyntax { line: 1 }
        );
        assert_eq!(
            Message::parse(b"\r\nbody").unwrap_err(),
            MailError::NoHeader
        );
        let m = Message::parse(b"From: a@b.example\r\n").unwrap();
        assert!(m.missing_separator());
        assert_eq!(m.body(), b"");
        let big = vec![b'a'; MAX_HEADER_BYTES + 10];
        assert!(matches!(
            Message::parse(&big),
            Err(MailError::HeaderTooLarge { .. })
        ));
    }
}
