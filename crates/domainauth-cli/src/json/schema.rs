//! The JSON Schemas of the documents, generated from their types and
//! compared with the files committed under `schemas/`.
//!
//! `DOMAINAUTH_UPDATE_SCHEMAS=1 cargo test -p domainauth-cli --bin domainauth json::`
//! rewrites the files after a deliberate change of the output; the diff
//! then shows what scripts will see, and docs/json.md says when
//! [`SCHEMA_VERSION`](super::SCHEMA_VERSION) must change with it.

use std::path::PathBuf;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use super::arc::{ArcSealDocument, ArcVerifyDocument};
use super::check::CheckDocument;
use super::check_many::CheckManyDocument;
use super::dkim::{DkimKeygenDocument, DkimSignDocument, DkimVerifyDocument};
use super::dmarc::{DmarcCheckDocument, DmarcLintDocument};
use super::error::ErrorDocument;
use super::reports::{
    FailuresDocument, IngestDocument, ListDocument, ShowDocument, SummaryDocument, TlsDocument,
};
use super::spf::{SpfCheckDocument, SpfRecordDocument};
use super::verify::VerifyDocument;

/// Every object lists all its fields: output that the schema does not
/// describe fails validation, so a field can only appear by a change of
/// the schema (a trace included). An object made of its own fields and
/// those of a flattened enum (`properties` beside `oneOf`/`anyOf`) is
/// closed with `unevaluatedProperties`, which sees the branch that
/// matched; its branches stay open.
fn close(schema: &mut Value, open: bool) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let combined = map.contains_key("properties")
        && ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| map.get(*k).is_some_and(Value::is_array));
    if combined {
        map.insert("unevaluatedProperties".into(), Value::Bool(false));
    } else if map.contains_key("properties") && !open {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    for (keyword, value) in map.iter_mut() {
        match (keyword.as_str(), value) {
            ("properties" | "$defs", Value::Object(schemas)) => {
                schemas.values_mut().for_each(|s| close(s, false));
            }
            ("oneOf" | "anyOf" | "allOf", Value::Array(schemas)) => {
                schemas.iter_mut().for_each(|s| close(s, combined));
            }
            ("prefixItems", Value::Array(schemas)) => {
                schemas.iter_mut().for_each(|s| close(s, false));
            }
            ("items" | "additionalProperties" | "not", sub) => close(sub, false),
            ("description", Value::String(text)) => *text = plain_links(text),
            _ => {}
        }
    }
}

