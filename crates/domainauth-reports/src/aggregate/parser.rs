//! The streaming reader: quick-xml events in, one [`AggregateReport`] out.
//! No tree is built: each element's place is known from a small stack of
//! element kinds, leaf text goes into one reused buffer, and each finished
//! `<record>` is pushed as it closes, so time is linear in the input and
//! memory is the report itself plus the deepest open path.

use std::fmt::Write as _;
use std::net::IpAddr;

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::AggregateError;
use super::shown::shown;
use super::values;
use crate::Limits;
use crate::model::{
    AggregateReport, AggregateSchema, DateRange, DkimAuth, DkimAuthResult, DmarcOutcome,
    Identifiers, OverrideKind, OverrideReason, PolicyEvaluated, PublishedPolicy, Record,
    ReportMetadata, SpfAuth, SpfAuthResult, SpfScope,
};

/// The RFC 9990 namespace (RFC 9990 §3.1, IANA "dmarc-2.0").
pub(crate) const NS_DMARC_2: &str = "urn:ietf:params:xml:ns:dmarc-2.0";

/// The last second a `<date_range>` may reach: 9999-12-31T23:59:59Z, the
/// end of the calendar RFC 3339 dates (and our day labels) can write.
pub(crate) const LAST_SECOND: i64 = 253_402_300_799;

/// Most notes kept on one report; the rest are counted in a last note.
const MAX_NOTES: usize = 32;
/// Most distinct unknown element names noted.
const MAX_UNKNOWN_NOTED: usize = 16;

/// Where an element sits in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Feedback,
    Metadata,
    DateRange,
    Policy,
    Record,
    Row,
    Evaluated,
    Reason,
    Identifiers,
    AuthResults,
    DkimAuth,
    SpfAuth,
    Leaf(Field),
    /// `<extension>` (RFC 9990) or `<extensions>`: skipped with its content.
    Extension,
    /// Anything else: skipped with its content.
    Unknown,
}

/// A text-only element the report model keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Version,
    OrgName,
    Email,
    ExtraContactInfo,
    ReportId,
    Begin,
    End,
    MetaError,
    Generator,
    PolicyDomain,
    Adkim,
    Aspf,
    P,
    Sp,
    Np,
    Pct,
    Fo,
    Testing,
    DiscoveryMethod,
    SourceIp,
    Count,
    Disposition,
    EvalDkim,
    EvalSpf,
    ReasonType,
    ReasonComment,
    HeaderFrom,
    EnvelopeFrom,
    EnvelopeTo,
    DkimDomain,
    DkimSelector,
    DkimResult,
    DkimHuman,
    SpfDomain,
    SpfScope,
    SpfResult,
    SpfHuman,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Self::Version => "version",
            Self::OrgName => "org_name",
            Self::Email => "email",
            Self::ExtraContactInfo => "extra_contact_info",
            Self::ReportId => "report_id",
            Self::Begin => "begin",
            Self::End => "end",
            Self::MetaError => "error",
            Self::Generator => "generator",
            Self::PolicyDomain | Self::DkimDomain | Self::SpfDomain => "domain",
            Self::Adkim => "adkim",
            Self::Aspf => "aspf",
            Self::P => "p",
            Self::Sp => "sp",
            Self::Np => "np",
            Self::Pct => "pct",
            Self::Fo => "fo",
            Self::Testing => "testing",
            Self::DiscoveryMethod => "discovery_method",
            Self::SourceIp => "source_ip",
            Self::Count => "count",
            Self::Disposition => "disposition",
            Self::EvalDkim => "dkim",
            Self::EvalSpf => "spf",
            Self::ReasonType => "type",
            Self::ReasonComment => "comment",
            Self::HeaderFrom => "header_from",
            Self::EnvelopeFrom => "envelope_from",
            Self::EnvelopeTo => "envelope_to",
            Self::DkimSelector => "selector",
            Self::DkimResult | Self::SpfResult => "result",
            Self::DkimHuman | Self::SpfHuman => "human_result",
            Self::SpfScope => "scope",
        }
    }
}

