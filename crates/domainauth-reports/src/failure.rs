//! DMARC failure reports (RFC 9991; the Abuse Reporting Format of RFC 5965
//! with the authentication-failure extensions of RFC 6591): one mail about
//! one message (or a few like it) that failed DMARC.
//!
//! An ARF report is a `multipart/report; report-type=feedback-report`
//! mail (RFC 5965 §2) with a human-readable part, a
//! `message/feedback-report` part of header-like fields (`Feedback-Type:
//! auth-failure`, `Source-IP`, `Reported-Domain`, `Authentication-Results`
//! …, RFC 5965 §3.1 and RFC 6591 §3.1) and the original message as
//! `message/rfc822` or its header as `text/rfc822-headers`. Some receivers
//! send the same fields as plain text instead, without a
//! `message/feedback-report` part; those are read from the text and marked
//! [`FailureReport::plain_text`].
//!
//! MIME is parsed by mail-parser; what this module keeps is bounded: the
//! original's header fields by [`Limits::max_original_headers`], every
//! field value and the description by [`Limits::max_text`].

use std::net::IpAddr;

use mail_parser::{DateTime, MessageParser, MessagePart, MimeHeaders, PartType};

use crate::Limits;
use crate::aggregate::shown::shown;
use crate::explain::Explain;
use crate::model::FailureReport;

/// A mail that could not be read as a DMARC failure report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FailureError {
    /// The mail is larger than [`Limits::max_input`].
    #[error("the mail is {size} bytes, more than the limit of {max} bytes")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// Not a mail message: no header fields were found.
    #[error("not a mail message: no header fields")]
    NotMail,
    /// More MIME parts than [`Limits::max_mime_parts`].
    #[error("the mail has {parts} MIME parts, more than the limit of {max}")]
    TooManyParts {
        /// Parts found.
        parts: usize,
        /// The limit.
        max: usize,
    },
    /// MIME parts nested deeper than [`Limits::max_mime_depth`].
    #[error("MIME parts nested deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// Neither a `message/feedback-report` part nor, in the text, the
    /// fields of a failure report (`Source-IP:` or `Reported-Domain:` with
    /// another report field).
    #[error(
        "not a DMARC failure report: no message/feedback-report part and no report fields in the text"
    )]
    NotFailureReport,
    /// An ARF report about something else than an authentication failure
    /// (RFC 5965 §7.3: `abuse`, `fraud`, `virus` …).
    #[error("an ARF report of feedback type \"{feedback_type}\", not auth-failure")]
    WrongFeedbackType {
        /// The `Feedback-Type` as sent.
        feedback_type: String,
    },
}

impl Explain for FailureError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "reports-failure-too-large",
            Self::NotMail => "reports-failure-not-mail",
            Self::TooManyParts { .. } => "reports-failure-too-many-parts",
            Self::TooDeep { .. } => "reports-failure-too-deep",
            Self::NotFailureReport => "reports-failure-not-report",
            Self::WrongFeedbackType { .. } => "reports-failure-wrong-type",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooLarge { size, max } => {
                vec![("size", size.to_string()), ("max", max.to_string())]
            }
            Self::NotMail | Self::NotFailureReport => Vec::new(),
            Self::TooManyParts { parts, max } => {
                vec![("parts", parts.to_string()), ("max", max.to_string())]
            }
            Self::TooDeep { max } => vec![("max", max.to_string())],
            Self::WrongFeedbackType { feedback_type } => {
                vec![("feedback_type", feedback_type.clone())]
            }
        }
    }
}

