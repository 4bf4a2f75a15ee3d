//! The author domain: the domain(s) of the RFC 5322 From field, as DMARC
//! reads it (RFC 9989 §5.3.1 and §11.5, RFC 7489 §6.6.1).
//!
//! The field is read strictly with the RFC 5322 §3.4 grammar — display
//! names, quoted strings, comments, angle addresses, groups (RFC 6854) and
//! the obsolete forms of §4.4 (routes, empty list elements, CFWS around
//! dots), UTF-8 as RFC 6532 allows it — and each domain must also be an
//! RFC 5321 §4.1.2 domain (letters, digits and hyphens, or U-labels). A field
//! that does not parse names no author: it is never read as "some domain
//! without a policy". Domains are lower-cased and internationalised names
//! converted to A-labels (RFC 5890), since DNS is queried with A-labels.
//!
//! Parsing is one pass over the characters and one over the tokens: linear
//! in the length of the field, whatever it holds.

use std::collections::HashSet;

use super::Message;

/// How many distinct author domains DMARC evaluates for one message.
///
/// RFC 9989 §11.5: evaluating every domain of a From field with many of
/// them "will expose the Mail Receiver to a form of denial of service
/// attack. Limiting the number of Author Domains processed will avoid this
/// risk. If not all Author Domains are processed, then the DMARC
/// evaluation is incomplete." Domains beyond the cap are not looked up;
/// [`FromProblem::TooManyDomains`] records them.
pub const MAX_AUTHOR_DOMAINS: usize = 10;

/// The longest From value quoted back in a problem (longer ones are cut).
const MAX_QUOTED_VALUE: usize = 200;

/// Where an RFC 5322 address list stops being valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FromSyntax {
    /// A character that cannot appear at this place (`>` after a domain, an
    /// unbalanced `)` or `]`, a `\` outside quotes, a control character…).
    #[error("{ch:?} cannot appear here")]
    UnexpectedChar {
        /// The character.
        ch: char,
    },
    /// A quoted string (RFC 5322 §3.2.4) without its closing `"`.
    #[error("a quoted string is not closed")]
    UnclosedQuote,
    /// A comment (RFC 5322 §3.2.2) without its closing `)`.
    #[error("a comment is not closed")]
    UnclosedComment,
    /// `<` without the `>` that ends the angle address.
    #[error("'<' is not closed by '>'")]
    UnclosedAngle,
    /// A domain literal `[…]` without its `]`.
    #[error("a domain literal is not closed by ']'")]
    UnclosedLiteral,
    /// A group (`name: …`) without the `;` that ends it.
    #[error("a group is not closed by ';'")]
    UnclosedGroup,
    /// A word after a complete address where `,` or the end must come
    /// (`<a@x.example> b@y.example`).
    #[error("text follows an address where ',' or the end was expected")]
    TextAfterAddress,
    /// Words that are not an address: a display name without `<…>`, or a
    /// local part without `@domain`.
    #[error("a name or local part without '@' and a domain")]
    MissingAt,
    /// The local part before `@` is missing or malformed (`@x.example`, `a..b@x.example`).
    #[error("the local part before '@' is missing or malformed")]
    LocalPart,
    /// Nothing after `@`.
    #[error("the domain after '@' is missing")]
    MissingDomain,
    /// A character RFC 5321 §4.1.2 does not allow in a domain: only ASCII
    /// letters, digits and hyphens (and U-labels, RFC 6531).
    #[error("{ch:?} is not allowed in a domain name")]
    DomainChar {
        /// The character.
        ch: char,
    },
    /// An empty label: a leading, trailing or doubled dot in the domain.
    #[error("the domain has an empty label (a leading, trailing or doubled dot)")]
    EmptyLabel,
    /// A label starting or ending with a hyphen (RFC 5321 §4.1.2 `sub-domain`).
    #[error("a domain label starts or ends with a hyphen")]
    LabelHyphen,
    /// `<>`: an angle address with no address in it.
    #[error("'<>' holds no address")]
    EmptyAngle,
}

impl FromSyntax {
    /// A stable key for the kind of error (the diagnosis catalogs select their text with it).
    pub fn key(&self) -> &'static str {
        match self {
            Self::UnexpectedChar { .. } => "unexpected-char",
            Self::UnclosedQuote => "unclosed-quote",
            Self::UnclosedComment => "unclosed-comment",
            Self::UnclosedAngle => "unclosed-angle",
            Self::UnclosedLiteral => "unclosed-literal",
            Self::UnclosedGroup => "unclosed-group",
            Self::TextAfterAddress => "text-after-address",
            Self::MissingAt => "missing-at",
            Self::LocalPart => "local-part",
            Self::MissingDomain => "missing-domain",
            Self::DomainChar { .. } => "domain-char",
            Self::EmptyLabel => "empty-label",
            Self::LabelHyphen => "label-hyphen",
            Self::EmptyAngle => "empty-angle",
        }
    }
}

/// An address list that is not valid RFC 5322 syntax: what, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[error("at character {pos}: {error}")]
#[non_exhaustive]
pub struct AddressListError {
    /// Where: the number of the character, counted from 1 at the start of
    /// the (unfolded) value.
    pub pos: usize,
    /// What was wrong there.
    pub error: FromSyntax,
}

