//! Scenario S5 with ARC (`examples/s5-arc/`): the origin signs (DMARC
//! p=reject), a forwarder seals (i=1), a mailing list rewrites the Subject,
//! adds a footer and seals (i=2). At the last hop SPF fails (the list's
//! address) and DKIM breaks (the body changed), while the chain validates.
//!
//! The example is made here, from fixed Ed25519 seeds and timestamps, so
//! that its keys and message are reproducible (Ed25519 signatures are
//! deterministic): the test fails when the files differ from what it makes,
//! and `DOMAINAUTH_UPDATE_EXAMPLES=1` writes them. The chain each hop sees
//! is validated with the crate's own verifier as the hop would, so the
//! `cv=` of each seal is the one validation gives.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use domainauth::arc::{ChainStatus, Sealer, SealerConfig, Verifier};
use domainauth::diag::{Code, Finding, Lang};
use domainauth::dkim::{Signer, SignerConfig, SigningKey};
use domainauth::dmarc::{DmarcResult, Policy};
use domainauth::dns::ZoneResolver;
use domainauth::mail::Message;
use domainauth::spf::Envelope;
use domainauth::verify::{MessageVerifier, OverrideReason, VerifyOptions};

/// The keys as base64 Ed25519 seeds (what `SigningKey::from_pem` reads):
/// fixed bytes, so that the example is the same on every run.
fn key(byte: u8) -> SigningKey {
    use base64::Engine as _;
    let seed = base64::engine::general_purpose::STANDARD.encode([byte; 32]);
    SigningKey::from_pem(&seed).unwrap()
}

/// Seconds since the epoch of 2026-11-23 02:00:00 UTC (11:00 JST), when
/// Alice sends.
const SENT: u64 = 1_795_399_200;

const ORIGINAL: &str = "From: Alice <alice@example.org>\r\n\
To: research-alumni@university.example\r\n\
Subject: Seminar on Thursday\r\n\
Date: Mon, 23 Nov 2026 11:00:00 +0900\r\n\
Message-ID: <seminar-2@example.org>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
\r\n\
The seminar moves to room 301.\r\n";

fn zone_file(origin: &str, comment: &str, records: &[String]) -> String {
    let mut text = format!(
        "; {comment}\n$ORIGIN {origin}.\n$TTL 3600\n@        IN SOA  ns1.{origin}. hostmaster.{origin}. 2026112301 7200 3600 1209600 3600\n"
    );
    for r in records {
        text.push_str(r);
        text.push('\n');
    }
    text
}

fn txt(name: &str, value: &str) -> String {
    format!("{name:<24} IN TXT  \"{value}\"")
}

