//! Aggregate report parsing speed, on reports from the corpus generator
//! (domainauth_testkit::corpus): one report of each main receiver shape
//! (Google, Microsoft, RFC 9990) at 3, 40, 1,000 and 5,000 records, and
//! the 200 reports of a mixed corpus (every receiver and quirk), as bytes
//! per second of XML.
//!
//! `cargo bench -p domainauth-reports --bench reports`; the whole ingest
//! against parsedmarc is `bench/reports_vs_parsedmarc.sh`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use domainauth_reports::Limits;
use domainauth_reports::aggregate;
use domainauth_testkit::corpus::{Content, Corpus, Format, Options, Receiver, aggregate_report};

fn single_reports(c: &mut Criterion) {
    let limits = Limits::default();
    let mut group = c.benchmark_group("aggregate/parse");
    for (shape, receiver) in [
        ("google", Receiver::Google),
        ("microsoft", Receiver::EnterpriseOutlook),
        ("rfc9990", Receiver::Rfc9990),
    ] {
        for records in [3usize, 40, 1000, 5000] {
            let (truth, xml) = aggregate_report(7, receiver, records);
            // Sanity: the parser reads what the generator wrote, so the
            // benchmark measures a full parse.
            let report = aggregate::parse(&xml, &limits).expect("generated report parses");
            assert_eq!(report.records.len(), truth.records.len());
            assert_eq!(report.message_count(), truth.message_count());
            group.throughput(Throughput::Bytes(xml.len() as u64));
            group.sample_size(if records >= 1000 { 20 } else { 100 });
            group.bench_with_input(BenchmarkId::new(shape, records), &xml, |b, xml| {
                b.iter(|| aggregate::parse(black_box(xml), &limits))
            });
        }
    }
    group.finish();
}

fn mixed_corpus(c: &mut Criterion) {
    let limits = Limits::default();
    let mut options = Options::new(11, 200);
    options.format = Format::Xml;
    let files: Vec<(Vec<u8>, usize)> = Corpus::new(options)
        .filter_map(|f| match f.contents.first() {
            Some(Content::Aggregate(a)) => Some((f.bytes, a.records.len())),
            _ => None,
        })
        .collect();
    for (xml, records) in &files {
        let report = aggregate::parse(xml, &limits).expect("generated report parses");
        assert_eq!(report.records.len(), *records);
    }
    let bytes: u64 = files.iter().map(|(x, _)| x.len() as u64).sum();
    let mut group = c.benchmark_group("aggregate/corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("mixed_200", |b| {
        b.iter(|| {
            for (xml, _) in &files {
                let _ = black_box(aggregate::parse(black_box(xml), &limits));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, single_reports, mixed_corpus);
criterion_main!(benches);
