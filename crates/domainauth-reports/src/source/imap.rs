//! Reports from a mailbox on an IMAP server (RFC 3501 / RFC 9051): list
//! the messages by UID, fetch them one at a time, move the processed ones
//! to a folder, and wait for new mail with IDLE (RFC 2177).
//!
//! The connection is always TLS: implicit (`imaps://`, RFC 8314 §3.3) or
//! STARTTLS (`imap://`, RFC 3501 §6.2.1), which is required — a server
//! without it is refused and the password is never sent in the clear.
//! Certificates are checked against the Web PKI roots and, optionally, a
//! private CA file. Every step has a timeout, so a dead server is an error
//! naming the host and the step, never a hang; and every answer has a
//! size cap, so a hostile server cannot exhaust memory (a message larger
//! than [`Limits::max_input`] is refused from its announced size, without
//! being downloaded).
//!
//! ```no_run
//! use domainauth_reports::source::imap::{ImapConfig, ImapSource, ImapUrl, Password, WatchEvent};
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let url: ImapUrl = "imaps://dmarc@imap.example.com/INBOX".parse()?;
//! let password = Password::from_env("DOMAINAUTH_IMAP_PASSWORD")?;
//! let mut source = ImapSource::connect(ImapConfig::new(url, password)).await?;
//! loop {
//!     for uid in source.list_new().await? {
//!         match source.fetch(uid).await? {
//!             Ok(message) => {
//!                 // … parse message.bytes, store the report …
//!                 source.mark_processed(uid, Some("DMARC/Done")).await?;
//!             }
//!             Err(rejected) => eprintln!("{rejected}"),
//!         }
//!     }
//!     let stop = tokio::time::sleep(std::time::Duration::from_secs(8 * 3600));
//!     if source.watch(stop).await? == WatchEvent::Stopped {
//!         break;
//!     }
//! }
//! source.logout().await?;
//! # Ok(()) }
//! ```

mod budget;
mod error;
mod mutf7;
mod password;
mod tls;
mod url;

use std::collections::BTreeSet;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

use async_imap::imap_proto::{
    AttributeValue, Capability, MailboxDatum, Response, ResponseCode, Status,
};
use futures_util::StreamExt as _;
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout, timeout_at};
use tokio_rustls::client::TlsStream;

pub use error::{ImapError, MessageRejected, Step};
pub use mutf7::encode_mailbox;
pub use password::{DEFAULT_PASSWORD_ENV, Password, PasswordError, PasswordSource};
pub use url::{ImapUrl, Part, Security, UrlError};

use crate::limits::Limits;
use budget::{Budgeted, is_budget_exceeded};
use error::{server_text, whole_seconds};

/// Cap on the answer to an ordinary command (`LOGIN`, `SELECT`,
/// `STORE`, `MOVE` …), untagged updates included.
const COMMAND_BUDGET: u64 = 4 << 20;

/// Cap on the answer to `UID SEARCH` (about 1.5 million UIDs).
const SEARCH_BUDGET: u64 = 16 << 20;

/// Room for the `FETCH` response around a message's bytes.
const FETCH_OVERHEAD: u64 = 64 << 10;

/// The longest one IDLE may last before it is re-issued (RFC 2177 §3:
/// "at least every 29 minutes").
const MAX_IDLE: Duration = Duration::from_secs(29 * 60);

/// Cap on one response while idling.
const IDLE_BUDGET: u64 = 1 << 20;

type Stream = Budgeted<TlsStream<TcpStream>>;
type Session = async_imap::Session<Stream>;

/// Which messages [`ImapSource::list`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Selection {
    /// Every message in the mailbox (`UID SEARCH ALL`).
    #[default]
    All,
    /// Messages without the `\Seen` flag (`UID SEARCH UNSEEN`); with
    /// [`ImapSource::mark_processed`] and no folder, processed mail is
    /// marked seen and not listed again.
    Unseen,
}

