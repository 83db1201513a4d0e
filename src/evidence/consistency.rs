//! Whether the events of each entry in a bundle follow from the signed command it records and
//! from the bundle's earlier entries.
//!
//! The check itself is the platform's own (`crate::platform::follows`); here is what a bundle
//! offers it as the past: the applications, issues, clearing runs and request numbers of its
//! earlier entries, and where the voucher's pieces stand after them.
//!
//! What the platform computed from its whole state (piece ids, sign deadlines, discount
//! quotes) cannot be recomputed from a bundle, which holds one voucher's entries. A clearing
//! plan must pay exactly the pieces the bundle leaves owed, what each is owed (or its share
//! of a partial payment by largest remainder), to the party each is payable to.

use std::collections::{HashMap, HashSet};

use isf_core::alloc::allocate_pro_rata;
use isf_core::{Bid, BizDate, Fen, PieceId, RequestNo, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::{PieceState, VoucherEvent};
use isf_settlement::{ClearingPlan, ClearingRun};

use super::error::EvidenceError;
use super::standing::Standings;
use crate::platform::{JournalEntry, PlatformEvent, Prior, advance_clearing, check_entry};

/// Checks the entries in sequence order, each with its sequence number; `operator` sealed the
/// bundle.
pub(super) fn check_consistency<'a>(
    operator: &'a Bid,
    entries: impl IntoIterator<Item = (u64, &'a JournalEntry)>,
) -> Result<(), EvidenceError> {
    let mut seen = Seen::new(operator);
    for (seq, entry) in entries {
        let mismatch = |reason| EvidenceError::EventMismatch { seq, reason };
        check_entry(&seen, entry).map_err(mismatch)?;
        seen.record(entry).map_err(mismatch)?;
    }
    Ok(())
}

/// What earlier entries of the bundle established.
struct Seen<'a> {
    operator: &'a Bid,
    /// Every financing application opened, by number, as it was opened: whether it is still
    /// open shows in its piece's lock.
    applications: HashMap<&'a str, &'a Application>,
    /// Who issued each voucher, and its due date.
    issues: HashMap<&'a VoucherId, (&'a Bid, BizDate)>,
    /// The latest clearing run of each voucher, moved on by every step the bundle records.
    runs: HashMap<&'a VoucherId, ClearingRun>,
    /// Every request number recorded.
    requests: HashSet<&'a RequestNo>,
    /// Every piece created so far, by an issue or a split.
    pieces: HashSet<PieceId>,
    /// Where the voucher's pieces stand, once it is issued.
    standings: Option<Standings>,
}

