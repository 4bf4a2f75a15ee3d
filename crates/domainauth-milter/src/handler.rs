//! One milter connection: the SMTP stages as the MTA passes them, into a
//! [`Session`], and at the end of each message the verdict as header
//! changes and an action.

use std::net::IpAddr;

use async_trait::async_trait;
use domainauth::dmarc::{DmarcResult, Policy};
use domainauth::verify::{MessageVerifier, Session, SharedResolver, Verdict};
use miltr_common::actions::{Action as MilterAction, Continue, Replycode};
use miltr_common::commands::{Body, Connect, Family, Header, Helo, Macro, Mail};
use miltr_common::modifications::ModificationResponse;
use miltr_common::modifications::headers::{ChangeHeader, InsertHeader};
use miltr_common::modifications::quarantine::Quarantine;
use miltr_common::optneg::{Capability, OptNeg, Protocol};
use miltr_server::{Error as ServerError, Milter};

use crate::config::{Action, Config, OnFailure};

/// Most Authentication-Results fields claiming our authserv-id that are
/// removed from one message; a message with more is refused as malformed.
pub const MAX_REMOVED_RESULTS: usize = 64;

/// The milter for one connection from the MTA.
pub struct Handler<'v> {
    config: &'v Config,
    session: Session<'v, SharedResolver>,
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
}

impl std::fmt::Debug for Handler<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handler")
            .field("session", &self.session)
            .field("queue_id", &self.queue_id)
            .finish_non_exhaustive()
    }
}

/// Why a connection's handler failed; the connection is closed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandlerError {}

impl<'v> Handler<'v> {
    /// A handler verifying with `verifier`, acting as `config` says.
    pub fn new(verifier: &'v MessageVerifier<SharedResolver>, config: &'v Config) -> Self {
        Self {
            config,
            session: Session::new(verifier),
            results_seen: 0,
            ours: Vec::new(),
            queue_id: String::new(),
            leading_space: false,
        }
    }

    /// Whether an Authentication-Results value names our authserv-id
    /// (RFC 8601 §5: such fields from outside are forgeries, removed).
    fn claims_our_id(&self, value: &str) -> bool {
        let id = value
            .trim_start()
            .split(|c: char| c == ';' || c.is_ascii_whitespace())
            .next()
            .unwrap_or("");
        id.eq_ignore_ascii_case(&self.config.authserv_id)
    }

    /// The verdict as header changes and a final action.
    fn response(&self, verdict: &Verdict) -> ModificationResponse {
        let mut builder = ModificationResponse::builder();
        // Highest index first, so the earlier indexes stay right.
        for &index in self.ours.iter().rev() {
            builder.push(ChangeHeader::new(index, b"Authentication-Results", b""));
        }
        let field = &verdict.authentication_results;
        let value = field
            .strip_prefix("Authentication-Results:")
            .unwrap_or(field)
            .trim_start()
            // Folded with LF and a tab, as the milter protocol carries
            // header values (the MTA writes its own line ends).
            .replace("\r\n", "\n");
        // With SMFIP_HDR_LEADSPC negotiated the MTA writes the value right
        // after the colon, as it passed incoming ones: the usual space
        // goes in the value (Postfix otherwise writes "Name:value").
        let value = if self.leading_space {
            format!(" {value}")
        } else {
            value
        };
        builder.push(InsertHeader::new(
            0,
            b"Authentication-Results",
            value.as_bytes(),
        ));
        let dmarc = &verdict.dmarc;
        let deciding = dmarc.deciding().map(|d| d.from_domain.clone());
        let allowed = deciding.as_deref().is_some_and(|d| {
            self.config
                .policy
                .allow
                .iter()
                .any(|a| a.eq_ignore_ascii_case(d))
        });
        let domain = deciding.unwrap_or_default();
        let action = match (dmarc.result, dmarc.disposition) {
            (DmarcResult::TempError, _) if self.config.errors.on_failure == OnFailure::Tempfail => {
                tracing::info!(queue_id = %self.queue_id, result = "temperror", action = "tempfail", from = %domain);
                return builder.build(Replycode::new(
                    [4, 5, 1],
                    [4, 7, 0],
                    "DMARC could not be checked (DNS failure); try again later",
                ));
            }
            (DmarcResult::Fail, Policy::Reject) if !allowed => self.config.policy.reject,
            (DmarcResult::Fail, Policy::Quarantine) if !allowed => self.config.policy.quarantine,
            _ => Action::None,
        };
        tracing::info!(
            queue_id = %self.queue_id,
            spf = verdict.spf.as_ref().map_or("none", |e| e.result.as_str()),
            dmarc = dmarc.result.as_str(),
            disposition = dmarc.disposition.as_str(),
            action = ?action,
            from = %domain,
            "message verified"
        );
        match action {
            Action::Reject => builder.build(Replycode::new(
                [5, 5, 0],
                [5, 7, 1],
                &format!("message refused by the DMARC policy of {domain} (SPF and DKIM did not pass aligned with it)"),
            )),
            Action::Quarantine => {
                builder.push(Quarantine::new(
                    format!("DMARC policy of {domain}: quarantine").as_bytes(),
                ));
                builder.build(Continue)
            }
            Action::None => builder.build(Continue),
        }
    }
}

