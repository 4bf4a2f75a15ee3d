//! The MIME structure of a mail (RFC 2045, RFC 2046): header blocks,
//! multipart bodies split at their boundaries, leaf parts with their type,
//! name and transfer encoding.
//!
//! The walk is ours, bounded before anything is allocated for a part
//! ([`Limits::max_mime_parts`], [`Limits::max_mime_depth`]); mail-parser
//! reads only the few header fields that matter here (Content-Type with
//! its RFC 2231 parameters, Content-Disposition, Content-Transfer-Encoding,
//! Subject with RFC 2047 encoded words), each cut to
//! [`Limits::max_text`].

use std::ops::Range;

use mail_parser::{MessageParser, MimeHeaders};

use super::error::ContainerError;
use super::transfer::Encoding;
use crate::Limits;

/// Header fields any mail carries: one of them in the first header block
/// makes content a mail (RFC 5322 §3.6, RFC 5321 §4.4, RFC 2045 §4).
const MAIL_FIELDS: &[&str] = &[
    "from",
    "date",
    "subject",
    "to",
    "received",
    "return-path",
    "message-id",
    "mime-version",
    "content-type",
    "delivered-to",
    "dkim-signature",
];

/// The fields read from each header block.
const WANTED: &[&str] = &[
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "subject",
];

/// A line of `b` starting at `at`: its content without the line break, and
/// where the next line starts.
fn line_at(b: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = b.get(at..).filter(|r| !r.is_empty())?;
    let (line, next) = match memchr::memchr(b'\n', rest) {
        Some(i) => (&rest[..i], at + i + 1),
        None => (rest, b.len()),
    };
    Some((line.strip_suffix(b"\r").unwrap_or(line), next))
}

/// The field name of a header field line (RFC 5322 §2.2: printable ASCII
/// but the colon; obsolete syntax allows white space before the colon).
fn field_name(line: &[u8]) -> Option<&[u8]> {
    let colon = memchr::memchr(b':', line.get(..line.len().min(100))?)?;
    let name = line[..colon].trim_ascii_end();
    (!name.is_empty() && name.iter().all(|c| matches!(c, 0x21..=0x7e))).then_some(name)
}

/// `mail` past an mbox `From ` separator line, if it has one.
pub(crate) fn skip_from_line(mail: &[u8]) -> usize {
    if mail.starts_with(b"From ") {
        line_at(mail, 0).map_or(mail.len(), |(_, next)| next)
    } else {
        0
    }
}

/// True when `bytes` starts with a mail's header block (see
/// [`sniff`](super::sniff)).
pub(crate) fn looks_like_mail(bytes: &[u8]) -> bool {
    let mut at = skip_from_line(bytes);
    let mut first = true;
    // A header block is looked at up to its first 64 lines.
    for _ in 0..64 {
        let Some((line, next)) = line_at(bytes, at) else {
            return false;
        };
        if line.is_empty() {
            return false;
        }
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        match field_name(line) {
            _ if continuation && !first => {}
            Some(name) => {
                let name = String::from_utf8_lossy(name).to_ascii_lowercase();
                if MAIL_FIELDS.contains(&name.as_str()) {
                    return true;
                }
            }
            None => return false,
        }
        first = false;
        at = next;
    }
    false
}

/// Where the header block of `entity` ends and its body starts: after the
/// first empty line (RFC 5322 §2.1), or at the end when there is none.
fn split_entity(entity: &[u8]) -> (usize, usize) {
    let mut at = 0;
    while let Some((line, next)) = line_at(entity, at) {
        if line.is_empty() {
            return (at, next);
        }
        at = next;
    }
    (entity.len(), entity.len())
}

/// What a part's header block says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Headers {
    /// `type/subtype`, lower case, when the part declares one.
    pub content_type: Option<String>,
    /// The multipart boundary (RFC 2046 §5.1.1).
    pub boundary: Option<String>,
    /// The `report-type` parameter of multipart/report (RFC 6522 §3).
    pub report_type: Option<String>,
    /// The file name: Content-Disposition `filename`, else Content-Type
    /// `name` (RFC 2183 §2.3, RFC 2231).
    pub filename: Option<String>,
    /// Content-Transfer-Encoding.
    pub encoding: Option<Encoding>,
    /// Subject, decoded (RFC 2047).
    pub subject: Option<String>,
}

