//! The ingest against what anyone who can mail a `rua=` address can send:
//! reports whose values the store cannot keep, mailboxes full of mail that
//! is no report, and reports large enough that holding many at once would
//! exhaust memory. Each case checks that the rest of the batch is stored,
//! that what is refused is counted with its reason, and that memory stays
//! bounded; the classes are generated (proptest), not only single cases.

use std::path::{Path, PathBuf};

use std::io::Write as _;

use domainauth_reports::Limits;
use domainauth_reports::container::{extract, extract_owned};
use domainauth_reports::ingest::{Counts, ingest_paths, ingest_paths_into};
use domainauth_reports::store::{ReportFilter, Store};
use futures_util::TryStreamExt as _;
use proptest::prelude::*;

/// A folder of its own for one test case, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "domainauth-ingest-hostile-{}-{name}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("in")).unwrap();
        Self(dir)
    }

    fn input(&self) -> PathBuf {
        self.0.join("in")
    }

    fn db(&self) -> String {
        self.0.join("reports.db").display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An aggregate report (RFC 9990 §3) with one record per count.
fn aggregate(report_id: &str, counts: &[u64]) -> String {
    let records: String = counts
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "<record><row><source_ip>192.0.2.{}</source_ip><count>{n}</count>\
                 <policy_evaluated><disposition>none</disposition><dkim>fail</dkim>\
                 <spf>fail</spf></policy_evaluated></row><identifiers>\
                 <header_from>example.com</header_from></identifiers><auth_results>\
                 <spf><domain>example.com</domain><result>fail</result></spf>\
                 </auth_results></record>",
                i % 250 + 1
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>receiver.example</org_name>\
         <email>dmarc@receiver.example</email><report_id>{report_id}</report_id><date_range>\
         <begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>\
         <policy_published><domain>example.com</domain><p>none</p></policy_published>\
         {records}</feedback>"
    )
}

/// An SMTP TLS report (RFC 8460 §4.4) with these session counts.
fn tls(report_id: &str, successful: u64, failed: u64) -> String {
    serde_json::json!({
        "organization-name": "receiver.example",
        "date-range": {"start-datetime": "2024-01-01T00:00:00Z", "end-datetime": "2024-01-01T23:59:59Z"},
        "contact-info": "tls@receiver.example",
        "report-id": report_id,
        "policies": [{
            "policy": {"policy-type": "sts", "policy-domain": "example.com", "mx-host": ["mx.example.com"]},
            "summary": {"total-successful-session-count": successful, "total-failure-session-count": failed},
            "failure-details": [{"result-type": "certificate-expired", "failed-session-count": failed}]
        }]
    })
    .to_string()
}

fn ingest(dir: &Path, db: &str, limits: Limits) -> (Counts, u64) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = Store::open(db).await.unwrap();
        let counts = ingest_paths(&store, vec![dir.to_path_buf()], limits, &mut |_| {})
            .await
            .unwrap();
        let stored = store
            .records(&ReportFilter::default())
            .try_fold(0u64, |n, _| async move { Ok(n + 1) })
            .await
            .unwrap();
        store.close().await;
        (counts, stored)
    })
}

/// One report of the batch: what it holds, and whether the store can keep
/// it.
#[derive(Debug, Clone)]
enum Item {
    /// An aggregate report; `huge` holds the position of a record whose
    /// count passes 2^63 − 1, and that count.
    Aggregate {
        counts: Vec<u64>,
        huge: Option<(usize, u64)>,
    },
    /// A TLS report; `huge` makes its failure count pass 2^63 − 1.
    Tls { huge: Option<u64> },
}

impl Item {
    fn storable(&self) -> bool {
        match self {
            Self::Aggregate { huge, .. } => huge.is_none(),
            Self::Tls { huge } => huge.is_none(),
        }
    }
}

