//! Reading a domain's whole SPF record tree (its includes and redirects) to
//! count lookups per branch and lint what is published.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use crate::diag::{Code, Finding};
use crate::dns::{Budget, BudgetLimit, DnsError, Known, Metered, Query, Resolver, normalize_name};

use super::ahead::{Ahead, Reader, mismatch};
use super::explain::{loop_finding, problem_finding};
use super::record::{Directive, Mechanism, Qualifier, Record, is_spf_record};
use super::result::{Limits, Problem};

/// Levels of include/redirect followed before giving up (a loop or a very deep tree).
const MAX_DEPTH: usize = 12;

/// Nodes one tree holds (records read, repeats, loops and problems). Each
/// node below the root is reached through an `include` or `redirect`, one
/// of the 10 DNS-querying terms RFC 7208 §4.6.4 allows, so a tree within
/// the limit has at most 11; the cap only stops trees far over it, with a
/// finding, before they cost memory and output without end.
pub const MAX_TREE_NODES: usize = 200;

/// DNS queries one reading of the tree sends: the TXT record of each
/// domain, and the A or MX lookup of each `a`, `mx` and `exists` term
/// (to count void answers). Evaluation stops after 10 such terms; a record
/// of thousands of them is read as far as this cap, with a finding.
pub const MAX_TREE_QUERIES: usize = 400;

/// One record in the tree.
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecordNode {
    /// The domain whose record this is.
    pub domain: String,
    /// The term that led here (`include:…` or `redirect=…`); `None` at the root.
    pub via: Option<String>,
    /// The record text, when exactly one SPF record was found.
    pub record: Option<String>,
    /// Lengths of the TXT character-strings holding the record.
    pub string_lengths: Vec<usize>,
    /// Why there is no usable record here.
    pub problem: Option<Problem>,
    /// DNS-querying terms in this record alone.
    pub lookups: u32,
    /// DNS-querying terms in this record and everything below it.
    pub total_lookups: u32,
    /// Lookups in this record that returned no records.
    pub void_lookups: u32,
    /// The domain's record was already read above in the tree (an earlier
    /// branch includes it too, or the same record text was read at another
    /// name, such as a CNAME or wildcard target, and its lookups do not
    /// depend on the name): `record`, `string_lengths`, `problem` and
    /// `children` are given there and left empty here, while the counts
    /// are its counts again, as evaluation looks up an included record's
    /// terms each time it is included (RFC 7208 §4.6.4). This keeps the
    /// tree as large as the records it holds, not as the paths through
    /// them.
    pub repeated: bool,
    /// Included and redirected records.
    pub children: Vec<RecordNode>,
}

impl RecordNode {
    fn new(domain: String, via: Option<String>) -> Self {
        Self {
            domain,
            via,
            record: None,
            string_lengths: Vec::new(),
            problem: None,
            lookups: 0,
            total_lookups: 0,
            void_lookups: 0,
            repeated: false,
            children: Vec::new(),
        }
    }
}

/// What the tree keeps of a record read once, to repeat it in the counts
/// wherever it is included again.
#[derive(Debug, Clone, Copy)]
struct Read {
    lookups: u32,
    total_lookups: u32,
    void_lookups: u32,
    /// Void lookups of the record and everything below it, as added to
    /// the tree's count while it was read.
    subtree_void_lookups: u32,
    /// The domain has no SPF record or does not exist.
    no_record: bool,
}

/// The analysed tree with its findings.
#[derive(Debug, Clone, serde::Serialize)]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecordTree {
    /// The root record.
    pub root: RecordNode,
    /// DNS-querying terms of the whole tree, when nothing matches early.
    pub total_lookups: u32,
    /// Void lookups met across the tree.
    pub void_lookups: u32,
    /// The limits checked against.
    pub limits: Limits,
    /// What is wrong or worth changing, most severe first.
    pub findings: Vec<Finding>,
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

