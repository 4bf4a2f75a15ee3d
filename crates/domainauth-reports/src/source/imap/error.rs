//! What can go wrong talking to an IMAP server, and with one message.

use std::fmt;
use std::path::PathBuf;

use domainauth::escape::escape_controls;
use thiserror::Error;

use crate::explain::Explain;

/// Longest server text kept in an error (characters); the rest is cut
/// with `…`, so a hostile server cannot fill a terminal.
const MAX_SERVER_TEXT: usize = 300;

/// The server's human-readable text (RFC 3501 §7.1 `resp-text`), cut to a
/// sensible length.
pub(crate) fn server_text(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_SERVER_TEXT).collect();
    if text.chars().nth(MAX_SERVER_TEXT).is_some() {
        out.push('…');
    }
    out
}

/// A timeout in whole seconds, rounded up (a 200 ms timeout is "1 s",
/// never "0 s").
pub(crate) fn whole_seconds(limit: std::time::Duration) -> u64 {
    u64::try_from(limit.as_millis().div_ceil(1000)).unwrap_or(u64::MAX)
}

/// The phase of the conversation a timeout or a broken connection hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Opening the TCP connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// Waiting for the server's greeting (RFC 3501 §7.1).
    Greeting,
    /// An IMAP command, by name (`LOGIN`, `SELECT`, `UID FETCH` …).
    Command(&'static str),
}

impl Step {
    /// `connect`, `tls`, `greeting` or `command` (the catalog selects its
    /// words on it).
    pub fn kind(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Tls => "tls",
            Self::Greeting => "greeting",
            Self::Command(_) => "command",
        }
    }

    /// The command's name, or an empty string.
    pub fn command(self) -> &'static str {
        match self {
            Self::Command(c) => c,
            _ => "",
        }
    }

    fn args(self) -> [(&'static str, String); 2] {
        [
            ("step", self.kind().to_string()),
            ("command", self.command().to_string()),
        ]
    }
}

/// The step in the words of the English catalog.
impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connect => f.write_str("the connection"),
            Self::Tls => f.write_str("the TLS handshake"),
            Self::Greeting => f.write_str("the greeting"),
            Self::Command(c) => f.write_str(c),
        }
    }
}

