//! A milter — the mail filter protocol of Sendmail and Postfix, version 6 —
//! that verifies SPF, DKIM, ARC and DMARC of each message as the MTA
//! receives it, adds an Authentication-Results field (RFC 8601), removes
//! incoming ones that claim this server's authserv-id (§5), and applies the
//! DMARC policy of the author's domain as configured: refuse (`550 5.7.1`),
//! hold (quarantine) or only record. Outgoing mail — from senders who
//! logged in and from internal hosts — is signed instead
//! ([`signing`], RFC 6376 §5), with every key configured for its From
//! address. [`Milter::reload`] swaps the configuration for new connections
//! (SIGHUP does it from the file); [`metrics`] counts what happens.
//!
//! The packets and commands are `miltr-common`'s; the conversation
//! ([`protocol`]) asks the MTA not to wait for answers that are always
//! "continue" (`SMFIP_NR_*`), so a header field costs no round trip. Each
//! message goes through
//! [`domainauth::verify::Session`], stage by stage, so the body is hashed
//! as it arrives and never kept.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use domainauth_milter::{Milter, config::Config};
//! let config = Config::load("/etc/domainauth/milter.toml".as_ref())?;
//! let milter = Milter::open(config).await?;
//! milter.serve().await?;
//! # Ok(()) }
//! ```

pub mod config;
pub mod handler;
pub mod history;
pub mod import;
mod listen;
pub mod metrics;
pub mod protocol;
pub mod signing;

pub use listen::{Milter, ServeError, State, check};
