//! The financing products of the ISF SDK, free of I/O.
//!
//! The centre is the multi-level electronic debt voucher (电子债权凭证): a core enterprise issues
//! it to a supplier against a signed payment commitment; holders sign for pieces, split them and
//! pass them down the supply chain, finance them with funders, and hold them to maturity. The
//! [`voucher::VoucherBook`] validates commands and returns events; it never reads a clock, a
//! file or a socket.

pub mod error;
pub mod financing;
pub mod voucher;

pub use error::{FinanceError, Result};
