//! DNS work per message is bounded (a query limit and a deadline, one
//! budget for SPF, DKIM, DMARC and the explanation of existing results), an
//! exceeded budget is temperror with a finding, and nothing above the
//! resolver keeps DNS data from one message to the next: a changed record
//! and a recovered server are seen by the next message.

use std::sync::Arc;
use std::time::Duration;

use domainauth::diag::{Code, Lang};
use domainauth::dmarc::{DmarcResult, Evaluator, Policy};
use domainauth::dns::{
    Answer, Budget, BudgetLimit, DnsError, Fault, Mx, Resolver, Txt, ZoneResolver,
};
use domainauth::mail::{MAX_AUTHOR_DOMAINS, Message, author};
use domainauth::spf::{Config as SpfConfig, Envelope, Problem, SpfResult, Verifier};
use domainauth::verify::{
    MAX_EXISTING_FIELDS, MAX_EXISTING_ORG_LOOKUPS, MessageVerifier, Verdict, VerifyOptions,
};
use domainauth_testkit::dns::{CountingResolver, ManualClock, MutableResolver};

/// The set-up of the issue: good.example publishes p=reject and SPF for
/// 198.51.100.0/24, evil.example p=none and SPF for 203.0.113.0/24.
const BASE: &str = r#"
$ORIGIN good.example.
@        300 IN TXT "v=spf1 ip4:198.51.100.0/24 -all"
@        300 IN A   198.51.100.1
_dmarc   300 IN TXT "v=DMARC1; p=reject"
$ORIGIN evil.example.
@        300 IN TXT "v=spf1 ip4:203.0.113.0/24 -all"
@        300 IN A   203.0.113.1
_dmarc   300 IN TXT "v=DMARC1; p=none"
"#;

