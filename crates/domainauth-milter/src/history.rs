//! The per-message history: each incoming message's verdict — source IP,
//! envelope and header From, SPF, DKIM and DMARC results, the policy that
//! applied, the disposition and what was done — written to the report
//! store (`domainauth reports`), from which DMARC aggregate reports
//! (RFC 9990 §3) can be generated.
//!
//! Writing never holds mail up: verdicts go through a bounded queue to one
//! writer task that stores them in batches; when the database is slower
//! than the mail, the entries that do not fit are dropped and counted
//! (`domainauth_milter_errors_total{kind="history"}`), and a failed write
//! is logged and counted the same way.

use std::net::IpAddr;
use std::sync::Arc;

use domainauth::dkim::SignatureResult;
use domainauth::dmarc::{AlignmentMode, DomainVerdict, Mode, Policy};
use domainauth::spf::Identity;
use domainauth::verify::Verdict;
use domainauth_reports::model::{
    AlignmentMode as ReportAlignment, Disposition, DkimAuth, DkimAuthResult, DmarcOutcome,
    OverrideKind, OverrideReason, PolicyEvaluated, PublishedPolicy, Record, SpfAuth, SpfAuthResult,
    SpfScope,
};
use domainauth_reports::store::{MessageEntry, Store};
use tokio::sync::mpsc;

use crate::metrics::Metrics;

/// Verdicts waiting to be written; more are dropped (and counted).
pub const QUEUE: usize = 10_000;

/// Most verdicts written in one transaction.
const BATCH: usize = 256;

/// Where verdicts go: a queue to the writer task.
#[derive(Debug, Clone)]
pub struct History {
    queue: mpsc::Sender<MessageEntry>,
    target: String,
}

impl History {
    /// Starts the writer task, storing into `store`, opened from `target`
    /// (opened again after a failed write: a connection a failure left
    /// inside a transaction is not used again).
    pub fn start(store: Store, target: &str, metrics: Arc<Metrics>) -> Self {
        let (queue, mut entries) = mpsc::channel::<MessageEntry>(QUEUE);
        let shown = store.target().to_string();
        let target = target.to_string();
        tokio::spawn(async move {
            let mut store = store;
            let mut batch = Vec::with_capacity(BATCH);
            while entries.recv_many(&mut batch, BATCH).await > 0 {
                if let Err(e) = store.insert_messages(&batch).await {
                    for _ in 0..batch.len() {
                        metrics.error("history");
                    }
                    tracing::error!(error = %e, lost = batch.len(), "message history not written");
                    store.close().await;
                    match Store::open(&target).await {
                        Ok(fresh) => store = fresh,
                        Err(e) => tracing::error!(error = %e, "message history store not reopened"),
                    }
                }
                batch.clear();
            }
        });
        Self {
            queue,
            target: shown,
        }
    }

    /// The store written to (a password in it hidden).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Queues `entry`; when the queue is full it is dropped and counted.
    pub fn record(&self, entry: MessageEntry, metrics: &Metrics) {
        if self.queue.try_send(entry).is_err() {
            metrics.error("history");
        }
    }
}

/// A name both sides spell alike (`pass`, `temperror`, `quarantine`…)
/// as the report model's value.
fn named<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

fn disposition(policy: Policy) -> Disposition {
    match policy {
        Policy::None => Disposition::None,
        Policy::Quarantine => Disposition::Quarantine,
        Policy::Reject => Disposition::Reject,
    }
}

fn alignment(mode: AlignmentMode) -> ReportAlignment {
    match mode {
        AlignmentMode::Relaxed => ReportAlignment::Relaxed,
        AlignmentMode::Strict => ReportAlignment::Strict,
    }
}

