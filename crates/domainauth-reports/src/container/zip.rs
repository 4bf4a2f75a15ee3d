//! zip archives (PKWARE APPNOTE.TXT 6.3.10), read entry by entry within a
//! [`Budget`].
//!
//! A small reader of our own rather than a general zip library: nothing is
//! read or allocated for an entry past [`Limits::max_zip_entries`], no
//! buffer is sized by a header's declared size, an entry whose data
//! overlaps another's is refused, and an archive cut short still gives the
//! entries before the cut (from their local headers). Stored (0) and
//! deflate (8) entries are read; those are what reports use.

use std::borrow::Cow;
use std::ops::Range;

use flate2::Crc;

use super::budget::Budget;
use super::error::{ContainerError, ContainerNote, Format};
use super::inflate::{Stream, inflate_into};
use crate::Limits;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;
/// APPNOTE §4.3.16: the end of central directory record, without comment.
const EOCD_LEN: usize = 22;
/// APPNOTE §4.3.12: the fixed part of a central directory header.
const CENTRAL_LEN: usize = 46;
/// APPNOTE §4.3.7: the fixed part of a local file header.
const LOCAL_LEN: usize = 30;
/// General purpose flag bit 0: encrypted (APPNOTE §4.4.4).
const FLAG_ENCRYPTED: u16 = 0x0001;
/// General purpose flag bit 3: sizes and CRC follow the data in a data
/// descriptor (APPNOTE §4.4.4, §4.3.9).
const FLAG_DESCRIPTOR: u16 = 0x0008;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATE: u16 = 8;

/// The zip's magic: a local file header's signature.
pub(crate) const MAGIC: [u8; 4] = LOCAL_SIG.to_le_bytes();
/// An empty zip is only an end of central directory record.
pub(crate) const EMPTY_MAGIC: [u8; 4] = EOCD_SIG.to_le_bytes();

/// One entry as read: its name and its data or why it could not be read.
pub(crate) struct Entry<'a> {
    pub name: String,
    pub data: Result<Cow<'a, [u8]>, ContainerError>,
}

/// Reads a zip's entries one at a time, each decoded within the
/// [`Budget`] given to [`Reader::next_entry`].
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    mode: Mode,
    /// Input ranges of the entries read so far (local header to data end).
    used: Vec<Range<u64>>,
    count: usize,
    max: usize,
    /// What was tolerated.
    pub notes: Vec<ContainerNote>,
    /// An error about the archive as a whole (too many entries, a corrupt
    /// directory), found after the entries that could be read.
    pub error: Option<ContainerError>,
}

enum Mode {
    /// Following the central directory.
    Directory {
        at: usize,
        remaining: u64,
        shift: i64,
    },
    /// Walking local headers from the start (no central directory).
    Local {
        at: usize,
    },
    Done,
}

impl<'a> Reader<'a> {
    /// A reader of the zip `data`.
    pub(crate) fn new(data: &'a [u8], limits: &Limits) -> Self {
        let (mode, notes) = match find_directory(data) {
            Some(dir) => (
                Mode::Directory {
                    at: dir.start,
                    remaining: dir.entries,
                    shift: dir.shift,
                },
                Vec::new(),
            ),
            None => (
                Mode::Local { at: 0 },
                vec![ContainerNote::ZipDirectoryMissing],
            ),
        };
        Self {
            data,
            mode,
            used: Vec::new(),
            count: 0,
            max: limits.max_zip_entries,
            notes,
            error: None,
        }
    }

