//! `domainauth verify`: a message's SPF, DKIM and DMARC verdict, explained.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use domainauth::diag::{Finding, Lang, ui};
use domainauth::dkim::Sha1Policy;
use domainauth::dmarc::{DmarcResult, Mode, Policy, PublicSuffixList, Sampling};
use domainauth::mail::Message;
use domainauth::spf::Envelope;
use domainauth::verify::{
    EnvelopeSource, MessageVerifier, Profile, ProfileReport, Verdict, VerifyOptions,
};

use crate::json::verify::VerifyDocument;
use crate::output::{
    Cell, Text, findings_lines, findings_text, print_json, print_text, table_text,
};
use crate::resolver::DnsArgs;
use crate::{CliError, Common, exit, now};

/// Arguments of `domainauth verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The message (RFC 5322 as saved from a mail client, or a "show
    /// original" paste; "-" reads standard input), at most 64 MiB.
    #[arg(value_name = "MESSAGE")]
    message: PathBuf,
    /// The SMTP client's IP address. Without it the envelope is read from the
    /// message's Received-SPF, Authentication-Results, Return-Path and Received fields.
    #[arg(long, value_name = "IP", value_parser = crate::values::parse_ip)]
    ip: Option<IpAddr>,
    /// The HELO/EHLO name the client gave (default: the MAIL FROM domain).
    #[arg(long, value_name = "HOST", requires = "ip")]
    helo: Option<String>,
    /// The envelope sender (MAIL FROM); "" or "<>" for a bounce.
    #[arg(long = "mail-from", value_name = "ADDR", requires = "ip")]
    mail_from: Option<String>,
    /// The authserv-id written in the Authentication-Results field (your receiving host).
    #[arg(long, value_name = "ID", default_value = "domainauth.localhost")]
    authserv_id: String,
    /// The receiver whose trace fields to believe when reading the envelope
    /// from the message (repeatable), e.g. mx.google.com: its topmost Received
    /// (`by` this host or one under it) gives the client IP and HELO, and only
    /// the Received-SPF (receiver=) and Authentication-Results (authserv-id)
    /// it wrote around that Received are read; anything below could be the
    /// sender's. See docs/SECURITY.md.
    #[arg(long = "trust-authserv-id", value_name = "ID")]
    trust_authserv_id: Vec<String>,
    /// An ARC sealer you trust (repeatable), e.g. your university's
    /// forwarding or a list server you know: the d= of its ARC-Seal. When
    /// DMARC fails, the ARC chain validates, the newest set (the hop that
    /// handed the message to you) was sealed by a trusted sealer, and a set
    /// in the unbroken run of trusted sealers ending there recorded an
    /// aligned pass (dmarc=pass, or SPF or DKIM passing for the From
    /// domain), local policy overrides the disposition (reported as
    /// trusted_forwarder); the DMARC result stays fail, and so does the
    /// exit status (1). Trusting a sealer means trusting everything it
    /// forwards. Without it, ARC is shown but changes nothing: anyone can
    /// seal. A domain name (one final dot allowed), no wildcard: each sealer
    /// is named exactly.
    #[arg(long = "trusted-sealer", value_name = "DOMAIN")]
    trusted_sealers: Vec<String>,
    /// Also check the message against a receiver's requirements (repeatable):
    /// gmail-bulk (or gmail), yahoo-bulk (or yahoo), docomo; check --profile
    /// takes the same names and checks what DNS shows of the same rules.
    #[arg(long = "profile", value_name = "NAME", value_parser = crate::values::profile())]
    profiles: Vec<Profile>,
    /// DMARC rules to follow: rfc9989 (DNS tree walk, default) or rfc7489 (Public Suffix List, pct).
    #[arg(long, value_name = "MODE", default_value = "rfc9989", value_parser = crate::values::mode())]
    dmarc_mode: Mode,
    /// A public_suffix_list.dat to use instead of the built-in copy (RFC
    /// 7489 mode and comparisons), at most 16 MiB.
    #[arg(long, value_name = "FILE")]
    psl: Option<PathBuf>,
    /// Make RFC 7489 pct sampling repeatable with this seed.
    #[arg(long, value_name = "N")]
    pct_seed: Option<u64>,
    /// Check DKIM t= and x= against this time (seconds since the epoch) instead of now.
    #[arg(long, value_name = "SECONDS")]
    now: Option<u64>,
    /// Accept rsa-sha1 DKIM signatures (RFC 8301 forbids them).
    #[arg(long)]
    accept_sha1: bool,
    #[command(flatten)]
    dns: DnsArgs,
}

/// The DMARC rules to follow, for the commands that take them as `--mode`.
#[derive(Debug, Args)]
pub struct DmarcRules {
    /// rfc9989 (DNS tree walk, default) or rfc7489 (Public Suffix List, pct).
    #[arg(long, value_name = "MODE", default_value = "rfc9989", value_parser = crate::values::mode())]
    pub mode: Mode,
    /// A public_suffix_list.dat to use instead of the built-in copy, at most 16 MiB.
    #[arg(long, value_name = "FILE")]
    pub psl: Option<PathBuf>,
}

