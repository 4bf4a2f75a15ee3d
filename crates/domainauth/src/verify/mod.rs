//! A message's full verdict: SPF, DKIM, ARC and DMARC together, the
//! Authentication-Results field a receiver would add, and the explanation.
//!
//! ```
//! use domainauth::dns::ZoneResolver;
//! use domainauth::dmarc::DmarcResult;
//! use domainauth::spf::Envelope;
//! use domainauth::verify::{MessageVerifier, VerifyOptions};
//! let zone = ZoneResolver::from_zone_text(concat!(
//!     "$ORIGIN example.co.jp.\n",
//!     "@ 300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"\n",
//!     "_dmarc 300 IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.co.jp\"\n"), None).unwrap();
//! let verifier = MessageVerifier::new(zone, VerifyOptions::new("mx.example.net"));
//! let envelope = Envelope {
//!     client_ip: "203.0.113.25".parse().unwrap(),
//!     helo: "mail.example.co.jp".into(),
//!     mail_from: "info@example.co.jp".into(),
//! };
//! let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let msg = b"From: info@example.co.jp\r\nSubject: hi\r\n\r\nbody\r\n";
//! let v = rt.block_on(verifier.verify(msg, Some(envelope))).unwrap();
//! assert_eq!(v.dmarc.result, DmarcResult::Pass);
//! assert!(v.authentication_results.contains("dmarc=pass"));
//! ```

mod arc;
mod existing;
mod infer;
pub mod profile;
mod session;

use std::sync::Arc;

use crate::arc::{ChainStatus, ChainValidation, Verifier as ArcVerifier};
use crate::authres::{AuthResults, MethodResult};
use crate::diag::{Code, Finding};
use crate::dkim::{DkimVerifier, SignatureResult, VerifyConfig as DkimConfig};
use crate::dmarc::{DkimAuth, DmarcConfig, DmarcVerdict, Evaluator, Policy, SpfAuth};
use crate::dns::{Budget, Metered, Resolver, Usage};
use crate::mail::{MailError, Message, Preamble, author};
use crate::spf::{Config as SpfConfig, Envelope, Evaluation, Identity, Verifier as SpfVerifier};

pub use arc::{MAX_ARC_ORG_LOOKUPS, OverrideReason, PolicyOverride};
pub use existing::{
    ExistingField, ExistingResults, MAX_EXISTING_FIELDS, MAX_EXISTING_ORG_LOOKUPS, explain_existing,
};
pub use infer::{
    EnvelopeInfo, EnvelopeSource, IgnoreReason, IgnoredField, MAX_IGNORED_LISTED, infer_envelope,
    trusted_block_len,
};
pub use profile::{ParseProfileError, Profile, ProfileReport};
pub use session::Session;

/// Settings for [`MessageVerifier`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The authserv-id written in Authentication-Results (RFC 8601 §2.5).
    pub authserv_id: String,
    /// SPF settings.
    pub spf: SpfConfig,
    /// DKIM settings.
    pub dkim: DkimConfig,
    /// DMARC settings.
    pub dmarc: DmarcConfig,
    /// authserv-ids whose Authentication-Results and Received fields are trusted
    /// when the envelope is taken from the message. Empty: the topmost hop.
    pub trusted_authserv_ids: Vec<String>,
    /// The DNS work one message may cause (all of SPF, DKIM, DMARC and the
    /// explanation of existing results together): a query limit and a
    /// deadline, measured with the clock it carries. See [`Budget`] for the
    /// defaults and the worst legitimate case they are computed from.
    pub dns_budget: Budget,
    /// ARC sealers (`d=` of ARC-Seal) whose recorded results this receiver
    /// believes (RFC 8617 §7.2): when DMARC fails with a disposition other
    /// than `none`, the chain passes and the oldest set one of them sealed
    /// recorded an aligned pass, the disposition is overridden by local
    /// policy (`trusted_forwarder`).
    /// Empty: ARC changes nothing.
    pub trusted_sealers: Vec<String>,
}

