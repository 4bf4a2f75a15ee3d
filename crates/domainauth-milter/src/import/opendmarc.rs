//! opendmarc.conf(5).

use std::path::Path;

use super::conf::{self, Dataset};
use super::{ImportError, Importer, Note, NoteKind};
use crate::config::{Action, OnFailure};

const PROGRAM: &str = "OpenDMARC";

/// Settings about running the process, which the service manager does.
const SERVICE: &[&str] = &[
    "AutoRestart",
    "AutoRestartCount",
    "AutoRestartRate",
    "Background",
    "BaseDirectory",
    "ChangeRootDirectory",
    "EnableCoredumps",
    "MilterDebug",
    "PidFile",
    "Syslog",
    "SyslogFacility",
    "UMask",
    "UserID",
];

/// Every other setting of opendmarc.conf(5) (OpenDMARC 1.4): known, not
/// carried over.
const OTHER: &[&str] = &[
    "AuthservIDWithJobID",
    "CopyFailuresTo",
    "DomainWhitelist",
    "DomainWhitelistFile",
    "DomainWhitelistSize",
    "DNSTimeout",
    "FailureReports",
    "FailureReportsBcc",
    "FailureReportsOnNone",
    "FailureReportsSentBy",
    "IgnoreMailTo",
    "RecordAllMessages",
    "RejectMultiValueFrom",
    "RejectString",
    "ReportCommand",
    "RequiredHeaders",
    "SoftwareHeader",
    "TrustedAuthservIDs",
];

/// Reads `path` into `im`.
pub(super) fn import(im: &mut Importer, path: &Path) -> Result<(), ImportError> {
    let all = conf::settings(path)?;
    let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let base = all
        .iter()
        .rev()
        .find(|s| s.name.eq_ignore_ascii_case("BaseDirectory"))
        .map_or(folder.clone(), |s| conf::resolve(&folder, &s.value));
    let mut notes: Vec<Note> = Vec::new();
    // opendmarc.conf(5): by default nothing is rejected, deferred or held;
    // only the Authentication-Results field is added.
    let (mut reject, mut hold) = (false, false);
    for s in &all {
        let is = |n: &str| s.name.eq_ignore_ascii_case(n);
        if is("Socket") {
            im.listen(s, &mut notes)?;
        } else if is("AuthservID") {
            im.authserv_id(s, &mut notes);
        } else if is("RejectFailures") {
            reject = s.boolean()?;
        } else if is("HoldQuarantinedMessages") {
            hold = s.boolean()?;
        } else if is("IgnoreHosts") {
            // A path to a file of hosts (no data set prefixes).
            let set = Dataset {
                patterns: false,
                entries: {
                    let file = conf::resolve(&base, &s.value);
                    if Path::new(&s.value).is_relative() {
                        notes.push(s.note(NoteKind::RelativePath {
                            path: file.display().to_string(),
                        }));
                    }
                    let text = conf::read(&file)?;
                    conf::lines(&text)
                        .map(|(line, entry)| {
                            let host = entry.split_whitespace().next().unwrap_or(entry);
                            (file.clone(), line, host.to_string(), String::new())
                        })
                        .collect()
                },
            };
            let hosts = conf::networks(s, &set, &mut notes);
            im.internal_hosts(hosts);
            notes.push(s.note(NoteKind::IgnoreHosts));
        } else if is("IgnoreMailFrom") {
            for domain in s.value.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                let domain = domain.to_ascii_lowercase();
                if !im.config.policy.allow.contains(&domain) {
                    im.config.policy.allow.push(domain);
                }
            }
            notes.push(s.note(NoteKind::IgnoreMailFrom));
        } else if is("IgnoreAuthenticatedClients") {
            // Mail of authenticated senders is signed here, never verified.
            if !s.boolean()? {
                notes.push(s.note(NoteKind::Unsupported {
                    value: s.value.clone(),
                }));
            }
        } else if is("SPFSelfValidate") || is("SPFIgnoreResults") || is("PublicSuffixList") {
            notes.push(s.note(NoteKind::Builtin));
        } else if is("HistoryFile") {
            notes.push(s.note(NoteKind::History));
        } else if SERVICE.iter().any(|n| is(n)) {
            notes.push(s.note(NoteKind::Service));
        } else if OTHER.iter().any(|n| is(n)) {
            notes.push(s.note(NoteKind::Unsupported {
                value: s.value.clone(),
            }));
        } else {
            notes.push(s.note(NoteKind::Unknown { program: PROGRAM }));
        }
    }
    im.config.policy.reject = if reject { Action::Reject } else { Action::None };
    im.config.policy.quarantine = if hold {
        Action::Quarantine
    } else {
        Action::None
    };
    // RejectFailures also defers mail whose evaluation could not finish.
    if reject {
        im.config.errors.on_failure = OnFailure::Tempfail;
    }
    im.notes.extend(notes);
    Ok(())
}
