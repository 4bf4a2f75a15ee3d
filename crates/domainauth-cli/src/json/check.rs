//! `domainauth check DOMAIN --json`.

use domainauth::check::{DomainReport, FoundKey, MtaStsReport, PostureRecord};
use domainauth::diag::Lang;
use domainauth::dmarc::{Published, Record};
use domainauth::dns::Dnssec;
use domainauth::spf::Evaluation;
use serde::Serialize;

use super::check_profile::{ChecklistJson, RecordJson};
use super::spf::SpfTree;
use super::{Finding, SchemaVersion, findings};
use domainauth::check::profile::SendingIp;

/// What a domain publishes for mail authentication, and what is missing.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CheckDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `check`.
    #[cfg_attr(test, schemars(extend("const" = "check")))]
    pub command: &'static str,
    /// The domain checked (lower case, without a final dot).
    pub domain: &'a str,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// What was found, record by record.
    pub report: CheckReport<'a>,
    /// Everything to fix or note, most severe first (each record's own
    /// findings included: they are not repeated under `report`).
    pub findings: Vec<Finding<'a>>,
    /// The `--ip` addresses: SPF of the domain and reverse DNS for each.
    pub sending_ips: &'a [SendingIp],
    /// One checklist per `--profile` (empty without).
    pub profiles: Vec<ChecklistJson<'a>>,
    /// The records to publish for what is missing (as `--records` prints
    /// them).
    pub records: Vec<RecordJson<'a>>,
}

/// What the domain publishes.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct CheckReport<'a> {
    /// The SPF record tree.
    pub spf: SpfTree<'a>,
    /// SPF evaluated for `--ip` with the sender `postmaster@<domain>`; null
    /// without `--ip`.
    pub spf_for_ip: Option<&'a Evaluation>,
    /// What `_dmarc.<domain>` publishes.
    pub dmarc: DmarcPublished<'a>,
    /// The DKIM keys found.
    pub dkim_keys: &'a [FoundKey],
    /// The selectors looked for (`--selector`, or common providers' ones).
    pub selectors_tried: &'a [String],
    /// A selector lookup failed or timed out, so "no key" is not known.
    pub dkim_lookup_failed: bool,
    /// For a subdomain without keys of its own: a usable key of its
    /// organizational domain, which aligns under relaxed DKIM alignment;
    /// null otherwise.
    pub parent_dkim_key: Option<&'a FoundKey>,
    /// The domain has A or AAAA records.
    pub has_address: bool,
    /// The domain has MX records other than a null MX.
    pub has_mx: bool,
    /// The domain publishes a null MX (RFC 7505: it receives no mail).
    pub null_mx: bool,
    /// MTA-STS (RFC 8461): the `_mta-sts` record and the policy file
    /// (`not_fetched` offline).
    pub mta_sts: &'a MtaStsReport,
    /// TLS-RPT (RFC 8460): the `_smtp._tls` record.
    pub tls_rpt: &'a PostureRecord,
    /// BIMI: the `default._bimi` record.
    pub bimi: &'a PostureRecord,
    /// Whether the zone is signed (DNSSEC), as far as the resolver can tell.
    pub dnssec: Dnssec,
    /// True when some lookups timed out or failed (the findings name them):
    /// what depended on them was not checked.
    pub partial: bool,
    /// The PTR names of `--ip` (empty without `--ip`).
    pub ptr: &'a [String],
    /// Whether one PTR name resolves back to `--ip` (forward-confirmed
    /// reverse DNS); null without `--ip`.
    pub fcrdns: Option<bool>,
}

/// What `_dmarc.<domain>` publishes.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DmarcPublished<'a> {
    /// What was found: one record, several, or none.
    pub published: &'a Published,
    /// The record read, when there is exactly one.
    pub record: Option<&'a Record>,
}

impl<'a> CheckDocument<'a> {
    /// The document for `report`.
    pub fn new(lang: Lang, dns: String, report: &'a DomainReport) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "check",
            domain: &report.domain,
            dns,
            report: CheckReport {
                spf: SpfTree::new(&report.spf),
                spf_for_ip: report.spf_for_ip.as_ref(),
                dmarc: DmarcPublished {
                    published: &report.dmarc.published,
                    record: report.dmarc.record.as_ref(),
                },
                dkim_keys: &report.dkim_keys,
                selectors_tried: &report.selectors_tried,
                dkim_lookup_failed: report.dkim_lookup_failed,
                parent_dkim_key: report.parent_dkim_key.as_ref(),
                has_address: report.has_address,
                has_mx: report.has_mx,
                null_mx: report.null_mx,
                mta_sts: &report.mta_sts,
                tls_rpt: &report.tls_rpt,
                bimi: &report.bimi,
                dnssec: report.dnssec,
                partial: report.partial,
                ptr: &report.ptr,
                fcrdns: report.fcrdns,
            },
            findings: findings(lang, &report.findings),
            sending_ips: &[],
            profiles: Vec::new(),
            records: Vec::new(),
        }
    }
}
