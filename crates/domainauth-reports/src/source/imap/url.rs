//! `imaps://user@host[:port]/MAILBOX` and `imap://…`: where to read reports.
//!
//! The form is RFC 5092's IMAP URL restricted to a mailbox: an
//! `iserver` (user, host, port) and an `enc-mailbox`, percent-encoded UTF-8
//! (RFC 5092 §6, RFC 3986 §2.1). `imaps` is IMAP over implicit TLS on
//! port 993 (RFC 8314 §3.3); `imap` is port 143 with STARTTLS, which this
//! crate requires (RFC 8314 §3.1; RFC 3501 §6.2.1): it never logs in
//! without TLS. A password never belongs in the URL, and
//! `;AUTH=`, `;UIDVALIDITY=`, `/;UID=`, `?search` and `#fragment` are
//! refused rather than ignored.

use std::fmt;

use domainauth::escape::escape_controls;
use thiserror::Error;

use crate::explain::Explain;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Security {
    /// `imaps://`: TLS from the first byte (RFC 8314 §3.3), port 993.
    ImplicitTls,
    /// `imap://`: a plaintext connection upgraded with STARTTLS
    /// (RFC 3501 §6.2.1) before anything else, port 143. A server that
    /// does not offer STARTTLS is refused.
    StartTls,
}

impl Security {
    /// The port of the scheme: 993 or 143 (RFC 8314 §7.3, RFC 3501 §2.1).
    pub fn default_port(self) -> u16 {
        match self {
            Self::ImplicitTls => 993,
            Self::StartTls => 143,
        }
    }

    /// `imaps` or `imap`.
    pub fn scheme(self) -> &'static str {
        match self {
            Self::ImplicitTls => "imaps",
            Self::StartTls => "imap",
        }
    }
}

/// A mailbox on an IMAP server, as `imaps://user@host[:port]/MAILBOX`.
///
/// ```
/// use domainauth_reports::source::imap::{ImapUrl, Security};
/// let url: ImapUrl = "imaps://dmarc%40example.com@imap.example.com/Reports%2FDMARC".parse()?;
/// assert_eq!(url.user, "dmarc@example.com");
/// assert_eq!(url.host, "imap.example.com");
/// assert_eq!(url.port, 993);
/// assert_eq!(url.mailbox, "Reports/DMARC");
/// assert_eq!(url.security, Security::ImplicitTls);
/// // A password in the URL is refused, with the reason.
/// assert!("imaps://me:secret@imap.example.com/INBOX".parse::<ImapUrl>().is_err());
/// # Ok::<(), domainauth_reports::source::imap::UrlError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ImapUrl {
    /// Implicit TLS or STARTTLS.
    pub security: Security,
    /// The login name, percent-decoded.
    pub user: String,
    /// The host name or IP address (an IPv6 address without brackets).
    pub host: String,
    /// The port (the scheme's default when the URL has none).
    pub port: u16,
    /// The mailbox, percent-decoded UTF-8; `INBOX` when the URL has no
    /// path.
    pub mailbox: String,
}

