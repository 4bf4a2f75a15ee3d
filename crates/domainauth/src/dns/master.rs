//! Reading RFC 1035 §5 master files ("zone files") into records, with the
//! text encodings of §5.1 read as octets.
//!
//! Our own reader, because the one in hickory-proto 0.26 reads `\DDD` in a
//! TXT string as the character U+00DD…, not the octet (`"v=spf1 \043all"`
//! became `v=spf1 Ѓall`), and refuses owner names with octets outside
//! letters, digits and hyphen, which DNS allows (RFC 2181 §11) and SPF
//! uses (RFC 7208 §7.1: `a:foo:bar/baz.example.com`).
//!
//! What is read: `$ORIGIN`, `$INCLUDE` (relative to the including file,
//! with an optional origin), `$TTL` (RFC 2308 §4), `@`, relative names,
//! an omitted owner (the previous one), TTL and class in either order
//! (class `IN` only), parentheses across lines, `;` comments, quoted and
//! unquoted character-strings, and `\X` and `\DDD` escapes in names and
//! strings. A, AAAA, TXT, MX, PTR and CNAME are served; SPF (type 99) and
//! every other type hickory-proto knows, or written `TYPEnnn` (RFC 3597
//! §5), make the name exist and their data is not read.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::name::DomainNameError;
use super::zone::{ZoneEntry, ZoneError};
use super::{Mx, Txt};

/// `$INCLUDE` files nested deeper than this are refused (a loop, surely).
const MAX_INCLUDE_DEPTH: usize = 16;

/// What is wrong with a line of a master file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ZoneSyntaxError {
    /// A `"` string not closed on its line.
    #[error("a quoted string is not closed on its line")]
    UnterminatedString,
    /// A `)` without `(`, or a `(` not closed at the end of the file.
    #[error("unbalanced parentheses")]
    Parenthesis,
    /// A `\` at the end of the text, or `\DDD` above 255 (RFC 1035 §5.1).
    #[error("{text:?} is not an escape (\\X, or \\DDD from \\000 to \\255)")]
    BadEscape {
        /// The escape as written.
        text: String,
    },
    /// A `$` line other than `$ORIGIN`, `$INCLUDE` and `$TTL`.
    #[error("unknown directive {directive}")]
    UnknownDirective {
        /// The directive.
        directive: String,
    },
    /// A directive without its argument, or with too many.
    #[error("{directive} takes {expected}")]
    DirectiveArguments {
        /// The directive.
        directive: &'static str,
        /// What it takes.
        expected: &'static str,
    },
    /// A TTL that is not a number of seconds (with `s`/`m`/`h`/`d`/`w` units).
    #[error("{text:?} is not a TTL")]
    BadTtl {
        /// The text.
        text: String,
    },
    /// A line that starts with white space before any owner was named.
    #[error("the record has no owner name (no earlier record to take it from)")]
    NoOwner,
    /// `@` where no `$ORIGIN` or origin was given.
    #[error("@ used without an origin")]
    NoOrigin,
    /// A name that cannot be a domain name.
    #[error("{name:?} is not a domain name: {error}")]
    BadName {
        /// The name as written.
        name: String,
        /// What is wrong.
        error: DomainNameError,
    },
    /// A label holding a dot (`\.`) or octets that are not UTF-8: valid in
    /// DNS, but not representable in the names this crate resolves.
    #[error("{name:?} has a label with a dot or with octets that are not UTF-8")]
    UnrepresentableName {
        /// The name as written.
        name: String,
    },
    /// A class other than `IN`.
    #[error("class {class} is not supported (only IN)")]
    Class {
        /// The class as written.
        class: String,
    },
    /// No type, or a word that is not a record type.
    #[error("{text:?} is not a record type")]
    UnknownType {
        /// The word.
        text: String,
    },
    /// RDATA missing or not of the type's syntax.
    #[error("{rtype} record: {text:?} is not {expected}")]
    BadRdata {
        /// The record type.
        rtype: &'static str,
        /// The offending text (empty when missing).
        text: String,
        /// What was expected.
        expected: &'static str,
    },
    /// `$INCLUDE` with a relative path in text that did not come from a file.
    #[error("$INCLUDE with a relative path needs a zone file to be relative to")]
    RelativeInclude,
    /// `$INCLUDE` nested too deep.
    #[error("$INCLUDE nested more than {MAX_INCLUDE_DEPTH} files deep")]
    IncludeDepth,
    /// The file named by `$INCLUDE` cannot be read.
    #[error("cannot read the included file {}: {kind}", file.display())]
    IncludeUnreadable {
        /// The file, as resolved against the including file's directory.
        file: PathBuf,
        /// Why it cannot be read.
        kind: std::io::ErrorKind,
    },
}

/// The most characters of a token an error quotes: the column says where
/// it is, and a hostile file's megabyte-long token is not echoed back.
const MAX_QUOTED_CHARS: usize = 80;

fn shorten(text: &mut String) {
    if let Some((cut, _)) = text.char_indices().nth(MAX_QUOTED_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
}

impl ZoneSyntaxError {
    /// The error with the tokens it quotes cut to [`MAX_QUOTED_CHARS`].
    fn shortened(mut self) -> Self {
        match &mut self {
            Self::BadEscape { text }
            | Self::BadTtl { text }
            | Self::UnknownType { text }
            | Self::BadRdata { text, .. } => shorten(text),
            Self::UnknownDirective { directive } => shorten(directive),
            Self::BadName { name, .. } | Self::UnrepresentableName { name } => shorten(name),
            Self::Class { class } => shorten(class),
            _ => {}
        }
        self
    }
}

/// A syntax error and where it is: a byte offset into the text being read,
/// turned into a line and column when the error leaves the reader.
#[derive(Debug)]
struct Located {
    at: usize,
    error: ZoneSyntaxError,
}

/// One token of a logical line, with its escapes still written.
#[derive(Debug)]
struct Token<'t> {
    text: &'t str,
    quoted: bool,
    /// Byte offset of the token as written (its opening quote, if quoted).
    at: usize,
}

