//! The DMARC record linter: every finding names the tag and carries a fix.
//!
//! Record checks ([`lint_record`]) need no DNS; [`lint_domain`] reads what
//! `_dmarc.<domain>` publishes (including TXT records that were meant to be
//! DMARC records but are not) and checks that external report destinations
//! authorise themselves (RFC 9990 §3 / RFC 7489 §7.1).

use super::org::PublicSuffixList;
use super::record::{Mode, Policy, REMOVED_IN_9989, Record, TAGS_7489, TAGS_9989, Value};
use super::{Published, is_dmarc_record, record_name};
use crate::diag::{Code, Finding};
use crate::dns::{DnsError, Resolver, normalize_name};

/// Optimal string alignment distance (strsim): edits, with a swap of two
/// neighbours counting as one (`ptc` → `pct` is 1, `adkm` → `adkim` is 1).
use strsim::osa_distance as edit_distance;

/// The known tag closest to `tag`, if close enough to be a typo.
pub fn closest_tag(tag: &str, mode: Mode) -> Option<&'static str> {
    let tag = tag.to_ascii_lowercase();
    let mut candidates: Vec<&'static str> = match mode {
        Mode::Rfc9989 => TAGS_9989.to_vec(),
        Mode::Rfc7489 => TAGS_7489.to_vec(),
    };
    if mode == Mode::Rfc9989 {
        candidates.extend(REMOVED_IN_9989);
    }
    candidates
        .into_iter()
        .filter(|c| *c != "v")
        .map(|c| (edit_distance(&tag, c), c))
        .filter(|(d, c)| *d <= 2 && *d < tag.len().max(c.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn allowed(tag: &str) -> &'static str {
    match tag {
        "p" | "sp" | "np" => "none, quarantine, reject",
        "adkim" | "aspf" => "r, s",
        "pct" => "0-100",
        "t" => "y, n",
        "psd" => "y, n, u",
        _ => "",
    }
}

/// The allowed value closest to `value`, if close enough to be a typo
/// (`rejct` → `reject`; a word for a letter: `relaxed` → `r`).
fn closest_value(tag: &str, value: &str) -> Option<&'static str> {
    let value = value.trim().to_ascii_lowercase();
    let words: &[&'static str] = match tag {
        "p" | "sp" | "np" => &["none", "quarantine", "reject"],
        "adkim" | "aspf" => &["r", "s"],
        "t" => &["y", "n"],
        "psd" => &["y", "n", "u"],
        _ => &[],
    };
    match (tag, value.as_str()) {
        ("adkim" | "aspf", "relaxed") => return Some("r"),
        ("adkim" | "aspf", "strict") => return Some("s"),
        ("t" | "psd", "yes" | "true") => return Some("y"),
        ("t" | "psd", "no" | "false") => return Some("n"),
        _ => {}
    }
    words
        .iter()
        .filter(|w| w.len() > 1)
        .map(|w| (edit_distance(&value, w), *w))
        .filter(|(d, w)| *d <= 2 && *d < w.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, w)| w)
}

fn invalid_value(domain: &str, tag: &str, value: &str) -> Finding {
    let suggestion = closest_value(tag, value);
    let code = if value.contains('=') || value.contains(',') {
        Code::DmarcLintSeparator
    } else if suggestion.is_some() {
        Code::DmarcLintInvalidValueSuggest
    } else {
        Code::DmarcLintInvalidValue
    };
    let finding = Finding::new(code)
        .param("domain", domain)
        .param("tag", tag)
        .param("value", value)
        .param("allowed", allowed(tag));
    match suggestion {
        Some(s) if code == Code::DmarcLintInvalidValueSuggest => finding.param("suggestion", s),
        _ => finding,
    }
}

/// Checks a record published for `domain`, without DNS.
///
/// ```
/// use domainauth::dmarc::{Mode, Record, lint_record};
/// use domainauth::diag::{Code, Lang};
/// let r = Record::parse("v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;");
/// let f = lint_record(&r, "example.com", Mode::Rfc9989);
/// assert_eq!(f[0].code, Code::DmarcLintUnknownTagRemoved);
/// assert!(f[0].message(Lang::En).contains("did you mean pct"));
/// ```
pub fn lint_record(record: &Record, domain: &str, mode: Mode) -> Vec<Finding> {
    let mut out = unknown_tags(record, domain, mode);
    out.extend(tag_spellings(record, domain, mode));
    out.extend(invalid_values(record, domain));
    out.extend(policy_and_reports(record, domain, mode));
    out
}

