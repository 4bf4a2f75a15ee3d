//! `domainauth milter`: the mail filter daemon for Postfix and Sendmail.

use std::path::PathBuf;

use clap::Args;

pub use crate::milter_import::MilterCommand;
use domainauth::diag::ui;
use domainauth_milter::config::{Config, ConfigError, Listen};
use domainauth_milter::signing::{KeyCheck, KeyError, Published};
use domainauth_milter::{Milter, ServeError};

use crate::Common;
use crate::error::CliError;
use crate::exit;
use crate::json::SchemaVersion;
use crate::json::milter::{CheckConfigDocument, KeyCheckEntry};
use crate::output::{print_json, write_stdout};

/// Options of `domainauth milter`.
#[derive(Debug, Args)]
pub struct MilterArgs {
    /// Converting another filter's configuration instead of running.
    #[command(subcommand)]
    pub command: Option<MilterCommand>,
    /// The configuration file (TOML; docs/milter.md has a commented
    /// example).
    #[arg(long, value_name = "FILE", required = true)]
    pub config: Option<PathBuf>,
    /// Where to listen, overriding the file: inet:HOST:PORT (or
    /// inet:PORT@HOST) or unix:/PATH, as Postfix's smtpd_milters writes it.
    #[arg(long, value_name = "SOCKET")]
    pub listen: Option<Listen>,
    /// Read the configuration, its keys and zone files as the daemon would,
    /// check each signing key against DNS as receivers will, say what was
    /// found, and exit (1 while a key is not published as configured).
    /// With --json, one document (docs/json.md).
    #[arg(long)]
    pub check_config: bool,
}

/// The daemon's options once `--config` is known.
struct RunArgs {
    config: PathBuf,
    listen: Option<Listen>,
    check_config: bool,
}

