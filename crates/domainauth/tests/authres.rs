//! Authentication-Results: fields in the shapes large receivers write (built
//! from the RFC 8601 grammar, with each receiver's habits: Gmail's comments,
//! Microsoft's bare `action=` and `compauth`, Yahoo's comment glued to the
//! result, Microsoft's authserv-id between the results, Japanese carriers'
//! terse fields), the round trip of what we write, a cross-check with the
//! Python `authres` package when installed, and property tests that no input
//! makes the parser panic and that the authserv-id is found wherever
//! Microsoft puts it.

use domainauth::authres::{AuthResults, MethodResult, parse, parse_field};
use domainauth_testkit::testdata::python_with;
use proptest::prelude::*;

const GMAIL: &str = " mx.google.com;\r\n       dkim=pass header.i=@shop.example header.s=mmmg header.b=AbCd+/9x;\r\n       arc=pass (i=1 spf=pass spfdomain=esp.example dkim=pass dkdomain=shop.example dmarc=pass fromdomain=shop.example);\r\n       spf=pass (google.com: domain of bounce@esp.example designates 192.0.2.80 as permitted sender) smtp.mailfrom=bounce@esp.example;\r\n       dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=shop.example";
const OUTLOOK: &str = " spf=pass (sender IP is 192.0.2.80)\r\n smtp.mailfrom=esp.example; dkim=pass (signature was verified)\r\n header.d=shop.example;dmarc=pass action=none\r\n header.from=shop.example;compauth=pass reason=100";
const YAHOO: &str = " atlas-production.v2.mail-yahoo.example;\r\n dkim=pass header.i=@shop.example header.s=mmmg;\r\n spf=pass smtp.mailfrom=esp.example;\r\n dmarc=pass(p=QUARANTINE) header.from=shop.example;";
const DOCOMO: &str = " mfsmax.docomo.example; spf=pass smtp.mailfrom=example.co.jp; dkim=none; dmarc=none header.from=example.co.jp";
const AU: &str = " ezweb.example 1;\r\n\tspf=pass smtp.mailfrom=info@example.co.jp smtp.helo=mail.example.co.jp;\r\n\tsender-id=pass header.From=info@example.co.jp;\r\n\tdkim=fail (body hash did not verify) header.d=example.co.jp header.s=\"2026a\"";
const SOFTBANK: &str = " softbank.example; none";
/// Exchange Online, headless, with the tenant's id written as an item of its
/// own after the results (as delivered to list archives).
const OUTLOOK_TENANT: &str = " spf=pass (sender IP is 192.0.2.80)\r\n smtp.mailfrom=esp.example; contoso.mail.onmicrosoft.com; dkim=none (message not\r\n signed) header.d=none;contoso.mail.onmicrosoft.com; dmarc=pass action=none\r\n header.from=shop.example;";