/// Why a syntactically valid address has no domain DMARC can evaluate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnusableDomain {
    /// An address literal such as `[192.0.2.1]`: no DNS name to query.
    #[error("an address literal is not a domain name")]
    AddressLiteral,
    /// One label, such as `localhost`: not under any public suffix.
    #[error("a single-label name is not a registered domain")]
    SingleLabel,
    /// An all-numeric top-level label (RFC 3696 §2), as in `a@192.0.2.1`.
    #[error("an all-numeric top-level label is not a registered domain")]
    NumericTld,
    /// An internationalised name that IDNA (RFC 5890) cannot convert to A-labels.
    #[error("the internationalised name cannot be converted to A-labels")]
    Idna,
    /// Longer than DNS allows: a label over 63 or a name over 253 octets.
    #[error("the name is longer than DNS allows")]
    TooLong,
}

impl UnusableDomain {
    /// A stable key for the reason (the diagnosis catalogs select their text with it).
    pub fn key(&self) -> &'static str {
        match self {
            Self::AddressLiteral => "address-literal",
            Self::SingleLabel => "single-label",
            Self::NumericTld => "numeric-tld",
            Self::Idna => "idna",
            Self::TooLong => "too-long",
        }
    }
}

/// Why the From field does not give exactly one usable author domain per
/// address. Each makes DMARC's result `permerror` for that part, and the
/// disposition follows local policy ([`crate::dmarc::DmarcConfig::invalid_author`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FromProblem {
    /// No From field: the message is not valid RFC 5322 (§3.6 requires one).
    #[error("the message has no From field")]
    Missing,
    /// More than one From field (RFC 5322 §3.6 allows exactly one).
    #[error("the message has {count} From fields")]
    Several {
        /// How many.
        count: usize,
    },
    /// The From field holds no address (empty, or an empty group).
    #[error("the From field holds no address: {value:?}")]
    NoAddress {
        /// The field value.
        value: String,
    },
    /// The From field is not a valid RFC 5322 address list: no author can be
    /// taken from it.
    #[error("the From field {value:?} is not a valid address list {error} ({near:?})")]
    Invalid {
        /// The field value (cut after 200 characters).
        value: String,
        /// The text where the error is (up to 20 characters), or empty at the end.
        near: String,
        /// What was wrong, and where.
        error: AddressListError,
    },
    /// A header line that reads as a From field was malformed and ignored
    /// (a byte-order mark or a control byte in its name, a leading space):
    /// a reader may still take it for the author, so DMARC names none.
    #[error("header line {line} reads as a From field but is malformed")]
    Hidden {
        /// The line number in the header.
        line: usize,
    },
    /// A line of the text skipped above the header ([`super::Preamble`])
    /// reads as a From field naming an address that is not the header's
    /// author: a reader may take that line for the sender, so DMARC names
    /// none. (Gmail's "Show original" summary repeats the header's From,
    /// which is no problem.)
    #[error(
        "line {line}, skipped above the header, reads as a From field naming {address:?}, which is not the author"
    )]
    Skipped {
        /// The line number in the input.
        line: usize,
        /// The address it names.
        address: String,
    },
    /// A valid address whose domain DMARC cannot evaluate.
    #[error("the From address {address:?} has no usable domain: {reason}")]
    NoDomain {
        /// The address.
        address: String,
        /// Why its domain cannot be used.
        reason: UnusableDomain,
    },
    /// More distinct domains than [`MAX_AUTHOR_DOMAINS`]: the rest are not evaluated.
    #[error("the From field names {count} distinct domains; only the first {cap} are evaluated")]
    TooManyDomains {
        /// The cap.
        cap: usize,
        /// How many distinct domains there are.
        count: usize,
    },
}

/// An IDN domain converted for lookup.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdnDomain {
    /// As written (U-labels).
    pub unicode: String,
    /// As queried (A-labels, `xn--…`).
    pub ascii: String,
}

/// The author of a message, as far as its From field(s) tell it.
///
/// ```
/// use domainauth::mail::{Message, author};
/// let m = Message::parse("From: \"店舗\" <info@ショップ.example>\r\n\r\n".as_bytes()).unwrap();
/// let a = author(&m);
/// assert!(a.problems.is_empty());
/// // The A-label as Python's "idna" codec also gives it.
/// assert_eq!(a.domains, vec!["xn--xckya1d0c.example"]);
/// assert_eq!(a.idn[0].unicode, "ショップ.example");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Author {
    /// Every address read from the From field(s), in order.
    pub addresses: Vec<String>,
    /// The distinct usable domains (lower case, A-labels), in order of
    /// appearance; at most [`MAX_AUTHOR_DOMAINS`].
    pub domains: Vec<String>,
    /// Domains that were written with U-labels.
    pub idn: Vec<IdnDomain>,
    /// Why the author is not exactly one usable domain per address: a
    /// missing, repeated or invalid From field, an address without a usable
    /// domain, too many domains. Empty for an ordinary message.
    pub problems: Vec<FromProblem>,
}

