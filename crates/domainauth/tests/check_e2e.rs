//! End to end: `check_domain` through `HickoryResolver` against a real
//! authoritative server on 127.0.0.1, with slow and failing answers: a
//! timeout or a SERVFAIL is reported as such and marks the report partial,
//! never as a missing record.

use std::time::Duration;

use domainauth::check::{CheckOptions, DomainReport, RecordState, check_domain};
use domainauth::diag::{Code, Lang};
use domainauth::dmarc::PublicSuffixList;
use domainauth::dns::{Dnssec, HickoryConfig, HickoryResolver, ZoneResolver};
use domainauth_testkit::server::{ServerFault, TestDnsServer};

const ZONE: &str = r#"
$ORIGIN example.jp.
$TTL 300
@              IN SOA ns hostmaster 1 7200 3600 1209600 300
@              IN TXT "v=spf1 ip4:192.0.2.25 -all"
@              IN MX 10 mail
mail           IN A 192.0.2.25
_dmarc         IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.jp"
s1._domainkey  IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
_mta-sts       IN TXT "v=STSv1; id=20260101"
_smtp._tls     IN TXT "v=TLSRPTv1; rua=mailto:tls@example.jp"
default._bimi  IN TXT "v=BIMI1; l=https://example.jp/logo.svg"
"#;

fn resolver(server: &TestDnsServer, timeout_ms: u64) -> HickoryResolver {
    HickoryResolver::new(&{
        let mut o = HickoryConfig::default();
        o.server = Some(server.addr());
        o.timeout = Duration::from_millis(timeout_ms);
        o.attempts = 1;
        o
    })
    .expect("resolver builds")
}

fn check(server: &TestDnsServer, timeout_ms: u64) -> DomainReport {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut options = CheckOptions::default();
        options.selectors = vec!["s1".into()];
        check_domain(
            resolver(server, timeout_ms),
            "example.jp",
            &options,
            &PublicSuffixList::builtin(),
        )
        .await
        .expect("the resolver answers")
    })
}

fn codes(report: &DomainReport) -> Vec<Code> {
    report.findings.iter().map(|f| f.code).collect()
}

#[test]
fn over_the_network_every_record_is_read_and_the_report_is_whole() {
    let server = TestDnsServer::start(&ZoneResolver::from_zone_text(ZONE, None).unwrap()).unwrap();
    let r = check(&server, 2000);
    assert!(!r.partial, "{:?}", r.findings);
    assert_eq!(r.mta_sts.record.state, RecordState::Valid);
    assert_eq!(r.tls_rpt.state, RecordState::Valid);
    assert_eq!(r.bimi.state, RecordState::Valid);
    assert_eq!(r.dkim_keys.len(), 1);
    assert!(r.has_mx);
    // The test server serves one root zone: example.jp is no zone apex
    // there (no SOA, no DNSKEY of its own), so whether it is signed cannot
    // be told, and is not claimed either way.
    assert_eq!(r.dnssec, Dnssec::Unknown);
}

#[test]
fn a_slow_answer_within_the_timeout_is_read() {
    let server = TestDnsServer::start(&ZoneResolver::from_zone_text(ZONE, None).unwrap()).unwrap();
    server.set_fault(
        "_smtp._tls.example.jp",
        ServerFault::Delay(Duration::from_millis(200)),
    );
    let r = check(&server, 2000);
    assert!(!r.partial);
    assert_eq!(r.tls_rpt.state, RecordState::Valid);
}

