//! Clearing of random voucher trees: random splits, transfers, assignments and pledges among
//! random parties, matured, then funded in full or in part. The allocation covers every piece
//! owed something exactly once and shares the money by largest remainder; under both routings
//! every party ends with exactly its clearing line, so nobody keeps money passed through.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{Bid, Fen, PieceId};
use isf_finance::voucher::{Piece, PieceState, ProductRules, VoucherCommand, VoucherEvent};
use isf_settlement::{ClearingPlan, Matured, Routing, SettlementError, plan_clearing, plan_pieces};
use proptest::prelude::*;

const POOL: u8 = 9;

/// One step of growing the tree. `piece` picks among the pieces the step can act on.
#[derive(Clone, Debug)]
enum Grow {
    Split {
        piece: usize,
        parts: Vec<(u8, u16, bool)>,
    },
    Transfer {
        piece: usize,
        to: u8,
        sign: bool,
    },
    Finance {
        piece: usize,
        funder: u8,
        pledge: bool,
    },
    Release {
        piece: usize,
    },
}

fn grow() -> impl Strategy<Value = Grow> {
    let parts = prop::collection::vec((0..POOL, 1_u16..500, prop::bool::weighted(0.8)), 1..4);
    prop_oneof![
        4 => (any::<usize>(), parts).prop_map(|(piece, parts)| Grow::Split { piece, parts }),
        2 => (any::<usize>(), 0..POOL, prop::bool::weighted(0.8))
            .prop_map(|(piece, to, sign)| Grow::Transfer { piece, to, sign }),
        2 => (any::<usize>(), 0..POOL, any::<bool>())
            .prop_map(|(piece, funder, pledge)| Grow::Finance { piece, funder, pledge }),
        1 => any::<usize>().prop_map(|piece| Grow::Release { piece }),
    ]
}

/// How the issuer funds a clearing: everything due, or a share of it in per mille.
#[derive(Clone, Debug)]
enum Funding {
    Full,
    Share(u16),
}

fn funding() -> impl Strategy<Value = Funding> {
    prop_oneof![1 => Just(Funding::Full), 2 => (0_u16..=1_000).prop_map(Funding::Share)]
}

fn member(n: u8) -> Bid {
    party(u32::from(n) + 1)
}

/// The `index`-th piece of the book that `fits`, if any.
fn pick(book: &Book, index: usize, fits: impl Fn(&Piece) -> bool) -> Option<Piece> {
    let fitting: Vec<&Piece> = book.book.pieces().iter().filter(|p| fits(p)).collect();
    match fitting.len() {
        0 => None,
        n => Some(fitting[index % n].clone()),
    }
}

/// Offers `parts` of `piece`; each recipient signs when its flag says so and it is not the
/// holder already. Refusals (a part below one fen, a split too deep) simply leave the tree.
fn offer(book: &mut Book, piece: &Piece, parts: Vec<(Bid, Fen, bool)>) {
    let command = VoucherCommand::Split {
        piece: piece.id,
        parts: parts
            .iter()
            .map(|(to, amount, _)| isf_finance::voucher::SplitPart {
                to: to.clone(),
                amount: *amount,
            })
            .collect(),
    };
    let Ok(VoucherEvent::Split { children, .. }) =
        book.attempt(&piece.holder, &command, "2025-03-05")
    else {
        return;
    };
    for (child, (to, _, sign)) in children.iter().zip(&parts) {
        if *sign {
            book.sign(to, child.id, "2025-03-05");
        }
    }
}

fn apply(book: &mut Book, step: &Grow) {
    let held = |p: &Piece| p.state == PieceState::Held;
    match step {
        Grow::Split { piece, parts } => {
            let Some(piece) = pick(book, *piece, held) else {
                return;
            };
            let whole = i128::from(piece.face.get());
            let parts = parts
                .iter()
                .map(|(to, permille, sign)| {
                    let amount = whole * i128::from(*permille) / 1_000;
                    (member(*to), fen(amount as i64), *sign)
                })
                .filter(|(to, _, _)| *to != piece.holder)
                .collect();
            offer(book, &piece, parts);
        }
        Grow::Transfer { piece, to, sign } => {
            let Some(piece) = pick(book, *piece, held) else {
                return;
            };
            if member(*to) != piece.holder {
                offer(book, &piece, vec![(member(*to), piece.face, *sign)]);
            }
        }
        Grow::Finance {
            piece,
            funder,
            pledge,
        } => {
            let Some(piece) = pick(book, *piece, held) else {
                return;
            };
            if member(*funder) != piece.holder {
                book.finance(
                    &piece.holder,
                    piece.id,
                    &member(*funder),
                    *pledge,
                    "2025-03-06",
                );
            }
        }
        Grow::Release { piece } => {
            let pledged = |p: &Piece| matches!(p.state, PieceState::Pledged { .. });
            let Some(piece) = pick(book, *piece, pledged) else {
                return;
            };
            let pledgee = piece.payee().clone();
            book.run(
                &pledgee,
                VoucherCommand::ReleasePledge { piece: piece.id },
                "2025-03-07",
            );
        }
    }
}

