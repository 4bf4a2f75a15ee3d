//! A real authoritative DNS server on 127.0.0.1 for end-to-end tests.
//!
//! It is hickory-server's catalog and in-memory zone (UDP and TCP on the
//! same port), serving the records of a [`ZoneResolver`] as one root zone,
//! wrapped in a handler that injects faults per query name; and
//! [`SilentServer`], a socket that answers nothing, for a resolver that is
//! not there.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use domainauth::dns::{Fault, ZoneEntry, ZoneResolver, name_from_labels, query_labels};
use hickory_proto::op::{Header, HeaderCounts, Metadata, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, PTR, SOA, TXT};
use hickory_proto::rr::{LowerName, Name, RData, Record};
use hickory_server::Server;
use hickory_server::net::runtime::{Time, TokioRuntimeProvider};
use hickory_server::net::xfer::Protocol;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, MessageResponseBuilder, ZoneType};

/// A fault injected for every query of one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerFault {
    /// Answer correctly, after this delay.
    Delay(Duration),
    /// Answer SERVFAIL.
    ServFail,
    /// Do not answer at all (the client times out).
    NoAnswer,
    /// Answer the types the name has (or its CNAME) and never answer the
    /// others, as some broken servers do for TXT or AAAA: the offline
    /// [`Fault::TimeoutWithoutData`].
    NoAnswerWithoutData,
    /// Over UDP, answer with the TC bit and no records, so the client must
    /// retry over TCP, where the full answer is given.
    Truncate,
}

type Faults = Arc<RwLock<HashMap<String, ServerFault>>>;

struct FaultyCatalog {
    catalog: Catalog,
    faults: Faults,
    /// The record types each name holds, for [`ServerFault::NoAnswerWithoutData`].
    types: HashMap<String, Vec<u16>>,
    queries: Arc<AtomicUsize>,
    probes: Arc<AtomicUsize>,
    /// Microseconds every answer waits ([`TestDnsServer::set_delay`]).
    delay_us: Arc<AtomicU64>,
}

#[async_trait::async_trait]
impl RequestHandler for FaultyCatalog {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        mut response_handle: R,
    ) -> ResponseInfo {
        let query = request.queries.queries().first();
        if query.is_some_and(|q| q.name().is_root()) {
            self.probes.fetch_add(1, Ordering::SeqCst);
        } else {
            self.queries.fetch_add(1, Ordering::SeqCst);
            let delay = self.delay_us.load(Ordering::SeqCst);
            if delay > 0 {
                tokio::time::sleep(Duration::from_micros(delay)).await;
            }
        }
        let name = query.and_then(|q| name_from_labels(q.name().iter()));
        let fault = name
            .as_ref()
            .and_then(|n| self.faults.read().ok()?.get(n).copied());
        let no_send = || {
            ResponseInfo::from(Header {
                metadata: Metadata::response_from_request(&request.metadata),
                counts: HeaderCounts::default(),
            })
        };
        match fault {
            Some(ServerFault::Delay(d)) => tokio::time::sleep(d).await,
            Some(ServerFault::ServFail) => {
                let response = MessageResponseBuilder::from_message_request(request)
                    .error_msg(&request.metadata, ResponseCode::ServFail);
                return response_handle
                    .send_response(response)
                    .await
                    .unwrap_or_else(|_| no_send());
            }
            Some(ServerFault::NoAnswer) => return no_send(),
            Some(ServerFault::NoAnswerWithoutData) => {
                let held = name.as_ref().and_then(|n| self.types.get(n));
                let asked = query.map(|q| u16::from(q.query_type()));
                let answered = held.is_some_and(|types| {
                    types.iter().any(|&t| Some(t) == asked || t == CNAME_TYPE)
                });
                if !answered {
                    return no_send();
                }
            }
            Some(ServerFault::Truncate) if request.protocol() == Protocol::Udp => {
                let mut metadata = Metadata::response_from_request(&request.metadata);
                metadata.truncation = true;
                metadata.authoritative = true;
                let response = MessageResponseBuilder::from_message_request(request)
                    .build_no_records(metadata);
                return response_handle
                    .send_response(response)
                    .await
                    .unwrap_or_else(|_| no_send());
            }
            Some(ServerFault::Truncate) | None => {}
        }
        self.catalog
            .handle_request::<R, T>(request, response_handle)
            .await
    }
}

/// The DNS name for one of the zone's names, from its raw labels as the
/// resolver builds its queries (any octet, RFC 2181 §11).
fn name(text: &str) -> Option<Name> {
    let labels = query_labels(text).ok()?;
    Name::from_labels(labels.iter().map(|l| l.as_ref())).ok()
}

const CNAME_TYPE: u16 = 5;