#[test]
fn a_slow_answer_past_the_timeout_and_a_servfail_make_the_report_partial() {
    let server = TestDnsServer::start(&ZoneResolver::from_zone_text(ZONE, None).unwrap()).unwrap();
    server.set_fault(
        "_mta-sts.example.jp",
        ServerFault::Delay(Duration::from_millis(1500)),
    );
    server.set_fault("s1._domainkey.example.jp", ServerFault::ServFail);
    let r = check(&server, 400);
    assert!(r.partial);
    let c = codes(&r);
    // Neither failure is read as "no record".
    assert!(!c.contains(&Code::CheckMtaStsMissing), "{c:?}");
    assert!(!c.contains(&Code::CheckDkimNoKey), "{c:?}");
    assert_eq!(r.mta_sts.record.state, RecordState::Unknown);
    let timeout = r
        .findings
        .iter()
        .find(|f| f.code == Code::CheckDnsTimeout)
        .expect("the timeout is a finding");
    assert_eq!(timeout.params["name"], "_mta-sts.example.jp");
    assert_eq!(timeout.params["rtype"], "TXT");
    assert!(timeout.message(Lang::En).contains("timed out"));
    assert!(timeout.message(Lang::Ja).contains("タイムアウト"));
    let servfail = r
        .findings
        .iter()
        .find(|f| f.code == Code::CheckDnsFailure)
        .expect("the SERVFAIL is a finding");
    assert_eq!(servfail.params["name"], "s1._domainkey.example.jp");
    assert_eq!(
        servfail.params["error.id"], "reason-dns-servfail",
        "{:?}",
        servfail.params
    );
    // What answered is still reported.
    assert_eq!(r.tls_rpt.state, RecordState::Valid);
    assert!(r.has_mx);
}

/// A CNAME loop is a DNS failure, never "no record" (RFC 1034 §3.6.2); a
/// chain longer than the resolver library follows on its own (eight hops)
/// that ends in records gives them.
#[test]
fn a_cname_loop_is_a_failure_and_a_long_chain_is_followed() {
    let mut zone = format!("{ZONE}loop IN CNAME loop2\nloop2 IN CNAME loop\n");
    zone.push_str("long IN CNAME c1\n");
    for i in 1..11 {
        zone.push_str(&format!("c{i} IN CNAME c{}\n", i + 1));
    }
    zone.push_str("c11 IN TXT \"v=spf1 ip4:192.0.2.25 -all\"\nc11 IN MX 10 mail\n");
    let server = TestDnsServer::start(&ZoneResolver::from_zone_text(&zone, None).unwrap()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let run = |domain: &str| {
        rt.block_on(async {
            check_domain(
                resolver(&server, 2000),
                domain,
                &CheckOptions::default(),
                &PublicSuffixList::builtin(),
            )
            .await
            .expect("the resolver answers")
        })
    };
    let r = run("loop.example.jp");
    let c = codes(&r);
    assert!(r.partial, "{c:?}");
    assert!(!c.contains(&Code::SpfNone), "a loop read as no SPF: {c:?}");
    assert!(!c.contains(&Code::CheckNoAddress), "{c:?}");
    let spf = r
        .findings
        .iter()
        .find(|f| f.code == Code::SpfLintDnsFailure)
        .unwrap_or_else(|| panic!("{c:?}"));
    let text = spf.message(Lang::En);
    assert!(
        text.contains("CNAME loop: loop.example.jp → loop2.example.jp → loop.example.jp"),
        "{text}"
    );
    assert!(spf.message(Lang::Ja).contains("CNAME loop"));

    let r = run("long.example.jp");
    assert!(!r.partial, "{:?}", codes(&r));
    assert_eq!(
        r.spf.root.record.as_deref(),
        Some("v=spf1 ip4:192.0.2.25 -all"),
        "{:?}",
        codes(&r)
    );
    assert!(r.has_mx);
}

/// A loop whose re-reading meets a hop that does not answer is a timeout,
/// never a name without records: where the chain ends is unknown.
#[test]
fn a_cname_chain_hop_that_times_out_is_a_timeout_not_no_record() {
    let zone = format!("{ZONE}tl IN CNAME tl2\ntl2 IN CNAME tl\n");
    let server = TestDnsServer::start(&ZoneResolver::from_zone_text(&zone, None).unwrap()).unwrap();
    // The server follows the loop itself for tl; asked alone, tl2 is silent.
    server.set_fault("tl2.example.jp", ServerFault::NoAnswer);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let r = rt.block_on(async {
        check_domain(
            resolver(&server, 400),
            "tl.example.jp",
            &CheckOptions::default(),
            &PublicSuffixList::builtin(),
        )
        .await
        .expect("the resolver answers")
    });
    let c = codes(&r);
    assert!(r.partial, "{c:?}");
    assert!(!c.contains(&Code::SpfNone), "{c:?}");
    assert!(!c.contains(&Code::CheckNoAddress), "{c:?}");
    assert!(c.contains(&Code::CheckDnsTimeout), "{c:?}");
}
