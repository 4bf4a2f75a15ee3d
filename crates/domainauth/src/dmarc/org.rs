//! The organizational domain: the RFC 9989 DNS tree walk (§4.10, §4.10.2)
//! and, in RFC 7489 mode, the Public Suffix List (RFC 7489 §3.2).

use psl::Psl as _;

use super::record::{Psd, Record};
use super::{Published, lookup};
use crate::dns::{DnsError, Resolver, normalize_name};

/// Why a Public Suffix List could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PslError {
    /// The list parser could not read the file (not UTF-8, or a rule it
    /// rejects).
    #[error("the Public Suffix List cannot be read: {0}")]
    Syntax(#[source] PslSyntaxError),
    /// The file holds no rules (an empty file, or comments only). The list
    /// parser refuses such a file itself today; the check is ours too, as a
    /// list without rules would make every name its own organizational
    /// domain.
    #[error("the Public Suffix List cannot be read: no rules in the file")]
    Empty,
}

impl PslError {
    /// What is wrong with the file, as the Display text says it after the colon.
    pub(crate) fn detail(&self) -> String {
        match self {
            Self::Syntax(e) => e.to_string(),
            Self::Empty => "no rules in the file".to_string(),
        }
    }
}

/// What the list parser said about a file it could not read. Its text is
/// the parser's; the parser's own error type is kept private so that this
/// crate's API does not change with the parser's versions.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct PslSyntaxError(publicsuffix::Error);

/// The Public Suffix List: the copy built into the crate (the `psl` crate's
/// list) or one loaded from a `public_suffix_list.dat` file.
///
/// ```
/// use domainauth::dmarc::PublicSuffixList;
/// let psl = PublicSuffixList::builtin();
/// assert_eq!(psl.org_domain("mail.example.co.jp"), "example.co.jp");
/// assert_eq!(psl.org_domain("news.shop.example.com"), "example.com");
/// ```
///
/// Which list backs it is private: the crates that parse the list are an
/// implementation detail, so their releases never change this type.
#[derive(Default, Clone)]
pub struct PublicSuffixList(Source);

/// Where the rules come from.
#[derive(Default, Clone)]
enum Source {
    /// The list compiled into the crate.
    #[default]
    Builtin,
    /// A list read at run time.
    Loaded(std::sync::Arc<publicsuffix::List>),
}

impl std::fmt::Debug for PublicSuffixList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Source::Builtin => "PublicSuffixList(builtin)",
            Source::Loaded(_) => "PublicSuffixList(loaded)",
        })
    }
}

impl PublicSuffixList {
    /// The list built into the crate.
    pub fn builtin() -> Self {
        Self(Source::Builtin)
    }

    /// Reads a list in the `public_suffix_list.dat` format (rules count
    /// from the `===BEGIN ICANN DOMAINS===` marker on).
    ///
    /// ```
    /// use domainauth::dmarc::{PslError, PublicSuffixList};
    /// let dat = b"// ===BEGIN ICANN DOMAINS===\njp\nco.jp\n";
    /// let psl = PublicSuffixList::from_bytes(dat)?;
    /// assert_eq!(psl.org_domain("mail.example.co.jp"), "example.co.jp");
    /// assert!(matches!(
    ///     PublicSuffixList::from_bytes(b"co.jp\n\xff\n"),
    ///     Err(PslError::Syntax(_))
    /// ));
    /// # Ok::<(), PslError>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PslError> {
        let list = publicsuffix::List::from_bytes(bytes)
            .map_err(|e| PslError::Syntax(PslSyntaxError(e)))?;
        if list.is_empty() {
            return Err(PslError::Empty);
        }
        Ok(Self(Source::Loaded(std::sync::Arc::new(list))))
    }

    /// The organizational domain of `domain` (RFC 7489 §3.2): the public
    /// suffix plus one label; a name that is itself a public suffix (or
    /// under no known suffix) is its own organizational domain.
    pub fn org_domain(&self, domain: &str) -> String {
        let name = normalize_name(domain);
        let found = match &self.0 {
            Source::Builtin => psl::List.domain(name.as_bytes()),
            Source::Loaded(list) => list.domain(name.as_bytes()),
        };
        found
            .and_then(|d| std::str::from_utf8(d.as_bytes()).ok())
            .map_or_else(|| name.clone(), str::to_string)
    }
}

/// One step of a tree walk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WalkStep {
    /// The domain queried (without `_dmarc.`).
    pub domain: String,
    /// What `_dmarc.<domain>` held.
    pub published: Published,
    /// The record parsed, when exactly one was published.
    #[serde(skip)]
    parsed: Option<Record>,
}

impl WalkStep {
    /// A step for what `_dmarc.<domain>` holds.
    pub fn new(domain: String, published: Published) -> Self {
        let parsed = match &published {
            Published::Record { record, .. } => Some(Record::parse(record)),
            _ => None,
        };
        Self {
            domain,
            published,
            parsed,
        }
    }

