//! A real Postfix with the milter attached, end to end: mail submitted with
//! swaks over SMTP (claiming an outside client with XCLIENT), the milter
//! asking a real DNS server on 127.0.0.1, and the result read from the
//! Maildir Postfix delivered to, from the hold queue, or from swaks's
//! transcript. Signatures are made by dkimpy, a peer, with a key generated
//! for the run.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use domainauth::dns::ZoneResolver;
use domainauth::mail::Message;
use domainauth_milter::Milter;
use domainauth_milter::config::Config;
use domainauth_testkit::postfix::{Postfix, RECIPIENT_DOMAIN};
use domainauth_testkit::server::{ServerFault, TestDnsServer};
use domainauth_testkit::testdata::{missing, python_with};

const AUTHSERV_ID: &str = "mx.test.example";

/// The address SPF lists for sender.example and quarantine.example.
const LISTED_IP: &str = "192.0.2.10";

/// An outside address no SPF record lists.
const UNLISTED_IP: &str = "198.51.100.7";

/// dkimpy signing stdin with the key, selector and domain given.
const DKIMPY_SIGN: &str = "import sys, dkim
key = open(sys.argv[1], 'rb').read()
msg = sys.stdin.buffer.read()
sig = dkim.sign(msg, sys.argv[2].encode(), sys.argv[3].encode(), key,
    include_headers=[b'from', b'to', b'subject', b'date', b'message-id'])
sys.stdout.buffer.write(sig + msg)
";

/// dkimpy verifying stdin, DNS answered from a TXT record given.
const DKIMPY_VERIFY: &str = "import sys, dkim
txt = sys.argv[1].encode()
name = sys.argv[2].encode()
def dnsfunc(n, timeout=5):
    return txt if n.rstrip(b'.') == name else None
msg = sys.stdin.buffer.read()
sys.exit(0 if dkim.verify(msg, dnsfunc=dnsfunc) else 1)
";

/// Postfix, the milter, the DNS server and the run's key.
struct Env {
    postfix: Postfix,
    dir: PathBuf,
    python: String,
    /// The DKIM key of sender.example (selector s1), PKCS#1 PEM.
    key: PathBuf,
    /// Its DNS record.
    key_record: String,
    dns: TestDnsServer,
    _runtime: tokio::runtime::Runtime,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn swaks_program() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/swaks");
    if path.is_file() {
        return Some(path);
    }
    missing("swaks (Debian package swaks)");
    None
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn make_dir() -> PathBuf {
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "da-postfix-test-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Everything started, the milter configured with `extra` TOML (`{key}`
/// in it replaced by the path of the run's key); `None` when a peer is
/// missing (after a loud skip).
fn start(extra: &str) -> Option<Env> {
    swaks_program()?;
    let Some(python) = python_with(&["dkim"]) else {
        missing("dkimpy (Debian package python3-dkim)");
        return None;
    };
    let dir = make_dir();
    openssl(&dir, &["genrsa", "-traditional", "-out", "key.pem", "2048"]);
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir.join("key.pem"), std::fs::Permissions::from_mode(0o600))
            .unwrap();
    }
    let public = String::from_utf8(openssl(&dir, &["rsa", "-in", "key.pem", "-pubout"])).unwrap();
    let public: String = public.lines().filter(|l| !l.starts_with("-----")).collect();
    let key_record = format!("v=DKIM1; k=rsa; p={public}");
    // A TXT string holds 255 bytes at most (RFC 1035 §3.3.14).
    let strings: Vec<String> = key_record
        .as_bytes()
        .chunks(200)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    let zone = format!(
        "$ORIGIN sender.example.
@ 300 IN TXT \"v=spf1 ip4:{LISTED_IP} -all\"
_dmarc 300 IN TXT \"v=DMARC1; p=reject\"
s1._domainkey 300 IN TXT ( {} )
$ORIGIN quarantine.example.
@ 300 IN TXT \"v=spf1 ip4:{LISTED_IP} -all\"
_dmarc 300 IN TXT \"v=DMARC1; p=quarantine\"
",
        strings.join(" ")
    );
    let zone = ZoneResolver::from_zone_text(&zone, None).unwrap();
    let dns = TestDnsServer::start(&zone).unwrap();
    let config = Config::parse(&format!(
        "listen = \"inet:127.0.0.1:0\"\nauthserv_id = \"{AUTHSERV_ID}\"\n\
         [dns]\nserver = \"{}\"\n{extra}",
        dns.addr(),
        extra = extra.replace("{key}", &dir.join("key.pem").display().to_string()),
    ))
    .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let milter = runtime.block_on(Milter::open(config)).unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let milter_port = listener.local_addr().unwrap().port();
    runtime.spawn(async move { milter.serve_tcp(listener).await });
    let Some(postfix) = Postfix::builder()
        .milter(&format!("inet:127.0.0.1:{milter_port}"))
        .start()
    else {
        let _ = std::fs::remove_dir_all(&dir);
        return None;
    };
    Some(Env {
        postfix,
        key: dir.join("key.pem"),
        dir,
        python,
        key_record,
        dns,
        _runtime: runtime,
    })
}

