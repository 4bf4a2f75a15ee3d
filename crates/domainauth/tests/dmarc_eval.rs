//! DMARC evaluation against the cases the ESP guide and the RFCs spell out:
//! the five SPF/DKIM auth × alignment combinations, parent/child alignment
//! in relaxed and strict mode, policy discovery (p/sp/np, tree walk, PSL),
//! t=y, pct sampling and the From edge cases.

use domainauth::dkim::DkimResult;
use domainauth::dmarc::{
    DkimAuth, DmarcConfig, DmarcResult, Evaluator, Mode, Policy, PolicyTag, Sampling, SpfAuth,
};
use domainauth::dns::ZoneResolver;
use domainauth::mail::{FromProblem, Message, author};
use domainauth::spf::{Identity, SpfResult};

const ZONE: &str = r#"
$ORIGIN example.com.
$TTL 300
@            IN A   192.0.2.1
_dmarc       IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
child        IN A   192.0.2.2
$ORIGIN strict.example.
@            IN A   192.0.2.3
_dmarc       IN TXT "v=DMARC1; p=quarantine; aspf=s; adkim=s"
mail         IN A   192.0.2.4
$ORIGIN sub.example.
_dmarc       IN TXT "v=DMARC1; p=reject; sp=quarantine; np=reject"
exists       IN MX  10 mx.sub.example.
$ORIGIN testing.example.
_dmarc       IN TXT "v=DMARC1; p=reject; t=y"
$ORIGIN pct.example.
_dmarc       IN TXT "v=DMARC1; p=reject; pct=0"
$ORIGIN psd.
_dmarc       IN TXT "v=DMARC1; p=reject; psd=y"
$ORIGIN one.psd.
@            IN A   192.0.2.9
$ORIGIN a.b.c.d.e.mail.deep.example.
@            IN A   192.0.2.10
$ORIGIN deep.example.
_dmarc       IN TXT "v=DMARC1; p=quarantine"
"#;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn evaluator(mode: Mode) -> Evaluator<ZoneResolver> {
    let zone = ZoneResolver::from_zone_text(ZONE, None).unwrap();
    Evaluator::with_config(zone, {
        let mut o = DmarcConfig::default();
        o.mode = mode;
        o.sampling = Sampling::Seed(7);
        o
    })
}

fn from(domain: &str) -> domainauth::mail::Author {
    let raw = format!("From: someone@{domain}\r\n\r\n");
    author(&Message::parse(raw.as_bytes()).unwrap())
}

fn spf(result: SpfResult, domain: &str) -> SpfAuth {
    SpfAuth {
        result,
        domain: domain.into(),
        identity: Identity::MailFrom,
    }
}

fn dkim(result: DkimResult, domain: &str) -> DkimAuth {
    DkimAuth {
        result,
        domain: domain.into(),
        selector: "s1".into(),
    }
}

/// The five rows of the ESP guide's table (SCENARIOS.md S2).
#[test]
fn five_combinations() {
    let rt = rt();
    let ev = evaluator(Mode::Rfc9989);
    // (SPF auth, SPF aligned, DKIM auth, DKIM aligned, DMARC)
    let rows = [
        (true, true, true, true, DmarcResult::Pass),
        (true, true, false, false, DmarcResult::Pass),
        (true, false, false, false, DmarcResult::Fail),
        (false, false, true, true, DmarcResult::Pass),
        (true, false, true, false, DmarcResult::Fail),
    ];
    for (n, (spf_auth, spf_aligned, dkim_auth, dkim_aligned, expected)) in
        rows.into_iter().enumerate()
    {
        let spf_domain = if spf_aligned {
            "example.com"
        } else {
            "esp.example"
        };
        let dkim_domain = if dkim_aligned {
            "example.com"
        } else {
            "esp.example"
        };
        let s = spf(
            if spf_auth {
                SpfResult::Pass
            } else {
                SpfResult::Fail
            },
            spf_domain,
        );
        let d = [dkim(
            if dkim_auth {
                DkimResult::Pass
            } else {
                DkimResult::Fail
            },
            dkim_domain,
        )];
        let v = rt.block_on(ev.evaluate(from("example.com"), Some(&s), &d));
        assert_eq!(v.result, expected, "row {}", n + 1);
        let dv = v.deciding().unwrap();
        assert_eq!(
            dv.spf.as_ref().unwrap().aligned,
            spf_aligned,
            "row {} spf alignment",
            n + 1
        );
        assert_eq!(
            dv.dkim[0].aligned,
            dkim_aligned,
            "row {} dkim alignment",
            n + 1
        );
        let expected_disposition = if expected == DmarcResult::Pass {
            Policy::None
        } else {
            Policy::Reject
        };
        assert_eq!(v.disposition, expected_disposition, "row {}", n + 1);
    }
}

