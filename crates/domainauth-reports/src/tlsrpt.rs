//! SMTP TLS reports (RFC 8460 §4): the JSON object a sending MTA mails to
//! the address of a domain's `_smtp._tls` record.
//!
//! The document is read as a stream of JSON tokens straight into
//! [`TlsReport`] (no intermediate JSON tree, so memory is the report
//! itself), tolerating what senders really write: optional fields left out,
//! counts written as strings (`"3"`), a single string where the schema has
//! an array (`policy-string`, `mx-host`), fields the RFC does not define
//! (skipped). A required field that is missing or of the wrong type is an
//! error naming its JSON path (`policies[0].summary.total-failure-session-count`).

use std::cell::{Cell, RefCell};
use std::fmt;
use std::net::IpAddr;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::Limits;
use crate::aggregate::shown::shown;
use crate::explain::Explain;
use crate::model::{TlsFailureDetail, TlsPolicyResult, TlsReport};

/// An SMTP TLS report (RFC 8460 §4.4) that could not be read. `path` is a
/// JSON path from the top object (`policies[1].policy.policy-domain`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    /// The document is larger than [`Limits::max_decompressed`].
    #[error("the report is {size} bytes, more than the limit of {max} bytes")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// Not JSON: a syntax error (or nesting deeper than the JSON reader
    /// follows).
    #[error("not a JSON document: syntax error at line {line}, column {column}")]
    NotJson {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// The document ends before its top object is complete.
    #[error(
        "the JSON document ends at line {line}, column {column} before it is complete: truncated"
    )]
    Truncated {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// JSON whose top value is not an object.
    #[error("not an SMTP TLS report: the JSON document is not an object")]
    NotTls,
    /// A field RFC 8460 §4.4 requires is missing (or null).
    #[error("required field {path} missing")]
    Missing {
        /// Its JSON path.
        path: String,
    },
    /// A field whose value has the wrong JSON type (an object where a
    /// string is expected …).
    #[error("{path} has the wrong type")]
    BadType {
        /// Its JSON path.
        path: String,
    },
    /// A count that is not a non-negative integer.
    #[error("{path} is \"{value}\", not a non-negative integer")]
    BadNumber {
        /// Its JSON path.
        path: String,
        /// The value as sent.
        value: String,
    },
    /// A string longer than [`Limits::max_text`].
    #[error("text longer than {max} bytes at {path}")]
    TextTooLong {
        /// The limit.
        max: usize,
        /// Its JSON path.
        path: String,
    },
    /// More array entries (policies, failure details, policy strings, MX
    /// hosts, together) than [`Limits::max_records`].
    #[error("more than {max} entries at {path}")]
    TooMany {
        /// The limit.
        max: usize,
        /// The JSON path of the entry past it.
        path: String,
    },
}

impl Explain for TlsError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "reports-tls-too-large",
            Self::NotJson { .. } => "reports-tls-not-json",
            Self::Truncated { .. } => "reports-tls-truncated",
            Self::NotTls => "reports-tls-not-object",
            Self::Missing { .. } => "reports-tls-missing",
            Self::BadType { .. } => "reports-tls-bad-type",
            Self::BadNumber { .. } => "reports-tls-bad-number",
            Self::TextTooLong { .. } => "reports-tls-text-too-long",
            Self::TooMany { .. } => "reports-tls-too-many",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooLarge { size, max } => {
                vec![("size", size.to_string()), ("max", max.to_string())]
            }
            Self::NotJson { line, column } | Self::Truncated { line, column } => {
                vec![("line", line.to_string()), ("column", column.to_string())]
            }
            Self::NotTls => Vec::new(),
            Self::Missing { path } | Self::BadType { path } => vec![("path", path.clone())],
            Self::BadNumber { path, value } => {
                vec![("path", path.clone()), ("value", value.clone())]
            }
            Self::TextTooLong { max, path } | Self::TooMany { max, path } => {
                vec![("max", max.to_string()), ("path", path.clone())]
            }
        }
    }
}

