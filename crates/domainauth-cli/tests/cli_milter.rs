//! `domainauth milter` as an operator runs it: `--check-config` on good and
//! bad files (keys others can read refused), in English and Japanese, and
//! the daemon reloading its file on SIGHUP — keeping the old configuration
//! when the new one is bad — while it goes on serving.

mod common;

use std::io::{BufRead as _, BufReader};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use common::{command, run, stderr, stdout};

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn key(dir: &Path, mode: u32) -> std::path::PathBuf {
    let path = dir.join(format!("key-{mode:o}.pem"));
    let key = domainauth::dkim::SigningKey::generate(domainauth::dkim::Algorithm::Ed25519Sha256, 0)
        .unwrap();
    write(&path, &key.to_pkcs8_pem().unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[test]
fn check_config_reads_the_keys_and_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let good = key(dir.path(), 0o600);
    let record = domainauth::dkim::SigningKey::from_pem(&std::fs::read_to_string(&good).unwrap())
        .unwrap()
        .key_record()
        .unwrap();
    let zone = dir.path().join("example.com.zone");
    write(
        &zone,
        &format!("s1._domainkey.example.com. 300 IN TXT \"{record}\"\n"),
    );
    let config = dir.path().join("milter.toml");
    let with_key = |selector: &str| {
        format!(
            "listen = \"unix:/run/domainauth/milter.sock\"\nauthserv_id = \"mx.example.net\"\n\
             [dns]\nzones = [{zone:?}]\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"{selector}\"\nkey = {good:?}\n"
        )
    };
    write(&config, &with_key("s1"));
    let path = config.to_str().unwrap();
    let o = run(&["milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("valid"), "{}", stdout(&o));
    assert!(stdout(&o).contains("unix:/run/domainauth/milter.sock"));
    assert!(
        stdout(&o).contains("s1._domainkey.example.com: published, and the same key"),
        "{}",
        stdout(&o)
    );
    let o = run(&["--lang", "ja", "milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("正しい設定です"), "{}", stdout(&o));
    // The same key under a selector nothing is published at: the file is
    // valid, the key not usable yet (exit 1), and the line says so.
    write(&config, &with_key("s2"));
    let o = run(&["milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("s2._domainkey.example.com: no key record;"),
        "{}",
        stdout(&o)
    );
    // In Japanese every word of it, the name said once.
    let o = run(&["--lang", "ja", "milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(1));
    let line = stdout(&o)
        .lines()
        .find(|l| l.contains("s2._domainkey"))
        .unwrap()
        .to_string();
    assert!(line.contains("鍵のレコードがありません"), "{line}");
    assert_eq!(
        line.matches("s2._domainkey.example.com").count(),
        1,
        "{line}"
    );
    assert!(!line.contains("no DKIM key"), "{line}");
    // With the record to publish: the one already published for s1.
    assert!(
        stdout(&o).contains(&format!("\"{record}\"")),
        "{}",
        stdout(&o)
    );

    // A key other users can read: refused, with the command that fixes it.
    let open = key(dir.path(), 0o644);
    write(
        &config,
        &format!(
            "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"s1\"\nkey = {open:?}\n"
        ),
    );
    let o = run(&["milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("chmod 600 {}", open.display())) && stderr(&o).contains("644"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--lang", "ja", "milter", "--config", path, "--check-config"]);
    assert!(
        stderr(&o).contains("所有者（とそのグループ）だけが読み取れる鍵"),
        "{}",
        stderr(&o)
    );

    // A zone file that is not there: named (the daemon would not start).
    let missing = dir.path().join("missing.zone");
    write(
        &config,
        &format!(
            "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n[dns]\nzones = [{missing:?}]\n"
        ),
    );
    let o = run(&["milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("missing.zone"), "{}", stderr(&o));

    // A misspelt key: its line and column.
    write(
        &config,
        "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n[signing]\ninternal_host = []\n",
    );
    let o = run(&["milter", "--config", path, "--check-config"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("line 4") && stderr(&o).contains("internal_host"),
        "{}",
        stderr(&o)
    );
}

/// A misspelt subcommand gets clap's suggestion and both usage forms of
/// `milter` (with --config, or a subcommand), each on its own line.
#[test]
fn a_misspelt_import_is_named_with_both_usages() {
    for lang in ["en", "ja"] {
        let o = run(&[
            "--lang",
            lang,
            "milter",
            "import-opendkm",
            "/etc/opendkim.conf",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(err.contains("import-opendkim"), "{err}");
        assert!(!err.contains("\\n"), "{err}");
        let forms: Vec<&str> = err
            .lines()
            .filter(|l| l.contains("domainauth milter"))
            .collect();
        assert_eq!(forms.len(), 2, "{err}");
        assert!(forms[0].contains("--config <FILE>"), "{err}");
    }
}

/// SIGHUP: a bad file is logged and the old configuration stays; a good
/// one is taken; the daemon answers connections throughout.
#[test]
fn sighup_reloads_the_file_and_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let zone = dir.path().join("zone");
    write(&zone, "example.com. 300 IN TXT \"v=spf1 -all\"\n");
    let config = dir.path().join("milter.toml");
    let text = format!(
        "listen = \"inet:127.0.0.1:{port}\"\nauthserv_id = \"mx.example.net\"\n[dns]\nzones = [{zone:?}]\n"
    );
    write(&config, &text);
    let mut child = command()
        .args(["milter", "--config", config.to_str().unwrap()])
        .env("DOMAINAUTH_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, log) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let wait_for = |needle: &str| -> String {
        loop {
            match log.recv_timeout(Duration::from_secs(20)) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no log line with {needle:?}: {e}"),
            }
        }
    };
    wait_for("listening");
    let hangup = || {
        let status = std::process::Command::new("kill")
            .args(["-HUP", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    };

    write(&config, &format!("{text}[policy]\nreject = \"maybe\"\n"));
    hangup();
    let line = wait_for("not reloaded");
    assert!(line.contains("maybe"), "{line}");
    std::net::TcpStream::connect(("127.0.0.1", port)).expect("still serving after a bad reload");

    write(
        &config,
        &format!("{text}[policy]\nreject = \"quarantine\"\n"),
    );
    hangup();
    wait_for("configuration reloaded");
    std::net::TcpStream::connect(("127.0.0.1", port)).expect("still serving after a reload");

    let _ = child.kill();
    let _ = child.wait();
}

/// Values the file can hold but the milter cannot use are named, in
/// English and Japanese: a socket mode written without 0o (660 is
/// 0o1224) or giving others access, a limit of 0, DNS server and zones
/// together; a key file that is not there is a fault of the configuration
/// (exit 2).
#[test]
fn unusable_settings_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("milter.toml");
    let path = config.to_str().unwrap();
    let head = "listen = \"unix:/run/domainauth/milter.sock\"\nauthserv_id = \"mx.example.net\"\n";
    for (text, en, ja) in [
        (
            "socket_mode = 660\n",
            "socket_mode 0o1224",
            "0o を付けた 8 進数",
        ),
        ("socket_mode = 0o666\n", "0o660", "その他のユーザー"),
        (
            "[limits]\nmax_connections = 0\n",
            "limits.max_connections = 0",
            "1 以上",
        ),
        (
            "[dns]\nserver = \"127.0.0.1:53\"\nzones = [\"/x.zone\"]\n",
            "both server and zones",
            "どちらか一方",
        ),
        (
            "[[signing.keys]]\ndomain = \"example.com\"\nselector = \"s1\"\nkey = \"/nonexistent/s1.private\"\n",
            "/nonexistent/s1.private",
            "/nonexistent/s1.private",
        ),
    ] {
        write(&config, &format!("{head}{text}"));
        let o = run(&["milter", "--config", path, "--check-config"]);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
        assert!(stderr(&o).contains(en), "{text}: {}", stderr(&o));
        let o = run(&["--lang", "ja", "milter", "--config", path, "--check-config"]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(ja), "{text}: {}", stderr(&o));
    }
}

/// `--check-config | head -1`: a reader that goes away ends the output
/// quietly, with the check's own exit code (1 here: the key is not
/// published), not a panic.
#[test]
fn check_config_into_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let good = key(dir.path(), 0o600);
    let zone = dir.path().join("empty.zone");
    write(&zone, "example.com. 300 IN TXT \"v=spf1 -all\"\n");
    let config = dir.path().join("milter.toml");
    write(
        &config,
        &format!(
            "listen = \"inet:127.0.0.1:8891\"\nauthserv_id = \"mx.example.net\"\n[dns]\nzones = [{zone:?}]\n\
             [[signing.keys]]\ndomain = \"example.com\"\nselector = \"s1\"\nkey = {good:?}\n"
        ),
    );
    let mut child = command()
        .args([
            "milter",
            "--config",
            config.to_str().unwrap(),
            "--check-config",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{:?}", o.status);
}