/// The files of `examples/s5-arc/`, by name.
fn scenario() -> Vec<(&'static str, String)> {
    let origin = key(0x5a);
    let forwarder = key(0x5b);
    let list = key(0x5c);
    let zones = [
        (
            "example.org.zone",
            zone_file(
                "example.org",
                "S5 with ARC: the author's domain: DMARC p=reject, an Ed25519 DKIM key, SPF for its own server.",
                &[
                    "@        IN MX   10 mail.example.org.".into(),
                    txt("@", "v=spf1 ip4:203.0.113.10 -all"),
                    "mail     IN A    203.0.113.10".into(),
                    txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:dmarc@example.org"),
                    txt("sel2026._domainkey", &origin.key_record().unwrap()),
                ],
            ),
        ),
        (
            "university.example.zone",
            zone_file(
                "university.example",
                "S5 with ARC: the university's forwarding (alumni addresses), which keeps the envelope From and seals with ARC.",
                &[
                    "mx       IN A    198.51.100.20".into(),
                    txt("mx", "v=spf1 a -all"),
                    txt("arc2026._domainkey", &forwarder.key_record().unwrap()),
                ],
            ),
        ),
        (
            "lists.example.zone",
            zone_file(
                "lists.example",
                "S5 with ARC: the mailing list server, which tags the Subject, adds a footer and seals with ARC.",
                &[
                    "mail     IN A    192.0.2.99".into(),
                    txt("mail", "v=spf1 a -all"),
                    txt("arc2026._domainkey", &list.key_record().unwrap()),
                ],
            ),
        ),
    ];
    let zone = ZoneResolver::from_zone_text(
        &zones.iter().map(|(_, t)| t.as_str()).collect::<String>(),
        None,
    )
    .unwrap();
    let rt = rt();
    let validate = |raw: &[u8]| {
        rt.block_on(Verifier::new(zone.clone()).validate_message(raw))
            .unwrap()
    };

    // The origin signs.
    let mut config = SignerConfig::new("example.org", "sel2026");
    config.timestamp = Some(SENT);
    let signature = Signer::new(origin, config)
        .sign_message(ORIGINAL.as_bytes())
        .unwrap();
    let sent = format!("{signature}\r\n{ORIGINAL}");

    // The forwarder receives it from the origin's server: everything passes.
    let at_forwarder = format!(
        "Received: from mail.example.org (mail.example.org [203.0.113.10])\r\n\
\tby mx.university.example with ESMTPS; Mon, 23 Nov 2026 11:00:02 +0900\r\n{sent}"
    );
    let chain = validate(at_forwarder.as_bytes());
    assert_eq!(chain.status, ChainStatus::None);
    let mut config = SealerConfig::new("university.example", "arc2026");
    config.timestamp = Some(SENT + 2);
    let set = Sealer::new(forwarder, config)
        .seal_message(
            at_forwarder.as_bytes(),
            chain.status,
            "mx.university.example",
            "spf=pass smtp.mailfrom=alice@example.org; dkim=pass header.d=example.org header.s=sel2026; dmarc=pass header.from=example.org",
        )
        .unwrap();
    let forwarded = format!("{}{at_forwarder}", set.header_block());

    // The list receives it from the forwarder: SPF fails there (the
    // forwarder's address), the signature still verifies.
    let at_list = format!(
        "Received: from mx.university.example (mx.university.example [198.51.100.20])\r\n\
\tby mail.lists.example with ESMTPS; Mon, 23 Nov 2026 11:00:05 +0900\r\n{forwarded}"
    );
    let chain = validate(at_list.as_bytes());
    assert_eq!(chain.status, ChainStatus::Pass);
    // It tags the Subject, adds List-Id and a footer.
    let changed = at_list
        .replace(
            "Subject: Seminar on Thursday\r\n",
            "Subject: [research] Seminar on Thursday\r\nList-Id: <research.lists.example>\r\n",
        )
        .replace(
            "room 301.\r\n",
            "room 301.\r\n--\r\nresearch mailing list\r\nhttps://lists.example/research\r\n",
        );
    let mut config = SealerConfig::new("lists.example", "arc2026");
    config.timestamp = Some(SENT + 5);
    let set = Sealer::new(list, config)
        .seal_message(
            changed.as_bytes(),
            chain.status,
            "mail.lists.example",
            "spf=fail smtp.mailfrom=alice@example.org; dkim=pass header.d=example.org header.s=sel2026; dmarc=pass header.from=example.org; arc=pass",
        )
        .unwrap();
    let message = format!(
        "Received: from mail.lists.example (mail.lists.example [192.0.2.99])\r\n\
\tby mx.example.net with ESMTPS; Mon, 23 Nov 2026 11:00:09 +0900\r\n{}{changed}",
        set.header_block()
    );

    let mut files: Vec<(&'static str, String)> = zones.into_iter().collect();
    files.push(("message.eml", message));
    files.push((
        "envelope.txt",
        "# What the final receiver (mx.example.net) saw: the list server relaying the\n\
# message with the author's envelope From unchanged.\n\
client-ip: 192.0.2.99\nhelo: mail.lists.example\nmail-from: alice@example.org\n"
            .into(),
    ));
    files
}

/// The DNS of the scenario: its zone files together.
fn zone_of(files: &[(&'static str, String)]) -> ZoneResolver {
    let text: String = files
        .iter()
        .filter(|(n, _)| n.ends_with(".zone"))
        .map(|(_, t)| t.as_str())
        .collect();
    ZoneResolver::from_zone_text(&text, None).unwrap()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/s5-arc")
}

#[test]
fn the_example_is_what_the_generator_makes() {
    let update = std::env::var_os("DOMAINAUTH_UPDATE_EXAMPLES").is_some();
    for (name, contents) in scenario() {
        let path = dir().join(name);
        if update {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &contents).unwrap();
            continue;
        }
        let found = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (DOMAINAUTH_UPDATE_EXAMPLES=1 writes it)",
                path.display()
            )
        });
        assert_eq!(
            found,
            contents,
            "{} is not what the generator makes (DOMAINAUTH_UPDATE_EXAMPLES=1 rewrites it)",
            path.display()
        );
    }
}

