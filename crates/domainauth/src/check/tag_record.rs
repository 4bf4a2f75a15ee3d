//! What MTA-STS, TLS-RPT and BIMI records have in common: a TXT record at
//! a fixed name, chosen by its version field, holding `name=value` fields
//! separated by `;` (RFC 8461 §3.1, RFC 8460 §3, BIMI draft §4.2).

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
