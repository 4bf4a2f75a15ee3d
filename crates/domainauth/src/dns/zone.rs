//! [`ZoneResolver`]: answers from RFC 1035 master files or records added in
//! code, with no network.
//!
//! It lets `domainauth` answer "what if I publish this?" offline, and gives
//! tests exact control over every DNS outcome, including injected faults.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;

use super::master::{self, ZoneSyntaxError};
use super::{
    Answer, DnsError, Dnssec, Mx, RecordType, Resolver, Txt, normalize_name, normalized,
    reverse_name,
};
use super::{Known, Query};

/// The hasher of the zone's maps of owner names.
///
/// SipHash (the std default) costs a measurable share of an SPF evaluation
/// against a zone; foldhash's fast hasher does not. It is seeded at random
/// per map, so even a zone built from names an attacker chose (a zone file
/// derived from mail, say) cannot be filled with names that collide on
/// purpose: no HashDoS. The maps are filled only from zone data, and the
/// names a message makes us look up are only probed, never inserted.
type FastBuild = foldhash::fast::RandomState;

/// CNAME chains longer than this answer SERVFAIL, as a recursive server would.
const MAX_CNAME_CHAIN: usize = 8;

/// One record held by a [`ZoneResolver`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneEntry {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A TXT record.
    Txt(Txt),
    /// An MX record.
    Mx(Mx),
    /// A PTR target name.
    Ptr(String),
    /// An alias to another name.
    Cname(String),
    /// Any other type (SOA, NS, …): makes the name exist.
    Other(u16),
}

/// A failure injected for every query of one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The query times out.
    Timeout,
    /// The server answers SERVFAIL.
    ServFail,
    /// The server answers the types it has and never answers the others,
    /// as some broken servers do for TXT or AAAA.
    TimeoutWithoutData,
}

/// Why a zone file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ZoneError {
    /// The file could not be read.
    #[error("cannot read zone file {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid master file (RFC 1035 §5).
    #[error("{path}:{line}:{column}: invalid zone file: {error}")]
    Parse {
        /// The file, or `<text>` for text given in code.
        path: PathBuf,
        /// The line (1-based; 0 for the origin given in code).
        line: usize,
        /// The column, in characters (1-based: a tab or a kanji counts
        /// one; 0 for the origin given in code).
        column: usize,
        /// What is wrong.
        #[source]
        error: ZoneSyntaxError,
    },
}

/// The records held at one owner name, by type, shared with every answer.
#[derive(Debug, Clone)]
struct Node {
    a: Arc<[Ipv4Addr]>,
    aaaa: Arc<[Ipv6Addr]>,
    txt: Arc<[Txt]>,
    mx: Arc<[Mx]>,
    ptr: Arc<[String]>,
    cname: Option<String>,
    other: Vec<u16>,
}

impl Default for Node {
    fn default() -> Self {
        Self {
            a: Arc::from([]),
            aaaa: Arc::from([]),
            txt: Arc::from([]),
            mx: Arc::from([]),
            ptr: Arc::from([]),
            cname: None,
            other: Vec::new(),
        }
    }
}

/// Appends to a shared list (zones are built once and read many times).
fn push<T: Clone>(list: &mut Arc<[T]>, item: T) {
    let mut items = list.to_vec();
    items.push(item);
    *list = items.into();
}

/// What a name is in the zone.
enum Found<'a> {
    Node(&'a Node),
    /// Exists only as the parent of other names: NODATA for every type.
    EmptyNonTerminal,
}

impl Node {
    fn is_empty(&self) -> bool {
        self.a.is_empty()
            && self.aaaa.is_empty()
            && self.txt.is_empty()
            && self.mx.is_empty()
            && self.ptr.is_empty()
            && self.cname.is_none()
            && self.other.is_empty()
    }

    fn entries(&self) -> impl Iterator<Item = ZoneEntry> + '_ {
        self.a
            .iter()
            .map(|a| ZoneEntry::A(*a))
            .chain(self.aaaa.iter().map(|a| ZoneEntry::Aaaa(*a)))
            .chain(self.txt.iter().map(|t| ZoneEntry::Txt(t.clone())))
            .chain(self.mx.iter().map(|m| ZoneEntry::Mx(m.clone())))
            .chain(self.ptr.iter().map(|p| ZoneEntry::Ptr(p.clone())))
            .chain(self.cname.iter().map(|c| ZoneEntry::Cname(c.clone())))
            .chain(self.other.iter().map(|o| ZoneEntry::Other(*o)))
    }
}