impl Token<'_> {
    /// Byte offset of the first character of `text`.
    fn text_at(&self) -> usize {
        self.at + usize::from(self.quoted)
    }

    /// Byte offset just after the token, where a missing next token belongs.
    fn end(&self) -> usize {
        self.text_at() + self.text.len() + usize::from(self.quoted)
    }

    /// `error`, located at this token.
    fn error(&self, error: ZoneSyntaxError) -> Located {
        Located { at: self.at, error }
    }

    /// An error of a helper reading this token's text, whose offset is
    /// relative to the text.
    fn locate(&self) -> impl Fn((usize, ZoneSyntaxError)) -> Located + '_ {
        |(rel, error)| Located {
            at: self.text_at() + rel,
            error,
        }
    }
}

/// A logical line: parentheses joined, comments dropped. It has at least
/// one token.
#[derive(Debug)]
struct Entry<'t> {
    /// The line started with white space: the owner is the previous one.
    blank_owner: bool,
    tokens: Vec<Token<'t>>,
}

/// Splits master-file text into logical lines of tokens (RFC 1035 §5.1).
fn tokenize(text: &str) -> Result<Vec<Entry<'_>>, Located> {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut current: Option<Entry<'_>> = None;
    // Where each `(` not yet closed is.
    let mut open: Vec<usize> = Vec::new();
    let mut line_start = true;
    let mut blank_start = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                if open.is_empty() {
                    entries.extend(current.take());
                    line_start = true;
                    blank_start = false;
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                if line_start {
                    blank_start = true;
                }
                i += 1;
                continue;
            }
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                open.push(i);
                i += 1;
                continue;
            }
            b')' => {
                open.pop().ok_or(Located {
                    at: i,
                    error: ZoneSyntaxError::Parenthesis,
                })?;
                i += 1;
                continue;
            }
            _ => {}
        }
        let entry = current.get_or_insert_with(|| Entry {
            blank_owner: line_start && blank_start,
            tokens: Vec::new(),
        });
        line_start = false;
        let (token, end) = if b == b'"' {
            quoted_token(text, i)?
        } else {
            plain_token(text, i)
        };
        entry.tokens.push(token);
        i = end;
    }
    if let Some(&at) = open.last() {
        return Err(Located {
            at,
            error: ZoneSyntaxError::Parenthesis,
        });
    }
    entries.extend(current.take());
    Ok(entries)
}

/// The quoted character-string opening at byte `at` (RFC 1035 §5.1: a
/// `"` … `"` on one line, `\X` escaping any character), and where the
/// text after it starts.
fn quoted_token(text: &str, at: usize) -> Result<(Token<'_>, usize), Located> {
    let bytes = text.as_bytes();
    let start = at + 1;
    let mut j = start;
    loop {
        match bytes.get(j) {
            None | Some(b'\n') => {
                return Err(Located {
                    at,
                    error: ZoneSyntaxError::UnterminatedString,
                });
            }
            Some(b'"') => break,
            Some(b'\\') => j += 2,
            Some(_) => j += 1,
        }
    }
    let token = Token {
        text: &text[start..j],
        quoted: true,
        at,
    };
    Ok((token, j + 1))
}

/// The unquoted token starting at byte `start`: up to white space, a
/// comment, a parenthesis or a quote (an escaped one does not end it).
fn plain_token(text: &str, start: usize) -> (Token<'_>, usize) {
    let bytes = text.as_bytes();
    let mut j = start;
    while j < bytes.len() {
        match bytes[j] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"' => break,
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
    let end = j.min(bytes.len());
    let token = Token {
        text: &text[start..end],
        quoted: false,
        at: start,
    };
    (token, end)
}

/// The line and column (both 1-based; the column counts characters, so a
/// tab or a kanji is one) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    // An offset inside a character (none is made) counts as its start.
    let before = text.get(..at).unwrap_or_else(|| {
        let mut at = at;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        &text[..at]
    });
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let line = 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count();
    (line, before[line_start..].chars().count() + 1)
}

/// Decodes the RFC 1035 §5.1 escapes of `text` into octets: `\DDD` is the
/// octet DDD (decimal), `\X` the character X. With `split_dots`, each
/// unescaped `.` ends a piece (the labels of a name); without, there is
/// one piece (a character-string). A bad escape is located at its `\`.
fn decode_pieces(text: &str, split_dots: bool) -> Result<Vec<Vec<u8>>, Relative> {
    let bad = |pos: usize, t: &str| {
        (
            pos,
            ZoneSyntaxError::BadEscape {
                text: t.to_string(),
            },
        )
    };
    let mut pieces = Vec::new();
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((pos, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, next)) = chars.next() else {
                    return Err(bad(pos, &text[pos..]));
                };
                if next.is_ascii_digit() {
                    // \DDD: exactly three decimal digits, at most 255.
                    let digits = text.get(pos + 1..pos + 4).unwrap_or(&text[pos + 1..]);
                    let value = (digits.len() == 3 && digits.bytes().all(|d| d.is_ascii_digit()))
                        .then(|| digits.parse::<u16>().ok())
                        .flatten()
                        .and_then(|v| u8::try_from(v).ok())
                        .ok_or_else(|| bad(pos, &text[pos..pos + 1 + digits.len()]))?;
                    out.push(value);
                    chars.nth(1);
                } else {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(next.encode_utf8(&mut buf).as_bytes());
                }
            }
            '.' if split_dots => pieces.push(std::mem::take(&mut out)),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    pieces.push(out);
    Ok(pieces)
}

