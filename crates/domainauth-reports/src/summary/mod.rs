//! Summaries of stored reports: volume, authentication and alignment
//! rates, dispositions, and the failing sources ranked by volume with each
//! one's likely cause and fix.
//!
//! - [`Summary`]: add the stored records one at a time, give the reverse
//!   DNS of the failing sources ([`Summary::set_ptr`]), then
//!   [`Summary::finish`] into a [`SummaryReport`].
//! - [`classify()`]: the [`Cause`] of one source's failures and the findings
//!   that explain it, in the diagnosis catalogue `verify` uses.
//! - [`stats`]: the counts kept per source.

pub mod classify;
mod report;
pub mod stats;

pub use classify::{Cause, Context, SourceVerdict, classify};
pub use report::{
    FailingSource, GroupBy, GroupRow, Rate, Rates, Summary, SummaryOptions, SummaryReport, Tally,
    Totals, UnknownGroupBy,
};
pub use stats::{PtrInfo, ReportContext, SourceStats, StoredRecord};
