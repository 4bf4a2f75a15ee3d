//! The SMTP envelope read back from a delivered message: the client IP,
//! HELO name and MAIL FROM of the hop into the receiver, from the trace
//! fields that receiver added — and only those.
//!
//! A message's header is written from the bottom up: every server prepends
//! its fields, so everything below the receiver's own `Received` field
//! (RFC 5321 §4.4) was already in the message when it arrived, and the
//! sender could have written any of it. What is trusted:
//!
//! 1. **The trusted hop.** With trusted ids (`--trust-authserv-id`), the
//!    topmost `Received` whose `by` names a trusted host (the id itself or a
//!    host under it). Without trusted ids, the topmost `Received` that
//!    records a client (`Received: by … with local`, Gmail's internal
//!    `Received: by 2002:… with SMTP`, qmail's `(qmail … invoked by uid …)`
//!    are skipped). Searching stops at a `Received` that cannot be read.
//! 2. **The trusted block**: every field above the first `Received` below
//!    the trusted hop. Receivers write their `Received-SPF` and
//!    `Authentication-Results` just above (Exchange Online, Postfix policy
//!    servers) or just below (Gmail, Postfix and Sendmail milters) their
//!    `Received`. Fields above the trusted hop
//!    were added after it accepted the message, by the systems the message
//!    was then delivered through; fields between the trusted hop and the
//!    next `Received` may be the receiver's or, when it wrote none, the
//!    sender's, so they rank below everything above the hop.
//! 3. **Inside the block**, with trusted ids: `Received-SPF` only when its
//!    `receiver=` (RFC 7208 §9.1) names a trusted host; `Authentication-Results`
//!    only when its authserv-id is trusted (RFC 8601 §5). Without trusted ids,
//!    any of them in the block.
//! 4. **The client IP** is the TCP-info address of the trusted hop's
//!    `Received` (never its HELO literal, see [`crate::mail::received`]);
//!    only when that records none, a field above the hop may give it. A field
//!    that states another client IP is not used at all.
//! 5. **HELO** is the trusted hop's `from` argument; failing that, the
//!    fields as for MAIL FROM. **MAIL FROM** comes from the fields above the
//!    hop (`Received-SPF` `envelope-from=`, then `Authentication-Results`
//!    `smtp.mailfrom`, then `Return-Path`), then from the topmost such field
//!    between the hop and the next `Received`. When the first is a domain
//!    alone (`smtp.mailfrom=example.com`), a later one with a full address
//!    at that domain completes it. When none records the MAIL FROM, the
//!    envelope is missing: an unknown MAIL FROM is not the null sender.
//!
//! Fields that carried envelope facts but were not used are listed in
//! [`EnvelopeSource`] with the reason, at most [`MAX_IGNORED_LISTED`].
//! `docs/SECURITY.md` states the same rules for users, with the reasons.

use std::net::IpAddr;

use crate::authres::{AuthResults, parse as parse_authres};
use crate::diag::{AsReason, Code, Finding, Reason, Severity};
use crate::mail::received::Received;
use crate::mail::{HeaderField, Message};
use crate::spf::Envelope;

/// At most this many ignored fields are listed (a message may carry
/// thousands of forged ones).
pub const MAX_IGNORED_LISTED: usize = 8;

/// An envelope, in a form that can be printed and serialised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EnvelopeInfo {
    /// The SMTP client's address.
    pub client_ip: IpAddr,
    /// HELO/EHLO name.
    pub helo: String,
    /// MAIL FROM (empty for `<>`).
    pub mail_from: String,
}

impl From<Envelope> for EnvelopeInfo {
    fn from(e: Envelope) -> Self {
        Self {
            client_ip: e.client_ip,
            helo: e.helo,
            mail_from: e.mail_from,
        }
    }
}

impl EnvelopeInfo {
    /// As an SPF envelope.
    pub fn to_envelope(&self) -> Envelope {
        Envelope {
            client_ip: self.client_ip,
            helo: self.helo.clone(),
            mail_from: self.mail_from.clone(),
        }
    }
}

/// Why a trace field that carried envelope facts was not used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum IgnoreReason {
    /// Below the first `Received` under the trusted hop: it was in the
    /// message when the trusted receiver took it, so the sender could have
    /// written it.
    BelowTrustedHop,
    /// Trusted ids were given but no `Received` names a trusted host in `by`,
    /// so no trace field can be attributed to a trusted receiver.
    NoTrustedHop,
    /// A `Received-SPF` without `receiver=` (RFC 7208 §9.1): its writer is
    /// not named, so it cannot be attributed to a trusted receiver.
    NoReceiver,
    /// Written by a host that is not trusted (`receiver=` or authserv-id).
    UntrustedWriter {
        /// The name the field gives for its writer (empty when none).
        writer: String,
    },
    /// States a client IP other than the one the trusted hop recorded.
    ClientIpMismatch {
        /// What the field states.
        stated: IpAddr,
        /// The client IP used.
        used: IpAddr,
    },
    /// The field could not be read.
    Unreadable {
        /// What was wrong.
        error: Reason,
    },
}

impl IgnoreReason {
    /// The stable identifier used in findings, e.g. `below-trusted-hop`.
    pub fn id(&self) -> &'static str {
        match self {
            Self::BelowTrustedHop => "below-trusted-hop",
            Self::NoTrustedHop => "no-trusted-hop",
            Self::NoReceiver => "no-receiver",
            Self::UntrustedWriter { .. } => "untrusted-writer",
            Self::ClientIpMismatch { .. } => "ip-mismatch",
            Self::Unreadable { .. } => "unreadable",
        }
    }
}

