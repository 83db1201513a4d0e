//! The runtime's promises: idempotency by request number, signatures bound to BIDs, roles,
//! payment commitments behind every issue, and refusals that leave no trace.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Fixture, date, key, signed, yuan};
use isf::PlatformError;
use isf::bid::credential::{CredentialId, PartyRole, RevocationList};
use isf::core::{CoreError, Hash32};
use isf::finance::FinanceError;
use isf::finance::voucher::{SplitPart, VoucherCommand};
use isf::platform::{Command, FundingMode};

fn split_to_tier2(fixture: &Fixture, piece: isf::core::PieceId, amount: &str) -> Command {
    Command::Voucher(VoucherCommand::Split {
        piece,
        parts: vec![SplitPart {
            to: fixture.tier2.bid().clone(),
            amount: yuan(amount),
        }],
    })
}

#[test]
fn same_request_twice_returns_the_first_outcome() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let split = split_to_tier2(&fixture, root, "300,000.00");

    let first = fixture
        .submit(&tier1, "split-1", split.clone(), "2025-07-03")
        .unwrap();
    let entries = fixture.platform.head().0;
    let again = fixture
        .submit(&tier1, "split-1", split, "2025-07-03")
        .unwrap();

    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(again.seq, first.seq);
    assert_eq!(again.events, first.events);
    assert_eq!(fixture.platform.head().0, entries);
}

#[test]
fn same_request_number_with_another_payload_is_refused() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let first = split_to_tier2(&fixture, root, "300,000.00");
    fixture
        .submit(&tier1, "split-1", first, "2025-07-03")
        .unwrap();
    let pieces = fixture.platform.book().pieces().to_vec();

    let other = split_to_tier2(&fixture, root, "400,000.00");
    let refused = fixture.submit(&tier1, "split-1", other, "2025-07-03");

    assert!(matches!(refused, Err(PlatformError::RequestConflict(_))));
    assert_eq!(fixture.platform.book().pieces(), pieces.as_slice());
}

#[test]
fn tampered_payload_fails_signature_and_changes_nothing() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let mut command = signed(
        &tier1,
        "split-1",
        split_to_tier2(&fixture, root, "300,000.00"),
    );
    command.payload = split_to_tier2(&fixture, root, "900,000.00");
    let entries = fixture.platform.head().0;

    let refused = fixture.platform.submit(command, date("2025-07-03"));

    assert!(matches!(
        refused,
        Err(PlatformError::Core(CoreError::BadSignature { .. }))
    ));
    assert_eq!(fixture.platform.head().0, entries);
}

#[test]
fn signing_as_someone_else_is_refused() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let stranger = key(common::STRANGER);
    let mut command = signed(
        &stranger,
        "split-1",
        split_to_tier2(&fixture, root, "1,000.00"),
    );
    command.actor = fixture.tier1.bid().clone();

    let refused = fixture.platform.submit(command, date("2025-07-03"));

    assert!(
        matches!(refused, Err(PlatformError::Core(_))),
        "{refused:?}"
    );
}

#[test]
fn parties_need_registration_and_roles() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let stranger = key(common::STRANGER);
    let split = split_to_tier2(&fixture, root, "1,000.00");
    let refused = fixture.submit(&stranger, "x-1", split, "2025-07-03");
    assert!(matches!(refused, Err(PlatformError::UnknownParty(_))));

    let tier1 = key(common::TIER1);
    let commitment = fixture.commitment("V-2", yuan("10.00"), "2025-10-01");
    let refused = fixture.submit(&tier1, "x-2", commitment, "2025-07-03");
    assert!(matches!(refused, Err(PlatformError::MissingRole { .. })));

    let self_made = common::credential_signed_by(
        &stranger,
        &stranger,
        PartyRole::Funder,
        "91110108MA00PLAT0G",
        "self-made",
    );
    let refused = fixture.submit(
        &stranger,
        "x-3",
        Command::AdmitParty(self_made),
        "2025-07-03",
    );
    assert!(
        matches!(refused, Err(PlatformError::OperatorOnly(_))),
        "{refused:?}"
    );
}