/// The verdict at the last hop, from the files, with these trusted sealers.
fn verdict(trusted: &[&str]) -> (domainauth::verify::Verdict, Vec<Finding>) {
    let files = scenario();
    let zone = zone_of(&files);
    let raw = &files.iter().find(|(n, _)| *n == "message.eml").unwrap().1;
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    options.trusted_sealers = trusted.iter().map(|s| s.to_string()).collect();
    let verifier = MessageVerifier::new(Arc::new(zone), options);
    let envelope = Envelope {
        client_ip: "192.0.2.99".parse().unwrap(),
        helo: "mail.lists.example".into(),
        mail_from: "alice@example.org".into(),
    };
    let v = rt()
        .block_on(verifier.verify_message(&Message::read(raw.as_bytes()), Some(envelope)))
        .unwrap();
    let mut findings = v.message_notes.clone();
    findings.extend(v.findings());
    let problems = domainauth::diag::rules::incoherences(&findings);
    assert!(problems.is_empty(), "{problems:?}");
    (v, findings)
}

fn codes(findings: &[Finding]) -> Vec<Code> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn at_the_last_hop_dmarc_fails_and_the_chain_validates() {
    let (v, findings) = verdict(&[]);
    assert_eq!(v.spf.as_ref().unwrap().result.as_str(), "fail");
    assert_eq!(v.dkim[0].result.as_str(), "fail");
    assert_eq!(v.dmarc.result, DmarcResult::Fail);
    assert_eq!(v.dmarc.disposition, Policy::Reject);
    assert!(v.forwarded());
    assert_eq!(v.arc.status, ChainStatus::Pass);
    // The list changed the body after the forwarder sealed: only its own
    // message signature still verifies (RFC 8617 §5.2 step 5).
    assert_eq!(v.arc.oldest_pass, Some(2));
    assert_eq!(v.arc.sets[0].signature_verified, Some(false));
    assert_eq!(v.arc.sets[1].signature_verified, Some(true));
    assert!(v.policy_override.is_none());
    assert!(
        v.authentication_results
            .contains("arc=pass header.oldest-pass=2 smtp.remote-ip=192.0.2.99"),
        "{}",
        v.authentication_results
    );
    let c = codes(&findings);
    for code in [
        Code::DmarcForwarded,
        Code::DkimBodyHash,
        Code::ArcPass,
        Code::ArcHop,
        Code::DmarcFail,
        Code::ArcNotTrusted,
    ] {
        assert!(c.contains(&code), "{code} missing from {c:?}");
    }
    assert!(!c.contains(&Code::ArcTrustedSealer));
    let forwarded = findings
        .iter()
        .find(|f| f.code == Code::DmarcForwarded)
        .unwrap();
    assert_eq!(forwarded.params["arc"], "pass");
    let hops: Vec<&Finding> = findings.iter().filter(|f| f.code == Code::ArcHop).collect();
    assert_eq!(hops.len(), 2);
    assert_eq!(hops[0].params["sealer"], "university.example");
    assert_eq!(hops[0].params["authserv"], "mx.university.example");
    assert!(hops[0].params["results"].contains("spf=pass"));
    assert_eq!(hops[1].params["sealer"], "lists.example");
    assert!(hops[1].params["results"].contains("spf=fail"));
    // The sealer to trust is the one that handed the message to us: the
    // list, the newest hop (it also recorded the aligned pass it saw).
    let untrusted = findings
        .iter()
        .find(|f| f.code == Code::ArcNotTrusted)
        .unwrap();
    assert_eq!(untrusted.params["sealer"], "lists.example");
    assert_eq!(untrusted.params["trust"], "lists.example");
    for lang in [Lang::En, Lang::Ja] {
        for f in &findings {
            assert!(!f.message(lang).is_empty());
        }
    }
}

