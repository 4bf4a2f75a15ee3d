//! A private Dovecot IMAP server on 127.0.0.1 for tests.
//!
//! [`Dovecot::start`] writes a configuration of its own into a temporary
//! folder (the system's `/etc/dovecot` is never read), generates a CA, a
//! server certificate for `localhost` signed by it and a second CA that
//! signed nothing (with the `openssl` command, which Dovecot's Debian
//! package depends on), creates one passwd-file user whose Maildir lives
//! in the folder, and starts `dovecot -F` listening on two free ports:
//! one with implicit TLS (`imaps://`) and one with STARTTLS (`imap://`).
//! Dropping the value stops the server and removes the folder.
//!
//! The `dovecot` program is looked for in `$DOMAINAUTH_DOVECOT`, then on
//! `PATH`, then at `/usr/sbin/dovecot` (not on an ordinary user's `PATH`).
//! Run as root (as CI does), Dovecot's own processes run as the Debian
//! package's `dovecot` and `dovenull` users and the mail as `nobody`;
//! run as anyone else, every process runs as that user. Without Dovecot,
//! [`Dovecot::start`] returns `None` after saying so loudly (or panics
//! when `DOMAINAUTH_REQUIRE_PEERS=1`, see [`crate::testdata::missing`]).

use std::io::Write as _;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::daemon::{NotListening, make_dir, output, wait_listening};
use crate::testdata::missing;

/// The user every harness creates.
pub const USER: &str = "reports";

/// Its password.
pub const PASSWORD: &str = "s3cret-Pässword";

/// A logged-in IMAP session of the test kit's own client.
pub type ImapSession = async_imap::Session<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>;

/// What to start: folders and messages to put in place first, and the
/// capabilities to announce.
#[derive(Debug, Default, Clone)]
pub struct DovecotBuilder {
    messages: Vec<(String, Vec<u8>)>,
    capability: Option<String>,
}

impl DovecotBuilder {
    /// Puts `message` into `folder` (`INBOX`, or a folder name with `/`
    /// between levels, as IMAP shows it) before the server starts.
    pub fn message(mut self, folder: &str, message: impl Into<Vec<u8>>) -> Self {
        self.messages.push((folder.to_string(), message.into()));
        self
    }

    /// Replaces the capabilities announced after login (Dovecot's
    /// `imap_capability`), e.g. without `MOVE` to exercise the fallback.
    pub fn capability(mut self, capability: &str) -> Self {
        self.capability = Some(capability.to_string());
        self
    }

    /// Starts the server; `None` when Dovecot is not installed (after a
    /// loud skip message; a panic under `DOMAINAUTH_REQUIRE_PEERS=1`).
    /// Panics when Dovecot is there but does not start, with its log.
    pub fn start(self) -> Option<Dovecot> {
        let dovecot = match std::env::var_os("DOMAINAUTH_DOVECOT") {
            Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
            None => find_program("dovecot", &["/usr/sbin/dovecot"]),
        };
        let Some(dovecot) = dovecot else {
            missing("Dovecot (Debian package dovecot-imapd)");
            return None;
        };
        let Some(openssl) = find_program("openssl", &["/usr/bin/openssl"]) else {
            missing("the openssl command (Debian package openssl)");
            return None;
        };
        let accounts = match Accounts::find() {
            Ok(a) => a,
            Err(why) => {
                missing(&why);
                return None;
            }
        };
        let dir = make_dir("dovecot");
        certificates(&openssl, &dir);
        std::fs::write(
            dir.join("passwd"),
            format!("{USER}:{{PLAIN}}{PASSWORD}::::::\n"),
        )
        .expect("write passwd");
        let mail = dir.join("mail");
        std::fs::create_dir(&mail).expect("create mail folder");
        let mut server = Dovecot {
            dir,
            child: None,
            imaps_port: 0,
            starttls_port: 0,
            mail_owner: accounts.mail_owner,
        };
        for (folder, message) in &self.messages {
            server.deliver(folder, message);
        }
        server.chown_mail();
        for attempt in 1..=5 {
            let (imaps, starttls) = free_ports();
            server.imaps_port = imaps;
            server.starttls_port = starttls;
            std::fs::write(
                server.dir.join("dovecot.conf"),
                config(
                    &server.dir,
                    &accounts,
                    imaps,
                    starttls,
                    self.capability.as_deref(),
                ),
            )
            .expect("write dovecot.conf");
            match server.spawn(&dovecot) {
                Ok(()) => return Some(server),
                Err(log) if log.contains("Address already in use") && attempt < 5 => continue,
                Err(log) => panic!("Dovecot did not start:\n{log}"),
            }
        }
        unreachable!("the last attempt returns or panics")
    }
}

