//! One milter connection: the SMTP stages as the MTA passes them, into a
//! [`Session`], and at the end of each message the verdict as header
//! changes and an action.

use std::net::IpAddr;

use async_trait::async_trait;
use domainauth::arc::{ChainProblem, SealBody, Sealer};
use domainauth::dkim::Signing;
use domainauth::dmarc::{DmarcResult, Policy};
use domainauth::mail::{Message, parse_address_list};
use domainauth::verify::{Session, SharedResolver, Verdict};
use miltr_common::actions::{Action as MilterAction, Continue, Replycode, Skip};
use miltr_common::commands::{Body, Connect, Family, Header, Helo, Macro, Mail};
use miltr_common::modifications::ModificationResponse;
use miltr_common::modifications::headers::{ChangeHeader, InsertHeader};
use miltr_common::modifications::quarantine::Quarantine;
use miltr_common::optneg::{Capability, OptNeg, Protocol};
use miltr_server::{Error as ServerError, Milter};

use crate::config::{Action, OnFailure};
use crate::listen::State;

/// Most Authentication-Results fields claiming our authserv-id that are
/// removed from one message; a message with more is refused as malformed.
pub const MAX_REMOVED_RESULTS: usize = 64;

/// The milter for one connection from the MTA.
pub struct Handler<'v> {
    state: &'v State,
    session: Session<'v, SharedResolver>,
    /// The client's address (SMFIC_CONNECT).
    client: Option<IpAddr>,
    /// The sender logged in (`{auth_authen}` set for this message).
    authenticated: bool,
    /// The MTA daemon the client reached (`{daemon_name}`, sent with the
    /// connection).
    daemon: String,
    /// This message is outgoing: signed, not verified.
    outgoing: bool,
    /// Body octets of this message so far.
    body_bytes: u64,
    /// The body hash of this hop's ARC-Message-Signature, when sealing.
    seal_body: Option<SealBody>,
    /// The signatures being computed over an outgoing body.
    signings: Vec<(Signing<'v>, &'static str)>,
    /// Authentication-Results fields seen in this message.
    results_seen: u32,
    /// Of those, the indexes (1-based, among fields of that name: the
    /// milter protocol's SMFIR_CHGHEADER) of those claiming our authserv-id.
    ours: Vec<u32>,
    /// The MTA's queue id (macro `i`), for the log line.
    queue_id: String,
    /// The MTA passes each header value with its leading space
    /// (SMFIP_HDR_LEADSPC negotiated); else it is put back.
    leading_space: bool,
    /// The MTA understands SMFIS_SKIP (SMFIP_SKIP negotiated).
    can_skip: bool,
    /// Nothing reads this message's body: the rest of it is skipped.
    skip_body: bool,
    /// The no-reply options to ask for ([`crate::protocol::NO_REPLY`], or
    /// none on TCP: see [`Handler::on_tcp`]).
    no_reply: Protocol,
}

impl std::fmt::Debug for Handler<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handler")
            .field("session", &self.session)
            .field("queue_id", &self.queue_id)
            .finish_non_exhaustive()
    }
}

/// The actions the milter needs the MTA to allow (libmilter's
/// `xxfi_flags`): adding header fields (Authentication-Results,
/// DKIM-Signature, the ARC set), changing them (removing forged
/// Authentication-Results) and quarantine. An MTA that does not allow one
/// of them is refused at the negotiation, as libmilter does, rather than
/// having the milter's work silently dropped.
pub const ACTIONS: Capability = Capability::SMFIF_ADDHDRS
    .union(Capability::SMFIF_CHGHDRS)
    .union(Capability::SMFIF_QUARANTINE);

/// Why a connection's handler failed; the connection is closed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandlerError {}

