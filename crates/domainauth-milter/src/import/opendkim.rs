//! opendkim.conf(5) and its data sets (KeyTable, SigningTable, host lists).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::conf::{self, Dataset, Setting};
use super::{ImportError, Importer, LineError, Note, NoteKind};
use crate::config::{KeyConfig, OnFailure};

const PROGRAM: &str = "OpenDKIM";

/// Settings about running the process, which the service manager does.
const SERVICE: &[&str] = &[
    "AutoRestart",
    "AutoRestartCount",
    "AutoRestartRate",
    "Background",
    "BaseDirectory",
    "ChangeRootDirectory",
    "Diagnostics",
    "DiagnosticDirectory",
    "EnableCoredumps",
    "KeepTemporaryFiles",
    "LogResults",
    "LogWhy",
    "MilterDebug",
    "PidFile",
    "SoftStart",
    "Syslog",
    "SyslogFacility",
    "SyslogName",
    "SyslogSuccess",
    "TemporaryDirectory",
    "UMask",
    "UserID",
];

/// Settings whose effect this milter always has.
const BUILTIN: &[&str] = &[
    "RequireSafeKeys",
    "QueryCache",
    "MinimumKeyBits",
    "DisableCryptoInit",
];

/// Every other setting of opendkim.conf(5) (OpenDKIM 2.11): known, not
/// carried over.
const OTHER: &[&str] = &[
    "AllowSHA1Only",
    "AlwaysAddARHeader",
    "AuthservIDWithJobID",
    "BodyLengthDB",
    "BogusKey",
    "CaptureUnknownErrors",
    "ClockDrift",
    "DNSConnect",
    "DNSTimeout",
    "DomainKeysCompat",
    "DontSignMailTo",
    "ExemptDomains",
    "FinalPolicyScript",
    "FixCRLF",
    "IdentityHeader",
    "IdentityHeaderRemove",
    "IgnoreMalformedMail",
    "KeepAuthResults",
    "LDAPAuthMechanism",
    "LDAPAuthName",
    "LDAPAuthRealm",
    "LDAPAuthUser",
    "LDAPBindPassword",
    "LDAPBindUser",
    "LDAPDisableCache",
    "LDAPKeepaliveIdle",
    "LDAPKeepaliveInterval",
    "LDAPKeepaliveProbes",
    "LDAPTimeout",
    "LDAPUseTLS",
    "MacroList",
    "MaximumHeaders",
    "MaximumSignaturesToVerify",
    "MaximumSignedBytes",
    "Minimum",
    "MTACommand",
    "MustBeSigned",
    "NoHeaderB",
    "OmitHeaders",
    "On-SignatureError",
    "PeerList",
    "POPDBFile",
    "Quarantine",
    "RedirectFailuresTo",
    "RemoveARAll",
    "RemoveARFrom",
    "RemoveOldSignatures",
    "ReplaceHeaders",
    "ReplaceRules",
    "ReportAddress",
    "ReportBccAddress",
    "RequestReports",
    "RequiredHeaders",
    "ResignAll",
    "ResignMailTo",
    "ResolverConfiguration",
    "ResolverTracing",
    "ScreenPolicyScript",
    "SelectCanonicalizationHeader",
    "SenderHeaders",
    "SenderMacro",
    "SendReports",
    "SetupPolicyScript",
    "SignatureTTL",
    "SMTPURI",
    "Statistics",
    "StatisticsName",
    "StatisticsPolicyScript",
    "StatisticsPrefix",
    "StrictHeaders",
    "StrictTestMode",
    "TestDNSData",
    "TestPublicKeys",
    "TrustAnchorFile",
    "TrustSignaturesFrom",
    "UnprotectedKey",
    "VBR-Certifiers",
    "VBR-PurgeFields",
    "VBR-TrustedCertifiers",
    "VBR-TrustedCertifiersOnly",
    "VBR-Type",
    "WeakSyntaxChecks",
];

/// The settings of one file, Include files read in place.
fn settings(path: &Path, depth: usize) -> Result<Vec<Setting>, ImportError> {
    if depth > 8 {
        return Err(ImportError::IncludeDepth {
            path: path.to_path_buf(),
        });
    }
    let mut out = Vec::new();
    for s in conf::settings(path)? {
        if s.name.eq_ignore_ascii_case("Include") {
            let base = path.parent().unwrap_or(Path::new("."));
            out.extend(settings(&conf::resolve(base, &s.value), depth + 1)?);
        } else {
            out.push(s);
        }
    }
    Ok(out)
}

/// A KeyTable entry.
struct TableKey {
    domain: String,
    selector: String,
    key: PathBuf,
    used: bool,
    senders: Vec<String>,
    /// Where it is, for its notes.
    file: PathBuf,
    line: usize,
}