/// Reads one failure report from the report mail itself (as it arrived:
/// header and body).
///
/// `reporter` is the domain of the report's own `From:` address. An ARF
/// report's fields come from its `message/feedback-report` part; a mail
/// without one is read as a plain-text report when its text carries
/// `Source-IP:` or `Reported-Domain:` and at least one other report field.
///
/// ```
/// use domainauth_reports::{Limits, failure};
///
/// let mail = b"From: dmarc-noreply@receiver.example\r
/// Subject: DMARC failure report\r
/// MIME-Version: 1.0\r
/// Content-Type: multipart/report; report-type=feedback-report; boundary=b\r
/// \r
/// --b\r
/// Content-Type: text/plain\r
/// \r
/// A message from 192.0.2.5 failed DMARC.\r
/// --b\r
/// Content-Type: message/feedback-report\r
/// \r
/// Feedback-Type: auth-failure\r
/// Version: 1\r
/// Source-IP: 192.0.2.5\r
/// Reported-Domain: example.com\r
/// Auth-Failure: dmarc\r
/// --b\r
/// Content-Type: text/rfc822-headers\r
/// \r
/// From: ceo@example.com\r
/// Subject: invoice\r
/// --b--\r
/// ";
/// let report = failure::parse(mail, &Limits::default())?;
/// assert_eq!(report.reporter.as_deref(), Some("receiver.example"));
/// assert_eq!(report.reported_domains, ["example.com"]);
/// assert_eq!(report.original_headers[1], ("Subject".to_string(), "invoice".to_string()));
/// # Ok::<(), failure::FailureError>(())
/// ```
pub fn parse(mail: &[u8], limits: &Limits) -> Result<FailureReport, FailureError> {
    let size = mail.len() as u64;
    if size > limits.max_input {
        return Err(FailureError::TooLarge {
            size,
            max: limits.max_input,
        });
    }
    let message = MessageParser::default()
        .parse(mail)
        .filter(|m| !m.parts.is_empty() && !m.root_part().headers.is_empty())
        .ok_or(FailureError::NotMail)?;
    let parts = &message.parts;
    if parts.len() > limits.max_mime_parts {
        return Err(FailureError::TooManyParts {
            parts: parts.len(),
            max: limits.max_mime_parts,
        });
    }
    check_depth(parts, limits.max_mime_depth)?;

    let mut notes = Notes::default();
    let mut feedback: Option<&[u8]> = None;
    let mut original: Option<&[u8]> = None;
    let mut description: Option<&str> = None;
    let mut texts: Vec<&str> = Vec::new();
    for part in parts {
        let (ctype, subtype) = content_type(part);
        match (ctype.as_str(), subtype.as_str()) {
            ("message", "feedback-report") if feedback.is_none() => {
                feedback = Some(part.contents());
            }
            ("message", "rfc822" | "global")
            | ("text", "rfc822-headers")
            | ("message", "rfc822-headers" | "global-headers")
                if original.is_none() =>
            {
                original = Some(part.contents());
            }
            _ => {
                if let PartType::Text(text) = &part.body {
                    if description.is_none() {
                        description = Some(text);
                    }
                    texts.push(text);
                }
            }
        }
    }

    let mut report = FailureReport::default();
    let found = match feedback {
        Some(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            let fields = header_block(&text, limits.max_original_headers, limits, &mut notes);
            apply(&mut report, &fields, &mut notes);
            true
        }
        None => {
            let mut fields = Vec::new();
            for text in &texts {
                fields.extend(text_fields(text, limits, &mut notes));
            }
            let has = |name: &str| fields.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
            let anchor = has("Source-IP") || has("Reported-Domain");
            let others = [
                "Authentication-Results",
                "Feedback-Type",
                "Original-Mail-From",
                "Original-Rcpt-To",
                "Arrival-Date",
                "Auth-Failure",
                "DKIM-Domain",
            ]
            .iter()
            .filter(|n| has(n))
            .count();
            if anchor && others > 0 {
                report.plain_text = true;
                apply(&mut report, &fields, &mut notes);
                true
            } else {
                false
            }
        }
    };
    if !found {
        return Err(FailureError::NotFailureReport);
    }
    match report.feedback_type.as_deref() {
        Some(t) if !t.eq_ignore_ascii_case("auth-failure") => {
            return Err(FailureError::WrongFeedbackType {
                feedback_type: shown(t),
            });
        }
        Some(_) => {}
        None => notes.add("no Feedback-Type field".to_string()),
    }

    if let Some(bytes) = original {
        let text = String::from_utf8_lossy(bytes);
        report.original_headers =
            header_block(&text, limits.max_original_headers, limits, &mut notes);
    }
    report.description = description.map(|d| bounded(d.trim(), limits.max_text, &mut notes));
    report.reporter = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .and_then(domain_of);
    report.notes = notes.finish();
    Ok(report)
}

