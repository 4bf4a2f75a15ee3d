//! Interop with OpenDKIM (Debian `opendkim-tools`, `libopendkim-dev`): keys
//! and zone snippets from `opendkim-genkey` load as they are; messages signed
//! by `opendkim-testmsg` verify with us; what we sign (every canonicalization,
//! RSA) libopendkim verifies, through `bench/opendkim_timing.c` with keys
//! read from a file (libopendkim's DKIM_QUERY_FILE), and dkimpy too.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use domainauth::dkim::{
    DkimProblem, DkimResult, DkimVerifier, Sha1Policy, Signer, SignerConfig, SigningKey,
    VerifyConfig,
};
use domainauth::dns::ZoneResolver;
use domainauth_testkit::testdata;

const BODIES: &[(&str, &str)] = &[
    ("plain", "Hello,\r\nthis is a test.\r\n"),
    ("empty", ""),
    ("blank lines", "\r\n\r\n\r\n"),
    ("trailing spaces", "a  \r\n\tb\t\r\n"),
    ("no final CRLF", "end"),
];

const HEADERS: &str = "From: Info <info@shop.example>\r\nTo: user@example.net\r\nSubject: opendkim interop\r\nDate: Mon, 23 Nov 2026 10:00:00 +0900\r\nMessage-ID: <o@shop.example>\r\n";

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("domainauth-opendkim-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn opendkim_sign(key: &std::path::Path, message: &str) -> Vec<u8> {
    let mut child = Command::new("opendkim-testmsg")
        .args(["-C", "-d", "shop.example", "-s", "odk", "-k"])
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("opendkim-testmsg runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(message.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "opendkim-testmsg failed");
    out.stdout
}

#[test]
fn opendkim_signed_mail_and_keys() {
    if !testdata::have_program("opendkim-genkey")
        && !std::path::Path::new("/usr/sbin/opendkim-genkey").exists()
    {
        testdata::missing("OpenDKIM tools (Debian opendkim-tools)");
        return;
    }
    let d = dir();
    // The probe is the first real use: a half-installed OpenDKIM (its
    // genkey needs openssl) skips with the reason instead of failing.
    let genkey = Command::new("/usr/sbin/opendkim-genkey")
        .args(["-b", "2048", "-d", "shop.example", "-s", "odk", "-D"])
        .arg(&d)
        .output();
    match genkey {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            testdata::missing(&format!(
                "a working opendkim-genkey (it failed: {}; it needs openssl)",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
            return;
        }
        Err(e) => {
            testdata::missing(&format!("opendkim-genkey ({e})"));
            return;
        }
    }
    let key_file = d.join("odk.private");
    let zone_snippet = std::fs::read_to_string(d.join("odk.txt")).unwrap();

    // The zone snippet (multi-string TXT in parentheses) loads as it is.
    let zone =
        ZoneResolver::from_zone_text(&format!("$ORIGIN shop.example.\n{zone_snippet}"), None)
            .unwrap();
    // OpenDKIM's .private loads as it is, and its public half is the published one.
    let ours = SigningKey::from_pem(&std::fs::read_to_string(&key_file).unwrap()).unwrap();
    let published = zone_snippet
        .split('"')
        .skip(1)
        .step_by(2)
        .collect::<String>();
    let p = |r: &str| {
        r.split("p=")
            .nth(1)
            .map(|v| v.trim_end_matches(';').trim().to_string())
    };
    assert_eq!(
        p(&published),
        p(&ours.key_record().unwrap()),
        "same public key"
    );

    // Without h= in the record, for the sha1 cases.
    let plain_record = format!("v=DKIM1; k=rsa; p={}", p(&published).unwrap());
    let mut plain_zone = ZoneResolver::new();
    plain_zone.add(
        "odk._domainkey.shop.example",
        domainauth::dns::ZoneEntry::Txt(domainauth::dns::Txt {
            strings: vec![plain_record.into_bytes()],
        }),
    );

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let accept_sha1 = {
        let mut o = VerifyConfig::default();
        o.sha1 = Sha1Policy::Accept;
        o
    };
    let mut checked = 0;
    for (name, body) in BODIES {
        let message = format!("{HEADERS}\r\n{body}");
        let signed = opendkim_sign(&key_file, &message);
        let text = String::from_utf8_lossy(&signed);
        assert!(
            text.contains("a=rsa-sha1"),
            "opendkim-testmsg signs with rsa-sha1"
        );
        // The genkey record says h=sha256: an rsa-sha1 signature cannot use it.
        let r = &rt
            .block_on(DkimVerifier::new(&zone).verify_message(&signed))
            .unwrap()[0];
        assert_eq!(
            r.problem,
            Some(DkimProblem::HashNotAllowed { hash: "sha1" }),
            "{name}"
        );
        // Without h=: valid, but RFC 8301 makes it policy by default…
        let r = &rt
            .block_on(DkimVerifier::new(&plain_zone).verify_message(&signed))
            .unwrap()[0];
        assert_eq!(
            (r.result, r.problem.clone()),
            (DkimResult::Policy, Some(DkimProblem::Sha1)),
            "{name}"
        );
        // …and pass when rsa-sha1 is accepted: the cryptography agrees with OpenDKIM's.
        let r = &rt
            .block_on(
                DkimVerifier::with_config(&plain_zone, accept_sha1.clone()).verify_message(&signed),
            )
            .unwrap()[0];
        assert_eq!(r.result, DkimResult::Pass, "{name}: {:?}", r.problem);
        checked += 1;
    }

    // We sign with OpenDKIM's key; dkimpy verifies against OpenDKIM's record.
    if let Some(python) = testdata::python_with(&["dkim"]) {
        let dns = d.join("dns.json");
        std::fs::write(
            &dns,
            format!(
                "{{\"odk._domainkey.shop.example.\": \"{}\"}}",
                published.replace('"', "")
            ),
        )
        .unwrap();
        let signer = Signer::new(ours, SignerConfig::new("shop.example", "odk"));
        for (name, body) in BODIES {
            let message = format!("{HEADERS}\r\n{body}");
            let field = signer.sign_message(message.as_bytes()).unwrap();
            let file = d.join("signed.eml");
            std::fs::write(&file, format!("{field}\r\n{message}")).unwrap();
            let out = Command::new(&python)
                .arg(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/support/dkimpy_driver.py"
                ))
                .args(["verify", file.to_str().unwrap(), dns.to_str().unwrap()])
                .output()
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).trim(),
                "pass",
                "{name}"
            );
            checked += 1;
        }
    } else {
        testdata::missing("dkimpy (Debian python3-dkim)");
    }
    let by_libopendkim = libopendkim_verifies_ours(&d);
    checked += by_libopendkim;
    println!(
        "OpenDKIM interop: {checked} cases (opendkim-testmsg rsa-sha1 signatures under 3 key/policy settings; \
         libopendkim verified {by_libopendkim}/{} of our signatures over 4 canonicalizations, 2 listed cases aside \
         (relaxed body without final CRLF: libopendkim answers syntax); \
         dkimpy verified ours made with OpenDKIM's key)",
        if by_libopendkim == 0 {
            0
        } else {
            4 * BODIES.len() - 2
        }
    );
}

