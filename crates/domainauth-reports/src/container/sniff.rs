//! Telling formats apart by content: the first bytes decide, never the
//! file name or the declared Content-Type (senders get those wrong).

use super::error::Format;
use super::{gzip, mime, zip};

/// How far into the content sniffing looks (past a prolog of comments,
/// processing instructions and a BOM).
const LOOK: usize = 16 << 10;

/// The format of `bytes`, by content alone, or `None` when it is none of
/// the formats reports come in (empty, a PDF, an HTML page, text …).
///
/// - gzip: the magic `1f 8b` (RFC 1952 §2.3.1);
/// - zip: a local file header `PK\3\4`, or the end record `PK\5\6` of an
///   empty archive (APPNOTE §4.3.7, §4.3.16);
/// - XML: `<` after an optional BOM and white space, unless the root
///   element is `html`;
/// - JSON: `{` after an optional BOM and white space;
/// - a mail: a header block (RFC 5322 §2.2: `name: value` lines) with at
///   least one field every mail has (From, Date, Received …), optionally
///   after an mbox `From ` line.
///
/// ```
/// use domainauth_reports::container::{Format, sniff};
/// assert_eq!(sniff(b"\xef\xbb\xbf<?xml version=\"1.0\"?><feedback/>"), Some(Format::Xml));
/// assert_eq!(sniff(b"  {\"organization-name\": \"x\"}"), Some(Format::Json));
/// assert_eq!(sniff(b"From: a@example.com\r\nSubject: hi\r\n\r\nbody"), Some(Format::Mail));
/// assert_eq!(sniff(b"<!DOCTYPE html><html></html>"), None);
/// assert_eq!(sniff(b"%PDF-1.7"), None);
/// ```
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&gzip::MAGIC) {
        return Some(Format::Gzip);
    }
    if bytes.starts_with(&zip::MAGIC) || bytes.starts_with(&zip::EMPTY_MAGIC) {
        return Some(Format::Zip);
    }
    // UTF-16 text (RFC 7303 §3.3 lets XML be UTF-16 with a BOM): '<' or
    // '{' as the first code unit after it.
    for (bom, lt, brace) in [
        (&b"\xff\xfe"[..], &b"<\0"[..], &b"{\0"[..]),
        (&b"\xfe\xff"[..], &b"\0<"[..], &b"\0{"[..]),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let rest = skip_utf16_space(rest, bom[0] == 0xff);
            return if rest.starts_with(lt) {
                Some(Format::Xml)
            } else if rest.starts_with(brace) {
                Some(Format::Json)
            } else {
                None
            };
        }
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = text.get(..text.len().min(LOOK)).unwrap_or(text);
    let start = text
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(text.len());
    let trimmed = text.get(start..).unwrap_or_default();
    match trimmed.first() {
        Some(b'<') => (!root_is_html(trimmed)).then_some(Format::Xml),
        Some(b'{') => Some(Format::Json),
        Some(_) if mime::looks_like_mail(bytes) => Some(Format::Mail),
        _ => None,
    }
}

fn skip_utf16_space(mut s: &[u8], little: bool) -> &[u8] {
    while let Some(unit) = s.get(..2) {
        let c = if little { unit[0] } else { unit[1] };
        let z = if little { unit[1] } else { unit[0] };
        if z == 0 && c.is_ascii_whitespace() {
            s = &s[2..];
        } else {
            break;
        }
    }
    s
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// True when the document's root element is `html`.
fn root_is_html(s: &[u8]) -> bool {
    root_name(s).is_some_and(|n| n.eq_ignore_ascii_case(b"html"))
}

/// True when `bytes` is XML whose root element is DMARC's `feedback`
/// (RFC 9990 §3; any namespace prefix).
pub(crate) fn is_feedback_xml(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = text.get(..text.len().min(LOOK)).unwrap_or(text);
    root_name(text).is_some_and(|n| n == b"feedback")
}

/// The local name of the document's root element, past its prolog (XML
/// 1.0 §2.8: declaration, comments, processing instructions, DOCTYPE);
/// `html` for an HTML DOCTYPE; `None` when it cannot be told.
fn root_name(mut s: &[u8]) -> Option<Vec<u8>> {
    loop {
        let ws = s.iter().take_while(|c| c.is_ascii_whitespace()).count();
        s = &s[ws..];
        let skip = if s.starts_with(b"<?") {
            find(s, b"?>").map(|i| i + 2)
        } else if s.starts_with(b"<!--") {
            find(s, b"-->").map(|i| i + 3)
        } else if s.starts_with(b"<!") {
            let head = s.get(..14).unwrap_or(s);
            if head.eq_ignore_ascii_case(b"<!doctype html") {
                return Some(b"html".to_vec());
            }
            // An internal subset ends with "]>", a plain DOCTYPE with ">".
            match (find(s, b"["), find(s, b">")) {
                (Some(b), Some(g)) if b < g => find(s, b"]>").map(|i| i + 2),
                (_, g) => g.map(|i| i + 1),
            }
        } else if let Some(rest) = s.strip_prefix(b"<") {
            let name: Vec<u8> = rest
                .iter()
                .copied()
                .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'>' | b'/'))
                .collect();
            let local = name.rsplit(|&c| c == b':').next().unwrap_or(&name);
            return Some(local.to_vec());
        } else {
            return None;
        };
        s = &s[skip?.min(s.len())..];
    }
}