impl VerifyOptions {
    /// Defaults, writing `authserv_id` in Authentication-Results.
    pub fn new(authserv_id: &str) -> Self {
        Self {
            authserv_id: authserv_id.to_string(),
            spf: SpfConfig::default(),
            dkim: DkimConfig::default(),
            dmarc: DmarcConfig::default(),
            trusted_authserv_ids: Vec::new(),
            dns_budget: Budget::default(),
            trusted_sealers: Vec::new(),
        }
    }
}

/// Everything concluded about a message.
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verdict {
    /// Where the envelope came from.
    pub envelope: EnvelopeSource,
    /// SPF of MAIL FROM (or HELO for a null sender), if an envelope was known.
    pub spf: Option<Evaluation>,
    /// Each DKIM signature.
    pub dkim: Vec<SignatureResult>,
    /// DMARC.
    pub dmarc: DmarcVerdict,
    /// Authentication-Results already in the message, explained.
    pub existing: ExistingResults,
    /// The Authentication-Results field we would add (without final CRLF).
    pub authentication_results: String,
    /// Which SPF identity DMARC used (MAIL FROM, or HELO for a null sender).
    pub spf_identity: Option<Identity>,
    /// Message-level notes (LF line ends, missing separator, DNS budget spent).
    pub message_notes: Vec<Finding>,
    /// The DNS work this message caused, and whether it hit the budget
    /// ([`VerifyOptions::dns_budget`]).
    pub dns: Usage,
    /// The message's ARC chain, validated (RFC 8617 §5.2).
    pub arc: ChainValidation,
    /// The local-policy override of the DMARC disposition a trusted ARC
    /// sealer allowed ([`VerifyOptions::trusted_sealers`]); the DMARC result
    /// stays what it is, [`DmarcVerdict::disposition`] becomes `none`.
    pub policy_override: Option<PolicyOverride>,
    /// An aligned pass recorded by a sealer that is not trusted, on a
    /// failing DMARC result and a passing chain: what trusting it would
    /// change.
    #[serde(skip)]
    untrusted_pass: Option<arc::RecordedPass>,
}

/// What reads a message's body: its DKIM signatures and its ARC chain.
struct BodyParts {
    dkim: crate::dkim::Verification,
    arc: crate::arc::Validation,
}

impl BodyParts {
    fn wants_body(&self) -> bool {
        self.dkim.wants_body() || self.arc.wants_body()
    }

    fn body(&mut self, chunk: &[u8]) {
        self.dkim.body(chunk);
        self.arc.body(chunk);
    }
}

/// Runs SPF, DKIM, ARC and DMARC on a message.
///
/// The verifier is long-lived and shared; each message gets its own
/// [`Metered`] resolver over the verifier's, so one budget bounds all of
/// that message's lookups. The SPF record cache and the DKIM key cache,
/// keyed by record text, are shared by every message; DNS answers are cached
/// only by the resolver.
pub struct MessageVerifier<R> {
    resolver: R,
    spf: SpfVerifier<R>,
    dkim: DkimVerifier<R>,
    dmarc: Evaluator<R>,
    options: VerifyOptions,
}

impl<R: Resolver + Clone> MessageVerifier<R> {
    /// A verifier using `resolver` for every lookup.
    pub fn new(resolver: R, options: VerifyOptions) -> Self {
        Self {
            resolver: resolver.clone(),
            spf: SpfVerifier::with_config(resolver.clone(), options.spf.clone()),
            dkim: DkimVerifier::with_config(resolver.clone(), options.dkim.clone()),
            dmarc: Evaluator::with_config(resolver, options.dmarc.clone()),
            options,
        }
    }

    /// The settings.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// The SPF verifier (profiles reuse it for extra checks).
    pub fn spf_verifier(&self) -> &SpfVerifier<R> {
        &self.spf
    }

    /// The DMARC evaluator.
    pub fn dmarc_evaluator(&self) -> &Evaluator<R> {
        &self.dmarc
    }

