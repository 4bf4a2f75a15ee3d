//! SPF record syntax (RFC 7208 §4.5, §4.6.1, §5, §6, §12 ABNF).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::macros::{MacroError, MacroKind, MacroString};

/// A directive's qualifier (RFC 7208 §4.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// `+` (the default): a match gives `pass`.
    #[default]
    Pass,
    /// `-`: a match gives `fail`.
    Fail,
    /// `~`: a match gives `softfail`.
    SoftFail,
    /// `?`: a match gives `neutral`.
    Neutral,
}

impl Qualifier {
    fn from_char(c: u8) -> Option<Self> {
        Some(match c {
            b'+' => Self::Pass,
            b'-' => Self::Fail,
            b'~' => Self::SoftFail,
            b'?' => Self::Neutral,
            _ => return None,
        })
    }

    /// The qualifier character.
    pub fn as_char(self) -> char {
        match self {
            Self::Pass => '+',
            Self::Fail => '-',
            Self::SoftFail => '~',
            Self::Neutral => '?',
        }
    }
}

/// The `dual-cidr-length` of `a` and `mx` (RFC 7208 §5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DualCidr {
    /// Prefix for IPv4 addresses, 0–32; `None` means 32.
    pub v4: Option<u8>,
    /// Prefix for IPv6 addresses, 0–128; `None` means 128.
    pub v6: Option<u8>,
}

impl fmt::Display for DualCidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v4) = self.v4 {
            write!(f, "/{v4}")?;
        }
        if let Some(v6) = self.v6 {
            write!(f, "//{v6}")?;
        }
        Ok(())
    }
}

/// A mechanism (RFC 7208 §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mechanism {
    /// `all` (§5.1): always matches.
    All,
    /// `include:<domain-spec>` (§5.2): matches when the target's result is `pass`.
    Include(MacroString),
    /// `a[:<domain-spec>][<dual-cidr>]` (§5.3).
    A(Option<MacroString>, DualCidr),
    /// `mx[:<domain-spec>][<dual-cidr>]` (§5.4).
    Mx(Option<MacroString>, DualCidr),
    /// `ptr[:<domain-spec>]` (§5.5); discouraged.
    Ptr(Option<MacroString>),
    /// `ip4:<network>[/<prefix>]` (§5.6).
    Ip4(Ipv4Addr, u8),
    /// `ip6:<network>[/<prefix>]` (§5.6).
    Ip6(Ipv6Addr, u8),
    /// `exists:<domain-spec>` (§5.7).
    Exists(MacroString),
}

impl Mechanism {
    /// The mechanism's name as written in records.
    pub fn name(&self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Include(_) => "include",
            Self::A(..) => "a",
            Self::Mx(..) => "mx",
            Self::Ptr(_) => "ptr",
            Self::Ip4(..) => "ip4",
            Self::Ip6(..) => "ip6",
            Self::Exists(_) => "exists",
        }
    }

    /// True for the mechanisms that count towards the limit of 10 DNS-querying
    /// terms (RFC 7208 §4.6.4).
    pub fn queries_dns(&self) -> bool {
        matches!(
            self,
            Self::Include(_) | Self::A(..) | Self::Mx(..) | Self::Ptr(_) | Self::Exists(_)
        )
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::All => f.write_str("all"),
            Self::Include(d) => write!(f, "include:{d}"),
            Self::A(d, c) | Self::Mx(d, c) => {
                f.write_str(self.name())?;
                if let Some(d) = d {
                    write!(f, ":{d}")?;
                }
                write!(f, "{c}")
            }
            Self::Ptr(d) => match d {
                Some(d) => write!(f, "ptr:{d}"),
                None => f.write_str("ptr"),
            },
            Self::Ip4(a, p) if *p == 32 => write!(f, "ip4:{a}"),
            Self::Ip4(a, p) => write!(f, "ip4:{a}/{p}"),
            Self::Ip6(a, p) if *p == 128 => write!(f, "ip6:{a}"),
            Self::Ip6(a, p) => write!(f, "ip6:{a}/{p}"),
            Self::Exists(d) => write!(f, "exists:{d}"),
        }
    }
}

/// A qualifier and a mechanism (RFC 7208 §4.6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What a match gives.
    pub qualifier: Qualifier,
    /// What is tested.
    pub mechanism: Mechanism,
}