/// A trace field that was not used for the envelope, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IgnoredField {
    /// The field name (`Received-SPF`, `Authentication-Results`, `Received`,
    /// `Return-Path`).
    pub field: String,
    /// Its place in the header, 1-based from the top.
    pub position: usize,
    /// Why it was not used.
    pub reason: IgnoreReason,
}

impl IgnoredField {
    /// The finding that says so ([`Code::VerifyTraceIgnored`]).
    pub fn finding(&self) -> Finding {
        let mut f = Finding::new(Code::VerifyTraceIgnored)
            .param("name", &self.field)
            .param("pos", self.position)
            .param("reason", self.reason.id());
        match &self.reason {
            IgnoreReason::UntrustedWriter { writer } => {
                f = f.param(
                    "authserv",
                    if writer.is_empty() { "(none)" } else { writer },
                );
            }
            IgnoreReason::ClientIpMismatch { stated, used } => {
                f = f.param("value", stated).param("ip", used);
            }
            IgnoreReason::Unreadable { error } => f = f.reason("error", error),
            _ => {}
        }
        if matches!(
            self.reason,
            IgnoreReason::BelowTrustedHop | IgnoreReason::ClientIpMismatch { .. }
        ) {
            f = f.severity(Severity::Warning);
        }
        f
    }
}

/// Where the envelope used came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EnvelopeSource {
    /// Given by the caller.
    Given {
        /// The envelope.
        envelope: EnvelopeInfo,
    },
    /// Read from the message.
    Inferred {
        /// The envelope.
        envelope: EnvelopeInfo,
        /// Which fields gave it, e.g. `Received (by mx.example.net), Return-Path`.
        sources: Vec<String>,
        /// Trace fields with envelope facts that were not used, and why
        /// (at most [`MAX_IGNORED_LISTED`]).
        ignored: Vec<IgnoredField>,
    },
    /// Neither given nor found: SPF is not evaluated.
    Missing {
        /// Trace fields with envelope facts that were not used, and why
        /// (at most [`MAX_IGNORED_LISTED`]).
        ignored: Vec<IgnoredField>,
        /// The client IP a trusted field recorded, when only the MAIL FROM
        /// was missing (SPF needs both, RFC 7208 §4.1).
        #[serde(skip_serializing_if = "Option::is_none")]
        client_ip: Option<IpAddr>,
    },
}

impl EnvelopeSource {
    /// The envelope, if any.
    pub fn envelope(&self) -> Option<Envelope> {
        match self {
            Self::Given { envelope } | Self::Inferred { envelope, .. } => {
                Some(envelope.to_envelope())
            }
            Self::Missing { .. } => None,
        }
    }

    /// The trace fields that were not used, and why.
    pub fn ignored(&self) -> &[IgnoredField] {
        match self {
            Self::Inferred { ignored, .. } | Self::Missing { ignored, .. } => ignored,
            Self::Given { .. } => &[],
        }
    }

    /// The finding that says what was inferred.
    pub fn finding(&self) -> Finding {
        match self {
            Self::Inferred {
                envelope, sources, ..
            } => Finding::new(Code::VerifyEnvelopeInferred)
                .param("ip", envelope.client_ip)
                .param("helo", &envelope.helo)
                .param(
                    "mailfrom",
                    if envelope.mail_from.is_empty() {
                        "<>"
                    } else {
                        &envelope.mail_from
                    },
                )
                .param("source", sources.join(", ")),
            Self::Missing {
                client_ip: Some(ip),
                ..
            } => Finding::new(Code::VerifyNoEnvelope)
                .param("why", "no-mail-from")
                .param("ip", ip),
            _ => Finding::new(Code::VerifyNoEnvelope).param("why", "nothing"),
        }
    }

    /// Every finding about the envelope: what was inferred (or that nothing
    /// was), then each trace field not used. None for a given envelope.
    pub fn findings(&self) -> Vec<Finding> {
        match self {
            Self::Given { .. } => Vec::new(),
            _ => {
                let ignored = self.ignored();
                let mut out: Vec<Finding> = std::iter::once(self.finding())
                    .chain(ignored.iter().map(IgnoredField::finding))
                    .collect();
                if ignored.len() >= MAX_IGNORED_LISTED {
                    // The list is capped, and the scan stops there: say so
                    // rather than let the list look complete.
                    out.push(
                        Finding::new(Code::VerifyTraceCapped).param("limit", MAX_IGNORED_LISTED),
                    );
                }
                out
            }
        }
    }
}

/// The names a caller trusts (RFC 8601 §5: the receiver decides whose
/// fields to believe).
struct Trust<'a> {
    ids: &'a [String],
}

impl Trust<'_> {
    fn enabled(&self) -> bool {
        !self.ids.is_empty()
    }

    /// A host named in `by` or `receiver=`: a trusted id or a host under one.
    fn host(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.');
        self.ids.iter().any(|id| {
            let id = id.trim_end_matches('.');
            !id.is_empty()
                && (name.eq_ignore_ascii_case(id)
                    || (name.len() > id.len()
                        && name.is_char_boundary(name.len() - id.len() - 1)
                        && name.as_bytes()[name.len() - id.len() - 1] == b'.'
                        && name[name.len() - id.len()..].eq_ignore_ascii_case(id)))
        })
    }

    /// An authserv-id: exactly one of the trusted ids (RFC 8601 §5).
    fn authserv_id(&self, id: &str) -> bool {
        self.ids.iter().any(|t| t.eq_ignore_ascii_case(id))
    }
}

/// The key-value pairs of a Received-SPF field (RFC 7208 §9.1) that carry
/// envelope facts.
#[derive(Debug, Default)]
struct ReceivedSpf {
    receiver: Option<String>,
    client_ip: Option<IpAddr>,
    helo: Option<String>,
    envelope_from: Option<String>,
}

