//! The ISF SDK facade.

pub use isf_bid as bid;
pub use isf_core as core;
pub use isf_finance as finance;
pub use isf_settlement as settlement;
