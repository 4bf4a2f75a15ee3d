//! The SPF record tree (`spf::analyze`) grows with the records a domain
//! publishes, not with the paths through them: a record included from
//! several places is read once and repeated by reference, while its
//! lookups still count at every inclusion, as evaluation counts them
//! (RFC 7208 §4.6.4). Work is measured by DNS questions, nodes and output
//! size, never by time.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use domainauth::check::{CheckOptions, check_domain};
use domainauth::diag::rules::incoherences;
use domainauth::diag::{Code, Severity};
use domainauth::dmarc::PublicSuffixList;
use domainauth::dns::{Answer, Budget, Fault, Mx, RecordType, Resolver, Txt, ZoneResolver};
use domainauth::spf::{
    Envelope, MAX_TREE_NODES, MAX_TREE_QUERIES, RecordNode, RecordTree, SpfResult, Verifier,
    analyze, analyze_within,
};
use domainauth_testkit::dns::{CountingResolver, ManualClock};
use proptest::prelude::*;

fn zone(records: &str) -> ZoneResolver {
    ZoneResolver::from_zone_text(&format!("$ORIGIN .\n$TTL 300\n{records}"), None)
        .expect("zone parses")
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

/// The tree of `domain`, with the questions its reading asked.
fn read(records: &str, domain: &str) -> (RecordTree, Vec<(RecordType, String)>) {
    let counting = CountingResolver::new(zone(records));
    let tree = block_on(analyze(&counting, domain));
    (tree, counting.asked())
}

/// Nodes in the tree, and of those the repeated ones.
fn nodes(node: &RecordNode) -> (usize, usize) {
    node.children
        .iter()
        .map(nodes)
        .fold((1, usize::from(node.repeated)), |(n, r), (cn, cr)| {
            (n + cn, r + cr)
        })
}

/// DNS-querying terms evaluation counts for `domain` when nothing matches
/// (every record ends in `-all`, the client IP is in none of them).
fn evaluated_lookups(records: &str, domain: &str) -> u32 {
    let env = Envelope {
        client_ip: "192.0.2.99".parse().unwrap(),
        helo: "h.example".into(),
        mail_from: format!("x@{domain}"),
    };
    block_on(Verifier::new(zone(records)).check_mail_from(&env)).dns_terms
}

/// What evaluation gives for `domain` with the client 192.0.2.99.
fn evaluated_result(zone: ZoneResolver, domain: &str) -> SpfResult {
    let env = Envelope {
        client_ip: "192.0.2.99".parse().unwrap(),
        helo: "h.example".into(),
        mail_from: format!("x@{domain}"),
    };
    block_on(Verifier::new(zone).check_mail_from(&env)).result
}

fn codes(tree: &RecordTree) -> Vec<Code> {
    tree.findings.iter().map(|f| f.code).collect()
}

/// The reported shape: `lN.d.example` includes `l(N+1).d.example`
/// `fanout` times, `depth` levels down, so there are fanout^depth paths
/// through `depth + 1` records.
fn fan_zone(fanout: usize, depth: usize) -> String {
    let mut text = String::new();
    for level in 0..depth {
        let includes = vec![format!("include:l{}.d.example", level + 1); fanout].join(" ");
        text.push_str(&format!(
            "l{level}.d.example IN TXT \"v=spf1 {includes} -all\"\n"
        ));
    }
    text.push_str(&format!(
        "l{depth}.d.example IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n"
    ));
    text
}

/// Five includes of the next record, eight levels down: 5⁸ = 390,625
/// paths, which took 350 MB of JSON when every path was a node. Each record
/// is read once; the tree has one node per include term of a record read;
/// the count is every inclusion's, as evaluation would count them.
#[test]
fn a_fan_of_repeated_includes_is_read_once_per_record() {
    let (fanout, depth) = (5, 8);
    let text = fan_zone(fanout, depth);
    let (tree, asked) = read(&text, "l0.d.example");

    let txt: Vec<_> = asked
        .iter()
        .filter(|(t, _)| *t == RecordType::Txt)
        .collect();
    assert_eq!(txt.len(), depth + 1, "each record read once: {asked:?}");
    assert_eq!(asked.len(), depth + 1, "{asked:?}");
    let (all, repeated) = nodes(&tree.root);
    assert_eq!(all, 1 + depth * fanout);
    assert_eq!(repeated, depth * (fanout - 1));

    // Lookups of lN: its 5 includes, and each included record's again.
    let mut below = 0u32;
    for _ in 0..depth {
        below = fanout as u32 * (1 + below);
    }
    assert_eq!(below, 488_280);
    assert_eq!(tree.total_lookups, below);
    assert_eq!(tree.root.total_lookups, below);
    let over = tree
        .findings
        .iter()
        .find(|f| f.code == Code::SpfLintLookupsOver)
        .expect("over the limit");
    assert_eq!(over.params["count"], "488280");
    assert!(
        tree.findings
            .iter()
            .all(|f| f.code != Code::SpfLintTreeTruncated)
    );
    assert!(
        incoherences(&tree.findings).is_empty(),
        "{:?}",
        tree.findings
    );

    // The output is a small multiple of the zone text, not of the paths.
    let json = serde_json::to_string(&tree).unwrap();
    assert!(
        json.len() < 20 * text.len(),
        "{} bytes of JSON for {} bytes of zone",
        json.len(),
        text.len()
    );
}

/// Nine includes eleven levels down count more lookups (over 3·10¹⁰) than
/// a u32 holds: the counts stop at its largest value instead of
/// overflowing.
#[test]
fn counts_beyond_u32_saturate() {
    let (tree, asked) = read(&fan_zone(9, 11), "l0.d.example");
    assert_eq!(asked.len(), 12);
    assert_eq!(nodes(&tree.root).0, 1 + 11 * 9);
    assert_eq!(tree.total_lookups, u32::MAX);
}

/// A record included from two branches is read once and its lookups
/// counted twice, as the evaluation counts them; its lint findings are
/// given once.
#[test]
fn a_shared_include_counts_as_evaluation_counts() {
    let text = "a.example IN TXT \"v=spf1 include:b.example include:c.example -all\"\n\
                b.example IN TXT \"v=spf1 include:c.example -all\"\n\
                c.example IN TXT \"v=spf1 a:h.example mx:h.example ptr ~all\"\n\
                h.example IN A 198.51.100.1\n\
                h.example IN MX 10 h.example\n";
    let (tree, asked) = read(text, "a.example");
    // a: 2, b: 1, c: 3 (a, mx and ptr), c counted under b and under a.
    assert_eq!(tree.total_lookups, 2 + (1 + 3) + 3);
    assert_eq!(tree.total_lookups, evaluated_lookups(text, "a.example"));
    let c_reads = asked
        .iter()
        .filter(|q| **q == (RecordType::Txt, "c.example".to_string()))
        .count();
    assert_eq!(c_reads, 1, "{asked:?}");
    let b = &tree.root.children[0];
    assert_eq!(b.children[0].domain, "c.example");
    assert!(!b.children[0].repeated);
    assert!(b.children[0].record.is_some());
    let c_again = &tree.root.children[1];
    assert!(c_again.repeated);
    assert_eq!((c_again.lookups, c_again.total_lookups), (3, 3));
    assert!(c_again.record.is_none() && c_again.children.is_empty());
    let count = |code| tree.findings.iter().filter(|f| f.code == code).count();
    assert_eq!(count(Code::SpfLintPtr), 1, "{:?}", tree.findings);
    // An included record's ~all only makes its include not match.
    assert_eq!(count(Code::SpfLintSoftFailAll), 0, "{:?}", tree.findings);
}

/// The void lookups of a record and of an include without a record count
/// at every inclusion, as they do in evaluation; the broken include is one
/// finding.
#[test]
fn void_lookups_count_at_every_inclusion() {
    let text = "a.example IN TXT \"v=spf1 include:b.example include:b.example -all\"\n\
                b.example IN TXT \"v=spf1 a:gone.example include:none.example -all\"\n\
                none.example IN A 192.0.2.1\n";
    let (tree, _) = read(text, "a.example");
    assert_eq!(tree.void_lookups, 4, "{:#?}", tree.root);
    assert_eq!(tree.total_lookups, 2 + 2 * 2);
    let codes: Vec<_> = tree.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == Code::SpfLintBrokenInclude)
            .count(),
        1,
        "{codes:?}"
    );
    assert!(codes.contains(&Code::SpfLintVoidLookups), "{codes:?}");
}

