//! The report of a scenario run: what happened at each step, and where everything ended up.
//! Serialised as the JSON report of `isf run --json`.

use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::VoucherStatus;
use isf_settlement::{ClearingPlan, ClearingState, LegStatus};
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::ScenarioError;
use super::format::Scenario;
use crate::platform::{PartyRole, Platform};

/// Everything a scenario run produced.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScenarioReport {
    /// Scenario name.
    pub name: String,
    /// What it shows.
    pub description: String,
    /// The parties, operator first.
    pub parties: Vec<PartyReport>,
    /// One entry per step.
    pub steps: Vec<StepReport>,
    /// Every voucher and its pieces.
    pub vouchers: Vec<VoucherReport>,
    /// Financing applications in number order.
    pub financing: Vec<Application>,
    /// Clearing runs in voucher order.
    pub clearing: Vec<ClearingReport>,
    /// Invariant checks: a description each, and whether it held.
    pub invariants: Vec<InvariantCheck>,
    /// The journal.
    pub journal: JournalSummary,
}

/// A party of the scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartyReport {
    /// Scenario id.
    pub id: String,
    /// Name.
    pub name: String,
    /// StarFire BID derived from its key.
    pub bid: Bid,
    /// Roles.
    pub roles: Vec<PartyRole>,
}

/// The outcome of one step.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StepReport {
    /// Step number, from 1.
    pub number: usize,
    /// Business date.
    pub date: BizDate,
    /// Acting party id.
    pub actor: String,
    /// What the step did, in words.
    pub summary: String,
    /// `None` when accepted; the refusal message when refused as expected.
    pub refused: Option<String>,
    /// The scenario's note.
    pub note: Option<String>,
}

/// A voucher and its piece tree.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VoucherReport {
    /// Voucher number.
    pub voucher: VoucherId,
    /// Issuer party id.
    pub issuer: String,
    /// Issued face.
    pub face: Fen,
    /// Issue date.
    pub issue_date: BizDate,
    /// Committed payment date as written.
    pub committed_date: BizDate,
    /// Name of the holiday the committed date falls on, if any.
    pub committed_holiday: Option<String>,
    /// Adjusted due date.
    pub due_date: BizDate,
    /// Hash of the payment commitment.
    pub commitment: Hash32,
    /// Status.
    pub status: VoucherStatus,
    /// Pieces in creation order.
    pub pieces: Vec<PieceReport>,
}

/// One piece of a voucher.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PieceReport {
    /// Id.
    pub id: PieceId,
    /// Scenario label, if it has one.
    pub label: Option<String>,
    /// Parent piece.
    pub parent: Option<PieceId>,
    /// Tier depth.
    pub depth: u32,
    /// Holder party id.
    pub holder: String,
    /// Party id paid at maturity.
    pub payee: String,
    /// Face.
    pub face: Fen,
    /// Paid so far.
    pub paid: Fen,
    /// State name.
    pub state: String,
}

/// A clearing run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClearingReport {
    /// The plan executed.
    pub plan: ClearingPlan,
    /// Where the run ended.
    pub state: ClearingState,
    /// Status of each instruction.
    pub legs: Vec<LegStatus>,
}

/// One invariant check.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InvariantCheck {
    /// What was checked.
    pub check: String,
    /// Whether it held.
    pub holds: bool,
    /// Details of any violation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<String>,
}

/// The journal at the end of the run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JournalSummary {
    /// Number of entries.
    pub entries: u64,
    /// Hash of the last entry.
    pub head: Hash32,
    /// Whether the hash chain and every signature verified.
    pub verified: bool,
    /// Commands this run appended.
    pub appended: u64,
    /// Commands this run found already in the journal and answered from it.
    pub replayed: u64,
}

/// What one run did to the journal.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Activity {
    pub(super) appended: u64,
    pub(super) replayed: u64,
}

/// Builds the report from the platform at the end of a run.
pub(super) fn build(
    platform: &Platform,
    scenario: &Scenario,
    names: &HashMap<Bid, String>,
    labels: &HashMap<String, PieceId>,
    steps: Vec<StepReport>,
    activity: Activity,
) -> Result<ScenarioReport, ScenarioError> {
    let name_of = |bid: &Bid| names.get(bid).cloned().unwrap_or_else(|| bid.to_string());
    let label_of: HashMap<PieceId, &String> = labels.iter().map(|(l, id)| (*id, l)).collect();

    let parties = std::iter::once(&scenario.operator)
        .chain(&scenario.parties)
        .filter_map(|spec| {
            let bid = names.iter().find(|(_, id)| **id == spec.id)?.0.clone();
            Some(PartyReport {
                id: spec.id.clone(),
                name: spec.name.clone(),
                bid,
                roles: spec.roles.clone(),
            })
        })
        .collect();

    let book = platform.book();
    let mut vouchers = Vec::new();
    for voucher in book.vouchers() {
        let pieces = book
            .pieces_of(&voucher.id)?
            .map(|piece| PieceReport {
                id: piece.id,
                label: label_of.get(&piece.id).map(|label| (*label).clone()),
                parent: piece.parent,
                depth: piece.depth,
                holder: name_of(&piece.holder),
                payee: name_of(piece.payee()),
                face: piece.face,
                paid: piece.paid,
                state: piece.state.name().to_owned(),
            })
            .collect();
        vouchers.push(VoucherReport {
            voucher: voucher.id.clone(),
            issuer: name_of(&voucher.issuer),
            face: voucher.face,
            issue_date: voucher.issue_date,
            committed_date: voucher.committed_date,
            committed_holiday: platform
                .calendar()
                .holiday_name(voucher.committed_date)
                .map(str::to_owned),
            due_date: voucher.due_date,
            commitment: voucher.commitment,
            status: voucher.status,
            pieces,
        });
    }

    let mut financing: Vec<Application> = platform.applications().cloned().collect();
    financing.sort_by(|a, b| a.number.cmp(&b.number));

    let clearing: Vec<ClearingReport> = book
        .vouchers()
        .iter()
        .flat_map(|voucher| platform.clearings(&voucher.id))
        .map(|run| ClearingReport {
            plan: run.plan().clone(),
            state: run.state(),
            legs: run.legs().to_vec(),
        })
        .collect();

    Ok(ScenarioReport {
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        parties,
        steps,
        vouchers,
        financing,
        invariants: super::checks::check_invariants(platform, &clearing)?,
        clearing,
        journal: journal_summary(platform, activity),
    })
}

fn journal_summary(platform: &Platform, activity: Activity) -> JournalSummary {
    let (entries, head) = platform.head();
    let chain_ok = platform.journal().verify_chain().is_ok();
    let signatures_ok = platform.entries().is_ok_and(|recorded| {
        recorded.iter().all(|entry| {
            entry
                .entry
                .command
                .verify(&isf_bid::StarfireVerifier)
                .is_ok()
        })
    });
    JournalSummary {
        entries,
        head,
        verified: chain_ok && signatures_ok,
        appended: activity.appended,
        replayed: activity.replayed,
    }
}