/// MAIL FROM child, From parent: aligned in relaxed mode, not in strict.
/// The reverse (MAIL FROM parent, From child) is aligned in relaxed mode too:
/// both have the same organizational domain (RFC 7489 §3.1.2, RFC 9989 §4.4).
#[test]
fn parent_child_alignment() {
    let rt = rt();
    for mode in [Mode::Rfc9989, Mode::Rfc7489] {
        let ev = evaluator(mode);
        let v = rt.block_on(ev.evaluate(
            from("example.com"),
            Some(&spf(SpfResult::Pass, "child.example.com")),
            &[],
        ));
        assert_eq!(v.result, DmarcResult::Pass, "{mode:?} child → parent");
        assert_eq!(
            v.deciding()
                .unwrap()
                .spf
                .as_ref()
                .unwrap()
                .via_org_domain
                .as_deref(),
            Some("example.com")
        );
        let v = rt.block_on(ev.evaluate(
            from("child.example.com"),
            Some(&spf(SpfResult::Pass, "example.com")),
            &[],
        ));
        assert_eq!(v.result, DmarcResult::Pass, "{mode:?} parent → child");
        assert_eq!(v.deciding().unwrap().policy_tag, Some(PolicyTag::Sp));
        // Strict mode: only the exact name.
        let v = rt.block_on(ev.evaluate(
            from("strict.example"),
            Some(&spf(SpfResult::Pass, "mail.strict.example")),
            &[dkim(DkimResult::Pass, "mail.strict.example")],
        ));
        assert_eq!(v.result, DmarcResult::Fail, "{mode:?} strict");
        let dv = v.deciding().unwrap();
        assert!(dv.spf.as_ref().unwrap().strict_only && dv.dkim[0].strict_only);
        let v = rt.block_on(ev.evaluate(
            from("strict.example"),
            Some(&spf(SpfResult::Pass, "strict.example")),
            &[],
        ));
        assert_eq!(v.result, DmarcResult::Pass, "{mode:?} strict exact");
    }
}

#[test]
fn subdomain_policies() {
    let rt = rt();
    let ev = evaluator(Mode::Rfc9989);
    let fail = spf(SpfResult::Fail, "other.example");
    // Existing subdomain: sp.
    let v = rt.block_on(ev.evaluate(from("exists.sub.example"), Some(&fail), &[]));
    let d = v.deciding().unwrap();
    assert_eq!(
        (d.policy_tag, d.requested),
        (Some(PolicyTag::Sp), Some(Policy::Quarantine))
    );
    // Non-existent subdomain (no A, AAAA, MX): np.
    let v = rt.block_on(ev.evaluate(from("ghost.sub.example"), Some(&fail), &[]));
    let d = v.deciding().unwrap();
    assert_eq!(
        (d.policy_tag, d.requested),
        (Some(PolicyTag::Np), Some(Policy::Reject))
    );
    // RFC 7489 has no np: sp applies.
    let v =
        rt.block_on(evaluator(Mode::Rfc7489).evaluate(from("ghost.sub.example"), Some(&fail), &[]));
    assert_eq!(v.deciding().unwrap().requested, Some(Policy::Quarantine));
}

#[test]
fn testing_and_pct() {
    let rt = rt();
    let fail = spf(SpfResult::Fail, "other.example");
    let v =
        rt.block_on(evaluator(Mode::Rfc9989).evaluate(from("testing.example"), Some(&fail), &[]));
    assert_eq!(v.result, DmarcResult::Fail);
    assert!(v.deciding().unwrap().testing);
    assert_eq!(v.disposition, Policy::None);
    // pct=0 in RFC 7489: never sampled, so reject becomes quarantine (§6.6.4).
    let v = rt.block_on(evaluator(Mode::Rfc7489).evaluate(from("pct.example"), Some(&fail), &[]));
    assert!(v.deciding().unwrap().sampled_out);
    assert_eq!(v.disposition, Policy::Quarantine);
    // RFC 9989 ignores pct.
    let v = rt.block_on(evaluator(Mode::Rfc9989).evaluate(from("pct.example"), Some(&fail), &[]));
    assert_eq!(v.disposition, Policy::Reject);
}

