//! The openspf SPF test suites (`rfc7208-tests.yml`, `rfc4408-tests.yml`),
//! loaded into in-memory zones.
//!
//! Driver rules: a TXT/SPF value may be a list of strings (concatenated);
//! `SPF` records are served as TXT at names that list no TXT record (the
//! "Selecting records" cases `spfoverride` and `multispf2` check that a name
//! with both uses only TXT); `TXT: NONE` means "no TXT record"; `TIMEOUT`
//! makes queries time out for the types not listed at that name.

use std::net::IpAddr;
use std::path::Path;

use domainauth::dns::{Fault, Mx, Txt, ZoneEntry, ZoneResolver};
use domainauth::spf::SpfResult;
use yaml_rust2::{Yaml, YamlLoader};

/// One test case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's name in the suite.
    pub name: String,
    /// The RFC section it tests, e.g. `4.3/1`.
    pub spec: String,
    /// HELO name.
    pub helo: String,
    /// Client IP.
    pub host: IpAddr,
    /// MAIL FROM (may be empty).
    pub mail_from: String,
    /// Acceptable results.
    pub results: Vec<SpfResult>,
    /// Expected explanation; `DEFAULT` in the suite means "no exp= text".
    pub explanation: Option<String>,
}

impl Case {
    /// The SMTP envelope of the case.
    pub fn envelope(&self) -> domainauth::spf::Envelope {
        domainauth::spf::Envelope {
            client_ip: self.host,
            helo: self.helo.clone(),
            mail_from: self.mail_from.clone(),
        }
    }
}

/// A scenario: a zone and the cases run against it.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The scenario's description.
    pub description: String,
    /// The DNS data.
    pub zone: ZoneResolver,
    /// The cases.
    pub cases: Vec<Case>,
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(y: &Yaml) -> Vec<Vec<u8>> {
    match y {
        Yaml::Array(items) => items
            .iter()
            .filter_map(scalar)
            .map(String::into_bytes)
            .collect(),
        other => scalar(other).map(String::into_bytes).into_iter().collect(),
    }
}

fn get<'a>(hash: &'a Yaml, key: &str) -> &'a Yaml {
    &hash[key]
}

/// Loads a suite file.
pub fn load(path: &Path) -> Result<Vec<Scenario>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let docs = YamlLoader::load_from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut scenarios = Vec::new();
    for doc in docs {
        if doc.is_null() || doc.is_badvalue() {
            continue;
        }
        let description = scalar(get(&doc, "description")).unwrap_or_default();
        let mut zone = ZoneResolver::new();
        if let Some(zonedata) = get(&doc, "zonedata").as_hash() {
            for (name, records) in zonedata {
                let name = scalar(name).ok_or("zonedata name is not a string")?;
                let records = records.as_vec().cloned().unwrap_or_default();
                let has_txt = records.iter().any(|r| !r["TXT"].is_badvalue());
                for record in &records {
                    if record.as_str() == Some("TIMEOUT") {
                        // The suite's driver answers the types listed before
                        // TIMEOUT and times out on the rest.
                        zone.set_fault(&name, Fault::TimeoutWithoutData);
                        continue;
                    }
                    let Some(hash) = record.as_hash() else {
                        return Err(format!("{name}: unreadable record {record:?}"));
                    };
                    for (rtype, value) in hash {
                        let rtype = scalar(rtype).unwrap_or_default();
                        let entry = match rtype.as_str() {
                            // `TXT: NONE` marks "no TXT record here" (and stops SPF being copied).
                            "TXT" if scalar(value).as_deref() == Some("NONE") => continue,
                            "TXT" => ZoneEntry::Txt(Txt {
                                strings: strings(value),
                            }),
                            "SPF" if !has_txt => ZoneEntry::Txt(Txt {
                                strings: strings(value),
                            }),
                            "SPF" => continue,
                            "A" => ZoneEntry::A(
                                scalar(value)
                                    .unwrap_or_default()
                                    .parse()
                                    .map_err(|e| format!("{name} A: {e}"))?,
                            ),
                            "AAAA" => ZoneEntry::Aaaa(
                                scalar(value)
                                    .unwrap_or_default()
                                    .parse()
                                    .map_err(|e| format!("{name} AAAA: {e}"))?,
                            ),
                            "MX" => {
                                let v = value
                                    .as_vec()
                                    .ok_or(format!("{name}: MX is not [prio, host]"))?;
                                ZoneEntry::Mx(Mx {
                                    preference: v.first().and_then(Yaml::as_i64).unwrap_or(0)
                                        as u16,
                                    exchange: v.get(1).and_then(scalar).unwrap_or_default(),
                                })
                            }
                            "PTR" => ZoneEntry::Ptr(
                                scalar(value).unwrap_or_default().to_ascii_lowercase(),
                            ),
                            "CNAME" => ZoneEntry::Cname(
                                scalar(value).unwrap_or_default().to_ascii_lowercase(),
                            ),
                            other => return Err(format!("{name}: unknown record type {other}")),
                        };
                        zone.add(&name, entry);
                    }
                }
            }
        }
        let mut cases = Vec::new();
        if let Some(tests) = get(&doc, "tests").as_hash() {
            for (name, case) in tests {
                let name = scalar(name).unwrap_or_default();
                let results = match get(case, "result") {
                    Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
                    other => scalar(other).into_iter().collect::<Vec<_>>(),
                }
                .iter()
                .map(|r| r.parse::<SpfResult>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("{name}: {e}"))?;
                let host = scalar(get(case, "host")).unwrap_or_default();
                cases.push(Case {
                    spec: scalar(get(case, "spec")).unwrap_or_default(),
                    helo: scalar(get(case, "helo")).unwrap_or_default(),
                    host: host
                        .parse()
                        .map_err(|e| format!("{name}: host {host:?}: {e}"))?,
                    mail_from: scalar(get(case, "mailfrom")).unwrap_or_default(),
                    explanation: scalar(get(case, "explanation")),
                    results,
                    name,
                });
            }
        }
        scenarios.push(Scenario {
            description,
            zone,
            cases,
        });
    }
    Ok(scenarios)
}
