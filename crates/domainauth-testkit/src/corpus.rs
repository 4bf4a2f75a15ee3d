//! A deterministic corpus of DMARC aggregate reports, SMTP TLS reports and
//! DMARC failure reports, for tests and benchmarks: the same seed gives
//! byte-identical files.
//!
//! The reports come from many receivers in the shapes they really send
//! (Google's zip without a namespace, Microsoft's gzip with XML Schema
//! declarations, Yahoo's gzip without `<version>`, RFC 9990 reports in the
//! `dmarc-2.0` namespace, and the quirks of smaller receivers: a BOM,
//! windows-1252, upper-case values, empty elements, prefixes …), about a
//! few domains with realistic sources: their own servers, sending
//! services, forwarders and mailing lists, spoofers. They come as files
//! (XML, gzip, zip), as mails with the report attached, in mbox files and
//! in a Maildir.
//!
//! Each file comes with what it holds ([`Content`]), written down by the
//! generator, so a test compares a parser's result with an expectation
//! that does not come from the parser.
//!
//! ```
//! use domainauth_testkit::corpus::{Corpus, Format, Options};
//!
//! let files: Vec<_> = Corpus::new(Options::new(7, 20)).collect();
//! let again: Vec<_> = Corpus::new(Options::new(7, 20)).collect();
//! assert_eq!(files, again);
//! let reports = files.iter().flat_map(|f| &f.contents).filter_map(|c| c.as_aggregate()).count();
//! assert_eq!(reports, 20);
//! ```
//!
//! [`scenario_four_causes`] is a small fixed corpus about one domain with
//! one source for each cause of failure a summary must name.

mod arf;
mod calendar;
mod container;
mod receivers;
mod rng;
mod scenario;
mod tls;
mod truth;
mod world;
mod xml;

use std::collections::{HashMap, VecDeque};
use std::path::Path;

pub use receivers::Receiver;
pub use rng::Rng;
pub use scenario::{Scenario, ScenarioSource, scenario_four_causes};
pub use truth::{
    AggregateTruth, Content, DkimTruth, FailureTruth, PolicyTruth, Quirk, RecordTruth, SourceRole,
    SpfTruth, TlsFailureTruth, TlsPolicyTruth, TlsTruth,
};

use receivers::{Packing, RECEIVERS};
use world::OWNERS;

/// The first day reports cover: Monday 2026-01-05 00:00:00 UTC.
pub const FIRST_DAY: i64 = 1_767_571_200;

/// How the reports are delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A mix of everything below, with TLS and failure reports among them.
    Mixed,
    /// Aggregate reports as plain `.xml` files.
    Xml,
    /// Aggregate reports as `.xml.gz` files.
    Gz,
    /// Aggregate reports as `.zip` files.
    Zip,
    /// Every report as a mail (`.eml`) with the report attached.
    Mail,
    /// Every report as a mail in mbox files of up to 100 messages.
    Mbox,
    /// Every report as a mail in a Maildir (`Maildir/new`, `Maildir/cur`).
    Maildir,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "mixed" => Self::Mixed,
            "xml" => Self::Xml,
            "gz" => Self::Gz,
            "zip" => Self::Zip,
            "mail" => Self::Mail,
            "mbox" => Self::Mbox,
            "maildir" => Self::Maildir,
            other => {
                return Err(format!(
                    "unknown format {other:?} (mixed, xml, gz, zip, mail, mbox, maildir)"
                ));
            }
        })
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The seed: the same options give the same bytes.
    pub seed: u64,
    /// Stop after this many aggregate reports.
    pub reports: Option<u64>,
    /// Stop once the files written add up to this many bytes.
    pub target_bytes: Option<u64>,
    /// How reports are delivered.
    pub format: Format,
    /// Most records in one aggregate report (the size mix draws up to
    /// 5,000).
    pub max_records: usize,
    /// Quirks left out: receivers that always have one are not chosen, and
    /// no report gets one at random. For a peer that cannot read them (see
    /// `tests/corpus_parsedmarc.rs`).
    pub without: &'static [Quirk],
}

