//! What happened to vouchers. Events carry every id and amount they create, so replaying them
//! needs no rules, calendars or clocks.

use isf_core::{Bid, BizDate, Fen, Hash32, PieceId, VoucherId};
use serde::{Deserialize, Serialize};

/// An event of the voucher book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VoucherEvent {
    /// A voucher was issued; its root piece waits for the payee's sign-receipt.
    Issued {
        /// Voucher number.
        voucher: VoucherId,
        /// The core enterprise.
        issuer: Bid,
        /// The tier-1 supplier.
        payee: Bid,
        /// Face amount.
        face: Fen,
        /// Issue date.
        issue_date: BizDate,
        /// Committed payment date as written.
        committed_date: BizDate,
        /// Committed payment date adjusted to a business day: the day it becomes due.
        due_date: BizDate,
        /// Hash of the payment commitment letter.
        commitment: Hash32,
        /// Underlying contracts.
        contracts: Vec<String>,
        /// Underlying invoices.
        invoices: Vec<String>,
        /// Id of the root piece.
        root: PieceId,
        /// Last day the payee can sign.
        sign_deadline: BizDate,
    },
    /// The recipient signed; it now holds the piece.
    Signed {
        /// The piece.
        piece: PieceId,
        /// The new holder.
        holder: Bid,
    },
    /// The offer of a piece ended unsigned (rejected or expired). A child returns to its
    /// sender; a root cancels its voucher.
    OfferEnded {
        /// The piece.
        piece: PieceId,
        /// True when refused, false when the sign window closed.
        rejected: bool,
    },
    /// A piece was split into new pieces.
    Split {
        /// The consumed piece.
        parent: PieceId,
        /// The new pieces, transferred parts first, then the kept remainder if any.
        children: Vec<NewPiece>,
        /// The business date of the split, on which the new pieces were created.
        on: BizDate,
    },
    /// The issuer voided the voucher.
    Voided {
        /// The voucher.
        voucher: VoucherId,
    },
    /// A financing application locked the piece.
    Locked {
        /// The piece.
        piece: PieceId,
        /// The application number.
        application: String,
        /// The funder.
        funder: Bid,
    },
    /// The lock was lifted without financing.
    Unlocked {
        /// The piece.
        piece: PieceId,
    },
    /// The funder took the piece by assignment and now holds it.
    Assigned {
        /// The piece.
        piece: PieceId,
        /// The funder.
        funder: Bid,
    },
    /// The funder took the piece as a pledge.
    Pledged {
        /// The piece.
        piece: PieceId,
        /// The pledgee.
        pledgee: Bid,
    },
    /// The pledge was released.
    PledgeReleased {
        /// The piece.
        piece: PieceId,
    },
    /// The voucher became due.
    Matured {
        /// The voucher.
        voucher: VoucherId,
        /// The business date it matured on.
        on: BizDate,
    },
    /// Money was received for a piece.
    Paid {
        /// The piece.
        piece: PieceId,
        /// Amount received.
        amount: Fen,
    },
}

/// A piece created by a split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPiece {
    /// Its id.
    pub id: PieceId,
    /// Its face.
    pub face: Fen,
    /// The recipient asked to sign, or `None` for the remainder kept by the holder.
    pub recipient: Option<Bid>,
    /// Last day the recipient can sign (the split date for a remainder).
    pub deadline: BizDate,
}
