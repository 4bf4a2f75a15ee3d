//! Diagnosis as data: every finding is a [`Code`], a [`Severity`] and named
//! parameters; text in English or Japanese is rendered from them by
//! [`render`] using the Fluent catalogs in `diag/locales/`.
//!
//! ```
//! use domainauth::diag::{Code, Finding, Lang};
//! let f = Finding::new(Code::SpfNone).param("domain", "example.co.jp").param("ip", "203.0.113.25");
//! assert!(f.message(Lang::En).contains("example.co.jp"));
//! assert!(f.message(Lang::Ja).contains("example.co.jp"));
//! ```

mod catalog;
mod date;
mod reason;
pub mod rules;

use std::collections::BTreeMap;
use std::fmt;

pub use catalog::{
    Lang, ParseLangError, catalog_problems, render, render_fix, render_message,
    render_message_strict, render_strict, ui,
};
pub use reason::{AsReason, Reason, one_line};

pub(crate) use date::utc_text;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information: nothing to fix.
    Info,
    /// Works, but should be changed.
    Warning,
    /// Authentication fails or the record is broken.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $sev:ident, fix: $fix:literal; )*) => {
        /// Every diagnosis the crate can give. The identifier ([`Code::id`]) is
        /// stable and is the message key in the catalogs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// All codes, for enumeration (documentation, catalog tests).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable identifier, e.g. `spf-fail`.
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $id, )* }
            }

            /// The severity this code has by default.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// True when the catalogs carry a `.fix` for this code.
            pub fn has_fix(self) -> bool {
                match self { $( Code::$variant => $fix, )* }
            }

            /// The code with this identifier.
            pub fn from_id(id: &str) -> Option<Code> {
                match id { $( $id => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The client IP is authorised by the SPF record.
    SpfPass = "spf-pass", Info, fix: false;
    /// The record says the client IP is not authorised (`-all` or another `-` term).
    SpfFail = "spf-fail", Error, fix: true;
    /// The record says the client IP is probably not authorised (`~`).
    SpfSoftFail = "spf-softfail", Warning, fix: true;
    /// The record makes no assertion about the client IP.
    SpfNeutral = "spf-neutral", Warning, fix: true;
    /// The domain publishes no SPF record.
    SpfNone = "spf-none", Error, fix: true;
    /// The domain does not exist in DNS (NXDOMAIN): said once, instead of
    /// one finding per missing record.
    DomainNotFound = "domain-not-found", Error, fix: true;
    /// The identity is not a domain that can be checked.
    SpfInvalidDomain = "spf-invalid-domain", Warning, fix: true;
    /// A DNS failure stopped the check.
    SpfTempError = "spf-temperror", Error, fix: true;
    /// The record has a syntax error.
    SpfSyntax = "spf-syntax", Error, fix: true;
    /// The domain publishes more than one SPF record.
    SpfMultipleRecords = "spf-multiple-records", Error, fix: true;
    /// The evaluation needed more than 10 DNS-querying terms.
    SpfTooManyLookups = "spf-too-many-lookups", Error, fix: true;
    /// Include/redirect terms form a loop (named with its members).
    SpfIncludeLoop = "spf-include-loop", Error, fix: true;
    /// More than 2 lookups returned nothing.
    SpfTooManyVoidLookups = "spf-too-many-void-lookups", Error, fix: true;
    /// An `mx` target has more than 10 MX records.
    SpfTooManyMxNames = "spf-too-many-mx-names", Error, fix: true;
    /// An `include` target has no SPF record.
    SpfIncludeNoRecord = "spf-include-no-record", Error, fix: true;
    /// A `redirect` target has no SPF record.
    SpfRedirectNoRecord = "spf-redirect-no-record", Error, fix: true;
    /// `+all` authorises every host on the Internet.
    SpfLintPlusAll = "spf-lint-plus-all", Error, fix: true;
    /// `?all` gives no protection.
    SpfLintNeutralAll = "spf-lint-neutral-all", Warning, fix: true;
    /// `~all`: advice on moving to `-all`.
    SpfLintSoftFailAll = "spf-lint-softfail-all", Info, fix: true;
    /// Neither `all` nor `redirect`: unlisted hosts get `neutral`.
    SpfLintNoAll = "spf-lint-no-all", Warning, fix: true;
    /// The `ptr` mechanism is slow and discouraged (RFC 7208 §5.5).
    SpfLintPtr = "spf-lint-ptr", Warning, fix: true;
    /// The record tree needs more than 10 DNS-querying terms.
    SpfLintLookupsOver = "spf-lint-lookups-over", Error, fix: true;
    /// The record tree is close to the limit of 10 DNS-querying terms.
    SpfLintLookupsNear = "spf-lint-lookups-near", Warning, fix: true;
    /// A TXT character-string is over 255 octets, or the record needs splitting.
    SpfLintLongString = "spf-lint-long-string", Warning, fix: true;
    /// The record is over 450 octets (RFC 7208 §3.4).
    SpfLintRecordTooLong = "spf-lint-record-too-long", Warning, fix: true;
    /// `redirect=` is ignored because the record has `all`.
    SpfLintRedirectIgnored = "spf-lint-redirect-ignored", Warning, fix: true;
    /// Terms after `all` are never evaluated (RFC 7208 §5.1).
    SpfLintAfterAll = "spf-lint-after-all", Warning, fix: true;
    /// An include or redirect in the tree points at a domain without SPF.
    SpfLintBrokenInclude = "spf-lint-broken-include", Error, fix: true;
    /// The tree has more than 2 lookups that return nothing.
    SpfLintVoidLookups = "spf-lint-void-lookups", Error, fix: true;
    /// A DNS failure while reading the tree.
    SpfLintDnsFailure = "spf-lint-dns-failure", Warning, fix: true;
    /// The tree is too large to read in full (more than
    /// [`MAX_TREE_NODES`](crate::spf::MAX_TREE_NODES) nodes or
    /// [`MAX_TREE_QUERIES`](crate::spf::MAX_TREE_QUERIES) DNS queries):
    /// its counts are lower bounds.
    SpfLintTreeTruncated = "spf-lint-tree-truncated", Warning, fix: true;
    /// No DMARC record: SPF or DKIM alone does not make mail authenticated for receivers.
    DmarcMissing = "dmarc-missing", Warning, fix: true;
    /// Several DMARC records: receivers ignore them all.
    DmarcSeveral = "dmarc-several", Error, fix: true;
    /// A DMARC record exists.
    DmarcPresent = "dmarc-present", Info, fix: false;
    /// A DKIM signature verified.
    DkimPass = "dkim-pass", Info, fix: false;
    /// A valid signature by a domain other than the From domain.
    DkimThirdParty = "dkim-third-party", Warning, fix: true;
    /// The message has no DKIM signature.
    DkimNone = "dkim-none", Warning, fix: true;
    /// The body changed after signing.
    DkimBodyHash = "dkim-body-hash", Error, fix: true;
    /// The signature does not verify over the signed header fields.
    DkimHeaderMismatch = "dkim-header-mismatch", Error, fix: true;
    /// No key at the selector name.
    DkimNoKey = "dkim-no-key", Error, fix: true;
    /// The key is revoked (empty p=).
    DkimRevoked = "dkim-revoked", Error, fix: true;
    /// The key record cannot be used.
    DkimKeyInvalid = "dkim-key-invalid", Error, fix: true;
    /// The DKIM-Signature field is malformed.
    DkimSignatureInvalid = "dkim-signature-invalid", Error, fix: true;
    /// RSA key under 1024 bits.
    DkimKeyTooShort = "dkim-key-too-short", Error, fix: true;
    /// RSA key of 1024 bits: accepted, 2048 recommended.
    DkimKeyWeak = "dkim-key-weak", Warning, fix: true;
    /// rsa-sha1 (RFC 8301).
    DkimSha1 = "dkim-sha1", Error, fix: true;
    /// x= has passed.
    DkimExpired = "dkim-expired", Error, fix: true;
    /// t= is in the future.
    DkimFuture = "dkim-future", Error, fix: true;
    /// The key lookup failed temporarily.
    DkimTempError = "dkim-temperror", Error, fix: true;
    /// The key record has t=y.
    DkimTesting = "dkim-testing", Info, fix: true;
    /// Body content after l= is not signed.
    DkimLengthTail = "dkim-length-tail", Warning, fix: true;
    /// Not checked: too many signatures (`count` beyond `limit`, not parsed).
    DkimTooMany = "dkim-too-many", Warning, fix: true;
    /// LF line ends were read as CRLF.
    DkimBareLf = "dkim-bare-lf", Info, fix: false;
    /// DMARC passes: an aligned SPF or DKIM pass.
    DmarcPass = "dmarc-pass", Info, fix: false;
    /// DMARC fails: a policy applies and nothing aligned passed.
    DmarcFail = "dmarc-fail", Error, fix: true;
    /// A DNS failure stopped DMARC policy discovery.
    DmarcTempError = "dmarc-temperror", Error, fix: true;
    /// A DMARC record exists but gives no policy (invalid p and no valid rua).
    DmarcRecordUnusable = "dmarc-record-unusable", Error, fix: true;
    /// The policy comes from a parent domain's record (sp or p).
    DmarcInherited = "dmarc-inherited", Info, fix: false;
    /// The From domain does not exist: the parent's np applies.
    DmarcInheritedNp = "dmarc-inherited-np", Warning, fix: true;
    /// An identifier aligns through the shared organizational domain (relaxed mode).
    DmarcAlignedRelaxed = "dmarc-aligned-relaxed", Info, fix: false;
    /// DMARC passes on SPF alone: forwarding will break it.
    DmarcSpfOnly = "dmarc-spf-only", Warning, fix: true;
    /// SPF or DKIM passed, but for other domains than the From domain.
    DmarcNotAligned = "dmarc-not-aligned", Error, fix: true;
    /// Aligned SPF and DKIM both failed: the signs of forwarding through a list.
    DmarcForwarded = "dmarc-forwarded", Warning, fix: true;
    /// SPF passed for a domain that does not align with From.
    DmarcSpfNotAligned = "dmarc-spf-not-aligned", Warning, fix: true;
    /// SPF passed for a domain that aligns only in relaxed mode, and the record asks strict.
    DmarcSpfStrict = "dmarc-spf-strict", Warning, fix: true;
    /// SPF did not pass.
    DmarcSpfNotPass = "dmarc-spf-not-pass", Warning, fix: true;
    /// SPF was not evaluated (no envelope).
    DmarcSpfNotChecked = "dmarc-spf-not-checked", Info, fix: true;
    /// No DKIM signature for DMARC to use.
    DmarcDkimNone = "dmarc-dkim-none", Warning, fix: true;
    /// A DKIM signature passed for a domain that does not align with From.
    DmarcDkimNotAligned = "dmarc-dkim-not-aligned", Warning, fix: true;
    /// A DKIM signature aligns only in relaxed mode, and the record asks strict.
    DmarcDkimStrict = "dmarc-dkim-strict", Warning, fix: true;
    /// A DKIM signature did not verify.
    DmarcDkimNotPass = "dmarc-dkim-not-pass", Warning, fix: true;
    /// t=y: the owner is testing; the policy is not applied.
    DmarcTesting = "dmarc-testing", Info, fix: true;
    /// RFC 7489 pct: this message fell outside the sample.
    DmarcPctSampled = "dmarc-pct-sampled", Info, fix: true;
    /// p=none: failing mail is delivered as usual.
    DmarcPolicyNone = "dmarc-policy-none", Warning, fix: true;
    /// The tree walk and the Public Suffix List give different organizational domains.
    DmarcOrgDisagree = "dmarc-org-disagree", Info, fix: false;
    /// No From field.
    DmarcFromMissing = "dmarc-from-missing", Error, fix: true;
    /// Several From fields.
    DmarcFromSeveral = "dmarc-from-several", Error, fix: true;
    /// A malformed header line that reads as a From field was ignored.
    DmarcFromHidden = "dmarc-from-hidden", Error, fix: true;
    /// A line skipped above the header reads as a From naming another address.
    DmarcFromSkipped = "dmarc-from-skipped", Error, fix: true;
    /// A From field without an address.
    DmarcFromNoAddress = "dmarc-from-no-address", Error, fix: true;
    /// The From field is not a valid RFC 5322 address list: no author.
    DmarcFromInvalid = "dmarc-from-invalid", Error, fix: true;
    /// A From address without a usable domain.
    DmarcFromNoDomain = "dmarc-from-no-domain", Error, fix: true;
    /// More From domains than are evaluated: the rest are not looked up.
    DmarcFromTooManyDomains = "dmarc-from-too-many-domains", Error, fix: true;
    /// The author is not fully determined: permerror, and local policy's disposition.
    DmarcFromLocalPolicy = "dmarc-from-local-policy", Error, fix: true;
    /// The From domain is an IDN: looked up as A-labels.
    DmarcFromIdn = "dmarc-from-idn", Info, fix: false;
    /// The From field names addresses in several domains: each is evaluated.
    DmarcFromMultipleDomains = "dmarc-from-multiple-domains", Warning, fix: true;
    /// An unknown tag.
    DmarcLintUnknownTag = "dmarc-lint-unknown-tag", Warning, fix: true;
    /// An unknown tag close to a known one.
    DmarcLintUnknownTagSuggest = "dmarc-lint-unknown-tag-suggest", Warning, fix: true;
    /// An unknown tag close to a tag RFC 9989 removed.
    DmarcLintUnknownTagRemoved = "dmarc-lint-unknown-tag-removed", Warning, fix: true;
    /// pct, rf or ri: removed in RFC 9989.
    DmarcLintRemovedTag = "dmarc-lint-removed-tag", Warning, fix: true;
    /// A tag appears twice.
    DmarcLintDuplicateTag = "dmarc-lint-duplicate-tag", Error, fix: true;
    /// A tag name or value not in lower case.
    DmarcLintCase = "dmarc-lint-case", Info, fix: true;
    /// A tag value that is not allowed.
    DmarcLintInvalidValue = "dmarc-lint-invalid-value", Error, fix: true;
    /// A tag value that is not valid but close to one that is (`p=rejct`).
    DmarcLintInvalidValueSuggest = "dmarc-lint-invalid-value-suggest", Error, fix: true;
    /// Tags separated by something other than ';'.
    DmarcLintSeparator = "dmarc-lint-separator", Error, fix: true;
    /// No p= tag.
    DmarcLintPMissing = "dmarc-lint-p-missing", Warning, fix: true;
    /// The record gives no policy at all.
    DmarcLintNoPolicy = "dmarc-lint-no-policy", Error, fix: true;
    /// A report URI that cannot be used.
    DmarcLintInvalidUri = "dmarc-lint-invalid-uri", Error, fix: true;
    /// No valid rua: no aggregate reports.
    DmarcLintNoRua = "dmarc-lint-no-rua", Warning, fix: true;
    /// p=none: monitoring only.
    DmarcLintPolicyNone = "dmarc-lint-policy-none", Warning, fix: true;
    /// pct below 100.
    DmarcLintPct = "dmarc-lint-pct", Warning, fix: true;
    /// sp weaker than p.
    DmarcLintSpWeaker = "dmarc-lint-sp-weaker", Warning, fix: true;
    /// A TXT record meant as DMARC that receivers do not read as one.
    DmarcLintNotRecord = "dmarc-lint-not-record", Error, fix: true;
    /// An external report destination without its authorisation record.
    DmarcLintExternalUnauthorized = "dmarc-lint-external-unauthorized", Error, fix: true;
    /// An external report destination that authorises itself.
    DmarcLintExternalAuthorized = "dmarc-lint-external-authorized", Info, fix: false;
    /// More external report destinations than are checked.
    DmarcLintTooManyDestinations = "dmarc-lint-too-many-destinations", Warning, fix: true;
    /// A DKIM key is published at a selector.
    CheckDkimKey = "check-dkim-key", Info, fix: false;
    /// No DKIM key at any selector tried.
    CheckDkimNoKey = "check-dkim-no-key", Warning, fix: true;
    /// A subdomain without keys of its own is served by a key of its
    /// organizational domain (relaxed DKIM alignment).
    CheckDkimParentKey = "check-dkim-parent-key", Info, fix: false;
    /// The domain has neither A/AAAA nor MX records.
    CheckNoAddress = "check-no-address", Error, fix: true;
    /// The sending IP has no PTR record.
    CheckPtrMissing = "check-ptr-missing", Warning, fix: true;
    /// The PTR name does not resolve back to the IP.
    CheckFcrdnsMismatch = "check-fcrdns-mismatch", Warning, fix: true;
    /// The DNS deadline of a domain check or SPF tree reading passed: what
    /// still needed DNS was not checked, so the result is incomplete.
    DnsDeadline = "dns-deadline", Warning, fix: true;
    /// A lookup of a domain check timed out: what depends on it was not
    /// checked, and the report is partial (never read as "no record").
    CheckDnsTimeout = "check-dns-timeout", Warning, fix: true;
    /// A lookup of a domain check failed (SERVFAIL, network): what depends
    /// on it was not checked, and the report is partial.
    CheckDnsFailure = "check-dns-failure", Warning, fix: true;
    /// The domain publishes a null MX (RFC 7505): it receives no mail, so
    /// receivers may refuse mail from it and replies and reports to it
    /// cannot arrive. A warning when the domain seems to send mail.
    CheckNullMx = "check-null-mx", Info, fix: true;
    /// A null MX beside other MX records (RFC 7505 §3 forbids it).
    CheckNullMxMixed = "check-null-mx-mixed", Error, fix: true;
    /// No MTA-STS record at `_mta-sts` (RFC 8461 §3.1).
    CheckMtaStsMissing = "check-mta-sts-missing", Info, fix: true;
    /// The `_mta-sts` TXT record cannot be used (RFC 8461 §3.1): senders
    /// act as if there were no policy.
    CheckMtaStsInvalid = "check-mta-sts-invalid", Warning, fix: true;
    /// The MTA-STS policy file was not fetched (offline check).
    CheckMtaStsNotFetched = "check-mta-sts-not-fetched", Info, fix: false;
    /// The MTA-STS policy file could not be fetched (RFC 8461 §3.3).
    CheckMtaStsFetchFailed = "check-mta-sts-fetch-failed", Warning, fix: true;
    /// The MTA-STS policy file cannot be used (RFC 8461 §3.2).
    CheckMtaStsPolicyInvalid = "check-mta-sts-policy-invalid", Warning, fix: true;
    /// The MTA-STS policy in force: its mode and max_age.
    CheckMtaStsPolicy = "check-mta-sts-policy", Info, fix: false;
    /// An MX host the MTA-STS policy's `mx` patterns do not match (RFC 8461
    /// §4.1): senders that enforce the policy do not deliver to it.
    CheckMtaStsMxNotCovered = "check-mta-sts-mx-not-covered", Warning, fix: true;
    /// No TLS-RPT record at `_smtp._tls` (RFC 8460 §3).
    CheckTlsRptMissing = "check-tls-rpt-missing", Info, fix: true;
    /// The `_smtp._tls` TXT record cannot be used (RFC 8460 §3).
    CheckTlsRptInvalid = "check-tls-rpt-invalid", Warning, fix: true;
    /// The `default._bimi` TXT record cannot be used (BIMI draft §4).
    CheckBimiInvalid = "check-bimi-invalid", Warning, fix: true;
    /// A BIMI record, but a DMARC policy receivers do not show logos for
    /// (BIMI draft §4.4: p=quarantine or p=reject, pct=100).
    CheckBimiDmarcWeak = "check-bimi-dmarc-weak", Warning, fix: true;
    /// Whether the domain's zone is signed with DNSSEC, as far as the
    /// resolver can tell (for information).
    CheckDnssec = "check-dnssec", Info, fix: false;
    /// The envelope was read from the message's trace fields.
    VerifyEnvelopeInferred = "verify-envelope-inferred", Info, fix: false;
    /// No envelope given or found: SPF not evaluated.
    VerifyNoEnvelope = "verify-no-envelope", Warning, fix: true;
    /// The message's DNS query limit was reached: the rest is temperror.
    VerifyDnsQueryLimit = "verify-dns-query-limit", Warning, fix: true;
    /// The message's DNS deadline passed: the rest is temperror.
    VerifyDnsDeadline = "verify-dns-deadline", Warning, fix: true;
    /// A trace field with envelope facts was not used (below the trusted hop,
    /// untrusted writer, another client IP, unreadable).
    VerifyTraceIgnored = "verify-trace-ignored", Info, fix: false;
    /// The list of unused trace fields stopped at its cap.
    VerifyTraceCapped = "verify-trace-capped", Info, fix: false;
    /// The message's ARC chain validates (RFC 8617 §5.2): who sealed it,
    /// and from which hop on the message is as sealed (oldest-pass).
    ArcPass = "arc-pass", Info, fix: false;
    /// The ARC chain is broken: the instance and the reason.
    ArcFail = "arc-fail", Warning, fix: true;
    /// One hop of an ARC chain: its sealer, cv=, whether its seal and
    /// message signature verified, and what its ARC-Authentication-Results
    /// recorded.
    ArcHop = "arc-hop", Info, fix: false;
    /// DMARC fails, but a trusted ARC sealer recorded an aligned pass:
    /// local policy overrides the disposition (`trusted_forwarder`).
    ArcTrustedSealer = "arc-trusted-sealer", Info, fix: false;
    /// DMARC fails; the chain passes and a sealer recorded an aligned pass,
    /// but no trusted sealer vouches for it: ARC changes nothing.
    ArcNotTrusted = "arc-not-trusted", Info, fix: true;
    /// Text above the header (a web mail page's summary) was skipped.
    MailPreambleSkipped = "mail-preamble-skipped", Info, fix: false;
    /// LF line ends, read as CRLF.
    MailBareLf = "mail-bare-lf", Info, fix: false;
    /// No empty line between header and body.
    MailNoSeparator = "mail-no-separator", Warning, fix: true;
    /// A header line that is not a field (no colon, invalid name) was ignored.
    MailHeaderLineIgnored = "mail-header-line-ignored", Warning, fix: true;
    /// The header could not be read (over a size limit, or no field at all):
    /// the message is evaluated as one without header fields.
    MailHeaderUnreadable = "mail-header-unreadable", Error, fix: true;
    /// An existing Authentication-Results field, summarised.
    AuthresSeen = "authres-seen", Info, fix: false;
    /// An existing A-R says SPF passed for a domain that does not align with From.
    AuthresSpfNotAligned = "authres-spf-not-aligned", Warning, fix: true;
    /// An existing A-R says DKIM passed for a domain that does not align with From.
    AuthresDkimNotAligned = "authres-dkim-not-aligned", Warning, fix: true;
    /// An existing A-R records dmarc=fail.
    AuthresDmarcFail = "authres-dmarc-fail", Error, fix: true;
    /// An existing A-R field could not be read.
    AuthresUnreadable = "authres-unreadable", Warning, fix: true;
    /// More existing result fields or identifiers than are explained per message.
    AuthresCapped = "authres-capped", Info, fix: false;
    /// Every check of a receiver profile passes.
    ProfilePass = "profile-pass", Info, fix: false;
    /// The profile requires SPF pass.
    ProfileSpfNotPass = "profile-spf-not-pass", Error, fix: true;
    /// The profile requires a DKIM pass.
    ProfileDkimNotPass = "profile-dkim-not-pass", Error, fix: true;
    /// The profile requires a DMARC record.
    ProfileDmarcRecord = "profile-dmarc-record", Error, fix: true;
    /// The profile requires DMARC pass.
    ProfileDmarcNotPass = "profile-dmarc-not-pass", Error, fix: true;
    /// The profile requires From to align with SPF or DKIM.
    ProfileFromNotAligned = "profile-from-not-aligned", Error, fix: true;
    /// List-Unsubscribe / List-Unsubscribe-Post missing.
    ProfileListUnsubscribeMissing = "profile-list-unsubscribe-missing", Error, fix: true;
    /// List-Unsubscribe fields not covered by a valid DKIM signature.
    ProfileListUnsubscribeUnsigned = "profile-list-unsubscribe-unsigned", Error, fix: true;
    /// No PTR record for the client IP.
    ProfilePtrMissing = "profile-ptr-missing", Error, fix: true;
    /// The PTR name does not resolve back to the client IP.
    ProfileFcrdnsMismatch = "profile-fcrdns-mismatch", Error, fix: true;
    /// SPF of the header From domain does not pass for the client IP (docomo).
    ProfileHeaderFromSpf = "profile-header-from-spf", Error, fix: true;
    /// The From domain has neither A nor MX records.
    ProfileFromNoAddress = "profile-from-no-address", Error, fix: true;
    /// Empty From.
    ProfileFromEmpty = "profile-from-empty", Error, fix: true;
    /// No Message-ID.
    ProfileMessageIdMissing = "profile-message-id-missing", Warning, fix: true;
    /// A profile check could not run (DNS failure, no client IP).
    ProfileNotChecked = "profile-not-checked", Warning, fix: true;
    /// A profile requirement that DNS cannot show (TLS, one-click
    /// unsubscribe, the spam rate, a message's own fields): where to
    /// check it instead.
    ProfileNotCheckable = "profile-not-checkable", Info, fix: false;
    /// A source in DMARC aggregate reports that fails DMARC from a server
    /// whose reverse DNS name is forward-confirmed inside the From domain's
    /// organizational domain: a server of the owner missing from SPF.
    ReportSourceUnlisted = "report-source-unlisted", Error, fix: true;
    /// A source in aggregate reports that authenticates, but for a sending
    /// service's domains, not the From domain (the alignment findings that
    /// follow it carry the fixes).
    ReportSourceService = "report-source-service", Info, fix: false;
    /// A source in aggregate reports that forwards mail or runs a mailing
    /// list: expected failures, nothing to change in SPF.
    ReportSourceForwarded = "report-source-forwarded", Info, fix: true;
    /// A source in aggregate reports that nothing links to the From domain:
    /// someone else sends as it.
    ReportSourceSpoofed = "report-source-spoofed", Warning, fix: true;
    /// A failing source in aggregate reports that the reports cannot
    /// attribute: the fix is conditional on whose server it is.
    ReportSourceUnknown = "report-source-unknown", Warning, fix: true;
    /// The policy (p=none or p=quarantine) lets mail that fails DMARC
    /// through, while the reports show others sending as the domain.
    ReportPolicyTighten = "report-policy-tighten", Warning, fix: true;
    /// The policy is p=reject: receivers already refuse the failing mail.
    ReportPolicyEnforced = "report-policy-enforced", Info, fix: false;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A code is its identifier. The schema gives the form of identifiers,
/// not their list: codes are added as diagnoses are, and a reader of
/// JSON output takes an unknown code as one more finding.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The stable identifier of the finding, e.g. `spf-fail`; its text is the catalog message of that id.",
            "type": "string",
            "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        })
    }
}

/// One diagnosis: code, severity and the parameters its text needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// What was found.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// Named values (`domain`, `ip`, `term`, …) for the text.
    pub params: BTreeMap<String, String>,
}

