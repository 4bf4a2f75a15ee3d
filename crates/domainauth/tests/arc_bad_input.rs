//! ARC chains that are broken, malformed or too long: each fails with the
//! instance and the reason (RFC 8617 §5.2), never a panic; chains built
//! hop by hop with our sealer validate, with one key lookup per name.
//!
//! Expected instances and reasons follow from the RFC's algorithm: seals
//! are checked from the newest down, so a change to an earlier set is
//! found by the newest seal, which covers it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use domainauth::arc::{
    ChainProblem, ChainStatus, ChainValidation, FieldKind, HeaderErrorKind, MAX_INSTANCE,
    SealError, Sealer, SealerConfig, Verifier,
};
use domainauth::dkim::{Algorithm, SigningKey};
use domainauth::dns::{Answer, Mx, Resolver, Txt, ZoneEntry, ZoneResolver};

const MESSAGE: &str = "From: Alice <alice@origin.example>\r\nTo: list@lists.example\r\n\
                       Subject: Meeting\r\nDate: Mon, 30 Nov 2026 09:00:00 +0900\r\n\
                       Message-ID: <1@origin.example>\r\n\r\nSee you at ten.\r\n";

/// A resolver that counts TXT lookups.
struct Counting {
    zone: ZoneResolver,
    txt: AtomicUsize,
}

#[async_trait::async_trait]
impl Resolver for Counting {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.txt.fetch_add(1, Ordering::SeqCst);
        self.zone.txt(name).await
    }
    async fn a(&self, name: &str) -> Answer<std::net::Ipv4Addr> {
        self.zone.a(name).await
    }
    async fn aaaa(&self, name: &str) -> Answer<std::net::Ipv6Addr> {
        self.zone.aaaa(name).await
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.zone.mx(name).await
    }
    async fn ptr(&self, ip: std::net::IpAddr) -> Answer<String> {
        self.zone.ptr(ip).await
    }
}

/// Sealers, each with its own key published in one zone.
struct Hops {
    sealers: Vec<Sealer>,
    zone: ZoneResolver,
}

fn publish(zone: &mut ZoneResolver, selector: &str, domain: &str, key: &SigningKey) {
    let record = key.key_record().unwrap().into_bytes();
    let strings = record.chunks(255).map(<[u8]>::to_vec).collect();
    zone.add(
        &format!("{selector}._domainkey.{domain}"),
        ZoneEntry::Txt(Txt { strings }),
    );
}

/// Sealers for `domains` (selector `arc`), Ed25519 keys.
fn hops(domains: &[&str]) -> Hops {
    let mut zone = ZoneResolver::new();
    let mut sealers = Vec::new();
    for (n, domain) in domains.iter().enumerate() {
        let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
        publish(&mut zone, "arc", domain, &key);
        let mut config = SealerConfig::new(domain, "arc");
        config.timestamp = Some(1_764_460_800 + n as u64);
        sealers.push(Sealer::new(key, config));
    }
    Hops { sealers, zone }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn validate(zone: &ZoneResolver, message: &str) -> ChainValidation {
    rt().block_on(Verifier::new(zone.clone()).validate_message(message.as_bytes()))
        .unwrap()
}

/// One hop: validate what arrived, seal with that status, add the set.
fn seal(zone: &ZoneResolver, sealer: &Sealer, message: &str) -> String {
    let chain = validate(zone, message);
    let set = sealer
        .seal_message(
            message.as_bytes(),
            chain.status,
            "mx.hop.example",
            "spf=pass smtp.mailfrom=origin.example; dkim=pass header.d=origin.example",
        )
        .unwrap();
    format!("{}{message}", set.header_block())
}

fn sealed_through(h: &Hops, message: &str) -> String {
    h.sealers
        .iter()
        .fold(message.to_string(), |m, s| seal(&h.zone, s, &m))
}

/// The failure's instance and reason.
fn failure(chain: &ChainValidation) -> (Option<u32>, ChainProblem) {
    assert_eq!(chain.status, ChainStatus::Fail, "{chain:?}");
    let f = chain.failure.clone().expect("a failing chain says why");
    (f.instance, f.reason)
}

/// The header fields of `message`, unfolded into (name, whole field).
fn fields(message: &str) -> (Vec<String>, String) {
    let (header, body) = message.split_once("\r\n\r\n").unwrap();
    let mut out: Vec<String> = Vec::new();
    for line in header.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            let last = out.last_mut().unwrap();
            last.push_str("\r\n");
            last.push_str(line);
        } else {
            out.push(line.to_string());
        }
    }
    (out, body.to_string())
}

