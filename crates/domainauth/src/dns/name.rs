//! Domain name checks shared by the protocols.

use std::net::IpAddr;

/// Why a string is not a usable domain name (RFC 1035 §2.3.4, RFC 7208 §4.3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DomainNameError {
    /// The name is empty.
    #[error("the domain name is empty")]
    Empty,
    /// A label is longer than 63 octets.
    #[error("label {label:?} is {len} octets long; at most 63 are allowed")]
    LabelTooLong {
        /// The offending label.
        label: String,
        /// Its length.
        len: usize,
    },
    /// Two dots in a row, or a leading dot.
    #[error("the name has an empty label")]
    EmptyLabel,
    /// The whole name is longer than 253 octets.
    #[error("the name is {len} octets long; at most 253 are allowed")]
    TooLong {
        /// Its length.
        len: usize,
    },
    /// A single label such as `localhost`: SPF needs a fully qualified name.
    #[error("{name:?} is not a fully qualified (multi-label) domain name")]
    SingleLabel {
        /// The name.
        name: String,
    },
    /// A character a host name cannot hold (RFC 5321 §4.1.2 `Domain`:
    /// letters, digits and hyphens; `_` is tolerated as it is common in
    /// practice).
    #[error("{name:?} holds {ch:?} at octet {pos}, which a host name cannot hold")]
    InvalidCharacter {
        /// The name.
        name: String,
        /// The character.
        ch: char,
        /// 0-based byte offset.
        pos: usize,
    },
    /// An IP address given where a domain name is expected.
    #[error("{name:?} is an IP address, not a domain name")]
    IpAddress {
        /// The address as given.
        name: String,
    },
    /// A name whose last label is all digits (`999.1.1.1`): no top-level
    /// domain is (RFC 3696 §2), so it is a mistyped address, not a name.
    #[error("{name:?} ends in an all-numeric label, which no top-level domain is")]
    NumericTld {
        /// The name as given.
        name: String,
    },
    /// A name with non-ASCII characters (or an `xn--` label) that IDNA
    /// (UTS #46, RFC 5891) cannot convert to its A-label form.
    #[error("{name:?} is not a valid internationalised domain name")]
    InvalidIdn {
        /// The name as given.
        name: String,
    },
    /// An address literal such as `[192.0.2.1]`.
    #[error("{name:?} is an address literal, not a domain name")]
    AddressLiteral {
        /// The name.
        name: String,
    },
}

/// Checks that `name` is a multi-label domain name with labels of 1–63
/// octets and at most 253 octets in all (a trailing dot is allowed).
///
/// RFC 7208 §4.3 makes `check_host()` answer `none` for such names.
///
/// ```
/// use domainauth::dns::check_domain_name;
/// assert!(check_domain_name("mail.example.com").is_ok());
/// assert!(check_domain_name("A...example.com").is_err());
/// assert!(check_domain_name("localhost").is_err());
/// ```
pub fn check_domain_name(name: &str) -> Result<(), DomainNameError> {
    if name.starts_with('[') {
        return Err(DomainNameError::AddressLiteral {
            name: name.to_string(),
        });
    }
    let bare = name.strip_suffix('.').unwrap_or(name);
    if bare.is_empty() {
        return Err(DomainNameError::Empty);
    }
    if bare.len() > 253 {
        return Err(DomainNameError::TooLong { len: bare.len() });
    }
    let bytes = bare.as_bytes();
    let mut labels = 0;
    let mut start = 0;
    for end in 0..=bytes.len() {
        if end < bytes.len() && bytes[end] != b'.' {
            continue;
        }
        let len = end - start;
        if len == 0 {
            return Err(DomainNameError::EmptyLabel);
        }
        if len > 63 {
            return Err(DomainNameError::LabelTooLong {
                label: bare[start..end].to_string(),
                len,
            });
        }
        labels += 1;
        start = end + 1;
    }
    if labels < 2 {
        return Err(DomainNameError::SingleLabel {
            name: name.to_string(),
        });
    }
    Ok(())
}