/// An error at a byte offset relative to the text a helper was given.
type Relative = (usize, ZoneSyntaxError);

/// A character-string's octets.
fn decode(text: &str) -> Result<Vec<u8>, Relative> {
    Ok(decode_pieces(text, false)?.concat())
}

/// A name as labels of octets, and whether it ended with a dot.
fn name_labels(text: &str) -> Result<(Vec<Vec<u8>>, bool), Relative> {
    if text == "." {
        return Ok((Vec::new(), true));
    }
    let mut labels = decode_pieces(text, true)?;
    // "a.b." ends with an empty piece: the name is absolute.
    let absolute = labels.len() > 1 && labels.last().is_some_and(Vec::is_empty);
    if absolute {
        labels.pop();
    }
    let bad = |error| {
        (
            0,
            ZoneSyntaxError::BadName {
                name: text.to_string(),
                error,
            },
        )
    };
    if labels.is_empty() {
        return Err(bad(DomainNameError::Empty));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(bad(DomainNameError::EmptyLabel));
        }
        if label.len() > 63 {
            return Err(bad(DomainNameError::LabelTooLong {
                label: String::from_utf8_lossy(label).into_owned(),
                len: label.len(),
            }));
        }
    }
    Ok((labels, absolute))
}

/// The labels of `name` made absolute with `origin` (RFC 1035 §5.1: names
/// not ending in a dot are relative). Without an origin a relative name is
/// taken as it is.
fn absolute(text: &str, origin: Option<&[Vec<u8>]>) -> Result<Vec<Vec<u8>>, Relative> {
    if text == "@" {
        return origin
            .map(<[_]>::to_vec)
            .ok_or((0, ZoneSyntaxError::NoOrigin));
    }
    let (mut labels, is_absolute) = name_labels(text)?;
    if !is_absolute && let Some(origin) = origin {
        labels.extend_from_slice(origin);
    }
    let wire: usize = labels.iter().map(|l| l.len() + 1).sum::<usize>() + 1;
    if wire > 255 {
        return Err((
            0,
            ZoneSyntaxError::BadName {
                name: text.to_string(),
                error: DomainNameError::TooLong { len: wire - 2 },
            },
        ));
    }
    Ok(labels)
}

/// Labels in the crate's text form (see [`super::name_from_labels`]).
fn name_text(text: &str, labels: &[Vec<u8>]) -> Result<String, ZoneSyntaxError> {
    super::name::name_from_labels(labels.iter().map(Vec::as_slice)).ok_or_else(|| {
        ZoneSyntaxError::UnrepresentableName {
            name: text.to_string(),
        }
    })
}

/// A TTL: seconds, or BIND's units (`1h30m`, `2d`, `1w`).
fn is_ttl(text: &str) -> bool {
    let mut digits = false;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => digits = true,
            b's' | b'm' | b'h' | b'd' | b'w' | b'S' | b'M' | b'H' | b'D' | b'W' if digits => {
                digits = false;
            }
            _ => return false,
        }
    }
    !text.is_empty() && text.as_bytes()[0].is_ascii_digit()
}

fn is_class(text: &str) -> bool {
    ["IN", "CH", "HS", "CS", "NONE", "ANY"]
        .iter()
        .any(|c| text.eq_ignore_ascii_case(c))
        || text
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("CLASS"))
            && text.len() > 5
            && text[5..].bytes().all(|b| b.is_ascii_digit())
}

/// The served type, or the type number of another known type.
enum Kind {
    A,
    Aaaa,
    Txt,
    Mx,
    Ptr,
    Cname,
    Other(u16),
}

fn record_kind(text: &str) -> Option<Kind> {
    let upper = text.to_ascii_uppercase();
    Some(match upper.as_str() {
        "A" => Kind::A,
        "AAAA" => Kind::Aaaa,
        "TXT" => Kind::Txt,
        "MX" => Kind::Mx,
        "PTR" => Kind::Ptr,
        "CNAME" => Kind::Cname,
        "SPF" => Kind::Other(99),
        _ => match upper.strip_prefix("TYPE") {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                Kind::Other(n.parse().ok()?)
            }
            _ => match hickory_proto::rr::RecordType::from_str(&upper).ok()? {
                hickory_proto::rr::RecordType::Unknown(_) => return None,
                t => Kind::Other(u16::from(t)),
            },
        },
    })
}

/// One character-string (RFC 1035 §3.3). One over 255 octets is kept
/// whole: a server would refuse to load it, and the SPF and DMARC linters
/// say so (`spf-lint-long-string`), which is what "what if I publish this?"
/// is for.
fn character_string(token: &Token<'_>) -> Result<Vec<u8>, Located> {
    decode(token.text).map_err(token.locate())
}

/// Reading state for one file.
struct Reader<'p> {
    origin: Option<Vec<Vec<u8>>>,
    owner: Option<String>,
    path: Option<&'p Path>,
    depth: usize,
}

/// Reads master-file `text`; `origin` applies until a `$ORIGIN` line;
/// `path` names the file (for errors and relative `$INCLUDE`s).
pub(crate) fn read(
    text: &str,
    origin: Option<&str>,
    path: Option<&Path>,
) -> Result<Vec<(String, ZoneEntry)>, ZoneError> {
    let shown = path.map_or_else(|| PathBuf::from("<text>"), Path::to_path_buf);
    let origin = match origin {
        Some(o) => Some(absolute(o, None).map_err(|(_, error)| ZoneError::Parse {
            path: shown.clone(),
            line: 0,
            column: 0,
            error,
        })?),
        None => None,
    };
    let mut out = Vec::new();
    Reader {
        origin,
        owner: None,
        path,
        depth: 0,
    }
    .read(text, &mut out)?;
    Ok(out)
}

