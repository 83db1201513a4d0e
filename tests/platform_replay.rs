//! A platform reopened on its journal is the same platform; an edited journal is refused, even
//! one rewritten with fresh hashes by whoever holds the store.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;

use common::{Fixture, config, key, swap_first_two_payees, yuan};
use isf::bid::StarfireVerifier;
use isf::core::canonical::to_canonical_json;
use isf::core::{PieceId, VoucherId};
use isf::finance::voucher::{PieceState, SplitPart, VoucherCommand, VoucherEvent};
use isf::platform::{Admission, Command, JournalEntry, PLATFORM_STREAM, PartyRole};
use isf::settlement::{ClearingPlan, Routing};
use isf::store::{AppendRequest, Journal, MemoryJournal, NewEntry, SqliteJournal};
use isf::{Platform, PlatformError, PlatformEvent};

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

/// A voucher split between tier 1 and tier 2, matured, with an end-to-end clearing planned.
fn planned_clearing() -> Fixture {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    fixture
        .submit(&tier1, "s-1", split_half(&fixture, root), "2025-07-03")
        .unwrap();
    let offered = fixture
        .platform
        .book()
        .pieces()
        .iter()
        .find(|piece| matches!(piece.state, PieceState::PendingSign { .. }))
        .unwrap()
        .id;
    let sign = Command::Voucher(VoucherCommand::Sign { piece: offered });
    let tier2 = key(common::TIER2);
    fixture.submit(&tier2, "s-2", sign, "2025-07-04").unwrap();

    let voucher = VoucherId::parse("V-1").unwrap();
    let operator = key(common::OPERATOR);
    let mature = Command::Voucher(VoucherCommand::Mature {
        voucher: voucher.clone(),
    });
    fixture
        .submit(&operator, "mature", mature, "2025-10-09")
        .unwrap();
    let start = Command::StartClearing {
        voucher,
        routing: Routing::EndToEnd,
        funds: None,
        run: "RUN-1".to_owned(),
    };
    fixture
        .submit(&operator, "plan", start, "2025-10-09")
        .unwrap();
    fixture
}

/// Every entry of `journal`, edited by `forge`, appended afresh to a new journal, which
/// computes every hash itself, as a forger holding the store would.
fn rewritten(
    journal: &dyn Journal,
    forge: impl Fn(&mut Vec<(String, JournalEntry)>),
) -> Arc<dyn Journal> {
    let mut entries: Vec<(String, JournalEntry)> = journal
        .read_all(0, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|stored| (stored.kind, serde_json::from_slice(&stored.body).unwrap()))
        .collect();
    forge(&mut entries);

    let copy = MemoryJournal::new();
    for (version, (kind, entry)) in (0..).zip(entries) {
        let request = AppendRequest {
            stream: PLATFORM_STREAM.to_owned(),
            expected_version: version,
            request: None,
            entries: vec![NewEntry {
                kind,
                body: to_canonical_json(&entry).unwrap(),
            }],
        };
        copy.append(request).unwrap();
    }
    Arc::new(copy)
}

/// A forgery that edits every recorded event.
fn every_event(edit: impl Fn(&mut PlatformEvent)) -> impl Fn(&mut Vec<(String, JournalEntry)>) {
    move |entries| {
        entries
            .iter_mut()
            .flat_map(|(_, entry)| &mut entry.events)
            .for_each(&edit);
    }
}

/// A forgery that edits every recorded clearing plan.
fn plans(edit: impl Fn(&mut ClearingPlan)) -> impl Fn(&mut Vec<(String, JournalEntry)>) {
    every_event(move |event| {
        if let PlatformEvent::ClearingPlanned(plan) = event {
            edit(plan);
        }
    })
}

/// Opens a platform on `journal` and returns why it was refused.
fn refusal(journal: Arc<dyn Journal>) -> String {
    let operator = key(common::OPERATOR);
    match Platform::open(config(&operator), Box::new(StarfireVerifier), journal) {
        Err(PlatformError::CorruptJournal { reason, .. }) => reason,
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => panic!("the forged journal opened"),
    }
}

