//! `domainauth schema`: the JSON Schema of a command's `--json` output, as
//! shipped with this binary, so a script can validate what the installed
//! version prints (docs/json.md).

use clap::{Args, ValueEnum};

use crate::{CliError, exit};

/// The documents `--json` prints, by the name of their schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Document {
    /// domainauth verify
    Verify,
    /// domainauth check
    Check,
    /// domainauth check with several domains or --domains
    CheckMany,
    /// domainauth spf check
    SpfCheck,
    /// domainauth spf record
    SpfRecord,
    /// domainauth dmarc check
    DmarcCheck,
    /// domainauth dmarc lint
    DmarcLint,
    /// domainauth dkim verify
    DkimVerify,
    /// domainauth dkim sign
    DkimSign,
    /// domainauth dkim keygen
    DkimKeygen,
    /// domainauth arc verify
    ArcVerify,
    /// domainauth arc seal
    ArcSeal,
    /// domainauth reports ingest
    ReportsIngest,
    /// domainauth reports summary
    ReportsSummary,
    /// domainauth reports list
    ReportsList,
    /// domainauth reports show
    ReportsShow,
    /// domainauth reports failures
    ReportsFailures,
    /// domainauth reports tls
    ReportsTls,
    /// domainauth milter import-opendkim
    MilterImportOpendkim,
    /// domainauth milter import-opendmarc
    MilterImportOpendmarc,
    /// domainauth milter --check-config
    MilterCheckConfig,
    /// An error of any command (exit 2 or 3).
    Error,
}

impl Document {
    /// The schema file's text, as committed under `schemas/`.
    pub fn schema(self) -> &'static str {
        match self {
            Self::Verify => include_str!("../schemas/verify.schema.json"),
            Self::Check => include_str!("../schemas/check.schema.json"),
            Self::CheckMany => include_str!("../schemas/check-many.schema.json"),
            Self::SpfCheck => include_str!("../schemas/spf-check.schema.json"),
            Self::SpfRecord => include_str!("../schemas/spf-record.schema.json"),
            Self::DmarcCheck => include_str!("../schemas/dmarc-check.schema.json"),
            Self::DmarcLint => include_str!("../schemas/dmarc-lint.schema.json"),
            Self::DkimVerify => include_str!("../schemas/dkim-verify.schema.json"),
            Self::DkimSign => include_str!("../schemas/dkim-sign.schema.json"),
            Self::DkimKeygen => include_str!("../schemas/dkim-keygen.schema.json"),
            Self::ArcVerify => include_str!("../schemas/arc-verify.schema.json"),
            Self::ArcSeal => include_str!("../schemas/arc-seal.schema.json"),
            Self::ReportsIngest => include_str!("../schemas/reports-ingest.schema.json"),
            Self::ReportsSummary => include_str!("../schemas/reports-summary.schema.json"),
            Self::ReportsList => include_str!("../schemas/reports-list.schema.json"),
            Self::ReportsShow => include_str!("../schemas/reports-show.schema.json"),
            Self::ReportsFailures => include_str!("../schemas/reports-failures.schema.json"),
            Self::ReportsTls => include_str!("../schemas/reports-tls.schema.json"),
            Self::MilterImportOpendkim => {
                include_str!("../schemas/milter-import-opendkim.schema.json")
            }
            Self::MilterImportOpendmarc => {
                include_str!("../schemas/milter-import-opendmarc.schema.json")
            }
            Self::MilterCheckConfig => include_str!("../schemas/milter-check-config.schema.json"),
            Self::Error => include_str!("../schemas/error.schema.json"),
        }
    }
}

/// Arguments of `domainauth schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Whose output: verify, check, check-many, spf-check, spf-record, dmarc-check,
    /// dmarc-lint, dkim-verify, dkim-sign, dkim-keygen, arc-verify,
    /// arc-seal, reports-ingest,
    /// reports-summary, reports-list, reports-show, reports-failures, reports-tls,
    /// milter-import-opendkim, milter-import-opendmarc, milter-check-config,
    /// or error.
    #[arg(value_enum, value_name = "DOCUMENT")]
    document: Document,
}

/// Prints the schema of `args.document` on standard output.
pub fn run(args: &SchemaArgs) -> Result<u8, CliError> {
    crate::output::write_stdout(args.document.schema().as_bytes()).map(|()| exit::OK)
}
