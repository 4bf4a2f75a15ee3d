//! The per-message history of a receiver (the milter): each message it
//! evaluated, as an aggregate report's `<record>` of count 1 with the
//! `<policy_published>` that applied (RFC 9990 §3.1), so that aggregate
//! reports can be generated from it later.

use std::net::IpAddr;

use sqlx::QueryBuilder;

use super::codec::{self, opt_text, text};
use super::{Store, StoreError};
use crate::model::{
    DkimAuth, Identifiers, OverrideReason, PolicyEvaluated, PublishedPolicy, Record, SpfAuth,
    UnixTime,
};

/// Most messages read back by one [`Store::messages`] call.
pub const MAX_MESSAGES_READ: u32 = 100_000;

/// One message evaluated by this host.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct MessageEntry {
    /// When it was received.
    pub received_at: UnixTime,
    /// Who evaluated it: the authserv-id of its Authentication-Results.
    pub reporter: String,
    /// The MTA's queue id, if known.
    pub queue_id: Option<String>,
    /// What was done with it: `accept`, `reject`, `quarantine`, `tempfail`.
    pub action: String,
    /// The DMARC record that applied, if one was found.
    pub policy: Option<PublishedPolicy>,
    /// The message as an aggregate report's record (count 1).
    pub record: Record,
}

impl MessageEntry {
    /// An entry for the message `record` describes.
    pub fn new(
        received_at: UnixTime,
        reporter: &str,
        action: &str,
        policy: Option<PublishedPolicy>,
        record: Record,
    ) -> Self {
        Self {
            received_at,
            reporter: reporter.to_string(),
            queue_id: None,
            action: action.to_string(),
            policy,
            record,
        }
    }
}

/// A row of `message_history`.
#[derive(sqlx::FromRow)]
struct MessageRow {
    received_at: i64,
    reporter: String,
    queue_id: Option<String>,
    action: String,
    source_ip: String,
    header_from: String,
    envelope_from: Option<String>,
    envelope_to: Option<String>,
    disposition: String,
    dkim: Option<String>,
    spf: Option<String>,
    reasons: String,
    policy_domain: Option<String>,
    policy_adkim: Option<String>,
    policy_aspf: Option<String>,
    policy_p: Option<String>,
    policy_sp: Option<String>,
    policy_np: Option<String>,
    policy_testing: Option<bool>,
    policy_discovery_method: Option<String>,
    auth_dkim: String,
    auth_spf: String,
}

const TABLE: &str = "message_history";

fn json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    value: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(value).map_err(|_| StoreError::corrupt(TABLE, column, value))
}

impl MessageRow {
    fn entry(self) -> Result<MessageEntry, StoreError> {
        let source_ip: IpAddr = self
            .source_ip
            .parse()
            .map_err(|_| StoreError::corrupt(TABLE, "source_ip", &self.source_ip))?;
        let policy = match self.policy_domain {
            None => None,
            Some(domain) => {
                let mut policy = PublishedPolicy {
                    domain,
                    ..PublishedPolicy::default()
                };
                policy.adkim = codec::opt(self.policy_adkim.as_deref(), |v| {
                    codec::alignment_from(TABLE, "policy_adkim", v)
                })?;
                policy.aspf = codec::opt(self.policy_aspf.as_deref(), |v| {
                    codec::alignment_from(TABLE, "policy_aspf", v)
                })?;
                policy.p = codec::opt(self.policy_p.as_deref(), |v| {
                    codec::disposition_from(TABLE, "policy_p", v)
                })?;
                policy.sp = codec::opt(self.policy_sp.as_deref(), |v| {
                    codec::disposition_from(TABLE, "policy_sp", v)
                })?;
                policy.np = codec::opt(self.policy_np.as_deref(), |v| {
                    codec::disposition_from(TABLE, "policy_np", v)
                })?;
                policy.testing = self.policy_testing;
                policy.discovery_method = self.policy_discovery_method;
                Some(policy)
            }
        };
        let reasons: Vec<OverrideReason> = json("reasons", &self.reasons)?;
        let record = Record {
            source_ip,
            count: 1,
            evaluated: PolicyEvaluated {
                disposition: codec::disposition_from(TABLE, "disposition", &self.disposition)?,
                dkim: codec::opt(self.dkim.as_deref(), |v| {
                    codec::outcome_from(TABLE, "dkim", v)
                })?,
                spf: codec::opt(self.spf.as_deref(), |v| {
                    codec::outcome_from(TABLE, "spf", v)
                })?,
                reasons,
            },
            identifiers: Identifiers {
                header_from: self.header_from,
                envelope_from: self.envelope_from,
                envelope_to: self.envelope_to,
            },
            dkim: json::<Vec<DkimAuth>>("auth_dkim", &self.auth_dkim)?,
            spf: json::<Vec<SpfAuth>>("auth_spf", &self.auth_spf)?,
        };
        Ok(MessageEntry {
            received_at: self.received_at,
            reporter: self.reporter,
            queue_id: self.queue_id,
            action: self.action,
            policy,
            record,
        })
    }
}

