//! The `Received` trace field (RFC 5321 §4.4, `Stamp`):
//!
//! ```text
//! Stamp       = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
//! From-domain = "FROM" FWS Extended-Domain
//! By-domain   = CFWS "BY" FWS Extended-Domain
//! Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" )
//!                   / ( address-literal FWS "(" TCP-info ")" )
//! TCP-info    = address-literal / ( Domain FWS address-literal )
//! Opt-info    = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
//! ```
//!
//! The domain after `from` is what the client said in EHLO/HELO; the
//! address the server saw is in the parenthesised TCP-info. Real servers
//! vary the TCP-info, and [`Received::parse`] reads each form:
//!
//! | writer    | `from` clause                                            |
//! |-----------|----------------------------------------------------------|
//! | Postfix   | `from HELO (rdns [ip])`, `from HELO (unknown [ip])`      |
//! | Sendmail  | `from HELO (rdns [ip] (may be forged))`, `from HELO ([ip])` |
//! | Exim      | `from rdns ([ip]:port helo=HELO)`, `from [ip] (helo=HELO)` |
//! | Microsoft | `from HELO (ip)`, `from HELO ([ip])`                     |
//! | Gmail     | `from HELO (rdns. [ip])`                                 |
//! | qmail, IronPort | `from rdns (HELO name) (ip)`, `from rdns (HELO name) ([ip])` |
//!
//! An address literal *after `from`* is a HELO argument chosen by the
//! client (`from [198.51.100.25] (unknown [203.0.113.5])`: the client is
//! 203.0.113.5), except in Exim's form where a `helo=` inside the
//! parentheses shows that the literal is the address the server recorded.
//!
//! The HELO argument is attacker-chosen text that servers copy into the
//! field, so anything that makes the client address ambiguous is an error,
//! not a guess: two different addresses in the `from` clause, a clause
//! written twice, an unbalanced parenthesis or an unclosed address literal.
//! Nothing the client writes can hide the server's clauses: only comments
//! hide text and they must balance, quotes and angle brackets span no space,
//! and a `;` counts as the date separator only when no clause follows it.
//!
//! Reading is one pass over the field and bounded by [`MAX_RECEIVED_LEN`].
//!
//! ```
//! use domainauth::mail::received::Received;
//! let r = Received::parse(
//!     "from [198.51.100.25] (unknown [203.0.113.5]) by mx.example.net (Postfix) \
//!      with ESMTP id 4Q9Xyz; Mon, 2 Mar 2026 10:00:00 +0000",
//! )
//! .unwrap();
//! assert_eq!(r.client_ip, Some("203.0.113.5".parse().unwrap()));
//! assert_eq!(r.from_helo.as_deref(), Some("[198.51.100.25]"));
//! assert_eq!(r.by.as_deref(), Some("mx.example.net"));
//! ```

use std::net::IpAddr;

/// The longest field value read (longer ones are refused). Real Received
/// fields are well under 1 KB.
pub const MAX_RECEIVED_LEN: usize = 16 * 1024;

/// A Received field, read (RFC 5321 §4.4).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Received {
    /// The EHLO/HELO argument the client gave, as the server recorded it
    /// (may be an address literal such as `[192.0.2.1]`).
    pub from_helo: Option<String>,
    /// The client's reverse-DNS name as the server recorded it (without
    /// the trailing dot); `None` for `unknown` or when not written.
    pub from_rdns: Option<String>,
    /// The client's address from the TCP-info: the address the server saw.
    pub client_ip: Option<IpAddr>,
    /// The server that wrote the field (`by`).
    pub by: Option<String>,
    /// The `via` clause (link type, e.g. Microsoft's `Frontend Transport`).
    pub via: Option<String>,
    /// The `with` clause (protocol: `ESMTPS`, `Microsoft SMTP Server`, …).
    pub with: Option<String>,
    /// The `id` clause (the server's queue or message id).
    pub id: Option<String>,
    /// The `for` clause (the recipient path, without angle brackets).
    pub for_path: Option<String>,
    /// The date-time after the last `;`, as written (white space collapsed).
    pub date: Option<String>,
}

/// The clauses of a Received field (RFC 5321 §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clause {
    From,
    By,
    Via,
    With,
    Id,
    For,
}

impl Clause {
    const ALL: [Clause; 6] = [
        Clause::From,
        Clause::By,
        Clause::Via,
        Clause::With,
        Clause::Id,
        Clause::For,
    ];

