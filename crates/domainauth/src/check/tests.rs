//! Zone fixtures for each finding of the posture checks, offline.

use std::sync::Arc;

use async_trait::async_trait;

use super::*;
use crate::diag::{Lang, Severity};
use crate::dns::{Fault, ZoneResolver};

/// A domain with everything in place but the parts each test changes.
const BASE: &str = r#"$ORIGIN example.jp.
@                 300 IN SOA ns.example.jp. hostmaster.example.jp. 1 7200 3600 1209600 300
@                 300 IN TXT "v=spf1 ip4:192.0.2.25 -all"
@                 300 IN MX  10 mail
mail              300 IN A   192.0.2.25
_dmarc            300 IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.jp"
s1._domainkey     300 IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
"#;

fn run(zone: &ZoneResolver, domain: &str, options: &CheckOptions) -> DomainReport {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(check_domain(
            zone,
            domain,
            options,
            &crate::dmarc::PublicSuffixList::builtin(),
        ))
        .unwrap()
}

fn options() -> CheckOptions {
    CheckOptions {
        selectors: vec!["s1".into()],
        ..CheckOptions::default()
    }
}

fn check(extra: &str) -> DomainReport {
    let zone = ZoneResolver::from_zone_text(&format!("{BASE}{extra}"), None).unwrap();
    run(&zone, "example.jp", &options())
}

fn codes(report: &DomainReport) -> Vec<Code> {
    report.findings.iter().map(|f| f.code).collect()
}

fn finding(report: &DomainReport, code: Code) -> &Finding {
    report
        .findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(report)))
}

/// 1024 RSA bits (RFC 8301 §3.2: accepted, 2048 asked of signers).
const RSA_1024: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";

#[test]
fn a_complete_domain_has_the_new_parts_and_is_not_partial() {
    let r = check("");
    assert!(!r.partial);
    assert!(!r.null_mx);
    assert_eq!(r.mta_sts.record.state, RecordState::Absent);
    assert_eq!(r.tls_rpt.state, RecordState::Absent);
    assert_eq!(r.bimi.state, RecordState::Absent);
    // SOA without DNSKEY at the apex: not signed.
    assert_eq!(r.dnssec, Dnssec::Unsigned);
    let c = codes(&r);
    assert!(c.contains(&Code::CheckMtaStsMissing));
    assert!(c.contains(&Code::CheckTlsRptMissing));
    assert_eq!(finding(&r, Code::CheckDnssec).params["state"], "unsigned");
    assert!(!c.contains(&Code::CheckDnsTimeout));
}

#[test]
fn dnssec_signed_when_dnskey_at_the_apex() {
    let r = check(
        "@ 300 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\n",
    );
    assert_eq!(r.dnssec, Dnssec::Signed);
    assert_eq!(finding(&r, Code::CheckDnssec).params["state"], "signed");
}

#[test]
fn null_mx_of_a_sending_domain_is_a_warning() {
    let zone = ZoneResolver::from_zone_text(
        &BASE.replace("@                 300 IN MX  10 mail", "@ 300 IN MX 0 ."),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    assert!(r.null_mx);
    assert!(!r.has_mx);
    let f = finding(&r, Code::CheckNullMx);
    // It publishes SPF for 192.0.2.25 and a DKIM key: it sends.
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.params["sends"], "yes");
    assert!(!codes(&r).contains(&Code::CheckNoAddress));
}

#[test]
fn null_mx_of_a_parked_domain_is_information() {
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN parked.jp.\n@ TXT \"v=spf1 -all\"\n@ MX 0 .\n_dmarc TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    let r = run(&zone, "parked.jp", &options());
    let f = finding(&r, Code::CheckNullMx);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.params["sends"], "no");
}

#[test]
fn null_mx_beside_other_mx_is_an_error() {
    let r = check("@ 300 IN MX 0 .\n");
    assert_eq!(
        finding(&r, Code::CheckNullMxMixed).severity,
        Severity::Error
    );
}

#[test]
fn mta_sts_offline_says_not_fetched() {
    let r = check("_mta-sts 300 IN TXT \"v=STSv1; id=20260101T000000\"\n");
    assert_eq!(r.mta_sts.record.state, RecordState::Valid);
    assert_eq!(r.mta_sts.id.as_deref(), Some("20260101T000000"));
    assert_eq!(r.mta_sts.policy, PolicyState::NotFetched);
    let f = finding(&r, Code::CheckMtaStsNotFetched);
    assert!(f.message(Lang::En).contains("not fetched: offline"));
    assert!(f.message(Lang::Ja).contains("オフライン"));
}

