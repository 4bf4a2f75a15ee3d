//! The milter conversation on one connection (protocol version 6, as
//! Postfix's `milter8.c` and Sendmail's libmilter speak it): packets framed
//! by their length, each command handed to the [`Handler`], and an answer
//! written for each command the MTA waits on.
//!
//! On a unix socket the negotiation asks for no answer (`SMFIP_NR_*`) to
//! the commands whose answer is always "continue" — connect, HELO, MAIL
//! FROM, DATA and each header field — where the MTA offers it (on TCP
//! every command is answered: [`Handler::on_tcp`]), so the MTA does not wait a
//! round trip per header field, and SPF at MAIL FROM runs while the SMTP
//! client goes on to RCPT and DATA. The commands are still handled in
//! order; should one of them come to a verdict other than "continue"
//! (too many forged Authentication-Results fields), it is given as the
//! answer to the next command that is answered.

use std::io;
use std::time::Duration;

use bytes::{BufMut as _, BytesMut};
use miltr_common::ProtocolError;
use miltr_common::actions::Action;
use miltr_common::decoding::ClientCommand;
use miltr_common::encoding::{ServerMessage, Writable as _};
use miltr_common::optneg::{Capability, Protocol};
use miltr_server::Milter as _;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, BufReader};

use crate::handler::Handler;

/// The largest packet read or written, its length word excluded: what
/// Postfix and libmilter allow (64 KiB, `MILTER_CHUNK_SIZE` for bodies).
pub const MAX_PACKET: usize = 1 << 16;

/// The answers the milter asks the MTA not to wait for, when offered.
pub const NO_REPLY: Protocol = Protocol::NR_CONNECT
    .union(Protocol::NR_HELO)
    .union(Protocol::NR_MAIL)
    .union(Protocol::NR_RECIPIENT)
    .union(Protocol::NR_DATA)
    .union(Protocol::NR_UNKNOWN)
    .union(Protocol::NR_HEADER);

/// Why a connection ended other than by the MTA closing it or saying QUIT.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectionError {
    /// Reading from the MTA failed (a timeout included).
    #[error("reading from the MTA failed")]
    Read(#[source] io::Error),
    /// Writing an answer failed (a timeout included).
    #[error("writing to the MTA failed")]
    Write(#[source] io::Error),
    /// A packet begun was not whole within the deadline (seconds).
    #[error("a packet was not whole within {0} s")]
    Slow(u64),
    /// The connection ended inside a packet.
    #[error("the connection ended inside a packet")]
    Truncated,
    /// A packet's length word is over [`MAX_PACKET`] (or zero).
    #[error("a packet of {0} bytes (the limit is 65536)")]
    PacketSize(usize),
    /// A packet is not a command of the milter protocol.
    #[error("a packet that is not a milter command")]
    Malformed(#[source] ProtocolError),
    /// The option negotiation failed.
    #[error("the option negotiation failed")]
    Negotiation(#[source] miltr_server::Error<crate::handler::HandlerError>),
    /// An answer would not fit a packet.
    #[error("an answer of {0} bytes does not fit a packet")]
    AnswerTooLarge(usize),
    /// A command came before the option negotiation.
    #[error("a command before the option negotiation")]
    NotNegotiated,
    /// The MTA speaks a protocol version before 2.
    #[error("the MTA speaks milter protocol version {0}; 2 or later is needed (6 is current)")]
    Version(u32),
    /// The MTA does not allow an action the milter needs.
    #[error(
        "the MTA does not allow adding and changing header fields and quarantine \
         (actions {0:#x} allowed, {needed:#x} needed)",
        needed = crate::handler::ACTIONS.bits()
    )]
    Actions(u32),
}

/// Reads the next packet; `None` when the MTA closed the connection
/// between packets. A packet begun must be whole within `deadline`: a
/// peer sending a byte now and then does not hold the connection (the
/// idle timeout alone restarts at every byte).
async fn read_packet<R: AsyncRead + Unpin>(
    reader: &mut R,
    deadline: Duration,
) -> Result<Option<BytesMut>, ConnectionError> {
    let mut first = [0u8; 1];
    let n = reader
        .read(&mut first)
        .await
        .map_err(ConnectionError::Read)?;
    if n == 0 {
        return Ok(None);
    }
    tokio::time::timeout(deadline, read_rest(reader, first[0]))
        .await
        .map_err(|_| ConnectionError::Slow(deadline.as_secs()))?
        .map(Some)
}

/// The rest of a packet whose first octet is `first`.
async fn read_rest<R: AsyncRead + Unpin>(
    reader: &mut R,
    first: u8,
) -> Result<BytesMut, ConnectionError> {
    let mut length = [first, 0, 0, 0];
    reader
        .read_exact(&mut length[1..])
        .await
        .map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => ConnectionError::Truncated,
            _ => ConnectionError::Read(e),
        })?;
    let length = usize::try_from(u32::from_be_bytes(length)).unwrap_or(usize::MAX);
    if length == 0 || length > MAX_PACKET {
        return Err(ConnectionError::PacketSize(length));
    }
    let mut packet = BytesMut::zeroed(length);
    reader
        .read_exact(&mut packet)
        .await
        .map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => ConnectionError::Truncated,
            _ => ConnectionError::Read(e),
        })?;
    Ok(packet)
}