impl<'v> Handler<'v> {
    /// A handler verifying and signing as `state` says.
    pub fn new(state: &'v State) -> Self {
        Self {
            state,
            session: Session::new(state.verifier()),
            client: None,
            authenticated: false,
            daemon: String::new(),
            outgoing: false,
            body_bytes: 0,
            seal_body: None,
            signings: Vec::new(),
            results_seen: 0,
            ours: Vec::new(),
            queue_id: String::new(),
            leading_space: false,
            can_skip: false,
            skip_body: false,
            no_reply: crate::protocol::NO_REPLY,
        }
    }

    /// The connection is TCP: every command is answered. An MTA writes
    /// its milter packets with Nagle's algorithm on (Postfix does); a
    /// header field left unanswered then holds the next one back until
    /// this side's delayed acknowledgement, 40 ms on Linux, per message.
    /// On a unix socket nothing waits, and header fields go unanswered.
    #[must_use]
    pub fn on_tcp(mut self) -> Self {
        self.no_reply = Protocol::empty();
        self
    }

    /// Whether an Authentication-Results value names our authserv-id
    /// (RFC 8601 §5: such fields from outside are forgeries, removed).
    fn claims_our_id(&self, value: &str) -> bool {
        let ours = self.state.config().authserv_id.trim_end_matches('.');
        domainauth::authres::authserv_id(value)
            .is_some_and(|id| id.trim_end_matches('.').eq_ignore_ascii_case(ours))
    }

    /// Whether this message is outgoing: its sender logged in, or its
    /// client is an internal host.
    fn is_outgoing(&self) -> bool {
        let signing = &self.state.config().signing;
        (self.authenticated && signing.authenticated)
            || (!self.daemon.is_empty() && signing.daemons.contains(&self.daemon))
            || self
                .client
                .is_some_and(|ip| signing.internal_hosts.iter().any(|n| n.contains(ip)))
    }

    /// A header value as the MTA inserts it: with its leading space when
    /// the MTA passes values with theirs, folded with LF (the MTA writes
    /// its own line ends).
    fn header_value(&self, value: &str) -> String {
        let value = value.trim_start().replace("\r\n", "\n");
        if self.leading_space {
            format!(" {value}")
        } else {
            value
        }
    }

