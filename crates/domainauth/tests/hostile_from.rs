//! Hostile From fields and envelopes: what an attacker writes to turn a
//! `p=reject` into a pass, a `none`, or a crash.
//!
//! Set-up: good.example publishes `p=reject` and SPF for 198.51.100.0/24;
//! evil.example publishes `p=none` and SPF for 203.0.113.0/24. The message
//! comes from 203.0.113.5 (HELO mx.evil.example, MAIL FROM a@evil.example),
//! so SPF passes for evil.example only and no DKIM signature exists: any
//! check of good.example fails, and its policy says reject.
//!
//! Expected values follow RFC 7489 §6.6.1 and RFC 9989 §11.5 (each author
//! domain is checked, "the most strict policy selected among the checks
//! that fail" applies), RFC 5322 §3.4 / RFC 5321 §4.1.2 (what an address
//! and a domain may contain) and the local policy for an author that cannot
//! be determined (reject by default, RFC 7489 §6.6.1: such messages "are
//! typically rejected").

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex};

use domainauth::authres::{AuthResults, parse_field};
use domainauth::diag::{Code, Lang};
use domainauth::dmarc::{DmarcConfig, DmarcResult, Policy};
use domainauth::dns::{Answer, Mx, Resolver, Txt, ZoneResolver};
use domainauth::mail::{FromProblem, FromSyntax, MAX_AUTHOR_DOMAINS, UnusableDomain};
use domainauth::spf::Envelope;
use domainauth::verify::{MessageVerifier, Verdict, VerifyOptions};

const ZONES: &str = r#"
$ORIGIN good.example.
$TTL 300
@       IN A   198.51.100.1
@       IN TXT "v=spf1 ip4:198.51.100.0/24 -all"
_dmarc  IN TXT "v=DMARC1; p=reject"
$ORIGIN evil.example.
@       IN A   203.0.113.1
@       IN TXT "v=spf1 ip4:203.0.113.0/24 -all"
mx      IN A   203.0.113.5
_dmarc  IN TXT "v=DMARC1; p=none"
"#;

