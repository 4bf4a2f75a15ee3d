//! Streams of stored reports and records. A task reads the database and
//! sends each item through a bounded channel, so memory stays bounded
//! whatever the table size, and dropping the stream stops the task.

use std::future::Future;

use futures_util::TryStreamExt as _;
use futures_util::stream::{BoxStream, Stream};
use tokio::sync::mpsc;

use super::filter::{self, Conditions};
use super::rows::{AuthRow, StreamRow, auth_union, context_columns, record_columns};
use super::{ReportFilter, Store, StoreError, Stored};
use crate::model::{FailureReport, TlsReport};
use crate::summary::StoredRecord;

/// Items read ahead of the consumer.
const BUFFER: usize = 256;

/// Report ids read per query when streaming failure and TLS reports.
const PAGE: i64 = 100;

type Sender<T> = mpsc::Sender<Result<T, StoreError>>;

/// The receiving end of a stream's channel.
struct Channel<T>(mpsc::Receiver<Result<T, StoreError>>);

impl<T> Stream for Channel<T> {
    type Item = Result<T, StoreError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// Runs `work` on a task that sends through the channel it is given, and
/// returns the receiving end as a stream; an error `work` returns comes
/// last.
fn spawn_stream<T, F, Fut>(
    work: F,
) -> impl Stream<Item = Result<T, StoreError>> + Send + Unpin + 'static
where
    T: Send + 'static,
    F: FnOnce(Sender<T>) -> Fut,
    Fut: Future<Output = Result<(), StoreError>> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(BUFFER);
    let work = work(tx.clone());
    tokio::spawn(async move {
        if let Err(error) = work.await {
            let _ = tx.send(Err(error)).await;
        }
    });
    Channel(rx)
}

/// Sends each record of `records` with its auth results and reasons from
/// the rows `aux()` streams. Both are ordered by (report, record).
///
/// `aux` is started only once `records` has produced its first row, so its
/// snapshot of the database is at least as recent: every record read has
/// all its rows in `aux` (a report is committed whole), and rows of
/// reports stored in between are skipped.
async fn merge<'a>(
    mut records: BoxStream<'a, Result<StreamRow, sqlx::Error>>,
    aux: impl FnOnce() -> BoxStream<'a, Result<AuthRow, sqlx::Error>>,
    tx: &Sender<StoredRecord>,
) -> Result<(), StoreError> {
    let Some(first) = records.try_next().await? else {
        return Ok(());
    };
    let mut aux = aux();
    let mut pending = aux.try_next().await?;
    let mut next = Some(first);
    while let Some(row) = next {
        let key = row.record.key();
        let mut mine = Vec::new();
        while let Some(auth) = pending.take_if(|a| a.key() <= key) {
            if auth.key() == key {
                mine.push(auth);
            }
            pending = aux.try_next().await?;
        }
        let report = row.context.context()?;
        let record = row.record.into_record(mine)?;
        if tx.send(Ok(StoredRecord { report, record })).await.is_err() {
            return Ok(());
        }
        next = records.try_next().await?;
    }
    Ok(())
}