/// Lower-case type and subtype of a part (`text/plain` when it has no
/// Content-Type, RFC 2045 §5.2).
fn content_type(part: &MessagePart<'_>) -> (String, String) {
    match part.content_type() {
        Some(ct) => (
            ct.ctype().to_ascii_lowercase(),
            ct.subtype().unwrap_or_default().to_ascii_lowercase(),
        ),
        None => ("text".to_string(), "plain".to_string()),
    }
}

/// Refuses multiparts nested deeper than `max` (walked without recursion;
/// each part is visited once).
fn check_depth(parts: &[MessagePart<'_>], max: usize) -> Result<(), FailureError> {
    let mut seen = vec![false; parts.len()];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let Some(part) = parts.get(id) else { continue };
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        if depth > max {
            return Err(FailureError::TooDeep { max });
        }
        if let Some(children) = part.sub_parts() {
            stack.extend(children.iter().map(|c| (*c as usize, depth + 1)));
        }
    }
    Ok(())
}

/// The domain of an address (`user@Example.COM` → `example.com`).
fn domain_of(address: &str) -> Option<String> {
    let (_, domain) = address.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('>').trim();
    (!domain.is_empty()).then(|| shown(&crate::domain::normalize(domain)))
}

/// Notes, deduplicated and bounded.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn add(&mut self, note: String) {
        if self.0.len() < 32 && !self.0.contains(&note) {
            self.0.push(note);
        }
    }

    fn finish(self) -> Vec<String> {
        self.0
    }
}

/// `text` cut to at most `max` bytes at a character boundary (noted).
fn bounded(text: &str, max: usize, notes: &mut Notes) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    notes.add(format!("text longer than {max} bytes cut"));
    text[..end].to_string()
}

/// A field name: printable ASCII other than `:` (RFC 5322 §3.6.8).
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b) && b != b':')
}

/// The header fields at the start of `text` up to the first empty line
/// (RFC 5322 §2.2), unfolded; at most `max_fields` (noted when more), each
/// value at most [`Limits::max_text`] bytes.
fn header_block(
    text: &str,
    max_fields: usize,
    limits: &Limits,
    notes: &mut Notes,
) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut dropped = false;
    let mut current: Option<(String, String)> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.as_mut() {
                append_bounded(value, line.trim(), limits.max_text, notes);
            }
            continue;
        }
        if let Some(field) = current.take() {
            push_field(&mut fields, field, max_fields, &mut dropped);
        }
        if let Some((name, value)) = line.split_once(':')
            && is_field_name(name.trim_end())
        {
            let mut v = String::new();
            append_bounded(&mut v, value.trim(), limits.max_text, notes);
            current = Some((name.trim_end().to_string(), v));
        }
    }
    if let Some(field) = current.take() {
        push_field(&mut fields, field, max_fields, &mut dropped);
    }
    if dropped {
        notes.add(format!(
            "more than {max_fields} header fields; the rest not kept"
        ));
    }
    fields
}

fn push_field(
    fields: &mut Vec<(String, String)>,
    field: (String, String),
    max: usize,
    dropped: &mut bool,
) {
    if fields.len() < max {
        fields.push(field);
    } else {
        *dropped = true;
    }
}