/// How to reach the mailbox, and the limits to apply.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImapConfig {
    /// Server, user and mailbox.
    pub url: ImapUrl,
    /// The password (from the environment or a file).
    pub password: Password,
    /// A PEM file of extra CA certificates to trust besides the Web PKI
    /// roots (a private CA).
    pub ca_file: Option<PathBuf>,
    /// All messages or unseen ones.
    pub selection: Selection,
    /// For the TCP connection (name resolution included). Default 30 s.
    pub connect_timeout: Duration,
    /// For the TLS handshake, the greeting and each command, a whole
    /// message's `FETCH` included. Default 120 s.
    pub command_timeout: Duration,
    /// How long one IDLE lasts before it is re-issued: RFC 2177 §3 asks
    /// clients to re-issue at least every 29 minutes, so longer values are
    /// cut to 29 minutes. Default 25 min.
    pub idle_refresh: Duration,
    /// How often [`ImapSource::watch`] looks for new mail on a server
    /// without IDLE. Default 60 s.
    pub poll_interval: Duration,
    /// The caps; `max_input` is the largest message downloaded.
    pub limits: Limits,
}

impl ImapConfig {
    /// The defaults above for `url` and `password`.
    pub fn new(url: ImapUrl, password: Password) -> Self {
        Self {
            url,
            password,
            ca_file: None,
            selection: Selection::All,
            connect_timeout: Duration::from_secs(30),
            command_timeout: Duration::from_secs(120),
            idle_refresh: Duration::from_secs(25 * 60),
            poll_interval: Duration::from_secs(60),
            limits: Limits::default(),
        }
    }
}

/// One message, as the server stores it (RFC 5322 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImapMessage {
    /// The mailbox it was read from.
    pub mailbox: String,
    /// The mailbox's `UIDVALIDITY` (RFC 3501 §2.3.1.1): with the UID it
    /// names the message for good.
    pub uid_validity: u32,
    /// The message's UID.
    pub uid: u32,
    /// The whole message.
    pub bytes: Vec<u8>,
}

/// Why [`ImapSource::watch`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WatchEvent {
    /// Messages with UIDs above every UID listed so far exist:
    /// [`ImapSource::list_new`] returns them.
    NewMail,
    /// The stop signal fired.
    Stopped,
}

/// What a tagged completion said (RFC 3501 §7.1).
struct Done {
    status: Outcome,
    trycreate: bool,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    No,
    Bad,
}

/// How one IDLE ended.
enum IdleEnd {
    Stopped,
    Changed,
    Refresh,
}

/// A logged-in session with one mailbox selected.
///
/// Created by [`ImapSource::connect`]. A failed step that leaves the
/// connection in an unknown state (timeout, broken connection, unreadable
/// answer) ends the session: later calls return [`ImapError::Ended`].
/// A `NO` answer leaves it usable.
#[derive(Debug)]
pub struct ImapSource {
    session: Option<Session>,
    url: ImapUrl,
    selection: Selection,
    command_timeout: Duration,
    idle_refresh: Duration,
    poll_interval: Duration,
    limits: Limits,
    capabilities: BTreeSet<String>,
    uid_validity: u32,
    highest_listed: u32,
}

impl ImapSource {
    /// Connects, secures the connection with TLS, logs in and selects the
    /// URL's mailbox.
    pub async fn connect(config: ImapConfig) -> Result<Self, ImapError> {
        let url = config.url.clone();
        let host = url.host.clone();
        let extra = match &config.ca_file {
            Some(path) => tls::read_ca_file(path)?,
            None => Vec::new(),
        };
        let connector = tls::connector(&host, &extra, config.ca_file.as_deref())?;

        let mut tcp = match timeout(
            config.connect_timeout,
            TcpStream::connect((host.as_str(), url.port)),
        )
        .await
        {
            Err(_) => {
                return Err(ImapError::Timeout {
                    host,
                    step: Step::Connect,
                    seconds: whole_seconds(config.connect_timeout),
                });
            }
            Ok(Err(e)) => {
                return Err(ImapError::Connect {
                    host,
                    port: url.port,
                    reason: e.to_string(),
                });
            }
            Ok(Ok(tcp)) => tcp,
        };
        if url.security == Security::StartTls {
            tls::starttls(&mut tcp, &host, config.command_timeout).await?;
        }
        let stream = tls::handshake(&connector, &host, tcp, config.command_timeout).await?;
        let mut client = async_imap::Client::new(Budgeted::new(stream, COMMAND_BUDGET));
        if url.security == Security::ImplicitTls {
            greeting(&mut client, &host, config.command_timeout).await?;
        }

        let step = Step::Command("LOGIN");
        let session = match timeout(
            config.command_timeout,
            client.login(&url.user, config.password.expose()),
        )
        .await
        {
            Err(_) => {
                return Err(ImapError::Timeout {
                    host,
                    step,
                    seconds: whole_seconds(config.command_timeout),
                });
            }
            Ok(Err((async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_), _))) => {
                return Err(ImapError::Login {
                    host,
                    user: url.user.clone(),
                });
            }
            Ok(Err((e, _))) => return Err(from_async(e, &host, step, COMMAND_BUDGET)),
            Ok(Ok(session)) => session,
        };
        while session.unsolicited_responses.try_recv().is_ok() {}