fn zone(extra: &str) -> ZoneResolver {
    ZoneResolver::from_zone_text(&format!("{BASE}{extra}"), None).expect("zone parses")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn envelope(ip: &str, mail_from: &str) -> Envelope {
    Envelope {
        client_ip: ip.parse().unwrap(),
        helo: "mx.evil.example".into(),
        mail_from: mail_from.into(),
    }
}

/// Verifier options with `budget` as the per-message DNS budget.
fn options_with(budget: Budget) -> VerifyOptions {
    let mut options = VerifyOptions::new("mx.example.net");
    options.dns_budget = budget;
    options
}

fn verify<R: Resolver + Clone>(
    verifier: &MessageVerifier<R>,
    message: &[u8],
    env: Envelope,
) -> Verdict {
    rt().block_on(verifier.verify(message, Some(env)))
        .expect("message parses")
}

fn has(verdict: &Verdict, code: Code) -> bool {
    verdict
        .message_notes
        .iter()
        .chain(verdict.existing.findings.iter())
        .any(|f| f.code == code)
}

#[test]
fn dns_work_is_bounded_per_message() {
    // 550 forged Authentication-Results fields carrying 22,000
    // `dkim=pass header.d=…`, every d= a different domain: once 110,005
    // queries, now the existing-results caps and the budget.
    let dns = CountingResolver::new(zone(""));
    let verifier = MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net"));
    let mut msg = String::new();
    for f in 0..550 {
        msg.push_str(&format!("Authentication-Results: mx{f}.example.net;"));
        for r in 0..40 {
            msg.push_str(&format!(" dkim=pass header.d=d{f}x{r}.forged.example;"));
        }
        msg.push_str(" dmarc=pass header.from=good.example\r\n");
    }
    msg.push_str("From: ceo@good.example\r\nSubject: hi\r\n\r\nbody\r\n");
    let v = verify(
        &verifier,
        msg.as_bytes(),
        envelope("203.0.113.5", "a@evil.example"),
    );
    // SPF (1), the DMARC walks of good.example and evil.example (2 + 2),
    // the `np` check is not needed (p applies), and each organizational
    // domain looked up for the forged identifiers is a walk of 3 names of
    // which "example" is shared: at most 2 new questions each.
    let bound = 1 + 4 + 2 * MAX_EXISTING_ORG_LOOKUPS;
    assert!(
        dns.count() <= bound,
        "{} queries, bound {bound}",
        dns.count()
    );
    assert_eq!(v.dns.queries as usize, dns.count(), "every query metered");
    assert!(v.dns.exceeded.is_none());
    assert_eq!(v.existing.fields.len(), MAX_EXISTING_FIELDS);
    let capped = v
        .existing
        .findings
        .iter()
        .find(|f| f.code == Code::AuthresCapped)
        .expect("the caps are reported");
    assert_eq!(
        capped.params["fields"],
        (550 - MAX_EXISTING_FIELDS).to_string()
    );
    assert!(capped.params["identifiers"].parse::<usize>().unwrap() > 0);
    // Each finding is said once, so their number is bounded too.
    assert!(v.existing.findings.len() <= MAX_EXISTING_FIELDS * (MAX_EXISTING_ORG_LOOKUPS + 3));
    assert_eq!(v.dmarc.result, DmarcResult::Fail, "our own verdict stands");

    // 25,000 distinct From domains (the reproducer made 125,783 queries):
    // only the first MAX_AUTHOR_DOMAINS are looked up, the rest is a
    // finding, and the message gets the local policy for an author that
    // cannot be determined.
    let dns = CountingResolver::new(zone(""));
    let verifier = MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net"));
    let from: Vec<String> = (0..25_000).map(|n| format!("a@d{n}.example")).collect();
    let msg = format!("From: {}\r\nSubject: hi\r\n\r\nbody\r\n", from.join(", "));
    let v = verify(
        &verifier,
        msg.as_bytes(),
        envelope("203.0.113.5", "a@evil.example"),
    );
    // SPF of evil.example (1 TXT), then per looked-up author domain a
    // walk of at most two names plus the A/AAAA/MX existence checks.
    let bound = 1 + MAX_AUTHOR_DOMAINS * (2 + 3) + 5;
    assert!(
        dns.count() <= bound,
        "{} queries, bound {bound}",
        dns.count()
    );
    assert_eq!(v.dns.queries as usize, dns.count(), "every query metered");
    assert_eq!(v.dmarc.result, DmarcResult::PermError);
    assert_eq!(v.dmarc.disposition, Policy::Reject);
    assert!(
        v.findings()
            .iter()
            .any(|f| f.code == Code::DmarcFromTooManyDomains),
        "the cap is named"
    );
}

/// An SPF record whose ten `mx` terms each name ten hosts.
fn wide_spf_zone() -> ZoneResolver {
    let mut extra = String::from("$ORIGIN wide.example.\n");
    let terms: Vec<String> = (0..10).map(|m| format!("mx:m{m}.wide.example")).collect();
    extra.push_str(&format!(
        "@ 300 IN TXT \"v=spf1 {} -all\"\n_dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n",
        terms.join(" ")
    ));
    for m in 0..10 {
        for h in 0..10 {
            extra.push_str(&format!(
                "m{m} 300 IN MX 10 h{h}.m{m}.wide.example.\nh{h}.m{m} 300 IN A 192.0.2.{h}\n"
            ));
        }
    }
    zone(&extra)
}

#[test]
fn budget_exceeded_is_temperror_with_finding() {
    let dns = CountingResolver::new(wide_spf_zone());
    let options = options_with(Budget {
        max_queries: 12,
        clock: Arc::new(ManualClock::new()),
        ..Budget::default()
    });
    let verifier = MessageVerifier::new(&dns, options);
    let msg = b"From: news@wide.example\r\nSubject: hi\r\n\r\nbody\r\n";
    let v = verify(&verifier, msg, envelope("203.0.113.5", "news@wide.example"));
    // The record (1), the first MX (1) and its ten hosts (10): then refused.
    assert_eq!(dns.count(), 12);
    let spf = v.spf.as_ref().unwrap();
    assert_eq!(spf.result, SpfResult::TempError);
    assert!(matches!(
        &spf.problem,
        Some(Problem::Dns {
            error: DnsError::OverBudget {
                limit: BudgetLimit::Queries { max: 12 },
                ..
            }
        })
    ));
    // DMARC could not look up the policy either: temperror, not none.
    assert_eq!(v.dmarc.result, DmarcResult::TempError);
    assert!(v.authentication_results.contains("spf=temperror"));
    assert!(v.authentication_results.contains("dmarc=temperror"));
    let finding = v
        .message_notes
        .iter()
        .find(|f| f.code == Code::VerifyDnsQueryLimit)
        .expect("budget finding");
    assert_eq!(finding.params["queries"], "12");
    assert_eq!(finding.params["limit"], "12");
    assert_eq!(
        finding.params["elapsed"], "0",
        "the given clock did not move"
    );
    let en = finding.message(Lang::En);
    assert!(
        en.contains("limit of 12 queries") && en.contains("temperror"),
        "{en}"
    );
    let ja = finding.message(Lang::Ja);
    assert!(ja.contains("12 件") && ja.contains("temperror"), "{ja}");

    // The same message within the default budget: SPF fails (the client
    // is in none of the hosts) and DMARC applies p=reject.
    let dns = CountingResolver::new(wide_spf_zone());
    let verifier = MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net"));
    let v = verify(&verifier, msg, envelope("203.0.113.5", "news@wide.example"));
    assert_eq!(v.spf.as_ref().unwrap().result, SpfResult::Fail);
    assert_eq!(v.dmarc.disposition, Policy::Reject);
    assert!(v.dns.exceeded.is_none());
    assert!(!has(&v, Code::VerifyDnsQueryLimit));
}

/// A resolver whose every answer takes `step` on a clock the test owns.
struct Slow {
    zone: ZoneResolver,
    clock: Arc<ManualClock>,
    step: Duration,
}

#[async_trait::async_trait]
impl Resolver for Slow {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.clock.advance(self.step);
        self.zone.txt(name).await
    }
    async fn a(&self, name: &str) -> Answer<std::net::Ipv4Addr> {
        self.clock.advance(self.step);
        self.zone.a(name).await
    }
    async fn aaaa(&self, name: &str) -> Answer<std::net::Ipv6Addr> {
        self.clock.advance(self.step);
        self.zone.aaaa(name).await
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.clock.advance(self.step);
        self.zone.mx(name).await
    }
    async fn ptr(&self, ip: std::net::IpAddr) -> Answer<String> {
        self.clock.advance(self.step);
        self.zone.ptr(ip).await
    }
}

