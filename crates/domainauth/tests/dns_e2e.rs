//! End to end: `HickoryResolver` against a real authoritative server on
//! 127.0.0.1 (hickory-server), with faults injected per name, and SPF
//! evaluated over the network giving the same answers as offline.

use std::sync::Arc;
use std::time::Duration;

use domainauth::dns::{
    DnsError, HickoryConfig, HickoryResolver, Resolver, UnreachableCause, ZoneResolver,
};
use domainauth::spf::{Envelope, Problem, SpfResult, Verifier};
use domainauth_testkit::server::{ServerFault, SilentServer, TestDnsServer};

const ZONE: &str = r#"
$ORIGIN example.org.
$TTL 300
@        IN SOA ns hostmaster 1 7200 3600 1209600 300
@        IN TXT "v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.org -all"
@        IN MX 10 mail
_spf     IN TXT "v=spf1 ip6:2001:db8::/32 a:mail.example.org ~all"
mail     IN A 192.0.2.25
mail     IN AAAA 2001:db8::25
alias    IN CNAME mail
slow     IN TXT "v=spf1 +all"
broken   IN TXT "v=spf1 -all"
silent   IN TXT "v=spf1 -all"
big      IN TXT "v=spf1 ip4:198.51.100.1 ip4:198.51.100.2 ip4:198.51.100.3 ip4:198.51.100.4 ip4:198.51.100.5 ip4:198.51.100.6 ip4:198.51.100.7 ip4:198.51.100.8 ip4:198.51.100.9 ip4:198.51.100.10 " "ip4:198.51.100.11 ip4:198.51.100.12 ip4:198.51.100.13 ip4:198.51.100.14 ip4:198.51.100.15 ip4:198.51.100.16 -all"
inc-broken IN TXT "v=spf1 include:broken.example.org -all"
$ORIGIN 2.0.192.in-addr.arpa.
25       IN PTR mail.example.org.
"#;

fn zone() -> ZoneResolver {
    ZoneResolver::from_zone_text(ZONE, None).expect("zone parses")
}

fn resolver(server: &TestDnsServer, timeout_ms: u64) -> HickoryResolver {
    HickoryResolver::new(&{
        let mut o = HickoryConfig::default();
        o.server = Some(server.addr());
        o.timeout = Duration::from_millis(timeout_ms);
        o.attempts = 1;
        o.cache_size = 1024;
        o
    })
    .expect("resolver builds")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn every_record_type_and_negative_answer_over_the_wire() {
    let server = TestDnsServer::start(&zone()).unwrap();
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver(&server, 2000);
        let txt = dns.txt("example.org").await.unwrap();
        assert_eq!(txt[0].strings.len(), 2, "both character-strings arrive");
        assert_eq!(
            txt[0].to_text(),
            "v=spf1 ip4:192.0.2.0/24 include:_spf.example.org -all"
        );
        assert_eq!(
            dns.a("mail.example.org").await.unwrap(),
            vec!["192.0.2.25".parse::<std::net::Ipv4Addr>().unwrap()].into()
        );
        assert_eq!(dns.aaaa("mail.example.org").await.unwrap().len(), 1);
        assert_eq!(
            dns.a("alias.example.org").await.unwrap().len(),
            1,
            "CNAME followed"
        );
        assert_eq!(
            dns.mx("example.org").await.unwrap()[0].exchange,
            "mail.example.org"
        );
        assert_eq!(
            dns.ptr("192.0.2.25".parse().unwrap()).await.unwrap(),
            vec!["mail.example.org".to_string()].into()
        );
        assert!(matches!(
            dns.a("nope.example.org").await,
            Err(DnsError::NxDomain { .. })
        ));
        assert!(matches!(
            dns.txt("mail.example.org").await,
            Err(DnsError::NoData { .. })
        ));
        // The same answers as the offline resolver gives.
        let offline = zone();
        for name in ["example.org", "_spf.example.org", "big.example.org"] {
            assert_eq!(
                dns.txt(name).await.unwrap(),
                offline.txt(name).await.unwrap(),
                "{name}"
            );
        }
    });
}