/// More include terms than the tree holds: the reading stops at
/// MAX_TREE_NODES nodes with a finding, and the record's own terms are
/// still counted.
#[test]
fn a_tree_over_the_node_cap_stops_with_a_finding() {
    let targets = MAX_TREE_NODES + 50;
    let mut text = String::new();
    let includes: Vec<String> = (0..targets)
        .map(|i| format!("include:i{i}.example"))
        .collect();
    // Several strings of at most 255 octets in one TXT record.
    let strings: Vec<String> = includes
        .chunks(10)
        .map(|c| format!("\"{} \"", c.join(" ")))
        .collect();
    text.push_str(&format!(
        "a.example IN TXT \"v=spf1 \" {} \"-all\"\n",
        strings.join(" ")
    ));
    for i in 0..targets {
        text.push_str(&format!("i{i}.example IN TXT \"v=spf1 -all\"\n"));
    }
    let (tree, asked) = read(&text, "a.example");
    assert_eq!(nodes(&tree.root).0, MAX_TREE_NODES);
    assert_eq!(asked.len(), MAX_TREE_NODES);
    assert_eq!(tree.root.lookups, targets as u32);
    assert!(tree.total_lookups >= targets as u32);
    let truncated = tree
        .findings
        .iter()
        .find(|f| f.code == Code::SpfLintTreeTruncated)
        .expect("a truncation finding");
    assert_eq!(truncated.params["nodes"], MAX_TREE_NODES.to_string());
    assert_eq!(truncated.params["domain"], "a.example");
}