/// Reads one SMTP TLS report (RFC 8460 §4.4) from its JSON document
/// (already taken out of its gzip or mail container).
///
/// ```
/// use domainauth_reports::{Limits, tlsrpt};
///
/// let json = br#"{
///   "organization-name": "Sender Inc.",
///   "date-range": {"start-datetime": "2026-01-01T00:00:00Z",
///                  "end-datetime": "2026-01-01T23:59:59Z"},
///   "contact-info": "smtp-tls-reporting@sender.example",
///   "report-id": "2026-01-01T00:00:00Z_example.com",
///   "policies": [{
///     "policy": {"policy-type": "sts", "policy-domain": "example.com",
///                "policy-string": ["version: STSv1", "mode: enforce"],
///                "mx-host": ["mx.example.com"]},
///     "summary": {"total-successful-session-count": 100,
///                 "total-failure-session-count": "2"},
///     "failure-details": [{"result-type": "certificate-expired",
///                          "receiving-mx-hostname": "mx.example.com",
///                          "failed-session-count": 2}]
///   }]
/// }"#;
/// let report = tlsrpt::parse(json, &Limits::default())?;
/// assert_eq!(report.policies[0].failed_sessions, 2);
/// assert_eq!(report.start_time, Some(1767225600));
/// # Ok::<(), tlsrpt::TlsError>(())
/// ```
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<TlsReport, TlsError> {
    let size = bytes.len() as u64;
    if size > limits.max_decompressed {
        return Err(TlsError::TooLarge {
            size,
            max: limits.max_decompressed,
        });
    }
    let ctx = Ctx {
        limits,
        error: RefCell::new(None),
        notes: RefCell::new(Vec::new()),
        entries: Cell::new(0),
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = ReportSeed { ctx: &ctx }
        .deserialize(&mut de)
        .and_then(|report| de.end().map(|()| report));
    match result {
        Ok(mut report) => {
            report.notes = ctx.notes.into_inner();
            Ok(report)
        }
        Err(e) => Err(match ctx.error.into_inner() {
            Some(error) => error,
            None => match e.classify() {
                Category::Eof => TlsError::Truncated {
                    line: e.line(),
                    column: e.column(),
                },
                Category::Data => TlsError::NotTls,
                Category::Syntax | Category::Io => TlsError::NotJson {
                    line: e.line(),
                    column: e.column(),
                },
            },
        }),
    }
}

/// What every seed shares: the limits, the first typed error (serde's own
/// error type carries only text, so the typed one waits here), the notes
/// and the number of array entries read so far.
struct Ctx<'l> {
    limits: &'l Limits,
    error: RefCell<Option<TlsError>>,
    notes: RefCell<Vec<String>>,
    entries: Cell<usize>,
}

/// Most notes kept on one report.
const MAX_NOTES: usize = 32;

impl Ctx<'_> {
    fn fail<E: de::Error>(&self, error: TlsError) -> E {
        let mut slot = self.error.borrow_mut();
        if slot.is_none() {
            *slot = Some(error);
        }
        E::custom("invalid SMTP TLS report")
    }

    fn note(&self, note: String) {
        let mut notes = self.notes.borrow_mut();
        if notes.len() < MAX_NOTES && !notes.contains(&note) {
            notes.push(note);
        }
    }

    /// Counts one more array entry at `path`.
    fn entry<E: de::Error>(&self, path: &str) -> Result<(), E> {
        let n = self.entries.get() + 1;
        if n > self.limits.max_records {
            return Err(self.fail(TlsError::TooMany {
                max: self.limits.max_records,
                path: path.to_string(),
            }));
        }
        self.entries.set(n);
        Ok(())
    }

    /// Notes a field RFC 8460 does not define, once per name.
    fn unknown_field(&self, path: &str, key: &str) {
        let sep = if path.is_empty() { "" } else { "." };
        self.note(format!("unknown field {path}{sep}{} skipped", shown(key)));
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A JSON value where a scalar is expected: strings and numbers kept,
/// objects and arrays skipped without being kept.
enum Scalar {
    Str(String),
    U64(u64),
    I64(i64),
    F64(f64),
    Bool,
    Null,
    /// An object or an array.
    Nested,
}

struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool)
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nested)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nested)
    }
}

