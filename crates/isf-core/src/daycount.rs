//! Day-count conventions: how many days an interest period has and what a year counts.
//!
//! Interest for a period is `principal × rate × days / basis`. [`DayCount`] supplies `days`
//! and `basis` as integers; turning them into money, and rounding, happens where the amount is
//! computed, so the fraction is never held as a float here.
//!
//! Actual days follow 算头不算尾: the first day of the period counts, the last does not, which
//! is exactly `end - start`. 15 August to 29 October is 75 days.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::date::BizDate;

/// A day-count convention. Serialised as `"act_360"`, `"act_365f"` or `"thirty_360"`.
///
/// ```
/// use isf_core::{BizDate, DayCount};
///
/// let start = BizDate::parse("2025-08-15")?;
/// let end = BizDate::parse("2025-10-29")?;
/// assert_eq!(DayCount::Act360.year_fraction_parts(start, end), (75, 360));
/// assert_eq!(DayCount::Thirty360.days(start, end), 74);
/// # Ok::<(), isf_core::CoreError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DayCount {
    /// Actual days over a 360-day year (实际天数/360), the customary basis for daily interest
    /// on renminbi loans and discounting.
    #[serde(rename = "act_360")]
    Act360,
    /// Actual days over a fixed 365-day year, leap years included.
    #[serde(rename = "act_365f")]
    Act365F,
    /// 30/360 bond basis (ISDA 2006 §4.16(f)): every month counts as 30 days over a 360-day
    /// year. A start on the 31st counts as the 30th; an end on the 31st counts as the 30th
    /// only when the start is the 30th or 31st. There is no end-of-February rule.
    #[serde(rename = "thirty_360")]
    Thirty360,
}

impl DayCount {
    /// The convention's usual written name.
    pub fn name(self) -> &'static str {
        match self {
            DayCount::Act360 => "Act/360",
            DayCount::Act365F => "Act/365F",
            DayCount::Thirty360 => "30/360",
        }
    }
}

impl DayCount {
    /// Days in the period from `start` (counted) to `end` (not counted); negative when `end`
    /// is before `start`.
    pub fn days(self, start: BizDate, end: BizDate) -> i64 {
        match self {
            DayCount::Act360 | DayCount::Act365F => start.days_until(end),
            DayCount::Thirty360 => thirty_360_bond_basis(start, end),
        }
    }

    /// Days in the year this convention divides by: 360, 365 or 360.
    pub fn basis_days(self) -> i64 {
        match self {
            DayCount::Act360 | DayCount::Thirty360 => 360,
            DayCount::Act365F => 365,
        }
    }

    /// The year fraction of the period as `(days, basis)`, i.e. `days / basis` years.
    pub fn year_fraction_parts(self, start: BizDate, end: BizDate) -> (i64, i64) {
        (self.days(start, end), self.basis_days())
    }
}

fn thirty_360_bond_basis(start: BizDate, end: BizDate) -> i64 {
    let (y1, m1, d1) = parts(start);
    let (y2, m2, mut d2) = parts(end);

    let d1 = d1.min(30);
    if d2 == 31 && d1 == 30 {
        d2 = 30;
    }

    360 * (y2 - y1) + 30 * (m2 - m1) + (d2 - d1)
}

fn parts(date: BizDate) -> (i64, i64, i64) {
    let naive = date.naive();
    (
        i64::from(naive.year()),
        i64::from(naive.month()),
        i64::from(naive.day()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> BizDate {
        BizDate::parse(text).unwrap()
    }

    fn thirty(start: &str, end: &str) -> i64 {
        DayCount::Thirty360.days(date(start), date(end))
    }

    #[test]
    fn actual_days_count_the_leap_day() {
        let days = DayCount::Act365F.days(date("2024-02-28"), date("2024-03-01"));
        assert_eq!(days, 2);
        assert_eq!(
            DayCount::Act360.days(date("2025-02-28"), date("2025-03-01")),
            1
        );
    }

    #[test]
    fn first_day_counted_last_day_not() {
        let (start, end) = (date("2025-08-15"), date("2025-10-29"));
        assert_eq!(DayCount::Act360.days(start, end), 75);
        assert_eq!(DayCount::Act365F.year_fraction_parts(start, end), (75, 365));
        assert_eq!(DayCount::Act360.year_fraction_parts(start, end), (75, 360));
    }

    #[test]
    fn reversed_period_is_negative() {
        assert_eq!(
            DayCount::Act360.days(date("2025-10-29"), date("2025-08-15")),
            -75
        );
        assert_eq!(thirty("2025-10-29", "2025-08-15"), -74);
    }

    #[test]
    fn thirty_360_whole_months_and_years() {
        assert_eq!(thirty("2025-08-15", "2025-10-29"), 74);
        assert_eq!(thirty("2025-01-15", "2025-02-15"), 30);
        assert_eq!(thirty("2024-03-10", "2025-03-10"), 360);
        assert_eq!(thirty("2024-12-20", "2025-01-05"), 15);
    }

    #[test]
    fn thirty_360_month_ends() {
        // Start on the 31st counts as the 30th.
        assert_eq!(thirty("2025-01-31", "2025-02-28"), 28);
        assert_eq!(thirty("2025-03-31", "2025-04-30"), 30);
        // End on the 31st becomes the 30th only after a start on the 30th or 31st.
        assert_eq!(thirty("2025-01-31", "2025-03-31"), 60);
        assert_eq!(thirty("2025-04-30", "2025-05-31"), 30);
        assert_eq!(thirty("2025-05-01", "2025-05-31"), 30);
        assert_eq!(thirty("2025-05-15", "2025-07-31"), 76);
        // No end-of-February rule in bond basis.
        assert_eq!(thirty("2024-02-29", "2024-03-31"), 32);
        assert_eq!(thirty("2025-02-28", "2025-03-31"), 33);
    }

    #[test]
    fn basis_days() {
        assert_eq!(DayCount::Act360.basis_days(), 360);
        assert_eq!(DayCount::Act365F.basis_days(), 365);
        assert_eq!(DayCount::Thirty360.basis_days(), 360);
    }

    #[test]
    fn serde_names() {
        let all = [DayCount::Act360, DayCount::Act365F, DayCount::Thirty360];
        let json = serde_json::to_string(&all).unwrap();
        assert_eq!(json, r#"["act_360","act_365f","thirty_360"]"#);
        let back: Vec<DayCount> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, all);
        assert!(serde_json::from_str::<DayCount>(r#""act360""#).is_err());
    }
}
