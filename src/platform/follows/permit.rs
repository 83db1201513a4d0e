//! Whether the actor could give a voucher command on the voucher or piece as the entries
//! before it left them: the platform's own refusals (a voucher number issued twice, an issue or
//! a financing to oneself, a void once the payee signed, maturing a voucher that is no longer
//! outstanding), checked again without its book.

use isf_core::{PieceId, VoucherId};
use isf_finance::voucher::{IssueVoucher, PieceState, SplitPart, VoucherCommand, VoucherStatus};

use super::{Check, Prior, PriorPiece};
use crate::platform::commitment::check_issue;

impl<P: Prior> Check<'_, P> {
    /// The actor may give this voucher command on the piece or voucher as it stood.
    pub(super) fn may_act_on(&self, command: &VoucherCommand) -> Result<(), String> {
        match command {
            VoucherCommand::Issue(terms) => self.may_issue(terms),
            VoucherCommand::Sign { piece } | VoucherCommand::Reject { piece } => {
                let signing = matches!(command, VoucherCommand::Sign { .. });
                match self.outstanding(*piece)?.state {
                    PieceState::PendingSign {
                        recipient,
                        deadline,
                    } if recipient == self.actor && !(signing && self.date > *deadline) => Ok(()),
                    _ => Err(format!("{piece} was not on offer to {}", self.actor)),
                }
            }
            VoucherCommand::ExpireOffer { piece } => {
                self.by_operator("expire offers")?;
                match self.outstanding(*piece)?.state {
                    PieceState::PendingSign { deadline, .. } if self.date > *deadline => Ok(()),
                    _ => Err(format!("{piece} had no offer past its deadline")),
                }
            }
            VoucherCommand::Split { piece, parts } => self.may_split(*piece, parts),
            VoucherCommand::Void { voucher } => self.may_void(voucher),
            VoucherCommand::Mature { voucher } => self.may_mature(voucher),
            VoucherCommand::ReleasePledge { piece } => match self.outstanding(*piece)?.state {
                PieceState::Pledged { pledgee, .. } if pledgee == self.actor => Ok(()),
                _ => Err(format!("{piece} is not pledged to {}", self.actor)),
            },
            VoucherCommand::LockForFinancing { .. }
            | VoucherCommand::Unlock { .. }
            | VoucherCommand::Assign { .. }
            | VoucherCommand::Pledge { .. }
            | VoucherCommand::RecordPayment { .. } => {
                Err("pieces are locked, funded and paid only through financing and clearing".into())
            }
        }
    }

    /// A voucher number is issued once, to someone other than its issuer, on a commitment
    /// accepted earlier with the issue's very terms. A second issue of a number would give
    /// one voucher two roots and two faces to clear.
    fn may_issue(&self, terms: &IssueVoucher) -> Result<(), String> {
        let voucher = &terms.voucher;
        if self.prior.root(voucher).is_some() {
            return Err(format!("voucher {voucher} was issued before"));
        }
        if &terms.payee == self.actor {
            return Err(format!("{} issues voucher {voucher} to itself", self.actor));
        }

        let commitment = self
            .prior
            .commitment(&terms.commitment)
            .ok_or_else(|| format!("commitment {} was never accepted", terms.commitment))?;
        check_issue(self.actor, terms, commitment).map_err(|error| error.to_string())
    }

    /// The holder of a piece held free splits it into parts, none empty, none to itself.
    fn may_split(&self, piece: PieceId, parts: &[SplitPart]) -> Result<(), String> {
        if parts.is_empty() {
            return Err(format!("the split of {piece} names no parts"));
        }
        let wrong = parts
            .iter()
            .find(|part| part.amount.is_zero() || &part.to == self.actor);
        if let Some(part) = wrong {
            return Err(format!(
                "the split of {piece} gives {} to {}",
                part.amount, part.to
            ));
        }
        self.holds(piece, "split")
    }

    /// Only the issuer voids, and only while nobody has taken the voucher: it is outstanding
    /// and its root still waits for the payee's sign-receipt. Once signed for, matured or
    /// paid, the voucher is the payee's claim, not the issuer's to withdraw.
    fn may_void(&self, voucher: &VoucherId) -> Result<(), String> {
        let root = self.issued(voucher, "voided")?;
        if root.issuer != self.actor {
            return Err(format!(
                "{} voids voucher {voucher}, not its issuer",
                self.actor
            ));
        }
        let unsigned = matches!(root.state, PieceState::PendingSign { .. });
        if root.status != VoucherStatus::Outstanding || !unsigned {
            return Err(format!(
                "voucher {voucher} is voided when {} with its root {}",
                root.status.name(),
                root.state.name()
            ));
        }
        Ok(())
    }

    /// The operator matures an outstanding voucher on or after its due date; a cancelled
    /// voucher owes nothing and a matured one matures once.
    fn may_mature(&self, voucher: &VoucherId) -> Result<(), String> {
        self.by_operator("mature vouchers")?;
        let root = self.issued(voucher, "matured")?;
        if root.status != VoucherStatus::Outstanding {
            return Err(format!(
                "voucher {voucher} is matured when {}",
                root.status.name()
            ));
        }
        if self.date < root.due_date {
            return Err(format!(
                "voucher {voucher} is matured before it is due on {}",
                root.due_date
            ));
        }
        Ok(())
    }

    /// The root of a voucher an earlier entry issued.
    pub(super) fn issued(&self, voucher: &VoucherId, done: &str) -> Result<PriorPiece<'_>, String> {
        self.prior
            .root(voucher)
            .ok_or_else(|| format!("voucher {voucher} is {done} but never issued"))
    }
}
