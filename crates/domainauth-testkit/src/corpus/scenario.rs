//! A small fixed corpus about one domain, `example.co.jp` (`p=none`,
//! relaxed alignment), with one source for each cause of DMARC failure a
//! summary must name, at volumes that rank them, reported by Google and
//! Microsoft over two days; with a TLS report, a failure report, and the
//! zone that answers the reverse lookups of the sources.

use std::net::{IpAddr, Ipv4Addr};

use super::receivers::{self, Receiver};
use super::rng::Rng;
use super::truth::{
    AggregateTruth, Content, DkimTruth, PolicyTruth, RecordTruth, SourceRole, SpfTruth,
};
use super::{FIRST_DAY, GeneratedFile, arf, tls, world};

/// One source of the scenario and what its reports add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioSource {
    /// The source IP.
    pub ip: IpAddr,
    /// What it is.
    pub role: SourceRole,
    /// Messages over all the aggregate reports.
    pub messages: u64,
    /// Of those, messages that passed DMARC.
    pub dmarc_pass: u64,
    /// Its PTR name (forward-confirmed in [`Scenario::zone`]), if it has one.
    pub ptr: Option<&'static str>,
}

/// The scenario: files, what they hold, the sources, the zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The domain the reports are about.
    pub domain: &'static str,
    /// The files: a Google zip, a Microsoft `.xml.gz`, a Google report
    /// mail, a second Microsoft `.xml.gz`, a TLS `.json.gz` and an ARF
    /// failure report mail.
    pub files: Vec<GeneratedFile>,
    /// The sources, failing ones ranked by volume after the passing one.
    pub sources: Vec<ScenarioSource>,
    /// An RFC 1035 master file with the domain's SPF and DMARC records and
    /// the PTR and A records of the sources that have reverse DNS.
    pub zone: String,
}

const DOMAIN: &str = "example.co.jp";

/// Messages per source in each of the four aggregate reports (Google day
/// 1, Microsoft day 1, Google day 2, Microsoft day 2).
const VOLUMES: [(SourceRole, [u64; 4]); 5] = [
    (SourceRole::OwnServer, [1500, 980, 1420, 912]),
    (SourceRole::UnalignedService, [410, 225, 395, 240]),
    (SourceRole::Forwarder, [120, 98, 130, 88]),
    (SourceRole::UnlistedOwnServer, [47, 31, 52, 28]),
    (SourceRole::Spoofer, [9, 12, 7, 9]),
];

fn ip(role: SourceRole) -> IpAddr {
    IpAddr::V4(match role {
        SourceRole::OwnServer => Ipv4Addr::new(192, 0, 2, 10),
        SourceRole::UnlistedOwnServer => Ipv4Addr::new(192, 0, 2, 20),
        SourceRole::UnalignedService | SourceRole::AlignedService => Ipv4Addr::new(198, 51, 100, 5),
        SourceRole::Forwarder => Ipv4Addr::new(203, 0, 113, 7),
        SourceRole::Spoofer => Ipv4Addr::new(203, 0, 113, 99),
    })
}

fn ptr(role: SourceRole) -> Option<&'static str> {
    match role {
        SourceRole::OwnServer => Some("mail.example.co.jp"),
        SourceRole::UnlistedOwnServer => Some("mail2.example.co.jp"),
        SourceRole::UnalignedService | SourceRole::AlignedService => {
            Some("o1.ptr1234.sendgrid.net")
        }
        SourceRole::Forwarder => Some("lists.example.org"),
        SourceRole::Spoofer => None,
    }
}

fn dkim(domain: &str, selector: &str, result: &'static str) -> DkimTruth {
    DkimTruth {
        domain: domain.to_string(),
        selector: Some(selector.to_string()),
        result,
        human_result: None,
    }
}

fn spf(domain: &str, result: &'static str) -> SpfTruth {
    SpfTruth {
        domain: domain.to_string(),
        scope: Some("mfrom"),
        result,
    }
}

