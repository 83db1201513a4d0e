//! Clearing plans for matured vouchers: who receives what, and who pays whom under end-to-end
//! (首尾兑付) and gradual (逐级清算) routing, on case C1 and its financed variants.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::Fen;
use isf_finance::FinanceError;
use isf_finance::voucher::{ProductRules, VoucherCommand};
use isf_settlement::{Routing, SettlementError, plan_clearing};

fn c1_matured() -> (Book, ChainC1) {
    let mut book = Book::new(ProductRules::default());
    let chain = chain_c1(&mut book);
    book.mature("V-C1", "2025-09-01");
    (book, chain)
}

#[test]
fn c1_end_to_end_pays_every_final_holder_from_the_core_enterprise() {
    let (book, chain) = c1_matured();

    let plan = book.plan("V-C1", Routing::EndToEnd, None);

    assert_eq!(plan.payer, core());
    assert_eq!(plan.due_date, date("2025-09-01"));
    assert_eq!((plan.due, plan.funded), (yuan(1_000_000), yuan(1_000_000)));

    let allocations: Vec<_> = plan
        .allocations
        .iter()
        .map(|a| {
            (
                a.piece,
                plan.payee_of(a).unwrap().clone(),
                a.outstanding,
                a.amount,
            )
        })
        .collect();
    assert_eq!(
        allocations,
        [
            (chain.tier1_rest, tier1(), yuan(500_000), yuan(500_000)),
            (chain.to_tier3, tier3(), yuan(300_000), yuan(300_000)),
            (chain.tier2_rest, tier2(), yuan(200_000), yuan(200_000)),
        ]
    );

    let lines: Vec<_> = plan
        .lines
        .iter()
        .map(|l| (l.payee.clone(), l.amount, l.pieces))
        .collect();
    assert_eq!(
        lines,
        [
            (tier1(), yuan(500_000), 1),
            (tier3(), yuan(300_000), 1),
            (tier2(), yuan(200_000), 1),
        ]
    );

    assert_eq!(
        legs(&plan),
        [
            (core(), tier1(), yuan(500_000), 0),
            (core(), tier3(), yuan(300_000), 0),
            (core(), tier2(), yuan(200_000), 0),
        ]
    );
    let numbers: Vec<(u32, &str)> = plan
        .instructions
        .iter()
        .map(|i| (i.seq, i.request_no.as_str()))
        .collect();
    assert_eq!(
        numbers,
        [(1, "RUN-1-0001"), (2, "RUN-1-0002"), (3, "RUN-1-0003")]
    );

    assert_eq!(
        book.plan("V-C1", Routing::EndToEnd, None),
        plan,
        "same input, same plan"
    );
}

#[test]
fn c1_gradual_walks_the_money_down_the_chain() {
    let (book, _) = c1_matured();

    let plan = book.plan("V-C1", Routing::Gradual, None);

    assert_eq!(plan.routing, Routing::Gradual);
    assert_eq!(
        legs(&plan),
        [
            (core(), tier1(), yuan(1_000_000), 0),
            (tier1(), tier2(), yuan(500_000), 1),
            (tier2(), tier3(), yuan(300_000), 2),
        ]
    );
    assert_eq!(net(&plan.instructions), expected_net(&plan));
    let end_to_end = book.plan("V-C1", Routing::EndToEnd, None);
    assert_eq!(plan.lines, end_to_end.lines);
    assert_eq!(plan.allocations, end_to_end.allocations);
}

#[test]
fn assigned_piece_pays_the_funder() {
    let mut book = Book::new(ProductRules::default());
    let chain = chain_c1(&mut book);
    book.finance(&tier3(), chain.to_tier3, &funder(), false, "2025-03-10");
    book.mature("V-C1", "2025-09-01");

    let plan = book.plan("V-C1", Routing::EndToEnd, None);
    let paid = plan
        .allocations
        .iter()
        .find(|a| a.piece == chain.to_tier3)
        .unwrap();
    assert_eq!(plan.payee_of(paid), Some(&funder()));
    assert!(legs(&plan).contains(&(core(), funder(), yuan(300_000), 0)));
    assert!(!plan.lines.iter().any(|line| line.payee == tier3()));

    let plan = book.plan("V-C1", Routing::Gradual, None);
    assert_eq!(
        legs(&plan),
        [
            (core(), tier1(), yuan(1_000_000), 0),
            (tier1(), tier2(), yuan(500_000), 1),
            (tier2(), tier3(), yuan(300_000), 2),
            (tier3(), funder(), yuan(300_000), 3),
        ]
    );
    assert_eq!(net(&plan.instructions), expected_net(&plan));
}

