//! Size sweeps for the trace-field readers: the Received parser on the
//! constructs that cost the most (nested comments, address literals, many
//! words), and the envelope inference on headers with thousands of forged
//! Received-SPF, Authentication-Results and Received fields. Time per byte
//! should stay flat as the size grows (linear work).
//!
//! `cargo bench -p domainauth --bench trace`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use domainauth::mail::Message;
use domainauth::mail::received::{MAX_RECEIVED_LEN, Received};
use domainauth::verify::infer_envelope;

fn received(c: &mut Criterion) {
    let mut group = c.benchmark_group("received");
    for size in [1024, 4096, MAX_RECEIVED_LEN - 64] {
        let nested = format!(
            "from a {}{} by mx.example.net; d",
            "(".repeat(size / 2 - 20),
            ")".repeat(size / 2 - 20)
        );
        let literals = format!(
            "from x ({}) by mx.example.net; d",
            "[192.0.2.1] ".repeat((size - 40) / 12)
        );
        let words = format!("from {} by mx.example.net; d", "w ".repeat((size - 30) / 2));
        for (name, text) in [("nested", nested), ("literals", literals), ("words", words)] {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, text.len()), &text, |b, t| {
                b.iter(|| Received::parse(black_box(t)))
            });
        }
    }
    group.finish();
}

fn infer(c: &mut Criterion) {
    let mut group = c.benchmark_group("infer_envelope");
    let trusted = vec!["mx.example.net".to_string()];
    for forged in [100usize, 1000, 10_000] {
        let mut raw = String::from(
            "Return-Path: <a@shop.example>\r\nReceived: from out.shop.example (out.shop.example [192.0.2.1]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        );
        for i in 0..forged {
            match i % 3 {
                0 => raw.push_str("Received-SPF: pass receiver=mx.example.net; client-ip=203.0.113.5; envelope-from=ceo@good.example\r\n"),
                1 => raw.push_str("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=ceo@good.example\r\n"),
                _ => raw.push_str("Received: from [203.0.113.5] (x [203.0.113.5]) by mx.example.net; Mon, 2 Mar 2026 09:00:00 +0000\r\n"),
            }
        }
        raw.push_str("From: ceo@good.example\r\n\r\nbody\r\n");
        group.throughput(Throughput::Bytes(raw.len() as u64));
        let message = Message::parse(raw.as_bytes()).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(forged), &message, |b, m| {
            b.iter(|| infer_envelope(black_box(m), &trusted))
        });
    }
    group.finish();
}

criterion_group!(benches, received, infer);
criterion_main!(benches);
