//! Aggregate reports (RFC 9990, RFC 7489 Appendix C) read from the
//! hand-made files in `tests/data/aggregate/` (see its README). Expected
//! values are the ones written in each file, and where a byte offset is
//! expected it is found in the file's text by the test itself.

use std::net::IpAddr;
use std::path::PathBuf;

use domainauth_reports::aggregate::{self, AggregateError};
use domainauth_reports::model::{
    AggregateSchema, AlignmentMode, Disposition, DkimAuthResult, DmarcOutcome, OverrideKind,
    SpfAuthResult, SpfScope,
};
use domainauth_reports::{AggregateReport, Limits};

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/aggregate")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(name: &str) -> String {
    String::from_utf8(data(name)).unwrap()
}

fn parse(name: &str) -> AggregateReport {
    aggregate::parse(&data(name), &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refuse(name: &str) -> AggregateError {
    match aggregate::parse(&data(name), &Limits::default()) {
        Ok(r) => panic!("{name} was accepted: {r:?}"),
        Err(e) => e,
    }
}

fn refuse_bytes(bytes: &[u8], limits: &Limits) -> AggregateError {
    match aggregate::parse(bytes, limits) {
        Ok(r) => panic!("accepted: {r:?}"),
        Err(e) => e,
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn offset_of(name: &str, needle: &str) -> u64 {
    text(name)
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {name}")) as u64
}

#[test]
fn rfc7489_report() {
    let r = parse("rfc7489.xml");
    assert_eq!(r.schema, AggregateSchema::Rfc7489);
    assert_eq!(r.version.as_deref(), Some("1.0"));
    assert_eq!(r.metadata.org_name, "big-receiver.example");
    assert_eq!(r.metadata.email, "noreply-dmarc@big-receiver.example");
    assert_eq!(
        r.metadata.extra_contact_info.as_deref(),
        Some("https://big-receiver.example/dmarc")
    );
    assert_eq!(r.metadata.report_id, "5717107811868587391");
    assert_eq!(r.metadata.date_range.begin, 1700006400);
    assert_eq!(r.metadata.date_range.end, 1700092799);
    assert_eq!(r.policy.domain, "example.com");
    assert_eq!(r.policy.adkim, Some(AlignmentMode::Relaxed));
    assert_eq!(r.policy.aspf, Some(AlignmentMode::Relaxed));
    assert_eq!(r.policy.p, Some(Disposition::None));
    assert_eq!(r.policy.sp, Some(Disposition::None));
    assert_eq!(r.policy.np, None);
    assert_eq!(r.policy.pct, Some(100));
    assert_eq!(r.policy.fo.as_deref(), Some("1"));
    assert_eq!(r.records.len(), 2);
    assert_eq!(r.message_count(), 15);
    assert!(r.notes.is_empty(), "{:?}", r.notes);

    let first = &r.records[0];
    assert_eq!(first.source_ip, ip("198.51.100.41"));
    assert_eq!(first.count, 12);
    assert_eq!(first.evaluated.disposition, Disposition::None);
    assert_eq!(first.evaluated.dkim, Some(DmarcOutcome::Pass));
    assert_eq!(first.evaluated.spf, Some(DmarcOutcome::Pass));
    assert!(first.evaluated.reasons.is_empty());
    assert_eq!(first.identifiers.header_from, "example.com");
    assert_eq!(first.identifiers.envelope_from, None);
    assert_eq!(first.dkim.len(), 1);
    assert_eq!(first.dkim[0].domain, "example.com");
    assert_eq!(first.dkim[0].selector.as_deref(), Some("mail2023"));
    assert_eq!(first.dkim[0].result, DkimAuthResult::Pass);
    assert_eq!(first.spf.len(), 1);
    assert_eq!(first.spf[0].scope, None);
    assert_eq!(first.spf[0].result, SpfAuthResult::Pass);

    let second = &r.records[1];
    assert_eq!(second.source_ip, ip("2001:db8::25"));
    assert_eq!(second.count, 3);
    assert!(!second.evaluated.dmarc_pass());
    assert_eq!(second.evaluated.reasons.len(), 1);
    assert_eq!(second.evaluated.reasons[0].kind, OverrideKind::Forwarded);
    assert_eq!(
        second.evaluated.reasons[0].comment.as_deref(),
        Some("looks forwarded")
    );
    assert_eq!(
        second.identifiers.envelope_from.as_deref(),
        Some("lists.example.org")
    );
    assert!(second.dkim.is_empty());
    assert_eq!(second.spf[0].domain, "lists.example.org");
    assert_eq!(second.spf[0].scope, Some(SpfScope::Mfrom));
    assert_eq!(second.spf[0].result, SpfAuthResult::SoftFail);
}

#[test]
fn rfc9990_report() {
    let r = parse("rfc9990.xml");
    assert_eq!(r.schema, AggregateSchema::Rfc9990);
    assert_eq!(r.metadata.org_name, "Receiver Example");
    assert_eq!(r.metadata.report_id, "2025-11-14.example.com.1");
    assert_eq!(
        r.metadata.errors,
        vec!["DNS timeout looking up _dmarc.sub.example.com".to_string()]
    );
    assert_eq!(r.metadata.generator.as_deref(), Some("receiver-dmarc 4.2"));
    assert_eq!(r.policy.discovery_method.as_deref(), Some("treewalk"));
    assert_eq!(r.policy.p, Some(Disposition::Quarantine));
    assert_eq!(r.policy.sp, Some(Disposition::Reject));
    assert_eq!(r.policy.np, Some(Disposition::Reject));
    assert_eq!(r.policy.adkim, Some(AlignmentMode::Strict));
    assert_eq!(r.policy.aspf, Some(AlignmentMode::Relaxed));
    assert_eq!(r.policy.testing, Some(false));
    assert_eq!(r.policy.pct, None);
    assert_eq!(r.records.len(), 2);
    let first = &r.records[0];
    assert_eq!(first.count, 40);
    assert_eq!(
        first.identifiers.envelope_to.as_deref(),
        Some("receiver.example")
    );
    assert_eq!(first.dkim.len(), 2);
    assert_eq!(first.dkim[1].domain, "esp.example.net");
    assert_eq!(
        first.dkim[1].human_result.as_deref(),
        Some("third-party signature")
    );
    let second = &r.records[1];
    assert_eq!(second.source_ip, ip("203.0.113.77"));
    assert_eq!(second.evaluated.disposition, Disposition::Quarantine);
    assert_eq!(second.spf[0].result, SpfAuthResult::Fail);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    // The key is what makes a report unique in the store.
    let key = r.key();
    assert_eq!(key.org_name, "Receiver Example");
    assert_eq!((key.begin, key.end), (1763078400, 1763164799));
}

#[test]
fn missing_version_is_tolerated_without_a_note() {
    let r = parse("no-version.xml");
    assert_eq!(r.version, None);
    assert_eq!(r.schema, AggregateSchema::Rfc7489);
    assert_eq!(r.metadata.org_name, "Yahoo");
    assert_eq!(r.policy.p, Some(Disposition::Reject));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn wrong_version_is_kept_and_noted() {
    let r = parse("wrong-version.xml");
    assert_eq!(r.version.as_deref(), Some("0.1"));
    assert_eq!(r.records.len(), 1);
    assert!(
        r.notes.iter().any(|n| n.contains("\"0.1\"")),
        "{:?}",
        r.notes
    );
}

#[test]
fn namespace_prefixes_are_matched_by_local_name() {
    let r = parse("namespace-prefix.xml");
    assert_eq!(r.schema, AggregateSchema::Rfc9990);
    assert_eq!(r.metadata.org_name, "Prefixed Receiver");
    assert_eq!(r.metadata.date_range.end, 1700086399);
    assert_eq!(r.policy.p, Some(Disposition::Quarantine));
    assert_eq!(r.records[0].source_ip, ip("198.51.100.7"));
    assert_eq!(r.records[0].count, 9);
    assert_eq!(r.records[0].spf[0].domain, "mailer.example.net");
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn old_default_namespace_reads_as_rfc7489() {
    let r = parse("default-namespace-7489.xml");
    assert_eq!(r.schema, AggregateSchema::Rfc7489);
    assert_eq!(r.metadata.report_id, "old.example_1504828800");
    assert_eq!(r.records[0].dkim[0].selector, None);
    assert_eq!(r.records[0].spf[0].scope, Some(SpfScope::Mfrom));
}

#[test]
fn byte_order_marks() {
    let r = parse("bom-utf8.xml");
    assert_eq!(r.metadata.org_name, "Bom Receiver");
    for (name, id, source) in [
        ("bom-utf16le.xml", "bom16le-1", "192.0.2.44"),
        ("bom-utf16be.xml", "bom16be-1", "192.0.2.45"),
    ] {
        let r = parse(name);
        assert_eq!(r.metadata.org_name, "UTF-16 Receiver \u{fc}", "{name}");
        assert_eq!(r.metadata.report_id, id);
        assert_eq!(r.records[0].source_ip, ip(source));
        assert!(r.notes.is_empty(), "{name}: {:?}", r.notes);
    }
}

#[test]
fn declared_encodings() {
    let r = parse("windows-1252.xml");
    assert_eq!(r.metadata.org_name, "Caf\u{e9} M\u{fc}ller \u{20ac}");
    let r = parse("iso-8859-1.xml");
    assert_eq!(r.metadata.org_name, "Z\u{fc}rich Empf\u{e4}nger");
    let r = parse("shift_jis.xml");
    assert_eq!(r.metadata.org_name, "日本の受信者");
    assert_eq!(r.records[0].source_ip, ip("192.0.2.42"));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn invalid_utf8_is_replaced_and_noted() {
    let r = parse("invalid-utf8.xml");
    assert_eq!(r.metadata.org_name, "Bad\u{fffd}\u{fffd}Bytes");
    let first_bad = data("invalid-utf8.xml")
        .iter()
        .position(|b| *b == 0xff)
        .unwrap();
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("UTF-8") && n.contains(&format!("byte {first_bad}"))),
        "{:?}",
        r.notes
    );
}

#[test]
fn enum_values_in_any_case() {
    let r = parse("case-enums.xml");
    assert_eq!(r.policy.domain, "example.com");
    assert_eq!(r.policy.adkim, Some(AlignmentMode::Relaxed));
    assert_eq!(r.policy.aspf, Some(AlignmentMode::Strict));
    assert_eq!(r.policy.p, Some(Disposition::Reject));
    assert_eq!(r.policy.sp, Some(Disposition::Quarantine));
    let rec = &r.records[0];
    assert_eq!(rec.evaluated.disposition, Disposition::Reject);
    assert_eq!(rec.evaluated.dkim, Some(DmarcOutcome::Fail));
    assert_eq!(rec.evaluated.spf, Some(DmarcOutcome::Pass));
    assert_eq!(rec.evaluated.reasons[0].kind, OverrideKind::LocalPolicy);
    assert_eq!(rec.identifiers.header_from, "example.com");
    assert_eq!(rec.dkim[0].domain, "example.com");
    assert_eq!(rec.dkim[0].selector.as_deref(), Some("Sel1"));
    assert_eq!(rec.dkim[0].result, DkimAuthResult::PermError);
    assert_eq!(rec.spf[0].scope, Some(SpfScope::Mfrom));
    assert_eq!(rec.spf[0].result, SpfAuthResult::Pass);
    // Case folding is not worth a note.
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn empty_elements_and_empty_reason() {
    let r = parse("empty-elements.xml");
    assert_eq!(r.metadata.extra_contact_info, None);
    assert_eq!(r.policy.adkim, None);
    assert_eq!(r.policy.sp, None);
    assert_eq!(r.policy.fo, None);
    assert_eq!(r.policy.p, Some(Disposition::None));
    let rec = &r.records[0];
    // Both <reason>s are empty: nothing to keep.
    assert!(rec.evaluated.reasons.is_empty());
    assert!(
        r.notes.iter().any(|n| n.contains("reason")),
        "{:?}",
        r.notes
    );
    // RFC 9990 §3.1.4: an empty <envelope_from> is a null reverse-path.
    assert_eq!(rec.identifiers.envelope_from.as_deref(), Some(""));
    assert_eq!(rec.identifiers.envelope_to, None);
    assert_eq!(rec.dkim[0].selector, None);
    assert_eq!(rec.dkim[0].human_result, None);
    assert_eq!(rec.spf[0].domain, "");
    assert_eq!(rec.spf[0].scope, None);
    assert_eq!(rec.spf[0].result, SpfAuthResult::None);
}

#[test]
fn several_records_and_results_and_hardfail() {
    let r = parse("several-results.xml");
    assert_eq!(r.records.len(), 3);
    assert_eq!(r.message_count(), 6);
    let first = &r.records[0];
    assert_eq!(first.dkim.len(), 3);
    let selectors: Vec<_> = first
        .dkim
        .iter()
        .map(|d| d.selector.as_deref().unwrap())
        .collect();
    assert_eq!(selectors, ["a", "b", "list"]);
    assert_eq!(first.dkim[0].result, DkimAuthResult::Fail);
    assert_eq!(
        first.dkim[0].human_result.as_deref(),
        Some("body hash mismatch")
    );
    assert_eq!(first.spf.len(), 2);
    assert_eq!(first.spf[0].result, SpfAuthResult::Fail, "hardfail is fail");
    assert_eq!(first.spf[1].scope, Some(SpfScope::Helo));
    assert!(
        r.notes.iter().any(|n| n.contains("hardfail")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.records[1].spf[0].result, SpfAuthResult::TempError);
    assert_eq!(r.records[2].identifiers.header_from, "sub.example.com");
    assert_eq!(r.records[2].dkim[0].result, DkimAuthResult::TempError);
}

#[test]
fn extensions_and_unknown_elements_are_skipped_and_noted_once() {
    let r = parse("extensions-unknown.xml");
    assert_eq!(r.schema, AggregateSchema::Rfc9990);
    assert_eq!(r.records.len(), 1);
    let rec = &r.records[0];
    // The <count> inside the extension is not the record's.
    assert_eq!(rec.count, 8);
    assert_eq!(rec.dkim.len(), 1);
    assert_eq!(rec.spf.len(), 1);
    let unknown: Vec<_> = r.notes.iter().filter(|n| n.contains("unknown")).collect();
    for name in ["region", "vendor_score", "arc", "note"] {
        assert_eq!(
            unknown
                .iter()
                .filter(|n| n.contains(&format!("<{name}>")))
                .count(),
            1,
            "{name}: {:?}",
            r.notes
        );
    }
    // Children of an extension are expected there: not noted one by one.
    assert!(
        !r.notes.iter().any(|n| n.contains("arc_enabled")),
        "{:?}",
        r.notes
    );
    assert_eq!(
        r.notes.iter().filter(|n| n.contains("extension")).count(),
        1,
        "{:?}",
        r.notes
    );
}

#[test]
fn predefined_entities_character_references_and_cdata() {
    let r = parse("predefined-entities.xml");
    assert_eq!(r.metadata.org_name, "Tom & Jerry <Mail> AB \"q\" 'a'");
    assert_eq!(r.metadata.report_id, "cdata<id>&");
}

// ---- refused ----

#[test]
fn doctype_and_entity_declarations_are_refused() {
    let offset = offset_of("doctype-entities.xml", "<!DOCTYPE");
    assert_eq!(
        refuse("doctype-entities.xml"),
        AggregateError::Doctype { offset }
    );
    let offset = offset_of("external-entity.xml", "<!DOCTYPE");
    assert_eq!(
        refuse("external-entity.xml"),
        AggregateError::Doctype { offset }
    );
    assert!(matches!(
        refuse("html-root.xml"),
        AggregateError::Doctype { offset: 0 }
    ));
}

#[test]
fn unknown_entity_references_are_errors() {
    let offset = offset_of("unknown-entity.xml", "&nbsp;");
    assert_eq!(
        refuse("unknown-entity.xml"),
        AggregateError::UnknownEntity {
            name: "nbsp".into(),
            path: "feedback/report_metadata/org_name".into(),
            offset,
        }
    );
    // In an attribute too: never expanded, refused.
    let xml = text("no-version.xml").replace("<feedback>", "<feedback a=\"&ext;\">");
    assert!(matches!(
        refuse_bytes(xml.as_bytes(), &Limits::default()),
        AggregateError::UnknownEntity { name, path, .. } if name == "ext" && path == "/"
    ));
}

#[test]
fn nesting_deeper_than_the_limit() {
    let e = refuse("too-deep.xml");
    let AggregateError::TooDeep { max, path, offset } = e else {
        panic!("{e:?}");
    };
    assert_eq!(max, Limits::default().max_xml_depth);
    // feedback/extension and 30 <x> are open when the 31st <x> starts.
    let xs = max - 2;
    let expected = format!("feedback/extension/{}x", "x/".repeat(xs));
    assert_eq!(path, expected);
    let start = offset_of("too-deep.xml", "<extension>") as usize + "<extension>".len();
    assert_eq!(offset as usize, start + xs * 3);
}

#[test]
fn text_and_attributes_longer_than_the_limit() {
    let mut limits = Limits::default();
    limits.max_text = 16;
    // "big-receiver.example" is 20 bytes.
    let e = refuse_bytes(&data("rfc7489.xml"), &limits);
    assert!(
        matches!(&e, AggregateError::TextTooLong { max: 16, path, .. } if path == "feedback/report_metadata/org_name"),
        "{e:?}"
    );
    let xml = text("no-version.xml").replace(
        "<feedback>",
        &format!("<feedback xmlns:v=\"{}\">", "v".repeat(17)),
    );
    let e = refuse_bytes(xml.as_bytes(), &limits);
    assert!(
        matches!(&e, AggregateError::AttributeTooLong { max: 16, .. }),
        "{e:?}"
    );
    // Long text between elements counts as well.
    let xml = text("no-version.xml").replace("<record>", &format!("{}<record>", " ".repeat(100)));
    let e = refuse_bytes(xml.as_bytes(), &limits);
    assert!(matches!(&e, AggregateError::TextTooLong { .. }), "{e:?}");
}

#[test]
fn more_records_than_the_limit() {
    let mut limits = Limits::default();
    limits.max_records = 2;
    let e = refuse_bytes(&data("several-results.xml"), &limits);
    let third = text("several-results.xml")
        .match_indices("<record>")
        .nth(2)
        .unwrap()
        .0 as u64;
    assert_eq!(
        e,
        AggregateError::TooManyRecords {
            max: 2,
            offset: third
        }
    );
    limits.max_records = 3;
    assert_eq!(
        aggregate::parse(&data("several-results.xml"), &limits)
            .unwrap()
            .records
            .len(),
        3
    );
}

#[test]
fn truncated_documents() {
    let e = refuse("truncated.xml");
    assert_eq!(
        e,
        AggregateError::Truncated {
            path: "feedback/record[2]/row/source_ip".into(),
            offset: data("truncated.xml").len() as u64,
        }
    );
    // Cut inside a tag.
    let full = text("rfc7489.xml");
    let cut = full.find("<policy_published>").unwrap() + 5;
    let e = refuse_bytes(&full.as_bytes()[..cut], &Limits::default());
    assert!(
        matches!(&e, AggregateError::Truncated { path, .. } if path == "feedback"),
        "{e:?}"
    );
}

#[test]
fn not_xml_and_not_a_report() {
    assert_eq!(refuse("not-xml.txt"), AggregateError::NotXml { offset: 0 });
    assert_eq!(
        refuse_bytes(b"", &Limits::default()),
        AggregateError::NotXml { offset: 0 }
    );
    assert_eq!(
        refuse_bytes(b"  \n  junk", &Limits::default()),
        AggregateError::NotXml { offset: 5 }
    );
    assert_eq!(
        refuse("other-root.xml"),
        AggregateError::NotAggregate { root: "rss".into() }
    );
}

#[test]
fn mismatched_end_tag() {
    let xml = text("no-version.xml").replace("</org_name>", "</org>");
    let e = refuse_bytes(xml.as_bytes(), &Limits::default());
    assert!(
        matches!(&e, AggregateError::MismatchedEnd { expected, found, .. } if expected == "org_name" && found == "org"),
        "{e:?}"
    );
}

#[test]
fn missing_required_parts() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (element removed, element named, where, the end tag whose end is the offset)
        (
            "<org_name>Yahoo</org_name>",
            "org_name",
            "feedback/report_metadata",
            "</report_metadata>",
        ),
        (
            "<report_id>1700000000.123456</report_id>",
            "report_id",
            "feedback/report_metadata",
            "</report_metadata>",
        ),
        (
            "<date_range><begin>1700000000</begin><end>1700086399</end></date_range>",
            "date_range",
            "feedback/report_metadata",
            "</report_metadata>",
        ),
        (
            "<begin>1700000000</begin>",
            "begin",
            "feedback/report_metadata/date_range",
            "</date_range>",
        ),
        (
            "<domain>example.com</domain>\n    <adkim>",
            "domain",
            "feedback/policy_published",
            "</policy_published>",
        ),
        (
            "<source_ip>192.0.2.1</source_ip>",
            "source_ip",
            "feedback/record[1]/row",
            "</row>",
        ),
        (
            "<count>1</count>",
            "count",
            "feedback/record[1]/row",
            "</row>",
        ),
        (
            "<disposition>none</disposition>",
            "disposition",
            "feedback/record[1]/row/policy_evaluated",
            "</policy_evaluated>",
        ),
    ];
    let base = text("no-version.xml");
    for (remove, element, path, end) in cases {
        let replacement = if remove.ends_with("<adkim>") {
            "<adkim>"
        } else {
            ""
        };
        assert!(base.contains(remove), "{remove}");
        let xml = base.replacen(remove, replacement, 1);
        let offset = (xml.find(end).unwrap() + end.len()) as u64;
        assert_eq!(
            refuse_bytes(xml.as_bytes(), &Limits::default()),
            AggregateError::Missing {
                element,
                path: path.to_string(),
                offset,
            },
            "without {remove}"
        );
    }
    // An empty required element is as good as none.
    let xml = base.replace("<org_name>Yahoo</org_name>", "<org_name/>");
    assert!(matches!(
        refuse_bytes(xml.as_bytes(), &Limits::default()),
        AggregateError::Missing {
            element: "org_name",
            ..
        }
    ));
}

#[test]
fn invalid_source_ip_and_count() {
    assert_eq!(
        refuse("bad-source-ip.xml"),
        AggregateError::BadSourceIp {
            value: "198.51.100.999".into(),
            path: "feedback/record[1]/row/source_ip".into(),
            offset: offset_of("bad-source-ip.xml", "<source_ip>198.51.100.999"),
        }
    );
    assert_eq!(
        refuse("bad-count.xml"),
        AggregateError::BadCount {
            value: "-3".into(),
            path: "feedback/record[2]/row/count".into(),
            offset: offset_of("bad-count.xml", "<count>-3"),
        }
    );
    let xml =
        text("no-version.xml").replace("<begin>1700000000</begin>", "<begin>yesterday</begin>");
    assert!(matches!(
        refuse_bytes(xml.as_bytes(), &Limits::default()),
        AggregateError::BadValue { value, path, .. }
            if value == "yesterday" && path == "feedback/report_metadata/date_range/begin"
    ));
}

#[test]
fn a_report_with_no_record() {
    assert_eq!(refuse("no-records.xml"), AggregateError::NoRecords);
}

#[test]
fn values_in_errors_are_escaped() {
    let xml = text("no-version.xml").replace("192.0.2.1", "192.0.2.1&#x1b;[2J");
    let e = refuse_bytes(xml.as_bytes(), &Limits::default());
    let shown = e.to_string();
    assert!(!shown.contains('\x1b'), "{shown}");
    assert!(shown.contains("\\x1b[2J"), "{shown}");
}

#[test]
fn larger_than_the_decompressed_limit() {
    let mut limits = Limits::default();
    limits.max_decompressed = 100;
    let bytes = data("rfc7489.xml");
    assert_eq!(
        refuse_bytes(&bytes, &limits),
        AggregateError::TooLarge {
            size: bytes.len() as u64,
            max: 100
        }
    );
}

#[test]
fn offsets_are_offsets_in_the_input_after_a_bom() {
    let bytes = data("bom-utf8.xml");
    let with_bad_ip = String::from_utf8_lossy(&bytes).replace("192.0.2.43", "nope");
    let raw = with_bad_ip.as_bytes();
    // from_utf8_lossy keeps the BOM as U+FEFF, three bytes in UTF-8.
    assert!(raw.starts_with(b"\xef\xbb\xbf"));
    let expected = with_bad_ip.find("<source_ip>nope").unwrap() as u64;
    assert!(matches!(
        refuse_bytes(raw, &Limits::default()),
        AggregateError::BadSourceIp { offset, .. } if offset == expected
    ));
}
