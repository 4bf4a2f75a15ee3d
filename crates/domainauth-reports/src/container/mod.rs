//! Containers: what report files and mails wrap reports in, opened by
//! content and within caps.
//!
//! Receivers send aggregate reports (RFC 9990 §3) as `.xml`, `.xml.gz` or
//! `.zip`, mostly attached to a mail (RFC 9990 §4 recommends gzip; zip is
//! what many send); TLS reports (RFC 8460 §5.3) as `.json` or `.json.gz`
//! (`application/tlsrpt+gzip`); failure reports (RFC 9991, RFC 6591) are a
//! mail of their own (`multipart/report; report-type=feedback-report`,
//! RFC 5965), or plain text from some receivers. [`extract`] takes one
//! input (a file, a mail) and hands over each report it holds as a
//! [`Payload`], and each part it could not read as a [`Rejected`] naming
//! the part and the reason; the rest goes on.
//!
//! Every input is hostile. The format is sniffed from the content
//! ([`sniff`]), never taken from a name or a Content-Type alone (a wrong one
//! is tolerated and noted). Decompression runs through a [`Budget`] that
//! stops at the caps of [`Limits`] before a bomb's output
//! exists; zip headers' sizes are never trusted for allocation; an archive
//! inside an archive is read, one level deeper is not
//! ([`MAX_ARCHIVE_NESTING`]); MIME parts and depth are capped.
//!
//! Payload names say where the report came from, parts joined by
//! [`SEPARATOR`]: `inbox.mbox#msg 12 › google.com!example.jp!1700000000!1700086400.zip › google.com!example.jp!1700000000!1700086400.xml`.
//! Names are as the sender wrote them: escape them (the catalog's `ui`
//! does) before printing.

mod budget;
mod error;
mod gzip;
mod inflate;
mod mime;
mod sniff;
mod transfer;
mod zip;

pub use budget::Budget;
pub use error::{ContainerError, ContainerNote, Format};
pub use gzip::{Gunzipped, gunzip};
pub use sniff::sniff;

use sniff::is_feedback_xml;

use std::borrow::Cow;
use std::fmt;

use domainauth::escape::escape_controls;

use crate::Limits;

/// Joins the parts of a payload's name: the input, then each archive entry
/// or attachment inside it.
pub const SEPARATOR: &str = " › ";

/// How many archives may sit inside another: a zip in a zip, or a gzip in
/// a zip, is read; an archive one level deeper is refused
/// ([`ContainerError::NestedTooDeep`]). No receiver nests deeper; bombs do.
pub const MAX_ARCHIVE_NESTING: usize = 1;

/// MIME nesting is never followed deeper than this, whatever
/// [`Limits::max_mime_depth`] says: each level of an attached message is a
/// level of recursion.
pub const MIME_DEPTH_CEILING: usize = 64;

/// Which kind of report a payload holds, by its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadKind {
    /// XML: a DMARC aggregate report (RFC 9990 §3, RFC 7489 App. C).
    Aggregate,
    /// JSON: an SMTP TLS report (RFC 8460 §4).
    Tls,
    /// A whole mail that is a DMARC failure report (RFC 9991, RFC 6591 in
    /// the ARF of RFC 5965, or a plain-text report).
    Failure,
}

/// A report found in an input: its bytes, ready for the parser of its
/// kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Payload {
    /// Where it came from: the input's name, then archive entries and
    /// attachments joined by [`SEPARATOR`]. As the sender wrote it: escape
    /// before printing.
    pub name: String,
    /// The report's kind.
    pub kind: PayloadKind,
    /// The decoded, decompressed report (for [`PayloadKind::Failure`], the
    /// whole mail).
    pub bytes: Vec<u8>,
    /// What was tolerated on the way (a wrong name or Content-Type …).
    pub notes: Vec<ContainerNote>,
}

/// A part of an input that gave no report, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The part, named as [`Payload::name`] is.
    pub name: String,
    /// Why.
    pub error: ContainerError,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", escape_controls(&self.name), self.error)
    }
}

/// What [`extract`] did with one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Extraction {
    /// Payloads handed over.
    pub payloads: usize,
    /// Rejections handed over.
    pub rejected: usize,
    /// Bytes decompressed, refused payloads included: never more than the
    /// caps, however far a bomb would have expanded.
    pub inflated: u64,
}

