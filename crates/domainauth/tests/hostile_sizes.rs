//! Hostile sizes: every list an attacker controls is read in linear time and
//! capped, each cap named in its error; a malformed header line does not
//! cost the message its evaluation. The size sweep that shows linear time is
//! `benches/hostile.rs`.

use domainauth::diag::{Code, Lang};
use domainauth::dkim::{
    Algorithm, DkimProblem, DkimResult, DkimVerifier, KeyError, KeyRecord, MAX_KEY_LIST_ITEMS,
    MAX_SIGNED_HEADERS, MAX_TAGS, SignError, Signature, SignatureErrorKind, Signer, SignerConfig,
    SigningKey, TagError, parse_tag_list,
};
use domainauth::dmarc::DmarcResult;
use domainauth::dns::ZoneResolver;
use domainauth::mail::{HeaderProblemKind, MAX_HEADER_FIELDS, MailError, Message};
use domainauth::spf::Envelope;
use domainauth::verify::{MessageVerifier, VerifyOptions};
use domainauth_testkit::fixtures::zone_with_txt;
use proptest::prelude::*;

const BASE: &str = "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// Five well-formed signatures (no key published, so each is a permerror
/// from the key lookup), then 900 fields that are not even tag lists. The
/// cap reads the first five; had the rest been parsed, each would be a
/// permerror with a syntax problem. They are counted in one policy result.
#[test]
fn signatures_beyond_cap_are_not_parsed() {
    let mut raw = String::new();
    for i in 0..5 {
        raw.push_str(&format!("DKIM-Signature: {BASE}; t={i}\r\n"));
    }
    for _ in 0..900 {
        raw.push_str("DKIM-Signature: not a tag list at all\r\n");
    }
    raw.push_str("From: a@example.com\r\n\r\nbody\r\n");
    let message = Message::parse(raw.as_bytes()).unwrap();
    let verifier = DkimVerifier::new(ZoneResolver::new());
    assert_eq!(verifier.config().max_signatures, 5);
    let mut verification = verifier.begin(&message);
    assert_eq!(verification.skipped(), 900);
    assert_eq!(verification.signatures(), 905);
    verification.body(message.body());
    let results = rt().block_on(verifier.finish(verification));
    assert_eq!(results.len(), 6);
    for r in &results[..5] {
        assert!(
            matches!(r.problem, Some(DkimProblem::NoKey { .. })),
            "{r:?}"
        );
    }
    assert!(
        !results
            .iter()
            .any(|r| matches!(r.problem, Some(DkimProblem::Signature { .. })))
    );
    let last = &results[5];
    assert_eq!(last.result, DkimResult::Policy);
    assert_eq!(
        last.problem,
        Some(DkimProblem::TooManySignatures {
            limit: 5,
            skipped: 900
        })
    );
}