/// Reads the wanted fields of a header block, each at most `max_field`
/// bytes.
fn parse_headers(block: &[u8], max_field: usize) -> Headers {
    let mut picked: Vec<u8> = Vec::new();
    let mut seen = [false; WANTED.len()];
    let mut at = 0;
    let mut keep: Option<usize> = None;
    let mut kept = 0usize;
    while let Some((line, next)) = line_at(block, at) {
        let raw = block.get(at..next).unwrap_or_default();
        at = next;
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if keep.is_some() && kept + raw.len() <= max_field {
                picked.extend_from_slice(raw);
                kept += raw.len();
            }
            continue;
        }
        if keep.is_some() && !picked.ends_with(b"\n") {
            picked.extend_from_slice(b"\r\n");
        }
        keep = None;
        let Some(name) = field_name(line) else {
            continue;
        };
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if let Some(i) = WANTED.iter().position(|w| *w == name)
            && !seen[i]
        {
            seen[i] = true;
            keep = Some(i);
            kept = raw.len().min(max_field);
            picked.extend_from_slice(raw.get(..kept).unwrap_or_default());
        }
    }
    if !picked.ends_with(b"\n") && !picked.is_empty() {
        picked.extend_from_slice(b"\r\n");
    }
    picked.extend_from_slice(b"\r\n");
    let mut headers = Headers::default();
    let Some(message) = MessageParser::new().parse_headers(&picked) else {
        return headers;
    };
    headers.subject = message.subject().map(str::to_string);
    let Some(part) = message.parts.first() else {
        return headers;
    };
    if let Some(ct) = part.content_type() {
        let kind = ct.ctype().to_ascii_lowercase();
        headers.content_type = Some(match ct.subtype() {
            Some(sub) => format!("{kind}/{}", sub.to_ascii_lowercase()),
            None => kind,
        });
        headers.boundary = ct.attribute("boundary").map(str::to_string);
        headers.report_type = ct.attribute("report-type").map(|r| r.to_ascii_lowercase());
    }
    headers.filename = part
        .attachment_name()
        .map(str::to_string)
        .filter(|n| !n.trim().is_empty());
    headers.encoding = part.content_transfer_encoding().map(Encoding::from_header);
    headers
}

/// The parts of a multipart `body` delimited by `boundary` (RFC 2046
/// §5.1.1): ranges of `body`, at most `max` of them. A delimiter is a line
/// of `--boundary` followed by nothing but white space; the close
/// delimiter adds `--`; the line break before a delimiter belongs to it. A
/// missing close delimiter (a cut mail) ends the last part at the end.
fn split_multipart(body: &[u8], boundary: &[u8], max: usize) -> Vec<Range<usize>> {
    let mut delimiter = Vec::with_capacity(boundary.len() + 2);
    delimiter.extend_from_slice(b"--");
    delimiter.extend_from_slice(boundary);
    let finder = memchr::memmem::Finder::new(&delimiter);
    let mut parts = Vec::new();
    let mut open: Option<usize> = None;
    for pos in finder.find_iter(body) {
        if pos > 0 && body[pos - 1] != b'\n' {
            continue;
        }
        let after = &body[pos + delimiter.len()..];
        let close = after.starts_with(b"--");
        let line_end =
            memchr::memchr(b'\n', after).map_or(body.len(), |i| pos + delimiter.len() + i + 1);
        if !close {
            let tail = &body[pos + delimiter.len()..line_end];
            if !tail
                .iter()
                .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
            {
                continue;
            }
        }
        if let Some(start) = open.take() {
            // The CRLF before the delimiter is part of it.
            let mut end = pos.max(start);
            if end > start && body[end - 1] == b'\n' {
                end -= 1;
                if end > start && body[end - 1] == b'\r' {
                    end -= 1;
                }
            }
            parts.push(start..end);
            if parts.len() >= max {
                return parts;
            }
        }
        if close {
            return parts;
        }
        open = Some(line_end);
    }
    if let Some(start) = open {
        parts.push(start..body.len());
    }
    parts
}

/// A leaf part of a mail.
#[derive(Debug)]
pub(crate) struct Leaf {
    /// Its number, as IMAP numbers parts (RFC 3501 §6.4.5): `1`, `2.1` …
    pub number: String,
    /// How deep it is (the mail's own depth plus its multipart levels).
    pub depth: usize,
    /// Its declared type, or the default (text/plain, or message/rfc822
    /// in a multipart/digest: RFC 2046 §5.1.5).
    pub content_type: String,
    /// Its file name, if it has one.
    pub filename: Option<String>,
    /// Its transfer encoding.
    pub encoding: Encoding,
    /// Its body, a range of the mail.
    pub body: Range<usize>,
}

/// The structure of one mail (not of the mails it attaches).
#[derive(Debug, Default)]
pub(crate) struct Structure {
    /// The top-level Content-Type.
    pub content_type: Option<String>,
    /// The top-level `report-type` parameter.
    pub report_type: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// The leaf parts, in order.
    pub leaves: Vec<Leaf>,
    /// A message/feedback-report part was seen (RFC 5965 §3).
    pub feedback_part: bool,
    /// A cap stopped the walk: the part number where, and why.
    pub error: Option<(String, ContainerError)>,
}

