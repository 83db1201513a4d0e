//! Whether a clearing entry follows from the past: a plan that is the one the voucher's own
//! pieces give for the signed command's run, started only once the previous run is done, and
//! steps its state machine allows.

use isf_core::VoucherId;
use isf_finance::voucher::VoucherStatus;
use isf_settlement::{ClearingPlan, ClearingState};

use super::{Check, Prior, exactly, same, unexpected};
use crate::platform::apply::advance_clearing;
use crate::platform::event::PlatformEvent;

impl<P: Prior> Check<'_, P> {
    /// A plan holds together, clears a matured voucher, is paid by its issuer on its due
    /// date, numbers its instructions for the command's run, is the plan the voucher's own
    /// pieces give, and starts only once the voucher's previous run is done.
    pub(super) fn plan(&self, plan: &ClearingPlan, run: &str) -> Result<(), String> {
        plan.check_consistency()
            .map_err(|error| error.to_string())?;
        let voucher = &plan.voucher;
        let root = self.issued(voucher, "cleared")?;
        if root.status != VoucherStatus::Matured {
            return Err(format!(
                "voucher {voucher} is cleared when {}, not matured",
                root.status.name()
            ));
        }
        same("paying issuer", &plan.payer, root.issuer)?;
        same("clearing due date", &plan.due_date, &root.due_date)?;

        numbered_for(plan, run)?;
        let reused = plan
            .instructions
            .iter()
            .find(|leg| self.prior.instruction_used(&leg.request_no));
        if let Some(leg) = reused {
            return Err(format!(
                "instruction request number {} was used by an earlier clearing",
                leg.request_no
            ));
        }
        let unfinished = self.prior.clearing_run(voucher);
        if unfinished.is_some_and(|run| run.state() != ClearingState::Done) {
            return Err(format!(
                "a second clearing of voucher {voucher} starts before the first is done"
            ));
        }
        self.prior.check_plan_pieces(plan, run)
    }

    /// A clearing step by the operator records itself and, when it finishes the run, the
    /// payments of the voucher's plan; the run must allow the step.
    pub(super) fn clearing_step(
        &self,
        step: PlatformEvent,
        voucher: &VoucherId,
    ) -> Result<(), String> {
        self.by_operator("step a clearing")?;
        let events = self.events;
        let (first, payments) = events
            .split_first()
            .ok_or_else(|| unexpected(events, "a clearing step"))?;
        exactly(std::slice::from_ref(first), &[step])?;

        let mut run = self
            .prior
            .clearing_run(voucher)
            .ok_or_else(|| format!("it steps the clearing of voucher {voucher}, never planned"))?
            .clone();
        let was_done = run.state() == ClearingState::Done;
        advance_clearing(&mut run, first)
            .map_err(|error| format!("the clearing run refuses the step: {error}"))?;
        let finished = !was_done && run.state() == ClearingState::Done;

        let planned: Vec<PlatformEvent> = if finished {
            PlatformEvent::payments_of(run.plan()).collect()
        } else {
            Vec::new()
        };
        exactly(payments, &planned)
    }
}

/// The instructions' request numbers are those of the run the operator signed for: the banks
/// deduplicate payments by them, so a plan numbered for another run could pay twice.
fn numbered_for(plan: &ClearingPlan, run: &str) -> Result<(), String> {
    match plan.run_id() {
        Some(numbered) if numbered != run => Err(format!(
            "the plan numbers its instructions for run {numbered} where the command starts run {run}"
        )),
        _ => Ok(()),
    }
}