impl fmt::Display for Directive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.qualifier != Qualifier::Pass {
            write!(f, "{}", self.qualifier.as_char())?;
        }
        write!(f, "{}", self.mechanism)
    }
}

/// A modifier (RFC 7208 §6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modifier {
    /// `redirect=<domain-spec>` (§6.1).
    Redirect(MacroString),
    /// `exp=<domain-spec>` (§6.2).
    Explanation(MacroString),
    /// Any other `name=value`: ignored, but its syntax must be valid (§6).
    Unknown {
        /// The name.
        name: String,
        /// The value.
        value: MacroString,
    },
}

impl fmt::Display for Modifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Redirect(d) => write!(f, "redirect={d}"),
            Self::Explanation(d) => write!(f, "exp={d}"),
            Self::Unknown { name, value } => write!(f, "{name}={value}"),
        }
    }
}

/// One term of a record, with where it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A directive.
    Directive(Directive),
    /// A modifier.
    Modifier(Modifier),
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Directive(d) => d.fmt(f),
            Term::Modifier(m) => m.fmt(f),
        }
    }
}

/// What is wrong in a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// The text does not start with `v=spf1`.
    #[error("the record does not start with \"v=spf1\"")]
    NotSpf,
    /// A mechanism name that RFC 7208 does not define.
    #[error("unknown mechanism {name:?}")]
    UnknownMechanism {
        /// The name.
        name: String,
    },
    /// `include`, `exists`, `ip4` or `ip6` without its `:value`, or an empty one.
    #[error("{mechanism} needs a value after ':'")]
    MissingValue {
        /// The mechanism.
        mechanism: String,
    },
    /// Text after a mechanism that takes none (`all:x`, `ptr/24`).
    #[error("unexpected text {text:?} after {mechanism}")]
    Trailing {
        /// The mechanism.
        mechanism: String,
        /// The extra text.
        text: String,
    },
    /// A CIDR prefix that is not a number in range, or has a leading zero.
    #[error("invalid CIDR prefix {text:?} (IPv4 0-32, IPv6 0-128)")]
    BadCidr {
        /// The prefix as written.
        text: String,
    },
    /// `ip4:` with something that is not a dotted-quad IPv4 address.
    #[error("{text:?} is not an IPv4 address")]
    BadIp4 {
        /// The value.
        text: String,
    },
    /// `ip6:` with something that is not an IPv6 address.
    #[error("{text:?} is not an IPv6 address")]
    BadIp6 {
        /// The value.
        text: String,
    },
    /// A domain-spec that does not end in a valid top label or a macro (§7.1 `domain-end`).
    #[error("{text:?} does not end in a valid top-level label or a macro")]
    BadDomainEnd {
        /// The domain-spec.
        text: String,
    },
    /// An invalid macro string.
    #[error("invalid macro: {error}")]
    Macro {
        /// What is wrong in the macro string.
        #[from]
        error: MacroError,
    },
    /// `redirect=` or `exp=` given twice (§6).
    #[error("the {name}= modifier appears more than once")]
    DuplicateModifier {
        /// The modifier.
        name: String,
    },
    /// A term that is neither a mechanism nor `name=value`.
    #[error("{text:?} is not a mechanism or modifier")]
    BadTerm {
        /// The term.
        text: String,
    },
    /// A character other than a space between terms (tab, control, non-ASCII).
    #[error("character {ch:?} is not allowed in a record")]
    BadChar {
        /// The character.
        ch: char,
    },
}

/// A syntax error in an SPF record: what, in which term, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("{kind} (term {term:?} at offset {pos})")]
pub struct RecordError {
    /// Byte offset of the term in the record.
    pub pos: usize,
    /// The term as written.
    pub term: String,
    /// What is wrong.
    #[source]
    pub kind: RecordErrorKind,
}

/// A parsed SPF record (RFC 7208 §4.5).
///
/// ```
/// use domainauth::spf::Record;
/// let r = Record::parse("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all").unwrap();
/// assert_eq!(r.directives().count(), 3);
/// assert_eq!(r.to_string(), "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all");
/// assert!(Record::parse("v=spf1 ip4:192.0.2.300").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record as published.
    text: String,
    /// Terms with their byte ranges in `text`.
    terms: Vec<(std::ops::Range<usize>, Term)>,
}

