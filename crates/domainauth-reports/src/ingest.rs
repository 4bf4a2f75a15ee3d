//! Ingest: inputs (files, mails, mailbox messages) → payloads → typed
//! reports → the store, with counts for every outcome.
//!
//! Reading, decompressing and parsing run on a blocking thread; the store
//! is written on the async side, fed through a small bounded channel, so
//! parsing and writing overlap and at most a few parsed reports are held
//! in memory at once whatever the corpus size. A rejected file or payload
//! is counted with its reason and the batch goes on; a report already
//! stored is counted as a duplicate and left as it was.

use std::path::PathBuf;

use serde::Serialize;
use tokio::sync::mpsc;

use crate::container::{self, Payload, PayloadKind};
use crate::explain::Explain;
use crate::limits::Limits;
use crate::model::Report;
use crate::source::{self, Input};
use crate::store::{Inserted, Store, StoreError};
use crate::{aggregate, failure, tlsrpt};

/// Parsed reports waiting for the store, at most.
const QUEUE: usize = 8;

/// Why an input or payload was not stored: a catalog message and its
/// parameters, so it can be shown in English or Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The file, message or archive entry (as the sources name them).
    pub name: String,
    /// The catalog message id of the reason.
    pub message_id: &'static str,
    /// The reason's parameters.
    pub args: Vec<(&'static str, String)>,
    /// The reason in English.
    pub reason: String,
}

impl Rejection {
    fn new(name: impl Into<String>, error: &(impl Explain + std::fmt::Display)) -> Self {
        Self {
            name: name.into(),
            message_id: error.message_id(),
            args: error.args(),
            reason: error.to_string(),
        }
    }

    /// The reason in `lang`.
    pub fn reason_text(&self, lang: domainauth::diag::Lang) -> String {
        let pairs: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        domainauth::diag::ui(lang, self.message_id, &pairs)
    }
}

/// What an ingest did, added up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Files, mails or mailbox messages read.
    pub inputs: u64,
    /// Aggregate reports stored.
    pub aggregate_stored: u64,
    /// Aggregate reports already in the store.
    pub aggregate_duplicates: u64,
    /// Failure reports stored.
    pub failure_stored: u64,
    /// Failure reports already in the store.
    pub failure_duplicates: u64,
    /// TLS reports stored.
    pub tls_stored: u64,
    /// TLS reports already in the store.
    pub tls_duplicates: u64,
    /// Records in the aggregate reports stored.
    pub records: u64,
    /// Messages the stored aggregate reports represent.
    pub messages: u64,
    /// Inputs and payloads refused, each with its reason.
    pub rejected: Vec<Rejection>,
    /// The source IPs of the aggregate reports stored (for reverse DNS).
    #[serde(skip)]
    pub sources: std::collections::BTreeSet<std::net::IpAddr>,
}

impl Counts {
    /// Reports stored, of every kind.
    pub fn stored(&self) -> u64 {
        self.aggregate_stored + self.failure_stored + self.tls_stored
    }

    /// Reports skipped because the store had them.
    pub fn duplicates(&self) -> u64 {
        self.aggregate_duplicates + self.failure_duplicates + self.tls_duplicates
    }
}

/// One item the parsing side hands to the store side.
enum Parsed {
    /// An input finished (counts one input read).
    InputDone,
    /// A parsed report and where it came from.
    Report { name: String, report: Box<Report> },
    /// A refused input or payload.
    Rejected(Rejection),
}

/// Parses one payload into a report.
pub fn parse_payload(payload: &Payload, limits: &Limits) -> Result<Report, Rejection> {
    match payload.kind {
        PayloadKind::Aggregate => aggregate::parse(&payload.bytes, limits)
            .map(Report::Aggregate)
            .map_err(|e| Rejection::new(&payload.name, &e)),
        PayloadKind::Failure => failure::parse(&payload.bytes, limits)
            .map(Report::Failure)
            .map_err(|e| Rejection::new(&payload.name, &e)),
        PayloadKind::Tls => tlsrpt::parse(&payload.bytes, limits)
            .map(Report::Tls)
            .map_err(|e| Rejection::new(&payload.name, &e)),
    }
}

/// Extracts and parses every report of one input, handing each result to
/// `emit`.
pub fn parse_input(
    input: &Input,
    limits: &Limits,
    emit: &mut dyn FnMut(Result<(String, Report), Rejection>),
) {
    let name = input.origin.label();
    container::extract(&name, &input.bytes, limits, &mut |item| match item {
        Ok(payload) => emit(parse_payload(&payload, limits).map(|r| (payload.name.clone(), r))),
        Err(rejected) => emit(Err(Rejection::new(rejected.name.clone(), &rejected.error))),
    });
}

