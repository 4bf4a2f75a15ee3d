//! Serves COUNT generated domains with realistic mail records from the
//! project's authoritative test server, each answer DELAY_MS late, for
//! `bench/audit_vs_checkdmarc.sh`.
//!
//! usage: audit_server OUT_DIR COUNT DELAY_MS
//!
//! Writes OUT_DIR/zone (the records), OUT_DIR/domains.txt (one domain a
//! line) and, once the server listens, OUT_DIR/addr (`127.0.0.1:PORT`);
//! then serves until it is killed.
//!
//! Each domain `shopN.example` publishes what a small company's domain
//! typically does: an SPF record including a mailbox provider and a
//! sending service, whose records include more (three levels below the
//! domain, as Google's and Microsoft's do), a DMARC record, DKIM keys at
//! the provider's selectors (`google`, `selector1`) for most domains, and
//! MX records with addresses.

use std::fmt::Write as _;
use std::time::Duration;

use domainauth::dns::ZoneResolver;
use domainauth_testkit::server::TestDnsServer;

/// An Ed25519 DKIM key (RFC 8463 §A.2): a real key, short to serve.
const DKIM_KEY: &str = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

/// The providers' records, shared by every domain.
fn providers() -> String {
    let mut z = String::new();
    // A mailbox provider: three levels, as _spf.google.com is.
    z.push_str(
        "_spf.mailbox.example. IN TXT \"v=spf1 include:_netblocks.mailbox.example include:_netblocks2.mailbox.example include:_netblocks3.mailbox.example ~all\"\n\
         _netblocks.mailbox.example. IN TXT \"v=spf1 ip4:198.51.100.0/26 ip4:198.51.100.64/26 ~all\"\n\
         _netblocks2.mailbox.example. IN TXT \"v=spf1 ip6:2001:db8:4860::/48 ~all\"\n\
         _netblocks3.mailbox.example. IN TXT \"v=spf1 include:_netblocks4.mailbox.example ~all\"\n\
         _netblocks4.mailbox.example. IN TXT \"v=spf1 ip4:198.51.100.128/25 ~all\"\n",
    );
    // An office suite's sending hosts: two levels.
    z.push_str(
        "spf.protection.office.example. IN TXT \"v=spf1 include:spfa.protection.office.example include:spfb.protection.office.example -all\"\n\
         spfa.protection.office.example. IN TXT \"v=spf1 ip4:203.0.113.0/25 -all\"\n\
         spfb.protection.office.example. IN TXT \"v=spf1 ip4:203.0.113.128/25 -all\"\n",
    );
    // Five newsletter services, one level each.
    for s in 0..5 {
        let _ = writeln!(
            z,
            "spf.esp{s}.example. IN TXT \"v=spf1 ip4:192.0.2.{} a:out.esp{s}.example -all\"\n\
             out.esp{s}.example. IN A 192.0.2.{}",
            s * 16,
            s * 16 + 1
        );
    }
    z
}

fn domain(z: &mut String, i: usize) {
    let d = format!("shop{i}.example");
    let esp = i % 5;
    let office = if i.is_multiple_of(2) {
        " include:spf.protection.office.example"
    } else {
        ""
    };
    let _ = writeln!(
        z,
        "{d}. IN TXT \"v=spf1 mx include:_spf.mailbox.example{office} include:spf.esp{esp}.example ~all\"\n\
         {d}. IN TXT \"google-site-verification=abc{i}\"\n\
         {d}. IN MX 10 mx1.{d}.\n\
         {d}. IN MX 20 mx2.{d}.\n\
         mx1.{d}. IN A 198.51.100.{}\n\
         mx2.{d}. IN A 198.51.100.{}\n\
         {d}. IN A 192.0.2.{}\n\
         _dmarc.{d}. IN TXT \"v=DMARC1; p={}; rua=mailto:dmarc@{d}\"",
        (i * 2) % 250,
        (i * 2 + 1) % 250,
        i % 250,
        ["none", "quarantine", "reject"][i % 3],
    );
    if i % 4 != 3 {
        let _ = writeln!(z, "google._domainkey.{d}. IN TXT \"{DKIM_KEY}\"");
    }
    if i.is_multiple_of(2) {
        let _ = writeln!(z, "selector1._domainkey.{d}. IN TXT \"{DKIM_KEY}\"");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, count, delay_ms] = args.as_slice() else {
        eprintln!("usage: audit_server OUT_DIR COUNT DELAY_MS");
        std::process::exit(2);
    };
    let (Ok(count), Ok(delay_ms)) = (count.parse::<usize>(), delay_ms.parse::<u64>()) else {
        eprintln!("audit_server: COUNT and DELAY_MS are whole numbers");
        std::process::exit(2);
    };
    let out = std::path::Path::new(out);
    let mut zone = String::from("$TTL 300\n");
    zone.push_str(&providers());
    let mut list = String::new();
    for i in 0..count {
        domain(&mut zone, i);
        let _ = writeln!(list, "shop{i}.example");
    }
    let write = |name: &str, text: &str| {
        if let Err(e) = std::fs::write(out.join(name), text) {
            eprintln!("audit_server: cannot write {name}: {e}");
            std::process::exit(3);
        }
    };
    write("zone", &zone);
    write("domains.txt", &list);
    let resolver = match ZoneResolver::from_zone_text(&zone, None) {
        Ok(z) => z,
        Err(e) => {
            eprintln!("audit_server: the generated zone does not load: {e}");
            std::process::exit(3);
        }
    };
    let server = match TestDnsServer::start(&resolver) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("audit_server: cannot start the server: {e}");
            std::process::exit(3);
        }
    };
    server.set_delay(Duration::from_millis(delay_ms));
    write("addr", &format!("{}\n", server.addr()));
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
