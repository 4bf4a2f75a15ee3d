//! `domainauth dkim` as a user runs it: keygen → sign → verify, the S2
//! example, and the refusals.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::root;

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run_with_stdin(args, stdin)
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("domainauth-cli-dkim-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn s2_third_party_signature_passes_with_the_alignment_note() {
    let ex = root().join("examples/s2");
    let msg = ex.join("message.eml");
    let esp = ex.join("esp.example.zone");
    let o = run(
        &[
            "dkim",
            "verify",
            msg.to_str().unwrap(),
            "--zone",
            esp.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["from_domain"], "shop.example");
    let sig = &v["signatures"][0];
    assert_eq!(sig["signature"]["result"], "pass");
    assert_eq!(sig["signature"]["domain"], "esp.example");
    assert_eq!(sig["signature"]["key_bits"], 2048);
    let codes: Vec<&str> = sig["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["dkim-pass", "dkim-third-party"]);
    let o = run(
        &[
            "dkim",
            "verify",
            msg.to_str().unwrap(),
            "--zone",
            esp.to_str().unwrap(),
            "--lang",
            "ja",
        ],
        None,
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("From ドメイン shop.example ではなく esp.example によるもの"),
        "{out}"
    );
}

#[test]
fn keygen_sign_verify_through_the_command() {
    let dir = tmp("roundtrip");
    for alg in ["rsa-2048", "ed25519"] {
        let o = run(
            &[
                "dkim",
                "keygen",
                "--domain",
                "shop.example",
                "--selector",
                "mmmg",
                "--algorithm",
                alg,
                "--out",
                dir.to_str().unwrap(),
                "--force",
                "--json",
            ],
            None,
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["name"], "mmmg._domainkey.shop.example");
        let key = dir.join("mmmg.private");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let zone_line = v["zone_line"].as_str().unwrap();
        for s in zone_line.split('"').skip(1).step_by(2) {
            assert!(s.len() <= 255, "string of {} characters", s.len());
        }
        let zone = dir.join("shop.zone");
        std::fs::write(&zone, format!("$ORIGIN shop.example.\n{zone_line}\n")).unwrap();
        let message =
            b"From: Shop <news@shop.example>\nTo: a@example.net\nSubject: hello\n\nLF-only body\n";
        let o = run(
            &[
                "dkim",
                "sign",
                "--key",
                key.to_str().unwrap(),
                "--selector",
                "mmmg",
                "--domain",
                "shop.example",
            ],
            Some(message),
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            o.stdout.ends_with(message),
            "the message follows the new field unchanged"
        );
        let signed = dir.join("signed.eml");
        std::fs::write(&signed, &o.stdout).unwrap();
        let o = run(
            &[
                "dkim",
                "verify",
                signed.to_str().unwrap(),
                "--zone",
                zone.to_str().unwrap(),
                "--json",
            ],
            None,
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{alg}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let codes: Vec<&str> = v["signatures"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["dkim-pass", "dkim-bare-lf"], "{alg}");
    }
}

#[test]
fn refusals_are_one_line_with_exit_2() {
    let dir = tmp("refuse");
    let o = run(
        &[
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "k",
            "--out",
            dir.to_str().unwrap(),
            "--force",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let key = dir.join("k.private");
    // No From: refused.
    let o = run(
        &[
            "dkim",
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--selector",
            "k",
            "--domain",
            "shop.example",
        ],
        Some(b"Subject: x\r\n\r\nbody\r\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("From"));
    // A key readable by others: refused unless allowed.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let msg: &[u8] = b"From: a@shop.example\r\n\r\nbody\r\n";
        let o = run(
            &[
                "dkim",
                "sign",
                "--key",
                key.to_str().unwrap(),
                "--selector",
                "k",
                "--domain",
                "shop.example",
            ],
            Some(msg),
        );
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("chmod 600"), "{err}");
        let o = run(
            &[
                "dkim",
                "sign",
                "--key",
                key.to_str().unwrap(),
                "--selector",
                "k",
                "--domain",
                "shop.example",
                "--allow-readable-key",
            ],
            Some(msg),
        );
        assert_eq!(o.status.code(), Some(0));
    }
    // Existing key file: not overwritten without --force.
    let o = run(
        &[
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "k",
            "--out",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    // Not a message.
    let bad = dir.join("bad.eml");
    std::fs::write(&bad, b"this is not a header\r\n\r\n").unwrap();
    let o = run(&["dkim", "verify", bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no header fields"));
}

#[test]
fn unsigned_message_explains_how_to_sign() {
    let dir = tmp("unsigned");
    let m = dir.join("m.eml");
    std::fs::write(&m, b"From: a@example.co.jp\r\n\r\nbody\r\n").unwrap();
    let o = run(
        &[
            "dkim",
            "verify",
            m.to_str().unwrap(),
            "--zone",
            "/dev/null",
            "--lang",
            "ja",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("DKIM 署名がありません"));
}

/// keygen never writes through a symbolic link at <selector>.private, even
/// one pointing nowhere: without --force it is an existing file (exit 2),
/// with --force it is refused (exit 3); the link's target is not created.
#[cfg(unix)]
#[test]
fn keygen_does_not_write_through_a_link() {
    let dir = tmp("keygen-link");
    let target = dir.join("elsewhere.pem");
    let _ = std::fs::remove_file(&target);
    let link = dir.join("k.private");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let keygen = |force: bool| {
        let mut args = vec![
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "k",
            "--algorithm",
            "ed25519",
            "--out",
            dir.to_str().unwrap(),
            "--json",
        ];
        if force {
            args.push("--force");
        }
        run(&args, None)
    };
    let o = keygen(false);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "key-exists");
    let o = keygen(true);
    assert_eq!(o.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "write-symlink");
    assert!(!target.exists(), "the key was written through the link");
    // A regular file is replaced with --force, mode 0600.
    std::fs::remove_file(&link).unwrap();
    std::fs::write(&link, "old").unwrap();
    assert_eq!(keygen(true).status.code(), Some(0));
    let pem = std::fs::read_to_string(&link).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(&link).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}

/// RFC 6376 §3.5: x= must be greater than t=. `--expire-after 0` would
/// write them equal: an argument error (exit 2) saying so, in English and
/// Japanese; 1 gives x= one second after t=.
#[test]
fn a_zero_lifetime_is_refused() {
    let dir = tmp("lifetime");
    let o = run(
        &[
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "life",
            "--algorithm",
            "ed25519",
            "--out",
            dir.to_str().unwrap(),
            "--force",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let key = dir.join("life.private");
    let key = key.to_str().unwrap();
    let message: &[u8] = b"From: a@shop.example\r\nSubject: hi\r\n\r\nbody\r\n";
    let sign = |extra: &[&str]| {
        let mut args = vec![
            "dkim",
            "sign",
            "--key",
            key,
            "--selector",
            "life",
            "--domain",
            "shop.example",
        ];
        args.extend_from_slice(extra);
        run(&args, Some(message))
    };
    let o = sign(&["--expire-after", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--expire-after 0") && err.contains("x=") && err.contains("3.5"),
        "{err}"
    );
    let o = sign(&["--expire-after", "0", "--lang", "ja", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "expire-after-zero");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("t= より後"),
        "{v}"
    );
    let o = sign(&["--expire-after", "1", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let field = v["signature"].as_str().unwrap();
    let tag = |name: &str| -> u64 {
        let unfolded: String = field.split_whitespace().collect();
        let at = unfolded.find(&format!(";{name}=")).unwrap() + name.len() + 2;
        unfolded[at..].split(';').next().unwrap().parse().unwrap()
    };
    assert_eq!(tag("x"), tag("t") + 1, "{field}");
    // Without t= there is no x= to write: the two options conflict.
    assert_eq!(
        sign(&["--expire-after", "60", "--no-timestamp"])
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