/// A running private Dovecot; stopped and removed on drop.
#[derive(Debug)]
pub struct Dovecot {
    dir: PathBuf,
    child: Option<Child>,
    /// The implicit-TLS port (`imaps://`).
    pub imaps_port: u16,
    /// The STARTTLS port (`imap://`).
    pub starttls_port: u16,
    mail_owner: Option<(u32, u32)>,
}

impl Dovecot {
    /// What to start.
    pub fn builder() -> DovecotBuilder {
        DovecotBuilder::default()
    }

    /// An empty server (see [`DovecotBuilder::start`]).
    pub fn start() -> Option<Self> {
        Self::builder().start()
    }

    /// The CA that signed the server's certificate (PEM).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    /// A CA that signed nothing this server uses (PEM).
    pub fn other_ca_file(&self) -> PathBuf {
        self.dir.join("other-ca.pem")
    }

    /// `imaps://reports@localhost:PORT/PATH` (`path` as it goes into the
    /// URL: percent-encoded by the caller).
    pub fn imaps_url(&self, path: &str) -> String {
        format!("imaps://{USER}@localhost:{}/{path}", self.imaps_port)
    }

    /// `imap://reports@localhost:PORT/PATH`, the STARTTLS port.
    pub fn starttls_url(&self, path: &str) -> String {
        format!("imap://{USER}@localhost:{}/{path}", self.starttls_port)
    }

    /// The Maildir of `folder`: the user's Maildir for `INBOX`, else its
    /// Maildir++ subfolder (`.A.B` for `A/B`; a name with characters
    /// beyond ASCII is on disk in modified UTF-7, as IMAP sends it).
    pub fn maildir(&self, folder: &str) -> PathBuf {
        let root = self.dir.join("mail").join(USER);
        if folder.eq_ignore_ascii_case("INBOX") {
            root
        } else {
            root.join(format!(".{}", folder.replace('/', ".")))
        }
    }

