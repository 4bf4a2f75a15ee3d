//! The receivers that send aggregate reports, each in its own shape: what
//! its XML holds and how it is laid out, how it names, packs and mails the
//! file. Shapes follow reports these receivers send (Google's zip with no
//! namespace, Microsoft's gzip with the XML Schema instance declarations,
//! Yahoo's gzip without `<version>` …), with invented content.

use super::calendar;
use super::container::{self, Encoding, Mail, Part};
use super::rng::Rng;
use super::truth::{AggregateTruth, PolicyTruth, Quirk, RecordTruth, SourceRole, SpfTruth};
use super::world::{self, Owner};
use super::xml::{self, Decl, Layout};

/// A receiver that sends aggregate reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    /// Gmail / Google Workspace.
    Google,
    /// Microsoft 365 tenants ("Enterprise Outlook").
    EnterpriseOutlook,
    /// Outlook.com / Hotmail.
    OutlookCom,
    /// Yahoo.
    Yahoo,
    /// Mail.Ru.
    MailRu,
    /// Fastmail.
    Fastmail,
    /// Zoho Mail.
    Zoho,
    /// GMX.
    Gmx,
    /// Comcast.
    Comcast,
    /// Seznam.
    Seznam,
    /// A receiver already on RFC 9990 (dmarc-2.0 namespace, `<generator>`,
    /// `<np>`, `<discovery_method>`, `<testing>`).
    Rfc9990,
    /// A small receiver declaring windows-1252.
    Windows1252,
    /// A small receiver writing every element with a namespace prefix.
    Prefixed,
    /// A small receiver starting its files with a BOM and writing
    /// upper-case values.
    Bom,
}

/// Receivers with their share of reports.
pub const RECEIVERS: &[(Receiver, u32)] = &[
    (Receiver::Google, 32),
    (Receiver::EnterpriseOutlook, 14),
    (Receiver::OutlookCom, 8),
    (Receiver::Yahoo, 10),
    (Receiver::MailRu, 4),
    (Receiver::Fastmail, 3),
    (Receiver::Zoho, 3),
    (Receiver::Gmx, 4),
    (Receiver::Comcast, 3),
    (Receiver::Seznam, 2),
    (Receiver::Rfc9990, 9),
    (Receiver::Windows1252, 3),
    (Receiver::Prefixed, 2),
    (Receiver::Bom, 3),
];

/// How the XML file is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// As it is.
    Xml,
    /// gzip.
    Gzip,
    /// zip with one entry.
    Zip,
}

/// Quirks a report may get on top of its receiver's, now and then.
const RANDOM_QUIRKS: &[Quirk] = &[
    Quirk::UpperCase,
    Quirk::EmptyElements,
    Quirk::EmptyReason,
    Quirk::Extensions,
    Quirk::UnknownElements,
    Quirk::InvalidUtf8,
    Quirk::NoDeclaration,
    Quirk::Compact,
    Quirk::WrongVersion,
    Quirk::MissingVersion,
];

/// What a receiver's profile says.
pub struct Profile {
    /// `<org_name>`.
    pub org_name: &'static str,
    /// `<email>`.
    pub email: &'static str,
    /// `<extra_contact_info>`.
    pub extra_contact_info: Option<&'static str>,
    /// The name in file names and subjects.
    pub submitter: &'static str,
    /// The layout of its XML.
    pub layout: Layout,
    /// Its usual packing.
    pub packing: Packing,
    /// Quirks every report of it has.
    pub quirks: &'static [Quirk],
    /// Seconds after UTC midnight its day starts.
    pub day_offset: i64,
    /// `<end>` minus `<begin>`: 86399 for receivers whose end is the day's
    /// last second, 86400 for those who write the next midnight.
    pub span: i64,
}

const fn layout(decl: Decl, indent: &'static str) -> Layout {
    Layout {
        decl,
        indent,
        envelope_first: false,
        dkim_result_first: false,
    }
}

