//! `domainauth check DOMAIN`: what a domain publishes for mail
//! authentication, and what is still missing.

use std::net::IpAddr;
use std::sync::Arc;

use clap::Args;
use domainauth::check::profile::add_sending_findings;
use domainauth::check::{
    CheckOptions, DomainReport, PolicyState, PostureRecord, RecordState, check_domain,
};
use domainauth::diag::{Lang, ui};
use domainauth::dmarc::Published;
use domainauth::dns::{Dnssec, Resolver};
use domainauth::spf::Problem;

use crate::check_many;
use crate::check_profile::{Extra, ProfileArgs, check_ip_count};
use crate::json::check::CheckDocument;
use crate::output::{Cell, Text, findings_text, print_json, print_text, rows_text, term};
use crate::resolver::DnsArgs;
use crate::verify_cmd::{DmarcRules, load_psl};
use crate::{CliError, Common};

/// Arguments of `domainauth check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The domain you send mail from (the From domain). Several domains
    /// (or --domains FILE) are checked together, a few at a time, and
    /// summarised in one table, one row per domain.
    #[arg(value_name = "DOMAIN", required_unless_present = "domains_file")]
    pub(crate) domains: Vec<String>,
    /// An IP address your mail leaves from (repeatable, at most 16): adds
    /// the domain's SPF result and the reverse DNS (PTR) check for each.
    #[arg(long = "ip", value_name = "IP", value_parser = crate::values::parse_ip)]
    pub(crate) ips: Vec<IpAddr>,
    /// DKIM selector to look for (repeatable); default: common providers' selectors.
    #[arg(long = "selector", value_name = "NAME")]
    pub(crate) selectors: Vec<String>,
    #[command(flatten)]
    pub(crate) rules: DmarcRules,
    #[command(flatten)]
    pub(crate) dns: DnsArgs,
    #[command(flatten)]
    pub(crate) profile: ProfileArgs,
    #[command(flatten)]
    pub(crate) many: check_many::ManyArgs,
}

/// Runs `domainauth check`.
pub async fn run(args: CheckArgs, common: &Common) -> Result<u8, CliError> {
    check_ip_count(&args.ips)?;
    for selector in &args.selectors {
        crate::values::check_selector(selector)?;
    }
    let given = match check_many::plan(&args)? {
        check_many::Plan::One(given) => given,
        check_many::Plan::Many(list) => return check_many::run(list, &args, common).await,
    };
    let domain = check_many::domain_name(&given)?;
    let resolver = args.dns.build()?;
    let psl = load_psl(args.rules.psl.as_ref())?;
    let options = check_options(&args, &resolver);
    let report = check_domain(resolver.clone(), &domain, &options, &psl).await;
    args.dns.reached(&*resolver)?;
    let report = report.map_err(|e| CliError::failure("dns-failure").reason("error", &e))?;
    let mut report = report;
    let extra = Extra::new(&resolver, &report, &args.ips, &args.profile).await;
    add_sending_findings(&mut report, &extra.sending);
    let lang = common.lang;
    if common.json {
        let mut doc = CheckDocument::new(lang, args.dns.describe(lang), &report);
        doc.sending_ips = &extra.sending;
        doc.profiles = extra.checklists_json(lang);
        doc.records = extra.records_json(lang);
        print_json(&doc)?;
    } else if args.profile.records {
        print_text(&Text::from(extra.records_text(lang)), false)?;
    } else {
        let dns = args.dns.describe(lang);
        let mut text = report_text(lang, &dns, args.ips.first().copied(), &report);
        text.push_text(extra.text(lang));
        print_text(&text, common.colour())?;
    }
    Ok(extra.exit(&report))
}

/// What to check, from the options: the first `--ip` (each one's SPF and
/// PTR follow in [`Extra`]), the selectors, the DMARC rules, and, when the
/// network is asked (no `--zone`), the MTA-STS policy file fetched over
/// HTTPS; offline the report says it was not fetched.
pub(crate) fn check_options(args: &CheckArgs, resolver: &Arc<dyn Resolver>) -> CheckOptions {
    let mut options = CheckOptions::default();
    options.ip = args.ips.first().copied();
    options.selectors = args.selectors.clone();
    options.mode = args.rules.mode;
    if args.dns.zones.is_empty() {
        options.policy_fetcher = crate::mta_sts_fetch::HttpsPolicyFetcher::new(resolver.clone())
            .ok()
            .map(|f| Arc::new(f) as Arc<dyn domainauth::check::PolicyFetcher>);
    }
    options
}