/// The labels of `name` as the octets a query carries (RFC 1035 §3.1),
/// for building a query name from raw labels.
///
/// A label is any 1 to 63 octets (RFC 2181 §11): SPF's domain-spec may
/// hold any visible character (RFC 7208 §7.1), so `foo:bar/baz`, `[192`
/// or `% %20` are labels as they are, sent without escapes. A label with
/// non-ASCII characters that IDNA can convert (UTS #46) is sent as its
/// A-label (`bücher` → `xn--bcher-kva`, RFC 8616 §3), otherwise as its
/// UTF-8 octets. A trailing dot is allowed.
///
/// Errors: an empty name or label, a label over 63 octets, or a name over
/// 255 octets in wire form (253 as text).
///
/// ```
/// use domainauth::dns::query_labels;
/// let labels = query_labels("foo:bar/baz.example.com.").unwrap();
/// assert_eq!(labels, [&b"foo:bar/baz"[..], b"example", b"com"]);
/// assert_eq!(query_labels("bücher.example").unwrap()[0].as_ref(), b"xn--bcher-kva");
/// assert!(query_labels("a..example").is_err());
/// ```
pub fn query_labels(name: &str) -> Result<Vec<std::borrow::Cow<'_, [u8]>>, DomainNameError> {
    use std::borrow::Cow;
    let bare = name.strip_suffix('.').unwrap_or(name);
    if bare.is_empty() {
        return Err(DomainNameError::Empty);
    }
    let mut labels = Vec::new();
    let mut wire = 1;
    for label in bare.split('.') {
        if label.is_empty() {
            return Err(DomainNameError::EmptyLabel);
        }
        let octets: Cow<'_, [u8]> = if label.is_ascii() {
            Cow::Borrowed(label.as_bytes())
        } else {
            match idna::domain_to_ascii_cow(label.as_bytes(), idna::AsciiDenyList::STD3) {
                Ok(a) if !a.is_empty() && !a.contains('.') => {
                    Cow::Owned(a.into_owned().into_bytes())
                }
                _ => Cow::Borrowed(label.as_bytes()),
            }
        };
        if octets.len() > 63 {
            return Err(DomainNameError::LabelTooLong {
                label: label.to_string(),
                len: octets.len(),
            });
        }
        wire += 1 + octets.len();
        labels.push(octets);
    }
    if wire > 255 {
        return Err(DomainNameError::TooLong { len: wire - 2 });
    }
    Ok(labels)
}

/// A name received in an answer (an MX exchange, a PTR or CNAME target),
/// from its raw labels, in the form [`query_labels`] reads back: labels
/// joined by dots, lower case. `None` when a label holds a dot or is not
/// UTF-8, which that form cannot carry.
///
/// ```
/// use domainauth::dns::name_from_labels;
/// let labels: [&[u8]; 3] = [b"Foo:Bar/baz", b"example", b"com"];
/// assert_eq!(name_from_labels(labels).as_deref(), Some("foo:bar/baz.example.com"));
/// let dotted: [&[u8]; 2] = [b"a.b", b"example"];
/// assert_eq!(name_from_labels(dotted), None);
/// ```
pub fn name_from_labels<'a>(labels: impl IntoIterator<Item = &'a [u8]>) -> Option<String> {
    let mut out = String::new();
    for label in labels {
        let text = std::str::from_utf8(label).ok()?;
        if text.contains('.') {
            return None;
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(text);
    }
    out.make_ascii_lowercase();
    Some(out)
}

/// Checks that `name` can be an SMTP identity's domain (a MAIL FROM domain
/// or a HELO name, RFC 5321 §4.1.2): [`check_domain_name`], and only
/// letters, digits, `-` and `_` in its labels. RFC 7208 §4.3 makes such an
/// identity's `check_host()` answer `none` without a lookup; names built by
/// macros inside a record are not held to this (RFC 7208 §7.1).
///
/// ```
/// use domainauth::dns::check_host_name;
/// assert!(check_host_name("mail.example.com").is_ok());
/// assert!(check_host_name("goo d.example").is_err());
/// assert!(check_host_name("mx\u{1b}.example").is_err());
/// ```
pub fn check_host_name(name: &str) -> Result<(), DomainNameError> {
    // The character first: "bad domain!" is wrong for its space, not for
    // having one label.
    if name.starts_with('[') {
        return check_domain_name(name);
    }
    match name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        Some((pos, ch)) => Err(DomainNameError::InvalidCharacter {
            name: name.to_string(),
            ch,
            pos,
        }),
        None => check_domain_name(name),
    }
}

