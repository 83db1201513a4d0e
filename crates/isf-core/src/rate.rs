//! Annual interest rates in parts per million and the interest they accrue.
//!
//! A [`Rate`] is an annual rate in ppm, the unit of the ISF Open API's `rate` and
//! `financeRatio`: 1 ppm = 0.0001 %, so 4.35 % a year is 43 500 ppm. Rates read and write as
//! percent text, `4.35%`, and serialise as the integer count of ppm (`43500`); deserialisation
//! refuses negatives, floats, strings and values above [`Rate::MAX_PPM`].
//!
//! Interest is `principal × ppm × days ÷ (1 000 000 × basis_days)`, computed exactly in `i128`
//! and rounded once at the end with a named [`RoundingMode`].

mod text;

use serde::{Deserialize, Serialize};

use crate::date::BizDate;
use crate::daycount::DayCount;
use crate::error::{CoreError, Result};
use crate::money::Fen;
use crate::rounding::RoundingMode;

/// Parts per million in one whole (100 %).
const PPM_PER_UNIT: i64 = 1_000_000;

/// An annual rate in parts per million (1 ppm = 0.0001 %). Serialised as integer ppm.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "u32", into = "u32")]
pub struct Rate(u32);

impl Rate {
    /// A zero rate.
    pub const ZERO: Rate = Rate(0);

    /// The largest accepted rate, 1000 % a year. Far above any lending rate, so that penalty
    /// and overdue rates fit, while a value read in the wrong unit (a fraction read as percent,
    /// percent read as ppm) is still likely to be caught.
    pub const MAX_PPM: u32 = 10_000_000;

    /// The rate of `ppm` parts per million a year.
    ///
    /// # Errors
    ///
    /// [`CoreError::RateParse`] naming the value when it is above [`Rate::MAX_PPM`].
    pub fn from_ppm(ppm: u32) -> Result<Rate> {
        if ppm > Rate::MAX_PPM {
            return Err(CoreError::RateParse {
                input: format!("{ppm} ppm"),
                reason: "above the largest rate, 1000% a year",
            });
        }
        Ok(Rate(ppm))
    }

    /// The rate in parts per million.
    pub const fn ppm(self) -> u32 {
        self.0
    }

    /// Interest on `principal` for `days` days on a year of `basis_days` days, rounded once
    /// with `mode`.
    ///
    /// ```
    /// use isf_core::{Fen, Rate, RoundingMode};
    ///
    /// let face = Fen::parse_yuan("1,000,000.00")?;
    /// let rate = Rate::parse("2.62%")?;
    /// let interest = rate.interest_for_days(face, 75, 360, RoundingMode::HalfUp)?;
    /// assert_eq!(interest.to_string(), "5,458.33");
    /// # Ok::<(), isf_core::CoreError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidTerm`] for negative `days` or a `basis_days` that is not positive;
    /// [`CoreError::AmountOverflow`] when the interest is beyond any amount.
    pub fn interest_for_days(
        self,
        principal: Fen,
        days: i64,
        basis_days: i64,
        mode: RoundingMode,
    ) -> Result<Fen> {
        if days < 0 || basis_days <= 0 {
            return Err(CoreError::InvalidTerm { days, basis_days });
        }
        let overflow = || CoreError::AmountOverflow { op: "interest" };

        // principal × ppm < 2^63 × 2^24 always fits; only the days can push it over.
        let numerator = (i128::from(principal.get()) * i128::from(self.0))
            .checked_mul(i128::from(days))
            .ok_or_else(overflow)?;
        let denominator = i128::from(PPM_PER_UNIT) * i128::from(basis_days);

        let interest = mode.divide(numerator, denominator)?;
        let interest = i64::try_from(interest).map_err(|_| overflow())?;
        Fen::new(interest)
    }