#[test]
fn deadline_uses_given_clock() {
    let clock = Arc::new(ManualClock::new());
    let slow = Arc::new(Slow {
        zone: zone(concat!(
            "$ORIGIN slow.example.\n",
            "@ 300 IN TXT \"v=spf1 include:a.slow.example include:b.slow.example include:c.slow.example -all\"\n",
            "a 300 IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n",
            "b 300 IN TXT \"v=spf1 ip4:192.0.2.2 -all\"\n",
            "c 300 IN TXT \"v=spf1 ip4:203.0.113.0/24 -all\"\n",
        )),
        clock: clock.clone(),
        step: Duration::from_secs(4),
    });
    let mut options = options_with(Budget {
        deadline: Duration::from_secs(10),
        clock: clock.clone(),
        ..Budget::default()
    });
    // The clock moves by each question in turn, which models answers that
    // arrive one after another: SPF asks nothing ahead here, as questions
    // sent together would take one step, not one each.
    options.spf.prefetch = 0;
    let verifier = MessageVerifier::new(slow, options);
    let msg = b"From: a@slow.example\r\n\r\nbody\r\n";
    let v = verify(&verifier, msg, envelope("203.0.113.5", "a@slow.example"));
    // Questions at 0, 4 and 8 s were sent; at 12 s the 10 s deadline had
    // passed, so include:c — the one that would pass — was not looked up.
    let spf = v.spf.as_ref().unwrap();
    assert_eq!(spf.result, SpfResult::TempError);
    assert!(matches!(
        &spf.problem,
        Some(Problem::Dns {
            error: DnsError::OverBudget {
                limit: BudgetLimit::Deadline { after_ms: 10_000 },
                ..
            }
        })
    ));
    let exceeded = v.dns.exceeded.expect("deadline reported");
    assert_eq!((exceeded.queries, exceeded.elapsed_ms), (3, 12_000));
    let finding = v
        .message_notes
        .iter()
        .find(|f| f.code == Code::VerifyDnsDeadline)
        .expect("deadline finding");
    assert_eq!(finding.params["elapsed"], "12000");
    assert_eq!(finding.params["limit"], "10000");
    assert_eq!(finding.params["queries"], "3");

    // The next message gets a fresh deadline from the same clock.
    clock.advance(Duration::from_secs(3600));
    let fast = Arc::new(Slow {
        zone: zone(""),
        clock: clock.clone(),
        step: Duration::from_secs(1),
    });
    let options = options_with(Budget {
        deadline: Duration::from_secs(10),
        clock: clock.clone(),
        ..Budget::default()
    });
    let v = verify(
        &MessageVerifier::new(fast, options),
        b"From: a@good.example\r\n\r\nbody\r\n",
        envelope("198.51.100.7", "a@good.example"),
    );
    assert!(v.dns.exceeded.is_none());
    assert_eq!(v.dmarc.result, DmarcResult::Pass);
}

