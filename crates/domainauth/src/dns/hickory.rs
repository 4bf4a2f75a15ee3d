//! [`HickoryResolver`]: the production resolver, on hickory-resolver and tokio.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use hickory_proto::op::ResponseCode;
use hickory_proto::rr::{Name, RData, RecordType as HRecordType};
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ProtocolConfig, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError as HDnsError, NetError};
use hickory_resolver::{TokioResolver, lookup::Lookup};

use super::name::{name_from_labels, query_labels};
use super::reach::{Belief, Reach};
use super::{
    Answer, DnsError, Dnssec, Mx, RecordType, Resolver, ResolverUnreachable, Txt, normalize_name,
    reverse_name,
};

/// Settings for [`HickoryResolver`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HickoryConfig {
    /// Ask this server (UDP, then TCP on truncation) instead of the system's
    /// (`/etc/resolv.conf`).
    pub server: Option<SocketAddr>,
    /// How long to wait for one answer.
    pub timeout: Duration,
    /// How many times to send a query before answering [`DnsError::Timeout`].
    pub attempts: usize,
    /// Entries kept in the TTL-respecting answer cache.
    pub cache_size: u64,
    /// Longest time an answer is kept, whatever its TTL says (RFC 8767 §4
    /// suggests capping TTLs; hickory's own cap is one day).
    pub max_ttl: Duration,
    /// Longest time an NXDOMAIN or NODATA answer is kept. Its TTL is the
    /// lesser of the SOA record's TTL and MINIMUM (RFC 2308 §3); an answer
    /// without SOA is not cached (§5). RFC 2308 §5 finds one to three hours
    /// a sensible cap; the default is shorter, so that a record published
    /// after a miss (a new DMARC policy) is seen within minutes.
    pub negative_max_ttl: Duration,
}

impl Default for HickoryConfig {
    fn default() -> Self {
        Self {
            server: None,
            timeout: Duration::from_secs(5),
            attempts: 2,
            cache_size: 4096,
            max_ttl: Duration::from_secs(86_400),
            negative_max_ttl: Duration::from_secs(15 * 60),
        }
    }
}

/// The resolver could not be set up: the system's configuration
/// (`/etc/resolv.conf`) could not be read, or hickory refused the settings.
/// [`source`](std::error::Error::source) gives hickory's error; its type is
/// not named, so that this crate's API does not change with hickory's.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up the DNS resolver: {source}")]
pub struct HickoryInitError {
    #[source]
    source: InitCause,
}

#[derive(Debug, thiserror::Error)]
enum InitCause {
    #[error(transparent)]
    SystemConf(NetError),
    #[error(transparent)]
    Build(NetError),
}

impl HickoryInitError {
    /// What went wrong, as the system or hickory said it.
    pub(crate) fn cause(&self) -> String {
        self.source.to_string()
    }
}

/// Resolver over the network, with a TTL-respecting cache.
///
/// The cache is the only place the crate keeps DNS answers between
/// messages. hickory-resolver 0.26 keeps an answer for its TTL (at most
/// [`HickoryConfig::max_ttl`]) and NXDOMAIN/NODATA for the SOA's negative
/// TTL (RFC 2308, at most [`HickoryConfig::negative_max_ttl`]); it keeps no
/// SERVFAIL, REFUSED, timeout or network failure, so the next message asks
/// again once the servers recover.
///
/// A resolver whose servers answer nothing at all is told apart from a
/// domain whose servers fail (see [`ResolverUnreachable`]): its queries
/// fail with [`DnsError::Unreachable`], at once after the first, and
/// [`Resolver::unreachable`] says so.
///
/// ```no_run
/// use domainauth::dns::{HickoryConfig, HickoryResolver, Resolver};
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let mut config = HickoryConfig::default();
/// config.server = Some("127.0.0.1:5353".parse()?);
/// let dns = HickoryResolver::new(&config)?;
/// let txt = dns.txt("example.org").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct HickoryResolver {
    inner: TokioResolver,
    reach: Arc<Reach>,
}

impl std::fmt::Debug for HickoryResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HickoryResolver").finish_non_exhaustive()
    }
}