#[test]
fn receiver_shapes() {
    let g = parse(GMAIL).unwrap();
    assert_eq!(g.authserv_id, "mx.google.com");
    assert_eq!(g.results.len(), 4);
    let dkim = &g.results[0];
    assert_eq!(dkim.get("header", "b"), Some("AbCd+/9x"));
    assert_eq!(dkim.domain("header", "i").as_deref(), Some("shop.example"));
    let arc = g.method("arc").next().unwrap();
    assert_eq!(arc.result, "pass");
    assert!(arc.comments[0].contains("dkdomain=shop.example"));
    let spf = g.method("spf").next().unwrap();
    assert!(spf.comments[0].contains("designates 192.0.2.80"));
    assert_eq!(
        spf.domain("smtp", "mailfrom").as_deref(),
        Some("esp.example")
    );
    let dmarc = g.method("dmarc").next().unwrap();
    assert_eq!(dmarc.comments, vec!["p=QUARANTINE sp=QUARANTINE dis=NONE"]);
    assert_eq!(dmarc.get("header", "from"), Some("shop.example"));
    assert!(g.skipped.is_empty());

    // Microsoft writes no authserv-id before the first result.
    let o = parse(OUTLOOK).unwrap();
    assert_eq!(o.authserv_id, "");
    assert_eq!(o.results.len(), 4);
    let dmarc = o.method("dmarc").next().unwrap();
    assert_eq!(dmarc.get("", "action"), Some("none"));
    assert_eq!(
        o.method("compauth").next().unwrap().reason.as_deref(),
        Some("100")
    );
    assert_eq!(
        o.method("dkim").next().unwrap().get("header", "d"),
        Some("shop.example")
    );

    // … and the tenant's id between the results: one id, no skipped items.
    let t = parse(OUTLOOK_TENANT).unwrap();
    assert_eq!(t.authserv_id, "contoso.mail.onmicrosoft.com");
    assert_eq!(
        t.results
            .iter()
            .map(|r| (r.method.as_str(), r.result.as_str()))
            .collect::<Vec<_>>(),
        [("spf", "pass"), ("dkim", "none"), ("dmarc", "pass")]
    );
    assert!(t.skipped.is_empty(), "{:?}", t.skipped);

    let y = parse(YAHOO).unwrap();
    let dmarc = y.method("dmarc").next().unwrap();
    assert_eq!(dmarc.result, "pass");
    assert_eq!(dmarc.comments, vec!["p=QUARANTINE"]);
    assert_eq!(y.results.len(), 3);

    let d = parse(DOCOMO).unwrap();
    assert_eq!(
        d.results
            .iter()
            .map(|r| (r.method.as_str(), r.result.as_str()))
            .collect::<Vec<_>>(),
        [("spf", "pass"), ("dkim", "none"), ("dmarc", "none")]
    );
    let a = parse(AU).unwrap();
    assert_eq!(a.version, Some(1));
    assert_eq!(a.results[0].get("smtp", "helo"), Some("mail.example.co.jp"));
    assert_eq!(a.results[1].method, "sender-id");
    assert_eq!(
        a.results[1].get("header", "from"),
        Some("info@example.co.jp")
    );
    assert_eq!(a.results[2].get("header", "s"), Some("2026a"));
    let s = parse(SOFTBANK).unwrap();
    assert!(s.results.is_empty());
    let arc = parse_field(
        "ARC-Authentication-Results: i=3; lists.example; dkim=pass header.d=example.org",
    )
    .unwrap();
    assert_eq!(arc.instance, Some(3));
}

fn ours() -> AuthResults {
    let mut ar = AuthResults::new("mx.example.net");
    ar.results.push(
        MethodResult::new("spf", "pass")
            .comment("mx.example.net: 192.0.2.80 is pass for esp.example")
            .property("smtp", "mailfrom", "bounce@esp.example"),
    );
    ar.results.push(
        MethodResult::new("dkim", "pass")
            .property("header", "d", "esp.example")
            .property("header", "s", "esp1")
            .property("header", "b", "tmb/PW+="),
    );
    ar.results.push(
        MethodResult::new("dkim", "fail")
            .reason("body hash did not verify")
            .property("header", "d", "shop.example"),
    );
    ar.results.push(
        MethodResult::new("dmarc", "fail")
            .comment("p=QUARANTINE sp=QUARANTINE dis=QUARANTINE")
            .property("header", "from", "shop.example"),
    );
    ar
}

#[test]
fn we_parse_what_we_write() {
    let ar = ours();
    let field = ar.to_field();
    assert!(field.starts_with("Authentication-Results: mx.example.net;\r\n\tspf=pass"));
    let back = parse_field(&field).unwrap();
    assert_eq!(back, ar);
    let none = AuthResults::new("mx.example.net");
    assert_eq!(parse_field(&none.to_field()).unwrap(), none);
    let mut arc = ours();
    arc.instance = Some(2);
    assert!(
        arc.to_field()
            .starts_with("ARC-Authentication-Results: i=2; mx.example.net;")
    );
    assert_eq!(parse_field(&arc.to_field()).unwrap(), arc);
}

