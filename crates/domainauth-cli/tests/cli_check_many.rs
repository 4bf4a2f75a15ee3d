//! `domainauth check` on many domains: a generated zone of 100 domains
//! whose records are known from the generator, checked through the real
//! binary as a table, as JSON and as CSV (parsed back), in Japanese, with a
//! bad line in the list.

mod common;

use std::path::PathBuf;

use common::{run, run_with_stdin, stderr, stdout};
use serde_json::Value;

const DOMAINS: usize = 100;
/// An Ed25519 DKIM key (RFC 8463 §A.2).
const DKIM_KEY: &str = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

fn name(i: usize) -> String {
    format!("d{i:03}.example")
}

/// What the generator publishes for domain `i`.
struct Published {
    spf: bool,
    /// DMARC p=, when there is a record.
    policy: Option<&'static str>,
    dkim: bool,
}

fn published(i: usize) -> Published {
    Published {
        spf: !i.is_multiple_of(3),
        policy: (!i.is_multiple_of(4)).then(|| ["none", "quarantine", "reject"][i % 3]),
        dkim: i.is_multiple_of(5),
    }
}

fn zone_text() -> String {
    let mut z = String::from("$TTL 300\n");
    for i in 0..DOMAINS {
        let d = name(i);
        let p = published(i);
        if p.spf {
            z.push_str(&format!("{d}. IN TXT \"v=spf1 ip4:192.0.2.{} -all\"\n", i));
        }
        if let Some(policy) = p.policy {
            z.push_str(&format!(
                "_dmarc.{d}. IN TXT \"v=DMARC1; p={policy}; rua=mailto:dmarc@{d}\"\n"
            ));
        }
        if p.dkim {
            z.push_str(&format!("default._domainkey.{d}. IN TXT \"{DKIM_KEY}\"\n"));
        }
        z.push_str(&format!(
            "{d}. IN MX 10 mail.{d}.\nmail.{d}. IN A 192.0.2.{i}\n"
        ));
    }
    z
}

/// A folder with the zone and the list: a comment, the 100 domains with a
/// blank line and a bad line among them. Returns (folder, line of the bad
/// entry, line of each domain).
fn fixture(tag: &str) -> (PathBuf, usize, Vec<usize>) {
    let dir = std::env::temp_dir().join(format!(
        "domainauth-check-many-{}-{tag}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("zone"), zone_text()).unwrap();
    let mut list = String::from("# our domains\n");
    let mut lines = Vec::new();
    let mut line = 1;
    let mut bad = 0;
    for i in 0..DOMAINS {
        if i == 50 {
            list.push_str("\nnot..a.domain   # typo\n");
            line += 2;
            bad = line;
        }
        line += 1;
        lines.push(line);
        list.push_str(&format!("{}\n", name(i)));
    }
    std::fs::write(dir.join("list"), list).unwrap();
    (dir, bad, lines)
}

fn args<'a>(dir: &'a str, extra: &[&'a str]) -> Vec<String> {
    let mut a = vec![
        "check".to_string(),
        "--domains".into(),
        format!("{dir}/list"),
        "--zone".into(),
        format!("{dir}/zone"),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn run_args(a: &[String]) -> std::process::Output {
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    run(&refs)
}

/// The table's rows: the lines after the header, by their first column.
fn table_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .skip_while(|l| {
            let l = l.trim_start();
            !l.starts_with("Domain") && !l.starts_with("ドメイン")
        })
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        })
        .collect()
}

#[test]
fn a_hundred_domains_make_a_table_of_a_hundred_rows() {
    let (dir, bad, _) = fixture("table");
    let o = run_args(&args(dir.to_str().unwrap(), &[]));
    // The bad line makes the run exit 2; the others are still checked.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("line {bad}: domain \"not..a.domain\"")),
        "{err}"
    );
    let out = stdout(&o);
    assert!(out.starts_with("100 domains (DNS: zone files "), "{out}");
    let rows = table_rows(&out);
    assert_eq!(rows.len(), DOMAINS, "{out}");
    for (i, row) in rows.iter().enumerate() {
        let p = published(i);
        assert_eq!(row[0], name(i), "{row:?}");
        // SPF lookups: an ip4-only record has none; no record, a dash.
        assert_eq!(row[1], if p.spf { "0" } else { "—" }, "{row:?}");
        assert_eq!(row[2], p.policy.unwrap_or("—"), "{row:?}");
        assert_eq!(row[3], if p.dkim { "1" } else { "0" }, "{row:?}");
    }
}

