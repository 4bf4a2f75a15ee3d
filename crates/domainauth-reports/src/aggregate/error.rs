//! Why an aggregate report was refused, with the element path and byte
//! offset of the place.

use crate::explain::Explain;

/// A DMARC aggregate report (RFC 9990 §3; RFC 7489 Appendix C) that could
/// not be read. Each variant names what was wrong and where: `path` is the
/// element path (`feedback/record[2]/row/source_ip`, the first record
/// being `record[1]`) and `offset` the byte offset in the document as read (for a document
/// in another encoding than UTF-8, in its text decoded to UTF-8). Values
/// from the report are shown with control characters escaped and cut to a
/// bounded length.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AggregateError {
    /// The document is larger than [`Limits::max_decompressed`](crate::Limits::max_decompressed).
    #[error("the report is {size} bytes, more than the limit of {max} bytes")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// Not XML at all: no element starts the document.
    #[error("not an XML document: no element starts it (byte {offset})")]
    NotXml {
        /// Where something other than markup was found.
        offset: u64,
    },
    /// XML, but its root element is not `<feedback>`.
    #[error("not a DMARC aggregate report: the root element is <{root}>, not <feedback>")]
    NotAggregate {
        /// The root element's name.
        root: String,
    },
    /// A `<!DOCTYPE …>`: DTDs and the entity declarations they carry are
    /// never processed (they are how entity-expansion bombs and external
    /// entity reads work), so a report declaring one is refused.
    #[error(
        "a DOCTYPE declaration at byte {offset}: DTDs and entity declarations are never processed"
    )]
    Doctype {
        /// Where it starts.
        offset: u64,
    },
    /// A reference to an entity other than the five XML predefines
    /// (`&lt;` `&gt;` `&amp;` `&apos;` `&quot;`); never expanded.
    #[error(
        "unknown entity reference &{name}; in {path} at byte {offset}: entities are never expanded"
    )]
    UnknownEntity {
        /// The entity's name.
        name: String,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// A character reference (`&#…;`) to no valid character.
    #[error("invalid character reference &{name}; in {path} at byte {offset}")]
    BadCharRef {
        /// The reference as written, without `&` and `;`.
        name: String,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// Elements nested deeper than [`Limits::max_xml_depth`](crate::Limits::max_xml_depth).
    #[error("elements nested deeper than {max} levels in {path} at byte {offset}")]
    TooDeep {
        /// The limit.
        max: usize,
        /// The element path where the limit was passed.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// Text longer than [`Limits::max_text`](crate::Limits::max_text).
    #[error("text longer than {max} bytes in {path} at byte {offset}")]
    TextTooLong {
        /// The limit.
        max: usize,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// An attribute value (or element name) longer than [`Limits::max_text`](crate::Limits::max_text).
    #[error("attribute value longer than {max} bytes in {path} at byte {offset}")]
    AttributeTooLong {
        /// The limit.
        max: usize,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// More `<record>`s than [`Limits::max_records`](crate::Limits::max_records).
    #[error("more than {max} records: the record starting at byte {offset} is one too many")]
    TooManyRecords {
        /// The limit.
        max: usize,
        /// Where the first record past the limit starts.
        offset: u64,
    },
    /// The document ends inside an element or markup: truncated.
    #[error("the document ends at byte {offset} before {path} is closed: truncated")]
    Truncated {
        /// The innermost open element.
        path: String,
        /// Where it ends.
        offset: u64,
    },
    /// An end tag that closes another element than the open one.
    #[error("end tag </{found}> in {path} at byte {offset} does not close <{expected}>")]
    MismatchedEnd {
        /// The open element.
        expected: String,
        /// The end tag's name.
        found: String,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// An end tag with no open element.
    #[error("end tag </{found}> at byte {offset} closes no open element")]
    UnmatchedEnd {
        /// The end tag's name.
        found: String,
        /// Byte offset.
        offset: u64,
    },
    /// Markup XML does not allow (a bare `&`, a broken attribute, `<!` that
    /// starts nothing known …).
    #[error("malformed XML in {path} at byte {offset}")]
    Malformed {
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// A required element is missing or empty (RFC 9990 §3.1: `org_name`,
    /// `report_id`, `date_range`, the policy `domain`, `source_ip`,
    /// `count`, `disposition` …).
    #[error("required element <{element}> missing or empty in {path} (ending at byte {offset})")]
    Missing {
        /// The missing element's name.
        element: &'static str,
        /// The element that should hold it.
        path: String,
        /// Where that element ends.
        offset: u64,
    },
    /// `<source_ip>` is not an IPv4 or IPv6 address.
    #[error("invalid source IP address \"{value}\" in {path} at byte {offset}")]
    BadSourceIp {
        /// The value as sent.
        value: String,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// `<count>` is not a non-negative integer.
    #[error("invalid message count \"{value}\" in {path} at byte {offset}")]
    BadCount {
        /// The value as sent.
        value: String,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// Another required value that is outside its type (a `<begin>` that is
    /// no integer, a `<disposition>` that is none of `none`, `quarantine`,
    /// `reject`).
    #[error("invalid value \"{value}\" in {path} at byte {offset}")]
    BadValue {
        /// The value as sent.
        value: String,
        /// Where.
        path: String,
        /// Byte offset.
        offset: u64,
    },
    /// No `<record>` at all (RFC 9990 §3.1: one or more).
    #[error("the report has no <record>: an aggregate report carries at least one")]
    NoRecords,
    /// A `<date_range>` no receiver can have meant (RFC 9990 §3.1.1: the
    /// report covers the seconds from `<begin>` to `<end>`): it ends before
    /// it begins, or lies outside the years 1970 to 9999. Kept, such a
    /// range would stretch every summary's period and put the report in
    /// every `--since`/`--until` window, or in none.
    #[error(
        "impossible date range {begin} to {end} in {path} at byte {offset}: it ends before it begins, or lies outside the years 1970 to 9999"
    )]
    BadDateRange {
        /// `<begin>`, seconds since the epoch.
        begin: i64,
        /// `<end>`, seconds since the epoch.
        end: i64,
        /// Where.
        path: String,
        /// Byte offset (the end of `<date_range>`).
        offset: u64,
    },
}

impl Explain for AggregateError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "reports-xml-too-large",
            Self::NotXml { .. } => "reports-xml-not-xml",
            Self::NotAggregate { .. } => "reports-aggregate-not-feedback",
            Self::Doctype { .. } => "reports-xml-doctype",
            Self::UnknownEntity { .. } => "reports-xml-unknown-entity",
            Self::BadCharRef { .. } => "reports-xml-bad-char-ref",
            Self::TooDeep { .. } => "reports-xml-too-deep",
            Self::TextTooLong { .. } => "reports-xml-text-too-long",
            Self::AttributeTooLong { .. } => "reports-xml-attribute-too-long",
            Self::TooManyRecords { .. } => "reports-aggregate-too-many-records",
            Self::Truncated { .. } => "reports-xml-truncated",
            Self::MismatchedEnd { .. } => "reports-xml-mismatched-end",
            Self::UnmatchedEnd { .. } => "reports-xml-unmatched-end",
            Self::Malformed { .. } => "reports-xml-malformed",
            Self::Missing { .. } => "reports-aggregate-missing",
            Self::BadSourceIp { .. } => "reports-aggregate-bad-source-ip",
            Self::BadCount { .. } => "reports-aggregate-bad-count",
            Self::BadValue { .. } => "reports-aggregate-bad-value",
            Self::NoRecords => "reports-aggregate-no-records",
            Self::BadDateRange { .. } => "reports-aggregate-bad-date-range",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooLarge { size, max } => {
                vec![("size", size.to_string()), ("max", max.to_string())]
            }
            Self::NotXml { offset } | Self::Doctype { offset } => {
                vec![("offset", offset.to_string())]
            }
            Self::NotAggregate { root } => vec![("root", root.clone())],
            Self::UnknownEntity { name, path, offset }
            | Self::BadCharRef { name, path, offset } => {
                vec![
                    ("name", name.clone()),
                    ("path", path.clone()),
                    ("offset", offset.to_string()),
                ]
            }
            Self::TooDeep { max, path, offset }
            | Self::TextTooLong { max, path, offset }
            | Self::AttributeTooLong { max, path, offset } => vec![
                ("max", max.to_string()),
                ("path", path.clone()),
                ("offset", offset.to_string()),
            ],
            Self::TooManyRecords { max, offset } => {
                vec![("max", max.to_string()), ("offset", offset.to_string())]
            }
            Self::Truncated { path, offset } | Self::Malformed { path, offset } => {
                vec![("path", path.clone()), ("offset", offset.to_string())]
            }
            Self::MismatchedEnd {
                expected,
                found,
                path,
                offset,
            } => vec![
                ("expected", expected.clone()),
                ("found", found.clone()),
                ("path", path.clone()),
                ("offset", offset.to_string()),
            ],
            Self::UnmatchedEnd { found, offset } => {
                vec![("found", found.clone()), ("offset", offset.to_string())]
            }
            Self::Missing {
                element,
                path,
                offset,
            } => vec![
                ("element", element.to_string()),
                ("path", path.clone()),
                ("offset", offset.to_string()),
            ],
            Self::BadSourceIp {
                value,
                path,
                offset,
            }
            | Self::BadCount {
                value,
                path,
                offset,
            }
            | Self::BadValue {
                value,
                path,
                offset,
            } => vec![
                ("value", value.clone()),
                ("path", path.clone()),
                ("offset", offset.to_string()),
            ],
            Self::NoRecords => Vec::new(),
            Self::BadDateRange {
                begin,
                end,
                path,
                offset,
            } => vec![
                ("begin", begin.to_string()),
                ("end", end.to_string()),
                ("path", path.clone()),
                ("offset", offset.to_string()),
            ],
        }
    }
}

#[cfg(test)]
impl AggregateError {
    /// One value of every variant, for tests that check each one's text.
    pub(crate) fn samples() -> Vec<AggregateError> {
        let path = || "feedback/record[2]/row/source_ip".to_string();
        vec![
            Self::TooLarge { size: 10, max: 5 },
            Self::NotXml { offset: 0 },
            Self::NotAggregate {
                root: "html".into(),
            },
            Self::Doctype { offset: 22 },
            Self::UnknownEntity {
                name: "xxe".into(),
                path: path(),
                offset: 9,
            },
            Self::BadCharRef {
                name: "#0".into(),
                path: path(),
                offset: 9,
            },
            Self::TooDeep {
                max: 32,
                path: path(),
                offset: 9,
            },
            Self::TextTooLong {
                max: 64,
                path: path(),
                offset: 9,
            },
            Self::AttributeTooLong {
                max: 64,
                path: path(),
                offset: 9,
            },
            Self::TooManyRecords { max: 3, offset: 9 },
            Self::Truncated {
                path: path(),
                offset: 9,
            },
            Self::MismatchedEnd {
                expected: "row".into(),
                found: "record".into(),
                path: path(),
                offset: 9,
            },
            Self::UnmatchedEnd {
                found: "x".into(),
                offset: 9,
            },
            Self::Malformed {
                path: path(),
                offset: 9,
            },
            Self::Missing {
                element: "org_name",
                path: "feedback/report_metadata".into(),
                offset: 9,
            },
            Self::BadSourceIp {
                value: "300.1.1.1".into(),
                path: path(),
                offset: 9,
            },
            Self::BadCount {
                value: "-1".into(),
                path: path(),
                offset: 9,
            },
            Self::BadValue {
                value: "maybe".into(),
                path: path(),
                offset: 9,
            },
            Self::NoRecords,
            Self::BadDateRange {
                begin: 1_700_086_400,
                end: 1_700_000_000,
                path: "feedback/report_metadata/date_range".into(),
                offset: 9,
            },
        ]
    }
}