/// Python's `authres` package (used by dkimpy's milter and authheaders)
/// reads our fields and the samples to the same methods, results and properties.
#[test]
fn python_authres_reads_the_same() {
    let Some(python) = python_with(&["authres"]) else {
        domainauth_testkit::testdata::missing("Python's authres package (Debian python3-authres)");
        return;
    };
    let fields = [
        ours().to_field(),
        format!("Authentication-Results:{GMAIL}"),
        format!("Authentication-Results:{DOCOMO}"),
        format!("Authentication-Results:{AU}"),
    ];
    let script = r#"
import sys, json, authres
out = []
for field in json.load(sys.stdin):
    h = authres.AuthenticationResultsHeader.parse(field.replace('\r\n', '\n'))
    out.append({"id": h.authserv_id, "results": [
        {"method": r.method, "result": r.result,
         "props": sorted([[p.type, p.name, p.value] for p in r.properties])}
        for r in h.results]})
print(json.dumps(out))
"#;
    let mut child = std::process::Command::new(&python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let input = serde_json::to_string(&fields).unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "python authres failed");
    let theirs: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut compared = 0;
    for (n, field) in fields.iter().enumerate() {
        let mine = parse_field(field).unwrap();
        let t = &theirs[n];
        assert_eq!(t["id"], mine.authserv_id.as_str(), "field {n}");
        let tr = t["results"].as_array().unwrap();
        assert_eq!(tr.len(), mine.results.len(), "field {n}: result count");
        for (a, b) in mine.results.iter().zip(tr) {
            assert_eq!(b["method"], a.method.as_str(), "field {n}");
            assert_eq!(b["result"], a.result.as_str(), "field {n} {}", a.method);
            let mut props: Vec<Vec<String>> = a
                .properties
                .iter()
                .map(|p| vec![p.ptype.clone(), p.property.clone(), p.value.clone()])
                .collect();
            props.sort();
            let theirs: Vec<Vec<String>> = serde_json::from_value(b["props"].clone()).unwrap();
            let theirs: Vec<Vec<String>> = theirs
                .into_iter()
                .map(|v| vec![v[0].to_lowercase(), v[1].to_lowercase(), v[2].clone()])
                .collect();
            assert_eq!(props, theirs, "field {n} {}", a.method);
            compared += 1;
        }
    }
    let expected: usize = fields
        .iter()
        .map(|f| parse_field(f).unwrap().results.len())
        .sum();
    assert_eq!(compared, expected, "every result was compared");
    eprintln!(
        "python authres: {compared}/{expected} results read identically over {} fields",
        fields.len()
    );
}

proptest! {
    #[test]
    fn parser_never_panics(s in "\\PC{0,300}") {
        let _ = parse(&s);
    }

    #[test]
    fn parser_never_panics_on_field_like_text(
        parts in proptest::collection::vec("[a-z]{1,6}(/[0-9])?=[a-z]{1,6}( \\([^()\\\\]{0,10}\\))?( [a-z]{1,5}\\.[a-z]{1,5}=(\"[^\"\\\\]{0,8}\"|[a-z@.]{1,10}))*", 0..5),
        id in "[a-z.]{1,12}",
    ) {
        let text = format!(" {id}; {}", parts.join("; "));
        let ar = parse(&text).unwrap();
        prop_assert_eq!(ar.results.len() + ar.skipped.len(), parts.len());
    }

    /// Microsoft's shapes: the authserv-id missing at the start, or written
    /// again, between any results; every result is read and nothing skipped.
    #[test]
    fn authserv_id_between_results_is_recognised(
        parts in proptest::collection::vec("[a-z]{1,6}=(pass|fail|none)( \\([a-z ]{0,10}\\))?( [a-z]{1,5}\\.[a-z]{1,5}=[a-z@.]{1,10})?", 1..6),
        id in "[a-z]{1,8}(\\.[a-z]{1,8}){1,3}",
        at_start in any::<bool>(),
        after in proptest::collection::vec(any::<bool>(), 6),
        glued in any::<bool>(),
    ) {
        let mut items: Vec<String> = Vec::new();
        if at_start {
            items.push(id.clone());
        }
        let mut repeated = false;
        for (i, part) in parts.iter().enumerate() {
            items.push(part.clone());
            if after[i] || (!at_start && i == 0) {
                items.push(id.clone());
                repeated = true;
            }
        }
        prop_assume!(at_start || repeated);
        let text = format!(" {}", items.join(if glued { ";" } else { "; " }));
        let ar = parse(&text).unwrap();
        prop_assert_eq!(&ar.authserv_id, &id, "{}", text);
        prop_assert_eq!(ar.results.len(), parts.len(), "{}", text);
        prop_assert!(ar.skipped.is_empty(), "{:?} in {}", ar.skipped, text);
    }

    #[test]
    fn round_trip(values in proptest::collection::vec("[ -~]{0,20}", 1..4), id in "[a-z]{1,8}(\\.[a-z]{1,8}){0,2}") {
        let mut ar = AuthResults::new(&id);
        for v in &values {
            ar.results.push(MethodResult::new("x-test", "pass").property("header", "v", v));
        }
        let back = parse_field(&ar.to_field()).unwrap();
        // Printable values come back as written, except that a backslash is
        // doubled: values are written through escape_controls, which keeps
        // its escapes unambiguous that way (tests/header_injection.rs).
        let mut want = ar.clone();
        for r in &mut want.results {
            for p in &mut r.properties {
                p.value = domainauth::escape::escape_controls(&p.value).into_owned();
            }
        }
        prop_assert_eq!(back, want);
    }
}
