//! The rules of maturity and payment, and the replay of events: a replayed journal rebuilds
//! the same book, and events that do not fit the book are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{Fen, PieceId};
use isf_finance::FinanceError;
use isf_finance::voucher::{ProductRules, VoucherCommand, VoucherEvent, VoucherStatus};

fn mature(voucher: &str) -> VoucherCommand {
    VoucherCommand::Mature {
        voucher: number(voucher),
    }
}

fn pay(piece: PieceId, amount: Fen) -> VoucherCommand {
    VoucherCommand::RecordPayment { piece, amount }
}

/// Voucher `V-1` of 10,000.00, due 2025-09-01, held by tier 1 as piece 1.
fn held() -> (Ledger, PieceId) {
    let mut ledger = Ledger::default();
    let root = ledger.issue_signed("V-1", yuan(10_000), "2025-03-03", "2025-09-01");
    (ledger, root)
}

// ---- maturity and payment ----

#[test]
fn voucher_matures_on_the_adjusted_due_date() {
    let mut ledger = Ledger::default();
    ledger.issue_signed("V-1", yuan(10_000), "2025-03-03", "2025-10-01");

    let error = ledger.refuse(&stranger(), mature("V-1"), "2025-10-08");
    assert!(
        matches!(error, FinanceError::NotDue { ref voucher, due }
            if voucher.as_str() == "V-1" && due == date("2025-10-09")),
        "{error:?}"
    );

    let event = ledger.run(&stranger(), mature("V-1"), "2025-10-09");
    assert!(matches!(event, VoucherEvent::Matured { on, .. } if on == date("2025-10-09")));
    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Matured);

    let error = ledger.refuse(&stranger(), mature("V-1"), "2025-10-10");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
}

#[test]
fn pieces_are_frozen_after_maturity() {
    let (mut ledger, root) = held();
    let pieces = ledger.split(
        &tier1(),
        root,
        &[(&tier2(), yuan(3_000)), (&tier3(), yuan(2_000))],
        "2025-08-28",
    );
    let (offered, to_tier3, rest) = (pieces[0], pieces[1], pieces[2]);
    ledger.run(
        &tier3(),
        VoucherCommand::Sign { piece: to_tier3 },
        "2025-08-28",
    );
    ledger.run(&tier3(), lock(to_tier3, "APP-1", &funder()), "2025-08-29");
    ledger.run(&stranger(), mature("V-1"), "2025-09-01");

    let refused = [
        (tier1(), split(rest, &[(&tier2(), yuan(1_000))])),
        (tier1(), lock(rest, "APP-2", &funder())),
        (tier2(), VoucherCommand::Sign { piece: offered }),
        (tier2(), VoucherCommand::Reject { piece: offered }),
        (stranger(), VoucherCommand::ExpireOffer { piece: offered }),
        (funder(), VoucherCommand::Assign { piece: to_tier3 }),
        (funder(), VoucherCommand::Pledge { piece: to_tier3 }),
        (
            issuer(),
            VoucherCommand::Void {
                voucher: number("V-1"),
            },
        ),
    ];
    for (actor, command) in refused {
        let error = ledger.refuse(&actor, command.clone(), "2025-09-02");
        assert!(
            matches!(error, FinanceError::IllegalState { .. }),
            "{command:?}: {error:?}"
        );
    }
    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Matured);
}

#[test]
fn an_unsigned_root_cannot_cancel_a_matured_voucher() {
    // Due two days after issue, so the payee's sign window is still open at maturity.
    let mut ledger = Ledger::default();
    let root = ledger.issue(
        terms("V-1", &tier1(), yuan(10_000), "2025-03-05"),
        "2025-03-03",
    );
    ledger.run(&stranger(), mature("V-1"), "2025-03-05");
    ledger.run(&issuer(), pay(root, yuan(4_000)), "2025-03-05");

    let error = ledger.refuse(
        &tier1(),
        VoucherCommand::Reject { piece: root },
        "2025-03-06",
    );
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
    let error = ledger.refuse(
        &stranger(),
        VoucherCommand::ExpireOffer { piece: root },
        "2025-03-11",
    );
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Matured);
    assert_eq!(ledger.piece(root).paid, yuan(4_000));
}

#[test]
fn payments_are_recorded_after_maturity_up_to_what_is_outstanding() {
    let (mut ledger, root) = held();
    let pieces = ledger.split(&tier1(), root, &[(&tier2(), yuan(3_000))], "2025-03-05");
    let piece = pieces[1];

    let error = ledger.refuse(&issuer(), pay(piece, yuan(1)), "2025-08-29");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    ledger.run(&stranger(), mature("V-1"), "2025-09-01");

    let error = ledger.refuse(&issuer(), pay(piece, fen(0)), "2025-09-01");
    assert!(
        matches!(error, FinanceError::ZeroAmount { what: "payment" }),
        "{error:?}"
    );
    let error = ledger.refuse(&issuer(), pay(root, yuan(1)), "2025-09-01");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    ledger.run(&issuer(), pay(piece, yuan(5_000)), "2025-09-01");
    let error = ledger.refuse(&issuer(), pay(piece, fen(200_001)), "2025-09-01");
    assert!(
        matches!(error, FinanceError::Overpayment { piece: p, amount, outstanding }
            if p == piece && amount == fen(200_001) && outstanding == yuan(2_000)),
        "{error:?}"
    );
    ledger.run(&issuer(), pay(piece, yuan(2_000)), "2025-09-02");

    assert_eq!(ledger.piece(piece).paid, yuan(7_000));
    assert_eq!(ledger.piece(piece).outstanding(), fen(0));
    let error = ledger.refuse(&issuer(), pay(piece, fen(1)), "2025-09-02");
    assert!(
        matches!(error, FinanceError::Overpayment { outstanding, .. } if outstanding == fen(0)),
        "{error:?}"
    );
    assert!(ledger.book.invariant_violations().is_empty());
}
// ---- replay ----