/// An OpenDKIM action value (opendkim.conf(5), On-BadSignature).
fn action(s: &Setting) -> Result<&'static str, ImportError> {
    let v = s.value.to_ascii_lowercase();
    for name in ["accept", "discard", "quarantine", "reject", "tempfail"] {
        if v == name || (v.len() == 1 && name.starts_with(&v)) {
            return Ok(name);
        }
    }
    Err(s.error(LineError::Action {
        value: s.value.clone(),
    }))
}

/// Reads `path` into `im`.
pub(super) fn import(im: &mut Importer, path: &Path) -> Result<(), ImportError> {
    let all = settings(path, 0)?;
    let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    // OpenDKIM reads relative paths against BaseDirectory (it changes to
    // it first) and otherwise its working directory, which for a daemon
    // is unknown here: the configuration's folder stands in.
    let base = all
        .iter()
        .rev()
        .find(|s| s.name.eq_ignore_ascii_case("BaseDirectory"))
        .map_or(folder.clone(), |s| conf::resolve(&folder, &s.value));
    let get = |name: &str| all.iter().rev().find(|s| s.name.eq_ignore_ascii_case(name));

    let mut notes: Vec<Note> = Vec::new();
    let mut on_error: Option<(&Setting, &'static str)> = None;
    let mut dns_error_set = false;
    let mut oversign_set = false;
    let mut canon_set = false;
    let (mut sign, mut verify) = (true, true);
    let mut subdomains = false;
    let mut domains: Option<Dataset> = None;
    let mut key_table: Option<(&Setting, Dataset)> = None;
    let mut signing_table: Option<(&Setting, Dataset)> = None;

    // opendkim.conf(5): Boolean values default to false.
    im.config.signing.multiple = false;
    for s in &all {
        let name = s.name.as_str();
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("Socket") {
            im.listen(s, &mut notes)?;
        } else if is("AuthservID") {
            im.authserv_id(s, &mut notes);
        } else if is("MTA") {
            // opendkim.conf(5): mail through these MTA daemon names
            // ({daemon_name}) is signed.
            if let Some(set) = conf::dataset(s, &base, &mut notes)? {
                im.config
                    .signing
                    .daemons
                    .extend(set.entries.iter().map(|(_, _, k, _)| k.clone()));
            }
        } else if is("MultipleSignatures") {
            im.config.signing.multiple = s.boolean()?;
        } else if is("SubDomains") {
            subdomains = s.boolean()?;
        } else if is("Mode") {
            let v = s.value.to_ascii_lowercase();
            sign = v.contains('s');
            verify = v.contains('v');
            if !verify {
                notes.push(s.note(NoteKind::ModeSignOnly));
            }
            if !sign {
                notes.push(s.note(NoteKind::ModeVerifyOnly));
            }
        } else if is("Canonicalization") {
            canon_set = true;
            let v = s.value.to_ascii_lowercase();
            if v != "relaxed/relaxed" {
                notes.push(s.note(NoteKind::Canonicalization {
                    value: s.value.clone(),
                }));
            }
        } else if is("SignatureAlgorithm") {
            notes.push(s.note(NoteKind::SignatureAlgorithm {
                value: s.value.clone(),
            }));
        } else if is("SignHeaders") || is("OversignHeaders") {
            if let Some(set) = conf::dataset(s, &base, &mut notes)? {
                let fields: Vec<String> = set
                    .entries
                    .iter()
                    .map(|(_, _, k, _)| k.to_ascii_lowercase())
                    .collect();
                if is("SignHeaders") {
                    im.config.signing.headers = Some(fields);
                } else {
                    oversign_set = true;
                    im.config.signing.oversign = fields;
                }
            }
        } else if is("InternalHosts") {
            if let Some(set) = conf::dataset(s, &base, &mut notes)? {
                let hosts = conf::networks(s, &set, &mut notes);
                im.internal_hosts(hosts);
            }
        } else if is("ExternalIgnoreList") {
            notes.push(s.note(NoteKind::LogOnly));
        } else if is("Domain") {
            domains = conf::dataset(s, &base, &mut notes)?;
        } else if is("KeyTable") {
            key_table = conf::dataset(s, &base, &mut notes)?.map(|d| (s, d));
        } else if is("SigningTable") {
            signing_table = conf::dataset(s, &base, &mut notes)?.map(|d| (s, d));
        } else if is("KeyFile") || is("Selector") {
            // Read with Domain below.
        } else if is("Nameservers") {
            let first = s.value.split(',').next().unwrap_or("").trim();
            match first.parse::<std::net::IpAddr>() {
                Ok(ip) if !s.value.contains(',') => {
                    im.config.dns.server = Some((ip, 53).into());
                }
                _ => notes.push(s.note(NoteKind::Unsupported {
                    value: s.value.clone(),
                })),
            }
        } else if is("On-Default") || is("On-DNSError") || is("On-InternalError") {
            dns_error_set |= is("On-DNSError") || is("On-Default");
            let a = action(s)?;
            match a {
                "accept" | "tempfail" => on_error = Some((s, a)),
                other => notes.push(s.note(NoteKind::ErrorAction {
                    value: other.to_string(),
                })),
            }
        } else if is("On-BadSignature")
            || is("On-KeyNotFound")
            || is("On-NoSignature")
            || is("On-Security")
        {
            let a = action(s)?;
            if a != "accept" {
                notes.push(s.note(NoteKind::Verdict {
                    value: a.to_string(),
                }));
            }
        } else if SERVICE.iter().any(|n| is(n)) {
            notes.push(s.note(NoteKind::Service));
        } else if BUILTIN.iter().any(|n| is(n)) {
            notes.push(s.note(NoteKind::Builtin));
        } else if OTHER.iter().any(|n| is(n)) {
            notes.push(s.note(NoteKind::Unsupported {
                value: s.value.clone(),
            }));
        } else {
            notes.push(s.note(NoteKind::Unknown { program: PROGRAM }));
        }
    }
    if let Some((_, a)) = on_error {
        im.config.errors.on_failure = if a == "tempfail" {
            OnFailure::Tempfail
        } else {
            OnFailure::Accept
        };
    }
    let absent = |setting: &str, kind| Note {
        file: path.to_path_buf(),
        line: None,
        setting: setting.to_string(),
        kind,
    };
    if !dns_error_set && verify {
        notes.push(absent("On-DNSError", NoteKind::DnsErrorDefault));
    }
    if sign {
        if !oversign_set {
            notes.push(absent("OversignHeaders", NoteKind::OversignDefault));
        }
        if !canon_set {
            notes.push(absent(
                "Canonicalization",
                NoteKind::Canonicalization {
                    value: "simple/simple".into(),
                },
            ));
        }
    }

    let mut keys = Vec::new();
    if let Some((kt, key_table)) = key_table {
        let mut table = read_key_table(kt, &key_table, &base, &mut notes)?;
        if let Some((st, signing_table)) = signing_table {
            let order = read_signing_table(st, &signing_table, &mut table, &mut notes)?;
            for name in order {
                if let Some(k) = table.iter().find(|(n, _)| *n == name).map(|(_, k)| k) {
                    keys.push(KeyConfig {
                        domain: k.domain.clone(),
                        selector: k.selector.clone(),
                        key: k.key.clone(),
                        senders: k.senders.clone(),
                    });
                }
            }
        }
        for (name, k) in &table {
            if !k.used {
                notes.push(Note {
                    file: k.file.clone(),
                    line: Some(k.line),
                    setting: "KeyTable".into(),
                    kind: NoteKind::UnusedKey { name: name.clone() },
                });
            }
        }
        for s in ["Domain", "KeyFile", "Selector"]
            .iter()
            .filter_map(|n| get(n))
        {
            // opendkim.conf(5): ignored when a KeyTable is defined.
            notes.push(s.note(NoteKind::Unsupported {
                value: s.value.clone(),
            }));
        }
    } else if let (Some(domains), Some(key_file), Some(selector)) =
        (domains, get("KeyFile"), get("Selector"))
    {
        if Path::new(&key_file.value).is_relative() {
            notes.push(key_file.note(NoteKind::RelativePath {
                path: conf::resolve(&base, &key_file.value).display().to_string(),
            }));
        }
        for (_, _, domain, _) in &domains.entries {
            let domain = domain.to_ascii_lowercase();
            keys.push(KeyConfig {
                senders: if subdomains {
                    vec![format!("*@{domain}"), format!("*@*.{domain}")]
                } else {
                    Vec::new()
                },
                domain,
                selector: selector.value.clone(),
                key: conf::resolve(&base, &key_file.value),
            });
        }
    } else if let Some(s) = signing_table.as_ref().map(|(s, _)| *s) {
        notes.push(s.note(NoteKind::Unsupported {
            value: s.value.clone(),
        }));
    }
    if sign {
        im.config.signing.keys.extend(keys);
    }
    im.notes.extend(notes);
    Ok(())
}

/// The KeyTable: name → entry, in file order.
fn read_key_table(
    setting: &Setting,
    set: &Dataset,
    base: &Path,
    notes: &mut Vec<Note>,
) -> Result<Vec<(String, TableKey)>, ImportError> {
    let mut out: Vec<(String, TableKey)> = Vec::new();
    for (file, line, name, value) in &set.entries {
        let bad = || ImportError::Line {
            path: file.clone(),
            line: *line,
            reason: LineError::KeyTable {
                entry: format!("{name} {value}").trim().to_string(),
            },
        };
        let mut parts = value.splitn(3, ':');
        let (Some(domain), Some(selector), Some(key)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (domain, selector, key) = (domain.trim(), selector.trim(), key.trim());
        if domain.is_empty() || selector.is_empty() || key.is_empty() {
            return Err(bad());
        }
        let note = |kind| Note {
            file: file.clone(),
            line: Some(*line),
            setting: setting.name.clone(),
            kind,
        };
        if domain.contains('%') {
            notes.push(note(NoteKind::PercentDomain { name: name.clone() }));
            continue;
        }
        // opendkim.conf(5): a path starts with "/", "./" or "../";
        // anything else is the key itself.
        if !(key.starts_with('/') || key.starts_with("./") || key.starts_with("../")) {
            notes.push(note(NoteKind::InlineKey { name: name.clone() }));
            continue;
        }
        if key.contains('%') {
            notes.push(note(NoteKind::PercentDomain { name: name.clone() }));
            continue;
        }
        if !key.starts_with('/') {
            notes.push(note(NoteKind::RelativePath {
                path: conf::resolve(base, key).display().to_string(),
            }));
        }
        out.retain(|(n, _)| n != name);
        out.push((
            name.clone(),
            TableKey {
                domain: domain.to_ascii_lowercase(),
                selector: selector.to_string(),
                key: conf::resolve(base, key),
                used: false,
                senders: Vec::new(),
                file: file.clone(),
                line: *line,
            },
        ));
    }
    Ok(out)
}

/// How specific a plain SigningTable key is, in the order OpenDKIM looks
/// them up (opendkim.conf(5), SigningTable): user@host, host, user@.domain,
/// .domain, user@*, *.
fn lookup_rank(key: &str) -> u8 {
    match key.split_once('@') {
        _ if key == "*" => 5,
        Some((_, "*")) => 4,
        Some((_, d)) if d.starts_with('.') => 2,
        Some(_) => 0,
        None if key.starts_with('.') => 3,
        None => 1,
    }
}

/// A plain SigningTable key as one of our sender patterns.
fn pattern(key: &str) -> String {
    let key = key.to_ascii_lowercase();
    match key.split_once('@') {
        _ if key == "*" => key,
        Some((user, d)) if d.starts_with('.') => format!("{user}@*{d}"),
        Some(_) => key,
        None if key.starts_with('.') => format!("*@*{key}"),
        None => format!("*@{key}"),
    }
}

/// The SigningTable: senders added to the keys they name; the key names in
/// the order they are first matched.
fn read_signing_table(
    setting: &Setting,
    set: &Dataset,
    table: &mut [(String, TableKey)],
    notes: &mut Vec<Note>,
) -> Result<Vec<String>, ImportError> {
    let mut entries: Vec<&(PathBuf, usize, String, String)> = set.entries.iter().collect();
    if !set.patterns {
        // Stable: equal ranks keep the file's order.
        entries.sort_by_key(|(_, _, k, _)| lookup_rank(k));
    }
    let mut order: Vec<String> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, (n, _)) in table.iter().enumerate() {
        by_name.insert(n.clone(), i);
    }
    for (file, line, key, value) in entries {
        let note = |kind| Note {
            file: file.clone(),
            line: Some(*line),
            setting: setting.name.clone(),
            kind,
        };
        let mut fields = value.split(|c: char| c == ':' || c.is_ascii_whitespace());
        let Some(name) = fields.next().filter(|n| !n.is_empty()) else {
            return Err(ImportError::Line {
                path: file.clone(),
                line: *line,
                reason: LineError::SigningTable { entry: key.clone() },
            });
        };
        if let Some(identity) = fields.find(|f| !f.is_empty()) {
            notes.push(note(NoteKind::Identity {
                identity: identity.to_string(),
            }));
        }
        if key.contains('%') || name.contains('%') {
            notes.push(note(NoteKind::PercentDomain { name: key.clone() }));
            continue;
        }
        let Some(&i) = by_name.get(name) else {
            notes.push(note(NoteKind::MissingKey {
                name: name.to_string(),
            }));
            continue;
        };
        let k = &mut table[i].1;
        k.used = true;
        let p = if set.patterns {
            key.to_ascii_lowercase()
        } else {
            pattern(key)
        };
        if !k.senders.contains(&p) {
            k.senders.push(p);
        }
        if !order.iter().any(|o| o == name) {
            order.push(name.to_string());
        }
    }
    Ok(order)
}