impl HickoryResolver {
    /// Builds a resolver; must be called inside a tokio runtime.
    pub fn new(config: &HickoryConfig) -> Result<Self, HickoryInitError> {
        let provider = TokioRuntimeProvider::default();
        let (servers, mut builder) = match config.server {
            Some(addr) => {
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                let ns = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
                let builder = TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![ns]),
                    provider,
                );
                (vec![addr], builder)
            }
            None => {
                // What TokioResolver::builder reads, kept to name and probe
                // the system's servers.
                let (system, options) = hickory_resolver::system_conf::read_system_conf()
                    // A NetError on Unix, a ProtoError (which converts) elsewhere.
                    .map_err(|e| {
                        #[allow(clippy::useless_conversion)]
                        let e = NetError::from(e);
                        HickoryInitError {
                            source: InitCause::SystemConf(e),
                        }
                    })?;
                let servers = udp_servers(&system);
                let mut builder = TokioResolver::builder_with_config(system, provider);
                *builder.options_mut() = options;
                (servers, builder)
            }
        };
        let opts: &mut ResolverOpts = builder.options_mut();
        opts.timeout = config.timeout;
        opts.attempts = config.attempts;
        opts.cache_size = config.cache_size;
        opts.positive_max_ttl = Some(config.max_ttl);
        opts.negative_max_ttl = Some(config.negative_max_ttl);
        // Names are always absolute: never append search domains.
        opts.ndots = 0;
        let inner = builder.build().map_err(|e| HickoryInitError {
            source: InitCause::Build(e),
        })?;
        let reach = Arc::new(Reach::new(servers, config.timeout, config.attempts));
        Ok(Self { inner, reach })
    }

    /// One lookup through hickory; any response marks the servers alive.
    async fn lookup(&self, qname: Name, hrtype: HRecordType) -> Result<Lookup, NetError> {
        let result = self.inner.lookup(qname, hrtype).await;
        if matches!(result, Ok(_) | Err(NetError::Dns(_))) {
            self.reach.answered();
        }
        result
    }

    async fn query(&self, name: &str, rtype: RecordType) -> Result<Lookup, DnsError> {
        let hrtype = match rtype {
            RecordType::A => HRecordType::A,
            RecordType::Aaaa => HRecordType::AAAA,
            RecordType::Txt => HRecordType::TXT,
            RecordType::Mx => HRecordType::MX,
            RecordType::Ptr => HRecordType::PTR,
        };
        let qname = query_name(name).ok_or_else(|| DnsError::NxDomain {
            name: normalize_name(name),
        })?;
        let result = self.probed(qname.clone(), hrtype).await;
        // hickory follows a CNAME chain for eight hops and then answers
        // "no records" without an SOA, as it does for a chain that loops:
        // such an answer is read again, hop by hop, so that a loop is not
        // mistaken for a name without records, and a longer chain that
        // ends in records gives them.
        if let Err(Failed::Net(NetError::Dns(HDnsError::NoRecordsFound(no)))) = &result
            && no.response_code == ResponseCode::NoError
            && no.soa.is_none()
        {
            match self.cname_chain_end(qname).await {
                ChainEnd::Loop(reason) => {
                    return Err(DnsError::ServFail {
                        name: normalize_name(name),
                        rtype,
                        rcode: reason,
                    });
                }
                ChainEnd::Name(last) if last.num_labels() > 0 => {
                    match self.lookup(last, hrtype).await {
                        Ok(lookup) => return Ok(lookup),
                        Err(NetError::Dns(HDnsError::NoRecordsFound(_))) => {}
                        // The chain's end did not answer: a timeout or a
                        // failure, never "no records".
                        Err(e) => return Err(map_error(&normalize_name(name), rtype, e)),
                    }
                }
                ChainEnd::Name(_) => {}
                ChainEnd::Unknown(e) => return Err(map_error(&normalize_name(name), rtype, e)),
            }
        }
        result.map_err(|e| match e {
            Failed::Net(e) => map_error(&normalize_name(name), rtype, e),
            Failed::Dead(unreachable) => DnsError::Unreachable {
                name: normalize_name(name),
                rtype,
                unreachable,
            },
        })
    }

    /// Where the CNAME chain from `start` ends, read hop by hop: the last
    /// name (one without a CNAME), or, when the chain returns to a name it
    /// passed through or runs past [`MAX_CNAME_HOPS`], the reason worded as
    /// a recursive resolver's SERVFAIL (RFC 1034 §3.6.2: CNAME loops are to
    /// be detected).
    async fn cname_chain_end(&self, start: Name) -> ChainEnd {
        let mut seen = vec![start.clone()];
        let mut name = start;
        for _ in 0..MAX_CNAME_HOPS {
            let lookup = match self.lookup(name.clone(), HRecordType::CNAME).await {
                Ok(lookup) => lookup,
                Err(NetError::Dns(HDnsError::NoRecordsFound(_))) => return ChainEnd::Name(name),
                Err(e) => return ChainEnd::Unknown(e),
            };
            let Some(target) = lookup.answers().iter().find_map(|r| match &r.data {
                RData::CNAME(c) if r.name == name => Some(c.0.clone()),
                _ => None,
            }) else {
                return ChainEnd::Name(name);
            };
            let again = seen.contains(&target);
            seen.push(target.clone());
            if again {
                let path: Vec<String> = seen
                    .iter()
                    .map(|n| answer_name(n).unwrap_or_else(|| n.to_string()))
                    .collect();
                return ChainEnd::Loop(format!("SERVFAIL (CNAME loop: {})", path.join(" → ")));
            }
            name = target;
        }
        ChainEnd::Loop(format!(
            "SERVFAIL (CNAME chain longer than {MAX_CNAME_HOPS} hops)"
        ))
    }

    /// One lookup, told apart from a dead resolver: once the servers are
    /// known dead, at once; while unknown, with a probe of the servers
    /// beside it (super::reach).
    async fn probed(&self, qname: Name, hrtype: HRecordType) -> Result<Lookup, Failed> {
        match self.reach.belief() {
            Belief::Alive => return self.lookup(qname, hrtype).await.map_err(Failed::Net),
            Belief::Dead(u) => return Err(Failed::Dead(u)),
            Belief::Unknown => {}
        }
        // Nothing known: the query goes with a probe of the servers, so a
        // dead resolver is told from a failing domain (super::reach).
        let lookup = self.lookup(qname, hrtype);
        let probe = self.reach.check();
        tokio::pin!(lookup, probe);
        tokio::select! {
            result = &mut lookup => match result {
                Err(e) if !matches!(e, NetError::Dns(_)) => match probe.await {
                    Some(u) => Err(Failed::Dead(u)),
                    None => Err(Failed::Net(e)),
                },
                other => other.map_err(Failed::Net),
            },
            dead = &mut probe => match dead {
                Some(u) => Err(Failed::Dead(u)),
                None => lookup.await.map_err(Failed::Net),
            },
        }
    }
}