// ---------------------------------------------------------------------------
// Tokens (RFC 5322 §3.2): CFWS is skipped, everything else is a token.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// 1*atext (RFC 6532 adds non-ASCII UTF-8).
    Atom(String),
    /// A quoted string, with its quotes, as written.
    Quoted(String),
    /// A domain literal, with its brackets, as written.
    Literal(String),
    /// One of `< > , ; : @ .`.
    Special(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    /// Character index of the token's first character.
    pos: usize,
}

type Syntax<T> = Result<T, AddressListError>;

/// An error at the 0-based character index `index`.
fn err<T>(index: usize, error: FromSyntax) -> Syntax<T> {
    Err(AddressListError {
        pos: index + 1,
        error,
    })
}

/// RFC 5322 §3.2.3 `atext`, with RFC 6532's `UTF8-non-ascii`.
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '/'
                | '='
                | '?'
                | '^'
                | '_'
                | '`'
                | '{'
                | '|'
                | '}'
                | '~'
        )
        || (!c.is_ascii() && !c.is_control())
}

fn tokenize(chars: &[char]) -> Syntax<Vec<Token>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        let tok = match c {
            ' ' | '\t' => {
                i += 1;
                continue;
            }
            '(' => {
                i = comment_end(chars, start)?;
                continue;
            }
            '"' => {
                i = quoted_end(chars, start)?;
                Tok::Quoted(chars[start..i].iter().collect())
            }
            '[' => {
                i = literal_end(chars, start)?;
                Tok::Literal(chars[start..i].iter().collect())
            }
            '<' | '>' | ',' | ';' | ':' | '@' | '.' => {
                i += 1;
                Tok::Special(c)
            }
            c if is_atext(c) => {
                while chars.get(i).is_some_and(|&c| is_atext(c)) {
                    i += 1;
                }
                Tok::Atom(chars[start..i].iter().collect())
            }
            // `)`, `]`, `\` outside quotes and comments, control characters.
            ch => return err(start, FromSyntax::UnexpectedChar { ch }),
        };
        out.push(Token { tok, pos: start });
    }
    Ok(out)
}

/// Where the comment opening at `start` ends. Comments nest (RFC 5322
/// §3.2.2): a depth counter, no recursion.
fn comment_end(chars: &[char], start: usize) -> Syntax<usize> {
    let mut depth = 0usize;
    let mut i = start;
    loop {
        match chars.get(i) {
            None => return err(start, FromSyntax::UnclosedComment),
            Some('\\') => i += 2,
            Some('(') => {
                depth += 1;
                i += 1;
            }
            Some(')') => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Ok(i);
                }
            }
            Some(_) => i += 1,
        }
    }
}

/// Where the quoted string opening at `start` ends (RFC 5322 §3.2.4).
fn quoted_end(chars: &[char], start: usize) -> Syntax<usize> {
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return err(start, FromSyntax::UnclosedQuote),
            Some('\\') => {
                if i + 1 >= chars.len() {
                    return err(start, FromSyntax::UnclosedQuote);
                }
                i += 2;
            }
            Some('"') => return Ok(i + 1),
            // RFC 5322 §4.1 obs-qtext: the obsolete syntax, which parsers
            // must accept, allows the controls other than NUL, CR and LF
            // (obs-NO-WS-CTL) in quoted strings.
            Some(&q) if matches!(q, '\0' | '\r' | '\n') => {
                return err(i, FromSyntax::UnexpectedChar { ch: q });
            }
            Some(_) => i += 1,
        }
    }
}

/// Where the domain literal opening at `start` ends (RFC 5322 §3.4.1
/// `dtext`: no `[`, `]`, `\` or controls inside).
fn literal_end(chars: &[char], start: usize) -> Syntax<usize> {
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return err(start, FromSyntax::UnclosedLiteral),
            Some(']') => return Ok(i + 1),
            Some(&d) if d == '[' || d == '\\' || (d.is_control() && d != '\t') => {
                return err(i, FromSyntax::UnexpectedChar { ch: d });
            }
            Some(_) => i += 1,
        }
    }
}

// ---------------------------------------------------------------------------
// The address-list grammar (RFC 5322 §3.4, §4.4; RFC 6854 groups).

