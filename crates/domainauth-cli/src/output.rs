//! Rendering findings as text or JSON.

use std::fmt::Write as _;

use domainauth::diag::{Finding, Lang, Severity, ui};
use serde_json::{Value, json};

/// A finding with its text rendered in `lang`, for JSON output.
pub fn finding_json(lang: Lang, finding: &Finding) -> Value {
    json!({
        "code": finding.code,
        "severity": finding.severity,
        "params": finding.params,
        "message": finding.message(lang),
        "fix": finding.fix(lang),
    })
}

/// Findings rendered for JSON output.
pub fn findings_json(lang: Lang, findings: &[Finding]) -> Vec<Value> {
    findings.iter().map(|f| finding_json(lang, f)).collect()
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
/// count double), each line indented by two spaces.
pub fn rows_text<K: AsRef<str>>(rows: &[(K, String)]) -> String {
    let width = rows
        .iter()
        .map(|(k, _)| display_width(k.as_ref()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        let k = k.as_ref();
        let _ = writeln!(out, "  {k}{}  {v}", " ".repeat(width - display_width(k)));
    }
    out
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("domainauth: cannot write JSON: {e}"),
    }
}
