//! `domainauth reports …` end to end: the real binary reads generated
//! corpora in every container and source shape (files, gzip, zip, mail,
//! Maildir, mbox, a real Dovecot over IMAP) into SQLite and a real
//! PostgreSQL; a second ingest stores nothing new; hostile files are refused
//! with their reasons while the rest of the batch is stored; the summary of
//! the bundled four-causes example names each cause and fix in English and
//! Japanese.
//!
//! Expected counts come from the corpus generator's own record of what it
//! wrote (domainauth_testkit::corpus), never from our parser.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{command, root};
use domainauth_testkit::corpus::{Corpus, Format, Options, Stats};
use serde_json::Value;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "domainauth-cli-reports-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes a corpus of `format` under `dir` and returns what the generator
/// says it holds.
fn corpus(dir: &Path, seed: u64, reports: u64, format: Format) -> Stats {
    let mut options = Options::new(seed, reports);
    options.format = format;
    options.max_records = 40;
    let mut corpus = Corpus::new(options);
    for file in corpus.by_ref() {
        file.write_under(dir).unwrap();
    }
    corpus.stats()
}

/// Runs `domainauth reports ingest … --json` and returns the document and
/// the exit code.
fn ingest(args: &[&str]) -> (Value, i32) {
    let out = command()
        .args(["reports", "ingest", "--json"])
        .args(args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "ingest {args:?}: not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().unwrap_or(-1))
}

fn n(doc: &Value, field: &str) -> u64 {
    doc[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} in {doc}"))
}

/// Every container and source shape into `db`, then once more.
fn every_shape_into(db: &str, root_dir: &Path) {
    for (i, format) in [
        Format::Xml,
        Format::Gz,
        Format::Zip,
        Format::Mail,
        Format::Mbox,
        Format::Maildir,
        Format::Mixed,
    ]
    .into_iter()
    .enumerate()
    {
        let dir = root_dir.join(format!("{format:?}"));
        std::fs::create_dir_all(&dir).unwrap();
        let want = corpus(&dir, 100 + i as u64, 25, format);
        assert!(want.aggregate_reports >= 25, "{format:?}: {want:?}");
        let (doc, code) = ingest(&["--offline", "--db", db, dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{format:?}: {doc}");
        assert_eq!(
            n(&doc, "aggregate_stored"),
            want.aggregate_reports,
            "{format:?}: {doc}"
        );
        assert_eq!(n(&doc, "records"), want.records, "{format:?}: {doc}");
        assert_eq!(n(&doc, "messages"), want.messages, "{format:?}: {doc}");
        assert_eq!(n(&doc, "tls_stored"), want.tls_reports, "{format:?}: {doc}");
        assert_eq!(
            n(&doc, "failure_stored"),
            want.failure_reports,
            "{format:?}: {doc}"
        );
        assert_eq!(doc["rejected"], Value::Array(vec![]), "{format:?}");
        // The same input again: nothing new, and the counts say so.
        let (again, code) = ingest(&["--offline", "--db", db, dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{format:?} again: {again}");
        assert_eq!(n(&again, "aggregate_stored"), 0, "{format:?} again");
        assert_eq!(n(&again, "tls_stored") + n(&again, "failure_stored"), 0);
        assert_eq!(
            n(&again, "duplicates"),
            want.aggregate_reports + want.tls_reports + want.failure_reports,
            "{format:?} again: {again}"
        );
        println!(
            "reports ingest {format:?} into {}: {} aggregate, {} TLS, {} failure reports, {} records; again: {} duplicates",
            if db.starts_with("postgres") {
                "PostgreSQL"
            } else {
                "SQLite"
            },
            want.aggregate_reports,
            want.tls_reports,
            want.failure_reports,
            want.records,
            n(&again, "duplicates")
        );
    }
}

#[test]
fn every_shape_into_sqlite_and_a_second_ingest_stores_nothing() {
    let dir = tmp("sqlite");
    let db = dir.join("reports.sqlite");
    every_shape_into(db.to_str().unwrap(), &dir.join("in"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_shape_into_a_real_postgresql() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(database) = runtime.block_on(domainauth_testkit::postgres::database()) else {
        return;
    };
    let dir = tmp("postgres");
    every_shape_into(database.url(), &dir.join("in"));
    let _ = std::fs::remove_dir_all(&dir);
    drop(database);
}

/// A gzip stream of `n` zero bytes, made without holding them.
fn gzip_zeros(n: u64) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(block.len() as u64) as usize;
        gz.write_all(&block[..k]).unwrap();
        left -= k as u64;
    }
    gz.finish().unwrap()
}

#[test]
fn hostile_files_are_refused_with_reasons_and_the_rest_is_stored() {
    let dir = tmp("hostile");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let want = corpus(&input.join("good"), 7, 20, Format::Mixed);
    // A gzip bomb: 1 GiB of zeros (about 1 MB compressed).
    std::fs::write(input.join("bomb.xml.gz"), gzip_zeros(1 << 30)).unwrap();
    // Entity expansion ("billion laughs"): never processed.
    std::fs::write(
        input.join("laughs.xml"),
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\
         <feedback><report_metadata><org_name>&lol2;</org_name></report_metadata></feedback>",
    )
    .unwrap();
    // Truncated XML.
    let (_, xml) = domainauth_testkit::corpus::aggregate_report(
        3,
        domainauth_testkit::corpus::Receiver::Google,
        5,
    );
    std::fs::write(input.join("truncated.xml"), &xml[..xml.len() / 2]).unwrap();
    // Deep nesting.
    let deep = format!(
        "<feedback>{}{}</feedback>",
        "<x>".repeat(5000),
        "</x>".repeat(5000)
    );
    std::fs::write(input.join("deep.xml"), deep).unwrap();
    // A mail that carries no report.
    std::fs::write(
        input.join("hello.eml"),
        "From: a@example.jp\r\nTo: b@example.jp\r\nSubject: lunch?\r\n\r\nAt noon?\r\n",
    )
    .unwrap();
    let db = dir.join("reports.sqlite");
    let db = db.to_str().unwrap();
    let rss = which_time();
    let mut cmd = match &rss {
        Some(time) => {
            let mut c = std::process::Command::new(time);
            c.arg("-v").arg(env!("CARGO_BIN_EXE_domainauth"));
            c
        }
        None => command(),
    };
    let out = cmd
        .args(["reports", "ingest", "--json", "--offline", "--db", db])
        .arg(&input)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "something was refused: {doc}");
    assert_eq!(n(&doc, "aggregate_stored"), want.aggregate_reports, "{doc}");
    assert_eq!(n(&doc, "records"), want.records, "{doc}");
    let rejected = doc["rejected"].as_array().unwrap();
    let reason = |file: &str| -> String {
        rejected
            .iter()
            .find(|r| r["name"].as_str().unwrap().contains(file))
            .unwrap_or_else(|| panic!("{file} not refused: {doc}"))["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for (file, words) in [
        ("bomb.xml.gz", "expands"),
        ("laughs.xml", "DOCTYPE"),
        ("truncated.xml", "truncated"),
        ("deep.xml", "deeper"),
        ("hello.eml", "no report"),
    ] {
        let why = reason(file);
        assert!(why.contains(words), "{file}: {why}");
    }
    assert_eq!(rejected.len(), 5, "{doc}");
    if let Some(_time) = rss {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let kib: u64 = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .expect("time -v reports the peak RSS");
        println!(
            "reports ingest with a 1 GiB gzip bomb among 20 reports: peak RSS {} MiB",
            kib / 1024
        );
        assert!(kib < 100 * 1024, "peak RSS {kib} KiB");
    } else {
        println!("SKIPPED: the peak memory check (no /usr/bin/time)");
    }
    // What was stored before is kept: a second run adds nothing and loses nothing.
    let (again, _) = ingest(&["--offline", "--db", db, input.to_str().unwrap()]);
    assert_eq!(n(&again, "aggregate_stored"), 0);
    assert_eq!(
        n(&again, "duplicates"),
        want.aggregate_reports + want.tls_reports + want.failure_reports
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn which_time() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/time");
    let ok = std::process::Command::new(&p)
        .args(["-v", "true"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(p)
}

#[test]
fn ingest_from_a_real_dovecot_over_imap() {
    let dir = tmp("imap");
    let mails = dir.join("mails");
    std::fs::create_dir_all(&mails).unwrap();
    let want = corpus(&mails, 42, 12, Format::Mail);
    let mut builder = domainauth_testkit::dovecot::Dovecot::builder();
    let mut count = 0;
    for entry in std::fs::read_dir(&mails).unwrap() {
        let path = entry.unwrap().path();
        builder = builder.message("INBOX", std::fs::read(&path).unwrap());
        count += 1;
    }
    builder = builder.message(
        "INBOX",
        b"From: a@example.jp\r\nSubject: not a report\r\n\r\nhello\r\n".to_vec(),
    );
    let Some(server) = builder.start() else {
        return;
    };
    let db = dir.join("reports.sqlite");
    let run = |url: &str| {
        let out = command()
            .args(["reports", "ingest", "--json", "--offline", "--db"])
            .arg(&db)
            .args(["--imap", url, "--imap-ca"])
            .arg(server.ca_file())
            .args(["--move-to", "Done"])
            .env(
                "DOMAINAUTH_IMAP_PASSWORD",
                domainauth_testkit::dovecot::PASSWORD,
            )
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
            panic!(
                "{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (doc, out.status.code())
    };
    let (doc, code) = run(&server.imaps_url("INBOX"));
    assert_eq!(code, Some(1), "the non-report mail is refused: {doc}");
    assert_eq!(n(&doc, "inputs"), count + 1, "{doc}");
    assert_eq!(n(&doc, "aggregate_stored"), want.aggregate_reports, "{doc}");
    assert_eq!(n(&doc, "records"), want.records, "{doc}");
    assert_eq!(doc["rejected"].as_array().unwrap().len(), 1, "{doc}");
    // Everything processed was moved, as the server's own Maildir shows.
    assert_eq!(server.messages("INBOX").len(), 0);
    assert_eq!(server.messages("Done").len() as u64, count + 1);
    // The same mail, back in the inbox, over STARTTLS: nothing new.
    for message in server.messages("Done") {
        server.deliver("INBOX", &message);
    }
    let (again, code) = run(&server.starttls_url("INBOX"));
    assert_eq!(code, Some(1), "{again}");
    assert_eq!(n(&again, "aggregate_stored"), 0, "{again}");
    assert_eq!(
        n(&again, "duplicates"),
        want.aggregate_reports + want.tls_reports + want.failure_reports,
        "{again}"
    );
    println!(
        "reports ingest over IMAP (Dovecot, imaps then STARTTLS): {} messages, {} aggregate reports; again: {} duplicates",
        count + 1,
        want.aggregate_reports,
        n(&again, "duplicates")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The bundled example: each failing source's cause and fix, in English and
/// Japanese, as `verify`'s catalogue words them.
#[test]
fn summary_names_each_cause_and_fix_in_english_and_japanese() {
    let dir = tmp("summary");
    let db = dir.join("reports.sqlite");
    let examples = root().join("examples");
    let out = command()
        .args(["reports", "ingest", "--db"])
        .arg(&db)
        .arg(examples.join("reports"))
        .arg("--zone")
        .arg(examples.join("reports.zone"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let summary = |lang: &str| -> (Value, String) {
        let json = command()
            .args(["reports", "summary", "--json", "--lang", lang, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert_eq!(json.status.code(), Some(1), "failing sources: exit 1");
        let text = command()
            .args(["reports", "summary", "--lang", lang, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        (
            serde_json::from_slice(&json.stdout).unwrap(),
            String::from_utf8(text.stdout).unwrap(),
        )
    };
    // What the scenario is (its zone file and the generator's roles):
    // ip, cause, a word of the fix in English and in Japanese.
    let expected = [
        (
            "198.51.100.5",
            "third-party-service",
            "d=example.co.jp",
            "d=example.co.jp",
        ),
        ("203.0.113.7", "forwarding", "ARC", "ARC"),
        (
            "192.0.2.20",
            "unlisted-own-server",
            "ip4:192.0.2.20",
            "ip4:192.0.2.20",
        ),
        (
            "203.0.113.99",
            "spoofing",
            "Do not add 203.0.113.99",
            "203.0.113.99 を",
        ),
    ];
    for lang in ["en", "ja"] {
        let (doc, text) = summary(lang);
        let failing = doc["failing"].as_array().unwrap();
        assert_eq!(failing.len(), 4, "{doc}");
        for (rank, (ip, cause, en, ja)) in expected.iter().enumerate() {
            let f = &failing[rank];
            assert_eq!(f["source"]["source_ip"], *ip, "rank {rank}: {f}");
            assert_eq!(f["cause"], *cause, "{ip}");
            let fixes: String = f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|x| x["fix"].as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let word = if lang == "en" { en } else { ja };
            assert!(fixes.contains(word), "{lang} {ip}: {fixes}");
            assert!(text.contains(ip), "{lang} text lacks {ip}");
            assert!(
                text.contains(f["cause_text"].as_str().unwrap()),
                "{lang} {ip}"
            );
        }
        // The spoofer's advice never lists it in SPF; the policy advice is
        // given once.
        let spoofer = failing[3]["findings"].to_string();
        assert!(!spoofer.contains("ip4:203.0.113.99"), "{spoofer}");
        if lang == "ja" {
            let words = domainauth_testkit::ja::english_words(&text);
            assert!(
                words.is_empty(),
                "English in the Japanese summary: {words:?}"
            );
        }
        println!("reports summary --lang {lang}: the four causes named with their fixes");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