impl Ctx<'_> {
    /// A string field; numbers are taken as written, null is absent.
    fn string<E: de::Error>(&self, value: Scalar, path: &str) -> Result<Option<String>, E> {
        let text = match value {
            Scalar::Str(s) => s,
            Scalar::U64(n) => n.to_string(),
            Scalar::I64(n) => n.to_string(),
            Scalar::F64(n) => n.to_string(),
            Scalar::Null => return Ok(None),
            Scalar::Bool | Scalar::Nested => {
                return Err(self.fail(TlsError::BadType {
                    path: path.to_string(),
                }));
            }
        };
        if text.len() > self.limits.max_text {
            return Err(self.fail(TlsError::TextTooLong {
                max: self.limits.max_text,
                path: path.to_string(),
            }));
        }
        Ok(Some(text))
    }

    /// A count: a non-negative integer, also when written as a string.
    fn count<E: de::Error>(&self, value: Scalar, path: &str) -> Result<Option<u64>, E> {
        let bad = |value: String| {
            self.fail(TlsError::BadNumber {
                path: path.to_string(),
                value: shown(&value),
            })
        };
        match value {
            Scalar::U64(n) => Ok(Some(n)),
            Scalar::I64(n) => Err(bad(n.to_string())),
            Scalar::F64(f) => {
                if f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < u64::MAX as f64 {
                    Ok(Some(f as u64))
                } else {
                    Err(bad(f.to_string()))
                }
            }
            Scalar::Str(s) => match s.trim().parse::<u64>() {
                Ok(n) => {
                    self.note("counts written as strings".to_string());
                    Ok(Some(n))
                }
                Err(_) => Err(bad(s)),
            },
            Scalar::Null => Ok(None),
            Scalar::Bool | Scalar::Nested => Err(self.fail(TlsError::BadType {
                path: path.to_string(),
            })),
        }
    }

    fn ip(&self, value: Option<String>, path: &str) -> Option<IpAddr> {
        let text = value?;
        match text.trim().parse() {
            Ok(ip) => Some(ip),
            Err(_) => {
                self.note(format!("{path} \"{}\" is not an IP address", shown(&text)));
                None
            }
        }
    }

    fn time(&self, value: &str, path: &str) -> Option<i64> {
        match OffsetDateTime::parse(value.trim(), &Rfc3339) {
            Ok(t) => Some(t.unix_timestamp()),
            Err(_) => {
                self.note(format!(
                    "{path} \"{}\" is not an RFC 3339 date-time",
                    shown(value)
                ));
                None
            }
        }
    }

    fn required<T, E: de::Error>(&self, value: Option<T>, path: String) -> Result<T, E> {
        value.ok_or_else(|| self.fail(TlsError::Missing { path }))
    }
}

/// Implements the visitor methods of a value that must be an object (or
/// an array): any other JSON type is a [`TlsError::BadType`] at the seed's
/// path.
macro_rules! wrong_types {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(self.wrong())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(self.wrong())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(self.wrong())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(self.wrong())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Err(self.wrong())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(self.wrong())
        }
    };
}

/// The top object (RFC 8460 §4.4).
struct ReportSeed<'c, 'l> {
    ctx: &'c Ctx<'l>,
}

impl<'de> DeserializeSeed<'de> for ReportSeed<'_, '_> {
    type Value = TlsReport;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<TlsReport, D::Error> {
        d.deserialize_any(self)
    }
}

impl ReportSeed<'_, '_> {
    fn wrong<E: de::Error>(&self) -> E {
        self.ctx.fail(TlsError::NotTls)
    }
}

