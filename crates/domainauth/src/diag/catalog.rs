//! Fluent catalogs: English and Japanese text for every [`Code`](super::Code)
//! and for the labels the command-line tool prints.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::Finding;

const EN: &str = include_str!("locales/en.ftl");
const JA: &str = include_str!("locales/ja.ftl");
/// The text of typed errors ([`Reason`](super::Reason)s), apart from the
/// findings and labels.
const EN_REASONS: &str = include_str!("locales/reasons-en.ftl");
const JA_REASONS: &str = include_str!("locales/reasons-ja.ftl");
/// The text of the report commands (`domainauth reports …`): what a report
/// source, container, parser or store refused, counts and summary labels.
const EN_REPORTS: &str = include_str!("locales/reports-en.ftl");
const JA_REPORTS: &str = include_str!("locales/reports-ja.ftl");

/// The catalog sources of `lang`: findings and labels, reasons, then the
/// report commands' text.
fn sources(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => [EN, EN_REASONS, EN_REPORTS],
        Lang::Ja => [JA, JA_REASONS, JA_REPORTS],
    }
}

/// A language findings can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// All languages with a catalog.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ja];

    /// The language tag, `en` or `ja`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// How the language joins the items of a list: `, ` in English, `、`
    /// in Japanese.
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::En => ", ",
            Lang::Ja => "、",
        }
    }
}

impl FromStr for Lang {
    type Err = ParseLangError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "ja" | "jp" | "japanese" => Ok(Lang::Ja),
            other => Err(ParseLangError {
                given: other.to_string(),
            }),
        }
    }
}

/// A language name with no catalog (`en`/`english` or `ja`/`jp`/`japanese`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {given:?}; use en or ja")]
pub struct ParseLangError {
    given: String,
}

impl ParseLangError {
    /// The name that was asked for, in lower case.
    pub fn given(&self) -> &str {
        &self.given
    }
}

struct Catalogs {
    en: FluentBundle<FluentResource>,
    ja: FluentBundle<FluentResource>,
    /// Syntax errors found while loading, reported by [`catalog_problems`].
    load_errors: Vec<String>,
}

fn build(lang: Lang, errors: &mut Vec<String>) -> FluentBundle<FluentResource> {
    let tag = lang.tag();
    let langid: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    for source in sources(lang) {
        let resource =
            FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, errs)| {
                errors.extend(errs.iter().map(|e| format!("{tag}: {e:?}")));
                partial
            });
        if let Err(errs) = bundle.add_resource(resource) {
            errors.extend(errs.iter().map(|e| format!("{tag}: {e}")));
        }
    }
    bundle
}

fn catalogs() -> &'static Catalogs {
    static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
    CATALOGS.get_or_init(|| {
        let mut load_errors = Vec::new();
        let en = build(Lang::En, &mut load_errors);
        let ja = build(Lang::Ja, &mut load_errors);
        Catalogs {
            en,
            ja,
            load_errors,
        }
    })
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    let c = catalogs();
    match lang {
        Lang::En => &c.en,
        Lang::Ja => &c.ja,
    }
}

fn format(
    lang: Lang,
    id: &str,
    attribute: Option<&str>,
    args: &FluentArgs<'_>,
    errors: &mut Vec<String>,
) -> Option<String> {
    let bundle = bundle(lang);
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut errs = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errs);
    errors.extend(errs.iter().map(|e| format!("{}:{id}: {e}", lang.tag())));
    Some(text.into_owned())
}

/// A parameter as a Fluent value: a whole number written as numbers are
/// (no sign, no leading zero, at most 15 digits) is a number, so that
/// selectors on it (`[0]`, `[one]`) and plural rules apply; anything else
/// is text, its control characters escaped.
fn value(v: &str) -> FluentValue<'_> {
    let numeric = !v.is_empty()
        && v.len() <= 15
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v == "0" || !v.starts_with('0'));
    match v.parse::<u64>() {
        Ok(n) if numeric => FluentValue::from(n),
        _ => FluentValue::from(crate::escape::escape_controls(v)),
    }
}

/// The Fluent arguments for `params`, rendered for `lang`.
///
/// Parameter values come from input (domains, addresses, record text):
/// their control characters are escaped so rendered text can be printed
/// as is ([`escape_controls`](crate::escape::escape_controls)).
///
/// A parameter stored as a [`Reason`](super::Reason) (`name.id` and
/// `name.<param>` next to `name`) is rendered from its own message in
/// `lang` and takes the place of `name`'s plain text; when that message is
/// missing the plain text stays and the problem goes to `errors`.
fn fluent_args<'a>(
    lang: Lang,
    params: &'a BTreeMap<String, String>,
    errors: &mut Vec<String>,
) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (k, v) in params {
        if !k.contains('.') {
            args.set(k.as_str(), value(v));
        }
    }
    // A list (`name.list` items, each under `name.list.N`) joined as
    // `lang` joins lists.
    for (k, count) in params {
        let Some(name) = k.strip_suffix(".list").filter(|n| !n.contains('.')) else {
            continue;
        };
        let count = count.parse::<usize>().unwrap_or(0);
        let items: Vec<String> = (0..count)
            .map_while(|i| params.get(&format!("{k}.{i}")))
            .map(|v| crate::escape::escape_controls(v).into_owned())
            .collect();
        args.set(name.to_string(), items.join(lang.list_separator()));
    }
    for (k, id) in params {
        let Some(name) = k.strip_suffix(".id").filter(|n| !n.contains('.')) else {
            continue;
        };
        let prefix = format!("{name}.");
        let inner: BTreeMap<String, String> = params
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone())))
            .filter(|(k, _)| k != "id")
            .collect();
        match render_params(lang, id, &inner, errors) {
            Some(text) => args.set(name.to_string(), text),
            None => errors.push(format!("{}: no message for {id}", lang.tag())),
        }
    }
    args
}

