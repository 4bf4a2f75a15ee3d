//! The milter over TCP on 127.0.0.1, driven by a milter client as Postfix
//! drives it (protocol version 6, header values with their leading space):
//! the Authentication-Results field added, forged ones claiming our
//! authserv-id removed, and the DMARC policy applied as configured.

mod common;

use std::sync::Arc;

use common::{
    answering_options, headers, inserted, key_file, open, open_unix, postfix_options, send,
};

use domainauth::dns::ZoneResolver;
use domainauth::mail::Message;
use domainauth_milter::Milter;
use domainauth_milter::config::Config;
use miltr_client::Client;
use miltr_client::Connection;
use miltr_common::actions::Action;
use miltr_common::commands::Header;
use miltr_common::modifications::ModificationAction;
use miltr_common::modifications::ModificationResponse;
use miltr_common::optneg::Protocol;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::compat::{Compat, TokioAsyncReadCompatExt as _};

fn example(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../examples/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn config(text: &str) -> Config {
    Config::parse(&format!(
        "listen = \"inet:127.0.0.1:0\"\nauthserv_id = \"mx.example.net\"\n{text}"
    ))
    .unwrap()
}

/// A milter on 127.0.0.1 answering from `zone`; its port.
async fn start(zone: &str, text: &str) -> u16 {
    start_milter(zone, text).await.0
}

/// A milter answering from `zone` on a unix socket in `dir`; its path.
async fn start_unix(dir: &std::path::Path, zone: &str, text: &str) -> std::path::PathBuf {
    let resolver = Arc::new(ZoneResolver::from_zone_text(zone, None).unwrap());
    let milter = Milter::with_resolver(config(text), resolver).unwrap();
    let path = dir.join("milter.sock");
    let listener = tokio::net::UnixListener::bind(&path).unwrap();
    tokio::spawn(async move { milter.serve_unix(listener).await });
    path
}

/// The same milter on 127.0.0.1 (its port) and on a unix socket (its
/// path, in the folder returned, which must live as long).
async fn start_both(zone: &str) -> (u16, std::path::PathBuf, tempfile::TempDir) {
    let port = start(zone, "").await;
    let dir = tempfile::tempdir().unwrap();
    let socket = start_unix(dir.path(), zone, "").await;
    (port, socket, dir)
}

/// The same, and the milter (to reload it, to read its metrics).
async fn start_milter(zone: &str, text: &str) -> (u16, Milter) {
    let resolver = Arc::new(ZoneResolver::from_zone_text(zone, None).unwrap());
    let milter = Milter::with_resolver(config(text), resolver).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let serving = milter.clone();
    tokio::spawn(async move { serving.serve_tcp(listener).await });
    (port, milter)
}

/// A message through the milter with the S1 envelope (docomo's MX seeing
/// example.co.jp's server).
async fn send_s1(port: u16, raw: &[u8]) -> ModificationResponse {
    send(
        port,
        "203.0.113.25",
        "mail.example.co.jp",
        "info@example.co.jp",
        raw,
    )
    .await
}

fn added_results(r: &ModificationResponse) -> Vec<String> {
    inserted(r, "Authentication-Results")
}

#[tokio::test]
async fn a_passing_message_gets_its_results_and_goes_on() {
    let zone = example("s1/example.co.jp.zone")
        + "_dmarc.example.co.jp. 300 IN TXT \"v=DMARC1; p=reject\"\n";
    let port = start(&zone, "").await;
    let raw = example("s1/message.eml");
    let r = send_s1(port, raw.as_bytes()).await;
    assert!(
        matches!(r.final_action(), Action::Continue(_)),
        "{:?}",
        r.final_action()
    );
    let added = added_results(&r);
    assert_eq!(added.len(), 1, "{:?}", r.modifications());
    // With SMFIP_HDR_LEADSPC negotiated Postfix writes "name:" and the
    // value as given (milter8.c, MILTER8_HDR_SPACE): the space is ours.
    assert!(added[0].starts_with(" mx.example.net;"), "{}", added[0]);
    assert!(added[0].contains("spf=pass"), "{}", added[0]);
    assert!(added[0].contains("dmarc=pass"), "{}", added[0]);
}

#[tokio::test]
async fn dmarc_reject_is_refused_and_quarantine_held() {
    // S5: forwarded through a list, SPF fails and DKIM broke: p=reject.
    let zone = example("s5/example.org.zone") + &example("s5/university.example.zone");
    let port = start(&zone, "").await;
    let raw = example("s5/message.eml");
    let r = send(
        port,
        "192.0.2.99",
        "lists.university.example",
        "alice@example.org",
        raw.as_bytes(),
    )
    .await;
    match r.final_action() {
        Action::Replycode(code) => {
            assert_eq!(code.rcode().code(), [5, 5, 0]);
            assert_eq!(code.xcode().as_ref().map(|x| x.code()), Some([5, 7, 1]));
            assert!(code.message().contains("example.org"), "{}", code.message());
        }
        other => panic!("{other:?}"),
    }
    // With reject configured as "header": delivered, marked for the
    // mailbox's spam filter.
    let port = start(&zone, "[policy]\nreject = \"header\"\n").await;
    let r = send(
        port,
        "192.0.2.99",
        "lists.university.example",
        "alice@example.org",
        raw.as_bytes(),
    )
    .await;
    assert!(matches!(r.final_action(), Action::Continue(_)));
    assert!(
        r.modifications().iter().any(|m| matches!(m,
            ModificationAction::InsertHeader(h) if h.name() == "X-Spam-Flag" && h.value() == " YES")),
        "{:?}",
        r.modifications()
    );
    // The same with reject configured as "none", or the author domain
    // allowed: delivered, the failure recorded in the results.
    for config in [
        "[policy]\nreject = \"none\"\n",
        "[policy]\nallow = [\"example.org\"]\n",
    ] {
        let port = start(&zone, config).await;
        let r = send(
            port,
            "192.0.2.99",
            "lists.university.example",
            "alice@example.org",
            raw.as_bytes(),
        )
        .await;
        assert!(matches!(r.final_action(), Action::Continue(_)), "{config}");
        assert!(added_results(&r)[0].contains("dmarc=fail"), "{config}");
    }

    // S2: an ESP's mail not aligned with shop.example, p=quarantine: held.
    let zone = example("s2/shop.example.zone") + &example("s2/esp.example.zone");
    let port = start(&zone, "").await;
    let raw = example("s2/message.eml");
    let r = send(
        port,
        "192.0.2.80",
        "mta1.esp.example",
        "bounce@esp.example",
        raw.as_bytes(),
    )
    .await;
    assert!(matches!(r.final_action(), Action::Continue(_)));
    assert!(
        r.modifications()
            .iter()
            .any(|m| matches!(m, ModificationAction::Quarantine(q) if q.reason().contains("shop.example"))),
        "{:?}",
        r.modifications()
    );
}

/// RFC 8601 §5: an incoming field claiming our authserv-id is removed (by
/// its index among fields of that name); other receivers' fields stay.
#[tokio::test]
async fn forged_results_claiming_our_id_are_removed() {
    let zone = example("s1/example.co.jp.zone");
    let port = start(&zone, "").await;
    let raw = format!(
        "Authentication-Results: mx.other.example; spf=pass smtp.mailfrom=x@y.example\r\n\
         Authentication-Results: MX.EXAMPLE.NET; dmarc=pass header.from=example.co.jp\r\n\
         Authentication-Results: mx.example.net;\r\n\tdkim=pass header.d=example.co.jp\r\n{}",
        example("s1/message.eml")
    );
    let r = send_s1(port, raw.as_bytes()).await;
    let removed: Vec<u32> = r
        .modifications()
        .iter()
        .filter_map(|m| match m {
            ModificationAction::ChangeHeader(h) if h.value().is_empty() => Some(h.index()),
            _ => None,
        })
        .collect();
    // Highest first, so that removing one does not move the other.
    assert_eq!(removed, [3, 2]);
}

/// Garbage and half packets on one connection end that connection only;
/// the milter goes on serving others.
#[tokio::test]
async fn a_malformed_connection_does_not_stop_the_others() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let zone = example("s1/example.co.jp.zone");
    let port = start(&zone, "").await;
    for garbage in [
        &b"\x00\x00\x00\x05Zjunk"[..],
        &b"\xff\xff\xff\xffO"[..],
        &b"\x00\x00\x00\x00"[..],
        &b"GET / HTTP/1.0\r\n\r\n"[..],
    ] {
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        tcp.write_all(garbage).await.unwrap();
        let mut buf = [0u8; 64];
        // The milter closes the connection (or answers nothing usable).
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(5), tcp.read(&mut buf)).await;
        assert!(read.is_ok(), "{garbage:?}: the connection hangs");
    }
    // A client that connects and leaves mid-message.
    {
        let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let client = Client::new(postfix_options());
        let mut c = client.connect_via(tcp.compat()).await.unwrap();
        c.helo(&b"x.example"[..]).await.unwrap();
        c.header(Header::new(b"From", b" a@example.co.jp"))
            .await
            .unwrap();
    }
    let raw = example("s1/message.eml");
    let r = send_s1(port, raw.as_bytes()).await;
    assert!(added_results(&r)[0].contains("spf=pass"));
}

