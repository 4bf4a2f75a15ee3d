//! Every command's real `--json` output, validated against the schema
//! committed under `schemas/` by an independent validator (the
//! `jsonschema` crate, JSON Schema 2020-12): each command and mode that
//! prints JSON, errors included, and the traces only with `--trace`.
//! That the committed files are the ones the output types give is
//! checked next to the types (src/json/schema.rs).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{S1_ENVELOPE, root, run_with_stdin, stderr, stdout};
use domainauth_testkit::json::no_repeated_keys;
use serde_json::{Value, json};

fn example(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

/// The committed schema `schemas/<name>.schema.json`.
fn schema(name: &str) -> Value {
    let path = root()
        .join("crates/domainauth-cli/schemas")
        .join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Why `instance` does not fit `schemas/<name>.schema.json` (empty when it does).
fn violations(name: &str, instance: &Value) -> Vec<String> {
    let schema = schema(name);
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("schemas/{name}.schema.json is not a valid JSON Schema: {e}");
    }
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("schemas/{name}.schema.json: {e}"));
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

/// Asserts that `instance` fits `schemas/<name>.schema.json`.
fn assert_fits(name: &str, instance: &Value, what: &str) {
    let errors = violations(name, instance);
    assert!(
        errors.is_empty(),
        "{what}: the output does not fit schemas/{name}.schema.json:\n  {}\n{}",
        errors.join("\n  "),
        serde_json::to_string_pretty(instance).unwrap_or_default()
    );
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (Value, i32, Output) {
    let mut all = args.to_vec();
    all.push("--json");
    let o = run_with_stdin(&all, stdin);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}{}", stdout(&o), stderr(&o)));
    if let Err(why) = no_repeated_keys(&o.stdout) {
        panic!("{args:?}: {why}: {}", stdout(&o));
    }
    let code = o.status.code().unwrap_or(-1);
    (v, code, o)
}

/// Runs `args --json`: a result (exit 0 or 1) fitting the schema of its command.
fn result(args: &[&str], stdin: Option<&[u8]>) -> Value {
    let (v, code, o) = run(args, stdin);
    assert!(
        code == 0 || code == 1,
        "{args:?}: exit {code}: {}{}",
        stdout(&o),
        stderr(&o)
    );
    // "milter --check-config" is milter-check-config.
    let command = v["command"]
        .as_str()
        .expect("a command")
        .replace(" --", "-")
        .replace(' ', "-");
    assert_fits(&command, &v, &format!("{args:?}"));
    assert_eq!(v["schema_version"], "1");
    v
}

/// Runs `args --json`: an error with exit `exit`, fitting the error schema.
fn error(args: &[&str], exit: i32) -> Value {
    let (v, code, o) = run(args, None);
    assert_eq!(code, exit, "{args:?}: {}", stderr(&o));
    assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
    assert_fits("error", &v, &format!("{args:?}"));
    v
}

/// The keys of every object in `v`, at any depth.
fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, sub) in map {
                out.push(k.clone());
                keys(sub, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
        _ => {}
    }
}

