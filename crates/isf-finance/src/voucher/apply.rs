//! Folding events into the book. Applying checks that each event fits the state it lands on,
//! so a corrupt or foreign journal is reported instead of silently rebuilding a wrong book.

use isf_core::{Bid, BizDate, Fen, PieceId, VoucherId};

use super::book::{Voucher, VoucherBook, VoucherStatus};
use super::event::{NewPiece, VoucherEvent};
use super::piece::{Piece, PieceState};
use crate::error::{FinanceError, Result};

impl VoucherBook {
    /// Applies one event. Events come from [`VoucherBook::decide`] or from a journal.
    pub fn apply(&mut self, event: &VoucherEvent) -> Result<()> {
        match event {
            VoucherEvent::Issued { .. } => self.apply_issued(event),
            VoucherEvent::Signed { piece, holder } => {
                let piece = self.piece_mut(*piece)?;
                expect_pending(piece)?;
                piece.holder = holder.clone();
                piece.state = PieceState::Held;
                Ok(())
            }
            VoucherEvent::OfferEnded { piece, .. } => self.apply_offer_ended(*piece),
            VoucherEvent::Split {
                parent,
                children,
                on,
            } => self.apply_split(*parent, children, *on),
            VoucherEvent::Voided { voucher } => {
                let root = self.voucher(voucher)?.root;
                self.expect_status(voucher, VoucherStatus::Outstanding)?;
                expect_pending(self.piece(root)?)?;
                self.voucher_mut(voucher)?.status = VoucherStatus::Cancelled;
                self.piece_mut(root)?.state = PieceState::Cancelled;
                Ok(())
            }
            VoucherEvent::Locked {
                piece,
                application,
                funder,
            } => {
                let piece = self.piece_mut(*piece)?;
                expect_state(piece, matches!(piece.state, PieceState::Held), "locked")?;
                piece.state = PieceState::Locked {
                    application: application.clone(),
                    funder: funder.clone(),
                };
                Ok(())
            }
            VoucherEvent::Unlocked { piece } => {
                let piece = self.piece_mut(*piece)?;
                let locked = matches!(piece.state, PieceState::Locked { .. });
                expect_state(piece, locked, "unlocked")?;
                piece.state = PieceState::Held;
                Ok(())
            }
            VoucherEvent::PledgeReleased { piece } => {
                let piece = self.piece_mut(*piece)?;
                let pledged = matches!(piece.state, PieceState::Pledged { .. });
                expect_state(piece, pledged, "released from a pledge")?;
                piece.state = PieceState::Held;
                Ok(())
            }
            VoucherEvent::Assigned { piece, funder } => self.apply_assigned(*piece, funder),
            VoucherEvent::Pledged { piece, pledgee } => self.apply_pledged(*piece, pledgee),
            VoucherEvent::Matured { voucher, .. } => {
                self.expect_status(voucher, VoucherStatus::Outstanding)?;
                self.voucher_mut(voucher)?.status = VoucherStatus::Matured;
                Ok(())
            }
            VoucherEvent::Paid { piece, amount } => self.apply_paid(*piece, *amount),
        }
    }

    fn apply_issued(&mut self, event: &VoucherEvent) -> Result<()> {
        let VoucherEvent::Issued {
            voucher,
            issuer,
            payee,
            face,
            issue_date,
            committed_date,
            due_date,
            commitment,
            contracts,
            invoices,
            root,
            sign_deadline,
        } = event
        else {
            return Err(FinanceError::InconsistentEvent("not an issue event".into()));
        };
        self.expect_next_id(*root)?;
        if self.by_number.contains_key(voucher) {
            return Err(FinanceError::DuplicateVoucher(voucher.clone()));
        }

        let index = u32::try_from(self.vouchers.len())
            .map_err(|_| FinanceError::InconsistentEvent("too many vouchers".into()))?;
        self.by_number.insert(voucher.clone(), index);
        self.vouchers.push(Voucher {
            id: voucher.clone(),
            issuer: issuer.clone(),
            payee: payee.clone(),
            face: *face,
            issue_date: *issue_date,
            committed_date: *committed_date,
            due_date: *due_date,
            commitment: *commitment,
            contracts: contracts.clone(),
            invoices: invoices.clone(),
            root: *root,
            status: VoucherStatus::Outstanding,
        });
        self.positions.push(Vec::new());
        self.push_piece(Piece {
            id: *root,
            voucher: index,
            parent: None,
            depth: 0,
            face: *face,
            paid: Fen::ZERO,
            holder: issuer.clone(),
            previous_holders: Vec::new(),
            state: PieceState::PendingSign {
                recipient: payee.clone(),
                deadline: *sign_deadline,
            },
            created_on: *issue_date,
        })
    }

