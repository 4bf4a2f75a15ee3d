//! ARC interop with dkimpy (`dkim.arc_sign` / `dkim.arc_verify`, Debian
//! python3-dkim with python3-authres): chains where dkimpy and domainauth
//! seal in turn, each validating what the other sealed; a list that edits
//! the message between hops; tampering after the last hop; and failed
//! chains sealed with cv=fail. Both must reach the same status at every
//! step. Required when `DOMAINAUTH_REQUIRE_PEERS=1`.
//!
//! dkimpy seals with rsa-sha256 and relaxed/relaxed only, as we do for
//! RSA; it reports a chain whose newest seal says cv=fail as "terminated",
//! which RFC 8617 §5.2 step 2 calls fail, and is counted so.

use std::path::PathBuf;
use std::process::Command;

use domainauth::arc::{ChainStatus, Sealer, SealerConfig, Verifier};
use domainauth::dkim::{Algorithm, SigningKey};
use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};
use domainauth_testkit::testdata;

const MESSAGE: &str = "From: Alice <alice@origin.example>\r\nTo: list@lists.example\r\n\
                       Subject: Meeting\r\nDate: Mon, 30 Nov 2026 09:00:00 +0900\r\n\
                       Message-ID: <1@origin.example>\r\n\r\nSee you at ten.\r\n\r\n-- \r\nAlice\r\n";

fn driver() -> &'static str {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/arc_dkimpy_driver.py"
    )
}

struct Peer {
    python: String,
    dir: PathBuf,
    dns: PathBuf,
    key: PathBuf,
    step: usize,
}

