//! One 4 KiB DKIM-signed message through the milter over TCP on 127.0.0.1,
//! driven by a milter client as Postfix drives it (protocol version 6),
//! with the zone answered from memory: option negotiation, connect, HELO,
//! MAIL FROM, the header fields, the body and the answer at its end, in
//! which the milter verifies SPF, DKIM and DMARC and adds its
//! Authentication-Results field.
//!
//! `cargo bench -p domainauth-milter --bench milter`; the milter against
//! Postfix alone and OpenDKIM + OpenDMARC is `bench/milter_vs_opendkim.sh`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use domainauth::mail::Message;
use domainauth_milter::Milter;
use domainauth_milter::config::Config;
use domainauth_testkit::fixtures::signed_shop_message;
use miltr_client::Client;
use miltr_common::actions::Action;
use miltr_common::commands::{Connect, Family, Header};
use miltr_common::modifications::{ModificationAction, ModificationResponse};
use miltr_common::optneg::{Capability, OptNeg, Protocol};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::compat::TokioAsyncReadCompatExt as _;

/// What Postfix offers: version 6, every action, every protocol option
/// (the milter picks: the leading space, no answers to header fields…).
fn postfix_options() -> OptNeg {
    OptNeg {
        capabilities: Capability::all(),
        protocol: Protocol::all(),
        ..OptNeg::default()
    }
}

/// One message, as Postfix passes it (field values after the colon,
/// continuation lines ending in LF).
async fn send(port: u16, fields: &[(String, Vec<u8>)], body: &[u8]) -> ModificationResponse {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    tcp.set_nodelay(true).unwrap();
    let client = Client::new(postfix_options());
    let mut c = client.connect_via(tcp.compat()).await.unwrap();
    c.connect(Connect::new(
        b"mx.shop.example",
        Family::Inet,
        Some(25),
        b"192.0.2.25",
    ))
    .await
    .unwrap();
    c.helo(&b"mx.shop.example"[..]).await.unwrap();
    c.mail(&b"<bounce@shop.example>"[..]).await.unwrap();
    for (name, value) in fields {
        c.header(Header::new(name.as_bytes(), value)).await.unwrap();
    }
    c.end_of_header().await.unwrap();
    for chunk in body.chunks(65535) {
        c.body(chunk).await.unwrap();
    }
    let r = c.end_of_body().await.unwrap();
    let _ = c.quit().await;
    r
}

fn benches(c: &mut Criterion) {
    let shop = signed_shop_message();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let config =
        Config::parse("listen = \"inet:127.0.0.1:0\"\nauthserv_id = \"mx.example.net\"\n").unwrap();
    let milter = Milter::with_resolver(config, shop.zone.clone()).unwrap();
    let port = rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { milter.serve_tcp(listener).await });
        port
    });
    let message = Message::parse(&shop.signed).unwrap();
    let fields: Vec<(String, Vec<u8>)> = message
        .fields()
        .map(|f| {
            let value: Vec<u8> = f.value.iter().copied().filter(|&b| b != b'\r').collect();
            let value = value.strip_suffix(b"\n").unwrap_or(&value).to_vec();
            (f.name.to_string(), value)
        })
        .collect();
    let body = message.body().to_vec();

    // Sanity: the message passes, so the milter does the whole work.
    let r = rt.block_on(send(port, &fields, &body));
    assert!(matches!(r.final_action(), Action::Continue(_)));
    let results: Vec<String> = r
        .modifications()
        .iter()
        .filter_map(|m| match m {
            ModificationAction::InsertHeader(h) => Some(h.value().into_owned()),
            _ => None,
        })
        .collect();
    assert!(
        results
            .iter()
            .any(|v| v.contains("dkim=pass") && v.contains("spf=pass") && v.contains("dmarc=pass")),
        "{results:?}"
    );

    c.bench_function("milter/signed_4k_over_tcp", |b| {
        b.iter(|| rt.block_on(send(port, black_box(&fields), black_box(&body))))
    });
}

criterion_group!(milter, benches);
criterion_main!(milter);