    /// The record, when exactly one was published.
    pub fn record(&self) -> Option<&Record> {
        self.parsed.as_ref()
    }
}

/// The result of a DNS tree walk from one domain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Walk {
    /// The domain the walk started at.
    pub start: String,
    /// Each query, most specific first.
    pub steps: Vec<WalkStep>,
}

/// The targets of a walk from `domain` (RFC 9989 §4.10 steps 4–8): the
/// domain itself, then — when it has five labels or more — its last four
/// labels, then one label fewer each time down to the top-level domain.
/// A name without labels (`""`, `"."`) has no targets: nothing is queried.
pub fn walk_targets(domain: &str) -> Vec<String> {
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.is_empty() {
        return Vec::new();
    }
    let mut out = vec![labels.join(".")];
    for keep in (1..labels.len().min(5)).rev() {
        let from = labels.len() - keep;
        out.push(labels[from..].join("."));
    }
    out
}

/// Walks up from `domain`, stopping as RFC 9989 §4.10 says: at the start on
/// `psd=n`, above it on `psd=n` or `psd=y`, else at the top-level domain.
pub async fn tree_walk<R: Resolver + ?Sized>(resolver: &R, domain: &str) -> Result<Walk, DnsError> {
    let start = normalize_name(domain);
    let mut steps = Vec::new();
    for (n, target) in walk_targets(&start).into_iter().enumerate() {
        let published = lookup(resolver, &target).await?;
        let step = WalkStep::new(target, published);
        let psd = step.record().map(|r| r.psd()).unwrap_or_default();
        steps.push(step);
        match psd {
            Psd::No => break,
            Psd::Yes if n > 0 => break,
            _ => {}
        }
    }
    Ok(Walk { start, steps })
}

impl Walk {
    /// The organizational domain (RFC 9989 §4.10.2): among the domains with a
    /// record, longest first, the first with `psd=n`; else the domain one
    /// label below the first `psd=y` above the start; else the one with the
    /// fewest labels; with no record at all, the start domain.
    pub fn org_domain(&self) -> String {
        let with_records: Vec<(usize, &WalkStep, &Record)> = self
            .steps
            .iter()
            .enumerate()
            .filter_map(|(n, s)| s.record().map(|r| (n, s, r)))
            .collect();
        for (n, step, record) in &with_records {
            match record.psd() {
                Psd::No => return step.domain.clone(),
                Psd::Yes if *n > 0 => {
                    let labels = step.domain.split('.').count() + 1;
                    let start: Vec<&str> = self.start.split('.').collect();
                    return start[start.len().saturating_sub(labels)..].join(".");
                }
                _ => {}
            }
        }
        with_records
            .last()
            .map_or_else(|| self.start.clone(), |(_, s, _)| s.domain.clone())
    }

    /// The step for `domain`, if the walk queried it.
    pub fn step(&self, domain: &str) -> Option<&WalkStep> {
        self.steps.iter().find(|s| s.domain == domain)
    }

    /// The first record found at or above the start whose `psd=y` marks a
    /// public suffix domain (for PSD policy, RFC 9989 §4.10.1).
    pub fn psd_step(&self) -> Option<&WalkStep> {
        self.steps
            .iter()
            .skip(1)
            .find(|s| s.record().is_some_and(|r| r.psd() == Psd::Yes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_follow_the_rfc_example() {
        assert_eq!(
            walk_targets("a.b.c.d.e.mail.example.com"),
            vec![
                "a.b.c.d.e.mail.example.com",
                "e.mail.example.com",
                "mail.example.com",
                "example.com",
                "com"
            ]
        );
        assert_eq!(
            walk_targets("a.mail.example.com"),
            vec![
                "a.mail.example.com",
                "mail.example.com",
                "example.com",
                "com"
            ]
        );
        assert_eq!(walk_targets("com"), vec!["com"]);
    }

    /// An empty or dot-only name (a MAIL FROM of `a@`, a HELO of `.`) once
    /// underflowed here: it has no targets and walks nowhere.
    #[test]
    fn names_without_labels_have_no_targets() {
        for name in ["", ".", "..", "..."] {
            assert!(walk_targets(name).is_empty(), "{name:?}");
        }
        assert_eq!(walk_targets("a..example."), vec!["a.example", "example"]);
    }

    #[test]
    fn builtin_psl() {
        let psl = PublicSuffixList::builtin();
        assert_eq!(psl.org_domain("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(psl.org_domain("co.uk"), "co.uk");
        assert_eq!(psl.org_domain("Example.COM."), "example.com");
    }

    #[test]
    fn loaded_psl() {
        let psl = PublicSuffixList::from_bytes(
            b"// ===BEGIN ICANN DOMAINS===\ncom\nexample.com\n// ===END ICANN DOMAINS===\n",
        )
        .unwrap();
        assert_eq!(psl.org_domain("a.b.example.com"), "b.example.com");
        assert!(PublicSuffixList::from_bytes(b"// nothing\n").is_err());
    }
}