/// Tags the mode does not define, with the known tag they may be a typo of.
fn unknown_tags(record: &Record, domain: &str, mode: Mode) -> Vec<Finding> {
    let base = |code: Code| Finding::new(code).param("domain", domain);
    let mut out = Vec::new();
    for tag in record.unknown_tags(mode) {
        out.push(match closest_tag(tag, mode) {
            Some(s) if mode == Mode::Rfc9989 && REMOVED_IN_9989.contains(&s) => {
                base(Code::DmarcLintUnknownTagRemoved)
                    .param("tag", tag)
                    .param("suggestion", s)
            }
            Some(s) => base(Code::DmarcLintUnknownTagSuggest)
                .param("tag", tag)
                .param("suggestion", s),
            None => base(Code::DmarcLintUnknownTag).param("tag", tag),
        });
    }
    out
}

/// Tags written twice, tags RFC 9989 removed, and known tags or keyword
/// values not in lower case.
fn tag_spellings(record: &Record, domain: &str, mode: Mode) -> Vec<Finding> {
    let base = |code: Code| Finding::new(code).param("domain", domain);
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for tag in &record.tags {
        let lower = tag.name.to_ascii_lowercase();
        if seen.contains(&lower) {
            out.push(base(Code::DmarcLintDuplicateTag).param("tag", &lower));
            continue;
        }
        seen.push(lower.clone());
        if mode == Mode::Rfc9989 && REMOVED_IN_9989.contains(&lower.as_str()) {
            out.push(
                base(Code::DmarcLintRemovedTag)
                    .param("tag", &lower)
                    .param("value", &tag.value),
            );
        }
        let known = TAGS_9989.contains(&lower.as_str()) || TAGS_7489.contains(&lower.as_str());
        let lower_value = matches!(
            lower.as_str(),
            "p" | "sp" | "np" | "adkim" | "aspf" | "t" | "psd"
        );
        if known
            && (tag.name != lower || (lower_value && tag.value != tag.value.to_ascii_lowercase()))
        {
            out.push(
                base(Code::DmarcLintCase)
                    .severity(crate::diag::Severity::Info)
                    .param("tag", &tag.name)
                    .param("value", &tag.value),
            );
        }
    }
    out
}

/// Values a tag does not allow, with the allowed value they may be a typo of.
fn invalid_values(record: &Record, domain: &str) -> Vec<Finding> {
    let checks: [(&str, Option<&str>); 8] = [
        ("p", invalid_text(&record.p)),
        ("sp", invalid_text(&record.sp)),
        ("np", invalid_text(&record.np)),
        ("adkim", invalid_text(&record.adkim)),
        ("aspf", invalid_text(&record.aspf)),
        ("pct", invalid_text(&record.pct)),
        ("t", invalid_text(&record.t)),
        ("psd", invalid_text(&record.psd)),
    ];
    checks
        .into_iter()
        .filter_map(|(tag, value)| value.map(|value| invalid_value(domain, tag, value)))
        .collect()
}

/// Whether the record gives a policy and reports, and what weakens it.
fn policy_and_reports(record: &Record, domain: &str, mode: Mode) -> Vec<Finding> {
    let base = |code: Code| Finding::new(code).param("domain", domain);
    let mut out = Vec::new();
    if record.p == Value::Absent {
        out.push(base(Code::DmarcLintPMissing).param("mode", mode.as_str()));
    }
    if record.effective(mode).is_err() {
        out.push(base(Code::DmarcLintNoPolicy));
    }
    for (tag, uris) in [("rua", &record.rua), ("ruf", &record.ruf)] {
        for u in uris.iter().filter(|u| !u.valid) {
            out.push(
                base(Code::DmarcLintInvalidUri)
                    .param("tag", tag)
                    .param("uri", &u.uri),
            );
        }
    }
    // An invalid rua= destination already says why no report arrives.
    if !record.has_valid_rua() && !record.rua.iter().any(|u| !u.valid) {
        out.push(base(Code::DmarcLintNoRua).param("tag", "rua"));
    }
    if record.p.valid() == Some(Policy::None) {
        out.push(base(Code::DmarcLintPolicyNone));
    }
    if mode == Mode::Rfc7489
        && let Some(pct) = record.pct.valid()
        && pct < 100
    {
        out.push(base(Code::DmarcLintPct).param("pct", pct));
    }
    if let (Some(p), Some(sp)) = (record.p.valid(), record.sp.valid())
        && sp < p
    {
        out.push(base(Code::DmarcLintSpWeaker).param("p", p).param("sp", sp));
    }
    out
}

