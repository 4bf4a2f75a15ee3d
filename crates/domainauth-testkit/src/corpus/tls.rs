//! SMTP TLS reports (RFC 8460 §4): the JSON, gzip-packed, and the mail
//! that carries it (`multipart/report; report-type=tlsrpt` with an
//! `application/tlsrpt+gzip` part, RFC 8460 §5.3).

use std::net::{IpAddr, Ipv4Addr};

use super::calendar;
use super::container::{self, Encoding, Mail, Part};
use super::rng::Rng;
use super::truth::{TlsFailureTruth, TlsPolicyTruth, TlsTruth};
use super::world::Owner;

/// Who sends the TLS report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsReporter {
    /// Google (`mx-host` as a list).
    Google,
    /// Microsoft (`mx-host` as one string, the RFC 8460 example's form).
    Microsoft,
}

const RESULT_TYPES: &[&str] = &[
    "certificate-expired",
    "certificate-host-mismatch",
    "certificate-not-trusted",
    "starttls-not-supported",
    "validation-failure",
    "sts-policy-fetch-error",
];

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TLS report about `owner`'s MX hosts for the day starting `day`: its
/// truth, the JSON file name and the JSON.
pub fn report(
    rng: &mut Rng,
    reporter: TlsReporter,
    owner: &Owner,
    day: i64,
) -> (TlsTruth, String, Vec<u8>) {
    let domain = owner.domain;
    let (start, end) = (day, day + 86_399);
    let mx_hosts = vec![format!("mx1.{domain}"), format!("mx2.{domain}")];
    let policy_type = *rng.pick(&["sts", "sts", "no-policy-found", "tlsa"]);
    let mode = if rng.percent(50) {
        "enforce"
    } else {
        "testing"
    };
    let mut failures = Vec::new();
    let failed_total = if rng.percent(60) {
        0
    } else {
        rng.log_range(1, 500)
    };
    let mut left = failed_total;
    while left > 0 {
        let n = if failures.len() == 2 {
            left
        } else {
            rng.range(1, left)
        };
        left -= n;
        failures.push(TlsFailureTruth {
            result_type: RESULT_TYPES[rng.below(RESULT_TYPES.len() as u64) as usize],
            sending_mta_ip: IpAddr::V4(Ipv4Addr::new(
                209,
                85,
                rng.range(128, 255) as u8,
                rng.range(1, 254) as u8,
            )),
            receiving_mx_hostname: rng.pick(&mx_hosts).clone(),
            receiving_ip: rng
                .percent(70)
                .then(|| IpAddr::V4(Ipv4Addr::new(203, 0, 113, rng.range(1, 254) as u8))),
            failed_session_count: n,
        });
    }
    let successful = rng.log_range(1, 50_000);
    let policy = TlsPolicyTruth {
        policy_type,
        policy_domain: domain.to_string(),
        mx_hosts: if policy_type == "sts" {
            mx_hosts.clone()
        } else {
            Vec::new()
        },
        successful,
        failed: failed_total,
        failures,
    };
    let date = &calendar::rfc3339(start)[..10];
    let (org, contact, report_id, file) = match reporter {
        TlsReporter::Google => (
            "Google Inc.",
            "smtp-tls-reporting@google.com",
            format!("{date}T00:00:00Z_{domain}"),
            format!("google.com!{domain}!{start}!{end}!001.json"),
        ),
        TlsReporter::Microsoft => (
            "Microsoft Corporation",
            "tlsrpt-noreply@microsoft.com",
            format!("{}+{domain}", rng.hex(32)),
            format!("microsoft.com!{domain}!{start}!{end}.json"),
        ),
    };
    let mut truth = TlsTruth {
        organization_name: org.to_string(),
        report_id,
        contact_info: contact.to_string(),
        start,
        end,
        policies: vec![policy],
    };
    let json = write_json(&truth, reporter, mode);
    written_mx_hosts(&mut truth, reporter);
    (truth, file, json)
}

