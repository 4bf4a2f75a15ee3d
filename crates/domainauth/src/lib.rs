//! # domainauth
//!
//! Email sender domain authentication with a pluggable DNS resolver and
//! diagnosis in English and Japanese.
//!
//! - [`dns`]: the [`dns::Resolver`] trait, an offline zone-file resolver and
//!   (feature `hickory`) a network resolver.
//! - [`spf`]: SPF, all of RFC 7208.
//! - [`dkim`]: DKIM verification and signing (RFC 6376, 8301, 8463).
//! - [`arc`]: ARC chains (RFC 8617), validated and sealed.
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
//! The types most programs start from are re-exported here at the root:
//! [`MessageVerifier`] for a whole message, [`SpfVerifier`], [`DkimVerifier`]
//! and [`Signer`] for one method, [`check_domain`] for a domain without a
//! message, `ZoneResolver` or `HickoryResolver` as the [`Resolver`].
//!
//! # Features
//!
//! - `zone` (default): `ZoneResolver`, answers from RFC 1035 master files.
//! - `hickory`: `HickoryResolver`, the network resolver (hickory-resolver on
//!   tokio).
//!
//! # Examples
//!
//! A whole message: SPF, DKIM and DMARC together, each finding with its fix
//! in the reader's language, and the Authentication-Results field to add.
//!
//! ```
//! use domainauth::{DmarcResult, Envelope, Lang, MessageVerifier, VerifyOptions, ZoneResolver};
//!
//! let zone = ZoneResolver::from_zone_text(
//!     "$ORIGIN example.co.jp.\n@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n",
//!     None,
//! ).unwrap();
//! let verifier = MessageVerifier::new(zone, VerifyOptions::new("mx.example.net"));
//! let envelope = Envelope::from_smtp(
//!     "203.0.113.25".parse().unwrap(),
//!     Some("mail.example.co.jp"),
//!     "info@example.co.jp",
//! );
//! let message = b"From: info@example.co.jp\r\nSubject: hi\r\n\r\nbody\r\n";
//! let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let verdict = rt.block_on(verifier.verify(message, Some(envelope))).unwrap();
//! // SPF passes, but example.co.jp publishes no DMARC record.
//! assert_eq!(verdict.dmarc.result, DmarcResult::None);
//! assert!(verdict.findings().iter().any(|f| f.message(Lang::Ja).contains("_dmarc.example.co.jp")));
//! assert!(verdict.authentication_results.contains("spf=pass"));
//! ```
//!
//! SPF alone, for one SMTP connection:
//!
//! ```
//! use domainauth::{Envelope, Lang, SpfResult, SpfVerifier as Verifier, ZoneResolver};
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
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod arc;
pub mod authres;
pub mod check;
pub mod diag;
pub mod dkim;
pub mod dmarc;
pub mod dns;
pub mod escape;
pub mod mail;
pub mod profile;
pub mod spf;
pub mod verify;

// The types most programs start from, at the crate root. Each stays reachable
// through its module too, next to the building blocks it is made of.

pub use check::{CheckOptions, DomainReport, check_domain};
pub use diag::{Code, Finding, Lang, Severity};
pub use dkim::{DkimResult, DkimVerifier, Signer, SignerConfig};
pub use dmarc::{DmarcResult, Policy, PublicSuffixList};
#[cfg(feature = "zone")]
pub use dns::ZoneResolver;
pub use dns::{DnsError, Resolver};
#[cfg(feature = "hickory")]
pub use dns::{HickoryConfig, HickoryResolver};
pub use mail::Message;
pub use spf::{Envelope, SpfResult, Verifier as SpfVerifier};
pub use verify::{MessageVerifier, Profile, Verdict, VerifyOptions};
