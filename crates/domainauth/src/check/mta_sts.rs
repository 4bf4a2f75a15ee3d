//! MTA-STS (RFC 8461): the `_mta-sts` TXT record and, through a
//! [`PolicyFetcher`] the caller provides, the HTTPS policy file. The
//! library does no HTTP itself: without a fetcher (offline) the report
//! says plainly that the policy file was not fetched.

use std::fmt;

use async_trait::async_trait;

use super::tag_record::{Lookup, PostureRecord, RecordState, fields, lookup};
use crate::diag::{Code, Finding};
use crate::dns::{Mx, Resolver};

/// Longest `max_age` a policy may give (RFC 8461 §3.2: "up to 31557600").
pub const MAX_AGE_LIMIT: u64 = 31_557_600;

/// Fetches the MTA-STS policy file of a domain over HTTPS (RFC 8461 §3.3):
/// `GET https://mta-sts.<domain>/.well-known/mta-sts.txt`, with a
/// certificate valid for that host, no redirects followed, a body limit
/// (64 KiB is suggested) and a timeout. Implemented outside this crate
/// (the CLI, an HTTP client), so that the protocol library holds no HTTP.
///
/// ```
/// use domainauth::check::{FetchError, PolicyFetcher};
/// /// A fetcher that serves one policy, for tests.
/// #[derive(Debug)]
/// struct Fixed(&'static str);
/// #[async_trait::async_trait]
/// impl PolicyFetcher for Fixed {
///     async fn fetch(&self, url: &str) -> Result<String, FetchError> {
///         assert!(url.ends_with("/.well-known/mta-sts.txt"));
///         Ok(self.0.to_string())
///     }
/// }
/// ```
#[async_trait]
pub trait PolicyFetcher: Send + Sync + fmt::Debug {
    /// The body of the policy file at `url`, or why there is none.
    async fn fetch(&self, url: &str) -> Result<String, FetchError>;
}

/// Why a policy file could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FetchError {
    /// The server answered with a status other than 200 (RFC 8461 §3.3).
    #[error("the server answered HTTP status {status}")]
    Status {
        /// The HTTP status code.
        status: u16,
    },
    /// The answer is not `text/plain` (RFC 8461 §3.2: the policy's media
    /// type).
    #[error("the server answered Content-Type {value:?}, not text/plain")]
    ContentType {
        /// The Content-Type given (empty when none).
        value: String,
    },
    /// The body is longer than the fetcher reads (RFC 8461 §3.3 suggests
    /// 64 KiB).
    #[error("the policy file is longer than {limit} octets")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The connection, TLS or the reading of the body failed.
    #[error("{reason}")]
    Transport {
        /// What went wrong.
        reason: String,
    },
}

/// The policy file as read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PolicyState {
    /// No usable `_mta-sts` record, so no policy to fetch.
    NotApplicable,
    /// Not fetched: no [`PolicyFetcher`] was given (offline).
    NotFetched,
    /// The fetch failed.
    FetchFailed {
        /// Why.
        error: FetchError,
    },
    /// Fetched, but not a valid policy (RFC 8461 §3.2).
    Invalid,
    /// A valid policy.
    Valid(Policy),
}

/// An MTA-STS policy (RFC 8461 §3.2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Policy {
    /// `enforce`, `testing` or `none`.
    pub mode: String,
    /// Seconds senders may cache the policy.
    pub max_age: u64,
    /// MX host patterns (`mail.example.com`, `*.example.net`).
    pub mx: Vec<String>,
}

/// What was found of a domain's MTA-STS.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MtaStsReport {
    /// The `_mta-sts` TXT record.
    pub record: PostureRecord,
    /// Its `id=`, when valid.
    pub id: Option<String>,
    /// The policy file's URL.
    pub policy_url: String,
    /// The policy file.
    pub policy: PolicyState,
}

/// Why a text is not a usable record or policy: the catalog's `problem`
/// selector and the offending text.
type Problem<'a> = (&'static str, &'a str);

/// The `id=` of an `_mta-sts` record (RFC 8461 §3.1: `v=STSv1` first,
/// `id=` 1 to 32 letters and digits, extensions `name=value`).
pub fn parse_record(record: &str) -> Result<&str, Problem<'_>> {
    let fields = fields(record).map_err(|f| ("syntax", f))?;
    let id = fields
        .iter()
        .find(|(k, _)| *k == "id")
        .map(|(_, v)| *v)
        .ok_or(("no-id", ""))?;
    if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(("bad-id", id));
    }
    Ok(id)
}