/// The domain part of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Domain {
    /// A dot-atom or obs-domain, labels checked against RFC 5321 §4.1.2.
    Name(String),
    /// A domain literal `[…]`.
    Literal(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Mailbox {
    /// `local@domain`, without comments or folding.
    address: String,
    domain: Domain,
}

struct Parser<'t> {
    toks: &'t [Token],
    i: usize,
    /// The position of the end of the input, for errors there.
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.end, |t| t.pos)
    }

    fn special(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Special(c))
    }

    /// The error for an unexpected token at the current place, where an
    /// address has just ended (or `at_end` when the input ended).
    fn after_address<T>(&self, at_end: FromSyntax) -> Syntax<T> {
        match self.peek() {
            None => err(self.end, at_end),
            Some(Tok::Special(ch)) => err(self.pos(), FromSyntax::UnexpectedChar { ch: *ch }),
            Some(_) => err(self.pos(), FromSyntax::TextAfterAddress),
        }
    }

    /// `address-list` (with `obs-addr-list`'s empty elements).
    fn address_list(&mut self) -> Syntax<Vec<Mailbox>> {
        let mut out = Vec::new();
        loop {
            while self.special(',') {
                self.i += 1;
            }
            if self.peek().is_none() {
                return Ok(out);
            }
            self.address(&mut out, true)?;
            match self.peek() {
                None => return Ok(out),
                Some(Tok::Special(',')) => self.i += 1,
                Some(_) => return self.after_address(FromSyntax::TextAfterAddress),
            }
        }
    }

    /// Skips the words (and obs-phrase dots) of a display name or local part.
    fn words(&mut self) -> usize {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(Tok::Atom(_) | Tok::Quoted(_) | Tok::Special('.'))
        ) {
            self.i += 1;
        }
        self.i - start
    }

    /// `address`: a mailbox, or (when `groups`) a group of mailboxes.
    fn address(&mut self, out: &mut Vec<Mailbox>, groups: bool) -> Syntax<()> {
        let start = self.i;
        let start_pos = self.pos();
        let words = self.words();
        match self.peek() {
            Some(Tok::Special('<')) => {
                self.display_name(start, words)?;
                out.push(self.angle_addr()?);
                Ok(())
            }
            Some(Tok::Special('@')) => {
                self.i = start;
                out.push(self.addr_spec()?);
                Ok(())
            }
            Some(Tok::Special(':')) if groups && words > 0 => {
                self.display_name(start, words)?;
                self.group(start_pos, out)
            }
            _ if words > 0 => {
                // Words that end without `<…>` or `@`: `Only A Name`,
                // `nobody`, or `John a@x.example` (a name needs angle brackets).
                self.i = start;
                self.addr_spec().map(|_| ())
            }
            Some(Tok::Special(ch)) => err(self.pos(), FromSyntax::UnexpectedChar { ch: *ch }),
            _ => err(self.pos(), FromSyntax::MissingAt),
        }
    }

    /// Checks that `words` tokens from `start` form a phrase (RFC 5322
    /// §3.2.5, obs-phrase: a word first, then words, dots).
    fn display_name(&self, start: usize, words: usize) -> Syntax<()> {
        match self.toks.get(start) {
            Some(Token {
                tok: Tok::Special('.'),
                pos,
            }) if words > 0 => err(*pos, FromSyntax::UnexpectedChar { ch: '.' }),
            _ => Ok(()),
        }
    }

    /// `group` after its display name: `":" [group-list] ";"`.
    fn group(&mut self, start_pos: usize, out: &mut Vec<Mailbox>) -> Syntax<()> {
        self.i += 1; // ':'
        loop {
            while self.special(',') {
                self.i += 1;
            }
            match self.peek() {
                None => return err(start_pos, FromSyntax::UnclosedGroup),
                Some(Tok::Special(';')) => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => {}
            }
            self.address(out, false)?;
            match self.peek() {
                Some(Tok::Special(',')) => self.i += 1,
                Some(Tok::Special(';')) => {
                    self.i += 1;
                    return Ok(());
                }
                None => return err(start_pos, FromSyntax::UnclosedGroup),
                Some(_) => return self.after_address(FromSyntax::UnclosedGroup),
            }
        }
    }

    /// `angle-addr` / `obs-angle-addr` (with an obs-route, which is dropped).
    fn angle_addr(&mut self) -> Syntax<Mailbox> {
        let open = self.pos();
        self.i += 1; // '<'
        match self.peek() {
            Some(Tok::Special('>')) => return err(self.pos(), FromSyntax::EmptyAngle),
            None => return err(open, FromSyntax::UnclosedAngle),
            _ => {}
        }
        if self.special('@') || self.special(',') {
            // obs-route = obs-domain-list ":"
            loop {
                while self.special(',') {
                    self.i += 1;
                }
                if !self.special('@') {
                    break;
                }
                self.i += 1;
                self.domain()?;
            }
            if !self.special(':') {
                return match self.peek() {
                    None => err(open, FromSyntax::UnclosedAngle),
                    Some(Tok::Special(ch)) => {
                        err(self.pos(), FromSyntax::UnexpectedChar { ch: *ch })
                    }
                    Some(_) => err(self.pos(), FromSyntax::TextAfterAddress),
                };
            }
            self.i += 1;
        }
        let mailbox = self.addr_spec()?;
        if self.special('>') {
            self.i += 1;
            return Ok(mailbox);
        }
        match self.peek() {
            None => err(open, FromSyntax::UnclosedAngle),
            _ => self.after_address(FromSyntax::UnclosedAngle),
        }
    }

    /// `addr-spec = local-part "@" domain`.
    fn addr_spec(&mut self) -> Syntax<Mailbox> {
        let mut local = String::new();
        loop {
            match self.peek() {
                Some(Tok::Atom(w) | Tok::Quoted(w)) => local.push_str(w),
                _ => return err(self.pos(), FromSyntax::LocalPart),
            }
            self.i += 1;
            if !self.special('.') {
                break;
            }
            local.push('.');
            self.i += 1;
        }
        if !self.special('@') {
            return match self.peek() {
                Some(Tok::Atom(_) | Tok::Quoted(_)) => err(self.pos(), FromSyntax::MissingAt),
                Some(Tok::Special(ch)) if !matches!(ch, ',' | ';' | '>') => {
                    err(self.pos(), FromSyntax::UnexpectedChar { ch: *ch })
                }
                _ => err(self.pos(), FromSyntax::MissingAt),
            };
        }
        self.i += 1;
        let domain = self.domain()?;
        let text = match &domain {
            Domain::Name(d) | Domain::Literal(d) => d.as_str(),
        };
        let address = format!("{local}@{text}");
        Ok(Mailbox { address, domain })
    }

    /// `domain = dot-atom / domain-literal / obs-domain`, each label also an
    /// RFC 5321 §4.1.2 `sub-domain` (ASCII letters, digits, inner hyphens)
    /// or a U-label (RFC 6531 §3.3), which IDNA checks later.
    fn domain(&mut self) -> Syntax<Domain> {
        if let Some(Tok::Literal(l)) = self.peek() {
            let l = l.clone();
            self.i += 1;
            return Ok(Domain::Literal(l));
        }
        let mut name = String::new();
        loop {
            let Some(Token {
                tok: Tok::Atom(label),
                pos,
            }) = self.toks.get(self.i)
            else {
                return match self.peek() {
                    Some(Tok::Special('.')) => err(self.pos(), FromSyntax::EmptyLabel),
                    _ if !name.is_empty() => err(self.pos(), FromSyntax::EmptyLabel),
                    Some(Tok::Special(ch)) if !matches!(ch, ',' | ';' | '>') => {
                        err(self.pos(), FromSyntax::UnexpectedChar { ch: *ch })
                    }
                    Some(Tok::Quoted(_)) => err(self.pos(), FromSyntax::UnexpectedChar { ch: '"' }),
                    _ => err(self.pos(), FromSyntax::MissingDomain),
                };
            };
            check_label(label, *pos)?;
            name.push_str(label);
            self.i += 1;
            if !self.special('.') {
                return Ok(Domain::Name(name));
            }
            name.push('.');
            self.i += 1;
        }
    }
}