impl<'a> Seen<'a> {
    fn new(operator: &'a Bid) -> Seen<'a> {
        Seen {
            operator,
            applications: HashMap::new(),
            issues: HashMap::new(),
            runs: HashMap::new(),
            requests: HashSet::new(),
            pieces: HashSet::new(),
            standings: None,
        }
    }

    /// Learns what `entry`, already checked, established.
    fn record(&mut self, entry: &'a JournalEntry) -> Result<(), String> {
        self.requests.insert(&entry.command.request_no);
        for event in &entry.events {
            self.follow(event)?;
            match event {
                PlatformEvent::FinancingApplied(application) => {
                    self.applications
                        .insert(application.number.as_str(), application);
                }
                PlatformEvent::ClearingPlanned(plan) => {
                    self.runs
                        .insert(&plan.voucher, ClearingRun::new(plan.clone()));
                }
                PlatformEvent::ClearingAdvanced { voucher, .. }
                | PlatformEvent::LegReported { voucher, .. }
                | PlatformEvent::LegAdjusted { voucher, .. } => {
                    if let Some(run) = self.runs.get_mut(voucher) {
                        advance_clearing(run, event).map_err(|error| error.to_string())?;
                    }
                }
                PlatformEvent::Voucher(VoucherEvent::Issued {
                    voucher,
                    issuer,
                    due_date,
                    root,
                    ..
                }) => {
                    self.issues.insert(voucher, (issuer, *due_date));
                    self.create(*root)?;
                }
                PlatformEvent::Voucher(VoucherEvent::Split { children, .. }) => {
                    for child in children {
                        self.create(child.id)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Moves the voucher's pieces by `event`; the voucher's issue starts the following.
    fn follow(&mut self, event: &PlatformEvent) -> Result<(), String> {
        let PlatformEvent::Voucher(event) = event else {
            return Ok(());
        };
        if let VoucherEvent::Issued { voucher, .. } = event {
            self.standings
                .get_or_insert_with(|| Standings::new(voucher.clone()));
        }
        match &mut self.standings {
            Some(standings) => standings.apply(event).map_err(|error| error.to_string()),
            None => Ok(()),
        }
    }

    fn create(&mut self, piece: PieceId) -> Result<(), String> {
        if !self.pieces.insert(piece) {
            return Err(format!("piece {piece} is created a second time"));
        }
        Ok(())
    }
}

impl Prior for Seen<'_> {
    fn operator(&self) -> &Bid {
        self.operator
    }

    fn piece(&self, id: PieceId) -> Option<(&Bid, &PieceState)> {
        let standing = self.standings.as_ref()?.get(id)?;
        Some((&standing.holder, &standing.state))
    }

    fn issue(&self, voucher: &VoucherId) -> Option<(&Bid, BizDate)> {
        self.issues.get(voucher).copied()
    }

    fn application(&self, number: &str) -> Option<&Application> {
        self.applications.get(number).copied()
    }

    fn clearing_run(&self, voucher: &VoucherId) -> Option<&ClearingRun> {
        self.runs.get(voucher)
    }

    fn has_request(&self, request_no: &RequestNo) -> bool {
        self.requests.contains(request_no)
    }

    /// A plan pays every piece the bundle leaves owed something, in piece order, its share of
    /// what is funded, to whom it is payable, and nothing else.
    fn check_plan_pieces(&self, plan: &ClearingPlan) -> Result<(), String> {
        let standings = self
            .standings
            .as_ref()
            .ok_or_else(|| format!("voucher {} is cleared but never issued", plan.voucher))?;
        let mut previous: Option<PieceId> = None;
        for allocation in &plan.allocations {
            let piece = allocation.piece;
            if previous.is_some_and(|previous| previous >= piece) {
                return Err(format!("the plan pays piece {piece} out of piece order"));
            }
            previous = Some(piece);
            let standing = standings
                .get(piece)
                .filter(|standing| standing.state.is_live())
                .ok_or_else(|| format!("the plan pays piece {piece}, which is not live"))?;
            if allocation.outstanding != standing.outstanding() {
                return Err(format!(
                    "the plan says piece {piece} is owed {} where it is owed {}",
                    allocation.outstanding,
                    standing.outstanding()
                ));
            }
            if plan.payee_of(allocation) != Some(standing.payee()) {
                return Err(format!(
                    "the plan pays piece {piece} to someone other than {}",
                    standing.payee()
                ));
            }
        }
        // Allocations name distinct pieces, all of them owed: equal counts make equal sets.
        let owed = standings.owed().count();
        if owed != plan.allocations.len() {
            return Err(format!(
                "the plan pays {} piece(s) where {owed} are owed something",
                plan.allocations.len()
            ));
        }
        check_shares(plan)
    }
}

/// Each piece receives its largest-remainder share of what is funded.
fn check_shares(plan: &ClearingPlan) -> Result<(), String> {
    let owed: Vec<Fen> = plan.allocations.iter().map(|a| a.outstanding).collect();
    let shares = allocate_pro_rata(plan.funded, &owed).map_err(|error| error.to_string())?;
    let wrong = plan
        .allocations
        .iter()
        .zip(&shares)
        .find(|(allocation, share)| allocation.amount != **share);
    match wrong {
        Some((allocation, share)) => Err(format!(
            "the plan gives piece {} {} where its share of {} is {share}",
            allocation.piece, allocation.amount, plan.funded
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use isf_core::{BizDate, VoucherId};
    use isf_settlement::{PieceAllocation, Routing};

    use super::*;

    /// A plan of three pieces owed 1.00, 1.00 and 1.01 with `amounts` allocated of `funded`.
    fn plan(funded: i64, amounts: [i64; 3]) -> ClearingPlan {
        let fen = |n| Fen::new(n).unwrap();
        let allocations = [100, 100, 101]
            .into_iter()
            .zip(amounts)
            .enumerate()
            .map(|(n, (owed, amount))| PieceAllocation {
                piece: PieceId(n as u64 + 1),
                line: 0,
                outstanding: fen(owed),
                amount: fen(amount),
            })
            .collect();
        let payer = Bid::parse(&format!("did:bid:ef{}", "1".repeat(28))).unwrap();
        ClearingPlan {
            voucher: VoucherId::parse("V-1").unwrap(),
            due_date: BizDate::parse("2025-10-09").unwrap(),
            routing: Routing::EndToEnd,
            payer,
            due: fen(301),
            funded: fen(funded),
            allocations,
            lines: Vec::new(),
            instructions: Vec::new(),
        }
    }

    #[test]
    fn shares_by_largest_remainder_pass_and_any_other_split_is_refused() {
        let planned = allocate_pro_rata(
            Fen::new(200).unwrap(),
            &[
                Fen::new(100).unwrap(),
                Fen::new(100).unwrap(),
                Fen::new(101).unwrap(),
            ],
        )
        .unwrap();
        let planned: Vec<i64> = planned.iter().map(|share| share.get()).collect();
        let genuine = [planned[0], planned[1], planned[2]];
        assert_eq!(genuine.iter().sum::<i64>(), 200);
        assert_eq!(check_shares(&plan(200, genuine)), Ok(()));

        let moved = [genuine[0] + 1, genuine[1] - 1, genuine[2]];
        let refused = check_shares(&plan(200, moved)).unwrap_err();
        assert!(refused.contains("its share of 2.00 is"), "{refused}");
    }
}