/// What swaks printed and whether it succeeded.
struct Sent {
    ok: bool,
    transcript: String,
}

impl Env {
    /// A message with this Message-ID, From and Subject, CRLF line ends.
    fn message(&self, id: &str, from: &str, extra_fields: &str, body: &str) -> Vec<u8> {
        format!(
            "From: {from}\r\nTo: inbox@{RECIPIENT_DOMAIN}\r\nSubject: test {id}\r\n\
             Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nMessage-ID: <{id}@test>\r\n\
             {extra_fields}\r\n{body}"
        )
        .into_bytes()
    }

    /// `message` signed by dkimpy as sender.example, selector s1.
    fn dkimpy_sign(&self, message: &[u8]) -> Vec<u8> {
        let mut child = Command::new(&self.python)
            .args(["-c", DKIMPY_SIGN])
            .arg(&self.key)
            .args(["s1", "sender.example"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(message).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "dkimpy could not sign");
        assert!(out.stdout.starts_with(b"DKIM-Signature:"));
        out.stdout
    }

    /// Whether dkimpy finds a good signature in `message`, the key's
    /// record served for s1._domainkey.sender.example.
    fn dkimpy_verifies(&self, message: &[u8]) -> bool {
        let mut child = Command::new(&self.python)
            .args(["-c", DKIMPY_VERIFY, &self.key_record])
            .arg("s1._domainkey.sender.example")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(message).unwrap();
        child.wait_with_output().unwrap().status.success()
    }

    /// Submits `message` with swaks; `xclient` are swaks's XCLIENT
    /// options (claiming an outside client), empty for 127.0.0.1 itself.
    fn send(&self, mail_from: &str, helo: &str, xclient: &[&str], message: &[u8]) -> Sent {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let file = self
            .dir
            .join(format!("m{}.eml", SEQ.fetch_add(1, Ordering::Relaxed)));
        std::fs::write(&file, message).unwrap();
        let out = Command::new("/usr/bin/swaks")
            .arg("--server")
            .arg(self.postfix.smtp_addr().to_string())
            .args(["--from", mail_from, "--helo", helo])
            .args(["--to", &format!("inbox@{RECIPIENT_DOMAIN}")])
            .args(xclient)
            .arg("--data")
            .arg(&file)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Sent {
            ok: out.status.success(),
            transcript: String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        }
    }

    /// From the listed address, as sender.example's server.
    fn send_listed(&self, from: &str, message: &[u8]) -> Sent {
        self.send(
            from,
            "mail.sender.example",
            &["--xclient-addr", LISTED_IP],
            message,
        )
    }

    /// From an address SPF does not list.
    fn send_unlisted(&self, from: &str, message: &[u8]) -> Sent {
        self.send(
            from,
            "mail.forger.example",
            &["--xclient-addr", UNLISTED_IP],
            message,
        )
    }

    fn delivered(&self, id: &str) -> Vec<u8> {
        self.postfix.wait_for_message(&format!("<{id}@test>"))
    }

    fn is_delivered(&self, id: &str) -> bool {
        let needle = format!("<{id}@test>");
        self.postfix
            .messages()
            .iter()
            .any(|m| m.windows(needle.len()).any(|w| w == needle.as_bytes()))
    }
}

/// The Authentication-Results values of `raw`.
fn results(raw: &[u8]) -> Vec<String> {
    let message = Message::parse(raw).unwrap();
    message
        .fields()
        .filter(|f| f.name.eq_ignore_ascii_case("Authentication-Results"))
        .map(|f| f.text())
        .collect()
}

/// The authserv-id of an Authentication-Results value (RFC 8601 §2.2).
fn authserv_id(value: &str) -> &str {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
}

/// `method` → result of each resinfo (RFC 8601 §2.2), first one per method.
fn method_result(value: &str, method: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|resinfo| {
        let first = resinfo.split_whitespace().next()?;
        let (m, r) = first.split_once('=')?;
        m.eq_ignore_ascii_case(method)
            .then(|| r.to_ascii_lowercase())
    })
}