/// Walks `mail` (at nesting depth `depth`), counting its parts in `parts`
/// against [`Limits::max_mime_parts`] and stopping deeper than
/// `max_depth`.
pub(crate) fn structure(
    mail: &[u8],
    depth: usize,
    max_depth: usize,
    limits: &Limits,
    parts: &mut usize,
) -> Structure {
    let mut out = Structure::default();
    // (entity range, part number, depth, parent is a digest)
    let mut stack: Vec<(Range<usize>, String, usize, bool)> = vec![(
        skip_from_line(mail)..mail.len(),
        String::new(),
        depth,
        false,
    )];
    while let Some((range, number, depth, in_digest)) = stack.pop() {
        if *parts >= limits.max_mime_parts {
            out.error = Some((
                number,
                ContainerError::MimeTooManyParts {
                    limit: limits.max_mime_parts,
                },
            ));
            break;
        }
        *parts += 1;
        let entity = mail.get(range.clone()).unwrap_or_default();
        let (header_end, body_start) = split_entity(entity);
        let headers = parse_headers(
            entity.get(..header_end).unwrap_or_default(),
            limits.max_text,
        );
        let body = range.start + body_start..range.end;
        if number.is_empty() {
            out.content_type.clone_from(&headers.content_type);
            out.report_type.clone_from(&headers.report_type);
            out.subject.clone_from(&headers.subject);
        }
        let content_type = headers.content_type.clone().unwrap_or_else(|| {
            if in_digest {
                "message/rfc822".into()
            } else {
                "text/plain".into()
            }
        });
        if content_type == "message/feedback-report" {
            out.feedback_part = true;
        }
        if content_type.starts_with("multipart/")
            && let Some(boundary) = headers.boundary.as_deref().filter(|b| !b.is_empty())
        {
            let room = limits.max_mime_parts.saturating_sub(*parts) + 1;
            let children = split_multipart(
                mail.get(body.clone()).unwrap_or_default(),
                boundary.as_bytes(),
                room,
            );
            if !children.is_empty() {
                if depth >= max_depth {
                    out.error = Some((number, ContainerError::MimeTooDeep { limit: max_depth }));
                    continue;
                }
                let digest = content_type == "multipart/digest";
                for (i, child) in children.iter().enumerate().rev() {
                    let n = if number.is_empty() {
                        (i + 1).to_string()
                    } else {
                        format!("{number}.{}", i + 1)
                    };
                    let child = body.start + child.start..body.start + child.end;
                    stack.push((child, n, depth + 1, digest));
                }
                continue;
            }
        }
        out.leaves.push(Leaf {
            number: if number.is_empty() {
                "1".into()
            } else {
                number
            },
            depth,
            content_type,
            filename: headers.filename,
            encoding: headers.encoding.unwrap_or(Encoding::Identity),
            body,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_split_follows_rfc_2046() {
        let body = b"preamble\r\n--b\r\nA\r\n--b \r\n\r\nB\r\n--bx\r\nstill B\r\n--b--\r\nepilogue";
        let parts = split_multipart(body, b"b", 10);
        let got: Vec<&[u8]> = parts.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(got, [&b"A"[..], &b"\r\nB\r\n--bx\r\nstill B"[..]]);
    }

    #[test]
    fn a_cut_multipart_keeps_its_last_part() {
        let body = b"--b\nA\n--b\nB is cut";
        let parts = split_multipart(body, b"b", 10);
        let got: Vec<&[u8]> = parts.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(got, [&b"A"[..], &b"B is cut"[..]]);
    }

    #[test]
    fn headers_with_rfc_2231_and_folding() {
        let block = b"Subject: =?UTF-8?B?44Os44Od44O844OI?=\r\nContent-Type: application/zip;\r\n\tname*0=\"google.com!exa\";\r\n name*1=\"mple.jp.zip\"\r\nContent-Transfer-Encoding: BASE64\r\n";
        let h = parse_headers(block, 1 << 16);
        assert_eq!(h.content_type.as_deref(), Some("application/zip"));
        assert_eq!(h.filename.as_deref(), Some("google.com!example.jp.zip"));
        assert_eq!(h.encoding, Some(Encoding::Base64));
        assert_eq!(h.subject.as_deref(), Some("レポート"));
    }

    #[test]
    fn mail_sniffing() {
        assert!(looks_like_mail(b"Return-Path: <a@b>\nX: y\n\nbody"));
        assert!(looks_like_mail(
            b"From a@b Mon Jan  1 00:00:00 2024\nX-Custom: 1\nFrom: a@b\n\n"
        ));
        assert!(!looks_like_mail(
            b"Report-Domain: example.com\nSubmitter: google.com\n\n"
        ));
        assert!(!looks_like_mail(b"This is text: with a colon\n"));
        assert!(!looks_like_mail(b""));
    }
}
