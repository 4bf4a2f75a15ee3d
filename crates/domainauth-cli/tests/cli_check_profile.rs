//! `domainauth check --profile` and `--records` end to end: the S1 domain
//! under docomo's rules and the S3 domain under Gmail's (SCENARIOS S1,
//! S3), in Japanese and English, their exit status, and the records
//! printed, pasted into the zone and checked again.

mod common;

use common::{root, run, stderr, stdout};

fn example(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

/// The lines of a checklist that start with `mark` (✓ ✗ ? –).
fn marked<'a>(out: &'a str, mark: &str) -> Vec<&'a str> {
    out.lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_prefix(mark))
        .map(str::trim)
        .collect()
}

/// S1 under docomo, in Japanese: DMARC and DKIM are what is missing;
/// the From domain's SPF covers 203.0.113.25 and it has A and MX records.
/// The records to add follow, and the exit status is 1.
#[test]
fn s1_docomo_in_japanese_lists_exactly_what_is_missing() {
    let zone = example("s1/example.co.jp.zone");
    let o = run(&[
        "--lang",
        "ja",
        "check",
        "example.co.jp",
        "--zone",
        &zone,
        "--profile",
        "docomo",
        "--ip",
        "203.0.113.25",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(
        marked(&out, "✗"),
        [
            "DMARC の pass（From ドメインの DMARC レコード）",
            "From ドメインの DKIM"
        ],
        "{out}"
    );
    assert_eq!(
        marked(&out, "✓"),
        [
            "ヘッダー From ドメインの SPF が送信元 IP アドレスを含む",
            "From ドメインの A レコードまたは MX レコード"
        ],
        "{out}"
    );
    assert!(
        out.contains(
            "プロファイル docomo: DNS で確認できる要件 4 項目のうち 2 項目を満たしていません"
        ),
        "{out}"
    );
    // The consequence docomo names.
    assert!(
        out.contains(
            "「このメールは送信ドメイン認証が行われておりません」と表示するか、メールを届けません"
        ),
        "{out}"
    );
    // The records to add: a DMARC record with rua at the domain, and the
    // command that makes a DKIM key (none is made up).
    assert!(
        out.contains("公開するレコード（ゾーンファイルの行）"),
        "{out}"
    );
    assert!(
        out.contains("\n_dmarc.example.co.jp. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc-reports@example.co.jp\"\n"),
        "{out}"
    );
    assert!(
        out.contains("domainauth dkim keygen --domain example.co.jp --selector default"),
        "{out}"
    );
    assert!(
        !out.contains("example.co.jp. 3600 IN TXT \"v=spf1"),
        "{out}"
    );
    // Every line is Japanese or a value: no English sentence slipped in.
    assert!(!out.contains("Profile") && !out.contains("Fix:"), "{out}");
}

/// S3 under Gmail's rules: SPF of company.example does not list the
/// delivery service's IP, no DKIM key, so no aligned pass is possible;
/// DMARC and reverse DNS are fine. `gmail-bulk` is the same profile.
#[test]
fn s3_gmail_lists_exactly_what_is_missing() {
    let company = example("s3/company.example.zone");
    let service = example("s3/sendservice.example.zone");
    let mut outs = Vec::new();
    for name in ["gmail", "gmail-bulk"] {
        let o = run(&[
            "check",
            "company.example",
            "--zone",
            &company,
            "--zone",
            &service,
            "--profile",
            name,
            "--ip",
            "198.51.100.20",
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        outs.push(stdout(&o));
    }
    assert_eq!(outs[0], outs[1]);
    let out = &outs[0];
    assert_eq!(
        marked(out, "✗"),
        [
            "SPF for the domain, covering the sending IPs",
            "DKIM for the From domain",
            "SPF or DKIM can align with From"
        ],
        "{out}"
    );
    assert_eq!(
        marked(out, "✓"),
        [
            "A DMARC record, p=none at least",
            "Forward-confirmed reverse DNS of the sending IPs"
        ],
        "{out}"
    );
    assert_eq!(marked(out, "–").len(), 3, "{out}");
    assert!(
        out.contains("not checkable here: see verify --profile gmail-bulk on a sent message"),
        "{out}"
    );
    assert!(
        out.contains(
            "\ncompany.example. 3600 IN TXT \"v=spf1 ip4:198.51.100.20 ip4:198.51.100.200 -all\"\n"
        ),
        "{out}"
    );
}

/// `--records` prints zone-file text only; pasted into the zone (the
/// record it replaces taken out) with the key `dkim keygen` makes, the
/// domain then meets every requirement DNS can show, and check exits 0.
#[test]
fn records_pasted_into_the_zone_fix_the_domain() {
    let company = example("s3/company.example.zone");
    let service = example("s3/sendservice.example.zone");
    let args = |zone: &str| {
        vec![
            "check".to_string(),
            "company.example".into(),
            "--zone".into(),
            zone.to_string(),
            "--zone".into(),
            service.clone(),
            "--profile".into(),
            "gmail".into(),
            "--ip".into(),
            "198.51.100.20".into(),
        ]
    };
    let mut first = args(&company);
    first.push("--records".into());
    let o = run(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let records = stdout(&o);
    for line in records.lines() {
        assert!(
            line.is_empty() || line.starts_with("; ") || line.contains(" 3600 IN TXT \""),
            "not a zone line: {line:?}"
        );
    }
    let dir = std::env::temp_dir().join(format!("domainauth-records-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let o = run(&[
        "dkim",
        "keygen",
        "--domain",
        "company.example",
        "--selector",
        "default",
        "--algorithm",
        "ed25519",
        "--out",
        dir.to_str().unwrap(),
        "--force",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let keygen: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let old = std::fs::read_to_string(&company).unwrap();
    let zone: String = old
        .lines()
        .filter(|l| !l.contains("\"v=spf1 ip4:198.51.100.200 -all\""))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + &records
        + "$ORIGIN company.example.\n"
        + keygen["zone_line"].as_str().unwrap()
        + "\n";
    let path = dir.join("company.example.zone");
    std::fs::write(&path, &zone).unwrap();
    let mut again = args(path.to_str().unwrap());
    again.push("--json".into());
    let o = run(&again.iter().map(String::as_str).collect::<Vec<_>>());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let profile = &v["profiles"][0];
    assert_eq!(profile["profile"], "gmail-bulk");
    assert_eq!(profile["missing"], 0, "{zone}\n{profile:#}");
    for r in profile["requirements"].as_array().unwrap() {
        let status = r["status"].as_str().unwrap();
        assert!(status == "met" || status == "not-checkable", "{r:#}");
    }
    assert_eq!(v["records"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(o.status.code(), Some(0), "{v:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A domain without DMARC does not exit 0: the missing record is a
/// warning. The same domain with DMARC at p=reject, a DKIM key and
/// forward-confirmed reverse DNS does, so the status follows the findings.
#[test]
fn a_domain_without_dmarc_exits_1_and_a_complete_one_exits_0() {
    let s1 = example("s1/example.co.jp.zone");
    let o = run(&["check", "example.co.jp", "--zone", &s1, "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let missing = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "dmarc-missing")
        .expect("dmarc-missing");
    assert_eq!(missing["severity"], "warning");

    let dir = std::env::temp_dir().join(format!("domainauth-complete-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("complete.zone");
    std::fs::write(
        &zone,
        std::fs::read_to_string(&s1).unwrap()
            + "$ORIGIN example.co.jp.\n\
               _dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.co.jp\"\n\
               s1._domainkey IN TXT \"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"\n",
    )
    .unwrap();
    let zone = zone.to_str().unwrap();
    let o = run(&[
        "check",
        "example.co.jp",
        "--zone",
        zone,
        "--ip",
        "203.0.113.25",
        "--selector",
        "s1",
        "--profile",
        "docomo",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Under a profile, a requirement not checked (no --ip) is a warning.
    let o = run(&[
        "check",
        "example.co.jp",
        "--zone",
        zone,
        "--selector",
        "s1",
        "--profile",
        "docomo",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(
        marked(&stdout(&o), "?"),
        ["SPF of the header From domain covers the sending IPs (not checked)"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// More sending IPs than are checked, or an unknown profile: invalid
/// arguments (exit 2), said in the language asked for.
#[test]
fn too_many_ips_or_an_unknown_profile_is_a_usage_error() {
    let zone = example("s1/example.co.jp.zone");
    let ips: Vec<String> = (1..=17).map(|i| format!("192.0.2.{i}")).collect();
    let mut args = vec!["--lang", "ja", "check", "example.co.jp", "--zone", &zone];
    for ip in &ips {
        args.extend(["--ip", ip]);
    }
    let o = run(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--ip が 17 回指定されています"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "check",
        "example.co.jp",
        "--zone",
        &zone,
        "--profile",
        "hotmail",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("docomo"), "{}", stderr(&o));
}

/// Through the real resolver against the test kit's authoritative server
/// serving S1: slow answers give the same checklist; a DMARC lookup that
/// times out leaves that requirement "not checked" — never "missing" —
/// and no DMARC record is suggested for a record that may exist.
#[test]
fn a_live_server_slow_or_failing_gives_an_honest_checklist() {
    use domainauth::dns::ZoneResolver;
    use domainauth_testkit::server::{ServerFault, TestDnsServer};
    use std::time::Duration;

    let zone =
        ZoneResolver::from_zone_file(std::path::Path::new(&example("s1/example.co.jp.zone")))
            .unwrap();
    let server = TestDnsServer::start(&zone).unwrap();
    let addr = server.addr().to_string();
    let args = [
        "check",
        "example.co.jp",
        "--resolver",
        &addr,
        "--timeout",
        "1",
        "--profile",
        "docomo",
        "--ip",
        "203.0.113.25",
        "--json",
    ];
    let statuses = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["profiles"][0]["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["requirement"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let kinds = |v: &serde_json::Value| -> Vec<String> {
        v["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["suggestion"]["kind"].as_str().unwrap().to_string())
            .collect()
    };
    for name in ["example.co.jp", "_dmarc.example.co.jp"] {
        server.set_fault(name, ServerFault::Delay(Duration::from_millis(150)));
    }
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let expected = [
        ("from-present", "not-checkable"),
        ("dmarc-pass", "missing"),
        ("dkim", "missing"),
        ("header-from-spf", "met"),
        ("from-address", "met"),
        ("message-id", "not-checkable"),
    ]
    .map(|(r, s)| (r.to_string(), s.to_string()));
    assert_eq!(statuses(&v), expected);
    assert_eq!(kinds(&v), ["dkim-keygen", "dmarc"]);

    server.set_fault("_dmarc.example.co.jp", ServerFault::NoAnswer);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let dmarc = &v["profiles"][0]["requirements"][1];
    assert_eq!(dmarc["requirement"], "dmarc-pass");
    assert_eq!(dmarc["status"], "not-checked", "{dmarc:#}");
    assert_eq!(dmarc["findings"][0]["params"]["reason"], "dns-failure");
    assert_eq!(kinds(&v), ["dkim-keygen"]);
}

/// Each --ip is checked: its SPF result and PTR names are shown, and one
/// the From domain's SPF does not list is a ✗ under docomo, with the
/// record that adds it.
#[test]
fn every_ip_given_is_checked() {
    let zone = example("s1/example.co.jp.zone");
    let o = run(&[
        "check",
        "example.co.jp",
        "--zone",
        &zone,
        "--ip",
        "203.0.113.25",
        "--ip",
        "198.51.100.7",
        "--profile",
        "docomo",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("  SPF 203.0.113.25  pass\n"), "{out}");
    assert!(out.contains("  SPF 198.51.100.7  fail\n"), "{out}");
    assert!(
        marked(&out, "✗").contains(&"SPF of the header From domain covers the sending IPs"),
        "{out}"
    );
    assert!(
        out.contains(
            "\nexample.co.jp. 3600 IN TXT \"v=spf1 ip4:198.51.100.7 ip4:203.0.113.25 -all\"\n"
        ),
        "{out}"
    );
}