/// A policy file (RFC 8461 §3.2): lines `key: value` ending in CRLF or LF;
/// `version: STSv1`, `mode`, `max_age` required, `mx` required unless the
/// mode is `none`; unknown keys ignored.
pub fn parse_policy(text: &str) -> Result<Policy, Problem<'_>> {
    let (mut version, mut mode, mut max_age, mut mx) = (None, None, None, Vec::new());
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(("syntax", line));
        };
        let value = value.trim_matches([' ', '\t']);
        match key.trim() {
            "version" => version = Some(value),
            "mode" => mode = Some(value),
            "max_age" => max_age = Some(value),
            "mx" => mx.push(value.to_string()),
            _ => {}
        }
    }
    if version != Some("STSv1") {
        return Err(("version", version.unwrap_or("")));
    }
    let mode = mode.unwrap_or("");
    if !matches!(mode, "enforce" | "testing" | "none") {
        return Err(("mode", mode));
    }
    let age_text = max_age.unwrap_or("");
    let max_age = (!age_text.is_empty()
        && age_text.len() <= 10
        && age_text.bytes().all(|b| b.is_ascii_digit()))
    .then(|| age_text.parse::<u64>().ok())
    .flatten()
    .filter(|&a| a <= MAX_AGE_LIMIT)
    .ok_or(("max-age", age_text))?;
    if mx.is_empty() && mode != "none" {
        return Err(("no-mx", ""));
    }
    Ok(Policy {
        mode: mode.to_string(),
        max_age,
        mx,
    })
}

/// Whether MX host `host` matches policy pattern `pattern` (RFC 8461
/// §4.1): equal names, or `*.` matching exactly one leftmost label.
pub fn mx_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.');
    let host = host.trim_end_matches('.');
    match pattern.strip_prefix("*.") {
        Some(base) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest.eq_ignore_ascii_case(base)),
        None => pattern.eq_ignore_ascii_case(host),
    }
}

/// Reads `_mta-sts.<domain>` and, with a fetcher, the policy file.
pub(crate) async fn check<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
    fetcher: Option<&dyn PolicyFetcher>,
) -> (MtaStsReport, Vec<Finding>) {
    let name = format!("_mta-sts.{domain}");
    let policy_url = format!("https://mta-sts.{domain}/.well-known/mta-sts.txt");
    let mut findings = Vec::new();
    let mut report = MtaStsReport {
        record: PostureRecord {
            name: name.clone(),
            record: None,
            state: RecordState::Absent,
        },
        id: None,
        policy_url: policy_url.clone(),
        policy: PolicyState::NotApplicable,
    };
    let invalid = |problem: &str, value: &str, count: usize| {
        Finding::new(Code::CheckMtaStsInvalid)
            .param("domain", domain)
            .param("name", &name)
            .param("problem", problem)
            .param("value", value)
            .param("count", count)
    };
    let record = match lookup(resolver, &name, "v=STSv1").await {
        Lookup::Failed => {
            report.record.state = RecordState::Unknown;
            return (report, findings);
        }
        Lookup::Absent => {
            findings.push(
                Finding::new(Code::CheckMtaStsMissing)
                    .param("domain", domain)
                    .param("name", &name),
            );
            return (report, findings);
        }
        Lookup::Found(records) if records.len() > 1 => {
            report.record.state = RecordState::Invalid;
            findings.push(invalid("several", "", records.len()));
            return (report, findings);
        }
        Lookup::Found(mut records) => records.remove(0),
    };
    report.record.record = Some(record.clone());
    let id = match parse_record(&record) {
        Ok(id) => id.to_string(),
        Err((problem, value)) => {
            report.record.state = RecordState::Invalid;
            findings.push(invalid(problem, value, 1));
            return (report, findings);
        }
    };
    report.record.state = RecordState::Valid;
    report.id = Some(id.clone());
    let Some(fetcher) = fetcher else {
        report.policy = PolicyState::NotFetched;
        findings.push(
            Finding::new(Code::CheckMtaStsNotFetched)
                .param("domain", domain)
                .param("name", &name)
                .param("value", &id),
        );
        return (report, findings);
    };
    match fetcher.fetch(&policy_url).await {
        Err(error) => {
            findings.push(
                Finding::new(Code::CheckMtaStsFetchFailed)
                    .param("domain", domain)
                    .param("name", &name)
                    .param("uri", &policy_url)
                    .reason("error", &error),
            );
            report.policy = PolicyState::FetchFailed { error };
        }
        Ok(body) => match parse_policy(&body) {
            Ok(policy) => {
                findings.push(
                    Finding::new(Code::CheckMtaStsPolicy)
                        .param("domain", domain)
                        .param("mode", &policy.mode)
                        .param("value", policy.max_age)
                        .list("mx", &policy.mx),
                );
                report.policy = PolicyState::Valid(policy);
            }
            Err((problem, value)) => {
                findings.push(
                    Finding::new(Code::CheckMtaStsPolicyInvalid)
                        .param("domain", domain)
                        .param("uri", &policy_url)
                        .param("problem", problem)
                        .param("value", value),
                );
                report.policy = PolicyState::Invalid;
            }
        },
    }
    (report, findings)
}

