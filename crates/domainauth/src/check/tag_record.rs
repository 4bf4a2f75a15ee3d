//! What MTA-STS, TLS-RPT and BIMI records have in common: a TXT record at
//! a fixed name, chosen by its version field, holding `name=value` fields
//! separated by `;` (RFC 8461 §3.1, RFC 8460 §3, BIMI draft §4.2).

use crate::diag::{Code, Finding};
use crate::dns::Resolver;

/// The state of one posture record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordState {
    /// Exactly one record, usable.
    Valid,
    /// A record that senders or receivers cannot use (a syntax error, or
    /// more than one record): they act as if there were none.
    Invalid,
    /// No record (the name or the record does not exist).
    Absent,
    /// The lookup failed (timeout, SERVFAIL): not known.
    Unknown,
}

/// A posture record as found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostureRecord {
    /// Where it is published (`_mta-sts.<domain>`, …).
    pub name: String,
    /// Its text, when exactly one record was found.
    pub record: Option<String>,
    /// Whether it can be used.
    pub state: RecordState,
}

/// What the TXT lookup at a posture name found.
pub(crate) enum Lookup {
    /// The records that start with the version field.
    Found(Vec<String>),
    /// None starts with the version field, or the name has no TXT.
    Absent,
    /// The lookup failed; [`super::watch`] reports it.
    Failed,
}

/// The TXT records at `name` whose first field is `version` (compared
/// exactly, as `%s"v=STSv1"` and the like are case-sensitive): the others
/// are discarded, as RFC 8461 §3.1 and RFC 8460 §3 ask.
pub(crate) async fn lookup<R: Resolver + ?Sized>(
    resolver: &R,
    name: &str,
    version: &str,
) -> Lookup {
    match resolver.txt(name).await {
        Ok(txts) => {
            let found: Vec<String> = txts
                .iter()
                .map(|t| t.to_text())
                .filter(|t| {
                    t.strip_prefix(version).is_some_and(|rest| {
                        rest.is_empty() || rest.trim_start_matches([' ', '\t']).starts_with(';')
                    })
                })
                .collect();
            if found.is_empty() {
                Lookup::Absent
            } else {
                Lookup::Found(found)
            }
        }
        Err(e) if e.is_void() => Lookup::Absent,
        Err(_) => Lookup::Failed,
    }
}

/// The `name=value` fields of `record`, white space around each trimmed
/// and empty fields (a trailing `;`) skipped; `Err` with the first field
/// that is not of that form.
pub(crate) fn fields(record: &str) -> Result<Vec<(&str, &str)>, &str> {
    let mut out = Vec::new();
    for field in record.split(';') {
        let field = field.trim_matches([' ', '\t']);
        if field.is_empty() {
            continue;
        }
        match field.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => out.push((k.trim(), v.trim())),
            _ => return Err(field),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_split_and_trimmed() {
        assert_eq!(
            fields("v=STSv1; id=20160831085700Z;").unwrap(),
            [("v", "STSv1"), ("id", "20160831085700Z")]
        );
        assert_eq!(fields("v=STSv1; oops"), Err("oops"));
        assert_eq!(fields("v=STSv1;;=x"), Err("=x"));
    }
}

/// Whether `uri` is a `mailto:` address or an `https:` URL a receiver can
/// use (RFC 3986: printable ASCII only, no spaces; RFC 6068 `mailto:` with
/// `local@domain`; an `https:` URL with a host name): the domain or host
/// must be a host name, so a record cannot smuggle control characters or
/// an unreachable address past the check as "valid".
pub(crate) fn usable_uri(uri: &str, schemes: &[&str]) -> bool {
    if !uri.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    let lower = uri.to_ascii_lowercase();
    if schemes.contains(&"mailto")
        && let Some(address) = lower.strip_prefix("mailto:")
    {
        // A size limit (`!10m`, RFC 7489 §6.2) may follow the address.
        let address = address.split('!').next().unwrap_or(address);
        return address.rsplit_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && crate::dns::check_host_name(domain).is_ok()
        });
    }
    if schemes.contains(&"https")
        && let Some(rest) = lower.strip_prefix("https://")
    {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = match authority.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => authority,
        };
        return crate::dns::check_host_name(host).is_ok();
    }
    false
}

#[cfg(test)]
mod uri_tests {
    use super::usable_uri;

    #[test]
    fn uris_receivers_can_use() {
        let both = ["mailto", "https"];
        assert!(usable_uri("mailto:tls@example.com", &both));
        assert!(usable_uri("https://r.example.com/v1/report", &both));
        assert!(usable_uri("https://r.example.com:8443/x", &both));
        assert!(usable_uri("MAILTO:a@Example.COM", &both));
        for bad in [
            "mailto:\u{1b}[31m",
            "mailto:nobody",
            "mailto:@example.com",
            "mailto:a@exa mple.com",
            "https://",
            "https://evil.test/\u{ad}logo.svg",
            "https://evil.test/\u{7}.svg",
            "https://a..b/x",
            "ftp://example.com/x",
        ] {
            assert!(!usable_uri(bad, &both), "{bad:?}");
        }
        assert!(!usable_uri("mailto:a@example.com", &["https"]));
    }
}

/// Reads the one record at `name` that starts with `prefix` and checks it
/// with `parse`: its state, and a finding when it is missing (`missing`,
/// for records a domain should have), several, or unusable
/// (`invalid`, with the parser's problem and the offending text). A failed
/// lookup leaves the state unknown and makes no finding of the record.
pub(crate) async fn check_record<R>(
    resolver: &R,
    domain: &str,
    name: String,
    prefix: &str,
    invalid: Code,
    missing: Option<Code>,
    parse: for<'a> fn(&'a str) -> Result<(), (&'static str, &'a str)>,
) -> (PostureRecord, Vec<Finding>)
where
    R: Resolver + ?Sized,
{
    let mut record = PostureRecord {
        name: name.clone(),
        record: None,
        state: RecordState::Absent,
    };
    let invalid = |problem: &str, value: &str, count: usize| {
        Finding::new(invalid)
            .param("domain", domain)
            .param("name", &name)
            .param("problem", problem)
            .param("value", value)
            .param("count", count)
    };
    let finding = match lookup(resolver, &name, prefix).await {
        Lookup::Failed => {
            record.state = RecordState::Unknown;
            None
        }
        Lookup::Absent => missing.map(|code| {
            Finding::new(code)
                .param("domain", domain)
                .param("name", &name)
        }),
        Lookup::Found(texts) if texts.len() > 1 => {
            record.state = RecordState::Invalid;
            Some(invalid("several", "", texts.len()))
        }
        Lookup::Found(mut texts) => {
            let text = texts.remove(0);
            let finding = match parse(&text) {
                Ok(_) => {
                    record.state = RecordState::Valid;
                    None
                }
                Err((problem, value)) => {
                    record.state = RecordState::Invalid;
                    Some(invalid(problem, value, 1))
                }
            };
            record.record = Some(text);
            finding
        }
    };
    (record, finding.into_iter().collect())
}