/// RFC 5321 §4.1.2 `sub-domain = Let-dig [Ldh-str]` for ASCII; non-ASCII
/// characters are left to IDNA (RFC 5890).
fn check_label(label: &str, pos: usize) -> Syntax<()> {
    for (n, ch) in label.chars().enumerate() {
        if ch.is_ascii() && !(ch.is_ascii_alphanumeric() || ch == '-') {
            return err(pos + n, FromSyntax::DomainChar { ch });
        }
    }
    if label.starts_with('-') {
        return err(pos, FromSyntax::LabelHyphen);
    }
    if label.ends_with('-') {
        return err(pos + label.chars().count() - 1, FromSyntax::LabelHyphen);
    }
    Ok(())
}

fn parse_list(value: &str) -> Syntax<Vec<Mailbox>> {
    let chars: Vec<char> = value.chars().collect();
    let toks = tokenize(&chars)?;
    Parser {
        toks: &toks,
        i: 0,
        end: chars.len(),
    }
    .address_list()
}

/// The addresses (`local@domain`) in an RFC 5322 address list (`mailbox-list`
/// or `address-list`, groups included), or where the list stops being valid.
///
/// ```
/// use domainauth::mail::parse_address_list;
/// let list = parse_address_list("\"Doe, John\" <john@x.example>, (boss) jane@y.example").unwrap();
/// assert_eq!(list, ["john@x.example", "jane@y.example"]);
/// let e = parse_address_list("ceo@good.example>").unwrap_err();
/// assert_eq!(e.pos, 17); // the 17th character, '>'
/// ```
pub fn parse_address_list(value: &str) -> Result<Vec<String>, AddressListError> {
    Ok(parse_list(value)?.into_iter().map(|m| m.address).collect())
}

/// The addresses of a valid RFC 5322 address list; empty when the list is
/// not valid (see [`parse_address_list`] for the reason).
pub fn addresses(value: &str) -> Vec<String> {
    parse_address_list(value).unwrap_or_default()
}

/// The DMARC form of a domain taken from a valid address: lower case,
/// A-labels, and a name DNS can hold under a public suffix.
fn usable_domain(domain: &Domain) -> Result<(String, Option<IdnDomain>), UnusableDomain> {
    let name = match domain {
        Domain::Literal(_) => return Err(UnusableDomain::AddressLiteral),
        Domain::Name(n) => n,
    };
    let (ascii, idn) = if name.is_ascii() {
        (name.to_ascii_lowercase(), None)
    } else {
        let ascii = idna::domain_to_ascii(name).map_err(|_| UnusableDomain::Idna)?;
        // UTS 46 mapping may produce what RFC 5321 forbids (`＞` → `>`): check again.
        if ascii.is_empty()
            || ascii.split('.').any(|l| {
                l.is_empty()
                    || l.starts_with('-')
                    || l.ends_with('-')
                    || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
        {
            return Err(UnusableDomain::Idna);
        }
        (
            ascii.clone(),
            Some(IdnDomain {
                unicode: name.clone(),
                ascii,
            }),
        )
    };
    if ascii.len() > 253 || ascii.split('.').any(|l| l.len() > 63) {
        return Err(UnusableDomain::TooLong);
    }
    let Some((_, tld)) = ascii.rsplit_once('.') else {
        return Err(UnusableDomain::SingleLabel);
    };
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UnusableDomain::NumericTld);
    }
    Ok((ascii, idn))
}