impl Options {
    /// `reports` aggregate reports, mixed delivery.
    pub fn new(seed: u64, reports: u64) -> Self {
        Self {
            seed,
            reports: Some(reports),
            target_bytes: None,
            format: Format::Mixed,
            max_records: 5000,
            without: &[],
        }
    }
}

/// One file of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedFile {
    /// Path relative to the corpus folder, `/`-separated.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The reports it holds; for an mbox, one per message in order.
    pub contents: Vec<Content>,
}

impl GeneratedFile {
    /// Writes the file under `dir`, creating its folders (and a Maildir's
    /// `tmp`).
    pub fn write_under(&self, dir: &Path) -> std::io::Result<()> {
        let path = dir.join(&self.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
            if (parent.ends_with("new") || parent.ends_with("cur"))
                && let Some(maildir) = parent.parent()
            {
                std::fs::create_dir_all(maildir.join("tmp"))?;
            }
        }
        std::fs::write(path, &self.bytes)
    }
}

/// Counts of what a corpus produced so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files.
    pub files: u64,
    /// Bytes of all files.
    pub bytes: u64,
    /// Aggregate reports.
    pub aggregate_reports: u64,
    /// Their records.
    pub records: u64,
    /// The messages they represent.
    pub messages: u64,
    /// SMTP TLS reports.
    pub tls_reports: u64,
    /// Failure reports.
    pub failure_reports: u64,
}

const MBOX_MESSAGES: usize = 100;

struct MboxBuffer {
    bytes: Vec<u8>,
    contents: Vec<Content>,
}

/// The corpus, one file at a time (memory stays bounded whatever the
/// size).
pub struct Corpus {
    rng: Rng,
    options: Options,
    stats: Stats,
    pending: VecDeque<GeneratedFile>,
    mbox: MboxBuffer,
    mbox_files: u64,
    sequence: u64,
    /// Reports sent so far per (receiver, owner) and (TLS reporter, owner):
    /// each is one day later than the one before, as a daily report is.
    days: HashMap<(u8, usize), i64>,
    done: bool,
}

/// One aggregate report from `receiver` about `example.co.jp` with
/// `records` records, in that receiver's shape and with its own quirks
/// (none drawn at random): its truth and its XML. For parser tests and
/// benchmarks that need a report of a given size and shape.
///
/// ```
/// use domainauth_testkit::corpus::{Receiver, aggregate_report};
///
/// let (truth, xml) = aggregate_report(1, Receiver::Google, 3);
/// assert_eq!(truth.records.len(), 3);
/// assert!(xml.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>"));
/// ```
pub fn aggregate_report(
    seed: u64,
    receiver: Receiver,
    records: usize,
) -> (AggregateTruth, Vec<u8>) {
    let mut rng = Rng::new(seed);
    let g = receivers::aggregate(
        &mut rng,
        receiver,
        &OWNERS[0],
        FIRST_DAY,
        records,
        &[],
        false,
    );
    (g.truth, g.xml)
}

/// How a report reaches the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    File,
    Eml,
    Mbox,
    Maildir,
}

impl Corpus {
    /// A corpus; without `reports` nor `target_bytes`, 100 reports.
    pub fn new(mut options: Options) -> Self {
        if options.reports.is_none() && options.target_bytes.is_none() {
            options.reports = Some(100);
        }
        Self {
            rng: Rng::new(options.seed),
            options,
            stats: Stats::default(),
            pending: VecDeque::new(),
            mbox: MboxBuffer {
                bytes: Vec::new(),
                contents: Vec::new(),
            },
            mbox_files: 0,
            sequence: 0,
            days: HashMap::new(),
            done: false,
        }
    }

