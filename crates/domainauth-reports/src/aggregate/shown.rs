//! Values from hostile input made safe to put in an error or a note: control
//! characters escaped, length bounded.

use domainauth::escape::escape_controls;

/// Most characters of an input value an error or note repeats.
pub(crate) const SHOWN_CHARS: usize = 80;

/// `value` escaped as the project escapes all outside text
/// ([`domainauth::escape::escape_controls`]: C0 and C1 controls, DEL,
/// bidirectional controls and invisible marks such as `\x1b`, `\n`,
/// `\u{202e}`, `\u{2066}`; the backslash doubled, so the escaped form
/// cannot be forged by writing it) and cut to [`SHOWN_CHARS`] characters
/// (an ellipsis marks the cut), so that what we print from a report cannot
/// move the cursor, clear the screen, reverse a line or flood a terminal.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_CHARS * 2));
    let mut buf = [0u8; 4];
    for (n, c) in value.chars().enumerate() {
        if n == SHOWN_CHARS {
            out.push('…');
            break;
        }
        out.push_str(&escape_controls(c.encode_utf8(&mut buf)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_length_is_bounded() {
        assert_eq!(shown("a\x1b[2Jb\n"), "a\\x1b[2Jb\\n");
        assert_eq!(shown("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(shown("a\\x1b"), "a\\\\x1b");
        let long = "x".repeat(500);
        let s = shown(&long);
        assert_eq!(s.chars().count(), SHOWN_CHARS + 1);
        assert!(s.ends_with('…'));
        assert_eq!(shown("例え.jp"), "例え.jp");
    }
}
