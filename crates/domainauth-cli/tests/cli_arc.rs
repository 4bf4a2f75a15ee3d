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
