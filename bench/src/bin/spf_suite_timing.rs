//! Times SPF evaluation over every case of the openspf rfc7208 suite with
//! in-memory zones, for `bench/spf_vs_pyspf.sh`.
//!
//! usage: spf_suite_timing SUITE.yml [ROUNDS] [trace|notrace] [cache|nocache]
//! Prints one JSON line: evaluations, seconds, ns_per_eval, matched.
//! `notrace` is the library's default, what a receiving server runs; `trace`
//! also records every step, as `domainauth spf check` shows it.

use std::time::Instant;

use domainauth::spf::{Config, Verifier};
use domainauth_testkit::openspf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: spf_suite_timing SUITE.yml [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(200);
    let trace = args.next().as_deref() != Some("notrace");
    // `nocache` parses every record on every evaluation.
    let record_cache = if args.next().as_deref() == Some("nocache") {
        0
    } else {
        Config::default().record_cache
    };
    let scenarios = match openspf::load(std::path::Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("spf_suite_timing: {e}");
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let prepared: Vec<_> = scenarios
        .into_iter()
        .map(|s| {
            let envs: Vec<_> = s
                .cases
                .iter()
                .map(|c| (c.envelope(), c.results.clone()))
                .collect();
            let mut config = Config::default();
            config.trace = trace;
            config.record_cache = record_cache;
            (Verifier::with_config(s.zone, config), envs)
        })
        .collect();
    let mut matched = 0;
    let mut evaluations = 0usize;
    let start = Instant::now();
    rt.block_on(async {
        for round in 0..rounds {
            for (verifier, envs) in &prepared {
                for (env, want) in envs {
                    let eval = verifier.check_mail_from(env).await;
                    evaluations += 1;
                    if round == 0 && want.contains(&eval.result) {
                        matched += 1;
                    }
                }
            }
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"impl\":\"domainauth\",\"trace\":{trace},\"record_cache\":{record_cache},\"evaluations\":{evaluations},\"seconds\":{seconds:.6},\"ns_per_eval\":{:.1},\"matched\":{matched}}}",
        seconds * 1e9 / evaluations as f64
    );
}