/// True when `text` is an SPF version 1 record: `v=spf1` followed by a
/// space or the end (RFC 7208 §4.5).
pub fn is_spf_record(text: &[u8]) -> bool {
    text.len() >= 6
        && text[..6].eq_ignore_ascii_case(b"v=spf1")
        && (text.len() == 6 || text[6] == b' ')
}

impl Record {
    /// Parses a whole record; any error anywhere fails it (RFC 7208 §4.6).
    pub fn parse(text: &str) -> Result<Self, RecordError> {
        if !is_spf_record(text.as_bytes()) {
            return Err(RecordError {
                pos: 0,
                term: text.split(' ').next().unwrap_or("").to_string(),
                kind: RecordErrorKind::NotSpf,
            });
        }
        let mut terms = Vec::with_capacity(text.bytes().filter(|&b| b == b' ').count());
        let mut seen_redirect = false;
        let mut seen_exp = false;
        let mut pos = 6;
        let bytes = text.as_bytes();
        while pos < bytes.len() {
            if bytes[pos] == b' ' {
                pos += 1;
                continue;
            }
            let end = text[pos..].find(' ').map_or(text.len(), |o| pos + o);
            let raw = &text[pos..end];
            let err = |kind| RecordError {
                pos,
                term: raw.to_string(),
                kind,
            };
            if let Some((off, ch)) = raw.char_indices().find(|(_, c)| !('!'..='~').contains(c)) {
                return Err(RecordError {
                    pos: pos + off,
                    term: raw.to_string(),
                    kind: RecordErrorKind::BadChar { ch },
                });
            }
            let term = parse_term(raw).map_err(err)?;
            if let Term::Modifier(m) = &term {
                let dup = match m {
                    Modifier::Redirect(_) => std::mem::replace(&mut seen_redirect, true),
                    Modifier::Explanation(_) => std::mem::replace(&mut seen_exp, true),
                    Modifier::Unknown { .. } => false,
                };
                if dup {
                    let name = if matches!(m, Modifier::Redirect(_)) {
                        "redirect"
                    } else {
                        "exp"
                    };
                    return Err(err(RecordErrorKind::DuplicateModifier {
                        name: name.into(),
                    }));
                }
            }
            terms.push((pos..end, term));
            pos = end;
        }
        Ok(Self {
            text: text.to_string(),
            terms,
        })
    }

    /// All terms in order, with their byte offsets in the record text.
    pub fn terms(&self) -> impl Iterator<Item = (usize, &Term)> {
        self.terms.iter().map(|(r, t)| (r.start, t))
    }

    /// The directives in order, with their byte offsets.
    pub fn directives(&self) -> impl Iterator<Item = (usize, &Directive)> {
        self.terms.iter().filter_map(|(r, t)| match t {
            Term::Directive(d) => Some((r.start, d)),
            Term::Modifier(_) => None,
        })
    }

    /// The directives in order, each with its text as published (`-ALL`
    /// stays `-ALL`; [`Directive`]'s `Display` gives the canonical form).
    pub fn directives_as_written(&self) -> impl Iterator<Item = (&str, &Directive)> {
        self.terms.iter().filter_map(|(r, t)| match t {
            Term::Directive(d) => Some((&self.text[r.clone()], d)),
            Term::Modifier(_) => None,
        })
    }

    /// The record text as published.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `redirect=` target, if any.
    pub fn redirect(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|(_, t)| match t {
            Term::Modifier(Modifier::Redirect(d)) => Some(d),
            _ => None,
        })
    }

    /// The `exp=` domain-spec, if any.
    pub fn explanation(&self) -> Option<&MacroString> {
        self.terms.iter().find_map(|(_, t)| match t {
            Term::Modifier(Modifier::Explanation(d)) => Some(d),
            _ => None,
        })
    }

    /// The `all` directive, if any.
    pub fn all(&self) -> Option<&Directive> {
        self.directives()
            .map(|(_, d)| d)
            .find(|d| d.mechanism == Mechanism::All)
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=spf1")?;
        for (_, t) in &self.terms {
            write!(f, " {t}")?;
        }
        Ok(())
    }
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

