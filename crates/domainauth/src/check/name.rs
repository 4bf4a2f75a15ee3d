//! The domain a check is asked for, made a name that can be looked up.

use std::net::IpAddr;

use crate::dns::{DomainNameError, check_host_name};

/// `input` as the ASCII, lower-case name [`check_domain`](super::check_domain)
/// looks up, or what is wrong with it.
///
/// A trailing dot and surrounding white space are dropped; a name with
/// non-ASCII characters is converted to its A-labels (IDNA, UTS #46 with
/// the STD3 rules of RFC 5891 §4.2.3, as receivers look it up: `例え.jp` →
/// `xn--r8jz45g.jp`), and `xn--` labels must decode. The result must be a
/// host name of two labels or more (RFC 1035 §2.3.4, RFC 5321 §4.1.2: at
/// most 63 octets per label, 253 in all). An IP address is refused by name.
///
/// ```
/// use domainauth::check::domain_name;
/// use domainauth::dns::DomainNameError;
/// assert_eq!(domain_name("Example.COM.").unwrap(), "example.com");
/// assert_eq!(domain_name("例え.jp").unwrap(), "xn--r8jz45g.jp");
/// assert!(matches!(domain_name("192.0.2.1"), Err(DomainNameError::IpAddress { .. })));
/// assert!(matches!(domain_name(&format!("{}.jp", "a".repeat(64))), Err(DomainNameError::LabelTooLong { .. })));
/// ```
pub fn domain_name(input: &str) -> Result<String, DomainNameError> {
    let trimmed = input.trim();
    let bare = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let unbracketed = bare
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .unwrap_or(bare);
    if unbracketed.parse::<IpAddr>().is_ok() {
        return Err(DomainNameError::IpAddress {
            name: trimmed.to_string(),
        });
    }
    // Length and label checks on the form as given first: IDNA would
    // otherwise report an over-long name only as "invalid".
    if bare.is_ascii() {
        check_host_name(bare)?;
    }
    let needs_idna = !bare.is_ascii()
        || bare
            .split('.')
            .any(|l| l.len() >= 4 && l[..4].eq_ignore_ascii_case("xn--"));
    let ascii = if needs_idna {
        let (ascii, checked) = (
            idna::domain_to_ascii_cow(bare.as_bytes(), idna::AsciiDenyList::STD3),
            idna::domain_to_unicode(bare),
        );
        match (ascii, checked.1) {
            (Ok(a), Ok(())) if !a.is_empty() => a.into_owned(),
            _ => {
                return Err(DomainNameError::InvalidIdn {
                    name: trimmed.to_string(),
                });
            }
        }
    } else {
        bare.to_ascii_lowercase()
    };
    check_host_name(&ascii)?;
    // RFC 3696 §2: no top-level domain is all-numeric.
    if ascii
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DomainNameError::NumericTld {
            name: trimmed.to_string(),
        });
    }
    Ok(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test on the error a bad name gives.
    type Expect = fn(&DomainNameError) -> bool;

    #[test]
    fn each_kind_of_bad_name_is_named() {
        let cases: &[(&str, Expect)] = &[
            ("", |e| matches!(e, DomainNameError::Empty)),
            ("999.1.1.1", |e| {
                matches!(e, DomainNameError::NumericTld { .. })
            }),
            ("1.2.3.4.5", |e| {
                matches!(e, DomainNameError::NumericTld { .. })
            }),
            ("192.0.2.1", |e| {
                matches!(e, DomainNameError::IpAddress { .. })
            }),
            ("2001:db8::1", |e| {
                matches!(e, DomainNameError::IpAddress { .. })
            }),
            ("[192.0.2.1]", |e| {
                matches!(e, DomainNameError::IpAddress { .. })
            }),
            ("a..example", |e| matches!(e, DomainNameError::EmptyLabel)),
            ("localhost", |e| {
                matches!(e, DomainNameError::SingleLabel { .. })
            }),
            ("bad name.example", |e| {
                matches!(e, DomainNameError::InvalidCharacter { ch: ' ', .. })
            }),
            // RFC 5891 §4.4: an A-label must decode (a bad Punycode tail).
            ("xn--a.example", |e| {
                matches!(e, DomainNameError::InvalidIdn { .. })
            }),
            // UTS #46 STD3 rules: no symbols such as '!' in a U-label.
            ("bü!cher.example", |e| {
                matches!(e, DomainNameError::InvalidIdn { .. })
            }),
        ];
        for (input, expected) in cases {
            let got = domain_name(input).unwrap_err();
            assert!(expected(&got), "{input:?}: {got:?}");
        }
        let long_label = format!("{}.example", "a".repeat(64));
        assert!(matches!(
            domain_name(&long_label),
            Err(DomainNameError::LabelTooLong { len: 64, .. })
        ));
        let long_name = format!("{}example", "abcdefghi.".repeat(25));
        assert!(matches!(
            domain_name(&long_name),
            Err(DomainNameError::TooLong { len: 257 })
        ));
    }

    #[test]
    fn good_names_are_normalised() {
        assert_eq!(
            domain_name(" Mail.Example.CO.JP. ").unwrap(),
            "mail.example.co.jp"
        );
        // Numeric labels are fine below the top level (RFC 1123 §2.1).
        assert_eq!(domain_name("365.example.jp").unwrap(), "365.example.jp");
        // RFC 3492 §7.1 sample-free check: bücher → xn--bcher-kva (RFC 8616 §3 example).
        assert_eq!(
            domain_name("bücher.example").unwrap(),
            "xn--bcher-kva.example"
        );
        assert_eq!(
            domain_name("xn--bcher-kva.example").unwrap(),
            "xn--bcher-kva.example"
        );
    }
}