#[test]
fn dmarc_record_change_seen_by_next_message() {
    let news = "$ORIGIN news.example.\n@ 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n";
    let dns = MutableResolver::new(zone(news));
    let verifier = MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net"));
    let msg = b"From: a@news.example\r\n\r\nbody\r\n";
    let env = || envelope("203.0.113.5", "a@news.example");
    let first = verify(&verifier, msg, env());
    assert_eq!(first.dmarc.result, DmarcResult::None);
    assert_eq!(first.dmarc.disposition, Policy::None);

    // The owner publishes p=reject: the next message sees it (the
    // resolver's own cache is what would delay it, for the record's TTL).
    dns.publish(zone(&format!(
        "{news}_dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n"
    )));
    let second = verify(&verifier, msg, env());
    assert_eq!(second.dmarc.result, DmarcResult::Fail);
    assert_eq!(second.dmarc.disposition, Policy::Reject);

    // A long-lived DMARC evaluator on its own behaves the same.
    let dns = MutableResolver::new(zone(news));
    let evaluator = Evaluator::new(&dns);
    let parsed = Message::parse(msg).unwrap();
    let rt = rt();
    let before = rt.block_on(evaluator.evaluate(author(&parsed), None, &[]));
    assert_eq!(before.disposition, Policy::None);
    dns.publish(zone(&format!(
        "{news}_dmarc 300 IN TXT \"v=DMARC1; p=quarantine\"\n"
    )));
    let after = rt.block_on(evaluator.evaluate(author(&parsed), None, &[]));
    assert_eq!(after.disposition, Policy::Quarantine);
}

