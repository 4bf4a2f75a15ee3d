//! The ValiMail ARC test suite (validation and signing), run in full.
//!
//! The suite was written against draft-ietf-dmarc-arc-protocol-18. Cases
//! whose expectation RFC 8617 changed are listed in `RFC8617_CHANGES` with
//! the section; they are checked against RFC 8617's rule instead and must
//! be exactly the cases where that rule and the suite differ.
//!
//! Driver rules. Messages have LF line ends, read as CRLF. A TXT record is
//! served as written (its line breaks fall inside `p=`, where RFC 6376
//! §3.6.1 allows FWS). For signing, the suite's sealer takes this hop's
//! results from the message's Authentication-Results fields of `srv-id`
//! (all of them, results joined); the chain status is what our validator
//! finds on the message, and must agree with the `arc=` result recorded
//! there. Expected fields are multi-line with the folding indentation
//! removed; they are folded back with one space. As the suite's README
//! says, tag order differs between sealers, so a seal is compared by its
//! tags (all but `b=`) and its AAR by its relaxed form, and both ways of
//! checking the signatures are run: ours verify with the suite's key, and
//! the suite's expected `b=` values verify over the same fields.

use std::collections::BTreeMap;

use domainauth::arc::{ChainStatus, Sealer, SealerConfig, Verifier};
use domainauth::authres;
use domainauth::dkim::{
    Algorithm, BodyCanonicalizer, Canon, Hasher, HeaderIndex, KeyRecord, PublicKey, SigningKey,
    canonicalize_header, parse_tag_list, strip_b_value,
};
use domainauth::dns::{Txt, ZoneEntry, ZoneResolver};
use domainauth::mail::Message;
use domainauth_testkit::testdata;
use yaml_rust2::{Yaml, YamlLoader};

/// Validation cases where RFC 8617's rule gives another result than the
/// suite expects: (case, section, why, result under RFC 8617). In draft 18
/// a chain whose seal said `cv=fail` had no result ("terminated", expected
/// `cv` empty); the suite's expectation for an AMS without `c=` follows its
/// own runner (dkimpy), which reads it as relaxed/relaxed.
const RFC8617_CHANGES: &[(&str, &str, &str, ChainStatus)] = &[
    (
        "cv_fail_i1_as_cv_fail",
        "RFC 8617 section 5.2 step 2",
        "the newest ARC-Seal says cv=fail: the chain fails (the draft ended the chain without a result)",
        ChainStatus::Fail,
    ),
    (
        "cv_fail_i2_as2_fail",
        "RFC 8617 section 5.2 step 2",
        "the newest ARC-Seal says cv=fail: the chain fails (the draft ended the chain without a result)",
        ChainStatus::Fail,
    ),
    (
        "cv_fail_i2_as1_fail",
        "RFC 8617 section 5.2 step 3.3",
        "an older ARC-Seal says cv=fail, where cv=none is required: the chain fails",
        ChainStatus::Fail,
    ),
    (
        "ams_fields_c_na",
        "RFC 8617 section 4.1.2 with RFC 6376 section 3.5",
        "an AMS has the syntax and semantics of DKIM-Signature, whose c= defaults to simple/simple; \
         this AMS was signed relaxed/relaxed without saying so, so it does not verify",
        ChainStatus::Fail,
    ),
];

/// Signing cases whose expectation RFC 8617 changed: (case, section, why).
const RFC8617_SIGNING_CHANGES: &[(&str, &str, &str)] = &[(
    "no_additional_sig",
    "RFC 8617 section 5.1.2",
    "the incoming chain fails (its newest seal says cv=fail), so the set is sealed with cv=fail \
     over itself; the draft's sealer instead added nothing when the Authentication-Results \
     recorded no arc= result",
)];

fn load(file: &str) -> Option<Vec<Yaml>> {
    let path = testdata::find(&format!("arc/{file}"))?;
    let text = std::fs::read_to_string(&path).expect("suite readable");
    let (text, dropped) = keep_last_of_repeated_cases(&text);
    if !dropped.is_empty() {
        println!(
            "{file}: case names given twice, the later kept (as PyYAML, the suite's own loader, does): {}",
            dropped.join(", ")
        );
    }
    Some(YamlLoader::load_from_str(&text).expect("suite parses"))
}

