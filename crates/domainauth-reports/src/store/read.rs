//! Reading single reports back, the counts, and the source cache.

use std::collections::HashMap;
use std::net::IpAddr;

use sqlx::QueryBuilder;

use super::codec;
use super::rows::{
    AggregateRow, AuthRow, CountsRow, FailureRow, RecordRow, SourceRow, TlsFailureRow,
    TlsPolicyRow, TlsRow, auth_union, context_columns, record_columns,
};
use super::{SourceInfo, Store, StoreCounts, StoreError, Stored};
use crate::model::{AggregateReport, FailureReport, ReportMetadata, TlsReport};
use crate::summary::PtrInfo;

/// (name, value) pairs as a query returns them.
type Pairs = Vec<(String, String)>;

/// IPs per `IN (…)` list.
const IPS_PER_QUERY: usize = 500;

impl Store {
    /// The aggregate report stored under `id`, as it was stored, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`]; [`StoreError::Corrupt`] when a stored
    /// value is not one this store writes.
    pub async fn aggregate_report(
        &self,
        id: i64,
    ) -> Result<Option<Stored<AggregateReport>>, StoreError> {
        let (row, records, auth): (Option<AggregateRow>, Vec<RecordRow>, Vec<AuthRow>) = with_pool!(&self.pool, p => {
            let row = sqlx::query_as(concat!(
                "SELECT a.id, ", context_columns!(), ", a.email, a.extra_contact_info, \
                 a.errors, a.generator, a.report_schema, a.version, a.notes, a.origin, \
                 a.ingested_at FROM aggregate_reports a WHERE a.id = $1"
            ))
            .bind(id)
            .fetch_optional(p)
            .await?;
            if row.is_none() {
                return Ok(None);
            }
            let records = sqlx::query_as(concat!(
                "SELECT ", record_columns!(), " FROM aggregate_records r \
                 WHERE r.aggregate_id = $1 ORDER BY r.idx"
            ))
            .bind(id)
            .fetch_all(p)
            .await?;
            let auth = sqlx::query_as(concat!(
                "SELECT x.aggregate_id, x.record_idx, x.kind, x.a, x.b, x.c, x.d FROM ",
                auth_union!(),
                " WHERE x.aggregate_id = $1 ORDER BY x.record_idx, x.kind, x.idx"
            ))
            .bind(id)
            .fetch_all(p)
            .await?;
            (row, records, auth)
        });
        let Some(row) = row else {
            return Ok(None);
        };

        const T: &str = "aggregate_reports";
        let mut auth = auth.into_iter().peekable();
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let key = record.key();
            let mut mine = Vec::new();
            while let Some(a) = auth.next_if(|a| a.key() <= key) {
                if a.key() == key {
                    mine.push(a);
                }
            }
            out.push(record.into_record(mine)?);
        }
        let context = &row.context;
        let report = AggregateReport {
            schema: codec::schema_from(T, "report_schema", &row.report_schema)?,
            version: row.version,
            metadata: ReportMetadata {
                org_name: context.org_name.clone(),
                email: row.email,
                extra_contact_info: row.extra_contact_info,
                report_id: context.report_id.clone(),
                date_range: context.date_range(),
                errors: codec::parse_list(T, "errors", &row.errors)?,
                generator: row.generator,
            },
            policy: context.policy()?,
            records: out,
            notes: codec::parse_list(T, "notes", &row.notes)?,
        };
        Ok(Some(Stored {
            id: row.id,
            origin: row.origin,
            ingested_at: row.ingested_at,
            report,
        }))
    }

    /// The ids of the stored aggregate reports whose `<report_id>` is
    /// `report_id` (one per reporting organisation and date range that
    /// used it), in the order they were stored.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`].
    pub async fn aggregate_ids(&self, report_id: &str) -> Result<Vec<i64>, StoreError> {
        let ids: Vec<(i64,)> = with_pool!(&self.pool, p => {
            sqlx::query_as("SELECT id FROM aggregate_reports WHERE report_id = $1 ORDER BY id")
                .bind(codec::text(report_id))
                .fetch_all(p)
                .await?
        });
        Ok(ids.into_iter().map(|(id,)| id).collect())
    }

    /// The failure report stored under `id`, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`]; [`StoreError::Corrupt`].
    pub async fn failure_report(
        &self,
        id: i64,
    ) -> Result<Option<Stored<FailureReport>>, StoreError> {
        let (row, values, headers): (Option<FailureRow>, Pairs, Pairs) = with_pool!(&self.pool, p => {
            let row = sqlx::query_as(
                "SELECT id, feedback_type, user_agent, version, arrival_date, arrival_time, \
                 source_ip, original_mail_from, dkim_domain, dkim_selector, dkim_identity, \
                 delivery_result, identity_alignment, reporting_mta, incidents, reporter, \
                 description, plain_text, notes, origin, ingested_at \
                 FROM failure_reports WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(p)
            .await?;
            if row.is_none() {
                return Ok(None);
            }
            let values = sqlx::query_as(
                "SELECT field, value FROM failure_values WHERE failure_id = $1 \
                 ORDER BY field, idx",
            )
            .bind(id)
            .fetch_all(p)
            .await?;
            let headers = sqlx::query_as(
                "SELECT name, value FROM failure_headers WHERE failure_id = $1 ORDER BY idx",
            )
            .bind(id)
            .fetch_all(p)
            .await?;
            (row, values, headers)
        });
        let Some(row) = row else {
            return Ok(None);
        };
        let (id, origin, ingested_at) = (row.id, row.origin.clone(), row.ingested_at);
        Ok(Some(Stored {
            id,
            origin,
            ingested_at,
            report: row.into_report(values, headers)?,
        }))
    }

    /// The TLS report stored under `id`, or `None`.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`]; [`StoreError::Corrupt`].
    pub async fn tls_report(&self, id: i64) -> Result<Option<Stored<TlsReport>>, StoreError> {
        let (row, policies, failures): (Option<TlsRow>, Vec<TlsPolicyRow>, Vec<TlsFailureRow>) = with_pool!(&self.pool, p => {
            let row = sqlx::query_as(
                "SELECT id, organization_name, report_id, date_start, date_end, start_time, \
                 end_time, contact_info, notes, origin, ingested_at \
                 FROM tls_reports WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(p)
            .await?;
            if row.is_none() {
                return Ok(None);
            }
            let policies = sqlx::query_as(
                "SELECT idx, policy_type, policy_strings, policy_domain, mx_hosts, \
                 successful_sessions, failed_sessions FROM tls_policies WHERE tls_id = $1 \
                 ORDER BY idx",
            )
            .bind(id)
            .fetch_all(p)
            .await?;
            let failures = sqlx::query_as(
                "SELECT policy_idx, result_type, sending_mta_ip, receiving_mx_hostname, \
                 receiving_mx_helo, receiving_ip, failed_session_count, \
                 additional_information, failure_reason_code FROM tls_failures \
                 WHERE tls_id = $1 ORDER BY policy_idx, idx",
            )
            .bind(id)
            .fetch_all(p)
            .await?;
            (row, policies, failures)
        });
        let Some(row) = row else {
            return Ok(None);
        };
        const T: &str = "tls_reports";
        let mut failures = failures.into_iter().peekable();
        let mut out = Vec::with_capacity(policies.len());
        for policy in policies {
            let idx = policy.idx;
            let mut mine = Vec::new();
            while let Some(f) = failures.next_if(|f| f.policy_idx <= idx) {
                if f.policy_idx == idx {
                    mine.push(f);
                }
            }
            out.push(policy.into_policy(mine.into_iter())?);
        }
        Ok(Some(Stored {
            id: row.id,
            origin: row.origin,
            ingested_at: row.ingested_at,
            report: TlsReport {
                organization_name: row.organization_name,
                start: row.date_start,
                end: row.date_end,
                start_time: row.start_time,
                end_time: row.end_time,
                contact_info: row.contact_info,
                report_id: row.report_id,
                policies: out,
                notes: codec::parse_list(T, "notes", &row.notes)?,
            },
        }))
    }

    /// How much the store holds.
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`]; [`StoreError::Corrupt`].
    pub async fn counts(&self) -> Result<StoreCounts, StoreError> {
        let row: CountsRow = with_pool!(&self.pool, p => {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM aggregate_reports) AS aggregate_reports, \
                 (SELECT COUNT(*) FROM aggregate_records) AS records, \
                 (SELECT CAST(COALESCE(SUM(message_count), 0) AS BIGINT) FROM aggregate_reports) \
                 AS messages, \
                 (SELECT COUNT(*) FROM failure_reports) AS failure_reports, \
                 (SELECT COUNT(*) FROM tls_reports) AS tls_reports, \
                 (SELECT COUNT(*) FROM sources) AS sources",
            )
            .fetch_one(p)
            .await?
        });
        let n = |column, value| codec::count("counts", column, value);
        Ok(StoreCounts {
            aggregate_reports: n("aggregate_reports", row.aggregate_reports)?,
            records: n("records", row.records)?,
            messages: n("messages", row.messages)?,
            failure_reports: n("failure_reports", row.failure_reports)?,
            tls_reports: n("tls_reports", row.tls_reports)?,
            sources: n("sources", row.sources)?,
        })
    }

    /// What the cache holds about `ips` (IPs it knows nothing about are
    /// absent from the map).
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`]; [`StoreError::Corrupt`].
    pub async fn source_info(
        &self,
        ips: &[IpAddr],
    ) -> Result<HashMap<IpAddr, SourceInfo>, StoreError> {
        let mut out = HashMap::new();
        for chunk in ips.chunks(IPS_PER_QUERY) {
            let rows: Vec<SourceRow> = with_pool!(&self.pool, p => {
                let mut b = QueryBuilder::new(
                    "SELECT ip, ptr_name, forward_confirmed, looked_up_at, country, asn, as_org \
                     FROM sources WHERE ip IN (",
                );
                let mut list = b.separated(", ");
                for ip in chunk {
                    list.push_bind(ip.to_string());
                }
                b.push(")");
                b.build_query_as().persistent(false).fetch_all(p).await?
            });
            for row in rows {
                const T: &str = "sources";
                let ip = codec::ip(T, "ip", &row.ip)?;
                let asn = row
                    .asn
                    .map(|asn| {
                        u32::try_from(asn)
                            .map_err(|_| StoreError::corrupt(T, "asn", &asn.to_string()))
                    })
                    .transpose()?;
                out.insert(
                    ip,
                    SourceInfo {
                        ip,
                        ptr: row.ptr_name.map(|name| PtrInfo {
                            name,
                            forward_confirmed: row.forward_confirmed,
                        }),
                        looked_up_at: row.looked_up_at,
                        country: row.country,
                        asn,
                        as_org: row.as_org,
                    },
                );
            }
        }
        Ok(out)
    }
}
