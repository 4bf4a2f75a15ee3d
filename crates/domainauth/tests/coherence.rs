//! The advice holds together in every scenario: generated combinations of
//! SPF records, envelope domains, DKIM states, DMARC records and paths
//! (direct or through a list), each verified and checked against every
//! receiver profile, and the domain checks of the same zones. For each:
//! no finding repeats or contradicts another ([`diag::rules`]), every
//! warning and error has a fix, every finding renders in English and
//! Japanese with all its variables, and under a forwarding diagnosis no
//! text tells the author to list the relaying server.

use std::sync::Arc;

use domainauth::check::profile::{checklist, sending_ips};
use domainauth::check::{CheckOptions, check_domain};
use domainauth::diag::rules::incoherences;
use domainauth::diag::{Finding, Lang, Severity, render_strict};
use domainauth::dkim::{Algorithm, Signer, SignerConfig, SigningKey};
use domainauth::dmarc::PublicSuffixList;
use domainauth::dns::{Mx, ZoneEntry, ZoneResolver};
use domainauth::mail::Message;
use domainauth::spf::Envelope;
use domainauth::verify::{MessageVerifier, Profile, VerifyOptions};
use domainauth_testkit::fixtures::txt;

/// The SPF record of the envelope domain.
#[derive(Debug, Clone, Copy)]
enum Spf {
    Pass,
    Fail,
    SoftFail,
    Neutral,
    None,
    BrokenInclude,
    Loop,
    Syntax,
    NoSuchDomain,
}

/// Whose domain the envelope (MAIL FROM) is in.
#[derive(Debug, Clone, Copy)]
enum Envelope_ {
    Author,
    Service,
}

/// The DKIM state of the message.
#[derive(Debug, Clone, Copy)]
enum Dkim {
    None,
    Author,
    Service,
    AuthorBodyChanged,
    /// As `AuthorBodyChanged`, through a mailing list that adds List-Id.
    AuthorThroughList,
    AuthorNoKey,
}

#[derive(Debug, Clone, Copy)]
enum Dmarc {
    None,
    Monitor,
    Reject,
}

const SENDER_IP: &str = "192.0.2.10";
const LIST_IP: &str = "198.51.100.99";

/// The published keys, and each DKIM state's message, signed once.
struct Keys {
    author_record: String,
    service_record: String,
    messages: Vec<(Dkim, Vec<u8>)>,
}

impl Keys {
    fn new(dkims: &[Dkim]) -> Self {
        let body = "From: Alice <alice@example.org>\r\nTo: bob@example.net\r\nSubject: minutes\r\n\
                    Date: Mon, 30 Nov 2026 10:00:00 +0900\r\nMessage-ID: <m1@example.org>\r\n\r\n\
                    The minutes are attached.\r\n";
        let key = || SigningKey::generate(Algorithm::RsaSha256, 2048).unwrap();
        let (author, service) = (key(), key());
        let author_record = author.key_record().unwrap();
        let service_record = service.key_record().unwrap();
        let sign = |key: SigningKey, domain: &str, selector: &str| {
            let signer = Signer::new(key, SignerConfig::new(domain, selector));
            let field = signer.sign_message(body.as_bytes()).unwrap();
            format!("{field}\r\n{body}")
        };
        let author_signed = sign(author, "example.org", "k1");
        let service_signed = sign(service, "esp.example", "k1");
        let messages = dkims
            .iter()
            .map(|&d| {
                let m = match d {
                    Dkim::None => body.to_string(),
                    Dkim::Author => author_signed.clone(),
                    Dkim::Service => service_signed.clone(),
                    Dkim::AuthorBodyChanged => format!("{author_signed}-- \r\nlist footer\r\n"),
                    Dkim::AuthorThroughList => format!(
                        "List-Id: <minutes.lists.example.net>\r\n{author_signed}-- \r\nlist footer\r\n"
                    ),
                    // Signed with a selector whose key is not published.
                    Dkim::AuthorNoKey => sign(key(), "example.org", "gone"),
                };
                (d, m.into_bytes())
            })
            .collect();
        Keys {
            author_record,
            service_record,
            messages,
        }
    }
}