/// Skips white space and comments (nested, with quoted pairs).
fn skip_cfws(bytes: &[u8], mut pos: usize) -> Result<usize, Reason> {
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'(' => {
                let open = pos;
                let mut depth = 0usize;
                loop {
                    match bytes.get(pos) {
                        None => {
                            return Err(Reason::new("reason-received-spf-unclosed-comment")
                                .param("pos", open));
                        }
                        Some(b'\\') => pos += 1,
                        Some(b'(') => depth += 1,
                        Some(b')') => {
                            depth -= 1;
                            if depth == 0 {
                                pos += 1;
                                break;
                            }
                        }
                        Some(_) => {}
                    }
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    Ok(pos)
}

/// Reads `result [comment] key=value; …` (RFC 7208 §9.1). A key written
/// twice makes the field unreadable: a value copied from the client (HELO,
/// MAIL FROM) must not be able to add a second `client-ip=`.
fn parse_received_spf(value: &str) -> Result<ReceivedSpf, Reason> {
    // The same bound as a Received field: real ones are a few hundred bytes.
    if value.len() > crate::mail::received::MAX_RECEIVED_LEN {
        return Err(Reason::new("reason-received-spf-too-long")
            .param("limit", crate::mail::received::MAX_RECEIVED_LEN));
    }
    let bytes = value.as_bytes();
    let mut pos = skip_cfws(bytes, 0)?;
    let start = pos;
    while pos < bytes.len() && bytes[pos].is_ascii_alphabetic() {
        pos += 1;
    }
    if pos == start {
        return Err(Reason::new("reason-received-spf-no-result"));
    }
    pos = skip_cfws(bytes, pos)?;
    let mut out = ReceivedSpf::default();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    while pos < bytes.len() {
        let key_start = pos;
        while pos < bytes.len()
            && (bytes[pos].is_ascii_alphanumeric() || matches!(bytes[pos], b'-' | b'_' | b'.'))
        {
            pos += 1;
        }
        let key = value[key_start..pos].to_ascii_lowercase();
        if key.is_empty() {
            return Err(Reason::new("reason-received-spf-no-key").param("pos", pos));
        }
        pos = skip_cfws(bytes, pos)?;
        if bytes.get(pos) != Some(&b'=') {
            return Err(Reason::new("reason-received-spf-no-equals").param("key", &key));
        }
        let text;
        (text, pos) = read_value(value, skip_cfws(bytes, pos + 1)?)?;
        if !seen.insert(key.clone()) {
            return Err(Reason::new("reason-received-spf-duplicate-key").param("key", &key));
        }
        match key.as_str() {
            "receiver" => out.receiver = Some(text),
            "client-ip" => {
                out.client_ip = Some(text.parse().map_err(|_| {
                    Reason::new("reason-received-spf-bad-client-ip").param("text", &text)
                })?);
            }
            "helo" => out.helo = Some(text),
            "envelope-from" => out.envelope_from = Some(text),
            _ => {}
        }
        pos = skip_cfws(bytes, pos)?;
        match bytes.get(pos) {
            None => break,
            Some(b';') => pos = skip_cfws(bytes, pos + 1)?,
            Some(_) => {
                return Err(Reason::new("reason-received-spf-no-semicolon").param("pos", pos));
            }
        }
    }
    Ok(out)
}

/// The value of a `key=value` pair from `pos` on (RFC 7208 §9.1: a
/// `dot-atom` or a `quoted-string`, read as runs of either) and where it
/// ends: at white space, `;` or a comment.
fn read_value(value: &str, mut pos: usize) -> Result<(String, usize), Reason> {
    let bytes = value.as_bytes();
    let mut text = String::new();
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'"' => {
                let open = pos;
                pos += 1;
                loop {
                    match bytes.get(pos) {
                        None => {
                            return Err(Reason::new("reason-received-spf-unclosed-quote")
                                .param("pos", open));
                        }
                        Some(b'"') => break,
                        Some(b'\\') => pos += 1,
                        Some(_) => {}
                    }
                    pos += 1;
                }
                text.push_str(&unquote(&value[open + 1..pos]));
                pos += 1;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' => break,
            _ => {
                let run = pos;
                while pos < bytes.len()
                    && !matches!(
                        bytes[pos],
                        b'"' | b' ' | b'\t' | b'\r' | b'\n' | b';' | b'('
                    )
                {
                    pos += 1;
                }
                text.push_str(&value[run..pos]);
            }
        }
    }
    Ok((text, pos))
}

/// A quoted string's content with its quoted pairs resolved.
fn unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if escaped || c != '\\' {
            out.push(c);
            escaped = false;
        } else {
            escaped = true;
        }
    }
    out
}

/// The client IPs an Authentication-Results field states: addresses in the
/// comments of its `spf` results (Gmail's "designates 192.0.2.1 as permitted
/// sender", Microsoft's "sender IP is 192.0.2.1"), `policy.iprev` of `iprev`
/// (RFC 8601 §2.7.3) and `smtp.client-ip` / `smtp.remote-ip` properties.
fn stated_ips(ar: &AuthResults) -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = Vec::new();
    let mut add = |ip: IpAddr| {
        if !ips.contains(&ip) {
            ips.push(ip);
        }
    };
    for r in &ar.results {
        if r.method == "spf" {
            for word in r.comments.iter().flat_map(|c| c.split_whitespace()) {
                if let Ok(ip) = word.trim_matches(['(', ')', ',', ';', '[', ']']).parse() {
                    add(ip);
                }
            }
        }
        for p in &r.properties {
            let named = (r.method == "iprev" && p.ptype == "policy" && p.property == "iprev")
                || (p.ptype == "smtp" && matches!(p.property.as_str(), "client-ip" | "remote-ip"));
            if named && let Ok(ip) = p.value.parse() {
                add(ip);
            }
        }
    }
    ips
}

