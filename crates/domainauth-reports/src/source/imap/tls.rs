//! TLS for IMAP: the rustls client (aws-lc-rs, the Web PKI roots plus an
//! optional private CA), the handshake with its errors made precise, and
//! the STARTTLS exchange of an `imap://` connection (RFC 3501 §6.2.1).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{self, CertificateError, ClientConfig, RootCertStore};

use super::error::{ImapError, Step, server_text, whole_seconds};

/// Largest CA file read: a bundle of a few hundred certificates.
const MAX_CA_FILE: u64 = 4 << 20;

/// Longest line accepted before TLS (greeting, capabilities, the
/// STARTTLS answer).
const MAX_PLAIN_LINE: usize = 8 << 10;

/// Most bytes read before TLS in all.
const MAX_PLAIN_TOTAL: usize = 64 << 10;

/// The certificates of a PEM file (`-----BEGIN CERTIFICATE-----` blocks;
/// other blocks are skipped).
pub(crate) fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, ImapError> {
    use std::io::Read as _;
    let fail = |reason: String| ImapError::CaFile {
        path: path.to_path_buf(),
        reason,
    };
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CA_FILE + 1).read_to_end(&mut pem))
        .map_err(|e| fail(e.to_string()))?;
    if pem.len() as u64 > MAX_CA_FILE {
        return Err(fail(format!("larger than {MAX_CA_FILE} bytes")));
    }
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail(format!("not PEM: {e}")))?;
    if certs.is_empty() {
        return Err(fail("no CERTIFICATE block".into()));
    }
    Ok(certs)
}

/// A connector trusting the Web PKI roots (webpki-roots) and `extra`.
pub(crate) fn connector(
    host: &str,
    extra: &[CertificateDer<'static>],
    ca_path: Option<&Path>,
) -> Result<TlsConnector, ImapError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for cert in extra {
        roots.add(cert.clone()).map_err(|e| ImapError::CaFile {
            path: ca_path.map(Path::to_path_buf).unwrap_or_default(),
            reason: e.to_string(),
        })?;
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::Tls {
            host: host.to_string(),
            reason: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The TLS handshake over `tcp`, the certificate checked against `host`.
pub(crate) async fn handshake(
    connector: &TlsConnector,
    host: &str,
    tcp: TcpStream,
    limit: Duration,
) -> Result<TlsStream<TcpStream>, ImapError> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| ImapError::Tls {
        host: host.to_string(),
        reason: e.to_string(),
    })?;
    match timeout(limit, connector.connect(name, tcp)).await {
        Err(_) => Err(ImapError::Timeout {
            host: host.to_string(),
            step: Step::Tls,
            seconds: whole_seconds(limit),
        }),
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(error)) => Err(tls_error(host, &error)),
    }
}

/// The handshake's `io::Error` as the precise [`ImapError`].
fn tls_error(host: &str, error: &std::io::Error) -> ImapError {
    let host = host.to_string();
    let Some(rustls_error) = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>())
    else {
        return match error.kind() {
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset => {
                ImapError::Closed {
                    host,
                    step: Step::Tls,
                }
            }
            _ => ImapError::Tls {
                host,
                reason: error.to_string(),
            },
        };
    };
    match rustls_error {
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => ImapError::CertificateName { host },
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            ImapError::CertificateUntrusted { host }
        }
        rustls::Error::InvalidCertificate(other) => ImapError::Certificate {
            host,
            reason: other.to_string(),
        },
        other => ImapError::Tls {
            host,
            reason: other.to_string(),
        },
    }
}

/// The plaintext part of an `imap://` session: greeting, `CAPABILITY`,
/// `STARTTLS` (RFC 3501 §6.2.1). Refuses a server that does not offer
/// STARTTLS, and one that sends anything after its `OK` (data injected
/// before TLS would otherwise be read as if it came over TLS).
pub(crate) async fn starttls(
    tcp: &mut TcpStream,
    host: &str,
    limit: Duration,
) -> Result<(), ImapError> {
    let mut lines = PlainLines {
        host,
        buf: Vec::new(),
        total: 0,
        limit,
    };
    let greeting = lines.next(tcp, Step::Greeting).await?;
    let (kind, text) = untagged_status(&greeting);
    match kind.as_deref() {
        Some("OK") => {}
        Some("BYE") | Some("PREAUTH") | None => {
            // PREAUTH on a plaintext connection: the server will not
            // accept STARTTLS any more (RFC 3501 §6.2.1 is valid in the
            // not-authenticated state only).
            return Err(ImapError::Greeting {
                host: host.to_string(),
                text: server_text(&greeting),
            });
        }
        Some(_) => {
            return Err(ImapError::Greeting {
                host: host.to_string(),
                text: server_text(text),
            });
        }
    }

    let step = Step::Command("CAPABILITY");
    send(tcp, host, b"S1 CAPABILITY\r\n", step).await?;
    let mut starttls = false;
    loop {
        let line = lines.next(tcp, step).await?;
        if let Some(rest) = strip_prefix_ci(&line, "* CAPABILITY ") {
            starttls |= rest.split(' ').any(|c| c.eq_ignore_ascii_case("STARTTLS"));
        } else if let Some(rest) = line.strip_prefix("S1 ") {
            tagged(host, "CAPABILITY", rest)?;
            break;
        }
    }
    if !starttls {
        return Err(ImapError::NoStartTls {
            host: host.to_string(),
        });
    }

    let step = Step::Command("STARTTLS");
    send(tcp, host, b"S2 STARTTLS\r\n", step).await?;
    loop {
        let line = lines.next(tcp, step).await?;
        if let Some(rest) = line.strip_prefix("S2 ") {
            tagged(host, "STARTTLS", rest)?;
            break;
        }
    }
    if !lines.buf.is_empty() {
        return Err(ImapError::StartTlsInjection {
            host: host.to_string(),
        });
    }
    Ok(())
}