#[test]
fn a_trusted_sealer_overrides_the_disposition_not_the_result() {
    // Trusting the list, the newest hop, is enough; trusting both, the
    // oldest hop of the trusted run that recorded an aligned pass decides.
    for (trusted, instance) in [
        (&["lists.example"][..], 2),
        (&["university.example", "lists.example"][..], 1),
    ] {
        let (v, findings) = verdict(trusted);
        let sealer = if instance == 1 {
            "university.example"
        } else {
            "lists.example"
        };
        assert_eq!(v.dmarc.result, DmarcResult::Fail, "{trusted:?}");
        assert_eq!(v.dmarc.disposition, Policy::None, "{trusted:?}");
        let o = v.policy_override.as_ref().unwrap();
        assert_eq!(o.reason, OverrideReason::TrustedForwarder);
        assert_eq!(o.policy_disposition, Policy::Reject);
        assert_eq!((o.sealer.as_str(), o.instance), (sealer, instance));
        assert_eq!(o.recorded, "dmarc=pass header.from=example.org");
        assert!(v.authentication_results.contains("dmarc=fail"));
        assert!(v.authentication_results.contains("trusted_forwarder"));
        let c = codes(&findings);
        assert!(c.contains(&Code::ArcTrustedSealer), "{c:?}");
        assert!(!c.contains(&Code::ArcNotTrusted), "{c:?}");
        let en = findings
            .iter()
            .find(|f| f.code == Code::ArcTrustedSealer)
            .unwrap()
            .message(Lang::En);
        assert!(
            en.contains("trusted_forwarder") && en.contains(sealer),
            "{en}"
        );
    }
}

/// The list changed the message after the forwarder sealed it: trusting
/// only the forwarder (i=1) vouches for nothing the list handed on.
#[test]
fn a_trusted_sealer_before_an_untrusted_hop_changes_nothing() {
    let (v, findings) = verdict(&["university.example"]);
    assert!(v.policy_override.is_none());
    assert_eq!(v.dmarc.disposition, Policy::Reject);
    let f = findings
        .iter()
        .find(|f| f.code == Code::ArcNotTrusted)
        .unwrap();
    assert_eq!(f.params["trust"], "lists.example");
    let fix = f.fix(Lang::En).unwrap();
    assert!(fix.contains("--trusted-sealer lists.example"), "{fix}");
    assert!(fix.contains("everything it forwards"), "{fix}");
    assert!(f.fix(Lang::Ja).unwrap().contains("すべて"));
}

/// The list's message replayed with a new body under a set of the
/// attacker's own (i=3, cv=pass, his key): the chain validates, but the
/// newest hop is not trusted, so the list's record counts for nothing.
#[test]
fn a_replayed_chain_under_a_foreign_seal_changes_nothing() {
    let attacker = key(0x77);
    let mut files = scenario();
    files.push((
        "evil.example.zone",
        zone_file(
            "evil.example",
            "the attacker",
            &[txt("arc1._domainkey", &attacker.key_record().unwrap())],
        ),
    ));
    let raw = files
        .iter()
        .find(|(n, _)| *n == "message.eml")
        .unwrap()
        .1
        .clone();
    let (head, _) = raw.split_once("\r\n\r\n").unwrap();
    let message = format!("{head}\r\n\r\nPay the new account now.\r\n");
    let mut config = SealerConfig::new("evil.example", "arc1");
    config.timestamp = Some(SENT);
    let set = Sealer::new(attacker, config)
        .seal_message(
            message.as_bytes(),
            ChainStatus::Pass,
            "mx.evil.example",
            "dmarc=pass header.from=example.org",
        )
        .unwrap();
    let replayed = format!("{}{message}", set.header_block());
    let zone = zone_of(&files);
    for trusted in [
        vec!["lists.example".to_string()],
        vec![
            "university.example".to_string(),
            "lists.example".to_string(),
        ],
    ] {
        let mut options = VerifyOptions::new("mx.example.net");
        options.dkim.now = Some(SENT + 60);
        options.trusted_sealers = trusted.clone();
        let verifier = MessageVerifier::new(Arc::new(zone.clone()), options);
        let v = rt()
            .block_on(verifier.verify(replayed.as_bytes(), None))
            .unwrap();
        assert_eq!(v.arc.status, ChainStatus::Pass, "{trusted:?}");
        assert_eq!(v.arc.sets.len(), 3);
        assert_eq!(v.dmarc.result, DmarcResult::Fail);
        assert!(v.policy_override.is_none(), "{trusted:?}");
        assert_eq!(v.dmarc.disposition, Policy::Reject);
        let f = v
            .findings()
            .into_iter()
            .find(|f| f.code == Code::ArcNotTrusted)
            .unwrap();
        assert_eq!(f.params["trust"], "evil.example");
    }
}