/// The kinds of trace field read, in the order they rank for MAIL FROM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    ReceivedSpf,
    AuthResults,
    ReturnPath,
}

/// A field in the trusted block that may give envelope facts.
#[derive(Debug)]
struct Candidate {
    position: usize,
    kind: Kind,
    label: String,
    above_hop: bool,
    stated: Vec<IpAddr>,
    helo: Option<String>,
    mail_from: Option<String>,
}

/// The ignored fields, capped at [`MAX_IGNORED_LISTED`].
#[derive(Default)]
struct Ignored(Vec<IgnoredField>);

impl Ignored {
    fn full(&self) -> bool {
        self.0.len() >= MAX_IGNORED_LISTED
    }

    fn push(&mut self, field: &str, position: usize, reason: IgnoreReason) {
        if !self.full() {
            self.0.push(IgnoredField {
                field: field.to_string(),
                position,
                reason,
            });
        }
    }
}

/// A reverse-path as written (`<a@example.com>`, `a@example.com`, `<>`)
/// without its angle brackets.
fn path(text: &str) -> String {
    text.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

/// The trusted hop and the end of the trusted block (module documentation,
/// steps 1 and 2).
struct TrustedBlock {
    /// The trusted hop's position among the fields (0-based) and its reading.
    hop: Option<(usize, Received)>,
    /// How many fields, from the top, the trusted block holds.
    block_end: usize,
}

fn find_trusted_block(
    fields: &[HeaderField<'_>],
    trust: &Trust<'_>,
    ignored: &mut Ignored,
) -> TrustedBlock {
    let is_received = |f: &HeaderField<'_>| f.name.eq_ignore_ascii_case("received");
    // 1. The trusted hop.
    let mut hop: Option<(usize, Received)> = None;
    let mut search_end = fields.len();
    for (i, f) in fields.iter().enumerate().filter(|(_, f)| is_received(f)) {
        match Received::parse(&f.text()) {
            Err(e) => {
                ignored.push(
                    "Received",
                    i + 1,
                    IgnoreReason::Unreadable { error: e.reason() },
                );
                search_end = i;
                break;
            }
            Ok(r) => {
                let found = if trust.enabled() {
                    r.by.as_deref().is_some_and(|by| trust.host(by))
                } else {
                    r.records_client()
                };
                if found {
                    hop = Some((i, r));
                    break;
                }
            }
        }
    }
    // 2. The trusted block: above the first Received below the hop.
    let block_end = match &hop {
        Some((t, _)) => fields
            .iter()
            .enumerate()
            .skip(t + 1)
            .find(|(_, f)| is_received(f))
            .map_or(fields.len(), |(i, _)| i),
        None if trust.enabled() => 0,
        None => search_end,
    };
    TrustedBlock { hop, block_end }
}

/// How many header fields, from the top of `message`, the trusted receiver
/// wrote or may have written: the trusted block of [`infer_envelope`]. A
/// trace or result field below it was already in the message when it
/// reached the receiver, so the sender could have written it.
///
/// ```
/// use domainauth::mail::Message;
/// use domainauth::verify::trusted_block_len;
/// let raw = concat!(
///     "Authentication-Results: mx.example.net; dmarc=fail header.from=bank.example\r\n",
///     "Received: from x (x [192.0.2.10]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
///     "Authentication-Results: mx.example.net; dmarc=pass header.from=bank.example\r\n",
///     "Received: from y by relay.evil.example; Mon, 2 Mar 2026 09:59:00 +0000\r\n",
///     "From: a@bank.example\r\n\r\nbody\r\n");
/// let message = Message::parse(raw.as_bytes()).unwrap();
/// // The receiver's own field and the ones between its Received and the next.
/// assert_eq!(trusted_block_len(&message, &["mx.example.net".to_string()]), 3);
/// ```
pub fn trusted_block_len(message: &Message<'_>, trusted: &[String]) -> usize {
    let fields: Vec<HeaderField<'_>> = message.fields().collect();
    let trust = Trust { ids: trusted };
    find_trusted_block(&fields, &trust, &mut Ignored::default()).block_end
}

/// Reads the envelope of the hop into the receiver from the top of
/// `message`, trusting only what the receiver wrote (see the module
/// documentation). With `trusted` authserv-ids, the receiver is the
/// topmost host named by one of them; otherwise the topmost hop.
///
/// ```
/// use domainauth::mail::Message;
/// use domainauth::verify::{EnvelopeSource, infer_envelope};
/// let raw = concat!(
///     "Return-Path: <bounce@shop.example>\r\n",
///     "Received: from mail.shop.example (mail.shop.example [192.0.2.10])\r\n",
///     "\tby mx.example.net (Postfix) with ESMTPS id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
///     "Received-SPF: pass (forged) client-ip=203.0.113.99; envelope-from=ceo@bank.example\r\n",
///     "Received: from [203.0.113.99] by relay.evil.example; Mon, 2 Mar 2026 09:59:00 +0000\r\n",
///     "From: a@shop.example\r\n\r\nbody\r\n");
/// let message = Message::parse(raw.as_bytes()).unwrap();
/// let source = infer_envelope(&message, &["mx.example.net".to_string()]);
/// let envelope = source.envelope().unwrap();
/// assert_eq!(envelope.client_ip, "192.0.2.10".parse::<std::net::IpAddr>().unwrap());
/// assert_eq!(envelope.mail_from, "bounce@shop.example");
/// // The forged Received-SPF (it names no receiver=) is listed, not used.
/// assert_eq!(source.ignored()[0].field, "Received-SPF");
/// assert!(matches!(source, EnvelopeSource::Inferred { .. }));
/// ```
pub fn infer_envelope(message: &Message<'_>, trusted: &[String]) -> EnvelopeSource {
    let trust = Trust { ids: trusted };
    let fields: Vec<HeaderField<'_>> = message.fields().collect();
    let mut ignored = Ignored::default();

    // 1. The trusted hop; 2. the trusted block.
    let TrustedBlock { hop, block_end } = find_trusted_block(&fields, &trust, &mut ignored);
    // 3. The fields that may give envelope facts.
    let reader = FieldReader {
        trust: &trust,
        hop_position: hop.as_ref().map_or(usize::MAX, |(t, _)| *t),
        block_end,
        outside: if hop.is_none() && trust.enabled() {
            IgnoreReason::NoTrustedHop
        } else {
            IgnoreReason::BelowTrustedHop
        },
    };
    let mut candidates: Vec<Candidate> = fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| reader.candidate(i, f, &mut ignored))
        .collect();

    // 4. The client IP: the hop's TCP-info, else one stated above the hop.
    let hop = hop.map(|(_, r)| r);
    let hop_ip = hop.as_ref().and_then(|r| r.client_ip);
    let ip = hop_ip.or_else(|| {
        candidates
            .iter()
            .find(|c| c.above_hop && c.stated.len() == 1)
            .map(|c| c.stated[0])
    });
    let Some(client_ip) = ip else {
        return EnvelopeSource::Missing {
            ignored: ignored.0,
            client_ip: None,
        };
    };
    drop_other_client_ips(&mut candidates, client_ip, &mut ignored);

    // 5. Rank, and take each fact from the best-ranked field that gives it.
    let Chosen {
        sources,
        mail_from,
        helo,
    } = choose(candidates, hop, client_ip);
    // SPF cannot be evaluated without the MAIL FROM (RFC 7208 §4.1): an
    // unknown one is not the null sender.
    let Some(mail_from) = mail_from else {
        return EnvelopeSource::Missing {
            ignored: ignored.0,
            client_ip: Some(client_ip),
        };
    };
    let helo = helo.unwrap_or_else(|| {
        mail_from
            .rsplit_once('@')
            .map(|(_, d)| d.to_string())
            .unwrap_or_default()
    });
    EnvelopeSource::Inferred {
        envelope: EnvelopeInfo {
            client_ip,
            helo,
            mail_from,
        },
        sources: sources.0,
        ignored: ignored.0,
    }
}

/// Step 3 of [`infer_envelope`]: which fields may give envelope facts, by
/// their place relative to the trusted hop and block.
struct FieldReader<'a> {
    trust: &'a Trust<'a>,
    /// The trusted hop's index among the fields (`usize::MAX` without one).
    hop_position: usize,
    /// How many fields, from the top, the trusted block holds.
    block_end: usize,
    /// Why a field outside the block is not used.
    outside: IgnoreReason,
}