#[test]
fn transient_error_not_cached() {
    let mut broken = zone("");
    broken.set_fault("_dmarc.good.example", Fault::Timeout);
    broken.set_fault("good.example", Fault::ServFail);
    let dns = MutableResolver::new(broken);
    let verifier = MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net"));
    let msg = b"From: ceo@good.example\r\n\r\nbody\r\n";
    let env = || envelope("203.0.113.5", "ceo@good.example");
    let during = verify(&verifier, msg, env());
    assert_eq!(during.spf.as_ref().unwrap().result, SpfResult::TempError);
    assert_eq!(during.dmarc.result, DmarcResult::TempError);

    // DNS recovers: the very next message is evaluated normally.
    dns.publish(zone(""));
    let after = verify(&verifier, msg, env());
    assert_eq!(after.spf.as_ref().unwrap().result, SpfResult::Fail);
    assert_eq!(after.dmarc.result, DmarcResult::Fail);
    assert_eq!(after.dmarc.disposition, Policy::Reject);
}

/// `exp=%{p}…` on fail: the explanation needs the PTR names of the client
/// and a forward lookup of each (RFC 7208 §7.3, §5.5) before its own TXT.
const EXP_ZONE: &str = r#"
$ORIGIN exp.example.
@        300 IN TXT "v=spf1 a -all exp=%{p}.why.exp.example"
@        300 IN A   192.0.2.1
h0.exp.example.why 300 IN TXT "%{i} is not one of our servers"
$ORIGIN 9.2.0.192.in-addr.arpa.
@        300 IN PTR h0.exp.example.
@        300 IN PTR h1.exp.example.
@        300 IN PTR h2.exp.example.
@        300 IN PTR h3.exp.example.
@        300 IN PTR h4.exp.example.
@        300 IN PTR h5.exp.example.
@        300 IN PTR h6.exp.example.
@        300 IN PTR h7.exp.example.
@        300 IN PTR h8.exp.example.
@        300 IN PTR h9.exp.example.
$ORIGIN exp.example.
h0       300 IN A   192.0.2.9
h1       300 IN A   192.0.2.9
h2       300 IN A   192.0.2.9
h3       300 IN A   192.0.2.9
h4       300 IN A   192.0.2.9
h5       300 IN A   192.0.2.9
h6       300 IN A   192.0.2.9
h7       300 IN A   192.0.2.9
h8       300 IN A   192.0.2.9
h9       300 IN A   192.0.2.9
"#;

#[test]
fn exp_not_fetched_unless_asked() {
    let dns = CountingResolver::new(ZoneResolver::from_zone_text(EXP_ZONE, None).unwrap());
    let env = envelope("192.0.2.9", "a@exp.example");
    let rt = rt();

    // The library default (a receiver): the record and the `a` term only.
    let eval = rt.block_on(Verifier::new(&dns).check_mail_from(&env));
    assert_eq!(eval.result, SpfResult::Fail);
    assert_eq!(eval.explanation, None);
    assert_eq!(dns.count(), 2, "{:?}", dns.asked());

    // Asked for: PTR, ten forward lookups, then the explanation's TXT.
    dns.reset();
    let verifier = Verifier::with_config(&dns, {
        let mut o = SpfConfig::default();
        o.explain = true;
        o
    });
    let eval = rt.block_on(verifier.check_mail_from(&env));
    assert_eq!(
        eval.explanation.as_deref(),
        Some("192.0.2.9 is not one of our servers")
    );
    assert_eq!(dns.count(), 2 + 1 + 10 + 1, "{:?}", dns.asked());

    // A message verdict does not show it, so it does not fetch it.
    dns.reset();
    let verifier = MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net"));
    let v = verify(&verifier, b"From: a@exp.example\r\n\r\nbody\r\n", env);
    assert_eq!(v.spf.as_ref().unwrap().result, SpfResult::Fail);
    assert!(
        !dns.asked()
            .iter()
            .any(|(_, name)| name.ends_with("in-addr.arpa") || name.contains(".why.")),
        "{:?}",
        dns.asked()
    );
}

mod generated {
    //! Random zones (SPF records with every DNS-querying mechanism and
    //! macros, MX and PTR fan-out, DMARC records along deep names) and
    //! random messages (several From domains, DKIM signatures, existing
    //! Authentication-Results): the queries sent never exceed the budget,
    //! the budget counts every one of them, and within the legitimate
    //! bounds the default budget is never reached.

