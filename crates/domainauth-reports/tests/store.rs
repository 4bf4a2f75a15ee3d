//! The report store against both backends: every test runs on a SQLite
//! file and on a real PostgreSQL server (domainauth_testkit::postgres; the
//! PostgreSQL half skips loudly when the server is not installed, and fails
//! under DOMAINAUTH_REQUIRE_PEERS=1).
//!
//! Reports are built by hand from the model's serde form (the model types
//! are `#[non_exhaustive]`), with every field set, so that a round trip
//! compares every column.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use domainauth_reports::model::{AggregateReport, FailureReport, TlsReport};
use domainauth_reports::store::{Inserted, ReportFilter, SourceInfo, Store, StoreError};
use domainauth_reports::summary::{PtrInfo, StoredRecord};
use domainauth_testkit::postgres::{self, TestDatabase};
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Where each test runs.

/// A store location for one test: a SQLite file in a folder of its own, or
/// a PostgreSQL database of its own. Removed on drop.
struct Target {
    target: String,
    sqlite_dir: Option<PathBuf>,
    _postgres: Option<TestDatabase>,
}

impl Target {
    async fn sqlite(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("domainauth-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // In a folder that does not exist yet: open creates it.
        let file = dir.join("new").join("reports.db");
        Self {
            target: file.display().to_string(),
            sqlite_dir: Some(dir),
            _postgres: None,
        }
    }

    async fn postgres() -> Option<Self> {
        let db = postgres::database().await?;
        Some(Self {
            target: db.url().to_owned(),
            sqlite_dir: None,
            _postgres: Some(db),
        })
    }

    async fn open(&self) -> Store {
        match Store::open(&self.target).await {
            Ok(store) => store,
            Err(e) => panic!("open {}: {e}", self.target),
        }
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(dir) = &self.sqlite_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Runs the test function `$name(Target)` once on SQLite and once on
/// PostgreSQL, as `$name::sqlite` and `$name::postgres`.
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(super::Target::sqlite(stringify!($name)).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(target) = super::Target::postgres().await {
                    super::$name(target).await;
                }
            }
        }
    )+};
}

on_both!(
    aggregate_round_trip,
    duplicate_adds_nothing,
    concurrent_stores_keep_each_report_once,
    killed_mid_transaction_leaves_no_partial_report,
    records_stream_by_filter,
    failure_round_trip,
    tls_round_trip,
    source_cache,
    counts_too_large_are_refused,
    reopen_keeps_reports,
    batch_stores_each_report_as_alone,
    message_history_round_trip,
);

/// The milter's per-message history: every field written comes back, in
/// the order received, within the time window asked.
async fn message_history_round_trip(target: Target) {
    use domainauth_reports::store::MessageEntry;
    let store = target.open().await;
    let entry = |at: i64, ip: &str, dkim: &str, reasons: Value, policy: Value| -> MessageEntry {
        serde_json::from_value(json!({
            "received_at": at,
            "reporter": "mx.example.net",
            "queue_id": format!("Q{at}"),
            "action": if dkim == "pass" { "accept" } else { "reject" },
            "policy": policy,
            "record": {
                "source_ip": ip,
                "count": 1,
                "evaluated": {
                    "disposition": if dkim == "pass" { "none" } else { "reject" },
                    "dkim": dkim,
                    "spf": "fail",
                    "reasons": reasons,
                },
                "identifiers": {
                    "header_from": "example.org",
                    "envelope_from": "lists.example",
                    "envelope_to": null,
                },
                "dkim": [
                    {"domain": "example.org", "selector": "s1", "result": dkim, "human_result": null},
                    {"domain": "lists.example", "selector": null, "result": "pass", "human_result": null},
                ],
                "spf": [{"domain": "lists.example", "scope": "mfrom", "result": "softfail", "human_result": null}],
            },
        }))
        .unwrap()
    };
    let policy = json!({
        "domain": "example.org", "adkim": "strict", "aspf": "relaxed", "p": "reject", "sp": "quarantine",
        "np": null, "pct": null, "fo": null, "testing": false, "discovery_method": "treewalk",
    });
    let entries = vec![
        entry(1_000, "192.0.2.1", "pass", json!([]), policy.clone()),
        entry(
            2_000,
            "2001:db8::25",
            "fail",
            json!([{"kind": "local_policy", "comment": "allow-list"}]),
            policy,
        ),
        entry(3_000, "198.51.100.7", "fail", json!([]), Value::Null),
    ];
    store.insert_messages(&entries).await.unwrap();
    store.insert_messages(&[]).await.unwrap();
    let back = store.messages(0, i64::MAX, 10).await.unwrap();
    assert_eq!(back, entries);
    let window = store.messages(1_500, 3_000, 10).await.unwrap();
    assert_eq!(window, entries[1..]);
    assert_eq!(store.messages(0, i64::MAX, 1).await.unwrap(), entries[..1]);
}

// ---------------------------------------------------------------------------
// Reports, built from the model's serde form.

const DAY: i64 = 86_400;
/// 2026-05-01T00:00:00Z.
const MAY_1: i64 = 1_777_593_600;