/// The record of `role` in report `n` (0..4): Google reports (even `n`)
/// carry no envelope From and no SPF scope, as Google's do; Microsoft's
/// carry both and the recipient domain.
fn record(role: SourceRole, n: usize, count: u64) -> RecordTruth {
    let (dkim_results, spf_results, envelope_from, reasons) = match role {
        SourceRole::OwnServer => (
            vec![dkim(DOMAIN, "s1", "pass")],
            vec![spf(DOMAIN, "pass")],
            DOMAIN,
            vec![],
        ),
        SourceRole::UnlistedOwnServer => (vec![], vec![spf(DOMAIN, "fail")], DOMAIN, vec![]),
        SourceRole::UnalignedService | SourceRole::AlignedService => (
            vec![dkim("sendgrid.net", "smtpapi", "pass")],
            vec![spf("em123.sendgrid.net", "pass")],
            "em123.sendgrid.net",
            vec![],
        ),
        SourceRole::Forwarder => (
            vec![dkim(DOMAIN, "s1", "fail")],
            vec![spf(DOMAIN, "fail")],
            DOMAIN,
            match n {
                1 => vec![(
                    "mailing_list".to_string(),
                    Some("lists.example.org".to_string()),
                )],
                3 => vec![("forwarded".to_string(), None)],
                _ => vec![],
            },
        ),
        SourceRole::Spoofer => (vec![], vec![spf(DOMAIN, "fail")], DOMAIN, vec![]),
    };
    let pass = role == SourceRole::OwnServer;
    let google = n.is_multiple_of(2);
    RecordTruth {
        source_ip: ip(role),
        count,
        disposition: "none",
        dkim_aligned: pass,
        spf_aligned: pass,
        reasons,
        header_from: DOMAIN.to_string(),
        envelope_from: (!google).then(|| envelope_from.to_string()),
        envelope_to: (!google).then(|| "contoso.example".to_string()),
        dkim: dkim_results,
        spf: spf_results
            .into_iter()
            .map(|s| SpfTruth {
                scope: if google { None } else { s.scope },
                ..s
            })
            .collect(),
        role,
    }
}

fn policy(receiver: Receiver) -> PolicyTruth {
    PolicyTruth {
        domain: DOMAIN.to_string(),
        adkim: Some('r'),
        aspf: Some('r'),
        p: "none".to_string(),
        sp: Some("none".to_string()),
        np: None,
        pct: Some(100),
        fo: (receiver != Receiver::Google).then(|| "1".to_string()),
        testing: None,
        discovery_method: None,
    }
}

/// The scenario. Deterministic: the same bytes on every call.
pub fn scenario_four_causes() -> Scenario {
    let mut rng = Rng::new(0x4CA5E);
    let mut files = Vec::new();
    let reports: [(Receiver, i64, &str); 4] = [
        (Receiver::Google, FIRST_DAY, "12868437910564733210"),
        (
            Receiver::EnterpriseOutlook,
            FIRST_DAY,
            "8e1c7d2f4a9b40c6a3d5e7f901b2c4d6",
        ),
        (Receiver::Google, FIRST_DAY + 86_400, "4371508829317660418"),
        (
            Receiver::EnterpriseOutlook,
            FIRST_DAY + 86_400,
            "0f3a5c7e9b1d42f68a0c2e4b6d8f1a3c",
        ),
    ];
    for (n, &(receiver, day, report_id)) in reports.iter().enumerate() {
        let profile = receiver.profile();
        let truth = AggregateTruth {
            schema: "rfc7489",
            version: Some("1.0".to_string()),
            org_name: profile.org_name.to_string(),
            email: profile.email.to_string(),
            extra_contact_info: profile.extra_contact_info.map(str::to_string),
            report_id: report_id.to_string(),
            begin: day,
            end: day + profile.span,
            generator: None,
            policy: policy(receiver),
            records: VOLUMES
                .iter()
                .map(|&(role, counts)| record(role, n, counts[n]))
                .collect(),
            quirks: profile.quirks.to_vec(),
        };
        let g = receivers::finish(&mut rng, receiver, truth);
        let packing = if receiver == Receiver::Google {
            receivers::Packing::Zip
        } else {
            receivers::Packing::Gzip
        };
        let (name, bytes) = receivers::pack(&g, packing);
        let content = vec![Content::Aggregate(g.truth.clone())];
        if n == 2 {
            let mail = receivers::mail(&mut rng, &g, (&name, &bytes));
            files.push(GeneratedFile {
                path: format!("{}.eml", g.stem),
                bytes: mail.to_bytes(true),
                contents: content,
            });
        } else {
            files.push(GeneratedFile {
                path: name,
                bytes,
                contents: content,
            });
        }
    }

    let owner = world::OWNERS
        .iter()
        .find(|o| o.domain == DOMAIN)
        .copied()
        .unwrap_or(world::OWNERS[0]);
    let (tls_truth, tls_file, json) =
        tls::report(&mut rng, tls::TlsReporter::Google, &owner, FIRST_DAY);
    let (gz_name, gz) = tls::gz(&tls_file, tls_truth.end, &json);
    files.push(GeneratedFile {
        path: gz_name,
        bytes: gz,
        contents: vec![Content::Tls(tls_truth)],
    });

    let (failure, mail) = arf::report(
        &mut rng,
        DOMAIN,
        ip(SourceRole::Spoofer),
        DOMAIN,
        FIRST_DAY + 86_400 + 31_337,
        false,
    );
    files.push(GeneratedFile {
        path: "failure-report-203.0.113.99.eml".to_string(),
        bytes: mail.to_bytes(true),
        contents: vec![Content::Failure(failure)],
    });

    let sources = VOLUMES
        .iter()
        .map(|&(role, counts)| {
            let messages = counts.iter().sum();
            ScenarioSource {
                ip: ip(role),
                role,
                messages,
                dmarc_pass: if role == SourceRole::OwnServer {
                    messages
                } else {
                    0
                },
                ptr: ptr(role),
            }
        })
        .collect();

    let mut zone = String::from(
        "; example.co.jp and the reverse DNS of the sources in its reports\n\
         ; (the DMARC report scenario in examples/reports).\n\
         example.co.jp. TXT \"v=spf1 ip4:192.0.2.10 -all\"\n\
         _dmarc.example.co.jp. TXT \"v=DMARC1; p=none; rua=mailto:dmarc-rua@example.co.jp\"\n",
    );
    for &(role, _) in &VOLUMES {
        if let (Some(name), IpAddr::V4(v4)) = (ptr(role), ip(role)) {
            let [a, b, c, d] = v4.octets();
            zone.push_str(&format!(
                "{d}.{c}.{b}.{a}.in-addr.arpa. PTR {name}.\n{name}. A {v4}\n"
            ));
        }
    }
    Scenario {
        domain: DOMAIN,
        files,
        sources,
        zone,
    }
}