    use super::*;
    use domainauth::dns::{ZoneEntry, reverse_name};
    use proptest::prelude::*;

    const DOMAINS: &[&str] = &[
        "d0.example",
        "d1.example",
        "mail.d1.example",
        "d2.example",
        "a.b.c.d.d2.example",
        "d3.example",
        "x.d3.example",
        "d4.example",
    ];

    fn domain() -> impl Strategy<Value = String> {
        prop::sample::select(DOMAINS).prop_map(str::to_string)
    }

    /// Terms, weighted towards those that fan out (MX hosts, includes).
    fn term() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => domain().prop_map(|d| format!("include:{d}")),
            1 => domain().prop_map(|d| format!("a:{d}")),
            1 => Just("a".to_string()),
            6 => domain().prop_map(|d| format!("mx:{d}")),
            1 => Just("mx".to_string()),
            1 => domain().prop_map(|d| format!("ptr:{d}")),
            1 => domain().prop_map(|d| format!("exists:%{{i}}.{d}")),
            1 => domain().prop_map(|d| format!("exists:%{{p}}.{d}")),
            1 => (0u8..=255).prop_map(|n| format!("ip4:198.51.100.{n}")),
            1 => Just("?all".to_string()),
        ]
    }

    #[derive(Debug, Clone)]
    struct Publish {
        spf: Option<(Vec<String>, Option<String>)>,
        dmarc: Option<String>,
        mx: usize,
        a: bool,
    }

    fn publish() -> impl Strategy<Value = Publish> {
        (
            prop::option::weighted(
                0.9,
                (
                    prop::collection::vec(term(), 0..12),
                    prop::option::of(domain()),
                ),
            ),
            prop::option::of(prop::sample::select(
                &[
                    "v=DMARC1; p=reject",
                    "v=DMARC1; p=none; sp=quarantine; np=reject",
                    "v=DMARC1; p=quarantine; psd=y",
                    "v=DMARC1; p=reject; psd=n",
                    "v=DMARC1; p=bogus",
                ][..],
            )),
            0usize..12,
            prop::bool::weighted(0.8),
        )
            .prop_map(|(spf, dmarc, mx, a)| Publish {
                spf,
                dmarc: dmarc.map(str::to_string),
                mx,
                a,
            })
    }

    fn txt(text: &str) -> ZoneEntry {
        ZoneEntry::Txt(Txt {
            strings: vec![text.as_bytes().to_vec()],
        })
    }

    fn build(records: &[Publish], ptr_names: usize) -> ZoneResolver {
        let mut z = ZoneResolver::new();
        for (name, p) in DOMAINS.iter().zip(records) {
            if let Some((terms, redirect)) = &p.spf {
                let mut text = format!("v=spf1 {}", terms.join(" "));
                if let Some(r) = redirect {
                    text.push_str(&format!(" redirect={r}"));
                }
                z.add(name, txt(&text));
            }
            if let Some(d) = &p.dmarc {
                z.add(&format!("_dmarc.{name}"), txt(d));
            }
            for m in 0..p.mx {
                let host = format!("mx{m}.{name}");
                z.add(
                    name,
                    ZoneEntry::Mx(Mx {
                        preference: 10,
                        exchange: host.clone(),
                    }),
                );
                z.add(&host, ZoneEntry::A(format!("192.0.2.{m}").parse().unwrap()));
            }
            if p.a {
                z.add(name, ZoneEntry::A("192.0.2.200".parse().unwrap()));
            }
        }
        let ip: std::net::IpAddr = "192.0.2.9".parse().unwrap();
        for n in 0..ptr_names {
            let host = format!("ptr{n}.{}", DOMAINS[n % DOMAINS.len()]);
            z.add(&reverse_name(ip), ZoneEntry::Ptr(host.clone()));
            z.add(&host, ZoneEntry::A("192.0.2.9".parse().unwrap()));
        }
        z
    }

    fn message(from: &[String], dkim: &[String], authres: &[Vec<String>]) -> String {
        let mut m = String::new();
        for (n, results) in authres.iter().enumerate() {
            let items: Vec<String> = results
                .iter()
                .map(|d| format!("dkim=pass header.d={d}"))
                .collect();
            m.push_str(&format!(
                "Authentication-Results: mx{n}.example.net; {}\r\n",
                if items.is_empty() {
                    "none".to_string()
                } else {
                    items.join("; ")
                }
            ));
        }
        for (n, d) in dkim.iter().enumerate() {
            m.push_str(&format!(
                "DKIM-Signature: v=1; a=rsa-sha256; d={d}; s=s{n}; h=from; bh=AAAA; b=AAAA\r\n"
            ));
        }
        let addresses: Vec<String> = from.iter().map(|d| format!("a@{d}")).collect();
        m.push_str(&format!("From: {}\r\n\r\nbody\r\n", addresses.join(", ")));
        m
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn queries_never_exceed_the_budget(
            records in prop::collection::vec(publish(), DOMAINS.len()),
            ptr_names in 0usize..13,
            from in prop::collection::vec(domain(), 1..4),
            dkim in prop::collection::vec(domain(), 0..6),
            authres in prop::collection::vec(prop::collection::vec(domain(), 0..4), 0..40),
            mail_from in domain(),
            max_queries in 1u32..60,
        ) {
            let msg = message(&from, &dkim, &authres);
            let env = Envelope {
                client_ip: "192.0.2.9".parse().unwrap(),
                helo: "mx.example.net".into(),
                mail_from: format!("bounce@{mail_from}"),
            };

            // A small random budget: never more questions than it allows,
            // and every question is one the budget counted.
            let dns = CountingResolver::new(build(&records, ptr_names));
            let options = options_with(Budget { max_queries, ..Budget::default() });
            let v = verify(&MessageVerifier::new(&dns, options), msg.as_bytes(), env.clone());
            prop_assert!(dns.count() <= max_queries as usize);
            prop_assert_eq!(dns.count(), v.dns.queries as usize);
            prop_assert_eq!(v.dns.exceeded.is_some(), v.dns.refused > 0);
            prop_assert_eq!(
                v.dns.exceeded.is_some(),
                v.message_notes.iter().any(|f| f.code == Code::VerifyDnsQueryLimit)
            );

            // The default budget: within the legitimate bounds documented
            // on `Budget` (at most 5 signatures, 3 author domains) it is
            // never reached, and the count stays within that computation.
            let dns = CountingResolver::new(build(&records, ptr_names));
            let v = verify(
                &MessageVerifier::new(&dns, VerifyOptions::new("mx.example.net")),
                msg.as_bytes(),
                env,
            );
            let authors = v.dmarc.domains.len();
            let bound = 123 + 5 + 30 + 10 * authors + 5 * MAX_EXISTING_ORG_LOOKUPS;
            prop_assert!(v.dns.exceeded.is_none());
            prop_assert!(dns.count() <= bound, "{} queries, bound {}", dns.count(), bound);
        }
    }
}