#[test]
fn tree_walk_psd_and_long_names() {
    let rt = rt();
    let ev = evaluator(Mode::Rfc9989);
    // psd=y at "psd": the organizational domain is one label below it.
    let v = rt.block_on(ev.evaluate(
        from("one.psd"),
        Some(&spf(SpfResult::Pass, "x.one.psd")),
        &[],
    ));
    let d = v.deciding().unwrap();
    assert_eq!(d.org_domain.as_ref().unwrap().domain, "one.psd");
    assert_eq!(d.policy_domain.as_deref(), Some("psd"));
    assert_eq!(v.result, DmarcResult::Pass);
    // Eight labels: the walk jumps to four labels, then goes up (RFC 9989 §4.10).
    let v = rt.block_on(ev.evaluate(from("a.b.c.d.e.mail.deep.example"), None, &[]));
    let d = v.deciding().unwrap();
    let queried: Vec<&str> = d
        .walk
        .as_ref()
        .unwrap()
        .steps
        .iter()
        .map(|s| s.domain.as_str())
        .collect();
    assert_eq!(
        queried,
        [
            "a.b.c.d.e.mail.deep.example",
            "e.mail.deep.example",
            "mail.deep.example",
            "deep.example",
            "example"
        ]
    );
    assert_eq!(d.policy_domain.as_deref(), Some("deep.example"));
}

#[test]
fn from_edge_cases() {
    let rt = rt();
    let ev = evaluator(Mode::Rfc9989);
    let parse =
        |h: &str| author(&Message::parse(format!("{h}Subject: x\r\n\r\n").as_bytes()).unwrap());
    // Two From fields: a problem with local policy's disposition (reject by
    // default), and the domains still evaluated. example.com fails (nothing
    // authenticated) with its own p=reject: that fail decides.
    let two = "From: a@example.com\r\nFrom: b@example.com\r\n";
    let v = rt.block_on(ev.evaluate(parse(two), None, &[]));
    assert_eq!(v.from_problems(), [FromProblem::Several { count: 2 }]);
    assert_eq!(v.local_policy, Some(Policy::Reject));
    assert_eq!(v.domains.len(), 1);
    assert_eq!(v.result, DmarcResult::Fail);
    assert_eq!(v.disposition, Policy::Reject);
    assert_eq!(v.deciding_domain.as_deref(), Some("example.com"));
    // The same with an aligned SPF pass: the domain passes, so the From
    // problem decides — permerror, local policy's reject, no deciding domain.
    let pass = spf(SpfResult::Pass, "example.com");
    let v = rt.block_on(ev.evaluate(parse(two), Some(&pass), &[]));
    assert_eq!(v.domains[0].result, DmarcResult::Pass);
    assert_eq!(v.result, DmarcResult::PermError);
    assert_eq!(v.disposition, Policy::Reject);
    assert_eq!(v.deciding_domain, None);
    // A local policy of none lets such mail through with permerror.
    let lenient = Evaluator::with_config(ZoneResolver::from_zone_text(ZONE, None).unwrap(), {
        let mut o = DmarcConfig::default();
        o.invalid_author = Policy::None;
        o
    });
    let v = rt.block_on(lenient.evaluate(parse(two), Some(&pass), &[]));
    assert_eq!(
        (v.result, v.disposition),
        (DmarcResult::PermError, Policy::None)
    );
    let v = rt.block_on(ev.evaluate(parse(""), None, &[]));
    assert_eq!(v.from_problems(), [FromProblem::Missing]);
    assert_eq!(
        (v.result, v.disposition),
        (DmarcResult::PermError, Policy::Reject)
    );
    // Case does not matter; several addresses in one domain are one domain.
    let v = rt.block_on(ev.evaluate(
        parse("From: A <a@EXAMPLE.com>, b@example.COM\r\n"),
        Some(&spf(SpfResult::Pass, "example.com")),
        &[],
    ));
    assert_eq!(v.domains.len(), 1);
    assert_eq!(v.result, DmarcResult::Pass);
    // Two domains: each evaluated; example.com passes, strict.example fails
    // with p=quarantine, and the failing one decides (RFC 7489 §6.6.1).
    let v = rt.block_on(ev.evaluate(
        parse("From: a@example.com, b@strict.example\r\n"),
        Some(&spf(SpfResult::Pass, "example.com")),
        &[],
    ));
    assert_eq!(v.domains.len(), 2);
    assert_eq!(v.result, DmarcResult::Fail);
    assert_eq!(v.disposition, Policy::Quarantine);
    assert_eq!(v.deciding_domain.as_deref(), Some("strict.example"));
    assert!(v.from_problems().is_empty());
}

