//! SPF evaluation asks ahead (see the `domainauth::spf` docs): the records of
//! `include`/`redirect` targets and the names of `a`/`mx` terms are fetched
//! before evaluation reaches them. These tests hold it to its two promises:
//! it changes nothing evaluation reports (result, explanation, trace, the
//! RFC 7208 §4.6.4 counts, a DNS budget's count), and under latency a check
//! costs about the depth of the include tree in round trips.
//!
//! Latency is modelled without a clock: [`Rounds`] holds every question
//! until the test releases all those waiting at once, one "round trip";
//! the number of releases a check needs is its number of sequential rounds.

use std::future::{Future, poll_fn};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::pin::pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};

use async_trait::async_trait;
use domainauth::dns::{
    Answer, Budget, DnsError, Fault, Known, Metered, Mx, Query, RecordType, Resolver, Txt,
    ZoneResolver, reverse_name,
};
use domainauth::spf::{Config, Envelope, Evaluation, SpfResult, Verifier};
use proptest::prelude::*;

/// A zone whose every answer waits for the next round.
struct Rounds {
    zone: ZoneResolver,
    generation: AtomicU64,
    waiting: Mutex<Vec<Waker>>,
    asked: Mutex<Vec<(RecordType, String)>>,
}

impl Rounds {
    fn new(zone: ZoneResolver) -> Self {
        Self {
            zone,
            generation: AtomicU64::new(0),
            waiting: Mutex::new(Vec::new()),
            asked: Mutex::new(Vec::new()),
        }
    }

    fn asked(&self) -> Vec<(RecordType, String)> {
        self.asked.lock().unwrap().clone()
    }

    /// Answers every question waiting now; false if none was.
    fn release(&self) -> bool {
        let wakers = std::mem::take(&mut *self.waiting.lock().unwrap());
        self.generation.fetch_add(1, Ordering::SeqCst);
        let any = !wakers.is_empty();
        wakers.into_iter().for_each(Waker::wake);
        any
    }

    async fn answer(&self, rtype: RecordType, name: &str, query: Query<'_>) -> Known {
        self.asked
            .lock()
            .unwrap()
            .push((rtype, name.to_ascii_lowercase()));
        let asked_at = self.generation.load(Ordering::SeqCst);
        poll_fn(|cx| {
            if self.generation.load(Ordering::SeqCst) > asked_at {
                Poll::Ready(())
            } else {
                self.waiting.lock().unwrap().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        self.zone.known(query).expect("a zone knows every answer")
    }
}

macro_rules! pick {
    ($known:expr, $variant:ident) => {
        match $known {
            Known::$variant(answer) => answer,
            _ => unreachable!("the zone answers the type asked"),
        }
    };
}

#[async_trait]
impl Resolver for Rounds {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        pick!(
            self.answer(RecordType::Txt, name, Query::Txt(name)).await,
            Txt
        )
    }
    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        pick!(self.answer(RecordType::A, name, Query::A(name)).await, A)
    }
    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        pick!(
            self.answer(RecordType::Aaaa, name, Query::Aaaa(name)).await,
            Aaaa
        )
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        pick!(self.answer(RecordType::Mx, name, Query::Mx(name)).await, Mx)
    }
    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        let name = reverse_name(ip);
        pick!(
            self.answer(RecordType::Ptr, &name, Query::Ptr(ip)).await,
            Ptr
        )
    }
}

/// Runs `check` to the end, releasing the waiting questions whenever it
/// cannot go on; returns its output and the number of rounds it took.
fn run<F: Future>(dns: &Rounds, check: F) -> (F::Output, u32) {
    let mut check = pin!(check);
    let mut cx = Context::from_waker(Waker::noop());
    let mut rounds = 0;
    loop {
        if let Poll::Ready(out) = check.as_mut().poll(&mut cx) {
            return (out, rounds);
        }
        assert!(dns.release(), "the check waits for nothing");
        rounds += 1;
        assert!(rounds < 10_000, "the check does not end");
    }
}

fn zone(records: &str) -> ZoneResolver {
    ZoneResolver::from_zone_text(&format!("$ORIGIN .\n$TTL 300\n{records}"), None).unwrap()
}

fn config(prefetch: usize) -> Config {
    let mut config = Config::default();
    config.prefetch = prefetch;
    config.trace = true;
    config.explain = true;
    config
}

fn envelope(ip: &str, mail_from: &str) -> Envelope {
    Envelope {
        client_ip: ip.parse().unwrap(),
        helo: "mail.sender.example".into(),
        mail_from: mail_from.into(),
    }
}

/// Everything an evaluation reports, as JSON (its serialised form).
fn report(eval: &Evaluation) -> String {
    serde_json::to_string(eval).unwrap()
}