    /// Starts the signatures of an outgoing message once its header is
    /// known: one per key matching the From address.
    fn begin_signing(&mut self) {
        let state: &'v State = self.state;
        if state.keys().is_empty() {
            return;
        }
        // Over the header limits of `Message` (the session keeps one field
        // or octet more), it does not parse: left unsigned.
        let mut header = self.session.received_header().to_vec();
        header.extend_from_slice(b"\r\n");
        let message = match Message::parse(&header) {
            Ok(m) => m,
            Err(e) => {
                self.unsigned(&format!("the header cannot be read: {e}"));
                return;
            }
        };
        let from = message
            .get("from")
            .and_then(|f| parse_address_list(&f.text()).ok())
            .and_then(|list| list.into_iter().next());
        let Some(from) = from else {
            self.unsigned("no From address");
            return;
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        for signer in state.keys().for_sender(&from) {
            let algorithm = signer.key().algorithm().as_str();
            match signer.begin(&message) {
                Ok(signing) => self.signings.push((signing.with_timestamp(now), algorithm)),
                Err(e) => {
                    state.metrics().signature(algorithm, "failed");
                    tracing::warn!(queue_id = %self.queue_id, error = %e, "not signed with one key")
                }
            }
        }
        if self.signings.is_empty() {
            tracing::info!(queue_id = %self.queue_id, from = %domainauth::escape::escape_controls(&from), "outgoing, no key for this sender");
        }
    }

    /// An outgoing message left unsigned: logged and counted.
    fn unsigned(&self, why: &str) {
        self.state.metrics().error("unsigned");
        tracing::warn!(queue_id = %self.queue_id, why, "outgoing message not signed");
    }

    /// The signatures of an outgoing message as header fields to insert.
    fn signed(&mut self) -> ModificationResponse {
        let mut builder = ModificationResponse::builder();
        let mut selectors = Vec::new();
        let metrics = self.state.metrics();
        for (signing, algorithm) in std::mem::take(&mut self.signings) {
            match signing.finish() {
                Ok(field) => {
                    metrics.signature(algorithm, "signed");
                    let value = field.strip_prefix("DKIM-Signature:").unwrap_or(&field);
                    selectors.push(field_tag(value, "s").to_string() + "." + field_tag(value, "d"));
                    builder.push(InsertHeader::new(
                        0,
                        b"DKIM-Signature",
                        self.header_value(value).as_bytes(),
                    ));
                }
                Err(e) => {
                    metrics.signature(algorithm, "failed");
                    tracing::warn!(queue_id = %self.queue_id, error = %e, "signing failed")
                }
            }
        }
        let outcome = if selectors.is_empty() {
            "unsigned"
        } else {
            tracing::info!(queue_id = %self.queue_id, keys = %selectors.join(","), "message signed");
            "signed"
        };
        metrics.message("outgoing", "not_checked", outcome);
        builder.build(Continue)
    }

    /// This hop's ARC set (RFC 8617 §5.1) for an accepted incoming message:
    /// its results and the chain status as received, over the header
    /// received and the body hashed as it came. ARC-Seal ends on top.
    fn push_arc_set(
        &self,
        builder: &mut miltr_common::modifications::ModificationResponseBuilder,
        verdict: &Verdict,
        seal: Option<(Vec<u8>, SealBody)>,
    ) {
        let (Some(sealer), Some((mut header, body))) = (self.state.sealer(), seal) else {
            return;
        };
        // A chain whose newest seal failed is not extended: no later hop
        // could make it pass (§5.1.2).
        if verdict
            .arc
            .failure
            .as_ref()
            .is_some_and(|f| matches!(f.reason, ChainProblem::NewestSealFailed))
        {
            tracing::info!(queue_id = %self.queue_id, "not sealed: the newest ARC seal failed");
            return;
        }
        header.extend_from_slice(b"\r\n");
        let Ok(message) = Message::parse(&header) else {
            return;
        };
        let field = results_field(verdict, &self.state.config().authserv_id);
        let results = field.split_once(';').map_or("none", |(_, r)| r);
        let id = &self.state.config().authserv_id;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let set = sealer
            .begin(&message, verdict.arc.status, id, results)
            .map(|s| s.with_body(body).with_timestamp(now))
            .and_then(|s| s.finish());
        match set {
            Ok(set) => {
                for field in [
                    &set.authentication_results,
                    &set.message_signature,
                    &set.seal,
                ] {
                    let (name, value) = field.split_once(':').unwrap_or((field, ""));
                    builder.push(InsertHeader::new(
                        0,
                        name.as_bytes(),
                        self.header_value(value).as_bytes(),
                    ));
                }
                tracing::info!(queue_id = %self.queue_id, instance = set.instance, cv = %set.cv, "ARC set added");
            }
            Err(e) => {
                self.state.metrics().error("arc_seal");
                tracing::warn!(queue_id = %self.queue_id, error = %e, "not sealed");
            }
        }
    }

    /// Ready for the next message on this connection.
    fn reset(&mut self) {
        self.results_seen = 0;
        self.ours.clear();
        self.authenticated = false;
        self.outgoing = false;
        self.body_bytes = 0;
        self.signings.clear();
        self.seal_body = None;
        self.skip_body = false;
    }

    /// The verdict as header changes and a final action.
    fn response(
        &self,
        verdict: &Verdict,
        seal: Option<(Vec<u8>, SealBody)>,
    ) -> ModificationResponse {
        let mut builder = ModificationResponse::builder();
        // Highest index first, so the earlier indexes stay right.
        for &index in self.ours.iter().rev() {
            builder.push(ChangeHeader::new(index, b"Authentication-Results", b""));
        }
        let field = results_field(verdict, &self.state.config().authserv_id);
        let value = self.header_value(
            field
                .strip_prefix("Authentication-Results:")
                .unwrap_or(&field),
        );
        builder.push(InsertHeader::new(
            0,
            b"Authentication-Results",
            value.as_bytes(),
        ));
        let dmarc = &verdict.dmarc;
        let deciding = dmarc.deciding();
        let domain = deciding.map(|d| d.from_domain.clone()).unwrap_or_default();
        // The domain whose record applied: the From domain's own, or the
        // organizational domain's it fell back to.
        let policy_domain = deciding
            .and_then(|d| d.policy_domain.clone())
            .unwrap_or_else(|| domain.clone());
        let config = self.state.config();
        let allowed = !domain.is_empty()
            && config
                .policy
                .allow
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&domain));
        let tempfail = dmarc.result == DmarcResult::TempError
            && config.errors.on_failure == OnFailure::Tempfail;
        // The disposition applies to a DMARC failure, and to a message
        // whose From field names no author domain to check (no From,
        // several, one that does not parse): the library's local policy
        // (RFC 9989 §5.7.3, rejected by default) — never let such a
        // message pass as "no DMARC".
        let applies = dmarc.result == DmarcResult::Fail || dmarc.local_policy.is_some();
        let action = match dmarc.disposition {
            Policy::Reject if applies && !allowed => config.policy.reject,
            Policy::Quarantine if applies && !allowed => config.policy.quarantine,
            _ => Action::None,
        };
        let taken = match action {
            _ if tempfail => "tempfail",
            Action::Reject => "reject",
            Action::Quarantine => "quarantine",
            Action::Header => "mark",
            Action::None => "accept",
        };
        self.state
            .metrics()
            .message("incoming", dmarc.result.as_str(), taken);
        let dkim: Vec<&str> = verdict.dkim.iter().map(|r| r.result.as_str()).collect();
        tracing::info!(
            queue_id = %self.queue_id,
            ip = %self.client.map_or_else(String::new, |ip| ip.to_string()),
            spf = verdict.spf.as_ref().map_or("none", |e| e.result.as_str()),
            dkim = %if dkim.is_empty() { "none".to_string() } else { dkim.join(",") },
            arc = %verdict.arc.status,
            dmarc = dmarc.result.as_str(),
            disposition = dmarc.disposition.as_str(),
            action = taken,
            from = %domainauth::escape::escape_controls(&domain),
            "message verified"
        );
        if tempfail {
            return builder.build(Replycode::new(
                [4, 5, 1],
                [4, 7, 0],
                "DMARC could not be checked (DNS failure); try again later",
            ));
        }
        if let Some(history) = self.state.history() {
            let overridden =
                allowed || (action == Action::None && dmarc.disposition != Policy::None);
            let applied = match action {
                Action::Reject => Policy::Reject,
                Action::Quarantine | Action::Header => Policy::Quarantine,
                Action::None => Policy::None,
            };
            if let Some(entry) = crate::history::entry(
                verdict,
                self.client,
                &config.authserv_id,
                &self.queue_id,
                taken,
                applied,
                overridden,
            ) {
                history.record(entry, self.state.metrics());
            }
        }
        if action != Action::Reject {
            self.push_arc_set(&mut builder, verdict, seal);
        }
        match action {
            Action::Reject => builder.build(Replycode::new(
                [5, 5, 0],
                [5, 7, 1],
                &if deciding.is_none() {
                    "message refused: its From field names no author domain DMARC can check (missing, repeated or unreadable)".to_string()
                } else if policy_domain == domain {
                    format!("message refused by the DMARC policy of {domain} (SPF and DKIM did not pass aligned with it)")
                } else {
                    format!("message from {domain} refused by the DMARC policy of {policy_domain} (SPF and DKIM did not pass aligned with it)")
                },
            )),
            Action::Quarantine => {
                builder.push(Quarantine::new(
                    format!("DMARC policy of {policy_domain}: quarantine").as_bytes(),
                ));
                builder.build(Continue)
            }
            Action::Header => {
                builder.push(InsertHeader::new(
                    0,
                    b"X-Spam-Flag",
                    self.header_value("YES").as_bytes(),
                ));
                builder.build(Continue)
            }
            Action::None => builder.build(Continue),
        }
    }
}