impl ImapUrl {
    /// Parses an `imaps://` or `imap://` URL (see the [type](ImapUrl)).
    pub fn parse(url: &str) -> Result<Self, UrlError> {
        let (scheme, rest) = url.split_once("://").ok_or(UrlError::Syntax)?;
        let security = match scheme.to_ascii_lowercase().as_str() {
            "imaps" => Security::ImplicitTls,
            "imap" => Security::StartTls,
            _ => {
                return Err(UrlError::Scheme {
                    scheme: scheme.to_string(),
                });
            }
        };
        if let Some(at) = rest.find('#') {
            return Err(UrlError::Unsupported {
                part: rest[at..].to_string(),
            });
        }
        if let Some(at) = rest.find('?') {
            return Err(UrlError::Unsupported {
                part: rest[at..].to_string(),
            });
        }
        let (authority, path) = match rest.find('/') {
            Some(slash) => (&rest[..slash], &rest[slash + 1..]),
            None => (rest, ""),
        };
        // The user information ends at the last "@" (RFC 3986 §3.2.1: an
        // "@" inside it is percent-encoded, but a bare one in the user
        // name is a common mistake that must not shift the host).
        let (userinfo, hostport) = authority.rsplit_once('@').ok_or(UrlError::NoUser)?;
        if userinfo.contains(':') {
            return Err(UrlError::Password);
        }
        if let Some(at) = userinfo.find(';') {
            return Err(UrlError::Unsupported {
                part: userinfo[at..].to_string(),
            });
        }
        let user = decode(userinfo, Part::User)?;
        if user.is_empty() {
            return Err(UrlError::NoUser);
        }
        let (host, port) = split_host_port(hostport)?;
        let port = match port {
            None => security.default_port(),
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|&n| n != 0 && p.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| UrlError::Port {
                    port: p.to_string(),
                })?,
        };
        if let Some(at) = path.find(';') {
            return Err(UrlError::Unsupported {
                part: path[at..].to_string(),
            });
        }
        let mailbox = match path.strip_suffix('/').unwrap_or(path) {
            "" => "INBOX".to_string(),
            p => decode(p, Part::Mailbox)?,
        };
        Ok(Self {
            security,
            user,
            host,
            port,
            mailbox,
        })
    }

    /// The URL of one message of this mailbox (RFC 5092 §5:
    /// `…/MAILBOX;UIDVALIDITY=v/;UID=u`), to name where a report came from.
    ///
    /// ```
    /// use domainauth_reports::source::imap::ImapUrl;
    /// let url: ImapUrl = "imaps://dmarc@imap.example.com/INBOX".parse()?;
    /// assert_eq!(url.message_url(1796028619, 42),
    ///     "imaps://dmarc@imap.example.com/INBOX;UIDVALIDITY=1796028619/;UID=42");
    /// # Ok::<(), domainauth_reports::source::imap::UrlError>(())
    /// ```
    pub fn message_url(&self, uid_validity: u32, uid: u32) -> String {
        format!("{self};UIDVALIDITY={uid_validity}/;UID={uid}")
    }
}

impl std::str::FromStr for ImapUrl {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// The URL again, percent-encoding what needs it; never a password.
impl fmt::Display for ImapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        write!(
            f,
            "{}://{}@{}",
            self.security.scheme(),
            encode(&self.user, false),
            host
        )?;
        if self.port != self.security.default_port() {
            write!(f, ":{}", self.port)?;
        }
        write!(f, "/{}", encode(&self.mailbox, true))
    }
}

/// Which part of the URL a decoding error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// The user name.
    User,
    /// The mailbox.
    Mailbox,
}

impl Part {
    /// `user` or `mailbox` (the catalog selects its words on it).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Mailbox => "mailbox",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::User => "user name",
            Self::Mailbox => "mailbox name",
        }
    }
}

/// Why an IMAP URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum UrlError {
    /// No `scheme://`.
    #[error("not an IMAP URL (imaps://user@host/MAILBOX)")]
    Syntax,
    /// A scheme other than `imaps` or `imap`.
    #[error(
        "the IMAP URL scheme must be imaps (TLS) or imap (STARTTLS), not {}",
        escape_controls(scheme)
    )]
    Scheme {
        /// The scheme given.
        scheme: String,
    },
    /// The URL holds a password (`user:password@`).
    #[error(
        "the IMAP URL holds a password; give it in an environment variable or a file, \
         where shell history and process lists do not show it"
    )]
    Password,
    /// No user name before `@`.
    #[error("the IMAP URL has no user name (imaps://user@host/MAILBOX)")]
    NoUser,
    /// No host, or a host with characters a host name cannot hold.
    #[error("the IMAP URL has no valid host name: {}", escape_controls(host))]
    Host {
        /// The host part as given.
        host: String,
    },
    /// A port that is not a number from 1 to 65535.
    #[error(
        "the IMAP URL port {} is not a number from 1 to 65535",
        escape_controls(port)
    )]
    Port {
        /// The port as given.
        port: String,
    },
    /// A `%` not followed by two hexadecimal digits.
    #[error("the {} in the IMAP URL has an invalid percent-encoding at byte {offset}", part.words())]
    Percent {
        /// The user name or the mailbox.
        part: Part,
        /// Byte offset of the `%` in that part.
        offset: usize,
    },
    /// The decoded bytes are not UTF-8.
    #[error("the {} in the IMAP URL is not UTF-8 once percent-decoded", part.words())]
    NotUtf8 {
        /// The user name or the mailbox.
        part: Part,
    },
    /// A control character (decoded), which IMAP cannot carry in a name.
    #[error("the {} in the IMAP URL holds a control character", part.words())]
    Control {
        /// The user name or the mailbox.
        part: Part,
    },
    /// An RFC 5092 part this source does not take: `;AUTH=`,
    /// `;UIDVALIDITY=`, `/;UID=`, `?search`, `#fragment`.
    #[error(
        "the IMAP URL part {} is not supported: name a mailbox only (imaps://user@host/MAILBOX)",
        escape_controls(part)
    )]
    Unsupported {
        /// The part, from its first character.
        part: String,
    },
}

