//! `domainauth`: check and explain email sender authentication.
//!
//! A thin shell over the `domainauth` library: argument handling, choosing
//! the resolver, and printing results as text (en/ja) or JSON.

mod check_cmd;
mod dkim_cmd;
mod dmarc_cmd;
mod error;
mod output;
mod resolver;
mod spf_cmd;
mod usage;
mod verify_cmd;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use domainauth::diag::Lang;

pub use error::CliError;

/// Exit codes, documented in `--help`.
pub mod exit {
    /// The check ran and the result is good (SPF pass; a record or domain with no warning or error).
    pub const OK: u8 = 0;
    /// The check ran and the result is not good (any SPF result but pass; a warning or error).
    pub const NOT_OK: u8 = 1;
    /// The arguments are wrong (invalid IP address or domain, unknown option).
    pub const USAGE: u8 = 2;
    /// The check could not run (zone file unreadable, resolver that could not start or does not answer).
    pub const FAILURE: u8 = 3;
}

/// The exit codes and offline use, shown under every command's --help.
pub(crate) const AFTER_HELP: &str = "\
Exit codes:
  0  the check ran and passed: verify: DMARC pass and every --profile check met
     (whatever else the findings note); spf check, dkim verify: every result
     pass; check, dmarc check/lint, spf record: no warning and no error. So the
     command can serve as a monitoring check (check DOMAIN for a domain's records)
  1  the check ran and did not pass (any other result; for the record and
     domain checks, any warning or error)
  2  invalid arguments (an IP address or domain that cannot be used, an unknown option)
  3  the check could not run (unreadable message or zone file, a DNS resolver
     that cannot start or answers nothing: it is named, and no domain is blamed)
With --json an error is an object on stdout instead of a line on stderr:
  {\"error\": {\"code\": ..., \"message\": ..., \"params\": {...}}}, same exit code.

Offline use: give the DNS data as zone files with --zone (repeatable) to see what
receivers would conclude if those records were published. Without --zone the
system resolver is used; --resolver IP:PORT picks a server.";

/// Check and explain email sender authentication (SPF, DKIM, DMARC) for a domain or a message.
///
/// Receivers decide whether mail really comes from the domain it claims by
/// checking what that domain publishes in DNS. domainauth runs the same
/// checks, says which record or setting decides the result, and what to
/// change, in English or Japanese (--lang ja).
#[derive(Debug, Parser)]
#[command(name = "domainauth", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Language of the explanations: en or ja.
    #[arg(long, global = true, default_value = "en", value_parser = parse_lang)]
    pub lang: Lang,
    /// Print the result as JSON (codes and parameters, plus rendered text)
    /// instead of text; an error too, as {"error": {...}} on stdout.
    #[arg(long, global = true)]
    pub json: bool,
}

fn parse_lang(s: &str) -> Result<Lang, domainauth::diag::ParseLangError> {
    s.parse()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify a message: SPF, DKIM and DMARC together, explained, with the
    /// Authentication-Results field a receiver would add.
    ///
    /// Prints a verdict table (authentication and alignment with the From
    /// domain per method), the causes with their fixes, and the header. Give
    /// the envelope with --ip/--helo/--mail-from, or let it be read from the
    /// message's Received-SPF, Authentication-Results, Return-Path and
    /// Received fields (--trust-authserv-id names the receiver to believe).
    /// Existing Authentication-Results fields (a Gmail "show original" paste)
    /// are read and explained too.
    ///
    /// Example (offline, the bundled S1 scenario):
    ///
    ///   domainauth verify examples/s1/message.eml --zone examples/s1/example.co.jp.zone --ip 203.0.113.25 --helo mail.example.co.jp --mail-from info@example.co.jp
    ///
    /// Example (a Gmail "show original" saved as a file, live DNS):
    ///
    ///   domainauth verify original.eml --trust-authserv-id mx.google.com --profile gmail-bulk
    #[command(after_help = AFTER_HELP)]
    Verify(verify_cmd::VerifyArgs),
    /// What a domain publishes for mail authentication, and what is missing.
    ///
    /// Reads the SPF record tree, the DMARC record (linted), DKIM keys at the
    /// selectors given or those common providers use, the A/MX records, and —
    /// with --ip — the SPF result and reverse DNS of your sending address.
    /// Each missing piece comes with the record to publish.
    ///
    /// Example (offline, the bundled S1 scenario):
    ///
    ///   domainauth check example.co.jp --zone examples/s1/example.co.jp.zone --ip 203.0.113.25
    #[command(after_help = AFTER_HELP)]
    Check(check_cmd::CheckArgs),
    /// DMARC (RFC 9989, RFC 7489): check a domain's record or lint a record before publishing.
    ///
    /// DMARC ties SPF and DKIM to the From domain readers see: mail passes
    /// when SPF or DKIM passes for a domain aligned with it, and the record
    /// at _dmarc.<domain> says what receivers should do with the rest.
    #[command(after_help = AFTER_HELP)]
    Dmarc {
        #[command(subcommand)]
        command: dmarc_cmd::DmarcCommand,
    },
    /// Sender Policy Framework (RFC 7208): which hosts may send for a domain.
    ///
    /// A domain lists the hosts allowed to send its mail in a TXT record
    /// starting with v=spf1; a receiver checks the connecting IP address
    /// against the record of the MAIL FROM (envelope) domain. SPF says
    /// nothing about the From: header a reader sees: DMARC ties the two.
    #[command(after_help = AFTER_HELP)]
    Spf {
        #[command(subcommand)]
        command: spf_cmd::SpfCommand,
    },
    /// DomainKeys Identified Mail (RFC 6376, 8301, 8463): signatures over header and body.
    ///
    /// The signing domain (d=) publishes a public key in DNS; receivers check
    /// that the signed header fields and body are unchanged. A signature only
    /// counts for DMARC when d= is the From domain (or shares its
    /// organizational domain).
    #[command(after_help = AFTER_HELP)]
    Dkim {
        #[command(subcommand)]
        command: dkim_cmd::DkimCommand,
    },
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: printed as clap prints them.
            let _ = e.print();
            return ExitCode::from(exit::OK);
        }
        Err(e) => {
            let (lang, json) = usage::early_options(&argv);
            let error = usage::clap_error(&e);
            if json {
                error.report(lang, true);
            } else {
                usage::print_clap_error(&e, &error, lang);
            }
            return ExitCode::from(error.exit_code());
        }
    };
    let (lang, json) = (cli.common.lang, cli.common.json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let error = CliError::failure("runtime").reason("error", &e);
            error.report(lang, json);
            return ExitCode::from(error.exit_code());
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Verify(args) => verify_cmd::run(args, &cli.common).await,
            Command::Check(args) => check_cmd::run(args, &cli.common).await,
            Command::Dmarc { command } => dmarc_cmd::run(command, &cli.common).await,
            Command::Spf { command } => spf_cmd::run(command, &cli.common).await,
            Command::Dkim { command } => dkim_cmd::run(command, &cli.common).await,
        }
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            e.report(lang, json);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Seconds since the epoch: the clock the library is given (it reads none itself).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