/// The validation file names four cases twice in one mapping. yaml-rust2
/// refuses that; PyYAML, which the suite's runner uses, keeps the later
/// one, and the suite's count of 171 cases is counted so. The earlier
/// block of each repeated name is left out here, with the same result.
fn keep_last_of_repeated_cases(text: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    // (document, name) -> line ranges of each occurrence.
    let mut cases: Vec<(usize, String, usize, usize)> = Vec::new();
    let mut document = 0;
    let mut open: Option<(String, usize)> = None;
    let close = |open: &mut Option<(String, usize)>, cases: &mut Vec<_>, document, end| {
        if let Some((name, start)) = open.take() {
            cases.push((document, name, start, end));
        }
    };
    for (n, line) in lines.iter().enumerate() {
        let case_name = line
            .strip_prefix("  ")
            .filter(|l| !l.starts_with(' '))
            .and_then(|l| l.trim_end().strip_suffix(':'))
            .filter(|l| l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        let top_level = !line.is_empty() && !line.starts_with(' ');
        if case_name.is_some() || top_level {
            close(&mut open, &mut cases, document, n);
        }
        if *line == "---" {
            document += 1;
        }
        if let Some(name) = case_name {
            open = Some((name.to_string(), n));
        }
    }
    close(&mut open, &mut cases, document, lines.len());
    let mut drop = vec![false; lines.len()];
    let mut dropped = Vec::new();
    for (k, (doc, name, start, end)) in cases.iter().enumerate() {
        if cases[k + 1..]
            .iter()
            .any(|(d, n, ..)| d == doc && n == name)
        {
            drop[*start..*end].iter_mut().for_each(|d| *d = true);
            dropped.push(name.clone());
        }
    }
    let kept: Vec<&str> = lines
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(l, _)| *l)
        .collect();
    (kept.join("\n") + "\n", dropped)
}

fn text(y: &Yaml) -> String {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        _ => String::new(),
    }
}

