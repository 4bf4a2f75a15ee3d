//! Locating shared test data and deciding what a missing peer means.

use std::path::PathBuf;

/// True when `DOMAINAUTH_REQUIRE_PEERS=1`: missing suites or peers fail tests.
pub fn peers_required() -> bool {
    std::env::var("DOMAINAUTH_REQUIRE_PEERS").is_ok_and(|v| v == "1")
}

/// The shared test data folder: `$DOMAINAUTH_TESTDATA`, or `../shared/testdata`
/// beside the repository.
pub fn root() -> PathBuf {
    if let Ok(dir) = std::env::var("DOMAINAUTH_TESTDATA") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata")
}

/// The path of a shared test data file or folder, or `None` after saying
/// loudly that it is missing (panicking instead when peers are required).
pub fn find(relative: &str) -> Option<PathBuf> {
    let path = root().join(relative);
    if path.exists() {
        return Some(path);
    }
    missing(&format!(
        "shared test data {} (looked at {})",
        relative,
        path.display()
    ));
    None
}

/// Reports that `what` is not available: a panic when peers are required,
/// otherwise a loud message on stderr so the skip is visible.
pub fn missing(what: &str) {
    if peers_required() {
        panic!("DOMAINAUTH_REQUIRE_PEERS=1 but {what} is not available");
    }
    // Written to the stderr handle, not with eprintln!: the test harness
    // captures the macros' output of passing tests, so a skip would only
    // show with --nocapture. This line shows under a plain `cargo test`.
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n*** SKIPPED: {what} is not available; install it (bash .ci/run shows how) \
         or set DOMAINAUTH_REQUIRE_PEERS=1 to make this a failure ***\n"
    );
}

/// True when `program` can be run from PATH.
pub fn have_program(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A Python interpreter that can import every module in `modules`:
/// `$DOMAINAUTH_PYTHON`, then Debian's `/usr/bin/python3`, then `python3`.
pub fn python_with(modules: &[&str]) -> Option<String> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("DOMAINAUTH_PYTHON") {
        candidates.push(p);
    }
    candidates.push("/usr/bin/python3".into());
    candidates.push("python3".into());
    let probe = modules
        .iter()
        .map(|m| format!("import {m}"))
        .collect::<Vec<_>>()
        .join("; ");
    candidates.into_iter().find(|py| {
        std::process::Command::new(py)
            .args(["-c", &probe])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}
