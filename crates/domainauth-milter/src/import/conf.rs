//! What OpenDKIM and OpenDMARC configuration files have in common: `Name
//! Value` lines, booleans, data sets (`file:`, `refile:`, `csl:`) and host
//! lists.

use std::path::{Path, PathBuf};

use ipnet::IpNet;

use super::{ImportError, LineError, Note, NoteKind};
use crate::config::Network;

/// The largest configuration or data set file read.
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// One `Name Value` line.
#[derive(Debug, Clone)]
pub(super) struct Setting {
    pub name: String,
    pub value: String,
    pub file: PathBuf,
    pub line: usize,
}

impl Setting {
    /// A note about this line.
    pub fn note(&self, kind: NoteKind) -> Note {
        Note {
            file: self.file.clone(),
            line: Some(self.line),
            setting: self.name.clone(),
            kind,
        }
    }

    /// An error about this line.
    pub fn error(&self, reason: LineError) -> ImportError {
        ImportError::Line {
            path: self.file.clone(),
            line: self.line,
            reason,
        }
    }

    /// A boolean: only the first byte counts (opendkim.conf(5)).
    pub fn boolean(&self) -> Result<bool, ImportError> {
        match self.value.bytes().next() {
            Some(b'T' | b't' | b'Y' | b'y' | b'1') => Ok(true),
            Some(b'F' | b'f' | b'N' | b'n' | b'0') => Ok(false),
            _ => Err(self.error(LineError::Boolean {
                value: self.value.clone(),
            })),
        }
    }
}

/// The file's text, bounded.
pub(super) fn read(path: &Path) -> Result<String, ImportError> {
    use std::io::Read as _;
    let read_error = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut text = String::new();
    file.take(MAX_FILE + 1)
        .read_to_string(&mut text)
        .map_err(read_error)?;
    if text.len() as u64 > MAX_FILE {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

/// The lines of a file with `#` comments cut and blank lines left out:
/// (line number, text).
pub(super) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.split('#').next().unwrap_or("").trim();
        (!line.is_empty()).then_some((i + 1, line))
    })
}

/// The `Name Value` settings of a configuration file.
pub(super) fn settings(path: &Path) -> Result<Vec<Setting>, ImportError> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (line, content) in lines(&text) {
        let (name, value) = content
            .split_once(|c: char| c.is_ascii_whitespace())
            .map(|(n, v)| (n, v.trim()))
            .unwrap_or((content, ""));
        if value.is_empty() {
            return Err(ImportError::Line {
                path: path.to_path_buf(),
                line,
                reason: LineError::NoValue {
                    setting: name.to_string(),
                },
            });
        }
        out.push(Setting {
            name: name.to_string(),
            value: value.to_string(),
            file: path.to_path_buf(),
            line,
        });
    }
    Ok(out)
}

/// A data set (opendkim(8), DATA SETS): its entries, each a key and its
/// value (empty for a list), with where they come from.
#[derive(Debug)]
pub(super) struct Dataset {
    /// `refile:`: the keys are wildcard patterns.
    pub patterns: bool,
    /// (file, line, key, value); line 0 for `csl:` entries.
    pub entries: Vec<(PathBuf, usize, String, String)>,
}

