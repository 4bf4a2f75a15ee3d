//! Mailbox names on the wire: the modified UTF-7 of RFC 3501 §5.1.3.
//!
//! IMAP4rev1 mailbox names are 7-bit: printable US-ASCII stands for
//! itself (`&` is written `&-`), every other run of characters is written
//! as its UTF-16 code units in a base64 variant (`,` instead of `/`, no
//! padding) between `&` and `-`.

/// The modified base64 alphabet (RFC 3501 §5.1.3: RFC 2045 base64 with
/// `,` in place of `/`).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/// `name` in modified UTF-7 (RFC 3501 §5.1.3).
///
/// ```
/// use domainauth_reports::source::imap::encode_mailbox;
/// // The examples of RFC 3501 §5.1.3.
/// assert_eq!(encode_mailbox("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
/// assert_eq!(encode_mailbox("Reports & Co"), "Reports &- Co");
/// ```
pub fn encode_mailbox(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut run: Vec<u16> = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut out, &mut run);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            run.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut out, &mut run);
    out
}

/// Writes a run of non-ASCII characters as `&…-` and empties it.
fn flush(out: &mut String, run: &mut Vec<u16>) {
    if run.is_empty() {
        return;
    }
    let bytes: Vec<u8> = run.iter().flat_map(|u| u.to_be_bytes()).collect();
    out.push('&');
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // 1 byte gives 2 characters, 2 give 3, 3 give 4; no padding.
        for i in 0..=chunk.len() {
            let index = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out.push('-');
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::encode_mailbox;

    #[test]
    fn rfc3501_examples() {
        // RFC 3501 §5.1.3: "~peter/mail/&U,BTFw-/&ZeVnLIqe-" is
        // "~peter/mail/" followed by 台北 and 日本語.
        assert_eq!(encode_mailbox("台北"), "&U,BTFw-");
        assert_eq!(encode_mailbox("日本語"), "&ZeVnLIqe-");
        assert_eq!(encode_mailbox("&"), "&-");
        assert_eq!(encode_mailbox("INBOX"), "INBOX");
    }

    #[test]
    fn other_lengths_and_surrogates() {
        // RFC 2152 (UTF-7) examples, with "," for "/" and no "+":
        // "Hi Mom -☺-!" is "Hi Mom -+Jjo--!" in UTF-7.
        assert_eq!(encode_mailbox("Hi Mom -☺-!"), "Hi Mom -&Jjo--!");
        // U+00E9 alone: 0x00E9 → "AOk".
        assert_eq!(encode_mailbox("é"), "&AOk-");
        // A character outside the BMP: surrogate pair D83D DE00.
        assert_eq!(encode_mailbox("😀"), "&2D3eAA-");
        // A control character is not printable ASCII: base64, never raw.
        assert_eq!(encode_mailbox("a\u{7f}"), "a&AH8-");
    }
}
