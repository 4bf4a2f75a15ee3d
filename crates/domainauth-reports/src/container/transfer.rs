//! MIME content transfer encodings (RFC 2045 §6): base64 and
//! quoted-printable, decoded leniently as mail readers do, in one pass and
//! never larger than their input.

use std::borrow::Cow;

/// A part's Content-Transfer-Encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// `7bit`, `8bit`, `binary` or none: the body is the content.
    Identity,
    /// `base64` (RFC 2045 §6.8).
    Base64,
    /// `quoted-printable` (RFC 2045 §6.7).
    QuotedPrintable,
}

impl Encoding {
    /// The encoding a header value names; unknown ones read as identity.
    pub(crate) fn from_header(value: &str) -> Self {
        let v = value.trim();
        if v.eq_ignore_ascii_case("base64") {
            Self::Base64
        } else if v.eq_ignore_ascii_case("quoted-printable") {
            Self::QuotedPrintable
        } else {
            Self::Identity
        }
    }

    /// The content of `body`.
    pub(crate) fn decode(self, body: &[u8]) -> Cow<'_, [u8]> {
        match self {
            Self::Identity => Cow::Borrowed(body),
            Self::Base64 => Cow::Owned(base64(body)),
            Self::QuotedPrintable => Cow::Owned(quoted_printable(body)),
        }
    }
}

fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// Decodes base64, skipping line breaks and any other character outside
/// the alphabet (RFC 2045 §6.8: "ignored by decoding software") and
/// stopping at the first `=` pad. A trailing partial group gives the whole
/// bytes it holds.
pub(crate) fn base64(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in body {
        if c == b'=' {
            break;
        }
        let Some(v) = sextet(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Decodes quoted-printable: `=XX` is a byte, `=` at the end of a line
/// (before optional white space) joins the lines, anything else is kept as
/// it is (RFC 2045 §6.7 note (2): a robust decoder leaves bad sequences).
pub(crate) fn quoted_printable(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0usize;
    while let Some(&c) = body.get(i) {
        if c != b'=' {
            out.push(c);
            i += 1;
            continue;
        }
        if let (Some(h), Some(l)) = (
            body.get(i + 1).copied().and_then(hex),
            body.get(i + 2).copied().and_then(hex),
        ) {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        // A soft line break: "=", optional transport padding, line end.
        let mut j = i + 1;
        while matches!(body.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        match body.get(j) {
            Some(b'\n') => i = j + 1,
            Some(b'\r') if body.get(j + 1) == Some(&b'\n') => i = j + 2,
            None => i = j,
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_mail_carries_it() {
        // RFC 4648 §10 test vectors, folded as in mail.
        assert_eq!(base64(b"Zm9v\r\nYmFy"), b"foobar");
        assert_eq!(base64(b"Zm9vYg=="), b"foob");
        assert_eq!(base64(b"Zm9vYmE=\r\n"), b"fooba");
        assert_eq!(base64(b" Zm9v YmFy !"), b"foobar");
        assert_eq!(base64(b""), b"");
    }

    #[test]
    fn quoted_printable_as_rfc_2045_shows_it() {
        assert_eq!(quoted_printable(b"a=3Db"), b"a=b");
        assert_eq!(quoted_printable(b"long=\r\nline"), b"longline");
        assert_eq!(quoted_printable(b"long= \nline"), b"longline");
        assert_eq!(quoted_printable(b"bad=zz"), b"bad=zz");
        assert_eq!(quoted_printable(b"end="), b"end");
        assert_eq!(quoted_printable(b"caf=C3=A9"), "café".as_bytes());
    }
}
