//! Named rounding rules. Rounding happens once, at a named step, with one of these.
//!
//! [`RoundingMode::divide`] is that step: it takes the exact quotient of two integers and
//! rounds it to a whole number, so callers keep every intermediate value exact (`i128`) and
//! round only at the end.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// How a quotient is rounded to a whole number of fen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: halves go away from zero. The default of Chinese finance.
    #[default]
    HalfUp,
    /// Banker's rounding: halves go to the even neighbour.
    HalfEven,
    /// Truncation toward zero.
    Down,
    /// Away from zero whenever there is any remainder.
    Up,
}

impl RoundingMode {
    /// `numerator ÷ denominator`, rounded to a whole number by this rule.
    ///
    /// The numerator may be negative; the rules are symmetric around zero (`HalfUp` takes
    /// −2.5 to −3, `Down` takes −2.7 to −2).
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidDivisor`] when `denominator` is zero or negative.
    pub fn divide(self, numerator: i128, denominator: i128) -> Result<i128> {
        if denominator <= 0 {
            return Err(CoreError::InvalidDivisor { denominator });
        }

        let toward_zero = numerator / denominator;
        let remainder = numerator % denominator;
        if remainder == 0 {
            return Ok(toward_zero);
        }

        // Distances to the two neighbours, compared without doubling so nothing can overflow.
        let past = remainder.unsigned_abs();
        let short = denominator.unsigned_abs() - past;
        let away = match self {
            RoundingMode::Down => false,
            RoundingMode::Up => true,
            RoundingMode::HalfUp => past >= short,
            RoundingMode::HalfEven => past > short || (past == short && toward_zero % 2 != 0),
        };
        if !away {
            return Ok(toward_zero);
        }

        // A remainder means denominator ≥ 2, so |toward_zero| ≤ i128::MAX / 2: one more fits.
        Ok(toward_zero + numerator.signum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RoundingMode::{Down, HalfEven, HalfUp, Up};

    #[test]
    fn two_point_three_four_five_to_the_fen() {
        // 2.345 yuan is 2345 thousandths; dividing by 10 rounds to fen.
        assert_eq!(HalfUp.divide(2345, 10).unwrap(), 235);
        assert_eq!(HalfEven.divide(2345, 10).unwrap(), 234);
        assert_eq!(Down.divide(2345, 10).unwrap(), 234);
        assert_eq!(Up.divide(2345, 10).unwrap(), 235);
        assert_eq!(HalfEven.divide(2355, 10).unwrap(), 236);
    }

    #[test]
    fn negatives_are_symmetric() {
        assert_eq!(HalfUp.divide(-2345, 10).unwrap(), -235);
        assert_eq!(HalfEven.divide(-2345, 10).unwrap(), -234);
        assert_eq!(HalfEven.divide(-2355, 10).unwrap(), -236);
        assert_eq!(Down.divide(-27, 10).unwrap(), -2);
        assert_eq!(Up.divide(-21, 10).unwrap(), -3);
        assert_eq!(HalfUp.divide(-24, 10).unwrap(), -2);
        assert_eq!(HalfUp.divide(-26, 10).unwrap(), -3);
    }

    #[test]
    fn exact_and_off_half_quotients() {
        for mode in [HalfUp, HalfEven, Down, Up] {
            assert_eq!(mode.divide(30, 10).unwrap(), 3);
            assert_eq!(mode.divide(0, 7).unwrap(), 0);
            assert_eq!(mode.divide(-30, 10).unwrap(), -3);
        }
        assert_eq!(HalfUp.divide(14, 10).unwrap(), 1);
        assert_eq!(HalfUp.divide(16, 10).unwrap(), 2);
        assert_eq!(HalfEven.divide(16, 10).unwrap(), 2);
        assert_eq!(HalfUp.divide(1, 3).unwrap(), 0);
        assert_eq!(HalfUp.divide(2, 3).unwrap(), 1);
        assert_eq!(Up.divide(1, 3).unwrap(), 1);
    }

    #[test]
    fn extremes_do_not_overflow() {
        assert_eq!(HalfUp.divide(i128::MAX, 1).unwrap(), i128::MAX);
        assert_eq!(Up.divide(i128::MIN, i128::MAX).unwrap(), -2);
        assert_eq!(HalfUp.divide(i128::MAX, i128::MAX).unwrap(), 1);
        assert_eq!(Up.divide(i128::MAX, 2).unwrap(), i128::MAX / 2 + 1);
        assert_eq!(HalfUp.divide(i128::MIN, 2).unwrap(), i128::MIN / 2);
        assert_eq!(HalfUp.divide(i128::MAX - 1, i128::MAX).unwrap(), 1);
        assert_eq!(HalfUp.divide(1, i128::MAX).unwrap(), 0);
    }

    #[test]
    fn refuses_non_positive_denominators() {
        assert_eq!(
            HalfUp.divide(1, 0),
            Err(CoreError::InvalidDivisor { denominator: 0 })
        );
        assert_eq!(
            Down.divide(1, -3),
            Err(CoreError::InvalidDivisor { denominator: -3 })
        );
    }
}
