//! The IMAP source against a real Dovecot (Debian `dovecot-imapd`) that
//! the test kit starts on 127.0.0.1 with a generated CA and Maildir.
//!
//! What the server holds is checked on disk, in its Maildir, not through
//! our own client: after a move the messages are files in the target
//! folder's Maildir (RFC 3501 §5.1.3 gives the modified UTF-7 name of a
//! non-ASCII folder), a message marked seen has the `S` flag in its file
//! name (the Maildir specification's `:2,S`), and Dovecot's logout line
//! says how many bytes it sent (`out=`), which shows an oversized message
//! was never downloaded.

use std::io::Write as _;
use std::time::{Duration, Instant};

use domainauth_reports::Limits;
use domainauth_reports::source::imap::{
    ImapConfig, ImapError, ImapSource, ImapUrl, MessageRejected, Password, Selection, Step,
    UrlError, WatchEvent,
};
use domainauth_testkit::dovecot::{Dovecot, PASSWORD, USER};

/// A line on stderr that shows under a plain `cargo test`.
fn ran(what: &str) {
    let _ = writeln!(std::io::stderr().lock(), "imap_dovecot: {what}");
}

/// A report mail as receivers send them (CRLF line ends, as IMAP
/// transmits them, so the fetched bytes equal the delivered ones), padded
/// to about `pad` bytes.
fn report_mail(n: usize, pad: usize) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\"?>\r\n<feedback><report_metadata><org_name>receiver.example</org_name>\
         <email>noreply@receiver.example</email><report_id>r-{n}</report_id><date_range><begin>1700000000</begin>\
         <end>1700086400</end></date_range></report_metadata></feedback>\r\n"
    );
    let mut mail = format!(
        "From: noreply@receiver.example\r\nTo: dmarc@example.com\r\n\
         Subject: Report Domain: example.com Submitter: receiver.example Report-ID: r-{n}\r\n\
         Message-ID: <r-{n}@receiver.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/xml\r\nContent-Disposition: attachment; filename=\"r-{n}.xml\"\r\n\r\n{xml}"
    );
    while mail.len() < pad {
        mail.push_str("<!-- padding padding padding padding padding padding padding -->\r\n");
    }
    mail.into_bytes()
}

fn config(url: &str, server: &Dovecot) -> ImapConfig {
    let mut config = ImapConfig::new(
        url.parse().expect("harness URL"),
        Password::new(PASSWORD).expect("password"),
    );
    config.ca_file = Some(server.ca_file());
    config.command_timeout = Duration::from_secs(20);
    config
}

async fn connect(config: ImapConfig) -> ImapSource {
    match ImapSource::connect(config).await {
        Ok(source) => source,
        Err(e) => panic!("connect: {e}"),
    }
}

/// Fetches every listed message and returns their bytes.
async fn fetch_all(source: &mut ImapSource) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for uid in source.list().await.expect("list") {
        let message = source
            .fetch(uid)
            .await
            .expect("fetch")
            .expect("not rejected");
        assert_eq!(message.uid, uid);
        assert_eq!(message.mailbox, "INBOX");
        out.push(message.bytes);
    }
    out
}

#[tokio::test]
async fn fetches_over_implicit_tls_and_over_starttls() {
    let mails: Vec<Vec<u8>> = (1..=3).map(|n| report_mail(n, 0)).collect();
    let mut builder = Dovecot::builder();
    for mail in &mails {
        builder = builder.message("INBOX", mail.clone());
    }
    let Some(server) = builder.start() else {
        return;
    };

    for url in [server.imaps_url("INBOX"), server.starttls_url("INBOX")] {
        let mut source = connect(config(&url, &server)).await;
        assert_ne!(source.uid_validity(), 0, "SELECT gave a UIDVALIDITY");
        let mut got = fetch_all(&mut source).await;
        got.sort();
        let mut want = mails.clone();
        want.sort();
        assert_eq!(got, want, "{url}: the delivered messages, byte for byte");
        source.logout().await.expect("logout");
        ran(&format!("fetched {} messages over {url}", got.len()));
    }
    // Both logins appear in Dovecot's log, each over TLS.
    let log = server.log();
    let logins: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("Login: user=<reports>"))
        .collect();
    assert_eq!(logins.len(), 2, "{log}");
    assert!(logins.iter().all(|l| l.contains("TLS")), "{log}");
}

