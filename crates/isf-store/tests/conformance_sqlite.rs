//! The journal conformance suite against [`isf_store::SqliteJournal`], on a fresh file in a
//! temporary directory per test, and once in memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::cell::RefCell;

use isf_store::SqliteJournal;
use tempfile::TempDir;

thread_local! {
    /// Each generated test runs on its own thread: its directory is removed when the thread
    /// ends, after the test has dropped the journal.
    static DIRS: RefCell<Vec<TempDir>> = const { RefCell::new(Vec::new()) };
}

fn on_disk() -> Option<SqliteJournal> {
    let dir = tempfile::tempdir().unwrap();
    let journal = SqliteJournal::open(dir.path().join("journal.db")).unwrap();
    DIRS.with(|dirs| dirs.borrow_mut().push(dir));
    Some(journal)
}

isf_store::journal_conformance_tests!(on_disk);

#[test]
fn whole_suite_in_memory() {
    isf_store::conformance::run_conformance(|| SqliteJournal::open_in_memory().unwrap());
}
