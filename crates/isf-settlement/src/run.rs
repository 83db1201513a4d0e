//! The clearing state machine of the ISF settlement service, driven leg by leg.
//!
//! ```text
//! on chain (业务上链) → applied (申请清结算) → started (开始清结算) → executing (执行清结算)
//! executing → done (清结算完成)                     when every leg is paid
//! executing → pending adjustment (待调账) → done     when a leg failed and was adjusted (调账)
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Result, SettlementError};
use crate::plan::{ClearingPlan, Instruction};

/// Where a clearing run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClearingState {
    /// 业务上链: the business is registered on chain.
    OnChain,
    /// 申请清结算: clearing was applied for.
    Applied,
    /// 开始清结算: clearing was started.
    Started,
    /// 执行清结算: the legs are being paid.
    Executing,
    /// 待调账: a leg failed and waits for manual adjustment.
    PendingAdjustment,
    /// 清结算完成: every leg is paid or adjusted.
    Done,
}

impl ClearingState {
    /// A short English name for messages.
    pub fn name(self) -> &'static str {
        match self {
            ClearingState::OnChain => "on chain",
            ClearingState::Applied => "applied",
            ClearingState::Started => "started",
            ClearingState::Executing => "executing",
            ClearingState::PendingAdjustment => "pending adjustment",
            ClearingState::Done => "done",
        }
    }
}

/// The outcome of one settlement instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LegStatus {
    /// Not yet reported.
    Pending,
    /// The bank reported it paid.
    Paid,
    /// The bank reported it failed.
    Failed {
        /// The bank's reason.
        reason: String,
    },
    /// Failed, then settled by manual adjustment (调账).
    Adjusted,
}

/// One clearing of one voucher, from registration to completion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClearingRun {
    /// Shared, so that trying a step on a copy of the run never copies a plan of a million
    /// allocations.
    plan: Arc<ClearingPlan>,
    state: ClearingState,
    legs: Vec<LegStatus>,
}

impl ClearingRun {
    /// A run for `plan`, registered on chain.
    pub fn new(plan: ClearingPlan) -> ClearingRun {
        let legs = vec![LegStatus::Pending; plan.instructions.len()];
        ClearingRun {
            plan: Arc::new(plan),
            state: ClearingState::OnChain,
            legs,
        }
    }

    /// The plan being executed.
    pub fn plan(&self) -> &ClearingPlan {
        &self.plan
    }

    /// Where the run stands.
    pub fn state(&self) -> ClearingState {
        self.state
    }

    /// The status of every instruction, aligned with the plan's instructions.
    pub fn legs(&self) -> &[LegStatus] {
        &self.legs
    }

    /// on chain → applied.
    pub fn apply(&mut self) -> Result<()> {
        self.advance("apply", ClearingState::OnChain, ClearingState::Applied)
    }

    /// applied → started.
    pub fn start(&mut self) -> Result<()> {
        self.advance("start", ClearingState::Applied, ClearingState::Started)
    }

    /// started → executing; a plan with no instructions is done at once.
    pub fn execute(&mut self) -> Result<()> {
        self.advance("execute", ClearingState::Started, ClearingState::Executing)?;
        self.settle_if_complete();
        Ok(())
    }

    /// Records the bank's report on instruction `seq`: `Ok(())` paid, `Err(reason)` failed.
    /// A payment of a later step is accepted only once every earlier step is reported, since
    /// under gradual routing that is where its money comes from.
    pub fn record(&mut self, seq: u32, outcome: std::result::Result<(), String>) -> Result<()> {
        self.require("record a payment", ClearingState::Executing)?;
        let (instruction, index) = self.instruction(seq)?;
        if self.legs.get(index) != Some(&LegStatus::Pending) {
            return Err(SettlementError::IllegalTransition {
                action: "record a payment twice",
                state: "executing",
            });
        }
        if outcome.is_ok() && self.earlier_step_pending(instruction.step) {
            return Err(SettlementError::IllegalTransition {
                action: "pay a later step before an earlier one",
                state: "executing",
            });
        }

        if let Some(leg) = self.legs.get_mut(index) {
            *leg = match outcome {
                Ok(()) => LegStatus::Paid,
                Err(reason) => LegStatus::Failed { reason },
            };
        }
        self.settle_if_complete();
        Ok(())
    }

    /// Marks a failed instruction as settled by manual adjustment (调账).
    pub fn adjust(&mut self, seq: u32) -> Result<()> {
        self.require("adjust", ClearingState::PendingAdjustment)?;
        let (_, index) = self.instruction(seq)?;
        match self.legs.get_mut(index) {
            Some(leg @ LegStatus::Failed { .. }) => *leg = LegStatus::Adjusted,
            _ => {
                return Err(SettlementError::IllegalTransition {
                    action: "adjust a leg that did not fail",
                    state: self.state.name(),
                });
            }
        }
        if !self
            .legs
            .iter()
            .any(|leg| matches!(leg, LegStatus::Failed { .. }))
        {
            self.state = ClearingState::Done;
        }
        Ok(())
    }

    fn instruction(&self, seq: u32) -> Result<(&Instruction, usize)> {
        let index = (seq as usize)
            .checked_sub(1)
            .ok_or(SettlementError::UnknownInstruction(seq))?;
        let instruction = self
            .plan
            .instructions
            .get(index)
            .ok_or(SettlementError::UnknownInstruction(seq))?;
        Ok((instruction, index))
    }

    fn earlier_step_pending(&self, step: u32) -> bool {
        self.plan
            .instructions
            .iter()
            .zip(&self.legs)
            .any(|(other, leg)| other.step < step && *leg == LegStatus::Pending)
    }

    fn settle_if_complete(&mut self) {
        if self.legs.contains(&LegStatus::Pending) {
            return;
        }
        let failed = self
            .legs
            .iter()
            .any(|leg| matches!(leg, LegStatus::Failed { .. }));
        self.state = if failed {
            ClearingState::PendingAdjustment
        } else {
            ClearingState::Done
        };
    }

    fn advance(
        &mut self,
        action: &'static str,
        from: ClearingState,
        to: ClearingState,
    ) -> Result<()> {
        self.require(action, from)?;
        self.state = to;
        Ok(())
    }

    fn require(&self, action: &'static str, expected: ClearingState) -> Result<()> {
        if self.state != expected {
            return Err(SettlementError::IllegalTransition {
                action,
                state: self.state.name(),
            });
        }
        Ok(())
    }
}
