//! Receiver profiles: what a large receiver requires of senders beyond the
//! RFCs, as one table that `verify --profile` (on a message) and
//! `check --profile` (on a domain) both follow.
//!
//! Each [`Requirement`] has one identifier, one title in the catalogs
//! (`ui-requirement-<id>`) and one [`Code`] for its failure, whose text
//! and fix are the same whichever command finds it. A requirement says
//! where it can be checked: in DNS alone ([`Requirement::in_domain`]), on
//! a received message ([`Requirement::in_message`]), or neither (the
//! receiver alone measures it).
//!
//! - `gmail-bulk` (alias `gmail`), `yahoo-bulk` (alias `yahoo`): the
//!   February 2024 sender rules of Gmail and Yahoo for bulk senders: SPF
//!   *and* DKIM, a DMARC record (p=none at least), From aligned with SPF
//!   or DKIM, forward-confirmed reverse DNS, TLS, one-click unsubscribe
//!   (RFC 8058) and a spam rate under 0.3%.
//! - `docomo`: what NTT docomo asks of senders since January 2025 (its
//!   page 「ドコモメールへメールを送信する際の注意事項」): DMARC pass, or
//!   the mail shows 「このメールは送信ドメイン認証が行われておりません」
//!   or is not delivered; DKIM as well as SPF; SPF checked a second time
//!   with the header From domain as identity; an A or MX record for the
//!   From domain; a non-empty From and a Message-ID.
//!
//! ```
//! use domainauth::profile::{Profile, Requirement};
//! let docomo: Profile = "docomo".parse()?;
//! assert!(docomo.requirements().contains(&Requirement::HeaderFromSpf));
//! // `gmail` names the same rules as `gmail-bulk`.
//! assert_eq!("gmail".parse::<Profile>()?, Profile::GmailBulk);
//! assert!(!Requirement::SpamRate.in_domain() && !Requirement::SpamRate.in_message());
//! # Ok::<(), domainauth::profile::ParseProfileError>(())
//! ```

use crate::diag::Code;

/// A receiver's requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Profile {
    /// Gmail's bulk sender requirements (February 2024); `gmail` is read
    /// as this profile too.
    GmailBulk,
    /// Yahoo's bulk sender requirements (February 2024); `yahoo` is read
    /// as this profile too.
    YahooBulk,
    /// NTT docomo's requirements for mail to docomo.ne.jp (January 2025).
    Docomo,
}

impl Profile {
    /// All profiles.
    pub const ALL: &'static [Profile] = &[Self::GmailBulk, Self::YahooBulk, Self::Docomo];

    /// `gmail-bulk`, `yahoo-bulk` or `docomo`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GmailBulk => "gmail-bulk",
            Self::YahooBulk => "yahoo-bulk",
            Self::Docomo => "docomo",
        }
    }

    /// The other names read as this profile: `gmail` and `yahoo` (Gmail's
    /// and Yahoo's rules for a domain are those for bulk senders; the
    /// bulk-only ones are seen on a message).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::GmailBulk => &["gmail"],
            Self::YahooBulk => &["yahoo"],
            Self::Docomo => &[],
        }
    }

    /// What the profile requires, in the order a checklist shows it.
    pub fn requirements(self) -> &'static [Requirement] {
        use Requirement::*;
        match self {
            Self::GmailBulk | Self::YahooBulk => &[
                Spf,
                Dkim,
                DmarcRecord,
                Alignment,
                ReverseDns,
                Tls,
                OneClickUnsubscribe,
                SpamRate,
            ],
            Self::Docomo => &[
                FromPresent,
                DmarcPass,
                Dkim,
                HeaderFromSpf,
                FromAddress,
                MessageId,
            ],
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Profile {
    type Err = ParseProfileError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|p| {
                p.as_str().eq_ignore_ascii_case(s)
                    || p.aliases().iter().any(|a| a.eq_ignore_ascii_case(s))
            })
            .ok_or_else(|| ParseProfileError {
                given: s.to_string(),
            })
    }
}

/// A name that is none of the [`Profile`]s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile {given:?} (gmail-bulk or gmail, yahoo-bulk or yahoo, docomo)")]
pub struct ParseProfileError {
    given: String,
}

impl ParseProfileError {
    /// The text that was not a profile name.
    pub fn given(&self) -> &str {
        &self.given
    }
}

/// One rule of a receiver profile. Its failure is always reported with
/// [`Requirement::code`] (or, for [`Requirement::ReverseDns`], the
/// mismatch code too), so both commands word it and fix it alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Requirement {
    /// A From field with an address (docomo refuses an empty From).
    FromPresent,
    /// DMARC passes (docomo). In DNS: a DMARC record is published, without
    /// which DMARC cannot pass.
    DmarcPass,
    /// A DMARC record, p=none at least (Gmail, Yahoo).
    DmarcRecord,
    /// DKIM for the domain: a signature that verifies; in DNS, a usable
    /// key at a selector (RFC 6376 §3.6.2.1).
    Dkim,
    /// SPF for the domain: a pass for the sending IPs (RFC 7208 §2.4).
    Spf,
    /// SPF evaluated with the header From domain as identity passes for
    /// the sending IPs: docomo looks it up as well as the envelope's.
    HeaderFromSpf,
    /// The From domain has an A/AAAA or an MX record.
    FromAddress,
    /// The From domain aligns with the SPF or DKIM domain (RFC 9989 §4.4);
    /// in DNS: an aligned pass is possible, through a DKIM key of the
    /// domain or its SPF record covering the sending IPs.
    Alignment,
    /// The sending IPs have reverse DNS that resolves back to them
    /// (forward-confirmed).
    ReverseDns,
    /// Mail is sent over TLS (STARTTLS): seen on the SMTP connection only.
    Tls,
    /// Bulk mail carries one-click unsubscribe (RFC 8058) under DKIM.
    OneClickUnsubscribe,
    /// The spam rate the receiver measures stays under 0.3%.
    SpamRate,
    /// The message has a Message-ID.
    MessageId,
}