/// A header value as the octets the MTA sent: a Subject in raw Shift_JIS
/// or any other 8-bit value is signed and verified as it is on the wire
/// (RFC 6376 §3.4 canonicalizes octets). The packet is `NAME NUL VALUE
/// NUL`; miltr's `Header::value` would replace what is not UTF-8.
fn raw_value(header: &Header) -> Vec<u8> {
    use miltr_common::encoding::Writable as _;
    let mut packet = bytes::BytesMut::with_capacity(header.len());
    header.write(&mut packet);
    // The name ends at the first NUL (it cannot hold one); the value
    // ends at the last.
    let start = packet
        .iter()
        .position(|&b| b == 0)
        .map_or(packet.len(), |i| i + 1);
    let end = packet.len().saturating_sub(1).max(start);
    packet.get(start..end).unwrap_or_default().to_vec()
}

#[async_trait]
impl Milter for Handler<'_> {
    type Error = HandlerError;

    async fn option_negotiation(
        &mut self,
        theirs: OptNeg,
    ) -> Result<OptNeg, ServerError<Self::Error>> {
        let ours = OptNeg {
            capabilities: ACTIONS,
            // The leading space of each header value: DKIM's simple
            // canonicalization signs it (RFC 6376 §3.4.1).
            // SKIP: the body is not sent when nothing reads it.
            // no_reply: no answer to the commands whose answer is always
            // "continue" (crate::protocol), on a unix socket.
            protocol: Protocol::SMFIP_HDR_LEADSPC
                | Protocol::SMFIP_SKIP
                | Protocol::NO_RECIPIENT
                | Protocol::NO_UNKNOWN
                | self.no_reply,
            ..OptNeg::default()
        };
        let mut merged = ours.clone();
        merged.version = theirs.version.min(ours.version);
        merged.capabilities = ours.capabilities & theirs.capabilities;
        merged.protocol = ours.protocol & theirs.protocol;
        if merged.version < 6 {
            // The leading space, SKIP and the no-reply options are
            // protocol 6's.
            merged.protocol &= Protocol::NO_RECIPIENT | Protocol::NO_UNKNOWN;
        }
        self.leading_space = merged.protocol.contains(Protocol::SMFIP_HDR_LEADSPC);
        self.can_skip = merged.protocol.contains(Protocol::SMFIP_SKIP);
        tracing::debug!(
            version = merged.version,
            protocol = format_args!("{:#x}", merged.protocol.bits()),
            "milter options agreed"
        );
        Ok(merged)
    }

    async fn macro_(&mut self, macros: Macro) -> Result<(), Self::Error> {
        for (name, value) in macros.macros() {
            if name == b"{auth_authen}" && !value.is_empty() {
                self.authenticated = true;
            } else if name == b"{daemon_name}" {
                self.daemon = String::from_utf8_lossy(value).chars().take(64).collect();
            } else if name == b"i" || name == b"{i}" {
                self.queue_id = String::from_utf8_lossy(value)
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .take(32)
                    .collect();
            }
        }
        Ok(())
    }

    async fn connect(&mut self, connect: Connect) -> Result<MilterAction, Self::Error> {
        // A new SMTP client: nothing of the one before carries over, its
        // address least of all (an address that is not an IP leaves none).
        self.client = None;
        self.session = Session::new(self.state.verifier());
        self.reset();
        if matches!(connect.family, Family::Inet | Family::Inet6)
            && let Ok(ip) = connect.address().trim_matches(['[', ']']).parse::<IpAddr>()
        {
            self.session.connect(ip);
            self.client = Some(ip);
        }
        Ok(Continue.into())
    }

    async fn helo(&mut self, helo: Helo) -> Result<MilterAction, Self::Error> {
        self.session.helo(&helo.helo());
        Ok(Continue.into())
    }

    async fn mail(&mut self, mail: Mail) -> Result<MilterAction, Self::Error> {
        self.outgoing = self.is_outgoing();
        if !self.outgoing {
            self.session.mail_from(&mail.sender()).await;
        }
        Ok(Continue.into())
    }

    async fn header(&mut self, header: Header) -> Result<MilterAction, Self::Error> {
        let name = header.name();
        let value = raw_value(&header);
        if !self.outgoing && name.eq_ignore_ascii_case("Authentication-Results") {
            self.results_seen = self.results_seen.saturating_add(1);
            if self.claims_our_id(&String::from_utf8_lossy(&value)) {
                if self.ours.len() >= MAX_REMOVED_RESULTS {
                    return Ok(Replycode::new(
                        [5, 5, 0],
                        [5, 7, 1],
                        "too many Authentication-Results fields claiming this server",
                    )
                    .into());
                }
                self.ours.push(self.results_seen);
            }
        }
        // The header as it will be delivered, kept by the session for
        // verifying or, outgoing, for signing: the MTA passes continuation
        // lines after LF, the session gives them their CRLF back (and a
        // line break cannot start another field). Without the leading
        // space negotiated, the usual single space after the colon is put
        // back.
        if self.leading_space {
            self.session.header(&name, &value);
        } else {
            self.session
                .header(&name, &[b" ", value.as_slice()].concat());
        }
        Ok(Continue.into())
    }

    async fn end_of_header(&mut self) -> Result<MilterAction, Self::Error> {
        if self.outgoing {
            self.begin_signing();
            self.skip_body = self.signings.is_empty();
            return Ok(Continue.into());
        }
        if self.session.header_over_limits() {
            // Unreadable for the verdict (no From, no signatures to
            // check): refused, never judged as a message without them.
            self.state.metrics().error("too_large");
            tracing::warn!(queue_id = %self.queue_id, "message header over 1000 fields or 1 MiB: refused");
            return Ok(Replycode::new(
                [5, 5, 2],
                [5, 3, 4],
                "message header too large for the mail filter (over 1000 fields or 1 MiB)",
            )
            .into());
        }
        self.session.end_of_header();
        self.seal_body = self.state.sealer().map(Sealer::body_hash);
        self.skip_body = self.seal_body.is_none() && !self.session.wants_body();
        Ok(Continue.into())
    }

    async fn body(&mut self, body: Body) -> Result<MilterAction, Self::Error> {
        if self.skip_body && self.can_skip {
            // Nothing reads it (no signature to verify or make, no chain,
            // no seal): the MTA need not send the rest.
            return Ok(Skip.into());
        }
        self.body_bytes = self.body_bytes.saturating_add(body.as_bytes().len() as u64);
        let limit = self.state.config().limits.max_message_size;
        if self.body_bytes > limit {
            self.state.metrics().error("too_large");
            tracing::warn!(queue_id = %self.queue_id, limit, "message body over max_message_size: refused for now");
            return Ok(Replycode::new(
                [4, 5, 2],
                [4, 3, 4],
                "message too large for the mail filter",
            )
            .into());
        }
        if self.outgoing {
            for (signing, _) in &mut self.signings {
                signing.body(body.as_bytes());
            }
            return Ok(Continue.into());
        }
        self.session.body(body.as_bytes());
        if let Some(seal) = &mut self.seal_body {
            seal.body(body.as_bytes());
        }
        Ok(Continue.into())
    }

    async fn end_of_body(&mut self) -> Result<ModificationResponse, Self::Error> {
        let next = self.session.next_message();
        let session = std::mem::replace(&mut self.session, next);
        let response = if self.outgoing {
            self.signed()
        } else {
            let seal = self
                .seal_body
                .take()
                .map(|body| (session.received_header().to_vec(), body));
            let verdict = session.finish().await;
            self.response(&verdict, seal)
        };
        self.reset();
        Ok(response)
    }

    async fn abort(&mut self) -> Result<(), Self::Error> {
        self.session = self.session.next_message();
        self.reset();
        Ok(())
    }

    /// SMFIC_QUIT_NC: the MTA is done with this SMTP client and keeps the
    /// connection for another one; everything of this one is forgotten.
    async fn quit_nc(&mut self) -> Result<(), Self::Error> {
        // The options agreed stay (the MTA may or may not negotiate again).
        let fresh = Handler {
            no_reply: self.no_reply,
            leading_space: self.leading_space,
            can_skip: self.can_skip,
            ..Handler::new(self.state)
        };
        *self = fresh;
        Ok(())
    }
}