/// Appends `message` to `out` as a packet.
fn frame(message: &ServerMessage, out: &mut BytesMut) -> Result<(), ConnectionError> {
    let length = message.len().saturating_add(1);
    if length > MAX_PACKET {
        return Err(ConnectionError::AnswerTooLarge(length));
    }
    let word = u32::try_from(length).map_err(|_| ConnectionError::AnswerTooLarge(length))?;
    out.reserve(4 + length);
    out.put_u32(word);
    out.put_u8(message.code());
    message.write(out);
    Ok(())
}

/// Writes what `out` holds and empties it.
async fn flush<W: AsyncWrite + Unpin>(
    writer: &mut W,
    out: &mut BytesMut,
) -> Result<(), ConnectionError> {
    writer
        .write_all(out)
        .await
        .map_err(ConnectionError::Write)?;
    writer.flush().await.map_err(ConnectionError::Write)?;
    out.clear();
    Ok(())
}

/// An answer to a command, or none when the negotiation made it a
/// no-reply command; a verdict other than "continue" then waits for the
/// next answered command.
struct Answers {
    /// The options agreed (none before the negotiation).
    protocol: Protocol,
    /// The actions the MTA takes modifications of.
    capabilities: Capability,
    /// A verdict reached by a command that is not answered.
    pending: Option<Action>,
}

impl Answers {
    /// The answer to send for a command whose handler said `action`, if
    /// the MTA waits for one (`silent`: it does not).
    fn answer(&mut self, action: Action, silent: bool) -> Option<Action> {
        if silent {
            if !matches!(action, Action::Continue(_)) && self.pending.is_none() {
                self.pending = Some(action);
            }
            return None;
        }
        Some(self.pending.take().unwrap_or(action))
    }
}