#[tokio::test]
async fn a_wrong_password_is_a_login_error() {
    let Some(server) = Dovecot::start() else {
        return;
    };
    let mut config = config(&server.imaps_url("INBOX"), &server);
    config.password = Password::new("not-the-password").unwrap();
    let error = ImapSource::connect(config).await.unwrap_err();
    assert_eq!(
        error,
        ImapError::Login {
            host: "localhost".into(),
            user: USER.into()
        }
    );
    assert!(!error.to_string().contains("not-the-password"));
    assert!(!format!("{error:?}").contains("not-the-password"));
    ran(&format!("wrong password: {error}"));
}

#[tokio::test]
async fn an_unknown_ca_or_a_wrong_name_is_a_tls_error() {
    let Some(server) = Dovecot::start() else {
        return;
    };
    // The CA given did not sign the server's certificate.
    let mut other = config(&server.imaps_url("INBOX"), &server);
    other.ca_file = Some(server.other_ca_file());
    let error = ImapSource::connect(other).await.unwrap_err();
    assert_eq!(
        error,
        ImapError::CertificateUntrusted {
            host: "localhost".into()
        }
    );
    ran(&format!("other CA: {error}"));
    // No CA given: the Web PKI roots do not include the test CA, over
    // STARTTLS as over implicit TLS.
    let mut none = config(&server.starttls_url("INBOX"), &server);
    none.ca_file = None;
    let error = ImapSource::connect(none).await.unwrap_err();
    assert_eq!(
        error,
        ImapError::CertificateUntrusted {
            host: "localhost".into()
        }
    );
    // The right CA, but the certificate names localhost, not 127.0.0.1.
    let url = format!("imaps://{USER}@127.0.0.1:{}/INBOX", server.imaps_port);
    let error = ImapSource::connect(config(&url, &server))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ImapError::CertificateName {
            host: "127.0.0.1".into()
        }
    );
    ran(&format!("wrong name: {error}"));
    // A CA file that holds no certificate.
    let mut bad = config(&server.imaps_url("INBOX"), &server);
    bad.ca_file = Some(server.maildir("INBOX").join("no-such.pem"));
    assert!(matches!(
        ImapSource::connect(bad).await.unwrap_err(),
        ImapError::CaFile { .. }
    ));
}

#[tokio::test]
async fn bad_urls_mailboxes_and_ports() {
    // Refused before any connection.
    assert_eq!(
        format!("imaps://{USER}:{PASSWORD}@localhost/INBOX").parse::<ImapUrl>(),
        Err(UrlError::Password)
    );
    assert_eq!(
        "imaps://localhost/INBOX".parse::<ImapUrl>(),
        Err(UrlError::NoUser)
    );
    assert!(matches!(
        "imaps://reports@localhost:99999/INBOX".parse::<ImapUrl>(),
        Err(UrlError::Port { .. })
    ));
    let Some(server) = Dovecot::start() else {
        return;
    };

    // A mailbox that does not exist: Dovecot's NO, quoted.
    let error = ImapSource::connect(config(&server.imaps_url("No%20Such"), &server))
        .await
        .unwrap_err();
    match &error {
        ImapError::MailboxMissing { mailbox, text, .. } => {
            assert_eq!(mailbox, "No Such");
            assert!(text.contains("No Such"), "{text}");
        }
        other => panic!("expected MailboxMissing, got {other:?}"),
    }
    ran(&format!("missing mailbox: {error}"));

    // imaps:// to the plaintext port: the server's greeting is no TLS.
    let url = format!("imaps://{USER}@localhost:{}/INBOX", server.starttls_port);
    let error = ImapSource::connect(config(&url, &server))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            ImapError::Tls { .. }
                | ImapError::Closed {
                    step: Step::Tls,
                    ..
                }
        ),
        "{error:?}"
    );
    ran(&format!("imaps to the STARTTLS port: {error}"));

    // imap:// to the TLS port: no greeting comes (the server waits for
    // a TLS hello), so the wait ends at the timeout, naming the step.
    let url = format!("imap://{USER}@localhost:{}/INBOX", server.imaps_port);
    let mut short = config(&url, &server);
    short.command_timeout = Duration::from_secs(2);
    let started = Instant::now();
    let error = ImapSource::connect(short).await.unwrap_err();
    assert_eq!(
        error,
        ImapError::Timeout {
            host: "localhost".into(),
            step: Step::Greeting,
            seconds: 2
        }
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    ran(&format!("STARTTLS to the TLS port: {error}"));

    // Nothing listening: a connection error naming host and port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("imaps://{USER}@localhost:{closed}/INBOX");
    let error = ImapSource::connect(config(&url, &server))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ImapError::Connect { host, port, .. } if host == "localhost" && *port == closed),
        "{error:?}"
    );
}