/// The domain of an address for DMARC: lower case, A-labels. Returns the
/// A-label form and, for IDNs, the original; `None` when `address` is not
/// one valid RFC 5322 address or its domain cannot be used.
///
/// ```
/// use domainauth::mail::address_domain;
/// assert_eq!(address_domain("A@Shop.Example").map(|d| d.0).as_deref(), Some("shop.example"));
/// assert_eq!(address_domain("a@shop.example>"), None);
/// assert_eq!(address_domain("a@[192.0.2.1]"), None);
/// ```
pub fn address_domain(address: &str) -> Option<(String, Option<IdnDomain>)> {
    match parse_list(address).ok()?.as_slice() {
        [one] => usable_domain(&one.domain).ok(),
        _ => None,
    }
}

/// `value` cut to a length fit to quote back. Control characters are kept:
/// every writer escapes them where it writes ([`crate::escape`]), so the
/// text is escaped once, and JSON keeps the exact value.
fn quoted_value(value: &str) -> String {
    quoted(value, MAX_QUOTED_VALUE)
}

fn quoted(value: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in value.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// Collects the author from the From fields' values.
struct Collector {
    author: Author,
    /// Every distinct domain seen, usable or not (for the cap).
    seen: HashSet<String>,
    /// The distinct domains beyond the cap, only counted.
    over: HashSet<String>,
}

impl Collector {
    fn field(&mut self, value: &str) {
        let list = match parse_list(value) {
            Ok(l) => l,
            Err(error) => {
                let rest: String = value.chars().skip(error.pos - 1).take(21).collect();
                self.author.problems.push(FromProblem::Invalid {
                    value: quoted_value(value),
                    near: quoted(&rest, 20),
                    error,
                });
                return;
            }
        };
        if list.is_empty() {
            self.author.problems.push(FromProblem::NoAddress {
                value: quoted_value(value),
            });
            return;
        }
        for mailbox in list {
            self.mailbox(mailbox);
        }
    }

    fn mailbox(&mut self, mailbox: Mailbox) {
        let key = match &mailbox.domain {
            Domain::Name(n) | Domain::Literal(n) => n.to_lowercase(),
        };
        let converted = usable_domain(&mailbox.domain);
        let key = match &converted {
            Ok((ascii, _)) => ascii.clone(),
            Err(_) => key,
        };
        if !self.seen.contains(&key) {
            if self.seen.len() >= MAX_AUTHOR_DOMAINS {
                // Beyond the cap a domain is only counted, never looked up.
                self.over.insert(key);
                self.author.addresses.push(mailbox.address);
                return;
            }
            self.seen.insert(key);
            match converted {
                Ok((ascii, idn)) => {
                    self.author.domains.push(ascii);
                    self.author.idn.extend(idn);
                }
                Err(reason) => self.author.problems.push(FromProblem::NoDomain {
                    address: quoted_value(&mailbox.address),
                    reason,
                }),
            }
        }
        self.author.addresses.push(mailbox.address);
    }
}

/// The addresses a From-like line of free text names, read as a mail
/// client's display would be: the contents of each `<…>`, or without any,
/// each word holding an `@`.
fn loose_addresses(text: &str) -> impl Iterator<Item = &str> {
    let angled: Vec<&str> = text
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(inside, _)| inside.trim()))
        .collect();
    let words: Vec<&str> = if angled.is_empty() {
        text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '"' | '(' | ')'))
            .filter(|w| w.contains('@'))
            .collect()
    } else {
        angled
    };
    words.into_iter().filter(|w| !w.is_empty())
}

/// An address in a form two spellings of it share: lower case, the domain
/// in A-labels (a page may show a U-label domain the header has in
/// A-labels, or the reverse).
fn comparable(address: &str) -> String {
    let address = address.trim().trim_matches(['<', '>']);
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let domain = domain.trim_end_matches('.');
            let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_lowercase());
            format!("{}@{domain}", local.to_lowercase())
        }
        None => address.to_lowercase(),
    }
}