/// Each cap is a typed error that says which limit and its value, and its
/// text says the limit as a number (no constant name reaches a reader).
#[test]
fn cap_names_itself_in_error() {
    // Tags per tag list.
    let many_tags: String = (0..=MAX_TAGS).map(|i| format!("x{i}=1; ")).collect();
    let e = parse_tag_list(&many_tags).unwrap_err();
    assert!(matches!(
        e,
        TagError::TooManyTags {
            limit: MAX_TAGS,
            ..
        }
    ));
    assert!(e.to_string().contains("more than 64 tags"), "{e}");
    assert!(!e.to_string().contains("MAX_"), "{e}");
    let e = Signature::parse(&format!("{BASE}; {many_tags}")).unwrap_err();
    assert!(matches!(
        e.kind,
        SignatureErrorKind::Syntax {
            error: TagError::TooManyTags { .. }
        }
    ));
    assert!(matches!(
        KeyRecord::parse(&format!("p=AAAA; {many_tags}")),
        Err(KeyError::Syntax {
            error: TagError::TooManyTags { .. }
        })
    ));

    // h= entries per signature: the cap itself is accepted, one more is not.
    let h = |n: usize| vec!["from"; n].join(":");
    let at_cap = BASE.replace("h=from", &format!("h={}", h(MAX_SIGNED_HEADERS)));
    assert_eq!(
        Signature::parse(&at_cap).unwrap().signed_headers.len(),
        MAX_SIGNED_HEADERS
    );
    let over = BASE.replace("h=from", &format!("h={}", h(MAX_SIGNED_HEADERS + 1)));
    let e = Signature::parse(&over).unwrap_err();
    assert_eq!(e.tag.as_deref(), Some("h"));
    assert_eq!(
        e.kind,
        SignatureErrorKind::TooManySignedHeaders {
            count: 257,
            limit: 256
        }
    );
    assert!(!e.to_string().contains("MAX_"), "{e}");

    // Key record lists.
    let e = KeyRecord::parse(&format!(
        "t={}; p=AAAA",
        vec!["y"; MAX_KEY_LIST_ITEMS + 1].join(":")
    ))
    .unwrap_err();
    assert_eq!(
        e,
        KeyError::TooManyItems {
            tag: "t",
            count: 17,
            limit: 16
        }
    );
    assert!(!e.to_string().contains("MAX_"), "{e}");

    // Header fields per message.
    let over = "X-A: 1\r\n".repeat(MAX_HEADER_FIELDS + 1);
    let e = Message::parse(over.as_bytes()).unwrap_err();
    assert_eq!(e, MailError::TooManyFields { limit: 1000 });
    assert!(!e.to_string().contains("MAX_"), "{e}");

    // The signer refuses to write an h= that verifiers would refuse.
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let signer = Signer::new(key, SignerConfig::new("example.org", "s"));
    let msg = format!(
        "From: a@example.org\r\n{}\r\nbody\r\n",
        "To: b@example.org\r\n".repeat(MAX_SIGNED_HEADERS)
    );
    match signer.sign_message(msg.as_bytes()) {
        Err(e @ SignError::TooManySignedHeaders { limit: 256, .. }) => {
            assert!(!e.to_string().contains("MAX_"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

/// RFC 6376 §5.4.2 through the verifier: a signature whose h= lists a name
/// more often than it occurs verifies (the extra entries are null strings),
/// and a signature with 256 entries over the 1000-field limit costs one
/// lookup per entry.
#[test]
fn h_list_at_its_cap_over_a_full_header_verifies() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    let mut config = SignerConfig::new("example.org", "s");
    config.headers = Some(vec!["received".into(), "from".into()]);
    let signer = Signer::new(key, config);
    let msg = format!(
        "{}From: a@example.org\r\n\r\nbody\r\n",
        "Received: from x by y\r\n".repeat(254)
    );
    let field = signer.sign_message(msg.as_bytes()).unwrap();
    let signed = format!(
        "{field}\r\n{}{msg}",
        "X-Pad: 1\r\n".repeat(MAX_HEADER_FIELDS - 257)
    );
    let zone = zone_with_txt("s._domainkey.example.org", &record);
    let results = rt()
        .block_on(DkimVerifier::new(&zone).verify_message(signed.as_bytes()))
        .unwrap();
    assert_eq!(results.len(), 1);
    // 254 Received, From, From again (oversigned): 256 entries.
    assert_eq!(results[0].signed_headers.len(), MAX_SIGNED_HEADERS);
    assert_eq!(results[0].result, DkimResult::Pass, "{:?}", results[0]);
}

/// A junk line between the fields of a signed message is ignored: it is in
/// no field, so the signature still verifies, and the message records it.
#[test]
fn malformed_header_line_keeps_message() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    let signer = Signer::new(key, SignerConfig::new("example.org", "s"));
    let msg = "From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n";
    let field = signer.sign_message(msg.as_bytes()).unwrap();
    let signed = format!(
        "{field}\r\nFrom: a@example.org\r\nthis line is not a field\r\nX Bad Name: 1\r\nSubject: x\r\n\r\nbody\r\n"
    );
    let message = Message::parse(signed.as_bytes()).unwrap();
    let kinds: Vec<(usize, HeaderProblemKind)> = message
        .problems()
        .iter()
        .map(|p| (p.line, p.kind))
        .collect();
    let first = field.lines().count();
    assert_eq!(
        kinds,
        [
            (first + 2, HeaderProblemKind::NoColon),
            (first + 3, HeaderProblemKind::BadName)
        ]
    );
    let zone = zone_with_txt("s._domainkey.example.org", &record);
    let results = rt()
        .block_on(DkimVerifier::new(&zone).verify_message(signed.as_bytes()))
        .unwrap();
    assert_eq!(results[0].result, DkimResult::Pass, "{:?}", results[0]);
}

/// `verify` evaluates a message with a malformed header line (it used to
/// fail with an error and no result) and says which line it ignored.
#[test]
fn verify_reports_an_ignored_header_line() {
    let zone = ZoneResolver::from_zone_text(
        concat!(
            "$ORIGIN example.co.jp.\n",
            "@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n",
            "_dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n"
        ),
        None,
    )
    .unwrap();
    let verifier = MessageVerifier::new(zone, VerifyOptions::new("mx.example.net"));
    let envelope = Envelope {
        client_ip: "203.0.113.25".parse().unwrap(),
        helo: "mail.example.co.jp".into(),
        mail_from: "info@example.co.jp".into(),
    };
    let msg = b"From: info@example.co.jp\r\nBroken header line\r\nSubject: hi\r\n\r\nbody\r\n";
    let v = rt().block_on(verifier.verify(msg, Some(envelope))).unwrap();
    assert_eq!(v.dmarc.result, DmarcResult::Pass);
    let notes: Vec<_> = v
        .message_notes
        .iter()
        .filter(|f| f.code == Code::MailHeaderLineIgnored)
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message(Lang::En).contains("Header line 2 "));
    assert!(notes[0].message(Lang::Ja).contains("2 行目"));
}

fn tag_name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["v", "a", "b", "bh", "d", "h", "s", "x1", "z_"])
        .prop_map(String::from)
}

