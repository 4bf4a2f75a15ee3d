use super::*;
use crate::config::{Action, Network, OnFailure};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn notes_for<'a>(import: &'a Import, setting: &str) -> Vec<&'a Note> {
    import
        .notes
        .iter()
        .filter(|n| n.setting == setting)
        .collect()
}

/// The multi-domain layout of OpenDKIM's README ("Using a KeyTable and
/// SigningTable"): refile tables, one trusted-hosts file for both
/// InternalHosts and ExternalIgnoreList, two keys per domain.
#[test]
fn a_multi_domain_opendkim_setup() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "TrustedHosts",
        "# hosts\n127.0.0.1\n::1\nlocalhost\n192.168.0.0/16\n[2001:db8::]/32\nmail.example.com\n!192.168.1.5\n",
    );
    write(
        d,
        "KeyTable",
        "rsa._domainkey.example.com example.com:rsa:/etc/opendkim/keys/example.com/rsa.private\n\
         ed._domainkey.example.com example.com:ed:/etc/opendkim/keys/example.com/ed.private\n\
         sel._domainkey.example.net example.net:sel:./keys/example.net.private\n\
         old._domainkey.example.org example.org:old:/etc/opendkim/keys/old.private\n",
    );
    write(
        d,
        "SigningTable",
        "*@example.com rsa._domainkey.example.com\n\
         *@example.com ed._domainkey.example.com\n\
         *@*.example.net sel._domainkey.example.net\n\
         *@example.net sel._domainkey.example.net\n\
         *@example.info nowhere\n",
    );
    let conf = write(
        d,
        "opendkim.conf",
        "Syslog yes\n\
         UMask 002\n\
         Socket inet:8891@localhost\n\
         AuthservID mx.example.com\n\
         Canonicalization relaxed/simple\n\
         Mode sv\n\
         MultipleSignatures yes\n\
         OversignHeaders From\n\
         On-DNSError accept\n\
         KeyTable refile:KeyTable\n\
         SigningTable refile:SigningTable\n\
         ExternalIgnoreList refile:TrustedHosts\n\
         InternalHosts refile:TrustedHosts\n\
         Frobnicate yes\n",
    );
    let import = Importer::with_hostname("host.example")
        .opendkim(&conf)
        .unwrap()
        .finish()
        .unwrap();
    let c = &import.config;
    assert_eq!(c.listen.to_string(), "inet:127.0.0.1:8891");
    assert_eq!(c.authserv_id, "mx.example.com");
    assert!(c.signing.multiple);
    assert_eq!(c.signing.oversign, ["from"]);
    assert_eq!(c.errors.on_failure, OnFailure::Accept);
    let hosts: Vec<String> = c
        .signing
        .internal_hosts
        .iter()
        .map(Network::to_string)
        .collect();
    assert_eq!(
        hosts,
        ["127.0.0.1", "::1", "192.168.0.0/16", "2001:db8::/32"]
    );
    let keys: Vec<(&str, &str, String, Vec<String>)> = c
        .signing
        .keys
        .iter()
        .map(|k| {
            (
                k.domain.as_str(),
                k.selector.as_str(),
                k.key.display().to_string(),
                k.senders.clone(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            (
                "example.com",
                "rsa",
                "/etc/opendkim/keys/example.com/rsa.private".to_string(),
                vec!["*@example.com".to_string()]
            ),
            (
                "example.com",
                "ed",
                "/etc/opendkim/keys/example.com/ed.private".to_string(),
                vec!["*@example.com".to_string()]
            ),
            (
                "example.net",
                "sel",
                d.join("./keys/example.net.private").display().to_string(),
                vec!["*@*.example.net".to_string(), "*@example.net".to_string()]
            ),
        ]
    );
    // Each note at its line.
    let th = d.join("TrustedHosts");
    let hostname = notes_for(&import, "InternalHosts");
    assert!(hostname.iter().any(|n| n.file == th
        && n.line == Some(7)
        && n.kind
            == NoteKind::HostName {
                host: "mail.example.com".into()
            }));
    assert!(hostname.iter().any(|n| n.line == Some(8)
        && n.kind
            == NoteKind::Negation {
                entry: "!192.168.1.5".into()
            }));
    assert_eq!(notes_for(&import, "Syslog")[0].line, Some(1));
    assert_eq!(notes_for(&import, "Syslog")[0].kind, NoteKind::Service);
    assert_eq!(
        notes_for(&import, "Canonicalization")[0].kind,
        NoteKind::Canonicalization {
            value: "relaxed/simple".into()
        }
    );
    assert_eq!(
        notes_for(&import, "Frobnicate")[0].kind,
        NoteKind::Unknown {
            program: "OpenDKIM"
        }
    );
    assert_eq!(
        notes_for(&import, "ExternalIgnoreList")[0].kind,
        NoteKind::LogOnly
    );
    let kt = notes_for(&import, "KeyTable");
    assert!(kt.iter().any(|n| n.line == Some(4)
        && n.kind
            == NoteKind::UnusedKey {
                name: "old._domainkey.example.org".into()
            }));
    assert!(
        kt.iter()
            .any(|n| matches!(&n.kind, NoteKind::RelativePath { .. }))
    );
    assert!(
        notes_for(&import, "SigningTable")
            .iter()
            .any(|n| n.line == Some(5)
                && n.kind
                    == NoteKind::MissingKey {
                        name: "nowhere".into()
                    })
    );
    // Nothing else said about settings that carried over.
    for carried in [
        "Socket",
        "AuthservID",
        "MultipleSignatures",
        "OversignHeaders",
        "Mode",
    ] {
        assert!(notes_for(&import, carried).is_empty(), "{carried}");
    }
    // The TOML file reads back to the same configuration, notes as comments.
    let toml = import.to_toml(|n| n.to_string());
    assert_eq!(Config::parse(&toml).unwrap(), import.config);
    assert!(
        toml.contains(&format!(
            "# {}:7: InternalHosts: mail.example.com",
            th.display()
        )),
        "{toml}"
    );
}

/// A plain SigningTable is looked up from the most specific key to `*`
/// (opendkim.conf(5)); the single-key form with SubDomains.
#[test]
fn plain_signing_table_and_single_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "keys",
        "a example.com:a:/k/a\nb example.com:b:/k/b\nc example.com:c:/k/c\n",
    );
    write(
        d,
        "signing",
        "* c\nexample.com b\nceo@example.com a\n.example.com b\n",
    );
    let conf = write(
        d,
        "opendkim.conf",
        "KeyTable file:keys\nSigningTable file:signing\nAuthservID mx.example.com\n",
    );
    let c = Importer::new()
        .opendkim(&conf)
        .unwrap()
        .finish()
        .unwrap()
        .config;
    let order: Vec<(&str, Vec<String>)> = c
        .signing
        .keys
        .iter()
        .map(|k| (k.selector.as_str(), k.senders.clone()))
        .collect();
    assert_eq!(
        order,
        [
            ("a", vec!["ceo@example.com".to_string()]),
            (
                "b",
                vec!["*@example.com".to_string(), "*@*.example.com".to_string()]
            ),
            ("c", vec!["*".to_string()]),
        ]
    );
    // OpenDKIM signs with one key unless MultipleSignatures is set.
    assert!(!c.signing.multiple);

    let conf = write(
        d,
        "single.conf",
        "Domain example.com,example.org\nSelector mail\nKeyFile /etc/dkimkeys/mail.private\nSubDomains yes\nAuthservID mx\n",
    );
    let c = Importer::new()
        .opendkim(&conf)
        .unwrap()
        .finish()
        .unwrap()
        .config;
    assert_eq!(c.signing.keys.len(), 2);
    assert_eq!(c.signing.keys[1].domain, "example.org");
    assert_eq!(
        c.signing.keys[1].senders,
        ["*@example.org", "*@*.example.org"]
    );
    assert!(c.signing.keys[1].signs_for("a@b.example.org"));

    // opendkim.conf(5) MTA: mail through these daemon names is signed.
    let conf = write(
        d,
        "mta.conf",
        "MTA ORIGINATING,MSA\nDomain example.com\nSelector mail\nKeyFile /k\nAuthservID mx\n",
    );
    let import = Importer::new().opendkim(&conf).unwrap().finish().unwrap();
    assert_eq!(import.config.signing.daemons, ["ORIGINATING", "MSA"]);
    assert!(notes_for(&import, "MTA").is_empty());
}