    fn keyword(self) -> &'static str {
        match self {
            Clause::From => "from",
            Clause::By => "by",
            Clause::Via => "via",
            Clause::With => "with",
            Clause::Id => "id",
            Clause::For => "for",
        }
    }

    fn of(word: &str) -> Option<Clause> {
        Clause::ALL
            .into_iter()
            .find(|c| word.eq_ignore_ascii_case(c.keyword()))
    }
}

/// Why a Received field could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReceivedError {
    /// Nothing but white space.
    #[error("the Received field is empty")]
    Empty,
    /// Longer than [`MAX_RECEIVED_LEN`].
    #[error("the Received field is longer than {limit} bytes")]
    TooLong {
        /// The limit.
        limit: usize,
    },
    /// A `)` without its `(`.
    #[error("')' without '(' at byte {position}")]
    UnbalancedParenthesis {
        /// 0-based byte offset.
        position: usize,
    },
    /// A comment or an address literal that is not closed.
    #[error("'{delimiter}' at byte {position} is never closed")]
    Unclosed {
        /// `(` or `[`.
        delimiter: char,
        /// 0-based byte offset.
        position: usize,
    },
    /// A clause written twice: which one the server wrote cannot be told.
    #[error("the '{clause}' clause appears twice")]
    RepeatedClause {
        /// `from`, `by`, `via`, `with`, `id` or `for`.
        clause: &'static str,
    },
    /// A clause between `from` and `by`, where RFC 5321 §4.4 (and every
    /// server) puts none: it was copied from the client's HELO argument.
    #[error("the '{clause}' clause comes after '{after}'")]
    ClauseOrder {
        /// The clause out of order.
        clause: &'static str,
        /// The clause it follows.
        after: &'static str,
    },
    /// Two different addresses in the `from` clause: which one the server saw
    /// cannot be told.
    #[error("two different client addresses in the 'from' clause: {first} and {second}")]
    AmbiguousClientAddress {
        /// The first address.
        first: IpAddr,
        /// The other address.
        second: IpAddr,
    },
    /// Words, but none of the clauses.
    #[error("no from, by, via, with, id or for clause")]
    NoClauses,
}

/// One lexical element of the field.
#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    /// A run of text (may contain an address literal `[…]`).
    Word(&'a str),
    /// A comment's text between its outer parentheses.
    Comment(&'a str),
    /// A `;` outside comments, at this byte offset.
    Semicolon(usize),
}

fn is_wsp(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Splits `text` into tokens in one pass.
fn tokenize(text: &str) -> Result<Vec<Token<'_>>, ReceivedError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        match bytes[pos] {
            b if is_wsp(b) => pos += 1,
            b';' => {
                tokens.push(Token::Semicolon(pos));
                pos += 1;
            }
            b')' => return Err(ReceivedError::UnbalancedParenthesis { position: pos }),
            b'(' => {
                let end = comment_end(bytes, pos)?;
                tokens.push(Token::Comment(&text[pos + 1..end]));
                pos = end + 1;
            }
            _ => {
                let start = pos;
                // Quotes and angle brackets are ordinary characters here: a
                // `"` or `<` in the HELO argument must not be able to swallow
                // the server's own clauses up to a later `"` or `>`.
                while pos < bytes.len() {
                    match bytes[pos] {
                        b if is_wsp(b) => break,
                        b'(' | b')' | b';' => break,
                        b'[' => pos = literal_end(bytes, pos)? + 1,
                        _ => pos += 1,
                    }
                }
                tokens.push(Token::Word(&text[start..pos]));
            }
        }
    }
    Ok(tokens)
}

/// The offset of the `)` closing the comment opened at `open` (nested
/// comments and quoted pairs as in RFC 5322 §3.2.2).
fn comment_end(bytes: &[u8], open: usize) -> Result<usize, ReceivedError> {
    let mut depth = 0usize;
    let mut pos = open;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(pos);
                }
            }
            _ => {}
        }
        pos += 1;
    }
    Err(ReceivedError::Unclosed {
        delimiter: '(',
        position: open,
    })
}

