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
pub use lint::{DomainLint, closest_tag, lint_domain, lint_record};
pub use org::{
    PslError, PslSyntaxError, PublicSuffixList, Walk, WalkStep, tree_walk, walk_targets,
};
pub use record::{
    AlignmentMode, Effective, Mode, ParseModeError, Policy, Psd, Record, ReportUri, Unusable, Value,
};

use crate::dns::{DnsError, Resolver, normalize_name};

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
}