impl FieldReader<'_> {
    /// The field at index `i` as a candidate, or why it is not one (in
    /// `ignored`), or nothing when it says nothing of the envelope.
    fn candidate(&self, i: usize, f: &HeaderField<'_>, ignored: &mut Ignored) -> Option<Candidate> {
        let is = |name: &str| f.name.eq_ignore_ascii_case(name);
        if is("received-spf") {
            self.received_spf(i, f, ignored)
        } else if is("authentication-results") {
            self.auth_results(i, f, ignored)
        } else if is("return-path") {
            if i >= self.block_end {
                ignored.push("Return-Path", i + 1, self.outside.clone());
                return None;
            }
            Some(Candidate {
                position: i + 1,
                kind: Kind::ReturnPath,
                label: "Return-Path".into(),
                above_hop: i < self.hop_position,
                stated: Vec::new(),
                helo: None,
                mail_from: Some(path(&f.text())),
            })
        } else {
            if is("received") && i > self.hop_position && !ignored.full() {
                // A Received naming a trusted host below the trusted hop is a forgery
                // or an earlier pass through the receiver; either way it is not used.
                if let Ok(r) = Received::parse(&f.text())
                    && self.trust.enabled()
                    && r.by.as_deref().is_some_and(|by| self.trust.host(by))
                {
                    ignored.push("Received", i + 1, IgnoreReason::BelowTrustedHop);
                }
            }
            None
        }
    }

    /// A `Received-SPF` in the block, written by a trusted `receiver=` when
    /// hosts are trusted (RFC 7208 §9.1).
    fn received_spf(
        &self,
        i: usize,
        f: &HeaderField<'_>,
        ignored: &mut Ignored,
    ) -> Option<Candidate> {
        let position = i + 1;
        if i >= self.block_end {
            ignored.push("Received-SPF", position, self.outside.clone());
            return None;
        }
        let spf = match parse_received_spf(&f.text()) {
            Ok(spf) => spf,
            Err(error) => {
                ignored.push("Received-SPF", position, IgnoreReason::Unreadable { error });
                return None;
            }
        };
        if self.trust.enabled() {
            match &spf.receiver {
                None => {
                    ignored.push("Received-SPF", position, IgnoreReason::NoReceiver);
                    return None;
                }
                Some(r) if !self.trust.host(r) => {
                    let writer = r.clone();
                    ignored.push(
                        "Received-SPF",
                        position,
                        IgnoreReason::UntrustedWriter { writer },
                    );
                    return None;
                }
                Some(_) => {}
            }
        }
        Some(Candidate {
            position,
            kind: Kind::ReceivedSpf,
            label: "Received-SPF".into(),
            above_hop: i < self.hop_position,
            stated: spf.client_ip.into_iter().collect(),
            helo: spf.helo,
            mail_from: spf.envelope_from.map(|m| path(&m)),
        })
    }

    /// An `Authentication-Results` with an `spf` result, in the block and
    /// written by a trusted authserv-id when ids are trusted (RFC 8601 §5).
    fn auth_results(
        &self,
        i: usize,
        f: &HeaderField<'_>,
        ignored: &mut Ignored,
    ) -> Option<Candidate> {
        let position = i + 1;
        let in_block = i < self.block_end;
        // Outside the block only to list it: stop reading once the list is full.
        if !in_block && ignored.full() {
            return None;
        }
        let ar = parse_authres(&String::from_utf8_lossy(f.value)).ok()?;
        let spf = ar.method("spf").next()?;
        if !in_block {
            ignored.push("Authentication-Results", position, self.outside.clone());
            return None;
        }
        if self.trust.enabled() && !self.trust.authserv_id(&ar.authserv_id) {
            ignored.push(
                "Authentication-Results",
                position,
                IgnoreReason::UntrustedWriter {
                    writer: ar.authserv_id.clone(),
                },
            );
            return None;
        }
        Some(Candidate {
            position,
            kind: Kind::AuthResults,
            label: format!("Authentication-Results ({})", ar.authserv_id),
            above_hop: i < self.hop_position,
            stated: stated_ips(&ar),
            helo: spf.get("smtp", "helo").map(str::to_string),
            mail_from: spf.get("smtp", "mailfrom").map(path),
        })
    }
}