#[test]
fn mta_sts_record_errors() {
    let r = check("_mta-sts 300 IN TXT \"v=STSv1; id=not-alnum!\"\n");
    assert_eq!(
        finding(&r, Code::CheckMtaStsInvalid).params["problem"],
        "bad-id"
    );
    let r = check("_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n_mta-sts 300 IN TXT \"v=STSv1; id=2\"\n");
    let f = finding(&r, Code::CheckMtaStsInvalid);
    assert_eq!(
        (f.params["problem"].as_str(), f.params["count"].as_str()),
        ("several", "2")
    );
    // Records not starting with v=STSv1 are discarded (RFC 8461 §3.1).
    let r = check("_mta-sts 300 IN TXT \"something else\"\n");
    assert!(codes(&r).contains(&Code::CheckMtaStsMissing));
}

#[derive(Debug)]
struct Serve(Result<&'static str, FetchError>);

#[async_trait]
impl PolicyFetcher for Serve {
    async fn fetch(&self, url: &str) -> Result<String, FetchError> {
        assert_eq!(url, "https://mta-sts.example.jp/.well-known/mta-sts.txt");
        self.0.clone().map(str::to_string)
    }
}

fn with_fetcher(fetcher: Serve) -> DomainReport {
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "{BASE}_mta-sts 300 IN TXT \"v=STSv1; id=1\"\n@ 300 IN MX 20 backup.other.example.\n"
        ),
        None,
    )
    .unwrap();
    let options = CheckOptions {
        policy_fetcher: Some(Arc::new(fetcher)),
        ..options()
    };
    run(&zone, "example.jp", &options)
}

#[test]
fn mta_sts_policy_fetched_and_mx_coverage() {
    let r = with_fetcher(Serve(Ok(
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.jp\r\nmax_age: 604800\r\n",
    )));
    assert!(matches!(&r.mta_sts.policy, PolicyState::Valid(p) if p.mode == "enforce"));
    assert_eq!(
        finding(&r, Code::CheckMtaStsPolicy).params["value"],
        "604800"
    );
    // backup.other.example is not covered by mail.example.jp.
    let f = finding(&r, Code::CheckMtaStsMxNotCovered);
    assert_eq!(f.params["name"], "backup.other.example");
    assert!(f.message(Lang::En).contains("will not deliver"));
}

#[test]
fn mta_sts_policy_fetch_failure_and_invalid_policy() {
    let r = with_fetcher(Serve(Err(FetchError::Status { status: 404 })));
    assert!(finding(&r, Code::CheckMtaStsFetchFailed).params["error"].contains("404"));
    let r = with_fetcher(Serve(Ok("version: STSv1\nmode: enforce\nmax_age: 1\n")));
    assert_eq!(
        finding(&r, Code::CheckMtaStsPolicyInvalid).params["problem"],
        "no-mx"
    );
}

#[test]
fn tls_rpt_valid_and_invalid() {
    let r = check("_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=mailto:tls@example.jp\"\n");
    assert_eq!(r.tls_rpt.state, RecordState::Valid);
    assert!(
        !codes(&r)
            .iter()
            .any(|c| c.id().starts_with("check-tls-rpt"))
    );
    let r = check("_smtp._tls 300 IN TXT \"v=TLSRPTv1; rua=http://example.jp/r\"\n");
    assert_eq!(r.tls_rpt.state, RecordState::Invalid);
    assert_eq!(
        finding(&r, Code::CheckTlsRptInvalid).params["problem"],
        "bad-uri"
    );
}

#[test]
fn bimi_syntax_and_dmarc_enforcement() {
    let r = check("default._bimi 300 IN TXT \"v=BIMI1; l=https://example.jp/logo.svg\"\n");
    assert_eq!(r.bimi.state, RecordState::Valid);
    // p=reject: receivers may show the logo.
    assert!(!codes(&r).iter().any(|c| c.id().starts_with("check-bimi")));
    let r = check("default._bimi 300 IN TXT \"v=BIMI1; l=https://example.jp/logo.png\"\n");
    assert_eq!(
        finding(&r, Code::CheckBimiInvalid).params["problem"],
        "not-svg"
    );
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "{}default._bimi 300 IN TXT \"v=BIMI1; l=https://example.jp/logo.svg\"\n",
            BASE.replace("p=reject", "p=none")
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    assert_eq!(
        finding(&r, Code::CheckBimiDmarcWeak).params["policy"],
        "p=none"
    );
}

