//! How model values become column values and back: enum values as their
//! names in the schemas (RFC 9990 §3.1, RFC 8601, RFC 7208 §2.6), counts
//! as 64-bit signed integers, lists of short strings as JSON arrays, IP
//! addresses in their canonical text form.

use std::borrow::Cow;
use std::net::IpAddr;

use aws_lc_rs::digest;

use super::StoreError;
use crate::model::{
    AggregateSchema, AlignmentMode, Disposition, DkimAuthResult, DmarcOutcome, FailureReport,
    OverrideKind, SpfAuthResult, SpfScope, UnixTime,
};

/// Seconds since the epoch, now.
pub(crate) fn now() -> UnixTime {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A count as the database's BIGINT, or [`StoreError::TooLarge`].
pub(crate) fn int(field: &'static str, value: u64) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::TooLarge { field, value })
}

/// A stored BIGINT as a count: negative values were never written.
pub(crate) fn count(
    table: &'static str,
    column: &'static str,
    value: i64,
) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::corrupt(table, column, &value.to_string()))
}

/// Text as the database keeps it: PostgreSQL cannot store NUL in text, so
/// NUL becomes U+FFFD on both backends (the same report reads back the
/// same from either).
pub(crate) fn text(value: &str) -> Cow<'_, str> {
    if value.contains('\0') {
        Cow::Owned(value.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// [`text`] of an optional value.
pub(crate) fn opt_text(value: Option<&String>) -> Option<Cow<'_, str>> {
    value.map(|v| text(v))
}

/// A list of strings as a JSON array.
pub(crate) fn list(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_owned())
}

/// A JSON array read back.
pub(crate) fn parse_list(
    table: &'static str,
    column: &'static str,
    value: &str,
) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(value).map_err(|_| StoreError::corrupt(table, column, value))
}

/// An IP address read back.
pub(crate) fn ip(
    table: &'static str,
    column: &'static str,
    value: &str,
) -> Result<IpAddr, StoreError> {
    value
        .parse()
        .map_err(|_| StoreError::corrupt(table, column, value))
}

/// An optional IP address read back.
pub(crate) fn opt_ip(
    table: &'static str,
    column: &'static str,
    value: Option<&str>,
) -> Result<Option<IpAddr>, StoreError> {
    value.map(|v| ip(table, column, v)).transpose()
}

