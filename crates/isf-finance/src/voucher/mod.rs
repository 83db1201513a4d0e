//! Multi-level electronic debt vouchers (电子债权凭证).
//!
//! A voucher is issued by a core enterprise to a tier-1 supplier as one root *piece*. The payee
//! signs for it (签收) or rejects it; a holder splits a piece (拆分流转) into children for one or
//! more recipients and keeps any remainder as a child of its own; each child waits for its
//! recipient's sign-receipt and returns to the sender when refused or left unsigned past the
//! sign window. Pieces can be locked by a financing application, assigned or pledged to a
//! funder, and become due on the committed payment date adjusted to a business day.
//!
//! [`VoucherBook`] holds the state. [`VoucherBook::decide`] checks a command against it and
//! returns the events it would cause, changing nothing; [`VoucherBook::apply`] folds an event in.
//! [`VoucherBook::execute`] does both. Replaying the same events rebuilds the same book.

mod apply;
mod book;
mod command;
mod decide;
mod event;
mod piece;
mod rules;

pub use book::{Voucher, VoucherBook, VoucherStatus};
pub use command::{IssueVoucher, SplitPart, VoucherCommand};
pub use event::{NewPiece, VoucherEvent};
pub use piece::{Piece, PieceState};
pub use rules::{MAX_SIGN_WINDOW_DAYS, ProductRules};
