//! The DMARC record: tag-value syntax (RFC 9989 §4.7, RFC 7489 §6.3) and the
//! fallback rules receivers apply to invalid records (RFC 9989 §4.10.1,
//! RFC 7489 §6.6.3).
//!
//! Parsing never fails on content: every tag is kept with its position, each
//! known tag is read into a typed value or marked invalid with the raw text,
//! and [`Record::effective`] applies the rules that decide what a receiver
//! does with what was published. The linter (`lint.rs`) explains the rest.

use std::fmt;

/// Which specification the evaluation follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// RFC 9989 (DMARCbis): DNS tree walk, `np`, `psd`, `t`; no `pct`, `rf`, `ri`.
    #[default]
    Rfc9989,
    /// RFC 7489: the Public Suffix List decides the organizational domain; `pct` sampling.
    Rfc7489,
}

impl Mode {
    /// `rfc9989` or `rfc7489`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rfc9989 => "rfc9989",
            Self::Rfc7489 => "rfc7489",
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = ParseModeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "rfc9989" | "9989" | "dmarcbis" => Ok(Self::Rfc9989),
            "rfc7489" | "7489" | "legacy" => Ok(Self::Rfc7489),
            _ => Err(ParseModeError {
                given: s.to_string(),
            }),
        }
    }
}

/// A [`Mode`] name that is none of `rfc9989` (`9989`, `dmarcbis`) or
/// `rfc7489` (`7489`, `legacy`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown DMARC mode {given:?} (rfc9989 or rfc7489)")]
pub struct ParseModeError {
    given: String,
}

impl ParseModeError {
    /// The text that was not a mode.
    pub fn given(&self) -> &str {
        &self.given
    }
}

/// What the domain owner asks receivers to do with failing mail (`p`, `sp`, `np`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// No preference: monitoring only.
    None,
    /// Treat as suspicious (spam folder).
    Quarantine,
    /// Reject during the SMTP transaction.
    Reject,
}

impl Policy {
    /// `none`, `quarantine` or `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Quarantine => "quarantine",
            Self::Reject => "reject",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        // ABNF literals are case-insensitive (RFC 5234 §2.3).
        match value.to_ascii_lowercase().as_str() {
            "none" => Some(Self::None),
            "quarantine" => Some(Self::Quarantine),
            "reject" => Some(Self::Reject),
            _ => None,
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Identifier alignment mode (`adkim`, `aspf`; RFC 9989 §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AlignmentMode {
    /// Same organizational domain is enough (default).
    #[default]
    Relaxed,
    /// The domains must be identical.
    Strict,
}

impl AlignmentMode {
    /// `r` or `s`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relaxed => "r",
            Self::Strict => "s",
        }
    }
}

/// The `psd` tag (RFC 9989 §4.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Psd {
    /// `psd=y`: the domain is a public suffix domain.
    Yes,
    /// `psd=n`: the domain is an organizational domain.
    No,
    /// Absent or `psd=u`.
    #[default]
    Unknown,
}

/// A tag value as published: absent, valid, or present but invalid.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Value_of_{T}"))]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum Value<T> {
    /// The tag is not in the record.
    #[default]
    Absent,
    /// The tag has a valid value.
    Valid(T),
    /// The tag is present with a value that is not valid (kept as written).
    Invalid(String),
}

impl<T: Copy> Value<T> {
    /// The valid value, if any.
    pub fn valid(&self) -> Option<T> {
        match self {
            Self::Valid(v) => Some(*v),
            _ => None,
        }
    }

    /// True when present but invalid.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }
}

/// One `rua`/`ruf` destination (RFC 9989 §4.6, RFC 7489 §6.2: URI with an
/// optional `!size` limit in RFC 7489).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportUri {
    /// The URI as written.
    pub uri: String,
    /// For `mailto:` URIs, the domain of the address (lower case).
    pub domain: Option<String>,
    /// False when the URI cannot be used (no scheme, `mailto:` without a domain).
    pub valid: bool,
}