#[test]
fn expired_or_revoked_credentials_stop_a_party() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);

    let after_expiry = split_to_tier2(&fixture, root, "1,000.00");
    let refused = fixture.submit(&tier1, "e-1", after_expiry, "2026-07-01");
    assert!(
        matches!(refused, Err(PlatformError::UnknownParty(_))),
        "{refused:?}"
    );

    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let operator = key(common::OPERATOR);
    let revocation = RevocationList::sign(
        &operator,
        date("2025-07-03"),
        [CredentialId::parse("cred-1").unwrap()],
    )
    .unwrap();
    fixture
        .submit(
            &operator,
            "r-1",
            Command::RevokeCredentials(revocation),
            "2025-07-03",
        )
        .unwrap();
    let revoked = split_to_tier2(&fixture, root, "1,000.00");
    let refused = fixture.submit(&tier1, "e-2", revoked, "2025-07-03");
    assert!(
        matches!(refused, Err(PlatformError::UnknownParty(_))),
        "{refused:?}"
    );

    let readmit = fixture.credential(&tier1, PartyRole::Supplier, "91310115MA1K3XY70D", "cred-1");
    let refused = fixture.submit(&tier1, "e-3", Command::AdmitParty(readmit), "2025-07-03");
    assert!(
        matches!(refused, Err(PlatformError::RevokedCredential(_))),
        "{refused:?}"
    );
}

#[test]
fn issue_needs_a_matching_unused_commitment() {
    let mut fixture = Fixture::new();
    let core = key(common::CORE);
    let face = yuan("500,000.00");

    let unbacked = fixture.issue_command("V-9", face, "2025-10-01", Hash32::of(b"none"));
    let refused = fixture.submit(&core, "i-0", unbacked, "2025-07-01");
    assert!(matches!(refused, Err(PlatformError::UnknownCommitment(_))));

    let commitment = fixture.commitment("V-9", face, "2025-10-01");
    let Command::SubmitCommitment(record) = &commitment else {
        unreachable!()
    };
    let id = record.id;
    fixture
        .submit(&core, "c-1", commitment, "2025-07-01")
        .unwrap();

    let wrong_amount = fixture.issue_command("V-9", yuan("500,000.01"), "2025-10-01", id);
    let refused = fixture.submit(&core, "i-1", wrong_amount, "2025-07-01");
    assert!(matches!(
        refused,
        Err(PlatformError::CommitmentMismatch { .. })
    ));

    let wrong_date = fixture.issue_command("V-9", face, "2025-10-02", id);
    let refused = fixture.submit(&core, "i-2", wrong_date, "2025-07-01");
    assert!(matches!(
        refused,
        Err(PlatformError::CommitmentMismatch { .. })
    ));

    let issue = fixture.issue_command("V-9", face, "2025-10-01", id);
    fixture.submit(&core, "i-3", issue, "2025-07-01").unwrap();
    let due = fixture.platform.book().vouchers()[0].due_date;
    assert_eq!(
        due,
        date("2025-10-09"),
        "National Day rolls to the next business day"
    );
}

