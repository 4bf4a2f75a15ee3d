//! One rule for writing text that came from outside — a MAIL FROM address,
//! a HELO name, a DNS record, a header field — into a header field we add
//! (Received-SPF, Authentication-Results, DKIM-Signature) or onto a
//! terminal.
//!
//! Such text may hold CR and LF (which would end our header field and start
//! one the sender chose: header injection), escape sequences that reprogram
//! a terminal, or bidirectional controls that make a line read differently
//! from what it holds. [`escape_controls`] makes every one of them visible:
//!
//! | input                                   | written          |
//! |-----------------------------------------|------------------|
//! | `\`                                     | `\\`             |
//! | tab, LF, CR                             | `\t` `\n` `\r`   |
//! | other C0 controls and DEL               | `\x00` … `\x7f`  |
//! | C1 controls (U+0080–U+009F)             | `\u{9b}`         |
//! | bidirectional and line-separator marks  | `\u{202e}`       |
//!
//! The backslash is doubled so the mapping is one-to-one: `\x1b` in the
//! output is always ESC, and the four characters `\x1b` are written `\\x1b`.
//! The output holds only printable characters, so it fits an RFC 5322
//! quoted-string or comment once `"`, `(`, `)` and `\` are quoted there.
//!
//! ```
//! use domainauth::escape::escape_controls;
//! assert_eq!(escape_controls("x\r\nX-Injected: yes"), "x\\r\\nX-Injected: yes");
//! assert_eq!(escape_controls("\u{1b}[31mred"), "\\x1b[31mred");
//! assert_eq!(escape_controls("evil\u{202e}moc.example"), "evil\\u{202e}moc.example");
//! assert_eq!(escape_controls("shop.example"), "shop.example");
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for the characters [`escape_controls`] rewrites (besides `\`):
/// C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F),
/// the Unicode `Bidi_Control` characters (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069; Unicode UAX #9 §2) and the line and
/// paragraph separators U+2028 and U+2029, which some terminals and editors
/// take as line breaks.
///
/// ```
/// use domainauth::escape::is_escaped_char;
/// assert!(is_escaped_char('\n') && is_escaped_char('\u{9b}') && is_escaped_char('\u{2066}'));
/// assert!(!is_escaped_char('a') && !is_escaped_char('é') && !is_escaped_char('日'));
/// ```
pub fn is_escaped_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                // Zero-width space, word joiner and BOM: invisible, and a
                // lookalike name could hide them (the joiners emoji and
                // scripts need are kept).
                | '\u{200B}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `text` with `\` doubled and every character [`is_escaped_char`] accepts
/// written as a visible escape (see the [module](self) table); borrows when
/// nothing needs escaping.
///
/// Use it for every value from input written into a header field or onto
/// a terminal. The result contains no control character at all.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || is_escaped_char(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if is_escaped_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A whole block of terminal output whose values were already passed
/// through [`escape_controls`]: escapes what [`is_escaped_char`] accepts
/// except the line feeds and tabs of the layout, and leaves `\` alone.
///
/// This is a last line of defence for text printed by the command-line
/// tool, not a replacement for escaping each value: a line feed inside a
/// value must be escaped before the value is placed in the layout.
///
/// ```
/// use domainauth::escape::escape_controls_keep_layout;
/// assert_eq!(escape_controls_keep_layout("a\tb\n\u{1b}c\\d\n"), "a\tb\n\\x1bc\\d\n");
/// ```
pub fn escape_controls_keep_layout(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| c != '\n' && c != '\t' && is_escaped_char(c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Appends `text` as an RFC 5322 §3.2.2 comment: `(`, escaped text with
/// `(`, `)` and `\` written as quoted-pairs, `)`.
pub(crate) fn push_comment(out: &mut String, text: &str) {
    out.push('(');
    for c in escape_controls(text).chars() {
        if matches!(c, '(' | ')' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_is_escaped_visibly() {
        assert_eq!(escape_controls("a\tb"), "a\\tb");
        assert_eq!(escape_controls("\0\u{7}\u{7f}"), "\\x00\\x07\\x7f");
        assert_eq!(escape_controls("\u{85}\u{9f}"), "\\u{85}\\u{9f}");
        assert_eq!(
            escape_controls("\u{61c}\u{200e}\u{200f}\u{202a}\u{2069}\u{2028}\u{2029}"),
            "\\u{61c}\\u{200e}\\u{200f}\\u{202a}\\u{2069}\\u{2028}\\u{2029}"
        );
        assert_eq!(
            escape_controls("good\u{200b}.example\u{feff}\u{2060}"),
            "good\\u{200b}.example\\u{feff}\\u{2060}"
        );
        // Printable text, including non-ASCII and zero-width joiners used in
        // emoji, is kept.
        assert_eq!(
            escape_controls("日本語 é 👩\u{200d}💻"),
            "日本語 é 👩\u{200d}💻"
        );
    }

    #[test]
    fn escaping_is_one_to_one() {
        // The text "\x1b" and the character ESC must not be written alike.
        assert_ne!(escape_controls("\\x1b"), escape_controls("\u{1b}"));
        assert_eq!(escape_controls("\\x1b"), "\\\\x1b");
        assert_eq!(escape_controls("a\\b"), "a\\\\b");
    }

    #[test]
    fn comment_quotes_its_delimiters() {
        let mut out = String::new();
        push_comment(&mut out, "a (b) \\ c\r\n");
        assert_eq!(out, "(a \\(b\\) \\\\\\\\ c\\\\r\\\\n)");
    }

    /// Undoes [`escape_controls`] (tests only): shows the mapping is reversible.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('x') => {
                    let hex: String = chars.by_ref().take(2).collect();
                    out.push(char::from(u8::from_str_radix(&hex, 16).unwrap()));
                }
                Some('u') => {
                    assert_eq!(chars.next(), Some('{'));
                    let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                other => panic!("stray escape {other:?}"),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_has_no_controls_and_round_trips(text in "\\PC*|[\\x00-\\x{a0}\\u{2000}-\\u{206f}\\\\x]{0,40}") {
            let escaped = escape_controls(&text);
            proptest::prop_assert!(!escaped.chars().any(is_escaped_char), "{escaped:?}");
            proptest::prop_assert_eq!(unescape(&escaped), text);
        }
    }
}
