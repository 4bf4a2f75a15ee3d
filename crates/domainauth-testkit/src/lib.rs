//! Test support for domainauth.
//!
//! - [`corpus`]: a deterministic generator of DMARC aggregate, SMTP TLS
//!   and failure reports in the shapes real receivers send, as files,
//!   gzip, zip, mails, mbox and Maildir, with what each file holds.
//! - [`dns`]: a query-counting resolver, a zone the test changes between
//!   messages, and a clock the test moves.
//! - [`testdata`]: finds the shared third-party suites (`../shared/testdata`)
//!   and decides between skipping loudly and failing when they or a peer are
//!   missing (`DOMAINAUTH_REQUIRE_PEERS=1`).
//! - [`ja`]: English words left in Japanese output, and the glossary's
//!   forbidden variants (`docs/ja-glossary.md`).
//! - [`openspf`]: loads the openspf SPF suites into [`domainauth::dns::ZoneResolver`]s.
//! - [`postgres`]: a real PostgreSQL server on 127.0.0.1 (or the one
//!   `DOMAINAUTH_TEST_POSTGRES_URL` names), one database per test.
//! - [`dovecot`]: a private Dovecot IMAP server on 127.0.0.1 (implicit
//!   TLS and STARTTLS, a generated CA, a Maildir user) for the IMAP source.
//! - [`postfix`]: a private Postfix on 127.0.0.1 with milters attached,
//!   delivering every recipient of one domain to a Maildir.
//! - [`server`]: a real authoritative DNS server (hickory-server) on
//!   127.0.0.1 with per-name fault injection: delay, SERVFAIL, no answer,
//!   truncation.

pub mod corpus;
mod daemon;
pub mod dns;
pub mod dovecot;
pub mod fixtures;
pub mod ja;
pub mod json;
pub mod openspf;
pub mod postfix;
pub mod postgres;
pub mod server;
pub mod testdata;