impl Explain for UrlError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Syntax => "reports-imap-url-syntax",
            Self::Scheme { .. } => "reports-imap-url-scheme",
            Self::Password => "reports-imap-url-password",
            Self::NoUser => "reports-imap-url-no-user",
            Self::Host { .. } => "reports-imap-url-host",
            Self::Port { .. } => "reports-imap-url-port",
            Self::Percent { .. } => "reports-imap-url-percent",
            Self::NotUtf8 { .. } => "reports-imap-url-utf8",
            Self::Control { .. } => "reports-imap-url-control",
            Self::Unsupported { .. } => "reports-imap-url-unsupported",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Syntax | Self::Password | Self::NoUser => vec![],
            Self::Scheme { scheme } => vec![("scheme", scheme.clone())],
            Self::Host { host } => vec![("host", host.clone())],
            Self::Port { port } => vec![("port", port.clone())],
            Self::Percent { part, offset } => vec![
                ("part", part.as_str().to_string()),
                ("offset", offset.to_string()),
            ],
            Self::NotUtf8 { part } | Self::Control { part } => {
                vec![("part", part.as_str().to_string())]
            }
            Self::Unsupported { part } => vec![("part", part.clone())],
        }
    }
}

/// `host[:port]` or `[v6]:port`.
fn split_host_port(hostport: &str) -> Result<(String, Option<&str>), UrlError> {
    let bad = || UrlError::Host {
        host: hostport.to_string(),
    };
    if let Some(rest) = hostport.strip_prefix('[') {
        let (v6, after) = rest.split_once(']').ok_or_else(bad)?;
        v6.parse::<std::net::Ipv6Addr>().map_err(|_| bad())?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or_else(bad)?),
        };
        return Ok((v6.to_string(), port));
    }
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (hostport, None),
    };
    // RFC 3986 reg-name as DNS uses it: letters, digits, "-", "." and "_"
    // (seen in internal names); nothing that could smuggle a path or a
    // second host.
    let valid = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    if !valid {
        return Err(bad());
    }
    Ok((host.to_ascii_lowercase(), port))
}

/// Percent-decodes `text` (RFC 3986 §2.1) into UTF-8 without controls.
fn decode(text: &str, part: Part) -> Result<String, UrlError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(UrlError::Percent { part, offset: i })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| UrlError::NotUtf8 { part })?;
    if decoded.chars().any(char::is_control) {
        return Err(UrlError::Control { part });
    }
    Ok(decoded)
}

