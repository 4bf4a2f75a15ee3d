//! SMTP TLS Reporting (RFC 8460): the `_smtp._tls` TXT record.

use super::tag_record::{PostureRecord, check_record, fields, usable_uri};
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
    check_record(
        resolver,
        domain,
        format!("_smtp._tls.{domain}"),
        "v=TLSRPTv1",
        Code::CheckTlsRptInvalid,
        Some(Code::CheckTlsRptMissing),
        |text| parse_record(text).map(drop),
    )
    .await
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
