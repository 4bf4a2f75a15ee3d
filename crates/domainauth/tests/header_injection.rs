//! Header fields we write carry values from input (the envelope, DNS
//! records, other receivers' fields). None of them may end our field and
//! start another (header injection), and each stays valid RFC syntax with
//! its control characters escaped by `domainauth::escape::escape_controls`.

use std::net::IpAddr;

use domainauth::authres::{AuthResults, MethodResult, parse_field};
use domainauth::dkim::{Algorithm, SignError, Signature, Signer, SignerConfig, SigningKey};
use domainauth::dns::{DnsError, RecordType, ZoneResolver};
use domainauth::escape::{escape_controls, is_escaped_char};
use domainauth::spf::{Envelope, Evaluation, Matched, Problem, SpfResult, Verifier};
use proptest::prelude::*;

/// The field is one logical header field: a line break only as part of a
/// fold (CRLF followed by a space or tab), and no other control character
/// than the tab of a fold.
fn assert_one_field(field: &str) {
    let bytes = field.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' => assert!(
                bytes.get(i + 1) == Some(&b'\n') && matches!(bytes.get(i + 2), Some(b' ' | b'\t')),
                "bare CR or unfolded line break at {i}: {field:?}"
            ),
            b'\n' => assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}: {field:?}"),
            b'\t' => {}
            _ => {}
        }
    }
    let unfolded = field.replace("\r\n", "");
    assert!(
        !unfolded.chars().any(|c| c != '\t' && is_escaped_char(c)),
        "control character in {field:?}"
    );
    // After unfolding, the field is one line starting with its name.
    assert!(!unfolded.contains('\n'));
}

// ---------------------------------------------------------------- Received-SPF

/// Reads a Received-SPF field as RFC 7208 §9.1 and RFC 5322 §3.2 define it,
/// decoding the comment and the quoted-string values; fails on anything else.
fn read_received_spf(field: &str) -> (String, String, Vec<(String, String)>) {
    let rest = field.strip_prefix("Received-SPF: ").expect("field name");
    let (result, rest) = rest.split_once(' ').expect("result");
    let mut chars = rest.chars().peekable();
    assert_eq!(chars.next(), Some('('), "comment expected: {rest:?}");
    let mut comment = String::new();
    loop {
        match chars.next().expect("unterminated comment") {
            ')' => break,
            '(' => panic!("unquoted '(' in comment: {field:?}"),
            '\\' => comment.push(chars.next().expect("quoted-pair")),
            c => comment.push(c),
        }
    }
    let mut pairs = Vec::new();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let key: String = std::iter::from_fn(|| chars.next_if(|&c| c != '=')).collect();
        assert!(
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "key {key:?} in {field:?}"
        );
        assert_eq!(chars.next(), Some('='));
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next().expect("unterminated quoted-string") {
                    '"' => break,
                    '\\' => value.push(chars.next().expect("quoted-pair")),
                    c => value.push(c),
                }
            }
        } else {
            // dot-atom (RFC 5322 §3.2.3)
            value = std::iter::from_fn(|| chars.next_if(|&c| c != ';')).collect();
            let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
            assert!(
                !value.is_empty()
                    && !value.starts_with('.')
                    && !value.ends_with('.')
                    && !value.contains("..")
                    && value.chars().all(|c| atext(c) || c == '.'),
                "{key}={value:?} is neither dot-atom nor quoted-string"
            );
        }
        assert_eq!(chars.next(), Some(';'), "';' after {key}");
        pairs.push((key, value));
    }
    (result.to_string(), comment, pairs)
}

fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn evaluate(mail_from: &str, helo: &str) -> Evaluation {
    let zone = ZoneResolver::from_zone_text(
        "$ORIGIN evil.example.\n@ IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        None,
    )
    .unwrap();
    let env = Envelope {
        client_ip: "198.51.100.7".parse().unwrap(),
        helo: helo.into(),
        mail_from: mail_from.into(),
    };
    runtime().block_on(Verifier::new(zone).check_mail_from(&env))
}

