//! DKIM timing against the crypto bound and mail-auth, for
//! `bench/dkim_vs_peers.sh`; also writes the signed messages and the key
//! file the dkimpy and libopendkim drivers time on.
//!
//! usage: dkim_peers_timing OUTDIR ITERATIONS
//! prints one JSON line per (implementation, operation, size):
//! {"impl":…,"op":"verify"|"sign","bytes":…,"us":…}

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use aws_lc_rs::signature::{self, ParsedPublicKey};
use domainauth::dkim::{
    Algorithm, DkimResult, DkimVerifier, KeyRecord, Signer, SignerConfig, SigningKey, sha256,
};
use domainauth_testkit::fixtures::{sized_message, zone_with_txt};
use mail_auth::common::crypto::{RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::common::verify::DomainKey;
use mail_auth::dkim::{Canonicalization, DkimSigner};
use mail_auth::{AuthenticatedMessage, MessageAuthenticator, Parameters, ResolverCache};

/// mail-auth's TXT cache, filled with the parsed key (as a warm resolver would have it).
struct TxtCache(Mutex<HashMap<Box<str>, mail_auth::Txt>>);

impl ResolverCache<Box<str>, mail_auth::Txt> for TxtCache {
    fn get<Q>(&self, name: &Q) -> Option<mail_auth::Txt>
    where
        Box<str>: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.lock().ok()?.get(name).cloned()
    }
    fn remove<Q>(&self, name: &Q) -> Option<mail_auth::Txt>
    where
        Box<str>: std::borrow::Borrow<Q>,
        Q: std::hash::Hash + Eq + ?Sized,
    {
        self.0.lock().ok()?.remove(name)
    }
    fn insert(&self, key: Box<str>, value: mail_auth::Txt, _: Instant) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, value);
        }
    }
}

/// Best of 5 batches, microseconds per call.
fn time(iterations: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..iterations.min(50) {
        f();
    }
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / iterations as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn report(name: &str, op: &str, bytes: usize, us: f64) {
    println!("{{\"impl\":\"{name}\",\"op\":\"{op}\",\"bytes\":{bytes},\"us\":{us:.2}}}");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    std::fs::create_dir_all(&out).expect("output folder");

    let key = SigningKey::generate(Algorithm::RsaSha256, 2048).expect("key");
    let pem = key.to_pkcs8_pem().expect("pem");
    let record = key.key_record().expect("record");
    let name = "bench._domainkey.shop.example";
    std::fs::write(out.join("keys.txt"), format!("{name} {record}\n")).expect("key file");
    let zone = zone_with_txt(name, &record);
    let signer = Signer::new(
        SigningKey::from_pem(&pem).expect("key"),
        SignerConfig::new("shop.example", "bench"),
    );
    let verifier = DkimVerifier::new(zone);
    let public = KeyRecord::parse(&record).expect("record").public_key;
    let parsed =
        ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &public).expect("public key");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    // mail-auth: its signer with the same key, its verifier with a warm parsed-key cache.
    #[allow(deprecated)]
    let their_key = RsaKey::<Sha256>::from_pkcs8_pem(&pem).expect("mail-auth key");
    let their_signer = DkimSigner::from_key(their_key)
        .domain("shop.example")
        .selector("bench")
        .headers(["From", "To", "Subject", "Date", "Message-ID"])
        .header_canonicalization(Canonicalization::Relaxed)
        .body_canonicalization(Canonicalization::Relaxed);
    let authenticator = rt
        .block_on(async {
            MessageAuthenticator::new_system_conf()
                .or_else(|_| MessageAuthenticator::new(Default::default(), Default::default()))
        })
        .expect("mail-auth authenticator");
    let cache = TxtCache(Mutex::new(HashMap::new()));
    let domain_key: DomainKey = mail_auth::common::parse::TxtRecordParser::parse(record.as_bytes())
        .expect("mail-auth parses the key");
    cache.insert(
        format!("{name}.").into(),
        mail_auth::Txt::DomainKey(std::sync::Arc::new(domain_key)),
        Instant::now(),
    );

    for size in [4 * 1024, 100 * 1024] {
        let msg = sized_message(size);
        let field = signer.sign_message(&msg).expect("sign");
        let mut signed = format!("{field}\r\n").into_bytes();
        signed.extend_from_slice(&msg);
        std::fs::write(out.join(format!("signed-{size}.eml")), &signed).expect("message file");
        let header_data = b"from:Shop <news@shop.example>\r\nto:user@example.net\r\nsubject:benchmark\r\ndate:Mon, 23 Nov 2026 10:00:00 +0900\r\nmessage-id:<b@shop.example>\r\ndkim-signature:v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example; s=bench; h=from:from:subject:date:to:message-id; bh=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=; b=";
        let sig = key.sign(header_data).expect("sign");

        // Sanity: every verifier agrees the message is valid.
        let ours = rt
            .block_on(verifier.verify_message(&signed))
            .expect("parse");
        assert_eq!(ours[0].result, DkimResult::Pass);
        let parsed_msg = AuthenticatedMessage::parse(&signed).expect("mail-auth parses");
        let theirs = rt.block_on(
            authenticator.verify_dkim(Parameters::new(&parsed_msg).with_txt_cache(&cache)),
        );
        assert_eq!(
            theirs[0].result(),
            &mail_auth::DkimResult::Pass,
            "mail-auth verifies the message"
        );

        let n = if size > 10_000 {
            iterations / 4
        } else {
            iterations
        }
        .max(10);
        report(
            "bound",
            "verify",
            signed.len(),
            time(n, || {
                std::hint::black_box(sha256(&signed));
                parsed.verify_sig(header_data, &sig).expect("verify");
            }),
        );
        report(
            "domainauth",
            "verify",
            signed.len(),
            time(n, || {
                let r = rt
                    .block_on(verifier.verify_message(&signed))
                    .expect("parse");
                std::hint::black_box(r);
            }),
        );
        report(
            "mail-auth",
            "verify",
            signed.len(),
            time(n, || {
                let m = AuthenticatedMessage::parse(&signed).expect("parse");
                let r = rt.block_on(
                    authenticator.verify_dkim(Parameters::new(&m).with_txt_cache(&cache)),
                );
                std::hint::black_box(r.len());
            }),
        );
        let sn = (n / 10).max(10);
        report(
            "bound",
            "sign",
            msg.len(),
            time(sn, || {
                std::hint::black_box(sha256(&msg));
                std::hint::black_box(key.sign(header_data).expect("sign"));
            }),
        );
        report(
            "domainauth",
            "sign",
            msg.len(),
            time(sn, || {
                std::hint::black_box(signer.sign_message(&msg).expect("sign"));
            }),
        );
        report(
            "mail-auth",
            "sign",
            msg.len(),
            time(sn, || {
                std::hint::black_box(their_signer.sign(&msg).expect("sign").to_header());
            }),
        );
    }
}
