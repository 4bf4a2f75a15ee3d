//! The author domain: the domain(s) of the RFC 5322 From field, as DMARC
//! reads it (RFC 9989 §4.4 and the From handling of RFC 7489 §6.6.1).
//!
//! Addresses are found with the RFC 5322 §3.4 grammar (display names, quoted
//! strings, comments, angle addresses, groups). Domains are lower-cased and
//! internationalised domain names converted to A-labels (RFC 5890), since
//! DNS is queried with A-labels.

use super::Message;

/// Why no single author domain could be taken from the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromProblem {
    /// No From field: the message is not valid RFC 5322 (§3.6 requires one).
    #[error("the message has no From field")]
    Missing,
    /// More than one From field (RFC 5322 §3.6 allows exactly one).
    #[error("the message has {count} From fields")]
    Several {
        /// How many.
        count: usize,
    },
    /// The From field holds no address (empty or only a display name).
    #[error("the From field holds no address: {value:?}")]
    NoAddress {
        /// The field value.
        value: String,
    },
    /// An address without a usable domain.
    #[error("the From address {address:?} has no usable domain")]
    NoDomain {
        /// The address.
        address: String,
    },
}

/// An IDN domain converted for lookup.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IdnDomain {
    /// As written (U-labels).
    pub unicode: String,
    /// As queried (A-labels, `xn--…`).
    pub ascii: String,
}

/// The author of a message.
///
/// ```
/// use domainauth::mail::{Message, author};
/// let m = Message::parse("From: \"店舗\" <info@ショップ.example>\r\n\r\n".as_bytes()).unwrap();
/// let a = author(&m).unwrap();
/// // The A-label as Python's "idna" codec also gives it.
/// assert_eq!(a.domains, vec!["xn--xckya1d0c.example"]);
/// assert_eq!(a.idn[0].unicode, "ショップ.example");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Author {
    /// Every address in the From field, in order.
    pub addresses: Vec<String>,
    /// The distinct domains (lower case, A-labels), in order of appearance.
    pub domains: Vec<String>,
    /// Domains that were written with U-labels.
    pub idn: Vec<IdnDomain>,
}

/// Finds the addresses in an RFC 5322 address list (`mailbox-list` or
/// `address-list`, groups included).
pub fn addresses(value: &str) -> Vec<String> {
    fn push(out: &mut Vec<String>, text: &str) {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // A route (obs-route "@a,@b:") before the address is dropped.
        let text = text.rsplit(':').next().unwrap_or("");
        if !text.is_empty() {
            out.push(text.to_string());
        }
    }
    let mut out = Vec::new();
    // Text of the mailbox being read, outside angle brackets.
    let mut current = String::new();
    // Inside <...>: the address so far.
    let mut angle: Option<String> = None;
    // An angle address was taken: ignore the rest up to the next separator.
    let mut taken = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // Quoted string: part of a display name or a local part.
                let mut quoted = String::from('"');
                while let Some(q) = chars.next() {
                    quoted.push(q);
                    if q == '\\' {
                        quoted.extend(chars.next());
                    } else if q == '"' {
                        break;
                    }
                }
                match angle.as_mut() {
                    Some(a) => a.push_str(&quoted),
                    None => current.push_str(&quoted),
                }
            }
            '(' if angle.is_none() => {
                let mut depth = 1;
                while let Some(q) = chars.next() {
                    match q {
                        '\\' => {
                            chars.next();
                        }
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                current.push(' ');
            }
            '<' if angle.is_none() => angle = Some(String::new()),
            '>' if angle.is_some() => {
                push(&mut out, &angle.take().unwrap_or_default());
                taken = true;
                current.clear();
            }
            // A group's display name ends with ':' (RFC 5322 §3.4).
            ':' if angle.is_none() && !current.contains('@') => current.clear(),
            ',' | ';' if angle.is_none() => {
                if !taken {
                    push(&mut out, &current);
                }
                taken = false;
                current.clear();
            }
            _ => match angle.as_mut() {
                Some(a) => a.push(c),
                None => current.push(c),
            },
        }
    }
    match angle {
        Some(a) => push(&mut out, &a),
        None if !taken => push(&mut out, &current),
        None => {}
    }
    out
}