fn has_key(v: &Value, key: &str) -> bool {
    let mut all = Vec::new();
    keys(v, &mut all);
    all.iter().any(|k| k == key)
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "domainauth-json-schema-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s1_verify() -> Vec<String> {
    let mut args = vec![
        "verify".to_string(),
        example("s1/message.eml"),
        "--zone".to_string(),
        example("s1/example.co.jp.zone"),
    ];
    args.extend(S1_ENVELOPE.map(String::from));
    args
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn verify_output_fits_its_schema_in_every_mode() {
    let s1 = s1_verify();
    let v = result(&strs(&s1), None);
    assert_eq!(v["envelope"]["kind"], "given");
    // Each profile, and all of them at once.
    for profile in ["gmail-bulk", "yahoo-bulk", "docomo"] {
        let mut a = s1.clone();
        a.extend(["--profile".to_string(), profile.to_string()]);
        let v = result(&strs(&a), None);
        assert_eq!(v["profiles"][0]["profile"], profile);
    }
    // RFC 7489 rules, Japanese text.
    let mut a = s1.clone();
    a.extend(["--dmarc-mode", "rfc7489", "--pct-seed", "1", "--lang", "ja"].map(String::from));
    let v = result(&strs(&a), None);
    assert_eq!(v["dmarc_mode"], "rfc7489");
    // S2: a signed message, DKIM pass by a third party.
    let s2 = [
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
        "--now",
        "1767225600",
        "--profile",
        "gmail-bulk",
    ];
    let v = result(&s2, None);
    assert_eq!(v["dkim"][0]["result"], "pass");
    // S3: the envelope read from the message, Gmail's results explained.
    let s3 = [
        "verify",
        &example("s3/message.eml"),
        "--zone",
        &example("s3/company.example.zone"),
        "--zone",
        &example("s3/sendservice.example.zone"),
        "--trust-authserv-id",
        "mx.google.com",
    ];
    let v = result(&s3, None);
    assert_eq!(v["envelope"]["kind"], "inferred");
    assert!(
        !v["existing_authentication_results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // S5: a mailing list.
    let s5 = [
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
    ];
    result(&s5, None);
    // No envelope, several authors, a header that cannot be read.
    let zone = example("s1/example.co.jp.zone");
    for message in [
        &b"From: a@example.co.jp\r\nSubject: x\r\n\r\nbody\r\n"[..],
        b"From: a@evil.example, ceo@example.co.jp\r\n\r\nbody\r\n",
        b"From: \r\n\r\nbody\r\n",
        b"\x00\x01 not a message",
    ] {
        let v = result(&["verify", "-", "--zone", &zone], Some(message));
        assert_eq!(v["envelope"]["kind"], "missing");
    }
}

#[test]
fn spf_output_fits_its_schema() {
    let zone = example("s1/example.co.jp.zone");
    for (ip, identity) in [
        ("203.0.113.25", "mailfrom"),
        ("198.51.100.7", "both"),
        ("198.51.100.7", "helo"),
    ] {
        let v = result(
            &[
                "spf",
                "check",
                "--zone",
                &zone,
                "--ip",
                ip,
                "--mail-from",
                "info@example.co.jp",
                "--helo",
                "mail.example.co.jp",
                "--identity",
                identity,
            ],
            None,
        );
        assert!(!v["results"].as_array().unwrap().is_empty());
    }
    // A bounce (empty MAIL FROM) and a domain that does not exist.
    result(
        &[
            "spf",
            "check",
            "--zone",
            &zone,
            "--ip",
            "192.0.2.1",
            "--helo",
            "nope.example.co.jp",
        ],
        None,
    );
    for domain in ["example.co.jp", "nope.example.co.jp"] {
        let v = result(&["spf", "record", domain, "--zone", &zone], None);
        assert_eq!(v["domain"], domain);
    }
    // A tree with includes, a redirect and errors.
    let dir = tmp("spf");
    let tree = dir.join("tree.zone");
    std::fs::write(
        &tree,
        "$ORIGIN example.org.\n\
         @ IN TXT \"v=spf1 ptr include:_a.example.org include:_gone.example.org +all\"\n\
         _a IN TXT \"v=spf1 a mx redirect=_b.example.org\"\n\
         _b IN TXT \"v=spf1 ip6:2001:db8::/32 ~all\"\n",
    )
    .unwrap();
    let v = result(
        &[
            "spf",
            "record",
            "example.org",
            "--zone",
            tree.to_str().unwrap(),
        ],
        None,
    );
    assert!(!v["tree"]["root"]["children"].as_array().unwrap().is_empty());
    // A shared include (repeated), and a tree too large to read in full.
    let shared = dir.join("shared.zone");
    let mut text = String::from(
        "$ORIGIN example.org.\n\
         @ IN TXT \"v=spf1 include:_a.example.org include:_a.example.org -all\"\n\
         _a IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n\
         wide IN TXT \"v=spf1 \"",
    );
    for i in 0..250 {
        text.push_str(&format!(" \"include:_a{i}.example.org \""));
    }
    text.push_str(" \"-all\"\n");
    std::fs::write(&shared, text).unwrap();
    let shared = shared.display().to_string();
    let v = result(&["spf", "record", "example.org", "--zone", &shared], None);
    assert_eq!(v["tree"]["root"]["children"][0]["repeated"], false);
    assert_eq!(v["tree"]["root"]["children"][1]["repeated"], true);
    let v = result(
        &["spf", "record", "wide.example.org", "--zone", &shared],
        None,
    );
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"spf-lint-tree-truncated"), "{codes:?}");
}

#[test]
fn dmarc_and_check_output_fits_its_schema() {
    let s1 = example("s1/example.co.jp.zone");
    let s3 = example("s3/company.example.zone");
    for (domain, zone) in [("example.co.jp", &s1), ("company.example", &s3)] {
        result(&["dmarc", "check", domain, "--zone", zone], None);
        result(
            &[
                "dmarc", "check", domain, "--zone", zone, "--mode", "rfc7489",
            ],
            None,
        );
        result(&["check", domain, "--zone", zone], None);
        result(
            &[
                "check",
                domain,
                "--zone",
                zone,
                "--ip",
                "203.0.113.25",
                "--selector",
                "s1",
            ],
            None,
        );
        result(
            &[
                "check",
                domain,
                "--zone",
                zone,
                "--ip",
                "203.0.113.25",
                "--ip",
                "198.51.100.20",
                "--profile",
                "docomo",
                "--profile",
                "gmail",
                "--profile",
                "yahoo",
            ],
            None,
        );
    }
    // Several domains: one document, one object per domain, the invalid
    // names apart (exit 2 for them).
    let list = tmp("check-many").join("list.txt");
    std::fs::write(&list, "example.co.jp\nbad..name\nexample.org\n").unwrap();
    let (v, code, _) = run(
        &[
            "check",
            "--domains",
            &list.display().to_string(),
            "--zone",
            &s1,
        ],
        None,
    );
    assert_eq!(code, 2);
    assert_fits("check-many", &v, "check --domains");
    assert_eq!(v["domains"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["invalid"][0]["line"], 2);
    for record in [
        "v=DMARC1; p=reject; rua=mailto:d@example.com",
        "v=DMARC1; p=none; rua=mailto:d@example.com; ptc=100",
        "v=DMARC1; p=bogus; sp=none; pct=50; rua=mailto:x@other.example,ftp://x",
    ] {
        for mode in ["rfc9989", "rfc7489"] {
            let v = result(&["dmarc", "lint", record, "--mode", mode], None);
            assert_eq!(v["record"]["text"], record);
        }
    }
}

#[test]
fn dkim_output_fits_its_schema() {
    let dir = tmp("dkim");
    let out = dir.display().to_string();
    let key = result(
        &[
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "k1",
            "--algorithm",
            "ed25519",
            "--out",
            &out,
            "--force",
        ],
        None,
    );
    assert_eq!(key["algorithm"], "ed25519-sha256");
    let key_file = key["private_key"].as_str().unwrap().to_string();
    let sign = [
        "dkim",
        "sign",
        "--key",
        &key_file,
        "--selector",
        "k1",
        "--domain",
        "shop.example",
    ];
    let text = result(
        &sign,
        Some(b"From: a@shop.example\r\nSubject: x\r\n\r\nbody\r\n"),
    );
    assert!(text.get("message").is_some() && text.get("message_base64").is_none());
    let eight_bit = result(&sign, Some(b"From: a@shop.example\r\n\r\n\xff\xfe\r\n"));
    assert!(eight_bit.get("message_base64").is_some() && eight_bit.get("message").is_none());

    // The signed message verifies against the key published in a zone.
    let signed = text["message"].as_str().unwrap();
    let zone = dir.join("keys.zone");
    std::fs::write(
        &zone,
        format!(
            "$ORIGIN shop.example.\n{}\n",
            key["zone_line"].as_str().unwrap()
        ),
    )
    .unwrap();
    let zone = zone.display().to_string();
    let v = result(
        &["dkim", "verify", "-", "--zone", &zone],
        Some(signed.as_bytes()),
    );
    assert_eq!(v["signatures"][0]["signature"]["result"], "pass");
    // Unsigned, and changed after signing.
    result(
        &["dkim", "verify", "-", "--zone", &zone],
        Some(b"From: a@shop.example\r\n\r\nx\r\n"),
    );
    let changed = signed.replace("body", "b0dy");
    let v = result(
        &["dkim", "verify", "-", "--zone", &zone],
        Some(changed.as_bytes()),
    );
    assert_eq!(v["signatures"][0]["signature"]["result"], "fail");
    // S2 over its zone.
    result(
        &[
            "dkim",
            "verify",
            &example("s2/message.eml"),
            "--zone",
            &example("s2/esp.example.zone"),
        ],
        None,
    );
}

#[test]
fn arc_output_fits_its_schema() {
    let dir = tmp("arc");
    let out = dir.display().to_string();
    let key = result(
        &[
            "dkim",
            "keygen",
            "--domain",
            "list.example",
            "--selector",
            "arc1",
            "--algorithm",
            "ed25519",
            "--out",
            &out,
            "--force",
        ],
        None,
    );
    let zone = dir.join("keys.zone");
    std::fs::write(
        &zone,
        format!(
            "$ORIGIN list.example.\n{}\n",
            key["zone_line"].as_str().unwrap()
        ),
    )
    .unwrap();
    let zone = zone.display().to_string();
    let key_file = key["private_key"].as_str().unwrap().to_string();
    let seal = [
        "arc",
        "seal",
        "--key",
        &key_file,
        "--selector",
        "arc1",
        "--domain",
        "list.example",
        "--authserv-id",
        "mx.list.example",
        "--results",
        "spf=pass smtp.mailfrom=a.example",
        "--zone",
        &zone,
    ];
    let message = b"From: a@a.example\r\nSubject: x\r\n\r\nbody\r\n";
    let sealed = result(&seal, Some(message));
    assert_eq!(
        (sealed["instance"].as_u64(), sealed["cv"].as_str()),
        (Some(1), Some("none"))
    );
    let sealed = sealed["message"].as_str().unwrap().to_string();
    let eight_bit = result(&seal, Some(b"From: a@a.example\r\n\r\n\xff\xfe\r\n"));
    assert!(eight_bit.get("message_base64").is_some());
    // Pass, none, fail.
    let v = result(
        &["arc", "verify", "-", "--zone", &zone],
        Some(sealed.as_bytes()),
    );
    assert_eq!(v["chain"]["status"], "pass");
    let v = result(&["arc", "verify", "-", "--zone", &zone], Some(message));
    assert_eq!(v["chain"]["status"], "none");
    let broken = sealed.replace("body", "b0dy");
    let v = result(
        &["arc", "verify", "-", "--zone", &zone],
        Some(broken.as_bytes()),
    );
    assert_eq!(v["chain"]["status"], "fail");
    // verify with ARC and a trusted sealer's override (S5 with ARC).
    let mut args = vec!["verify".to_string(), example("s5-arc/message.eml")];
    for z in ["example.org", "university.example", "lists.example"] {
        args.push("--zone".into());
        args.push(example(&format!("s5-arc/{z}.zone")));
    }
    for a in [
        "--ip",
        "192.0.2.99",
        "--helo",
        "mail.lists.example",
        "--mail-from",
        "alice@example.org",
        "--trusted-sealer",
        "lists.example",
    ] {
        args.push(a.into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let v = result(&args, None);
    assert_eq!(v["policy_override"]["reason"], "trusted_forwarder");
    // An error of arc seal fits the error schema.
    error(
        &[
            "arc",
            "seal",
            "--key",
            &key_file,
            "--selector",
            "arc1",
            "--domain",
            "list.example",
            "--authserv-id",
            "mx.list.example",
            "/nonexistent/message.eml",
        ],
        3,
    );
}

#[test]
fn errors_fit_the_error_schema_with_their_exit_codes() {
    let zone = example("s1/example.co.jp.zone");
    let missing = Path::new("/nonexistent/domainauth/x").display().to_string();
    // Found by the argument parser, and by the command (exit 2).
    let v = error(&["spf", "chek"], 2);
    assert_eq!(v["error"]["code"], "usage-invalid-subcommand");
    let v = error(
        &[
            "spf", "check", "--ip", "999", "--helo", "x", "--zone", &zone,
        ],
        2,
    );
    assert_eq!(v["error"]["code"], "invalid-ip");
    let v = error(&["dmarc", "lint", "p=none"], 2);
    assert_eq!(v["error"]["code"], "not-dmarc-record");
    // The check could not run (exit 3), in Japanese too.
    let v = error(&["verify", &missing, "--zone", &zone, "--lang", "ja"], 3);
    assert_eq!(v["error"]["code"], "read-file");
    let v = error(&["check", "example.co.jp", "--zone", &missing], 3);
    assert_eq!(v["error"]["code"], "zone-file");
    assert_eq!(v["schema_version"], "1");
}

/// The traces (SPF steps, DMARC tree walks) are in the output only with
/// `--trace`, where the schema puts them.
#[test]
fn traces_only_with_trace() {
    let s1 = s1_verify();
    let plain = result(&strs(&s1), None);
    assert!(
        !has_key(&plain, "trace") && !has_key(&plain, "walk"),
        "{plain}"
    );
    let mut a = s1.clone();
    a.push("--trace".into());
    let traced = result(&strs(&a), None);
    assert!(!traced["spf"]["trace"].as_array().unwrap().is_empty());
    assert_eq!(
        traced["dmarc"]["domains"][0]["walk"]["start"],
        "example.co.jp"
    );
    // Nothing else differs.
    let mut stripped = traced.clone();
    stripped["spf"].as_object_mut().unwrap().remove("trace");
    stripped["dmarc"]["domains"][0]
        .as_object_mut()
        .unwrap()
        .remove("walk");
    assert_eq!(stripped, plain);

    let zone = example("s1/example.co.jp.zone");
    let spf = [
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
    ];
    assert!(!has_key(&result(&spf, None), "trace"));
    let traced = result(&[&spf[..], &["--trace"]].concat(), None);
    let steps = traced["results"][0]["evaluation"]["trace"]
        .as_array()
        .unwrap();
    assert_eq!(steps[0]["step"], "query");

    let dmarc = ["dmarc", "check", "example.co.jp", "--zone", &zone];
    assert!(!has_key(&result(&dmarc, None), "walk"));
    let traced = result(&[&dmarc[..], &["--trace"]].concat(), None);
    assert_eq!(traced["walk"]["steps"][1]["domain"], "co.jp");
}

/// A change made to a document.
type Change = Box<dyn Fn(&mut Value)>;

/// The validator refuses output that differs from the schema: a missing
/// field, an unknown one (at the top or deep inside), another version, a
/// value outside its set, a finding without its text.
#[test]
fn the_validator_refuses_what_the_schema_does_not_describe() {
    let v = result(&strs(&s1_verify()), None);
    assert!(violations("verify", &v).is_empty());
    let broken: [(&str, Change); 7] = [
        (
            "no schema_version",
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("schema_version");
            }),
        ),
        (
            "another version",
            Box::new(|v| v["schema_version"] = json!("2")),
        ),
        (
            "another command",
            Box::new(|v| v["command"] = json!("check")),
        ),
        (
            "an unknown field",
            Box::new(|v| v["debug"] = json!({"queries": []})),
        ),
        (
            "an unknown field inside",
            Box::new(|v| v["spf"]["internal_state"] = json!(1)),
        ),
        (
            "a result outside its set",
            Box::new(|v| v["dmarc"]["result"] = json!("maybe")),
        ),
        (
            "a finding without its text",
            Box::new(|v| {
                v["findings"][0].as_object_mut().unwrap().remove("message");
            }),
        ),
    ];
    for (what, change) in broken {
        let mut b = v.clone();
        change(&mut b);
        assert_ne!(b, v, "{what}");
        assert!(!violations("verify", &b).is_empty(), "{what} was accepted");
    }
    // Objects closed through a flattened enum (a DKIM-signed message, an
    // SPF step) refuse unknown fields too.
    let dkim = json!({
        "schema_version": "1", "command": "dkim sign", "domain": "a.example",
        "selector": "s", "algorithm": "rsa-sha256", "signature": "DKIM-Signature: x",
        "message": "m",
    });
    assert!(violations("dkim-sign", &dkim).is_empty());
    for extra in [json!({"extra": 1}), json!({"message_base64": "bQ=="})] {
        let mut b = dkim.clone();
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        assert!(!violations("dkim-sign", &b).is_empty(), "{b}");
    }
    let mut a = s1_verify();
    a.push("--trace".into());
    let traced = result(&strs(&a), None);
    let mut b = traced.clone();
    b["spf"]["trace"][0]["internal"] = json!(true);
    assert!(!violations("verify", &b).is_empty());
    // The error schema too.
    let e = error(&["spf", "chek"], 2);
    let mut b = e.clone();
    b["error"].as_object_mut().unwrap().remove("code");
    assert!(!violations("error", &b).is_empty());
}

/// `domainauth schema NAME` prints the committed file itself, for every
/// document the tests above validate, so what a script fetches from the
/// installed binary is the contract of that binary's output.
#[test]
fn the_schema_command_prints_the_committed_schemas() {
    let names = [
        "verify",
        "check",
        "check-many",
        "spf-check",
        "spf-record",
        "dmarc-check",
        "dmarc-lint",
        "dkim-verify",
        "dkim-sign",
        "dkim-keygen",
        "arc-verify",
        "arc-seal",
        "reports-ingest",
        "reports-summary",
        "reports-list",
        "reports-show",
        "reports-failures",
        "reports-tls",
        "milter-import-opendkim",
        "milter-import-opendmarc",
        "milter-check-config",
        "error",
    ];
    let folder = root().join("crates/domainauth-cli/schemas");
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(
        files,
        names.len(),
        "one name per file in {}",
        folder.display()
    );
    for name in names {
        let out = common::run(&["schema", name]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "schema {name}: {}",
            stderr(&out)
        );
        let committed =
            std::fs::read_to_string(folder.join(format!("{name}.schema.json"))).unwrap();
        assert_eq!(stdout(&out), committed, "schema {name}");
    }
    let out = common::run(&["schema", "nonsense", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let error: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_fits("error", &error, "schema nonsense");
}

/// `milter import-opendkim --json` and `import-opendmarc --json`: the
/// configuration and each note with its file, line and code.
#[test]
fn milter_import_output_fits_its_schema() {
    let dir = tmp("milter-import");
    std::fs::create_dir_all(&dir).unwrap();
    let dkim = dir.join("opendkim.conf");
    std::fs::write(
        &dkim,
        "Syslog yes\nSocket inet:8891@localhost\nAuthservID mx.example.net\nInternalHosts csl:10.0.0.0/8,relay.example.net\n",
    )
    .unwrap();
    let dmarc = dir.join("opendmarc.conf");
    std::fs::write(
        &dmarc,
        "RejectFailures true\nHistoryFile /var/run/opendmarc.dat\n",
    )
    .unwrap();
    let v = result(
        &[
            "milter",
            "import-opendkim",
            dkim.to_str().unwrap(),
            "--opendmarc",
            dmarc.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(v["config"]["listen"], "inet:127.0.0.1:8891");
    assert_eq!(v["config"]["policy"]["reject"], "reject");
    assert_eq!(
        v["config"]["signing"]["internal_hosts"],
        serde_json::json!(["10.0.0.0/8"])
    );
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["setting"] == "Syslog" && n["line"] == 1 && n["code"] == "service")
    );
    assert!(notes.iter().any(|n| n["setting"] == "InternalHosts"
        && n["code"] == "host-name"
        && n["params"]["host"] == "relay.example.net"));
    assert!(
        notes
            .iter()
            .any(|n| n["setting"] == "HistoryFile" && n["code"] == "history")
    );
    let v = result(
        &["milter", "import-opendmarc", dmarc.to_str().unwrap()],
        None,
    );
    assert_eq!(v["command"], "milter import-opendmarc");
    let e = error(
        &[
            "milter",
            "import-opendmarc",
            dir.join("none.conf").to_str().unwrap(),
        ],
        2,
    );
    assert_eq!(e["error"]["code"], "read-file");
}

/// `milter --check-config --json`: each key with what DNS holds for it
/// (one published, one not: exit 1), and a file that cannot be used as an
/// error document naming its line.
#[test]
fn milter_check_config_output_fits_its_schema() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tmp("milter-check-config");
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("key.pem");
    let signing =
        domainauth::dkim::SigningKey::generate(domainauth::dkim::Algorithm::Ed25519Sha256, 0)
            .unwrap();
    std::fs::write(&key, signing.to_pkcs8_pem().unwrap()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let record = signing.key_record().unwrap();
    let zone = dir.join("example.com.zone");
    std::fs::write(
        &zone,
        format!("s1._domainkey.example.com. 300 IN TXT \"{record}\"\n"),
    )
    .unwrap();
    let config = dir.join("milter.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n\
             [dns]\nzones = [{zone:?}]\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"s1\"\nkey = {key:?}\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"s2\"\nkey = {key:?}\n"
        ),
    )
    .unwrap();
    let path = config.to_str().unwrap();
    let (v, code, _) = run(&["milter", "--config", path, "--check-config"], None);
    assert_eq!(code, 1, "{v}");
    let v = result(&["milter", "--config", path, "--check-config"], None);
    assert_eq!(v["command"], "milter --check-config");
    assert_eq!(v["listen"], "inet:127.0.0.1:8891");
    assert_eq!(v["all_published"], false);
    let keys = v["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{v}");
    assert_eq!(keys[0]["name"], "s1._domainkey.example.com");
    assert_eq!(keys[0]["published"], "matches");
    assert_eq!(keys[0]["reason"], Value::Null);
    assert_eq!(keys[1]["published"], "missing");
    // No record at all: nothing to add to the name.
    assert_eq!(keys[1]["reason"], Value::Null, "{v}");
    // The record to publish for s2 is the key's, as published for s1.
    assert_eq!(keys[1]["record"], record.as_str());
    let v = result(
        &["--lang", "ja", "milter", "--config", path, "--check-config"],
        None,
    );
    assert!(
        v["message"].as_str().unwrap().contains("正しい設定です"),
        "{v}"
    );

    std::fs::write(
        &config,
        "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = 3\n",
    )
    .unwrap();
    let e = error(&["milter", "--config", path, "--check-config"], 2);
    assert_eq!(e["error"]["code"], "milter-config");
    assert_eq!(e["error"]["params"]["line"], "2");
}

/// The `$defs` entry a `$ref` inside the same schema points at.
fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    root.pointer(reference.strip_prefix('#')?)
}

/// Every property name the object schema `s` can give an instance: its
/// own `properties`, and those of what it takes from a `$ref` or (a
/// tagged or flattened enum) from its `oneOf`/`anyOf`/`allOf` branches.
fn property_names(root: &Value, s: &Value, depth: usize, out: &mut Vec<String>) {
    if depth > 16 {
        return;
    }
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        out.extend(props.keys().cloned());
    }
    if let Some(t) = s
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|target| resolve(root, target))
    {
        property_names(root, t, depth + 1, out);
    }
    for keyword in ["oneOf", "anyOf", "allOf"] {
        for branch in s
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            property_names(root, branch, depth + 1, out);
        }
    }
}

