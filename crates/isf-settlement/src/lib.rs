//! Clearing (清分) and settlement (结算) of vouchers at maturity, free of I/O.
//!
//! [`plan_clearing`] turns the live pieces of a matured voucher into a [`ClearingPlan`]: what
//! each piece receives (all of it, or its largest-remainder share of a partial payment), one
//! line per payee, and settlement instructions under either ISF routing — end-to-end (首尾兑付,
//! the core enterprise pays every final payee) or gradual (逐级清算, money walks down the transfer
//! chain). [`ClearingRun`] then follows the ISF clearing state machine while the legs are paid.

pub mod error;
mod gather;
mod party_index;
pub mod plan;
mod plan_check;
mod plan_gradual;
pub mod routing;
pub mod run;

pub use error::{Result, SettlementError};
pub use plan::{
    ClearingLine, ClearingPlan, Instruction, Matured, PieceAllocation, plan_clearing, plan_pieces,
};
pub use routing::Routing;
pub use run::{ClearingRun, ClearingState, LegStatus};
