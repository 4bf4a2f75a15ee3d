//! `domainauth milter import-opendkim` and `import-opendmarc`: an OpenDKIM
//! or OpenDMARC configuration as the milter's, so that a migration is one
//! command.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use domainauth::diag::ui;
use domainauth_milter::config::ConfigError;
use domainauth_milter::import::{Import, ImportError, Importer, LineError, Note};

use crate::Common;
use crate::error::CliError;
use crate::exit;
use crate::json::SchemaVersion;
use crate::json::milter::{ImportNote, ImportOpendkimDocument, ImportOpendmarcDocument, Imported};
use crate::output::{print_json, write_stdout};

/// What `domainauth milter` does instead of running.
#[derive(Debug, Subcommand)]
pub enum MilterCommand {
    /// Converts an OpenDKIM configuration (opendkim.conf with its KeyTable,
    /// SigningTable, InternalHosts…) into this milter's TOML file.
    ///
    /// Keys keep their domain and selector, so signatures carry the d= and
    /// s= OpenDKIM wrote and the published DNS records stay as they are.
    /// Every setting not carried over is listed at the top of the file
    /// with its file and line, and why. With --opendmarc, OpenDMARC's
    /// settings (RejectFailures, IgnoreHosts…) go into the same file: one
    /// milter replaces both.
    ///
    /// Example:
    ///
    ///   domainauth milter import-opendkim /etc/opendkim.conf --opendmarc /etc/opendmarc.conf --output /etc/domainauth/milter.toml
    ///
    ///   domainauth milter --config /etc/domainauth/milter.toml --check-config
    #[command(name = "import-opendkim")]
    ImportOpendkim(ImportOpendkimArgs),
    /// Converts an OpenDMARC configuration (opendmarc.conf) into this
    /// milter's TOML file.
    ///
    /// RejectFailures unset (OpenDMARC's default: only a header is added)
    /// becomes reject = "none" and quarantine = "none", so the milter acts
    /// as OpenDMARC did until you choose otherwise.
    ///
    /// Example:
    ///
    ///   domainauth milter import-opendmarc /etc/opendmarc.conf --output /etc/domainauth/milter.toml
    #[command(name = "import-opendmarc")]
    ImportOpendmarc(ImportOpendmarcArgs),
}

