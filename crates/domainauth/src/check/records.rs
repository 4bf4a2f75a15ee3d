//! Fixes as records: the zone-file lines that would make a domain meet
//! what [`check_domain`](super::check_domain) and the receiver profiles
//! found missing, typed here and printed by the CLI (`check --records`).
//!
//! - DMARC: with no record at `_dmarc.<domain>`, a starting record
//!   `v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>` (RFC 9989 §4.7:
//!   p= and an aggregate report address at the domain itself, so no
//!   external authorisation record is needed, §4.9).
//! - DKIM: with no usable key, the `domainauth dkim keygen` command to run;
//!   a key is never made up here, as only its owner may hold the private
//!   half (RFC 6376 §3.6.1).
//! - SPF: given sending IPs that the domain's SPF does not pass, a new
//!   record listing them, or the existing record with them added in front
//!   of its terms (still one record, every existing term kept, RFC 7208
//!   §3.2, §4.6.2); when the tree needs more than 10 DNS lookups
//!   (§4.6.4), a flattened record that names the addresses its includes
//!   publish today, with the caveat that it must be refreshed when they
//!   change.
//!
//! TXT values over 255 octets are split into several character-strings
//! (RFC 1035 §3.3.14, RFC 7208 §3.3), joined again by receivers.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::DomainReport;
use super::profile::SendingIp;
use crate::diag::{Code, Lang, ui};
use crate::dmarc::Published;
use crate::spf::{
    Mechanism, Modifier, Problem, Qualifier, Record, RecordNode, SpfResult, Term,
    refused_explicitly,
};

/// The TTL written on suggested records: an hour, short enough to correct
/// a mistake the same day.
pub const SUGGESTED_TTL: u32 = 3600;

/// The limit of DNS-querying terms (RFC 7208 §4.6.4).
const LOOKUP_LIMIT: u32 = 10;

/// Include nesting followed when flattening; RFC 7208 §4.6.4 allows 10
/// lookups in all, so a deeper tree is over the limit anyway.
const MAX_FLATTEN_DEPTH: usize = 10;

/// A TXT record to publish.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TxtRecord {
    /// Where: an absolute name, without the final dot.
    pub name: String,
    /// The value, as one string (split when written to a zone).
    pub value: String,
    /// The record it replaces at `name`, when there is one: publish this
    /// one instead.
    pub replaces: Option<String>,
}

impl TxtRecord {
    /// The record as one zone-file line: absolute name, TTL, class, type
    /// and the value in character-strings of at most 255 octets.
    ///
    /// ```
    /// use domainauth::check::records::TxtRecord;
    /// let line = TxtRecord::new("_dmarc.example.co.jp", "v=DMARC1; p=none").zone_line();
    /// assert_eq!(line, "_dmarc.example.co.jp. 3600 IN TXT \"v=DMARC1; p=none\"");
    /// ```
    pub fn zone_line(&self) -> String {
        format!(
            "{}. {SUGGESTED_TTL} IN TXT {}",
            self.name,
            txt_strings(&self.value)
        )
    }

    /// A record to add at `name`.
    pub fn new(name: &str, value: &str) -> Self {
        Self {
            name: name.to_string(),
            value: value.to_string(),
            replaces: None,
        }
    }
}

