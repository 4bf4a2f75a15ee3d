//! SPF macro strings (RFC 7208 §7): parsing and expansion.
//!
//! A macro string such as `%{ir}.%{v}._spf.%{d}` is parsed once into
//! [`MacroString`] and expanded for each evaluation against a
//! [`MacroContext`].

use std::fmt::{self, Write as _};
use std::net::IpAddr;

use crate::dns::name::{hex_digit, push_decimal};

/// The macro letters (RFC 7208 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacroLetter {
    /// `s`: the sender, `local-part@domain`.
    Sender,
    /// `l`: local-part of the sender.
    Local,
    /// `o`: domain of the sender.
    SenderDomain,
    /// `d`: the domain being checked.
    Domain,
    /// `i`: the client IP, dotted (IPv6: 32 dot-separated nibbles).
    Ip,
    /// `p`: the validated domain name of the client IP (§7.3), or `unknown`.
    Ptr,
    /// `v`: `in-addr` for IPv4, `ip6` for IPv6.
    IpVersion,
    /// `h`: the HELO/EHLO domain.
    Helo,
    /// `c`: the client IP in its usual text form (explanations only).
    ClientIp,
    /// `r`: the name of the receiving host (explanations only).
    Receiver,
    /// `t`: the current time in seconds since the epoch (explanations only).
    Timestamp,
}

impl MacroLetter {
    fn from_char(c: char) -> Option<Self> {
        Some(match c.to_ascii_lowercase() {
            's' => Self::Sender,
            'l' => Self::Local,
            'o' => Self::SenderDomain,
            'd' => Self::Domain,
            'i' => Self::Ip,
            'p' => Self::Ptr,
            'v' => Self::IpVersion,
            'h' => Self::Helo,
            'c' => Self::ClientIp,
            'r' => Self::Receiver,
            't' => Self::Timestamp,
            _ => return None,
        })
    }

    fn as_char(self) -> char {
        match self {
            Self::Sender => 's',
            Self::Local => 'l',
            Self::SenderDomain => 'o',
            Self::Domain => 'd',
            Self::Ip => 'i',
            Self::Ptr => 'p',
            Self::IpVersion => 'v',
            Self::Helo => 'h',
            Self::ClientIp => 'c',
            Self::Receiver => 'r',
            Self::Timestamp => 't',
        }
    }

    /// `c`, `r` and `t` are allowed only in explanation strings (§7.2).
    fn explanation_only(self) -> bool {
        matches!(self, Self::ClientIp | Self::Receiver | Self::Timestamp)
    }
}

/// Where a macro string appears, which decides the letters allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacroKind {
    /// A domain-spec or modifier value in a record.
    Domain,
    /// The text of an explanation TXT record (§6.2): adds `c`, `r`, `t` and spaces.
    Explanation,
}

/// A syntax error in a macro string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MacroError {
    /// `%` followed by something other than `{`, `%`, `_` or `-`.
    #[error("'%' at offset {pos} must be followed by '{{', '%', '_' or '-'")]
    BadPercent {
        /// Byte offset in the macro string.
        pos: usize,
    },
    /// `%{` without a closing `}`.
    #[error("macro at offset {pos} is not closed with '}}'")]
    Unclosed {
        /// Byte offset in the macro string.
        pos: usize,
    },
    /// An unknown macro letter, or `c`, `r`, `t` outside an explanation.
    #[error("'{letter}' at offset {pos} is not a macro letter here")]
    BadLetter {
        /// Byte offset in the macro string.
        pos: usize,
        /// The letter found.
        letter: char,
    },
    /// Transformer digits of zero or above 128, or other junk inside the braces.
    #[error("invalid transformer in macro at offset {pos}")]
    BadTransformer {
        /// Byte offset in the macro string.
        pos: usize,
    },
    /// A character that is not allowed in a macro string (space, control, non-ASCII).
    #[error("character {ch:?} at offset {pos} is not allowed")]
    BadChar {
        /// Byte offset in the macro string.
        pos: usize,
        /// The character.
        ch: char,
    },
}

