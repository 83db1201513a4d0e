//! The platform's own state as the past that each replayed entry is checked against.

use isf_core::{Bid, BizDate, Hash32, PieceId, RequestNo, Verifier, VoucherId};
use isf_finance::financing::Application;
use isf_finance::voucher::VoucherStatus;
use isf_settlement::{ClearingPlan, ClearingRun};

use super::State;
use super::commitment::AcceptedCommitment;
use super::follows::{Prior, PriorPiece};

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

    fn verifier(&self) -> &dyn Verifier {
        self.verifier
    }

    fn piece(&self, id: PieceId) -> Option<PriorPiece<'_>> {
        let piece = self.state.book.piece(id).ok()?;
        let voucher = self.state.book.voucher_of(piece).ok()?;
        Some(PriorPiece {
            holder: &piece.holder,
            state: &piece.state,
            face: piece.face,
            due_date: voucher.due_date,
            outstanding: voucher.status == VoucherStatus::Outstanding,
        })
    }

    fn commitment(&self, id: &Hash32) -> Option<&AcceptedCommitment> {
        self.state.commitments.get(id)
    }

    fn issue(&self, voucher: &VoucherId) -> Option<(&Bid, BizDate)> {
        let issued = self.state.book.voucher(voucher).ok()?;
        Some((&issued.issuer, issued.due_date))
    }

    fn is_matured(&self, voucher: &VoucherId) -> bool {
        let issued = self.state.book.voucher(voucher);
        issued.is_ok_and(|issued| issued.status == VoucherStatus::Matured)
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

    /// Plans the voucher again on the book, which holds every voucher, and requires the
    /// recorded plan.
    fn check_plan_pieces(&self, plan: &ClearingPlan) -> Result<(), String> {
        plan.check_replanned_on(&self.state.book)
            .map_err(|error| error.to_string())
    }
}