impl Receiver {
    /// Its profile.
    pub fn profile(self) -> Profile {
        let base = Profile {
            org_name: "",
            email: "",
            extra_contact_info: None,
            submitter: "",
            layout: layout(Decl::Utf8, "  "),
            packing: Packing::Gzip,
            quirks: &[],
            day_offset: 0,
            span: 86_399,
        };
        match self {
            Self::Google => Profile {
                org_name: "google.com",
                email: "noreply-dmarc-support@google.com",
                extra_contact_info: Some("https://support.google.com/a/answer/2466580"),
                submitter: "google.com",
                layout: layout(Decl::Utf8Spaced, "  "),
                packing: Packing::Zip,
                ..base
            },
            Self::EnterpriseOutlook | Self::OutlookCom => Profile {
                org_name: if self == Self::OutlookCom {
                    "Outlook.com"
                } else {
                    "Enterprise Outlook"
                },
                email: "dmarcreport@microsoft.com",
                submitter: if self == Self::OutlookCom {
                    "protection.outlook.com"
                } else {
                    "enterprise.protection.outlook.com"
                },
                layout: Layout {
                    envelope_first: true,
                    ..layout(Decl::Plain, "  ")
                },
                quirks: &[Quirk::SchemaInstance],
                span: 86_400,
                ..base
            },
            Self::Yahoo => Profile {
                org_name: "Yahoo",
                email: "dmarchelp@yahooinc.com",
                submitter: "yahoo.com",
                layout: layout(Decl::Plain, "  "),
                quirks: &[Quirk::MissingVersion],
                ..base
            },
            Self::MailRu => Profile {
                org_name: "Mail.Ru",
                email: "dmarc_support@corp.mail.ru",
                extra_contact_info: Some("http://help.mail.ru/mail-help"),
                submitter: "mail.ru",
                quirks: &[Quirk::MissingVersion],
                // Moscow midnight.
                day_offset: -3 * 3600,
                ..base
            },
            Self::Fastmail => Profile {
                org_name: "Fastmail Pty Ltd",
                email: "dmarc-reports@fastmail.com",
                submitter: "fastmail.com",
                layout: layout(Decl::Utf8, "\t"),
                ..base
            },
            Self::Zoho => Profile {
                org_name: "zoho.com",
                email: "noreply-dmarc@zoho.com",
                extra_contact_info: Some(
                    "https://www.zoho.com/mail/help/adminconsole/dmarc-policy.html",
                ),
                submitter: "zoho.com",
                layout: Layout {
                    dkim_result_first: true,
                    ..layout(Decl::Utf8Standalone, "    ")
                },
                packing: Packing::Zip,
                quirks: &[Quirk::MissingVersion],
                span: 86_400,
                ..base
            },
            Self::Gmx => Profile {
                org_name: "GMX",
                email: "dmarc_agg@gmx.net",
                submitter: "gmx.net",
                packing: Packing::Zip,
                day_offset: -3600,
                ..base
            },
            Self::Comcast => Profile {
                org_name: "comcast.net",
                email: "dmarc_reports@comcast.net",
                submitter: "comcast.net",
                layout: layout(Decl::Plain, ""),
                quirks: &[Quirk::Compact],
                ..base
            },
            Self::Seznam => Profile {
                org_name: "Seznam.cz a.s.",
                email: "dmarc@seznam.cz",
                submitter: "seznam.cz",
                packing: Packing::Xml,
                quirks: &[Quirk::WrongVersion],
                day_offset: -3600,
                ..base
            },
            Self::Rfc9990 => Profile {
                org_name: "Receiver Example",
                email: "dmarc-reports@receiver.example",
                extra_contact_info: Some("https://receiver.example/postmaster"),
                submitter: "receiver.example",
                quirks: &[Quirk::Namespace],
                ..base
            },
            Self::Windows1252 => Profile {
                org_name: "Société Exemple Télécom",
                email: "rapports-dmarc@telecom.example",
                extra_contact_info: Some("Contrôle qualité, service réseau"),
                submitter: "telecom.example",
                layout: layout(Decl::Utf8, "  "),
                packing: Packing::Xml,
                quirks: &[Quirk::Windows1252, Quirk::MissingVersion],
                ..base
            },
            Self::Prefixed => Profile {
                org_name: "Mailgate Example",
                email: "dmarc@mailgate.example",
                submitter: "mailgate.example",
                quirks: &[Quirk::Prefixed],
                ..base
            },
            Self::Bom => Profile {
                org_name: "Hosting Example",
                email: "postmaster@hosting.example",
                submitter: "hosting.example",
                packing: Packing::Zip,
                quirks: &[Quirk::Bom, Quirk::UpperCase],
                ..base
            },
        }
    }

