//! Raw deflate (RFC 1951) decoding in bounded chunks: each chunk is
//! admitted by the [`Budget`] before it is kept.

use flate2::{Decompress, FlushDecompress, Status};

use super::budget::Budget;
use super::error::{ContainerError, Format};

/// Output is produced this many bytes at a time; a refused chunk is the
/// most a bomb gets past the caps.
pub(crate) const CHUNK: usize = 64 << 10;

/// Where a deflate stream sits, for error offsets and caps.
pub(crate) struct Stream {
    /// The container whose data this is (gzip member or zip entry).
    pub format: Format,
    /// Offset of the stream's first byte within the container.
    pub at: u64,
    /// Compressed bytes already consumed for this payload (earlier gzip
    /// members), for the ratio cap.
    pub compressed_before: u64,
    /// The size the header declares for the whole payload, if any.
    pub declared: Option<u64>,
}

/// Inflates the raw deflate stream at the start of `input`, appending to
/// `out`; returns how many bytes of `input` the stream took.
///
/// The stream must end (final block) within `input`; otherwise the data
/// was cut short ([`ContainerError::Truncated`]).
pub(crate) fn inflate_into(
    input: &[u8],
    stream: &Stream,
    out: &mut Vec<u8>,
    budget: &mut Budget,
) -> Result<usize, ContainerError> {
    let mut decoder = Decompress::new(false);
    let mut buf = vec![0u8; CHUNK];
    let declared = stream.declared.map(|d| (stream.format, d));
    loop {
        let pos = usize::try_from(decoder.total_in()).unwrap_or(usize::MAX);
        let rest = input.get(pos..).unwrap_or_default();
        let before_in = decoder.total_in();
        let before_out = decoder.total_out();
        let status = decoder
            .decompress(rest, &mut buf, FlushDecompress::None)
            .map_err(|_| ContainerError::Corrupt {
                format: stream.format,
                offset: stream.at.saturating_add(decoder.total_in()),
            })?;
        let used = decoder.total_in() - before_in;
        let made = usize::try_from(decoder.total_out() - before_out).unwrap_or(usize::MAX);
        if made > 0 {
            let compressed = stream.compressed_before.saturating_add(decoder.total_in());
            budget.admit(out.len() as u64, made as u64, compressed, declared)?;
            budget.grow(out, made);
            out.extend_from_slice(buf.get(..made).unwrap_or_default());
        }
        match status {
            Status::StreamEnd => {
                return Ok(usize::try_from(decoder.total_in()).unwrap_or(input.len()));
            }
            Status::Ok | Status::BufError if used == 0 && made == 0 => {
                return Err(ContainerError::Truncated {
                    format: stream.format,
                    offset: stream.at.saturating_add(input.len() as u64),
                });
            }
            Status::Ok | Status::BufError => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::DeflateEncoder;

    use super::*;
    use crate::Limits;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream() -> Stream {
        Stream {
            format: Format::Zip,
            at: 100,
            compressed_before: 0,
            declared: None,
        }
    }

    #[test]
    fn round_trip_and_consumed_length() {
        let data = b"<feedback>hello</feedback>".repeat(1000);
        let mut z = deflate(&data);
        let len = z.len();
        z.extend_from_slice(b"trailing");
        let mut out = Vec::new();
        let mut budget = Budget::new(&Limits::default());
        let used = inflate_into(&z, &stream(), &mut out, &mut budget).unwrap();
        assert_eq!(used, len);
        assert_eq!(out, data);
        assert_eq!(budget.inflated(), data.len() as u64);
    }

    #[test]
    fn every_cut_is_truncated_not_a_short_payload() {
        let data: Vec<u8> = (0..2_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let z = deflate(&data);
        for cut in 0..z.len() {
            let mut out = Vec::new();
            let mut budget = Budget::new(&Limits::default());
            let err = inflate_into(&z[..cut], &stream(), &mut out, &mut budget).unwrap_err();
            assert!(
                matches!(
                    err,
                    ContainerError::Truncated { .. } | ContainerError::Corrupt { .. }
                ),
                "cut {cut}: {err:?}"
            );
        }
    }

    #[test]
    fn declared_size_stops_early() {
        let data = vec![7u8; 1 << 20];
        let z = deflate(&data);
        let mut out = Vec::new();
        let mut budget = Budget::new(&Limits::default());
        let s = Stream {
            declared: Some(1000),
            ..stream()
        };
        let err = inflate_into(&z, &s, &mut out, &mut budget).unwrap_err();
        assert_eq!(
            err,
            ContainerError::SizeExceeded {
                format: Format::Zip,
                declared: 1000
            }
        );
        assert!(out.len() <= 1000);
    }
}
