//! BIMI (draft-brand-indicators-for-message-identification §4.2): the
//! `default._bimi` TXT record, its syntax, and the DMARC policy receivers
//! ask for before showing a logo.

use super::tag_record::{PostureRecord, RecordState, check_record, fields, usable_uri};
use crate::diag::{Code, Finding};
use crate::dmarc::{DomainLint, Mode, Policy};
use crate::dns::Resolver;

/// The logo (`l=`) and authority evidence (`a=`) of a BIMI assertion
/// record (`v=BIMI1` first; each a https URL, the logo an SVG file; both
/// empty is a declination to publish a logo). `Err` gives the catalog's
/// problem and the offending text.
pub fn parse_record(record: &str) -> Result<(&str, &str), (&'static str, &str)> {
    let fields = fields(record).map_err(|f| ("syntax", f))?;
    let get = |tag: &str| fields.iter().find(|(k, _)| *k == tag).map(|(_, v)| *v);
    let logo = get("l").ok_or(("no-logo", ""))?;
    let authority = get("a").unwrap_or("");
    for url in [logo, authority] {
        let https = url
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
            && url.len() > 8;
        if !url.is_empty() && !https {
            return Err(("not-https", url));
        }
        if !url.is_empty() && !usable_uri(url, &["https"]) {
            return Err(("bad-url", url));
        }
    }
    let path = logo.split(['?', '#']).next().unwrap_or(logo);
    let svg = path
        .len()
        .checked_sub(4)
        .and_then(|i| path.get(i..))
        .is_some_and(|ext| ext.eq_ignore_ascii_case(".svg"));
    if !logo.is_empty() && !svg {
        return Err(("not-svg", logo));
    }
    Ok((logo, authority))
}

/// Reads `default._bimi.<domain>`; with a usable record, also says when
/// the DMARC policy is not one receivers show logos under.
pub(crate) async fn check<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
) -> (PostureRecord, Vec<Finding>) {
    // BIMI is optional: its absence is no finding.
    check_record(
        resolver,
        domain,
        format!("default._bimi.{domain}"),
        "v=BIMI1",
        Code::CheckBimiInvalid,
        None,
        |text| parse_record(text).map(drop),
    )
    .await
}

/// [`Code::CheckBimiDmarcWeak`] when a usable BIMI record stands beside a
/// DMARC policy that is not enforced on all mail (none, pct below 100,
/// t=y, or no usable record).
pub(crate) fn dmarc_finding(
    bimi: &PostureRecord,
    dmarc: &DomainLint,
    mode: Mode,
    domain: &str,
) -> Option<Finding> {
    if bimi.state != RecordState::Valid || bimi.record.as_deref().is_some_and(declines) {
        return None;
    }
    let policy = match dmarc.record.as_ref().map(|r| r.effective(mode)) {
        Some(Ok(e)) => {
            if e.p != Policy::None && e.pct == 100 && !e.testing {
                return None;
            }
            let mut text = format!("p={}", e.p.as_str());
            if e.pct != 100 {
                text.push_str(&format!("; pct={}", e.pct));
            }
            if e.testing {
                text.push_str("; t=y");
            }
            text
        }
        _ => "—".to_string(),
    };
    Some(
        Finding::new(Code::CheckBimiDmarcWeak)
            .param("domain", domain)
            .param("policy", policy),
    )
}

/// A record with empty `l=` and `a=`: the domain declines to show a logo.
fn declines(record: &str) -> bool {
    parse_record(record).is_ok_and(|(l, a)| l.is_empty() && a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_syntax() {
        assert_eq!(
            parse_record("v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem")
                .unwrap(),
            (
                "https://example.com/logo.svg",
                "https://example.com/vmc.pem"
            )
        );
        // Declination (draft §4.2: empty l= and a=).
        assert_eq!(parse_record("v=BIMI1; l=; a=;").unwrap(), ("", ""));
        assert_eq!(parse_record("v=BIMI1;").unwrap_err().0, "no-logo");
        assert_eq!(
            parse_record("v=BIMI1; l=http://example.com/logo.svg").unwrap_err(),
            ("not-https", "http://example.com/logo.svg")
        );
        assert_eq!(
            parse_record("v=BIMI1; l=https://example.com/logo.png").unwrap_err(),
            ("not-svg", "https://example.com/logo.png")
        );
        assert_eq!(
            parse_record("v=BIMI1; l=https://example.com/l.svg; a=ftp://x").unwrap_err(),
            ("not-https", "ftp://x")
        );
    }
}
