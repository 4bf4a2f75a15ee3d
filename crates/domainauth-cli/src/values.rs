//! Parsers of option values. An IP address's mistake has a code of its
//! own, the same whichever command the option belongs to: clap reports a
//! value [`parse_ip`] refuses as a validation error carrying its typed
//! error, which [`crate::usage::clap_error`] turns into that code. Options
//! with a fixed set of values tell clap the set ([`Listed`]), so the
//! completion scripts offer them.

use std::fmt;
use std::net::IpAddr;

use clap::builder::{PossibleValue, TypedValueParser};
use domainauth::diag::{Lang, ParseLangError};
use domainauth::dkim::{Canonicalization, ParseCanonicalizationError};
use domainauth::dmarc::{Mode, ParseModeError};
use domainauth::verify::{ParseProfileError, Profile};

/// A value that is not an IPv4 or IPv6 address (`invalid-ip`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidIp;

impl fmt::Display for InvalidIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an IPv4 or IPv6 address")
    }
}

impl std::error::Error for InvalidIp {}

/// An IP address option (`--ip` of verify, check and spf check): IPv4 or
/// IPv6 text, white space around it ignored.
pub fn parse_ip(value: &str) -> Result<IpAddr, InvalidIp> {
    // An IPv4-mapped IPv6 address (::ffff:192.0.2.1), as a dual-stack
    // server may log a client that came over IPv4, is that IPv4 address.
    value
        .trim()
        .parse::<IpAddr>()
        .map(|ip| ip.to_canonical())
        .map_err(|_| InvalidIp)
}

/// A value parser with a fixed set of values to offer: `parser` reads the
/// value (its errors, and so the error codes and messages, stay its own),
/// while clap learns `values` for the completion scripts and `--help`.
#[derive(Clone)]
pub struct Listed<P> {
    parser: P,
    values: Vec<&'static str>,
}

/// `parser`, offering `values` ([`Listed`]).
pub fn listed<P>(parser: P, values: impl IntoIterator<Item = &'static str>) -> Listed<P> {
    Listed {
        parser,
        values: values.into_iter().collect(),
    }
}

impl<P: TypedValueParser> TypedValueParser for Listed<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.parser.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|v| PossibleValue::new(*v))))
    }
}

/// A parser of text into `T`, refusing it with `E`.
type Parse<T, E> = fn(&str) -> Result<T, E>;

/// `--lang`: en or ja.
pub fn lang() -> Listed<Parse<Lang, ParseLangError>> {
    listed(|s: &str| s.parse(), Lang::ALL.iter().map(|l| l.tag()))
}

/// `--profile`: gmail-bulk, yahoo-bulk, docomo, and the aliases gmail and
/// yahoo (the same profiles), in `verify` and `check` alike.
pub fn profile() -> Listed<Parse<Profile, ParseProfileError>> {
    listed(
        |s: &str| s.parse(),
        Profile::ALL
            .iter()
            .flat_map(|p| std::iter::once(p.as_str()).chain(p.aliases().iter().copied())),
    )
}

/// `--dmarc-mode` and `--mode`: rfc9989 or rfc7489 (the aliases 9989,
/// dmarcbis, 7489 and legacy are read too, not offered).
pub fn mode() -> Listed<Parse<Mode, ParseModeError>> {
    listed(
        |s: &str| s.parse(),
        [Mode::Rfc9989, Mode::Rfc7489].map(Mode::as_str),
    )
}

/// `--canonicalization`: header/body, each simple or relaxed (RFC 6376
/// §3.5 c=; one word is the header's, the body's being simple).
pub fn canonicalization() -> Listed<Parse<Canonicalization, ParseCanonicalizationError>> {
    listed(
        |s: &str| s.parse(),
        [
            "relaxed/relaxed",
            "relaxed/simple",
            "simple/relaxed",
            "simple/simple",
            "relaxed",
            "simple",
        ],
    )
}

