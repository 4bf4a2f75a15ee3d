//! The listening socket and one task per MTA connection.

use std::sync::Arc;

use domainauth::dns::{HickoryConfig, HickoryResolver, ZoneResolver};
use domainauth::verify::{MessageVerifier, SharedResolver, VerifyOptions};
use miltr_server::Server;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, UnixListener};
use tokio_util::compat::TokioAsyncReadCompatExt as _;

use crate::config::{Config, Listen};
use crate::handler::Handler;

/// Why the milter cannot start or stopped serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The resolver cannot be set up.
    #[error("cannot set up the DNS resolver")]
    Resolver(#[source] Box<dyn std::error::Error + Send + Sync>),
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

/// The milter: its configuration and the verifier every connection shares
/// (with its SPF record and DKIM key caches).
#[derive(Clone)]
pub struct Milter {
    config: Arc<Config>,
    verifier: Arc<MessageVerifier<SharedResolver>>,
}

impl std::fmt::Debug for Milter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Milter")
            .field("listen", &self.config.listen)
            .finish_non_exhaustive()
    }
}

impl Milter {
    /// A milter as `config` says, resolving through the system's resolver,
    /// the one configured, or zone files.
    pub fn new(config: Config) -> Result<Self, ServeError> {
        let resolver: SharedResolver = if config.dns.zones.is_empty() {
            let mut options = HickoryConfig::default();
            options.server = config.dns.server;
            Arc::new(HickoryResolver::new(&options).map_err(|e| ServeError::Resolver(Box::new(e)))?)
        } else {
            let mut text = String::new();
            for path in &config.dns.zones {
                let zone =
                    std::fs::read_to_string(path).map_err(|e| ServeError::Resolver(Box::new(e)))?;
                text.push_str(&zone);
                text.push('\n');
            }
            Arc::new(
                ZoneResolver::from_zone_text(&text, None)
                    .map_err(|e| ServeError::Resolver(Box::new(e)))?,
            )
        };
        Ok(Self::with_resolver(config, resolver))
    }

    /// A milter resolving through `resolver`.
    pub fn with_resolver(config: Config, resolver: SharedResolver) -> Self {
        let options = VerifyOptions::new(&config.authserv_id);
        Self {
            verifier: Arc::new(MessageVerifier::new(resolver, options)),
            config: Arc::new(config),
        }
    }

    /// Serves the MTA's connections on the configured socket until the
    /// task is dropped. A unix socket left by an earlier run is replaced.
    pub async fn serve(&self) -> Result<(), ServeError> {
        let listen_error = |source| ServeError::Listen {
            listen: self.config.listen.to_string(),
            source,
        };
        match &self.config.listen {
            Listen::Inet(addr) => {
                let listener = TcpListener::bind(addr).await.map_err(listen_error)?;
                self.serve_tcp(listener).await
            }
            Listen::Unix(path) => {
                if path.exists() {
                    std::fs::remove_file(path).map_err(listen_error)?;
                }
                let listener = UnixListener::bind(path).map_err(listen_error)?;
                loop {
                    match listener.accept().await {
                        Ok((stream, _)) => self.spawn(stream),
                        Err(e) => tracing::warn!(error = %e, "accept failed"),
                    }
                }
            }
        }
    }

    /// Serves connections accepted on `listener` (a test binds port 0).
    pub async fn serve_tcp(&self, listener: TcpListener) -> Result<(), ServeError> {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    self.spawn(stream);
                }
                Err(e) => tracing::warn!(error = %e, "accept failed"),
            }
        }
    }

    /// One task for the connection: a handler borrowing the shared
    /// verifier, the protocol run by `miltr-server`. A broken connection
    /// ends its task only.
    fn spawn<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(&self, stream: S) {
        let this = self.clone();
        tokio::spawn(async move {
            let mut handler = Handler::new(&this.verifier, &this.config);
            let mut server = Server::default_postfix(&mut handler);
            if let Err(e) = server.handle_connection(stream.compat()).await {
                tracing::warn!(error = %e, "milter connection ended with an error");
            }
        });
    }
}
