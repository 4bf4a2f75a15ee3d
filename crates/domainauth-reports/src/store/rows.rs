//! Rows as the queries return them (one struct per shape, decoded the same
//! way from either backend) and their assembly into the model's types.

use super::StoreError;
use super::codec::{self, opt};
use crate::model::{
    DateRange, DkimAuth, FailureReport, Identifiers, OverrideReason, PolicyEvaluated,
    PublishedPolicy, Record, SpfAuth, TlsFailureDetail, TlsPolicyResult,
};
use crate::summary::ReportContext;

/// The columns of [`ContextRow`], for `SELECT` lists (`a` is the report).
macro_rules! context_columns {
    () => {
        "a.org_name, a.report_id, a.date_begin, a.date_end, a.policy_domain, \
         a.policy_adkim, a.policy_aspf, a.policy_p, a.policy_sp, a.policy_np, a.policy_pct, \
         a.policy_fo, a.policy_testing, a.policy_discovery_method"
    };
}

/// The columns of [`RecordRow`] (`r` is the record).
macro_rules! record_columns {
    () => {
        "r.aggregate_id, r.idx, r.source_ip, r.message_count, r.disposition, r.dkim, r.spf, \
         r.header_from, r.envelope_from, r.envelope_to"
    };
}

/// The auth results and override reasons of records as one row shape
/// ([`AuthRow`]), `kind` 0 for DKIM, 1 for SPF, 2 for reasons, ordered by
/// record then kind then position. `x` is the union.
macro_rules! auth_union {
    () => {
        "(SELECT aggregate_id, record_idx, CAST(0 AS BIGINT) AS kind, idx, \
                 domain AS a, selector AS b, result AS c, human_result AS d FROM aggregate_dkim \
          UNION ALL SELECT aggregate_id, record_idx, CAST(1 AS BIGINT), idx, \
                 domain, scope, result, human_result FROM aggregate_spf \
          UNION ALL SELECT aggregate_id, record_idx, CAST(2 AS BIGINT), idx, \
                 kind, other_value, comment, CAST(NULL AS TEXT) FROM aggregate_reasons) x"
    };
}

pub(crate) use {auth_union, context_columns, record_columns};

/// What a record's summary needs of its report.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ContextRow {
    pub(crate) org_name: String,
    pub(crate) report_id: String,
    pub(crate) date_begin: i64,
    pub(crate) date_end: i64,
    pub(crate) policy_domain: String,
    pub(crate) policy_adkim: Option<String>,
    pub(crate) policy_aspf: Option<String>,
    pub(crate) policy_p: Option<String>,
    pub(crate) policy_sp: Option<String>,
    pub(crate) policy_np: Option<String>,
    pub(crate) policy_pct: Option<i64>,
    pub(crate) policy_fo: Option<String>,
    pub(crate) policy_testing: Option<bool>,
    pub(crate) policy_discovery_method: Option<String>,
}

const REPORTS: &str = "aggregate_reports";

impl ContextRow {
    pub(crate) fn date_range(&self) -> DateRange {
        DateRange {
            begin: self.date_begin,
            end: self.date_end,
        }
    }

    pub(crate) fn policy(&self) -> Result<PublishedPolicy, StoreError> {
        let disposition = |column, value: &Option<String>| {
            opt(value.as_deref(), |v| {
                codec::disposition_from(REPORTS, column, v)
            })
        };
        let alignment = |column, value: &Option<String>| {
            opt(value.as_deref(), |v| {
                codec::alignment_from(REPORTS, column, v)
            })
        };
        Ok(PublishedPolicy {
            domain: self.policy_domain.clone(),
            adkim: alignment("policy_adkim", &self.policy_adkim)?,
            aspf: alignment("policy_aspf", &self.policy_aspf)?,
            p: disposition("policy_p", &self.policy_p)?,
            sp: disposition("policy_sp", &self.policy_sp)?,
            np: disposition("policy_np", &self.policy_np)?,
            pct: self
                .policy_pct
                .map(|pct| {
                    u8::try_from(pct)
                        .map_err(|_| StoreError::corrupt(REPORTS, "policy_pct", &pct.to_string()))
                })
                .transpose()?,
            fo: self.policy_fo.clone(),
            testing: self.policy_testing,
            discovery_method: self.policy_discovery_method.clone(),
        })
    }

    pub(crate) fn context(&self) -> Result<ReportContext, StoreError> {
        Ok(ReportContext {
            org_name: self.org_name.clone(),
            report_id: self.report_id.clone(),
            date_range: self.date_range(),
            policy: self.policy()?,
        })
    }
}

/// An aggregate report's own row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AggregateRow {
    pub(crate) id: i64,
    #[sqlx(flatten)]
    pub(crate) context: ContextRow,
    pub(crate) email: String,
    pub(crate) extra_contact_info: Option<String>,
    pub(crate) errors: String,
    pub(crate) generator: Option<String>,
    pub(crate) report_schema: String,
    pub(crate) version: Option<String>,
    pub(crate) notes: String,
    pub(crate) origin: String,
    pub(crate) ingested_at: i64,
}

