//! The decompression budget of one input: every byte a decoder produces is
//! admitted here first, so a bomb is refused before its output exists.

use super::error::{ContainerError, Format};
use crate::Limits;

/// Counts what one input's decoders produce and refuses a chunk that would
/// pass a cap of [`Limits`]:
///
/// - [`Limits::max_decompressed`] per payload,
/// - [`Limits::max_ratio`] (decompressed / compressed, once past
///   [`Limits::ratio_floor`]) per payload,
/// - [`Limits::max_total_decompressed`] over the whole input,
/// - the size the container's header declares, when it declares one.
///
/// Decoders never allocate by a declared size: output grows only by
/// admitted chunks, so what a refused bomb cost is [`Budget::inflated`]
/// (at most the caps), not what it would have expanded to.
///
/// ```
/// use domainauth_reports::Limits;
/// use domainauth_reports::container::Budget;
///
/// let budget = Budget::new(&Limits::default());
/// assert_eq!(budget.inflated(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Limits,
    inflated: u64,
}

impl Budget {
    /// A fresh budget for one input.
    pub fn new(limits: &Limits) -> Self {
        Self {
            limits: *limits,
            inflated: 0,
        }
    }

    /// Bytes decompressed so far for this input, refused payloads included.
    pub fn inflated(&self) -> u64 {
        self.inflated
    }

    /// Admits `chunk` more bytes into a payload that holds `out` bytes so
    /// far, decoded from `compressed` bytes, whose header declares
    /// `declared` bytes (if it declares a size).
    pub(crate) fn admit(
        &mut self,
        out: u64,
        chunk: u64,
        compressed: u64,
        declared: Option<(Format, u64)>,
    ) -> Result<(), ContainerError> {
        let after = out.saturating_add(chunk);
        if let Some((format, declared)) = declared
            && after > declared
        {
            return Err(ContainerError::SizeExceeded { format, declared });
        }
        if after > self.limits.max_decompressed {
            return Err(ContainerError::TooLarge {
                limit: self.limits.max_decompressed,
            });
        }
        if after > self.limits.ratio_floor
            && after > compressed.saturating_mul(self.limits.max_ratio)
        {
            return Err(ContainerError::RatioTooHigh {
                limit: self.limits.max_ratio,
            });
        }
        let total = self.inflated.saturating_add(chunk);
        if total > self.limits.max_total_decompressed {
            return Err(ContainerError::TotalTooLarge {
                limit: self.limits.max_total_decompressed,
            });
        }
        self.inflated = total;
        Ok(())
    }

    /// Room to reserve in a payload buffer holding `len` bytes for `chunk`
    /// more: doubling, as `Vec` does, but never past the payload cap, so a
    /// buffer's capacity stays within [`Limits::max_decompressed`].
    pub(crate) fn grow(&self, buf: &mut Vec<u8>, chunk: usize) {
        let need = buf.len().saturating_add(chunk);
        if need <= buf.capacity() {
            return;
        }
        let cap = usize::try_from(self.limits.max_decompressed).unwrap_or(usize::MAX);
        let target = buf
            .capacity()
            .saturating_mul(2)
            .max(need)
            .min(cap.max(need));
        buf.reserve_exact(target - buf.len());
    }
}