/// Where, in `s` (at `path`) or below, one object would get the same key
/// from two parts of its schema: its own `properties` and a `$ref` beside
/// them (an internally tagged enum's variant holding another value:
/// `{"kind":"syntax","kind":"missing_equals"}`), or its own `properties`
/// and a branch of a flattened enum.
fn repeated_keys(root: &Value, s: &Value, path: &str, out: &mut Vec<String>) {
    match s {
        Value::Object(map) => {
            let own: Vec<&String> = map
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().collect())
                .unwrap_or_default();
            let mut parts: Vec<(&str, &Value)> = Vec::new();
            if let Some(r) = map.get("$ref") {
                parts.push(("$ref", r));
            }
            for keyword in ["oneOf", "anyOf", "allOf"] {
                for branch in map
                    .get(keyword)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    parts.push((keyword, branch));
                }
            }
            for (keyword, part) in parts {
                let mut theirs = Vec::new();
                match part.as_str() {
                    Some(reference) => {
                        if let Some(t) = resolve(root, reference) {
                            property_names(root, t, 0, &mut theirs);
                        }
                    }
                    None => property_names(root, part, 0, &mut theirs),
                }
                for key in own.iter().filter(|k| theirs.contains(k)) {
                    out.push(format!(
                        "{path}: {key:?} from properties and from {keyword}"
                    ));
                }
            }
            for (k, sub) in map {
                repeated_keys(root, sub, &format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, sub) in items.iter().enumerate() {
                repeated_keys(root, sub, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// No schema lets one object hold a key twice: every type of every
/// document (each error and problem included, at any depth) is walked.
#[test]
fn no_schema_gives_an_object_a_key_twice() {
    let folder = root().join("crates/domainauth-cli/schemas");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = name.trim_end_matches(".schema.json");
        let s = schema(name);
        repeated_keys(&s, &s, name, &mut found);
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The walk finds what it looks for: a tagged enum's variant that
    // takes the fields of a type with the same tag.
    let tagged = json!({
        "$defs": {
            "Inner": { "oneOf": [ { "properties": { "kind": { "const": "a" }, "pos": {} } } ] },
            "Outer": { "oneOf": [ { "properties": { "kind": { "const": "b" } }, "$ref": "#/$defs/Inner" } ] }
        }
    });
    let mut found = Vec::new();
    repeated_keys(&tagged, &tagged, "t", &mut found);
    assert_eq!(
        found,
        ["t/$defs/Outer/oneOf/0: \"kind\" from properties and from $ref"]
    );
    let flattened =
        json!({ "properties": { "step": {} }, "oneOf": [ { "properties": { "step": {} } } ] });
    let mut found = Vec::new();
    repeated_keys(&flattened, &flattened, "f", &mut found);
    assert_eq!(found, ["f: \"step\" from properties and from oneOf"]);
}

/// A message whose DKIM-Signature misses a= (the first required tag
/// missing, at the end of the field value).
const NO_ALGORITHM: &[u8] = b"DKIM-Signature: v=1; d=b.example\r\nFrom: a@b.example\r\n\r\nx\r\n";

/// Nested errors keep one `kind` per object: an unusable signature (in
/// `dkim verify` and `verify`), an SPF record with an invalid macro (in
/// `spf record`, `spf check` and `check`) and a key record with a control
/// character (in `dkim verify`), each valid against its schema and with
/// each key once per object (`run` checks the raw text).
#[test]
fn nested_errors_keep_one_kind_per_object() {
    let dir = tmp("nested");
    let zone = dir.join("b.zone");
    std::fs::write(
        &zone,
        "$ORIGIN b.example.\n\
         @ IN TXT \"v=spf1 a:%{d200} -all\"\n\
         s._domainkey IN TXT \"p=\\001\"\n",
    )
    .unwrap();
    let zone = zone.display().to_string();
    let sig1 = dir.join("sig1.eml");
    std::fs::write(&sig1, NO_ALGORITHM).unwrap();
    let sig1 = sig1.display().to_string();

    let v = result(&["dkim", "verify", &sig1, "--zone", &zone], None);
    let problem = &v["signatures"][0]["signature"]["problem"];
    assert_eq!(problem["kind"], "signature", "{v}");
    assert_eq!(problem["error"]["tag"], "a", "{v}");
    assert_eq!(problem["error"]["pos"], 17, "{v}");
    assert_eq!(problem["error"]["kind"]["kind"], "missing", "{v}");
    let v = result(
        &[
            "verify",
            &sig1,
            "--zone",
            &zone,
            "--ip",
            "192.0.2.1",
            "--helo",
            "mail.b.example",
            "--mail-from",
            "a@b.example",
        ],
        None,
    );
    assert_eq!(
        v["dkim"][0]["problem"]["error"]["kind"]["kind"], "missing",
        "{v}"
    );

    let v = result(&["spf", "record", "b.example", "--zone", &zone], None);
    let problem = &v["tree"]["root"]["problem"];
    assert_eq!(problem["kind"], "syntax", "{v}");
    assert_eq!(problem["error"]["term"], "a:%{d200}", "{v}");
    assert_eq!(problem["error"]["kind"]["kind"], "macro", "{v}");
    assert_eq!(
        problem["error"]["kind"]["error"]["kind"], "bad_transformer",
        "{v}"
    );
    let v = result(
        &[
            "spf",
            "check",
            "--zone",
            &zone,
            "--ip",
            "192.0.2.1",
            "--mail-from",
            "a@b.example",
            "--helo",
            "mail.b.example",
        ],
        None,
    );
    let problem = &v["results"][0]["evaluation"]["problem"];
    assert_eq!(
        problem["error"]["kind"]["error"]["kind"], "bad_transformer",
        "{v}"
    );
    let v = result(&["check", "b.example", "--zone", &zone], None);
    let problem = &v["report"]["spf"]["root"]["problem"];
    assert_eq!(
        problem["error"]["kind"]["error"]["kind"], "bad_transformer",
        "{v}"
    );

    let signed =
        b"DKIM-Signature: v=1; a=rsa-sha256; d=b.example; s=s; h=from; bh=AAAA; b=AAAA\r\n\
                   From: a@b.example\r\n\r\nx\r\n";
    let v = result(&["dkim", "verify", "-", "--zone", &zone], Some(signed));
    let problem = &v["signatures"][0]["signature"]["problem"];
    assert_eq!(problem["kind"], "key_syntax", "{v}");
    assert_eq!(problem["error"]["kind"], "syntax", "{v}");
    assert_eq!(problem["error"]["error"]["kind"], "bad_value_char", "{v}");
}

#[test]
fn reports_output_fits_its_schema() {
    let dir = tmp("reports");
    let db = dir.join("reports.sqlite");
    let _ = std::fs::remove_file(&db);
    let db = db.to_str().unwrap().to_string();
    let reports = example("reports");
    let zone = format!("{}.zone", reports);
    // Stored, then already stored; with and without reverse DNS.
    let v = result(
        &["reports", "ingest", &reports, "--zone", &zone, "--db", &db],
        None,
    );
    assert_eq!(v["aggregate_stored"], 4);
    let v = result(
        &["reports", "ingest", &reports, "--offline", "--db", &db],
        None,
    );
    assert_eq!(v["aggregate_stored"], 0);
    assert!(v["reverse_dns_lookups"].is_null());
    // A refused file, in Japanese.
    let v = result(
        &[
            "reports",
            "ingest",
            &zone,
            "--offline",
            "--db",
            &db,
            "--lang",
            "ja",
        ],
        None,
    );
    assert_eq!(v["rejected"].as_array().unwrap().len(), 1);
    for by in ["source", "org", "day", "domain"] {
        for lang in ["en", "ja"] {
            let v = result(
                &[
                    "reports", "summary", "--db", &db, "--by", by, "--lang", lang,
                ],
                None,
            );
            assert_eq!(v["failing"].as_array().unwrap().len(), 4);
        }
    }
    let v = result(
        &[
            "reports",
            "summary",
            "--db",
            &db,
            "--domain",
            "example.co.jp",
            "--since",
            "2026-01-06",
        ],
        None,
    );
    assert!(v["counts"]["messages"].as_u64().unwrap() > 0);
    let v = result(&["reports", "show", "#1", "--db", &db], None);
    assert_eq!(v["reports"].as_array().unwrap().len(), 1);
    let v = result(&["reports", "list", "--db", &db], None);
    assert_eq!(v["reports"].as_array().unwrap().len(), 4);
    result(&["reports", "failures", "--db", &db], None);
    result(&["reports", "tls", "--db", &db], None);
    error(&["reports", "show", "no-such-report", "--db", &db], 2);
    error(
        &["reports", "summary", "--db", &db, "--since", "yesterday"],
        2,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