/// A tag list: tags from a small set of names (so duplicates are common)
/// and junk specs, joined by `;` with random whitespace.
fn tag_list() -> impl Strategy<Value = (String, Vec<Option<String>>)> {
    prop::collection::vec(
        prop_oneof![
            4 => (tag_name(), "[ -:<-~]{0,8}").prop_map(|(n, v)| (format!("{n}={v}"), Some(n))),
            1 => "[ -:<-~]{0,8}".prop_map(|junk| (junk, None)),
        ],
        0..(MAX_TAGS + 8),
    )
    .prop_map(|specs| {
        let names = specs.iter().map(|(_, n)| n.clone()).collect();
        let text = specs
            .into_iter()
            .map(|(s, _)| s)
            .collect::<Vec<_>>()
            .join(" ;\r\n ");
        (text, names)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Tag lists with random duplicates and junk never panic; a list that
    /// parses has no name twice and at most MAX_TAGS tags; a list whose
    /// specs are all well-formed tags is rejected exactly when a name
    /// repeats within the first MAX_TAGS, or it is longer than that.
    #[test]
    fn tag_lists_with_duplicates_and_junk(list in tag_list()) {
        let (text, names) = list;
        match parse_tag_list(&text) {
            Ok(tags) => {
                prop_assert!(tags.len() <= MAX_TAGS);
                let mut seen = std::collections::HashSet::new();
                for t in &tags {
                    prop_assert!(seen.insert(t.name), "duplicate {} accepted in {:?}", t.name, text);
                }
            }
            Err(TagError::Duplicate { pos, name }) => {
                prop_assert!(text[pos..].starts_with(&name));
                let earlier = text[..pos].contains(&format!("{name}="));
                prop_assert!(earlier);
            }
            Err(_) => {}
        }
        if names.iter().all(Option::is_some) {
            let names: Vec<String> = names.into_iter().flatten().collect();
            let first_dup = names.iter().enumerate().position(|(i, n)| names[..i].contains(n));
            let result = parse_tag_list(&text);
            match first_dup {
                Some(i) if i < MAX_TAGS => {
                    let is_duplicate = matches!(result, Err(TagError::Duplicate { .. }));
                    prop_assert!(is_duplicate, "{:?}", result);
                }
                _ if names.len() > MAX_TAGS => {
                    let is_too_many = matches!(result, Err(TagError::TooManyTags { .. }));
                    prop_assert!(is_too_many, "{:?}", result);
                }
                _ => prop_assert_eq!(result.map(|t| t.len()).ok(), Some(names.len())),
            }
        }
    }
}
