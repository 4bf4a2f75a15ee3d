//! A private Postfix on 127.0.0.1 for tests, with a milter attached.
//!
//! [`PostfixBuilder::start`] writes a `main.cf` and a `master.cf` of its
//! own into a temporary folder (the system's `/etc/postfix` configuration
//! is never read; only Postfix's own `postfix-files` list there is) with
//! the queue, the data folder, the log (`maillog_file`, Postfix ≥ 3.4) and
//! one Maildir beside them, and runs `postfix -c DIR start-fg` as a child:
//!
//! - `smtpd` on a free port of 127.0.0.1 only, without reverse lookups;
//! - every recipient at [`RECIPIENT_DOMAIN`] delivered by Postfix's
//!   `virtual` agent into one Maildir ([`Postfix::messages`]); every other
//!   destination bounces (`default_transport = error`): nothing leaves;
//! - `smtpd_milters` as given, `milter_default_action = tempfail`;
//! - XCLIENT allowed from 127.0.0.0/8, so a test claims an outside client
//!   address, HELO name or login (`swaks --xclient-addr …`; Postfix passes
//!   an XCLIENT LOGIN to milters as `{auth_authen}`, `{auth_type}` being
//!   `XCLIENT`).
//!
//! Dropping the value stops Postfix (`postfix stop`) and removes the
//! folder. Postfix is looked for in `$DOMAINAUTH_POSTFIX` (the `postfix`
//! command; a path that is not a file hides Postfix), then at
//! `/usr/sbin/postfix`. It must run as root (its master does); the mail
//! owner is the Debian package's `postfix` user and delivered mail belongs
//! to `nobody`. Without Postfix or root, [`PostfixBuilder::start`] returns
//! `None` after saying so loudly (or panics when `DOMAINAUTH_REQUIRE_PEERS=1`,
//! see [`crate::testdata::missing`]).

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::daemon::{NotListening, make_dir, output, wait_listening};
use crate::testdata::missing;

/// The domain whose every recipient lands in the one Maildir.
pub const RECIPIENT_DOMAIN: &str = "rcpt.example";

/// The name Postfix gives itself (`myhostname`).
pub const HOSTNAME: &str = "mx.test.example";

/// What to start.
#[derive(Debug, Default, Clone)]
pub struct PostfixBuilder {
    milters: Vec<String>,
    settings: Vec<(String, String)>,
}

impl PostfixBuilder {
    /// Attaches a milter at `socket`, in Postfix's notation
    /// (`inet:127.0.0.1:PORT`, `unix:/PATH`); several are called in order.
    pub fn milter(mut self, socket: &str) -> Self {
        self.milters.push(socket.to_string());
        self
    }

    /// Sets (or overrides) a `main.cf` parameter.
    pub fn main_cf(mut self, name: &str, value: &str) -> Self {
        self.settings.push((name.to_string(), value.to_string()));
        self
    }