/// An offline resolver over zone data.
///
/// Names are matched case-insensitively; CNAMEs are followed (up to 8);
/// `*` wildcards apply to names that do not exist; a name that exists only
/// as the parent of other names answers NODATA, not NXDOMAIN.
///
/// ```
/// use domainauth::dns::{ZoneEntry, ZoneResolver, Fault};
/// let mut zone = ZoneResolver::new();
/// zone.add("example.org", ZoneEntry::A("192.0.2.1".parse().unwrap()));
/// zone.set_fault("slow.example.org", Fault::Timeout);
/// assert_eq!(zone.len(), 1);
/// ```
#[derive(Debug, Default, Clone)]
pub struct ZoneResolver {
    records: HashMap<String, Node, FastBuild>,
    /// Every owner name and all of their ancestors.
    existing: HashSet<String, FastBuild>,
    faults: HashMap<String, Fault, FastBuild>,
    /// Whether any owner name starts with `*.` (skips the wildcard search otherwise).
    has_wildcards: bool,
}

impl ZoneResolver {
    /// An empty resolver: every name is NXDOMAIN.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one master file (RFC 1035 §5): `$ORIGIN`, `$TTL`, `$INCLUDE`,
    /// relative names, parentheses, TXT with several strings, and the
    /// `\DDD` and `\X` escapes of §5.1 read as octets, in TXT strings and
    /// in names alike (`"v=spf1 \043all"` is `v=spf1 +all`; an owner
    /// `foo:bar/baz` or `% %20` is a label as written). TTLs are read and
    /// not kept: answers offline do not expire.
    pub fn from_zone_file(path: &Path) -> Result<Self, ZoneError> {
        let mut zone = Self::new();
        zone.load_file(path)?;
        Ok(zone)
    }

    /// Parses master-file text; `origin` applies until a `$ORIGIN` line.
    pub fn from_zone_text(text: &str, origin: Option<&str>) -> Result<Self, ZoneError> {
        let mut zone = Self::new();
        zone.load_text(text, origin, None)?;
        Ok(zone)
    }