fn mx() -> ZoneEntry {
    ZoneEntry::Mx(Mx {
        preference: 10,
        exchange: "mx.example.org".into(),
    })
}

fn zone(spf: Spf, env: Envelope_, dmarc: Dmarc, keys: &Keys) -> ZoneResolver {
    let mut z = ZoneResolver::new();
    let envelope_domain = match env {
        Envelope_::Author => "bounce.example.org",
        Envelope_::Service => "esp.example",
    };
    let record = match spf {
        Spf::Pass => Some(format!("v=spf1 ip4:{SENDER_IP} -all")),
        Spf::Fail => Some("v=spf1 ip4:203.0.113.1 -all".into()),
        Spf::SoftFail => Some("v=spf1 ip4:203.0.113.1 ~all".into()),
        Spf::Neutral => Some("v=spf1 ip4:203.0.113.1 ?all".into()),
        Spf::None => None,
        Spf::BrokenInclude => Some("v=spf1 include:_spf.gone.example -all".into()),
        Spf::Loop => Some("v=spf1 include:loop.example -all".into()),
        Spf::Syntax => Some("v=spf1 ip4:999.0.0.1 -all".into()),
        Spf::NoSuchDomain => None,
    };
    if !matches!(spf, Spf::NoSuchDomain) {
        // The name exists (an MX), with or without an SPF record.
        z.add(envelope_domain, mx());
    }
    if let Some(r) = record {
        z.add(envelope_domain, txt(&r));
    }
    z.add(
        "loop.example",
        txt(&format!("v=spf1 include:{envelope_domain} -all")),
    );
    z.add("example.org", txt("v=spf1 ip4:192.0.2.0/24 -all"));
    z.add("example.org", mx());
    z.add(
        "mx.example.org",
        ZoneEntry::A("192.0.2.10".parse().unwrap()),
    );
    match dmarc {
        Dmarc::None => {}
        Dmarc::Monitor => z.add(
            "_dmarc.example.org",
            txt("v=DMARC1; p=none; rua=mailto:d@example.org"),
        ),
        Dmarc::Reject => z.add(
            "_dmarc.example.org",
            txt("v=DMARC1; p=reject; rua=mailto:d@example.org"),
        ),
    }
    z.add("k1._domainkey.example.org", txt(&keys.author_record));
    z.add("k1._domainkey.esp.example", txt(&keys.service_record));
    z
}

/// Every rule of the catalogue and of `diag::rules`, on one list.
fn assert_coherent(what: &str, findings: &[Finding], client_ip: Option<&str>, forwarded: bool) {
    let problems = incoherences(findings);
    let codes: Vec<&str> = findings.iter().map(|f| f.code.id()).collect();
    assert!(
        problems.is_empty(),
        "{what}: {}\n  findings: {codes:?}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    for f in findings {
        for &lang in Lang::ALL {
            let (_, fix) = render_strict(lang, f)
                .unwrap_or_else(|e| panic!("{what}: {} in {lang:?}: {e:?}", f.code.id()));
            if f.severity >= Severity::Warning {
                assert!(
                    fix.is_some(),
                    "{what}: {} has no fix in {lang:?}",
                    f.code.id()
                );
            }
            if forwarded && let (Some(fix), Some(ip)) = (fix, client_ip) {
                assert!(
                    !fix.contains(&format!("ip4:{ip}")),
                    "{what}: {} tells the author to list the relay: {fix}",
                    f.code.id()
                );
            }
        }
    }
}