/// Several messages on one connection (Postfix reuses it): each gets the
/// results of its own envelope and header — whether or not the MTA waits
/// for each answer (on TCP it always does; on a unix socket not for
/// header fields, as Postfix offers).
#[tokio::test]
async fn several_messages_on_one_connection() {
    let (port, socket, _dir) = start_both(&example("s1/example.co.jp.zone")).await;
    let (ip, helo) = ("203.0.113.25", "mail.example.co.jp");
    for options in [answering_options(), postfix_options()] {
        let skips = options.protocol.contains(Protocol::SMFIP_SKIP);
        three_messages(&mut open(port, options.clone(), ip, helo).await, skips).await;
        three_messages(&mut open_unix(&socket, options, ip, helo).await, skips).await;
    }
}

async fn three_messages<S: AsyncRead + AsyncWrite + Unpin>(
    c: &mut Connection<Compat<S>>,
    skips: bool,
) {
    for (mail_from, spf) in [
        ("info@example.co.jp", "spf=pass"),
        ("info@unknown.example", "spf=none"),
        ("info@example.co.jp", "spf=pass"),
    ] {
        c.mail(format!("<{mail_from}>").as_bytes()).await.unwrap();
        c.header(Header::new(b"From", b" info@example.co.jp"))
            .await
            .unwrap();
        c.end_of_header().await.unwrap();
        // Nothing to verify in the body: skipped where the MTA can.
        let body = c.body(&b"hello\r\n"[..]).await;
        assert_eq!(body.is_err(), skips, "{body:?}");
        let r = c.end_of_body().await.unwrap();
        let added = added_results(&r);
        assert_eq!(added.len(), 1);
        assert!(added[0].contains(spf), "{mail_from}: {}", added[0]);
    }
}

/// Past 64 forged Authentication-Results fields claiming this server the
/// message is refused: at that field where the MTA waits for each header
/// field's answer (always on TCP), else at the end of the header — never
/// lost because header fields are not answered.
#[tokio::test]
async fn too_many_forged_results_are_refused_with_or_without_answers() {
    let (port, socket, _dir) = start_both(&example("s1/example.co.jp.zone")).await;
    let (ip, helo) = ("203.0.113.25", "mail.example.co.jp");
    for options in [answering_options(), postfix_options()] {
        refused_for_forgeries(&mut open(port, options.clone(), ip, helo).await, true).await;
    }
    refused_for_forgeries(
        &mut open_unix(&socket, answering_options(), ip, helo).await,
        true,
    )
    .await;
    refused_for_forgeries(
        &mut open_unix(&socket, postfix_options(), ip, helo).await,
        false,
    )
    .await;
}

