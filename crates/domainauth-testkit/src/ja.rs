//! Checks for Japanese text: English words left in `--lang ja` output, and
//! the variants the glossary (`docs/ja-glossary.md`) forbids.
//!
//! What counts as English: a word of two or more ASCII letters, standing
//! alone, that is not on [`ALLOWED`]. Names and values are not words: a
//! token holding a digit or one of `. @ = : / _ - < > % + ~ # $ * [ ] \ |`
//! (domains, addresses, record terms, options, codes) is skipped, and so is
//! text in ASCII double quotes (the catalogue quotes literal values that
//! way). Header fields we write (Received-SPF, Authentication-Results) stay
//! English by design and are skipped with their continuation lines.

/// Words that stay as they are in Japanese text: protocol names and codes,
/// record types, result and policy keywords, SPF mechanism names, header
/// field names, product and command names.
#[rustfmt::skip]
pub const ALLOWED: &[&str] = &[
    // Protocols, standards and their acronyms.
    "SPF", "DKIM", "DMARC", "ARC", "DNS", "RFC", "IP", "SMTP", "UDP", "HTTPS", "POST", "URI", "PSL",
    "PEM", "PKCS", "RSA", "CIDR", "TTL", "NTP", "LF", "CRLF", "OS", "FCrDNS", "UTC",
    // Mail access: IMAP and its TLS, message UIDs.
    "IMAP", "TLS", "STARTTLS", "UID", "URL",
    // Report sources: the MaxMind database format, autonomous systems.
    "MaxMind", "AS",
    // Record types and classes, DNS answer codes.
    "A", "AAAA", "TXT", "MX", "PTR", "CNAME", "IN", "NXDOMAIN", "SERVFAIL", "REFUSED",
    // SMTP and header field names.
    "HELO", "EHLO", "MAIL", "FROM", "From", "Received", "To", "Subject", "Date",
    // Results, policies and modes (codes printed as they are).
    "pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy", "reject",
    "quarantine", "relaxed", "strict", "simple", "mailfrom", "helo", "rsa",
    // SPF mechanisms and modifiers.
    "all", "mx", "ptr", "exists", "include", "redirect", "exp",
    // The clause word of a Received field ("Received (by mx.example)").
    "by",
    // The URI scheme of DMARC report addresses.
    "mailto",
    // Report formats the reports commands name (RFC 9990 XML, RFC 8460 JSON).
    "XML", "JSON",
    // Mail posture: RFC 7505 null MX, DNSSEC record types, MTA-STS (RFC
    // 8461) policy keys and modes, BIMI and its logo format.
    "null", "Null", "DNSSEC", "DNSKEY", "SOA", "BIMI", "SVG", "id", "mode", "enforce", "testing",
    "HTTP", "https", "Tiny", "PS",
    // Names: of services, of this command, of the commands the fixes name.
    "Gmail", "Yahoo", "docomo", "domainauth", "dig", "chmod", "localhost",
    // Profile names as --profile takes them (gmail-bulk's alias).
    "gmail", "yahoo",
    // The MTA the milter runs under, and the socket notation it shares
    // with it (inet:HOST:PORT).
    "Postfix", "inet",
    // The filters `milter import-…` reads, the tables and settings its
    // notes name, and the size limit's unit.
    "OpenDKIM", "OpenDMARC", "KeyTable", "SigningTable", "AuthservID", "Include", "MiB",
];

/// The subcommands, allowed on a line that shows a command line (holds
/// "domainauth " followed by them, as a usage line does).
const SUBCOMMANDS: &[&str] = &[
    "verify", "check", "spf", "dkim", "dmarc", "record", "lint", "sign", "keygen", "milter",
];

/// Proper names of more than one word, allowed as a whole.
const ALLOWED_PHRASES: &[&str] = &["Public Suffix List"];

/// Header fields whose text is English by design (RFC 7208 §9.1, RFC 8601).
const HEADER_FIELDS: &[&str] = &["Received-SPF:", "Authentication-Results:"];

fn is_name_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '.' | '@'
                | '='
                | ':'
                | '/'
                | '_'
                | '-'
                | '<'
                | '>'
                | '%'
                | '+'
                | '~'
                | '#'
                | '$'
                | '*'
                | '['
                | ']'
                | '\\'
                | '|'
        )
}

/// Text with its ASCII-double-quoted parts removed.
fn without_quoted(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
            out.push(' ');
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The English words in `text` (see the [module](self) documentation), with
/// the line each stands on.
pub fn english_words(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut header_indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(i) = header_indent {
            if !trimmed.is_empty() && indent(line) > i {
                continue;
            }
            header_indent = None;
        }
        if HEADER_FIELDS.iter().any(|h| trimmed.starts_with(h)) {
            header_indent = Some(indent(line));
            continue;
        }
        let mut rest = without_quoted(line);
        for phrase in ALLOWED_PHRASES {
            rest = rest.replace(phrase, " ");
        }
        for token in rest.split(|c: char| c.is_whitespace() || !c.is_ascii()) {
            // Sentence punctuation around a word goes; a leading dot stays
            // (".jp" after a Japanese label is a name).
            let word = token
                .trim_matches(|c: char| c.is_ascii_punctuation() && !is_name_char(c))
                .trim_start_matches(['(', '\'', ','])
                .trim_end_matches(['(', ')', ',', ';', '!', '?', '\'', '.', ':']);
            if word.len() < 2 || word.chars().any(|c| !c.is_ascii_alphabetic()) {
                continue;
            }
            let command_line = line.contains("domainauth ") && SUBCOMMANDS.contains(&word);
            if !ALLOWED.contains(&word) && !command_line {
                found.push((word.to_string(), line.to_string()));
            }
        }
    }
    found
}

