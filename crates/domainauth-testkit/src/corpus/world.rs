//! The mail world the corpus describes: the domains that publish DMARC
//! records and receive the reports, the services that send for them, the
//! forwarders and the spoofers — and what each leaves in a `<record>`.
//!
//! Services use address ranges and signing and bounce domains of the kind
//! the real services publish; the domains' own servers use the
//! documentation ranges (RFC 5737, RFC 3849).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::rng::Rng;
use super::truth::{DkimTruth, RecordTruth, SourceRole, SpfTruth};

/// A domain that publishes a DMARC record with `rua=` and gets reports.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    /// The domain (the `<policy_published><domain>`).
    pub domain: &'static str,
    /// `p=`.
    pub p: &'static str,
    /// `sp=`, when published.
    pub sp: Option<&'static str>,
    /// `adkim=`.
    pub adkim: char,
    /// `aspf=`.
    pub aspf: char,
    /// `pct=` (100 when not published).
    pub pct: u8,
    /// `fo=`.
    pub fo: &'static str,
    /// Subdomains that send as header From.
    pub subdomains: &'static [&'static str],
    /// Its own outgoing servers, IPv4: the /24 and the last octets.
    pub own_v4: ([u8; 3], u8, u8),
    /// Its own outgoing servers, IPv6 (a /64 in 2001:db8::/32).
    pub own_v6: Option<[u16; 4]>,
    /// Its DKIM selector.
    pub selector: &'static str,
    /// Services sending for it, and whether each is set up aligned.
    pub services: &'static [(Service, bool)],
    /// How much mail it sends: weights the choice of owner.
    pub weight: u32,
}

/// Sending services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// SendGrid (Twilio).
    SendGrid,
    /// Amazon SES.
    AmazonSes,
    /// Mailchimp / Mandrill.
    Mailchimp,
    /// Microsoft 365 (Exchange Online).
    Microsoft365,
    /// Google Workspace.
    GoogleWorkspace,
    /// Salesforce Marketing Cloud.
    Salesforce,
}

/// The owners of the random corpus.
pub const OWNERS: &[Owner] = &[
    Owner {
        domain: "example.co.jp",
        p: "none",
        sp: None,
        adkim: 'r',
        aspf: 'r',
        pct: 100,
        fo: "1",
        subdomains: &["news.example.co.jp"],
        own_v4: ([192, 0, 2], 10, 19),
        own_v6: Some([0x2001, 0xdb8, 0x10, 0]),
        selector: "s1",
        services: &[(Service::SendGrid, false), (Service::Microsoft365, true)],
        weight: 30,
    },
    Owner {
        domain: "shop.example",
        p: "quarantine",
        sp: None,
        adkim: 'r',
        aspf: 'r',
        pct: 100,
        fo: "0",
        subdomains: &["mail.shop.example"],
        own_v4: ([192, 0, 2], 80, 84),
        own_v6: None,
        selector: "mail2025",
        services: &[(Service::AmazonSes, true), (Service::Mailchimp, false)],
        weight: 20,
    },
    Owner {
        domain: "example.com",
        p: "reject",
        sp: Some("quarantine"),
        adkim: 's',
        aspf: 'r',
        pct: 100,
        fo: "1",
        subdomains: &["info.example.com", "billing.example.com"],
        own_v4: ([198, 51, 100], 20, 29),
        own_v6: Some([0x2001, 0xdb8, 0x20, 0x25]),
        selector: "k2026",
        services: &[
            (Service::GoogleWorkspace, true),
            (Service::Salesforce, true),
            (Service::SendGrid, true),
        ],
        weight: 25,
    },
    Owner {
        domain: "example.net",
        p: "none",
        sp: Some("none"),
        adkim: 'r',
        aspf: 'r',
        pct: 100,
        fo: "0",
        subdomains: &[],
        own_v4: ([203, 0, 113], 40, 44),
        own_v6: None,
        selector: "default",
        services: &[(Service::Microsoft365, false)],
        weight: 10,
    },
    Owner {
        domain: "example.org",
        p: "reject",
        sp: None,
        adkim: 'r',
        aspf: 's',
        pct: 100,
        fo: "d:s",
        subdomains: &["lists.example.org"],
        own_v4: ([203, 0, 113], 200, 209),
        own_v6: Some([0x2001, 0xdb8, 0x30, 0]),
        selector: "sel1",
        services: &[
            (Service::AmazonSes, false),
            (Service::GoogleWorkspace, true),
        ],
        weight: 10,
    },
    Owner {
        domain: "example.jp",
        p: "quarantine",
        sp: None,
        adkim: 'r',
        aspf: 'r',
        pct: 50,
        fo: "0",
        subdomains: &[],
        own_v4: ([192, 0, 2], 150, 153),
        own_v6: None,
        selector: "dkim1",
        services: &[(Service::Mailchimp, true), (Service::SendGrid, false)],
        weight: 5,
    },
];