struct Walk<'r, R: Resolver + ?Sized> {
    resolver: &'r R,
    /// The questions the walk will ask, asked ahead (see [`super::ahead`]).
    ahead: Ahead<'r, R>,
    findings: Vec<Finding>,
    void_lookups: u32,
    /// Of those, the lookups of include/redirect targets without a record,
    /// each already a `spf-lint-broken-include` finding.
    broken_target_voids: u32,
    /// Each domain whose record was read, by name.
    read: HashMap<String, Read>,
    /// Each record read whose lookups do not depend on the name it was
    /// read at, by its text: the same record reached through another name
    /// (a CNAME, a wildcard) is shown and linted once.
    read_text: HashMap<String, Read>,
    /// Nodes made so far (against [`MAX_TREE_NODES`]).
    nodes: usize,
    /// DNS queries sent so far (against [`MAX_TREE_QUERIES`]).
    queries: usize,
    /// Whether a cap stopped the reading somewhere.
    truncated: bool,
}

/// Fetches and lints `domain`'s SPF record and every include and redirect
/// below it (terms with macros cannot be followed without a message and are
/// counted once).
///
/// Only the terms evaluation can reach are counted and followed: none
/// after `all` (RFC 7208 §5.1, said by [`Code::SpfLintAfterAll`]), and no
/// `redirect=` beside `all` (§6.1). A term lookup that fails temporarily
/// is a [`Code::SpfTempError`] finding naming the name, and an MX answer
/// of more than 10 names a [`Code::SpfTooManyMxNames`] one (§4.6.4), as
/// evaluation gives `temperror` and `permerror` there.
///
/// Each record is read and linted once: where another branch includes it
/// again, or the same text is published at another name, its node is
/// marked [`RecordNode::repeated`] and carries its
/// counts only, so the work and the tree grow with the records published,
/// not with the paths through them (a record including the next one twice,
/// eight levels down, would otherwise be 2⁸ copies). The counts still count
/// every inclusion, as evaluation does. The reading stops at
/// [`MAX_TREE_NODES`] nodes or [`MAX_TREE_QUERIES`] DNS queries with a
/// [`Code::SpfLintTreeTruncated`] finding; such a tree is far over the
/// lookup limit, and its counts are then lower bounds.
///
/// The records of literal `include:`/`redirect=` targets and the names of
/// `a`, `mx` and `exists` are asked ahead, a few at a time, as
/// [`Verifier`](super::Verifier) does (see [the module docs](super)): a
/// tree costs about its depth in round trips, and is the same.
///
/// ```
/// use domainauth::dns::{ZoneResolver};
/// use domainauth::diag::Code;
/// let zone = ZoneResolver::from_zone_text(concat!(
///     "$ORIGIN example.com.\n",
///     "@ TXT \"v=spf1 include:_spf.example.com ptr +all\"\n",
///     "_spf TXT \"v=spf1 a mx -all\"\n",
///     "@ A 192.0.2.1\n"), None).unwrap();
/// let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let tree = rt.block_on(domainauth::spf::analyze(&zone, "example.com"));
/// assert_eq!(tree.total_lookups, 4);
/// let codes: Vec<_> = tree.findings.iter().map(|f| f.code).collect();
/// assert!(codes.contains(&Code::SpfLintPlusAll));
/// assert!(codes.contains(&Code::SpfLintPtr));
/// ```
pub async fn analyze<R: Resolver + ?Sized>(resolver: &R, domain: &str) -> RecordTree {
    analyze_within(resolver, domain, &Budget::default()).await
}

/// [`analyze`] under `budget`'s deadline, measured with its clock: no DNS
/// question is sent once [`Budget::deadline`] has passed (RFC 7208 §4.6.4
/// asks that SPF work be bounded in time), and the tree then carries a
/// [`Code::DnsDeadline`] finding saying it is incomplete. Only the deadline
/// and the clock are used; the number of questions is bounded by
/// [`MAX_TREE_QUERIES`]. [`analyze`] uses [`Budget::DEFAULT_DEADLINE`],
/// the deadline `verify` gives each message.
pub async fn analyze_within<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
    budget: &Budget,
) -> RecordTree {
    let dns = Metered::new(
        resolver,
        &Budget {
            max_queries: u32::MAX,
            ..budget.clone()
        },
    );
    let domain = normalize_name(domain);
    let mut tree = analyze_unbounded(&dns, &domain).await;
    if let Some(finding) = deadline_finding(&dns, &domain) {
        tree.findings.insert(0, finding);
    }
    tree
}

