//! Importing real OpenDKIM and OpenDMARC configurations: Debian's packaged
//! defaults, and a key made by `opendkim-genkey` referenced from a
//! KeyTable and SigningTable, which the imported milter signs with as
//! OpenDKIM would (d=, s=) and which verifies with the published record.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use domainauth::dns::ZoneResolver;
use domainauth_milter::Milter;
use domainauth_milter::config::{Action, Config, Listen};
use domainauth_milter::import::{Importer, NoteKind};
use domainauth_testkit::testdata;
use miltr_common::modifications::ModificationResponse;
use tokio::net::TcpListener;

/// A copy of `/etc/NAME` (the packaged file), or `None` and a loud skip.
fn packaged(name: &str, package: &str, dir: &Path) -> Option<PathBuf> {
    let source = Path::new("/etc").join(name);
    if !source.is_file() {
        testdata::missing(&format!("{} (Debian {package})", source.display()));
        return None;
    }
    let copy = dir.join(name);
    std::fs::copy(&source, &copy).unwrap();
    Some(copy)
}

/// Debian's /etc/opendkim.conf: a unix socket, From oversigned,
/// relaxed/simple noted, the process settings noted, no keys.
#[test]
fn debian_opendkim_conf_imports() {
    let dir = tempfile::tempdir().unwrap();
    let Some(conf) = packaged("opendkim.conf", "opendkim", dir.path()) else {
        return;
    };
    let import = Importer::with_hostname("mx.example.net")
        .opendkim(&conf)
        .unwrap()
        .finish()
        .unwrap();
    let text = std::fs::read_to_string(&conf).unwrap();
    let active = |name: &str| {
        text.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .find(|l| l.split_whitespace().next() == Some(name))
            .map(|l| l.split_whitespace().nth(1).unwrap_or("").to_string())
    };
    if let Some(socket) = active("Socket") {
        let path = socket
            .strip_prefix("local:")
            .expect("Debian listens on a unix socket");
        assert_eq!(import.config.listen, Listen::Unix(path.into()));
    }
    if active("OversignHeaders").is_some() {
        assert_eq!(import.config.signing.oversign, ["from"]);
    }
    assert!(import.config.signing.keys.is_empty());
    // Every active line of the file is either carried over or noted.
    for (i, line) in text.lines().enumerate() {
        let Some(name) = line
            .split('#')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .next()
        else {
            continue;
        };
        let carried = ["Socket", "OversignHeaders", "AuthservID", "Mode"].contains(&name);
        let noted = import
            .notes
            .iter()
            .any(|n| n.line == Some(i + 1) && n.setting == name);
        assert!(
            carried || noted,
            "line {}: {name} neither carried nor noted",
            i + 1
        );
    }
    for name in ["UserID", "PidFile", "UMask", "Syslog"] {
        if active(name).is_some() {
            assert!(
                import
                    .notes
                    .iter()
                    .any(|n| n.setting == name && n.kind == NoteKind::Service),
                "{name}"
            );
        }
    }
    // The written file is what the milter reads.
    let toml = import.to_toml(|n| n.to_string());
    assert_eq!(Config::parse(&toml).unwrap(), import.config);
}

/// Debian's /etc/opendmarc.conf: RejectFailures unset, so OpenDMARC only
/// added its header: nothing is refused or held.
#[test]
fn debian_opendmarc_conf_imports() {
    let dir = tempfile::tempdir().unwrap();
    let Some(conf) = packaged("opendmarc.conf", "opendmarc", dir.path()) else {
        return;
    };
    let import = Importer::with_hostname("mx.example.net")
        .opendmarc(&conf)
        .unwrap()
        .finish()
        .unwrap();
    let text = std::fs::read_to_string(&conf).unwrap();
    let rejects = text.lines().any(|l| {
        let mut w = l.split('#').next().unwrap_or("").split_whitespace();
        w.next() == Some("RejectFailures")
            && w.next()
                .is_some_and(|v| v.starts_with(['t', 'T', 'y', 'Y', '1']))
    });
    let expected = if rejects {
        Action::Reject
    } else {
        Action::None
    };
    assert_eq!(import.config.policy.reject, expected);
    if text.lines().any(|l| l.starts_with("PublicSuffixList")) {
        assert!(
            import
                .notes
                .iter()
                .any(|n| n.setting == "PublicSuffixList" && n.kind == NoteKind::Builtin)
        );
    }
    let toml = import.to_toml(|n| n.to_string());
    assert_eq!(Config::parse(&toml).unwrap(), import.config);
}

