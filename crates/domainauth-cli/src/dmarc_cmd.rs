//! `domainauth dmarc check|lint`.

use clap::{Args, Subcommand};
use domainauth::diag::ui;
use domainauth::dmarc::{Mode, Record, lint_domain, lint_record, tree_walk};

use crate::json::dmarc::{DmarcCheckDocument, DmarcLintDocument, OrgDomains};
use crate::json::{self, SchemaVersion};
use crate::output::{Cell, Text, findings_text, print_json, print_text, rows_text};
use crate::resolver::DnsArgs;
use crate::verify_cmd::{DmarcRules, load_psl};
use crate::{CliError, Common, exit};

#[derive(Debug, Subcommand)]
pub enum DmarcCommand {
    /// Look up and check the DMARC record of a domain.
    ///
    /// Reads _dmarc.<domain>, explains every problem with its fix (unknown or
    /// removed tags, missing rua, external report addresses without their
    /// authorisation record, p=none…), and shows the organizational domain
    /// by the RFC 9989 DNS tree walk and by the Public Suffix List.
    ///
    /// Example (offline):
    ///   domainauth dmarc check example.com --zone example.com.zone
    #[command(after_help = crate::help::after_help())]
    Check(CheckArgs),
    /// Check a DMARC record given as text, before publishing it (no DNS).
    ///
    /// Example:
    ///   domainauth dmarc lint "v=DMARC1; p=reject; rua=mailto:d@example.com; ptc=100" --domain example.com
    #[command(after_help = crate::help::after_help())]
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The domain (the From domain of your mail).
    domain: String,
    #[command(flatten)]
    rules: DmarcRules,
    #[command(flatten)]
    dns: DnsArgs,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The record text, e.g. "v=DMARC1; p=none; rua=mailto:d@example.com".
    record: String,
    /// The domain it is for.
    #[arg(long, default_value = "example.com")]
    domain: String,
    /// rfc9989 (default) or rfc7489.
    #[arg(long, value_name = "MODE", default_value = "rfc9989", value_parser = crate::values::mode())]
    mode: Mode,
}

pub async fn run(command: DmarcCommand, common: &Common) -> Result<u8, CliError> {
    match command {
        DmarcCommand::Check(args) => check(args, common).await,
        DmarcCommand::Lint(args) => lint(args, common),
    }
}

fn status(findings: &[domainauth::diag::Finding]) -> u8 {
    if findings
        .iter()
        .any(|f| f.severity >= domainauth::diag::Severity::Warning)
    {
        exit::NOT_OK
    } else {
        exit::OK
    }
}

async fn check(args: CheckArgs, common: &Common) -> Result<u8, CliError> {
    domainauth::dns::check_host_name(&args.domain).map_err(|e| {
        CliError::usage("invalid-domain")
            .param("option", "DOMAIN")
            .param("value", &args.domain)
            .reason("error", &e)
    })?;
    let resolver = args.dns.build()?;
    let psl = load_psl(args.rules.psl.as_ref())?;
    let report = lint_domain(&*resolver, &args.domain, args.rules.mode, &psl).await;
    args.dns.reached(&*resolver)?;
    let report = report.map_err(|e| CliError::failure("dmarc-dns-failure").reason("error", &e))?;
    let walk = tree_walk(&*resolver, &args.domain).await.ok();
    let tree_org = walk.as_ref().map(|w| w.org_domain());
    let psl_org = psl.org_domain(&args.domain);
    let lang = common.lang;
    if common.json {
        print_json(&DmarcCheckDocument {
            schema_version: SchemaVersion,
            command: "dmarc check",
            domain: &args.domain,
            mode: args.rules.mode,
            dns: args.dns.describe(lang),
            published: &report.published,
            record: report.record.as_ref(),
            org_domain: OrgDomains {
                tree_walk: tree_org.as_deref(),
                psl: &psl_org,
            },
            walk: walk.as_ref().filter(|_| common.trace),
            findings: json::findings(lang, &report.findings),
        })?;
    } else {
        let record = report
            .record
            .as_ref()
            .map_or_else(|| Cell::label("—"), |r| Cell::input(&r.text));
        let org = match &tree_org {
            Some(t) if *t != psl_org => Cell::label(format!(
                "{} / {}",
                ui(lang, "ui-org-tree-walk", &[("domain", t)]),
                ui(lang, "ui-org-psl", &[("domain", &psl_org)])
            )),
            Some(t) => Cell::input(t),
            None => Cell::input(&psl_org),
        };
        let rows = vec![
            (Cell::label(ui(lang, "ui-dmarc-record", &[])), record),
            (Cell::label(ui(lang, "ui-org-domain", &[])), org),
        ];
        let mut out = Text::from(format!(
            "{}\n\n",
            ui(
                lang,
                "ui-dmarc-check-title",
                &[("domain", &args.domain), ("dns", &args.dns.describe(lang))]
            )
        ));
        out.push_text(rows_text(rows));
        out.push('\n');
        out.push_text(findings_text(lang, &report.findings));
        print_text(&out, common.colour())?;
    }
    Ok(status(&report.findings))
}

fn lint(args: LintArgs, common: &Common) -> Result<u8, CliError> {
    if !domainauth::dmarc::is_dmarc_record(args.record.as_bytes()) {
        return Err(CliError::usage("not-dmarc-record").param("record", &args.record));
    }
    let record = Record::parse(&args.record);
    let findings = lint_record(&record, &args.domain, args.mode);
    let lang = common.lang;
    if common.json {
        print_json(&DmarcLintDocument {
            schema_version: SchemaVersion,
            command: "dmarc lint",
            record: &record,
            mode: args.mode,
            findings: json::findings(lang, &findings),
        })?;
    } else {
        let mut out = Text::from(format!(
            "{}\n\n",
            ui(lang, "ui-dmarc-lint-title", &[("record", &args.record)])
        ));
        out.push_text(findings_text(lang, &findings));
        print_text(&out, common.colour())?;
    }
    Ok(status(&findings))
}