/// A record of more `a` terms than the reading may look up: it stops at
/// MAX_TREE_QUERIES questions with a finding, and every term is counted.
#[test]
fn a_record_over_the_query_cap_stops_with_a_finding() {
    let terms = MAX_TREE_QUERIES + 100;
    let names: Vec<String> = (0..terms).map(|i| format!("a:h{i}.example")).collect();
    let strings: Vec<String> = names
        .chunks(10)
        .map(|c| format!("\"{} \"", c.join(" ")))
        .collect();
    let text = format!(
        "a.example IN TXT \"v=spf1 \" {} \"-all\"\n",
        strings.join(" ")
    );
    let (tree, asked) = read(&text, "a.example");
    assert_eq!(asked.len(), MAX_TREE_QUERIES);
    assert_eq!(tree.total_lookups, terms as u32);
    assert!(
        tree.findings
            .iter()
            .any(|f| f.code == Code::SpfLintTreeTruncated),
        "{:?}",
        tree.findings
    );
}

/// Mechanisms after `all` are never tested (RFC 7208 §5.1): twelve `a`
/// terms after `-all` cost no lookup in evaluation, so the tree neither
/// counts nor looks them up, and says they are unused instead of claiming
/// the record needs 12 lookups.
#[test]
fn terms_after_all_are_not_counted() {
    let names: Vec<String> = (0..12).map(|i| format!("a:h{i}.example")).collect();
    let text = format!(
        "a.example IN TXT \"v=spf1 ip4:192.0.2.1 -all {}\"\n",
        names.join(" ")
    );
    let (tree, asked) = read(&text, "a.example");
    assert_eq!(evaluated_lookups(&text, "a.example"), 0);
    assert_eq!(evaluated_result(zone(&text), "a.example"), SpfResult::Fail);
    assert_eq!(tree.total_lookups, 0);
    assert_eq!(asked, vec![(RecordType::Txt, "a.example".to_string())]);
    let codes = codes(&tree);
    assert!(!codes.contains(&Code::SpfLintLookupsOver), "{codes:?}");
    let after = tree
        .findings
        .iter()
        .find(|f| f.code == Code::SpfLintAfterAll)
        .expect("terms after all are named");
    assert_eq!(after.params["terms"], names.join(" "));
    assert_eq!(after.severity, Severity::Warning);
    assert!(
        incoherences(&tree.findings).is_empty(),
        "{:?}",
        tree.findings
    );
}

