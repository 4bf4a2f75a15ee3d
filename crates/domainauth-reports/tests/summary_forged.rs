//! Forged aggregate reports against the summary's advice. Anyone can mail
//! a `rua=` address, so a forger can write any report about any domain:
//! the summary must never call the forger's address "a server of yours"
//! (and tell the owner to add it to SPF) on the strength of what the forger
//! controls — the report's From domain, the PTR record of his own address,
//! Unicode lookalikes, case and final dots. Reports are generated as XML
//! and read by the parser, so the domains go through the same
//! normalisation as in an ingest.

use std::net::IpAddr;
use std::sync::Arc;

use domainauth::dns::ZoneResolver;
use domainauth_reports::enrich::{Lookup, ReverseDns};
use domainauth_reports::summary::{
    Cause, Context, PtrInfo, ReportContext, StoredRecord, Summary, SummaryOptions,
};
use domainauth_reports::{Limits, aggregate};
use proptest::prelude::*;

const VICTIM: &str = "example.co.jp";
const SOURCE: &str = "203.0.113.66";

/// A report about `policy_domain` with one failing record from
/// [`SOURCE`], as `header_from`, envelope From `envelope`, SPF `spf` there.
fn report_xml(policy_domain: &str, header_from: &str, envelope: &str, spf: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feedback><report_metadata>\
         <org_name>receiver.example</org_name><email>d@receiver.example</email>\
         <report_id>forged</report_id><date_range><begin>1700000000</begin>\
         <end>1700086399</end></date_range></report_metadata><policy_published>\
         <domain>{policy_domain}</domain><p>none</p></policy_published><record><row>\
         <source_ip>{SOURCE}</source_ip><count>50</count><policy_evaluated>\
         <disposition>none</disposition><dkim>fail</dkim><spf>fail</spf>\
         </policy_evaluated></row><identifiers><header_from>{header_from}</header_from>\
         <envelope_from>{envelope}</envelope_from></identifiers><auth_results><spf>\
         <domain>{envelope}</domain><scope>mfrom</scope><result>{spf}</result></spf>\
         </auth_results></record></feedback>"
    )
}

/// The cause the summary gives the source, with this reverse DNS.
fn cause(xml: &str, ptr: Option<PtrInfo>) -> (Cause, String, String) {
    let report = aggregate::parse(xml.as_bytes(), &Limits::default()).unwrap();
    let mut summary = Summary::default();
    for record in &report.records {
        summary.add(&StoredRecord::new(
            ReportContext::of(&report),
            record.clone(),
        ));
    }
    if let Some(ptr) = ptr {
        summary.set_ptr(SOURCE.parse().unwrap(), ptr);
    }
    let out = summary.finish(&SummaryOptions::default());
    let failing = &out.failing[0];
    (
        failing.cause(),
        failing.source.header_from.clone(),
        report.policy.domain.clone(),
    )
}

fn ptr(name: &str, forward_confirmed: bool) -> Option<PtrInfo> {
    Some(PtrInfo {
        name: name.to_string(),
        forward_confirmed,
    })
}

/// Names a forger can write, around [`VICTIM`]: itself, a subdomain,
/// spellings of it (case, final dot), ASCII and Unicode lookalikes, and
/// names that only start with it.
fn forged_domain() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(VICTIM.to_string()),
        Just(format!("mail.{VICTIM}")),
        Just("EXAMPLE.CO.JP.".to_string()),
        Just("Example.Co.Jp".to_string()),
        Just("examp1e.co.jp".to_string()),
        Just("example-co.jp".to_string()),
        Just(format!("{VICTIM}.attacker.example")),
        Just(format!("mail.{VICTIM}.attacker.example")),
        Just("xn--exmple-4nf.co.jp".to_string()),
        lookalike(),
    ]
}

