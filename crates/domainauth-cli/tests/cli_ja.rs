//! Under `--lang ja` every line is Japanese: every command's output, text
//! and JSON, its errors (ours and clap's), the bundled scenarios and zone
//! files built here to reach each finding, and the catalogue itself. English
//! words outside names, record text, codes and a short allow-list
//! (`domainauth_testkit::ja::ALLOWED`) fail the test, and so does any
//! variant `docs/ja-glossary.md` forbids.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::root;
use domainauth_testkit::ja::{
    Forbidden, catalogue_text, english_words, glossary, glossary_violations,
};
use serde_json::Value;

fn rules() -> Vec<Forbidden> {
    let text = std::fs::read_to_string(root().join("docs/ja-glossary.md")).expect("glossary");
    let rules = glossary(&text);
    assert!(
        rules.len() >= 20,
        "the glossary lists its variants: {rules:?}"
    );
    rules
}

/// Runs commands in Japanese and collects every line that is not.
struct Ja {
    rules: Vec<Forbidden>,
    /// Words from this test's own input (selectors, record text, an
    /// explanation) that the output shows as they are.
    names: Vec<&'static str>,
    dir: PathBuf,
    failures: Vec<String>,
    runs: usize,
}

impl Drop for Ja {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Ja {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("domainauth-cli-ja-{}-{name}", std::process::id()));
        // A folder left by an earlier run under the same process id (a
        // report store of an older schema) must not change this one.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            rules: rules(),
            names: Vec::new(),
            dir,
            failures: Vec::new(),
            runs: 0,
        }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn check(&mut self, what: &str, text: &str) {
        let mut text = text.to_string();
        for name in &self.names {
            text = text.replace(name, " ");
        }
        for (word, line) in english_words(&text) {
            self.failures
                .push(format!("{what}: English {word:?} in: {line}"));
        }
        for (variant, line) in glossary_violations(&text, &self.rules, true) {
            self.failures
                .push(format!("{what}: glossary forbids {variant:?} in: {line}"));
        }
    }

    fn exec(&mut self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut all = vec!["--lang", "ja"];
        all.extend_from_slice(args);
        self.runs += 1;
        let o = common::run_with_stdin(&all, stdin);
        assert!(
            matches!(o.status.code(), Some(0..=3)),
            "{args:?}: {:?}\n{}",
            o.status,
            common::stderr(&o)
        );
        o
    }

    /// Runs `args` in Japanese and checks standard output and error.
    fn text(&mut self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let o = self.exec(args, stdin);
        let what = args.join(" ");
        self.check(&what, &common::stdout(&o));
        self.check(&what, &common::stderr(&o));
        assert!(
            !o.stdout.is_empty() || !o.stderr.is_empty(),
            "{what}: no output"
        );
        o
    }

    /// Runs `args` with --json in Japanese and checks every rendered text
    /// in it (`message`, `fix`; the rest is data).
    fn json(&mut self, args: &[&str], stdin: Option<&[u8]>) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let o = self.exec(&all, stdin);
        let what = all.join(" ");
        self.check(&what, &common::stderr(&o));
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{what}: {e}: {}", common::stdout(&o)));
        let mut texts = Vec::new();
        rendered(&v, &mut texts);
        for t in texts {
            self.check(&what, &t);
        }
        v
    }

    fn finish(self, at_least: usize) {
        assert!(self.runs >= at_least, "only {} runs", self.runs);
        assert!(
            self.failures.is_empty(),
            "{} lines are not Japanese or break the glossary:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

/// The rendered texts of a JSON result: `message` and `fix` strings.
fn rendered(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("message" | "fix", Value::String(s)) => out.push(s.clone()),
                    _ => rendered(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| rendered(v, out)),
        _ => {}
    }
}

/// The selectors `check` tries by default, as its finding lists them.
fn common_selectors() -> &'static str {
    Box::leak(
        domainauth::check::COMMON_SELECTORS
            .join(", ")
            .into_boxed_str(),
    )
}