/// Appends `piece` (after a space when `value` is not empty) as far as
/// `max` bytes allow.
fn append_bounded(value: &mut String, piece: &str, max: usize, notes: &mut Notes) {
    let sep = usize::from(!value.is_empty() && !piece.is_empty());
    if value.len() + sep + piece.len() <= max {
        if sep == 1 {
            value.push(' ');
        }
        value.push_str(piece);
        return;
    }
    let room = max.saturating_sub(value.len() + sep);
    if room > 0 {
        if sep == 1 {
            value.push(' ');
        }
        let mut end = room;
        while !piece.is_char_boundary(end) {
            end -= 1;
        }
        value.push_str(&piece[..end]);
    }
    notes.add(format!("field value longer than {max} bytes cut"));
}

/// The fields RFC 5965 §3.1 and RFC 6591 §3.1 define, by name.
const REPORT_FIELDS: &[&str] = &[
    "Feedback-Type",
    "User-Agent",
    "Version",
    "Arrival-Date",
    "Received-Date",
    "Source-IP",
    "Reported-Domain",
    "Original-Mail-From",
    "Original-Rcpt-To",
    "Authentication-Results",
    "Auth-Failure",
    "DKIM-Domain",
    "DKIM-Selector",
    "DKIM-Identity",
    "Delivery-Result",
    "Identity-Alignment",
    "Reporting-MTA",
    "Incidents",
];

/// The labels of plain-text failure reports that OpenDMARC and Exim send
/// (`Sender Domain: …`), and the ARF field each stands for.
const PLAIN_TEXT_ALIASES: &[(&str, &str)] = &[
    ("Sender Domain", "Reported-Domain"),
    ("Sender IP Address", "Source-IP"),
    ("Received Date", "Arrival-Date"),
];

/// The ARF field a plain-text label names, if any.
fn known_field(name: &str) -> Option<&'static str> {
    REPORT_FIELDS
        .iter()
        .find(|f| f.eq_ignore_ascii_case(name))
        .copied()
        .or_else(|| {
            PLAIN_TEXT_ALIASES
                .iter()
                .find(|(label, _)| label.eq_ignore_ascii_case(name))
                .map(|(_, field)| *field)
        })
}

/// Report fields found anywhere in a plain-text body: lines that start
/// with one of [`REPORT_FIELDS`] (or a label of [`PLAIN_TEXT_ALIASES`])
/// and a colon, with their continuation lines.
fn text_fields(text: &str, limits: &Limits, notes: &mut Notes) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut dropped = false;
    let mut current: Option<(String, String)> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // Plain-text reports indent their own labels: an indented line
        // that starts with a label (`  SPF Alignment: no`) is a field of
        // its own, not a continuation.
        let labelled = line.trim_start().split_once(':').is_some_and(|(name, _)| {
            let name = name.trim_end();
            !name.is_empty()
                && name.len() <= 40
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b' ' || b == b'-')
        });
        if current.is_some()
            && line.starts_with([' ', '\t'])
            && !line.trim().is_empty()
            && !labelled
        {
            if let Some((_, value)) = current.as_mut() {
                append_bounded(value, line.trim(), limits.max_text, notes);
            }
            continue;
        }
        if let Some(field) = current.take() {
            push_field(
                &mut fields,
                field,
                limits.max_original_headers,
                &mut dropped,
            );
        }
        let Some((name, value)) = line.trim_start().split_once(':') else {
            continue;
        };
        let name = name.trim_end();
        if let Some(known) = known_field(name) {
            let mut v = String::new();
            append_bounded(&mut v, value.trim(), limits.max_text, notes);
            current = Some((known.to_string(), v));
        }
    }
    if let Some(field) = current.take() {
        push_field(
            &mut fields,
            field,
            limits.max_original_headers,
            &mut dropped,
        );
    }
    if dropped {
        notes.add("too many report fields; the rest not kept".to_string());
    }
    fields
}