fn invalid_text<T>(v: &Value<T>) -> Option<&str> {
    match v {
        Value::Invalid(s) => Some(s.as_str()),
        _ => None,
    }
}

/// True when a TXT string looks like a DMARC record that receivers will not
/// read as one (`v=DMARC1,`, `v=dmarc1`, `v = DMARC1`, a leading space,
/// `v=DMARC1` after another tag).
fn near_miss(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.to_ascii_lowercase().contains("v=dmarc1") && !is_dmarc_record(text.as_bytes())
}

/// The record of a parent domain that applies to `domain`, which has none
/// of its own, as a `dmarc-inherited` finding with the policy that applies
/// to an existing subdomain (`sp`, else `p`).
async fn inherited_policy<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
    mode: Mode,
) -> Option<Finding> {
    // The walk starts above `domain`: its own record was just asked for.
    let (_, above) = domain.split_once('.')?;
    if !above.contains('.') {
        return None;
    }
    let Ok(Published::Record { name, record }) = super::find(resolver, above).await else {
        return None;
    };
    let parent = name.strip_prefix("_dmarc.")?;
    let parsed = Record::parse(&record);
    let effective = parsed.effective(mode).ok()?;
    let tag = if parsed.sp.valid().is_some() {
        "sp"
    } else {
        "p"
    };
    Some(
        Finding::new(Code::DmarcInherited)
            .param("from", domain)
            .param("domain", parent)
            .param("tag", tag)
            .param("policy", effective.sp),
    )
}

/// What `_dmarc.<domain>` publishes, with lint findings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DomainLint {
    /// What was found.
    pub published: Published,
    /// The record, if exactly one.
    pub record: Option<Record>,
    /// Findings, most important first.
    pub findings: Vec<Finding>,
}

/// Reads and checks the DMARC record of `domain`, including the
/// authorisation records of external report destinations. A DNS failure of
/// the domain's servers is a `dmarc-temperror` finding (with `published`
/// saying no record was read); only a resolver that answers nothing at all
/// ([`DnsError::Unreachable`]) is an error.
pub async fn lint_domain<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
    mode: Mode,
    psl: &PublicSuffixList,
) -> Result<DomainLint, DnsError> {
    let domain = normalize_name(domain);
    let name = record_name(&domain);
    let mut no_such_name = false;
    let texts: Vec<String> = match resolver.txt(&name).await {
        Ok(t) => t
            .iter()
            .map(|t| String::from_utf8_lossy(&t.joined()).into_owned())
            .collect(),
        Err(e) if e.is_void() => {
            no_such_name = matches!(e, DnsError::NxDomain { .. });
            Vec::new()
        }
        // The resolver itself answers nothing: nothing about the domain
        // can be said, so the caller decides (the CLI exits 3).
        Err(e @ DnsError::Unreachable { .. }) => return Err(e),
        // The domain's own name servers fail: a finding about the domain,
        // as receivers see it (RFC 9989 §4.10.1: temperror), not a failure
        // of the check.
        Err(error) => return Ok(DomainLint::temperror(&domain, name, &error)),
    };
    let mut findings: Vec<Finding> = texts
        .iter()
        .filter(|t| near_miss(t))
        .map(|t| {
            Finding::new(Code::DmarcLintNotRecord)
                .param("name", &name)
                .param("record", t)
        })
        .collect();
    let records: Vec<&String> = texts
        .iter()
        .filter(|t| is_dmarc_record(t.as_bytes()))
        .collect();
    let (published, record) = match records.as_slice() {
        [] => {
            let near_miss_found = findings.iter().any(|f| f.code == Code::DmarcLintNotRecord);
            findings
                .extend(no_record(resolver, &domain, mode, no_such_name, near_miss_found).await);
            (Published::None { name }, None)
        }
        [one] => {
            let record = Record::parse(one);
            findings.extend(lint_record(&record, &domain, mode));
            findings.extend(external_destinations(resolver, &record, &domain, psl).await);
            (
                Published::Record {
                    name,
                    record: (*one).clone(),
                },
                Some(record),
            )
        }
        more => {
            let several = Published::Several {
                name,
                count: more.len(),
            };
            findings.push(several.finding(&domain));
            (several, None)
        }
    };
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    Ok(DomainLint {
        published,
        record,
        findings,
    })
}

