//! A 50 MB body signed and verified in 64 KiB chunks with flat memory.
//! Alone in this test binary, so the process's peak RSS is this test's.

use domainauth::dkim::{
    Algorithm, Canon, DkimResult, DkimVerifier, Signer, SignerConfig, SigningKey,
};
use domainauth::mail::Message;
use domainauth_testkit::fixtures::zone_with_txt;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn fifty_megabyte_body_streams_with_flat_memory() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    let mut config = SignerConfig::new("example.org", "s");
    config.canonicalization.body = Canon::Relaxed;
    let signer = Signer::new(key, config);
    let header = "From: a@example.org\r\nSubject: big\r\n\r\n";
    let chunk: Vec<u8> = b"The quick brown fox jumps over the lazy dog \t \r\n".repeat(1400); // ~64 KiB
    let chunks = 50 * 1024 * 1024 / chunk.len();
    let head = Message::parse(header.as_bytes()).unwrap();
    let before = peak_rss_kib();
    let mut signing = signer.begin(&head).unwrap();
    for _ in 0..chunks {
        signing.body(&chunk);
    }
    let field = signing.finish().unwrap();
    let signed_head = format!("{field}\r\n{header}");
    let verifier = DkimVerifier::new(zone_with_txt("s._domainkey.example.org", &record));
    let message = Message::parse(signed_head.as_bytes()).unwrap();
    let mut verification = verifier.begin(&message);
    for _ in 0..chunks {
        verification.body(&chunk);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let results = rt.block_on(verifier.finish(verification));
    assert_eq!(
        results[0].result,
        DkimResult::Pass,
        "{:?}",
        results[0].problem
    );
    let after = peak_rss_kib();
    if before.is_none() || after.is_none() {
        // The verdict above still holds; only the memory figure is missing.
        domainauth_testkit::testdata::missing(
            "the peak RSS in /proc/self/status (the memory check)",
        );
    }
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "50 MB body ({} chunks of {} bytes) signed and verified streaming: peak RSS {b} KiB before, {a} KiB after (+{} KiB)",
            chunks,
            chunk.len(),
            a.saturating_sub(b)
        );
        assert!(
            a.saturating_sub(b) < 16 * 1024,
            "memory grew by {} KiB",
            a - b
        );
    }
}
