//! The ISF SDK: embed the StarFire chain network's Intelligent Secure Finance services.
//!
//! This facade re-exports the crates of the SDK and holds [`Platform`], the runtime that turns
//! signed commands into validated, hash-chained journal entries, and [`scenario`], which runs a
//! documented scenario file end to end.
//!
//! | crate | what it holds |
//! | --- | --- |
//! | [`core`] | money in fen, rates, business dates and the Chinese calendar, ids, hashing, envelopes |
//! | [`bid`] | StarFire keys, addresses and signatures |
//! | [`finance`] | vouchers, financing |
//! | [`settlement`] | clearing at maturity, settlement instructions |

pub mod evidence;
mod journal_location;
pub mod platform;
pub mod scenario;

pub use isf_bid as bid;
pub use isf_core as core;
pub use isf_finance as finance;
pub use isf_settlement as settlement;
pub use isf_store as store;
pub use journal_location::{OpenJournalError, open_journal};
pub use platform::{Command, Platform, PlatformError, PlatformEvent, Receipt};