/// Checks a domain name an ARC option gives (`--domain` of `arc seal`,
/// `--trusted-sealer` of `verify`): a name `domainauth::dns` accepts,
/// made of letters, digits, `-` and `_` only (what `d=` may hold, RFC 6376
/// §3.5), not an IP address, and, unless `trailing_dot`, without the one
/// final dot a DNS name may end with (`d=` is written without it).
/// The value is named as given, escaped, never lowercased.
pub fn check_arc_domain(
    option: &'static str,
    value: &str,
    trailing_dot: bool,
) -> Result<(), crate::CliError> {
    let refuse = |code| {
        crate::CliError::usage(code)
            .param("option", option)
            .param("value", value)
    };
    domainauth::dns::check_domain_name(value).map_err(|e| {
        crate::CliError::usage("invalid-domain")
            .param("option", option)
            .param("value", value)
            .reason("error", &e)
    })?;
    let bare = value.strip_suffix('.').unwrap_or(value);
    if bare.parse::<IpAddr>().is_ok() {
        return Err(refuse("arc-domain-ip"));
    }
    if !bare
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return Err(refuse("arc-domain-chars"));
    }
    if !trailing_dot && bare.len() != value.len() {
        return Err(refuse("arc-domain-dot"));
    }
    Ok(())
}

/// Checks `--selector` (`dkim keygen`, `arc seal`): dot-separated labels
/// of letters, digits, `-` and `_` (RFC 6376 §3.1).
pub fn check_selector(value: &str) -> Result<(), crate::CliError> {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if value.is_empty() || value.len() > 253 || !value.split('.').all(label) {
        return Err(crate::CliError::usage("invalid-selector").param("value", value));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values offered are values the parser reads.
    #[test]
    fn every_offered_value_parses() {
        fn check<P: TypedValueParser>(parser: P) {
            let cmd = clap::Command::new("t");
            let values: Vec<PossibleValue> = parser.possible_values().unwrap().collect();
            assert!(values.len() >= 2);
            for v in values {
                let name = std::ffi::OsStr::new(v.get_name());
                assert!(parser.parse_ref(&cmd, None, name).is_ok(), "{name:?}");
            }
            assert!(
                parser
                    .parse_ref(&cmd, None, std::ffi::OsStr::new("zzz"))
                    .is_err()
            );
        }
        check(lang());
        check(profile());
        check(mode());
        check(canonicalization());
    }

    #[test]
    fn addresses_of_both_families_are_read() {
        assert_eq!(parse_ip(" 192.0.2.1 "), Ok("192.0.2.1".parse().unwrap()));
        assert_eq!(parse_ip("2001:db8::1"), Ok("2001:db8::1".parse().unwrap()));
        for bad in ["999", "", "192.0.2.1:25", "[2001:db8::1]", "example.com"] {
            assert_eq!(parse_ip(bad), Err(InvalidIp), "{bad}");
        }
    }

    #[test]
    fn arc_domains_are_names_as_given() {
        use domainauth::diag::Lang;
        let code =
            |v: &str, dot: bool| check_arc_domain("--domain", v, dot).err().map(|e| e.code());
        assert_eq!(code("lists.example", false), None);
        assert_eq!(code("lists.example.", true), None);
        assert_eq!(code("_arc.Lists-1.example", false), None);
        assert_eq!(code("lists.example.", false), Some("arc-domain-dot"));
        assert_eq!(code("lists.example..", true), Some("invalid-domain"));
        assert_eq!(code("x..", true), Some("invalid-domain"));
        assert_eq!(code("", true), Some("invalid-domain"));
        assert_eq!(code("192.0.2.1", true), Some("arc-domain-ip"));
        for bad in ["*.evil.example", "x .example", "a@x.example", "x\n.example"] {
            assert_eq!(code(bad, true), Some("arc-domain-chars"), "{bad:?}");
        }
        let e = check_arc_domain("--trusted-sealer", "Evil.Example\u{1b}.x", true).unwrap_err();
        let en = e.message(Lang::En);
        assert!(en.contains("\"Evil.Example\\x1b.x\""), "{en}");
        assert!(check_selector("arc-2026.a_b").is_ok());
        for bad in ["", "a b", "a..b", "a.", "é"] {
            assert_eq!(
                check_selector(bad).unwrap_err().code(),
                "invalid-selector",
                "{bad:?}"
            );
        }
    }
}