#[test]
fn pledged_piece_pays_the_pledgee() {
    let mut book = Book::new(ProductRules::default());
    let chain = chain_c1(&mut book);
    book.finance(&tier3(), chain.to_tier3, &funder(), true, "2025-03-10");
    book.mature("V-C1", "2025-09-01");

    let plan = book.plan("V-C1", Routing::EndToEnd, None);
    let paid = plan
        .allocations
        .iter()
        .find(|a| a.piece == chain.to_tier3)
        .unwrap();
    assert_eq!(plan.payee_of(paid), Some(&funder()));
    assert!(legs(&plan).contains(&(core(), funder(), yuan(300_000), 0)));

    let plan = book.plan("V-C1", Routing::Gradual, None);
    let legs = legs(&plan);
    assert_eq!(legs.last(), Some(&(tier3(), funder(), yuan(300_000), 3)));
    assert_eq!(legs.len(), 4);
    assert_eq!(net(&plan.instructions), expected_net(&plan));
}

#[test]
fn piece_unsigned_at_maturity_pays_its_sender() {
    let mut book = Book::new(ProductRules::default());
    let chain = chain_c1_offered(&mut book);
    book.mature("V-C1", "2025-09-01");

    let plan = book.plan("V-C1", Routing::EndToEnd, None);
    let paid = plan
        .allocations
        .iter()
        .find(|a| a.piece == chain.to_tier3)
        .unwrap();
    assert_eq!(plan.payee_of(paid), Some(&tier2()));
    assert_eq!(
        legs(&plan),
        [
            (core(), tier1(), yuan(500_000), 0),
            (core(), tier2(), yuan(500_000), 0),
        ]
    );

    let plan = book.plan("V-C1", Routing::Gradual, None);
    assert_eq!(
        legs(&plan),
        [
            (core(), tier1(), yuan(1_000_000), 0),
            (tier1(), tier2(), yuan(500_000), 1),
        ]
    );
}

/// Voucher `V-3` of 300.00 in three pieces of 100.00: to party 21, to party 22, kept by tier 1.
fn three_equal_pieces() -> Book {
    let mut book = Book::new(ProductRules {
        min_split: fen(1),
        ..ProductRules::default()
    });
    let root = book.issue("V-3", &tier1(), yuan(300), "2025-03-03", "2025-09-01");
    book.sign(&tier1(), root, "2025-03-03");
    let parts = [(&party(21), yuan(100)), (&party(22), yuan(100))];
    let pieces = book.split(&tier1(), root, &parts, "2025-03-04");
    book.sign(&party(21), pieces[0], "2025-03-04");
    book.sign(&party(22), pieces[1], "2025-03-04");
    book.mature("V-3", "2025-09-01");
    book
}

#[test]
fn partial_payment_is_shared_by_largest_remainder() {
    let book = three_equal_pieces();

    let plan = book.plan("V-3", Routing::EndToEnd, Some(yuan(10)));

    assert_eq!((plan.due, plan.funded), (yuan(300), yuan(10)));
    let shares: Vec<String> = plan
        .allocations
        .iter()
        .map(|a| a.amount.to_string())
        .collect();
    assert_eq!(shares, ["3.34", "3.33", "3.33"]);
    assert_eq!(
        legs(&plan),
        [
            (core(), party(21), fen(334), 0),
            (core(), party(22), fen(333), 0),
            (core(), tier1(), fen(333), 0),
        ]
    );

    let plan = book.plan("V-3", Routing::Gradual, Some(yuan(10)));
    assert_eq!(
        legs(&plan),
        [
            (core(), tier1(), yuan(10), 0),
            (tier1(), party(21), fen(334), 1),
            (tier1(), party(22), fen(333), 1),
        ]
    );
}