/// The [`Code::DnsDeadline`] finding for `domain` when `dns` refused a
/// question because its deadline had passed.
pub(crate) fn deadline_finding<R>(dns: &Metered<R>, domain: &str) -> Option<Finding> {
    let exceeded = dns.usage().exceeded?;
    let BudgetLimit::Deadline { after_ms } = exceeded.limit else {
        return None;
    };
    Some(
        Finding::new(Code::DnsDeadline)
            .param("domain", domain)
            .param("elapsed", exceeded.elapsed_ms)
            .param("limit", after_ms)
            .param("queries", exceeded.queries),
    )
}

/// [`analyze`] with no deadline of its own: the caller's resolver bounds
/// the time (a [`Metered`] one, as in [`crate::check::check_domain`]).
pub(crate) async fn analyze_unbounded<R: Resolver + ?Sized>(
    resolver: &R,
    domain: &str,
) -> RecordTree {
    let limits = Limits::default();
    let mut walk = Walk {
        resolver,
        ahead: Ahead::new(
            resolver,
            None,
            limits,
            Reader::Tree,
            super::DEFAULT_PREFETCH,
            u32::try_from(MAX_TREE_QUERIES).unwrap_or(u32::MAX),
        ),
        findings: Vec::new(),
        void_lookups: 0,
        broken_target_voids: 0,
        read: HashMap::new(),
        read_text: HashMap::new(),
        nodes: 1,
        queries: 0,
        truncated: false,
    };
    let domain = normalize_name(domain);
    let root = walk.node(domain.clone(), None, Vec::new()).await;
    let total = root.total_lookups;
    let mut findings = walk.findings;
    if walk.truncated {
        findings.push(
            Finding::new(Code::SpfLintTreeTruncated)
                .param("domain", &domain)
                .param("nodes", MAX_TREE_NODES)
                .param("queries", MAX_TREE_QUERIES)
                .param("limit", limits.dns_terms),
        );
    }
    let (branch, branch_count) = costliest_branch(&root);
    if total > limits.dns_terms {
        findings.push(
            Finding::new(Code::SpfLintLookupsOver)
                .param("domain", &domain)
                .param("count", total)
                .param("limit", limits.dns_terms)
                .param("branch", &branch)
                .param("branch_count", branch_count),
        );
    } else if total + 2 > limits.dns_terms {
        findings.push(
            Finding::new(Code::SpfLintLookupsNear)
                .param("domain", &domain)
                .param("count", total)
                .param("limit", limits.dns_terms)
                .param("branch", &branch)
                .param("branch_count", branch_count),
        );
    }
    // Void lookups that are all broken include/redirect targets are that
    // cause again: each has its finding, which says the check permerrors.
    if walk.void_lookups > limits.void_lookups && walk.void_lookups > walk.broken_target_voids {
        let (branch, branch_count) = most_void(&root);
        findings.push(
            Finding::new(Code::SpfLintVoidLookups)
                .param("domain", &domain)
                .param("count", walk.void_lookups)
                .param("limit", limits.void_lookups)
                .param("branch", branch)
                .param("branch_count", branch_count),
        );
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    RecordTree {
        root,
        total_lookups: total,
        void_lookups: walk.void_lookups,
        limits,
        findings,
    }
}

impl<R: Resolver + ?Sized> Walk<'_, R> {
    fn node<'s>(
        &'s mut self,
        domain: String,
        via: Option<String>,
        chain: Vec<String>,
    ) -> BoxFuture<'s, RecordNode>
    where
        R: 's,
    {
        Box::pin(async move {
            let void_before = self.void_lookups;
            let mut node = RecordNode::new(domain.clone(), via);
            if !self.may_query() {
                return node;
            }
            let mut by_text = None;
            match self.read_record(&mut node).await {
                Fetched::Record(record, text) => {
                    self.ahead.plan(&domain, &record);
                    let decides = node
                        .via
                        .as_deref()
                        .is_none_or(|v| v.starts_with("redirect="));
                    self.lint_record(&domain, &record, decides);
                    let mut chain = chain;
                    chain.push(domain.clone());
                    self.follow_terms(&mut node, &record, &chain).await;
                    self.void_lookups = self.void_lookups.saturating_add(node.void_lookups);
                    node.total_lookups = node
                        .children
                        .iter()
                        .fold(node.lookups, |sum, c| sum.saturating_add(c.total_lookups));
                    by_text = same_anywhere(&record).then_some(text);
                }
                Fetched::Repeated(read) => {
                    // The same text read at another name: its counts
                    // again, as evaluation would look its terms up again.
                    self.void_lookups = self.void_lookups.saturating_add(read.subtree_void_lookups);
                    node.repeated = true;
                    node.lookups = read.lookups;
                    node.total_lookups = read.total_lookups;
                    node.void_lookups = read.void_lookups;
                }
                Fetched::Nothing => {}
            }
            let read = Read {
                lookups: node.lookups,
                total_lookups: node.total_lookups,
                void_lookups: node.void_lookups,
                subtree_void_lookups: self.void_lookups.saturating_sub(void_before),
                no_record: matches!(
                    node.problem,
                    Some(Problem::NoRecord { .. } | Problem::NoSuchDomain { .. })
                ),
            };
            if let Some(text) = by_text {
                self.read_text.insert(text, read);
            }
            self.read.insert(domain, read);
            node
        })
    }

    /// Whether one more DNS query may be sent ([`MAX_TREE_QUERIES`]); the
    /// query is counted when it may.
    fn may_query(&mut self) -> bool {
        if self.queries >= MAX_TREE_QUERIES {
            self.truncated = true;
            return false;
        }
        self.queries += 1;
        true
    }

    /// The SPF record of `node`'s domain (RFC 7208 §4.4, §4.5), parsed and
    /// its text kept in the node; [`Fetched::Repeated`] when the same text
    /// was read at another name already, [`Fetched::Nothing`] with the
    /// node's problem set when there is no usable record.
    async fn read_record(&mut self, node: &mut RecordNode) -> Fetched {
        match self.fetch_record(node).await {
            Ok(fetched) => fetched,
            Err(()) => Fetched::Nothing,
        }
    }

    async fn fetch_record(&mut self, node: &mut RecordNode) -> Result<Fetched, ()> {
        let domain = node.domain.clone();
        let resolver = self.resolver;
        let query = Query::Txt(&domain);
        let answer = self
            .ahead
            .answer(query, async { Known::Txt(resolver.txt(&domain).await) })
            .await;
        let answer = match answer {
            Known::Txt(answer) => answer,
            _ => Err(mismatch(crate::dns::RecordType::Txt, &domain)),
        };
        let txts = match answer {
            Ok(t) => t,
            Err(DnsError::NxDomain { .. }) => {
                node.problem = Some(Problem::NoSuchDomain { domain });
                return Err(());
            }
            Err(e) if e.is_void() => {
                node.problem = Some(Problem::NoRecord { domain });
                return Err(());
            }
            Err(error) => {
                if !matches!(error, DnsError::OverBudget { .. }) {
                    self.dns_failure(&domain, &error);
                }
                node.problem = Some(Problem::Dns { error });
                return Err(());
            }
        };
        let spf: Vec<_> = txts.iter().filter(|t| is_spf_record(&t.joined())).collect();
        let txt = match spf.as_slice() {
            [] => {
                node.problem = Some(Problem::NoRecord { domain });
                return Err(());
            }
            [one] => *one,
            more => {
                let problem = Problem::MultipleRecords {
                    domain,
                    count: more.len(),
                };
                self.findings.push(problem_finding(&problem, "mx"));
                node.problem = Some(problem);
                return Err(());
            }
        };
        node.string_lengths = txt.strings.iter().map(Vec::len).collect();
        let text = String::from_utf8_lossy(&txt.joined()).into_owned();
        if let Some(read) = self.read_text.get(&text) {
            node.string_lengths.clear();
            return Ok(Fetched::Repeated(*read));
        }
        node.record = Some(text.clone());
        self.lint_size(&domain, &text, &node.string_lengths);
        match Record::parse(&text) {
            Ok(record) => Ok(Fetched::Record(record, text)),
            Err(error) => {
                let problem = Problem::Syntax {
                    domain,
                    record: text,
                    error,
                };
                self.findings.push(problem_finding(&problem, "mx"));
                node.problem = Some(problem);
                Err(())
            }
        }
    }

    /// Counts the record's DNS lookups (§4.6.4) and walks into its
    /// `include`s and `redirect` when they name a domain without macros;
    /// `a`, `mx` and `exists` are looked up to count void answers.
    async fn follow_terms(&mut self, node: &mut RecordNode, record: &Record, chain: &[String]) {
        for d in evaluated(record) {
            if !d.mechanism.queries_dns() {
                continue;
            }
            node.lookups = node.lookups.saturating_add(1);
            match &d.mechanism {
                Mechanism::Include(spec) => {
                    if let Some(target) = spec.literal()
                        && let Some(child) = self.child(&target, d.to_string(), chain).await
                    {
                        node.children.push(child);
                    }
                }
                Mechanism::A(..) | Mechanism::Mx(..) | Mechanism::Exists(_) => {
                    let void = self.void_answer(d, &node.domain).await;
                    node.void_lookups = node.void_lookups.saturating_add(u32::from(void));
                }
                _ => {}
            }
        }
        if let Some(spec) = record.redirect()
            && record.all().is_none()
        {
            node.lookups = node.lookups.saturating_add(1);
            if let Some(target) = spec.literal()
                && let Some(child) = self.child(&target, format!("redirect={spec}"), chain).await
            {
                node.children.push(child);
            }
        }
    }

    /// Whether an `a`, `mx` or `exists` term's lookup answers nothing (a
    /// void lookup, §4.6.4). Without a domain-spec, a and mx look up the
    /// record's own domain (§5.3, §5.4); a target with macros is not
    /// looked up. What makes evaluation fail at this term is a finding: a
    /// temporary DNS failure (`temperror`, §4.4) and an MX answer of more
    /// than 10 names (`permerror`, §4.6.4).
    async fn void_answer(&mut self, directive: &Directive, domain: &str) -> bool {
        let mechanism = &directive.mechanism;
        let target = match mechanism {
            Mechanism::A(Some(spec), _)
            | Mechanism::Mx(Some(spec), _)
            | Mechanism::Exists(spec) => spec.literal().map(|t| t.into_owned()),
            _ => Some(domain.to_string()),
        };
        let Some(target) = target else {
            return false;
        };
        if !self.may_query() {
            return false;
        }
        let resolver = self.resolver;
        let error = match mechanism {
            Mechanism::Mx(..) => match self.ask_mx(resolver, &target).await {
                Ok(mxs) => {
                    let limit = Limits::default().mx_names;
                    if mxs.len() > limit {
                        self.push_new(problem_finding(
                            &Problem::TooManyMxNames {
                                target: target.clone(),
                                count: mxs.len(),
                                limit,
                                term: directive.to_string(),
                            },
                            "mx",
                        ));
                    }
                    None
                }
                Err(e) => Some(e),
            },
            _ => match self
                .ahead
                .answer(Query::A(&target), async {
                    Known::A(resolver.a(&target).await)
                })
                .await
            {
                Known::A(answer) => answer.err(),
                _ => Some(mismatch(crate::dns::RecordType::A, &target)),
            },
        };
        match error {
            Some(e) if e.is_void() => true,
            // Refused past the deadline: said once, for the whole tree.
            Some(DnsError::OverBudget { .. }) | None => false,
            Some(error) => {
                if error.is_temporary() {
                    self.push_new(problem_finding(&Problem::Dns { error }, "mx"));
                }
                false
            }
        }
    }

    /// The MX records of `target`, asked ahead if they were.
    async fn ask_mx(&mut self, resolver: &R, target: &str) -> crate::dns::Answer<crate::dns::Mx> {
        let query = Query::Mx(target);
        match self
            .ahead
            .answer(query, async { Known::Mx(resolver.mx(target).await) })
            .await
        {
            Known::Mx(answer) => answer,
            _ => Err(mismatch(crate::dns::RecordType::Mx, target)),
        }
    }

    fn push_new(&mut self, finding: Finding) {
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    /// The node of an include or redirect target; `None` when the tree
    /// holds [`MAX_TREE_NODES`] nodes already.
    async fn child(&mut self, target: &str, term: String, chain: &[String]) -> Option<RecordNode> {
        if self.nodes >= MAX_TREE_NODES {
            self.truncated = true;
            return None;
        }
        self.nodes += 1;
        let target = normalize_name(target);
        let parent = chain.last().cloned().unwrap_or_default();
        let (node, no_record) = if chain.contains(&target) {
            (self.loop_node(target.clone(), term.clone(), chain), false)
        } else if let Some(read) = self.read.get(&target).copied() {
            // Read in another branch: evaluation would look up its terms
            // (and meet its void answers) here again.
            self.void_lookups = self.void_lookups.saturating_add(read.subtree_void_lookups);
            let mut node = RecordNode::new(target.clone(), Some(term.clone()));
            node.repeated = true;
            node.lookups = read.lookups;
            node.total_lookups = read.total_lookups;
            node.void_lookups = read.void_lookups;
            (node, read.no_record)
        } else if chain.len() >= MAX_DEPTH {
            (too_deep_node(target.clone(), term.clone(), chain), false)
        } else {
            let node = self
                .node(target.clone(), Some(term.clone()), chain.to_vec())
                .await;
            let no_record = matches!(
                node.problem,
                Some(Problem::NoRecord { .. } | Problem::NoSuchDomain { .. })
            );
            (node, no_record)
        };
        if no_record {
            // The include's own lookup finds nothing (§4.6.4), each time.
            self.void_lookups = self.void_lookups.saturating_add(1);
            self.broken_target_voids = self.broken_target_voids.saturating_add(1);
            let finding = Finding::new(Code::SpfLintBrokenInclude)
                .param("domain", &parent)
                .param("target", &target)
                .param("term", &term);
            if !self.findings.contains(&finding) {
                self.findings.push(finding);
            }
        }
        Some(node)
    }

    /// An include or redirect back to a record of `chain`: evaluation goes
    /// round the loop until the lookup limit. Said as a loop with its
    /// members; its lookups are not counted again.
    fn loop_node(&mut self, target: String, term: String, chain: &[String]) -> RecordNode {
        let mut looped = chain.to_vec();
        looped.push(target.clone());
        if let Some(finding) = loop_finding(&looped) {
            self.findings.push(finding);
        }
        let mut node = RecordNode::new(target, Some(term));
        node.problem = Some(Problem::IncludeLoop {
            domain: chain.last().cloned().unwrap_or_default(),
            chain: looped,
        });
        node
    }

    fn dns_failure(&mut self, domain: &str, error: &DnsError) {
        self.findings.push(
            Finding::new(Code::SpfLintDnsFailure)
                .param("domain", domain)
                .reason("error", error),
        );
    }

    fn lint_size(&mut self, domain: &str, text: &str, strings: &[usize]) {
        if strings.iter().any(|&l| l > 255) {
            self.findings.push(
                Finding::new(Code::SpfLintLongString)
                    .param("domain", domain)
                    .param("length", text.len()),
            );
        }
        if text.len() > 450 {
            self.findings.push(
                Finding::new(Code::SpfLintRecordTooLong)
                    .param("domain", domain)
                    .param("length", text.len()),
            );
        }
    }

    /// The record's own problems. `decides`: its `all` gives the result of
    /// the whole check (the root, or a `redirect=` target). An included
    /// record's `?all`, `~all` or `-all` only makes the `include` not
    /// match (RFC 7208 §5.2), so it is said of the deciding records only;
    /// `+all` is said everywhere, as an included `+all` makes the include
    /// match every address.
    fn lint_record(&mut self, domain: &str, record: &Record, decides: bool) {
        let finding = |code| Finding::new(code).param("domain", domain);
        match record.all() {
            Some(all) => {
                let code = match all.qualifier {
                    Qualifier::Pass => Some(Code::SpfLintPlusAll),
                    Qualifier::Neutral if decides => Some(Code::SpfLintNeutralAll),
                    Qualifier::SoftFail if decides => Some(Code::SpfLintSoftFailAll),
                    Qualifier::Neutral | Qualifier::SoftFail | Qualifier::Fail => None,
                };
                self.findings.extend(code.map(finding));
                if record.redirect().is_some() {
                    self.findings.push(finding(Code::SpfLintRedirectIgnored));
                }
            }
            None if decides && record.redirect().is_none() => {
                self.findings.push(finding(Code::SpfLintNoAll))
            }
            None => {}
        }
        for d in evaluated(record) {
            if matches!(d.mechanism, Mechanism::Ptr(_)) {
                self.findings
                    .push(finding(Code::SpfLintPtr).param("term", d));
            }
        }
        let after: Vec<&str> = record
            .directives_as_written()
            .skip_while(|(_, d)| d.mechanism != Mechanism::All)
            .skip(1)
            .map(|(text, _)| text)
            .collect();
        if !after.is_empty() {
            self.findings
                .push(finding(Code::SpfLintAfterAll).param("terms", after.join(" ")));
        }
    }
}

