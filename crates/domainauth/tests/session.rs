//! The SMTP-stage API gives the verdict `verify` gives for the whole
//! message: each bundled scenario (docomo, an ESP, forwarding, a mailing
//! list with ARC) fed field by field and in body chunks of every size from
//! one octet up, with the envelope given at MAIL FROM or read from the trace
//! fields, must agree with `MessageVerifier::verify` on every result, the
//! Authentication-Results field and every finding.

use std::path::{Path, PathBuf};

use domainauth::diag::Code;
use domainauth::dkim::{Algorithm, Canon, Canonicalization, Signer, SignerConfig, SigningKey};
use domainauth::dns::ZoneResolver;
use domainauth::mail::{MAX_HEADER_FIELDS, Message};
use domainauth::spf::Envelope;
use domainauth::verify::{MessageVerifier, Session, Verdict, VerifyOptions};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The scenario's zone files as one resolver, its message and envelope.
fn scenario(name: &str) -> (ZoneResolver, Vec<u8>, Envelope) {
    let dir = examples().join(name);
    let mut zone = String::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "zone"))
    {
        zone.push_str(&std::fs::read_to_string(path).unwrap());
        zone.push('\n');
    }
    let field = |text: &str, key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("{name}: no {key} in envelope.txt"))
    };
    let env = std::fs::read_to_string(dir.join("envelope.txt")).unwrap();
    let envelope = Envelope {
        client_ip: field(&env, "client-ip").parse().unwrap(),
        helo: field(&env, "helo"),
        mail_from: field(&env, "mail-from"),
    };
    (
        ZoneResolver::from_zone_text(&zone, None).unwrap(),
        std::fs::read(dir.join("message.eml")).unwrap(),
        envelope,
    )
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// `raw` through a session, field by field, the body in `chunk`-octet
/// pieces; with `envelope`, given at connect, HELO and MAIL FROM.
async fn by_stages(
    verifier: &MessageVerifier<ZoneResolver>,
    raw: &[u8],
    envelope: Option<&Envelope>,
    chunk: usize,
) -> Verdict {
    let message = Message::parse(raw).expect("a readable example");
    let mut session = Session::new(verifier);
    if let Some(e) = envelope {
        session.connect(e.client_ip);
        session.helo(&e.helo);
        assert!(
            session
                .mail_from(&format!("<{}>", e.mail_from))
                .await
                .is_some()
        );
    }
    for field in message.fields() {
        session.header(field.name, field.value);
    }
    session.end_of_header();
    for piece in message.body().chunks(chunk) {
        session.body(piece);
    }
    session.finish().await
}

/// Everything a reader of the verdict sees, as text.
fn summary(v: &Verdict) -> String {
    let dkim: Vec<String> = v
        .dkim
        .iter()
        .map(|d| format!("{}:{:?}:{:?}", d.result.as_str(), d.domain, d.problem))
        .collect();
    let findings: Vec<Code> = v.findings().iter().map(|f| f.code).collect();
    format!(
        "spf={:?}\ndkim={dkim:?}\narc={} oldest={:?}\ndmarc={} dis={}\nar={}\nfindings={findings:?}\nenvelope={:?}",
        v.spf.as_ref().map(|e| e.result.as_str()),
        v.arc.status.as_str(),
        v.arc.oldest_pass,
        v.dmarc.result.as_str(),
        v.dmarc.disposition.as_str(),
        v.authentication_results,
        v.envelope.envelope(),
    )
}

#[test]
fn every_scenario_gets_the_verdict_of_the_whole_message() {
    let rt = rt();
    let mut compared = 0;
    for name in ["s1", "s2", "s5", "s5-arc"] {
        let (zone, raw, envelope) = scenario(name);
        let mut options = VerifyOptions::new("mx.example.net");
        options.trusted_sealers = vec!["lists.example".into()];
        let verifier = MessageVerifier::new(zone, options);
        for given in [Some(&envelope), None] {
            let whole = rt
                .block_on(verifier.verify(&raw, given.cloned()))
                .expect("verdict");
            let expected = summary(&whole);
            for chunk in [1, 7, 64, 1000, 1 << 20] {
                let staged = rt.block_on(by_stages(&verifier, &raw, given, chunk));
                assert_eq!(
                    summary(&staged),
                    expected,
                    "{name}, envelope given: {}, chunks of {chunk}",
                    given.is_some()
                );
                compared += 1;
            }
        }
    }
    println!("session: {compared} staged verdicts equal to the whole message's");
    assert_eq!(compared, 40);
}