/// Reads the author of `message` from its From field(s).
///
/// Every From field is read (RFC 5322 §3.6 allows one; several are a
/// problem, and their domains are still collected so the verdict can say
/// what each would give). Distinct domains beyond [`MAX_AUTHOR_DOMAINS`]
/// are counted but not kept.
pub fn author(message: &Message<'_>) -> Author {
    let mut c = Collector {
        author: Author::default(),
        seen: HashSet::new(),
        over: HashSet::new(),
    };
    let mut count = 0;
    for field in message.get_all("from") {
        count += 1;
        c.field(&field.text());
    }
    match count {
        0 => c.author.problems.insert(0, FromProblem::Missing),
        1 => {}
        count => c.author.problems.insert(0, FromProblem::Several { count }),
    }
    if let Some(line) = message.hidden_from_line() {
        c.author.problems.push(FromProblem::Hidden { line });
    }
    if let Some(preamble) = message.preamble() {
        let authors: HashSet<String> = c.author.addresses.iter().map(|a| comparable(a)).collect();
        for (line, text) in &preamble.from_lines {
            // Read as a mail client would (each <…> or word with @) and as
            // RFC 5322 does (comments skipped, every address of a list):
            // an address either reading names that the header's From does
            // not is a problem.
            let strict = parse_address_list(text).unwrap_or_default();
            let mut named = loose_addresses(text).chain(strict.iter().map(String::as_str));
            if let Some(address) = named.find(|a| !authors.contains(&comparable(a))) {
                c.author.problems.push(FromProblem::Skipped {
                    line: *line,
                    address: quoted_value(address),
                });
            }
        }
    }
    if !c.over.is_empty() {
        c.author.problems.push(FromProblem::TooManyDomains {
            cap: MAX_AUTHOR_DOMAINS,
            count: c.seen.len() + c.over.len(),
        });
    }
    c.author
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &str) -> Vec<String> {
        parse_address_list(v).unwrap_or_else(|e| panic!("{v:?}: {e}"))
    }

    /// The error's 0-based character index (the cases below are written
    /// that way; `pos` counts from 1) and kind.
    fn error(v: &str) -> (usize, FromSyntax) {
        let e = parse_address_list(v).expect_err(v);
        (e.pos - 1, e.error)
    }

    #[test]
    fn valid_address_lists() {
        assert_eq!(list("a@b.example"), ["a@b.example"]);
        assert_eq!(
            list("\"Doe, John\" <john@x.example>, jane@y.example"),
            ["john@x.example", "jane@y.example"]
        );
        assert_eq!(
            list("John (the boss) <john@x.example> (comment)"),
            ["john@x.example"]
        );
        assert_eq!(
            list("team: a@x.example, b@y.example;"),
            ["a@x.example", "b@y.example"]
        );
        assert_eq!(list("\"a>b\" <c@d.example>"), ["c@d.example"]);
        // RFC 5322 §4.4: obs-route, obs-phrase, CFWS around dots and '@'.
        assert_eq!(
            list("<@relay.example,@r2.example:c@d.example>"),
            ["c@d.example"]
        );
        assert_eq!(list("John Q. Public <jqp@x.example>"), ["jqp@x.example"]);
        assert_eq!(list("john . doe @ x . example"), ["john.doe@x.example"]);
        assert_eq!(
            list("a@x.example,, b@y.example,"),
            ["a@x.example", "b@y.example"]
        );
        assert_eq!(list("\"a b\"@x.example"), ["\"a b\"@x.example"]);
        assert_eq!(list("(nested (comment)) a@x.example"), ["a@x.example"]);
        assert_eq!(
            list("店舗 <info@ショップ.example>"),
            ["info@ショップ.example"]
        );
        assert_eq!(list("=?UTF-8?B?5bqX6IiX?= <a@x.example>"), ["a@x.example"]);
        assert_eq!(list("x@[192.0.2.1]"), ["x@[192.0.2.1]"]);
        assert!(list("").is_empty());
        assert!(list("undisclosed-recipients:;").is_empty());
    }

    /// RFC 5322 §4.1: obs-qtext (controls other than NUL, CR, LF) in a
    /// quoted display name is obsolete syntax a parser must accept; the
    /// domain stays strict.
    #[test]
    fn obsolete_controls_in_a_quoted_display_name_are_accepted() {
        assert_eq!(
            parse_address_list("\"Bob \u{1b}[31m\" <bob@good.example>").unwrap(),
            ["bob@good.example"]
        );
        assert_eq!(
            error("\"Bob \u{0}\" <bob@good.example>"),
            (5, FromSyntax::UnexpectedChar { ch: '\u{0}' })
        );
        assert!(parse_address_list("bob@good.example\u{1b}").is_err());
    }

    #[test]
    fn invalid_address_lists_say_what_and_where() {
        use FromSyntax::*;
        assert_eq!(error("ceo@good.example>"), (16, UnexpectedChar { ch: '>' }));
        assert_eq!(error("ceo@good.example)"), (16, UnexpectedChar { ch: ')' }));
        assert_eq!(error("ceo@good.example\""), (16, UnclosedQuote));
        assert_eq!(error("ceo@good.example]"), (16, UnexpectedChar { ch: ']' }));
        assert_eq!(
            error("ceo@good.example\\"),
            (16, UnexpectedChar { ch: '\\' })
        );
        // `}` is atext in RFC 5322, but no domain character in RFC 5321.
        assert_eq!(error("ceo@good.example}"), (16, DomainChar { ch: '}' }));
        assert_eq!(error("ceo@good_x.example"), (8, DomainChar { ch: '_' }));
        assert_eq!(
            error("<a@evil.example> ceo@good.example"),
            (17, TextAfterAddress)
        );
        assert_eq!(
            error("a@evil.example ceo@good.example"),
            (15, TextAfterAddress)
        );
        assert_eq!(error("Name <a@x.example"), (5, UnclosedAngle));
        assert_eq!(error("(a@x.example"), (0, UnclosedComment));
        assert_eq!(error("x@[192.0.2.1"), (2, UnclosedLiteral));
        assert_eq!(error("team: a@x.example"), (0, UnclosedGroup));
        assert_eq!(error("Only A Name"), (5, MissingAt));
        assert_eq!(error("nobody"), (6, MissingAt));
        assert_eq!(error("@x.example"), (0, LocalPart));
        assert_eq!(error("a@"), (2, MissingDomain));
        assert_eq!(error("a@x..example"), (4, EmptyLabel));
        assert_eq!(error("a@.x.example"), (2, EmptyLabel));
        assert_eq!(error("a@x.example."), (12, EmptyLabel));
        assert_eq!(error("a@-x.example"), (2, LabelHyphen));
        assert_eq!(error("Name <>"), (6, EmptyAngle));
        assert_eq!(
            error("a@x.example\u{1b}[2J"),
            (11, UnexpectedChar { ch: '\u{1b}' })
        );
        assert_eq!(
            error("a@x.example <b@y.example>"),
            (12, UnexpectedChar { ch: '<' })
        );
    }

    #[test]
    fn domains() {
        assert_eq!(
            address_domain("A@Shop.Example").map(|d| d.0),
            Some("shop.example".into())
        );
        let reason = |a: &str| match parse_list(a).unwrap().as_slice() {
            [one] => usable_domain(&one.domain).err(),
            _ => panic!(),
        };
        assert_eq!(
            reason("a@[192.0.2.1]"),
            Some(UnusableDomain::AddressLiteral)
        );
        assert_eq!(reason("a@localhost"), Some(UnusableDomain::SingleLabel));
        assert_eq!(reason("a@192.0.2.1"), Some(UnusableDomain::NumericTld));
        assert_eq!(
            reason(&format!("a@{}.example", "x".repeat(64))),
            Some(UnusableDomain::TooLong)
        );
        // A fullwidth '>' inside a U-label maps to '>' (UTS 46): not a domain.
        assert_eq!(reason("a@good.example\u{ff1e}"), Some(UnusableDomain::Idna));
        assert_eq!(address_domain("nobody"), None);
    }

    fn author_of(header: &str) -> Author {
        let raw = format!("{header}Subject: x\r\n\r\n");
        author(&Message::parse(raw.as_bytes()).unwrap())
    }

    #[test]
    fn from_edge_cases() {
        assert_eq!(author_of("").problems, [FromProblem::Missing]);
        let two = author_of("From: a@x.example\r\nFrom: b@y.example\r\n");
        assert_eq!(two.problems, [FromProblem::Several { count: 2 }]);
        assert_eq!(two.domains, ["x.example", "y.example"]);
        assert!(matches!(
            author_of("From: \r\n").problems.as_slice(),
            [FromProblem::NoAddress { .. }]
        ));
        assert!(matches!(
            author_of("From: Only A Name\r\n").problems.as_slice(),
            [FromProblem::Invalid { .. }]
        ));
        let a = author_of("From: a@X.example, b@x.EXAMPLE, c@y.example\r\n");
        assert_eq!(a.domains, ["x.example", "y.example"]);
        assert_eq!(a.addresses.len(), 3);
        assert!(a.problems.is_empty());
        // An unusable address does not hide the usable ones.
        let a = author_of("From: ceo@good.example, x@[192.0.2.1], y@localhost\r\n");
        assert_eq!(a.domains, ["good.example"]);
        assert!(matches!(
            a.problems.as_slice(),
            [
                FromProblem::NoDomain {
                    reason: UnusableDomain::AddressLiteral,
                    ..
                },
                FromProblem::NoDomain {
                    reason: UnusableDomain::SingleLabel,
                    ..
                }
            ]
        ));
    }

    #[test]
    fn author_domains_are_capped() {
        let list: Vec<String> = (0..25).map(|n| format!("a@d{n}.example")).collect();
        let a = author_of(&format!("From: {}\r\n", list.join(", ")));
        assert_eq!(a.domains.len(), MAX_AUTHOR_DOMAINS);
        assert_eq!(a.domains[9], "d9.example");
        assert_eq!(
            a.problems,
            [FromProblem::TooManyDomains {
                cap: MAX_AUTHOR_DOMAINS,
                count: 25
            }]
        );
        assert_eq!(a.addresses.len(), 25);
    }

    #[test]
    fn a_large_hostile_field_is_read_in_one_pass() {
        // 1 MB of nested comments, quotes and addresses: finishes, and the
        // work is bounded by the size (no quadratic dedup or rescans).
        let nested = format!("{}x{}", "(".repeat(300_000), ")".repeat(300_000));
        assert!(parse_address_list(&nested).unwrap().is_empty());
        let many: Vec<String> = (0..40_000).map(|n| format!("a@d{n}.example")).collect();
        let a = author_of(&format!("From: {}\r\n", many.join(",")));
        assert_eq!(a.domains.len(), MAX_AUTHOR_DOMAINS);
        let unclosed = format!("\"{}", "\\\"".repeat(400_000));
        assert_eq!(error(&unclosed), (0, FromSyntax::UnclosedQuote));
    }
}