/// The message `id` in `lang` with `params` (see [`fluent_args`]).
fn render_params(
    lang: Lang,
    id: &str,
    params: &BTreeMap<String, String>,
    errors: &mut Vec<String>,
) -> Option<String> {
    let args = fluent_args(lang, params, errors);
    format(lang, id, None, &args, errors)
}

/// The finding's sentence in `lang`; the code id if the catalog lacks it.
/// Control characters in parameters are escaped: the text holds none that
/// came from input.
pub fn render(lang: Lang, finding: &Finding) -> String {
    let mut errors = Vec::new();
    let args = fluent_args(lang, &finding.params, &mut errors);
    format(lang, finding.code.id(), None, &args, &mut errors)
        .unwrap_or_else(|| finding.code.id().to_string())
}

/// Renders the message and fix of `finding` in `lang`, failing on anything
/// missing: no message, a `.fix` the code declares but lacks, a variable
/// the text uses that the finding does not carry, or a reason parameter
/// whose message is missing.
pub fn render_strict(
    lang: Lang,
    finding: &Finding,
) -> Result<(String, Option<String>), Vec<String>> {
    let mut errors = Vec::new();
    let args = fluent_args(lang, &finding.params, &mut errors);
    let message = format(lang, finding.code.id(), None, &args, &mut errors);
    let fix = format(lang, finding.code.id(), Some("fix"), &args, &mut errors);
    if message.is_none() {
        errors.push(format!(
            "{}: no message for {}",
            lang.tag(),
            finding.code.id()
        ));
    }
    if finding.code.has_fix() && fix.is_none() {
        errors.push(format!("{}: no .fix for {}", lang.tag(), finding.code.id()));
    }
    match message {
        Some(m) if errors.is_empty() => Ok((m, fix)),
        _ => Err(errors),
    }
}

/// The finding's fix in `lang`, for codes that have one.
pub fn render_fix(lang: Lang, finding: &Finding) -> Option<String> {
    let mut errors = Vec::new();
    let args = fluent_args(lang, &finding.params, &mut errors);
    format(lang, finding.code.id(), Some("fix"), &args, &mut errors)
}

/// A label or sentence of the user interface (`ui-…` messages), with
/// arguments; control characters in the arguments are escaped, as in
/// [`render`].
pub fn ui(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let params: BTreeMap<String, String> = args
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    render_message(lang, id, &params)
}

/// The catalog message `id` in `lang` with named parameters, which may hold
/// [`Reason`](super::Reason)s (stored as by [`Reason::nested`](super::Reason::nested)):
/// those are rendered in `lang` too. The id itself when the catalog lacks it.
pub fn render_message(lang: Lang, id: &str, params: &BTreeMap<String, String>) -> String {
    let mut errors = Vec::new();
    render_params(lang, id, params, &mut errors).unwrap_or_else(|| id.to_string())
}

/// As [`render_message`], failing on anything missing: the message, a
/// variable it uses, or the message of a reason among the parameters.
pub fn render_message_strict(
    lang: Lang,
    id: &str,
    params: &BTreeMap<String, String>,
) -> Result<String, Vec<String>> {
    let mut errors = Vec::new();
    match render_params(lang, id, params, &mut errors) {
        Some(text) if errors.is_empty() => Ok(text),
        Some(_) => Err(errors),
        None => {
            errors.push(format!("{}: no message for {id}", lang.tag()));
            Err(errors)
        }
    }
}

/// Every problem with the catalogs: syntax errors, codes or `ui-` messages
/// missing in a language, a `.fix` missing where the code declares one, and
/// variables a message uses that `sample` parameters do not provide.
pub fn catalog_problems(sample: &dyn Fn(super::Code) -> Finding) -> Vec<String> {
    let c = catalogs();
    let mut problems = c.load_errors.clone();
    for &code in super::Code::ALL {
        let finding = sample(code);
        for &lang in Lang::ALL {
            let mut errors = Vec::new();
            let args = fluent_args(lang, &finding.params, &mut errors);
            match format(lang, code.id(), None, &args, &mut errors) {
                Some(t) if !t.trim().is_empty() => {}
                _ => problems.push(format!("{}: no message for {}", lang.tag(), code.id())),
            }
            let fix = format(lang, code.id(), Some("fix"), &args, &mut errors);
            if code.has_fix() && fix.is_none() {
                problems.push(format!("{}: no .fix for {}", lang.tag(), code.id()));
            }
            if !code.has_fix() && fix.is_some() {
                problems.push(format!(
                    "{}: .fix for {} which declares none",
                    lang.tag(),
                    code.id()
                ));
            }
            problems.extend(errors);
        }
    }
    // Every message of one language exists in the other.
    for (a, b) in [(Lang::En, Lang::Ja), (Lang::Ja, Lang::En)] {
        for line in sources(a).iter().flat_map(|s| s.lines()) {
            let Some((id, _)) = line.split_once(" =") else {
                continue;
            };
            if id.is_empty() || id.starts_with([' ', '#', '.']) {
                continue;
            }
            if !bundle(b).has_message(id) {
                problems.push(format!("{}: {id} exists only in {}", b.tag(), a.tag()));
            }
        }
    }
    problems
}
