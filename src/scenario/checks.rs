//! Invariant checks run at the end of every scenario and shown in its report.

use std::collections::{HashMap, HashSet};

use isf_core::{PieceId, VoucherId};
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

    let done: Vec<&ClearingPlan> = clearing
        .iter()
        .filter(|run| run.state == ClearingState::Done)
        .map(|run| &run.plan)
        .collect();
    let paid_once = paid_exactly_once(platform, &done)?;
    let net_flows: Vec<String> = done
        .iter()
        .filter_map(|plan| net_receipts_match_lines(plan))
        .collect();
    // Said plainly when no clearing finished, so that the checks do not look earned.
    let vacuous = if done.is_empty() {
        " (no clearing has finished)"
    } else {
        ""
    };
    checks.push(check(
        &format!("clearing paid every live piece exactly its share, once{vacuous}"),
        paid_once,
    ));
    checks.push(check(
        &format!(
            "settlement instructions leave every payee with exactly its clearing line{vacuous}"
        ),
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

/// Every live piece of a cleared voucher was paid exactly what its clearings allocated to it,
/// and every clearing allocated exactly what was funded.
fn paid_exactly_once(
    platform: &Platform,
    done: &[&ClearingPlan],
) -> Result<Vec<String>, ScenarioError> {
    let mut problems = Vec::new();
    let mut allocated: HashMap<(&VoucherId, PieceId), i128> = HashMap::new();
    for plan in done {
        let mut total = 0_i128;
        for allocation in &plan.allocations {
            let amount = i128::from(allocation.amount.get());
            *allocated
                .entry((&plan.voucher, allocation.piece))
                .or_default() += amount;
            total += amount;
        }
        if total != i128::from(plan.funded.get()) {
            problems.push(format!(
                "allocations total {total} fen but {} was funded",
                plan.funded
            ));
        }
    }

    let vouchers: HashSet<&VoucherId> = done.iter().map(|plan| &plan.voucher).collect();
    for voucher in vouchers {
        for piece in platform.book().live_pieces_of(voucher)? {
            let expected = allocated.get(&(voucher, piece.id)).copied().unwrap_or(0);
            if i128::from(piece.paid.get()) != expected {
                problems.push(format!(
                    "{} was paid {} but allocated {expected} fen",
                    piece.id, piece.paid
                ));
            }
        }
    }
    Ok(problems)
}

/// Under either routing, what each party receives less what it pays on must be its line, out
/// of what the payer funds: the plan's own consistency check, which a plan read back from the
/// journal must pass too.
fn net_receipts_match_lines(plan: &ClearingPlan) -> Option<String> {
    plan.check_consistency()
        .err()
        .map(|error| error.to_string())
}