    /// Starts Postfix; `None` when it is not installed or cannot be run
    /// here (after a loud skip message; a panic under
    /// `DOMAINAUTH_REQUIRE_PEERS=1`). Panics when Postfix is there but
    /// does not start, with its log.
    pub fn start(self) -> Option<Postfix> {
        let postfix = match std::env::var_os("DOMAINAUTH_POSTFIX") {
            Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
            None => Some(PathBuf::from("/usr/sbin/postfix")).filter(|p| p.is_file()),
        };
        let Some(postfix) = postfix else {
            missing("Postfix (Debian package postfix)");
            return None;
        };
        let sbin = postfix
            .parent()
            .map_or_else(|| PathBuf::from("/usr/sbin"), Path::to_path_buf);
        if id(&["-u"]).as_deref() != Some("0") {
            missing("Postfix run as root (its master process must start as root)");
            return None;
        }
        let owner = |what: &str| id(&[what, "nobody"]).and_then(|s| s.parse::<u32>().ok());
        let (Some(nobody_uid), Some(nobody_gid)) = (owner("-u"), owner("-g")) else {
            missing("the user nobody");
            return None;
        };
        let (Some(postfix_uid), Some(postfix_gid)) = (
            id(&["-u", "postfix"]).and_then(|s| s.parse::<u32>().ok()),
            id(&["-g", "postfix"]).and_then(|s| s.parse::<u32>().ok()),
        ) else {
            missing("the system user postfix (created by Debian's postfix package)");
            return None;
        };
        if getent_group("postdrop").is_none() {
            missing("the group postdrop (created by Debian's postfix package)");
            return None;
        }
        let dir = make_dir("postfix");
        for sub in ["conf", "queue", "data", "mail"] {
            std::fs::create_dir(dir.join(sub)).expect("create a Postfix folder");
        }
        let _ = std::os::unix::fs::chown(dir.join("data"), Some(postfix_uid), Some(postfix_gid));
        let _ = std::os::unix::fs::chown(dir.join("mail"), Some(nobody_uid), Some(nobody_gid));
        let mut server = Postfix {
            dir,
            postfix,
            sbin,
            child: None,
            port: 0,
        };
        for attempt in 1..=5 {
            server.port = free_port();
            std::fs::write(
                server.dir.join("conf/main.cf"),
                main_cf(
                    &server.dir,
                    &self.milters,
                    &self.settings,
                    (nobody_uid, nobody_gid),
                ),
            )
            .expect("write main.cf");
            std::fs::write(server.dir.join("conf/master.cf"), master_cf(server.port))
                .expect("write master.cf");
            match server.spawn() {
                Ok(()) => return Some(server),
                Err(log) if log.contains("Address already in use") && attempt < 5 => continue,
                Err(log) => panic!("Postfix did not start:\n{log}"),
            }
        }
        unreachable!("the last attempt returns or panics")
    }
}

/// A running private Postfix; stopped and removed on drop.
#[derive(Debug)]
pub struct Postfix {
    dir: PathBuf,
    postfix: PathBuf,
    sbin: PathBuf,
    child: Option<Child>,
    /// The SMTP port on 127.0.0.1.
    pub port: u16,
}

impl Postfix {
    /// What to start.
    pub fn builder() -> PostfixBuilder {
        PostfixBuilder::default()
    }

    /// `127.0.0.1:PORT`, the SMTP server.
    pub fn smtp_addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// The configuration folder (`postfix -c`, `postqueue -c`).
    pub fn config_dir(&self) -> PathBuf {
        self.dir.join("conf")
    }

    /// The queue folder (`hold/`, `deferred/`, `active/`…).
    pub fn queue_dir(&self) -> PathBuf {
        self.dir.join("queue")
    }

    /// The Maildir every recipient at [`RECIPIENT_DOMAIN`] is delivered to.
    pub fn maildir(&self) -> PathBuf {
        self.dir.join("mail/inbox")
    }

