//! What the command prints from input (the envelope, DNS records, file
//! names) reaches the terminal with its control characters escaped.

mod common;

use common::{run, stderr, stdout};
use domainauth::escape::is_escaped_char;
use proptest::prelude::*;
use serde_json::Value;

/// No control character but the layout's line feeds and tabs.
fn assert_terminal_safe(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && c != '\t' && is_escaped_char(c))
    {
        panic!("control character {c:?} in output:\n{text}");
    }
}

/// A zone file holding `record` as the TXT record of evil.example, every
/// octet outside letters and digits written as an RFC 1035 §5.1 `\DDD`.
fn zone_with_record(dir: &std::path::Path, name: &str, record: &[u8]) -> String {
    let mut text = String::new();
    for &b in record {
        if b.is_ascii_alphanumeric() {
            text.push(char::from(b));
        } else {
            text.push_str(&format!("\\{b:03}"));
        }
    }
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "$ORIGIN evil.example.\n@ IN TXT \"{text}\"\n_dmarc IN TXT \"v=DMARC1; p=none; rua=mailto:{text}@evil.example\"\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn tmp() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("domainauth-cli-escape-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn spf_check(
    zone: &str,
    mail_from: &str,
    helo: &str,
    receiver: &str,
    json: bool,
) -> std::process::Output {
    // `--name=value`: a value may start with "-".
    let mail_from = format!("--mail-from={mail_from}");
    let helo = format!("--helo={helo}");
    let receiver = format!("--receiver={receiver}");
    let mut args = vec![
        "spf",
        "check",
        "--zone",
        zone,
        "--ip",
        "198.51.100.7",
        &mail_from,
        &helo,
        &receiver,
        "--identity",
        "both",
    ];
    if json {
        args.push("--json");
    }
    run(&args)
}

#[test]
fn cli_output_escapes_control_characters() {
    let dir = tmp();
    // A record with an escape sequence, a C1 CSI and a right-to-left override.
    let zone = zone_with_record(
        &dir,
        "evil.zone",
        "v=spf1 a:x\u{1b}[2J\u{9b}31m\u{202e}.evil.example -all".as_bytes(),
    );
    let mail_from = "x\r\nX-Injected: yes\r\n@evil.example";
    let o = spf_check(
        &zone,
        mail_from,
        "mx\u{1b}]0;title\u{7}.evil.example",
        "mx\u{85}.test",
        false,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert_terminal_safe(&out);
    assert!(!out.contains("\nX-Injected"), "{out}");
    assert!(
        out.contains("x\\r\\nX-Injected: yes\\r\\n@evil.example"),
        "{out}"
    );
    assert!(out.contains("\\x1b[2J\\u{9b}31m\\u{202e}"), "{out}");
    // Received-SPF is one line of the output, with its value quoted.
    let received: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("Received-SPF:"))
        .collect();
    assert_eq!(received.len(), 2, "{out}");
    assert!(
        received[1]
            .contains("envelope-from=\"x\\\\r\\\\nX-Injected: yes\\\\r\\\\n@evil.example\";")
    );

    // JSON: the same values, exactly, and nothing a terminal acts on.
    let o = spf_check(&zone, mail_from, "mx.evil.example", "mx\u{85}.test", true);
    let out = stdout(&o);
    assert_terminal_safe(&out);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["results"][1]["evaluation"]["sender"], mail_from);
    let received = v["results"][1]["received_spf"].as_str().unwrap();
    assert!(!received.contains(['\r', '\n']), "{received}");

    // A usage error naming an input value is escaped too.
    let o = run(&["spf", "record", "bad\u{1b}[2J\nname"]);
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe(stderr(&o).trim_end());
    assert_eq!(stderr(&o).trim_end().lines().count(), 1, "{}", stderr(&o));
}