/// A record's row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RecordRow {
    pub(crate) aggregate_id: i64,
    pub(crate) idx: i64,
    pub(crate) source_ip: String,
    pub(crate) message_count: i64,
    pub(crate) disposition: String,
    pub(crate) dkim: Option<String>,
    pub(crate) spf: Option<String>,
    pub(crate) header_from: String,
    pub(crate) envelope_from: Option<String>,
    pub(crate) envelope_to: Option<String>,
}

/// A record with its report's context, as the record stream reads it.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct StreamRow {
    #[sqlx(flatten)]
    pub(crate) record: RecordRow,
    #[sqlx(flatten)]
    pub(crate) context: ContextRow,
}

/// One row of [`auth_union!`].
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AuthRow {
    pub(crate) aggregate_id: i64,
    pub(crate) record_idx: i64,
    pub(crate) kind: i64,
    pub(crate) a: Option<String>,
    pub(crate) b: Option<String>,
    pub(crate) c: Option<String>,
    pub(crate) d: Option<String>,
}

impl RecordRow {
    pub(crate) fn key(&self) -> (i64, i64) {
        (self.aggregate_id, self.idx)
    }

    /// The record, with its auth results and reasons from `auth` (rows of
    /// this record, in order).
    pub(crate) fn into_record(self, auth: Vec<AuthRow>) -> Result<Record, StoreError> {
        const T: &str = "aggregate_records";
        let mut record = Record {
            source_ip: codec::ip(T, "source_ip", &self.source_ip)?,
            count: codec::count(T, "message_count", self.message_count)?,
            evaluated: PolicyEvaluated {
                disposition: codec::disposition_from(T, "disposition", &self.disposition)?,
                dkim: opt(self.dkim.as_deref(), |v| codec::outcome_from(T, "dkim", v))?,
                spf: opt(self.spf.as_deref(), |v| codec::outcome_from(T, "spf", v))?,
                reasons: Vec::new(),
            },
            identifiers: Identifiers {
                header_from: self.header_from,
                envelope_from: self.envelope_from,
                envelope_to: self.envelope_to,
            },
            dkim: Vec::new(),
            spf: Vec::new(),
        };
        for row in auth {
            match row.kind {
                0 => record.dkim.push(DkimAuth {
                    domain: row.a.unwrap_or_default(),
                    selector: row.b,
                    result: codec::dkim_result_from(
                        "aggregate_dkim",
                        "result",
                        row.c.as_deref().unwrap_or_default(),
                    )?,
                    human_result: row.d,
                }),
                1 => record.spf.push(SpfAuth {
                    domain: row.a.unwrap_or_default(),
                    scope: opt(row.b.as_deref(), |v| {
                        codec::scope_from("aggregate_spf", "scope", v)
                    })?,
                    result: codec::spf_result_from(
                        "aggregate_spf",
                        "result",
                        row.c.as_deref().unwrap_or_default(),
                    )?,
                    human_result: row.d,
                }),
                _ => record.evaluated.reasons.push(OverrideReason {
                    kind: codec::override_from(
                        "aggregate_reasons",
                        row.a.as_deref().unwrap_or_default(),
                        row.b,
                    )?,
                    comment: row.c,
                }),
            }
        }
        Ok(record)
    }
}

impl AuthRow {
    pub(crate) fn key(&self) -> (i64, i64) {
        (self.aggregate_id, self.record_idx)
    }
}

/// A failure report's own row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct FailureRow {
    pub(crate) id: i64,
    pub(crate) feedback_type: Option<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) arrival_date: Option<String>,
    pub(crate) arrival_time: Option<i64>,
    pub(crate) source_ip: Option<String>,
    pub(crate) original_mail_from: Option<String>,
    pub(crate) dkim_domain: Option<String>,
    pub(crate) dkim_selector: Option<String>,
    pub(crate) dkim_identity: Option<String>,
    pub(crate) delivery_result: Option<String>,
    pub(crate) identity_alignment: Option<String>,
    pub(crate) reporting_mta: Option<String>,
    pub(crate) incidents: Option<i64>,
    pub(crate) reporter: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) plain_text: bool,
    pub(crate) notes: String,
    pub(crate) origin: String,
    pub(crate) ingested_at: i64,
}

/// The repeating fields of a failure report, by their `field` name.
pub(crate) const FAILURE_FIELDS: [&str; 4] = [
    "reported_domain",
    "original_rcpt_to",
    "authentication_results",
    "auth_failure",
];

