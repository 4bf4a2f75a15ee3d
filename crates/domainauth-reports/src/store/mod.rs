//! The report store: DMARC aggregate and failure reports and SMTP TLS
//! reports kept in a SQLite file or a PostgreSQL database, with one schema
//! (the migrations in `migrations/sqlite` and `migrations/postgres`, applied
//! at [`Store::open`]) and one code path for both.
//!
//! - Idempotent: a report is stored once however often it is ingested,
//!   also when several processes ingest it at the same moment. The
//!   database decides (a unique key and `INSERT … ON CONFLICT DO NOTHING`):
//!   an aggregate report is identified by its reporting organisation,
//!   report id and date range (RFC 9990 §3.1.1), a TLS report likewise
//!   (RFC 8460 §4.4), a failure report by the SHA-256 of its content.
//! - Atomic: each report is written in one transaction, so a process
//!   killed mid-ingest leaves the report absent or complete, never partial.
//! - Bounded: records are written in multi-row statements within both
//!   backends' parameter limits and read back as a stream
//!   ([`Store::records`]), so neither side holds a whole table in memory.
//!
//! ```no_run
//! # async fn run(report: domainauth_reports::AggregateReport) -> Result<(), domainauth_reports::store::StoreError> {
//! use domainauth_reports::store::{Inserted, ReportFilter, Store};
//! use futures_util::StreamExt as _;
//!
//! let store = Store::open("reports.db").await?; // or "postgres://user@host/reports"
//! match store.insert_aggregate(&report, "inbox/report.xml.gz").await? {
//!     Inserted::Stored(id) => println!("stored as {id}"),
//!     Inserted::Duplicate(id) => println!("already stored as {id}"),
//! }
//! let filter = ReportFilter { domain: Some("example.com".into()), ..ReportFilter::default() };
//! let mut records = store.records(&filter);
//! while let Some(stored) = records.next().await {
//!     let stored = stored?;
//!     println!("{} sent {} messages", stored.record.source_ip, stored.record.count);
//! }
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::model::UnixTime;
use crate::summary::PtrInfo;

pub use error::StoreError;
pub use history::{MAX_MESSAGES_READ, MessageEntry};

/// Runs `$body` with `$p` bound to the pool of whichever backend the store
/// has: the same code, compiled once per backend.
macro_rules! with_pool {
    ($pool:expr, $p:ident => $body:expr) => {
        match $pool {
            $crate::store::Pool::Sqlite($p) => $body,
            $crate::store::Pool::Postgres($p) => $body,
        }
    };
}

/// Binds `$binds` (a slice of [`Bind`](crate::store::filter::Bind)) to
/// `$query` in order.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for bind in $binds {
            query = match bind {
                $crate::store::filter::Bind::Text(value) => query.bind(value.clone()),
                $crate::store::filter::Bind::Int(value) => query.bind(*value),
            };
        }
        query
    }};
}

mod codec;
mod error;
mod filter;
mod history;
mod read;
mod rows;
mod stream;
mod write;

/// Connections per pool. A record stream holds two at once (see
/// [`Store::records`]); at most [`RECORD_STREAMS`] run together, which
/// leaves connections for writers.
const POOL_SIZE: u32 = 8;

/// Record streams running at once per [`Store`].
const RECORD_STREAMS: usize = 2;

/// Prepared statements kept per connection. The inserts use about 33
/// texts per table (see `write::TAIL_ROWS`), nine tables; the default of
/// 100 would evict and prepare them again and again.
pub(crate) const STATEMENT_CACHE: usize = 512;

/// How long a SQLite writer waits for another one to finish (a large
/// report from another process) before failing with "database is locked".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(120);

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Pool {
    /// The statement that starts a write transaction: SQLite's `BEGIN
    /// IMMEDIATE` takes the write lock at once (waiting for it within the
    /// busy timeout), so a transaction never fails half-way on a lock it
    /// could not upgrade.
    fn begin_sql(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "BEGIN IMMEDIATE",
            Self::Postgres(_) => "BEGIN",
        }
    }
}

/// A connection pool to the report store. Cloning it is cheap (the clones
/// share the pool). See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// Where reports are written: for SQLite, a pool of one connection
    /// (SQLite has one writer at a time anyway), so that consecutive
    /// writes reuse its page and statement caches — SQLite empties a
    /// connection's page cache whenever another connection has written
    /// since its last transaction, and the pool hands out its connections
    /// in turn. For PostgreSQL, the same pool as reads.
    writer: Pool,
    target: String,
    record_streams: Arc<tokio::sync::Semaphore>,
}

/// What an insert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// The report was new and is now stored under this id.
    Stored(i64),
    /// The report was already stored, under this id; nothing was written.
    Duplicate(i64),
}

impl Inserted {
    /// The stored report's id.
    pub fn id(self) -> i64 {
        match self {
            Self::Stored(id) | Self::Duplicate(id) => id,
        }
    }

    /// True when this insert stored the report.
    pub fn is_new(self) -> bool {
        matches!(self, Self::Stored(_))
    }
}

