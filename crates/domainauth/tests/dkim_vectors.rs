//! DKIM against the shared vectors: the RFC 8463 Appendix A example and the
//! dkimpy test data (expectations as stated in `../shared/testdata/dkim/README.md`).

use std::path::Path;

use domainauth::dkim::{DkimProblem, DkimResult, DkimVerifier, SignatureResult};
use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};
use domainauth_testkit::testdata;

fn txt(value: &str) -> ZoneEntry {
    ZoneEntry::Txt(Txt {
        strings: vec![value.as_bytes().to_vec()],
    })
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn verify(zone: ZoneResolver, message: &[u8]) -> Vec<SignatureResult> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(DkimVerifier::new(zone).verify_message(message))
        .expect("message parses")
}

fn rfc8463_zone(dir: &Path) -> ZoneResolver {
    let mut zone = ZoneResolver::new();
    for line in String::from_utf8(read(dir, "dns.txt")).unwrap().lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (name, value) = line.split_once('\t').unwrap();
        zone.add(name, txt(value));
    }
    zone
}

#[test]
fn rfc8463_appendix_a_both_signatures_pass() {
    let Some(dir) = testdata::find("dkim/rfc8463") else {
        return;
    };
    let results = verify(rfc8463_zone(&dir), &read(&dir, "signed.eml"));
    assert_eq!(results.len(), 2);
    for r in &results {
        assert_eq!(
            r.result,
            DkimResult::Pass,
            "{:?}: {:?}",
            r.selector,
            r.problem
        );
        assert_eq!(r.domain.as_deref(), Some("football.example.com"));
        assert!(r.bare_lf, "the vector has LF line ends, read as CRLF");
    }
    assert_eq!(results[0].key_bits, Some(256));
    assert_eq!(results[1].key_bits, Some(1024));
    println!("RFC 8463 A.3: 2/2 signatures pass (ed25519-sha256, rsa-sha256)");
}

#[test]
fn rfc8463_unsigned_message_has_no_results_and_a_changed_one_fails() {
    let Some(dir) = testdata::find("dkim/rfc8463") else {
        return;
    };
    assert!(verify(rfc8463_zone(&dir), &read(&dir, "unsigned.eml")).is_empty());
    let tampered = String::from_utf8(read(&dir, "signed.eml"))
        .unwrap()
        .replace("Joe.", "Jo.");
    let results = verify(rfc8463_zone(&dir), tampered.as_bytes());
    assert_eq!(results.len(), 2, "both signatures are checked");
    for r in &results {
        assert_eq!(r.result, DkimResult::Fail);
        assert_eq!(r.problem, Some(DkimProblem::BodyHashMismatch));
    }
}

/// dkimpy's test DNS, with `rsa_record` at the RSA selector of the RFC 6376 messages.
fn dkimpy_zone(dir: &Path, rsa_record: &str) -> ZoneResolver {
    let mut zone = ZoneResolver::new();
    let file = |f: &str| String::from_utf8(read(dir, f)).unwrap().trim().to_string();
    zone.add("test._domainkey.example.com", txt(&file("test.txt")));
    zone.add("test._domainkey.football.example.com", txt(rsa_record));
    zone.add(
        "brisbane._domainkey.football.example.com",
        txt("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="),
    );
    zone.add("sed._domainkey.test.ex", txt(&file("eximtest.dns")));
    zone
}

#[test]
fn dkimpy_vectors() {
    let Some(dir) = testdata::find("dkim/dkimpy") else {
        return;
    };
    let test_txt = String::from_utf8(read(&dir, "test.txt"))
        .unwrap()
        .trim()
        .to_string();
    let mut checked = 0;

    let results = verify(
        dkimpy_zone(&dir, &test_txt),
        &read(&dir, "rfc6376.signed.msg"),
    );
    assert!(
        results.len() == 2 && results.iter().all(|r| r.result == DkimResult::Pass),
        "{results:?}"
    );
    checked += 1;

    let results = verify(
        dkimpy_zone(&dir, &test_txt),
        &read(&dir, "rfc6376.signed.rsa.msg"),
    );
    assert_eq!(
        results[0].result,
        DkimResult::Pass,
        "{:?}",
        results[0].problem
    );
    checked += 1;

    // dkimpy's "catch bad key": a corrupted p= (test_bad.txt) must not verify.
    let corrupted = String::from_utf8(read(&dir, "test_bad.txt"))
        .unwrap()
        .trim()
        .to_string();
    let results = verify(
        dkimpy_zone(&dir, &corrupted),
        &read(&dir, "rfc6376.signed.rsa.msg"),
    );
    assert_ne!(results[0].result, DkimResult::Pass, "{:?}", results[0]);
    checked += 1;

    let results = verify(
        dkimpy_zone(&dir, &test_txt),
        &read(&dir, "ed25519test2.msg"),
    );
    assert_eq!(
        results[0].result,
        DkimResult::Pass,
        "Exim-signed ed25519: {:?}",
        results[0].problem
    );
    checked += 1;

    let results = verify(
        dkimpy_zone(&dir, &test_txt),
        &read(&dir, "rfc6376.signed.no_t.msg"),
    );
    assert!(!results.is_empty(), "the signature is checked");
    assert!(
        results.iter().all(|r| r.result != DkimResult::Pass),
        "{results:?}"
    );
    checked += 1;

    for bad in ["badversion.txt", "badk.txt"] {
        let record = String::from_utf8(read(&dir, bad))
            .unwrap()
            .trim()
            .to_string();
        let results = verify(
            dkimpy_zone(&dir, &record),
            &read(&dir, "rfc6376.signed.rsa.msg"),
        );
        assert_eq!(
            results[0].result,
            DkimResult::PermError,
            "{bad}: {:?}",
            results[0].problem
        );
        checked += 1;
    }

    let results = verify(
        dkimpy_zone(&dir, &test_txt),
        &read(&dir, "test.message.baddomain"),
    );
    assert!(!results.is_empty(), "the signature is checked");
    assert!(
        results.iter().all(|r| r.result != DkimResult::Pass),
        "{results:?}"
    );
    checked += 1;
    // The cases above, each asserted: the count shows none was skipped.
    const DKIMPY_CASES: usize = 8;
    assert_eq!(checked, DKIMPY_CASES);
    println!("dkimpy vectors: {checked}/{DKIMPY_CASES} behave as dkimpy's tests expect");
}
