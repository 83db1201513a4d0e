//! A recorded plan that adds up party by party is still refused when its instructions route
//! money in a way no planner would: through a stranger, in circles, or before it has arrived.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{Bid, Fen, RequestNo};
use isf_finance::voucher::ProductRules;
use isf_settlement::{ClearingPlan, Instruction, Routing, SettlementError};

fn c1_plan(routing: Routing) -> ClearingPlan {
    let mut book = Book::new(ProductRules::default());
    chain_c1(&mut book);
    book.mature("V-C1", "2025-09-01");
    book.plan("V-C1", routing, None)
}

/// Replaces the instructions with `legs` (payer, payee, amount, step), numbered from 1 in the
/// plan's run.
fn with_legs(mut plan: ClearingPlan, legs: Vec<(Bid, Bid, Fen, u32)>) -> ClearingPlan {
    let run = plan.run_id().unwrap().to_owned();
    plan.instructions = (1..)
        .zip(legs)
        .map(|(seq, (payer, payee, amount, step))| Instruction {
            seq,
            request_no: RequestNo::parse(&format!("{run}-{seq:04}")).unwrap(),
            payer,
            payee,
            amount,
            step,
        })
        .collect();
    plan
}

fn refusal(plan: &ClearingPlan) -> String {
    match plan.check_consistency() {
        Err(SettlementError::InconsistentPlan { reason, .. }) => reason,
        other => panic!("not refused as inconsistent: {other:?}"),
    }
}

#[test]
fn planned_plans_hold_together_under_both_routings() {
    for routing in [Routing::EndToEnd, Routing::Gradual] {
        assert_eq!(c1_plan(routing).check_consistency(), Ok(()));
    }
}

#[test]
fn end_to_end_money_passed_through_a_stranger_is_refused() {
    let plan = c1_plan(Routing::EndToEnd);
    let stranger = party(99);
    let mut legs = vec![(core(), stranger.clone(), plan.funded, 0)];
    for line in &plan.lines {
        legs.push((stranger.clone(), line.payee.clone(), line.amount, 1));
    }
    let forged = with_legs(plan, legs);

    assert!(
        refusal(&forged).contains("directly"),
        "{}",
        refusal(&forged)
    );
}

#[test]
fn gradual_money_passed_on_before_it_arrives_is_refused() {
    let plan = c1_plan(Routing::Gradual);
    let mut legs: Vec<_> = plan
        .instructions
        .iter()
        .map(|leg| (leg.payer.clone(), leg.payee.clone(), leg.amount, 0))
        .collect();
    legs.sort_by_key(|(payer, ..)| *payer == core());
    let forged = with_legs(plan, legs);

    assert!(
        refusal(&forged).contains("more than it has by then"),
        "{}",
        refusal(&forged)
    );
}

#[test]
fn gradual_money_sent_round_in_a_circle_is_refused() {
    let plan = c1_plan(Routing::Gradual);
    let stranger = party(99);
    let huge = Fen::new(i64::MAX).unwrap();
    let mut legs = vec![(core(), stranger.clone(), huge, 0)];
    legs.extend(
        plan.instructions
            .iter()
            .map(|leg| (leg.payer.clone(), leg.payee.clone(), leg.amount, leg.step)),
    );
    legs.push((stranger, core(), huge, 1));
    legs.sort_by_key(|leg| leg.3);
    let forged = with_legs(plan, legs);

    assert!(
        refusal(&forged).contains("more than it has by then"),
        "{}",
        refusal(&forged)
    );
}