impl FailureRow {
    /// The report, with its repeating fields (`(field, value)` in order)
    /// and original headers.
    pub(crate) fn into_report(
        self,
        values: Vec<(String, String)>,
        headers: Vec<(String, String)>,
    ) -> Result<FailureReport, StoreError> {
        const T: &str = "failure_reports";
        let mut report = FailureReport {
            feedback_type: self.feedback_type,
            user_agent: self.user_agent,
            version: self.version,
            arrival_date: self.arrival_date,
            arrival_time: self.arrival_time,
            source_ip: codec::opt_ip(T, "source_ip", self.source_ip.as_deref())?,
            original_mail_from: self.original_mail_from,
            dkim_domain: self.dkim_domain,
            dkim_selector: self.dkim_selector,
            dkim_identity: self.dkim_identity,
            delivery_result: self.delivery_result,
            identity_alignment: self.identity_alignment,
            reporting_mta: self.reporting_mta,
            incidents: self
                .incidents
                .map(|n| codec::count(T, "incidents", n))
                .transpose()?,
            reporter: self.reporter,
            original_headers: headers,
            description: self.description,
            plain_text: self.plain_text,
            notes: codec::parse_list(T, "notes", &self.notes)?,
            ..FailureReport::default()
        };
        for (field, value) in values {
            let list = match field.as_str() {
                "reported_domain" => &mut report.reported_domains,
                "original_rcpt_to" => &mut report.original_rcpt_to,
                "authentication_results" => &mut report.authentication_results,
                "auth_failure" => &mut report.auth_failure,
                _ => return Err(StoreError::corrupt("failure_values", "field", &field)),
            };
            list.push(value);
        }
        Ok(report)
    }
}

/// A TLS report's own row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TlsRow {
    pub(crate) id: i64,
    pub(crate) organization_name: String,
    pub(crate) report_id: String,
    pub(crate) date_start: String,
    pub(crate) date_end: String,
    pub(crate) start_time: Option<i64>,
    pub(crate) end_time: Option<i64>,
    pub(crate) contact_info: Option<String>,
    pub(crate) notes: String,
    pub(crate) origin: String,
    pub(crate) ingested_at: i64,
}

/// A TLS policy's row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TlsPolicyRow {
    pub(crate) idx: i64,
    pub(crate) policy_type: String,
    pub(crate) policy_strings: String,
    pub(crate) policy_domain: String,
    pub(crate) mx_hosts: String,
    pub(crate) successful_sessions: i64,
    pub(crate) failed_sessions: i64,
}

/// A TLS failure detail's row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct TlsFailureRow {
    pub(crate) policy_idx: i64,
    pub(crate) result_type: String,
    pub(crate) sending_mta_ip: Option<String>,
    pub(crate) receiving_mx_hostname: Option<String>,
    pub(crate) receiving_mx_helo: Option<String>,
    pub(crate) receiving_ip: Option<String>,
    pub(crate) failed_session_count: i64,
    pub(crate) additional_information: Option<String>,
    pub(crate) failure_reason_code: Option<String>,
}

impl TlsPolicyRow {
    /// The policy result, with its failure details (rows of this policy,
    /// in order).
    pub(crate) fn into_policy(
        self,
        failures: impl Iterator<Item = TlsFailureRow>,
    ) -> Result<TlsPolicyResult, StoreError> {
        const P: &str = "tls_policies";
        const F: &str = "tls_failures";
        let failures = failures
            .map(|f| {
                Ok(TlsFailureDetail {
                    result_type: f.result_type,
                    sending_mta_ip: codec::opt_ip(
                        F,
                        "sending_mta_ip",
                        f.sending_mta_ip.as_deref(),
                    )?,
                    receiving_mx_hostname: f.receiving_mx_hostname,
                    receiving_mx_helo: f.receiving_mx_helo,
                    receiving_ip: codec::opt_ip(F, "receiving_ip", f.receiving_ip.as_deref())?,
                    failed_session_count: codec::count(
                        F,
                        "failed_session_count",
                        f.failed_session_count,
                    )?,
                    additional_information: f.additional_information,
                    failure_reason_code: f.failure_reason_code,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(TlsPolicyResult {
            policy_type: self.policy_type,
            policy_strings: codec::parse_list(P, "policy_strings", &self.policy_strings)?,
            policy_domain: self.policy_domain,
            mx_hosts: codec::parse_list(P, "mx_hosts", &self.mx_hosts)?,
            successful_sessions: codec::count(P, "successful_sessions", self.successful_sessions)?,
            failed_sessions: codec::count(P, "failed_sessions", self.failed_sessions)?,
            failures,
        })
    }
}

/// A row of the `sources` table.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SourceRow {
    pub(crate) ip: String,
    pub(crate) ptr_name: Option<String>,
    pub(crate) forward_confirmed: bool,
    pub(crate) looked_up_at: i64,
    pub(crate) country: Option<String>,
    pub(crate) asn: Option<i64>,
    pub(crate) as_org: Option<String>,
}

/// `StoreCounts` as one row.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CountsRow {
    pub(crate) aggregate_reports: i64,
    pub(crate) records: i64,
    pub(crate) messages: i64,
    pub(crate) failure_reports: i64,
    pub(crate) tls_reports: i64,
    pub(crate) sources: i64,
}