#[test]
fn a_hundred_domains_make_one_json_object_each() {
    let (dir, bad, lines) = fixture("json");
    let o = run_args(&args(dir.to_str().unwrap(), &["--json"]));
    assert_eq!(o.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let domains = v["domains"].as_array().expect("domains");
    assert_eq!(domains.len(), DOMAINS);
    for (i, d) in domains.iter().enumerate() {
        let p = published(i);
        assert_eq!(d["domain"], name(i));
        assert_eq!(d["line"], lines[i]);
        // Each object holds what `check DOMAIN --json` prints.
        assert_eq!(d["check"]["command"], "check");
        assert_eq!(d["check"]["domain"], name(i));
        let policy = &d["check"]["report"]["dmarc"]["record"]["p"]["value"];
        match p.policy {
            Some(want) => assert_eq!(policy, &Value::from(want), "{}", name(i)),
            None => assert!(d["check"]["report"]["dmarc"]["record"].is_null()),
        }
        let keys = d["check"]["report"]["dkim_keys"].as_array().unwrap();
        assert_eq!(keys.len(), usize::from(p.dkim));
        // Its exit code is the one `check` gives it alone: 1 with a
        // warning or an error among its findings.
        let serious = d["check"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "warning" || f["severity"] == "error");
        assert_eq!(d["exit_code"], u8::from(serious), "{}", name(i));
    }
    let invalid = v["invalid"].as_array().unwrap();
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0]["line"], bad);
    assert_eq!(invalid[0]["value"], "not..a.domain");
    assert_eq!(invalid[0]["error"]["code"], "invalid-domain-in-list");
}

/// RFC 4180 records: fields split on commas outside quotes, "" inside
/// quotes is one quote, CRLF ends a record.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "records end with CRLF");
    let mut records = Vec::new();
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains('\n'), "a bare LF inside a record: {line:?}");
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', false) if field.is_empty() => quoted = true,
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', true) => quoted = false,
                (',', false) => fields.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        fields.push(field);
        records.push(fields);
    }
    records
}

#[test]
fn a_hundred_domains_make_a_csv_that_parses_back() {
    let (dir, _, lines) = fixture("csv");
    let o = run_args(&args(dir.to_str().unwrap(), &["--csv"]));
    assert_eq!(o.status.code(), Some(2));
    let records = parse_csv(&stdout(&o));
    // The header, a row per domain, and one for the line that is not a
    // domain name, so the file accounts for every line of the list.
    assert_eq!(records.len(), DOMAINS + 2);
    let header = &records[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let invalid = &records[DOMAINS + 1];
    assert_eq!(invalid[col("domain")], "not..a.domain");
    assert_eq!(invalid[col("status")], "invalid");
    assert_eq!(invalid[col("worst_finding")], "invalid-domain-in-list");
    for (i, r) in records[1..=DOMAINS].iter().enumerate() {
        let p = published(i);
        assert_eq!(r.len(), header.len());
        assert_eq!(r[col("domain")], name(i));
        assert_eq!(r[col("line")], lines[i].to_string());
        let (errors, warnings) = (&r[col("errors")], &r[col("warnings")]);
        let serious = errors != "0" || warnings != "0";
        assert_eq!(r[col("status")], if serious { "findings" } else { "ok" });
        assert_eq!(r[col("spf_lookups")], if p.spf { "0" } else { "" });
        assert_eq!(r[col("dmarc_policy")], p.policy.unwrap_or(""));
        assert_eq!(r[col("dkim_keys")], if p.dkim { "1" } else { "0" });
        // No record at all is an error (RFC 7208 §4.5 "none" for SPF).
        if !p.spf {
            assert_ne!(errors, "0", "{}", name(i));
        }
    }
}

#[test]
fn the_table_in_japanese() {
    let (dir, bad, _) = fixture("ja");
    let o = run_args(&args(dir.to_str().unwrap(), &["--lang", "ja"]));
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.starts_with("100 件のドメイン（DNS: "), "{out}");
    assert!(out.contains("DMARC ポリシー"), "{out}");
    assert_eq!(table_rows(&out).len(), DOMAINS, "{out}");
    let err = stderr(&o);
    assert!(err.contains(&format!("{bad} 行目: ")), "{err}");
    assert!(!err.contains("line "), "{err}");
}

#[test]
fn one_domain_prints_the_single_domain_report() {
    let (dir, _, _) = fixture("one");
    let dir = dir.to_str().unwrap();
    let zone = format!("{dir}/zone");
    let single = run(&["check", "d001.example", "--zone", &zone]);
    assert!(
        stdout(&single).starts_with("What d001.example publishes"),
        "{}",
        stdout(&single)
    );
    // One domain in a file (read from standard input) is the same report.
    let listed = run_with_stdin(
        &["check", "--domains", "-", "--zone", &zone],
        Some(b"# one\nd001.example\n"),
    );
    assert_eq!(stdout(&listed), stdout(&single));
    assert_eq!(listed.status.code(), single.status.code());
    // Two on the command line (one twice): a table of two rows, exit 1.
    let two = run(&[
        "check",
        "d001.example",
        "d002.example",
        "D001.example.",
        "--zone",
        &zone,
        "--concurrency",
        "1",
    ]);
    assert_eq!(two.status.code(), Some(1), "{}", stderr(&two));
    let rows = table_rows(&stdout(&two));
    assert_eq!(rows.len(), 2, "{}", stdout(&two));
    assert_eq!(
        (rows[0][0].as_str(), rows[1][0].as_str()),
        ("d001.example", "d002.example")
    );
}