fn hostile() -> impl Strategy<Value = String> {
    // Command-line arguments cannot hold NUL.
    prop_oneof![
        "[\\x01-\\x7f]{0,16}",
        "[a-z@.\\r\\n\\t\\x1b\\x7f\\u{85}\\u{9b}\\u{202e}\\u{2028}\\\\]{0,16}",
        "[^\\x00]{0,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Arbitrary text in every input position of `spf check`, `spf record`
    /// and `dmarc check`/`lint` (the envelope, the receiver, the record
    /// texts in DNS): the text output holds no control character but line
    /// feeds and tabs, and each Received-SPF field stays on its line.
    #[test]
    fn cli_text_output_has_no_control_characters(
        mail_from in hostile(),
        helo in hostile(),
        receiver in hostile(),
        record in proptest::collection::vec(any::<u8>(), 0..40),
        local in hostile(),
    ) {
        let dir = tmp();
        let mut spf = b"v=spf1 ".to_vec();
        spf.extend_from_slice(&record);
        let zone = zone_with_record(&dir, &format!("p{}.zone", record.len()), &spf);
        let mail_from = format!("{mail_from}@evil.example");
        for json in [false, true] {
            let o = spf_check(&zone, &mail_from, &helo, &receiver, json);
            prop_assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
            let out = stdout(&o);
            assert_terminal_safe(&out);
            if !json {
                let fields = out.lines().filter(|l| l.contains("Received-SPF:")).count();
                prop_assert_eq!(fields, 2);
            }
        }
        for args in [
            vec!["spf", "record", "evil.example", "--zone", &zone],
            vec!["dmarc", "check", "evil.example", "--zone", &zone],
        ] {
            let o = run(&args);
            assert_terminal_safe(&stdout(&o));
            assert_terminal_safe(&stderr(&o));
        }
        let lint = format!("v=DMARC1; p=none; rua=mailto:{local}@evil.example");
        let o = run(&["dmarc", "lint", &lint]);
        assert_terminal_safe(&stdout(&o));
        assert_terminal_safe(&stderr(&o));
    }
}

/// The verdict table of `verify`: the lines from the column headings to
/// the blank line after the table.
fn verdict_table(out: &str) -> Vec<&str> {
    out.lines()
        .skip_while(|l| !l.starts_with("  Method"))
        .take_while(|l| !l.is_empty())
        .collect()
}

/// Each row's last cell (after the last two-space gap) starts at the same
/// terminal column as the "Aligned with From" heading.
fn assert_last_column_aligned(table: &[&str]) {
    let column = |line: &str| {
        let at = line.rfind("  ").map_or(0, |at| at + 2);
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    let heading = column(table[0]);
    for line in table {
        assert_eq!(column(line), heading, "{}", table.join("\n"));
    }
}

fn verify_s1(mail_from: &str) -> std::process::Output {
    let root = common::root();
    let message = root.join("examples/s1/message.eml");
    let zone = root.join("examples/s1/example.co.jp.zone");
    let mail_from = format!("--mail-from={mail_from}");
    run(&[
        "verify",
        &message.display().to_string(),
        "--zone",
        &zone.display().to_string(),
        "--ip",
        "203.0.113.25",
        "--helo",
        "mail.example.co.jp",
        &mail_from,
    ])
}

/// A MAIL FROM holding a line feed and a made-up row, a HELO from a
/// Received-SPF field holding a folded tab, and domains with an escape
/// sequence or a right-to-left override: every table row stays one line
/// (nothing can add a "DKIM pass" row) and the columns stay aligned.
#[test]
fn verify_table_cells_are_escaped_and_measured_after_escaping() {
    let forged = verify_s1("x@example.co.jp\n  DKIM    pass  example.co.jp  yes");
    let out = stdout(&forged);
    assert_terminal_safe(&out);
    let table = verdict_table(&out);
    assert_eq!(table.len(), 4, "{out}");
    assert_eq!(
        table.iter().filter(|l| l.starts_with("  DKIM")).count(),
        1,
        "{out}"
    );
    // (SPF lower-cases the domain.)
    assert!(table[1].contains("example.co.jp\\n  dkim    pass"), "{out}");
    assert_last_column_aligned(&table);

    for mail_from in ["x@a\u{1b}[31m.example", "x@\u{202e}moc.example", "x@ev\til"] {
        let out = stdout(&verify_s1(mail_from));
        let table = verdict_table(&out);
        assert_eq!(table.len(), 4, "{out}");
        assert!(
            !table
                .iter()
                .any(|l| l.contains(['\t', '\u{1b}', '\u{202e}'])),
            "{out}"
        );
        assert_last_column_aligned(&table);
    }

    let dir = tmp();
    let message = dir.join("tab-helo.eml");
    std::fs::write(
        &message,
        "Received-SPF: none (mx.example.net: no record) receiver=mx.example.net; client-ip=192.0.2.1; helo=\"ev\r\n\til\"; envelope-from=\"\"\r\n\
         From: a@shop.example\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nbody\r\n",
    )
    .unwrap();
    let zone = dir.join("empty.zone");
    std::fs::write(&zone, "").unwrap();
    let o = run(&[
        "verify",
        &message.display().to_string(),
        "--zone",
        &zone.display().to_string(),
    ]);
    let out = stdout(&o);
    let table = verdict_table(&out);
    assert_eq!(table.len(), 4, "{out}");
    assert!(table[1].contains("ev\\til"), "{out}");
    assert!(!table.iter().any(|l| l.contains('\t')), "{out:?}");
    assert_last_column_aligned(&table);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Any MAIL FROM: the verdict table has its four rows, one line each,
    /// with the last column aligned.
    #[test]
    fn any_mail_from_leaves_the_verdict_table_intact(local in hostile(), domain in hostile()) {
        let o = verify_s1(&format!("{local}@{domain}"));
        prop_assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        let out = stdout(&o);
        assert_terminal_safe(&out);
        let table = verdict_table(&out);
        prop_assert_eq!(table.len(), 4, "{}", out);
        assert_last_column_aligned(&table);
    }
}