async fn refused_for_forgeries<S: AsyncRead + AsyncWrite + Unpin>(
    c: &mut Connection<Compat<S>>,
    at_field: bool,
) {
    use miltr_client::ResponseError;
    use miltr_common::decoding::ServerCommand;
    c.mail(&b"<info@example.co.jp>"[..]).await.unwrap();
    let mut refused = None;
    for i in 0..=domainauth_milter::handler::MAX_REMOVED_RESULTS {
        let value = format!(" mx.example.net; spf=pass smtp.mailfrom=x{i}.example");
        if let Err(e) = c
            .header(Header::new(b"Authentication-Results", value.as_bytes()))
            .await
        {
            refused = Some((i, e));
            break;
        }
    }
    let refusal = if at_field {
        let (i, e) = refused.expect("refused at a field");
        assert_eq!(i, domainauth_milter::handler::MAX_REMOVED_RESULTS);
        e
    } else {
        assert!(refused.is_none(), "header fields are not answered");
        c.end_of_header()
            .await
            .expect_err("refused at the end of the header")
    };
    match refusal {
        ResponseError::Unexpected(ServerCommand::Replycode(r)) => {
            let text = format!("{r:?}");
            assert!(text.contains("550") || text.contains("[5, 5, 0]"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

/// Signed messages: the inserted DKIM-Signature fields put back as Postfix
/// writes them (`name:` and the value as given), on top of the message.
fn with_signatures(r: &ModificationResponse, raw: &str) -> (Vec<String>, String) {
    let mut fields = Vec::new();
    let mut out = String::new();
    for m in r.modifications() {
        if let ModificationAction::InsertHeader(h) = m {
            assert_eq!(h.name(), "DKIM-Signature", "only signatures are added");
            let value = h.value().replace('\n', "\r\n");
            fields.push(value.clone());
            out.push_str(&format!("DKIM-Signature:{value}\r\n"));
        }
    }
    out.push_str(raw);
    (fields, out)
}

/// Mail from an internal host is signed with every key for its From
/// domain — RSA and Ed25519 (RFC 8463) — and not verified; the signatures
/// verify with our verifier and with dkimpy.
#[tokio::test]
async fn internal_mail_is_signed_with_both_keys() {
    use domainauth::dkim::Algorithm;
    let dir = tempfile::tempdir().unwrap();
    let mut zone = String::new();
    let mut entries = String::new();
    for (selector, algorithm) in [
        ("rsa", Algorithm::RsaSha256),
        ("ed", Algorithm::Ed25519Sha256),
    ] {
        let (path, key) = key_file(dir.path(), &format!("{selector}.pem"), algorithm);
        let record = key.key_record().unwrap();
        zone.push_str(&format!(
            "{selector}._domainkey.example.co.jp. 300 IN TXT \"{record}\"\n"
        ));
        entries.push_str(&format!(
            "[[signing.keys]]\ndomain = \"example.co.jp\"\nselector = \"{selector}\"\nkey = {path:?}\n"
        ));
    }
    let port = start(&(example("s1/example.co.jp.zone") + &zone), &entries).await;
    let raw = example("s1/message.eml")
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    let r = send(
        port,
        "127.0.0.1",
        "localhost",
        "info@example.co.jp",
        raw.as_bytes(),
    )
    .await;
    assert!(matches!(r.final_action(), Action::Continue(_)));
    assert!(
        added_results(&r).is_empty(),
        "internal mail is not verified"
    );
    let (fields, signed) = with_signatures(&r, &raw);
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert!(fields.iter().all(|f| f.starts_with(" v=1;")), "{fields:?}");
    assert!(
        fields
            .iter()
            .any(|f| f.contains("a=rsa-sha256;") && f.contains("s=rsa;"))
    );
    assert!(
        fields
            .iter()
            .any(|f| f.contains("a=ed25519-sha256;") && f.contains("s=ed;"))
    );

    // Our verifier, through the same zone.
    let resolver = Arc::new(
        ZoneResolver::from_zone_text(&(example("s1/example.co.jp.zone") + &zone), None).unwrap(),
    );
    let verifier = domainauth::dkim::DkimVerifier::new(resolver);
    let results = verifier.verify_message(signed.as_bytes()).await.unwrap();
    let passed: Vec<_> = results.iter().map(|s| s.result.as_str()).collect();
    assert_eq!(passed, ["pass", "pass"]);

    // dkimpy, a real peer.
    let Some(python) = domainauth_testkit::testdata::python_with(&["dkim", "nacl"]) else {
        domainauth_testkit::testdata::missing("dkimpy with PyNaCl (python3-dkim, python3-nacl)");
        return;
    };
    let dns: serde_json::Map<String, serde_json::Value> = zone
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once(' ')?;
            let text = rest.split_once('"')?.1.trim_end_matches('"');
            Some((name.to_string(), serde_json::Value::from(text)))
        })
        .collect();
    let message = dir.path().join("signed.eml");
    std::fs::write(&message, &signed).unwrap();
    let dns_file = dir.path().join("dns.json");
    std::fs::write(&dns_file, serde_json::to_string(&dns).unwrap()).unwrap();
    let out = std::process::Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../domainauth/tests/support/dkimpy_driver.py"
        ))
        .arg("verify")
        .arg(&message)
        .arg(&dns_file)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "pass pass",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// From outside, the same configuration verifies and signs nothing.
#[tokio::test]
async fn outside_mail_is_verified_not_signed() {
    use domainauth::dkim::Algorithm;
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = key_file(dir.path(), "ed.pem", Algorithm::Ed25519Sha256);
    let port = start(
        &example("s1/example.co.jp.zone"),
        &format!(
            "[[signing.keys]]\ndomain = \"example.co.jp\"\nselector = \"ed\"\nkey = {path:?}\n"
        ),
    )
    .await;
    let r = send_s1(port, example("s1/message.eml").as_bytes()).await;
    assert_eq!(added_results(&r).len(), 1);
    assert!(
        !r.modifications().iter().any(
            |m| matches!(m, ModificationAction::InsertHeader(h) if h.name() == "DKIM-Signature")
        ),
        "{:?}",
        r.modifications()
    );
}

/// A reload changes what new connections do; a connection open during the
/// reload finishes its message under the configuration it started with.
#[tokio::test]
async fn a_reload_applies_to_new_connections_and_spares_open_ones() {
    let zone = example("s5/example.org.zone") + &example("s5/university.example.zone");
    let (port, milter) = start_milter(&zone, "").await;
    let raw = example("s5/message.eml");
    let message = Message::parse(raw.as_bytes()).unwrap();

    // A connection mid-message when the reload comes.
    let mut mid = open(
        port,
        postfix_options(),
        "192.0.2.99",
        "lists.university.example",
    )
    .await;
    mid.mail(&b"<alice@example.org>"[..]).await.unwrap();

    milter
        .reload(config("[policy]\nreject = \"none\"\n"))
        .unwrap();

    headers(&mut mid, &message).await;
    mid.end_of_header().await.unwrap();
    mid.body(message.body()).await.unwrap();
    let before = mid.end_of_body().await.unwrap();
    assert!(
        matches!(before.final_action(), Action::Replycode(_)),
        "the open connection keeps p=reject → 550: {:?}",
        before.final_action()
    );

    let after = send(
        port,
        "192.0.2.99",
        "lists.university.example",
        "alice@example.org",
        raw.as_bytes(),
    )
    .await;
    assert!(
        matches!(after.final_action(), Action::Continue(_)),
        "a new connection has reject = none: {:?}",
        after.final_action()
    );

    // A reload that cannot be used changes nothing.
    let bad = config(
        "[[signing.keys]]\ndomain = \"example.org\"\nselector = \"s\"\nkey = \"/nonexistent/key.pem\"\n",
    );
    assert!(milter.reload(bad).is_err());
    let still = send(
        port,
        "192.0.2.99",
        "lists.university.example",
        "alice@example.org",
        raw.as_bytes(),
    )
    .await;
    assert!(matches!(still.final_action(), Action::Continue(_)));
}

/// `/metrics` over HTTP counts messages by direction, DMARC result and
/// action, in the Prometheus text format.
#[tokio::test]
async fn metrics_count_messages_by_result_and_action() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let zone = example("s5/example.org.zone")
        + &example("s5/university.example.zone")
        + &example("s1/example.co.jp.zone")
        + "_dmarc.example.co.jp. 300 IN TXT \"v=DMARC1; p=reject\"\n";
    let (port, milter) = start_milter(&zone, "").await;
    let http = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let http_port = http.local_addr().unwrap().port();
    tokio::spawn(milter.metrics().serve(http));

    send_s1(port, example("s1/message.eml").as_bytes()).await;
    send_s1(port, example("s1/message.eml").as_bytes()).await;
    send(
        port,
        "192.0.2.99",
        "lists.university.example",
        "alice@example.org",
        example("s5/message.eml").as_bytes(),
    )
    .await;

    let mut tcp = TcpStream::connect(("127.0.0.1", http_port)).await.unwrap();
    tcp.write_all(b"GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    tcp.read_to_string(&mut response).await.unwrap();
    assert!(
        response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"),
        "{response}"
    );
    for line in [
        "domainauth_milter_messages_total{direction=\"incoming\",dmarc=\"pass\",action=\"accept\"} 2",
        "domainauth_milter_messages_total{direction=\"incoming\",dmarc=\"fail\",action=\"reject\"} 1",
    ] {
        assert!(response.contains(line), "{line} in\n{response}");
    }
    assert!(response.contains("# TYPE domainauth_milter_dns_lookup_seconds histogram"));
}

/// With `[history] db`, each incoming message's verdict is recorded in
/// the report store as an aggregate report's record: source IP, From
/// domains, SPF and DKIM results, the policy published and the
/// disposition — on SQLite and, when installed, PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verdicts_are_recorded_in_the_report_store() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("history.db").display().to_string();
    let postgres = domainauth_testkit::postgres::database().await;
    let mut targets = vec![sqlite];
    if let Some(db) = &postgres {
        targets.push(db.url().to_string());
    }
    for target in targets {
        let zone = example("s5/example.org.zone")
            + &example("s5/university.example.zone")
            + &example("s1/example.co.jp.zone")
            + "_dmarc.example.co.jp. 300 IN TXT \"v=DMARC1; p=quarantine; adkim=s\"\n";
        let resolver = Arc::new(ZoneResolver::from_zone_text(&zone, None).unwrap());
        let milter =
            Milter::open_with_resolver(config(&format!("[history]\ndb = {target:?}\n")), resolver)
                .await
                .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { milter.serve_tcp(listener).await });

        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        send_s1(port, example("s1/message.eml").as_bytes()).await;
        send(
            port,
            "192.0.2.99",
            "lists.university.example",
            "alice@example.org",
            example("s5/message.eml").as_bytes(),
        )
        .await;

        let store = domainauth_reports::store::Store::open(&target)
            .await
            .unwrap();
        let mut entries = Vec::new();
        for _ in 0..100 {
            entries = store.messages(started - 1, i64::MAX, 10).await.unwrap();
            if entries.len() == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(entries.len(), 2, "{target}: {entries:?}");
        let v = serde_json::to_value(&entries).unwrap();
        // S1: SPF passes for example.co.jp from 203.0.113.25, aligned.
        assert_eq!(v[0]["reporter"], "mx.example.net");
        assert_eq!(v[0]["action"], "accept");
        assert_eq!(v[0]["record"]["source_ip"], "203.0.113.25");
        assert_eq!(
            v[0]["record"]["identifiers"]["header_from"],
            "example.co.jp"
        );
        assert_eq!(
            v[0]["record"]["identifiers"]["envelope_from"],
            "example.co.jp"
        );
        assert_eq!(v[0]["record"]["evaluated"]["spf"], "pass");
        assert_eq!(v[0]["record"]["evaluated"]["disposition"], "none");
        assert_eq!(v[0]["record"]["spf"][0]["result"], "pass");
        assert_eq!(v[0]["record"]["spf"][0]["scope"], "mfrom");
        assert_eq!(v[0]["policy"]["p"], "quarantine");
        assert_eq!(v[0]["policy"]["adkim"], "strict");
        // S5: through a list, p=reject, refused.
        assert_eq!(v[1]["action"], "reject");
        assert_eq!(v[1]["record"]["source_ip"], "192.0.2.99");
        assert_eq!(v[1]["record"]["identifiers"]["header_from"], "example.org");
        assert_eq!(v[1]["record"]["evaluated"]["disposition"], "reject");
        assert_eq!(v[1]["record"]["evaluated"]["dkim"], "fail");
        assert_eq!(v[1]["record"]["evaluated"]["spf"], "fail");
        assert_eq!(v[1]["policy"]["p"], "reject");
        assert!(
            v[1]["record"]["dkim"]
                .as_array()
                .is_some_and(|d| !d.is_empty()),
            "the broken signature is recorded: {}",
            v[1]
        );
    }
}

/// A body over `max_message_size` is answered 452 4.3.4 at once (not
/// hashed to its end); a connection that says nothing is closed after
/// `idle_timeout`; the milter goes on serving others.
#[tokio::test]
async fn an_endless_body_and_a_silent_peer_are_cut_off() {
    use miltr_client::ResponseError;
    use miltr_common::actions::Action as A;
    use tokio::io::AsyncReadExt as _;
    let zone = example("s1/example.co.jp.zone");
    let port = start(
        &zone,
        "[limits]\nmax_message_size = 100000\nidle_timeout = 1\n",
    )
    .await;

    // The body sent whole (no SKIP: nothing in it would be read).
    let mut c = open(
        port,
        answering_options(),
        "203.0.113.25",
        "mail.example.co.jp",
    )
    .await;
    c.mail(&b"<info@example.co.jp>"[..]).await.unwrap();
    c.header(Header::new(b"From", b" info@example.co.jp"))
        .await
        .unwrap();
    c.end_of_header().await.unwrap();
    let chunk = vec![b'x'; 60_000];
    c.body(&chunk[..]).await.expect("under the limit");
    match c.body(&chunk[..]).await {
        Err(ResponseError::Unexpected(command)) => {
            let text = format!("{command:?}");
            assert!(text.contains("452") || text.contains("[4, 5, 2]"), "{text}");
        }
        other => panic!("expected 452 4.3.4, got {:?}", other.map(|_| ())),
    }

    // Silent: closed within the idle timeout (1 s), well before 10 s.
    let mut silent = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut buf = [0u8; 16];
    let closed =
        tokio::time::timeout(std::time::Duration::from_secs(10), silent.read(&mut buf)).await;
    assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "{closed:?}");

    let r = send_s1(port, example("s1/message.eml").as_bytes()).await;
    assert!(matches!(r.final_action(), A::Continue(_)));
}

