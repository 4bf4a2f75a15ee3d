//! Verifies one message offline: SPF, DKIM and DMARC together, the verdict
//! with every finding and its fix, and the Authentication-Results field a
//! receiver would add.
//!
//! ```sh
//! cargo run --example verify_message                  # the built-in example
//! cargo run --example verify_message -- --lang ja     # in Japanese
//! cargo run --example verify_message -- MESSAGE.eml IP ZONE_FILE...
//! ```
//!
//! DNS answers come from zone files (RFC 1035 master files), so nothing is
//! asked of the network: this shows what receivers would conclude if those
//! records were published.

use std::error::Error;

use domainauth::{Envelope, Lang, MessageVerifier, VerifyOptions, ZoneResolver};

/// A company domain that publishes SPF but neither DKIM keys nor DMARC
/// (the commonest reason docomo shows its "not authenticated" warning).
const ZONE: &str = "\
$ORIGIN example.co.jp.
@      300 IN TXT \"v=spf1 ip4:203.0.113.25 -all\"
@      300 IN MX 10 mail
mail   300 IN A 203.0.113.25
";

const MESSAGE: &str = "\
From: Info <info@example.co.jp>\r
To: customer@docomo.ne.jp\r
Subject: Your order\r
Date: Mon, 30 Nov 2026 09:00:00 +0900\r
Message-ID: <order-1@example.co.jp>\r
\r
Thank you for your order.\r
";

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let lang = match args.iter().position(|a| a == "--lang") {
        Some(i) if args.get(i + 1).is_some_and(|l| l == "ja") => {
            args.drain(i..=i + 1);
            Lang::Ja
        }
        Some(i) => {
            args.drain(i..(i + 2).min(args.len()));
            Lang::En
        }
        None => Lang::En,
    };
    let (message, ip, zone) = match args.as_slice() {
        [] => (
            MESSAGE.as_bytes().to_vec(),
            "203.0.113.25".to_string(),
            ZONE.to_string(),
        ),
        [message, ip, zones @ ..] if !zones.is_empty() => {
            let mut zone = String::new();
            for z in zones {
                zone.push_str(&std::fs::read_to_string(z)?);
                zone.push('\n');
            }
            (std::fs::read(message)?, ip.clone(), zone)
        }
        _ => return Err("usage: verify_message [--lang ja] [MESSAGE.eml IP ZONE_FILE...]".into()),
    };

    let resolver = ZoneResolver::from_zone_text(&zone, None)?;
    let verifier = MessageVerifier::new(resolver, VerifyOptions::new("mx.example.net"));
    let envelope = Envelope {
        client_ip: ip.parse()?,
        helo: "mail.example.co.jp".into(),
        mail_from: "info@example.co.jp".into(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let verdict = runtime.block_on(verifier.verify(&message, Some(envelope)))?;

    // Results and codes are data; only the findings' text is in `lang`.
    println!(
        "dmarc={} (policy applied: {})",
        verdict.dmarc.result.as_str(),
        verdict.dmarc.disposition.as_str()
    );
    for finding in verdict.findings() {
        println!("[{}] {}", finding.severity.as_str(), finding.message(lang));
        if let Some(fix) = finding.fix(lang) {
            println!("    → {fix}");
        }
    }
    println!("\n{}", verdict.authentication_results);
    Ok(())
}
