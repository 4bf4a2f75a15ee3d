//! What the CLI test files share: running the binary and reading its output.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root.
/// The SMTP envelope of the bundled S1 scenario (examples/s1/envelope.txt)
/// as command-line options.
#[allow(dead_code)]
pub const S1_ENVELOPE: [&str; 6] = [
    "--ip",
    "203.0.113.25",
    "--helo",
    "mail.example.co.jp",
    "--mail-from",
    "info@example.co.jp",
];

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The variables that choose the language and colours of the output: a
/// test sets the ones it is about, so none depends on the machine's locale.
pub const ENV_CHOICES: [&str; 7] = [
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "LANGUAGE",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
];

/// `domainauth`, ready to run, with the locale and colour variables of the
/// machine removed (English, no colour unless a test asks).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_domainauth"));
    for name in ENV_CHOICES {
        cmd.env_remove(name);
    }
    cmd
}

/// Runs `domainauth` with `args`.
pub fn run(args: &[&str]) -> Output {
    command().args(args).output().expect("domainauth runs")
}

/// Runs `domainauth` with `args`, writing `stdin` to its standard input.
pub fn run_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("domainauth runs");
    if let Some(input) = stdin {
        // A command that stops before reading (an argument error) may be
        // gone already: its input is not needed then.
        match child.stdin.take().expect("stdin is piped").write_all(input) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("stdin: {e}"),
            _ => {}
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("domainauth ends")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `code` of each finding in a JSON result, in order.
pub fn finding_codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_string())
        .collect()
}