/// Record `i` of a report for `domain`: the fields vary with `i` so that
/// every value and every optional part is exercised across a report.
fn record(i: usize, domain: &str) -> Value {
    let ip = if i % 5 == 4 {
        format!("2001:db8::{:x}", i % 65_536)
    } else {
        format!("192.0.2.{}", i % 250)
    };
    let header_from = if i % 7 == 6 {
        format!("news.{domain}")
    } else {
        domain.to_owned()
    };
    let dkim_results = [
        "none",
        "pass",
        "fail",
        "policy",
        "neutral",
        "temperror",
        "permerror",
    ];
    let spf_results = [
        "none",
        "neutral",
        "pass",
        "fail",
        "softfail",
        "temperror",
        "permerror",
    ];
    let dispositions = ["none", "quarantine", "reject"];
    let reasons: Vec<Value> = match i % 4 {
        0 => vec![],
        1 => vec![json!({"kind": "forwarded", "comment": "via list"})],
        2 => vec![
            json!({"kind": "mailing_list", "comment": null}),
            json!({"kind": {"other": "arc_verified"}, "comment": "ARC pass"}),
        ],
        _ => vec![
            json!({"kind": "sampled_out", "comment": null}),
            json!({"kind": "trusted_forwarder", "comment": "x"}),
            json!({"kind": "local_policy", "comment": null}),
            json!({"kind": "policy_test_mode", "comment": null}),
        ],
    };
    let dkim: Vec<Value> = (0..i % 3)
        .map(|j| {
            json!({
                "domain": if j == 0 { domain.to_owned() } else { format!("esp{j}.example") },
                "selector": if j == 1 { Value::Null } else { json!(format!("s{j}")) },
                "result": dkim_results[(i + j) % 7],
                "human_result": if i.is_multiple_of(2) { json!("signature ok") } else { Value::Null },
            })
        })
        .collect();
    let dkim_outcome = ["pass", "fail"].get(i % 3).copied();
    let spf_outcome = ["fail", "pass"].get(i % 3).copied();
    json!({
        "source_ip": ip,
        "count": i as u64 + 1,
        "evaluated": {
            "disposition": dispositions[i % 3],
            "dkim": dkim_outcome,
            "spf": spf_outcome,
            "reasons": reasons,
        },
        "identifiers": {
            "header_from": header_from,
            "envelope_from": if i.is_multiple_of(2) { json!(format!("bounce.{domain}")) } else { Value::Null },
            "envelope_to": if i.is_multiple_of(3) { json!("example.org") } else { Value::Null },
        },
        "dkim": dkim,
        "spf": [
            {"domain": format!("bounce.{domain}"), "scope": "mfrom", "result": spf_results[i % 7], "human_result": "sender ok"},
            {"domain": "mx.example.net", "scope": if i.is_multiple_of(2) { json!("helo") } else { Value::Null }, "result": spf_results[(i + 3) % 7], "human_result": null},
        ],
    })
}

/// An aggregate report with every optional field set and `records` records.
fn aggregate(
    org: &str,
    report_id: &str,
    begin: i64,
    domain: &str,
    records: usize,
) -> AggregateReport {
    // Every combination of the record variations repeats after 420
    // records: larger reports reuse them with their own count.
    let distinct: Vec<Value> = (0..records.min(420)).map(|i| record(i, domain)).collect();
    let mut report = aggregate_with(org, report_id, begin, domain, distinct);
    let base = report.records.clone();
    for i in base.len()..records {
        let mut record = base[i % 420].clone();
        record.count = i as u64 + 1;
        report.records.push(record);
    }
    report
}

fn aggregate_with(
    org: &str,
    report_id: &str,
    begin: i64,
    domain: &str,
    records: Vec<Value>,
) -> AggregateReport {
    serde_json::from_value(json!({
        "schema": "rfc9990",
        "version": "1.0",
        "metadata": {
            "org_name": org,
            "email": "noreply-dmarc-support@example.net",
            "extra_contact_info": "https://example.net/dmarc",
            "report_id": report_id,
            "date_range": {"begin": begin, "end": begin + DAY - 1},
            "errors": ["record 3: unknown element <foo>", "日本語のエラー"],
            "generator": "example-reporter 2.1",
        },
        "policy": {
            "domain": domain,
            "adkim": "relaxed",
            "aspf": "strict",
            "p": "reject",
            "sp": "quarantine",
            "np": "none",
            "pct": 50,
            "fo": "1:d",
            "testing": true,
            "discovery_method": "treewalk",
        },
        "records": records,
        "notes": ["<version> was 2.0", "upper-case result PASS read as pass"],
    }))
    .expect("the model's serde form")
}

/// The same report in its sparsest form: RFC 7489 schema, every optional
/// field absent.
fn sparse_aggregate(org: &str, report_id: &str, begin: i64, domain: &str) -> AggregateReport {
    serde_json::from_value(json!({
        "schema": "rfc7489",
        "version": null,
        "metadata": {
            "org_name": org, "email": "", "extra_contact_info": null, "report_id": report_id,
            "date_range": {"begin": begin, "end": begin + DAY - 1}, "errors": [], "generator": null,
        },
        "policy": {
            "domain": domain, "adkim": null, "aspf": null, "p": null, "sp": null, "np": null,
            "pct": null, "fo": null, "testing": null, "discovery_method": null,
        },
        "records": [{
            "source_ip": "198.51.100.7", "count": 1,
            "evaluated": {"disposition": "none", "dkim": null, "spf": null, "reasons": []},
            "identifiers": {"header_from": domain, "envelope_from": null, "envelope_to": null},
            "dkim": [], "spf": [],
        }],
        "notes": [],
    }))
    .expect("the model's serde form")
}

