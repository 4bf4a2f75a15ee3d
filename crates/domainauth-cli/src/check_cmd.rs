//! `domainauth check DOMAIN`: what a domain publishes for mail
//! authentication, and what is still missing.

use std::net::IpAddr;

use clap::Args;
use domainauth::check::{CheckOptions, DomainReport, check_domain};
use domainauth::diag::{Lang, ui};
use domainauth::dmarc::Published;

use crate::check_many;
use crate::json::check::CheckDocument;
use crate::output::{Cell, Text, findings_text, print_json, print_text, rows_text};
use crate::resolver::DnsArgs;
use crate::verify_cmd::{DmarcRules, load_psl};
use crate::{CliError, Common, exit};

/// Arguments of `domainauth check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The domain you send mail from (the From domain). Several domains
    /// (or --domains FILE) are checked together, a few at a time, and
    /// summarised in one table, one row per domain.
    #[arg(value_name = "DOMAIN", required_unless_present = "domains_file")]
    pub(crate) domains: Vec<String>,
    /// The IP address your mail leaves from: adds its SPF result and reverse DNS (PTR) check.
    #[arg(long, value_name = "IP", value_parser = crate::values::parse_ip)]
    pub(crate) ip: Option<IpAddr>,
    /// DKIM selector to look for (repeatable); default: common providers' selectors.
    #[arg(long = "selector", value_name = "NAME")]
    pub(crate) selectors: Vec<String>,
    #[command(flatten)]
    pub(crate) rules: DmarcRules,
    #[command(flatten)]
    pub(crate) dns: DnsArgs,
    #[command(flatten)]
    pub(crate) many: check_many::ManyArgs,
}

/// Runs `domainauth check`.
pub async fn run(args: CheckArgs, common: &Common) -> Result<u8, CliError> {
    let given = match check_many::plan(&args)? {
        check_many::Plan::One(given) => given,
        check_many::Plan::Many(list) => return check_many::run(list, &args, common).await,
    };
    let domain = check_many::domain_name(&given)?;
    let resolver = args.dns.build()?;
    let psl = load_psl(args.rules.psl.as_ref())?;
    let mut options = CheckOptions::default();
    options.ip = args.ip;
    options.selectors = args.selectors.clone();
    options.mode = args.rules.mode;
    let report = check_domain(resolver.clone(), &domain, &options, &psl).await;
    args.dns.reached(&*resolver)?;
    let report = report.map_err(|e| CliError::failure("dns-failure").reason("error", &e))?;
    let lang = common.lang;
    if common.json {
        print_json(&CheckDocument::new(lang, args.dns.describe(lang), &report))?;
    } else {
        let dns = args.dns.describe(lang);
        print_text(&report_text(lang, &dns, args.ip, &report), common.colour())?;
    }
    Ok(if report.has_warnings() {
        exit::NOT_OK
    } else {
        exit::OK
    })
}

/// The report as text: one row per record, then the findings.
fn report_text(lang: Lang, dns: &str, ip: Option<IpAddr>, report: &DomainReport) -> Text {
    let dash = || Cell::label("—");
    let spf = report
        .spf
        .root
        .record
        .as_deref()
        .map_or_else(dash, Cell::input);
    let dmarc = match &report.dmarc.published {
        Published::Record { record, .. } => Cell::input(record),
        Published::Several { count, .. } => Cell::label(ui(
            lang,
            "ui-record-count",
            &[("count", &count.to_string())],
        )),
        Published::None { .. } => dash(),
    };
    let dkim = dkim_cell(lang, report);
    let yes_no = |v: bool| ui(lang, if v { "ui-yes" } else { "ui-no" }, &[]);
    let mut rows = vec![
        (Cell::label("SPF"), spf),
        (Cell::label("DMARC"), dmarc),
        (Cell::label("DKIM"), dkim),
        (
            Cell::label("A / MX"),
            Cell::label(format!(
                "{} / {}",
                yes_no(report.has_address),
                yes_no(report.has_mx)
            )),
        ),
    ];
    if let (Some(ip), Some(eval)) = (ip, &report.spf_for_ip) {
        rows.push((
            Cell::label(format!("SPF {ip}")),
            Cell::result(eval.result.as_str()),
        ));
    }
    if let Some(ip) = ip {
        rows.push((
            Cell::label(format!("PTR {ip}")),
            if report.ptr.is_empty() {
                dash()
            } else {
                Cell::input(&report.ptr.join(", "))
            },
        ));
    }
    let mut out = Text::from(format!(
        "{}\n\n",
        ui(
            lang,
            "ui-check-title",
            &[("domain", &report.domain), ("dns", dns)]
        )
    ));
    out.push_text(rows_text(rows));
    out.push('\n');
    out.push_text(findings_text(lang, &report.findings));
    out
}

/// The DKIM keys found, as one cell; each key's label is composed by the
/// catalog, which escapes its name.
fn dkim_cell(lang: Lang, report: &DomainReport) -> Cell {
    if report.dkim_keys.is_empty() {
        return Cell::label("—");
    }
    Cell::label(
        report
            .dkim_keys
            .iter()
            .map(|k| {
                ui(
                    lang,
                    "ui-check-dkim-key",
                    &[
                        ("name", &k.name),
                        ("type", &k.key_type),
                        ("bits", &k.bits.to_string()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}
