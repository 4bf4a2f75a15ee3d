//! Inserting reports: each in one transaction, the report's row first with
//! `INSERT … ON CONFLICT DO NOTHING` on its unique key, so the database
//! decides which of two concurrent ingests stores it; then its rows in
//! multi-row statements.

use std::collections::HashMap;

use sqlx::QueryBuilder;

use super::codec::{self, int, list, opt_text, text};
use super::{Inserted, SourceInfo, Store, StoreError, last_by_key};
use crate::model::{AggregateReport, FailureReport, Record, TlsReport};

/// Most bound parameters in one statement: SQLite allows 32,766 (since
/// 3.32), PostgreSQL 65,535.
const MAX_PARAMS: usize = 30_000;

/// Most rows in one multi-row `INSERT`: large enough that a 50,000-record
/// report takes a few hundred statements, small enough for the parameter
/// limit with every table's column count, and for a prepared statement
/// kept in the cache to stay small (tens of KiB).
const MAX_ROWS: usize = 256;

/// Rows per statement for what is left after the full statements: the
/// rest goes in statements of this many rows and a last one of fewer. A
/// table's inserts so use at most `TAIL_ROWS + 1` different statement
/// texts, each prepared once per connection and then taken from the
/// statement cache ([`super::STATEMENT_CACHE`]): preparing a multi-row
/// statement costs about as much as running it, and a report's row count
/// is rarely a multiple of [`MAX_ROWS`].
const TAIL_ROWS: usize = 32;

/// Rows per statement for a table of `columns` columns.
const fn rows_per_statement(columns: usize) -> usize {
    let by_params = MAX_PARAMS / columns;
    if by_params < MAX_ROWS {
        by_params
    } else {
        MAX_ROWS
    }
}

/// `items` in chunks of `size`, then what is left in chunks of
/// [`TAIL_ROWS`] (or `size` if smaller) and a last shorter one, so that
/// few chunk lengths occur (see [`TAIL_ROWS`]). Bounded memory: one chunk
/// of references at a time.
fn chunks<I: Iterator>(mut items: I, size: usize) -> impl Iterator<Item = Vec<I::Item>> {
    let tail_size = TAIL_ROWS.min(size);
    let mut tail: Option<std::vec::IntoIter<I::Item>> = None;
    std::iter::from_fn(move || {
        if tail.is_none() {
            let chunk: Vec<_> = items.by_ref().take(size).collect();
            if chunk.len() == size {
                return Some(chunk);
            }
            tail = Some(chunk.into_iter());
        }
        let chunk: Vec<_> = tail.as_mut()?.take(tail_size).collect();
        (!chunk.is_empty()).then_some(chunk)
    })
}

/// The elements of a list inside each element of another (a record's DKIM
/// results, a policy's failure details) as (outer position, inner
/// position, element). A struct rather than `flat_map`, whose closures a
/// `Send` future cannot hold across an `.await`.
struct Nested<'a, P, T> {
    outer: std::iter::Enumerate<std::slice::Iter<'a, P>>,
    inner: Option<(usize, std::iter::Enumerate<std::slice::Iter<'a, T>>)>,
    list: fn(&'a P) -> &'a [T],
}

impl<'a, P, T> Nested<'a, P, T> {
    fn new(outer: &'a [P], list: fn(&'a P) -> &'a [T]) -> Self {
        Self {
            outer: outer.iter().enumerate(),
            inner: None,
            list,
        }
    }
}

impl<'a, P, T> Iterator for Nested<'a, P, T> {
    type Item = (usize, usize, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((i, inner)) = &mut self.inner
                && let Some((j, item)) = inner.next()
            {
                return Some((*i, j, item));
            }
            let (i, outer) = self.outer.next()?;
            self.inner = Some((i, (self.list)(outer).iter().enumerate()));
        }
    }
}

