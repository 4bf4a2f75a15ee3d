//! Values from hostile input made safe to put in an error or a note: control
//! characters escaped, length bounded.

/// Most characters of an input value an error or note repeats.
pub(crate) const SHOWN_CHARS: usize = 80;

/// `value` with control characters escaped (`\n`, `\u{1b}` …) and cut to
/// [`SHOWN_CHARS`] characters (an ellipsis marks the cut), so that what we
/// print from a report cannot move the cursor, clear the screen or flood a
/// terminal.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_CHARS * 2));
    for (n, c) in value.chars().enumerate() {
        if n == SHOWN_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_length_is_bounded() {
        assert_eq!(shown("a\x1b[2Jb\n"), "a\\u{1b}[2Jb\\n");
        let long = "x".repeat(500);
        let s = shown(&long);
        assert_eq!(s.chars().count(), SHOWN_CHARS + 1);
        assert!(s.ends_with('…'));
        assert_eq!(shown("例え.jp"), "例え.jp");
    }
}