#[test]
fn received_spf_escapes_crlf_in_mail_from() {
    // The reproducer: a MAIL FROM whose local part carries CR LF and a
    // field of the sender's choosing.
    let sender = "x\r\nX-Injected: yes\r\n@evil.example";
    let eval = evaluate(sender, "mx.evil.example");
    assert_eq!(eval.result, SpfResult::Fail, "the domain is evil.example");
    let field = eval.received_spf("mx.example.net");
    assert_one_field(&field);
    assert!(!field.contains("\nX-Injected"), "{field}");
    let (result, comment, pairs) = read_received_spf(&field);
    assert_eq!(result, "fail");
    assert_eq!(
        get(&pairs, "envelope-from"),
        Some("x\\r\\nX-Injected: yes\\r\\n@evil.example")
    );
    assert!(
        comment.contains("domain of x\\r\\nX-Injected: yes\\r\\n@evil.example does not designate")
    );
    // The other positions from input: HELO and the receiver name.
    let eval = evaluate("a@evil.example", "mx\r\nX-Helo: 1");
    let field = eval.received_spf("mx\u{1b}[2J(\\)");
    assert_one_field(&field);
    let (_, comment, pairs) = read_received_spf(&field);
    assert_eq!(get(&pairs, "helo"), Some("mx\\r\\nX-Helo: 1"));
    assert_eq!(get(&pairs, "receiver"), Some("mx\\x1b[2J(\\\\)"));
    assert!(comment.starts_with("mx\\x1b[2J(\\\\): "), "{comment:?}");
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,20}",
        "[\\x00-\\x7f]{0,20}",
        "[a-z\\r\\n\\t \\\\\"();=:\\x1b\\x7f\\u{85}\\u{9b}\\u{202e}\\u{2028}]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every input position of Received-SPF: the envelope, the receiver,
    /// the matched term and the problem text (DNS names and reasons).
    #[test]
    fn received_spf_is_one_field_for_any_input(
        sender in hostile(),
        helo in hostile(),
        receiver in hostile(),
        term in hostile(),
        name in hostile(),
        reason in hostile(),
        permerror in any::<bool>(),
    ) {
        let mut eval = evaluate("a@evil.example", "mx.evil.example");
        eval.result = if permerror { SpfResult::PermError } else { SpfResult::TempError };
        eval.sender = sender.clone();
        eval.helo = helo.clone();
        eval.client_ip = "2001:db8::1".parse::<IpAddr>().unwrap();
        eval.matched = Some(Matched::new(name.clone(), term.clone()));
        eval.problem = Some(Problem::Dns {
            error: DnsError::Network { name: name.clone(), rtype: RecordType::Txt, reason: reason.clone() },
        });
        let field = eval.received_spf(&receiver);
        assert_one_field(&field);
        let (_, comment, pairs) = read_received_spf(&field);
        // Each value reads back as the escaped input: nothing lost, nothing added.
        prop_assert_eq!(get(&pairs, "envelope-from"), Some(&*escape_controls(&sender)));
        prop_assert_eq!(get(&pairs, "helo"), Some(&*escape_controls(&helo)));
        prop_assert_eq!(get(&pairs, "receiver"), Some(&*escape_controls(&receiver)));
        prop_assert_eq!(get(&pairs, "mechanism"), Some(&*escape_controls(&term)));
        let problem = eval.problem.as_ref().unwrap().to_string();
        prop_assert_eq!(get(&pairs, "problem"), Some(&*escape_controls(&problem)));
        prop_assert_eq!(comment, escape_controls(&format!("{receiver}: {}", eval.comment())).into_owned());
    }
}

// ---------------------------------------------------- Authentication-Results

#[test]
fn authres_value_cannot_inject_field() {
    let mut ar = AuthResults::new("mx.example.net\r\nX-Injected: id");
    ar.results.push(
        MethodResult::new("spf", "fail")
            .reason("bad\r\nX-Injected: reason")
            .comment("c\r\nX-Injected: (comment)")
            .property("smtp", "mailfrom", "x\r\nX-Injected: yes\r\n@evil.example"),
    );
    let field = ar.to_field();
    assert_one_field(&field);
    for line in field.split("\r\n") {
        assert!(!line.starts_with("X-Injected"), "{field}");
    }
    // RFC 8601 §2.2 syntax kept: our reader gives back the escaped values.
    let back = parse_field(&field).unwrap();
    assert_eq!(back.authserv_id, "mx.example.net\\r\\nX-Injected: id");
    let r = &back.results[0];
    assert_eq!(r.reason.as_deref(), Some("bad\\r\\nX-Injected: reason"));
    assert_eq!(r.comments, ["c\\r\\nX-Injected: (comment)"]);
    assert_eq!(
        r.get("smtp", "mailfrom"),
        Some("x\\r\\nX-Injected: yes\\r\\n@evil.example")
    );
}

