//! Reading Authentication-Results fields (RFC 8601 §2.2 grammar, with the
//! CFWS of RFC 5322 §3.2.2 anywhere between tokens).
//!
//! The reader is tolerant where receivers differ: comments are kept, a
//! result that cannot be read is skipped up to the next `;` and listed in
//! [`AuthResults::skipped`], bare `key=value` properties are accepted, and
//! Microsoft's shapes are read: no authserv-id before the first result, and
//! the authserv-id written as an item of its own between results. Reading is
//! one pass over the field, bounded by [`MAX_FIELD`].

use super::{AuthResults, MethodResult, Property};
use crate::diag::Reason;

/// A part of the field that was skipped (`text`) and why.
fn skipped(text: &str, why: Reason) -> Reason {
    Reason::new("reason-authres-skipped")
        .param("text", text)
        .nested("why", &why)
}

/// The longest field value read (larger ones are refused, not truncated).
pub const MAX_FIELD: usize = 64 * 1024;

/// Why a field could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuthResError {
    /// Nothing but whitespace and comments.
    #[error("the field is empty (no authserv-id)")]
    Empty,
    /// The authserv-id is not a token or quoted string.
    #[error("no authserv-id at character {position}")]
    NoAuthservId {
        /// 0-based character offset.
        position: usize,
    },
    /// The authserv-id holds a control character, which neither a token
    /// nor a quoted-string may contain (RFC 8601 §2.2, RFC 5322 §3.2.4).
    #[error("the authserv-id at character {position} contains a control character")]
    ControlInAuthservId {
        /// 0-based character offset of the authserv-id.
        position: usize,
    },
    /// Longer than [`MAX_FIELD`].
    #[error("the field is longer than {limit} bytes")]
    TooLong {
        /// The limit.
        limit: usize,
    },
}

struct Cursor {
    chars: Vec<char>,
    pos: usize,
    comments: Vec<String>,
}

impl Cursor {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Skips folding white space and comments; comments are collected.
    fn cfws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += 1;
            } else if c == '(' {
                let comment = self.comment();
                let comment = comment.trim().to_string();
                if !comment.is_empty() {
                    self.comments.push(comment);
                }
            } else {
                break;
            }
        }
    }

    fn comment(&mut self) -> String {
        let mut depth = 0;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '(' => {
                    if depth > 0 {
                        text.push(c);
                    }
                    depth += 1;
                }
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    text.push(c);
                }
                '\\' => {
                    if let Some(e) = self.peek() {
                        text.push(e);
                        self.pos += 1;
                    }
                }
                '\r' | '\n' => {}
                c => text.push(c),
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn quoted(&mut self) -> Option<String> {
        if !self.eat('"') {
            return None;
        }
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '"' => return Some(out),
                '\\' => {
                    if let Some(e) = self.peek() {
                        out.push(e);
                        self.pos += 1;
                    }
                }
                '\r' | '\n' => {}
                c => out.push(c),
            }
        }
        Some(out)
    }

    /// A run of characters that are not white space, `;`, `(` or `"`,
    /// stopping also at any of `stop`.
    fn word(&mut self, stop: &str) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == ';' || c == '(' || c == '"' || stop.contains(c) {
                break;
            }
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }

    /// A value: a quoted string or a word.
    fn value(&mut self) -> String {
        self.quoted().unwrap_or_else(|| self.word(""))
    }

    fn skip_to_semicolon(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                ';' => break,
                '"' => {
                    self.quoted();
                }
                '(' => {
                    self.comment();
                }
                _ => self.pos += 1,
            }
        }
        self.chars[start..self.pos]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }
}