fn zone(doc: &Yaml) -> ZoneResolver {
    let mut zone = ZoneResolver::new();
    if let Some(records) = doc["txt-records"].as_hash() {
        for (name, record) in records {
            let record = text(record).into_bytes();
            let strings = record.chunks(255).map(<[u8]>::to_vec).collect();
            zone.add(&text(name), ZoneEntry::Txt(Txt { strings }));
        }
    }
    zone
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

async fn validate(
    verifier: &Verifier<ZoneResolver>,
    raw: &[u8],
) -> domainauth::arc::ChainValidation {
    let message = Message::read(raw);
    let mut v = verifier.begin(&message);
    // The body in two chunks, as a stream would bring it.
    let body = message.body();
    let (a, b) = body.split_at(body.len() / 2);
    v.body(a);
    v.body(b);
    verifier.finish(v).await
}

#[test]
fn arc_validation_suite() {
    let Some(docs) = load("arc-draft-validation-tests.yml") else {
        return;
    };
    let rt = runtime();
    let (mut total, mut passed) = (0, 0);
    let mut failures = Vec::new();
    let mut changed = Vec::new();
    for doc in &docs {
        let verifier = Verifier::new(zone(doc));
        let Some(tests) = doc["tests"].as_hash() else {
            continue;
        };
        for (name, case) in tests {
            total += 1;
            let name = text(name);
            let expected = match text(&case["cv"]).as_str() {
                "Pass" => Some(ChainStatus::Pass),
                "Fail" => Some(ChainStatus::Fail),
                "None" => Some(ChainStatus::None),
                _ => None,
            };
            let chain = rt.block_on(validate(&verifier, text(&case["message"]).as_bytes()));
            let why = chain.failure.as_ref().map(ToString::to_string);
            if let Some((_, section, reason, rfc)) = RFC8617_CHANGES.iter().find(|c| c.0 == name) {
                assert_ne!(
                    expected,
                    Some(*rfc),
                    "{name} is listed as changed but the suite agrees with RFC 8617"
                );
                if chain.status == *rfc {
                    changed.push(format!(
                        "  skipped {name}: {section}: {reason}; RFC 8617 result {rfc} (ok)"
                    ));
                } else {
                    failures.push(format!(
                        "{name}: RFC 8617 wants {rfc}, got {} ({why:?})",
                        chain.status
                    ));
                }
                continue;
            }
            if Some(chain.status) == expected {
                passed += 1;
            } else {
                failures.push(format!(
                    "{name} ({}): want {expected:?}, got {} ({why:?})",
                    text(&case["description"]),
                    chain.status
                ));
            }
        }
    }
    println!("ARC validation suite: {passed}/{total} passed");
    println!(
        "{} cases skipped where the rule of RFC 8617 differs from the suite, checked against RFC 8617:",
        changed.len()
    );
    for line in &changed {
        println!("{line}");
    }
    assert_eq!(total, 171, "the suite has 171 validation cases");
    assert_eq!(changed.len(), RFC8617_CHANGES.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(passed + changed.len(), total);
}

/// An expected field of the suite, folded back into a header field. The
/// suite wrapped the `b=` values over lines for reading; the sealer wrote
/// them unbroken (the AMS's `b=` is part of what the seal signs, and only
/// verifies so), so their lines are joined without a space.
fn field(name: &str, value: &str) -> String {
    let mut out = format!("{name}:");
    let mut in_b = false;
    for line in value.trim().lines().map(str::trim) {
        if in_b {
            out.push_str(line);
        } else {
            out.push_str("\r\n ");
            out.push_str(line);
        }
        let last_spec = line.rsplit(';').next().unwrap_or("").trim_start();
        in_b = if in_b {
            !line.contains(';')
        } else {
            last_spec.starts_with("b=")
        };
    }
    out.replacen(":\r\n ", ": ", 1)
}

/// The tags of a field value, whitespace removed from each value, `b=`
/// left out.
fn tags_but_b(value: &str) -> BTreeMap<String, String> {
    parse_tag_list(value)
        .expect("tag list")
        .into_iter()
        .filter(|t| t.name != "b")
        .map(|t| {
            let v: String = t.value.chars().filter(|c| !c.is_whitespace()).collect();
            (t.name.to_string(), v)
        })
        .collect()
}

fn value_of(field: &str) -> &str {
    field.split_once(':').map_or("", |(_, v)| v)
}

/// The relaxed form of a field value (RFC 6376 §3.4.2).
fn relaxed(value: &str) -> Vec<u8> {
    canonicalize_header(Canon::Relaxed, "x", value.as_bytes())
}

/// This hop's results as the suite's sealer takes them: every
/// Authentication-Results field of `srv_id`, results joined.
fn consolidated_results(message: &Message<'_>, srv_id: &str) -> (String, Option<String>) {
    let mut parts = Vec::new();
    let mut arc = None;
    for f in message.get_all("Authentication-Results") {
        let value = String::from_utf8_lossy(f.value).into_owned();
        let Ok(parsed) = authres::parse(&value) else {
            continue;
        };
        if parsed.authserv_id != srv_id {
            continue;
        }
        if let Some(r) = parsed.method("arc").next() {
            arc = Some(r.result.clone());
        }
        let results = value.split_once(';').map_or("", |(_, r)| r);
        let unfolded: String = results.replace("\r\n", " ").replace('\n', " ");
        let trimmed = unfolded.trim().trim_end_matches(';').trim();
        if !trimmed.is_empty() {
            parts.push(trimmed.to_string());
        }
    }
    (parts.join("; "), arc)
}

/// The ARC fields of one instance in a message, as (name, value).
fn set_fields(message: &Message<'_>, instance: u32) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for kind in [
        "ARC-Authentication-Results",
        "ARC-Message-Signature",
        "ARC-Seal",
    ] {
        for f in message.get_all(kind) {
            let value = String::from_utf8_lossy(f.value).into_owned();
            let i = if kind == "ARC-Authentication-Results" {
                value
                    .trim()
                    .strip_prefix("i=")
                    .and_then(|r| r.split(';').next())
                    .map(str::trim)
                    .and_then(|n| n.parse().ok())
            } else {
                parse_tag_list(&value).ok().and_then(|t| {
                    t.iter()
                        .find(|t| t.name == "i")
                        .and_then(|t| t.value.parse().ok())
                })
            };
            if i == Some(instance) {
                out.push((f.name.to_string(), value));
            }
        }
    }
    out
}

/// Checks, with DKIM building blocks only, the seal of `instance` over
/// the sets `from..=instance` and its message signature: an independent
/// check of both sealers' signatures.
fn seal_verifies(raw: &[u8], instance: u32, from: u32, key: &PublicKey) -> bool {
    let message = Message::read(raw);
    let mut data = Vec::new();
    for i in from..=instance {
        let fields = set_fields(&message, i);
        if fields.len() != 3 {
            return false;
        }
        for (name, value) in fields {
            if i == instance && name.eq_ignore_ascii_case("ARC-Seal") {
                data.extend(canonicalize_header(
                    Canon::Relaxed,
                    &name,
                    strip_b_value(&value).as_bytes(),
                ));
                data.truncate(data.len() - 2);
            } else {
                data.extend(canonicalize_header(Canon::Relaxed, &name, value.as_bytes()));
            }
        }
    }
    let seal = &set_fields(&message, instance)[2].1;
    let b = tag(seal, "b");
    let a = if tag(seal, "a") == "rsa-sha256" {
        Algorithm::RsaSha256
    } else {
        Algorithm::Ed25519Sha256
    };
    key.verify(a, &data, &b64(&b))
}

fn message_signature_verifies(raw: &[u8], instance: u32, key: &PublicKey) -> bool {
    let message = Message::read(raw);
    let (name, ams) = set_fields(&message, instance)[1].clone();
    let mut body = Hasher::new(Algorithm::RsaSha256);
    let mut canon = BodyCanonicalizer::new(Canon::Relaxed);
    canon.update(message.body(), &mut |b: &[u8]| body.update(b));
    canon.finish(&mut |b: &[u8]| body.update(b));
    if body.finish() != b64(&tag(&ams, "bh")) {
        return false;
    }
    let names: Vec<String> = tag(&ams, "h")
        .split(':')
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let data = HeaderIndex::from_message(&message).signed_header_data(
        Canon::Relaxed,
        &names,
        &name,
        strip_b_value(&ams).as_bytes(),
    );
    key.verify(Algorithm::RsaSha256, &data, &b64(&tag(&ams, "b")))
}

fn tag(value: &str, name: &str) -> String {
    parse_tag_list(value)
        .ok()
        .and_then(|t| {
            t.iter()
                .find(|t| t.name == name)
                .map(|t| t.value.chars().filter(|c| !c.is_whitespace()).collect())
        })
        .unwrap_or_default()
}

fn b64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_default()
}