/// An IMAP failure that ends the session (or prevents it). Server text is
/// quoted as sent, control characters escaped; the password never appears.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ImapError {
    /// The TCP connection could not be opened (name not found, refused,
    /// unreachable).
    #[error(
        "cannot connect to the IMAP server {} port {port}: {}",
        escape_controls(host),
        escape_controls(reason)
    )]
    Connect {
        /// The host of the URL.
        host: String,
        /// The port.
        port: u16,
        /// The operating system's reason.
        reason: String,
    },
    /// The server did not answer in time.
    #[error(
        "the IMAP server {} did not complete {step} within {seconds} s",
        escape_controls(host)
    )]
    Timeout {
        /// The host.
        host: String,
        /// What was waited for.
        step: Step,
        /// The timeout.
        seconds: u64,
    },
    /// The server closed the connection (or it broke) in the middle of a
    /// step.
    #[error(
        "the IMAP server {} closed the connection during {step}",
        escape_controls(host)
    )]
    Closed {
        /// The host.
        host: String,
        /// What was under way.
        step: Step,
    },
    /// The server's certificate does not name the host of the URL
    /// (RFC 6125 §6; RFC 8314 §4.1).
    #[error(
        "the TLS certificate of the IMAP server {} is not valid for that name",
        escape_controls(host)
    )]
    CertificateName {
        /// The host the certificate should name.
        host: String,
    },
    /// The certificate chain does not end at a trusted authority: a
    /// self-signed certificate or a private CA not given.
    #[error(
        "the TLS certificate of the IMAP server {} is not issued by a trusted authority \
         (for a private authority, give its certificate file)",
        escape_controls(host)
    )]
    CertificateUntrusted {
        /// The host.
        host: String,
    },
    /// The certificate was refused for another reason (expired, revoked,
    /// wrong usage …).
    #[error(
        "the TLS certificate of the IMAP server {} was refused: {}",
        escape_controls(host),
        escape_controls(reason)
    )]
    Certificate {
        /// The host.
        host: String,
        /// rustls's reason.
        reason: String,
    },
    /// The TLS handshake failed for a reason other than the certificate.
    #[error(
        "TLS with the IMAP server {} failed: {}",
        escape_controls(host),
        escape_controls(reason)
    )]
    Tls {
        /// The host.
        host: String,
        /// rustls's reason.
        reason: String,
    },
    /// The extra CA file could not be used.
    #[error("cannot use the CA certificates in {}: {}", escape_controls(&path.display().to_string()), escape_controls(reason))]
    CaFile {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// An `imap://` server that does not offer STARTTLS (RFC 3501
    /// §6.2.1): logging in would send the password in the clear.
    #[error(
        "the IMAP server {} does not offer STARTTLS; the password is never sent without TLS \
         (use imaps:// if the server has implicit TLS)",
        escape_controls(host)
    )]
    NoStartTls {
        /// The host.
        host: String,
    },
    /// Bytes arrived after the STARTTLS response and before the TLS
    /// handshake: someone on the path injected them (RFC 3207 §4.2 and
    /// RFC 2595 §3.1 discuss why such data must never be trusted).
    #[error(
        "the IMAP server {} sent data between STARTTLS and the TLS handshake; refusing a possibly tampered connection",
        escape_controls(host)
    )]
    StartTlsInjection {
        /// The host.
        host: String,
    },
    /// The greeting was `BYE` (the server refuses the connection) or not
    /// a greeting (RFC 3501 §7.1).
    #[error(
        "the IMAP server {} refused the session: \"{}\"",
        escape_controls(host),
        escape_controls(text)
    )]
    Greeting {
        /// The host.
        host: String,
        /// The server's text.
        text: String,
    },
    /// `LOGIN` answered `NO` or `BAD`: wrong user name or password, or a
    /// disabled account.
    #[error(
        "the IMAP server {} refused the login of {} (check the user name and password)",
        escape_controls(host),
        escape_controls(user)
    )]
    Login {
        /// The host.
        host: String,
        /// The user name.
        user: String,
    },
    /// `SELECT` answered `NO` (RFC 3501 §6.3.1), without a response code
    /// or with `[NONEXISTENT]` (RFC 5530 §3): no such mailbox.
    #[error(
        "the IMAP server {} cannot open the mailbox {}: \"{}\"",
        escape_controls(host),
        escape_controls(mailbox),
        escape_controls(text)
    )]
    MailboxMissing {
        /// The host.
        host: String,
        /// The mailbox of the URL.
        mailbox: String,
        /// The server's text.
        text: String,
    },
    /// A command answered `NO` (RFC 3501 §7.1.2).
    #[error(
        "the IMAP server {} refused {command}: \"{}\"",
        escape_controls(host),
        escape_controls(text)
    )]
    No {
        /// The host.
        host: String,
        /// The command.
        command: &'static str,
        /// The server's text.
        text: String,
    },
    /// A command answered `BAD` (RFC 3501 §7.1.3).
    #[error(
        "the IMAP server {} called {command} invalid: \"{}\"",
        escape_controls(host),
        escape_controls(text)
    )]
    Bad {
        /// The host.
        host: String,
        /// The command.
        command: &'static str,
        /// The server's text.
        text: String,
    },
    /// The server's answer could not be read as IMAP.
    #[error(
        "unreadable answer from the IMAP server {} during {step}: {}",
        escape_controls(host),
        escape_controls(reason)
    )]
    Protocol {
        /// The host.
        host: String,
        /// What was under way.
        step: Step,
        /// What was wrong.
        reason: String,
    },
    /// The answer to one command grew past its cap (a message larger than
    /// it announced, or a runaway response).
    #[error(
        "the IMAP server {} sent more than {max} bytes during {step}",
        escape_controls(host)
    )]
    ResponseTooLarge {
        /// The host.
        host: String,
        /// What was under way.
        step: Step,
        /// The cap, bytes.
        max: u64,
    },
    /// Moving needs MOVE (RFC 6851) or UIDPLUS (RFC 4315, for UID
    /// EXPUNGE); without both, an EXPUNGE would also remove mail others
    /// marked deleted.
    #[error(
        "the IMAP server {} has neither MOVE nor UIDPLUS, so processed mail cannot be moved \
         without expunging other deleted mail",
        escape_controls(host)
    )]
    NoMove {
        /// The host.
        host: String,
    },
    /// A folder name that is empty or holds a control character.
    #[error(
        "the folder name \"{}\" is not usable: it is empty or holds a control character",
        escape_controls(folder)
    )]
    FolderName {
        /// The name as given.
        folder: String,
    },
    /// Processed mail would be moved into the mailbox it is read from.
    #[error(
        "the folder for processed mail, {}, is the mailbox being read",
        escape_controls(folder)
    )]
    SameFolder {
        /// The folder.
        folder: String,
    },
    /// An earlier failure ended the session; nothing more can be done on
    /// it.
    #[error(
        "the IMAP session with {} ended after an earlier error; connect again",
        escape_controls(host)
    )]
    Ended {
        /// The host.
        host: String,
    },
}

