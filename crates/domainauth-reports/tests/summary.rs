//! Summaries of stored aggregate records: totals and rates worked out by
//! hand, the ranking of failing sources, and the cause and fix of each of
//! the four kinds of failing source (an own server missing from SPF, a
//! sending service signing with its own domain, a mailing list, a forger),
//! rendered in English and Japanese. The conservative rules of
//! docs/SECURITY.md ("Advice a forger can trigger") are checked on their
//! own cases and, with a property test, on generated sources.

use std::net::IpAddr;

use domainauth::diag::rules::incoherences;
use domainauth::diag::{Code, Finding, Lang, render_strict};
use domainauth_reports::model::{DateRange, PublishedPolicy, Record};
use domainauth_reports::summary::{
    Cause, Context, FailingSource, GroupBy, PtrInfo, Rate, ReportContext, SourceStats,
    StoredRecord, Summary, SummaryOptions, SummaryReport, classify,
};
use proptest::prelude::*;
use serde_json::json;

const DAY1: i64 = 1_772_323_200; // 2026-03-01T00:00:00Z
const DAY2: i64 = DAY1 + 86_400; // 2026-03-02

/// One `<record>`, as a receiver would write it.
#[derive(Clone)]
struct R<'a> {
    ip: &'a str,
    count: u64,
    from: &'a str,
    envelope: Option<&'a str>,
    /// (domain, result) of `<auth_results><spf>` (scope mfrom).
    spf: Vec<(&'a str, &'a str)>,
    /// (domain, selector, result) of `<auth_results><dkim>`.
    dkim: Vec<(&'a str, &'a str, &'a str)>,
    /// `<policy_evaluated>` spf and dkim: aligned pass or not.
    aligned_spf: bool,
    aligned_dkim: bool,
    disposition: &'a str,
    reasons: Vec<&'a str>,
}

impl<'a> R<'a> {
    fn new(ip: &'a str, count: u64) -> Self {
        Self {
            ip,
            count,
            from: "example.co.jp",
            envelope: Some("example.co.jp"),
            spf: Vec::new(),
            dkim: Vec::new(),
            aligned_spf: false,
            aligned_dkim: false,
            disposition: "none",
            reasons: Vec::new(),
        }
    }

    fn record(&self) -> Record {
        let outcome = |pass| if pass { "pass" } else { "fail" };
        serde_json::from_value(json!({
            "source_ip": self.ip,
            "count": self.count,
            "evaluated": {
                "disposition": self.disposition,
                "spf": outcome(self.aligned_spf),
                "dkim": outcome(self.aligned_dkim),
                "reasons": self.reasons.iter()
                    .map(|k| json!({ "kind": k, "comment": null }))
                    .collect::<Vec<_>>(),
            },
            "identifiers": {
                "header_from": self.from,
                "envelope_from": self.envelope,
                "envelope_to": null,
            },
            "dkim": self.dkim.iter()
                .map(|(d, s, r)| json!({ "domain": d, "selector": s, "result": r, "human_result": null }))
                .collect::<Vec<_>>(),
            "spf": self.spf.iter()
                .map(|(d, r)| json!({ "domain": d, "scope": "mfrom", "result": r, "human_result": null }))
                .collect::<Vec<_>>(),
        }))
        .expect("a record")
    }
}

fn policy(p: &str) -> PublishedPolicy {
    serde_json::from_value(json!({ "domain": "example.co.jp", "p": p })).unwrap()
}

fn report(org: &str, id: &str, begin: i64, p: &str) -> ReportContext {
    ReportContext::new(
        org,
        id,
        DateRange {
            begin,
            end: begin + 86_399,
        },
        policy(p),
    )
}

fn stored(ctx: &ReportContext, r: &R<'_>) -> StoredRecord {
    StoredRecord::new(ctx.clone(), r.record())
}

fn ptr(name: &str, forward_confirmed: bool) -> PtrInfo {
    PtrInfo {
        name: name.into(),
        forward_confirmed,
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

// The five sources of the scenario.
const OWN_OK: &str = "192.0.2.10";
const OWN_UNLISTED: &str = "192.0.2.20";
const SERVICE: &str = "198.51.100.5";
const LIST: &str = "203.0.113.7";
const FORGER: &str = "203.0.113.99";

fn own_ok(count: u64, signed: bool) -> R<'static> {
    let mut r = R::new(OWN_OK, count);
    r.spf = vec![("example.co.jp", "pass")];
    r.aligned_spf = true;
    if signed {
        r.dkim = vec![("example.co.jp", "s1", "pass")];
        r.aligned_dkim = true;
    }
    r
}

fn own_unlisted(count: u64) -> R<'static> {
    let mut r = R::new(OWN_UNLISTED, count);
    r.spf = vec![("example.co.jp", "fail")];
    r
}

fn service(count: u64, signed: bool) -> R<'static> {
    let mut r = R::new(SERVICE, count);
    r.envelope = Some("em123.sendgrid.net");
    r.spf = vec![("em123.sendgrid.net", "pass")];
    if signed {
        r.dkim = vec![("sendgrid.net", "s1", "pass")];
    }
    r
}