#[test]
fn concurrency_changes_nothing_in_the_output() {
    let (dir, _, _) = fixture("concurrency");
    let dir = dir.to_str().unwrap();
    let one = run_args(&args(dir, &["--concurrency", "1", "--json"]));
    let many = run_args(&args(dir, &["--concurrency", "64", "--json"]));
    assert_eq!(stdout(&one), stdout(&many));
    let zero = run_args(&args(dir, &["--concurrency", "0"]));
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn a_line_with_control_characters_is_reported_escaped() {
    let (dir, _, _) = fixture("controls");
    let zone = format!("{}/zone", dir.display());
    let o = run_with_stdin(
        &["check", "--domains", "-", "--zone", &zone],
        Some(b"d001.example\n\x1b[31mred\x07\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    // Escaped once: the terminal sees no ESC or BEL, the reader sees them named.
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains("line 2: domain \"\\x1b[31mred\\x07\""),
        "{err}"
    );
    assert_eq!(table_rows(&stdout(&o)).len(), 1);
}

/// Through the real resolver against the local authoritative server: one
/// domain's SPF record never answers; it is reported as a DNS failure of
/// that domain (not as "no record"), and the others are checked as usual.
#[test]
fn a_domain_whose_server_does_not_answer_is_one_row_among_the_others() {
    use domainauth::dns::ZoneResolver;
    use domainauth_testkit::server::{ServerFault, TestDnsServer};
    let (dir, _, _) = fixture("server");
    let zone = ZoneResolver::from_zone_file(&dir.join("zone")).unwrap();
    let server = TestDnsServer::start(&zone).unwrap();
    server.set_fault("d001.example", ServerFault::NoAnswer);
    let addr = server.addr().to_string();
    let o = run(&[
        "check",
        "d000.example",
        "d001.example",
        "d002.example",
        "--resolver",
        &addr,
        "--timeout",
        "1",
        "--selector",
        "default",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let domains = v["domains"].as_array().unwrap();
    assert_eq!(domains.len(), 3);
    let codes = |i: usize| -> Vec<String> {
        domains[i]["check"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    // The SPF tree names the DNS failure (it stands for `spf-temperror`).
    assert!(
        codes(1).contains(&"spf-lint-dns-failure".to_string()),
        "{:?}",
        codes(1)
    );
    assert!(
        !codes(1).contains(&"spf-none".to_string()),
        "{:?}",
        codes(1)
    );
    // d000 publishes no SPF record (i % 3 == 0), d002 does.
    assert!(codes(0).contains(&"spf-none".to_string()), "{:?}", codes(0));
    assert!(
        !codes(2).iter().any(|c| c.starts_with("spf-")),
        "{:?}",
        codes(2)
    );
    assert_eq!(
        domains[2]["check"]["report"]["dmarc"]["record"]["p"]["value"],
        "reject"
    );
}

/// A list with nothing to check (blank lines and comments only) is refused
/// rather than passing: a monitoring job fed the wrong file must not go
/// green.
#[test]
fn an_empty_list_is_refused() {
    let (dir, _, _) = fixture("empty");
    let zone = format!("{}/zone", dir.display());
    let o = run_with_stdin(
        &["check", "--domains", "-", "--zone", &zone],
        Some(b"# nothing yet\n\n   \n"),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no domain to check"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

/// A list over the limit is refused before any lookup, and a long list of
/// repeats is read in linear time (each name checked once).
#[test]
fn a_list_over_the_limit_is_refused_and_repeats_are_checked_once() {
    let (dir, _, _) = fixture("limit");
    let zone = format!("{}/zone", dir.display());
    let many: String = (0..10_001).map(|i| format!("d{i}.example\n")).collect();
    let o = run_with_stdin(
        &["check", "--domains", "-", "--zone", &zone],
        Some(many.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("10000"), "{}", stderr(&o));
    let repeats = "d001.example\n".repeat(50_000);
    let o = run_with_stdin(
        &["check", "--domains", "-", "--zone", &zone, "--csv"],
        Some(repeats.as_bytes()),
    );
    // One domain, given once or 50,000 times: the single-domain report.
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", stderr(&o));
    assert!(!stdout(&o).is_empty());
}