/// A tree of 8 includes three levels deep; the client's address is only
/// in the last leaf, so evaluation enters every record.
const TREE: &str = "\
root.example. IN TXT \"v=spf1 include:a1.example include:a2.example include:a3.example -all\"
a1.example. IN TXT \"v=spf1 include:b1.example include:b2.example ip4:198.51.100.1 -all\"
a2.example. IN TXT \"v=spf1 ip4:198.51.100.2 -all\"
a3.example. IN TXT \"v=spf1 include:b3.example -all\"
b1.example. IN TXT \"v=spf1 include:c1.example ~all\"
b2.example. IN TXT \"v=spf1 ip4:198.51.100.3 ?all\"
b3.example. IN TXT \"v=spf1 include:c2.example -all\"
c1.example. IN TXT \"v=spf1 ip4:198.51.100.4 -all\"
c2.example. IN TXT \"v=spf1 ip4:203.0.113.9 -all\"
";

#[test]
fn an_include_tree_costs_its_depth_in_round_trips_not_its_size() {
    let client = envelope("203.0.113.9", "news@root.example");
    let mut results = Vec::new();
    for prefetch in [0, 8] {
        let dns = Rounds::new(zone(TREE));
        let verifier = Verifier::with_config(&dns, config(prefetch));
        let (eval, rounds) = run(&dns, verifier.check_mail_from(&client));
        results.push((eval, rounds, dns.asked()));
    }
    let (off, on) = (&results[0], &results[1]);
    // c2 is reached through a3 and b3: pass by root's third include.
    assert_eq!(on.0.result, SpfResult::Pass);
    assert_eq!(on.0.matched.as_ref().unwrap().term, "include:a3.example");
    // RFC 7208 §4.6.4: the 8 includes are the DNS-querying terms counted.
    assert_eq!((off.0.dns_terms, on.0.dns_terms), (8, 8));
    assert_eq!(report(&off.0), report(&on.0));
    // One TXT question per record, with or without asking ahead.
    assert_eq!(off.2.len(), 9, "{:?}", off.2);
    assert_eq!(on.2.len(), 9, "{:?}", on.2);
    // Sequentially, one round per record: the root and each include.
    assert_eq!(off.1, 9);
    // Ahead: the root, then each level of the tree at once.
    assert_eq!(on.1, 4);
}

#[test]
fn a_and_mx_targets_and_exchanges_are_fetched_ahead() {
    let records = "\
root.example. IN TXT \"v=spf1 a:web.example mx:root.example include:a1.example -all\"
web.example. IN A 192.0.2.80
root.example. IN MX 10 mx1.root.example.
root.example. IN MX 20 mx2.root.example.
mx1.root.example. IN A 192.0.2.25
mx2.root.example. IN A 192.0.2.26
a1.example. IN TXT \"v=spf1 a mx ip4:203.0.113.9 -all\"
a1.example. IN A 192.0.2.1
a1.example. IN MX 10 mx.a1.example.
mx.a1.example. IN A 192.0.2.2
";
    let client = envelope("203.0.113.9", "news@root.example");
    let mut runs = Vec::new();
    for prefetch in [0, 8] {
        let dns = Rounds::new(zone(records));
        let verifier = Verifier::with_config(&dns, config(prefetch));
        let (eval, rounds) = run(&dns, verifier.check_mail_from(&client));
        runs.push((eval, rounds, dns.asked().len()));
    }
    assert_eq!(runs[1].0.result, SpfResult::Pass);
    assert_eq!(runs[1].0.dns_terms, 5);
    assert_eq!(report(&runs[0].0), report(&runs[1].0));
    // Sequentially: root TXT, web A, root MX, mx1 A, mx2 A, a1 TXT, a1 A,
    // a1 MX, mx.a1 A: nine questions, nine rounds.
    assert_eq!((runs[0].1, runs[0].2), (9, 9));
    // Ahead: root TXT; web A, root MX and a1 TXT; the exchanges' A and
    // a1's A and MX; mx.a1's A. The same nine questions.
    assert_eq!((runs[1].1, runs[1].2), (4, 9));
}