/// The most CNAME hops read when telling a loop or an endless chain from
/// a name without records; hickory itself follows eight.
const MAX_CNAME_HOPS: usize = 16;

/// Where [`HickoryResolver::cname_chain_end`] found a chain to end.
enum ChainEnd {
    /// At this name, which has no CNAME.
    Name(Name),
    /// Nowhere: it loops or is too long (the reason).
    Loop(String),
    /// A hop could not be read (the error): where the chain ends is not
    /// known, so neither is whether it holds records.
    Unknown(NetError),
}

/// Why a [`HickoryResolver::probed`] lookup failed.
enum Failed {
    /// The lookup itself (the domain's servers, the network).
    Net(NetError),
    /// The resolver's servers answer nothing at all.
    Dead(ResolverUnreachable),
}

/// The UDP addresses of `config`'s name servers, for the probe.
fn udp_servers(config: &ResolverConfig) -> Vec<SocketAddr> {
    config
        .name_servers()
        .iter()
        .flat_map(|ns| {
            ns.connections
                .iter()
                .filter(|c| matches!(c.protocol, ProtocolConfig::Udp))
                .map(move |c| SocketAddr::new(ns.ip, c.port))
        })
        .collect()
}

/// The absolute query name for `name`, built from its raw labels
/// ([`query_labels`]): hickory's text parsers refuse labels outside
/// letters, digits and hyphen, which SPF's domain-spec allows (RFC 7208
/// §7.1) and DNS carries (RFC 2181 §11).
///
/// `None` for a name no DNS server can hold (an empty label, a label over
/// 63 octets, more than 255 octets): such a name does not exist, which is
/// what [`ZoneResolver`](super::ZoneResolver) answers for it too.
fn query_name(name: &str) -> Option<Name> {
    let labels = query_labels(name).ok()?;
    Name::from_labels(labels.iter().map(|l| l.as_ref())).ok()
}

