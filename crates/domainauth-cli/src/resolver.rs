//! Choosing the DNS source from the command line: zone files (offline) or the network.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use domainauth::diag::{Lang, ui};
use domainauth::dns::{HickoryConfig, HickoryResolver, Resolver, ZoneResolver};

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
    /// Seconds to wait for each DNS answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
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
        let config = HickoryConfig {
            server: self.resolver,
            timeout: Duration::from_secs(self.timeout.max(1)),
            ..HickoryConfig::default()
        };
        let resolver = HickoryResolver::new(&config)
            .map_err(|e| CliError::failure("resolver-setup").reason("error", &e))?;
        Ok(Arc::new(resolver))
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
