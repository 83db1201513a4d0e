//! Amounts of money in integer fen (分), the unit of the ISF Open API.
//!
//! [`Fen`] is never negative and never wraps: every operation that could leave the range is
//! checked and returns [`CoreError`]. There is deliberately no `Add`/`Sub`/`Mul` operator, so
//! an overflow cannot slip through unhandled, and no `Fen × Fen`, which has no meaning.

use crate::error::{CoreError, Result};

/// A non-negative amount of money in fen (1 yuan = 100 fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fen(i64);

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// The largest representable amount.
    pub const MAX: Fen = Fen(i64::MAX);

    /// Wraps a count of fen, refusing negative values.
    pub fn new(fen: i64) -> Result<Fen> {
        if fen < 0 {
            return Err(CoreError::NegativeAmount { fen: fen.into() });
        }
        Ok(Fen(fen))
    }

    /// Whole yuan, refusing negative values and overflow.
    pub fn from_yuan(yuan: i64) -> Result<Fen> {
        let fen = yuan
            .checked_mul(100)
            .ok_or(CoreError::AmountOverflow { op: "yuan to fen" })?;
        Fen::new(fen)
    }

    /// The amount as a count of fen.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// True for zero fen.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + other`, or an overflow error.
    pub fn checked_add(self, other: Fen) -> Result<Fen> {
        self.0
            .checked_add(other.0)
            .map(Fen)
            .ok_or(CoreError::AmountOverflow { op: "add" })
    }

    /// `self - other`, or an error naming both when `other` is larger.
    pub fn checked_sub(self, other: Fen) -> Result<Fen> {
        if other.0 > self.0 {
            return Err(CoreError::InsufficientAmount {
                available: self.0,
                requested: other.0,
            });
        }
        Ok(Fen(self.0 - other.0))
    }

    /// `self × count`, or an overflow error.
    pub fn checked_mul_count(self, count: u64) -> Result<Fen> {
        i64::try_from(count)
            .ok()
            .and_then(|n| self.0.checked_mul(n))
            .map(Fen)
            .ok_or(CoreError::AmountOverflow { op: "multiply" })
    }

    /// Sum of amounts, or an overflow error.
    pub fn sum<I: IntoIterator<Item = Fen>>(amounts: I) -> Result<Fen> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |total, next| total.checked_add(next))
    }
}