/// A matured voucher `V-T` of `face` grown by `steps`, with `prepaid` per mille of it already
/// received and recorded.
fn matured_tree(face: i64, steps: &[Grow], prepaid: u16) -> Book {
    let mut book = Book::new(ProductRules {
        min_split: fen(1),
        max_children: 6,
        max_depth: 8,
        ..ProductRules::default()
    });
    let root = book.issue("V-T", &tier1(), fen(face), "2025-03-03", "2025-09-01");
    book.sign(&tier1(), root, "2025-03-03");
    for step in steps {
        apply(&mut book, step);
    }
    book.mature("V-T", "2025-09-01");

    let share = fen((i128::from(face) * i128::from(prepaid) / 1_000) as i64);
    if !share.is_zero() {
        let plan = book.plan("V-T", Routing::EndToEnd, Some(share));
        for allocation in plan.allocations.iter().filter(|a| !a.amount.is_zero()) {
            let command = VoucherCommand::RecordPayment {
                piece: allocation.piece,
                amount: allocation.amount,
            };
            book.run(&core(), command, "2025-09-01");
        }
    }
    assert!(book.book.invariant_violations().is_empty());
    book
}

fn check_allocations(book: &Book, plan: &ClearingPlan) {
    let owed: Vec<&Piece> = book
        .book
        .live_pieces_of(&plan.voucher)
        .unwrap()
        .filter(|p| !p.outstanding().is_zero())
        .collect();
    let ids: Vec<PieceId> = plan.allocations.iter().map(|a| a.piece).collect();
    assert_eq!(ids, owed.iter().map(|p| p.id).collect::<Vec<_>>());

    let due = i128::from(plan.due.get());
    let funded = i128::from(plan.funded.get());
    let total: i128 = plan
        .allocations
        .iter()
        .map(|a| i128::from(a.amount.get()))
        .sum();
    assert_eq!(total, funded);
    assert_eq!(
        due,
        owed.iter()
            .map(|p| i128::from(p.outstanding().get()))
            .sum::<i128>()
    );

    for (allocation, piece) in plan.allocations.iter().zip(&owed) {
        assert_eq!(plan.payee_of(allocation), Some(piece.payee()));
        assert_eq!(allocation.outstanding, piece.outstanding());
        assert!(allocation.amount <= allocation.outstanding);
        let exact = funded * i128::from(allocation.outstanding.get());
        let given = i128::from(allocation.amount.get()) * due;
        assert!(
            (given - exact).abs() < due,
            "{allocation:?} is a fen or more off"
        );
    }

    // One line per payee, in order of first piece, totalling exactly its pieces.
    let mut expected: Vec<(Bid, i64, u32)> = Vec::new();
    for (allocation, piece) in plan.allocations.iter().zip(&owed) {
        match expected.iter_mut().find(|line| &line.0 == piece.payee()) {
            Some(line) => {
                line.1 += allocation.amount.get();
                line.2 += 1;
            }
            None => expected.push((piece.payee().clone(), allocation.amount.get(), 1)),
        }
    }
    let lines: Vec<(Bid, i64, u32)> = plan
        .lines
        .iter()
        .map(|line| (line.payee.clone(), line.amount.get(), line.pieces))
        .collect();
    assert_eq!(lines, expected);
}

