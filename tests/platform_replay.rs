//! A platform reopened on its journal is the same platform; an edited journal is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;

use common::{Fixture, config, key, yuan};
use isf::bid::StarfireVerifier;
use isf::core::PieceId;
use isf::finance::voucher::{SplitPart, VoucherCommand};
use isf::platform::Command;
use isf::store::{Journal, SqliteJournal};
use isf::{Platform, PlatformError};

fn split_half(fixture: &Fixture, piece: PieceId) -> Command {
    Command::Voucher(VoucherCommand::Split {
        piece,
        parts: vec![SplitPart {
            to: fixture.tier2.bid().clone(),
            amount: yuan("500,000.00"),
        }],
    })
}

#[test]
fn reopening_rebuilds_the_same_book_and_keeps_request_numbers() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    fixture
        .submit(&tier1, "s-1", split_half(&fixture, root), "2025-07-03")
        .unwrap();

    let journal = fixture.platform.journal().clone();
    let operator = key(common::OPERATOR);
    let mut reopened =
        Platform::open(config(&operator), Box::new(StarfireVerifier), journal).unwrap();

    assert_eq!(reopened.book().pieces(), fixture.platform.book().pieces());
    assert_eq!(
        reopened.book().vouchers(),
        fixture.platform.book().vouchers()
    );
    assert_eq!(reopened.head(), fixture.platform.head());

    let again = common::signed(&tier1, "s-1", split_half(&fixture, root));
    let receipt = reopened.submit(again, common::date("2025-07-03")).unwrap();
    assert!(receipt.replayed, "request numbers survive a restart");
}

#[test]
fn two_platforms_on_one_sqlite_file_see_each_other_and_cannot_both_spend() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let operator = key(common::OPERATOR);

    let mut fixture = Fixture::on(Arc::new(SqliteJournal::open(&path).unwrap()));
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let second: Arc<dyn Journal> = Arc::new(SqliteJournal::open(&path).unwrap());
    let mut other = Platform::open(config(&operator), Box::new(StarfireVerifier), second).unwrap();

    let tier1 = key(common::TIER1);
    fixture
        .submit(&tier1, "first", split_half(&fixture, root), "2025-07-03")
        .unwrap();
    let second_spend = common::signed(&tier1, "second", split_half(&fixture, root));
    let refused = other.submit(second_spend, common::date("2025-07-03"));

    assert!(
        matches!(refused, Err(PlatformError::Finance(_))),
        "{refused:?}"
    );
    assert_eq!(other.book().pieces(), fixture.platform.book().pieces());
}

#[test]
fn an_edited_journal_is_refused_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut fixture = Fixture::on(Arc::new(SqliteJournal::open(&path).unwrap()));
    fixture.issue_signed("V-1", "1,000,000.00");
    drop(fixture);

    let connection = rusqlite::Connection::open(&path).unwrap();
    let changed = connection
        .execute(
            "UPDATE entries SET body = CAST(replace(CAST(body AS TEXT), '100000000', '100000001') AS BLOB) WHERE seq = 6",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);

    let operator = key(common::OPERATOR);
    let journal: Arc<dyn Journal> = Arc::new(SqliteJournal::open(&path).unwrap());
    let refused = Platform::open(config(&operator), Box::new(StarfireVerifier), journal);
    assert!(
        matches!(refused, Err(PlatformError::CorruptJournal { .. })),
        "{:?}",
        refused.err()
    );
}
