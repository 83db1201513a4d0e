//! Invariant checks run at the end of every scenario and shown in its report.

use std::collections::HashMap;

use isf_core::{Bid, Fen};
use isf_settlement::{ClearingPlan, ClearingState};

use super::error::ScenarioError;
use super::report::{ClearingReport, InvariantCheck};
use crate::platform::Platform;

pub(super) fn check_invariants(
    platform: &Platform,
    clearing: &[ClearingReport],
) -> Result<Vec<InvariantCheck>, ScenarioError> {
    let mut checks = vec![check(
        "for every voucher, live pieces add up to the issued face (paid or not)",
        platform.book().invariant_violations(),
    )];

    let mut paid_once = Vec::new();
    let mut net_flows = Vec::new();
    for run in clearing
        .iter()
        .filter(|run| run.state == ClearingState::Done)
    {
        paid_once.extend(paid_exactly_once(platform, &run.plan)?);
        net_flows.extend(net_receipts_match_lines(&run.plan));
    }
    checks.push(check(
        "clearing paid every live piece exactly its share, once",
        paid_once,
    ));
    checks.push(check(
        "settlement instructions leave every payee with exactly its clearing line",
        net_flows,
    ));

    let mut journal_problems = Vec::new();
    if let Err(error) = platform.journal().verify_chain() {
        journal_problems.push(error.to_string());
    }
    match platform.entries() {
        Ok(entries) => {
            for recorded in entries {
                if let Err(error) = recorded.entry.command.verify(&isf_bid::StarfireVerifier) {
                    journal_problems.push(format!("entry {}: {error}", recorded.seq));
                }
            }
        }
        Err(error) => journal_problems.push(error.to_string()),
    }
    checks.push(check(
        "journal hash chain and every command signature verify",
        journal_problems,
    ));
    Ok(checks)
}

fn check(description: &str, violations: Vec<String>) -> InvariantCheck {
    InvariantCheck {
        check: description.to_owned(),
        holds: violations.is_empty(),
        violations,
    }
}

fn paid_exactly_once(
    platform: &Platform,
    plan: &ClearingPlan,
) -> Result<Vec<String>, ScenarioError> {
    let mut problems = Vec::new();
    let allocated: HashMap<_, Fen> = plan
        .allocations
        .iter()
        .map(|allocation| (allocation.piece, allocation.amount))
        .collect();
    for piece in platform.book().live_pieces_of(&plan.voucher)? {
        let expected = allocated.get(&piece.id).copied().unwrap_or(Fen::ZERO);
        if piece.paid != expected {
            problems.push(format!(
                "{} was paid {} but allocated {}",
                piece.id, piece.paid, expected
            ));
        }
    }
    let total = Fen::sum(plan.allocations.iter().map(|allocation| allocation.amount))
        .map_err(|error| ScenarioError::Malformed(error.to_string()))?;
    if total != plan.funded {
        problems.push(format!(
            "allocations total {total} but {} was funded",
            plan.funded
        ));
    }
    Ok(problems)
}

/// Under either routing, what each party receives less what it pays on must be its line.
fn net_receipts_match_lines(plan: &ClearingPlan) -> Vec<String> {
    let mut net: HashMap<&Bid, i128> = HashMap::new();
    for instruction in &plan.instructions {
        let amount = i128::from(instruction.amount.get());
        *net.entry(&instruction.payee).or_default() += amount;
        *net.entry(&instruction.payer).or_default() -= amount;
    }

    let mut problems = Vec::new();
    for line in plan.lines.iter().filter(|line| line.payee != plan.payer) {
        let received = net.remove(&line.payee).unwrap_or(0);
        if received != i128::from(line.amount.get()) {
            problems.push(format!(
                "{} nets {received} fen, its line is {}",
                line.payee, line.amount
            ));
        }
    }
    let paid_out = -net.remove(&plan.payer).unwrap_or(0);
    if paid_out != i128::from(plan.funded.get()) {
        problems.push(format!(
            "payer pays {paid_out} fen but funded {}",
            plan.funded
        ));
    }
    for (party, left) in net.into_iter().filter(|(_, left)| *left != 0) {
        problems.push(format!("{party} is left with {left} fen in passing"));
    }
    problems
}
