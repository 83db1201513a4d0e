//! Which journal stream a command's entry belongs to.
//!
//! Everything that happens to one voucher — its payment commitment, issue, transfers,
//! financing and clearing — shares the voucher's stream, so two writers deciding on the same
//! voucher at once conflict on its version and only one wins.

use isf_core::PieceId;
use isf_finance::voucher::VoucherCommand;

use super::Platform;
use super::command::Command;
use super::error::PlatformError;
use super::event::PlatformEvent;
use super::journal::{PARTIES_STREAM, voucher_stream};

impl Platform {
    pub(super) fn stream_of(
        &self,
        command: &Command,
        events: &[PlatformEvent],
    ) -> Result<String, PlatformError> {
        let voucher = match command {
            Command::AdmitParty(_) | Command::RevokeCredentials(_) => {
                return Ok(PARTIES_STREAM.to_owned());
            }
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
        voucher
            .map(|voucher| voucher_stream(&voucher))
            .ok_or_else(|| PlatformError::Encoding("command names no voucher".to_owned()))
    }

    fn voucher_of(&self, piece: PieceId) -> Result<isf_core::VoucherId, PlatformError> {
        let piece = self.state.book.piece(piece)?;
        Ok(self.state.book.voucher_of(piece)?.id.clone())
    }
}