    fn rfc9990(self) -> bool {
        matches!(self, Self::Rfc9990 | Self::Prefixed)
    }

    fn report_id(self, rng: &mut Rng, end: i64) -> String {
        match self {
            Self::Google => rng
                .range(1_000_000_000_000_000_000, 18_000_000_000_000_000_000)
                .to_string(),
            Self::EnterpriseOutlook | Self::OutlookCom | Self::Comcast => rng.hex(32),
            Self::Yahoo => format!("{}.{:06}", end + 1, rng.below(1_000_000)),
            Self::MailRu | Self::Seznam => rng.range(10_000_000_000, 99_999_999_999).to_string(),
            Self::Fastmail => rng.range(100_000_000, 999_999_999).to_string(),
            Self::Zoho | Self::Gmx => {
                let h = rng.hex(32);
                format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                )
            }
            Self::Rfc9990 => rng.chars(25, b"abcdefghijklmnopqrstuvwxyz0123456789"),
            Self::Windows1252 | Self::Bom => format!("{}.{}", end + 1, rng.hex(8)),
            Self::Prefixed => format!("<{}@mailgate.example>", rng.hex(24)),
        }
    }
}

/// One generated aggregate report: its truth, the XML bytes, and the file
/// name the receiver would give it (without the packing extension).
pub struct Generated {
    /// The receiver.
    pub receiver: Receiver,
    /// What the report says.
    pub truth: AggregateTruth,
    /// The XML.
    pub xml: Vec<u8>,
    /// `submitter!domain!begin!end` (and Fastmail's `!id`).
    pub stem: String,
}

/// How many records a report has: most reports are small, a few are large.
pub fn record_count(rng: &mut Rng, max: usize) -> usize {
    let n = match rng.weighted(&[62, 26, 10, 2]) {
        0 => rng.range(1, 3),
        1 => rng.range(4, 40),
        2 => rng.range(41, 500),
        _ => rng.range(501, 5000),
    };
    (n as usize).clamp(1, max.max(1))
}