#[test]
fn a_rewritten_journal_with_its_plans_untouched_opens() {
    let fixture = planned_clearing();
    let journal = rewritten(fixture.platform.journal().as_ref(), |_| {});

    let operator = key(common::OPERATOR);
    let reopened = Platform::open(config(&operator), Box::new(StarfireVerifier), journal);

    assert_eq!(
        reopened.unwrap().book().pieces(),
        fixture.platform.book().pieces()
    );
}

#[test]
fn a_rewritten_journal_whose_plan_pays_the_wrong_parties_is_refused_on_open() {
    let fixture = planned_clearing();
    let journal = rewritten(
        fixture.platform.journal().as_ref(),
        plans(swap_first_two_payees),
    );
    let forged = journal.read_all(0, usize::MAX).unwrap();
    let plan = forged
        .iter()
        .filter_map(|stored| serde_json::from_slice::<JournalEntry>(&stored.body).ok())
        .flat_map(|entry| entry.events)
        .find_map(|event| match event {
            PlatformEvent::ClearingPlanned(plan) => Some(plan),
            _ => None,
        })
        .unwrap();
    assert_eq!(plan.check_consistency(), Ok(()), "the forgery adds up");

    let reason = refusal(journal);

    assert!(
        reason.contains("differs from the plan its pieces give"),
        "{reason}"
    );
}

#[test]
fn a_rewritten_journal_whose_plan_pays_one_fen_more_is_refused_on_open() {
    let fixture = planned_clearing();
    let journal = rewritten(
        fixture.platform.journal().as_ref(),
        plans(|plan| {
            plan.lines[0].amount = plan.lines[0].amount.checked_add(yuan("0.01")).unwrap();
        }),
    );

    let reason = refusal(journal);

    assert!(reason.contains("is inconsistent"), "{reason}");
}

#[test]
fn a_rewritten_journal_whose_signed_command_is_recorded_twice_is_refused_on_open() {
    let fixture = planned_clearing();
    let journal = rewritten(fixture.platform.journal().as_ref(), |entries| {
        let split = entries
            .iter()
            .position(|(_, entry)| entry.command.request_no.as_str() == "s-1")
            .unwrap();
        let again = entries[split].clone();
        entries.insert(split + 1, again);
    });

    let reason = refusal(journal);

    assert!(
        reason.contains("request number s-1 was recorded before"),
        "{reason}"
    );
}

#[test]
fn a_rewritten_journal_whose_events_differ_from_the_signed_command_is_refused_on_open() {
    let fixture = planned_clearing();
    let stranger = fixture.stranger.bid().clone();
    let forgery = every_event(move |event| {
        if let PlatformEvent::Voucher(VoucherEvent::Signed { holder, .. }) = event {
            *holder = stranger.clone();
        }
    });
    let journal = rewritten(fixture.platform.journal().as_ref(), forgery);

    let reason = refusal(journal);

    assert!(reason.contains("where the command causes"), "{reason}");
}

#[test]
fn a_rewritten_journal_with_a_command_the_platform_would_refuse_is_refused_on_open() {
    let fixture = planned_clearing();
    let tier2 = key(common::TIER2);
    let root = PieceId(1);
    let sign = Command::Voucher(VoucherCommand::Sign { piece: root });
    let refused_command = common::signed(&tier2, "forged-sign", sign);
    let journal = rewritten(fixture.platform.journal().as_ref(), move |entries| {
        let split = entries
            .iter()
            .position(|(_, entry)| entry.command.request_no.as_str() == "s-1")
            .unwrap();
        let (kind, first) = entries[split].clone();
        let forged = JournalEntry {
            date: first.date,
            command: refused_command.clone(),
            events: vec![PlatformEvent::Voucher(VoucherEvent::Signed {
                piece: root,
                holder: tier2.bid().clone(),
            })],
        };
        entries.insert(split + 1, (kind, forged));
    });

    let reason = refusal(journal);

    assert!(reason.contains("P1 was not on offer to"), "{reason}");
}