/// One rule of the glossary: `variant` must not be written; `terms` are
/// the forms to use, at whose place the variant is not reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forbidden {
    /// The forms the glossary uses.
    pub terms: Vec<String>,
    /// The form it does not use.
    pub variant: String,
}

fn cells(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    if !line.starts_with('|') || line.starts_with("|---") {
        return None;
    }
    Some(
        line.trim_matches('|')
            .split('|')
            .map(|c| c.trim().replace('`', ""))
            .collect(),
    )
}

/// The forbidden variants of the glossary table (its last column; `—`
/// for none), skipping the header row.
pub fn glossary(markdown: &str) -> Vec<Forbidden> {
    let mut out = Vec::new();
    for row in markdown.lines().filter_map(cells).skip(1) {
        let (Some(term), Some(variants)) = (row.first(), row.last()) else {
            continue;
        };
        let terms: Vec<String> = term
            .split(['、', '／'])
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        for variant in variants.split('、').map(str::trim) {
            if variant.is_empty() || variant == "—" {
                continue;
            }
            out.push(Forbidden {
                terms: terms.clone(),
                variant: variant.to_string(),
            });
        }
    }
    out
}

/// Where `text` uses a forbidden variant: the variant and its line. With
/// `names_possible`, variants written in ASCII are not checked (output can
/// hold them as names from the input).
pub fn glossary_violations(
    text: &str,
    rules: &[Forbidden],
    names_possible: bool,
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for rule in rules {
        if names_possible && rule.variant.is_ascii() {
            continue;
        }
        for line in text.lines() {
            for (at, _) in line.match_indices(rule.variant.as_str()) {
                let here = &line[at..];
                if rule
                    .terms
                    .iter()
                    .any(|t| t.contains(&rule.variant) && here.starts_with(t.as_str()))
                {
                    continue;
                }
                found.push((rule.variant.clone(), line.to_string()));
            }
        }
    }
    found
}

/// The literal text of a Fluent catalogue: comments, message ids,
/// attribute names, variables, selector keys and the quoted values in
/// string literals removed, so that what is left is the text a reader sees
/// around the values.
pub fn catalogue_text(ftl: &str) -> String {
    let mut out = String::new();
    for line in ftl.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        // "id = text" or ".fix = text": drop the name.
        let text = match trimmed.split_once(" = ") {
            Some((name, text))
                if !name.contains(' ')
                    && (name.starts_with('.')
                        || name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')) =>
            {
                text
            }
            _ => trimmed,
        };
        let mut clean = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // A variable, a selector arrow, a select key.
                '$' => {
                    while chars
                        .peek()
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                    {
                        chars.next();
                    }
                }
                '*' if chars.peek() == Some(&'[') => {}
                '[' => {
                    let key: String = chars.by_ref().take_while(|c| *c != ']').collect();
                    if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        clean.push('[');
                        clean.push_str(&key);
                        clean.push(']');
                    }
                }
                // A placeable stands for a value: a name, not a word.
                '{' | '}' => clean.push('_'),
                '-' if chars.peek() == Some(&'>') => {
                    chars.next();
                }
                _ => clean.push(c),
            }
        }
        out.push_str(&clean);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_found_and_names_are_not() {
        let words =
            |t: &str| -> Vec<String> { english_words(t).into_iter().map(|(w, _)| w).collect() };
        assert_eq!(words("DNS: zone files examples/s1.zone"), ["zone", "files"]);
        assert!(words("ゾーンファイル examples/s1.zone（DNS: example.co.jp）").is_empty());
        assert_eq!(
            words("（_spf.example.net publishes no SPF record）"),
            ["publishes", "no", "record"]
        );
        assert!(words("\"v=spf1 include:_spf.example.net -all\" を公開してください").is_empty());
        assert!(words("SPF pass — 203.0.113.25 info@example.co.jp").is_empty());
        assert_eq!(words("key  2048 ビット"), ["key"]);
        // Subcommands are names on a command line only.
        assert!(words("使い方: domainauth spf check --ip <IP>").is_empty());
        assert_eq!(
            words("domainauth: check the record"),
            ["check", "the", "record"]
        );
        assert!(words("Public Suffix List では example.co.jp です").is_empty());
        // Header fields we add stay English, with their continuation lines.
        let header = "  Authentication-Results: x;\n  \tspf=pass (domain of a designates b as permitted sender)\n診断 cannot";
        assert_eq!(words(header), ["cannot"]);
    }

    #[test]
    fn glossary_rows_give_their_variants() {
        let md = "| 用語 | 使う場面 | 使わない表記 |\n|---|---|---|\n| セレクター | DKIM の s= | セレクタ |\n| ドコモ | x | `docomo` |\n| です | x | — |\n";
        let rules = glossary(md);
        assert_eq!(rules.len(), 2);
        assert!(glossary_violations("セレクターを直す", &rules, false).is_empty());
        assert_eq!(
            glossary_violations("セレクタを直す", &rules, false).len(),
            1
        );
        assert_eq!(
            glossary_violations("docomo などの受信側", &rules, false).len(),
            1
        );
        assert!(glossary_violations("プロファイル docomo", &rules, true).is_empty());
    }

    #[test]
    fn catalogue_text_keeps_words_around_values() {
        let ftl = "# comment\nspf-x = { $domain } is { $kind ->\n        [yes] broken here\n       *[no] { $term }\n    }.\n    .fix = Fix \"{ $term }\" now.\n";
        let text = catalogue_text(ftl);
        let words: Vec<String> = english_words(&text).into_iter().map(|(w, _)| w).collect();
        assert_eq!(words, ["is", "broken", "here", "Fix", "now"]);
    }
}