/// A report read back, with what the store knows about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Stored<T> {
    /// The id the store gave it.
    pub id: i64,
    /// Where it was read from (a path, `path#msg N`, an IMAP message), as
    /// the ingest gave it.
    pub origin: String,
    /// When it was stored, seconds since the epoch.
    pub ingested_at: UnixTime,
    /// The report.
    pub report: T,
}

/// Which stored reports a read returns. Every field narrows; the default
/// returns everything.
///
/// - Aggregate records: `domain` is the report's `<policy_published>`
///   domain or the record's `<header_from>`; the date range applies to the
///   report's `<date_range><begin>`.
/// - Failure reports: `domain` is a `Reported-Domain`; the date range
///   applies to `Arrival-Date` (the ingest time when it had none).
/// - TLS reports: `domain` is a policy's `policy-domain`; the date range
///   applies to `start-datetime` (the ingest time when it did not parse).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// Only this domain. It is put in the form the parsers keep domains in
    /// (lower case, without a final dot, a Unicode name as its A-labels)
    /// and compared with the stored domains.
    pub domain: Option<String>,
    /// Only reports starting at or after this time.
    pub since: Option<UnixTime>,
    /// Only reports starting before this time.
    pub until: Option<UnixTime>,
}

/// How much the store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct StoreCounts {
    /// Aggregate reports.
    pub aggregate_reports: u64,
    /// Their records.
    pub records: u64,
    /// The messages the records represent (sum of `<count>`).
    pub messages: u64,
    /// Failure reports.
    pub failure_reports: u64,
    /// TLS reports.
    pub tls_reports: u64,
    /// Source IPs with cached reverse DNS or location.
    pub sources: u64,
}

/// What enrichment learned about a source IP, cached in the store so a
/// later summary makes no lookups for it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceInfo {
    /// The source IP.
    pub ip: IpAddr,
    /// Reverse DNS: `None` when the lookup found no PTR name.
    pub ptr: Option<PtrInfo>,
    /// When the lookup was made, seconds since the epoch.
    pub looked_up_at: UnixTime,
    /// ISO 3166-1 alpha-2 country code, from an MMDB file.
    pub country: Option<String>,
    /// Autonomous system number, from an MMDB file.
    pub asn: Option<u32>,
    /// Autonomous system organisation, from an MMDB file.
    pub as_org: Option<String>,
}

impl SourceInfo {
    /// What a lookup at `looked_up_at` learned about `ip`: nothing yet.
    pub fn new(ip: IpAddr, looked_up_at: UnixTime) -> Self {
        Self {
            ip,
            ptr: None,
            looked_up_at,
            country: None,
            asn: None,
            as_org: None,
        }
    }
}

impl Store {
    /// Opens the store at `target`, creating it if missing, and brings its
    /// schema up to date:
    ///
    /// - a file path (its folder is created if missing) or a `sqlite:` URL:
    ///   a SQLite database in WAL mode, whose writers wait for each other
    ///   up to two minutes;
    /// - a `postgres://` or `postgresql://` URL: a PostgreSQL database
    ///   (which must exist; the schema is created in it).
    ///
    /// Several processes may open the same store at once.
    ///
    /// # Errors
    ///
    /// [`StoreError::UnsupportedTarget`] for another URL scheme,
    /// [`StoreError::CreateDir`], [`StoreError::Open`] when the database
    /// cannot be opened or reached, [`StoreError::Migrate`] when its schema
    /// cannot be brought up to date (a database written by a newer
    /// version, or one that is not a report store).
    pub async fn open(target: &str) -> Result<Self, StoreError> {
        let shown = redact(target);
        let (pool, writer) = match scheme(target) {
            Some("postgres" | "postgresql") => {
                let options = PgConnectOptions::from_str(target)
                    .map_err(|source| StoreError::Open {
                        target: shown.clone(),
                        source,
                    })?
                    .statement_cache_capacity(STATEMENT_CACHE);
                // A server that refuses or does not answer is an error
                // within seconds, not after sqlx's default of half a minute.
                let pool = PgPoolOptions::new()
                    .max_connections(POOL_SIZE)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await
                    .map_err(|source| StoreError::Open {
                        target: shown.clone(),
                        source,
                    })?;
                // sqlx holds a PostgreSQL advisory lock while migrating, so
                // concurrent opens apply each migration once.
                POSTGRES_MIGRATIONS
                    .run(&pool)
                    .await
                    .map_err(|source| StoreError::Migrate {
                        target: shown.clone(),
                        source,
                    })?;
                (Pool::Postgres(pool.clone()), Pool::Postgres(pool))
            }
            Some("sqlite") | None => {
                let (pool, writer) = open_sqlite(target, &shown).await?;
                (Pool::Sqlite(pool), Pool::Sqlite(writer))
            }
            Some(_) => return Err(StoreError::UnsupportedTarget { target: shown }),
        };
        Ok(Self {
            pool,
            writer,
            target: shown,
            record_streams: Arc::new(tokio::sync::Semaphore::new(RECORD_STREAMS)),
        })
    }