/// Runs the daemon until it is stopped; with --check-config, exits 0 for a
/// valid configuration.
pub async fn run(args: MilterArgs, common: &Common) -> Result<u8, CliError> {
    if let Some(command) = args.command {
        return crate::milter_import::run(command, common);
    }
    let Some(config_path) = args.config else {
        return Err(CliError::usage("milter-config-missing"));
    };
    let args = RunArgs {
        config: config_path,
        listen: args.listen,
        check_config: args.check_config,
    };
    let mut config = Config::load(&args.config).map_err(|e| match e {
        ConfigError::Read { path, source } => CliError::usage("read-file")
            .param("path", path.display())
            .param("error", source),
        ConfigError::Toml {
            line,
            column,
            message,
        } => CliError::usage("milter-config")
            .param("path", args.config.display())
            .param("line", line)
            .param("column", column)
            .param("error", message),
        ConfigError::SocketMode(mode) => CliError::usage("milter-socket-mode")
            .param("path", args.config.display())
            .param("mode", format!("{mode:#o}")),
        ConfigError::ZeroLimit(name) => CliError::usage("milter-limit-zero")
            .param("path", args.config.display())
            .param("name", name),
        ConfigError::DnsServerAndZones => {
            CliError::usage("milter-dns-both").param("path", args.config.display())
        }
        other => CliError::usage("milter-config-other")
            .param("path", args.config.display())
            .param("error", other),
    })?;
    let listen_given = args.listen.is_some();
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if args.check_config {
        let (keys, resolver) = domainauth_milter::check(&config).map_err(|e| match e {
            ServeError::Key(e) => key_error(e, &args.config),
            e => CliError::usage("milter-config-other")
                .param("path", args.config.display())
                .param("error", crate::error::one_line(&e)),
        })?;
        // Each key against DNS, as receivers will see it.
        let checks = keys.check_published(resolver).await;
        return print_check(common, &args.config, &config, &checks);
    }
    // The log goes to standard error (journald under systemd): coloured
    // only on a terminal, as --color and NO_COLOR say.
    let colour = {
        use std::io::IsTerminal as _;
        crate::environment::colour_enabled(
            common.color,
            false,
            std::io::stderr().is_terminal(),
            |name| std::env::var_os(name),
        )
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DOMAINAUTH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .try_init();
    let milter = Milter::open(config)
        .await
        .map_err(|e| match e {
            ServeError::Key(e) => key_error(e, &args.config),
            e => CliError::failure("milter-serve").param("error", crate::error::one_line(&e)),
        })?
        .reload_on_hangup(&args.config, listen_given);
    milter.serve().await.map_err(|e| {
        CliError::failure("milter-serve").param("error", crate::error::one_line(&e))
    })?;
    Ok(exit::OK)
}

/// Prints what `--check-config` found (text, or the JSON document) and
/// gives the exit status: 1 while a key is not published as configured.
fn print_check(
    common: &Common,
    path: &std::path::Path,
    config: &Config,
    checks: &[KeyCheck],
) -> Result<u8, CliError> {
    let lang = common.lang;
    let summary = ui(
        lang,
        "ui-milter-config-valid",
        &[
            ("path", &path.display().to_string()),
            ("listen", &config.listen.to_string()),
            ("keys", &config.signing.keys.len().to_string()),
        ],
    );
    let entries: Vec<KeyCheckEntry<'_>> = checks
        .iter()
        .map(|check| {
            // The reason, when there is one, in the reader's language.
            let (published, id, reason) = match &check.published {
                Published::Matches => ("matches", "ui-milter-key-matches", None),
                Published::Differs => ("differs", "ui-milter-key-differs", None),
                Published::Missing(None) => ("missing", "ui-milter-key-missing", None),
                Published::Missing(Some(why)) => {
                    ("missing", "ui-milter-key-missing-why", Some(why))
                }
                Published::LookupFailed(None) => {
                    ("lookup-failed", "ui-milter-key-lookup-failed", None)
                }
                Published::LookupFailed(Some(why)) => (
                    "lookup-failed",
                    "ui-milter-key-lookup-failed-why",
                    Some(why),
                ),
                _ => ("missing", "ui-milter-key-missing", None),
            };
            let shown = reason.map(|r| r.render(lang)).unwrap_or_default();
            let message = ui(
                lang,
                id,
                &[
                    ("name", &check.name),
                    ("selector", &check.selector),
                    ("domain", &check.domain),
                    ("record", &check.record),
                    ("reason", &shown),
                ],
            );
            KeyCheckEntry {
                domain: &check.domain,
                selector: &check.selector,
                name: &check.name,
                record: &check.record,
                published,
                reason: reason.map(ToString::to_string),
                message,
            }
        })
        .collect();
    let all_published = checks.iter().all(|c| c.published == Published::Matches);
    if common.json {
        print_json(&CheckConfigDocument {
            schema_version: SchemaVersion,
            command: "milter --check-config",
            config: path.display().to_string(),
            listen: config.listen.to_string(),
            all_published,
            keys: entries,
            message: summary,
        })?;
    } else {
        // Through write_stdout: a reader that goes away (`| head`) ends the
        // output quietly.
        let mut text = format!("{summary}\n");
        for entry in &entries {
            text.push_str(&format!("  {}\n", entry.message));
        }
        write_stdout(text.as_bytes())?;
    }
    // A valid file whose keys receivers cannot use yet: exit 1.
    Ok(if all_published {
        exit::OK
    } else {
        exit::NOT_OK
    })
}

/// A signing key the milter cannot use, in the words `dkim sign` uses for
/// the same faults.
fn key_error(e: KeyError, config: &std::path::Path) -> CliError {
    match e {
        // A key the configuration names and that is not there is a fault
        // of the configuration (exit 2, as --help says).
        KeyError::Read { path, source } => CliError::usage("read-key")
            .param("path", path.display())
            .param("error", source),
        KeyError::NotAFile { path } => {
            CliError::usage("key-not-a-file").param("path", path.display())
        }
        KeyError::Readable { path, mode } => CliError::usage("milter-key-readable")
            .param("path", path.display())
            .param("mode", format!("{mode:o}")),
        KeyError::Invalid { path, source } => CliError::usage("key-invalid")
            .param("path", path.display())
            .param("error", crate::error::one_line(&source)),
        other => CliError::usage("milter-config-other")
            .param("path", config.display())
            .param("error", crate::error::one_line(&other)),
    }
}
