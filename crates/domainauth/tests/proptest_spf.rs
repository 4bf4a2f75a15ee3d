//! Property tests: the SPF record parser, the macro expander and the
//! evaluator never panic on any input, and valid records round-trip.

use domainauth::dns::{Txt, ZoneEntry, ZoneResolver, check_domain_name};
use domainauth::spf::{Envelope, MacroContext, MacroKind, MacroString, Record, Verifier};
use proptest::prelude::*;

fn qualifier() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "+", "-", "~", "?"])
}

fn domain() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z][a-z0-9-]{0,10}[a-z0-9]", 1..4)
        .prop_map(|labels| format!("{}.example", labels.join(".")))
}

fn macro_spec() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "s", "l", "o", "d", "i", "p", "v", "h", "S", "L", "D", "I",
        ]),
        prop::option::of(1u8..20),
        any::<bool>(),
        prop::sample::select(vec!["", ".", "-", "+", ",", "/", "_", "=", ".-"]),
    )
        .prop_map(|(l, d, r, delim)| {
            format!(
                "%{{{l}{}{}{delim}}}",
                d.map(|d| d.to_string()).unwrap_or_default(),
                if r { "r" } else { "" }
            )
        })
}

fn domain_spec() -> impl Strategy<Value = String> {
    prop_oneof![
        domain(),
        (macro_spec(), domain()).prop_map(|(m, d)| format!("{m}.{d}")),
        macro_spec(),
    ]
}

fn term() -> impl Strategy<Value = String> {
    prop_oneof![
        (qualifier(), Just("all")).prop_map(|(q, t)| format!("{q}{t}")),
        (qualifier(), domain_spec()).prop_map(|(q, d)| format!("{q}include:{d}")),
        (
            qualifier(),
            prop::option::of(domain_spec()),
            prop::option::of(0u8..=32),
            prop::option::of(0u8..=128)
        )
            .prop_map(|(q, d, c4, c6)| {
                let mut t = format!("{q}a");
                if let Some(d) = d {
                    t.push(':');
                    t.push_str(&d);
                }
                if let Some(c) = c4 {
                    t.push_str(&format!("/{c}"));
                }
                if let Some(c) = c6 {
                    t.push_str(&format!("//{c}"));
                }
                t
            }),
        (qualifier(), domain()).prop_map(|(q, d)| format!("{q}mx:{d}/24")),
        (qualifier(), prop::option::of(domain())).prop_map(|(q, d)| match d {
            Some(d) => format!("{q}ptr:{d}"),
            None => format!("{q}ptr"),
        }),
        (qualifier(), any::<[u8; 4]>(), 0u8..=32)
            .prop_map(|(q, o, p)| format!("{q}ip4:{}.{}.{}.{}/{p}", o[0], o[1], o[2], o[3])),
        (qualifier(), any::<u128>(), 0u8..=128)
            .prop_map(|(q, a, p)| format!("{q}ip6:{}/{p}", std::net::Ipv6Addr::from(a))),
        (qualifier(), domain_spec()).prop_map(|(q, d)| format!("{q}exists:{d}")),
        "[a-z][a-z0-9_.-]{0,8}"
            .prop_filter("reserved", |n| n != "redirect" && n != "exp")
            .prop_map(|n| format!("{n}=value")),
    ]
}

fn valid_record() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(term(), 0..8),
        prop::option::of(domain_spec()),
        prop::option::of(domain()),
    )
        .prop_map(|(terms, redirect, exp)| {
            let mut r = String::from("v=spf1");
            for t in terms {
                r.push(' ');
                r.push_str(&t);
            }
            if let Some(d) = redirect {
                r.push_str(&format!(" redirect={d}"));
            }
            if let Some(d) = exp {
                r.push_str(&format!(" exp={d}"));
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics(text in ".{0,200}") {
        let _ = Record::parse(&text);
        let _ = Record::parse(&format!("v=spf1 {text}"));
        let _ = check_domain_name(&text);
    }

    #[test]
    fn macro_parser_and_expander_never_panic(text in "[ -~]{0,60}", ip in any::<[u8; 4]>()) {
        let ctx = MacroContext::new(std::net::IpAddr::from(ip), "a.b-c@example.com", "helo.example", "example.com");
        for kind in [MacroKind::Domain, MacroKind::Explanation] {
            if let Ok(m) = MacroString::parse(&text, kind) {
                let _ = m.expand(&ctx);
                prop_assert_eq!(m.as_str(), text.as_str());
            }
        }
    }

    #[test]
    fn valid_records_parse_and_round_trip(text in valid_record()) {
        let record = Record::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let printed = record.to_string();
        let again = Record::parse(&printed).map_err(|e| TestCaseError::fail(format!("{printed}: {e}")))?;
        let terms = |r: &Record| r.terms().map(|(_, t)| t.clone()).collect::<Vec<_>>();
        prop_assert_eq!(terms(&record), terms(&again));
        prop_assert_eq!(printed.clone(), again.to_string());
    }

    #[test]
    fn generated_macros_expand_to_bounded_text(spec in macro_spec(), ip in any::<u128>()) {
        let m = MacroString::parse(&spec, MacroKind::Domain).unwrap();
        let ip = std::net::IpAddr::from(std::net::Ipv6Addr::from(ip));
        let ctx = MacroContext::new(ip, "local.part@sender.example", "helo.example", "a.b.c.example");
        let out = m.expand(&ctx);
        // The longest value is an IPv6 %{i} (63 characters), URL-escaped at most 3× per byte.
        prop_assert!(out.len() <= 3 * 63);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any published text, valid or not, gives one of the seven results.
    #[test]
    fn evaluation_never_panics(text in prop_oneof![valid_record(), "v=spf1 .{0,80}"], ip in any::<[u8; 4]>()) {
        let mut zone = ZoneResolver::new();
        zone.add("target.example", ZoneEntry::Txt(Txt { strings: vec![text.into_bytes()] }));
        let env = Envelope {
            client_ip: std::net::IpAddr::from(ip),
            helo: "helo.example".into(),
            mail_from: "user@target.example".into(),
        };
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let eval = rt.block_on(Verifier::new(zone).check_mail_from(&env));
        prop_assert!(eval.dns_terms <= 11);
        let _ = eval.received_spf("mx.example");
        prop_assert!(!eval.findings().is_empty());
    }
}