/// The domain of an address for DMARC: lower case, A-labels, without a
/// trailing dot. Returns the A-label form and, for IDNs, the original.
pub fn address_domain(address: &str) -> Option<(String, Option<IdnDomain>)> {
    let (_, domain) = address.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.');
    if domain.is_empty() || domain.starts_with('[') {
        return None;
    }
    let (ascii, idn) = if domain.is_ascii() {
        (domain.to_ascii_lowercase(), None)
    } else {
        let ascii = idna::domain_to_ascii(domain).ok()?;
        (
            ascii.clone(),
            Some(IdnDomain {
                unicode: domain.to_string(),
                ascii,
            }),
        )
    };
    crate::dns::check_domain_name(&ascii).ok()?;
    // A domain needs at least one dot to be under a public suffix.
    ascii.contains('.').then_some((ascii, idn))
}

/// The author of `message`: the From field's addresses and their domains.
pub fn author(message: &Message<'_>) -> Result<Author, FromProblem> {
    let fields: Vec<_> = message.get_all("from").collect();
    let field = match fields.as_slice() {
        [] => return Err(FromProblem::Missing),
        [one] => one,
        more => return Err(FromProblem::Several { count: more.len() }),
    };
    let value = field.text();
    let list = addresses(&value);
    if list.is_empty() {
        return Err(FromProblem::NoAddress { value });
    }
    let mut domains = Vec::new();
    let mut idn = Vec::new();
    for address in &list {
        let Some((domain, converted)) = address_domain(address) else {
            return Err(FromProblem::NoDomain {
                address: address.clone(),
            });
        };
        if !domains.contains(&domain) {
            domains.push(domain);
        }
        if let Some(c) = converted
            && !idn.contains(&c)
        {
            idn.push(c);
        }
    }
    Ok(Author {
        addresses: list,
        domains,
        idn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_forms() {
        assert_eq!(addresses("a@b.example"), vec!["a@b.example"]);
        assert_eq!(
            addresses("\"Doe, John\" <john@x.example>, jane@y.example"),
            vec!["john@x.example", "jane@y.example"]
        );
        assert_eq!(
            addresses("John (the boss) <john@x.example> (comment)"),
            vec!["john@x.example"]
        );
        assert_eq!(
            addresses("team: a@x.example, b@y.example;"),
            vec!["a@x.example", "b@y.example"]
        );
        assert_eq!(addresses("\"a>b\" <c@d.example>"), vec!["c@d.example"]);
        assert_eq!(
            addresses("<@relay.example:c@d.example>"),
            vec!["c@d.example"]
        );
        assert_eq!(addresses("Only A Name"), vec!["OnlyAName"]);
        assert!(addresses("").is_empty());
        assert!(addresses("undisclosed-recipients:;").is_empty());
    }

    #[test]
    fn domains() {
        assert_eq!(
            address_domain("A@Shop.Example.").map(|d| d.0),
            Some("shop.example".into())
        );
        assert_eq!(address_domain("a@[192.0.2.1]"), None);
        assert_eq!(address_domain("a@localhost"), None);
        assert_eq!(address_domain("nobody"), None);
    }

    fn author_of(header: &str) -> Result<Author, FromProblem> {
        let raw = format!("{header}Subject: x\r\n\r\n");
        author(&Message::parse(raw.as_bytes()).unwrap())
    }

    #[test]
    fn from_edge_cases() {
        assert_eq!(author_of(""), Err(FromProblem::Missing));
        assert_eq!(
            author_of("From: a@x.example\r\nFrom: b@y.example\r\n"),
            Err(FromProblem::Several { count: 2 })
        );
        assert!(matches!(
            author_of("From: \r\n"),
            Err(FromProblem::NoAddress { .. })
        ));
        assert!(matches!(
            author_of("From: Only A Name\r\n"),
            Err(FromProblem::NoDomain { .. })
        ));
        let a = author_of("From: a@X.example, b@x.EXAMPLE, c@y.example\r\n").unwrap();
        assert_eq!(a.domains, vec!["x.example", "y.example"]);
        assert_eq!(a.addresses.len(), 3);
    }
}