fn list(count: u64, reason: bool) -> R<'static> {
    let mut r = R::new(LIST, count);
    r.spf = vec![("example.co.jp", "fail")];
    r.dkim = vec![("example.co.jp", "s1", "fail")];
    if reason {
        r.reasons = vec!["mailing_list"];
    }
    r
}

fn forger(count: u64) -> R<'static> {
    let mut r = R::new(FORGER, count);
    r.spf = vec![("example.co.jp", "fail")];
    r
}

/// Three reports from two receivers over two days, p=none:
///
/// | source        | google a1 (day 1) | microsoft b1 (day 1) | google a2 (day 2) | fails |
/// |---------------|------|-----|-----|------|
/// | 192.0.2.10    | 500 signed | 300 signed | 200 unsigned | 0 |
/// | 192.0.2.20    | 40   |     | 20  | 60   |
/// | 198.51.100.5  | 120 signed | 30 unsigned |  | 150 |
/// | 203.0.113.7   | 25 mailing_list | 15 |  | 40 |
/// | 203.0.113.99  | 200  | 100 |     | 300  |
fn scenario(p: &str) -> Vec<StoredRecord> {
    let a1 = report("google.com", "a1", DAY1, p);
    let b1 = report("microsoft.com", "b1", DAY1, p);
    let a2 = report("google.com", "a2", DAY2, p);
    vec![
        stored(&a1, &own_ok(500, true)),
        stored(&a1, &own_unlisted(40)),
        stored(&a1, &service(120, true)),
        stored(&a1, &list(25, true)),
        stored(&a1, &forger(200)),
        stored(&b1, &own_ok(300, true)),
        stored(&b1, &service(30, false)),
        stored(&b1, &list(15, false)),
        stored(&b1, &forger(100)),
        stored(&a2, &own_ok(200, false)),
        stored(&a2, &own_unlisted(20)),
    ]
}

/// The reverse DNS the enrichment would give the scenario's sources.
fn enrich(summary: &mut Summary) {
    summary.set_ptr(ip(OWN_UNLISTED), ptr("mail2.example.co.jp", true));
    summary.set_ptr(ip(LIST), ptr("lists.example.org", true));
    summary.set_ptr(ip(OWN_OK), ptr("mail.example.co.jp", true));
}

fn summarise(records: &[StoredRecord], by: Option<GroupBy>) -> SummaryReport {
    let mut summary = Summary::default();
    for r in records {
        summary.add(r);
    }
    enrich(&mut summary);
    let mut options = SummaryOptions::default();
    options.by = by;
    summary.finish(&options)
}

fn failing<'r>(report: &'r SummaryReport, source: &str) -> &'r FailingSource {
    report
        .failing
        .iter()
        .find(|f| f.source.source_ip == ip(source))
        .unwrap_or_else(|| panic!("{source} is not among the failing sources"))
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code.id()).collect()
}

