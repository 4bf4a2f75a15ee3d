//! # domainauth
//!
//! Email sender domain authentication with a pluggable DNS resolver and
//! diagnosis in English and Japanese.
//!
//! - [`dns`]: the [`dns::Resolver`] trait, an offline zone-file resolver and
//!   (feature `hickory`) a network resolver.
//! - [`spf`]: SPF, all of RFC 7208.
//! - [`dkim`]: DKIM verification and signing (RFC 6376, 8301, 8463).
//! - [`dmarc`]: DMARC records, linter, organizational domain, alignment, policy.
//! - [`authres`]: Authentication-Results (RFC 8601), built and parsed.
//! - [`mail`]: messages as bytes, the author (From) domain.
//! - [`verify`]: a message's full verdict (SPF + DKIM + DMARC), receiver profiles.
//! - [`check`]: what a domain publishes (SPF, DMARC, DKIM keys, A/MX, reverse DNS), without a message.
//! - [`diag`]: findings as codes with parameters, rendered in en/ja.
//! - [`escape`]: control characters from input made visible before they
//!   reach a header field we write or a terminal.
//!
//! The crate does no I/O of its own beyond what the resolver does: bytes and
//! names in, results out, no clock (timestamps are given in configuration).
//!
//! ```
//! use domainauth::dns::ZoneResolver;
//! use domainauth::spf::{Envelope, SpfResult, Verifier};
//! use domainauth::diag::Lang;
//!
//! let zone = ZoneResolver::from_zone_text(
//!     "$ORIGIN example.co.jp.\n@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n",
//!     None,
//! ).unwrap();
//! let envelope = Envelope {
//!     client_ip: "198.51.100.7".parse().unwrap(),
//!     helo: "mail.example.co.jp".into(),
//!     mail_from: "user@example.co.jp".into(),
//! };
//! let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let eval = rt.block_on(Verifier::new(zone).check_mail_from(&envelope));
//! assert_eq!(eval.result, SpfResult::Fail);
//! let finding = &eval.findings()[0];
//! assert!(finding.fix(Lang::En).unwrap().contains("add ip4:198.51.100.7 before -all"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod authres;
pub mod check;
pub mod diag;
pub mod dkim;
pub mod dmarc;
pub mod dns;
pub mod escape;
pub mod mail;
pub mod spf;
pub mod verify;
