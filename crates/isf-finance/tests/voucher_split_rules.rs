//! The rules of splitting and passing on voucher pieces (拆分流转): who may split, how the
//! parts must add up, the product limits, and the lineage a split leaves behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{CoreError, Fen, PieceId};
use isf_finance::FinanceError;
use isf_finance::voucher::{NewPiece, PieceState, ProductRules, VoucherCommand, VoucherEvent};

fn rules(change: impl FnOnce(&mut ProductRules)) -> ProductRules {
    let mut rules = ProductRules::default();
    change(&mut rules);
    rules
}

/// A ledger whose voucher `V-1` of `face` is held by tier 1 as piece 1.
fn held(rules: ProductRules, face: Fen) -> (Ledger, PieceId) {
    let mut ledger = Ledger::with_rules(rules);
    let root = ledger.issue_signed("V-1", face, "2025-03-03", "2025-09-01");
    (ledger, root)
}

#[test]
fn split_offers_parts_and_keeps_the_remainder() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));

    let event = ledger.run(
        &tier1(),
        split(root, &[(&tier2(), yuan(3_000)), (&tier3(), yuan(2_000))]),
        "2025-03-05",
    );

    let VoucherEvent::Split {
        parent, children, ..
    } = event
    else {
        panic!("expected a split, got {event:?}");
    };
    let deadline = date("2025-03-12");
    assert_eq!(parent, root);
    assert_eq!(
        children,
        vec![
            NewPiece {
                id: PieceId(2),
                face: yuan(3_000),
                recipient: Some(tier2()),
                deadline,
            },
            NewPiece {
                id: PieceId(3),
                face: yuan(2_000),
                recipient: Some(tier3()),
                deadline,
            },
            NewPiece {
                id: PieceId(4),
                face: yuan(5_000),
                recipient: None,
                deadline: date("2025-03-05"),
            },
        ]
    );

    assert_eq!(ledger.piece(root).state, PieceState::Split);
    for (id, recipient) in [(PieceId(2), tier2()), (PieceId(3), tier3())] {
        let piece = ledger.piece(id);
        assert_eq!(
            piece.holder,
            tier1(),
            "the sender holds it until it is signed"
        );
        assert_eq!(
            piece.state,
            PieceState::PendingSign {
                recipient,
                deadline
            }
        );
        assert_eq!((piece.parent, piece.depth), (Some(root), 1));
    }
    let rest = ledger.piece(PieceId(4));
    assert_eq!(
        (rest.holder.clone(), rest.state.clone()),
        (tier1(), PieceState::Held)
    );
    assert_eq!((rest.parent, rest.depth), (Some(root), 0));
    assert!(ledger.book.invariant_violations().is_empty());
}

#[test]
fn pieces_created_by_a_split_are_dated_on_the_split_day() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));

    let parts = ledger.split(&tier1(), root, &[(&tier2(), yuan(3_000))], "2025-03-05");

    for id in parts {
        assert_eq!(ledger.piece(id).created_on, date("2025-03-05"), "{id}");
    }
}

#[test]
fn only_the_holder_splits() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));
    let offered = ledger.split(&tier1(), root, &[(&tier2(), yuan(3_000))], "2025-03-05")[0];

    for (actor, piece) in [
        (issuer(), PieceId(3)),
        (stranger(), PieceId(3)),
        (tier2(), offered),
    ] {
        let command = split(piece, &[(&tier3(), yuan(1_000))]);
        let error = ledger.refuse(&actor, command, "2025-03-06");
        assert!(
            matches!(
                error,
                FinanceError::NotPermitted {
                    action: "split",
                    ..
                }
            ),
            "{actor} on {piece}: {error:?}"
        );
    }
}

#[test]
fn parts_beyond_the_face_are_refused() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));

    let parts = [(&tier2(), yuan(6_000)), (&tier3(), fen(400_001))];
    let error = ledger.refuse(&tier1(), split(root, &parts), "2025-03-05");

    assert!(
        matches!(error, FinanceError::SplitExceedsPiece { piece, requested, available }
            if piece == root && requested == fen(1_000_001) && available == yuan(10_000)),
        "{error:?}"
    );
}

