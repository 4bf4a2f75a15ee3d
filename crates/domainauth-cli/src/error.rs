//! Errors that stop a command: a code with parameters, whose text comes
//! from the catalogs (`ui-error-<code>`) in the language asked for, printed
//! as one line on stderr or, with `--json`, as an object on stdout:
//!
//! ```json
//! {"schema_version": "1", "error": {"code": "invalid-ip", "message": "…", "params": {"option": "--ip", "value": "999"}}}
//! ```
//!
//! ([`crate::json::error`] is that object's type.)
//!
//! A parameter that is a library error (a zone-file error, a file that
//! cannot be read, a DNS failure) is stored as a
//! [`Reason`](domainauth::diag::Reason), so its text is rendered in the
//! same language; names and values stay as they are.

use std::collections::BTreeMap;
use std::fmt;

use domainauth::diag::{AsReason, Lang, render_message};

use crate::exit;
use crate::json::SchemaVersion;
use crate::json::error::{Error as ErrorJson, ErrorDocument};

/// Whether the user or the circumstances stopped the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad arguments (exit 2).
    Usage,
    /// The check could not run (exit 3).
    Failure,
}

/// An error that stops a command.
#[derive(Debug, Clone)]
pub struct CliError {
    kind: ErrorKind,
    /// The stable code; the text is the catalog message `ui-error-<code>`.
    code: &'static str,
    params: BTreeMap<String, String>,
    /// Text that replaces the catalog's English one (clap's own messages).
    english: Option<String>,
    /// A catalog message appended to the message, with the same
    /// parameters (clap's "did you mean", when it has a suggestion).
    also: Option<&'static str>,
    /// The catalog message of a report error ([`domainauth_reports::Explain`])
    /// that is the whole message, instead of `ui-error-<code>`.
    explained: Option<&'static str>,
}

impl CliError {
    /// Bad arguments: exit 2.
    pub fn usage(code: &'static str) -> Self {
        Self::new(ErrorKind::Usage, code)
    }

    /// The check could not run: exit 3.
    pub fn failure(code: &'static str) -> Self {
        Self::new(ErrorKind::Failure, code)
    }

    fn new(kind: ErrorKind, code: &'static str) -> Self {
        Self {
            kind,
            code,
            params: BTreeMap::new(),
            english: None,
            also: None,
            explained: None,
        }
    }

    /// An error of the reports crate as the whole message: its catalog id
    /// and parameters, under the stable `code`.
    pub fn explained(
        kind: ErrorKind,
        code: &'static str,
        error: &dyn domainauth_reports::Explain,
    ) -> Self {
        let mut e = Self::new(kind, code);
        e.explained = Some(error.message_id());
        for (name, value) in error.args() {
            e.params.insert(name.to_string(), value);
        }
        e
    }

    /// Adds a parameter.
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }

    /// Adds a library error as parameter `name`, rendered in the language
    /// of the message.
    pub fn reason<E: AsReason + fmt::Display + ?Sized>(mut self, name: &str, error: &E) -> Self {
        self.params.insert(name.to_string(), error.to_string());
        self.params.extend(error.reason().flatten(name));
        self
    }

    /// Uses `text` as the English message instead of the catalog's.
    pub fn english(mut self, text: String) -> Self {
        self.english = Some(text);
        self
    }

    /// Appends the catalog message `id` (rendered with the same
    /// parameters) to the message.
    pub fn also(mut self, id: &'static str) -> Self {
        self.also = Some(id);
        self
    }

    /// The stable code, e.g. `invalid-ip`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The exit code: 2 for usage errors, 3 when the check could not run.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage => exit::USAGE,
            ErrorKind::Failure => exit::FAILURE,
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if let Some(id) = self.explained {
            return render_message(lang, id, &self.params);
        }
        match (&self.english, lang) {
            (Some(text), Lang::En) => text.clone(),
            _ => {
                let mut text =
                    render_message(lang, &format!("ui-error-{}", self.code), &self.params);
                if let Some(id) = self.also {
                    text.push_str(&render_message(lang, id, &self.params));
                }
                text
            }
        }
    }

    /// The error as the `--json` document.
    pub fn json(&self, lang: Lang) -> ErrorDocument<'_> {
        ErrorDocument {
            schema_version: SchemaVersion,
            error: ErrorJson {
                code: self.code,
                message: self.message(lang),
                params: &self.params,
            },
        }
    }

    /// Prints the error: one line on stderr, or the JSON document on
    /// stdout. When stdout itself is what failed (`write-stdout`), or the
    /// document cannot be written there, the line goes to stderr.
    pub fn report(&self, lang: Lang, as_json: bool) {
        let on_stdout = as_json && self.code != "write-stdout";
        if !on_stdout || crate::output::print_json(&self.json(lang)).is_err() {
            crate::output::print_rendered_error(&self.message(lang));
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// An error and its sources on one line (the library's, shared with the
/// milter's log).
pub use domainauth::diag::one_line;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_is_rendered_in_the_language_asked_for() {
        let e = CliError::usage("invalid-ip")
            .param("option", "--ip")
            .param("value", "999");
        assert_eq!(e.exit_code(), exit::USAGE);
        let en = e.message(Lang::En);
        let ja = e.message(Lang::Ja);
        assert!(en.contains("\"999\"") && en.contains("IPv4"), "{en}");
        assert!(ja.contains("\"999\"") && ja.contains("アドレス"), "{ja}");
        let v = serde_json::to_value(e.json(Lang::Ja)).unwrap();
        assert_eq!(v["schema_version"], "1");
        assert_eq!(v["error"]["code"], "invalid-ip");
        assert_eq!(v["error"]["params"]["value"], "999");
        assert_eq!(v["error"]["message"], ja.as_str());
    }

    #[test]
    fn a_library_error_inside_is_rendered_in_the_same_language() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = CliError::usage("read-file")
            .param("path", "nope.eml")
            .reason("error", &io);
        let ja = e.message(Lang::Ja);
        assert!(ja.contains("nope.eml") && ja.contains("ありません"), "{ja}");
        assert!(!ja.contains("not found"), "{ja}");
        assert_eq!(
            serde_json::to_value(e.json(Lang::En)).unwrap()["error"]["params"]["error.id"],
            "reason-io-not-found"
        );
    }
}
