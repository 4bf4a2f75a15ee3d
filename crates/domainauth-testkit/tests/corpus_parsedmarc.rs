//! The generated corpus read by a real peer: parsedmarc (PyPI) must find
//! every aggregate report in 200 mixed files (XML, gzip, zip, mails, mbox,
//! Maildir) with the records, counts and results the generator wrote, and
//! the TLS and failure reports among them.
//!
//! parsedmarc 11 does not read two quirks real receivers have: a UTF-8 byte
//! order mark before the XML declaration (its format sniffing looks for
//! `<` in the first byte) and namespace prefixes on the elements (it looks
//! up the key `feedback`, not `dmarc:feedback`); and one such report in an
//! mbox ends its whole run without output. So this corpus leaves those two
//! quirks out, and every report must be in parsedmarc's output, exactly.
//!
//! Skips loudly without parsedmarc; fails instead with
//! `DOMAINAUTH_REQUIRE_PEERS=1`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use domainauth_testkit::corpus::{Content, Corpus, Options, Quirk};
use domainauth_testkit::testdata;
use serde_json::Value;

/// Quirks parsedmarc 11.1 cannot read (see the module comment).
const PARSEDMARC_GAPS: &[Quirk] = &[Quirk::Bom, Quirk::Prefixed];

/// parsedmarc's key for a report id: `<` and `>` removed, cut at `@`.
fn parsedmarc_id(id: &str) -> String {
    let id = id.replace(['<', '>'], "");
    id.split('@').next().unwrap_or_default().to_string()
}

fn read_json(path: &std::path::Path) -> Vec<Value> {
    match std::fs::read(path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        Err(_) => Vec::new(),
    }
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| &v[*k])
}