#[test]
fn replaying_the_events_rebuilds_the_same_book() {
    let mut ledger = Ledger::default();
    let c1 = chain_c1(&mut ledger);
    ledger.run(
        &tier3(),
        lock(c1.to_tier3, "APP-1", &funder()),
        "2025-03-10",
    );
    ledger.run(
        &funder(),
        VoucherCommand::Assign { piece: c1.to_tier3 },
        "2025-03-11",
    );
    ledger.run(
        &tier2(),
        lock(c1.tier2_rest, "APP-2", &other_funder()),
        "2025-03-10",
    );
    ledger.run(
        &other_funder(),
        VoucherCommand::Pledge {
            piece: c1.tier2_rest,
        },
        "2025-03-11",
    );
    let offered = ledger.split(
        &tier1(),
        c1.tier1_rest,
        &[(&party(40), yuan(1_000))],
        "2025-03-12",
    );
    ledger.run(
        &party(40),
        VoucherCommand::Reject { piece: offered[0] },
        "2025-03-13",
    );
    let unsigned = ledger.split(
        &tier1(),
        offered[1],
        &[(&party(41), yuan(2_000))],
        "2025-03-14",
    );
    ledger.run(
        &stranger(),
        VoucherCommand::ExpireOffer { piece: unsigned[0] },
        "2025-03-22",
    );
    ledger.issue(
        terms("V-2", &tier2(), yuan(5_000), "2025-06-30"),
        "2025-03-14",
    );
    ledger.run(
        &issuer(),
        VoucherCommand::Void {
            voucher: number("V-2"),
        },
        "2025-03-15",
    );
    ledger.run(&stranger(), mature("V-C1"), "2025-09-01");
    ledger.run(&issuer(), pay(c1.to_tier3, yuan(100_000)), "2025-09-01");

    let replayed = ledger.replayed();

    assert_eq!(replayed.pieces(), ledger.book.pieces());
    assert_eq!(replayed.vouchers(), ledger.book.vouchers());
    assert!(replayed.invariant_violations().is_empty());
}

#[test]
fn events_that_do_not_fit_the_book_are_refused_on_apply() {
    let mut ledger = Ledger::default();
    let c1 = chain_c1(&mut ledger);
    ledger.issue(
        terms("V-2", &tier2(), yuan(5_000), "2025-06-30"),
        "2025-03-14",
    );
    ledger.run(
        &issuer(),
        VoucherCommand::Void {
            voucher: number("V-2"),
        },
        "2025-03-15",
    );
    let (root, rest) = (c1.root, c1.tier1_rest);

    let foreign = [
        VoucherEvent::Signed {
            piece: rest,
            holder: stranger(),
        },
        VoucherEvent::Locked {
            piece: root,
            application: "APP-X".into(),
            funder: funder(),
        },
        VoucherEvent::Unlocked { piece: root },
        VoucherEvent::PledgeReleased { piece: rest },
        VoucherEvent::Assigned {
            piece: rest,
            funder: funder(),
        },
        VoucherEvent::Pledged {
            piece: rest,
            pledgee: funder(),
        },
        VoucherEvent::Matured {
            voucher: number("V-2"),
            on: date("2025-06-30"),
        },
        VoucherEvent::Voided {
            voucher: number("V-C1"),
        },
        VoucherEvent::Paid {
            piece: rest,
            amount: yuan(1),
        },
    ];
    for event in foreign {
        let before = snapshot(&ledger.book);
        let result = ledger.book.apply(&event);
        assert!(
            matches!(result, Err(FinanceError::InconsistentEvent(_))),
            "{event:?}: {result:?}"
        );
        assert_eq!(snapshot(&ledger.book), before, "{event:?} changed the book");
    }
}

#[test]
fn a_pledge_cannot_be_released_once_the_voucher_is_due() {
    let mut ledger = Ledger::with_rules(ProductRules::default());
    let chain = chain_c1(&mut ledger);
    let piece = chain.to_tier3;
    ledger.run(&tier3(), lock(piece, "FA-1", &funder()), "2025-03-10");
    ledger.run(&funder(), VoucherCommand::Pledge { piece }, "2025-03-10");
    let mature = VoucherCommand::Mature {
        voucher: number("V-C1"),
    };
    ledger.run(&stranger(), mature, "2025-09-01");

    let release = VoucherCommand::ReleasePledge { piece };
    let refused = ledger.refuse(&funder(), release, "2025-09-02");
    assert!(
        matches!(refused, FinanceError::IllegalState { .. }),
        "{refused:?}"
    );
}

#[test]
fn a_financing_lock_cannot_be_lifted_once_the_voucher_is_due() {
    let mut ledger = Ledger::with_rules(ProductRules::default());
    let chain = chain_c1(&mut ledger);
    let piece = chain.to_tier3;
    ledger.run(&tier3(), lock(piece, "FA-1", &funder()), "2025-03-10");
    let mature = VoucherCommand::Mature {
        voucher: number("V-C1"),
    };
    ledger.run(&stranger(), mature, "2025-09-01");

    for actor in [tier3(), funder()] {
        let unlock = VoucherCommand::Unlock { piece };
        let refused = ledger.refuse(&actor, unlock, "2025-09-02");
        assert!(
            matches!(
                refused,
                FinanceError::IllegalState {
                    action: "unlock",
                    state: "matured",
                    ..
                }
            ),
            "{refused:?}"
        );
    }
}