/// Every fix of the findings in `lang`, rendered strictly (all variables
/// present), joined.
fn fixes(findings: &[Finding], lang: Lang) -> String {
    findings
        .iter()
        .filter_map(|f| {
            render_strict(lang, f)
                .unwrap_or_else(|e| panic!("{} in {lang:?}: {e:?}", f.code))
                .1
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn messages(findings: &[Finding], lang: Lang) -> String {
    findings
        .iter()
        .map(|f| render_strict(lang, f).unwrap().0)
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_contains(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "{w:?} missing from:\n{text}");
    }
}

#[test]
fn totals_and_rates_are_the_sums_of_the_records() {
    let report = summarise(&scenario("none"), None);
    // Messages: 1000 + 60 + 150 + 40 + 300.
    assert_eq!(report.counts.messages, 1550);
    assert_eq!(report.counts.records, 11);
    assert_eq!(report.totals.reports, 3);
    assert_eq!(report.totals.reporting_orgs, 2);
    assert_eq!(report.totals.sources, 5);
    assert_eq!(report.totals.begin, Some(DAY1));
    assert_eq!(report.totals.end, Some(DAY2 + 86_399));
    let total = 1550;
    let rate = |pass| Rate { pass, total };
    // SPF passed for the own server (1000) and for the service's bounce
    // domain (150).
    assert_eq!(report.rates.spf_auth, rate(1150));
    // DKIM passed for the own server's signed mail (800) and the
    // service's signed mail (120).
    assert_eq!(report.rates.dkim_auth, rate(920));
    assert_eq!(report.rates.spf_aligned, rate(1000));
    assert_eq!(report.rates.dkim_aligned, rate(800));
    assert_eq!(report.rates.dmarc, rate(1000));
    let dmarc = report.rates.dmarc.ratio().unwrap();
    assert!((dmarc - 1000.0 / 1550.0).abs() < 1e-12, "{dmarc}");
    assert_eq!(
        report
            .counts
            .dispositions
            .get(&domainauth_reports::model::Disposition::None),
        Some(&1550)
    );
    assert_eq!(report.counts.reasons.get("mailing_list"), Some(&25));
    assert_eq!(report.counts.reasons.len(), 1);
    assert_eq!(report.failing_sources, 4);
    // The summary serialises to JSON (no map keys JSON cannot hold).
    let v = serde_json::to_value(&report).unwrap();
    assert_eq!(v["rates"]["dmarc"]["pass"], 1000);
    assert_eq!(v["failing"][0]["cause"], "spoofing");
    assert_eq!(
        v["failing"][0]["findings"][0]["code"],
        "report-source-spoofed"
    );
}

#[test]
fn groups_count_and_rate_each_key() {
    let by_org = summarise(&scenario("none"), Some(GroupBy::Org));
    let keys: Vec<(&str, u64)> = by_org
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.counts.messages))
        .collect();
    // google: a1 (500+40+120+25+200) + a2 (200+20); microsoft: b1
    // (300+30+15+100).
    assert_eq!(keys, [("google.com", 1105), ("microsoft.com", 445)]);
    // microsoft's DMARC passes: the own server's 300.
    assert_eq!(
        by_org.groups[1].rates.dmarc,
        Rate {
            pass: 300,
            total: 445
        }
    );

    let by_day = summarise(&scenario("none"), Some(GroupBy::Day));
    let days: Vec<(&str, u64)> = by_day
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.counts.messages))
        .collect();
    assert_eq!(days, [("2026-03-01", 1330), ("2026-03-02", 220)]);

    let by_source = summarise(&scenario("none"), Some(GroupBy::Source));
    let sources: Vec<(&str, u64, u64)> = by_source
        .groups
        .iter()
        .map(|g| (g.key.as_str(), g.counts.messages, g.counts.dmarc_pass))
        .collect();
    assert_eq!(
        sources,
        [
            (OWN_OK, 1000, 1000),
            (FORGER, 300, 0),
            (SERVICE, 150, 0),
            (OWN_UNLISTED, 60, 0),
            (LIST, 40, 0),
        ]
    );
    // The service's SPF passed for all 150, DKIM for the 120 signed.
    let service = &by_source.groups[2];
    assert_eq!(
        service.rates.spf_auth,
        Rate {
            pass: 150,
            total: 150
        }
    );
    assert_eq!(
        service.rates.dkim_auth,
        Rate {
            pass: 120,
            total: 150
        }
    );

    let by_domain = summarise(&scenario("none"), Some(GroupBy::Domain));
    assert_eq!(by_domain.groups.len(), 1);
    assert_eq!(by_domain.groups[0].key, "example.co.jp");
}

#[test]
fn failing_sources_are_ranked_by_failing_volume() {
    let report = summarise(&scenario("none"), None);
    let ranked: Vec<(String, u64)> = report
        .failing
        .iter()
        .map(|f| (f.source.source_ip.to_string(), f.source.dmarc_fail()))
        .collect();
    assert_eq!(
        ranked,
        [
            (FORGER.to_string(), 300),
            (SERVICE.to_string(), 150),
            (OWN_UNLISTED.to_string(), 60),
            (LIST.to_string(), 40),
        ]
    );
    // The passing server is not among them.
    assert!(
        report
            .failing
            .iter()
            .all(|f| f.source.source_ip != ip(OWN_OK))
    );
    // --top keeps the first ones and still counts them all.
    let mut summary = Summary::default();
    scenario("none").iter().for_each(|r| summary.add(r));
    let mut options = SummaryOptions::default();
    options.top = Some(2);
    let top = summary.finish(&options);
    assert_eq!(top.failing.len(), 2);
    assert_eq!(top.failing_sources, 4);
}

#[test]
fn an_own_server_missing_from_spf_is_named_with_its_fix() {
    let report = summarise(&scenario("none"), None);
    let own = failing(&report, OWN_UNLISTED);
    assert_eq!(own.cause(), Cause::UnlistedOwnServer);
    assert_eq!(codes(&own.verdict.findings), ["report-source-unlisted"]);
    let f = &own.verdict.findings[0];
    assert_eq!(f.params["ptr"], "mail2.example.co.jp");
    assert_eq!(f.params["messages"], "60");
    assert_eq!(f.params["suggest"], "ip4:192.0.2.20");
    assert_contains(
        &fixes(&own.verdict.findings, Lang::En),
        &[
            "Add ip4:192.0.2.20 to the SPF record of example.co.jp",
            "sign its mail with DKIM for example.co.jp",
            "If you do not recognise mail2.example.co.jp, do not add 192.0.2.20",
        ],
    );
    assert_contains(
        &fixes(&own.verdict.findings, Lang::Ja),
        &[
            "example.co.jp の SPF レコードの all の前に ip4:192.0.2.20 を追加し",
            "example.co.jp の DKIM 署名を付けてください",
            "心当たりがない場合は 192.0.2.20 を追加しないでください",
        ],
    );
    assert_contains(
        &messages(&own.verdict.findings, Lang::En),
        &["192.0.2.20 (mail2.example.co.jp) sent 60 messages as example.co.jp"],
    );
    assert_contains(
        &messages(&own.verdict.findings, Lang::Ja),
        &["自社のサーバーです"],
    );
}

