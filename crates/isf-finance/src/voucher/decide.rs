//! Checking commands against the book. Nothing here changes state: a command either yields the
//! events it causes or an error that says why it was refused.

use isf_core::{Bid, BizDate, Fen, HolidayCalendar, PieceId, VoucherId};

use super::book::{VoucherBook, VoucherStatus, is_free};
use super::command::{IssueVoucher, SplitPart, VoucherCommand};
use super::event::{NewPiece, VoucherEvent};
use super::piece::{Piece, PieceState};
use crate::error::{FinanceError, Result};

const MAX_APPLICATION_LEN: usize = 64;

impl VoucherBook {
    /// The events `command` by `actor` would cause on business date `today`, or why it is
    /// refused. The calendar adjusts committed payment dates to business days.
    pub fn decide(
        &self,
        actor: &Bid,
        command: &VoucherCommand,
        today: BizDate,
        calendar: &HolidayCalendar,
    ) -> Result<VoucherEvent> {
        match command {
            VoucherCommand::Issue(terms) => self.decide_issue(actor, terms, today, calendar),
            VoucherCommand::Sign { piece } => self.decide_sign(actor, *piece, today),
            VoucherCommand::Reject { piece } => self.decide_reject(actor, *piece),
            VoucherCommand::ExpireOffer { piece } => self.decide_expire(*piece, today),
            VoucherCommand::Split { piece, parts } => {
                self.decide_split(actor, *piece, parts, today)
            }
            VoucherCommand::Void { voucher } => self.decide_void(actor, voucher),
            VoucherCommand::LockForFinancing {
                piece,
                application,
                funder,
            } => self.decide_lock(actor, *piece, application, funder),
            VoucherCommand::Unlock { piece } => self.decide_unlock(actor, *piece),
            VoucherCommand::Assign { piece } => self.decide_take(actor, *piece, false),
            VoucherCommand::Pledge { piece } => self.decide_take(actor, *piece, true),
            VoucherCommand::ReleasePledge { piece } => self.decide_release(actor, *piece),
            VoucherCommand::Mature { voucher } => self.decide_mature(voucher, today),
            VoucherCommand::RecordPayment { piece, amount } => self.decide_payment(*piece, *amount),
        }
    }

    /// Decides `command` and applies the event it causes. On error nothing changes.
    pub fn execute(
        &mut self,
        actor: &Bid,
        command: &VoucherCommand,
        today: BizDate,
        calendar: &HolidayCalendar,
    ) -> Result<VoucherEvent> {
        let event = self.decide(actor, command, today, calendar)?;
        self.apply(&event)?;
        Ok(event)
    }

    fn decide_issue(
        &self,
        actor: &Bid,
        terms: &IssueVoucher,
        today: BizDate,
        calendar: &HolidayCalendar,
    ) -> Result<VoucherEvent> {
        if self.by_number.contains_key(&terms.voucher) {
            return Err(FinanceError::DuplicateVoucher(terms.voucher.clone()));
        }
        if terms.face.is_zero() {
            return Err(FinanceError::ZeroAmount {
                what: "face amount",
            });
        }
        if &terms.payee == actor {
            return Err(FinanceError::TransferToSelf(actor.clone()));
        }

        let term_days = today.days_until(terms.committed_date);
        let bad_term = |reason| FinanceError::InvalidTerm {
            committed: terms.committed_date,
            reason,
        };
        if term_days < 1 {
            return Err(bad_term("must be after the issue date"));
        }
        if term_days > self.rules.max_term_days {
            return Err(bad_term("is beyond the product's maximum term"));
        }

        let due_date = calendar.adjust(terms.committed_date, terms.convention)?;
        if due_date <= today {
            // Preceding can roll a holiday back onto or before the issue date.
            return Err(bad_term("falls on or before the issue date once adjusted"));
        }
        let sign_deadline = today.add_days(self.rules.sign_window_days)?;
        Ok(VoucherEvent::Issued {
            voucher: terms.voucher.clone(),
            issuer: actor.clone(),
            payee: terms.payee.clone(),
            face: terms.face,
            issue_date: today,
            committed_date: terms.committed_date,
            due_date,
            commitment: terms.commitment,
            contracts: terms.contracts.clone(),
            invoices: terms.invoices.clone(),
            root: self.next_piece_id(),
            sign_deadline,
        })
    }