/// A milter on 127.0.0.1 with `config`, answering DNS from `zone`.
async fn start(config: Config, zone: &str) -> u16 {
    let resolver = Arc::new(ZoneResolver::from_zone_text(zone, None).unwrap());
    let milter = Milter::with_resolver(config, resolver).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { milter.serve_tcp(listener).await });
    port
}

/// One message from 127.0.0.1 through a milter at `port`, as Postfix
/// passes it (values with their leading space).
async fn send(port: u16, raw: &[u8]) -> ModificationResponse {
    common::send(port, "127.0.0.1", "localhost", "info@example.com", raw).await
}

/// The DKIM-Signature fields a milter inserted.
fn signatures(r: &ModificationResponse) -> Vec<String> {
    common::inserted(r, "DKIM-Signature")
}

/// The text of the TXT record in `opendkim-genkey`'s SELECTOR.txt: its
/// quoted strings joined.
fn genkey_record(txt: &str) -> String {
    txt.split('"').skip(1).step_by(2).collect()
}

/// A signature's tag, whitespace removed.
fn tag(signature: &str, name: &str) -> Option<String> {
    signature.split(';').find_map(|t| {
        let (k, v) = t.split_once('=')?;
        (k.trim() == name).then(|| v.split_whitespace().collect())
    })
}

const MESSAGE: &str = "From: Info <info@example.com>\r\nTo: someone@example.org\r\nSubject: migrated\r\nDate: Tue, 1 Dec 2026 09:00:00 +0900\r\nMessage-ID: <m1@example.com>\r\n\r\nHello from the migrated signer.\r\n";

/// A key made by opendkim-genkey, in an OpenDKIM KeyTable/SigningTable
/// configuration: imported, the milter signs mail from an internal host
/// with d=example.com s=sel (the KeyTable entry's), and the signature
/// verifies against the record opendkim-genkey wrote, with dkimpy.
#[tokio::test]
async fn an_opendkim_configuration_signs_the_same_way() {
    if !testdata::have_program("opendkim-genkey") {
        testdata::missing("opendkim-genkey (Debian opendkim-tools)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let keys = d.join("keys");
    std::fs::create_dir(&keys).unwrap();
    let out = std::process::Command::new("opendkim-genkey")
        .args(["-D"])
        .arg(&keys)
        .args(["-d", "example.com", "-s", "sel"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = genkey_record(&std::fs::read_to_string(keys.join("sel.txt")).unwrap());
    assert!(record.starts_with("v=DKIM1;"), "{record}");
    std::fs::write(
        d.join("KeyTable"),
        format!(
            "sel._domainkey.example.com example.com:sel:{}\n",
            keys.join("sel.private").display()
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("SigningTable"),
        "*@example.com sel._domainkey.example.com\n",
    )
    .unwrap();
    std::fs::write(d.join("TrustedHosts"), "127.0.0.1\n::1\n").unwrap();
    let conf = d.join("opendkim.conf");
    std::fs::write(
        &conf,
        "Syslog yes\nCanonicalization relaxed/relaxed\nOversignHeaders From\n\
         Socket inet:8891@localhost\nAuthservID mx.example.com\n\
         KeyTable refile:KeyTable\nSigningTable refile:SigningTable\n\
         InternalHosts refile:TrustedHosts\nExternalIgnoreList refile:TrustedHosts\n",
    )
    .unwrap();
    let import = Importer::new().opendkim(&conf).unwrap().finish().unwrap();
    let zone = format!("sel._domainkey.example.com. 300 IN TXT \"{record}\"\n");
    let port = start(import.config.clone(), &zone).await;
    let r = send(port, MESSAGE.as_bytes()).await;
    let fields = signatures(&r);
    assert_eq!(fields.len(), 1, "{:?}", r.modifications());
    let sig = &fields[0];
    assert_eq!(tag(sig, "d").as_deref(), Some("example.com"));
    assert_eq!(tag(sig, "s").as_deref(), Some("sel"));
    assert_eq!(tag(sig, "a").as_deref(), Some("rsa-sha256"));
    assert_eq!(tag(sig, "c").as_deref(), Some("relaxed/relaxed"));
    let signed = format!("DKIM-Signature:{}\r\n{MESSAGE}", sig.replace('\n', "\r\n"));

    let Some(python) = testdata::python_with(&["dkim"]) else {
        testdata::missing("dkimpy (python3-dkim)");
        return;
    };
    let message = d.join("signed.eml");
    std::fs::write(&message, &signed).unwrap();
    let dns = d.join("dns.json");
    std::fs::write(
        &dns,
        serde_json::json!({ "sel._domainkey.example.com.": record }).to_string(),
    )
    .unwrap();
    let out = std::process::Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../domainauth/tests/support/dkimpy_driver.py"
        ))
        .arg("verify")
        .arg(&message)
        .arg(&dns)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "pass",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
