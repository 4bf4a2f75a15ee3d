//! SMTP TLS reports (RFC 8460 §4.4) read from the hand-made files in
//! `tests/data/tls/` (see `tests/data/README.md`); `rfc8460.json` follows
//! the example report of RFC 8460 §4.4. Expected values are the ones
//! written in the files; epoch seconds were worked out apart from the
//! parser.

use std::net::IpAddr;
use std::path::PathBuf;

use domainauth_reports::tlsrpt::{self, TlsError};
use domainauth_reports::{Limits, TlsReport};

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tls")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(name: &str) -> TlsReport {
    tlsrpt::parse(&data(name), &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refuse(name: &str) -> TlsError {
    match tlsrpt::parse(&data(name), &Limits::default()) {
        Ok(r) => panic!("{name} was accepted: {r:?}"),
        Err(e) => e,
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn the_rfc_example() {
    let r = parse("rfc8460.json");
    assert_eq!(r.organization_name, "Company-X");
    assert_eq!(r.start, "2016-04-01T00:00:00Z");
    assert_eq!(r.end, "2016-04-01T23:59:59Z");
    assert_eq!(r.start_time, Some(1459468800));
    assert_eq!(r.end_time, Some(1459555199));
    assert_eq!(
        r.contact_info.as_deref(),
        Some("sts-reporting@company-x.example")
    );
    assert_eq!(r.report_id, "5065427c-23d3-47ca-b6e0-946ea0e8c4be");
    assert_eq!(r.policies.len(), 1);
    let p = &r.policies[0];
    assert_eq!(p.policy_type, "sts");
    assert_eq!(p.policy_domain, "company-y.example");
    assert_eq!(p.policy_strings.len(), 4);
    assert_eq!(p.policy_strings[1], "mode: testing");
    assert_eq!(p.mx_hosts, vec!["*.mail.company-y.example".to_string()]);
    assert_eq!(p.successful_sessions, 5326);
    assert_eq!(p.failed_sessions, 303);
    assert_eq!(p.failures.len(), 3);
    let f = &p.failures;
    assert_eq!(f[0].result_type, "certificate-expired");
    assert_eq!(f[0].sending_mta_ip, Some(ip("2001:db8:abcd:12::1")));
    assert_eq!(
        f[0].receiving_mx_hostname.as_deref(),
        Some("mx1.mail.company-y.example")
    );
    assert_eq!(f[0].receiving_ip, None);
    assert_eq!(f[0].failed_session_count, 100);
    assert_eq!(f[1].receiving_ip, Some(ip("203.0.113.56")));
    assert!(
        f[1].additional_information
            .as_deref()
            .unwrap()
            .ends_with("#StarttlsNotSupported")
    );
    assert_eq!(f[2].result_type, "validation-failure");
    assert_eq!(
        f[2].failure_reason_code.as_deref(),
        Some("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED")
    );
    assert_eq!(
        f.iter().map(|d| d.failed_session_count).sum::<u64>(),
        303,
        "the details add up to the summary"
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn optional_fields_may_be_left_out() {
    let r = parse("minimal.json");
    assert_eq!(r.organization_name, "Tiny Sender");
    assert_eq!(r.contact_info, None);
    assert_eq!(r.start_time, Some(1769904000));
    let p = &r.policies[0];
    assert_eq!(p.policy_type, "no-policy-found");
    assert!(p.policy_strings.is_empty());
    assert!(p.mx_hosts.is_empty());
    assert_eq!((p.successful_sessions, p.failed_sessions), (7, 0));
    assert!(p.failures.is_empty());
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn numbers_as_strings_extra_fields_and_single_strings() {
    let r = parse("tolerant.json");
    assert_eq!(r.organization_name, "Loose Sender");
    // A number where a string is expected is taken as written.
    assert_eq!(r.report_id, "20260201");
    assert_eq!(r.contact_info, None);
    assert_eq!(r.start_time, Some(1769871600));
    assert_eq!(r.end, "not a date");
    assert_eq!(r.end_time, None);
    assert_eq!(r.policies.len(), 2);
    let p = &r.policies[0];
    assert_eq!(p.policy_type, "sts");
    assert_eq!(p.policy_domain, "example.com");
    assert_eq!(p.mx_hosts, vec!["mx.example.com".to_string()]);
    assert!(p.policy_strings.is_empty());
    assert_eq!((p.successful_sessions, p.failed_sessions), (12, 3));
    assert_eq!(p.failures[0].result_type, "certificate-host-mismatch");
    assert_eq!(p.failures[0].failed_session_count, 3);
    assert_eq!(p.failures[0].sending_mta_ip, None);
    let q = &r.policies[1];
    assert_eq!(q.policy_type, "tlsa");
    assert_eq!(q.policy_strings, vec!["3 1 1 ABCD".to_string()]);
    assert_eq!(q.successful_sessions, 4);
    assert!(q.failures.is_empty());
    let notes = r.notes.join("\n");
    for expected in [
        "generator",
        "vendor",
        "extra",
        "not a date",
        "not-an-ip",
        "strings",
    ] {
        assert!(notes.contains(expected), "{expected} not in {notes}");
    }
}

#[test]
fn a_missing_required_field_is_named_by_its_path() {
    assert_eq!(
        refuse("missing-failure-count.json"),
        TlsError::Missing {
            path: "policies[0].summary.total-failure-session-count".into()
        }
    );
    assert_eq!(
        refuse("missing-organization.json"),
        TlsError::Missing {
            path: "organization-name".into()
        }
    );
    assert_eq!(
        refuse("missing-result-type.json"),
        TlsError::Missing {
            path: "policies[0].failure-details[1].result-type".into()
        }
    );
}

#[test]
fn wrong_values_and_types() {
    assert_eq!(
        refuse("negative-count.json"),
        TlsError::BadNumber {
            path: "policies[0].failure-details[2].failed-session-count".into(),
            value: "-3".into()
        }
    );
    assert_eq!(
        refuse("wrong-type.json"),
        TlsError::BadType {
            path: "policies[0].summary".into()
        }
    );
}

#[test]
fn not_a_report() {
    assert_eq!(refuse("array.json"), TlsError::NotTls);
    assert!(matches!(
        refuse("not-json.txt"),
        TlsError::NotJson { line: 1, .. }
    ));
    assert!(matches!(
        tlsrpt::parse(b"", &Limits::default()),
        Err(TlsError::Truncated { .. })
    ));
    let e = refuse("truncated.json");
    let lines = String::from_utf8(data("truncated.json"))
        .unwrap()
        .lines()
        .count();
    assert!(
        matches!(e, TlsError::Truncated { line, .. } if line == lines),
        "{e:?} (file has {lines} lines)"
    );
    // Text after the object.
    let mut bytes = data("minimal.json");
    bytes.extend_from_slice(b"{}");
    assert!(matches!(
        tlsrpt::parse(&bytes, &Limits::default()),
        Err(TlsError::NotJson { .. })
    ));
}

#[test]
fn limits() {
    let mut limits = Limits::default();
    limits.max_records = 6;
    // Four policy strings and one MX host come first: the second failure
    // detail is the seventh entry.
    assert_eq!(
        tlsrpt::parse(&data("rfc8460.json"), &limits),
        Err(TlsError::TooMany {
            max: 6,
            path: "policies[0].failure-details[1]".into()
        })
    );
    // Nine entries in all (the policy itself is the last): the report fits.
    limits.max_records = 9;
    assert!(tlsrpt::parse(&data("rfc8460.json"), &limits).is_ok());
    limits.max_records = 8;
    assert_eq!(
        tlsrpt::parse(&data("rfc8460.json"), &limits),
        Err(TlsError::TooMany {
            max: 8,
            path: "policies[0]".into()
        })
    );
    let mut limits = Limits::default();
    limits.max_text = 20;
    assert_eq!(
        tlsrpt::parse(&data("rfc8460.json"), &limits),
        Err(TlsError::TextTooLong {
            max: 20,
            path: "contact-info".into()
        })
    );
    let mut limits = Limits::default();
    limits.max_decompressed = 10;
    assert!(matches!(
        tlsrpt::parse(&data("minimal.json"), &limits),
        Err(TlsError::TooLarge { max: 10, .. })
    ));
}

#[test]
fn a_utf8_byte_order_mark_is_skipped() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(data("minimal.json"));
    assert_eq!(
        tlsrpt::parse(&bytes, &Limits::default())
            .unwrap()
            .organization_name,
        "Tiny Sender"
    );
}