/// A report from `receiver` about `owner` for the day starting `day`,
/// without the quirks in `without` (the receiver must not have them as
/// its own); with `random_quirks`, one report in twenty gets one or two
/// more.
pub fn aggregate(
    rng: &mut Rng,
    receiver: Receiver,
    owner: &Owner,
    day: i64,
    records: usize,
    without: &[Quirk],
    random_quirks: bool,
) -> Generated {
    let profile = receiver.profile();
    let begin = day + profile.day_offset;
    let end = begin + profile.span;
    let report_id = receiver.report_id(rng, end);
    let rfc9990 = receiver.rfc9990();

    let mut quirks: Vec<Quirk> = profile.quirks.to_vec();
    if random_quirks && rng.percent(5) {
        for _ in 0..rng.range(1, 2) {
            quirks.push(*rng.pick(RANDOM_QUIRKS));
        }
    }
    if rfc9990 && rng.percent(30) {
        quirks.push(Quirk::Extensions);
    }
    quirks.retain(|q| !without.contains(q));
    // A report has one version, one declaration: keep the first of two
    // that cannot both hold.
    if quirks.contains(&Quirk::MissingVersion) {
        quirks.retain(|&q| q != Quirk::WrongVersion);
    }
    if quirks.contains(&Quirk::Windows1252) {
        quirks.retain(|&q| q != Quirk::NoDeclaration && q != Quirk::InvalidUtf8);
    }
    if quirks.contains(&Quirk::Bom) {
        quirks.retain(|&q| q != Quirk::NoDeclaration);
    }

    let version = if quirks.contains(&Quirk::MissingVersion) {
        None
    } else if quirks.contains(&Quirk::WrongVersion) {
        Some(rng.pick(&["1", "2.0", "1.0.0", "0.1"]).to_string())
    } else {
        Some("1.0".to_string())
    };
    let mut extra_contact_info = profile.extra_contact_info.map(str::to_string);
    if quirks.contains(&Quirk::InvalidUtf8) {
        extra_contact_info = Some(format!(
            "{} \u{FFFD}",
            extra_contact_info.unwrap_or_else(|| "postmaster".to_string())
        ));
    }

    let policy = match receiver {
        Receiver::Google => PolicyTruth {
            sp: Some(owner.sp.unwrap_or(owner.p).to_string()),
            fo: None,
            ..published(owner)
        },
        Receiver::EnterpriseOutlook | Receiver::OutlookCom => PolicyTruth {
            sp: Some(owner.sp.unwrap_or(owner.p).to_string()),
            ..published(owner)
        },
        Receiver::Yahoo => PolicyTruth {
            fo: None,
            ..published(owner)
        },
        Receiver::Rfc9990 | Receiver::Prefixed => PolicyTruth {
            np: Some(owner.p.to_string()),
            pct: None,
            testing: Some(false),
            discovery_method: Some(if rng.percent(70) { "treewalk" } else { "psl" }.to_string()),
            ..published(owner)
        },
        _ => published(owner),
    };

    let rows: Vec<RecordTruth> = (0..records.max(1))
        .map(|_| {
            let r = world::record(rng, owner, rfc9990);
            shape(rng, receiver, owner, r)
        })
        .collect();
    if rows.iter().any(|r| r.dkim.len() > 1 || r.spf.len() > 1) {
        quirks.push(Quirk::SeveralResults);
    }
    quirks.sort();
    quirks.dedup();

    let schema = if rfc9990 || policy.np.is_some() || policy.discovery_method.is_some() {
        "rfc9990"
    } else {
        "rfc7489"
    };
    let truth = AggregateTruth {
        schema,
        version,
        org_name: profile.org_name.to_string(),
        email: profile.email.to_string(),
        extra_contact_info,
        report_id,
        begin,
        end,
        generator: (receiver == Receiver::Rfc9990)
            .then(|| "Receiver Example dmarc-reporter 2.3".to_string()),
        policy,
        records: rows,
        quirks,
    };
    finish(rng, receiver, truth)
}

/// The XML and file name of a report whose truth is complete.
pub fn finish(rng: &mut Rng, receiver: Receiver, truth: AggregateTruth) -> Generated {
    let profile = receiver.profile();
    let xml = xml::write(&truth, &profile.layout, rng);
    let mut stem = format!(
        "{}!{}!{}!{}",
        profile.submitter, truth.policy.domain, truth.begin, truth.end
    );
    if receiver == Receiver::Fastmail {
        stem.push('!');
        stem.push_str(&truth.report_id);
    }
    Generated {
        receiver,
        truth,
        xml,
        stem,
    }
}

/// The policy as the owner publishes it, every field written.
pub fn published(owner: &Owner) -> PolicyTruth {
    PolicyTruth {
        domain: owner.domain.to_string(),
        adkim: Some(owner.adkim),
        aspf: Some(owner.aspf),
        p: owner.p.to_string(),
        sp: owner.sp.map(str::to_string),
        np: None,
        pct: Some(owner.pct),
        fo: Some(owner.fo.to_string()),
        testing: None,
        discovery_method: None,
    }
}