impl DomainLint {
    /// No record could be read: the domain's name servers failed.
    fn temperror(domain: &str, name: String, error: &DnsError) -> Self {
        let finding = Finding::new(Code::DmarcTempError)
            .param("from", domain)
            .param("name", &name)
            .param("error", error);
        Self {
            published: Published::None { name },
            record: None,
            findings: vec![finding],
        }
    }
}

/// What to say of a domain with no record at `_dmarc.<domain>`: that the
/// domain does not exist, or the record higher up that covers it, or that
/// it has none (unless a near miss already says what is wrong there).
async fn no_record<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
    mode: Mode,
    no_such_name: bool,
    near_miss_found: bool,
) -> Option<Finding> {
    // _dmarc.<domain> not existing may mean <domain> does not exist
    // either: then that is the one thing to say (RFC 8020).
    if no_such_name && matches!(resolver.txt(domain).await, Err(DnsError::NxDomain { .. })) {
        return Some(Finding::new(Code::DomainNotFound).param("domain", domain));
    }
    // A record higher up may apply (RFC 9989 §4.10.2 tree walk): then the
    // domain is covered, and "publish p=none" would weaken it.
    if let Some(f) = inherited_policy(resolver, domain, mode).await {
        return Some(f);
    }
    (!near_miss_found).then(|| super::missing_finding(domain))
}

/// External report destinations whose authorisation record is looked up;
/// a record naming more gets one finding for the rest, so that a record
/// an attacker writes cannot aim thousands of queries at others' servers.
pub const MAX_EXTERNAL_DESTINATIONS: usize = 8;