/// A resolver that remembers every name it was asked about.
#[derive(Clone)]
struct Counting {
    zone: Arc<ZoneResolver>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Counting {
    fn new(zone: ZoneResolver) -> Self {
        Self {
            zone: Arc::new(zone),
            asked: Arc::default(),
        }
    }

    fn note(&self, name: &str) {
        self.asked.lock().unwrap().push(name.to_string());
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl Resolver for Counting {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.note(name);
        self.zone.txt(name).await
    }
    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        self.note(name);
        self.zone.a(name).await
    }
    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        self.note(name);
        self.zone.aaaa(name).await
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.note(name);
        self.zone.mx(name).await
    }
    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        self.zone.ptr(ip).await
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn envelope(mail_from: &str, helo: &str) -> Envelope {
    Envelope {
        client_ip: "203.0.113.5".parse().unwrap(),
        helo: helo.into(),
        mail_from: mail_from.into(),
    }
}

fn verifier(config: DmarcConfig) -> (MessageVerifier<Counting>, Counting) {
    let resolver = Counting::new(ZoneResolver::from_zone_text(ZONES, None).unwrap());
    let mut options = VerifyOptions::new("mx.example.net");
    options.dmarc = config;
    (MessageVerifier::new(resolver.clone(), options), resolver)
}

/// The verdict for a message with these header lines (each without CRLF)
/// from the set-up's envelope (or `envelope`), with the default local policy.
fn verify_with(header: &[&str], envelope: Option<Envelope>, config: DmarcConfig) -> Verdict {
    let mut raw = String::new();
    for line in header {
        raw.push_str(line);
        raw.push_str("\r\n");
    }
    raw.push_str("Subject: hello\r\n\r\nbody\r\n");
    let (v, _) = verifier(config);
    rt().block_on(v.verify(raw.as_bytes(), envelope))
        .expect("a message")
}

fn verify(header: &[&str]) -> Verdict {
    verify_with(
        header,
        Some(envelope("a@evil.example", "mx.evil.example")),
        DmarcConfig::default(),
    )
}

/// The Authentication-Results field we wrote, read back.
fn field(v: &Verdict) -> AuthResults {
    parse_field(&v.authentication_results)
        .unwrap_or_else(|e| panic!("{e}: {}", v.authentication_results))
}

/// The one `dmarc=` result of the field: its result and header.from.
fn dmarc_in_field(v: &Verdict) -> (String, Option<String>) {
    let ar = field(v);
    let all: Vec<_> = ar.method("dmarc").collect();
    assert_eq!(
        all.len(),
        1,
        "one dmarc result: {}",
        v.authentication_results
    );
    (all[0].result.clone(), all[0].domain("header", "from"))
}

fn codes(v: &Verdict) -> Vec<Code> {
    v.findings().iter().map(|f| f.code).collect()
}

#[test]
fn the_authres_field_carries_the_overall_result_of_several_author_domains() {
    for from in [
        "From: a@evil.example, ceo@good.example",
        "From: ceo@good.example, a@evil.example",
        "From: Evil <a@evil.example>, \"The CEO\" <ceo@good.example>",
        "From: team: a@evil.example, ceo@good.example;",
    ] {
        let v = verify(&[from]);
        // evil.example passes (aligned SPF), good.example fails with p=reject.
        assert_eq!(v.dmarc.domains.len(), 2, "{from}");
        let result = |d: &str| {
            v.dmarc
                .domains
                .iter()
                .find(|x| x.from_domain == d)
                .unwrap()
                .result
        };
        assert_eq!(result("evil.example"), DmarcResult::Pass);
        assert_eq!(result("good.example"), DmarcResult::Fail);
        assert_eq!(v.dmarc.result, DmarcResult::Fail, "{from}");
        assert_eq!(v.dmarc.disposition, Policy::Reject, "{from}");
        assert_eq!(v.dmarc.deciding_domain.as_deref(), Some("good.example"));
        assert_eq!(
            dmarc_in_field(&v),
            ("fail".to_string(), Some("good.example".to_string())),
            "{}",
            v.authentication_results
        );
        assert!(!v.authentication_results.contains("dmarc=pass"));
        assert!(v.authentication_results.contains("dis=REJECT"));
        // The other domain is named in a comment, with its own result.
        assert!(v.authentication_results.contains("evil.example=pass"));
        // The explanation names the deciding domain first.
        let f = v.findings();
        assert_eq!(f[0].code, Code::DmarcFromMultipleDomains);
        assert_eq!(f[0].params["domain"], "good.example");
        // The deciding domain's conclusion comes before the other domain's,
        // after the causes it points at.
        let fails: Vec<_> = f.iter().filter(|x| x.code == Code::DmarcFail).collect();
        assert_eq!(fails[0].params["from"], "good.example");
        let first_fail = f.iter().position(|x| x.code == Code::DmarcFail).unwrap();
        let spf = f.iter().position(|x| x.code == Code::SpfPass).unwrap();
        assert!(
            spf < first_fail,
            "{:?}",
            f.iter().map(|x| x.code).collect::<Vec<_>>()
        );
        assert!(
            f[0].message(Lang::En)
                .contains("good.example decides: fail, reject")
        );
        assert!(
            f[0].message(Lang::Ja)
                .contains("good.example により fail、reject")
        );
    }
}

#[test]
fn characters_a_domain_cannot_hold_make_the_author_invalid_not_policy_free() {
    use FromSyntax::*;
    for (from, pos, error) in [
        ("ceo@good.example>", 16, UnexpectedChar { ch: '>' }),
        ("ceo@good.example)", 16, UnexpectedChar { ch: ')' }),
        ("ceo@good.example\"", 16, UnclosedQuote),
        ("ceo@good.example]", 16, UnexpectedChar { ch: ']' }),
        ("ceo@good.example\\", 16, UnexpectedChar { ch: '\\' }),
        ("ceo@good.example}", 16, DomainChar { ch: '}' }),
        ("ceo@good_example.example", 8, DomainChar { ch: '_' }),
        ("<a@evil.example> ceo@good.example", 17, TextAfterAddress),
        ("<a@evil.example>ceo@good.example", 16, TextAfterAddress),
        (
            "a@evil.example <ceo@good.example>",
            15,
            UnexpectedChar { ch: '<' },
        ),
        ("\"CEO <ceo@good.example>", 0, UnclosedQuote),
        ("(CEO <ceo@good.example>", 0, UnclosedComment),
        ("CEO <ceo@good.example", 4, UnclosedAngle),
        ("ceo@[good.example", 4, UnclosedLiteral),
        ("ceo@good..example", 9, EmptyLabel),
        ("ceo@good.example.", 17, EmptyLabel),
        (
            "ceo@good.example\u{1b}[2J",
            16,
            UnexpectedChar { ch: '\u{1b}' },
        ),
    ] {
        let v = verify(&[&format!("From: {from}")]);
        match v.dmarc.author.problems.as_slice() {
            [FromProblem::Invalid { error: e, .. }] => {
                // `pos` counts characters from 1; the cases give the index.
                assert_eq!((e.pos - 1, &e.error), (pos, &error), "{from}");
            }
            other => panic!("{from}: {other:?}"),
        }
        // Nothing was evaluated: the field names no author at all.
        assert!(v.dmarc.domains.is_empty(), "{from}");
        assert_eq!(v.dmarc.result, DmarcResult::PermError, "{from}");
        assert_eq!(v.dmarc.disposition, Policy::Reject, "{from}");
        assert_eq!(
            dmarc_in_field(&v),
            ("permerror".to_string(), None),
            "{from}"
        );
        assert!(v.authentication_results.contains("dis=REJECT"));
        let c = codes(&v);
        assert_eq!(c[..2], [Code::DmarcFromInvalid, Code::DmarcFromLocalPolicy]);
        assert!(!c.contains(&Code::DmarcMissing), "{from}: not 'no policy'");
        // The finding quotes the field without its control characters.
        let text = v.findings()[0].message(Lang::En);
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            text.contains(&format!("at character {}", pos + 1)),
            "{text}"
        );
    }
}

