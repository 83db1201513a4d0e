//! Whether the events of each entry in a bundle follow from the signed command it records and
//! from the bundle's earlier entries.
//!
//! The check itself is the platform's own (`crate::platform::follows`); here is what a bundle
//! offers it as the past: the applications, issues, clearing runs and request numbers of its
//! earlier entries, and where the voucher's pieces stand after them.
//!
//! What the platform computed from its whole state or its configuration (piece ids, sign
//! windows, which days are business days) cannot be recomputed from a bundle, which holds one
//! voucher's entries; those are only bounded. A clearing plan, a discount quote and the faces
//! of a split are recomputed from what the bundle shows.

use std::collections::{HashMap, HashSet};

use isf_bid::StarfireVerifier;
use isf_core::{Bid, BizDate, Hash32, PieceId, RequestNo, Verifier, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::VoucherEvent;
use isf_settlement::{ClearingPlan, ClearingRun, Matured};

use super::error::EvidenceError;
use super::standing::Standings;
use crate::platform::{
    AcceptedCommitment, JournalEntry, PlatformEvent, Prior, PriorPiece, advance_clearing,
    check_entry,
};

/// Checks the entries in sequence order, each with its sequence number; `operator` sealed the
/// bundle.
pub(super) fn check_consistency<'a>(
    operator: &'a Bid,
    entries: impl IntoIterator<Item = (u64, &'a JournalEntry)>,
) -> Result<(), EvidenceError> {
    let mut seen = Seen::new(operator);
    let mut last_date = None;
    for (seq, entry) in entries {
        let mismatch = |reason| EvidenceError::EventMismatch { seq, reason };
        if last_date.is_some_and(|last| entry.date < last) {
            return Err(mismatch(
                "it is dated before the entry before it".to_owned(),
            ));
        }
        last_date = Some(entry.date);
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
    /// The vouchers that matured.
    matured: HashSet<&'a VoucherId>,
    /// The latest clearing run of each voucher, moved on by every step the bundle records.
    runs: HashMap<&'a VoucherId, ClearingRun>,
    /// Every payment commitment accepted, by id.
    commitments: HashMap<Hash32, &'a AcceptedCommitment>,
    /// The request number of every instruction of every clearing plan recorded.
    instructions: HashSet<&'a RequestNo>,
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
            matured: HashSet::new(),
            runs: HashMap::new(),
            commitments: HashMap::new(),
            instructions: HashSet::new(),
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
                PlatformEvent::CommitmentAccepted(accepted) => {
                    self.commitments.insert(accepted.id, accepted);
                }
                PlatformEvent::ClearingPlanned(plan) => {
                    let legs = plan.instructions.iter().map(|leg| &leg.request_no);
                    self.instructions.extend(legs);
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
                PlatformEvent::Voucher(VoucherEvent::Matured { voucher, .. }) => {
                    self.matured.insert(voucher);
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

    fn verifier(&self) -> &dyn Verifier {
        &StarfireVerifier
    }

    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>> {
        let standings = self.standings.as_ref()?;
        let piece = standings.get(id)?;
        let (_, due_date) = self.issues.get(standings.voucher()).copied()?;
        Some(PriorPiece {
            holder: &piece.holder,
            state: &piece.state,
            face: piece.face,
            due_date,
            outstanding: standings.is_outstanding(),
        })
    }

    fn commitment(&self, id: &Hash32) -> Option<&AcceptedCommitment> {
        self.commitments.get(id).copied()
    }

    fn issue(&self, voucher: &VoucherId) -> Option<(&Bid, BizDate)> {
        self.issues.get(voucher).copied()
    }

    fn is_matured(&self, voucher: &VoucherId) -> bool {
        self.matured.contains(voucher)
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

    fn instruction_used(&self, request_no: &RequestNo) -> bool {
        self.instructions.contains(request_no)
    }

    /// A plan pays the pieces the bundle leaves owed something, each what it is owed or its
    /// share, to whom it is payable, along the route the pieces give: planning again from the
    /// bundle's pieces must give this very plan. The allocations are looked at first only to
    /// say which piece is wrong where one is.
    fn check_plan_pieces(&self, plan: &ClearingPlan) -> Result<(), String> {
        let standings = self
            .standings
            .as_ref()
            .ok_or_else(|| format!("voucher {} is cleared but never issued", plan.voucher))?;
        for allocation in &plan.allocations {
            let piece = allocation.piece;
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

        let matured = Matured {
            voucher: &plan.voucher,
            issuer: &plan.payer,
            due_date: plan.due_date,
        };
        plan.check_replanned_from(matured, standings.pieces())
            .map_err(|error| error.to_string())
    }
}