/// Finds the reports in one input (`bytes`, named `name`: a path, or
/// `path#msg N`) and hands each to `sink`, with a [`Rejected`] for each
/// part that could not be read; the other parts go on.
///
/// - XML → [`PayloadKind::Aggregate`]; JSON → [`PayloadKind::Tls`];
/// - gzip → its content; zip → each entry (at most
///   [`Limits::max_zip_entries`]);
/// - a mail → each report attachment, through multipart, base64 and
///   quoted-printable (non-report attachments are skipped), or, when the
///   mail is a failure report (`multipart/report;
///   report-type=feedback-report`, a `message/feedback-report` part, or a
///   plain-text DMARC failure report), one [`PayloadKind::Failure`] payload
///   of the whole mail.
///
/// An input with no report at all gives one [`Rejected`]: "no report in
/// this message" for a mail, "not a report" for anything else.
///
/// ```
/// use domainauth_reports::Limits;
/// use domainauth_reports::container::{PayloadKind, extract};
///
/// let mail = b"From: noreply-dmarc-support@google.com\r\n\
/// Subject: Report domain: example.jp\r\n\
/// Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
/// --b\r\nContent-Type: text/plain\r\n\r\nThis is an aggregate report.\r\n\
/// --b\r\nContent-Type: application/xml; name=\"report.xml\"\r\n\
/// Content-Transfer-Encoding: base64\r\n\r\nPGZlZWRiYWNrLz4=\r\n--b--\r\n";
/// let mut found = Vec::new();
/// extract("inbox.mbox#msg 1", mail, &Limits::default(), &mut |r| found.push(r));
/// let payload = found.pop().unwrap().unwrap();
/// assert_eq!(payload.name, "inbox.mbox#msg 1 › report.xml");
/// assert_eq!(payload.kind, PayloadKind::Aggregate);
/// assert_eq!(payload.bytes, b"<feedback/>");
/// assert!(found.is_empty());
/// ```
pub fn extract(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(Result<Payload, Rejected>),
) -> Extraction {
    extract_cow(name, Cow::Borrowed(bytes), limits, sink)
}

/// [`extract`] of an input the caller gives away: an input that is itself
/// the report (an `.xml` or `.json` file) becomes the payload without a
/// copy, so a large report is held once, not twice.
pub fn extract_owned(
    name: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    sink: &mut dyn FnMut(Result<Payload, Rejected>),
) -> Extraction {
    extract_cow(name, Cow::Owned(bytes), limits, sink)
}

fn extract_cow(
    name: &str,
    bytes: Cow<'_, [u8]>,
    limits: &Limits,
    sink: &mut dyn FnMut(Result<Payload, Rejected>),
) -> Extraction {
    let mut ctx = Ctx {
        limits,
        max_mime_depth: limits.max_mime_depth.min(MIME_DEPTH_CEILING),
        budget: Budget::new(limits),
        sink,
        done: Extraction::default(),
        parts: 0,
    };
    if bytes.len() as u64 > limits.max_input {
        ctx.reject(
            name,
            ContainerError::InputTooLarge {
                limit: limits.max_input,
            },
        );
    } else if bytes.is_empty() {
        ctx.reject(name, ContainerError::Empty);
    } else {
        let top = sniff(&bytes);
        let claims = Claims {
            name: Some(name),
            content_type: None,
        };
        ctx.blob(name, bytes, Level::default(), claims, &[], Place::Top);
        if ctx.done.payloads == 0 && ctx.done.rejected == 0 {
            let error = match top {
                Some(Format::Mail) => ContainerError::NoReport,
                Some(Format::Gzip | Format::Zip) => ContainerError::NoReportInArchive,
                _ => ContainerError::NotAReport,
            };
            ctx.reject(name, error);
        }
    }
    ctx.done.inflated = ctx.budget.inflated();
    ctx.done
}

/// How deep a blob sits.
#[derive(Debug, Clone, Copy, Default)]
struct Level {
    /// Archives around it.
    archives: usize,
    /// MIME nesting around it.
    mime: usize,
}

/// Where a blob was found: what is done with content that is not a report
/// depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The input itself.
    Top,
    /// An archive entry or the content of a gzip.
    Archive,
    /// A leaf part of a mail.
    MailPart,
}

/// What a name and a Content-Type say the content is.
#[derive(Debug, Clone, Copy, Default)]
struct Claims<'a> {
    name: Option<&'a str>,
    content_type: Option<&'a str>,
}

fn format_of_name(name: &str) -> Option<Format> {
    let lower = name.trim().to_ascii_lowercase();
    let ext = lower.rsplit_once('.')?.1;
    Some(match ext {
        "xml" => Format::Xml,
        "json" => Format::Json,
        "gz" | "gzip" => Format::Gzip,
        "zip" => Format::Zip,
        "eml" => Format::Mail,
        _ => return None,
    })
}

fn format_of_content_type(content_type: &str) -> Option<Format> {
    Some(match content_type {
        "application/gzip"
        | "application/x-gzip"
        | "application/gzip-compressed"
        | "application/x-gzip-compressed"
        | "application/tlsrpt+gzip" => Format::Gzip,
        "application/zip" | "application/x-zip-compressed" | "application/x-zip" => Format::Zip,
        "text/xml" | "application/xml" => Format::Xml,
        "application/json" | "application/tlsrpt+json" => Format::Json,
        "message/rfc822" | "message/global" => Format::Mail,
        _ => return None,
    })
}

