//! The whole verify of a 4 KiB signed message with warm DNS, beside its
//! parts measured alone on the same message: DKIM verification, the SPF
//! evaluation of MAIL FROM, and DMARC (From parsing, policy discovery,
//! alignment). The target is whole ≤ 1.3 × (sum of the parts).
//!
//! `bash bench/verify_vs_parts.sh` runs it and prints the ratio.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use domainauth::dkim::{Algorithm, DkimResult, DkimVerifier, Signer, SignerConfig, SigningKey};
use domainauth::dmarc::{DkimAuth, DmarcResult, Evaluator, SpfAuth};
use domainauth::dns::ZoneResolver;
use domainauth::mail::{Message, author};
use domainauth::spf::{Envelope, Identity, SpfResult, Verifier};
use domainauth::verify::{MessageVerifier, VerifyOptions};
use domainauth_testkit::fixtures::sized_message;

fn benches(c: &mut Criterion) {
    let key = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
    let record = key.key_record().unwrap();
    let mut zone = ZoneResolver::from_zone_text(
        concat!(
            "$ORIGIN shop.example.\n",
            "@ 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
            "@ 300 IN MX 10 mx.shop.example.\n",
            "mx 300 IN A 192.0.2.25\n",
            "_dmarc 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@shop.example\"\n",
        ),
        None,
    )
    .unwrap();
    zone.add(
        "bench._domainkey.shop.example",
        domainauth::dns::ZoneEntry::Txt(domainauth::dns::Txt {
            strings: record.as_bytes().chunks(255).map(<[u8]>::to_vec).collect(),
        }),
    );
    let zone = Arc::new(zone);
    let signer = Signer::new(key, SignerConfig::new("shop.example", "bench"));
    let msg = sized_message(4 * 1024);
    let field = signer.sign_message(&msg).unwrap();
    let mut signed = format!("{field}\r\n").into_bytes();
    signed.extend_from_slice(&msg);
    let envelope = Envelope {
        client_ip: "192.0.2.25".parse().unwrap(),
        helo: "mx.shop.example".into(),
        mail_from: "bounce@shop.example".into(),
    };
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
}

criterion_group!(verify, benches);
criterion_main!(verify);