/// Drops what `receiver` does not report and adds what it adds.
pub fn shape(rng: &mut Rng, receiver: Receiver, owner: &Owner, mut r: RecordTruth) -> RecordTruth {
    match receiver {
        Receiver::Google | Receiver::Yahoo => {
            r.envelope_from = None;
            for s in &mut r.spf {
                s.scope = None;
            }
        }
        Receiver::Zoho => r.envelope_from = None,
        Receiver::EnterpriseOutlook => {
            r.envelope_to = Some(format!(
                "{}.example",
                rng.pick(&["contoso", "fabrikam", "tailspin", "northwind"])
            ));
        }
        Receiver::OutlookCom => {
            r.envelope_to = Some(
                rng.pick(&["hotmail.com", "outlook.com", "live.com", "msn.com"])
                    .to_string(),
            );
        }
        Receiver::Fastmail => r.envelope_to = Some("fastmail.com".to_string()),
        Receiver::Gmx | Receiver::Comcast if r.role == SourceRole::OwnServer && rng.percent(30) => {
            r.spf.push(SpfTruth {
                domain: format!("mail.{}", owner.domain),
                scope: Some("helo"),
                result: "pass",
            });
        }
        Receiver::Rfc9990 | Receiver::Prefixed => {
            for d in &mut r.dkim {
                if rng.percent(30) {
                    d.human_result = Some(if d.result == "pass" {
                        "2048-bit key".to_string()
                    } else {
                        "body hash did not verify".to_string()
                    });
                }
            }
        }
        _ => {}
    }
    r
}

/// The file a receiver attaches: its name and bytes.
pub fn pack(g: &Generated, packing: Packing) -> (String, Vec<u8>) {
    let xml_name = format!("{}.xml", g.stem);
    match packing {
        Packing::Xml => (xml_name, g.xml.clone()),
        Packing::Gzip => {
            let name = format!("{xml_name}.gz");
            let bytes = container::gzip(&xml_name, g.truth.end + 1, &g.xml);
            (name, bytes)
        }
        Packing::Zip => {
            let name = format!("{}.zip", g.stem);
            let bytes = container::zip(&[(&xml_name, &g.xml)], g.truth.end + 1);
            (name, bytes)
        }
    }
}

/// A report id in angle brackets, as most receivers' subjects show it
/// (once: an id already in brackets keeps its own).
fn bracketed(id: &str) -> String {
    if id.starts_with('<') {
        id.to_string()
    } else {
        format!("<{id}>")
    }
}