/// A second From field (same domain) makes DMARC's author uncertain: no
/// sealer's record can vouch for a From it may never have seen. Our seal
/// oversigns From, so adding one breaks the chain; a chain sealed without
/// oversigning (as other sealers do) still validates, and the uncertain
/// author alone must refuse the override.
#[test]
fn a_second_from_field_is_never_overridden() {
    let files = scenario();
    let zone = zone_of(&files);
    let two = format!("From: CEO <ceo@example.org>\r\n{ORIGINAL}");
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    options.trusted_sealers = vec!["lists.example".into()];
    let verifier = MessageVerifier::new(Arc::new(zone), options);
    let results = "dmarc=pass header.from=example.org";
    for oversign in [true, false] {
        let mut config = SealerConfig::new("lists.example", "arc2026");
        config.timestamp = Some(SENT);
        // With oversigning the From is added after sealing; without, the
        // sealer saw both (the chain then validates).
        let (sealed_over, added) = if oversign {
            (ORIGINAL.to_string(), "From: CEO <ceo@example.org>\r\n")
        } else {
            config.oversign.clear();
            (two.clone(), "")
        };
        let set = Sealer::new(key(0x5c), config)
            .seal_message(
                sealed_over.as_bytes(),
                ChainStatus::None,
                "mx.lists.example",
                results,
            )
            .unwrap();
        let message = format!("{added}{}{sealed_over}", set.header_block());
        let v = rt()
            .block_on(verifier.verify(message.as_bytes(), None))
            .unwrap();
        let want = if oversign {
            ChainStatus::Fail
        } else {
            ChainStatus::Pass
        };
        assert_eq!(v.arc.status, want, "oversign {oversign}");
        assert!(!v.dmarc.from_problems().is_empty());
        assert!(v.policy_override.is_none(), "oversign {oversign}");
        assert_eq!(v.dmarc.disposition, Policy::Reject);
    }
}

/// Reply-To (like every field a reader sees) is oversigned: one added to
/// the list's message after sealing breaks the list's
/// ARC-Message-Signature, and the chain with it.
#[test]
fn an_added_reply_to_breaks_the_chain() {
    let files = scenario();
    let raw = &files.iter().find(|(n, _)| *n == "message.eml").unwrap().1;
    let at = raw.find("From: Alice").unwrap();
    let mut added = raw.clone();
    added.insert_str(at, "Reply-To: Alice <alice.payments@evil.example>\r\n");
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    options.trusted_sealers = vec!["lists.example".into()];
    let verifier = MessageVerifier::new(Arc::new(zone_of(&files)), options);
    let v = rt()
        .block_on(verifier.verify(added.as_bytes(), None))
        .unwrap();
    assert_eq!(v.arc.status, ChainStatus::Fail);
    assert!(v.policy_override.is_none());
    assert_eq!(v.dmarc.disposition, Policy::Reject);
    let ams = raw
        .lines()
        .skip_while(|l| !l.starts_with("ARC-Message-Signature: i=2"))
        .take_while(|l| !l.starts_with("ARC-Authentication-Results"))
        .collect::<String>();
    assert!(ams.contains("reply-to:"), "{ams}");
}

