//! `domainauth check --profile NAME` and `--records`: the domain against
//! receivers' requirements as a ✓/✗ checklist, and the zone-file lines
//! that would fix what is missing. The library decides
//! ([`domainauth::check::profile`], [`domainauth::check::records`]); this
//! only prints.

use std::fmt::Write as _;
use std::net::IpAddr;

use clap::Args;
use domainauth::check::DomainReport;
use domainauth::check::profile::{
    MAX_SENDING_IPS, ProfileChecklist, SendingIp, Status, checklist, sending_ips,
};
use domainauth::check::records::{Suggestion, suggest, zone_text};
use domainauth::diag::{Lang, Severity, ui};
use domainauth::dns::Resolver;
use domainauth::profile::Profile;

use crate::json::check_profile::{ChecklistJson, RecordJson};
use crate::output::{Cell, Text, Tone, rows_text};
use crate::{CliError, exit};

/// `--profile` and `--records` of `domainauth check`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Check the domain against a receiver's requirements (repeatable): docomo
    /// (DMARC, DKIM, SPF of the header From domain covering --ip, an A or MX
    /// record), gmail or yahoo (their 2024 sender rules; gmail-bulk and
    /// yahoo-bulk are the same profiles, named as in verify --profile). Each
    /// requirement gets ✓ or ✗ with its fix; what DNS cannot show (TLS,
    /// one-click unsubscribe, the spam rate) is listed with where to check it.
    #[arg(long = "profile", value_name = "NAME", value_parser = crate::values::profile())]
    pub profiles: Vec<Profile>,
    /// Print only the records to publish, as zone-file lines with ';'
    /// comments, ready to paste into the zone: a starting DMARC record, an
    /// SPF record covering --ip (merged into the existing one), a flattened
    /// SPF record when it needs over 10 lookups, and the dkim keygen
    /// command when no DKIM key is found (never a made-up key). With --json
    /// they are the document's records field. The exit status is that of
    /// the check.
    #[arg(long)]
    pub records: bool,
}

/// What `--profile` and `--records` add to a domain report.
pub struct Extra {
    /// The sending IPs given, as DNS sees them.
    pub sending: Vec<SendingIp>,
    /// One checklist per profile.
    pub checklists: Vec<ProfileChecklist>,
    /// The records to publish.
    pub suggestions: Vec<Suggestion>,
}

/// `--ip` given more often than the check follows.
pub fn check_ip_count(ips: &[IpAddr]) -> Result<(), CliError> {
    if ips.len() > MAX_SENDING_IPS {
        return Err(CliError::usage("too-many-ips")
            .param("count", ips.len())
            .param("limit", MAX_SENDING_IPS));
    }
    Ok(())
}

impl Extra {
    /// Evaluates the sending IPs, each profile and the records to publish.
    pub async fn new<R: Resolver + Clone>(
        resolver: &R,
        report: &DomainReport,
        ips: &[IpAddr],
        args: &ProfileArgs,
    ) -> Self {
        let sending = sending_ips(resolver, &report.domain, ips).await;
        let mut profiles: Vec<Profile> = Vec::new();
        for p in &args.profiles {
            if !profiles.contains(p) {
                profiles.push(*p);
            }
        }
        let checklists = profiles
            .iter()
            .map(|&p| checklist(report, p, &sending))
            .collect();
        let suggestions = suggest(report, &sending);
        Self {
            sending,
            checklists,
            suggestions,
        }
    }

    /// The exit status by the worst finding of the report and of every
    /// checklist: a warning or worse is 1.
    pub fn exit(&self, report: &DomainReport) -> u8 {
        let worst = report
            .findings
            .iter()
            .map(|f| f.severity)
            .chain(self.checklists.iter().filter_map(|c| c.worst()))
            .max();
        if worst >= Some(Severity::Warning) {
            exit::NOT_OK
        } else {
            exit::OK
        }
    }