/// The offset of the `]` closing the address literal opened at `open`. An
/// address literal has neither spaces nor parentheses (RFC 5321 §4.1.3).
fn literal_end(bytes: &[u8], open: usize) -> Result<usize, ReceivedError> {
    for (pos, &b) in bytes.iter().enumerate().skip(open + 1) {
        if b == b']' {
            return Ok(pos);
        }
        if is_wsp(b) || matches!(b, b'(' | b')' | b';' | b'[') {
            break;
        }
    }
    Err(ReceivedError::Unclosed {
        delimiter: '[',
        position: open,
    })
}

/// An address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`, `[::1]:25`) or
/// a bare address (`192.0.2.1`, Microsoft's TCP-info), if `word` is one.
fn address(word: &str) -> Option<IpAddr> {
    let inner = match word.strip_prefix('[') {
        Some(rest) => rest.split_once(']')?.0,
        None => word,
    };
    let inner = match inner.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("ipv6:") => &inner[5..],
        _ => inner,
    };
    inner.parse().ok()
}

/// What the `from` clause's comments say.
#[derive(Default)]
struct TcpInfo<'a> {
    helo: Option<&'a str>,
    rdns: Option<&'a str>,
    addresses: Vec<IpAddr>,
    /// An address literal after a `HELO`/`EHLO` word: qmail's `(HELO
    /// [192.0.2.1])` comment, or Sendmail's TCP-info of a client whose
    /// reverse name is `helo` (`(helo [203.0.113.5])`). Which one is decided
    /// once every comment is read ([`TcpInfo::settle`]).
    helo_literal: Option<(&'a str, IpAddr)>,
}

impl<'a> TcpInfo<'a> {
    /// Reads one comment of the `from` clause. Nested comments (`(may be
    /// forged)`) are skipped; `helo=` / `HELO name` values are never read as
    /// addresses.
    fn read(&mut self, comment: &'a str) {
        let bytes = comment.as_bytes();
        let mut depth = 0usize;
        let mut start = None;
        let mut words: Vec<&'a str> = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            let boundary = is_wsp(b) || b == b'(' || b == b')';
            if boundary {
                if let Some(s) = start.take()
                    && depth == 0
                {
                    words.push(&comment[s..i]);
                }
                if b == b'(' {
                    depth += 1;
                } else if b == b')' {
                    depth = depth.saturating_sub(1);
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start
            && depth == 0
        {
            words.push(&comment[s..]);
        }
        let mut expect_helo = false;
        let mut previous_name: Option<&'a str> = None;
        for word in words {
            let word = word.trim_matches('"');
            if word.is_empty() {
                continue;
            }
            if expect_helo {
                expect_helo = false;
                if let Some(ip) = address(word) {
                    self.helo_literal.get_or_insert((word, ip));
                } else {
                    self.helo.get_or_insert(word);
                }
                continue;
            }
            if word.eq_ignore_ascii_case("helo") || word.eq_ignore_ascii_case("ehlo") {
                expect_helo = true;
                continue;
            }
            if let Some(value) = word
                .get(..5)
                .filter(|p| p.eq_ignore_ascii_case("helo=") || p.eq_ignore_ascii_case("ehlo="))
                .map(|_| &word[5..])
            {
                self.helo.get_or_insert(value);
                continue;
            }
            if let Some(ip) = address(word) {
                self.addresses.push(ip);
                if self.rdns.is_none() {
                    self.rdns = previous_name.take();
                }
                continue;
            }
            previous_name = (!word.contains('=')).then_some(word);
        }
    }
}

impl TcpInfo<'_> {
    /// Decides what an address literal after a `HELO` word was. qmail and
    /// IronPort write the HELO in a comment of its own and the client's
    /// address in another, so when another comment gives an address the
    /// literal is the HELO argument. Otherwise it is the only address the
    /// server wrote: the client's (RFC 5321 §4.4 TCP-info, a reverse name
    /// that happens to be `helo`), never a value the client chose.
    fn settle(&mut self) {
        if let Some((word, ip)) = self.helo_literal.take() {
            if self.addresses.is_empty() {
                self.addresses.push(ip);
            } else {
                self.helo.get_or_insert(word);
            }
        }
    }
}

/// A host name as recorded: ident prefix (`user@`) and final dot removed,
/// `unknown` as none.
fn host_name(name: &str) -> Option<String> {
    let name = name.rsplit_once('@').map_or(name, |(_, host)| host);
    let name = name.trim_end_matches('.');
    (!name.is_empty() && !name.eq_ignore_ascii_case("unknown")).then(|| name.to_string())
}

impl Received {
    /// Reads the value of a Received field (everything after the colon,
    /// folded or unfolded).
    pub fn parse(value: &str) -> Result<Self, ReceivedError> {
        if value.len() > MAX_RECEIVED_LEN {
            return Err(ReceivedError::TooLong {
                limit: MAX_RECEIVED_LEN,
            });
        }
        if value.trim().is_empty() {
            return Err(ReceivedError::Empty);
        }
        let tokens = tokenize(value)?;
        let (clauses, date) = split_date(value, &tokens);
        let mut reader = ClauseReader::default();
        for token in clauses {
            match *token {
                Token::Word(word) => reader.word(word)?,
                Token::Comment(text) => reader.comment(text),
                Token::Semicolon(_) => reader.just_keyword = false,
            }
        }
        if reader.seen.is_empty() && reader.stray_words {
            return Err(ReceivedError::NoClauses);
        }
        let mut out = reader.out;
        out.date = date;
        read_client(&mut out, reader.from_word, &reader.from_comments)?;
        Ok(out)
    }