impl Peer {
    fn run(&mut self, message: &str, args: &[&str]) -> String {
        self.step += 1;
        let file = self.dir.join(format!("message-{}.eml", self.step));
        std::fs::write(&file, message).unwrap();
        let out = Command::new(&self.python)
            .arg(driver())
            .arg(args[0])
            .arg(&file)
            .arg(&self.dns)
            .args(&args[1..])
            .output()
            .expect("dkimpy driver runs");
        assert!(
            out.status.success(),
            "dkimpy driver failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// dkimpy's status for `message`, "terminated" read as fail.
    fn status(&mut self, message: &str) -> (ChainStatus, String) {
        let out = self.run(message, &["verify"]);
        let (cv, reason) = out.trim().split_once(' ').unwrap_or((out.trim(), ""));
        let status = match cv {
            "pass" => ChainStatus::Pass,
            "none" => ChainStatus::None,
            _ => ChainStatus::Fail,
        };
        (status, reason.to_string())
    }

    /// The message with dkimpy's set added (as lists.example, selector
    /// py). Each hop has its own authserv-id: dkimpy's sealer reads the
    /// chain status from every Authentication-Results field of its id, as
    /// a receiver that removes fields claiming its id on entry (RFC 8601
    /// §5) would leave one.
    fn seal(&mut self, message: &str, timestamp: u64) -> String {
        let key = self.key.to_string_lossy().into_owned();
        let t = timestamp.to_string();
        let srv_id = format!("mx{}.lists.example", self.step);
        self.run(message, &["seal", &key, "lists.example", "py", &srv_id, &t])
    }
}

struct Us {
    sealer: Sealer,
    verifier: Verifier<ZoneResolver>,
    rt: tokio::runtime::Runtime,
}

impl Us {
    fn status(&self, message: &str) -> (ChainStatus, String) {
        let chain = self
            .rt
            .block_on(self.verifier.validate_message(message.as_bytes()))
            .unwrap();
        let why = chain.failure.map(|f| f.to_string()).unwrap_or_default();
        (chain.status, why)
    }

    /// The message with our set added, sealed with the status `cv` found
    /// on the message as received.
    fn seal(&self, message: &str, cv: ChainStatus) -> String {
        let set = self
            .sealer
            .seal_message(
                message.as_bytes(),
                cv,
                "mx.forwarder.example",
                &format!("arc={cv}; spf=pass smtp.mailfrom=origin.example"),
            )
            .unwrap();
        format!("{}{message}", set.header_block())
    }
}

#[test]
fn dkimpy_and_domainauth_validate_each_others_seals() {
    let Some(python) = testdata::python_with(&["dkim", "authres"]) else {
        testdata::missing("dkimpy with authres (Debian python3-dkim, python3-authres)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("domainauth-arc-dkimpy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // Our key at ours._domainkey.forwarder.example, dkimpy's at
    // py._domainkey.lists.example (both RSA 2048, made here).
    let ours = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
    let theirs = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
    let records = [
        (
            "ours._domainkey.forwarder.example",
            ours.key_record().unwrap(),
        ),
        ("py._domainkey.lists.example", theirs.key_record().unwrap()),
    ];
    let mut zone = ZoneResolver::new();
    let mut json = String::from("{");
    for (n, (name, record)) in records.iter().enumerate() {
        let strings = record.as_bytes().chunks(255).map(<[u8]>::to_vec).collect();
        zone.add(name, ZoneEntry::Txt(Txt { strings }));
        json.push_str(&format!(
            "{}\"{name}\": \"{record}\"",
            if n > 0 { ", " } else { "" }
        ));
    }
    json.push('}');
    let dns = dir.join("dns.json");
    std::fs::write(&dns, json).unwrap();
    let key = dir.join("py.pem");
    std::fs::write(&key, theirs.to_pkcs8_pem().unwrap()).unwrap();

    let mut config = SealerConfig::new("forwarder.example", "ours");
    config.timestamp = Some(1_764_460_800);
    let us = Us {
        sealer: Sealer::new(ours, config),
        verifier: Verifier::new(zone),
        rt: tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap(),
    };
    let mut peer = Peer {
        python,
        dir: dir.clone(),
        dns,
        key,
        step: 0,
    };

    let mut checks = 0;
    let mut disagreements = Vec::new();
    let mut check = |what: &str, message: &str, want: ChainStatus, peer: &mut Peer| {
        checks += 1;
        let (mine, my_why) = us.status(message);
        let (py, py_why) = peer.status(message);
        if mine != want || py != want {
            disagreements.push(format!(
                "{what}: want {want}; domainauth {mine} ({my_why}); dkimpy {py} ({py_why})"
            ));
        }
    };

    // Four hops, sealed in turn: dkimpy, us, dkimpy, us.
    check("no chain", MESSAGE, ChainStatus::None, &mut peer);
    let mut message = MESSAGE.to_string();
    for hop in 1..=4u64 {
        message = if hop % 2 == 1 {
            peer.seal(&message, 1_764_460_800 + hop)
        } else {
            let (cv, _) = us.status(&message);
            us.seal(&message, cv)
        };
        check(
            &format!("after hop {hop}"),
            &message,
            ChainStatus::Pass,
            &mut peer,
        );
    }
    // Changed after the last seal: both see the newest AMS fail.
    let tampered = message.replace("See you at ten.", "See you at eleven.");
    check(
        "body changed after hop 4",
        &tampered,
        ChainStatus::Fail,
        &mut peer,
    );
    // A seal of dkimpy's over the broken chain says cv=fail; both agree
    // the chain fails, and so after our seal over it.
    let failed = peer.seal(&tampered, 1_764_460_900);
    assert!(failed.contains("cv=fail"), "{failed}");
    check(
        "dkimpy sealed a failed chain",
        &failed,
        ChainStatus::Fail,
        &mut peer,
    );
    let failed = us.seal(&tampered, ChainStatus::Fail);
    check(
        "we sealed a failed chain",
        &failed,
        ChainStatus::Fail,
        &mut peer,
    );

    // A list edits the Subject after validating, then seals: the chain
    // still passes for both, though the first AMS no longer verifies.
    let first = peer.seal(MESSAGE, 1_764_460_801);
    let (received, _) = us.status(&first);
    let edited = first.replace("Subject: Meeting", "Subject: [list] Meeting");
    let second = us.seal(&edited, received);
    check(
        "list edited the Subject",
        &second,
        ChainStatus::Pass,
        &mut peer,
    );
    let chain = us
        .rt
        .block_on(us.verifier.validate_message(second.as_bytes()))
        .unwrap();
    assert_eq!(chain.oldest_pass, Some(2));

    println!(
        "ARC dkimpy interop: {}/{checks} checks agree (both ways, up to 4 hops)",
        checks - disagreements.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