    /// The next entry, or `None` when there is none left (or the archive
    /// cannot be read further: see [`Reader::error`]).
    pub(crate) fn next_entry(&mut self, budget: &mut Budget) -> Option<Entry<'a>> {
        loop {
            let entry = match self.mode {
                Mode::Directory {
                    at,
                    remaining,
                    shift,
                } => self.next_central(at, remaining, shift, budget),
                Mode::Local { at } => self.next_local(at, budget),
                Mode::Done => return None,
            };
            match entry {
                Step::Entry(e) => return Some(e),
                Step::Skip => {}
                Step::End => {
                    self.mode = Mode::Done;
                    return None;
                }
            }
        }
    }

    fn fail(&mut self, error: ContainerError) -> Step<'a> {
        self.error = Some(error);
        Step::End
    }

    fn next_central(
        &mut self,
        at: usize,
        remaining: u64,
        shift: i64,
        budget: &mut Budget,
    ) -> Step<'a> {
        if remaining == 0 {
            return Step::End;
        }
        if self.count >= self.max {
            return self.fail(ContainerError::ZipTooManyEntries { limit: self.max });
        }
        let data = self.data;
        let Some((central, next)) = central_at(data, at) else {
            return self.fail(corrupt_or_truncated(data, at, CENTRAL_LEN));
        };
        self.count += 1;
        self.mode = Mode::Directory {
            at: next,
            remaining: remaining - 1,
            shift,
        };
        if central.name.ends_with('/') && central.size == 0 {
            return Step::Skip;
        }
        let local = i64::try_from(central.local)
            .ok()
            .and_then(|l| l.checked_add(shift))
            .and_then(|l| usize::try_from(l).ok());
        let result = match local {
            Some(local) => entry_data(data, local, &central, &mut self.used, budget),
            None => Err(ContainerError::Corrupt {
                format: Format::Zip,
                offset: central.local,
            }),
        };
        Step::Entry(Entry {
            name: central.name,
            data: result,
        })
    }

    /// Without a central directory (the archive was cut short), walks the
    /// local headers from the start (APPNOTE §4.3.6) until one is missing.
    fn next_local(&mut self, at: usize, budget: &mut Budget) -> Step<'a> {
        let data = self.data;
        if u32_at(data, at) != Some(LOCAL_SIG) {
            if self.count == 0 {
                self.notes.clear();
                return self.fail(ContainerError::ZipUnreadable);
            }
            return Step::End;
        }
        if self.count >= self.max {
            return self.fail(ContainerError::ZipTooManyEntries { limit: self.max });
        }
        self.count += 1;
        let header = (|| {
            Some((
                u16_at(data, at + 6)?,
                u16_at(data, at + 8)?,
                u32_at(data, at + 14)?,
                u32_at(data, at + 18)?,
                u32_at(data, at + 22)?,
                usize::from(u16_at(data, at + 26)?),
                usize::from(u16_at(data, at + 28)?),
            ))
        })();
        let Some((flags, method, crc, compressed, size, name_len, extra_len)) = header else {
            return self.fail(corrupt_or_truncated(data, at, LOCAL_LEN));
        };
        let name_at = at + LOCAL_LEN;
        let Some(raw_name) = data.get(name_at..name_at + name_len) else {
            return self.fail(corrupt_or_truncated(data, name_at, name_len));
        };
        let name = decode_name(raw_name);
        let start = name_at + name_len + extra_len;
        let descriptor = flags & FLAG_DESCRIPTOR != 0;
        let unreadable = if flags & FLAG_ENCRYPTED != 0 || method == 99 {
            Some(ContainerError::ZipEncrypted)
        } else if method != METHOD_STORED && method != METHOD_DEFLATE {
            Some(ContainerError::ZipMethod { method })
        } else if descriptor && method == METHOD_STORED {
            // A stored entry's length is only in the descriptor after it:
            // there is no telling where it ends.
            Some(ContainerError::Corrupt {
                format: Format::Zip,
                offset: at as u64,
            })
        } else {
            None
        };
        if let Some(error) = unreadable {
            // Without its size, where the next entry starts is unknown.
            self.mode = if descriptor {
                Mode::Done
            } else {
                Mode::Local {
                    at: start.saturating_add(compressed as usize),
                }
            };
            return Step::Entry(Entry {
                name,
                data: Err(error),
            });
        }
        let (compressed, declared) = if descriptor {
            (u64::MAX, None)
        } else {
            (u64::from(compressed), Some(u64::from(size)))
        };
        let (bytes, used) = match decode(data, start, compressed, method, declared, budget) {
            Ok(ok) => ok,
            Err(e) => {
                self.mode = Mode::Done;
                return Step::Entry(Entry { name, data: Err(e) });
            }
        };
        let mut next = start + used;
        let (crc, size) = if descriptor {
            // APPNOTE §4.3.9: an optional signature, then CRC-32 and the
            // two sizes (4 bytes each outside zip64).
            if u32_at(data, next) == Some(DESCRIPTOR_SIG) {
                next += 4;
            }
            let (Some(crc), Some(size)) = (u32_at(data, next), u32_at(data, next + 8)) else {
                self.mode = Mode::Done;
                return Step::Entry(Entry {
                    name,
                    data: Err(ContainerError::Truncated {
                        format: Format::Zip,
                        offset: data.len() as u64,
                    }),
                });
            };
            next += 12;
            (crc, u64::from(size))
        } else {
            (crc, u64::from(size))
        };
        self.mode = Mode::Local { at: next };
        Step::Entry(Entry {
            name,
            data: check(&bytes, crc, size).map(|()| bytes),
        })
    }
}

