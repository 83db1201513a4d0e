//! `isf run` on a durable journal: the default SQLite file, idempotent re-runs, and evidence
//! bundles that `isf verify` checks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::isf_in;

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../scenarios/c1-three-tier.json"
);

#[test]
fn the_default_journal_is_a_sqlite_file_and_a_rerun_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();

    let first = isf_in(folder.path(), &["run", DEMO]).ok();
    assert!(
        first.stdout.contains("this run appended 26 entries"),
        "{}",
        first.stdout
    );
    assert!(folder.path().join("isf-data/c1-three-tier.db").exists());

    let again = isf_in(folder.path(), &["run", DEMO]).ok();
    assert!(
        again
            .stdout
            .contains("nothing new happened: all 26 commands were already in the journal"),
        "{}",
        again.stdout
    );
}

#[test]
fn evidence_bundles_verify_and_a_tampered_one_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    isf_in(
        folder.path(),
        &["run", DEMO, "--memory", "--evidence", "evidence"],
    )
    .ok();
    let bundle = folder.path().join("evidence/CE-2025-0001-P4.json");

    let verified = isf_in(folder.path(), &["verify", "evidence/CE-2025-0001-P4.json"]).ok();
    assert!(
        verified.stdout.contains("lineage   P1 → P2 → P4"),
        "{}",
        verified.stdout
    );

    let text = std::fs::read_to_string(&bundle).unwrap();
    let tampered = text.replacen("2025-07-10", "2025-07-11", 1);
    assert_ne!(text, tampered);
    std::fs::write(&bundle, tampered).unwrap();
    isf_in(folder.path(), &["verify", "evidence/CE-2025-0001-P4.json"])
        .fails_with("evidence refused");
}