fn parse_term(raw: &str) -> Result<Term, RecordErrorKind> {
    let bytes = raw.as_bytes();
    // modifier: name "=" value, name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
    if bytes[0].is_ascii_alphabetic() {
        let name_len = bytes.iter().take_while(|&&b| is_name_char(b)).count();
        if bytes.get(name_len) == Some(&b'=') {
            let name = &raw[..name_len];
            let value = &raw[name_len + 1..];
            return parse_modifier(name, value).map(Term::Modifier);
        }
    }
    let (qualifier, rest) = match Qualifier::from_char(bytes[0]) {
        Some(q) => (q, &raw[1..]),
        None => (Qualifier::Pass, raw),
    };
    parse_mechanism(rest).map(|mechanism| {
        Term::Directive(Directive {
            qualifier,
            mechanism,
        })
    })
}

fn parse_modifier(name: &str, value: &str) -> Result<Modifier, RecordErrorKind> {
    if name.eq_ignore_ascii_case("redirect") {
        Ok(Modifier::Redirect(parse_domain_spec(value, "redirect")?))
    } else if name.eq_ignore_ascii_case("exp") {
        Ok(Modifier::Explanation(parse_domain_spec(value, "exp")?))
    } else {
        Ok(Modifier::Unknown {
            name: name.to_string(),
            value: MacroString::parse(value, MacroKind::Domain)?,
        })
    }
}

fn parse_mechanism(text: &str) -> Result<Mechanism, RecordErrorKind> {
    let name_len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = text[..name_len].to_ascii_lowercase();
    let rest = &text[name_len..];
    let value = rest.strip_prefix(':');
    let missing = || RecordErrorKind::MissingValue {
        mechanism: name.clone(),
    };
    let trailing = |t: &str| RecordErrorKind::Trailing {
        mechanism: name.clone(),
        text: t.to_string(),
    };
    match name.as_str() {
        "all" => {
            if rest.is_empty() {
                Ok(Mechanism::All)
            } else {
                Err(trailing(rest))
            }
        }
        "include" | "exists" => {
            let v = value.filter(|v| !v.is_empty()).ok_or_else(missing)?;
            let spec = parse_domain_spec(v, &name)?;
            Ok(if name == "include" {
                Mechanism::Include(spec)
            } else {
                Mechanism::Exists(spec)
            })
        }
        "a" | "mx" => {
            let (domain, cidr) = parse_a_mx(&name, value, rest)?;
            Ok(if name == "a" {
                Mechanism::A(domain, cidr)
            } else {
                Mechanism::Mx(domain, cidr)
            })
        }
        "ptr" => match value {
            Some("") => Err(missing()),
            Some(v) => Ok(Mechanism::Ptr(Some(parse_domain_spec(v, &name)?))),
            None if rest.is_empty() => Ok(Mechanism::Ptr(None)),
            None => Err(trailing(rest)),
        },
        "ip4" => {
            let v = value.filter(|v| !v.is_empty()).ok_or_else(missing)?;
            let (ip, prefix) = parse_ip_network(v, 32, |text| RecordErrorKind::BadIp4 { text })?;
            Ok(Mechanism::Ip4(ip, prefix))
        }
        "ip6" => {
            let v = value.filter(|v| !v.is_empty()).ok_or_else(missing)?;
            let (ip, prefix) = parse_ip_network(v, 128, |text| RecordErrorKind::BadIp6 { text })?;
            Ok(Mechanism::Ip6(ip, prefix))
        }
        _ => {
            if name.is_empty() {
                Err(RecordErrorKind::BadTerm {
                    text: text.to_string(),
                })
            } else {
                Err(RecordErrorKind::UnknownMechanism { name })
            }
        }
    }
}

/// The value of `a` and `mx` (RFC 7208 §5.3, §5.4): an optional
/// `:domain-spec` and an optional `dual-cidr-length`. `value` is what
/// follows `name:`, `rest` what follows the name.
fn parse_a_mx(
    name: &str,
    value: Option<&str>,
    rest: &str,
) -> Result<(Option<MacroString>, DualCidr), RecordErrorKind> {
    let (domain, cidr_text) = match value {
        Some(v) => {
            let (d, c) = v.split_at(cidr_start(v));
            if d.is_empty() {
                return Err(RecordErrorKind::MissingValue {
                    mechanism: name.to_string(),
                });
            }
            (Some(parse_domain_spec(d, name)?), c)
        }
        None => (None, rest),
    };
    if !cidr_text.is_empty() && !cidr_text.starts_with('/') {
        return Err(RecordErrorKind::Trailing {
            mechanism: name.to_string(),
            text: cidr_text.to_string(),
        });
    }
    Ok((domain, parse_dual_cidr(cidr_text)?))
}

