//! `domainauth completions` and `domainauth man`: shell completion scripts
//! and manual pages generated from the command's own clap definitions, so
//! they cannot disagree with `--help`.

use std::fmt::Write as _;
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
///
/// Every page is rendered to memory first, and every destination checked
/// (a symbolic link is refused: its target is never written) before any
/// page is written; an error names the page's file.
pub fn man(args: &ManArgs) -> Result<u8, CliError> {
    let mut cmd = command().disable_help_subcommand(true);
    cmd.build();
    match &args.dir {
        Some(dir) => {
            let mut pages = Vec::new();
            collect_pages(cmd, &mut pages);
            let pages: Vec<(PathBuf, Vec<u8>)> = pages
                .into_iter()
                .map(|(name, page)| (dir.join(name), page))
                .collect();
            for (path, _) in &pages {
                crate::files::refuse_link(path)?;
            }
            for (path, page) in &pages {
                crate::files::write_replacing(path, page, 0o644)?;
            }
            Ok(exit::OK)
        }
        None => write_stdout(&page(cmd).1),
    }
}

/// The pages of `cmd` and of each of its commands, as (file name, roff).
fn collect_pages(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_pages(sub.clone(), pages);
    }
    pages.push(page(cmd));
}

/// The manual page of `cmd`: clap_mangen's rendering, except that the
/// text shown after `--help` (the exit codes …) becomes the EXIT STATUS
/// and OFFLINE USE sections, laid out for a manual page
/// ([`crate::help::man_sections`]) instead of clap_mangen's reflowed
/// "EXTRA"; and every character outside ASCII is written as a roff escape
/// (groff reads its input as Latin-1 unless told otherwise).
fn page(cmd: clap::Command) -> (String, Vec<u8>) {
    let has_after_help = cmd.get_after_help().is_some();
    let man = clap_mangen::Man::new(cmd.after_help(None::<&str>));
    let mut page = Vec::new();
    // Rendering into memory cannot fail.
    let _ = man.render(&mut page);
    let mut page = String::from_utf8_lossy(&page).into_owned();
    if has_after_help {
        let sections = crate::help::man_sections();
        match page.find("\n.SH VERSION\n") {
            Some(at) => page.insert_str(at + 1, &sections),
            None => page.push_str(&sections),
        }
    }
    (man.get_filename(), ascii_roff(&page).into_bytes())
}

/// `text` with every character outside ASCII written as a groff escape:
/// `\[em]` and `\[en]` for the dashes, `\[uXXXX]` for the others.
fn ascii_roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '—' => out.push_str("\\[em]"),
            '–' => out.push_str("\\[en]"),
            c => {
                let _ = write!(out, "\\[u{:04X}]", u32::from(c));
            }
        }
    }
    out
}

/// Writes generated text on standard output (a closed pipe is not an
/// error, as for the other commands' output).
fn write_stdout(bytes: &[u8]) -> Result<u8, CliError> {
    crate::output::write_stdout(bytes).map(|()| exit::OK)
}