#[test]
fn faults_map_to_the_right_errors() {
    let server = TestDnsServer::start(&zone()).unwrap();
    server.set_fault("broken.example.org", ServerFault::ServFail);
    server.set_fault("silent.example.org", ServerFault::NoAnswer);
    server.set_fault(
        "slow.example.org",
        ServerFault::Delay(Duration::from_millis(150)),
    );
    server.set_fault("big.example.org", ServerFault::Truncate);
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver(&server, 600);
        assert!(matches!(
            dns.txt("broken.example.org").await,
            Err(DnsError::ServFail { .. })
        ));
        assert!(matches!(
            dns.txt("silent.example.org").await,
            Err(DnsError::Timeout { .. })
        ));
        // A delay below the timeout is only slower.
        assert_eq!(
            dns.txt("slow.example.org").await.unwrap()[0].to_text(),
            "v=spf1 +all"
        );
        // A truncated UDP answer is retried over TCP and arrives whole.
        let big = dns.txt("big.example.org").await.unwrap();
        assert!(big[0].to_text().ends_with("ip4:198.51.100.16 -all"));
    });
}

#[test]
fn answers_are_cached_within_their_ttl() {
    let server = TestDnsServer::start(&zone()).unwrap();
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver(&server, 2000);
        dns.txt("example.org").await.unwrap();
        let after_first = server.queries();
        for _ in 0..5 {
            dns.txt("example.org").await.unwrap();
        }
        assert_eq!(
            server.queries(),
            after_first,
            "repeated lookups are answered from the cache"
        );
    });
}

#[test]
fn spf_over_the_network_matches_offline_and_reports_temperror() {
    let server = TestDnsServer::start(&zone()).unwrap();
    server.set_fault("broken.example.org", ServerFault::ServFail);
    let rt = runtime();
    rt.block_on(async {
        let online = Verifier::new(Arc::new(resolver(&server, 1000)));
        let offline = Verifier::new(zone());
        let cases = [
            ("192.0.2.77", "a@example.org", SpfResult::Pass),
            ("2001:db8::99", "a@example.org", SpfResult::Pass),
            ("198.51.100.1", "a@example.org", SpfResult::Fail),
            ("198.51.100.16", "a@big.example.org", SpfResult::Pass),
            (
                "192.0.2.1",
                "a@inc-broken.example.org",
                SpfResult::TempError,
            ),
            ("192.0.2.1", "a@nope.example.org", SpfResult::None),
        ];
        for (ip, from, want) in cases {
            let env = Envelope {
                client_ip: ip.parse().unwrap(),
                helo: "client.example.net".into(),
                mail_from: from.into(),
            };
            let on = online.check_mail_from(&env).await;
            assert_eq!(on.result, want, "{ip} {from}: {:?}", on.problem);
            if want != SpfResult::TempError {
                assert_eq!(
                    offline.check_mail_from(&env).await.result,
                    want,
                    "offline {ip} {from}"
                );
            }
        }
        let env = Envelope {
            client_ip: "192.0.2.1".parse().unwrap(),
            helo: "client.example.net".into(),
            mail_from: "a@inc-broken.example.org".into(),
        };
        let eval = online.check_mail_from(&env).await;
        match eval.problem {
            Some(Problem::Dns {
                error: DnsError::ServFail { name, .. },
            }) => assert_eq!(name, "broken.example.org"),
            other => panic!("expected SERVFAIL for broken.example.org, got {other:?}"),
        }
    });
}

