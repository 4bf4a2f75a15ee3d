//! Null MX (RFC 7505): a domain that says it receives no mail.

use crate::diag::{Code, Finding, Severity};
use crate::dns::Mx;

/// Whether `mx` is the null MX of RFC 7505 §3: an exchange that is the
/// root name (".", held as the empty name). The RFC gives it preference 0;
/// any preference is read as the same statement.
pub fn is_null_mx(mx: &Mx) -> bool {
    let exchange = mx.exchange.trim_end_matches('.');
    exchange.is_empty()
}

/// What a domain's MX records say about receiving mail, as findings:
/// none for ordinary MX records; [`Code::CheckNullMxMixed`] when a null
/// MX stands beside other MX records (RFC 7505 §3: "MUST NOT"); else
/// [`Code::CheckNullMx`], a warning when `sends` (the domain publishes SPF
/// or DKIM for sending), since RFC 7505 §4.2 lets receivers refuse mail
/// whose addresses cannot receive replies, and information otherwise.
pub(crate) fn null_mx_findings(domain: &str, mxs: &[Mx], sends: bool) -> Vec<Finding> {
    let nulls = mxs.iter().filter(|m| is_null_mx(m)).count();
    if nulls == 0 {
        return Vec::new();
    }
    let others = mxs.len() - nulls;
    if others > 0 {
        return vec![
            Finding::new(Code::CheckNullMxMixed)
                .param("domain", domain)
                .param("count", others),
        ];
    }
    let finding = Finding::new(Code::CheckNullMx)
        .param("domain", domain)
        .param("sends", if sends { "yes" } else { "no" });
    vec![if sends {
        finding.severity(Severity::Warning)
    } else {
        finding
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mx(preference: u16, exchange: &str) -> Mx {
        Mx {
            preference,
            exchange: exchange.into(),
        }
    }

    #[test]
    fn null_mx_alone_mixed_and_absent() {
        assert!(null_mx_findings("example.jp", &[mx(10, "mail.example.jp")], true).is_empty());
        let alone = null_mx_findings("example.jp", &[mx(0, "")], false);
        assert_eq!(alone[0].code, Code::CheckNullMx);
        assert_eq!(alone[0].severity, Severity::Info);
        let sending = null_mx_findings("example.jp", &[mx(0, ".")], true);
        assert_eq!(sending[0].severity, Severity::Warning);
        let mixed = null_mx_findings("example.jp", &[mx(0, ""), mx(10, "mail.example.jp")], false);
        assert_eq!(mixed[0].code, Code::CheckNullMxMixed);
        assert_eq!(mixed[0].params["count"], "1");
    }
}