/// The name under `in-addr.arpa` or `ip6.arpa` that holds `ip`'s PTR records
/// (RFC 1035 §3.5, RFC 3596 §2.5).
///
/// ```
/// use domainauth::dns::reverse_name;
/// assert_eq!(reverse_name("192.0.2.1".parse().unwrap()), "1.2.0.192.in-addr.arpa");
/// ```
pub fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let mut out = String::with_capacity(29);
            for octet in v4.octets().iter().rev() {
                push_decimal(&mut out, *octet);
                out.push('.');
            }
            out.push_str("in-addr.arpa");
            out
        }
        IpAddr::V6(v6) => {
            let mut out = String::with_capacity(72);
            for byte in v6.octets().iter().rev() {
                out.push(hex_digit(byte & 0x0f));
                out.push('.');
                out.push(hex_digit(byte >> 4));
                out.push('.');
            }
            out.push_str("ip6.arpa");
            out
        }
    }
}

/// The lower-case hex digit for a nibble (0–15).
pub(crate) fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0x0f)])
}

/// Appends `n` in decimal without going through `fmt`.
pub(crate) fn push_decimal(out: &mut String, n: u8) {
    if n >= 100 {
        out.push(char::from(b'0' + n / 100));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10) % 10));
    }
    out.push(char::from(b'0' + n % 10));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_limits() {
        let l63 = "a".repeat(63);
        let l64 = "a".repeat(64);
        assert!(check_domain_name(&format!("{l63}.example.com")).is_ok());
        assert!(matches!(
            check_domain_name(&format!("{l64}.example.com")),
            Err(DomainNameError::LabelTooLong { len: 64, .. })
        ));
        assert_eq!(check_domain_name("example.com."), Ok(()));
        assert_eq!(
            check_domain_name(".example.com"),
            Err(DomainNameError::EmptyLabel)
        );
        assert!(matches!(
            check_domain_name("[1.2.3.4]"),
            Err(DomainNameError::AddressLiteral { .. })
        ));
    }

    #[test]
    fn query_name_labels_are_raw_octets() {
        // RFC 7208 §7.1: any visible character; RFC 2181 §11: any octet.
        for (name, want) in [
            (
                "a:foo:bar/baz.example.com",
                vec!["a:foo:bar/baz", "example", "com"],
            ),
            (
                "[192.168.218.40].example.com",
                vec!["[192", "168", "218", "40]", "example", "com"],
            ),
            (
                "macro%percent  space%20url-space.example.com",
                vec!["macro%percent  space%20url-space", "example", "com"],
            ),
            ("_dmarc.Example.COM.", vec!["_dmarc", "Example", "COM"]),
        ] {
            let labels = query_labels(name).unwrap();
            let labels: Vec<&str> = labels
                .iter()
                .map(|l| std::str::from_utf8(l).unwrap())
                .collect();
            assert_eq!(labels, want, "{name}");
        }
        // A label that IDNA refuses is sent as its UTF-8 octets.
        assert_eq!(
            query_labels("ü:x.example").unwrap()[0].as_ref(),
            "ü:x".as_bytes()
        );
        assert_eq!(query_labels("").unwrap_err(), DomainNameError::Empty);
        assert_eq!(query_labels(".").unwrap_err(), DomainNameError::Empty);
        assert_eq!(
            query_labels("a..b").unwrap_err(),
            DomainNameError::EmptyLabel
        );
        let l64 = "a".repeat(64);
        assert!(matches!(
            query_labels(&format!("{l64}.example")),
            Err(DomainNameError::LabelTooLong { len: 64, .. })
        ));
        // 255 octets in wire form is the limit (RFC 1035 §2.3.4).
        let l63 = "a".repeat(63);
        let at_limit = format!("{l63}.{l63}.{l63}.{}", "a".repeat(61));
        assert_eq!(at_limit.len(), 253);
        assert!(query_labels(&at_limit).is_ok());
        assert_eq!(
            query_labels(&format!("{at_limit}a")).unwrap_err(),
            DomainNameError::TooLong { len: 254 }
        );
    }

    #[test]
    fn reverse_v6() {
        let ip: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(
            reverse_name(ip),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        );
    }
}
