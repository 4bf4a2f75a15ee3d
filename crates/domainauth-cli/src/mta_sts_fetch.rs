//! The MTA-STS policy file over HTTPS (RFC 8461 §3.3), for `check` when it
//! asks the network: the library says what to fetch through its
//! `PolicyFetcher` trait and holds no HTTP itself.
//!
//! One `GET` with reqwest over rustls (aws-lc-rs, the Web PKI roots, the
//! certificate checked for `mta-sts.<domain>`), the host's address asked of
//! the same resolver as every other lookup, no redirect followed, no proxy,
//! no cache, a 64 KiB limit on the body and a timeout, as §3.3 asks.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use domainauth::check::{FetchError, PolicyFetcher};
use domainauth::dns::Resolver;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

/// Largest policy file read (RFC 8461 §3.3: "64 KiB is suggested").
pub const MAX_POLICY: usize = 64 << 10;

/// Time for the whole fetch: connection, handshake and body.
const FETCH_TIMEOUT: Duration = Duration::from_secs(20);

/// Fetches policy files over HTTPS.
pub struct HttpsPolicyFetcher {
    client: reqwest::Client,
}

impl std::fmt::Debug for HttpsPolicyFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpsPolicyFetcher").finish_non_exhaustive()
    }
}

impl HttpsPolicyFetcher {
    /// A fetcher resolving hosts through `resolver`, trusting the Web PKI
    /// roots, on port 443; or why TLS cannot be set up.
    pub fn new(resolver: Arc<dyn Resolver>) -> Result<Self, FetchError> {
        let roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        Self::with_roots(resolver, roots, 443)
    }

    /// A fetcher trusting `roots` and connecting to `port` (443 but in
    /// tests).
    fn with_roots(
        resolver: Arc<dyn Resolver>,
        roots: RootCertStore,
        port: u16,
    ) -> Result<Self, FetchError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let tls = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| transport(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(FETCH_TIMEOUT)
            .user_agent(concat!("domainauth/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(ResolverAddrs { resolver, port }))
            .build()
            .map_err(|e| transport(crate::error::one_line(&e)))?;
        Ok(Self { client })
    }
}

/// Host addresses for reqwest from the project's resolver: the IPv4
/// addresses, else the IPv6 ones, with `port`.
struct ResolverAddrs {
    resolver: Arc<dyn Resolver>,
    port: u16,
}

impl Resolve for ResolverAddrs {
    fn resolve(&self, name: Name) -> Resolving {
        let resolver = Arc::clone(&self.resolver);
        let port = self.port;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let (mut ips, v4_error): (Vec<IpAddr>, _) = match resolver.a(&host).await {
                Ok(v4) => (v4.iter().copied().map(IpAddr::V4).collect(), None),
                Err(e) => (Vec::new(), Some(e)),
            };
            if ips.is_empty() {
                match resolver.aaaa(&host).await {
                    Ok(v6) => ips.extend(v6.iter().copied().map(IpAddr::V6)),
                    // No IPv6 address either: an A lookup that timed out
                    // or failed is the reason, not "no address".
                    Err(e) if e.is_void() => {
                        if let Some(v4) = v4_error.filter(|v4| !v4.is_void()) {
                            return Err(v4.to_string().into());
                        }
                        return Err(e.to_string().into());
                    }
                    Err(e) => return Err(e.to_string().into()),
                }
            }
            if ips.is_empty() {
                return Err(format!("{host} has no address").into());
            }
            let addrs: Addrs = Box::new(
                ips.into_iter()
                    .map(move |ip| SocketAddr::new(ip, port))
                    .collect::<Vec<_>>()
                    .into_iter(),
            );
            Ok(addrs)
        })
    }
}

#[async_trait]
impl PolicyFetcher for HttpsPolicyFetcher {
    async fn fetch(&self, url: &str) -> Result<String, FetchError> {
        let mut response = self
            .client
            .get(url)
            .header("Accept", "text/plain")
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    transport(format!("no answer within {} s", FETCH_TIMEOUT.as_secs()))
                } else {
                    transport(crate::error::one_line(&e))
                }
            })?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        check_head(status, &content_type)?;
        // No encoding was asked for (no Accept-Encoding): a compressed
        // body would be read as garbage, so it is said as such.
        if let Some(encoding) = response
            .headers()
            .get(reqwest::header::CONTENT_ENCODING)
            .map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .trim()
                    .to_ascii_lowercase()
            })
            .filter(|e| !e.is_empty() && e != "identity")
        {
            return Err(transport(format!(
                "the server sent the policy file encoded ({}), which was not asked for",
                domainauth::escape::escape_controls(&encoding)
            )));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_POLICY as u64)
        {
            return Err(FetchError::TooLarge { limit: MAX_POLICY });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            if e.is_timeout() {
                transport(format!("no answer within {} s", FETCH_TIMEOUT.as_secs()))
            } else {
                transport(crate::error::one_line(&e))
            }
        })? {
            if body.len() + chunk.len() > MAX_POLICY {
                return Err(FetchError::TooLarge { limit: MAX_POLICY });
            }
            body.extend_from_slice(&chunk);
        }
        String::from_utf8(body).map_err(|_| transport("the policy file is not UTF-8".into()))
    }
}