    fn decide_sign(&self, actor: &Bid, id: PieceId, today: BizDate) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        let deadline = self.offer_to(actor, piece, "sign for")?;
        self.require_outstanding(piece, "sign for")?;
        if today > deadline {
            return Err(FinanceError::SignWindowClosed {
                piece: id,
                deadline,
            });
        }
        Ok(VoucherEvent::Signed {
            piece: id,
            holder: actor.clone(),
        })
    }

    fn decide_reject(&self, actor: &Bid, id: PieceId) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        self.offer_to(actor, piece, "reject")?;
        self.require_outstanding(piece, "reject")?;
        Ok(VoucherEvent::OfferEnded {
            piece: id,
            rejected: true,
        })
    }

    fn decide_expire(&self, id: PieceId, today: BizDate) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        let PieceState::PendingSign { deadline, .. } = &piece.state else {
            return Err(illegal("expire the offer of", piece));
        };
        self.require_outstanding(piece, "expire the offer of")?;
        if today <= *deadline {
            return Err(FinanceError::SignWindowOpen {
                piece: id,
                deadline: *deadline,
            });
        }
        Ok(VoucherEvent::OfferEnded {
            piece: id,
            rejected: false,
        })
    }

    fn decide_split(
        &self,
        actor: &Bid,
        id: PieceId,
        parts: &[SplitPart],
        today: BizDate,
    ) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        self.require_holder(actor, piece, "split")?;
        self.require_outstanding(piece, "split")?;
        if !is_free(&piece.state) {
            return Err(illegal("split", piece));
        }
        if parts.is_empty() {
            return Err(FinanceError::EmptySplit(id));
        }

        let requested = self.check_parts(actor, piece, parts)?;
        let remainder =
            piece
                .face
                .checked_sub(requested)
                .map_err(|_| FinanceError::SplitExceedsPiece {
                    piece: id,
                    requested,
                    available: piece.face,
                })?;
        if !remainder.is_zero() {
            self.check_minimum(piece, remainder)?;
        }

        let count = parts.len() + usize::from(!remainder.is_zero());
        if count > self.rules.max_children as usize {
            return Err(FinanceError::TooManyChildren {
                count,
                max: self.rules.max_children,
            });
        }

        let deadline = today.add_days(self.rules.sign_window_days)?;
        let mut next = self.next_piece_id().0;
        let mut children = Vec::with_capacity(count);
        for part in parts {
            children.push(NewPiece {
                id: PieceId(next),
                face: part.amount,
                recipient: Some(part.to.clone()),
                deadline,
            });
            next += 1;
        }
        if !remainder.is_zero() {
            children.push(NewPiece {
                id: PieceId(next),
                face: remainder,
                recipient: None,
                deadline: today,
            });
        }
        Ok(VoucherEvent::Split {
            parent: id,
            children,
            on: today,
        })
    }

    /// Checks every part of a split and returns their sum.
    fn check_parts(&self, actor: &Bid, piece: &Piece, parts: &[SplitPart]) -> Result<Fen> {
        let depth = piece.depth + 1;
        if depth > self.rules.max_depth {
            return Err(FinanceError::TooDeep {
                depth,
                max: self.rules.max_depth,
            });
        }

        let mut total = Fen::ZERO;
        for part in parts {
            if &part.to == actor {
                return Err(FinanceError::TransferToSelf(actor.clone()));
            }
            if part.amount.is_zero() {
                return Err(FinanceError::ZeroAmount { what: "split part" });
            }
            self.check_minimum(piece, part.amount)?;
            total = total.checked_add(part.amount)?;
        }
        Ok(total)
    }

    /// Refuses a new piece below the product minimum or the minimum share of the issued face.
    fn check_minimum(&self, piece: &Piece, amount: Fen) -> Result<()> {
        let issued = self.voucher_of(piece)?.face;
        let share = i128::from(issued.get()) * i128::from(self.rules.min_share_ppm);
        let share_floor = (share + 999_999) / 1_000_000;
        let minimum = i64::try_from(share_floor)
            .ok()
            .and_then(|fen| Fen::new(fen).ok())
            .unwrap_or(Fen::MAX)
            .max(self.rules.min_split);
        if amount < minimum {
            return Err(FinanceError::BelowMinimum { amount, minimum });
        }
        Ok(())
    }

    fn decide_void(&self, actor: &Bid, id: &VoucherId) -> Result<VoucherEvent> {
        let voucher = self.voucher(id)?;
        if &voucher.issuer != actor {
            return Err(FinanceError::NotPermitted {
                actor: actor.clone(),
                action: "void",
                subject: id.to_string(),
                reason: "only the issuer may void a voucher",
            });
        }
        let root = self.piece(voucher.root)?;
        let unsigned = matches!(root.state, PieceState::PendingSign { .. });
        if voucher.status != VoucherStatus::Outstanding || !unsigned {
            return Err(FinanceError::IllegalState {
                action: "void",
                subject: id.to_string(),
                state: "signed for by its payee",
            });
        }
        Ok(VoucherEvent::Voided {
            voucher: id.clone(),
        })
    }

    fn decide_lock(
        &self,
        actor: &Bid,
        id: PieceId,
        application: &str,
        funder: &Bid,
    ) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        self.require_holder(actor, piece, "finance")?;
        self.require_outstanding(piece, "finance")?;
        if !is_free(&piece.state) {
            return Err(illegal("finance", piece));
        }
        if funder == actor {
            return Err(FinanceError::TransferToSelf(actor.clone()));
        }
        if application.is_empty() || application.len() > MAX_APPLICATION_LEN {
            return Err(FinanceError::InvalidApplication(application.to_owned()));
        }
        Ok(VoucherEvent::Locked {
            piece: id,
            application: application.to_owned(),
            funder: funder.clone(),
        })
    }

    fn decide_unlock(&self, actor: &Bid, id: PieceId) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        let PieceState::Locked { funder, .. } = &piece.state else {
            return Err(illegal("unlock", piece));
        };
        if actor != funder && actor != &piece.holder {
            return Err(not_permitted(
                actor,
                "unlock",
                piece,
                "only the holder or the funder",
            ));
        }
        self.require_outstanding(piece, "unlock")?;
        Ok(VoucherEvent::Unlocked { piece: id })
    }

    fn decide_take(&self, actor: &Bid, id: PieceId, pledge: bool) -> Result<VoucherEvent> {
        let action = if pledge {
            "take as pledge"
        } else {
            "take by assignment"
        };
        let piece = self.piece(id)?;
        let PieceState::Locked { funder, .. } = &piece.state else {
            return Err(illegal(action, piece));
        };
        if actor != funder {
            return Err(not_permitted(
                actor,
                action,
                piece,
                "only the applied-to funder",
            ));
        }
        self.require_outstanding(piece, action)?;
        Ok(if pledge {
            VoucherEvent::Pledged {
                piece: id,
                pledgee: actor.clone(),
            }
        } else {
            VoucherEvent::Assigned {
                piece: id,
                funder: actor.clone(),
            }
        })
    }

    fn decide_release(&self, actor: &Bid, id: PieceId) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        let PieceState::Pledged { pledgee, .. } = &piece.state else {
            return Err(illegal("release the pledge of", piece));
        };
        if actor != pledgee {
            return Err(not_permitted(actor, "release", piece, "only the pledgee"));
        }
        // At maturity the pledgee is the payee clearing pays; releasing then would move the
        // payment away from it between planning and paying.
        self.require_outstanding(piece, "release the pledge of")?;
        Ok(VoucherEvent::PledgeReleased { piece: id })
    }

    fn decide_mature(&self, id: &VoucherId, today: BizDate) -> Result<VoucherEvent> {
        let voucher = self.voucher(id)?;
        if voucher.status != VoucherStatus::Outstanding {
            return Err(FinanceError::IllegalState {
                action: "mature",
                subject: id.to_string(),
                state: status_name(voucher.status),
            });
        }
        if today < voucher.due_date {
            return Err(FinanceError::NotDue {
                voucher: id.clone(),
                due: voucher.due_date,
            });
        }
        Ok(VoucherEvent::Matured {
            voucher: id.clone(),
            on: today,
        })
    }

    fn decide_payment(&self, id: PieceId, amount: Fen) -> Result<VoucherEvent> {
        let piece = self.piece(id)?;
        let voucher = self.voucher_of(piece)?;
        if voucher.status != VoucherStatus::Matured || !piece.state.is_live() {
            return Err(illegal("record a payment for", piece));
        }
        if amount.is_zero() {
            return Err(FinanceError::ZeroAmount { what: "payment" });
        }
        let outstanding = piece.outstanding();
        if amount > outstanding {
            return Err(FinanceError::Overpayment {
                piece: id,
                amount,
                outstanding,
            });
        }
        Ok(VoucherEvent::Paid { piece: id, amount })
    }

    /// The sign deadline of a piece offered to `actor`, or why it is not theirs to answer.
    fn offer_to(&self, actor: &Bid, piece: &Piece, action: &'static str) -> Result<BizDate> {
        match &piece.state {
            PieceState::PendingSign {
                recipient,
                deadline,
            } if recipient == actor => Ok(*deadline),
            PieceState::PendingSign { .. } => Err(not_permitted(
                actor,
                action,
                piece,
                "only the recipient of the offer",
            )),
            _ => Err(illegal(action, piece)),
        }
    }

    fn require_holder(&self, actor: &Bid, piece: &Piece, action: &'static str) -> Result<()> {
        if &piece.holder != actor {
            return Err(not_permitted(actor, action, piece, "only the holder"));
        }
        Ok(())
    }

    fn require_outstanding(&self, piece: &Piece, action: &'static str) -> Result<()> {
        let voucher = self.voucher_of(piece)?;
        if voucher.status != VoucherStatus::Outstanding {
            return Err(FinanceError::IllegalState {
                action,
                subject: format!("{} of voucher {}", piece.id, voucher.id),
                state: status_name(voucher.status),
            });
        }
        Ok(())
    }
}

fn illegal(action: &'static str, piece: &Piece) -> FinanceError {
    FinanceError::IllegalState {
        action,
        subject: piece.id.to_string(),
        state: piece.state.name(),
    }
}

fn not_permitted(
    actor: &Bid,
    action: &'static str,
    piece: &Piece,
    reason: &'static str,
) -> FinanceError {
    FinanceError::NotPermitted {
        actor: actor.clone(),
        action,
        subject: piece.id.to_string(),
        reason,
    }
}

fn status_name(status: VoucherStatus) -> &'static str {
    match status {
        VoucherStatus::Outstanding => "outstanding",
        VoucherStatus::Matured => "matured",
        VoucherStatus::Cancelled => "cancelled",
    }
}