enum Step<'a> {
    Entry(Entry<'a>),
    Skip,
    End,
}

/// What the central directory says about an entry.
struct Central {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    local: u64,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Where the central directory is and how many entries it lists.
struct Directory {
    /// Offset of the first central directory header in `data`.
    start: usize,
    entries: u64,
    /// Added to every offset the archive states: bytes prepended to the
    /// archive (a self-extractor stub) shift everything.
    shift: i64,
}

/// Finds the end of central directory record (APPNOTE §4.3.16), searching
/// back over at most a maximal comment, and the zip64 record it may point
/// to (§4.3.14, §4.3.15).
fn find_directory(data: &[u8]) -> Option<Directory> {
    let last = data.len().checked_sub(EOCD_LEN)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    let eocd = (first..=last)
        .rev()
        .find(|&i| u32_at(data, i) == Some(EOCD_SIG))?;
    let mut entries = u64::from(u16_at(data, eocd + 10)?);
    let mut size = u64::from(u32_at(data, eocd + 12)?);
    let mut offset = u64::from(u32_at(data, eocd + 16)?);
    let mut record = eocd;
    if let Some(locator) = eocd.checked_sub(20)
        && u32_at(data, locator) == Some(ZIP64_LOCATOR_SIG)
        && let Some(at) = u64_at(data, locator + 8).and_then(|a| usize::try_from(a).ok())
        && u32_at(data, at) == Some(ZIP64_EOCD_SIG)
    {
        entries = u64_at(data, at + 32)?;
        size = u64_at(data, at + 40)?;
        offset = u64_at(data, at + 48)?;
        record = at;
    }
    // The directory ends where the record starts; where it says it starts
    // tells how much was prepended.
    let actual_start = (record as u64).checked_sub(size)?;
    let shift = i64::try_from(actual_start).ok()? - i64::try_from(offset).ok()?;
    let start = usize::try_from(actual_start).ok()?;
    if u32_at(data, start) != Some(CENTRAL_SIG) && entries > 0 {
        return None;
    }
    Some(Directory {
        start,
        entries,
        shift,
    })
}

/// An entry name for display. Names without the UTF-8 flag (bit 11,
/// APPNOTE Appendix D) are CP437 in theory; in reports they are ASCII, and
/// names are only shown, so both are read as UTF-8, lossily.
fn decode_name(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw).into_owned()
}

/// Parses the central directory header at `at`; returns it and the offset
/// of the next one.
fn central_at(data: &[u8], at: usize) -> Option<(Central, usize)> {
    if u32_at(data, at)? != CENTRAL_SIG {
        return None;
    }
    let flags = u16_at(data, at + 8)?;
    let method = u16_at(data, at + 10)?;
    let crc = u32_at(data, at + 16)?;
    let mut compressed = u64::from(u32_at(data, at + 20)?);
    let mut size = u64::from(u32_at(data, at + 24)?);
    let name_len = usize::from(u16_at(data, at + 28)?);
    let extra_len = usize::from(u16_at(data, at + 30)?);
    let comment_len = usize::from(u16_at(data, at + 32)?);
    let mut local = u64::from(u32_at(data, at + 42)?);
    let name_at = at + CENTRAL_LEN;
    let name = decode_name(data.get(name_at..name_at + name_len)?);
    let extra = data.get(name_at + name_len..name_at + name_len + extra_len)?;
    // The zip64 extended information extra field (APPNOTE §4.5.3) holds
    // the values whose 32-bit fields are all ones, in this order.
    let mut e = 0usize;
    while e + 4 <= extra.len() {
        let id = u16_at(extra, e)?;
        let len = usize::from(u16_at(extra, e + 2)?);
        let body = extra.get(e + 4..e + 4 + len).unwrap_or_default();
        if id == 0x0001 {
            let mut f = 0usize;
            for field in [&mut size, &mut compressed, &mut local] {
                if *field == u64::from(u32::MAX)
                    && let Some(v) = u64_at(body, f)
                {
                    *field = v;
                    f += 8;
                }
            }
        }
        e += 4 + len;
    }
    let next = name_at + name_len + extra_len + comment_len;
    Some((
        Central {
            name,
            flags,
            method,
            crc,
            compressed,
            size,
            local,
        },
        next,
    ))
}