/// A finding for each MX host the policy's patterns do not cover (RFC
/// 8461 §4.1), when a valid policy of mode `enforce` or `testing` was read.
pub(crate) fn mx_findings(report: &MtaStsReport, domain: &str, mxs: &[Mx]) -> Vec<Finding> {
    let PolicyState::Valid(policy) = &report.policy else {
        return Vec::new();
    };
    if policy.mode == "none" {
        return Vec::new();
    }
    mxs.iter()
        .filter(|m| !super::null_mx::is_null_mx(m))
        .filter(|m| !policy.mx.iter().any(|p| mx_matches(p, &m.exchange)))
        .map(|m| {
            Finding::new(Code::CheckMtaStsMxNotCovered)
                .param("domain", domain)
                .param("name", &m.exchange)
                .param("mode", &policy.mode)
                .list("mx", &policy.mx)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_syntax_of_rfc_8461_section_3_1() {
        // The RFC's own example.
        assert_eq!(
            parse_record("v=STSv1; id=20160831085700Z;"),
            Ok("20160831085700Z")
        );
        assert_eq!(parse_record("v=STSv1;"), Err(("no-id", "")));
        assert_eq!(
            parse_record("v=STSv1; id=2016-08-31"),
            Err(("bad-id", "2016-08-31"))
        );
        let long = "a".repeat(33);
        assert!(matches!(
            parse_record(&format!("v=STSv1; id={long}")),
            Err(("bad-id", _))
        ));
        assert_eq!(parse_record("v=STSv1; id"), Err(("syntax", "id")));
    }

    #[test]
    fn policy_syntax_of_rfc_8461_section_3_2() {
        // The RFC's own example policy.
        let p = parse_policy(
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n",
        )
        .unwrap();
        assert_eq!(p.mode, "enforce");
        assert_eq!(p.max_age, 604_800);
        assert_eq!(p.mx.len(), 3);
        assert_eq!(
            parse_policy("mode: enforce\nmx: a.example\nmax_age: 1")
                .unwrap_err()
                .0,
            "version"
        );
        assert_eq!(
            parse_policy("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1").unwrap_err(),
            ("mode", "strict")
        );
        assert_eq!(
            parse_policy("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557601")
                .unwrap_err(),
            ("max-age", "31557601")
        );
        assert_eq!(
            parse_policy("version: STSv1\nmode: testing\nmax_age: 86400")
                .unwrap_err()
                .0,
            "no-mx"
        );
        assert!(parse_policy("version: STSv1\nmode: none\nmax_age: 86400").is_ok());
        assert_eq!(
            parse_policy("version: STSv1\ngarbage").unwrap_err(),
            ("syntax", "garbage")
        );
    }

    #[test]
    fn mx_patterns_of_rfc_8461_section_4_1() {
        assert!(mx_matches("mail.example.com", "MAIL.example.com."));
        assert!(mx_matches("*.example.net", "mx1.example.net"));
        // "*.example.com" matches "mx1.example.com" but not "mx1.mx2.example.com" nor "example.com".
        assert!(!mx_matches("*.example.com", "mx1.mx2.example.com"));
        assert!(!mx_matches("*.example.com", "example.com"));
    }
}