#[test]
fn every_generated_verdict_and_domain_check_gives_coherent_advice() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let psl = PublicSuffixList::builtin();
    let spfs = [
        Spf::Pass,
        Spf::Fail,
        Spf::SoftFail,
        Spf::Neutral,
        Spf::None,
        Spf::BrokenInclude,
        Spf::Loop,
        Spf::Syntax,
        Spf::NoSuchDomain,
    ];
    let dkims = [
        Dkim::None,
        Dkim::Author,
        Dkim::Service,
        Dkim::AuthorBodyChanged,
        Dkim::AuthorThroughList,
        Dkim::AuthorNoKey,
    ];
    let keys = Keys::new(&dkims);
    let (mut verdicts, mut forwarded_seen, mut checks) = (0, 0, 0);
    for spf in spfs {
        for env in [Envelope_::Author, Envelope_::Service] {
            for dmarc in [Dmarc::None, Dmarc::Monitor, Dmarc::Reject] {
                let z = Arc::new(zone(spf, env, dmarc, &keys));
                for (dkim, raw) in &keys.messages {
                    for ip in [SENDER_IP, LIST_IP] {
                        let what = format!("{spf:?}/{env:?}/{dmarc:?}/{dkim:?}/{ip}");
                        let msg = Message::parse(raw).unwrap();
                        let verifier = MessageVerifier::new(
                            Arc::clone(&z),
                            VerifyOptions::new("mx.example.net"),
                        );
                        let envelope = Envelope {
                            client_ip: ip.parse().unwrap(),
                            helo: "relay.example.net".into(),
                            mail_from: match env {
                                Envelope_::Author => "alice@bounce.example.org".into(),
                                Envelope_::Service => "b@esp.example".into(),
                            },
                        };
                        let verdict = rt
                            .block_on(verifier.verify_message(&msg, Some(envelope)))
                            .unwrap();
                        let forwarded = verdict.forwarded();
                        forwarded_seen += usize::from(forwarded);
                        // Forwarding needs a field only a list or forwarder
                        // writes: the same failures without it may be forged.
                        if forwarded {
                            assert!(matches!(dkim, Dkim::AuthorThroughList), "{what}");
                        }
                        let mut findings = verdict.message_notes.clone();
                        findings.extend(verdict.findings());
                        for &profile in Profile::ALL {
                            let report =
                                rt.block_on(verifier.check_profile(profile, &msg, &verdict));
                            findings.extend(report.findings);
                        }
                        assert_coherent(&what, &findings, Some(ip), forwarded);
                        verdicts += 1;
                    }
                }
                // What the domains publish, with and without the sending IP.
                for domain in ["example.org", "bounce.example.org", "esp.example"] {
                    for ip in [None, Some(SENDER_IP)] {
                        let options = {
                            let mut o = CheckOptions::default();
                            o.ip = ip.map(|i| i.parse().unwrap());
                            o
                        };
                        let report = rt
                            .block_on(check_domain(Arc::clone(&z), domain, &options, &psl))
                            .unwrap();
                        let what = format!("check {domain} {ip:?} in {spf:?}/{env:?}/{dmarc:?}");
                        assert_coherent(&what, &report.findings, ip, false);
                        // The same domain against every profile: the
                        // checklists' findings beside the report's.
                        let ips: Vec<std::net::IpAddr> =
                            ip.iter().map(|i| i.parse().unwrap()).collect();
                        let sending = rt.block_on(sending_ips(&z, domain, &ips));
                        let mut findings = report.findings.clone();
                        for &profile in Profile::ALL {
                            findings
                                .extend(checklist(&report, profile, &sending).findings().cloned());
                        }
                        assert_coherent(&format!("{what} --profile"), &findings, ip, false);
                        checks += 1;
                    }
                }
            }
        }
    }
    let expected = spfs.len() * 2 * 3 * dkims.len() * 2;
    assert_eq!(verdicts, expected);
    // The forwarding shape (aligned SPF fail + aligned DKIM body change)
    // occurs in the matrix, so its rule was exercised.
    assert!(forwarded_seen >= 4, "forwarded verdicts: {forwarded_seen}");
    println!(
        "coherence: {verdicts} verdicts ({forwarded_seen} forwarded) with {} profiles each and {checks} domain checks hold every rule",
        Profile::ALL.len()
    );
}

