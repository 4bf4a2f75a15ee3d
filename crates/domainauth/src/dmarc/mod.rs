//! DMARC (RFC 9989, with RFC 7489 as legacy mode): records and their
//! linter, the organizational domain (DNS tree walk or Public Suffix List),
//! policy discovery, identifier alignment and the policy to apply.
//!
//! - [`record`]: the record and the fallback rules for invalid ones.
//! - [`lint`]: findings with fixes for a published record.
//! - [`org`]: tree walk (RFC 9989 §4.10) and the Public Suffix List.
//! - [`eval`]: [`Evaluator`], from author domain and SPF/DKIM results to a verdict.

pub mod eval;
mod explain;
pub mod lint;
pub mod org;
pub mod record;

pub use eval::{
    Alignment, DkimAuth, DmarcConfig, DmarcResult, DmarcVerdict, DomainVerdict, Evaluator, Method,
    OrgDomain, PolicyTag, Sampling, SpfAuth,
};
pub use lint::{DomainLint, MAX_EXTERNAL_DESTINATIONS, closest_tag, lint_domain, lint_record};
pub use org::{
    PslError, PslSyntaxError, PublicSuffixList, Walk, WalkStep, tree_walk, walk_targets,
};
pub use record::{
    AlignmentMode, Effective, Mode, ParseModeError, Policy, Psd, Record, ReportUri, Unusable, Value,
};

use crate::diag::{Code, Finding};
use crate::dns::{DnsError, Resolver, check_host_name, normalize_name};

/// The name a domain's DMARC record is published at: `_dmarc.<domain>`.
pub fn record_name(domain: &str) -> String {
    format!("_dmarc.{}", normalize_name(domain))
}

/// True when a TXT string is a DMARC record: `v=DMARC1` first, followed by
/// `;`, whitespace or the end (RFC 7489 §6.4: the version tag must come first).
pub fn is_dmarc_record(text: &[u8]) -> bool {
    let Some(rest) = text.strip_prefix(b"v=DMARC1") else {
        return false;
    };
    rest.first()
        .is_none_or(|b| *b == b';' || b.is_ascii_whitespace())
}

/// What `_dmarc.<domain>` publishes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Published {
    /// Exactly one DMARC record.
    Record {
        /// Where it was found.
        name: String,
        /// Its text.
        record: String,
    },
    /// No DMARC record (NXDOMAIN, no TXT, or no TXT starting `v=DMARC1`).
    None {
        /// Where it was looked for.
        name: String,
    },
    /// More than one DMARC record: receivers ignore them all.
    Several {
        /// Where they were found.
        name: String,
        /// How many.
        count: usize,
    },
}

impl Published {
    /// This publication as the finding a report shows for `domain`:
    /// [`Code::DmarcPresent`] with the record, [`Code::DmarcSeveral`] (which
    /// receivers read as no record at all, RFC 9989 §4.10) or the
    /// [`missing_finding`].
    pub fn finding(&self, domain: &str) -> Finding {
        match self {
            Self::Record { name, record } => Finding::new(Code::DmarcPresent)
                .param("name", name)
                .param("record", record),
            Self::None { .. } => missing_finding(domain),
            Self::Several { name, count } => Finding::new(Code::DmarcSeveral)
                .param("name", name)
                .param("count", count),
        }
    }
}

/// The finding that `domain` publishes no DMARC record at
/// `_dmarc.<domain>` ([`Code::DmarcMissing`], whose fix is a first
/// `p=none` record with reports): one wording for the linter, the
/// explanation of a verdict and the tools that check SPF alone.
///
/// ```
/// use domainauth::diag::Code;
/// let f = domainauth::dmarc::missing_finding("Example.COM.");
/// assert_eq!(f.code, Code::DmarcMissing);
/// assert_eq!(f.params["name"], "_dmarc.example.com");
/// assert_eq!(f.params["domain"], "example.com");
/// ```
pub fn missing_finding(domain: &str) -> Finding {
    let domain = normalize_name(domain);
    Finding::new(Code::DmarcMissing)
        .param("name", record_name(&domain))
        .param("domain", domain)
}

