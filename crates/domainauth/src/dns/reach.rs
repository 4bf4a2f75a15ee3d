//! Whether the resolver's own servers answer at all.
//!
//! A timeout or SERVFAIL usually concerns the domain asked about: its name
//! servers are down or broken, and SPF, DKIM and DMARC say `temperror`
//! (RFC 7208 §2.6.6, RFC 6376 §6.1.2, RFC 7489 §6.6.3). When the resolver
//! itself — the server given with `--resolver`, or those of
//! `/etc/resolv.conf` — answers nothing at all, no domain is at fault and
//! nothing can be checked: [`ResolverUnreachable`] says so, and names the
//! servers.
//!
//! [`HickoryResolver`](super::HickoryResolver) tells the two apart with a
//! probe: until a server has answered anything, each query is sent together
//! with a query for the root's NS records (RFC 1035 §4.1; every resolver
//! answers it from its root hints) over a connected UDP socket, on which the
//! operating system reports an ICMP port unreachable as "connection
//! refused" at once. Any response — an answer, NXDOMAIN, SERVFAIL, REFUSED —
//! shows the server alive, and the query's own failure stays about the
//! domain. No response to the probe either means the resolver is
//! unreachable: that query and every later one fail at once with
//! [`DnsError::Unreachable`](super::DnsError::Unreachable), without waiting
//! for timeouts, so a dead resolver costs one timeout, and a refused port
//! none.

use std::fmt;
use std::net::SocketAddr;

/// Why the resolver's servers are taken as unreachable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnreachableCause {
    /// The network said no at once: nothing listens on that address and
    /// port (ICMP port unreachable, seen as "connection refused").
    Refused,
    /// The query could not be sent (no route to the address, network down).
    Network {
        /// What the operating system said.
        reason: String,
    },
    /// No response at all within the resolver's timeout.
    Silent {
        /// How long the probe waited, in milliseconds.
        waited_ms: u64,
    },
}

impl fmt::Display for UnreachableCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused => f.write_str("refused the query (nothing listens there)"),
            Self::Network { reason } => write!(f, "cannot be reached ({reason})"),
            Self::Silent { waited_ms } => write!(f, "did not answer within {waited_ms} ms"),
        }
    }
}

/// The DNS servers a resolver asks answered no query at all: the resolver,
/// not any domain, is at fault, and no lookup can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("the DNS server {} {cause}", servers_text(.servers))]
#[non_exhaustive]
pub struct ResolverUnreachable {
    /// The servers asked (address and port), none of which answered.
    pub servers: Vec<SocketAddr>,
    /// Why: refused at once, unreachable, or silent.
    pub cause: UnreachableCause,
}

impl ResolverUnreachable {
    /// For a [`Resolver`](super::Resolver) that finds its servers
    /// unreachable ([`Resolver::unreachable`](super::Resolver::unreachable)).
    pub fn new(servers: Vec<SocketAddr>, cause: UnreachableCause) -> Self {
        Self { servers, cause }
    }

    /// The servers, comma-separated, for a message.
    pub fn servers_text(&self) -> String {
        servers_text(&self.servers)
    }
}

fn servers_text(servers: &[SocketAddr]) -> String {
    servers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(feature = "hickory")]
pub(crate) use probe::{Belief, Reach};

#[cfg(feature = "hickory")]
mod probe {
    use std::hash::BuildHasher;
    use std::io;
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    use tokio::net::UdpSocket;

    use super::{ResolverUnreachable, UnreachableCause};

    /// How long a sign of life, or of death, is believed. Afterwards the
    /// next query probes again: a long-running process sees a resolver
    /// come back, or go away.
    const BELIEVED_FOR: Duration = Duration::from_secs(30);

    /// What is known about the servers.
    #[derive(Debug, Clone)]
    pub(crate) enum Belief {
        /// A server answered recently.
        Alive,
        /// The servers were found unreachable recently.
        Dead(ResolverUnreachable),
        /// Nothing recent: probe.
        Unknown,
    }

    #[derive(Debug, Default)]
    struct State {
        last_response: Option<Instant>,
        dead: Option<(Instant, ResolverUnreachable)>,
    }

    /// The reachability of one resolver's servers (see the module
    /// documentation).
    #[derive(Debug)]
    pub(crate) struct Reach {
        /// The servers' UDP addresses; empty when they cannot be probed
        /// (only encrypted transports): then they are taken as alive.
        servers: Vec<SocketAddr>,
        timeout: Duration,
        sends: usize,
        state: Mutex<State>,
        /// One probe at a time; the others wait for its result.
        probing: tokio::sync::Mutex<()>,
    }

    impl Reach {
        /// `sends` probe datagrams per server, spread over `timeout`.
        pub(crate) fn new(servers: Vec<SocketAddr>, timeout: Duration, sends: usize) -> Self {
            Self {
                servers,
                timeout,
                sends: sends.max(1),
                state: Mutex::new(State::default()),
                probing: tokio::sync::Mutex::new(()),
            }
        }

