//! The three parsers never panic, whatever the bytes: arbitrary input,
//! valid reports cut at every offset, valid reports with bytes flipped,
//! and hostile shapes (deep nesting, many parts). And a generated report of
//! N records reads back as N records with the counts it was written with.

use std::fmt::Write as _;
use std::path::PathBuf;

use domainauth_reports::aggregate::{self, AggregateError};
use domainauth_reports::tlsrpt::{self, TlsError};
use domainauth_reports::{Limits, failure};
use proptest::prelude::*;

fn data(dir: &str, name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs one parser on some bytes, ignoring the result.
type Parse = fn(&[u8]);

/// Valid reports of each kind, with the parser that reads them.
fn fixtures() -> Vec<(Vec<u8>, Parse)> {
    fn agg(b: &[u8]) {
        let _ = aggregate::parse(b, &Limits::default());
    }
    fn tls(b: &[u8]) {
        let _ = tlsrpt::parse(b, &Limits::default());
    }
    fn fail(b: &[u8]) {
        let _ = failure::parse(b, &Limits::default());
    }
    vec![
        (data("aggregate", "rfc7489.xml"), agg as Parse),
        (data("aggregate", "rfc9990.xml"), agg),
        (data("aggregate", "bom-utf16le.xml"), agg),
        (data("aggregate", "shift_jis.xml"), agg),
        (data("tls", "rfc8460.json"), tls),
        (data("failure", "arf-rfc6591.eml"), fail),
        (data("failure", "arf-headers-base64.eml"), fail),
        (data("failure", "plain-text.eml"), fail),
    ]
}

#[test]
fn valid_reports_cut_at_every_offset() {
    for (bytes, parse) in fixtures() {
        for end in 0..bytes.len() {
            parse(&bytes[..end]);
        }
    }
    // A cut aggregate report is refused, never read as a shorter report.
    let bytes = data("aggregate", "rfc7489.xml");
    let last = bytes.iter().rposition(|b| *b == b'>').unwrap();
    for end in 0..last {
        assert!(
            aggregate::parse(&bytes[..end], &Limits::default()).is_err(),
            "accepted when cut at {end}"
        );
    }
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let depth = 200_000;
    let xml = format!("<feedback>{}{}", "<x>".repeat(depth), "</x>".repeat(depth));
    assert!(matches!(
        aggregate::parse(xml.as_bytes(), &Limits::default()),
        Err(AggregateError::TooDeep { .. })
    ));
    // A top-level array is no report, whatever it holds.
    let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(
        tlsrpt::parse(json.as_bytes(), &Limits::default()),
        Err(TlsError::NotTls)
    );
    // Deep nesting in a field that is skipped is skipped without
    // recursion; the report then lacks its required fields.
    let json = format!("{{\"x\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(
        tlsrpt::parse(json.as_bytes(), &Limits::default()),
        Err(TlsError::Missing {
            path: "date-range".into()
        })
    );
    let json = format!(
        "{{\"organization-name\": {}{}}}",
        "{\"a\":".repeat(depth),
        "1}".repeat(depth)
    );
    assert!(tlsrpt::parse(json.as_bytes(), &Limits::default()).is_err());
    let mut mail = String::from("From: a@b.example\r\n");
    for i in 0..5_000 {
        let _ = write!(
            mail,
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        );
    }
    mail.push_str("\r\nSource-IP: 192.0.2.1\r\n");
    assert!(failure::parse(mail.as_bytes(), &Limits::default()).is_err());
}

/// An aggregate report with one record per `(ip, count)`.
fn report_with(records: &[(u32, u64)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<feedback>\n<report_metadata><org_name>gen</org_name>\
         <email>g@example.com</email><report_id>gen-1</report_id>\
         <date_range><begin>1</begin><end>2</end></date_range></report_metadata>\n\
         <policy_published><domain>example.com</domain><p>none</p></policy_published>\n",
    );
    for (ip, count) in records {
        let ip = std::net::Ipv4Addr::from(*ip);
        let _ = writeln!(
            xml,
            "<record><row><source_ip>{ip}</source_ip><count>{count}</count>\
             <policy_evaluated><disposition>none</disposition><dkim>fail</dkim>\
             <spf>pass</spf></policy_evaluated></row>\
             <identifiers><header_from>example.com</header_from></identifiers>\
             <auth_results><spf><domain>example.com</domain><result>pass</result></spf>\
             </auth_results></record>"
        );
    }
    xml.push_str("</feedback>\n");
    xml
}

#[test]
fn a_large_report_reads_in_one_pass() {
    let records: Vec<(u32, u64)> = (0..20_000u32).map(|i| (0xC000_0200 + i, 1)).collect();
    let xml = report_with(&records);
    let report = aggregate::parse(xml.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(report.records.len(), 20_000);
    assert_eq!(report.message_count(), 20_000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let limits = Limits::default();
        let _ = aggregate::parse(&bytes, &limits);
        let _ = tlsrpt::parse(&bytes, &limits);
        let _ = failure::parse(&bytes, &limits);
    }

    #[test]
    fn arbitrary_text_in_a_report_shape(
        junk in "[<>/&;#a-z0-9 \"'=:!\\[\\]?-]{0,400}",
        at in 0usize..2000,
    ) {
        let base = String::from_utf8(data("aggregate", "rfc9990.xml")).unwrap();
        let mut at = at.min(base.len());
        while !base.is_char_boundary(at) {
            at -= 1;
        }
        let xml = format!("{}{}{}", &base[..at], junk, &base[at..]);
        let _ = aggregate::parse(xml.as_bytes(), &Limits::default());
        let json = String::from_utf8(data("tls", "rfc8460.json")).unwrap();
        let at = at.min(json.len());
        let json = format!("{}{}{}", &json[..at], junk, &json[at..]);
        let _ = tlsrpt::parse(json.as_bytes(), &Limits::default());
    }

    #[test]
    fn valid_reports_with_bytes_flipped(
        which in 0usize..8,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        let mut fixtures = fixtures();
        let (mut bytes, parse) = fixtures.swap_remove(which % 8);
        for (at, byte) in flips {
            let len = bytes.len();
            bytes[at % len] = byte;
        }
        parse(&bytes);
    }

    #[test]
    fn n_records_read_back_as_n_records(
        records in proptest::collection::vec((any::<u32>(), 0u64..1_000_000), 1..150),
    ) {
        let xml = report_with(&records);
        let report = aggregate::parse(xml.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(report.records.len(), records.len());
        for (record, (ip, count)) in report.records.iter().zip(&records) {
            prop_assert_eq!(record.source_ip, std::net::IpAddr::from(std::net::Ipv4Addr::from(*ip)));
            prop_assert_eq!(record.count, *count);
        }
        let total: u64 = records.iter().map(|(_, c)| c).sum();
        prop_assert_eq!(report.message_count(), total);
    }
}
