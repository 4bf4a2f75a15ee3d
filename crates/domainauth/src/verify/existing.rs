//! The Authentication-Results fields already in a message (a Gmail "show
//! original" paste, say), read and explained: what each receiver
//! concluded and why DMARC did or did not pass there.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::authres::{AuthResults, parse};
use crate::diag::{Code, Finding};
use crate::dmarc::{DmarcVerdict, DomainVerdict, Evaluator};
use crate::dns::Resolver;
use crate::mail::Message;

/// One Authentication-Results or ARC-Authentication-Results field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExistingField {
    /// The field name as written.
    pub name: String,
    /// True when the field lies in the trusted block (written by the
    /// receiver the message was read from, not below its `Received`:
    /// [`crate::verify::trusted_block_len`]) and its authserv-id is one the
    /// caller trusts (or none was named).
    pub trusted: bool,
    /// The field, read.
    pub parsed: Option<AuthResults>,
    /// Why it could not be read.
    pub error: Option<String>,
}

/// The existing result fields (the first [`MAX_EXISTING_FIELDS`]), with
/// findings for the trusted ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExistingResults {
    /// The fields, top to bottom (at most [`MAX_EXISTING_FIELDS`]).
    pub fields: Vec<ExistingField>,
    /// What they say.
    pub findings: Vec<Finding>,
}

/// The results of `ar` as `method=result` with their identifiers, the first
/// `max` of them (and how many more).
pub(super) fn summary(ar: &AuthResults, max: usize) -> String {
    if ar.results.is_empty() {
        return "none".to_string();
    }
    let mut text = ar
        .results
        .iter()
        .take(max)
        .map(|r| {
            let mut s = format!("{}={}", r.method, r.result);
            for p in &r.properties {
                if matches!(
                    (p.ptype.as_str(), p.property.as_str()),
                    ("smtp", "mailfrom")
                        | ("smtp", "helo")
                        | ("header", "d")
                        | ("header", "i")
                        | ("header", "from")
                ) {
                    s.push_str(&format!(" {}.{}={}", p.ptype, p.property, p.value));
                }
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ");
    if ar.results.len() > max {
        text.push_str(&format!("; … (+{})", ar.results.len() - max));
    }
    text
}

/// At most this many Authentication-Results and ARC-Authentication-Results
/// fields are read and explained per message, top to bottom; the rest are
/// counted in one [`Code::AuthresCapped`] finding. A message crossing 32
/// relays that each add both fields is far beyond real mail; 550 forged
/// fields are not.
pub const MAX_EXISTING_FIELDS: usize = 32;

/// At most this many distinct organizational domains are looked up per
/// message for the identifiers the existing fields name (each a DMARC tree
/// walk of up to 5 queries, RFC 9989 §4.10); identifiers needing more are
/// counted in one [`Code::AuthresCapped`] finding.
pub const MAX_EXISTING_ORG_LOOKUPS: usize = 16;

/// Results of one field shown in its [`Code::AuthresSeen`] summary.
const SUMMARY_RESULTS: usize = 16;

/// Findings, each said once.
#[derive(Default)]
struct Said {
    findings: Vec<Finding>,
    seen: HashSet<(Code, BTreeMap<String, String>)>,
}

impl Said {
    fn push(&mut self, finding: Finding) {
        if self.seen.insert((finding.code, finding.params.clone())) {
            self.findings.push(finding);
        }
    }
}

/// Organizational domains looked up for this message, at most
/// [`MAX_EXISTING_ORG_LOOKUPS`] of them.
struct OrgLookups<'e, R> {
    evaluator: &'e Evaluator<R>,
    known: HashMap<String, Option<String>>,
    /// Identifiers left unchecked because the cap was reached.
    refused: usize,
}

impl<'e, R: Resolver> OrgLookups<'e, R> {
    /// No lookup yet; the organizational domain of `from`, our verdict's
    /// author domain, is known from that verdict.
    fn new(evaluator: &'e Evaluator<R>, primary: Option<&DomainVerdict>) -> Self {
        let mut known = HashMap::new();
        if let Some(d) = primary
            && let Some(org) = &d.org_domain
        {
            known.insert(d.from_domain.clone(), Some(org.domain.clone()));
        }
        Self {
            evaluator,
            known,
            refused: 0,
        }
    }

    /// The organizational domain of `domain`: `Ok(None)` when it cannot be
    /// found (DNS failure), `Err(())` when the cap stops the lookup.
    async fn get(&mut self, domain: &str) -> Result<Option<String>, ()> {
        if let Some(known) = self.known.get(domain) {
            return Ok(known.clone());
        }
        if self.known.len() >= MAX_EXISTING_ORG_LOOKUPS {
            self.refused += 1;
            return Err(());
        }
        let org = self.evaluator.org_domain(domain).await.ok();
        self.known.insert(domain.to_string(), org.clone());
        Ok(org)
    }
}

/// Reads and explains the existing result fields of `message`. `dmarc` is
/// our verdict of the same message: its author domain and organizational
/// domain are what the fields' identifiers are compared with.
///
/// The work is bounded whatever the message holds: at most
/// [`MAX_EXISTING_FIELDS`] fields, [`MAX_EXISTING_ORG_LOOKUPS`] organizational
/// domains, each finding said once, repeats found with a hash set.
pub async fn explain_existing<R: Resolver>(
    message: &Message<'_>,
    dmarc: &DmarcVerdict,
    evaluator: &Evaluator<R>,
    trusted: &[String],
) -> ExistingResults {
    let mut out = ExistingResults::default();
    let mut said = Said::default();
    let mut explained: HashSet<(String, String)> = HashSet::new();
    if !message.fields().any(|f| is_result_field(f.name)) {
        return out;
    }
    let primary = dmarc.focus();
    let from = primary.map(|d| d.from_domain.clone());
    let mut orgs = OrgLookups::new(evaluator, primary);
    let mut unread = 0usize;
    // Fields below the trusted block were in the message when it arrived:
    // whatever authserv-id they name, the sender could have written them.
    let block = super::trusted_block_len(message, trusted);
    for (position, field) in message
        .fields()
        .enumerate()
        .filter(|(_, f)| is_result_field(f.name))
    {
        if out.fields.len() >= MAX_EXISTING_FIELDS {
            unread += 1;
            continue;
        }
        let parsed = parse(&String::from_utf8_lossy(field.value));
        let (parsed, error) = match parsed {
            Ok(p) => (Some(p), None),
            Err(e) => {
                said.push(Finding::new(Code::AuthresUnreadable).reason("error", &e));
                (None, Some(e.to_string()))
            }
        };
        let trusted_field =
            position < block && parsed.as_ref().is_some_and(|p| trusted_writer(p, trusted));
        // A receiver's ARC-Authentication-Results usually repeats its
        // Authentication-Results: explain each distinct one once.
        let repeated = parsed.as_ref().is_some_and(|ar| {
            !explained.insert((ar.authserv_id.to_ascii_lowercase(), summary(ar, usize::MAX)))
        });
        if let (Some(ar), true, false) = (&parsed, trusted_field, repeated) {
            explain_field(ar, from.as_deref(), &mut orgs, &mut said).await;
        }
        out.fields.push(ExistingField {
            name: field.name.to_string(),
            trusted: trusted_field,
            parsed,
            error,
        });
    }
    if unread > 0 || orgs.refused > 0 {
        said.push(
            Finding::new(Code::AuthresCapped)
                .param("fields", unread)
                .param("identifiers", orgs.refused)
                .param("max_fields", MAX_EXISTING_FIELDS)
                .param("max_lookups", MAX_EXISTING_ORG_LOOKUPS),
        );
    }
    out.findings = said.findings;
    out
}

/// An Authentication-Results or ARC-Authentication-Results field
/// (RFC 8601, RFC 8617).
fn is_result_field(name: &str) -> bool {
    name.eq_ignore_ascii_case("authentication-results")
        || name.eq_ignore_ascii_case("arc-authentication-results")
}

/// Written by a trusted authserv-id (any, when none is named: RFC 8601 §5
/// leaves the choice to the receiver).
fn trusted_writer(ar: &AuthResults, trusted: &[String]) -> bool {
    trusted.is_empty()
        || trusted
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&ar.authserv_id))
}