#[test]
fn an_address_without_a_usable_domain_does_not_erase_another_policy() {
    for (unusable, reason) in [
        ("x@[192.0.2.1]", UnusableDomain::AddressLiteral),
        ("x@localhost", UnusableDomain::SingleLabel),
        ("x@192.0.2.1", UnusableDomain::NumericTld),
    ] {
        for from in [
            format!("From: ceo@good.example, {unusable}"),
            format!("From: {unusable}, ceo@good.example"),
        ] {
            let v = verify(&[&from]);
            assert_eq!(v.dmarc.author.domains, ["good.example"], "{from}");
            assert!(
                matches!(
                    v.dmarc.author.problems.as_slice(),
                    [FromProblem::NoDomain { reason: r, .. }] if *r == reason
                ),
                "{from}: {:?}",
                v.dmarc.author.problems
            );
            // good.example is still evaluated and its p=reject applies.
            assert_eq!(v.dmarc.result, DmarcResult::Fail, "{from}");
            assert_eq!(v.dmarc.disposition, Policy::Reject, "{from}");
            assert_eq!(v.dmarc.deciding_domain.as_deref(), Some("good.example"));
            assert_eq!(
                dmarc_in_field(&v),
                ("fail".to_string(), Some("good.example".to_string()))
            );
            let c = codes(&v);
            // The From problem comes first; good.example's failure is still explained.
            assert_eq!(c[0], Code::DmarcFromNoDomain, "{from}: {c:?}");
            assert!(c.contains(&Code::DmarcFail), "{from}: {c:?}");
        }
    }
    // Alone, an unusable address is an author that cannot be determined.
    let v = verify(&["From: x@localhost"]);
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::PermError, Policy::Reject)
    );
}

