//! Trace fields: the Received parser on the shapes Postfix, Exim, Sendmail,
//! Microsoft and Gmail write (fixtures under `tests/fixtures/trace/`), the
//! envelope read from each message, and property tests that hostile trace
//! fields — forged Received-SPF, Authentication-Results and Received at any
//! place, naming any writer — never give the envelope and never panic.

use std::net::IpAddr;

use domainauth::diag::{Code, Lang};
use domainauth::mail::Message;
use domainauth::mail::received::{Received, ReceivedError};
use domainauth::verify::{EnvelopeSource, IgnoreReason, MAX_IGNORED_LISTED, infer_envelope};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/trace/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The Received fields of a fixture, top to bottom, parsed.
fn received(name: &str) -> Vec<Result<Received, ReceivedError>> {
    let raw = fixture(name);
    let m = Message::parse(&raw).unwrap();
    m.get_all("received")
        .map(|f| Received::parse(&f.text()))
        .collect()
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

fn infer(name: &str, trusted: &[&str]) -> EnvelopeSource {
    let raw = fixture(name);
    let m = Message::parse(&raw).unwrap();
    let trusted: Vec<String> = trusted.iter().map(|s| s.to_string()).collect();
    infer_envelope(&m, &trusted)
}

/// (client IP, HELO, MAIL FROM, sources) of an inferred envelope.
fn envelope(source: &EnvelopeSource) -> (IpAddr, String, String, Vec<String>) {
    match source {
        EnvelopeSource::Inferred {
            envelope, sources, ..
        } => (
            envelope.client_ip,
            envelope.helo.clone(),
            envelope.mail_from.clone(),
            sources.clone(),
        ),
        other => panic!("not inferred: {other:?}"),
    }
}

#[test]
fn received_postfix() {
    let r = received("postfix.eml");
    let hop = r[1].as_ref().unwrap();
    assert_eq!(
        *hop,
        Received {
            from_helo: some("out1.news.shop.example"),
            from_rdns: some("out1.news.shop.example"),
            client_ip: Some(ip("192.0.2.45")),
            by: some("mx.example.net"),
            via: None,
            with: some("ESMTPS"),
            id: some("4R2mXj6d1Vz9sVZ"),
            for_path: some("user@example.net"),
            date: some("Mon, 2 Mar 2026 10:00:01 +0900 (JST)"),
        }
    );
    // The submission hop: the HELO literal is not the client.
    let submission = r[2].as_ref().unwrap();
    assert_eq!(submission.from_helo.as_deref(), Some("[10.0.0.5]"));
    assert_eq!(submission.from_rdns, None);
    assert_eq!(submission.client_ip, Some(ip("198.51.100.77")));
    assert_eq!(submission.with.as_deref(), Some("ESMTPSA"));
}

#[test]
fn received_exim() {
    let r = received("exim.eml");
    let hop = r[0].as_ref().unwrap();
    assert_eq!(
        *hop,
        Received {
            from_helo: some("relay7.monitor.example"),
            from_rdns: some("mail-relay.monitor.example"),
            client_ip: Some(ip("192.0.2.60")),
            by: some("mx.example.org"),
            via: None,
            with: some("esmtps"),
            id: some("1vQx3A-00Bc9d-2K"),
            for_path: some("ops@example.org"),
            date: some("Tue, 03 Mar 2026 08:15:12 +0000"),
        }
    );
    // No reverse DNS: Exim writes the address first and the HELO literal in helo=.
    let sender = r[1].as_ref().unwrap();
    assert_eq!(sender.client_ip, Some(ip("203.0.113.200")));
    assert_eq!(sender.from_helo.as_deref(), Some("[198.51.100.9]"));
    assert_eq!(sender.from_rdns, None);
}

#[test]
fn received_sendmail() {
    let r = received("sendmail.eml");
    let hop = r[0].as_ref().unwrap();
    assert_eq!(
        *hop,
        Received {
            from_helo: some("lists.example.edu"),
            from_rdns: some("lists.example.edu"),
            client_ip: Some(ip("192.0.2.33")),
            by: some("mx.example.com"),
            via: None,
            with: some("ESMTPS"),
            id: some("62S8daaT927539"),
            for_path: some("staff@example.com"),
            date: some("Mon, 2 Mar 2026 03:40:20 -0600"),
        }
    );
    let sender = r[1].as_ref().unwrap();
    assert_eq!(sender.from_helo.as_deref(), Some("[192.168.1.20]"));
    assert_eq!(sender.from_rdns.as_deref(), Some("dhcp-20.example.edu"));
    assert_eq!(sender.client_ip, Some(ip("198.51.100.120")));
}

#[test]
fn received_microsoft() {
    let r = received("microsoft.eml");
    let edge = r[3].as_ref().unwrap();
    assert_eq!(
        *edge,
        Received {
            from_helo: some("mta-07.vendor.example"),
            from_rdns: None,
            client_ip: Some(ip("192.0.2.141")),
            by: some("BN2PEPF000044A5.mail.protection.outlook.com"),
            via: some("Frontend Transport"),
            with: some("Microsoft SMTP Server"),
            id: some("15.20.8901.19"),
            for_path: None,
            date: some("Wed, 4 Mar 2026 09:12:42 +0000"),
        }
    );
    // Internal hops: IPv6 TCP-info without brackets, `with HTTPS`.
    let top = r[0].as_ref().unwrap();
    assert_eq!(top.client_ip, Some(ip("2001:db8:10b6:1::12")));
    assert_eq!(top.with.as_deref(), Some("HTTPS"));
    assert_eq!(
        top.by.as_deref(),
        Some("PH7PR12MB5685.namprd12.prod.outlook.com")
    );
    let front = r[2].as_ref().unwrap();
    assert_eq!(front.client_ip, Some(ip("2001:db8:10b6:2:cafe::4f")));
    assert_eq!(front.via.as_deref(), Some("Frontend Transport"));
}

#[test]
fn received_gmail() {
    let r = received("gmail.eml");
    let internal = r[0].as_ref().unwrap();
    assert!(!internal.records_client());
    assert_eq!(
        internal.by.as_deref(),
        Some("2002:a05:7300:5c12:b0:1a4:33e1:7d20")
    );
    let hop = r[1].as_ref().unwrap();
    assert_eq!(
        *hop,
        Received {
            from_helo: some("mail.shop.example"),
            from_rdns: some("mail.shop.example"),
            client_ip: Some(ip("192.0.2.80")),
            by: some("mx.google.com"),
            via: None,
            with: some("ESMTPS"),
            id: some("d9443c01a7336-24b1f2a0000si1234567ad.55.2026.03.05.01.02.03"),
            for_path: some("user@gmail.com"),
            date: some("Thu, 05 Mar 2026 01:02:03 -0800 (PST)"),
        }
    );
}

#[test]
fn received_other_shapes_seen_in_the_wild() {
    // qmail and IronPort: the HELO in its own comment, the address in another.
    let r = Received::parse(
        "from unknown (HELO mail.example.org) (192.0.2.1) by mx.example.net with SMTP; 2 Mar 2026 10:00:00 -0000",
    )
    .unwrap();
    assert_eq!(r.from_helo.as_deref(), Some("mail.example.org"));
    assert_eq!(r.from_rdns, None);
    assert_eq!(r.client_ip, Some(ip("192.0.2.1")));
    let r = Received::parse(
        "from gw.example.org (HELO 8745164cafc7) ([10.239.97.151]) by mga.example.net with ESMTP; 13 Aug 2022 17:01:34 -0700",
    )
    .unwrap();
    assert_eq!(r.from_helo.as_deref(), Some("8745164cafc7"));
    assert_eq!(r.from_rdns.as_deref(), Some("gw.example.org"));
    assert_eq!(r.client_ip, Some(ip("10.239.97.151")));
    // vger's PMDF-style TCP-info with a quoted EHLO and a port.
    let r = Received::parse(
        "from t1.example.ru ([192.0.2.111]:33206 \"EHLO t1.example.ru\" rhost-flags-OK-OK-OK-OK) by vger.example.org with ESMTP id S1491205Ab0JRKaZ (ORCPT <rfc822;list@example.org>); Mon, 18 Oct 2010 12:30:25 +0200",
    )
    .unwrap();
    assert_eq!(r.client_ip, Some(ip("192.0.2.111")));
    assert_eq!(r.from_helo.as_deref(), Some("t1.example.ru"));
    assert_eq!(r.id.as_deref(), Some("S1491205Ab0JRKaZ"));
    // Sendmail with an IPv6 literal in the RFC 5321 form.
    let r = Received::parse(
        "from [IPv6:2001:db8::5] (host.example.org [IPv6:2001:db8::7]) by mx.example.net (8.18.1/8.18.1) with ESMTP id 1; Mon, 2 Mar 2026 10:00:00 +0000",
    )
    .unwrap();
    assert_eq!(r.from_helo.as_deref(), Some("[IPv6:2001:db8::5]"));
    assert_eq!(r.client_ip, Some(ip("2001:db8::7")));
    // Gmail's old form with a space before the literal.
    let r = Received::parse(
        "from scientist-2.lan ( [192.0.2.65]) by mx.google.com with ESMTPS id l19sm7304410fgb.9.2008.05.12.22.08.21 (version=TLSv1/SSLv3 cipher=RC4-MD5); Mon, 12 May 2008 22:08:21 -0700 (PDT)",
    )
    .unwrap();
    assert_eq!(r.client_ip, Some(ip("192.0.2.65")));
}

#[test]
fn envelope_postfix() {
    let source = infer("postfix.eml", &["mx.example.net"]);
    let (client_ip, helo, mail_from, sources) = envelope(&source);
    assert_eq!(client_ip, ip("192.0.2.45"));
    assert_eq!(helo, "out1.news.shop.example");
    assert_eq!(mail_from, "bounce+1234@news.shop.example");
    assert_eq!(sources, ["Received (by mx.example.net)", "Received-SPF"]);
    assert!(source.ignored().is_empty(), "{:?}", source.ignored());
    // Without trusted ids the topmost hop is the internal one: its client is
    // the receiver's own MX, which is what "trust the top" means.
    let (client_ip, ..) = envelope(&infer("postfix.eml", &[]));
    assert_eq!(client_ip, ip("10.1.0.25"));
}

#[test]
fn envelope_exim() {
    let source = infer("exim.eml", &["mx.example.org"]);
    let (client_ip, helo, mail_from, sources) = envelope(&source);
    assert_eq!(client_ip, ip("192.0.2.60"));
    assert_eq!(helo, "relay7.monitor.example");
    // smtp.mailfrom gives the domain; Return-Path completes the address.
    assert_eq!(mail_from, "alerts@monitor.example");
    assert_eq!(
        sources,
        [
            "Received (by mx.example.org)",
            "Authentication-Results (mx.example.org)",
            "Return-Path"
        ]
    );
    assert_eq!(envelope(&infer("exim.eml", &[])).0, client_ip);
}

#[test]
fn envelope_sendmail() {
    let source = infer("sendmail.eml", &["mx.example.com"]);
    let (client_ip, helo, mail_from, _) = envelope(&source);
    assert_eq!(client_ip, ip("192.0.2.33"));
    assert_eq!(helo, "lists.example.edu");
    assert_eq!(mail_from, "owner-staff@lists.example.edu");
}

#[test]
fn envelope_microsoft() {
    // Trusting the front end alone: the edge hop and its Received-SPF, but
    // Exchange writes Return-Path below the original header and its
    // Authentication-Results names the tenant: no MAIL FROM, no envelope.
    let source = infer("microsoft.eml", &["protection.outlook.com"]);
    assert!(
        matches!(source, EnvelopeSource::Missing { .. }),
        "{source:?}"
    );
    let reasons: Vec<_> = source
        .ignored()
        .iter()
        .map(|i| (i.field.as_str(), i.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "Authentication-Results",
                IgnoreReason::UntrustedWriter {
                    writer: "contoso.mail.onmicrosoft.com".into()
                }
            ),
            ("Return-Path", IgnoreReason::BelowTrustedHop),
        ]
    );
    // Trusting the tenant's id too: its result gives the MAIL FROM domain.
    let source = infer(
        "microsoft.eml",
        &["protection.outlook.com", "contoso.mail.onmicrosoft.com"],
    );
    let (client_ip, helo, mail_from, sources) = envelope(&source);
    assert_eq!(client_ip, ip("192.0.2.141"));
    assert_eq!(helo, "mta-07.vendor.example");
    assert_eq!(mail_from, "billing.vendor.example");
    assert_eq!(
        sources,
        [
            "Received (by BN2PEPF000044A5.mail.protection.outlook.com)",
            "Authentication-Results (contoso.mail.onmicrosoft.com)"
        ]
    );
}

