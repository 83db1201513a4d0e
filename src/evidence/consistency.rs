//! Whether the events of each entry in a bundle follow from the signed command it records and
//! from the bundle's earlier entries.
//!
//! The check itself is the platform's own (`crate::platform::follows`); here is what a bundle
//! offers it as the past: the applications, issues, clearing runs and request numbers of its
//! earlier entries, and where the pieces of each voucher it issued stand after them. Each
//! voucher is followed on its own, as the platform's book keeps it: a piece belongs to the
//! voucher that created it, a payment moves only that voucher's piece, and a clearing plan is
//! planned again from its own voucher's pieces only.
//!
//! What the platform computed from its whole state or its configuration (piece ids, sign
//! windows, which days are business days) cannot be recomputed from a bundle, which holds one
//! voucher's entries; those are only bounded. A clearing plan, a discount quote and the faces
//! of a split are recomputed from what the bundle shows.

use std::collections::{HashMap, HashSet};

use isf_bid::StarfireVerifier;
use isf_bid::credential::CredentialId;
use isf_core::{Bid, BizDate, Hash32, PieceId, RequestNo, Verifier, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::VoucherEvent;
use isf_settlement::{ClearingPlan, ClearingRun, Matured, SettlementError, plan_pieces};

use super::error::EvidenceError;
use super::standing::Standings;
use crate::platform::{
    AcceptedCommitment, JournalEntry, Party, PlatformEvent, Prior, PriorPiece, Register, admit,
    advance_clearing, check_entry,
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
    /// Every voucher issued, with where its pieces stand.
    vouchers: HashMap<&'a VoucherId, Followed<'a>>,
    /// The voucher of every piece created so far, by an issue or a split.
    pieces: HashMap<PieceId, &'a VoucherId>,
    /// The latest clearing run of each voucher, moved on by every step the bundle records.
    runs: HashMap<&'a VoucherId, ClearingRun>,
    /// Every payment commitment accepted, by id.
    commitments: HashMap<Hash32, &'a AcceptedCommitment>,
    /// The request number of every instruction of every clearing plan recorded.
    instructions: HashSet<&'a RequestNo>,
    /// Every request number recorded.
    requests: HashSet<&'a RequestNo>,
    /// Every party admitted, with its credentials.
    parties: HashMap<Bid, Party>,
    /// The credentials of the latest revocation list.
    revoked: HashSet<CredentialId>,
    /// The date of the latest revocation list.
    revocations_as_of: Option<BizDate>,
}

/// One issued voucher: what its issue fixed, and where its pieces stand.
struct Followed<'a> {
    issuer: &'a Bid,
    due_date: BizDate,
    standings: Standings,
}

