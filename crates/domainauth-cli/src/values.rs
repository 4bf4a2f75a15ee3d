//! Parsers of option values whose mistakes have a code of their own, the
//! same whichever command the option belongs to: clap reports a value
//! they refuse as a validation error carrying their typed error, which
//! [`crate::usage::clap_error`] turns into that code.

use std::fmt;
use std::net::IpAddr;

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
    value.trim().parse().map_err(|_| InvalidIp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_both_families_are_read() {
        assert_eq!(parse_ip(" 192.0.2.1 "), Ok("192.0.2.1".parse().unwrap()));
        assert_eq!(parse_ip("2001:db8::1"), Ok("2001:db8::1".parse().unwrap()));
        for bad in ["999", "", "192.0.2.1:25", "[2001:db8::1]", "example.com"] {
            assert_eq!(parse_ip(bad), Err(InvalidIp), "{bad}");
        }
    }
}
