//! `domainauth completions` and `domainauth man`: shell completion scripts
//! and manual pages generated from the command's own clap definitions, so
//! they cannot disagree with `--help`.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::{CliError, exit};

/// Arguments of `domainauth completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

/// Arguments of `domainauth man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command (domainauth.1, domainauth-verify.1,
    /// domainauth-dmarc-check.1 …) into this folder instead of printing
    /// the main page.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The whole command line as clap knows it.
fn command() -> clap::Command {
    crate::Cli::command()
}

/// Prints the completion script for `args.shell` on standard output.
pub fn completions(args: &CompletionsArgs) -> Result<u8, CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "domainauth", &mut script);
    write_stdout(&script)
}

/// Prints the main manual page, or writes every page into `args.dir`.
pub fn man(args: &ManArgs) -> Result<u8, CliError> {
    match &args.dir {
        Some(dir) => {
            clap_mangen::generate_to(command(), dir).map_err(|e| {
                CliError::failure("write-file")
                    .param("path", dir.display())
                    .reason("error", &e)
            })?;
            Ok(exit::OK)
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command().disable_help_subcommand(true))
                .render(&mut page)
                .map_err(|e| CliError::failure("write-stdout").reason("error", &e))?;
            write_stdout(&page)
        }
    }
}

/// Writes generated text on standard output. A reader that went away
/// (`| head`) is not an error, as for the other commands' output.
fn write_stdout(bytes: &[u8]) -> Result<u8, CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::failure("write-stdout").reason("error", &e))
        }
        _ => Ok(exit::OK),
    }
}
