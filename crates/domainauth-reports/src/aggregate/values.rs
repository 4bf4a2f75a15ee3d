//! Values of the aggregate report's simple types (RFC 9990 §3.1 and its
//! XML schema; RFC 7489 Appendix C), read tolerantly: case-folded,
//! surrounding whitespace ignored, and the spellings receivers really use
//! (`hardfail`, `temp_error`, `relaxed`) mapped onto the schema's set.

use crate::model::{
    AlignmentMode, Disposition, DkimAuthResult, DmarcOutcome, OverrideKind, SpfAuthResult, SpfScope,
};

/// Lower case, with `_`, `-` and spaces removed: `Temp_Error` → `temperror`.
fn folded(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `none`, `quarantine`, `reject` (RFC 9990 `DispositionType`).
pub(crate) fn disposition(value: &str) -> Option<Disposition> {
    match folded(value).as_str() {
        "none" => Some(Disposition::None),
        "quarantine" => Some(Disposition::Quarantine),
        "reject" => Some(Disposition::Reject),
        _ => None,
    }
}

/// `r` or `s` (RFC 9990 `AlignmentType`); `relaxed`/`strict` also read.
pub(crate) fn alignment(value: &str) -> Option<AlignmentMode> {
    match folded(value).as_str() {
        "r" | "relaxed" => Some(AlignmentMode::Relaxed),
        "s" | "strict" => Some(AlignmentMode::Strict),
        _ => None,
    }
}

/// `pass` or `fail` (RFC 9990 `DMARCResultType`); anything else is not
/// an aligned pass, so it reads as fail, and `Err` tells the caller to
/// note it.
pub(crate) fn outcome(value: &str) -> Result<DmarcOutcome, DmarcOutcome> {
    match folded(value).as_str() {
        "pass" => Ok(DmarcOutcome::Pass),
        "fail" => Ok(DmarcOutcome::Fail),
        _ => Err(DmarcOutcome::Fail),
    }
}

/// RFC 9990 `PolicyOverrideType`; a value outside the set is kept as sent.
pub(crate) fn override_kind(value: &str) -> OverrideKind {
    match folded(value).as_str() {
        "forwarded" => OverrideKind::Forwarded,
        "sampledout" => OverrideKind::SampledOut,
        "trustedforwarder" => OverrideKind::TrustedForwarder,
        "mailinglist" => OverrideKind::MailingList,
        "localpolicy" => OverrideKind::LocalPolicy,
        "policytestmode" => OverrideKind::PolicyTestMode,
        "other" => OverrideKind::Other("other".to_string()),
        _ => OverrideKind::Other(value.to_string()),
    }
}

/// A DKIM result (RFC 8601 §2.7.1, RFC 9990 `DKIMResultType`).
pub(crate) fn dkim_result(value: &str) -> Option<DkimAuthResult> {
    match folded(value).as_str() {
        "none" => Some(DkimAuthResult::None),
        "pass" => Some(DkimAuthResult::Pass),
        "fail" => Some(DkimAuthResult::Fail),
        "policy" => Some(DkimAuthResult::Policy),
        "neutral" => Some(DkimAuthResult::Neutral),
        "temperror" => Some(DkimAuthResult::TempError),
        "permerror" => Some(DkimAuthResult::PermError),
        _ => None,
    }
}

/// An SPF result (RFC 7208 §2.6, RFC 9990 `SPFResultType`). `hardfail`,
/// which some receivers write, is `fail`; the flag says it was spelled so.
pub(crate) fn spf_result(value: &str) -> Option<(SpfAuthResult, bool)> {
    Some(match folded(value).as_str() {
        "none" => (SpfAuthResult::None, false),
        "neutral" => (SpfAuthResult::Neutral, false),
        "pass" => (SpfAuthResult::Pass, false),
        "fail" => (SpfAuthResult::Fail, false),
        "hardfail" => (SpfAuthResult::Fail, true),
        "softfail" => (SpfAuthResult::SoftFail, false),
        "temperror" => (SpfAuthResult::TempError, false),
        "permerror" => (SpfAuthResult::PermError, false),
        _ => return None,
    })
}

/// `mfrom` or `helo` (RFC 9990 `SPFDomainScope`).
pub(crate) fn spf_scope(value: &str) -> Option<SpfScope> {
    match folded(value).as_str() {
        "mfrom" => Some(SpfScope::Mfrom),
        "helo" => Some(SpfScope::Helo),
        _ => None,
    }
}

/// `<testing>`: `y` or `n` (RFC 9990, the `t=` tag).
pub(crate) fn testing(value: &str) -> Option<bool> {
    match folded(value).as_str() {
        "y" | "yes" | "true" => Some(true),
        "n" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// `<pct>`: an integer from 0 to 100 (RFC 7489 §6.3).
pub(crate) fn pct(value: &str) -> Option<u8> {
    value.trim().parse::<u8>().ok().filter(|p| *p <= 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spelling_tolerance() {
        assert_eq!(disposition("Reject"), Some(Disposition::Reject));
        assert_eq!(disposition("QUARANTINE"), Some(Disposition::Quarantine));
        assert_eq!(disposition("pass"), None);
        assert_eq!(outcome("PASS"), Ok(DmarcOutcome::Pass));
        assert_eq!(outcome("softfail"), Err(DmarcOutcome::Fail));
        assert_eq!(dkim_result("Temp_Error"), Some(DkimAuthResult::TempError));
        assert_eq!(spf_result("HardFail"), Some((SpfAuthResult::Fail, true)));
        assert_eq!(spf_result("bogus"), None);
        assert_eq!(override_kind("Mailing_List"), OverrideKind::MailingList);
        assert_eq!(override_kind("Weird"), OverrideKind::Other("Weird".into()));
        assert_eq!(alignment("relaxed"), Some(AlignmentMode::Relaxed));
        assert_eq!(pct("101"), None);
        assert_eq!(pct(" 50 "), Some(50));
        assert_eq!(testing("Y"), Some(true));
        assert_eq!(spf_scope("MFROM"), Some(SpfScope::Mfrom));
    }
}