fn check_instructions(plan: &ClearingPlan) {
    assert_eq!(
        net(&plan.instructions),
        expected_net(plan),
        "{:?}",
        plan.routing
    );

    for (index, instruction) in plan.instructions.iter().enumerate() {
        assert_eq!(instruction.seq as usize, index + 1);
        let request = format!("RUN-1-{:04}", instruction.seq);
        assert_eq!(instruction.request_no.as_str(), request);
        assert!(!instruction.amount.is_zero());
        assert_ne!(instruction.payer, instruction.payee);
    }
    let steps: Vec<u32> = plan.instructions.iter().map(|i| i.step).collect();
    assert!(
        steps.windows(2).all(|w| w[0] <= w[1]),
        "steps out of order: {steps:?}"
    );
    if plan.routing == Routing::EndToEnd {
        assert!(
            plan.instructions
                .iter()
                .all(|i| i.payer == plan.payer && i.step == 0)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn clearing_pays_every_party_exactly_its_line(
        face in 1_i64..10_000_000_000,
        steps in prop::collection::vec(grow(), 0..25),
        prepaid in prop_oneof![Just(0_u16), 0_u16..1_000],
        funding in funding(),
    ) {
        let book = matured_tree(face, &steps, prepaid);
        let due = book.plan("V-T", Routing::EndToEnd, None).due;
        let funds = match funding {
            Funding::Full => None,
            Funding::Share(permille) => {
                Some(fen((i128::from(due.get()) * i128::from(permille) / 1_000) as i64))
            }
        };

        if funds.is_some_and(|funds| funds.is_zero()) {
            // A share that rounds to nothing is a default with no payment, which is refused.
            let voucher = number("V-T");
            for routing in [Routing::EndToEnd, Routing::Gradual] {
                let refused = plan_clearing(&book.book, &voucher, routing, funds, "RUN-1");
                prop_assert_eq!(refused, Err(SettlementError::NothingFunded(voucher.clone())));
            }
            return Ok(());
        }

        let end_to_end = book.plan("V-T", Routing::EndToEnd, funds);
        let gradual = book.plan("V-T", Routing::Gradual, funds);

        check_allocations(&book, &end_to_end);
        check_instructions(&end_to_end);
        check_instructions(&gradual);
        prop_assert_eq!(&gradual.allocations, &end_to_end.allocations);
        prop_assert_eq!(&gradual.lines, &end_to_end.lines);
        prop_assert_eq!(net(&gradual.instructions), net(&end_to_end.instructions));

        prop_assert_eq!(end_to_end.check_against(&book.book), Ok(()));
        prop_assert_eq!(gradual.check_against(&book.book), Ok(()));

        let voucher = gradual.voucher.clone();
        let again = plan_clearing(&book.book, &voucher, Routing::Gradual, funds, "RUN-1");
        prop_assert_eq!(again.unwrap(), gradual.clone());
        let again = plan_clearing(&book.book, &voucher, Routing::EndToEnd, funds, "RUN-1");
        prop_assert_eq!(again.unwrap(), end_to_end.clone());

        // Someone who followed the pieces without the book plans the same.
        let issued = book.book.voucher(&voucher).unwrap();
        let matured = Matured { voucher: &voucher, issuer: &issued.issuer, due_date: issued.due_date };
        let pieces: Vec<Piece> = book.book.pieces_of(&voucher).unwrap().cloned().collect();
        for plan in [end_to_end, gradual] {
            let followed = plan_pieces(matured, pieces.iter(), plan.routing, funds, "RUN-1");
            prop_assert_eq!(followed, Ok(plan));
        }
    }

    #[test]
    fn a_plan_changed_by_one_fen_or_one_payee_is_refused(
        face in 1_i64..10_000_000_000,
        steps in prop::collection::vec(grow(), 0..25),
        gradual in any::<bool>(),
        tamper in tamper(),
    ) {
        let book = matured_tree(face, &steps, 0);
        let routing = if gradual { Routing::Gradual } else { Routing::EndToEnd };
        let mut plan = book.plan("V-T", routing, None);
        prop_assume!(tamper.apply(&mut plan));

        let refused = plan.check_consistency();
        prop_assert!(
            matches!(refused, Err(SettlementError::InconsistentPlan { .. })),
            "{tamper:?} was accepted: {refused:?}"
        );
        prop_assert!(plan.check_against(&book.book).is_err());
    }
}

/// One change to a plan that no planner could make.
#[derive(Clone, Debug)]
enum Tamper {
    AllocationAmount(usize),
    AllocationLine(usize, usize),
    LineAmount(usize),
    InstructionAmount(usize),
    InstructionPayee(usize),
    InstructionSeq(usize),
    Funded,
}

fn tamper() -> impl Strategy<Value = Tamper> {
    let at = any::<usize>();
    prop_oneof![
        at.prop_map(Tamper::AllocationAmount),
        (any::<usize>(), any::<usize>()).prop_map(|(a, l)| Tamper::AllocationLine(a, l)),
        any::<usize>().prop_map(Tamper::LineAmount),
        any::<usize>().prop_map(Tamper::InstructionAmount),
        any::<usize>().prop_map(Tamper::InstructionPayee),
        any::<usize>().prop_map(Tamper::InstructionSeq),
        Just(Tamper::Funded),
    ]
}

impl Tamper {
    /// Changes `plan`; false when the plan has nothing this change could touch.
    fn apply(&self, plan: &mut ClearingPlan) -> bool {
        let one = fen(1);
        let bump = |amount: &mut Fen| *amount = amount.checked_add(one).unwrap();
        let (allocations, lines, legs) = (
            plan.allocations.len(),
            plan.lines.len(),
            plan.instructions.len(),
        );
        match *self {
            Tamper::AllocationAmount(at) => bump(&mut plan.allocations[at % allocations].amount),
            Tamper::AllocationLine(at, line) => {
                let allocation = &mut plan.allocations[at % allocations];
                let moved = (allocation.line as usize + 1 + line % lines.max(1)) % (lines + 1);
                if moved == allocation.line as usize {
                    return false;
                }
                allocation.line = moved as u32;
            }
            Tamper::LineAmount(at) => bump(&mut plan.lines[at % lines].amount),
            Tamper::InstructionAmount(at) if legs > 0 => {
                bump(&mut plan.instructions[at % legs].amount)
            }
            Tamper::InstructionPayee(at) if legs > 0 => {
                plan.instructions[at % legs].payee = member(POOL + 1)
            }
            Tamper::InstructionSeq(at) if legs > 0 => {
                plan.instructions[at % legs].seq += legs as u32
            }
            Tamper::Funded => bump(&mut plan.funded),
            _ => return false,
        }
        true
    }
}
