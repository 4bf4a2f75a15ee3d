//! `domainauth`: check and explain email sender authentication.
//!
//! A thin shell over the `domainauth` library: argument handling, choosing
//! the resolver, and printing results as text (en/ja) or JSON.

// Doc comments on the argument structs are the --help text, where `<name>`
// is the usual placeholder notation, not HTML.
#![allow(rustdoc::invalid_html_tags)]
// … and `[:PORT]` is optional syntax, not a link.
#![allow(rustdoc::broken_intra_doc_links)]

mod arc_cmd;
mod check_cmd;
mod check_many;
mod check_profile;
mod dkim_cmd;
mod dmarc_cmd;
mod environment;
mod error;
mod files;
mod generate;
mod help;
mod input;
mod json;
mod milter_cmd;
mod milter_import;
mod mta_sts_fetch;
mod output;
mod reports_cmd;
mod reports_ingest;
mod reports_show;
mod resolver;
mod schema_cmd;
mod spf_cmd;
mod usage;
mod values;
mod verify_cmd;

use std::process::ExitCode;

use clap::{ArgMatches, Args, ColorChoice, CommandFactory, FromArgMatches, Parser, Subcommand};
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

/// Check and explain email sender authentication (SPF, DKIM, DMARC, ARC) for a domain or a message.
///
/// Receivers decide whether mail really comes from the domain it claims by
/// checking what that domain publishes in DNS. domainauth runs the same
/// checks, says which record or setting decides the result, and what to
/// change, in English or Japanese (--lang ja, or a Japanese locale). ARC
/// (RFC 8617) shows what each forwarder or mailing list verified on the
/// way (arc verify) and seals a message as one more hop (arc seal).
#[derive(Debug, Parser)]
#[command(name = "domainauth", version, after_help = help::after_help())]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Language of the explanations: en or ja. Without it the locale
    /// decides (LC_ALL, then LC_MESSAGES, then LANG: ja_JP.UTF-8 is
    /// Japanese); any other locale, or none, is English.
    #[arg(id = "lang", long = "lang", value_name = "LANG", global = true, value_parser = values::lang())]
    lang_option: Option<Lang>,
    /// The language to write in: `--lang`, else the locale's (set in `main`).
    #[arg(skip)]
    pub lang: Lang,
    /// Print the result as JSON (codes and parameters, plus rendered text)
    /// instead of text; an error too, as {"error": {...}} on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// With --json, also give how the results were reached, in the
    /// documents of verify (each SPF evaluation's DNS queries and terms in
    /// order, "trace"; each author domain's DMARC tree walk, "walk"), spf
    /// check ("trace") and dmarc check ("walk"); diagnostic detail, left out
    /// by default (docs/json.md). Without --json, and for the other
    /// commands, it changes nothing: the text of spf check always shows the
    /// SPF path.
    #[arg(long, global = true)]
    pub trace: bool,
    /// Colour severities and results in text output: auto (when standard
    /// output is a terminal, NO_COLOR is unset or empty and TERM is not
    /// dumb), always or never. JSON is never coloured.
    #[arg(long, global = true, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl Common {
    /// Whether text output is coloured (see [`environment::colour_enabled`]).
    pub fn colour(&self) -> bool {
        use std::io::IsTerminal as _;
        environment::colour_enabled(
            self.color,
            self.json,
            std::io::stdout().is_terminal(),
            |name| std::env::var_os(name),
        )
    }
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
    #[command(after_help = help::after_help())]
    Verify(verify_cmd::VerifyArgs),
    /// What a domain publishes for mail authentication, and what is missing.
    ///
    /// Reads the SPF record tree, the DMARC record (linted), DKIM keys at the
    /// selectors given or those common providers use, the A/MX records, and —
    /// with --ip — the SPF result and reverse DNS of your sending address.
    /// Each missing piece comes with the record to publish. --profile docomo,
    /// gmail or yahoo adds a ✓/✗ checklist of that receiver's rules, the same
    /// rules verify --profile checks on a message; --records prints only the
    /// zone-file lines to add or change.
    ///
    /// Also the rest of the posture: a null MX (a domain that says it
    /// receives no mail), MTA-STS (its policy file fetched over HTTPS when
    /// live, not with --zone), TLS-RPT, BIMI and DNSSEC. Lookups run at
    /// once; one that times out or fails is named, and the report is marked
    /// partial rather than taking it for a missing record.
    ///
    /// Example (offline, the bundled S1 scenario):
    ///
    ///   domainauth check example.co.jp --zone examples/s1/example.co.jp.zone --ip 203.0.113.25
    ///
    /// Example (what docomo still needs, and the zone lines to paste):
    ///
    ///   domainauth check example.co.jp --profile docomo --ip 203.0.113.25 --records
    ///
    /// Several domains, or a list of them (one a line), are checked a few at
    /// a time and summarised in one table, one row per domain (or one CSV
    /// row, or one JSON object each); the exit status is the worst of all:
    ///
    ///   domainauth check --domains our-domains.txt --csv > audit.csv
    #[command(after_help = help::after_help())]
    Check(check_cmd::CheckArgs),
    /// The mail filter for Postfix and Sendmail, in place of OpenDKIM +
    /// OpenDMARC: signs outgoing mail with DKIM, verifies SPF, DKIM, ARC and
    /// DMARC of incoming mail and applies the DMARC policy.
    ///
    /// Speaks the milter protocol (version 6) on TCP or a unix socket. Mail
    /// from internal hosts, SMTP-authenticated senders or listed MTA
    /// services is signed with every key configured for its From address
    /// (RSA and Ed25519 alike). Other mail gets an Authentication-Results
    /// field (incoming ones claiming this server's authserv-id are removed,
    /// RFC 8601 §5); a DMARC failure under p=reject is refused with 550
    /// 5.7.1 and one under p=quarantine held, marked or only recorded, as
    /// the configuration says; accepted mail can be sealed with ARC and its
    /// verdict recorded for aggregate reports. When DNS fails the message
    /// is accepted (or deferred with 451 4.7.0, if so configured). One log
    /// line per message on standard error (DOMAINAUTH_LOG=debug for more);
    /// Prometheus metrics on a local port if configured.
    ///
    /// Example (check a configuration, then run):
    ///
    ///   domainauth milter --config /etc/domainauth/milter.toml --check-config
    ///
    ///   domainauth milter --config /etc/domainauth/milter.toml
    ///
    /// In Postfix's main.cf: smtpd_milters = inet:127.0.0.1:8891
    ///
    /// Example (migrating: OpenDKIM's and OpenDMARC's settings in one file,
    /// what is not carried over listed at its top):
    ///
    ///   domainauth milter import-opendkim /etc/opendkim.conf --opendmarc /etc/opendmarc.conf --output /etc/domainauth/milter.toml
    #[command(
        after_help = help::milter_after_help(),
        args_conflicts_with_subcommands = true,
        subcommand_negates_reqs = true
    )]
    Milter(milter_cmd::MilterArgs),
    /// DMARC (RFC 9989, RFC 7489): check a domain's record or lint a record before publishing.
    ///
    /// DMARC ties SPF and DKIM to the From domain readers see: mail passes
    /// when SPF or DKIM passes for a domain aligned with it, and the record
    /// at _dmarc.<domain> says what receivers should do with the rest.
    #[command(after_help = help::after_help())]
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
    #[command(after_help = help::after_help())]
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
    #[command(after_help = help::after_help())]
    Dkim {
        #[command(subcommand)]
        command: dkim_cmd::DkimCommand,
    },
    /// Authenticated Received Chain (RFC 8617): what forwarders and lists saw, sealed.
    ///
    /// Forwarding breaks SPF and a list that edits a message breaks DKIM,
    /// so DMARC fails for legitimate mail. Each intermediary can add an ARC
    /// set recording what it verified, sealed with its own key; a receiver
    /// that trusts a sealer can then rely on what that hop recorded.
    #[command(after_help = help::after_help())]
    Arc {
        #[command(subcommand)]
        command: arc_cmd::ArcCommand,
    },
    /// DMARC aggregate and failure reports, SMTP TLS reports: ingest them, and say what they mean.
    ///
    /// Receivers send the addresses in your DMARC record's rua= a daily XML
    /// report of the mail they saw from your domain: which IP addresses
    /// sent it and whether SPF, DKIM and DMARC passed. `reports ingest`
    /// reads them (files, gzip, zip, mail, Maildir, mbox or IMAP) into a
    /// SQLite file or PostgreSQL; `reports summary` says who sends as your
    /// domain, what fails and what to change.
    ///
    /// Example (offline, the bundled reports):
    ///
    ///   domainauth reports ingest examples/reports --zone examples/reports.zone --db /tmp/reports.sqlite
    ///
    ///   domainauth reports summary --db /tmp/reports.sqlite --lang ja
    #[command(after_help = help::after_help())]
    Reports {
        #[command(subcommand)]
        command: reports_cmd::ReportsCommand,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    ///
    /// Load it in the shell's startup file, or install it where the shell
    /// looks for completions:
    ///
    ///   bash: domainauth completions bash > ~/.local/share/bash-completion/completions/domainauth
    ///
    ///   zsh:  domainauth completions zsh > ~/.zfunc/_domainauth (with fpath+=~/.zfunc before compinit)
    ///
    ///   fish: domainauth completions fish > ~/.config/fish/completions/domainauth.fish
    Completions(generate::CompletionsArgs),
    /// Print the manual page (roff), or write a page per command with --dir.
    ///
    /// The pages are generated from the same definitions as --help; the
    /// repository keeps them in docs/man.
    ///
    /// Example:
    ///
    ///   domainauth man | man -l -
    Man(generate::ManArgs),
    /// Print the JSON Schema of a command's --json output (draft 2020-12).
    ///
    /// The schema this binary's output follows, so a script can check what
    /// the installed version prints; docs/json.md describes the documents
    /// and when schema_version changes.
    ///
    /// Example:
    ///
    ///   domainauth schema verify > verify.schema.json
    Schema(schema_cmd::SchemaArgs),
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // clap's own help and errors follow --color too.
    let parsed = Cli::command()
        .color(usage::early_colour(&argv))
        .try_get_matches_from(&argv)
        .and_then(|mut matches: ArgMatches| Cli::from_arg_matches_mut(&mut matches));
    let mut cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: printed as clap prints them.
            let _ = e.print();
            return ExitCode::from(exit::OK);
        }
        Err(e) => {
            let (lang, json) = usage::early_options(&argv);
            let error = usage::clap_error(&e);
            // A mistake with a code of its own (`invalid-ip`) is reported
            // as every command reports it; clap's other errors with the
            // usage line.
            if json || !error.code().starts_with("usage-") {
                error.report(lang, json);
            } else {
                usage::print_clap_error(&e, &error, lang);
            }
            return ExitCode::from(error.exit_code());
        }
    };
    cli.common.lang = cli
        .common
        .lang_option
        .unwrap_or_else(environment::locale_lang);
    let (lang, json) = (cli.common.lang, cli.common.json);
    // Generating text from the definitions needs no runtime.
    let generated = match &cli.command {
        Command::Completions(args) => Some(generate::completions(args)),
        Command::Man(args) => Some(generate::man(args)),
        Command::Schema(args) => Some(schema_cmd::run(args)),
        _ => None,
    };
    if let Some(result) = generated {
        return match result {
            Ok(code) => ExitCode::from(code),
            Err(e) => {
                e.report(lang, json);
                ExitCode::from(e.exit_code())
            }
        };
    }
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
            Command::Milter(args) => milter_cmd::run(args, &cli.common).await,
            Command::Dmarc { command } => dmarc_cmd::run(command, &cli.common).await,
            Command::Spf { command } => spf_cmd::run(command, &cli.common).await,
            Command::Dkim { command } => dkim_cmd::run(command, &cli.common).await,
            Command::Arc { command } => arc_cmd::run(command, &cli.common).await,
            Command::Reports { command } => reports_cmd::run(command, &cli.common).await,
            Command::Completions(_) | Command::Man(_) | Command::Schema(_) => Ok(exit::OK),
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