/// A resolver whose names under `suffix` answer `Timeout` `step` after they
/// were asked, by the given clock; every answer first yields, as a network
/// answer would, so that concurrent lookups interleave and wait together.
struct SlowUnder {
    zone: ZoneResolver,
    clock: Arc<ManualClock>,
    suffix: &'static str,
    step: Duration,
}

impl SlowUnder {
    async fn answer<T>(
        &self,
        name: &str,
        rtype: domainauth::dns::RecordType,
        fast: impl std::future::Future<Output = Answer<T>>,
    ) -> Answer<T> {
        use domainauth::dns::Clock as _;
        let asked = self.clock.now();
        tokio::task::yield_now().await;
        if name.ends_with(self.suffix) {
            // Lookups in flight together wait together: the clock stands at
            // least `step` after this one was asked.
            let waited = self.clock.now().saturating_duration_since(asked);
            self.clock.advance(self.step.saturating_sub(waited));
            return Err(DnsError::Timeout {
                name: name.to_string(),
                rtype,
            });
        }
        fast.await
    }
}

#[async_trait::async_trait]
impl Resolver for SlowUnder {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        use domainauth::dns::RecordType::Txt as T;
        self.answer(name, T, self.zone.txt(name)).await
    }
    async fn a(&self, name: &str) -> Answer<std::net::Ipv4Addr> {
        use domainauth::dns::RecordType::A as T;
        self.answer(name, T, self.zone.a(name)).await
    }
    async fn aaaa(&self, name: &str) -> Answer<std::net::Ipv6Addr> {
        use domainauth::dns::RecordType::Aaaa as T;
        self.answer(name, T, self.zone.aaaa(name)).await
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        use domainauth::dns::RecordType::Mx as T;
        self.answer(name, T, self.zone.mx(name)).await
    }
    async fn ptr(&self, ip: std::net::IpAddr) -> Answer<String> {
        self.zone.ptr(ip).await
    }
}

