//! The `--profile` and records parts of `domainauth check --json`.

use domainauth::check::profile::{ProfileChecklist, Status};
use domainauth::check::records::Suggestion;
use domainauth::diag::{Lang, ui};
use domainauth::profile::{Profile, Requirement};
use serde::Serialize;

use super::{Finding, findings};

/// A domain against one receiver profile.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ChecklistJson<'a> {
    /// The profile (`gmail` and `yahoo` are read as `gmail-bulk` and
    /// `yahoo-bulk`).
    pub profile: Profile,
    /// How many requirements are not met.
    pub missing: usize,
    /// One entry per requirement, in the profile's order.
    pub requirements: Vec<RequirementJson<'a>>,
    /// The one cause of every requirement not met, given once here rather
    /// than under each (the domain does not exist); else null.
    pub cause: Option<Finding<'a>>,
}

/// One requirement of a profile.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RequirementJson<'a> {
    /// Its identifier, the same in `verify --profile` findings (their
    /// `requirement` parameter).
    pub requirement: Requirement,
    /// Its title in words (in `--lang`).
    pub title: String,
    /// `met`, `missing`, `not-checked` (no `--ip`, or DNS failed) or
    /// `not-checkable` (DNS cannot show it).
    pub status: Status,
    /// Why it is not met or not checked, with the fix, or where to check
    /// it; empty when met.
    pub findings: Vec<Finding<'a>>,
}

impl<'a> ChecklistJson<'a> {
    /// `checklist` rendered in `lang`.
    pub fn new(lang: Lang, checklist: &'a ProfileChecklist) -> Self {
        Self {
            profile: checklist.profile,
            missing: checklist.missing(),
            requirements: checklist
                .items
                .iter()
                .map(|i| RequirementJson {
                    requirement: i.requirement,
                    title: ui(lang, &format!("ui-requirement-{}", i.requirement.id()), &[]),
                    status: i.status,
                    findings: findings(lang, &i.findings),
                })
                .collect(),
            cause: checklist.cause.as_ref().map(|f| Finding::new(lang, f)),
        }
    }
}

/// A record to publish (or the command that makes it).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RecordJson<'a> {
    /// What to publish, typed.
    pub suggestion: &'a Suggestion,
    /// What it does and what to mind (in `--lang`).
    pub comment: Vec<String>,
    /// The suggestion as zone-file text, as `--records` prints it.
    pub zone_lines: String,
}

impl<'a> RecordJson<'a> {
    /// `suggestion` rendered in `lang`.
    pub fn new(lang: Lang, suggestion: &'a Suggestion) -> Self {
        Self {
            suggestion,
            comment: suggestion.comment(lang),
            zone_lines: suggestion.zone_lines(lang),
        }
    }
}
