//! `domainauth arc verify|seal`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use domainauth::arc::{
    ChainFailure, ChainProblem, ChainStatus, SealError, Sealer, SealerConfig, Verifier,
};
use domainauth::authres::{AuthResults, MethodResult, parse as parse_authres};
use domainauth::diag::{AsReason as _, Lang, Reason, ui};
use domainauth::dkim::{DkimVerifier, VerifyConfig};
use domainauth::mail::Message;
use domainauth::verify::trusted_block_len;

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
    /// the new seal; --cv gives it instead when you changed the message
    /// after receiving it). A seal that says cv=fail is written with a
    /// warning naming why; a chain whose newest seal already says cv=fail
    /// is not extended unless --cv is given. The
    /// ARC-Authentication-Results records --results, or else the results
    /// of the topmost Authentication-Results field of --authserv-id that
    /// your MTA added on receipt (above the next Received field): remove
    /// incoming fields that carry your own authserv-id (RFC 8601 §5), as
    /// a sender can plant one. Signs with relaxed/relaxed canonicalization,
    /// RSA or Ed25519 (the key decides; `dkim keygen` makes one). The
    /// message is read whole, at most 64 MiB. With --json, prints an object
    /// with the set ("set") and the sealed message ("message", or
    /// "message_base64" when it is not UTF-8).
    ///
    /// Exit status: 0 when sealed, 2 on bad arguments, 3 when the key or
    /// message cannot be read or the message cannot be sealed (50 sets
    /// already, or a chain already failed without --cv).
    ///
    /// Example (the key and zone line from `dkim keygen`):
    ///   domainauth dkim keygen --domain lists.example --selector arc2026 --algorithm ed25519
    ///   domainauth arc seal --key arc2026.private --selector arc2026 --domain lists.example --authserv-id mail.lists.example --results "spf=pass smtp.mailfrom=example.org" in.eml > out.eml
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
    /// The chain validation of the message as you received it, before
    /// your changes (a mailing list's Subject tag or footer breaks the
    /// newest ARC-Message-Signature, so the edited message no longer
    /// validates). Default: computed from MESSAGE.
    #[arg(long, value_enum, value_name = "STATUS")]
    cv: Option<CvArg>,
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

/// How many header fields, from the top, this hop's own MTA wrote on
/// receipt: the trusted block of `verify --trust-authserv-id` for
/// `authserv_id` (its `Received` and the fields up to the next one), or,
/// when no `Received` names that host, the fields above the first
/// `Received` (all of them when the message has none). Anything below was
/// already in the message when it arrived: the sender could have written it.
fn own_block_len(message: &Message<'_>, authserv_id: &str) -> usize {
    match trusted_block_len(message, &[authserv_id.to_string()]) {
        0 => message
            .fields()
            .position(|f| f.name.eq_ignore_ascii_case("received"))
            .unwrap_or(usize::MAX),
        n => n,
    }
}

/// The results of `ar` as the ARC-Authentication-Results records them:
/// what follows the authserv-id (its `i=` and version left out), `none`
/// when it has none; an error naming the first part that cannot be read.
fn results_text(ar: &AuthResults) -> Result<String, &Reason> {
    if let Some(skipped) = ar.skipped.first() {
        return Err(skipped);
    }
    if ar.results.is_empty() {
        return Ok("none".to_string());
    }
    Ok(ar
        .results
        .iter()
        .map(MethodResult::to_text)
        .collect::<Vec<_>>()
        .join("; "))
}

/// The results of the topmost Authentication-Results field of
/// `authserv_id` that this hop's MTA wrote ([`own_block_len`]).
fn own_results(message: &Message<'_>, authserv_id: &str) -> Result<String, CliError> {
    let block = own_block_len(message, authserv_id);
    let found = message
        .fields()
        .take(block)
        .filter(|f| f.name.eq_ignore_ascii_case("authentication-results"))
        .filter_map(|f| parse_authres(&String::from_utf8_lossy(f.value)).ok())
        .find(|ar| {
            // Host names compare without case and one final dot.
            let bare = |id: &str| id.strip_suffix('.').unwrap_or(id).to_ascii_lowercase();
            bare(&ar.authserv_id) == bare(authserv_id)
        })
        .ok_or_else(|| CliError::usage("arc-no-results").param("authserv", authserv_id))?;
    results_text(&found).map_err(|why| {
        CliError::usage("arc-own-results-unreadable")
            .param("authserv", authserv_id)
            .reason("error", why)
    })
}