impl MacroError {
    /// Byte offset of the error in the macro string.
    pub fn pos(&self) -> usize {
        match self {
            Self::BadPercent { pos }
            | Self::Unclosed { pos }
            | Self::BadLetter { pos, .. }
            | Self::BadTransformer { pos }
            | Self::BadChar { pos, .. } => *pos,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Macro {
        letter: MacroLetter,
        /// Keep this many right-hand parts (§7.3); `None` keeps all.
        digits: Option<u8>,
        reverse: bool,
        /// Delimiters to split on; empty means `.`.
        delimiters: String,
        /// Upper-case letter: URL-escape the result (§7.3).
        escape: bool,
    },
}

/// A parsed macro string (RFC 7208 §7.1).
///
/// ```
/// use domainauth::spf::{MacroContext, MacroKind, MacroString};
/// let m = MacroString::parse("%{ir}.%{v}._spf.%{d2}", MacroKind::Domain).unwrap();
/// let ctx = MacroContext::new("192.0.2.3".parse().unwrap(), "strong-bad@email.example.com", "mx.example.org", "email.example.com");
/// assert_eq!(m.expand(&ctx), "3.2.0.192.in-addr._spf.example.com");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroString {
    parts: Vec<Part>,
    raw: String,
}

impl MacroString {
    /// Parses `text`.
    pub fn parse(text: &str, kind: MacroKind) -> Result<Self, MacroError> {
        let bytes = text.as_bytes();
        // Fast path: plain text without '%' is kept as is, with no parts.
        if !bytes.contains(&b'%') {
            let allowed =
                |b: u8| (0x21..=0x7e).contains(&b) || (b == b' ' && kind == MacroKind::Explanation);
            if let Some(pos) = bytes.iter().position(|&b| !allowed(b)) {
                let ch = text[pos..].chars().next().unwrap_or('\u{fffd}');
                return Err(MacroError::BadChar { pos, ch });
            }
            return Ok(Self {
                parts: Vec::new(),
                raw: text.to_string(),
            });
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                match bytes.get(i + 1) {
                    Some(b'%') => literal.push('%'),
                    Some(b'_') => literal.push(' '),
                    Some(b'-') => literal.push_str("%20"),
                    Some(b'{') => {
                        let close = text[i + 2..]
                            .find('}')
                            .map(|o| i + 2 + o)
                            .ok_or(MacroError::Unclosed { pos: i })?;
                        let part = parse_macro(&text[i + 2..close], i, kind)?;
                        if !literal.is_empty() {
                            parts.push(Part::Literal(std::mem::take(&mut literal)));
                        }
                        parts.push(part);
                        i = close + 1;
                        continue;
                    }
                    _ => return Err(MacroError::BadPercent { pos: i }),
                }
                i += 2;
                continue;
            }
            let allowed =
                (0x21..=0x7e).contains(&b) || (b == b' ' && kind == MacroKind::Explanation);
            if !allowed {
                let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                return Err(MacroError::BadChar { pos: i, ch });
            }
            literal.push(b as char);
            i += 1;
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Self {
            parts,
            raw: text.to_string(),
        })
    }

    /// The text as written in the record.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// True when expansion needs the validated PTR name (`%{p}`), which costs DNS queries.
    pub fn uses_ptr(&self) -> bool {
        self.parts.iter().any(|p| {
            matches!(
                p,
                Part::Macro {
                    letter: MacroLetter::Ptr,
                    ..
                }
            )
        })
    }

    /// True when the string contains at least one `%{…}` macro.
    pub fn has_macros(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Macro { .. }))
    }

    /// The text with `%%`, `%_` and `%-` resolved, when it has no `%{…}` macro.
    pub fn literal(&self) -> Option<std::borrow::Cow<'_, str>> {
        if self.parts.is_empty() {
            return Some(std::borrow::Cow::Borrowed(&self.raw));
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Macro { .. } => return None,
            }
        }
        Some(std::borrow::Cow::Owned(out))
    }

    /// True when the text ends with a macro expansion, which RFC 7208 §7.1
    /// accepts as a `domain-end`.
    pub(crate) fn ends_with_macro(&self) -> bool {
        if self.parts.is_empty() {
            return false;
        }
        let raw = self.raw.as_bytes();
        match raw {
            [.., b'}'] => matches!(self.parts.last(), Some(Part::Macro { .. })),
            [.., b'%', b'%' | b'_' | b'-'] => {
                // Count the run of '%' before the final char: odd means an escape pair.
                let run = raw[..raw.len() - 1]
                    .iter()
                    .rev()
                    .take_while(|&&b| b == b'%')
                    .count();
                run % 2 == 1
            }
            _ => false,
        }
    }

    /// Expands the string (RFC 7208 §7.3).
    pub fn expand(&self, ctx: &MacroContext<'_>) -> String {
        if self.parts.is_empty() {
            return self.raw.clone();
        }
        let mut out = String::with_capacity(self.raw.len() + 32);
        let mut value = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Macro {
                    letter,
                    digits,
                    reverse,
                    delimiters,
                    escape,
                } => {
                    value.clear();
                    ctx.write_value(*letter, &mut value);
                    if digits.is_none() && !*reverse && delimiters.is_empty() && !*escape {
                        out.push_str(&value);
                        continue;
                    }
                    let transformed = transform(&value, *digits, *reverse, delimiters);
                    if *escape {
                        url_escape_into(&transformed, &mut out);
                    } else {
                        out.push_str(&transformed);
                    }
                }
            }
        }
        out
    }
}

