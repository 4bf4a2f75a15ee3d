//! What can go wrong opening a container ([`ContainerError`]), what was
//! tolerated on the way ([`ContainerNote`]), and the formats content is
//! sniffed as ([`Format`]).

use std::fmt;

use domainauth::escape::escape_controls;

use crate::Explain;

/// A format a report or its wrapping comes in, as sniffed from the content.
///
/// Shown as its media type (`application/gzip` …): a precise name that
/// reads the same in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// gzip (RFC 1952): `.gz` files, `application/gzip`,
    /// `application/tlsrpt+gzip` (RFC 8460 §5.3).
    Gzip,
    /// zip (PKWARE APPNOTE): `.zip` files, `application/zip`.
    Zip,
    /// XML: a DMARC aggregate report (RFC 9990 §3).
    Xml,
    /// JSON: an SMTP TLS report (RFC 8460 §4).
    Json,
    /// A mail message (RFC 5322, with MIME parts of RFC 2045/2046).
    Mail,
}

impl Format {
    /// The format's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Gzip => "application/gzip",
            Self::Zip => "application/zip",
            Self::Xml => "application/xml",
            Self::Json => "application/json",
            Self::Mail => "message/rfc822",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.media_type())
    }
}

/// Why a file, archive entry or attachment gave no report. The rest of the
/// input goes on: one entry's error never stops its siblings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContainerError {
    /// Nothing to read.
    #[error("empty: there is nothing to read")]
    Empty,
    /// The content is none of XML, JSON, gzip, zip or a mail message.
    #[error("not a report: the content is not XML, JSON, gzip, zip or a mail message")]
    NotAReport,
    /// A mail message with no report attachment, not a failure report
    /// itself either.
    #[error("no report in this message")]
    NoReport,
    /// An archive whose entries hold no report.
    #[error("no report in this archive")]
    NoReportInArchive,
    /// The input is larger than [`Limits::max_input`](crate::Limits::max_input).
    #[error("larger than the limit of {limit} bytes")]
    InputTooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// Decompressing would pass
    /// [`Limits::max_decompressed`](crate::Limits::max_decompressed); it
    /// stopped there.
    #[error("expands to more than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// The data expands more than [`Limits::max_ratio`](crate::Limits::max_ratio)
    /// times its compressed size: a compression bomb, stopped early.
    #[error("expands more than {limit} times its compressed size")]
    RatioTooHigh {
        /// The limit (decompressed bytes per compressed byte).
        limit: u64,
    },
    /// The input's archives together expand past
    /// [`Limits::max_total_decompressed`](crate::Limits::max_total_decompressed).
    #[error("the archives of this input expand to more than {limit} bytes in all")]
    TotalTooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// An archive inside an archive inside an archive (a zip in a zip is
    /// read, one more level is not).
    #[error("archive nested too deep: at most {limit} archive inside another is read")]
    NestedTooDeep {
        /// How many levels of nesting are read.
        limit: usize,
    },
    /// MIME parts nested deeper than [`Limits::max_mime_depth`](crate::Limits::max_mime_depth).
    #[error("MIME parts nested more than {limit} levels deep")]
    MimeTooDeep {
        /// The limit.
        limit: usize,
    },
    /// More MIME parts than [`Limits::max_mime_parts`](crate::Limits::max_mime_parts);
    /// the parts after the limit were not read.
    #[error("more than {limit} MIME parts: the rest were not read")]
    MimeTooManyParts {
        /// The limit.
        limit: usize,
    },
    /// The data ends before its format says it does.
    #[error("truncated: the {format} data ends at byte {offset} before it is complete")]
    Truncated {
        /// The container format.
        format: Format,
        /// Where the data ended (bytes from the container's start).
        offset: u64,
    },
    /// The data breaks its format (a bad header, a corrupt deflate stream).
    #[error("corrupt {format} data at byte {offset}")]
    Corrupt {
        /// The container format.
        format: Format,
        /// Where the fault was found (bytes from the container's start).
        offset: u64,
    },
    /// The CRC-32 stored with the data does not match it (RFC 1952 §2.3.1,
    /// APPNOTE §4.4.7).
    #[error("the {format} checksum does not match the data")]
    Checksum {
        /// The container format.
        format: Format,
    },
    /// The data is shorter than the size its header declares.
    #[error("the {format} data is {actual} bytes long but its header says {declared}")]
    SizeMismatch {
        /// The container format.
        format: Format,
        /// The size the header declares.
        declared: u64,
        /// The size found.
        actual: u64,
    },
    /// The data expands past the size its header declares: reading stopped
    /// there (the header lies, as zip bombs' headers do).
    #[error("expands past the {declared} bytes its {format} header declares")]
    SizeExceeded {
        /// The container format.
        format: Format,
        /// The size the header declares.
        declared: u64,
    },
    /// Neither a zip central directory nor any entry's local header was
    /// found.
    #[error("unreadable zip: no central directory and no entry found")]
    ZipUnreadable,
    /// The entry is encrypted (APPNOTE §4.4.4 bit 0).
    #[error("encrypted zip entry: it cannot be read without its password")]
    ZipEncrypted,
    /// The entry uses a compression method other than stored (0) and
    /// deflate (8).
    #[error("zip compression method {method} is not supported (only stored and deflate are)")]
    ZipMethod {
        /// The method number (APPNOTE §4.4.5).
        method: u16,
    },
    /// The entry's data overlaps another entry's: a zip bomb built from
    /// overlapping entries.
    #[error("the zip entry's data overlaps another entry's")]
    ZipOverlap,
    /// More entries than [`Limits::max_zip_entries`](crate::Limits::max_zip_entries);
    /// the entries after the limit were not read.
    #[error("more than {limit} zip entries: the rest were not read")]
    ZipTooManyEntries {
        /// The limit.
        limit: usize,
    },
}