    /// The other sending IPs' SPF result and PTR names (the first one's are
    /// in the report's table), then the checklists and the records to
    /// publish.
    pub fn text(&self, lang: Lang) -> Text {
        let mut out = Text::new();
        if self.sending.len() > 1 {
            let mut rows = Vec::new();
            for s in &self.sending[1..] {
                rows.push((
                    Cell::label(format!("SPF {}", s.ip)),
                    Cell::result(s.spf.as_str()),
                ));
                rows.push((
                    Cell::label(format!("PTR {}", s.ip)),
                    if s.ptr.is_empty() {
                        Cell::label("—")
                    } else {
                        Cell::input(&s.ptr.join(", "))
                    },
                ));
            }
            out.push('\n');
            out.push_text(rows_text(rows));
        }
        for c in &self.checklists {
            out.push('\n');
            out.push_text(checklist_text(lang, c));
        }
        if !self.checklists.is_empty() || !self.suggestions.is_empty() {
            let _ = writeln!(out, "\n{}", ui(lang, "ui-records-title", &[]));
            out.push_str(&self.records_text(lang));
        }
        out
    }

    /// The records alone (`--records`): zone-file lines and `;` comments.
    pub fn records_text(&self, lang: Lang) -> String {
        if self.suggestions.is_empty() {
            format!("; {}\n", ui(lang, "ui-records-none", &[]))
        } else {
            zone_text(&self.suggestions, lang)
        }
    }

    /// The checklists for `--json`.
    pub fn checklists_json(&self, lang: Lang) -> Vec<ChecklistJson<'_>> {
        self.checklists
            .iter()
            .map(|c| ChecklistJson::new(lang, c))
            .collect()
    }

    /// The records for `--json`.
    pub fn records_json(&self, lang: Lang) -> Vec<RecordJson<'_>> {
        self.suggestions
            .iter()
            .map(|s| RecordJson::new(lang, s))
            .collect()
    }
}

/// One checklist: a heading, then a line per requirement (✓ met, ✗ not
/// met, ? not checked, – not checkable here) with the findings and fixes
/// under each line that is not ✓.
fn checklist_text(lang: Lang, c: &ProfileChecklist) -> Text {
    let checked = c
        .items
        .iter()
        .filter(|i| matches!(i.status, Status::Met | Status::Missing))
        .count();
    let mut out = Text::new();
    let _ = writeln!(
        out,
        "{}",
        ui(
            lang,
            "ui-profile-checklist",
            &[
                ("profile", c.profile.as_str()),
                ("missing", &c.missing().to_string()),
                ("checked", &checked.to_string()),
            ]
        )
    );
    if let Some(cause) = &c.cause {
        let _ = writeln!(out, "  {}", cause.message(lang));
        if let Some(fix) = cause.fix(lang) {
            let _ = writeln!(out, "  {}: {fix}", ui(lang, "ui-fix", &[]));
        }
    }
    for item in &c.items {
        let title = ui(
            lang,
            &format!("ui-requirement-{}", item.requirement.id()),
            &[],
        );
        let (mark, tone, note) = match item.status {
            Status::Met => ("✓", Tone::Pass, String::new()),
            Status::Missing => ("✗", Tone::Error, String::new()),
            Status::NotChecked => (
                "?",
                Tone::Warning,
                ui(lang, "ui-checklist-not-checked", &[]),
            ),
            Status::NotCheckable => ("–", Tone::Info, ui(lang, "ui-checklist-not-checkable", &[])),
        };
        out.push_str("  ");
        out.toned(tone, mark);
        let _ = writeln!(out, " {title}{note}");
        for f in &item.findings {
            let _ = writeln!(out, "      {}", f.message(lang));
            if let Some(fix) = f.fix(lang) {
                let _ = writeln!(out, "      {}: {fix}", ui(lang, "ui-fix", &[]));
            }
        }
    }
    out
}