fn item() -> impl Strategy<Value = Item> {
    let too_large = (i64::MAX as u64 + 1)..=u64::MAX;
    prop_oneof![
        (
            proptest::collection::vec(0u64..1_000_000, 1..6),
            proptest::option::of((0usize..6, too_large.clone()))
        )
            .prop_map(|(counts, huge)| Item::Aggregate { counts, huge }),
        proptest::option::of(too_large).prop_map(|huge| Item::Tls { huge }),
    ]
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Inputs of every shape the sources hand over: a report file, a gzip, a
/// mail, garbage, and each cut short.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let xml = aggregate("owned", &[3, 4]).into_bytes();
    let json = tls("owned", 1, 1).into_bytes();
    let mail = format!(
        "From: dmarc@receiver.example\r\nSubject: Report\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/xml; name=\"r.xml\"\r\n\r\n{}",
        aggregate("mail", &[1])
    )
    .into_bytes();
    let shapes = vec![xml.clone(), json, gz(&xml), mail, b"<feedback>".to_vec()];
    prop_oneof![
        (
            proptest::sample::select(shapes),
            any::<prop::sample::Index>(),
            any::<bool>()
        )
            .prop_map(|(bytes, cut, whole)| {
                if whole {
                    bytes
                } else {
                    bytes[..cut.index(bytes.len() + 1)].to_vec()
                }
            }),
        proptest::collection::vec(any::<u8>(), 0..300),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// An input given away (so that a report file is not copied) is read
    /// exactly as the same input lent.
    #[test]
    fn an_owned_input_is_read_as_a_borrowed_one(bytes in input()) {
        let limits = Limits::default();
        let mut lent = Vec::new();
        let a = extract("in.xml", &bytes, &limits, &mut |r| lent.push(format!("{r:?}")));
        let mut owned = Vec::new();
        let b = extract_owned("in.xml", bytes, &limits, &mut |r| owned.push(format!("{r:?}")));
        prop_assert_eq!(a, b);
        prop_assert_eq!(lent, owned);
    }

    /// A report the store refuses for its content (RFC 9990's `<count>` is
    /// an unbounded `xs:integer`; RFC 8460's counts are unbounded JSON
    /// numbers) is one rejection: the reports before and after it in the
    /// same batch are stored, and nothing of it is.
    #[test]
    fn a_value_the_store_cannot_hold_rejects_only_its_report(
        items in proptest::collection::vec(item(), 1..7)
    ) {
        let scratch = Scratch::new("too-large");
        let mut good_records = 0u64;
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::Aggregate { counts, huge } => {
                    let mut counts = counts.clone();
                    if let Some((at, n)) = huge {
                        let at = at % (counts.len() + 1);
                        counts.insert(at, *n);
                    } else {
                        good_records += counts.len() as u64;
                    }
                    let xml = aggregate(&format!("r-{i}"), &counts);
                    std::fs::write(scratch.input().join(format!("{i:02}.xml")), xml).unwrap();
                }
                Item::Tls { huge } => {
                    let json = tls(&format!("t-{i}"), 5, huge.unwrap_or(2));
                    std::fs::write(scratch.input().join(format!("{i:02}.json")), json).unwrap();
                }
            }
        }
        let (counts, stored_records) = ingest(&scratch.input(), &scratch.db(), Limits::default());
        let good = items.iter().filter(|i| i.storable()).count() as u64;
        prop_assert_eq!(counts.inputs, items.len() as u64);
        prop_assert_eq!(counts.stored(), good);
        prop_assert_eq!(counts.refused(), items.len() as u64 - good);
        for r in &counts.rejected {
            prop_assert_eq!(r.message_id, "reports-store-too-large", "{:?}", r);
        }
        prop_assert_eq!(counts.records, good_records);
        prop_assert_eq!(stored_records, good_records);
    }

    /// A mailbox of mail that holds no report (spam reaches every `rua=`
    /// address) is counted message by message, but only the first
    /// [`Counts::MAX_LISTED`] reasons are kept: memory does not grow with
    /// the number of refused messages.
    #[test]
    fn refusals_past_the_list_are_counted_not_kept(
        extra in prop_oneof![Just(0usize), 0usize..5, 1usize..300],
        below in any::<bool>(),
    ) {
        let n = if below {
            Counts::MAX_LISTED.saturating_sub(extra)
        } else {
            Counts::MAX_LISTED + extra
        };
        let scratch = Scratch::new("spam");
        let mut mbox = String::new();
        for i in 0..n {
            mbox.push_str(&format!(
                "From spam@spam.example Mon Jan  1 00:00:00 2024\nSubject: offer {i}\n\nbuy\n\n"
            ));
        }
        std::fs::write(scratch.input().join("inbox.mbox"), mbox).unwrap();
        let (counts, _) = ingest(&scratch.input(), &scratch.db(), Limits::default());
        prop_assert_eq!(counts.inputs, n as u64);
        prop_assert_eq!(counts.refused(), n as u64);
        prop_assert_eq!(counts.rejected.len(), n.min(Counts::MAX_LISTED));
        prop_assert_eq!(counts.rejected_unlisted, n.saturating_sub(Counts::MAX_LISTED) as u64);
    }

    /// When the database fails in the middle of a batch, the counts still
    /// say what was stored before (the caller reports them with the
    /// error), and those reports are in the store. The failure is a
    /// trigger that refuses one report id, as a full disk or a lost server
    /// would refuse whatever came next.
    #[test]
    fn a_database_error_keeps_the_counts_of_what_came_before(
        n in 1usize..8,
        poison in any::<prop::sample::Index>(),
    ) {
        let poison = poison.index(n);
        let scratch = Scratch::new("db-error");
        for i in 0..n {
            let id = if i == poison { "poison".to_string() } else { format!("r-{i}") };
            std::fs::write(scratch.input().join(format!("{i:02}.xml")), aggregate(&id, &[2, 3])).unwrap();
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let (result, counts, stored) = runtime.block_on(async {
            let store = Store::open(&scratch.db()).await.unwrap();
            store.close().await;
            {
                use sqlx::Connection as _;
                let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", scratch.db()))
                    .await
                    .unwrap();
                sqlx::query(
                    "CREATE TRIGGER poison BEFORE INSERT ON aggregate_reports \
                     WHEN NEW.report_id = 'poison' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
                )
                .execute(&mut conn)
                .await
                .unwrap();
                conn.close().await.unwrap();
            }
            let store = Store::open(&scratch.db()).await.unwrap();
            let mut counts = Counts::default();
            let result = ingest_paths_into(
                &store,
                vec![scratch.input()],
                Limits::default(),
                &mut counts,
                &mut |_| {},
            )
            .await;
            let stored = store
                .records(&ReportFilter::default())
                .try_fold(0u64, |n, _| async move { Ok(n + 1) })
                .await
                .unwrap();
            store.close().await;
            (result, counts, stored)
        });
        prop_assert!(result.is_err());
        prop_assert_eq!(counts.aggregate_stored, poison as u64);
        prop_assert_eq!(counts.records, 2 * poison as u64);
        prop_assert_eq!(counts.messages, 5 * poison as u64);
        prop_assert_eq!(counts.inputs, poison as u64);
        prop_assert_eq!(stored, 2 * poison as u64);
    }

    /// Reports larger than the in-flight budget (here a budget far below
    /// one report) go to the store one at a time, and every one is stored:
    /// the budget bounds memory without stalling the ingest.
    #[test]
    fn reports_larger_than_the_in_flight_budget_are_all_stored(
        sizes in proptest::collection::vec(1usize..400, 1..12),
        budget in 1u64..20_000,
    ) {
        let scratch = Scratch::new("budget");
        for (i, n) in sizes.iter().enumerate() {
            let xml = aggregate(&format!("b-{i}"), &vec![1; *n]);
            std::fs::write(scratch.input().join(format!("{i:02}.xml")), xml).unwrap();
        }
        // The payload cap is the in-flight budget; keep every report under
        // the payload cap itself so none is refused for its size.
        let largest = sizes.iter().max().copied().unwrap_or(1);
        let mut limits = Limits::default();
        limits.max_decompressed = (aggregate("b-00", &vec![1; largest]).len() as u64).max(budget);
        let (counts, stored) = ingest(&scratch.input(), &scratch.db(), limits);
        prop_assert_eq!(counts.refused(), 0, "{:?}", counts.rejected);
        prop_assert_eq!(counts.aggregate_stored, sizes.len() as u64);
        prop_assert_eq!(stored, sizes.iter().sum::<usize>() as u64);
    }
}