#[test]
fn a_sending_service_gets_the_alignment_fixes_verify_gives() {
    let report = summarise(&scenario("none"), None);
    let svc = failing(&report, SERVICE);
    assert_eq!(svc.cause(), Cause::ThirdPartyService);
    assert_eq!(
        codes(&svc.verdict.findings),
        [
            "report-source-service",
            "dmarc-not-aligned",
            "dmarc-spf-not-aligned",
            "dmarc-dkim-not-aligned",
        ]
    );
    let f = &svc.verdict.findings;
    assert_eq!(f[0].params["services"], "sendgrid.net, em123.sendgrid.net");
    assert_eq!(f[2].params["domain"], "em123.sendgrid.net");
    assert_eq!(f[3].params["domain"], "sendgrid.net");
    assert_eq!(f[3].params["selector"], "s1");
    // Both ways: an author signature, a custom envelope From.
    assert_contains(
        &fixes(f, Lang::En),
        &[
            "have the sending service sign with d=example.co.jp",
            "a custom envelope From (Return-Path) under example.co.jp, such as bounce.example.co.jp",
            "If you did not send it, it is a forgery that DMARC caught: change nothing.",
        ],
    );
    assert_contains(
        &fixes(f, Lang::Ja),
        &[
            "配信サービスに d=example.co.jp で署名してもらう",
            "bounce.example.co.jp など example.co.jp 配下のアドレスを Return-Path に使い",
            "DMARC が検出したなりすましです",
        ],
    );
    // The same texts verify gives: the not-aligned finding of a verdict.
    let verify_like = Finding::new(Code::DmarcNotAligned).param("from", "example.co.jp");
    assert_eq!(
        f[1].fix(Lang::En),
        verify_like.fix(Lang::En),
        "the service's fix is verify's"
    );
}

#[test]
fn a_mailing_list_is_expected_and_gets_no_spf_change() {
    let report = summarise(&scenario("none"), None);
    let fwd = failing(&report, LIST);
    assert_eq!(fwd.cause(), Cause::Forwarding);
    assert_eq!(codes(&fwd.verdict.findings), ["report-source-forwarded"]);
    let f = &fwd.verdict.findings[0];
    assert_eq!(f.params["evidence"], "reason");
    assert_eq!(f.params["reasons"], "mailing_list");
    assert_contains(
        &fixes(&fwd.verdict.findings, Lang::En),
        &[
            "Do not add 203.0.113.7 to the SPF record of example.co.jp",
            "ARC seals (RFC 8617)",
            "If no list or forwarder you know handled this mail, treat it as forged",
        ],
    );
    assert_contains(
        &fixes(&fwd.verdict.findings, Lang::Ja),
        &[
            "example.co.jp の SPF レコードに 203.0.113.7 を追加しないでください",
            "ARC シール",
            "なりすましとして扱い",
        ],
    );
    assert_contains(
        &messages(&fwd.verdict.findings, Lang::Ja),
        &["203.0.113.7（lists.example.org）", "\"mailing_list\""],
    );
    let en = fixes(&fwd.verdict.findings, Lang::En);
    assert!(!en.contains("ip4:203.0.113.7"), "{en}");
}

#[test]
fn a_forger_is_spoofing_and_the_policy_should_tighten() {
    let report = summarise(&scenario("none"), None);
    let spoof = failing(&report, FORGER);
    assert_eq!(spoof.cause(), Cause::Spoofing);
    assert_eq!(
        codes(&spoof.verdict.findings),
        ["report-source-spoofed", "report-policy-tighten"]
    );
    assert_contains(
        &messages(&spoof.verdict.findings, Lang::En),
        &[
            "203.0.113.99 sent 300 messages as example.co.jp",
            "it has no reverse DNS name",
            "someone else sends mail as your domain (spoofing)",
        ],
    );
    assert_contains(
        &fixes(&spoof.verdict.findings, Lang::En),
        &[
            "Do not add 203.0.113.99 to the SPF record of example.co.jp",
            "Once every legitimate source in these reports passes DMARC",
            "move to p=quarantine, then to p=reject.",
        ],
    );
    assert_contains(
        &messages(&spoof.verdict.findings, Lang::Ja),
        &["他者が自社ドメインになりすまして"],
    );
    assert_contains(
        &fixes(&spoof.verdict.findings, Lang::Ja),
        &[
            "203.0.113.99 を追加しないでください",
            "p= を段階的に厳しくしてください",
            "p=quarantine、次に p=reject に進めてください。",
        ],
    );
}

