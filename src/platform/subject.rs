//! Which voucher a command concerns: what evidence export gathers for a voucher.

use isf_core::{PieceId, VoucherId};
use isf_finance::voucher::VoucherCommand;

use super::Platform;
use super::command::Command;
use super::error::PlatformError;
use super::event::PlatformEvent;

impl Platform {
    /// The voucher `command` (which caused `events`) concerns, or `None` for platform-wide
    /// commands such as admissions and revocations.
    pub fn voucher_concerned(
        &self,
        command: &Command,
        events: &[PlatformEvent],
    ) -> Result<Option<VoucherId>, PlatformError> {
        let voucher = match command {
            Command::AdmitParty(_) | Command::RevokeCredentials(_) => return Ok(None),
            Command::SubmitCommitment(_) => events.iter().find_map(|event| match event {
                PlatformEvent::CommitmentAccepted(accepted) => Some(accepted.voucher.clone()),
                _ => None,
            }),
            Command::Voucher(voucher) => match voucher {
                VoucherCommand::Issue(terms) => Some(terms.voucher.clone()),
                VoucherCommand::Void { voucher } | VoucherCommand::Mature { voucher } => {
                    Some(voucher.clone())
                }
                VoucherCommand::Sign { piece }
                | VoucherCommand::Reject { piece }
                | VoucherCommand::Split { piece, .. }
                | VoucherCommand::ExpireOffer { piece }
                | VoucherCommand::LockForFinancing { piece, .. }
                | VoucherCommand::Unlock { piece }
                | VoucherCommand::Assign { piece }
                | VoucherCommand::Pledge { piece }
                | VoucherCommand::ReleasePledge { piece }
                | VoucherCommand::RecordPayment { piece, .. } => Some(self.voucher_of(*piece)?),
            },
            Command::ApplyFinancing { piece, .. } => Some(self.voucher_of(*piece)?),
            Command::Fund { application, .. } | Command::WithdrawFinancing { application } => {
                let piece = self
                    .state
                    .applications
                    .get(application)
                    .map(|application| application.piece)
                    .ok_or_else(|| PlatformError::UnknownApplication(application.clone()))?;
                Some(self.voucher_of(piece)?)
            }
            Command::StartClearing { voucher, .. }
            | Command::AdvanceClearing { voucher, .. }
            | Command::ReportLeg { voucher, .. }
            | Command::AdjustLeg { voucher, .. } => Some(voucher.clone()),
        };
        Ok(voucher)
    }

    fn voucher_of(&self, piece: PieceId) -> Result<VoucherId, PlatformError> {
        let piece = self.state.book.piece(piece)?;
        Ok(self.state.book.voucher_of(piece)?.id.clone())
    }
}