    /// Adds the records of another master file.
    pub fn load_file(&mut self, path: &Path) -> Result<(), ZoneError> {
        let text = read_zone_file(path).map_err(|source| ZoneError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.load_text(&text, None, Some(path))
    }

    fn load_text(
        &mut self,
        text: &str,
        origin: Option<&str>,
        path: Option<&Path>,
    ) -> Result<(), ZoneError> {
        for (owner, entry) in master::read(text, origin, path)? {
            self.add(&owner, entry);
        }
        Ok(())
    }

    /// Adds one record at `name`.
    pub fn add(&mut self, name: &str, entry: ZoneEntry) {
        let name = normalize_name(name);
        self.has_wildcards |= name.starts_with("*.");
        let mut ancestor = name.as_str();
        loop {
            if !self.existing.insert(ancestor.to_string()) {
                break;
            }
            match ancestor.split_once('.') {
                Some((_, parent)) => ancestor = parent,
                None => break,
            }
        }
        let node = self.records.entry(name).or_default();
        match entry {
            ZoneEntry::A(a) => push(&mut node.a, a),
            ZoneEntry::Aaaa(a) => push(&mut node.aaaa, a),
            ZoneEntry::Txt(t) => push(&mut node.txt, t),
            ZoneEntry::Mx(m) => push(&mut node.mx, m),
            ZoneEntry::Ptr(p) => push(&mut node.ptr, p),
            ZoneEntry::Cname(c) => node.cname = Some(c),
            ZoneEntry::Other(o) => node.other.push(o),
        }
    }

    /// Makes every query for `name` fail with `fault`.
    pub fn set_fault(&mut self, name: &str, fault: Fault) {
        self.faults.insert(normalize_name(name), fault);
    }

    /// Number of records held.
    pub fn len(&self) -> usize {
        self.records.values().map(|n| n.entries().count()).sum()
    }

    /// True when no record is held.
    pub fn is_empty(&self) -> bool {
        self.records.values().all(Node::is_empty)
    }

    /// Every record, by owner name (lower case, no trailing dot).
    pub fn entries(&self) -> impl Iterator<Item = (&str, ZoneEntry)> {
        self.records
            .iter()
            .flat_map(|(name, node)| node.entries().map(move |e| (name.as_str(), e)))
    }

    /// Every injected fault, by name.
    pub fn faults(&self) -> impl Iterator<Item = (&str, Fault)> {
        self.faults.iter().map(|(n, f)| (n.as_str(), *f))
    }

    fn node(&self, name: &str) -> Option<Found<'_>> {
        if let Some(node) = self.records.get(name) {
            return Some(Found::Node(node));
        }
        if self.existing.contains(name) {
            return Some(Found::EmptyNonTerminal);
        }
        if !self.has_wildcards {
            return None;
        }
        // RFC 4592: a wildcard answers for names that do not exist.
        let mut rest = name;
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some(node) = self.records.get(&format!("*.{parent}")) {
                return Some(Found::Node(node));
            }
            if self.existing.contains(parent) {
                break;
            }
            rest = parent;
        }
        None
    }

    /// Records of one type at `name`, following CNAMEs.
    fn resolve<T>(&self, name: &str, rtype: RecordType, pick: fn(&Node) -> &Arc<[T]>) -> Answer<T> {
        let asked = normalized(name);
        let mut current: std::borrow::Cow<'_, str> = asked.clone();
        let error_name = || asked.clone().into_owned();
        for _ in 0..MAX_CNAME_CHAIN {
            let fault = if self.faults.is_empty() {
                None
            } else {
                self.faults.get(current.as_ref()).copied()
            };
            match fault {
                Some(Fault::Timeout) => {
                    return Err(DnsError::Timeout {
                        name: error_name(),
                        rtype,
                    });
                }
                Some(Fault::ServFail) => {
                    return Err(DnsError::ServFail {
                        name: error_name(),
                        rtype,
                        rcode: "SERVFAIL".into(),
                    });
                }
                Some(Fault::TimeoutWithoutData) | None => {}
            }
            let timeout_without_data = fault == Some(Fault::TimeoutWithoutData);
            let node = match self.node(&current) {
                Some(Found::Node(node)) => Some(node),
                Some(Found::EmptyNonTerminal) => None,
                None => {
                    if timeout_without_data {
                        return Err(DnsError::Timeout {
                            name: error_name(),
                            rtype,
                        });
                    }
                    return Err(DnsError::NxDomain { name: error_name() });
                }
            };
            if let Some(found) = node.map(pick).filter(|f| !f.is_empty()) {
                return Ok(Arc::clone(found));
            }
            match node.and_then(|n| n.cname.as_ref()) {
                Some(target) => current = std::borrow::Cow::Owned(target.clone()),
                None if timeout_without_data => {
                    return Err(DnsError::Timeout {
                        name: error_name(),
                        rtype,
                    });
                }
                None => {
                    return Err(DnsError::NoData {
                        name: error_name(),
                        rtype,
                    });
                }
            }
        }
        Err(DnsError::ServFail {
            name: error_name(),
            rtype,
            rcode: "SERVFAIL (CNAME chain too long)".into(),
        })
    }
}

#[async_trait]
impl Resolver for ZoneResolver {
    /// Zone data is always in memory.
    fn answers_at_once(&self) -> bool {
        true
    }

