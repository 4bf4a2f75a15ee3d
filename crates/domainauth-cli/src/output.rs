//! Rendering findings as text or JSON.
//!
//! Values from input (domains, addresses, record text, file names) may hold
//! control characters. Each value placed in text output goes through
//! [`escape_controls`] (finding messages and `ui` labels already do, in the
//! library); [`print_text`] and [`print_json`] then make sure nothing but
//! the layout's own line feeds and tabs reaches the terminal.
//!
//! Colour: text is built as a [`Text`], spans of plain text some of which
//! carry a [`Tone`] (a severity or a result) chosen by the code that built
//! them, never read from the text. [`print_text`] escapes each span and
//! only then wraps toned spans in the terminal's colour sequences, so no
//! sequence comes from input and a value cannot end or change a colour.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use anstyle::{AnsiColor, Style};

use domainauth::diag::{Finding, Lang, Severity, ui};
use domainauth::escape::{escape_controls, escape_controls_keep_layout, is_escaped_char};
use unicode_width::UnicodeWidthStr;

use crate::CliError;

/// What a coloured span says; its colour follows from it (see [`Tone::style`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// An error finding, or a result that fails (fail, permerror).
    Error,
    /// A warning finding, or a result that is not a pass without failing
    /// (softfail, neutral, none, temperror, policy).
    Warning,
    /// A finding for information.
    Info,
    /// A pass.
    Pass,
}

impl Tone {
    /// The tone of a finding's severity.
    pub fn of_severity(severity: Severity) -> Self {
        match severity {
            Severity::Error => Self::Error,
            Severity::Warning => Self::Warning,
            _ => Self::Info,
        }
    }

    /// The tone of an authentication result, given by its RFC 8601 keyword
    /// as the library's result types write it (`SpfResult`, `DkimResult`,
    /// `DmarcResult`): a pass, a failure, or neither.
    pub fn of_result(result: &str) -> Self {
        match result {
            "pass" => Self::Pass,
            "fail" | "permerror" => Self::Error,
            _ => Self::Warning,
        }
    }

    /// Red, yellow, cyan and green: the colours terminals give their
    /// errors, warnings, notes and successes. Severities are bold, as a
    /// label at the start of a line.
    fn style(self) -> Style {
        let colour = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        match self {
            Self::Error => colour(AnsiColor::Red).bold(),
            Self::Warning => colour(AnsiColor::Yellow).bold(),
            Self::Info => colour(AnsiColor::Cyan),
            Self::Pass => colour(AnsiColor::Green),
        }
    }
}

/// Text output under construction: spans, each plain or with a [`Tone`].
/// Written to with `write!`/`push_str` (plain) and [`Text::toned`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    spans: Vec<(Option<Tone>, String)>,
}

impl Text {
    /// Empty text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends plain text.
    pub fn push_str(&mut self, s: &str) {
        match self.spans.last_mut() {
            Some((None, last)) => last.push_str(s),
            _ => self.spans.push((None, s.to_string())),
        }
    }

    /// Appends a character of plain text.
    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Appends `s` in `tone`.
    pub fn toned(&mut self, tone: Tone, s: &str) {
        self.spans.push((Some(tone), s.to_string()));
    }

    /// Appends `other`, its tones kept.
    pub fn push_text(&mut self, other: Text) {
        for (tone, s) in other.spans {
            match tone {
                Some(tone) => self.toned(tone, &s),
                None => self.push_str(&s),
            }
        }
    }

    /// The text without colours.
    #[cfg(test)]
    pub fn plain(&self) -> String {
        self.spans.iter().map(|(_, s)| s.as_str()).collect()
    }

    /// The text as the terminal gets it: every span with its control
    /// characters escaped, then toned spans wrapped in colour sequences
    /// when `colour` is true.
    fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for (tone, s) in &self.spans {
            let s = escape_controls_keep_layout(s);
            match tone {
                Some(tone) if colour && !s.is_empty() => {
                    let style = tone.style();
                    let _ = write!(out, "{}{s}{}", style.render(), style.render_reset());
                }
                _ => out.push_str(&s),
            }
        }
        out
    }
}