fn is_keyword(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A bare item that can be an authserv-id written among the results: a
/// host name (letters, digits, `-`, `_`, `.`) with at least one dot.
fn is_authserv_token(s: &str) -> bool {
    s.contains('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Microsoft writes the authserv-id as an item of its own after a result
/// (`spf=pass …; tenant.mail.onmicrosoft.com; dkim=…`), often once after
/// every result, and sometimes not at the start at all. The first one names
/// a field that had none; a repeat of the same id is dropped; a different
/// one is listed in [`AuthResults::skipped`].
fn bare_authserv_id(out: &mut AuthResults, word: String) {
    // is_authserv_token() admits no control character, so none reaches here.
    if out.authserv_id.is_empty() {
        out.authserv_id = word;
    } else if !out.authserv_id.eq_ignore_ascii_case(&word) {
        out.skipped.push(
            Reason::new("reason-authres-second-authserv-id")
                .param("text", &word)
                .param("first", &out.authserv_id),
        );
    }
}

/// Reads one `resinfo` after its `;`; the error says what was expected.
fn resinfo(cur: &mut Cursor) -> Result<MethodResult, Reason> {
    cur.comments.clear();
    cur.cfws();
    let method = cur.word("=/.");
    if !is_keyword(&method) {
        return Err(Reason::new("reason-authres-part-method").param("found", &method));
    }
    cur.cfws();
    let mut version = None;
    if cur.eat('/') {
        cur.cfws();
        let v = cur.word("=");
        version = Some(
            v.parse::<u32>()
                .map_err(|_| Reason::new("reason-authres-part-version").param("found", &v))?,
        );
        cur.cfws();
    }
    if !cur.eat('=') {
        return Err(Reason::new("reason-authres-part-no-equals").param("after", &method));
    }
    cur.cfws();
    let result = cur.word("=");
    if !is_keyword(&result) {
        return Err(Reason::new("reason-authres-part-result")
            .param("method", &method)
            .param("found", &result));
    }
    let mut out = MethodResult::new(&method, &result);
    out.version = version;
    loop {
        cur.cfws();
        match cur.peek() {
            None | Some(';') => break,
            _ => {}
        }
        let key = cur.word("=.");
        if key.is_empty() {
            return Err(Reason::new("reason-authres-part-unexpected")
                .param("ch", cur.peek().unwrap_or(' '))
                .param("method", &method));
        }
        cur.cfws();
        let (ptype, property) = if cur.eat('.') {
            cur.cfws();
            let property = cur.word("=");
            cur.cfws();
            (key, property)
        } else {
            (String::new(), key)
        };
        if !cur.eat('=') {
            return Err(Reason::new("reason-authres-part-no-equals")
                .param("after", format!("{ptype}.{property}")));
        }
        cur.cfws();
        let value = cur.value();
        if ptype.is_empty() && property.eq_ignore_ascii_case("reason") {
            out.reason = Some(value);
        } else {
            out.properties.push(Property {
                ptype: ptype.to_ascii_lowercase(),
                property: property.to_ascii_lowercase(),
                value,
            });
        }
    }
    out.comments = std::mem::take(&mut cur.comments);
    Ok(out)
}

/// Parses the value of an Authentication-Results or
/// ARC-Authentication-Results field (everything after the colon).
pub fn parse(value: &str) -> Result<AuthResults, AuthResError> {
    if value.len() > MAX_FIELD {
        return Err(AuthResError::TooLong { limit: MAX_FIELD });
    }
    let mut cur = Cursor {
        chars: value.chars().collect(),
        pos: 0,
        comments: Vec::new(),
    };
    cur.cfws();
    if cur.peek().is_none() {
        return Err(AuthResError::Empty);
    }
    let instance = arc_instance(&mut cur);
    let (authserv_id, headless) = read_authserv_id(&mut cur)?;
    cur.cfws();
    let mut version = None;
    if !headless && cur.peek().is_some_and(|c| c.is_ascii_digit()) {
        let v = cur.word("");
        version = v.parse().ok();
        cur.cfws();
    }
    let mut out = AuthResults {
        instance,
        authserv_id,
        version,
        results: Vec::new(),
        skipped: Vec::new(),
    };
    if headless {
        match resinfo(&mut cur) {
            Ok(r) => out.results.push(r),
            Err(why) => {
                let text = cur.skip_to_semicolon();
                out.skipped.push(skipped(&text, why));
            }
        }
    }
    read_results(&mut cur, &mut out);
    Ok(out)
}

/// The authserv-id a field claims (RFC 8601 §2.2: `[CFWS] authserv-id`,
/// a token or a quoted string, comments before it skipped), read as
/// [`parse`] reads it but whatever follows and however long the value: a
/// receiver removing forged fields that claim its own id (§5) must find
/// them in fields [`parse`] refuses too. `None` for a field without one
/// (empty, or headless: results first).
///
/// ```
/// use domainauth::authres::authserv_id;
/// assert_eq!(authserv_id(" (x) \"mx.example.net\"; dkim=pass").as_deref(), Some("mx.example.net"));
/// assert_eq!(authserv_id(" spf=pass smtp.mailfrom=a.example"), None);
/// ```
pub fn authserv_id(value: &str) -> Option<String> {
    let mut cur = Cursor {
        chars: value.chars().collect(),
        pos: 0,
        comments: Vec::new(),
    };
    cur.cfws();
    cur.peek()?;
    match read_authserv_id(&mut cur) {
        Ok((id, false)) => Some(id),
        _ => None,
    }
}

/// ARC's `i=N;`, which comes first (RFC 8617 §4.1.1); the cursor stays
/// where it was without one.
fn arc_instance(cur: &mut Cursor) -> Option<u32> {
    let save = cur.pos;
    if !cur.peek().is_some_and(|c| c == 'i' || c == 'I') {
        return None;
    }
    cur.pos += 1;
    cur.cfws();
    if cur.eat('=') {
        cur.cfws();
        let n = cur.word("");
        cur.cfws();
        if let (Ok(n), true) = (n.parse::<u32>(), cur.eat(';')) {
            cur.cfws();
            return Some(n);
        }
    }
    cur.pos = save;
    None
}

/// The authserv-id (RFC 8601 §2.2), and whether the field has none:
/// Microsoft writes results without one ("spf=pass … ;dkim=…"), so a
/// first token followed by `=` is a result, and the id is left empty.
fn read_authserv_id(cur: &mut Cursor) -> Result<(String, bool), AuthResError> {
    let position = cur.pos;
    let probe = cur.word("=");
    cur.cfws();
    let headless = !probe.is_empty() && cur.peek() == Some('=');
    cur.pos = position;
    let authserv_id = if headless { String::new() } else { cur.value() };
    if authserv_id.is_empty() && !headless {
        return Err(AuthResError::NoAuthservId { position });
    }
    if authserv_id.chars().any(char::is_control) {
        return Err(AuthResError::ControlInAuthservId { position });
    }
    Ok((authserv_id, headless))
}

/// The `;`-separated results (RFC 8601 §2.2 `resinfo`): `none`, a bare
/// authserv-id some receivers append, or a result; a part that cannot be
/// read is kept in `skipped` with the reason, and reading goes on.
fn read_results(cur: &mut Cursor, out: &mut AuthResults) {
    while cur.eat(';') {
        let start = cur.pos;
        cur.cfws();
        if cur.peek().is_none() {
            break;
        }
        let probe = cur.pos;
        let word = cur.word("=");
        cur.cfws();
        if !word.is_empty() && matches!(cur.peek(), None | Some(';')) {
            if word.eq_ignore_ascii_case("none") {
                continue;
            }
            if is_authserv_token(&word) {
                bare_authserv_id(out, word);
                continue;
            }
        }
        cur.pos = probe;
        match resinfo(cur) {
            Ok(r) => out.results.push(r),
            Err(why) => {
                cur.pos = start;
                let text = cur.skip_to_semicolon();
                out.skipped.push(skipped(&text, why));
            }
        }
    }
    cur.cfws();
    if cur.peek().is_some() {
        let text = cur.skip_to_semicolon();
        out.skipped.push(skipped(
            &text,
            Reason::new("reason-authres-part-no-semicolon"),
        ));
    }
}

/// Parses a whole field line (`Authentication-Results: …`).
pub fn parse_field(field: &str) -> Result<AuthResults, AuthResError> {
    let value = field.split_once(':').map_or(field, |(_, v)| v);
    parse(value)
}

#[cfg(test)]
mod tests {
    /// RFC 8601 §2.2 forms a reader takes as the authserv-id.
    #[test]
    fn authserv_ids_as_readers_see_them() {
        for (value, id) in [
            (" mx.example.net; spf=pass", Some("mx.example.net")),
            ("mx.example.net;spf=pass", Some("mx.example.net")),
            ("\tmx.example.net\r\n\t; dkim=pass", Some("mx.example.net")),
            (" (comment) mx.example.net; x", Some("mx.example.net")),
            (
                " (nested (comment) \\) ) mx.example.net 1; x",
                Some("mx.example.net"),
            ),
            (" \"mx.example.net\"; x", Some("mx.example.net")),
            (" mx.example.net(c); x", Some("mx.example.net")),
            (" MX.EXAMPLE.NET.; x", Some("MX.EXAMPLE.NET.")),
            ("   ", None),
            (" (unclosed", None),
        ] {
            assert_eq!(authserv_id(value).as_deref(), id, "{value:?}");
        }
    }

    use super::*;

    #[test]
    fn rfc8601_appendix_examples() {
        // B.2: nothing done.
        let r = parse(" example.org 1; none").unwrap();
        assert_eq!(
            (r.authserv_id.as_str(), r.version),
            ("example.org", Some(1))
        );
        assert!(r.results.is_empty());
        // B.3: SPF.
        let r = parse(" example.com;\r\n spf=pass smtp.mailfrom=example.net").unwrap();
        assert_eq!(r.results[0].get("smtp", "mailfrom"), Some("example.net"));
        // B.4: SMTP AUTH with a comment and a version.
        let r = parse(" example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net").unwrap();
        assert_eq!(r.results.len(), 2);
        assert_eq!(r.results[0].comments, vec!["cram-md5"]);
        assert_eq!(r.results[0].get("smtp", "auth"), Some("sender@example.net"));
        // B.6: method version, reason and header.i.
        let r = parse(
            " example.com; dkim/1=fail reason=\"bad signature\" header.i=@mail-router.example.net",
        )
        .unwrap();
        let d = &r.results[0];
        assert_eq!(
            (d.method.as_str(), d.version, d.result.as_str()),
            ("dkim", Some(1), "fail")
        );
        assert_eq!(d.reason.as_deref(), Some("bad signature"));
        assert_eq!(
            d.domain("header", "i").as_deref(),
            Some("mail-router.example.net")
        );
    }

    #[test]
    fn microsoft_authserv_id_in_the_middle() {
        // Headless, the id after the first result and again after each.
        let r = parse(concat!(
            " spf=pass (sender IP is 198.51.100.1) smtp.mailfrom=example.com;\r\n",
            " cardinalhealth.mail.onmicrosoft.com; dkim=none (message not signed)\r\n",
            " header.d=none;cardinalhealth.mail.onmicrosoft.com; dmarc=pass action=none\r\n",
            " header.from=example.com;"
        ))
        .unwrap();
        assert_eq!(r.authserv_id, "cardinalhealth.mail.onmicrosoft.com");
        let methods: Vec<_> = r.results.iter().map(|m| m.method.as_str()).collect();
        assert_eq!(methods, ["spf", "dkim", "dmarc"]);
        assert!(r.skipped.is_empty(), "{:?}", r.skipped);
        // The id at the start and repeated after a result.
        let r = parse(" example.com; dkim=none (message not signed) header.d=none;example.com; dmarc=none action=none header.from=example.org;").unwrap();
        assert_eq!(r.authserv_id, "example.com");
        assert_eq!(r.results.len(), 2);
        assert!(r.skipped.is_empty());
        // A different bare id is not silently taken.
        let r = parse(" mx.example.net; spf=pass smtp.mailfrom=a.example; mx.evil.example; dkim=pass header.d=a.example").unwrap();
        assert_eq!(r.authserv_id, "mx.example.net");
        assert_eq!(r.results.len(), 2);
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(r.skipped[0].params["text"], "mx.evil.example");
        assert!(r.skipped[0].to_string().contains("a second authserv-id"));
    }

    #[test]
    fn tolerant() {
        let r = parse(" mx.example; spf=pass smtp.mailfrom=a.example; ???; dkim=none").unwrap();
        assert_eq!(r.results.len(), 2);
        assert_eq!(r.skipped.len(), 1);
        assert_eq!(parse("  (only a comment) "), Err(AuthResError::Empty));
        let r = parse(" i=2; relay.example; arc=pass").unwrap();
        assert_eq!(r.instance, Some(2));
        assert_eq!(r.authserv_id, "relay.example");
    }
}
