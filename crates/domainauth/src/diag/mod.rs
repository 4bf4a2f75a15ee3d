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

use std::collections::BTreeMap;
use std::fmt;

pub use catalog::{Lang, catalog_problems, render, render_fix, render_strict, ui};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
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
    /// The identity is not a domain that can be checked.
    SpfInvalidDomain = "spf-invalid-domain", Warning, fix: false;
    /// A DNS failure stopped the check.
    SpfTempError = "spf-temperror", Error, fix: true;
    /// The record has a syntax error.
    SpfSyntax = "spf-syntax", Error, fix: true;
    /// The domain publishes more than one SPF record.
    SpfMultipleRecords = "spf-multiple-records", Error, fix: true;
    /// The evaluation needed more than 10 DNS-querying terms.
    SpfTooManyLookups = "spf-too-many-lookups", Error, fix: true;
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
    /// An include or redirect in the tree points at a domain without SPF.
    SpfLintBrokenInclude = "spf-lint-broken-include", Error, fix: true;
    /// The tree has more than 2 lookups that return nothing.
    SpfLintVoidLookups = "spf-lint-void-lookups", Error, fix: true;
    /// A DNS failure while reading the tree.
    SpfLintDnsFailure = "spf-lint-dns-failure", Warning, fix: false;
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
    /// Not checked: too many signatures.
    DkimTooMany = "dkim-too-many", Warning, fix: false;
    /// LF line ends were read as CRLF.
    DkimBareLf = "dkim-bare-lf", Info, fix: false;
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

/// One diagnosis: code, severity and the parameters its text needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