impl<'de> Visitor<'de> for ReportSeed<'_, '_> {
    type Value = TlsReport;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an SMTP TLS report object")
    }
    wrong_types!();
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<TlsReport, A::Error> {
        Err(self.wrong())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TlsReport, A::Error> {
        let ctx = self.ctx;
        let mut org = None;
        let mut range = None;
        let mut contact = None;
        let mut report_id = None;
        let mut policies = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "organization-name" => {
                    org = ctx.string(map.next_value_seed(ScalarSeed)?, &key)?;
                }
                "contact-info" => {
                    contact = ctx.string(map.next_value_seed(ScalarSeed)?, &key)?;
                }
                "report-id" => {
                    report_id = ctx.string(map.next_value_seed(ScalarSeed)?, &key)?;
                }
                "date-range" => {
                    range = map.next_value_seed(DateRangeSeed { ctx })?;
                }
                "policies" => {
                    policies = map.next_value_seed(ListSeed {
                        ctx,
                        path: key.clone(),
                        item: PolicySeedMaker,
                    })?;
                }
                other => {
                    ctx.unknown_field("", other);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let (start, end) = ctx.required(range, "date-range".to_string())?;
        let policies = ctx.required(policies, "policies".to_string())?;
        if policies.is_empty() {
            ctx.note("no policies".to_string());
        }
        Ok(TlsReport {
            organization_name: ctx.required(org, "organization-name".to_string())?,
            start_time: ctx.time(&start, "date-range.start-datetime"),
            end_time: ctx.time(&end, "date-range.end-datetime"),
            start,
            end,
            contact_info: contact,
            report_id: ctx.required(report_id, "report-id".to_string())?,
            policies,
            notes: Vec::new(),
        })
    }
}

/// `date-range`: start and end, both required. `None` when null.
struct DateRangeSeed<'c, 'l> {
    ctx: &'c Ctx<'l>,
}

impl<'de> DeserializeSeed<'de> for DateRangeSeed<'_, '_> {
    type Value = Option<(String, String)>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl DateRangeSeed<'_, '_> {
    fn wrong<E: de::Error>(&self) -> E {
        self.ctx.fail(TlsError::BadType {
            path: "date-range".to_string(),
        })
    }
}

impl<'de> Visitor<'de> for DateRangeSeed<'_, '_> {
    type Value = Option<(String, String)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date-range object")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ctx = self.ctx;
        let (mut start, mut end) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            let path = join("date-range", &key);
            match key.as_str() {
                "start-datetime" => start = ctx.string(map.next_value_seed(ScalarSeed)?, &path)?,
                "end-datetime" => end = ctx.string(map.next_value_seed(ScalarSeed)?, &path)?,
                other => {
                    ctx.unknown_field("date-range", other);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some((
            ctx.required(start, "date-range.start-datetime".to_string())?,
            ctx.required(end, "date-range.end-datetime".to_string())?,
        )))
    }
}

/// Makes the seed of one array element from its path.
trait ItemSeed<'c, 'l: 'c>: Copy {
    type Value;
    type Seed: for<'de> DeserializeSeed<'de, Value = Self::Value>;
    fn make(self, ctx: &'c Ctx<'l>, path: String) -> Self::Seed;
}

/// An array of objects (`policies`, `failure-details`); `None` when null.
struct ListSeed<'c, 'l, I> {
    ctx: &'c Ctx<'l>,
    path: String,
    item: I,
}

impl<'de, 'c, 'l: 'c, I: ItemSeed<'c, 'l>> DeserializeSeed<'de> for ListSeed<'c, 'l, I> {
    type Value = Option<Vec<I::Value>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<I> ListSeed<'_, '_, I> {
    fn wrong<E: de::Error>(&self) -> E {
        self.ctx.fail(TlsError::BadType {
            path: self.path.clone(),
        })
    }
}

impl<'de, 'c, 'l: 'c, I: ItemSeed<'c, 'l>> Visitor<'de> for ListSeed<'c, 'l, I> {
    type Value = Option<Vec<I::Value>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(self.wrong())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.wrong())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = format!("{}[{}]", self.path, items.len());
            match seq.next_element_seed(self.item.make(self.ctx, path.clone()))? {
                Some(item) => {
                    self.ctx.entry::<A::Error>(&path)?;
                    items.push(item);
                }
                None => break,
            }
        }
        Ok(Some(items))
    }
}

#[derive(Clone, Copy)]
struct PolicySeedMaker;

impl<'c, 'l: 'c> ItemSeed<'c, 'l> for PolicySeedMaker {
    type Value = TlsPolicyResult;
    type Seed = ObjectSeed<'c, 'l, PolicyFields>;
    fn make(self, ctx: &'c Ctx<'l>, path: String) -> Self::Seed {
        ObjectSeed {
            ctx,
            path,
            fields: PolicyFields,
        }
    }
}

#[derive(Clone, Copy)]
struct DetailSeedMaker;

impl<'c, 'l: 'c> ItemSeed<'c, 'l> for DetailSeedMaker {
    type Value = TlsFailureDetail;
    type Seed = ObjectSeed<'c, 'l, DetailFields>;
    fn make(self, ctx: &'c Ctx<'l>, path: String) -> Self::Seed {
        ObjectSeed {
            ctx,
            path,
            fields: DetailFields,
        }
    }
}

/// How one kind of object reads its fields.
trait Fields {
    type Value;
    fn read<'de, A: MapAccess<'de>>(
        self,
        ctx: &Ctx<'_>,
        path: &str,
        map: A,
    ) -> Result<Self::Value, A::Error>;
}

/// An object at `path`, read by `F`. Any other JSON type (null too) is a
/// [`TlsError::BadType`].
struct ObjectSeed<'c, 'l, F> {
    ctx: &'c Ctx<'l>,
    path: String,
    fields: F,
}