/// RFC 8601 keywords (RFC 5321 §4.1.2 `Ldh-str`).
fn keyword() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}[a-z0-9]"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any string in any position, keywords included: still one field.
    #[test]
    fn authres_is_one_field_for_any_input(
        id in hostile(), method in hostile(), result in hostile(), reason in hostile(),
        comment in hostile(), ptype in hostile(), property in hostile(), value in hostile(),
    ) {
        let mut ar = AuthResults::new(&id);
        let mut r = MethodResult::new(&method, &result).reason(&reason).comment(&comment);
        r.properties.push(domainauth::authres::Property { ptype, property, value });
        ar.results.push(r);
        assert_one_field(&ar.to_field());
    }

    /// Values from input in the value positions: the field reads back with
    /// exactly the escaped values (RFC 8601 §2.2 syntax kept).
    #[test]
    fn authres_values_read_back_escaped(
        id in hostile(), reason in hostile(), comment in hostile(), value in hostile(),
        method in keyword(), ptype in keyword(), property in keyword(),
    ) {
        let mut ar = AuthResults::new(&id);
        ar.results.push(
            MethodResult::new(&method, "pass")
                .reason(&reason)
                .comment(&comment)
                .property(&ptype, &property, &value),
        );
        let field = ar.to_field();
        assert_one_field(&field);
        // An empty authserv-id is not one (RFC 8601 §2.5): the reader refuses it.
        prop_assume!(!id.is_empty());
        let back = parse_field(&field).unwrap();
        prop_assert_eq!(back.authserv_id, escape_controls(&id).into_owned());
        let r = &back.results[0];
        prop_assert_eq!(r.reason.as_deref(), Some(&*escape_controls(&reason)));
        prop_assert_eq!(r.get(&ptype, &property), Some(&*escape_controls(&value)));
        // Comments are read with their white space collapsed, and an empty
        // one is dropped.
        let want: Vec<String> = Some(escape_controls(&comment).split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|c| !c.is_empty())
            .into_iter()
            .collect();
        prop_assert_eq!(&r.comments, &want);
    }
}

// ------------------------------------------------------------ DKIM-Signature

fn signer(config: SignerConfig) -> Signer {
    Signer::new(
        SigningKey::generate(Algorithm::Ed25519Sha256, 0).unwrap(),
        config,
    )
}

const MESSAGE: &[u8] = b"From: a@shop.example\r\nSubject: hi\r\n\r\nbody\r\n";

#[test]
fn dkim_signature_identity_is_encoded_not_injected() {
    let mut config = SignerConfig::new("shop.example", "sel");
    config.identity = Some("x\r\nX-Injected: yes;\r\n@shop.example".into());
    let field = signer(config).sign_message(MESSAGE).unwrap();
    assert_one_field(&field);
    // i= is DKIM-Quoted-Printable (RFC 6376 §2.11) and reads back as given.
    let sig = Signature::parse(field.split_once(':').unwrap().1).unwrap();
    assert_eq!(
        sig.identity.as_deref(),
        Some("x\r\nX-Injected: yes;\r\n@shop.example")
    );
}

#[test]
fn dkim_signer_refuses_names_that_are_not_names() {
    for (domain, selector) in [
        ("shop.example\r\nX-Injected: yes", "sel"),
        ("shop.example", "sel\r\nX-Injected: yes"),
        ("shop.example; l=1", "sel"),
        ("shop.example", ""),
    ] {
        let err = signer(SignerConfig::new(domain, selector))
            .sign_message(MESSAGE)
            .unwrap_err();
        assert!(
            matches!(err, SignError::InvalidName { .. }),
            "{domain:?} {selector:?}: {err}"
        );
    }
    let mut config = SignerConfig::new("shop.example", "sel");
    config.oversign.push("Subject\r\nX-Injected: yes".into());
    assert!(matches!(
        signer(config).sign_message(MESSAGE),
        Err(SignError::InvalidHeaderName { .. })
    ));
}

/// RFC 6376 §3.5: x= must be greater than t=. A lifetime of 0 would write
/// x= equal to t= and is refused; 1 second is the shortest.
#[test]
fn dkim_signature_expiration_is_after_the_timestamp() {
    let mut config = SignerConfig::new("shop.example", "sel");
    config.timestamp = Some(1_700_000_000);
    config.expire_after = Some(0);
    assert!(matches!(
        signer(config.clone()).sign_message(MESSAGE),
        Err(SignError::ZeroLifetime)
    ));
    config.expire_after = Some(1);
    let field = signer(config).sign_message(MESSAGE).unwrap();
    let signature = Signature::parse(field.split_once(':').unwrap().1).unwrap();
    assert_eq!(signature.timestamp, Some(1_700_000_000));
    assert_eq!(signature.expiration, Some(1_700_000_001));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every configured value: the field is one field, or signing refuses.
    #[test]
    fn dkim_signature_is_one_field_for_any_config(
        domain in hostile(), selector in hostile(), identity in hostile(), header in hostile(),
    ) {
        let mut config = SignerConfig::new(&domain, &selector);
        config.identity = Some(identity.clone());
        config.headers = Some(vec!["from".into(), header]);
        if let Ok(field) = signer(config).sign_message(MESSAGE) {
            assert_one_field(&field);
            let sig = Signature::parse(field.split_once(':').unwrap().1);
            // The identity reads back when it lies in d= (else the verifier
            // rightly refuses it).
            if let Ok(sig) = sig {
                prop_assert_eq!(sig.identity, Some(identity));
            }
        }
    }
}