#[test]
fn under_p_reject_spoofing_is_already_rejected() {
    let mut records = scenario("reject");
    // Receivers rejected the forger's mail, as p=reject asks.
    for r in &mut records {
        if r.record.source_ip == ip(FORGER) {
            r.record.evaluated.disposition = domainauth_reports::model::Disposition::Reject;
        }
    }
    let report = summarise(&records, None);
    let spoof = failing(&report, FORGER);
    assert_eq!(spoof.cause(), Cause::Spoofing);
    assert_eq!(
        codes(&spoof.verdict.findings),
        ["report-source-spoofed", "report-policy-enforced"]
    );
    for lang in [Lang::En, Lang::Ja] {
        let text = format!(
            "{}\n{}",
            messages(&spoof.verdict.findings, lang),
            fixes(&spoof.verdict.findings, lang)
        );
        assert!(!text.contains("quarantine"), "{text}");
    }
    assert_contains(
        &messages(&spoof.verdict.findings, Lang::En),
        &["is p=reject: receivers that apply DMARC already refuse this mail"],
    );
    assert_contains(
        &messages(&spoof.verdict.findings, Lang::Ja),
        &["すでに拒否している"],
    );
    // No verdict in the summary advises tightening.
    for f in &report.failing {
        assert!(
            f.verdict
                .findings
                .iter()
                .all(|f| f.code != Code::ReportPolicyTighten),
            "{:?}",
            f.verdict
        );
    }
}

/// The own server's counts alone, with the reverse DNS given.
fn own_server_stats(ptr_info: Option<PtrInfo>) -> SourceStats {
    let ctx = report("google.com", "a1", DAY1, "none");
    let mut stats = SourceStats::new(ip(OWN_UNLISTED), "example.co.jp", "example.co.jp");
    stats.add(&stored(&ctx, &own_unlisted(40)));
    stats.ptr = ptr_info;
    stats
}

/// No fix may tell the owner to list the address unless it says "if it is
/// your server" (or the cause is an own server, proven by forward DNS).
fn assert_no_unconditional_listing(verdict_findings: &[Finding], addr: &str) {
    let term = format!("ip4:{addr}");
    for (lang, guards) in [
        (Lang::En, &["If ", "is your server"][..]),
        (Lang::Ja, &["自社のサーバー", "であれば"][..]),
    ] {
        for f in verdict_findings {
            if let Some(fix) = f.fix(lang)
                && fix.contains(&term)
            {
                assert!(
                    guards.iter().all(|g| fix.contains(g)),
                    "{} in {lang:?} lists {addr} without a condition: {fix}",
                    f.code
                );
            }
        }
    }
}

#[test]
fn an_unlisted_server_without_reverse_dns_evidence_is_not_called_own() {
    let ctx = Context::default();
    // No PTR at all: nothing tells it from a forger.
    let none = classify(&own_server_stats(None), &ctx);
    assert_ne!(none.cause, Cause::UnlistedOwnServer);
    assert_eq!(none.cause, Cause::Spoofing);
    assert_no_unconditional_listing(&none.findings, OWN_UNLISTED);
    // A PTR name in the domain that does not resolve back: anyone can set
    // that on his own address; the fix is conditional.
    let unconfirmed = classify(
        &own_server_stats(Some(ptr("mail2.example.co.jp", false))),
        &ctx,
    );
    assert_eq!(unconfirmed.cause, Cause::Unknown);
    assert_eq!(codes(&unconfirmed.findings), ["report-source-unknown"]);
    assert_no_unconditional_listing(&unconfirmed.findings, OWN_UNLISTED);
    assert_contains(
        &fixes(&unconfirmed.findings, Lang::En),
        &[
            "If 192.0.2.20 is your server or your delivery service, add ip4:192.0.2.20",
            "Otherwise someone else sends as example.co.jp: do not add it",
        ],
    );
    assert_contains(
        &fixes(&unconfirmed.findings, Lang::Ja),
        &["192.0.2.20 が自社のサーバーまたは配信サービスであれば"],
    );
    assert_contains(
        &messages(&unconfirmed.findings, Lang::En),
        &["(reverse DNS mail2.example.co.jp, which does not resolve back to it)"],
    );
    // Forward-confirmed: now it is ours.
    let confirmed = classify(
        &own_server_stats(Some(ptr("mail2.example.co.jp.", true))),
        &ctx,
    );
    assert_eq!(confirmed.cause, Cause::UnlistedOwnServer);
}

#[test]
fn a_forger_with_reverse_dns_in_another_organisation_is_not_own() {
    let ctx = Context::default();
    for name in [
        "host.attacker.example",
        // Looks like ours, but its organizational domain is attacker.example.
        "mail2.example.co.jp.attacker.example",
        // A public suffix is not an organisation: co.jp is not example.co.jp.
        "example2.co.jp",
    ] {
        let v = classify(&own_server_stats(Some(ptr(name, true))), &ctx);
        assert_eq!(v.cause, Cause::Spoofing, "{name}");
        assert_no_unconditional_listing(&v.findings, OWN_UNLISTED);
        assert_contains(
            &messages(&v.findings, Lang::En),
            &[&format!(
                "its reverse DNS name {name} is outside example.co.jp"
            )],
        );
    }
}

#[test]
fn forwarding_is_recognised_without_a_reason_from_a_confirmed_outside_host() {
    let ctx = report("google.com", "a1", DAY1, "none");
    let mut stats = SourceStats::new(ip(LIST), "example.co.jp", "example.co.jp");
    stats.add(&stored(&ctx, &list(15, false)));
    stats.ptr = Some(ptr("lists.example.org", true));
    let v = classify(&stats, &Context::default());
    assert_eq!(v.cause, Cause::Forwarding);
    assert_eq!(v.findings[0].params["evidence"], "signature");
    assert_contains(
        &messages(&v.findings, Lang::En),
        &["SPF failed for example.co.jp because a server outside example.co.jp sent them on"],
    );
    // The same results from a host without a confirmed name: nothing shows
    // a forwarder, and a forger can make up a failing signature.
    stats.ptr = None;
    let v = classify(&stats, &Context::default());
    assert_eq!(v.cause, Cause::Spoofing);
}

