//! The clearing run state machine: every legal path to done, and every illegal transition
//! refused with `IllegalTransition` (or `UnknownInstruction`) while the run stays as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_finance::voucher::ProductRules;
use isf_settlement::{ClearingRun, ClearingState, LegStatus, Routing, SettlementError};

/// A run over C1's three instructions under `routing`.
fn c1_run(routing: Routing) -> ClearingRun {
    let mut book = Book::new(ProductRules::default());
    chain_c1(&mut book);
    book.mature("V-C1", "2025-09-01");
    ClearingRun::new(book.plan("V-C1", routing, None))
}

fn executing(routing: Routing) -> ClearingRun {
    let mut run = c1_run(routing);
    run.apply().unwrap();
    run.start().unwrap();
    run.execute().unwrap();
    run
}

/// Runs a step that must be refused as an illegal transition, and checks it changed nothing.
fn refused(
    run: &mut ClearingRun,
    step: impl FnOnce(&mut ClearingRun) -> isf_settlement::Result<()>,
) {
    let before = run.clone();
    let result = step(run);
    assert!(
        matches!(result, Err(SettlementError::IllegalTransition { .. })),
        "{result:?} in {:?}",
        before.state()
    );
    assert_eq!(*run, before, "a refused step changed the run");
}

fn failed(reason: &str) -> Result<(), String> {
    Err(reason.to_owned())
}

#[test]
fn every_leg_paid_finishes_the_run() {
    let mut run = c1_run(Routing::EndToEnd);
    assert_eq!(run.state(), ClearingState::OnChain);
    assert_eq!(
        run.legs(),
        [LegStatus::Pending, LegStatus::Pending, LegStatus::Pending]
    );

    run.apply().unwrap();
    assert_eq!(run.state(), ClearingState::Applied);
    run.start().unwrap();
    assert_eq!(run.state(), ClearingState::Started);
    run.execute().unwrap();
    assert_eq!(run.state(), ClearingState::Executing);

    run.record(3, Ok(())).unwrap();
    run.record(1, Ok(())).unwrap();
    assert_eq!(run.state(), ClearingState::Executing);
    run.record(2, Ok(())).unwrap();

    assert_eq!(run.state(), ClearingState::Done);
    assert_eq!(
        run.legs(),
        [LegStatus::Paid, LegStatus::Paid, LegStatus::Paid]
    );
}

#[test]
fn a_failed_leg_waits_for_adjustment_then_finishes() {
    let mut run = executing(Routing::EndToEnd);

    run.record(1, Ok(())).unwrap();
    run.record(2, failed("account frozen")).unwrap();
    run.record(3, failed("name mismatch")).unwrap();
    assert_eq!(run.state(), ClearingState::PendingAdjustment);
    assert_eq!(
        run.legs()[1],
        LegStatus::Failed {
            reason: "account frozen".into()
        }
    );

    run.adjust(2).unwrap();
    assert_eq!(run.state(), ClearingState::PendingAdjustment);
    run.adjust(3).unwrap();

    assert_eq!(run.state(), ClearingState::Done);
    assert_eq!(
        run.legs(),
        [LegStatus::Paid, LegStatus::Adjusted, LegStatus::Adjusted]
    );
}

#[test]
fn gradual_legs_are_paid_step_by_step() {
    let mut run = executing(Routing::Gradual);
    let steps: Vec<u32> = run.plan().instructions.iter().map(|i| i.step).collect();
    assert_eq!(steps, [0, 1, 2]);

    refused(&mut run, |r| r.record(3, Ok(())));
    refused(&mut run, |r| r.record(2, Ok(())));
    run.record(1, Ok(())).unwrap();
    refused(&mut run, |r| r.record(3, Ok(())));
    run.record(2, Ok(())).unwrap();
    run.record(3, Ok(())).unwrap();

    assert_eq!(run.state(), ClearingState::Done);
}

#[test]
fn a_plan_without_payments_is_done_on_execution() {
    // The payee never signed, so the issuer itself holds everything at maturity.
    let mut book = Book::new(ProductRules::default());
    book.issue("V-1", &tier1(), yuan(1_000), "2025-03-03", "2025-03-05");
    book.mature("V-1", "2025-03-05");
    let mut run = ClearingRun::new(book.plan("V-1", Routing::EndToEnd, None));
    assert!(run.legs().is_empty());

    run.apply().unwrap();
    run.start().unwrap();
    run.execute().unwrap();

    assert_eq!(run.state(), ClearingState::Done);
}

#[test]
fn transitions_out_of_order_are_refused() {
    let mut run = c1_run(Routing::EndToEnd);
    refused(&mut run, ClearingRun::start);
    refused(&mut run, ClearingRun::execute);
    refused(&mut run, |r| r.record(1, Ok(())));
    refused(&mut run, |r| r.adjust(1));

    run.apply().unwrap();
    refused(&mut run, ClearingRun::apply);
    refused(&mut run, ClearingRun::execute);
    refused(&mut run, |r| r.record(1, Ok(())));

    run.start().unwrap();
    refused(&mut run, ClearingRun::apply);
    refused(&mut run, ClearingRun::start);
    refused(&mut run, |r| r.record(1, Ok(())));
    refused(&mut run, |r| r.adjust(1));

    run.execute().unwrap();
    refused(&mut run, ClearingRun::execute);
    refused(&mut run, |r| r.adjust(1));
}

#[test]
fn a_leg_is_reported_once() {
    let mut run = executing(Routing::EndToEnd);

    run.record(1, Ok(())).unwrap();
    refused(&mut run, |r| r.record(1, Ok(())));
    refused(&mut run, |r| r.record(1, failed("late failure")));

    run.record(2, failed("account frozen")).unwrap();
    refused(&mut run, |r| r.record(2, Ok(())));
    refused(&mut run, |r| r.adjust(2));
}

#[test]
fn only_failed_legs_are_adjusted_and_a_finished_run_is_closed() {
    let mut run = executing(Routing::EndToEnd);
    run.record(1, Ok(())).unwrap();
    run.record(2, failed("account frozen")).unwrap();
    run.record(3, Ok(())).unwrap();
    assert_eq!(run.state(), ClearingState::PendingAdjustment);

    refused(&mut run, |r| r.adjust(1));
    refused(&mut run, |r| r.adjust(3));
    refused(&mut run, |r| r.record(2, Ok(())));
    run.adjust(2).unwrap();
    assert_eq!(run.state(), ClearingState::Done);

    refused(&mut run, |r| r.adjust(2));
    refused(&mut run, |r| r.record(1, Ok(())));
    refused(&mut run, ClearingRun::apply);
    refused(&mut run, ClearingRun::start);
    refused(&mut run, ClearingRun::execute);
}

#[test]
fn unknown_instruction_numbers_are_refused() {
    let mut run = executing(Routing::EndToEnd);
    for seq in [0, 4, u32::MAX] {
        let before = run.clone();
        let result = run.record(seq, Ok(()));
        assert!(
            matches!(result, Err(SettlementError::UnknownInstruction(n)) if n == seq),
            "{result:?}"
        );
        assert_eq!(run, before);
    }
}
