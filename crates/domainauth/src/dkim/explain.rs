//! Diagnosis of DKIM results: the cause of each result and the fix.

use super::verify::{DkimProblem, DkimResult, SignatureResult};
use crate::diag::{Code, Finding, utc_text};

impl SignatureResult {
    /// What this signature's result means, as findings. `from_domain` is the
    /// header From domain, to say when a valid signature is a third party's.
    pub fn findings(&self, from_domain: Option<&str>) -> Vec<Finding> {
        let mut out = Vec::new();
        match (&self.result, &self.problem) {
            (DkimResult::Pass, _) => out.extend(self.pass_findings(from_domain)),
            (_, Some(problem)) => out.push(self.problem_finding(problem)),
            (_, None) => {}
        }
        if let Some(bits) = self.key_bits
            && self.algorithm.is_some_and(|a| a.key_type() == "rsa")
            && (1024..2048).contains(&bits)
        {
            out.push(self.base(Code::DkimKeyWeak).param("bits", bits));
        }
        if self.testing {
            out.push(self.base(Code::DkimTesting));
        }
        if let Some(tail) = self.unsigned_tail.filter(|t| *t > 0)
            && self.result == DkimResult::Pass
        {
            out.push(self.base(Code::DkimLengthTail).param("tail", tail));
        }
        if self.bare_lf {
            out.push(Finding::new(Code::DkimBareLf));
        }
        out
    }

    /// A finding about this signature: its domain, selector and key name.
    fn base(&self, code: Code) -> Finding {
        let domain = self.domain.as_deref().unwrap_or_default();
        let selector = self.selector.as_deref().unwrap_or_default();
        Finding::new(code)
            .param("domain", domain)
            .param("selector", selector)
            .param("name", format!("{selector}._domainkey.{domain}"))
            // A verdict that diagnoses forwarding sets "forwarded".
            .param("cause", "direct")
    }

    /// A pass, and whether the signer is a third party: a domain neither
    /// the From domain nor above or below it.
    fn pass_findings(&self, from_domain: Option<&str>) -> Vec<Finding> {
        let domain = self.domain.as_deref().unwrap_or_default();
        let mut out = vec![
            self.base(Code::DkimPass)
                .param(
                    "algorithm",
                    self.algorithm.map(|a| a.as_str()).unwrap_or(""),
                )
                .param("bits", self.key_bits.unwrap_or(0)),
        ];
        if let Some(from) = from_domain {
            let from = from.to_ascii_lowercase();
            let aligned = from == domain
                || from.ends_with(&format!(".{domain}"))
                || domain.ends_with(&format!(".{from}"));
            if !aligned {
                out.push(self.base(Code::DkimThirdParty).param("from", from));
            }
        }
        out
    }

    /// The finding that names why the signature did not pass.
    fn problem_finding(&self, problem: &DkimProblem) -> Finding {
        let base = |code: Code| self.base(code);
        match problem {
            DkimProblem::Signature { error } => {
                base(Code::DkimSignatureInvalid).reason("reason", error)
            }
            DkimProblem::TooManySignatures { limit, skipped } => base(Code::DkimTooMany)
                .param("limit", limit)
                .param("count", skipped),
            DkimProblem::NoKey { .. } => base(Code::DkimNoKey),
            DkimProblem::KeyDns { error } => base(Code::DkimTempError).reason("error", error),
            DkimProblem::Revoked { .. } => base(Code::DkimRevoked),
            // The finding names the key record already: its reason is
            // what is wrong inside it.
            DkimProblem::KeySyntax { error, .. } => {
                base(Code::DkimKeyInvalid).reason("reason", error)
            }
            DkimProblem::BadKey { error, .. } => base(Code::DkimKeyInvalid).reason("reason", error),
            DkimProblem::HashNotAllowed { .. } => base(Code::DkimKeyInvalid)
                .reason("reason", problem)
                .param("cause", "hash"),
            DkimProblem::NotForEmail => base(Code::DkimKeyInvalid)
                .reason("reason", problem)
                .param("cause", "service"),
            DkimProblem::SeveralKeys { .. }
            | DkimProblem::KeyTypeMismatch { .. }
            | DkimProblem::StrictIdentity => base(Code::DkimKeyInvalid).reason("reason", problem),
            DkimProblem::KeyTooShort { bits, .. } => {
                base(Code::DkimKeyTooShort).param("bits", bits)
            }
            DkimProblem::Sha1 => base(Code::DkimSha1),
            DkimProblem::Expired { expiration, .. } => base(Code::DkimExpired)
                .param("expiration", expiration)
                .param("date", utc_text(*expiration)),
            DkimProblem::FutureTimestamp { timestamp, .. } => base(Code::DkimFuture)
                .param("timestamp", timestamp)
                .param("date", utc_text(*timestamp)),
            DkimProblem::BodyShorterThanLength { .. } | DkimProblem::BodyHashMismatch => {
                base(Code::DkimBodyHash)
            }
            DkimProblem::UnsignedTail { tail } => base(Code::DkimLengthTail).param("tail", tail),
            DkimProblem::SignatureMismatch { fields } => {
                base(Code::DkimHeaderMismatch).param("fields", fields)
            }
        }
    }
}

/// The finding for a message without any DKIM-Signature.
pub fn unsigned_finding() -> Finding {
    Finding::new(Code::DkimNone)
}