#[test]
fn a_source_that_passes_is_authenticated_with_nothing_to_fix() {
    let ctx = report("google.com", "a1", DAY1, "none");
    let mut stats = SourceStats::new(ip(OWN_OK), "example.co.jp", "example.co.jp");
    stats.add(&stored(&ctx, &own_ok(10, true)));
    let v = classify(&stats, &Context::default());
    assert_eq!(v.cause, Cause::Authenticated);
    assert!(v.findings.is_empty());
}

#[test]
fn cause_labels_exist_in_both_languages() {
    for cause in [
        Cause::Authenticated,
        Cause::UnlistedOwnServer,
        Cause::ThirdPartyService,
        Cause::Forwarding,
        Cause::Spoofing,
        Cause::Unknown,
    ] {
        let (en, ja) = (cause.label(Lang::En), cause.label(Lang::Ja));
        assert_ne!(en, cause.message_id());
        assert_ne!(ja, cause.message_id());
        assert_ne!(en, ja);
    }
    assert_eq!(Cause::Spoofing.label(Lang::Ja), "なりすまし");
}

#[test]
fn memory_grows_with_sources_not_records() {
    let ctx = report("google.com", "a1", DAY1, "none");
    let mut summary = Summary::default();
    let domains: Vec<String> = (0..1000).map(|i| format!("d{i}.example.net")).collect();
    for (i, d) in domains.iter().enumerate() {
        let mut r = forger(1);
        // A hostile report: a new envelope and DKIM domain in every record.
        r.envelope = Some(d);
        r.spf = vec![(d, "fail")];
        r.dkim = vec![(d, "s", "fail")];
        r.ip = if i % 2 == 0 { FORGER } else { LIST };
        summary.add(&stored(&ctx, &r));
    }
    let report = summary.finish(&SummaryOptions::default());
    assert_eq!(report.totals.sources, 2);
    assert_eq!(report.counts.messages, 1000);
    let cap = domainauth_reports::summary::stats::MAX_KEYS_PER_SOURCE;
    for f in &report.failing {
        let s = &f.source;
        assert!(
            s.envelope_from.len() <= cap + 1,
            "{}",
            s.envelope_from.len()
        );
        assert!(s.spf_auth.len() <= cap + 1);
        assert!(s.dkim_auth.len() <= cap + 1);
        assert!(s.dkim_selectors.len() <= cap);
        // Nothing is lost: the overflow key holds the rest.
        assert_eq!(s.envelope_from.values().sum::<u64>(), 500);
    }
}

// ---------------------------------------------------------------------
// Property test: on any source, classification does not panic, gives one
// cause, and its findings are coherent.
// ---------------------------------------------------------------------

/// Findings that must never stand together about one source, and why.
/// (`diag::rules` states the same rules for every list of findings; this
/// list is written out here so the test does not rely on that code alone.)
const CONTRADICTIONS: &[(&str, &str, &str)] = &[
    (
        "report-source-unlisted",
        "report-source-spoofed",
        "own server vs nobody's",
    ),
    (
        "report-source-unlisted",
        "report-source-forwarded",
        "add it vs do not add it",
    ),
    (
        "report-source-unlisted",
        "report-source-unknown",
        "own vs unknown",
    ),
    (
        "report-source-unlisted",
        "report-source-service",
        "list it vs align the service",
    ),
    (
        "report-source-spoofed",
        "report-source-forwarded",
        "forged vs expected",
    ),
    (
        "report-source-spoofed",
        "report-source-service",
        "unauthenticated vs authenticated elsewhere",
    ),
    (
        "report-source-spoofed",
        "report-source-unknown",
        "known forger vs unknown",
    ),
    (
        "report-source-forwarded",
        "report-source-service",
        "no change vs align",
    ),
    (
        "report-source-forwarded",
        "report-source-unknown",
        "known forwarder vs unknown",
    ),
    (
        "report-source-service",
        "report-source-unknown",
        "known service vs unknown",
    ),
    (
        "report-source-spoofed",
        "dmarc-not-aligned",
        "nothing passed vs passed elsewhere",
    ),
    (
        "report-source-unlisted",
        "dmarc-not-aligned",
        "list it vs align it",
    ),
    (
        "report-source-forwarded",
        "dmarc-not-aligned",
        "no change vs align",
    ),
    (
        "report-policy-tighten",
        "report-policy-enforced",
        "lets through vs refuses",
    ),
];

fn result_name(i: u8) -> &'static str {
    [
        "pass",
        "fail",
        "softfail",
        "neutral",
        "none",
        "temperror",
        "permerror",
    ][usize::from(i) % 7]
}

