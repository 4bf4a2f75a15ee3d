//! Ingest: inputs (files, mails, mailbox messages) → payloads → typed
//! reports → the store, with counts for every outcome.
//!
//! Reading, decompressing and parsing run on a blocking thread; the store
//! is written on the async side, fed through a bounded channel, so
//! parsing and writing overlap and only a bounded number of parsed reports
//! are held in memory at once whatever the corpus size: at most
//! 128 of them, and at most [`Limits::max_decompressed`] bytes of
//! them (estimated) besides the one the store is writing. The store side
//! writes the aggregate reports waiting in the channel together, in one
//! transaction (each report still whole or not at all). A rejected file
//! or payload is counted with its reason and the batch goes on; so is a
//! report the store refuses for its content (a count beyond what the
//! database holds); a report already stored is counted as a duplicate and
//! left as it was.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use serde::Serialize;
use tokio::sync::mpsc;

use crate::container::{self, Payload, PayloadKind};
use crate::explain::Explain;
use crate::limits::Limits;
use crate::model::{AggregateReport, Report};
use crate::source::{self, Input};
use crate::store::{Inserted, Store, StoreError};
use crate::{aggregate, failure, tlsrpt};

/// Items (parsed reports, refusals, ends of inputs) waiting for the store,
/// at most: enough for the store side to write many small reports in one
/// transaction when parsing runs ahead of it.
const QUEUE: usize = 128;

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
    /// Inputs and payloads refused, each with its reason: the first
    /// [`Counts::MAX_LISTED`]; the others are only counted in
    /// [`Counts::rejected_unlisted`] (a mailbox of a million spam messages
    /// must not hold a million reasons in memory).
    pub rejected: Vec<Rejection>,
    /// Inputs and payloads refused beyond the [`Counts::MAX_LISTED`] in
    /// [`Counts::rejected`].
    pub rejected_unlisted: u64,
    /// The source IPs of the failing records of the aggregate reports
    /// stored (for reverse DNS), at most [`Counts::MAX_LOOKUPS`].
    #[serde(skip)]
    pub sources: std::collections::BTreeSet<std::net::IpAddr>,
}

impl Counts {
    /// Most rejections [`Counts::rejected`] lists.
    pub const MAX_LISTED: usize = 1000;

    /// Most source IPs one ingest looks up ([`Counts::sources`]); a later
    /// `summary --lookup` fills in the rest.
    pub const MAX_LOOKUPS: usize = 10_000;

    /// Inputs and payloads refused, listed or not.
    pub fn refused(&self) -> u64 {
        (self.rejected.len() as u64).saturating_add(self.rejected_unlisted)
    }

    /// Counts a refusal, and lists it while fewer than
    /// [`Counts::MAX_LISTED`] are.
    pub fn reject(&mut self, rejection: Rejection) {
        if self.rejected.len() < Self::MAX_LISTED {
            self.rejected.push(rejection);
        } else {
            self.rejected_unlisted = self.rejected_unlisted.saturating_add(1);
        }
    }

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
    Report {
        name: String,
        report: Box<Report>,
        /// Its [`approx_size`], held in the [`InFlight`] budget until it
        /// is stored.
        size: u64,
    },
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
    container::extract(&name, &input.bytes, limits, &mut |item| {
        emit_parsed(item, limits, emit)
    });
}

/// [`parse_input`] of an input given away: a report file is parsed from
/// the input's own bytes, not from a copy.
pub fn parse_owned_input(
    input: Input,
    limits: &Limits,
    emit: &mut dyn FnMut(Result<(String, Report), Rejection>),
) {
    let name = input.origin.label();
    container::extract_owned(&name, input.bytes, limits, &mut |item| {
        emit_parsed(item, limits, emit)
    });
}

fn emit_parsed(
    item: Result<container::Payload, container::Rejected>,
    limits: &Limits,
    emit: &mut dyn FnMut(Result<(String, Report), Rejection>),
) {
    match item {
        Ok(payload) => {
            let parsed = parse_payload(&payload, limits);
            // The payload's bytes are freed before the report goes on.
            let container::Payload { name, .. } = payload;
            emit(parsed.map(|r| (name, r)));
        }
        Err(rejected) => emit(Err(Rejection::new(rejected.name, &rejected.error))),
    }
}

/// Stores one parsed report and counts the outcome. A report the store
/// refuses for what it holds ([`StoreError::TooLarge`]: a count beyond
/// 2^63 − 1) is counted as rejected, with that reason, and nothing of it is
/// stored; only a failing database is an error.
pub async fn store_report(
    store: &Store,
    name: &str,
    report: &Report,
    counts: &mut Counts,
) -> Result<(), StoreError> {
    let outcome = match report {
        Report::Aggregate(r) => store.insert_aggregate(r, name).await,
        Report::Failure(r) => store.insert_failure(r, name).await,
        Report::Tls(r) => store.insert_tls(r, name).await,
    };
    count_outcome(name, report, outcome, counts)
}

