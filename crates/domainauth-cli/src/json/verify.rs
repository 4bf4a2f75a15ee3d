//! `domainauth verify --json`.

use domainauth::arc::ChainValidation;
use domainauth::diag::Lang;
use domainauth::dkim::SignatureResult;
use domainauth::dmarc::{DmarcVerdict, Mode};
use domainauth::dns::Usage;
use domainauth::spf::Evaluation;
use domainauth::verify::{
    EnvelopeSource, ExistingField, PolicyOverride, Profile, ProfileReport, Verdict,
};
use serde::Serialize;

use super::{Finding, SchemaVersion, findings};

/// A message's SPF, DKIM and DMARC verdict, the findings that explain it,
/// and the Authentication-Results field a receiver would add.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct VerifyDocument<'a> {
    /// The version of the output's shape.
    pub schema_version: SchemaVersion,
    /// `verify`.
    #[cfg_attr(test, schemars(extend("const" = "verify")))]
    pub command: &'static str,
    /// The message file as given (`-` for standard input).
    pub message: String,
    /// Where the DNS answers came from, in words (in `--lang`).
    pub dns: String,
    /// The DNS work the message caused, and whether it hit the budget.
    pub dns_usage: &'a Usage,
    /// The DMARC rules followed (`--dmarc-mode`).
    pub dmarc_mode: Mode,
    /// The SMTP envelope used: given, read from the message, or missing.
    pub envelope: &'a EnvelopeSource,
    /// SPF of the MAIL FROM (or HELO for a null sender); null without an
    /// envelope. Its `trace` is present only with `--trace`.
    pub spf: Option<&'a Evaluation>,
    /// Each DKIM signature, in the order of the message.
    pub dkim: &'a [SignatureResult],
    /// DMARC: the result, the disposition and each author domain's verdict.
    /// A domain's `walk` (the DNS tree walk) is present only with `--trace`.
    pub dmarc: &'a DmarcVerdict,
    /// The ARC chain (RFC 8617): its status, the failure, oldest-pass and
    /// each set, oldest first.
    pub arc: &'a ChainValidation,
    /// The local-policy override of the DMARC disposition a trusted ARC
    /// sealer allowed (`--trusted-sealer`); null when none applies. The
    /// DMARC result stays as it is; `dmarc.disposition` is then `none`.
    pub policy_override: Option<&'a PolicyOverride>,
    /// The Authentication-Results fields already in the message, read.
    pub existing_authentication_results: &'a [ExistingField],
    /// The Authentication-Results field a receiver would add (lines joined
    /// with CRLF, without the final one).
    pub authentication_results: &'a str,
    /// Notes on the message, then the causes of each result with their fixes.
    pub findings: Vec<Finding<'a>>,
    /// One entry per `--profile`, in the order given.
    pub profiles: Vec<ProfileDocument<'a>>,
}

/// A receiver's requirements checked (`--profile`).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ProfileDocument<'a> {
    /// The profile.
    pub profile: Profile,
    /// How many checks ran.
    pub checks: usize,
    /// How many failed: the profile is met when none did.
    pub failed: usize,
    /// The failures (and checks that could not run), or one `profile-pass`.
    pub findings: Vec<Finding<'a>>,
}

impl<'a> VerifyDocument<'a> {
    /// The document for `verdict`, whose `findings` were drawn from it
    /// before [`without_traces`] took the traces out.
    pub fn new(
        lang: Lang,
        message: String,
        dns: String,
        dmarc_mode: Mode,
        verdict: &'a Verdict,
        all_findings: &'a [domainauth::diag::Finding],
        profiles: &'a [ProfileReport],
    ) -> Self {
        Self {
            schema_version: SchemaVersion,
            command: "verify",
            message,
            dns,
            dns_usage: &verdict.dns,
            dmarc_mode,
            envelope: &verdict.envelope,
            spf: verdict.spf.as_ref(),
            dkim: &verdict.dkim,
            dmarc: &verdict.dmarc,
            arc: &verdict.arc,
            policy_override: verdict.policy_override.as_ref(),
            existing_authentication_results: &verdict.existing.fields,
            authentication_results: &verdict.authentication_results,
            findings: findings(lang, all_findings),
            profiles: profiles
                .iter()
                .map(|p| ProfileDocument {
                    profile: p.profile,
                    checks: p.checks,
                    failed: p.failed,
                    findings: findings(lang, &p.findings),
                })
                .collect(),
        }
    }
}

/// Takes the traces out of `verdict` (each author domain's DMARC tree
/// walk), unless `--trace` asked for them. The SPF steps are recorded only
/// with `--trace` in the first place.
pub fn without_traces(mut verdict: Verdict, trace: bool) -> Verdict {
    if !trace {
        for domain in &mut verdict.dmarc.domains {
            domain.walk = None;
        }
    }
    verdict
}
