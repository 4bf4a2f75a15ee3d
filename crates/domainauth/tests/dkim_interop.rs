//! DKIM interop with dkimpy (Debian `python3-dkim`), both directions: what we
//! sign dkimpy verifies, what dkimpy signs we verify — every algorithm ×
//! canonicalization over bodies that break naive code.

use std::path::{Path, PathBuf};
use std::process::Command;

use domainauth::dkim::{
    Algorithm, Canon, Canonicalization, DkimResult, DkimVerifier, Signer, SignerConfig, SigningKey,
};
use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};
use domainauth_testkit::testdata;

const BODIES: &[(&str, &[u8])] = &[
    ("plain", b"Hello,\r\nthis is a test.\r\n"),
    ("empty", b""),
    ("only blank lines", b"\r\n\r\n"),
    ("no final CRLF", b"no final line end"),
    ("whitespace lines", b"a \t\r\n \r\n\tb\r\n\r\n"),
    ("whitespace-only last line", b"a  \t b \r\n \r\n"),
    ("UTF-8", "こんにちは\r\n".as_bytes()),
];

const HEADERS: &str = "From: Info <info@shop.example>\r\nTo: user@example.net\r\nSubject: interop\r\n \ttest\r\nDate: Mon, 23 Nov 2026 10:00:00 +0900\r\nMessage-ID: <x@shop.example>\r\n";

fn workdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("domainauth-dkim-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn driver() -> &'static str {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/dkimpy_driver.py"
    )
}

fn run_py(python: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg(driver())
        .args(args)
        .output()
        .expect("dkimpy driver runs");
    assert!(
        out.status.success(),
        "dkimpy driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Key {
    alg: Algorithm,
    file: PathBuf,
    record: String,
    signing: SigningKey,
}

fn keys(dir: &Path) -> Vec<Key> {
    let rsa = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
    let rsa_file = dir.join("rsa.pem");
    std::fs::write(&rsa_file, rsa.to_pkcs8_pem().unwrap()).unwrap();
    // dkimpy reads Ed25519 keys as a base64 seed; so do we.
    let seed = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    let ed_file = dir.join("ed25519.key");
    std::fs::write(&ed_file, seed).unwrap();
    let ed = SigningKey::from_pem(seed).unwrap();
    vec![
        Key {
            alg: Algorithm::RsaSha256,
            file: rsa_file,
            record: rsa.key_record().unwrap(),
            signing: rsa,
        },
        Key {
            alg: Algorithm::Ed25519Sha256,
            file: ed_file,
            record: ed.key_record().unwrap(),
            signing: ed,
        },
    ]
}

#[test]
fn dkimpy_and_domainauth_verify_each_other() {
    let Some(python) = testdata::python_with(&["dkim"]) else {
        testdata::missing("dkimpy (Debian python3-dkim)");
        return;
    };
    let dir = workdir();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (mut ours_ok, mut theirs_ok, mut total) = (0, 0, 0);
    for key in keys(&dir) {
        let selector = if key.alg == Algorithm::RsaSha256 {
            "rsa"
        } else {
            "ed"
        };
        let dns = dir.join(format!("{selector}.json"));
        std::fs::write(
            &dns,
            format!(
                "{{\"{selector}._domainkey.shop.example.\": \"{}\"}}",
                key.record
            ),
        )
        .unwrap();
        let mut zone = ZoneResolver::new();
        zone.add(
            &format!("{selector}._domainkey.shop.example"),
            ZoneEntry::Txt(Txt {
                strings: vec![key.record.clone().into_bytes()],
            }),
        );
        let verifier = DkimVerifier::new(zone);
        let mut signer_key = Some(key.signing);
        for header in [Canon::Simple, Canon::Relaxed] {
            for body_canon in [Canon::Simple, Canon::Relaxed] {
                let canon = Canonicalization {
                    header,
                    body: body_canon,
                };
                let mut config = SignerConfig::new("shop.example", selector);
                config.canonicalization = canon;
                let signer = Signer::new(signer_key.take().unwrap(), config);
                for (name, body) in BODIES {
                    total += 1;
                    let mut message = format!("{HEADERS}\r\n").into_bytes();
                    message.extend_from_slice(body);
                    let file = dir.join("message.eml");
                    // Ours signs, dkimpy verifies.
                    let field = signer.sign_message(&message).unwrap();
                    let mut signed = format!("{field}\r\n").into_bytes();
                    signed.extend_from_slice(&message);
                    std::fs::write(&file, &signed).unwrap();
                    let verdict = run_py(
                        &python,
                        &["verify", file.to_str().unwrap(), dns.to_str().unwrap()],
                    );
                    assert_eq!(
                        verdict.trim(),
                        "pass",
                        "dkimpy rejects our {} {canon} signature over {name}",
                        key.alg
                    );
                    theirs_ok += 1;
                    // dkimpy signs, ours verifies.
                    std::fs::write(&file, &message).unwrap();
                    let their_field = run_py(
                        &python,
                        &[
                            "sign",
                            file.to_str().unwrap(),
                            key.file.to_str().unwrap(),
                            "shop.example",
                            selector,
                            &canon.to_string(),
                            key.alg.as_str(),
                        ],
                    );
                    let mut signed = their_field
                        .replace("\r\n", "\n")
                        .replace('\n', "\r\n")
                        .into_bytes();
                    if !signed.ends_with(b"\r\n") {
                        signed.extend_from_slice(b"\r\n");
                    }
                    signed.extend_from_slice(&message);
                    let results = rt.block_on(verifier.verify_message(&signed)).unwrap();
                    assert_eq!(results.len(), 1);
                    assert_eq!(
                        results[0].result,
                        DkimResult::Pass,
                        "we reject dkimpy's {} {canon} signature over {name}: {:?}",
                        key.alg,
                        results[0].problem
                    );
                    ours_ok += 1;
                }
                signer_key = Some(
                    SigningKey::from_pem(&std::fs::read_to_string(&key.file).unwrap()).unwrap(),
                );
            }
        }
    }
    println!(
        "dkimpy interop: dkimpy verified {theirs_ok}/{total} of our signatures; we verified {ours_ok}/{total} of dkimpy's"
    );
}