fn transport(reason: String) -> FetchError {
    FetchError::Transport { reason }
}

/// The status and media type of an answer: 200 (a redirect is not
/// followed, RFC 8461 §3.3) and `text/plain` (§3.2).
fn check_head(status: u16, content_type: &str) -> Result<(), FetchError> {
    if status != 200 {
        return Err(FetchError::Status { status });
    }
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("text/plain") {
        return Err(FetchError::ContentType {
            value: content_type.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domainauth::dns::ZoneResolver;
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::net::TcpListener;
    use tokio_rustls::TlsAcceptor;
    use tokio_rustls::rustls::ServerConfig;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    const POLICY: &str =
        "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 86400\r\n";

    /// A CA, and a server certificate it signs for `name`.
    fn certificates(name: &str) -> (CertificateDer<'static>, CertificateDer<'static>, KeyPair) {
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_key = KeyPair::generate().expect("CA key");
        let ca_cert = ca.self_signed(&ca_key).expect("CA certificate");
        let issuer = Issuer::new(ca, ca_key);
        let leaf_key = KeyPair::generate().expect("server key");
        let leaf = CertificateParams::new(vec![name.to_string()])
            .expect("server params")
            .signed_by(&leaf_key, &issuer)
            .expect("server certificate");
        (ca_cert.der().clone(), leaf.der().clone(), leaf_key)
    }

    /// A TLS server on 127.0.0.1 with a certificate for `name`, answering
    /// every request with `answer`; gives its port and the CA, and sends
    /// each request's header on the channel.
    async fn serve(
        name: &str,
        answer: Vec<u8>,
    ) -> (
        u16,
        CertificateDer<'static>,
        tokio::sync::mpsc::UnboundedReceiver<String>,
    ) {
        let (ca, leaf, key) = certificates(name);
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .expect("server config");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let answer = answer.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut request = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let _ = tx.send(String::from_utf8_lossy(&request).into_owned());
                    let _ = tls.write_all(&answer).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        (port, ca, rx)
    }

    fn fetcher(port: u16, ca: CertificateDer<'static>, zone: &str) -> HttpsPolicyFetcher {
        let mut roots = RootCertStore::empty();
        roots.add(ca).expect("root");
        let resolver = ZoneResolver::from_zone_text(zone, None).expect("zone");
        HttpsPolicyFetcher::with_roots(Arc::new(resolver), roots, port).expect("fetcher")
    }

    const ZONE: &str = "mta-sts.example.com. 300 IN A 127.0.0.1\n";
    const URL: &str = "https://mta-sts.example.com/.well-known/mta-sts.txt";

    fn answer(head: &str, body: &str) -> Vec<u8> {
        format!("{head}\r\nContent-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    #[tokio::test]
    async fn the_policy_is_fetched_over_tls_from_the_host_the_resolver_names() {
        let (port, ca, mut requests) = serve(
            "mta-sts.example.com",
            answer(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8",
                POLICY,
            ),
        )
        .await;
        let got = fetcher(port, ca, ZONE).fetch(URL).await;
        assert_eq!(got.as_deref(), Ok(POLICY));
        let request = requests.recv().await.expect("a request");
        assert!(
            request.starts_with("GET /.well-known/mta-sts.txt HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(
            request
                .to_ascii_lowercase()
                .contains("\r\nhost: mta-sts.example.com"),
            "{request}"
        );
    }

    #[tokio::test]
    async fn a_redirect_is_not_followed_and_other_types_are_refused() {
        // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed".
        let (port, ca, mut requests) = serve(
            "mta-sts.example.com",
            answer(
                "HTTP/1.1 301 Moved\r\nLocation: https://mta-sts.example.com/other.txt",
                "",
            ),
        )
        .await;
        assert_eq!(
            fetcher(port, ca, ZONE).fetch(URL).await,
            Err(FetchError::Status { status: 301 })
        );
        assert!(requests.recv().await.is_some());
        assert!(requests.try_recv().is_err(), "the redirect was followed");

        let (port, ca, _) = serve(
            "mta-sts.example.com",
            answer("HTTP/1.1 200 OK\r\nContent-Type: text/html", "<html>"),
        )
        .await;
        assert_eq!(
            fetcher(port, ca, ZONE).fetch(URL).await,
            Err(FetchError::ContentType {
                value: "text/html".into()
            })
        );
    }

    #[tokio::test]
    async fn a_body_over_64_kib_is_refused_with_or_without_a_length() {
        let big = "x".repeat(MAX_POLICY + 1);
        let (port, ca, _) = serve(
            "mta-sts.example.com",
            answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain", &big),
        )
        .await;
        assert_eq!(
            fetcher(port, ca, ZONE).fetch(URL).await,
            Err(FetchError::TooLarge { limit: MAX_POLICY })
        );
        // No Content-Length: the body ends with the connection.
        let unbounded = format!(
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n{big}"
        );
        let (port, ca, _) = serve("mta-sts.example.com", unbounded.into_bytes()).await;
        assert_eq!(
            fetcher(port, ca, ZONE).fetch(URL).await,
            Err(FetchError::TooLarge { limit: MAX_POLICY })
        );
    }

    #[tokio::test]
    async fn a_certificate_for_another_name_or_a_host_without_address_is_a_transport_error() {
        let (port, ca, mut requests) = serve(
            "www.example.com",
            answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain", POLICY),
        )
        .await;
        match fetcher(port, ca.clone(), ZONE).fetch(URL).await {
            Err(FetchError::Transport { reason }) => {
                assert!(reason.to_lowercase().contains("certificate"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        assert!(
            requests.try_recv().is_err(),
            "a request went to the wrong host"
        );
        match fetcher(port, ca, "other.example.com. 300 IN A 127.0.0.1\n")
            .fetch(URL)
            .await
        {
            Err(FetchError::Transport { reason }) => {
                assert!(reason.contains("mta-sts.example.com"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn an_encoding_not_asked_for_is_refused() {
        let (port, ca, _) = serve(
            "mta-sts.example.com",
            answer(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip",
                POLICY,
            ),
        )
        .await;
        match fetcher(port, ca, ZONE).fetch(URL).await {
            Err(FetchError::Transport { reason }) => assert!(reason.contains("gzip"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn status_and_media_type() {
        assert_eq!(check_head(200, "text/plain; charset=utf-8"), Ok(()));
        assert_eq!(check_head(200, "TEXT/PLAIN"), Ok(()));
        assert_eq!(
            check_head(404, "text/plain"),
            Err(FetchError::Status { status: 404 })
        );
        assert_eq!(
            check_head(200, ""),
            Err(FetchError::ContentType {
                value: String::new()
            })
        );
    }

    /// The zone's answers, but every A lookup times out.
    struct ATimesOut(ZoneResolver);

    #[async_trait]
    impl Resolver for ATimesOut {
        async fn txt(&self, name: &str) -> domainauth::dns::Answer<domainauth::dns::Txt> {
            self.0.txt(name).await
        }
        async fn a(&self, name: &str) -> domainauth::dns::Answer<std::net::Ipv4Addr> {
            Err(domainauth::dns::DnsError::Timeout {
                name: name.to_string(),
                rtype: domainauth::dns::RecordType::A,
            })
        }
        async fn aaaa(&self, name: &str) -> domainauth::dns::Answer<std::net::Ipv6Addr> {
            self.0.aaaa(name).await
        }
        async fn mx(&self, name: &str) -> domainauth::dns::Answer<domainauth::dns::Mx> {
            self.0.mx(name).await
        }
        async fn ptr(&self, ip: IpAddr) -> domainauth::dns::Answer<String> {
            self.0.ptr(ip).await
        }
    }

    #[tokio::test]
    async fn an_address_lookup_that_times_out_is_said_not_taken_for_no_address() {
        let (port, ca, _) = serve(
            "mta-sts.example.com",
            answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain", POLICY),
        )
        .await;
        let mut roots = RootCertStore::empty();
        roots.add(ca).expect("root");
        let zone = ZoneResolver::from_zone_text(ZONE, None).expect("zone");
        let fetcher = HttpsPolicyFetcher::with_roots(Arc::new(ATimesOut(zone)), roots, port)
            .expect("fetcher");
        match fetcher.fetch(URL).await {
            Err(FetchError::Transport { reason }) => {
                assert!(reason.contains("timed out"), "{reason}");
                assert!(!reason.contains("no address"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
}