#[test]
fn a_timeout_is_temperror_not_a_hang() {
    let server = TestDnsServer::start(&zone()).unwrap();
    server.set_fault("example.org", ServerFault::NoAnswer);
    let rt = runtime();
    rt.block_on(async {
        let online = Verifier::new(Arc::new(resolver(&server, 300)));
        let env = Envelope {
            client_ip: "192.0.2.1".parse().unwrap(),
            helo: "client.example.net".into(),
            mail_from: "a@example.org".into(),
        };
        let eval = online.check_mail_from(&env).await;
        assert_eq!(eval.result, SpfResult::TempError);
        assert!(matches!(
            eval.problem,
            Some(Problem::Dns {
                error: DnsError::Timeout { .. }
            })
        ));
        assert!(
            eval.received_spf("mx.test")
                .starts_with("Received-SPF: temperror")
        );
    });
}

/// Names SPF builds from domain-specs (RFC 7208 §7.1: any visible
/// character) and zone-file escapes (RFC 1035 §5.1) reach a real server as
/// the octets they are.
const ODD_NAMES: &str = r#"
$ORIGIN example.com.
foo:bar/baz          IN A   1.2.3.4
foo:bar/baz          IN MX  0 foo:bar/baz
foo:bar/baz          IN TXT "v=spf1 \043all" "\059\000\239\187\191"
macro%percent\ \032space%20url-space IN A 1.2.3.4
[192.168.218.40]     IN TXT "helo literal"
h.[192.168.218.40]   IN A   127.0.0.2
helo-literal         IN TXT "v=spf1 exists:h.%{h}.example.com -all"
"#;

#[test]
fn query_name_with_colon_and_slash_reaches_server() {
    let zone = ZoneResolver::from_zone_text(ODD_NAMES, None).expect("zone parses");
    let server = TestDnsServer::start(&zone).unwrap();
    assert!(server.skipped().is_empty(), "{:?}", server.skipped());
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver(&server, 2000);
        assert_eq!(
            dns.a("foo:bar/baz.example.com").await.unwrap(),
            vec!["1.2.3.4".parse::<std::net::Ipv4Addr>().unwrap()].into()
        );
        // The MX exchange comes back as the same name, usable for the next query.
        let mx = dns.mx("foo:bar/baz.example.com").await.unwrap();
        assert_eq!(mx[0].exchange, "foo:bar/baz.example.com");
        assert_eq!(
            dns.a("macro%percent  space%20url-space.example.com")
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            dns.txt("[192.168.218.40].example.com").await.unwrap()[0].to_text(),
            "helo literal"
        );
        // TXT octets from \DDD escapes arrive as octets, offline and online alike.
        let txt = dns.txt("foo:bar/baz.example.com").await.unwrap();
        assert_eq!(
            txt[0].strings,
            vec![b"v=spf1 +all".to_vec(), vec![b';', 0, 0xEF, 0xBB, 0xBF]]
        );
        assert_eq!(txt, zone.txt("foo:bar/baz.example.com").await.unwrap());
        // %{h} with a HELO address literal (RFC 7208 §7.3) expands to a
        // name with brackets: it is queried, not refused (temperror).
        let env = Envelope {
            client_ip: "192.168.218.40".parse().unwrap(),
            helo: "[192.168.218.40]".into(),
            mail_from: "a@helo-literal.example.com".into(),
        };
        let online = Verifier::new(Arc::new(resolver(&server, 2000)));
        let eval = online.check_mail_from(&env).await;
        assert_eq!(eval.result, SpfResult::Pass, "{:?}", eval.problem);
        // A name no server can hold is NXDOMAIN, as offline, not a network error.
        for bad in ["a..example.com", &format!("{}.example.com", "x".repeat(64))] {
            assert!(
                matches!(dns.a(bad).await, Err(DnsError::NxDomain { .. })),
                "{bad}"
            );
            assert!(matches!(zone.a(bad).await, Err(DnsError::NxDomain { .. })));
        }
    });
    let queries = server.queries();
    assert!(queries >= 5, "the queries reached the server ({queries})");
}

/// Cases whose DNS data has no wire form a DNS client accepts, with what
/// the network resolver gives instead: (case, result, why).
const NOT_OVER_THE_WIRE: &[(&str, SpfResult, &str)] = &[(
    "null-text",
    SpfResult::TempError,
    "null.example.com holds a TXT record with no character-string (RDLENGTH 0), \
     which RFC 1035 §3.3.14 does not allow; hickory-proto refuses to decode such \
     an answer, so the lookup fails instead of skipping the record",
)];

