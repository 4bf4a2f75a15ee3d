//! Choosing the DNS source from the command line: zone files (offline) or the network.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use domainauth::diag::{Lang, ui};
use domainauth::dns::{
    HickoryConfig, HickoryResolver, Resolver, ResolverUnreachable, UnreachableCause, ZoneResolver,
};

use crate::CliError;

/// Where DNS answers come from.
#[derive(Debug, Clone, Args)]
pub struct DnsArgs {
    /// Answer DNS queries from this RFC 1035 zone file instead of the network
    /// (repeatable; names not in any file do not exist). Use it to test
    /// records before publishing them.
    #[arg(long = "zone", value_name = "FILE")]
    pub zones: Vec<PathBuf>,
    /// Ask this DNS server (IP:PORT, UDP with TCP fallback) instead of the system resolver.
    #[arg(long, value_name = "IP:PORT", value_parser = parse_server, conflicts_with = "zones")]
    pub resolver: Option<SocketAddr>,
    /// Seconds to wait for each DNS answer (1 to 300).
    #[arg(long, value_name = "SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub timeout: u64,
}

fn parse_server(s: &str) -> Result<SocketAddr, String> {
    s.parse::<SocketAddr>()
        .or_else(|_| {
            s.parse::<std::net::IpAddr>()
                .map(|ip| SocketAddr::new(ip, 53))
        })
        .map_err(|_| format!("{s:?} is not IP:PORT (for example 127.0.0.1:5353)"))
}

impl DnsArgs {
    /// Builds the resolver these arguments ask for.
    pub fn build(&self) -> Result<Arc<dyn Resolver>, CliError> {
        if !self.zones.is_empty() {
            let mut zone = ZoneResolver::new();
            for path in &self.zones {
                zone.load_file(path)
                    .map_err(|e| CliError::failure("zone-file").reason("error", &e))?;
            }
            return Ok(Arc::new(zone));
        }
        let mut config = HickoryConfig::default();
        config.server = self.resolver;
        config.timeout = Duration::from_secs(self.timeout.max(1));
        let resolver = HickoryResolver::new(&config)
            .map_err(|e| CliError::failure("resolver-setup").reason("error", &e))?;
        Ok(Arc::new(resolver))
    }

    /// Stops the command when the resolver's servers answered nothing at
    /// all: every DNS failure was the resolver's, not a domain's, and the
    /// check could not run (exit 3). Call it after the command's lookups.
    pub fn reached(&self, resolver: &dyn Resolver) -> Result<(), CliError> {
        match resolver.unreachable() {
            Some(unreachable) => Err(CliError::resolver_unreachable(
                self.resolver.is_none(),
                &unreachable,
            )),
            None => Ok(()),
        }
    }

    /// Words for the output, in `lang`: which DNS source answered.
    pub fn describe(&self, lang: Lang) -> String {
        if !self.zones.is_empty() {
            let files: Vec<_> = self.zones.iter().map(|p| p.display().to_string()).collect();
            ui(lang, "ui-dns-zone", &[("files", &files.join(", "))])
        } else if let Some(server) = self.resolver {
            ui(lang, "ui-dns-server", &[("server", &server.to_string())])
        } else {
            ui(lang, "ui-dns-system", &[])
        }
    }
}

impl CliError {
    /// The resolver (`system`: the one of /etc/resolv.conf) answered no
    /// query at all: nothing could be checked (exit 3), and no domain is
    /// blamed.
    pub(crate) fn resolver_unreachable(system: bool, unreachable: &ResolverUnreachable) -> Self {
        let error = CliError::failure("resolver-unreachable")
            .param("source", if system { "system" } else { "given" })
            .param("servers", unreachable.servers_text());
        // Each cause with the value its sentence uses, and no other.
        match &unreachable.cause {
            UnreachableCause::Refused => error.param("cause", "refused"),
            UnreachableCause::Silent { waited_ms } => error.param("cause", "silent").param(
                "seconds",
                format!("{:.1}", *waited_ms as f64 / 1000.0)
                    .trim_end_matches(".0")
                    .to_string(),
            ),
            UnreachableCause::Network { reason } => {
                error.param("cause", "network").param("reason", reason)
            }
            other => error.param("cause", "network").param("reason", other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message names the servers and the cause, in English and in
    /// Japanese, for a server given with --resolver and for the system's.
    #[test]
    fn an_unreachable_resolver_is_named_in_both_languages() {
        let silent = ResolverUnreachable::new(
            vec![
                "192.0.2.53:53".parse().unwrap(),
                "[2001:db8::53]:53".parse().unwrap(),
            ],
            UnreachableCause::Silent { waited_ms: 2500 },
        );
        let given = CliError::resolver_unreachable(false, &silent).message(Lang::En);
        assert!(given.starts_with("the DNS server 192.0.2.53:53, [2001:db8::53]:53 did not answer any query within 2.5 s."), "{given}");
        let system = CliError::resolver_unreachable(true, &silent).message(Lang::En);
        assert!(
            system.starts_with(
                "the system resolver (192.0.2.53:53, [2001:db8::53]:53) did not answer"
            ),
            "{system}"
        );
        assert!(system.contains("/etc/resolv.conf"), "{system}");
        // Each cause carries the value its sentence uses, and no other.
        let keys = |cause: UnreachableCause| {
            let servers = vec!["192.0.2.53:53".parse().unwrap()];
            let e = CliError::resolver_unreachable(true, &ResolverUnreachable::new(servers, cause));
            let v = serde_json::to_value(e.json(Lang::En)).unwrap();
            let params = v["error"]["params"].as_object().unwrap().clone();
            assert!(params.values().all(|v| v != ""), "{v}");
            params.keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(
            keys(UnreachableCause::Refused),
            ["cause", "servers", "source"]
        );
        assert_eq!(
            keys(UnreachableCause::Silent { waited_ms: 2500 }),
            ["cause", "seconds", "servers", "source"]
        );
        assert_eq!(
            keys(UnreachableCause::Network {
                reason: "no route".into()
            }),
            ["cause", "reason", "servers", "source"]
        );
        let ja = CliError::resolver_unreachable(true, &silent).message(Lang::Ja);
        assert!(
            ja.starts_with(
                "システムのリゾルバー（192.0.2.53:53, [2001:db8::53]:53）は 2.5 秒以内に"
            ),
            "{ja}"
        );
    }
}