    /// Writes `message` into `folder`'s `new/` (RFC 5322 bytes; Dovecot
    /// gives it a UID when it next looks at the folder).
    pub fn deliver(&self, folder: &str, message: &[u8]) {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let maildir = self.maildir(folder);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).expect("create Maildir");
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!(
            "{}.M{}P{}Q{}.testkit,S={}",
            now.as_secs(),
            now.subsec_micros(),
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed),
            message.len()
        );
        let tmp = maildir.join("tmp").join(&name);
        std::fs::write(&tmp, message).expect("write message");
        std::fs::rename(&tmp, maildir.join("new").join(&name)).expect("deliver message");
        self.chown_mail();
    }

    /// The messages in `folder`'s Maildir (`new/` and `cur/`), as files
    /// on disk: what the server holds, read without IMAP.
    pub fn messages(&self, folder: &str) -> Vec<Vec<u8>> {
        let maildir = self.maildir(folder);
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(maildir.join(sub)) else {
                continue;
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                out.push(std::fs::read(&path).expect("read message"));
            }
        }
        out
    }

    /// A session of its own (implicit TLS, trusting
    /// [`ca_file`](Self::ca_file), logged in as [`USER`]), for what a
    /// test does as another mail client would.
    pub async fn login(&self) -> Result<ImapSession, String> {
        use tokio_rustls::rustls::pki_types::pem::PemObject as _;
        use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
        use tokio_rustls::rustls::{ClientConfig, RootCertStore, crypto};

        let pem = std::fs::read(self.ca_file()).map_err(|e| e.to_string())?;
        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(&pem) {
            roots
                .add(cert.map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        }
        let config =
            ClientConfig::builder_with_provider(Arc::new(crypto::aws_lc_rs::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_root_certificates(roots)
                .with_no_client_auth();
        let tcp = tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, self.imaps_port))
            .await
            .map_err(|e| e.to_string())?;
        let name = ServerName::try_from("localhost").map_err(|e| e.to_string())?;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .map_err(|e| e.to_string())?;
        let mut client = async_imap::Client::new(tls);
        client
            .read_response()
            .await
            .map_err(|e| e.to_string())?
            .ok_or("no greeting")?;
        client
            .login(USER, PASSWORD)
            .await
            .map_err(|(e, _)| e.to_string())
    }

    /// Adds `message` to `mailbox` with IMAP `APPEND` (RFC 3501 §6.3.11)
    /// over a session of its own ([`login`](Self::login)).
    pub async fn append(&self, mailbox: &str, message: &[u8]) -> Result<(), String> {
        let mut session = self.login().await?;
        session
            .append(mailbox, None, None, message)
            .await
            .map_err(|e| e.to_string())?;
        session.logout().await.map_err(|e| e.to_string())
    }

    /// Dovecot's log so far.
    pub fn log(&self) -> String {
        let mut log = std::fs::read_to_string(self.dir.join("dovecot.log")).unwrap_or_default();
        log.push_str(&std::fs::read_to_string(self.dir.join("dovecot.out")).unwrap_or_default());
        log
    }

    /// As root, hands the mail folder to the user the mail processes run
    /// as (they cannot run as root).
    fn chown_mail(&self) {
        if let Some((uid, gid)) = self.mail_owner {
            chown_tree(&self.dir.join("mail"), uid, gid);
        }
    }

    /// Starts `dovecot -F` and waits until both ports accept connections;
    /// the log when it exits first.
    fn spawn(&mut self, dovecot: &Path) -> Result<(), String> {
        let out = std::fs::File::create(self.dir.join("dovecot.out")).expect("create dovecot.out");
        let child = Command::new(dovecot)
            .arg("-F")
            .arg("-c")
            .arg(self.dir.join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("clone file"))
            .stderr(out)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", dovecot.display()))?;
        let mut child = child;
        let waited = wait_listening(
            &mut child,
            &[self.imaps_port, self.starttls_port],
            Duration::from_secs(20),
        );
        self.child = Some(child);
        match waited {
            Ok(()) => Ok(()),
            Err(NotListening::Exited(status)) => {
                self.child = None;
                Err(format!("dovecot exited ({status}):\n{}", self.log()))
            }
            Err(NotListening::TimedOut) => {
                self.stop();
                Err(format!(
                    "dovecot did not listen within 20 s:\n{}",
                    self.log()
                ))
            }
        }
    }

    /// SIGTERM to the master process (it stops its children), SIGKILL
    /// after 5 s.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            let _ = writeln!(
                std::io::stderr().lock(),
                "--- Dovecot log ({}) ---\n{}",
                self.dir.display(),
                self.log()
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The users the configuration names.
struct Accounts {
    /// `default_internal_user` / `default_internal_group`.
    internal: (String, String),
    /// `default_login_user`.
    login: String,
    /// uid and gid the mail processes run as.
    mail: (u32, u32),
    /// Set when running as root: the mail folder must belong to `mail`.
    mail_owner: Option<(u32, u32)>,
}

impl Accounts {
    fn find() -> Result<Self, String> {
        let uid: u32 = id(&["-u"])
            .and_then(|s| s.parse().ok())
            .ok_or("the id command")?;
        if uid == 0 {
            // Debian's dovecot-core creates dovecot and dovenull; mail
            // cannot be accessed as root, so it belongs to nobody.
            for user in ["dovecot", "dovenull", "nobody"] {
                if id(&["-u", user]).is_none() {
                    return Err(format!(
                        "the system user {user} (created by Debian's dovecot-core)"
                    ));
                }
            }
            let group = id(&["-gn", "dovecot"]).ok_or("the dovecot group")?;
            let nobody = (
                id(&["-u", "nobody"])
                    .and_then(|s| s.parse().ok())
                    .ok_or("nobody's uid")?,
                id(&["-g", "nobody"])
                    .and_then(|s| s.parse().ok())
                    .ok_or("nobody's gid")?,
            );
            Ok(Self {
                internal: ("dovecot".into(), group),
                login: "dovenull".into(),
                mail: nobody,
                mail_owner: Some(nobody),
            })
        } else {
            // Not root: Dovecot runs every process as the current user
            // when the configuration names only that user.
            let user = id(&["-un"]).ok_or("the current user's name")?;
            let group = id(&["-gn"]).ok_or("the current user's group")?;
            let gid: u32 = id(&["-g"])
                .and_then(|s| s.parse().ok())
                .ok_or("the current gid")?;
            Ok(Self {
                internal: (user.clone(), group),
                login: user,
                mail: (uid, gid),
                mail_owner: None,
            })
        }
    }
}

fn id(args: &[&str]) -> Option<String> {
    output("id", args)
}

fn find_program(name: &str, fallbacks: &[&str]) -> Option<PathBuf> {
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    // /usr/sbin is not on an ordinary user's PATH.
    fallbacks.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// Two ports free on 127.0.0.1 right now (held together so they differ).
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let b = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
    (
        a.local_addr().expect("addr").port(),
        b.local_addr().expect("addr").port(),
    )
}

fn chown_tree(path: &Path, uid: u32, gid: u32) {
    let _ = std::os::unix::fs::chown(path, Some(uid), Some(gid));
    if path.is_dir()
        && let Ok(entries) = std::fs::read_dir(path)
    {
        for entry in entries.flatten() {
            chown_tree(&entry.path(), uid, gid);
        }
    }
}

/// A CA, a `localhost` server certificate it signs, and another CA.
fn certificates(openssl: &Path, dir: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new(openssl)
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .expect("run openssl");
        assert!(
            out.status.success(),
            "openssl {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    for (name, subject) in [
        ("ca", "/CN=domainauth test CA"),
        ("other-ca", "/CN=domainauth other CA"),
    ] {
        let key = format!("{name}.key");
        let pem = format!("{name}.pem");
        let mut args = vec!["req", "-x509"];
        args.extend(ec);
        args.extend([
            "-keyout",
            &key,
            "-out",
            &pem,
            "-days",
            "7",
            "-subj",
            subject,
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        run(&args);
    }
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    run(&args);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("write server.ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "7",
        "-extfile",
        "server.ext",
    ]);
}

/// The whole configuration: no `!include`, nothing from /etc/dovecot.
fn config(
    dir: &Path,
    accounts: &Accounts,
    imaps: u16,
    starttls: u16,
    capability: Option<&str>,
) -> String {
    let d = dir.display();
    let (internal_user, internal_group) = &accounts.internal;
    let (uid, gid) = accounts.mail;
    let capability = capability
        .map(|c| format!("protocol imap {{\n  imap_capability = {c}\n}}\n"))
        .unwrap_or_default();
    format!(
        r#"# Written by domainauth-testkit for one test; removed afterwards.
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{d}/server.pem
ssl_key = <{d}/server.key
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 1
auth_mechanisms = plain
auth_verbose = yes
mail_location = maildir:{d}/mail/%u
mailbox_idle_check_interval = 1 secs
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {starttls}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
{capability}"#,
        login = accounts.login,
    )
}