/// Step 4 of [`infer_envelope`]: a field that states another client IP
/// than the one used describes another connection, so none of its facts
/// are used.
fn drop_other_client_ips(
    candidates: &mut Vec<Candidate>,
    client_ip: IpAddr,
    ignored: &mut Ignored,
) {
    candidates.retain(|c| match c.stated.iter().find(|&&s| s != client_ip) {
        Some(&stated) => {
            let field = match c.kind {
                Kind::ReceivedSpf => "Received-SPF",
                Kind::AuthResults => "Authentication-Results",
                Kind::ReturnPath => "Return-Path",
            };
            ignored.push(
                field,
                c.position,
                IgnoreReason::ClientIpMismatch {
                    stated,
                    used: client_ip,
                },
            );
            false
        }
        None => true,
    });
}

/// The labels of the fields an inferred envelope was read from, each once,
/// in the order used.
#[derive(Default)]
struct Sources(Vec<String>);

impl Sources {
    fn used(&mut self, label: &str) {
        if !self.0.iter().any(|s| s == label) {
            self.0.push(label.to_string());
        }
    }
}

/// What step 5 of [`infer_envelope`] takes, and from which fields.
struct Chosen {
    sources: Sources,
    mail_from: Option<String>,
    helo: Option<String>,
}

/// Step 5 of [`infer_envelope`]: ranks the candidates (above the hop by
/// kind, then the rest top-down) and takes the MAIL FROM and HELO from the
/// best-ranked field that gives each; the hop's own HELO comes first.
fn choose(mut candidates: Vec<Candidate>, hop: Option<Received>, client_ip: IpAddr) -> Chosen {
    candidates.sort_by_key(|c| {
        if c.above_hop {
            (0, c.kind, c.position)
        } else {
            (1, Kind::ReceivedSpf, c.position)
        }
    });
    let mut sources = Sources::default();
    let hop_label = format!(
        "Received (by {})",
        hop.as_ref().and_then(|r| r.by.as_deref()).unwrap_or("?")
    );
    if hop.as_ref().is_some_and(|r| r.client_ip.is_some()) {
        sources.used(&hop_label);
    } else if let Some(c) = candidates.iter().find(|c| c.stated.contains(&client_ip)) {
        sources.used(&c.label);
    }
    let mail_from = choose_mail_from(&candidates, &mut sources);
    let helo = match hop.and_then(|r| r.from_helo) {
        Some(h) => {
            sources.used(&hop_label);
            Some(h)
        }
        None => candidates
            .iter()
            .find_map(|c| c.helo.as_ref().map(|h| (h, &c.label)))
            .map(|(h, label)| {
                sources.used(label);
                h.clone()
            }),
    };
    Chosen {
        sources,
        mail_from,
        helo,
    }
}