    /// The messages delivered so far, as Postfix wrote them (with its
    /// `Return-Path`, `Delivered-To` and `Received` fields on top), in
    /// the order of their file names.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let mut files = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir().join(sub)) {
                files.extend(entries.flatten().map(|e| e.path()));
            }
        }
        files.sort();
        files
            .iter()
            .filter_map(|path| std::fs::read(path).ok())
            .collect()
    }

    /// Waits until a delivered message contains `needle` (a Message-ID, a
    /// Subject) and returns it; panics with the log after 30 s.
    pub fn wait_for_message(&self, needle: &str) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(m) = self
                .messages()
                .into_iter()
                .find(|m| contains(m, needle.as_bytes()))
            {
                return m;
            }
            if Instant::now() > deadline {
                panic!(
                    "no message with {needle:?} was delivered within 30 s; Postfix log:\n{}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The queue ids of the messages in the hold queue (quarantined).
    pub fn held(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(self.queue_dir().join("hold"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        ids.sort();
        ids
    }

    /// `postqueue -j`: one JSON object per queued message (Postfix ≥ 3.1).
    pub fn postqueue_json(&self) -> String {
        let out = self.run("postqueue", &["-j"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `postcat -q ID`: a queued message with its envelope records.
    pub fn postcat(&self, queue_id: &str) -> String {
        let out = self.run("postcat", &["-q", queue_id]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Postfix's log so far (`maillog_file`, and what `start-fg` printed).
    pub fn log(&self) -> String {
        let mut log = std::fs::read_to_string(self.dir.join("maillog")).unwrap_or_default();
        log.push_str(&std::fs::read_to_string(self.dir.join("postfix.out")).unwrap_or_default());
        log
    }

    /// Runs one of Postfix's commands (`postqueue`, `postcat`, `postsuper`…)
    /// on this instance's configuration.
    pub fn run(&self, command: &str, args: &[&str]) -> Output {
        Command::new(self.sbin.join(command))
            .arg("-c")
            .arg(self.config_dir())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {command}: {e}"))
    }

    /// Starts `postfix start-fg` and waits until the SMTP port accepts
    /// connections; the log when it exits first.
    fn spawn(&mut self) -> Result<(), String> {
        let out = std::fs::File::create(self.dir.join("postfix.out")).expect("create postfix.out");
        let child = Command::new(&self.postfix)
            .arg("-c")
            .arg(self.config_dir())
            .arg("start-fg")
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("clone file"))
            .stderr(out)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.postfix.display()))?;
        let mut child = child;
        let waited = wait_listening(
            &mut child,
            &[self.smtp_addr().port()],
            Duration::from_secs(30),
        );
        self.child = Some(child);
        match waited {
            Ok(()) => Ok(()),
            Err(NotListening::Exited(status)) => {
                self.child = None;
                Err(format!("postfix exited ({status}):\n{}", self.log()))
            }
            Err(NotListening::TimedOut) => {
                self.stop();
                Err(format!(
                    "postfix did not listen within 30 s:\n{}",
                    self.log()
                ))
            }
        }
    }

    /// `postfix stop` (the master stops its children), `postfix abort`
    /// and SIGKILL after 10 s.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = self.run("postfix", &["stop"]);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.run("postfix", &["abort"]);
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            let _ = writeln!(
                std::io::stderr().lock(),
                "--- Postfix log ({}) ---\n{}",
                self.dir.display(),
                self.log()
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

fn id(args: &[&str]) -> Option<String> {
    output("id", args)
}

fn getent_group(group: &str) -> Option<String> {
    output("getent", &["group", group])
}

/// A port free on 127.0.0.1 right now.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port()
}

/// `main.cf`: everything local, nothing from /etc/postfix's main.cf.
fn main_cf(
    dir: &Path,
    milters: &[String],
    settings: &[(String, String)],
    (uid, gid): (u32, u32),
) -> String {
    let d = dir.display();
    let milters = milters.join(", ");
    let mut text = format!(
        r#"# Written by domainauth-testkit for one test; removed afterwards.
compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = {d}/maillog
maillog_file_prefixes = {d}
myhostname = {HOSTNAME}
mydomain = test.example
myorigin = $myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
alias_maps =
alias_database =
biff = no
# Nothing leaves: every destination but the virtual domain bounces.
default_transport = error:no outside delivery in tests
relay_transport = error:no outside delivery in tests
local_transport = error:no local delivery in tests
virtual_mailbox_domains = {RECIPIENT_DOMAIN}
virtual_mailbox_base = {d}/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:{uid}
virtual_gid_maps = static:{gid}
virtual_minimum_uid = 1
smtpd_authorized_xclient_hosts = 127.0.0.0/8
smtpd_milters = {milters}
milter_default_action = tempfail
"#
    );
    for (name, value) in settings {
        text.push_str(&format!("{name} = {value}\n"));
    }
    text
}

/// `master.cf`: smtpd on 127.0.0.1:PORT, the services delivery needs, no
/// chroot, and `postlogd` for `maillog_file`.
fn master_cf(port: u16) -> String {
    format!(
        "# Written by domainauth-testkit for one test; removed afterwards.
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"
    )
}