impl fmt::Display for MacroString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

fn parse_macro(inner: &str, pos: usize, kind: MacroKind) -> Result<Part, MacroError> {
    let mut chars = inner.char_indices();
    let (_, first) = chars
        .next()
        .ok_or(MacroError::BadLetter { pos, letter: '}' })?;
    let letter =
        MacroLetter::from_char(first).ok_or(MacroError::BadLetter { pos, letter: first })?;
    if letter.explanation_only() && kind == MacroKind::Domain {
        return Err(MacroError::BadLetter { pos, letter: first });
    }
    let rest = &inner[first.len_utf8()..];
    let digit_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let digits = if digit_len > 0 {
        let n: u32 = rest[..digit_len]
            .parse()
            .map_err(|_| MacroError::BadTransformer { pos })?;
        // §7.3: the number of parts must be non-zero; more than 128 is
        // meaningless (a name has at most 127 labels).
        if n == 0 || n > 128 {
            return Err(MacroError::BadTransformer { pos });
        }
        Some(n as u8)
    } else {
        None
    };
    let mut rest = &rest[digit_len..];
    let reverse = if let Some(r) = rest.strip_prefix(['r', 'R']) {
        rest = r;
        true
    } else {
        false
    };
    if let Some(bad) = rest.chars().find(|c| !".-+,/_=".contains(*c)) {
        let _ = bad;
        return Err(MacroError::BadTransformer { pos });
    }
    Ok(Part::Macro {
        letter,
        digits,
        reverse,
        delimiters: rest.to_string(),
        escape: first.is_ascii_uppercase(),
    })
}

fn transform(value: &str, digits: Option<u8>, reverse: bool, delimiters: &str) -> String {
    if digits.is_none() && !reverse && delimiters.is_empty() {
        return value.to_string();
    }
    let is_delim = |c: char| {
        if delimiters.is_empty() {
            c == '.'
        } else {
            delimiters.contains(c)
        }
    };
    let mut parts: Vec<&str> = value.split(is_delim).collect();
    if reverse {
        parts.reverse();
    }
    let keep = digits.map_or(parts.len(), |d| usize::from(d).min(parts.len()));
    parts[parts.len() - keep..].join(".")
}

/// URL-escapes per RFC 3986 §2.3, as RFC 7208 §7.3 asks of upper-case macros.
fn url_escape_into(value: &str, out: &mut String) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// The values macros expand to.
#[derive(Debug, Clone)]
pub struct MacroContext<'a> {
    /// The client IP (`i`, `c`, `v`).
    pub ip: IpAddr,
    /// Local part of the sender (`l`).
    pub local: &'a str,
    /// Domain of the sender (`o`).
    pub sender_domain: &'a str,
    /// The domain being checked (`d`).
    pub domain: &'a str,
    /// HELO/EHLO name (`h`).
    pub helo: &'a str,
    /// Validated PTR name (`p`); `unknown` when absent.
    pub ptr: Option<&'a str>,
    /// Receiving host (`r`).
    pub receiver: &'a str,
    /// Seconds since the epoch (`t`).
    pub timestamp: u64,
}

impl<'a> MacroContext<'a> {
    /// A context for checking `domain` for mail from `sender` (`local@domain`,
    /// or a bare domain meaning `postmaster@domain`) sent by `ip` after `helo`.
    pub fn new(ip: IpAddr, sender: &'a str, helo: &'a str, domain: &'a str) -> Self {
        let (local, sender_domain) = match sender.rsplit_once('@') {
            Some((l, d)) if !l.is_empty() => (l, d),
            Some((_, d)) => ("postmaster", d),
            None => ("postmaster", sender),
        };
        Self {
            ip,
            local,
            sender_domain,
            domain,
            helo,
            ptr: None,
            receiver: "unknown",
            timestamp: 0,
        }
    }