    /// True when the field records an SMTP client (a `from` clause or a
    /// client address); `Received: by host with local id …` records none.
    pub fn records_client(&self) -> bool {
        self.from_helo.is_some() || self.client_ip.is_some()
    }
}

/// The clause tokens and the date-time, which follows the last `;`
/// outside comments that has no clause after it: a `;` in the HELO
/// argument cannot move it, nor hide the clauses of a field written
/// without a date.
fn split_date<'t, 'a>(value: &str, tokens: &'t [Token<'a>]) -> (&'t [Token<'a>], Option<String>) {
    let mut separator = None;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Semicolon(at) => separator = Some((i, *at)),
            Token::Word(w) if Clause::of(w).is_some() => separator = None,
            _ => {}
        }
    }
    match separator {
        Some((i, at)) => {
            let date = value[at + 1..].split_whitespace().collect::<Vec<_>>();
            (&tokens[..i], (!date.is_empty()).then(|| date.join(" ")))
        }
        None => (tokens, None),
    }
}

/// The clauses of RFC 5321 §4.4, read token by token.
#[derive(Default)]
struct ClauseReader<'a> {
    out: Received,
    seen: Vec<Clause>,
    current: Option<Clause>,
    expecting_value: bool,
    just_keyword: bool,
    multi_word: bool,
    /// The word after `from`: the HELO, or what the server resolved.
    from_word: Option<&'a str>,
    /// The comments of the `from` clause (the TCP-info).
    from_comments: Vec<&'a str>,
    /// Words before any clause.
    stray_words: bool,
}

impl<'a> ClauseReader<'a> {
    fn word(&mut self, word: &'a str) -> Result<(), ReceivedError> {
        // RFC 5321 §4.4: the word right after a clause keyword is its value,
        // even when it reads like a keyword (a HELO of `via` or `for`).
        let value_now = self.expecting_value && self.just_keyword;
        self.just_keyword = false;
        if let Some(clause) = Clause::of(word).filter(|_| !value_now) {
            return self.keyword(clause);
        }
        match self.current {
            None => self.stray_words = true,
            Some(clause) if self.expecting_value => self.value(clause, word),
            // Microsoft: "with Microsoft SMTP Server", "via Frontend Transport".
            Some(Clause::With) if self.multi_word => push_word(&mut self.out.with, word),
            Some(Clause::Via) if self.multi_word => push_word(&mut self.out.via, word),
            // Words the clause grammar does not have (Exim's "tls CIPHER").
            Some(_) => {}
        }
        Ok(())
    }

    fn keyword(&mut self, clause: Clause) -> Result<(), ReceivedError> {
        if self.seen.contains(&clause) {
            return Err(ReceivedError::RepeatedClause {
                clause: clause.keyword(),
            });
        }
        // RFC 5321 §4.4 Stamp: From-domain By-domain Opt-info. Servers
        // order the optional clauses their own way (Microsoft writes `via`
        // after `id`), but every one writes `by` right after the `from`
        // clause: another clause there was copied from the HELO argument.
        if self.seen.last() == Some(&Clause::From) && clause != Clause::By {
            return Err(ReceivedError::ClauseOrder {
                clause: clause.keyword(),
                after: Clause::From.keyword(),
            });
        }
        self.seen.push(clause);
        self.current = Some(clause);
        self.expecting_value = true;
        self.just_keyword = true;
        self.multi_word = false;
        Ok(())
    }

