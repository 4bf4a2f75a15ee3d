//! Writes a deterministic corpus of DMARC aggregate, SMTP TLS and failure
//! reports (domainauth_testkit::corpus) to a folder, for the report
//! benchmarks and for trying `domainauth reports ingest` on many reports.
//!
//! usage: report_corpus --out DIR [--seed N] [--reports N] [--target-bytes N[K|M|G]]
//!                      [--format mixed|xml|gz|zip|mail|mbox|maildir]
//!                      [--max-records N] [--without-quirks Q,Q…] [--manifest FILE]
//!        report_corpus --scenario four-causes --out DIR
//!
//! Stops after `--reports` aggregate reports or once the files add up to
//! `--target-bytes` (1G = 2^30 bytes), whichever comes first (100 reports
//! when neither is given). `--without-quirks bom,prefixed` leaves out what
//! parsedmarc cannot read (see crates/domainauth-testkit/tests/
//! corpus_parsedmarc.rs). Prints the counts as one JSON line; `--manifest`
//! writes what each file holds, one JSON line per file. The scenario writes
//! the fixed four-causes corpus and its zone file (`DIR.zone`, beside `DIR`).

use std::io::Write as _;
use std::path::PathBuf;

use domainauth_testkit::corpus::{
    Corpus, Format, GeneratedFile, Options, Quirk, scenario_four_causes,
};

fn usage(message: &str) -> ! {
    eprintln!("report_corpus: {message}");
    eprintln!(
        "usage: report_corpus --out DIR [--seed N] [--reports N] [--target-bytes N[K|M|G]] \
         [--format mixed|xml|gz|zip|mail|mbox|maildir] [--max-records N] \
         [--without-quirks Q,Q...] [--manifest FILE]\n\
         \x20      report_corpus --scenario four-causes --out DIR"
    );
    std::process::exit(2);
}

fn bytes_arg(text: &str) -> Option<u64> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return None,
    };
    digits.parse::<u64>().ok()?.checked_mul(1 << shift)
}

fn main() {
    let mut options = Options::new(1, 100);
    options.reports = None;
    let mut out: Option<PathBuf> = None;
    let mut manifest: Option<PathBuf> = None;
    let mut scenario = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value())),
            "--seed" => {
                options.seed = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--seed takes a number"))
            }
            "--reports" => {
                options.reports = Some(
                    value()
                        .parse()
                        .unwrap_or_else(|_| usage("--reports takes a number")),
                )
            }
            "--target-bytes" => {
                options.target_bytes = Some(
                    bytes_arg(&value())
                        .unwrap_or_else(|| usage("--target-bytes takes N, NK, NM or NG")),
                )
            }
            "--format" => options.format = value().parse::<Format>().unwrap_or_else(|e| usage(&e)),
            "--max-records" => {
                options.max_records = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--max-records takes a number"))
            }
            "--without-quirks" => {
                let quirks: Vec<Quirk> = value()
                    .split(',')
                    .filter(|q| !q.is_empty())
                    .map(|q| q.parse().unwrap_or_else(|e: String| usage(&e)))
                    .collect();
                options.without = Box::leak(quirks.into_boxed_slice());
            }
            "--manifest" => manifest = Some(PathBuf::from(value())),
            "--scenario" => {
                if value() != "four-causes" {
                    usage("the only scenario is four-causes");
                }
                scenario = true;
            }
            "-h" | "--help" => usage("writes a report corpus"),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    let out = out.unwrap_or_else(|| usage("--out is required"));
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        usage(&format!("{} is not empty", out.display()));
    }
    let mut manifest = manifest.map(|path| {
        std::io::BufWriter::new(
            std::fs::File::create(&path)
                .unwrap_or_else(|e| usage(&format!("cannot create {}: {e}", path.display()))),
        )
    });
    let mut write = |file: &GeneratedFile| {
        if let Err(e) = file.write_under(&out) {
            eprintln!(
                "report_corpus: cannot write {}: {e}",
                out.join(&file.path).display()
            );
            std::process::exit(1);
        }
        if let Some(m) = manifest.as_mut() {
            let line = serde_json::json!({
                "path": file.path,
                "bytes": file.bytes.len(),
                "contents": file.contents,
            });
            let ok = serde_json::to_writer(&mut *m, &line).is_ok() && m.write_all(b"\n").is_ok();
            if !ok {
                eprintln!("report_corpus: cannot write the manifest");
                std::process::exit(1);
            }
        }
    };

    if scenario {
        let s = scenario_four_causes();
        for file in &s.files {
            write(file);
        }
        // Beside the folder, not in it: the folder holds only reports.
        if let Err(e) = std::fs::write(out.with_extension("zone"), &s.zone) {
            eprintln!("report_corpus: cannot write the zone: {e}");
            std::process::exit(1);
        }
        println!(
            "{}",
            serde_json::json!({ "files": s.files.len() + 1, "domain": s.domain })
        );
        return;
    }

    let mut corpus = Corpus::new(options);
    for file in corpus.by_ref() {
        write(&file);
    }
    if let Some(mut m) = manifest
        && m.flush().is_err()
    {
        eprintln!("report_corpus: cannot write the manifest");
        std::process::exit(1);
    }
    let s = corpus.stats();
    println!(
        "{}",
        serde_json::json!({
            "files": s.files,
            "bytes": s.bytes,
            "aggregate_reports": s.aggregate_reports,
            "records": s.records,
            "messages": s.messages,
            "tls_reports": s.tls_reports,
            "failure_reports": s.failure_reports,
        })
    );
}