impl Reader<'_> {
    fn shown(&self) -> PathBuf {
        self.path
            .map_or_else(|| PathBuf::from("<text>"), Path::to_path_buf)
    }

    /// `located` as the error of this file, with its line and column.
    fn parse_error(&self, text: &str, located: Located) -> ZoneError {
        let (line, column) = line_column(text, located.at);
        ZoneError::Parse {
            path: self.shown(),
            line,
            column,
            error: located.error.shortened(),
        }
    }

    fn read(&mut self, text: &str, out: &mut Vec<(String, ZoneEntry)>) -> Result<(), ZoneError> {
        let entries = tokenize(text).map_err(|e| self.parse_error(text, e))?;
        for entry in entries {
            self.entry(entry, out).map_err(|e| match e {
                Failure::Syntax(located) => self.parse_error(text, located),
                Failure::Zone(e) => e,
            })?;
        }
        Ok(())
    }

    fn entry(
        &mut self,
        entry: Entry<'_>,
        out: &mut Vec<(String, ZoneEntry)>,
    ) -> Result<(), Failure> {
        let mut tokens = entry.tokens.iter();
        let directive_token = match entry.tokens.first() {
            Some(t) if !t.quoted && t.text.starts_with('$') && !entry.blank_owner => t,
            _ => return self.record(&entry, out).map_err(Failure::Syntax),
        };
        tokens.next();
        let args: Vec<&Token<'_>> = tokens.collect();
        // Missing arguments belong after the line's last token; a surplus
        // one is located where it starts.
        let arguments = |directive: &'static str, expected: &'static str, max: usize| {
            let last = args.last().copied().unwrap_or(directive_token);
            Failure::Syntax(Located {
                at: args.get(max).map_or(last.end(), |t| t.at),
                error: ZoneSyntaxError::DirectiveArguments {
                    directive,
                    expected,
                },
            })
        };
        let directive = directive_token;
        match directive.text.to_ascii_uppercase().as_str() {
            "$ORIGIN" => {
                let [name] = args.as_slice() else {
                    return Err(arguments("$ORIGIN", "one domain name", 1));
                };
                self.origin =
                    Some(absolute(name.text, self.origin.as_deref()).map_err(name.locate())?);
            }
            "$TTL" => {
                let [ttl] = args.as_slice() else {
                    return Err(arguments("$TTL", "one TTL", 1));
                };
                if !is_ttl(ttl.text) {
                    return Err(Failure::Syntax(ttl.error(ZoneSyntaxError::BadTtl {
                        text: ttl.text.to_string(),
                    })));
                }
            }
            "$INCLUDE" => {
                let (file, origin) = match args.as_slice() {
                    [file] => (file, None),
                    [file, origin] => (file, Some(origin)),
                    _ => {
                        return Err(arguments(
                            "$INCLUDE",
                            "a file name and an optional origin",
                            2,
                        ));
                    }
                };
                self.include(file, origin.copied(), out)?;
            }
            _ => {
                return Err(Failure::Syntax(directive.error(
                    ZoneSyntaxError::UnknownDirective {
                        directive: directive.text.to_string(),
                    },
                )));
            }
        }
        Ok(())
    }

    fn include(
        &mut self,
        file: &Token<'_>,
        origin: Option<&Token<'_>>,
        out: &mut Vec<(String, ZoneEntry)>,
    ) -> Result<(), Failure> {
        if self.depth >= MAX_INCLUDE_DEPTH {
            return Err(Failure::Syntax(file.error(ZoneSyntaxError::IncludeDepth)));
        }
        let name = String::from_utf8_lossy(&decode(file.text).map_err(file.locate())?).into_owned();
        let name = Path::new(&name);
        let target = if name.is_absolute() {
            name.to_path_buf()
        } else {
            let parent = self
                .path
                .and_then(Path::parent)
                .ok_or_else(|| Failure::Syntax(file.error(ZoneSyntaxError::RelativeInclude)))?;
            parent.join(name)
        };
        // RFC 1035 §5.1: $INCLUDE never changes the parent's origin.
        let origin = match origin {
            Some(o) => Some(absolute(o.text, self.origin.as_deref()).map_err(o.locate())?),
            None => self.origin.clone(),
        };
        let text = super::zone::read_zone_file(&target).map_err(|source| {
            Failure::Syntax(file.error(ZoneSyntaxError::IncludeUnreadable {
                file: target.clone(),
                kind: source.kind(),
            }))
        })?;
        Reader {
            origin,
            owner: None,
            path: Some(&target),
            depth: self.depth + 1,
        }
        .read(&text, out)
        .map_err(Failure::Zone)
    }

    /// `[<owner>] [<TTL>] [<class>] <type> <RDATA>` (TTL and class in
    /// either order, RFC 1035 §5.1).
    /// A resource record line (RFC 1035 §5.1): owner (or the previous
    /// one), TTL and class in either order, type, RDATA.
    fn record(
        &mut self,
        entry: &Entry<'_>,
        out: &mut Vec<(String, ZoneEntry)>,
    ) -> Result<(), Located> {
        let mut tokens = entry.tokens.iter();
        let Some(first) = entry.tokens.first() else {
            return Ok(());
        };
        let owner = match (entry.blank_owner, &self.owner) {
            (true, Some(owner)) => owner.clone(),
            (true, None) => return Err(first.error(ZoneSyntaxError::NoOwner)),
            (false, _) => {
                tokens.next();
                let name = self.name(first)?;
                self.owner = Some(name.clone());
                name
            }
        };
        let rtype = record_type(first, &mut tokens)?;
        let kind = record_kind(rtype.text).ok_or_else(|| {
            rtype.error(ZoneSyntaxError::UnknownType {
                text: rtype.text.to_string(),
            })
        })?;
        let rdata: Vec<&Token<'_>> = tokens.collect();
        out.push((owner, self.rdata(kind, rtype, &rdata)?));
        Ok(())
    }

    /// A domain name token, made absolute with the origin.
    fn name(&self, token: &Token<'_>) -> Result<String, Located> {
        let labels = absolute(token.text, self.origin.as_deref()).map_err(token.locate())?;
        name_text(token.text, &labels).map_err(|e| token.error(e))
    }

    /// The record of `kind` from its RDATA tokens (RFC 1035 §3.3, §3.4;
    /// RFC 3596 for AAAA).
    fn rdata(
        &self,
        kind: Kind,
        rtype: &Token<'_>,
        rdata: &[&Token<'_>],
    ) -> Result<ZoneEntry, Located> {
        // Bad RDATA is located at its first token, or after the type when
        // there is none.
        let rdata_at = rdata.first().map_or(rtype.end(), |t| t.at);
        let bad = |rtype: &'static str, expected: &'static str| Located {
            at: rdata_at,
            error: ZoneSyntaxError::BadRdata {
                rtype,
                text: rdata.iter().map(|t| t.text).collect::<Vec<_>>().join(" "),
                expected,
            },
        };
        Ok(match kind {
            Kind::A => match rdata {
                [ip] => ZoneEntry::A(
                    ip.text
                        .parse::<Ipv4Addr>()
                        .map_err(|_| bad("A", "an IPv4 address"))?,
                ),
                _ => return Err(bad("A", "an IPv4 address")),
            },
            Kind::Aaaa => match rdata {
                [ip] => ZoneEntry::Aaaa(
                    ip.text
                        .parse::<Ipv6Addr>()
                        .map_err(|_| bad("AAAA", "an IPv6 address"))?,
                ),
                _ => return Err(bad("AAAA", "an IPv6 address")),
            },
            Kind::Txt => {
                if rdata.is_empty() {
                    return Err(bad("TXT", "one or more character-strings"));
                }
                ZoneEntry::Txt(Txt {
                    strings: rdata
                        .iter()
                        .map(|t| character_string(t))
                        .collect::<Result<_, _>>()?,
                })
            }
            Kind::Mx => match rdata {
                [preference, exchange] => ZoneEntry::Mx(Mx {
                    preference: preference
                        .text
                        .parse()
                        .map_err(|_| bad("MX", "a preference (0-65535) and a name"))?,
                    exchange: self.name(exchange)?,
                }),
                _ => return Err(bad("MX", "a preference (0-65535) and a name")),
            },
            Kind::Ptr => match rdata {
                [name] => ZoneEntry::Ptr(self.name(name)?),
                _ => return Err(bad("PTR", "one domain name")),
            },
            Kind::Cname => match rdata {
                [name] => ZoneEntry::Cname(self.name(name)?),
                _ => return Err(bad("CNAME", "one domain name")),
            },
            Kind::Other(code) => ZoneEntry::Other(code),
        })
    }
}