impl ReportUri {
    fn parse(text: &str) -> Self {
        let uri = text.trim().to_string();
        let (scheme, rest) = uri.split_once(':').unwrap_or(("", ""));
        let scheme_ok = !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        let mut domain = None;
        let mut valid = scheme_ok && !rest.is_empty() && !rest.contains(char::is_whitespace);
        if scheme.eq_ignore_ascii_case("mailto") {
            // Drop a "!10m" size limit (RFC 7489) and any ?query.
            let address = rest.split(['!', '?']).next().unwrap_or("");
            match address.rsplit_once('@') {
                Some((local, d))
                    if !local.is_empty()
                        && crate::dns::check_domain_name(d.trim_end_matches('.')).is_ok() =>
                {
                    domain = Some(d.trim_end_matches('.').to_ascii_lowercase());
                }
                _ => valid = false,
            }
        }
        Self { uri, domain, valid }
    }
}

/// One tag as written, for the linter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tag {
    /// The name as written.
    pub name: String,
    /// The value as written (trimmed).
    pub value: String,
}

/// A parsed DMARC record.
///
/// ```
/// use domainauth::dmarc::{Mode, Policy, Record};
/// let r = Record::parse("v=DMARC1; p=reject; rua=mailto:d@example.com; ptc=100");
/// assert_eq!(r.p.valid(), Some(Policy::Reject));
/// assert_eq!(r.unknown_tags(Mode::Rfc9989), vec!["ptc"]);
/// assert_eq!(r.effective(Mode::Rfc9989).unwrap().p, Policy::Reject);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Record {
    /// The record text.
    pub text: String,
    /// Every tag in order (including `v`).
    pub tags: Vec<Tag>,
    /// `p`: the policy for the domain.
    pub p: Value<Policy>,
    /// `sp`: the policy for existing subdomains.
    pub sp: Value<Policy>,
    /// `np`: the policy for non-existent subdomains (RFC 9989).
    pub np: Value<Policy>,
    /// `adkim`.
    pub adkim: Value<AlignmentMode>,
    /// `aspf`.
    pub aspf: Value<AlignmentMode>,
    /// `pct` (RFC 7489 only; removed in RFC 9989).
    pub pct: Value<u8>,
    /// `t`: testing mode (RFC 9989).
    pub t: Value<bool>,
    /// `psd` (RFC 9989).
    pub psd: Value<Psd>,
    /// `rua` destinations.
    pub rua: Vec<ReportUri>,
    /// `ruf` destinations.
    pub ruf: Vec<ReportUri>,
}

/// Tags defined by RFC 9989 (§4.7).
pub const TAGS_9989: &[&str] = &[
    "v", "p", "sp", "np", "adkim", "aspf", "fo", "rua", "ruf", "psd", "t",
];
/// Tags defined by RFC 7489 (§6.3).
pub const TAGS_7489: &[&str] = &[
    "v", "p", "sp", "adkim", "aspf", "fo", "rua", "ruf", "pct", "rf", "ri",
];
/// Tags RFC 9989 removed from RFC 7489.
pub const REMOVED_IN_9989: &[&str] = &["pct", "rf", "ri"];

/// The policy a receiver applies after the fallback rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Effective {
    /// Policy for the domain itself.
    pub p: Policy,
    /// Policy for existing subdomains (`sp`, else `p`).
    pub sp: Policy,
    /// Policy for non-existent subdomains (`np`, else `sp`, else `p`; RFC 7489: `sp`, else `p`).
    pub np: Policy,
    /// DKIM alignment mode.
    pub adkim: AlignmentMode,
    /// SPF alignment mode.
    pub aspf: AlignmentMode,
    /// Percentage of failing mail the policy applies to (RFC 7489; always 100 in RFC 9989).
    pub pct: u8,
    /// `t=y` (RFC 9989): the owner is testing the policy; receivers do not apply it.
    pub testing: bool,
    /// True when `p=none` was assumed because `p`/`sp`/`np` was missing or
    /// invalid and a valid `rua` exists.
    pub assumed_none: bool,
}

/// Why a record gives no policy at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unusable {
    /// `p`, `sp` or `np` is invalid (or `p` missing in RFC 7489) and no valid `rua`.
    #[error(
        "the policy tags are missing or invalid and there is no valid rua, so receivers apply no DMARC processing"
    )]
    NoValidPolicy,
}