/// The message as Postfix delivers it after the milter's answer: the
/// fields inserted at index 0 each on top of the ones before (Postfix
/// writes `name:` and the value as given), the rest unchanged.
fn delivered(r: &ModificationResponse, raw: &str) -> String {
    let mut top = String::new();
    for m in r.modifications() {
        if let ModificationAction::InsertHeader(h) = m {
            top = format!("{}:{}\r\n{top}", h.name(), h.value().replace('\n', "\r\n"));
        }
    }
    top + raw
}

/// With `[arc.seal]`, an accepted incoming message gets this hop's ARC
/// set on top (RFC 8617 §5.1): over a message without a chain (i=1,
/// cv=none) and over S5's two-hop chain (i=3, cv=pass). Both chains
/// validate with our verifier; the first also with dkimpy's `arc_verify`
/// (S5's earlier seals are Ed25519, which dkimpy's ARC code refuses:
/// "unknown signature algorithm").
#[tokio::test]
async fn accepted_mail_is_sealed_with_arc() {
    use domainauth::dkim::Algorithm;
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = key_file(dir.path(), "arc.pem", Algorithm::RsaSha256);
    let our_key = format!(
        "arc._domainkey.example.net. 300 IN TXT \"{}\"\n",
        key.key_record().unwrap()
    );
    let s5 = ["example.org", "lists.example", "university.example"]
        .map(|z| example(&format!("s5-arc/{z}.zone")))
        .join("\n");
    let zone = example("s1/example.co.jp.zone") + "\n" + &s5 + "\n" + &our_key;
    let port = start(
        &zone,
        &format!(
            "[arc]\ntrusted_sealers = [\"lists.example\"]\n[arc.seal]\ndomain = \"example.net\"\nselector = \"arc\"\nkey = {path:?}\n"
        ),
    )
    .await;
    let resolver = Arc::new(ZoneResolver::from_zone_text(&zone, None).unwrap());
    let verifier = domainauth::arc::Verifier::new(resolver.clone());
    let python = domainauth_testkit::testdata::python_with(&["dkim", "nacl"]);
    if python.is_none() {
        domainauth_testkit::testdata::missing("dkimpy with PyNaCl (python3-dkim, python3-nacl)");
    }
    let mut dns = serde_json::Map::new();
    for name in [
        "arc._domainkey.example.net",
        "arc2026._domainkey.lists.example",
        "arc2026._domainkey.university.example",
    ] {
        use domainauth::dns::Resolver as _;
        let txt = resolver.txt(name).await.unwrap();
        dns.insert(format!("{name}."), txt[0].to_text().into());
    }
    let dns_file = dir.path().join("dns.json");
    std::fs::write(&dns_file, serde_json::to_string(&dns).unwrap()).unwrap();

    let s1 = example("s1/message.eml")
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    let s5 = example("s5-arc/message.eml")
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    for (raw, ip, helo, from, instance, cv, all_rsa) in [
        (
            &s1,
            "203.0.113.25",
            "mail.example.co.jp",
            "info@example.co.jp",
            1,
            "none",
            true,
        ),
        (
            &s5,
            "192.0.2.99",
            "mail.lists.example",
            "alice@example.org",
            3,
            "pass",
            false,
        ),
    ] {
        let r = send(port, ip, helo, from, raw.as_bytes()).await;
        assert!(
            matches!(r.final_action(), Action::Continue(_)),
            "{from}: {:?}",
            r.final_action()
        );
        let out = delivered(&r, raw);
        assert!(
            out.starts_with(&format!("ARC-Seal: i={instance}; a=rsa-sha256;")),
            "{}",
            &out[..out.len().min(400)]
        );
        assert!(out.contains(&format!(" cv={cv};")), "{from}");
        let message = Message::parse(out.as_bytes()).unwrap();
        let mut validation = verifier.begin(&message);
        validation.body(message.body());
        let chain = verifier.finish(validation).await;
        assert_eq!(
            chain.status.to_string(),
            "pass",
            "{from}: {:?}",
            chain.failure
        );
        assert_eq!(chain.highest_instance, instance);

        if let Some(python) = python.as_ref().filter(|_| all_rsa) {
            let file = dir.path().join("sealed.eml");
            std::fs::write(&file, &out).unwrap();
            let o = std::process::Command::new(python)
                .arg(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../domainauth/tests/support/arc_dkimpy_driver.py"
                ))
                .arg("verify")
                .arg(&file)
                .arg(&dns_file)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&o.stdout);
            assert!(
                said.starts_with("pass"),
                "dkimpy on {from}: {said} {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

/// `max_signatures` bounds the DKIM signatures checked per message: a
/// message carrying many gets results for the first ones only.
#[tokio::test]
async fn signatures_per_message_are_capped() {
    let zone = example("s1/example.co.jp.zone");
    let signature =
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.co.jp; s=nokey; h=from; bh=AAAA; b=AAAA\r\n";
    let raw = signature.repeat(6) + &example("s1/message.eml");
    let count = |results: &str| results.matches("dkim=permerror").count();
    let port = start(&zone, "[limits]\nmax_signatures = 2\n").await;
    let capped = added_results(&send_s1(port, raw.as_bytes()).await)[0].clone();
    let port = start(&zone, "[limits]\nmax_signatures = 10\n").await;
    let all = added_results(&send_s1(port, raw.as_bytes()).await)[0].clone();
    assert_eq!(count(&all), 6, "{all}");
    assert_eq!(count(&capped), 2, "{capped}");
    // The rest: one `policy` result saying they were not checked.
    assert!(
        capped.contains("dkim=policy") && !all.contains("dkim=policy"),
        "{capped}"
    );
}

/// With SMFIP_SKIP negotiated, a message nothing needs the body of (no
/// DKIM signature, no ARC chain, no seal to make) is answered SMFIS_SKIP at
/// its first body chunk, and gets the same results as when read whole; a
/// signed message's body is read.
#[tokio::test]
async fn an_unneeded_body_is_skipped() {
    use miltr_client::ResponseError;
    use miltr_common::decoding::ServerCommand;
    let zone = example("s1/example.co.jp.zone")
        + &example("s2/shop.example.zone")
        + &example("s2/esp.example.zone");
    let port = start(&zone, "").await;
    for (name, ip, helo, from, skipped) in [
        (
            "s1",
            "203.0.113.25",
            "mail.example.co.jp",
            "info@example.co.jp",
            true,
        ),
        (
            "s2",
            "192.0.2.80",
            "mta1.esp.example",
            "bounce@esp.example",
            false,
        ),
    ] {
        let raw = example(&format!("{name}/message.eml"));
        let message = Message::parse(raw.as_bytes()).unwrap();
        let mut c = open(port, postfix_options(), ip, helo).await;
        c.mail(format!("<{from}>").as_bytes()).await.unwrap();
        headers(&mut c, &message).await;
        c.end_of_header().await.unwrap();
        let answer = c.body(message.body()).await;
        match (skipped, answer) {
            (true, Err(ResponseError::Unexpected(ServerCommand::Skip(_)))) => {}
            (false, Ok(())) => {}
            (_, other) => panic!("{name}: {:?}", other.map(|_| ())),
        }
        let r = c.end_of_body().await.unwrap();
        let whole = send(port, ip, helo, from, raw.as_bytes()).await;
        assert_eq!(added_results(&r), added_results(&whole), "{name}");
    }
}

/// A From field that names no author domain — none, two, one that does not
/// parse, or one pushed past the header limits — is refused by the local
/// policy (RFC 9989 leaves such mail to the receiver; the library rejects
/// it by default), never passed as "no DMARC".
#[tokio::test]
async fn mail_without_a_usable_from_is_refused() {
    let zone = example("s1/example.co.jp.zone");
    let port = start(&zone, "").await;
    let body = "Subject: hi\r\n\r\nbody\r\n";
    // (A From hidden past 1000 fields: the header is refused for its size,
    // a_header_over_the_limits_is_refused_for_its_size.)
    for raw in [
        body.to_string(),
        format!("From: a@example.co.jp\r\nFrom: b@example.co.jp\r\n{body}"),
        format!("From: <info@example.co.jp> junk\r\n{body}"),
    ] {
        let r = send_s1(port, raw.as_bytes()).await;
        match r.final_action() {
            Action::Replycode(code) => {
                assert_eq!(code.rcode().code(), [5, 5, 0]);
                assert!(code.message().contains("From field"), "{}", code.message());
            }
            other => panic!("{other:?} for {:?}", &raw[..raw.len().min(60)]),
        }
    }
}

/// Signatures with selectors of kilobytes (or a HELO of control
/// characters, escaped fivefold) would make the Authentication-Results
/// field larger than a milter packet: it is written in a compact form, and
/// the refusal still reaches the MTA.
#[tokio::test]
async fn huge_results_still_carry_the_verdict() {
    let zone = example("s1/example.co.jp.zone")
        + "_dmarc.example.co.jp. 300 IN TXT \"v=DMARC1; p=reject\"\n";
    let port = start(&zone, "[limits]\nmax_signatures = 10\n").await;
    let selector = "s".repeat(14_000);
    let signature = format!(
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.co.jp; s={selector}; h=from; bh=AAAA; b=AAAA\r\n"
    );
    let raw = signature.repeat(5) + &example("s1/message.eml");
    let helo = "\u{1}".repeat(2000);
    let r = send(
        port,
        "192.0.2.66",
        &helo,
        "info@example.co.jp",
        raw.as_bytes(),
    )
    .await;
    match r.final_action() {
        Action::Replycode(code) => assert_eq!(code.rcode().code(), [5, 5, 0]),
        other => panic!("{other:?}"),
    }
    let added = added_results(&r);
    assert!(added[0].len() <= 8 * 1024, "{}", added[0].len());
    assert!(
        added[0].contains("dmarc=fail header.from=example.co.jp"),
        "{}",
        added[0]
    );
    assert_eq!(
        added[0].matches("dkim=permerror").count(),
        5,
        "{}",
        added[0]
    );
}

/// A Subject in raw Shift_JIS (8-bit octets that are not UTF-8, as some
/// Japanese mailers still send): signed outgoing over the octets the MTA
/// passed, so the signature verifies against the message as delivered;
/// and incoming, a signature over those octets verifies.
#[tokio::test]
async fn eight_bit_header_octets_are_signed_and_verified_as_sent() {
    use domainauth::dkim::{Algorithm, DkimVerifier, SigningKey};
    use domainauth::{Signer, SignerConfig};
    // 「ご注文」 in Shift_JIS.
    let subject: &[u8] = b"\x82\xb2\x92\x8d\x95\xb6";
    let mut raw =
        b"From: Info <info@example.co.jp>\r\nTo: customer@example.net\r\nSubject: ".to_vec();
    raw.extend_from_slice(subject);
    raw.extend_from_slice(
        b"\r\nDate: Mon, 30 Nov 2026 09:00:00 +0900\r\nMessage-ID: <sj-1@example.co.jp>\r\n\r\nThank you.\r\n",
    );

    // Outgoing: the milter's signature, put on top of the octets sent.
    let dir = tempfile::tempdir().unwrap();
    let (path, key) = key_file(dir.path(), "ed.pem", Algorithm::Ed25519Sha256);
    let zone = format!(
        "ed._domainkey.example.co.jp. 300 IN TXT \"{}\"\n",
        key.key_record().unwrap()
    );
    let entries = format!(
        "[[signing.keys]]\ndomain = \"example.co.jp\"\nselector = \"ed\"\nkey = {path:?}\n"
    );
    let port = start(&(example("s1/example.co.jp.zone") + &zone), &entries).await;
    let r = send(port, "127.0.0.1", "localhost", "info@example.co.jp", &raw).await;
    let fields = inserted(&r, "DKIM-Signature");
    assert_eq!(fields.len(), 1, "{:?}", r.modifications());
    let mut signed = format!("DKIM-Signature:{}\r\n", fields[0].replace('\n', "\r\n")).into_bytes();
    signed.extend_from_slice(&raw);
    let resolver = Arc::new(
        ZoneResolver::from_zone_text(&(example("s1/example.co.jp.zone") + &zone), None).unwrap(),
    );
    let results = DkimVerifier::new(resolver)
        .verify_message(&signed)
        .await
        .unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].result.as_str(), "pass", "{:?}", results[0]);

    // Incoming: a signature made over the same octets by the library.
    let sender = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let zone = example("s1/example.co.jp.zone")
        + &format!(
            "in._domainkey.example.co.jp. 300 IN TXT \"{}\"\n",
            sender.key_record().unwrap()
        );
    let field = Signer::new(sender, SignerConfig::new("example.co.jp", "in"))
        .sign_message(&raw)
        .unwrap();
    let mut incoming = format!("{field}\r\n").into_bytes();
    incoming.extend_from_slice(&raw);
    let port = start(&zone, "").await;
    let r = send_s1(port, &incoming).await;
    let added = added_results(&r);
    assert_eq!(added.len(), 1, "{:?}", r.modifications());
    assert!(added[0].contains("dkim=pass"), "{}", added[0]);
}

