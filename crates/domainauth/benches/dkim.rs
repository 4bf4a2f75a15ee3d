//! DKIM benchmarks: verify and sign at 4 KiB and 100 KiB with the key
//! cached, beside the crypto bound (one RSA-2048 operation plus SHA-256 over
//! the message bytes, same crypto library).
//!
//! `cargo bench -p domainauth --bench dkim`; peers: `bench/dkim_vs_peers.sh`.

use std::hint::black_box;

use aws_lc_rs::signature::{self, ParsedPublicKey};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use domainauth::dkim::{
    Algorithm, DkimVerifier, KeyRecord, Signer, SignerConfig, SigningKey, sha256,
};
use domainauth_testkit::fixtures::{sized_message, zone_with_txt};

fn benches(c: &mut Criterion) {
    let key = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
    let record = key.key_record().unwrap();
    let zone = zone_with_txt("bench._domainkey.shop.example", &record);
    let signer = Signer::new(
        SigningKey::from_pem(&key.to_pkcs8_pem().unwrap()).unwrap(),
        SignerConfig::new("shop.example", "bench"),
    );
    let verifier = DkimVerifier::new(zone);
    let public = KeyRecord::parse(&record).unwrap().public_key;
    let parsed = ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &public).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("dkim");
    for size in [4 * 1024, 100 * 1024] {
        let msg = sized_message(size);
        let field = signer.sign_message(&msg).unwrap();
        let mut signed = format!("{field}\r\n").into_bytes();
        signed.extend_from_slice(&msg);
        let sig = key
            .sign(b"header data of a usual size, about three hundred bytes")
            .unwrap();
        group.throughput(Throughput::Bytes(signed.len() as u64));
        group.bench_with_input(BenchmarkId::new("verify_bound", size), &signed, |b, m| {
            b.iter(|| {
                black_box(sha256(black_box(m)));
                parsed
                    .verify_sig(
                        b"header data of a usual size, about three hundred bytes",
                        &sig,
                    )
                    .unwrap();
            })
        });
        group.bench_with_input(BenchmarkId::new("verify", size), &signed, |b, m| {
            b.iter(|| rt.block_on(verifier.verify_message(black_box(m))).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("sign_bound", size), &msg, |b, m| {
            b.iter(|| {
                black_box(sha256(black_box(m)));
                key.sign(b"header data of a usual size, about three hundred bytes")
                    .unwrap();
            })
        });
        group.bench_with_input(BenchmarkId::new("sign", size), &msg, |b, m| {
            b.iter(|| signer.sign_message(black_box(m)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(dkim, benches);
criterion_main!(dkim);
