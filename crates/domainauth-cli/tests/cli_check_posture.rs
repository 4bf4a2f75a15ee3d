//! `domainauth check` shows the rest of a domain's posture (null MX,
//! MTA-STS, TLS-RPT, BIMI, DNSSEC) in text and JSON, in both languages,
//! and refuses names that cannot be domains with exit 2.

mod common;

use common::{finding_codes, run, stderr, stdout};
use serde_json::Value;

const ZONE: &str = r#"$ORIGIN posture.example.
@              300 IN SOA ns hostmaster 1 7200 3600 1209600 300
@              300 IN TXT "v=spf1 ip4:192.0.2.25 -all"
@              300 IN MX 10 mail
mail           300 IN A 192.0.2.25
_dmarc         300 IN TXT "v=DMARC1; p=none; rua=mailto:d@posture.example"
_mta-sts       300 IN TXT "v=STSv1; id=20260101"
_smtp._tls     300 IN TXT "v=TLSRPTv1; rua=ftp://posture.example/r"
default._bimi  300 IN TXT "v=BIMI1; l=https://posture.example/logo.svg"
"#;

fn zone_file(dir: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "domainauth-cli-posture-{}-{dir}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("posture.zone");
    std::fs::write(&path, ZONE).unwrap();
    path.display().to_string()
}

#[test]
fn text_rows_and_findings_for_each_posture_record() {
    let zone = zone_file("text");
    let o = run(&["check", "posture.example", "--zone", &zone]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("v=STSv1; id=20260101 — policy file not fetched: offline"),
        "{out}"
    );
    assert!(out.contains("(cannot be used)"), "{out}");
    assert!(out.contains("DNSSEC"), "{out}");
    assert!(out.contains("Null MX"), "{out}");
    // BIMI under p=none: receivers show no logo.
    assert!(
        out.contains("publishes a BIMI record, but its DMARC policy (p=none)"),
        "{out}"
    );
    let ja = run(&["--lang", "ja", "check", "posture.example", "--zone", &zone]);
    let out = stdout(&ja);
    assert!(
        out.contains("ポリシーファイルは取得していません: オフラインです"),
        "{out}"
    );
    assert!(out.contains("署名なし"), "{out}");
}

#[test]
fn json_carries_the_posture_and_partial() {
    let zone = zone_file("json");
    let o = run(&["check", "posture.example", "--zone", &zone, "--json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let report = &v["report"];
    assert_eq!(report["partial"], false);
    assert_eq!(report["null_mx"], false);
    assert_eq!(report["mta_sts"]["record"]["state"], "valid");
    assert_eq!(report["mta_sts"]["policy"]["state"], "not_fetched");
    assert_eq!(report["tls_rpt"]["state"], "invalid");
    assert_eq!(report["bimi"]["state"], "valid");
    assert_eq!(report["dnssec"], "unsigned");
    let codes = finding_codes(&v);
    for code in [
        "check-mta-sts-not-fetched",
        "check-tls-rpt-invalid",
        "check-bimi-dmarc-weak",
        "check-dnssec",
    ] {
        assert!(
            codes.iter().any(|c| c == code),
            "{code} missing from {codes:?}"
        );
    }
}

#[test]
fn a_name_that_cannot_be_a_domain_is_exit_2_naming_why() {
    let zone = zone_file("names");
    let long_label = format!("{}.example", "a".repeat(64));
    for (name, why) in [
        ("192.0.2.1", "is an IP address"),
        ("2001:db8::1", "is an IP address"),
        ("xn--a.example", "internationalised"),
        (long_label.as_str(), "64 octets"),
    ] {
        let o = run(&["check", name, "--zone", &zone]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(why), "{name}: {}", stderr(&o));
    }
}

/// A selector that is no DNS label is refused before any lookup (exit 2),
/// so no fix quotes it into a shell command.
#[test]
fn a_selector_that_is_no_label_is_exit_2() {
    let zone = zone_file("selectors");
    for selector in ["a b", "", "*", "a..b", "\u{1b}[31m"] {
        let o = run(&[
            "check",
            "example.jp",
            "--zone",
            &zone,
            "--selector",
            selector,
        ]);
        assert_eq!(o.status.code(), Some(2), "{selector:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains('\u{1b}'), "{:?}", stderr(&o));
    }
}

#[test]
fn a_slow_server_makes_a_partial_report_that_names_the_lookup() {
    use domainauth::dns::ZoneResolver;
    use domainauth_testkit::server::{ServerFault, TestDnsServer};
    let zone = ZoneResolver::from_zone_text(ZONE, None).unwrap();
    let server = TestDnsServer::start(&zone).unwrap();
    server.set_fault(
        "_smtp._tls.posture.example",
        ServerFault::Delay(std::time::Duration::from_millis(2500)),
    );
    let addr = server.addr().to_string();
    let o = run(&[
        "check",
        "posture.example",
        "--resolver",
        &addr,
        "--timeout",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Partial report"), "{out}");
    assert!(
        out.contains("The TXT lookup of _smtp._tls.posture.example timed out"),
        "{out}"
    );
    // Never read as a missing record.
    assert!(!out.contains("publishes no TLS-RPT record"), "{out}");
    let o = run(&[
        "check",
        "posture.example",
        "--resolver",
        &addr,
        "--timeout",
        "1",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["report"]["partial"], true);
    assert_eq!(v["report"]["tls_rpt"]["state"], "unknown");
}