fn corrupt_or_truncated(data: &[u8], at: usize, need: usize) -> ContainerError {
    if at.saturating_add(need) > data.len() {
        ContainerError::Truncated {
            format: Format::Zip,
            offset: data.len() as u64,
        }
    } else {
        ContainerError::Corrupt {
            format: Format::Zip,
            offset: at as u64,
        }
    }
}

/// The data of the entry whose local header is at `local`, as the central
/// directory describes it.
fn entry_data<'a>(
    data: &'a [u8],
    local: usize,
    central: &Central,
    used: &mut Vec<Range<u64>>,
    budget: &mut Budget,
) -> Result<Cow<'a, [u8]>, ContainerError> {
    if central.flags & FLAG_ENCRYPTED != 0 || central.method == 99 {
        return Err(ContainerError::ZipEncrypted);
    }
    if central.method != METHOD_STORED && central.method != METHOD_DEFLATE {
        return Err(ContainerError::ZipMethod {
            method: central.method,
        });
    }
    if u32_at(data, local) != Some(LOCAL_SIG) {
        return Err(corrupt_or_truncated(data, local, LOCAL_LEN));
    }
    let name_len = usize::from(u16_at(data, local + 26).unwrap_or(0));
    let extra_len = usize::from(u16_at(data, local + 28).unwrap_or(0));
    let start = local + LOCAL_LEN + name_len + extra_len;
    let end = (start as u64).saturating_add(central.compressed);
    // APPNOTE §4.3.6: entries follow one another; data shared by two
    // entries is how overlapping-entry bombs multiply their output.
    let range = local as u64..end.max(start as u64 + 1);
    if used
        .iter()
        .any(|r| r.start < range.end && range.start < r.end)
    {
        return Err(ContainerError::ZipOverlap);
    }
    used.push(range);
    let bytes = decode(
        data,
        start,
        central.compressed,
        central.method,
        Some(central.size),
        budget,
    )?
    .0;
    check(&bytes, central.crc, central.size)?;
    Ok(bytes)
}

/// Decodes `compressed` bytes of `method` data starting at `start`;
/// returns the data and how many input bytes it took. A `compressed` of
/// `None` means unknown (a data descriptor follows): deflate then ends
/// where its stream ends.
fn decode<'a>(
    data: &'a [u8],
    start: usize,
    compressed: u64,
    method: u16,
    declared: Option<u64>,
    budget: &mut Budget,
) -> Result<(Cow<'a, [u8]>, usize), ContainerError> {
    let available = data.get(start..).unwrap_or_default();
    let len = usize::try_from(compressed).unwrap_or(usize::MAX);
    if method == METHOD_STORED {
        let stored = available.get(..len).ok_or(ContainerError::Truncated {
            format: Format::Zip,
            offset: data.len() as u64,
        })?;
        return Ok((Cow::Borrowed(stored), len));
    }
    let input = available.get(..len).unwrap_or(available);
    let mut out = Vec::new();
    let stream = Stream {
        format: Format::Zip,
        at: start as u64,
        compressed_before: 0,
        declared,
    };
    let used = inflate_into(input, &stream, &mut out, budget)?;
    Ok((Cow::Owned(out), used))
}

fn check(bytes: &[u8], crc: u32, size: u64) -> Result<(), ContainerError> {
    if bytes.len() as u64 != size {
        return Err(ContainerError::SizeMismatch {
            format: Format::Zip,
            declared: size,
            actual: bytes.len() as u64,
        });
    }
    let mut sum = Crc::new();
    sum.update(bytes);
    if sum.sum() != crc {
        return Err(ContainerError::Checksum {
            format: Format::Zip,
        });
    }
    Ok(())
}