/// The value of `ip4` and `ip6` (RFC 7208 §5.6): an address and an
/// optional `/prefix` of at most `max` bits (the whole address without one).
fn parse_ip_network<A: std::str::FromStr>(
    v: &str,
    max: u8,
    bad: impl FnOnce(String) -> RecordErrorKind,
) -> Result<(A, u8), RecordErrorKind> {
    let (addr, prefix) = match v.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (v, None),
    };
    let ip = addr.parse().map_err(|_| bad(v.to_string()))?;
    let prefix = prefix.map_or(Ok(max), |p| parse_prefix(p, max))?;
    Ok((ip, prefix))
}

/// Where a trailing `dual-cidr-length` starts: the domain-spec may itself
/// contain `/` (`a:foo:bar/baz.example.com`), so only `/digits` and
/// `//digits` at the very end are a CIDR.
fn cidr_start(v: &str) -> usize {
    fn strip_num(s: &str) -> Option<&str> {
        let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
        (digits > 0).then(|| &s[..s.len() - digits])
    }
    let mut end = v.len();
    if let Some(rest) = strip_num(v).and_then(|r| r.strip_suffix("//")) {
        end = rest.len();
    }
    if let Some(rest) = strip_num(&v[..end]).and_then(|r| r.strip_suffix('/'))
        && !rest.ends_with('/')
    {
        end = rest.len();
    }
    end
}

/// `ip4-cidr-length` / `ip6-cidr-length`: no leading zeros, within `max`.
fn parse_prefix(text: &str, max: u8) -> Result<u8, RecordErrorKind> {
    let bad = || RecordErrorKind::BadCidr {
        text: text.to_string(),
    };
    if text.is_empty()
        || !text.bytes().all(|b| b.is_ascii_digit())
        || (text.len() > 1 && text.starts_with('0'))
        || text.len() > 3
    {
        return Err(bad());
    }
    let n: u8 = text.parse().map_err(|_| bad())?;
    if n > max {
        return Err(bad());
    }
    Ok(n)
}

/// `dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]`.
fn parse_dual_cidr(text: &str) -> Result<DualCidr, RecordErrorKind> {
    let mut cidr = DualCidr::default();
    if text.is_empty() {
        return Ok(cidr);
    }
    let bad = || RecordErrorKind::BadCidr {
        text: text.to_string(),
    };
    if let Some(v6) = text.strip_prefix("//") {
        cidr.v6 = Some(parse_prefix(v6, 128).map_err(|_| bad())?);
        return Ok(cidr);
    }
    let body = text.strip_prefix('/').ok_or_else(bad)?;
    let (v4, v6) = match body.split_once("//") {
        Some((a, b)) => (a, Some(b)),
        None => (body, None),
    };
    cidr.v4 = Some(parse_prefix(v4, 32).map_err(|_| bad())?);
    if let Some(v6) = v6 {
        cidr.v6 = Some(parse_prefix(v6, 128).map_err(|_| bad())?);
    }
    Ok(cidr)
}

/// `domain-spec = macro-string domain-end` (RFC 7208 §7.1).
fn parse_domain_spec(text: &str, _term: &str) -> Result<MacroString, RecordErrorKind> {
    let spec = MacroString::parse(text, MacroKind::Domain)?;
    if spec.ends_with_macro() {
        return Ok(spec);
    }
    // domain-end = "." toplabel [ "." ]
    let bare = text.strip_suffix('.').unwrap_or(text);
    let bad = || RecordErrorKind::BadDomainEnd {
        text: text.to_string(),
    };
    let (_, top) = bare.rsplit_once('.').ok_or_else(bad)?;
    if !is_toplabel(top) {
        return Err(bad());
    }
    Ok(spec)
}