/// Checks the `--results` text as the field will hold it, naming the first
/// part that cannot be read.
fn check_results(results: &str) -> Result<(), CliError> {
    // The sealer names a control character itself, with its position.
    if results.chars().any(char::is_control) {
        return Ok(());
    }
    let unreadable = || CliError::usage("arc-results-unreadable").param("value", results);
    // After a placeholder: the sealer checks the authserv-id itself.
    match parse_authres(&format!("x; {results}")) {
        Ok(ar) => match ar.skipped.first() {
            Some(why) => Err(unreadable().reason("error", why)),
            None => Ok(()),
        },
        Err(e) => Err(unreadable().reason("error", &e)),
    }
}

/// `--cv`: the chain validation of the message as this hop received it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CvArg {
    /// Every set validated.
    Pass,
    /// The chain was broken.
    Fail,
    /// The message had no ARC set.
    None,
}

impl From<CvArg> for ChainStatus {
    fn from(cv: CvArg) -> Self {
        match cv {
            CvArg::Pass => Self::Pass,
            CvArg::Fail => Self::Fail,
            CvArg::None => Self::None,
        }
    }
}

/// The warning printed when the seal written says cv=fail, with why.
fn cv_fail_warning(lang: Lang, failure: Option<&ChainFailure>) -> String {
    match failure {
        Some(f) => ui(
            lang,
            "ui-arc-seal-cv-fail",
            &[("why", &f.reason().render(lang))],
        ),
        None => ui(lang, "ui-arc-seal-cv-fail-given", &[]),
    }
}

async fn seal(args: SealArgs, common: &Common) -> Result<u8, CliError> {
    crate::values::check_arc_domain("--domain", &args.domain, false)?;
    crate::values::check_selector(&args.selector)?;
    let key = crate::dkim_cmd::load_key(&args.key, args.allow_readable_key)?;
    let input = crate::input::read_message(&args.message)?;
    let message =
        Message::parse(&input).map_err(|e| crate::input::not_a_message(&args.message, &e))?;
    let results = match &args.results {
        Some(r) => {
            check_results(r)?;
            r.clone()
        }
        None => own_results(&message, &args.authserv_id)?,
    };
    let now = args.now.unwrap_or_else(now);
    let (cv, failure) = match args.cv {
        // As the hop received the message, before its own changes.
        Some(cv) => (ChainStatus::from(cv), None),
        None => {
            let resolver = args.dns.build()?;
            let verifier = verifier(resolver.clone(), now);
            let mut validation = verifier.begin(&message);
            validation.body(message.body());
            let chain = verifier.finish(validation).await;
            args.dns.reached(&*resolver)?;
            // A chain a sealer already found broken is not extended
            // (RFC 8617 §5.1.2: no later hop can make it pass again).
            if chain
                .failure
                .as_ref()
                .is_some_and(|f| matches!(f.reason, ChainProblem::NewestSealFailed))
            {
                return Err(CliError::failure("arc-chain-failed"));
            }
            (chain.status, chain.failure)
        }
    };
    let algorithm = key.algorithm();
    let mut config = SealerConfig::new(&args.domain, &args.selector);
    config.timestamp = (!args.no_timestamp).then_some(now);
    let set = Sealer::new(key, config)
        .seal_message(&input, cv, &args.authserv_id, &results)
        .map_err(|e| match e {
            // The message, not the arguments: it cannot take another set.
            SealError::InstanceLimit { .. } => {
                CliError::failure("arc-instance-limit").reason("error", &e)
            }
            e => CliError::usage("seal-failed").reason("error", &e),
        })?;
    if set.cv == ChainStatus::Fail {
        crate::output::print_warning(&cv_fail_warning(common.lang, failure.as_ref()));
    }
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
        let message = SignedMessage::new(sealed);
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
