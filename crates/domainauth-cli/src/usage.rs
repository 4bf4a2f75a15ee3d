//! Argument errors found by clap, in the user's language.
//!
//! clap words its errors in English only. In English they are printed as
//! clap prints them; in Japanese (and for `--json` in any language) they
//! are rendered from the catalogs (`ui-error-usage-…`), with the argument,
//! the value and clap's suggestions as parameters. `--lang` and `--json`
//! are read from the command line directly, as the parse that failed did
//! not give them.

use std::borrow::Cow;
use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use domainauth::diag::{Lang, ui};
use domainauth::verify::Profile;

use crate::error::CliError;

/// `--lang` and `--json` as written on the command line (before any `--`),
/// for reporting an error when the arguments could not be parsed; without
/// a valid `--lang`, the locale's language.
pub fn early_options(args: &[OsString]) -> (Lang, bool) {
    let (lang, json) = options_written(args);
    (lang.unwrap_or_else(crate::environment::locale_lang), json)
}

fn options_written(args: &[OsString]) -> (Option<Lang>, bool) {
    let mut lang = None;
    let mut json = false;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        match arg.as_ref() {
            "--" => break,
            "--json" => json = true,
            "--lang" => {
                if let Some(v) = it.next().and_then(|v| v.parse().ok()) {
                    lang = Some(v);
                }
            }
            other => {
                if let Some(v) = other.strip_prefix("--lang=").and_then(|v| v.parse().ok()) {
                    lang = Some(v);
                }
            }
        }
    }
    (lang, json)
}

/// `--color` as written on the command line (before any `--`), for clap's
/// own help and error output, which is printed before the parse ends;
/// `auto` when absent or not a valid choice.
pub fn early_colour(args: &[OsString]) -> clap::ColorChoice {
    use clap::ValueEnum as _;
    let mut colour = clap::ColorChoice::Auto;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--color" => it.next(),
            other => other
                .strip_prefix("--color=")
                .map(|v| Cow::Owned(v.to_string())),
        };
        if let Some(choice) = value.and_then(|v| clap::ColorChoice::from_str(&v, false).ok()) {
            colour = choice;
        }
    }
    colour
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    let text = match e.get(kind)? {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(text)
}

/// The option's long name (`--lang`) from clap's rendering of it
/// (`--lang <LANG>`), or the value name of a positional argument.
fn option_name(rendered: &str) -> String {
    rendered
        .split_whitespace()
        .next()
        .unwrap_or(rendered)
        .to_string()
}

/// What a value of `option` looks like, as a key of `ui-error-usage-value-validation`.
fn value_hint(option: &str) -> &'static str {
    match option {
        "--lang" => "lang",
        "--resolver" => "resolver",
        "--profile" => "profile",
        "--canonicalization" => "canonicalization",
        "--mode" | "--dmarc-mode" => "mode",
        "--timeout" => "seconds",
        "--concurrency" => "concurrency",
        "--listen" => "socket",
        "--now" | "--clock-skew" | "--expire-after" | "--pct-seed" => "number",
        _ => "other",
    }
}

/// clap's English text on one line: the error and its tips, without the
/// "error: " prefix and the usage and help lines.
fn clap_text(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let text = text.trim();
    let text = text.strip_prefix("error: ").unwrap_or(text);
    text.split("\n\n")
        .map(str::trim)
        .filter(|part| {
            !part.is_empty()
                && !part.starts_with("Usage:")
                && !part.starts_with("For more information")
        })
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A value refused by one of our own parsers ([`crate::values`]), as the
/// error its mistake is reported with whatever the command: `--ip 999` is
/// `invalid-ip` (option, value) for verify, check and spf check alike.
fn typed_value_error(e: &clap::Error, option: &str, value: &str) -> Option<CliError> {
    let source = std::error::Error::source(e)?;
    if source.is::<crate::values::InvalidIp>() {
        return Some(
            CliError::usage("invalid-ip")
                .param("option", option)
                .param("value", value),
        );
    }
    None
}

/// The error clap found, as a [`CliError`] (exit 2), with the parameters
/// its message uses and no other: the argument and value where the
/// message quotes them, clap's suggestion only when it has one.
pub fn clap_error(e: &clap::Error) -> CliError {
    let arg = context(e, ContextKind::InvalidArg)
        .map(|a| option_name(&a))
        .unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    if e.kind() == ErrorKind::ValueValidation
        && let Some(error) = typed_value_error(e, &arg, &value)
    {
        return error;
    }
    let with_argument = |code: &'static str| CliError::usage(code).param("argument", &arg);
    let with_value = |code: &'static str| with_argument(code).param("value", &value);
    let error = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(values)) => values
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            // clap says "invalid value" also for an option given no value
            // (`--ip` last, `--dir ""`), with nothing to list.
            match (value.is_empty(), valid.is_empty()) {
                (true, true) => with_argument("usage-missing-value"),
                (false, true) => with_value("usage-bad-value"),
                _ => with_value("usage-invalid-value").param("valid", valid),
            }
        }
        ErrorKind::UnknownArgument => with_argument("usage-unknown-argument"),
        ErrorKind::InvalidSubcommand => CliError::usage("usage-invalid-subcommand").param(
            "subcommand",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default(),
        ),
        ErrorKind::NoEquals => with_argument("usage-no-equals"),
        ErrorKind::ValueValidation => {
            let hint = value_hint(&arg);
            let error = with_value("usage-value-validation").param("hint", hint);
            if hint == "profile" {
                let profiles: Vec<&str> = Profile::ALL
                    .iter()
                    .flat_map(|p| std::iter::once(p.as_str()).chain(p.aliases().iter().copied()))
                    .collect();
                error.param("profiles", profiles.join(", "))
            } else {
                error
            }
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            with_argument("usage-number-of-values")
        }
        ErrorKind::ArgumentConflict => with_argument("usage-argument-conflict").param(
            "prior",
            context(e, ContextKind::PriorArg)
                .map(|p| option_name(&p))
                .unwrap_or_default(),
        ),
        ErrorKind::MissingRequiredArgument => CliError::usage("usage-missing-argument").param(
            "arguments",
            context(e, ContextKind::InvalidArg).unwrap_or_default(),
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            CliError::usage("usage-missing-subcommand")
        }
        ErrorKind::InvalidUtf8 => CliError::usage("usage-invalid-utf8"),
        _ => CliError::usage("usage-other"),
    };
    // clap's "did you mean", for the mistakes it suggests a name for.
    let suggests = matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand
    );
    let suggested = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue))
        .filter(|s| suggests && !s.is_empty());
    let error = match suggested {
        Some(s) => error.param("suggested", s).also("ui-did-you-mean"),
        None => error,
    };
    error.english(clap_text(e))
}

