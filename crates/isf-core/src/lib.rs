//! Shared vocabulary of the ISF SDK, free of I/O.
//!
//! Money in integer fen ([`Fen`]), annual rates ([`Rate`]), civil business dates in China
//! ([`BizDate`]) with the holiday calendar, typed identifiers ([`Bid`], [`VoucherId`],
//! [`PieceId`], [`RequestNo`]), SHA-256 hashing ([`Hash32`]), and the signed, hash-chained
//! envelopes that every state change travels in. Nothing here reads a clock, a file or a socket:
//! time and data come from the caller.

pub mod alloc;
pub mod anchor;
pub mod calendar;
pub mod canonical;
pub mod clock;
pub mod date;
pub mod daycount;
pub mod envelope;
pub mod error;
pub mod hash;
pub mod id;
pub mod merkle;
pub mod money;
pub mod rate;
pub mod rounding;
pub mod signature;

pub use alloc::allocate;
pub use calendar::{BusinessDayConvention, HolidayCalendar, UnknownYearPolicy};
pub use clock::Clock;
pub use date::BizDate;
pub use daycount::DayCount;
pub use envelope::{ChainedEvent, SignedCommand};
pub use error::{CoreError, Result};
pub use hash::Hash32;
pub use id::{Bid, PieceId, RequestNo, VoucherId};
pub use money::Fen;
pub use rate::Rate;
pub use rounding::RoundingMode;
pub use signature::{PublicKey, Signature, SignatureScheme, Signer, Verifier};
