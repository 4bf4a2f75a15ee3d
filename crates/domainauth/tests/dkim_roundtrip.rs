//! What we sign verifies with us: every algorithm × canonicalization, over
//! bodies and headers that break naive implementations; and what a change
//! in transit breaks, it breaks for the right reason.

use domainauth::dkim::{
    Algorithm, Canon, Canonicalization, DkimProblem, DkimResult, DkimVerifier, KeyRecord, Signer,
    SignerConfig, SigningKey,
};
use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};

const BODIES: &[(&str, &[u8])] = &[
    ("empty", b""),
    ("only blank lines", b"\r\n\r\n\r\n"),
    ("no final CRLF", b"last line without end"),
    ("LF only", b"line one\nline two\n\n"),
    ("whitespace-only lines", b"a\r\n \t \r\n\t\r\nb \r\n"),
    ("8-bit UTF-8", "本文です。\r\nÜber\r\n".as_bytes()),
    ("long line", &[b'x'; 5000]),
];

const HEADERS: &str = "From: =?UTF-8?B?5pel5pys?= <info@shop.example>\r\n\
X-Raw-8bit: 日本語の件名\r\n\
To: user@example.net\r\n\
Subject: folded\r\n\tsubject with  tabs\r\n\
Received: by one\r\n\
Received: by two\r\n\
Date: Mon, 23 Nov 2026 10:00:00 +0900\r\n\
Message-ID: <1@shop.example>\r\n";

fn zone_with(selector: &str, key: &SigningKey) -> ZoneResolver {
    let mut zone = ZoneResolver::new();
    let record = key.key_record().unwrap();
    zone.add(
        &format!("{selector}._domainkey.shop.example"),
        ZoneEntry::Txt(Txt {
            strings: vec![record.into_bytes()],
        }),
    );
    zone
}

fn verify(zone: &ZoneResolver, message: &[u8]) -> Vec<domainauth::dkim::SignatureResult> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(DkimVerifier::new(zone).verify_message(message))
        .unwrap()
}

#[test]
fn every_algorithm_and_canonicalization_round_trips() {
    let keys = [
        SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap(),
        SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap(),
    ];
    let mut passed = 0;
    for key in keys {
        let alg = key.algorithm();
        let zone = zone_with("sel", &key);
        let mut signer_config = SignerConfig::new("shop.example", "sel");
        signer_config.timestamp = Some(1_790_000_000);
        let mut signer = Signer::new(key, signer_config.clone());
        for header in [Canon::Simple, Canon::Relaxed] {
            for body_canon in [Canon::Simple, Canon::Relaxed] {
                let mut config = signer_config.clone();
                config.canonicalization = Canonicalization {
                    header,
                    body: body_canon,
                };
                let key = SigningKey::from_pem(&signer.key().to_pkcs8_pem().unwrap()).unwrap();
                signer = Signer::new(key, config);
                for (name, body) in BODIES {
                    let mut message = HEADERS.as_bytes().to_vec();
                    message.extend_from_slice(b"\r\n");
                    message.extend_from_slice(body);
                    let field = signer.sign_message(&message).unwrap();
                    let mut signed = format!("{field}\r\n").into_bytes();
                    signed.extend_from_slice(&message);
                    let results = verify(&zone, &signed);
                    assert_eq!(results.len(), 1);
                    assert_eq!(
                        results[0].result,
                        DkimResult::Pass,
                        "{alg} {header:?}/{body_canon:?} {name}: {:?}",
                        results[0].problem
                    );
                    passed += 1;
                }
            }
        }
    }
    let expected = 2 * 4 * BODIES.len();
    assert_eq!(
        passed, expected,
        "every combination was signed and verified"
    );
    println!(
        "DKIM self round trip: {passed}/{expected} (2 algorithms × 4 canonicalizations × {} bodies)",
        BODIES.len()
    );
}

#[test]
fn from_is_oversigned_and_changes_are_named() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let zone = zone_with("sel", &key);
    let signer = Signer::new(key, SignerConfig::new("shop.example", "sel"));
    let message = format!("{HEADERS}\r\nHello\r\n");
    let field = signer.sign_message(message.as_bytes()).unwrap();
    assert!(
        field.contains("h=from:from:"),
        "From is listed once more than it occurs: {field}"
    );
    let signed = format!("{field}\r\n{message}");
    // A footer added by a mailing list: the body hash breaks.
    let footer = format!("{signed}--\r\nlist footer\r\n");
    assert_eq!(
        verify(&zone, footer.as_bytes())[0].problem,
        Some(DkimProblem::BodyHashMismatch)
    );
    // A second From prepended: the oversigned From breaks the signature.
    let spoofed = format!("From: evil@attacker.example\r\n{signed}");
    let r = &verify(&zone, spoofed.as_bytes())[0];
    assert_eq!(r.result, DkimResult::Fail);
    assert!(matches!(
        r.problem,
        Some(DkimProblem::SignatureMismatch { .. })
    ));
    // The subject rewritten: the header signature breaks.
    let rewritten = signed.replace("Subject: folded", "Subject: [list] folded");
    assert!(matches!(
        verify(&zone, rewritten.as_bytes())[0].problem,
        Some(DkimProblem::SignatureMismatch { .. })
    ));
}