    /// Appends the value of `letter` to `out`.
    fn write_value(&self, letter: MacroLetter, out: &mut String) {
        match letter {
            MacroLetter::Sender => {
                out.push_str(self.local);
                out.push('@');
                out.push_str(self.sender_domain);
            }
            MacroLetter::Local => out.push_str(self.local),
            MacroLetter::SenderDomain => out.push_str(self.sender_domain),
            MacroLetter::Domain => out.push_str(self.domain),
            MacroLetter::Ip => match self.ip {
                IpAddr::V4(v4) => {
                    for (n, octet) in v4.octets().iter().enumerate() {
                        if n > 0 {
                            out.push('.');
                        }
                        push_decimal(out, *octet);
                    }
                }
                IpAddr::V6(v6) => {
                    for (n, byte) in v6.octets().iter().enumerate() {
                        if n > 0 {
                            out.push('.');
                        }
                        out.push(hex_digit(byte >> 4));
                        out.push('.');
                        out.push(hex_digit(byte & 0x0f));
                    }
                }
            },
            MacroLetter::Ptr => out.push_str(self.ptr.unwrap_or("unknown")),
            MacroLetter::IpVersion => out.push_str(match self.ip {
                IpAddr::V4(_) => "in-addr",
                IpAddr::V6(_) => "ip6",
            }),
            MacroLetter::Helo => out.push_str(self.helo),
            MacroLetter::ClientIp => {
                let _ = write!(out, "{}", self.ip);
            }
            MacroLetter::Receiver => out.push_str(self.receiver),
            MacroLetter::Timestamp => {
                let _ = write!(out, "{}", self.timestamp);
            }
        }
    }
}

impl MacroLetter {
    /// The letter as written in a record.
    pub fn letter(self) -> char {
        self.as_char()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The examples of RFC 7208 §7.4.
    #[test]
    fn rfc7208_section_7_4_examples() {
        let ip4: IpAddr = "192.0.2.3".parse().unwrap();
        let ip6: IpAddr = "2001:db8::cb01".parse().unwrap();
        let sender = "strong-bad@email.example.com";
        let ctx = MacroContext::new(ip4, sender, "mx.example.org", "email.example.com");
        let ctx6 = MacroContext::new(ip6, sender, "mx.example.org", "email.example.com");
        let cases = [
            ("%{s}", "strong-bad@email.example.com"),
            ("%{o}", "email.example.com"),
            ("%{d}", "email.example.com"),
            ("%{d4}", "email.example.com"),
            ("%{d3}", "email.example.com"),
            ("%{d2}", "example.com"),
            ("%{d1}", "com"),
            ("%{dr}", "com.example.email"),
            ("%{d2r}", "example.email"),
            ("%{l}", "strong-bad"),
            ("%{l-}", "strong.bad"),
            ("%{lr}", "strong-bad"),
            ("%{lr-}", "bad.strong"),
            ("%{l1r-}", "strong"),
            (
                "%{ir}.%{v}._spf.%{d2}",
                "3.2.0.192.in-addr._spf.example.com",
            ),
            ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
            (
                "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
                "bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
            ),
            (
                "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
                "3.2.0.192.in-addr.strong.lp._spf.example.com",
            ),
            (
                "%{d2}.trusted-domains.example.net",
                "example.com.trusted-domains.example.net",
            ),
        ];
        for (m, want) in cases {
            let ms = MacroString::parse(m, MacroKind::Domain).unwrap();
            assert_eq!(ms.expand(&ctx), want, "{m}");
        }
        let ms = MacroString::parse("%{ir}.%{v}._spf.%{d2}", MacroKind::Domain).unwrap();
        assert_eq!(
            ms.expand(&ctx6),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"
        );
    }

    #[test]
    fn escapes_and_url_encoding() {
        let ctx = MacroContext::new(
            "192.0.2.3".parse().unwrap(),
            "a b@example.com",
            "h",
            "example.com",
        );
        let ms = MacroString::parse("%%%_%-%{L}", MacroKind::Explanation).unwrap();
        assert_eq!(ms.expand(&ctx), "% %20a%20b");
    }

    #[test]
    fn syntax_errors_carry_offsets() {
        assert_eq!(
            MacroString::parse("ab%x", MacroKind::Domain),
            Err(MacroError::BadPercent { pos: 2 })
        );
        assert_eq!(
            MacroString::parse("%{d", MacroKind::Domain),
            Err(MacroError::Unclosed { pos: 0 })
        );
        assert!(matches!(
            MacroString::parse("%{c}", MacroKind::Domain),
            Err(MacroError::BadLetter { letter: 'c', .. })
        ));
        assert!(MacroString::parse("%{c}", MacroKind::Explanation).is_ok());
        assert_eq!(
            MacroString::parse("%{d0}", MacroKind::Domain),
            Err(MacroError::BadTransformer { pos: 0 })
        );
        assert!(matches!(
            MacroString::parse("a b", MacroKind::Domain),
            Err(MacroError::BadChar { pos: 1, ch: ' ' })
        ));
    }

    #[test]
    fn domain_end_detection() {
        let ends = |s| {
            MacroString::parse(s, MacroKind::Domain)
                .unwrap()
                .ends_with_macro()
        };
        assert!(ends("%{d}"));
        assert!(ends("foo.%{d}"));
        assert!(!ends("%{d}.com"));
        assert!(ends("foo%%"));
        assert!(!ends("foo"));
    }
}
