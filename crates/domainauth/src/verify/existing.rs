//! The Authentication-Results fields already in a message (a Gmail "show
//! original" paste, say), read and explained: what each receiver
//! concluded and why DMARC did or did not pass there.

use crate::authres::{AuthResults, parse};
use crate::diag::{Code, Finding};
use crate::dmarc::{DmarcVerdict, Evaluator};
use crate::dns::Resolver;
use crate::mail::Message;

/// One Authentication-Results or ARC-Authentication-Results field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExistingField {
    /// The field name as written.
    pub name: String,
    /// True when its authserv-id is one the caller trusts (or none was named).
    pub trusted: bool,
    /// The field, read.
    pub parsed: Option<AuthResults>,
    /// Why it could not be read.
    pub error: Option<String>,
}

/// Every existing result field, with findings for the trusted ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ExistingResults {
    /// The fields, top to bottom.
    pub fields: Vec<ExistingField>,
    /// What they say.
    pub findings: Vec<Finding>,
}

fn summary(ar: &AuthResults) -> String {
    if ar.results.is_empty() {
        return "none".to_string();
    }
    ar.results
        .iter()
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
        .join("; ")
}

/// Reads and explains the existing result fields of `message`. `dmarc` is
/// our verdict of the same message: its author domain and organizational
/// domain are what the fields' identifiers are compared with.
pub async fn explain_existing<R: Resolver>(
    message: &Message<'_>,
    dmarc: &DmarcVerdict,
    evaluator: &Evaluator<R>,
    trusted: &[String],
) -> ExistingResults {
    let mut out = ExistingResults::default();
    let mut explained: Vec<(String, String)> = Vec::new();
    let is_result_field = |name: &str| {
        name.eq_ignore_ascii_case("authentication-results")
            || name.eq_ignore_ascii_case("arc-authentication-results")
    };
    if !message.fields().any(|f| is_result_field(f.name)) {
        return out;
    }
    let primary = dmarc.focus();
    let from = primary.map(|d| d.from_domain.clone());
    let from_org = match (primary, &from) {
        (Some(d), _) if d.org_domain.is_some() => d.org_domain.as_ref().map(|o| o.domain.clone()),
        (_, Some(f)) => evaluator.org_domain(f).await.ok(),
        _ => None,
    };
    for field in message.fields().filter(|f| is_result_field(f.name)) {
        let parsed = parse(&String::from_utf8_lossy(field.value));
        let (parsed, error) = match parsed {
            Ok(p) => (Some(p), None),
            Err(e) => {
                out.findings
                    .push(Finding::new(Code::AuthresUnreadable).param("error", &e));
                (None, Some(e.to_string()))
            }
        };
        let trusted_field = parsed.as_ref().is_some_and(|p| {
            trusted.is_empty()
                || trusted
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&p.authserv_id))
        });
        // A receiver's ARC-Authentication-Results usually repeats its
        // Authentication-Results: explain each distinct one once.
        let repeated = parsed.as_ref().is_some_and(|ar| {
            let key = (ar.authserv_id.to_ascii_lowercase(), summary(ar));
            let seen = explained.contains(&key);
            explained.push(key);
            seen
        });
        if let (Some(ar), true, false) = (&parsed, trusted_field, repeated) {
            let authserv = match ar.instance {
                Some(i) => format!("{} (ARC i={i})", ar.authserv_id),
                None => ar.authserv_id.clone(),
            };
            out.findings.push(
                Finding::new(Code::AuthresSeen)
                    .param("authserv", &authserv)
                    .param("summary", summary(ar)),
            );
            let header_from = ar
                .method("dmarc")
                .find_map(|r| r.domain("header", "from"))
                .or_else(|| from.clone());
            if let Some(hf) = header_from {
                let hf_org = if Some(&hf) == from.as_ref() {
                    from_org.clone()
                } else {
                    evaluator.org_domain(&hf).await.ok()
                };
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
                    let org = evaluator.org_domain(&domain).await.ok();
                    if domain != hf && org.is_some() && org != hf_org {
                        out.findings.push(
                            Finding::new(code)
                                .param("authserv", &authserv)
                                .param("domain", &domain)
                                .param("from", &hf),
                        );
                    }
                }
                for r in ar.method("dmarc").filter(|r| r.result == "fail") {
                    let policy = r
                        .comments
                        .iter()
                        .flat_map(|c| c.split_whitespace())
                        .find_map(|w| w.strip_prefix("p=").or_else(|| w.strip_prefix("P=")))
                        .map(|p| p.to_ascii_lowercase())
                        .unwrap_or_else(|| "?".into());
                    out.findings.push(
                        Finding::new(Code::AuthresDmarcFail)
                            .param("authserv", &authserv)
                            .param("from", &hf)
                            .param("policy", policy),
                    );
                }
            }
            for skipped in &ar.skipped {
                out.findings
                    .push(Finding::new(Code::AuthresUnreadable).param("error", skipped));
            }
        }
        out.fields.push(ExistingField {
            name: field.name.to_string(),
            trusted: trusted_field,
            parsed,
            error,
        });
    }
    out
}
