//! Signs a message with DKIM (RFC 6376) and checks the signature the way a
//! receiver would, offline: a new key, the DNS record to publish for it, the
//! signed message, and the verification result through a zone built from
//! that record.
//!
//! ```sh
//! cargo run --example sign_message                    # Ed25519 (RFC 8463)
//! cargo run --example sign_message -- rsa             # RSA 2048
//! cargo run --example sign_message -- rsa < in.eml    # sign your own message
//! ```

use std::error::Error;
use std::io::{IsTerminal, Read};

use domainauth::dkim::{Algorithm, SigningKey};
use domainauth::{DkimResult, DkimVerifier, Signer, SignerConfig, ZoneResolver};

const DOMAIN: &str = "example.co.jp";
const SELECTOR: &str = "mail2026";

const MESSAGE: &str = "\
From: Info <info@example.co.jp>\r
To: customer@example.net\r
Subject: Your order\r
Date: Mon, 30 Nov 2026 09:00:00 +0900\r
Message-ID: <order-1@example.co.jp>\r
\r
Thank you for your order.\r
";

fn main() -> Result<(), Box<dyn Error>> {
    let rsa = std::env::args().nth(1).is_some_and(|a| a == "rsa");
    let mut message = Vec::new();
    if std::io::stdin().is_terminal() {
        message.extend_from_slice(MESSAGE.as_bytes());
    } else {
        std::io::stdin().read_to_end(&mut message)?;
        if message.is_empty() {
            message.extend_from_slice(MESSAGE.as_bytes());
        }
    }

    // In production the key is generated once (`domainauth dkim keygen`)
    // and read with SigningKey::from_pem.
    let key = if rsa {
        SigningKey::generate(Algorithm::RsaSha256, 2048)?
    } else {
        SigningKey::generate(Algorithm::Ed25519Sha256, 0)?
    };
    let record = key.key_record()?;
    println!("Publish: {SELECTOR}._domainkey.{DOMAIN}. IN TXT \"{record}\"\n");

    let signer = Signer::new(key, SignerConfig::new(DOMAIN, SELECTOR));
    // The DKIM-Signature field goes on top of the message, as received.
    let field = signer.sign_message(&message)?;
    let mut signed = format!("{field}\r\n").into_bytes();
    signed.extend_from_slice(&message);
    println!("{}", String::from_utf8_lossy(&signed));

    // What a receiver does: fetch the key record, verify every signature.
    let zone = format!("$ORIGIN {DOMAIN}.\n{SELECTOR}._domainkey 300 IN TXT \"{record}\"\n");
    let verifier = DkimVerifier::new(ZoneResolver::from_zone_text(&zone, None)?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let results = runtime.block_on(verifier.verify_message(&signed))?;
    for r in &results {
        println!(
            "dkim={} (d={}, s={})",
            r.result.as_str(),
            r.domain.as_deref().unwrap_or("?"),
            r.selector.as_deref().unwrap_or("?")
        );
    }
    if results.iter().all(|r| r.result == DkimResult::Pass) {
        Ok(())
    } else {
        Err("the signature did not verify".into())
    }
}