#[test]
fn dkim_key_sizes_testing_and_revoked() {
    let zone = ZoneResolver::from_zone_text(
        &format!("{BASE}k1._domainkey 300 IN TXT \"v=DKIM1; t=y; p={RSA_1024}\"\nk2._domainkey 300 IN TXT \"v=DKIM1; p=\"\n"),
        None,
    )
    .unwrap();
    let options = CheckOptions {
        selectors: vec!["s1".into(), "k1".into(), "k2".into()],
        ..CheckOptions::default()
    };
    let r = run(&zone, "example.jp", &options);
    assert_eq!(finding(&r, Code::DkimKeyWeak).params["bits"], "1024");
    assert_eq!(
        finding(&r, Code::DkimTesting).params["name"],
        "k1._domainkey.example.jp"
    );
    assert_eq!(
        finding(&r, Code::DkimRevoked).params["name"],
        "k2._domainkey.example.jp"
    );
    // One finding per cause: the revoked key is not also "too short".
    assert!(!codes(&r).contains(&Code::DkimKeyTooShort));
    assert_eq!(
        finding(&r, Code::CheckDkimKey).params["algorithm"],
        "ed25519"
    );
}

/// A key whose record keeps it from mail (`s=` without email, `h=`
/// without sha256: RFC 6376 §3.6.1) is an error with the fix for its tag,
/// and does not count as the domain's DKIM key.
#[test]
fn a_key_restricted_by_s_or_h_is_unusable() {
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "{BASE}k3._domainkey 300 IN TXT \"v=DKIM1; s=other; p={RSA_1024}\"\n\
             k4._domainkey 300 IN TXT \"v=DKIM1; h=sha1; p={RSA_1024}\"\n\
             k5._domainkey 300 IN TXT \"v=DKIM1; s=email:*; h=sha1:sha256; p={RSA_1024}\"\n"
        ),
        None,
    )
    .unwrap();
    let only = |selectors: &[&str]| CheckOptions {
        selectors: selectors.iter().map(|s| s.to_string()).collect(),
        ..CheckOptions::default()
    };
    let r = run(&zone, "example.jp", &only(&["k3", "k4"]));
    let invalid: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::DkimKeyInvalid)
        .collect();
    assert_eq!(invalid.len(), 2, "{:?}", codes(&r));
    for (f, selector, cause, fix) in [
        (invalid[0], "k3", "service", "Remove s="),
        (invalid[1], "k4", "hash", "Remove h="),
    ] {
        assert_eq!(f.params["selector"], selector);
        assert_eq!(f.params["cause"], cause);
        assert_eq!(f.severity, Severity::Error);
        assert!(f.fix(Lang::En).unwrap().starts_with(fix));
        assert!(f.fix(Lang::Ja).unwrap().contains(&fix[7..]), "{selector}");
    }
    // One finding per key: not also "weak".
    assert!(!codes(&r).contains(&Code::DkimKeyWeak));
    assert!(!r.has_usable_dkim_key());
    assert!(r.dkim_keys.iter().all(|k| k.restricted));
    // Listing email and sha256 among others is fine.
    let r = run(&zone, "example.jp", &only(&["k5"]));
    assert!(
        !codes(&r).contains(&Code::DkimKeyInvalid),
        "{:?}",
        codes(&r)
    );
    assert!(r.has_usable_dkim_key());
}

/// Void lookups that are all includes without a record are those broken
/// includes again: said once each, not also as "too many void lookups";
/// a void `a:` among them keeps the count's finding.
#[test]
fn void_lookups_of_broken_includes_are_not_said_twice() {
    let spf = |terms: &str| {
        let base = BASE.replace(
            "\"v=spf1 ip4:192.0.2.25 -all\"",
            &format!("\"v=spf1 {terms} ip4:192.0.2.25 -all\""),
        );
        let zone = ZoneResolver::from_zone_text(&base, None).unwrap();
        codes(&run(&zone, "example.jp", &options()))
    };
    let c = spf("include:a.nx.example include:b.nx.example include:c.nx.example");
    assert_eq!(
        c.iter()
            .filter(|&&c| c == Code::SpfLintBrokenInclude)
            .count(),
        3,
        "{c:?}"
    );
    assert!(!c.contains(&Code::SpfLintVoidLookups), "{c:?}");
    let c = spf("include:a.nx.example include:b.nx.example a:c.nx.example");
    assert!(c.contains(&Code::SpfLintVoidLookups), "{c:?}");
}