impl Finding {
    /// A finding with the code's default severity and no parameters.
    pub fn new(code: Code) -> Self {
        Self {
            code,
            severity: code.severity(),
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }

    /// Adds a list as parameter `name`: its items joined by `, ` under
    /// `name` (as [`Finding::param`] would), and each under `name.list.N`
    /// with their number under `name.list`, from which the text joins them
    /// as the language asked for does ([`Lang::list_separator`]).
    ///
    /// ```
    /// use domainauth::diag::{Code, Finding, Lang};
    /// let f = Finding::new(Code::ArcPass)
    ///     .param("count", 2)
    ///     .param("oldest", 0)
    ///     .param("before", "changed")
    ///     .list("sealers", ["a.example", "b.example"]);
    /// assert_eq!(f.params["sealers"], "a.example, b.example");
    /// assert!(f.message(Lang::En).contains("a.example, b.example"));
    /// assert!(f.message(Lang::Ja).contains("a.example、b.example"));
    /// ```
    pub fn list<I, S>(mut self, name: &str, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
        self.params.insert(name.to_string(), items.join(", "));
        self.params
            .insert(format!("{name}.list"), items.len().to_string());
        for (i, item) in items.into_iter().enumerate() {
            self.params.insert(format!("{name}.list.{i}"), item);
        }
        self
    }

    /// Adds an error as parameter `name`: its English text under `name`
    /// (as [`Finding::param`] would), and its [`Reason`] under `name.id`
    /// and `name.<param>`, from which the text is rendered in the language
    /// asked for.
    pub fn reason<E: AsReason + fmt::Display + ?Sized>(mut self, name: &str, error: &E) -> Self {
        self.params.insert(name.to_string(), error.to_string());
        self.params.extend(error.reason().flatten(name));
        self
    }

    /// Overrides the severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The finding as a sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        render(lang, self)
    }

    /// What to change, in `lang`, when the code has a fix.
    pub fn fix(&self, lang: Lang) -> Option<String> {
        render_fix(lang, self)
    }
}