    fn known(&self, query: Query<'_>) -> Option<Known> {
        Some(match query {
            Query::Txt(name) => Known::Txt(self.resolve(name, RecordType::Txt, |n| &n.txt)),
            Query::A(name) => Known::A(self.resolve(name, RecordType::A, |n| &n.a)),
            Query::Aaaa(name) => Known::Aaaa(self.resolve(name, RecordType::Aaaa, |n| &n.aaaa)),
            Query::Mx(name) => Known::Mx(self.resolve(name, RecordType::Mx, |n| &n.mx)),
            Query::Ptr(ip) => {
                Known::Ptr(self.resolve(&reverse_name(ip), RecordType::Ptr, |n| &n.ptr))
            }
        })
    }

    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.resolve(name, RecordType::Txt, |n| &n.txt)
    }

    async fn a(&self, name: &str) -> Answer<Ipv4Addr> {
        self.resolve(name, RecordType::A, |n| &n.a)
    }

    async fn aaaa(&self, name: &str) -> Answer<Ipv6Addr> {
        self.resolve(name, RecordType::Aaaa, |n| &n.aaaa)
    }

    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.resolve(name, RecordType::Mx, |n| &n.mx)
    }

    async fn ptr(&self, ip: IpAddr) -> Answer<String> {
        self.resolve(&reverse_name(ip), RecordType::Ptr, |n| &n.ptr)
    }

    /// [`Dnssec::Signed`] when the zone holds DNSKEY records (type 48) at
    /// `name`, [`Dnssec::Unsigned`] when it holds an SOA (type 6) there
    /// and no DNSKEY, [`Dnssec::Unknown`] otherwise (not an apex, or a
    /// fault is set on the name).
    async fn dnssec(&self, name: &str) -> Dnssec {
        /// RFC 4034 §2: the DNSKEY type.
        const DNSKEY: u16 = 48;
        /// RFC 1035 §3.2.2: the SOA type.
        const SOA: u16 = 6;
        let name = normalized(name);
        if self.faults.contains_key(name.as_ref()) {
            return Dnssec::Unknown;
        }
        match self.records.get(name.as_ref()) {
            Some(node) if node.other.contains(&DNSKEY) => Dnssec::Signed,
            Some(node) if node.other.contains(&SOA) => Dnssec::Unsigned,
            _ => Dnssec::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONE: &str = r#"
$ORIGIN example.org.
$TTL 300
@       IN SOA ns.example.org. hostmaster.example.org. 1 7200 3600 1209600 300
@       IN TXT "v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all"
@       IN MX 10 mail
mail    IN A 192.0.2.25
mail    IN AAAA 2001:db8::25
alias   IN CNAME mail
a.b.deep IN A 192.0.2.9
*.wild  IN TXT "wildcard"
"#;

    fn zone() -> ZoneResolver {
        ZoneResolver::from_zone_text(ZONE, None).unwrap()
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn txt_strings_are_kept_and_joined() {
        let txt = block(zone().txt("EXAMPLE.org.")).unwrap();
        assert_eq!(txt[0].strings.len(), 2);
        assert_eq!(
            txt[0].to_text(),
            "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"
        );
    }

    #[test]
    fn relative_names_mx_and_cname() {
        let z = zone();
        let mx = block(z.mx("example.org")).unwrap();
        assert_eq!(mx[0].exchange, "mail.example.org");
        assert_eq!(
            block(z.a("alias.example.org")).unwrap()[0],
            Ipv4Addr::new(192, 0, 2, 25)
        );
        assert_eq!(block(z.aaaa("alias.example.org")).unwrap().len(), 1);
    }

    #[test]
    fn nxdomain_nodata_and_empty_non_terminal() {
        let z = zone();
        assert!(matches!(
            block(z.a("nope.example.org")),
            Err(DnsError::NxDomain { .. })
        ));
        assert!(matches!(
            block(z.txt("mail.example.org")),
            Err(DnsError::NoData { .. })
        ));
        assert!(matches!(
            block(z.a("b.deep.example.org")),
            Err(DnsError::NoData { .. })
        ));
    }

    #[test]
    fn wildcard_answers_missing_names_only() {
        let z = zone();
        assert_eq!(
            block(z.txt("x.wild.example.org")).unwrap()[0].to_text(),
            "wildcard"
        );
        assert!(matches!(
            block(z.txt("wild.example.org")),
            Err(DnsError::NoData { .. })
        ));
    }

    #[test]
    fn faults() {
        let mut z = zone();
        z.set_fault("mail.example.org", Fault::Timeout);
        z.set_fault("example.org", Fault::ServFail);
        assert!(matches!(
            block(z.a("mail.example.org")),
            Err(DnsError::Timeout { .. })
        ));
        assert!(matches!(
            block(z.a("alias.example.org")),
            Err(DnsError::Timeout { .. })
        ));
        assert!(matches!(
            block(z.txt("example.org")),
            Err(DnsError::ServFail { .. })
        ));
    }

    #[test]
    fn cname_loop_is_servfail() {
        let mut z = ZoneResolver::new();
        z.add("a.example", ZoneEntry::Cname("b.example".into()));
        z.add("b.example", ZoneEntry::Cname("a.example".into()));
        assert!(matches!(
            block(z.a("a.example")),
            Err(DnsError::ServFail { .. })
        ));
    }

    #[test]
    fn parenthesised_txt_strings_as_dns_tools_write_them() {
        let z = ZoneResolver::from_zone_text(
            "$ORIGIN example.org.\nsel._domainkey\tIN\tTXT\t( \"v=DKIM1; k=rsa; \"\n\t  \"p=MIIB\" )  ; ----- DKIM key\n\
             @ IN SOA ns hostmaster ( 1 ; serial\n 7200 3600 1209600 300 )\n",
            None,
        )
        .unwrap();
        let txt = block(z.txt("sel._domainkey.example.org")).unwrap();
        assert_eq!(
            txt[0].strings,
            vec![b"v=DKIM1; k=rsa; ".to_vec(), b"p=MIIB".to_vec()]
        );
    }

    #[test]
    fn parse_error_names_the_file() {
        let err =
            ZoneResolver::from_zone_text("@ IN A not-an-ip\n", Some("example.org")).unwrap_err();
        assert!(err.to_string().contains("<text>"), "{err}");
    }
}

/// The largest zone file (or `$INCLUDE`d file) read: far above any real
/// zone, it keeps `/dev/zero` or a huge file from exhausting memory.
pub const MAX_ZONE_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a zone file: a regular file of at most [`MAX_ZONE_FILE_BYTES`],
/// or `/dev/null` (an empty zone). Devices, FIFOs and sockets are refused
/// before any read (`InvalidInput`): their read may block forever
/// (`/proc/kmsg`, a terminal) or never end (`/dev/zero`). A larger file is
/// `FileTooLarge`.
pub(crate) fn read_zone_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let canonical = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&canonical)?;
    if meta.is_dir() {
        return Err(std::io::ErrorKind::IsADirectory.into());
    }
    if canonical == Path::new("/dev/null") {
        return Ok(String::new());
    }
    // Files of the kernel's pseudo file systems claim to be regular but may
    // block on read (/proc/kmsg).
    if !meta.is_file() || canonical.starts_with("/proc") || canonical.starts_with("/sys") {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    if meta.len() > MAX_ZONE_FILE_BYTES {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(MAX_ZONE_FILE_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_ZONE_FILE_BYTES {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    Ok(text)
}

#[cfg(all(test, unix))]
mod read_limits {
    use super::*;

    /// A device, a FIFO or an endless file given as a zone (or named by
    /// `$INCLUDE`) is refused before it is read: nothing blocks, and memory
    /// stays bounded.
    #[test]
    fn only_regular_files_are_read() {
        let dir =
            std::env::temp_dir().join(format!("domainauth-zone-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let including = dir.join("inc.zone");
        std::fs::write(&including, "$INCLUDE /dev/zero\n").unwrap();
        let err = ZoneResolver::from_zone_file(&including).unwrap_err();
        assert!(err.to_string().contains("/dev/zero"), "{err}");
        let direct = ZoneResolver::from_zone_file(Path::new("/dev/zero")).unwrap_err();
        assert!(matches!(direct, ZoneError::Io { .. }), "{direct}");
        let kmsg = read_zone_file(Path::new("/proc/self/status")).unwrap_err();
        assert_eq!(kmsg.kind(), std::io::ErrorKind::InvalidInput);
        // /dev/null is an empty zone.
        assert!(ZoneResolver::from_zone_file(Path::new("/dev/null")).is_ok());
        let fifo = dir.join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = read_zone_file(&fifo).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        let dir_err = read_zone_file(&dir).unwrap_err();
        assert_eq!(dir_err.kind(), std::io::ErrorKind::IsADirectory);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A megabyte-long token is quoted cut short: the line and column say
    /// where it is.
    #[test]
    fn errors_quote_long_tokens_cut_short() {
        let text = format!("a.example. 300 IN {} x\n", "Q".repeat(1_000_000));
        let err = ZoneResolver::from_zone_text(&text, None).unwrap_err();
        let shown = err.to_string();
        assert!(shown.len() < 400, "{} bytes", shown.len());
        assert!(shown.contains(":1:19:"), "{shown}");
        assert!(shown.contains('…'), "{shown}");
    }
}
