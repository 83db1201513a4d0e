//! What actors ask of vouchers. Each command is carried in an `isf_core::SignedCommand`, which
//! names the actor; the business date on which it is decided comes from the caller.

use isf_core::{Bid, BizDate, BusinessDayConvention, Fen, Hash32, PieceId, VoucherId};
use serde::{Deserialize, Serialize};

/// A command on vouchers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum VoucherCommand {
    /// The core enterprise issues a voucher to its tier-1 supplier.
    Issue(IssueVoucher),
    /// The recipient signs for a piece (签收).
    Sign {
        /// The piece offered to the actor.
        piece: PieceId,
    },
    /// The recipient refuses a piece; it returns to the sender.
    Reject {
        /// The piece offered to the actor.
        piece: PieceId,
    },
    /// The holder splits a piece and passes parts to recipients (拆分流转), keeping any
    /// remainder. Passing a whole piece on is a split with one part of the full face.
    Split {
        /// The piece to split.
        piece: PieceId,
        /// Parts for recipients.
        parts: Vec<SplitPart>,
    },
    /// Returns a piece whose sign window has closed to its sender. Anyone may ask.
    ExpireOffer {
        /// The unsigned piece.
        piece: PieceId,
    },
    /// The issuer voids a voucher that nobody has signed for yet.
    Void {
        /// The voucher.
        voucher: VoucherId,
    },
    /// The holder opens a financing application with a funder: the piece is locked.
    LockForFinancing {
        /// The piece to finance.
        piece: PieceId,
        /// The financing application number.
        application: String,
        /// The funder.
        funder: Bid,
    },
    /// The application ended without financing: the holder or the funder unlocks the piece.
    Unlock {
        /// The locked piece.
        piece: PieceId,
    },
    /// The funder takes the piece by assignment (转让): it becomes the holder.
    Assign {
        /// The locked piece.
        piece: PieceId,
    },
    /// The funder takes the piece as a pledge (质押): it will be paid at maturity.
    Pledge {
        /// The locked piece.
        piece: PieceId,
    },
    /// The pledgee releases a pledge (after the loan is repaid).
    ReleasePledge {
        /// The pledged piece.
        piece: PieceId,
    },
    /// Marks a voucher due on or after its adjusted committed payment date. Anyone may ask.
    Mature {
        /// The voucher.
        voucher: VoucherId,
    },
    /// Records money received for a piece at maturity (from clearing and settlement).
    RecordPayment {
        /// The piece paid.
        piece: PieceId,
        /// The amount received.
        amount: Fen,
    },
}

/// The terms of a new voucher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueVoucher {
    /// Voucher number, unique on the platform.
    pub voucher: VoucherId,
    /// The tier-1 supplier.
    pub payee: Bid,
    /// Face amount.
    pub face: Fen,
    /// Committed payment date (承诺付款日) as written in the payment commitment.
    pub committed_date: BizDate,
    /// How the committed date moves when it is not a business day.
    pub convention: BusinessDayConvention,
    /// Hash of the completed payment commitment letter (付款承诺函) backing the voucher.
    pub commitment: Hash32,
    /// References of the underlying trade contracts.
    #[serde(default)]
    pub contracts: Vec<String>,
    /// References of the underlying invoices.
    #[serde(default)]
    pub invoices: Vec<String>,
}

/// One part of a split: an amount for a recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitPart {
    /// Who receives the part.
    pub to: Bid,
    /// How much.
    pub amount: Fen,
}