/// The organizational domain (RFC 9989 §4.8) of the names this corpus
/// uses: the registrable part under the few multi-label suffixes it has.
pub fn org_domain(name: &str) -> &str {
    const TWO_LABEL_SUFFIXES: &[&str] = &["co.jp", "ne.jp", "or.jp", "ac.jp", "co.uk", "com.br"];
    let labels: Vec<usize> = name
        .char_indices()
        .filter(|&(_, c)| c == '.')
        .map(|(i, _)| i)
        .collect();
    let keep = if TWO_LABEL_SUFFIXES
        .iter()
        .any(|s| name.ends_with(s) && name.len() > s.len())
    {
        3
    } else {
        2
    };
    if labels.len() < keep {
        name
    } else {
        &name[labels[labels.len() - keep] + 1..]
    }
}

/// Identifier alignment (RFC 9989 §4.4): `mode` `s` needs the same name,
/// `r` the same organizational domain.
pub fn aligned(a: &str, b: &str, mode: char) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    if mode == 's' {
        a == b
    } else {
        org_domain(&a) == org_domain(&b)
    }
}

fn v4_in(rng: &mut Rng, base: [u8; 4], prefix: u8) -> IpAddr {
    let host_bits = 32 - u32::from(prefix);
    let span = 1u64 << host_bits;
    let n = u32::from_be_bytes(base) | (rng.range(1, span.saturating_sub(2).max(1)) as u32);
    IpAddr::V4(Ipv4Addr::from(n))
}

fn v6_in(rng: &mut Rng, prefix: [u16; 4]) -> IpAddr {
    IpAddr::V6(Ipv6Addr::new(
        prefix[0],
        prefix[1],
        prefix[2],
        prefix[3],
        0,
        0,
        rng.below(4) as u16,
        rng.range(1, 0x3ff) as u16,
    ))
}

/// Large public allocations, for spoofers and list servers: addresses
/// spread over the whole Internet, as botnets are.
const PUBLIC_FIRST_OCTETS: &[u8] = &[
    5, 14, 27, 31, 36, 37, 41, 45, 46, 49, 58, 59, 60, 61, 77, 78, 79, 80, 81, 82, 85, 86, 87, 88,
    89, 91, 92, 93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 123, 124, 125, 139, 151, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185, 186,
    187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 200, 201, 202, 210, 211, 212, 213, 217, 218,
    219, 220, 221, 222,
];

fn public_v4(rng: &mut Rng) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(
        *rng.pick(PUBLIC_FIRST_OCTETS),
        rng.below(256) as u8,
        rng.below(256) as u8,
        rng.range(1, 254) as u8,
    ))
}