fn failure(source_ip: &str, domain: &str, arrival: i64) -> FailureReport {
    serde_json::from_value(json!({
        "feedback_type": "auth-failure",
        "user_agent": "Example-Reporter/1.0",
        "version": "1",
        "arrival_date": "Fri, 01 May 2026 10:00:00 +0000",
        "arrival_time": arrival,
        "source_ip": source_ip,
        "reported_domains": [domain, format!("news.{domain}")],
        "original_mail_from": format!("bounce@{domain}"),
        "original_rcpt_to": ["alice@example.org", "bob@example.org"],
        "authentication_results": [
            format!("mx.example.org; dmarc=fail header.from={domain}; spf=fail smtp.mailfrom={domain}"),
            "mx.example.org; dkim=fail header.d=esp.example".to_owned(),
        ],
        "auth_failure": ["dmarc", "spf"],
        "dkim_domain": "esp.example",
        "dkim_selector": "s1",
        "dkim_identity": "@esp.example",
        "delivery_result": "reject",
        "identity_alignment": "none",
        "reporting_mta": "dns; mx.example.org",
        "incidents": 3,
        "reporter": "example.org",
        "original_headers": [
            ["From", format!("<ceo@{domain}>")],
            ["Subject", "Invoice 42 — 請求書"],
            ["Received", "from spoof.example (203.0.113.9) by mx.example.org"],
        ],
        "description": "This is an authentication failure report for an email message.",
        "plain_text": false,
        "notes": ["Arrival-Date in an obsolete format"],
    }))
    .expect("the model's serde form")
}