impl Requirement {
    /// The stable identifier, e.g. `header-from-spf`; its title is the
    /// catalog message `ui-requirement-<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Self::FromPresent => "from-present",
            Self::DmarcPass => "dmarc-pass",
            Self::DmarcRecord => "dmarc-record",
            Self::Dkim => "dkim",
            Self::Spf => "spf",
            Self::HeaderFromSpf => "header-from-spf",
            Self::FromAddress => "from-address",
            Self::Alignment => "alignment",
            Self::ReverseDns => "reverse-dns",
            Self::Tls => "tls",
            Self::OneClickUnsubscribe => "one-click-unsubscribe",
            Self::SpamRate => "spam-rate",
            Self::MessageId => "message-id",
        }
    }

    /// The code a failure of this requirement is reported with.
    pub fn code(self) -> Option<Code> {
        Some(match self {
            Self::FromPresent => Code::ProfileFromEmpty,
            Self::DmarcPass => Code::ProfileDmarcNotPass,
            Self::DmarcRecord => Code::ProfileDmarcRecord,
            Self::Dkim => Code::ProfileDkimNotPass,
            Self::Spf => Code::ProfileSpfNotPass,
            Self::HeaderFromSpf => Code::ProfileHeaderFromSpf,
            Self::FromAddress => Code::ProfileFromNoAddress,
            Self::Alignment => Code::ProfileFromNotAligned,
            Self::ReverseDns => Code::ProfilePtrMissing,
            Self::OneClickUnsubscribe => Code::ProfileListUnsubscribeMissing,
            Self::MessageId => Code::ProfileMessageIdMissing,
            Self::Tls | Self::SpamRate => return None,
        })
    }

    /// True when what a domain publishes in DNS can show it (or show it
    /// cannot hold).
    pub fn in_domain(self) -> bool {
        !matches!(
            self,
            Self::FromPresent
                | Self::Tls
                | Self::OneClickUnsubscribe
                | Self::SpamRate
                | Self::MessageId
        )
    }

    /// True when a received message can show it (`verify --profile`).
    pub fn in_message(self) -> bool {
        !matches!(self, Self::Tls | Self::SpamRate)
    }

    /// The requirement whose failure `code` reports.
    pub fn of_code(code: Code) -> Option<Requirement> {
        match code {
            Code::ProfileFcrdnsMismatch => Some(Self::ReverseDns),
            Code::ProfileListUnsubscribeUnsigned => Some(Self::OneClickUnsubscribe),
            _ => ALL_REQUIREMENTS
                .iter()
                .copied()
                .find(|r| r.code() == Some(code)),
        }
    }
}

const ALL_REQUIREMENTS: &[Requirement] = &[
    Requirement::FromPresent,
    Requirement::DmarcPass,
    Requirement::DmarcRecord,
    Requirement::Dkim,
    Requirement::Spf,
    Requirement::HeaderFromSpf,
    Requirement::FromAddress,
    Requirement::Alignment,
    Requirement::ReverseDns,
    Requirement::Tls,
    Requirement::OneClickUnsubscribe,
    Requirement::SpamRate,
    Requirement::MessageId,
];

impl Requirement {
    /// Every requirement of every profile.
    pub const ALL: &'static [Requirement] = ALL_REQUIREMENTS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_parse_to_one_profile() {
        for p in Profile::ALL {
            assert_eq!(p.as_str().parse::<Profile>(), Ok(*p));
            for a in p.aliases() {
                assert_eq!(a.to_ascii_uppercase().parse::<Profile>(), Ok(*p));
            }
        }
        assert!("hotmail".parse::<Profile>().is_err());
    }

    #[test]
    fn every_requirement_has_one_failure_code_or_none() {
        for r in Requirement::ALL {
            if let Some(code) = r.code() {
                assert_eq!(Requirement::of_code(code), Some(*r), "{r:?}");
            } else {
                // What no command can check has no failure code.
                assert!(!r.in_domain() && !r.in_message(), "{r:?}");
            }
        }
        assert_eq!(
            Requirement::of_code(Code::ProfileFcrdnsMismatch),
            Some(Requirement::ReverseDns)
        );
    }

    #[test]
    fn every_profile_requirement_is_listed_once() {
        for p in Profile::ALL {
            let reqs = p.requirements();
            for (i, r) in reqs.iter().enumerate() {
                assert!(!reqs[i + 1..].contains(r), "{p:?} lists {r:?} twice");
                assert!(Requirement::ALL.contains(r));
            }
        }
    }
}
