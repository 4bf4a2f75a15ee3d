//! A real PostgreSQL server for tests, one database per test.
//!
//! [`database`] gives each test a database of its own (`CREATE DATABASE`
//! with a unique name, dropped when the [`TestDatabase`] is):
//!
//! - on the server of `DOMAINAUTH_TEST_POSTGRES_URL` when it is set (a URL
//!   whose user may create databases, e.g. one CI started);
//! - otherwise on a private cluster this process starts once: `initdb` into
//!   a temporary folder, listening on 127.0.0.1 only, at a free port, with
//!   its Unix socket in that folder. Run as root, the cluster runs as the
//!   `postgres` system user (PostgreSQL refuses to run as root). It stops
//!   when the test process exits (a watchdog process sees to it even when
//!   the process is killed); a [`Cluster`] started on its own stops when
//!   dropped.
//!
//! Without PostgreSQL installed, [`database`] says so loudly and returns
//! `None` (the test skips), or panics under `DOMAINAUTH_REQUIRE_PEERS=1`.

use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection as _;

use crate::testdata;

/// The environment variable naming an existing server to use.
pub const URL_VAR: &str = "DOMAINAUTH_TEST_POSTGRES_URL";

/// A database for one test.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    admin_url: String,
    name: String,
}

impl TestDatabase {
    /// Its connection URL (`postgres://…/NAME`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime: use a thread of our own.
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut conn)
                        .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}

/// A new, empty database, or `None` after saying loudly that PostgreSQL is
/// not available (a panic instead under `DOMAINAUTH_REQUIRE_PEERS=1`).
pub async fn database() -> Option<TestDatabase> {
    let admin_url = match std::env::var(URL_VAR) {
        Ok(url) if !url.is_empty() => url,
        _ => match shared() {
            Ok(cluster) => cluster.admin_url(),
            Err(why) => {
                testdata::missing(&format!("PostgreSQL ({why})"));
                return None;
            }
        },
    };
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "domainauth_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(e) => panic!("cannot connect to the test PostgreSQL server: {e}"),
    };
    // Leftover of an earlier run whose process id was the same.
    let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    let create = format!("CREATE DATABASE \"{name}\"");
    for sql in [drop, create] {
        if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
        {
            panic!("cannot create a test database on the PostgreSQL server: {e}");
        }
    }
    let _ = conn.close().await;
    Some(TestDatabase {
        url: with_database(&admin_url, &name),
        admin_url,
        name,
    })
}

/// `url` with its database (the path) replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(i) => &base[..authority_start + i],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

/// The cluster this process shares between its tests, started on first use.
fn shared() -> Result<&'static Cluster, String> {
    static SHARED: OnceLock<Result<Cluster, String>> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let cluster = Cluster::start()?;
            cluster.watch(std::process::id());
            Ok(cluster)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// A private PostgreSQL cluster on 127.0.0.1, stopped and removed on drop.
