//! Errors and notes as data: a catalog message id and named parameters,
//! rendered in English or Japanese from the project's catalogs
//! (`reports-en.ftl`, `reports-ja.ftl`), like every other line the
//! `domainauth` command prints.

use domainauth::diag::{Lang, ui};

/// Something with a catalog text: every error type of this crate
/// implements it, and its English text is its `Display`.
pub trait Explain {
    /// The catalog message id (`reports-…`).
    fn message_id(&self) -> &'static str;

    /// The message's named parameters, values as they will be shown
    /// (control characters are escaped by the caller that prints them).
    fn args(&self) -> Vec<(&'static str, String)>;

    /// The text in `lang`.
    fn text(&self, lang: Lang) -> String {
        let args = self.args();
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        ui(lang, self.message_id(), &pairs)
    }
}