impl Explain for ImapError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Connect { .. } => "reports-imap-connect",
            Self::Timeout { .. } => "reports-imap-timeout",
            Self::Closed { .. } => "reports-imap-closed",
            Self::CertificateName { .. } => "reports-imap-certificate-name",
            Self::CertificateUntrusted { .. } => "reports-imap-certificate-untrusted",
            Self::Certificate { .. } => "reports-imap-certificate",
            Self::Tls { .. } => "reports-imap-tls",
            Self::CaFile { .. } => "reports-imap-ca-file",
            Self::NoStartTls { .. } => "reports-imap-no-starttls",
            Self::StartTlsInjection { .. } => "reports-imap-starttls-injection",
            Self::Greeting { .. } => "reports-imap-greeting",
            Self::Login { .. } => "reports-imap-login",
            Self::MailboxMissing { .. } => "reports-imap-mailbox-missing",
            Self::No { .. } => "reports-imap-no",
            Self::Bad { .. } => "reports-imap-bad",
            Self::Protocol { .. } => "reports-imap-protocol",
            Self::ResponseTooLarge { .. } => "reports-imap-response-too-large",
            Self::NoMove { .. } => "reports-imap-no-move",
            Self::FolderName { .. } => "reports-imap-folder-name",
            Self::SameFolder { .. } => "reports-imap-same-folder",
            Self::Ended { .. } => "reports-imap-ended",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        let h = |host: &String| ("host", host.clone());
        match self {
            Self::Connect { host, port, reason } => vec![
                h(host),
                ("port", port.to_string()),
                ("reason", reason.clone()),
            ],
            Self::Timeout {
                host,
                step,
                seconds,
            } => {
                let mut args = vec![h(host), ("seconds", seconds.to_string())];
                args.extend(step.args());
                args
            }
            Self::Closed { host, step } => {
                let mut args = vec![h(host)];
                args.extend(step.args());
                args
            }
            Self::CertificateName { host }
            | Self::CertificateUntrusted { host }
            | Self::NoStartTls { host }
            | Self::StartTlsInjection { host }
            | Self::NoMove { host }
            | Self::Ended { host } => vec![h(host)],
            Self::Certificate { host, reason } | Self::Tls { host, reason } => {
                vec![h(host), ("reason", reason.clone())]
            }
            Self::CaFile { path, reason } => vec![
                ("path", path.display().to_string()),
                ("reason", reason.clone()),
            ],
            Self::Greeting { host, text } => vec![h(host), ("text", text.clone())],
            Self::Login { host, user } => vec![h(host), ("user", user.clone())],
            Self::MailboxMissing {
                host,
                mailbox,
                text,
            } => vec![
                h(host),
                ("mailbox", mailbox.clone()),
                ("text", text.clone()),
            ],
            Self::No {
                host,
                command,
                text,
            }
            | Self::Bad {
                host,
                command,
                text,
            } => vec![
                h(host),
                ("command", command.to_string()),
                ("text", text.clone()),
            ],
            Self::Protocol { host, step, reason } => {
                let mut args = vec![h(host), ("reason", reason.clone())];
                args.extend(step.args());
                args
            }
            Self::ResponseTooLarge { host, step, max } => {
                let mut args = vec![h(host), ("max", max.to_string())];
                args.extend(step.args());
                args
            }
            Self::FolderName { folder } | Self::SameFolder { folder } => {
                vec![("folder", folder.clone())]
            }
        }
    }
}

/// One message that was not read; the session goes on with the next.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MessageRejected {
    /// The server's `RFC822.SIZE` is above
    /// [`Limits::max_input`](crate::Limits::max_input): the message was not
    /// downloaded.
    #[error(
        "message UID {uid} in {} is {size} bytes, more than the limit of {max}; not downloaded",
        escape_controls(mailbox)
    )]
    TooLarge {
        /// The mailbox.
        mailbox: String,
        /// The message's UID.
        uid: u32,
        /// Its size as the server announced it.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The message was expunged (by another client) between listing and
    /// fetching.
    #[error(
        "message UID {uid} in {} was removed before it could be read",
        escape_controls(mailbox)
    )]
    Vanished {
        /// The mailbox.
        mailbox: String,
        /// The message's UID.
        uid: u32,
    },
}

impl Explain for MessageRejected {
    fn message_id(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "reports-imap-message-too-large",
            Self::Vanished { .. } => "reports-imap-message-vanished",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooLarge {
                mailbox,
                uid,
                size,
                max,
            } => vec![
                ("mailbox", mailbox.clone()),
                ("uid", uid.to_string()),
                ("size", size.to_string()),
                ("max", max.to_string()),
            ],
            Self::Vanished { mailbox, uid } => {
                vec![("mailbox", mailbox.clone()), ("uid", uid.to_string())]
            }
        }
    }
}
