//! Reading a domain's whole SPF record tree (its includes and redirects) to
//! count lookups per branch and lint what is published.

use std::future::Future;
use std::pin::Pin;

use crate::diag::{Code, Finding};
use crate::dns::{DnsError, Resolver, normalize_name};

use super::explain::{loop_finding, problem_finding};
use super::record::{Mechanism, Qualifier, Record, is_spf_record};
use super::result::{Limits, Problem};

/// Levels of include/redirect followed before giving up (a loop or a very deep tree).
const MAX_DEPTH: usize = 12;

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
            children: Vec::new(),
        }
    }
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

struct Walk<'r, R: ?Sized> {
    resolver: &'r R,
    findings: Vec<Finding>,
    void_lookups: u32,
}

/// Fetches and lints `domain`'s SPF record and every include and redirect
/// below it (terms with macros cannot be followed without a message and are
/// counted once).
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
    let limits = Limits::default();
    let mut walk = Walk {
        resolver,
        findings: Vec::new(),
        void_lookups: 0,
    };
    let domain = normalize_name(domain);
    let root = walk.node(domain.clone(), None, Vec::new()).await;
    let total = root.total_lookups;
    let mut findings = walk.findings;
    if total > limits.dns_terms {
        findings.push(
            Finding::new(Code::SpfLintLookupsOver)
                .param("domain", &domain)
                .param("count", total)
                .param("limit", limits.dns_terms),
        );
    } else if total + 2 > limits.dns_terms {
        findings.push(
            Finding::new(Code::SpfLintLookupsNear)
                .param("domain", &domain)
                .param("count", total)
                .param("limit", limits.dns_terms),
        );
    }
    if walk.void_lookups > limits.void_lookups {
        findings.push(
            Finding::new(Code::SpfLintVoidLookups)
                .param("domain", &domain)
                .param("count", walk.void_lookups)
                .param("limit", limits.void_lookups),
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
            let mut node = RecordNode::new(domain.clone(), via);
            let Some(record) = self.read_record(&mut node).await else {
                return node;
            };
            self.lint_record(&domain, &record);
            let mut chain = chain;
            chain.push(domain);
            self.follow_terms(&mut node, &record, &chain).await;
            self.void_lookups += node.void_lookups;
            node.total_lookups =
                node.lookups + node.children.iter().map(|c| c.total_lookups).sum::<u32>();
            node
        })
    }

    /// The SPF record of `node`'s domain (RFC 7208 §4.4, §4.5), parsed and
    /// its text kept in the node; `None` with the node's problem set when
    /// there is no usable one.
    async fn read_record(&mut self, node: &mut RecordNode) -> Option<Record> {
        let domain = node.domain.clone();
        let txts = match self.resolver.txt(&domain).await {
            Ok(t) => t,
            Err(DnsError::NxDomain { .. }) => {
                node.problem = Some(Problem::NoSuchDomain { domain });
                return None;
            }
            Err(e) if e.is_void() => {
                node.problem = Some(Problem::NoRecord { domain });
                return None;
            }
            Err(error) => {
                self.dns_failure(&domain, &error);
                node.problem = Some(Problem::Dns { error });
                return None;
            }
        };
        let spf: Vec<_> = txts.iter().filter(|t| is_spf_record(&t.joined())).collect();
        let txt = match spf.as_slice() {
            [] => {
                node.problem = Some(Problem::NoRecord { domain });
                return None;
            }
            [one] => *one,
            more => {
                let problem = Problem::MultipleRecords {
                    domain,
                    count: more.len(),
                };
                self.findings.push(problem_finding(&problem, "mx"));
                node.problem = Some(problem);
                return None;
            }
        };
        node.string_lengths = txt.strings.iter().map(Vec::len).collect();
        let text = String::from_utf8_lossy(&txt.joined()).into_owned();
        node.record = Some(text.clone());
        self.lint_size(&domain, &text, &node.string_lengths);
        match Record::parse(&text) {
            Ok(record) => Some(record),
            Err(error) => {
                let problem = Problem::Syntax {
                    domain,
                    record: text,
                    error,
                };
                self.findings.push(problem_finding(&problem, "mx"));
                node.problem = Some(problem);
                None
            }
        }
    }

    /// Counts the record's DNS lookups (§4.6.4) and walks into its
    /// `include`s and `redirect` when they name a domain without macros;
    /// `a`, `mx` and `exists` are looked up to count void answers.
    async fn follow_terms(&mut self, node: &mut RecordNode, record: &Record, chain: &[String]) {
        for (_, d) in record.directives() {
            if !d.mechanism.queries_dns() {
                continue;
            }
            node.lookups += 1;
            match &d.mechanism {
                Mechanism::Include(spec) => {
                    if let Some(target) = spec.literal() {
                        let child = self.child(&target, d.to_string(), chain).await;
                        node.children.push(child);
                    }
                }
                mechanism @ (Mechanism::A(..) | Mechanism::Mx(..) | Mechanism::Exists(_)) => {
                    let void = self.void_answer(mechanism, &node.domain).await;
                    node.void_lookups += u32::from(void);
                }
                _ => {}
            }
        }
        if let Some(spec) = record.redirect()
            && record.all().is_none()
        {
            node.lookups += 1;
            if let Some(target) = spec.literal() {
                let child = self.child(&target, format!("redirect={spec}"), chain).await;
                node.children.push(child);
            }
        }
    }

    /// Whether an `a`, `mx` or `exists` term's lookup answers nothing (a
    /// void lookup, §4.6.4). Without a domain-spec, a and mx look up the
    /// record's own domain (§5.3, §5.4); a target with macros is not
    /// looked up.
    async fn void_answer(&self, mechanism: &Mechanism, domain: &str) -> bool {
        let target = match mechanism {
            Mechanism::A(Some(spec), _)
            | Mechanism::Mx(Some(spec), _)
            | Mechanism::Exists(spec) => spec.literal().map(|t| t.into_owned()),
            _ => Some(domain.to_string()),
        };
        let Some(target) = target else {
            return false;
        };
        let error = match mechanism {
            Mechanism::Mx(..) => self.resolver.mx(&target).await.err(),
            _ => self.resolver.a(&target).await.err(),
        };
        error.is_some_and(|e| e.is_void())
    }

    async fn child(&mut self, target: &str, term: String, chain: &[String]) -> RecordNode {
        let target = normalize_name(target);
        let parent = chain.last().cloned().unwrap_or_default();
        if chain.contains(&target) {
            // A loop: evaluation goes round it until the lookup limit. Said
            // as a loop with its members; its lookups are not counted again.
            let mut looped = chain.to_vec();
            looped.push(target.clone());
            if let Some(finding) = loop_finding(&looped) {
                self.findings.push(finding);
            }
            let mut node = RecordNode::new(target, Some(term));
            node.problem = Some(Problem::IncludeLoop {
                domain: parent,
                chain: looped,
            });
            return node;
        }
        if chain.len() >= MAX_DEPTH {
            // Too deep to follow: each level adds lookups; show it as over.
            let mut node = RecordNode::new(target, Some(term));
            node.total_lookups = Limits::default().dns_terms + 1;
            node.problem = Some(Problem::TooManyDnsTerms {
                limit: Limits::default().dns_terms,
                term: node.via.clone().unwrap_or_default(),
                domain: parent,
                chain: chain.to_vec(),
            });
            return node;
        }
        let node = self
            .node(target.clone(), Some(term.clone()), chain.to_vec())
            .await;
        if let Some(Problem::NoRecord { .. } | Problem::NoSuchDomain { .. }) = node.problem {
            self.void_lookups += 1;
            self.findings.push(
                Finding::new(Code::SpfLintBrokenInclude)
                    .param("domain", &parent)
                    .param("target", &target)
                    .param("term", &term),
            );
        }
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

    fn lint_record(&mut self, domain: &str, record: &Record) {
        let finding = |code| Finding::new(code).param("domain", domain);
        match record.all() {
            Some(all) => {
                let code = match all.qualifier {
                    Qualifier::Pass => Some(Code::SpfLintPlusAll),
                    Qualifier::Neutral => Some(Code::SpfLintNeutralAll),
                    Qualifier::SoftFail => Some(Code::SpfLintSoftFailAll),
                    Qualifier::Fail => None,
                };
                self.findings.extend(code.map(finding));
                if record.redirect().is_some() {
                    self.findings.push(finding(Code::SpfLintRedirectIgnored));
                }
            }
            None if record.redirect().is_none() => self.findings.push(finding(Code::SpfLintNoAll)),
            None => {}
        }
        for (_, d) in record.directives() {
            if matches!(d.mechanism, Mechanism::Ptr(_)) {
                self.findings
                    .push(finding(Code::SpfLintPtr).param("term", d));
            }
        }
    }
}
