//! Business dates: civil calendar dates in China (Asia/Shanghai, UTC+8 all year).
//!
//! A [`BizDate`] is never derived from a UTC date. The ISF Open API carries dates as
//! millisecond timestamps "precise to the day"; [`BizDate::from_millis`] and
//! [`BizDate::to_millis`] convert at that edge, always at UTC+8, which has had no daylight
//! saving since 1991.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{CoreError, Result};

const MILLIS_PER_DAY: i64 = 86_400_000;
const BEIJING_OFFSET_MILLIS: i64 = 8 * 3_600_000;

/// A calendar date in China, in the years 1 to 9999. Serialised as `"YYYY-MM-DD"`.
///
/// The range is that of the four-digit form: every date a `BizDate` can hold prints and parses
/// back, so no arithmetic can produce a date that a journal could store but not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BizDate(NaiveDate);

impl BizDate {
    /// The date `year-month-day`, or an error for a date that does not exist.
    pub fn new(year: i32, month: u32, day: u32) -> Result<BizDate> {
        NaiveDate::from_ymd_opt(year, month, day)
            .and_then(BizDate::within_range)
            .ok_or_else(|| CoreError::DateParse {
                input: format!("{year:04}-{month:02}-{day:02}"),
                reason: "no such calendar date in the years 1 to 9999",
            })
    }

    /// Wraps a chrono date inside the supported years.
    fn within_range(date: NaiveDate) -> Option<BizDate> {
        (1..=9999).contains(&date.year()).then_some(BizDate(date))
    }

    /// Parses `YYYY-MM-DD` exactly (no time, no zone).
    pub fn parse(text: &str) -> Result<BizDate> {
        let bad = |reason| CoreError::DateParse {
            input: text.to_owned(),
            reason,
        };
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(bad("expected YYYY-MM-DD"));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(BizDate::within_range)
            .ok_or_else(|| bad("no such calendar date in the years 1 to 9999"))
    }

    /// The Beijing civil date on which the instant `millis` (since the Unix epoch) falls.
    pub fn from_millis(millis: i64) -> Result<BizDate> {
        let out_of_range = || CoreError::TimestampOutOfRange { millis };
        let local = millis
            .checked_add(BEIJING_OFFSET_MILLIS)
            .ok_or_else(out_of_range)?;
        let days = local.div_euclid(MILLIS_PER_DAY);
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).ok_or_else(out_of_range)?;
        let offset = chrono::Duration::try_days(days).ok_or_else(out_of_range)?;
        epoch
            .checked_add_signed(offset)
            .and_then(BizDate::within_range)
            .ok_or_else(out_of_range)
    }

    /// Midnight at the start of this date in Beijing, in milliseconds since the Unix epoch.
    pub fn to_millis(self) -> i64 {
        let days = self.days_since_epoch();
        days * MILLIS_PER_DAY - BEIJING_OFFSET_MILLIS
    }

    /// The wrapped chrono date.
    pub const fn naive(self) -> NaiveDate {
        self.0
    }

    /// Calendar year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// Calendar month, 1 to 12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// Day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// Day of the week.
    pub fn weekday(self) -> Weekday {
        self.0.weekday()
    }

    /// True on Saturday and Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: BizDate) -> i64 {
        (later.0 - self.0).num_days()
    }

    /// The date `days` later (or earlier, when negative).
    pub fn add_days(self, days: i64) -> Result<BizDate> {
        let out = || CoreError::DateOutOfRange {
            what: format!("{self} + {days} days"),
        };
        let shifted = if days >= 0 {
            self.0.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            self.0.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        shifted.and_then(BizDate::within_range).ok_or_else(out)
    }

    /// The date `months` later (or earlier), clamped to the end of a shorter month:
    /// 31 January plus one month is 28 or 29 February.
    pub fn add_months(self, months: i32) -> Result<BizDate> {
        let out = || CoreError::DateOutOfRange {
            what: format!("{self} + {months} months"),
        };
        let shifted = if months >= 0 {
            self.0
                .checked_add_months(Months::new(months.unsigned_abs()))
        } else {
            self.0
                .checked_sub_months(Months::new(months.unsigned_abs()))
        };
        shifted.and_then(BizDate::within_range).ok_or_else(out)
    }

    /// The next calendar day.
    pub fn succ(self) -> Result<BizDate> {
        self.add_days(1)
    }

    /// The previous calendar day.
    pub fn pred(self) -> Result<BizDate> {
        self.add_days(-1)
    }

    fn days_since_epoch(self) -> i64 {
        i64::from(self.0.num_days_from_ce()) - i64::from(UNIX_EPOCH_DAYS_FROM_CE)
    }
}

/// `NaiveDate::from_ymd(1970, 1, 1).num_days_from_ce()`.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl fmt::Display for BizDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for BizDate {
    type Err = CoreError;

    fn from_str(text: &str) -> Result<BizDate> {
        BizDate::parse(text)
    }
}

impl Serialize for BizDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for BizDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        BizDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_midnight_timestamp() {
        let date = BizDate::new(2025, 6, 30).unwrap();
        assert_eq!(date.to_millis(), 1_751_212_800_000);
        assert_eq!(BizDate::from_millis(1_751_212_800_000).unwrap(), date);
    }

    #[test]
    fn late_utc_evening_is_next_beijing_day() {
        // 2025-06-29T16:00:00Z is 2025-06-30 00:00 in Beijing.
        let just_before = BizDate::from_millis(1_751_212_800_000 - 1).unwrap();
        assert_eq!(just_before, BizDate::new(2025, 6, 29).unwrap());
    }

    #[test]
    fn month_end_clamps() {
        let jan31 = BizDate::new(2024, 1, 31).unwrap();
        assert_eq!(
            jan31.add_months(1).unwrap(),
            BizDate::new(2024, 2, 29).unwrap()
        );
        let jan31 = BizDate::new(2025, 1, 31).unwrap();
        assert_eq!(
            jan31.add_months(1).unwrap(),
            BizDate::new(2025, 2, 28).unwrap()
        );
    }

    #[test]
    fn dates_stay_within_four_digit_years() {
        let last = BizDate::new(9999, 12, 31).unwrap();
        assert!(last.add_days(1).is_err());
        assert!(last.add_months(1).is_err());
        assert!(BizDate::parse("0000-01-01").is_err());
        assert!(BizDate::new(10_000, 1, 1).is_err());
        assert!(BizDate::from_millis(i64::MAX / 2).is_err());
        assert_eq!(BizDate::parse(&last.to_string()).unwrap(), last);
    }

    #[test]
    fn parse_refuses_loose_forms() {
        for bad in [
            "2025-6-30",
            "2025/06/30",
            "2025-02-30",
            "",
            "2025-06-30T00:00",
        ] {
            assert!(BizDate::parse(bad).is_err(), "{bad}");
        }
    }
}