#[test]
fn arc_signing_suite() {
    let Some(docs) = load("arc-draft-sign-tests.yml") else {
        return;
    };
    let rt = runtime();
    let (mut total, mut passed) = (0, 0);
    let mut failures = Vec::new();
    let mut changed = Vec::new();
    for doc in &docs {
        let zone = zone(doc);
        let verifier = Verifier::new(zone.clone());
        let domain = text(&doc["domain"]);
        let selector = text(&doc["sel"]);
        let record_text =
            text(&doc["txt-records"][format!("{selector}._domainkey.{domain}").as_str()]);
        let record = KeyRecord::parse(&record_text).expect("suite key record");
        let public =
            PublicKey::from_record(record.key_type, &record.public_key).expect("suite key");
        // The suite's private key has 1024 bits, fewer than aws-lc-rs signs
        // with (2048 to 8192): our seals use a key of ours, published at the
        // same name in a zone of their own.
        assert!(SigningKey::from_pem(&text(&doc["privatekey"])).is_err());
        let our_key = SigningKey::generate(Algorithm::RsaSha256, 2048).expect("key");
        let our_record = KeyRecord::parse(&our_key.key_record().unwrap()).unwrap();
        let our_public =
            PublicKey::from_record(our_record.key_type, &our_record.public_key).unwrap();
        let our_pem = our_key.to_pkcs8_pem().unwrap();
        let mut our_zone = ZoneResolver::new();
        let our_txt = our_key.key_record().unwrap().into_bytes();
        our_zone.add(
            &format!("{selector}._domainkey.{domain}"),
            ZoneEntry::Txt(Txt {
                strings: our_txt.chunks(255).map(<[u8]>::to_vec).collect(),
            }),
        );
        let our_verifier = Verifier::new(our_zone);
        let Some(tests) = doc["tests"].as_hash() else {
            continue;
        };
        for (name, case) in tests {
            total += 1;
            let name = text(name);
            let mut problems = Vec::new();
            let raw = text(&case["message"]);
            let message = Message::read(raw.as_bytes());
            let srv_id = text(&case["srv-id"]);
            let (results, recorded_arc) = consolidated_results(&message, &srv_id);
            let chain = rt.block_on(validate(&verifier, raw.as_bytes()));
            if let Some(arc) = &recorded_arc
                && arc != chain.status.as_str()
            {
                problems.push(format!(
                    "the message records arc={arc}, our validator finds {}",
                    chain.status
                ));
            }
            let key = SigningKey::from_pem(&our_pem).expect("our key");
            let mut config = SealerConfig::new(&domain, &selector);
            config.headers = Some(
                text(&case["sig-headers"])
                    .split(':')
                    .map(str::to_string)
                    .collect(),
            );
            // The suite's h= is exactly its sig-headers: nothing oversigned.
            config.oversign.clear();
            config.timestamp = case["t"].as_i64().map(|t| t as u64);
            let sealed = match Sealer::new(key, config).seal_message(
                raw.as_bytes(),
                chain.status,
                &srv_id,
                &results,
            ) {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{name}: cannot seal: {e}"));
                    continue;
                }
            };
            let ours = format!("{}{raw}", sealed.header_block().replace("\r\n", "\n"));
            let expected_as = text(&case["AS"]);
            let change = RFC8617_SIGNING_CHANGES.iter().find(|c| c.0 == name);
            if expected_as.trim().is_empty() {
                // The suite expects no set: only the listed changes may say so.
                let Some((_, section, reason)) = change else {
                    failures.push(format!("{name}: the suite expects no ARC set"));
                    continue;
                };
                let own_set = sealed.cv == ChainStatus::Fail
                    && seal_verifies(
                        ours.as_bytes(),
                        sealed.instance,
                        sealed.instance,
                        &our_public,
                    )
                    && message_signature_verifies(ours.as_bytes(), sealed.instance, &our_public);
                if own_set {
                    changed.push(format!(
                        "  skipped {name}: {section}: {reason} (sealed i={} cv=fail, verified)",
                        sealed.instance
                    ));
                } else {
                    failures.push(format!(
                        "{name}: the cv=fail seal over its own set does not verify"
                    ));
                }
                continue;
            }
            assert!(
                change.is_none(),
                "{name} is listed as changed but the suite expects a set"
            );

            // Tags and AAR against the suite's.
            let exp_ams = field("ARC-Message-Signature", &text(&case["AMS"]));
            let exp_as = field("ARC-Seal", &expected_as);
            let exp_aar = field("ARC-Authentication-Results", &text(&case["AAR"]));
            if tags_but_b(value_of(&sealed.message_signature)) != tags_but_b(value_of(&exp_ams)) {
                problems.push(format!(
                    "AMS tags differ: ours {:?}, suite {:?}",
                    tags_but_b(value_of(&sealed.message_signature)),
                    tags_but_b(value_of(&exp_ams))
                ));
            }
            if tags_but_b(value_of(&sealed.seal)) != tags_but_b(value_of(&exp_as)) {
                problems.push(format!(
                    "AS tags differ: ours {:?}, suite {:?}",
                    tags_but_b(value_of(&sealed.seal)),
                    tags_but_b(value_of(&exp_as))
                ));
            }
            if relaxed(value_of(&sealed.authentication_results)) != relaxed(value_of(&exp_aar)) {
                problems.push(format!(
                    "AAR differs: ours {:?}, suite {:?}",
                    String::from_utf8_lossy(&relaxed(value_of(&sealed.authentication_results))),
                    String::from_utf8_lossy(&relaxed(value_of(&exp_aar)))
                ));
            }

            // Our signatures with the suite's key, and the suite's with ours.
            let theirs = format!(
                "{}\n{}\n{}\n{raw}",
                exp_as.replace("\r\n", "\n"),
                exp_ams.replace("\r\n", "\n"),
                exp_aar.replace("\r\n", "\n")
            );
            let i = sealed.instance;
            let from = if sealed.cv == ChainStatus::Fail { i } else { 1 };
            for (who, sealed_message, key, verifier) in [
                ("our", &ours, &our_public, &our_verifier),
                ("the suite's", &theirs, &public, &verifier),
            ] {
                if !seal_verifies(sealed_message.as_bytes(), i, from, key) {
                    problems.push(format!(
                        "{who} ARC-Seal does not verify over sets {from}..{i}"
                    ));
                }
                if !message_signature_verifies(sealed_message.as_bytes(), i, key) {
                    problems.push(format!("{who} ARC-Message-Signature does not verify"));
                }
                // Our validator over the whole chain, where one key serves
                // it: the suite's chains, and ours when we made all of it.
                let one_key = who != "our" || chain.status == ChainStatus::None;
                if sealed.cv != ChainStatus::Fail && one_key {
                    let chain = rt.block_on(validate(verifier, sealed_message.as_bytes()));
                    if chain.status != ChainStatus::Pass {
                        problems.push(format!(
                            "{who} sealed message does not validate: {:?}",
                            chain.failure.map(|f| f.to_string())
                        ));
                    }
                }
            }
            if problems.is_empty() {
                passed += 1;
            } else {
                failures.push(format!("{name}:\n    {}", problems.join("\n    ")));
            }
        }
    }
    println!("ARC signing suite: {passed}/{total} passed");
    println!(
        "{} cases skipped where the rule of RFC 8617 differs from the suite, checked against RFC 8617:",
        changed.len()
    );
    for line in &changed {
        println!("{line}");
    }
    assert_eq!(total, 17, "the suite has 17 signing cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(changed.len(), RFC8617_SIGNING_CHANGES.len());
    assert_eq!(passed + changed.len(), total);
}