#[test]
fn malformed_lines_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let keys = write(
        d,
        "keys",
        "# ok\n\ngood example.com:s:/k\nbad example.com/s/k\n",
    );
    let conf = write(
        d,
        "opendkim.conf",
        "KeyTable file:keys\nSigningTable csl:*=good\n",
    );
    match Importer::new().opendkim(&conf).unwrap_err() {
        ImportError::Line { path, line, reason } => {
            assert_eq!((path, line), (keys, 4));
            assert!(matches!(reason, LineError::KeyTable { .. }));
        }
        e => panic!("{e}"),
    }
    let conf = write(d, "b.conf", "Syslog\n");
    let e = Importer::new().opendkim(&conf).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}, line 1: Syslog has no value", conf.display())
    );
    let conf = write(d, "c.conf", "MultipleSignatures perhaps\n");
    assert!(matches!(
        Importer::new().opendkim(&conf),
        Err(ImportError::Line {
            line: 1,
            reason: LineError::Boolean { .. },
            ..
        })
    ));
    let conf = write(d, "d.conf", "Socket tcp:1\n");
    assert!(matches!(
        Importer::new().opendkim(&conf),
        Err(ImportError::Line {
            reason: LineError::Socket { .. },
            ..
        })
    ));
    let missing = d.join("nothing.conf");
    assert!(matches!(
        Importer::new().opendkim(&missing),
        Err(ImportError::Read { path, .. }) if path == missing
    ));
    let conf = write(d, "e.conf", "KeyTable refile:/nonexistent/keytable\n");
    assert!(matches!(
        Importer::new().opendkim(&conf),
        Err(ImportError::Read { .. })
    ));
}

