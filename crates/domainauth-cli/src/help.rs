//! What every checking command's help ends with — the exit codes, errors
//! with `--json`, offline use — written once and rendered twice: as text
//! under `--help` ([`after_help`]) and as manual page sections
//! ([`man_sections`]).

use clap_mangen::roff::{Roff, bold, roman};

use crate::exit;

/// Each exit code and when the commands give it.
const EXIT_CODES: [(u8, &str); 4] = [
    (
        exit::OK,
        "the check ran and passed: verify: DMARC pass and every --profile check met \
         (whatever else the findings note); spf check, dkim verify: every result pass; \
         arc verify: the chain validates (a message without ARC sets does not pass); \
         check, dmarc check/lint, spf record: no warning and no error. So the command \
         can serve as a monitoring check (check DOMAIN for a domain's records). \
         dkim sign, arc seal: the message was signed or sealed; dkim keygen: the key \
         was written",
    ),
    (
        exit::NOT_OK,
        "the check ran and did not pass (any other result; for the record and domain \
         checks, any warning or error)",
    ),
    (
        exit::USAGE,
        "invalid arguments (an IP address or domain that cannot be used, an unknown option)",
    ),
    (
        exit::FAILURE,
        "the check could not run (unreadable message, key or zone file, a DNS resolver \
         that cannot start or answers nothing: it is named, and no domain is blamed; \
         arc seal: a message that cannot take another set, as one with 50 sets or \
         whose newest seal already says cv=fail)",
    ),
];

/// Errors with `--json`, before the example.
const JSON_ERRORS: &str = "With --json an error is an object on stdout instead of a line on stderr, \
     with the same exit code:";

/// An error document, its values elided.
const JSON_ERROR_EXAMPLE: &str =
    r#"{"schema_version": "1", "error": {"code": ..., "message": ..., "params": {...}}}"#;

/// After the example.
const JSON_SCHEMAS: &str = "Every document has a JSON Schema: see docs/json.md.";

/// Offline use and the choice of resolver.
const OFFLINE_USE: &str = "Offline use: give the DNS data as zone files with --zone (repeatable) to see \
     what receivers would conclude if those records were published. Without --zone \
     the system resolver is used; --resolver IP:PORT picks a server.";

/// Columns of the `--help` text.
const WIDTH: usize = 80;

/// `text` in lines of at most [`WIDTH`] columns, the first starting with
/// `first`, the others with `rest` (words longer than a line stay whole).
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out
}

/// The text under every checking command's `--help`.
pub fn after_help() -> String {
    let mut out = String::from("Exit codes:\n");
    for (code, meaning) in EXIT_CODES {
        out.push_str(&wrap(meaning, &format!("  {code}  "), "     "));
        out.push('\n');
    }
    out.push_str(&wrap(JSON_ERRORS, "", ""));
    out.push_str("\n  ");
    out.push_str(JSON_ERROR_EXAMPLE);
    out.push('\n');
    out.push_str(JSON_SCHEMAS);
    out.push_str("\n\n");
    out.push_str(&wrap(OFFLINE_USE, "", ""));
    out
}

/// The exit statuses of `milter`, which runs until stopped.
const MILTER_EXIT_CODES: [(u8, &str); 4] = [
    (
        0,
        "stopped (SIGTERM); with --check-config: the file is valid and every signing key is published as configured",
    ),
    (
        1,
        "with --check-config: the file is valid, but a signing key is not published as configured (each key's line says how)",
    ),
    (
        2,
        "the arguments or the configuration file are wrong (its line and column named), or a key file is unusable",
    ),
    (
        3,
        "the milter could not run (the socket could not be opened, the history store could not be reached)",
    ),
];

const MILTER_OFFLINE: &str = "Offline: the configuration's [dns] zones = [\"FILE\", …] answers from zone \
     files instead of DNS (read again on SIGHUP). SIGHUP reloads the configuration and keys; SIGTERM stops. \
     docs/milter.md has every setting, a systemd unit and the Postfix settings.";

/// The text after `milter --help`: its exit statuses and signals.
pub fn milter_after_help() -> String {
    let mut out = String::from("Exit codes:\n");
    for (code, meaning) in MILTER_EXIT_CODES {
        out.push_str(&wrap(meaning, &format!("  {code}  "), "     "));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&wrap(MILTER_OFFLINE, "", ""));
    out
}

/// The same as manual page sections: EXIT STATUS (a tagged paragraph per
/// code, the JSON example unfilled) and OFFLINE USE, in roff.
pub fn man_sections() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", [])
            .text([bold(code.to_string())])
            .text([roman(meaning)]);
    }
    roff.control("PP", [])
        .text([roman(JSON_ERRORS)])
        .control("RS", [])
        .control("nf", [])
        .text([roman(JSON_ERROR_EXAMPLE)])
        .control("fi", [])
        .control("RE", [])
        .control("PP", [])
        .text([roman(JSON_SCHEMAS)]);
    roff.control("SH", ["OFFLINE USE"])
        .text([roman(OFFLINE_USE)]);
    // The page's preamble defines \*(Aq, an apostrophe that groff does not
    // turn into a closing quote.
    roff.to_roff().replace('\'', "\\*(Aq")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines_fit_and_keep_every_word() {
        let text = after_help();
        // (The JSON example is kept on one line.)
        for line in text.lines().filter(|l| !l.contains(JSON_ERROR_EXAMPLE)) {
            assert!(line.chars().count() <= WIDTH, "{line:?}");
        }
        let words = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        let mut expected = vec!["Exit".to_string(), "codes:".to_string()];
        for (code, meaning) in EXIT_CODES {
            expected.push(code.to_string());
            expected.extend(words(meaning));
        }
        for part in [JSON_ERRORS, JSON_ERROR_EXAMPLE, JSON_SCHEMAS, OFFLINE_USE] {
            expected.extend(words(part));
        }
        assert_eq!(words(&text), expected);
        // Continuation lines of an exit code hang under its text.
        assert!(text.contains("\n  0  the check ran and passed"), "{text}");
        assert!(text.contains("\n     (whatever"), "{text}");
    }

    #[test]
    fn man_sections_are_roff_lists() {
        let roff = man_sections();
        assert!(
            roff.starts_with(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\n"),
            "{roff}"
        );
        assert_eq!(roff.matches("\n.TP\n").count(), EXIT_CODES.len(), "{roff}");
        assert!(roff.contains("\\-\\-json"), "{roff}");
        assert!(
            roff.contains(".nf\n{\"schema_version\": \"1\", \"error\""),
            "{roff}"
        );
        assert!(roff.contains("domain\\*(Aqs records"), "{roff}");
    }
}