/// "example" with one or more letters swapped for a Unicode confusable
/// (Cyrillic а е х м р ӏ, Greek α ρ, Latin ɑ ē ė ḿ ı ĺ). Characters that
/// IDNA maps to ASCII (the small Roman numeral ⅼ is "l") are left out:
/// those names are the victim's own, in DNS as here.
fn lookalike() -> impl Strategy<Value = String> {
    let swaps: &[(char, &[char])] = &[
        ('e', &['\u{435}', '\u{0113}', '\u{0117}']),
        ('x', &['\u{445}', '\u{0445}']),
        ('a', &['\u{430}', '\u{251}', '\u{03b1}']),
        ('m', &['\u{043c}', '\u{1e3f}']),
        ('p', &['\u{440}', '\u{03c1}']),
        ('l', &['\u{04cf}', '\u{0131}', '\u{013a}']),
    ];
    proptest::collection::vec((0usize..7, 0usize..3), 1..4).prop_map(move |picks| {
        let mut label: Vec<char> = "example".chars().collect();
        for (at, which) in picks {
            let c = label[at];
            if let Some((_, alts)) = swaps.iter().find(|(a, _)| *a == c) {
                label[at] = alts[which % alts.len()];
            }
        }
        format!("{}.co.jp", label.into_iter().collect::<String>())
    })
}