#[test]
fn several_from_fields_follow_local_policy_and_are_still_explained() {
    // good.example's own fail decides: the field says fail for good.example.
    let v = verify(&["From: a@evil.example", "From: ceo@good.example"]);
    assert_eq!(v.dmarc.author.problems, [FromProblem::Several { count: 2 }]);
    assert_eq!(v.dmarc.domains.len(), 2);
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::Fail, Policy::Reject)
    );
    assert_eq!(
        dmarc_in_field(&v),
        ("fail".to_string(), Some("good.example".to_string()))
    );
    assert!(v.authentication_results.contains("2 From fields"));
    // Both fields in the passing domain: the repeated field alone decides.
    let v = verify(&["From: a@evil.example", "From: b@evil.example"]);
    assert_eq!(v.dmarc.domains[0].result, DmarcResult::Pass);
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::PermError, Policy::Reject)
    );
    assert_eq!(dmarc_in_field(&v), ("permerror".to_string(), None));
    let c = codes(&v);
    assert_eq!(c[..2], [Code::DmarcFromSeveral, Code::DmarcFromLocalPolicy]);
    // The passing domain is still explained after the cause.
    assert!(c.contains(&Code::DmarcPass));
}

#[test]
fn a_message_without_from_follows_local_policy() {
    let v = verify(&["To: someone@good.example"]);
    assert_eq!(v.dmarc.author.problems, [FromProblem::Missing]);
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::PermError, Policy::Reject)
    );
    assert_eq!(dmarc_in_field(&v), ("permerror".to_string(), None));
    for from in ["From: ", "From: undisclosed:;"] {
        let v = verify(&[from]);
        assert!(matches!(
            v.dmarc.author.problems.as_slice(),
            [FromProblem::NoAddress { .. }]
        ));
        assert_eq!(v.dmarc.disposition, Policy::Reject);
    }
}

#[test]
fn the_local_policy_for_an_undetermined_author_is_configurable() {
    let lenient = {
        let mut o = DmarcConfig::default();
        o.invalid_author = Policy::Quarantine;
        o
    };
    let env = || Some(envelope("a@evil.example", "mx.evil.example"));
    let v = verify_with(&["From: a@evil.example>"], env(), lenient.clone());
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::PermError, Policy::Quarantine)
    );
    // A domain's own stricter policy still wins over a lenient local one.
    let v = verify_with(&["From: ceo@good.example, x@localhost"], env(), lenient);
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::Fail, Policy::Reject)
    );
}

#[test]
fn author_domains_beyond_the_cap_are_not_looked_up() {
    let mut list: Vec<String> = (0..25).map(|n| format!("a@d{n}.example")).collect();
    list.push("ceo@good.example".into());
    let raw = format!("From: {}\r\nSubject: x\r\n\r\nbody\r\n", list.join(", "));
    let (verifier, resolver) = verifier(DmarcConfig::default());
    let v = rt()
        .block_on(verifier.verify(
            raw.as_bytes(),
            Some(envelope("a@evil.example", "mx.evil.example")),
        ))
        .unwrap();
    assert_eq!(v.dmarc.domains.len(), MAX_AUTHOR_DOMAINS);
    assert_eq!(
        v.dmarc.author.problems,
        [FromProblem::TooManyDomains {
            cap: MAX_AUTHOR_DOMAINS,
            count: 26
        }]
    );
    let asked = resolver.asked();
    for n in MAX_AUTHOR_DOMAINS..25 {
        let d = format!("d{n}.example");
        assert!(!asked.iter().any(|q| q.ends_with(&d)), "{d} looked up");
    }
    assert!(!asked.iter().any(|q| q.contains("good.example")));
    // The evaluation is incomplete: permerror, and local policy rejects.
    assert_eq!(
        (v.dmarc.result, v.dmarc.disposition),
        (DmarcResult::PermError, Policy::Reject)
    );
    assert!(v.authentication_results.contains("16 more not evaluated"));
    let f = v
        .findings()
        .into_iter()
        .find(|f| f.code == Code::DmarcFromTooManyDomains)
        .expect("the cap is named");
    assert!(f.message(Lang::En).contains("only the first 10"));
}

