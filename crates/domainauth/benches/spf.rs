//! SPF benchmarks: evaluation over the openspf rfc7208 cases with in-memory
//! zones, record parsing and macro expansion, and an include tree behind a
//! resolver that answers after a delay, asked ahead and not.
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

/// A zone whose every answer takes [`DELAY`], as a network resolver's does.
struct Delayed(domainauth::dns::ZoneResolver);

/// The delay of each answer: long enough that waiting dominates, short
/// enough for a quick bench.
const DELAY: std::time::Duration = std::time::Duration::from_millis(5);

macro_rules! delayed {
    ($self:ident, $query:expr, $variant:ident) => {{
        tokio::time::sleep(DELAY).await;
        match $self.0.known($query) {
            Some(domainauth::dns::Known::$variant(answer)) => answer,
            _ => unreachable!("a zone knows every answer"),
        }
    }};
}

#[async_trait::async_trait]
impl domainauth::dns::Resolver for Delayed {
    async fn txt(&self, name: &str) -> domainauth::dns::Answer<domainauth::dns::Txt> {
        delayed!(self, domainauth::dns::Query::Txt(name), Txt)
    }
    async fn a(&self, name: &str) -> domainauth::dns::Answer<std::net::Ipv4Addr> {
        delayed!(self, domainauth::dns::Query::A(name), A)
    }
    async fn aaaa(&self, name: &str) -> domainauth::dns::Answer<std::net::Ipv6Addr> {
        delayed!(self, domainauth::dns::Query::Aaaa(name), Aaaa)
    }
    async fn mx(&self, name: &str) -> domainauth::dns::Answer<domainauth::dns::Mx> {
        delayed!(self, domainauth::dns::Query::Mx(name), Mx)
    }
    async fn ptr(&self, ip: std::net::IpAddr) -> domainauth::dns::Answer<String> {
        delayed!(self, domainauth::dns::Query::Ptr(ip), Ptr)
    }
}

/// An include tree three levels deep with eight includes, evaluated for
/// an address in its last leaf, with each answer [`DELAY`] away: about 9
/// delays one after another, or 4 when asked ahead.
fn latency(c: &mut Criterion) {
    let zone = domainauth::dns::ZoneResolver::from_zone_text(
        "$ORIGIN .\n$TTL 300\n\
         root.example. TXT \"v=spf1 include:a1.example include:a2.example include:a3.example -all\"\n\
         a1.example. TXT \"v=spf1 include:b1.example include:b2.example -all\"\n\
         a2.example. TXT \"v=spf1 ip4:198.51.100.2 -all\"\n\
         a3.example. TXT \"v=spf1 include:b3.example -all\"\n\
         b1.example. TXT \"v=spf1 include:c1.example -all\"\n\
         b2.example. TXT \"v=spf1 ip4:198.51.100.3 -all\"\n\
         b3.example. TXT \"v=spf1 include:c2.example -all\"\n\
         c1.example. TXT \"v=spf1 ip4:198.51.100.4 -all\"\n\
         c2.example. TXT \"v=spf1 ip4:203.0.113.9 -all\"\n",
        None,
    )
    .expect("zone parses");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let envelope = Envelope {
        client_ip: "203.0.113.9".parse().unwrap(),
        helo: "mail.root.example".into(),
        mail_from: "news@root.example".into(),
    };
    let mut group = c.benchmark_group("spf_latency_5ms");
    group.sample_size(10);
    for prefetch in [0, domainauth::spf::DEFAULT_PREFETCH] {
        let verifier = Verifier::with_config(Delayed(zone.clone()), {
            let mut config = Config::default();
            config.prefetch = prefetch;
            config
        });
        group.bench_function(format!("include_tree_depth3_prefetch{prefetch}"), |b| {
            b.iter(|| rt.block_on(verifier.check_mail_from(black_box(&envelope))));
        });
    }
    group.finish();
}

criterion_group!(benches, suite_evaluation, parsing, latency);
criterion_main!(benches);