impl Service {
    fn ip(self, rng: &mut Rng) -> IpAddr {
        /// IPv4 networks (address, prefix length) and an IPv6 /64.
        type Ranges = (&'static [([u8; 4], u8)], Option<[u16; 4]>);
        let (v4, v6): Ranges = match self {
            Self::SendGrid => (
                &[
                    ([167, 89, 0, 0], 17),
                    ([149, 72, 0, 0], 16),
                    ([168, 245, 0, 0], 17),
                ],
                None,
            ),
            Self::AmazonSes => (
                &[
                    ([54, 240, 0, 0], 18),
                    ([23, 251, 224, 0], 19),
                    ([76, 223, 128, 0], 19),
                ],
                None,
            ),
            Self::Mailchimp => (&[([198, 2, 128, 0], 18), ([205, 201, 128, 0], 20)], None),
            Self::Microsoft365 => (
                &[([40, 107, 0, 0], 16), ([52, 100, 0, 0], 14)],
                Some([0x2a01, 0x111, 0xf400, 0xfe1e]),
            ),
            Self::GoogleWorkspace => (
                &[([209, 85, 128, 0], 17), ([74, 125, 0, 0], 16)],
                Some([0x2607, 0xf8b0, 0x4864, 0x20]),
            ),
            Self::Salesforce => (&[([13, 111, 0, 0], 16)], None),
        };
        match v6 {
            Some(p) if rng.percent(25) => v6_in(rng, p),
            _ => {
                let (base, prefix) = *rng.pick(v4);
                v4_in(rng, base, prefix)
            }
        }
    }

    /// DKIM results and the MAIL FROM domain of mail this service sends as
    /// `header_from` for `owner`, and the SPF result when it is not the
    /// service's usual pass.
    fn auth(
        self,
        rng: &mut Rng,
        owner: &Owner,
        header_from: &str,
        aligned_setup: bool,
    ) -> (Vec<DkimTruth>, String, Option<&'static str>) {
        let own = |selector: String| DkimTruth {
            domain: owner.domain.to_string(),
            selector: Some(selector),
            result: "pass",
            human_result: None,
        };
        let theirs = |domain: &str, selector: &str| DkimTruth {
            domain: domain.to_string(),
            selector: Some(selector.to_string()),
            result: "pass",
            human_result: None,
        };
        match self {
            Self::SendGrid => {
                let n = rng.range(100, 9999);
                if aligned_setup {
                    let mut d = vec![own("s1".into())];
                    if rng.percent(60) {
                        d.push(theirs("sendgrid.net", "smtpapi"));
                    }
                    (d, format!("em{n}.{}", owner.domain), None)
                } else {
                    (
                        vec![theirs("sendgrid.net", "smtpapi")],
                        format!("em{n}.sendgrid.net"),
                        None,
                    )
                }
            }
            Self::AmazonSes => {
                let region = rng.pick(&["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"]);
                let ses = theirs("amazonses.com", "224i4yxa5dv7c2xz3womw6peuasteono");
                if aligned_setup {
                    let sel = rng.chars(32, b"abcdefghijklmnopqrstuvwxyz234567");
                    (vec![own(sel), ses], format!("mail.{}", owner.domain), None)
                } else {
                    (vec![ses], format!("{region}.amazonses.com"), None)
                }
            }
            Self::Mailchimp => {
                if aligned_setup {
                    (
                        vec![own("k1".into()), theirs("mcsv.net", "k3")],
                        format!(
                            "mail{}.atl{}.mcsv.net",
                            rng.range(1, 250),
                            rng.range(1, 300)
                        ),
                        None,
                    )
                } else {
                    (
                        vec![theirs("mcsv.net", "k3")],
                        format!(
                            "mail{}.suw{}.mcdlv.net",
                            rng.range(1, 250),
                            rng.range(1, 40)
                        ),
                        None,
                    )
                }
            }
            Self::Microsoft365 => {
                if aligned_setup {
                    let sel = if rng.percent(50) {
                        "selector1"
                    } else {
                        "selector2"
                    };
                    (vec![own(sel.into())], header_from.to_string(), None)
                } else {
                    let tenant = owner.domain.split('.').next().unwrap_or("tenant");
                    let d = format!("{tenant}corp.onmicrosoft.com");
                    (
                        vec![DkimTruth {
                            domain: d.clone(),
                            selector: Some(format!("selector1-{tenant}corp-onmicrosoft-com")),
                            result: "pass",
                            human_result: None,
                        }],
                        header_from.to_string(),
                        // The tenant never added spf.protection.outlook.com
                        // to its SPF record: the reason it is unaligned.
                        Some(if rng.percent(50) { "softfail" } else { "fail" }),
                    )
                }
            }
            Self::GoogleWorkspace => (vec![own("google".into())], header_from.to_string(), None),
            Self::Salesforce => {
                if aligned_setup {
                    (
                        vec![own("200608".into())],
                        format!("bounce.{}", owner.domain),
                        None,
                    )
                } else {
                    (
                        vec![theirs("s7.exacttarget.com", "200608")],
                        "bounce.s7.exacttarget.com".to_string(),
                        None,
                    )
                }
            }
        }
    }
}

/// The SPF result a service's MAIL FROM gets: pass, except now and then a
/// softfail or temperror.
fn service_spf(rng: &mut Rng) -> &'static str {
    match rng.below(100) {
        0 => "temperror",
        1..=2 => "softfail",
        _ => "pass",
    }
}

fn junk_domain(rng: &mut Rng) -> String {
    let tld = rng.pick(&["com", "net", "ru", "cn", "info", "top", "xyz", "br"]);
    let len = rng.range(5, 12) as usize;
    format!("{}.{tld}", rng.chars(len, b"abcdefghijklmnopqrstuvwxyz"))
}

/// How records are spread over the kinds of source: weights for own
/// servers, unlisted own servers, aligned services, unaligned services,
/// forwarders and spoofers.
const ROLE_WEIGHTS: [u32; 6] = [30, 2, 18, 12, 15, 23];