/// A header past the field limit gets no pass by the stages either: the
/// fields beyond are counted, not kept, and the header reads as
/// unreadable (no From field, DMARC permerror), as `verify` reads it.
#[test]
fn a_header_over_the_limits_gets_no_pass() {
    let rt = rt();
    let (zone, raw, envelope) = scenario("s1");
    let verifier = MessageVerifier::new(zone, VerifyOptions::new("mx.example.net"));
    let mut padded = "X-Pad: 1\r\n".repeat(MAX_HEADER_FIELDS + 5).into_bytes();
    padded.extend_from_slice(&raw);
    let whole = rt
        .block_on(verifier.verify(&padded, Some(envelope.clone())))
        .unwrap();
    let mut session = Session::new(&verifier);
    session.connect(envelope.client_ip);
    session.helo(&envelope.helo);
    rt.block_on(session.mail_from(&envelope.mail_from));
    for _ in 0..MAX_HEADER_FIELDS + 5 {
        session.header("X-Pad", b" 1");
    }
    let message = Message::parse(&raw).unwrap();
    for field in message.fields() {
        session.header(field.name, field.value);
    }
    session.body(message.body());
    let staged = rt.block_on(session.finish());
    assert_ne!(staged.dmarc.result.as_str(), "pass");
    assert_eq!(staged.dmarc.result, whole.dmarc.result);
    assert!(
        staged
            .message_notes
            .iter()
            .any(|f| f.code == Code::MailHeaderUnreadable)
    );
}

/// A continuation line an MTA passes after a bare LF is read as the wire
/// had it (CRLF), so a signature over a folded field in the simple header
/// canonicalization (RFC 6376 §3.4.1: the octets as signed) still
/// verifies; the next message of the connection keeps its client.
#[test]
fn folded_values_and_the_next_message() {
    let rt = rt();
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "$ORIGIN example.jp.\n@ 300 IN TXT \"v=spf1 ip4:192.0.2.25 -all\"\n\
             _dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n\
             s1._domainkey 300 IN TXT \"{}\"\n",
            key.key_record().unwrap()
        ),
        None,
    )
    .unwrap();
    let mut config = SignerConfig::new("example.jp", "s1");
    config.canonicalization = Canonicalization {
        header: Canon::Simple,
        body: Canon::Simple,
    };
    let unsigned: &[u8] = b"From: Info <info@example.jp>\r\nSubject: a subject\r\n  folded twice\r\n\tand again\r\nTo: u@example.net\r\n\r\nbody\r\n";
    let field = Signer::new(key, config).sign_message(unsigned).unwrap();
    let mut raw = format!("{field}\r\n").into_bytes();
    raw.extend_from_slice(unsigned);
    let envelope = Envelope {
        client_ip: "192.0.2.25".parse().unwrap(),
        helo: "mail.example.jp".into(),
        mail_from: "info@example.jp".into(),
    };
    let verifier = MessageVerifier::new(zone, VerifyOptions::new("mx.example.net"));
    let whole = rt
        .block_on(verifier.verify(&raw, Some(envelope.clone())))
        .unwrap();
    assert_eq!(whole.dkim[0].result.as_str(), "pass");

    let message = Message::parse(&raw).unwrap();
    let mut session = Session::new(&verifier);
    session.connect(envelope.client_ip);
    session.helo(&envelope.helo);
    rt.block_on(session.mail_from(&envelope.mail_from));
    let mut next = session.next_message();
    for field in message.fields() {
        let lf_only: Vec<u8> = field
            .value
            .iter()
            .copied()
            .filter(|&b| b != b'\r')
            .collect();
        session.header(field.name, &lf_only);
    }
    session.body(message.body());
    let staged = rt.block_on(session.finish());
    assert_eq!(staged.dkim[0].result.as_str(), "pass", "{:?}", staged.dkim);
    assert_eq!(summary(&staged), summary(&whole));

    // A changed folding is a change the simple canonicalization sees.
    let mut session = next.next_message();
    rt.block_on(session.mail_from(&envelope.mail_from));
    for field in message.fields() {
        let value = if field.name == "Subject" {
            &b" a subject folded twice and again\r\n"[..]
        } else {
            field.value
        };
        session.header(field.name, value);
    }
    session.body(message.body());
    let staged = rt.block_on(session.finish());
    assert_eq!(staged.dkim[0].result.as_str(), "fail");

    let spf = rt
        .block_on(next.mail_from(&envelope.mail_from))
        .map(|e| e.result);
    assert_eq!(spf, whole.spf.as_ref().map(|e| e.result));
}