/// Reads the data set a setting names. `file:PATH`, `refile:PATH`,
/// `csl:a,b`, a bare value starting with `/` (a file) or any other (a
/// comma-separated list). Other types (databases, LDAP, Lua) give `None`
/// and a note.
pub(super) fn dataset(
    setting: &Setting,
    base: &Path,
    notes: &mut Vec<Note>,
) -> Result<Option<Dataset>, ImportError> {
    let value = setting.value.as_str();
    let (kind, rest) = match value.split_once(':') {
        Some((kind, rest)) if kind.bytes().all(|b| b.is_ascii_alphabetic()) => (kind, rest),
        _ if value.starts_with('/') => ("file", value),
        _ => ("csl", value),
    };
    match kind.to_ascii_lowercase().as_str() {
        "csl" => Ok(Some(Dataset {
            patterns: false,
            entries: rest
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|e| {
                    let (k, v) = e.split_once('=').unwrap_or((e, ""));
                    (
                        setting.file.clone(),
                        setting.line,
                        k.to_string(),
                        v.to_string(),
                    )
                })
                .collect(),
        })),
        kind @ ("file" | "refile") => {
            let path = resolve(base, rest);
            if Path::new(rest).is_relative() {
                notes.push(setting.note(NoteKind::RelativePath {
                    path: path.display().to_string(),
                }));
            }
            let text = read(&path)?;
            let entries = lines(&text)
                .map(|(line, content)| {
                    let (k, v) = content
                        .split_once(|c: char| c.is_ascii_whitespace())
                        .map_or((content, ""), |(k, v)| (k, v.trim()));
                    (path.clone(), line, k.to_string(), v.to_string())
                })
                .collect();
            Ok(Some(Dataset {
                patterns: kind == "refile",
                entries,
            }))
        }
        other => {
            notes.push(setting.note(NoteKind::DatasetType {
                kind: other.to_string(),
            }));
            Ok(None)
        }
    }
}

/// `path` against `base` when relative.
pub(super) fn resolve(base: &Path, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// The addresses and networks of a host list (OpenDKIM's PeerList form);
/// host names and `!` exceptions cannot be kept, and each gets a note.
pub(super) fn networks(setting: &Setting, set: &Dataset, notes: &mut Vec<Note>) -> Vec<Network> {
    let mut out = Vec::new();
    for (file, line, entry, _) in &set.entries {
        let note = |kind| Note {
            file: file.clone(),
            line: Some(*line),
            setting: setting.name.clone(),
            kind,
        };
        if entry.starts_with('!') {
            notes.push(note(NoteKind::Negation {
                entry: entry.clone(),
            }));
            continue;
        }
        if entry.eq_ignore_ascii_case("localhost") {
            out.push(Network(IpNet::from(std::net::IpAddr::from([127, 0, 0, 1]))));
            out.push(Network(IpNet::from(std::net::IpAddr::from(
                std::net::Ipv6Addr::LOCALHOST,
            ))));
            continue;
        }
        // An address may be written in brackets, the prefix after them.
        let bare: String = entry.chars().filter(|&c| c != '[' && c != ']').collect();
        match bare.parse::<Network>() {
            Ok(net) => out.push(net),
            Err(_) => notes.push(note(NoteKind::HostName {
                host: entry.clone(),
            })),
        }
    }
    let mut seen = Vec::new();
    out.retain(|n| {
        let new = !seen.contains(n);
        seen.push(*n);
        new
    });
    out
}

/// A socket in OpenDKIM's notation (`inet:PORT@HOST`, `inet:PORT`,
/// `inet6:PORT@[ADDR]`, `local:/PATH`) in ours.
pub(super) fn socket(setting: &Setting) -> Result<crate::config::Listen, ImportError> {
    use crate::config::Listen;
    use std::net::{IpAddr, Ipv6Addr, SocketAddr};
    let bad = || {
        setting.error(LineError::Socket {
            value: setting.value.clone(),
        })
    };
    let value = setting.value.as_str();
    if let Some(path) = value
        .strip_prefix("local:")
        .or(value.strip_prefix("unix:"))
        .or(value.starts_with('/').then_some(value))
    {
        if path.is_empty() {
            return Err(bad());
        }
        return Ok(Listen::Unix(PathBuf::from(path)));
    }
    let (v6, rest) = if let Some(rest) = value.strip_prefix("inet6:") {
        (true, rest)
    } else if let Some(rest) = value.strip_prefix("inet:") {
        (false, rest)
    } else {
        return Err(bad());
    };
    let (port, host) = rest.split_once('@').unwrap_or((rest, ""));
    let port: u16 = port.parse().map_err(|_| bad())?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = match host {
        "" if v6 => Ipv6Addr::UNSPECIFIED.into(),
        "" => IpAddr::from([0, 0, 0, 0]),
        "localhost" if v6 => Ipv6Addr::LOCALHOST.into(),
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        host => host.parse().map_err(|_| bad())?,
    };
    Ok(Listen::Inet(SocketAddr::new(ip, port)))
}
