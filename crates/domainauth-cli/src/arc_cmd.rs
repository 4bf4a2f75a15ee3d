//! `domainauth arc verify|seal`.

use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use clap::{Args, Subcommand};
use domainauth::arc::{ChainStatus, Sealer, SealerConfig, Verifier};
use domainauth::authres::parse as parse_authres;
use domainauth::diag::ui;
use domainauth::dkim::{DkimVerifier, VerifyConfig};
use domainauth::mail::Message;

use crate::json::arc::{ArcSealDocument, ArcVerifyDocument};
use crate::json::dkim::SignedMessage;
use crate::json::{self, SchemaVersion};
use crate::output::{Text, findings_text, print_json, print_text};
use crate::resolver::DnsArgs;
use crate::{CliError, Common, exit, now};

#[derive(Debug, Subcommand)]
pub enum ArcCommand {
    /// Validate a message's ARC chain and show it hop by hop.
    ///
    /// Each forwarder or mailing list that handles a message can add an ARC
    /// set: what it verified when the message reached it
    /// (ARC-Authentication-Results), a signature over the message as it
    /// passed it on (ARC-Message-Signature) and a seal over the sets so far
    /// (ARC-Seal). A chain that validates proves only who sealed it: what
    /// a hop recorded counts for a receiver that trusts that sealer
    /// (`domainauth verify --trusted-sealer`).
    ///
    /// Exit status: 0 when the chain validates, 1 when it is broken or the
    /// message has no ARC set, 2 on bad arguments, 3 when it could not run.
    ///
    /// Example (offline, the bundled S5 scenario with ARC):
    ///   domainauth arc verify examples/s5-arc/message.eml --zone examples/s5-arc/university.example.zone --zone examples/s5-arc/lists.example.zone
    #[command(after_help = crate::help::after_help())]
    Verify(VerifyArgs),
    /// Seal a message: add this hop's ARC set and write the message to standard output.
    ///
    /// The chain as received is validated first (its status is the cv= of
    /// the new seal); the ARC-Authentication-Results records --results, or
    /// else the message's own Authentication-Results field of
    /// --authserv-id. Signs with relaxed/relaxed canonicalization, RSA or
    /// Ed25519 (the key decides). The message is read whole, at most 64 MiB.
    /// With --json, prints an object with the set ("set") and the sealed
    /// message ("message", or "message_base64" when it is not UTF-8).
    ///
    /// Example:
    ///   domainauth arc seal --key arc.private --selector arc2026 --domain lists.example --authserv-id mail.lists.example --results "spf=pass smtp.mailfrom=example.org" in.eml > out.eml
    #[command(after_help = crate::help::after_help())]
    Seal(SealArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The message file (RFC 5322, as saved from a mail client; "-" reads
    /// standard input), at most 64 MiB.
    #[arg(value_name = "MESSAGE")]
    message: PathBuf,
    /// Check t= and x= against this time (seconds since the epoch) instead of now.
    #[arg(long, value_name = "SECONDS")]
    now: Option<u64>,
    #[command(flatten)]
    dns: DnsArgs,
}

#[derive(Debug, Args)]
pub struct SealArgs {
    /// The message file ("-" or nothing reads standard input), at most 64 MiB.
    #[arg(value_name = "MESSAGE", default_value = "-")]
    message: PathBuf,
    /// Private key file: PEM PKCS#8 or PKCS#1 (OpenDKIM's .private), or a base64 Ed25519 seed.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The selector (s=): the key is published at <selector>._domainkey.<domain>.
    #[arg(long)]
    selector: String,
    /// The sealing domain (d=): who vouches for this hop.
    #[arg(long)]
    domain: String,
    /// This hop's authserv-id (RFC 8601 §2.5), e.g. mx.lists.example.
    #[arg(long, value_name = "ID")]
    authserv_id: String,
    /// What this hop verified, as Authentication-Results writes it after the
    /// authserv-id, e.g. "spf=pass smtp.mailfrom=example.org; dkim=pass
    /// header.d=example.org; dmarc=pass header.from=example.org". Default:
    /// the results of the message's Authentication-Results field of
    /// --authserv-id.
    #[arg(long, value_name = "RESULTS")]
    results: Option<String>,
    /// Seal even if the key file can be read by other users.
    #[arg(long)]
    allow_readable_key: bool,
    /// Leave out t= (the sealing time).
    #[arg(long)]
    no_timestamp: bool,
    /// Check the chain's t= and x= against this time (seconds since the
    /// epoch) instead of now, and write it as t=.
    #[arg(long, value_name = "SECONDS")]
    now: Option<u64>,
    #[command(flatten)]
    dns: DnsArgs,
}

pub async fn run(command: ArcCommand, common: &Common) -> Result<u8, CliError> {
    match command {
        ArcCommand::Verify(args) => verify(args, common).await,
        ArcCommand::Seal(args) => seal(args, common).await,
    }
}

/// A chain verifier with the DKIM key rules, checking times against `now`.
fn verifier<R: domainauth::dns::Resolver>(resolver: R, now: u64) -> Verifier<R> {
    let mut config = VerifyConfig::default();
    config.now = Some(now);
    Verifier::from_dkim(DkimVerifier::with_config(resolver, config))
}

async fn verify(args: VerifyArgs, common: &Common) -> Result<u8, CliError> {
    let raw = crate::input::read_message(&args.message)?;
    let message =
        Message::parse(&raw).map_err(|e| crate::input::not_a_message(&args.message, &e))?;
    let resolver = args.dns.build()?;
    let verifier = verifier(resolver.clone(), args.now.unwrap_or_else(now));
    let mut validation = verifier.begin(&message);
    validation.body(message.body());
    let chain = verifier.finish(validation).await;
    args.dns.reached(&*resolver)?;
    let lang = common.lang;
    let findings = chain.findings();
    if common.json {
        print_json(&ArcVerifyDocument {
            schema_version: SchemaVersion,
            command: "arc verify",
            message: args.message.display().to_string(),
            dns: args.dns.describe(lang),
            chain: &chain,
            findings: json::findings(lang, &findings),
        })?;
    } else {
        let mut out = Text::from(format!(
            "{}\n\n",
            ui(
                lang,
                "ui-arc-verify-title",
                &[
                    ("message", &crate::input::message_name(lang, &args.message)),
                    ("dns", &args.dns.describe(lang))
                ]
            )
        ));
        if chain.status == ChainStatus::None {
            out.push_str(&format!("{}\n", ui(lang, "ui-arc-none", &[])));
        } else {
            out.push_text(findings_text(lang, &findings));
        }
        print_text(&out, common.colour())?;
    }
    Ok(if chain.status == ChainStatus::Pass {
        exit::OK
    } else {
        exit::NOT_OK
    })
}

/// The results of the topmost Authentication-Results field written by
/// `authserv_id`, as they follow the authserv-id.
fn own_results(message: &Message<'_>, authserv_id: &str) -> Option<String> {
    message
        .fields()
        .filter(|f| f.name.eq_ignore_ascii_case("authentication-results"))
        .filter_map(|f| parse_authres(&String::from_utf8_lossy(f.value)).ok())
        .find(|ar| ar.authserv_id.eq_ignore_ascii_case(authserv_id))
        .and_then(|ar| {
            ar.to_value()
                .split_once(';')
                .map(|(_, results)| results.trim().to_string())
        })
}

async fn seal(args: SealArgs, common: &Common) -> Result<u8, CliError> {
    let key = crate::dkim_cmd::load_key(&args.key, args.allow_readable_key)?;
    crate::dkim_cmd::check_domain_option(&args.domain)?;
    let input = crate::input::read_message(&args.message)?;
    let message =
        Message::parse(&input).map_err(|e| crate::input::not_a_message(&args.message, &e))?;
    let results = match &args.results {
        Some(r) => r.clone(),
        None => own_results(&message, &args.authserv_id).ok_or_else(|| {
            CliError::usage("arc-no-results").param("authserv", &args.authserv_id)
        })?,
    };
    let now = args.now.unwrap_or_else(now);
    let resolver = args.dns.build()?;
    let verifier = verifier(resolver.clone(), now);
    let mut validation = verifier.begin(&message);
    validation.body(message.body());
    let chain = verifier.finish(validation).await;
    args.dns.reached(&*resolver)?;
    let algorithm = key.algorithm();
    let mut config = SealerConfig::new(&args.domain, &args.selector);
    config.timestamp = (!args.no_timestamp).then_some(now);
    let set = Sealer::new(key, config)
        .seal_message(&input, chain.status, &args.authserv_id, &results)
        .map_err(|e| CliError::usage("seal-failed").reason("error", &e))?;
    // The fields take the message's own line ends.
    let block = set.header_block();
    let crlf = input.windows(2).any(|w| w == b"\r\n");
    let block = if crlf {
        block
    } else {
        block.replace("\r\n", "\n")
    };
    let mut sealed = block.clone().into_bytes();
    sealed.extend_from_slice(&input);
    if common.json {
        let message = match String::from_utf8(sealed) {
            Ok(message) => SignedMessage::Text { message },
            Err(e) => SignedMessage::Base64 {
                message_base64: STANDARD.encode(e.as_bytes()),
            },
        };
        print_json(&ArcSealDocument {
            schema_version: SchemaVersion,
            command: "arc seal",
            domain: &args.domain,
            selector: &args.selector,
            algorithm,
            instance: set.instance,
            cv: set.cv,
            set: block.trim_end(),
            message,
        })?;
        return Ok(exit::OK);
    }
    crate::output::write_stdout(&sealed)?;
    Ok(exit::OK)
}