fn ex(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

#[test]
fn the_catalogue_is_japanese_and_follows_the_glossary() {
    let rules = rules();
    let locales = root().join("crates/domainauth/src/diag/locales");
    for name in ["ja.ftl", "reasons-ja.ftl", "reports-ja.ftl"] {
        let source = std::fs::read_to_string(locales.join(name)).unwrap();
        let words = english_words(&catalogue_text(&source));
        assert!(
            words.is_empty(),
            "{name}: English in the Japanese catalogue:\n{}",
            words
                .iter()
                .map(|(w, l)| format!("{w:?} in: {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let messages: String = source
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let bad = glossary_violations(&messages, &rules, false);
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
    // The check sees English: the English catalogue is full of it.
    let en = std::fs::read_to_string(locales.join("en.ftl")).unwrap();
    assert!(english_words(&catalogue_text(&en)).len() > 500);
    // And the glossary's variants: the review's wording would fail.
    assert!(!glossary_violations("From とのアライン", &rules, false).is_empty());
    assert!(!glossary_violations("セレクタ s=x を修正", &rules, false).is_empty());
    assert!(!glossary_violations("docomo や Gmail", &rules, false).is_empty());
}

#[test]
fn the_bundled_scenarios_in_japanese() {
    let mut ja = Ja::new("scenarios");
    ja.names = vec![common_selectors(), "（mmmg）"];
    let s1 = ex("s1/example.co.jp.zone");
    let envelope_s1 = common::S1_ENVELOPE;
    let mut verify_s1 = vec!["verify", "--zone", &s1];
    let msg_s1 = ex("s1/message.eml");
    verify_s1.push(&msg_s1);
    verify_s1.extend_from_slice(&envelope_s1);
    for profile in ["docomo", "gmail-bulk", "yahoo-bulk"] {
        let mut args = verify_s1.clone();
        args.extend_from_slice(&["--profile", profile]);
        ja.text(&args, None);
        ja.json(&args, None);
    }
    // Without an envelope: SPF not evaluated, profiles cannot check it.
    ja.text(
        &[
            "verify",
            &msg_s1,
            "--zone",
            &s1,
            "--profile",
            "docomo",
            "--profile",
            "gmail-bulk",
        ],
        None,
    );
    // S1 from a server not in the record.
    ja.text(
        &[
            "spf",
            "check",
            "--zone",
            &s1,
            "--ip",
            "198.51.100.7",
            "--mail-from",
            "info@example.co.jp",
            "--helo",
            "mail.example.co.jp",
            "--identity",
            "both",
        ],
        None,
    );
    ja.text(&["spf", "record", "example.co.jp", "--zone", &s1], None);
    ja.text(
        &[
            "check",
            "example.co.jp",
            "--zone",
            &s1,
            "--ip",
            "203.0.113.25",
        ],
        None,
    );
    ja.json(
        &[
            "check",
            "example.co.jp",
            "--zone",
            &s1,
            "--ip",
            "198.51.100.7",
        ],
        None,
    );
    ja.text(&["dmarc", "check", "example.co.jp", "--zone", &s1], None);
    // Every profile's checklist and the records, in text and JSON.
    for profile in ["docomo", "gmail", "yahoo"] {
        let args = [
            "check",
            "example.co.jp",
            "--zone",
            &s1,
            "--ip",
            "198.51.100.7",
            "--profile",
            profile,
        ];
        ja.text(&args, None);
        ja.json(&args, None);
    }
    ja.text(
        &[
            "check",
            "nope.example.co.jp",
            "--zone",
            &s1,
            "--profile",
            "docomo",
        ],
        None,
    );
    ja.text(
        &["check", "example.co.jp", "--zone", &s1, "--records"],
        None,
    );

    let (esp, shop) = (ex("s2/esp.example.zone"), ex("s2/shop.example.zone"));
    let msg_s2 = ex("s2/message.eml");
    let s2 = [
        "verify",
        &msg_s2,
        "--zone",
        &esp,
        "--zone",
        &shop,
        "--ip",
        "192.0.2.80",
        "--helo",
        "mta1.esp.example",
        "--mail-from",
        "bounce@esp.example",
        "--profile",
        "gmail-bulk",
    ];
    ja.text(&s2, None);
    ja.json(&s2, None);
    ja.text(&["dkim", "verify", &msg_s2, "--zone", &esp], None);
    ja.text(&["dmarc", "check", "shop.example", "--zone", &shop], None);
    ja.text(
        &[
            "check",
            "shop.example",
            "--zone",
            &shop,
            "--selector",
            "mmmg",
        ],
        None,
    );

    let (company, sendservice) = (
        ex("s3/company.example.zone"),
        ex("s3/sendservice.example.zone"),
    );
    let msg_s3 = ex("s3/message.eml");
    let s3 = [
        "verify",
        &msg_s3,
        "--zone",
        &company,
        "--zone",
        &sendservice,
        "--trust-authserv-id",
        "mx.google.com",
        "--profile",
        "yahoo-bulk",
    ];
    ja.text(&s3, None);
    ja.json(&s3, None);
    ja.text(
        &[
            "verify",
            &msg_s3,
            "--zone",
            &company,
            "--zone",
            &sendservice,
        ],
        None,
    );

    let (org, univ) = (ex("s5/example.org.zone"), ex("s5/university.example.zone"));
    let msg_s5 = ex("s5/message.eml");
    let s5 = [
        "verify",
        &msg_s5,
        "--zone",
        &org,
        "--zone",
        &univ,
        "--ip",
        "192.0.2.99",
        "--helo",
        "lists.university.example",
        "--mail-from",
        "alice@example.org",
        "--profile",
        "docomo",
    ];
    ja.text(&s5, None);
    ja.json(&s5, None);
    ja.text(&["dkim", "verify", &msg_s5, "--zone", &org], None);

    // S5 with ARC: the chain hop by hop, with and without a trusted sealer.
    let arc_zones = [
        ex("s5-arc/example.org.zone"),
        ex("s5-arc/university.example.zone"),
        ex("s5-arc/lists.example.zone"),
    ];
    let msg_arc = ex("s5-arc/message.eml");
    let mut arc = vec!["verify", msg_arc.as_str()];
    for z in &arc_zones {
        arc.extend(["--zone", z.as_str()]);
    }
    arc.extend([
        "--ip",
        "192.0.2.99",
        "--helo",
        "mail.lists.example",
        "--mail-from",
        "alice@example.org",
    ]);
    ja.text(&arc, None);
    ja.json(&arc, None);
    let mut trusted = arc.clone();
    trusted.extend(["--trusted-sealer", "lists.example"]);
    ja.text(&trusted, None);
    let mut arc_verify = vec!["arc", "verify", msg_arc.as_str()];
    for z in &arc_zones {
        arc_verify.extend(["--zone", z.as_str()]);
    }
    ja.text(&arc_verify, None);
    let tampered = std::fs::read_to_string(&msg_arc)
        .unwrap()
        .replace("room 301", "room 302");
    arc_verify[2] = "-";
    ja.text(&arc_verify, Some(tampered.as_bytes()));
    ja.json(&arc_verify, Some(tampered.as_bytes()));
    ja.text(&["arc", "verify", &msg_s5, "--zone", &org], None);
    ja.text(
        &[
            "dmarc",
            "lint",
            "v=DMARC1; p=reject; rua=mailto:dmarc@example.com;ptc=100;",
            "--domain",
            "example.com",
        ],
        None,
    );
    ja.finish(31);
}

/// Records that reach the SPF, DMARC and DKIM findings and every reason
/// text inside them.
const ZONE: &str = r#"$TTL 300
bad.example.            IN TXT "v=spf1 ptr include:nope.example include:_l.bad.example a:x.bad.example ~all"
_l.bad.example.         IN TXT "v=spf1 a:h1.bad.example a:h2.bad.example a:h3.bad.example a:h4.bad.example a:h5.bad.example a:h6.bad.example a:h7.bad.example a:h8.bad.example -all"
_dmarc.bad.example.     IN TXT "v=DMARC1; p=nonee; rua=mailto:reports@elsewhere.example; pct=50; sp=none; foo=bar; adkim=q"
default._domainkey.bad.example. IN TXT "v=DKIM1; k=rsa; p=!!!"
selector1._domainkey.bad.example. IN TXT "v=DKIM2; p=abc"
google._domainkey.bad.example. IN TXT "v=DKIM1; k=dsa; p=abc"
syntax.example.         IN TXT "v=spf1 ip4:192.0.2.300 -all"
syntax.example.         IN A 192.0.2.10
syntax6.example.        IN TXT "v=spf1 ip6:2001:db8::g -all"
cidr.example.           IN TXT "v=spf1 ip4:192.0.2.0/33 -all"
mech.example.           IN TXT "v=spf1 ipv4:192.0.2.1 -all"
term.example.           IN TXT "v=spf1 foo -all"
trail.example.          IN TXT "v=spf1 all:x"
dup.example.            IN TXT "v=spf1 redirect=a.example redirect=b.example"
empty.example.          IN TXT "v=spf1 include: -all"
end.example.            IN TXT "v=spf1 include:example -all"
macro.example.          IN TXT "v=spf1 exists:%{z}.x.example -all"
macro2.example.         IN TXT "v=spf1 exists:%{i.x.example -all"
macro3.example.         IN TXT "v=spf1 exists:%x.example -all"
multi.example.          IN TXT "v=spf1 -all"
multi.example.          IN TXT "v=spf1 ~all"
mxmany.example.         IN TXT "v=spf1 mx -all"
mxmany.example.         IN MX 10 m1.mxmany.example.
mxmany.example.         IN MX 10 m2.mxmany.example.
mxmany.example.         IN MX 10 m3.mxmany.example.
mxmany.example.         IN MX 10 m4.mxmany.example.
mxmany.example.         IN MX 10 m5.mxmany.example.
mxmany.example.         IN MX 10 m6.mxmany.example.
mxmany.example.         IN MX 10 m7.mxmany.example.
mxmany.example.         IN MX 10 m8.mxmany.example.
mxmany.example.         IN MX 10 m9.mxmany.example.
mxmany.example.         IN MX 10 m10.mxmany.example.
mxmany.example.         IN MX 10 m11.mxmany.example.
redir.example.          IN TXT "v=spf1 redirect=nope.example"
neutral.example.        IN TXT "v=spf1 ip4:192.0.2.1"
soft.example.           IN TXT "v=spf1 ~all"
plus.example.           IN TXT "v=spf1 +all"
qall.example.           IN TXT "v=spf1 ?all"
both.example.           IN TXT "v=spf1 -all redirect=soft.example"
exp.example.            IN TXT "v=spf1 -all exp=explain.exp.example"
explain.exp.example.    IN TXT "%{i} is not one of our servers"
void.example.           IN TXT "v=spf1 a:v1.void.example a:v2.void.example a:v3.void.example -all"
near.example.           IN TXT "v=spf1 a:n1.near.example a:n2.near.example a:n3.near.example a:n4.near.example a:n5.near.example a:n6.near.example a:n7.near.example a:n8.near.example a:n9.near.example -all"
n1.near.example.        IN A 192.0.2.1
n2.near.example.        IN A 192.0.2.2
n3.near.example.        IN A 192.0.2.3
n4.near.example.        IN A 192.0.2.4
n5.near.example.        IN A 192.0.2.5
n6.near.example.        IN A 192.0.2.6
n7.near.example.        IN A 192.0.2.7
n8.near.example.        IN A 192.0.2.8
n9.near.example.        IN A 192.0.2.9
dmarcs.example.         IN TXT "v=spf1 -all"
_dmarc.dmarcs.example.  IN TXT "v=DMARC1; p=none"
_dmarc.dmarcs.example.  IN TXT "v=DMARC1; p=reject"
parent.example.         IN TXT "v=spf1 -all"
parent.example.         IN MX 10 mx.parent.example.
_dmarc.parent.example.  IN TXT "v=DMARC1; p=reject; sp=none; np=quarantine; rua=mailto:d@parent.example"
sub.parent.example.     IN TXT "v=spf1 -all"
sub.parent.example.     IN A 192.0.2.20
notdmarc.example.       IN TXT "v=spf1 -all"
_dmarc.notdmarc.example. IN TXT "v=DMARC1 p=reject"
unusable.example.       IN TXT "v=spf1 -all"
_dmarc.unusable.example. IN TXT "v=DMARC1; p=bogus"
good.example.           IN TXT "v=spf1 ip4:192.0.2.50 -all"
good.example.           IN MX 10 mx.good.example.
_dmarc.good.example.    IN TXT "v=DMARC1; p=reject; rua=mailto:d@good.example"
50.2.0.192.in-addr.arpa. IN PTR mx.other.example.
mx.other.example.       IN A 192.0.2.99
shared.example.         IN TXT "v=spf1 include:s1.shared.example include:s2.shared.example -all"
s1.shared.example.      IN TXT "v=spf1 include:s2.shared.example -all"
s2.shared.example.      IN TXT "v=spf1 ip4:192.0.2.60 -all"
"#;

#[test]
fn spf_dmarc_and_check_findings_in_japanese() {
    let mut ja = Ja::new("findings");
    // Record text and an explanation (exp=) as the domains publish them.
    ja.names = vec![
        "v=spf1 foo -all",
        "is not one of our servers",
        common_selectors(),
    ];
    let zone = ja.file("z.zone", ZONE);
    for domain in [
        "bad.example",
        "syntax.example",
        "syntax6.example",
        "cidr.example",
        "mech.example",
        "term.example",
        "trail.example",
        "dup.example",
        "empty.example",
        "end.example",
        "macro.example",
        "macro2.example",
        "macro3.example",
        "multi.example",
        "mxmany.example",
        "redir.example",
        "neutral.example",
        "soft.example",
        "plus.example",
        "qall.example",
        "both.example",
        "exp.example",
        "void.example",
        "near.example",
        "nope.example",
        "good.example",
        "shared.example",
    ] {
        for ip in ["192.0.2.50", "2001:db8::1"] {
            let from = format!("info@{domain}");
            ja.text(
                &[
                    "spf",
                    "check",
                    "--zone",
                    &zone,
                    "--ip",
                    ip,
                    "--mail-from",
                    &from,
                    "--helo",
                    "mail.example",
                ],
                None,
            );
        }
        ja.text(&["spf", "record", domain, "--zone", &zone], None);
        ja.json(&["spf", "record", domain, "--zone", &zone], None);
    }
    // Identities that SPF cannot check.
    for mail_from in ["a@localhost", "a@b..example", "a@[192.0.2.1]"] {
        ja.text(
            &[
                "spf",
                "check",
                "--zone",
                &zone,
                "--ip",
                "192.0.2.1",
                "--mail-from",
                mail_from,
                "--helo",
                "h.example",
            ],
            None,
        );
    }
    for domain in [
        "bad.example",
        "dmarcs.example",
        "parent.example",
        "sub.parent.example",
        "notdmarc.example",
        "unusable.example",
        "good.example",
        "nope.example",
    ] {
        ja.text(
            &["check", domain, "--zone", &zone, "--ip", "192.0.2.50"],
            None,
        );
        ja.text(&["dmarc", "check", domain, "--zone", &zone], None);
        ja.json(
            &[
                "dmarc", "check", domain, "--zone", &zone, "--mode", "rfc7489",
            ],
            None,
        );
    }
    for record in [
        "v=DMARC1; p=none",
        "v=DMARC1; p=rejct; rua=mailto:d@example.com",
        "v=DMARC1; p=reject; P=Reject; rua=mailto:d@example.com; rua=mailto:e@example.com",
        "v=DMARC1; p=quarantine; sp=none; pct=20; rf=afrf; ri=3600; rua=d@example.com",
        "v=DMARC1; rua=mailto:reports@other.example; ruf=mailto:f@other.example; foo=bar; ptc=50",
        "v=DMARC1; p=reject, rua=mailto:d@example.com",
        "v=DMARC1; p=reject; adkim=r; aspf=x; fo=9; np=nonee; psd=q; t=maybe",
    ] {
        ja.text(&["dmarc", "lint", record, "--domain", "example.com"], None);
        ja.text(
            &[
                "dmarc",
                "lint",
                record,
                "--domain",
                "example.com",
                "--mode",
                "rfc7489",
            ],
            None,
        );
        ja.json(&["dmarc", "lint", record], None);
    }
    ja.finish(150);
}

fn keygen(ja: &mut Ja, domain: &str, selector: &str) -> (String, String) {
    let out = ja.path("");
    let v = ja.json(
        &[
            "dkim",
            "keygen",
            "--domain",
            domain,
            "--selector",
            selector,
            "--out",
            &out,
            "--force",
        ],
        None,
    );
    let txt = v["txt"].as_str().unwrap().to_string();
    let strings: Vec<String> = txt
        .as_bytes()
        .chunks(200)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    let line = format!(
        "{}. IN TXT {}\n",
        v["name"].as_str().unwrap(),
        strings.join(" ")
    );
    (ja.path(&format!("{selector}.private")), line)
}

fn sign(ja: &mut Ja, key: &str, selector: &str, message: &[u8], extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "dkim",
        "sign",
        "--key",
        key,
        "--selector",
        selector,
        "--domain",
        "shop.example",
    ];
    args.extend_from_slice(extra);
    let o = ja.exec(&args, Some(message));
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    o.stdout
}

#[test]
fn dkim_results_in_japanese() {
    let mut ja = Ja::new("dkim");
    // The selectors of this test, shown as they are (s=, the key's name).
    ja.names = vec![
        "s=  ed",
        "s=  revoked",
        "s=  testing",
        "s=  broken",
        "セレクター revoked",
    ];
    ja.text(
        &[
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "text",
            "--out",
            &ja.path(""),
            "--force",
        ],
        None,
    );
    let (key, key_line) = keygen(&mut ja, "shop.example", "k1");
    let (ed_key, ed_line) = keygen(&mut ja, "shop.example", "ed");
    let message = b"From: Shop <news@shop.example>\r\nTo: a@example.com\r\nSubject: sale\r\nDate: Mon, 23 Nov 2026 10:00:00 +0900\r\nMessage-ID: <1@shop.example>\r\n\r\nHello\r\n";
    let signed = sign(&mut ja, &key, "k1", message, &[]);
    let ed_signed = sign(&mut ja, &ed_key, "ed", message, &["--expire-after", "60"]);
    let testing_line = key_line
        .replace("k1._domainkey", "testing._domainkey")
        .replace("v=DKIM1;", "v=DKIM1; t=y;");
    let zone = ja.file(
        "keys.zone",
        format!(
            "{key_line}{ed_line}{testing_line}\
             revoked._domainkey.shop.example. IN TXT \"v=DKIM1; k=rsa; p=\"\n\
             broken._domainkey.shop.example. IN TXT \"v=DKIM1; k=rsa; p=AAAA\"\n\
             shop.example. IN TXT \"v=spf1 -all\"\n"
        ),
    );
    let empty = ja.file("empty.zone", "");
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("pass", signed.clone()),
        ("ed25519", ed_signed.clone()),
        ("no key", signed.clone()),
    ];
    let text = String::from_utf8(signed.clone()).unwrap();
    cases.push(("body", text.replace("Hello", "Hello, changed").into_bytes()));
    cases.push((
        "header",
        text.replace("Subject: sale", "Subject: [list] sale")
            .into_bytes(),
    ));
    cases.push(("revoked", text.replace("s=k1", "s=revoked").into_bytes()));
    cases.push(("testing", text.replace("s=k1", "s=testing").into_bytes()));
    cases.push(("broken key", text.replace("s=k1", "s=broken").into_bytes()));
    cases.push(("bad tag", text.replace("s=k1", "s=k1; s=k2").into_bytes()));
    cases.push(("no bh", text.replace("bh=", "xh=").into_bytes()));
    cases.push((
        "sha1",
        text.replace("a=rsa-sha256", "a=rsa-sha1").into_bytes(),
    ));
    cases.push((
        "algorithm",
        text.replace("a=rsa-sha256", "a=rsa-md5").into_bytes(),
    ));
    cases.push(("version", text.replace("v=1;", "v=2;").into_bytes()));
    cases.push((
        "domain",
        text.replace("d=shop.example", "d=other.example")
            .into_bytes(),
    ));
    cases.push(("bare LF", text.replace("\r\n", "\n").into_bytes()));
    cases.push(("unsigned", message.to_vec()));
    for (name, bytes) in &cases {
        let file = ja.file(&format!("{}.eml", name.replace(' ', "-")), bytes);
        let keys = if *name == "no key" { &empty } else { &zone };
        ja.text(&["dkim", "verify", &file, "--zone", keys], None);
        ja.json(&["dkim", "verify", &file, "--zone", keys], None);
        // Expired, and dated in the future.
        ja.text(
            &[
                "dkim",
                "verify",
                &file,
                "--zone",
                keys,
                "--now",
                "4000000000",
            ],
            None,
        );
        ja.text(
            &["dkim", "verify", &file, "--zone", keys, "--now", "1"],
            None,
        );
        ja.text(
            &[
                "verify",
                &file,
                "--zone",
                keys,
                "--ip",
                "192.0.2.1",
                "--mail-from",
                "bounce@shop.example",
                "--profile",
                "gmail-bulk",
            ],
            None,
        );
    }
    // ARC: seal with the same keys (shop.example as the sealer), validate,
    // break it, and the refusals of arc seal (their errors are checked; a
    // sealed message is the input's text).
    let seal_args = |key: &str, selector: &str, authserv: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "arc",
            "seal",
            "--key",
            key,
            "--selector",
            selector,
            "--domain",
            "shop.example",
            "--authserv-id",
            authserv,
            "--zone",
            &zone,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let results = ["--results", "spf=pass smtp.mailfrom=shop.example"];
    let mut sealed = signed.clone();
    for (key, selector) in [(&key, "k1"), (&ed_key, "ed")] {
        let args = seal_args(key, selector, "mx.shop.example", &results);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = ja.exec(&args, Some(&sealed));
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
        ja.check("arc seal", &common::stderr(&o));
        sealed = o.stdout;
    }
    let sealed_file = ja.file("sealed.eml", &sealed);
    ja.text(&["arc", "verify", &sealed_file, "--zone", &zone], None);
    ja.json(&["arc", "verify", &sealed_file, "--zone", &zone], None);
    let broken = String::from_utf8(sealed).unwrap().replace("Hello", "Hullo");
    let broken = ja.file("sealed-broken.eml", broken);
    ja.text(&["arc", "verify", &broken, "--zone", &zone], None);
    ja.text(&["arc", "verify", &sealed_file, "--zone", &empty], None);
    // No results to record, results that would end the field, an
    // authserv-id that is not one.
    for (authserv, extra) in [
        ("mx.shop.example", &[][..]),
        ("mx.shop.example", &["--results", "spf=pass\r\nX: 1"][..]),
        ("a b", &["--results", "spf=pass"][..]),
    ] {
        let args = seal_args(&key, "k1", authserv, extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = ja.text(&args, Some(&signed));
        assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
    }
    ja.finish(60);
}

#[test]
fn messages_as_people_have_them_in_japanese() {
    let mut ja = Ja::new("messages");
    let zone = ja.file("z.zone", ZONE);
    let messages: &[(&str, &[u8])] = &[
        ("no-header", b"this is not a header\r\n\r\nbody\r\n"),
        ("no-from", b"To: a@example.com\r\nSubject: x\r\n\r\nbody\r\n"),
        ("two-from", b"From: a@good.example\r\nFrom: b@bad.example\r\n\r\nbody\r\n"),
        ("hidden-from", b"From: a@good.example\r\nFrom : b@bad.example\r\n\r\nbody\r\n"),
        ("empty-from", b"From: \r\n\r\nbody\r\n"),
        ("bad-from", b"From: Shop <info@good.example\r\n\r\nbody\r\n"),
        ("literal-from", b"From: a@[192.0.2.1]\r\n\r\nbody\r\n"),
        ("idn-from", "From: a@例え.jp\r\n\r\nbody\r\n".as_bytes()),
        ("multi-from", b"From: a@good.example, b@bad.example\r\n\r\nbody\r\n"),
        ("ignored-line", b"From: a@good.example\r\nnot a field\r\nSubject: x\r\n\r\nbody\r\n"),
        ("no-separator", b"From: a@good.example\r\nSubject: x\r\n"),
        ("bare-lf", b"From: a@good.example\nSubject: x\n\nbody\n"),
        (
            "authres",
            b"Authentication-Results: mx.example; spf=pass smtp.mailfrom=x@bad.example; dkim=pass header.d=bad.example; dmarc=fail header.from=good.example; ???; mx.evil.example; dkim=\r\n\
              Authentication-Results: \r\n\
              From: a@good.example\r\n\r\nbody\r\n",
        ),
        (
            "trace",
            b"Received: from out.bad.example (out.bad.example [192.0.2.50]) by mx.example with ESMTP\r\n\
              Received-SPF: pass (mx.example: ok) receiver=mx.example; client-ip=192.0.2.7; client-ip=192.0.2.8\r\n\
              Received-SPF: pass client-ip=192.0.2.50 helo=out.bad.example\r\n\
              Received: ((broken\r\n\
              Return-Path: <bounce@bad.example>\r\n\
              From: a@good.example\r\n\r\nbody\r\n",
        ),
    ];
    for (name, bytes) in messages {
        let file = ja.file(&format!("{name}.eml"), bytes);
        ja.text(
            &[
                "verify",
                &file,
                "--zone",
                &zone,
                "--trust-authserv-id",
                "mx.example",
            ],
            None,
        );
        ja.text(
            &[
                "verify",
                &file,
                "--zone",
                &zone,
                "--ip",
                "192.0.2.50",
                "--mail-from",
                "a@good.example",
                "--profile",
                "docomo",
                "--profile",
                "gmail-bulk",
            ],
            None,
        );
        ja.json(
            &["verify", &file, "--zone", &zone, "--dmarc-mode", "rfc7489"],
            None,
        );
        ja.text(&["dkim", "verify", &file, "--zone", &zone], None);
    }
    // From standard input.
    ja.text(&["verify", "-", "--zone", &zone], Some(messages[2].1));
    ja.finish(50);
}

#[test]
fn errors_in_japanese() {
    let mut ja = Ja::new("errors");
    let zone = ja.file("z.zone", ZONE);
    let msg = ja.file("m.eml", "From: a@good.example\r\n\r\nbody\r\n");
    // Zone files that cannot be read, each way a line can be wrong.
    let bad_zones = [
        "a.example. IN TXT \"open\n",
        "a.example. IN TXT ( \"x\"\n",
        "a.example. IN TXT \"\\999\"\n",
        "$FOO x\n",
        "$TTL\n",
        "$TTL 1x\na.example. IN A 192.0.2.1\n",
        " IN A 192.0.2.1\n",
        "@ IN A 192.0.2.1\n",
        "a..example. IN A 192.0.2.1\n",
        "a\\.b.example. IN A 192.0.2.1\n",
        "a.example. CH TXT \"x\"\n",
        "a.example. IN TXTX \"x\"\n",
        "a.example. IN A 1.2.3\n",
        "a.example. IN AAAA ::g\n",
        "a.example. IN MX x\n",
        "a.example. IN TXT\n",
        "$INCLUDE /nonexistent/x.zone\n",
    ];
    for (n, text) in bad_zones.iter().enumerate() {
        let file = ja.file(&format!("bad{n}.zone"), text);
        ja.text(&["spf", "record", "a.example", "--zone", &file], None);
        ja.json(&["check", "a.example", "--zone", &file], None);
    }
    let missing = ja.path("missing.zone");
    ja.text(&["spf", "record", "a.example", "--zone", &missing], None);
    ja.text(
        &["spf", "record", "a.example", "--zone", &ja.path("")],
        None,
    );
    // Arguments we refuse.
    let key = ja.file("garbage.private", "not a key");
    let readable = ja.file("readable.private", "not a key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(&readable, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let psl = ja.file("psl.dat", "// nothing\n");
    let existing = ja.path("");
    std::fs::write(ja.path("taken.private"), "x").unwrap();
    let refused: Vec<Vec<&str>> = vec![
        vec!["check", "exa mple"],
        vec!["check", "localhost"],
        vec!["dmarc", "check", "-bad-.example"],
        vec!["spf", "record", "[192.0.2.1]"],
        vec!["spf", "check", "--ip", "999", "--helo", "h.example"],
        vec!["dmarc", "lint", "p=none"],
        vec!["verify", "/nonexistent/m.eml"],
        vec!["verify", &msg, "--psl", &psl],
        vec!["verify", &msg, "--psl", "/nonexistent/psl.dat"],
        vec!["dkim", "verify", &missing],
        vec![
            "dkim",
            "sign",
            "--key",
            "/nonexistent/k.private",
            "--selector",
            "k",
            "--domain",
            "shop.example",
        ],
        vec![
            "dkim",
            "sign",
            "--key",
            &readable,
            "--selector",
            "k",
            "--domain",
            "shop.example",
        ],
        vec![
            "dkim",
            "sign",
            "--key",
            &key,
            "--selector",
            "k",
            "--domain",
            "shop.example",
        ],
        vec![
            "dkim",
            "keygen",
            "--domain",
            "shop..example",
            "--selector",
            "k",
        ],
        vec![
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "a b",
        ],
        vec![
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "taken",
            "--out",
            &existing,
        ],
        vec![
            "dkim",
            "keygen",
            "--domain",
            "shop.example",
            "--selector",
            "k",
            "--out",
            "/nonexistent/dir",
        ],
        // clap's own errors.
        vec!["spf", "chek"],
        vec!["spf"],
        vec![],
        vec!["spf", "check", "--ip", "192.0.2.1"],
        vec!["spf", "check", "--ipp", "192.0.2.1", "--helo", "h"],
        vec![
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--helo",
            "h",
            "--identity",
            "mail",
        ],
        vec![
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--helo",
            "h",
            "--resolver",
            "nowhere",
        ],
        vec![
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--helo",
            "h",
            "--timeout",
            "soon",
        ],
        vec![
            "spf",
            "check",
            "--ip",
            "192.0.2.1",
            "--helo",
            "h",
            "--zone",
            &zone,
            "--resolver",
            "127.0.0.1:53",
        ],
        vec!["verify", &msg, "--profile", "hotmail"],
        vec!["verify", &msg, "--helo", "h.example"],
        vec!["verify", &msg, "--dmarc-mode", "rfc0000"],
        vec!["dkim", "verify", &msg, "--now", "1", "--ignore-time"],
        vec![
            "dkim",
            "sign",
            "--key",
            &key,
            "--selector",
            "k",
            "--domain",
            "d.example",
            "--canonicalization",
            "loose",
        ],
        vec![
            "dkim",
            "keygen",
            "--domain",
            "d.example",
            "--selector",
            "k",
            "--algorithm",
            "rsa-1024",
        ],
    ];
    for args in &refused {
        let o = ja.text(args, Some(b"From: a@shop.example\r\n\r\nx\r\n"));
        assert!(
            matches!(o.status.code(), Some(2 | 3)),
            "{args:?} exits 2 or 3: {:?}",
            o.status
        );
        let v = ja.json(args, Some(b"From: a@shop.example\r\n\r\nx\r\n"));
        assert!(v["error"]["code"].is_string(), "{args:?}: {v}");
    }
    // A message dkim sign cannot sign.
    let good_key = {
        let (path, _) = keygen(&mut ja, "shop.example", "s");
        path
    };
    ja.text(
        &[
            "dkim",
            "sign",
            "--key",
            &good_key,
            "--selector",
            "s",
            "--domain",
            "shop.example",
        ],
        Some(b"Subject: no author\r\n\r\nbody\r\n"),
    );
    ja.text(
        &[
            "dkim",
            "sign",
            "--key",
            &good_key,
            "--selector",
            "s",
            "--domain",
            "shop.example",
            "--headers",
            "from:bad name",
        ],
        Some(b"From: a@shop.example\r\n\r\nbody\r\n"),
    );
    ja.finish(90);
}

#[test]
fn english_output_is_seen_as_english() {
    // The checks above could fail: the same commands in English are found
    // to be English, labels and errors alike.
    let zone = root()
        .join("examples/s1/example.co.jp.zone")
        .display()
        .to_string();
    for args in [
        vec!["spf", "record", "example.co.jp", "--zone", &zone],
        vec!["check", "example.co.jp", "--zone", &zone],
        vec!["spf", "check", "--ip", "999", "--helo", "h.example"],
        vec!["spf", "chek"],
    ] {
        let o = common::run(&args);
        let text = format!("{}{}", common::stdout(&o), common::stderr(&o));
        assert!(!english_words(&text).is_empty(), "{args:?}: {text}");
    }
}

/// Every report command in Japanese: ingest (stored, duplicates, refused
/// files of every kind), summary in each grouping, list, show, failures,
/// tls, their JSON, and their errors.
#[test]
fn report_commands_in_japanese() {
    let mut ja = Ja::new("reports");
    let db = ja.path("reports.sqlite");
    let reports = ex("reports");
    let zone = ex("reports.zone");
    // Names of the bundled reports' senders and services, shown as they are.
    // The failure report shows the original's header values as sent.
    ja.names = vec![
        "Enterprise Outlook",
        "Shipping notice",
        "Tue, 06 Jan 2026 08:42:17 +0000",
        "dmarc",
    ];
    ja.text(
        &["reports", "ingest", &reports, "--zone", &zone, "--db", &db],
        None,
    );
    ja.text(
        &["reports", "ingest", &reports, "--offline", "--db", &db],
        None,
    );
    ja.json(
        &["reports", "ingest", &reports, "--offline", "--db", &db],
        None,
    );
    // Refused inputs, each kind.
    let bad = ja.path("bad");
    std::fs::create_dir_all(&bad).unwrap();
    for (name, bytes) in [
        ("dtd.xml", b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><feedback/>".to_vec()),
        ("truncated.xml", b"<feedback><report_metadata><org_name>x".to_vec()),
        ("deep.xml", format!("<feedback>{}</feedback>", "<x>".repeat(100)).into_bytes()),
        ("empty.xml", b"<feedback><report_metadata><org_name>o</org_name><email>e@o.example</email><report_id>1</report_id><date_range><begin>1</begin><end>2</end></date_range></report_metadata><policy_published><domain>example.jp</domain><p>none</p></policy_published></feedback>".to_vec()),
        ("broken.gz", vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]),
        ("broken.zip", b"PK\x03\x04garbage".to_vec()),
        ("hello.eml", b"From: a@example.jp\r\nSubject: hi\r\n\r\nhello\r\n".to_vec()),
        ("tls.json", b"{\"organization-name\": \"x\"}".to_vec()),
        ("notes.txt", b"just text".to_vec()),
    ] {
        std::fs::write(std::path::Path::new(&bad).join(name), bytes).unwrap();
    }
    ja.text(&["reports", "ingest", &bad, "--offline", "--db", &db], None);
    ja.json(&["reports", "ingest", &bad, "--offline", "--db", &db], None);
    ja.text(
        &[
            "reports",
            "ingest",
            &ja.path("missing"),
            "--offline",
            "--db",
            &db,
        ],
        None,
    );
    for by in ["source", "org", "day", "domain"] {
        ja.text(&["reports", "summary", "--db", &db, "--by", by], None);
        ja.json(&["reports", "summary", "--db", &db, "--by", by], None);
    }
    ja.text(
        &[
            "reports",
            "summary",
            "--db",
            &db,
            "--domain",
            "example.co.jp",
            "--since",
            "2026-01-06",
        ],
        None,
    );
    ja.text(
        &[
            "reports",
            "summary",
            "--db",
            &db,
            "--domain",
            "nothing.example",
        ],
        None,
    );
    ja.text(&["reports", "list", "--db", &db], None);
    ja.json(&["reports", "list", "--db", &db], None);
    ja.text(&["reports", "show", "#1", "--db", &db], None);
    ja.text(&["reports", "failures", "--db", &db], None);
    ja.json(&["reports", "failures", "--db", &db], None);
    ja.text(&["reports", "tls", "--db", &db], None);
    // Errors.
    ja.text(&["reports", "show", "no-such-id", "--db", &db], None);
    ja.json(&["reports", "show", "no-such-id", "--db", &db], None);
    ja.text(
        &["reports", "summary", "--db", &ja.path("none.sqlite")],
        None,
    );
    ja.text(
        &["reports", "summary", "--db", &db, "--since", "yesterday"],
        None,
    );
    ja.text(
        &[
            "reports",
            "summary",
            "--db",
            &db,
            "--since",
            "2026-02-01",
            "--until",
            "2026-01-01",
        ],
        None,
    );
    ja.text(&["reports", "summary", "--db", "mysql://x@y/z"], None);
    ja.text(
        &[
            "reports",
            "ingest",
            "--imap",
            "pop3://a@b/INBOX",
            "--db",
            &db,
        ],
        None,
    );
    ja.text(
        &[
            "reports",
            "ingest",
            "--imap",
            "imaps://a:pw@b/INBOX",
            "--db",
            &db,
        ],
        None,
    );
    ja.text(
        &[
            "reports",
            "ingest",
            "--imap",
            "imaps://a@b/INBOX",
            "--imap-password-env",
            "DOMAINAUTH_NO_SUCH_VAR",
            "--db",
            &db,
        ],
        None,
    );
    ja.text(
        &[
            "reports",
            "summary",
            "--db",
            &db,
            "--geoip",
            &ja.path("nope.mmdb"),
        ],
        None,
    );
    ja.finish(30);
}

/// `milter import-opendkim` and `import-opendmarc` in Japanese: every kind
/// of note, the line written with --output, and each malformed line.
#[test]
fn milter_import_in_japanese() {
    let mut ja = Ja::new("milter-import");
    // The settings' names are the files' data, printed as they are.
    ja.names = vec![
        "Syslog",
        "UserID",
        "Canonicalization",
        "SignatureAlgorithm",
        "InternalHosts",
        "ExternalIgnoreList",
        "Mode",
        "On-BadSignature",
        "On-DNSError",
        "On-InternalError",
        "OversignHeaders",
        "Frobnicate",
        "TrustAnchorFile",
        "RequireSafeKeys",
        "Socket",
        "HistoryFile",
        "IgnoreHosts",
        "IgnoreMailFrom",
        "PublicSuffixList",
        "MultipleSignatures",
        "Domain",
    ];
    ja.file("keys", "a example.com:a:/k/a\nb example.com:b:inline\nc %:c:/k/c\nd example.com:d:./d.key\nz example.com:z:/k/z\n");
    ja.file(
        "signing",
        "*@example.com a nobody@example.com\n*@example.org missing\n",
    );
    ja.file("ignore", "10.0.0.0/8\nrelay.example.net\n");
    let dkim = ja.file(
        "opendkim.conf",
        "Syslog yes\nUserID opendkim\nCanonicalization simple\nSignatureAlgorithm rsa-sha1\n\
         InternalHosts csl:10.0.0.0/8,relay.example.net,!10.1.1.1\nExternalIgnoreList csl:10.0.0.0/8\n\
         Mode s\nOn-BadSignature reject\nOn-InternalError discard\nTrustAnchorFile /usr/share/dns/root.key\n\
         RequireSafeKeys yes\nFrobnicate yes\nKeyTable refile:keys\nSigningTable refile:signing\n\
         Socket inet:8891@localhost\nAuthservID mx.example.net\nDomain example.com\n",
    );
    let dmarc = ja.file(
        "opendmarc.conf",
        "Socket inet:8893@localhost\nAuthservID other.example.net\nHistoryFile /var/run/opendmarc.dat\n\
         IgnoreHosts ignore\nIgnoreMailFrom partner.example\nPublicSuffixList /usr/share/publicsuffix\n",
    );
    let v = ja.json(
        &["milter", "import-opendkim", &dkim, "--opendmarc", &dmarc],
        None,
    );
    let codes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["code"].as_str())
        .collect();
    assert!(codes.len() >= 20, "{codes:?}");
    let dkim_only = ja.file("b.conf", "Mode v\nAuthservID mx.example.net\n");
    ja.json(&["milter", "import-opendkim", &dkim_only], None);
    let out = ja.path("milter.toml");
    ja.text(
        &["milter", "import-opendkim", &dkim, "--output", &out],
        None,
    );
    ja.text(
        &["milter", "import-opendmarc", &dmarc, "--output", &out],
        None,
    );
    for bad in [
        "Syslog\n",
        "MultipleSignatures perhaps\n",
        "Socket tcp:1\n",
        "KeyTable csl:x=example.com\n",
        "On-DNSError sometimes\n",
        "AuthservID mx;x\n",
    ] {
        let conf = ja.file("bad.conf", bad);
        ja.text(&["milter", "import-opendkim", &conf], None);
    }
    let missing = ja.path("missing.conf");
    ja.text(&["milter", "import-opendmarc", &missing], None);
    ja.text(&["milter"], None);
    ja.finish(12);
}
