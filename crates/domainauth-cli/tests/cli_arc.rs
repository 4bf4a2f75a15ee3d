//! `domainauth arc seal|verify` and ARC in `domainauth verify`, as a user
//! runs them: sealing over several hops and validating each, tampering,
//! the S5 scenario with ARC, Japanese output and the refusals.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::{root, stderr, stdout};
use serde_json::Value;

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run_with_stdin(args, stdin)
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("domainauth-cli-arc-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ex(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

/// A key made with `dkim keygen` for `domain`, and its zone line.
fn keygen(dir: &std::path::Path, domain: &str, algorithm: &str) -> (String, String) {
    let out = dir.join(domain);
    std::fs::create_dir_all(&out).unwrap();
    let o = run(
        &[
            "dkim",
            "keygen",
            "--domain",
            domain,
            "--selector",
            "arc1",
            "--algorithm",
            algorithm,
            "--out",
            &out.display().to_string(),
            "--force",
            "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let zone = format!("$ORIGIN {domain}.\n{}\n", v["zone_line"].as_str().unwrap());
    (v["private_key"].as_str().unwrap().to_string(), zone)
}

fn seal(key: &str, domain: &str, extra: &[&str], message: &[u8]) -> Output {
    let mut args = vec![
        "arc",
        "seal",
        "--key",
        key,
        "--selector",
        "arc1",
        "--domain",
        domain,
        "--authserv-id",
        "mx.hop.example",
    ];
    args.extend_from_slice(extra);
    run(&args, Some(message))
}

fn verify_json(zone: &str, message: &[u8]) -> (Value, Option<i32>) {
    let o = run(
        &["arc", "verify", "-", "--zone", zone, "--json"],
        Some(message),
    );
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    (v, o.status.code())
}

const MESSAGE: &[u8] =
    b"From: Alice <alice@origin.example>\r\nTo: list@a.example\r\nSubject: hello\r\n\
Date: Mon, 23 Nov 2026 11:00:00 +0900\r\nMessage-ID: <m1@origin.example>\r\n\r\nHello.\r\n";

/// Three hops (RSA, Ed25519, Ed25519) each seal what the previous one sent;
/// each chain validates, with the instance and cv= of RFC 8617 §5.1.
fn three_hops(dir: &std::path::Path) -> (String, Vec<u8>) {
    let hops = [
        ("a.example", "rsa-2048"),
        ("b.example", "ed25519"),
        ("c.example", "ed25519"),
    ];
    let mut zone = String::new();
    let mut keys = Vec::new();
    for (domain, alg) in hops {
        let (key, z) = keygen(dir, domain, alg);
        zone.push_str(&z);
        keys.push(key);
    }
    let zone_path = dir.join("keys.zone");
    std::fs::write(&zone_path, &zone).unwrap();
    let zone_path = zone_path.display().to_string();

    let mut message = MESSAGE.to_vec();
    let (v, code) = verify_json(&zone_path, &message);
    assert_eq!(
        (v["chain"]["status"].as_str(), code),
        (Some("none"), Some(1))
    );
    for (n, ((domain, _), key)) in hops.iter().zip(&keys).enumerate() {
        // The last hop records the results of its own Authentication-Results field.
        let extra: Vec<&str> = if n == 2 {
            message = [
                b"Authentication-Results: mx.hop.example; spf=pass smtp.mailfrom=origin.example\r\n".as_slice(),
                &message,
            ]
            .concat();
            vec!["--zone", &zone_path]
        } else {
            vec![
                "--zone",
                &zone_path,
                "--results",
                "spf=pass smtp.mailfrom=origin.example",
            ]
        };
        let o = seal(key, domain, &extra, &message);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        message = o.stdout;
        let text = String::from_utf8_lossy(&message);
        let cv = if n == 0 { "none" } else { "pass" };
        assert!(
            text.starts_with(&format!("ARC-Seal: i={}; a=", n + 1)),
            "{text}"
        );
        assert!(text.contains(&format!("cv={cv};")), "{text}");
        assert!(
            text.contains(&format!(
                "ARC-Authentication-Results: i={}; mx.hop.example; spf=pass smtp.mailfrom=origin.example",
                n + 1
            )),
            "{text}"
        );
        let (v, code) = verify_json(&zone_path, &message);
        assert_eq!(v["chain"]["status"], "pass", "{v}");
        assert_eq!(code, Some(0));
        assert_eq!(v["chain"]["sets"].as_array().unwrap().len(), n + 1);
        assert_eq!(v["chain"]["oldest_pass"], 0);
        assert_eq!(v["chain"]["sets"][n]["seal"]["domain"], *domain);
    }
    (zone_path, message)
}

#[test]
fn seal_then_verify_over_three_hops_and_tampering_fails_with_the_instance() {
    let dir = tmp("hops");
    let (zone, sealed) = three_hops(&dir);
    let text = String::from_utf8(sealed.clone()).unwrap();

    // The body changed after the last seal: the newest AMS fails (§5.2 step 4).
    let changed = text.replace("Hello.", "Hullo.");
    let o = run(
        &["arc", "verify", "-", "--zone", &zone],
        Some(changed.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("The ARC chain is broken at i=3: the ARC-Message-Signature does not verify: the body hash does not match"),
        "{out}"
    );

    // What the first hop recorded was edited: its seal no longer verifies.
    let forged = text.replacen(
        "i=1; mx.hop.example; spf=pass",
        "i=1; mx.hop.example; dmarc=pass header.from=origin.example; spf=pass",
        1,
    );
    assert_ne!(forged, text);
    let (v, code) = verify_json(&zone, forged.as_bytes());
    assert_eq!(code, Some(1));
    assert_eq!(v["chain"]["status"], "fail");
    assert_eq!(v["chain"]["failure"]["reason"]["kind"], "seal_mismatch");
    assert!(
        matches!(v["chain"]["failure"]["instance"].as_u64(), Some(1..=3)),
        "{v}"
    );
    let broken = v["findings"][0]["message"].as_str().unwrap();
    assert!(broken.contains("ARC-Seal does not verify"), "{broken}");

    // A set removed leaves a gap.
    let without_second: String = {
        let mut out = String::new();
        let mut skip = false;
        for line in text.split_inclusive("\r\n") {
            if !line.starts_with([' ', '\t']) {
                skip = line.contains("i=2;");
            }
            if !skip {
                out.push_str(line);
            }
        }
        out
    };
    let (v, _) = verify_json(&zone, without_second.as_bytes());
    assert_eq!(v["chain"]["status"], "fail");
    assert_eq!(v["chain"]["failure"]["instance"], 2);
    assert_eq!(v["chain"]["failure"]["reason"]["kind"], "missing");

    // A sealer over a broken chain writes cv=fail; the chain stays failed.
    let key = dir.join("c.example/arc1.private");
    let o = seal(
        &key.display().to_string(),
        "c.example",
        &["--zone", &zone, "--results", "spf=none"],
        changed.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ARC-Seal: i=4;"));
    assert!(stdout(&o).contains("cv=fail;"));
    // Said on stderr, with where the chain broke.
    assert!(
        stderr(&o).contains("warning: the seal written says cv=fail: ARC set i=3: the ARC-Message-Signature does not verify"),
        "{}",
        stderr(&o)
    );
    let (v, _) = verify_json(&zone, &o.stdout);
    assert_eq!(v["chain"]["status"], "fail");
    assert_eq!(
        v["chain"]["failure"]["reason"]["kind"],
        "newest_seal_failed"
    );
}

#[test]
fn the_s5_chain_in_english_and_japanese() {
    let zones = [
        ex("s5-arc/university.example.zone"),
        ex("s5-arc/lists.example.zone"),
    ];
    let msg = ex("s5-arc/message.eml");
    let args = [
        "arc", "verify", &msg, "--zone", &zones[0], "--zone", &zones[1],
    ];
    let o = run(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "The ARC chain validates: 2 ARC sets, sealed by university.example, lists.example.",
        "The message signatures verify from hop i=2 on",
        "ARC hop i=1: sealed by university.example (cv=none; seal verified, message signature no longer verifies); mx.university.example recorded: spf=pass",
        "ARC hop i=2: sealed by lists.example (cv=pass; seal verified, message signature verified); mail.lists.example recorded: spf=fail",
    ] {
        assert!(out.contains(want), "{want:?} not in\n{out}");
    }
    let mut ja = vec!["--lang", "ja"];
    ja.extend_from_slice(&args);
    let o = run(&ja, None);
    let out = stdout(&o);
    for want in [
        "ARC チェーンの検証に成功しました。ARC セットは 2 個で、university.example、lists.example がシールしています。",
        "ARC ホップ i=1: university.example がシールしました（cv=none、シール: 検証成功、メッセージ署名: 現在は検証失敗）",
    ] {
        assert!(out.contains(want), "{want:?} not in\n{out}");
    }
    // Tampered, in Japanese: the instance and the reason.
    let tampered = std::fs::read_to_string(&msg)
        .unwrap()
        .replace("room 301", "room 302");
    let o = run(
        &[
            "--lang", "ja", "arc", "verify", "-", "--zone", &zones[0], "--zone", &zones[1],
        ],
        Some(tampered.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("ARC チェーンが i=2 で破損しています: ARC-Message-Signature を検証できません"),
        "{out}"
    );
    // No chain at all.
    let o = run(
        &["arc", "verify", &ex("s1/message.eml"), "--zone", &zones[0]],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("No ARC set"), "{}", stdout(&o));
}

/// `domainauth verify` on S5 with ARC: DMARC fails (SPF at the list's
/// address, the body hash broken), the chain passes and is shown; with the
/// list as a trusted sealer the override is shown, the result stays fail.
#[test]
fn verify_explains_the_chain_and_the_trusted_sealer() {
    let mut args: Vec<String> = vec!["verify".into(), ex("s5-arc/message.eml")];
    for z in ["example.org", "university.example", "lists.example"] {
        args.push("--zone".into());
        args.push(ex(&format!("s5-arc/{z}.zone")));
    }
    for a in [
        "--ip",
        "192.0.2.99",
        "--helo",
        "mail.lists.example",
        "--mail-from",
        "alice@example.org",
    ] {
        args.push(a.into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args, None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "SPF     fail",
        "DKIM    fail",
        "ARC     pass  university.example, lists.example",
        "DMARC   fail  example.org                        p=reject (example.org) → reject",
        "The body changed after example.org signed it",
        "The message carries an ARC chain that validates",
        "ARC hop i=2: sealed by lists.example",
        "which handed the message on after that hop, is not a sealer you trust",
        "arc=pass header.oldest-pass=2 smtp.remote-ip=192.0.2.99",
        "dmarc=fail (p=REJECT sp=REJECT dis=REJECT)",
    ] {
        assert!(out.contains(want), "{want:?} not in\n{out}");
    }
    assert!(!out.contains("(ARC i=2) recorded"), "{out}");

    let mut trusted = args.clone();
    trusted.extend(["--trusted-sealer", "lists.example"]);
    let o = run(&trusted, None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for want in [
        "p=reject (example.org) → reject; local policy: none (trusted_forwarder)",
        "lists.example, a sealer you trust (--trusted-sealer), recorded dmarc=pass header.from=example.org at ARC hop i=2",
        "The DMARC result stays fail.",
        "dmarc=fail (p=REJECT sp=REJECT dis=NONE) (local policy: trusted_forwarder)",
    ] {
        assert!(out.contains(want), "{want:?} not in\n{out}");
    }
    assert!(
        !out.contains("no sealer in the chain is one you trust"),
        "{out}"
    );
    let mut ja = vec!["--lang", "ja"];
    ja.extend_from_slice(&trusted);
    let out = stdout(&run(&ja, None));
    for want in [
        "ローカルポリシーにより none（trusted_forwarder）",
        "信頼する転送サーバー（--trusted-sealer）の lists.example が",
        "DMARC の結果は fail のままです。",
        "ARC ホップ i=2: lists.example がシールしました",
    ] {
        assert!(out.contains(want), "{want:?} not in\n{out}");
    }
    let mut json = trusted.clone();
    json.push("--json");
    let v: Value = serde_json::from_slice(&run(&json, None).stdout).unwrap();
    assert_eq!(v["dmarc"]["result"], "fail");
    assert_eq!(v["dmarc"]["disposition"], "none");
    assert_eq!(v["policy_override"]["reason"], "trusted_forwarder");
    assert_eq!(v["policy_override"]["sealer"], "lists.example");
    assert_eq!(v["arc"]["status"], "pass");
    assert_eq!(v["arc"]["oldest_pass"], 2);
}

#[test]
fn seal_refusals_in_english_and_japanese() {
    let dir = tmp("refusals");
    let (key, _) = keygen(&dir, "d.example", "ed25519");
    // No --results and no Authentication-Results of this authserv-id.
    let o = seal(&key, "d.example", &[], MESSAGE);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no results to record"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "--lang",
            "ja",
            "arc",
            "seal",
            "--key",
            &key,
            "--selector",
            "arc1",
            "--domain",
            "d.example",
            "--authserv-id",
            "mx.hop.example",
        ],
        Some(MESSAGE),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("記録する認証結果がありません"),
        "{}",
        stderr(&o)
    );
    // A results text that would end the field.
    let o = seal(
        &key,
        "d.example",
        &["--results", "spf=pass\r\nX-Evil: 1"],
        MESSAGE,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("control character"), "{}", stderr(&o));
    // An authserv-id that is not a token.
    let o = run(
        &[
            "--lang",
            "ja",
            "arc",
            "seal",
            "--key",
            &key,
            "--selector",
            "arc1",
            "--domain",
            "d.example",
            "--authserv-id",
            "a b",
            "--results",
            "spf=pass",
        ],
        Some(MESSAGE),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("authserv-id として使えません"),
        "{}",
        stderr(&o)
    );
    // A key readable by others is refused, as for dkim sign.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let o = seal(&key, "d.example", &["--results", "spf=pass"], MESSAGE);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
}

/// What a hop recorded comes from the message: control characters in it
/// are shown escaped, never passed to the terminal.
#[test]
fn recorded_results_are_escaped() {
    let zones = [
        ex("s5-arc/university.example.zone"),
        ex("s5-arc/lists.example.zone"),
    ];
    let raw = std::fs::read_to_string(ex("s5-arc/message.eml")).unwrap();
    for injected in ["\x1b[31mRED\x1b[0m", "\u{202e}evil"] {
        let edited = raw.replacen(
            "smtp.mailfrom=alice@example.org;\r\n dkim=pass",
            &format!("smtp.mailfrom=\"{injected}\"@example.org;\r\n dkim=pass"),
            1,
        );
        assert_ne!(edited, raw);
        for json in [false, true] {
            let mut args = vec![
                "arc", "verify", "-", "--zone", &zones[0], "--zone", &zones[1],
            ];
            if json {
                args.push("--json");
            }
            let o = run(&args, Some(edited.as_bytes()));
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            let out = stdout(&o);
            assert!(!out.contains('\x1b') && !out.contains('\u{202e}'), "{out}");
        }
    }
}

/// The result code of an error printed with --json, and the exit status.
fn error_code(o: &Output) -> (String, Option<i32>) {
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)));
    (
        v["error"]["code"].as_str().unwrap_or_default().to_string(),
        o.status.code(),
    )
}

/// Without --results, only an Authentication-Results field this hop's MTA
/// added on receipt is recorded (above the first Received that is not its
/// own, RFC 8601 §5): one the sender planted below is not.
#[test]
fn own_results_come_only_from_above_the_received_fields() {
    let dir = tmp("own");
    let (key, _) = keygen(&dir, "d.example", "ed25519");
    let received = "Received: from relay.evil.example (relay.evil.example [192.0.2.66])\r\n\tby mx.other.example with ESMTPS; Mon, 23 Nov 2026 11:00:09 +0900\r\n";
    let planted =
        "Authentication-Results: mx.hop.example; dmarc=pass header.from=origin.example\r\n";
    // Planted below the Received field: refused as if absent.
    let message = [received.as_bytes(), planted.as_bytes(), MESSAGE].concat();
    let o = seal(&key, "d.example", &["--cv", "none", "--json"], &message);
    assert_eq!(
        error_code(&o),
        ("arc-no-results".to_string(), Some(2)),
        "{}",
        stdout(&o)
    );
    // Above it, with an i= and a version: the results alone are recorded,
    // after one authserv-id.
    let own =
        "Authentication-Results: i=1; MX.Hop.Example. 1; spf=pass smtp.mailfrom=origin.example\r\n";
    let message = [
        own.as_bytes(),
        received.as_bytes(),
        planted.as_bytes(),
        MESSAGE,
    ]
    .concat();
    let o = seal(&key, "d.example", &["--cv", "none"], &message);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("ARC-Authentication-Results: i=1; mx.hop.example; spf=pass smtp.mailfrom=origin.example\r\n"),
        "{out}"
    );
    let aar = out
        .lines()
        .find(|l| l.starts_with("ARC-Authentication-Results:"))
        .unwrap();
    assert!(!aar.contains("dmarc=pass"), "{out}");
    // An own field whose results cannot be read is refused, naming why.
    let unreadable = "Authentication-Results: mx.hop.example; ;;==\r\n";
    let message = [unreadable.as_bytes(), MESSAGE].concat();
    let o = seal(&key, "d.example", &["--cv", "none"], &message);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("the Authentication-Results field of mx.hop.example cannot be read: \"")
            && stderr(&o).contains("expected a method name"),
        "{}",
        stderr(&o)
    );
    // So is a --results text, with what is wrong after the colon.
    let o = seal(&key, "d.example", &["--results", ";;;==="], MESSAGE);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--results \";;;===\" cannot be read: \"\": expected a method name"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "--lang",
            "ja",
            "arc",
            "seal",
            "--key",
            &key,
            "--selector",
            "arc1",
            "--domain",
            "d.example",
            "--authserv-id",
            "mx.hop.example",
            "--results",
            ";;;===",
        ],
        Some(MESSAGE),
    );
    assert!(
        stderr(&o).contains("を読み取れません: \"\": 方式名"),
        "{}",
        stderr(&o)
    );
}