#[test]
fn dns_failure_is_temperror() {
    let rt = rt();
    let zone = ZoneResolver::from_zone_text(ZONE, None).unwrap();
    let mut zone = zone;
    zone.set_fault("_dmarc.broken.example", domainauth::dns::Fault::ServFail);
    let ev = Evaluator::new(zone);
    let v = rt.block_on(ev.evaluate(from("broken.example"), None, &[]));
    assert_eq!(v.result, DmarcResult::TempError);
}

mod never_panics {
    use domainauth::dmarc::{Mode, Record, lint_record};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn record_parser_and_linter(s in "\\PC{0,200}") {
            let r = Record::parse(&s);
            for mode in [Mode::Rfc9989, Mode::Rfc7489] {
                let _ = r.effective(mode);
                let _ = lint_record(&r, "example.com", mode);
            }
        }

        #[test]
        fn record_like_text(tags in proptest::collection::vec("(p|sp|np|adkim|aspf|pct|t|psd|rua|ruf|fo|x)[ =]{0,2}[a-zA-Z0-9:@.,!=]{0,12}", 0..8)) {
            let text = format!("v=DMARC1; {}", tags.join(";"));
            let r = Record::parse(&text);
            prop_assert!(r.tags.len() <= tags.len() + 1);
            for mode in [Mode::Rfc9989, Mode::Rfc7489] {
                if let Ok(e) = r.effective(mode) {
                    prop_assert!(e.pct <= 100);
                }
                let _ = lint_record(&r, "example.com", mode);
            }
        }
    }
}

/// Every plain rule of the shared Public Suffix List: under the loaded list
/// `x.y.<rule>` has the organizational domain `y.<rule>`; the built-in copy
/// (an older snapshot) must agree on nearly all of them.
#[test]
fn public_suffix_list_rules() {
    use domainauth::dmarc::PublicSuffixList;
    let Some(path) = domainauth_testkit::testdata::find("psl/public_suffix_list.dat") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = PublicSuffixList::from_bytes(text.as_bytes()).unwrap();
    let builtin = PublicSuffixList::builtin();
    let (mut total, mut builtin_agree, mut suffix_plus_one) = (0, 0, 0);
    let mut wrong: Vec<String> = Vec::new();
    for rule in text.lines().map(str::trim) {
        if rule.is_empty()
            || rule.starts_with("//")
            || rule.starts_with('*')
            || rule.starts_with('!')
        {
            continue;
        }
        let Ok(ascii) = idna::domain_to_ascii(rule) else {
            continue;
        };
        let name = format!("x.y.{ascii}");
        let org = loaded.org_domain(&name);
        total += 1;
        // A longer rule (wildcard or more specific) may cover y.<rule>; then org is longer.
        if org.ends_with(&format!("y.{ascii}")) {
            suffix_plus_one += 1;
        } else {
            wrong.push(format!("{name}: loaded list gives {org}"));
        }
        if builtin.org_domain(&name) == org {
            builtin_agree += 1;
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rules: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    eprintln!(
        "Public Suffix List: {suffix_plus_one}/{total} plain rules give suffix+1 from the shared file; built-in copy agrees on {builtin_agree}"
    );
    assert!(total > 9000, "{total} rules");
    assert!(
        builtin_agree * 100 >= total * 99,
        "built-in agrees on {builtin_agree}/{total}"
    );
}

/// The linter reads DNS: external report destinations must authorise
/// themselves (RFC 7489 §7.1), and TXT records meant as DMARC that are not.
#[test]
fn lint_domain_external_destinations_and_near_misses() {
    use domainauth::diag::Code;
    use domainauth::dmarc::{PublicSuffixList, lint_domain};
    let zone = ZoneResolver::from_zone_text(
        r#"
$ORIGIN example.com.
_dmarc      IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@reports.example,mailto:own@example.com; ruf=mailto:f@other.example"
$ORIGIN reports.example.
example.com._report._dmarc IN TXT "v=DMARC1;"
$ORIGIN typo.example.
_dmarc      IN TXT "v=DMARC1, p=reject"
"#,
        None,
    )
    .unwrap();
    let psl = PublicSuffixList::builtin();
    let rt = rt();
    let report = rt
        .block_on(lint_domain(&zone, "example.com", Mode::Rfc9989, &psl))
        .unwrap();
    let find = |code: Code| report.findings.iter().find(|f| f.code == code).cloned();
    let authorised = find(Code::DmarcLintExternalAuthorized).expect("reports.example authorises");
    assert_eq!(authorised.params["target"], "reports.example");
    let missing = find(Code::DmarcLintExternalUnauthorized).expect("other.example does not");
    assert_eq!(
        missing.params["name"],
        "example.com._report._dmarc.other.example"
    );
    // The address in the domain itself needs no authorisation: two findings, not three.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| matches!(
                f.code,
                Code::DmarcLintExternalAuthorized | Code::DmarcLintExternalUnauthorized
            ))
            .count(),
        2
    );
    let report = rt
        .block_on(lint_domain(&zone, "typo.example", Mode::Rfc9989, &psl))
        .unwrap();
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    // The near miss is the one cause; "no DMARC record, publish p=none"
    // would repeat it and could weaken what the owner meant to publish.
    assert!(
        codes.contains(&Code::DmarcLintNotRecord) && !codes.contains(&Code::DmarcMissing),
        "{codes:?}"
    );
}

