//! The rules of financing a piece (lock, assignment, pledge, release, unlock) and the discount
//! quote on a piece's adjusted due date.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{DayCount, PieceId, Rate, RoundingMode};
use isf_finance::FinanceError;
use isf_finance::financing::{DiscountTerms, quote_discount};
use isf_finance::voucher::{PieceState, VoucherCommand};

/// Voucher `V-1` of 10,000.00, due 2025-09-01, held by tier 1 as piece 1.
fn held() -> (Ledger, PieceId) {
    let mut ledger = Ledger::default();
    let root = ledger.issue_signed("V-1", yuan(10_000), "2025-03-03", "2025-09-01");
    (ledger, root)
}

fn locked() -> (Ledger, PieceId) {
    let (mut ledger, root) = held();
    ledger.run(&tier1(), lock(root, "APP-1", &funder()), "2025-03-04");
    (ledger, root)
}

// ---- lock, assign, pledge, release, unlock ----

#[test]
fn only_the_holder_locks_a_free_piece_with_another_funder() {
    let (mut ledger, root) = held();

    let error = ledger.refuse(&stranger(), lock(root, "APP-1", &funder()), "2025-03-04");
    assert!(
        matches!(
            error,
            FinanceError::NotPermitted {
                action: "finance",
                ..
            }
        ),
        "{error:?}"
    );
    let error = ledger.refuse(&tier1(), lock(root, "APP-1", &tier1()), "2025-03-04");
    assert!(
        matches!(error, FinanceError::TransferToSelf(_)),
        "{error:?}"
    );
    for application in [String::new(), "A".repeat(65)] {
        let error = ledger.refuse(&tier1(), lock(root, &application, &funder()), "2025-03-04");
        assert!(
            matches!(error, FinanceError::InvalidApplication(ref a) if *a == application),
            "{error:?}"
        );
    }

    let application = "A".repeat(64);
    ledger.run(&tier1(), lock(root, &application, &funder()), "2025-03-04");
    assert_eq!(
        ledger.piece(root).state,
        PieceState::Locked {
            application,
            funder: funder()
        }
    );
}

#[test]
fn a_locked_piece_cannot_be_split_or_locked_again() {
    let (mut ledger, root) = locked();

    let error = ledger.refuse(
        &tier1(),
        split(root, &[(&tier2(), yuan(1_000))]),
        "2025-03-05",
    );
    assert!(
        matches!(
            error,
            FinanceError::IllegalState {
                action: "split",
                ..
            }
        ),
        "{error:?}"
    );
    let error = ledger.refuse(&tier1(), lock(root, "APP-2", &other_funder()), "2025-03-05");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
}

#[test]
fn assignment_makes_the_locked_funder_the_holder() {
    let (mut ledger, root) = locked();
    let assign = || VoucherCommand::Assign { piece: root };

    for actor in [tier1(), other_funder(), issuer()] {
        let error = ledger.refuse(&actor, assign(), "2025-03-05");
        assert!(
            matches!(error, FinanceError::NotPermitted { .. }),
            "{actor}: {error:?}"
        );
    }

    ledger.run(&funder(), assign(), "2025-03-05");

    let piece = ledger.piece(root);
    assert_eq!(piece.holder, funder());
    assert_eq!(piece.previous_holders, [tier1()]);
    assert_eq!(piece.state, PieceState::Held);
    assert_eq!(piece.payee(), &funder());
    let path = ledger.book.payment_path(root).unwrap();
    assert_eq!(path, [issuer(), tier1(), funder()]);

    // The funder now holds it and may pass it on; the assignor may not.
    let error = ledger.refuse(
        &tier1(),
        split(root, &[(&tier2(), yuan(1_000))]),
        "2025-03-06",
    );
    assert!(
        matches!(error, FinanceError::NotPermitted { .. }),
        "{error:?}"
    );
    ledger.split(&funder(), root, &[(&tier2(), yuan(1_000))], "2025-03-06");
}

#[test]
fn pledge_pays_the_pledgee_and_freezes_the_piece_until_released() {
    let (mut ledger, root) = locked();
    let pledge = VoucherCommand::Pledge { piece: root };
    let release = || VoucherCommand::ReleasePledge { piece: root };

    let error = ledger.refuse(&other_funder(), pledge.clone(), "2025-03-05");
    assert!(
        matches!(error, FinanceError::NotPermitted { .. }),
        "{error:?}"
    );
    ledger.run(&funder(), pledge, "2025-03-05");

    let piece = ledger.piece(root);
    assert_eq!(piece.holder, tier1());
    assert!(piece.previous_holders.is_empty());
    assert_eq!(piece.payee(), &funder());
    assert!(
        matches!(&piece.state, PieceState::Pledged { application, pledgee }
        if application == "APP-1" && *pledgee == funder())
    );
    let path = ledger.book.payment_path(root).unwrap();
    assert_eq!(path, [issuer(), tier1(), funder()]);

    let error = ledger.refuse(
        &tier1(),
        split(root, &[(&tier2(), yuan(1_000))]),
        "2025-03-06",
    );
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
    let error = ledger.refuse(&tier1(), lock(root, "APP-2", &other_funder()), "2025-03-06");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
    let error = ledger.refuse(
        &tier1(),
        VoucherCommand::Unlock { piece: root },
        "2025-03-06",
    );
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    for actor in [tier1(), other_funder()] {
        let error = ledger.refuse(&actor, release(), "2025-03-06");
        assert!(
            matches!(
                error,
                FinanceError::NotPermitted {
                    action: "release",
                    ..
                }
            ),
            "{actor}: {error:?}"
        );
    }
    ledger.run(&funder(), release(), "2025-03-06");

    assert_eq!(ledger.piece(root).state, PieceState::Held);
    assert_eq!(ledger.piece(root).payee(), &tier1());
    let error = ledger.refuse(&funder(), release(), "2025-03-06");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
}

