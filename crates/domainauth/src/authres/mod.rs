//! Authentication-Results (RFC 8601): the header field a receiver adds to
//! record what it verified, and its ARC form (RFC 8617 §4.1.1).
//!
//! [`AuthResults`] is built by the verifier and written with
//! [`AuthResults::to_field`]; [`parse`] reads any receiver's field,
//! including comments, quoted strings, unknown methods and the bare
//! `key=value` properties some receivers write.
//!
//! ```
//! use domainauth::authres::{AuthResults, MethodResult, parse};
//! let mut ar = AuthResults::new("mx.example.net");
//! ar.results.push(MethodResult::new("spf", "pass").property("smtp", "mailfrom", "shop.example"));
//! let field = ar.to_field();
//! let back = parse(field.split_once(':').unwrap().1).unwrap();
//! assert_eq!(back.results[0].get("smtp", "mailfrom"), Some("shop.example"));
//! ```

mod build;
mod parse;

pub use parse::{AuthResError, MAX_FIELD, authserv_id, parse, parse_field};

/// One `ptype.property=value` (RFC 8601 §2.3). Bare `key=value` pairs
/// written by some receivers (Microsoft's `action=none`) have an empty `ptype`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Property {
    /// `smtp`, `header`, `body`, `policy`, … (lower case).
    pub ptype: String,
    /// `mailfrom`, `d`, `from`, … (lower case).
    pub property: String,
    /// The value as written (quotes removed).
    pub value: String,
}

/// The result of one method (`resinfo`, RFC 8601 §2.2).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MethodResult {
    /// `spf`, `dkim`, `dmarc`, `arc`, … (lower case).
    pub method: String,
    /// The method version (`dkim/1`), if written.
    pub version: Option<u32>,
    /// `pass`, `fail`, `none`, … (lower case).
    pub result: String,
    /// `reason=` text.
    pub reason: Option<String>,
    /// Properties in order.
    pub properties: Vec<Property>,
    /// Comments after the result and properties, without parentheses.
    pub comments: Vec<String>,
}

impl MethodResult {
    /// A result with no properties.
    pub fn new(method: &str, result: &str) -> Self {
        Self {
            method: method.to_ascii_lowercase(),
            version: None,
            result: result.to_ascii_lowercase(),
            reason: None,
            properties: Vec::new(),
            comments: Vec::new(),
        }
    }

    /// Adds a property.
    pub fn property(mut self, ptype: &str, property: &str, value: &str) -> Self {
        self.properties.push(Property {
            ptype: ptype.to_ascii_lowercase(),
            property: property.to_ascii_lowercase(),
            value: value.to_string(),
        });
        self
    }

    /// Adds a comment.
    pub fn comment(mut self, text: &str) -> Self {
        self.comments.push(text.to_string());
        self
    }

    /// Sets the reason.
    pub fn reason(mut self, text: &str) -> Self {
        self.reason = Some(text.to_string());
        self
    }

    /// The first value of `ptype.property` (case-insensitive).
    pub fn get(&self, ptype: &str, property: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|p| {
                p.ptype.eq_ignore_ascii_case(ptype) && p.property.eq_ignore_ascii_case(property)
            })
            .map(|p| p.value.as_str())
    }

    /// The domain part of a property value (`user@d` or `@d` → `d`), lower case.
    pub fn domain(&self, ptype: &str, property: &str) -> Option<String> {
        let v = self.get(ptype, property)?;
        let d = v.rsplit_once('@').map_or(v, |(_, d)| d);
        (!d.is_empty()).then(|| d.trim_end_matches('.').to_ascii_lowercase())
    }
}

/// An Authentication-Results (or ARC-Authentication-Results) field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuthResults {
    /// The ARC instance (`i=`), for ARC-Authentication-Results.
    pub instance: Option<u32>,
    /// Who verified (RFC 8601 §2.5).
    pub authserv_id: String,
    /// The `authres-version`, if written.
    pub version: Option<u32>,
    /// The results, in order; empty for `none`.
    pub results: Vec<MethodResult>,
    /// Parts that could not be read, with what was wrong (parsing continues
    /// after them): the part's text under `text`, and why.
    pub skipped: Vec<crate::diag::Reason>,
}

impl AuthResults {
    /// An empty field for `authserv_id`.
    pub fn new(authserv_id: &str) -> Self {
        Self {
            instance: None,
            authserv_id: authserv_id.to_string(),
            version: None,
            results: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// The results of `method` (case-insensitive).
    pub fn method<'a>(&'a self, method: &'a str) -> impl Iterator<Item = &'a MethodResult> + 'a {
        self.results
            .iter()
            .filter(move |r| r.method.eq_ignore_ascii_case(method))
    }
}