/// Past `max_connections` a new connection is closed at once (the MTA
/// then applies its milter_default_action) and counted; the open ones go
/// on, and once one ends a new one is served again.
#[tokio::test]
async fn connections_past_the_limit_are_closed_and_counted() {
    use tokio::io::AsyncReadExt as _;
    let zone = example("s1/example.co.jp.zone");
    let (port, milter) = start_milter(&zone, "[limits]\nmax_connections = 2\n").await;
    let first = open(
        port,
        postfix_options(),
        "203.0.113.25",
        "mail.example.co.jp",
    )
    .await;
    let second = open(
        port,
        postfix_options(),
        "203.0.113.25",
        "mail.example.co.jp",
    )
    .await;
    // The third: closed before it is answered.
    let mut third = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), third.read(&mut buf))
        .await
        .expect("closed, not left waiting");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert!(
        milter
            .metrics()
            .encode()
            .contains("domainauth_milter_errors_total{kind=\"connection_limit\"} 1"),
        "{}",
        milter.metrics().encode()
    );
    // The open ones still work.
    drop(second);
    let mut c = first;
    c.mail(&b"<info@example.co.jp>"[..]).await.unwrap();
    drop(c);
    // Once they have ended, a whole message goes through again.
    let raw = example("s1/message.eml");
    let mut tries = 0;
    loop {
        let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        if Client::new(postfix_options())
            .connect_via(tcp.compat())
            .await
            .is_ok()
        {
            break;
        }
        tries += 1;
        assert!(tries < 100, "no connection served after the others closed");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let r = send_s1(port, raw.as_bytes()).await;
    assert!(added_results(&r)[0].contains("spf=pass"));
}