/// The sender's own slow DNS — SPF terms or co-author domains that never
/// answer — cannot use up the message's deadline before good.example's
/// policy is known: its p=reject still decides.
#[test]
fn slow_sender_dns_cannot_starve_the_authors_policy() {
    let slow_spf = concat!(
        "$ORIGIN evil.example.\n",
        "slowspf 300 IN TXT \"v=spf1 a:s1.slow.evil.example a:s2.slow.evil.example ",
        "a:s3.slow.evil.example a:s4.slow.evil.example a:s5.slow.evil.example ",
        "a:s6.slow.evil.example a:s7.slow.evil.example a:s8.slow.evil.example ",
        "a:s9.slow.evil.example ip4:203.0.113.0/24 -all\"\n",
    );
    let cases: [(&str, &str); 2] = [
        // (b) the SPF record's terms each take 4 s and time out.
        ("From: ceo@good.example\r\n", "a@slowspf.evil.example"),
        // (a) nine co-author domains that never answer, good.example last.
        (
            "From: a@x1.slow.evil.example, a@x2.slow.evil.example, a@x3.slow.evil.example, \
             a@x4.slow.evil.example, a@x5.slow.evil.example, a@x6.slow.evil.example, \
             a@x7.slow.evil.example, a@x8.slow.evil.example, a@x9.slow.evil.example, \
             ceo@good.example\r\n",
            "a@evil.example",
        ),
    ];
    for (from, mail_from) in cases {
        let clock = Arc::new(ManualClock::new());
        let resolver = Arc::new(SlowUnder {
            zone: zone(slow_spf),
            clock: clock.clone(),
            suffix: ".slow.evil.example",
            step: Duration::from_secs(4),
        });
        let options = options_with(Budget {
            clock: clock.clone(),
            ..Budget::default()
        });
        let verifier = MessageVerifier::new(resolver, options);
        let msg = format!("{from}Subject: invoice\r\n\r\nbody\r\n");
        let v = verify(
            &verifier,
            msg.as_bytes(),
            envelope("203.0.113.5", mail_from),
        );
        let good = v
            .dmarc
            .domains
            .iter()
            .find(|d| d.from_domain == "good.example")
            .expect("good.example evaluated");
        assert_eq!(
            good.result,
            DmarcResult::Fail,
            "{from}: {:?}",
            good.dns_error
        );
        assert_eq!(v.dmarc.disposition, Policy::Reject, "{from}");
        assert!(
            v.authentication_results.contains("dis=REJECT"),
            "{from}: {}",
            v.authentication_results
        );
    }
}