fn dkim_result_name(i: u8) -> &'static str {
    [
        "pass",
        "fail",
        "none",
        "policy",
        "neutral",
        "temperror",
        "permerror",
    ][usize::from(i) % 7]
}

const FROMS: &[&str] = &["example.co.jp", "news.example.co.jp", "example.com"];
const DOMAINS: &[&str] = &[
    "example.co.jp",
    "bounce.example.co.jp",
    "em123.sendgrid.net",
    "sendgrid.net",
    "attacker.example",
    "example.com",
    "",
];
const PTRS: &[&str] = &[
    "mail2.example.co.jp",
    "lists.example.org",
    "host.attacker.example",
    "example.co.jp.attacker.example",
    "mail.example.com",
    "",
];
const REASONS: &[&str] = &[
    "forwarded",
    "mailing_list",
    "trusted_forwarder",
    "local_policy",
    "sampled_out",
];

#[derive(Debug, Clone)]
struct GenRecord {
    count: u64,
    from: usize,
    envelope: Option<usize>,
    spf: Vec<(usize, u8)>,
    dkim: Vec<(usize, u8)>,
    aligned: (bool, bool),
    reasons: Vec<usize>,
    p: u8,
}

/// A domain index: mostly the organisation's own, as real reports are.
fn gen_domain() -> impl Strategy<Value = usize> {
    prop_oneof![3 => 0..2usize, 2 => 0..DOMAINS.len()]
}

fn gen_record() -> impl Strategy<Value = GenRecord> {
    (
        0u64..1_000_000,
        prop_oneof![3 => Just(0usize), 1 => 0..FROMS.len()],
        proptest::option::weighted(0.9, gen_domain()),
        proptest::collection::vec((gen_domain(), any::<u8>()), 0..3),
        proptest::collection::vec((gen_domain(), any::<u8>()), 0..3),
        (proptest::bool::weighted(0.2), proptest::bool::weighted(0.2)),
        proptest::option::weighted(0.2, 0..REASONS.len()),
        0u8..4,
    )
        .prop_map(
            |(count, from, envelope, spf, dkim, aligned, reason, p)| GenRecord {
                count,
                from,
                envelope,
                spf,
                dkim,
                aligned,
                reasons: reason.into_iter().collect(),
                p,
            },
        )
}

fn build(g: &GenRecord) -> StoredRecord {
    let p = ["none", "quarantine", "reject", ""][usize::from(g.p)];
    let mut policy = policy(if p.is_empty() { "none" } else { p });
    if p.is_empty() {
        policy.p = None;
    }
    let ctx = ReportContext::new(
        "rx.example",
        "r",
        DateRange {
            begin: DAY1,
            end: DAY2,
        },
        policy,
    );
    let mut r = R::new(FORGER, g.count);
    r.from = FROMS[g.from];
    r.envelope = g.envelope.map(|i| DOMAINS[i]);
    r.spf = g
        .spf
        .iter()
        .map(|&(d, x)| (DOMAINS[d], result_name(x)))
        .collect();
    r.dkim = g
        .dkim
        .iter()
        .map(|&(d, x)| (DOMAINS[d], "s1", dkim_result_name(x)))
        .collect();
    r.aligned_spf = g.aligned.0;
    r.aligned_dkim = g.aligned.1;
    r.reasons = g.reasons.iter().map(|&i| REASONS[i]).collect();
    StoredRecord::new(ctx, r.record())
}

/// Classifies the source `records` make (those with the first record's
/// From domain) with reverse DNS `ptr_choice`, and checks every rule.
fn check_source(
    records: &[GenRecord],
    ptr_choice: Option<(usize, bool)>,
) -> Result<Cause, TestCaseError> {
    let from = FROMS[records[0].from];
    let mut stats = SourceStats::new(ip(FORGER), from, "example.co.jp");
    for g in records.iter().filter(|g| FROMS[g.from] == from) {
        stats.add(&build(g));
    }
    stats.ptr = ptr_choice.map(|(i, fc)| ptr(PTRS[i], fc));
    let v = classify(&stats, &Context::default());
    let ids = codes(&v.findings);
    // One cause, and findings exactly when something failed.
    prop_assert_eq!(v.cause == Cause::Authenticated, stats.dmarc_fail() == 0);
    prop_assert_eq!(v.findings.is_empty(), v.cause == Cause::Authenticated);
    let headlines = ids
        .iter()
        .filter(|c| c.starts_with("report-source-"))
        .count();
    prop_assert!(headlines <= 1, "{:?}", ids);
    if v.cause != Cause::Authenticated {
        prop_assert_eq!(headlines, 1);
        prop_assert!(ids[0].starts_with("report-source-"), "{:?}", ids);
    }
    for (a, b, why) in CONTRADICTIONS {
        prop_assert!(
            !(ids.contains(a) && ids.contains(b)),
            "{} with {} ({}): {:?}",
            a,
            b,
            why,
            ids
        );
    }
    let problems = incoherences(&v.findings);
    prop_assert!(problems.is_empty(), "{:?}: {:?}", ids, problems);
    // The own-server fix only with a forward-confirmed name in the
    // organisation; every other fix that names the address is conditional.
    if v.cause == Cause::UnlistedOwnServer {
        let p = stats.ptr.as_ref().unwrap();
        prop_assert!(p.forward_confirmed);
        prop_assert!(p.name.ends_with(".example.co.jp"), "{}", p.name);
    } else {
        assert_no_unconditional_listing(&v.findings, FORGER);
    }
    // Tightening only while the policy lets failing mail through.
    if ids.contains(&"report-policy-tighten") {
        prop_assert!(stats.policy != Some(domainauth_reports::model::Disposition::Reject));
    }
    // Every finding renders in both languages with all its variables.
    for f in &v.findings {
        for lang in [Lang::En, Lang::Ja] {
            let rendered = render_strict(lang, f);
            prop_assert!(rendered.is_ok(), "{} {:?}: {:?}", f.code, lang, rendered);
        }
    }
    Ok(v.cause)
}