impl<'de, F: Fields> DeserializeSeed<'de> for ObjectSeed<'_, '_, F> {
    type Value = F::Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<F::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<F> ObjectSeed<'_, '_, F> {
    fn wrong<E: de::Error>(&self) -> E {
        self.ctx.fail(TlsError::BadType {
            path: self.path.clone(),
        })
    }
}

impl<'de, F: Fields> Visitor<'de> for ObjectSeed<'_, '_, F> {
    type Value = F::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    wrong_types!();
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<F::Value, A::Error> {
        Err(self.wrong())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<F::Value, A::Error> {
        self.fields.read(self.ctx, &self.path, map)
    }
}

/// One element of `policies`.
#[derive(Clone, Copy)]
struct PolicyFields;

impl Fields for PolicyFields {
    type Value = TlsPolicyResult;
    fn read<'de, A: MapAccess<'de>>(
        self,
        ctx: &Ctx<'_>,
        path: &str,
        mut map: A,
    ) -> Result<TlsPolicyResult, A::Error> {
        let mut policy = None;
        let mut summary = None;
        let mut failures = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let here = join(path, &key);
            match key.as_str() {
                "policy" => {
                    policy = Some(map.next_value_seed(ObjectSeed {
                        ctx,
                        path: here,
                        fields: PolicyDescFields,
                    })?);
                }
                "summary" => {
                    summary = Some(map.next_value_seed(ObjectSeed {
                        ctx,
                        path: here,
                        fields: SummaryFields,
                    })?);
                }
                "failure-details" => {
                    failures = map
                        .next_value_seed(ListSeed {
                            ctx,
                            path: here,
                            item: DetailSeedMaker,
                        })?
                        .unwrap_or_default();
                }
                other => {
                    ctx.unknown_field(path, other);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let mut policy: TlsPolicyResult = ctx.required(policy, join(path, "policy"))?;
        let (successful, failed) = ctx.required(summary, join(path, "summary"))?;
        policy.successful_sessions = successful;
        policy.failed_sessions = failed;
        policy.failures = failures;
        Ok(policy)
    }
}

/// `policy` in a `policies` element: what was applied.
#[derive(Clone, Copy)]
struct PolicyDescFields;

impl Fields for PolicyDescFields {
    type Value = TlsPolicyResult;
    fn read<'de, A: MapAccess<'de>>(
        self,
        ctx: &Ctx<'_>,
        path: &str,
        mut map: A,
    ) -> Result<TlsPolicyResult, A::Error> {
        let mut policy_type = None;
        let mut domain = None;
        let mut strings = Vec::new();
        let mut mx = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let here = join(path, &key);
            match key.as_str() {
                "policy-type" => {
                    policy_type = ctx.string(map.next_value_seed(ScalarSeed)?, &here)?;
                }
                "policy-domain" => {
                    domain = ctx.string(map.next_value_seed(ScalarSeed)?, &here)?;
                }
                "policy-string" => {
                    strings = map.next_value_seed(StringsSeed { ctx, path: here })?;
                }
                "mx-host" => {
                    mx = map.next_value_seed(StringsSeed { ctx, path: here })?;
                }
                other => {
                    ctx.unknown_field(path, other);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(TlsPolicyResult {
            policy_type: ctx
                .required(policy_type, join(path, "policy-type"))?
                .to_lowercase(),
            policy_strings: strings,
            policy_domain: crate::domain::normalize(
                &ctx.required(domain, join(path, "policy-domain"))?,
            ),
            mx_hosts: mx,
            ..TlsPolicyResult::default()
        })
    }
}

/// `summary`: the two session counts, both required.
#[derive(Clone, Copy)]
struct SummaryFields;

impl Fields for SummaryFields {
    type Value = (u64, u64);
    fn read<'de, A: MapAccess<'de>>(
        self,
        ctx: &Ctx<'_>,
        path: &str,
        mut map: A,
    ) -> Result<(u64, u64), A::Error> {
        let (mut ok, mut failed) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            let here = join(path, &key);
            match key.as_str() {
                "total-successful-session-count" => {
                    ok = ctx.count(map.next_value_seed(ScalarSeed)?, &here)?;
                }
                "total-failure-session-count" => {
                    failed = ctx.count(map.next_value_seed(ScalarSeed)?, &here)?;
                }
                other => {
                    ctx.unknown_field(path, other);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((
            ctx.required(ok, join(path, "total-successful-session-count"))?,
            ctx.required(failed, join(path, "total-failure-session-count"))?,
        ))
    }
}

/// One element of `failure-details` (RFC 8460 §4.3, §4.4).
#[derive(Clone, Copy)]
struct DetailFields;

impl Fields for DetailFields {
    type Value = TlsFailureDetail;
    fn read<'de, A: MapAccess<'de>>(
        self,
        ctx: &Ctx<'_>,
        path: &str,
        mut map: A,
    ) -> Result<TlsFailureDetail, A::Error> {
        let mut result_type = None;
        let mut count = None;
        let mut d = TlsFailureDetail::default();
        let (mut sending_ip, mut receiving_ip) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            let here = join(path, &key);
            let value = |map: &mut A| map.next_value_seed(ScalarSeed);
            match key.as_str() {
                "result-type" => result_type = ctx.string(value(&mut map)?, &here)?,
                "failed-session-count" => count = ctx.count(value(&mut map)?, &here)?,
                "sending-mta-ip" => sending_ip = ctx.string(value(&mut map)?, &here)?,
                "receiving-ip" => receiving_ip = ctx.string(value(&mut map)?, &here)?,
                "receiving-mx-hostname" => {
                    d.receiving_mx_hostname = ctx.string(value(&mut map)?, &here)?;
                }
                "receiving-mx-helo" => {
                    d.receiving_mx_helo = ctx.string(value(&mut map)?, &here)?;
                }
                "additional-information" => {
                    d.additional_information = ctx.string(value(&mut map)?, &here)?;
                }
                "failure-reason-code" => {
                    d.failure_reason_code = ctx.string(value(&mut map)?, &here)?;
                }
                other => {
                    ctx.unknown_field(path, other);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        d.sending_mta_ip = ctx.ip(sending_ip, &join(path, "sending-mta-ip"));
        d.receiving_ip = ctx.ip(receiving_ip, &join(path, "receiving-ip"));
        d.result_type = ctx
            .required(result_type, join(path, "result-type"))?
            .to_lowercase();
        d.failed_session_count = ctx.required(count, join(path, "failed-session-count"))?;
        Ok(d)
    }
}

/// `policy-string` or `mx-host`: an array of strings (RFC 8460 §4.4), or
/// one string as some senders write it; null is none.
struct StringsSeed<'c, 'l> {
    ctx: &'c Ctx<'l>,
    path: String,
}

impl<'de> DeserializeSeed<'de> for StringsSeed<'_, '_> {
    type Value = Vec<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl StringsSeed<'_, '_> {
    fn wrong<E: de::Error>(&self) -> E {
        self.ctx.fail(TlsError::BadType {
            path: self.path.clone(),
        })
    }
}

impl<'de> Visitor<'de> for StringsSeed<'_, '_> {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of strings")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<String>, E> {
        Err(self.wrong())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<String>, E> {
        Err(self.wrong())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<String>, E> {
        Err(self.wrong())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<String>, E> {
        Err(self.wrong())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Vec<String>, A::Error> {
        Err(self.wrong())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        self.ctx.entry::<E>(&self.path)?;
        let s = self.ctx.string(Scalar::Str(v.to_string()), &self.path)?;
        Ok(s.into_iter().collect())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        loop {
            let path = format!("{}[{}]", self.path, out.len());
            let Some(value) = seq.next_element_seed(ScalarSeed)? else {
                break;
            };
            self.ctx.entry::<A::Error>(&path)?;
            if let Some(s) = self.ctx.string(value, &path)? {
                out.push(s);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use domainauth::diag::Lang;

    use super::*;

    fn samples() -> Vec<TlsError> {
        let path = || "policies[0].summary.total-failure-session-count".to_string();
        vec![
            TlsError::TooLarge { size: 9, max: 1 },
            TlsError::NotJson { line: 1, column: 2 },
            TlsError::Truncated { line: 3, column: 4 },
            TlsError::NotTls,
            TlsError::Missing { path: path() },
            TlsError::BadType { path: path() },
            TlsError::BadNumber {
                path: path(),
                value: "-1".into(),
            },
            TlsError::TextTooLong {
                max: 8,
                path: path(),
            },
            TlsError::TooMany {
                max: 8,
                path: "policies[8]".into(),
            },
        ]
    }

    #[test]
    fn english_catalog_text_is_display_and_japanese_exists() {
        for e in samples() {
            assert_eq!(e.text(Lang::En), e.to_string(), "{}", e.message_id());
            let ja = e.text(Lang::Ja);
            assert_ne!(ja, e.message_id());
            assert_ne!(ja, e.to_string(), "{} is not translated", e.message_id());
        }
    }
}
