//! What is known about a source IP beyond the reports: its reverse DNS
//! (forward-confirmed, RFC 8601 §3's `iprev` method), the organisational
//! domain of that name, and — from a MaxMind-format database the user
//! gives — its country and autonomous system.
//!
//! Reverse lookups go through the project's [`Resolver`], many at once but
//! a bounded number in flight, each with its own timeout, so one slow
//! reverse zone never holds the batch up; a timeout is recorded as a
//! timeout, never as "no name".
//!
//! ```
//! # async fn demo() {
//! use std::sync::Arc;
//! use domainauth::dns::ZoneResolver;
//! use domainauth_reports::enrich::{Lookup, ReverseDns};
//! let zone = ZoneResolver::from_zone_text(
//!     "10.2.0.192.in-addr.arpa. PTR mail.example.jp.\nmail.example.jp. A 192.0.2.10\n",
//!     None,
//! ).unwrap();
//! let rdns = ReverseDns::new(Arc::new(zone));
//! let found = rdns.lookup_all(vec!["192.0.2.10".parse().unwrap()]).await;
//! let Lookup::Found(ptr) = &found[0].1 else { panic!() };
//! assert_eq!(ptr.name, "mail.example.jp");
//! assert!(ptr.forward_confirmed);
//! # }
//! ```

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use domainauth::dns::{DnsError, Resolver};
use futures_util::StreamExt;
use futures_util::stream;

use crate::explain::Explain;
use crate::summary::PtrInfo;

/// Longest PTR name kept (RFC 1035 §2.3.4: 255 octets).
const MAX_NAME: usize = 255;

/// What a reverse lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lookup {
    /// A PTR name (the first, lower case, without the final dot) and
    /// whether it resolves back to the IP.
    Found(PtrInfo),
    /// The IP has no PTR record (NXDOMAIN or no data).
    NoName,
    /// No answer within the timeout.
    TimedOut,
    /// The server failed (SERVFAIL, REFUSED …).
    Failed,
}

impl Lookup {
    /// A stable word for storage and JSON: `found`, `no-name`, `timeout`,
    /// `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Found(_) => "found",
            Self::NoName => "no-name",
            Self::TimedOut => "timeout",
            Self::Failed => "failed",
        }
    }

    /// Worth asking again later (a timeout or a server failure).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::TimedOut | Self::Failed)
    }
}

/// Reverse DNS for many IPs: parallel, bounded, with a timeout each.
pub struct ReverseDns {
    resolver: Arc<dyn Resolver>,
    in_flight: usize,
    timeout: Duration,
}

impl std::fmt::Debug for ReverseDns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReverseDns")
            .field("in_flight", &self.in_flight)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ReverseDns {
    /// 32 lookups in flight, 5 seconds each (PTR, then A/AAAA of the name).
    pub fn new(resolver: Arc<dyn Resolver>) -> Self {
        Self {
            resolver,
            in_flight: 32,
            timeout: Duration::from_secs(5),
        }
    }

    /// At most `n` IPs looked up at once (at least 1).
    pub fn in_flight(mut self, n: usize) -> Self {
        self.in_flight = n.max(1);
        self
    }

    /// The time one IP's lookups may take in all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Looks every IP up; the answer keeps the order of `ips`.
    pub async fn lookup_all(&self, ips: Vec<IpAddr>) -> Vec<(IpAddr, Lookup)> {
        stream::iter(ips)
            .map(|ip| async move { (ip, self.lookup(ip).await) })
            .buffered(self.in_flight)
            .collect()
            .await
    }

    /// Looks one IP up: its PTR name, then whether that name's address
    /// records include the IP (forward confirmation).
    pub async fn lookup(&self, ip: IpAddr) -> Lookup {
        match tokio::time::timeout(self.timeout, self.lookup_unbounded(ip)).await {
            Ok(found) => found,
            Err(_) => Lookup::TimedOut,
        }
    }

    async fn lookup_unbounded(&self, ip: IpAddr) -> Lookup {
        let names = match self.resolver.ptr(ip).await {
            Ok(names) => names,
            Err(DnsError::NxDomain { .. } | DnsError::NoData { .. }) => return Lookup::NoName,
            Err(DnsError::Timeout { .. }) => return Lookup::TimedOut,
            Err(_) => return Lookup::Failed,
        };
        let Some(name) = names
            .iter()
            .map(|n| crate::domain::normalize(n))
            .find(|n| !n.is_empty() && n.len() <= MAX_NAME)
        else {
            return Lookup::NoName;
        };
        let forward_confirmed = match ip {
            IpAddr::V4(v4) => self.resolver.a(&name).await.is_ok_and(|a| a.contains(&v4)),
            IpAddr::V6(v6) => self
                .resolver
                .aaaa(&name)
                .await
                .is_ok_and(|a| a.contains(&v6)),
        };
        Lookup::Found(PtrInfo {
            name,
            forward_confirmed,
        })
    }
}

