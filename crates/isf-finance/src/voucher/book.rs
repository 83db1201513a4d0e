//! The voucher book: every voucher and piece on a platform, and the queries over them.

use std::collections::HashMap;

use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, VoucherId};
use serde::{Deserialize, Serialize};

use super::piece::{Piece, PieceState};
use super::rules::ProductRules;
use crate::error::{FinanceError, Result};

/// Where a voucher stands as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherStatus {
    /// Issued and not yet due.
    Outstanding,
    /// Due: pieces are frozen and wait for clearing.
    Matured,
    /// Voided by the issuer or rejected by the first payee.
    Cancelled,
}

impl VoucherStatus {
    /// A short name for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            VoucherStatus::Outstanding => "outstanding",
            VoucherStatus::Matured => "matured",
            VoucherStatus::Cancelled => "cancelled",
        }
    }
}

/// A voucher as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voucher {
    /// Voucher number.
    pub id: VoucherId,
    /// The core enterprise that pays at maturity.
    pub issuer: Bid,
    /// The tier-1 supplier.
    pub payee: Bid,
    /// Issued face.
    pub face: Fen,
    /// Issue date.
    pub issue_date: BizDate,
    /// Committed payment date as written.
    pub committed_date: BizDate,
    /// Committed payment date adjusted to a business day.
    pub due_date: BizDate,
    /// Hash of the payment commitment letter.
    pub commitment: Hash32,
    /// Underlying contracts.
    pub contracts: Vec<String>,
    /// Underlying invoices.
    pub invoices: Vec<String>,
    /// The root piece.
    pub root: PieceId,
    /// Where it stands.
    pub status: VoucherStatus,
}

/// Every voucher and piece, with the product rules they obey.
#[derive(Clone, Debug, Default)]
pub struct VoucherBook {
    pub(super) rules: ProductRules,
    pub(super) vouchers: Vec<Voucher>,
    pub(super) by_number: HashMap<VoucherId, u32>,
    pub(super) pieces: Vec<Piece>,
    /// For each voucher, the positions of its pieces in `pieces`, in creation order, so that
    /// reading one voucher never walks the others.
    pub(super) positions: Vec<Vec<u32>>,
}

impl VoucherBook {
    /// An empty book under `rules`.
    pub fn new(rules: ProductRules) -> Result<VoucherBook> {
        rules.validate()?;
        Ok(VoucherBook {
            rules,
            ..VoucherBook::default()
        })
    }

    /// The product rules.
    pub fn rules(&self) -> &ProductRules {
        &self.rules
    }

    /// The id the next created piece will get.
    pub fn next_piece_id(&self) -> PieceId {
        PieceId(self.pieces.len() as u64 + 1)
    }

    /// A piece by id.
    pub fn piece(&self, id: PieceId) -> Result<&Piece> {
        self.piece_index(id)
            .and_then(|index| self.pieces.get(index))
            .ok_or(FinanceError::UnknownPiece(id))
    }

    /// A voucher by number.
    pub fn voucher(&self, id: &VoucherId) -> Result<&Voucher> {
        self.by_number
            .get(id)
            .and_then(|&index| self.vouchers.get(index as usize))
            .ok_or_else(|| FinanceError::UnknownVoucher(id.clone()))
    }

    /// The voucher a piece belongs to.
    pub fn voucher_of(&self, piece: &Piece) -> Result<&Voucher> {
        self.vouchers
            .get(piece.voucher as usize)
            .ok_or_else(|| FinanceError::InconsistentEvent(format!("{} has no voucher", piece.id)))
    }

    /// All vouchers in issue order.
    pub fn vouchers(&self) -> &[Voucher] {
        &self.vouchers
    }