/// The openspf RFC 7208 suite through the network resolver against the
/// authoritative server: every case whose DNS the server can reproduce
/// gives the suite's result, among them the names hickory used to refuse
/// (`*-colon-domain`, `macro-mania-in-domain`, `%{h}` with a HELO literal).
#[test]
fn openspf_suite_over_the_network() {
    use domainauth_testkit::{openspf, testdata};
    let Some(path) = testdata::find("spf/rfc7208-tests.yml") else {
        return;
    };
    let scenarios = openspf::load(&path).expect("suite loads");
    let rt = runtime();
    let mut failures = Vec::new();
    let mut ran = Vec::new();
    for scenario in scenarios {
        let server = TestDnsServer::start(&scenario.zone).unwrap();
        rt.block_on(async {
            let online = Verifier::new(Arc::new(resolver(&server, 1000)));
            for case in &scenario.cases {
                let eval = online.check_mail_from(&case.envelope()).await;
                ran.push(case.name.clone());
                if let Some((_, want, _)) =
                    NOT_OVER_THE_WIRE.iter().find(|(n, _, _)| *n == case.name)
                {
                    assert_eq!(eval.result, *want, "{}", case.name);
                    continue;
                }
                if !case.results.contains(&eval.result) {
                    failures.push(format!(
                        "{} [{}]: want {:?}, got {} ({:?})",
                        case.name,
                        scenario.description,
                        case.results,
                        eval.result,
                        eval.problem.map(|p| p.to_string())
                    ));
                }
            }
        });
    }
    for name in [
        "a-colon-domain",
        "a-colon-domain-ip4mapped",
        "mx-colon-domain",
        "mx-colon-domain-ip4mapped",
        "macro-mania-in-domain",
        "exp-txt-macro-char",
    ] {
        assert!(ran.iter().any(|r| r == name), "{name} ran over the network");
    }
    assert!(
        failures.is_empty(),
        "{} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran.len() >= 200, "{} cases ran", ran.len());
}

/// The resolver's cache is the only cache of DNS answers between messages:
/// it keeps answers and NXDOMAIN/NODATA for their TTLs (within the
/// configured caps) and never keeps SERVFAIL or a timeout, so a server that
/// recovers is asked again (RFC 2308 §7.1 and §7.2 allow keeping a server
/// failure or an unreachable server for at most five minutes; not keeping
/// them at all is within that).
#[test]
fn resolver_cache_keeps_answers_within_caps_and_never_failures() {
    let server = TestDnsServer::start(&zone()).unwrap();
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver(&server, 300);
        // Positive and negative answers are kept for their TTLs (60 s here).
        let before = server.queries();
        assert!(dns.txt("example.org").await.is_ok());
        assert!(dns.txt("example.org").await.is_ok());
        assert!(dns.txt("nope.example.org").await.unwrap_err().is_void());
        assert!(dns.txt("nope.example.org").await.unwrap_err().is_void());
        assert_eq!(server.queries() - before, 2, "one query per name");

        // Caps of zero keep nothing.
        let uncached = HickoryResolver::new(&{
            let mut o = HickoryConfig::default();
            o.server = Some(server.addr());
            o.timeout = Duration::from_millis(1000);
            o.attempts = 1;
            o.max_ttl = Duration::ZERO;
            o.negative_max_ttl = Duration::ZERO;
            o
        })
        .unwrap();
        let before = server.queries();
        for _ in 0..2 {
            assert!(uncached.txt("example.org").await.is_ok());
            assert!(
                uncached
                    .txt("nope.example.org")
                    .await
                    .unwrap_err()
                    .is_void()
            );
        }
        assert_eq!(server.queries() - before, 4, "every question asked");

        // SERVFAIL and timeouts are not kept: recovery is seen at once.
        server.set_fault("broken.example.org", ServerFault::ServFail);
        server.set_fault("silent.example.org", ServerFault::NoAnswer);
        assert!(matches!(
            dns.txt("broken.example.org").await,
            Err(DnsError::ServFail { .. })
        ));
        assert!(matches!(
            dns.txt("silent.example.org").await,
            Err(DnsError::Timeout { .. })
        ));
        server.clear_fault("broken.example.org");
        server.clear_fault("silent.example.org");
        assert!(dns.txt("broken.example.org").await.is_ok());
        assert!(dns.txt("silent.example.org").await.is_ok());
    });
}