/// A sealer that does not oversign (as many do) leaves its chain valid when
/// a Reply-To is added after it sealed: the field no sealer signed forbids
/// the override, while the same chain without it is overridden.
#[test]
fn a_field_added_after_the_last_seal_is_never_overridden() {
    let files = scenario();
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    options.trusted_sealers = vec!["lists.example".into()];
    let verifier = MessageVerifier::new(Arc::new(zone_of(&files)), options);
    let mut config = SealerConfig::new("lists.example", "arc2026");
    config.timestamp = Some(SENT);
    config.oversign.clear();
    let set = Sealer::new(key(0x5c), config)
        .seal_message(
            ORIGINAL.as_bytes(),
            ChainStatus::None,
            "mx.lists.example",
            "dmarc=pass header.from=example.org",
        )
        .unwrap();
    let sealed = format!("{}{ORIGINAL}", set.header_block());
    for (added, overridden) in [("", true), ("Reply-To: <pay@evil.example>\r\n", false)] {
        let message = format!("{added}{sealed}");
        let v = rt()
            .block_on(verifier.verify(message.as_bytes(), None))
            .unwrap();
        assert_eq!(v.arc.status, ChainStatus::Pass, "{added:?}");
        assert_eq!(v.dmarc.result, DmarcResult::Fail);
        assert_eq!(v.policy_override.is_some(), overridden, "{added:?}");
    }
}

#[test]
fn a_sealer_not_in_the_chain_or_a_changed_chain_changes_nothing() {
    // Trusting a domain that did not seal changes nothing.
    let (v, _) = verdict(&["other.example"]);
    assert!(v.policy_override.is_none());
    assert_eq!(v.dmarc.disposition, Policy::Reject);

    // A chain whose recorded results were edited after sealing fails, and
    // then even a trusted sealer's record is not believed.
    let files = scenario();
    let raw = &files.iter().find(|(n, _)| *n == "message.eml").unwrap().1;
    let forged = raw.replacen(
        "i=1; mx.university.example;",
        "i=1; mx.university.example; dkim=pass header.d=example.org;",
        1,
    );
    assert_ne!(&forged, raw);
    let zone = zone_of(&files);
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    options.trusted_sealers = vec!["university.example".into(), "lists.example".into()];
    let verifier = MessageVerifier::new(Arc::new(zone), options);
    let v = rt()
        .block_on(verifier.verify(forged.as_bytes(), None))
        .unwrap();
    assert_eq!(v.arc.status, ChainStatus::Fail);
    assert!(v.policy_override.is_none());
    assert_eq!(v.dmarc.result, DmarcResult::Fail);
    assert_eq!(v.dmarc.disposition, Policy::Reject);
    assert!(v.authentication_results.contains("arc=fail"));
    let mut findings = v.message_notes.clone();
    findings.extend(v.findings());
    assert!(codes(&findings).contains(&Code::ArcFail));
    assert!(domainauth::diag::rules::incoherences(&findings).is_empty());
}

