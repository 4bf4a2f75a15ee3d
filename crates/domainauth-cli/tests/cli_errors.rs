//! Errors as a script sees them: with `--json` an object on stdout with a
//! stable code, the message in the language asked for and its parameters,
//! and the same exit codes as without (2: the arguments, 3: the check could
//! not run); `dkim sign --json` gives the signature and the signed message.

mod common;

use common::{run, run_with_stdin, stderr, stdout};
use serde_json::Value;

fn error_json(args: &[&str], exit: i32) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(exit), "{args:?}: {}", stderr(&o));
    assert!(o.stderr.is_empty(), "{args:?}: stderr {}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&o)));
    let error = &v["error"];
    assert!(error["code"].is_string(), "{v}");
    assert!(!error["message"].as_str().unwrap_or("").is_empty(), "{v}");
    assert!(error["params"].is_object(), "{v}");
    v
}

#[test]
fn our_errors_are_json_objects_with_their_exit_codes() {
    let v = error_json(
        &[
            "spf",
            "check",
            "--ip",
            "999",
            "--helo",
            "h.example",
            "--json",
        ],
        2,
    );
    assert_eq!(v["error"]["code"], "invalid-ip");
    assert_eq!(v["error"]["params"]["option"], "--ip");
    assert_eq!(v["error"]["params"]["value"], "999");
    assert_eq!(
        v["error"]["message"],
        "--ip \"999\" is not an IPv4 or IPv6 address"
    );
    // The same error without --json: one line on stderr, nothing on stdout.
    let o = run(&["spf", "check", "--ip", "999", "--helo", "h.example"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "domainauth: --ip \"999\" is not an IPv4 or IPv6 address\n"
    );

    // Could not run: exit 3, the library error with its own id and fields.
    let v = error_json(
        &[
            "spf",
            "record",
            "a.example",
            "--zone",
            "/nonexistent/z.zone",
            "--json",
        ],
        3,
    );
    let params = &v["error"]["params"];
    assert_eq!(v["error"]["code"], "zone-file");
    assert_eq!(params["error.id"], "reason-zone-io");
    assert_eq!(params["error.path"], "/nonexistent/z.zone");
    assert_eq!(params["error.error.id"], "reason-io-not-found");
    assert!(
        params["error"]
            .as_str()
            .unwrap()
            .contains("cannot read zone file /nonexistent/z.zone"),
        "{v}"
    );

    // In Japanese: the same code and parameters, the message in Japanese.
    let ja = error_json(
        &[
            "--lang",
            "ja",
            "spf",
            "record",
            "a.example",
            "--zone",
            "/nonexistent/z.zone",
            "--json",
        ],
        3,
    );
    assert_eq!(ja["error"]["code"], v["error"]["code"]);
    assert_eq!(ja["error"]["params"], v["error"]["params"]);
    let message = ja["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("ゾーンファイル /nonexistent/z.zone を読み取れません"),
        "{message}"
    );
    assert!(message.contains("ありません"), "{message}");
}

#[test]
fn argument_errors_found_by_the_parser_are_json_too() {
    // --json anywhere on the line: before the subcommand, after it.
    for args in [&["--json", "spf", "chek"][..], &["spf", "chek", "--json"]] {
        let v = error_json(args, 2);
        assert_eq!(v["error"]["code"], "usage-invalid-subcommand", "{args:?}");
        assert_eq!(v["error"]["params"]["subcommand"], "chek");
        assert_eq!(v["error"]["params"]["suggested"], "check");
        // In English the message is clap's own.
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("unrecognized subcommand 'chek'"),
            "{message}"
        );
        assert!(message.contains("'check'"), "{message}");
    }
    let v = error_json(&["spf", "check", "--ip", "192.0.2.1", "--json"], 2);
    assert_eq!(v["error"]["code"], "usage-missing-argument");
    assert!(
        v["error"]["params"]["arguments"]
            .as_str()
            .unwrap()
            .contains("--helo"),
        "{v}"
    );
    let v = error_json(
        &[
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--helo",
            "h",
            "--identity",
            "mail",
            "--json",
        ],
        2,
    );
    assert_eq!(v["error"]["code"], "usage-invalid-value");
    assert_eq!(v["error"]["params"]["argument"], "--identity");
    assert_eq!(v["error"]["params"]["value"], "mail");
    let v = error_json(
        &[
            "--lang",
            "ja",
            "spf",
            "check",
            "--resolver",
            "nowhere",
            "--json",
        ],
        2,
    );
    assert_eq!(v["error"]["code"], "usage-value-validation");
    assert_eq!(v["error"]["params"]["hint"], "resolver");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("--resolver に指定した \"nowhere\" は使えません"),
        "{message}"
    );
    // --help is not an error, with or without --json.
    let o = run(&["spf", "check", "--help", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Exit codes"));
    // Without --json, English parser errors are clap's words, on stderr,
    // on one line (a quoted value cannot start a line), with the usage.
    let o = run(&["spf", "chek"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.starts_with("domainauth: unrecognized subcommand 'chek'; tip: a similar subcommand exists: 'check'\n"),
        "{err}"
    );
    assert!(err.contains("Usage: domainauth"), "{err}");
    let o = run(&["verify", "m.eml", "--x\nFAKE: ok"]);
    assert!(
        !stderr(&o).lines().any(|l| l.starts_with("FAKE")),
        "{}",
        stderr(&o)
    );
    // And in Japanese, ours, with the usage line.
    let o = run(&["--lang", "ja", "spf", "chek"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "domainauth: 不明なサブコマンド \"chek\" です。もしかして \"check\" ですか？"
        ),
        "{err}"
    );
    assert!(
        err.contains("使い方: domainauth spf [オプション] <コマンド>"),
        "{err}"
    );
}

#[test]
fn dkim_sign_json_gives_the_signature_and_the_signed_message() {
    let dir = std::env::temp_dir().join(format!("domainauth-cli-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.display().to_string();
    let o = run(&[
        "dkim",
        "keygen",
        "--domain",
        "shop.example",
        "--selector",
        "j",
        "--out",
        &out,
        "--force",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let key: Value = serde_json::from_slice(&o.stdout).unwrap();
    let private = dir.join("j.private").display().to_string();
    let message = b"From: Shop <news@shop.example>\r\nSubject: sale\r\n\r\nHello\r\n";
    let sign = |input: &[u8]| {
        let o = run_with_stdin(
            &[
                "dkim",
                "sign",
                "--key",
                &private,
                "--selector",
                "j",
                "--domain",
                "shop.example",
                "--json",
            ],
            Some(input),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice::<Value>(&o.stdout).unwrap()
    };
    let v = sign(message);
    assert_eq!(v["command"], "dkim sign");
    assert_eq!(v["domain"], "shop.example");
    assert_eq!(v["selector"], "j");
    assert_eq!(v["algorithm"], "rsa-sha256");
    let field = v["signature"].as_str().unwrap();
    assert!(
        field.starts_with("DKIM-Signature: v=1; a=rsa-sha256;"),
        "{field}"
    );
    assert!(
        field.contains("d=shop.example") && field.contains("s=j"),
        "{field}"
    );
    let signed = v["message"].as_str().unwrap();
    // The signed message is the field, the message's line end, the message.
    assert_eq!(
        signed.as_bytes(),
        [field.as_bytes(), b"\r\n", message].concat()
    );
    // It verifies against the published key.
    let zone = dir.join("j.zone");
    let txt: Vec<String> = key["txt"]
        .as_str()
        .unwrap()
        .as_bytes()
        .chunks(200)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    std::fs::write(
        &zone,
        format!("j._domainkey.shop.example. IN TXT {}\n", txt.join(" ")),
    )
    .unwrap();
    let m = dir.join("signed.eml");
    std::fs::write(&m, signed).unwrap();
    let o = run(&[
        "dkim",
        "verify",
        m.to_str().unwrap(),
        "--zone",
        zone.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A message that is not UTF-8 comes back as base64, byte for byte.
    let latin1 = b"From: news@shop.example\r\nSubject: caf\xe9\r\n\r\ncaf\xe9\r\n";
    let v = sign(latin1);
    assert!(v["message"].is_null(), "{v}");
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(v["message_base64"].as_str().unwrap())
        .unwrap();
    assert!(bytes.ends_with(latin1));
    assert!(bytes.starts_with(v["signature"].as_str().unwrap().as_bytes()));
    // Without --json: the signed message itself, as before.
    let o = run_with_stdin(
        &[
            "dkim",
            "sign",
            "--key",
            &private,
            "--selector",
            "j",
            "--domain",
            "shop.example",
        ],
        Some(message),
    );
    assert!(o.stdout.starts_with(b"DKIM-Signature: "));
    assert!(o.stdout.ends_with(message));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever the parser refuses, --json (before or after the
    /// subcommand) gives one error object on stdout and exit 2, in either
    /// language, and the Japanese message is Japanese.
    #[test]
    fn any_refused_argument_is_a_json_error_with_exit_2(
        option in "--[a-z]{3,10}",
        japanese in proptest::prelude::any::<bool>(),
        json_first in proptest::prelude::any::<bool>(),
    ) {
        proptest::prop_assume!(option != "--help" && option != "--version");
        let mut args: Vec<&str> = Vec::new();
        if japanese {
            args.extend(["--lang", "ja"]);
        }
        if json_first {
            args.push("--json");
        }
        args.extend(["spf", "check", &option]);
        if !json_first {
            args.push("--json");
        }
        let o = run(&args);
        proptest::prop_assert_eq!(o.status.code(), Some(2), "{:?}: {}", args, stderr(&o));
        proptest::prop_assert!(o.stderr.is_empty(), "{:?}: {}", args, stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout)
            .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{args:?}: {e}")))?;
        let code = v["error"]["code"].as_str().unwrap_or("");
        proptest::prop_assert!(code.starts_with("usage-"), "{:?}: {}", args, v);
        let message = v["error"]["message"].as_str().unwrap_or("");
        proptest::prop_assert!(!message.is_empty());
        if japanese {
            let words = domainauth_testkit::ja::english_words(message);
            proptest::prop_assert!(words.is_empty(), "{:?}: {:?} in {}", args, words, message);
        }
    }
}

/// Values the argument parser quotes back (an invalid --lang, --profile or
/// subcommand) reach the terminal with their control and bidi characters
/// escaped, in English (clap's own text) and in Japanese.
#[test]
fn argument_errors_do_not_pass_terminal_controls_through() {
    let hostile = "a\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}X";
    let cases: [Vec<&str>; 4] = [
        vec!["--lang", hostile, "spf", "record", "x.example"],
        vec!["verify", "m.eml", "--profile", hostile],
        vec![hostile],
        vec![
            "--lang",
            "ja",
            "spf",
            "record",
            "x.example",
            "--timeout",
            hostile,
        ],
    ];
    for args in cases {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(!err.is_empty(), "{args:?}");
        for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!err.contains(c), "{args:?}: {err:?}");
        }
    }
}

/// --timeout is bounded: a value a timer cannot hold is an argument error,
/// not a crash.
#[test]
fn an_unbounded_timeout_is_an_argument_error() {
    for value in ["0", "301", "18446744073709551615"] {
        let o = run(&[
            "spf",
            "record",
            "x.example",
            "--resolver",
            "127.0.0.1:9",
            "--timeout",
            value,
        ]);
        assert_eq!(o.status.code(), Some(2), "{value}: {}", stderr(&o));
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "domainauth-cli-errors-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A message, a --psl file or a key is read within a limit: a device is
/// refused before any read and a larger file is named with the limit
/// (exit 3), instead of reading /dev/zero until memory runs out.
#[test]
fn input_files_are_read_within_a_limit() {
    let dir = scratch("limits");
    let zone = common::root().join("examples/s1/example.co.jp.zone");
    let zone = zone.display().to_string();
    let message = common::root().join("examples/s1/message.eml");
    let message = message.display().to_string();
    #[cfg(unix)]
    {
        let v = error_json(&["verify", "/dev/zero", "--zone", &zone, "--json"], 3);
        assert_eq!(v["error"]["code"], "not-a-file");
        assert_eq!(v["error"]["params"]["path"], "/dev/zero");
        let v = error_json(
            &[
                "verify",
                &message,
                "--zone",
                &zone,
                "--psl",
                "/dev/zero",
                "--json",
            ],
            3,
        );
        assert_eq!(v["error"]["code"], "not-a-file");
        let v = error_json(&["dkim", "verify", "/dev/urandom", "--json"], 3);
        assert_eq!(v["error"]["code"], "not-a-file");
    }
    // Sparse files: their size is known before any read.
    let big_message = dir.join("big.eml");
    std::fs::File::create(&big_message)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let big_message = big_message.display().to_string();
    let v = error_json(&["verify", &big_message, "--zone", &zone, "--json"], 3);
    assert_eq!(v["error"]["code"], "file-too-large");
    assert_eq!(v["error"]["params"]["path"], big_message.as_str());
    assert_eq!(v["error"]["params"]["limit_mib"], "64");
    assert_eq!(v["error"]["params"]["what"], "message");
    let o = run(&["verify", &big_message, "--zone", &zone]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        stderr(&o),
        format!("domainauth: {big_message} is larger than 64 MiB, the most read for a message\n")
    );
    let big_psl = dir.join("big.dat");
    std::fs::File::create(&big_psl)
        .unwrap()
        .set_len(16 * 1024 * 1024 + 1)
        .unwrap();
    let big_psl = big_psl.display().to_string();
    let v = error_json(
        &[
            "--lang", "ja", "verify", &message, "--zone", &zone, "--psl", &big_psl, "--json",
        ],
        3,
    );
    assert_eq!(v["error"]["code"], "file-too-large");
    assert_eq!(v["error"]["params"]["limit_mib"], "16");
    let text = v["error"]["message"].as_str().unwrap();
    assert!(
        text.contains("Public Suffix List として読み込める上限（16 メガバイト）"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // The limits are documented where the arguments are.
    let help = stdout(&run(&["verify", "--help"]));
    assert!(
        help.contains("at most 64 MiB") && help.contains("at most 16 MiB"),
        "{help}"
    );
}

/// Standard input ("-") has the same limit: one byte more than 64 MiB is
/// refused after reading at most that much.
#[test]
fn standard_input_is_read_within_the_message_limit() {
    use std::io::Write as _;
    use std::process::Stdio;
    for args in [
        &["verify", "-", "--json"][..],
        &["dkim", "verify", "-", "--json"],
    ] {
        let mut child = common::command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let chunk = vec![b'a'; 1024 * 1024];
            for _ in 0..64 {
                if stdin.write_all(&chunk).is_err() {
                    return;
                }
            }
            // The reader stops at the limit: this byte may find it gone.
            let _ = stdin.write_all(b"a");
        });
        let o = child.wait_with_output().unwrap();
        writer.join().unwrap();
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["error"]["code"], "stdin-too-large", "{v}");
        assert_eq!(v["error"]["params"]["limit_mib"], "64");
    }
}

/// Output that cannot be written (a full disk, here /dev/full) is an error
/// on stderr with exit 3, as text and as JSON, for the checks and for the
/// generated text; a reader that went away (`| head`) stays quiet.
#[cfg(target_os = "linux")]
#[test]
fn output_write_failures_are_reported() {
    let zone = common::root().join("examples/s1/example.co.jp.zone");
    let zone = zone.display().to_string();
    let message = common::root().join("examples/s1/message.eml");
    let message = message.display().to_string();
    let to_full = |args: &[&str]| {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        common::command().args(args).stdout(full).output().unwrap()
    };
    let cases: [Vec<&str>; 7] = [
        vec!["check", "example.co.jp", "--zone", &zone],
        vec!["check", "example.co.jp", "--zone", &zone, "--json"],
        vec!["verify", &message, "--zone", &zone],
        vec![
            "--lang",
            "ja",
            "dmarc",
            "lint",
            "v=DMARC1; p=none",
            "--json",
        ],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["schema", "verify"],
    ];
    for args in &cases {
        let o = to_full(args);
        assert_eq!(o.status.code(), Some(3), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        if args.contains(&"ja") {
            assert!(err.contains("標準出力に書き込めません"), "{err}");
            assert!(err.contains("ディスクの空きがありません"), "{err}");
        } else {
            assert!(
                err.starts_with("domainauth: cannot write to standard output: "),
                "{err}"
            );
        }
    }
    // A closed pipe: no error message, the check's own exit code.
    let mut child = common::command()
        .args(["check", "example.co.jp", "--zone", &zone])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert!(matches!(o.status.code(), Some(0 | 1)), "{:?}", o.status);
}

/// The keys of an error document's params.
fn param_keys(v: &Value) -> Vec<String> {
    v["error"]["params"]
        .as_object()
        .unwrap_or_else(|| panic!("{v}"))
        .keys()
        .cloned()
        .collect()
}

/// The same mistake gives the same code, parameters and message whatever
/// the command: an IP address option that is not an address is
/// `invalid-ip` with the option and the value, as the README documents.
#[test]
fn a_bad_ip_address_is_the_same_error_everywhere() {
    let message = common::root().join("examples/s1/message.eml");
    let message = message.display().to_string();
    let cases: [Vec<&str>; 4] = [
        vec!["spf", "check", "--ip", "999", "--helo", "h.example"],
        vec!["verify", &message, "--ip", "999"],
        vec!["check", "example.com", "--ip", "999"],
        vec!["check", "example.com", "--ip=999"],
    ];
    for lang in ["en", "ja"] {
        let mut documents = Vec::new();
        for case in &cases {
            let mut args = vec!["--lang", lang];
            args.extend(case);
            args.push("--json");
            let v = error_json(&args, 2);
            assert_eq!(v["error"]["code"], "invalid-ip", "{args:?}: {v}");
            assert_eq!(param_keys(&v), ["option", "value"], "{args:?}: {v}");
            assert_eq!(v["error"]["params"]["option"], "--ip");
            assert_eq!(v["error"]["params"]["value"], "999");
            documents.push(v);
        }
        assert!(documents.windows(2).all(|w| w[0] == w[1]), "{documents:?}");
    }
    // Without --json: the same line on stderr.
    for case in &cases {
        let o = run(case);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            stderr(&o),
            "domainauth: --ip \"999\" is not an IPv4 or IPv6 address\n",
            "{case:?}"
        );
    }
}

/// An argument error's params hold what its message uses and nothing
/// else: no empty value, no list of profiles for a --lang mistake, no
/// suggestion when clap has none.
#[test]
fn argument_error_params_hold_only_what_the_message_uses() {
    let message = common::root().join("examples/s1/message.eml");
    let message = message.display().to_string();
    let cases: Vec<(Vec<&str>, &str, &[&str])> = vec![
        (
            vec!["--lang", "fr", "spf", "record", "x.example"],
            "usage-value-validation",
            &["argument", "hint", "value"],
        ),
        (
            vec!["verify", &message, "--profile", "hotmail"],
            "usage-value-validation",
            &["argument", "hint", "profiles", "value"],
        ),
        (
            vec!["spf", "record", "x.example", "--timeout", "0"],
            "usage-value-validation",
            &["argument", "hint", "value"],
        ),
        (
            vec!["spf", "check", "--ipp", "192.0.2.1", "--helo", "h"],
            "usage-unknown-argument",
            &["argument", "suggested"],
        ),
        (
            vec!["spf", "check", "--zzz"],
            "usage-unknown-argument",
            &["argument"],
        ),
        (
            vec!["spf", "chek"],
            "usage-invalid-subcommand",
            &["subcommand", "suggested"],
        ),
        (
            vec!["spf", "zzz"],
            "usage-invalid-subcommand",
            &["subcommand"],
        ),
        (
            vec![
                "spf",
                "check",
                "--ip",
                "192.0.2.1",
                "--helo",
                "h",
                "--identity",
                "mail",
            ],
            "usage-invalid-value",
            &["argument", "suggested", "valid", "value"],
        ),
        (
            vec![
                "spf",
                "check",
                "--ip",
                "192.0.2.1",
                "--helo",
                "h",
                "--identity",
                "zzz",
            ],
            "usage-invalid-value",
            &["argument", "valid", "value"],
        ),
        (
            vec!["spf", "check", "--ip", "192.0.2.1"],
            "usage-missing-argument",
            &["arguments"],
        ),
        // An option given no value is not "an invalid value among none".
        (
            vec!["spf", "check", "--helo", "h", "--ip"],
            "usage-missing-value",
            &["argument"],
        ),
        (
            vec!["man", "--dir", ""],
            "usage-missing-value",
            &["argument"],
        ),
        (
            vec!["verify", &message, "--helo", "h.example"],
            "usage-missing-argument",
            &["arguments"],
        ),
        (
            vec!["dkim", "verify", &message, "--now", "1", "--ignore-time"],
            "usage-argument-conflict",
            &["argument", "prior"],
        ),
    ];
    for (args, code, keys) in cases {
        for lang in ["en", "ja"] {
            // (A case about --lang gives its own.)
            let mut all = if args.contains(&"--lang") {
                vec![]
            } else {
                vec!["--lang", lang]
            };
            all.extend(&args);
            all.push("--json");
            let v = error_json(&all, 2);
            assert_eq!(v["error"]["code"], code, "{all:?}: {v}");
            assert_eq!(param_keys(&v), keys, "{all:?}: {v}");
            for (key, value) in v["error"]["params"].as_object().unwrap() {
                assert!(
                    !value.as_str().unwrap().is_empty(),
                    "{all:?}: empty {key}: {v}"
                );
            }
        }
    }
}