/// A record about mail claiming `owner` (or one of its subdomains) as
/// header From, from a source chosen at random, with the DMARC outcome and
/// the disposition a receiver would apply. `rfc9990` restricts the override
/// reasons to that schema's set.
pub fn record(rng: &mut Rng, owner: &Owner, rfc9990: bool) -> RecordTruth {
    let role = match rng.weighted(&ROLE_WEIGHTS) {
        0 => SourceRole::OwnServer,
        1 => SourceRole::UnlistedOwnServer,
        2 if owner.services.iter().any(|s| s.1) => SourceRole::AlignedService,
        3 if owner.services.iter().any(|s| !s.1) => SourceRole::UnalignedService,
        2 | 3 => SourceRole::OwnServer,
        4 => SourceRole::Forwarder,
        _ => SourceRole::Spoofer,
    };
    let header_from = if !owner.subdomains.is_empty() && rng.percent(15) {
        rng.pick(owner.subdomains).to_string()
    } else {
        owner.domain.to_string()
    };
    let mut dkim = Vec::new();
    let mut spf = Vec::new();
    let (source_ip, count, envelope_from);
    match role {
        SourceRole::OwnServer | SourceRole::UnlistedOwnServer => {
            let (net, lo, hi) = owner.own_v4;
            source_ip = match owner.own_v6 {
                Some(p) if rng.percent(20) => v6_in(rng, p),
                _ => IpAddr::V4(Ipv4Addr::new(
                    net[0],
                    net[1],
                    net[2],
                    rng.range(u64::from(lo), u64::from(hi)) as u8,
                )),
            };
            envelope_from = header_from.clone();
            if role == SourceRole::OwnServer {
                count = rng.log_range(1, 3000);
                if rng.percent(92) {
                    dkim.push(DkimTruth {
                        domain: header_from.clone(),
                        selector: Some(owner.selector.to_string()),
                        result: "pass",
                        human_result: None,
                    });
                }
                spf.push(SpfTruth {
                    domain: envelope_from.clone(),
                    scope: Some("mfrom"),
                    result: "pass",
                });
            } else {
                count = rng.log_range(1, 200);
                spf.push(SpfTruth {
                    domain: envelope_from.clone(),
                    scope: Some("mfrom"),
                    result: if rng.percent(70) { "fail" } else { "softfail" },
                });
            }
        }
        SourceRole::AlignedService | SourceRole::UnalignedService => {
            let want = role == SourceRole::AlignedService;
            let candidates: Vec<Service> = owner
                .services
                .iter()
                .filter(|s| s.1 == want)
                .map(|s| s.0)
                .collect();
            let service = *rng.pick(&candidates);
            source_ip = service.ip(rng);
            count = rng.log_range(1, 5000);
            let (d, mail_from, spf_result) = service.auth(rng, owner, &header_from, want);
            dkim = d;
            envelope_from = mail_from;
            spf.push(SpfTruth {
                domain: envelope_from.clone(),
                scope: Some("mfrom"),
                result: spf_result.unwrap_or_else(|| service_spf(rng)),
            });
        }
        SourceRole::Forwarder => {
            count = rng.log_range(1, 40);
            match rng.below(3) {
                // A mailbox forwarder: the body is intact, DKIM survives.
                0 => {
                    source_ip = public_v4(rng);
                    envelope_from = header_from.clone();
                    dkim.push(DkimTruth {
                        domain: header_from.clone(),
                        selector: Some(owner.selector.to_string()),
                        result: "pass",
                        human_result: None,
                    });
                    spf.push(SpfTruth {
                        domain: envelope_from.clone(),
                        scope: Some("mfrom"),
                        result: if rng.percent(50) { "fail" } else { "softfail" },
                    });
                }
                // Google Groups: Subject tag breaks the author signature,
                // the group signs and bounces to itself.
                1 => {
                    source_ip = v4_in(rng, [209, 85, 220, 0], 24);
                    envelope_from = "googlegroups.com".to_string();
                    dkim.push(DkimTruth {
                        domain: header_from.clone(),
                        selector: Some(owner.selector.to_string()),
                        result: "fail",
                        human_result: None,
                    });
                    dkim.push(DkimTruth {
                        domain: "googlegroups.com".to_string(),
                        selector: Some("20230601".to_string()),
                        result: "pass",
                        human_result: None,
                    });
                    spf.push(SpfTruth {
                        domain: envelope_from.clone(),
                        scope: Some("mfrom"),
                        result: "pass",
                    });
                }
                // A university or community list that keeps the envelope
                // and appends a footer.
                _ => {
                    source_ip = public_v4(rng);
                    envelope_from = header_from.clone();
                    dkim.push(DkimTruth {
                        domain: header_from.clone(),
                        selector: Some(owner.selector.to_string()),
                        result: "fail",
                        human_result: None,
                    });
                    spf.push(SpfTruth {
                        domain: envelope_from.clone(),
                        scope: Some("mfrom"),
                        result: "fail",
                    });
                }
            }
        }
        SourceRole::Spoofer => {
            count = rng.log_range(1, 8);
            source_ip = public_v4(rng);
            envelope_from = if rng.percent(50) {
                header_from.clone()
            } else {
                junk_domain(rng)
            };
            match rng.below(10) {
                0..=6 => {}
                7 | 8 => {
                    let d = junk_domain(rng);
                    dkim.push(DkimTruth {
                        domain: d,
                        selector: Some("default".into()),
                        result: "pass",
                        human_result: None,
                    });
                }
                _ => dkim.push(DkimTruth {
                    domain: header_from.clone(),
                    selector: Some(owner.selector.to_string()),
                    result: "fail",
                    human_result: None,
                }),
            }
            let result = if envelope_from == header_from {
                *rng.pick(&["fail", "fail", "softfail"])
            } else {
                *rng.pick(&["none", "neutral", "pass", "softfail", "permerror"])
            };
            spf.push(SpfTruth {
                domain: envelope_from.clone(),
                scope: Some("mfrom"),
                result,
            });
        }
    }
    let dkim_aligned = dkim
        .iter()
        .any(|d| d.result == "pass" && aligned(&d.domain, &header_from, owner.adkim));
    let spf_aligned = spf.iter().any(|s| {
        s.result == "pass"
            && s.scope != Some("helo")
            && aligned(&s.domain, &header_from, owner.aspf)
    });
    let mut reasons = Vec::new();
    let disposition = if dkim_aligned || spf_aligned {
        "none"
    } else {
        let policy = if header_from != owner.domain {
            owner.sp.unwrap_or(owner.p)
        } else {
            owner.p
        };
        if policy == "none" {
            "none"
        } else if owner.pct < 100 && !rfc9990 && rng.below(100) >= u64::from(owner.pct) {
            reasons.push(("sampled_out".to_string(), None));
            if policy == "reject" {
                "quarantine"
            } else {
                "none"
            }
        } else if role == SourceRole::Forwarder && rng.percent(40) {
            let reason = if rfc9990 {
                *rng.pick(&["local_policy", "mailing_list", "trusted_forwarder"])
            } else {
                *rng.pick(&[
                    "local_policy",
                    "forwarded",
                    "mailing_list",
                    "trusted_forwarder",
                ])
            };
            let comment = (reason == "local_policy").then(|| "arc=pass".to_string());
            reasons.push((reason.to_string(), comment));
            "none"
        } else {
            policy
        }
    };
    let disposition = match disposition {
        "quarantine" => "quarantine",
        "reject" => "reject",
        _ => "none",
    };
    RecordTruth {
        source_ip,
        count,
        disposition,
        dkim_aligned,
        spf_aligned,
        reasons,
        header_from,
        envelope_from: Some(envelope_from),
        envelope_to: None,
        dkim,
        spf,
        role,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizational_domains() {
        assert_eq!(org_domain("mail2.example.co.jp"), "example.co.jp");
        assert_eq!(org_domain("example.co.jp"), "example.co.jp");
        assert_eq!(org_domain("em123.sendgrid.net"), "sendgrid.net");
        assert_eq!(org_domain("example.com"), "example.com");
        assert_eq!(org_domain("com"), "com");
        assert!(aligned("news.example.co.jp", "example.co.jp", 'r'));
        assert!(!aligned("news.example.co.jp", "example.co.jp", 's'));
        assert!(!aligned("sendgrid.net", "example.co.jp", 'r'));
    }

    #[test]
    fn records_follow_dmarc() {
        let mut rng = Rng::new(3);
        for owner in OWNERS {
            for _ in 0..500 {
                let r = record(&mut rng, owner, false);
                assert!(r.count >= 1);
                if r.dmarc_pass() {
                    assert_eq!(r.disposition, "none");
                    assert!(r.reasons.is_empty());
                }
                if r.role == SourceRole::Spoofer || r.role == SourceRole::UnalignedService {
                    assert!(!r.dmarc_pass(), "{r:?}");
                }
                if r.role == SourceRole::OwnServer {
                    assert!(r.dmarc_pass(), "{r:?}");
                }
                if owner.p == "none" && owner.sp.is_none_or(|sp| sp == "none") {
                    assert_eq!(r.disposition, "none");
                }
            }
        }
    }
}