fn write_json(t: &TlsTruth, reporter: TlsReporter, mode: &str) -> Vec<u8> {
    let mut policies = Vec::new();
    for p in &t.policies {
        let mut policy = format!("\"policy-type\":{},", json_str(p.policy_type));
        if p.policy_type == "sts" {
            let mut strings = vec!["version: STSv1".to_string(), format!("mode: {mode}")];
            strings.extend(p.mx_hosts.iter().map(|m| format!("mx: {m}")));
            strings.push("max_age: 604800".to_string());
            policy.push_str(&format!(
                "\"policy-string\":[{}],",
                strings
                    .iter()
                    .map(|s| json_str(s))
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        policy.push_str(&format!("\"policy-domain\":{}", json_str(&p.policy_domain)));
        if !p.mx_hosts.is_empty() {
            match reporter {
                TlsReporter::Google => policy.push_str(&format!(
                    ",\"mx-host\":[{}]",
                    p.mx_hosts
                        .iter()
                        .map(|s| json_str(s))
                        .collect::<Vec<_>>()
                        .join(",")
                )),
                // One string holds one host; the others are in the policy
                // string. Keep the truth to what is written.
                TlsReporter::Microsoft => {
                    policy.push_str(&format!(",\"mx-host\":{}", json_str(&p.mx_hosts[0])))
                }
            }
        }
        let details: Vec<String> = p
            .failures
            .iter()
            .map(|f| {
                let mut d = format!(
                    "{{\"result-type\":{},\"sending-mta-ip\":{}",
                    json_str(f.result_type),
                    json_str(&f.sending_mta_ip.to_string())
                );
                if let Some(ip) = f.receiving_ip {
                    d.push_str(&format!(",\"receiving-ip\":{}", json_str(&ip.to_string())));
                }
                d.push_str(&format!(
                    ",\"receiving-mx-hostname\":{},\"failed-session-count\":{}}}",
                    json_str(&f.receiving_mx_hostname),
                    f.failed_session_count
                ));
                d
            })
            .collect();
        let mut entry = format!(
            "{{\"policy\":{{{policy}}},\"summary\":{{\"total-successful-session-count\":{},\"total-failure-session-count\":{}}}",
            p.successful, p.failed
        );
        if !details.is_empty() {
            entry.push_str(&format!(",\"failure-details\":[{}]", details.join(",")));
        }
        entry.push('}');
        policies.push(entry);
    }
    format!(
        "{{\"organization-name\":{},\"date-range\":{{\"start-datetime\":{},\"end-datetime\":{}}},\"contact-info\":{},\"report-id\":{},\"policies\":[{}]}}",
        json_str(&t.organization_name),
        json_str(&calendar::rfc3339(t.start)),
        json_str(&calendar::rfc3339(t.end)),
        json_str(&t.contact_info),
        json_str(&t.report_id),
        policies.join(",")
    )
    .into_bytes()
}

/// Fixes the truth of a Microsoft report to what its JSON holds (one
/// `mx-host` string).
fn written_mx_hosts(t: &mut TlsTruth, reporter: TlsReporter) {
    if reporter == TlsReporter::Microsoft {
        for p in &mut t.policies {
            p.mx_hosts.truncate(1);
        }
    }
}

/// The gzip file.
pub fn gz(file: &str, end: i64, json: &[u8]) -> (String, Vec<u8>) {
    (format!("{file}.gz"), container::gzip(file, end + 1, json))
}

/// The mail carrying the gzip file (RFC 8460 §5.3).
pub fn mail(
    rng: &mut Rng,
    reporter: TlsReporter,
    t: &TlsTruth,
    domain: &str,
    gz: (&str, &[u8]),
) -> Mail {
    let sent = t.end + 1 + rng.range(3600, 12 * 3600) as i64;
    let (from, submitter) = match reporter {
        TlsReporter::Google => ("noreply-smtp-tls-reporting@google.com", "google.com"),
        TlsReporter::Microsoft => ("tlsrpt-noreply@microsoft.com", "microsoft.com"),
    };
    let (name, bytes) = gz;
    Mail {
        headers: vec![
            ("Date".to_string(), calendar::rfc5322(sent, 0)),
            ("TLS-Report-Domain".to_string(), domain.to_string()),
            ("TLS-Report-Submitter".to_string(), submitter.to_string()),
            ("From".to_string(), from.to_string()),
            ("To".to_string(), format!("tlsrpt@{domain}")),
            (
                "Subject".to_string(),
                format!(
                    "Report Domain: {domain} Submitter: {submitter} Report-ID: <{}>",
                    t.report_id
                ),
            ),
            (
                "Message-ID".to_string(),
                format!("<{}tls@{submitter}>", rng.hex(20)),
            ),
        ],
        parts: vec![
            Part {
                content_type: "text/plain; charset=\"UTF-8\"".to_string(),
                disposition: None,
                encoding: Encoding::SevenBit,
                body: format!("This is an aggregate TLS report from {submitter}\n").into_bytes(),
            },
            Part {
                content_type: format!("application/tlsrpt+gzip;\n\tname=\"{name}\""),
                disposition: Some(format!("attachment;\n\tfilename=\"{name}\"")),
                encoding: Encoding::Base64,
                body: bytes.to_vec(),
            },
        ],
        multipart: "report; report-type=tlsrpt".to_string(),
        boundary: format!("0000000000{}", rng.hex(18)),
    }
}