/// The value of `tag` in a DKIM-Signature we made (for the log line).
fn field_tag<'f>(value: &'f str, tag: &str) -> &'f str {
    value
        .split(';')
        .filter_map(|t| t.split_once('='))
        .find(|(name, _)| name.trim() == tag)
        .map_or("", |(_, v)| v.trim())
}

/// The longest Authentication-Results field inserted as the library wrote
/// it; a longer one (hundreds of signatures, selectors of kilobytes, a HELO
/// of control characters escaped) is written in [`compact_results`] form,
/// so that every answer fits a milter packet (64 KiB) and the verdict
/// always reaches the MTA.
const MAX_RESULTS_FIELD: usize = 8 * 1024;

/// Most DKIM results in the compact form.
const MAX_COMPACT_DKIM: usize = 8;

/// The Authentication-Results field for `verdict`, `Authentication-Results:
/// …` without the final CRLF, within [`MAX_RESULTS_FIELD`].
fn results_field(verdict: &Verdict, authserv_id: &str) -> String {
    let field = &verdict.authentication_results;
    if field.len() <= MAX_RESULTS_FIELD {
        return field.clone();
    }
    compact_results(verdict, authserv_id)
}

/// The results alone: each method's result, and a domain only where it is
/// a plain DNS name (RFC 8601 §2.7 properties are optional).
fn compact_results(verdict: &Verdict, authserv_id: &str) -> String {
    use domainauth::authres::{AuthResults, MethodResult};
    let plain = |d: &str| {
        d.len() <= 253
            && !d.is_empty()
            && d.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    };
    let mut field = AuthResults::new(authserv_id);
    if let Some(spf) = &verdict.spf {
        let mut r = MethodResult::new("spf", spf.result.as_str());
        if plain(&spf.domain) {
            r = r.property("smtp", "mailfrom", &spf.domain);
        }
        field.results.push(r);
    }
    for result in verdict.dkim.iter().take(MAX_COMPACT_DKIM) {
        let mut r = MethodResult::new("dkim", result.result.as_str());
        if let Some(d) = result.domain.as_deref().filter(|d| plain(d)) {
            r = r.property("header", "d", d);
        }
        field.results.push(r);
    }
    if verdict.dkim.len() > MAX_COMPACT_DKIM {
        let more = verdict.dkim.len() - MAX_COMPACT_DKIM;
        field.results.push(
            MethodResult::new("dkim", "policy")
                .reason(&format!("{more} more signatures not listed")),
        );
    }
    field
        .results
        .push(MethodResult::new("arc", &verdict.arc.status.to_string()));
    let dmarc = &verdict.dmarc;
    let mut r = MethodResult::new("dmarc", dmarc.result.as_str());
    if let Some(d) = dmarc
        .focus()
        .map(|d| d.from_domain.as_str())
        .filter(|d| plain(d))
    {
        r = r.property("header", "from", d);
    }
    field.results.push(r);
    field.to_field()
}
