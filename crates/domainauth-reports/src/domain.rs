//! Domain names from reports in one form, so that the same domain is one
//! key whatever a receiver wrote, and a lookalike cannot pass for the
//! domain it imitates.
//!
//! Reports write domains as they please: `Example.COM`, `example.com.`,
//! `例え.jp` or `xn--r8jz45g.jp`. The form kept is the one DNS uses
//! (RFC 5890 §2.3.2.1 A-labels; RFC 1035 §2.3.3 case-insensitive, stored in
//! lower case; the root's final dot left out): a name in Unicode becomes
//! its A-label form, so that `exаmple.co.jp` (with a Cyrillic `а`) shows
//! as `xn--exmple-4nf.co.jp` wherever it is printed, never as a twin of
//! `example.co.jp`. A label that has no A-label form is kept, in lower case.

use std::borrow::Cow;

/// `name` in the form reports' domains are kept in (see the module doc).
pub(crate) fn normalize(name: &str) -> String {
    let name = name
        .trim_start()
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    let labels: Vec<Cow<'_, str>> = name.split('.').map(label).collect();
    labels.join(".")
}

/// One label: its A-label when it is Unicode and has one, else itself in
/// lower case.
fn label(label: &str) -> Cow<'_, str> {
    if label.is_ascii() {
        return Cow::Owned(label.to_ascii_lowercase());
    }
    // The conversion DNS queries use (UTS #46 through `idna`), one label
    // at a time so that one unusable label leaves the others converted.
    match domainauth::dns::query_labels(label).as_deref() {
        Ok([a]) if a.is_ascii() => Cow::Owned(String::from_utf8_lossy(a).to_ascii_lowercase()),
        _ => Cow::Owned(label.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// One form: normalising the normal form changes nothing, and the
        /// form never ends with a dot or holds an ASCII capital.
        #[test]
        fn the_form_is_stable(name in "[a-zA-Z0-9.\\-_ \u{e9}\u{430}\u{4f8b}\u{3002}\u{ff0e}]{0,40}") {
            let once = normalize(&name);
            prop_assert_eq!(normalize(&once), once.clone());
            prop_assert!(!once.chars().any(|c| c.is_ascii_uppercase()), "{}", once);
            prop_assert!(!once.ends_with('.'), "{}", once);
        }
    }

    #[test]
    fn one_form_for_one_domain() {
        assert_eq!(normalize("Example.COM."), "example.com");
        assert_eq!(normalize(" example.com "), "example.com");
        assert_eq!(normalize("例え.JP"), "xn--r8jz45g.jp");
        assert_eq!(normalize("xn--r8jz45g.jp"), "xn--r8jz45g.jp");
        assert_eq!(normalize("BÜCHER.example"), "xn--bcher-kva.example");
        // A Cyrillic а in "example" is not the ASCII one.
        assert_eq!(normalize("ex\u{430}mple.co.jp"), "xn--exmple-4nf.co.jp");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("a. . "), "a");
    }
}
