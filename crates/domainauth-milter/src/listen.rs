//! The listening socket and one task per MTA connection.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use domainauth::dns::{HickoryConfig, HickoryResolver, ZoneResolver};
use domainauth::verify::{MessageVerifier, SharedResolver, VerifyOptions};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, UnixListener};
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio_io_timeout::TimeoutStream;

use crate::config::{Config, Listen};
use crate::handler::Handler;
use crate::history::History;
use crate::metrics::{Metrics, Timed};
use crate::signing::{KeyError, Keys, load_sealer};
use domainauth::arc::Sealer;
use domainauth_reports::store::{Store, StoreError};

/// Binds a unix socket at `path` with permissions `mode`. A socket left by
/// an earlier run is replaced; one a running milter answers on, or a file
/// that is not a socket, is not touched.
fn bind_unix(path: &Path, mode: u32) -> std::io::Result<UnixListener> {
    use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_socket() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the path exists and is not a socket; it was left as it is",
            ));
        }
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AddrInUse,
                "another process answers on this socket (a milter already running?)",
            ));
        }
        std::fs::remove_file(path)?;
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o777))?;
    Ok(listener)
}

/// An accept that failed (out of file descriptors, most often): logged,
/// then a pause, so that a failure that lasts does not turn into a loop
/// writing the same line as fast as it can.
async fn accept_failed(e: &std::io::Error) {
    tracing::warn!(error = %e, "accept failed; pausing 100 ms");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// The next SIGHUP; never, without a file to reload.
async fn recv(hangup: &mut Option<Signal>) -> Option<()> {
    match hangup {
        Some(signal) => signal.recv().await,
        None => std::future::pending().await,
    }
}

/// Why the milter cannot start or stopped serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The resolver cannot be set up.
    #[error("cannot set up the DNS resolver")]
    Resolver(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A signing key cannot be used.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The history store cannot be opened.
    #[error("cannot open the message history store")]
    History(#[from] StoreError),
    /// The listening socket cannot be opened.
    #[error("cannot listen on {listen}")]
    Listen {
        /// Where.
        listen: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// What the connections of one configuration share: the configuration, the
/// verifier (with its SPF record and DKIM key caches) and the signing keys.
/// A reload makes a new one; connections open at that moment finish with
/// the one they started with.
pub struct State {
    config: Config,
    verifier: MessageVerifier<SharedResolver>,
    keys: Keys,
    resolver: SharedResolver,
    metrics: Arc<Metrics>,
    history: Option<History>,
    sealer: Option<Sealer>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("config", &self.config)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl State {
    /// The configuration, its signing keys read, verifying through
    /// `resolver` (its lookups timed into `metrics`).
    pub fn new(
        config: Config,
        resolver: SharedResolver,
        metrics: Arc<Metrics>,
        history: Option<History>,
    ) -> Result<Self, ServeError> {
        let keys = Keys::load(&config.signing)?;
        let sealer = config.arc.seal.as_ref().map(load_sealer).transpose()?;
        let mut options = VerifyOptions::new(&config.authserv_id);
        options
            .trusted_sealers
            .clone_from(&config.arc.trusted_sealers);
        let limits = &config.limits;
        options.dkim.max_signatures = limits.max_signatures.max(1);
        options.dns_budget.max_queries = limits.max_dns_queries.max(1);
        options.dns_budget.deadline = Duration::from_secs(limits.dns_deadline.max(1));
        let timed: SharedResolver = Arc::new(Timed::new(resolver.clone(), Arc::clone(&metrics)));
        Ok(Self {
            verifier: MessageVerifier::new(timed, options),
            config,
            keys,
            resolver,
            metrics,
            history,
            sealer,
        })
    }

    /// The ARC sealer, when incoming mail is sealed.
    pub fn sealer(&self) -> Option<&Sealer> {
        self.sealer.as_ref()
    }

    /// Where verdicts are recorded, if anywhere.
    pub fn history(&self) -> Option<&History> {
        self.history.as_ref()
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The verifier.
    pub fn verifier(&self) -> &MessageVerifier<SharedResolver> {
        &self.verifier
    }

    /// The signing keys.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }
}

/// The milter: the state connections start with, replaced on reload.
#[derive(Clone)]
pub struct Milter {
    state: Arc<RwLock<Arc<State>>>,
    /// The file SIGHUP reloads.
    config_file: Option<PathBuf>,
    /// The socket was given apart from the file (`--listen`).
    listen_given: bool,
}

impl std::fmt::Debug for Milter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Milter")
            .field("state", &self.current())
            .field("config_file", &self.config_file)
            .finish()
    }
}

/// The resolver `config` asks for: the system's, the configured server, or
/// zone files.
fn resolver_for(config: &Config) -> Result<SharedResolver, ServeError> {
    if config.dns.zones.is_empty() {
        let mut options = HickoryConfig::default();
        options.server = config.dns.server;
        return Ok(Arc::new(
            HickoryResolver::new(&options).map_err(|e| ServeError::Resolver(Box::new(e)))?,
        ));
    }
    // Each file read as a regular file within a size limit (a FIFO or a
    // device is refused, not read), errors naming the file and line.
    let mut zone = ZoneResolver::new();
    for path in &config.dns.zones {
        zone.load_file(path)
            .map_err(|e| ServeError::Resolver(Box::new(e)))?;
    }
    Ok(Arc::new(zone))
}

/// Checks that `config` can run: its signing and sealing keys read, its
/// zone files (or resolver settings) usable. What `--check-config` runs;
/// the keys and the resolver it made, to check the keys against DNS with
/// ([`Keys::check_published`]).
///
/// # Errors
///
/// As [`Milter::open`] would fail at start (the history store aside).
pub fn check(config: &Config) -> Result<(Keys, SharedResolver), ServeError> {
    let keys = Keys::load(&config.signing)?;
    if let Some(seal) = &config.arc.seal {
        load_sealer(seal)?;
    }
    Ok((keys, resolver_for(config)?))
}

impl Milter {
    /// A milter as `config` says, resolving through the system's resolver,
    /// the one configured, or zone files; its signing keys read and its
    /// history store opened.
    pub async fn open(config: Config) -> Result<Self, ServeError> {
        let resolver = resolver_for(&config)?;
        Self::open_with_resolver(config, resolver).await
    }

    /// The same, resolving through `resolver` (kept across reloads).
    pub async fn open_with_resolver(
        config: Config,
        resolver: SharedResolver,
    ) -> Result<Self, ServeError> {
        let metrics = Arc::new(Metrics::new());
        let history = match &config.history.db {
            None => None,
            Some(target) => {
                let store = Store::open(target).await?;
                Some(History::start(store, target, Arc::clone(&metrics)))
            }
        };
        Self::build(config, resolver, metrics, history)
    }

    /// A milter resolving through `resolver`, without a history store
    /// (one configured is not opened: see [`open`](Self::open)).
    pub fn with_resolver(config: Config, resolver: SharedResolver) -> Result<Self, ServeError> {
        Self::build(config, resolver, Arc::new(Metrics::new()), None)
    }

    fn build(
        config: Config,
        resolver: SharedResolver,
        metrics: Arc<Metrics>,
        history: Option<History>,
    ) -> Result<Self, ServeError> {
        let state = State::new(config, resolver, metrics, history)?;
        Ok(Self {
            state: Arc::new(RwLock::new(Arc::new(state))),
            config_file: None,
            listen_given: false,
        })
    }

    /// Reloads `path` on SIGHUP while [`serve`](Self::serve) runs, and
    /// stops on SIGTERM. `listen_given`: the socket came from elsewhere
    /// than the file (a command-line option), so a different one in the
    /// file is no change.
    pub fn reload_on_hangup(mut self, path: &Path, listen_given: bool) -> Self {
        self.config_file = Some(path.to_path_buf());
        self.listen_given = listen_given;
        self
    }

    /// The metrics, shared by every configuration this milter has had
    /// (to serve them elsewhere than `[metrics] listen`, say on a port a
    /// test chose).
    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.current().metrics)
    }

    /// The state new connections start with.
    pub fn current(&self) -> Arc<State> {
        // A poisoned lock still holds a whole state: it is only ever
        // replaced, never changed in place.
        Arc::clone(&self.state.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replaces the configuration: new connections use `config` and keys
    /// read again; open connections finish with the old ones. The listening
    /// socket stays (a changed `listen` needs a restart); the resolver is
    /// kept unless the `[dns]` section changed (zone files are always read
    /// again). On error nothing changes.
    pub fn reload(&self, config: Config) -> Result<(), ServeError> {
        let old = self.current();
        // Zone files are read again: their content may have changed.
        let resolver = if config.dns == old.config.dns && config.dns.zones.is_empty() {
            old.resolver.clone()
        } else {
            resolver_for(&config)?
        };
        if config.history != old.config.history {
            tracing::warn!("[history] changed: the store stays until a restart");
        }
        let state = Arc::new(State::new(
            config,
            resolver,
            Arc::clone(&old.metrics),
            old.history.clone(),
        )?);
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = state;
        Ok(())
    }

    /// Reads the configuration file again and reloads it, logging the
    /// outcome; the old configuration stays on any error.
    fn reload_file(&self) {
        let Some(path) = &self.config_file else {
            return;
        };
        let outcome = Config::load(path)
            .map_err(|e| e.to_string())
            .and_then(|mut config| {
                // The socket in use stays (one given on the command line
                // too); a different one in the file needs a restart.
                let in_use = self.current().config.listen.clone();
                if config.listen != in_use && !self.listen_given {
                    tracing::warn!(
                        in_use = %in_use,
                        file = %config.listen,
                        "listen changed in the file: the socket in use stays until a restart"
                    );
                }
                config.listen = in_use;
                self.reload(config)
                    .map_err(|e| domainauth::diag::one_line(&e))
            });
        match outcome {
            Ok(()) => tracing::info!(file = %path.display(), "configuration reloaded"),
            Err(error) => {
                self.current().metrics.error("reload");
                tracing::error!(
                    file = %path.display(),
                    %error,
                    "configuration not reloaded; the previous one stays"
                )
            }
        }
    }

    /// Serves the MTA's connections on the configured socket until the
    /// task is dropped. A unix socket left by an earlier run is replaced.
    pub async fn serve(&self) -> Result<(), ServeError> {
        let state = self.current();
        if let Some(addr) = state.config.metrics.listen {
            let listener = TcpListener::bind(addr)
                .await
                .map_err(|source| ServeError::Listen {
                    listen: format!("http://{addr}/metrics"),
                    source,
                })?;
            let metrics = Arc::clone(&state.metrics);
            tokio::spawn(async move {
                if let Err(e) = metrics.serve(listener).await {
                    tracing::error!(error = %e, "the metrics server stopped");
                }
            });
        }
        let listen = state.config.listen.clone();
        let mode = state.config.socket_mode;
        drop(state);
        let listen_error = |source| ServeError::Listen {
            listen: listen.to_string(),
            source,
        };
        match &listen {
            Listen::Inet(addr) => {
                let listener = TcpListener::bind(addr).await.map_err(listen_error)?;
                self.serve_tcp(listener).await
            }
            Listen::Unix(path) => {
                let listener = bind_unix(path, mode).map_err(listen_error)?;
                self.serve_unix(listener).await
            }
        }
    }

    /// Serves connections accepted on the unix socket `listener`; on
    /// SIGTERM the socket file is removed.
    pub async fn serve_unix(&self, listener: UnixListener) -> Result<(), ServeError> {
        let path = listener
            .local_addr()
            .ok()
            .and_then(|a| a.as_pathname().map(Path::to_path_buf));
        let listen = path
            .as_ref()
            .map_or_else(|| "unix:".to_string(), |p| format!("unix:{}", p.display()));
        let signal_error = |source| ServeError::Listen {
            listen: listen.clone(),
            source,
        };
        let mut hangup = self.hangups().map_err(signal_error)?;
        let mut terminate = self.terminations().map_err(signal_error)?;
        // Said once the signals are handled: a SIGHUP from here on
        // reloads.
        tracing::info!(%listen, "domainauth milter listening");
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => self.spawn(stream, false),
                    Err(e) => accept_failed(&e).await,
                },
                Some(()) = recv(&mut hangup) => self.reload_file(),
                Some(()) = recv(&mut terminate) => {
                    if let Some(path) = &path {
                        let _ = std::fs::remove_file(path);
                    }
                    tracing::info!("stopping");
                    return Ok(());
                }
            }
        }
    }

    /// Serves connections accepted on `listener` (a test binds port 0).
    pub async fn serve_tcp(&self, listener: TcpListener) -> Result<(), ServeError> {
        let signal_error = |source| ServeError::Listen {
            listen: self.current().config.listen.to_string(),
            source,
        };
        let mut hangup = self.hangups().map_err(signal_error)?;
        let mut terminate = self.terminations().map_err(signal_error)?;
        if let Ok(addr) = listener.local_addr() {
            tracing::info!(listen = %format!("inet:{addr}"), "domainauth milter listening");
        }
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        let _ = stream.set_nodelay(true);
                        self.spawn(stream, true);
                    }
                    Err(e) => accept_failed(&e).await,
                },
                Some(()) = recv(&mut hangup) => self.reload_file(),
                Some(()) = recv(&mut terminate) => {
                    tracing::info!("stopping");
                    return Ok(());
                }
            }
        }
    }

    /// SIGTERM, when running as a daemon (with a file to reload): the
    /// listener stops (a unix socket is removed); connections in progress
    /// end with the process.
    fn terminations(&self) -> std::io::Result<Option<Signal>> {
        if self.config_file.is_none() {
            return Ok(None);
        }
        signal(SignalKind::terminate()).map(Some)
    }

    /// SIGHUP, when there is a file to reload.
    fn hangups(&self) -> std::io::Result<Option<Signal>> {
        if self.config_file.is_none() {
            return Ok(None);
        }
        signal(SignalKind::hangup()).map(Some)
    }

    /// One task for the connection: a handler borrowing the shared
    /// verifier, the conversation run by [`crate::protocol`]. A broken connection
    /// ends its task only. Past `max_connections` the connection is closed
    /// at once: memory stays bounded however many are opened.
    fn spawn<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(&self, stream: S, tcp: bool) {
        let state = self.current();
        let limits = &state.config.limits;
        // Counted here, before the task runs, so that a burst of accepts
        // cannot pass the limit.
        let open = state.metrics.connection();
        let max = limits.max_connections.max(1);
        if open.open() > u64::try_from(max).unwrap_or(u64::MAX) {
            state.metrics.error("connection_limit");
            tracing::warn!(
                max_connections = max,
                "connection closed: the limit of open connections is reached \
                 (limits.max_connections); the MTA applies its milter_default_action"
            );
            return;
        }
        // A peer that stops talking, or stops reading our answers, loses
        // its connection instead of holding a task forever.
        let idle = Duration::from_secs(limits.idle_timeout.max(1));
        let mut stream = TimeoutStream::new(stream);
        stream.set_read_timeout(Some(Duration::from_secs(limits.idle_timeout.max(1))));
        stream.set_write_timeout(Some(Duration::from_secs(limits.write_timeout.max(1))));
        let stream = Box::pin(stream);
        tokio::spawn(async move {
            let metrics = Arc::clone(&state.metrics);
            let _open = open;
            let mut handler = Handler::new(&state);
            if tcp {
                handler = handler.on_tcp();
            }
            // A packet begun must be whole within the idle timeout.
            if let Err(e) = crate::protocol::converse(&mut handler, stream, idle).await {
                metrics.error("connection");
                // With its causes: "reading from the MTA failed: timed out".
                let mut error = e.to_string();
                let mut cause = std::error::Error::source(&e);
                while let Some(c) = cause {
                    error.push_str(": ");
                    error.push_str(&c.to_string());
                    cause = c.source();
                }
                tracing::warn!(%error, "milter connection ended with an error");
            }
        });
    }
}