/// Runs the conversation on `stream` until the MTA closes it or says QUIT.
///
/// # Errors
///
/// A read or write that fails or times out, a packet over 64 KiB, one that
/// is not a milter command, or a failed negotiation: the connection is
/// then dropped (the MTA applies its `milter_default_action` to the
/// message in progress).
pub async fn converse<S>(
    handler: &mut Handler<'_>,
    stream: S,
    packet_deadline: Duration,
) -> Result<(), ConnectionError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut stream = BufReader::with_capacity(16 * 1024, stream);
    let mut out = BytesMut::with_capacity(1024);
    let mut answers = Answers {
        protocol: Protocol::empty(),
        capabilities: Capability::all(),
        pending: None,
    };
    let mut negotiated = false;
    while let Some(packet) = read_packet(&mut stream, packet_deadline).await? {
        let command = ClientCommand::parse(packet).map_err(ConnectionError::Malformed)?;
        if !negotiated && !matches!(command, ClientCommand::OptNeg(_)) {
            return Err(ConnectionError::NotNegotiated);
        }
        // Each command the MTA may wait on, with the option that says it
        // does not.
        let (no_reply, result) = match command {
            ClientCommand::Connect(c) => (Protocol::NR_CONNECT, handler.connect(c).await),
            ClientCommand::Helo(h) => (Protocol::NR_HELO, handler.helo(h).await),
            ClientCommand::Mail(m) => (Protocol::NR_MAIL, handler.mail(m).await),
            ClientCommand::Recipient(r) => (Protocol::NR_RECIPIENT, handler.rcpt(r).await),
            ClientCommand::Data(_) => (Protocol::NR_DATA, handler.data().await),
            ClientCommand::Unknown(u) => (Protocol::NR_UNKNOWN, handler.unknown(u).await),
            ClientCommand::Header(h) => (Protocol::NR_HEADER, handler.header(h).await),
            ClientCommand::EndOfHeader(_) => {
                (Protocol::NR_END_OF_HEADER, handler.end_of_header().await)
            }
            ClientCommand::Body(b) => (Protocol::NR_BODY, handler.body(b).await),
            ClientCommand::OptNeg(theirs) => {
                // As libmilter: version 2 at least, and every action asked
                // for allowed.
                if theirs.version < 2 {
                    return Err(ConnectionError::Version(theirs.version));
                }
                if !theirs.capabilities.contains(crate::handler::ACTIONS) {
                    return Err(ConnectionError::Actions(theirs.capabilities.bits()));
                }
                let ours = handler
                    .option_negotiation(theirs)
                    .await
                    .map_err(ConnectionError::Negotiation)?;
                negotiated = true;
                answers.protocol = ours.protocol;
                answers.capabilities = ours.capabilities;
                frame(&ours.into(), &mut out)?;
                flush(&mut stream, &mut out).await?;
                continue;
            }
            ClientCommand::Macro(macros) => {
                let Ok(()) = handler.macro_(macros).await;
                continue;
            }
            ClientCommand::EndOfBody(_) => {
                let Ok(mut response) = handler.end_of_body().await;
                if let Some(verdict) = answers.pending.take() {
                    // A refusal reached earlier stands; the changes of an
                    // accepted message are not made.
                    frame(&verdict.into(), &mut out)?;
                } else {
                    response.filter_mods_by_caps(answers.capabilities);
                    let messages: Vec<ServerMessage> = response.into();
                    for message in &messages {
                        frame(message, &mut out)?;
                    }
                }
                flush(&mut stream, &mut out).await?;
                continue;
            }
            ClientCommand::Abort(_) => {
                let Ok(()) = handler.abort().await;
                answers.pending = None;
                continue;
            }
            ClientCommand::Quit(_) => {
                let Ok(()) = handler.quit().await;
                return Ok(());
            }
            ClientCommand::QuitNc(_) => {
                let Ok(()) = handler.quit_nc().await;
                answers.pending = None;
                continue;
            }
        };
        let Ok(action) = result;
        let silent = answers.protocol.contains(no_reply);
        if let Some(action) = answers.answer(action, silent) {
            frame(&action.into(), &mut out)?;
            flush(&mut stream, &mut out).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use miltr_common::actions::{Continue, Reject, Skip};

    #[test]
    fn a_verdict_without_an_answer_waits_for_the_next_answer() {
        let mut answers = Answers {
            protocol: NO_REPLY,
            capabilities: Capability::all(),
            pending: None,
        };
        assert!(answers.answer(Continue.into(), true).is_none());
        assert!(answers.answer(Reject.into(), true).is_none());
        // A later "continue" does not undo it.
        assert!(answers.answer(Continue.into(), true).is_none());
        assert!(matches!(
            answers.answer(Skip.into(), false),
            Some(Action::Reject(_))
        ));
        assert!(matches!(
            answers.answer(Continue.into(), false),
            Some(Action::Continue(_))
        ));
    }

    const SECOND: Duration = Duration::from_secs(1);

    #[tokio::test]
    async fn packets_are_read_whole_and_bounded() {
        let mut two = &b"\x00\x00\x00\x01Q\x00\x00\x00\x02Ca"[..];
        assert_eq!(
            read_packet(&mut two, SECOND).await.unwrap().unwrap(),
            &b"Q"[..]
        );
        assert_eq!(
            read_packet(&mut two, SECOND).await.unwrap().unwrap(),
            &b"Ca"[..]
        );
        assert!(read_packet(&mut two, SECOND).await.unwrap().is_none());
        for (bad, what) in [
            (&b"\x00\x00"[..], "a cut length"),
            (&b"\x00\x00\x00\x05Q"[..], "a cut packet"),
        ] {
            let mut r = bad;
            assert!(
                matches!(
                    read_packet(&mut r, SECOND).await,
                    Err(ConnectionError::Truncated)
                ),
                "{what}"
            );
        }
        for bad in [
            &b"\x00\x00\x00\x00"[..],
            &b"\x00\x01\x00\x01"[..],
            &b"\xff\xff\xff\xff"[..],
        ] {
            let mut r = bad;
            assert!(matches!(
                read_packet(&mut r, SECOND).await,
                Err(ConnectionError::PacketSize(_))
            ));
        }
    }

    /// A packet begun and then left unfinished ends at the deadline,
    /// though bytes keep coming.
    #[tokio::test]
    async fn a_packet_dripped_a_byte_at_a_time_is_cut_off() {
        let (mut client, mut server) = tokio::io::duplex(64);
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt as _;
            for byte in b"\x00\x00\x01\x00Lname".iter().cycle() {
                if client.write_all(&[*byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        let read = read_packet(&mut server, SECOND).await;
        assert!(matches!(read, Err(ConnectionError::Slow(1))), "{read:?}");
    }
}