#[test]
fn an_answer_fetched_ahead_and_not_used_is_neither_seen_nor_counted() {
    // The client matches `a:web.example`; the include after it times out,
    // and the include named with %{p} is not asked ahead (it would need a
    // PTR lookup).
    let mut z = zone(
        "root.example. IN TXT \"v=spf1 a:web.example include:slow.example include:%{p}.example -all\"\n\
         web.example. IN A 192.0.2.1\n",
    );
    z.set_fault("slow.example", Fault::Timeout);
    let client = envelope("192.0.2.1", "news@root.example");
    for prefetch in [0, 8] {
        let dns = Rounds::new(z.clone());
        let metered = Metered::new(&dns, &Budget::default());
        let verifier = Verifier::with_config(&metered, config(prefetch));
        let (eval, _) = run(&dns, verifier.check_mail_from(&client));
        assert_eq!(eval.result, SpfResult::Pass, "prefetch {prefetch}");
        assert!(eval.problem.is_none());
        assert_eq!(eval.dns_terms, 1);
        // Only the root record and web's address count against the budget.
        assert_eq!(metered.usage().queries, 2, "prefetch {prefetch}");
        let asked = dns.asked();
        let slow = (RecordType::Txt, "slow.example".to_string());
        // Asked ahead (and timed out) only when asking ahead.
        assert_eq!(asked.contains(&slow), prefetch > 0, "{asked:?}");
        assert_eq!(asked.len(), if prefetch > 0 { 3 } else { 2 }, "{asked:?}");
        assert!(!asked.iter().any(|(t, _)| *t == RecordType::Ptr));
    }
}

#[test]
fn a_budget_spent_by_evaluation_refuses_what_was_fetched_ahead() {
    // A budget of two questions: the root record and a1's. Evaluation's
    // third question (a2's record) is refused with or without asking
    // ahead, though a2's record was fetched ahead.
    let client = envelope("203.0.113.9", "news@root.example");
    let budget = Budget {
        max_queries: 2,
        ..Budget::default()
    };
    let mut reports = Vec::new();
    for prefetch in [0, 8] {
        let dns = Rounds::new(zone(TREE));
        let metered = Metered::new(&dns, &budget);
        let verifier = Verifier::with_config(&metered, config(prefetch));
        let (eval, _) = run(&dns, verifier.check_mail_from(&client));
        assert_eq!(eval.result, SpfResult::TempError, "prefetch {prefetch}");
        assert!(
            matches!(
                eval.problem,
                Some(domainauth::spf::Problem::Dns {
                    error: DnsError::OverBudget { .. }
                })
            ),
            "{:?}",
            eval.problem
        );
        assert_eq!(metered.usage().queries, 2);
        reports.push(report(&eval));
    }
    assert_eq!(reports[0], reports[1]);
}

/// A random zone of up to six domains `d0.example`…`d5.example`, each with
/// a random SPF record, addresses, MX records and faults: loops, voids,
/// limits, macros, timeouts and `exp=` all occur.
fn random_zone() -> impl Strategy<Value = String> {
    let target = (0usize..7).prop_map(|i| format!("d{i}.example"));
    let term = prop_oneof![
        target.clone().prop_map(|t| format!("include:{t}")),
        target.clone().prop_map(|t| format!("a:{t}")),
        target.clone().prop_map(|t| format!("mx:{t}")),
        Just("a".to_string()),
        Just("mx/24".to_string()),
        Just("include:%{d1r}.example".to_string()),
        Just("a:%{i}.%{d}".to_string()),
        Just("include:%{p}.example".to_string()),
        Just("exists:%{l}.d1.example".to_string()),
        Just("ptr".to_string()),
        Just("ip4:192.0.2.0/24".to_string()),
        Just("-ip4:198.51.100.7".to_string()),
        Just("~all".to_string()),
    ];
    let record = (
        prop::collection::vec(term, 0..6),
        prop::option::of(target.clone()),
        any::<bool>(),
    )
        .prop_map(|(terms, redirect, exp)| {
            let mut r = format!("v=spf1 {}", terms.join(" "));
            if let Some(t) = redirect {
                r.push_str(&format!(" redirect={t}"));
            }
            if exp {
                r.push_str(" exp=explain.example");
            }
            r
        });
    let domain = (
        prop::option::of(record),
        prop::collection::vec(0u8..4, 0..3),
        prop::collection::vec(0usize..7, 0..3),
        0u8..8,
    );
    prop::collection::vec(domain, 1..7).prop_map(|domains| {
        let mut zone = String::from(
            "explain.example. IN TXT \"%{i} is not allowed for %{d}\"\n\
             7.100.51.198.in-addr.arpa. IN PTR d2.example.\n",
        );
        for (i, (record, hosts, exchanges, fault)) in domains.iter().enumerate() {
            let name = format!("d{i}.example.");
            if let Some(r) = record {
                zone.push_str(&format!("{name} IN TXT \"{r}\"\n"));
            }
            for h in hosts {
                zone.push_str(&format!("{name} IN A 198.51.100.{h}\n"));
            }
            for (p, x) in exchanges.iter().enumerate() {
                zone.push_str(&format!("{name} IN MX {p} d{x}.example.\n"));
            }
            // Faults are marked here and set on the resolver after parsing.
            if *fault == 0 {
                zone.push_str(&format!("; timeout {name}\n"));
            } else if *fault == 1 {
                zone.push_str(&format!("; servfail {name}\n"));
            }
        }
        zone
    })
}