/// The one Authentication-Results field claiming our authserv-id.
fn ours(raw: &[u8]) -> String {
    let ours: Vec<String> = results(raw)
        .into_iter()
        .filter(|v| authserv_id(v).eq_ignore_ascii_case(AUTHSERV_ID))
        .collect();
    assert_eq!(
        ours.len(),
        1,
        "{ours:?} in\n{}",
        String::from_utf8_lossy(raw)
    );
    ours.into_iter().next().unwrap()
}

#[test]
fn a_signed_message_from_a_listed_address_passes_and_is_delivered() {
    let Some(env) = start("") else { return };
    let message = env.dkimpy_sign(&env.message(
        "good",
        "Alice <alice@sender.example>",
        "",
        "Hello from sender.example.\r\n",
    ));
    let sent = env.send_listed("alice@sender.example", &message);
    assert!(sent.ok, "{}", sent.transcript);
    let delivered = env.delivered("good");
    let ar = ours(&delivered);
    assert_eq!(method_result(&ar, "spf").as_deref(), Some("pass"), "{ar}");
    assert_eq!(method_result(&ar, "dkim").as_deref(), Some("pass"), "{ar}");
    assert_eq!(method_result(&ar, "dmarc").as_deref(), Some("pass"), "{ar}");
    assert!(ar.contains("header.d=sender.example"), "{ar}");
    // "Authentication-Results: mx…": Postfix writes what the milter gives
    // after the colon, so the usual space must come from the milter.
    let message = Message::parse(&delivered).unwrap();
    let field = message.get("Authentication-Results").unwrap();
    assert!(field.value.starts_with(b" "), "{:?}", field.value);
    // The signature still verifies for a peer after Postfix and the milter.
    assert!(env.dkimpy_verifies(&delivered));
}

#[test]
fn a_forged_result_claiming_our_id_is_removed_and_others_kept() {
    let Some(env) = start("") else { return };
    let forged = format!(
        "Authentication-Results: {AUTHSERV_ID}; dkim=pass header.d=forged.example\r\n\
         Authentication-Results: relay.other.example; spf=pass smtp.mailfrom=other.example\r\n"
    );
    let message =
        env.dkimpy_sign(&env.message("forged", "alice@sender.example", &forged, "Trust me.\r\n"));
    let sent = env.send_listed("alice@sender.example", &message);
    assert!(sent.ok, "{}", sent.transcript);
    let delivered = env.delivered("forged");
    let all = results(&delivered);
    assert!(all.iter().all(|v| !v.contains("forged.example")), "{all:?}");
    assert!(
        all.iter().any(|v| authserv_id(v) == "relay.other.example"),
        "{all:?}"
    );
    let ar = ours(&delivered);
    assert_eq!(method_result(&ar, "dkim").as_deref(), Some("pass"), "{ar}");
    assert!(ar.contains("header.d=sender.example"), "{ar}");
}