/// The record type number of a zone entry.
fn type_code(entry: &ZoneEntry) -> u16 {
    match entry {
        ZoneEntry::A(_) => 1,
        ZoneEntry::Aaaa(_) => 28,
        ZoneEntry::Txt(_) => 16,
        ZoneEntry::Mx(_) => 15,
        ZoneEntry::Ptr(_) => 12,
        ZoneEntry::Cname(_) => CNAME_TYPE,
        ZoneEntry::Other(code) => *code,
    }
}

fn to_record(owner: &str, entry: &ZoneEntry) -> Option<Record> {
    let owner = name(owner)?;
    let rdata = match entry {
        ZoneEntry::A(a) => RData::A(A(*a)),
        ZoneEntry::Aaaa(a) => RData::AAAA(AAAA(*a)),
        ZoneEntry::Txt(t) => RData::TXT(TXT::from_bytes(
            t.strings.iter().map(Vec::as_slice).collect(),
        )),
        ZoneEntry::Mx(m) => RData::MX(MX::new(
            m.preference,
            name(&m.exchange).unwrap_or_else(Name::root),
        )),
        ZoneEntry::Ptr(p) => RData::PTR(PTR(name(p)?)),
        ZoneEntry::Cname(c) => RData::CNAME(CNAME(name(c)?)),
        ZoneEntry::Other(_) => return None,
    };
    Some(Record::from_rdata(owner, 60, rdata))
}

/// A running server; stops when dropped.
pub struct TestDnsServer {
    addr: SocketAddr,
    faults: Faults,
    delay_us: Arc<AtomicU64>,
    queries: Arc<AtomicUsize>,
    probes: Arc<AtomicUsize>,
    skipped: Vec<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestDnsServer {
    /// Serves `zone`'s records; its faults become [`ServerFault::NoAnswer`]
    /// (timeout), [`ServerFault::NoAnswerWithoutData`] and
    /// [`ServerFault::ServFail`].
    pub fn start(zone: &ZoneResolver) -> io::Result<Self> {
        Self::start_on(zone, None)
    }

    /// The same on a given address (UDP and TCP), e.g. 127.0.0.1:53 for
    /// programs that only ask port 53; `None` takes a free port of
    /// 127.0.0.1.
    pub fn start_on(zone: &ZoneResolver, at: Option<SocketAddr>) -> io::Result<Self> {
        let mut handler = InMemoryZoneHandler::<TokioRuntimeProvider>::empty(
            Name::root(),
            ZoneType::Primary,
            AxfrPolicy::Deny,
        );
        let soa = SOA::new(
            Name::from_ascii("ns.test.").map_err(io::Error::other)?,
            Name::from_ascii("hostmaster.test.").map_err(io::Error::other)?,
            1,
            3600,
            600,
            86400,
            60,
        );
        handler.upsert_mut(Record::from_rdata(Name::root(), 60, RData::SOA(soa)), 1);
        let mut skipped = Vec::new();
        let mut types: HashMap<String, Vec<u16>> = HashMap::new();
        for (owner, entry) in zone.entries() {
            types
                .entry(owner.to_string())
                .or_default()
                .push(type_code(&entry));
            match to_record(owner, &entry) {
                Some(record) => {
                    handler.upsert_mut(record, 1);
                }
                None if matches!(entry, ZoneEntry::Other(_)) => {}
                None => skipped.push(format!("{owner} {entry:?}")),
            }
        }
        let mut catalog = Catalog::new();
        catalog.upsert(LowerName::from(Name::root()), vec![Arc::new(handler)]);
        let faults: Faults = Arc::new(RwLock::new(
            zone.faults()
                .map(|(n, f)| {
                    let f = match f {
                        Fault::Timeout => ServerFault::NoAnswer,
                        Fault::TimeoutWithoutData => ServerFault::NoAnswerWithoutData,
                        Fault::ServFail => ServerFault::ServFail,
                    };
                    (n.to_string(), f)
                })
                .collect(),
        ));
        let queries = Arc::new(AtomicUsize::new(0));
        let probes = Arc::new(AtomicUsize::new(0));
        let delay_us = Arc::new(AtomicU64::new(0));
        let handler = FaultyCatalog {
            catalog,
            faults: faults.clone(),
            types,
            queries: queries.clone(),
            probes: probes.clone(),
            delay_us: delay_us.clone(),
        };
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("test-dns".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = addr_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let bound = match at {
                        Some(at) => bind_at(at).await,
                        None => bind_pair().await,
                    };
                    let (udp, tcp) = match bound {
                        Ok(pair) => pair,
                        Err(e) => {
                            let _ = addr_tx.send(Err(e));
                            return;
                        }
                    };
                    let addr = udp.local_addr();
                    let mut server = Server::new(handler);
                    server.register_socket(udp);
                    server.register_listener(tcp, Duration::from_secs(5), 65535);
                    let _ = addr_tx.send(addr);
                    let _ = stop_rx.await;
                    let _ = server.shutdown_gracefully().await;
                });
            })?;
        let addr = addr_rx.recv().map_err(io::Error::other)??;
        Ok(Self {
            addr,
            faults,
            delay_us,
            queries,
            probes,
            skipped,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Where the server listens (UDP and TCP).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Injects (or replaces) a fault for every query of `name`.
    pub fn set_fault(&self, name: &str, fault: ServerFault) {
        if let Ok(mut f) = self.faults.write() {
            f.insert(name.trim_end_matches('.').to_ascii_lowercase(), fault);
        }
    }

    /// Makes every answer (but those of the root probes) wait `delay`
    /// first, as a distant server's would: the latency of benchmarks. The
    /// answers wait side by side, so questions sent together still take
    /// one delay; a per-name [`ServerFault::Delay`] adds to it.
    pub fn set_delay(&self, delay: Duration) {
        let micros = u64::try_from(delay.as_micros()).unwrap_or(u64::MAX);
        self.delay_us.store(micros, Ordering::SeqCst);
    }

    /// Removes the fault of `name`: its queries are answered again.
    pub fn clear_fault(&self, name: &str) {
        if let Ok(mut f) = self.faults.write() {
            f.remove(&name.trim_end_matches('.').to_ascii_lowercase());
        }
    }

    /// Queries received so far (over UDP and TCP) for names other than
    /// the root: the questions a resolver asked for its callers.
    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::SeqCst)
    }

    /// Queries received for the root name: the probes a resolver sends to
    /// see whether the server answers at all (`domainauth::dns::ResolverUnreachable`).
    pub fn probes(&self) -> usize {
        self.probes.load(Ordering::SeqCst)
    }

    /// Records of the zone that have no DNS wire form (an empty label, a
    /// label over 63 octets).
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }
}