fn resolver_at(addr: std::net::SocketAddr, timeout: Duration) -> HickoryResolver {
    HickoryResolver::new(&{
        let mut o = HickoryConfig::default();
        o.server = Some(addr);
        o.timeout = timeout;
        o.attempts = 2;
        o
    })
    .expect("resolver builds")
}

/// Asks 20 different questions.
async fn twenty_questions(dns: &HickoryResolver) -> Vec<Result<(), DnsError>> {
    let mut out = Vec::new();
    for i in 0..20 {
        out.push(dns.txt(&format!("q{i}.example.org")).await.map(|_| ()));
    }
    out
}

/// A resolver that never answers is found unreachable after one timeout:
/// every question fails with `Unreachable` naming it, and after the first
/// none is sent at all. Twenty questions would otherwise send at least
/// twenty datagrams; here the first one's tries and the probe's are all.
#[test]
fn a_resolver_that_never_answers_is_unreachable_after_one_timeout() {
    let silent = SilentServer::start().unwrap();
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver_at(silent.addr(), Duration::from_millis(300));
        assert!(dns.unreachable().is_none(), "nothing asked yet");
        for result in twenty_questions(&dns).await {
            match result {
                Err(DnsError::Unreachable { unreachable, .. }) => {
                    assert_eq!(unreachable.servers, [silent.addr()]);
                    assert_eq!(
                        unreachable.cause,
                        UnreachableCause::Silent { waited_ms: 300 }
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        let u = dns.unreachable().expect("found unreachable");
        assert!(u.to_string().contains(&silent.addr().to_string()), "{u}");
    });
    // hickory's tries of the first question (at most attempts + 1) and the
    // probe's two datagrams.
    let sent = silent.received();
    assert!((2..=5).contains(&sent), "{sent} datagrams");
}

/// Nothing listening on the port: the network says so at once (ICMP port
/// unreachable), and the resolver fails without waiting for its timeout,
/// set here to an hour. (The guard only turns a regression into a failure
/// instead of an hour's hang.)
#[test]
fn a_closed_port_is_unreachable_at_once() {
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    // The socket is dropped: nothing listens on `port` any more.
    let rt = runtime();
    rt.block_on(async {
        let dns = resolver_at(port, Duration::from_secs(3600));
        let results = tokio::time::timeout(Duration::from_secs(120), twenty_questions(&dns))
            .await
            .expect("a refused port must not wait for the resolver's timeout");
        for result in results {
            assert!(
                matches!(
                    &result,
                    Err(DnsError::Unreachable { unreachable, .. })
                        if unreachable.cause == UnreachableCause::Refused
                            && unreachable.servers == [port]
                ),
                "{result:?}"
            );
        }
        assert!(dns.unreachable().is_some());
        assert!(
            dns.a("x.example.org").await.unwrap_err().is_temporary(),
            "temporary, as a timeout"
        );
    });
}

/// A live server that does not answer for one name, or answers SERVFAIL,
/// fails that name only: a timeout or SERVFAIL about the domain, even as
/// the very first question, and the resolver is not unreachable.
#[test]
fn a_failing_domain_on_a_live_server_is_not_an_unreachable_resolver() {
    let server = TestDnsServer::start(&zone()).unwrap();
    server.set_fault("silent.example.org", ServerFault::NoAnswer);
    server.set_fault("broken.example.org", ServerFault::ServFail);
    let rt = runtime();
    rt.block_on(async {
        for (name, timeout) in [("silent.example.org", true), ("broken.example.org", false)] {
            // A fresh resolver: this is its first question.
            let dns = resolver(&server, 300);
            let error = dns.txt(name).await.unwrap_err();
            if timeout {
                assert!(matches!(error, DnsError::Timeout { .. }), "{error:?}");
                // The server answered the probe sent with the question.
                assert!(server.probes() >= 1);
            } else {
                assert!(matches!(error, DnsError::ServFail { .. }), "{error:?}");
            }
            assert!(dns.unreachable().is_none(), "{name}");
            assert!(dns.txt("example.org").await.is_ok());
        }
    });
}

/// What the test server does for one name in the generated cases.
#[derive(Debug, Clone, Copy)]
enum Behaviour {
    Answer,
    Silent,
    ServFail,
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, failure_persistence: None, ..Default::default() })]

    /// Whatever names a live server fails (no answer, SERVFAIL), in
    /// whatever order they are asked — first question or not — each
    /// failure is about its name, and the resolver is never unreachable.
    #[test]
    fn a_live_server_failing_some_names_is_never_unreachable(
        behaviours in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just(Behaviour::Answer),
                proptest::strategy::Just(Behaviour::Silent),
                proptest::strategy::Just(Behaviour::ServFail),
            ],
            1..5,
        ),
    ) {
        let names = ["example.org", "_spf.example.org", "slow.example.org", "broken.example.org", "silent.example.org"];
        let server = TestDnsServer::start(&zone()).unwrap();
        for (name, b) in names.iter().zip(&behaviours) {
            match b {
                Behaviour::Answer => {}
                Behaviour::Silent => server.set_fault(name, ServerFault::NoAnswer),
                Behaviour::ServFail => server.set_fault(name, ServerFault::ServFail),
            }
        }
        let rt = runtime();
        rt.block_on(async {
            let dns = resolver(&server, 150);
            for (name, b) in names.iter().zip(&behaviours) {
                let result = dns.txt(name).await;
                let fits = match b {
                    Behaviour::Answer => result.is_ok(),
                    Behaviour::Silent => matches!(result, Err(DnsError::Timeout { .. })),
                    Behaviour::ServFail => matches!(result, Err(DnsError::ServFail { .. })),
                };
                proptest::prop_assert!(fits, "{} {:?}: {:?}", name, b, result);
            }
            proptest::prop_assert!(dns.unreachable().is_none());
            Ok(())
        })?;
    }

    /// Whatever is asked of a port nothing listens on, every question
    /// fails as unreachable, naming the port.
    #[test]
    fn every_question_to_a_closed_port_is_unreachable(
        questions in proptest::collection::vec((0u8..5, "[a-z]{1,8}"), 1..8),
    ) {
        let port = std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let rt = runtime();
        // The guard only turns a wait for the hour-long timeout into a
        // failure instead of a hang.
        let questions_asked = async {
            let dns = resolver_at(port, Duration::from_secs(3600));
            let mut out = Vec::new();
            for (kind, label) in &questions {
                let name = format!("{label}.example.org");
                out.push(match kind {
                    0 => dns.txt(&name).await.map(|_| ()),
                    1 => dns.a(&name).await.map(|_| ()),
                    2 => dns.aaaa(&name).await.map(|_| ()),
                    3 => dns.mx(&name).await.map(|_| ()),
                    _ => dns.ptr("192.0.2.1".parse().unwrap()).await.map(|_| ()),
                });
            }
            out
        };
        let results = rt
            .block_on(async { tokio::time::timeout(Duration::from_secs(120), questions_asked).await })
            .expect("a refused port must not wait for the resolver's timeout");
        for error in results {
            proptest::prop_assert!(
                matches!(&error, Err(DnsError::Unreachable { unreachable, .. }) if unreachable.servers == [port]),
                "{:?}", error
            );
        }
    }
}
