//! `domainauth verify` and `domainauth dmarc` on the scenario fixtures under
//! examples/: the JSON verdict is checked by codes (not prose), the text in
//! English and Japanese by the facts each scenario must state
//! (SCENARIOS.md S1, S2, S3, S5), plus bad input and a run over real DNS.

mod common;

use common::{finding_codes as codes, root, run, stdout as text};
use domainauth::authres::parse_field;
use domainauth::dns::ZoneResolver;
use domainauth_testkit::server::TestDnsServer;
use serde_json::Value;

fn example(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

fn json(args: &[&str]) -> (Value, i32) {
    let mut all = args.to_vec();
    all.push("--json");
    let o = run(&all);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            text(&o),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (v, o.status.code().unwrap_or(-1))
}

/// The finding codes of the first --profile report.
fn profile_codes(v: &Value) -> Vec<String> {
    v["profiles"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn s1() -> Vec<String> {
    let mut args = vec![
        "verify".to_string(),
        example("s1/message.eml"),
        "--zone".to_string(),
        example("s1/example.co.jp.zone"),
    ];
    args.extend(common::S1_ENVELOPE.map(String::from));
    args
}

fn s2() -> Vec<String> {
    [
        "verify",
        &example("s2/message.eml"),
        "--zone",
        &example("s2/esp.example.zone"),
        "--zone",
        &example("s2/shop.example.zone"),
        "--ip",
        "192.0.2.80",
        "--helo",
        "mta1.esp.example",
        "--mail-from",
        "bounce@esp.example",
    ]
    .map(String::from)
    .to_vec()
}

fn s3() -> Vec<String> {
    [
        "verify",
        &example("s3/message.eml"),
        "--zone",
        &example("s3/company.example.zone"),
        "--zone",
        &example("s3/sendservice.example.zone"),
        "--trust-authserv-id",
        "mx.google.com",
    ]
    .map(String::from)
    .to_vec()
}

fn s5() -> Vec<String> {
    [
        "verify",
        &example("s5/message.eml"),
        "--zone",
        &example("s5/example.org.zone"),
        "--zone",
        &example("s5/university.example.zone"),
        "--ip",
        "192.0.2.99",
        "--helo",
        "lists.university.example",
        "--mail-from",
        "alice@example.org",
    ]
    .map(String::from)
    .to_vec()
}

/// `base` with more arguments.
fn with(mut base: Vec<String>, more: &[&str]) -> Vec<String> {
    base.extend(more.iter().map(|s| s.to_string()));
    base
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The A-R field we print says what the verdict says.
fn authres_matches(v: &Value) {
    let field = v["authentication_results"].as_str().unwrap();
    let ar = parse_field(field).unwrap();
    assert!(ar.skipped.is_empty(), "{field}");
    let result = |m: &str| ar.method(m).next().map(|r| r.result.clone());
    assert_eq!(result("dmarc").as_deref(), v["dmarc"]["result"].as_str());
    if let Some(spf) = v["spf"].as_object() {
        assert_eq!(result("spf").as_deref(), spf["result"].as_str());
    }
    let dkim: Vec<String> = ar.method("dkim").map(|r| r.result.clone()).collect();
    let sigs = v["dkim"].as_array().unwrap();
    if sigs.is_empty() {
        assert_eq!(dkim, ["none"]);
    } else {
        let ours: Vec<String> = sigs
            .iter()
            .map(|s| s["result"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(dkim, ours);
    }
}

#[test]
fn s1_docomo_warning_explained() {
    let (v, code) = json(&args(&s1()));
    assert_eq!(code, 1);
    assert_eq!(v["spf"]["result"], "pass");
    assert_eq!(v["dkim"].as_array().unwrap().len(), 0);
    assert_eq!(v["dmarc"]["result"], "none");
    let c = codes(&v);
    // Causes first: SPF passes, there is no DKIM, so no DMARC record decides.
    assert_eq!(c, ["spf-pass", "dkim-none", "dmarc-missing"]);
    authres_matches(&v);

    let en = text(&run(&args(&s1())));
    assert!(en.contains("There is no DMARC record at _dmarc.example.co.jp"));
    assert!(en.contains(
        "receivers such as docomo and Gmail treat mail from example.co.jp as unauthenticated"
    ));
    assert!(en.contains("spf=pass"));
    let ja = text(&run(&args(&with(s1(), &["--lang", "ja"]))));
    assert!(ja.contains("_dmarc.example.co.jp に DMARC レコードがありません"));
    assert!(ja.contains("このメールは送信ドメイン認証が行われておりません"));
    assert!(ja.contains("方式"));

    // docomo profile: DMARC and DKIM missing; header-From SPF and A/MX are fine.
    let (v, _) = json(&args(&with(s1(), &["--profile", "docomo"])));
    let pc = profile_codes(&v);
    assert_eq!(pc, ["profile-dmarc-not-pass", "profile-dkim-not-pass"]);
}

#[test]
fn s2_authenticated_but_not_aligned() {
    let (v, code) = json(&args(&s2()));
    assert_eq!(code, 1);
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(v["dmarc"]["disposition"], "quarantine");
    assert_eq!(v["spf"]["result"], "pass");
    assert_eq!(v["dkim"][0]["result"], "pass");
    let c = codes(&v);
    for expected in [
        "dmarc-fail",
        "dmarc-not-aligned",
        "dmarc-spf-not-aligned",
        "dmarc-dkim-not-aligned",
    ] {
        assert!(c.contains(&expected.to_string()), "{expected} in {c:?}");
    }
    assert!(
        !c.contains(&"dkim-third-party".to_string()),
        "said once, by DMARC"
    );
    authres_matches(&v);

    let en = text(&run(&args(&s2())));
    assert!(en.contains("Authenticated but not aligned"));
    assert!(en.contains("mmmg._domainkey.shop.example"));
    assert!(en.contains("bounce.shop.example"));
    let ja = text(&run(&args(&with(s2(), &["--lang", "ja"]))));
    assert!(ja.contains("認証には成功していますが、アライメントが取れていません"));
    assert!(ja.contains("mmmg._domainkey.shop.example"));

    // Gmail bulk rules: unsubscribe fields are signed, but From is not
    // aligned and 192.0.2.80 has no PTR in the zone.
    let (v, _) = json(&args(&with(s2(), &["--profile", "gmail-bulk"])));
    let pc = profile_codes(&v);
    assert_eq!(pc, ["profile-from-not-aligned", "profile-ptr-missing"]);

    // docomo checks SPF with the header From domain too: shop.example's
    // record ("mx -all") does not list the delivery service's 192.0.2.80.
    let (v, _) = json(&args(&with(s2(), &["--profile", "docomo"])));
    let pc = profile_codes(&v);
    assert_eq!(pc, ["profile-dmarc-not-pass", "profile-header-from-spf"]);
    assert_eq!(v["profiles"][0]["findings"][1]["params"]["result"], "fail");
}

#[test]
fn s3_gmail_original_explained() {
    let owned = s3();
    let a = args(&owned);
    let (v, code) = json(&a);
    assert_eq!(code, 1);
    assert_eq!(v["envelope"]["kind"], "inferred");
    assert_eq!(v["envelope"]["envelope"]["client_ip"], "198.51.100.20");
    assert_eq!(
        v["envelope"]["envelope"]["mail_from"],
        "xxx@mail.sendservice.example"
    );
    assert_eq!(v["spf"]["result"], "pass");
    assert_eq!(v["dmarc"]["result"], "fail");
    let c = codes(&v);
    for expected in [
        "dmarc-fail",
        "dmarc-spf-not-aligned",
        "dmarc-dkim-none",
        "verify-envelope-inferred",
        "authres-seen",
    ] {
        assert!(c.contains(&expected.to_string()), "{expected} in {c:?}");
    }
    // Gmail recorded the same misalignment and DMARC failure this verdict
    // explains: one finding per cause, Gmail's record summarised once.
    for repeated in ["authres-spf-not-aligned", "authres-dmarc-fail"] {
        assert!(!c.contains(&repeated.to_string()), "{repeated} in {c:?}");
    }
    assert_eq!(
        v["existing_authentication_results"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    authres_matches(&v);
    let en = text(&run(&a));
    assert!(
        en.contains(
            "mx.google.com (ARC i=1) recorded: spf=pass smtp.mailfrom=xxx@mail.sendservice.example"
        ),
        "{en}"
    );
    let mut ja = a.to_vec();
    ja.extend(["--lang", "ja"]);
    let ja = text(&run(&ja));
    assert!(
        ja.contains("の記録: spf=pass smtp.mailfrom=xxx@mail.sendservice.example"),
        "{ja}"
    );
    // Without the delivery service's records our SPF cannot pass, so our
    // verdict does not say Gmail's alignment finding: Gmail's stays.
    let company = example("s3/company.example.zone");
    let alone = [
        "verify",
        &example("s3/message.eml"),
        "--zone",
        &company,
        "--trust-authserv-id",
        "mx.google.com",
    ];
    let (v, _) = json(&alone);
    let c = codes(&v);
    assert!(c.contains(&"authres-spf-not-aligned".to_string()), "{c:?}");
    assert!(!c.contains(&"dmarc-spf-not-aligned".to_string()), "{c:?}");
    let en = text(&run(&alone));
    assert!(en.contains("spf=pass smtp.mailfrom=mail.sendservice.example does not align with header.from=company.example"), "{en}");
}

/// S3 pasted from Gmail's "Show original" web page, English and Japanese
/// interface: the summary above the source is skipped and said so (text
/// and JSON, en and ja), and the verdict is the one for the message itself.
#[test]
fn s3_pasted_from_the_gmail_page_gives_the_same_verdict() {
    let (plain, plain_code) = json(&args(&s3()));
    for page in ["s3/show-original-en.txt", "s3/show-original-ja.txt"] {
        let mut pasted_args = s3();
        pasted_args[1] = example(page);
        let a = args(&pasted_args);
        let (v, code) = json(&a);
        assert_eq!(code, plain_code, "{page}");
        for key in [
            "envelope",
            "spf",
            "dkim",
            "dmarc",
            "existing_authentication_results",
            "authentication_results",
        ] {
            assert_eq!(v[key], plain[key], "{page}: {key}");
        }
        let c = codes(&v);
        assert_eq!(c[0], "mail-preamble-skipped", "{page}");
        assert_eq!(&c[1..], &codes(&plain)[..], "{page}");
        assert_eq!(v["findings"][0]["params"]["line"], "12", "{page}");
        let en = text(&run(&a));
        assert!(
            en.contains("The text before line 12 is not part of the message"),
            "{en}"
        );
        let mut ja = a.clone();
        ja.extend(["--lang", "ja"]);
        let ja = text(&run(&ja));
        assert!(
            ja.contains("先頭の 11 行はメールの一部ではない")
                && ja.contains("ヘッダーは 12 行目から"),
            "{ja}"
        );
        // dkim verify reads the same paste and says the same.
        let zone = example("s3/company.example.zone");
        let (d, _) = json(&["dkim", "verify", &example(page), "--zone", &zone]);
        assert_eq!(codes(&d), ["mail-preamble-skipped", "dkim-none"], "{page}");
    }
}

#[test]
fn s5_list_breaks_dkim_and_forwarding_breaks_spf() {
    let owned = s5();
    let a = args(&owned);
    let (v, _) = json(&a);
    assert_eq!(v["spf"]["result"], "fail");
    assert_eq!(v["dkim"][0]["result"], "fail");
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(v["dmarc"]["disposition"], "reject");
    let c = codes(&v);
    // Forwarding is the diagnosis, first; the per-method "did not pass"
    // findings would only repeat it.
    assert_eq!(c[0], "dmarc-forwarded", "{c:?}");
    for absent in ["dmarc-spf-not-pass", "dmarc-dkim-not-pass"] {
        assert!(!c.contains(&absent.to_string()), "{absent} in {c:?}");
    }
    assert!(c.contains(&"dkim-body-hash".to_string()), "{c:?}");
    assert_eq!(c.last().map(String::as_str), Some("dmarc-fail"), "{c:?}");
    authres_matches(&v);
    // No finding, in either language or profile, tells the author to
    // authorise the list server 192.0.2.99.
    for lang in ["en", "ja"] {
        let mut a = with(owned.clone(), &["--lang", lang]);
        a.extend(["--profile", "gmail-bulk", "--profile", "docomo"].map(String::from));
        let out = text(&run(&args(&a)));
        for line in out.lines() {
            assert!(!line.contains("ip4:192.0.2.99"), "{lang}: {line}");
        }
        let fixes: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("Fix:") || l.contains("対処:"))
            .collect();
        assert!(fixes.len() >= 8, "{lang}: {out}");
        for fix in fixes.iter().filter(|l| l.contains("192.0.2.99")) {
            assert!(
                fix.contains("do not add")
                    || fix.contains("not yours")
                    || fix.contains("relayed")
                    || fix.contains("追加しないで")
                    || fix.contains("中継"),
                "{lang}: {fix}"
            );
        }
    }
}

#[test]
fn bad_input() {
    let dir = std::env::temp_dir().join(format!("domainauth-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = example("s2/shop.example.zone");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    // Binary garbage: no header can be read, and that is the verdict
    // (DMARC permerror, the local policy's reject), with the reason; no panic.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (v, code) = json(&["verify", &write("garbage.eml", &garbage), "--zone", &zone]);
    assert_eq!(code, 1);
    assert_eq!(v["dmarc"]["result"], "permerror");
    assert_eq!(v["dmarc"]["disposition"], "reject");
    assert_eq!(codes(&v)[0], "mail-header-unreadable");
    // A 10 MB header block: not read, with the limit named, and the
    // verdict the local policy gives a message whose author is unknown.
    let mut big = b"From: a@shop.example\r\n".to_vec();
    while big.len() < 10 << 20 {
        big.extend_from_slice(
            b"X-Filler: 0123456789012345678901234567890123456789012345678901234567890123456789\r\n",
        );
    }
    big.extend_from_slice(b"\r\nbody\r\n");
    let big = write("big.eml", &big);
    let (v, code) = json(&["verify", &big, "--zone", &zone]);
    assert_eq!(code, 1);
    assert_eq!(v["dmarc"]["disposition"], "reject");
    assert_eq!(codes(&v)[0], "mail-header-unreadable");
    let text = text(&run(&["verify", &big, "--zone", &zone]));
    assert!(
        text.contains("header block is larger than 1048576 bytes"),
        "{text}"
    );
    // No separator: read as all header, said.
    let (v, _) = json(&[
        "verify",
        &write("nosep.eml", b"From: a@shop.example\r\nSubject: x\r\n"),
        "--zone",
        &zone,
    ]);
    assert!(codes(&v).contains(&"mail-no-separator".to_string()));
    // 8-bit header (raw UTF-8 display name): accepted.
    let (v, _) = json(&[
        "verify",
        &write(
            "8bit.eml",
            "From: 店舗 <news@shop.example>\r\n\r\nbody\r\n".as_bytes(),
        ),
        "--zone",
        &zone,
    ]);
    assert_eq!(v["dmarc"]["domains"][0]["from_domain"], "shop.example");
    // LF-only line ends: normalised, said, and the S2 signature still verifies.
    let signed = std::fs::read(example("s2/message.eml")).unwrap();
    let lf: Vec<u8> = String::from_utf8(signed)
        .unwrap()
        .replace("\r\n", "\n")
        .into_bytes();
    let mut a = s2();
    a[1] = write("lf.eml", &lf);
    let (v, _) = json(&args(&a));
    assert!(codes(&v).contains(&"mail-bare-lf".to_string()));
    assert_eq!(v["dkim"][0]["result"], "pass");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_over_real_dns() {
    let mut zone = ZoneResolver::new();
    zone.load_file(std::path::Path::new(&example("s2/esp.example.zone")))
        .unwrap();
    zone.load_file(std::path::Path::new(&example("s2/shop.example.zone")))
        .unwrap();
    let server = TestDnsServer::start(&zone).unwrap();
    let addr = server.addr().to_string();
    let mut a: Vec<String> = s2()
        .into_iter()
        .filter(|s| !s.ends_with(".zone") && s != "--zone")
        .collect();
    a.extend(["--resolver".into(), addr]);
    let (v, _) = json(&args(&a));
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(v["dkim"][0]["result"], "pass");
    assert_eq!(v["spf"]["result"], "pass");
    // TXT for DKIM, SPF and DMARC, at least.
    assert!(server.queries() >= 3, "{} queries", server.queries());
}

#[test]
fn dmarc_commands() {
    let o = run(&[
        "dmarc",
        "lint",
        "v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;",
        "--domain",
        "example.com",
    ]);
    let t = text(&o);
    assert!(t.contains("unknown tag \"ptc\": did you mean pct? Note pct was removed in RFC 9989; to trial a policy use t=y"), "{t}");
    let o = run(&["dmarc", "lint", "p=reject", "--lang", "ja"]);
    assert_eq!(o.status.code(), Some(2));
    let (v, code) = json(&[
        "dmarc",
        "check",
        "shop.example",
        "--zone",
        &example("s2/shop.example.zone"),
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["org_domain"]["tree_walk"], "shop.example");
    assert_eq!(v["org_domain"]["psl"], "shop.example");
    let (v, code) = json(&[
        "dmarc",
        "check",
        "example.co.jp",
        "--zone",
        &example("s1/example.co.jp.zone"),
    ]);
    // No DMARC record is a warning: not a success for a monitoring check.
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["dmarc-missing"]);
    // A record with only a p=none note passes the lint only if nothing is
    // at warning level.
    let (v, code) = json(&["dmarc", "lint", "v=DMARC1; p=none"]);
    let warned = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] != "info");
    assert_eq!(code, i32::from(warned), "{v}");
}

/// The verify commands the README shows run as written (from the repository
/// root) and say what each scenario must say.
#[test]
fn readme_verify_commands() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let joined = readme.replace("\\\n", " ");
    let commands: Vec<Vec<String>> = joined
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("cargo run -q -p domainauth-cli -- verify ")
        })
        .map(|rest| {
            std::iter::once("verify".to_string())
                .chain(rest.split_whitespace().map(String::from))
                .collect()
        })
        .collect();
    assert!(
        commands.len() >= 4,
        "{} verify commands in the README",
        commands.len()
    );
    let mut seen = Vec::new();
    for args in commands {
        let o = common::command()
            .current_dir(&root)
            .args(&args)
            .output()
            .unwrap();
        let out = text(&o);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{args:?}: {out}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let ja = args.iter().any(|a| a == "ja");
        let scenario = args[1].split('/').nth(1).unwrap_or("").to_string();
        let expected: &[&str] = match (scenario.as_str(), ja) {
            ("s1", false) => &[
                "There is no DMARC record at _dmarc.example.co.jp",
                "SPF     pass",
                "dmarc=none",
            ],
            ("s1", true) => &[
                "_dmarc.example.co.jp に DMARC レコードがありません",
                "このメールは送信ドメイン認証が行われておりません",
            ],
            ("s2", false) => &[
                "Authenticated but not aligned",
                "mmmg._domainkey.shop.example",
                "bounce.shop.example",
                "dmarc=fail",
            ],
            ("s3", true) => &[
                "の記録: spf=pass smtp.mailfrom=xxx@mail.sendservice.example",
                "mail.sendservice.example に対して pass しましたが、From ドメイン company.example とはアライメントが取れていません",
                "エンベロープ（",
            ],
            ("s5-arc", true) => &[
                "ARC ホップ i=1: university.example がシールしました",
                "ARC ホップ i=2: lists.example がシールしました",
                "ローカルポリシーにより none（trusted_forwarder）",
                "DMARC の結果は fail のままです。",
                "arc=pass header.oldest-pass=2 smtp.remote-ip=192.0.2.99",
            ],
            other => panic!("README verify command for an unexpected scenario {other:?}"),
        };
        for e in expected {
            assert!(out.contains(e), "{args:?} should say {e:?}:\n{out}");
        }
        seen.push((scenario, ja));
    }
    for s in ["s1", "s2", "s3"] {
        assert!(seen.iter().any(|(x, _)| x == s), "README shows {s}");
    }
}

/// `domainauth check`: what a domain still has to publish (S1), and the
/// pieces it has (the S2 delivery service's key).
#[test]
fn check_command() {
    let (v, code) = json(&[
        "check",
        "example.co.jp",
        "--zone",
        &example("s1/example.co.jp.zone"),
        "--ip",
        "203.0.113.25",
    ]);
    // Missing DMARC and DKIM are warnings: the domain is not done.
    assert_eq!(code, 1, "warnings are not a success");
    let c = codes(&v);
    assert!(
        c.contains(&"dmarc-missing".to_string()) && c.contains(&"check-dkim-no-key".to_string()),
        "{c:?}"
    );
    assert!(c.contains(&"spf-pass".to_string()));
    assert!(
        !c.contains(&"check-ptr-missing".to_string()),
        "the S1 zone has the PTR"
    );
    assert_eq!(v["report"]["fcrdns"], true);
    assert_eq!(v["report"]["has_mx"], true);

    let (v, code) = json(&[
        "check",
        "esp.example",
        "--zone",
        &example("s2/esp.example.zone"),
        "--selector",
        "esp1",
        "--ip",
        "192.0.2.80",
    ]);
    assert_eq!(code, 1, "no A or MX for esp.example is an error");
    assert_eq!(v["report"]["dkim_keys"][0]["bits"], 2048);
    assert_eq!(
        v["report"]["dkim_keys"][0]["name"],
        "esp1._domainkey.esp.example"
    );
    let c = codes(&v);
    for expected in [
        "check-dkim-key",
        "check-ptr-missing",
        "check-no-address",
        "dmarc-missing",
    ] {
        assert!(c.contains(&expected.to_string()), "{expected} in {c:?}");
    }
    let o = run(&["check", "not a domain"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The JSON verdicts' finding codes, in order, as SCENARIOS.md states each
/// scenario: causes first (how the envelope was found, SPF, DKIM), then what
/// they mean for DMARC, the conclusion last; what other receivers recorded
/// after that, unless this verdict already says it.
#[test]
fn golden_codes() {
    let cases: [(Vec<String>, &[&str]); 4] = [
        // S1: SPF pass, DKIM none, DMARC none → no DMARC record.
        (s1(), &["spf-pass", "dkim-none", "dmarc-missing"]),
        // S2: SPF and DKIM pass for the delivery service; authenticated but
        // not aligned (both ways), each method pointing at it; DMARC fails.
        (
            s2(),
            &[
                "spf-pass",
                "dkim-pass",
                "dmarc-not-aligned",
                "dmarc-spf-not-aligned",
                "dmarc-dkim-not-aligned",
                "dmarc-fail",
            ],
        ),
        // S3: re-evaluated (fail, SPF not aligned, no DKIM) from the envelope read
        // out of Gmail's fields (its Received-SPF names no receiver=, so it is
        // not used); Gmail's own results are summarised, and its alignment
        // and DMARC failures are not said a second time. Its
        // ARC-Authentication-Results came without ARC-Seal and
        // ARC-Message-Signature: a broken chain (RFC 8617 §5.2 step 3).
        (
            s3(),
            &[
                "verify-envelope-inferred",
                "verify-trace-ignored",
                "spf-pass",
                "arc-fail",
                "dmarc-not-aligned",
                "dmarc-spf-not-aligned",
                "dmarc-dkim-none",
                "dmarc-fail",
                "authres-seen",
            ],
        ),
        // S5 (without ARC): forwarding diagnosed first; the relay's SPF fail and
        // the list's body change as its parts; no per-method repeat.
        (
            s5(),
            &[
                "dmarc-forwarded",
                "spf-fail",
                "dkim-body-hash",
                "dmarc-fail",
            ],
        ),
    ];
    for (a, expected) in cases {
        let (v, _) = json(&args(&a));
        assert_eq!(codes(&v), expected, "{}", a[1]);
        // Every finding has its text in both languages.
        let (vj, _) = json(&args(&with(a.clone(), &["--lang", "ja"])));
        for (en, ja) in v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .zip(vj["findings"].as_array().unwrap())
        {
            assert_ne!(en["message"], ja["message"], "{}", en["code"]);
            assert!(!ja["message"].as_str().unwrap().is_empty());
        }
    }
}

/// The zones of the hostile-mail cases: good.example publishes p=reject
/// and SPF for 198.51.100.0/24, evil.example p=none and SPF for
/// 203.0.113.0/24. Written into `dir`; returns the `--zone` arguments.
fn good_and_evil_zones(dir: &std::path::Path) -> Vec<String> {
    let zone = |name: &str, address: &str, spf: &str, dmarc: &str| {
        let path = dir.join(format!("{name}.zone"));
        std::fs::write(
            &path,
            format!(
                "$ORIGIN {name}.\n$TTL 300\n@ IN SOA ns1.{name}. hostmaster.{name}. 1 7200 3600 1209600 300\n\
                 @ IN A {address}\n@ IN TXT \"{spf}\"\n_dmarc IN TXT \"{dmarc}\"\n"
            ),
        )
        .unwrap();
        path.display().to_string()
    };
    let good = zone(
        "good.example",
        "198.51.100.1",
        "v=spf1 ip4:198.51.100.0/24 -all",
        "v=DMARC1; p=reject",
    );
    let evil = zone(
        "evil.example",
        "203.0.113.1",
        "v=spf1 ip4:203.0.113.0/24 -all",
        "v=DMARC1; p=none",
    );
    vec!["--zone".into(), good, "--zone".into(), evil]
}

/// The zones of [`good_and_evil_zones`] and the envelope of mail from
/// evil's 203.0.113.5: the arguments after the message path.
fn hostile_setup(dir: &std::path::Path) -> Vec<String> {
    let mut args = good_and_evil_zones(dir);
    args.extend(
        [
            "--ip",
            "203.0.113.5",
            "--helo",
            "mx.evil.example",
            "--mail-from",
            "a@evil.example",
        ]
        .map(String::from),
    );
    args
}

fn hostile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("domainauth-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// RFC 7489 §6.6.1: with several author domains each is checked and the
/// strictest failing policy applies. The field we add, the table and the
/// JSON carry the overall result and the domain that decided it, never the
/// first domain's pass.
#[test]
fn several_author_domains_show_the_deciding_domain() {
    let dir = hostile_dir("authors");
    let msg = dir.join("multi.eml");
    std::fs::write(
        &msg,
        "From: a@evil.example, ceo@good.example\r\nSubject: x\r\n\r\nbody\r\n",
    )
    .unwrap();
    let mut a = vec!["verify".to_string(), msg.display().to_string()];
    a.extend(hostile_setup(&dir));
    let (v, code) = json(&args(&a));
    assert_eq!(code, 1);
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(v["dmarc"]["disposition"], "reject");
    assert_eq!(v["dmarc"]["deciding_domain"], "good.example");
    // The DNS work of the message is in the JSON, within the budget.
    let queries = v["dns_usage"]["queries"].as_u64().expect("dns_usage");
    assert!((1..=400).contains(&queries), "{queries}");
    assert!(v["dns_usage"]["exceeded"].is_null());
    let domains: Vec<(&str, &str)> = v["dmarc"]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["from_domain"].as_str().unwrap(),
                d["result"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        domains,
        [("evil.example", "pass"), ("good.example", "fail")]
    );
    authres_matches(&v);
    let ar = parse_field(v["authentication_results"].as_str().unwrap()).unwrap();
    let dmarc: Vec<_> = ar.method("dmarc").collect();
    assert_eq!(dmarc.len(), 1);
    assert_eq!(dmarc[0].result, "fail");
    assert_eq!(
        dmarc[0].domain("header", "from").as_deref(),
        Some("good.example")
    );
    // The summary of the author domains first; the deciding domain's
    // conclusion is the first DMARC conclusion.
    let c = codes(&v);
    assert_eq!(c[0], "dmarc-from-multiple-domains");
    let first_conclusion = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "dmarc-fail" || f["code"] == "dmarc-pass")
        .unwrap();
    assert_eq!(first_conclusion["code"], "dmarc-fail");
    assert_eq!(first_conclusion["params"]["from"], "good.example");

    let en = text(&run(&args(&a)));
    let row = |out: &str, start: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(start))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| panic!("no {start} row in\n{out}"))
    };
    assert_eq!(
        row(&en, "DMARC"),
        "DMARC fail good.example p=reject (good.example) → reject"
    );
    assert!(en.contains("· author  pass  evil.example"), "{en}");
    assert!(en.contains("· author  fail  good.example"), "{en}");
    assert!(en.contains("dmarc=fail (p=REJECT sp=REJECT dis=REJECT)"));
    assert!(en.contains("header.from=good.example"));
    assert!(!en.contains("dmarc=pass"));
    let ja = text(&run(&args(&with(a.clone(), &["--lang", "ja"]))));
    assert!(ja.contains("· 作成者"), "{ja}");
    assert!(ja.contains("good.example により fail、reject"), "{ja}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A From the RFC 5322 grammar refuses names no author: permerror and the
/// local policy's reject, with the place of the error; and an empty MAIL
/// FROM domain (`a@`) no longer panics.
#[test]
fn an_invalid_from_is_rejected_and_explained() {
    let dir = hostile_dir("invalid-from");
    let msg = dir.join("gt.eml");
    std::fs::write(
        &msg,
        "From: ceo@good.example>\r\nSubject: x\r\n\r\nbody\r\n",
    )
    .unwrap();
    let mut a = vec!["verify".to_string(), msg.display().to_string()];
    a.extend(hostile_setup(&dir));
    let (v, code) = json(&args(&a));
    assert_eq!(code, 1);
    assert_eq!(v["dmarc"]["result"], "permerror");
    assert_eq!(v["dmarc"]["disposition"], "reject");
    assert_eq!(v["dmarc"]["local_policy"], "reject");
    let problem = &v["dmarc"]["author"]["problems"][0];
    assert_eq!(problem["kind"], "invalid");
    assert_eq!(problem["error"]["pos"], 17);
    assert_eq!(problem["error"]["error"]["kind"], "unexpected_char");
    assert_eq!(
        codes(&v)[..2],
        ["dmarc-from-invalid", "dmarc-from-local-policy"]
    );
    authres_matches(&v);
    let en = text(&run(&args(&a)));
    assert!(en.contains("at character 17 (\">\")"), "{en}");
    assert!(en.contains("dmarc=permerror"));
    // The envelope sender "a@" has an empty domain.
    let n = a.iter().position(|x| x == "--mail-from").unwrap();
    for bad in ["a@", "a@.", "@"] {
        let mut b = a.clone();
        b[n + 1] = bad.into();
        let (v, code) = json(&args(&b));
        assert_eq!(code, 1, "{bad}");
        assert_eq!(v["dmarc"]["result"], "permerror", "{bad}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A folder with the zones of [`good_and_evil_zones`], and their arguments.
fn good_and_evil() -> (std::path::PathBuf, Vec<String>) {
    let dir = hostile_dir("trace");
    let zones = good_and_evil_zones(&dir);
    (dir, zones)
}

const FORGED_BODY: &str = "From: ceo@good.example\r\nTo: ap@example.net\r\nSubject: Please pay this invoice today\r\n\r\nbody\r\n";

/// Issue item 5 (a): a Received-SPF for good.example's network below the
/// trusted receiver's hop (first without receiver=, right under the hop;
/// then under the sender's own Received) is never believed: the envelope is
/// the receiver's record, DMARC fails with good.example's p=reject, and the
/// fields not used are listed with why, in English and Japanese.
#[test]
fn forged_received_spf_below_trusted_hop_is_ignored() {
    let (dir, zones) = good_and_evil();
    let message = format!(
        "{}{}{}{}{}",
        "Received-SPF: pass (mx.example.net: domain of a@evil.example designates 203.0.113.5 as permitted sender) receiver=mx.example.net; client-ip=203.0.113.5; envelope-from=a@evil.example; helo=mx.evil.example\r\n",
        "Received: from mx.evil.example (mx.evil.example [203.0.113.5])\r\n\tby mx.example.net (Postfix) with ESMTPS id 4Q9X\r\n\tfor <ap@example.net>; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
        "Received-SPF: pass client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
        "Received: from [10.9.9.9] (unknown [203.0.113.7]) by mx.evil.example; Mon, 2 Mar 2026 09:59:00 +0000\r\nReceived-SPF: pass receiver=mx.example.net; client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
        FORGED_BODY
    );
    let path = dir.join("forged-received-spf.eml");
    std::fs::write(&path, message).unwrap();
    let path = path.display().to_string();
    let mut a = vec!["verify", path.as_str()];
    a.extend(zones.iter().map(String::as_str));
    a.extend(["--trust-authserv-id", "mx.example.net"]);
    let (v, code) = json(&a);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["envelope"]["kind"], "inferred");
    assert_eq!(v["envelope"]["envelope"]["client_ip"], "203.0.113.5");
    assert_eq!(v["envelope"]["envelope"]["mail_from"], "a@evil.example");
    assert_eq!(v["spf"]["result"], "pass");
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(v["dmarc"]["disposition"], "reject");
    let ignored = v["envelope"]["ignored"].as_array().unwrap();
    let reasons: Vec<_> = ignored
        .iter()
        .map(|i| {
            (
                i["position"].as_u64().unwrap(),
                i["reason"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(reasons, [(3, "no_receiver"), (5, "below_trusted_hop")]);
    let c = codes(&v);
    assert_eq!(
        c.iter().filter(|c| *c == "verify-trace-ignored").count(),
        2,
        "{c:?}"
    );
    authres_matches(&v);
    let en = text(&run(&a));
    assert!(
        en.contains("Received-SPF (header field 3) was not used for the envelope"),
        "{en}"
    );
    assert!(en.contains("no receiver="), "{en}");
    let mut ja = a.clone();
    ja.extend(["--lang", "ja"]);
    let ja = text(&run(&ja));
    assert!(ja.contains("上から 5 番目のヘッダーフィールド"), "{ja}");
    assert!(ja.contains("送信者が書き込めた位置"), "{ja}");
    // Trusting a receiver that wrote no Received: nothing is believed.
    let mut other = vec!["verify", path.as_str()];
    other.extend(zones.iter().map(String::as_str));
    other.extend(["--trust-authserv-id", "mx.other.example"]);
    let (v, code) = json(&other);
    assert_eq!(code, 1);
    assert_eq!(v["envelope"]["kind"], "missing");
    assert!(v["spf"].is_null());
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(
        v["envelope"]["ignored"][0]["reason"]["kind"],
        "no_trusted_hop"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue item 5 (b): the HELO literal after `from` is the client's claim;
/// the client is the address in the TCP-info, with or without trusted ids.
#[test]
fn received_helo_literal_is_not_the_client_ip() {
    let (dir, zones) = good_and_evil();
    let message = format!(
        "Return-Path: <ceo@good.example>\r\nReceived: from [198.51.100.25] (unknown [203.0.113.5])\r\n\tby mx.example.net (Postfix) with ESMTP id 4Q9Y; Mon, 2 Mar 2026 10:00:00 +0000\r\n{FORGED_BODY}"
    );
    let path = dir.join("helo-literal.eml");
    std::fs::write(&path, message).unwrap();
    let path = path.display().to_string();
    for trust in [&["--trust-authserv-id", "mx.example.net"][..], &[]] {
        let mut a = vec!["verify", path.as_str()];
        a.extend(zones.iter().map(String::as_str));
        a.extend(trust);
        let (v, code) = json(&a);
        assert_eq!(code, 1, "{v}");
        assert_eq!(v["envelope"]["envelope"]["client_ip"], "203.0.113.5");
        assert_eq!(v["envelope"]["envelope"]["helo"], "[198.51.100.25]");
        assert_eq!(v["spf"]["result"], "fail");
        assert_eq!(v["dmarc"]["result"], "fail");
        assert_eq!(v["dmarc"]["disposition"], "reject");
        let en = text(&run(&a));
        assert!(en.contains("client IP 203.0.113.5"), "{en}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README's "What it prints" block is exactly what the README's own
/// command prints: the sample cannot drift from the tool.
#[test]
fn readme_sample_output_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("## What it prints\n\n```text\n")
        .expect("the section")
        + 27;
    let end = start + readme[start..].find("```\n").unwrap();
    let sample = &readme[start..end];
    let o = common::command()
        .current_dir(&root)
        .args([
            "verify",
            "examples/s1/message.eml",
            "--zone",
            "examples/s1/example.co.jp.zone",
        ])
        .args(common::S1_ENVELOPE)
        .args(["--lang", "ja"])
        .output()
        .unwrap();
    assert_eq!(
        sample,
        String::from_utf8_lossy(&o.stdout),
        "README sample differs"
    );
}

/// A message read from standard input ("-") is called that in the titles,
/// in English and Japanese, not "-"; the JSON keeps the argument as given,
/// and an input that is not a message says "standard input".
#[test]
fn standard_input_is_named_in_words() {
    let root = common::root();
    let message = std::fs::read(root.join("examples/s1/message.eml")).unwrap();
    let zone = root.join("examples/s1/example.co.jp.zone");
    let zone = zone.display().to_string();
    let title = |args: &[&str]| {
        let o = common::run_with_stdin(args, Some(&message));
        common::stdout(&o).lines().next().unwrap_or("").to_string()
    };
    let en = title(&["verify", "-", "--zone", &zone]);
    assert!(
        en.starts_with("Authentication verdict — standard input (DNS:"),
        "{en}"
    );
    let ja = title(&["--lang", "ja", "verify", "-", "--zone", &zone]);
    assert!(
        ja.starts_with("送信ドメイン認証の判定 — 標準入力（DNS:"),
        "{ja}"
    );
    let dkim = title(&["dkim", "verify", "-", "--zone", &zone]);
    assert!(dkim.starts_with("DKIM — standard input (DNS:"), "{dkim}");
    let o = common::run_with_stdin(&["verify", "-", "--zone", &zone, "--json"], Some(&message));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["message"], "-");
    let o = common::run_with_stdin(&["dkim", "verify", "-", "--json"], Some(b"garbage\n"));
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "stdin-not-a-message", "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("standard input: not a message"),
        "{v}"
    );
}
