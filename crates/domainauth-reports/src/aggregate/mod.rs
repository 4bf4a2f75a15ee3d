//! DMARC aggregate reports (RFC 9990 §3; the older schema of RFC 7489
//! Appendix C), read from their XML as a stream of quick-xml events: no
//! document tree, no DTD, no entity expansion, linear time.
//!
//! What receivers really send is tolerated and noted in
//! [`AggregateReport::notes`]: a missing or wrong `<version>`; namespaces
//! and prefixes (elements are matched by local name); a UTF-8 or UTF-16
//! byte order mark; windows-1252, iso-8859-1, shift_jis and any other
//! encoding the XML declaration names; invalid UTF-8 (replaced by U+FFFD);
//! enum values in any case (`Pass`, `PASS`, `Reject`); empty elements;
//! empty `<reason>`; several `<dkim>`/`<spf>` results; `hardfail`;
//! `<extension>`/`<extensions>` and unknown elements (skipped).
//!
//! What cannot be a report is refused with an [`AggregateError`] naming the
//! element path and byte offset: DTDs and entity declarations (never
//! processed), unknown entity references (never expanded), nesting deeper
//! than [`Limits::max_xml_depth`], text or attributes longer than
//! [`Limits::max_text`], more than [`Limits::max_records`] records,
//! truncated documents, input that is not XML, missing required parts and
//! invalid addresses or counts, and a report with no record.

mod decode;
mod error;
mod parser;
pub(crate) mod shown;
mod values;

pub use error::AggregateError;

use crate::Limits;
use crate::model::AggregateReport;

/// The namespace of RFC 9990 reports, `urn:ietf:params:xml:ns:dmarc-2.0`.
pub const NAMESPACE_RFC9990: &str = parser::NS_DMARC_2;

/// Reads one aggregate report from its XML document (already taken out of
/// its gzip, zip or mail container).
///
/// The schema is recognised as [`Rfc9990`](crate::model::AggregateSchema::Rfc9990)
/// by the `urn:ietf:params:xml:ns:dmarc-2.0` namespace or by an element only
/// that schema has (`<np>`, `<discovery_method>`, `<testing>`,
/// `<generator>`); otherwise it is
/// [`Rfc7489`](crate::model::AggregateSchema::Rfc7489).
///
/// ```
/// use domainauth_reports::{Limits, aggregate};
///
/// let xml = br#"<?xml version="1.0"?>
/// <feedback>
///   <report_metadata>
///     <org_name>receiver.example</org_name>
///     <email>dmarc@receiver.example</email>
///     <report_id>r-1</report_id>
///     <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
///   </report_metadata>
///   <policy_published><domain>Example.COM</domain><p>Reject</p></policy_published>
///   <record>
///     <row>
///       <source_ip>192.0.2.1</source_ip><count>3</count>
///       <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>FAIL</spf></policy_evaluated>
///     </row>
///     <identifiers><header_from>example.com</header_from></identifiers>
///     <auth_results><spf><domain>example.com</domain><result>hardfail</result></spf></auth_results>
///   </record>
/// </feedback>"#;
/// let report = aggregate::parse(xml, &Limits::default())?;
/// assert_eq!(report.policy.domain, "example.com");
/// assert_eq!(report.records[0].count, 3);
/// assert!(report.records[0].evaluated.dmarc_pass());
/// # Ok::<(), aggregate::AggregateError>(())
/// ```
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<AggregateReport, AggregateError> {
    let size = bytes.len() as u64;
    if size > limits.max_decompressed {
        return Err(AggregateError::TooLarge {
            size,
            max: limits.max_decompressed,
        });
    }
    let decoded = decode::decode(bytes, limits.max_decompressed).map_err(|size| {
        AggregateError::TooLarge {
            size,
            max: limits.max_decompressed,
        }
    })?;
    let text: &str = &decoded.text;
    if let Some(first) = text.find(|c: char| !c.is_whitespace())
        && !text[first..].starts_with('<')
    {
        return Err(AggregateError::NotXml {
            offset: first as u64 + decoded.skipped,
        });
    }
    parser::Parser::new(text, decoded.skipped, decoded.notes, limits).run()
}

#[cfg(test)]
mod tests {
    use domainauth::diag::Lang;

    use super::*;
    use crate::Explain;

    #[test]
    fn english_catalog_text_is_display_and_japanese_exists() {
        for e in AggregateError::samples() {
            assert_eq!(e.text(Lang::En), e.to_string(), "{}", e.message_id());
            let ja = e.text(Lang::Ja);
            assert_ne!(
                ja,
                e.message_id(),
                "no Japanese text for {}",
                e.message_id()
            );
            assert_ne!(ja, e.to_string(), "{} is not translated", e.message_id());
        }
    }
}
