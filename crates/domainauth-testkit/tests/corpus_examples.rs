//! The bundled example in `examples/reports/` is the four-causes scenario
//! as the generator writes it today: regenerate it with
//! `cargo run -p domainauth-bench --bin report_corpus -- --scenario four-causes --out examples/reports`
//! (after emptying the folder) when the generator changes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use domainauth_testkit::corpus::scenario_four_causes;

#[test]
fn examples_reports_is_the_scenario() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports");
    let mut on_disk = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("examples/reports") {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        on_disk.insert(name, std::fs::read(entry.path()).unwrap());
    }
    let scenario = scenario_four_causes();
    let expected: BTreeMap<String, Vec<u8>> = scenario
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    assert_eq!(
        on_disk.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "files in examples/reports"
    );
    for (name, bytes) in &expected {
        assert!(
            on_disk[name] == *bytes,
            "examples/reports/{name} differs from the generator's"
        );
    }
    let zone = std::fs::read(dir.with_extension("zone")).expect("examples/reports.zone");
    assert!(
        zone == scenario.zone.as_bytes(),
        "examples/reports.zone differs from the generator's"
    );
    let total: usize = on_disk.values().map(Vec::len).sum::<usize>() + zone.len();
    assert!(total < 50_000, "the bundled example grew to {total} bytes");
}