/// The organizational domain, as the summary works it out.
fn org(domain: &str) -> String {
    Context::default().org_domain(domain)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the forger writes, "a server of yours" needs all of: a
    /// forward-confirmed PTR name in the From domain's organizational
    /// domain, a From domain that is a DNS name (Unicode lookalikes become
    /// visible `xn--` A-labels), and that From domain within the report's
    /// policy domain. In particular a report about the victim never calls
    /// a source sending as another organization's domain "yours".
    #[test]
    fn only_a_confirmed_name_under_the_policy_domain_is_yours(
        policy_domain in forged_domain(),
        header_from in forged_domain(),
        envelope_same in any::<bool>(),
        spf in prop_oneof![Just("fail"), Just("softfail"), Just("none"), Just("neutral")],
        ptr_name in prop_oneof![
            forged_domain().prop_map(|d| format!("mail.{d}")),
            forged_domain(),
        ],
        confirmed in any::<bool>(),
    ) {
        let envelope = if envelope_same { header_from.clone() } else { VICTIM.to_string() };
        let xml = report_xml(&policy_domain, &header_from, &envelope, spf);
        // PTR names reach the summary as the enrichment keeps them: in
        // the same form as the report's domains.
        let ptr_kept = aggregate::parse(
            report_xml(&ptr_name, VICTIM, VICTIM, "fail").as_bytes(),
            &Limits::default(),
        )
        .unwrap()
        .policy
        .domain;
        let (cause, from, policy) = cause(&xml, ptr(&ptr_kept, confirmed));
        if cause == Cause::UnlistedOwnServer {
            prop_assert!(confirmed);
            prop_assert!(from.is_ascii(), "{from}");
            prop_assert_eq!(org(&ptr_kept), org(&from));
            prop_assert!(
                from == policy || from.ends_with(&format!(".{policy}")) || org(&from) == org(&policy),
                "{} under {}", from, policy
            );
            if org(&policy) == VICTIM {
                prop_assert_eq!(org(&from), VICTIM);
            }
        }
    }

    /// A Unicode lookalike of the victim's domain is kept as its A-labels:
    /// never as the victim's own name, never in Unicode that prints like
    /// it.
    #[test]
    fn lookalikes_are_kept_as_a_labels(domain in lookalike()) {
        let xml = report_xml(VICTIM, &domain, &domain, "fail");
        let report = aggregate::parse(xml.as_bytes(), &Limits::default()).unwrap();
        let kept = &report.records[0].identifiers.header_from;
        prop_assert!(kept.is_ascii(), "{kept}");
        prop_assert!(kept.starts_with("xn--"), "{kept}");
        prop_assert_ne!(kept.as_str(), VICTIM);
        // And the form is stable: read again, it stays as it is.
        let again = report_xml(VICTIM, kept, kept, "fail");
        let report = aggregate::parse(again.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(&report.records[0].identifiers.header_from, kept);
    }
}

proptest! {
    /// A spoofing source's policy finding follows the weakest policy the
    /// reports about it give: "nothing needs to change" (p=reject) only
    /// when every report said reject, so a forged report claiming
    /// `p=reject` among the receivers' `p=none` ones cannot talk the owner
    /// out of tightening.
    #[test]
    fn one_report_saying_reject_does_not_hide_a_weaker_policy(
        policies in proptest::collection::vec(
            prop_oneof![Just("none"), Just("quarantine"), Just("reject")],
            1..6,
        )
    ) {
        let mut summary = Summary::default();
        for (i, p) in policies.iter().enumerate() {
            let xml = report_xml(VICTIM, VICTIM, VICTIM, "fail")
                .replace("<p>none</p>", &format!("<p>{p}</p>"))
                .replace("<report_id>forged</report_id>", &format!("<report_id>r{i}</report_id>"));
            let report = aggregate::parse(xml.as_bytes(), &Limits::default()).unwrap();
            summary.add(&StoredRecord::new(ReportContext::of(&report), report.records[0].clone()));
        }
        let out = summary.finish(&SummaryOptions::default());
        let failing = &out.failing[0];
        prop_assert_eq!(failing.cause(), Cause::Spoofing);
        let ids: Vec<&str> = failing.verdict.findings.iter().map(|f| f.code.id()).collect();
        let weakest = ["none", "quarantine", "reject"]
            .into_iter()
            .find(|p| policies.contains(p))
            .unwrap();
        if weakest == "reject" {
            prop_assert!(ids.contains(&"report-policy-enforced"), "{:?}", ids);
        } else {
            prop_assert!(ids.contains(&"report-policy-tighten"), "{:?}", ids);
            let tighten = failing
                .verdict
                .findings
                .iter()
                .find(|f| f.code.id() == "report-policy-tighten")
                .unwrap();
            prop_assert_eq!(tighten.params.get("policy").map(String::as_str), Some(weakest));
        }
    }
}

#[test]
fn the_owners_unlisted_server_is_still_recognised() {
    // The rule is not vacuous: the owner's own server, named inside the
    // domain and confirmed, in a report about the domain.
    let xml = report_xml(VICTIM, VICTIM, VICTIM, "softfail");
    let (c, ..) = cause(&xml, ptr("mail.example.co.jp", true));
    assert_eq!(c, Cause::UnlistedOwnServer);
    // Spelled in capitals with a final dot, it is the same domain.
    let xml = report_xml(
        "EXAMPLE.CO.JP.",
        "Example.Co.Jp.",
        "example.co.jp.",
        "softfail",
    );
    let (c, from, policy) = cause(&xml, ptr("mail.example.co.jp", true));
    assert_eq!(
        (c, from.as_str(), policy.as_str()),
        (Cause::UnlistedOwnServer, VICTIM, VICTIM)
    );
}

#[test]
fn a_lookalike_from_domain_in_a_report_about_the_victim_is_not_yours() {
    // The forger owns examp1e.co.jp: its PTR and forward records confirm.
    let xml = report_xml(VICTIM, "examp1e.co.jp", "examp1e.co.jp", "softfail");
    let (c, ..) = cause(&xml, ptr("mail.examp1e.co.jp", true));
    assert_ne!(c, Cause::UnlistedOwnServer);
    // The same with a Cyrillic а: kept as xn--exmple-4nf.co.jp.
    let xml = report_xml(
        VICTIM,
        "ex\u{430}mple.co.jp",
        "ex\u{430}mple.co.jp",
        "softfail",
    );
    let (c, from, _) = cause(&xml, ptr("mail.xn--exmple-4nf.co.jp", true));
    assert_eq!(from, "xn--exmple-4nf.co.jp");
    assert_ne!(c, Cause::UnlistedOwnServer);
}

#[tokio::test]
async fn a_unicode_ptr_name_is_kept_as_its_a_labels() {
    // The forger's reverse zone answers a Unicode name whose forward
    // records (at its A-label, where DNS looks) confirm his address.
    let zone = ZoneResolver::from_zone_text(
        "66.113.0.203.in-addr.arpa. PTR mail.ex\u{430}mple.co.jp.\n\
         mail.xn--exmple-4nf.co.jp. A 203.0.113.66\n",
        None,
    )
    .unwrap();
    let ip: IpAddr = SOURCE.parse().unwrap();
    let found = ReverseDns::new(Arc::new(zone)).lookup(ip).await;
    let Lookup::Found(ptr) = found else {
        panic!("{found:?}")
    };
    assert_eq!(ptr.name, "mail.xn--exmple-4nf.co.jp");
    assert_ne!(org(&ptr.name), VICTIM);
}