#[test]
fn a_body_changed_after_signing_fails_dkim_and_passes_dmarc_by_spf() {
    let Some(env) = start("") else { return };
    let signed =
        env.dkimpy_sign(&env.message("changed", "alice@sender.example", "", "Pay 10 EUR.\r\n"));
    let text = String::from_utf8(signed).unwrap();
    let changed = text.replace("Pay 10 EUR.", "Pay 99 EUR.");
    assert_ne!(changed, text);
    let sent = env.send_listed("alice@sender.example", changed.as_bytes());
    assert!(sent.ok, "{}", sent.transcript);
    let ar = ours(&env.delivered("changed"));
    assert_eq!(method_result(&ar, "dkim").as_deref(), Some("fail"), "{ar}");
    assert_eq!(method_result(&ar, "spf").as_deref(), Some("pass"), "{ar}");
    assert_eq!(method_result(&ar, "dmarc").as_deref(), Some("pass"), "{ar}");
}

#[test]
fn dmarc_reject_is_refused_in_the_smtp_session() {
    let Some(env) = start("") else { return };
    let message = env.message("reject", "ceo@sender.example", "", "Wire money.\r\n");
    let sent = env.send_unlisted("ceo@sender.example", &message);
    assert!(!sent.ok, "{}", sent.transcript);
    // swaks marks the server's error replies with "<**".
    assert!(
        sent.transcript
            .lines()
            .any(|l| l.starts_with("<** 550 5.7.1 ")),
        "{}",
        sent.transcript
    );
    assert!(
        env.postfix.log().contains("milter-reject: END-OF-MESSAGE"),
        "{}",
        env.postfix.log()
    );
    // Refused before Postfix took it: nothing queued, nothing delivered.
    assert_eq!(env.postfix.postqueue_json().trim(), "");
    assert!(!env.is_delivered("reject"));
}

#[test]
fn dmarc_quarantine_is_held_by_postfix() {
    let Some(env) = start("") else { return };
    let message = env.message("held", "news@quarantine.example", "", "Offer.\r\n");
    let sent = env.send_unlisted("news@quarantine.example", &message);
    assert!(sent.ok, "{}", sent.transcript);
    let held = env.postfix.held();
    assert_eq!(held.len(), 1, "{}", env.postfix.log());
    let queued = env.postfix.postqueue_json();
    assert!(queued.contains("\"queue_name\": \"hold\""), "{queued}");
    assert!(env.postfix.log().contains("milter-hold: END-OF-MESSAGE"));
    // The held copy carries our results.
    let copy = env.postfix.postcat(&held[0]);
    assert!(copy.contains("dmarc=fail"), "{copy}");
    // A message sent after it is delivered; the held one never is.
    let after = env.dkimpy_sign(&env.message("after", "alice@sender.example", "", "Hi.\r\n"));
    assert!(env.send_listed("alice@sender.example", &after).ok);
    env.delivered("after");
    assert!(!env.is_delivered("held"));
}

#[test]
fn a_dns_failure_is_accepted_by_default_and_tempfailed_when_configured() {
    for (config, tempfail) in [("", false), ("[errors]\non_failure = \"tempfail\"\n", true)] {
        let Some(env) = start(config) else { return };
        // The DMARC record cannot be had: DMARC temperror (RFC 9989).
        env.dns
            .set_fault("_dmarc.sender.example", ServerFault::ServFail);
        let message = env.message("dnsfail", "alice@sender.example", "", "Hi.\r\n");
        let sent = env.send_listed("alice@sender.example", &message);
        if tempfail {
            assert!(!sent.ok, "{}", sent.transcript);
            assert!(
                sent.transcript
                    .lines()
                    .any(|l| l.starts_with("<** 451 4.7.0 ")),
                "{}",
                sent.transcript
            );
            assert_eq!(env.postfix.postqueue_json().trim(), "");
        } else {
            assert!(sent.ok, "{}", sent.transcript);
            let ar = ours(&env.delivered("dnsfail"));
            assert_eq!(method_result(&ar, "spf").as_deref(), Some("pass"), "{ar}");
            assert_eq!(
                method_result(&ar, "dmarc").as_deref(),
                Some("temperror"),
                "{ar}"
            );
        }
    }
}

