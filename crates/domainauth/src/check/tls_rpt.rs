//! SMTP TLS Reporting (RFC 8460): the `_smtp._tls` TXT record.

use super::tag_record::{Lookup, PostureRecord, RecordState, fields, lookup, usable_uri};
use crate::diag::{Code, Finding};
use crate::dns::Resolver;

/// The report destinations of a TLS-RPT record (RFC 8460 §3: `v=TLSRPTv1`
/// first, then `rua=` with one or more `mailto:` or `https:` URIs separated
/// by commas). `Err` gives the catalog's problem and the offending text.
pub fn parse_record(record: &str) -> Result<Vec<&str>, (&'static str, &str)> {
    let fields = fields(record).map_err(|f| ("syntax", f))?;
    let rua = fields
        .iter()
        .find(|(k, _)| *k == "rua")
        .map(|(_, v)| *v)
        .ok_or(("no-rua", ""))?;
    let uris: Vec<&str> = rua.split(',').map(str::trim).collect();
    for uri in &uris {
        if !usable_uri(uri, &["mailto", "https"]) {
            return Err(("bad-uri", uri));
        }
    }
    Ok(uris)
}

/// Reads `_smtp._tls.<domain>`.
pub(crate) async fn check<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
) -> (PostureRecord, Vec<Finding>) {
    let name = format!("_smtp._tls.{domain}");
    let mut record = PostureRecord {
        name: name.clone(),
        record: None,
        state: RecordState::Absent,
    };
    let invalid = |problem: &str, value: &str, count: usize| {
        Finding::new(Code::CheckTlsRptInvalid)
            .param("domain", domain)
            .param("name", &name)
            .param("problem", problem)
            .param("value", value)
            .param("count", count)
    };
    let finding = match lookup(resolver, &name, "v=TLSRPTv1").await {
        Lookup::Failed => {
            record.state = RecordState::Unknown;
            None
        }
        Lookup::Absent => Some(
            Finding::new(Code::CheckTlsRptMissing)
                .param("domain", domain)
                .param("name", &name),
        ),
        Lookup::Found(texts) if texts.len() > 1 => {
            record.state = RecordState::Invalid;
            Some(invalid("several", "", texts.len()))
        }
        Lookup::Found(mut texts) => {
            let text = texts.remove(0);
            let finding = match parse_record(&text) {
                Ok(_) => {
                    record.state = RecordState::Valid;
                    None
                }
                Err((problem, value)) => {
                    record.state = RecordState::Invalid;
                    Some(invalid(problem, value, 1))
                }
            };
            record.record = Some(text);
            finding
        }
    };
    (record, finding.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_syntax_of_rfc_8460_section_3() {
        // The RFC's examples (§3.1.1).
        assert_eq!(
            parse_record("v=TLSRPTv1;rua=mailto:reports@example.com").unwrap(),
            ["mailto:reports@example.com"]
        );
        assert_eq!(
            parse_record("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt").unwrap(),
            ["https://reporting.example.com/v1/tlsrpt"]
        );
        assert_eq!(
            parse_record("v=TLSRPTv1; rua=mailto:a@example.com,https://r.example/x")
                .unwrap()
                .len(),
            2
        );
        assert_eq!(parse_record("v=TLSRPTv1;").unwrap_err().0, "no-rua");
        assert_eq!(
            parse_record("v=TLSRPTv1; rua=http://r.example/x").unwrap_err(),
            ("bad-uri", "http://r.example/x")
        );
        assert_eq!(
            parse_record("v=TLSRPTv1; rua").unwrap_err(),
            ("syntax", "rua")
        );
    }
}
