//! Writing Authentication-Results fields (RFC 8601 §2.2), folded one
//! method per line.

use super::{AuthResults, MethodResult};

/// True when `c` may appear in a MIME token (RFC 2045 §5.1) or is `@`/`.`,
/// which RFC 8601 §2.2 `pvalue` allows in addresses and domain names.
fn token_char(c: char) -> bool {
    c.is_ascii_graphic() && !"()<>,;:\\\"/[]?=".contains(c)
}

/// `value` as a token when it can be one, else as a quoted string.
pub(crate) fn quote(value: &str) -> String {
    if !value.is_empty() && value.chars().all(token_char) {
        value.to_string()
    } else {
        let mut out = String::from('"');
        for c in value.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            if !c.is_control() {
                out.push(c);
            }
        }
        out.push('"');
        out
    }
}

fn comment(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '(' => '[',
            ')' => ']',
            '\\' => '/',
            c => c,
        })
        .collect();
    format!("({clean})")
}

impl MethodResult {
    /// The `resinfo` text: `method=result reason="…" ptype.prop=value (comment)`.
    pub fn to_text(&self) -> String {
        let mut out = self.method.clone();
        if let Some(v) = self.version {
            out.push_str(&format!("/{v}"));
        }
        out.push('=');
        out.push_str(&self.result);
        if let Some(reason) = &self.reason {
            out.push_str(" reason=");
            out.push_str(&quote(reason));
        }
        for c in &self.comments {
            out.push(' ');
            out.push_str(&comment(c));
        }
        for p in &self.properties {
            out.push(' ');
            if !p.ptype.is_empty() {
                out.push_str(&p.ptype);
                out.push('.');
            }
            out.push_str(&p.property);
            out.push('=');
            out.push_str(&quote(&p.value));
        }
        out
    }
}

impl AuthResults {
    /// The field value, folded with CRLF + tab before each result.
    pub fn to_value(&self) -> String {
        let mut out = String::from(" ");
        if let Some(i) = self.instance {
            out.push_str(&format!("i={i}; "));
        }
        out.push_str(&quote(&self.authserv_id));
        if let Some(v) = self.version {
            out.push_str(&format!(" {v}"));
        }
        if self.results.is_empty() {
            out.push_str("; none");
        }
        for r in &self.results {
            out.push_str(";\r\n\t");
            out.push_str(&r.to_text());
        }
        out
    }

    /// The whole field: `Authentication-Results:` (or the ARC name when
    /// `instance` is set) and the folded value, without the final CRLF.
    pub fn to_field(&self) -> String {
        let name = if self.instance.is_some() {
            "ARC-Authentication-Results"
        } else {
            "Authentication-Results"
        };
        format!("{name}:{}", self.to_value())
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