    /// Verifies `raw`. Without `envelope`, the client IP, HELO and MAIL FROM
    /// are read from the message's trace fields when they can be.
    pub async fn verify(
        &self,
        raw: &[u8],
        envelope: Option<Envelope>,
    ) -> Result<Verdict, MailError> {
        // A header over a limit, or none at all, still gets a verdict: a
        // caller that accepted mail it could not verify would let anyone past
        // DMARC with 1,001 header fields (see Message::read).
        self.verify_message(&Message::read(raw), envelope).await
    }

    /// As [`MessageVerifier::verify`], for a message already parsed.
    pub async fn verify_message(
        &self,
        message: &Message<'_>,
        envelope: Option<Envelope>,
    ) -> Result<Verdict, MailError> {
        // One budget for every lookup of this message.
        let dns = Metered::new(&self.resolver, &self.options.dns_budget);
        let source = match envelope {
            Some(e) => EnvelopeSource::Given { envelope: e.into() },
            None => infer_envelope(message, &self.options.trusted_authserv_ids),
        };
        let envelope = source.envelope();
        let mut parts = self.begin_parts(message, &dns);
        parts.body(message.body());
        let spf_future = async {
            match &envelope {
                Some(e) => Some(self.spf.with_resolver(&dns).check_mail_from(e).await),
                None => None,
            }
        };
        let (spf, (dkim, arc)) =
            futures_util::future::join(spf_future, self.finish_parts(parts, message, &dns)).await;
        Ok(self.conclude(message, source, &dns, spf, dkim, arc).await)
    }

    /// What reads the body: the DKIM signatures' and the ARC chain's body
    /// hashes, begun from the header (ARC on the same resolver and key
    /// cache as DKIM, under the message's budget).
    fn begin_parts<D: Resolver>(&self, message: &Message<'_>, dns: &D) -> BodyParts {
        let dkim = self.dkim.with_resolver(dns).begin(message);
        let arc = ArcVerifier::from_dkim(self.dkim.with_resolver(dns)).begin(message);
        BodyParts { dkim, arc }
    }

    /// The DKIM results and the ARC chain once the body was read; the
    /// author domains' DMARC policies are asked for at the same time, so
    /// that slow lookups elsewhere cannot use up the message's DNS deadline
    /// first.
    async fn finish_parts<D: Resolver>(
        &self,
        parts: BodyParts,
        message: &Message<'_>,
        dns: &D,
    ) -> (Vec<SignatureResult>, ChainValidation) {
        let dkim_verifier = self.dkim.with_resolver(dns);
        let arc_verifier = ArcVerifier::from_dkim(self.dkim.with_resolver(dns));
        let dmarc_evaluator = self.dmarc.with_resolver(dns);
        let author = author(message);
        let (dkim, (), arc) = futures_util::future::join3(
            dkim_verifier.finish(parts.dkim),
            dmarc_evaluator.prefetch(&author),
            arc_verifier.finish(parts.arc),
        )
        .await;
        (dkim, arc)
    }

