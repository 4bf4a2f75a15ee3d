//! Every diagnosis code has text in English and Japanese, with a fix where
//! the code declares one, and both catalogs hold the same messages.

use domainauth::diag::{Code, Finding, Lang, catalog_problems, render_strict, ui};

/// Every parameter any finding may carry, so that a message using a
/// variable nobody provides shows up as an error.
fn sample(code: Code) -> Finding {
    [
        "domain",
        "ip",
        "term",
        "terms",
        "suggest",
        "reason",
        "error",
        "pos",
        "line",
        "count",
        "limit",
        "queries",
        "nodes",
        "elapsed",
        "chain",
        "target",
        "length",
        "name",
        "record",
        "selector",
        "algorithm",
        "bits",
        "from",
        "fields",
        "identifiers",
        "max_fields",
        "max_lookups",
        "expiration",
        "timestamp",
        "date",
        "tail",
        "tag",
        "value",
        "allowed",
        "suggestion",
        "mode",
        "uri",
        "pct",
        "p",
        "sp",
        "domains",
        "tree",
        "psl",
        "policy",
        "disposition",
        "via",
        "org",
        "method",
        "identity",
        "result",
        "source",
        "helo",
        "mailfrom",
        "authserv",
        "summary",
        "profile",
        "missing",
        "check",
        "selectors",
        "cause",
        "members",
        "loop",
        "at",
        "relay",
        "aligned",
        "implicit",
        "signed",
        "evidence",
        "why",
        "from_ip",
        "ptr",
        "rdns",
        "messages",
        "services",
        "reasons",
        "dkim",
        "arc",
        "instance",
        "sealer",
        "sealers",
        "oldest",
        "before",
        "cv",
        "seal",
        "ams",
        "results",
        "recorded",
        "override",
        "trust",
        "requirement",
        "rtype",
        "sends",
        "problem",
        "state",
        "mx",
        "branch",
        "branch_count",
    ]
    .iter()
    .fold(Finding::new(code), |f, p| f.param(p, format!("<{p}>")))
}

#[test]
fn every_code_has_english_and_japanese_text() {
    let problems = catalog_problems(&sample);
    assert!(
        problems.is_empty(),
        "catalog problems:\n{}",
        problems.join("\n")
    );
    for &code in Code::ALL {
        for &lang in Lang::ALL {
            let (message, fix) =
                render_strict(lang, &sample(code)).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(
                !message.contains("{$"),
                "{code} {lang:?}: unresolved variable in {message}"
            );
            assert_eq!(fix.is_some(), code.has_fix(), "{code} {lang:?}");
        }
        let en = render_strict(Lang::En, &sample(code)).unwrap().0;
        let ja = render_strict(Lang::Ja, &sample(code)).unwrap().0;
        assert_ne!(
            en, ja,
            "{code}: the Japanese text must not be the English one"
        );
        assert!(
            ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)
                || ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{code}: Japanese text has no Japanese characters: {ja}"
        );
    }
    println!(
        "diagnosis catalog: {} codes × {} languages",
        Code::ALL.len(),
        Lang::ALL.len()
    );
}

#[test]
fn codes_round_trip_through_their_ids() {
    for &code in Code::ALL {
        assert_eq!(Code::from_id(code.id()), Some(code));
    }
    assert_eq!(Code::from_id("no-such-code"), None);
}

#[test]
fn interface_labels_exist_in_both_languages() {
    for id in [
        "ui-result",
        "ui-findings",
        "ui-fix",
        "ui-path",
        "ui-header",
        "ui-tree",
        "ui-tree-repeated",
    ] {
        let en = ui(Lang::En, id, &[]);
        let ja = ui(Lang::Ja, id, &[]);
        assert_ne!(en, id, "{id} missing in English");
        assert_ne!(ja, id, "{id} missing in Japanese");
        assert_ne!(en, ja, "{id} not translated");
    }
}
