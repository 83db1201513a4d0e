//! The rules of issuing, signing for, rejecting, expiring and voiding vouchers, one test per
//! rule, each refusal checked for its exact error and for leaving the book untouched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{BusinessDayConvention, CoreError, PieceId};
use isf_finance::FinanceError;
use isf_finance::voucher::{PieceState, VoucherCommand, VoucherEvent, VoucherStatus};

fn sign(piece: PieceId) -> VoucherCommand {
    VoucherCommand::Sign { piece }
}

fn reject(piece: PieceId) -> VoucherCommand {
    VoucherCommand::Reject { piece }
}

fn expire(piece: PieceId) -> VoucherCommand {
    VoucherCommand::ExpireOffer { piece }
}

fn void(voucher: &str) -> VoucherCommand {
    VoucherCommand::Void {
        voucher: number(voucher),
    }
}

fn issue(voucher: &str, face: isf_core::Fen, committed: &str) -> VoucherCommand {
    VoucherCommand::Issue(terms(voucher, &tier1(), face, committed))
}

fn issue_with(committed: &str, convention: BusinessDayConvention) -> VoucherCommand {
    let mut terms = terms("V-1", &tier1(), yuan(1_000), committed);
    terms.convention = convention;
    VoucherCommand::Issue(terms)
}

// ---- issue ----

