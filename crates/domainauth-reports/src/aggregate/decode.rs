//! The report's bytes as UTF-8 text: a byte order mark, UTF-16, and the
//! encoding an XML declaration names (windows-1252, iso-8859-1, shift_jis
//! … through `encoding_rs`) are honoured; bytes invalid in the encoding
//! become U+FFFD with a note, never an error (XML 1.0 §4.3.3 and
//! Appendix F: a byte order mark first, then the declaration).

use std::borrow::Cow;

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, X_USER_DEFINED};

use super::shown::shown;

/// The decoded document.
pub(crate) struct Decoded<'a> {
    /// The text, borrowed when the input was valid UTF-8.
    pub text: Cow<'a, str>,
    /// Bytes skipped before the text (a byte order mark), so that offsets in
    /// a UTF-8 document are offsets in the input.
    pub skipped: u64,
    /// What had to be tolerated.
    pub notes: Vec<String>,
}

/// The longest XML declaration looked at for an `encoding=` (a real one is
/// under 100 bytes).
const DECL_WINDOW: usize = 512;

/// Decodes `bytes` (see the module doc), into at most `cap` bytes of
/// UTF-8: a document in a single-byte encoding can triple in size (each
/// byte from 0x80 may be a three-byte character), so the text is decoded
/// chunk by chunk and refused past the cap, with the size reached
/// (`Err(size)`), before it exists in full.
pub(crate) fn decode(bytes: &[u8], cap: u64) -> Result<Decoded<'_>, u64> {
    let mut notes = Vec::new();
    let (encoding, skipped) = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        (encoding, bom)
    } else if bytes.starts_with(&[b'<', 0, b'?', 0]) {
        notes.push("UTF-16LE without a byte order mark".to_string());
        (UTF_16LE, 0)
    } else if bytes.starts_with(&[0, b'<', 0, b'?']) {
        notes.push("UTF-16BE without a byte order mark".to_string());
        (UTF_16BE, 0)
    } else {
        (declared(bytes, &mut notes), 0)
    };
    let body = bytes.get(skipped..).unwrap_or_default();
    let text = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(text) => Cow::Borrowed(text),
            Err(e) => {
                notes.push(format!(
                    "invalid UTF-8 bytes replaced by U+FFFD (the first at byte {})",
                    e.valid_up_to() + skipped
                ));
                // Each invalid byte becomes U+FFFD, three bytes: capped as
                // any other decoding.
                Cow::Owned(decode_capped(UTF_8, body, cap)?.0)
            }
        }
    } else {
        let (text, had_errors) = decode_capped(encoding, body, cap)?;
        if had_errors {
            notes.push(format!(
                "bytes invalid in {} replaced by U+FFFD",
                encoding.name()
            ));
        }
        Cow::Owned(text)
    };
    if text.len() as u64 > cap {
        return Err(text.len() as u64);
    }
    Ok(Decoded {
        text,
        skipped: skipped as u64,
        notes,
    })
}

/// Input bytes decoded at a time.
const CHUNK: usize = 64 << 10;

/// `body` in `encoding`, as UTF-8 of at most `cap` bytes (`Err` with the
/// size reached past it), and whether bytes invalid in the encoding were
/// replaced.
fn decode_capped(
    encoding: &'static Encoding,
    body: &[u8],
    cap: u64,
) -> Result<(String, bool), u64> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // Room for the whole text up to the cap (and a chunk past it) from the
    // start: the buffer never grows by copying, which would hold two
    // buffers at once. Pages never written take no memory.
    let most = decoder
        .max_utf8_buffer_length(body.len())
        .unwrap_or(usize::MAX);
    let room = usize::try_from(cap)
        .unwrap_or(usize::MAX)
        .saturating_add(4 * CHUNK);
    let mut out = String::with_capacity(most.min(room));
    let mut had_errors = false;
    let mut rest = body;
    loop {
        let take = rest.len().min(CHUNK);
        let (chunk, after) = rest.split_at(take);
        let last = after.is_empty();
        let mut pending = chunk;
        loop {
            let room = decoder
                .max_utf8_buffer_length(pending.len())
                .unwrap_or(usize::MAX);
            out.reserve(room.min(CHUNK * 4));
            let (result, read, errors) = decoder.decode_to_string(pending, &mut out, last);
            had_errors |= errors;
            pending = &pending[read..];
            if out.len() as u64 > cap {
                return Err(out.len() as u64);
            }
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        rest = after;
        if last {
            return Ok((out, had_errors));
        }
    }
}