    /// All pieces in creation order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Pieces of one voucher in creation order.
    pub fn pieces_of<'a>(&'a self, voucher: &VoucherId) -> Result<impl Iterator<Item = &'a Piece>> {
        let positions = self.positions_of(voucher)?;
        Ok(positions
            .iter()
            .filter_map(move |&position| self.pieces.get(position as usize)))
    }

    /// How many pieces one voucher has, live or not.
    pub fn piece_count_of(&self, voucher: &VoucherId) -> Result<usize> {
        Ok(self.positions_of(voucher)?.len())
    }

    fn positions_of(&self, voucher: &VoucherId) -> Result<&[u32]> {
        self.by_number
            .get(voucher)
            .and_then(|&index| self.positions.get(index as usize))
            .map(Vec::as_slice)
            .ok_or_else(|| FinanceError::UnknownVoucher(voucher.clone()))
    }

    /// Live pieces of one voucher: those that carry value to be paid.
    pub fn live_pieces_of<'a>(
        &'a self,
        voucher: &VoucherId,
    ) -> Result<impl Iterator<Item = &'a Piece>> {
        Ok(self
            .pieces_of(voucher)?
            .filter(|piece| piece.state.is_live()))
    }

    /// The lineage of a piece from the root down to the piece itself.
    pub fn lineage(&self, id: PieceId) -> Result<Vec<&Piece>> {
        let mut chain = vec![self.piece(id)?];
        while let Some(parent) = chain.last().and_then(|piece| piece.parent) {
            if chain.len() > self.pieces.len() {
                return Err(FinanceError::InconsistentEvent(format!(
                    "{id} has a cyclic lineage"
                )));
            }
            chain.push(self.piece(parent)?);
        }
        chain.reverse();
        Ok(chain)
    }

    /// The parties money passes through to reach the payee of a piece under gradual clearing
    /// (逐级清算): the issuer, then every holder along the lineage in order, then the pledgee
    /// of a pledged piece. Consecutive repeats (a holder keeping a remainder) appear once.
    pub fn payment_path(&self, id: PieceId) -> Result<Vec<Bid>> {
        let lineage = self.lineage(id)?;
        let first = lineage.first().ok_or(FinanceError::UnknownPiece(id))?;
        let issuer = &self.voucher_of(first)?.issuer;

        let mut path: Vec<Bid> = vec![issuer.clone()];
        let mut push = |party: &Bid| {
            if path.last() != Some(party) {
                path.push(party.clone());
            }
        };
        for piece in &lineage {
            piece.previous_holders.iter().for_each(&mut push);
            push(&piece.holder);
        }
        if let Some(piece) = lineage.last() {
            push(piece.payee());
        }
        Ok(path)
    }

    /// Checks the book's invariants and returns a description of each violation: for every
    /// voucher that is not cancelled, the faces of its live pieces add up to the issued face
    /// and no piece was paid more than its face.
    pub fn invariant_violations(&self) -> Vec<String> {
        let mut live_face = vec![0_i128; self.vouchers.len()];
        let mut violations = Vec::new();
        for piece in &self.pieces {
            if piece.paid > piece.face {
                violations.push(format!(
                    "{} paid {} of {}",
                    piece.id, piece.paid, piece.face
                ));
            }
            if let (true, Some(total)) = (
                piece.state.is_live(),
                live_face.get_mut(piece.voucher as usize),
            ) {
                *total += i128::from(piece.face.get());
            }
        }
        for (voucher, live) in self.vouchers.iter().zip(live_face) {
            let expected = match voucher.status {
                VoucherStatus::Cancelled => 0,
                _ => i128::from(voucher.face.get()),
            };
            if live != expected {
                violations.push(format!(
                    "voucher {}: live pieces hold {live} fen, issued {expected} fen",
                    voucher.id
                ));
            }
        }
        violations
    }

    pub(super) fn piece_index(&self, id: PieceId) -> Option<usize> {
        let index = usize::try_from(id.0).ok()?.checked_sub(1)?;
        (index < self.pieces.len()).then_some(index)
    }

    /// Appends a piece and records its position under its voucher.
    pub(super) fn push_piece(&mut self, piece: Piece) -> Result<()> {
        let position = u32::try_from(self.pieces.len())
            .map_err(|_| FinanceError::InconsistentEvent("too many pieces".into()))?;
        self.positions
            .get_mut(piece.voucher as usize)
            .ok_or_else(|| FinanceError::InconsistentEvent(format!("{} has no voucher", piece.id)))?
            .push(position);
        self.pieces.push(piece);
        Ok(())
    }

    pub(super) fn piece_mut(&mut self, id: PieceId) -> Result<&mut Piece> {
        let index = self.piece_index(id).ok_or(FinanceError::UnknownPiece(id))?;
        self.pieces
            .get_mut(index)
            .ok_or(FinanceError::UnknownPiece(id))
    }

    pub(super) fn voucher_mut(&mut self, id: &VoucherId) -> Result<&mut Voucher> {
        let index = *self
            .by_number
            .get(id)
            .ok_or_else(|| FinanceError::UnknownVoucher(id.clone()))?;
        self.vouchers
            .get_mut(index as usize)
            .ok_or_else(|| FinanceError::UnknownVoucher(id.clone()))
    }
}

/// True when the piece state is one in which it may be split, transferred or financed.
pub(super) fn is_free(state: &PieceState) -> bool {
    matches!(state, PieceState::Held)
}