/// Prints `e` for a user reading `lang`: clap's own output in English,
/// the catalog's text with the usage line in Japanese.
pub fn print_clap_error(e: &clap::Error, error: &CliError, lang: Lang) {
    // In English too the message is built on one line (clap's words), so
    // that a value quoted from the command line, which may hold line
    // breaks or terminal controls, cannot start a line of its own. A
    // missing subcommand shows the help, which quotes no input.
    if lang == Lang::En
        && e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        let _ = e.print();
        return;
    }
    let mut text = format!("domainauth: {}\n", error.message(lang));
    if let Some(usage) = context(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let usage = usage
            .replace("[OPTIONS]", &ui(lang, "ui-usage-options", &[]))
            .replace("<COMMAND>", &ui(lang, "ui-usage-command", &[]));
        // A command with subcommands and its own options has a usage line
        // for each form: the first in the catalogue's words, the others
        // under it (clap's text, no input quoted in them).
        let mut forms = usage.lines().map(str::trim).filter(|l| !l.is_empty());
        text.push('\n');
        text.push_str(&ui(
            lang,
            "ui-usage",
            &[("usage", forms.next().unwrap_or(""))],
        ));
        text.push('\n');
        for form in forms {
            text.push_str("       ");
            text.push_str(form);
            text.push('\n');
        }
    }
    text.push('\n');
    text.push_str(&ui(lang, "ui-usage-help", &[]));
    text.push('\n');
    crate::output::write_stderr(&domainauth::escape::escape_controls_keep_layout(&text));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_and_json_are_read_without_the_parser() {
        assert_eq!(
            options_written(&args(&["domainauth", "spf", "--lang", "ja", "--json"])),
            (Some(Lang::Ja), true)
        );
        assert_eq!(
            options_written(&args(&["domainauth", "--lang=ja", "x"])),
            (Some(Lang::Ja), false)
        );
        // After "--" everything is a value; an unknown language is none
        // (the locale's is used).
        assert_eq!(
            options_written(&args(&["domainauth", "--", "--json", "--lang", "ja"])),
            (None, false)
        );
        assert_eq!(
            options_written(&args(&["domainauth", "--lang", "fr"])),
            (None, false)
        );
    }

    #[test]
    fn colour_is_read_without_the_parser() {
        use clap::ColorChoice;
        let colour = |list: &[&str]| early_colour(&args(list));
        assert_eq!(
            colour(&["domainauth", "--color", "never", "x"]),
            ColorChoice::Never
        );
        assert_eq!(
            colour(&["domainauth", "x", "--color=always"]),
            ColorChoice::Always
        );
        assert_eq!(
            colour(&["domainauth", "--color", "blue"]),
            ColorChoice::Auto
        );
        assert_eq!(
            colour(&["domainauth", "--", "--color", "never"]),
            ColorChoice::Auto
        );
    }

    #[test]
    fn option_names_come_from_clap_renderings() {
        assert_eq!(option_name("--lang <LANG>"), "--lang");
        assert_eq!(option_name("--json"), "--json");
        assert_eq!(value_hint("--dmarc-mode"), "mode");
    }
}