/// `<policy_published>`: the record that applied to `domain`.
fn published(domain: &DomainVerdict, mode: Mode) -> Option<PublishedPolicy> {
    let record = domain.record.as_ref()?;
    let mut policy = PublishedPolicy::default();
    policy.domain = domain
        .policy_domain
        .clone()
        .unwrap_or_else(|| domain.from_domain.clone());
    policy.adkim = record.adkim.valid().map(alignment);
    policy.aspf = record.aspf.valid().map(alignment);
    policy.p = record.p.valid().map(disposition);
    policy.sp = record.sp.valid().map(disposition);
    policy.np = record.np.valid().map(disposition);
    match mode {
        Mode::Rfc9989 => {
            policy.testing = Some(record.t.valid().unwrap_or(false));
            policy.discovery_method = Some("treewalk".into());
        }
        Mode::Rfc7489 => policy.pct = record.pct.valid(),
    }
    Some(policy)
}

fn dkim_auth(result: &SignatureResult) -> Option<DkimAuth> {
    Some(DkimAuth::new(
        result.domain.as_deref()?,
        result.selector.as_deref(),
        named::<DkimAuthResult>(result.result.as_str())?,
    ))
}

/// The history entry of an incoming message, `applied` the disposition
/// this host applied (`local_policy` when it is not the one DMARC asked
/// for): `None` without a client
/// address (a local submission) or an author domain, which an aggregate
/// report has no row for.
pub fn entry(
    verdict: &Verdict,
    client: Option<IpAddr>,
    reporter: &str,
    queue_id: &str,
    action: &str,
    applied: Policy,
    local_policy: bool,
) -> Option<MessageEntry> {
    let source_ip = client.or(verdict.spf.as_ref().map(|e| e.client_ip))?;
    let dmarc = &verdict.dmarc;
    let domain = dmarc.focus()?;
    let aligned_pass = |a: &domainauth::dmarc::Alignment| a.authenticated && a.aligned;
    let outcome = |pass: bool| {
        if pass {
            DmarcOutcome::Pass
        } else {
            DmarcOutcome::Fail
        }
    };
    let mut reasons = Vec::new();
    if let Some(o) = &verdict.policy_override {
        reasons.push(OverrideReason {
            kind: OverrideKind::TrustedForwarder,
            comment: Some(format!("ARC sealer {}", o.sealer)),
        });
    }
    if domain.testing {
        reasons.push(OverrideReason {
            kind: OverrideKind::PolicyTestMode,
            comment: None,
        });
    }
    if domain.sampled_out {
        reasons.push(OverrideReason {
            kind: OverrideKind::SampledOut,
            comment: None,
        });
    }
    if local_policy {
        reasons.push(OverrideReason {
            kind: OverrideKind::LocalPolicy,
            comment: None,
        });
    }
    let spf = verdict.spf.as_ref().and_then(|e| {
        let scope = match e.identity {
            Identity::MailFrom => SpfScope::Mfrom,
            Identity::Helo => SpfScope::Helo,
        };
        Some(SpfAuth::new(
            &e.domain,
            Some(scope),
            named::<SpfAuthResult>(e.result.as_str())?,
        ))
    });
    let envelope_from = verdict
        .spf
        .as_ref()
        .filter(|e| e.identity == Identity::MailFrom)
        .map(|e| e.domain.clone());
    let mut evaluated = PolicyEvaluated::new(
        disposition(applied),
        Some(outcome(domain.dkim.iter().any(aligned_pass))),
        Some(outcome(domain.spf.as_ref().is_some_and(aligned_pass))),
    );
    evaluated.reasons = reasons;
    let mut record = Record::message(source_ip, evaluated);
    record.identifiers.header_from = domain.from_domain.clone();
    record.identifiers.envelope_from = envelope_from;
    record.dkim = verdict.dkim.iter().filter_map(dkim_auth).collect();
    record.spf = spf.into_iter().collect();
    let mut entry = MessageEntry::new(
        now(),
        reporter,
        action,
        published(domain, dmarc.mode),
        record,
    );
    entry.queue_id = (!queue_id.is_empty()).then(|| queue_id.to_string());
    Some(entry)
}

/// Seconds since the epoch.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