/// The elements of a list inside each record of `records` (its DKIM
/// results, its reasons) as (report id, record position, position,
/// element), collected so that no closure is held across an `.await`.
fn nested<'a, T>(
    records: &[(i64, usize, &'a Record)],
    list: fn(&'a Record) -> &'a [T],
) -> Vec<(i64, usize, usize, &'a T)> {
    records
        .iter()
        .flat_map(|&(id, i, r)| list(r).iter().enumerate().map(move |(j, x)| (id, i, j, x)))
        .collect()
}

/// The unique key of an aggregate report: reporting organisation, report
/// id and date range (RFC 9990 §3.1.1).
fn aggregate_key(report: &AggregateReport) -> String {
    let meta = &report.metadata;
    codec::report_key(
        "aggregate",
        &[
            meta.org_name.as_bytes(),
            meta.report_id.as_bytes(),
            &meta.date_range.begin.to_be_bytes(),
            &meta.date_range.end.to_be_bytes(),
        ],
    )
}

/// A position (record, result, policy …) as a column value.
fn idx(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// Runs `$builder`'s statement in `$tx`, keeping it prepared in the
/// connection's statement cache: [`chunks`] makes few distinct texts.
macro_rules! run {
    ($builder:expr, $tx:expr) => {
        $builder.build().persistent(true).execute(&mut *$tx).await?
    };
}

impl Store {
    /// Stores a DMARC aggregate report read from `origin` (a path, a
    /// message, as the ingest names it), unless a report with the same
    /// reporting organisation, report id and date range is stored already
    /// (RFC 9990 §3.1.1).
    ///
    /// # Errors
    ///
    /// [`StoreError::TooLarge`] for a `<count>` beyond 2^63 − 1 (nothing is
    /// written); [`StoreError::Database`] when the database fails, in which
    /// case nothing of the report is stored.
    pub async fn insert_aggregate(
        &self,
        report: &AggregateReport,
        origin: &str,
    ) -> Result<Inserted, StoreError> {
        let mut outcomes = self.insert_aggregates(&[(report, origin)]).await?;
        // One outcome per report: `None` cannot happen.
        outcomes
            .pop()
            .unwrap_or(Err(StoreError::Database(sqlx::Error::RowNotFound)))
    }

    /// Stores several aggregate reports (each with the `origin` it was read
    /// from) in one transaction, each as [`Store::insert_aggregate`] would:
    /// once per reporting organisation, report id and date range, also when
    /// the same report occurs twice in `reports`. One transaction and a few
    /// multi-row statements for many small reports cost far less than one
    /// transaction each; every report is still stored whole or not at all.
    ///
    /// Returns one outcome per report, in order: [`Inserted`], or
    /// [`StoreError::TooLarge`] for a report with a `<count>` beyond
    /// 2^63 − 1, of which nothing is written while the others are stored.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`] when the database fails, in which case
    /// nothing of any of the reports is stored.
    pub async fn insert_aggregates(
        &self,
        reports: &[(&AggregateReport, &str)],
    ) -> Result<Vec<Result<Inserted, StoreError>>, StoreError> {
        const REPORT_COLUMNS: usize = 26;
        const RECORD_COLUMNS: usize = 10;
        const DKIM_COLUMNS: usize = 7;
        const SPF_COLUMNS: usize = 7;
        const REASON_COLUMNS: usize = 6;

        // One slot per report, filled below: refused here, or stored or
        // found in the transaction.
        let mut outcomes: Vec<Option<Result<Inserted, StoreError>>> = Vec::new();
        // The reports to write: (position in `reports`, key).
        let mut new: Vec<(usize, String)> = Vec::with_capacity(reports.len());
        for (n, (report, _)) in reports.iter().enumerate() {
            match report
                .records
                .iter()
                .try_for_each(|r| int("<count>", r.count).map(drop))
            {
                Ok(()) => {
                    outcomes.push(None);
                    new.push((n, aggregate_key(report)));
                }
                Err(e) => outcomes.push(Some(Err(e))),
            }
        }
        if new.is_empty() {
            return Ok(outcomes.into_iter().flatten().collect());
        }
        let ingested_at = codec::now();
        let begin = self.writer.begin_sql();

        with_pool!(&self.writer, p => {
            let mut tx = p.begin_with(begin).await?;
            // The report rows; the database assigns ids to the new ones and
            // skips those it holds (also a second copy within `reports`).
            let mut ids: HashMap<String, i64> = HashMap::with_capacity(new.len());
            for chunk in chunks(new.iter(), rows_per_statement(REPORT_COLUMNS)) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO aggregate_reports (report_key, org_name, report_id, date_begin, \
                     date_end, email, extra_contact_info, errors, generator, report_schema, \
                     version, policy_domain, policy_adkim, policy_aspf, policy_p, policy_sp, \
                     policy_np, policy_pct, policy_fo, policy_testing, policy_discovery_method, \
                     notes, record_count, message_count, origin, ingested_at) ",
                );
                b.push_values(chunk, |mut row, (n, key)| {
                    let (report, origin) = reports[*n];
                    let meta = &report.metadata;
                    let policy = &report.policy;
                    row.push_bind(key.clone())
                        .push_bind(text(&meta.org_name))
                        .push_bind(text(&meta.report_id))
                        .push_bind(meta.date_range.begin)
                        .push_bind(meta.date_range.end)
                        .push_bind(text(&meta.email))
                        .push_bind(opt_text(meta.extra_contact_info.as_ref()))
                        .push_bind(list(&meta.errors))
                        .push_bind(opt_text(meta.generator.as_ref()))
                        .push_bind(codec::schema_name(&report.schema))
                        .push_bind(opt_text(report.version.as_ref()))
                        .push_bind(text(&policy.domain))
                        .push_bind(policy.adkim.as_ref().map(codec::alignment_name))
                        .push_bind(policy.aspf.as_ref().map(codec::alignment_name))
                        .push_bind(policy.p.as_ref().map(codec::disposition_name))
                        .push_bind(policy.sp.as_ref().map(codec::disposition_name))
                        .push_bind(policy.np.as_ref().map(codec::disposition_name))
                        .push_bind(policy.pct.map(i64::from))
                        .push_bind(opt_text(policy.fo.as_ref()))
                        .push_bind(policy.testing)
                        .push_bind(opt_text(policy.discovery_method.as_ref()))
                        .push_bind(list(&report.notes))
                        .push_bind(idx(report.records.len()))
                        .push_bind(i64::try_from(report.message_count()).unwrap_or(i64::MAX))
                        .push_bind(text(origin))
                        .push_bind(ingested_at);
                });
                b.push(" ON CONFLICT (report_key) DO NOTHING RETURNING id, report_key");
                let rows: Vec<(i64, String)> =
                    b.build_query_as().persistent(true).fetch_all(&mut *tx).await?;
                ids.extend(rows.into_iter().map(|(id, key)| (key, id)));
            }

            // Which reports are new: the first with a key the insert
            // returned; any other is a duplicate of what is stored.
            let mut stored: Vec<(i64, &AggregateReport)> = Vec::with_capacity(new.len());
            for (n, key) in &new {
                if let Some(id) = ids.remove(key) {
                    outcomes[*n] = Some(Ok(Inserted::Stored(id)));
                    stored.push((id, reports[*n].0));
                } else {
                    let (id,): (i64,) =
                        sqlx::query_as("SELECT id FROM aggregate_reports WHERE report_key = $1")
                            .bind(key)
                            .persistent(true)
                            .fetch_one(&mut *tx)
                            .await?;
                    outcomes[*n] = Some(Ok(Inserted::Duplicate(id)));
                }
            }

            let records: Vec<(i64, usize, &Record)> = stored
                .iter()
                .flat_map(|&(id, r)| r.records.iter().enumerate().map(move |(i, rec)| (id, i, rec)))
                .collect();
            for chunk in chunks(records.iter(), rows_per_statement(RECORD_COLUMNS)) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO aggregate_records (aggregate_id, idx, source_ip, message_count, \
                     disposition, dkim, spf, header_from, envelope_from, envelope_to) ",
                );
                b.push_values(chunk, |mut row, &(id, i, r)| {
                    let ids = &r.identifiers;
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(r.source_ip.to_string())
                        // Checked above: every count fits.
                        .push_bind(i64::try_from(r.count).unwrap_or(i64::MAX))
                        .push_bind(codec::disposition_name(&r.evaluated.disposition))
                        .push_bind(r.evaluated.dkim.as_ref().map(codec::outcome_name))
                        .push_bind(r.evaluated.spf.as_ref().map(codec::outcome_name))
                        .push_bind(text(&ids.header_from))
                        .push_bind(opt_text(ids.envelope_from.as_ref()))
                        .push_bind(opt_text(ids.envelope_to.as_ref()));
                });
                run!(b, tx);
            }

            let dkim = nested(&records, |r| &r.dkim);
            for chunk in chunks(dkim.iter(), rows_per_statement(DKIM_COLUMNS)) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO aggregate_dkim (aggregate_id, record_idx, idx, domain, selector, \
                     result, human_result) ",
                );
                b.push_values(chunk, |mut row, &(id, i, j, d)| {
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(idx(j))
                        .push_bind(text(&d.domain))
                        .push_bind(opt_text(d.selector.as_ref()))
                        .push_bind(codec::dkim_result_name(&d.result))
                        .push_bind(opt_text(d.human_result.as_ref()));
                });
                run!(b, tx);
            }
            drop(dkim);

            let spf = nested(&records, |r| &r.spf);
            for chunk in chunks(spf.iter(), rows_per_statement(SPF_COLUMNS)) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO aggregate_spf (aggregate_id, record_idx, idx, domain, scope, \
                     result, human_result) ",
                );
                b.push_values(chunk, |mut row, &(id, i, j, s)| {
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(idx(j))
                        .push_bind(text(&s.domain))
                        .push_bind(s.scope.as_ref().map(codec::scope_name))
                        .push_bind(codec::spf_result_name(&s.result))
                        .push_bind(opt_text(s.human_result.as_ref()));
                });
                run!(b, tx);
            }
            drop(spf);

            let reasons = nested(&records, |r| &r.evaluated.reasons);
            for chunk in chunks(reasons.iter(), rows_per_statement(REASON_COLUMNS)) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO aggregate_reasons (aggregate_id, record_idx, idx, kind, \
                     other_value, comment) ",
                );
                b.push_values(chunk, |mut row, &(id, i, j, reason)| {
                    let (kind, other) = codec::override_columns(&reason.kind);
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(idx(j))
                        .push_bind(kind)
                        .push_bind(other)
                        .push_bind(opt_text(reason.comment.as_ref()));
                });
                run!(b, tx);
            }
            drop(reasons);

            tx.commit().await?;
            debug_assert!(outcomes.iter().all(Option::is_some));
            Ok(outcomes.into_iter().flatten().collect())
        })
    }

    /// Stores a DMARC failure report read from `origin`, unless one with
    /// the same content (the SHA-256 of every field) is stored already.
    ///
    /// # Errors
    ///
    /// [`StoreError::TooLarge`] for an `Incidents` count beyond 2^63 − 1;
    /// [`StoreError::Database`] when the database fails, in which case
    /// nothing of the report is stored.
    pub async fn insert_failure(
        &self,
        report: &FailureReport,
        origin: &str,
    ) -> Result<Inserted, StoreError> {
        let incidents = report.incidents.map(|n| int("Incidents", n)).transpose()?;
        let hash = codec::failure_hash(report);
        let values: Vec<(&str, usize, &String)> = [
            &report.reported_domains,
            &report.original_rcpt_to,
            &report.authentication_results,
            &report.auth_failure,
        ]
        .into_iter()
        .zip(super::rows::FAILURE_FIELDS)
        .flat_map(|(values, field)| values.iter().enumerate().map(move |(i, v)| (field, i, v)))
        .collect();
        let ingested_at = codec::now();
        let begin = self.writer.begin_sql();

        with_pool!(&self.writer, p => {
            let mut tx = p.begin_with(begin).await?;
            let stored: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO failure_reports (content_sha256, feedback_type, user_agent, version, \
                 arrival_date, arrival_time, source_ip, original_mail_from, dkim_domain, \
                 dkim_selector, dkim_identity, delivery_result, identity_alignment, reporting_mta, \
                 incidents, reporter, description, plain_text, notes, origin, ingested_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18, $19, $20, $21) \
                 ON CONFLICT (content_sha256) DO NOTHING RETURNING id",
            )
            .bind(&hash)
            .bind(opt_text(report.feedback_type.as_ref()))
            .bind(opt_text(report.user_agent.as_ref()))
            .bind(opt_text(report.version.as_ref()))
            .bind(opt_text(report.arrival_date.as_ref()))
            .bind(report.arrival_time)
            .bind(report.source_ip.map(|ip| ip.to_string()))
            .bind(opt_text(report.original_mail_from.as_ref()))
            .bind(opt_text(report.dkim_domain.as_ref()))
            .bind(opt_text(report.dkim_selector.as_ref()))
            .bind(opt_text(report.dkim_identity.as_ref()))
            .bind(opt_text(report.delivery_result.as_ref()))
            .bind(opt_text(report.identity_alignment.as_ref()))
            .bind(opt_text(report.reporting_mta.as_ref()))
            .bind(incidents)
            .bind(opt_text(report.reporter.as_ref()))
            .bind(opt_text(report.description.as_ref()))
            .bind(report.plain_text)
            .bind(list(&report.notes))
            .bind(text(origin))
            .bind(ingested_at)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id,)) = stored else {
                let (id,): (i64,) =
                    sqlx::query_as("SELECT id FROM failure_reports WHERE content_sha256 = $1")
                        .bind(&hash)
                        .fetch_one(&mut *tx)
                        .await?;
                tx.rollback().await?;
                return Ok(Inserted::Duplicate(id));
            };

            let size = rows_per_statement(4);
            for chunk in chunks(values.iter(), size) {
                let mut b =
                    QueryBuilder::new("INSERT INTO failure_values (failure_id, field, idx, value) ");
                b.push_values(chunk, |mut row, (field, i, value)| {
                    row.push_bind(id)
                        .push_bind(*field)
                        .push_bind(idx(*i))
                        .push_bind(text(value));
                });
                run!(b, tx);
            }
            let size = rows_per_statement(4);
            for chunk in chunks(report.original_headers.iter().enumerate(), size) {
                let mut b =
                    QueryBuilder::new("INSERT INTO failure_headers (failure_id, idx, name, value) ");
                b.push_values(chunk, |mut row, (i, (name, value))| {
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(text(name))
                        .push_bind(text(value));
                });
                run!(b, tx);
            }

            tx.commit().await?;
            Ok(Inserted::Stored(id))
        })
    }

    /// Stores an SMTP TLS report read from `origin`, unless one with the
    /// same organisation, report id and date range (as sent) is stored
    /// already (RFC 8460 §4.4).
    ///
    /// # Errors
    ///
    /// [`StoreError::TooLarge`] for a session count beyond 2^63 − 1;
    /// [`StoreError::Database`] when the database fails, in which case
    /// nothing of the report is stored.
    pub async fn insert_tls(
        &self,
        report: &TlsReport,
        origin: &str,
    ) -> Result<Inserted, StoreError> {
        for policy in &report.policies {
            int("total-successful-session-count", policy.successful_sessions)?;
            int("total-failure-session-count", policy.failed_sessions)?;
            for failure in &policy.failures {
                int("failed-session-count", failure.failed_session_count)?;
            }
        }
        let key = codec::report_key(
            "tls",
            &[
                report.organization_name.as_bytes(),
                report.report_id.as_bytes(),
                report.start.as_bytes(),
                report.end.as_bytes(),
            ],
        );
        let ingested_at = codec::now();
        let begin = self.writer.begin_sql();

        with_pool!(&self.writer, p => {
            let mut tx = p.begin_with(begin).await?;
            let stored: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO tls_reports (report_key, organization_name, report_id, date_start, \
                 date_end, start_time, end_time, contact_info, notes, origin, ingested_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (report_key) DO NOTHING RETURNING id",
            )
            .bind(&key)
            .bind(text(&report.organization_name))
            .bind(text(&report.report_id))
            .bind(text(&report.start))
            .bind(text(&report.end))
            .bind(report.start_time)
            .bind(report.end_time)
            .bind(opt_text(report.contact_info.as_ref()))
            .bind(list(&report.notes))
            .bind(text(origin))
            .bind(ingested_at)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((id,)) = stored else {
                let (id,): (i64,) =
                    sqlx::query_as("SELECT id FROM tls_reports WHERE report_key = $1")
                        .bind(&key)
                        .fetch_one(&mut *tx)
                        .await?;
                tx.rollback().await?;
                return Ok(Inserted::Duplicate(id));
            };

            let size = rows_per_statement(8);
            for chunk in chunks(report.policies.iter().enumerate(), size) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO tls_policies (tls_id, idx, policy_type, policy_strings, \
                     policy_domain, mx_hosts, successful_sessions, failed_sessions) ",
                );
                b.push_values(chunk, |mut row, (i, policy)| {
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(text(&policy.policy_type))
                        .push_bind(list(&policy.policy_strings))
                        .push_bind(text(&policy.policy_domain))
                        .push_bind(list(&policy.mx_hosts))
                        // Checked above.
                        .push_bind(i64::try_from(policy.successful_sessions).unwrap_or(i64::MAX))
                        .push_bind(i64::try_from(policy.failed_sessions).unwrap_or(i64::MAX));
                });
                run!(b, tx);
            }
            let failures = Nested::new(&report.policies, |p| &p.failures);
            let size = rows_per_statement(11);
            for chunk in chunks(failures, size) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO tls_failures (tls_id, policy_idx, idx, result_type, \
                     sending_mta_ip, receiving_mx_hostname, receiving_mx_helo, receiving_ip, \
                     failed_session_count, additional_information, failure_reason_code) ",
                );
                b.push_values(chunk, |mut row, (i, j, f)| {
                    row.push_bind(id)
                        .push_bind(idx(i))
                        .push_bind(idx(j))
                        .push_bind(text(&f.result_type))
                        .push_bind(f.sending_mta_ip.map(|ip| ip.to_string()))
                        .push_bind(opt_text(f.receiving_mx_hostname.as_ref()))
                        .push_bind(opt_text(f.receiving_mx_helo.as_ref()))
                        .push_bind(f.receiving_ip.map(|ip| ip.to_string()))
                        .push_bind(i64::try_from(f.failed_session_count).unwrap_or(i64::MAX))
                        .push_bind(opt_text(f.additional_information.as_ref()))
                        .push_bind(opt_text(f.failure_reason_code.as_ref()));
                });
                run!(b, tx);
            }

            tx.commit().await?;
            Ok(Inserted::Stored(id))
        })
    }

    /// Caches what enrichment learned about source IPs, replacing what was
    /// cached for the same IPs (the last entry wins when `sources` names
    /// an IP twice). One transaction.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`] when the database fails; nothing is
    /// written then.
    pub async fn put_source_info(&self, sources: &[SourceInfo]) -> Result<(), StoreError> {
        let sources = last_by_key(sources.iter(), |s| s.ip);
        if sources.is_empty() {
            return Ok(());
        }
        let begin = self.writer.begin_sql();
        with_pool!(&self.writer, p => {
            let mut tx = p.begin_with(begin).await?;
            let size = rows_per_statement(7);
            for chunk in chunks(sources.iter(), size) {
                let mut b = QueryBuilder::new(
                    "INSERT INTO sources (ip, ptr_name, forward_confirmed, looked_up_at, country, \
                     asn, as_org) ",
                );
                b.push_values(chunk, |mut row, s| {
                    row.push_bind(s.ip.to_string())
                        .push_bind(s.ptr.as_ref().map(|ptr| text(&ptr.name)))
                        .push_bind(s.ptr.as_ref().is_some_and(|ptr| ptr.forward_confirmed))
                        .push_bind(s.looked_up_at)
                        .push_bind(opt_text(s.country.as_ref()))
                        .push_bind(s.asn.map(i64::from))
                        .push_bind(opt_text(s.as_org.as_ref()));
                });
                b.push(
                    " ON CONFLICT (ip) DO UPDATE SET ptr_name = excluded.ptr_name, \
                     forward_confirmed = excluded.forward_confirmed, \
                     looked_up_at = excluded.looked_up_at, country = excluded.country, \
                     asn = excluded.asn, as_org = excluded.as_org",
                );
                run!(b, tx);
            }
            tx.commit().await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_within_parameter_limits() {
        for columns in [4, 6, 7, 8, 10, 11] {
            let rows = rows_per_statement(columns);
            assert!(rows * columns <= 32_766, "{columns} columns");
            assert!(rows >= 1);
        }
        assert_eq!(rows_per_statement(10), 256);
        assert_eq!(rows_per_statement(200), 150);
    }

    #[test]
    fn nested_walks_every_inner_element_in_order() {
        let outer: Vec<Vec<char>> = vec![vec!['a', 'b'], vec![], vec!['c']];
        let got: Vec<_> = Nested::new(&outer, |v| v.as_slice()).collect();
        assert_eq!(got, vec![(0, 0, &'a'), (0, 1, &'b'), (2, 0, &'c')]);
        let empty: Vec<Vec<char>> = Vec::new();
        assert_eq!(Nested::new(&empty, |v| v.as_slice()).count(), 0);
    }

    #[test]
    fn chunks_cover_everything_once() {
        let got: Vec<Vec<u32>> = chunks(0..7u32, 3).collect();
        assert_eq!(got, vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert_eq!(chunks(0..0u32, 3).count(), 0);
        // Full chunks, then chunks of TAIL_ROWS, then the rest.
        let n = 2 * MAX_ROWS + 2 * TAIL_ROWS + 5;
        let got: Vec<Vec<usize>> = chunks(0..n, MAX_ROWS).collect();
        let lengths: Vec<usize> = got.iter().map(Vec::len).collect();
        assert_eq!(lengths, [MAX_ROWS, MAX_ROWS, TAIL_ROWS, TAIL_ROWS, 5]);
        assert_eq!(got.concat(), (0..n).collect::<Vec<_>>());
        let got: Vec<Vec<usize>> = chunks(0..MAX_ROWS, MAX_ROWS).collect();
        assert_eq!(got, [(0..MAX_ROWS).collect::<Vec<_>>()]);
    }
}