impl Kind {
    /// The element's name for a path (`None` for the kinds whose name is
    /// the one written in the document).
    fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::Feedback => "feedback",
            Self::Metadata => "report_metadata",
            Self::DateRange => "date_range",
            Self::Policy => "policy_published",
            Self::Record => "record",
            Self::Row => "row",
            Self::Evaluated => "policy_evaluated",
            Self::Reason => "reason",
            Self::Identifiers => "identifiers",
            Self::AuthResults => "auth_results",
            Self::DkimAuth => "dkim",
            Self::SpfAuth => "spf",
            Self::Leaf(f) => f.name(),
            Self::Extension | Self::Unknown => return None,
        })
    }

    /// True for the elements whose unknown children are worth a note (not
    /// the content of an extension or of something already skipped).
    fn is_known_container(self) -> bool {
        !matches!(self, Self::Extension | Self::Unknown)
    }

    /// The kind of a child element named `local` (namespace prefix
    /// removed), after RFC 9990 §3.1 and RFC 7489 Appendix C.
    fn child(self, local: &str) -> Kind {
        use Field as F;
        let leaf = Kind::Leaf;
        match (self, local) {
            (Self::Feedback, "version") => leaf(F::Version),
            (Self::Feedback, "report_metadata") => Self::Metadata,
            (Self::Feedback, "policy_published") => Self::Policy,
            (Self::Feedback, "record") => Self::Record,
            (Self::Feedback | Self::Record, "extension" | "extensions") => Self::Extension,
            (Self::Metadata, "org_name") => leaf(F::OrgName),
            (Self::Metadata, "email") => leaf(F::Email),
            (Self::Metadata, "extra_contact_info") => leaf(F::ExtraContactInfo),
            (Self::Metadata, "report_id") => leaf(F::ReportId),
            (Self::Metadata, "date_range") => Self::DateRange,
            (Self::Metadata, "error") => leaf(F::MetaError),
            (Self::Metadata, "generator") => leaf(F::Generator),
            // Early drafts of RFC 9990 had the version here.
            (Self::Metadata, "version") => leaf(F::Version),
            (Self::DateRange, "begin") => leaf(F::Begin),
            (Self::DateRange, "end") => leaf(F::End),
            (Self::Policy, "domain") => leaf(F::PolicyDomain),
            (Self::Policy, "adkim") => leaf(F::Adkim),
            (Self::Policy, "aspf") => leaf(F::Aspf),
            (Self::Policy, "p") => leaf(F::P),
            (Self::Policy, "sp") => leaf(F::Sp),
            (Self::Policy, "np") => leaf(F::Np),
            (Self::Policy, "pct") => leaf(F::Pct),
            (Self::Policy, "fo") => leaf(F::Fo),
            (Self::Policy, "testing") => leaf(F::Testing),
            (Self::Policy, "discovery_method") => leaf(F::DiscoveryMethod),
            (Self::Record, "row") => Self::Row,
            (Self::Record, "identifiers") => Self::Identifiers,
            (Self::Record, "auth_results") => Self::AuthResults,
            (Self::Row, "source_ip") => leaf(F::SourceIp),
            (Self::Row, "count") => leaf(F::Count),
            (Self::Row, "policy_evaluated") => Self::Evaluated,
            (Self::Evaluated, "disposition") => leaf(F::Disposition),
            (Self::Evaluated, "dkim") => leaf(F::EvalDkim),
            (Self::Evaluated, "spf") => leaf(F::EvalSpf),
            (Self::Evaluated, "reason") => Self::Reason,
            (Self::Reason, "type") => leaf(F::ReasonType),
            (Self::Reason, "comment") => leaf(F::ReasonComment),
            (Self::Identifiers, "header_from") => leaf(F::HeaderFrom),
            (Self::Identifiers, "envelope_from") => leaf(F::EnvelopeFrom),
            (Self::Identifiers, "envelope_to") => leaf(F::EnvelopeTo),
            (Self::AuthResults, "dkim") => Self::DkimAuth,
            (Self::AuthResults, "spf") => Self::SpfAuth,
            (Self::DkimAuth, "domain") => leaf(F::DkimDomain),
            (Self::DkimAuth, "selector") => leaf(F::DkimSelector),
            (Self::DkimAuth, "result") => leaf(F::DkimResult),
            (Self::DkimAuth, "human_result") => leaf(F::DkimHuman),
            (Self::SpfAuth, "domain") => leaf(F::SpfDomain),
            (Self::SpfAuth, "scope") => leaf(F::SpfScope),
            (Self::SpfAuth, "result") => leaf(F::SpfResult),
            (Self::SpfAuth, "human_result") => leaf(F::SpfHuman),
            _ => Self::Unknown,
        }
    }
}

