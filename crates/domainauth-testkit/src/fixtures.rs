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
