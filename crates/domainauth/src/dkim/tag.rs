//! Tag=value lists (RFC 6376 §3.2), the syntax of DKIM-Signature fields and
//! DKIM key records.
//!
//! Parsing is linear in the length of the list: duplicates are found with a
//! set of the names seen, and a list stops being read at its
//! [`MAX_TAGS`]th tag.

use std::collections::HashSet;

/// The most tags one tag list may hold; a longer list is an error
/// ([`TagError::TooManyTags`]).
///
/// RFC 6376 defines 14 tags for DKIM-Signature (§3.5) and 8 for key records
/// (§3.6.1); unknown tags must be ignored (§3.2, §3.6.1), which leaves room
/// for extensions but not for thousands of them. Real signatures carry 8 to
/// 12 tags; 64 is several times what any extension could need, and bounds
/// the work one hostile field can ask for.
pub const MAX_TAGS: usize = 64;

/// A syntax error in a tag list, with the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TagError {
    /// A tag-spec without `=`.
    #[error("tag at offset {pos} has no '='")]
    MissingEquals {
        /// Byte offset of the tag-spec.
        pos: usize,
    },
    /// A tag name that is empty or not `ALPHA *(ALPHA / DIGIT / "_")`.
    #[error("invalid tag name {name:?} at offset {pos}")]
    BadName {
        /// Byte offset of the name.
        pos: usize,
        /// The name as written.
        name: String,
    },
    /// The same tag twice (§3.2: "Tags with duplicate names MUST NOT occur").
    #[error("tag {name}= appears twice (second at offset {pos})")]
    Duplicate {
        /// Byte offset of the second occurrence.
        pos: usize,
        /// The tag name.
        name: String,
    },
    /// More tags than [`MAX_TAGS`] (or the limit given to
    /// [`parse_tag_list_with_limit`]); the rest of the list is not read.
    #[error(
        "more than {limit} tags in one tag list, the most one may hold; the tag at offset {pos} is one too many"
    )]
    TooManyTags {
        /// Byte offset of the first tag over the limit.
        pos: usize,
        /// The limit.
        limit: usize,
    },
    /// A character not allowed in a tag value (controls, `;` is the separator).
    #[error("character {ch:?} at offset {pos} is not allowed in the value of {name}=")]
    BadValueChar {
        /// Byte offset of the character.
        pos: usize,
        /// The tag name.
        name: String,
        /// The character.
        ch: char,
    },
}

impl TagError {
    /// The byte offset in the list where the problem is.
    pub fn pos(&self) -> usize {
        match self {
            Self::MissingEquals { pos }
            | Self::BadName { pos, .. }
            | Self::Duplicate { pos, .. }
            | Self::TooManyTags { pos, .. }
            | Self::BadValueChar { pos, .. } => *pos,
        }
    }
}

/// One `tag=value`, with whitespace around the value removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The tag name (case-sensitive, §3.2).
    pub name: &'a str,
    /// The value with surrounding whitespace trimmed; inner FWS kept.
    pub value: &'a str,
    /// Byte offset of the tag name in the list.
    pub pos: usize,
}

fn is_wsp(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Parses a tag list of at most [`MAX_TAGS`] tags. An empty list, a
/// trailing `;` and FWS around names, `=` and values are accepted.
///
/// ```
/// use domainauth::dkim::parse_tag_list;
/// let tags = parse_tag_list("v=1; a=rsa-sha256;\r\n\td=example.com; ").unwrap();
/// assert_eq!(tags.len(), 3);
/// assert_eq!(tags[2].name, "d");
/// assert_eq!(tags[2].value, "example.com");
/// ```
pub fn parse_tag_list(text: &str) -> Result<Vec<Tag<'_>>, TagError> {
    parse_tag_list_with_limit(text, MAX_TAGS)
}

/// [`parse_tag_list`] with another cap on the number of tags: for tag lists
/// other than DKIM's, and to measure the parser itself. Time is linear in
/// the length of `text` whatever the limit.
///
/// ```
/// use domainauth::dkim::{TagError, parse_tag_list_with_limit};
/// assert_eq!(parse_tag_list_with_limit("a=1; b=2", 2).unwrap().len(), 2);
/// assert_eq!(
///     parse_tag_list_with_limit("a=1; b=2; c=3", 2),
///     Err(TagError::TooManyTags { pos: 10, limit: 2 })
/// );
/// ```
pub fn parse_tag_list_with_limit(text: &str, limit: usize) -> Result<Vec<Tag<'_>>, TagError> {
    let mut tags: Vec<Tag<'_>> = Vec::with_capacity(16);
    // Names seen so far, once the list is long enough for a set to beat a
    // scan of the few names before it: one lookup per tag either way.
    let mut seen: Option<HashSet<&str>> = None;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start <= bytes.len() {
        let end = memchr::memchr(b';', &bytes[start..]).map_or(bytes.len(), |o| start + o);
        let spec = &text[start..end];
        if !spec.bytes().all(is_wsp) {
            if tags.len() == limit {
                return Err(TagError::TooManyTags {
                    pos: start + leading_wsp(spec),
                    limit,
                });
            }
            let eq = memchr::memchr(b'=', spec.as_bytes())
                .ok_or(TagError::MissingEquals { pos: start })?;
            let raw_name = &spec[..eq];
            let name_pos = start + leading_wsp(raw_name);
            let name = trim_wsp(raw_name);
            let valid_name = name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !valid_name {
                return Err(TagError::BadName {
                    pos: name_pos,
                    name: name.to_string(),
                });
            }
            let raw_value = &spec[eq + 1..];
            let value_pos = start + eq + 1 + leading_wsp(raw_value);
            let value = trim_wsp(raw_value);
            // VALCHAR = %x21-3A / %x3C-7E, with FWS between runs; 8-bit text is
            // tolerated (RFC 6376 leaves it to RFC 6532 for z= and n=). A
            // control character is ASCII, so a byte scan finds it exactly.
            if let Some(off) = value.bytes().position(is_control) {
                return Err(TagError::BadValueChar {
                    pos: value_pos + off,
                    name: name.to_string(),
                    ch: char::from(value.as_bytes()[off]),
                });
            }
            let duplicate = match &mut seen {
                Some(set) => !set.insert(name),
                None if tags.len() < SCAN_LIMIT => tags.iter().any(|t| t.name == name),
                None => {
                    let mut set: HashSet<&str> = tags.iter().map(|t| t.name).collect();
                    let duplicate = !set.insert(name);
                    seen = Some(set);
                    duplicate
                }
            };
            if duplicate {
                return Err(TagError::Duplicate {
                    pos: name_pos,
                    name: name.to_string(),
                });
            }
            tags.push(Tag {
                name,
                value,
                pos: name_pos,
            });
        }
        start = end + 1;
    }
    Ok(tags)
}