/// `--mail-from 'a@'`, `'a@.'`, `'@'`, an empty sender with `--helo .`, and a
/// `Return-Path: <a@>` read from the message once panicked in the DMARC tree
/// walk (an empty name reached `walk_targets`).
#[test]
fn empty_and_dot_envelope_domains_do_not_panic() {
    for (mail_from, helo) in [
        ("a@", "mx.evil.example"),
        ("a@.", "mx.evil.example"),
        ("@", "mx.evil.example"),
        ("", "."),
        ("", ""),
        ("a@..", ".."),
    ] {
        let v = verify_with(
            &["From: ceo@good.example"],
            Some(envelope(mail_from, helo)),
            DmarcConfig::default(),
        );
        // Nothing aligned can pass: good.example's reject applies.
        assert_eq!(v.dmarc.result, DmarcResult::Fail, "{mail_from:?} {helo:?}");
        assert_eq!(v.dmarc.disposition, Policy::Reject);
    }
    let v = verify_with(
        &[
            "Return-Path: <a@>",
            "Received: from mx.evil.example (mx.evil.example [203.0.113.5]) by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000",
            "From: ceo@good.example",
        ],
        None,
        DmarcConfig::default(),
    );
    assert_eq!(v.dmarc.result, DmarcResult::Fail);
}

mod generated {
    //! Generated hostile From fields: random mixes of addresses of both
    //! domains, literals, single labels, groups, comments and quoted names,
    //! with junk characters put before, between and after them.

    use super::*;
    use proptest::prelude::*;

    /// A well-formed mailbox and whether it names good.example as its address.
    fn mailbox() -> impl Strategy<Value = (String, bool)> {
        prop_oneof![
            Just(("ceo@good.example".to_string(), true)),
            Just(("CEO <ceo@good.example>".to_string(), true)),
            Just(("\"Good, Inc.\" <ceo@Good.Example>".to_string(), true)),
            Just(("(boss) ceo@good.example (x)".to_string(), true)),
            Just(("<@relay.example:ceo@good.example>".to_string(), true)),
            Just(("a@evil.example".to_string(), false)),
            Just(("\"ceo@good.example\" <a@evil.example>".to_string(), false)),
            Just(("Evil <a@evil.example>".to_string(), false)),
            Just(("x@[192.0.2.1]".to_string(), false)),
            Just(("x@localhost".to_string(), false)),
            Just(("x@sub.evil.example".to_string(), false)),
        ]
    }

    /// Characters that cannot directly follow a bare domain in a valid list.
    const BREAKERS: &[char] = &[
        '>', ')', '"', ']', '\\', '}', '<', '[', '@', ':', ';', '_', '\u{1b}', '\u{0}',
    ];

