//! SPF benchmarks: evaluation over the openspf rfc7208 cases with in-memory
//! zones, record parsing and macro expansion.
//!
//! `cargo bench -p domainauth --bench spf`. The comparison with pyspf is
//! `bench/spf_vs_pyspf.sh` (both measured in one run).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use domainauth::spf::{Config, Envelope, MacroContext, MacroKind, MacroString, Record, Verifier};
use domainauth_testkit::{openspf, testdata};

fn suite_evaluation(c: &mut Criterion) {
    let Some(path) = testdata::find("spf/rfc7208-tests.yml") else {
        return;
    };
    let scenarios = openspf::load(&path).expect("suite loads");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for trace in [false, true] {
        let prepared: Vec<_> = scenarios
            .iter()
            .map(|s| {
                let envs: Vec<Envelope> = s
                    .cases
                    .iter()
                    .map(|c| Envelope {
                        client_ip: c.host,
                        helo: c.helo.clone(),
                        mail_from: c.mail_from.clone(),
                    })
                    .collect();
                (
                    Verifier::with_config(s.zone.clone(), {
                        let mut config = Config::default();
                        config.trace = trace;
                        config
                    }),
                    envs,
                )
            })
            .collect();
        let cases: usize = prepared.iter().map(|(_, e)| e.len()).sum();
        let mut group = c.benchmark_group("spf");
        group.throughput(Throughput::Elements(cases as u64));
        let name = if trace {
            "openspf_rfc7208_all_cases_traced"
        } else {
            "openspf_rfc7208_all_cases"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    for (verifier, envs) in &prepared {
                        for env in envs {
                            black_box(verifier.check_mail_from(env).await);
                        }
                    }
                })
            })
        });
        group.finish();
    }
}

fn parsing(c: &mut Criterion) {
    let record = "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/25 ip6:2001:db8::/32 a mx:mail.example.com/26 \
                  include:_spf.example.net exists:%{ir}.%{v}._spf.%{d} redirect=_spf.example.com";
    c.bench_function("spf/record_parse", |b| {
        b.iter(|| Record::parse(black_box(record)))
    });
    let m = MacroString::parse("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", MacroKind::Domain).unwrap();
    let ctx = MacroContext::new(
        "2001:db8::cb01".parse().unwrap(),
        "strong-bad@email.example.com",
        "mx.example.org",
        "email.example.com",
    );
    c.bench_function("spf/macro_expand", |b| {
        b.iter(|| black_box(&m).expand(&ctx))
    });
}

criterion_group!(benches, suite_evaluation, parsing);
criterion_main!(benches);
