//! A milter client as Postfix drives the milter, shared by the tests:
//! protocol version 6, every action, header values with their leading
//! space, continuation lines after LF.

#![allow(dead_code)]

use domainauth::mail::Message;
use miltr_client::{Client, Connection};
use miltr_common::commands::{Connect, Family, Header};
use miltr_common::modifications::{ModificationAction, ModificationResponse};
use miltr_common::optneg::{Capability, OptNeg, Protocol};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpStream, UnixStream};
use tokio_util::compat::{Compat, TokioAsyncReadCompatExt as _};

/// What Postfix offers (milter8.c, `MILTER8_V6_PROTO_MASK`): version 6,
/// every action, every protocol option — commands left out (`SMFIP_NO*`),
/// answers not waited for (`SMFIP_NR_*`), the leading space — of which
/// the milter picks what it wants.
pub fn postfix_options() -> OptNeg {
    OptNeg {
        capabilities: Capability::all(),
        protocol: Protocol::all(),
        ..OptNeg::default()
    }
}

/// What an MTA without the options of protocol 6 offers (Sendmail before
/// 8.14): every command answered (no `SMFIP_NR_*`), the body sent whole
/// (no `SMFIP_SKIP`).
pub fn answering_options() -> OptNeg {
    OptNeg {
        capabilities: Capability::all(),
        protocol: Protocol::SMFIP_HDR_LEADSPC | Protocol::NO_RECIPIENT | Protocol::NO_UNKNOWN,
        ..OptNeg::default()
    }
}

/// A connection to the milter on 127.0.0.1:`port` negotiated with
/// `options`, the client at `ip` said HELO `helo`.
pub async fn open(
    port: u16,
    options: OptNeg,
    ip: &str,
    helo: &str,
) -> Connection<Compat<TcpStream>> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    open_via(tcp, options, ip, helo).await
}

/// The same on the milter's unix socket at `path`.
pub async fn open_unix(
    path: &std::path::Path,
    options: OptNeg,
    ip: &str,
    helo: &str,
) -> Connection<Compat<UnixStream>> {
    let stream = UnixStream::connect(path).await.unwrap();
    open_via(stream, options, ip, helo).await
}

/// The same over `stream`.
pub async fn open_via<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    options: OptNeg,
    ip: &str,
    helo: &str,
) -> Connection<Compat<S>> {
    let mut c = Client::new(options)
        .connect_via(stream.compat())
        .await
        .expect("negotiated");
    c.connect(Connect::new(
        b"client.example",
        Family::Inet,
        Some(25),
        ip.as_bytes(),
    ))
    .await
    .unwrap();
    c.helo(helo.as_bytes()).await.unwrap();
    c
}

/// The header fields of `message` as Postfix passes them: the value after
/// the colon, continuation lines after LF, no final line break.
pub async fn headers<S: AsyncRead + AsyncWrite + Unpin>(
    c: &mut Connection<Compat<S>>,
    message: &Message<'_>,
) {
    for field in message.fields() {
        let value: Vec<u8> = field
            .value
            .iter()
            .copied()
            .filter(|&b| b != b'\r')
            .collect();
        let value = value.strip_suffix(b"\n").unwrap_or(&value).to_vec();
        c.header(Header::new(field.name.as_bytes(), &value))
            .await
            .unwrap();
    }
}

/// One message through the milter as Postfix passes it.
pub async fn send(
    port: u16,
    ip: &str,
    helo: &str,
    mail_from: &str,
    raw: &[u8],
) -> ModificationResponse {
    let mut c = open(port, postfix_options(), ip, helo).await;
    c.mail(format!("<{mail_from}>").as_bytes()).await.unwrap();
    // Beyond the library's field limit too: the milter sees what the MTA sends.
    let message = Message::parse_with_limit(raw, 10_000).unwrap();
    headers(&mut c, &message).await;
    c.end_of_header().await.unwrap();
    for chunk in message.body().chunks(65535) {
        // SMFIR_SKIP: the milter needs no more of the body, the MTA goes
        // on to the end of the message (miltr-client reports it as an
        // unexpected answer).
        match c.body(chunk).await {
            Ok(()) => {}
            Err(miltr_client::ResponseError::Unexpected(
                miltr_common::decoding::ServerCommand::Skip(_),
            )) => break,
            Err(e) => panic!("body: {e:?}"),
        }
    }
    c.end_of_body()
        .await
        .expect("an answer at the end of the message")
}

/// The values of the fields named `name` the milter inserted.
pub fn inserted(r: &ModificationResponse, name: &str) -> Vec<String> {
    r.modifications()
        .iter()
        .filter_map(|m| match m {
            ModificationAction::InsertHeader(h) if h.name() == name => Some(h.value().into_owned()),
            _ => None,
        })
        .collect()
}

/// A new key of `algorithm` written to `dir/name` as the milter wants it:
/// PKCS#8 PEM, readable by its owner only.
pub fn key_file(
    dir: &std::path::Path,
    name: &str,
    algorithm: domainauth::dkim::Algorithm,
) -> (std::path::PathBuf, domainauth::dkim::SigningKey) {
    use std::os::unix::fs::PermissionsExt as _;
    let key = domainauth::dkim::SigningKey::generate(algorithm, 2048).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, key.to_pkcs8_pem().unwrap()).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    (path, key)
}
