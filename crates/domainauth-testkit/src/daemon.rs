//! What the server harnesses (Postfix, Dovecot) share: a short private
//! folder, commands' output, and waiting for a started server to listen.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What `program args` printed, trimmed, when it succeeded.
pub(crate) fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A fresh folder named after `what` that every user of a server's
/// configuration can traverse (short: Unix socket paths in it must fit in
/// 108 bytes).
pub(crate) fn make_dir(what: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!(
        "da-{what}-{}-{}-{nanos:x}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create the {what} folder: {e}"));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    dir
}

/// Why a started server is not serving.
pub(crate) enum NotListening {
    /// It exited first.
    Exited(std::process::ExitStatus),
    /// It did not listen on every port within the time given.
    TimedOut,
}

/// Waits until `child` accepts connections on every one of `ports` of
/// 127.0.0.1, it exits, or `within` passes.
pub(crate) fn wait_listening(
    child: &mut Child,
    ports: &[u16],
    within: Duration,
) -> Result<(), NotListening> {
    let deadline = Instant::now() + within;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(NotListening::Exited(status));
        }
        let up = |port: u16| {
            TcpStream::connect_timeout(
                &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                Duration::from_millis(200),
            )
            .is_ok()
        };
        if ports.iter().all(|&p| up(p)) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(NotListening::TimedOut);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
