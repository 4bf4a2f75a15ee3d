//! Domain name checks shared by the protocols.

use std::net::IpAddr;

/// Why a string is not a usable domain name (RFC 1035 §2.3.4, RFC 7208 §4.3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
    fn reverse_v6() {
        let ip: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(
            reverse_name(ip),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
        );
    }
}
