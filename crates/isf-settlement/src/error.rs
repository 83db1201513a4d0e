//! The one error type of `isf-settlement`.

use isf_core::{CoreError, VoucherId};
use isf_finance::FinanceError;
use thiserror::Error;

/// Shorthand for results whose error is [`SettlementError`].
pub type Result<T, E = SettlementError> = std::result::Result<T, E>;

/// Why clearing or settlement could not proceed. A refused step changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SettlementError {
    /// The voucher is not matured, so it cannot be cleared yet.
    #[error("voucher {0} is not matured")]
    NotMatured(VoucherId),
    /// Nothing is owed on the voucher.
    #[error("voucher {0} has nothing outstanding")]
    NothingOutstanding(VoucherId),
    /// The payer offered nothing: a default with no payment is not a clearing.
    #[error("nothing was funded for voucher {0}")]
    NothingFunded(VoucherId),
    /// The payer offered more than is owed.
    #[error("payment of {offered} exceeds the {due} due on voucher {voucher}")]
    Overfunded {
        /// The voucher.
        voucher: VoucherId,
        /// What the payer offered.
        offered: isf_core::Fen,
        /// What is due.
        due: isf_core::Fen,
    },
    /// A clearing run was asked to do something its state does not allow.
    #[error("clearing run cannot {action} while {state}")]
    IllegalTransition {
        /// What was asked.
        action: &'static str,
        /// The state it is in.
        state: &'static str,
    },
    /// No instruction has this sequence number.
    #[error("no settlement instruction number {0}")]
    UnknownInstruction(u32),
    /// The run id cannot form request numbers.
    #[error("invalid clearing run id {0:?}")]
    InvalidRunId(String),
    /// The run id leaves no room in a request number for an instruction's sequence number
    /// once a plan has ten thousand instructions or more.
    #[error("clearing run id {run_id:?} is too long to number instruction {seq}")]
    RunIdTooLong {
        /// The run id.
        run_id: String,
        /// The first sequence number that does not fit.
        seq: u32,
    },
    /// A recorded plan does not hold together: it cannot be the planner's.
    #[error("clearing plan of voucher {voucher} is inconsistent: {reason}")]
    InconsistentPlan {
        /// The voucher.
        voucher: VoucherId,
        /// What does not add up.
        reason: String,
    },
    /// A recorded plan is not the plan the voucher's pieces give.
    #[error("clearing plan of voucher {0} differs from the plan its pieces give")]
    PlanMismatch(VoucherId),
    /// Reading the voucher book failed.
    #[error(transparent)]
    Finance(#[from] FinanceError),
    /// Money arithmetic failed.
    #[error(transparent)]
    Core(#[from] CoreError),
}