    /// The verdict from the results of each part: DMARC, what existing
    /// Authentication-Results say, a trusted ARC sealer's override, our
    /// Authentication-Results field and the message's notes.
    async fn conclude<D: Resolver>(
        &self,
        message: &Message<'_>,
        source: EnvelopeSource,
        dns: &Metered<D>,
        spf: Option<Evaluation>,
        dkim: Vec<SignatureResult>,
        arc: ChainValidation,
    ) -> Verdict {
        let envelope = source.envelope();
        let dmarc_evaluator = self.dmarc.with_resolver(dns);
        let spf_auth = spf.as_ref().map(|e| spf_auth(e, envelope.as_ref()));
        let dkim_auth: Vec<DkimAuth> = dkim.iter().map(dkim_auth).collect();
        let mut dmarc = dmarc_evaluator
            .evaluate(author(message), spf_auth.as_ref(), &dkim_auth)
            .await;
        let relayed_by = relayed_by(message);
        for d in &mut dmarc.domains {
            d.relayed_by = relayed_by.map(str::to_string);
        }
        let existing = explain_existing(
            message,
            &dmarc,
            &dmarc_evaluator,
            &self.options.trusted_authserv_ids,
        )
        .await;
        let pass = arc::trusted_pass(
            message,
            &arc,
            &dmarc,
            &dmarc_evaluator,
            &self.options.trusted_sealers,
        )
        .await;
        let (policy_override, untrusted_pass) = match pass {
            Some(Ok(p)) => {
                let o = PolicyOverride {
                    reason: OverrideReason::TrustedForwarder,
                    policy_disposition: dmarc.disposition,
                    sealer: p.sealer,
                    instance: p.instance,
                    recorded: p.recorded,
                };
                dmarc.disposition = Policy::None;
                (Some(o), None)
            }
            Some(Err(p)) => (None, Some(p)),
            None => (None, None),
        };
        let authentication_results = self.authres(
            envelope.as_ref(),
            spf.as_ref(),
            spf_auth.as_ref(),
            &dkim,
            &dmarc,
            (&arc, policy_override.as_ref()),
        );
        let mut message_notes = message_notes(message);
        let dns = dns.usage();
        if let Some(exceeded) = &dns.exceeded {
            message_notes.push(exceeded.finding());
        }
        Verdict {
            envelope: source,
            spf,
            dkim,
            dmarc,
            existing,
            authentication_results,
            spf_identity: spf_auth.as_ref().map(|s| s.identity),
            message_notes,
            dns,
            arc,
            policy_override,
            untrusted_pass,
        }
    }

    /// The Authentication-Results field for these results (RFC 8601 §2.7).
    fn authres(
        &self,
        envelope: Option<&Envelope>,
        spf: Option<&Evaluation>,
        spf_auth: Option<&SpfAuth>,
        dkim: &[SignatureResult],
        dmarc: &DmarcVerdict,
        (chain, policy_override): (&ChainValidation, Option<&PolicyOverride>),
    ) -> String {
        let mut ar = AuthResults::new(&self.options.authserv_id);
        if let (Some(e), Some(eval), Some(auth)) = (envelope, spf, spf_auth) {
            let mut r = MethodResult::new("spf", eval.result.as_str()).comment(&format!(
                "{}: {}",
                self.options.authserv_id,
                eval.comment()
            ));
            r = if auth.identity == Identity::Helo {
                r.property("smtp", "helo", &e.helo)
            } else {
                r.property("smtp", "mailfrom", e.mail_from.trim_matches(['<', '>']))
            };
            ar.results.push(r);
        }
        for s in dkim {
            let mut r = MethodResult::new("dkim", s.result.as_str());
            if let Some(d) = &s.domain {
                r = r.property("header", "d", d);
            }
            if let Some(sel) = &s.selector {
                r = r.property("header", "s", sel);
            }
            if let Some(b) = &s.header_b {
                r = r.property("header", "b", b);
            }
            ar.results.push(r);
        }
        if dkim.is_empty() {
            ar.results.push(MethodResult::new("dkim", "none"));
        }
        ar.results
            .push(arc_result(chain, envelope.map(|e| e.client_ip)));
        let mut dmarc = dmarc_result(dmarc);
        if let Some(o) = policy_override {
            dmarc = dmarc.comment(&format!("local policy: {}", o.reason.as_str()));
        }
        ar.results.push(dmarc);
        ar.to_field()
    }
}

/// The `arc` result of the Authentication-Results field (RFC 8617 §10.1):
/// the chain's status, `header.oldest-pass` when it passes, and the SMTP
/// client's address (`smtp.remote-ip`) when the envelope is known.
fn arc_result(chain: &ChainValidation, client_ip: Option<std::net::IpAddr>) -> MethodResult {
    let mut r = MethodResult::new("arc", chain.status.as_str());
    if let (ChainStatus::Fail, Some(i)) = (
        chain.status,
        chain.failure.as_ref().and_then(|f| f.instance),
    ) {
        r = r.comment(&format!("broken at i={i}"));
    }
    if let (ChainStatus::Pass, Some(oldest)) = (chain.status, chain.oldest_pass) {
        r = r.property("header", "oldest-pass", &oldest.to_string());
    }
    if let Some(ip) = client_ip {
        r = r.property("smtp", "remote-ip", &ip.to_string());
    }
    r
}

