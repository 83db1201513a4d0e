//! The one error type of `isf-core`.
//!
//! Every variant names the offending value so that a platform engineer reading a log line knows
//! what to fix without a debugger.

use thiserror::Error;

/// Shorthand for results whose error is [`CoreError`].
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// What went wrong in the shared vocabulary: parsing, arithmetic, dates, signatures.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CoreError {
    /// A yuan amount string could not be read.
    #[error("invalid amount {input:?}: {reason}")]
    AmountParse {
        /// The text as given.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// An amount was negative where only zero or more makes sense.
    #[error("negative amount {fen} fen")]
    NegativeAmount {
        /// The refused value in fen.
        fen: i128,
    },
    /// Arithmetic would leave the range of an amount.
    #[error("amount overflow in {op}")]
    AmountOverflow {
        /// The operation that overflowed.
        op: &'static str,
    },
    /// A subtraction would go below zero.
    #[error("insufficient amount: {available} fen available, {requested} fen requested")]
    InsufficientAmount {
        /// What there is, in fen.
        available: i64,
        /// What was asked for, in fen.
        requested: i64,
    },
    /// Weights or shares for an allocation are unusable.
    #[error("invalid allocation weights: {reason}")]
    InvalidWeights {
        /// Why they were refused.
        reason: &'static str,
    },
    /// A rate string or value could not be read.
    #[error("invalid rate {input:?}: {reason}")]
    RateParse {
        /// The text as given.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A rounding division was asked to divide by zero or by a negative number.
    #[error("invalid divisor {denominator}: must be positive")]
    InvalidDivisor {
        /// The refused denominator.
        denominator: i128,
    },
    /// An interest term is unusable: negative days or a day basis that is not positive.
    #[error("invalid term: {days} days on a {basis_days}-day basis")]
    InvalidTerm {
        /// Days of interest asked for.
        days: i64,
        /// Days in the year of the day-count basis.
        basis_days: i64,
    },
    /// A date string could not be read.
    #[error("invalid date {input:?}: {reason}")]
    DateParse {
        /// The text as given.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// Date arithmetic left the supported range.
    #[error("date out of range: {what}")]
    DateOutOfRange {
        /// The computation that failed.
        what: String,
    },
    /// A millisecond timestamp does not fall on a supported civil date.
    #[error("timestamp {millis} ms is out of range")]
    TimestampOutOfRange {
        /// The timestamp as given.
        millis: i64,
    },
    /// Holiday data is malformed.
    #[error("invalid holiday calendar data: {reason}")]
    CalendarData {
        /// What is wrong with the data.
        reason: String,
    },
    /// The calendar has no data for the year and the caller did not opt into the provisional
    /// weekends-only rule.
    #[error("no holiday data for year {year}")]
    YearNotCovered {
        /// The uncovered year.
        year: i32,
    },
    /// A hex string could not be decoded.
    #[error("invalid hex {input:?}: {reason}")]
    HexParse {
        /// The text as given (truncated by the caller when long).
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// An identifier does not have the required form.
    #[error("invalid {kind} {input:?}: {reason}")]
    IdParse {
        /// Which identifier was being read.
        kind: &'static str,
        /// The text as given.
        input: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A signature did not verify.
    #[error("signature by {signer} does not verify")]
    BadSignature {
        /// The BID whose signature failed.
        signer: String,
    },
    /// A value could not be put into canonical form.
    #[error("cannot encode canonically: {reason}")]
    Encoding {
        /// What failed.
        reason: String,
    },
    /// An event does not link to its predecessor.
    #[error("hash chain broken at sequence {seq}: {reason}")]
    BrokenChain {
        /// Sequence number of the first bad event.
        seq: u64,
        /// What does not match.
        reason: &'static str,
    },
}