impl fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Self {
            spans: vec![(None, s)],
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Self::from(s.to_string())
    }
}

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

/// The "Findings" section: its heading, then [`findings_lines`].
pub fn findings_text(lang: Lang, findings: &[Finding]) -> Text {
    let mut out = Text::from(format!("{}\n", ui(lang, "ui-findings", &[])));
    out.push_text(findings_lines(lang, findings));
    out
}

/// Each finding with its severity label (in the severity's colour) and
/// its fix under it; a line saying there is none when there is none.
pub fn findings_lines(lang: Lang, findings: &[Finding]) -> Text {
    let mut out = Text::new();
    if findings.is_empty() {
        let _ = writeln!(out, "  {}", ui(lang, "ui-no-findings", &[]));
    }
    for f in findings {
        let label = format!("[{}]", severity_label(lang, f.severity));
        out.push_str("  ");
        out.toned(Tone::of_severity(f.severity), &label);
        let _ = writeln!(out, " {}", f.message(lang));
        if let Some(fix) = f.fix(lang) {
            let pad = " ".repeat(display_width(&label));
            let _ = writeln!(out, "  {pad} {}: {fix}", ui(lang, "ui-fix", &[]));
        }
    }
    out
}

/// Columns a string takes in a terminal: two for East Asian wide
/// characters (Japanese), none for combining marks and zero-width joiners,
/// two for an emoji (Unicode UAX #11 and the emoji presentation rules, as
/// the `unicode-width` crate applies them). Control characters count as
/// none: text is measured after its controls were escaped.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Text on one line: every character [`is_escaped_char`] accepts, line
/// feeds, tabs and carriage returns included, written as a visible escape;
/// backslashes are left alone. For text the program composed (catalog
/// labels, whose parameters the catalog escaped already): a second
/// [`term`] would double the backslashes of those escapes.
fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped_char(c) {
            out.push_str(&escape_controls(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One cell of a table ([`table_text`]): text that holds no control
/// character (so it stays on its line and in its column), with a tone or
/// none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    text: String,
    tone: Option<Tone>,
}

impl Cell {
    /// A value from input (a domain, a record, an address): escaped with
    /// [`term`], line feeds, tabs and carriage returns included.
    pub fn input(value: &str) -> Self {
        Self {
            text: term(value).into_owned(),
            tone: None,
        }
    }

    /// Text the program composed: a word, or a catalog label whose values
    /// the catalog escaped. Any control character left is escaped too.
    pub fn label(text: impl AsRef<str>) -> Self {
        Self {
            text: one_line(text.as_ref()).into_owned(),
            tone: None,
        }
    }

    /// An authentication result keyword (`pass`, `fail` …) in its colour
    /// ([`Tone::of_result`]).
    pub fn result(keyword: &str) -> Self {
        Self::label(keyword).toned(Tone::of_result(keyword))
    }

    /// The cell in `tone`.
    pub fn toned(mut self, tone: Tone) -> Self {
        self.tone = Some(tone);
        self
    }

    /// Terminal columns, measured on the escaped text (what is printed).
    fn width(&self) -> usize {
        display_width(&self.text)
    }
}

/// Rows of cells as aligned columns: each row on one line indented by two
/// spaces, cells two spaces apart, each column padded to its widest cell
/// by display width, measured after escaping; no padding after the last
/// cell of a row that has text.
pub fn table_text(rows: &[Vec<Cell>]) -> Text {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = Text::new();
    for row in rows {
        out.push_str("  ");
        let last = row.iter().rposition(|c| !c.text.is_empty()).unwrap_or(0);
        for (i, cell) in row.iter().enumerate().take(last + 1) {
            if i > 0 {
                out.push_str("  ");
            }
            match cell.tone {
                Some(tone) => out.toned(tone, &cell.text),
                None => out.push_str(&cell.text),
            }
            if i < last {
                out.push_str(&" ".repeat(widths[i].saturating_sub(cell.width())));
            }
        }
        out.push('\n');
    }
    out
}

/// Rows of `label  value` ([`table_text`] with two columns).
pub fn rows_text(rows: Vec<(Cell, Cell)>) -> Text {
    let rows: Vec<Vec<Cell>> = rows.into_iter().map(|(k, v)| vec![k, v]).collect();
    table_text(&rows)
}

/// Prints text output on stdout, in colour if `colour` (see
/// [`crate::Common::colour`]). Its values were escaped where they were
/// placed; any control character left (other than the layout's line feeds
/// and tabs) is escaped here too, so none reaches the terminal but the
/// colour sequences added for toned spans.
///
/// A failed write (a full disk, `> /dev/full`) is an error the command
/// returns (exit 3), see [`write_stdout`].
pub fn print_text(text: &Text, colour: bool) -> Result<(), CliError> {
    write_stdout(text.render(colour).as_bytes())
}

/// Writes `bytes` and flushes. A reader that went away (`| head`, a closed
/// pipe) ends the output quietly: there is nobody left to tell, and the
/// exit code still tells. Any other failure is returned.
fn write_all(mut out: impl std::io::Write, bytes: &[u8]) -> std::io::Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        written => written,
    }
}

