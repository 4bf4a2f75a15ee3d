//! `domainauth reports ingest`: files, folders, Maildirs, mboxes or an
//! IMAP mailbox into the store, with a progress line on a terminal and the
//! counts at the end.

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::time::Duration;

use domainauth::diag::{Lang, ui};
use domainauth_reports::ingest::{self, Counts};
use domainauth_reports::source::imap::{ImapConfig, ImapSource, ImapUrl, Password, WatchEvent};
use domainauth_reports::{Explain, Limits};
use indicatif::{ProgressBar, ProgressStyle};

use crate::error::ErrorKind;
use crate::output::{Cell, Text, print_json, print_text, rows_text, term};
use crate::reports_cmd::{IngestArgs, count_text, open_store, reverse_dns, store_error};
use crate::{CliError, Common, exit};

/// A progress line on stderr when it is a terminal (and the output is not
/// JSON); nothing otherwise.
fn progress_bar(common: &Common) -> Option<ProgressBar> {
    if common.json || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").ok()?);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

fn progress_text(lang: Lang, c: &Counts) -> String {
    ui(
        lang,
        "reports-ui-ingest-progress",
        &[
            ("inputs", &count_text(c.inputs)),
            ("stored", &count_text(c.stored())),
            ("duplicates", &count_text(c.duplicates())),
            ("rejected", &count_text(c.refused())),
        ],
    )
}

pub async fn run(args: IngestArgs, common: &Common) -> Result<u8, CliError> {
    let lang = common.lang;
    let imap = match &args.imap {
        Some(url) => Some(imap_config(&args, url)?),
        None => None,
    };
    let resolver = if args.offline {
        None
    } else {
        Some(args.dns.build()?)
    };
    let store = open_store(&args.db, true).await?;
    let bar = progress_bar(common);
    let mut on_progress = |c: &Counts| {
        if let Some(bar) = &bar {
            bar.set_message(progress_text(lang, c));
        }
    };
    let limits = Limits::default();
    let mut counts = Counts::default();
    let mut paths_result = Ok(());
    if !args.paths.is_empty() {
        paths_result = ingest::ingest_paths_into(
            &store,
            args.paths.clone(),
            limits,
            &mut counts,
            &mut on_progress,
        )
        .await
        .map_err(|e| store_error(&e));
    }
    let imap_result = match (imap, &paths_result) {
        (Some(config), Ok(())) => {
            run_imap(&store, config, &args, limits, &mut counts, &mut on_progress).await
        }
        _ => Ok(()),
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let failed = paths_result
        .as_ref()
        .err()
        .or(imap_result.as_ref().err())
        .cloned();
    let mut lookups = None;
    if let Some(resolver) = resolver.filter(|_| !counts.sources.is_empty() && failed.is_none()) {
        let ips: Vec<_> = counts.sources.iter().copied().collect();
        let n = ips.len();
        reverse_dns(&store, ips, Some((resolver, usize::from(args.lookups)))).await?;
        lookups = Some(n);
    }
    let target = store.target().to_string();
    store.close().await;
    // What was stored is reported even when the run ended on an error:
    // with --json, the error is part of the one document.
    if common.json {
        print_json(&crate::json::reports::IngestDocument::new(
            lang,
            &target,
            &counts,
            lookups,
            failed.as_ref(),
        ))?;
        if let Some(e) = failed {
            return Ok(e.exit_code());
        }
    } else {
        print_text(
            &ingest_text(lang, &target, &counts, lookups, args.offline),
            common.colour(),
        )?;
    }
    paths_result?;
    imap_result?;
    Ok(if counts.refused() == 0 {
        exit::OK
    } else {
        exit::NOT_OK
    })
}

fn imap_config(args: &IngestArgs, url: &str) -> Result<ImapConfig, CliError> {
    let url: ImapUrl = url
        .parse()
        .map_err(|e: domainauth_reports::source::imap::UrlError| {
            CliError::explained(ErrorKind::Usage, "imap-url", &e)
        })?;
    let password = match &args.imap_password_file {
        Some(path) => Password::from_file(path),
        None => Password::from_env(&args.imap_password_env),
    }
    .map_err(|e| CliError::explained(ErrorKind::Usage, "imap-password", &e))?;
    let mut config = ImapConfig::new(url, password);
    config.ca_file = args.imap_ca.clone();
    Ok(config)
}

async fn run_imap(
    store: &domainauth_reports::store::Store,
    config: ImapConfig,
    args: &IngestArgs,
    limits: Limits,
    counts: &mut Counts,
    progress: &mut (dyn FnMut(&Counts) + Send),
) -> Result<(), CliError> {
    let imap_error = |e: &dyn Explain| CliError::explained(ErrorKind::Failure, "imap", e);
    let mut source = ImapSource::connect(config)
        .await
        .map_err(|e| imap_error(&e))?;
    let move_to = args.move_to.as_deref();
    let mut first = true;
    loop {
        ingest::ingest_imap(store, &mut source, move_to, limits, first, counts, progress)
            .await
            .map_err(|e| imap_error(&e))?;
        first = false;
        if !args.watch {
            break;
        }
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match source.watch(stop).await.map_err(|e| imap_error(&e))? {
            WatchEvent::NewMail => {}
            _ => break,
        }
    }
    source.logout().await.map_err(|e| imap_error(&e))
}

/// A number of reports or files (`12` in English, `12 件` in Japanese).
fn n(lang: Lang, value: u64) -> String {
    ui(lang, "reports-ui-n", &[("n", &count_text(value))])
}

fn ingest_text(
    lang: Lang,
    target: &str,
    c: &Counts,
    lookups: Option<usize>,
    offline: bool,
) -> Text {
    let mut out = Text::from(format!(
        "{}\n\n",
        ui(lang, "reports-ui-ingest-title", &[("store", target)])
    ));
    let row = |id: &str, value: String| (Cell::label(ui(lang, id, &[])), Cell::label(value));
    let mut rows = vec![
        row("reports-ui-ingest-inputs", n(lang, c.inputs)),
        row(
            "reports-ui-ingest-aggregate",
            ui(
                lang,
                "reports-ui-ingest-aggregate-value",
                &[
                    ("stored", &count_text(c.aggregate_stored)),
                    ("records", &count_text(c.records)),
                    ("messages", &count_text(c.messages)),
                ],
            ),
        ),
        row("reports-ui-ingest-failure", n(lang, c.failure_stored)),
        row("reports-ui-ingest-tls", n(lang, c.tls_stored)),
        row("reports-ui-ingest-duplicates", n(lang, c.duplicates())),
        row("reports-ui-ingest-rejected", n(lang, c.refused())),
    ];
    rows.push(match (lookups, offline) {
        (_, true) => row(
            "reports-ui-ingest-rdns",
            ui(lang, "reports-ui-ingest-rdns-offline", &[]),
        ),
        (Some(n), false) => row(
            "reports-ui-ingest-rdns",
            ui(
                lang,
                "reports-ui-ingest-rdns-done",
                &[("count", &count_text(n as u64))],
            ),
        ),
        (None, false) => row("reports-ui-ingest-rdns", "—".to_string()),
    });
    out.push_text(rows_text(rows));
    if !c.rejected.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            ui(lang, "reports-ui-ingest-rejected-title", &[])
        );
        for r in &c.rejected {
            let reason = r.reason_text(lang);
            let name = term(&r.name);
            // Errors about a path name it already.
            if reason.contains(name.as_ref()) {
                let _ = writeln!(out, "  {reason}");
            } else {
                let _ = writeln!(out, "  {name}: {reason}");
            }
        }
        if c.rejected_unlisted > 0 {
            let _ = writeln!(
                out,
                "  {}",
                ui(
                    lang,
                    "reports-ui-more-refused",
                    &[("count", &count_text(c.rejected_unlisted))]
                )
            );
        }
    }
    if c.duplicates() > 0 && c.stored() == 0 {
        let _ = writeln!(out, "\n{}", ui(lang, "reports-ui-ingest-nothing-new", &[]));
    }
    out
}
