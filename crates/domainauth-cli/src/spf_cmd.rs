//! `domainauth spf check` and `domainauth spf record`.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::sync::Arc;

use clap::{Args, Subcommand, ValueEnum};
use domainauth::diag::{AsReason, Code, Finding, Lang, Severity, ui};
use domainauth::dmarc;
use domainauth::dns::{Resolver, check_domain_name};
use domainauth::spf::{
    self, Config, Envelope, Evaluation, RecordNode, SpfResult, StepKind, Verifier,
};

use crate::json::spf::{SpfCheckDocument, SpfRecordDocument, SpfResultDocument, SpfTree};
use crate::json::{self, SchemaVersion};
use crate::output::{Cell, Text, findings_text, print_json, print_text, rows_text, term};
use crate::resolver::DnsArgs;
use crate::{CliError, Common, exit, now};

#[derive(Debug, Subcommand)]
pub enum SpfCommand {
    /// Evaluate SPF for one SMTP connection, show the path taken and how to fix a failure.
    ///
    /// Give what the receiving server saw: the client's IP address, the
    /// HELO/EHLO name and the MAIL FROM address. The result (pass, fail,
    /// softfail, neutral, none, temperror, permerror) comes from the SPF
    /// record of the MAIL FROM domain, or of the HELO name when MAIL FROM is
    /// empty (bounces).
    ///
    /// Example (offline, with the bundled example zone):
    ///
    ///   domainauth spf check --zone examples/s1/example.co.jp.zone --ip 203.0.113.25 --mail-from info@example.co.jp --helo mail.example.co.jp
    #[command(after_help = crate::help::after_help())]
    Check(CheckArgs),
    /// Show a domain's SPF record, its include/redirect tree with lookup counts, and what to improve.
    ///
    /// Receivers stop after 10 DNS-querying terms (include, a, mx, ptr,
    /// exists, redirect) counted across every include: a record that needs
    /// more fails for everyone (permerror). This command counts them per
    /// branch and lints the records (+all, ?all, ptr, several records,
    /// strings over 255 characters, ~all versus -all).
    #[command(after_help = crate::help::after_help())]
    Record(RecordArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdentityArg {
    /// The MAIL FROM address (postmaster@HELO when it is empty).
    Mailfrom,
    /// The HELO/EHLO name.
    Helo,
    /// Both, HELO first (RFC 7208 §2.3 recommends checking HELO too).
    Both,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// IP address of the SMTP client (the connecting server), IPv4 or IPv6.
    #[arg(long, value_name = "IP", value_parser = crate::values::parse_ip)]
    ip: IpAddr,
    /// The MAIL FROM (envelope sender, Return-Path) address; "" or "<>" for bounces.
    #[arg(long = "mail-from", value_name = "ADDRESS", default_value = "")]
    mail_from: String,
    /// The name the client gave in HELO/EHLO.
    #[arg(long, value_name = "HOST")]
    helo: String,
    /// Which identity to check.
    #[arg(long, value_enum, default_value_t = IdentityArg::Mailfrom)]
    identity: IdentityArg,
    /// Name of the receiving host, used in Received-SPF and the %{r} macro.
    #[arg(long, value_name = "HOST", default_value = "domainauth.localhost")]
    receiver: String,
    #[command(flatten)]
    dns: DnsArgs,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The domain whose SPF record to read.
    #[arg(value_name = "DOMAIN")]
    domain: String,
    #[command(flatten)]
    dns: DnsArgs,
}

pub async fn run(command: SpfCommand, common: &Common) -> Result<u8, CliError> {
    match command {
        SpfCommand::Check(args) => check(args, common).await,
        SpfCommand::Record(args) => record(args, common).await,
    }
}

fn validate_domain(what: &str, domain: &str) -> Result<(), CliError> {
    check_domain_name(domain).map_err(|e| {
        CliError::usage("invalid-domain")
            .param("option", what)
            .param("value", domain)
            .reason("error", &e)
    })
}

async fn check(args: CheckArgs, common: &Common) -> Result<u8, CliError> {
    let ip = args.ip;
    // The MAIL FROM and HELO are what the client sent, not checked here:
    // a malformed domain is an SPF result (RFC 7208 §4.3: `none`), which
    // the evaluation gives and explains.
    let mail_from = args
        .mail_from
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let resolver = args.dns.build()?;
    let mut config = Config::default();
    config.receiver = args.receiver.clone();
    config.timestamp = now();
    // The text shows the path taken; JSON gives it only with --trace.
    config.trace = !common.json || common.trace;
    // The output shows the exp= text on fail.
    config.explain = true;
    let verifier = Verifier::with_config(resolver.clone(), config);
    let envelope = Envelope {
        client_ip: ip,
        helo: args.helo.trim().to_string(),
        mail_from,
    };
    let mut evaluations = Vec::new();
    if matches!(args.identity, IdentityArg::Helo | IdentityArg::Both) {
        evaluations.push(verifier.check_helo(&envelope).await);
    }
    if matches!(args.identity, IdentityArg::Mailfrom | IdentityArg::Both) {
        evaluations.push(verifier.check_mail_from(&envelope).await);
    }
    // The domain whose mail this is: DMARC decides whether SPF is enough.
    let mail_domain = evaluations
        .last()
        .map(|e| e.domain.clone())
        .unwrap_or_default();
    // A domain that does not exist has no DMARC record either: its SPF
    // finding already says so, once.
    let domain_missing = evaluations
        .iter()
        .any(|e| matches!(e.problem, Some(spf::Problem::NoSuchDomain { .. })));
    let dmarc_findings = if domain_missing {
        Vec::new()
    } else {
        dmarc_context(resolver.as_ref(), &mail_domain).await
    };
    args.dns.reached(&*resolver)?;

    let lang = common.lang;
    let passed = evaluations.iter().all(|e| e.result == SpfResult::Pass);
    let dns = args.dns.describe(lang);
    if common.json {
        print_check_json(lang, dns, &args.receiver, &evaluations, &dmarc_findings)?;
    } else {
        print_text(
            &check_text(lang, &dns, &args.receiver, &evaluations, &dmarc_findings),
            common.colour(),
        )?;
    }
    Ok(if passed { exit::OK } else { exit::NOT_OK })
}

/// Prints the `spf check` document: each evaluation and, apart, what
/// the MAIL FROM domain publishes for DMARC (`context`).
fn print_check_json(
    lang: Lang,
    dns: String,
    receiver: &str,
    evaluations: &[Evaluation],
    context: &[Finding],
) -> Result<(), CliError> {
    let own: Vec<Vec<Finding>> = evaluations.iter().map(Evaluation::findings).collect();
    print_json(&SpfCheckDocument {
        schema_version: SchemaVersion,
        command: "spf check",
        dns,
        results: evaluations
            .iter()
            .zip(&own)
            .map(|(e, own)| SpfResultDocument::new(lang, e, own, e.received_spf(receiver)))
            .collect(),
        context: json::findings(lang, context),
    })
}

/// `spf check` as text: per evaluation, its summary and path, its findings
/// (the DMARC context under the MAIL FROM one) and the Received-SPF field.
fn check_text(
    lang: Lang,
    dns: &str,
    receiver: &str,
    evaluations: &[Evaluation],
    context: &[Finding],
) -> Text {
    let mut out = Text::new();
    for e in evaluations {
        out.push_text(evaluation_text(lang, e, dns));
        let mut findings = e.findings();
        if e.identity == spf::Identity::MailFrom {
            findings.extend(context.iter().cloned());
        }
        out.push_text(findings_text(lang, &findings));
        // Received-SPF escapes its values itself: it is one line.
        let _ = writeln!(
            out,
            "\n{}\n  {}\n",
            ui(lang, "ui-header", &[]),
            e.received_spf(receiver)
        );
    }
    out
}

/// Whether SPF alone will satisfy receivers: is there a DMARC record?
async fn dmarc_context(resolver: &dyn Resolver, domain: &str) -> Vec<Finding> {
    dmarc::publication_finding(resolver, domain)
        .await
        .into_iter()
        .collect()
}

/// "3/10 lookups, 0/2 void" in `lang`.
fn lookups_text(lang: Lang, used: u32, void: u32, limits: &spf::Limits) -> String {
    ui(
        lang,
        "ui-lookups",
        &[
            ("used", &used.to_string()),
            ("limit", &limits.dns_terms.to_string()),
            ("void", &void.to_string()),
            ("void_limit", &limits.void_lookups.to_string()),
        ],
    )
}

fn evaluation_text(lang: Lang, e: &Evaluation, dns: &str) -> Text {
    let mut out = Text::new();
    let _ = writeln!(
        out,
        "{}\n",
        ui(
            lang,
            "ui-spf-check-title",
            &[
                ("result", &e.result.to_string()),
                ("ip", &e.client_ip.to_string()),
                ("sender", &e.sender),
                ("identity", e.identity.as_str()),
                ("dns", dns),
            ],
        )
    );
    let record = e.trace.iter().find_map(|s| match &s.kind {
        StepKind::Record { domain, record } if s.depth == 0 => Some(format!("{domain}: {record}")),
        _ => None,
    });
    let result = e.result.to_string();
    let rows = vec![
        (
            Cell::label(ui(lang, "ui-result", &[])),
            Cell::result(&result),
        ),
        (
            Cell::label(ui(lang, "ui-domain", &[])),
            Cell::input(&e.domain),
        ),
        (
            Cell::label(ui(lang, "ui-record", &[])),
            record.map_or_else(|| Cell::label("—"), |r| Cell::input(&r)),
        ),
        (
            Cell::label(ui(lang, "ui-matched", &[])),
            Cell::label(e.matched.as_ref().map_or_else(
                || ui(lang, "ui-no-match", &[]),
                |m| {
                    ui(
                        lang,
                        "ui-term-of",
                        &[("term", &m.term), ("domain", &m.domain)],
                    )
                },
            )),
        ),
        (
            Cell::label("DNS"),
            Cell::label(lookups_text(lang, e.dns_terms, e.void_lookups, &e.limits)),
        ),
    ];
    out.push_text(rows_text(rows));
    if let Some(exp) = &e.explanation {
        let _ = writeln!(out, "  {}: {}", ui(lang, "ui-explanation", &[]), term(exp));
    }
    let _ = writeln!(out, "\n{}", ui(lang, "ui-path", &[]));
    for step in &e.trace {
        let indent = "  ".repeat(usize::from(step.depth) + 1);
        let _ = writeln!(out, "{indent}{}", step_text(lang, &step.kind));
    }
    out.push('\n');
    out
}

/// One step of the path taken, in `lang`.
fn step_text(lang: Lang, step: &StepKind) -> String {
    match step {
        StepKind::Record { domain, record } => ui(
            lang,
            "ui-record-of",
            &[("domain", domain), ("record", record)],
        ),
        StepKind::Query {
            rtype,
            name,
            answer,
            error,
            ..
        } => {
            let answer = match error {
                Some(error) => error.reason().render(lang),
                None => answer.clone(),
            };
            ui(
                lang,
                "ui-query",
                &[
                    ("rtype", &rtype.to_string()),
                    ("name", name),
                    ("answer", &answer),
                ],
            )
        }
        StepKind::Term { term, matched, .. } => {
            let id = if *matched {
                "ui-term-match"
            } else {
                "ui-term-nomatch"
            };
            ui(lang, id, &[("term", term)])
        }
        StepKind::Redirect { target } => ui(lang, "ui-redirect", &[("target", target)]),
    }
}

async fn record(args: RecordArgs, common: &Common) -> Result<u8, CliError> {
    let domain = args
        .domain
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    validate_domain("DOMAIN", &domain)?;
    let resolver: Arc<dyn Resolver> = args.dns.build()?;
    let tree = spf::analyze(resolver.as_ref(), &domain).await;
    args.dns.reached(&*resolver)?;
    let lang = common.lang;
    let mut findings = tree.findings.clone();
    // The root's own problem: no record, or DNS failing (other problems are already findings).
    match &tree.root.problem {
        Some(spf::Problem::NoSuchDomain { domain }) => findings.insert(
            0,
            Finding::new(Code::DomainNotFound).param("domain", domain),
        ),
        Some(spf::Problem::NoRecord { domain }) => findings.insert(
            0,
            Finding::new(Code::SpfNone)
                .param("from_ip", "no")
                .param("domain", domain)
                .param("suggest", "mx"),
        ),
        Some(spf::Problem::Dns { error }) => findings.insert(
            0,
            Finding::new(Code::SpfTempError)
                .param("domain", &domain)
                .reason("error", error),
        ),
        _ => {}
    }
    let has_errors = findings.iter().any(|f| f.severity >= Severity::Warning);
    if common.json {
        print_json(&SpfRecordDocument {
            schema_version: SchemaVersion,
            command: "spf record",
            domain: &domain,
            dns: args.dns.describe(lang),
            tree: SpfTree::new(&tree),
            findings: json::findings(lang, &findings),
        })?;
    } else {
        let mut out = Text::from(format!(
            "{}\n\n{}\n",
            ui(
                lang,
                "ui-spf-record-title",
                &[("domain", &domain), ("dns", &args.dns.describe(lang))]
            ),
            ui(lang, "ui-tree", &[])
        ));
        tree_text(lang, &tree.root, 1, &mut out);
        let _ = writeln!(
            out,
            "\n  {}\n",
            lookups_text(lang, tree.total_lookups, tree.void_lookups, &tree.limits)
        );
        out.push_text(findings_text(lang, &findings));
        print_text(&out, common.colour())?;
    }
    Ok(if has_errors { exit::NOT_OK } else { exit::OK })
}

fn tree_text(lang: Lang, node: &RecordNode, depth: usize, out: &mut Text) {
    let indent = "  ".repeat(depth);
    let via = node
        .via
        .as_deref()
        .map(|v| format!("{v} → "))
        .unwrap_or_default();
    let lookups = if node.total_lookups == 1 {
        ui(lang, "ui-tree-lookup", &[])
    } else {
        ui(
            lang,
            "ui-tree-lookups",
            &[("count", &node.total_lookups.to_string())],
        )
    };
    let _ = writeln!(
        out,
        "{indent}{}{} [{lookups}]",
        term(&via),
        term(&node.domain)
    );
    match (&node.record, &node.problem) {
        // Read in a branch above: its record and includes are shown there.
        _ if node.repeated => {
            let _ = writeln!(out, "{indent}  {}", ui(lang, "ui-tree-repeated", &[]));
        }
        (Some(r), _) => {
            let _ = writeln!(out, "{indent}  {}", term(r));
        }
        (None, Some(p)) => {
            let problem = p.reason().render(lang);
            let _ = writeln!(
                out,
                "{indent}  {}",
                ui(lang, "ui-tree-problem", &[("problem", &problem)])
            );
        }
        (None, None) => {}
    }
    for child in &node.children {
        tree_text(lang, child, depth + 1, out);
    }
}