fn tls(org: &str, report_id: &str, start: &str, start_time: i64, domain: &str) -> TlsReport {
    serde_json::from_value(json!({
        "organization_name": org,
        "start": start,
        "end": "2026-05-01T23:59:59Z",
        "start_time": start_time,
        "end_time": start_time + DAY - 1,
        "contact_info": "smtp-tls-reporting@example.net",
        "report_id": report_id,
        "policies": [
            {
                "policy_type": "sts",
                "policy_strings": ["version: STSv1", "mode: enforce", format!("mx: mx1.{domain}"), "max_age: 86400"],
                "policy_domain": domain,
                "mx_hosts": [format!("mx1.{domain}"), format!("mx2.{domain}")],
                "successful_sessions": 5_326,
                "failed_sessions": 303,
                "failures": [
                    {
                        "result_type": "certificate-expired",
                        "sending_mta_ip": "2001:db8:abcd:0012::1",
                        "receiving_mx_hostname": format!("mx2.{domain}"),
                        "receiving_mx_helo": format!("mx2-helo.{domain}"),
                        "receiving_ip": "203.0.113.56",
                        "failed_session_count": 200,
                        "additional_information": "https://reports.example.net/details",
                        "failure_reason_code": "X509_V_ERR_CERT_HAS_EXPIRED",
                    },
                    {
                        "result_type": "starttls-not-supported",
                        "sending_mta_ip": "198.51.100.62",
                        "receiving_mx_hostname": format!("mx1.{domain}"),
                        "receiving_mx_helo": null,
                        "receiving_ip": null,
                        "failed_session_count": 103,
                        "additional_information": null,
                        "failure_reason_code": null,
                    },
                ],
            },
            {
                "policy_type": "no-policy-found",
                "policy_strings": [],
                "policy_domain": format!("sub.{domain}"),
                "mx_hosts": [],
                "successful_sessions": 10,
                "failed_sessions": 0,
                "failures": [],
            },
        ],
        "notes": ["date-range end is not the end of a day"],
    }))
    .expect("the model's serde form")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

// ---------------------------------------------------------------------------
// The tests.

/// Every field of an aggregate report reads back as it was stored, for a
/// report with every optional field and one with none.
async fn aggregate_round_trip(t: Target) {
    let store = t.open().await;
    let full = aggregate("google.com", "17711846712345", MAY_1, "example.com", 60);
    let sparse = sparse_aggregate("Yahoo", "1777593600.354789", MAY_1, "example.com");
    let before = now();

    let id = match store
        .insert_aggregate(&full, "inbox/report.xml.gz")
        .await
        .unwrap()
    {
        Inserted::Stored(id) => id,
        other => panic!("a new report was {other:?}"),
    };
    let sparse_id = store.insert_aggregate(&sparse, "mbox#msg 3").await.unwrap();
    assert!(sparse_id.is_new());
    assert_ne!(sparse_id.id(), id);

    let back = store.aggregate_report(id).await.unwrap().expect("stored");
    assert_eq!(back.id, id);
    assert_eq!(back.origin, "inbox/report.xml.gz");
    assert!(
        (before..=now()).contains(&back.ingested_at),
        "{}",
        back.ingested_at
    );
    assert_eq!(back.report, full);

    let back = store
        .aggregate_report(sparse_id.id())
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(back.report, sparse);
    assert_eq!(back.origin, "mbox#msg 3");

    assert_eq!(
        store.aggregate_ids("17711846712345").await.unwrap(),
        vec![id]
    );
    assert!(store.aggregate_ids("no such id").await.unwrap().is_empty());
    assert!(store.aggregate_report(id + 1000).await.unwrap().is_none());

    let counts = store.counts().await.unwrap();
    assert_eq!(counts.aggregate_reports, 2);
    assert_eq!(counts.records, 61);
    // Counts are i + 1 for i in 0..60, plus 1.
    assert_eq!(counts.messages, (1..=60).sum::<u64>() + 1);

    // PostgreSQL cannot keep NUL in text: both backends keep U+FFFD.
    let mut nul = sparse_aggregate("nul.example", "a\0b", MAY_1, "example.com");
    nul.metadata.email = "dmarc\0@nul.example".into();
    let id = store.insert_aggregate(&nul, "nul").await.unwrap().id();
    let back = store.aggregate_report(id).await.unwrap().unwrap().report;
    assert_eq!(back.metadata.report_id, "a\u{FFFD}b");
    assert_eq!(back.metadata.email, "dmarc\u{FFFD}@nul.example");
}

/// A report stored a second time is a duplicate, with the first one's id,
/// and nothing is written; a report differing in one part of its key is
/// another report.
async fn duplicate_adds_nothing(t: Target) {
    let store = t.open().await;
    let report = aggregate("Mail.Ru", "r-1", MAY_1, "example.com", 25);
    let first = store.insert_aggregate(&report, "a.xml").await.unwrap();
    assert!(first.is_new());
    let counts = store.counts().await.unwrap();

    // Same key, different content (as when a receiver resends a report):
    // the stored one stays.
    let mut resent = aggregate("Mail.Ru", "r-1", MAY_1, "example.com", 3);
    resent.notes.push("resent".into());
    for again in [&report, &resent] {
        assert_eq!(
            store.insert_aggregate(again, "b.xml").await.unwrap(),
            Inserted::Duplicate(first.id())
        );
    }
    assert_eq!(store.counts().await.unwrap(), counts);
    let back = store.aggregate_report(first.id()).await.unwrap().unwrap();
    assert_eq!(back.report, report);
    assert_eq!(back.origin, "a.xml");

    // Each part of the key makes another report (RFC 9990 §3.1.1: the id
    // is unique per organisation).
    let mut other_org = report.clone();
    other_org.metadata.org_name = "Mail.Ru Group".into();
    let mut other_id = report.clone();
    other_id.metadata.report_id = "r-2".into();
    let mut other_begin = report.clone();
    other_begin.metadata.date_range.begin -= 1;
    let mut other_end = report.clone();
    other_end.metadata.date_range.end += 1;
    let mut ids = vec![first.id()];
    for other in [other_org, other_id, other_begin, other_end] {
        let inserted = store.insert_aggregate(&other, "c.xml").await.unwrap();
        assert!(inserted.is_new(), "{:?}", other.key());
        ids.push(inserted.id());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 5);
    let counts = store.counts().await.unwrap();
    assert_eq!(counts.aggregate_reports, 5);
    assert_eq!(counts.records, 5 * 25);
    assert_eq!(store.aggregate_ids("r-1").await.unwrap().len(), 4);
}

/// Two stores (two pools, as two ingest processes have) insert the same 20
/// reports at the same moment: each report is stored once, and both see
/// the same id.
async fn concurrent_stores_keep_each_report_once(t: Target) {
    let a = t.open().await;
    let b = t.open().await;
    let reports: Vec<Arc<AggregateReport>> = (0..20)
        .map(|i| {
            Arc::new(aggregate(
                "concurrent.example",
                &format!("c-{i}"),
                MAY_1 + i * DAY,
                "example.com",
                40,
            ))
        })
        .collect();
    let barrier = Arc::new(tokio::sync::Barrier::new(reports.len() * 2));
    let mut tasks = Vec::new();
    for report in &reports {
        for store in [&a, &b] {
            let (store, report, barrier) = (store.clone(), report.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                let inserted = store.insert_aggregate(&report, "concurrent").await;
                (report.metadata.report_id.clone(), inserted)
            }));
        }
    }
    let mut outcomes: BTreeMap<String, Vec<Inserted>> = BTreeMap::new();
    for task in tasks {
        let (id, inserted) = task.await.unwrap();
        outcomes.entry(id).or_default().push(inserted.unwrap());
    }
    assert_eq!(outcomes.len(), 20);
    for (report_id, both) in &outcomes {
        let stored: Vec<_> = both.iter().filter(|i| i.is_new()).collect();
        assert_eq!(stored.len(), 1, "{report_id}: {both:?}");
        assert_eq!(both[0].id(), both[1].id(), "{report_id}: {both:?}");
    }
    let counts = a.counts().await.unwrap();
    assert_eq!(counts.aggregate_reports, 20);
    assert_eq!(counts.records, 20 * 40);
    for report in &reports {
        let ids = b.aggregate_ids(&report.metadata.report_id).await.unwrap();
        assert_eq!(ids.len(), 1);
        let back = b.aggregate_report(ids[0]).await.unwrap().unwrap();
        assert_eq!(&back.report, report.as_ref());
    }
}

// The SIGKILL test: this binary re-runs itself as the child, with the
// target in CHILD_TARGET, running only `child_inserts_large_report`.

const CHILD_TARGET: &str = "DOMAINAUTH_STORE_CHILD_TARGET";
const CHILD_APP: &str = "domainauth-store-child";
const LARGE_RECORDS: usize = 50_000;

fn large_report() -> AggregateReport {
    aggregate(
        "large.example",
        "large-1",
        MAY_1,
        "example.com",
        LARGE_RECORDS,
    )
}