#[test]
fn envelope_gmail() {
    let source = infer("gmail.eml", &["mx.google.com"]);
    let (client_ip, helo, mail_from, sources) = envelope(&source);
    assert_eq!(client_ip, ip("192.0.2.80"));
    assert_eq!(helo, "mail.shop.example");
    assert_eq!(mail_from, "bounce-42@mail.shop.example");
    assert_eq!(sources, ["Received (by mx.google.com)", "Return-Path"]);
    // Gmail's Received-SPF names no receiver.
    assert_eq!(source.ignored().len(), 1);
    assert_eq!(source.ignored()[0].reason, IgnoreReason::NoReceiver);
    // Without trusted ids: Gmail's internal `Received: by …` is skipped.
    assert_eq!(envelope(&infer("gmail.eml", &[])).0, client_ip);
}

/// The reproducer (a): the forged Received-SPF below the trusted hop,
/// without receiver=, is neither believed nor ranked above the receiver's fields.
#[test]
fn forged_received_spf_below_trusted_hop_is_ignored() {
    let raw = concat!(
        "Received-SPF: pass (mx.example.net: domain of a@evil.example designates 203.0.113.5 as permitted sender) receiver=mx.example.net; client-ip=203.0.113.5; envelope-from=a@evil.example; helo=mx.evil.example\r\n",
        "Received: from mx.evil.example (mx.evil.example [203.0.113.5])\r\n",
        "\tby mx.example.net (Postfix) with ESMTPS id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "Received: from [203.0.113.5] (unknown [203.0.113.5]) by relay.evil.example; Mon, 2 Mar 2026 09:59:00 +0000\r\n",
        "Received-SPF: pass client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
        "From: ceo@good.example\r\n\r\nbody\r\n"
    );
    let m = Message::parse(raw.as_bytes()).unwrap();
    let source = infer_envelope(&m, &["mx.example.net".to_string()]);
    let (client_ip, helo, mail_from, sources) = envelope(&source);
    assert_eq!(client_ip, ip("203.0.113.5"));
    assert_eq!(helo, "mx.evil.example");
    assert_eq!(mail_from, "a@evil.example");
    assert_eq!(sources, ["Received (by mx.example.net)", "Received-SPF"]);
    assert_eq!(source.ignored().len(), 1);
    assert_eq!(source.ignored()[0].position, 4);
    assert_eq!(source.ignored()[0].reason, IgnoreReason::BelowTrustedHop);
}