impl Drop for TestDnsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Binds UDP and TCP on the same free port of 127.0.0.1.
async fn bind_at(at: SocketAddr) -> io::Result<(tokio::net::UdpSocket, tokio::net::TcpListener)> {
    let udp = tokio::net::UdpSocket::bind(at).await?;
    let tcp = tokio::net::TcpListener::bind(at).await?;
    Ok((udp, tcp))
}

async fn bind_pair() -> io::Result<(tokio::net::UdpSocket, tokio::net::TcpListener)> {
    let mut last = None;
    for _ in 0..20 {
        let udp = tokio::net::UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let port = udp.local_addr()?.port();
        match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free port")))
}

/// A UDP socket on 127.0.0.1 that reads every datagram and answers none:
/// a resolver that does not answer. Counts what it received.
pub struct SilentServer {
    addr: SocketAddr,
    received: Arc<AtomicUsize>,
    questions: Arc<std::sync::Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SilentServer {
    /// Binds a socket on 127.0.0.1 and starts reading.
    pub fn start() -> io::Result<Self> {
        let socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
        socket.set_read_timeout(Some(Duration::from_millis(20)))?;
        let addr = socket.local_addr()?;
        let received = Arc::new(AtomicUsize::new(0));
        let questions = Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (r, q, s) = (received.clone(), questions.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("silent-dns".into())
            .spawn(move || {
                let mut buf = [0u8; 1500];
                while !s.load(Ordering::SeqCst) {
                    if let Ok(len) = socket.recv(&mut buf) {
                        r.fetch_add(1, Ordering::SeqCst);
                        if let Ok(mut q) = q.lock() {
                            q.push(question(&buf[..len]));
                        }
                    }
                }
            })?;
        Ok(Self {
            addr,
            received,
            questions,
            stop,
            thread: Some(thread),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Datagrams received so far.
    pub fn received(&self) -> usize {
        self.received.load(Ordering::SeqCst)
    }

    /// The question of each datagram received, in order, as `name type`
    /// (`. 2` for the root's NS records; `?` for what is not a query).
    pub fn questions(&self) -> Vec<String> {
        self.questions.lock().map(|q| q.clone()).unwrap_or_default()
    }
}

/// The first question of a DNS message (RFC 1035 §4.1.2) as `name type`.
fn question(message: &[u8]) -> String {
    let mut labels = Vec::new();
    let mut pos = 12;
    loop {
        let Some(&len) = message.get(pos) else {
            return "?".into();
        };
        pos += 1;
        if len == 0 {
            break;
        }
        let Some(label) = message.get(pos..pos + usize::from(len)) else {
            return "?".into();
        };
        labels.push(String::from_utf8_lossy(label).into_owned());
        pos += usize::from(len);
    }
    let Some(rtype) = message.get(pos..pos + 2) else {
        return "?".into();
    };
    let name = if labels.is_empty() {
        ".".to_string()
    } else {
        labels.join(".")
    };
    format!("{name} {}", u16::from_be_bytes([rtype[0], rtype[1]]))
}

impl Drop for SilentServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