    fn junk() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec![
                ">",
                ")",
                "\"",
                "]",
                "\\",
                "}",
                "<",
                "(",
                "[",
                "@",
                ".",
                ",",
                ";",
                ":",
                " ",
                "\t",
                "\u{1b}",
                "＞",
                "ｇ",
                "\u{0}",
                "\u{202e}",
                "=?utf-8?q?x?=",
            ])
            .prop_map(str::to_string),
            "\\PC{0,6}",
        ]
    }

    /// A From value: mailboxes, maybe grouped, joined by separators, with
    /// junk; and whether a good.example mailbox is in it.
    fn from_value() -> impl Strategy<Value = (String, bool, bool)> {
        (
            proptest::collection::vec((mailbox(), junk(), junk(), any::<bool>()), 1..6),
            proptest::sample::select(vec![", ", ",", " ,", ",,"]),
            any::<bool>(),
        )
            .prop_map(|(parts, sep, group)| {
                let mut good = false;
                let mut junked = false;
                let items: Vec<String> = parts
                    .into_iter()
                    .map(|((m, is_good), before, after, with_junk)| {
                        good |= is_good;
                        if with_junk {
                            junked = true;
                            format!("{before}{m}{after}")
                        } else {
                            m
                        }
                    })
                    .collect();
                let mut value = items.join(sep);
                if group {
                    value = format!("team: {value};");
                }
                (value, good, junked)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(192))]

        /// Never a pass, never less than reject, when good.example is an
        /// author domain or the author cannot be determined; and the field
        /// says what the verdict says.
        #[test]
        fn hostile_from_never_weakens_reject((value, good, junked) in from_value()) {
            let v = verify(&[&format!("From: {value}")]);
            let d = &v.dmarc;
            let good_is_author = d.author.domains.iter().any(|x| x == "good.example");
            if good_is_author || !d.author.problems.is_empty() {
                prop_assert_ne!(d.result, DmarcResult::Pass, "{}", value);
                prop_assert_eq!(d.disposition, Policy::Reject, "{}", value);
            }
            // Without junk the list is valid: the generator knows the answer.
            if !junked {
                prop_assert!(
                    d.author.problems.iter().all(|p| matches!(p, FromProblem::NoDomain { .. })),
                    "{}: {:?}", value, d.author.problems
                );
                prop_assert_eq!(good_is_author, good, "{}", value);
            }
            if d.result == DmarcResult::Pass {
                prop_assert!(d.author.problems.is_empty());
                prop_assert!(d.domains.iter().all(|x| x.result == DmarcResult::Pass));
            }
            let (result, header_from) = dmarc_in_field(&v);
            prop_assert_eq!(result.as_str(), d.result.as_str());
            prop_assert_eq!(header_from, d.deciding_domain.clone());
            let escape = '\u{1b}';
            prop_assert!(!v.authentication_results.contains(escape));
            // Every finding renders in both languages, every variable given.
            for f in v.findings() {
                for lang in [Lang::En, Lang::Ja] {
                    let rendered = domainauth::diag::render_strict(lang, &f);
                    prop_assert!(rendered.is_ok(), "{:?}: {:?}", f, rendered);
                }
            }
        }

        /// A character that cannot follow a domain, put right after a bare
        /// address, makes the whole field invalid (RFC 5322 §3.4, RFC 5321
        /// §4.1.2) — the author is never the domain before it.
        #[test]
        fn a_breaking_character_after_a_domain_makes_the_field_invalid(
            before in proptest::collection::vec(mailbox(), 0..3),
            after in proptest::collection::vec(mailbox(), 0..3),
            breaker in proptest::sample::select(BREAKERS),
            good in any::<bool>(),
        ) {
            let target = if good { "ceo@good.example" } else { "a@evil.example" };
            let mut items: Vec<String> = before.into_iter().map(|m| m.0).collect();
            items.push(format!("{target}{breaker}"));
            items.extend(after.into_iter().map(|m| m.0));
            let value = items.join(", ");
            let v = verify(&[&format!("From: {value}")]);
            prop_assert!(
                matches!(v.dmarc.author.problems.as_slice(), [FromProblem::Invalid { .. }]),
                "{:?}: {:?}", value, v.dmarc.author.problems
            );
            prop_assert_eq!(v.dmarc.result, DmarcResult::PermError);
            prop_assert_eq!(v.dmarc.disposition, Policy::Reject);
        }

        /// The address-list parser answers for any text, and what it reads
        /// as an address reads back as that same single address.
        #[test]
        fn the_address_list_parser_is_total_and_stable(
            value in prop_oneof![
                "\\PC{0,120}",
                "[a-z@.<>(),;:\"\\[\\] \\\\]{0,60}",
                proptest::collection::vec(
                    prop_oneof![
                        mailbox().prop_map(|m| m.0),
                        proptest::sample::select(vec![",", ";", ":", "<", ">", "(", ")", "\"", " "])
                            .prop_map(str::to_string),
                    ],
                    0..8,
                ).prop_map(|v| v.concat()),
            ],
        ) {
            use domainauth::mail::parse_address_list;
            if let Ok(list) = parse_address_list(&value) {
                for address in list {
                    let again = parse_address_list(&address);
                    prop_assert_eq!(again, Ok(vec![address.clone()]), "{:?}", value);
                }
            }
        }

        /// Every DNS-name path of DMARC is total: empty, dotted, oversized or
        /// junk envelope and DKIM domains give a verdict, not a panic.
        #[test]
        fn envelope_and_signing_domains_of_any_shape_never_panic(
            mail_from in prop_oneof![
                Just(String::new()), Just("a@".to_string()), Just("a@.".to_string()),
                Just("@".to_string()), Just("a@..".to_string()), Just("<>".to_string()),
                "[a-z@.]{0,12}", "\\PC{0,30}",
            ],
            helo in prop_oneof![
                Just(String::new()), Just(".".to_string()), Just("[192.0.2.1]".to_string()),
                "[a-z.]{0,12}", "\\PC{0,30}",
            ],
        ) {
            let v = verify_with(
                &["From: ceo@good.example"],
                Some(envelope(&mail_from, &helo)),
                DmarcConfig::default(),
            );
            // SPF for evil's domain never aligns with good.example.
            prop_assert_eq!(v.dmarc.disposition, Policy::Reject);
        }

        /// The DMARC functions that take a DNS name answer for any string.
        #[test]
        fn dmarc_name_functions_are_total(
            name in prop_oneof![
                Just(String::new()), Just(".".to_string()), Just("..".to_string()),
                Just("a..b".to_string()), Just(".com".to_string()),
                "[a-z.]{0,20}", "\\PC{0,40}",
            ],
        ) {
            use domainauth::dkim::DkimResult;
            use domainauth::dmarc::{
                DkimAuth, Evaluator, Mode, PublicSuffixList, SpfAuth, find, lint_domain, lookup,
                tree_walk, walk_targets,
            };
            use domainauth::spf::{Identity, SpfResult};
            let zone = ZoneResolver::from_zone_text(ZONES, None).unwrap();
            let rt = rt();
            let targets = walk_targets(&name);
            prop_assert!(targets.len() <= 5);
            prop_assert!(targets.iter().all(|t| !t.is_empty()));
            let _ = rt.block_on(tree_walk(&zone, &name));
            let _ = rt.block_on(find(&zone, &name));
            let _ = rt.block_on(lookup(&zone, &name));
            let psl = PublicSuffixList::builtin();
            let _ = psl.org_domain(&name);
            for mode in [Mode::Rfc9989, Mode::Rfc7489] {
                let _ = rt.block_on(lint_domain(&zone, &name, mode, &psl));
                let ev = Evaluator::with_config(
                    &zone,
                    {
                        let mut o = DmarcConfig::default();
                        o.mode = mode;
                        o
                    },
                );
                let _ = rt.block_on(ev.org_domain(&name));
                let raw = "From: ceo@good.example\r\n\r\n";
                let author = domainauth::mail::author(
                    &domainauth::mail::Message::parse(raw.as_bytes()).unwrap(),
                );
                let spf = SpfAuth {
                    result: SpfResult::Pass,
                    domain: name.clone(),
                    identity: Identity::MailFrom,
                };
                let dkim = [DkimAuth {
                    result: DkimResult::Pass,
                    domain: name.clone(),
                    selector: "s".into(),
                }];
                let v = rt.block_on(ev.evaluate(author, Some(&spf), &dkim));
                // Only good.example itself (or a name under it) could align.
                if !name.to_ascii_lowercase().trim_end_matches('.').ends_with("good.example") {
                    prop_assert_eq!(v.result, DmarcResult::Fail);
                }
            }
        }
    }
}