/// Counts what storing `report` did (see [`store_report`]).
fn count_outcome(
    name: &str,
    report: &Report,
    outcome: Result<Inserted, StoreError>,
    counts: &mut Counts,
) -> Result<(), StoreError> {
    let inserted = match outcome {
        Ok(inserted) => inserted,
        Err(e @ StoreError::TooLarge { .. }) => {
            counts.reject(Rejection::new(name, &e));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let stored = matches!(inserted, Inserted::Stored(_));
    match report {
        Report::Aggregate(r) if stored => {
            counts.aggregate_stored += 1;
            // Reverse DNS serves the summary's causes, which only failing
            // sources get; the set is capped so that one forged report
            // cannot order a million lookups.
            for rec in r.records.iter().filter(|rec| !rec.evaluated.dmarc_pass()) {
                if counts.sources.len() >= Counts::MAX_LOOKUPS {
                    break;
                }
                counts.sources.insert(rec.source_ip);
            }
            counts.records += r.records.len() as u64;
            counts.messages = counts.messages.saturating_add(r.message_count());
        }
        Report::Aggregate(_) => counts.aggregate_duplicates += 1,
        Report::Failure(_) if stored => counts.failure_stored += 1,
        Report::Failure(_) => counts.failure_duplicates += 1,
        Report::Tls(_) if stored => counts.tls_stored += 1,
        Report::Tls(_) => counts.tls_duplicates += 1,
    }
    Ok(())
}

/// Ingests files, folders, Maildirs and mboxes into `store`. `progress`
/// is called after every input with the counts so far. A store error
/// (the database went away) stops the ingest; everything stored before it
/// stays. The counts of what was done before the error are lost with it:
/// [`ingest_paths_into`] keeps them.
pub async fn ingest_paths(
    store: &Store,
    paths: Vec<PathBuf>,
    limits: Limits,
    progress: &mut (dyn FnMut(&Counts) + Send),
) -> Result<Counts, StoreError> {
    let mut counts = Counts::default();
    ingest_paths_into(store, paths, limits, &mut counts, progress).await?;
    Ok(counts)
}

/// [`ingest_paths`], adding to `counts`: when a store error stops the
/// ingest, `counts` still says what was read, stored and refused before
/// it, so that the caller can report it with the error.
pub async fn ingest_paths_into(
    store: &Store,
    paths: Vec<PathBuf>,
    limits: Limits,
    counts: &mut Counts,
    progress: &mut (dyn FnMut(&Counts) + Send),
) -> Result<(), StoreError> {
    let (tx, mut rx) = mpsc::channel::<Parsed>(QUEUE);
    let in_flight = Arc::new(InFlight::new(limits.max_decompressed));
    // However the store side ends (done, or a database error), a reader
    // waiting for room is let go.
    let _close = CloseOnDrop(Arc::clone(&in_flight));
    let gate = Arc::clone(&in_flight);
    let reader = tokio::task::spawn_blocking(move || {
        for item in source::walk(&paths, &limits) {
            match item {
                Ok(input) => {
                    let mut closed = false;
                    parse_owned_input(input, &limits, &mut |result| {
                        if closed {
                            return;
                        }
                        let parsed = match result {
                            Ok((name, report)) => {
                                let size = approx_size(&report);
                                if !gate.acquire(size) {
                                    closed = true;
                                    return;
                                }
                                Parsed::Report {
                                    name,
                                    report: Box::new(report),
                                    size,
                                }
                            }
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
    // Aggregate reports waiting in the queue are written together, in one
    // transaction (see `Batch`); what comes after them is counted once
    // they are stored, so progress never counts a report not yet written.
    let mut events: Vec<Parsed> = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut batch = Batch::default();
        batch.add(&first);
        events.push(first);
        while !batch.full() {
            match rx.try_recv() {
                Ok(parsed) => {
                    batch.add(&parsed);
                    events.push(parsed);
                }
                Err(_) => break,
            }
        }
        let written = store_events(store, &mut events, counts, progress).await;
        in_flight.release(batch.bytes);
        written?;
    }
    // The reader ends when the sources are exhausted; a panic there is a
    // bug, reported as such rather than hidden.
    if let Err(e) = reader.await
        && e.is_panic()
    {
        std::panic::resume_unwind(e.into_panic());
    }
    Ok(())
}

/// The aggregate reports taken from the queue to be written in one
/// transaction: as many as are waiting, up to [`Batch::MAX_REPORTS`]
/// reports or [`Batch::MAX_RECORDS`] records. The store side never waits
/// for a batch to fill (the reader may be waiting for room in the
/// [`InFlight`] budget): when the queue is empty, what it has is written.
#[derive(Default)]
struct Batch {
    reports: usize,
    records: usize,
    /// The [`approx_size`] of every report taken, released once written.
    bytes: u64,
}

impl Batch {
    const MAX_REPORTS: usize = 64;
    const MAX_RECORDS: usize = 8192;

    fn add(&mut self, parsed: &Parsed) {
        if let Parsed::Report { report, size, .. } = parsed {
            self.reports += 1;
            self.bytes += size;
            if let Report::Aggregate(r) = report.as_ref() {
                self.records += r.records.len();
            }
        }
    }

    fn full(&self) -> bool {
        self.reports >= Self::MAX_REPORTS || self.records >= Self::MAX_RECORDS
    }
}

/// Stores the reports among `events` (the aggregate ones in one
/// transaction) and then counts every event in order, calling `progress`
/// after each input. `events` is left empty.
async fn store_events(
    store: &Store,
    events: &mut Vec<Parsed>,
    counts: &mut Counts,
    progress: &mut (dyn FnMut(&Counts) + Send),
) -> Result<(), StoreError> {
    let aggregates: Vec<(&AggregateReport, &str)> = events
        .iter()
        .filter_map(|event| match event {
            Parsed::Report { name, report, .. } => match report.as_ref() {
                Report::Aggregate(r) => Some((r, name.as_str())),
                _ => None,
            },
            _ => None,
        })
        .collect();
    // When the batch fails, its reports are written again one at a time,
    // in order, so that those before the one the database refuses are
    // stored and counted, as without batching.
    let mut outcomes = store
        .insert_aggregates(&aggregates)
        .await
        .ok()
        .map(Vec::into_iter);
    drop(aggregates);
    for event in events.drain(..) {
        match event {
            Parsed::InputDone => {
                counts.inputs += 1;
                progress(counts);
            }
            Parsed::Report { name, report, .. } => {
                let outcome = match report.as_ref() {
                    Report::Aggregate(r) => match outcomes.as_mut().and_then(Iterator::next) {
                        Some(outcome) => outcome,
                        None => store.insert_aggregate(r, &name).await,
                    },
                    Report::Failure(r) => store.insert_failure(r, &name).await,
                    Report::Tls(r) => store.insert_tls(r, &name).await,
                };
                count_outcome(&name, &report, outcome, counts)?;
            }
            Parsed::Rejected(rejection) => counts.reject(rejection),
        }
    }
    Ok(())
}

/// The bytes of parsed reports handed from the reader to the store side
/// and not stored yet. The reader waits while one more would pass the
/// budget; a report is always let through when nothing else is in flight,
/// however large, so the ingest never stalls.
struct InFlight {
    /// Bytes in flight, and whether the store side has gone.
    state: Mutex<(u64, bool)>,
    freed: Condvar,
    budget: u64,
}

impl InFlight {
    fn new(budget: u64) -> Self {
        Self {
            state: Mutex::new((0, false)),
            freed: Condvar::new(),
            budget,
        }
    }

    /// Waits until `size` more bytes fit, and counts them in; false when
    /// the store side has gone (nothing is counted then).
    fn acquire(&self, size: u64) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !state.1 && state.0 > 0 && state.0.saturating_add(size) > self.budget {
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.1 {
            return false;
        }
        state.0 = state.0.saturating_add(size);
        true
    }

    /// `size` bytes were stored (or dropped).
    fn release(&self, size: u64) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 = state.0.saturating_sub(size);
        self.freed.notify_all();
    }

    /// The store side has gone: no waiting any more.
    fn close(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.1 = true;
        self.freed.notify_all();
    }
}

/// Closes an [`InFlight`] when the store side ends, however it ends.
struct CloseOnDrop(Arc<InFlight>);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// About how many bytes a parsed report holds in memory: its structs and
/// its text. An estimate for the in-flight budget, not an exact figure.
fn approx_size(report: &Report) -> u64 {
    use std::mem::size_of;
    fn text(s: &str) -> usize {
        s.len()
    }
    fn opt(s: &Option<String>) -> usize {
        s.as_deref().map_or(0, str::len)
    }
    fn texts(v: &[String]) -> usize {
        v.iter().map(|s| size_of::<String>() + s.len()).sum()
    }
    let bytes = match report {
        Report::Aggregate(r) => {
            let records: usize = r
                .records
                .iter()
                .map(|rec| {
                    let ids = &rec.identifiers;
                    let dkim: usize = rec
                        .dkim
                        .iter()
                        .map(|a| {
                            size_of::<crate::model::DkimAuth>()
                                + text(&a.domain)
                                + opt(&a.selector)
                                + opt(&a.human_result)
                        })
                        .sum();
                    let spf: usize = rec
                        .spf
                        .iter()
                        .map(|a| {
                            size_of::<crate::model::SpfAuth>()
                                + text(&a.domain)
                                + opt(&a.human_result)
                        })
                        .sum();
                    let reasons: usize = rec
                        .evaluated
                        .reasons
                        .iter()
                        .map(|o| {
                            let kind = match &o.kind {
                                crate::model::OverrideKind::Other(s) => s.len(),
                                _ => 0,
                            };
                            size_of::<crate::model::OverrideReason>() + kind + opt(&o.comment)
                        })
                        .sum();
                    size_of::<crate::model::Record>()
                        + text(&ids.header_from)
                        + opt(&ids.envelope_from)
                        + opt(&ids.envelope_to)
                        + dkim
                        + spf
                        + reasons
                })
                .sum();
            let m = &r.metadata;
            size_of::<crate::model::AggregateReport>()
                + records
                + text(&m.org_name)
                + text(&m.email)
                + text(&m.report_id)
                + opt(&m.extra_contact_info)
                + opt(&m.generator)
                + texts(&m.errors)
                + texts(&r.notes)
        }
        Report::Failure(r) => {
            let headers: usize = r
                .original_headers
                .iter()
                .map(|(k, v)| size_of::<(String, String)>() + k.len() + v.len())
                .sum();
            size_of::<crate::model::FailureReport>()
                + headers
                + texts(&r.reported_domains)
                + texts(&r.original_rcpt_to)
                + texts(&r.authentication_results)
                + texts(&r.auth_failure)
                + texts(&r.notes)
                + opt(&r.description)
        }
        Report::Tls(r) => {
            let policies: usize = r
                .policies
                .iter()
                .map(|p| {
                    let failures: usize = p
                        .failures
                        .iter()
                        .map(|f| {
                            size_of::<crate::model::TlsFailureDetail>()
                                + text(&f.result_type)
                                + opt(&f.receiving_mx_hostname)
                                + opt(&f.receiving_mx_helo)
                                + opt(&f.additional_information)
                                + opt(&f.failure_reason_code)
                        })
                        .sum();
                    size_of::<crate::model::TlsPolicyResult>()
                        + text(&p.policy_type)
                        + text(&p.policy_domain)
                        + texts(&p.policy_strings)
                        + texts(&p.mx_hosts)
                        + failures
                })
                .sum();
            size_of::<crate::model::TlsReport>()
                + policies
                + text(&r.organization_name)
                + text(&r.report_id)
                + texts(&r.notes)
        }
    };
    bytes as u64
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
                let (parsed, ()) = tokio::task::spawn_blocking(move || {
                    let mut parsed = Vec::new();
                    parse_owned_input(input, &limits, &mut |r| parsed.push(r));
                    (parsed, ())
                })
                .await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
                for item in parsed {
                    match item {
                        Ok((name, report)) => store_report(store, &name, &report, counts).await?,
                        Err(rejection) => counts.reject(rejection),
                    }
                }
            }
            Err(rejected) => {
                let name = imap.url().message_url(imap.uid_validity(), uid);
                counts.reject(Rejection::new(name, &rejected));
            }
        }
        imap.mark_processed(uid, move_to).await?;
        counts.inputs += 1;
        progress(counts);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever the sizes, the bytes in flight stay within the budget,
        /// or are one report alone (larger than the budget by itself).
        #[test]
        fn in_flight_stays_within_the_budget_or_is_one_report(
            sizes in proptest::collection::vec(0u64..300, 1..60),
            budget in 1u64..400,
        ) {
            let gate = Arc::new(InFlight::new(budget));
            let (tx, rx) = std::sync::mpsc::channel();
            let reader = {
                let gate = Arc::clone(&gate);
                std::thread::spawn(move || {
                    let mut seen = Vec::new();
                    for size in sizes {
                        assert!(gate.acquire(size));
                        seen.push((gate.state.lock().unwrap().0, size));
                        tx.send(size).unwrap();
                    }
                    seen
                })
            };
            for size in rx {
                std::thread::yield_now();
                gate.release(size);
            }
            for (total, size) in reader.join().unwrap() {
                prop_assert!(total <= budget || total == size, "{} in flight, {} last", total, size);
            }
            prop_assert_eq!(gate.state.lock().unwrap().0, 0);
        }
    }

    #[test]
    fn a_reader_waiting_for_room_is_let_go_when_the_store_side_ends() {
        let gate = Arc::new(InFlight::new(10));
        assert!(gate.acquire(10));
        let waiting = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || gate.acquire(1))
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!waiting.is_finished(), "no room: the reader waits");
        drop(CloseOnDrop(Arc::clone(&gate)));
        assert!(
            !waiting.join().unwrap(),
            "closed: nothing more is handed over"
        );
    }
}