/// Fills `report` from the feedback fields (RFC 5965 §3.1, RFC 6591 §3.1,
/// RFC 9991 §5). Repeated single fields keep the first value.
fn apply(report: &mut FailureReport, fields: &[(String, String)], notes: &mut Notes) {
    for (name, value) in fields {
        if value.is_empty() {
            continue;
        }
        let value = value.as_str();
        let first = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(value.to_string());
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "feedback-type" => first(&mut report.feedback_type),
            "user-agent" => first(&mut report.user_agent),
            "version" => first(&mut report.version),
            "arrival-date" | "received-date" if report.arrival_date.is_none() => {
                report.arrival_date = Some(value.to_string());
                report.arrival_time = DateTime::parse_rfc822(value)
                    .filter(DateTime::is_valid)
                    .map(|d| d.to_timestamp());
                if report.arrival_time.is_none() {
                    notes.add(format!("Arrival-Date \"{}\" not understood", shown(value)));
                }
            }
            "source-ip" if report.source_ip.is_none() => {
                let ip = value.trim_start_matches('[').trim_end_matches(']');
                match ip.parse::<IpAddr>() {
                    Ok(ip) => report.source_ip = Some(ip),
                    Err(_) => notes.add(format!(
                        "Source-IP \"{}\" is not an IP address",
                        shown(value)
                    )),
                }
            }
            "reported-domain" => report
                .reported_domains
                .push(crate::domain::normalize(value)),
            "original-mail-from" => first(&mut report.original_mail_from),
            "original-rcpt-to" => report.original_rcpt_to.push(value.to_string()),
            "authentication-results" => report.authentication_results.push(value.to_string()),
            "auth-failure" => report.auth_failure.push(value.to_lowercase()),
            "dkim-domain" => first(&mut report.dkim_domain),
            "dkim-selector" => first(&mut report.dkim_selector),
            "dkim-identity" => first(&mut report.dkim_identity),
            "delivery-result" => first(&mut report.delivery_result),
            "identity-alignment" => first(&mut report.identity_alignment),
            "reporting-mta" => first(&mut report.reporting_mta),
            "incidents" if report.incidents.is_none() => {
                report.incidents = value.parse().ok();
                if report.incidents.is_none() {
                    notes.add(format!("Incidents \"{}\" is not a number", shown(value)));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use domainauth::diag::Lang;

    use super::*;

    #[test]
    fn english_catalog_text_is_display_and_japanese_exists() {
        let samples = [
            FailureError::TooLarge { size: 9, max: 1 },
            FailureError::NotMail,
            FailureError::TooManyParts { parts: 9, max: 1 },
            FailureError::TooDeep { max: 8 },
            FailureError::NotFailureReport,
            FailureError::WrongFeedbackType {
                feedback_type: "abuse".into(),
            },
        ];
        for e in samples {
            assert_eq!(e.text(Lang::En), e.to_string(), "{}", e.message_id());
            let ja = e.text(Lang::Ja);
            assert_ne!(ja, e.message_id());
            assert_ne!(ja, e.to_string(), "{} is not translated", e.message_id());
        }
    }

    #[test]
    fn header_blocks_unfold_and_stop_at_the_empty_line() {
        let mut notes = Notes::default();
        let fields = header_block(
            "Subject: a\r\n  folded\r\nX-Bad Name: no\r\nTo: b\r\n\r\nBody: not a field\r\n",
            10,
            &Limits::default(),
            &mut notes,
        );
        assert_eq!(
            fields,
            vec![
                ("Subject".to_string(), "a folded".to_string()),
                ("To".to_string(), "b".to_string())
            ]
        );
    }

    #[test]
    fn values_are_bounded() {
        let limits = Limits {
            max_text: 5,
            ..Limits::default()
        };
        let mut notes = Notes::default();
        let fields = header_block("A: 123456789\r\n more\r\n", 10, &limits, &mut notes);
        assert_eq!(fields[0].1, "12345");
        assert_eq!(notes.0.len(), 1);
        let fields = header_block("A: ü\u{e9}\u{e9}\r\n", 10, &limits, &mut notes);
        // 5 bytes hold "ü" and one "é" (2 bytes each), not the next.
        assert_eq!(fields[0].1, "ü\u{e9}");
    }
}
