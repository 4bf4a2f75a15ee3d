//! A message verified as its SMTP session proceeds, for a mail filter or an
//! MTA that embeds this crate: the client's address and HELO at connect,
//! SPF at MAIL FROM, the header field by field, the body in chunks (the
//! DKIM and ARC body hashes run as it arrives, nothing of it is kept), and
//! the verdict at the end of the message — the same [`Verdict`] as
//! [`MessageVerifier::verify`] gives for the whole message.
//!
//! ```
//! use domainauth::dns::ZoneResolver;
//! use domainauth::dmarc::DmarcResult;
//! use domainauth::spf::SpfResult;
//! use domainauth::verify::{MessageVerifier, Session, VerifyOptions};
//! let zone = ZoneResolver::from_zone_text(concat!(
//!     "$ORIGIN example.co.jp.\n",
//!     "@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n",
//!     "_dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n"), None)?;
//! let verifier = MessageVerifier::new(zone, VerifyOptions::new("mx.example.net"));
//! let rt = tokio::runtime::Builder::new_current_thread().build()?;
//! rt.block_on(async {
//!     let mut session = Session::new(&verifier);
//!     session.connect("203.0.113.25".parse().unwrap());
//!     session.helo("mail.example.co.jp");
//!     // SPF runs at MAIL FROM: a filter may act on it before DATA.
//!     let spf = session.mail_from("<info@example.co.jp>").await.map(|e| e.result);
//!     assert_eq!(spf, Some(SpfResult::Pass));
//!     session.header("From", b" info@example.co.jp");
//!     session.header("Subject", b" hi");
//!     session.end_of_header();
//!     session.body(b"body\r\n");
//!     let verdict = session.finish().await;
//!     assert_eq!(verdict.dmarc.result, DmarcResult::Pass);
//! });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::net::IpAddr;

use super::{BodyParts, EnvelopeSource, MessageVerifier, Verdict};
use crate::dns::{Metered, Resolver};
use crate::mail::{MAX_HEADER_BYTES, MAX_HEADER_FIELDS, Message};
use crate::spf::{Envelope, Evaluation};

/// One message of an SMTP session, verified stage by stage.
///
/// The stages come in SMTP order: [`Session::connect`] and
/// [`Session::helo`] (kept for the next message of the same connection,
/// see [`Session::next_message`]), [`Session::mail_from`], the header
/// fields with [`Session::header`], [`Session::end_of_header`], the body
/// with [`Session::body`], then [`Session::finish`]. One DNS budget
/// ([`VerifyOptions::dns_budget`](super::VerifyOptions::dns_budget)) bounds
/// every lookup of the message, SPF at MAIL FROM included: its query limit
/// counts over the whole message, its deadline over each stage that asks
/// (SPF at MAIL FROM; the rest at [`Session::finish`]), so that a client
/// slow to send its DATA does not use up the time DNS may take.
///
/// The header is kept (up to one field or octet past the limits of
/// [`Message`]: a header over them gets the verdict
/// [`Message::read`] gives, no From field and so no DMARC pass); the body
/// is not.
pub struct Session<'v, R> {
    verifier: &'v MessageVerifier<R>,
    dns: Metered<&'v R>,
    client_ip: Option<IpAddr>,
    helo: String,
    envelope: Option<Envelope>,
    spf: Option<Evaluation>,
    header: Vec<u8>,
    fields: usize,
    parts: Option<BodyParts>,
}

impl<R> std::fmt::Debug for Session<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("client_ip", &self.client_ip)
            .field("helo", &self.helo)
            .field("envelope", &self.envelope)
            .field("fields", &self.fields)
            .field("body_begun", &self.parts.is_some())
            .finish_non_exhaustive()
    }
}

impl<'v, R: Resolver + Clone> Session<'v, R> {
    /// A session verifying with `verifier`'s settings, caches and resolver.
    pub fn new(verifier: &'v MessageVerifier<R>) -> Self {
        Self {
            verifier,
            dns: Metered::new(&verifier.resolver, &verifier.options.dns_budget),
            client_ip: None,
            helo: String::new(),
            envelope: None,
            spf: None,
            header: Vec::new(),
            fields: 0,
            parts: None,
        }
    }

    /// The SMTP client's address (the milter's connect stage).
    pub fn connect(&mut self, client_ip: IpAddr) {
        self.client_ip = Some(client_ip);
    }

    /// The HELO/EHLO name.
    pub fn helo(&mut self, name: &str) {
        self.helo = name.to_string();
    }

    /// MAIL FROM (with or without its angle brackets; `<>` is the null
    /// reverse-path, for which SPF checks the HELO name, RFC 7208 §2.4):
    /// evaluates SPF now, so that a filter can act on it before DATA.
    /// `None` without a client address ([`Session::connect`]): SPF needs
    /// one, and the verdict then reads the envelope from the trace fields,
    /// as [`MessageVerifier::verify`] does without an envelope.
    pub async fn mail_from(&mut self, address: &str) -> Option<&Evaluation> {
        let ip = self.client_ip?;
        // The deadline bounds DNS time, not the wait before this stage.
        self.dns.restart_deadline();
        let helo = (!self.helo.is_empty()).then_some(self.helo.as_str());
        let envelope = Envelope::from_smtp(ip, helo, address);
        let spf = self
            .verifier
            .spf
            .with_resolver(&self.dns)
            .check_mail_from(&envelope)
            .await;
        self.envelope = Some(envelope);
        self.spf = Some(spf);
        self.spf.as_ref()
    }