impl Store {
    /// The aggregate records that `filter` selects, each with its report's
    /// context (organisation, report id, date range, published policy), in
    /// the order they were stored: what a summary adds up.
    ///
    /// The stream reads ahead a bounded number of records; memory does not
    /// grow with the table. It holds two connections while it runs, and at
    /// most two such streams run at once per [`Store`] (a third waits).
    /// Reports stored while it runs may or may not be included, but each
    /// record comes whole. Must be called within a Tokio runtime (the
    /// reading runs on a task of its own).
    pub fn records(
        &self,
        filter: &ReportFilter,
    ) -> impl Stream<Item = Result<StoredRecord, StoreError>> + Send + Unpin + 'static {
        let pool = self.pool.clone();
        let permits = self.record_streams.clone();
        let conditions = filter::records(filter);
        spawn_stream(move |tx| async move {
            let _permit = permits.acquire_owned().await;
            let Conditions { sql, binds } = &conditions;
            let where_ = if sql.is_empty() { "TRUE" } else { sql.as_str() };
            let records_sql = format!(
                concat!(
                    "SELECT ",
                    record_columns!(),
                    ", ",
                    context_columns!(),
                    " FROM aggregate_records r JOIN aggregate_reports a ON a.id = r.aggregate_id \
                     WHERE {} ORDER BY r.aggregate_id, r.idx"
                ),
                where_
            );
            let aux_sql = format!(
                concat!(
                    "SELECT x.aggregate_id, x.record_idx, x.kind, x.a, x.b, x.c, x.d FROM ",
                    auth_union!(),
                    " JOIN aggregate_records r ON r.aggregate_id = x.aggregate_id \
                     AND r.idx = x.record_idx \
                     JOIN aggregate_reports a ON a.id = x.aggregate_id \
                     WHERE {} ORDER BY x.aggregate_id, x.record_idx, x.kind, x.idx"
                ),
                where_
            );
            with_pool!(&pool, p => {
                let records = bind_all!(
                    sqlx::query_as::<_, StreamRow>(sqlx::AssertSqlSafe(records_sql)),
                    binds
                )
                .fetch(p);
                let aux = || {
                    bind_all!(
                        sqlx::query_as::<_, AuthRow>(sqlx::AssertSqlSafe(aux_sql)),
                        binds
                    )
                    .fetch(p)
                };
                merge(records, aux, &tx).await
            })
        })
    }

    /// The failure reports that `filter` selects, in the order they were
    /// stored. Memory stays bounded: reports are read a page at a time.
    /// Must be called within a Tokio runtime.
    pub fn failure_reports(
        &self,
        filter: &ReportFilter,
    ) -> impl Stream<Item = Result<Stored<FailureReport>, StoreError>> + Send + Unpin + 'static
    {
        let store = self.clone();
        let conditions = filter::failures(filter);
        spawn_stream(move |tx| async move {
            let page_sql = format!(
                "SELECT f.id FROM failure_reports f WHERE {} AND f.id > {} ORDER BY f.id LIMIT {PAGE}",
                conditions.clause(),
                conditions.next_placeholder()
            );
            page_through(
                &store,
                &page_sql,
                &conditions,
                &tx,
                |store, id| async move { store.failure_report(id).await },
            )
            .await
        })
    }

    /// The TLS reports that `filter` selects, in the order they were
    /// stored. Memory stays bounded: reports are read a page at a time.
    /// Must be called within a Tokio runtime.
    pub fn tls_reports(
        &self,
        filter: &ReportFilter,
    ) -> impl Stream<Item = Result<Stored<TlsReport>, StoreError>> + Send + Unpin + 'static {
        let store = self.clone();
        let conditions = filter::tls(filter);
        spawn_stream(move |tx| async move {
            let page_sql = format!(
                "SELECT t.id FROM tls_reports t WHERE {} AND t.id > {} ORDER BY t.id LIMIT {PAGE}",
                conditions.clause(),
                conditions.next_placeholder()
            );
            page_through(
                &store,
                &page_sql,
                &conditions,
                &tx,
                |store, id| async move { store.tls_report(id).await },
            )
            .await
        })
    }
}

/// Reads the ids `page_sql` selects a page at a time (its last placeholder
/// is the id to continue after) and sends each report `load` reads.
async fn page_through<T, F, Fut>(
    store: &Store,
    page_sql: &str,
    conditions: &Conditions,
    tx: &Sender<Stored<T>>,
    load: F,
) -> Result<(), StoreError>
where
    F: Fn(Store, i64) -> Fut,
    Fut: Future<Output = Result<Option<Stored<T>>, StoreError>>,
{
    let mut after = 0i64;
    loop {
        let ids: Vec<(i64,)> = with_pool!(&store.pool, p => {
            bind_all!(
                sqlx::query_as(sqlx::AssertSqlSafe(page_sql.to_owned())),
                &conditions.binds
            )
            .bind(after)
            .fetch_all(p)
            .await?
        });
        let Some(&(last,)) = ids.last() else {
            return Ok(());
        };
        for (id,) in ids {
            // A report is never removed, so each id reads back.
            if let Some(report) = load(store.clone(), id).await?
                && tx.send(Ok(report)).await.is_err()
            {
                return Ok(());
            }
        }
        after = last;
    }
}