/// One packet to the milter: command `code` and its data.
async fn put(tcp: &mut TcpStream, code: u8, data: &[u8]) {
    use tokio::io::AsyncWriteExt as _;
    let mut packet = u32::try_from(data.len() + 1)
        .unwrap()
        .to_be_bytes()
        .to_vec();
    packet.push(code);
    packet.extend_from_slice(data);
    tcp.write_all(&packet).await.unwrap();
}

/// The milter's next packet: its code and data; `None` once it closed the
/// connection.
async fn take(tcp: &mut TcpStream) -> Option<(u8, Vec<u8>)> {
    use tokio::io::AsyncReadExt as _;
    let mut length = [0u8; 4];
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tcp.read_exact(&mut length),
    )
    .await
    .expect("an answer or the connection closed");
    read.ok()?;
    let mut packet = vec![0u8; u32::from_be_bytes(length) as usize];
    tcp.read_exact(&mut packet).await.ok()?;
    Some((packet[0], packet[1..].to_vec()))
}

/// Option negotiation as an MTA that speaks `version` and allows
/// `actions`, every protocol option offered.
fn optneg(version: u32, actions: u32) -> Vec<u8> {
    [version, actions, 0x003f_ffff]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect()
}

/// An MTA that keeps the connection for its next SMTP client
/// (SMFIC_QUIT_NC, Sendmail does) or sends a second connect: nothing of
/// the client before carries over — not its address (an internal host's,
/// whose mail is signed and not verified), not its forged fields.
#[tokio::test]
async fn the_next_client_on_a_kept_connection_starts_afresh() {
    let zone = example("s1/example.co.jp.zone")
        + "_dmarc.example.com. 300 IN TXT \"v=DMARC1; p=reject\"\n";
    let port = start(&zone, "").await;
    // Every command is answered on TCP: each `take` reads its answer.
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    put(&mut tcp, b'O', &optneg(6, 0x1ff)).await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'O');
    put(&mut tcp, b'C', b"localhost\x004\x00\x19127.0.0.1\x00").await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    put(&mut tcp, b'M', b"<a@example.com>\x00").await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    for i in 0..64 {
        let field = format!(
            "Authentication-Results\x00 mx.example.net; spf=pass smtp.mailfrom=x{i}.example\x00"
        );
        put(&mut tcp, b'L', field.as_bytes()).await;
        assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    }
    // The MTA is done with that client and keeps the connection.
    put(&mut tcp, b'K', b"").await;
    put(&mut tcp, b'O', &optneg(6, 0x1ff)).await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'O');
    // A client whose address is not an IP (family U: unknown).
    put(&mut tcp, b'C', b"unknown\x00U").await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    put(&mut tcp, b'M', b"<a@example.com>\x00").await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    put(
        &mut tcp,
        b'L',
        b"Authentication-Results\x00 other.example; spf=pass smtp.mailfrom=example.com\x00",
    )
    .await;
    assert_eq!(
        take(&mut tcp).await.unwrap().0,
        b'c',
        "one field of another server is no forgery, whatever came before"
    );
    put(&mut tcp, b'L', b"From\x00 a@example.com\x00").await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    put(&mut tcp, b'N', b"").await;
    assert_eq!(take(&mut tcp).await.unwrap().0, b'c');
    put(&mut tcp, b'E', b"").await;
    let mut answers = Vec::new();
    while let Some((code, data)) = take(&mut tcp).await {
        answers.push((code, String::from_utf8_lossy(&data).into_owned()));
        if code != b'h' && code != b'i' && code != b'm' && code != b'q' {
            break;
        }
    }
    // Verified as incoming mail (not signed as the internal host's), no
    // field removed, and refused by example.com's p=reject.
    assert!(answers.iter().all(|(code, _)| *code != b'm'), "{answers:?}");
    let (last, text) = answers.last().unwrap();
    assert_eq!(*last, b'y', "{answers:?}");
    assert!(text.starts_with("550"), "{text}");
}