    /// What has been produced so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    fn finished(&self) -> bool {
        let reports_done = self
            .options
            .reports
            .is_some_and(|n| self.stats.aggregate_reports >= n);
        let bytes_done = self
            .options
            .target_bytes
            .is_some_and(|n| self.stats.bytes + self.mbox.bytes.len() as u64 >= n);
        reports_done || bytes_done
    }

    fn next_day(&mut self, key: (u8, usize)) -> i64 {
        let n = self.days.entry(key).or_insert(0);
        let day = FIRST_DAY + *n * 86_400;
        *n += 1;
        day
    }

    fn emit(&mut self, file: GeneratedFile) {
        self.stats.files += 1;
        self.stats.bytes += file.bytes.len() as u64;
        self.pending.push_back(file);
    }

    fn count(&mut self, content: &Content) {
        match content {
            Content::Aggregate(a) => {
                self.stats.aggregate_reports += 1;
                self.stats.records += a.records.len() as u64;
                self.stats.messages += a.message_count();
            }
            Content::Tls(_) => self.stats.tls_reports += 1,
            Content::Failure(_) => self.stats.failure_reports += 1,
        }
    }

    fn delivery(&mut self) -> Delivery {
        match self.options.format {
            Format::Xml | Format::Gz | Format::Zip => Delivery::File,
            Format::Mail => Delivery::Eml,
            Format::Mbox => Delivery::Mbox,
            Format::Maildir => Delivery::Maildir,
            Format::Mixed => match self.rng.weighted(&[40, 35, 12, 13]) {
                0 => Delivery::File,
                1 => Delivery::Eml,
                2 => Delivery::Mbox,
                _ => Delivery::Maildir,
            },
        }
    }

    /// Delivers a mail: as an `.eml` file, into the mbox, or into the
    /// Maildir.
    fn deliver_mail(
        &mut self,
        delivery: Delivery,
        name: &str,
        mail: &container::Mail,
        sender: &str,
        time: i64,
        content: Content,
    ) {
        self.sequence += 1;
        match delivery {
            Delivery::Mbox => {
                container::mbox_append(&mut self.mbox.bytes, sender, time, &mail.to_bytes(false));
                self.mbox.contents.push(content);
                if self.mbox.contents.len() >= MBOX_MESSAGES {
                    self.flush_mbox();
                }
            }
            Delivery::Maildir => {
                let seen = self.rng.percent(50);
                let path = format!(
                    "Maildir/{}/{time}.M{}P{}.mx{}",
                    if seen { "cur" } else { "new" },
                    self.rng.range(100_000, 999_999),
                    self.sequence,
                    if seen { ":2,S" } else { "" }
                );
                let bytes = mail.to_bytes(false);
                self.emit(GeneratedFile {
                    path,
                    bytes,
                    contents: vec![content],
                });
            }
            Delivery::File | Delivery::Eml => {
                let bytes = mail.to_bytes(true);
                self.emit(GeneratedFile {
                    path: format!("{name}.eml"),
                    bytes,
                    contents: vec![content],
                });
            }
        }
    }

    fn flush_mbox(&mut self) {
        if self.mbox.contents.is_empty() {
            return;
        }
        self.mbox_files += 1;
        let file = GeneratedFile {
            path: format!("mbox/reports-{:04}.mbox", self.mbox_files),
            bytes: std::mem::take(&mut self.mbox.bytes),
            contents: std::mem::take(&mut self.mbox.contents),
        };
        self.emit(file);
    }

    fn aggregate(&mut self) {
        let without = self.options.without;
        let allowed = |r: &Receiver| !r.profile().quirks.iter().any(|q| without.contains(q));
        let weights: Vec<u32> = RECEIVERS
            .iter()
            .map(|(r, w)| if allowed(r) { *w } else { 0 })
            .collect();
        let weights = if weights.iter().all(|&w| w == 0) {
            RECEIVERS.iter().map(|r| r.1).collect()
        } else {
            weights
        };
        let receiver = RECEIVERS[self.rng.weighted(&weights)].0;
        let owner_weights: Vec<u32> = OWNERS.iter().map(|o| o.weight).collect();
        let owner_index = self.rng.weighted(&owner_weights);
        let owner = &OWNERS[owner_index];
        let day = self.next_day((receiver as u8, owner_index));
        let records = receivers::record_count(&mut self.rng, self.options.max_records);
        let g = receivers::aggregate(&mut self.rng, receiver, owner, day, records, without, true);
        let packing = match self.options.format {
            Format::Xml => Packing::Xml,
            Format::Gz => Packing::Gzip,
            Format::Zip => Packing::Zip,
            _ if receiver == Receiver::Yahoo && self.rng.percent(30) => Packing::Zip,
            _ => receiver.profile().packing,
        };
        let (name, bytes) = receivers::pack(&g, packing);
        let delivery = self.delivery();
        let content = Content::Aggregate(g.truth.clone());
        self.count(&content);
        if delivery == Delivery::File {
            self.emit(GeneratedFile {
                path: name,
                bytes,
                contents: vec![content],
            });
            return;
        }
        let mail = receivers::mail(&mut self.rng, &g, (&name, &bytes));
        let stem = g.stem.clone();
        self.deliver_mail(
            delivery,
            &stem,
            &mail,
            receivers::envelope_sender(receiver),
            g.truth.end + 3600,
            content,
        );
    }

    fn tls(&mut self) {
        let reporter = if self.rng.percent(60) {
            tls::TlsReporter::Google
        } else {
            tls::TlsReporter::Microsoft
        };
        let owner_index = self.rng.below(OWNERS.len() as u64) as usize;
        let owner = &OWNERS[owner_index];
        let day = self.next_day((100 + reporter as u8, owner_index));
        let (truth, file, json) = tls::report(&mut self.rng, reporter, owner, day);
        let (gz_name, gz) = tls::gz(&file, truth.end, &json);
        let content = Content::Tls(truth.clone());
        self.count(&content);
        let delivery = self.delivery();
        if delivery == Delivery::File {
            self.emit(GeneratedFile {
                path: gz_name,
                bytes: gz,
                contents: vec![content],
            });
            return;
        }
        let mail = tls::mail(
            &mut self.rng,
            reporter,
            &truth,
            owner.domain,
            (&gz_name, &gz),
        );
        let stem = file.trim_end_matches(".json").to_string();
        self.deliver_mail(
            delivery,
            &stem,
            &mail,
            "noreply-smtp-tls-reporting@google.com",
            truth.end + 7200,
            content,
        );
    }

    fn failure(&mut self) {
        let owner = &OWNERS[self.rng.below(OWNERS.len() as u64) as usize];
        let day = FIRST_DAY + self.rng.below(90) as i64 * 86_400;
        let arrival = day + self.rng.below(86_400) as i64;
        let ip = std::net::IpAddr::V4(std::net::Ipv4Addr::new(
            *self.rng.pick(&[45u8, 77, 91, 185, 193, 194]),
            self.rng.below(256) as u8,
            self.rng.below(256) as u8,
            self.rng.range(1, 254) as u8,
        ));
        let plain = self.rng.percent(25);
        let (truth, mail) = arf::report(
            &mut self.rng,
            owner.domain,
            ip,
            owner.domain,
            arrival,
            plain,
        );
        let content = Content::Failure(truth);
        self.count(&content);
        let delivery = match self.delivery() {
            Delivery::File => Delivery::Eml,
            d => d,
        };
        let name = format!("failure-{:06}", self.stats.failure_reports);
        self.deliver_mail(
            delivery,
            &name,
            &mail,
            "dmarc-noreply@receiver.example",
            arrival + 600,
            content,
        );
    }

    fn step(&mut self) {
        self.aggregate();
        let mails = !matches!(self.options.format, Format::Xml | Format::Gz | Format::Zip);
        if mails && self.rng.percent(5) {
            self.tls();
        }
        if mails && self.rng.percent(2) {
            self.failure();
        }
    }
}