/// The value as quoted character-strings of at most 255 octets each, with
/// `"` and `\` escaped (RFC 1035 §5.1).
///
/// ```
/// use domainauth::check::records::txt_strings;
/// let long = "a".repeat(300);
/// assert_eq!(txt_strings(&long), format!("\"{}\" \"{}\"", "a".repeat(255), "a".repeat(45)));
/// assert_eq!(txt_strings("say \"hi\""), "\"say \\\"hi\\\"\"");
/// ```
pub fn txt_strings(value: &str) -> String {
    let mut strings = Vec::new();
    let mut current = String::new();
    for c in value.chars() {
        if current.len() + c.len_utf8() > 255 {
            strings.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() || strings.is_empty() {
        strings.push(current);
    }
    strings
        .iter()
        .map(|s| {
            let escaped: String = s
                .chars()
                .flat_map(|c| match c {
                    '"' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("\"{escaped}\"")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One fix, as records to publish or the command that makes them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Suggestion {
    /// A starting DMARC record.
    Dmarc {
        /// The record.
        record: TxtRecord,
    },
    /// An SPF record covering the sending IPs: new, or the existing one
    /// with them added.
    Spf {
        /// The record.
        record: TxtRecord,
        /// The terms added (`ip4:…`, `ip6:…`).
        added: Vec<String>,
    },
    /// The SPF record with its includes replaced by the addresses they
    /// publish today: under the lookup limit, but stale when they change.
    SpfFlattened {
        /// The record.
        record: TxtRecord,
        /// The include targets replaced.
        includes: Vec<String>,
        /// The terms added for the sending IPs, if any.
        added: Vec<String>,
        /// DNS lookups the current record needs.
        lookups_before: u32,
        /// DNS lookups the flattened record needs.
        lookups_after: u32,
    },
    /// No usable DKIM key is known: the command that makes one and prints
    /// its record.
    DkimKeygen {
        /// The signing domain.
        domain: String,
        /// A selector not in use among those tried.
        selector: String,
        /// The command to run.
        command: String,
    },
}

impl Suggestion {
    /// The record to publish, if the suggestion is one.
    pub fn record(&self) -> Option<&TxtRecord> {
        match self {
            Self::Dmarc { record }
            | Self::Spf { record, .. }
            | Self::SpfFlattened { record, .. } => Some(record),
            Self::DkimKeygen { .. } => None,
        }
    }

    /// What the suggestion does and what to mind, in `lang`, one line per
    /// sentence group (written as `;` comments in a zone).
    pub fn comment(&self, lang: Lang) -> Vec<String> {
        match self {
            Self::Dmarc { record } => vec![match &record.replaces {
                Some(old) => ui(
                    lang,
                    "ui-record-dmarc-fix",
                    &[("domain", domain_of_dmarc(&record.name)), ("old", old)],
                ),
                None => ui(
                    lang,
                    "ui-record-dmarc",
                    &[("domain", domain_of_dmarc(&record.name))],
                ),
            }],
            Self::Spf { record, added } => {
                let ips = added.join(" ");
                vec![match &record.replaces {
                    Some(old) => ui(
                        lang,
                        "ui-record-spf-merge",
                        &[("domain", &record.name), ("old", old), ("ips", &ips)],
                    ),
                    None => ui(
                        lang,
                        "ui-record-spf-add",
                        &[("domain", &record.name), ("ips", &ips)],
                    ),
                }]
            }
            Self::SpfFlattened {
                record,
                includes,
                lookups_before,
                lookups_after,
                ..
            } => {
                let mut lines = vec![
                    ui(
                        lang,
                        "ui-record-spf-flat",
                        &[
                            ("domain", &record.name),
                            ("includes", &includes.join(", ")),
                            ("before", &lookups_before.to_string()),
                            ("after", &lookups_after.to_string()),
                            ("old", record.replaces.as_deref().unwrap_or("")),
                        ],
                    ),
                    ui(lang, "ui-record-spf-flat-caveat", &[]),
                ];
                if record.value.len() > 450 {
                    lines.push(ui(lang, "ui-record-spf-flat-long", &[]));
                }
                lines
            }
            Self::DkimKeygen {
                domain, selector, ..
            } => vec![ui(
                lang,
                "ui-record-dkim-keygen",
                &[("domain", domain), ("selector", selector)],
            )],
        }
    }

    /// The suggestion as zone-file text: its comment as `;` lines, then
    /// its record line, if any.
    pub fn zone_lines(&self, lang: Lang) -> String {
        let mut out = String::new();
        for line in self.comment(lang) {
            for part in line.lines() {
                out.push_str("; ");
                // The comment's values were escaped when it was rendered
                // (`ui`): only what the layout could still let through is
                // escaped here, so a quoted record is not escaped twice.
                out.push_str(&crate::escape::escape_controls_keep_layout(part));
                out.push('\n');
            }
        }
        if let Some(record) = self.record() {
            out.push_str(&record.zone_line());
            out.push('\n');
        }
        out
    }
}

fn domain_of_dmarc(name: &str) -> &str {
    name.strip_prefix("_dmarc.").unwrap_or(name)
}

/// All suggestions as one text to paste into a zone file.
pub fn zone_text(suggestions: &[Suggestion], lang: Lang) -> String {
    suggestions
        .iter()
        .map(|s| s.zone_lines(lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The records (or commands) that fix what `report` found missing, with
/// `sending` the IPs mail leaves from ([`sending_ips`](super::profile::sending_ips)).
/// Nothing is suggested where the cause is unknown: a DNS failure, or a
/// broken record whose finding names the term to correct.
///
/// ```
/// use domainauth::check::records::{Suggestion, suggest};
/// use domainauth::check::profile::sending_ips;
/// use domainauth::check::{CheckOptions, check_domain};
/// use domainauth::dmarc::PublicSuffixList;
/// use domainauth::dns::ZoneResolver;
/// let zone = ZoneResolver::from_zone_text(
///     "$ORIGIN example.co.jp.\n@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n@ 300 IN MX 10 mail\n",
///     None,
/// )?;
/// let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
/// let report = rt.block_on(check_domain(
///     zone.clone(), "example.co.jp", &CheckOptions::default(), &PublicSuffixList::builtin(),
/// ))?;
/// let sending = rt.block_on(sending_ips(&zone, "example.co.jp", &["198.51.100.7".parse()?]));
/// let fixes = suggest(&report, &sending);
/// let spf = fixes.iter().find_map(|s| match s {
///     Suggestion::Spf { record, .. } => Some(record),
///     _ => None,
/// }).unwrap();
/// assert_eq!(spf.value, "v=spf1 ip4:198.51.100.7 ip4:203.0.113.25 -all");
/// assert_eq!(spf.replaces.as_deref(), Some("v=spf1 ip4:203.0.113.25 -all"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn suggest(report: &DomainReport, sending: &[SendingIp]) -> Vec<Suggestion> {
    let mut out = Vec::new();
    // No record can be published in a domain that does not exist: the
    // finding says to register it or check its spelling.
    if report.domain_missing() {
        return out;
    }
    if let Some(s) = spf(report, sending) {
        out.push(s);
    }
    if let Some(s) = dkim(report) {
        out.push(s);
    }
    if let Some(s) = dmarc(report) {
        out.push(s);
    }
    out
}

fn dmarc(report: &DomainReport) -> Option<Suggestion> {
    let temp_error = report.dmarc_lookup_failed();
    // A parent's record applies to a subdomain without its own (RFC 9989
    // §4.10): publishing one here would only override it.
    let inherited = report
        .dmarc
        .findings
        .iter()
        .any(|f| f.code == Code::DmarcInherited);
    // A record meant as DMARC but not read as one (`V=DMARC1`, commas):
    // the same policy written so that it is, never a weaker starting one.
    let near_miss = report
        .dmarc
        .findings
        .iter()
        .find(|f| f.code == Code::DmarcLintNotRecord)
        .and_then(|f| f.params.get("record"));
    if let (Published::None { .. }, Some(old)) = (&report.dmarc.published, near_miss) {
        return corrected_dmarc(old).map(|value| Suggestion::Dmarc {
            record: TxtRecord {
                name: format!("_dmarc.{}", report.domain),
                value,
                replaces: Some(old.clone()),
            },
        });
    }
    match &report.dmarc.published {
        Published::None { .. } if !temp_error && !inherited => Some(Suggestion::Dmarc {
            record: TxtRecord::new(
                &format!("_dmarc.{}", report.domain),
                &format!(
                    "v=DMARC1; p=none; rua=mailto:dmarc-reports@{}",
                    report.domain
                ),
            ),
        }),
        _ => None,
    }
}

/// `text`, meant as a DMARC record, written as RFC 7489 §6.4 reads one:
/// `v=DMARC1` first, `;` between tags, tag names and the policy and
/// alignment values in lower case; every tag and value kept. `None` when
/// even so it is not a DMARC record.
fn corrected_dmarc(text: &str) -> Option<String> {
    let sep = if text.contains(';') { ';' } else { ',' };
    let mut tags = Vec::new();
    for part in text.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=')?;
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        let value = match name.as_str() {
            "v" => "DMARC1".to_string(),
            "p" | "sp" | "np" | "adkim" | "aspf" => value.to_ascii_lowercase(),
            _ => value.to_string(),
        };
        tags.push(format!("{name}={value}"));
    }
    let record = tags.join("; ");
    crate::dmarc::is_dmarc_record(record.as_bytes()).then_some(record)
}

fn dkim(report: &DomainReport) -> Option<Suggestion> {
    // A selector that did not answer may hold the key.
    if report.declares_no_mail() || report.dkim_lookup_failed() {
        return None;
    }
    if report.has_usable_dkim_key() {
        return None;
    }
    // A selector with nothing published: a revoked or broken key's
    // selector is not reused.
    let taken = |s: &str| {
        report.dkim_keys.iter().any(|k| k.selector == s)
            || report
                .findings
                .iter()
                .any(|f| f.params.get("selector").is_some_and(|v| v == s))
    };
    let selector = report
        .selectors_tried
        .iter()
        .find(|s| !taken(s))
        .cloned()
        .unwrap_or_else(|| "s1".to_string());
    Some(Suggestion::DkimKeygen {
        command: format!(
            "domainauth dkim keygen --domain {} --selector {selector}",
            report.domain
        ),
        domain: report.domain.clone(),
        selector,
    })
}

/// The SPF term authorising `ip`.
fn ip_term(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("ip4:{v4}"),
        IpAddr::V6(v6) => format!("ip6:{v6}"),
    }
}

fn spf(report: &DomainReport, sending: &[SendingIp]) -> Option<Suggestion> {
    let root = &report.spf.root;
    // Sending IPs the record does not pass, where adding them would help:
    // not a DNS failure, whose cause is elsewhere, nor an address a term
    // other than `all` refuses on purpose (`-ip4:…`), which an added term
    // in front would override without saying so.
    let needed: Vec<IpAddr> = sending
        .iter()
        .filter(|s| !matches!(s.spf, SpfResult::Pass | SpfResult::TempError))
        .filter(|s| !refused_explicitly(&s.findings))
        .map(|s| s.ip)
        .collect();
    match (&root.problem, &root.record) {
        (Some(Problem::NoRecord { .. } | Problem::NoSuchDomain { .. }), _) => {
            if needed.is_empty() {
                return None;
            }
            let added: Vec<String> = needed.iter().map(|&ip| ip_term(ip)).collect();
            Some(Suggestion::Spf {
                record: TxtRecord::new(&report.domain, &format!("v=spf1 {} -all", added.join(" "))),
                added,
            })
        }
        (None, Some(text)) => {
            let record = Record::parse(text).ok()?;
            if report.spf.total_lookups > LOOKUP_LIMIT {
                return flattened(report, &record, text, &needed);
            }
            if needed.is_empty() || broken(report) {
                return None;
            }
            let added: Vec<String> = needed.iter().map(|&ip| ip_term(ip)).collect();
            let value = merged(text, &added);
            // A record this long is no fix to paste: its answers need TCP
            // and zone tools differ on what they accept.
            if value.len() > MAX_MERGED_RECORD {
                return None;
            }
            Some(Suggestion::Spf {
                record: TxtRecord {
                    name: report.domain.clone(),
                    value,
                    replaces: Some(text.clone()),
                },
                added,
            })
        }
        _ => None,
    }
}

/// The longest SPF record a merge suggests, in octets; over it, no merged
/// record is suggested (the record is to be shortened first).
pub const MAX_MERGED_RECORD: usize = 2048;

/// A broken tree that adding addresses cannot mend.
fn broken(report: &DomainReport) -> bool {
    report.spf.findings.iter().any(|f| {
        matches!(
            f.code,
            Code::SpfSyntax
                | Code::SpfMultipleRecords
                | Code::SpfLintBrokenInclude
                | Code::SpfLintVoidLookups
                | Code::SpfIncludeLoop
        )
    })
}

/// `text` with `added` in front of its terms: the new terms are tried
/// first (so an earlier `-` term cannot refuse them), and every existing
/// term is kept as written.
fn merged(text: &str, added: &[String]) -> String {
    let rest = text.get(6..).unwrap_or("").trim_start();
    if rest.is_empty() {
        format!("v=spf1 {}", added.join(" "))
    } else {
        format!("v=spf1 {} {rest}", added.join(" "))
    }
}

/// Every SPF record text of the tree, by domain (a repeated node's record
/// is given where it was first read).
fn records_by_domain<'a>(node: &'a RecordNode, out: &mut BTreeMap<String, &'a str>) {
    if let Some(r) = &node.record {
        out.entry(node.domain.to_ascii_lowercase()).or_insert(r);
    }
    for child in &node.children {
        records_by_domain(child, out);
    }
}

/// The addresses `domain`'s record passes, when that is all it does: only
/// `+ip4`/`+ip6` terms, literal includes of records of the same kind, a
/// closing `all` that is not `+all`, or a `redirect=` to such a record.
/// Then an include of it matches exactly these addresses (RFC 7208 §5.2),
/// and they can stand in its place. Anything else (`a`, `mx`, `exists`,
/// macros, a `-ip4` before a wider `+ip4`) cannot be flattened from the
/// records alone: `None`.
fn pass_addresses(
    domain: &str,
    records: &BTreeMap<String, &str>,
    depth: usize,
    out: &mut Vec<String>,
) -> Option<()> {
    if depth > MAX_FLATTEN_DEPTH {
        return None;
    }
    let record = Record::parse(records.get(&domain.to_ascii_lowercase())?).ok()?;
    let mut redirect = None;
    for (_, term) in record.terms() {
        match term {
            Term::Directive(d) => match (&d.mechanism, d.qualifier) {
                (Mechanism::Ip4(..) | Mechanism::Ip6(..), Qualifier::Pass) => {
                    out.push(d.mechanism.to_string())
                }
                (Mechanism::Include(target), Qualifier::Pass) => {
                    pass_addresses(&target.literal()?, records, depth + 1, out)?
                }
                (Mechanism::All, q) if q != Qualifier::Pass => return Some(()),
                _ => return None,
            },
            Term::Modifier(Modifier::Redirect(target)) => redirect = Some(target.literal()?),
            Term::Modifier(_) => {}
        }
    }
    match redirect {
        Some(target) => pass_addresses(&target, records, depth + 1, out),
        None => Some(()),
    }
}

/// The root record with each include that [`pass_addresses`] can read
/// replaced by its addresses, and the sending IPs not among them added in
/// front; `None` when no include can be.
fn flattened(
    report: &DomainReport,
    record: &Record,
    text: &str,
    needed: &[IpAddr],
) -> Option<Suggestion> {
    let root = &report.spf.root;
    let mut records = BTreeMap::new();
    records_by_domain(root, &mut records);
    let mut terms: Vec<String> = Vec::new();
    let mut includes = Vec::new();
    let mut saved = 0u32;
    for (written, term) in record.terms().map(|(pos, t)| (written_term(text, pos), t)) {
        if let Term::Directive(d) = term
            && let (Mechanism::Include(target), Qualifier::Pass) = (&d.mechanism, d.qualifier)
            && let Some(target) = target.literal()
        {
            let mut addresses = Vec::new();
            if pass_addresses(&target, &records, 1, &mut addresses).is_some() {
                let child = root
                    .children
                    .iter()
                    .find(|c| c.domain.eq_ignore_ascii_case(&target));
                saved += 1 + child.map_or(0, |c| c.total_lookups);
                includes.push(target.into_owned());
                for a in addresses {
                    if !terms.contains(&a) {
                        terms.push(a);
                    }
                }
                continue;
            }
        }
        terms.push(written.to_string());
    }
    if includes.is_empty() {
        return None;
    }
    let added: Vec<String> = needed
        .iter()
        .map(|&ip| ip_term(ip))
        .filter(|t| !terms.contains(t))
        .collect();
    let mut value = String::from("v=spf1");
    for t in added.iter().chain(terms.iter()) {
        value.push(' ');
        value.push_str(t);
    }
    Some(Suggestion::SpfFlattened {
        record: TxtRecord {
            name: report.domain.clone(),
            value,
            replaces: Some(text.to_string()),
        },
        includes,
        added,
        lookups_before: report.spf.total_lookups,
        lookups_after: report.spf.total_lookups.saturating_sub(saved),
    })
}

/// The term of `text` at byte `pos`, as written.
fn written_term(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    rest.split(' ').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A record quoted in a comment is escaped once, as in every message
    /// (a `\` doubled, a control character as `\x1b`), not a second time
    /// on its way into the zone text; every comment line starts with `;`
    /// whatever the record held.
    #[test]
    fn a_quoted_record_keeps_its_backslashes_in_the_comment() {
        let old = "v=spf1 ip4:192.0.2.1 exp=%{l}\\x\u{1b}[2J\nevil -all";
        let s = Suggestion::Spf {
            record: TxtRecord {
                name: "example.com".into(),
                value: "v=spf1 ip4:198.51.100.7 -all".into(),
                replaces: Some(old.into()),
            },
            added: vec!["ip4:198.51.100.7".into()],
        };
        for lang in [Lang::En, Lang::Ja] {
            let text = s.zone_lines(lang);
            assert!(text.contains("%{l}\\\\x\\x1b[2J\\nevil"), "{text}");
            assert!(!text.contains(r"\\\"), "escaped twice: {text}");
            assert!(!text.contains('\u{1b}'), "{text}");
            let lines: Vec<&str> = text.lines().collect();
            let (record, comments) = lines.split_last().unwrap();
            assert!(record.starts_with("example.com. "), "{text}");
            assert!(comments.iter().all(|l| l.starts_with("; ")), "{text}");
        }
    }

    /// Reads back the character-strings [`txt_strings`] wrote.
    fn read_strings(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        }
        out
    }

    fn term() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u8..=255, 0u8..=32).prop_map(|(a, p)| format!("ip4:192.0.{a}.0/{p}")),
            "[a-z]{1,10}".prop_map(|d| format!("include:{d}.example")),
            "[a-z]{1,10}".prop_map(|d| format!("-a:{d}.example")),
            Just("mx".to_string()),
            Just("~all".to_string()),
            Just("?exists:%{i}.x.example".to_string()),
            "[a-z]{1,8}".prop_map(|v| format!("x-note={v}")),
        ]
    }

    proptest! {
        /// Any value is written as strings of at most 255 octets that read
        /// back to it, quotes and backslashes included.
        #[test]
        fn txt_strings_split_and_read_back(value in "[ -~]{0,900}") {
            let written = txt_strings(&value);
            let strings = read_strings(&written);
            prop_assert!(strings.iter().all(|s| s.len() <= 255));
            prop_assert_eq!(strings.concat(), value);
        }

        /// The merged record parses, starts with the added terms and keeps
        /// every existing term as written, in order.
        #[test]
        fn merging_keeps_every_term(terms in prop::collection::vec(term(), 0..12), n in 1usize..4) {
            let old = std::iter::once("v=spf1".to_string()).chain(terms.clone()).collect::<Vec<_>>().join(" ");
            prop_assume!(Record::parse(&old).is_ok());
            let added: Vec<String> = (1..=n).map(|i| format!("ip4:203.0.113.{i}")).collect();
            let merged = merged(&old, &added);
            prop_assert!(Record::parse(&merged).is_ok(), "{}", merged);
            let new_terms: Vec<&str> = merged.split(' ').skip(1).collect();
            prop_assert_eq!(&new_terms[..n], &added.iter().map(String::as_str).collect::<Vec<_>>()[..]);
            prop_assert_eq!(&new_terms[n..], &terms.iter().map(String::as_str).collect::<Vec<_>>()[..]);
        }
    }
}