fn split_tags(text: &str) -> Vec<Tag> {
    text.split(';')
        .filter_map(|part| {
            let part = part.trim();
            if part.is_empty() {
                return None;
            }
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            Some(Tag {
                name: name.trim().to_string(),
                value: value.trim().to_string(),
            })
        })
        .collect()
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "y" => Some(true),
        "n" => Some(false),
        _ => None,
    }
}

fn parse_alignment(v: &str) -> Option<AlignmentMode> {
    match v.to_ascii_lowercase().as_str() {
        "r" => Some(AlignmentMode::Relaxed),
        "s" => Some(AlignmentMode::Strict),
        _ => None,
    }
}

fn parse_psd(v: &str) -> Option<Psd> {
    match v.to_ascii_lowercase().as_str() {
        "y" => Some(Psd::Yes),
        "n" => Some(Psd::No),
        "u" => Some(Psd::Unknown),
        _ => None,
    }
}

fn parse_pct(v: &str) -> Option<u8> {
    if v.is_empty() || v.len() > 3 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<u8>().ok().filter(|n| *n <= 100)
}

fn read<T>(value: &str, parse: impl Fn(&str) -> Option<T>) -> Value<T> {
    parse(value).map_or_else(|| Value::Invalid(value.to_string()), Value::Valid)
}

impl Record {
    /// Parses a record (the TXT strings joined). Tags are matched
    /// case-insensitively; the first occurrence of a duplicated tag counts.
    pub fn parse(text: &str) -> Self {
        let tags = split_tags(text);
        let mut record = Record {
            text: text.to_string(),
            tags: tags.clone(),
            p: Value::Absent,
            sp: Value::Absent,
            np: Value::Absent,
            adkim: Value::Absent,
            aspf: Value::Absent,
            pct: Value::Absent,
            t: Value::Absent,
            psd: Value::Absent,
            rua: Vec::new(),
            ruf: Vec::new(),
        };
        let mut seen: Vec<String> = Vec::new();
        for tag in &tags {
            let name = tag.name.to_ascii_lowercase();
            if seen.contains(&name) {
                continue;
            }
            seen.push(name.clone());
            let v = tag.value.as_str();
            match name.as_str() {
                "p" => record.p = read(v, Policy::parse),
                "sp" => record.sp = read(v, Policy::parse),
                "np" => record.np = read(v, Policy::parse),
                "adkim" => record.adkim = read(v, parse_alignment),
                "aspf" => record.aspf = read(v, parse_alignment),
                "pct" => record.pct = read(v, parse_pct),
                "t" => record.t = read(v, parse_bool),
                "psd" => record.psd = read(v, parse_psd),
                "rua" => record.rua = v.split(',').map(ReportUri::parse).collect(),
                "ruf" => record.ruf = v.split(',').map(ReportUri::parse).collect(),
                _ => {}
            }
        }
        record
    }

