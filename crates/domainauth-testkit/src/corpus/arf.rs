//! DMARC failure reports: ARF (RFC 5965 §2, RFC 6591, RFC 9991), a
//! `multipart/report; report-type=feedback-report` with a human part, the
//! `message/feedback-report` part and the original headers; and the plain
//! text reports some receivers send without the ARF part.

use std::net::IpAddr;

use super::calendar;
use super::container::{Encoding, Mail, Part};
use super::rng::Rng;
use super::truth::FailureTruth;

/// A failure report about a message claiming `domain` from `source_ip`.
/// `plain_text` writes the form without a `message/feedback-report` part.
pub fn report(
    rng: &mut Rng,
    domain: &str,
    source_ip: IpAddr,
    mail_from_domain: &str,
    arrival: i64,
    plain_text: bool,
) -> (FailureTruth, Mail) {
    let reporter = *rng.pick(&["mx.receiver.example", "mailgate.example", "hosting.example"]);
    let rcpt = format!(
        "{}@{reporter}",
        rng.pick(&["info", "sales", "user", "support"])
    );
    let mail_from = format!(
        "{}@{mail_from_domain}",
        rng.pick(&["billing", "noreply", "admin", "user"])
    );
    let subject = rng
        .pick(&[
            "Invoice overdue",
            "Your account will be suspended",
            "Payment confirmation",
            "Shipping notice",
        ])
        .to_string();
    let message_id = format!("<{}@{mail_from_domain}>", rng.hex(20));
    let original = format!(
        "Received: from [{source_ip}] (unknown [{source_ip}])\n\
         \tby {reporter} with ESMTP id {id}\n\
         \tfor <{rcpt}>; {date}\n\
         From: <{mail_from}>\n\
         To: <{rcpt}>\n\
         Subject: {subject}\n\
         Date: {date}\n\
         Message-ID: {message_id}\n\
         MIME-Version: 1.0\n\
         Content-Type: text/plain; charset=us-ascii\n\
         Authentication-Results: {reporter};\n\
         \tspf=fail smtp.mailfrom={mail_from_domain};\n\
         \tdkim=none;\n\
         \tdmarc=fail header.from={domain}\n",
        id = rng.hex(10).to_ascii_uppercase(),
        date = calendar::rfc5322(arrival, 0),
    );
    let sent = arrival + rng.range(60, 3600) as i64;
    let mut headers = vec![
        ("Date".to_string(), calendar::rfc5322(sent, 0)),
        (
            "From".to_string(),
            format!("DMARC Reporter <dmarc-noreply@{reporter}>"),
        ),
        ("To".to_string(), format!("dmarc-ruf@{domain}")),
        (
            "Subject".to_string(),
            format!("DMARC Failure Report for {domain} (mail-from={mail_from}, ip={source_ip})"),
        ),
        (
            "Message-ID".to_string(),
            format!("<{}@{reporter}>", rng.hex(16)),
        ),
    ];
    let truth = FailureTruth {
        reporter: reporter.to_string(),
        feedback_type: (!plain_text).then_some("auth-failure"),
        source_ip,
        reported_domain: domain.to_string(),
        auth_failure: (!plain_text).then_some("dmarc"),
        original_mail_from: mail_from.clone(),
        original_rcpt_to: rcpt.clone(),
        arrival,
        original_subject: subject,
        plain_text,
    };
    let human = format!(
        "This is an email abuse report for an email message received from IP {source_ip} on {}.\n\
         The message below did not meet the sending domain's DMARC policy.\n",
        calendar::rfc5322(arrival, 0)
    );
    let mail = if plain_text {
        headers.push(("Auto-Submitted".to_string(), "auto-replied".to_string()));
        let body = format!(
            "A message claiming to be from you has failed the published DMARC policy for your domain.\n\n\
             \x20 Sender Domain: {domain}\n\
             \x20 Sender IP Address: {source_ip}\n\
             \x20 Received date: {}\n\
             \x20 SPF Alignment: no\n\
             \x20 DKIM Alignment: no\n\
             \x20 DMARC Results: Reject\n\n\
             ------ This is a copy of the headers that were received before the error was detected.\n\n\
             {original}",
            calendar::rfc5322(arrival, 0)
        );
        Mail {
            headers,
            parts: vec![Part {
                content_type: "text/plain; charset=\"us-ascii\"".to_string(),
                disposition: None,
                encoding: Encoding::SevenBit,
                body: body.into_bytes(),
            }],
            multipart: "report".to_string(),
            boundary: format!(
                "==============={:019}==",
                rng.below(10_000_000_000_000_000_000)
            ),
        }
    } else {
        let feedback = format!(
            "Feedback-Type: auth-failure\n\
             User-Agent: Example-ARF/1.0\n\
             Version: 1\n\
             Original-Mail-From: <{mail_from}>\n\
             Original-Rcpt-To: <{rcpt}>\n\
             Arrival-Date: {}\n\
             Source-IP: {source_ip}\n\
             Reported-Domain: {domain}\n\
             Authentication-Results: {reporter}; dmarc=fail (p=reject dis=reject) header.from={domain}\n\
             Auth-Failure: dmarc\n\
             Delivery-Result: reject\n\
             Identity-Alignment: none\n",
            calendar::rfc5322(arrival, 0)
        );
        Mail {
            headers,
            parts: vec![
                Part {
                    content_type: "text/plain; charset=\"US-ASCII\"".to_string(),
                    disposition: None,
                    encoding: Encoding::SevenBit,
                    body: human.into_bytes(),
                },
                Part {
                    content_type: "message/feedback-report".to_string(),
                    disposition: None,
                    encoding: Encoding::SevenBit,
                    body: feedback.into_bytes(),
                },
                Part {
                    content_type: "text/rfc822-headers".to_string(),
                    disposition: None,
                    encoding: Encoding::SevenBit,
                    body: original.into_bytes(),
                },
            ],
            multipart: "report; report-type=feedback-report".to_string(),
            boundary: format!("_----{}===_{}", rng.hex(22), rng.hex(8)),
        }
    };
    (truth, mail)
}