fn join(fields: &[String], body: &str) -> String {
    format!("{}\r\n\r\n{body}", fields.join("\r\n"))
}

fn kind(name: &str) -> FieldKind {
    match name {
        "ARC-Seal" => FieldKind::Seal,
        "ARC-Message-Signature" => FieldKind::MessageSignature,
        _ => FieldKind::AuthenticationResults,
    }
}

/// The field `name` with instance `i` (by its `i=N;` text).
fn position(fields: &[String], name: &str, i: u32) -> usize {
    fields
        .iter()
        .position(|f| {
            f.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
                && f.contains(&format!("i={i};"))
        })
        .unwrap_or_else(|| panic!("{name} i={i}"))
}

#[test]
fn hops_seal_and_validate() {
    let h = hops(&["forwarder.example", "lists.example", "relay.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    let chain = validate(&h.zone, &sealed);
    assert_eq!(chain.status, ChainStatus::Pass, "{:?}", chain.failure);
    assert_eq!(chain.highest_instance, 3);
    assert_eq!(chain.oldest_pass, Some(0));
    let sealers: Vec<_> = chain.sets.iter().map(|s| s.seal.domain.as_str()).collect();
    assert_eq!(
        sealers,
        ["forwarder.example", "lists.example", "relay.example"]
    );
    let cvs: Vec<_> = chain.sets.iter().map(|s| s.seal.cv).collect();
    assert_eq!(
        cvs,
        [ChainStatus::None, ChainStatus::Pass, ChainStatus::Pass]
    );
    assert!(chain.sets.iter().all(|s| s.seal_verified == Some(true)));
    assert!(
        chain
            .sets
            .iter()
            .all(|s| s.signature_verified == Some(true))
    );
    let aar = &chain.sets[0].authentication_results.results;
    assert_eq!(aar.authserv_id, "mx.hop.example");
    assert_eq!(aar.method("spf").next().unwrap().result, "pass");
    // The JSON a caller prints: status, oldest-pass and who sealed each hop.
    let json = serde_json::to_value(&chain).unwrap();
    assert_eq!(json["status"], "pass");
    assert_eq!(json["oldest_pass"], 0);
    assert_eq!(json["sets"][1]["seal"]["domain"], "lists.example");
    assert_eq!(json["sets"][1]["seal"]["cv"], "pass");
    let failed = validate(&h.zone, &sealed.replace("See you", "See me"));
    let json = serde_json::to_value(&failed).unwrap();
    assert_eq!(json["status"], "fail");
    assert_eq!(json["failure"]["instance"], 3);
    assert_eq!(json["failure"]["reason"]["kind"], "message_signature");
}

/// Without `oldest-pass` (RFC 8617 §5.2 step 5 is optional), a validation
/// checks only what the result depends on — the newest AMS and every seal —
/// and gives the same result: pass on an intact chain, fail with the same
/// instance and reason on a tampered one.
#[test]
fn without_oldest_pass_the_result_is_the_same() {
    let h = hops(&["forwarder.example", "lists.example", "relay.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    let lean = |message: &str| {
        rt().block_on(
            Verifier::new(h.zone.clone())
                .with_oldest_pass(false)
                .validate_message(message.as_bytes()),
        )
        .unwrap()
    };
    let chain = lean(&sealed);
    assert_eq!(chain.status, ChainStatus::Pass, "{:?}", chain.failure);
    assert_eq!(chain.oldest_pass, None);
    let verified: Vec<_> = chain.sets.iter().map(|s| s.signature_verified).collect();
    assert_eq!(verified, [None, None, Some(true)]);
    assert!(chain.sets.iter().all(|s| s.seal_verified == Some(true)));
    for tampered in [
        sealed.replace("See you", "See me"),
        sealed.replacen("cv=pass", "cv=fail", 1),
    ] {
        let full = validate(&h.zone, &tampered);
        let lean = lean(&tampered);
        assert_eq!(full.status, ChainStatus::Fail);
        assert_eq!(lean.status, full.status);
        assert_eq!(lean.failure, full.failure);
    }
}

/// A list that changes the Subject after the first hop sealed: the chain
/// still passes (each later hop vouches for what it received), and
/// `oldest-pass` says the message is as instance 2 signed it, no earlier.
#[test]
fn a_changed_message_moves_oldest_pass() {
    let h = hops(&["forwarder.example", "lists.example", "relay.example"]);
    let first = seal(&h.zone, &h.sealers[0], MESSAGE);
    // The list validates what it receives, then edits and seals.
    let received = validate(&h.zone, &first);
    assert_eq!(received.status, ChainStatus::Pass);
    let edited = first.replace("Subject: Meeting", "Subject: [list] Meeting");
    let set = h.sealers[1]
        .seal_message(
            edited.as_bytes(),
            received.status,
            "mx.lists.example",
            "arc=pass",
        )
        .unwrap();
    let second = format!("{}{edited}", set.header_block());
    let third = seal(&h.zone, &h.sealers[2], &second);
    let chain = validate(&h.zone, &third);
    assert_eq!(chain.status, ChainStatus::Pass, "{:?}", chain.failure);
    assert_eq!(chain.oldest_pass, Some(2));
    assert_eq!(chain.sets[0].signature_verified, Some(false));
    assert_eq!(chain.sets[1].signature_verified, Some(true));
    // Changed after the last hop: the newest AMS fails the chain.
    let chain = validate(&h.zone, &third.replace("See you at ten.", "See you at 11."));
    let (instance, reason) = failure(&chain);
    assert_eq!(instance, Some(3));
    assert!(
        matches!(reason, ChainProblem::MessageSignature { .. }),
        "{reason:?}"
    );
}

#[test]
fn streaming_seal_matches_whole_message() {
    let h = hops(&["forwarder.example"]);
    let message = domainauth::mail::Message::parse(MESSAGE.as_bytes()).unwrap();
    let mut sealing = h.sealers[0]
        .begin(&message, ChainStatus::None, "mx.hop.example", "none")
        .unwrap();
    for chunk in message.body().chunks(3) {
        sealing.body(chunk);
    }
    let streamed = sealing.finish().unwrap();
    let whole = h.sealers[0]
        .seal_message(
            MESSAGE.as_bytes(),
            ChainStatus::None,
            "mx.hop.example",
            "none",
        )
        .unwrap();
    // Ed25519 signatures are deterministic (RFC 8032): equal fields.
    assert_eq!(streamed, whole);
    assert!(
        whole
            .authentication_results
            .ends_with("mx.hop.example; none")
    );
}

#[test]
fn rsa_seals_validate() {
    let key = SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
    let mut zone = ZoneResolver::new();
    publish(&mut zone, "rsa", "lists.example", &key);
    let sealer = Sealer::new(key, SealerConfig::new("lists.example", "rsa"));
    let sealed = seal(&zone, &sealer, MESSAGE);
    assert!(sealed.starts_with("ARC-Seal: i=1; a=rsa-sha256; cv=none;"));
    let chain = validate(&zone, &sealed);
    assert_eq!(chain.status, ChainStatus::Pass, "{:?}", chain.failure);
}

#[test]
fn one_key_lookup_per_name() {
    // Three hops, two sealers: forwarder.example seals hops 1 and 3.
    let h = hops(&["forwarder.example", "lists.example"]);
    let mut sealed = MESSAGE.to_string();
    for s in [&h.sealers[0], &h.sealers[1], &h.sealers[0]] {
        sealed = seal(&h.zone, s, &sealed);
    }
    let counting = Arc::new(Counting {
        zone: h.zone.clone(),
        txt: AtomicUsize::new(0),
    });
    let chain = rt()
        .block_on(Verifier::new(Arc::clone(&counting)).validate_message(sealed.as_bytes()))
        .unwrap();
    assert_eq!(chain.status, ChainStatus::Pass, "{:?}", chain.failure);
    assert_eq!(chain.oldest_pass, Some(0));
    // Six signatures, two key names.
    assert_eq!(counting.txt.load(Ordering::SeqCst), 2);
}

#[test]
fn duplicate_instances_fail() {
    let h = hops(&["forwarder.example", "lists.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    for name in [
        "ARC-Seal",
        "ARC-Message-Signature",
        "ARC-Authentication-Results",
    ] {
        let (mut f, body) = fields(&sealed);
        let copy = f[position(&f, name, 1)].clone();
        f.insert(0, copy);
        let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
        assert_eq!(instance, Some(1), "{name}");
        assert_eq!(reason, ChainProblem::Duplicate { header: kind(name) });
    }
}

#[test]
fn gaps_fail() {
    let h = hops(&["a.example", "b.example", "c.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    // Instance 2 removed entirely: a gap between 1 and 3.
    let (mut f, body) = fields(&sealed);
    for name in [
        "ARC-Seal",
        "ARC-Message-Signature",
        "ARC-Authentication-Results",
    ] {
        let p = position(&f, name, 2);
        f.remove(p);
    }
    let chain = validate(&h.zone, &join(&f, &body));
    assert_eq!(chain.highest_instance, 3);
    let (instance, reason) = failure(&chain);
    assert_eq!(instance, Some(2));
    assert_eq!(
        reason,
        ChainProblem::Missing {
            header: FieldKind::AuthenticationResults
        }
    );
    // One field of instance 1 missing.
    let (mut f, body) = fields(&sealed);
    let p = position(&f, "ARC-Message-Signature", 1);
    f.remove(p);
    let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
    assert_eq!(instance, Some(1));
    assert_eq!(
        reason,
        ChainProblem::Missing {
            header: FieldKind::MessageSignature
        }
    );
}

#[test]
fn instances_out_of_range_fail() {
    let h = hops(&["forwarder.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    for bad in ["0", "51", "99", "-1", "1.0"] {
        let (mut f, body) = fields(&sealed);
        let p = position(&f, "ARC-Seal", 1);
        f[p] = f[p].replacen("i=1;", &format!("i={bad};"), 1);
        let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
        assert_eq!(instance, None, "{bad}");
        let ChainProblem::Header { error } = reason else {
            panic!("{bad}: {reason:?}");
        };
        assert_eq!(error.header, FieldKind::Seal);
        assert_eq!(error.tag.as_deref(), Some("i"));
        assert_eq!(error.kind, HeaderErrorKind::Instance { value: bad.into() });
    }
    // i=0 in the ARC-Authentication-Results.
    let (mut f, body) = fields(&sealed);
    let p = position(&f, "ARC-Authentication-Results", 1);
    f[p] = f[p].replacen("i=1;", "i=0;", 1);
    let (_, reason) = failure(&validate(&h.zone, &join(&f, &body)));
    assert!(matches!(
        reason,
        ChainProblem::Header { error } if error.header == FieldKind::AuthenticationResults
    ));
}

/// 50 sets validate and cannot be sealed again; 51 fields of a kind fail
/// unparsed.
#[test]
fn chain_length_limit() {
    let h = hops(&["lists.example"]);
    let mut sealed = MESSAGE.to_string();
    for _ in 0..MAX_INSTANCE {
        sealed = seal(&h.zone, &h.sealers[0], &sealed);
    }
    let chain = validate(&h.zone, &sealed);
    assert_eq!(chain.status, ChainStatus::Pass, "{:?}", chain.failure);
    assert_eq!(chain.sets.len(), 50);
    let refused = h.sealers[0].seal_message(
        sealed.as_bytes(),
        ChainStatus::Pass,
        "mx.hop.example",
        "none",
    );
    assert!(
        matches!(refused, Err(SealError::InstanceLimit { highest: 50 })),
        "{refused:?}"
    );

    // One field of each kind more: 51 of them.
    let oversized = format!(
        "ARC-Seal: i=51; a=ed25519-sha256; cv=pass; d=lists.example; s=arc; b=AAAA\r\n{sealed}"
    );
    let (instance, reason) = failure(&validate(&h.zone, &oversized));
    assert_eq!(instance, None);
    assert_eq!(
        reason,
        ChainProblem::TooManySets {
            header: FieldKind::Seal,
            count: 51
        }
    );
    let refused = h.sealers[0].seal_message(
        oversized.as_bytes(),
        ChainStatus::Fail,
        "mx.hop.example",
        "none",
    );
    assert!(
        matches!(refused, Err(SealError::InstanceLimit { highest: 51 })),
        "{refused:?}"
    );
}

/// A change to an earlier set, even one the newest AMS does not sign, is
/// caught by the newest seal, which covers every set.
#[test]
fn tampered_earlier_set_fails_at_the_newest_seal() {
    let h = hops(&["a.example", "b.example", "c.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    let tamperings = [
        ("ARC-Authentication-Results", "spf=pass", "spf=fail"),
        (
            "ARC-Message-Signature",
            "c=relaxed/relaxed",
            "c=relaxed/simple",
        ),
        ("ARC-Seal", "d=a.example", "d=A.example"),
    ];
    for (name, from, to) in tamperings {
        let (mut f, body) = fields(&sealed);
        let p = position(&f, name, 1);
        let changed = f[p].replacen(from, to, 1);
        assert_ne!(changed, f[p], "{name}: the tampering changes the field");
        f[p] = changed;
        let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
        assert_eq!(
            (instance, &reason),
            (Some(3), &ChainProblem::SealMismatch),
            "{name}"
        );
    }
}

#[test]
fn ams_signing_arc_seal_fails() {
    let h = hops(&["forwarder.example", "lists.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    let (mut f, body) = fields(&sealed);
    let p = position(&f, "ARC-Message-Signature", 2);
    f[p] = f[p].replacen("h=", "h=arc-seal:", 1);
    let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
    assert_eq!((instance, reason), (Some(2), ChainProblem::SignsSeal));
    // A sealer refuses to write one.
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let mut config = SealerConfig::new("lists.example", "arc");
    config.headers = Some(vec!["from".into(), "ARC-Seal".into()]);
    let refused = Sealer::new(key, config).seal_message(
        MESSAGE.as_bytes(),
        ChainStatus::None,
        "mx.example",
        "none",
    );
    assert!(matches!(refused, Err(SealError::SignsSeal)), "{refused:?}");
}

#[test]
fn chain_status_rules() {
    let h = hops(&["forwarder.example", "lists.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    // The newest seal found the chain broken.
    let (mut f, body) = fields(&sealed);
    let p = position(&f, "ARC-Seal", 2);
    f[p] = f[p].replacen("cv=pass", "cv=fail", 1);
    let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
    assert_eq!(
        (instance, reason),
        (Some(2), ChainProblem::NewestSealFailed)
    );
    // cv=pass at instance 1, cv=none above it.
    for (i, from, to, expected) in [
        (1, "cv=none", "cv=pass", ChainStatus::None),
        (2, "cv=pass", "cv=none", ChainStatus::Pass),
    ] {
        let (mut f, body) = fields(&sealed);
        let p = position(&f, "ARC-Seal", i);
        f[p] = f[p].replacen(from, to, 1);
        let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
        assert_eq!(instance, Some(i));
        let cv = if expected == ChainStatus::None {
            ChainStatus::Pass
        } else {
            ChainStatus::None
        };
        assert_eq!(reason, ChainProblem::ChainStatusOrder { cv, expected });
    }
}

#[test]
fn malformed_fields_name_instance_and_tag() {
    let h = hops(&["forwarder.example", "lists.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    let (mut f, body) = fields(&sealed);
    let p = position(&f, "ARC-Seal", 1);
    f[p] = f[p].replacen("d=forwarder.example", "d=forwarder..example", 1);
    let (instance, reason) = failure(&validate(&h.zone, &join(&f, &body)));
    assert_eq!(instance, Some(1));
    let ChainProblem::Header { error } = reason else {
        panic!("{reason:?}");
    };
    assert_eq!(
        (error.header, error.instance, error.tag.as_deref()),
        (FieldKind::Seal, Some(1), Some("d"))
    );
    // A field with h= in the seal.
    let (mut f, body) = fields(&sealed);
    let p = position(&f, "ARC-Seal", 2);
    f[p] = f[p].replacen("cv=pass;", "cv=pass; h=from;", 1);
    let (_, reason) = failure(&validate(&h.zone, &join(&f, &body)));
    assert!(
        matches!(reason, ChainProblem::Header { error } if error.kind == HeaderErrorKind::SealHeaderList)
    );
    // A key that is not there.
    let (instance, reason) = failure(&validate(&ZoneResolver::new(), &sealed));
    assert_eq!(instance, Some(2));
    assert!(
        matches!(reason, ChainProblem::MessageSignature { .. }),
        "{reason:?}"
    );
}

#[test]
fn seal_requests_are_checked() {
    let h = hops(&["forwarder.example"]);
    let s = &h.sealers[0];
    let sealed = sealed_through(&h, MESSAGE);
    let m = MESSAGE.as_bytes();
    let cases: [(&[u8], ChainStatus, &str, &str); 6] = [
        (sealed.as_bytes(), ChainStatus::None, "mx.example", "none"),
        (m, ChainStatus::Pass, "mx.example", "none"),
        (m, ChainStatus::None, "mx example", "none"),
        (
            m,
            ChainStatus::None,
            "mx.example",
            "spf=pass\r\nX-Injected: yes",
        ),
        (m, ChainStatus::None, "mx.example", "spf=pass; ???"),
        (m, ChainStatus::None, "", "none"),
    ];
    let mut errors = Vec::new();
    for (message, cv, id, results) in cases {
        errors.push(s.seal_message(message, cv, id, results).unwrap_err());
    }
    assert!(matches!(
        errors[0],
        SealError::ChainMismatch {
            cv: ChainStatus::None,
            highest: 1,
            ..
        }
    ));
    assert!(matches!(
        errors[1],
        SealError::ChainMismatch {
            cv: ChainStatus::Pass,
            highest: 0,
            ..
        }
    ));
    assert!(matches!(errors[2], SealError::AuthservId { .. }));
    assert!(matches!(errors[3], SealError::ResultsControl { pos: 8 }));
    assert!(matches!(&errors[4], SealError::ResultsSyntax { part } if part == "???"));
    assert!(matches!(errors[5], SealError::AuthservId { .. }));
    for e in &errors {
        let text = e.to_string();
        assert!(!text.contains('\r') && !text.contains('\n'), "{text:?}");
    }
    // A failed chain is sealed over the new set alone (§5.1.2), at i=2.
    let set = s
        .seal_message(
            sealed.as_bytes(),
            ChainStatus::Fail,
            "mx.example",
            "arc=fail",
        )
        .unwrap();
    assert_eq!((set.instance, set.cv), (2, ChainStatus::Fail));
    assert!(set.seal.contains("cv=fail;"));
}

/// A seal is refused when the sealed message's header would be larger, or
/// have more fields, than the parser reads: our own tools (and the next
/// hop) must be able to read what we write. At the limit it is sealed and
/// read back.
#[test]
fn a_seal_the_parser_could_not_read_is_refused() {
    use domainauth::mail::{MAX_HEADER_BYTES, MAX_HEADER_FIELDS, Message};
    let h = hops(&["forwarder.example"]);
    let s = &h.sealers[0];
    let (head, body) = MESSAGE.split_once("\r\n\r\n").unwrap();
    let with_pad = |pad: usize| format!("X-Pad: {}\r\n{head}\r\n\r\n{body}", "a".repeat(pad));
    let seal = |m: &str| s.seal_message(m.as_bytes(), ChainStatus::None, "mx.example", "none");
    // The block's size does not depend on an unsigned field's length.
    let block = seal(&with_pad(1)).unwrap().header_block().len();
    let header = "X-Pad: a\r\n".len() - 1 + head.len() + 2;
    let fits = MAX_HEADER_BYTES - block - header;
    let at_limit = with_pad(fits);
    let set = seal(&at_limit).unwrap();
    let sealed = format!("{}{at_limit}", set.header_block());
    let (sealed_head, _) = sealed.split_once("\r\n\r\n").unwrap();
    assert_eq!(sealed_head.len() + 2, MAX_HEADER_BYTES);
    assert!(Message::parse(sealed.as_bytes()).is_ok());
    match seal(&with_pad(fits + 1)) {
        Err(SealError::HeaderTooLarge { bytes, limit }) => {
            assert_eq!((bytes, limit), (MAX_HEADER_BYTES + 1, MAX_HEADER_BYTES));
        }
        other => panic!("{other:?}"),
    }
    // Fields: the message's own, and the three of the set.
    let fields = |n: usize| format!("{}{MESSAGE}", "X-Pad: a\r\n".repeat(n));
    let own = head.split("\r\n").count();
    let n = MAX_HEADER_FIELDS - 3 - own;
    assert!(seal(&fields(n)).is_ok());
    match seal(&fields(n + 1)) {
        Err(SealError::TooManyFields { fields, limit }) => {
            assert_eq!((fields, limit), (MAX_HEADER_FIELDS + 1, MAX_HEADER_FIELDS));
        }
        other => panic!("{other:?}"),
    }
}

/// The chain's findings say what happened in words that fit the numbers:
/// one set is "one ARC set", an unchanged message is said unchanged
/// (oldest pass 0), Japanese joins the sealers with 「、」, and a hop whose
/// key is not published is a key problem, not a changed message.
#[test]
fn chain_findings_fit_the_chain() {
    use domainauth::diag::{Code, Lang};
    let text = |chain: &ChainValidation, code: Code, lang: Lang| {
        chain
            .findings()
            .into_iter()
            .find(|f| f.code == code)
            .map(|f| f.message(lang))
            .unwrap()
    };
    let h = hops(&["a.example"]);
    let chain = validate(&h.zone, &sealed_through(&h, MESSAGE));
    assert_eq!(chain.oldest_pass, Some(0));
    let en = text(&chain, Code::ArcPass, Lang::En);
    assert!(
        en.contains("validates: one ARC set, sealed by a.example."),
        "{en}"
    );
    assert!(
        en.contains("Every hop's message signature still verifies"),
        "{en}"
    );
    assert!(!en.contains("i=0"), "{en}");
    let ja = text(&chain, Code::ArcPass, Lang::Ja);
    assert!(ja.contains("すべてのホップ"), "{ja}");

    let h = hops(&["a.example", "b.example"]);
    let chain = validate(&h.zone, &sealed_through(&h, MESSAGE));
    let en = text(&chain, Code::ArcPass, Lang::En);
    assert!(
        en.contains("2 ARC sets, sealed by a.example, b.example."),
        "{en}"
    );
    let ja = text(&chain, Code::ArcPass, Lang::Ja);
    assert!(ja.contains("a.example、b.example"), "{ja}");

    // The newest hop's key is not published: its message signature is not
    // said to "no longer verify" (that would mean the message changed).
    let h = hops(&["a.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    let chain = validate(&ZoneResolver::new(), &sealed);
    assert_eq!(chain.status, ChainStatus::Fail);
    let hop = chain
        .findings()
        .into_iter()
        .find(|f| f.code == Code::ArcHop)
        .unwrap();
    assert_eq!(hop.params["ams"], "key");
    let en = hop.message(Lang::En);
    assert!(en.contains("its key was not found"), "{en}");
    assert!(!en.contains("no longer verifies"), "{en}");
    assert!(hop.message(Lang::Ja).contains("鍵が見つからない"));
    // With the key published and the body changed, it no longer verifies.
    let changed = sealed.replace("See you at ten.", "See you at nine.");
    let chain = validate(&h.zone, &changed);
    let hop = chain
        .findings()
        .into_iter()
        .find(|f| f.code == Code::ArcHop)
        .unwrap();
    assert_eq!(hop.params["ams"], "no");
}

/// An ARC-Authentication-Results must name its authserv-id (RFC 8617
/// §4.1.1); errors name their position once, where it is, and limits as
/// numbers, never as the names of constants.
#[test]
fn header_errors_say_where_once() {
    use domainauth::arc::{AuthenticationResults, HeaderErrorKind, Seal};
    use domainauth::diag::{Code, Finding, Lang};
    let said = |e: &domainauth::arc::HeaderError| {
        let f = Finding::new(Code::ArcFail)
            .param("instance", "none")
            .reason("reason", e);
        [e.to_string(), f.message(Lang::En), f.message(Lang::Ja)]
    };

    let e =
        AuthenticationResults::parse("i=2; spf=fail smtp.mailfrom=alice@example.org").unwrap_err();
    assert_eq!(e.kind, HeaderErrorKind::NoAuthservId);
    assert_eq!((e.instance, e.pos), (Some(2), 5));
    assert_eq!(
        e.to_string(),
        "ARC-Authentication-Results i=2: no authserv-id after i=: the results start at once (at offset 5)"
    );
    assert!(said(&e)[2].contains("authserv-id がなく"), "{:?}", said(&e));
    // A well-formed one still reads.
    assert!(AuthenticationResults::parse("i=2; mx.example; spf=fail").is_ok());

    // A tag-list error names its offset itself: not said twice.
    let e = Seal::parse("i=1; a=ed25519-sha256; cv=none; d=a.example; d=b.example; s=s; b=AAAA")
        .unwrap_err();
    for text in said(&e) {
        let said = ["offset", "オフセット", "位置"]
            .iter()
            .map(|w| text.matches(w).count())
            .sum::<usize>();
        assert_eq!(said, 1, "{text}");
        assert!(text.contains("45"), "{text}");
    }
    // An authserv-id that cannot be read: its position, once, as a byte
    // offset where the text says "character".
    let e = AuthenticationResults::parse("i=1; ;spf=pass").unwrap_err();
    for text in said(&e) {
        assert!(
            !text.contains("(at offset") && !text.contains("（オフセット"),
            "{text}"
        );
    }
    assert!(e.to_string().contains("at character 5"), "{e}");
    assert_eq!(e.pos, 5);
}

/// Limits are said as numbers: no constant name reaches a reader.
#[test]
fn limits_are_numbers_not_constant_names() {
    use domainauth::diag::{Code, Finding, Lang};
    use domainauth::mail::{MAX_HEADER_BYTES, MAX_HEADER_FIELDS, Message};
    let many = "X-A: 1\r\n".repeat(MAX_HEADER_FIELDS + 1) + "\r\nbody\r\n";
    let big = format!("X-A: {}\r\n\r\nbody\r\n", "a".repeat(MAX_HEADER_BYTES));
    let tags: String = (0..1000).map(|i| format!("x{i}=1; ")).collect();
    let seal = format!("i=1; a=ed25519-sha256; cv=none; d=a.example; s=s; {tags}b=AAAA");
    let mut errors: Vec<Finding> = Vec::new();
    for raw in [many, big] {
        let e = Message::parse(raw.as_bytes()).unwrap_err();
        assert!(!e.to_string().contains("MAX_"), "{e}");
        errors.push(
            Finding::new(Code::ArcFail)
                .param("instance", "none")
                .reason("reason", &e),
        );
    }
    let e = domainauth::arc::Seal::parse(&seal).unwrap_err();
    assert!(!e.to_string().contains("MAX_"), "{e}");
    errors.push(
        Finding::new(Code::ArcFail)
            .param("instance", "none")
            .reason("reason", &e),
    );
    for f in &errors {
        for lang in [Lang::En, Lang::Ja] {
            let text = f.message(lang);
            assert!(!text.contains("MAX_"), "{text}");
            assert!(text.chars().any(|c| c.is_ascii_digit()), "{text}");
        }
    }
}

/// RFC 6376 §3.4.2 relaxed canonicalization removes only a CRLF followed by
/// WSP; a bare CR is part of the value. A bare CR (with a space) added
/// inside a sealed field after sealing therefore breaks the seal, as it
/// would in other verifiers, instead of being read as a fold. (A bare LF is
/// a line end to the message reader, as LF-only mail is read as CRLF, so
/// "LF space" is a fold before canonicalization sees it.)
#[test]
fn bare_cr_or_lf_in_a_sealed_field_is_not_a_fold() {
    let h = hops(&["a.example"]);
    let sealed = sealed_through(&h, MESSAGE);
    assert_eq!(validate(&h.zone, &sealed).status, ChainStatus::Pass);
    let aar = "ARC-Authentication-Results: i=1; mx.hop.example;";
    assert!(sealed.contains(aar), "{sealed}");
    for bare in ["\r ", "\r\t"] {
        let changed = sealed.replacen(
            aar,
            &format!("ARC-Authentication-Results: i=1;{bare}mx.hop.example;"),
            1,
        );
        assert_ne!(changed, sealed);
        let chain = validate(&h.zone, &changed);
        assert_eq!(chain.status, ChainStatus::Fail, "{bare:?}");
    }
    // A real fold (CRLF and a space) is still a fold.
    let folded = sealed.replacen(
        aar,
        "ARC-Authentication-Results: i=1;\r\n mx.hop.example;",
        1,
    );
    assert_eq!(validate(&h.zone, &folded).status, ChainStatus::Pass);
}
