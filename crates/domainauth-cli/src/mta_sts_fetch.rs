//! The MTA-STS policy file over HTTPS (RFC 8461 §3.3), for `check` when it
//! asks the network: the library says what to fetch through its
//! `PolicyFetcher` trait and holds no HTTP itself.
//!
//! One `GET` over HTTP/1.0 (so the body ends with the connection, never
//! chunked), TLS with the Web PKI roots and the certificate checked for
//! `mta-sts.<domain>`, the host's address asked of the same resolver as
//! every other lookup, no redirect followed, no cache, a 64 KiB limit and a
//! timeout, as §3.3 asks.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use domainauth::check::{FetchError, PolicyFetcher};
use domainauth::dns::Resolver;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

/// Largest policy file read (RFC 8461 §3.3: "64 KiB is suggested").
pub const MAX_POLICY: usize = 64 << 10;

/// Longest header read before the body.
const MAX_HEADER: usize = 16 << 10;

/// Time for the whole fetch: connection, handshake and body.
const FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// Fetches policy files over HTTPS on port 443.
pub struct HttpsPolicyFetcher {
    resolver: Arc<dyn Resolver>,
    connector: TlsConnector,
}

impl std::fmt::Debug for HttpsPolicyFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpsPolicyFetcher").finish_non_exhaustive()
    }
}

impl HttpsPolicyFetcher {
    /// A fetcher resolving hosts through `resolver`, or why TLS cannot be
    /// set up.
    pub fn new(resolver: Arc<dyn Resolver>) -> Result<Self, FetchError> {
        let roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| transport(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Self {
            resolver,
            connector: TlsConnector::from(Arc::new(config)),
        })
    }

    /// The first address of `host` (IPv4, else IPv6).
    async fn address(&self, host: &str) -> Result<IpAddr, FetchError> {
        if let Ok(v4) = self.resolver.a(host).await
            && let Some(ip) = v4.first()
        {
            return Ok(IpAddr::V4(*ip));
        }
        match self.resolver.aaaa(host).await {
            Ok(v6) if !v6.is_empty() => Ok(IpAddr::V6(v6[0])),
            Ok(_) => Err(transport(format!("{host} has no address"))),
            Err(e) => Err(transport(e.to_string())),
        }
    }

    async fn get(&self, host: &str, path: &str) -> Result<Vec<u8>, FetchError> {
        let ip = self.address(host).await?;
        let tcp = TcpStream::connect(SocketAddr::new(ip, 443))
            .await
            .map_err(|e| transport(format!("cannot connect to {ip}:443: {e}")))?;
        let name = ServerName::try_from(host.to_string()).map_err(|e| transport(e.to_string()))?;
        let mut tls = self
            .connector
            .connect(name, tcp)
            .await
            .map_err(|e| transport(format!("TLS with {host}: {e}")))?;
        let request = format!(
            "GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: domainauth/{}\r\nAccept: text/plain\r\nConnection: close\r\n\r\n",
            env!("CARGO_PKG_VERSION")
        );
        tls.write_all(request.as_bytes())
            .await
            .map_err(|e| transport(e.to_string()))?;
        let mut response = Vec::new();
        let limit = u64::try_from(MAX_HEADER + MAX_POLICY + 1).unwrap_or(u64::MAX);
        // A server that closes without TLS close_notify ends the body too.
        match (&mut tls).take(limit).read_to_end(&mut response).await {
            Ok(_) => Ok(response),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(response),
            Err(e) => Err(transport(e.to_string())),
        }
    }
}

#[async_trait]
impl PolicyFetcher for HttpsPolicyFetcher {
    async fn fetch(&self, url: &str) -> Result<String, FetchError> {
        let rest = url
            .strip_prefix("https://")
            .ok_or_else(|| transport(format!("{url} is not an https URL")))?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let path = format!("/{path}");
        let response = tokio::time::timeout(FETCH_TIMEOUT, self.get(host, &path))
            .await
            .map_err(|_| transport(format!("no answer within {} s", FETCH_TIMEOUT.as_secs())))??;
        parse_response(&response)
    }
}

fn transport(reason: String) -> FetchError {
    FetchError::Transport { reason }
}

/// The policy text of an HTTP response: status 200 (a redirect is not
/// followed, RFC 8461 §3.3), media type `text/plain`, at most
/// [`MAX_POLICY`] octets of UTF-8.
pub fn parse_response(response: &[u8]) -> Result<String, FetchError> {
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            response
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        })
        .ok_or_else(|| transport("the answer has no HTTP header".into()))?;
    let header = String::from_utf8_lossy(&response[..split.0]);
    let body = &response[split.1..];
    let mut lines = header.lines();
    let status = lines
        .next()
        .and_then(|l| {
            let mut parts = l.split_whitespace();
            let version = parts.next()?;
            version.starts_with("HTTP/").then_some(())?;
            parts.next()?.parse::<u16>().ok()
        })
        .ok_or_else(|| transport("the answer has no HTTP status line".into()))?;
    if status != 200 {
        return Err(FetchError::Status { status });
    }
    let content_type = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("text/plain") {
        return Err(FetchError::ContentType {
            value: content_type,
        });
    }
    if body.len() > MAX_POLICY {
        return Err(FetchError::TooLarge { limit: MAX_POLICY });
    }
    String::from_utf8(body.to_vec()).map_err(|_| transport("the policy file is not UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_is_read_from_a_200_text_plain_answer() {
        let body = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 86400\r\n";
        let answer =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}");
        assert_eq!(parse_response(answer.as_bytes()).unwrap(), body);
    }

    #[test]
    fn redirects_other_types_and_large_bodies_are_refused() {
        // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
        assert_eq!(
            parse_response(b"HTTP/1.1 301 Moved\r\nLocation: https://x/\r\n\r\n"),
            Err(FetchError::Status { status: 301 })
        );
        assert_eq!(
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>"),
            Err(FetchError::ContentType {
                value: "text/html".into()
            })
        );
        let big = format!(
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n{}",
            "x".repeat(MAX_POLICY + 1)
        );
        assert_eq!(
            parse_response(big.as_bytes()),
            Err(FetchError::TooLarge { limit: MAX_POLICY })
        );
        assert!(matches!(
            parse_response(b"garbage"),
            Err(FetchError::Transport { .. })
        ));
    }
}