impl Explain for ContainerError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "reports-container-empty",
            Self::NotAReport => "reports-container-not-a-report",
            Self::NoReport => "reports-container-no-report",
            Self::NoReportInArchive => "reports-container-no-report-in-archive",
            Self::InputTooLarge { .. } => "reports-container-input-too-large",
            Self::TooLarge { .. } => "reports-container-too-large",
            Self::RatioTooHigh { .. } => "reports-container-ratio",
            Self::TotalTooLarge { .. } => "reports-container-total-too-large",
            Self::NestedTooDeep { .. } => "reports-container-nested-too-deep",
            Self::MimeTooDeep { .. } => "reports-container-mime-too-deep",
            Self::MimeTooManyParts { .. } => "reports-container-mime-too-many-parts",
            Self::Truncated { .. } => "reports-container-truncated",
            Self::Corrupt { .. } => "reports-container-corrupt",
            Self::Checksum { .. } => "reports-container-checksum",
            Self::SizeMismatch { .. } => "reports-container-size-mismatch",
            Self::SizeExceeded { .. } => "reports-container-size-exceeded",
            Self::ZipUnreadable => "reports-container-zip-unreadable",
            Self::ZipEncrypted => "reports-container-zip-encrypted",
            Self::ZipMethod { .. } => "reports-container-zip-method",
            Self::ZipOverlap => "reports-container-zip-overlap",
            Self::ZipTooManyEntries { .. } => "reports-container-zip-too-many-entries",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Empty
            | Self::NotAReport
            | Self::NoReport
            | Self::NoReportInArchive
            | Self::ZipUnreadable
            | Self::ZipEncrypted
            | Self::ZipOverlap => Vec::new(),
            Self::InputTooLarge { limit }
            | Self::TooLarge { limit }
            | Self::RatioTooHigh { limit }
            | Self::TotalTooLarge { limit } => vec![("limit", limit.to_string())],
            Self::NestedTooDeep { limit }
            | Self::MimeTooDeep { limit }
            | Self::MimeTooManyParts { limit }
            | Self::ZipTooManyEntries { limit } => vec![("limit", limit.to_string())],
            Self::Truncated { format, offset } | Self::Corrupt { format, offset } => vec![
                ("format", format.to_string()),
                ("offset", offset.to_string()),
            ],
            Self::Checksum { format } => vec![("format", format.to_string())],
            Self::SizeMismatch {
                format,
                declared,
                actual,
            } => vec![
                ("format", format.to_string()),
                ("declared", declared.to_string()),
                ("actual", actual.to_string()),
            ],
            Self::SizeExceeded { format, declared } => vec![
                ("format", format.to_string()),
                ("declared", declared.to_string()),
            ],
            Self::ZipMethod { method } => vec![("method", method.to_string())],
        }
    }
}

/// Something a container did that was tolerated: the report was still
/// read, and a summary can say what the sender got wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContainerNote {
    /// The file or attachment name promises one format and the content is
    /// another (a `.xml.gz` that is a zip): the content decides.
    #[error("the name {} suggests {claimed} but the content is {found}", escape_controls(.name))]
    NameMismatch {
        /// The name, as the sender gave it.
        name: String,
        /// The format the name's extension stands for.
        claimed: Format,
        /// The format the content has.
        found: Format,
    },
    /// The attachment's Content-Type (RFC 2045 §5) names another format
    /// than the content has: the content decides.
    #[error("declared as {} but the content is {found}", escape_controls(.content_type))]
    ContentTypeMismatch {
        /// The declared media type.
        content_type: String,
        /// The format the content has.
        found: Format,
    },
    /// Bytes after the end of the compressed data were ignored (padding
    /// some senders add after a gzip member).
    #[error("{count} bytes after the end of the {format} data were ignored")]
    TrailingData {
        /// The container format.
        format: Format,
        /// How many bytes.
        count: u64,
    },
    /// The zip has no central directory (it was cut short): its entries
    /// were read from their local headers.
    #[error("the zip central directory is missing: the entries were read from their local headers")]
    ZipDirectoryMissing,
}

impl Explain for ContainerNote {
    fn message_id(&self) -> &'static str {
        match self {
            Self::NameMismatch { .. } => "reports-container-note-name",
            Self::ContentTypeMismatch { .. } => "reports-container-note-content-type",
            Self::TrailingData { .. } => "reports-container-note-trailing",
            Self::ZipDirectoryMissing => "reports-container-note-zip-directory",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::NameMismatch {
                name,
                claimed,
                found,
            } => vec![
                ("name", name.clone()),
                ("claimed", claimed.to_string()),
                ("found", found.to_string()),
            ],
            Self::ContentTypeMismatch {
                content_type,
                found,
            } => vec![
                ("content_type", content_type.clone()),
                ("found", found.to_string()),
            ],
            Self::TrailingData { format, count } => {
                vec![("format", format.to_string()), ("count", count.to_string())]
            }
            Self::ZipDirectoryMissing => Vec::new(),
        }
    }
}