impl Claims<'_> {
    /// The name or Content-Type says XML.
    fn says_xml(&self) -> bool {
        self.name.and_then(format_of_name) == Some(Format::Xml)
            || self.content_type.and_then(format_of_content_type) == Some(Format::Xml)
    }

    /// Notes for each claim the content contradicts.
    fn check(&self, found: Format, notes: &mut Vec<ContainerNote>) {
        if let Some(name) = self.name
            && let Some(claimed) = format_of_name(name)
            && claimed != found
        {
            notes.push(ContainerNote::NameMismatch {
                name: name.to_string(),
                claimed,
                found,
            });
        }
        if let Some(content_type) = self.content_type
            && let Some(claimed) = format_of_content_type(content_type)
            && claimed != found
        {
            notes.push(ContainerNote::ContentTypeMismatch {
                content_type: content_type.to_string(),
                found,
            });
        }
    }
}

fn join(name: &str, part: &str) -> String {
    format!("{name}{SEPARATOR}{part}")
}

/// The phrase plain-text DMARC failure reports open with (Exim's, and
/// those that copy it).
const PLAIN_FAILURE_PHRASE: &[u8] = b"A message claiming to be from you has failed";

/// Subjects of plain-text failure reports.
const PLAIN_FAILURE_SUBJECTS: &[&str] = &["dmarc forensic report", "dmarc failure report"];

/// How much of a text part is searched for [`PLAIN_FAILURE_PHRASE`].
const PLAIN_FAILURE_SCAN: usize = 64 << 10;

struct Ctx<'l, 's> {
    limits: &'l Limits,
    max_mime_depth: usize,
    budget: Budget,
    sink: &'s mut dyn FnMut(Result<Payload, Rejected>),
    done: Extraction,
    /// MIME parts walked so far in this input.
    parts: usize,
}

impl Ctx<'_, '_> {
    fn emit(&mut self, name: &str, kind: PayloadKind, bytes: Vec<u8>, notes: Vec<ContainerNote>) {
        self.done.payloads += 1;
        (self.sink)(Ok(Payload {
            name: name.to_string(),
            kind,
            bytes,
            notes,
        }));
    }

    fn reject(&mut self, name: &str, error: ContainerError) {
        self.done.rejected += 1;
        (self.sink)(Err(Rejected {
            name: name.to_string(),
            error,
        }));
    }

    /// Sniffs `bytes` and reads it as what it is. Owned bytes (a decoded
    /// attachment, an inflated entry) move into the payload uncopied, or
    /// are freed before what they hold is read.
    fn blob(
        &mut self,
        name: &str,
        bytes: Cow<'_, [u8]>,
        level: Level,
        claims: Claims<'_>,
        notes: &[ContainerNote],
        place: Place,
    ) {
        let Some(format) = sniff(&bytes) else {
            // Empty or unknown content: a non-report attachment or entry is
            // skipped; an input of it is rejected by `extract`.
            return;
        };
        if format == Format::Mail && place == Place::MailPart {
            // Text that looks like a header block, in a part not declared
            // message/rfc822: not an attached mail.
            return;
        }
        if format == Format::Xml && place == Place::MailPart && !claims.says_xml() {
            // A text part that opens with "<" ("<https://…>", a quoted
            // address) is text, unless it is DMARC's root element.
            if !is_feedback_xml(&bytes) {
                return;
            }
        }
        let mut notes = notes.to_vec();
        claims.check(format, &mut notes);
        match format {
            Format::Xml => self.emit(name, PayloadKind::Aggregate, bytes.into_owned(), notes),
            Format::Json => self.emit(name, PayloadKind::Tls, bytes.into_owned(), notes),
            Format::Mail => self.mail(name, &bytes, level, &notes),
            Format::Gzip | Format::Zip if level.archives > MAX_ARCHIVE_NESTING => {
                self.reject(
                    name,
                    ContainerError::NestedTooDeep {
                        limit: MAX_ARCHIVE_NESTING,
                    },
                );
            }
            Format::Gzip => match gunzip(&bytes, &mut self.budget) {
                Ok(inner) => {
                    drop(bytes);
                    notes.extend(inner.notes);
                    // "r.xml.gz" holds "r.xml"; a name without the suffix
                    // says nothing of what is inside.
                    let inner_name = claims.name.and_then(|n| {
                        let lower = n.to_ascii_lowercase();
                        let suffix = [".gz", ".gzip"].into_iter().find(|s| lower.ends_with(s))?;
                        n.get(..n.len() - suffix.len())
                    });
                    let inner_claims = Claims {
                        name: inner_name,
                        content_type: None,
                    };
                    let inner_level = Level {
                        archives: level.archives + 1,
                        ..level
                    };
                    let before = self.done;
                    self.blob(
                        name,
                        Cow::Owned(inner.bytes),
                        inner_level,
                        inner_claims,
                        &notes,
                        Place::Archive,
                    );
                    if self.done == before && place != Place::Top {
                        self.reject(name, ContainerError::NoReportInArchive);
                    }
                }
                Err(e) => self.reject(name, e),
            },
            Format::Zip => self.zip(name, &bytes, level, &notes, place),
        }
    }