/// `redirect=` is not used when the record has `all` (RFC 7208 §6.1): its
/// target is neither read nor counted, and the record is said to ignore it.
#[test]
fn redirect_beside_all_is_not_followed() {
    let text = "a.example IN TXT \"v=spf1 -all redirect=b.example\"\n\
                b.example IN TXT \"v=spf1 a:h1.example a:h2.example -all\"\n";
    let (tree, asked) = read(text, "a.example");
    assert_eq!(evaluated_lookups(text, "a.example"), 0);
    assert_eq!(tree.total_lookups, 0);
    assert!(tree.root.children.is_empty());
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(codes(&tree).contains(&Code::SpfLintRedirectIgnored));
}

/// An `mx` term whose target has 11 MX names is permerror in evaluation
/// (RFC 7208 §4.6.4); the tree says so as an error.
#[test]
fn an_mx_answer_over_ten_names_is_an_error() {
    let mut text = String::from("a.example IN TXT \"v=spf1 mx:big.example -all\"\n");
    for i in 0..11 {
        text.push_str(&format!("big.example IN MX 10 mx{i}.example\n"));
    }
    assert_eq!(
        evaluated_result(zone(&text), "a.example"),
        SpfResult::PermError
    );
    let (tree, _) = read(&text, "a.example");
    let finding = tree
        .findings
        .iter()
        .find(|f| f.code == Code::SpfTooManyMxNames)
        .expect("an error finding");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.params["target"], "big.example");
    assert_eq!(finding.params["count"], "11");

    // Ten names are within the limit.
    let ten = text.replace("big.example IN MX 10 mx10.example\n", "");
    let (tree, _) = read(&ten, "a.example");
    assert!(!codes(&tree).contains(&Code::SpfTooManyMxNames));
}

/// A lookup of an `a:`, `mx:` or `exists:` term that fails temporarily is
/// temperror in evaluation; the tree names the failing name instead of
/// finding no problem.
#[test]
fn a_temporary_failure_of_a_term_lookup_is_reported() {
    for (term, fault) in [
        ("a:slow.example", Fault::Timeout),
        ("mx:slow.example", Fault::ServFail),
        ("exists:slow.example", Fault::ServFail),
    ] {
        let text = format!("a.example IN TXT \"v=spf1 {term} -all\"\n");
        let faulty = || {
            let mut z = zone(&text);
            z.set_fault("slow.example", fault);
            z
        };
        assert_eq!(
            evaluated_result(faulty(), "a.example"),
            SpfResult::TempError,
            "{term}"
        );
        let tree = block_on(analyze(&faulty(), "a.example"));
        let finding = tree
            .findings
            .iter()
            .find(|f| f.code == Code::SpfTempError)
            .unwrap_or_else(|| panic!("{term}: {:?}", tree.findings));
        assert_eq!(finding.params["domain"], "slow.example", "{term}");
        assert!(finding.severity >= Severity::Warning);
    }
}

/// One record reached through many names (a wildcard answering for each)
/// is shown and linted once; every inclusion still counts its lookups.
#[test]
fn a_record_read_at_many_names_is_shown_once() {
    let names = 150;
    let includes: Vec<String> = (0..names)
        .map(|i| format!("include:n{i}.w.example"))
        .collect();
    let strings: Vec<String> = includes
        .chunks(10)
        .map(|c| format!("\"{} \"", c.join(" ")))
        .collect();
    let text = format!(
        "a.example IN TXT \"v=spf1 \" {} \"-all\"\n\
         *.w.example IN TXT \"v=spf1 a:h.example ptr ~all\"\n\
         h.example IN A 192.0.2.1\n",
        strings.join(" ")
    );
    let (tree, asked) = read(&text, "a.example");
    let (all, repeated) = nodes(&tree.root);
    assert_eq!(all, 1 + names);
    assert_eq!(repeated, names - 1);
    let shown = tree
        .root
        .children
        .iter()
        .filter(|c| c.record.is_some())
        .count();
    assert_eq!(shown, 1);
    // Each include term, and the included record's a: and ptr, each time.
    assert_eq!(tree.total_lookups, (names * 3) as u32);
    let ptr = tree
        .findings
        .iter()
        .filter(|f| f.code == Code::SpfLintPtr)
        .count();
    assert_eq!(ptr, 1, "{:?}", tree.findings);
    // One TXT question per name, one A question in all.
    assert_eq!(asked.len(), 1 + names + 1, "{asked:?}");
    let json = serde_json::to_string(&tree).unwrap();
    assert_eq!(json.matches("ptr ~all").count(), 1);
}