/// What reading a record's TXT answer gave.
enum Fetched {
    /// A record read for the first time, with its text.
    Record(Record, String),
    /// A record whose text was read at another name already.
    Repeated(Read),
    /// No usable record (the node's problem says why).
    Nothing,
}

/// The directives evaluation can reach: those up to the first `all`
/// (RFC 7208 §5.1: "Mechanisms after 'all' will never be tested").
fn evaluated(record: &Record) -> impl Iterator<Item = &Directive> {
    let mut ended = false;
    record.directives().map(|(_, d)| d).take_while(move |d| {
        let reached = !ended;
        ended |= d.mechanism == Mechanism::All;
        reached
    })
}

/// Whether the record's lookups are the same wherever it is published: no
/// evaluated `a` or `mx` without a domain-spec, which looks up the name
/// the record was read at (RFC 7208 §5.3, §5.4). Such a record, reached
/// again through another name, is shown once.
fn same_anywhere(record: &Record) -> bool {
    !evaluated(record)
        .any(|d| matches!(d.mechanism, Mechanism::A(None, _) | Mechanism::Mx(None, _)))
}

/// A target [`MAX_DEPTH`] levels down, not followed: each level adds a
/// lookup, so it is shown as over the limit.
fn too_deep_node(target: String, term: String, chain: &[String]) -> RecordNode {
    let limit = Limits::default().dns_terms;
    let mut node = RecordNode::new(target, Some(term.clone()));
    node.total_lookups = limit + 1;
    node.problem = Some(Problem::TooManyDnsTerms {
        limit,
        term,
        domain: chain.last().cloned().unwrap_or_default(),
        chain: chain.to_vec(),
    });
    node
}