/// The negotiation is refused, as libmilter refuses it, for a protocol
/// version before 2 or an MTA that does not allow the actions the milter
/// needs (the MTA then applies its milter_default_action); a command
/// before any negotiation ends the connection too. None of it stops the
/// milter.
#[tokio::test]
async fn an_unusable_negotiation_is_refused() {
    let zone = example("s1/example.co.jp.zone");
    let port = start(&zone, "").await;
    for (what, code, data) in [
        ("version 1", b'O', optneg(1, 0x1ff)),
        ("no header changes", b'O', optneg(6, 0x01)),
        ("no quarantine", b'O', optneg(6, 0x01 | 0x10)),
        (
            "a connect first",
            b'C',
            b"localhost\x004\x00\x19127.0.0.1\x00".to_vec(),
        ),
        ("an end of message first", b'E', Vec::new()),
    ] {
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        put(&mut tcp, code, &data).await;
        assert_eq!(
            take(&mut tcp).await,
            None,
            "{what}: the connection is closed"
        );
    }
    let r = send_s1(port, example("s1/message.eml").as_bytes()).await;
    assert!(added_results(&r)[0].contains("spf=pass"));
}

/// A header of more than 1000 fields cannot be read for the verdict: the
/// message is refused at the end of the header for its size, naming it
/// (not as a message without a From), with or without answers to each
/// field; 1000 fields are judged as usual (no DMARC record here: accepted).
#[tokio::test]
async fn a_header_over_the_limits_is_refused_for_its_size() {
    use miltr_client::ResponseError;
    use miltr_common::decoding::ServerCommand;
    let (port, socket, _dir) = start_both(&example("s1/example.co.jp.zone")).await;
    for (fields, refused) in [(1000, false), (1001, true), (5000, true)] {
        for unix in [false, true] {
            let (ip, helo) = ("192.0.2.66", "relay.example");
            let answer = if unix {
                let mut c = open_unix(&socket, postfix_options(), ip, helo).await;
                over_limits(&mut c, fields).await
            } else {
                let mut c = open(port, postfix_options(), ip, helo).await;
                over_limits(&mut c, fields).await
            };
            match (refused, answer) {
                (false, Ok(())) => {}
                (true, Err(ResponseError::Unexpected(ServerCommand::Replycode(r)))) => {
                    let text = format!("{r:?}");
                    assert!(text.contains("header too large"), "{text}");
                }
                (_, other) => panic!("{fields} fields (unix {unix}): {other:?}"),
            }
        }
    }
}

/// A message from nodmarc.example with `fields` header fields, the From
/// last, to the end of the header.
async fn over_limits<S: AsyncRead + AsyncWrite + Unpin>(
    c: &mut Connection<Compat<S>>,
    fields: usize,
) -> Result<(), miltr_client::ResponseError> {
    c.mail(&b"<a@nodmarc.example>"[..]).await.unwrap();
    for i in 1..fields {
        let value = format!(" from h{i}.example by relay.example; Mon, 30 Nov 2026 09:00:00 +0900");
        c.header(Header::new(b"Received", value.as_bytes())).await?;
    }
    // The From last: past the limit it would be lost, not misread.
    c.header(Header::new(b"From", b" a@nodmarc.example"))
        .await?;
    c.end_of_header().await
}
