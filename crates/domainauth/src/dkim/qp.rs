//! DKIM-Quoted-Printable (RFC 6376 §2.11), the encoding of the `i=` and
//! `z=` values of a DKIM-Signature (§3.5).
//!
//! ```text
//! dkim-quoted-printable = *(FWS / hex-octet / dkim-safe-char)
//! dkim-safe-char        = %x21-3A / %x3C / %x3E-7E   ; not ";", "=", space, controls
//! hex-octet             = "=" 2(DIGIT / "A"-"F")     ; RFC 2045 §6.7
//! ```
//!
//! FWS "is NOT part of the value, and MUST be removed before decoding".
//!
//! Not a MIME quoted-printable crate: RFC 2045's encoding has soft line
//! breaks and leaves `;` as it is, where DKIM's removes FWS and must encode
//! `;` (it ends a tag); the difference is the point of this module.

/// A DKIM-Quoted-Printable value that cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum QpError {
    /// `=` not followed by two hexadecimal digits (§2.11 `hex-octet`).
    #[error("'=' at offset {pos} is not followed by two hexadecimal digits")]
    BadHexOctet {
        /// Byte offset of the `=` in the encoded value.
        pos: usize,
    },
    /// The decoded octets are not UTF-8 text, where text is required (`i=`).
    #[error("the decoded value is not UTF-8 text")]
    NotUtf8,
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        // §2.11 says "no lowercase characters permitted"; a signer that
        // writes them still means the same octet, so they are read too.
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

fn is_fws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Decodes a DKIM-Quoted-Printable value (RFC 6376 §2.11): FWS removed,
/// each `=XY` replaced by the octet `XY`. Other characters are kept as
/// they are (8-bit text is tolerated, as RFC 6532 allows in header fields).
///
/// ```
/// use domainauth::dkim::{QpError, decode_quoted_printable};
/// assert_eq!(decode_quoted_printable("jlong@messiah=2Eedu").unwrap(), b"jlong@messiah.edu");
/// assert_eq!(decode_quoted_printable("a=3D\r\n b").unwrap(), b"a=b");
/// assert_eq!(decode_quoted_printable("bad=2").unwrap_err(), QpError::BadHexOctet { pos: 3 });
/// ```
pub fn decode_quoted_printable(value: &str) -> Result<Vec<u8>, QpError> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_fws(b) {
            i += 1;
            continue;
        }
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        // The two digits may themselves be separated by FWS, which is
        // removed before decoding.
        let mut digits = bytes[i + 1..].iter().copied().filter(|&d| !is_fws(d));
        let high = digits.next().and_then(hex_value);
        let low = digits.next().and_then(hex_value);
        let (Some(high), Some(low)) = (high, low) else {
            return Err(QpError::BadHexOctet { pos: i });
        };
        out.push((high << 4) | low);
        // Skip past the second digit and any FWS before it.
        let mut seen = 0;
        i += 1;
        while seen < 2 {
            if !is_fws(bytes[i]) {
                seen += 1;
            }
            i += 1;
        }
    }
    Ok(out)
}

/// Decodes a DKIM-Quoted-Printable value that must be text (`i=`).
pub(crate) fn decode_quoted_printable_text(value: &str) -> Result<String, QpError> {
    String::from_utf8(decode_quoted_printable(value)?).map_err(|_| QpError::NotUtf8)
}

/// Encodes `value` as DKIM-Quoted-Printable (RFC 6376 §2.11): every octet
/// that is not a `dkim-safe-char` (controls, space, `;`, `=`, DEL, 8-bit
/// octets) becomes `=XY` with upper-case hex digits.
///
/// ```
/// use domainauth::dkim::encode_quoted_printable;
/// assert_eq!(encode_quoted_printable("a b;c=d\r\n"), "a=20b=3Bc=3Dd=0D=0A");
/// ```
pub fn encode_quoted_printable(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if matches!(b, 0x21..=0x3A | 0x3C | 0x3E..=0x7E) {
            out.push(char::from(b));
        } else {
            out.push('=');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dkim_i_tag_quoted_printable_rfc_example() {
        // RFC 6376 §3.5, i=: "jlong@messiah=2Eedu" is "jlong@messiah.edu"
        // (the example of the equivalent form in the i= description).
        assert_eq!(
            decode_quoted_printable_text("jlong@messiah=2Eedu").unwrap(),
            "jlong@messiah.edu"
        );
    }

    #[test]
    fn malformed_hex_octets_are_typed_errors() {
        for (text, pos) in [
            ("=", 0),
            ("a=4", 1),
            ("a=G0", 1),
            ("a=0G", 1),
            ("ab=\r\n", 2),
        ] {
            assert_eq!(
                decode_quoted_printable(text),
                Err(QpError::BadHexOctet { pos }),
                "{text:?}"
            );
        }
        assert_eq!(
            decode_quoted_printable_text("=FF=FE"),
            Err(QpError::NotUtf8)
        );
    }

    #[test]
    fn fws_is_removed_even_inside_a_hex_octet() {
        assert_eq!(decode_quoted_printable("=2\r\n\tE x").unwrap(), b".x");
        assert_eq!(decode_quoted_printable("a=3d").unwrap(), b"a=");
    }

    proptest::proptest! {
        #[test]
        fn encoding_round_trips_and_is_safe(text in "\\PC*|[\\x00-\\x7f]{0,30}") {
            let encoded = encode_quoted_printable(&text);
            proptest::prop_assert!(encoded.bytes().all(|b| matches!(b, 0x21..=0x7E) && b != b';'));
            proptest::prop_assert_eq!(decode_quoted_printable(&encoded).unwrap(), text.as_bytes());
        }

        #[test]
        fn decoding_never_panics(text in "[=0-9A-Fa-g \\r\\n;x]{0,30}") {
            let _ = decode_quoted_printable(&text);
        }
    }
}
