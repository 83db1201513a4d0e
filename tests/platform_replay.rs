//! Replaying a journal rebuilds the same platform, and any edit to it is detected.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Fixture, key, yuan};
use isf::Platform;
use isf::bid::StarfireVerifier;
use isf::core::HolidayCalendar;
use isf::finance::voucher::{ProductRules, SplitPart, VoucherCommand};
use isf::platform::Command;

fn busy_fixture() -> Fixture {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let split = Command::Voucher(VoucherCommand::Split {
        piece: root,
        parts: vec![SplitPart {
            to: fixture.tier2.bid().clone(),
            amount: yuan("500,000.00"),
        }],
    });
    fixture.submit(&tier1, "s-1", split, "2025-07-03").unwrap();
    fixture
}

fn replay(
    fixture: &Fixture,
    entries: Vec<isf::core::envelope::ChainedEvent<isf::platform::JournalEntry>>,
) -> Result<Platform, isf::PlatformError> {
    Platform::replay(
        fixture.operator.bid().clone(),
        ProductRules::default(),
        HolidayCalendar::china().unwrap(),
        Box::new(StarfireVerifier),
        entries,
    )
}

#[test]
fn replay_rebuilds_the_same_book_and_idempotency() {
    let fixture = busy_fixture();
    let mut rebuilt = replay(&fixture, fixture.platform.journal().to_vec()).unwrap();

    assert_eq!(rebuilt.book().pieces(), fixture.platform.book().pieces());
    assert_eq!(
        rebuilt.book().vouchers(),
        fixture.platform.book().vouchers()
    );

    let tier1 = key(common::TIER1);
    let again = Command::Voucher(VoucherCommand::Split {
        piece: isf::core::PieceId(1),
        parts: vec![SplitPart {
            to: fixture.tier2.bid().clone(),
            amount: yuan("500,000.00"),
        }],
    });
    let receipt = rebuilt
        .submit(
            common::signed(&tier1, "s-1", again),
            common::date("2025-07-03"),
        )
        .unwrap();
    assert!(receipt.replayed, "request numbers survive a replay");
}

#[test]
fn edited_journal_is_refused() {
    let fixture = busy_fixture();
    let mut entries = fixture.platform.journal().to_vec();
    let last = entries.len() - 1;
    entries[last].body.date = common::date("2025-07-04");
    assert!(replay(&fixture, entries).is_err());

    let mut entries = fixture.platform.journal().to_vec();
    entries.remove(1);
    assert!(replay(&fixture, entries).is_err());
}