/// The `dmarc` result of the Authentication-Results field: the OVERALL
/// result (the `dmarc` method of RFC 7489 §11.1, RFC 8601 §2.7), with `header.from` the
/// author domain that decided it (the strictest failing one, RFC 7489
/// §6.6.1), so that no reader of the field sees a pass for mail whose
/// verdict fails. A comment carries the policy and disposition and, with
/// several author domains or From problems, every part's result.
fn dmarc_result(dmarc: &DmarcVerdict) -> MethodResult {
    let mut r = MethodResult::new("dmarc", dmarc.result.as_str());
    let deciding = dmarc.deciding();
    let dis = dmarc.disposition.as_str().to_ascii_uppercase();
    match deciding.and_then(|d| d.effective.as_ref()) {
        Some(e) => {
            r = r.comment(&format!(
                "p={} sp={} dis={dis}",
                e.p.as_str().to_ascii_uppercase(),
                e.sp.as_str().to_ascii_uppercase(),
            ));
        }
        None if deciding.is_none() => r = r.comment(&format!("dis={dis} by local policy")),
        None => {}
    }
    if dmarc.domains.len() > 1 || (dmarc.local_policy.is_some() && !dmarc.domains.is_empty()) {
        // Domains are checked LDH names (A-labels); From problems are named
        // by kind only: nothing from the message goes into the field.
        let mut parts: Vec<String> = dmarc
            .domains
            .iter()
            .map(|d| format!("{}={}", d.from_domain, d.result.as_str()))
            .collect();
        parts.extend(dmarc.author.problems.iter().map(problem_label));
        r = r.comment(&format!("author domains: {}", parts.join(", ")));
    } else if deciding.is_none() {
        let parts: Vec<String> = dmarc.author.problems.iter().map(problem_label).collect();
        if !parts.is_empty() {
            r = r.comment(&parts.join(", "));
        }
    }
    match deciding {
        Some(d) => r.property("header", "from", &d.from_domain),
        None => r,
    }
}

/// A From problem in a few fixed words, for a comment in the field.
fn problem_label(p: &crate::mail::FromProblem) -> String {
    use crate::mail::FromProblem as P;
    match p {
        P::Missing => "no From field".into(),
        P::Several { count } => format!("{count} From fields"),
        P::Hidden { .. } => "malformed From line".into(),
        P::Skipped { .. } => "other From above header".into(),
        P::NoAddress { .. } => "From without address".into(),
        P::Invalid { .. } => "invalid From=permerror".into(),
        P::NoDomain { reason, .. } => format!("{}=permerror", reason.key()),
        P::TooManyDomains { cap, count } => {
            format!("{} more not evaluated", count.saturating_sub(*cap))
        }
    }
}