    /// The database behind this store.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The target the store was opened with, a password in it hidden: fit
    /// to print.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Closes the pool's connections, waiting for those in use.
    pub async fn close(&self) {
        with_pool!(&self.writer, p => p.close().await);
        with_pool!(&self.pool, p => p.close().await);
    }
}

/// The URL scheme of `target`, or `None` for a file path. Only a scheme
/// followed by `:` and letters that a scheme may hold counts, so that a
/// Windows drive letter or a file name with a colon stays a path unless
/// it is `sqlite:`.
fn scheme(target: &str) -> Option<&str> {
    let (scheme, rest) = target.split_once(':')?;
    let valid = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return None;
    }
    let scheme_lower = scheme.to_ascii_lowercase();
    if scheme_lower == "sqlite" {
        return Some("sqlite");
    }
    // Anything else counts as a URL only in the `scheme://` form.
    rest.starts_with("//")
        .then_some(match scheme_lower.as_str() {
            "postgres" => "postgres",
            "postgresql" => "postgresql",
            _ => scheme,
        })
}

/// Opens a SQLite store: the pool for reads and the one-connection pool
/// for writes (see [`Store`]'s `writer`).
async fn open_sqlite(
    target: &str,
    shown: &str,
) -> Result<(sqlx::SqlitePool, sqlx::SqlitePool), StoreError> {
    let open_error = |source| StoreError::Open {
        target: shown.to_owned(),
        source,
    };
    let options = if scheme(target).is_some() {
        SqliteConnectOptions::from_str(target).map_err(open_error)?
    } else {
        SqliteConnectOptions::new().filename(target)
    };
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .statement_cache_capacity(STATEMENT_CACHE)
        .foreign_keys(true);
    if let Some(dir) = options.get_filename().parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        create_dir(dir)?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(POOL_SIZE)
        .connect_with(options.clone())
        .await
        .map_err(open_error)?;
    // SQLite has no lock for migrations: two processes creating the same
    // new file may both try the first migration; the loser fails and, on
    // retry, finds it applied.
    let mut attempt = 0;
    loop {
        match SQLITE_MIGRATIONS.run(&pool).await {
            Ok(()) => break,
            Err(_) if attempt < 4 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(50 << attempt)).await;
            }
            Err(source) => {
                return Err(StoreError::Migrate {
                    target: shown.to_owned(),
                    source,
                });
            }
        }
    }
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        // Statement journals (the pages a multi-row insert changes, kept
        // to undo that statement alone) in memory rather than in temporary
        // files: bounded by the rows of one statement. Foreign keys are not
        // checked on writes: the writer only inserts, each row beside the
        // parent it inserted in the same transaction, and the check costs a
        // lookup per row (deletes go through the other pool, which
        // enforces them and their cascades).
        .connect_with(options.pragma("temp_store", "memory").foreign_keys(false))
        .await
        .map_err(open_error)?;
    Ok((pool, writer))
}

fn create_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
        path: dir.to_owned(),
        source,
    })
}

/// `target` with the password of a URL hidden (`postgres://user:***@host`,
/// `?password=***`), for messages.
pub(crate) fn redact(target: &str) -> String {
    let Some((scheme, rest)) = target.split_once("://") else {
        return target.to_owned();
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => before_query.split_at(i),
        None => (before_query, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let mut out = format!("{scheme}://{authority}{path}");
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

/// Deduplicates `items` by `key`, the last one winning (an upsert of the
/// same key twice in one statement is an error in PostgreSQL).
fn last_by_key<K: Ord, T>(items: impl IntoIterator<Item = T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut map = BTreeMap::new();
    for item in items {
        map.insert(key(&item), item);
    }
    map.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme("reports.db"), None);
        assert_eq!(scheme("/var/lib/reports.db"), None);
        assert_eq!(scheme("C:\\reports.db"), None);
        assert_eq!(scheme("a:b.db"), None);
        assert_eq!(scheme("sqlite:reports.db"), Some("sqlite"));
        assert_eq!(scheme("sqlite://reports.db"), Some("sqlite"));
        assert_eq!(scheme("postgres://u@h/db"), Some("postgres"));
        assert_eq!(scheme("PostgreSQL://u@h/db"), Some("postgresql"));
        assert_eq!(scheme("mysql://u@h/db"), Some("mysql"));
        assert_eq!(scheme("notes:today.db"), None);
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://alice:s3cret@db.example:5432/reports?sslmode=require"),
            "postgres://alice:***@db.example:5432/reports?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://db.example/reports?user=alice&password=s3cret"),
            "postgresql://db.example/reports?user=alice&password=***"
        );
        assert_eq!(
            redact("postgres://alice@db.example/reports"),
            "postgres://alice@db.example/reports"
        );
        // '@' in the password: the host is after the last '@'.
        assert_eq!(
            redact("postgres://alice:p@ss@db.example/r"),
            "postgres://alice:***@db.example/r"
        );
        assert_eq!(redact("/var/lib/reports.db"), "/var/lib/reports.db");
    }

    #[test]
    fn dedup_keeps_the_last() {
        let items = last_by_key([(1, "a"), (2, "b"), (1, "c")], |(k, _)| *k);
        assert_eq!(items, vec![(1, "c"), (2, "b")]);
    }
}
