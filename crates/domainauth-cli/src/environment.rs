//! What the environment decides when the command line does not: the
//! language (the locale) and whether to colour.

use std::ffi::OsString;

use clap::ColorChoice;
use domainauth::diag::Lang;

/// The language of the messages locale: the first of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` that is set and not empty decides (POSIX.1-2024,
/// Base Definitions §8.2, "Internationalization Variables"). A locale
/// named `ja`, `ja_JP`, `ja_JP.UTF-8` or `ja_JP.eucJP@…` is Japanese; any
/// other (`C`, `POSIX`, `en_US.UTF-8`, `fr_FR`) is English, the language
/// with the most complete text.
fn lang_from_locale(var: impl Fn(&str) -> Option<OsString>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&var)
        .find(|value| !value.is_empty());
    let Some(locale) = locale else {
        return Lang::En;
    };
    let locale = locale.to_string_lossy();
    // language[_territory][.codeset][@modifier]
    let language = locale.split(['_', '.', '@']).next().unwrap_or_default();
    if language.eq_ignore_ascii_case("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// The language of the process's locale (see [`lang_from_locale`]).
pub(crate) fn locale_lang() -> Lang {
    lang_from_locale(|name| std::env::var_os(name))
}

/// Whether to colour: never in JSON; with `auto`, only on a terminal, and
/// not when `NO_COLOR` is set to a non-empty value (<https://no-color.org>)
/// or `TERM` is `dumb` (a terminal that understands no escape sequences).
pub(crate) fn colour_enabled(
    choice: ColorChoice,
    json: bool,
    terminal: bool,
    var: impl Fn(&str) -> Option<OsString>,
) -> bool {
    match choice {
        _ if json => false,
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal
                && var("NO_COLOR").is_none_or(|v| v.is_empty())
                && var("TERM").is_none_or(|v| v != "dumb")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang_with(vars: &[(&str, &str)]) -> Lang {
        lang_from_locale(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| std::ffi::OsString::from(v))
        })
    }

    #[test]
    fn japanese_locales_are_japanese_whatever_their_codeset() {
        for locale in [
            "ja_JP.UTF-8",
            "ja_JP",
            "ja",
            "ja_JP.eucJP",
            "ja_JP@x",
            "JA_jp.utf8",
        ] {
            assert_eq!(lang_with(&[("LANG", locale)]), Lang::Ja, "{locale}");
        }
        for locale in [
            "C",
            "POSIX",
            "C.UTF-8",
            "en_US.UTF-8",
            "fr_FR",
            "jav_ID",
            "",
        ] {
            assert_eq!(lang_with(&[("LANG", locale)]), Lang::En, "{locale}");
        }
        assert_eq!(lang_with(&[]), Lang::En);
    }

    #[test]
    fn colour_only_where_asked_and_useful() {
        let none = |_: &str| None;
        let no_color = |name: &str| (name == "NO_COLOR").then(|| "1".into());
        let empty_no_color = |name: &str| (name == "NO_COLOR").then(std::ffi::OsString::new);
        let dumb = |name: &str| (name == "TERM").then(|| "dumb".into());
        assert!(colour_enabled(ColorChoice::Auto, false, true, none));
        assert!(!colour_enabled(ColorChoice::Auto, false, false, none));
        assert!(!colour_enabled(ColorChoice::Auto, false, true, no_color));
        assert!(colour_enabled(
            ColorChoice::Auto,
            false,
            true,
            empty_no_color
        ));
        assert!(!colour_enabled(ColorChoice::Auto, false, true, dumb));
        assert!(colour_enabled(ColorChoice::Always, false, false, no_color));
        assert!(!colour_enabled(ColorChoice::Never, false, true, none));
        for choice in [ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never] {
            assert!(!colour_enabled(choice, true, true, none), "{choice}");
        }
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let all = [
            ("LC_ALL", "C"),
            ("LC_MESSAGES", "ja_JP.UTF-8"),
            ("LANG", "ja_JP.UTF-8"),
        ];
        assert_eq!(lang_with(&all), Lang::En);
        let messages = [("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")];
        assert_eq!(lang_with(&messages), Lang::Ja);
        // An empty variable is as if unset.
        let empty = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ja_JP.UTF-8")];
        assert_eq!(lang_with(&empty), Lang::Ja);
    }
}
