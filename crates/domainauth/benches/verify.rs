//! The whole verify of a 4 KiB signed message with warm DNS, beside its
//! parts measured alone on the same message: DKIM verification, the SPF
//! evaluation of MAIL FROM, and DMARC (From parsing, policy discovery,
//! alignment). The target is whole ≤ 1.3 × (sum of the parts).
//! A size sweep of forged Authentication-Results fields shows their cost
//! linear (`existing_results/*`).
//!
//! `bash bench/verify_vs_parts.sh` runs it and prints the ratio.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use domainauth::dkim::{DkimResult, DkimVerifier};
use domainauth::dmarc::{DkimAuth, DmarcResult, Evaluator, SpfAuth};
use domainauth::mail::{Message, author};
use domainauth::spf::{Identity, SpfResult, Verifier};
use domainauth::verify::{MessageVerifier, VerifyOptions};
use domainauth_testkit::fixtures::{SignedShopMessage, signed_shop_message};

fn benches(c: &mut Criterion) {
    let SignedShopMessage {
        zone,
        signed,
        envelope,
        ..
    } = signed_shop_message();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();

    let dkim = DkimVerifier::new(zone.clone());
    let spf = Verifier::new(zone.clone());
    let dmarc = Evaluator::new(zone.clone());
    let whole = MessageVerifier::new(zone.clone(), VerifyOptions::new("mx.example.net"));
    // Sanity: the message passes everything, so every part does its full work.
    let v = rt
        .block_on(whole.verify(&signed, Some(envelope.clone())))
        .unwrap();
    assert_eq!(v.dmarc.result, DmarcResult::Pass);
    assert_eq!(v.dkim[0].result, DkimResult::Pass);

    let mut group = c.benchmark_group("verify");
    group.bench_function("dkim", |b| {
        b.iter(|| {
            rt.block_on(dkim.verify_message(black_box(&signed)))
                .unwrap()
        })
    });
    group.bench_function("spf", |b| {
        b.iter(|| rt.block_on(spf.check_mail_from(black_box(&envelope))))
    });
    let spf_auth = SpfAuth {
        result: SpfResult::Pass,
        domain: "shop.example".into(),
        identity: Identity::MailFrom,
    };
    let dkim_auth = [DkimAuth {
        result: DkimResult::Pass,
        domain: "shop.example".into(),
        selector: "bench".into(),
    }];
    group.bench_function("dmarc", |b| {
        b.iter(|| {
            let m = Message::parse(black_box(&signed)).unwrap();
            rt.block_on(dmarc.evaluate(author(&m), Some(&spf_auth), &dkim_auth))
        })
    });
    group.bench_function("whole", |b| {
        b.iter(|| {
            rt.block_on(whole.verify(black_box(&signed), Some(envelope.clone())))
                .unwrap()
        })
    });
    group.finish();

    // Existing Authentication-Results fields, forged by the thousand: the
    // work is bounded by the caps (32 fields read, 16 org-domain lookups)
    // and deduplication is a hash set, so time grows only with parsing the
    // message itself — linear in the number of fields.
    let mut group = c.benchmark_group("existing_results");
    for fields in [100usize, 1_000, 10_000] {
        let mut forged = Vec::new();
        for f in 0..fields {
            forged.extend_from_slice(
                format!(
                    "Authentication-Results: mx{f}.example.net; dkim=pass header.d=d{f}.forged.example\r\n"
                )
                .as_bytes(),
            );
        }
        forged.extend_from_slice(&signed);
        group.bench_function(format!("{fields}"), |b| {
            b.iter(|| {
                rt.block_on(whole.verify(black_box(&forged), Some(envelope.clone())))
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(verify, benches);
criterion_main!(verify);