#[test]
fn cnamed_selectors_and_time_limits() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    // The selector is a CNAME to the provider's key, as ESPs set it up.
    let mut zone = ZoneResolver::new();
    zone.add(
        "sel._domainkey.shop.example",
        ZoneEntry::Cname("shop.keys.esp.example".into()),
    );
    zone.add(
        "shop.keys.esp.example",
        ZoneEntry::Txt(Txt {
            strings: vec![record.into_bytes()],
        }),
    );
    let mut config = SignerConfig::new("shop.example", "sel");
    config.timestamp = Some(1_000_000);
    config.expire_after = Some(3600);
    let signer = Signer::new(key, config);
    let message = format!("{HEADERS}\r\nbody\r\n");
    let signed = format!(
        "{}\r\n{message}",
        signer.sign_message(message.as_bytes()).unwrap()
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let at = |now: u64| {
        let v = DkimVerifier::with_config(&zone, {
            let mut o = domainauth::dkim::VerifyConfig::default();
            o.now = Some(now);
            o
        });
        rt.block_on(v.verify_message(signed.as_bytes()))
            .unwrap()
            .remove(0)
    };
    assert_eq!(at(1_000_100).result, DkimResult::Pass, "through the CNAME");
    assert!(matches!(
        at(1_000_000 + 3600 + 301).problem,
        Some(DkimProblem::Expired { .. })
    ));
    assert_eq!(
        at(1_000_000 + 3600 + 200).result,
        DkimResult::Pass,
        "within the clock skew"
    );
    assert!(matches!(
        at(1_000_000 - 400).problem,
        Some(DkimProblem::FutureTimestamp { .. })
    ));
}

#[test]
fn no_from_is_refused_for_signing() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let signer = Signer::new(key, SignerConfig::new("shop.example", "sel"));
    assert!(signer.sign_message(b"Subject: x\r\n\r\nbody\r\n").is_err());
}

#[test]
fn key_records_carry_the_key_that_signs() {
    for (alg, bits) in [(Algorithm::RsaSha256, 2048), (Algorithm::Ed25519Sha256, 0)] {
        let key = SigningKey::generate(alg, bits).unwrap();
        let other = SigningKey::generate(alg, bits).unwrap();
        let record = KeyRecord::parse(&key.key_record().unwrap()).unwrap();
        if alg == Algorithm::RsaSha256 {
            assert_eq!(
                record.public_key.len(),
                294,
                "2048-bit SubjectPublicKeyInfo DER"
            );
        }
        // The published record verifies what the key signs; another key's
        // record of the same type does not.
        let own = zone_with("sel", &key);
        let foreign = zone_with("sel", &other);
        let signer = Signer::new(key, SignerConfig::new("shop.example", "sel"));
        let mut message = HEADERS.as_bytes().to_vec();
        message.extend_from_slice(b"\r\nbody\r\n");
        let mut signed = format!("{}\r\n", signer.sign_message(&message).unwrap()).into_bytes();
        signed.extend_from_slice(&message);
        assert_eq!(verify(&own, &signed)[0].result, DkimResult::Pass, "{alg}");
        assert_eq!(
            verify(&foreign, &signed)[0].result,
            DkimResult::Fail,
            "{alg}"
        );
    }
}

/// RFC 6376 §6.1.2 step 3: with several TXT records at the selector the
/// verifier may choose one. A record that is not a key (a stray note) is
/// passed over and the signature verifies; two key records are ambiguous
/// and stay a permerror, whichever of them signed.
#[test]
fn several_txt_records_at_a_selector_choose_the_only_key() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let other = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    let signer = Signer::new(key, SignerConfig::new("shop.example", "sel"));
    let mut message = HEADERS.as_bytes().to_vec();
    message.extend_from_slice(b"\r\nbody\r\n");
    let field = signer.sign_message(&message).unwrap();
    let mut signed = format!("{field}\r\n").into_bytes();
    signed.extend_from_slice(&message);
    let name = "sel._domainkey.shop.example";
    let txt = |text: String| {
        ZoneEntry::Txt(Txt {
            strings: vec![text.into_bytes()],
        })
    };

    let mut stray = ZoneResolver::new();
    stray.add(name, txt("v=spf1 -all".into()));
    stray.add(name, txt(record.clone()));
    let results = verify(&stray, &signed);
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].result,
        DkimResult::Pass,
        "{:?}",
        results[0].problem
    );

    let mut two = ZoneResolver::new();
    two.add(name, txt(record));
    two.add(name, txt(other.key_record().unwrap()));
    let results = verify(&two, &signed);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].result, DkimResult::PermError);
    assert!(
        matches!(
            results[0].problem,
            Some(DkimProblem::SeveralKeys { count: 2, .. })
        ),
        "{:?}",
        results[0].problem
    );
}