#[tokio::test]
async fn processed_mail_moves_to_a_folder() {
    let mails: Vec<Vec<u8>> = (1..=3).map(|n| report_mail(n, 0)).collect();
    let mut builder = Dovecot::builder();
    for mail in &mails {
        builder = builder.message("INBOX", mail.clone());
    }
    let Some(server) = builder.start() else {
        return;
    };
    let mut source = connect(config(&server.imaps_url("INBOX"), &server)).await;
    assert!(source.has_capability("MOVE"), "Dovecot 2.3 announces MOVE");
    let uids = source.list().await.unwrap();
    assert_eq!(uids.len(), 3);
    // Two into a nested folder that does not exist yet (created on
    // TRYCREATE), one into a folder with a non-ASCII name.
    for &uid in &uids[..2] {
        source
            .mark_processed(uid, Some("DMARC/Done"))
            .await
            .unwrap();
    }
    source.mark_processed(uids[2], Some("台北")).await.unwrap();
    assert_eq!(source.list().await.unwrap(), Vec::<u32>::new());
    source.logout().await.unwrap();

    assert_eq!(server.messages("INBOX").len(), 0, "the mailbox is empty");
    let mut moved = server.messages("DMARC/Done");
    moved.extend(server.messages("&U,BTFw-"));
    moved.sort();
    let mut want = mails.clone();
    want.sort();
    assert_eq!(moved, want, "the folders hold the messages");
    assert_eq!(server.messages("&U,BTFw-").len(), 1);
    ran("moved 3 messages with UID MOVE into DMARC/Done and 台北 (&U,BTFw-)");
}

#[tokio::test]
async fn without_move_it_copies_and_expunges_only_that_message() {
    let builder = Dovecot::builder()
        .capability("IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS")
        .message("INBOX", report_mail(1, 0))
        .message("INBOX", report_mail(2, 0));
    let Some(server) = builder.start() else {
        return;
    };
    let mut source = connect(config(&server.imaps_url("INBOX"), &server)).await;
    assert!(!source.has_capability("MOVE") && source.has_capability("UIDPLUS"));
    let uids = source.list().await.unwrap();
    assert_eq!(uids.len(), 2);
    // Another message is marked \Deleted by someone else: the fallback's
    // UID EXPUNGE must not remove it (a plain EXPUNGE would).
    {
        use futures_util::TryStreamExt as _;
        let mut other = server.login().await.unwrap();
        other.select("INBOX").await.unwrap();
        let updates: Vec<_> = other
            .uid_store(uids[1].to_string(), "+FLAGS.SILENT (\\Deleted)")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        drop(updates);
        other.logout().await.unwrap();
    }
    source
        .mark_processed(uids[0], Some("Processed"))
        .await
        .unwrap();
    assert_eq!(source.list().await.unwrap(), vec![uids[1]]);
    source.logout().await.unwrap();
    assert_eq!(server.messages("Processed"), vec![report_mail(1, 0)]);
    assert_eq!(server.messages("INBOX"), vec![report_mail(2, 0)]);
    ran("moved 1 message with UID COPY + UID EXPUNGE (no MOVE announced)");
}

#[tokio::test]
async fn without_a_folder_processed_mail_is_marked_seen() {
    let builder = Dovecot::builder()
        .message("INBOX", report_mail(1, 0))
        .message("INBOX", report_mail(2, 0));
    let Some(server) = builder.start() else {
        return;
    };
    let mut config = config(&server.imaps_url("INBOX"), &server);
    config.selection = Selection::Unseen;
    let mut source = connect(config.clone()).await;
    let uids = source.list().await.unwrap();
    assert_eq!(uids.len(), 2);
    // Fetching alone (BODY.PEEK[]) does not mark seen.
    source.fetch(uids[0]).await.unwrap().unwrap();
    source.mark_processed(uids[1], None).await.unwrap();
    source.logout().await.unwrap();
    // In a new session only the unprocessed message is unseen.
    let mut again = connect(config).await;
    assert_eq!(again.list().await.unwrap(), vec![uids[0]]);
    again.logout().await.unwrap();
    // On disk: exactly one file carries the S (seen) flag.
    let cur = std::fs::read_dir(server.maildir("INBOX").join("cur")).unwrap();
    let seen = cur
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.rsplit_once(":2,")
                .is_some_and(|(_, flags)| flags.contains('S'))
        })
        .count();
    assert_eq!(seen, 1);
    ran("marked 1 message \\Seen; UNSEEN lists only the other");
}

