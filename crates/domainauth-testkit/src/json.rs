//! Checks on JSON text that a parsed `serde_json::Value` cannot make.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};

/// `Err` naming the first key that one object of `json` holds twice. JSON
/// parsers keep one of the two (`serde_json::Value` the last, others the
/// first), so a script would read half of such an object; the raw text is
/// read here.
pub fn no_repeated_keys(json: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<Unique>(json)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Any JSON value, read only to see that no object repeats a key.
struct Unique;

impl<'de> Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Unique)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = Unique;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(A::Error::custom(format!("the key {key:?} twice")));
            }
            map.next_value::<Unique>()?;
        }
        Ok(Unique)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
        while seq.next_element::<Unique>()?.is_some() {}
        Ok(Unique)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
        Ok(Unique)
    }
    fn visit_unit<E>(self) -> Result<Unique, E> {
        Ok(Unique)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_twice_in_one_object_is_found_and_named() {
        assert!(no_repeated_keys(br#"{"a":[{"k":1,"b":{"k":2}}],"k":3}"#).is_ok());
        let err = no_repeated_keys(br#"{"a":[{"k":1,"b":{"k":2},"k":3}]}"#).unwrap_err();
        assert!(err.contains(r#"the key "k" twice"#), "{err}");
    }
}