/// Writes `bytes` on stdout: a failure other than a closed pipe is the
/// error `write-stdout` (exit 3), which [`CliError::report`] then gives
/// on stderr, stdout being what failed.
pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    write_all(std::io::stdout().lock(), bytes)
        .map_err(|e| CliError::failure("write-stdout").reason("error", &e))
}

/// Writes `text` on stderr. A failure there has nowhere left to be
/// reported: the exit code tells.
pub fn write_stderr(text: &str) {
    let _ = write_all(std::io::stderr().lock(), text.as_bytes());
}

/// A warning line on stderr, rendered from the catalogs (its values are
/// escaped already).
pub fn print_warning(text: &str) {
    print_rendered_error(text);
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

/// Prints `value` as pretty JSON on stdout; a failed write is an error as
/// for [`print_text`].
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::failure("json-output").param("error", e))?;
    write_stdout(format!("{}\n", json_terminal_safe(&text)).as_bytes())
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
    fn widths_are_terminal_columns() {
        assert_eq!(display_width("DMARC"), 5);
        assert_eq!(display_width("認証"), 4);
        assert_eq!(display_width("ｱ"), 1, "half-width katakana");
        // e + COMBINING ACUTE ACCENT, and a decomposed が (か + U+3099).
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("か\u{3099}"), 2);
        assert_eq!(display_width("📧"), 2);
        // A family emoji joined with ZWJ is one picture, two columns.
        assert_eq!(display_width("👩\u{200d}👩\u{200d}👧"), 2);
    }

    #[test]
    fn rows_line_up_by_display_width() {
        let rows = vec![
            (Cell::label("鍵"), Cell::input("a")),
            (Cell::label("e\u{301}e\u{301}e\u{301}"), Cell::input("b")),
            (Cell::label("📧x"), Cell::input("c")),
            (Cell::label("d="), Cell::input("d")),
        ];
        let text = rows_text(rows).plain();
        // Every value starts in the same terminal column (2 + 3 + 2).
        for line in text.lines() {
            let value_at = line.rfind(' ').unwrap() + 1;
            assert_eq!(display_width(&line[..value_at]), 7, "{text}");
        }
        assert!(text.starts_with("  鍵   a\n"), "{text}");
    }

    #[test]
    fn rows_escape_values() {
        let rows = vec![(Cell::label("d="), Cell::input("a\r\nInjected: yes"))];
        assert_eq!(rows_text(rows).plain(), "  d=  a\\r\\nInjected: yes\n");
    }

    /// A cell from input holding a line feed and a forged row, a tab, an
    /// escape sequence or a right-to-left override stays one line, and the
    /// next column starts where it does in the other rows: widths are
    /// measured on the escaped text.
    #[test]
    fn a_value_cannot_add_a_row_or_shift_a_column() {
        let rows = vec![
            vec![
                Cell::label("Method"),
                Cell::label("Domain"),
                Cell::label("Aligned"),
            ],
            vec![
                Cell::label("SPF"),
                Cell::input("x.example\n  DKIM  pass  x.example  yes"),
                Cell::label("no"),
            ],
            vec![Cell::label("SPF"), Cell::input("ev\til"), Cell::label("no")],
            vec![
                Cell::label("SPF"),
                Cell::input("\u{1b}[2J\u{202e}ab"),
                Cell::label("no"),
            ],
        ];
        let text = table_text(&rows).plain();
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.contains("x.example\\n  DKIM"), "{text}");
        assert!(text.contains("ev\\til"), "{text}");
        let starts: Vec<usize> = text
            .lines()
            .map(|l| display_width(&l[..l.rfind("  ").unwrap() + 2]))
            .collect();
        assert!(starts.iter().all(|&s| s == starts[0]), "{starts:?}\n{text}");
    }

    /// A label keeps the backslashes of the escapes the catalog wrote (a
    /// second escaping would double them), and a control character left in
    /// it is escaped.
    #[test]
    fn labels_are_escaped_once() {
        assert_eq!(
            Cell::label("p=none (a\\x1b.example)").text,
            "p=none (a\\x1b.example)"
        );
        assert_eq!(Cell::label("a\nb\tc").text, "a\\nb\\tc");
        assert_eq!(Cell::input("a\\x1b").text, "a\\\\x1b");
    }

    proptest::proptest! {
        /// Whatever the values, each row of a table is one line and each
        /// column starts at the same terminal column in every row.
        #[test]
        fn any_values_give_one_line_per_row_and_aligned_columns(
            values in proptest::collection::vec(
                proptest::collection::vec(proptest::prelude::any::<String>(), 3),
                1..6,
            ),
        ) {
            let rows: Vec<Vec<Cell>> = values
                .iter()
                .map(|row| {
                    let mut cells = vec![Cell::label("SPF")];
                    cells.extend(row.iter().map(|v| Cell::input(v)));
                    cells.push(Cell::label("end"));
                    cells
                })
                .collect();
            let text = table_text(&rows).plain();
            let lines: Vec<&str> = text.lines().collect();
            proptest::prop_assert_eq!(lines.len(), rows.len(), "{}", text);
            // Column i starts after the indent and the widest cell of each
            // column before it, two spaces apart.
            let columns = rows[0].len();
            let widths: Vec<usize> = (0..columns)
                .map(|i| rows.iter().map(|r| display_width(&r[i].text)).max().unwrap_or(0))
                .collect();
            for (line, row) in lines.iter().zip(&rows) {
                let mut column = 2;
                for (i, cell) in row.iter().enumerate() {
                    let found = line
                        .char_indices()
                        .map(|(at, _)| at)
                        .chain([line.len()])
                        .any(|at| display_width(&line[..at]) == column && line[at..].starts_with(&cell.text));
                    proptest::prop_assert!(found, "cell {} ({:?}) not at column {}: {:?}", i, cell.text, column, line);
                    column += widths[i] + 2;
                }
            }
        }
    }

    #[test]
    fn colour_wraps_toned_spans_only_when_asked() {
        let mut text = Text::from("  ");
        text.toned(Tone::Error, "[error]");
        text.push_str(" broken\n");
        assert_eq!(text.render(false), "  [error] broken\n");
        assert_eq!(
            text.render(true),
            "  \u{1b}[1m\u{1b}[31m[error]\u{1b}[0m broken\n"
        );
        let mut pass = Text::new();
        pass.toned(Tone::of_result("pass"), "pass");
        assert_eq!(pass.render(true), "\u{1b}[32mpass\u{1b}[0m");
    }

    /// A value holding colour sequences or an SGR reset is escaped before
    /// colours are added: it can neither colour the text nor end a colour.
    #[test]
    fn sequences_in_values_are_escaped_before_colour_is_added() {
        let mut text = Text::new();
        text.toned(Tone::Warning, "a\u{1b}[0mb\u{9b}31m");
        text.push_str("\u{1b}[32mc\n");
        let shown = text.render(true);
        assert_eq!(
            shown,
            "\u{1b}[1m\u{1b}[33ma\\x1b[0mb\\u{9b}31m\u{1b}[0m\\x1b[32mc\n"
        );
        // The only ESC characters are those the tone added.
        assert_eq!(shown.matches('\u{1b}').count(), 3, "{shown:?}");
    }
}