impl Verdict {
    /// The explanation, cause first: how the envelope was found, who the
    /// author is (From problems, several author domains, the one that
    /// decides), a diagnosis that explains several results at once (forwarding), the
    /// SPF and DKIM causes, the ARC chain hop by hop, then what they mean
    /// for DMARC (the conclusion last, its fix pointing up at the causes),
    /// a trusted sealer's override, and what other receivers recorded. The list keeps the rules of [`crate::diag::rules`]: one
    /// finding per cause, no advice against a diagnosis, references only
    /// to findings above. Built on demand: a caller that only needs the
    /// results and the Authentication-Results field does not pay for it.
    pub fn findings(&self) -> Vec<Finding> {
        let dmarc = self.dmarc.findings_for(self.spf_identity);
        let forwarded = self.forwarded();
        let relay = self.envelope.envelope().map(|e| {
            if e.helo.is_empty() {
                e.client_ip.to_string()
            } else {
                format!("{}, {}", e.client_ip, e.helo)
            }
        });
        // Who the author is decides what is checked: From findings first.
        let (author, dmarc): (Vec<_>, Vec<_>) = dmarc
            .into_iter()
            .partition(|f| f.code.id().starts_with("dmarc-from-"));
        let (diagnoses, dmarc): (Vec<_>, Vec<_>) = dmarc
            .into_iter()
            .partition(|f| f.code == Code::DmarcForwarded);
        let mut findings = self.envelope.findings();
        // Without an envelope, "SPF was not evaluated" is the envelope
        // finding's to say.
        let dmarc: Vec<Finding> = if findings.iter().any(|f| f.code == Code::VerifyNoEnvelope) {
            dmarc
                .into_iter()
                .filter(|f| f.code != Code::DmarcSpfNotChecked)
                .collect()
        } else {
            dmarc
        };
        findings.extend(author);
        // The forwarding diagnosis says what the ARC chain below shows.
        findings.extend(diagnoses.into_iter().map(|f| {
            let f = f.param("arc", self.arc.status.as_str());
            match &relay {
                Some(r) => f.param("relay", r),
                None => f,
            }
        }));
        if let Some(e) = &self.spf {
            findings.extend(
                e.findings()
                    .into_iter()
                    .filter(|f| f.code != Code::DmarcMissing)
                    .map(|f| {
                        if forwarded {
                            f.param("cause", "forwarded")
                        } else {
                            f
                        }
                    }),
            );
        }
        if self.dkim.is_empty() {
            // DMARC's own "no DKIM" or "passes only through SPF" says it.
            if !dmarc
                .iter()
                .any(|f| matches!(f.code, Code::DmarcDkimNone | Code::DmarcSpfOnly))
            {
                findings.push(crate::dkim::unsigned_finding());
            }
        } else {
            findings.extend(self.dkim_findings(forwarded));
        }
        findings.extend(arc::chain_findings(&self.arc));
        findings.extend(dmarc);
        let recorded = match (&self.policy_override, &self.untrusted_pass) {
            (Some(o), _) => Some(Ok(arc::RecordedPass {
                sealer: o.sealer.clone(),
                instance: o.instance,
                recorded: o.recorded.clone(),
                to_trust: String::new(),
            })),
            (None, Some(p)) => Some(Err(p.clone())),
            (None, None) => None,
        };
        if let (Some(pass), Some(from)) = (recorded, self.dmarc.deciding()) {
            let policy = self
                .policy_override
                .as_ref()
                .map_or(self.dmarc.disposition, |o| o.policy_disposition);
            findings.push(arc::override_finding(&pass, &from.from_domain, policy));
        }
        // Another receiver's record of a cause this verdict explains already
        // is not said again (its summary line still shows what it recorded).
        for f in &self.existing.findings {
            crate::diag::rules::push_new_cause(&mut findings, f.clone());
        }
        // What an ARC hop recorded is said with that hop, not again as
        // another receiver's record.
        findings.retain(|f| {
            f.code != Code::AuthresSeen
                || !self.arc.sets.iter().any(|s| {
                    f.params.get("authserv").map(String::as_str)
                        == Some(arc::hop_authserv(s).as_str())
                })
        });
        findings
    }

    /// Each signature's findings, less what other findings say already:
    /// DMARC's alignment findings name a third-party signer with both
    /// fixes, and the message notes say the LF line ends once. Under
    /// forwarding a changed body or header is the forwarder's doing.
    fn dkim_findings(&self, forwarded: bool) -> Vec<Finding> {
        let from_domain = self.dmarc.focus().map(|d| d.from_domain.as_str());
        let lf_noted = self
            .message_notes
            .iter()
            .any(|n| n.code == Code::MailBareLf);
        self.dkim
            .iter()
            .flat_map(|r| r.findings(from_domain))
            .filter(|f| f.code != Code::DkimThirdParty)
            .filter(|f| !(lf_noted && f.code == Code::DkimBareLf))
            .map(|f| {
                let changed = matches!(f.code, Code::DkimBodyHash | Code::DkimHeaderMismatch);
                if forwarded && changed {
                    f.param("cause", "forwarded")
                } else {
                    f
                }
            })
            .collect()
    }