/// Lower-case hex of a SHA-256 digest.
fn hex_sha256(data: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = digest::digest(&digest::SHA256, data);
    digest
        .as_ref()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The unique key of an aggregate or TLS report: the SHA-256 of the
/// reporting organisation, report id and date range, each preceded by its
/// length (so no two different tuples encode alike). A digest rather than
/// the four columns because a B-tree index entry is limited in size and
/// these values come from the report.
pub(crate) fn report_key(kind: &str, parts: &[&[u8]]) -> String {
    let mut data = Vec::with_capacity(64);
    data.extend_from_slice(kind.as_bytes());
    for part in parts {
        data.extend_from_slice(&(part.len() as u64).to_be_bytes());
        data.extend_from_slice(part);
    }
    hex_sha256(&data)
}

/// The identity of a failure report: the SHA-256 of its content (every
/// field, as its canonical JSON). The same report mail ingested twice
/// parses to the same content.
pub(crate) fn failure_hash(report: &FailureReport) -> String {
    let json = serde_json::to_vec(report).unwrap_or_default();
    hex_sha256(&json)
}

macro_rules! names {
    ($(#[$doc:meta])* $ty:ty, $to:ident, $from:ident { $($variant:path => $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        pub(crate) fn $to(value: &$ty) -> &'static str {
            match value {
                $($variant => $name),+
            }
        }

        /// The value of a stored name.
        pub(crate) fn $from(
            table: &'static str,
            column: &'static str,
            name: &str,
        ) -> Result<$ty, StoreError> {
            match name {
                $($name => Ok($variant),)+
                _ => Err(StoreError::corrupt(table, column, name)),
            }
        }
    };
}

names!(
    /// `rfc9990` / `rfc7489`.
    AggregateSchema, schema_name, schema_from {
    AggregateSchema::Rfc9990 => "rfc9990",
    AggregateSchema::Rfc7489 => "rfc7489",
});

names!(
    /// `r` / `s` (RFC 9989 §4.7).
    AlignmentMode, alignment_name, alignment_from {
    AlignmentMode::Relaxed => "r",
    AlignmentMode::Strict => "s",
});

names!(
    /// `none` / `quarantine` / `reject`.
    Disposition, disposition_name, disposition_from {
    Disposition::None => "none",
    Disposition::Quarantine => "quarantine",
    Disposition::Reject => "reject",
});

names!(
    /// `pass` / `fail`.
    DmarcOutcome, outcome_name, outcome_from {
    DmarcOutcome::Pass => "pass",
    DmarcOutcome::Fail => "fail",
});

names!(
    /// RFC 8601 §2.7.1 result names.
    DkimAuthResult, dkim_result_name, dkim_result_from {
    DkimAuthResult::None => "none",
    DkimAuthResult::Pass => "pass",
    DkimAuthResult::Fail => "fail",
    DkimAuthResult::Policy => "policy",
    DkimAuthResult::Neutral => "neutral",
    DkimAuthResult::TempError => "temperror",
    DkimAuthResult::PermError => "permerror",
});

names!(
    /// RFC 7208 §2.6 result names.
    SpfAuthResult, spf_result_name, spf_result_from {
    SpfAuthResult::None => "none",
    SpfAuthResult::Neutral => "neutral",
    SpfAuthResult::Pass => "pass",
    SpfAuthResult::Fail => "fail",
    SpfAuthResult::SoftFail => "softfail",
    SpfAuthResult::TempError => "temperror",
    SpfAuthResult::PermError => "permerror",
});

names!(
    /// `mfrom` / `helo`.
    SpfScope, scope_name, scope_from {
    SpfScope::Mfrom => "mfrom",
    SpfScope::Helo => "helo",
});

/// An override reason's type as (name, value of `other`): RFC 9990 §3.1.3
/// names; a value outside the set is stored as `other` with the value.
pub(crate) fn override_columns(kind: &OverrideKind) -> (&'static str, Option<String>) {
    let name = match kind {
        OverrideKind::Forwarded => "forwarded",
        OverrideKind::SampledOut => "sampled_out",
        OverrideKind::TrustedForwarder => "trusted_forwarder",
        OverrideKind::MailingList => "mailing_list",
        OverrideKind::LocalPolicy => "local_policy",
        OverrideKind::PolicyTestMode => "policy_test_mode",
        OverrideKind::Other(value) => return ("other", Some(text(value).into_owned())),
    };
    (name, None)
}

/// An override reason's type read back.
pub(crate) fn override_from(
    table: &'static str,
    name: &str,
    other: Option<String>,
) -> Result<OverrideKind, StoreError> {
    Ok(match name {
        "forwarded" => OverrideKind::Forwarded,
        "sampled_out" => OverrideKind::SampledOut,
        "trusted_forwarder" => OverrideKind::TrustedForwarder,
        "mailing_list" => OverrideKind::MailingList,
        "local_policy" => OverrideKind::LocalPolicy,
        "policy_test_mode" => OverrideKind::PolicyTestMode,
        "other" => OverrideKind::Other(other.unwrap_or_default()),
        _ => return Err(StoreError::corrupt(table, "kind", name)),
    })
}

/// An optional name read back with `from`.
pub(crate) fn opt<T>(
    value: Option<&str>,
    from: impl FnOnce(&str) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    value.map(from).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in [
            Disposition::None,
            Disposition::Quarantine,
            Disposition::Reject,
        ] {
            assert_eq!(disposition_from("t", "c", disposition_name(&d)).unwrap(), d);
            // The model's own name (RFC 9990 DispositionType) is the stored one.
            assert_eq!(disposition_name(&d), d.as_str());
        }
        for r in [
            DkimAuthResult::None,
            DkimAuthResult::Pass,
            DkimAuthResult::Fail,
            DkimAuthResult::Policy,
            DkimAuthResult::Neutral,
            DkimAuthResult::TempError,
            DkimAuthResult::PermError,
        ] {
            assert_eq!(dkim_result_from("t", "c", dkim_result_name(&r)).unwrap(), r);
            // The stored names are the serde names (the schema's).
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", dkim_result_name(&r))
            );
        }
        for r in [
            SpfAuthResult::None,
            SpfAuthResult::Neutral,
            SpfAuthResult::Pass,
            SpfAuthResult::Fail,
            SpfAuthResult::SoftFail,
            SpfAuthResult::TempError,
            SpfAuthResult::PermError,
        ] {
            assert_eq!(spf_result_from("t", "c", spf_result_name(&r)).unwrap(), r);
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", spf_result_name(&r))
            );
        }
        for k in [
            OverrideKind::Forwarded,
            OverrideKind::SampledOut,
            OverrideKind::TrustedForwarder,
            OverrideKind::MailingList,
            OverrideKind::LocalPolicy,
            OverrideKind::PolicyTestMode,
            OverrideKind::Other("forwarded".into()),
            OverrideKind::Other(String::new()),
        ] {
            let (name, other) = override_columns(&k);
            assert_eq!(override_from("t", name, other).unwrap(), k);
        }
        assert!(matches!(
            disposition_from("records", "disposition", "maybe"),
            Err(StoreError::Corrupt { value, .. }) if value == "maybe"
        ));
    }

    #[test]
    fn report_key_separates_fields() {
        // "ab" + "c" and "a" + "bc" are different reports.
        let one = report_key("aggregate", &[b"ab", b"c"]);
        let two = report_key("aggregate", &[b"a", b"bc"]);
        assert_ne!(one, two);
        assert_eq!(one.len(), 64);
        assert_eq!(one, report_key("aggregate", &[b"ab", b"c"]));
    }

    #[test]
    fn sha256_is_the_standard_one() {
        // FIPS 180-2 Appendix B.1: SHA-256("abc").
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn counts_beyond_i64_are_refused() {
        assert_eq!(int("<count>", 5).unwrap(), 5);
        assert!(matches!(
            int("<count>", u64::MAX),
            Err(StoreError::TooLarge {
                field: "<count>",
                value: u64::MAX
            })
        ));
        assert!(count("t", "c", -1).is_err());
    }

    #[test]
    fn nul_is_replaced() {
        assert_eq!(text("a\0b"), "a\u{FFFD}b");
        assert_eq!(text("plain"), "plain");
    }
}