/// A clock a test moves by hand.
#[derive(Debug)]
struct Manual(std::sync::Mutex<std::time::Instant>);

impl domainauth::dns::Clock for Manual {
    fn now(&self) -> std::time::Instant {
        *self.0.lock().unwrap()
    }
}

/// The DNS deadline bounds DNS time per stage: a client that takes longer
/// than the deadline between MAIL FROM and the end of its DATA (or an idle
/// connection before MAIL FROM) leaves the verdict as it would be at once —
/// not temperror — while the query limit still counts over the message.
#[test]
fn a_slow_client_does_not_spend_the_dns_deadline() {
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    let (_, raw, envelope) = scenario("s1");
    let dir = examples().join("s1");
    let zone = std::fs::read_to_string(dir.join("example.co.jp.zone")).unwrap()
        + "\n_dmarc.example.co.jp. 300 IN TXT \"v=DMARC1; p=reject\"\n";
    let resolver = ZoneResolver::from_zone_text(&zone, None).unwrap();
    let start = Instant::now();
    let clock = Arc::new(Manual(std::sync::Mutex::new(start)));
    let mut options = VerifyOptions::new("mx.example.net");
    options.dns_budget.deadline = Duration::from_secs(20);
    options.dns_budget.clock = clock.clone();
    let verifier = MessageVerifier::new(resolver, options);
    let message = Message::parse(&raw).unwrap();
    let rt = rt();
    let mut session = Session::new(&verifier);
    session.connect(envelope.client_ip);
    session.helo(&envelope.helo);
    // Idle for longer than the deadline before MAIL FROM.
    *clock.0.lock().unwrap() = start + Duration::from_secs(25);
    let spf = rt
        .block_on(session.mail_from(&envelope.mail_from))
        .map(|e| e.result.as_str());
    assert_eq!(spf, Some("pass"));
    for field in message.fields() {
        session.header(field.name, field.value);
    }
    session.body(message.body());
    // The DATA took 21 more seconds.
    *clock.0.lock().unwrap() = start + Duration::from_secs(46);
    let verdict = rt.block_on(session.finish());
    assert_eq!(
        verdict.dmarc.result.as_str(),
        "pass",
        "{}",
        verdict.authentication_results
    );
    assert!(verdict.dns.exceeded.is_none(), "{:?}", verdict.dns);
}

/// A line break in one field's value, as a hostile MTA-side peer could
/// pass it, continues that field: it never becomes a field of its own.
#[test]
fn a_line_break_in_a_value_cannot_add_a_field() {
    let (resolver, _, _) = scenario("s1");
    let verifier = MessageVerifier::new(resolver, VerifyOptions::new("mx.example.net"));
    let mut session = Session::new(&verifier);
    session.header("Subject", b" hi\nFrom: ceo@victim.example\n\nX: y");
    session.header("From", b" info@example.co.jp");
    let header = session.received_header().to_vec();
    let whole = [header.as_slice(), b"\r\n"].concat();
    let message = Message::parse(&whole).unwrap();
    assert_eq!(
        message.get_all("From").count(),
        1,
        "{}",
        String::from_utf8_lossy(&header)
    );
    assert_eq!(message.fields().count(), 2);
}