    fn value(&mut self, clause: Clause, word: &'a str) {
        self.expecting_value = false;
        self.multi_word = matches!(clause, Clause::With | Clause::Via);
        let text = word.to_string();
        match clause {
            Clause::From => self.from_word = Some(word),
            Clause::By => self.out.by = Some(text),
            Clause::Via => self.out.via = Some(text),
            Clause::With => self.out.with = Some(text),
            Clause::Id => self.out.id = Some(text),
            Clause::For => {
                let path = word.trim_start_matches('<').trim_end_matches('>');
                self.out.for_path = Some(path.to_string());
            }
        }
    }

    fn comment(&mut self, text: &'a str) {
        self.multi_word = false;
        self.just_keyword = false;
        if self.current == Some(Clause::From) {
            self.from_comments.push(text);
        } else if self.current.is_none()
            && let Some(rest) = sendmail_no_helo(text)
        {
            // Sendmail, for a client that sent no HELO:
            // `Received: (from rdns [ip]) by …`.
            self.from_comments.push(rest);
        }
    }
}

/// The client's HELO, reverse-DNS name and address from the `from` clause:
/// its word and its TCP-info comments. Two different addresses make the
/// field ambiguous.
fn read_client(
    out: &mut Received,
    from_word: Option<&str>,
    from_comments: &[&str],
) -> Result<(), ReceivedError> {
    let mut info = TcpInfo::default();
    for comment in from_comments {
        info.read(comment);
    }
    info.settle();
    match info.helo {
        // Exim, qmail, IronPort: the HELO is in the parentheses, so the
        // word after "from" is what the server resolved or saw.
        Some(helo) => {
            out.from_helo = Some(helo.to_string());
            if let Some(word) = from_word {
                match word.starts_with('[').then(|| address(word)).flatten() {
                    Some(ip) => info.addresses.push(ip),
                    None => out.from_rdns = host_name(word),
                }
            }
        }
        None => {
            out.from_helo = from_word.map(str::to_string);
            out.from_rdns = info.rdns.and_then(host_name);
        }
    }
    if let Some(&first) = info.addresses.first() {
        if let Some(&second) = info.addresses.iter().find(|&&ip| ip != first) {
            return Err(ReceivedError::AmbiguousClientAddress { first, second });
        }
        out.client_ip = Some(first);
    }
    Ok(())
}

/// The text after `from` in a comment that opens a Received field
/// (`(from rdns [ip])`, Sendmail's record of a client that sent no HELO).
fn sendmail_no_helo(comment: &str) -> Option<&str> {
    let text = comment.trim_start();
    let keyword = text.get(..4)?;
    let rest = &text[4..];
    (keyword.eq_ignore_ascii_case("from") && rest.starts_with(|c: char| c.is_whitespace()))
        .then_some(rest)
}