/// A name from an answer in the crate's text form; `None` when it cannot
/// be written so (a label with a dot, or not UTF-8).
fn answer_name(name: &Name) -> Option<String> {
    name_from_labels(name.iter())
}

fn map_error(name: &str, rtype: RecordType, err: NetError) -> DnsError {
    let name = name.to_string();
    match err {
        NetError::Dns(HDnsError::NoRecordsFound(no)) => match no.response_code {
            ResponseCode::NXDomain => DnsError::NxDomain { name },
            _ => DnsError::NoData { name, rtype },
        },
        NetError::Dns(HDnsError::ResponseCode(code)) => DnsError::ServFail {
            name,
            rtype,
            rcode: code.to_str().to_string(),
        },
        NetError::Timeout => DnsError::Timeout { name, rtype },
        other => DnsError::Network {
            name,
            rtype,
            reason: other.to_string(),
        },
    }
}

fn non_empty<T>(name: &str, rtype: RecordType, items: Vec<T>) -> Answer<T> {
    if items.is_empty() {
        Err(DnsError::NoData {
            name: normalize_name(name),
            rtype,
        })
    } else {
        Ok(items.into())
    }
}

impl HickoryResolver {
    /// The records of `rtype` at `name`, each turned into `T` by `pick`.
    async fn answers<T>(
        &self,
        name: &str,
        rtype: RecordType,
        pick: impl Fn(&RData) -> Option<T>,
    ) -> Answer<T> {
        let lookup = self.query(name, rtype).await?;
        let items = lookup
            .answers()
            .iter()
            .filter_map(|r| pick(&r.data))
            .collect();
        non_empty(name, rtype, items)
    }
}

#[async_trait]
impl Resolver for HickoryResolver {
    fn unreachable(&self) -> Option<ResolverUnreachable> {
        self.reach.unreachable()
    }

    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.answers(name, RecordType::Txt, |data| match data {
            RData::TXT(t) => Some(Txt {
                strings: t.txt_data.iter().map(|s| s.to_vec()).collect(),
            }),
            _ => None,
        })
        .await
    }

    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        self.answers(name, RecordType::A, |data| match data {
            RData::A(a) => Some(a.0),
            _ => None,
        })
        .await
    }

    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        self.answers(name, RecordType::Aaaa, |data| match data {
            RData::AAAA(a) => Some(a.0),
            _ => None,
        })
        .await
    }

    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.answers(name, RecordType::Mx, |data| match data {
            RData::MX(mx) => Some(Mx {
                preference: mx.preference,
                exchange: answer_name(&mx.exchange)?,
            }),
            _ => None,
        })
        .await
    }

    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        self.answers(&reverse_name(ip), RecordType::Ptr, |data| match data {
            RData::PTR(p) => answer_name(&p.0),
            _ => None,
        })
        .await
    }

    /// Asks for DNSKEY records at `name` (RFC 4035 §2.1), and, when there
    /// are none, for its SOA record, to tell an unsigned zone apex from a
    /// name inside a zone. Validation is not done here: presence only.
    async fn dnssec(&self, name: &str) -> Dnssec {
        let Some(qname) = query_name(name) else {
            return Dnssec::Unknown;
        };
        let holds = |lookup: &Lookup, rtype: HRecordType| {
            lookup.answers().iter().any(|r| r.record_type() == rtype)
        };
        match self.probed(qname.clone(), HRecordType::DNSKEY).await {
            Ok(l) if holds(&l, HRecordType::DNSKEY) => return Dnssec::Signed,
            Ok(_) | Err(Failed::Net(NetError::Dns(HDnsError::NoRecordsFound(_)))) => {}
            Err(_) => return Dnssec::Unknown,
        }
        match self.probed(qname, HRecordType::SOA).await {
            Ok(l) if holds(&l, HRecordType::SOA) => Dnssec::Unsigned,
            _ => Dnssec::Unknown,
        }
    }
}