/// A subdomain without keys of its own that signs with its organizational
/// domain's key aligns under relaxed DKIM alignment (RFC 9989 §4.4.1): no
/// "no key" and no key to make; with adkim=s it needs its own.
#[test]
fn a_subdomain_may_use_its_parents_key_under_relaxed_alignment() {
    let sub = "news 300 IN TXT \"v=spf1 ip4:192.0.2.25 -all\"\nnews 300 IN MX 10 mail\n";
    let zone = ZoneResolver::from_zone_text(&format!("{BASE}{sub}"), None).unwrap();
    let r = run(&zone, "news.example.jp", &options());
    let c = codes(&r);
    assert!(!c.contains(&Code::CheckDkimNoKey), "{c:?}");
    let f = finding(&r, Code::CheckDkimParentKey);
    assert_eq!(f.params["org"], "example.jp");
    assert_eq!(f.params["selector"], "s1");
    assert!(r.dkim_keys.is_empty());
    assert!(r.has_usable_dkim_key());
    assert!(
        !records::suggest(&r, &[])
            .iter()
            .any(|s| matches!(s, records::Suggestion::DkimKeygen { .. }))
    );

    let strict = format!("{sub}_dmarc.news 300 IN TXT \"v=DMARC1; p=reject; adkim=s\"\n");
    let zone = ZoneResolver::from_zone_text(&format!("{BASE}{strict}"), None).unwrap();
    let r = run(&zone, "news.example.jp", &options());
    let c = codes(&r);
    assert!(c.contains(&Code::CheckDkimNoKey), "{c:?}");
    assert!(!c.contains(&Code::CheckDkimParentKey), "{c:?}");
    assert!(!r.has_usable_dkim_key());
    // The apex itself asks no parent.
    let r = run(&zone, "example.jp", &options());
    assert!(r.parent_dkim_key.is_none());
}

#[test]
fn a_timeout_is_reported_as_such_never_as_no_record() {
    let mut zone = ZoneResolver::from_zone_text(BASE, None).unwrap();
    zone.set_fault("s1._domainkey.example.jp", Fault::Timeout);
    zone.set_fault("_smtp._tls.example.jp", Fault::Timeout);
    let r = run(&zone, "example.jp", &options());
    assert!(r.partial);
    let c = codes(&r);
    // The key's lookup timed out: not "no DKIM key".
    assert!(!c.contains(&Code::CheckDkimNoKey), "{c:?}");
    assert!(!c.contains(&Code::CheckTlsRptMissing), "{c:?}");
    assert_eq!(r.tls_rpt.state, RecordState::Unknown);
    let timed_out: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::CheckDnsTimeout)
        .map(|f| (f.params["name"].as_str(), f.params["rtype"].as_str()))
        .collect();
    assert!(timed_out.contains(&("s1._domainkey.example.jp", "TXT")));
    assert!(timed_out.contains(&("_smtp._tls.example.jp", "TXT")));
}

#[test]
fn a_servfail_of_the_address_lookups_is_not_no_address() {
    let mut zone = ZoneResolver::from_zone_text(
        "$ORIGIN example.jp.\n@ TXT \"v=spf1 -all\"\n_dmarc TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    // SERVFAIL on the domain itself: SPF says temperror, and A/MX are unknown.
    zone.set_fault("example.jp", Fault::ServFail);
    let r = run(&zone, "example.jp", &options());
    assert!(r.partial);
    assert!(!codes(&r).contains(&Code::CheckNoAddress));
    let failures: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::CheckDnsFailure)
        .map(|f| f.params["rtype"].as_str())
        .collect();
    assert!(
        failures.contains(&"MX") && failures.contains(&"A"),
        "{failures:?}"
    );
    // The TXT failure is SPF's temperror already: not said twice.
    assert!(!failures.contains(&"TXT"));
    assert!(
        codes(&r).contains(&Code::SpfLintDnsFailure),
        "{:?}",
        r.findings
    );
}

