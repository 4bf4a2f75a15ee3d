//! Small builders shared by tests, benchmarks and timing programs.

use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};

/// A message of at least `size` bytes: a usual header, then text lines.
pub fn sized_message(size: usize) -> Vec<u8> {
    let header = "From: Shop <news@shop.example>\r\nTo: user@example.net\r\nSubject: benchmark\r\n\
                  Date: Mon, 23 Nov 2026 10:00:00 +0900\r\nMessage-ID: <b@shop.example>\r\n\r\n";
    let line =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n";
    let mut m = header.as_bytes().to_vec();
    while m.len() < size {
        m.extend_from_slice(line.as_bytes());
    }
    m
}

/// A TXT record value split into strings of at most 255 octets, as DNS carries it.
pub fn txt(value: &str) -> ZoneEntry {
    ZoneEntry::Txt(Txt {
        strings: value.as_bytes().chunks(255).map(<[u8]>::to_vec).collect(),
    })
}

/// A zone holding one TXT record.
pub fn zone_with_txt(name: &str, value: &str) -> ZoneResolver {
    let mut zone = ZoneResolver::new();
    zone.add(name, txt(value));
    zone
}

/// A 4 KiB message from shop.example, DKIM-signed by shop.example (fresh
/// RSA-2048 key), with a zone where SPF, DKIM and DMARC (`p=reject`) all
/// pass for the envelope given: the input of the verify benchmarks.
pub struct SignedShopMessage {
    /// The zone: SPF `ip4:192.0.2.0/24 -all`, the key at bench._domainkey, DMARC.
    pub zone: std::sync::Arc<ZoneResolver>,
    /// The signed message.
    pub signed: Vec<u8>,
    /// 192.0.2.25, HELO mx.shop.example, MAIL FROM bounce@shop.example.
    pub envelope: domainauth::spf::Envelope,
    /// The signer, to sign other messages with the key in the zone.
    pub signer: std::sync::Arc<domainauth::dkim::Signer>,
}

impl SignedShopMessage {
    /// `message` with a DKIM-Signature of the same key (verifies in the same zone).
    pub fn resign(&self, message: &[u8]) -> Vec<u8> {
        let field = self.signer.sign_message(message).expect("signature");
        let mut signed = format!("{field}\r\n").into_bytes();
        signed.extend_from_slice(message);
        signed
    }
}

/// Builds [`SignedShopMessage`].
pub fn signed_shop_message() -> SignedShopMessage {
    use domainauth::dkim::{Algorithm, Signer, SignerConfig, SigningKey};
    let key = SigningKey::generate(Algorithm::RsaSha256, 2048).expect("RSA key");
    let record = key.key_record().expect("key record");
    let mut zone = ZoneResolver::from_zone_text(
        concat!(
            "$ORIGIN shop.example.\n",
            "@ 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
            "@ 300 IN MX 10 mx.shop.example.\n",
            "mx 300 IN A 192.0.2.25\n",
            "_dmarc 300 IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@shop.example\"\n",
        ),
        None,
    )
    .expect("zone");
    zone.add("bench._domainkey.shop.example", txt(&record));
    let signer = Signer::new(key, SignerConfig::new("shop.example", "bench"));
    let msg = sized_message(4 * 1024);
    let field = signer.sign_message(&msg).expect("signature");
    let mut signed = format!("{field}\r\n").into_bytes();
    signed.extend_from_slice(&msg);
    SignedShopMessage {
        zone: std::sync::Arc::new(zone),
        signed,
        envelope: domainauth::spf::Envelope {
            client_ip: "192.0.2.25".parse().expect("address"),
            helo: "mx.shop.example".into(),
            mail_from: "bounce@shop.example".into(),
        },
        signer: std::sync::Arc::new(signer),
    }
}
