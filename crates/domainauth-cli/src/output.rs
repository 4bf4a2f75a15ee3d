//! Rendering findings as text or JSON.
//!
//! Values from input (domains, addresses, record text, file names) may hold
//! control characters. Each value placed in text output goes through
//! [`escape_controls`] (finding messages and `ui` labels already do, in the
//! library); [`print_text`] and [`print_json`] then make sure nothing but
//! the layout's own line feeds and tabs reaches the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

use domainauth::diag::{Finding, Lang, Severity, ui};
use domainauth::escape::{escape_controls, escape_controls_keep_layout, is_escaped_char};

/// A value from input, ready to be placed in text output.
pub fn term(value: &str) -> Cow<'_, str> {
    escape_controls(value)
}

fn severity_label(lang: Lang, severity: Severity) -> &'static str {
    match (lang, severity) {
        (Lang::Ja, Severity::Error) => "エラー",
        (Lang::Ja, Severity::Warning) => "警告",
        (Lang::Ja, Severity::Info) => "情報",
        (_, s) => s.as_str(),
    }
}

/// The "Findings" section: each finding with its fix under it.
pub fn findings_text(lang: Lang, findings: &[Finding]) -> String {
    let mut out = format!("{}\n", ui(lang, "ui-findings", &[]));
    if findings.is_empty() {
        let _ = writeln!(out, "  {}", ui(lang, "ui-no-findings", &[]));
    }
    for f in findings {
        let label = format!("[{}]", severity_label(lang, f.severity));
        let _ = writeln!(out, "  {label} {}", f.message(lang));
        if let Some(fix) = f.fix(lang) {
            let pad = " ".repeat(display_width(&label));
            let _ = writeln!(out, "  {pad} {}: {fix}", ui(lang, "ui-fix", &[]));
        }
    }
    out
}

/// Columns a string takes in a terminal (East Asian wide characters take two).
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Rows of `label  value`, labels padded to one column (wide characters
/// count double), each line indented by two spaces; labels and values have
/// their control characters escaped.
pub fn rows_text<K: AsRef<str>>(rows: &[(K, String)]) -> String {
    let rows: Vec<(Cow<'_, str>, Cow<'_, str>)> = rows
        .iter()
        .map(|(k, v)| (term(k.as_ref()), term(v)))
        .collect();
    let width = rows
        .iter()
        .map(|(k, _)| display_width(k))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (k, v) in &rows {
        let _ = writeln!(out, "  {k}{}  {v}", " ".repeat(width - display_width(k)));
    }
    out
}

/// Prints text output on stdout. Its values were escaped where they were
/// placed; any control character left (other than the layout's line feeds
/// and tabs) is escaped here too, so none reaches the terminal.
pub fn print_text(text: &str) {
    write_stdout(&escape_controls_keep_layout(text));
}

/// Writes `text` and flushes. A reader that went away (`| head`, a closed
/// stderr) ends the output quietly instead of a panic: there is nobody
/// left to tell, and the exit code still tells.
fn write_quietly(mut out: impl std::io::Write, text: &str) {
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn write_stdout(text: &str) {
    write_quietly(std::io::stdout().lock(), text);
}

/// Writes `text` on stderr, quietly (see `write_quietly`).
pub fn write_stderr(text: &str) {
    write_quietly(std::io::stderr().lock(), text);
}

/// An error line on stderr, with control characters escaped.
pub fn print_error(text: &str) {
    write_stderr(&format!("domainauth: {}\n", escape_controls(text)));
}

/// An error line on stderr whose text was rendered from the catalogs: its
/// values are escaped already (a second pass would double their
/// backslashes), so only a control character left, if any, is escaped.
pub fn print_rendered_error(text: &str) {
    if text.chars().any(is_escaped_char) {
        print_error(text);
    } else {
        write_stderr(&format!("domainauth: {text}\n"));
    }
}

/// JSON text with the characters that serde_json writes as they are but a
/// terminal would act on (DEL, C1 controls, bidirectional marks, U+2028 and
/// U+2029) written as `\uXXXX` escapes: the same JSON value, safe to print.
/// Outside strings JSON text is ASCII, so only string contents change.
fn json_terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped_char_in_json) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_escaped_char_in_json(c) {
            // Every such character is in the Basic Multilingual Plane.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// serde_json already escapes C0 controls and keeps the layout's line feeds.
fn is_escaped_char_in_json(c: char) -> bool {
    c >= '\u{7f}' && is_escaped_char(c)
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => write_stdout(&format!("{}\n", json_terminal_safe(&s))),
        Err(e) => print_error(&format!("cannot write JSON: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn json_stays_the_same_value_without_terminal_controls() {
        let value = json!({ "record": "a\u{1b}[2J\u{9b}31m\u{202e}b\u{7f}", "n": 1 });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_terminal_safe(&text);
        assert!(
            !safe.chars().any(|c| c != '\n' && is_escaped_char(c)),
            "{safe}"
        );
        assert!(
            safe.contains("\\u009b") && safe.contains("\\u202e"),
            "{safe}"
        );
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn rows_escape_values() {
        let rows = [("d=", "a\r\nInjected: yes".to_string())];
        assert_eq!(rows_text(&rows), "  d=  a\\r\\nInjected: yes\n");
    }
}