impl<'a> Seen<'a> {
    fn new(operator: &'a Bid) -> Seen<'a> {
        Seen {
            operator,
            applications: HashMap::new(),
            vouchers: HashMap::new(),
            pieces: HashMap::new(),
            runs: HashMap::new(),
            commitments: HashMap::new(),
            instructions: HashSet::new(),
            requests: HashSet::new(),
            parties: HashMap::new(),
            revoked: HashSet::new(),
            revocations_as_of: None,
        }
    }

    /// Learns what `entry`, already checked, established.
    fn record(&mut self, entry: &'a JournalEntry) -> Result<(), String> {
        self.requests.insert(&entry.command.request_no);
        for event in &entry.events {
            match event {
                PlatformEvent::Voucher(event) => self.follow(event)?,
                PlatformEvent::FinancingApplied(application) => {
                    self.applications
                        .insert(application.number.as_str(), application);
                }
                PlatformEvent::CommitmentAccepted(accepted) => {
                    self.commitments.insert(accepted.id, accepted);
                }
                PlatformEvent::PartyAdmitted {
                    party,
                    name,
                    admission,
                } => admit(&mut self.parties, party, name, admission),
                PlatformEvent::CredentialsRevoked { revoked, as_of } => {
                    self.revoked = revoked.iter().cloned().collect();
                    self.revocations_as_of = Some(*as_of);
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
                _ => {}
            }
        }
        Ok(())
    }

    /// Moves the pieces of the one voucher `event` concerns; an issue starts following it.
    fn follow(&mut self, event: &'a VoucherEvent) -> Result<(), String> {
        self.learn_pieces(event)?;
        let voucher = self.voucher_moved(event)?;
        let followed = self
            .vouchers
            .get_mut(voucher)
            .ok_or_else(|| format!("voucher {voucher} is moved but never issued"))?;
        followed
            .standings
            .apply(event)
            .map_err(|error| error.to_string())
    }

    /// Registers the voucher an issue starts and the pieces an issue or a split creates.
    fn learn_pieces(&mut self, event: &'a VoucherEvent) -> Result<(), String> {
        match event {
            VoucherEvent::Issued {
                voucher,
                issuer,
                due_date,
                root,
                ..
            } => {
                if self.vouchers.contains_key(voucher) {
                    return Err(format!("voucher {voucher} is issued a second time"));
                }
                let followed = Followed {
                    issuer,
                    due_date: *due_date,
                    standings: Standings::new(voucher.clone()),
                };
                self.vouchers.insert(voucher, followed);
                self.create(*root, voucher)
            }
            VoucherEvent::Split {
                parent, children, ..
            } => {
                let voucher = self.voucher_of(*parent)?;
                children
                    .iter()
                    .try_for_each(|child| self.create(child.id, voucher))
            }
            _ => Ok(()),
        }
    }

    /// The voucher `event` names, or the voucher of the piece it names.
    fn voucher_moved(&self, event: &'a VoucherEvent) -> Result<&'a VoucherId, String> {
        let piece = match event {
            VoucherEvent::Issued { voucher, .. }
            | VoucherEvent::Voided { voucher }
            | VoucherEvent::Matured { voucher, .. } => return Ok(voucher),
            VoucherEvent::Split { parent, .. } => parent,
            VoucherEvent::Signed { piece, .. }
            | VoucherEvent::OfferEnded { piece, .. }
            | VoucherEvent::Locked { piece, .. }
            | VoucherEvent::Unlocked { piece }
            | VoucherEvent::Assigned { piece, .. }
            | VoucherEvent::Pledged { piece, .. }
            | VoucherEvent::PledgeReleased { piece }
            | VoucherEvent::Paid { piece, .. } => piece,
        };
        self.voucher_of(*piece)
    }

    fn voucher_of(&self, piece: PieceId) -> Result<&'a VoucherId, String> {
        self.pieces
            .get(&piece)
            .copied()
            .ok_or_else(|| format!("piece {piece} is moved but never created"))
    }

    fn create(&mut self, piece: PieceId, voucher: &'a VoucherId) -> Result<(), String> {
        if self.pieces.insert(piece, voucher).is_some() {
            return Err(format!("piece {piece} is created a second time"));
        }
        Ok(())
    }
}

impl Followed<'_> {
    /// Piece `id` of this voucher as the bundle leaves it.
    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>> {
        let piece = self.standings.get(id)?;
        Some(PriorPiece {
            holder: &piece.holder,
            state: &piece.state,
            face: piece.face,
            issuer: self.issuer,
            due_date: self.due_date,
            status: self.standings.status(),
        })
    }
}

impl Prior for Seen<'_> {
    fn operator(&self) -> &Bid {
        self.operator
    }

    fn register(&self) -> Register<'_> {
        Register {
            operator: self.operator,
            parties: &self.parties,
            revoked: &self.revoked,
            revocations_as_of: self.revocations_as_of,
        }
    }

    fn verifier(&self) -> &dyn Verifier {
        &StarfireVerifier
    }

    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>> {
        let voucher = self.pieces.get(&id)?;
        self.vouchers.get(voucher)?.piece(id)
    }

    fn root(&self, voucher: &VoucherId) -> Option<PriorPiece<'_>> {
        let followed = self.vouchers.get(voucher)?;
        followed.piece(followed.standings.root()?)
    }

    fn commitment(&self, id: &Hash32) -> Option<&AcceptedCommitment> {
        self.commitments.get(id).copied()
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

    /// A plan pays the pieces of its own voucher that the bundle leaves owed something, each
    /// what it is owed or its share, to whom it is payable, along the route the pieces give:
    /// planning again from those pieces, for the command's run, must give this very plan. The
    /// allocations are looked at first only to say which piece is wrong where one is.
    fn check_plan_pieces(&self, plan: &ClearingPlan, run: &str) -> Result<(), String> {
        let voucher = &plan.voucher;
        let followed = self
            .vouchers
            .get(voucher)
            .ok_or_else(|| format!("voucher {voucher} is cleared but never issued"))?;
        check_allocations(plan, &followed.standings)?;

        let matured = Matured {
            voucher,
            issuer: followed.issuer,
            due_date: followed.due_date,
        };
        let pieces = followed.standings.pieces();
        let funds = Some(plan.funded);
        let replanned = plan_pieces(matured, pieces, plan.routing, funds, run)
            .map_err(|error| error.to_string())?;
        if &replanned != plan {
            return Err(SettlementError::PlanMismatch(voucher.clone()).to_string());
        }
        Ok(())
    }
}

/// Each allocation is of a live piece of the plan's voucher, owed what the plan says and paid
/// to whom it is payable.
fn check_allocations(plan: &ClearingPlan, standings: &Standings) -> Result<(), String> {
    for allocation in &plan.allocations {
        let piece = allocation.piece;
        let standing = standings
            .get(piece)
            .filter(|standing| standing.state.is_live())
            .ok_or_else(|| {
                format!(
                    "the plan pays piece {piece}, which is no live piece of voucher {}",
                    plan.voucher
                )
            })?;
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
    Ok(())
}