/// Rustdoc links in a description (`` [`Budget`] ``, `` [`AsReason`](crate::diag::AsReason) ``)
/// as the code spans they show.
fn plain_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find("`]") else {
            out.push_str(&rest[start..]);
            return out;
        };
        out.push_str(&after[..=end]);
        rest = &after[end + 2..];
        if rest.starts_with('(')
            && let Some(close) = rest.find(')')
        {
            rest = &rest[close + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The schema of `T`, as committed.
fn schema_of<T: JsonSchema>() -> Schema {
    let schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    close(&mut value, false);
    Schema::try_from(value).expect("a schema stays an object")
}

/// Each document's file name (without `.schema.json`) and schema.
pub(crate) fn documents() -> Vec<(&'static str, Schema)> {
    vec![
        ("verify", schema_of::<VerifyDocument<'static>>()),
        ("check", schema_of::<CheckDocument<'static>>()),
        ("check-many", schema_of::<CheckManyDocument<'static>>()),
        ("spf-check", schema_of::<SpfCheckDocument<'static>>()),
        ("spf-record", schema_of::<SpfRecordDocument<'static>>()),
        ("dmarc-check", schema_of::<DmarcCheckDocument<'static>>()),
        ("dmarc-lint", schema_of::<DmarcLintDocument<'static>>()),
        ("dkim-verify", schema_of::<DkimVerifyDocument<'static>>()),
        ("dkim-sign", schema_of::<DkimSignDocument<'static>>()),
        ("dkim-keygen", schema_of::<DkimKeygenDocument<'static>>()),
        ("arc-verify", schema_of::<ArcVerifyDocument<'static>>()),
        (
            "milter-import-opendkim",
            schema_of::<super::milter::ImportOpendkimDocument<'static>>(),
        ),
        (
            "milter-import-opendmarc",
            schema_of::<super::milter::ImportOpendmarcDocument<'static>>(),
        ),
        (
            "milter-check-config",
            schema_of::<super::milter::CheckConfigDocument<'static>>(),
        ),
        ("arc-seal", schema_of::<ArcSealDocument<'static>>()),
        ("reports-ingest", schema_of::<IngestDocument<'static>>()),
        ("reports-summary", schema_of::<SummaryDocument<'static>>()),
        ("reports-list", schema_of::<ListDocument<'static>>()),
        ("reports-show", schema_of::<ShowDocument<'static>>()),
        ("reports-failures", schema_of::<FailuresDocument<'static>>()),
        ("reports-tls", schema_of::<TlsDocument<'static>>()),
        ("error", schema_of::<ErrorDocument<'static>>()),
    ]
}

/// The `schemas/` folder of this crate (shipped in its package).
fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// The text a schema is committed as.
fn text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema is JSON");
    text.push('\n');
    text
}

#[test]
fn committed_schemas_are_current() {
    let update = std::env::var_os("DOMAINAUTH_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, schema) in documents() {
        let path = folder().join(format!("{name}.schema.json"));
        let want = text(&schema);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(want.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(folder()).expect("schemas/ can be created");
            std::fs::write(&path, want).expect("the schema can be written");
        } else {
            stale.push(format!("schemas/{name}.schema.json"));
        }
    }
    assert!(
        stale.is_empty(),
        "the --json output types changed, but these committed schemas were not \
         regenerated: {stale:?}.\nIf the change is deliberate, run\n  \
         DOMAINAUTH_UPDATE_SCHEMAS=1 cargo test -p domainauth-cli --bin domainauth json::\n\
         review the diff, and check docs/json.md (and SCHEMA_VERSION if a reader \
         could now misread the output)."
    );
}

/// No schema file lies in `schemas/` without a document behind it.
#[test]
fn every_schema_file_belongs_to_a_document() {
    let names: Vec<String> = documents()
        .iter()
        .map(|(name, _)| format!("{name}.schema.json"))
        .collect();
    for entry in std::fs::read_dir(folder()).expect("schemas/ exists") {
        let file = entry.expect("schemas/ can be read").file_name();
        let file = file.to_string_lossy();
        assert!(
            names.iter().any(|n| *n == file),
            "schemas/{file} has no document"
        );
    }
}

/// Each object schema in `schema` and its subschemas, with its JSON pointer.
fn objects<'a>(schema: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("properties") {
        out.push((at.to_string(), schema));
    }
    for (keyword, value) in map {
        match (keyword.as_str(), value) {
            ("properties" | "$defs", Value::Object(schemas)) => {
                for (name, sub) in schemas {
                    objects(sub, &format!("{at}/{keyword}/{name}"), out);
                }
            }
            ("oneOf" | "anyOf" | "allOf" | "prefixItems", Value::Array(schemas)) => {
                for (i, sub) in schemas.iter().enumerate() {
                    objects(sub, &format!("{at}/{keyword}/{i}"), out);
                }
            }
            ("items" | "additionalProperties" | "not", sub) => {
                objects(sub, &format!("{at}/{keyword}"), out);
            }
            _ => {}
        }
    }
}

/// Findings appear only rendered: an object with a `code` and a
/// `severity` always has its `message`, so the library's bare findings
/// (code and parameters only) are never printed a second time.
#[test]
fn findings_appear_only_rendered() {
    for (name, schema) in documents() {
        let mut found = Vec::new();
        objects(schema.as_value(), "", &mut found);
        for (at, object) in found {
            let properties = &object["properties"];
            if properties.get("code").is_some() && properties.get("severity").is_some() {
                assert!(
                    properties.get("message").is_some(),
                    "{name}.schema.json{at}: a finding without its text"
                );
            }
        }
    }
}

/// Every document starts with `schema_version` and names its command.
#[test]
fn every_document_has_a_version_and_a_command() {
    for (name, schema) in documents() {
        let required = schema.get("required").and_then(Value::as_array);
        let required = required.expect("a document has required fields");
        assert!(required.contains(&"schema_version".into()), "{name}");
        let command = schema.pointer("/properties/command/const");
        if name == "error" {
            assert!(command.is_none());
        } else {
            let command = command.and_then(Value::as_str).expect("a command");
            // `check` on several domains prints its own document.
            let name = name.strip_suffix("-many").unwrap_or(name);
            // `milter --check-config` is an option's document.
            assert_eq!(command.replace(" --", "-").replace(' ', "-"), name);
        }
    }
}

/// The form the schema gives finding codes fits every code there is.
#[test]
fn every_finding_code_has_the_form_the_schema_gives() {
    let schema = schema_of::<domainauth::diag::Code>();
    let pattern = schema
        .get("pattern")
        .and_then(Value::as_str)
        .expect("a pattern");
    assert_eq!(pattern, "^[a-z0-9]+(-[a-z0-9]+)*$");
    for code in domainauth::diag::Code::ALL {
        let id = code.id();
        let ok = !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        assert!(ok, "{id} does not match {pattern}");
    }
}

/// Closing is what makes undocumented fields fail: every object is closed,
/// itself or (a flattened enum's branch) by its parent.
#[test]
fn objects_are_closed() {
    for (name, schema) in documents() {
        let mut found = Vec::new();
        objects(schema.as_value(), "", &mut found);
        assert!(!found.is_empty(), "{name}");
        for (at, object) in found {
            let closed = |o: &Value| {
                o.get("additionalProperties") == Some(&Value::Bool(false))
                    || o.get("unevaluatedProperties") == Some(&Value::Bool(false))
            };
            // A branch: `<parent>/oneOf/<n>`.
            let parts: Vec<&str> = at.rsplitn(3, '/').collect();
            let parent = match parts[..] {
                [_, "oneOf" | "anyOf", parent] => schema.as_value().pointer(parent),
                _ => None,
            };
            assert!(
                closed(object) || parent.is_some_and(closed),
                "{name}.schema.json{at} is open"
            );
        }
    }
}

#[test]
fn rustdoc_links_read_as_code() {
    assert_eq!(
        plain_links("see [`Budget`] and [`AsReason`](crate::diag::AsReason)."),
        "see `Budget` and `AsReason`."
    );
    assert_eq!(plain_links("a [`b"), "a [`b");
    assert_eq!(plain_links("[x](y) stays"), "[x](y) stays");
}