/// A line on the real stdout (not the test harness's capture), flushed.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The child's part of `killed_mid_transaction_leaves_no_partial_report`:
/// opens the store, says so, inserts a 50,000-record report.
#[tokio::test]
#[ignore = "the child process of killed_mid_transaction_leaves_no_partial_report, which starts it"]
async fn child_inserts_large_report() {
    let Ok(target) = std::env::var(CHILD_TARGET) else {
        return;
    };
    let report = large_report();
    let store = Store::open(&target).await.expect("child: open");
    say("OPEN");
    let started = Instant::now();
    store
        .insert_aggregate(&report, "child")
        .await
        .expect("child: insert");
    say(&format!("DONE in {:?}", started.elapsed()));
}

/// Whether the child is inside its insert transaction, having written part
/// of the report.
async fn child_is_writing(t: &Target, wal_at_open: u64) -> bool {
    if t.sqlite_dir.is_some() {
        // The write lock is taken (BEGIN IMMEDIATE fails at once), and
        // uncommitted pages are spilling into the WAL.
        use sqlx::Connection as _;
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&t.target)
            .busy_timeout(Duration::ZERO);
        let Ok(mut conn) = sqlx::SqliteConnection::connect_with(&options).await else {
            return false;
        };
        let locked = match sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await {
            Ok(_) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut conn).await;
                false
            }
            Err(_) => true,
        };
        let _ = conn.close().await;
        locked && wal_size(t) > wal_at_open + (2 << 20)
    } else {
        // The child's backend has a transaction id: it has written.
        use sqlx::Connection as _;
        let Ok(mut conn) = sqlx::PgConnection::connect(&t.target).await else {
            return false;
        };
        let n: (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE application_name = $1 AND backend_xid IS NOT NULL",
        )
        .bind(CHILD_APP)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let _ = conn.close().await;
        n.0 > 0
    }
}

fn wal_size(t: &Target) -> u64 {
    std::fs::metadata(format!("{}-wal", t.target)).map_or(0, |m| m.len())
}

/// A process killed with SIGKILL in the middle of a large report's
/// transaction leaves the report absent or complete, never partial, and the
/// report can be stored afterwards.
async fn killed_mid_transaction_leaves_no_partial_report(t: Target) {
    let store = t.open().await;
    let child_target = if t.sqlite_dir.is_some() {
        t.target.clone()
    } else {
        format!("{}?application_name={CHILD_APP}", t.target)
    };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_inserts_large_report",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_TARGET, &child_target)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut output = Vec::new();
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(120))
            .expect("the child opens the store");
        output.push(line.clone());
        // After the harness's "test child_inserts_large_report ... ".
        if line.ends_with("OPEN") {
            break;
        }
    }
    let wal_at_open = wal_size(&t);
    let deadline = Instant::now() + Duration::from_secs(120);
    while !child_is_writing(&t, wal_at_open).await {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the child ended before it was seen writing: {output:?}"
        );
        assert!(Instant::now() < deadline, "the child never started writing");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    output.extend(lines.try_iter());
    while let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
        output.push(line);
    }
    assert!(!status.success(), "{status}");
    assert!(
        !output.iter().any(|l| l.contains("DONE")),
        "the child finished before it was killed, so nothing was tested: {output:?}"
    );

    let report = large_report();
    let ids = store.aggregate_ids("large-1").await.unwrap();
    let counts = store.counts().await.unwrap();
    match ids.as_slice() {
        [] => {
            assert_eq!(counts.aggregate_reports, 0);
            assert_eq!(counts.records, 0, "records of an absent report");
        }
        [id] => {
            assert_eq!(counts.records, LARGE_RECORDS as u64);
            let back = store.aggregate_report(*id).await.unwrap().unwrap();
            assert_eq!(back.report, report);
        }
        more => panic!("stored {} times", more.len()),
    }

    // And the store takes it (or has it) whole afterwards.
    let started = Instant::now();
    let inserted = store.insert_aggregate(&report, "parent").await.unwrap();
    let took = started.elapsed();
    assert_eq!(inserted.is_new(), ids.is_empty());
    let back = store
        .aggregate_report(inserted.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.report, report);
    let counts = store.counts().await.unwrap();
    assert_eq!(counts.records, LARGE_RECORDS as u64);
    let _ = writeln!(
        std::io::stderr(),
        "{LARGE_RECORDS}-record report stored in {took:?} ({:?})",
        store.backend()
    );
}

