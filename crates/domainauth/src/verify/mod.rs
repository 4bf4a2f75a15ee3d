//! A message's full verdict: SPF, DKIM and DMARC together, the
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

mod existing;
mod infer;
pub mod profile;

use std::sync::Arc;

use crate::authres::{AuthResults, MethodResult};
use crate::diag::{Code, Finding};
use crate::dkim::{DkimVerifier, SignatureResult, VerifyConfig as DkimConfig};
use crate::dmarc::{DkimAuth, DmarcConfig, DmarcVerdict, Evaluator, SpfAuth};
use crate::dns::Resolver;
use crate::mail::{MailError, Message, author};
use crate::spf::{Config as SpfConfig, Envelope, Evaluation, Identity, Verifier as SpfVerifier};

pub use existing::{ExistingResults, explain_existing};
pub use infer::{
    EnvelopeInfo, EnvelopeSource, IgnoreReason, IgnoredField, MAX_IGNORED_LISTED, infer_envelope,
};
pub use profile::{Profile, ProfileReport};

/// Settings for [`MessageVerifier`].
#[derive(Debug, Clone)]
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
        }
    }
}

/// Everything concluded about a message.
#[derive(Debug, Clone, serde::Serialize)]
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
    /// Message-level notes (LF line ends, missing separator).
    pub message_notes: Vec<Finding>,
}

/// Runs SPF, DKIM and DMARC on a message.
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
        let message = Message::parse(raw)?;
        self.verify_message(&message, envelope).await
    }

    /// As [`MessageVerifier::verify`], for a message already parsed.
    pub async fn verify_message(
        &self,
        message: &Message<'_>,
        envelope: Option<Envelope>,
    ) -> Result<Verdict, MailError> {
        let source = match envelope {
            Some(e) => EnvelopeSource::Given { envelope: e.into() },
            None => infer_envelope(message, &self.options.trusted_authserv_ids),
        };
        let envelope = source.envelope();
        // DKIM first: its DNS lookups overlap nothing else and it needs the body.
        let mut verification = self.dkim.begin(message);
        verification.body(message.body());
        let dkim_future = self.dkim.finish(verification);
        let spf_future = async {
            match &envelope {
                Some(e) => Some(self.spf.check_mail_from(e).await),
                None => None,
            }
        };
        let (dkim, spf) = futures_util::future::join(dkim_future, spf_future).await;
        let spf_auth = spf.as_ref().map(|e| SpfAuth {
            result: e.result,
            domain: e.domain.clone(),
            identity: match &envelope {
                Some(env) if env.mail_from.trim_matches(['<', '>']).is_empty() => Identity::Helo,
                _ => Identity::MailFrom,
            },
        });
        let dkim_auth: Vec<DkimAuth> = dkim
            .iter()
            .map(|r| DkimAuth {
                result: r.result,
                domain: r.domain.clone().unwrap_or_default(),
                selector: r.selector.clone().unwrap_or_default(),
            })
            .collect();
        let author = author(message);
        let dmarc = self
            .dmarc
            .evaluate(author, spf_auth.as_ref(), &dkim_auth)
            .await;
        let existing = explain_existing(
            message,
            &dmarc,
            &self.dmarc,
            &self.options.trusted_authserv_ids,
        )
        .await;
        let authentication_results = self.authres(
            envelope.as_ref(),
            spf.as_ref(),
            spf_auth.as_ref(),
            &dkim,
            &dmarc,
        );
        let mut message_notes = Vec::new();
        if message.bare_lf() {
            message_notes.push(Finding::new(Code::MailBareLf));
        }
        if message.missing_separator() {
            message_notes.push(Finding::new(Code::MailNoSeparator));
        }
        Ok(Verdict {
            envelope: source,
            spf,
            dkim,
            dmarc,
            existing,
            authentication_results,
            spf_identity: spf_auth.as_ref().map(|s| s.identity),
            message_notes,
        })
    }

    /// The Authentication-Results field for these results (RFC 8601 §2.7).
    fn authres(
        &self,
        envelope: Option<&Envelope>,
        spf: Option<&Evaluation>,
        spf_auth: Option<&SpfAuth>,
        dkim: &[SignatureResult],
        dmarc: &DmarcVerdict,
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
        match dmarc.primary() {
            Some(d) => {
                let mut r = MethodResult::new("dmarc", d.result.as_str());
                if let Some(e) = &d.effective {
                    r = r.comment(&format!(
                        "p={} sp={} dis={}",
                        e.p.as_str().to_ascii_uppercase(),
                        e.sp.as_str().to_ascii_uppercase(),
                        d.disposition.as_str().to_ascii_uppercase()
                    ));
                }
                ar.results
                    .push(r.property("header", "from", &d.from_domain));
            }
            None => ar
                .results
                .push(MethodResult::new("dmarc", dmarc.result.as_str())),
        }
        ar.to_field()
    }
}

impl Verdict {
    /// The explanation: the DMARC conclusion first, then how the envelope was
    /// found, the SPF and DKIM causes, and what other receivers recorded.
    /// Built on demand: a caller that only needs the results and the
    /// Authentication-Results field does not pay for it.
    pub fn findings(&self) -> Vec<Finding> {
        let mut findings = self.dmarc.findings_for(self.spf_identity);
        findings.extend(self.envelope.findings());
        if let Some(e) = &self.spf {
            findings.extend(
                e.findings()
                    .into_iter()
                    .filter(|f| f.code != Code::DmarcMissing),
            );
        }
        let from_domain = self.dmarc.primary().map(|d| d.from_domain.as_str());
        if self.dkim.is_empty() {
            if !findings.iter().any(|f| f.code == Code::DmarcDkimNone) {
                findings.push(crate::dkim::unsigned_finding());
            }
        } else {
            for r in &self.dkim {
                findings.extend(
                    r.findings(from_domain)
                        .into_iter()
                        // DMARC's alignment findings say this with both fixes.
                        .filter(|f| f.code != Code::DkimThirdParty),
                );
            }
        }
        findings.extend(self.existing.findings.iter().cloned());
        findings
    }
}

/// A result summary for the verdict table: `(method, auth result, domain, aligned)`.
pub fn summary_rows(v: &Verdict) -> Vec<(String, String, String, Option<bool>)> {
    let mut rows = Vec::new();
    let d = v.dmarc.primary();
    match (&v.spf, d.and_then(|d| d.spf.as_ref())) {
        (Some(e), Some(a)) => rows.push((
            "SPF".into(),
            e.result.as_str().into(),
            a.domain.clone(),
            Some(a.passes()),
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
        let aligned = d.and_then(|d| d.dkim.get(n)).map(|a| a.passes());
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