        let mut source = Self {
            session: Some(session),
            url,
            selection: config.selection,
            command_timeout: config.command_timeout,
            // RFC 2177 §3: the server may end an IDLE after 30 minutes.
            idle_refresh: config.idle_refresh.min(MAX_IDLE),
            poll_interval: config.poll_interval,
            limits: config.limits,
            capabilities: BTreeSet::new(),
            uid_validity: 0,
            highest_listed: 0,
        };
        source.capabilities = source.capability().await?;
        source.select().await?;
        Ok(source)
    }

    /// The URL connected to.
    pub fn url(&self) -> &ImapUrl {
        &self.url
    }

    /// The selected mailbox's `UIDVALIDITY` (RFC 3501 §2.3.1.1).
    pub fn uid_validity(&self) -> u32 {
        self.uid_validity
    }

    /// True when the server announced `name` (`MOVE`, `IDLE`,
    /// `UIDPLUS` …) after login.
    pub fn has_capability(&self, name: &str) -> bool {
        self.capabilities.contains(&name.to_ascii_uppercase())
    }

    /// The UIDs of the mailbox's messages ([`Selection`]), ascending.
    pub async fn list(&mut self) -> Result<Vec<u32>, ImapError> {
        let uids = self.search(self.criteria()).await?;
        self.note_listed(&uids);
        Ok(uids)
    }

    /// As [`list`](Self::list), only UIDs above every UID listed before
    /// on this session: what arrived since (all of them, the first time).
    pub async fn list_new(&mut self) -> Result<Vec<u32>, ImapError> {
        let uids = self.search_new().await?;
        self.note_listed(&uids);
        Ok(uids)
    }

    /// One message, by UID. Its `RFC822.SIZE` is asked first: a message
    /// larger than [`Limits::max_input`] is [`MessageRejected::TooLarge`]
    /// without being downloaded. The message is read with `BODY.PEEK[]`,
    /// so fetching does not mark it seen.
    ///
    /// The outer error ends the run (the session is unusable or the
    /// server refused); the inner one concerns this message only.
    pub async fn fetch(
        &mut self,
        uid: u32,
    ) -> Result<Result<ImapMessage, MessageRejected>, ImapError> {
        let max = self.limits.max_input;
        let mailbox = self.url.mailbox.clone();
        let mut size = None;
        let done = self
            .run(
                "UID FETCH",
                &format!("UID FETCH {uid} (UID RFC822.SIZE)"),
                COMMAND_BUDGET,
                |r| {
                    if let Some(attrs) = fetch_of(r, uid) {
                        for a in attrs {
                            if let AttributeValue::Rfc822Size(n) = a {
                                size = Some(u64::from(*n));
                            }
                        }
                    }
                },
            )
            .await?;
        self.check(done, "UID FETCH")?;
        let Some(size) = size else {
            return Ok(Err(MessageRejected::Vanished { mailbox, uid }));
        };
        if size > max {
            return Ok(Err(MessageRejected::TooLarge {
                mailbox,
                uid,
                size,
                max,
            }));
        }

        let mut body = None;
        let done = self
            .run(
                "UID FETCH",
                &format!("UID FETCH {uid} (UID BODY.PEEK[])"),
                size.saturating_add(FETCH_OVERHEAD),
                |r| {
                    if let Some(attrs) = fetch_of(r, uid) {
                        for a in attrs {
                            if let AttributeValue::BodySection {
                                section: None,
                                index: None,
                                data: Some(data),
                            } = a
                            {
                                body = Some(data.to_vec());
                            }
                        }
                    }
                },
            )
            .await?;
        self.check(done, "UID FETCH")?;
        let Some(bytes) = body else {
            return Ok(Err(MessageRejected::Vanished { mailbox, uid }));
        };
        if bytes.len() as u64 > max {
            return Ok(Err(MessageRejected::TooLarge {
                mailbox,
                uid,
                size: bytes.len() as u64,
                max,
            }));
        }
        Ok(Ok(ImapMessage {
            mailbox,
            uid_validity: self.uid_validity,
            uid,
            bytes,
        }))
    }

    /// Marks a message processed: moved to `move_to` (created when
    /// missing), or, without a folder, flagged `\Seen`.
    ///
    /// Moving uses `UID MOVE` when the server has MOVE (RFC 6851), else
    /// `UID COPY`, `\Deleted` and `UID EXPUNGE` of that one UID (UIDPLUS,
    /// RFC 4315), so no other message is expunged. A server answering
    /// `NO [TRYCREATE]` (RFC 3501 §6.4.7) gets a `CREATE` and the move is
    /// tried once more.
    pub async fn mark_processed(
        &mut self,
        uid: u32,
        move_to: Option<&str>,
    ) -> Result<(), ImapError> {
        let Some(folder) = move_to else {
            return self.store(uid, "\\Seen").await;
        };
        if folder.is_empty() || folder.chars().any(char::is_control) {
            return Err(ImapError::FolderName {
                folder: folder.to_string(),
            });
        }
        let same = folder == self.url.mailbox
            || (folder.eq_ignore_ascii_case("INBOX")
                && self.url.mailbox.eq_ignore_ascii_case("INBOX"));
        if same {
            return Err(ImapError::SameFolder {
                folder: folder.to_string(),
            });
        }
        let target = quote(&encode_mailbox(folder));
        if self.has_capability("MOVE") {
            self.transfer("UID MOVE", uid, &target).await
        } else if self.has_capability("UIDPLUS") {
            self.transfer("UID COPY", uid, &target).await?;
            self.store(uid, "\\Deleted").await?;
            let done = self
                .run(
                    "UID EXPUNGE",
                    &format!("UID EXPUNGE {uid}"),
                    COMMAND_BUDGET,
                    |_| {},
                )
                .await?;
            self.check(done, "UID EXPUNGE")
        } else {
            Err(ImapError::NoMove {
                host: self.url.host.clone(),
            })
        }
    }

    /// Waits until new mail exists (UIDs above every UID listed so far)
    /// or `stop` completes.
    ///
    /// Returns at once when such mail already exists. Otherwise waits with
    /// IDLE (RFC 2177), re-issued every [`ImapConfig::idle_refresh`]; on
    /// a server without IDLE, looks every [`ImapConfig::poll_interval`].
    pub async fn watch<F: Future<Output = ()>>(
        &mut self,
        stop: F,
    ) -> Result<WatchEvent, ImapError> {
        let mut stop = std::pin::pin!(stop);
        loop {
            if !self.search_new().await?.is_empty() {
                return Ok(WatchEvent::NewMail);
            }
            if !self.has_capability("IDLE") {
                tokio::select! {
                    () = stop.as_mut() => return Ok(WatchEvent::Stopped),
                    () = tokio::time::sleep(self.poll_interval) => continue,
                }
            }
            match self.idle(&mut stop).await? {
                IdleEnd::Stopped => return Ok(WatchEvent::Stopped),
                IdleEnd::Changed | IdleEnd::Refresh => {}
            }
        }
    }

    /// Logs out (RFC 3501 §6.1.3).
    pub async fn logout(mut self) -> Result<(), ImapError> {
        let done = self.run("LOGOUT", "LOGOUT", COMMAND_BUDGET, |_| {}).await?;
        self.check(done, "LOGOUT")
    }

    fn criteria(&self) -> &'static str {
        match self.selection {
            Selection::All => "ALL",
            Selection::Unseen => "UNSEEN",
        }
    }

    fn note_listed(&mut self, uids: &[u32]) {
        if let Some(&last) = uids.last() {
            self.highest_listed = self.highest_listed.max(last);
        }
    }

    async fn search(&mut self, criteria: &str) -> Result<Vec<u32>, ImapError> {
        let mut uids = Vec::new();
        let done = self
            .run(
                "UID SEARCH",
                &format!("UID SEARCH {criteria}"),
                SEARCH_BUDGET,
                |r| {
                    if let Response::MailboxData(MailboxDatum::Search(found)) = r {
                        uids.extend_from_slice(found);
                    }
                },
            )
            .await?;
        self.check(done, "UID SEARCH")?;
        uids.sort_unstable();
        uids.dedup();
        Ok(uids)
    }

    /// Matching UIDs above `highest_listed`. (`n:*` always includes the
    /// highest UID even when it is below `n`, RFC 3501 §6.4.8, hence the
    /// filter.)
    async fn search_new(&mut self) -> Result<Vec<u32>, ImapError> {
        let Some(from) = self.highest_listed.checked_add(1) else {
            return Ok(Vec::new());
        };
        let floor = self.highest_listed;
        let mut uids = self
            .search(&format!("UID {from}:* {}", self.criteria()))
            .await?;
        uids.retain(|&u| u > floor);
        Ok(uids)
    }

    async fn capability(&mut self) -> Result<BTreeSet<String>, ImapError> {
        let mut names = BTreeSet::new();
        let done = self
            .run("CAPABILITY", "CAPABILITY", COMMAND_BUDGET, |r| {
                if let Response::Capabilities(caps) = r {
                    for cap in caps {
                        names.insert(match cap {
                            Capability::Imap4rev1 => "IMAP4REV1".to_string(),
                            Capability::Auth(m) => format!("AUTH={}", m.to_ascii_uppercase()),
                            Capability::Atom(a) => a.to_ascii_uppercase(),
                        });
                    }
                }
            })
            .await?;
        self.check(done, "CAPABILITY")?;
        Ok(names)
    }

    async fn select(&mut self) -> Result<(), ImapError> {
        let line = format!("SELECT {}", quote(&encode_mailbox(&self.url.mailbox)));
        let mut validity = None;
        let done = self
            .run("SELECT", &line, COMMAND_BUDGET, |r| {
                if let Response::Data {
                    status: Status::Ok,
                    outcome,
                } = r
                    && let Some(ResponseCode::UidValidity(v)) = &outcome.code
                {
                    validity = Some(*v);
                }
            })
            .await?;
        // A NO to SELECT is a missing mailbox (RFC 3501 §6.3.1), unless a
        // response code says otherwise ([NOPERM], [INUSE] … of RFC 5530;
        // [NONEXISTENT] is the missing mailbox again). imap-proto does not
        // know these codes, so they stay at the start of the text.
        let other_code = done.text.starts_with('[') && !done.text.starts_with("[NONEXISTENT]");
        if done.status == Outcome::No && !other_code {
            return Err(ImapError::MailboxMissing {
                host: self.url.host.clone(),
                mailbox: self.url.mailbox.clone(),
                text: done.text,
            });
        }
        self.check(done, "SELECT")?;
        self.uid_validity = validity.unwrap_or(0);
        Ok(())
    }

    async fn store(&mut self, uid: u32, flag: &str) -> Result<(), ImapError> {
        let done = self
            .run(
                "UID STORE",
                &format!("UID STORE {uid} +FLAGS.SILENT ({flag})"),
                COMMAND_BUDGET,
                |_| {},
            )
            .await?;
        self.check(done, "UID STORE")
    }

    /// `UID MOVE` or `UID COPY` to `target`, creating it on TRYCREATE.
    async fn transfer(
        &mut self,
        command: &'static str,
        uid: u32,
        target: &str,
    ) -> Result<(), ImapError> {
        let line = format!("{command} {uid} {target}");
        let done = self.run(command, &line, COMMAND_BUDGET, |_| {}).await?;
        if done.status == Outcome::No && done.trycreate {
            let created = self
                .run(
                    "CREATE",
                    &format!("CREATE {target}"),
                    COMMAND_BUDGET,
                    |_| {},
                )
                .await?;
            self.check(created, "CREATE")?;
            let again = self.run(command, &line, COMMAND_BUDGET, |_| {}).await?;
            return self.check(again, command);
        }
        self.check(done, command)
    }

    /// One IDLE: until the mailbox changes, the refresh time passes or
    /// `stop` completes; then `DONE`.
    async fn idle<F: Future<Output = ()>>(
        &mut self,
        stop: &mut Pin<&mut F>,
    ) -> Result<IdleEnd, ImapError> {
        let host = self.url.host.clone();
        let step = Step::Command("IDLE");
        let limit = self.command_timeout;
        let timed_out = || ImapError::Timeout {
            host: host.clone(),
            step,
            seconds: whole_seconds(limit),
        };
        let session = self
            .session
            .take()
            .ok_or_else(|| ImapError::Ended { host: host.clone() })?;
        let mut handle = session.idle();
        AsMut::<Stream>::as_mut(&mut handle).set_budget(IDLE_BUDGET);
        timeout(limit, handle.init())
            .await
            .map_err(|_| timed_out())?
            .map_err(|e| from_async(e, &host, step, IDLE_BUDGET))?;
        let deadline = Instant::now() + self.idle_refresh;
        let end = loop {
            tokio::select! {
                () = stop.as_mut() => break IdleEnd::Stopped,
                next = timeout_at(deadline, handle.next()) => match next {
                    Err(_) => break IdleEnd::Refresh,
                    Ok(None) => return Err(ImapError::Closed { host, step }),
                    Ok(Some(Err(e))) => return Err(from_io(e, &host, step, IDLE_BUDGET)),
                    Ok(Some(Ok(data))) => {
                        match data.parsed() {
                            Response::MailboxData(MailboxDatum::Exists(_)) => break IdleEnd::Changed,
                            Response::Data { status: Status::Bye, .. } => {
                                return Err(ImapError::Closed { host, step });
                            }
                            _ => AsMut::<Stream>::as_mut(&mut handle).set_budget(IDLE_BUDGET),
                        }
                    }
                },
            }
        };
        let step = Step::Command("DONE");
        let session = timeout(limit, handle.done())
            .await
            .map_err(|_| ImapError::Timeout {
                host: host.clone(),
                step,
                seconds: whole_seconds(limit),
            })?
            .map_err(|e| from_async(e, &host, step, IDLE_BUDGET))?;
        while session.unsolicited_responses.try_recv().is_ok() {}
        self.session = Some(session);
        Ok(end)
    }

    /// Sends `line` and reads until its tagged completion, handing every
    /// other response to `on`. A timeout or a broken connection ends the
    /// session.
    async fn run<F>(
        &mut self,
        command: &'static str,
        line: &str,
        budget: u64,
        mut on: F,
    ) -> Result<Done, ImapError>
    where
        F: FnMut(&Response<'_>),
    {
        let host = self.url.host.clone();
        let step = Step::Command(command);
        let Some(session) = self.session.as_mut() else {
            return Err(ImapError::Ended { host });
        };
        match timeout(
            self.command_timeout,
            exchange(session, line, budget, &mut on, &host, step),
        )
        .await
        {
            Ok(Ok(done)) => Ok(done),
            Ok(Err(e)) => {
                self.session = None;
                Err(e)
            }
            Err(_) => {
                self.session = None;
                Err(ImapError::Timeout {
                    host,
                    step,
                    seconds: whole_seconds(self.command_timeout),
                })
            }
        }
    }

    /// `OK`, or the server's `NO`/`BAD` as an error.
    fn check(&self, done: Done, command: &'static str) -> Result<(), ImapError> {
        let host = self.url.host.clone();
        match done.status {
            Outcome::Ok => Ok(()),
            Outcome::No => Err(ImapError::No {
                host,
                command,
                text: done.text,
            }),
            Outcome::Bad => Err(ImapError::Bad {
                host,
                command,
                text: done.text,
            }),
        }
    }
}