/// Records stream back in the order stored, each whole with its report's
/// context, selected by domain and date; a stream dropped early frees its
/// connections.
async fn records_stream_by_filter(t: Target) {
    let store = t.open().await;
    let r1 = aggregate("one.example", "s-1", MAY_1, "a.example", 30);
    // Half of r2's records are mail from a.example under b.example's policy.
    let mut r2 = aggregate("two.example", "s-2", MAY_1 + DAY, "b.example", 20);
    for (i, record) in r2.records.iter_mut().enumerate() {
        if i.is_multiple_of(2) {
            record.identifiers.header_from = "a.example".into();
        }
    }
    // More records than the stream reads ahead and than one INSERT holds.
    let r3 = aggregate("three.example", "s-3", MAY_1 + 2 * DAY, "a.example", 2_500);
    for r in [&r1, &r2, &r3] {
        assert!(store.insert_aggregate(r, "x").await.unwrap().is_new());
    }

    let collect = |filter: ReportFilter| {
        let store = store.clone();
        async move {
            store
                .records(&filter)
                .try_collect::<Vec<StoredRecord>>()
                .await
                .unwrap()
        }
    };
    let expect = |reports: &[&AggregateReport], keep: &dyn Fn(&AggregateReport, usize) -> bool| {
        let mut out = Vec::new();
        for r in reports {
            for (i, record) in r.records.iter().enumerate() {
                if keep(r, i) {
                    out.push((r.metadata.report_id.clone(), record.clone()));
                }
            }
        }
        out
    };
    let got = |records: Vec<StoredRecord>| {
        records
            .into_iter()
            .map(|s| (s.report.report_id, s.record))
            .collect::<Vec<_>>()
    };

    let all = collect(ReportFilter::default()).await;
    assert_eq!(all.len(), 2_550);
    for s in all.iter().take(30) {
        assert_eq!(s.report.org_name, "one.example");
        assert_eq!(s.report.date_range, r1.metadata.date_range);
        assert_eq!(s.report.policy, r1.policy);
    }
    assert_eq!(all[30].report.policy, r2.policy);
    assert_eq!(got(all), expect(&[&r1, &r2, &r3], &|_, _| true));

    // By domain: the policy's domain or the record's header From.
    let a = collect(ReportFilter {
        domain: Some("A.Example".into()),
        ..ReportFilter::default()
    })
    .await;
    assert_eq!(
        got(a),
        expect(&[&r1, &r2, &r3], &|r, i| {
            r.policy.domain == "a.example" || r.records[i].identifiers.header_from == "a.example"
        })
    );
    let b = collect(ReportFilter {
        domain: Some("b.example".into()),
        ..ReportFilter::default()
    })
    .await;
    assert_eq!(got(b), expect(&[&r2], &|_, _| true));
    let none = collect(ReportFilter {
        domain: Some("c.example".into()),
        ..ReportFilter::default()
    })
    .await;
    assert!(none.is_empty());

    // By date: reports beginning in [since, until).
    let from_day2 = collect(ReportFilter {
        since: Some(MAY_1 + DAY),
        ..ReportFilter::default()
    })
    .await;
    assert_eq!(got(from_day2), expect(&[&r2, &r3], &|_, _| true));
    let before_day2 = collect(ReportFilter {
        until: Some(MAY_1 + DAY),
        ..ReportFilter::default()
    })
    .await;
    assert_eq!(got(before_day2), expect(&[&r1], &|_, _| true));
    let day2_a = collect(ReportFilter {
        domain: Some("a.example".into()),
        since: Some(MAY_1 + DAY),
        until: Some(MAY_1 + 2 * DAY),
    })
    .await;
    assert_eq!(got(day2_a), expect(&[&r2], &|_, i| i % 2 == 0));

    // Streams dropped after a few records: their connections come back
    // (more streams than run at once, then a full one).
    for _ in 0..4 {
        let first: Vec<_> = store
            .records(&ReportFilter::default())
            .take(3)
            .collect()
            .await;
        assert_eq!(first.len(), 3);
    }
    let all = tokio::time::timeout(Duration::from_secs(60), collect(ReportFilter::default()))
        .await
        .expect("a stream after dropped ones");
    assert_eq!(all.len(), 2_550);
}

