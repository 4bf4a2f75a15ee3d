//! `check` against receiver profiles, and the records it suggests. The
//! honest test of advice: each suggested record is loaded into the zone
//! on top of the fixture (as a user pastes it), the domain is checked
//! again, and the requirement it was for must now be met.

use std::net::IpAddr;

use domainauth::check::profile::{ProfileChecklist, SendingIp, Status, checklist, sending_ips};
use domainauth::check::records::{Suggestion, suggest, txt_strings, zone_text};
use domainauth::check::{CheckOptions, DomainReport, check_domain};
use domainauth::diag::{Code, Lang, render_fix};
use domainauth::dkim::{Algorithm, SigningKey};
use domainauth::dmarc::{Mode, PublicSuffixList};
use domainauth::dns::ZoneResolver;
use domainauth::profile::{Profile, Requirement};
use domainauth::spf::SpfResult;

fn fixture(path: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    std::fs::read_to_string(format!("{root}{path}")).expect("fixture readable")
}

fn s1() -> String {
    fixture("examples/s1/example.co.jp.zone")
}

fn s3() -> String {
    fixture("examples/s3/company.example.zone") + &fixture("examples/s3/sendservice.example.zone")
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The domain checked in `zone`, with `ips` as sending IPs.
fn check(zone: &str, domain: &str, ips: &[&str]) -> (DomainReport, Vec<SendingIp>) {
    let resolver = ZoneResolver::from_zone_text(zone, None).expect("zone parses");
    let ips: Vec<IpAddr> = ips.iter().map(|ip| ip.parse().unwrap()).collect();
    let mut options = CheckOptions::default();
    options.ip = ips.first().copied();
    block_on(async {
        let report = check_domain(
            resolver.clone(),
            domain,
            &options,
            &PublicSuffixList::builtin(),
        )
        .await
        .expect("check runs");
        let sending = sending_ips(&resolver, domain, &ips).await;
        (report, sending)
    })
}

fn status(c: &ProfileChecklist, r: Requirement) -> Status {
    c.items
        .iter()
        .find(|i| i.requirement == r)
        .unwrap_or_else(|| panic!("{r:?} in {:?}", c.profile))
        .status
}

/// `zone` with `suggestions` pasted in as `--records` prints them (their
/// comments too), the records they replace taken out.
fn with_suggestions(zone: &str, suggestions: &[Suggestion]) -> String {
    let mut text: String = zone
        .lines()
        .filter(|line| {
            !suggestions.iter().any(|s| {
                s.record()
                    .and_then(|r| r.replaces.as_deref())
                    .is_some_and(|old| line.contains(&format!("\"{old}\"")))
            })
        })
        .map(|l| format!("{l}\n"))
        .collect();
    text.push('\n');
    text.push_str(&zone_text(suggestions, Lang::Ja));
    text
}

/// What `domainauth dkim keygen --domain D --selector S` makes the user
/// publish: a fresh key's record at the selector the suggestion names.
fn keygen_record(suggestions: &[Suggestion]) -> String {
    let (domain, selector) = suggestions
        .iter()
        .find_map(|s| match s {
            Suggestion::DkimKeygen {
                domain, selector, ..
            } => Some((domain.clone(), selector.clone())),
            _ => None,
        })
        .expect("a keygen suggestion");
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    format!(
        "{selector}._domainkey.{domain}. 3600 IN TXT {}\n",
        txt_strings(&record)
    )
}

/// S1 under docomo: DMARC and DKIM are missing; the From domain's SPF
/// covers the sending IP and it has A and MX records (SCENARIOS S1).
#[test]
fn s1_docomo_lists_what_is_missing() {
    let (report, sending) = check(&s1(), "example.co.jp", &["203.0.113.25"]);
    let c = checklist(&report, Profile::Docomo, &sending);
    assert_eq!(status(&c, Requirement::DmarcPass), Status::Missing);
    assert_eq!(status(&c, Requirement::Dkim), Status::Missing);
    assert_eq!(status(&c, Requirement::HeaderFromSpf), Status::Met);
    assert_eq!(status(&c, Requirement::FromAddress), Status::Met);
    assert_eq!(status(&c, Requirement::FromPresent), Status::NotCheckable);
    assert_eq!(status(&c, Requirement::MessageId), Status::NotCheckable);
    assert_eq!(c.missing(), 2);
    // Each ✗ is told with the profile's code and names its requirement.
    for item in &c.items {
        for f in &item.findings {
            assert_eq!(f.params["requirement"], item.requirement.id());
            if item.status == Status::Missing {
                assert_eq!(Requirement::of_code(f.code), Some(item.requirement));
            }
        }
    }
    let dmarc = &c.items[1].findings[0];
    assert!(
        dmarc
            .message(Lang::Ja)
            .contains("このメールは送信ドメイン認証が行われておりません")
    );
}

/// The header From domain's SPF is checked for every IP given: one it
/// does not list is a ✗ for that IP alone.
#[test]
fn docomo_checks_the_from_domain_spf_for_each_ip() {
    let (report, sending) = check(&s1(), "example.co.jp", &["203.0.113.25", "198.51.100.7"]);
    let c = checklist(&report, Profile::Docomo, &sending);
    let item = c
        .items
        .iter()
        .find(|i| i.requirement == Requirement::HeaderFromSpf)
        .unwrap();
    assert_eq!(item.status, Status::Missing);
    assert_eq!(item.findings.len(), 1);
    assert_eq!(item.findings[0].code, Code::ProfileHeaderFromSpf);
    assert_eq!(item.findings[0].params["ip"], "198.51.100.7");
    assert_eq!(item.findings[0].params["result"], "fail");
    // Without --ip it cannot be checked, and says so (a warning).
    let (report, sending) = check(&s1(), "example.co.jp", &[]);
    let c = checklist(&report, Profile::Docomo, &sending);
    assert_eq!(status(&c, Requirement::HeaderFromSpf), Status::NotChecked);
    assert!(c.worst() >= Some(domainauth::diag::Severity::Warning));
}

/// The records suggested for S1 (DMARC, and the DKIM key keygen makes)
/// meet docomo's requirements once published, and the SPF record the
/// domain has is left alone as it already covers the IP.
#[test]
fn s1_suggested_records_fix_what_docomo_lacks() {
    let (report, sending) = check(&s1(), "example.co.jp", &["203.0.113.25"]);
    let suggestions = suggest(&report, &sending);
    assert!(
        !suggestions
            .iter()
            .any(|s| matches!(s, Suggestion::Spf { .. } | Suggestion::SpfFlattened { .. })),
        "{suggestions:?}"
    );
    let dmarc = suggestions
        .iter()
        .find_map(|s| match s {
            Suggestion::Dmarc { record } => Some(record),
            _ => None,
        })
        .expect("a DMARC record");
    assert_eq!(dmarc.name, "_dmarc.example.co.jp");
    assert_eq!(
        dmarc.value,
        "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.co.jp"
    );
    // No key is made up: only the command that makes one.
    assert!(suggestions.iter().any(|s| matches!(
        s,
        Suggestion::DkimKeygen { command, .. }
            if command == "domainauth dkim keygen --domain example.co.jp --selector default"
    )));

    let zone = with_suggestions(&s1(), &suggestions) + &keygen_record(&suggestions);
    let (after, sending) = check(&zone, "example.co.jp", &["203.0.113.25"]);
    let c = checklist(&after, Profile::Docomo, &sending);
    assert_eq!(status(&c, Requirement::DmarcPass), Status::Met, "{zone}");
    assert_eq!(status(&c, Requirement::Dkim), Status::Met, "{zone}");
    assert_eq!(c.missing(), 0);
    assert!(!after.findings.iter().any(|f| f.code == Code::DmarcMissing));
    // Nothing is left to suggest but tightening, which is not a record.
    assert!(suggest(&after, &sending).is_empty());
}

/// S3 under Gmail's rules: DMARC is there (p=quarantine) and the service's
/// reverse DNS is confirmed; SPF of company.example does not list the
/// service's IP, there is no DKIM key, so nothing can pass aligned.
#[test]
fn s3_gmail_lists_what_is_missing_and_the_merged_spf_fixes_it() {
    let (report, sending) = check(&s3(), "company.example", &["198.51.100.20"]);
    let c = checklist(&report, Profile::GmailBulk, &sending);
    assert_eq!(status(&c, Requirement::Spf), Status::Missing);
    assert_eq!(status(&c, Requirement::Dkim), Status::Missing);
    assert_eq!(status(&c, Requirement::DmarcRecord), Status::Met);
    assert_eq!(status(&c, Requirement::Alignment), Status::Missing);
    assert_eq!(status(&c, Requirement::ReverseDns), Status::Met);
    for r in [
        Requirement::Tls,
        Requirement::OneClickUnsubscribe,
        Requirement::SpamRate,
    ] {
        assert_eq!(status(&c, r), Status::NotCheckable);
    }
    assert_eq!(
        checklist(&report, Profile::YahooBulk, &sending).missing(),
        3
    );

    let suggestions = suggest(&report, &sending);
    let spf = suggestions
        .iter()
        .find_map(|s| match s {
            Suggestion::Spf { record, .. } => Some(record),
            _ => None,
        })
        .expect("an SPF record");
    // One record, every existing term kept, the IP added.
    assert_eq!(
        spf.value,
        "v=spf1 ip4:198.51.100.20 ip4:198.51.100.200 -all"
    );
    assert_eq!(
        spf.replaces.as_deref(),
        Some("v=spf1 ip4:198.51.100.200 -all")
    );

    let zone = with_suggestions(&s3(), &suggestions);
    let (after, sending) = check(
        &zone,
        "company.example",
        &["198.51.100.20", "198.51.100.200"],
    );
    assert!(
        sending.iter().all(|s| s.spf == SpfResult::Pass),
        "{sending:?}"
    );
    let c = checklist(&after, Profile::GmailBulk, &sending);
    assert_eq!(status(&c, Requirement::Spf), Status::Met);
    assert_eq!(status(&c, Requirement::Alignment), Status::Met);
    // DKIM stays missing until a key is published: with the one keygen
    // makes, every requirement DNS can show is met.
    assert_eq!(status(&c, Requirement::Dkim), Status::Missing);
    let zone = zone + &keygen_record(&suggestions);
    let (after, sending) = check(&zone, "company.example", &["198.51.100.20"]);
    assert_eq!(checklist(&after, Profile::GmailBulk, &sending).missing(), 0);
}

/// A domain without SPF gets a new record listing the IPs given.
#[test]
fn a_domain_without_spf_gets_one_for_the_given_ips() {
    let zone = "$ORIGIN example.net.\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.1\n";
    let (report, sending) = check(zone, "example.net", &["192.0.2.1", "2001:db8::25"]);
    let c = checklist(&report, Profile::GmailBulk, &sending);
    assert_eq!(status(&c, Requirement::Spf), Status::Missing);
    let suggestions = suggest(&report, &sending);
    let Some(Suggestion::Spf { record, .. }) = suggestions.first() else {
        panic!("{suggestions:?}")
    };
    assert_eq!(record.value, "v=spf1 ip4:192.0.2.1 ip6:2001:db8::25 -all");
    assert_eq!(record.replaces, None);
    let (after, sending) = check(
        &with_suggestions(zone, &suggestions),
        "example.net",
        &["192.0.2.1", "2001:db8::25"],
    );
    assert!(sending.iter().all(|s| s.spf == SpfResult::Pass));
    let c = checklist(&after, Profile::GmailBulk, &sending);
    assert_eq!(status(&c, Requirement::Spf), Status::Met);
    assert_eq!(status(&c, Requirement::DmarcRecord), Status::Met);
}

/// Over 10 lookups: the includes that only list addresses are replaced by
/// those addresses; one that names hosts (`a`) stays. The flattened
/// record is over 255 octets, so it is written as several strings, which
/// the zone reads back as one record.
#[test]
fn a_tree_over_ten_lookups_gets_a_flattened_record_that_passes() {
    let mut zone =
        String::from("$ORIGIN example.org.\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.250\n");
    let mut root = String::from("v=spf1 include:hosts.example.org");
    zone.push_str("hosts 300 IN TXT \"v=spf1 a:mx.example.org -all\"\n");
    for i in 1..=11 {
        root.push_str(&format!(" include:p{i}.example.org"));
        zone.push_str(&format!(
            "p{i} 300 IN TXT \"v=spf1 ip6:2001:db8:{i}::/48 ip4:198.51.{i}.0/24 ~all\"\n"
        ));
    }
    root.push_str(" -all");
    zone.push_str(&format!("@ 300 IN TXT \"{root}\"\n"));
    let ips = ["198.51.3.9", "203.0.113.77"];
    let (report, sending) = check(&zone, "example.org", &ips);
    assert!(report.spf.total_lookups > 10);
    // Evaluation stops where a term matches: the first IP is in the third
    // include, the second in none, and the limit is reached first.
    assert_eq!(sending[0].spf, SpfResult::Pass);
    assert_eq!(sending[1].spf, SpfResult::PermError);

    let suggestions = suggest(&report, &sending);
    let Some(Suggestion::SpfFlattened {
        record,
        includes,
        added,
        lookups_before,
        lookups_after,
    }) = suggestions.first()
    else {
        panic!("{suggestions:?}")
    };
    assert_eq!(includes.len(), 11);
    assert!(!includes.contains(&"hosts.example.org".to_string()));
    assert_eq!(*lookups_before, 13);
    assert_eq!(*lookups_after, 2);
    // 198.51.3.9 passes already; 203.0.113.77 is added.
    assert_eq!(added, &["ip4:203.0.113.77".to_string()]);
    assert!(
        record
            .value
            .starts_with("v=spf1 ip4:203.0.113.77 include:hosts.example.org ip6:2001:db8:1::/48")
    );
    assert!(record.value.ends_with("ip4:198.51.11.0/24 -all"));
    assert!(record.value.len() > 255);
    let line = record.zone_line();
    assert!(line.matches("\" \"").count() >= 1, "{line}");
    // The caveat comes with it.
    let comment = suggestions[0].comment(Lang::En).join("\n");
    assert!(comment.contains("must be refreshed"), "{comment}");

    let after_zone = with_suggestions(&zone, &suggestions);
    let (after, sending) = check(
        &after_zone,
        "example.org",
        &["198.51.3.9", "203.0.113.77", "192.0.2.250", "198.51.11.200"],
    );
    assert_eq!(
        after.spf.root.record.as_deref(),
        Some(record.value.as_str())
    );
    assert_eq!(after.spf.total_lookups, 2);
    assert!(
        !after
            .findings
            .iter()
            .any(|f| f.code == Code::SpfLintLookupsOver)
    );
    assert!(
        sending.iter().all(|s| s.spf == SpfResult::Pass),
        "{sending:?}"
    );
}

/// Merging never drops or reorders an existing term: whatever the record,
/// the suggested one is the old terms with the new ones in front.
#[test]
fn merging_keeps_every_existing_term() {
    for old in [
        "v=spf1 -ip4:198.51.100.128/25 include:_spf.example.com mx ~all",
        "v=spf1 a mx redirect=_spf.example.com",
        "v=spf1 ip4:192.0.2.0/24 exp=explain.example.com -all",
    ] {
        let zone = format!(
            "$ORIGIN example.com.\n@ 300 IN TXT \"{old}\"\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.5\n\
             _spf 300 IN TXT \"v=spf1 ip4:192.0.2.128/25 -all\"\n"
        );
        let (report, sending) = check(&zone, "example.com", &["198.51.100.7"]);
        let suggestions = suggest(&report, &sending);
        let Some(Suggestion::Spf { record, .. }) = suggestions.first() else {
            panic!("{old}: {suggestions:?}")
        };
        let old_terms: Vec<&str> = old.split(' ').skip(1).collect();
        let new_terms: Vec<&str> = record.value.split(' ').skip(1).collect();
        assert_eq!(&new_terms[1..], &old_terms[..], "{old}");
        assert_eq!(new_terms[0], "ip4:198.51.100.7");
        let (_, sending) = check(
            &with_suggestions(&zone, &suggestions),
            "example.com",
            &["198.51.100.7"],
        );
        assert_eq!(sending[0].spf, SpfResult::Pass, "{old}");
    }
}

/// An address a term other than `all` refuses on purpose (`-ip4:…`,
/// `~ip4:…`, `?ip4:…`) is not put in front of that term: that would undo the
/// record author's decision without a word. The SPF finding says to remove
/// or narrow the term, the checklist says the same, and no merged record is
/// suggested for it; an address refused only by the closing `all` still
/// gets one.
#[test]
fn an_address_refused_on_purpose_is_not_merged_over_its_term() {
    for (term, result, code, says) in [
        (
            "-ip4:198.51.100.0/24",
            SpfResult::Fail,
            Code::SpfFail,
            "remove or narrow",
        ),
        (
            "~ip4:198.51.100.7",
            SpfResult::SoftFail,
            Code::SpfSoftFail,
            "remove or narrow",
        ),
        (
            "?ip4:198.51.100.7",
            SpfResult::Neutral,
            Code::SpfNeutral,
            "change",
        ),
    ] {
        let zone = format!(
            "$ORIGIN example.com.\n@ 300 IN TXT \"v=spf1 {term} ip4:198.51.100.0/24 -all\"\n\
             @ 300 IN MX 10 mx\nmx 300 IN A 198.51.100.5\n"
        );
        let (report, sending) = check(&zone, "example.com", &["198.51.100.7", "192.0.2.9"]);
        assert_eq!(sending[0].spf, result, "{term}");
        let refused = sending[0]
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{term}: {:?}", sending[0].findings));
        assert_eq!(
            refused.params.get("cause").map(String::as_str),
            Some("explicit")
        );
        let fix = render_fix(Lang::En, refused).expect("a fix");
        assert!(fix.contains(&format!("{says} {term}")), "{fix}");
        assert!(!fix.contains("add ip4:198.51.100.7 before"), "{fix}");
        // 192.0.2.9 falls to -all: it is the one merged in.
        let suggestions = suggest(&report, &sending);
        let Some(Suggestion::Spf { record, added }) = suggestions.first() else {
            panic!("{term}: {suggestions:?}")
        };
        assert_eq!(added, &["ip4:192.0.2.9"], "{term}");
        assert_eq!(
            record.value,
            format!("v=spf1 ip4:192.0.2.9 {term} ip4:198.51.100.0/24 -all")
        );
        let list = checklist(&report, Profile::GmailBulk, &sending);
        let spf: Vec<_> = list
            .findings()
            .filter(|f| f.code == Code::ProfileSpfNotPass)
            .collect();
        let cause = |ip: &str| {
            spf.iter()
                .find(|f| f.params.get("ip").is_some_and(|v| v == ip))
                .and_then(|f| f.params.get("cause").cloned())
        };
        assert_eq!(cause("198.51.100.7").as_deref(), Some("refused"), "{term}");
        assert_eq!(cause("192.0.2.9").as_deref(), Some("domain"), "{term}");
        for lang in [Lang::En, Lang::Ja] {
            let f = spf
                .iter()
                .find(|f| f.params.get("cause").is_some_and(|c| c == "refused"))
                .unwrap();
            let fix = render_fix(lang, f).expect("a fix");
            assert!(fix.contains("--records"), "{lang:?}");
        }
        // The checklist asks what the SPF finding asks: a ? term is to be
        // made to pass; removing it would leave the address to -all.
        let f = spf
            .iter()
            .find(|f| f.params.get("ip").is_some_and(|v| v == "198.51.100.7"))
            .unwrap();
        let fix = render_fix(Lang::En, f).expect("a fix");
        let (asked, not) = if says == "change" {
            ("so that it passes", "remove or narrow")
        } else {
            ("remove or narrow", "so that it passes")
        };
        assert!(fix.contains(asked) && !fix.contains(not), "{term}: {fix}");
    }
    // Refused by the closing all only: merged as before.
    let zone = "$ORIGIN example.com.\n@ 300 IN TXT \"v=spf1 ip4:198.51.100.0/25 -all\"\n";
    let (report, sending) = check(zone, "example.com", &["198.51.100.200"]);
    let f = &sending[0].findings[0];
    assert_eq!(f.params.get("cause").map(String::as_str), Some("direct"));
    assert!(matches!(
        suggest(&report, &sending).first(),
        Some(Suggestion::Spf { .. })
    ));
}

/// `verify --profile` and `check --profile` follow one table: on S1, the
/// message and the domain fail docomo's DMARC and DKIM requirements with
/// the same codes and requirement ids, and every finding of verify names
/// the requirement its code reports.
#[test]
fn verify_and_check_report_a_requirement_alike() {
    use domainauth::mail::Message;
    use domainauth::spf::Envelope;
    use domainauth::verify::{MessageVerifier, VerifyOptions};

    let zone = ZoneResolver::from_zone_text(&s1(), None).unwrap();
    let raw = fixture("examples/s1/message.eml");
    let msg = Message::read(raw.as_bytes());
    let verifier = MessageVerifier::new(
        std::sync::Arc::new(zone),
        VerifyOptions::new("mx.example.net"),
    );
    let envelope = Envelope {
        client_ip: "203.0.113.25".parse().unwrap(),
        helo: "mail.example.co.jp".into(),
        mail_from: "info@example.co.jp".into(),
    };
    let profile = block_on(async {
        let verdict = verifier.verify_message(&msg, Some(envelope)).await.unwrap();
        verifier
            .check_profile(Profile::Docomo, &msg, &verdict)
            .await
    });
    let verify_failed: Vec<(Requirement, Code)> = profile
        .findings
        .iter()
        .map(|f| {
            let r = Requirement::of_code(f.code).expect("a requirement's code");
            assert_eq!(f.params["requirement"], r.id(), "{f:?}");
            (r, f.code)
        })
        .collect();
    let (report, sending) = check(&s1(), "example.co.jp", &["203.0.113.25"]);
    let c = checklist(&report, Profile::Docomo, &sending);
    let check_failed: Vec<(Requirement, Code)> = c
        .items
        .iter()
        .filter(|i| i.status == Status::Missing)
        .flat_map(|i| i.findings.iter().map(move |f| (i.requirement, f.code)))
        .collect();
    assert_eq!(
        check_failed,
        [
            (Requirement::DmarcPass, Code::ProfileDmarcNotPass),
            (Requirement::Dkim, Code::ProfileDkimNotPass)
        ]
    );
    assert_eq!(verify_failed, check_failed);
}

/// A subdomain without its own DMARC record gets its parent's (RFC 9989
/// §4.10): the requirement is met, and no record is suggested that would
/// override the parent's p=reject with p=none.
#[test]
fn a_parent_dmarc_record_meets_the_requirement_for_a_subdomain() {
    let zone = "$ORIGIN example.com.\n\
                @ 300 IN TXT \"v=spf1 -all\"\n\
                _dmarc 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n\
                news 300 IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n\
                news 300 IN MX 10 mx.example.com.\n";
    let (report, sending) = check(zone, "news.example.com", &["192.0.2.1"]);
    for (profile, r) in [
        (Profile::GmailBulk, Requirement::DmarcRecord),
        (Profile::Docomo, Requirement::DmarcPass),
    ] {
        assert_eq!(
            status(&checklist(&report, profile, &sending), r),
            Status::Met
        );
    }
    assert!(
        !suggest(&report, &sending)
            .iter()
            .any(|s| matches!(s, Suggestion::Dmarc { .. }))
    );
}

/// A domain that does not exist meets nothing DNS can show, and says why
/// once, not once per requirement.
#[test]
fn a_domain_that_does_not_exist_is_said_once_in_a_checklist() {
    let (report, sending) = check(&s1(), "nope.example.co.jp", &["203.0.113.25"]);
    let c = checklist(&report, Profile::Docomo, &sending);
    assert_eq!(c.cause.as_ref().map(|f| f.code), Some(Code::DomainNotFound));
    assert_eq!(c.missing(), 4);
    let codes: Vec<Code> = c.findings().map(|f| f.code).collect();
    assert_eq!(
        codes.iter().filter(|&&c| c == Code::DomainNotFound).count(),
        1
    );
    assert!(
        codes
            .iter()
            .all(|&c| c == Code::DomainNotFound || c == Code::ProfileNotCheckable),
        "{codes:?}"
    );
}

/// An address whose SPF evaluation meets a DNS failure is not checked:
/// never "missing", and no record is suggested for it.
#[test]
fn a_dns_failure_in_spf_is_not_checked_not_missing() {
    use domainauth::dns::Fault;
    let zone_text = "$ORIGIN example.net.\n\
                     @ 300 IN TXT \"v=spf1 include:_spf.provider.example -all\"\n\
                     @ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.1\n";
    let mut zone = ZoneResolver::from_zone_text(zone_text, None).unwrap();
    zone.set_fault("_spf.provider.example", Fault::ServFail);
    let ips: Vec<IpAddr> = vec!["192.0.2.1".parse().unwrap()];
    let mut options = CheckOptions::default();
    options.ip = Some(ips[0]);
    let (report, sending) = block_on(async {
        let report = check_domain(
            zone.clone(),
            "example.net",
            &options,
            &PublicSuffixList::builtin(),
        )
        .await
        .unwrap();
        let sending = sending_ips(&zone, "example.net", &ips).await;
        (report, sending)
    });
    assert_eq!(sending[0].spf, SpfResult::TempError);
    for (profile, r) in [
        (Profile::GmailBulk, Requirement::Spf),
        (Profile::Docomo, Requirement::HeaderFromSpf),
    ] {
        let c = checklist(&report, profile, &sending);
        assert_eq!(status(&c, r), Status::NotChecked, "{profile:?}");
    }
    assert!(
        !suggest(&report, &sending)
            .iter()
            .any(|s| matches!(s, Suggestion::Spf { .. } | Suggestion::SpfFlattened { .. }))
    );
}

/// S2: the shop's mail leaves from its ESP (192.0.2.0/24), signed by the
/// ESP's own domain. Under Gmail's rules the shop's domain lacks an SPF
/// record covering the ESP and a DKIM key of its own (SCENARIOS S2: an
/// author signature, or an envelope From under shop.example with the ESP
/// in its SPF); the merged SPF record keeps the shop's own `mx` and passes
/// for the ESP once published.
#[test]
fn s2_shop_via_its_esp_lacks_spf_and_an_author_key() {
    let zone = fixture("examples/s2/shop.example.zone") + &fixture("examples/s2/esp.example.zone");
    let (report, sending) = check(&zone, "shop.example", &["192.0.2.25"]);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == Code::CheckDkimNoKey),
        "{:?}",
        report.findings
    );
    let c = checklist(&report, Profile::GmailBulk, &sending);
    assert_eq!(status(&c, Requirement::Spf), Status::Missing);
    assert_eq!(status(&c, Requirement::Dkim), Status::Missing);
    assert_eq!(status(&c, Requirement::DmarcRecord), Status::Met);
    assert_eq!(status(&c, Requirement::Alignment), Status::Missing);

    let suggestions = suggest(&report, &sending);
    let spf = suggestions
        .iter()
        .find_map(|s| match s {
            Suggestion::Spf { record, .. } => Some(record),
            _ => None,
        })
        .expect("an SPF record");
    assert_eq!(spf.value, "v=spf1 ip4:192.0.2.25 mx -all");
    assert_eq!(spf.replaces.as_deref(), Some("v=spf1 mx -all"));

    let zone = with_suggestions(&zone, &suggestions) + &keygen_record(&suggestions);
    // The shop's own server (its MX, 198.51.100.25) still passes.
    let (after, sending) = check(&zone, "shop.example", &["192.0.2.25", "198.51.100.25"]);
    assert!(
        sending.iter().all(|s| s.spf == SpfResult::Pass),
        "{sending:?}"
    );
    let c = checklist(&after, Profile::GmailBulk, &sending);
    for r in [Requirement::Spf, Requirement::Dkim, Requirement::Alignment] {
        assert_eq!(status(&c, r), Status::Met, "{r:?}");
    }
    // What no record of the shop can fix: the fixture publishes no PTR for
    // the ESP's address, which Gmail requires of the sending IP.
    assert_eq!(status(&c, Requirement::ReverseDns), Status::Missing);
    assert_eq!(c.missing(), 1);
}