/// The type token of a record, past a TTL and a class in either order
/// (RFC 1035 §5.1; class `IN` only). A missing type belongs just after the
/// last token read (`first` when none).
fn record_type<'t, 'a>(
    first: &'t Token<'a>,
    tokens: &mut std::slice::Iter<'t, Token<'a>>,
) -> Result<&'t Token<'a>, Located> {
    let missing_type = |after: &Token<'_>| Located {
        at: after.end(),
        error: ZoneSyntaxError::UnknownType {
            text: String::new(),
        },
    };
    let mut last = first;
    let mut rtype = tokens.next().ok_or_else(|| missing_type(last))?;
    for _ in 0..2 {
        if rtype.quoted {
            break;
        }
        if is_class(rtype.text) {
            if !rtype.text.eq_ignore_ascii_case("IN") {
                return Err(rtype.error(ZoneSyntaxError::Class {
                    class: rtype.text.to_string(),
                }));
            }
        } else if !is_ttl(rtype.text) {
            break;
        }
        last = rtype;
        rtype = tokens.next().ok_or_else(|| missing_type(last))?;
    }
    Ok(rtype)
}

/// A failure while reading an entry: a syntax error in this file, or an
/// error already located in an included file.
enum Failure {
    Syntax(Located),
    Zone(ZoneError),
}