#[test]
fn pieces_are_locked_and_funded_only_through_financing_commands() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let factor = key(common::FACTOR);

    let lock = Command::Voucher(VoucherCommand::LockForFinancing {
        piece: root,
        application: "FA-1".to_owned(),
        funder: factor.bid().clone(),
    });
    let refused = fixture.submit(&tier1, "l-1", lock, "2025-07-03");
    assert!(matches!(refused, Err(PlatformError::OperatorOnly(_))));

    let apply = Command::ApplyFinancing {
        piece: root,
        application: "FA-1".to_owned(),
        funder: factor.bid().clone(),
        terms: isf::finance::financing::DiscountTerms {
            rate: isf::core::Rate::parse("2.62%").unwrap(),
            day_count: isf::core::DayCount::Act360,
            rounding: isf::core::RoundingMode::HalfUp,
            extra_days: 0,
        },
    };
    fixture.submit(&tier1, "a-1", apply, "2025-08-15").unwrap();
    let quote = &fixture.platform.application("FA-1").unwrap().quote;
    assert_eq!((quote.days, quote.interest), (55, yuan("4,002.78")));

    let split = split_to_tier2(&fixture, root, "1,000.00");
    let refused = fixture.submit(&tier1, "s-1", split, "2025-08-15");
    assert!(matches!(
        refused,
        Err(PlatformError::Finance(FinanceError::IllegalState { .. }))
    ));

    let fund = Command::Fund {
        application: "FA-1".to_owned(),
        mode: FundingMode::Assignment,
    };
    let refused = fixture.submit(&tier1, "f-0", fund.clone(), "2025-08-15");
    assert!(matches!(
        refused,
        Err(PlatformError::Finance(FinanceError::NotPermitted { .. }))
    ));
    fixture.submit(&factor, "f-1", fund, "2025-08-15").unwrap();
    assert_eq!(
        &fixture.platform.book().piece(root).unwrap().holder,
        factor.bid()
    );
}

#[test]
fn business_dates_never_go_back() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let split = split_to_tier2(&fixture, root, "1,000.00");
    let refused = fixture.submit(&tier1, "s-1", split, "2025-06-30");
    assert!(matches!(refused, Err(PlatformError::DateWentBack { .. })));
}

#[test]
fn an_older_revocation_list_cannot_reinstate_credentials() {
    let mut fixture = Fixture::new();
    let operator = key(common::OPERATOR);
    let newer = RevocationList::sign(
        &operator,
        date("2025-07-03"),
        [CredentialId::parse("cred-1").unwrap()],
    )
    .unwrap();
    fixture
        .submit(
            &operator,
            "r-1",
            Command::RevokeCredentials(newer),
            "2025-07-03",
        )
        .unwrap();

    let older = RevocationList::sign(&operator, date("2025-07-02"), []).unwrap();
    let refused = fixture.submit(
        &operator,
        "r-2",
        Command::RevokeCredentials(older),
        "2025-07-03",
    );
    assert!(
        matches!(refused, Err(PlatformError::StaleRevocationList(_))),
        "{refused:?}"
    );
}

#[test]
fn the_operator_never_receives_pieces() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let operator = key(common::OPERATOR);
    let to_operator = Command::Voucher(VoucherCommand::Split {
        piece: root,
        parts: vec![SplitPart {
            to: operator.bid().clone(),
            amount: yuan("1,000.00"),
        }],
    });
    let refused = fixture.submit(&tier1, "s-op", to_operator, "2025-07-03");
    assert!(
        matches!(refused, Err(PlatformError::UnknownParty(_))),
        "{refused:?}"
    );
}

#[test]
fn business_dates_cannot_pass_the_year_9999() {
    let late = isf::core::BizDate::new(9999, 12, 31).unwrap();
    assert!(late.add_days(5).is_err());
}

#[test]
fn a_revocation_list_dated_after_the_day_it_is_published_is_refused() {
    let mut fixture = Fixture::new();
    let operator = key(common::OPERATOR);
    let ahead = RevocationList::sign(&operator, date("2099-12-31"), []).unwrap();

    let refused = fixture.submit(
        &operator,
        "r-ahead",
        Command::RevokeCredentials(ahead),
        "2025-07-05",
    );

    assert!(
        matches!(refused, Err(PlatformError::RevocationListAhead { .. })),
        "{refused:?}"
    );
}

#[test]
fn the_operator_cannot_be_admitted_as_a_party() {
    let mut fixture = Fixture::new();
    let operator = key(common::OPERATOR);
    let uscc = "91310115MA1K3XY70D";
    let credential = fixture.credential(&operator, PartyRole::Supplier, uscc, "op-supplier");

    let refused = fixture.submit(
        &operator,
        "admit-op",
        Command::AdmitParty(credential),
        "2025-07-05",
    );

    assert!(
        matches!(refused, Err(PlatformError::OperatorAsParty)),
        "{refused:?}"
    );
}