/// S4: the DMARC record's typo `ptc=100` is named as an unknown tag with
/// `pct` suggested (RFC 7489 §6.3 lists `pct`; RFC 9989 removed it, so the
/// suggestion is made under the legacy rules and the tag is said to be
/// removed under the current ones).
#[test]
fn s4_dmarc_typo_is_named_with_the_tag_meant() {
    let zone = "$ORIGIN example.com.\n\
                @ 3600 IN TXT \"v=spf1 mx -all\"\n\
                @ 3600 IN MX 10 mx\n\
                mx 3600 IN A 192.0.2.10\n\
                _dmarc 3600 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;\"\n";
    let resolver = ZoneResolver::from_zone_text(zone, None).expect("zone parses");
    for (mode, code) in [
        (Mode::Rfc7489, Code::DmarcLintUnknownTagSuggest),
        (Mode::Rfc9989, Code::DmarcLintUnknownTagRemoved),
    ] {
        let mut options = CheckOptions::default();
        options.mode = mode;
        let report = block_on(check_domain(
            resolver.clone(),
            "example.com",
            &options,
            &PublicSuffixList::builtin(),
        ))
        .expect("check runs");
        let finding = report
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{code:?} in {:?}", report.findings));
        assert_eq!(finding.params.get("tag").map(String::as_str), Some("ptc"));
        assert_eq!(
            finding.params.get("suggestion").map(String::as_str),
            Some("pct")
        );
    }
}

/// Each sending IP after the first gets the findings the first gets: its
/// SPF result with the term to add, and its missing PTR, each said once.
#[test]
fn every_sending_ip_gets_its_findings() {
    use domainauth::check::profile::add_sending_findings;
    let (mut report, sending) = check(&s1(), "example.co.jp", &["203.0.113.25", "198.51.100.7"]);
    let about = |report: &DomainReport, ip: &str| -> Vec<Code> {
        report
            .findings
            .iter()
            .filter(|f| f.params.get("ip").is_some_and(|v| v == ip))
            .map(|f| f.code)
            .collect()
    };
    assert!(about(&report, "198.51.100.7").is_empty());
    add_sending_findings(&mut report, &sending);
    let second = about(&report, "198.51.100.7");
    assert!(second.contains(&Code::SpfFail), "{second:?}");
    assert!(second.contains(&Code::CheckPtrMissing), "{second:?}");
    let before = report.findings.len();
    add_sending_findings(&mut report, &sending);
    assert_eq!(report.findings.len(), before, "each cause once");
    assert!(
        report
            .findings
            .windows(2)
            .all(|w| w[0].severity >= w[1].severity)
    );
}
