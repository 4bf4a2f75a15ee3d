//! What users of command-line tools expect: the language of the locale,
//! colours only where they help, completions and a man page, columns that
//! line up, dates written as dates.

mod common;

use std::process::Output;

use common::{command, root, stderr, stdout};

/// `dmarc lint` of a record with a finding: no DNS, quick, and its text has
/// a title, a finding and a fix.
fn lint_args() -> [&'static str; 3] {
    ["dmarc", "lint", "v=DMARC1; p=none"]
}

/// Runs `domainauth args` with only the variables `env` set among those
/// that choose language and colour.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    command()
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("domainauth runs")
}

fn is_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

#[test]
fn the_locale_chooses_the_language_when_lang_is_not_given() {
    let english = stdout(&run_env(&lint_args(), &[]));
    assert!(english.contains("Findings"), "{english}");
    assert!(!is_japanese(&english), "{english}");
    for locale in ["ja_JP.UTF-8", "ja_JP", "ja"] {
        let out = stdout(&run_env(&lint_args(), &[("LANG", locale)]));
        assert!(out.contains("診断"), "LANG={locale}: {out}");
        assert!(!out.contains("Findings"), "LANG={locale}: {out}");
    }
    for locale in ["C", "POSIX", "en_US.UTF-8", "fr_FR.UTF-8"] {
        let out = stdout(&run_env(&lint_args(), &[("LANG", locale)]));
        assert_eq!(out, english, "LANG={locale}");
    }
}

#[test]
fn lc_all_and_lc_messages_come_before_lang() {
    let out = stdout(&run_env(
        &lint_args(),
        &[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")],
    ));
    assert!(out.contains("Findings") && !is_japanese(&out), "{out}");
    let out = stdout(&run_env(
        &lint_args(),
        &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "ja_JP.UTF-8")],
    ));
    assert!(out.contains("診断"), "{out}");
    let out = stdout(&run_env(
        &lint_args(),
        &[("LC_MESSAGES", "ja_JP.UTF-8"), ("LC_ALL", "en_US.UTF-8")],
    ));
    assert!(out.contains("Findings") && !is_japanese(&out), "{out}");
}

#[test]
fn an_explicit_lang_wins_over_the_locale() {
    let mut args = lint_args().to_vec();
    args.extend(["--lang", "en"]);
    let out = stdout(&run_env(
        &args,
        &[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "ja_JP.UTF-8")],
    ));
    assert!(out.contains("Findings") && !is_japanese(&out), "{out}");
    let mut args = lint_args().to_vec();
    args.extend(["--lang", "ja"]);
    let out = stdout(&run_env(&args, &[("LC_ALL", "C")]));
    assert!(out.contains("診断"), "{out}");
}

