//! Applying recorded events to the platform state.

use isf_finance::financing::ApplicationStatus;
use isf_settlement::{ClearingRun, SettlementError};

use super::State;
use super::command::{ClearingStep, FundingMode, LegReport};
use super::error::PlatformError;
use super::event::PlatformEvent;

impl State {
    pub(crate) fn apply(&mut self, event: &PlatformEvent) -> Result<(), PlatformError> {
        match event {
            PlatformEvent::PartyAdmitted {
                party,
                name,
                admission,
            } => super::party::admit(&mut self.parties, party, name, admission),
            PlatformEvent::CredentialsRevoked { revoked, as_of } => {
                self.revoked = revoked.iter().cloned().collect();
                self.revocations_as_of = Some(*as_of);
            }
            PlatformEvent::CommitmentAccepted(commitment) => {
                self.commitments.insert(commitment.id, commitment.clone());
            }
            PlatformEvent::Voucher(voucher) => self.book.apply(voucher)?,
            PlatformEvent::FinancingApplied(application) => {
                self.applications
                    .insert(application.number.clone(), application.clone());
            }
            PlatformEvent::FinancingFunded { application, mode } => {
                let status = match mode {
                    FundingMode::Assignment => ApplicationStatus::FundedByAssignment,
                    FundingMode::Pledge => ApplicationStatus::FundedByPledge,
                };
                self.set_status(application, status)?;
            }
            PlatformEvent::FinancingWithdrawn { application, .. } => {
                self.set_status(application, ApplicationStatus::Withdrawn)?;
            }
            PlatformEvent::ClearingPlanned(plan) => {
                let requests = plan.instructions.iter().map(|leg| leg.request_no.clone());
                self.instruction_requests.extend(requests);
                self.clearings
                    .entry(plan.voucher.clone())
                    .or_default()
                    .push(ClearingRun::new(plan.clone()));
            }
            PlatformEvent::ClearingAdvanced { voucher, .. }
            | PlatformEvent::LegReported { voucher, .. }
            | PlatformEvent::LegAdjusted { voucher, .. } => {
                advance_clearing(self.run_mut(voucher)?, event)?;
            }
        }
        Ok(())
    }

    fn set_status(&mut self, number: &str, status: ApplicationStatus) -> Result<(), PlatformError> {
        let application = self
            .applications
            .get_mut(number)
            .ok_or_else(|| PlatformError::UnknownApplication(number.to_owned()))?;
        application.status = status;
        Ok(())
    }

    fn run_mut(
        &mut self,
        voucher: &isf_core::VoucherId,
    ) -> Result<&mut ClearingRun, PlatformError> {
        self.clearings
            .get_mut(voucher)
            .and_then(|runs| runs.last_mut())
            .ok_or_else(|| PlatformError::NoClearing(voucher.clone()))
    }
}

/// Moves `run` on by the clearing step that `event` records; any other event leaves it as it
/// is.
pub(crate) fn advance_clearing(
    run: &mut ClearingRun,
    event: &PlatformEvent,
) -> Result<(), SettlementError> {
    match event {
        PlatformEvent::ClearingAdvanced { step, .. } => match step {
            ClearingStep::Apply => run.apply(),
            ClearingStep::Start => run.start(),
            ClearingStep::Execute => run.execute(),
        },
        PlatformEvent::LegReported { seq, report, .. } => {
            let outcome = match report {
                LegReport::Paid => Ok(()),
                LegReport::Failed { reason } => Err(reason.clone()),
            };
            run.record(*seq, outcome)
        }
        PlatformEvent::LegAdjusted { seq, .. } => run.adjust(*seq),
        _ => Ok(()),
    }
}