impl Iterator for Corpus {
    type Item = GeneratedFile;

    fn next(&mut self) -> Option<GeneratedFile> {
        loop {
            if let Some(file) = self.pending.pop_front() {
                return Some(file);
            }
            if self.done {
                return None;
            }
            if self.finished() {
                self.flush_mbox();
                self.done = true;
                continue;
            }
            self.step();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(files: &[GeneratedFile]) -> Vec<(String, usize, u64)> {
        files
            .iter()
            .map(|f| {
                // FNV-1a: enough to tell two byte strings apart here.
                let h = f.bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                });
                (f.path.clone(), f.bytes.len(), h)
            })
            .collect()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a: Vec<_> = Corpus::new(Options::new(42, 60)).collect();
        let b: Vec<_> = Corpus::new(Options::new(42, 60)).collect();
        let c: Vec<_> = Corpus::new(Options::new(43, 60)).collect();
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }

    #[test]
    fn counts_and_paths() {
        let mut corpus = Corpus::new(Options::new(1, 300));
        let files: Vec<_> = corpus.by_ref().collect();
        let stats = corpus.stats();
        assert_eq!(stats.aggregate_reports, 300);
        assert_eq!(stats.files, files.len() as u64);
        assert_eq!(
            stats.bytes,
            files.iter().map(|f| f.bytes.len() as u64).sum::<u64>()
        );
        let mut paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        paths.sort_unstable();
        let n = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), n, "two files with one path");
        assert!(files.iter().any(|f| f.path.ends_with(".zip")));
        assert!(files.iter().any(|f| f.path.ends_with(".xml.gz")));
        assert!(files.iter().any(|f| f.path.ends_with(".eml")));
        assert!(files.iter().any(|f| f.path.starts_with("mbox/")));
        assert!(files.iter().any(|f| f.path.starts_with("Maildir/new/")));
        assert!(
            stats.tls_reports > 0 && stats.failure_reports > 0,
            "{stats:?}"
        );
        let agg: Vec<_> = files
            .iter()
            .flat_map(|f| &f.contents)
            .filter_map(Content::as_aggregate)
            .collect();
        let mut ids: Vec<_> = agg.iter().map(|a| (&a.org_name, &a.report_id)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 300, "report ids repeat");
    }

    #[test]
    fn quirks_can_be_left_out() {
        let mut opts = Options::new(11, 400);
        opts.max_records = 50;
        opts.without = &[Quirk::Bom, Quirk::Prefixed, Quirk::UpperCase];
        let files: Vec<_> = Corpus::new(opts).collect();
        let agg: Vec<_> = files
            .iter()
            .flat_map(|f| &f.contents)
            .filter_map(Content::as_aggregate)
            .collect();
        assert_eq!(agg.len(), 400);
        for a in agg {
            assert!(
                !a.quirks.iter().any(|q| opts.without.contains(q)),
                "{:?}",
                a.quirks
            );
        }
        assert_eq!("empty-reason".parse::<Quirk>(), Ok(Quirk::EmptyReason));
        assert!(
            Quirk::ALL
                .iter()
                .all(|q| q.name().parse::<Quirk>() == Ok(*q))
        );
    }

    #[test]
    fn target_bytes_stops_the_corpus() {
        let mut opts = Options::new(5, 0);
        opts.reports = None;
        opts.target_bytes = Some(2_000_000);
        opts.format = Format::Xml;
        let mut corpus = Corpus::new(opts);
        let total: u64 = corpus.by_ref().map(|f| f.bytes.len() as u64).sum();
        assert!(
            (2_000_000..2_000_000 + 5_000 * 1_000).contains(&total),
            "{total}"
        );
    }

    #[test]
    fn every_quirk_and_receiver_appears() {
        let mut opts = Options::new(9, 1200);
        opts.max_records = 800;
        let files: Vec<_> = Corpus::new(opts).collect();
        let agg: Vec<_> = files
            .iter()
            .flat_map(|f| &f.contents)
            .filter_map(Content::as_aggregate)
            .collect();
        for quirk in Quirk::ALL {
            assert!(
                agg.iter().any(|a| a.quirks.contains(&quirk)),
                "{quirk:?} never generated"
            );
        }
        for role in [
            SourceRole::OwnServer,
            SourceRole::UnlistedOwnServer,
            SourceRole::AlignedService,
            SourceRole::UnalignedService,
            SourceRole::Forwarder,
            SourceRole::Spoofer,
        ] {
            assert!(
                agg.iter().flat_map(|a| &a.records).any(|r| r.role == role),
                "{role:?}"
            );
        }
        let orgs: std::collections::BTreeSet<_> = agg.iter().map(|a| a.org_name.as_str()).collect();
        assert!(orgs.len() >= RECEIVERS.len(), "{orgs:?}");
        assert!(agg.iter().any(|a| a.records.len() > 500));
    }
}