/// The findings for one trusted field.
async fn explain_field<R: Resolver>(
    ar: &AuthResults,
    from: Option<&str>,
    orgs: &mut OrgLookups<'_, R>,
    said: &mut Said,
) {
    let authserv = match ar.instance {
        Some(i) => format!("{} (ARC i={i})", ar.authserv_id),
        None => ar.authserv_id.clone(),
    };
    said.push(
        Finding::new(Code::AuthresSeen)
            .param("authserv", &authserv)
            .param("summary", summary(ar, SUMMARY_RESULTS)),
    );
    let header_from = ar
        .method("dmarc")
        .find_map(|r| r.domain("header", "from"))
        .or_else(|| from.map(str::to_string));
    if let Some(hf) = header_from {
        for r in ar.results.iter().filter(|r| r.result == "pass") {
            let (domain, code) = match r.method.as_str() {
                "spf" => (
                    r.domain("smtp", "mailfrom")
                        .or_else(|| r.domain("smtp", "helo")),
                    Code::AuthresSpfNotAligned,
                ),
                "dkim" => (
                    r.domain("header", "d").or_else(|| r.domain("header", "i")),
                    Code::AuthresDkimNotAligned,
                ),
                _ => continue,
            };
            let Some(domain) = domain else { continue };
            if domain == hf {
                continue;
            }
            let Ok(org) = orgs.get(&domain).await else {
                continue;
            };
            let Ok(hf_org) = orgs.get(&hf).await else {
                continue;
            };
            if org.is_some() && org != hf_org {
                said.push(
                    Finding::new(code)
                        .param("authserv", &authserv)
                        .param("domain", &domain)
                        .param("from", &hf),
                );
            }
        }
        // One DMARC conclusion per field (RFC 8601 §2.7.1 has one).
        if let Some(r) = ar.method("dmarc").find(|r| r.result == "fail") {
            let policy = r
                .comments
                .iter()
                .flat_map(|c| c.split_whitespace())
                .find_map(|w| w.strip_prefix("p=").or_else(|| w.strip_prefix("P=")))
                .map(|p| p.to_ascii_lowercase())
                .unwrap_or_else(|| "?".into());
            said.push(
                Finding::new(Code::AuthresDmarcFail)
                    .param("authserv", &authserv)
                    .param("from", &hf)
                    .param("policy", policy),
            );
        }
    }
    // The first unreadable part; later ones usually follow from it.
    if let Some(skipped) = ar.skipped.first() {
        said.push(Finding::new(Code::AuthresUnreadable).reason("error", skipped));
    }
}