/// `OK …` of a tagged answer, or its `NO`/`BAD` as an error.
fn tagged(host: &str, command: &'static str, rest: &str) -> Result<(), ImapError> {
    let (status, text) = rest.split_once(' ').unwrap_or((rest, ""));
    let text = server_text(text);
    let host = host.to_string();
    match status.to_ascii_uppercase().as_str() {
        "OK" => Ok(()),
        "NO" => Err(ImapError::No {
            host,
            command,
            text,
        }),
        _ => Err(ImapError::Bad {
            host,
            command,
            text,
        }),
    }
}

/// `* OK text` → (`OK`, `text`).
fn untagged_status(line: &str) -> (Option<String>, &str) {
    let Some(rest) = line.strip_prefix("* ") else {
        return (None, line);
    };
    let (word, text) = rest.split_once(' ').unwrap_or((rest, ""));
    (Some(word.to_ascii_uppercase()), text)
}

fn strip_prefix_ci<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

async fn send(tcp: &mut TcpStream, host: &str, line: &[u8], step: Step) -> Result<(), ImapError> {
    tcp.write_all(line).await.map_err(|_| ImapError::Closed {
        host: host.to_string(),
        step,
    })
}

/// Lines of the plaintext conversation, read in chunks; what follows the
/// last line taken stays in `buf` (it must be empty when TLS starts).
struct PlainLines<'a> {
    host: &'a str,
    buf: Vec<u8>,
    total: usize,
    limit: Duration,
}

impl PlainLines<'_> {
    async fn next(&mut self, tcp: &mut TcpStream, step: Step) -> Result<String, ImapError> {
        let host = self.host.to_string();
        match timeout(self.limit, self.read_line(tcp, step)).await {
            Ok(result) => result,
            Err(_) => Err(ImapError::Timeout {
                host,
                step,
                seconds: whole_seconds(self.limit),
            }),
        }
    }

    async fn read_line(&mut self, tcp: &mut TcpStream, step: Step) -> Result<String, ImapError> {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line: Vec<u8> = self.buf.drain(..end + 2).take(end).collect();
                return Ok(String::from_utf8_lossy(&line).into_owned());
            }
            if self.buf.len() > MAX_PLAIN_LINE || self.total > MAX_PLAIN_TOTAL {
                return Err(ImapError::Protocol {
                    host: self.host.to_string(),
                    step,
                    reason: format!("a line longer than {MAX_PLAIN_LINE} bytes before TLS"),
                });
            }
            let mut chunk = [0u8; 2048];
            let n = tcp.read(&mut chunk).await.map_err(|_| ImapError::Closed {
                host: self.host.to_string(),
                step,
            })?;
            if n == 0 {
                return Err(ImapError::Closed {
                    host: self.host.to_string(),
                    step,
                });
            }
            self.total += n;
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A scripted server: answers each line the client sends with the
    /// next canned reply.
    async fn scripted(replies: Vec<&'static [u8]>) -> (TcpStream, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut replies = replies.into_iter();
            if let Some(greeting) = replies.next() {
                s.write_all(greeting).await.unwrap();
            }
            let mut buf = [0u8; 512];
            for reply in replies {
                let _ = s.read(&mut buf).await;
                let _ = s.write_all(reply).await;
            }
            let _ = s.read(&mut buf).await;
        });
        (TcpStream::connect(addr).await.unwrap(), task)
    }

    const T: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn refuses_a_server_without_starttls() {
        let (mut tcp, _t) = scripted(vec![
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\nS1 OK done\r\n",
        ])
        .await;
        let e = starttls(&mut tcp, "h", T).await.unwrap_err();
        assert_eq!(e, ImapError::NoStartTls { host: "h".into() });
    }

    #[tokio::test]
    async fn refuses_data_injected_after_the_starttls_answer() {
        let (mut tcp, _t) = scripted(vec![
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 STARTTLS\r\nS1 OK done\r\n",
            b"S2 OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n",
        ])
        .await;
        let e = starttls(&mut tcp, "h", T).await.unwrap_err();
        assert_eq!(e, ImapError::StartTlsInjection { host: "h".into() });
    }

    #[tokio::test]
    async fn a_bye_greeting_and_a_refused_starttls_quote_the_server() {
        let (mut tcp, _t) = scripted(vec![b"* BYE too many connections\r\n"]).await;
        let e = starttls(&mut tcp, "h", T).await.unwrap_err();
        assert_eq!(
            e,
            ImapError::Greeting {
                host: "h".into(),
                text: "* BYE too many connections".into()
            }
        );
        let (mut tcp, _t) = scripted(vec![
            b"* OK ready\r\n",
            b"* capability imap4rev1 starttls\r\nS1 OK done\r\n",
            b"S2 NO [UNAVAILABLE] TLS \x1b[31mbroken\r\n",
        ])
        .await;
        let e = starttls(&mut tcp, "h", T).await.unwrap_err();
        assert_eq!(
            e.to_string(),
            "the IMAP server h refused STARTTLS: \"[UNAVAILABLE] TLS \\x1b[31mbroken\""
        );
    }

    #[tokio::test]
    async fn a_silent_server_is_a_timeout_naming_the_step() {
        let (mut tcp, _t) = scripted(vec![]).await;
        let e = starttls(&mut tcp, "h", Duration::from_millis(200))
            .await
            .unwrap_err();
        assert_eq!(
            e,
            ImapError::Timeout {
                host: "h".into(),
                step: Step::Greeting,
                seconds: 1
            }
        );
    }
}
