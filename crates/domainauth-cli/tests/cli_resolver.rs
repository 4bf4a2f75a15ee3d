//! A resolver that does not answer is the resolver's fault, not the
//! domain's: every command that looks up DNS says so, names the server,
//! and exits 3 ("could not run"), without waiting out one timeout per
//! question. A live resolver whose answer for one domain times out or is
//! SERVFAIL still gives a temperror about that domain (exit 1).

mod common;

use std::process::{Output, Stdio};
use std::time::Duration;

use common::{root, stderr, stdout};
use domainauth::dns::ZoneResolver;
use domainauth_testkit::server::{ServerFault, SilentServer, TestDnsServer};

fn example(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

/// Every command that looks up DNS, with what it needs besides the DNS
/// options, and the questions it asks first (`name type`), before any
/// answer could tell it more.
fn commands() -> Vec<(Vec<String>, Vec<&'static str>)> {
    let s1 = example("s1/message.eml");
    let s2 = example("s2/message.eml");
    let spf = "example.co.jp 16";
    let dmarc = "_dmarc.example.co.jp 16";
    [
        (
            [&["verify", &s1][..], &common::S1_ENVELOPE[..]].concat(),
            // The DMARC policy and SPF are asked together (sorted here).
            vec![dmarc, spf],
        ),
        (
            vec!["check", "example.co.jp", "--ip", "203.0.113.25"],
            // Every independent question is asked at once: SPF, DMARC,
            // the first 8 selectors (SELECTORS_IN_FLIGHT), A, AAAA, MX,
            // PTR, MTA-STS, TLS-RPT, BIMI and DNSKEY (sorted here); the
            // other selectors wait and are never sent.
            vec![
                "25.113.0.203.in-addr.arpa 12",
                dmarc,
                "_mta-sts.example.co.jp 16",
                "_smtp._tls.example.co.jp 16",
                "default._bimi.example.co.jp 16",
                "default._domainkey.example.co.jp 16",
                "example.co.jp 1",
                "example.co.jp 15",
                spf,
                "example.co.jp 28",
                "example.co.jp 48",
                "google._domainkey.example.co.jp 16",
                "k1._domainkey.example.co.jp 16",
                "k2._domainkey.example.co.jp 16",
                "s1._domainkey.example.co.jp 16",
                "s2._domainkey.example.co.jp 16",
                "selector1._domainkey.example.co.jp 16",
                "selector2._domainkey.example.co.jp 16",
            ],
        ),
        (vec!["dmarc", "check", "example.co.jp"], vec![dmarc]),
        (
            vec![
                "spf",
                "check",
                "--ip",
                "203.0.113.25",
                "--helo",
                "mail.example.co.jp",
                "--mail-from",
                "info@example.co.jp",
            ],
            vec![spf],
        ),
        (vec!["spf", "record", "example.co.jp"], vec![spf]),
        (
            vec!["dkim", "verify", &s2],
            vec!["esp1._domainkey.esp.example 16"],
        ),
    ]
    .into_iter()
    .map(|(c, first)| (c.into_iter().map(String::from).collect(), first))
    .collect()
}

/// Runs `domainauth` with `args`; a run still going after `guard` is
/// killed and reported as `None` (a hang, not a timing measurement).
fn run_guarded(args: &[String], guard: Duration) -> Option<Output> {
    let mut child = common::command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("domainauth runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > guard {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("output"))
}

/// A server that reads every query and answers none: each command stops
/// after one timeout with exit 3, names the server, and blames no domain.
/// The work is bounded: the queries sent while the first questions wait
/// and the probe's, not one timeout's worth per question.
#[test]
fn a_resolver_that_does_not_answer_is_named_and_exits_3() {
    for (command, first) in commands() {
        let silent = SilentServer::start().unwrap();
        let server = silent.addr().to_string();
        let mut args = command.clone();
        args.extend(["--resolver", &server, "--timeout", "1"].map(String::from));
        let o = run_guarded(&args, Duration::from_secs(120)).expect("finishes");
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{command:?}: {err}");
        assert!(
            err.contains(&format!(
                "the DNS server {server} did not answer any query within 1 s"
            )),
            "{command:?}: {err}"
        );
        assert!(!err.contains("name servers of"), "{command:?}: {err}");
        assert!(stdout(&o).is_empty(), "{command:?}: no report");
        // The work is bounded: only the first questions, sent before the
        // probe (the root's NS records, twice) concluded, reached the
        // server, however often hickory retried them; every later
        // question failed without being sent.
        let questions = silent.questions();
        let probes = questions.iter().filter(|q| *q == ". 2").count();
        assert!((1..=2).contains(&probes), "{command:?}: {questions:?}");
        let mut asked: Vec<&str> = questions
            .iter()
            .map(String::as_str)
            .filter(|q| *q != ". 2")
            .collect();
        asked.sort_unstable();
        asked.dedup();
        assert_eq!(asked, first, "{command:?}: {questions:?}");
    }
}

/// Nothing listening on the port: each command fails at once with exit 3,
/// although each answer may be waited for five minutes (--timeout 300); the
/// guard only turns a regression into a failure instead of a hang.
#[test]
fn a_closed_port_fails_at_once_with_exit_3() {
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    // The socket is dropped: nothing listens there any more.
    for (command, _) in commands() {
        let mut args = command.clone();
        args.extend(["--resolver", &port, "--timeout", "300"].map(String::from));
        let o = run_guarded(&args, Duration::from_secs(120))
            .unwrap_or_else(|| panic!("{command:?} waited for the resolver's timeout"));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{command:?}: {err}");
        assert!(
            err.contains(&format!("the DNS server {port} refused every query")),
            "{command:?}: {err}"
        );
    }
    let mut ja = commands().remove(0).0;
    ja.extend(["--resolver", &port, "--lang", "ja"].map(String::from));
    let o = run_guarded(&ja, Duration::from_secs(120)).expect("finishes");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        err.contains(&format!(
            "DNS サーバー {port} はすべての問い合わせを拒否しました"
        )),
        "{err}"
    );
}

/// The real DNS server of the test kit, serving S1: one domain's answers
/// time out or are SERVFAIL. That is a temperror about the domain, the
/// check ran (exit 1), and the resolver is not blamed.
#[test]
fn a_failing_domain_on_a_live_resolver_is_a_temperror_not_exit_3() {
    let zone =
        ZoneResolver::from_zone_file(std::path::Path::new(&example("s1/example.co.jp.zone")))
            .unwrap();
    for fault in [ServerFault::NoAnswer, ServerFault::ServFail] {
        let server = TestDnsServer::start(&zone).unwrap();
        server.set_fault("example.co.jp", fault);
        let addr = server.addr().to_string();
        let mut args = commands().remove(0).0;
        args.extend(["--resolver", &addr, "--timeout", "1", "--json"].map(String::from));
        let o = run_guarded(&args, Duration::from_secs(120)).expect("finishes");
        assert_eq!(o.status.code(), Some(1), "{fault:?}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["spf"]["result"], "temperror", "{fault:?}");
        let codes = common::finding_codes(&v);
        assert!(codes.contains(&"spf-temperror".to_string()), "{codes:?}");
        assert!(!stderr(&o).contains("did not answer any query"));

        let o = run_guarded(
            &[
                "spf",
                "record",
                "example.co.jp",
                "--resolver",
                &addr,
                "--timeout",
                "1",
            ]
            .map(String::from),
            Duration::from_secs(120),
        )
        .expect("finishes");
        assert_eq!(o.status.code(), Some(1), "{fault:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("Check that the name servers of example.co.jp answer"),
            "{fault:?}: {}",
            stdout(&o)
        );
    }
}

/// A domain whose DMARC record cannot be read because its own name servers
/// fail (on a resolver that answers) is a finding about that domain for
/// `dmarc check` and `check`, exit 1 — not "the check could not run".
#[test]
fn a_failing_dmarc_lookup_on_a_live_resolver_is_a_finding_not_exit_3() {
    let zone =
        ZoneResolver::from_zone_file(std::path::Path::new(&example("s1/example.co.jp.zone")))
            .unwrap();
    for fault in [ServerFault::NoAnswer, ServerFault::ServFail] {
        let server = TestDnsServer::start(&zone).unwrap();
        server.set_fault("_dmarc.example.co.jp", fault);
        let addr = server.addr().to_string();
        for command in [&["dmarc", "check"][..], &["check"][..]] {
            let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
            args.extend(
                [
                    "example.co.jp",
                    "--resolver",
                    &addr,
                    "--timeout",
                    "1",
                    "--json",
                ]
                .map(String::from),
            );
            let o = run_guarded(&args, Duration::from_secs(120)).expect("finishes");
            assert_eq!(
                o.status.code(),
                Some(1),
                "{fault:?} {command:?}: {}",
                stderr(&o)
            );
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let codes = common::finding_codes(&v);
            assert!(
                codes.contains(&"dmarc-temperror".to_string()),
                "{fault:?} {command:?}: {codes:?}"
            );
            assert!(!codes.contains(&"dmarc-missing".to_string()), "{codes:?}");
        }
    }
}