    /// Tags not defined in `mode` (as written), in order.
    pub fn unknown_tags(&self, mode: Mode) -> Vec<&str> {
        let known = match mode {
            Mode::Rfc9989 => TAGS_9989,
            Mode::Rfc7489 => TAGS_7489,
        };
        self.tags
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| !known.contains(&n.to_ascii_lowercase().as_str()))
            .filter(|n| !(mode == Mode::Rfc9989 && REMOVED_IN_9989.contains(n)))
            .collect()
    }

    /// True when at least one `rua` URI is syntactically valid.
    pub fn has_valid_rua(&self) -> bool {
        self.rua.iter().any(|u| u.valid)
    }

    /// The `psd` value (absent or invalid → unknown).
    pub fn psd(&self) -> Psd {
        self.psd.valid().unwrap_or_default()
    }

    /// What a receiver applies: RFC 9989 §4.10.1 / RFC 7489 §6.6.3. A missing
    /// `p` in an otherwise valid record is `p=none` in RFC 9989; an invalid
    /// `p`, `sp` or `np` (or a missing `p` in RFC 7489) makes the receiver act
    /// as for `p=none` when a valid `rua` exists, and apply no DMARC otherwise.
    pub fn effective(&self, mode: Mode) -> Result<Effective, Unusable> {
        let np_invalid = mode == Mode::Rfc9989 && self.np.is_invalid();
        let p_bad = match mode {
            Mode::Rfc9989 => self.p.is_invalid(),
            Mode::Rfc7489 => self.p.valid().is_none(),
        };
        let assumed_none = p_bad || self.sp.is_invalid() || np_invalid;
        if assumed_none && !self.has_valid_rua() {
            return Err(Unusable::NoValidPolicy);
        }
        let p = if assumed_none {
            Policy::None
        } else {
            self.p.valid().unwrap_or(Policy::None)
        };
        let sp = if assumed_none {
            Policy::None
        } else {
            self.sp.valid().unwrap_or(p)
        };
        let np = match mode {
            _ if assumed_none => Policy::None,
            Mode::Rfc9989 => self.np.valid().unwrap_or(sp),
            Mode::Rfc7489 => sp,
        };
        Ok(Effective {
            p,
            sp,
            np,
            adkim: self.adkim.valid().unwrap_or_default(),
            aspf: self.aspf.valid().unwrap_or_default(),
            pct: match mode {
                Mode::Rfc7489 => self.pct.valid().unwrap_or(100),
                Mode::Rfc9989 => 100,
            },
            testing: mode == Mode::Rfc9989 && self.t.valid() == Some(true),
            assumed_none,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_defaults() {
        let r =
            Record::parse("v=DMARC1; p=quarantine; sp=reject; adkim=s; rua=mailto:a@b.example!10m");
        let e = r.effective(Mode::Rfc9989).unwrap();
        assert_eq!(
            (e.p, e.sp, e.np),
            (Policy::Quarantine, Policy::Reject, Policy::Reject)
        );
        assert_eq!(e.adkim, AlignmentMode::Strict);
        assert_eq!(e.aspf, AlignmentMode::Relaxed);
        assert_eq!(r.rua[0].domain.as_deref(), Some("b.example"));
        assert!(r.rua[0].valid);
    }

    #[test]
    fn fallback_rules() {
        // RFC 9989: p missing in an otherwise valid record is p=none.
        let r = Record::parse("v=DMARC1; rua=mailto:a@b.example");
        assert_eq!(r.effective(Mode::Rfc9989).unwrap().p, Policy::None);
        // Invalid p with a valid rua: act as p=none.
        let r = Record::parse("v=DMARC1; p=rejected; rua=mailto:a@b.example");
        let e = r.effective(Mode::Rfc9989).unwrap();
        assert!(e.assumed_none);
        assert_eq!(e.p, Policy::None);
        // Invalid p and no valid rua: no DMARC processing.
        let r = Record::parse("v=DMARC1; p=rejected");
        assert_eq!(r.effective(Mode::Rfc9989), Err(Unusable::NoValidPolicy));
        // RFC 7489: p is required.
        let r = Record::parse("v=DMARC1; sp=reject");
        assert_eq!(r.effective(Mode::Rfc7489), Err(Unusable::NoValidPolicy));
        // Invalid sp poisons the record too.
        let r = Record::parse("v=DMARC1; p=reject; sp=maybe; rua=mailto:x@y.example");
        assert!(r.effective(Mode::Rfc7489).unwrap().assumed_none);
    }

    #[test]
    fn np_and_pct_by_mode() {
        let r = Record::parse("v=DMARC1; p=none; np=reject; pct=20");
        assert_eq!(r.effective(Mode::Rfc9989).unwrap().np, Policy::Reject);
        assert_eq!(r.effective(Mode::Rfc9989).unwrap().pct, 100);
        assert_eq!(r.effective(Mode::Rfc7489).unwrap().np, Policy::None);
        assert_eq!(r.effective(Mode::Rfc7489).unwrap().pct, 20);
        assert_eq!(r.unknown_tags(Mode::Rfc7489), vec!["np"]);
        assert!(r.unknown_tags(Mode::Rfc9989).is_empty());
    }

    #[test]
    fn values_case_insensitive_and_invalid_kept() {
        let r = Record::parse("v=DMARC1; P=Reject; pct=150; rua=dmarc@example.com");
        assert_eq!(r.p.valid(), Some(Policy::Reject));
        assert_eq!(r.pct, Value::Invalid("150".into()));
        assert!(!r.rua[0].valid);
    }
}