/// A header line that reads as a From field but was ignored as malformed
/// (a byte-order mark or a control byte in its name, a leading space, a
/// continuation of an ignored line) is a From problem: the well-formed
/// From below it cannot decide alone.
#[test]
fn a_from_hidden_in_an_ignored_line_is_a_from_problem() {
    for hidden in [
        "\u{feff}From: ceo@good.example",
        "From\u{0}: ceo@good.example",
        " From: ceo@good.example",
        "X Bad\r\n From: ceo@good.example",
        "FR\u{1}OM : ceo@good.example",
        "X-A: b\rFrom: ceo@good.example",
        "X-A: b\u{c}From: ceo@good.example",
        "X-A: b\u{85}From: ceo@good.example",
        "Subject: b\u{2028}from: ceo@good.example",
    ] {
        let v = verify(&[hidden, "From: a@evil.example"]);
        assert_eq!(v.dmarc.result, DmarcResult::PermError, "{hidden:?}");
        assert_eq!(v.dmarc.disposition, Policy::Reject, "{hidden:?}");
        assert!(codes(&v).contains(&Code::DmarcFromHidden), "{hidden:?}");
        assert_eq!(dmarc_in_field(&v).0, "permerror", "{hidden:?}");
    }
    // A folded line of a good field that mentions "From:" is no such line.
    let v = verify(&["Subject: x", " From: the team", "From: a@evil.example"]);
    assert!(!codes(&v).contains(&Code::DmarcFromHidden));
}