#[test]
fn parsedmarc_reads_the_generated_corpus() {
    if !testdata::have_program("parsedmarc") {
        testdata::missing("parsedmarc (PyPI package parsedmarc)");
        return;
    }
    let work = std::env::temp_dir().join(format!(
        "domainauth-corpus-parsedmarc-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&work);
    let corpus_dir = work.join("corpus");
    let out_dir = work.join("out");
    std::fs::create_dir_all(&corpus_dir).unwrap();

    let mut options = Options::new(2026, 200);
    options.without = PARSEDMARC_GAPS;
    let files: Vec<_> = Corpus::new(options).collect();
    for f in &files {
        f.write_under(&corpus_dir).unwrap();
    }
    let contents: Vec<&Content> = files.iter().flat_map(|f| &f.contents).collect();

    let run = Command::new("parsedmarc")
        .arg("--offline")
        .arg("--recursive")
        .arg("--silent")
        .arg("--output")
        .arg(&out_dir)
        .arg(&corpus_dir)
        .output()
        .expect("run parsedmarc");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "parsedmarc failed ({}): {stderr}",
        run.status
    );

    let aggregate = read_json(&out_dir.join("aggregate.json"));
    let by_id: HashMap<String, &Value> = aggregate
        .iter()
        .map(|r| {
            let id = s(r, &["report_metadata", "report_id"])
                .as_str()
                .unwrap_or_default();
            (parsedmarc_id(id), r)
        })
        .collect();
    assert_eq!(
        by_id.len(),
        aggregate.len(),
        "parsedmarc returned a report twice"
    );

    let mut expected = 0;
    for truth in contents.iter().filter_map(|c| c.as_aggregate()) {
        let Some(report) = by_id.get(&parsedmarc_id(&truth.report_id)) else {
            panic!(
                "parsedmarc did not read report {} ({:?}): {stderr}",
                truth.report_id, truth.quirks
            );
        };
        expected += 1;
        let records = report["records"].as_array().expect("records");
        let id = &truth.report_id;
        assert_eq!(records.len(), truth.records.len(), "records of {id}");
        let messages: u64 = records
            .iter()
            .map(|r| r["count"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(messages, truth.message_count(), "messages of {id}");
        assert_eq!(
            s(report, &["policy_published", "domain"]).as_str(),
            Some(truth.policy.domain.as_str()),
            "{id}"
        );
        assert_eq!(
            s(report, &["policy_published", "p"])
                .as_str()
                .map(str::to_ascii_lowercase),
            Some(truth.policy.p.clone()),
            "{id}"
        );
        for (got, want) in records.iter().zip(&truth.records) {
            let ip = s(got, &["source", "ip_address"])
                .as_str()
                .unwrap_or_default();
            assert_eq!(ip, want.source_ip.to_string(), "{id}");
            assert_eq!(got["count"].as_u64(), Some(want.count), "{id} {ip}");
            assert_eq!(
                s(got, &["alignment", "dkim"]).as_bool(),
                Some(want.dkim_aligned),
                "{id} {ip}"
            );
            assert_eq!(
                s(got, &["alignment", "spf"]).as_bool(),
                Some(want.spf_aligned),
                "{id} {ip}"
            );
            assert_eq!(
                s(got, &["policy_evaluated", "disposition"]).as_str(),
                Some(want.disposition),
                "{id} {ip}"
            );
            assert_eq!(
                s(got, &["identifiers", "header_from"]).as_str(),
                Some(want.header_from.as_str()),
                "{id} {ip}"
            );
            let reasons: Vec<&str> = s(got, &["policy_evaluated", "policy_override_reasons"])
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["type"].as_str())
                .collect();
            let want_reasons: Vec<&str> = want.reasons.iter().map(|r| r.0.as_str()).collect();
            assert_eq!(reasons, want_reasons, "{id} {ip}");
            let dkim = s(got, &["auth_results", "dkim"]).as_array().expect("dkim");
            assert_eq!(dkim.len(), want.dkim.len(), "{id} {ip}");
            for (g, w) in dkim.iter().zip(&want.dkim) {
                assert_eq!(g["domain"].as_str(), Some(w.domain.as_str()), "{id} {ip}");
                assert_eq!(g["result"].as_str(), Some(w.result), "{id} {ip}");
            }
            let spf = s(got, &["auth_results", "spf"]).as_array().expect("spf");
            assert_eq!(spf.len(), want.spf.len(), "{id} {ip}");
            for (g, w) in spf.iter().zip(&want.spf) {
                assert_eq!(g["domain"].as_str(), Some(w.domain.as_str()), "{id} {ip}");
                assert_eq!(g["result"].as_str(), Some(w.result), "{id} {ip}");
                assert_eq!(
                    g["scope"].as_str(),
                    Some(w.scope.unwrap_or("mfrom")),
                    "{id} {ip}"
                );
            }
        }
    }
    assert_eq!(expected, 200);
    assert_eq!(
        aggregate.len(),
        expected,
        "parsedmarc found reports the corpus does not hold"
    );

    let tls = read_json(&out_dir.join("smtp_tls.json"));
    let tls_truth: Vec<_> = contents
        .iter()
        .filter_map(|c| match c {
            Content::Tls(t) => Some(t),
            _ => None,
        })
        .collect();
    assert!(!tls_truth.is_empty());
    assert_eq!(tls.len(), tls_truth.len(), "TLS reports");
    for t in tls_truth {
        let got = tls
            .iter()
            .find(|r| r["report_id"].as_str() == Some(t.report_id.as_str()))
            .unwrap_or_else(|| panic!("TLS report {} missing", t.report_id));
        let policy = &got["policies"][0];
        assert_eq!(
            policy["successful_session_count"].as_u64(),
            Some(t.policies[0].successful)
        );
        assert_eq!(
            policy["failed_session_count"].as_u64(),
            Some(t.policies[0].failed)
        );
        assert_eq!(
            policy["policy_type"].as_str(),
            Some(t.policies[0].policy_type)
        );
    }

    let failure = read_json(&out_dir.join("failure.json"));
    let mut failure_truth: Vec<String> = contents
        .iter()
        .filter_map(|c| match c {
            Content::Failure(f) => Some(f.source_ip.to_string()),
            _ => None,
        })
        .collect();
    let mut failure_got: Vec<String> = failure
        .iter()
        .filter_map(|f| s(f, &["source", "ip_address"]).as_str().map(str::to_string))
        .collect();
    failure_truth.sort();
    failure_got.sort();
    assert!(!failure_truth.is_empty());
    assert_eq!(failure_got, failure_truth, "failure reports");

    let _ = std::fs::remove_dir_all(PathBuf::from(&work));
}