/// The reproducer (b), through the whole inference.
#[test]
fn received_helo_literal_is_not_the_client_ip() {
    let raw = concat!(
        "Return-Path: <a@evil.example>\r\n",
        "Received: from [198.51.100.25] (unknown [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 1; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "From: ceo@good.example\r\n\r\nbody\r\n"
    );
    let m = Message::parse(raw.as_bytes()).unwrap();
    for trusted in [vec!["mx.example.net".to_string()], vec![]] {
        let (client_ip, helo, ..) = envelope(&infer_envelope(&m, &trusted));
        assert_eq!(client_ip, ip("203.0.113.5"));
        assert_eq!(helo, "[198.51.100.25]");
    }
}

#[test]
fn ignored_fields_are_capped_and_explained() {
    let mut raw = String::from(
        "Return-Path: <a@evil.example>\r\nReceived: from x (x [203.0.113.5]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000\r\nReceived: from y by relay.evil.example; Mon, 2 Mar 2026 09:00:00 +0000\r\n",
    );
    // As many forged fields as a message may hold (MAX_HEADER_FIELDS).
    for i in 0..(domainauth::mail::MAX_HEADER_FIELDS - 10) / 2 {
        raw.push_str(&format!(
            "Received-SPF: pass client-ip=198.51.100.{}; envelope-from=ceo@good.example\r\n",
            i % 250
        ));
        raw.push_str(
            "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=ceo@good.example\r\n",
        );
    }
    raw.push_str("From: ceo@good.example\r\n\r\nbody\r\n");
    let m = Message::parse(raw.as_bytes()).unwrap();
    let source = infer_envelope(&m, &["mx.example.net".to_string()]);
    assert_eq!(envelope(&source).0, ip("203.0.113.5"));
    assert_eq!(source.ignored().len(), MAX_IGNORED_LISTED);
    let findings = source.findings();
    // The envelope, the listed fields, and a note that the list stops there.
    assert_eq!(findings.len(), 1 + MAX_IGNORED_LISTED + 1);
    let capped = findings.last().unwrap();
    assert_eq!(capped.code, Code::VerifyTraceCapped);
    assert!(capped.message(Lang::En).contains("first 8 trace fields"));
    let ignored = &findings[1];
    assert_eq!(ignored.code, Code::VerifyTraceIgnored);
    let en = ignored.message(Lang::En);
    assert!(en.contains("Received-SPF (header field 4)"), "{en}");
    assert!(en.contains("below the Received field"), "{en}");
    let ja = ignored.message(Lang::Ja);
    assert!(ja.contains("上から 4 番目"), "{ja}");
    assert!(ja.contains("送信者が書き込めた位置"), "{ja}");
}