/// One open element.
struct Frame {
    kind: Kind,
    /// The name as written (local part), for extension and unknown
    /// elements only.
    name: Option<Box<str>>,
}

#[derive(Default)]
struct MetaBuilder {
    seen: bool,
    org_name: String,
    email: String,
    extra_contact_info: Option<String>,
    report_id: String,
    date_range_seen: bool,
    begin: Option<i64>,
    end: Option<i64>,
    errors: Vec<String>,
    generator: Option<String>,
}

#[derive(Default)]
struct RecordBuilder {
    row_seen: bool,
    evaluated_seen: bool,
    source_ip: Option<IpAddr>,
    count: Option<u64>,
    disposition: Option<crate::model::Disposition>,
    dkim_outcome: Option<DmarcOutcome>,
    spf_outcome: Option<DmarcOutcome>,
    reasons: Vec<OverrideReason>,
    header_from: Option<String>,
    envelope_from: Option<String>,
    envelope_to: Option<String>,
    dkim: Vec<DkimAuth>,
    spf: Vec<SpfAuth>,
}

#[derive(Default)]
struct AuthBuilder {
    domain: String,
    selector: Option<String>,
    dkim_result: Option<DkimAuthResult>,
    spf_result: Option<SpfAuthResult>,
    scope: Option<SpfScope>,
    human_result: Option<String>,
    /// The result as written, when it was outside the set.
    bad_result: Option<String>,
}

#[derive(Default)]
struct ReasonBuilder {
    kind: Option<OverrideKind>,
    comment: Option<String>,
}

/// Notes, deduplicated and bounded.
#[derive(Default)]
struct Notes {
    list: Vec<String>,
    dropped: usize,
}

impl Notes {
    fn add(&mut self, note: String) {
        if self.list.contains(&note) {
            return;
        }
        if self.list.len() < MAX_NOTES {
            self.list.push(note);
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list
                .push(format!("{} further notes not kept", self.dropped));
        }
        self.list
    }
}

/// The reader's state while it walks one document.
pub(crate) struct Parser<'t, 'l> {
    reader: Reader<&'t [u8]>,
    limits: &'l Limits,
    /// Bytes before the text (a byte order mark), added to offsets.
    skipped: u64,
    stack: Vec<Frame>,
    /// Text of the open leaf element.
    text: String,
    /// Where the open leaf element starts: the offset its value errors name.
    leaf_start: u64,
    notes: Notes,
    unknown_noted: Vec<Box<str>>,
    extension_noted: bool,
    root_done: bool,
    records_seen: usize,
    rfc9990: bool,
    version: Option<String>,
    meta: MetaBuilder,
    policy_seen: bool,
    policy: PublishedPolicy,
    record: RecordBuilder,
    auth: AuthBuilder,
    reason: ReasonBuilder,
    records: Vec<Record>,
}