    /// One header field, in the order received: `name` without the colon,
    /// `value` everything after it as it was on the wire (the leading space
    /// and any folding included: DKIM's simple canonicalization signs
    /// those octets, RFC 6376 §3.4.1; a continuation line after a bare LF,
    /// as some MTAs pass it, is given its CRLF back). Fields past the
    /// header limits of [`Message`] are counted, not kept.
    pub fn header(&mut self, name: &str, value: &[u8]) {
        self.fields = self.fields.saturating_add(1);
        let full = self.fields > MAX_HEADER_FIELDS + 1 || self.header.len() > MAX_HEADER_BYTES + 1;
        if full || self.parts.is_some() {
            return;
        }
        self.header.extend_from_slice(name.as_bytes());
        self.header.push(b':');
        // Folded lines as the wire has them: CRLF, also where the MTA
        // passes a continuation after a bare LF.
        let mut rest = value;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            let line = &rest[..i];
            self.header
                .extend_from_slice(line.strip_suffix(b"\r").unwrap_or(line));
            self.header.extend_from_slice(b"\r\n");
            rest = &rest[i + 1..];
            // A line break inside one field's value continues that field:
            // a line not starting with white space would start another
            // field the MTA never passed (an injected From, say).
            if !rest.is_empty() && !matches!(rest[0], b' ' | b'\t') {
                self.header.push(b' ');
            }
        }
        if !rest.is_empty() || !value.ends_with(b"\n") {
            self.header.extend_from_slice(rest);
            self.header.extend_from_slice(b"\r\n");
        }
    }

    /// Whether the header received is over the limits of [`Message`]
    /// ([`MAX_HEADER_FIELDS`] fields, [`MAX_HEADER_BYTES`] octets): the
    /// verdict then cannot read it (no From, no signatures), and a filter
    /// should refuse the message rather than act on that verdict.
    pub fn header_over_limits(&self) -> bool {
        self.fields > MAX_HEADER_FIELDS || self.header.len() > MAX_HEADER_BYTES
    }

    /// The header received so far, as the message will hold it (each
    /// field with CRLF line ends; without the empty line that ends it),
    /// within the limits of [`Message`]: what a filter that adds its own
    /// fields (an ARC sealer) reads the message's header from.
    pub fn received_header(&self) -> &[u8] {
        &self.header
    }

    /// The end of the header: the signatures and the ARC chain are read
    /// and their body hashes begin. Called by [`Session::body`] and
    /// [`Session::finish`] if not before.
    pub fn end_of_header(&mut self) {
        if self.parts.is_some() {
            return;
        }
        let message = Message::read(&self.header);
        self.parts = Some(self.verifier.begin_parts(&message, &self.dns));
    }

    /// Whether the verdict depends on the body: only DKIM signatures and
    /// an ARC chain read it. Without either, a caller may stop passing the
    /// body (a milter answers SMFIS_SKIP). Ends the header if not done.
    pub fn wants_body(&mut self) -> bool {
        self.end_of_header();
        self.parts.as_ref().is_some_and(BodyParts::wants_body)
    }

    /// A chunk of the body (CRLF line ends, as SMTP and the milter protocol
    /// carry it; a bare LF is read as DKIM verifiers read it).
    pub fn body(&mut self, chunk: &[u8]) {
        self.end_of_header();
        if let Some(parts) = &mut self.parts {
            parts.body(chunk);
        }
    }

    /// The verdict on the message: DKIM and ARC with the body read so far,
    /// DMARC over them and the SPF result of MAIL FROM, our
    /// Authentication-Results field and the explanation.
    pub async fn finish(mut self) -> Verdict {
        // The client's DATA since MAIL FROM is not DNS time: the deadline
        // counts again from here (the query limit counts on).
        self.dns.restart_deadline();
        let message = Message::read(&self.header);
        let source = match &self.envelope {
            Some(e) => EnvelopeSource::Given {
                envelope: e.clone().into(),
            },
            None => super::infer_envelope(&message, &self.verifier.options.trusted_authserv_ids),
        };
        // Without MAIL FROM's SPF, the envelope read from the trace fields
        // is checked now, as `verify` does.
        let spf = match (self.spf.take(), source.envelope()) {
            (Some(spf), _) => Some(spf),
            (None, Some(e)) => Some(
                self.verifier
                    .spf
                    .with_resolver(&self.dns)
                    .check_mail_from(&e)
                    .await,
            ),
            (None, None) => None,
        };
        // The header ends here when no body or end of header came.
        let parts = match self.parts.take() {
            Some(parts) => parts,
            None => self.verifier.begin_parts(&message, &self.dns),
        };
        let (dkim, arc) = self.verifier.finish_parts(parts, &message, &self.dns).await;
        self.verifier
            .conclude(&message, source, &self.dns, spf, dkim, arc)
            .await
    }

    /// A session for the next message of the same SMTP connection: the
    /// client's address and HELO name are kept, with a fresh DNS budget.
    pub fn next_message(&self) -> Self {
        let mut next = Self::new(self.verifier);
        next.client_ip = self.client_ip;
        next.helo.clone_from(&self.helo);
        next
    }
}