    /// True when DMARC failed in the shape of forwarding or a mailing list
    /// for an author domain ([`crate::dmarc::DomainVerdict::forwarded`]):
    /// then no advice may tell the author to authorise the relaying server.
    pub fn forwarded(&self) -> bool {
        self.dmarc.domains.iter().any(|d| d.forwarded())
    }
}

/// A result summary for the verdict table: `(method, auth result, domain,
/// aligned)`. "Aligned" is about the domain (RFC 9989 §4.4: the identifier's
/// domain against the author domain) whatever the authentication result,
/// so an SPF permerror for the From domain itself shows as aligned, next to
/// its permerror.
pub fn summary_rows(v: &Verdict) -> Vec<(String, String, String, Option<bool>)> {
    let mut rows = Vec::new();
    // Alignment is shown against the author domain that decided the verdict.
    let d = v.dmarc.focus();
    match (&v.spf, d.and_then(|d| d.spf.as_ref())) {
        (Some(e), Some(a)) => rows.push((
            "SPF".into(),
            e.result.as_str().into(),
            a.domain.clone(),
            Some(a.aligned),
        )),
        (Some(e), None) => rows.push((
            "SPF".into(),
            e.result.as_str().into(),
            e.domain.clone(),
            None,
        )),
        (None, _) => rows.push(("SPF".into(), "—".into(), "—".into(), None)),
    }
    if v.dkim.is_empty() {
        rows.push(("DKIM".into(), "none".into(), "—".into(), None));
    }
    for (n, s) in v.dkim.iter().enumerate() {
        let aligned = d.and_then(|d| d.dkim.get(n)).map(|a| a.aligned);
        rows.push((
            "DKIM".into(),
            s.result.as_str().into(),
            s.domain.clone().unwrap_or_else(|| "—".into()),
            aligned,
        ));
    }
    rows
}

/// Shared resolvers: the usual way to build a verifier from a boxed resolver.
pub type SharedResolver = Arc<dyn Resolver>;

/// What DMARC needs of the SPF result: the result, the domain and which
/// identity it was for (RFC 7208 §2.4: with a null MAIL FROM, the HELO).
fn spf_auth(e: &Evaluation, envelope: Option<&Envelope>) -> SpfAuth {
    SpfAuth {
        result: e.result,
        domain: e.domain.clone(),
        identity: match envelope {
            Some(env) if env.mail_from.trim_matches(['<', '>']).is_empty() => Identity::Helo,
            _ => Identity::MailFrom,
        },
    }
}

/// What DMARC needs of a DKIM result: the result and the `d=` and `s=`.
fn dkim_auth(r: &SignatureResult) -> DkimAuth {
    DkimAuth {
        result: r.result,
        domain: r.domain.clone().unwrap_or_default(),
        selector: r.selector.clone().unwrap_or_default(),
    }
}

/// The first field only a list or a forwarder writes: the evidence a
/// forwarding diagnosis needs (a forger can fail SPF and DKIM too).
fn relayed_by(message: &Message<'_>) -> Option<&'static str> {
    [
        "List-Id",
        "List-Post",
        "ARC-Seal",
        "Resent-From",
        "Resent-Sender",
    ]
    .into_iter()
    .find(|name| message.get(&name.to_ascii_lowercase()).is_some())
}

/// What the reader should know of the message itself: text above the
/// header, a header that could not be read, bare LF line ends, no empty
/// line after the header, and header lines that were not fields.
fn message_notes(message: &Message<'_>) -> Vec<Finding> {
    let mut notes = Vec::new();
    notes.extend(message.preamble().map(Preamble::finding));
    if let Some(error) = message.unreadable() {
        notes.push(Finding::new(Code::MailHeaderUnreadable).reason("error", error));
    }
    if message.bare_lf() {
        notes.push(Finding::new(Code::MailBareLf));
    }
    if message.missing_separator() {
        notes.push(Finding::new(Code::MailNoSeparator));
    }
    notes.extend(
        message
            .problems()
            .iter()
            .map(|p| Finding::new(Code::MailHeaderLineIgnored).param("line", p.line)),
    );
    notes
}
