//! Size sweeps over hostile shapes, to show that the parsers are linear:
//! at 1k, 10k and 100k elements the time per element (criterion's
//! throughput, in elements per second) stays the same; a quadratic parser
//! would lose a factor of 10 per step.
//!
//! - `tag_list/uncapped`: a tag list with N distinct tags
//!   (`parse_tag_list_with_limit` without a cap: the duplicate check).
//!   `tag_list/capped` is the same input through `parse_tag_list`, which
//!   stops at `MAX_TAGS`: its time must not grow with N at all.
//! - `signed_header_data`: N header fields indexed by name, then a signature
//!   whose `h=` lists N entries (each name twice, so half select the null
//!   string) — the shape that took 40 s when each entry rescanned the header.
//! - `message_parse`: `Message::parse_with_limit` on a header of N fields
//!   with one malformed line every 100 (ignored and counted).
//!
//! Run: `cargo bench -p domainauth --bench hostile` (or a group:
//! `cargo bench -p domainauth --bench hostile -- signed_header_data`) and
//! compare the `thrpt` lines of one group across its three sizes.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use domainauth::dkim::{Canon, HeaderIndex, parse_tag_list, parse_tag_list_with_limit};
use domainauth::mail::Message;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn tag_list(c: &mut Criterion) {
    let mut group = c.benchmark_group("tag_list");
    for n in SIZES {
        let text: String = (0..n).map(|i| format!("t{i}=v; ")).collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("uncapped", n), &text, |b, t| {
            b.iter(|| parse_tag_list_with_limit(black_box(t), usize::MAX).map(|v| v.len()))
        });
        group.bench_with_input(BenchmarkId::new("capped", n), &text, |b, t| {
            b.iter(|| parse_tag_list(black_box(t)).is_err())
        });
    }
    group.finish();
}

fn signed_header_data(c: &mut Criterion) {
    let mut group = c.benchmark_group("signed_header_data");
    for n in SIZES {
        let names: Vec<String> = (0..n).map(|i| format!("X-F{i}")).collect();
        let fields: Vec<(&str, &[u8])> = names.iter().map(|s| (s.as_str(), &b" v"[..])).collect();
        let h: Vec<String> = names
            .iter()
            .take(n / 2)
            .flat_map(|s| [s.to_ascii_lowercase(), s.to_ascii_lowercase()])
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &(fields, h), |b, (f, h)| {
            b.iter(|| {
                let index = HeaderIndex::new(black_box(f).iter().copied());
                index
                    .signed_header_data(Canon::Relaxed, black_box(h), "DKIM-Signature", b" b=")
                    .len()
            })
        });
    }
    group.finish();
}

fn message_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("message_parse");
    for n in SIZES {
        let mut raw = Vec::new();
        for i in 0..n {
            if i % 100 == 99 {
                raw.extend_from_slice(b"junk\r\n");
            } else {
                raw.extend_from_slice(b"X:1\r\n");
            }
        }
        raw.extend_from_slice(b"\r\nbody\r\n");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &raw, |b, raw| {
            b.iter(|| {
                Message::parse_with_limit(black_box(raw), usize::MAX)
                    .map(|m| m.ignored_lines())
                    .ok()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, tag_list, signed_header_data, message_parse);
criterion_main!(benches);
