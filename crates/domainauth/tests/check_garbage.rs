//! `check_domain` never panics, whatever TXT records the posture names
//! hold: arbitrary octets, and near-misses of each record's syntax.

use domainauth::check::{CheckOptions, check_domain};
use domainauth::diag::Lang;
use domainauth::dmarc::PublicSuffixList;
use domainauth::dns::{Mx, Txt, ZoneEntry, ZoneResolver};
use proptest::prelude::*;

/// The names whose TXT records the check reads.
const NAMES: &[&str] = &[
    "example.jp",
    "_dmarc.example.jp",
    "s1._domainkey.example.jp",
    "_mta-sts.example.jp",
    "_smtp._tls.example.jp",
    "default._bimi.example.jp",
];

/// Text that starts like one of the records and goes wrong after.
fn near_miss() -> impl Strategy<Value = Vec<u8>> {
    let prefix = prop::sample::select(vec![
        "v=STSv1;",
        "v=STSv1; id=",
        "v=TLSRPTv1; rua=",
        "v=BIMI1; l=",
        "v=BIMI1; l=https://",
        "v=DMARC1; p=",
        "v=DKIM1; k=rsa; p=",
        "v=spf1 ",
    ]);
    (prefix, "[ -~\\t;=,:/.*\\u{80}-\\u{10ffff}]{0,80}")
        .prop_map(|(p, tail)| format!("{p}{tail}").into_bytes())
}

fn record() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(
        prop_oneof![near_miss(), prop::collection::vec(any::<u8>(), 0..300)],
        1..3,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn check_domain_never_panics_on_garbage_txt(
        records in prop::collection::vec(prop::option::of(record()), NAMES.len()),
        exchange in prop::option::of("[a-z.]{0,20}"),
    ) {
        let mut zone = ZoneResolver::new();
        for (name, strings) in NAMES.iter().zip(records) {
            if let Some(strings) = strings {
                zone.add(name, ZoneEntry::Txt(Txt { strings }));
            }
        }
        if let Some(exchange) = exchange {
            zone.add("example.jp", ZoneEntry::Mx(Mx { preference: 0, exchange }));
        }
        let mut options = CheckOptions::default();
        options.selectors = vec!["s1".into()];
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let report = rt
            .block_on(check_domain(&zone, "example.jp", &options, &PublicSuffixList::builtin()))
            .unwrap();
        for f in &report.findings {
            for lang in Lang::ALL {
                let _ = f.message(*lang);
                let _ = f.fix(*lang);
            }
        }
        // Zone data answers every question: nothing is partial.
        prop_assert!(!report.partial);
    }
}
