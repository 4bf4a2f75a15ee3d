//! Writing Authentication-Results fields (RFC 8601 §2.2), folded one
//! method per line.

use std::fmt::Write as _;

use super::{AuthResults, MethodResult};

/// True when `c` may appear in a MIME token (RFC 2045 §5.1) or is `@`/`.`,
/// which RFC 8601 §2.2 `pvalue` allows in addresses and domain names.
fn token_char(c: u8) -> bool {
    c.is_ascii_graphic()
        && !matches!(
            c,
            b'(' | b')'
                | b'<'
                | b'>'
                | b','
                | b';'
                | b':'
                | b'\\'
                | b'"'
                | b'/'
                | b'['
                | b']'
                | b'?'
                | b'='
        )
}

/// `value` as a token when it can be one, else as a quoted string.
#[cfg(test)]
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_quoted(&mut out, value);
    out
}

fn push_quoted(out: &mut String, value: &str) {
    if !value.is_empty() && value.bytes().all(token_char) {
        out.push_str(value);
    } else {
        crate::mail::push_quoted_string(out, value);
    }
}

/// Appends a keyword (method, result, ptype, property: RFC 8601 §2.2).
/// Ours are always keywords; one read from elsewhere is written with its
/// control characters escaped, so it cannot end the field.
fn push_keyword(out: &mut String, keyword: &str) {
    out.push_str(&crate::escape::escape_controls(keyword));
}

impl MethodResult {
    /// The `resinfo` text: `method=result reason="…" (comment) ptype.prop=value`.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(64);
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        push_keyword(out, &self.method);
        if let Some(v) = self.version {
            let _ = write!(out, "/{v}");
        }
        out.push('=');
        push_keyword(out, &self.result);
        if let Some(reason) = &self.reason {
            out.push_str(" reason=");
            push_quoted(out, reason);
        }
        for c in &self.comments {
            out.push(' ');
            crate::escape::push_comment(out, c);
        }
        for p in &self.properties {
            out.push(' ');
            if !p.ptype.is_empty() {
                push_keyword(out, &p.ptype);
                out.push('.');
            }
            push_keyword(out, &p.property);
            out.push('=');
            push_quoted(out, &p.value);
        }
    }
}

impl AuthResults {
    /// The field value, folded with CRLF + tab before each result.
    ///
    /// Values from input (the authserv-id, reasons, comments, property
    /// values) have their control characters escaped by
    /// [`escape_controls`](crate::escape::escape_controls) and are quoted
    /// where RFC 8601 §2.2 needs it: the only line breaks are the folds.
    pub fn to_value(&self) -> String {
        let mut out = String::with_capacity(64 + 96 * self.results.len());
        out.push(' ');
        if let Some(i) = self.instance {
            let _ = write!(out, "i={i}; ");
        }
        push_quoted(&mut out, &self.authserv_id);
        if let Some(v) = self.version {
            let _ = write!(out, " {v}");
        }
        if self.results.is_empty() {
            out.push_str("; none");
        }
        for r in &self.results {
            out.push_str(";\r\n\t");
            r.write_to(&mut out);
        }
        out
    }

    /// The whole field: `Authentication-Results:` (or the ARC name when
    /// `instance` is set) and the folded value, without the final CRLF.
    pub fn to_field(&self) -> String {
        let name = if self.instance.is_some() {
            "ARC-Authentication-Results:"
        } else {
            "Authentication-Results:"
        };
        let mut out = String::from(name);
        out.push_str(&self.to_value());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("shop.example"), "shop.example");
        assert_eq!(quote("user@shop.example"), "user@shop.example");
        assert_eq!(quote("abc/+="), "\"abc/+=\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote(""), "\"\"");
    }

    #[test]
    fn none_field() {
        assert_eq!(
            AuthResults::new("mx.example.net").to_field(),
            "Authentication-Results: mx.example.net; none"
        );
    }
}