#[test]
fn holder_or_funder_unlocks_and_nobody_else() {
    let (mut ledger, root) = locked();
    let unlock = || VoucherCommand::Unlock { piece: root };

    for actor in [stranger(), other_funder(), issuer()] {
        let error = ledger.refuse(&actor, unlock(), "2025-03-05");
        assert!(
            matches!(
                error,
                FinanceError::NotPermitted {
                    action: "unlock",
                    ..
                }
            ),
            "{actor}: {error:?}"
        );
    }
    ledger.run(&tier1(), unlock(), "2025-03-05");
    assert_eq!(ledger.piece(root).state, PieceState::Held);

    ledger.run(&tier1(), lock(root, "APP-2", &funder()), "2025-03-06");
    ledger.run(&funder(), unlock(), "2025-03-06");
    assert_eq!(ledger.piece(root).state, PieceState::Held);
}

#[test]
fn a_free_piece_cannot_be_unlocked_assigned_pledged_or_released() {
    let (mut ledger, root) = held();
    let commands = [
        VoucherCommand::Unlock { piece: root },
        VoucherCommand::Assign { piece: root },
        VoucherCommand::Pledge { piece: root },
        VoucherCommand::ReleasePledge { piece: root },
    ];
    for command in commands {
        let error = ledger.refuse(&funder(), command.clone(), "2025-03-05");
        assert!(
            matches!(error, FinanceError::IllegalState { .. }),
            "{command:?}: {error:?}"
        );
    }
    let error = ledger.refuse(
        &funder(),
        VoucherCommand::Assign { piece: PieceId(7) },
        "2025-03-05",
    );
    assert!(
        matches!(error, FinanceError::UnknownPiece(PieceId(7))),
        "{error:?}"
    );
}
// ---- discount quote ----

fn discount_terms() -> DiscountTerms {
    DiscountTerms {
        rate: Rate::parse("2.62%").unwrap(),
        day_count: DayCount::Act360,
        rounding: RoundingMode::HalfUp,
        extra_days: 0,
    }
}

#[test]
fn bill_discount_case_c4() {
    let quote = quote_discount(
        yuan(1_000_000),
        date("2025-08-15"),
        date("2025-10-29"),
        &discount_terms(),
    )
    .unwrap();

    assert_eq!(quote.days, 75);
    assert_eq!(quote.interest.to_string(), "5,458.33");
    assert_eq!(quote.advance.to_string(), "994,541.67");
}

#[test]
fn terms_that_would_take_the_whole_face_are_refused_by_name() {
    let usurious = DiscountTerms {
        rate: Rate::parse("1000%").unwrap(),
        ..discount_terms()
    };
    let endless = DiscountTerms {
        extra_days: u32::MAX,
        ..discount_terms()
    };

    for terms in [usurious, endless] {
        let refused = quote_discount(
            yuan(300_000),
            date("2025-08-15"),
            date("2025-10-09"),
            &terms,
        );
        assert!(
            matches!(refused, Err(FinanceError::DiscountExceedsFace { .. })),
            "{refused:?}"
        );
    }
}

#[test]
fn holiday_extension_counts_towards_the_discount() {
    let mut ledger = Ledger::default();
    let root = ledger.issue_signed("V-1", yuan(300_000), "2025-03-03", "2025-10-01");
    let due = ledger.voucher("V-1").due_date;
    assert_eq!(due, date("2025-10-09"));

    let face = ledger.piece(root).face;
    let quote = quote_discount(face, date("2025-08-15"), due, &discount_terms()).unwrap();

    assert_eq!(quote.days, 55);
    assert_eq!(quote.interest.to_string(), "1,200.83");
    assert_eq!(quote.advance.to_string(), "298,799.17");

    // On the committed date as written the count would be eight days shorter.
    let written = ledger.voucher("V-1").committed_date;
    let short = quote_discount(face, date("2025-08-15"), written, &discount_terms()).unwrap();
    assert_eq!(short.days, 47);
    assert_eq!(short.interest.to_string(), "1,026.17");
}

#[test]
fn financing_on_the_due_date_is_refused() {
    let due = date("2025-10-09");
    let result = quote_discount(yuan(100), due, due, &discount_terms());
    assert!(
        matches!(result, Err(FinanceError::InvalidTerm { committed, .. }) if committed == due),
        "{result:?}"
    );
}
