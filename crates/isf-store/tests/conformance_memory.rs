//! The journal conformance suite against [`isf_store::MemoryJournal`].
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

isf_store::journal_conformance_tests!(|| Some(isf_store::MemoryJournal::new()));

#[test]
fn whole_suite_through_run_conformance() {
    isf_store::conformance::run_conformance(isf_store::MemoryJournal::new);
}