    fn zip(
        &mut self,
        name: &str,
        bytes: &[u8],
        level: Level,
        notes: &[ContainerNote],
        place: Place,
    ) {
        let mut reader = zip::Reader::new(bytes, self.limits);
        let inner_level = Level {
            archives: level.archives + 1,
            ..level
        };
        let before = self.done;
        while let Some(entry) = reader.next_entry(&mut self.budget) {
            let entry_name = join(name, &entry.name);
            match entry.data {
                Ok(data) => {
                    let mut entry_notes = notes.to_vec();
                    entry_notes.extend(reader.notes.iter().cloned());
                    let claims = Claims {
                        name: Some(&entry.name),
                        content_type: None,
                    };
                    self.blob(
                        &entry_name,
                        data,
                        inner_level,
                        claims,
                        &entry_notes,
                        Place::Archive,
                    );
                }
                Err(e) => self.reject(&entry_name, e),
            }
        }
        if let Some(e) = reader.error.take() {
            self.reject(name, e);
        } else if self.done == before && place != Place::Top {
            self.reject(name, ContainerError::NoReportInArchive);
        }
    }

    /// A mail: one failure report, or its report attachments.
    fn mail(&mut self, name: &str, bytes: &[u8], level: Level, notes: &[ContainerNote]) {
        if level.mime > self.max_mime_depth {
            self.reject(
                name,
                ContainerError::MimeTooDeep {
                    limit: self.max_mime_depth,
                },
            );
            return;
        }
        let s = mime::structure(
            bytes,
            level.mime,
            self.max_mime_depth,
            self.limits,
            &mut self.parts,
        );
        if self.is_failure_report(&s, bytes) {
            self.emit(name, PayloadKind::Failure, bytes.to_vec(), notes.to_vec());
            return;
        }
        for leaf in &s.leaves {
            let body = leaf
                .encoding
                .decode(bytes.get(leaf.body.clone()).unwrap_or_default());
            let part_name = match &leaf.filename {
                Some(file) => join(name, file),
                None => join(name, &format!("part {}", leaf.number)),
            };
            let part_level = Level {
                mime: leaf.depth + 1,
                ..level
            };
            if matches!(
                leaf.content_type.as_str(),
                "message/rfc822" | "message/global"
            ) {
                if mime::looks_like_mail(&body) {
                    self.mail(&part_name, &body, part_level, notes);
                }
                continue;
            }
            let claims = Claims {
                name: leaf.filename.as_deref(),
                content_type: Some(&leaf.content_type),
            };
            self.blob(&part_name, body, part_level, claims, notes, Place::MailPart);
        }
        if let Some((number, error)) = s.error {
            let at = if number.is_empty() {
                name.to_string()
            } else {
                join(name, &format!("part {number}"))
            };
            self.reject(&at, error);
        }
    }

    /// A failure report: ARF (RFC 5965 §2: multipart/report with
    /// report-type=feedback-report, or a message/feedback-report part), or
    /// plain text that opens as Exim's reports do.
    fn is_failure_report(&self, s: &mime::Structure, bytes: &[u8]) -> bool {
        let arf = s.content_type.as_deref() == Some("multipart/report")
            && s.report_type.as_deref() == Some("feedback-report");
        if arf || s.feedback_part {
            return true;
        }
        let single_text = s.leaves.len() == 1
            && s.leaves[0].content_type == "text/plain"
            && !s
                .content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("multipart/"));
        if single_text && let Some(subject) = &s.subject {
            let subject = subject.trim_start().to_lowercase();
            if PLAIN_FAILURE_SUBJECTS
                .iter()
                .any(|p| subject.starts_with(p))
            {
                return true;
            }
        }
        s.leaves
            .iter()
            .filter(|l| l.content_type == "text/plain" && l.filename.is_none())
            .any(|l| {
                let raw = bytes.get(l.body.clone()).unwrap_or_default();
                let raw = raw
                    .get(..raw.len().min(PLAIN_FAILURE_SCAN * 2))
                    .unwrap_or(raw);
                let text = l.encoding.decode(raw);
                let text = text
                    .get(..text.len().min(PLAIN_FAILURE_SCAN))
                    .unwrap_or(&text);
                memchr::memmem::find(text, PLAIN_FAILURE_PHRASE).is_some()
            })
    }
}