/// When the tree walk and the PSL disagree, the verdict says so and names
/// the mode that decided.
#[test]
fn organizational_domain_disagreement_is_reported() {
    use domainauth::diag::Code;
    let zone = ZoneResolver::from_zone_text(
        r#"
$ORIGIN example.com.
_dmarc      IN TXT "v=DMARC1; p=reject"
_dmarc.b    IN TXT "v=DMARC1; p=none; psd=n"
"#,
        None,
    )
    .unwrap();
    let rt = rt();
    let ev = Evaluator::new(zone);
    let v = rt.block_on(ev.evaluate(
        from("a.b.example.com"),
        Some(&spf(SpfResult::Pass, "c.example.com")),
        &[],
    ));
    let d = v.deciding().unwrap();
    let org = d.org_domain.as_ref().unwrap();
    assert_eq!(
        (org.domain.as_str(), org.decided_by),
        ("b.example.com", Mode::Rfc9989)
    );
    assert_eq!(org.psl, "example.com");
    // c.example.com is under example.com, not b.example.com: not aligned by the tree walk.
    assert_eq!(v.result, DmarcResult::Fail);
    assert!(
        v.findings()
            .iter()
            .any(|f| f.code == Code::DmarcOrgDisagree)
    );
}

/// RFC 9989 §4.10.1 lists where the policy comes from: the Author Domain,
/// else its Organizational Domain, else its Public Suffix Domain. A record
/// between the From domain and the organizational domain (no `psd=n`) is
/// not among them: mail from `a.b.mid.example` gets `mid.example`'s `sp`,
/// not `b.mid.example`'s `p=reject`.
#[test]
fn a_record_between_from_and_org_domain_is_not_the_policy() {
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN mid.example.\n$TTL 300\n_dmarc IN TXT \"v=DMARC1; p=none; sp=quarantine\"\n\
         _dmarc.b IN TXT \"v=DMARC1; p=reject\"\na.b IN A 192.0.2.20\n",
        None,
    )
    .unwrap();
    let v = rt().block_on(Evaluator::new(zone).evaluate(from("a.b.mid.example"), None, &[]));
    let d = &v.domains[0];
    assert_eq!(
        d.org_domain.as_ref().map(|o| o.domain.as_str()),
        Some("mid.example")
    );
    assert_eq!(d.policy_domain.as_deref(), Some("mid.example"));
    assert_eq!(d.policy_tag, Some(PolicyTag::Sp));
    assert_eq!(d.requested, Some(Policy::Quarantine));
}