/// A resolver whose every answer takes `step` on a clock the test owns.
struct Slow {
    zone: ZoneResolver,
    clock: Arc<ManualClock>,
    step: Duration,
}

#[async_trait::async_trait]
impl Resolver for Slow {
    async fn txt(&self, name: &str) -> Answer<Txt> {
        self.clock.advance(self.step);
        self.zone.txt(name).await
    }
    async fn a(&self, name: &str) -> Answer<std::net::Ipv4Addr> {
        self.clock.advance(self.step);
        self.zone.a(name).await
    }
    async fn aaaa(&self, name: &str) -> Answer<std::net::Ipv6Addr> {
        self.clock.advance(self.step);
        self.zone.aaaa(name).await
    }
    async fn mx(&self, name: &str) -> Answer<Mx> {
        self.clock.advance(self.step);
        self.zone.mx(name).await
    }
    async fn ptr(&self, ip: std::net::IpAddr) -> Answer<String> {
        self.clock.advance(self.step);
        self.zone.ptr(ip).await
    }
}

/// Each answer takes 10 s: reading the tree stops once the 30 s deadline
/// has passed, and says it is incomplete.
#[test]
fn the_tree_stops_at_the_deadline_with_a_finding() {
    let text = "a.example IN TXT \"v=spf1 a:h1.example a:h2.example a:h3.example a:h4.example a:h5.example -all\"\n";
    let clock = Arc::new(ManualClock::new());
    let slow = CountingResolver::new(Slow {
        zone: zone(text),
        clock: clock.clone(),
        step: Duration::from_secs(10),
    });
    let budget = Budget {
        clock: clock.clone(),
        ..Budget::default()
    };
    assert_eq!(budget.deadline, Budget::DEFAULT_DEADLINE);
    let tree = block_on(analyze_within(&slow, "a.example", &budget));
    // Questions at 0, 10, 20 and 30 s were sent; at 40 s the deadline had
    // passed.
    assert_eq!(slow.count(), 4, "{:?}", slow.asked());
    let finding = tree
        .findings
        .iter()
        .find(|f| f.code == Code::DnsDeadline)
        .expect("the result is said to be incomplete");
    assert_eq!(finding.params["limit"], "30000");
    assert_eq!(finding.params["domain"], "a.example");
    assert!(finding.severity >= Severity::Warning);
    // The refused questions are said once, not once per name.
    assert!(
        !codes(&tree).contains(&Code::SpfTempError),
        "{:?}",
        tree.findings
    );
}

/// `check` shares one deadline between the SPF tree, DMARC and DKIM.
#[test]
fn check_domain_stops_at_the_deadline_with_a_finding() {
    let text = "a.example IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n";
    let clock = Arc::new(ManualClock::new());
    let slow = Arc::new(CountingResolver::new(Slow {
        zone: zone(text),
        clock: clock.clone(),
        step: Duration::from_secs(10),
    }));
    let mut options = CheckOptions::default();
    options.dns_budget.clock = clock.clone();
    let report = block_on(check_domain(
        slow.clone(),
        "a.example",
        &options,
        &PublicSuffixList::builtin(),
    ))
    .expect("a report");
    assert_eq!(slow.count(), 4, "{:?}", slow.asked());
    assert_eq!(report.findings[0].code, Code::DnsDeadline);
    assert!(report.has_warnings());
}

/// A zone whose records include only records after them (a DAG), each
/// include possibly repeated, with `a` terms that find an address.
#[derive(Debug, Clone)]
struct Dag {
    /// For record i: the records it includes (each > i), in order.
    includes: Vec<Vec<usize>>,
    /// For record i: its `a:` terms.
    a_terms: Vec<usize>,
    /// For record i: `a:` and `include:` terms written after `-all`, which
    /// evaluation never reaches (RFC 7208 §5.1).
    after_all: Vec<usize>,
}

