//! DMARC aggregate and failure reports and SMTP TLS reports: read them,
//! keep them, and say what they mean.
//!
//! - [`model`]: the typed reports ([`AggregateReport`], [`FailureReport`],
//!   [`TlsReport`]).
//! - [`limits`]: the caps every stage applies to hostile input.
//! - [`explain`]: errors as catalog messages, in English or Japanese.
//! - [`store`]: the reports kept in SQLite or PostgreSQL, idempotently.
//!
//! The parsers are pure (bytes in, typed reports out, no I/O); the
//! containers (gzip, zip, MIME) and sources (files, Maildir, mbox, IMAP),
//! the store (SQLite or PostgreSQL through sqlx) and the summaries build on
//! them.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aggregate;
pub mod container;
mod domain;
pub mod enrich;
pub mod explain;
pub mod failure;
pub mod ingest;
pub mod limits;
pub mod model;
pub mod source;
pub mod store;
pub mod summary;
pub mod tlsrpt;

pub use explain::Explain;
pub use limits::Limits;
pub use model::{AggregateReport, FailureReport, Report, ReportKey, TlsReport};