#[test]
fn the_locale_also_chooses_the_language_of_argument_errors() {
    let o = run_env(&["spf", "check", "--nope"], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(is_japanese(&err), "{err}");
    let o = run_env(
        &["spf", "check", "--nope", "--lang", "en"],
        &[("LANG", "ja_JP.UTF-8")],
    );
    let err = stderr(&o);
    assert!(!is_japanese(&err) && err.contains("--nope"), "{err}");
}

/// The README's verify example answers in Japanese with only the locale
/// set, as `LANG=ja_JP.UTF-8 domainauth verify …` does for a user.
#[test]
fn verify_answers_in_japanese_under_a_japanese_locale() {
    let root = root();
    let o = command()
        .current_dir(&root)
        .args([
            "verify",
            "examples/s1/message.eml",
            "--zone",
            "examples/s1/example.co.jp.zone",
        ])
        .args(common::S1_ENVELOPE)
        .env("LANG", "ja_JP.UTF-8")
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(
        out.contains("_dmarc.example.co.jp に DMARC レコードがありません"),
        "{out}"
    );
}

/// A folder of its own for a test's files.
fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "domainauth-cli-conventions-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The verdict table lines up by terminal columns: Japanese headings take
/// two columns a character, a MAIL FROM domain with combining accents
/// (written decomposed: e + U+0301 twice) takes one column per base letter.
#[test]
fn the_verdict_table_lines_up_by_display_width() {
    let dir = tmp("table");
    let message = dir.join("m.eml");
    std::fs::write(
        &message,
        "From: a@cafe\u{301}.example\r\nTo: b@example.org\r\nSubject: x\r\n\r\nbody\r\n",
    )
    .unwrap();
    let zone = dir.join("z.zone");
    std::fs::write(&zone, "$ORIGIN example.org.\n@ IN A 192.0.2.1\n").unwrap();
    let o = command()
        .arg("verify")
        .arg(&message)
        .arg("--zone")
        .arg(&zone)
        .args(["--ip", "192.0.2.1", "--lang", "ja", "--mail-from"])
        .arg("a@cafe\u{301}\u{301}.example")
        .output()
        .unwrap();
    let out = stdout(&o);
    // Widths: 方式 4 and DMARC 5; 認証結果 8; the domain column is as wide
    // as xn--caf-dma.example (19), and café́.example takes 12 columns.
    let expected = [
        "  方式   認証結果  ドメイン             From とのアライメント",
        "  SPF    none      cafe\u{301}\u{301}.example         なし",
        "  DKIM   none      —                    —",
        "  DMARC  none      xn--caf-dma.example  適用されるポリシーなし",
    ];
    for line in expected {
        assert!(out.lines().any(|l| l == line), "{line:?} in:\n{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A message signed with the given t= and x= (the key is never fetched:
/// the times are checked first).
fn signed_message(tags: &str) -> String {
    format!(
        "DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=s1; c=relaxed/relaxed;\r\n \
         h=from:subject; {tags}; bh=AAAA; b=AAAA\r\n\
         From: a@shop.example\r\nSubject: x\r\n\r\nbody\r\n"
    )
}

/// DKIM times are shown as dates, with the number the header holds.
#[test]
fn dkim_times_are_written_as_dates() {
    let dir = tmp("dates");
    let expired = dir.join("expired.eml");
    std::fs::write(&expired, signed_message("t=2147483000; x=2147483648")).unwrap();
    let future = dir.join("future.eml");
    std::fs::write(&future, signed_message("t=1795067463")).unwrap();
    let zone = dir.join("z.zone");
    std::fs::write(&zone, "$ORIGIN shop.example.\n@ IN A 192.0.2.1\n").unwrap();
    let verify = |message: &std::path::Path, now: &str, lang: &str| {
        let o = command()
            .args(["dkim", "verify"])
            .arg(message)
            .arg("--zone")
            .arg(&zone)
            .args(["--now", now, "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        stdout(&o)
    };
    // 2^31 seconds: 2038-01-19 03:14:08 UTC.
    let out = verify(&expired, "2147490000", "en");
    assert!(
        out.contains("expired on 2038-01-19 03:14:08 UTC (x=2147483648)"),
        "{out}"
    );
    let out = verify(&expired, "2147490000", "ja");
    assert!(
        out.contains("期限 2038-01-19 03:14:08 UTC、x=2147483648"),
        "{out}"
    );
    let out = verify(&future, "1000000000", "en");
    assert!(
        out.contains("in the future, 2026-11-19 05:51:03 UTC (t=1795067463)"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// --clock-skew is the tolerance the check uses: 52 seconds after x= is
/// within the default 300, and past a tolerance of 0.
#[test]
fn clock_skew_is_the_tolerance_used() {
    let dir = tmp("skew");
    let message = dir.join("m.eml");
    std::fs::write(&message, signed_message("t=2147483000; x=2147483648")).unwrap();
    let zone = dir.join("z.zone");
    std::fs::write(&zone, "$ORIGIN shop.example.\n@ IN A 192.0.2.1\n").unwrap();
    let verify = |skew: &[&str]| {
        let o = command()
            .args(["dkim", "verify", "--now", "2147483700"])
            .arg(&message)
            .arg("--zone")
            .arg(&zone)
            .args(skew)
            .output()
            .unwrap();
        stdout(&o)
    };
    let out = verify(&[]);
    assert!(
        !out.contains("expired") && out.contains("No DKIM key"),
        "{out}"
    );
    let out = verify(&["--clock-skew", "0"]);
    assert!(out.contains("expired on"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The colour sequences the output may hold: bold, red, green, yellow,
/// cyan and reset.
const SGR: [&str; 6] = ["[1m", "[31m", "[32m", "[33m", "[36m", "[0m"];

/// Each ESC in `text` starts one of our colour sequences.
fn only_our_sequences(text: &str) -> bool {
    text.match_indices('\u{1b}')
        .all(|(i, _)| SGR.iter().any(|s| text[i + 1..].starts_with(s)))
}

#[test]
fn colour_on_request_and_never_in_a_pipe_or_json() {
    let mut args = lint_args().to_vec();
    let plain = stdout(&run_env(&args, &[]));
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    args.extend(["--color", "always"]);
    let coloured = stdout(&run_env(&args, &[]));
    // The warnings' labels are bold yellow; the rest is the plain text.
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[33m[warning]\u{1b}[0m"),
        "{coloured:?}"
    );
    assert!(only_our_sequences(&coloured), "{coloured:?}");
    let mut stripped = coloured.clone();
    for s in SGR {
        stripped = stripped.replace(&format!("\u{1b}{s}"), "");
    }
    assert_eq!(stripped, plain);
    // --color always wins over NO_COLOR; --json is never coloured.
    let with_no_color = stdout(&run_env(&args, &[("NO_COLOR", "1")]));
    assert_eq!(with_no_color, coloured);
    args.push("--json");
    let json = stdout(&run_env(&args, &[]));
    assert!(!json.contains('\u{1b}') && json.starts_with('{'), "{json}");
    let mut never = lint_args().to_vec();
    never.extend(["--color", "never"]);
    assert_eq!(stdout(&run_env(&never, &[])), plain);
}

#[test]
fn results_are_coloured_in_the_verdict_table() {
    let root = root();
    let o = command()
        .current_dir(&root)
        .args([
            "verify",
            "examples/s1/message.eml",
            "--zone",
            "examples/s1/example.co.jp.zone",
            "--color=always",
        ])
        .args(common::S1_ENVELOPE)
        .output()
        .unwrap();
    let out = stdout(&o);
    // SPF pass in green, DKIM none in yellow; the padding stays outside.
    assert!(
        out.contains("  SPF     \u{1b}[32mpass\u{1b}[0m  example.co.jp  yes"),
        "{out}"
    );
    assert!(
        out.contains("  DKIM    \u{1b}[1m\u{1b}[33mnone\u{1b}[0m  —              —"),
        "{out}"
    );
    assert!(only_our_sequences(&out), "{out:?}");
}

/// Terminal sequences in a value are escaped before colour is added:
/// the record's own ESC and CSI never reach the terminal.
#[test]
fn colour_never_comes_from_input() {
    let o = run_env(
        &[
            "dmarc",
            "lint",
            "v=DMARC1; p=none; rua=\u{1b}[0m\u{1b}[32mx\u{9b}2J",
            "--color",
            "always",
        ],
        &[],
    );
    let out = stdout(&o);
    assert!(out.contains("\\x1b[0m\\x1b[32mx\\u{9b}2J"), "{out}");
    assert!(only_our_sequences(&out), "{out:?}");
    assert!(!out.contains('\u{9b}'), "{out:?}");
}

/// clap's own help follows --color too.
#[test]
fn help_follows_the_colour_choice() {
    let help = |colour: &str| stdout(&run_env(&["spf", "--help", "--color", colour], &[]));
    assert!(help("always").contains('\u{1b}'));
    assert!(!help("never").contains('\u{1b}'));
    assert!(!help("auto").contains('\u{1b}'), "not a terminal");
}

/// With `auto`, colour on a terminal unless NO_COLOR is set and not empty.
/// The terminal is a pseudo-terminal from util-linux `script`; without it
/// the test says so and checks nothing.
#[test]
fn auto_colours_a_terminal_unless_no_color() {
    let line = format!(
        "{} dmarc lint 'v=DMARC1; p=none'",
        env!("CARGO_BIN_EXE_domainauth")
    );
    let on_terminal = |env: &[(&str, &str)]| {
        std::process::Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env_remove("NO_COLOR")
            .env("TERM", "xterm")
            .envs(env.iter().copied())
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .ok()
            .filter(|o| o.status.code() == Some(1))
            .map(|o| stdout(&o))
    };
    let Some(coloured) = on_terminal(&[]) else {
        eprintln!("no `script` to run on a pseudo-terminal: not checked");
        return;
    };
    assert!(coloured.contains("\u{1b}[33m[warning]"), "{coloured:?}");
    let out = on_terminal(&[("NO_COLOR", "1")]).unwrap();
    assert!(
        !out.contains('\u{1b}') && out.contains("[warning]"),
        "{out:?}"
    );
    let out = on_terminal(&[("NO_COLOR", "")]).unwrap();
    assert!(out.contains("\u{1b}[33m[warning]"), "{out:?}");
    let out = on_terminal(&[("TERM", "dumb")]).unwrap();
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

/// The commands `--help` lists (without `help`), read from its
/// "Commands:" section: what completions and man pages must cover.
fn subcommands(path: &[&str]) -> Vec<String> {
    let mut args = path.to_vec();
    args.push("--help");
    let help = stdout(&run_env(&args, &[]));
    let section = help
        .split_once("Commands:\n")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("{path:?}: no Commands section in {help}"));
    section
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

/// Every command as a path of names: ["verify"], ["dmarc", "check"] …
fn all_commands() -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for top in subcommands(&[]) {
        let nested = subcommands_if_any(&top);
        all.push(vec![top.clone()]);
        for sub in nested {
            all.push(vec![top.clone(), sub]);
        }
    }
    assert!(all.len() >= 14, "{all:?}");
    all
}

fn subcommands_if_any(top: &str) -> Vec<String> {
    let help = stdout(&run_env(&[top, "--help"], &[]));
    if help.contains("Commands:\n") {
        subcommands(&[top])
    } else {
        Vec::new()
    }
}

#[test]
fn completions_cover_every_command() {
    let commands = all_commands();
    for shell in ["bash", "zsh", "fish"] {
        let o = run_env(&["completions", shell], &[]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for path in &commands {
            let name = path.last().unwrap();
            assert!(script.contains(name.as_str()), "{shell}: {name} missing");
        }
        // Options of a nested command are offered too.
        assert!(script.contains("trust-authserv-id"), "{shell}");
        assert!(script.contains("expire-after"), "{shell}");
    }
    // The bash script at least parses (bash is everywhere the tests run).
    let script = stdout(&run_env(&["completions", "bash"], &[]));
    let dir = tmp("completions");
    let path = dir.join("domainauth.bash");
    std::fs::write(&path, &script).unwrap();
    if let Ok(o) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
    {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let o = run_env(&["completions", "tcsh"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

/// docs/man holds the pages `domainauth man --dir` writes, exactly: after
/// a change to the options or their help, regenerate them with
/// `cargo run -p domainauth-cli -- man --dir docs/man`.
#[test]
fn committed_man_pages_are_current() {
    let dir = tmp("man");
    let o = command().args(["man", "--dir"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let committed = root().join("docs/man");
    let names = |d: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let regenerate = "regenerate with: cargo run -p domainauth-cli -- man --dir docs/man";
    assert_eq!(names(&dir), names(&committed), "{regenerate}");
    for name in names(&dir) {
        let fresh = std::fs::read_to_string(dir.join(&name)).unwrap();
        let kept = std::fs::read_to_string(committed.join(&name)).unwrap();
        assert!(fresh == kept, "docs/man/{name} is stale; {regenerate}");
    }
    // `domainauth man` prints the main page.
    let main = stdout(&run_env(&["man"], &[]));
    assert_eq!(
        main,
        std::fs::read_to_string(committed.join("domainauth.1")).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_man_pages_name_every_command() {
    let man = root().join("docs/man");
    let main = std::fs::read_to_string(man.join("domainauth.1")).unwrap();
    for path in all_commands() {
        let page = format!("domainauth-{}", path.join("-"));
        let text = std::fs::read_to_string(man.join(format!("{page}.1")))
            .unwrap_or_else(|e| panic!("{page}.1: {e}"));
        // roff writes '-' as '\-'.
        let name = page.replace('-', "\\-");
        assert!(
            text.contains(&format!(".SH NAME\n{name} \\- ")),
            "{page}.1 is not the page of {page}"
        );
        if path.len() == 1 {
            assert!(
                main.contains(&format!("{name}(1)")),
                "{page} in domainauth.1"
            );
        }
    }
    // The exit codes and the environment are documented on the main page,
    // the exit codes as a list of tagged paragraphs.
    assert!(
        main.contains(".SH \"EXIT STATUS\"\n.TP\n\\fB0\\fR\n"),
        "{main}"
    );
    assert!(!main.contains(".SH EXTRA"), "{main}");
    assert!(main.contains("NO_COLOR") && main.contains("LC_MESSAGES"));
}

/// The pages are ASCII: characters such as "—" and "§" are roff escapes,
/// so groff reads them whatever its input encoding; with groff installed,
/// every page formats without a warning. The JSON error example is kept
/// unfilled (.nf), as written.
#[test]
fn man_pages_are_ascii_and_format_without_warnings() {
    let dir = root().join("docs/man");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() >= 15, "{pages:?}");
    for page in &pages {
        let bytes = std::fs::read(page).unwrap();
        if let Some(at) = bytes.iter().position(|&b| b > 0x7f) {
            panic!("{}: byte {:#x} at {at}", page.display(), bytes[at]);
        }
    }
    let check = std::fs::read_to_string(dir.join("domainauth-check.1")).unwrap();
    assert!(check.contains("\\[em] with \\-\\-ip \\[em]"), "{check}");
    let verify = std::fs::read_to_string(dir.join("domainauth-verify.1")).unwrap();
    assert!(
        verify.contains(".nf\n{\"schema_version\": \"1\", \"error\": {\"code\": ..."),
        "{verify}"
    );
    let groff = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .args(&pages)
        .output();
    match groff {
        Ok(o) => {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            assert!(
                o.stderr.is_empty(),
                "groff: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        Err(e) => println!("groff not run ({e}): skipping the formatting check"),
    }
}

/// `man --dir` never writes through a symbolic link at a page's name (its
/// target is kept, and no page is written at all), and an error names the
/// page's file, in Japanese too.
#[cfg(unix)]
#[test]
fn man_pages_are_not_written_through_links() {
    let dir = tmp("man-links");
    let target = dir.join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    let out = dir.join("pages");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&target, out.join("domainauth-verify.1")).unwrap();
    let o = command().args(["man", "--dir"]).arg(&out).output().unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("domainauth-verify.1"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "pages written");
    // A --dir that is a file: the page's file is named, in Japanese words.
    let o = command()
        .args(["--lang", "ja", "man", "--dir"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.contains("precious.txt/domainauth"), "{err}");
    assert!(err.contains("ディレクトリではない"), "{err}");
    assert!(!err.contains("エラー番号"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Options with a fixed set of values offer them in the completion
/// scripts: --lang, --profile, --dmarc-mode/--mode, --canonicalization
/// (and the value enums: --color, --identity, --algorithm).
#[test]
fn completions_offer_the_values_of_options() {
    let bash = stdout(&run_env(&["completions", "bash"], &[]));
    // bash: `--option)` then `COMPREPLY=($(compgen -W "values" …`, once
    // per command taking the option; the values of the first occurrence
    // that has some (dkim sign's --identity is free text).
    let offered = |option: &str| -> Vec<String> {
        let needle = format!("{option})\n");
        let lists: Vec<Vec<String>> = bash
            .match_indices(&needle)
            .filter_map(|(at, _)| {
                let line = bash[at..].lines().nth(1)?;
                let (_, rest) = line.split_once("compgen -W \"")?;
                let (values, _) = rest.split_once('"')?;
                Some(values.split_whitespace().map(String::from).collect())
            })
            .collect();
        assert!(
            lists.windows(2).all(|w| w[0] == w[1]),
            "{option}: {lists:?}"
        );
        lists.into_iter().next().unwrap_or_default()
    };
    assert_eq!(offered("--lang"), ["en", "ja"]);
    assert_eq!(
        offered("--profile"),
        ["gmail-bulk", "gmail", "yahoo-bulk", "yahoo", "docomo"]
    );
    assert_eq!(offered("--dmarc-mode"), ["rfc9989", "rfc7489"]);
    assert_eq!(offered("--mode"), ["rfc9989", "rfc7489"]);
    assert!(offered("--canonicalization").contains(&"relaxed/simple".to_string()));
    assert_eq!(offered("--color"), ["auto", "always", "never"]);
    assert_eq!(offered("--identity"), ["mailfrom", "helo", "both"]);
    let zsh = stdout(&run_env(&["completions", "zsh"], &[]));
    assert!(zsh.contains(":LANG:(en ja)"), "zsh");
    assert!(
        zsh.contains(":NAME:(gmail-bulk gmail yahoo-bulk yahoo docomo)"),
        "zsh"
    );
    let fish = stdout(&run_env(&["completions", "fish"], &[]));
    assert!(fish.contains("-l lang") && fish.contains("ja\\t"), "fish");
    assert!(fish.contains("docomo\\t"), "fish");
    // Values are still read as before: the aliases of a mode, and the
    // same error (code and message) for one that is not offered.
    let o = run_env(
        &["dmarc", "lint", "v=DMARC1; p=none", "--mode", "legacy"],
        &[],
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let o = run_env(
        &["--lang", "fr", "spf", "record", "x.example", "--json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "usage-value-validation");
    assert_eq!(v["error"]["params"]["hint"], "lang");
}

/// --trace says in its help which documents it adds to; elsewhere (without
/// --json, or a command it adds nothing to) it is accepted and changes
/// nothing.
#[test]
fn trace_says_where_it_applies_and_is_harmless_elsewhere() {
    let help = stdout(&run_env(&["check", "--help"], &[]));
    let trace = help
        .split("--trace")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_else(|| panic!("{help}"));
    let trace = trace.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in ["verify", "spf check", "dmarc check", "Without --json"] {
        assert!(trace.contains(words), "{words}: {trace}");
    }
    let zone = root().join("examples/s1/example.co.jp.zone");
    let zone = zone.display().to_string();
    for args in [
        vec!["check", "example.co.jp", "--zone", &zone],
        vec!["check", "example.co.jp", "--zone", &zone, "--json"],
        vec!["dmarc", "check", "example.co.jp", "--zone", &zone],
    ] {
        let plain = run_env(&args, &[]);
        let mut traced = args.clone();
        traced.push("--trace");
        let traced = run_env(&traced, &[]);
        assert_eq!(traced.status.code(), plain.status.code(), "{args:?}");
        assert_eq!(stdout(&traced), stdout(&plain), "{args:?}");
        assert!(traced.stderr.is_empty(), "{args:?}: {}", stderr(&traced));
    }
}