#[test]
fn mail_from_an_internal_host_or_a_logged_in_sender_is_signed() {
    let config = "[signing]\n\
         [[signing.keys]]\ndomain = \"sender.example\"\nselector = \"s1\"\nkey = \"{key}\"\n";
    let Some(env) = start(config) else { return };
    // From 127.0.0.1 itself: an internal host.
    let message = env.message("internal", "alice@sender.example", "", "Outgoing.\r\n");
    let sent = env.send(
        "alice@sender.example",
        "client.sender.example",
        &[],
        &message,
    );
    assert!(sent.ok, "{}", sent.transcript);
    let delivered = env.delivered("internal");
    assert_signed_not_verified(&env, &delivered);
    // From outside, logged in (XCLIENT LOGIN becomes {auth_authen}).
    let message = env.message("login", "alice@sender.example", "", "Roaming.\r\n");
    let sent = env.send(
        "alice@sender.example",
        "laptop.example",
        &["--xclient-addr", UNLISTED_IP, "--xclient-login", "alice"],
        &message,
    );
    assert!(sent.ok, "{}", sent.transcript);
    let delivered = env.delivered("login");
    assert_signed_not_verified(&env, &delivered);
    // Without Message-ID and Date: Postfix's cleanup adds them before the
    // milter sees the header, so they are signed.
    let message = format!(
        "From: alice@sender.example\r\nTo: inbox@{RECIPIENT_DOMAIN}\r\n\
         Subject: test bare-header\r\n\r\nNo date.\r\n"
    );
    let sent = env.send(
        "alice@sender.example",
        "client.sender.example",
        &[],
        message.as_bytes(),
    );
    assert!(sent.ok, "{}", sent.transcript);
    let delivered = env.postfix.wait_for_message("test bare-header");
    assert_signed_not_verified(&env, &delivered);
    let signature = &signatures(&delivered)[0];
    let h: Vec<String> = signature
        .split(';')
        .filter_map(|t| t.trim().strip_prefix("h="))
        .flat_map(|h| h.split(':').map(|n| n.trim().to_ascii_lowercase()))
        .collect();
    for name in ["message-id", "date"] {
        assert!(
            h.iter().any(|n| n == name),
            "{name} not in h= of {signature}"
        );
    }
    // From outside, not logged in: incoming, verified, not signed.
    let message = env.message("incoming", "alice@sender.example", "", "Inbound.\r\n");
    let sent = env.send_listed("alice@sender.example", &message);
    assert!(sent.ok, "{}", sent.transcript);
    let delivered = env.delivered("incoming");
    assert_eq!(signatures(&delivered), Vec::<String>::new());
    let ar = ours(&delivered);
    assert_eq!(method_result(&ar, "dkim").as_deref(), Some("none"), "{ar}");
}

/// The DKIM-Signature values of `raw`.
fn signatures(raw: &[u8]) -> Vec<String> {
    Message::parse(raw)
        .unwrap()
        .fields()
        .filter(|f| f.name.eq_ignore_ascii_case("DKIM-Signature"))
        .map(|f| f.text())
        .collect()
}

/// One signature of sender.example (selector s1) that dkimpy verifies,
/// and no results of ours (outgoing mail is not verified).
fn assert_signed_not_verified(env: &Env, delivered: &[u8]) {
    let text = String::from_utf8_lossy(delivered);
    let signatures = signatures(delivered);
    assert_eq!(signatures.len(), 1, "{text}");
    let tags: Vec<(String, String)> = signatures[0]
        .split(';')
        .filter_map(|t| t.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.split_whitespace().collect()))
        .collect();
    let tag = |name: &str| {
        tags.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(tag("d"), Some("sender.example"), "{text}");
    assert_eq!(tag("s"), Some("s1"), "{text}");
    assert!(env.dkimpy_verifies(delivered), "{text}");
    assert!(
        results(delivered)
            .iter()
            .all(|v| !authserv_id(v).eq_ignore_ascii_case(AUTHSERV_ID)),
        "{text}"
    );
}