/// The mail that carries the attachment, as the receiver sends it.
pub fn mail(rng: &mut Rng, g: &Generated, attachment: (&str, &[u8])) -> Mail {
    let t = &g.truth;
    let profile = g.receiver.profile();
    let domain = &t.policy.domain;
    let sent = t.end + 1 + rng.range(600, 6 * 3600) as i64;
    let (name, bytes) = attachment;
    let mime = if name.ends_with(".zip") {
        "application/zip"
    } else if name.ends_with(".gz") {
        "application/gzip"
    } else {
        "text/xml"
    };
    let attach = Part {
        content_type: format!("{mime}; name=\"{name}\""),
        disposition: Some(format!("attachment;\n\tfilename=\"{name}\"")),
        encoding: Encoding::Base64,
        body: bytes.to_vec(),
    };
    let to = format!("dmarc-rua@{domain}");
    let boundary = format!("{:012}{}", rng.below(1_000_000_000_000), rng.hex(16));
    let mut headers = vec![(
        "Received".to_string(),
        format!(
            "from {} by mx.{domain} with ESMTPS id {}; {}",
            mta_name(g.receiver),
            rng.hex(12).to_ascii_uppercase(),
            calendar::rfc5322(sent + 2, 0)
        ),
    )];
    let (from, subject, offset, text): (String, String, i32, Option<Part>) = match g.receiver {
        Receiver::Google => (
            "noreply-dmarc-support@google.com".to_string(),
            format!(
                "Report domain: {domain} Submitter: google.com Report-ID: {}",
                t.report_id
            ),
            -480,
            Some(Part {
                content_type: "text/plain; charset=\"UTF-8\"".to_string(),
                disposition: None,
                encoding: Encoding::SevenBit,
                body: Vec::new(),
            }),
        ),
        Receiver::EnterpriseOutlook | Receiver::OutlookCom => (
            "\"DMARC Aggregate Report\" <dmarcreport@microsoft.com>".to_string(),
            format!(
                "Report Domain: {domain} Submitter: {} Report-ID: {}",
                profile.submitter, t.report_id
            ),
            0,
            Some(text_part(
                "This is a DMARC aggregate report from Microsoft Corporation. \
                 For Email delivery issues, contact your Microsoft support channel.",
            )),
        ),
        Receiver::Yahoo => (
            "Yahoo DMARC Reports <noreply@dmarc.yahoo.com>".to_string(),
            format!(
                "Report Domain: {domain} Submitter: yahoo.com Report-ID: {}",
                bracketed(&t.report_id)
            ),
            0,
            None,
        ),
        // Mail.Ru sends the attachment as the whole message.
        Receiver::MailRu => (
            format!("<{}>", profile.email),
            format!(
                "Report Domain: {domain} Submitter: mail.ru Report-ID: {}",
                t.report_id
            ),
            180,
            None,
        ),
        Receiver::Windows1252 => (
            format!("\"Rapports DMARC\" <{}>", profile.email),
            format!(
                "Report Domain: {domain} Submitter: {} Report-ID: {}",
                profile.submitter,
                bracketed(&t.report_id)
            ),
            60,
            Some(Part {
                content_type: "text/plain; charset=windows-1252".to_string(),
                disposition: None,
                encoding: Encoding::QuotedPrintable,
                body: b"Rapport agr\xe9g\xe9 DMARC pour votre domaine.\n".to_vec(),
            }),
        ),
        _ => (
            profile.email.to_string(),
            format!(
                "Report Domain: {domain} Submitter: {} Report-ID: {}",
                profile.submitter,
                bracketed(&t.report_id)
            ),
            0,
            Some(text_part(&format!(
                "This is an aggregate report from {}.",
                profile.org_name
            ))),
        ),
    };
    let sender_domain = from
        .rsplit('@')
        .next()
        .unwrap_or("invalid")
        .trim_end_matches('>')
        .to_string();
    headers.push(("Date".to_string(), calendar::rfc5322(sent, offset)));
    headers.push(("From".to_string(), from));
    headers.push(("To".to_string(), to));
    headers.push(("Subject".to_string(), subject));
    let message_id = if g.receiver == Receiver::Google {
        format!("<{}@google.com>", t.report_id)
    } else {
        format!("<{}.{}@{sender_domain}>", rng.hex(16), sent)
    };
    headers.push(("Message-ID".to_string(), message_id));
    let parts = match text {
        Some(text) => vec![text, attach],
        None if g.receiver == Receiver::MailRu => vec![attach],
        None => vec![
            Part {
                content_type: "text/plain; charset=us-ascii".to_string(),
                disposition: None,
                encoding: Encoding::SevenBit,
                body: b"This is an aggregate report.\n".to_vec(),
            },
            attach,
        ],
    };
    Mail {
        headers,
        parts,
        multipart: "mixed".to_string(),
        boundary,
    }
}

fn text_part(text: &str) -> Part {
    Part {
        content_type: "text/plain; charset=\"us-ascii\"".to_string(),
        disposition: None,
        encoding: Encoding::SevenBit,
        body: format!("{text}\n").into_bytes(),
    }
}

fn mta_name(receiver: Receiver) -> &'static str {
    match receiver {
        Receiver::Google => "mail-sor-f69.google.com (mail-sor-f69.google.com [209.85.220.69])",
        Receiver::EnterpriseOutlook | Receiver::OutlookCom => {
            "NAM12-DM6-obe.outbound.protection.outlook.com (mail-dm6nam12on2100.outbound.protection.outlook.com [40.107.243.100])"
        }
        Receiver::Yahoo => {
            "sonic.gate.mail.ne1.yahoo.com (sonic.gate.mail.ne1.yahoo.com [66.163.190.146])"
        }
        _ => "mx.reporter.example (mx.reporter.example [192.0.2.250])",
    }
}

/// The envelope sender for an mbox `From ` line.
pub fn envelope_sender(receiver: Receiver) -> &'static str {
    match receiver {
        Receiver::Google => "noreply-dmarc-support@google.com",
        Receiver::EnterpriseOutlook | Receiver::OutlookCom => "dmarcreport@microsoft.com",
        Receiver::Yahoo => "noreply@dmarc.yahoo.com",
        _ => "dmarc-reports@reporter.example",
    }
}
