//! DKIM on bad input: malformed fields and keys give typed errors, nothing
//! panics (the 50 MB streaming check is in dkim_streaming.rs, alone in its process).

use domainauth::dkim::{
    Algorithm, BodyCanonicalizer, Canon, DkimProblem, DkimResult, DkimVerifier, KeyRecord,
    Signature, Signer, SignerConfig, SigningKey, canonicalize_header, parse_tag_list,
};
use domainauth::dns::ZoneResolver;
use domainauth_testkit::fixtures::zone_with_txt;
use proptest::prelude::*;

fn verify(zone: &ZoneResolver, msg: &[u8]) -> Vec<domainauth::dkim::SignatureResult> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(DkimVerifier::new(zone).verify_message(msg))
        .unwrap()
}

#[test]
fn malformed_fields_and_keys_are_named() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let signer = Signer::new(key, SignerConfig::new("example.org", "s"));
    let msg = "From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n";
    let field = signer.sign_message(msg.as_bytes()).unwrap();
    let signed = format!("{field}\r\n{msg}");
    let name = "s._domainkey.example.org";

    // p= that is not a key.
    let r = &verify(
        &zone_with_txt(name, "v=DKIM1; k=ed25519; p=AAAA"),
        signed.as_bytes(),
    )[0];
    assert!(
        matches!(r.problem, Some(DkimProblem::BadKey { .. })),
        "{r:?}"
    );
    // Key record syntax.
    let r = &verify(
        &zone_with_txt(name, "v=DKIM1; k=ed25519; p"),
        signed.as_bytes(),
    )[0];
    assert!(
        matches!(r.problem, Some(DkimProblem::KeySyntax { .. })),
        "{r:?}"
    );
    // Revoked.
    let r = &verify(
        &zone_with_txt(name, "v=DKIM1; k=ed25519; p="),
        signed.as_bytes(),
    )[0];
    assert!(matches!(r.problem, Some(DkimProblem::Revoked { .. })));
    // No key.
    let r = &verify(&ZoneResolver::new(), signed.as_bytes())[0];
    assert!(matches!(r.problem, Some(DkimProblem::NoKey { .. })));
    assert_eq!(r.result, DkimResult::PermError);
    // Bad base64 in b=, with the tag and position.
    let broken = signed.replacen("b=", "b=!!", 1).replacen("bh=!!", "bh=", 1);
    let r = &verify(&ZoneResolver::new(), broken.as_bytes())[0];
    match &r.problem {
        Some(DkimProblem::Signature { error }) => assert_eq!(error.tag.as_deref(), Some("b")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rsa_keys_under_1024_bits_fail() {
    // A 512-bit RSA public key (SubjectPublicKeyInfo), from dkimpy's test DNS.
    let p512 = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBANmBe10IgY+u7h3enWTukkqtUD5PR52Tb/mPfjC0QJTocVBq6Za/PlzfV+Py92VaCak19F4WrbVTK5Gg5tW220MCAwEAAQ==";
    let msg = "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=s; h=from; bh=AAAA; b=AAAA\r\nFrom: a@example.org\r\n\r\nx\r\n";
    let r = &verify(
        &zone_with_txt("s._domainkey.example.org", &format!("k=rsa; p={p512}")),
        msg.as_bytes(),
    )[0];
    assert_eq!(
        r.problem,
        Some(DkimProblem::KeyTooShort {
            bits: 512,
            min: 1024
        })
    );
    assert_eq!(r.key_bits, Some(512));
}

#[test]
fn truncated_messages_never_pass_and_binary_input_does_not_panic() {
    let key = SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap();
    let record = key.key_record().unwrap();
    let signer = Signer::new(key, SignerConfig::new("example.org", "s"));
    let msg = "From: a@example.org\r\nSubject: x\r\n\r\nbody line\r\n";
    let signed = format!("{}\r\n{msg}", signer.sign_message(msg.as_bytes()).unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let verifier = DkimVerifier::new(zone_with_txt("s._domainkey.example.org", &record));
    let passes = |bytes: &[u8]| {
        rt.block_on(verifier.verify_message(bytes))
            .is_ok_and(|r| r.iter().any(|r| r.result == DkimResult::Pass))
    };
    assert!(passes(signed.as_bytes()), "the whole message verifies");
    // Cutting only the final line end leaves the same canonical body
    // (RFC 6376 §3.4.3/§3.4.4); losing any other byte must never pass.
    let meaningful = signed.trim_end_matches(['\r', '\n']).len();
    for cut in 0..meaningful {
        assert!(
            !passes(&signed.as_bytes()[..cut]),
            "a message cut at byte {cut} of {} passed",
            signed.len()
        );
    }
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let _ = rt.block_on(verifier.verify_message(&garbage));
}

/// RFC 6376 §3.4.3/§3.4.4 applied to a whole body, the direct way (bare LF
/// read as a line end, as the streaming canonicalizer does).
fn reference(canon: Canon, body: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut cur = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\n' {
            lines.push(std::mem::take(&mut cur));
        } else if body[i] == b'\r' && body.get(i + 1) == Some(&b'\n') {
            lines.push(std::mem::take(&mut cur));
            i += 1;
        } else {
            cur.push(body[i]);
        }
        i += 1;
    }
    let unterminated = !cur.is_empty();
    if unterminated {
        lines.push(cur);
    }
    if canon == Canon::Relaxed {
        for line in &mut lines {
            let mut out = Vec::new();
            let mut space = false;
            for &b in line.iter() {
                if b == b' ' || b == b'\t' {
                    space = true;
                } else {
                    if space {
                        out.push(b' ');
                    }
                    space = false;
                    out.push(b);
                }
            }
            *line = out;
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = Vec::new();
    for line in &lines {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    if out.is_empty() && canon == Canon::Simple {
        out.extend_from_slice(b"\r\n");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn tag_lists_signatures_and_keys_never_panic(text in "[ -~\r\n\t]{0,200}") {
        let _ = parse_tag_list(&text);
        let _ = Signature::parse(&text);
        let _ = KeyRecord::parse(&text);
    }

    /// Bodies made of CRLF lines, as SMTP carries them: these take the fast
    /// path that hashes whole runs of canonical lines in place.
    #[test]
    fn crlf_bodies_match_the_reference(
        lines in prop::collection::vec("[ax ]{0,6}|", 0..40),
        final_crlf in any::<bool>(),
        split in 0usize..300,
    ) {
        let mut body = lines.join("\r\n").into_bytes();
        if final_crlf && !body.is_empty() {
            body.extend_from_slice(b"\r\n");
        }
        for canon in [Canon::Simple, Canon::Relaxed] {
            let run = |parts: &[&[u8]]| {
                let mut out = Vec::new();
                let mut c = BodyCanonicalizer::new(canon);
                for p in parts {
                    c.update(p, &mut |b: &[u8]| out.extend_from_slice(b));
                }
                c.finish(&mut |b: &[u8]| out.extend_from_slice(b));
                out
            };
            let expected = reference(canon, &body);
            prop_assert_eq!(&run(&[&body]), &expected, "{:?} {:?}", canon, String::from_utf8_lossy(&body));
            let (a, b) = body.split_at(split.min(body.len()));
            prop_assert_eq!(&run(&[a, b]), &expected);
        }
    }

    #[test]
    fn canonicalizers_never_panic_and_chunking_never_matters(
        body in prop::collection::vec(prop::sample::select(vec![b'a', b' ', b'\t', b'\r', b'\n', 0xe3, b'x']), 0..300),
        split in 0usize..300,
        header in "[ -~\t]{0,80}",
    ) {
        let _ = canonicalize_header(Canon::Relaxed, "Subject", header.as_bytes());
        for canon in [Canon::Simple, Canon::Relaxed] {
            let run = |parts: &[&[u8]]| {
                let mut out = Vec::new();
                let mut c = BodyCanonicalizer::new(canon);
                for p in parts {
                    c.update(p, &mut |b: &[u8]| out.extend_from_slice(b));
                }
                c.finish(&mut |b: &[u8]| out.extend_from_slice(b));
                out
            };
            let whole = run(&[&body]);
            prop_assert_eq!(&whole, &reference(canon, &body), "{:?} {:?}", canon, String::from_utf8_lossy(&body));
            let (a, b) = body.split_at(split.min(body.len()));
            prop_assert_eq!(&run(&[a, b]), &whole);
            // Canonical output never holds a bare LF or trailing empty lines.
            prop_assert!(!whole.ends_with(b"\r\n\r\n"));
            prop_assert!(whole.windows(2).all(|w| w[1] != b'\n' || w[0] == b'\r'));
        }
    }
}