#[test]
fn a_rewritten_journal_that_admits_a_party_on_its_own_credential_is_refused_on_open() {
    let fixture = planned_clearing();
    let stranger = key(common::STRANGER);
    let own = common::credential_signed_by(
        &stranger,
        &stranger,
        PartyRole::Funder,
        "91320500MA1N00001Y",
        "self-made",
    );
    let claims = own.claims().clone();
    let admit = common::signed(&stranger, "self-admit", Command::AdmitParty(own));
    let journal = rewritten(fixture.platform.journal().as_ref(), move |entries| {
        let (kind, first) = entries[0].clone();
        let forged = JournalEntry {
            date: first.date,
            command: admit.clone(),
            events: vec![PlatformEvent::PartyAdmitted {
                party: claims.subject.clone(),
                name: claims.legal_name.clone(),
                admission: Admission {
                    role: claims.role,
                    credential: claims.id.clone(),
                    expires_on: claims.expires_on,
                },
            }],
        };
        entries.insert(1, (kind, forged));
    });

    let reason = refusal(journal);

    assert!(reason.contains("the platform refuses it"), "{reason}");
}

#[test]
fn a_rewritten_journal_whose_dates_go_back_is_refused_on_open() {
    let fixture = planned_clearing();
    let journal = rewritten(fixture.platform.journal().as_ref(), |entries| {
        let (_, signed) = entries
            .iter_mut()
            .find(|(_, entry)| entry.command.request_no.as_str() == "s-2")
            .unwrap();
        signed.date = common::date("2025-07-01");
    });

    let reason = refusal(journal);

    assert!(
        reason.contains("dated before the entry before it"),
        "{reason}"
    );
}

#[test]
fn a_rewritten_journal_that_brings_the_due_date_forward_is_refused_on_open() {
    let fixture = planned_clearing();
    let forgery = every_event(|event| {
        if let PlatformEvent::Voucher(VoucherEvent::Issued { due_date, .. }) = event {
            *due_date = common::date("2025-08-18");
        }
    });
    let journal = rewritten(fixture.platform.journal().as_ref(), forgery);

    let reason = refusal(journal);

    assert!(reason.contains("is no Following roll"), "{reason}");
}

#[test]
fn a_rewritten_journal_with_a_split_after_maturity_is_refused_on_open() {
    let fixture = planned_clearing();
    let tier1 = key(common::TIER1);
    let remainder = fixture
        .platform
        .book()
        .pieces()
        .iter()
        .find(|piece| piece.holder == *tier1.bid() && piece.state == PieceState::Held)
        .unwrap()
        .id;
    let late = common::signed(&tier1, "late-split", split_half(&fixture, remainder));
    let journal = rewritten(fixture.platform.journal().as_ref(), move |entries| {
        let matured = entries
            .iter()
            .position(|(_, entry)| entry.command.request_no.as_str() == "mature")
            .unwrap();
        let (kind, split) = entries
            .iter()
            .find(|(_, entry)| entry.command.request_no.as_str() == "s-1")
            .cloned()
            .unwrap();
        let forged = JournalEntry {
            date: entries[matured].1.date,
            command: late.clone(),
            events: split.events,
        };
        entries.insert(matured + 1, (kind, forged));
    });

    let reason = refusal(journal);

    assert!(
        reason.contains("belongs to a voucher that matured"),
        "{reason}"
    );
}

#[test]
fn entries_changed_in_the_store_after_open_are_not_handed_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.db");
    let mut fixture = Fixture::on(Arc::new(SqliteJournal::open(&path).unwrap()));
    fixture.issue_signed("V-1", "1,000,000.00");
    assert!(fixture.platform.entries().is_ok());

    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute(
            "DELETE FROM entries WHERE seq = (SELECT MAX(seq) FROM entries)",
            [],
        )
        .unwrap();

    let handed = fixture.platform.entries();
    assert!(
        matches!(handed, Err(PlatformError::CorruptJournal { .. })),
        "{:?}",
        handed.map(|entries| entries.len())
    );
}