/// Up to this many tags, a new name is compared with the names before it;
/// beyond, a set of the names is kept (the list stays linear however long).
const SCAN_LIMIT: usize = 16;

/// A control character other than FWS: not allowed in a tag value.
fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f
}

/// Length of the FWS at the start of `s`.
fn leading_wsp(s: &str) -> usize {
    s.bytes().position(|b| !is_wsp(b)).unwrap_or(s.len())
}

/// `s` without FWS at either end (only ASCII bytes are removed, so the
/// result is cut at character boundaries).
fn trim_wsp(s: &str) -> &str {
    let start = leading_wsp(s);
    let end = s.bytes().rposition(|b| !is_wsp(b)).map_or(start, |p| p + 1);
    &s[start..end.max(start)]
}

/// Removes all whitespace (FWS) from a value, as `b=`, `bh=` and `p=` need
/// (§3.5); borrows when there is none.
pub(crate) fn strip_fws(value: &str) -> std::borrow::Cow<'_, str> {
    let bytes = value.as_bytes();
    let Some(first) = bytes.iter().position(u8::is_ascii_whitespace) else {
        return std::borrow::Cow::Borrowed(value);
    };
    // Cut only at ASCII whitespace, so every piece is whole characters.
    let mut out = String::with_capacity(value.len());
    let mut piece = 0;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        if b.is_ascii_whitespace() {
            out.push_str(&value[piece..i]);
            piece = i + 1;
        }
    }
    out.push_str(&value[piece..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_trailing_separator() {
        let tags = parse_tag_list(" v = 1 ;\r\n a=rsa-sha256 ;").unwrap();
        assert_eq!(tags[0].name, "v");
        assert_eq!(tags[0].value, "1");
        assert_eq!(tags[1].value, "rsa-sha256");
        assert!(parse_tag_list("").unwrap().is_empty());
        assert!(parse_tag_list("  ;  ").unwrap().is_empty());
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_tag_list("v=1; a"),
            Err(TagError::MissingEquals { pos: 4 })
        );
        assert!(matches!(
            parse_tag_list("1v=1"),
            Err(TagError::BadName { .. })
        ));
        assert!(matches!(
            parse_tag_list("v=1; v=1"),
            Err(TagError::Duplicate { pos: 5, .. })
        ));
        assert!(matches!(
            parse_tag_list("v=1\u{0}"),
            Err(TagError::BadValueChar { .. })
        ));
        assert!(matches!(
            parse_tag_list("=x"),
            Err(TagError::BadName { .. })
        ));
    }

    /// 130,000 tags of distinct names: ~1 MB, the size of the field that took
    /// 22 s when each tag was compared with every earlier one. The set of
    /// seen names makes this one lookup per tag; the duplicate at the end is
    /// still found, at its own offset.
    #[test]
    fn duplicate_tag_check_is_linear() {
        let n = 130_000;
        let mut text = String::with_capacity(n * 9);
        for i in 0..n {
            text.push_str(&format!("t{i}=v; "));
        }
        let dup_pos = text.len();
        text.push_str("t7=v");
        assert!(text.len() > 1_000_000);
        assert_eq!(
            parse_tag_list_with_limit(&text, usize::MAX),
            Err(TagError::Duplicate {
                pos: dup_pos,
                name: "t7".into()
            })
        );
        let without_dup = &text[..dup_pos];
        assert_eq!(
            parse_tag_list_with_limit(without_dup, usize::MAX)
                .unwrap()
                .len(),
            n
        );
    }

    /// The public parser stops at the first tag over [`MAX_TAGS`]: the
    /// error's offset is that tag's, so nothing after it was read.
    #[test]
    fn tag_count_cap_stops_reading() {
        let text: String = (0..130_000).map(|i| format!("t{i}=v; ")).collect();
        let over = text.find(&format!("t{MAX_TAGS}=")).unwrap();
        assert_eq!(
            parse_tag_list(&text),
            Err(TagError::TooManyTags {
                pos: over,
                limit: MAX_TAGS
            })
        );
        let exactly: String = (0..MAX_TAGS).map(|i| format!("t{i}=v;")).collect();
        assert_eq!(parse_tag_list(&exactly).unwrap().len(), MAX_TAGS);
    }

    #[test]
    fn values_keep_inner_fws_and_equals() {
        let tags = parse_tag_list("b=abc\r\n def=; p=MIIB==").unwrap();
        assert_eq!(tags[0].value, "abc\r\n def=");
        assert_eq!(strip_fws(tags[0].value), "abcdef=");
        assert_eq!(tags[1].value, "MIIB==");
    }
}
