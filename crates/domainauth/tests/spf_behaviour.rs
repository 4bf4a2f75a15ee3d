//! SPF behaviour at the RFC 7208 limits and error paths, and the diagnosis
//! each gives (rendered strictly in English and Japanese).

use domainauth::diag::{Code, Lang, render_strict};
use domainauth::dns::ZoneResolver;
use domainauth::spf::{Config, Envelope, Evaluation, Identity, Problem, SpfResult, Verifier};

fn zone(records: &str) -> ZoneResolver {
    ZoneResolver::from_zone_text(&format!("$ORIGIN .\n$TTL 300\n{records}"), None)
        .expect("zone parses")
}

fn check(zone: ZoneResolver, ip: &str, mail_from: &str, helo: &str) -> Evaluation {
    let env = Envelope {
        client_ip: ip.parse().unwrap(),
        helo: helo.into(),
        mail_from: mail_from.into(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(Verifier::new(zone).check_mail_from(&env))
}

/// Every finding of the evaluation renders in both languages with all its variables.
fn assert_renders(eval: &Evaluation) -> Vec<Code> {
    let findings = eval.findings();
    for f in &findings {
        for &lang in Lang::ALL {
            render_strict(lang, f).unwrap_or_else(|e| panic!("{:?}: {e:?}", f.code));
        }
    }
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn include_loop_is_permerror_at_the_limit_with_the_chain() {
    let z = zone(
        "a.example IN TXT \"v=spf1 include:b.example -all\"\nb.example IN TXT \"v=spf1 include:a.example -all\"\n",
    );
    let eval = check(z, "192.0.2.1", "x@a.example", "h.example");
    assert_eq!(eval.result, SpfResult::PermError);
    assert_eq!(
        eval.dns_terms, 11,
        "the 11th DNS-querying term stops the evaluation"
    );
    match &eval.problem {
        Some(Problem::TooManyDnsTerms { limit, chain, .. }) => {
            assert_eq!(*limit, 10);
            assert_eq!(chain.len(), 11);
            assert_eq!(chain[0], "a.example");
            assert_eq!(chain[1], "b.example");
        }
        other => panic!("expected TooManyDnsTerms, got {other:?}"),
    }
    // The result is the limit's (RFC 7208 §4.6.4), but the finding names
    // the loop and its members rather than "too many lookups".
    assert_eq!(assert_renders(&eval), vec![Code::SpfIncludeLoop]);
    let f = &eval.findings()[0];
    assert_eq!(f.params["members"], "a.example, b.example");
    assert_eq!(f.params["at"], "b.example");
    assert_eq!(f.params["target"], "a.example");
    let text = f.message(Lang::En);
    assert!(
        text.contains("(a.example → b.example → a.example)"),
        "{text}"
    );
    let fix = f.fix(Lang::En).unwrap();
    assert!(
        fix.contains("of a.example from the SPF record of b.example"),
        "{fix}"
    );
    assert!(!fix.contains("Remove unused"), "{fix}");
}

/// A loop that is entered below the checked domain (a → b → c → b) names
/// only its members, and the record tree reports it once, without counting
/// the loop's lookups as "over the limit".
#[test]
fn a_loop_below_the_root_names_its_members_in_the_tree_and_the_evaluation() {
    let text = "a.example IN TXT \"v=spf1 include:b.example -all\"\n\
                b.example IN TXT \"v=spf1 include:c.example -all\"\n\
                c.example IN TXT \"v=spf1 include:b.example -all\"\n";
    let eval = check(zone(text), "192.0.2.1", "x@a.example", "h.example");
    assert_eq!(eval.result, SpfResult::PermError);
    let f = &eval.findings()[0];
    assert_eq!(f.code, Code::SpfIncludeLoop);
    assert_eq!(f.params["members"], "b.example, c.example");
    assert_eq!(f.params["loop"], "b.example → c.example → b.example");
    assert_eq!(f.params["domain"], "a.example");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let tree = rt.block_on(domainauth::spf::analyze(&zone(text), "a.example"));
    let codes: Vec<_> = tree.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Code::SpfIncludeLoop], "{:?}", tree.findings);
    assert_eq!(
        tree.findings[0].params["loop"],
        "b.example → c.example → b.example"
    );
    assert_eq!(tree.total_lookups, 3, "each record's include counted once");
    // A tree without a loop but with a shared include is no loop.
    let shared = "a.example IN TXT \"v=spf1 include:b.example include:c.example -all\"\n\
                  b.example IN TXT \"v=spf1 include:c.example -all\"\n\
                  c.example IN TXT \"v=spf1 ip4:192.0.2.9 -all\"\n";
    let tree = rt.block_on(domainauth::spf::analyze(&zone(shared), "a.example"));
    assert!(
        tree.findings.iter().all(|f| f.code != Code::SpfIncludeLoop),
        "{:?}",
        tree.findings
    );
}

#[test]
fn ten_lookups_pass_and_eleven_fail() {
    let mut records = String::new();
    for i in 0..11 {
        records.push_str(&format!("h{i}.example IN A 198.51.100.{i}\n"));
    }
    let ten: Vec<String> = (0..10).map(|i| format!("a:h{i}.example")).collect();
    let eleven: Vec<String> = (0..11).map(|i| format!("a:h{i}.example")).collect();
    records.push_str(&format!(
        "ten.example IN TXT \"v=spf1 {} ip4:192.0.2.1 -all\"\n",
        ten.join(" ")
    ));
    records.push_str(&format!(
        "eleven.example IN TXT \"v=spf1 {} ip4:192.0.2.1 -all\"\n",
        eleven.join(" ")
    ));
    let eval = check(zone(&records), "192.0.2.1", "x@ten.example", "h.example");
    assert_eq!(eval.result, SpfResult::Pass);
    assert_eq!(eval.dns_terms, 10);
    let eval = check(zone(&records), "192.0.2.1", "x@eleven.example", "h.example");
    assert_eq!(eval.result, SpfResult::PermError);
    // Terms after a match are not evaluated, so they cannot exceed the limit.
    let eval = check(
        zone(&records),
        "198.51.100.0",
        "x@eleven.example",
        "h.example",
    );
    assert_eq!(eval.result, SpfResult::Pass);
    assert_eq!(eval.dns_terms, 1);
}

#[test]
fn third_void_lookup_is_permerror() {
    let z = zone("v.example IN TXT \"v=spf1 a:nx1.example a:nx2.example a:nx3.example -all\"\n");
    let eval = check(z, "192.0.2.1", "x@v.example", "h.example");
    assert_eq!(eval.result, SpfResult::PermError);
    assert_eq!(eval.void_lookups, 3);
    assert!(
        matches!(eval.problem, Some(Problem::TooManyVoidLookups { ref term, .. }) if term == "a:nx3.example")
    );
    assert_eq!(assert_renders(&eval), vec![Code::SpfTooManyVoidLookups]);
    let z = zone("v.example IN TXT \"v=spf1 a:nx1.example a:nx2.example -all\"\n");
    assert_eq!(
        check(z, "192.0.2.1", "x@v.example", "h.example").result,
        SpfResult::Fail
    );
}

#[test]
fn more_than_ten_mx_names_is_permerror() {
    let mut records = String::from("mx.example IN TXT \"v=spf1 mx -all\"\n");
    for i in 0..11 {
        records.push_str(&format!(
            "mx.example IN MX {i} m{i}.example.\nm{i}.example IN A 198.51.100.{i}\n"
        ));
    }
    let eval = check(zone(&records), "198.51.100.0", "x@mx.example", "h.example");
    assert_eq!(eval.result, SpfResult::PermError);
    assert!(matches!(
        eval.problem,
        Some(Problem::TooManyMxNames { count: 11, .. })
    ));
    assert_renders(&eval);
}

#[test]
fn include_and_redirect_without_record_are_permerror() {
    let z = zone(concat!(
        "i.example IN TXT \"v=spf1 include:none.example -all\"\n",
        "r.example IN TXT \"v=spf1 redirect=none.example\"\n",
        "none.example IN A 192.0.2.1\n"
    ));
    let eval = check(z.clone(), "192.0.2.1", "x@i.example", "h.example");
    assert!(
        matches!(eval.problem, Some(Problem::IncludeNoRecord { ref target, .. }) if target == "none.example")
    );
    assert_eq!(assert_renders(&eval), vec![Code::SpfIncludeNoRecord]);
    let eval = check(z, "192.0.2.1", "x@r.example", "h.example");
    assert!(matches!(
        eval.problem,
        Some(Problem::RedirectNoRecord { .. })
    ));
    assert_eq!(assert_renders(&eval), vec![Code::SpfRedirectNoRecord]);
}

#[test]
fn syntax_error_names_term_and_position() {
    let z = zone("s.example IN TXT \"v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.300 -all\"\n");
    let eval = check(z, "192.0.2.1", "x@s.example", "h.example");
    assert_eq!(
        eval.result,
        SpfResult::PermError,
        "a syntax error anywhere fails the record (RFC 7208 §4.6)"
    );
    let f = &eval.findings()[0];
    assert_eq!(f.code, Code::SpfSyntax);
    assert_eq!(f.params["term"], "ip4:192.0.2.300");
    assert_eq!(f.params["pos"], "24");
    assert!(eval.received_spf("mx.test").contains("problem="));
    assert_renders(&eval);
}

#[test]
fn explanation_only_on_fail() {
    let z = zone(concat!(
        "e.example IN TXT \"v=spf1 ~ip4:192.0.2.2 -all exp=why.e.example\"\n",
        "why.e.example IN TXT \"%{i} may not send for %{d}\"\n"
    ));
    let explaining = Verifier::with_config(z, {
        let mut o = Config::default();
        o.explain = true;
        o
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let env = |ip: &str| Envelope {
        client_ip: ip.parse().unwrap(),
        helo: "h.example".into(),
        mail_from: "x@e.example".into(),
    };
    let eval = rt.block_on(explaining.check_mail_from(&env("192.0.2.1")));
    assert_eq!(eval.result, SpfResult::Fail);
    assert_eq!(
        eval.explanation.as_deref(),
        Some("192.0.2.1 may not send for e.example")
    );
    let eval = rt.block_on(explaining.check_mail_from(&env("192.0.2.2")));
    assert_eq!(eval.result, SpfResult::SoftFail);
    assert_eq!(
        eval.explanation, None,
        "RFC 7208 §6.2: exp= is for fail only"
    );
}

#[test]
fn fail_fix_names_the_mechanism_to_add() {
    let z = zone("f.example IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n");
    let eval = check(z.clone(), "198.51.100.7", "info@f.example", "h.example");
    let f = &eval.findings()[0];
    assert_eq!(f.code, Code::SpfFail);
    let en = f.fix(Lang::En).unwrap();
    assert!(en.contains("add ip4:198.51.100.7 before -all"), "{en}");
    let ja = f.fix(Lang::Ja).unwrap();
    assert!(ja.contains("-all の前に ip4:198.51.100.7 を追加"), "{ja}");
    let eval = check(z, "2001:db8::7", "info@f.example", "h.example");
    assert!(
        eval.findings()[0]
            .fix(Lang::En)
            .unwrap()
            .contains("ip6:2001:db8::7")
    );
}

#[test]
fn null_mail_from_checks_postmaster_at_helo() {
    let z = zone("mail.h.example IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n");
    let eval = check(z, "192.0.2.1", "", "mail.h.example");
    assert_eq!(eval.result, SpfResult::Pass);
    assert_eq!(eval.sender, "postmaster@mail.h.example");
    assert_eq!(eval.identity, Identity::MailFrom);
}

#[test]
fn helo_identity_is_checked_separately() {
    let z = zone(concat!(
        "mail.h.example IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n",
        "d.example IN TXT \"v=spf1 -all\"\n"
    ));
    let env = Envelope {
        client_ip: "192.0.2.1".parse().unwrap(),
        helo: "mail.h.example".into(),
        mail_from: "x@d.example".into(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let verifier = Verifier::new(z);
    let helo = rt.block_on(verifier.check_helo(&env));
    assert_eq!(
        (helo.identity, helo.result),
        (Identity::Helo, SpfResult::Pass)
    );
    assert!(helo.received_spf("mx.test").contains("identity=helo"));
    let mail = rt.block_on(verifier.check_mail_from(&env));
    assert_eq!(mail.result, SpfResult::Fail);
}

#[test]
fn ptr_macro_uses_the_validated_name() {
    let z = zone(concat!(
        "p.example IN TXT \"v=spf1 exists:%{p}.allow.p.example -all\"\n",
        "mail.p.example IN A 192.0.2.9\n",
        "mail.p.example.allow.p.example IN A 127.0.0.2\n",
        "$ORIGIN 2.0.192.in-addr.arpa.\n9 IN PTR mail.p.example.\n10 IN PTR mail.p.example.\n"
    ));
    assert_eq!(
        check(z.clone(), "192.0.2.9", "x@p.example", "h.example").result,
        SpfResult::Pass
    );
    // 192.0.2.10 points at mail.p.example, which does not point back: not validated.
    assert_eq!(
        check(z, "192.0.2.10", "x@p.example", "h.example").result,
        SpfResult::Fail
    );
}

#[test]
fn ipv4_mapped_clients_are_checked_as_ipv4() {
    let z = zone("m.example IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n");
    assert_eq!(
        check(z, "::ffff:192.0.2.5", "x@m.example", "h.example").result,
        SpfResult::Pass
    );
}

#[test]
fn none_results_explain_what_to_publish() {
    let z = zone("n.example IN A 192.0.2.1\n");
    let eval = check(z.clone(), "192.0.2.1", "x@n.example", "h.example");
    assert_eq!(eval.result, SpfResult::None);
    assert_eq!(assert_renders(&eval), vec![Code::SpfNone]);
    assert!(
        eval.findings()[0]
            .fix(Lang::En)
            .unwrap()
            .contains("v=spf1 ip4:192.0.2.1 -all")
    );
    let eval = check(z, "192.0.2.1", "x@localhost", "h.example");
    assert_eq!(eval.result, SpfResult::None);
    assert_eq!(assert_renders(&eval), vec![Code::SpfInvalidDomain]);
}

#[test]
fn every_result_has_a_received_spf_header() {
    let z = zone(concat!(
        "r.example IN TXT \"v=spf1 ip4:192.0.2.1 ~ip4:192.0.2.2 ?ip4:192.0.2.3 -all\"\n",
        "bad.example IN TXT \"v=spf1 foo\"\n",
    ));
    for (ip, from, want) in [
        ("192.0.2.1", "x@r.example", "pass"),
        ("192.0.2.2", "x@r.example", "softfail"),
        ("192.0.2.3", "x@r.example", "neutral"),
        ("192.0.2.4", "x@r.example", "fail"),
        ("192.0.2.4", "x@bad.example", "permerror"),
        ("192.0.2.4", "x@none.example", "none"),
    ] {
        let eval = check(z.clone(), ip, from, "h.example");
        let header = eval.received_spf("mx.test");
        assert!(
            header.starts_with(&format!("Received-SPF: {want} (mx.test: ")),
            "{header}"
        );
        assert!(header.contains(&format!("client-ip={ip};")), "{header}");
        assert!(header.contains("envelope-from=\"x@"), "{header}");
        assert_renders(&eval);
    }
}

/// RFC 7208 §4.3: an identity whose domain is not a host name (RFC 5321
/// §4.1.2) gives `none` at once: no lookup, and no advice to publish a
/// record at a name nobody can own. Macro-built names inside a record are
/// not held to this (§7.1; the openspf `*-colon-domain` cases).
#[test]
fn malformed_identity_domain_is_none_without_lookups() {
    use domainauth_testkit::dns::CountingResolver;
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for mail_from in [
        "user@goo d.example",
        "user@good.example\u{1b}[31m",
        "user@-x\u{0}.example",
        "user@a/b.example",
        "user@[192.0.2.1]",
        "user@good..example",
    ] {
        let dns = CountingResolver::new(zone("@ 300 IN TXT \"v=spf1 +all\"\n"));
        let eval = rt.block_on(Verifier::new(&dns).check_mail_from(&Envelope {
            client_ip: "192.0.2.1".parse().unwrap(),
            helo: "mx.example.org".into(),
            mail_from: mail_from.into(),
        }));
        assert_eq!(eval.result, SpfResult::None, "{mail_from:?}");
        assert!(
            matches!(eval.problem, Some(Problem::InvalidDomain { .. })),
            "{mail_from:?}: {:?}",
            eval.problem
        );
        assert_eq!(dns.count(), 0, "{mail_from:?} was looked up");
        assert!(
            eval.received_spf("mx.example.net")
                .contains("has no domain that SPF can check"),
            "{mail_from:?}"
        );
    }
    // A U-label domain is checked as its A-label (RFC 8616 §4).
    let dns = zone("$ORIGIN xn--r8jz45g.example.\n@ 300 IN TXT \"v=spf1 +all\"\n");
    let eval = rt.block_on(Verifier::new(&dns).check_mail_from(&Envelope {
        client_ip: "192.0.2.1".parse().unwrap(),
        helo: "mx.example.org".into(),
        mail_from: "user@例え.example".into(),
    }));
    assert_eq!(eval.result, SpfResult::Pass, "{:?}", eval.problem);
}