fn faulty_zone(text: &str) -> ZoneResolver {
    let mut z = zone(text);
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("; timeout ") {
            z.set_fault(name.trim_end_matches('.'), Fault::Timeout);
        } else if let Some(name) = line.strip_prefix("; servfail ") {
            z.set_fault(name.trim_end_matches('.'), Fault::ServFail);
        }
    }
    z
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// For any record tree, asking ahead changes nothing evaluation
    /// reports: result, matched term, problem, explanation, trace, and the
    /// counted DNS terms and void lookups; nor what a DNS budget counts.
    #[test]
    fn asking_ahead_changes_no_result_and_no_count(
        text in random_zone(),
        ip in prop::sample::select(vec!["192.0.2.9", "198.51.100.7", "198.51.100.2", "2001:db8::1"]),
        max_queries in prop::option::of(1u32..12),
        void_lookups in 1u32..3,
    ) {
        let client = envelope(ip, "bob@d0.example");
        let mut reports = Vec::new();
        for prefetch in [0, 1, 8] {
            let dns = Rounds::new(faulty_zone(&text));
            let budget = Budget {
                max_queries: max_queries.unwrap_or(Budget::DEFAULT_MAX_QUERIES),
                ..Budget::default()
            };
            let metered = Metered::new(&dns, &budget);
            let mut config = config(prefetch);
            config.limits.void_lookups = void_lookups;
            let verifier = Verifier::with_config(&metered, config);
            let (eval, _) = run(&dns, async {
                (verifier.check_mail_from(&client).await, verifier.check_helo(&client).await)
            });
            reports.push((report(&eval.0), report(&eval.1), metered.usage().queries));
        }
        prop_assert_eq!(&reports[0], &reports[1]);
        prop_assert_eq!(&reports[0], &reports[2]);
    }
}

/// The openspf suites' zones, evaluated with every answer a round trip
/// away and asking ahead, report exactly what the zones evaluated at once
/// report (which tests/openspf.rs holds to the suites' expected results).
#[test]
fn the_openspf_suites_report_the_same_when_asking_ahead() {
    use domainauth_testkit::{openspf, testdata};
    for file in ["rfc7208-tests.yml", "rfc4408-tests.yml"] {
        let Some(path) = testdata::find(&format!("spf/{file}")) else {
            continue;
        };
        let mut cases = 0;
        for scenario in openspf::load(&path).expect("suite loads") {
            let at_once = Verifier::with_config(scenario.zone.clone(), config(8));
            let dns = Rounds::new(scenario.zone);
            let ahead = Verifier::with_config(&dns, config(8));
            for case in scenario.cases {
                let envelope = case.envelope();
                let (want, _) = run(&dns, at_once.check_mail_from(&envelope));
                let (got, _) = run(&dns, ahead.check_mail_from(&envelope));
                assert_eq!(report(&want), report(&got), "{file}: {}", case.name);
                cases += 1;
            }
        }
        assert!(cases > 50, "{file}: {cases} cases");
    }
}

/// The record tree `check` reads asks ahead too: the same tree, in about
/// its depth in round trips.
#[test]
fn the_tree_walk_costs_its_depth_in_round_trips() {
    let at_once = zone(TREE);
    let want = futures_lite(domainauth::spf::analyze(&at_once, "root.example"));
    let dns = Rounds::new(zone(TREE));
    let (got, rounds) = run(&dns, domainauth::spf::analyze(&dns, "root.example"));
    assert_eq!(
        serde_json::to_string(&want).unwrap(),
        serde_json::to_string(&got).unwrap()
    );
    assert_eq!(got.total_lookups, 8);
    assert_eq!(dns.asked().len(), 9, "{:?}", dns.asked());
    assert_eq!(rounds, 4);
}

/// A future that never waits (a zone answers at once), run to its end.
fn futures_lite<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("a zone answers at once"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// For any record tree, the walk that asks ahead reads the same tree,
    /// counts and findings as the walk through a zone that answers at once.
    #[test]
    fn the_tree_walk_asking_ahead_reads_the_same_tree(text in random_zone()) {
        let want = futures_lite(domainauth::spf::analyze(&faulty_zone(&text), "d0.example"));
        let dns = Rounds::new(faulty_zone(&text));
        let (got, _) = run(&dns, domainauth::spf::analyze(&dns, "d0.example"));
        prop_assert_eq!(
            serde_json::to_string(&want).unwrap(),
            serde_json::to_string(&got).unwrap()
        );
    }
}