fn push_word(slot: &mut Option<String>, word: &str) {
    if let Some(text) = slot {
        text.push(' ');
        text.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    /// A HELO that reads like a clause keyword is still the `from` value
    /// (RFC 5321 §4.4), so the field keeps recording its client.
    #[test]
    fn keyword_helo_is_the_from_value() {
        for helo in ["via", "for", "FOR", "by", "with", "id"] {
            let r = Received::parse(&format!(
                "from {helo} (unknown [203.0.113.5]) by mx.example.net (Postfix) with ESMTPS id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000"
            ))
            .unwrap();
            assert_eq!(r.from_helo.as_deref(), Some(helo));
            assert_eq!(r.client_ip, Some("203.0.113.5".parse().unwrap()), "{helo}");
            assert_eq!(r.by.as_deref(), Some("mx.example.net"), "{helo}");
            assert!(r.records_client());
        }
    }

    /// A HELO that carries a fake TCP-info and a clause keyword
    /// (`mail.good.example (… [198.51.100.25]) via`) would move the real
    /// TCP-info into that clause: no clause may stand between `from` and
    /// `by`, so the field is unreadable instead.
    #[test]
    fn clause_between_from_and_by_is_refused() {
        for clause in ["via", "with", "id", "for"] {
            let e = Received::parse(&format!(
                "from mail.good.example (mail.good.example [198.51.100.25]) {clause} (unknown [203.0.113.5]) by mx.example.net (Postfix) with ESMTPS id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000"
            ))
            .unwrap_err();
            assert!(
                matches!(e, ReceivedError::ClauseOrder { .. }),
                "{clause}: {e:?}"
            );
        }
        let e = Received::parse("from (c) via (unknown [203.0.113.5]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000").unwrap_err();
        assert!(
            matches!(e, ReceivedError::ClauseOrder { .. })
                || matches!(e, ReceivedError::AmbiguousClientAddress { .. }),
            "{e:?}"
        );
    }

    /// Sendmail's record of a client that sent no HELO.
    #[test]
    fn sendmail_without_helo_records_the_client() {
        let r = Received::parse(
            "(from rdns.evil.example [203.0.113.5]) by mx.example.net (8.17.1/8.17.1) with SMTP id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000",
        )
        .unwrap();
        assert_eq!(r.client_ip, Some("203.0.113.5".parse().unwrap()));
        assert_eq!(r.from_rdns.as_deref(), Some("rdns.evil.example"));
        assert!(r.records_client());
        // Local submission records no client.
        let local = Received::parse(
            "(from root@localhost) by mx.example.net (8.17.1/8.17.1/Submit) id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000",
        )
        .unwrap();
        assert!(!local.records_client());
    }

    /// A reverse name of `helo` (Sendmail's `(helo [ip] (may be forged))`)
    /// does not turn the client's address into a HELO argument; qmail's own
    /// `(HELO [literal])` comment beside an address comment still is one.
    #[test]
    fn helo_named_reverse_dns_keeps_the_client_address() {
        for rdns in ["helo", "HELO", "\"helo\"", "ehlo"] {
            let r = Received::parse(&format!(
                "from [198.51.100.25] ({rdns} [203.0.113.5] (may be forged)) by mx.example.net (8.17.1/8.17.1) with ESMTP id 4Q9X; Mon, 2 Mar 2026 10:00:00 +0000"
            ))
            .unwrap();
            assert_eq!(r.client_ip, Some("203.0.113.5".parse().unwrap()), "{rdns}");
            assert_eq!(r.from_helo.as_deref(), Some("[198.51.100.25]"), "{rdns}");
        }
        let v6 = Received::parse(
            "from [198.51.100.25] (helo [IPv6:2001:db8::5]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000",
        )
        .unwrap();
        assert_eq!(v6.client_ip, Some("2001:db8::5".parse().unwrap()));
        let qmail = Received::parse(
            "from rdns.example.org (HELO [192.0.2.1]) (198.51.100.7) by mx.example.net with SMTP; 2 Mar 2026 10:00:00 -0000",
        )
        .unwrap();
        assert_eq!(qmail.client_ip, Some("198.51.100.7".parse().unwrap()));
        assert_eq!(qmail.from_helo.as_deref(), Some("[192.0.2.1]"));
    }

    #[test]
    fn received_helo_literal_is_not_the_client_ip() {
        let r = Received::parse("from [198.51.100.25] (unknown [203.0.113.5]) by mx.example.net")
            .unwrap();
        assert_eq!(r.client_ip, ip("203.0.113.5"));
        assert_eq!(r.from_helo.as_deref(), Some("[198.51.100.25]"));
        assert_eq!(r.from_rdns, None);
        assert_eq!(r.by.as_deref(), Some("mx.example.net"));
    }

    #[test]
    fn exim_literal_with_helo_is_the_client_ip() {
        let r = Received::parse(
            "from [203.0.113.5] (helo=[198.51.100.25]) by mx.example.net with esmtp (Exim 4.96) id 1abc-0001-XY",
        )
        .unwrap();
        assert_eq!(r.client_ip, ip("203.0.113.5"));
        assert_eq!(r.from_helo.as_deref(), Some("[198.51.100.25]"));
    }

    #[test]
    fn helo_carrying_a_fake_tcp_info_is_ambiguous() {
        for helo in [
            "x (unknown [198.51.100.25])",
            "x(unknown [198.51.100.25])",
            "[198.51.100.25] (helo=y)",
            "x (198.51.100.25)",
        ] {
            let field = format!(
                "from {helo} (unknown [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id A1; Mon, 2 Mar 2026 10:00:00 +0000"
            );
            assert!(
                matches!(
                    Received::parse(&field),
                    Err(ReceivedError::AmbiguousClientAddress { .. })
                ),
                "{field}"
            );
        }
    }

    #[test]
    fn helo_carrying_clauses_or_delimiters_is_refused() {
        let cases: [(&str, ReceivedError); 5] = [
            (
                "x by mx.evil.example",
                ReceivedError::RepeatedClause { clause: "by" },
            ),
            (
                "x (",
                ReceivedError::Unclosed {
                    delimiter: '(',
                    position: 7,
                },
            ),
            ("x)", ReceivedError::UnbalancedParenthesis { position: 6 }),
            (
                "x [",
                ReceivedError::Unclosed {
                    delimiter: '[',
                    position: 7,
                },
            ),
            (
                "[198.51.100.25",
                ReceivedError::Unclosed {
                    delimiter: '[',
                    position: 5,
                },
            ),
        ];
        for (helo, error) in cases {
            let field = format!("from {helo} (unknown [203.0.113.5]) by mx.example.net; date");
            assert_eq!(Received::parse(&field), Err(error), "{field}");
        }
    }

    #[test]
    fn quotes_and_angles_in_helo_swallow_nothing() {
        for helo in ["x\"", "x<", "<x", "\"x y"] {
            let field = format!(
                "from {helo} (unknown [203.0.113.5]) by mx.example.net (Postfix) with ESMTPS id A1 for <u@example.net>; Mon, 2 Mar 2026 10:00:00 +0000"
            );
            let r = Received::parse(&field).unwrap();
            assert_eq!(r.client_ip, ip("203.0.113.5"), "{field}");
            assert_eq!(r.by.as_deref(), Some("mx.example.net"), "{field}");
            assert_eq!(r.for_path.as_deref(), Some("u@example.net"), "{field}");
        }
    }

    #[test]
    fn semicolon_in_helo_of_a_field_without_date_hides_nothing() {
        let r = Received::parse("from x; (unknown [203.0.113.5]) by mx.example.net").unwrap();
        assert_eq!(r.by.as_deref(), Some("mx.example.net"));
        assert_eq!(r.client_ip, ip("203.0.113.5"));
        assert_eq!(r.date, None);
    }

    #[test]
    fn semicolon_in_helo_does_not_move_the_date() {
        let r = Received::parse(
            "from x;y (unknown [203.0.113.5]) by mx.example.net; Mon, 2 Mar 2026 10:00:00 +0000",
        )
        .unwrap();
        assert_eq!(r.client_ip, ip("203.0.113.5"));
        assert_eq!(r.by.as_deref(), Some("mx.example.net"));
        assert_eq!(r.date.as_deref(), Some("Mon, 2 Mar 2026 10:00:00 +0000"));
    }

    #[test]
    fn local_and_comment_only_fields() {
        let r = Received::parse(
            "by mail.example.org (Postfix, from userid 1000) id B6F49; Fri,  5 Jul 2024 10:10:52 +0200 (CEST)",
        )
        .unwrap();
        assert!(!r.records_client());
        assert_eq!(r.by.as_deref(), Some("mail.example.org"));
        assert_eq!(r.id.as_deref(), Some("B6F49"));
        assert_eq!(
            r.date.as_deref(),
            Some("Fri, 5 Jul 2024 10:10:52 +0200 (CEST)")
        );
        let r =
            Received::parse("(qmail 12345 invoked by uid 89); 2 Mar 2026 10:00:00 -0000").unwrap();
        assert!(!r.records_client());
        assert_eq!(r.by, None);
        assert_eq!(Received::parse("  \r\n "), Err(ReceivedError::Empty));
        assert_eq!(Received::parse("just words"), Err(ReceivedError::NoClauses));
        let long = "x".repeat(MAX_RECEIVED_LEN + 1);
        assert_eq!(
            Received::parse(&long),
            Err(ReceivedError::TooLong {
                limit: MAX_RECEIVED_LEN
            })
        );
    }

    #[test]
    fn errors_display_on_one_line() {
        let errors = [
            ReceivedError::Empty,
            ReceivedError::TooLong { limit: 1 },
            ReceivedError::UnbalancedParenthesis { position: 3 },
            ReceivedError::Unclosed {
                delimiter: '(',
                position: 3,
            },
            ReceivedError::RepeatedClause { clause: "by" },
            ReceivedError::AmbiguousClientAddress {
                first: "192.0.2.1".parse().unwrap(),
                second: "192.0.2.2".parse().unwrap(),
            },
            ReceivedError::NoClauses,
        ];
        for e in errors {
            let text = e.to_string();
            assert!(!text.is_empty() && !text.contains('\n') && !text.ends_with('.'));
        }
    }
}