#[test]
fn classification_is_total_and_coherent() {
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    let seen: RefCell<BTreeMap<Cause, u32>> = RefCell::default();
    let strategy = (
        proptest::collection::vec(gen_record(), 1..4),
        proptest::option::weighted(0.7, (0..PTRS.len(), any::<bool>())),
    );
    let mut runner = TestRunner::new(Config::with_cases(1024));
    let outcome = runner.run(&strategy, |(records, ptr_choice)| {
        let cause = check_source(&records, ptr_choice)?;
        *seen.borrow_mut().entry(cause).or_default() += 1;
        Ok(())
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
    // The generator reaches every cause, so every rule above was exercised.
    let seen = seen.into_inner();
    println!("causes of generated sources: {seen:?}");
    for cause in [
        Cause::Authenticated,
        Cause::UnlistedOwnServer,
        Cause::ThirdPartyService,
        Cause::Forwarding,
        Cause::Spoofing,
        Cause::Unknown,
    ] {
        assert!(
            seen.contains_key(&cause),
            "{cause:?} never generated: {seen:?}"
        );
    }
}

#[test]
fn the_japanese_texts_of_every_source_are_japanese() {
    let report = summarise(&scenario("none"), None);
    for f in &report.failing {
        for finding in &f.verdict.findings {
            let (message, fix) = render_strict(Lang::Ja, finding).unwrap();
            for text in std::iter::once(message).chain(fix) {
                let english = domainauth_testkit::ja::english_words(&text);
                assert!(english.is_empty(), "{}: {english:?}", finding.code);
            }
        }
    }
}

/// A mailing list that tags the subject (the author's signature fails) and
/// signs and bounces with its own domain is a list, not a service to
/// align: no "sign with d=" or "custom envelope From" advice for it.
#[test]
fn a_list_that_signs_with_its_own_domain_is_forwarding_not_a_service() {
    let ctx = report("google.com", "a1", DAY1, "none");
    let mut r = R::new(LIST, 30);
    r.spf = vec![("googlegroups.com", "pass")];
    r.dkim = vec![
        ("example.co.jp", "s1", "fail"),
        ("googlegroups.com", "20230601", "pass"),
    ];
    let mut stats = SourceStats::new(ip(LIST), "example.co.jp", "example.co.jp");
    stats.add(&stored(&ctx, &r));
    let v = classify(&stats, &Context::default());
    assert_eq!(v.cause, Cause::Forwarding, "{:?}", codes(&v.findings));
    assert!(!codes(&v.findings).contains(&"dmarc-not-aligned"));
    // Without the failing author signature it is a service, whose first
    // words ask whether the service is one the owner uses.
    let mut r = R::new(SERVICE, 30);
    r.spf = vec![("evil-bulk.example", "pass")];
    r.dkim = vec![("evil-bulk.example", "s", "pass")];
    let mut stats = SourceStats::new(ip(SERVICE), "example.co.jp", "example.co.jp");
    stats.add(&stored(&ctx, &r));
    let v = classify(&stats, &Context::default());
    assert_eq!(v.cause, Cause::ThirdPartyService);
    for lang in [Lang::En, Lang::Ja] {
        let first = v.findings[0].message(lang);
        let ask = if lang == Lang::En {
            "First check whether you use"
        } else {
            "利用しているか確認"
        };
        assert!(first.contains(ask), "{first}");
    }
}

/// softfail (~all) and neutral (?all) say the host is not listed: a source
/// nothing links to the domain is spoofing under them too.
#[test]
fn a_forger_under_softfail_or_neutral_is_spoofing() {
    for result in ["softfail", "neutral"] {
        let ctx = report("google.com", "a1", DAY1, "none");
        let mut r = R::new(FORGER, 9);
        r.spf = vec![("example.co.jp", result)];
        let mut stats = SourceStats::new(ip(FORGER), "example.co.jp", "example.co.jp");
        stats.add(&stored(&ctx, &r));
        let v = classify(&stats, &Context::default());
        assert_eq!(v.cause, Cause::Spoofing, "{result}");
        assert!(
            codes(&v.findings).contains(&"report-policy-tighten"),
            "{result}"
        );
        assert_eq!(v.findings[0].params["result"], result);
    }
}