/// Builds the libopendkim driver and has it verify our signatures over every
/// canonicalization; returns the number of cases checked.
fn libopendkim_verifies_ours(d: &std::path::Path) -> usize {
    if !std::path::Path::new("/usr/include/opendkim/dkim.h").exists()
        || !testdata::have_program("cc")
    {
        testdata::missing("libopendkim (Debian libopendkim-dev) and a C compiler");
        return 0;
    }
    let driver = d.join("opendkim_verify");
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/opendkim_timing.c");
    let status = Command::new("cc")
        .args(["-O2", "-o"])
        .arg(&driver)
        .arg(source)
        .arg("-lopendkim")
        .status()
        .unwrap();
    assert!(status.success(), "the libopendkim driver compiles");
    let key = SigningKey::generate(domainauth::dkim::Algorithm::RsaSha256, 2048).unwrap();
    let keys = d.join("keys.txt");
    std::fs::write(
        &keys,
        format!(
            "lib._domainkey.shop.example {}\n",
            key.key_record().unwrap()
        ),
    )
    .unwrap();
    let pem = key.to_pkcs8_pem().unwrap();
    let mut checked = 0;
    for header in [
        domainauth::dkim::Canon::Simple,
        domainauth::dkim::Canon::Relaxed,
    ] {
        for body_canon in [
            domainauth::dkim::Canon::Simple,
            domainauth::dkim::Canon::Relaxed,
        ] {
            let mut config = SignerConfig::new("shop.example", "lib");
            config.canonicalization = domainauth::dkim::Canonicalization {
                header,
                body: body_canon,
            };
            let signer = Signer::new(SigningKey::from_pem(&pem).unwrap(), config);
            for (name, body) in BODIES {
                let message = format!("{HEADERS}\r\n{body}");
                let file = d.join("ours.eml");
                std::fs::write(
                    &file,
                    format!(
                        "{}\r\n{message}",
                        signer.sign_message(message.as_bytes()).unwrap()
                    ),
                )
                .unwrap();
                let out = Command::new(&driver)
                    .arg(&file)
                    .arg(&keys)
                    .arg("0")
                    .output()
                    .unwrap();
                // libopendkim answers "syntax" for a relaxed body without a final
                // CRLF (impossible over SMTP); RFC 6376 §3.4.4 adds the CRLF, and
                // dkimpy and mail-auth verify these signatures.
                if *name == "no final CRLF" && body_canon == domainauth::dkim::Canon::Relaxed {
                    assert!(
                        String::from_utf8_lossy(&out.stderr).contains("status 5"),
                        "the known divergence changed"
                    );
                    continue;
                }
                assert_eq!(
                    String::from_utf8_lossy(&out.stdout).trim(),
                    "pass",
                    "libopendkim rejects our {header:?}/{body_canon:?} signature over {name}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                checked += 1;
            }
        }
    }
    // 4 canonicalizations × every body, less the 2 listed relaxed cases.
    let expected = 4 * BODIES.len() - 2;
    assert_eq!(checked, expected, "every signature was checked");
    checked
}