/// A forger seals his own message with a key of his own domain, claiming
/// that an earlier hop saw `dmarc=pass` for example.org: the chain
/// validates (anyone can seal), but without trust it changes nothing, and
/// trusting the list does not make the forger's seal count.
#[test]
fn a_chain_sealed_by_a_forger_changes_nothing() {
    let forger = key(0x66);
    let mut files = scenario();
    files.push((
        "evil.example.zone",
        zone_file(
            "evil.example",
            "the forger",
            &[txt("arc1._domainkey", &forger.key_record().unwrap())],
        ),
    ));
    let zone = zone_of(&files);
    let message = "From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: invoice\r\n\
Date: Mon, 23 Nov 2026 12:00:00 +0900\r\nMessage-ID: <f1@evil.example>\r\n\r\nPay now.\r\n";
    let mut config = SealerConfig::new("evil.example", "arc1");
    config.timestamp = Some(SENT);
    let set = Sealer::new(forger, config)
        .seal_message(
            message.as_bytes(),
            ChainStatus::None,
            "mx.evil.example",
            "spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org",
        )
        .unwrap();
    let forged = format!("{}{message}", set.header_block());
    let envelope = Envelope {
        client_ip: "198.51.100.66".parse().unwrap(),
        helo: "mx.evil.example".into(),
        mail_from: "alice@example.org".into(),
    };
    for trusted in [vec![], vec!["lists.example".to_string()]] {
        let mut options = VerifyOptions::new("mx.example.net");
        options.dkim.now = Some(SENT + 60);
        options.trusted_sealers = trusted.clone();
        let verifier = MessageVerifier::new(Arc::new(zone.clone()), options);
        let v = rt()
            .block_on(verifier.verify(forged.as_bytes(), Some(envelope.clone())))
            .unwrap();
        assert_eq!(v.arc.status, ChainStatus::Pass, "{trusted:?}");
        assert_eq!(v.dmarc.result, DmarcResult::Fail);
        assert_eq!(v.dmarc.disposition, Policy::Reject, "{trusted:?}");
        assert!(v.policy_override.is_none());
        assert!(!v.forwarded(), "no aligned signature broke: not forwarding");
        let findings = v.findings();
        let c = codes(&findings);
        assert!(!c.contains(&Code::ArcTrustedSealer), "{c:?}");
        if trusted.is_empty() {
            // Said as what it is: a pass recorded by a sealer nobody trusts.
            let f = findings
                .iter()
                .find(|f| f.code == Code::ArcNotTrusted)
                .unwrap();
            assert_eq!(f.params["sealer"], "evil.example");
            assert!(f.fix(Lang::En).unwrap().contains("anyone can seal"));
        }
        assert!(domainauth::diag::rules::incoherences(&findings).is_empty());
    }
}

/// The chain's key lookups go through the message's resolver and budget,
/// each key name once (the forwarder's and the list's), beside SPF, DKIM
/// and DMARC.
#[test]
fn the_chain_is_validated_within_the_message_dns_budget() {
    use domainauth_testkit::dns::CountingResolver;
    let files = scenario();
    let counting = Arc::new(CountingResolver::new(zone_of(&files)));
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    let verifier = MessageVerifier::new(Arc::clone(&counting), options);
    let raw = &files.iter().find(|(n, _)| *n == "message.eml").unwrap().1;
    let envelope = Envelope {
        client_ip: "192.0.2.99".parse().unwrap(),
        helo: "mail.lists.example".into(),
        mail_from: "alice@example.org".into(),
    };
    let v = rt()
        .block_on(verifier.verify(raw.as_bytes(), Some(envelope)))
        .unwrap();
    assert_eq!(v.arc.status, ChainStatus::Pass);
    let asked = counting.asked();
    for name in [
        "arc2026._domainkey.university.example",
        "arc2026._domainkey.lists.example",
    ] {
        let times = asked.iter().filter(|(_, n)| n == name).count();
        assert_eq!(times, 1, "{name} asked {times} times: {asked:?}");
    }
    assert_eq!(
        v.dns.queries as usize,
        asked.len(),
        "every question counted in the message's budget: {asked:?}"
    );
}

/// Under p=none failing mail is delivered anyway: a trusted sealer has no
/// disposition to override, and none is recorded.
#[test]
fn nothing_is_overridden_under_p_none() {
    let files: Vec<(&'static str, String)> = scenario()
        .into_iter()
        .map(|(n, t)| (n, t.replace("p=reject", "p=none")))
        .collect();
    let raw = &files.iter().find(|(n, _)| *n == "message.eml").unwrap().1;
    let mut options = VerifyOptions::new("mx.example.net");
    options.dkim.now = Some(SENT + 60);
    options.trusted_sealers = vec!["lists.example".into()];
    let verifier = MessageVerifier::new(Arc::new(zone_of(&files)), options);
    let v = rt()
        .block_on(verifier.verify(raw.as_bytes(), None))
        .unwrap();
    assert_eq!(v.arc.status, ChainStatus::Pass);
    assert_eq!(v.dmarc.result, DmarcResult::Fail);
    assert_eq!(v.dmarc.disposition, Policy::None);
    assert!(v.policy_override.is_none());
    let c = codes(&v.findings());
    assert!(
        !c.contains(&Code::ArcTrustedSealer) && !c.contains(&Code::ArcNotTrusted),
        "{c:?}"
    );
}