#[test]
fn invalid_names_are_typed_errors() {
    let zone = ZoneResolver::new();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for bad in [
        "192.0.2.1",
        "xn--a.example",
        &format!("{}.jp", "a".repeat(64)),
    ] {
        let err = rt
            .block_on(check_domain(
                &zone,
                bad,
                &CheckOptions::default(),
                &crate::dmarc::PublicSuffixList::builtin(),
            ))
            .unwrap_err();
        assert!(
            matches!(err, DnsError::InvalidName { .. }),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn spf_lookups_over_name_the_costliest_branch() {
    let zone = ZoneResolver::from_zone_text(
        concat!(
            "$ORIGIN example.jp.\n",
            "@ TXT \"v=spf1 include:big.example.jp include:small.example.jp -all\"\n",
            "big TXT \"v=spf1 a:a1.example.jp a:a2.example.jp a:a3.example.jp a:a4.example.jp a:a5.example.jp a:a6.example.jp a:a7.example.jp -all\"\n",
            "small TXT \"v=spf1 a:a1.example.jp a:a2.example.jp -all\"\n",
            "a1 A 192.0.2.1\na2 A 192.0.2.2\na3 A 192.0.2.3\na4 A 192.0.2.4\na5 A 192.0.2.5\na6 A 192.0.2.6\na7 A 192.0.2.7\n",
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    // 2 includes + 7 + 2 a terms = 11 > 10 (RFC 7208 §4.6.4).
    let f = finding(&r, Code::SpfLintLookupsOver);
    assert_eq!(f.params["count"], "11");
    assert_eq!(f.params["branch"], "include:big.example.jp");
    assert_eq!(f.params["branch_count"], "8");
    assert!(f.message(Lang::En).contains("include:big.example.jp"));
}

/// A zone that answers after a pause, counting the questions in flight.
struct Slow {
    zone: ZoneResolver,
    in_flight: std::sync::atomic::AtomicUsize,
    most: std::sync::atomic::AtomicUsize,
}

impl Slow {
    async fn pause(&self) -> impl Drop + '_ {
        use std::sync::atomic::Ordering::SeqCst;
        let now = self.in_flight.fetch_add(1, SeqCst) + 1;
        self.most.fetch_max(now, SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Leave(&self.in_flight)
    }
}

struct Leave<'a>(&'a std::sync::atomic::AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[async_trait]
impl Resolver for Slow {
    async fn txt(&self, name: &str) -> crate::dns::Answer<crate::dns::Txt> {
        let _g = self.pause().await;
        self.zone.txt(name).await
    }
    async fn a(&self, name: &str) -> crate::dns::Answer<std::net::Ipv4Addr> {
        let _g = self.pause().await;
        self.zone.a(name).await
    }
    async fn aaaa(&self, name: &str) -> crate::dns::Answer<std::net::Ipv6Addr> {
        let _g = self.pause().await;
        self.zone.aaaa(name).await
    }
    async fn mx(&self, name: &str) -> crate::dns::Answer<Mx> {
        let _g = self.pause().await;
        self.zone.mx(name).await
    }
    async fn ptr(&self, ip: IpAddr) -> crate::dns::Answer<String> {
        let _g = self.pause().await;
        self.zone.ptr(ip).await
    }
}

#[test]
fn independent_lookups_run_at_once_within_a_bound() {
    let slow = Arc::new(Slow {
        zone: ZoneResolver::from_zone_text(BASE, None).unwrap(),
        in_flight: Default::default(),
        most: Default::default(),
    });
    let options = CheckOptions {
        ip: Some("192.0.2.25".parse().unwrap()),
        ..CheckOptions::default()
    };
    let report = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(check_domain(
            Arc::clone(&slow),
            "example.jp",
            &options,
            &crate::dmarc::PublicSuffixList::builtin(),
        ))
        .unwrap();
    assert!(!report.partial);
    let most = slow.most.load(std::sync::atomic::Ordering::SeqCst);
    // The common selectors alone keep SELECTORS_IN_FLIGHT lookups going
    // beside SPF, DMARC, A, AAAA, MX, PTR, MTA-STS, TLS-RPT and BIMI.
    assert!(most > SELECTORS_IN_FLIGHT, "{most}");
    assert!(most <= SELECTORS_IN_FLIGHT + 9, "{most}");
}

#[test]
fn external_report_destinations_need_their_authorisation_record() {
    // RFC 9989's external destinations: reports to reports.example need
    // example.jp._report._dmarc.reports.example to say v=DMARC1.
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "{}$ORIGIN reports.example.\n@ 300 IN MX 10 mx.reports.example.\n",
            BASE.replace("mailto:dmarc@example.jp", "mailto:d@reports.example")
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    let f = finding(&r, Code::DmarcLintExternalUnauthorized);
    assert_eq!(
        f.params["name"],
        "example.jp._report._dmarc.reports.example"
    );
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "{}$ORIGIN reports.example.\nexample.jp._report._dmarc 300 IN TXT \"v=DMARC1\"\n",
            BASE.replace("mailto:dmarc@example.jp", "mailto:d@reports.example")
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    assert!(!codes(&r).contains(&Code::DmarcLintExternalUnauthorized));
}

#[test]
fn spf_all_ptr_and_loops_are_said_once_each() {
    let zone = ZoneResolver::from_zone_text(
        concat!(
            "$ORIGIN example.jp.\n",
            "@ TXT \"v=spf1 ptr include:a.example.jp +all\"\n",
            "a TXT \"v=spf1 include:b.example.jp ?all\"\n",
            "b TXT \"v=spf1 include:a.example.jp -all\"\n",
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    let c = codes(&r);
    for code in [Code::SpfLintPlusAll, Code::SpfLintPtr, Code::SpfIncludeLoop] {
        assert_eq!(c.iter().filter(|&&x| x == code).count(), 1, "{code}: {c:?}");
    }
    // The included record's ?all only makes its include not match (RFC
    // 7208 §5.2): nothing to say of it.
    assert!(!c.contains(&Code::SpfLintNeutralAll), "{c:?}");
}

/// `?all` and `~all` are said of the records whose `all` gives the result
/// (the root, a redirect target), not of included ones; an included
/// `+all` is, as it makes the include match every address.
#[test]
fn all_is_said_of_the_records_it_decides() {
    let zone = ZoneResolver::from_zone_text(
        concat!(
            "$ORIGIN example.jp.\n",
            "@ TXT \"v=spf1 include:a.example.jp include:p.example.jp redirect=r.example.jp\"\n",
            "a TXT \"v=spf1 ip4:192.0.2.1 ~all\"\n",
            "p TXT \"v=spf1 ip4:192.0.2.2 +all\"\n",
            "r TXT \"v=spf1 ip4:192.0.2.3 ?all\"\n",
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "example.jp", &options());
    let of = |code: Code| -> Vec<&str> {
        r.findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.params["domain"].as_str())
            .collect()
    };
    assert_eq!(of(Code::SpfLintSoftFailAll), Vec::<&str>::new());
    assert_eq!(of(Code::SpfLintPlusAll), ["p.example.jp"]);
    assert_eq!(of(Code::SpfLintNeutralAll), ["r.example.jp"]);
}

#[test]
fn a_failed_forward_lookup_of_the_ptr_name_is_not_a_mismatch() {
    let mut zone = ZoneResolver::from_zone_text(
        &format!("{BASE}$ORIGIN 2.0.192.in-addr.arpa.\n25 300 IN PTR mail.example.jp.\n"),
        None,
    )
    .unwrap();
    let options = CheckOptions {
        ip: Some("192.0.2.25".parse().unwrap()),
        ..options()
    };
    // Resolves back: no finding.
    let r = run(&zone, "example.jp", &options);
    assert_eq!(r.fcrdns, Some(true));
    zone.set_fault("mail.example.jp", Fault::Timeout);
    let r = run(&zone, "example.jp", &options);
    assert!(r.partial);
    let c = codes(&r);
    assert!(!c.contains(&Code::CheckFcrdnsMismatch), "{c:?}");
    assert!(c.contains(&Code::CheckDnsTimeout), "{c:?}");
}

/// A key that does not read as its `k=` says verifies nothing: an error
/// naming the record, never "key published, 0 bits" (which let a domain
/// whose only key is broken pass).
#[test]
fn an_unreadable_key_is_an_error() {
    for record in [
        "v=DKIM1; k=ed25519; p=AAAA",
        // An RSA key published under k=ed25519.
        &format!("v=DKIM1; k=ed25519; p={RSA_1024}"),
        "v=DKIM1; k=rsa; p=bm90IGEga2V5IGF0IGFsbA==",
    ] {
        let zone = ZoneResolver::from_zone_text(
            &format!("{BASE}bad._domainkey 300 IN TXT \"{record}\"\n"),
            None,
        )
        .unwrap();
        let mut o = options();
        o.selectors = vec!["bad".into()];
        let r = run(&zone, "example.jp", &o);
        let f = finding(&r, Code::DkimKeyInvalid);
        assert_eq!(f.severity, Severity::Error, "{record}");
        assert_eq!(f.params["selector"], "bad");
        assert!(!codes(&r).contains(&Code::CheckDkimKey), "{record}");
        assert!(r.has_errors());
    }
}

/// A domain whose SPF record authorises no host (`v=spf1 -all`) sends no
/// mail: no DKIM key is asked of it.
#[test]
fn a_domain_that_sends_nothing_needs_no_dkim_key() {
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN parked.jp.\n@ TXT \"v=spf1 -all\"\n@ MX 0 .\n_dmarc TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    let r = run(&zone, "parked.jp", &options());
    assert!(r.declares_no_mail());
    assert!(
        !codes(&r).contains(&Code::CheckDkimNoKey),
        "{:?}",
        codes(&r)
    );
    // One mechanism more and it sends: the key is asked for again.
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN shop.jp.\n@ TXT \"v=spf1 a -all\"\n@ A 192.0.2.1\n_dmarc TXT \"v=DMARC1; p=reject\"\n",
        None,
    )
    .unwrap();
    let r = run(&zone, "shop.jp", &options());
    assert!(codes(&r).contains(&Code::CheckDkimNoKey));
}

/// A DMARC record naming many external report destinations gets their
/// authorisation looked up for the first few only, and one finding for
/// the rest: a record cannot aim thousands of queries at others' servers.
#[test]
fn external_report_destinations_are_looked_up_within_a_bound() {
    use crate::dmarc::MAX_EXTERNAL_DESTINATIONS;
    let rua: Vec<String> = (0..40)
        .map(|i| format!("mailto:r@ext{i}.example"))
        .collect();
    let zone = ZoneResolver::from_zone_text(
        &format!(
            "$ORIGIN many.jp.\n@ TXT \"v=spf1 -all\"\n_dmarc TXT \"v=DMARC1; p=reject; rua={}\"\n",
            rua.join(",")
        ),
        None,
    )
    .unwrap();
    let r = run(&zone, "many.jp", &options());
    let looked_up = r
        .findings
        .iter()
        .filter(|f| f.code == Code::DmarcLintExternalUnauthorized)
        .count();
    assert_eq!(looked_up, MAX_EXTERNAL_DESTINATIONS);
    let f = finding(&r, Code::DmarcLintTooManyDestinations);
    assert_eq!(f.params["count"], "40");
}

/// A selector whose lookup fails may hold the key: the profile says DKIM
/// was not checked and no record suggests making a key; a failed DMARC
/// lookup is not read as "no record" either.
#[test]
fn failed_lookups_are_not_checked_not_missing() {
    use crate::check::profile::{Status, checklist};
    use crate::check::records::{Suggestion, suggest};
    use crate::profile::{Profile, Requirement};
    let mut zone = ZoneResolver::from_zone_text(BASE, None).unwrap();
    zone.set_fault("s1._domainkey.example.jp", Fault::ServFail);
    zone.set_fault("_dmarc.example.jp", Fault::ServFail);
    let r = run(&zone, "example.jp", &options());
    assert!(r.partial);
    assert!(r.dkim_lookup_failed());
    assert!(r.dmarc_lookup_failed());
    let c = checklist(&r, Profile::GmailBulk, &[]);
    let status = |req: Requirement| {
        c.items
            .iter()
            .find(|i| i.requirement == req)
            .map(|i| i.status)
    };
    assert_eq!(status(Requirement::Dkim), Some(Status::NotChecked));
    assert_eq!(status(Requirement::DmarcRecord), Some(Status::NotChecked));
    let suggestions = suggest(&r, &[]);
    assert!(
        !suggestions
            .iter()
            .any(|s| matches!(s, Suggestion::DkimKeygen { .. } | Suggestion::Dmarc { .. })),
        "{suggestions:?}"
    );
}

/// A record meant as DMARC but not read as one gets the same policy
/// written so that it is — never the weaker starting record, which would
/// turn `reject` into `none` — and once published, it is read with its
/// policy.
#[test]
fn a_near_miss_dmarc_record_is_corrected_not_replaced() {
    use crate::check::records::{Suggestion, suggest};
    let base = BASE.replace(
        "_dmarc            300 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.jp\"\n",
        "",
    );
    for (published, corrected) in [
        (
            "V=DMARC1; P=REJECT; rua=mailto:d@example.jp",
            "v=DMARC1; p=reject; rua=mailto:d@example.jp",
        ),
        ("v=DMARC1, p=quarantine", "v=DMARC1; p=quarantine"),
    ] {
        let zone = ZoneResolver::from_zone_text(
            &format!("{base}_dmarc 300 IN TXT \"{published}\"\n"),
            None,
        )
        .unwrap();
        let r = run(&zone, "example.jp", &options());
        let record = suggest(&r, &[])
            .into_iter()
            .find_map(|s| match s {
                Suggestion::Dmarc { record } => Some(record),
                _ => None,
            })
            .expect("a DMARC suggestion");
        assert_eq!(record.value, corrected);
        assert_eq!(record.replaces.as_deref(), Some(published));
        let zone = ZoneResolver::from_zone_text(
            &format!("{base}_dmarc 300 IN TXT \"{}\"\n", record.value),
            None,
        )
        .unwrap();
        let after = run(&zone, "example.jp", &options());
        let policy = after.dmarc.record.as_ref().map(|r| r.p.clone());
        let want = if corrected.contains("reject") {
            "reject"
        } else {
            "quarantine"
        };
        assert!(
            matches!(&policy, Some(crate::dmarc::Value::Valid(p)) if p.as_str() == want),
            "{policy:?}"
        );
    }
}

/// The DMARC record in effect for a subdomain without one of its own is
/// its organizational domain's (RFC 9989 §4.10): its adkim=s makes
/// d=<organizational domain> unaligned (§4.4.1), so the parent's key does
/// not serve the subdomain.
#[test]
fn an_inherited_adkim_s_keeps_the_parents_key_from_serving_a_subdomain() {
    let sub = "news 300 IN TXT \"v=spf1 ip4:192.0.2.25 -all\"\nnews 300 IN MX 10 mail\n";
    let base = BASE.replace("p=reject;", "p=reject; adkim=s;");
    let zone = ZoneResolver::from_zone_text(&format!("{base}{sub}"), None).unwrap();
    let r = run(&zone, "news.example.jp", &options());
    let c = codes(&r);
    assert!(c.contains(&Code::DmarcInherited), "{c:?}");
    assert!(!c.contains(&Code::CheckDkimParentKey), "{c:?}");
    assert!(c.contains(&Code::CheckDkimNoKey), "{c:?}");
    assert!(!r.has_usable_dkim_key());
}

/// A failed lookup of the organizational domain's selectors says nothing
/// of its keys: no "no key" claim, and the report is partial.
#[test]
fn a_failed_parent_key_lookup_is_no_claim_of_no_key() {
    let sub = "news 300 IN TXT \"v=spf1 ip4:192.0.2.25 -all\"\nnews 300 IN MX 10 mail\n";
    let mut zone = ZoneResolver::from_zone_text(&format!("{BASE}{sub}"), None).unwrap();
    zone.set_fault("s1._domainkey.example.jp", Fault::Timeout);
    let r = run(&zone, "news.example.jp", &options());
    let c = codes(&r);
    assert!(!c.contains(&Code::CheckDkimNoKey), "{c:?}");
    assert!(r.partial, "{c:?}");
    assert!(c.contains(&Code::CheckDnsTimeout), "{c:?}");
}

/// A DMARC lookup that failed says nothing of adkim: the parent's key is
/// not claimed to align.
#[test]
fn a_failed_dmarc_lookup_claims_no_alignment_for_the_parents_key() {
    let sub = "news 300 IN TXT \"v=spf1 ip4:192.0.2.25 -all\"\nnews 300 IN MX 10 mail\n";
    let mut zone = ZoneResolver::from_zone_text(&format!("{BASE}{sub}"), None).unwrap();
    zone.set_fault("_dmarc.news.example.jp", Fault::ServFail);
    let r = run(&zone, "news.example.jp", &options());
    let c = codes(&r);
    assert!(!c.contains(&Code::CheckDkimParentKey), "{c:?}");
}