#[test]
fn zero_part_is_refused() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));
    let parts = [(&tier2(), yuan(2_000)), (&tier3(), fen(0))];
    let error = ledger.refuse(&tier1(), split(root, &parts), "2025-03-05");
    assert!(
        matches!(error, FinanceError::ZeroAmount { what: "split part" }),
        "{error:?}"
    );
}

#[test]
fn part_to_oneself_is_refused() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));
    let parts = [(&tier2(), yuan(2_000)), (&tier1(), yuan(2_000))];
    let error = ledger.refuse(&tier1(), split(root, &parts), "2025-03-05");
    assert!(
        matches!(error, FinanceError::TransferToSelf(ref who) if *who == tier1()),
        "{error:?}"
    );
}

#[test]
fn empty_split_is_refused() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));
    let error = ledger.refuse(&tier1(), split(root, &[]), "2025-03-05");
    assert!(
        matches!(error, FinanceError::EmptySplit(id) if id == root),
        "{error:?}"
    );
}

#[test]
fn parts_and_remainders_below_the_minimum_are_refused() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));
    let minimum = yuan(1_000);

    let small_part = split(root, &[(&tier2(), fen(99_999))]);
    let error = ledger.refuse(&tier1(), small_part, "2025-03-05");
    assert!(
        matches!(error, FinanceError::BelowMinimum { amount, minimum: m }
            if amount == fen(99_999) && m == minimum),
        "{error:?}"
    );

    let small_rest = split(root, &[(&tier2(), fen(900_001))]);
    let error = ledger.refuse(&tier1(), small_rest, "2025-03-05");
    assert!(
        matches!(error, FinanceError::BelowMinimum { amount, minimum: m }
            if amount == fen(99_999) && m == minimum),
        "{error:?}"
    );

    ledger.split(&tier1(), root, &[(&tier2(), yuan(9_000))], "2025-03-05");
}

#[test]
fn minimum_share_of_the_issued_face_rounds_up() {
    let rules = rules(|r| {
        r.min_split = fen(1);
        r.min_share_ppm = 100_000;
    });
    let (mut ledger, root) = held(rules, fen(100_000_001));

    // 10 % of 1,000,000.01 is 100,000.001, so the smallest piece is 100,000.01.
    let error = ledger.refuse(
        &tier1(),
        split(root, &[(&tier2(), fen(10_000_000))]),
        "2025-03-05",
    );
    assert!(
        matches!(error, FinanceError::BelowMinimum { amount, minimum }
            if amount == fen(10_000_000) && minimum == fen(10_000_001)),
        "{error:?}"
    );

    let parts = ledger.split(&tier1(), root, &[(&tier2(), fen(10_000_001))], "2025-03-05");

    // The share is of the issued face, not of the piece being split.
    ledger.run(
        &tier2(),
        VoucherCommand::Sign { piece: parts[0] },
        "2025-03-05",
    );
    let error = ledger.refuse(
        &tier2(),
        split(parts[0], &[(&tier3(), fen(1))]),
        "2025-03-06",
    );
    assert!(
        matches!(error, FinanceError::BelowMinimum { minimum, .. } if minimum == fen(10_000_001)),
        "{error:?}"
    );
}

#[test]
fn most_children_counts_the_remainder() {
    let rules = rules(|r| r.max_children = 3);
    let (mut ledger, root) = held(rules, yuan(10_000));
    let (a, b, c) = (party(21), party(22), party(23));

    let four = [(&a, yuan(2_000)), (&b, yuan(2_000)), (&c, yuan(2_000))];
    let error = ledger.refuse(&tier1(), split(root, &four), "2025-03-05");
    assert!(
        matches!(error, FinanceError::TooManyChildren { count: 4, max: 3 }),
        "{error:?}"
    );

    let with_rest = [(&a, yuan(2_000)), (&b, yuan(2_000))];
    let pieces = ledger.split(&tier1(), root, &with_rest, "2025-03-05");
    assert_eq!(pieces.len(), 3);

    let rest = pieces[2];
    let exact = [(&a, yuan(2_000)), (&b, yuan(2_000)), (&c, yuan(2_000))];
    assert_eq!(ledger.split(&tier1(), rest, &exact, "2025-03-06").len(), 3);
}

