//! `domainauth dkim verify|sign|keygen`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use domainauth::diag::{Finding, Lang, ui};
use domainauth::dkim::{
    Algorithm, Canonicalization, DkimResult, DkimVerifier, LengthPolicy, Sha1Policy,
    SignatureResult, Signer, SignerConfig, SigningKey, VerifyConfig, unsigned_finding,
};
use domainauth::mail::{Message, Preamble};

use crate::input::What;
use crate::json::dkim::{
    DkimKeygenDocument, DkimSignDocument, DkimVerifyDocument, SignatureDocument, SignedMessage,
};
use crate::json::{self, SchemaVersion};
use crate::output::{Cell, Text, Tone, findings_text, print_json, print_text, rows_text};
use crate::resolver::DnsArgs;
use crate::{CliError, Common, exit, now};

#[derive(Debug, Subcommand)]
pub enum DkimCommand {
    /// Verify every DKIM-Signature of a message and explain each result.
    ///
    /// A DKIM signature proves that the domain in d= took responsibility for
    /// the message and that the signed header fields and body did not change
    /// since. The public key is published in DNS at <s>._domainkey.<d>.
    ///
    /// Example (offline):
    ///   domainauth dkim verify message.eml --zone keys.zone
    #[command(after_help = crate::help::after_help())]
    Verify(VerifyArgs),
    /// Sign a message read from standard input; write it signed to standard output.
    ///
    /// The message is read whole, at most 64 MiB.
    ///
    /// Signs From (listed once more than it occurs, so an added From breaks
    /// the signature), Subject, Date, To, Cc, Message-ID, List-* and the MIME
    /// fields present (RFC 6376 §5.4.1). With --json, prints an object with
    /// the DKIM-Signature field ("signature") and the signed message
    /// ("message", or "message_base64" when it is not UTF-8) instead.
    ///
    /// Example:
    ///   domainauth dkim sign --key mmmg.private --selector mmmg --domain shop.example < in.eml > out.eml
    #[command(after_help = crate::help::after_help())]
    Sign(SignArgs),
    /// Generate a signing key and print the DNS record to publish.
    ///
    /// Writes the private key (PKCS#8 PEM, mode 0600) to <out>/<selector>.private
    /// and prints the TXT record as a zone-file line (strings of at most 255
    /// characters), as the plain value, and the name to publish it at.
    ///
    /// The key also seals: `arc seal --key <selector>.private` with the same
    /// --selector and --domain (the record serves both).
    ///
    /// Example:
    ///   domainauth dkim keygen --domain shop.example --selector mmmg --algorithm rsa-2048
    #[command(after_help = crate::help::after_help())]
    Keygen(KeygenArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The message file (RFC 5322, as saved from a mail client; "-" reads
    /// standard input), at most 64 MiB.
    #[arg(value_name = "MESSAGE")]
    message: PathBuf,
    /// Accept rsa-sha1 signatures (RFC 8301 forbids them; default: result "policy").
    #[arg(long)]
    accept_sha1: bool,
    /// Treat body content after an l= limit as a failure (default: a warning).
    #[arg(long)]
    fail_unsigned_tail: bool,
    /// Check t= and x= against this time (seconds since the epoch) instead of now.
    #[arg(long, value_name = "SECONDS")]
    now: Option<u64>,
    /// Do not check t= and x= at all.
    #[arg(long, conflicts_with = "now")]
    ignore_time: bool,
    /// Seconds of clock difference tolerated for t= in the future and x= in the past.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    clock_skew: u64,
    #[command(flatten)]
    dns: DnsArgs,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Private key file: PEM PKCS#8 or PKCS#1 (OpenDKIM's .private), or a base64 Ed25519 seed.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The selector (s=): the key is published at <selector>._domainkey.<domain>.
    #[arg(long)]
    selector: String,
    /// The signing domain (d=).
    #[arg(long)]
    domain: String,
    /// Canonicalization header/body.
    #[arg(long, default_value = "relaxed/relaxed", value_parser = crate::values::canonicalization())]
    canonicalization: Canonicalization,
    /// Header fields to sign, colon-separated (default: the RFC 6376 §5.4.1 set present in the message).
    #[arg(long, value_name = "NAMES")]
    headers: Option<String>,
    /// Signature lifetime in seconds, 1 or more: x= is t= plus this (RFC
    /// 6376 §3.5 requires x= later than t=).
    #[arg(long, value_name = "SECONDS", conflicts_with = "no_timestamp")]
    expire_after: Option<u64>,
    /// Leave out t= (the signing time).
    #[arg(long)]
    no_timestamp: bool,
    /// The AUID (i=), e.g. @news.shop.example.
    #[arg(long)]
    identity: Option<String>,
    /// Sign even if the key file can be read by other users.
    #[arg(long)]
    allow_readable_key: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyAlgorithm {
    /// RSA, 2048 bits (the usual choice; fits in one TXT record split in strings).
    #[value(name = "rsa-2048")]
    Rsa2048,
    /// RSA, 3072 bits.
    #[value(name = "rsa-3072")]
    Rsa3072,
    /// Ed25519 (RFC 8463); not yet verified by every receiver: pair it with an RSA signature.
    #[value(name = "ed25519")]
    Ed25519,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The signing domain.
    #[arg(long)]
    domain: String,
    /// The selector: any label, e.g. a date or the service name (mmmg, 2026a).
    #[arg(long)]
    selector: String,
    /// Key type and size.
    #[arg(long, value_enum, default_value_t = KeyAlgorithm::Rsa2048)]
    algorithm: KeyAlgorithm,
    /// Folder for <selector>.private.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
    /// Replace an existing key file (a symbolic link there is refused).
    #[arg(long)]
    force: bool,
}

pub async fn run(command: DkimCommand, common: &Common) -> Result<u8, CliError> {
    match command {
        DkimCommand::Verify(args) => verify(args, common).await,
        DkimCommand::Sign(args) => sign(args, common),
        DkimCommand::Keygen(args) => keygen(args, common),
    }
}

impl VerifyArgs {
    /// The verifier's settings these options ask for.
    fn config(&self) -> VerifyConfig {
        let mut config = VerifyConfig::default();
        config.sha1 = if self.accept_sha1 {
            Sha1Policy::Accept
        } else {
            Sha1Policy::Refuse
        };
        config.length = if self.fail_unsigned_tail {
            LengthPolicy::FailUnsignedTail
        } else {
            LengthPolicy::Honour
        };
        config.now = if self.ignore_time {
            None
        } else {
            Some(self.now.unwrap_or_else(now))
        };
        config.clock_skew = self.clock_skew;
        config
    }
}

async fn verify(args: VerifyArgs, common: &Common) -> Result<u8, CliError> {
    let raw = crate::input::read_message(&args.message)?;
    let message =
        Message::parse(&raw).map_err(|e| crate::input::not_a_message(&args.message, &e))?;
    let from_domain = message.from_domain();
    let resolver = args.dns.build()?;
    let verifier = DkimVerifier::with_config(resolver.clone(), args.config());
    let mut verification = verifier.begin(&message);
    verification.body(message.body());
    let results = verifier.finish(verification).await;
    args.dns.reached(&*resolver)?;
    // Notes on the message itself: text pasted above the header (a web
    // mail page) is skipped, say so; and no signature at all.
    let mut notes: Vec<Finding> = message
        .preamble()
        .map(Preamble::finding)
        .into_iter()
        .collect();
    if results.is_empty() {
        notes.push(unsigned_finding());
    }
    let lang = common.lang;
    let from_domain = from_domain.as_deref();
    let title = crate::input::message_name(lang, &args.message);
    if common.json {
        let own: Vec<Vec<Finding>> = results.iter().map(|r| r.findings(from_domain)).collect();
        print_json(&DkimVerifyDocument {
            schema_version: SchemaVersion,
            command: "dkim verify",
            message: args.message.display().to_string(),
            from_domain,
            dns: args.dns.describe(lang),
            signatures: results
                .iter()
                .zip(&own)
                .map(|(signature, own)| SignatureDocument {
                    signature,
                    findings: json::findings(lang, own),
                })
                .collect(),
            findings: json::findings(lang, &notes),
        })?;
    } else {
        let mut out = Text::from(format!(
            "{}\n\n",
            ui(
                lang,
                "ui-dkim-verify-title",
                &[("message", &title), ("dns", &args.dns.describe(lang))]
            )
        ));
        if !notes.is_empty() {
            out.push_text(findings_text(lang, &notes));
        }
        for (n, r) in results.iter().enumerate() {
            out.push_text(signature_text(lang, n + 1, r, from_domain));
        }
        print_text(&out, common.colour())?;
    }
    let all_pass = !results.is_empty() && results.iter().all(|r| r.result == DkimResult::Pass);
    Ok(if all_pass { exit::OK } else { exit::NOT_OK })
}

/// Signature number `n` as text: its result, its tags, its findings.
fn signature_text(lang: Lang, n: usize, r: &SignatureResult, from_domain: Option<&str>) -> Text {
    let dash = || Cell::label("—");
    let input = |v: &Option<String>| v.as_deref().map_or_else(dash, Cell::input);
    let mut out = Text::from(format!("{} {n} — ", ui(lang, "ui-signature", &[])));
    out.toned(Tone::of_result(r.result.as_str()), r.result.as_str());
    out.push('\n');
    let rows = vec![
        (Cell::label("d="), input(&r.domain)),
        (Cell::label("s="), input(&r.selector)),
        (
            Cell::label("a="),
            r.algorithm
                .map_or_else(dash, |a| Cell::label(a.to_string())),
        ),
        (
            Cell::label(ui(lang, "ui-key", &[])),
            r.key_bits.map_or_else(dash, |b| {
                Cell::label(ui(lang, "ui-key-bits", &[("bits", &b.to_string())]))
            }),
        ),
        (Cell::label("c="), input(&r.canonicalization)),
        (Cell::label("h="), Cell::input(&r.signed_headers.join(":"))),
    ];
    out.push_text(rows_text(rows));
    out.push('\n');
    out.push_text(findings_text(lang, &r.findings(from_domain)));
    out.push('\n');
    out
}

/// Refuses key files that are not regular files (a named pipe would block
/// the read, a device never end it) and, unless allowed, those others can
/// read. A key that cannot be read stops the command as a message file that
/// cannot be read does (exit 3), whatever the reason: missing, a pipe, too
/// large.
fn check_key_file(path: &Path, allow: bool) -> Result<(), CliError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        CliError::failure("read-key")
            .param("path", path.display())
            .reason("error", &e)
    })?;
    if !meta.is_file() {
        return Err(CliError::failure("key-not-a-file").param("path", path.display()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 && !allow {
            return Err(CliError::usage("key-readable")
                .param("path", path.display())
                .param("mode", format!("{:o}", mode & 0o777)));
        }
    }
    let _ = allow;
    Ok(())
}

/// Reads a private key file (`dkim sign`, `arc seal`): a regular file,
/// refused when others can read it (unless `allow`), then PEM PKCS#8 or
/// PKCS#1, or a base64 Ed25519 seed.
pub(crate) fn load_key(path: &Path, allow: bool) -> Result<SigningKey, CliError> {
    check_key_file(path, allow)?;
    let pem = crate::input::read_file(path, What::Key)?;
    let pem = String::from_utf8(pem).map_err(|_| {
        CliError::usage("key-invalid")
            .param("path", path.display())
            .reason(
                "error",
                &std::io::Error::from(std::io::ErrorKind::InvalidData),
            )
    })?;
    SigningKey::from_pem(&pem).map_err(|e| {
        CliError::usage("key-invalid")
            .param("path", path.display())
            .reason("error", &e)
    })
}

fn sign(args: SignArgs, common: &Common) -> Result<u8, CliError> {
    if args.expire_after == Some(0) {
        return Err(CliError::usage("expire-after-zero"));
    }
    let key = load_key(&args.key, args.allow_readable_key)?;
    check_domain_option(&args.domain)?;
    let algorithm = key.algorithm();
    let mut config = SignerConfig::new(&args.domain, &args.selector);
    config.canonicalization = args.canonicalization;
    config.headers = args
        .headers
        .map(|h| h.split(':').map(|s| s.trim().to_string()).collect());
    config.timestamp = (!args.no_timestamp).then(now);
    config.expire_after = args.expire_after;
    config.identity = args.identity;
    let input = crate::input::read_stdin(What::Message)?;
    let field = Signer::new(key, config)
        .sign_message(&input)
        .map_err(|e| CliError::usage("sign-failed").reason("error", &e))?;
    // The field takes the message's own line ends.
    let crlf = input.windows(2).any(|w| w == b"\r\n");
    let field = if crlf {
        format!("{field}\r\n")
    } else {
        format!("{}\n", field.replace("\r\n", "\n"))
    };
    let mut signed = field.clone().into_bytes();
    signed.extend_from_slice(&input);
    if common.json {
        let message = SignedMessage::new(signed);
        print_json(&DkimSignDocument {
            schema_version: SchemaVersion,
            command: "dkim sign",
            domain: &args.domain,
            selector: &args.selector,
            algorithm,
            signature: field.trim_end(),
            message,
        })?;
        return Ok(exit::OK);
    }
    crate::output::write_stdout(&signed)?;
    Ok(exit::OK)
}

/// Checks `--domain` (the d= of a signature or key).
pub(crate) fn check_domain_option(domain: &str) -> Result<(), CliError> {
    domainauth::dns::check_domain_name(domain).map_err(|e| {
        CliError::usage("invalid-domain")
            .param("option", "--domain")
            .param("value", domain)
            .reason("error", &e)
    })
}

/// Splits a TXT value into quoted strings of at most 255 characters.
fn zone_strings(value: &str) -> String {
    value
        .as_bytes()
        .chunks(255)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn keygen(args: KeygenArgs, common: &Common) -> Result<u8, CliError> {
    check_domain_option(&args.domain)?;
    crate::values::check_selector(&args.selector)?;
    let (alg, bits) = match args.algorithm {
        KeyAlgorithm::Rsa2048 => (Algorithm::RsaSha256, 2048),
        KeyAlgorithm::Rsa3072 => (Algorithm::RsaSha256, 3072),
        KeyAlgorithm::Ed25519 => (Algorithm::Ed25519Sha256, 0),
    };
    let failed = |e: domainauth::dkim::PrivateKeyError| {
        CliError::failure("keygen-failed").reason("error", &e)
    };
    let path = args.out.join(format!("{}.private", args.selector));
    // Before the (slow) generation; writing checks again, atomically.
    if !args.force && std::fs::symlink_metadata(&path).is_ok() {
        return Err(CliError::usage("key-exists").param("path", path.display()));
    }
    let key = SigningKey::generate(alg, bits).map_err(failed)?;
    let pem = key.to_pkcs8_pem().map_err(failed)?;
    let record = key.key_record().map_err(failed)?;
    write_private(&path, &pem, args.force)?;
    let name = format!(
        "{}._domainkey.{}",
        args.selector,
        args.domain.trim_end_matches('.')
    );
    let zone_line = format!(
        "{}._domainkey\tIN\tTXT\t( {} )",
        args.selector,
        zone_strings(&record)
    );
    if common.json {
        print_json(&DkimKeygenDocument {
            schema_version: SchemaVersion,
            command: "dkim keygen",
            private_key: path.display().to_string(),
            algorithm: alg,
            bits: key.bits(),
            name: &name,
            txt: &record,
            zone_line: &zone_line,
        })?;
    } else {
        let lang = common.lang;
        let written = ui(
            lang,
            "ui-keygen-written",
            &[
                ("path", &path.display().to_string()),
                ("bits", &key.bits().to_string()),
                ("algorithm", alg.as_str()),
            ],
        );
        let name = crate::output::term(&name);
        print_text(
            &Text::from(format!(
                "{written}\n\n{}\n  {name}\n\n{}\n  {record}\n\n{}\n  $ORIGIN {}.\n  {zone_line}\n\n",
                ui(lang, "ui-keygen-name", &[]),
                ui(lang, "ui-keygen-value", &[]),
                ui(lang, "ui-keygen-zone", &[]),
                crate::output::term(args.domain.trim_end_matches('.'))
            )),
            common.colour(),
        )?;
    }
    Ok(exit::OK)
}

/// Writes the private key to `path`, readable by its owner only (0600).
/// Without `force` the file must not exist: it is created exclusively, so
/// neither a file nor a symbolic link there (even one pointing nowhere) is
/// written through. With `force` a regular file is replaced, never a link
/// ([`crate::files::write_replacing`]).
fn write_private(path: &Path, pem: &str, force: bool) -> Result<(), CliError> {
    const OWNER_ONLY: u32 = 0o600;
    if force {
        return crate::files::write_replacing(path, pem.as_bytes(), OWNER_ONLY);
    }
    crate::files::write_new(path, pem.as_bytes(), OWNER_ONLY).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::usage("key-exists").param("path", path.display())
        } else {
            CliError::failure("write-file")
                .param("path", path.display())
                .reason("error", &e)
        }
    })
}