impl From<Located> for Failure {
    fn from(e: Located) -> Self {
        Failure::Syntax(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<(String, ZoneEntry)> {
        read(text, None, None).unwrap()
    }

    fn error(text: &str) -> (usize, ZoneSyntaxError) {
        let (line, _, error) = located(text);
        (line, error)
    }

    /// The line, column and kind of the error reading `text`.
    fn located(text: &str) -> (usize, usize, ZoneSyntaxError) {
        match read(text, None, None).unwrap_err() {
            ZoneError::Parse {
                line,
                column,
                error,
                ..
            } => (line, column, error),
            other => panic!("{other}"),
        }
    }

    fn txt(text: &str) -> Vec<Vec<u8>> {
        match records(&format!("$ORIGIN example.org.\n@ IN TXT {text}\n"))
            .remove(0)
            .1
        {
            ZoneEntry::Txt(t) => t.strings,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn zone_txt_decimal_escapes_are_bytes() {
        // RFC 1035 §5.1: "\DDD ... the octet corresponding to the decimal
        // number described by DDD"; 43 is "+", 59 is ";".
        assert_eq!(txt(r#""v=spf1 \043all""#), [b"v=spf1 +all".to_vec()]);
        assert_eq!(txt(r#""a\059b""#), [b"a;b".to_vec()]);
        assert_eq!(txt(r#""\000""#), [vec![0u8]]);
        assert_eq!(txt(r#""\255\128""#), [vec![255u8, 128]]);
        // The UTF-8 byte order mark: three octets, not three characters.
        assert_eq!(txt(r#""\239\187\191x""#), [vec![0xEF, 0xBB, 0xBF, b'x']]);
        // "\X" is the character X: a quote, a backslash, a digit-free escape.
        assert_eq!(
            txt(r#""say \"hi\" \\ \; \a""#),
            [br#"say "hi" \ ; a"#.to_vec()]
        );
        // Unquoted strings, several strings, strings across lines.
        assert_eq!(
            txt("( \"v=spf1 \" ip4:192.0.2.1\n  \"\\045all\" ) ; comment"),
            [
                b"v=spf1 ".to_vec(),
                b"ip4:192.0.2.1".to_vec(),
                b"-all".to_vec()
            ]
        );
        // UTF-8 written as is stays its octets.
        assert_eq!(txt("\"日本\""), ["日本".as_bytes().to_vec()]);
        assert_eq!(txt("\"\""), [Vec::<u8>::new()]);
    }

    #[test]
    fn bad_escapes_and_strings_are_errors_with_the_line() {
        assert!(matches!(
            error("$ORIGIN a.example.\n\n@ TXT \"\\256\"\n"),
            (3, ZoneSyntaxError::BadEscape { text }) if text == "\\256"
        ));
        assert!(matches!(
            error("a.example. TXT \"\\04\"\n"),
            (1, ZoneSyntaxError::BadEscape { .. })
        ));
        assert!(matches!(
            error("a.example. TXT \"\\04x\"\n"),
            (1, ZoneSyntaxError::BadEscape { .. })
        ));
        assert!(matches!(
            error("a.example. TXT x\\"),
            (1, ZoneSyntaxError::BadEscape { .. })
        ));
        assert!(matches!(
            error("a.example. TXT \"open\n\"\n"),
            (1, ZoneSyntaxError::UnterminatedString)
        ));
        assert!(matches!(
            error("a.example. TXT ( \"x\"\n"),
            (_, ZoneSyntaxError::Parenthesis)
        ));
        assert!(matches!(
            error("a.example. TXT \"x\" )\n"),
            (1, ZoneSyntaxError::Parenthesis)
        ));
        // Too long for DNS, kept whole for the linters to report.
        let long = format!("a.example. TXT \"{}\"\n", "x".repeat(256));
        assert!(matches!(&records(&long)[0].1, ZoneEntry::Txt(t) if t.strings[0].len() == 256));
        assert!(matches!(
            error("a.example. TXT\n"),
            (1, ZoneSyntaxError::BadRdata { .. })
        ));
    }

    #[test]
    fn owner_names_with_any_octet() {
        // RFC 7208 §7.1 domain-specs (openspf *-colon-domain and
        // macro-mania-in-domain) and RFC 2181 §11 labels.
        let r = records(
            "$ORIGIN example.com.\n\
             foo:bar/baz IN A 1.2.3.4\n\
             macro%percent\\ \\032space%20url-space IN A 1.2.3.4\n\
             [192.168.218.40] IN A 1.2.3.4\n\
             foo:bar/baz IN MX 0 foo:bar/baz\n\
             \\070\\079\\079 IN A 1.2.3.5\n",
        );
        let names: Vec<&str> = r.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "foo:bar/baz.example.com",
                "macro%percent  space%20url-space.example.com",
                "[192.168.218.40].example.com",
                "foo:bar/baz.example.com",
                "foo.example.com",
            ]
        );
        assert_eq!(
            r[3].1,
            ZoneEntry::Mx(Mx {
                preference: 0,
                exchange: "foo:bar/baz.example.com".into()
            })
        );
        // A dot inside a label cannot be carried by the crate's names.
        assert!(matches!(
            error("a\\.b.example. A 192.0.2.1\n"),
            (1, ZoneSyntaxError::UnrepresentableName { .. })
        ));
        assert!(matches!(
            error("a..example. A 192.0.2.1\n"),
            (1, ZoneSyntaxError::BadName { .. })
        ));
    }

    #[test]
    fn owners_ttl_class_and_directives() {
        let r = records(
            "$TTL 1h\n$ORIGIN example.org.\n\
             @ 300 IN A 192.0.2.1\n\
             \tIN 300 AAAA 2001:db8::1\n\
             www 1d2h A 192.0.2.2\n\
             \tTXT \"same owner\"\n\
             sub.other.net. SOA ns hostmaster ( 1 7200\n  3600 1209600 300 )\n\
             sub.other.net. SPF \"v=spf1 -all\"\n\
             x CAA 0 issue \"ca.example\"\n\
             y TYPE65280 \\# 0\n\
             $ORIGIN sub.example.org.\n\
             z CNAME @\n\
             . NS ns.example.\n",
        );
        assert_eq!(
            r[0],
            (
                "example.org".into(),
                ZoneEntry::A("192.0.2.1".parse().unwrap())
            )
        );
        assert_eq!(r[1].0, "example.org");
        assert_eq!(
            r[3],
            (
                "www.example.org".into(),
                ZoneEntry::Txt(Txt {
                    strings: vec![b"same owner".to_vec()]
                })
            )
        );
        assert_eq!(r[4], ("sub.other.net".into(), ZoneEntry::Other(6)));
        assert_eq!(r[5], ("sub.other.net".into(), ZoneEntry::Other(99)));
        assert_eq!(r[6], ("x.example.org".into(), ZoneEntry::Other(257)));
        assert_eq!(r[7], ("y.example.org".into(), ZoneEntry::Other(65280)));
        assert_eq!(
            r[8],
            (
                "z.sub.example.org".into(),
                ZoneEntry::Cname("sub.example.org".into())
            )
        );
        assert_eq!(r[9], (String::new(), ZoneEntry::Other(2)));
        assert!(matches!(
            error(" A 192.0.2.1\n"),
            (1, ZoneSyntaxError::NoOwner)
        ));
        assert!(matches!(
            error("@ A 192.0.2.1\n"),
            (1, ZoneSyntaxError::NoOrigin)
        ));
        assert!(matches!(
            error("a.example. CH A 192.0.2.1\n"),
            (1, ZoneSyntaxError::Class { .. })
        ));
        assert!(matches!(
            error("a.example. IN BOGUS x\n"),
            (1, ZoneSyntaxError::UnknownType { .. })
        ));
        assert!(matches!(
            error("a.example. A 192.0.2\n"),
            (1, ZoneSyntaxError::BadRdata { .. })
        ));
        assert!(matches!(
            error("$GENERATE 1-2 x A 1.2.3.4\n"),
            (1, ZoneSyntaxError::UnknownDirective { .. })
        ));
        assert!(matches!(
            error("$TTL soon\n"),
            (1, ZoneSyntaxError::BadTtl { .. })
        ));
        assert!(matches!(
            error("$INCLUDE other.zone\n"),
            (1, ZoneSyntaxError::RelativeInclude)
        ));
    }

    #[test]
    fn include_keeps_the_parent_origin() {
        let dir = std::env::temp_dir().join(format!("domainauth-master-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("inner.zone"), "a A 192.0.2.1\n").unwrap();
        std::fs::write(dir.join("loop.zone"), "$INCLUDE loop.zone\n").unwrap();
        let outer = dir.join("outer.zone");
        std::fs::write(
            &outer,
            "$ORIGIN example.org.\n$INCLUDE inner.zone\n$INCLUDE inner.zone sub\nb A 192.0.2.2\n",
        )
        .unwrap();
        let text = std::fs::read_to_string(&outer).unwrap();
        let r = read(&text, None, Some(&outer)).unwrap();
        let names: Vec<&str> = r.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["a.example.org", "a.sub.example.org", "b.example.org"]
        );
        let looping = dir.join("loop.zone");
        let err = read("$INCLUDE loop.zone\n", None, Some(&looping)).unwrap_err();
        assert!(
            matches!(
                err,
                ZoneError::Parse {
                    error: ZoneSyntaxError::IncludeDepth,
                    ..
                }
            ),
            "{err}"
        );
        let missing = read("$INCLUDE nowhere.zone\n", None, Some(&outer)).unwrap_err();
        assert!(
            matches!(
                &missing,
                ZoneError::Parse {
                    line: 1,
                    column: 10,
                    error: ZoneSyntaxError::IncludeUnreadable { file, kind: std::io::ErrorKind::NotFound },
                    ..
                } if file.ends_with("nowhere.zone")
            ),
            "{missing}"
        );
        // An error inside an included file is located in that file.
        std::fs::write(dir.join("bad.zone"), "ok A 192.0.2.1\n\nbad  A 192.0.2\n").unwrap();
        let inner = read(
            "$ORIGIN example.org.\n$INCLUDE bad.zone\n",
            None,
            Some(&outer),
        )
        .unwrap_err();
        assert!(
            matches!(
                &inner,
                ZoneError::Parse { path, line: 3, column: 8, error: ZoneSyntaxError::BadRdata { .. } }
                    if path.ends_with("bad.zone")
            ),
            "{inner}"
        );
        assert!(
            inner.to_string().ends_with(
                "bad.zone:3:8: invalid zone file: A record: \"192.0.2\" is not an IPv4 address"
            ),
            "{inner}"
        );
    }

    /// Each kind of error, with the line and the column (in characters)
    /// of the place it is about.
    #[test]
    fn lexical_errors_name_their_line_and_column() {
        use ZoneSyntaxError as E;
        assert_located(&[
            // The opening quote of a string not closed on its line.
            ("a.example. TXT \"open\n\"\n", 1, 16, |e| {
                matches!(e, E::UnterminatedString)
            }),
            // A `)` without `(`; a `(` never closed, even lines later.
            ("a.example. TXT \"x\" )\n", 1, 20, |e| {
                matches!(e, E::Parenthesis)
            }),
            ("$ORIGIN a.\nb TXT ( \"x\"\n  \"y\"\n", 2, 7, |e| {
                matches!(e, E::Parenthesis)
            }),
            ("b TXT ( ( \"x\" )\n", 1, 7, |e| matches!(e, E::Parenthesis)),
            // The backslash of a bad escape, counted in characters.
            (
                "$ORIGIN a.example.\n\n@ TXT \"\\256\"\n",
                3,
                8,
                |e| matches!(e, E::BadEscape { text } if text == "\\256"),
            ),
            ("$ORIGIN a.example.\n@ TXT \"日本\\256\"\n", 2, 10, |e| {
                matches!(e, E::BadEscape { .. })
            }),
            ("a\\256.example. A 192.0.2.1\n", 1, 2, |e| {
                matches!(e, E::BadEscape { .. })
            }),
            ("a.example. TXT x\\", 1, 17, |e| {
                matches!(e, E::BadEscape { .. })
            }),
        ]);
    }

    /// A master-file text, the line and column its error is reported at,
    /// and a test of the error's kind.
    type Case = (&'static str, usize, usize, fn(&ZoneSyntaxError) -> bool);

    fn assert_located(cases: &[Case]) {
        for (text, line, column, kind) in cases {
            let (l, c, e) = located(text);
            assert!(kind(&e), "{text:?}: {e:?}");
            assert_eq!((l, c), (*line, *column), "{text:?}: {e}");
        }
    }

    #[test]
    fn directive_errors_name_their_line_and_column() {
        use ZoneSyntaxError as E;
        assert_located(&[
            // Directives: the directive, the missing or surplus argument.
            (
                "$GENERATE 1-2 x A 1.2.3.4\n",
                1,
                1,
                |e| matches!(e, E::UnknownDirective { directive } if directive == "$GENERATE"),
            ),
            ("$ORIGIN\n", 1, 8, |e| {
                matches!(
                    e,
                    E::DirectiveArguments {
                        directive: "$ORIGIN",
                        ..
                    }
                )
            }),
            ("$TTL 1 2\n", 1, 8, |e| {
                matches!(
                    e,
                    E::DirectiveArguments {
                        directive: "$TTL",
                        ..
                    }
                )
            }),
            ("$INCLUDE a b c\n", 1, 14, |e| {
                matches!(
                    e,
                    E::DirectiveArguments {
                        directive: "$INCLUDE",
                        ..
                    }
                )
            }),
            (
                "$TTL soon\n",
                1,
                6,
                |e| matches!(e, E::BadTtl { text } if text == "soon"),
            ),
            ("$INCLUDE other.zone\n", 1, 10, |e| {
                matches!(e, E::RelativeInclude)
            }),
        ]);
    }

    #[test]
    fn record_errors_name_their_line_and_column() {
        use ZoneSyntaxError as E;
        assert_located(&[
            // Owners and names.
            ("\n\t A 192.0.2.1\n", 2, 3, |e| matches!(e, E::NoOwner)),
            (
                "www.example. A 192.0.2.1\nx.example. CNAME @\n",
                2,
                18,
                |e| matches!(e, E::NoOrigin),
            ),
            ("a..example. A 192.0.2.1\n", 1, 1, |e| {
                matches!(e, E::BadName { .. })
            }),
            ("a.example. MX 10 b..example.\n", 1, 18, |e| {
                matches!(e, E::BadName { .. })
            }),
            ("a\\.b.example. A 192.0.2.1\n", 1, 1, |e| {
                matches!(e, E::UnrepresentableName { .. })
            }),
            // Class, type and data.
            (
                "a.example. CH A 192.0.2.1\n",
                1,
                12,
                |e| matches!(e, E::Class { class } if class == "CH"),
            ),
            (
                "a.example. IN BOGUS x\n",
                1,
                15,
                |e| matches!(e, E::UnknownType { text } if text == "BOGUS"),
            ),
            (
                "a.example. 300 IN\n",
                1,
                18,
                |e| matches!(e, E::UnknownType { text } if text.is_empty()),
            ),
            ("a.example. A 192.0.2\n", 1, 14, |e| {
                matches!(e, E::BadRdata { rtype: "A", .. })
            }),
            ("a.example. TXT\n", 1, 15, |e| {
                matches!(e, E::BadRdata { rtype: "TXT", .. })
            }),
            ("a.example. MX ten b.example.\n", 1, 15, |e| {
                matches!(e, E::BadRdata { rtype: "MX", .. })
            }),
        ]);
    }

    #[test]
    fn the_message_names_file_line_and_column() {
        use ZoneSyntaxError as E;
        let err = read(
            "a.example. TXT \"open\n",
            None,
            Some(Path::new("/tmp/z.zone")),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "/tmp/z.zone:1:16: invalid zone file: a quoted string is not closed on its line"
        );
        // The origin given in code has no place in the text.
        assert!(matches!(
            read("", Some("a..b"), None).unwrap_err(),
            ZoneError::Parse {
                line: 0,
                column: 0,
                error: E::BadName { .. },
                ..
            }
        ));
    }

    /// `octets` as a master-file character-string: everything but letters
    /// and digits written `\DDD`.
    fn escaped(octets: &[u8]) -> String {
        octets
            .iter()
            .map(|&b| {
                if b.is_ascii_alphanumeric() {
                    char::from(b).to_string()
                } else {
                    format!("\\{b:03}")
                }
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn any_octets_round_trip_through_a_txt_string(
            strings in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..255), 1..4),
            quoted in proptest::bool::ANY,
        ) {
            let body: Vec<String> = strings
                .iter()
                .map(|s| if quoted || s.is_empty() { format!("\"{}\"", escaped(s)) } else { escaped(s) })
                .collect();
            proptest::prop_assert_eq!(txt(&body.join(" ")), strings);
        }

        #[test]
        fn any_utf8_label_round_trips_as_an_owner(label in "[^.]{1,20}") {
            proptest::prop_assume!(label.len() <= 63);
            let r = read(&format!("{}.example. A 192.0.2.1\n", escaped(label.as_bytes())), None, None).unwrap();
            proptest::prop_assert_eq!(&r[0].0, &format!("{}.example", label.to_ascii_lowercase()));
        }

        #[test]
        fn reading_never_panics(text in "[ -~\\n\\t()\";\\\\$@]{0,80}") {
            let _ = read(&text, Some("example.org"), None);
        }

        /// Every error is located on a line of the text, at a column of
        /// that line (or just after its end); lines added before it move
        /// it down by as many lines and leave its column alone.
        #[test]
        fn every_error_is_located_in_the_text(
            text in "[ -~\\n\\t()\";\\\\$@日]{0,80}",
            comments in 1usize..4,
        ) {
            if let Err(ZoneError::Parse { line, column, error, .. }) = read(&text, Some("example.org"), None) {
                let lines: Vec<&str> = text.split('\n').collect();
                proptest::prop_assert!(line >= 1 && line <= lines.len(), "line {} of {:?}", line, text);
                let width = lines[line - 1].chars().count();
                proptest::prop_assert!(column >= 1 && column <= width + 1, "column {} of {:?}", column, text);
                let shifted = format!("{}{text}", "; a comment\n".repeat(comments));
                match read(&shifted, Some("example.org"), None) {
                    Err(ZoneError::Parse { line: l, column: c, error: e, .. }) => {
                        proptest::prop_assert_eq!((l, c, e), (line + comments, column, error));
                    }
                    other => proptest::prop_assert!(false, "{:?}", other.map(|r| r.len())),
                }
            }
        }
    }
}