#[test]
fn every_ignore_reason_has_its_own_text() {
    let raw = concat!(
        "Received-SPF: pass receiver=mx.other.example; client-ip=192.0.2.1; envelope-from=a@a.example\r\n",
        "Received-SPF: pass client-ip=192.0.2.1; envelope-from=a@a.example\r\n",
        "Received-SPF: pass receiver=mx.example.net; client-ip=198.51.100.9; envelope-from=a@a.example\r\n",
        "Received-SPF: pass receiver=mx.example.net; client-ip=192.0.2.1; client-ip=192.0.2.1\r\n",
        "Return-Path: <a@a.example>\r\n",
        "Received: from a (a [192.0.2.1]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "Received: from b by relay.example; Mon, 2 Mar 2026 09:00:00 +0000\r\n",
        "Received-SPF: pass client-ip=192.0.2.1\r\n",
        "From: a@a.example\r\n\r\nbody\r\n"
    );
    let m = Message::parse(raw.as_bytes()).unwrap();
    let source = infer_envelope(&m, &["mx.example.net".to_string()]);
    let ids: Vec<_> = source.ignored().iter().map(|i| i.reason.id()).collect();
    assert_eq!(
        ids,
        [
            "untrusted-writer",
            "no-receiver",
            "unreadable",
            "below-trusted-hop",
            "ip-mismatch"
        ]
    );
    let mut seen = std::collections::BTreeSet::new();
    for f in source.findings().iter().skip(1) {
        for lang in [Lang::En, Lang::Ja] {
            let text = f.message(lang);
            assert!(!text.contains("{$") && !text.contains('<'), "{text}");
            assert!(seen.insert(text.clone()), "same text twice: {text}");
        }
    }
    let no_hop = infer_envelope(&m, &["mx.nowhere.example".to_string()]);
    let text = no_hop.findings()[1].message(Lang::En);
    assert!(
        text.contains("no Received field names a trusted receiver"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// Properties

const GENUINE_IP: &str = "192.0.2.10";
const GENUINE_HELO: &str = "out.shop.example";
const GENUINE_FROM: &str = "bounce@shop.example";
const FORGED_IP: &str = "203.0.113.66";
const FORGED_HELO: &str = "forged.evil.example";
const FORGED_FROM: &str = "ceo@good.example";
const TRUSTED: &str = "mx.example.net";

/// A field the sender may have written, naming any writer.
fn forged_field() -> impl Strategy<Value = String> {
    let writer = prop_oneof![
        Just(Some(TRUSTED.to_string())),
        Just(Some("mx.evil.example".to_string())),
        Just(Some("example.net".to_string())),
        Just(None),
    ];
    let stated_ip = prop_oneof![Just(Some(FORGED_IP)), Just(Some(GENUINE_IP)), Just(None)];
    prop_oneof![
        (writer.clone(), stated_ip.clone()).prop_map(|(receiver, ip)| {
            let mut f = String::from("Received-SPF: pass (forged)");
            if let Some(r) = receiver {
                f.push_str(&format!(" receiver={r};"));
            }
            if let Some(ip) = ip {
                f.push_str(&format!(" client-ip={ip};"));
            }
            f.push_str(&format!(" envelope-from={FORGED_FROM}; helo={FORGED_HELO}"));
            f
        }),
        (writer.clone(), stated_ip).prop_map(|(id, ip)| {
            let comment = ip.map_or(String::new(), |ip| format!(" (sender IP is {ip})"));
            format!(
                "Authentication-Results: {}; spf=pass{comment} smtp.mailfrom={FORGED_FROM} smtp.helo={FORGED_HELO}",
                id.unwrap_or_default()
            )
        }),
        (writer, any::<bool>()).prop_map(|(by, literal)| {
            let by = by.unwrap_or_else(|| "relay.evil.example".into());
            if literal {
                format!("Received: from [{FORGED_IP}] (unknown [{FORGED_IP}]) by {by} (Postfix) with ESMTP id F1; Mon, 2 Mar 2026 09:00:00 +0000")
            } else {
                format!("Received: from {FORGED_HELO} ({FORGED_HELO} [{FORGED_IP}]) by {by}; Mon, 2 Mar 2026 09:00:00 +0000")
            }
        }),
        Just(format!("Return-Path: <{FORGED_FROM}>")),
        "[ -~]{0,60}".prop_map(|v| format!("Received: {v}")),
        "[ -~]{0,60}".prop_map(|v| format!("Received-SPF: {v}")),
        "[ -~]{0,60}".prop_map(|v| format!("Authentication-Results: {v}")),
        "[ -~]{0,40}".prop_map(|v| format!("X-Junk: {v}")),
    ]
}

/// Where the trusted receiver puts its own Received-SPF and Authentication-Results.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// Above its Received (Microsoft, Postfix policy servers).
    Above,
    /// Below its Received (Gmail, milters).
    Below,
    /// It writes neither.
    None,
}

#[derive(Debug, Clone)]
struct Stack {
    trusted: bool,
    downstream: usize,
    return_path: bool,
    layout: Layout,
    sender_received: bool,
    forged: Vec<String>,
}

fn stack() -> impl Strategy<Value = Stack> {
    (
        any::<bool>(),
        0usize..3,
        any::<bool>(),
        prop_oneof![Just(Layout::Above), Just(Layout::Below), Just(Layout::None)],
        any::<bool>(),
        proptest::collection::vec(forged_field(), 0..10),
    )
        .prop_map(
            |(trusted, downstream, return_path, layout, sender_received, forged)| Stack {
                trusted,
                downstream,
                return_path,
                layout,
                sender_received,
                forged,
            },
        )
}

impl Stack {
    fn message(&self) -> String {
        let mut fields: Vec<String> = Vec::new();
        for i in 0..self.downstream {
            // Later hops inside the receiver's systems. Without trusted ids only
            // hops that record no client keep the receiver at the top.
            if self.trusted {
                fields.push(format!("Received: from {TRUSTED} ({TRUSTED} [10.0.0.{i}]) by store{i}.example.net with LMTP id S{i}; Mon, 2 Mar 2026 10:00:0{i} +0000"));
            } else {
                fields.push(format!(
                    "Received: by store{i}.example.net with LMTP id S{i}; Mon, 2 Mar 2026 10:00:0{i} +0000"
                ));
            }
        }
        if self.return_path {
            fields.push(format!("Return-Path: <{GENUINE_FROM}>"));
        }
        let own = [
            format!(
                "Received-SPF: pass ({TRUSTED}: domain of {GENUINE_FROM} designates {GENUINE_IP} as permitted sender) receiver={TRUSTED}; client-ip={GENUINE_IP}; envelope-from={GENUINE_FROM}; helo={GENUINE_HELO}"
            ),
            format!("Authentication-Results: {TRUSTED}; spf=pass smtp.mailfrom={GENUINE_FROM}"),
        ];
        if matches!(self.layout, Layout::Above) {
            fields.extend(own.iter().cloned());
        }
        fields.push(format!("Received: from {GENUINE_HELO} ({GENUINE_HELO} [{GENUINE_IP}]) by {TRUSTED} (Postfix) with ESMTPS id G1; Mon, 2 Mar 2026 10:00:00 +0000"));
        if matches!(self.layout, Layout::Below) {
            fields.extend(own.iter().cloned());
        }
        if self.sender_received {
            fields.push(format!("Received: from [{FORGED_IP}] ({FORGED_HELO} [{FORGED_IP}]) by sender.evil.example; Mon, 2 Mar 2026 09:59:00 +0000"));
        }
        fields.extend(self.forged.iter().cloned());
        fields.push("From: ceo@good.example".into());
        let mut raw = fields.join("\r\n");
        raw.push_str("\r\n\r\nbody\r\n");
        raw
    }

    /// True when the receiver itself recorded the MAIL FROM.
    fn genuine_mail_from(&self) -> bool {
        self.return_path || !matches!(self.layout, Layout::None)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Forged trace fields at any place, naming any writer, never give the
    /// client IP or HELO; below the sender's own hop they never give
    /// anything; and whenever the receiver recorded the MAIL FROM itself,
    /// its record wins.
    #[test]
    fn hostile_trace_stacks_never_give_a_forged_envelope(s in stack()) {
        let raw = s.message();
        let m = Message::parse(raw.as_bytes()).unwrap();
        let trusted: Vec<String> = if s.trusted { vec![TRUSTED.into()] } else { vec![] };
        let source = infer_envelope(&m, &trusted);
        prop_assert!(source.ignored().len() <= MAX_IGNORED_LISTED);
        match &source {
            EnvelopeSource::Inferred { envelope, .. } => {
                prop_assert_eq!(envelope.client_ip, ip(GENUINE_IP), "{}", raw);
                prop_assert_eq!(envelope.helo.as_str(), GENUINE_HELO, "{}", raw);
                // Fields between the receiver's hop and the sender's own hop
                // can only be reached by a client talking to the receiver
                // directly, which chooses its MAIL FROM anyway; everything
                // else is the receiver's record.
                if s.sender_received || s.genuine_mail_from() {
                    prop_assert_eq!(envelope.mail_from.as_str(), GENUINE_FROM, "{}", raw);
                }
            }
            EnvelopeSource::Missing { .. } => {
                // Only when the receiver recorded no MAIL FROM and nothing in
                // the sender's fields could stand in for it.
                prop_assert!(!s.genuine_mail_from(), "{}", raw);
            }
            EnvelopeSource::Given { .. } => prop_assert!(false),
        }
    }

    /// Whatever the client sends as HELO, a Received written around it by the
    /// trusted server never names another client address or another server.
    #[test]
    fn received_helo_cannot_forge_the_client_ip(
        helo in prop_oneof![
            "[ -~]{0,40}",
            "[a-z]{1,5}( \\(|\\)|\\[|\\]| by | from | with | for | id |;|\"|<| helo=| HELO )[a-z0-9.\\[\\]() ]{0,20}",
            Just(format!("x (unknown [{FORGED_IP}])")),
            Just(format!("[{FORGED_IP}] (helo=y)")),
            Just(format!("x ({FORGED_IP})")),
            Just(format!("x (HELO [{FORGED_IP}])")),
        ],
        microsoft in any::<bool>(),
    ) {
        let field = if microsoft {
            format!("from {helo} ({GENUINE_IP}) by edge.mail.protection.outlook.com (10.167.243.156) with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8901.19 via Frontend Transport; Wed, 4 Mar 2026 09:12:42 +0000")
        } else {
            format!("from {helo} (unknown [{GENUINE_IP}]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) by {TRUSTED} (Postfix) with ESMTPS id G1 for <user@example.net>; Mon, 2 Mar 2026 10:00:00 +0000")
        };
        let by = if microsoft { "edge.mail.protection.outlook.com" } else { TRUSTED };
        if let Ok(r) = Received::parse(&field) {
            prop_assert!(r.client_ip.is_none() || r.client_ip == Some(ip(GENUINE_IP)), "{:?} from {}", r, field);
            prop_assert_eq!(r.by.as_deref(), Some(by), "{}", field);
        }
    }

    #[test]
    fn received_parser_never_panics(s in "\\PC{0,300}") {
        let _ = Received::parse(&s);
    }

    #[test]
    fn received_parser_never_panics_on_field_like_text(
        parts in proptest::collection::vec(
            prop_oneof![
                "(from|by|via|with|id|for|FROM|By)",
                "[a-z0-9.-]{1,12}",
                "\\[[0-9a-fA-F:.IPv6]{0,20}\\]?",
                "\\(([^()\\\\]{0,12}|\\([^()]{0,5}\\))\\)?",
                "<[a-z@.]{0,10}>?",
                ";",
                "\"[a-z ]{0,5}\"?",
            ],
            0..20,
        ),
    ) {
        let text = parts.join(" ");
        if let Ok(r) = Received::parse(&text) {
            // A client address always comes from text that is in the field.
            if let Some(IpAddr::V4(ip)) = r.client_ip {
                prop_assert!(text.contains(&ip.to_string()), "{} from {}", ip, text);
            }
        }
    }
}

/// Bounded work: a Received near the size limit made of the constructs that
/// cost the most (nested comments, literals), and a header of many such
/// fields, are read; the size sweep is in benches/trace.rs.
#[test]
fn large_hostile_received_fields_are_read() {
    let nested = format!(
        "from a {} by mx.example.net; date",
        "(".repeat(4000) + &")".repeat(4000)
    );
    assert!(Received::parse(&nested).is_ok());
    let literals = format!("from {} by x", "[1.2.3.4]".repeat(1500));
    assert!(Received::parse(&literals).is_ok());
    let mut raw = String::new();
    for _ in 0..60 {
        raw.push_str(&format!("Received: {}\r\n", "(x) ".repeat(3000)));
    }
    raw.push_str("From: a@b.example\r\n\r\n");
    let m = Message::parse(raw.as_bytes()).unwrap();
    let source = infer_envelope(&m, &[TRUSTED.to_string()]);
    assert!(matches!(source, EnvelopeSource::Missing { .. }));
}

/// An Authentication-Results field below the trusted receiver's block was
/// in the message when it arrived, whatever authserv-id it names: it is
/// not explained as the receiver's record, with or without trusted ids.
#[test]
fn forged_authres_below_the_trusted_hop_is_not_the_receivers_record() {
    use domainauth::dns::ZoneResolver;
    use domainauth::verify::{MessageVerifier, VerifyOptions};
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN good.example.\n@ 300 IN TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n\
         _dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    let raw = concat!(
        "Authentication-Results: mx.google.com;\r\n",
        "       spf=fail smtp.mailfrom=ceo@good.example;\r\n",
        "       dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=good.example\r\n",
        "Received: from mx.evil.example (mx.evil.example [203.0.113.5])\r\n",
        "        by mx.google.com with ESMTPS id x1; Mon, 2 Mar 2026 10:00:00 -0800 (PST)\r\n",
        "Received: from [10.0.0.1] by mx.evil.example; Mon, 2 Mar 2026 09:59:00 -0800\r\n",
        "Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=ceo@good.example;\r\n",
        "       dkim=pass header.d=good.example; dmarc=pass header.from=good.example\r\n",
        "From: ceo@good.example\r\nSubject: invoice\r\n\r\nbody\r\n"
    );
    for trusted in [vec![], vec!["mx.google.com".to_string()]] {
        let mut options = VerifyOptions::new("mx.example.net");
        options.trusted_authserv_ids = trusted.clone();
        let verifier = MessageVerifier::new(&zone, options);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let v = rt.block_on(verifier.verify(raw.as_bytes(), None)).unwrap();
        let flags: Vec<bool> = v.existing.fields.iter().map(|f| f.trusted).collect();
        assert_eq!(flags, [true, false], "trusted ids {trusted:?}");
        let seen: Vec<String> = v
            .existing
            .findings
            .iter()
            .filter(|f| f.code == Code::AuthresSeen)
            .map(|f| f.message(Lang::En))
            .collect();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(seen[0].contains("dmarc=fail"), "{seen:?}");
        assert!(!seen.iter().any(|s| s.contains("dmarc=pass")), "{seen:?}");
    }
}

/// A HELO or reverse name chosen by the sender (`via`, `for`, `helo`) or a
/// client that sent no HELO cannot make the receiver's own Received look
/// local or hand the client address to a forged field below it.
#[test]
fn sender_chosen_names_cannot_move_the_trusted_hop() {
    let below = "Received: from mail.good.example (mail.good.example [198.51.100.25])\r\n\tby relay.good.example (Postfix) with ESMTP id 1; Mon, 2 Mar 2026 09:59:00 +0000\r\n";
    for top in [
        "Received: from via (unknown [203.0.113.5])\r\n\tby mx.example.net (Postfix) with ESMTPS id 4Q9X\r\n\tfor <x@example.net>; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "Received: from for (unknown [203.0.113.5])\r\n\tby mx.example.net (Postfix) with ESMTPS id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "Received: (from rdns.evil.example [203.0.113.5])\r\n\tby mx.example.net (8.17.1/8.17.1) with SMTP id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "Received: from [198.51.100.25] (helo [203.0.113.5] (may be forged))\r\n\tby mx.example.net (8.17.1/8.17.1) with ESMTP id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
    ] {
        let raw = format!(
            "Return-Path: <ceo@good.example>\r\n{top}{below}From: ceo@good.example\r\n\r\nbody\r\n"
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        for trusted in [vec![], vec!["mx.example.net".to_string()]] {
            let source = infer_envelope(&m, &trusted);
            let envelope = source.envelope().expect("inferred");
            assert_eq!(envelope.client_ip, ip("203.0.113.5"), "{top:?} {trusted:?}");
        }
    }
}

/// A HELO that carries a fake TCP-info and a clause keyword
/// (`mail.good.example (mail.good.example [198.51.100.25]) via`) cannot
/// hand the sender's chosen address to the envelope: the receiver's field
/// is unreadable, so nothing below it is used either.
#[test]
fn helo_with_fake_tcp_info_and_a_clause_keyword_gives_no_forged_client() {
    for clause in ["via", "for", "with", "id"] {
        let raw = format!(
            "Return-Path: <ceo@good.example>\r\n\
             Received: from mail.good.example (mail.good.example [198.51.100.25]) {clause} (unknown [203.0.113.5])\r\n\
             \tby mx.example.net (Postfix) with ESMTPS id 4Q9X\r\n\
             \tfor <x@example.net>; Mon, 2 Mar 2026 10:00:00 +0000\r\n\
             Received: from mail.good.example (mail.good.example [198.51.100.25])\r\n\
             \tby relay.good.example (Postfix) with ESMTP id 1; Mon, 2 Mar 2026 09:59:00 +0000\r\n\
             From: ceo@good.example\r\n\r\nbody\r\n"
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        for trusted in [vec![], vec!["mx.example.net".to_string()]] {
            let source = infer_envelope(&m, &trusted);
            if let Some(e) = source.envelope() {
                assert_ne!(e.client_ip, ip("198.51.100.25"), "{clause} {trusted:?}");
            }
        }
    }
}