    fn apply_offer_ended(&mut self, id: PieceId) -> Result<()> {
        let piece = self.piece_mut(id)?;
        expect_pending(piece)?;
        if piece.parent.is_some() {
            piece.state = PieceState::Held;
            return Ok(());
        }

        piece.state = PieceState::Cancelled;
        let index = piece.voucher as usize;
        let voucher = self
            .vouchers
            .get_mut(index)
            .ok_or_else(|| FinanceError::InconsistentEvent(format!("{id} has no voucher")))?;
        voucher.status = VoucherStatus::Cancelled;
        Ok(())
    }

    fn apply_split(
        &mut self,
        parent_id: PieceId,
        children: &[NewPiece],
        on: BizDate,
    ) -> Result<()> {
        let parent = self.piece(parent_id)?;
        let total = Fen::sum(children.iter().map(|child| child.face))?;
        if parent.state != PieceState::Held || total != parent.face {
            return Err(FinanceError::InconsistentEvent(format!(
                "split of {parent_id} does not fit the piece"
            )));
        }
        let (voucher, depth, holder) = (parent.voucher, parent.depth, parent.holder.clone());

        self.pieces.reserve(children.len());
        for child in children {
            self.expect_next_id(child.id)?;
            let (state, child_depth) = match &child.recipient {
                Some(recipient) => (
                    PieceState::PendingSign {
                        recipient: recipient.clone(),
                        deadline: child.deadline,
                    },
                    depth + 1,
                ),
                None => (PieceState::Held, depth),
            };
            self.push_piece(Piece {
                id: child.id,
                voucher,
                parent: Some(parent_id),
                depth: child_depth,
                face: child.face,
                paid: Fen::ZERO,
                holder: holder.clone(),
                previous_holders: Vec::new(),
                state,
                created_on: on,
            })?;
        }
        self.piece_mut(parent_id)?.state = PieceState::Split;
        Ok(())
    }

    fn apply_assigned(&mut self, id: PieceId, funder: &Bid) -> Result<()> {
        let piece = self.piece_mut(id)?;
        let locked = matches!(piece.state, PieceState::Locked { .. });
        expect_state(piece, locked, "assigned")?;
        let previous = std::mem::replace(&mut piece.holder, funder.clone());
        piece.previous_holders.push(previous);
        piece.state = PieceState::Held;
        Ok(())
    }

    fn apply_pledged(&mut self, id: PieceId, pledgee: &Bid) -> Result<()> {
        let piece = self.piece_mut(id)?;
        let application = match &piece.state {
            PieceState::Locked { application, .. } => application.clone(),
            _ => {
                return Err(FinanceError::InconsistentEvent(format!(
                    "{id} was not locked"
                )));
            }
        };
        piece.state = PieceState::Pledged {
            application,
            pledgee: pledgee.clone(),
        };
        Ok(())
    }

    fn apply_paid(&mut self, id: PieceId, amount: Fen) -> Result<()> {
        let piece = self.piece(id)?;
        let matured = self.voucher_of(piece)?.status == VoucherStatus::Matured;
        expect_state(piece, matured && piece.state.is_live(), "paid")?;

        let piece = self.piece_mut(id)?;
        let paid = piece.paid.checked_add(amount)?;
        if paid > piece.face {
            return Err(FinanceError::Overpayment {
                piece: id,
                amount,
                outstanding: piece.outstanding(),
            });
        }
        piece.paid = paid;
        Ok(())
    }

    fn expect_status(&self, id: &VoucherId, status: VoucherStatus) -> Result<()> {
        let found = self.voucher(id)?.status;
        if found != status {
            return Err(FinanceError::InconsistentEvent(format!(
                "voucher {id} is {found:?}, not {status:?}"
            )));
        }
        Ok(())
    }

    fn expect_next_id(&self, id: PieceId) -> Result<()> {
        if id != self.next_piece_id() {
            return Err(FinanceError::InconsistentEvent(format!(
                "piece {id} created out of order; expected {}",
                self.next_piece_id()
            )));
        }
        Ok(())
    }
}

/// Refuses an event that finds `piece` in a state it cannot have come from.
fn expect_state(piece: &Piece, fits: bool, what: &str) -> Result<()> {
    if fits {
        return Ok(());
    }
    Err(FinanceError::InconsistentEvent(format!(
        "{} cannot be {what} while {}",
        piece.id,
        piece.state.name()
    )))
}

fn expect_pending(piece: &Piece) -> Result<()> {
    match piece.state {
        PieceState::PendingSign { .. } => Ok(()),
        _ => Err(FinanceError::InconsistentEvent(format!(
            "{} is not waiting for a sign-receipt",
            piece.id
        ))),
    }
}
