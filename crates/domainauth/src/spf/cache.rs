//! A bounded cache of parsed records, keyed by the record text.
//!
//! A receiving server sees the same few records (its big senders' includes)
//! again and again; parsing each once saves most of the allocation work of
//! an evaluation. Syntax errors are cached too: they are as deterministic.
//!
//! The key is the text itself, not the name it was found at, so an entry
//! can never be stale: DNS answers (and their TTLs) are the resolver's
//! business, and a changed record is a different key. The cache is bounded
//! by [`quick_cache`] (S3-FIFO eviction): a stream of distinct records, as a
//! hostile sender can publish, evicts old entries rather than growing it.

use std::sync::Arc;

use quick_cache::sync::Cache;

use super::record::{Record, RecordError};

/// The outcome of parsing one record text.
pub(crate) type Parsed = Arc<Result<Record, RecordError>>;

pub(crate) struct RecordCache {
    capacity: usize,
    entries: Option<Cache<Box<str>, Parsed>>,
}

impl RecordCache {
    /// A cache of at most `capacity` records; 0 disables it.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: (capacity > 0).then(|| Cache::new(capacity)),
        }
    }

    /// The parsed record for `text`, from the cache or parsed now.
    pub(crate) fn parse(&self, text: &str) -> Parsed {
        let Some(entries) = &self.entries else {
            return Arc::new(Record::parse(text));
        };
        if let Some(hit) = entries.get(text) {
            return hit;
        }
        let parsed = Arc::new(Record::parse(text));
        entries.insert(text.into(), Arc::clone(&parsed));
        parsed
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.as_ref().map_or(0, Cache::len)
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
        let cache = RecordCache::new(16);
        let a = cache.parse("v=spf1 -all");
        let b = cache.parse("v=spf1 -all");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(cache.parse("v=spf1 foo").is_err());
        assert_eq!(cache.len(), 2);
        for n in 0..1000 {
            assert!(
                cache
                    .parse(&format!("v=spf1 ip4:192.0.2.{} -all", n % 256))
                    .is_ok()
            );
            assert!(cache.parse(&format!("v=spf1 a:h{n}.example -all")).is_ok());
        }
        assert!(cache.len() <= 16, "{} entries", cache.len());
        let off = RecordCache::new(0);
        assert!(!Arc::ptr_eq(
            &off.parse("v=spf1 -all"),
            &off.parse("v=spf1 -all")
        ));
    }
}
