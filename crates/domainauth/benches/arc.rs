//! ARC benchmark: validating a 3-hop chain (RFC 8617 §5.2) against 3 DKIM
//! verifications of the same message, in one run.
//!
//! Three hops, each with its own RSA-2048 key, seal a 4 KiB message in turn
//! ([`Sealer`], cv=none then pass); the same three keys also sign the
//! message as three DKIM-Signatures. Validating the chain verifies the 3
//! ARC-Seals and the newest ARC-Message-Signature, then the 2 older ones
//! for `oldest-pass`; without `oldest-pass`
//! ([`Verifier::with_oldest_pass`]) it stops after the seals. The DKIM side
//! verifies 3 signatures. Keys are answered from memory and cached, as in
//! `benches/dkim.rs`.
//!
//! After criterion's measurements, batches of the three are timed in
//! alternation and the ratios of the best batches printed (target ≤ 1.2).
//!
//! `cargo bench -p domainauth --bench arc`

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use domainauth::arc::{ChainStatus, Sealer, SealerConfig, Verifier};
use domainauth::dkim::{Algorithm, DkimResult, DkimVerifier, Signer, SignerConfig, SigningKey};
use domainauth::dns::ZoneResolver;
use domainauth_testkit::fixtures::{sized_message, txt};

const HOPS: [&str; 3] = ["origin.example", "list.example", "forwarder.example"];

struct Setup {
    sealed: Vec<u8>,
    signed: Vec<u8>,
    arc: Verifier<Arc<ZoneResolver>>,
    lean: Verifier<Arc<ZoneResolver>>,
    dkim: DkimVerifier<Arc<ZoneResolver>>,
    rt: tokio::runtime::Runtime,
}

fn setup() -> Setup {
    let message = sized_message(4 * 1024);
    let mut zone = ZoneResolver::new();
    let mut sealed = message.clone();
    let mut signatures = Vec::new();
    for (hop, domain) in HOPS.iter().enumerate() {
        let key = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
        let pem = key.to_pkcs8_pem().unwrap();
        zone.add(
            &format!("hop._domainkey.{domain}"),
            txt(&key.key_record().unwrap()),
        );
        let cv = if hop == 0 {
            ChainStatus::None
        } else {
            ChainStatus::Pass
        };
        let set = Sealer::new(key, SealerConfig::new(domain, "hop"))
            .seal_message(
                &sealed,
                cv,
                &format!("mx.{domain}"),
                "spf=pass smtp.mailfrom=shop.example",
            )
            .unwrap();
        sealed = [set.header_block().as_bytes(), &sealed].concat();
        let signer = Signer::new(
            SigningKey::from_pem(&pem).unwrap(),
            SignerConfig::new(domain, "hop"),
        );
        signatures.push(format!("{}\r\n", signer.sign_message(&message).unwrap()));
    }
    let signed = [signatures.concat().as_bytes(), &message].concat();
    let zone = Arc::new(zone);
    Setup {
        sealed,
        signed,
        arc: Verifier::new(Arc::clone(&zone)),
        lean: Verifier::new(Arc::clone(&zone)).with_oldest_pass(false),
        dkim: DkimVerifier::new(zone),
        rt: tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap(),
    }
}

fn validate(s: &Setup) {
    let chain =
        s.rt.block_on(s.arc.validate_message(black_box(&s.sealed)))
            .unwrap();
    assert_eq!(chain.status, ChainStatus::Pass);
    assert_eq!(chain.oldest_pass, Some(0));
}

fn validate_lean(s: &Setup) {
    let chain =
        s.rt.block_on(s.lean.validate_message(black_box(&s.sealed)))
            .unwrap();
    assert_eq!(chain.status, ChainStatus::Pass);
    assert_eq!(chain.oldest_pass, None);
}

fn verify(s: &Setup) {
    let results =
        s.rt.block_on(s.dkim.verify_message(black_box(&s.signed)))
            .unwrap();
    assert_eq!(results.len(), 3);
    assert!(results.iter().all(|r| r.result == DkimResult::Pass));
}

/// Best of `batches` batches of `n` calls, µs per call, the two timed in
/// alternation so that load on the machine falls on both alike.
fn ratio(s: &Setup, batches: usize, n: usize) -> (f64, f64, f64) {
    let batch = |f: fn(&Setup)| {
        let start = Instant::now();
        for _ in 0..n {
            f(s);
        }
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    };
    let (mut arc, mut lean, mut dkim) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    for _ in 0..batches {
        arc = arc.min(batch(validate));
        lean = lean.min(batch(validate_lean));
        dkim = dkim.min(batch(verify));
    }
    (arc, lean, dkim)
}

fn benches(c: &mut Criterion) {
    let s = setup();
    let mut group = c.benchmark_group("arc");
    group.bench_function("validate_3_hops", |b| b.iter(|| validate(&s)));
    group.bench_function("validate_3_hops_without_oldest_pass", |b| {
        b.iter(|| validate_lean(&s))
    });
    group.bench_function("dkim_3_signatures", |b| b.iter(|| verify(&s)));
    group.finish();
    let (arc, lean, dkim) = ratio(&s, 10, 200);
    println!(
        "arc: 3 DKIM verifications {dkim:.1} us; validation of 3 hops {arc:.1} us: {:.2}x, \
         without oldest-pass {lean:.1} us: {:.2}x (target <= 1.2x)",
        arc / dkim,
        lean / dkim
    );
}

criterion_group!(arc, benches);
criterion_main!(arc);
