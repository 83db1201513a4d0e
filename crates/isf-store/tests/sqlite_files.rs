//! SQLite-specific behaviour: what survives reopening, what `verify_chain` catches when the
//! file is edited behind the journal's back, and how schema versions and options are handled.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};

use isf_core::anchor::MemoryChainAnchor;
use isf_store::{
    Anchorer, AppendRequest, Durability, Journal, NewEntry, SqliteJournal, SqliteOptions,
    StoreError,
};
use tempfile::TempDir;

fn journal_with_entries(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("journal.db");
    let journal = SqliteJournal::open(&path).unwrap();
    for (index, stream) in ["V-1", "V-2", "V-1"].into_iter().enumerate() {
        let expected_version = journal.stream_version(stream).unwrap();
        journal
            .append(AppendRequest {
                stream: stream.to_owned(),
                expected_version,
                request: None,
                entries: vec![NewEntry {
                    kind: "event".to_owned(),
                    body: format!("body {index}").into_bytes(),
                }],
            })
            .unwrap();
    }
    path
}

fn tamper(path: &Path, sql: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

fn corrupt_at(journal: &SqliteJournal) -> u64 {
    match journal.verify_chain() {
        Err(StoreError::Corrupt { seq, .. }) => seq,
        other => panic!("tampering went unnoticed: {other:?}"),
    }
}

#[test]
fn reopening_keeps_entries_and_anchors() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with_entries(&dir);
    let chain = MemoryChainAnchor::new();
    let journal = SqliteJournal::open(&path).unwrap();
    let receipts = Anchorer::new(2).anchor_pending(&journal, &chain).unwrap();
    let head = journal.head().unwrap();
    drop(journal);

    let again = SqliteJournal::open(&path).unwrap();
    assert_eq!(again.head().unwrap(), head);
    assert_eq!(again.anchors().unwrap(), receipts);
    assert_eq!(again.verify_chain().unwrap(), 3);
}

#[test]
fn edited_body_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with_entries(&dir);
    tamper(
        &path,
        "UPDATE entries SET body = CAST('forged' AS BLOB) WHERE seq = 2",
    );
    assert_eq!(corrupt_at(&SqliteJournal::open(&path).unwrap()), 2);
}

#[test]
fn removed_entry_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with_entries(&dir);
    tamper(&path, "DELETE FROM entries WHERE seq = 2");
    assert_eq!(corrupt_at(&SqliteJournal::open(&path).unwrap()), 3);
}

#[test]
fn stream_version_gap_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with_entries(&dir);
    tamper(&path, "UPDATE entries SET stream_version = 5 WHERE seq = 3");
    assert_eq!(corrupt_at(&SqliteJournal::open(&path).unwrap()), 3);
}

#[test]
fn forged_anchor_root_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with_entries(&dir);
    let journal = SqliteJournal::open(&path).unwrap();
    Anchorer::new(10)
        .anchor_pending(&journal, &MemoryChainAnchor::new())
        .unwrap();
    tamper(&path, "UPDATE anchor_batches SET root = zeroblob(32)");
    assert_eq!(corrupt_at(&journal), 1);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = journal_with_entries(&dir);
    tamper(&path, "PRAGMA user_version = 99");
    let error = SqliteJournal::open(&path).unwrap_err();
    assert!(error.to_string().contains("schema version 99"), "{error}");
}

#[test]
fn process_crash_durability_keeps_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("normal.db");
    let options = SqliteOptions {
        durability: Durability::ProcessCrash,
        ..SqliteOptions::default()
    };
    let journal = SqliteJournal::open_with(&path, options).unwrap();
    assert_eq!(journal.verify_chain().unwrap(), 0);

    let check = rusqlite::Connection::open(&path).unwrap();
    let mode: String = check
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "WAL mode is a property of the file");
    let page_size: u32 = check
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .unwrap();
    assert_eq!(page_size, 8192);
}
