//! A fast hasher for the crate's internal maps of names and record texts.
//!
//! Keys are DNS names and record texts that come from zone data or DNS
//! answers the caller already trusts to be finite; SipHash's resistance to
//! hash flooding buys nothing there and costs a measurable share of an SPF
//! evaluation. This is FNV-1a (64-bit).

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64-bit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// `HashMap`/`HashSet` builder using [`Fnv`].
pub(crate) type FnvBuild = BuildHasherDefault<Fnv>;
