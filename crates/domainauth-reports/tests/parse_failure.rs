//! DMARC failure reports (RFC 9991 / RFC 6591 ARF, and plain text) read
//! from the hand-made mails in `tests/data/failure/` (see
//! `tests/data/README.md`). Expected values are the ones written in the
//! mails; epoch seconds were worked out apart from the parser.

use std::net::IpAddr;
use std::path::PathBuf;

use domainauth_reports::failure::{self, FailureError};
use domainauth_reports::{FailureReport, Limits};

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/failure")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse(name: &str) -> FailureReport {
    failure::parse(&data(name), &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refuse(name: &str) -> FailureError {
    match failure::parse(&data(name), &Limits::default()) {
        Ok(r) => panic!("{name} was accepted: {r:?}"),
        Err(e) => e,
    }
}

fn header<'r>(r: &'r FailureReport, name: &str) -> Option<&'r str> {
    r.original_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn arf_report_with_the_original_message() {
    let r = parse("arf-rfc6591.eml");
    assert!(!r.plain_text);
    assert_eq!(r.reporter.as_deref(), Some("receiver.example"));
    assert_eq!(r.feedback_type.as_deref(), Some("auth-failure"));
    assert_eq!(r.user_agent.as_deref(), Some("Receiver-ARF/1.0"));
    assert_eq!(r.version.as_deref(), Some("1"));
    assert_eq!(
        r.original_mail_from.as_deref(),
        Some("<billing@spoof.example>")
    );
    assert_eq!(
        r.original_rcpt_to,
        vec![
            "<alice@receiver.example>".to_string(),
            "<bob@receiver.example>".to_string()
        ]
    );
    assert_eq!(
        r.arrival_date.as_deref(),
        Some("Tue, 14 Oct 2025 09:15:02 +0900")
    );
    assert_eq!(r.arrival_time, Some(1760400902));
    assert_eq!(
        r.reporting_mta.as_deref(),
        Some("dns; mx1.receiver.example")
    );
    assert_eq!(r.source_ip, Some("192.0.2.77".parse::<IpAddr>().unwrap()));
    assert_eq!(r.incidents, Some(2));
    assert_eq!(r.delivery_result.as_deref(), Some("reject"));
    assert_eq!(r.auth_failure, vec!["dmarc".to_string()]);
    assert_eq!(r.identity_alignment.as_deref(), Some("none"));
    assert_eq!(r.reported_domains, vec!["example.com".to_string()]);
    assert_eq!(r.authentication_results.len(), 1);
    assert_eq!(
        r.authentication_results[0],
        "mx1.receiver.example; spf=fail smtp.mailfrom=spoof.example; dkim=none; \
         dmarc=fail (p=reject) header.from=example.com"
    );
    // The original message's header, unfolded; its body is not kept.
    assert_eq!(r.original_headers.len(), 6);
    assert_eq!(r.original_headers[0].0, "Received");
    assert!(
        r.original_headers[0]
            .1
            .ends_with("Tue, 14 Oct 2025 09:15:01 +0900")
    );
    assert_eq!(
        header(&r, "From"),
        Some("\"Example Billing\" <billing@example.com>")
    );
    assert_eq!(header(&r, "Subject"), Some("Your invoice is overdue"));
    assert!(
        !r.original_headers
            .iter()
            .any(|(_, v)| v.contains("pay now"))
    );
    assert!(
        r.description
            .as_deref()
            .unwrap()
            .starts_with("This is an authentication failure report")
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn arf_report_with_base64_fields_and_rfc822_headers() {
    let r = parse("arf-headers-base64.eml");
    assert!(!r.plain_text);
    assert_eq!(r.reporter.as_deref(), Some("bigisp.example"));
    assert_eq!(r.source_ip, Some("2001:db8::99".parse::<IpAddr>().unwrap()));
    assert_eq!(r.arrival_time, Some(1760497200));
    assert_eq!(r.auth_failure, vec!["bodyhash".to_string()]);
    assert_eq!(r.dkim_domain.as_deref(), Some("example.com"));
    assert_eq!(r.dkim_selector.as_deref(), Some("sel2025"));
    assert_eq!(r.dkim_identity.as_deref(), Some("@example.com"));
    assert!(r.authentication_results[0].contains("header.s=sel2025; dmarc=fail"));
    assert_eq!(r.original_headers.len(), 5);
    assert_eq!(header(&r, "X-Mailer"), Some("esp-mailer 3"));
    assert_eq!(
        header(&r, "DKIM-Signature"),
        Some("v=1; a=rsa-sha256; d=example.com; s=sel2025; h=from:to:subject; bh=AAAA; b=BBBB")
    );
    // Quoted-printable text, decoded.
    assert!(
        r.description.as_deref().unwrap().contains("fran\u{e7}ais"),
        "{:?}",
        r.description
    );
}

#[test]
fn plain_text_report() {
    let r = parse("plain-text.eml");
    assert!(r.plain_text);
    assert_eq!(r.reporter.as_deref(), Some("smallisp.example"));
    assert_eq!(r.feedback_type.as_deref(), Some("auth-failure"));
    assert_eq!(
        r.source_ip,
        Some("198.51.100.23".parse::<IpAddr>().unwrap())
    );
    assert_eq!(r.reported_domains, vec!["example.com".to_string()]);
    assert_eq!(r.original_mail_from.as_deref(), Some("news@example.com"));
    assert_eq!(r.arrival_time, Some(1760400902));
    assert_eq!(
        r.authentication_results,
        vec![
            "mx.smallisp.example; spf=softfail smtp.mailfrom=example.com; dmarc=fail \
             header.from=example.com"
                .to_string()
        ]
    );
    assert!(r.original_headers.is_empty());
}

#[test]
fn not_a_failure_report() {
    assert_eq!(refuse("not-report.eml"), FailureError::NotFailureReport);
    assert_eq!(
        refuse("abuse-arf.eml"),
        FailureError::WrongFeedbackType {
            feedback_type: "abuse".into()
        }
    );
    // Bytes that are no mail at all give no fields either.
    assert_eq!(
        failure::parse(b"\x00\x01\x02 binary\xff", &Limits::default()),
        Err(FailureError::NotFailureReport)
    );
    assert_eq!(
        failure::parse(b"", &Limits::default()),
        Err(FailureError::NotMail)
    );
}

#[test]
fn limits() {
    let mut limits = Limits::default();
    limits.max_original_headers = 2;
    let r = failure::parse(&data("arf-rfc6591.eml"), &limits).unwrap();
    assert_eq!(r.original_headers.len(), 2);
    assert_eq!(r.original_headers[1].0, "From");
    assert!(
        r.notes.iter().any(|n| n.contains("more than 2")),
        "{:?}",
        r.notes
    );

    let mut limits = Limits::default();
    // Twelve bytes: "auth-failure" still fits, longer values are cut.
    limits.max_text = 12;
    let r = failure::parse(&data("arf-rfc6591.eml"), &limits).unwrap();
    assert_eq!(r.authentication_results[0], "mx1.receiver");
    assert_eq!(header(&r, "Subject"), Some("Your invoice"));
    assert_eq!(r.description.as_deref(), Some("This is an a"));

    let mut limits = Limits::default();
    // multipart/report and its three parts.
    limits.max_mime_parts = 3;
    assert_eq!(
        failure::parse(&data("arf-rfc6591.eml"), &limits),
        Err(FailureError::TooManyParts { parts: 4, max: 3 })
    );

    let mut limits = Limits::default();
    limits.max_input = 100;
    assert!(matches!(
        failure::parse(&data("arf-rfc6591.eml"), &limits),
        Err(FailureError::TooLarge { max: 100, .. })
    ));
}

#[test]
fn mime_nesting_deeper_than_the_limit() {
    let mut mail = String::from("From: a@b.example\r\nMIME-Version: 1.0\r\n");
    for i in 0..12 {
        mail.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        ));
    }
    mail.push_str(
        "Content-Type: text/plain\r\n\r\nSource-IP: 192.0.2.1\r\nFeedback-Type: auth-failure\r\n",
    );
    for i in (0..12).rev() {
        mail.push_str(&format!("--b{i}--\r\n"));
    }
    let mut limits = Limits::default();
    limits.max_mime_depth = 8;
    assert_eq!(
        failure::parse(mail.as_bytes(), &limits),
        Err(FailureError::TooDeep { max: 8 })
    );
    limits.max_mime_depth = 20;
    let r = failure::parse(mail.as_bytes(), &limits).unwrap();
    assert!(r.plain_text);
}

/// The plain-text report OpenDMARC and Exim send ("Sender Domain:",
/// "Sender IP Address:", indented labels, then a copy of the headers).
#[test]
fn opendmarc_plain_text_report() {
    let mail = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/failure/opendmarc-plain.eml"
    ))
    .unwrap();
    let r = domainauth_reports::failure::parse(&mail, &domainauth_reports::Limits::default())
        .expect("a failure report");
    assert!(r.plain_text);
    assert_eq!(r.reported_domains, ["example.com"]);
    assert_eq!(r.source_ip, Some("193.23.251.29".parse().unwrap()));
    assert_eq!(
        r.arrival_date.as_deref(),
        Some("Tue, 24 Mar 2026 11:06:59 +0000")
    );
    assert_eq!(r.reporter.as_deref(), Some("hosting.example"));
    assert_eq!(r.authentication_results.len(), 1);
    assert!(r.authentication_results[0].contains("dmarc=fail header.from=example.com"));
}