#[test]
fn recorded_payments_leave_only_what_is_outstanding() {
    let mut book = three_equal_pieces();
    let first = book.plan("V-3", Routing::EndToEnd, Some(yuan(10)));
    for allocation in &first.allocations {
        let command = VoucherCommand::RecordPayment {
            piece: allocation.piece,
            amount: allocation.amount,
        };
        book.run(&core(), command, "2025-09-01");
    }

    let rest = book.plan("V-3", Routing::EndToEnd, None);

    assert_eq!((rest.due, rest.funded), (yuan(290), yuan(290)));
    let owed: Vec<Fen> = rest.allocations.iter().map(|a| a.outstanding).collect();
    assert_eq!(owed, [fen(9_666), fen(9_667), fen(9_667)]);
    assert_eq!(
        owed,
        rest.allocations
            .iter()
            .map(|a| a.amount)
            .collect::<Vec<_>>()
    );

    for allocation in &rest.allocations {
        let command = VoucherCommand::RecordPayment {
            piece: allocation.piece,
            amount: allocation.amount,
        };
        book.run(&core(), command, "2025-09-02");
    }
    let result = plan_clearing(&book.book, &number("V-3"), Routing::EndToEnd, None, "RUN-2");
    assert!(
        matches!(result, Err(SettlementError::NothingOutstanding(ref v)) if v.as_str() == "V-3"),
        "{result:?}"
    );
}

#[test]
fn funding_beyond_what_is_due_is_refused() {
    let (book, _) = c1_matured();
    let offered = fen(100_000_001);

    let result = plan_clearing(
        &book.book,
        &number("V-C1"),
        Routing::Gradual,
        Some(offered),
        "R",
    );

    assert!(
        matches!(result, Err(SettlementError::Overfunded { ref voucher, offered: o, due })
            if voucher.as_str() == "V-C1" && o == offered && due == yuan(1_000_000)),
        "{result:?}"
    );
}

#[test]
fn voucher_not_matured_is_refused() {
    let mut book = Book::new(ProductRules::default());
    chain_c1(&mut book);

    for routing in [Routing::EndToEnd, Routing::Gradual] {
        let result = plan_clearing(&book.book, &number("V-C1"), routing, None, "RUN-1");
        assert!(
            matches!(result, Err(SettlementError::NotMatured(ref v)) if v.as_str() == "V-C1"),
            "{result:?}"
        );
    }

    let result = plan_clearing(&book.book, &number("V-9"), Routing::EndToEnd, None, "RUN-1");
    assert!(
        matches!(
            result,
            Err(SettlementError::Finance(FinanceError::UnknownVoucher(_)))
        ),
        "{result:?}"
    );
}

#[test]
fn run_id_that_cannot_form_request_numbers_is_refused() {
    let (book, _) = c1_matured();
    let too_long = "R".repeat(60);

    for run_id in ["", "has space", "RUN#1", too_long.as_str()] {
        for routing in [Routing::EndToEnd, Routing::Gradual] {
            let result = plan_clearing(&book.book, &number("V-C1"), routing, None, run_id);
            assert!(
                matches!(result, Err(SettlementError::InvalidRunId(ref id)) if id == run_id),
                "{run_id:?}: {result:?}"
            );
        }
    }

    let longest = "R".repeat(59);
    let plan = plan_clearing(
        &book.book,
        &number("V-C1"),
        Routing::EndToEnd,
        None,
        &longest,
    );
    assert_eq!(plan.unwrap().instructions[0].request_no.as_str().len(), 64);
}

#[test]
fn run_id_is_checked_even_when_nothing_is_to_be_paid() {
    // The payee never signed: at maturity the issuer holds the whole voucher and pays nobody.
    let mut book = Book::new(ProductRules::default());
    book.issue("V-1", &tier1(), yuan(1_000), "2025-03-03", "2025-03-05");
    book.mature("V-1", "2025-03-05");

    let plan = book.plan("V-1", Routing::EndToEnd, None);
    assert_eq!(plan.lines[0].payee, core());
    assert!(plan.instructions.is_empty());

    let result = plan_clearing(&book.book, &number("V-1"), Routing::Gradual, None, "bad id");
    assert!(
        matches!(result, Err(SettlementError::InvalidRunId(_))),
        "{result:?}"
    );
}

#[test]
fn clearing_with_no_funds_is_refused() {
    let (book, _) = c1_matured();
    let refused = plan_clearing(
        &book.book,
        &number("V-C1"),
        Routing::EndToEnd,
        Some(Fen::ZERO),
        "RUN",
    );
    assert!(
        matches!(refused, Err(SettlementError::NothingFunded(_))),
        "{refused:?}"
    );
}