#[derive(Debug)]
pub struct Cluster {
    base: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    /// Starts a cluster: `initdb` into a new temporary folder, then the
    /// server on 127.0.0.1 at a free port, with trust authentication for
    /// the `postgres` user and durability settings off (tests only).
    ///
    /// # Errors
    ///
    /// Why it could not: PostgreSQL's programs not found, no `postgres`
    /// system user to run them as root, `initdb` or the server failing
    /// (with the end of the server's log).
    pub fn start() -> Result<Self, String> {
        let bin = bindir().ok_or("initdb and pg_ctl not found; install Debian's postgresql")?;
        let as_postgres = is_root();
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::temp_dir().join(format!(
            "domainauth-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
        let mut cluster = Self {
            base,
            bin,
            port: 0,
            as_postgres,
        };
        if as_postgres {
            let (uid, gid) = postgres_user()
                .ok_or("running as root and there is no postgres system user to run the server")?;
            std::os::unix::fs::chown(&cluster.base, Some(uid), Some(gid))
                .map_err(|e| format!("chown {}: {e}", cluster.base.display()))?;
        }
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--auth=trust".as_ref(),
                "--encoding=UTF8".as_ref(),
                "--locale=C".as_ref(),
                "--no-sync".as_ref(),
            ],
        )?;
        // A free port can be taken between our probe and the server's
        // bind: try a few.
        let mut last = String::new();
        for _ in 0..3 {
            cluster.port = free_port().map_err(|e| format!("no free port: {e}"))?;
            let options = format!(
                "-h 127.0.0.1 -p {} -k {} -c fsync=off -c synchronous_commit=off \
                 -c full_page_writes=off -c max_connections=200",
                cluster.port,
                cluster.base.display()
            );
            let log = cluster.base.join("server.log");
            match cluster.run(
                "pg_ctl",
                &[
                    "-D".as_ref(),
                    data.as_os_str(),
                    "-l".as_ref(),
                    log.as_os_str(),
                    "-w".as_ref(),
                    "-t".as_ref(),
                    "60".as_ref(),
                    "-o".as_ref(),
                    options.as_ref(),
                    "start".as_ref(),
                ],
            ) {
                Ok(()) => return Ok(cluster),
                Err(e) => {
                    let log = std::fs::read_to_string(&log).unwrap_or_default();
                    let tail: Vec<&str> = log.lines().rev().take(10).collect();
                    last = format!(
                        "{e}; server log: {}",
                        tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
                    );
                }
            }
        }
        Err(last)
    }

    /// The URL of its `postgres` database, as the `postgres` user.
    pub fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The port it listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    fn data(&self) -> PathBuf {
        self.base.join("data")
    }

    /// Runs one of PostgreSQL's programs (as the `postgres` user when we
    /// are root), its output discarded except in the error.
    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
        let path = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new(runuser());
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        // The server pg_ctl starts writes to its log file; no pipe of ours
        // may stay open in it.
        let out = self.base.join(format!("{program}.out"));
        let file = std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        let err = file.try_clone().map_err(|e| e.to_string())?;
        let status = command
            .args(args)
            .current_dir(&self.base)
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .status()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if status.success() {
            Ok(())
        } else {
            let output = std::fs::read_to_string(&out).unwrap_or_default();
            Err(format!("{program} failed ({status}): {}", output.trim()))
        }
    }

    /// Starts a watchdog that stops the server and removes its folder once
    /// process `pid` has exited, however it exited.
    fn watch(&self, pid: u32) {
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             kill -QUIT \"$(head -n 1 '{data}/postmaster.pid')\" 2>/dev/null; \
             sleep 2; rm -rf '{base}'",
            data = self.data().display(),
            base = self.base.display(),
        );
        let _ = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
        );
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// The folder of `initdb` and `pg_ctl`: `$DOMAINAUTH_PG_BINDIR`, Debian's
/// newest `/usr/lib/postgresql/N/bin`, or a folder on PATH holding both.
fn bindir() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("DOMAINAUTH_PG_BINDIR") {
        return Some(PathBuf::from(dir)).filter(|d| has_both(d));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            has_both(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).find(|dir| has_both(dir)))
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The uid and gid of the `postgres` system user (from /etc/passwd).
fn postgres_user() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.first() == Some(&"postgres") && fields.len() > 3)
            .then(|| Some((fields[2].parse().ok()?, fields[3].parse().ok()?)))
            .flatten()
    })
}

fn runuser() -> &'static str {
    ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .unwrap_or("runuser")
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://u:p@127.0.0.1:5432/postgres", "t1"),
            "postgres://u:p@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgresql://u@h:1/postgres?sslmode=disable", "t2"),
            "postgresql://u@h:1/t2?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "t3"), "postgres://u@h/t3");
        assert_eq!(
            with_database("postgres://u@h?host=/run/postgresql", "t4"),
            "postgres://u@h/t4?host=/run/postgresql"
        );
    }
}