/// The greeting of an implicit-TLS connection (RFC 3501 §7.1): `OK`
/// goes on; `BYE`, `PREAUTH` (the login this source needs cannot follow)
/// or anything else is refused with the server's text.
async fn greeting(
    client: &mut async_imap::Client<Stream>,
    host: &str,
    limit: Duration,
) -> Result<(), ImapError> {
    let step = Step::Greeting;
    let response = timeout(limit, client.read_response())
        .await
        .map_err(|_| ImapError::Timeout {
            host: host.to_string(),
            step,
            seconds: whole_seconds(limit),
        })?
        .map_err(|e| from_io(e, host, step, COMMAND_BUDGET))?
        .ok_or_else(|| ImapError::Closed {
            host: host.to_string(),
            step,
        })?;
    match response.parsed() {
        Response::Data {
            status: Status::Ok, ..
        } => Ok(()),
        Response::Data { outcome, .. } => Err(ImapError::Greeting {
            host: host.to_string(),
            text: server_text(outcome.information.as_deref().unwrap_or("")),
        }),
        other => Err(ImapError::Greeting {
            host: host.to_string(),
            text: server_text(&format!("{other:?}")),
        }),
    }
}

async fn exchange<F>(
    session: &mut Session,
    line: &str,
    budget: u64,
    on: &mut F,
    host: &str,
    step: Step,
) -> Result<Done, ImapError>
where
    F: FnMut(&Response<'_>),
{
    session.get_mut().set_budget(budget);
    let tag = session
        .run_command(line)
        .await
        .map_err(|e| from_async(e, host, step, budget))?;
    loop {
        let data = session
            .read_response()
            .await
            .map_err(|e| from_io(e, host, step, budget))?
            .ok_or_else(|| ImapError::Closed {
                host: host.to_string(),
                step,
            })?;
        match data.parsed() {
            Response::Done {
                tag: done_tag,
                status,
                outcome,
            } if *done_tag == tag => {
                return Ok(Done {
                    status: match status {
                        Status::Ok => Outcome::Ok,
                        Status::No => Outcome::No,
                        _ => Outcome::Bad,
                    },
                    trycreate: matches!(outcome.code, Some(ResponseCode::TryCreate)),
                    text: server_text(outcome.information.as_deref().unwrap_or("")),
                });
            }
            other => on(other),
        }
    }
}

/// The attributes of a `FETCH` response for `uid` (RFC 3501 §7.4.2);
/// unsolicited `FETCH`es of other messages (flag changes) are skipped.
fn fetch_of<'a>(response: &'a Response<'a>, uid: u32) -> Option<&'a [AttributeValue<'a>]> {
    let Response::Fetch(_, attrs) = response else {
        return None;
    };
    attrs
        .iter()
        .any(|a| matches!(a, AttributeValue::Uid(u) if *u == uid))
        .then_some(attrs.as_slice())
}

/// An IMAP quoted string (RFC 3501 §4.3); the names quoted here are
/// printable ASCII (modified UTF-7).
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn from_io(error: std::io::Error, host: &str, step: Step, budget: u64) -> ImapError {
    let host = host.to_string();
    if is_budget_exceeded(&error) {
        return ImapError::ResponseTooLarge {
            host,
            step,
            max: budget,
        };
    }
    match error.kind() {
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::BrokenPipe => ImapError::Closed { host, step },
        _ => ImapError::Protocol {
            host,
            step,
            reason: server_text(&error.to_string()),
        },
    }
}

fn from_async(error: async_imap::error::Error, host: &str, step: Step, budget: u64) -> ImapError {
    use async_imap::error::Error;
    match error {
        Error::Io(e) => from_io(e, host, step, budget),
        Error::ConnectionLost => ImapError::Closed {
            host: host.to_string(),
            step,
        },
        other => ImapError::Protocol {
            host: host.to_string(),
            step,
            reason: server_text(&other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::Explain;
    use domainauth::diag::Lang;
    use domainauth_testkit::ja::english_words;

    /// Every variant with values that test the escaping (a control
    /// character, a backslash).
    fn samples() -> Vec<Box<dyn ExplainDisplay>> {
        let host = || "imap.example.jp".to_string();
        let text = || "[x] bad\u{1b}[2J \\ end".to_string();
        let mut out: Vec<Box<dyn ExplainDisplay>> = Vec::new();
        let steps = [
            Step::Connect,
            Step::Tls,
            Step::Greeting,
            Step::Command("UID FETCH"),
        ];
        for step in steps {
            out.push(Box::new(ImapError::Timeout {
                host: host(),
                step,
                seconds: 30,
            }));
            out.push(Box::new(ImapError::Closed { host: host(), step }));
            out.push(Box::new(ImapError::Protocol {
                host: host(),
                step,
                reason: text(),
            }));
            out.push(Box::new(ImapError::ResponseTooLarge {
                host: host(),
                step,
                max: 4096,
            }));
        }
        out.extend([
            Box::new(ImapError::Connect {
                host: host(),
                port: 993,
                reason: text(),
            }) as Box<dyn ExplainDisplay>,
            Box::new(ImapError::CertificateName { host: host() }),
            Box::new(ImapError::CertificateUntrusted { host: host() }),
            Box::new(ImapError::Certificate {
                host: host(),
                reason: text(),
            }),
            Box::new(ImapError::Tls {
                host: host(),
                reason: text(),
            }),
            Box::new(ImapError::CaFile {
                path: "/etc/ca\n.pem".into(),
                reason: text(),
            }),
            Box::new(ImapError::NoStartTls { host: host() }),
            Box::new(ImapError::StartTlsInjection { host: host() }),
            Box::new(ImapError::Greeting {
                host: host(),
                text: text(),
            }),
            Box::new(ImapError::Login {
                host: host(),
                user: "dmarc@example.jp".into(),
            }),
            Box::new(ImapError::MailboxMissing {
                host: host(),
                mailbox: "台北/x\u{202e}".into(),
                text: text(),
            }),
            Box::new(ImapError::No {
                host: host(),
                command: "UID MOVE",
                text: text(),
            }),
            Box::new(ImapError::Bad {
                host: host(),
                command: "SELECT",
                text: text(),
            }),
            Box::new(ImapError::NoMove { host: host() }),
            Box::new(ImapError::FolderName {
                folder: "a\rb".into(),
            }),
            Box::new(ImapError::SameFolder {
                folder: "INBOX".into(),
            }),
            Box::new(ImapError::Ended { host: host() }),
            Box::new(MessageRejected::TooLarge {
                mailbox: "INBOX".into(),
                uid: 7,
                size: 99_999,
                max: 1000,
            }),
            Box::new(MessageRejected::Vanished {
                mailbox: "INBOX".into(),
                uid: 7,
            }),
        ]);
        for part in [Part::User, Part::Mailbox] {
            out.push(Box::new(UrlError::Percent { part, offset: 3 }));
            out.push(Box::new(UrlError::NotUtf8 { part }));
            out.push(Box::new(UrlError::Control { part }));
        }
        out.extend([
            Box::new(UrlError::Syntax) as Box<dyn ExplainDisplay>,
            Box::new(UrlError::Scheme {
                scheme: "pop3\u{7}".into(),
            }),
            Box::new(UrlError::Password),
            Box::new(UrlError::NoUser),
            Box::new(UrlError::Host { host: "a/b".into() }),
            Box::new(UrlError::Port {
                port: "99999".into(),
            }),
            Box::new(UrlError::Unsupported {
                part: ";UID=3".into(),
            }),
        ]);
        let sources = [
            PasswordSource::Env("IMAP_PW".into()),
            PasswordSource::File("/run/secrets/imap\t.pw".into()),
            PasswordSource::Given,
        ];
        for from in sources {
            out.push(Box::new(PasswordError::NotUtf8 { from: from.clone() }));
            out.push(Box::new(PasswordError::Empty { from: from.clone() }));
            out.push(Box::new(PasswordError::Control { from }));
        }
        out.push(Box::new(PasswordError::EnvMissing {
            name: "IMAP_PW".into(),
        }));
        out.push(Box::new(PasswordError::File {
            path: "/x/pw".into(),
            reason: text(),
        }));
        out
    }

    /// The lead's ingest runs sources on a multi-threaded runtime.
    #[allow(dead_code, clippy::let_underscore_future)]
    fn futures_are_send(source: &mut ImapSource, config: ImapConfig) {
        fn send<T: Send>(_: T) {}
        send(ImapSource::connect(config));
        send(source.list());
        send(source.list_new());
        send(source.fetch(1));
        send(source.mark_processed(1, Some("Done")));
        send(source.watch(tokio::time::sleep(Duration::from_secs(1))));
    }

    trait ExplainDisplay: Explain + std::fmt::Display {}
    impl<T: Explain + std::fmt::Display> ExplainDisplay for T {}

    #[test]
    fn english_catalog_text_is_the_display_and_japanese_exists() {
        for error in samples() {
            let display = error.to_string();
            assert_eq!(error.text(Lang::En), display, "{}", error.message_id());
            assert!(!display.chars().any(char::is_control), "{display}");
            let ja = error.text(Lang::Ja);
            assert_ne!(ja, error.message_id(), "no Japanese text");
            assert_ne!(ja, display, "{}: Japanese is English", error.message_id());
            assert!(!ja.chars().any(char::is_control), "{ja}");
            // Only the values may be in ASCII letters (the samples' values
            // are names, or carry punctuation that marks them as names).
            let words: Vec<String> = english_words(&ja.replace("[x] bad", ""))
                .into_iter()
                .map(|(w, _)| w)
                .filter(|w| !["end", "INBOX", "SELECT", "MOVE", "FETCH"].contains(&w.as_str()))
                .collect();
            assert!(
                words.is_empty(),
                "{}: {words:?} in {ja}",
                error.message_id()
            );
        }
    }
}
