//! Evaluates SPF (RFC 7208) for one SMTP connection against records given as
//! zone text: the result, the term that decided it, the lookup counts, every
//! step of the evaluation, the finding with its fix, and the Received-SPF
//! field.
//!
//! ```sh
//! cargo run --example spf_offline                          # 198.51.100.7: fail
//! cargo run --example spf_offline -- 203.0.113.25          # pass
//! cargo run --example spf_offline -- IP MAIL_FROM ZONE_FILE...
//! ```

use std::error::Error;

use domainauth::spf::{Config, StepKind};
use domainauth::{Envelope, Lang, SpfVerifier, ZoneResolver};

/// A domain that sends from its own server and from a delivery service.
const ZONE: &str = "\
$ORIGIN example.co.jp.
@        300 IN TXT \"v=spf1 ip4:203.0.113.25 include:_spf.esp.example.net -all\"
$ORIGIN esp.example.net.
_spf     300 IN TXT \"v=spf1 ip4:192.0.2.0/24 ~all\"
";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (ip, mail_from, zone) = match args.as_slice() {
        [] => (
            "198.51.100.7".to_string(),
            "info@example.co.jp".to_string(),
            ZONE.to_string(),
        ),
        [ip] => (
            ip.clone(),
            "info@example.co.jp".to_string(),
            ZONE.to_string(),
        ),
        [ip, mail_from, zones @ ..] if !zones.is_empty() => {
            let mut zone = String::new();
            for z in zones {
                zone.push_str(&std::fs::read_to_string(z)?);
                zone.push('\n');
            }
            (ip.clone(), mail_from.clone(), zone)
        }
        _ => return Err("usage: spf_offline [IP [MAIL_FROM ZONE_FILE...]]".into()),
    };

    let mut config = Config::default();
    // Keep every step, as `domainauth spf check` shows them; a receiving
    // server leaves this off.
    config.trace = true;
    config.receiver = "mx.example.net".into();
    let verifier = SpfVerifier::with_config(ZoneResolver::from_zone_text(&zone, None)?, config);
    let envelope = Envelope {
        client_ip: ip.parse()?,
        helo: "mail.example.co.jp".into(),
        mail_from,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let eval = runtime.block_on(verifier.check_mail_from(&envelope));

    println!(
        "SPF {} for {} ({}/{} lookups, {}/{} void)",
        eval.result.as_str(),
        eval.domain,
        eval.dns_terms,
        eval.limits.dns_terms,
        eval.void_lookups,
        eval.limits.void_lookups
    );
    if let Some(m) = &eval.matched {
        println!("decided by {} in the record of {}", m.term, m.domain);
    }
    for step in &eval.trace {
        let indent = "  ".repeat(step.depth as usize + 1);
        match &step.kind {
            StepKind::Query {
                rtype,
                name,
                answer,
                ..
            } => {
                println!("{indent}{rtype:?} {name} → {answer}")
            }
            StepKind::Record { domain, record } => println!("{indent}record of {domain}: {record}"),
            StepKind::Term { term, matched, .. } => {
                println!(
                    "{indent}{term}: {}",
                    if *matched { "matches" } else { "no match" }
                )
            }
            StepKind::Redirect { target } => println!("{indent}redirect to {target}"),
        }
    }
    for finding in eval.findings() {
        println!("{}", finding.message(Lang::En));
        if let Some(fix) = finding.fix(Lang::En) {
            println!("  fix: {fix}");
        }
    }
    println!("\n{}", eval.received_spf("mx.example.net"));
    Ok(())
}