impl Dag {
    fn text(&self) -> String {
        let mut text = String::from("h.example IN A 198.51.100.1\n");
        for (i, (includes, a)) in self.includes.iter().zip(&self.a_terms).enumerate() {
            let mut terms: Vec<String> = includes
                .iter()
                .map(|j| format!("include:r{j}.example"))
                .collect();
            terms.extend(std::iter::repeat_n("a:h.example".to_string(), *a));
            terms.push("-all".into());
            for k in 0..self.after_all[i] {
                terms.push(format!("a:after{k}.example include:r{i}.example"));
            }
            text.push_str(&format!(
                "r{i}.example IN TXT \"v=spf1 {}\"\n",
                terms.join(" ")
            ));
        }
        text
    }

    /// Lookups evaluation counts from record i when nothing matches.
    fn lookups(&self, i: usize) -> u64 {
        let own = (self.includes[i].len() + self.a_terms[i]) as u64;
        own + self.includes[i]
            .iter()
            .map(|&j| self.lookups(j))
            .sum::<u64>()
    }

    /// The records reachable from record 0.
    fn reachable(&self) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![0];
        while let Some(i) = todo.pop() {
            if seen.insert(i) {
                todo.extend(&self.includes[i]);
            }
        }
        seen
    }

    /// Whether some record is included more than once in all.
    fn shares(&self) -> bool {
        let mut all: Vec<usize> = self.includes.concat();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        all.len() != n
    }
}

fn dag() -> impl Strategy<Value = Dag> {
    (1usize..9).prop_flat_map(|n| {
        let includes = (0..n)
            .map(|i| {
                if i + 1 < n {
                    prop::collection::vec(i + 1..n, 0..4).boxed()
                } else {
                    Just(Vec::new()).boxed()
                }
            })
            .collect::<Vec<_>>();
        (
            includes,
            prop::collection::vec(0usize..3, n),
            prop::collection::vec(0usize..3, n),
        )
            .prop_map(|(includes, a_terms, after_all)| Dag {
                includes,
                a_terms,
                after_all,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Over random DAG-shaped zones: one TXT question per record reached,
    /// one node per include term of a record reached, and the lookup count
    /// of every inclusion (what evaluation counts when it is within the
    /// limit); a tree without sharing has no repeated node. Terms after
    /// `all` are neither counted nor looked up, as evaluation never
    /// reaches them.
    #[test]
    fn the_tree_is_linear_in_the_records_and_counts_every_inclusion(dag in dag()) {
        let text = dag.text();
        let (tree, asked) = read(&text, "r0.example");
        let reachable = dag.reachable();
        let txt = asked.iter().filter(|(t, _)| *t == RecordType::Txt).count();
        prop_assert_eq!(txt, reachable.len());
        prop_assert!(!asked.iter().any(|(_, n)| n.starts_with("after")), "{:?}", asked);
        let after = tree.findings.iter().filter(|f| f.code == Code::SpfLintAfterAll).count();
        prop_assert_eq!(after, reachable.iter().filter(|&&i| dag.after_all[i] > 0).count());
        // A record whose text was read at another name is shown once.
        let texts: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.split_once(" IN TXT ").map_or(l, |(_, t)| t))
            .collect();
        let mut seen = BTreeSet::new();
        let terms: usize = reachable
            .iter()
            .filter(|&&i| seen.insert(texts[i]))
            .map(|&i| dag.includes[i].len())
            .sum();
        let (all, repeated) = nodes(&tree.root);
        prop_assert_eq!(all, 1 + terms);
        let expected = dag.lookups(0);
        prop_assert_eq!(u64::from(tree.total_lookups), expected.min(u64::from(u32::MAX)));
        if !dag.shares() && seen.len() == reachable.len() {
            prop_assert_eq!(repeated, 0);
        }
        if expected <= 10 {
            prop_assert_eq!(tree.total_lookups, evaluated_lookups(&text, "r0.example"));
        }
        prop_assert!(incoherences(&tree.findings).is_empty(), "{:?}", tree.findings);
    }
}