/// Reads a Public Suffix List file for `--psl`.
pub fn load_psl(path: Option<&PathBuf>) -> Result<Arc<PublicSuffixList>, CliError> {
    match path {
        None => Ok(Arc::new(PublicSuffixList::builtin())),
        Some(p) => {
            let bytes = crate::input::read_file(p, crate::input::What::Psl)?;
            PublicSuffixList::from_bytes(&bytes)
                .map(Arc::new)
                .map_err(|e| {
                    CliError::usage("psl-invalid")
                        .param("path", p.display())
                        .reason("error", &e)
                })
        }
    }
}

fn yes_no(lang: Lang, v: Option<bool>) -> String {
    match v {
        Some(true) => ui(lang, "ui-yes", &[]),
        Some(false) => ui(lang, "ui-no", &[]),
        None => "—".to_string(),
    }
}

/// The verdict table: one row per method, auth result (in its colour) and
/// alignment, columns aligned by display width. Domains come from input
/// (the envelope, d= tags, the From field) and are escaped in their cells.
fn table(lang: Lang, v: &Verdict) -> Text {
    let dash = || Cell::label("—");
    let mut rows: Vec<Vec<Cell>> = vec![
        ["ui-method", "ui-auth", "ui-domain", "ui-aligned"]
            .iter()
            .map(|id| Cell::label(ui(lang, id, &[])))
            .collect(),
    ];
    rows.extend(domainauth::verify::summary_rows(v).into_iter().map(
        |(method, result, domain, aligned)| {
            vec![
                Cell::label(method),
                Cell::result(&result),
                Cell::input(&domain),
                Cell::label(yes_no(lang, aligned)),
            ]
        },
    ));
    // The overall DMARC result, shown with the author domain that decided it.
    let d = v.dmarc.deciding();
    let detail = |d: &domainauth::dmarc::DomainVerdict| match (d.requested, &d.policy_domain) {
        (Some(p), Some(pd)) => ui(
            lang,
            "ui-dmarc-policy",
            &[
                ("policy", p.as_str()),
                ("domain", pd),
                ("disposition", d.disposition.as_str()),
            ],
        ),
        _ => ui(lang, "ui-dmarc-no-policy", &[]),
    };
    let local = |p: Policy| {
        ui(
            lang,
            "ui-dmarc-local-policy",
            &[("disposition", p.as_str())],
        )
    };
    let dmarc_detail = match (d, v.dmarc.local_policy) {
        (Some(d), _) if v.policy_override.is_some() => {
            let o = v.policy_override.as_ref().map(|o| o.reason.as_str());
            Cell::label(ui(
                lang,
                "ui-dmarc-override",
                &[
                    ("detail", &detail(d)),
                    ("disposition", v.dmarc.disposition.as_str()),
                    ("reason", o.unwrap_or_default()),
                ],
            ))
        }
        (Some(d), _) => Cell::label(detail(d)),
        (None, Some(p)) => Cell::label(local(p)),
        (None, None) => dash(),
    };
    // The ARC chain, with its sealers, when the message has one.
    if v.arc.status != domainauth::arc::ChainStatus::None {
        let mut sealers: Vec<&str> = Vec::new();
        for s in &v.arc.sets {
            if !sealers.contains(&s.seal.domain.as_str()) {
                sealers.push(&s.seal.domain);
            }
        }
        rows.push(vec![
            Cell::label("ARC"),
            Cell::result(v.arc.status.as_str()),
            if sealers.is_empty() {
                dash()
            } else {
                Cell::input(&sealers.join(", "))
            },
            dash(),
        ]);
    }
    rows.push(vec![
        Cell::label("DMARC"),
        Cell::result(v.dmarc.result.as_str()),
        d.map_or_else(dash, |d| Cell::input(&d.from_domain)),
        dmarc_detail,
    ]);
    // With several parts (author domains, From problems), each of them.
    let parts = v.dmarc.domains.len() + usize::from(v.dmarc.local_policy.is_some());
    if parts > 1 {
        for d in &v.dmarc.domains {
            rows.push(vec![
                Cell::label(format!("  {}", ui(lang, "ui-dmarc-author", &[]))),
                Cell::result(d.result.as_str()),
                Cell::input(&d.from_domain),
                Cell::label(detail(d)),
            ]);
        }
        if let Some(p) = v.dmarc.local_policy {
            rows.push(vec![
                Cell::label(format!("  {}", ui(lang, "ui-dmarc-from-problems", &[]))),
                Cell::result(DmarcResult::PermError.as_str()),
                dash(),
                Cell::label(local(p)),
            ]);
        }
    }
    table_text(&rows)
}

/// The From addresses for the header line: the first few, then how many more.
fn from_line(lang: Lang, addresses: &[String]) -> String {
    const SHOWN: usize = 10;
    if addresses.is_empty() {
        return "—".to_string();
    }
    let mut line = addresses[..addresses.len().min(SHOWN)].join(", ");
    if addresses.len() > SHOWN {
        line.push(' ');
        line.push_str(&ui(
            lang,
            "ui-more-addresses",
            &[("count", &(addresses.len() - SHOWN).to_string())],
        ));
    }
    line
}