    /// Interest on `principal` from `start` (counted) to `end` (not counted) under
    /// `day_count`, rounded once with `mode`.
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidTerm`] when `end` is before `start`; otherwise as
    /// [`Rate::interest_for_days`].
    pub fn interest(
        self,
        principal: Fen,
        start: BizDate,
        end: BizDate,
        day_count: DayCount,
        mode: RoundingMode,
    ) -> Result<Fen> {
        let days = day_count.days(start, end);
        self.interest_for_days(principal, days, day_count.basis_days(), mode)
    }
}

impl TryFrom<u32> for Rate {
    type Error = CoreError;

    fn try_from(ppm: u32) -> Result<Rate> {
        Rate::from_ppm(ppm)
    }
}

impl From<Rate> for u32 {
    fn from(rate: Rate) -> u32 {
        rate.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RoundingMode::{Down, HalfEven, HalfUp, Up};

    fn rate(text: &str) -> Rate {
        Rate::parse(text).unwrap()
    }

    fn yuan(text: &str) -> Fen {
        Fen::parse_yuan(text).unwrap()
    }

    fn date(text: &str) -> BizDate {
        BizDate::parse(text).unwrap()
    }

    #[test]
    fn ppm_bounds() {
        assert_eq!(Rate::from_ppm(43_500).unwrap().ppm(), 43_500);
        assert_eq!(Rate::from_ppm(0).unwrap(), Rate::ZERO);
        assert_eq!(Rate::from_ppm(Rate::MAX_PPM).unwrap().ppm(), 10_000_000);
        assert_eq!(
            Rate::from_ppm(Rate::MAX_PPM + 1),
            Err(CoreError::RateParse {
                input: "10000001 ppm".into(),
                reason: "above the largest rate, 1000% a year",
            })
        );
    }

    #[test]
    fn face_of_a_million_at_two_point_six_two_for_seventy_five_days() {
        let face = yuan("1,000,000.00");
        let interest = rate("2.62%")
            .interest_for_days(face, 75, 360, HalfUp)
            .unwrap();
        assert_eq!(interest, yuan("5,458.33"));

        let by_dates = rate("2.62%")
            .interest(
                face,
                date("2025-08-15"),
                date("2025-10-29"),
                DayCount::Act360,
                HalfUp,
            )
            .unwrap();
        assert_eq!(by_dates, yuan("5,458.33"));
    }

    #[test]
    fn one_yuan_for_a_year() {
        let one = yuan("1.00");
        assert_eq!(
            rate("4.35%")
                .interest_for_days(one, 365, 365, HalfUp)
                .unwrap(),
            yuan("0.04")
        );
        assert_eq!(
            rate("4.35%").interest_for_days(one, 365, 365, Up).unwrap(),
            yuan("0.05")
        );
        assert_eq!(
            rate("4.5%")
                .interest_for_days(one, 365, 365, HalfUp)
                .unwrap(),
            yuan("0.05")
        );
        assert_eq!(
            rate("4.5%")
                .interest_for_days(one, 365, 365, HalfEven)
                .unwrap(),
            yuan("0.04")
        );
        assert_eq!(
            rate("4.5%").interest_for_days(one, 365, 365, Down).unwrap(),
            yuan("0.04")
        );
    }

    #[test]
    fn rounds_once_at_the_end() {
        // 100.00 at 1.825 % on 365 earns exactly half a fen a day: one day rounds up to a fen,
        // but ten days are five fen, not ten roundings of a half.
        let hundred = yuan("100.00");
        let half_a_fen_a_day = rate("1.825%");
        assert_eq!(
            half_a_fen_a_day
                .interest_for_days(hundred, 1, 365, HalfUp)
                .unwrap()
                .get(),
            1
        );
        assert_eq!(
            half_a_fen_a_day
                .interest_for_days(hundred, 10, 365, HalfUp)
                .unwrap()
                .get(),
            5
        );

        // 100.00 at 2.345 % for a year is 2.345 yuan: 2.35 half-up, 2.34 half-even.
        let rate = rate("2.345%");
        assert_eq!(
            rate.interest_for_days(hundred, 360, 360, HalfUp).unwrap(),
            yuan("2.35")
        );
        assert_eq!(
            rate.interest_for_days(hundred, 360, 360, HalfEven).unwrap(),
            yuan("2.34")
        );
    }

    #[test]
    fn zero_days_and_zero_rate_give_zero() {
        let face = yuan("1,000.00");
        assert_eq!(
            rate("4.35%").interest_for_days(face, 0, 360, Up).unwrap(),
            Fen::ZERO
        );
        assert_eq!(
            Rate::ZERO.interest_for_days(face, 90, 360, Up).unwrap(),
            Fen::ZERO
        );
    }

    #[test]
    fn refuses_bad_terms() {
        let face = yuan("1.00");
        let term = |days, basis_days| CoreError::InvalidTerm { days, basis_days };
        assert_eq!(
            rate("1%").interest_for_days(face, -1, 360, HalfUp),
            Err(term(-1, 360))
        );
        assert_eq!(
            rate("1%").interest_for_days(face, 1, 0, HalfUp),
            Err(term(1, 0))
        );
        assert_eq!(
            rate("1%").interest_for_days(face, 1, -360, HalfUp),
            Err(term(1, -360))
        );

        let reversed = rate("1%").interest(
            face,
            date("2025-10-29"),
            date("2025-08-15"),
            DayCount::Act365F,
            HalfUp,
        );
        assert_eq!(reversed, Err(term(-75, 365)));
    }

    #[test]
    fn refuses_interest_beyond_any_amount() {
        let overflow = Err(CoreError::AmountOverflow { op: "interest" });
        let max = Rate::from_ppm(Rate::MAX_PPM).unwrap();
        assert_eq!(max.interest_for_days(Fen::MAX, 360, 360, HalfUp), overflow);
        assert_eq!(
            max.interest_for_days(Fen::MAX, i64::MAX, 1, HalfUp),
            overflow
        );
    }

    #[test]
    fn serialises_as_integer_ppm() {
        assert_eq!(serde_json::to_string(&rate("4.35%")).unwrap(), "43500");
        assert_eq!(
            serde_json::from_str::<Rate>("43500").unwrap(),
            rate("4.35%")
        );
        for json in ["-1", "4.35", "\"4.35%\"", "\"43500\"", "10000001", "null"] {
            assert!(serde_json::from_str::<Rate>(json).is_err(), "{json}");
        }
    }
}