#[tokio::test]
async fn an_oversized_message_is_refused_without_download() {
    let big = report_mail(1, 200_000);
    let small = report_mail(2, 0);
    let builder = Dovecot::builder()
        .message("INBOX", big.clone())
        .message("INBOX", small.clone());
    let Some(server) = builder.start() else {
        return;
    };
    let mut limits = Limits::default();
    limits.max_input = 50_000;
    let mut config = config(&server.imaps_url("INBOX"), &server);
    config.limits = limits;
    let mut source = connect(config).await;
    let mut rejected = Vec::new();
    let mut fetched = Vec::new();
    for uid in source.list().await.unwrap() {
        match source.fetch(uid).await.unwrap() {
            Ok(m) => fetched.push(m.bytes),
            Err(r) => rejected.push(r),
        }
    }
    assert_eq!(fetched, vec![small.clone()]);
    assert_eq!(rejected.len(), 1);
    match &rejected[0] {
        MessageRejected::TooLarge {
            size, max, mailbox, ..
        } => {
            assert_eq!(
                *size,
                big.len() as u64,
                "RFC822.SIZE of a CRLF message is its length"
            );
            assert_eq!((*max, mailbox.as_str()), (50_000, "INBOX"));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    source.logout().await.unwrap();
    // Dovecot's logout line counts the bytes it sent: the small message
    // and the protocol, far less than the big message.
    let deadline = Instant::now() + Duration::from_secs(5);
    let out = loop {
        let log = server.log();
        if let Some(out) = log
            .lines()
            .find(|l| l.contains("Logged out"))
            .and_then(|l| l.split_once(" out="))
            .and_then(|(_, rest)| rest.split(' ').next()?.parse::<usize>().ok())
        {
            break out;
        }
        assert!(Instant::now() < deadline, "no logout line in:\n{log}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(out > small.len() && out < 20_000 + small.len(), "out={out}");
    ran(&format!(
        "refused a {}-byte message over a 50000-byte limit; the server sent {out} bytes in all",
        big.len()
    ));
}

#[tokio::test]
async fn watch_returns_when_another_client_appends() {
    let Some(server) = Dovecot::builder()
        .message("INBOX", report_mail(1, 0))
        .start()
    else {
        return;
    };
    let mut config = config(&server.imaps_url("INBOX"), &server);
    // Re-issue IDLE every second, so the wait below spans re-issues.
    config.idle_refresh = Duration::from_secs(1);
    let mut source = connect(config).await;
    let first = source.list_new().await.unwrap();
    assert_eq!(first.len(), 1);

    // Nothing new: the stop signal ends the watch.
    let started = Instant::now();
    let event = source
        .watch(tokio::time::sleep(Duration::from_millis(1500)))
        .await
        .unwrap();
    assert_eq!(event, WatchEvent::Stopped);
    assert!(started.elapsed() >= Duration::from_millis(1500));

    // Another connection APPENDs after 2.5 s.
    let appended = report_mail(2, 0);
    let started = Instant::now();
    let (event, append) = tokio::join!(
        source.watch(tokio::time::sleep(Duration::from_secs(60))),
        async {
            tokio::time::sleep(Duration::from_millis(2500)).await;
            server.append("INBOX", &appended).await
        }
    );
    append.expect("APPEND");
    assert_eq!(event.unwrap(), WatchEvent::NewMail);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(2500) && waited < Duration::from_secs(30),
        "{waited:?}"
    );
    let new = source.list_new().await.unwrap();
    assert_eq!(new.len(), 1);
    assert!(new[0] > first[0]);
    let message = source.fetch(new[0]).await.unwrap().unwrap();
    assert_eq!(message.bytes, appended);
    // Now nothing is new again.
    assert_eq!(source.list_new().await.unwrap(), Vec::<u32>::new());
    source.logout().await.unwrap();
    ran(&format!(
        "watch (IDLE re-issued every second) returned {waited:?} after start, on another client's APPEND"
    ));

    // With IDLE never re-issued during the test, only the server's
    // EXISTS during IDLE (RFC 2177) can end the wait.
    let mut config = self::config(&server.imaps_url("INBOX"), &server);
    config.idle_refresh = Duration::from_secs(600);
    let mut source = connect(config).await;
    assert_eq!(source.list_new().await.unwrap().len(), 2);
    let third = report_mail(3, 0);
    let started = Instant::now();
    let (event, append) = tokio::join!(
        source.watch(tokio::time::sleep(Duration::from_secs(60))),
        async {
            tokio::time::sleep(Duration::from_millis(1000)).await;
            server.append("INBOX", &third).await
        }
    );
    append.expect("APPEND");
    assert_eq!(event.unwrap(), WatchEvent::NewMail);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(30), "{waited:?}");
    let new = source.list_new().await.unwrap();
    assert_eq!(source.fetch(new[0]).await.unwrap().unwrap().bytes, third);
    source.logout().await.unwrap();
    ran(&format!(
        "watch (one IDLE) returned {waited:?} after start, on the server's EXISTS"
    ));
}
