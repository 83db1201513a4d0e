//! The one error type of `isf-finance`.

use isf_core::{Bid, CoreError, Fen, PieceId, VoucherId};
use thiserror::Error;

/// Shorthand for results whose error is [`FinanceError`].
pub type Result<T, E = FinanceError> = std::result::Result<T, E>;

/// Why a financing-product command was refused. A refused command changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FinanceError {
    /// No voucher has this number.
    #[error("unknown voucher {0}")]
    UnknownVoucher(VoucherId),
    /// A voucher with this number already exists.
    #[error("voucher {0} already exists")]
    DuplicateVoucher(VoucherId),
    /// No piece has this id.
    #[error("unknown piece {0}")]
    UnknownPiece(PieceId),
    /// The actor is not the party who may do this.
    #[error("{actor} may not {action} {subject}: {reason}")]
    NotPermitted {
        /// Who tried.
        actor: Bid,
        /// What they tried.
        action: &'static str,
        /// What they tried it on.
        subject: String,
        /// Who may, or why not.
        reason: &'static str,
    },
    /// The piece or voucher is in a state where this action is not allowed.
    #[error("cannot {action} {subject} while it is {state}")]
    IllegalState {
        /// What was tried.
        action: &'static str,
        /// The piece or voucher.
        subject: String,
        /// Its current state.
        state: &'static str,
    },
    /// An amount is zero where a positive amount is required.
    #[error("{what} must be more than zero")]
    ZeroAmount {
        /// Which amount.
        what: &'static str,
    },
    /// The parts of a split exceed the piece.
    #[error("split of {piece} asks for {requested} but the piece has {available}")]
    SplitExceedsPiece {
        /// The piece being split.
        piece: PieceId,
        /// Sum of the requested parts.
        requested: Fen,
        /// Face of the piece.
        available: Fen,
    },
    /// A resulting piece is below the product's minimum.
    #[error("piece of {amount} is below the minimum of {minimum}")]
    BelowMinimum {
        /// The offending amount.
        amount: Fen,
        /// The product minimum.
        minimum: Fen,
    },
    /// A split would create more pieces than the product allows.
    #[error("split creates {count} pieces; at most {max} are allowed")]
    TooManyChildren {
        /// Pieces the split would create.
        count: usize,
        /// Product maximum.
        max: u32,
    },
    /// A transfer would go deeper down the supply chain than the product allows.
    #[error("transfer would reach tier depth {depth}; at most {max} is allowed")]
    TooDeep {
        /// Depth the new piece would have.
        depth: u32,
        /// Product maximum.
        max: u32,
    },
    /// The committed payment date is not in the allowed window.
    #[error("committed payment date {committed} is invalid: {reason}")]
    InvalidTerm {
        /// The committed payment date.
        committed: isf_core::BizDate,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The discount interest would take the piece's whole face or more: no advance is left.
    #[error("discount interest {interest} over {days} days leaves nothing of the face {face}")]
    DiscountExceedsFace {
        /// The interest the terms give.
        interest: Fen,
        /// The piece's face.
        face: Fen,
        /// The days charged.
        days: i64,
    },
    /// A split names no parts.
    #[error("split of {0} names no parts")]
    EmptySplit(PieceId),
    /// A financing application number is empty or too long.
    #[error("invalid financing application number {0:?}: must be 1 to 64 characters")]
    InvalidApplication(String),
    /// A payment would exceed what a piece is owed.
    #[error("payment of {amount} to {piece} exceeds the {outstanding} outstanding")]
    Overpayment {
        /// The piece.
        piece: PieceId,
        /// The payment.
        amount: Fen,
        /// What the piece was still owed.
        outstanding: Fen,
    },
    /// A holder tried to pass a piece to itself.
    #[error("{0} cannot transfer to itself")]
    TransferToSelf(Bid),
    /// The sign window of a piece has closed.
    #[error("sign window of {piece} ended after {deadline}, its last day")]
    SignWindowClosed {
        /// The piece.
        piece: PieceId,
        /// Last day it could be signed.
        deadline: isf_core::BizDate,
    },
    /// The sign window of a piece is still open.
    #[error("sign window of {piece} is open until {deadline}")]
    SignWindowOpen {
        /// The piece.
        piece: PieceId,
        /// Last day it can be signed.
        deadline: isf_core::BizDate,
    },
    /// The voucher is not yet due.
    #[error("voucher {voucher} is not due before {due}")]
    NotDue {
        /// The voucher.
        voucher: VoucherId,
        /// Its adjusted committed payment date.
        due: isf_core::BizDate,
    },
    /// Product rules are inconsistent.
    #[error("invalid product rules: {0}")]
    InvalidRules(&'static str),
    /// An event does not fit the state it is applied to (a corrupt or foreign journal).
    #[error("event does not apply: {0}")]
    InconsistentEvent(String),
    /// Money, date or id arithmetic failed.
    #[error(transparent)]
    Core(#[from] CoreError),
}