/// Whether SPF alone will satisfy receivers: the DMARC record that applies
/// to mail from `domain` ([`find`]) as one finding ([`Published::finding`]).
/// `None` when `domain` is not a host name (RFC 7208 §4.3 leaves such a
/// check `none`, so there is nothing to add) or DNS gives no answer.
pub async fn publication_finding<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
) -> Option<Finding> {
    check_host_name(domain).ok()?;
    find(resolver, domain)
        .await
        .ok()
        .map(|published| published.finding(domain))
}

/// Looks up the DMARC record published exactly at `_dmarc.<domain>`.
pub async fn lookup<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
) -> Result<Published, DnsError> {
    let name = record_name(domain);
    let txts = match resolver.txt(&name).await {
        Ok(t) => t,
        Err(e) if e.is_void() => return Ok(Published::None { name }),
        Err(e) => return Err(e),
    };
    let records: Vec<String> = txts
        .iter()
        .map(|t| t.joined())
        .filter(|t| is_dmarc_record(t))
        .map(|t| String::from_utf8_lossy(&t).into_owned())
        .collect();
    Ok(match records.len() {
        0 => Published::None { name },
        1 => Published::Record {
            name,
            record: records.into_iter().next().unwrap_or_default(),
        },
        count => Published::Several { name, count },
    })
}

/// Finds the DMARC record that applies to mail from `domain`: the record at
/// `_dmarc.<domain>`, else at each parent domain up to (not including) the
/// top-level label, as the RFC 9989 §4.10 tree walk does for ordinary names.
/// Returns the first record found, or `None` naming the exact domain's name.
pub async fn find<R: Resolver + ?Sized>(resolver: &R, domain: &str) -> Result<Published, DnsError> {
    let domain = normalize_name(domain);
    let mut candidate = domain.as_str();
    loop {
        match lookup(resolver, candidate).await? {
            Published::None { .. } => {}
            found => return Ok(found),
        }
        match candidate.split_once('.') {
            Some((_, parent)) if parent.contains('.') => candidate = parent,
            _ => break,
        }
    }
    Ok(Published::None {
        name: record_name(&domain),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tag() {
        assert!(is_dmarc_record(b"v=DMARC1; p=none"));
        assert!(is_dmarc_record(b"v=DMARC1"));
        assert!(!is_dmarc_record(b"v=DMARC10; p=none"));
        assert!(!is_dmarc_record(b"p=none; v=DMARC1"));
    }

    #[cfg(feature = "zone")]
    #[test]
    fn publication_finding_says_what_applies() {
        let zone = crate::dns::ZoneResolver::from_zone_text(
            "$ORIGIN example.\n\
             _dmarc.shop 300 IN TXT \"v=DMARC1; p=reject\"\n\
             _dmarc.twice 300 IN TXT \"v=DMARC1; p=none\"\n\
             _dmarc.twice 300 IN TXT \"v=DMARC1; p=reject\"\n\
             _dmarc.bare 300 IN TXT \"not dmarc\"\n",
            None,
        )
        .unwrap();
        let run = |domain: &'static str| {
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(publication_finding(&zone, domain))
        };
        // A subdomain is covered by the record above it (the tree walk).
        let f = run("news.shop.example").unwrap();
        assert_eq!(f.code, Code::DmarcPresent);
        assert_eq!(f.params["name"], "_dmarc.shop.example");
        assert_eq!(f.params["record"], "v=DMARC1; p=reject");
        let f = run("twice.example").unwrap();
        assert_eq!(f.code, Code::DmarcSeveral);
        assert_eq!(f.params["count"], "2");
        // Missing: named at the exact domain, as the linter names it.
        let f = run("Bare.Example.").unwrap();
        assert_eq!(f.code, Code::DmarcMissing);
        assert_eq!(f.params["name"], "_dmarc.bare.example");
        assert_eq!(f.params["domain"], "bare.example");
        assert_eq!(run("bad name.example"), None);
    }
}