/// Columns of `message_history` written and read, in order.
macro_rules! columns {
    () => {
        "received_at, reporter, queue_id, action, source_ip, header_from, \
         envelope_from, envelope_to, disposition, dkim, spf, reasons, policy_domain, \
         policy_adkim, policy_aspf, policy_p, policy_sp, policy_np, policy_testing, \
         policy_discovery_method, auth_dkim, auth_spf"
    };
}

/// Rows per statement: 22 columns, within both backends' parameter limits.
const ROWS: usize = 256;

impl Store {
    /// Records `entries` (one transaction).
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`] when the database fails; nothing is
    /// written then.
    pub async fn insert_messages(&self, entries: &[MessageEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let begin = self.writer.begin_sql();
        with_pool!(&self.writer, p => {
            let mut tx = p.begin_with(begin).await?;
            for chunk in entries.chunks(ROWS) {
                let mut b = QueryBuilder::new(concat!("INSERT INTO message_history (", columns!(), ") "));
                b.push_values(chunk, |mut row, e| {
                    let r = &e.record;
                    let policy = e.policy.as_ref();
                    row.push_bind(e.received_at)
                        .push_bind(text(&e.reporter))
                        .push_bind(opt_text(e.queue_id.as_ref()))
                        .push_bind(text(&e.action))
                        .push_bind(r.source_ip.to_string())
                        .push_bind(text(&r.identifiers.header_from))
                        .push_bind(opt_text(r.identifiers.envelope_from.as_ref()))
                        .push_bind(opt_text(r.identifiers.envelope_to.as_ref()))
                        .push_bind(codec::disposition_name(&r.evaluated.disposition))
                        .push_bind(r.evaluated.dkim.as_ref().map(codec::outcome_name))
                        .push_bind(r.evaluated.spf.as_ref().map(codec::outcome_name))
                        .push_bind(serde_json::to_string(&r.evaluated.reasons).unwrap_or_default())
                        .push_bind(policy.map(|p| text(&p.domain)))
                        .push_bind(policy.and_then(|p| p.adkim.as_ref()).map(codec::alignment_name))
                        .push_bind(policy.and_then(|p| p.aspf.as_ref()).map(codec::alignment_name))
                        .push_bind(policy.and_then(|p| p.p.as_ref()).map(codec::disposition_name))
                        .push_bind(policy.and_then(|p| p.sp.as_ref()).map(codec::disposition_name))
                        .push_bind(policy.and_then(|p| p.np.as_ref()).map(codec::disposition_name))
                        .push_bind(policy.and_then(|p| p.testing))
                        .push_bind(policy.and_then(|p| opt_text(p.discovery_method.as_ref())))
                        .push_bind(serde_json::to_string(&r.dkim).unwrap_or_default())
                        .push_bind(serde_json::to_string(&r.spf).unwrap_or_default());
                });
                b.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The messages received from `begin` to `end` (inclusive), oldest
    /// first, at most `limit` (capped at [`MAX_MESSAGES_READ`]).
    ///
    /// # Errors
    ///
    /// [`StoreError::Database`]; [`StoreError::Corrupt`] when a stored
    /// value is not one this store writes.
    pub async fn messages(
        &self,
        begin: UnixTime,
        end: UnixTime,
        limit: u32,
    ) -> Result<Vec<MessageEntry>, StoreError> {
        let limit = i64::from(limit.min(MAX_MESSAGES_READ));
        let rows: Vec<MessageRow> = with_pool!(&self.pool, p => {
            sqlx::query_as(concat!(
                "SELECT ", columns!(), " FROM message_history \
                 WHERE received_at BETWEEN $1 AND $2 ORDER BY received_at, id LIMIT $3"
            ))
            .bind(begin)
            .bind(end)
            .bind(limit)
            .fetch_all(p)
            .await?
        });
        rows.into_iter().map(MessageRow::entry).collect()
    }
}
