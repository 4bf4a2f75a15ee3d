//! gzip (RFC 1952): members of a header, a raw deflate stream and a
//! trailer (CRC-32 and size), decoded within a [`Budget`].

use flate2::Crc;

use super::budget::Budget;
use super::error::{ContainerError, ContainerNote, Format};
use super::inflate::{Stream, inflate_into};

/// The two magic bytes every member starts with (RFC 1952 §2.3.1).
pub(crate) const MAGIC: [u8; 2] = [0x1f, 0x8b];

const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
/// Reserved flag bits: RFC 1952 §2.3.1.2 says a decoder must give an error
/// when any is set.
const FRESERVED: u8 = 0xe0;

/// A decoded gzip file.
#[derive(Debug)]
pub struct Gunzipped {
    /// The decompressed data of every member, in order.
    pub bytes: Vec<u8>,
    /// What was tolerated (bytes after the last member).
    pub notes: Vec<ContainerNote>,
}

/// Decodes `data`, a gzip file of one or more members (RFC 1952 §2.2),
/// within `budget`.
///
/// Errors name the byte offset: a header or stream cut short is
/// [`ContainerError::Truncated`], a broken one [`ContainerError::Corrupt`],
/// a trailer that does not match the data [`ContainerError::Checksum`] or
/// [`ContainerError::SizeMismatch`]. Bytes after the last member that do
/// not start another member are ignored and noted.
///
/// ```
/// use std::io::Write;
/// use domainauth_reports::Limits;
/// use domainauth_reports::container::{Budget, gunzip};
///
/// let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
/// e.write_all(b"<feedback/>").unwrap();
/// let gz = e.finish().unwrap();
/// let mut budget = Budget::new(&Limits::default());
/// assert_eq!(gunzip(&gz, &mut budget).unwrap().bytes, b"<feedback/>");
/// ```
pub fn gunzip(data: &[u8], budget: &mut Budget) -> Result<Gunzipped, ContainerError> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut pos = 0usize;
    let mut compressed = 0u64;
    loop {
        let start = header_end(data, pos)?;
        let member_start = out.len();
        let stream = Stream {
            format: Format::Gzip,
            at: start as u64,
            compressed_before: compressed,
            declared: None,
        };
        let used = inflate_into(
            data.get(start..).unwrap_or_default(),
            &stream,
            &mut out,
            budget,
        )?;
        let trailer_at = start.saturating_add(used);
        let trailer = data.get(trailer_at..trailer_at.saturating_add(8)).ok_or(
            ContainerError::Truncated {
                format: Format::Gzip,
                offset: data.len() as u64,
            },
        )?;
        let member = out.get(member_start..).unwrap_or_default();
        let mut crc = Crc::new();
        crc.update(member);
        if crc.sum() != le32(trailer, 0) {
            return Err(ContainerError::Checksum {
                format: Format::Gzip,
            });
        }
        // ISIZE is the size modulo 2^32 (RFC 1952 §2.3.1).
        let isize = u64::from(le32(trailer, 4));
        if isize != (member.len() as u64) & 0xffff_ffff {
            return Err(ContainerError::SizeMismatch {
                format: Format::Gzip,
                declared: isize,
                actual: member.len() as u64,
            });
        }
        compressed = compressed.saturating_add(used as u64 + (start - pos) as u64 + 8);
        pos = trailer_at + 8;
        let rest = data.get(pos..).unwrap_or_default();
        if rest.is_empty() {
            break;
        }
        if !rest.starts_with(&MAGIC) {
            notes.push(ContainerNote::TrailingData {
                format: Format::Gzip,
                count: rest.len() as u64,
            });
            break;
        }
    }
    Ok(Gunzipped { bytes: out, notes })
}

fn le32(b: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        word.copy_from_slice(s);
    }
    u32::from_le_bytes(word)
}

/// The offset of the deflate stream of the member whose header starts at
/// `pos` (RFC 1952 §2.3).
fn header_end(data: &[u8], pos: usize) -> Result<usize, ContainerError> {
    let truncated = ContainerError::Truncated {
        format: Format::Gzip,
        offset: data.len() as u64,
    };
    let corrupt = |at: usize| ContainerError::Corrupt {
        format: Format::Gzip,
        offset: at as u64,
    };
    let fixed = data.get(pos..pos + 10).ok_or(truncated.clone())?;
    // CM = 8 (deflate) is the only method RFC 1952 §2.3.1 defines.
    if fixed[..2] != MAGIC || fixed[2] != 8 {
        return Err(corrupt(pos));
    }
    let flags = fixed[3];
    if flags & FRESERVED != 0 {
        return Err(corrupt(pos + 3));
    }
    let mut at = pos + 10;
    if flags & FEXTRA != 0 {
        let xlen = data.get(at..at + 2).ok_or(truncated.clone())?;
        let xlen = usize::from(u16::from_le_bytes([xlen[0], xlen[1]]));
        at += 2 + xlen;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = data.get(at..).ok_or(truncated.clone())?;
            let nul = memchr::memchr(0, rest).ok_or(truncated.clone())?;
            at += nul + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    if at > data.len() {
        return Err(truncated);
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;
    use crate::Limits;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn budget() -> Budget {
        Budget::new(&Limits::default())
    }

    #[test]
    fn members_are_concatenated() {
        let mut data = gz(b"<feed");
        data.extend(gz(b"back/>"));
        assert_eq!(gunzip(&data, &mut budget()).unwrap().bytes, b"<feedback/>");
    }

    #[test]
    fn header_fields_are_skipped() {
        let mut e = flate2::GzBuilder::new()
            .filename("report.xml")
            .comment("a comment")
            .extra(vec![1, 2, 3])
            .write(Vec::new(), Compression::default());
        e.write_all(b"<feedback/>").unwrap();
        let data = e.finish().unwrap();
        assert_eq!(gunzip(&data, &mut budget()).unwrap().bytes, b"<feedback/>");
    }

    #[test]
    fn trailing_bytes_are_noted() {
        let mut data = gz(b"<feedback/>");
        data.extend([0u8; 7]);
        let got = gunzip(&data, &mut budget()).unwrap();
        assert_eq!(got.bytes, b"<feedback/>");
        assert_eq!(
            got.notes,
            [ContainerNote::TrailingData {
                format: Format::Gzip,
                count: 7
            }]
        );
    }

    #[test]
    fn a_wrong_crc_or_size_is_refused() {
        let mut data = gz(b"<feedback/>");
        let n = data.len();
        data[n - 8] ^= 1;
        assert_eq!(
            gunzip(&data, &mut budget()).unwrap_err(),
            ContainerError::Checksum {
                format: Format::Gzip
            }
        );
        data[n - 8] ^= 1;
        data[n - 4] ^= 1;
        assert!(matches!(
            gunzip(&data, &mut budget()).unwrap_err(),
            ContainerError::SizeMismatch { actual: 11, .. }
        ));
    }

    #[test]
    fn reserved_flags_are_refused() {
        let mut data = gz(b"x");
        data[3] |= 0x20;
        assert_eq!(
            gunzip(&data, &mut budget()).unwrap_err(),
            ContainerError::Corrupt {
                format: Format::Gzip,
                offset: 3
            }
        );
    }
}