/// Text above the header is skipped as a web page's summary (Gmail's
/// "Show original"), but a line of it that reads as a From naming another
/// address than the header's is a From problem: it cannot lend the
/// good.example name to mail that only evil.example authenticates, nor
/// stand beside the header's From unnoticed.
#[test]
fn a_from_in_skipped_text_above_the_header_is_a_from_problem() {
    for summary in [
        "From:\tCEO <ceo@good.example>",
        "\u{feff}From: ceo@good.example",
        "From:\tCEO\r\n <ceo@good.example>",
    ] {
        let v = verify(&[
            "Original message",
            summary,
            "Download original\tCopy to clipboard",
            "Received: from mx.evil.example by mx.example.net",
            "Date: Fri, 20 Nov 2026 18:02:00 +0900",
            "From: a@evil.example",
        ]);
        assert_eq!(v.dmarc.result, DmarcResult::PermError, "{summary:?}");
        assert_eq!(v.dmarc.disposition, Policy::Reject, "{summary:?}");
        let c = codes(&v);
        assert!(c.contains(&Code::DmarcFromSkipped), "{summary:?}: {c:?}");
        assert_eq!(v.message_notes[0].code, Code::MailPreambleSkipped);
        assert_eq!(dmarc_in_field(&v).0, "permerror", "{summary:?}");
    }
    // The summary repeating the header's From is no problem.
    let v = verify(&[
        "Original message",
        "From:\tA <a@evil.example>",
        "Download original\tCopy to clipboard",
        "Received: from mx.evil.example by mx.example.net",
        "From: a@evil.example",
    ]);
    assert_eq!(v.dmarc.result, DmarcResult::Pass);
    assert_eq!(v.message_notes[0].code, Code::MailPreambleSkipped);
    assert_eq!(v.message_notes[0].params["count"], "3");
}

/// A header over a limit still gets a verdict (no From can be read: the
/// local policy), not an error a caller might take as leave to deliver.
#[test]
fn a_header_over_a_limit_gets_a_verdict_not_an_error() {
    let many = format!(
        "{}From: ceo@good.example\r\n\r\nbody\r\n",
        "X-A: 1\r\n".repeat(domainauth::mail::MAX_HEADER_FIELDS)
    );
    let huge = format!(
        "X-A: {}\r\nFrom: ceo@good.example\r\n\r\nbody\r\n",
        "a".repeat(domainauth::mail::MAX_HEADER_BYTES)
    );
    for raw in [many.as_str(), huge.as_str(), "no header here", ""] {
        let (verifier, _) = verifier(DmarcConfig::default());
        let v = rt()
            .block_on(verifier.verify(
                raw.as_bytes(),
                Some(envelope("a@evil.example", "mx.evil.example")),
            ))
            .expect("a verdict");
        assert_eq!(v.dmarc.result, DmarcResult::PermError);
        assert_eq!(v.dmarc.disposition, Policy::Reject);
        assert!(
            v.message_notes
                .iter()
                .any(|f| f.code == Code::MailHeaderUnreadable),
            "{:?}",
            v.message_notes
        );
        assert!(v.authentication_results.contains("dmarc=permerror"));
    }
}