/// A list that edits the message (Subject tag, footer) gives the chain
/// status it received with --cv: the seal then says cv=pass and the chain
/// validates (§5.2 checks only the newest ARC-Message-Signature). Without
/// --cv the edited message is validated: cv=fail, with a warning; and a
/// chain already failed is not extended without --cv.
#[test]
fn a_list_that_edits_the_message_gives_the_status_it_received() {
    let dir = tmp("edit");
    let (key_a, zone_a) = keygen(&dir, "a.example", "ed25519");
    let (key_b, zone_b) = keygen(&dir, "b.example", "ed25519");
    let zone = dir.join("keys.zone");
    std::fs::write(&zone, format!("{zone_a}{zone_b}")).unwrap();
    let zone = zone.display().to_string();
    let o = seal(
        &key_a,
        "a.example",
        &["--zone", &zone, "--results", "spf=pass"],
        MESSAGE,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let edited = String::from_utf8(o.stdout)
        .unwrap()
        .replace("Subject: hello", "Subject: [list] hello")
        .replace("Hello.\r\n", "Hello.\r\n--\r\nlist footer\r\n");
    let args = ["--zone", &zone, "--results", "arc=pass"];
    // Validated as edited: cv=fail, and said.
    let o = seal(&key_b, "b.example", &args, edited.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("cv=fail;"));
    assert!(
        stderr(&o).contains("warning: the seal written says cv=fail: ARC set i=1: the ARC-Message-Signature does not verify"),
        "{}",
        stderr(&o)
    );
    let failed = o.stdout;
    // Given as received: cv=pass, no warning, and the chain validates.
    let o = seal(
        &key_b,
        "b.example",
        &[&args[..], &["--cv", "pass"]].concat(),
        edited.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("cv=pass;"), "{}", stdout(&o));
    assert_eq!(stderr(&o), "");
    let (v, code) = verify_json(&zone, &o.stdout);
    assert_eq!(
        (v["chain"]["status"].as_str(), code),
        (Some("pass"), Some(0)),
        "{v}"
    );
    // --cv none where the message has sets does not fit it.
    let o = seal(
        &key_b,
        "b.example",
        &[&args[..], &["--cv", "none"]].concat(),
        edited.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A chain whose newest seal says cv=fail is not extended…
    let o = seal(
        &key_a,
        "a.example",
        &[&args[..], &["--json"]].concat(),
        &failed,
    );
    assert_eq!(error_code(&o), ("arc-chain-failed".to_string(), Some(3)));
    let o = run(
        &[
            "--lang",
            "ja",
            "arc",
            "seal",
            "--key",
            &key_a,
            "--selector",
            "arc1",
            "--domain",
            "a.example",
            "--authserv-id",
            "mx.hop.example",
            "--zone",
            &zone,
            "--results",
            "arc=fail",
        ],
        Some(&failed),
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("すでに cv=fail です"), "{}", stderr(&o));
    // …unless the status is given, with a warning in the language asked for.
    let o = run(
        &[
            "--lang",
            "ja",
            "arc",
            "seal",
            "--key",
            &key_a,
            "--selector",
            "arc1",
            "--domain",
            "a.example",
            "--authserv-id",
            "mx.hop.example",
            "--results",
            "arc=fail",
            "--cv",
            "fail",
        ],
        Some(&failed),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ARC-Seal: i=3;"));
    assert!(
        stderr(&o).contains("警告: --cv fail の指定どおり"),
        "{}",
        stderr(&o)
    );
}

/// --domain of arc seal and --trusted-sealer of verify are domain names:
/// anything else would be written into d= or never match, silently.
#[test]
fn sealing_and_trusted_sealer_domains_are_checked() {
    let dir = tmp("names");
    let (key, _) = keygen(&dir, "d.example", "ed25519");
    for (domain, code) in [
        ("evil.example.", "arc-domain-dot"),
        ("192.0.2.1", "arc-domain-ip"),
        ("*.evil.example", "arc-domain-chars"),
        ("Evil.Example\n", "arc-domain-chars"),
        ("x..example", "invalid-domain"),
    ] {
        let o = seal(&key, domain, &["--results", "spf=pass", "--json"], MESSAGE);
        assert_eq!(error_code(&o), (code.to_string(), Some(2)), "{domain:?}");
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            v["error"]["params"]["value"], domain,
            "as given, not lowercased"
        );
    }
    let o = seal(&key, "D.Example.", &["--results", "spf=pass"], MESSAGE);
    assert!(
        stderr(&o).contains("--domain \"D.Example.\" ends with a dot"),
        "{}",
        stderr(&o)
    );
    let o = seal(&key, "Evil.Example\n", &["--results", "spf=pass"], MESSAGE);
    assert!(
        stderr(&o).contains("\"Evil.Example\\n\""),
        "escaped: {}",
        stderr(&o)
    );
    // The selector as for dkim keygen.
    let o = run(
        &[
            "arc",
            "seal",
            "--key",
            &key,
            "--selector",
            "a b",
            "--domain",
            "d.example",
            "--authserv-id",
            "mx.hop.example",
            "--results",
            "spf=pass",
            "--json",
        ],
        Some(MESSAGE),
    );
    assert_eq!(error_code(&o), ("invalid-selector".to_string(), Some(2)));

    let message = root().join("examples/s5-arc/message.eml");
    let message = message.display().to_string();
    for sealer in [
        "*.evil.example",
        "",
        "x\n",
        "@x",
        "x ",
        "x..",
        "lists..example",
    ] {
        let o = run(
            &[
                "verify",
                &message,
                "--zone",
                &ex("s5-arc/lists.example.zone"),
                "--trusted-sealer",
                sealer,
                "--json",
            ],
            None,
        );
        let (code, status) = error_code(&o);
        assert_eq!(status, Some(2), "{sealer:?}: {}", stdout(&o));
        assert!(
            code.starts_with("arc-domain") || code == "invalid-domain",
            "{sealer:?}: {code}"
        );
    }
    let o = run(
        &[
            "--lang",
            "ja",
            "verify",
            &message,
            "--trusted-sealer",
            "*.evil.example",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("--trusted-sealer に指定した \"*.evil.example\" はドメイン名ではありません"),
        "{}",
        stderr(&o)
    );
}

/// A key file that cannot be read stops the command with exit 3, as a
/// message file that cannot be read does, whatever the reason; a named pipe
/// is refused before it could block. A message that already has 50 sets
/// cannot be sealed: exit 3, not an argument error.
#[test]
fn unreadable_keys_and_full_chains_exit_3() {
    let dir = tmp("exit");
    let (key, _) = keygen(&dir, "d.example", "ed25519");
    let missing = dir.join("missing.private").display().to_string();
    let big = dir.join("big.private");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 * 1024 * 1024)
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&big, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let big = big.display().to_string();
    let mut keys = vec![(missing, "read-key"), (big, "file-too-large")];
    #[cfg(unix)]
    {
        let fifo = dir.join("fifo.private");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            keys.push((fifo.display().to_string(), "key-not-a-file"));
        }
    }
    for (path, code) in &keys {
        let o = seal(
            path,
            "d.example",
            &["--results", "spf=pass", "--json"],
            MESSAGE,
        );
        assert_eq!(error_code(&o), (code.to_string(), Some(3)), "{path}");
        // dkim sign reads keys the same way.
        let o = run(
            &[
                "dkim",
                "sign",
                "--key",
                path,
                "--selector",
                "s",
                "--domain",
                "d.example",
                "--json",
            ],
            Some(MESSAGE),
        );
        assert_eq!(
            error_code(&o),
            (code.to_string(), Some(3)),
            "dkim sign {path}"
        );
    }
    let o = seal(
        &key,
        "d.example",
        &["--results", "spf=pass", "--json"],
        b"no header here",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let full = [
        b"ARC-Seal: i=50; a=ed25519-sha256; cv=pass; d=x.example; s=s; b=AAAA\r\n".as_slice(),
        MESSAGE,
    ]
    .concat();
    let o = seal(
        &key,
        "d.example",
        &["--results", "spf=pass", "--cv", "fail", "--json"],
        &full,
    );
    assert_eq!(
        error_code(&o),
        ("arc-instance-limit".to_string(), Some(3)),
        "{}",
        stdout(&o)
    );
}

/// The README's sealing sequence runs as written (from the repository
/// root, its /tmp files in a folder of the test's own): `dkim keygen` gives
/// the key and the zone line, `arc seal` adds set i=3 over the S5 chain,
/// and `arc verify` with that zone validates the three sets.
#[test]
fn readme_seal_sequence_runs() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let joined = readme.replace("\\\n", " ");
    let prefix = "cargo run -q -p domainauth-cli -- ";
    let commands: Vec<&str> = joined
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(prefix) && l.contains("forward.example"))
        .collect();
    assert_eq!(commands.len(), 3, "keygen, seal, verify: {commands:?}");
    assert!(commands[0].contains("dkim keygen") && commands[1].contains("arc seal"));
    assert!(commands[2].contains("arc verify") && commands[2].contains("forward.example.zone"));
    let dir = tmp("readme");
    let bin = env!("CARGO_BIN_EXE_domainauth");
    let mut last = None;
    for line in &commands {
        let line = line
            .replace(prefix, &format!("'{bin}' "))
            .replace("/tmp/", &format!("{}/", dir.display()))
            .replace("--out /tmp ", &format!("--out {} ", dir.display()));
        let mut cmd = std::process::Command::new("sh");
        for name in common::ENV_CHOICES {
            cmd.env_remove(name);
        }
        let o = cmd
            .arg("-c")
            .arg(&line)
            .current_dir(&root)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{line}\n{}{}",
            stdout(&o),
            stderr(&o)
        );
        last = Some(o);
    }
    let out = stdout(&last.unwrap());
    assert!(
        out.contains("The ARC chain validates: 3 ARC sets, sealed by university.example, lists.example, forward.example"),
        "{out}"
    );
    assert!(
        out.contains("mx.forward.example recorded: spf=fail"),
        "{out}"
    );
}

/// The help says what the ARC commands exit with, that keygen's keys seal,
/// and the top-level description names ARC.
#[test]
fn help_covers_arc() {
    let o = run(&["arc", "seal", "--help"], None);
    let help = stdout(&o);
    for text in [
        "Exit status: 0 when sealed, 2 on bad arguments, 3 when the key or",
        "arc verify: the chain validates",
        "dkim sign, arc seal: the message was signed or sealed",
        "unreadable message, key or zone file",
        "--cv <STATUS>",
        "remove incoming fields that carry your own authserv-id",
    ] {
        assert!(help.contains(text), "{text:?} in {help}");
    }
    let help = stdout(&run(&["dkim", "keygen", "--help"], None));
    assert!(help.contains("The key also seals: `arc seal"), "{help}");
    let help = stdout(&run(&["--help"], None));
    assert!(
        help.contains("(SPF, DKIM, DMARC, ARC)") && help.contains("arc seal"),
        "{help}"
    );
}
