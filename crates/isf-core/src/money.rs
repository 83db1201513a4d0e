//! Amounts of money in integer fen (分), the unit of the ISF Open API.
//!
//! [`Fen`] is never negative and never wraps: every operation that could leave the range is
//! checked and returns [`CoreError`]. There is deliberately no `Add`/`Sub`/`Mul` operator, so
//! an overflow cannot slip through unhandled, and no `Fen × Fen`, which has no meaning.
//!
//! # Text
//!
//! [`Fen::parse_yuan`] (and [`str::parse`]) read yuan as people write them, `¥1,234.56`,
//! straight from the digits and never through a float. [`Display`](std::fmt::Display) writes
//! `1,234.56`, always with two decimals and thousands separators; [`Fen::to_yuan_string`]
//! writes `1234.56`. Both read back to the same amount.
//!
//! # Serde
//!
//! Two explicit forms, so that a field never changes unit by accident:
//!
//! - **Default: a JSON integer count of fen**, the unit of the ISF Open API: `123456` is
//!   1,234.56 yuan. Deserialisation refuses negative numbers, floats (`1234.56`, `1.0`) and
//!   strings.
//! - **[`serde_yuan`]: a yuan string**, `"1234.56"`, for documents written for people. Use it
//!   with `#[serde(with = "isf_core::money::serde_yuan")]`.
//!
//! ```
//! use isf_core::Fen;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Line {
//!     amount: Fen,
//!     #[serde(with = "isf_core::money::serde_yuan")]
//!     shown: Fen,
//! }
//!
//! let line: Line = serde_json::from_str(r#"{"amount":123456,"shown":"1234.56"}"#)?;
//! assert_eq!(line.amount, line.shown);
//! assert_eq!(line.amount.to_string(), "1,234.56");
//! # Ok::<(), serde_json::Error>(())
//! ```

mod text;

pub mod serde_yuan;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// A non-negative amount of money in fen (1 yuan = 100 fen).
///
/// Serialised as an integer count of fen; see the [module docs](self) for the yuan form.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Fen(i64);

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// The largest representable amount.
    pub const MAX: Fen = Fen(i64::MAX);

    /// Wraps a count of fen, refusing negative values.
    #[inline]
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
    #[inline]
    pub fn checked_add(self, other: Fen) -> Result<Fen> {
        self.0
            .checked_add(other.0)
            .map(Fen)
            .ok_or(CoreError::AmountOverflow { op: "add" })
    }

    /// `self - other`, or an error naming both when `other` is larger.
    #[inline]
    pub fn checked_sub(self, other: Fen) -> Result<Fen> {
        if other.0 > self.0 {
            return Err(CoreError::InsufficientAmount {
                available: self.0,
                requested: other.0,
            });
        }
        Ok(Fen(self.0 - other.0))
    }

    /// `self - other`, or zero when `other` is larger: what is left of an amount after
    /// taking up to `other` from it.
    #[inline]
    pub const fn saturating_sub(self, other: Fen) -> Fen {
        if other.0 > self.0 {
            Fen::ZERO
        } else {
            Fen(self.0 - other.0)
        }
    }

    /// `self × count`, or an overflow error.
    pub fn checked_mul_count(self, count: u64) -> Result<Fen> {
        // In i128, where any amount times any count fits, so that a count beyond i64 is
        // refused only when the product is (zero times it is still zero).
        let product = i128::from(self.0) * i128::from(count);
        i64::try_from(product)
            .map(Fen)
            .map_err(|_| CoreError::AmountOverflow { op: "multiply" })
    }

    /// Sum of amounts, or an overflow error.
    pub fn sum<I: IntoIterator<Item = Fen>>(amounts: I) -> Result<Fen> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |total, next| total.checked_add(next))
    }

    /// The amount in yuan as an exact decimal with two places, for edges that need one.
    pub fn to_decimal_yuan(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl TryFrom<i64> for Fen {
    type Error = CoreError;

    fn try_from(fen: i64) -> Result<Fen> {
        Fen::new(fen)
    }
}

impl From<Fen> for i64 {
    fn from(amount: Fen) -> i64 {
        amount.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_integer_fen() {
        let amount = Fen::new(123_456).unwrap();
        assert_eq!(serde_json::to_string(&amount).unwrap(), "123456");
        assert_eq!(serde_json::from_str::<Fen>("123456").unwrap(), amount);
        assert_eq!(serde_json::from_str::<Fen>("0").unwrap(), Fen::ZERO);

        let max = i64::MAX.to_string();
        assert_eq!(serde_json::from_str::<Fen>(&max).unwrap(), Fen::MAX);
    }

    #[test]
    fn deserialisation_refuses_negatives_floats_and_strings() {
        for json in [
            "-1",
            "1234.56",
            "1.0",
            "1e5",
            "\"1234.56\"",
            "\"123456\"",
            "null",
        ] {
            assert!(serde_json::from_str::<Fen>(json).is_err(), "{json}");
        }
        assert!(serde_json::from_str::<Fen>("9223372036854775808").is_err());

        let negative = serde_json::from_str::<Fen>("-5").unwrap_err();
        assert!(
            negative.to_string().contains("negative amount -5 fen"),
            "{negative}"
        );
    }

    #[test]
    fn decimal_yuan_is_exact() {
        let amount = Fen::new(1708).unwrap();
        assert_eq!(amount.to_decimal_yuan(), Decimal::new(1708, 2));
        assert_eq!(amount.to_decimal_yuan().to_string(), "17.08");
        assert_eq!(Fen::ZERO.to_decimal_yuan().to_string(), "0.00");
        assert_eq!(
            Fen::MAX.to_decimal_yuan().to_string(),
            "92233720368547758.07"
        );
    }

    #[test]
    fn multiplies_by_counts_beyond_i64() {
        let big = 1_u64 << 63;
        assert_eq!(Fen::ZERO.checked_mul_count(big).unwrap(), Fen::ZERO);
        assert_eq!(Fen::new(3).unwrap().checked_mul_count(4).unwrap().get(), 12);
        assert_eq!(
            Fen::new(1).unwrap().checked_mul_count(big),
            Err(CoreError::AmountOverflow { op: "multiply" })
        );
    }

    #[test]
    fn converts_to_and_from_i64() {
        assert_eq!(Fen::try_from(7).unwrap().get(), 7);
        assert_eq!(
            Fen::try_from(-7),
            Err(CoreError::NegativeAmount { fen: -7 })
        );
        assert_eq!(i64::from(Fen::new(9).unwrap()), 9);
    }
}