impl<'t, 'l> Parser<'t, 'l> {
    pub(crate) fn new(text: &'t str, skipped: u64, notes: Vec<String>, limits: &'l Limits) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.allow_dangling_amp = false;
        config.expand_empty_elements = false;
        let mut collected = Notes::default();
        for note in notes {
            collected.add(note);
        }
        Self {
            reader,
            limits,
            skipped,
            stack: Vec::new(),
            text: String::new(),
            leaf_start: 0,
            notes: collected,
            unknown_noted: Vec::new(),
            extension_noted: false,
            root_done: false,
            records_seen: 0,
            rfc9990: false,
            version: None,
            meta: MetaBuilder::default(),
            policy_seen: false,
            policy: PublishedPolicy::default(),
            record: RecordBuilder::default(),
            auth: AuthBuilder::default(),
            reason: ReasonBuilder::default(),
            records: Vec::new(),
        }
    }

    fn position(&self) -> u64 {
        self.reader.buffer_position().saturating_add(self.skipped)
    }

    /// The element path of the open elements, `/` at the top.
    fn path(&self) -> String {
        if self.stack.is_empty() {
            return "/".to_string();
        }
        let mut path = String::new();
        for (i, frame) in self.stack.iter().enumerate() {
            if i > 0 {
                path.push('/');
            }
            match (frame.kind, frame.kind.name(), &frame.name) {
                (Kind::Record, _, _) => {
                    let _ = write!(path, "record[{}]", self.records_seen);
                }
                (_, Some(name), _) => path.push_str(name),
                (_, None, Some(name)) => path.push_str(name),
                (_, None, None) => path.push('?'),
            }
        }
        path
    }

    /// Reads the whole document.
    pub(crate) fn run(mut self) -> Result<AggregateReport, AggregateError> {
        loop {
            let before = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => return Err(self.xml_error(e)),
            };
            match event {
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::DocType(_) => return Err(AggregateError::Doctype { offset: before }),
                Event::Start(e) => self.start(&e, before)?,
                Event::Empty(e) => {
                    self.start(&e, before)?;
                    let after = self.position();
                    self.end(after)?;
                }
                Event::End(_) => {
                    let after = self.position();
                    self.end(after)?;
                }
                Event::Text(t) => {
                    if self.stack.is_empty() && !self.root_done && !t.trim().is_empty() {
                        let lead = t.len() - t.trim_start().len();
                        return Err(AggregateError::NotXml {
                            offset: before.saturating_add(lead as u64),
                        });
                    }
                    self.text(&t.xml10_content(), before)?;
                }
                Event::CData(c) => self.text(&c.xml10_content(), before)?,
                Event::GeneralRef(r) => self.reference(&r, before)?,
                Event::Eof => break,
            }
        }
        let end = self.position();
        if !self.stack.is_empty() {
            return Err(AggregateError::Truncated {
                path: self.path(),
                offset: end,
            });
        }
        if !self.root_done {
            return Err(AggregateError::NotXml { offset: end });
        }
        Ok(self.finish())
    }

    fn xml_error(&self, e: XmlError) -> AggregateError {
        let offset = self.reader.error_position().saturating_add(self.skipped);
        let path = self.path();
        match e {
            XmlError::Syntax(SyntaxError::InvalidBangMarkup) => {
                AggregateError::Malformed { path, offset }
            }
            XmlError::Syntax(_) | XmlError::IllFormed(IllFormedError::MissingEndTag(_)) => {
                AggregateError::Truncated {
                    path,
                    offset: self.position(),
                }
            }
            XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                AggregateError::MismatchedEnd {
                    expected: shown(&expected),
                    found: shown(&found),
                    path,
                    offset,
                }
            }
            XmlError::IllFormed(IllFormedError::UnmatchedEndTag(found)) => {
                AggregateError::UnmatchedEnd {
                    found: shown(&found),
                    offset,
                }
            }
            _ => AggregateError::Malformed { path, offset },
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, offset: u64) -> Result<(), AggregateError> {
        let max_text = self.limits.max_text;
        let local_name = e.local_name();
        let local: &str = local_name.as_ref();
        if self.stack.len() >= self.limits.max_xml_depth {
            return Err(AggregateError::TooDeep {
                max: self.limits.max_xml_depth,
                path: format!("{}/{}", self.path(), shown(local)),
                offset,
            });
        }
        if e.len() > max_text {
            return Err(AggregateError::AttributeTooLong {
                max: max_text,
                path: format!("{}/{}", self.path(), shown(local)),
                offset,
            });
        }
        let root = self.stack.is_empty();
        for attr in e.attributes() {
            let Ok(attr) = attr else {
                return Err(AggregateError::Malformed {
                    path: format!("{}/{}", self.path(), shown(local)),
                    offset,
                });
            };
            self.check_refs(&attr.value, offset)?;
            let key: &str = attr.key.as_ref();
            if root
                && (key == "xmlns" || key.starts_with("xmlns:"))
                && attr.value.trim() == NS_DMARC_2
            {
                self.rfc9990 = true;
            }
        }
        let kind = match self.stack.last() {
            None => {
                if self.root_done {
                    return Err(AggregateError::Malformed {
                        path: "/".to_string(),
                        offset,
                    });
                }
                if local != "feedback" {
                    return Err(AggregateError::NotAggregate { root: shown(local) });
                }
                Kind::Feedback
            }
            Some(parent) => {
                let kind = parent.kind.child(local);
                if kind == Kind::Unknown && parent.kind.is_known_container() {
                    self.note_unknown(local);
                }
                kind
            }
        };
        let name = match kind {
            Kind::Unknown | Kind::Extension => Some(shown(local).into_boxed_str()),
            _ => None,
        };
        match kind {
            Kind::Extension if !self.extension_noted => {
                self.extension_noted = true;
                self.notes.add(format!("<{}> skipped", shown(local)));
            }
            Kind::Metadata => self.meta.seen = true,
            Kind::DateRange => self.meta.date_range_seen = true,
            Kind::Policy => self.policy_seen = true,
            Kind::Record => {
                if self.records_seen >= self.limits.max_records {
                    return Err(AggregateError::TooManyRecords {
                        max: self.limits.max_records,
                        offset,
                    });
                }
                self.records_seen += 1;
                self.record = RecordBuilder::default();
            }
            Kind::Row => self.record.row_seen = true,
            Kind::Evaluated => self.record.evaluated_seen = true,
            Kind::Reason => self.reason = ReasonBuilder::default(),
            Kind::DkimAuth | Kind::SpfAuth => self.auth = AuthBuilder::default(),
            Kind::Leaf(field) => {
                self.text.clear();
                self.leaf_start = offset;
                if matches!(
                    field,
                    Field::Np | Field::DiscoveryMethod | Field::Testing | Field::Generator
                ) {
                    self.rfc9990 = true;
                }
            }
            _ => {}
        }
        self.stack.push(Frame { kind, name });
        Ok(())
    }

    fn note_unknown(&mut self, local: &str) {
        if self.unknown_noted.len() >= MAX_UNKNOWN_NOTED
            || self.unknown_noted.iter().any(|n| &**n == local)
        {
            return;
        }
        self.unknown_noted.push(local.into());
        let note = format!(
            "unknown element <{}> in {} skipped",
            shown(local),
            self.path()
        );
        self.notes.add(note);
    }

    /// Refuses entity references other than the predefined ones in an
    /// attribute value (they are never expanded; attribute values are not
    /// used beyond namespace declarations).
    fn check_refs(&self, value: &str, offset: u64) -> Result<(), AggregateError> {
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            rest = &rest[amp + 1..];
            let Some(semi) = rest.find(';') else {
                return Err(AggregateError::Malformed {
                    path: self.path(),
                    offset,
                });
            };
            let name = &rest[..semi];
            resolve(name).map_err(|bad| self.ref_error(bad, name, offset))?;
            rest = &rest[semi + 1..];
        }
        Ok(())
    }

    fn ref_error(&self, bad: BadRef, name: &str, offset: u64) -> AggregateError {
        match bad {
            BadRef::Char => AggregateError::BadCharRef {
                name: shown(name),
                path: self.path(),
                offset,
            },
            BadRef::Entity => AggregateError::UnknownEntity {
                name: shown(name),
                path: self.path(),
                offset,
            },
        }
    }

    fn in_leaf(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: Kind::Leaf(_),
                ..
            })
        )
    }

    fn text(&mut self, piece: &str, offset: u64) -> Result<(), AggregateError> {
        let max = self.limits.max_text;
        let collected = if self.in_leaf() { self.text.len() } else { 0 };
        if collected.saturating_add(piece.len()) > max {
            return Err(AggregateError::TextTooLong {
                max,
                path: self.path(),
                offset,
            });
        }
        if self.in_leaf() {
            self.text.push_str(piece);
        }
        Ok(())
    }

    fn reference(&mut self, r: &BytesRef<'_>, offset: u64) -> Result<(), AggregateError> {
        let name: &str = r;
        let c = match resolve(name) {
            Ok(c) => c,
            Err(bad) => return Err(self.ref_error(bad, name, offset)),
        };
        let mut buf = [0u8; 4];
        let piece: &str = c.encode_utf8(&mut buf);
        self.text(piece, offset)
    }

    fn end(&mut self, offset: u64) -> Result<(), AggregateError> {
        let Some(frame) = self.stack.last() else {
            return Err(AggregateError::UnmatchedEnd {
                found: String::new(),
                offset,
            });
        };
        let kind = frame.kind;
        match kind {
            Kind::Leaf(field) => {
                let mut text = std::mem::take(&mut self.text);
                let result = self.leaf(field, text.trim(), self.leaf_start);
                text.clear();
                self.text = text;
                result?;
            }
            Kind::DateRange => {
                let Some(begin) = self.meta.begin else {
                    return Err(self.missing("begin", offset));
                };
                let Some(end) = self.meta.end else {
                    return Err(self.missing("end", offset));
                };
                if !(0..=LAST_SECOND).contains(&begin) || !(begin..=LAST_SECOND).contains(&end) {
                    return Err(AggregateError::BadDateRange {
                        begin,
                        end,
                        path: self.path(),
                        offset,
                    });
                }
            }
            Kind::Metadata => {
                if self.meta.org_name.is_empty() {
                    return Err(self.missing("org_name", offset));
                }
                if self.meta.report_id.is_empty() {
                    return Err(self.missing("report_id", offset));
                }
                if !self.meta.date_range_seen {
                    return Err(self.missing("date_range", offset));
                }
                if self.meta.email.is_empty() {
                    self.notes
                        .add("<email> missing in report_metadata".to_string());
                }
            }
            Kind::Policy if self.policy.domain.is_empty() => {
                return Err(self.missing("domain", offset));
            }
            Kind::Row => {
                if self.record.source_ip.is_none() {
                    return Err(self.missing("source_ip", offset));
                }
                if self.record.count.is_none() {
                    return Err(self.missing("count", offset));
                }
                if !self.record.evaluated_seen {
                    return Err(self.missing("policy_evaluated", offset));
                }
            }
            Kind::Evaluated if self.record.disposition.is_none() => {
                return Err(self.missing("disposition", offset));
            }
            Kind::Reason => {
                let reason = std::mem::take(&mut self.reason);
                match (reason.kind, reason.comment) {
                    (None, None) => self.notes.add("empty <reason> skipped".to_string()),
                    (kind, comment) => self.record.reasons.push(OverrideReason {
                        kind: kind.unwrap_or_else(|| OverrideKind::Other(String::new())),
                        comment,
                    }),
                }
            }
            Kind::DkimAuth => self.finish_dkim(),
            Kind::SpfAuth => self.finish_spf(),
            Kind::Record => self.finish_record(offset)?,
            Kind::Feedback => {
                if !self.meta.seen {
                    return Err(self.missing("report_metadata", offset));
                }
                if !self.policy_seen {
                    return Err(self.missing("policy_published", offset));
                }
                if self.records.is_empty() {
                    return Err(AggregateError::NoRecords);
                }
                self.root_done = true;
            }
            _ => {}
        }
        self.stack.pop();
        Ok(())
    }

    fn missing(&self, element: &'static str, offset: u64) -> AggregateError {
        AggregateError::Missing {
            element,
            path: self.path(),
            offset,
        }
    }

    fn bad(&self, value: &str, offset: u64) -> AggregateError {
        AggregateError::BadValue {
            value: shown(value),
            path: self.path(),
            offset,
        }
    }

    fn note_value(&mut self, value: &str) {
        let note = format!(
            "value \"{}\" in {} not understood",
            shown(value),
            self.path()
        );
        self.notes.add(note);
    }

    fn leaf(&mut self, field: Field, value: &str, offset: u64) -> Result<(), AggregateError> {
        let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
        let domain = crate::domain::normalize;
        match field {
            Field::Version => {
                if value != "1.0" {
                    let note = if value.is_empty() {
                        "empty <version>".to_string()
                    } else {
                        format!("<version> is \"{}\", not 1.0", shown(value))
                    };
                    self.notes.add(note);
                }
                self.version = some(value);
            }
            Field::OrgName => self.meta.org_name = value.to_string(),
            Field::Email => self.meta.email = value.to_string(),
            Field::ExtraContactInfo => self.meta.extra_contact_info = some(value),
            Field::ReportId => self.meta.report_id = value.to_string(),
            Field::Begin | Field::End => {
                if value.is_empty() {
                    return Ok(());
                }
                let Ok(time) = value.parse::<i64>() else {
                    return Err(self.bad(value, offset));
                };
                if field == Field::Begin {
                    self.meta.begin = Some(time);
                } else {
                    self.meta.end = Some(time);
                }
            }
            Field::MetaError => {
                if !value.is_empty() {
                    self.meta.errors.push(value.to_string());
                }
            }
            Field::Generator => self.meta.generator = some(value),
            Field::PolicyDomain => self.policy.domain = domain(value),
            Field::Adkim | Field::Aspf => {
                let mode = values::alignment(value);
                if mode.is_none() && !value.is_empty() {
                    self.note_value(value);
                }
                if field == Field::Adkim {
                    self.policy.adkim = mode;
                } else {
                    self.policy.aspf = mode;
                }
            }
            Field::P | Field::Sp | Field::Np => {
                let policy = values::disposition(value);
                if policy.is_none() && !value.is_empty() {
                    self.note_value(value);
                }
                match field {
                    Field::P => self.policy.p = policy,
                    Field::Sp => self.policy.sp = policy,
                    _ => self.policy.np = policy,
                }
            }
            Field::Pct => {
                self.policy.pct = values::pct(value);
                if self.policy.pct.is_none() && !value.is_empty() {
                    self.note_value(value);
                }
            }
            Field::Fo => self.policy.fo = some(value),
            Field::Testing => {
                self.policy.testing = values::testing(value);
                if self.policy.testing.is_none() && !value.is_empty() {
                    self.note_value(value);
                }
            }
            Field::DiscoveryMethod => {
                self.policy.discovery_method = some(value).map(|v| v.to_lowercase())
            }
            Field::SourceIp => {
                if value.is_empty() {
                    return Ok(());
                }
                match value.parse::<IpAddr>() {
                    Ok(ip) => self.record.source_ip = Some(ip),
                    Err(_) => {
                        return Err(AggregateError::BadSourceIp {
                            value: shown(value),
                            path: self.path(),
                            offset,
                        });
                    }
                }
            }
            Field::Count => {
                if value.is_empty() {
                    return Ok(());
                }
                match value.parse::<u64>() {
                    Ok(count) => self.record.count = Some(count),
                    Err(_) => {
                        return Err(AggregateError::BadCount {
                            value: shown(value),
                            path: self.path(),
                            offset,
                        });
                    }
                }
            }
            Field::Disposition => {
                if value.is_empty() {
                    return Ok(());
                }
                match values::disposition(value) {
                    Some(d) => self.record.disposition = Some(d),
                    None => return Err(self.bad(value, offset)),
                }
            }
            Field::EvalDkim | Field::EvalSpf => {
                let outcome = if value.is_empty() {
                    None
                } else {
                    Some(values::outcome(value).unwrap_or_else(|fail| {
                        let note =
                            format!("value \"{}\" in {} read as fail", shown(value), self.path());
                        self.notes.add(note);
                        fail
                    }))
                };
                if field == Field::EvalDkim {
                    self.record.dkim_outcome = outcome;
                } else {
                    self.record.spf_outcome = outcome;
                }
            }
            Field::ReasonType => {
                self.reason.kind = (!value.is_empty()).then(|| values::override_kind(value))
            }
            Field::ReasonComment => self.reason.comment = some(value),
            Field::HeaderFrom => self.record.header_from = Some(domain(value)),
            // RFC 9990 §3.1.4: present but empty for a null reverse-path.
            Field::EnvelopeFrom => self.record.envelope_from = Some(domain(value)),
            Field::EnvelopeTo => self.record.envelope_to = some(value).map(|v| domain(&v)),
            Field::DkimDomain | Field::SpfDomain => self.auth.domain = domain(value),
            Field::DkimSelector => self.auth.selector = some(value),
            Field::DkimHuman | Field::SpfHuman => self.auth.human_result = some(value),
            Field::DkimResult => {
                self.auth.dkim_result = values::dkim_result(value);
                if self.auth.dkim_result.is_none() {
                    self.auth.bad_result = Some(value.to_string());
                }
            }
            Field::SpfResult => match values::spf_result(value) {
                Some((result, hardfail)) => {
                    if hardfail {
                        self.notes
                            .add("SPF result \"hardfail\" read as fail".to_string());
                    }
                    self.auth.spf_result = Some(result);
                }
                None => self.auth.bad_result = Some(value.to_string()),
            },
            Field::SpfScope => {
                self.auth.scope = values::spf_scope(value);
                if self.auth.scope.is_none() && !value.is_empty() {
                    self.note_value(value);
                }
            }
        }
        Ok(())
    }

    fn finish_dkim(&mut self) {
        let auth = std::mem::take(&mut self.auth);
        match auth.dkim_result {
            Some(result) => self.record.dkim.push(DkimAuth {
                domain: auth.domain,
                selector: auth.selector,
                result,
                human_result: auth.human_result,
            }),
            None => self.note_bad_result("dkim", auth.bad_result),
        }
    }

    fn finish_spf(&mut self) {
        let auth = std::mem::take(&mut self.auth);
        match auth.spf_result {
            Some(result) => self.record.spf.push(SpfAuth {
                domain: auth.domain,
                scope: auth.scope,
                result,
                human_result: auth.human_result,
            }),
            None => self.note_bad_result("spf", auth.bad_result),
        }
    }

    fn note_bad_result(&mut self, what: &str, result: Option<String>) {
        let note = match result.as_deref() {
            None | Some("") => format!("<{what}> without a result in {} skipped", self.path()),
            Some(r) => format!(
                "<{what}> result \"{}\" in {} not understood; skipped",
                shown(r),
                self.path()
            ),
        };
        self.notes.add(note);
    }

    fn finish_record(&mut self, offset: u64) -> Result<(), AggregateError> {
        if !self.record.row_seen {
            return Err(self.missing("row", offset));
        }
        let record = std::mem::take(&mut self.record);
        let header_from = match record.header_from {
            Some(h) if !h.is_empty() => h,
            _ => {
                self.notes
                    .add(format!("<header_from> missing in {}", self.path()));
                String::new()
            }
        };
        let (Some(source_ip), Some(count), Some(disposition)) =
            (record.source_ip, record.count, record.disposition)
        else {
            // Checked when <row> and <policy_evaluated> closed.
            return Err(self.missing("row", offset));
        };
        self.records.push(Record {
            source_ip,
            count,
            evaluated: PolicyEvaluated {
                disposition,
                dkim: record.dkim_outcome,
                spf: record.spf_outcome,
                reasons: record.reasons,
            },
            identifiers: Identifiers {
                header_from,
                envelope_from: record.envelope_from,
                envelope_to: record.envelope_to,
            },
            dkim: record.dkim,
            spf: record.spf,
        });
        Ok(())
    }

    fn finish(self) -> AggregateReport {
        let meta = self.meta;
        AggregateReport {
            schema: if self.rfc9990 {
                AggregateSchema::Rfc9990
            } else {
                AggregateSchema::Rfc7489
            },
            version: self.version,
            metadata: ReportMetadata {
                org_name: meta.org_name,
                email: meta.email,
                extra_contact_info: meta.extra_contact_info,
                report_id: meta.report_id,
                date_range: DateRange {
                    begin: meta.begin.unwrap_or_default(),
                    end: meta.end.unwrap_or_default(),
                },
                errors: meta.errors,
                generator: meta.generator,
            },
            policy: self.policy,
            records: self.records,
            notes: self.notes.finish(),
        }
    }
}

/// Why a reference was refused.
enum BadRef {
    Char,
    Entity,
}

/// The character a reference (`lt`, `#x41`, …) stands for: the five
/// predefined entities and character references only (XML 1.0 §4.6, §4.1).
fn resolve(name: &str) -> Result<char, BadRef> {
    if name.starts_with('#') {
        return match BytesRef::new(name).resolve_char_ref() {
            Ok(Some(c)) => Ok(c),
            _ => Err(BadRef::Char),
        };
    }
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(BadRef::Entity),
    }
}
