//! Summaries of stored reports: volume, authentication and alignment
//! rates, dispositions, and the failing sources ranked by volume with each
//! one's likely cause and fix.

pub mod stats;

pub use stats::{PtrInfo, ReportContext, SourceStats, StoredRecord};
