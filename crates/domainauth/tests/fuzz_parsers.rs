//! Fuzzing the parsers that read attacker-written text: the message
//! splitter, the From field, Authentication-Results, Received, the DKIM tag
//! list, DKIM-Signature and key records, the three ARC fields and ARC chain
//! validation, and SPF and DMARC records.
//!
//! Each target starts from realistic seeds and mutates them the way hostile
//! mail does (control characters, separators, truncation, repetition), plus
//! fully random bytes. Properties: nothing panics, and what is accepted
//! obeys the grammar's basic invariants.
//!
//! `cargo test` runs a few hundred cases per target; CI runs many more with
//! `DOMAINAUTH_FUZZ_CASES` (see `.ci/run`). Failing inputs that proptest
//! finds are kept in `fuzz_parsers.proptest-regressions` and replayed first
//! on every run; the ones worth naming are also written out as tests below.

use domainauth::arc::{AuthenticationResults as ArcResults, MessageSignature, Seal};
use domainauth::authres;
use domainauth::dkim::{KeyRecord, Signature, parse_tag_list};
use domainauth::dmarc::Record as DmarcRecord;
use domainauth::mail::received::Received;
use domainauth::mail::{Message, address_domain, addresses, parse_address_list};
use domainauth::spf::{MacroKind, MacroString, Record as SpfRecord};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per target: `DOMAINAUTH_FUZZ_CASES`, else 384.
fn config() -> Config {
    let cases = std::env::var("DOMAINAUTH_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(384);
    Config {
        cases,
        // Shrinking a parser crash is quick; keep the run bounded anyway.
        max_shrink_iters: 2048,
        ..Config::default()
    }
}

/// Characters that matter to the grammars we parse.
const HOSTILE: &[&str] = &[
    "\r\n", "\n", "\r", "\t", " ", "\0", "\x1b", "\u{7f}", "\u{85}", "\u{202e}", ";", "=", ":",
    ",", "<", ">", "@", "[", "]", "(", ")", "\"", "\\", "%", "{", "}", ".", "..", "-", "/", "|",
    "\r\n ", "\r\n\t", "=2E", "=\r\n", "xn--", "é", "日本", "\u{fffd}",
];

/// One edit of a seed.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    Delete(usize, usize),
    Repeat(usize, usize, u8),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), prop::sample::select(HOSTILE)).prop_map(|(at, s)| Edit::Insert(at, s)),
        2 => (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<usize>(), 1usize..30, 2u8..40).prop_map(|(at, n, k)| Edit::Repeat(at, n, k)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// The largest char boundary at or below `at % (len + 1)`.
fn boundary(s: &str, at: usize) -> usize {
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut s = seed.to_string();
    for e in edits {
        match *e {
            Edit::Insert(at, text) => {
                let i = boundary(&s, at);
                s.insert_str(i, text);
            }
            Edit::Delete(at, n) => {
                let i = boundary(&s, at);
                let j = boundary(&s, i + n.min(s.len() - i));
                s.replace_range(i..j.max(i), "");
            }
            Edit::Repeat(at, n, k) => {
                let i = boundary(&s, at);
                let j = boundary(&s, i + n.min(s.len() - i)).max(i);
                let piece = s[i..j].repeat(usize::from(k));
                s.insert_str(j, &piece);
            }
            Edit::Truncate(at) => {
                let i = boundary(&s, at);
                s.truncate(i);
            }
        }
    }
    s
}

/// Seeds mutated by up to eight edits, or random text, or random bytes
/// read lossily.
fn mutated(seeds: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (prop::sample::select(seeds), prop::collection::vec(edit(), 0..8))
            .prop_map(|(seed, edits)| apply(seed, &edits)),
        1 => ".{0,300}",
        1 => prop::collection::vec(any::<u8>(), 0..300)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

const MESSAGES: &[&str] = &[
    "From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n there\r\n\r\nbody\r\n",
    "Received: from mx.example (mx.example [192.0.2.1]) by mx.example.net with ESMTPS id 1\r\n\tfor <b@example.net>; Mon, 30 Nov 2026 00:00:00 +0000\r\nFrom: \"A, B\" <a@example.com>\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=from:to; bh=AAAA; b=BBBB\r\n\r\n",
    "From: a@example.com\nSubject: lf only\n\nbody\n",
    "Subject: no separator\r\nFrom: x@y.example",
];

const FROM_VALUES: &[&str] = &[
    "a@example.com",
    "\"Doe, John\" <john@x.example>, jane@y.example",
    "John (the boss) <john@x.example> (comment)",
    "team: a@x.example, b@y.example;",
    "<@relay.example:c@d.example>",
    "\"店舗\" <info@ショップ.example>",
    "a@evil.example, ceo@good.example",
    "ceo@good.example>",
    "<a@evil.example> ceo@good.example",
    "x@[192.0.2.1]",
];

const AUTHRES: &[&str] = &[
    "mx.google.com;\r\n spf=pass (google.com: domain of a@b.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=a@b.example;\r\n dkim=pass header.i=@b.example header.s=s1 header.b=abcd;\r\n dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=b.example",
    "example.net 1; none",
    "i=1; mx.example.org; arc=none; spf=fail smtp.mailfrom=x.example",
    "spf=pass (sender IP is 198.51.100.1) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100",
    "mx.example; dkim=fail reason=\"signature \\\"bad\\\"\" header.d=x.example",
];

const RECEIVED: &[&str] = &[
    "from mail.sendservice.example (mail.sendservice.example. [198.51.100.20])\r\n        by mx.google.com with ESMTPS id x1si123.2026.11.20.01.02.03\r\n        for <user@gmail.com>; Fri, 20 Nov 2026 01:02:03 -0800 (PST)",
    "from [198.51.100.25] (unknown [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000",
    "from mx.evil.example ([203.0.113.5] helo=mx.evil.example) by mx.example.org with esmtps (TLS1.3) (Exim 4.96) id 1abc-000 for a@example.org; Mon, 02 Mar 2026 10:00:00 +0000",
    "from EUR05-AM6-obe.outbound.protection.outlook.com (2603:10a6:20b:1::1) by AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:2::2) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1; Mon, 2 Mar 2026 10:00:00 +0000",
    "by 2002:a05:6a10:1234:b0:5a0:1234:5678 with SMTP id abc; Mon, 2 Mar 2026 10:00:00 -0800 (PST)",
];

const TAG_LISTS: &[&str] = &[
    "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; t=1700000000; x=1800000000; h=from:to:subject:date; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==",
    "v=1; a=ed25519-sha256; d=example.org; s=ed; i=jlong@messiah=2Eedu; l=10; q=dns/txt; z=From:a@b|To:c@d; h=from; bh=AAAA; b=BBBB",
    "v=DKIM1; k=rsa; h=sha256; s=email; t=y:s; n=note; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC",
    "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
];

const ARC_SEALS: &[&str] = &[
    "i=1; a=rsa-sha256; t=12345; cv=none; d=example.org; s=dummy; b=AAAA",
    "i = 2 ; a=ed25519-sha256; cv=Pass; d=lists.example.; s=arc.2026; b=AA\r\n AA; w=x;",
];

const ARC_SIGNATURES: &[&str] = &[
    "i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=dummy; t=12345; h=from:to:arc-authentication-results; bh=AAAA; b=BBBB",
    "i=50; a=ed25519-sha256; c=simple; d=example.org; s=s; l=0; x=99; q=dns/txt; z=From:a; h=; bh=AA==; b=",
];

const ARC_RESULTS: &[&str] = &[
    "i=1; lists.example.org; spf=pass smtp.mfrom=jqd@d1.example; dkim=pass (1024-bit key) header.i=@d1.example; dmarc=pass",
    " i = 2 ;\r\n\tmx.example 1; arc=pass header.oldest-pass=0; none",
];

/// A message with a one-set ARC chain (keys absent: the signatures cannot
/// verify, but every step up to the key lookups runs).
const ARC_MESSAGES: &[&str] = &[
    "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.org; s=dummy; b=AAAA\r\nARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=dummy; h=from:to; bh=AAAA; b=AAAA\r\nARC-Authentication-Results: i=1; mx.example; spf=pass\r\nFrom: a@example.org\r\n\r\nbody\r\n",
    "ARC-Seal: i=2; a=ed25519-sha256; cv=pass; d=b.example; s=s; b=AAAA\r\nARC-Message-Signature: i=2; a=ed25519-sha256; d=b.example; s=s; h=from; bh=AAAA; b=AAAA\r\nARC-Authentication-Results: i=2; b.example; arc=pass\r\nARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.org; s=dummy; b=AAAA\r\nARC-Message-Signature: i=1; a=rsa-sha256; d=example.org; s=dummy; h=from; bh=AAAA; b=AAAA\r\nARC-Authentication-Results: i=1; mx.example; none\r\nFrom: a@example.org\r\n\r\n",
];

const SPF_RECORDS: &[&str] = &[
    "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24//64 include:_spf.example.net -all",
    "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} ptr:%{d2} ?all exp=explain._spf.%{d}",
    "v=spf1 redirect=_spf.example.com",
    "v=spf1 a:%{h}.%{o} -exists:%{i}.bl.example ~all",
];

const DMARC_RECORDS: &[&str] = &[
    "v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:d@example.com,mailto:e@example.net!10m; ruf=mailto:f@example.com; adkim=s; aspf=r; pct=50; fo=1:d; t=y; psd=n",
    "v=DMARC1; p=none",
    "v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;",
];

const MACROS: &[&str] = &[
    "%{ir}.%{v}.%{l1r-}._spf.%{d2}",
    "%{s} %% %_ %- %{h}",
    "%{p}.%{t}.%{c}.%{r}",
];

proptest! {
    #![proptest_config(config())]

    /// Message::parse: no panic; accepted fields have valid names and the
    /// body is the tail of the input.
    #[test]
    fn message_parse(input in mutated(MESSAGES)) {
        if let Ok(m) = Message::parse(input.as_bytes()) {
            for f in m.fields() {
                prop_assert!(!f.name.is_empty());
                prop_assert!(f.name.bytes().all(|b| (33..=126).contains(&b) && b != b':'));
            }
            prop_assert!(input.as_bytes().ends_with(m.body()));
        }
    }

    /// The From parser: no panic; every address it returns has no line
    /// break (and no white space outside a quoted local part or a domain
    /// literal), and a domain it accepts is a valid lower-case DNS name.
    #[test]
    fn from_addresses(input in mutated(FROM_VALUES)) {
        let _ = parse_address_list(&input);
        for a in addresses(&input) {
            prop_assert!(!a.contains(['\r', '\n']), "{a:?}");
            prop_assert!(
                a.contains(['[', '"']) || !a.chars().any(char::is_whitespace),
                "{a:?}"
            );
            if let Some((domain, _)) = address_domain(&a) {
                prop_assert!(domaincheck(&domain), "{domain:?} from {a:?}");
            }
        }
        let raw = format!("From: {}\r\n\r\n", input.replace(['\r', '\n'], " "));
        if let Ok(m) = Message::parse(raw.as_bytes()) {
            let _ = domainauth::mail::author(&m);
        }
    }

    /// Authentication-Results: no panic; an accepted field names an
    /// authserv-id without control characters (a token has none, and a
    /// quoted-string none either: RFC 8601 §2.2, RFC 5322 §3.2.4), and so
    /// do the method, result and property names.
    #[test]
    fn authres_parse(input in mutated(AUTHRES)) {
        if let Ok(ar) = authres::parse(&input) {
            prop_assert!(!ar.authserv_id.chars().any(char::is_control), "{:?}", ar.authserv_id);
            for r in &ar.results {
                prop_assert!(!r.method.chars().any(char::is_control), "{:?}", r.method);
                prop_assert!(!r.result.chars().any(char::is_control), "{:?}", r.result);
            }
        }
        let _ = authres::parse_field(&format!("Authentication-Results: {input}"));
    }

    /// Received: no panic; a client address it reports appears in the
    /// field as written, so a HELO cannot make one up.
    #[test]
    fn received_parse(input in mutated(RECEIVED)) {
        if let Ok(r) = Received::parse(&input) {
            if let Some(ip) = r.client_ip {
                let v6 = ip.to_string();
                prop_assert!(
                    input.contains(&v6) || input.to_ascii_lowercase().contains(&v6) || ip.is_ipv6(),
                    "{ip} not in {input:?}"
                );
            }
            for v in [&r.from_helo, &r.from_rdns, &r.by].into_iter().flatten() {
                prop_assert!(!v.contains(['\r', '\n']), "{v:?}");
            }
        }
    }

    /// DKIM tag lists: no panic; accepted lists have distinct, valid names.
    #[test]
    fn dkim_tag_list(input in mutated(TAG_LISTS)) {
        if let Ok(tags) = parse_tag_list(&input) {
            let mut names: Vec<&str> = tags.iter().map(|t| t.name).collect();
            for n in &names {
                prop_assert!(n.starts_with(|c: char| c.is_ascii_alphabetic()));
                prop_assert!(n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            }
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            prop_assert_eq!(before, names.len(), "duplicate tag accepted");
        }
        let _ = Signature::parse(&input);
        let _ = KeyRecord::parse(&input);
    }

    /// SPF records: no panic; an accepted record prints as text that parses
    /// back to the same record.
    #[test]
    fn spf_record(input in mutated(SPF_RECORDS)) {
        if let Ok(r) = SpfRecord::parse(&input) {
            let text = r.to_string();
            let again = SpfRecord::parse(&text);
            prop_assert!(again.is_ok(), "{text:?} does not parse back");
            prop_assert_eq!(again.ok().map(|a| a.to_string()), Some(text));
        }
    }

    /// SPF macro strings in every position: no panic.
    #[test]
    fn spf_macro(input in mutated(MACROS)) {
        for kind in [MacroKind::Domain, MacroKind::Explanation] {
            let _ = MacroString::parse(&input, kind);
        }
    }

    /// The three ARC fields: no panic; what is accepted has an instance
    /// from 1 to 50.
    #[test]
    fn arc_fields(seal in mutated(ARC_SEALS), ams in mutated(ARC_SIGNATURES), aar in mutated(ARC_RESULTS)) {
        if let Ok(s) = Seal::parse(&seal) {
            prop_assert!((1..=50).contains(&s.instance));
        }
        if let Ok(m) = MessageSignature::parse(&ams) {
            prop_assert!((1..=50).contains(&m.instance));
        }
        if let Ok(a) = ArcResults::parse(&aar) {
            prop_assert!((1..=50).contains(&a.instance));
        }
    }

    /// ARC chain validation of hostile messages: no panic; a failure
    /// always says why, and a chain without keys never passes.
    #[test]
    fn arc_validation(input in mutated(ARC_MESSAGES)) {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let verifier = domainauth::arc::Verifier::new(domainauth::dns::ZoneResolver::new());
        let message = Message::read(input.as_bytes());
        let mut v = verifier.begin(&message);
        v.body(message.body());
        let chain = rt.block_on(verifier.finish(v));
        prop_assert_ne!(chain.status, domainauth::arc::ChainStatus::Pass);
        prop_assert_eq!(chain.status == domainauth::arc::ChainStatus::Fail, chain.failure.is_some());
    }

    /// DMARC records: no panic, whatever the text.
    #[test]
    fn dmarc_record(input in mutated(DMARC_RECORDS)) {
        let r = DmarcRecord::parse(&input);
        let _ = r.effective(domainauth::dmarc::Mode::Rfc9989);
        let _ = r.effective(domainauth::dmarc::Mode::Rfc7489);
    }
}

/// A lower-case multi-label name of LDH-or-other non-space, non-control
/// labels of 1–63 octets.
fn domaincheck(domain: &str) -> bool {
    domainauth::dns::check_domain_name(domain).is_ok()
        && !domain
            .chars()
            .any(|c| c.is_ascii_uppercase() || c.is_control())
}

// Inputs the fuzzer found, kept as named tests.

/// A NUL in the authserv-id was accepted; whatever reads the id (trust
/// decisions, our output) must never see a control character.
#[test]
fn found_authserv_id_with_a_control_character_is_refused() {
    assert_eq!(
        authres::parse("\u{0}0"),
        Err(authres::AuthResError::ControlInAuthservId { position: 0 })
    );
    assert!(authres::parse("mx\u{1b}.example; spf=pass").is_err());
    assert!(authres::parse("\"mx example\"; spf=pass").is_ok());
}

/// A NUL before a domain made `\0good.example` an author domain.
#[test]
fn found_control_character_in_a_from_domain_makes_the_author_invalid() {
    let m = Message::parse(b"From: a@evil.example, ceo@\0good.example\r\n\r\n").unwrap();
    let author = domainauth::mail::author(&m);
    assert!(!author.problems.is_empty(), "{author:?}");
    assert!(!author.domains.iter().any(|d| d.contains("good.example")));
}

/// A quoted local part may hold a space and a comma (RFC 5322 §3.4.1
/// quoted-string): one address, its domain usable.
#[test]
fn found_quoted_local_part_with_space_and_comma_is_one_address() {
    let list = addresses("\"Doe, John\"@y.example");
    assert_eq!(list, ["\"Doe, John\"@y.example"]);
    assert_eq!(
        address_domain(&list[0]).map(|d| d.0),
        Some("y.example".into())
    );
}

/// A domain literal with folding white space inside is an address, but
/// never an author domain.
#[test]
fn found_domain_literal_with_white_space_is_not_a_domain() {
    let list = addresses("x@[\t;;192.0.2.1]");
    assert!(list.iter().all(|a| address_domain(a).is_none()), "{list:?}");
}
