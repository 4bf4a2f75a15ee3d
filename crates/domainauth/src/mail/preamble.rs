//! Text pasted above a message's header: the summary a web mail page shows
//! above the source, such as Gmail's "Show original" (「メッセージのソースを
//! 表示」) page, copied together with it.
//!
//! A message starts with a header field (RFC 5322 §2.1); a message as
//! delivered starts with the trace fields its receivers added (RFC 5321
//! §4.4). Gmail's page starts with a title ("Original message", 元のメッセージ)
//! and a summary table — Message ID, Created at (作成日), From (送信者), To
//! (宛先), Subject (件名), SPF, DKIM, DMARC — then the "Download original"
//! and "Copy to clipboard" buttons (「元のメッセージをダウンロード」
//! 「クリップボードにコピー」), then the source. Several summary lines
//! (`From:\tName <a@b>`, `SPF:\tPASS with IP …`) are valid header fields,
//! so the summary cannot be told from a header line by line; what tells
//! them apart is that a real header holds fields only a mail system or a
//! sending program writes ([`is_message_field`]), and the summary none.
//!
//! The rule: when the first line of the input is not a header field, the
//! header starts at the first run of consecutive field lines (with their
//! continuation lines) that holds such a field; everything above that run
//! is the preamble and is skipped. A preamble can therefore never hold a
//! trace field, a signature, an Authentication-Results field or a Date; it
//! can hold lines that read as a From field, which are kept
//! ([`Preamble::from_lines`]) so that the author is checked against them
//! ([`crate::mail::FromProblem::Skipped`]): a skipped line can never
//! silently stand for a different author than the header's From.

use super::{hides_from_after_separator, is_field_name, reads_as_from};

/// The most lines a preamble may have: Gmail's summary has about a dozen.
/// Input with more lines before a header is read as it is, without skipping.
pub const MAX_PREAMBLE_LINES: usize = 64;

/// The most bytes a preamble may have (see [`MAX_PREAMBLE_LINES`]).
pub const MAX_PREAMBLE_BYTES: usize = 16 * 1024;

/// Text above the header that is not part of the message and was skipped
/// ([`super::Message::preamble`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Preamble {
    /// How many lines were skipped: the header starts on line `lines + 1`.
    pub lines: usize,
    /// The skipped lines that read as a From field (`From:`, in any case,
    /// once everything but letters is removed from the name): their line
    /// number and the text after the first colon.
    pub from_lines: Vec<(usize, String)>,
}

impl Preamble {
    /// The notice for a report: how many lines were skipped, and where the
    /// header starts.
    pub fn finding(&self) -> crate::diag::Finding {
        crate::diag::Finding::new(crate::diag::Code::MailPreambleSkipped)
            .param("count", self.lines)
            .param("line", self.lines + 1)
    }
}

/// A field that a header has and a web page's summary has not: trace
/// fields (RFC 5321 §4.4 Received and Return-Path, RFC 9228 Delivered-To,
/// Gmail's X-Received), the origination date and identification fields
/// every message has (RFC 5322 §3.6.1, §3.6.4), MIME-Version (RFC 2045
/// §4), signatures and results (RFC 6376 DKIM-Signature, RFC 8617 ARC-*,
/// RFC 8601 Authentication-Results, RFC 7208 §9.1 Received-SPF).
pub(crate) fn is_message_field(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"received",
        b"return-path",
        b"delivered-to",
        b"x-received",
        b"date",
        b"message-id",
        b"mime-version",
        b"dkim-signature",
        b"arc-seal",
        b"arc-message-signature",
        b"arc-authentication-results",
        b"authentication-results",
        b"received-spf",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// What one line of the input is, for finding where the header starts.
enum Line<'l> {
    /// Empty, or white space only.
    Blank,
    /// Starts with white space: continues the line above.
    Continuation,
    /// `name: value` with a valid field name (RFC 5322 §3.6.8).
    Field(&'l [u8]),
    /// Anything else: not part of a header.
    Other,
}

fn classify(line: &[u8]) -> Line<'_> {
    // Only an empty line ends a header (RFC 5322 §2.1); a line of spaces
    // continues the field above, as mail parsers read it. Taking it as a
    // break would let added fields above a real header be skipped.
    if line.iter().all(|b| matches!(b, b'\r' | b'\n')) {
        return Line::Blank;
    }
    if matches!(line.first(), Some(b' ' | b'\t')) {
        return Line::Continuation;
    }
    let Some(colon) = memchr::memchr(b':', line) else {
        return Line::Other;
    };
    let name = &line[..colon];
    let len = name
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(0, |p| p + 1);
    if is_field_name(&name[..len]) {
        Line::Field(&name[..len])
    } else {
        Line::Other
    }
}

/// Where the header starts in `raw` when text that is not a header comes
/// first: the byte offset, and the preamble that ends there. `None` when
/// the input starts with a header field (nothing to skip), or when no run
/// of fields holding [a message's field](is_message_field) starts within
/// [`MAX_PREAMBLE_LINES`] lines and [`MAX_PREAMBLE_BYTES`] bytes (the
/// input is then read as it is). Reads at most those bounds.
pub(crate) fn find(raw: &[u8]) -> Option<(usize, Preamble)> {
    let mut pos = 0;
    // The run of field lines the current line belongs to: its offset and
    // line index.
    let mut run: Option<(usize, usize)> = None;
    // Lines that read as From: line index, and the text after the colon
    // with the continuation lines that follow.
    let mut from_lines: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut in_from = false;
    for index in 0..=MAX_PREAMBLE_LINES {
        if pos >= raw.len() || pos > MAX_PREAMBLE_BYTES {
            return None;
        }
        let end = memchr::memchr(b'\n', &raw[pos..]).map_or(raw.len(), |i| pos + i + 1);
        let line = &raw[pos..end];
        let kind = classify(line);
        match kind {
            Line::Field(_) if index == 0 => return None,
            Line::Field(name) => {
                let (start, start_index) = *run.get_or_insert((pos, index));
                if is_message_field(name) {
                    let from_lines = from_lines
                        .into_iter()
                        .filter(|&(i, _)| i < start_index)
                        .map(|(i, text)| (i + 1, String::from_utf8_lossy(&text).trim().to_string()))
                        .collect();
                    let preamble = Preamble {
                        lines: start_index,
                        from_lines,
                    };
                    return Some((start, preamble));
                }
            }
            Line::Continuation if run.is_some() => {}
            Line::Blank | Line::Continuation | Line::Other => run = None,
        }
        if reads_as_from(line) {
            let colon = memchr::memchr(b':', line).map_or(line.len(), |c| c + 1);
            from_lines.push((index, line[colon..].to_vec()));
            in_from = true;
        } else if hides_from_after_separator(line) {
            // A From after a bare CR, VT, FF…: some readers show it as a
            // line of its own, as in a header (RFC 5322 §2.2).
            from_lines.push((index, line.to_vec()));
            in_from = false;
        } else if in_from && matches!(kind, Line::Continuation) {
            // A folded From: its address may be on this line.
            if let Some((_, text)) = from_lines.last_mut() {
                text.extend_from_slice(line);
            }
        } else {
            in_from = false;
        }
        pos = end;
    }
    None
}
