//! One piece of a voucher and the states it moves through.

use isf_core::{Bid, BizDate, Fen, PieceId};
use serde::{Deserialize, Serialize};

/// Where a piece stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PieceState {
    /// Offered to `recipient`, who has until `deadline` to sign; the sender still holds it.
    PendingSign {
        /// Who is asked to sign.
        recipient: Bid,
        /// Last day on which it can be signed.
        deadline: BizDate,
    },
    /// Held and free to split, transfer or finance.
    Held,
    /// Locked by an open financing application: it cannot move until the application ends.
    Locked {
        /// The financing application number.
        application: String,
        /// The funder the application is with.
        funder: Bid,
    },
    /// Pledged to a funder (质押): the holder keeps it, the pledgee is paid at maturity.
    Pledged {
        /// The financing application number.
        application: String,
        /// Who is paid at maturity while the pledge stands.
        pledgee: Bid,
    },
    /// Consumed by a split; its value lives on in its children.
    Split,
    /// The voucher was voided by its issuer or rejected by its first payee.
    Cancelled,
}

impl PieceState {
    /// A short name for messages and reports.
    pub fn name(&self) -> &'static str {
        match self {
            PieceState::PendingSign { .. } => "pending sign-receipt",
            PieceState::Held => "held",
            PieceState::Locked { .. } => "locked by a financing application",
            PieceState::Pledged { .. } => "pledged",
            PieceState::Split => "split",
            PieceState::Cancelled => "cancelled",
        }
    }

    /// True while the piece carries value to be paid at maturity.
    #[inline]
    pub fn is_live(&self) -> bool {
        !matches!(self, PieceState::Split | PieceState::Cancelled)
    }
}

/// One piece of a voucher: the issued root or a child of a split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// Id, assigned in order by the book.
    pub id: PieceId,
    /// Index of the voucher in the book.
    pub voucher: u32,
    /// The piece this one was split from; `None` for the root.
    pub parent: Option<PieceId>,
    /// Tier below the tier-1 payee: 0 for the root and for remainders kept by a holder at
    /// tier 0, one more for every transfer.
    pub depth: u32,
    /// Face amount.
    pub face: Fen,
    /// Paid at maturity so far.
    pub paid: Fen,
    /// Current holder (the sender, while a transfer waits for sign-receipt).
    pub holder: Bid,
    /// Earlier holders of this same piece, oldest first (a funder after assignment pushes the
    /// assignor here). Empty for most pieces.
    pub previous_holders: Vec<Bid>,
    /// Where it stands.
    pub state: PieceState,
    /// Date it was created.
    pub created_on: BizDate,
}

impl Piece {
    /// Face not yet paid.
    #[inline]
    pub fn outstanding(&self) -> Fen {
        self.face.saturating_sub(self.paid)
    }

    /// Who is paid at maturity: the pledgee of a pledged piece, else the holder (a funder
    /// after assignment, since assignment makes it the holder).
    #[inline]
    pub fn payee(&self) -> &Bid {
        match &self.state {
            PieceState::Pledged { pledgee, .. } => pledgee,
            _ => &self.holder,
        }
    }
}