/// Country and autonomous system of an IP.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Geo {
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Autonomous system number.
    pub asn: Option<u32>,
    /// Autonomous system organisation.
    pub as_org: Option<String>,
}

/// A MaxMind-format database could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoError {
    /// The file could not be opened or is not an MMDB database.
    #[error("{path}: not a usable MaxMind database: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: maxminddb::MaxMindDbError,
    },
}

impl Explain for GeoError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Open { .. } => "reports-geo-open",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Open { path, source } => vec![
                ("path", path.display().to_string()),
                ("error", source.to_string()),
            ],
        }
    }
}

/// One or more MaxMind-format databases (GeoLite2/GeoIP2 Country or City,
/// ASN, or compatible ones such as DB-IP's): each answers what it has.
pub struct GeoDb {
    readers: Vec<maxminddb::Reader<Vec<u8>>>,
}

impl std::fmt::Debug for GeoDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoDb")
            .field("databases", &self.readers.len())
            .finish()
    }
}

impl GeoDb {
    /// Reads the files into memory. The Country and ASN databases take
    /// about 10 MB each; a City database about 70 MB, which counts in the
    /// ingest's memory: prefer Country + ASN. Files over 256 MiB are
    /// refused.
    pub fn open(paths: &[impl AsRef<Path>]) -> Result<Self, GeoError> {
        const MAX_FILE: u64 = 256 << 20;
        let mut readers = Vec::with_capacity(paths.len());
        for path in paths {
            let path = path.as_ref();
            let open = |e: std::io::Error| GeoError::Open {
                path: path.to_path_buf(),
                source: maxminddb::MaxMindDbError::Io(e),
            };
            let file = std::fs::File::open(path).map_err(open)?;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_FILE + 1), &mut bytes)
                .map_err(open)?;
            if bytes.len() as u64 > MAX_FILE {
                return Err(open(std::io::Error::other("larger than 256 MiB")));
            }
            let reader =
                maxminddb::Reader::from_source(bytes).map_err(|source| GeoError::Open {
                    path: path.to_path_buf(),
                    source,
                })?;
            readers.push(reader);
        }
        Ok(Self { readers })
    }

    /// What the databases know about `ip`; a field no database has stays
    /// empty, and a damaged entry is treated as unknown.
    pub fn lookup(&self, ip: IpAddr) -> Geo {
        let mut geo = Geo::default();
        for reader in &self.readers {
            let Ok(found) = reader.lookup(ip) else {
                continue;
            };
            if geo.country.is_none() {
                geo.country = found
                    .decode_path::<String>(&maxminddb::path!["country", "iso_code"])
                    .ok()
                    .flatten()
                    .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()));
            }
            if geo.asn.is_none() {
                geo.asn = found
                    .decode_path::<u32>(&maxminddb::path!["autonomous_system_number"])
                    .ok()
                    .flatten();
            }
            if geo.as_org.is_none() {
                geo.as_org = found
                    .decode_path::<String>(&maxminddb::path!["autonomous_system_organization"])
                    .ok()
                    .flatten()
                    .map(|s| s.chars().take(200).collect());
            }
        }
        geo
    }
}