#[cfg(test)]
mod tests {
    use super::super::truth::Quirk;
    use super::*;

    #[test]
    fn volumes_are_distinct_and_add_up() {
        let s = scenario_four_causes();
        let mut failing: Vec<u64> = s
            .sources
            .iter()
            .filter(|x| x.dmarc_pass == 0)
            .map(|x| x.messages)
            .collect();
        assert_eq!(failing.len(), 4);
        failing.dedup();
        assert_eq!(failing.len(), 4, "equal volumes cannot be ranked");
        assert!(failing.windows(2).all(|w| w[0] > w[1]));
        let total: u64 = s
            .files
            .iter()
            .flat_map(|f| &f.contents)
            .filter_map(Content::as_aggregate)
            .map(AggregateTruth::message_count)
            .sum();
        assert_eq!(total, s.sources.iter().map(|x| x.messages).sum::<u64>());
        assert_eq!(s, scenario_four_causes());
    }

    #[test]
    fn the_zone_loads_and_confirms_the_ptrs() {
        use domainauth::dns::ZoneEntry;
        let s = scenario_four_causes();
        assert!(
            s.zone
                .contains("20.2.0.192.in-addr.arpa. PTR mail2.example.co.jp.\n")
        );
        assert!(s.zone.contains("mail2.example.co.jp. A 192.0.2.20\n"));
        let zone = domainauth::dns::ZoneResolver::from_zone_text(&s.zone, None).unwrap();
        let entries: Vec<(String, ZoneEntry)> =
            zone.entries().map(|(n, e)| (n.to_string(), e)).collect();
        for source in &s.sources {
            let IpAddr::V4(v4) = source.ip else {
                unreachable!()
            };
            let [a, b, c, d] = v4.octets();
            let reverse = format!("{d}.{c}.{b}.{a}.in-addr.arpa");
            let has_ptr = entries
                .iter()
                .any(|(n, e)| n.trim_end_matches('.') == reverse && matches!(e, ZoneEntry::Ptr(_)));
            assert_eq!(has_ptr, source.ptr.is_some(), "{reverse}");
            if let Some(name) = source.ptr {
                let confirmed = entries
                    .iter()
                    .any(|(n, e)| n.trim_end_matches('.') == name && *e == ZoneEntry::A(v4));
                assert!(confirmed, "{name} has no A record {v4}");
            }
        }
    }

    #[test]
    fn quirk_free_except_microsoft_declarations() {
        let s = scenario_four_causes();
        for a in s
            .files
            .iter()
            .flat_map(|f| &f.contents)
            .filter_map(Content::as_aggregate)
        {
            assert!(
                a.quirks.iter().all(|&q| q == Quirk::SchemaInstance),
                "{:?}",
                a.quirks
            );
        }
    }
}