/// The include or redirect of the root that costs the most lookups (its
/// term and its total, the term included), or `none` when no branch costs
/// more than one lookup: where cutting the count helps most.
fn costliest_branch(root: &RecordNode) -> (String, u32) {
    root.children
        .iter()
        .filter_map(|c| Some((c.via.clone()?, c.total_lookups.saturating_add(1))))
        .filter(|(_, n)| *n > 1)
        .max_by_key(|(_, n)| *n)
        .unwrap_or_else(|| ("none".to_string(), 0))
}

/// The record whose own terms meet the most void lookups (its domain and
/// that count), counting an include of a domain without SPF record as one
/// of the including record's (RFC 7208 §4.6.4); `none` when no record has
/// more than one.
fn most_void(root: &RecordNode) -> (String, u32) {
    let mut best = ("none".to_string(), 1);
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let broken = node
            .children
            .iter()
            .filter(|c| {
                matches!(
                    c.problem,
                    Some(Problem::NoRecord { .. } | Problem::NoSuchDomain { .. })
                )
            })
            .count();
        let voids = node
            .void_lookups
            .saturating_add(u32::try_from(broken).unwrap_or(u32::MAX));
        if voids > best.1 {
            best = (node.domain.clone(), voids);
        }
        stack.extend(node.children.iter());
    }
    if best.0 == "none" {
        ("none".to_string(), 0)
    } else {
        best
    }
}