/// opendmarc.conf(5): without RejectFailures only a header is added; with
/// it failures are refused and unfinished evaluations deferred.
#[test]
fn opendmarc_policy_and_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let conf = write(
        d,
        "a.conf",
        "AuthservID mx.example.net\nSocket local:/run/opendmarc/opendmarc.sock\n",
    );
    let c = Importer::new()
        .opendmarc(&conf)
        .unwrap()
        .finish()
        .unwrap()
        .config;
    assert_eq!(
        (c.policy.reject, c.policy.quarantine),
        (Action::None, Action::None)
    );
    assert_eq!(c.errors.on_failure, OnFailure::Accept);
    assert_eq!(c.listen.to_string(), "unix:/run/opendmarc/opendmarc.sock");

    write(d, "ignore", "127.0.0.1\n10.0.0.0/8\nrelay.example.net\n");
    let conf = write(
        d,
        "b.conf",
        "AuthservID mx.example.net\nRejectFailures true\nHoldQuarantinedMessages yes\n\
         IgnoreHosts ignore\nIgnoreMailFrom Partner.example, other.example\n\
         HistoryFile /var/run/opendmarc/opendmarc.dat\nTrustedAuthservIDs mx1\nNoSuchThing 1\n",
    );
    let import = Importer::new().opendmarc(&conf).unwrap().finish().unwrap();
    let c = &import.config;
    assert_eq!(
        (c.policy.reject, c.policy.quarantine),
        (Action::Reject, Action::Quarantine)
    );
    assert_eq!(c.errors.on_failure, OnFailure::Tempfail);
    assert_eq!(c.policy.allow, ["partner.example", "other.example"]);
    let hosts: Vec<String> = c
        .signing
        .internal_hosts
        .iter()
        .map(Network::to_string)
        .collect();
    assert_eq!(hosts, ["127.0.0.1", "10.0.0.0/8"]);
    let kinds: Vec<(&str, Option<usize>, &str)> = import
        .notes
        .iter()
        .map(|n| (n.setting.as_str(), n.line, n.kind.id()))
        .collect();
    for expected in [
        ("IgnoreHosts", Some(3), "host-name"),
        ("IgnoreHosts", Some(4), "ignore-hosts"),
        ("IgnoreMailFrom", Some(5), "ignore-mail-from"),
        ("HistoryFile", Some(6), "history"),
        ("TrustedAuthservIDs", Some(7), "unsupported"),
        ("NoSuchThing", Some(8), "unknown"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} in {kinds:?}");
    }
}

/// Both files into one: the first Socket and AuthservID kept, the other's
/// noted.
#[test]
fn opendkim_and_opendmarc_together() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dkim = write(
        d,
        "opendkim.conf",
        "Socket inet:8891@127.0.0.1\nAuthservID mx.example.net\n",
    );
    let dmarc = write(
        d,
        "opendmarc.conf",
        "Socket inet:8893@127.0.0.1\nAuthservID mx.example.net\n",
    );
    let import = Importer::new()
        .opendkim(&dkim)
        .unwrap()
        .opendmarc(&dmarc)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(import.config.listen.to_string(), "inet:127.0.0.1:8891");
    let socket = notes_for(&import, "Socket");
    assert_eq!(socket.len(), 1);
    assert_eq!(socket[0].file, dmarc);
    assert!(notes_for(&import, "AuthservID").is_empty());
}

#[test]
fn an_invalid_authserv_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let conf = write(dir.path(), "x.conf", "AuthservID mx;dkim=pass\n");
    assert!(matches!(
        Importer::new().opendkim(&conf).unwrap().finish(),
        Err(ImportError::Config(_))
    ));
}

/// OpenDKIM alone applied no DMARC policy: imported alone, failures are
/// only recorded, and a note says how to turn the policy on. With
/// OpenDMARC's RejectFailures (which defers unfinished evaluations), the
/// note that DNS errors are now accepted is not given: they are not.
#[test]
fn opendkim_alone_applies_no_dmarc_policy() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dkim = write(d, "opendkim.conf", "AuthservID mx.example.net\nMode sv\n");
    let import = Importer::new().opendkim(&dkim).unwrap().finish().unwrap();
    assert_eq!(
        (import.config.policy.reject, import.config.policy.quarantine),
        (Action::None, Action::None)
    );
    let ids: Vec<&str> = import.notes.iter().map(|n| n.kind.id()).collect();
    assert!(ids.contains(&"no-dmarc-policy"), "{ids:?}");
    assert!(ids.contains(&"dns-error-default"), "{ids:?}");
    let toml = import.to_toml(|n| n.to_string());
    assert!(toml.contains("reject = \"none\""), "{toml}");

    let dmarc = write(d, "opendmarc.conf", "RejectFailures true\n");
    let import = Importer::new()
        .opendkim(&dkim)
        .unwrap()
        .opendmarc(&dmarc)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(import.config.policy.reject, Action::Reject);
    assert_eq!(import.config.errors.on_failure, OnFailure::Tempfail);
    let ids: Vec<&str> = import.notes.iter().map(|n| n.kind.id()).collect();
    assert!(!ids.contains(&"no-dmarc-policy"), "{ids:?}");
    assert!(!ids.contains(&"dns-error-default"), "{ids:?}");
}