/// Options of `domainauth milter import-opendkim`.
#[derive(Debug, Args)]
pub struct ImportOpendkimArgs {
    /// OpenDKIM's configuration file (usually /etc/opendkim.conf).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also OpenDMARC's configuration file (usually /etc/opendmarc.conf).
    #[arg(long, value_name = "FILE")]
    pub opendmarc: Option<PathBuf>,
    /// Write the TOML file here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `domainauth milter import-opendmarc`.
#[derive(Debug, Args)]
pub struct ImportOpendmarcArgs {
    /// OpenDMARC's configuration file (usually /etc/opendmarc.conf).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the TOML file here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Imports, then writes the TOML file (or the JSON document).
pub fn run(command: MilterCommand, common: &Common) -> Result<u8, CliError> {
    let mut importer = Importer::new();
    let (name, output) = match &command {
        MilterCommand::ImportOpendkim(a) => {
            importer.opendkim(&a.file).map_err(import_error)?;
            if let Some(dmarc) = &a.opendmarc {
                importer.opendmarc(dmarc).map_err(import_error)?;
            }
            ("milter import-opendkim", a.output.as_deref())
        }
        MilterCommand::ImportOpendmarc(a) => {
            importer.opendmarc(&a.file).map_err(import_error)?;
            ("milter import-opendmarc", a.output.as_deref())
        }
    };
    let import = importer.finish().map_err(import_error)?;
    let lang = common.lang;
    let text = |n: &Note| note_text(lang, n);
    let toml = import.to_toml(text);
    if let Some(path) = output {
        crate::files::write_replacing(path, toml.as_bytes(), 0o640)?;
    }
    if common.json {
        let imported = imported(&import, lang);
        if name == "milter import-opendkim" {
            print_json(&ImportOpendkimDocument {
                schema_version: SchemaVersion,
                command: name,
                import: imported,
            })?;
        } else {
            print_json(&ImportOpendmarcDocument {
                schema_version: SchemaVersion,
                command: name,
                import: imported,
            })?;
        }
    } else if let Some(path) = output {
        println!(
            "{}",
            ui(
                lang,
                "ui-milter-import-written",
                &[
                    ("path", &path.display().to_string()),
                    ("notes", &import.notes.len().to_string()),
                ]
            )
        );
    } else {
        write_stdout(toml.as_bytes())?;
    }
    Ok(exit::OK)
}

/// A note in `lang`: where, the setting, and why.
fn note_text(lang: domainauth::diag::Lang, note: &Note) -> String {
    let params = note.kind.params();
    let mut args: Vec<(&str, &str)> = vec![("setting", note.setting.as_str())];
    args.extend(params.iter().map(|(k, v)| (*k, v.as_str())));
    let why = ui(lang, &format!("ui-milter-import-{}", note.kind.id()), &args);
    match note.line {
        Some(line) => format!("{}:{line}: {}: {why}", note.file.display(), note.setting),
        None => format!("{}: {}: {why}", note.file.display(), note.setting),
    }
}

fn imported(import: &Import, lang: domainauth::diag::Lang) -> Imported<'_> {
    Imported {
        sources: import
            .sources
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        config: serde_json::to_value(import.to_table()).unwrap_or_default(),
        notes: import
            .notes
            .iter()
            .map(|n| ImportNote {
                file: n.file.display().to_string(),
                line: n.line,
                setting: &n.setting,
                code: n.kind.id(),
                params: n
                    .kind
                    .params()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                message: note_text(lang, n),
            })
            .collect(),
    }
}

/// An import error in the catalogue's words.
fn import_error(e: ImportError) -> CliError {
    let at = |code, path: &Path, line: usize| {
        CliError::usage(code)
            .param("path", path.display())
            .param("line", line)
    };
    match e {
        ImportError::Read { path, source } => CliError::usage("read-file")
            .param("path", path.display())
            .reason("error", &source),
        ImportError::TooLarge { path } => {
            CliError::usage("milter-import-too-large").param("path", path.display())
        }
        ImportError::IncludeDepth { path } => {
            CliError::usage("milter-import-include-depth").param("path", path.display())
        }
        ImportError::Line { path, line, reason } => match reason {
            LineError::NoValue { setting } => {
                at("milter-import-no-value", &path, line).param("setting", setting)
            }
            LineError::Boolean { value } => {
                at("milter-import-boolean", &path, line).param("value", value)
            }
            LineError::Socket { value } => {
                at("milter-import-socket", &path, line).param("value", value)
            }
            LineError::KeyTable { entry } => {
                at("milter-import-key-table", &path, line).param("entry", entry)
            }
            LineError::SigningTable { entry } => {
                at("milter-import-signing-table", &path, line).param("entry", entry)
            }
            LineError::Action { value } => {
                at("milter-import-action", &path, line).param("value", value)
            }
            other => at("milter-import-line", &path, line).param("error", other),
        },
        ImportError::Config(ConfigError::AuthservId(id)) => {
            CliError::usage("milter-import-authserv-id").param("value", id)
        }
        other => CliError::usage("milter-import-line")
            .param("path", "")
            .param("line", 0)
            .param("error", crate::error::one_line(&other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domainauth::diag::Lang;
    use domainauth_milter::import::NoteKind;

    /// Every note has text in English and Japanese that names its values.
    #[test]
    fn every_note_is_in_both_catalogues() {
        let v = || "VALUE".to_string();
        let kinds = [
            NoteKind::Unknown {
                program: "OpenDKIM",
            },
            NoteKind::Unsupported { value: v() },
            NoteKind::Service,
            NoteKind::Builtin,
            NoteKind::LogOnly,
            NoteKind::Canonicalization { value: v() },
            NoteKind::SignatureAlgorithm { value: v() },
            NoteKind::HostName { host: v() },
            NoteKind::Negation { entry: v() },
            NoteKind::DatasetType { kind: v() },
            NoteKind::PercentDomain { name: v() },
            NoteKind::InlineKey { name: v() },
            NoteKind::UnusedKey { name: v() },
            NoteKind::MissingKey { name: v() },
            NoteKind::Identity { identity: v() },
            NoteKind::ModeSignOnly,
            NoteKind::ModeVerifyOnly,
            NoteKind::Verdict { value: v() },
            NoteKind::ErrorAction { value: v() },
            NoteKind::DnsErrorDefault,
            NoteKind::OversignDefault,
            NoteKind::RelativePath { path: v() },
            NoteKind::AuthservDefault { value: v() },
            NoteKind::Conflict {
                value: v(),
                kept: "KEPT".into(),
            },
            NoteKind::IgnoreHosts,
            NoteKind::IgnoreMailFrom,
            NoteKind::History,
        ];
        for kind in kinds {
            let note = Note {
                file: "/etc/opendkim.conf".into(),
                line: Some(3),
                setting: "Setting".into(),
                kind: kind.clone(),
            };
            let en = note_text(Lang::En, &note);
            let ja = note_text(Lang::Ja, &note);
            assert!(!en.contains("ui-milter-import"), "{en}");
            assert!(!ja.contains("ui-milter-import"), "{ja}");
            assert_ne!(en, ja, "{}", kind.id());
            assert!(en.starts_with("/etc/opendkim.conf:3: Setting: "), "{en}");
            for (_, value) in kind.params() {
                assert!(en.contains(&value) && ja.contains(&value), "{en} / {ja}");
            }
            assert_eq!(en, format!("/etc/opendkim.conf:3: Setting: {kind}"));
        }
    }
}
