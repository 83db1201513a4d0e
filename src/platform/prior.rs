//! The platform's own state as the past that each replayed entry is checked against.

use isf_core::{Bid, Hash32, PieceId, RequestNo, Verifier, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::{Piece, Voucher};
use isf_settlement::{ClearingPlan, ClearingRun, SettlementError, plan_clearing};

use super::State;
use super::commitment::AcceptedCommitment;
use super::follows::{Prior, PriorPiece};
use super::roles::Register;

/// The state before an entry, with the operator the platform is configured with.
pub(super) struct StateBefore<'a> {
    pub(super) state: &'a State,
    pub(super) operator: &'a Bid,
    pub(super) verifier: &'a dyn Verifier,
}

impl Prior for StateBefore<'_> {
    fn operator(&self) -> &Bid {
        self.operator
    }

    fn register(&self) -> Register<'_> {
        Register {
            operator: self.operator,
            parties: &self.state.parties,
            revoked: &self.state.revoked,
            revocations_as_of: self.state.revocations_as_of,
        }
    }

    fn verifier(&self) -> &dyn Verifier {
        self.verifier
    }

    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>> {
        let piece = self.state.book.piece(id).ok()?;
        let voucher = self.state.book.voucher_of(piece).ok()?;
        Some(prior_piece(piece, voucher))
    }

    fn root(&self, voucher: &VoucherId) -> Option<PriorPiece<'_>> {
        let issued = self.state.book.voucher(voucher).ok()?;
        let root = self.state.book.piece(issued.root).ok()?;
        Some(prior_piece(root, issued))
    }

    fn commitment(&self, id: &Hash32) -> Option<&AcceptedCommitment> {
        self.state.commitments.get(id)
    }

    fn application(&self, number: &str) -> Option<&Application> {
        self.state.applications.get(number)
    }

    fn clearing_run(&self, voucher: &VoucherId) -> Option<&ClearingRun> {
        self.state.clearings.get(voucher)?.last()
    }

    fn has_request(&self, request_no: &RequestNo) -> bool {
        self.state.command_requests.contains(request_no)
    }

    fn instruction_used(&self, request_no: &RequestNo) -> bool {
        self.state.instruction_requests.contains(request_no)
    }

    /// Plans the voucher again on the book, which holds every voucher and plans each from its
    /// own pieces, numbering the instructions for `run`, and requires the recorded plan.
    fn check_plan_pieces(&self, plan: &ClearingPlan, run: &str) -> Result<(), String> {
        let book = &self.state.book;
        let funds = Some(plan.funded);
        let replanned = plan_clearing(book, &plan.voucher, plan.routing, funds, run)
            .map_err(|error| error.to_string())?;
        if &replanned != plan {
            return Err(SettlementError::PlanMismatch(plan.voucher.clone()).to_string());
        }
        Ok(())
    }
}

/// `piece` of `voucher` as the book holds it.
fn prior_piece<'a>(piece: &'a Piece, voucher: &'a Voucher) -> PriorPiece<'a> {
    PriorPiece {
        holder: &piece.holder,
        state: &piece.state,
        face: piece.face,
        issuer: &voucher.issuer,
        due_date: voucher.due_date,
        status: voucher.status,
    }
}