#[test]
fn depth_counts_transfers_but_not_remainders() {
    let rules = rules(|r| r.max_depth = 2);
    let (mut ledger, root) = held(rules, yuan(100_000));

    // Tier 1 keeps remainders again and again: they stay at depth 0.
    let mut kept = root;
    for n in 0..4 {
        let pieces = ledger.split(
            &tier1(),
            kept,
            &[(&party(30 + n), yuan(1_000))],
            "2025-03-05",
        );
        kept = pieces[1];
        assert_eq!(ledger.piece(kept).depth, 0);
        assert_eq!(ledger.piece(pieces[0]).depth, 1);
    }

    let to_tier2 = ledger.transfer(&tier1(), kept, &tier2(), "2025-03-06");
    let to_tier3 = ledger.transfer(&tier2(), to_tier2, &tier3(), "2025-03-07");
    assert_eq!(ledger.piece(to_tier3).depth, 2);

    let error = ledger.refuse(
        &tier3(),
        split(to_tier3, &[(&party(40), yuan(1_000))]),
        "2025-03-08",
    );
    assert!(
        matches!(error, FinanceError::TooDeep { depth: 3, max: 2 }),
        "{error:?}"
    );
}

#[test]
fn a_split_piece_cannot_be_split_again() {
    let (mut ledger, root) = held(ProductRules::default(), yuan(10_000));
    ledger.split(&tier1(), root, &[(&tier2(), yuan(4_000))], "2025-03-05");

    let error = ledger.refuse(
        &tier1(),
        split(root, &[(&tier3(), yuan(1_000))]),
        "2025-03-05",
    );

    assert!(
        matches!(
            error,
            FinanceError::IllegalState {
                action: "split",
                state: "split",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn lineage_and_payment_path_follow_the_chain() {
    let mut ledger = Ledger::default();
    let c1 = chain_c1(&mut ledger);
    let book = &ledger.book;

    let lineage: Vec<PieceId> = book
        .lineage(c1.to_tier3)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(lineage, [c1.root, c1.to_tier2, c1.to_tier3]);
    let lineage: Vec<PieceId> = book
        .lineage(c1.tier1_rest)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(lineage, [c1.root, c1.tier1_rest]);

    let path = |id| book.payment_path(id).unwrap();
    assert_eq!(path(c1.to_tier3), [issuer(), tier1(), tier2(), tier3()]);
    assert_eq!(path(c1.tier2_rest), [issuer(), tier1(), tier2()]);
    assert_eq!(path(c1.tier1_rest), [issuer(), tier1()]);
    assert_eq!(path(c1.root), [issuer(), tier1()]);

    assert!(matches!(
        book.lineage(PieceId(99)),
        Err(FinanceError::UnknownPiece(_))
    ));
    assert!(matches!(
        book.payment_path(PieceId(0)),
        Err(FinanceError::UnknownPiece(_))
    ));
}

#[test]
fn payment_path_of_an_unsigned_piece_ends_at_its_sender() {
    let mut ledger = Ledger::default();
    let c1 = chain_c1(&mut ledger);

    let offered = ledger.split(
        &tier3(),
        c1.to_tier3,
        &[(&party(40), yuan(1_000))],
        "2025-03-10",
    );

    let path = ledger.book.payment_path(offered[0]).unwrap();
    assert_eq!(path, [issuer(), tier1(), tier2(), tier3()]);
}

#[test]
fn sums_that_overflow_are_errors() {
    let rules = rules(|r| r.min_split = fen(1));
    let (mut ledger, root) = held(rules, Fen::MAX);

    let half = fen(i64::MAX / 2 + 1);
    let cases = [
        vec![(tier2(), half), (tier3(), half)],
        vec![(tier2(), Fen::MAX), (tier3(), fen(1))],
    ];
    for parts in cases {
        let parts: Vec<(&_, Fen)> = parts.iter().map(|(to, amount)| (to, *amount)).collect();
        let error = ledger.refuse(&tier1(), split(root, &parts), "2025-03-05");
        assert!(
            matches!(error, FinanceError::Core(CoreError::AmountOverflow { .. })),
            "{error:?}"
        );
    }

    let pieces = ledger.split(&tier1(), root, &[(&tier2(), half)], "2025-03-05");
    assert_eq!(
        ledger.piece(pieces[1]).face,
        fen(i64::MAX - (i64::MAX / 2 + 1))
    );
    assert!(ledger.book.invariant_violations().is_empty());
}