#[async_trait]
impl Milter for Handler<'_> {
    type Error = HandlerError;

    async fn option_negotiation(
        &mut self,
        theirs: OptNeg,
    ) -> Result<OptNeg, ServerError<Self::Error>> {
        let ours = OptNeg {
            capabilities: Capability::SMFIF_ADDHDRS
                | Capability::SMFIF_CHGHDRS
                | Capability::SMFIF_QUARANTINE,
            // The leading space of each header value: DKIM's simple
            // canonicalization signs it (RFC 6376 §3.4.1).
            protocol: Protocol::SMFIP_HDR_LEADSPC | Protocol::NO_RECIPIENT | Protocol::NO_UNKNOWN,
            ..OptNeg::default()
        };
        let mut merged = ours.clone();
        merged.version = theirs.version.min(ours.version);
        merged.capabilities = ours.capabilities & theirs.capabilities;
        merged.protocol = ours.protocol & theirs.protocol;
        self.leading_space = merged.protocol.contains(Protocol::SMFIP_HDR_LEADSPC);
        Ok(merged)
    }

    async fn macro_(&mut self, macros: Macro) -> Result<(), Self::Error> {
        for (name, value) in macros.macros() {
            if name == b"i" || name == b"{i}" {
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
        if matches!(connect.family, Family::Inet | Family::Inet6)
            && let Ok(ip) = connect.address().trim_matches(['[', ']']).parse::<IpAddr>()
        {
            self.session.connect(ip);
        }
        Ok(Continue.into())
    }

    async fn helo(&mut self, helo: Helo) -> Result<MilterAction, Self::Error> {
        self.session.helo(&helo.helo());
        Ok(Continue.into())
    }

    async fn mail(&mut self, mail: Mail) -> Result<MilterAction, Self::Error> {
        self.session.mail_from(&mail.sender()).await;
        Ok(Continue.into())
    }

    async fn header(&mut self, header: Header) -> Result<MilterAction, Self::Error> {
        let name = header.name();
        let value = header.value();
        if name.eq_ignore_ascii_case("Authentication-Results") {
            self.results_seen = self.results_seen.saturating_add(1);
            if self.claims_our_id(&value) {
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
        // The MTA passes continuation lines after LF; Session gives them
        // their CRLF back. Without the leading space negotiated, the usual
        // single space after the colon is put back.
        if self.leading_space {
            self.session.header(&name, value.as_bytes());
        } else {
            self.session.header(&name, format!(" {value}").as_bytes());
        }
        Ok(Continue.into())
    }

    async fn end_of_header(&mut self) -> Result<MilterAction, Self::Error> {
        self.session.end_of_header();
        Ok(Continue.into())
    }

    async fn body(&mut self, body: Body) -> Result<MilterAction, Self::Error> {
        self.session.body(body.as_bytes());
        Ok(Continue.into())
    }

    async fn end_of_body(&mut self) -> Result<ModificationResponse, Self::Error> {
        let next = self.session.next_message();
        let session = std::mem::replace(&mut self.session, next);
        let verdict = session.finish().await;
        let response = self.response(&verdict);
        self.results_seen = 0;
        self.ours.clear();
        Ok(response)
    }

    async fn abort(&mut self) -> Result<(), Self::Error> {
        self.session = self.session.next_message();
        self.results_seen = 0;
        self.ours.clear();
        Ok(())
    }
}
