//! Values a forged aggregate report can carry — anyone can mail a `rua=`
//! address — and what the parser makes of them: date ranges no receiver
//! can have meant, and text that would move a terminal's cursor or turn a
//! line around when an error repeats it. Each class is generated
//! (proptest), with its edge cases named.

use domainauth::escape::is_escaped_char;
use domainauth_reports::aggregate::{self, AggregateError};
use domainauth_reports::{Explain as _, Limits};
use proptest::prelude::*;

/// 9999-12-31T23:59:59Z.
const LAST_SECOND: i64 = 253_402_300_799;

fn report(begin: &str, end: &str, source_ip: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>receiver.example</org_name>\
         <email>dmarc@receiver.example</email><report_id>r-1</report_id><date_range>\
         <begin>{begin}</begin><end>{end}</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain><p>none</p></policy_published>\
         <record><row><source_ip>{source_ip}</source_ip><count>1</count><policy_evaluated>\
         <disposition>none</disposition></policy_evaluated></row><identifiers>\
         <header_from>example.com</header_from></identifiers></record></feedback>"
    )
}

/// Times around the edges of the accepted range, and any.
fn time() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0),
        Just(-1),
        Just(LAST_SECOND),
        Just(LAST_SECOND + 1),
        Just(i64::MIN),
        Just(i64::MAX),
        1_600_000_000i64..1_900_000_000,
        any::<i64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// RFC 9990 §3.1.1: a report covers `<begin>` to `<end>`. A range that
    /// ends before it begins, or reaches outside the years 1970 to 9999,
    /// is refused naming both values; every other range is kept as sent.
    #[test]
    fn date_ranges_are_kept_only_when_possible(begin in time(), end in time()) {
        let xml = report(&begin.to_string(), &end.to_string(), "192.0.2.1");
        let possible = 0 <= begin && begin <= end && end <= LAST_SECOND;
        match aggregate::parse(xml.as_bytes(), &Limits::default()) {
            Ok(r) => {
                prop_assert!(possible, "{begin}..{end} kept");
                prop_assert_eq!(r.metadata.date_range.begin, begin);
                prop_assert_eq!(r.metadata.date_range.end, end);
            }
            Err(e) => {
                prop_assert!(!possible, "{begin}..{end} refused: {e}");
                prop_assert_eq!(e.message_id(), "reports-aggregate-bad-date-range");
                let named = matches!(
                    e,
                    AggregateError::BadDateRange { begin: b, end: n, .. } if b == begin && n == end
                );
                prop_assert!(named, "{:?}", e);
            }
        }
    }

    /// A value an error repeats (here an invalid `<source_ip>`) holds no
    /// control character, no bidirectional control and no invisible mark,
    /// whatever the report wrote: they are escaped, as everywhere else in
    /// the project (`domainauth::escape`), and the backslash too, so that
    /// the escaped form cannot be forged by writing it literally.
    #[test]
    fn values_in_errors_are_escaped(
        value in proptest::collection::vec(
            prop_oneof![
                Just('\u{1b}'), Just('\n'), Just('\r'), Just('\0'), Just('\u{7f}'), Just('\u{9b}'),
                Just('\u{202e}'), Just('\u{2066}'), Just('\u{2067}'), Just('\u{2068}'), Just('\u{2069}'),
                Just('\u{061c}'), Just('\u{200e}'), Just('\u{200b}'), Just('\u{2060}'), Just('\u{feff}'),
                Just('\u{2028}'), Just('\\'), Just('x'), Just('例'), any::<char>(),
            ],
            1..40,
        ).prop_map(|v| v.into_iter().collect::<String>())
    ) {
        // Characters XML cannot carry in text are written as references
        // where XML allows them, and left out where it does not.
        let mut escaped = String::from("x");
        for c in value.chars() {
            match c {
                '<' => escaped.push_str("&lt;"),
                '&' => escaped.push_str("&amp;"),
                '\0' => {}
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                c => escaped.push(c),
            }
        }
        let xml = report("1700000000", "1700086399", &escaped);
        let Err(e) = aggregate::parse(xml.as_bytes(), &Limits::default()) else {
            // Only an address parses; nothing is repeated then.
            return Ok(());
        };
        let shown = e.to_string();
        prop_assert!(!shown.chars().any(is_escaped_char), "{shown:?}");
        for (_, arg) in e.args() {
            prop_assert!(!arg.chars().any(is_escaped_char), "{arg:?}");
        }
        if escaped.contains('\\') {
            prop_assert!(shown.contains("\\\\"), "backslash doubled: {shown:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A document in a single-byte encoding (or invalid UTF-8) can triple
    /// when decoded to UTF-8: the payload cap applies to the decoded text
    /// too. The report is kept exactly when its text fits the cap, the
    /// text's size worked out by decoding the whole document with
    /// `encoding_rs` as a peer.
    #[test]
    fn the_decoded_text_is_held_to_the_payload_cap(
        encoding in prop_oneof![Just("windows-1252"), Just("iso-8859-5"), Just("shift_jis"), Just("utf-8")],
        high in 0usize..60_000,
        slack in 0.3f64..3.5,
    ) {
        let xml = report("1700000000", "1700086399", "192.0.2.1").replace(
            "<?xml version=\"1.0\"?>",
            &format!("<?xml version=\"1.0\" encoding=\"{encoding}\"?><!--"),
        );
        let (head, tail) = xml.split_at(xml.find("<!--").unwrap() + 4);
        let mut doc = head.as_bytes().to_vec();
        // 0x93 is “ in windows-1252, У in iso-8859-5, a half-width
        // katakana-range byte in Shift_JIS, and invalid in UTF-8.
        doc.extend(std::iter::repeat_n(0x93u8, high));
        doc.extend(b"-->");
        doc.extend(tail.as_bytes());
        let peer = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap();
        let decoded = peer.decode_without_bom_handling(&doc).0.len() as u64;
        let mut limits = Limits::default();
        limits.max_decompressed = ((doc.len() as f64) * slack) as u64;
        match aggregate::parse(&doc, &limits) {
            Ok(_) => prop_assert!(decoded <= limits.max_decompressed),
            Err(e) => {
                prop_assert!(decoded > limits.max_decompressed, "{}", e);
                prop_assert_eq!(e.message_id(), "reports-xml-too-large");
            }
        }
    }
}

#[test]
fn the_edges_of_the_calendar() {
    let parse = |b: i64, e: i64| {
        aggregate::parse(
            report(&b.to_string(), &e.to_string(), "192.0.2.1").as_bytes(),
            &Limits::default(),
        )
    };
    // 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, and a one-second report.
    assert!(parse(0, LAST_SECOND).is_ok());
    assert!(parse(1_700_000_000, 1_700_000_000).is_ok());
    // A second outside either end, and a range turned around.
    let e = parse(-1, 1_700_000_000).unwrap_err();
    // The offset is that of the end of `</date_range>`: the length of the
    // document up to it.
    let upto = report("-1", "1700000000", "192.0.2.1");
    let upto = upto.find("</date_range>").unwrap() + "</date_range>".len();
    assert_eq!(upto, 211);
    assert_eq!(
        e.to_string(),
        "impossible date range -1 to 1700000000 in feedback/report_metadata/date_range at byte 211: \
         it ends before it begins, or lies outside the years 1970 to 9999"
    );
    assert!(parse(1_700_000_000, LAST_SECOND + 1).is_err());
    assert!(parse(1_700_086_400, 1_700_000_000).is_err());
}
