//! A bounded cache of parsed records, keyed by the record text.
//!
//! A receiving server sees the same few records (its big senders' includes)
//! again and again; parsing each once saves most of the allocation work of
//! an evaluation. Syntax errors are cached too: they are as deterministic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::record::{Record, RecordError};
use crate::dns::hash::FastBuild;

/// The outcome of parsing one record text.
pub(crate) type Parsed = Arc<Result<Record, RecordError>>;

pub(crate) struct RecordCache {
    capacity: usize,
    entries: Mutex<HashMap<Box<str>, Parsed, FastBuild>>,
}

impl RecordCache {
    /// A cache of at most `capacity` records; 0 disables it.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(HashMap::default()),
        }
    }

    /// The parsed record for `text`, from the cache or parsed now.
    pub(crate) fn parse(&self, text: &str) -> Parsed {
        if self.capacity == 0 {
            return Arc::new(Record::parse(text));
        }
        if let Ok(entries) = self.entries.lock()
            && let Some(hit) = entries.get(text)
        {
            return Arc::clone(hit);
        }
        let parsed = Arc::new(Record::parse(text));
        if let Ok(mut entries) = self.entries.lock() {
            // Bounded without bookkeeping: start over when full.
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(text.into(), Arc::clone(&parsed));
        }
        parsed
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }
}

impl Clone for RecordCache {
    /// A clone starts with an empty cache of the same capacity.
    fn clone(&self) -> Self {
        Self::new(self.capacity)
    }
}

impl std::fmt::Debug for RecordCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordCache")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_successes_and_errors_and_stays_bounded() {
        let cache = RecordCache::new(2);
        let a = cache.parse("v=spf1 -all");
        let b = cache.parse("v=spf1 -all");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(cache.parse("v=spf1 foo").is_err());
        assert_eq!(cache.len(), 2);
        cache.parse("v=spf1 +all");
        assert!(cache.len() <= 2);
        let off = RecordCache::new(0);
        assert!(!Arc::ptr_eq(
            &off.parse("v=spf1 -all"),
            &off.parse("v=spf1 -all")
        ));
    }
}