        /// What is believed now.
        pub(crate) fn belief(&self) -> Belief {
            let Ok(state) = self.state.lock() else {
                return Belief::Unknown;
            };
            let fresh = |at: &Instant| at.elapsed() < BELIEVED_FOR;
            if state.last_response.as_ref().is_some_and(fresh) {
                return Belief::Alive;
            }
            match &state.dead {
                Some((at, u)) if fresh(at) => Belief::Dead(u.clone()),
                _ => Belief::Unknown,
            }
        }

        /// A server answered (anything).
        pub(crate) fn answered(&self) {
            if let Ok(mut state) = self.state.lock() {
                state.last_response = Some(Instant::now());
                state.dead = None;
            }
        }

        /// The current verdict: `Some` when the servers are unreachable.
        pub(crate) fn unreachable(&self) -> Option<ResolverUnreachable> {
            match self.belief() {
                Belief::Dead(u) => Some(u),
                Belief::Alive | Belief::Unknown => None,
            }
        }

        /// Probes the servers unless something recent is known; one probe
        /// runs at a time and the others share its result.
        pub(crate) async fn check(&self) -> Option<ResolverUnreachable> {
            let _one = self.probing.lock().await;
            match self.belief() {
                Belief::Alive => return None,
                Belief::Dead(u) => return Some(u),
                Belief::Unknown => {}
            }
            if self.servers.is_empty() {
                return None;
            }
            let outcomes = futures_util::future::join_all(
                self.servers
                    .iter()
                    .map(|&server| probe(server, self.timeout, self.sends)),
            )
            .await;
            let cause = if outcomes.iter().any(|o| matches!(o, Outcome::Answered)) {
                self.answered();
                return None;
            } else if outcomes.iter().all(|o| matches!(o, Outcome::Refused)) {
                UnreachableCause::Refused
            } else if let Some(Outcome::Failed(reason)) =
                outcomes.iter().find(|o| matches!(o, Outcome::Failed(_)))
            {
                UnreachableCause::Network {
                    reason: reason.clone(),
                }
            } else {
                UnreachableCause::Silent {
                    waited_ms: u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
                }
            };
            let unreachable = ResolverUnreachable {
                servers: self.servers.clone(),
                cause,
            };
            if let Ok(mut state) = self.state.lock() {
                state.dead = Some((Instant::now(), unreachable.clone()));
            }
            Some(unreachable)
        }
    }

    enum Outcome {
        Answered,
        Refused,
        Failed(String),
        Silent,
    }

    /// A query for the root's NS records (RFC 1035 §4.1.1 header with RD
    /// set and one question, §4.1.2 question: the root name, type NS = 2,
    /// class IN = 1).
    fn root_ns_query(id: u16) -> [u8; 17] {
        let [hi, lo] = id.to_be_bytes();
        [
            hi, lo, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, // header
            0, 0, 2, 0, 1, // question
        ]
    }

    /// Sends the probe to `server` `sends` times spread over `timeout`, and
    /// waits until `timeout` for any response with its ID (RFC 1035 §4.1.1:
    /// QR set).
    async fn probe(server: SocketAddr, timeout: Duration, sends: usize) -> Outcome {
        let local: SocketAddr = if server.is_ipv4() {
            (Ipv4Addr::UNSPECIFIED, 0).into()
        } else {
            (Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let failed = |e: io::Error| match e.kind() {
            io::ErrorKind::ConnectionRefused => Outcome::Refused,
            _ => Outcome::Failed(e.to_string()),
        };
        let socket = match UdpSocket::bind(local).await {
            Ok(s) => s,
            Err(e) => return failed(e),
        };
        // Connected: the kernel reports ICMP errors for this peer.
        if let Err(e) = socket.connect(server).await {
            return failed(e);
        }
        // Any ID will do: the answer's content is not used.
        let id = std::collections::hash_map::RandomState::new().hash_one(server) as u16;
        let query = root_ns_query(id);
        let start = tokio::time::Instant::now();
        let step = timeout / u32::try_from(sends).unwrap_or(1);
        let mut buf = [0u8; 512];
        for n in 1..=sends {
            if let Err(e) = socket.send(&query).await {
                return failed(e);
            }
            let until = if n == sends {
                start + timeout
            } else {
                start + step * u32::try_from(n).unwrap_or(1)
            };
            loop {
                match tokio::time::timeout_at(until, socket.recv(&mut buf)).await {
                    Ok(Ok(len)) => {
                        if len >= 12 && buf[..2] == id.to_be_bytes() && buf[2] & 0x80 != 0 {
                            return Outcome::Answered;
                        }
                    }
                    Ok(Err(e)) => return failed(e),
                    Err(_) => break,
                }
            }
        }
        Outcome::Silent
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_probe_is_a_root_ns_query() {
            // RFC 1035 §4.1: ID, flags (RD), QDCOUNT 1, then the root name,
            // QTYPE NS (2), QCLASS IN (1).
            assert_eq!(
                root_ns_query(0xabcd),
                [0xab, 0xcd, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]
            );
        }
    }
}