/// The encoding the XML declaration names, for a document whose first bytes
/// are ASCII-compatible; UTF-8 when it names none (XML 1.0 §4.3.3), or one
/// that cannot apply to such bytes (noted).
fn declared(bytes: &[u8], notes: &mut Vec<String>) -> &'static Encoding {
    let Some(label) = declared_label(bytes) else {
        return UTF_8;
    };
    match Encoding::for_label(label) {
        Some(e) if e == UTF_16LE || e == UTF_16BE => {
            notes.push(format!(
                "declared encoding \"{}\" does not match the bytes; read as UTF-8",
                shown(&String::from_utf8_lossy(label))
            ));
            UTF_8
        }
        Some(e) if e != REPLACEMENT && e != X_USER_DEFINED => e,
        _ => {
            notes.push(format!(
                "unknown encoding \"{}\" declared; read as UTF-8",
                shown(&String::from_utf8_lossy(label))
            ));
            UTF_8
        }
    }
}

/// The value of `encoding=` in a leading `<?xml … ?>`, if any.
fn declared_label(bytes: &[u8]) -> Option<&[u8]> {
    let window = &bytes[..bytes.len().min(DECL_WINDOW)];
    let start = window.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = window.get(start..)?.strip_prefix(b"<?xml")?;
    let end = find(decl, b"?>")?;
    let decl = &decl[..end];
    let at = find(decl, b"encoding")?;
    let rest = decl[at + b"encoding".len()..].trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let close = value.iter().position(|b| *b == quote)?;
    Some(value[..close].trim_ascii())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_label() {
        assert_eq!(
            declared_label(b"<?xml version=\"1.0\" encoding='windows-1252'?><a/>"),
            Some(&b"windows-1252"[..])
        );
        assert_eq!(
            declared_label(b"\n <?xml version=\"1.0\" encoding = \"Shift_JIS\" ?>"),
            Some(&b"Shift_JIS"[..])
        );
        assert_eq!(declared_label(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(declared_label(b"<feedback/>"), None);
        assert_eq!(declared_label(b"<?xml encoding=\"x"), None);
    }

    fn decode_all(bytes: &[u8]) -> Decoded<'_> {
        decode(bytes, u64::MAX).unwrap()
    }

    #[test]
    fn latin1_and_bom_and_invalid_utf8() {
        let d = decode_all(b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xe9</a>");
        assert!(d.text.ends_with("<a>\u{e9}</a>"));
        assert!(d.notes.is_empty());
        let d = decode_all(b"\xef\xbb\xbf<a/>");
        assert_eq!(d.text, "<a/>");
        assert_eq!(d.skipped, 3);
        let d = decode_all(b"<a>\xff</a>");
        assert_eq!(d.text, "<a>\u{fffd}</a>");
        assert_eq!(d.notes.len(), 1);
        assert!(d.notes[0].contains("byte 3"), "{:?}", d.notes);
        let d = decode_all(b"<?xml version=\"1.0\" encoding=\"no-such\"?><a/>");
        assert!(d.notes[0].contains("no-such"));
    }

    #[test]
    fn decoded_text_is_capped_before_it_exists() {
        // windows-1252 0x93 is U+201C, three bytes in UTF-8.
        let mut doc = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>".to_vec();
        doc.extend(std::iter::repeat_n(0x93u8, 300_000));
        doc.extend(b"</a>");
        let full = decode(&doc, u64::MAX).unwrap().text.len();
        assert_eq!(full, doc.len() - 300_000 + 900_000);
        let err = decode(&doc, 400_000).err().unwrap();
        // Refused within a chunk's worth of text past the cap.
        assert!(
            (400_001..=400_000 + 4 * CHUNK as u64).contains(&err),
            "{err}"
        );
        assert!(decode(&doc, full as u64).is_ok());
        // A chunk boundary inside a multi-byte sequence decodes as a whole.
        let sjis = "受信者".repeat(40_000);
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&sjis);
        let mut doc = b"<?xml version=\"1.0\" encoding=\"shift_jis\"?><a>".to_vec();
        doc.push(b'x');
        doc.extend_from_slice(&bytes);
        doc.extend(b"</a>");
        let d = decode_all(&doc);
        assert!(d.text.contains(&sjis));
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        // Invalid UTF-8 triples too: each byte is a U+FFFD.
        let mut doc = b"<a>".to_vec();
        doc.extend(std::iter::repeat_n(0xffu8, 300_000));
        assert!(decode(&doc, 400_000).is_err());
        assert_eq!(decode_all(&doc).text.len(), 3 + 900_000);
    }
}
