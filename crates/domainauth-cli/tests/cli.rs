//! The `domainauth` command as a user runs it.

mod common;

use common::{finding_codes, root, run, stderr, stdout};
use domainauth::dns::ZoneResolver;
use domainauth_testkit::server::TestDnsServer;

fn s1_zone() -> String {
    root()
        .join("examples/s1/example.co.jp.zone")
        .display()
        .to_string()
}

#[test]
fn s1_pass_says_dmarc_is_missing() {
    let zone = s1_zone();
    let o = run(&[
        "spf",
        "check",
        "--zone",
        &zone,
        "--ip",
        "203.0.113.25",
        "--mail-from",
        "info@example.co.jp",
        "--helo",
        "mail.example.co.jp",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("SPF pass"), "{out}");
    assert!(
        out.contains("There is no DMARC record at _dmarc.example.co.jp"),
        "{out}"
    );
    assert!(out.contains("Received-SPF: pass"), "{out}");
    assert!(out.contains("0/10 lookups, 0/2 void"), "{out}");
}

#[test]
fn s1_fail_in_japanese_gives_the_fix() {
    let zone = s1_zone();
    let o = run(&[
        "spf",
        "check",
        "--zone",
        &zone,
        "--lang",
        "ja",
        "--ip",
        "198.51.100.7",
        "--mail-from",
        "info@example.co.jp",
        "--helo",
        "mail.example.co.jp",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("SPF fail"), "{out}");
    assert!(
        out.contains("198.51.100.7 は example.co.jp の送信元として許可されていません"),
        "{out}"
    );
    assert!(
        out.contains("-all の前に ip4:198.51.100.7 を追加してください"),
        "{out}"
    );
    assert!(out.contains("DMARC レコードがありません"), "{out}");
    assert!(out.contains("評価の経過"), "{out}");
}

#[test]
fn json_carries_codes_parameters_and_text() {
    let zone = s1_zone();
    let o = run(&[
        "spf",
        "check",
        "--json",
        "--zone",
        &zone,
        "--ip",
        "198.51.100.7",
        "--mail-from",
        "info@example.co.jp",
        "--helo",
        "mail.example.co.jp",
        "--identity",
        "both",
        "--trace",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["schema_version"], "1");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["evaluation"]["identity"], "helo");
    assert_eq!(results[1]["evaluation"]["result"], "fail");
    assert_eq!(results[1]["evaluation"]["matched"]["term"], "-all");
    let finding = &results[1]["findings"][0];
    assert_eq!(finding["code"], "spf-fail");
    assert_eq!(finding["params"]["suggest"], "ip4:198.51.100.7");
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("add ip4:198.51.100.7 before -all")
    );
    assert_eq!(v["context"][0]["code"], "dmarc-missing");
    // Every query and term in order, asked for with --trace.
    assert!(results[1]["evaluation"]["trace"].as_array().unwrap().len() >= 3);
}

#[test]
fn bad_arguments_are_one_line_and_exit_2() {
    for args in [
        vec![
            "spf",
            "check",
            "--ip",
            "203.0.113",
            "--helo",
            "h.example",
            "--mail-from",
            "a@b.example",
        ],
        vec!["spf", "record", "not a domain"],
        vec![
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--helo",
            "h.example",
            "--lang",
            "fr",
        ],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(!err.trim().is_empty(), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let o = run(&["spf", "check", "--ip", "203.0.113", "--helo", "h.example"]);
    assert_eq!(stderr(&o).trim().lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("203.0.113"));
}

#[test]
fn spf_check_malformed_mail_from_domain_is_none() {
    // RFC 7208 §4.3: a MAIL FROM domain that is not a valid name gives
    // `none`; the command evaluates it instead of refusing the argument.
    let zone = root()
        .join("examples/s1/example.co.jp.zone")
        .display()
        .to_string();
    for mail_from in [
        "lyme.eater@A...example.com",
        "a@b..example",
        "a@localhost",
        "a@[192.0.2.1]",
    ] {
        let o = run(&[
            "spf",
            "check",
            "--zone",
            &zone,
            "--ip",
            "192.0.2.1",
            "--helo",
            "h.example",
            "--mail-from",
            mail_from,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(1), "{mail_from}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let eval = &v["results"][0]["evaluation"];
        assert_eq!(eval["result"], "none", "{mail_from}");
        assert_eq!(eval["problem"]["kind"], "invalid_domain", "{mail_from}");
        assert_eq!(v["results"][0]["findings"][0]["code"], "spf-invalid-domain");
    }
    // What is not an argument at all is still refused.
    let o = run(&[
        "spf",
        "check",
        "--zone",
        &zone,
        "--ip",
        "192.0.2",
        "--helo",
        "h.example",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unreadable_zone_file_exits_3() {
    let o = run(&[
        "spf",
        "record",
        "example.org",
        "--zone",
        "/nonexistent/zone",
    ]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("/nonexistent/zone"));
}

/// A zone file with a mistake names the file, the line and the column (in
/// characters) of the mistake, and the check does not run.
#[test]
fn zone_file_error_names_file_line_and_column() {
    let dir =
        std::env::temp_dir().join(format!("domainauth-cli-zone-error-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("z.zone");
    // Line 3: the quote opened after "TXT " is never closed; it is the
    // 11th character of the line (the 15th byte: the owner is two kanji).
    std::fs::write(
        &zone,
        "$ORIGIN example.org.\n@ TXT \"v=spf1 -all\"\n日本 IN TXT \"v=spf1\n",
    )
    .unwrap();
    let zone = zone.display().to_string();
    let o = run(&["spf", "record", "example.org", "--zone", &zone]);
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{zone}:3:11: invalid zone file: a quoted string is not closed"
        )),
        "{err}"
    );
}

#[test]
fn record_lints_and_counts_lookups_per_branch() {
    let dir = std::env::temp_dir().join(format!("domainauth-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("lint.zone");
    let mut text = String::from(
        "$ORIGIN example.org.\n@ IN TXT \"v=spf1 ptr include:_a.example.org include:_b.example.org +all\"\n",
    );
    text.push_str("_a IN TXT \"v=spf1 a:h1.example.org a:h2.example.org a:h3.example.org a:h4.example.org -all\"\n");
    text.push_str("_b IN TXT \"v=spf1 mx a mx:m.example.org exists:x.example.org include:_c.example.org -all\"\n");
    text.push_str("_c IN TXT \"v=spf1 a ~all\"\n");
    std::fs::write(&zone, text).unwrap();
    let zone = zone.display().to_string();
    let o = run(&["spf", "record", "example.org", "--zone", &zone, "--json"]);
    assert_eq!(o.status.code(), Some(1), "errors make exit 1");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 3 at the root + 4 in _a + 5 in _b + 1 in _c = 13.
    assert_eq!(v["tree"]["total_lookups"], 13);
    assert_eq!(v["tree"]["root"]["children"][0]["total_lookups"], 4);
    assert_eq!(v["tree"]["root"]["children"][1]["total_lookups"], 6);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for want in ["spf-lint-plus-all", "spf-lint-ptr", "spf-lint-lookups-over"] {
        assert!(codes.contains(&want), "{want} in {codes:?}");
    }
    // _c is included: its ~all only makes the include not match (RFC 7208
    // §5.2), so it is no finding.
    assert!(!codes.contains(&"spf-lint-softfail-all"), "{codes:?}");
    let o = run(&[
        "spf",
        "record",
        "example.org",
        "--zone",
        &zone,
        "--lang",
        "ja",
    ]);
    assert!(
        stdout(&o).contains("DNS ルックアップが 13 回必要です"),
        "{}",
        stdout(&o)
    );
    // One lookup is "1 lookup", others "N lookups".
    let text = stdout(&run(&["spf", "record", "example.org", "--zone", &zone]));
    assert!(text.contains("_c.example.org [1 lookup]"), "{text}");
    assert!(text.contains("[4 lookups]"), "{text}");
}

/// A record included from two branches is shown once; where it comes
/// again the tree says so and counts its lookups again, as evaluation does.
#[test]
fn record_shows_a_shared_include_once_and_counts_it_twice() {
    let dir = std::env::temp_dir().join(format!("domainauth-cli-shared-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("shared.zone");
    std::fs::write(
        &zone,
        "$ORIGIN example.org.\n\
         @ IN TXT \"v=spf1 include:_a.example.org include:_b.example.org -all\"\n\
         _a IN TXT \"v=spf1 include:_b.example.org -all\"\n\
         _b IN TXT \"v=spf1 a:h.example.org mx:h.example.org ~all\"\n\
         h IN A 192.0.2.1\n\
         h IN MX 10 h.example.org.\n",
    )
    .unwrap();
    let zone = zone.display().to_string();
    let text = stdout(&run(&["spf", "record", "example.org", "--zone", &zone]));
    // 2 at the root + (1 in _a + 2 in _b) + 2 in _b again.
    assert!(text.contains("example.org [7 lookups]"), "{text}");
    assert!(text.contains("7/10 lookups"), "{text}");
    assert_eq!(
        text.matches("v=spf1 a:h.example.org mx:h.example.org ~all")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(
        text.matches("(shown above; its lookups count again here)")
            .count(),
        1,
        "{text}"
    );
    let shown_again = text
        .lines()
        .skip_while(|l| !l.contains("include:_b.example.org → _b.example.org [2 lookups]"))
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        shown_again.trim(),
        "v=spf1 a:h.example.org mx:h.example.org ~all",
        "first time: the record; {text}"
    );
    // _b is included (twice): its ~all decides nothing, so no finding.
    assert_eq!(text.matches("ends in ~all").count(), 0, "{text}");
    let ja = stdout(&run(&[
        "spf",
        "record",
        "example.org",
        "--zone",
        &zone,
        "--lang",
        "ja",
    ]));
    assert!(
        ja.contains("（上に表示済み。ここでも DNS ルックアップを数えます）"),
        "{ja}"
    );
}

#[test]
fn checks_through_a_real_dns_server() {
    let zone = ZoneResolver::from_zone_file(std::path::Path::new(&s1_zone())).unwrap();
    let server = TestDnsServer::start(&zone).unwrap();
    let addr = server.addr().to_string();
    let o = run(&[
        "spf",
        "check",
        "--resolver",
        &addr,
        "--ip",
        "203.0.113.25",
        "--mail-from",
        "info@example.co.jp",
        "--helo",
        "mail.example.co.jp",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["results"][0]["evaluation"]["result"], "pass");
    assert!(v["dns"].as_str().unwrap().contains(&addr));
}

#[test]
fn help_teaches_the_concept() {
    let o = run(&["spf", "--help"]);
    let out = stdout(&o);
    assert!(out.contains("MAIL FROM"), "{out}");
    assert!(out.contains("Exit codes"), "{out}");
    let o = run(&["spf", "record", "--help"]);
    assert!(stdout(&o).contains("10 DNS-querying terms"));
    // One exit-code scheme, shown under every command's --help.
    for command in [
        &["verify"][..],
        &["check"],
        &["spf", "check"],
        &["spf", "record"],
        &["dkim", "verify"],
        &["dkim", "sign"],
        &["dkim", "keygen"],
        &["dmarc", "check"],
        &["dmarc", "lint"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let out = stdout(&run(&args));
        assert!(out.contains("Exit codes"), "{command:?}");
        assert!(out.contains("no warning and no error"), "{command:?}");
        // Examples are whole commands, with no shell line continuation
        // (a stray "\ ") to copy.
        assert!(!out.contains(" \\ "), "{command:?}: {out}");
        assert!(!out.contains(" \\\n"), "{command:?}: {out}");
        // Errors with --json are documented where exit codes are.
        assert!(out.contains("\"error\": {"), "{command:?}: {out}");
    }
}

fn record_codes(zone_text: &str, name: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!(
        "domainauth-cli-codes-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("z.zone");
    std::fs::write(&zone, zone_text).unwrap();
    let o = run(&[
        "spf",
        "record",
        "example.org",
        "--zone",
        &zone.display().to_string(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    finding_codes(&v)
}

#[test]
fn record_lints_strings_several_records_and_neutral_all() {
    let long = format!(
        "v=spf1 {} -all",
        (1..20)
            .map(|i| format!("ip4:198.51.100.{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(long.len() > 255);
    let one_string = format!("$ORIGIN example.org.\n@ IN TXT \"{long}\"\n");
    assert!(record_codes(&one_string, "long").contains(&"spf-lint-long-string".to_string()));
    let split = format!(
        "$ORIGIN example.org.\n@ IN TXT \"{}\" \"{}\"\n",
        &long[..200],
        &long[200..]
    );
    assert!(!record_codes(&split, "split").contains(&"spf-lint-long-string".to_string()));
    let several = "$ORIGIN example.org.\n@ IN TXT \"v=spf1 -all\"\n@ IN TXT \"v=spf1 mx -all\"\n";
    assert!(record_codes(several, "several").contains(&"spf-multiple-records".to_string()));
    let neutral = "$ORIGIN example.org.\n@ IN TXT \"v=spf1 mx ?all\"\n";
    assert!(record_codes(neutral, "neutral").contains(&"spf-lint-neutral-all".to_string()));
    let none = "$ORIGIN example.org.\n@ IN A 192.0.2.1\n";
    assert_eq!(record_codes(none, "none")[0], "spf-none");
}

/// A reader that goes away (`domainauth … | head -c 10`) ends the output
/// quietly: no panic and no backtrace, in text and in JSON.
#[test]
fn closed_stdout_is_not_a_panic() {
    use std::process::Stdio;
    let root = common::root();
    let message = root.join("examples/s3/message.eml");
    for json in [false, true] {
        let mut cmd = common::command();
        cmd.arg("verify")
            .arg(&message)
            .args(["--trust-authserv-id", "mx.google.com", "--zone"])
            .arg(root.join("examples/s3/company.example.zone"));
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the program writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "json={json}: {err}");
        assert!(!err.contains("panicked"), "json={json}: {err}");
    }
}

/// A domain that does not exist (NXDOMAIN) is said once, with what it
/// means, by every command that looks at a domain — not as "publishes no
/// SPF record", "no DMARC record", "no A or MX" and "no DKIM key" at once.
/// A name that exists without records is still told what to publish.
#[test]
fn a_domain_that_does_not_exist_is_said_once() {
    let zone = s1_zone();
    let consequences = [
        "spf-none",
        "dmarc-missing",
        "check-no-address",
        "check-dkim-no-key",
    ];
    let domain = "no-such-name.example.co.jp";
    let commands: [Vec<&str>; 4] = [
        vec!["check", domain, "--zone", &zone],
        vec!["dmarc", "check", domain, "--zone", &zone],
        vec!["spf", "record", domain, "--zone", &zone],
        vec![
            "spf",
            "check",
            "--zone",
            &zone,
            "--ip",
            "203.0.113.25",
            "--helo",
            "mail.example.co.jp",
            "--mail-from",
            "a@no-such-name.example.co.jp",
        ],
    ];
    for mut args in commands {
        args.push("--json");
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        // spf check: the evaluation's findings and the DMARC context.
        let codes: Vec<String> = match v["results"].as_array() {
            Some(results) => results
                .iter()
                .chain(std::iter::once(
                    &serde_json::json!({"findings": v["context"]}),
                ))
                .flat_map(finding_codes)
                .collect(),
            None => finding_codes(&v),
        };
        let said = codes.iter().filter(|c| *c == "domain-not-found").count();
        assert_eq!(said, 1, "{args:?}: {codes:?}");
        for c in consequences {
            assert!(
                !codes.contains(&c.to_string()),
                "{args:?}: {c} in {codes:?}"
            );
        }
    }
    let o = run(&["--lang", "ja", "check", domain, "--zone", &zone]);
    assert!(
        stdout(&o).contains("no-such-name.example.co.jp は DNS に存在しません（NXDOMAIN）"),
        "{}",
        stdout(&o)
    );
    // The S1 domain exists: its missing DMARC record is still reported.
    let o = run(&["dmarc", "check", "example.co.jp", "--zone", &zone, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(finding_codes(&v).contains(&"dmarc-missing".to_string()));
}

/// A domain argument with a character a host name cannot hold is named
/// for that character, not for having one label.
#[test]
fn a_bad_domain_argument_names_the_bad_character() {
    for args in [
        vec!["check", "bad domain!"],
        vec!["dmarc", "check", "bad domain!"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("holds ' '"), "{args:?}: {err}");
        assert!(!err.contains("multi-label"), "{args:?}: {err}");
    }
}