/// Checks that each `rua`/`ruf` destination outside the organizational
/// domain of `domain` publishes `<domain>._report._dmarc.<destination>`
/// (RFC 7489 §7.1), for the first
/// [`MAX_EXTERNAL_DESTINATIONS`] distinct destinations. A lookup that
/// fails temporarily says nothing of the authorisation, so no finding is
/// made of it (a caller that reports failed lookups names it).
pub async fn external_destinations<R: Resolver + ?Sized>(
    resolver: &R,
    record: &Record,
    domain: &str,
    psl: &PublicSuffixList,
) -> Vec<Finding> {
    let own = psl.org_domain(domain);
    let mut out = Vec::new();
    let mut checked: Vec<String> = Vec::new();
    for (tag, uri) in record
        .rua
        .iter()
        .map(|u| ("rua", u))
        .chain(record.ruf.iter().map(|u| ("ruf", u)))
    {
        let Some(dest) = uri.domain.as_deref().filter(|_| uri.valid) else {
            continue;
        };
        if psl.org_domain(dest) == own || checked.iter().any(|c| c == dest) {
            continue;
        }
        checked.push(dest.to_string());
        if checked.len() > MAX_EXTERNAL_DESTINATIONS {
            continue;
        }
        let name = format!("{domain}._report._dmarc.{dest}");
        let authorised = match resolver.txt(&name).await {
            Ok(t) => t.iter().any(|t| is_dmarc_record(&t.joined())),
            Err(e) if e.is_temporary() => continue,
            Err(_) => false,
        };
        let code = if authorised {
            Code::DmarcLintExternalAuthorized
        } else {
            Code::DmarcLintExternalUnauthorized
        };
        out.push(
            Finding::new(code)
                .param("domain", domain)
                .param("tag", tag)
                .param("uri", &uri.uri)
                .param("target", dest)
                .param("name", &name),
        );
    }
    if checked.len() > MAX_EXTERNAL_DESTINATIONS {
        out.push(
            Finding::new(Code::DmarcLintTooManyDestinations)
                .param("domain", domain)
                .param("count", checked.len())
                .param("limit", MAX_EXTERNAL_DESTINATIONS),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, mode: Mode) -> Vec<Code> {
        lint_record(&Record::parse(text), "example.com", mode)
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn distance() {
        // A swap of neighbours is one edit, as in optimal string alignment
        // (plain Levenshtein counts 2 and would not suggest `pct`).
        assert_eq!(edit_distance("ptc", "pct"), 1);
        assert_eq!(edit_distance("rua", "rua"), 0);
        assert_eq!(edit_distance("adkm", "adkim"), 1);
        assert_eq!(closest_tag("ADKM", Mode::Rfc9989), Some("adkim"));
        assert_eq!(closest_tag("ptc", Mode::Rfc7489), Some("pct"));
        assert_eq!(closest_tag("aspd", Mode::Rfc9989), Some("aspf"));
        assert_eq!(closest_tag("zzzzz", Mode::Rfc9989), None);
        // Values get the same help as tags.
        assert_eq!(closest_value("p", "rejct"), Some("reject"));
        assert_eq!(closest_value("sp", "Quarentine"), Some("quarantine"));
        assert_eq!(closest_value("np", "nnoe"), Some("none"));
        assert_eq!(closest_value("aspf", "relaxed"), Some("r"));
        assert_eq!(closest_value("t", "yes"), Some("y"));
        assert_eq!(closest_value("p", "xyz"), None);
        let f = lint_record(
            &Record::parse("v=DMARC1; p=rejct"),
            "example.com",
            Mode::Rfc9989,
        );
        let f = f
            .iter()
            .find(|f| f.code == Code::DmarcLintInvalidValueSuggest)
            .expect("a suggestion");
        assert!(
            f.message(crate::diag::Lang::En)
                .contains("did you mean p=reject")
        );
        assert!(f.message(crate::diag::Lang::Ja).contains("p=reject の誤り"));
    }

    #[test]
    fn scenario_s4_typo() {
        let c = codes(
            "v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;",
            Mode::Rfc9989,
        );
        assert_eq!(c, vec![Code::DmarcLintUnknownTagRemoved]);
        let c = codes(
            "v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;",
            Mode::Rfc7489,
        );
        assert_eq!(c, vec![Code::DmarcLintUnknownTagSuggest]);
    }

    #[test]
    fn record_problems() {
        let c = codes("v=DMARC1; p=none", Mode::Rfc9989);
        assert_eq!(c, vec![Code::DmarcLintNoRua, Code::DmarcLintPolicyNone]);
        let c = codes(
            "v=DMARC1; p=reject; sp=none; pct=50; rua=mailto:a@example.com",
            Mode::Rfc9989,
        );
        assert!(c.contains(&Code::DmarcLintRemovedTag));
        assert!(c.contains(&Code::DmarcLintSpWeaker));
        let c = codes(
            "v=DMARC1; p=quarantine; pct=50; rua=mailto:a@example.com",
            Mode::Rfc7489,
        );
        assert_eq!(c, vec![Code::DmarcLintPct]);
        let c = codes(
            "v=DMARC1; p=reject, rua=mailto:a@example.com",
            Mode::Rfc9989,
        );
        assert!(c.contains(&Code::DmarcLintSeparator));
        assert!(c.contains(&Code::DmarcLintNoPolicy));
        let c = codes(
            "v=DMARC1; P=Reject; p=none; rua=mailto:a@example.com",
            Mode::Rfc9989,
        );
        assert!(c.contains(&Code::DmarcLintCase));
        assert!(c.contains(&Code::DmarcLintDuplicateTag));
        let c = codes("v=DMARC1; p=reject; rua=a@example.com", Mode::Rfc9989);
        assert!(c.contains(&Code::DmarcLintInvalidUri));
        // One cause: the invalid destination is why there is no valid rua.
        assert!(!c.contains(&Code::DmarcLintNoRua));
    }

    #[test]
    fn near_misses() {
        assert!(near_miss("v=DMARC1, p=reject"));
        assert!(near_miss("v=dmarc1; p=reject"));
        assert!(near_miss(" v=DMARC1; p=reject"));
        assert!(!near_miss("v=DMARC1; p=reject"));
        assert!(!near_miss("v=spf1 -all"));
    }
}
