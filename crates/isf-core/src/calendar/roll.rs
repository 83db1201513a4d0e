//! Moving through business days: the next and previous business day, adding business days, and
//! rolling a date by a [`BusinessDayConvention`].
//!
//! Every search is bounded, so a calendar with bad data (say, a year listed entirely as days
//! off) fails with an error instead of looping.

use super::{BusinessDayConvention, HolidayCalendar, calendar_error};
use crate::date::BizDate;
use crate::error::{CoreError, Result};

/// Calendar days searched for a business day before giving up. The longest real run of days
/// off is about ten days (the extended 2020 Spring Festival); sixty means the data is wrong.
const SEARCH_LIMIT_DAYS: u32 = 60;

/// Largest business-day shift accepted by
/// [`add_business_days`](HolidayCalendar::add_business_days), about forty years.
const MAX_BUSINESS_DAY_SHIFT: u64 = 10_000;

#[derive(Clone, Copy)]
enum Direction {
    Forward,
    Backward,
}

impl HolidayCalendar {
    /// The first business day strictly after `date`.
    ///
    /// # Errors
    ///
    /// [`CoreError::YearNotCovered`] when the search reaches an unknown date under
    /// [`UnknownYearPolicy::Refuse`](super::UnknownYearPolicy::Refuse);
    /// [`CoreError::CalendarData`] when no business day lies within 60 days.
    pub fn next_business_day(&self, date: BizDate) -> Result<BizDate> {
        self.search(date, Direction::Forward)
    }

    /// The last business day strictly before `date`.
    ///
    /// # Errors
    ///
    /// As for [`HolidayCalendar::next_business_day`].
    pub fn previous_business_day(&self, date: BizDate) -> Result<BizDate> {
        self.search(date, Direction::Backward)
    }

    /// The date `n` business days after `date` (before it when `n` is negative). Each step
    /// goes to the next (previous) business day, so `date` itself need not be a business day;
    /// `n == 0` returns `date` unchanged — use [`HolidayCalendar::adjust`] to roll it.
    ///
    /// # Errors
    ///
    /// [`CoreError::DateOutOfRange`] when `n` is beyond ±10 000; otherwise as for
    /// [`HolidayCalendar::next_business_day`].
    pub fn add_business_days(&self, date: BizDate, n: i64) -> Result<BizDate> {
        let steps = n.unsigned_abs();
        if steps > MAX_BUSINESS_DAY_SHIFT {
            return Err(CoreError::DateOutOfRange {
                what: format!(
                    "{date} + {n} business days (at most {MAX_BUSINESS_DAY_SHIFT} either way)"
                ),
            });
        }

        let direction = if n < 0 {
            Direction::Backward
        } else {
            Direction::Forward
        };
        let mut day = date;
        for _ in 0..steps {
            day = self.search(day, direction)?;
        }
        Ok(day)
    }

    /// `date` rolled to a business day by `convention`.
    ///
    /// [`Unadjusted`](BusinessDayConvention::Unadjusted) returns `date` without consulting the
    /// calendar, so it never fails.
    ///
    /// # Errors
    ///
    /// As for [`HolidayCalendar::next_business_day`].
    pub fn adjust(&self, date: BizDate, convention: BusinessDayConvention) -> Result<BizDate> {
        match convention {
            BusinessDayConvention::Unadjusted => Ok(date),
            BusinessDayConvention::Following => self.on_or_after(date),
            BusinessDayConvention::Preceding => self.on_or_before(date),
            BusinessDayConvention::ModifiedFollowing => {
                let following = self.on_or_after(date)?;
                if same_month(following, date) {
                    Ok(following)
                } else {
                    self.on_or_before(date)
                }
            }
        }
    }

    fn on_or_after(&self, date: BizDate) -> Result<BizDate> {
        if self.is_business_day(date)? {
            return Ok(date);
        }
        self.next_business_day(date)
    }

    fn on_or_before(&self, date: BizDate) -> Result<BizDate> {
        if self.is_business_day(date)? {
            return Ok(date);
        }
        self.previous_business_day(date)
    }

    fn search(&self, from: BizDate, direction: Direction) -> Result<BizDate> {
        let (step, word) = match direction {
            Direction::Forward => (1, "after"),
            Direction::Backward => (-1, "before"),
        };

        let mut day = from;
        for _ in 0..SEARCH_LIMIT_DAYS {
            day = day.add_days(step)?;
            if self.is_business_day(day)? {
                return Ok(day);
            }
        }

        Err(calendar_error(format!(
            "no business day within {SEARCH_LIMIT_DAYS} days {word} {from}"
        )))
    }
}

fn same_month(a: BizDate, b: BizDate) -> bool {
    a.year() == b.year() && a.month() == b.month()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::UnknownYearPolicy;

    fn date(text: &str) -> BizDate {
        BizDate::parse(text).unwrap()
    }

    fn china() -> HolidayCalendar {
        HolidayCalendar::china().unwrap()
    }

    #[test]
    fn steps_over_a_holiday() {
        let calendar = china();
        assert_eq!(
            calendar.next_business_day(date("2025-09-30")).unwrap(),
            date("2025-10-09")
        );
        let back = calendar.previous_business_day(date("2025-10-09")).unwrap();
        assert_eq!(back, date("2025-09-30"));
    }

    #[test]
    fn add_business_days_counts_make_up_workdays() {
        let calendar = china();
        // Fri 26 Sep, [Sat 27 off], Sun 28 worked, Mon 29, Tue 30, then 1–8 October off.
        let start = date("2025-09-26");
        assert_eq!(
            calendar.add_business_days(start, 1).unwrap(),
            date("2025-09-28")
        );
        assert_eq!(
            calendar.add_business_days(start, 3).unwrap(),
            date("2025-09-30")
        );
        assert_eq!(
            calendar.add_business_days(start, 4).unwrap(),
            date("2025-10-09")
        );
        let back = calendar.add_business_days(date("2025-10-09"), -4).unwrap();
        assert_eq!(back, start);
        assert_eq!(
            calendar.add_business_days(date("2025-10-01"), 0).unwrap(),
            date("2025-10-01")
        );
    }

    #[test]
    fn huge_shift_is_refused() {
        let calendar = china().with_unknown_year_policy(UnknownYearPolicy::WeekendsOnly);
        let result = calendar.add_business_days(date("2025-01-02"), i64::MIN);
        assert!(matches!(result, Err(CoreError::DateOutOfRange { .. })));
    }

    #[test]
    fn bad_data_cannot_hang_a_search() {
        let first = date("2030-01-01");
        let days: Vec<String> = (0..90)
            .map(|offset| {
                let day = first.add_days(offset).unwrap();
                format!(r#"{{"name": "x", "date": "{day}", "isOffDay": true}}"#)
            })
            .collect();
        let json = format!(
            r#"{{"year": 2030, "papers": [], "days": [{}]}}"#,
            days.join(",")
        );
        let calendar = HolidayCalendar::from_year_files(&[&json]).unwrap();

        let result = calendar.next_business_day(date("2030-01-01"));
        let Err(CoreError::CalendarData { reason }) = result else {
            panic!("expected CalendarData, got {result:?}");
        };
        assert!(reason.contains("60 days after 2030-01-01"), "{reason}");
    }

    #[test]
    fn unadjusted_never_consults_the_calendar() {
        let calendar = china();
        let unknown = date("2040-01-01");
        let same = calendar
            .adjust(unknown, BusinessDayConvention::Unadjusted)
            .unwrap();
        assert_eq!(same, unknown);
    }
}