#[test]
fn issue_creates_a_root_offered_to_the_payee() {
    let mut ledger = Ledger::default();

    let event = ledger.run(
        &issuer(),
        issue("V-1", yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    let VoucherEvent::Issued {
        root,
        due_date,
        sign_deadline,
        issue_date,
        ..
    } = event
    else {
        panic!("expected Issued, got {event:?}");
    };
    assert_eq!(root, PieceId(1));
    assert_eq!(issue_date, date("2025-03-03"));
    assert_eq!(due_date, date("2025-09-01"));
    assert_eq!(sign_deadline, date("2025-03-10"));

    let piece = ledger.piece(root);
    assert_eq!(piece.holder, issuer());
    assert_eq!(piece.face, yuan(1_000));
    assert_eq!(piece.depth, 0);
    assert_eq!(piece.parent, None);
    assert_eq!(
        piece.state,
        PieceState::PendingSign {
            recipient: tier1(),
            deadline: date("2025-03-10"),
        }
    );
    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Outstanding);
    assert!(ledger.book.invariant_violations().is_empty());
}

#[test]
fn issue_of_zero_face_is_refused() {
    let mut ledger = Ledger::default();
    let error = ledger.refuse(&issuer(), issue("V-1", fen(0), "2025-09-01"), "2025-03-03");
    assert!(
        matches!(
            error,
            FinanceError::ZeroAmount {
                what: "face amount"
            }
        ),
        "{error:?}"
    );
}

#[test]
fn issue_to_oneself_is_refused() {
    let mut ledger = Ledger::default();
    let command = VoucherCommand::Issue(terms("V-1", &issuer(), yuan(1), "2025-09-01"));
    let error = ledger.refuse(&issuer(), command, "2025-03-03");
    assert!(matches!(error, FinanceError::TransferToSelf(ref who) if *who == issuer()));
}

#[test]
fn duplicate_voucher_number_is_refused() {
    let mut ledger = Ledger::default();
    ledger.run(
        &issuer(),
        issue("V-1", yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    let again = issue("V-1", yuan(2_000), "2025-10-01");
    let error = ledger.refuse(&party(5), again, "2025-03-04");

    assert!(matches!(error, FinanceError::DuplicateVoucher(ref id) if id.as_str() == "V-1"));
}

#[test]
fn committed_date_must_be_after_the_issue_date() {
    let mut ledger = Ledger::default();
    for committed in ["2025-03-03", "2025-03-02", "2024-12-31"] {
        let error = ledger.refuse(&issuer(), issue("V-1", yuan(1), committed), "2025-03-03");
        assert!(
            matches!(error, FinanceError::InvalidTerm { committed: c, .. } if c == date(committed)),
            "{committed}: {error:?}"
        );
    }
    ledger.run(&issuer(), issue("V-1", yuan(1), "2025-03-04"), "2025-03-03");
}

#[test]
fn term_beyond_the_maximum_is_refused_and_exactly_the_maximum_is_accepted() {
    let mut ledger = Ledger::default();
    assert_eq!(ledger.book.rules().max_term_days, 365);

    let late = date("2026-03-04");
    let error = ledger.refuse(&issuer(), issue("V-1", yuan(1), "2026-03-04"), "2025-03-03");
    assert!(
        matches!(error, FinanceError::InvalidTerm { committed, .. } if committed == late),
        "{error:?}"
    );

    ledger.run(&issuer(), issue("V-1", yuan(1), "2026-03-03"), "2025-03-03");
}

#[test]
fn due_date_is_the_committed_date_adjusted_by_the_calendar() {
    let cases = [
        (BusinessDayConvention::Following, "2025-10-09"),
        (BusinessDayConvention::Preceding, "2025-09-30"),
        (BusinessDayConvention::Unadjusted, "2025-10-01"),
    ];
    for (convention, due) in cases {
        let mut ledger = Ledger::default();
        ledger.run(
            &issuer(),
            issue_with("2025-10-01", convention),
            "2025-03-03",
        );

        let voucher = ledger.voucher("V-1");
        assert_eq!(voucher.committed_date, date("2025-10-01"));
        assert_eq!(voucher.due_date, date(due), "{convention:?}");
    }
}

#[test]
fn committed_date_in_a_year_without_holiday_data_is_refused() {
    let mut ledger = Ledger::default();

    let command = issue_with("2027-03-01", BusinessDayConvention::Following);
    let error = ledger.refuse(&issuer(), command, "2026-06-01");
    assert!(
        matches!(
            error,
            FinanceError::Core(CoreError::YearNotCovered { year: 2027 })
        ),
        "{error:?}"
    );

    // Unadjusted never consults the calendar.
    let command = issue_with("2027-03-01", BusinessDayConvention::Unadjusted);
    ledger.run(&issuer(), command, "2026-06-01");
}

#[test]
fn adjusted_due_date_on_or_before_the_issue_date_is_refused() {
    // 2025-10-01 to 10-08 are days off: Preceding rolls the committed dates back to 09-30,
    // which would make a voucher due on (or before) the day it is issued.
    let cases = [("2025-09-30", "2025-10-01"), ("2025-10-02", "2025-10-08")];
    for (today, committed) in cases {
        let mut ledger = Ledger::default();
        let command = issue_with(committed, BusinessDayConvention::Preceding);
        let error = ledger.refuse(&issuer(), command, today);
        assert!(
            matches!(error, FinanceError::InvalidTerm { committed: c, .. } if c == date(committed)),
            "{today} → {committed}: {error:?}"
        );
    }
}

// ---- sign-receipt and rejection ----

#[test]
fn only_the_payee_signs() {
    let mut ledger = Ledger::default();
    let root = ledger.issue(
        terms("V-1", &tier1(), yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    for actor in [issuer(), tier2(), stranger()] {
        let error = ledger.refuse(&actor, sign(root), "2025-03-04");
        assert!(
            matches!(error, FinanceError::NotPermitted { actor: ref a, .. } if *a == actor),
            "{error:?}"
        );
    }

    let event = ledger.run(&tier1(), sign(root), "2025-03-04");
    assert_eq!(
        event,
        VoucherEvent::Signed {
            piece: root,
            holder: tier1()
        }
    );
    assert_eq!(ledger.piece(root).holder, tier1());
    assert_eq!(ledger.piece(root).state, PieceState::Held);

    let error = ledger.refuse(&tier1(), sign(root), "2025-03-04");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
}

#[test]
fn sign_window_closes_after_the_deadline() {
    let mut ledger = Ledger::default();
    let root = ledger.issue(
        terms("V-1", &tier1(), yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    let error = ledger.refuse(&tier1(), sign(root), "2025-03-11");
    assert!(
        matches!(error, FinanceError::SignWindowClosed { piece, deadline }
            if piece == root && deadline == date("2025-03-10")),
        "{error:?}"
    );

    ledger.run(&tier1(), sign(root), "2025-03-10");
}

#[test]
fn rejecting_the_root_cancels_the_voucher() {
    let mut ledger = Ledger::default();
    let root = ledger.issue(
        terms("V-1", &tier1(), yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    let error = ledger.refuse(&tier2(), reject(root), "2025-03-04");
    assert!(
        matches!(error, FinanceError::NotPermitted { .. }),
        "{error:?}"
    );

    ledger.run(&tier1(), reject(root), "2025-03-04");

    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Cancelled);
    assert_eq!(ledger.piece(root).state, PieceState::Cancelled);
    assert_eq!(live_face(&ledger.book, "V-1"), 0);
    assert_eq!(
        ledger.book.live_pieces_of(&number("V-1")).unwrap().count(),
        0
    );
    assert!(ledger.book.invariant_violations().is_empty());

    let error = ledger.refuse(&tier1(), sign(root), "2025-03-04");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
}

#[test]
fn rejecting_a_child_returns_it_to_its_sender() {
    let mut ledger = Ledger::default();
    let root = ledger.issue_signed("V-1", yuan(10_000), "2025-03-03", "2025-09-01");
    let parts = ledger.split(&tier1(), root, &[(&tier2(), yuan(4_000))], "2025-03-04");

    let error = ledger.refuse(&tier1(), reject(parts[0]), "2025-03-05");
    assert!(
        matches!(error, FinanceError::NotPermitted { .. }),
        "{error:?}"
    );

    ledger.run(&tier2(), reject(parts[0]), "2025-03-05");

    let returned = ledger.piece(parts[0]);
    assert_eq!(returned.state, PieceState::Held);
    assert_eq!(returned.holder, tier1());
    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Outstanding);
    assert_eq!(
        live_face(&ledger.book, "V-1"),
        i128::from(yuan(10_000).get())
    );
}

// ---- an offer left unsigned ----

#[test]
fn unsigned_child_returns_to_its_sender_at_the_deadline_and_is_spent_once() {
    let mut ledger = Ledger::default();
    let root = ledger.issue_signed("V-1", yuan(10_000), "2025-03-03", "2025-09-01");
    let offered = ledger.split(&tier1(), root, &[(&tier2(), yuan(4_000))], "2025-03-05")[0];

    // While offered, the sender cannot spend it again.
    let error = ledger.refuse(
        &tier1(),
        split(offered, &[(&tier3(), yuan(4_000))]),
        "2025-03-06",
    );
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    let error = ledger.refuse(&stranger(), expire(offered), "2025-03-12");
    assert!(
        matches!(error, FinanceError::SignWindowOpen { piece, deadline }
            if piece == offered && deadline == date("2025-03-12")),
        "{error:?}"
    );
    let error = ledger.refuse(&tier2(), sign(offered), "2025-03-13");
    assert!(
        matches!(error, FinanceError::SignWindowClosed { .. }),
        "{error:?}"
    );

    let event = ledger.run(&stranger(), expire(offered), "2025-03-13");
    assert_eq!(
        event,
        VoucherEvent::OfferEnded {
            piece: offered,
            rejected: false
        }
    );
    assert_eq!(ledger.piece(offered).holder, tier1());
    assert_eq!(ledger.piece(offered).state, PieceState::Held);

    // The recipient can no longer take it; the sender spends it exactly once.
    let error = ledger.refuse(&tier2(), sign(offered), "2025-03-13");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
    let error = ledger.refuse(&stranger(), expire(offered), "2025-03-13");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    ledger.split(&tier1(), offered, &[(&tier3(), yuan(4_000))], "2025-03-14");
    let again = split(offered, &[(&tier2(), yuan(4_000))]);
    let error = ledger.refuse(&tier1(), again, "2025-03-14");
    assert!(
        matches!(error, FinanceError::IllegalState { state: "split", .. }),
        "{error:?}"
    );
    assert_eq!(
        live_face(&ledger.book, "V-1"),
        i128::from(yuan(10_000).get())
    );
}

#[test]
fn unsigned_root_expires_into_a_cancelled_voucher() {
    let mut ledger = Ledger::default();
    let root = ledger.issue(
        terms("V-1", &tier1(), yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    ledger.run(&stranger(), expire(root), "2025-03-11");

    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Cancelled);
    assert_eq!(live_face(&ledger.book, "V-1"), 0);
}

// ---- void ----

#[test]
fn only_the_issuer_voids_and_only_before_the_first_sign_receipt() {
    let mut ledger = Ledger::default();
    let root = ledger.issue(
        terms("V-1", &tier1(), yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );
    ledger.issue(
        terms("V-2", &tier1(), yuan(1_000), "2025-09-01"),
        "2025-03-03",
    );

    for actor in [tier1(), stranger()] {
        let error = ledger.refuse(&actor, void("V-1"), "2025-03-04");
        assert!(
            matches!(error, FinanceError::NotPermitted { action: "void", .. }),
            "{error:?}"
        );
    }

    ledger.run(&issuer(), void("V-1"), "2025-03-04");
    assert_eq!(ledger.voucher("V-1").status, VoucherStatus::Cancelled);
    assert_eq!(ledger.piece(root).state, PieceState::Cancelled);
    assert_eq!(live_face(&ledger.book, "V-1"), 0);

    let error = ledger.refuse(&issuer(), void("V-1"), "2025-03-04");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );
    let error = ledger.refuse(&tier1(), sign(root), "2025-03-04");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    let second = ledger.voucher("V-2").root;
    ledger.run(&tier1(), sign(second), "2025-03-04");
    let error = ledger.refuse(&issuer(), void("V-2"), "2025-03-05");
    assert!(
        matches!(error, FinanceError::IllegalState { .. }),
        "{error:?}"
    );

    let error = ledger.refuse(&issuer(), void("V-9"), "2025-03-05");
    assert!(
        matches!(error, FinanceError::UnknownVoucher(_)),
        "{error:?}"
    );
}