/// The report as text: one row per record, then the findings.
fn report_text(lang: Lang, dns: &str, ip: Option<IpAddr>, report: &DomainReport) -> Text {
    let dash = || Cell::label("—");
    // A lookup that failed is said as such, never as "—" (no record).
    let unknown = || Cell::label(ui(lang, "ui-check-unknown", &[]));
    let spf = match (&report.spf.root.record, &report.spf.root.problem) {
        (Some(record), _) => Cell::input(record),
        (None, Some(Problem::Dns { .. })) => unknown(),
        (None, Some(Problem::MultipleRecords { count, .. })) => Cell::label(ui(
            lang,
            "ui-record-count",
            &[("count", &count.to_string())],
        )),
        (None, _) => dash(),
    };
    let dmarc = match &report.dmarc.published {
        Published::None { .. } if report.dmarc_lookup_failed() => unknown(),
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
    rows.extend(posture_rows(lang, report));
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
    if report.partial {
        out.push_str(&format!("{}\n\n", ui(lang, "ui-check-partial", &[])));
    }
    out.push_text(rows_text(rows));
    out.push('\n');
    out.push_text(findings_text(lang, &report.findings));
    out
}

/// The DKIM keys found, as one cell; each key's label is composed by the
/// catalog, which escapes its name.
fn dkim_cell(lang: Lang, report: &DomainReport) -> Cell {
    if let (true, Some(k)) = (report.dkim_keys.is_empty(), &report.parent_dkim_key) {
        return Cell::label(ui(
            lang,
            "ui-check-dkim-parent-key",
            &[
                ("name", &k.name),
                ("type", &k.key_type),
                ("bits", &k.bits.to_string()),
            ],
        ));
    }
    if report.dkim_keys.is_empty() {
        return Cell::label(if report.dkim_lookup_failed() {
            ui(lang, "ui-check-unknown", &[])
        } else {
            "—".to_string()
        });
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

/// The rows of the rest of the posture: null MX, MTA-STS (record and
/// policy file), TLS-RPT, BIMI and DNSSEC.
fn posture_rows(lang: Lang, report: &DomainReport) -> Vec<(Cell, Cell)> {
    let yes_no = |v: bool| ui(lang, if v { "ui-yes" } else { "ui-no" }, &[]);
    let policy = match &report.mta_sts.policy {
        PolicyState::NotFetched => Some(ui(lang, "ui-check-policy-not-fetched", &[])),
        PolicyState::FetchFailed { .. } => Some(ui(lang, "ui-check-policy-fetch-failed", &[])),
        PolicyState::Invalid => Some(ui(lang, "ui-check-policy-invalid", &[])),
        PolicyState::Valid(p) => Some(ui(lang, "ui-check-policy", &[("mode", &p.mode)])),
        _ => None,
    };
    let mut mta_sts = record_text(lang, &report.mta_sts.record);
    if let Some(policy) = policy {
        mta_sts = format!("{mta_sts} — {policy}");
    }
    let dnssec = match report.dnssec {
        Dnssec::Signed => "signed",
        Dnssec::Unsigned => "unsigned",
        _ => "unknown",
    };
    vec![
        (Cell::label("Null MX"), Cell::label(yes_no(report.null_mx))),
        (Cell::label("MTA-STS"), Cell::label(mta_sts)),
        (
            Cell::label("TLS-RPT"),
            Cell::label(record_text(lang, &report.tls_rpt)),
        ),
        (
            Cell::label("BIMI"),
            Cell::label(record_text(lang, &report.bimi)),
        ),
        (
            Cell::label("DNSSEC"),
            Cell::label(ui(lang, "ui-check-dnssec", &[("state", dnssec)])),
        ),
    ]
}

/// One posture record as cell text: the record (escaped), `—` when
/// absent, or what kept it from being read or used.
fn record_text(lang: Lang, record: &PostureRecord) -> String {
    match (&record.state, &record.record) {
        (RecordState::Valid, Some(text)) => term(text).into_owned(),
        // The catalog escapes the values it is given.
        (RecordState::Invalid, Some(text)) => ui(lang, "ui-check-invalid", &[("record", text)]),
        (RecordState::Invalid, None) => ui(lang, "ui-check-invalid", &[("record", "—")]),
        (RecordState::Unknown, _) => ui(lang, "ui-check-unknown", &[]),
        _ => "—".to_string(),
    }
}