/// Failure reports: every field reads back, a second insert is a duplicate,
/// and the filter selects by reported domain and arrival time.
async fn failure_round_trip(t: Target) {
    let store = t.open().await;
    let one = failure("203.0.113.9", "example.com", MAY_1);
    let two = failure("2001:db8::9", "example.net", MAY_1 + DAY);
    let mut plain = FailureReport::default();
    plain.plain_text = true;
    plain.description = Some("A message from example.com failed DMARC".into());

    let id1 = store.insert_failure(&one, "ruf/1.eml").await.unwrap();
    assert!(id1.is_new());
    assert_eq!(
        store.insert_failure(&one, "ruf/1-again.eml").await.unwrap(),
        Inserted::Duplicate(id1.id())
    );
    let id2 = store.insert_failure(&two, "ruf/2.eml").await.unwrap();
    let id3 = store.insert_failure(&plain, "ruf/3.eml").await.unwrap();
    assert!(id2.is_new() && id3.is_new());
    assert_eq!(store.counts().await.unwrap().failure_reports, 3);

    let back = store.failure_report(id1.id()).await.unwrap().unwrap();
    assert_eq!(back.report, one);
    assert_eq!(back.origin, "ruf/1.eml");
    assert_eq!(
        store
            .failure_report(id3.id())
            .await
            .unwrap()
            .unwrap()
            .report,
        plain
    );

    let select = |filter: ReportFilter| {
        let store = store.clone();
        async move {
            store
                .failure_reports(&filter)
                .map_ok(|s| s.id)
                .try_collect::<Vec<_>>()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        select(ReportFilter::default()).await,
        vec![id1.id(), id2.id(), id3.id()]
    );
    assert_eq!(
        select(ReportFilter {
            domain: Some("news.example.com".into()),
            ..ReportFilter::default()
        })
        .await,
        vec![id1.id()]
    );
    // The plain-text report has no Arrival-Date: its ingest time counts.
    assert_eq!(
        select(ReportFilter {
            since: Some(MAY_1 + 1),
            ..ReportFilter::default()
        })
        .await,
        vec![id2.id(), id3.id()]
    );
    assert_eq!(
        select(ReportFilter {
            until: Some(MAY_1 + 1),
            ..ReportFilter::default()
        })
        .await,
        vec![id1.id()]
    );

    // More reports than one page of the stream.
    for i in 0..250 {
        let mut r = failure("192.0.2.1", "page.example", MAY_1 + 2 * DAY);
        r.incidents = Some(i);
        store.insert_failure(&r, "page").await.unwrap();
    }
    let paged: Vec<_> = store
        .failure_reports(&ReportFilter {
            domain: Some("page.example".into()),
            ..ReportFilter::default()
        })
        .try_collect()
        .await
        .unwrap();
    let incidents: Vec<u64> = paged.iter().filter_map(|s| s.report.incidents).collect();
    assert_eq!(incidents, (0..250).collect::<Vec<u64>>());
}

/// TLS reports: every field reads back, a second insert is a duplicate, the
/// filter selects by policy domain and start time.
async fn tls_round_trip(t: Target) {
    let store = t.open().await;
    let one = tls(
        "Google Inc.",
        "2026-05-01T00:00:00Z_example.com",
        "2026-05-01T00:00:00Z",
        MAY_1,
        "example.com",
    );
    let two = tls(
        "Microsoft",
        "133.1",
        "2026-05-02T00:00:00Z",
        MAY_1 + DAY,
        "example.net",
    );
    let id1 = store.insert_tls(&one, "tls/1.json.gz").await.unwrap();
    assert!(id1.is_new());
    assert_eq!(
        store.insert_tls(&one, "tls/again.json").await.unwrap(),
        Inserted::Duplicate(id1.id())
    );
    // Another date range is another report (RFC 8460 §4.4).
    let mut later = one.clone();
    later.start = "2026-05-03T00:00:00Z".into();
    later.start_time = Some(MAY_1 + 2 * DAY);
    let id_later = store.insert_tls(&later, "tls/3.json").await.unwrap();
    assert!(id_later.is_new());
    let id2 = store.insert_tls(&two, "tls/2.json").await.unwrap();
    assert_eq!(store.counts().await.unwrap().tls_reports, 3);

    let back = store.tls_report(id1.id()).await.unwrap().unwrap();
    assert_eq!(back.report, one);
    assert_eq!(back.origin, "tls/1.json.gz");
    assert!(store.tls_report(id2.id() + 100).await.unwrap().is_none());

    let select = |filter: ReportFilter| {
        let store = store.clone();
        async move {
            store
                .tls_reports(&filter)
                .map_ok(|s| s.report)
                .try_collect::<Vec<_>>()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        select(ReportFilter {
            domain: Some("sub.example.com".into()),
            ..ReportFilter::default()
        })
        .await,
        vec![one.clone(), later.clone()]
    );
    assert_eq!(
        select(ReportFilter {
            since: Some(MAY_1 + DAY),
            until: Some(MAY_1 + 2 * DAY),
            ..ReportFilter::default()
        })
        .await,
        vec![two.clone()]
    );
}

/// The reverse-DNS and location cache: what was put reads back, a second
/// put replaces, and within one put the last entry for an IP wins.
async fn source_cache(t: Target) {
    let store = t.open().await;
    let v4: IpAddr = "192.0.2.10".parse().unwrap();
    let v6: IpAddr = "2001:db8::10".parse().unwrap();
    let unknown: IpAddr = "198.51.100.1".parse().unwrap();

    let mut known = SourceInfo::new(v4, MAY_1);
    known.ptr = Some(PtrInfo {
        name: "mail-10.example.net".into(),
        forward_confirmed: true,
    });
    known.country = Some("JP".into());
    known.asn = Some(4_294_967_295);
    known.as_org = Some("Example Networks".into());
    let nothing = SourceInfo::new(v6, MAY_1 + 5);
    store
        .put_source_info(&[known.clone(), nothing.clone()])
        .await
        .unwrap();

    let got = store.source_info(&[v4, v6, unknown]).await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[&v4], known);
    assert_eq!(got[&v6], nothing);
    assert!(!got.contains_key(&unknown));

    // Replaced; within one call the last wins.
    let mut renamed = known.clone();
    renamed.ptr = Some(PtrInfo {
        name: "renamed.example.net".into(),
        forward_confirmed: false,
    });
    renamed.looked_up_at = MAY_1 + DAY;
    let mut last = renamed.clone();
    last.country = None;
    store
        .put_source_info(&[renamed, last.clone()])
        .await
        .unwrap();
    let got = store.source_info(&[v4]).await.unwrap();
    assert_eq!(got[&v4], last);
    assert_eq!(store.counts().await.unwrap().sources, 2);

    // More IPs than one query's list.
    let many: Vec<SourceInfo> = (0..1_200u32)
        .map(|i| SourceInfo::new(IpAddr::from([10, 0, (i >> 8) as u8, i as u8]), i64::from(i)))
        .collect();
    store.put_source_info(&many).await.unwrap();
    let ips: Vec<IpAddr> = many.iter().map(|s| s.ip).collect();
    let got = store.source_info(&ips).await.unwrap();
    assert_eq!(got.len(), 1_200);
    assert_eq!(got[&ips[1_199]].looked_up_at, 1_199);
}

/// A count beyond the database's integers is refused before anything is
/// written.
async fn counts_too_large_are_refused(t: Target) {
    let store = t.open().await;
    let mut report = aggregate("huge.example", "h-1", MAY_1, "example.com", 3);
    report.records[2].count = u64::MAX;
    match store.insert_aggregate(&report, "huge").await {
        Err(StoreError::TooLarge {
            field: "<count>",
            value,
        }) => assert_eq!(value, u64::MAX),
        other => panic!("{other:?}"),
    }
    let mut report = tls(
        "huge.example",
        "h-2",
        "2026-05-01T00:00:00Z",
        MAY_1,
        "example.com",
    );
    report.policies[0].failures[1].failed_session_count = 1 << 63;
    assert!(matches!(
        store.insert_tls(&report, "huge").await,
        Err(StoreError::TooLarge {
            field: "failed-session-count",
            ..
        })
    ));
    let counts = store.counts().await.unwrap();
    assert_eq!(
        (counts.aggregate_reports, counts.records, counts.tls_reports),
        (0, 0, 0)
    );
    // The largest value that fits is kept exactly.
    report.policies[0].failures[1].failed_session_count = i64::MAX as u64;
    let id = store.insert_tls(&report, "huge").await.unwrap().id();
    assert_eq!(store.tls_report(id).await.unwrap().unwrap().report, report);
}

/// Several reports written in one transaction come out as each would
/// alone: a report given twice in the batch is stored once (the second a
/// duplicate of the first), one already stored is a duplicate, one with a
/// count the database cannot hold is refused alone while the others are
/// stored, and every stored report reads back whole, with its own origin.
async fn batch_stores_each_report_as_alone(t: Target) {
    let store = t.open().await;
    let old = aggregate("batch.example", "b-0", MAY_1, "example.com", 4);
    let old_id = store.insert_aggregate(&old, "old.xml").await.unwrap().id();

    let reports: Vec<AggregateReport> = (1..=5)
        .map(|i| {
            aggregate(
                "batch.example",
                &format!("b-{i}"),
                MAY_1,
                "example.com",
                3 * i,
            )
        })
        .collect();
    let mut huge = aggregate("batch.example", "b-huge", MAY_1, "example.com", 2);
    huge.records[1].count = u64::MAX;
    let origins: Vec<String> = (0..9).map(|i| format!("{i}.xml")).collect();
    let batch: Vec<(&AggregateReport, &str)> = vec![
        (&reports[0], &origins[0]),
        (&reports[1], &origins[1]),
        (&reports[0], &origins[2]),
        (&huge, &origins[3]),
        (&old, &origins[4]),
        (&reports[2], &origins[5]),
        (&reports[3], &origins[6]),
        (&reports[4], &origins[7]),
        (&reports[1], &origins[8]),
    ];
    let outcomes = store.insert_aggregates(&batch).await.unwrap();
    assert_eq!(outcomes.len(), batch.len());
    let id = |n: usize| match &outcomes[n] {
        Ok(Inserted::Stored(id)) => *id,
        other => panic!("report {n}: {other:?}"),
    };
    let stored = [id(0), id(1), id(5), id(6), id(7)];
    assert!(matches!(outcomes[2], Ok(Inserted::Duplicate(d)) if d == id(0)));
    assert!(matches!(outcomes[8], Ok(Inserted::Duplicate(d)) if d == id(1)));
    assert!(matches!(outcomes[4], Ok(Inserted::Duplicate(d)) if d == old_id));
    assert!(matches!(
        outcomes[3],
        Err(StoreError::TooLarge {
            field: "<count>",
            ..
        })
    ));

    for (n, (&id, want)) in stored.iter().zip(&reports).enumerate() {
        let back = store.aggregate_report(id).await.unwrap().unwrap();
        assert_eq!(&back.report, want, "report b-{}", n + 1);
        assert_eq!(back.origin, origins[[0, 1, 5, 6, 7][n]]);
    }
    let counts = store.counts().await.unwrap();
    assert_eq!(counts.aggregate_reports, 6);
    assert_eq!(counts.records, 4 + 3 * (1 + 2 + 3 + 4 + 5));
    assert!(store.aggregate_ids("b-huge").await.unwrap().is_empty());

    // An empty batch, and one of only refused reports, write nothing.
    assert!(store.insert_aggregates(&[]).await.unwrap().is_empty());
    let refused = store.insert_aggregates(&[(&huge, "again")]).await.unwrap();
    assert!(matches!(refused[..], [Err(StoreError::TooLarge { .. })]));
    assert_eq!(store.counts().await.unwrap(), counts);
}

/// Opening an existing store again keeps its reports (the migrations are
/// applied once).
async fn reopen_keeps_reports(t: Target) {
    let report = aggregate("reopen.example", "o-1", MAY_1, "example.com", 5);
    let id = {
        let store = t.open().await;
        let id = store.insert_aggregate(&report, "x").await.unwrap().id();
        store.close().await;
        id
    };
    let store = t.open().await;
    assert_eq!(
        store.insert_aggregate(&report, "y").await.unwrap(),
        Inserted::Duplicate(id)
    );
    assert_eq!(
        store.aggregate_report(id).await.unwrap().unwrap().report,
        report
    );
}

#[tokio::test]
async fn other_databases_are_refused() {
    match Store::open("mysql://reports:secret@db.example/reports").await {
        Err(e @ StoreError::UnsupportedTarget { .. }) => {
            // The password is not shown.
            assert_eq!(
                e.to_string(),
                "mysql://reports:***@db.example/reports is neither a SQLite file nor a PostgreSQL URL (postgres://…)"
            );
        }
        other => panic!("{other:?}"),
    }
}