/// `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`.
fn is_toplabel(label: &str) -> bool {
    let b = label.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        return false;
    }
    if b.contains(&b'-') {
        b[0].is_ascii_alphanumeric() && b[b.len() - 1].is_ascii_alphanumeric()
    } else {
        b.iter().any(u8::is_ascii_alphabetic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> RecordErrorKind {
        Record::parse(text).unwrap_err().kind
    }

    #[test]
    fn every_mechanism_parses_and_prints() {
        let text = "v=spf1 a a:mail.example.com/24 mx/26//64 ~mx:example.org//48 ptr ?ptr:example.com \
                    ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{ir}.%{v}._spf.%{d} include:_spf.example.net \
                    redirect=_spf.example.com exp=exp.%{d} foo=bar -all";
        let r = Record::parse(text).unwrap();
        assert_eq!(r.terms().count(), 14);
        assert_eq!(
            r.to_string(),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        assert_eq!(r.redirect().unwrap().as_str(), "_spf.example.com");
        assert_eq!(r.explanation().unwrap().as_str(), "exp.%{d}");
    }

    #[test]
    fn case_and_version() {
        assert!(Record::parse("V=SPF1 A:Example.COM -ALL").is_ok());
        assert!(!is_spf_record(b"v=spf10"));
        assert!(is_spf_record(b"v=spf1"));
        assert_eq!(kind("v=spf2 -all"), RecordErrorKind::NotSpf);
    }

    #[test]
    fn errors_name_term_and_position() {
        let e = Record::parse("v=spf1 a ip4:192.0.2.300 -all").unwrap_err();
        assert_eq!(e.pos, 9);
        assert_eq!(e.term, "ip4:192.0.2.300");
        assert!(matches!(e.kind, RecordErrorKind::BadIp4 { .. }));
        assert!(matches!(
            kind("v=spf1 ip4:1.2.3.4/33"),
            RecordErrorKind::BadCidr { .. }
        ));
        assert!(matches!(
            kind("v=spf1 a/024"),
            RecordErrorKind::BadCidr { .. }
        ));
        assert!(matches!(
            kind("v=spf1 ip6:::1/129"),
            RecordErrorKind::BadCidr { .. }
        ));
        assert!(matches!(
            kind("v=spf1 foo"),
            RecordErrorKind::UnknownMechanism { .. }
        ));
        assert!(matches!(
            kind("v=spf1 include"),
            RecordErrorKind::MissingValue { .. }
        ));
        assert!(matches!(
            kind("v=spf1 a:museum"),
            RecordErrorKind::BadDomainEnd { .. }
        ));
        assert!(matches!(
            kind("v=spf1 a:foo.1"),
            RecordErrorKind::BadDomainEnd { .. }
        ));
        assert!(matches!(
            kind("v=spf1 all:x"),
            RecordErrorKind::Trailing { .. }
        ));
        assert!(matches!(
            kind("v=spf1 redirect=a.example redirect=b.example"),
            RecordErrorKind::DuplicateModifier { .. }
        ));
        assert!(matches!(
            kind("v=spf1 -all\t"),
            RecordErrorKind::BadChar { .. }
        ));
        assert!(matches!(
            kind("v=spf1 =foo"),
            RecordErrorKind::BadTerm { .. }
        ));
    }

    #[test]
    fn cidr_forms() {
        let r = Record::parse("v=spf1 a//64 a/24//64 mx:%{d/}.example.com/24").unwrap();
        let cidrs: Vec<_> = r
            .directives()
            .map(|(_, d)| match &d.mechanism {
                Mechanism::A(_, c) | Mechanism::Mx(_, c) => *c,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            cidrs[0],
            DualCidr {
                v4: None,
                v6: Some(64)
            }
        );
        assert_eq!(
            cidrs[1],
            DualCidr {
                v4: Some(24),
                v6: Some(64)
            }
        );
        assert_eq!(
            cidrs[2],
            DualCidr {
                v4: Some(24),
                v6: None
            }
        );
    }

    #[test]
    fn toplabels() {
        for ok in ["com", "a1", "1a", "a-1", "xn--p1ai"] {
            assert!(is_toplabel(ok), "{ok}");
        }
        for bad in ["1", "123", "-a", "a-", ""] {
            assert!(!is_toplabel(bad), "{bad}");
        }
    }
}
