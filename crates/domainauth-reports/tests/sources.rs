//! Sources: files, folders, Maildir and mbox walked one input at a time,
//! errors as items, caps applied before anything large is read.

use std::fs;
use std::path::{Path, PathBuf};

use domainauth::diag::{Lang, render_message_strict};
use domainauth_reports::container::{ContainerError, PayloadKind, extract};
use domainauth_reports::source::{Input, Origin, SourceError, walk};
use domainauth_reports::{Explain, Limits};

/// A scratch folder under the target directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("sources-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }

    fn file(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    fn dir(&self, relative: &str) -> PathBuf {
        let path = self.path(relative);
        fs::create_dir_all(&path).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn all(paths: &[PathBuf], limits: &Limits) -> Vec<Result<Input, SourceError>> {
    walk(paths, limits).collect()
}

fn ok(items: &[Result<Input, SourceError>]) -> Vec<(Origin, Vec<u8>)> {
    items
        .iter()
        .map(|i| match i {
            Ok(input) => (input.origin.clone(), input.bytes.clone()),
            Err(e) => panic!("unexpected error item: {e}"),
        })
        .collect()
}

fn file(path: PathBuf) -> Origin {
    Origin::File(path)
}

fn message(path: &Path, number: u64) -> Origin {
    Origin::MboxMessage {
        path: Some(path.to_path_buf()),
        number,
    }
}

const XML: &[u8] = b"<?xml version=\"1.0\"?><feedback><report_metadata/></feedback>";

#[test]
fn folders_are_walked_in_name_order_without_dotfiles() {
    let s = Scratch::new("order");
    s.file("root/b.xml", "b");
    s.file("root/a/2.json", "{}");
    s.file("root/a/1.xml", "1");
    s.file("root/.hidden.xml", "hidden");
    s.file("root/.git/config", "[core]");
    s.dir("root/c");
    let got = ok(&all(&[s.path("root")], &Limits::default()));
    assert_eq!(
        got,
        [
            (file(s.path("root/a/1.xml")), b"1".to_vec()),
            (file(s.path("root/a/2.json")), b"{}".to_vec()),
            (file(s.path("root/b.xml")), b"b".to_vec()),
        ]
    );
    // A dotfile named on its own is read.
    let got = ok(&all(&[s.path("root/.hidden.xml")], &Limits::default()));
    assert_eq!(
        got,
        [(file(s.path("root/.hidden.xml")), b"hidden".to_vec())]
    );
}

#[test]
fn errors_are_items_and_the_walk_goes_on() {
    let s = Scratch::new("errors");
    let one = s.file("one.xml", "1");
    s.file("dir/two.xml", "2");
    let items = all(
        &[s.path("missing.xml"), one.clone(), s.path("dir")],
        &Limits::default(),
    );
    assert_eq!(items.len(), 3);
    match &items[0] {
        Err(SourceError::NotFound { path }) => assert_eq!(path, &s.path("missing.xml")),
        other => panic!("{other:?}"),
    }
    assert_eq!(items[1].as_ref().unwrap().origin, file(one));
    assert_eq!(items[2].as_ref().unwrap().bytes, b"2");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_entered_once() {
    let s = Scratch::new("loop");
    s.file("root/sub/f.xml", "f");
    std::os::unix::fs::symlink(s.path("root"), s.path("root/sub/back")).unwrap();
    std::os::unix::fs::symlink(s.path("root/sub/f.xml"), s.path("root/link.xml")).unwrap();
    let got = ok(&all(&[s.path("root")], &Limits::default()));
    assert_eq!(
        got,
        [
            // The file the symlink points to is read through the link …
            (file(s.path("root/link.xml")), b"f".to_vec()),
            // … and as itself; the loop back to root is not followed.
            (file(s.path("root/sub/f.xml")), b"f".to_vec()),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_device_named_alone_is_an_error() {
    let items = all(&[PathBuf::from("/dev/null")], &Limits::default());
    assert!(
        matches!(&items[..], [Err(SourceError::NotAFile { path })] if path == Path::new("/dev/null")),
        "{items:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_permission_error() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new("perm");
    let secret = s.file("secret.xml", "x");
    let after = s.file("z.xml", "z");
    // The mapping itself, whoever runs the test.
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    assert_eq!(
        SourceError::io(&secret, &denied),
        SourceError::PermissionDenied {
            path: secret.clone()
        }
    );
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&secret).is_ok() {
        // Root reads anything: the case cannot be made here.
        eprintln!(
            "note: running with permission to read a mode-000 file; permission case not checked"
        );
        return;
    }
    let items = all(std::slice::from_ref(&s.0), &Limits::default());
    assert!(
        matches!(&items[0], Err(SourceError::PermissionDenied { path }) if path == &secret),
        "{items:?}"
    );
    assert_eq!(items[1].as_ref().unwrap().origin, file(after));
}

#[test]
fn a_maildir_gives_new_then_cur_and_never_tmp() {
    let s = Scratch::new("maildir");
    s.file("Maildir/new/1700000001.M1P1.host", "new one");
    s.file("Maildir/cur/1700000000.M1P1.host:2,S", "seen one");
    s.file("Maildir/tmp/1700000002.M1P1.host", "half delivered");
    s.file("Maildir/dovecot-uidlist", "3 V1 N3");
    s.file("Maildir/.Archive/cur/1.host:2,S", "in a subfolder");
    // A Maildir found inside a folder.
    let got = ok(&all(std::slice::from_ref(&s.0), &Limits::default()));
    assert_eq!(
        got,
        [
            (
                file(s.path("Maildir/new/1700000001.M1P1.host")),
                b"new one".to_vec()
            ),
            (
                file(s.path("Maildir/cur/1700000000.M1P1.host:2,S")),
                b"seen one".to_vec()
            ),
        ]
    );
    // Its Maildir++ subfolder, named.
    let got = ok(&all(&[s.path("Maildir/.Archive")], &Limits::default()));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1, b"in a subfolder");
}

fn report_mail(n: u32) -> String {
    format!(
        "From: noreply-dmarc-support@google.com\n\
         Subject: Report domain: example.jp {n}\n\
         Content-Type: multipart/mixed; boundary=b\n\n\
         --b\nContent-Type: text/xml; name=r{n}.xml\n\n\
         <?xml version=\"1.0\"?><feedback><report_id>{n}</report_id></feedback>\n--b--\n"
    )
}

#[test]
fn an_mbox_is_read_message_by_message() {
    let s = Scratch::new("mbox");
    // mboxrd (RFC 4155 §2 and the mboxrd convention): ">From " quoted in
    // bodies, one ">" removed on reading; an unquoted "From " without a
    // date in a body (mboxo writers) stays in the body.
    let lunch = "From: colleague@example.jp\n\
                 Subject: lunch\n\n\
                 >From the start, this is not a report.\n\
                 >>From here, two quotes stay one.\n\
                 From what I heard, the caf\u{e9} is open.\n";
    let mbox = format!(
        "From MAILER-DAEMON Wed Nov 15 10:00:00 2023\n{}\n\
         From colleague@example.jp Wed Nov 15 11:00:00 2023\n{lunch}\n\
         From arf@receiver.example Wed Nov 15 12:00:00 2023\n{}\n",
        report_mail(1),
        String::from_utf8(
            fs::read(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/data/containers/arf-failure.eml")
            )
            .unwrap()
        )
        .unwrap()
        .replace("\r\n", "\n"),
    );
    let path = s.file("inbox.mbox", &mbox);
    let got = ok(&all(std::slice::from_ref(&path), &Limits::default()));
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].0, message(&path, 1));
    assert_eq!(got[0].1, report_mail(1).as_bytes());
    assert_eq!(got[1].0.to_string(), format!("{}#msg 2", path.display()));
    assert_eq!(
        String::from_utf8(got[1].1.clone()).unwrap(),
        "From: colleague@example.jp\n\
         Subject: lunch\n\n\
         From the start, this is not a report.\n\
         >From here, two quotes stay one.\n\
         From what I heard, the caf\u{e9} is open.\n"
    );
    // Each message through the containers: a report, a mail with none
    // (named by its number), a failure report.
    let mut results = Vec::new();
    for (origin, bytes) in &got {
        extract(&origin.label(), bytes, &Limits::default(), &mut |r| {
            results.push(r)
        });
    }
    assert_eq!(results.len(), 3);
    let first = results[0].as_ref().unwrap();
    assert_eq!(first.kind, PayloadKind::Aggregate);
    assert_eq!(first.name, format!("{}#msg 1 › r1.xml", path.display()));
    let second = results[1].as_ref().unwrap_err();
    assert_eq!(second.name, format!("{}#msg 2", path.display()));
    assert_eq!(second.error, ContainerError::NoReport);
    assert_eq!(results[2].as_ref().unwrap().kind, PayloadKind::Failure);
}

#[test]
fn an_mbox_with_crlf_lines() {
    let s = Scratch::new("crlf");
    let mbox = "From a@example Wed Nov 15 10:00:00 2023\r\nSubject: one\r\n\r\nbody 1\r\n\r\n\
                From b@example Wed Nov 15 10:00:01 2023\r\nSubject: two\r\n\r\nbody 2\r\n";
    let path = s.file("crlf.mbox", mbox);
    let got = ok(&all(std::slice::from_ref(&path), &Limits::default()));
    assert_eq!(
        got,
        [
            (
                message(&path, 1),
                b"Subject: one\r\n\r\nbody 1\r\n".to_vec()
            ),
            (
                message(&path, 2),
                b"Subject: two\r\n\r\nbody 2\r\n".to_vec()
            ),
        ]
    );
}

#[test]
fn an_oversized_file_is_refused_unread_and_the_next_is_read() {
    let s = Scratch::new("big");
    let big = s.file("a-big.xml", vec![b' '; 200]);
    let small = s.file("b-small.xml", XML);
    let mut limits = Limits::default();
    limits.max_input = 100;
    let items = all(std::slice::from_ref(&s.0), &limits);
    assert_eq!(
        items[0],
        Err(SourceError::TooLarge {
            origin: file(big),
            limit: 100
        })
    );
    assert_eq!(items[1].as_ref().unwrap().origin, file(small));
    assert_eq!(items.len(), 2);
}

#[test]
fn an_oversized_mbox_message_is_refused_and_the_next_follows() {
    let s = Scratch::new("bigmsg");
    let huge_line = "x".repeat(5000);
    let mbox = format!(
        "From a Wed Nov 15 10:00:00 2023\nSubject: 1\n\nsmall\n\n\
         From b Wed Nov 15 10:00:00 2023\nSubject: 2\n\n{}\n\n\
         From c Wed Nov 15 10:00:00 2023\nSubject: 3\n\n{huge_line}\n\n\
         From d Wed Nov 15 10:00:00 2023\nSubject: 4\n\nsmall too\n",
        "line of the big message\n".repeat(200),
    );
    let path = s.file("big.mbox", mbox);
    let mut limits = Limits::default();
    // The whole mbox is larger than this; only messages are capped.
    limits.max_input = 1000;
    let items = all(std::slice::from_ref(&path), &limits);
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().bytes, b"Subject: 1\n\nsmall\n");
    for (i, n) in [(1, 2), (2, 3)] {
        assert_eq!(
            items[i],
            Err(SourceError::TooLarge {
                origin: message(&path, n),
                limit: 1000
            })
        );
    }
    assert_eq!(
        items[3].as_ref().unwrap().bytes,
        b"Subject: 4\n\nsmall too\n"
    );
    assert_eq!(items[3].as_ref().unwrap().origin, message(&path, 4));
}

#[test]
fn an_mbox_larger_than_one_input_is_still_read() {
    let s = Scratch::new("manymsg");
    let mbox: String = (1..=50)
        .map(|n| format!("From x Wed Nov 15 10:00:00 2023\n{}\n", report_mail(n)))
        .collect();
    let path = s.file("many.mbox", &mbox);
    let mut limits = Limits::default();
    limits.max_input = 1000;
    assert!(mbox.len() > 10 * 1000);
    let got = ok(&all(&[path], &limits));
    assert_eq!(got.len(), 50);
    assert_eq!(got[49].1, report_mail(50).as_bytes());
}

#[test]
fn origins_print_escaped_and_label_raw() {
    let origin = Origin::MboxMessage {
        path: Some(PathBuf::from("in\u{1b}[2Jbox")),
        number: 7,
    };
    assert_eq!(origin.label(), "in\u{1b}[2Jbox#msg 7");
    assert_eq!(origin.to_string(), "in\\x1b[2Jbox#msg 7");
    assert_eq!(Origin::Stdin.to_string(), "-");
    assert_eq!(
        Origin::MboxMessage {
            path: None,
            number: 2
        }
        .to_string(),
        "-#msg 2"
    );
}

#[test]
fn every_source_error_has_its_catalog_text() {
    let path = PathBuf::from("reports/a\u{7}.xml");
    let errors = [
        SourceError::NotFound { path: path.clone() },
        SourceError::PermissionDenied { path: path.clone() },
        SourceError::Unreadable {
            path: path.clone(),
            detail: "Input/output error (os error 5)".into(),
        },
        SourceError::TooLarge {
            origin: Origin::MboxMessage {
                path: Some(path.clone()),
                number: 3,
            },
            limit: 67108864,
        },
        SourceError::NotAFile { path },
    ];
    for e in &errors {
        let params = e
            .args()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let en = render_message_strict(Lang::En, e.message_id(), &params).unwrap();
        assert_eq!(en, e.to_string());
        assert!(en.starts_with("reports/a\\x07.xml"), "{en}");
        let ja = render_message_strict(Lang::Ja, e.message_id(), &params).unwrap();
        assert_ne!(ja, en);
        assert!(!ja.chars().any(char::is_control), "{ja:?}");
    }
}

/// Run by [`standard_input_is_read_when_named_dash`] in a child process
/// whose standard input it feeds; does nothing otherwise.
#[test]
fn stdin_child() {
    if std::env::var_os("DOMAINAUTH_SOURCES_STDIN_CHILD").is_none() {
        return;
    }
    for item in walk(&[PathBuf::from("-")], &Limits::default()) {
        match item {
            Ok(input) => println!(
                "@@ OK {} {:?}",
                input.origin,
                String::from_utf8_lossy(&input.bytes)
            ),
            Err(e) => println!("@@ ERR {e}"),
        }
    }
}

#[test]
fn standard_input_is_read_when_named_dash() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let read = |input: &[u8]| -> Vec<String> {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["stdin_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("DOMAINAUTH_SOURCES_STDIN_CHILD", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            // The harness may print its own words before ours on a line.
            .filter_map(|l| Some(l[l.find("@@ ")? + 3..].to_string()))
            .collect()
    };
    assert_eq!(
        read(XML),
        [format!("OK - {:?}", String::from_utf8_lossy(XML))]
    );
    assert_eq!(
        read(b"From a Wed Nov 15 10:00:00 2023\nSubject: 1\n\none\n\nFrom b Wed Nov 15 10:00:00 2023\nSubject: 2\n\ntwo\n"),
        [
            "OK -#msg 1 \"Subject: 1\\n\\none\\n\"",
            "OK -#msg 2 \"Subject: 2\\n\\ntwo\\n\""
        ]
    );
}