/// An organizational domain is the name or one of its ancestors, so an
/// identifier outside the From domain's organizational domain is unaligned
/// without a lookup: a sender's own DNS (slow, failing) never enters the
/// author domain's verdict.
#[test]
fn unrelated_identifiers_are_unaligned_without_lookups() {
    use domainauth_testkit::dns::CountingResolver;
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN good.example.\n$TTL 300\n_dmarc IN TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    let dns = CountingResolver::new(zone);
    let v = rt().block_on(Evaluator::new(&dns).evaluate(
        from("good.example"),
        Some(&spf(SpfResult::Pass, "evil.example")),
        &[dkim(DkimResult::Pass, "mail.evil.example")],
    ));
    assert_eq!(v.result, DmarcResult::Fail);
    assert_eq!(v.disposition, Policy::Reject);
    let asked = dns.asked();
    assert!(!asked.is_empty(), "the policy was looked up");
    assert!(asked.iter().all(|(_, n)| !n.contains("evil")), "{asked:?}");
}

/// The fix for "SPF did not pass" follows the SPF result: a broken record
/// is fixed in the record (adding servers cannot help), a DNS failure is
/// not the record's fault, a missing record is published, and only a fail
/// asks for the server to be listed — in both languages.
#[test]
fn spf_not_pass_fix_follows_the_result() {
    use domainauth::diag::{Code, Lang};
    let cases = [
        (SpfResult::PermError, "is broken", "壊れている"),
        (
            SpfResult::TempError,
            "name servers answer",
            "ネームサーバー",
        ),
        (SpfResult::None, "says what to publish", "公開すべきもの"),
        (SpfResult::Fail, "list the sending server", "記載し"),
        (SpfResult::SoftFail, "list the sending server", "記載し"),
    ];
    for (result, en, ja) in cases {
        let v = rt().block_on(evaluator(Mode::Rfc9989).evaluate(
            from("example.com"),
            Some(&spf(result, "example.com")),
            &[],
        ));
        let findings = v.findings_for(Some(Identity::MailFrom));
        let f = findings
            .iter()
            .find(|f| f.code == Code::DmarcSpfNotPass)
            .unwrap_or_else(|| panic!("{result:?}: {findings:?}"));
        let fix_en = f.fix(Lang::En).unwrap();
        let fix_ja = f.fix(Lang::Ja).unwrap();
        assert!(fix_en.contains(en), "{result:?}: {fix_en}");
        assert!(fix_ja.contains(ja), "{result:?}: {fix_ja}");
        let lists_server = fix_en.to_lowercase().contains("list the sending server");
        // The cause is named by the SPF finding this one points up at.
        assert!(fix_en.contains("SPF finding above"), "{result:?}: {fix_en}");
        assert_eq!(
            lists_server,
            matches!(result, SpfResult::Fail | SpfResult::SoftFail),
            "{result:?}: {fix_en}"
        );
        // The receiver profiles (gmail-bulk, yahoo-bulk, docomo) say the same.
        let profile = domainauth::diag::Finding::new(Code::ProfileSpfNotPass)
            .param("profile", "yahoo-bulk")
            .param("domain", "example.com")
            .param("result", result.as_str())
            .param("ip", "192.0.2.1")
            .param("cause", "direct");
        let fix = profile.fix(Lang::En).unwrap();
        assert_eq!(
            fix.contains("list it in the SPF record"),
            lists_server,
            "{result:?}: {fix}"
        );
        assert!(!profile.fix(Lang::Ja).unwrap().is_empty());
    }
}

/// The verdict table's "aligned" column is about the domain: an SPF
/// permerror for the From domain itself is aligned (and did not pass), not
/// "not aligned".
#[test]
fn summary_alignment_is_about_the_domain_not_the_result() {
    use domainauth::spf::Envelope;
    use domainauth::verify::{MessageVerifier, VerifyOptions, summary_rows};
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN example.org.\n@ 300 IN TXT \"v=spf1 include:_spf.example.net -all\"\n\
         _dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    let verifier = MessageVerifier::new(&zone, VerifyOptions::new("mx.example.net"));
    let v = rt()
        .block_on(verifier.verify(
            b"From: a@example.org\r\n\r\nbody\r\n",
            Some(Envelope {
                client_ip: "192.0.2.1".parse().unwrap(),
                helo: "mx.example.org".into(),
                mail_from: "a@example.org".into(),
            }),
        ))
        .unwrap();
    let rows = summary_rows(&v);
    let spf = rows.iter().find(|r| r.0 == "SPF").unwrap();
    assert_eq!(spf.1, "permerror");
    assert_eq!(spf.3, Some(true), "{rows:?}");
    assert_eq!(v.dmarc.result, DmarcResult::Fail);
}