fn envelope_line(lang: Lang, source: &EnvelopeSource) -> String {
    let (key, envelope, sources) = match source {
        EnvelopeSource::Given { envelope } => ("ui-envelope-given", envelope, String::new()),
        EnvelopeSource::Inferred {
            envelope, sources, ..
        } => ("ui-envelope-inferred", envelope, sources.join(", ")),
        EnvelopeSource::Missing { .. } => return ui(lang, "ui-envelope-missing", &[]),
    };
    let mail_from = if envelope.mail_from.is_empty() {
        "<>"
    } else {
        &envelope.mail_from
    };
    ui(
        lang,
        key,
        &[
            ("ip", &envelope.client_ip.to_string()),
            ("helo", &envelope.helo),
            ("mailfrom", mail_from),
            ("source", &sources),
        ],
    )
}

/// Runs `domainauth verify`.
pub async fn run(args: VerifyArgs, common: &Common) -> Result<u8, CliError> {
    for sealer in &args.trusted_sealers {
        crate::values::check_arc_domain("--trusted-sealer", sealer, true)?;
    }
    let raw = crate::input::read_message(&args.message)?;
    // A header that cannot be read still gets a verdict (Message::read).
    let message = Message::read(&raw);
    let resolver = args.dns.build()?;
    let mut options = VerifyOptions::new(&args.authserv_id);
    options.dkim.now = Some(args.now.unwrap_or_else(now));
    options.dkim.sha1 = if args.accept_sha1 {
        Sha1Policy::Accept
    } else {
        Sha1Policy::Refuse
    };
    options.dmarc.mode = args.dmarc_mode;
    options.dmarc.psl = load_psl(args.psl.as_ref())?;
    options.dmarc.sampling = args.pct_seed.map_or(Sampling::Random, Sampling::Seed);
    // The SPF steps are recorded only for --json --trace: nothing else shows them.
    options.spf.trace = common.json && common.trace;
    options.trusted_authserv_ids = args.trust_authserv_id.clone();
    options.trusted_sealers = args.trusted_sealers.clone();
    let envelope = args.ip.map(|ip| {
        Envelope::from_smtp(
            ip,
            args.helo.as_deref(),
            args.mail_from.as_deref().unwrap_or_default(),
        )
    });
    let verifier = MessageVerifier::new(resolver.clone(), options);
    let verdict = verifier
        .verify_message(&message, envelope)
        .await
        .map_err(|e| crate::input::not_a_message(&args.message, &e))?;
    let mut profiles: Vec<ProfileReport> = Vec::new();
    for p in &args.profiles {
        profiles.push(verifier.check_profile(*p, &message, &verdict).await);
    }
    args.dns.reached(&*resolver)?;
    let lang = common.lang;
    let mut findings: Vec<Finding> = verdict.message_notes.clone();
    findings.extend(verdict.findings());
    let ok = verdict.dmarc.result == DmarcResult::Pass && profiles.iter().all(|p| p.failed == 0);
    if common.json {
        let verdict = crate::json::verify::without_traces(verdict, common.trace);
        print_json(&VerifyDocument::new(
            lang,
            args.message.display().to_string(),
            args.dns.describe(lang),
            args.dmarc_mode,
            &verdict,
            &findings,
            &profiles,
        ))?;
    } else {
        print_text(
            &verdict_text(lang, &args, &verdict, &findings, &profiles),
            common.colour(),
        )?;
    }
    Ok(if ok { exit::OK } else { exit::NOT_OK })
}

/// The verdict as text: the envelope and From, the table, the findings,
/// each profile, and the Authentication-Results field.
fn verdict_text(
    lang: Lang,
    args: &VerifyArgs,
    verdict: &Verdict,
    findings: &[Finding],
    profiles: &[ProfileReport],
) -> Text {
    let mut out = Text::from(format!(
        "{}\n\n",
        ui(
            lang,
            "ui-verdict-title",
            &[
                ("message", &crate::input::message_name(lang, &args.message)),
                ("dns", &args.dns.describe(lang))
            ]
        )
    ));
    let _ = writeln!(out, "{}", envelope_line(lang, &verdict.envelope));
    let from = from_line(lang, &verdict.dmarc.author.addresses);
    let _ = writeln!(out, "{}\n", ui(lang, "ui-header-from", &[("from", &from)]));
    out.push_text(table(lang, verdict));
    out.push('\n');
    out.push_text(findings_text(lang, findings));
    for p in profiles {
        let _ = writeln!(
            out,
            "\n{}",
            ui(
                lang,
                "ui-profile",
                &[
                    ("profile", p.profile.as_str()),
                    ("checks", &p.checks.to_string()),
                    ("failed", &p.failed.to_string())
                ]
            )
        );
        out.push_text(findings_lines(lang, &p.findings));
    }
    let _ = writeln!(out, "\n{}", ui(lang, "ui-authres-add", &[]));
    for line in verdict.authentication_results.split("\r\n") {
        let _ = writeln!(out, "  {line}");
    }
    out
}
