//! OpenDKIM's `miltertest` (Debian package `miltertest`), a milter client
//! written apart from ours, drives the milter through the Lua scripts in
//! `tests/miltertest/` (their helpers in `common.lua`, found through
//! `-D dir=…`): each connects to the port given as `-D port=N`, checks the
//! replies and the header changes itself, and fails with `error(...)` (a
//! non-zero exit status). The milter answers from the
//! zone below and signs for example.com with a key made for the run.

use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use domainauth::dns::ZoneResolver;
use domainauth_milter::Milter;
use domainauth_milter::config::Config;
use domainauth_testkit::testdata::missing;
use tokio::net::TcpListener;

/// What the scripts expect DNS to say.
const ZONE: &str = "$ORIGIN sender.example.
@ 300 IN TXT \"v=spf1 ip4:192.0.2.10 -all\"
_dmarc 300 IN TXT \"v=DMARC1; p=reject\"
$ORIGIN quarantine.example.
@ 300 IN TXT \"v=spf1 ip4:192.0.2.10 -all\"
_dmarc 300 IN TXT \"v=DMARC1; p=quarantine\"
$ORIGIN open.example.
@ 300 IN TXT \"v=spf1 -all\"
";

fn miltertest() -> Option<PathBuf> {
    let path = std::env::var_os("DOMAINAUTH_MILTERTEST")
        .map_or_else(|| PathBuf::from("/usr/bin/miltertest"), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    missing("miltertest (Debian package miltertest)");
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn miltertest_scripts_pass() {
    let Some(miltertest) = miltertest() else {
        return;
    };
    // A key for example.com, readable by its owner only.
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("s1.pem");
    let out = Command::new("openssl")
        .args(["genrsa", "-traditional", "-out"])
        .arg(&key)
        .arg("2048")
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config = Config::parse(&format!(
        "listen = \"inet:127.0.0.1:0\"\nauthserv_id = \"mx.test.example\"\n\
         [signing]\ndaemons = [\"ORIGINATING\"]\n[[signing.keys]]\n\
         domain = \"example.com\"\nselector = \"s1\"\nkey = \"{}\"\n",
        key.display()
    ))
    .unwrap();
    let resolver = Arc::new(ZoneResolver::from_zone_text(ZONE, None).unwrap());
    let milter = Milter::with_resolver(config, resolver).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { milter.serve_tcp(listener).await });

    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/miltertest");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "lua"))
        // The helpers the scripts load, not a script.
        .filter(|p| p.file_name().is_some_and(|n| n != "common.lua"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no scripts in {}", dir.display());
    for script in scripts {
        let out = tokio::task::spawn_blocking({
            let miltertest = miltertest.clone();
            let script = script.clone();
            let dir = dir.clone();
            move || {
                Command::new(miltertest)
                    .arg("-D")
                    .arg(format!("port={port}"))
                    .arg("-D")
                    .arg(format!("dir={}", dir.display()))
                    .arg("-s")
                    .arg(script)
                    .output()
                    .unwrap()
            }
        })
        .await
        .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {}\n{stdout}{}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        // The script got to its end (an early return would also exit 0).
        assert_eq!(stdout.lines().last(), Some("ok"), "{}", script.display());
    }
}