/// The bundled scenarios (examples/), as the README runs them, with every
/// profile: the same rules hold.
#[test]
fn the_bundled_scenarios_give_coherent_advice() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut ran = Vec::new();
    for scenario in ["s1", "s2", "s3", "s5", "s5-arc"] {
        let dir = root.join(scenario);
        let mut zone = ZoneResolver::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "zone"))
        {
            zone.load_file(path).unwrap();
        }
        // envelope.txt: "client-ip: …", "helo: …", "mail-from: …"; S3 has
        // none and reads it from Gmail's fields.
        let envelope = std::fs::read_to_string(dir.join("envelope.txt"))
            .ok()
            .map(|text| {
                let value = |key: &str| {
                    text.lines()
                        .find_map(|l| l.strip_prefix(key))
                        .map(|v| v.trim().to_string())
                        .unwrap_or_else(|| panic!("{scenario}: no {key}"))
                };
                Envelope {
                    client_ip: value("client-ip:").parse().unwrap(),
                    helo: value("helo:"),
                    mail_from: value("mail-from:"),
                }
            });
        let client_ip = envelope.as_ref().map(|e| e.client_ip.to_string());
        let raw = std::fs::read(dir.join("message.eml")).unwrap();
        let msg = Message::read(&raw);
        let mut options = VerifyOptions::new("mx.example.net");
        options.trusted_authserv_ids = vec!["mx.google.com".into()];
        let verifier = MessageVerifier::new(Arc::new(zone), options);
        let verdict = rt
            .block_on(verifier.verify_message(&msg, envelope))
            .unwrap();
        let mut findings = verdict.message_notes.clone();
        findings.extend(verdict.findings());
        for &profile in Profile::ALL {
            findings.extend(
                rt.block_on(verifier.check_profile(profile, &msg, &verdict))
                    .findings,
            );
        }
        assert_coherent(
            scenario,
            &findings,
            client_ip.as_deref(),
            verdict.forwarded(),
        );
        ran.push((scenario, findings.len(), verdict.forwarded()));
    }
    // S5 is the forwarding scenario.
    assert!(ran.iter().any(|&(s, _, f)| s == "s5" && f), "{ran:?}");
    println!("coherence: bundled scenarios {ran:?}");
}

/// A forger who sends from his own server with a signature of the victim
/// (copied over a new body, or made up) gets SPF fail and DKIM fail for the
/// victim's domain, as a mailing list would. Without a field only a list or
/// forwarder writes, that is not diagnosed as forwarding ("the records are
/// not the cause"), and no fix tells the owner to list the forger's address
/// without "if it is your server" — in either language.
#[test]
fn a_forgery_is_not_diagnosed_as_forwarding_and_no_fix_lists_the_forger() {
    let dkims = [Dkim::AuthorBodyChanged];
    let keys = Keys::new(&dkims);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for spf in [Spf::Pass, Spf::None, Spf::Neutral, Spf::SoftFail] {
        forgery_advice(spf, &keys, &rt);
    }
}

fn forgery_advice(spf: Spf, keys: &Keys, rt: &tokio::runtime::Runtime) {
    let z = Arc::new(zone(spf, Envelope_::Author, Dmarc::Reject, keys));
    let raw = &keys.messages[0].1;
    let msg = Message::parse(raw).unwrap();
    let verifier = MessageVerifier::new(Arc::clone(&z), VerifyOptions::new("mx.example.net"));
    let envelope = Envelope {
        client_ip: LIST_IP.parse().unwrap(),
        helo: "mail.attacker.example".into(),
        mail_from: "alice@bounce.example.org".into(),
    };
    let verdict = rt
        .block_on(verifier.verify_message(&msg, Some(envelope)))
        .unwrap();
    assert_eq!(verdict.dmarc.result, domainauth::dmarc::DmarcResult::Fail);
    assert!(!verdict.forwarded());
    let mut findings = verdict.findings();
    for &profile in Profile::ALL {
        findings.extend(
            rt.block_on(verifier.check_profile(profile, &msg, &verdict))
                .findings,
        );
    }
    assert!(
        findings
            .iter()
            .all(|f| f.code != domainauth::diag::Code::DmarcForwarded)
    );
    // Any fix that names the forger's address says "if it is yours".
    let guards: [(Lang, &[&str]); 2] = [
        (
            Lang::En,
            &[
                "is your server",
                "if it is yours",
                "sends your mail",
                "do not add",
            ],
        ),
        (Lang::Ja, &["自社の", "場合は", "追加しないで"]),
    ];
    for f in &findings {
        for (lang, guard) in &guards {
            if let Some(fix) = f.fix(*lang)
                && fix.contains(LIST_IP)
            {
                assert!(
                    guard.iter().any(|g| fix.contains(g)),
                    "{spf:?} {}: {fix}",
                    f.code.id()
                );
            }
        }
    }
}