/// Percent-encodes what RFC 5092's `achar`/`bchar` do not allow (and `@`
/// in a user name, `%` everywhere); `/` stays in a mailbox (hierarchy).
fn encode(text: &str, mailbox: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b'&'
                    | b'='
            )
            || (mailbox && matches!(b, b':' | b'@' | b'/'));
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ImapUrl, UrlError> {
        ImapUrl::parse(s)
    }

    #[test]
    fn both_schemes_and_ports() {
        let u = parse("imaps://me@imap.example.com/INBOX").unwrap();
        assert_eq!(
            (u.security, u.port, u.host.as_str()),
            (Security::ImplicitTls, 993, "imap.example.com")
        );
        let u = parse("imap://me@Imap.Example.COM:10143/Reports").unwrap();
        assert_eq!(
            (u.security, u.port, u.host.as_str(), u.mailbox.as_str()),
            (Security::StartTls, 10143, "imap.example.com", "Reports")
        );
        let u = parse("IMAPS://me@[::1]:9993").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 9993));
        assert_eq!(u.mailbox, "INBOX");
        assert_eq!(u.to_string(), "imaps://me@[::1]:9993/INBOX");
        let u = parse("imaps://me@127.0.0.1/").unwrap();
        assert_eq!(
            (u.host.as_str(), u.mailbox.as_str()),
            ("127.0.0.1", "INBOX")
        );
    }

    #[test]
    fn percent_decoding_of_user_and_mailbox() {
        let u =
            parse("imaps://dmarc%40example.jp@imap.example.jp/%E5%8F%B0%E5%8C%97/a%20b").unwrap();
        assert_eq!(u.user, "dmarc@example.jp");
        assert_eq!(u.mailbox, "台北/a b");
        // Displayed again, encoded; parsing the display gives the same URL.
        let shown = u.to_string();
        assert_eq!(
            shown,
            "imaps://dmarc%40example.jp@imap.example.jp/%E5%8F%B0%E5%8C%97/a%20b"
        );
        assert_eq!(parse(&shown).unwrap(), u);
        // A bare "@" in the user name: the host is after the last one.
        let u = parse("imaps://dmarc@example.jp@imap.example.jp/INBOX").unwrap();
        assert_eq!(
            (u.user.as_str(), u.host.as_str()),
            ("dmarc@example.jp", "imap.example.jp")
        );
    }

    #[test]
    fn bad_urls_are_typed() {
        assert_eq!(parse("imap.example.com"), Err(UrlError::Syntax));
        assert_eq!(
            parse("pop3s://me@h/INBOX"),
            Err(UrlError::Scheme {
                scheme: "pop3s".into()
            })
        );
        assert_eq!(parse("imaps://me:pw@h/INBOX"), Err(UrlError::Password));
        assert_eq!(parse("imaps://me:@h/INBOX"), Err(UrlError::Password));
        assert_eq!(parse("imaps://h/INBOX"), Err(UrlError::NoUser));
        assert_eq!(parse("imaps://@h/INBOX"), Err(UrlError::NoUser));
        assert!(matches!(
            parse("imaps://me@/INBOX"),
            Err(UrlError::Host { .. })
        ));
        assert!(matches!(
            parse("imaps://me@h\u{1b}x/INBOX"),
            Err(UrlError::Host { .. })
        ));
        assert!(matches!(
            parse("imaps://me@[::1/INBOX"),
            Err(UrlError::Host { .. })
        ));
        assert!(matches!(
            parse("imaps://me@[zz]/INBOX"),
            Err(UrlError::Host { .. })
        ));
        for port in ["0", "65536", "+5", "x", ""] {
            assert_eq!(
                parse(&format!("imaps://me@h:{port}/INBOX")),
                Err(UrlError::Port { port: port.into() }),
                "{port}"
            );
        }
        assert_eq!(
            parse("imaps://me@h/IN%zzBOX"),
            Err(UrlError::Percent {
                part: Part::Mailbox,
                offset: 2
            })
        );
        assert_eq!(
            parse("imaps://m%4@h/INBOX"),
            Err(UrlError::Percent {
                part: Part::User,
                offset: 1
            })
        );
        assert_eq!(
            parse("imaps://me@h/%FF"),
            Err(UrlError::NotUtf8 {
                part: Part::Mailbox
            })
        );
        assert_eq!(
            parse("imaps://me@h/a%0Db"),
            Err(UrlError::Control {
                part: Part::Mailbox
            })
        );
        assert_eq!(
            parse("imaps://m%00e@h/"),
            Err(UrlError::Control { part: Part::User })
        );
        assert_eq!(
            parse("imaps://me;AUTH=*@h/INBOX"),
            Err(UrlError::Unsupported {
                part: ";AUTH=*".into()
            })
        );
        assert_eq!(
            parse("imaps://me@h/INBOX;UIDVALIDITY=3/;UID=7"),
            Err(UrlError::Unsupported {
                part: ";UIDVALIDITY=3/;UID=7".into()
            })
        );
        assert_eq!(
            parse("imaps://me@h/INBOX?SUBJECT%20x"),
            Err(UrlError::Unsupported {
                part: "?SUBJECT%20x".into()
            })
        );
        assert_eq!(
            parse("imaps://me@h/INBOX#x"),
            Err(UrlError::Unsupported { part: "#x".into() })
        );
    }

    #[test]
    fn the_password_error_never_shows_the_password() {
        let e = parse("imaps://me:hunter2@h/INBOX").unwrap_err();
        assert!(!e.to_string().contains("hunter2"));
        assert!(e.args().iter().all(|(_, v)| !v.contains("hunter2")));
    }
}