/// The MAIL FROM of the best-ranked candidate that names one.
fn choose_mail_from(candidates: &[Candidate], sources: &mut Sources) -> Option<String> {
    let mut with_mail_from = candidates
        .iter()
        .filter_map(|c| c.mail_from.as_ref().map(|m| (m, &c.label)));
    let (first, label) = with_mail_from.next()?;
    // `smtp.mailfrom` may be the domain alone (RFC 8601 §2.7.2): take the
    // full address from a lower-ranked field when it has the same domain.
    let full = (!first.contains('@'))
        .then(|| {
            with_mail_from.find(|(m, _)| {
                m.rsplit_once('@')
                    .is_some_and(|(_, d)| d.eq_ignore_ascii_case(first))
            })
        })
        .flatten();
    sources.used(label);
    Some(match full {
        Some((m, label)) => {
            sources.used(label);
            m.clone()
        }
        None => first.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn infer(raw: &str, trusted: &[&str]) -> EnvelopeSource {
        let m = Message::parse(raw.as_bytes()).unwrap();
        let trusted: Vec<String> = trusted.iter().map(|s| s.to_string()).collect();
        infer_envelope(&m, &trusted)
    }

    fn inferred(source: &EnvelopeSource) -> (&EnvelopeInfo, &[String]) {
        match source {
            EnvelopeSource::Inferred {
                envelope, sources, ..
            } => (envelope, sources),
            other => panic!("not inferred: {other:?}"),
        }
    }

    #[test]
    fn gmail_style_headers() {
        let raw = concat!(
            "Received: from mail.sendservice.example (mail.sendservice.example. [198.51.100.20])\r\n",
            "        by mx.google.com with ESMTPS id x1si123.2026.11.20.01.02.03\r\n",
            "        for <user@gmail.com>; Fri, 20 Nov 2026 01:02:03 -0800 (PST)\r\n",
            "Received-SPF: pass (google.com: domain of xxx@mail.sendservice.example designates 198.51.100.20 as permitted sender) client-ip=198.51.100.20;\r\n",
            "Authentication-Results: mx.google.com;\r\n",
            "       spf=pass (google.com: domain of xxx@mail.sendservice.example designates 198.51.100.20 as permitted sender) smtp.mailfrom=xxx@mail.sendservice.example;\r\n",
            "       dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=company.example\r\n",
            "Return-Path: <xxx@mail.sendservice.example>\r\n",
            "From: info@company.example\r\n\r\nbody\r\n"
        );
        let source = infer(raw, &["mx.google.com"]);
        let (envelope, sources) = inferred(&source);
        assert_eq!(envelope.client_ip, ip("198.51.100.20"));
        assert_eq!(envelope.mail_from, "xxx@mail.sendservice.example");
        assert_eq!(envelope.helo, "mail.sendservice.example");
        assert_eq!(
            sources,
            [
                "Received (by mx.google.com)",
                "Authentication-Results (mx.google.com)"
            ]
        );
        // Gmail's Received-SPF names no receiver: not attributable, listed.
        assert_eq!(
            source.ignored(),
            [IgnoredField {
                field: "Received-SPF".into(),
                position: 2,
                reason: IgnoreReason::NoReceiver
            }]
        );
    }

    #[test]
    fn nothing_to_infer() {
        let m = Message::parse(b"From: a@b.example\r\n\r\n").unwrap();
        assert_eq!(
            infer_envelope(&m, &[]),
            EnvelopeSource::Missing {
                ignored: Vec::new(),
                client_ip: None,
            }
        );
    }

    /// The reproducer: a Received-SPF without receiver=, below the trusted hop.
    #[test]
    fn forged_received_spf_below_trusted_hop_is_ignored() {
        let raw = concat!(
            "Received: from mx.evil.example (mx.evil.example [203.0.113.5])\r\n",
            "\tby mx.example.net (Postfix) with ESMTPS id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
            "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a@evil.example\r\n",
            "Received: from [203.0.113.5] by relay.evil.example; Mon, 2 Mar 2026 09:59:00 +0000\r\n",
            "Received-SPF: pass client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
            "From: ceo@good.example\r\n\r\nbody\r\n"
        );
        let source = infer(raw, &["mx.example.net"]);
        let (envelope, _) = inferred(&source);
        assert_eq!(envelope.client_ip, ip("203.0.113.5"));
        assert_eq!(envelope.mail_from, "a@evil.example");
        assert_eq!(envelope.helo, "mx.evil.example");
        assert_eq!(source.ignored()[0].position, 4);
        assert_eq!(source.ignored()[0].reason, IgnoreReason::BelowTrustedHop);
    }

    /// The same forgery with receiver= naming the trusted host, placed right
    /// under the receiver's fields (no Received of the sender's own between).
    #[test]
    fn forged_received_spf_with_trusted_receiver_cannot_outrank_the_hop() {
        let raw = concat!(
            "Received-SPF: pass (mx.example.net: domain of a@evil.example designates 203.0.113.5 as permitted sender) receiver=mx.example.net; client-ip=203.0.113.5; envelope-from=a@evil.example; helo=mx.evil.example\r\n",
            "Received: from mx.evil.example (unknown [203.0.113.5])\r\n",
            "\tby mx.example.net (Postfix) with ESMTP id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
            "Received-SPF: pass receiver=mx.example.net; client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
            "From: ceo@good.example\r\n\r\nbody\r\n"
        );
        let source = infer(raw, &["mx.example.net"]);
        let (envelope, _) = inferred(&source);
        assert_eq!(envelope.client_ip, ip("203.0.113.5"));
        assert_eq!(envelope.mail_from, "a@evil.example");
        assert_eq!(
            source.ignored()[0].reason,
            IgnoreReason::ClientIpMismatch {
                stated: ip("198.51.100.25"),
                used: ip("203.0.113.5")
            }
        );
        // Without the receiver's own Received-SPF, the forgery in the gap
        // still gives nothing, and no MAIL FROM is not the null sender.
        let without = raw.split_once("\r\n").unwrap().1;
        let source = infer(without, &["mx.example.net"]);
        assert!(
            matches!(source, EnvelopeSource::Missing { .. }),
            "{source:?}"
        );
        assert!(matches!(
            source.ignored()[0].reason,
            IgnoreReason::ClientIpMismatch { .. }
        ));
    }

    #[test]
    fn no_trusted_hop_means_no_trace_field_is_believed() {
        let raw = concat!(
            "Received: from a.example (a.example [192.0.2.1]) by mx.other.example; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
            "Received-SPF: pass receiver=mx.example.net; client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
            "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=ceo@good.example\r\n",
            "From: ceo@good.example\r\n\r\nbody\r\n"
        );
        let source = infer(raw, &["mx.example.net"]);
        assert!(matches!(source, EnvelopeSource::Missing { .. }));
        let reasons: Vec<_> = source.ignored().iter().map(|i| &i.reason).collect();
        assert_eq!(
            reasons,
            [&IgnoreReason::NoTrustedHop, &IgnoreReason::NoTrustedHop]
        );
    }

    #[test]
    fn untrusted_writers_are_named() {
        let raw = concat!(
            "Return-Path: <bounce@a.example>\r\n",
            "Received-SPF: pass receiver=mx.other.example; client-ip=192.0.2.1\r\n",
            "Authentication-Results: mx.other.example; spf=pass smtp.mailfrom=a@good.example\r\n",
            "Received: from a.example (a.example [192.0.2.1]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
            "From: a@good.example\r\n\r\nbody\r\n"
        );
        let source = infer(raw, &["example.net"]);
        let (envelope, sources) = inferred(&source);
        assert_eq!(envelope.client_ip, ip("192.0.2.1"));
        assert_eq!(envelope.mail_from, "bounce@a.example");
        assert_eq!(sources, ["Received (by mx.example.net)", "Return-Path"]);
        let writers: Vec<_> = source
            .ignored()
            .iter()
            .map(|i| match &i.reason {
                IgnoreReason::UntrustedWriter { writer } => writer.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(writers, ["mx.other.example", "mx.other.example"]);
    }

    #[test]
    fn without_trusted_ids_only_the_topmost_block_counts() {
        let raw = concat!(
            "Received: by 2002:a05:6a10:1234::1 with SMTP id x12; Fri, 20 Nov 2026 01:02:04 -0800 (PST)\r\n",
            "Return-Path: <bounce@shop.example>\r\n",
            "Received: from out.shop.example (out.shop.example. [192.0.2.7]) by mx.example.net with ESMTPS id a1; Fri, 20 Nov 2026 01:02:03 -0800\r\n",
            "Received-SPF: pass client-ip=192.0.2.7; envelope-from=bounce@shop.example; helo=out.shop.example\r\n",
            "Received: from [203.0.113.5] (x [203.0.113.5]) by out.shop.example; Fri, 20 Nov 2026 01:02:00 -0800\r\n",
            "Received-SPF: pass client-ip=198.51.100.25; envelope-from=ceo@good.example\r\n",
            "From: a@shop.example\r\n\r\nbody\r\n"
        );
        let source = infer(raw, &[]);
        let (envelope, sources) = inferred(&source);
        assert_eq!(envelope.client_ip, ip("192.0.2.7"));
        assert_eq!(envelope.mail_from, "bounce@shop.example");
        assert_eq!(envelope.helo, "out.shop.example");
        assert_eq!(sources, ["Received (by mx.example.net)", "Return-Path"]);
        assert_eq!(source.ignored().len(), 1);
        assert_eq!(source.ignored()[0].position, 6);
    }

    #[test]
    fn unreadable_received_stops_the_search() {
        let raw = concat!(
            "Received: from x (y [192.0.2.1]) (unknown [203.0.113.5]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000\r\n",
            "Received: from a (a [198.51.100.25]) by mx.example.net; Mon, 2 Mar 2026 09:00:00 +0000\r\n",
            "From: a@good.example\r\n\r\nbody\r\n"
        );
        for trusted in [&["mx.example.net"][..], &[]] {
            let source = infer(raw, trusted);
            assert!(
                matches!(source, EnvelopeSource::Missing { .. }),
                "{source:?}"
            );
            assert!(matches!(
                source.ignored()[0].reason,
                IgnoreReason::Unreadable { .. }
            ));
        }
    }

    #[test]
    fn received_spf_of_many_keys_is_bounded_and_linear() {
        let keys = |n: usize| {
            let pairs: Vec<String> = (0..n).map(|k| format!("k{k}=0")).collect();
            format!("pass {}", pairs.join("; "))
        };
        // 100,000 keys (about 1 MB) are refused by size before any reading.
        assert!(
            parse_received_spf(&keys(100_000)).unwrap_err().id == "reason-received-spf-too-long"
        );
        // As many as fit the bound are read, each key checked once.
        let fits = keys(1_500);
        assert!(fits.len() <= crate::mail::received::MAX_RECEIVED_LEN);
        assert!(parse_received_spf(&fits).is_ok());
        let repeated = format!("{fits}; k0=1");
        assert_eq!(
            parse_received_spf(&repeated).unwrap_err().id,
            "reason-received-spf-duplicate-key"
        );
    }

    #[test]
    fn received_spf_keys_cannot_be_repeated() {
        assert!(
            parse_received_spf("pass helo=x; client-ip=192.0.2.1; client-ip=198.51.100.25")
                .unwrap_err()
                .id
                == "reason-received-spf-duplicate-key"
        );
        let spf = parse_received_spf(
            "Pass (mx.example.net: domain of \"a;b\"@x designates 192.0.2.1 (really)) receiver=mx.example.net; client-ip=192.0.2.1; envelope-from=\"a;client-ip=1.2.3.4\"@x.example; helo=h.example",
        )
        .unwrap();
        assert_eq!(spf.client_ip, Some(ip("192.0.2.1")));
        assert_eq!(
            spf.envelope_from.as_deref(),
            Some("a;client-ip=1.2.3.4@x.example")
        );
        assert_eq!(spf.receiver.as_deref(), Some("mx.example.net"));
        assert!(parse_received_spf("pass (unclosed client-ip=1.2.3.4").is_err());
        assert!(parse_received_spf("pass client-ip=not-an-ip").is_err());
        assert!(parse_received_spf("").is_err());
    }

    #[test]
    fn trusted_host_names() {
        let ids = ["Example.NET.".to_string()];
        let trust = Trust { ids: &ids };
        assert!(trust.host("example.net"));
        assert!(trust.host("MX1.example.net."));
        assert!(!trust.host("badexample.net"));
        assert!(!trust.host("example.net.evil.example"));
        assert!(!trust.host("net"));
        assert!(!trust.host("ÿexample.net"));
        assert!(trust.authserv_id("example.net."));
        assert!(!trust.authserv_id("mx.example.net"));
    }
}