/// Stores one parsed report and counts the outcome.
pub async fn store_report(
    store: &Store,
    name: &str,
    report: &Report,
    counts: &mut Counts,
) -> Result<(), StoreError> {
    match report {
        Report::Aggregate(r) => match store.insert_aggregate(r, name).await? {
            Inserted::Stored(_) => {
                counts.aggregate_stored += 1;
                counts
                    .sources
                    .extend(r.records.iter().map(|rec| rec.source_ip));
                counts.records += r.records.len() as u64;
                counts.messages = counts.messages.saturating_add(r.message_count());
            }
            Inserted::Duplicate(_) => counts.aggregate_duplicates += 1,
        },
        Report::Failure(r) => match store.insert_failure(r, name).await? {
            Inserted::Stored(_) => counts.failure_stored += 1,
            Inserted::Duplicate(_) => counts.failure_duplicates += 1,
        },
        Report::Tls(r) => match store.insert_tls(r, name).await? {
            Inserted::Stored(_) => counts.tls_stored += 1,
            Inserted::Duplicate(_) => counts.tls_duplicates += 1,
        },
    }
    Ok(())
}

/// Ingests files, folders, Maildirs and mboxes into `store`. `progress`
/// is called after every input with the counts so far. A store error
/// (the database went away) stops the ingest; everything stored before it
/// stays.
pub async fn ingest_paths(
    store: &Store,
    paths: Vec<PathBuf>,
    limits: Limits,
    progress: &mut (dyn FnMut(&Counts) + Send),
) -> Result<Counts, StoreError> {
    let (tx, mut rx) = mpsc::channel::<Parsed>(QUEUE);
    let reader = tokio::task::spawn_blocking(move || {
        for item in source::walk(&paths, &limits) {
            match item {
                Ok(input) => {
                    let mut closed = false;
                    parse_input(&input, &limits, &mut |result| {
                        let parsed = match result {
                            Ok((name, report)) => Parsed::Report {
                                name,
                                report: Box::new(report),
                            },
                            Err(rejection) => Parsed::Rejected(rejection),
                        };
                        closed |= tx.blocking_send(parsed).is_err();
                    });
                    if closed || tx.blocking_send(Parsed::InputDone).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    let rejection = Rejection::new(error.origin(), &error);
                    if tx.blocking_send(Parsed::Rejected(rejection)).is_err()
                        || tx.blocking_send(Parsed::InputDone).is_err()
                    {
                        return;
                    }
                }
            }
        }
    });
    let mut counts = Counts::default();
    while let Some(parsed) = rx.recv().await {
        match parsed {
            Parsed::InputDone => {
                counts.inputs += 1;
                progress(&counts);
            }
            Parsed::Report { name, report } => {
                store_report(store, &name, &report, &mut counts).await?;
            }
            Parsed::Rejected(rejection) => counts.rejected.push(rejection),
        }
    }
    // The reader ends when the sources are exhausted; a panic there is a
    // bug, reported as such rather than hidden.
    if let Err(e) = reader.await
        && e.is_panic()
    {
        std::panic::resume_unwind(e.into_panic());
    }
    Ok(counts)
}

/// An IMAP ingest failed: the server (the session ended) or the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImapIngestError {
    /// The IMAP session failed; what was stored before stays.
    #[error(transparent)]
    Imap(#[from] crate::source::imap::ImapError),
    /// The store failed; the message being stored was left in the mailbox.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Explain for ImapIngestError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Imap(e) => e.message_id(),
            Self::Store(e) => e.message_id(),
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Imap(e) => e.args(),
            Self::Store(e) => e.args(),
        }
    }
}

/// Ingests the messages of an IMAP mailbox: each is fetched, parsed (on a
/// blocking thread), stored, and only then marked processed (moved to
/// `move_to`, or flagged seen) — a message whose reports could not be
/// stored stays where it was. `first` lists every message of the
/// selection; later calls (after [`ImapSource::watch`](crate::source::imap::ImapSource::watch))
/// only the new ones.
pub async fn ingest_imap(
    store: &Store,
    imap: &mut crate::source::imap::ImapSource,
    move_to: Option<&str>,
    limits: Limits,
    first: bool,
    counts: &mut Counts,
    progress: &mut (dyn FnMut(&Counts) + Send),
) -> Result<(), ImapIngestError> {
    let uids = if first {
        imap.list().await?
    } else {
        imap.list_new().await?
    };
    for uid in uids {
        match imap.fetch(uid).await? {
            Ok(message) => {
                let name = imap.url().message_url(message.uid_validity, message.uid);
                let input = Input::new(crate::source::Origin::Imap { url: name }, message.bytes);
                let (parsed, _input) = tokio::task::spawn_blocking(move || {
                    let mut parsed = Vec::new();
                    parse_input(&input, &limits, &mut |r| parsed.push(r));
                    (parsed, input.origin)
                })
                .await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
                for item in parsed {
                    match item {
                        Ok((name, report)) => store_report(store, &name, &report, counts).await?,
                        Err(rejection) => counts.rejected.push(rejection),
                    }
                }
            }
            Err(rejected) => {
                let name = imap.url().message_url(imap.uid_validity(), uid);
                counts.rejected.push(Rejection::new(name, &rejected));
            }
        }
        imap.mark_processed(uid, move_to).await?;
        counts.inputs += 1;
        progress(counts);
    }
    Ok(())
}
