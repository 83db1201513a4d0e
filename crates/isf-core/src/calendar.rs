//! The Chinese business calendar: public holidays and weekend make-up working days (调休).
//!
//! A [`HolidayCalendar`] is built from holiday-cn notice files, one per State Council holiday
//! notice. A date is a business day when a notice lists it as a make-up workday, or when no
//! notice lists it and it falls on Monday to Friday.
//!
//! Coverage is per calendar year: year Y is covered when the notice file for Y is loaded and
//! not empty (an empty file means the notice is not out yet, not "no holidays"). For a date
//! in an uncovered year the calendar follows its [`UnknownYearPolicy`]. A date that some
//! notice lists is classified from that listing even when its year is not covered: notice 2019
//! lists 29 December 2018 as a make-up workday, so that date is known while the rest of 2018
//! is not.
//!
//! Late-December dates of a covered year Y can still change when notice Y+1 appears (New
//! Year's Day holidays sometimes start on 30 or 31 December); until then they follow the
//! weekday rule. Platforms load new notices with [`HolidayCalendar::load_year_file`].
//!
//! Reading files is the caller's job; this module takes JSON text.

mod convention;
mod notice;
mod roll;

use std::collections::BTreeMap;

pub use convention::{BusinessDayConvention, UnknownYearPolicy};

use crate::date::BizDate;
use crate::error::{CoreError, Result};
use notice::{DayKind, ListedDay, Notice, calendar_error};

/// The holiday-cn notice files embedded in the crate, oldest first.
const CHINA_NOTICES: [&str; 9] = [
    include_str!("../data/holiday-cn/2019.json"),
    include_str!("../data/holiday-cn/2020.json"),
    include_str!("../data/holiday-cn/2021.json"),
    include_str!("../data/holiday-cn/2022.json"),
    include_str!("../data/holiday-cn/2023.json"),
    include_str!("../data/holiday-cn/2024.json"),
    include_str!("../data/holiday-cn/2025.json"),
    include_str!("../data/holiday-cn/2026.json"),
    include_str!("../data/holiday-cn/2027.json"),
];

/// Mainland China's business days, built from State Council holiday notices.
///
/// Lookups are `O(log n)` in the number of listed dates (a few dozen per year).
///
/// ```
/// use isf_core::{BizDate, BusinessDayConvention, HolidayCalendar};
///
/// let calendar = HolidayCalendar::china()?;
/// let national_day = BizDate::parse("2025-10-01")?;
///
/// assert!(!calendar.is_business_day(national_day)?);
/// assert_eq!(calendar.holiday_name(national_day), Some("国庆节、中秋节"));
/// let paid = calendar.adjust(national_day, BusinessDayConvention::Following)?;
/// assert_eq!(paid, BizDate::parse("2025-10-09")?);
/// # Ok::<(), isf_core::CoreError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct HolidayCalendar {
    /// Every loaded notice by notice year, empty placeholders included.
    notices: BTreeMap<i32, Notice>,
    /// The listed dates of all notices, merged.
    listed: BTreeMap<BizDate, ListedDay>,
    policy: UnknownYearPolicy,
}

impl HolidayCalendar {
    /// The calendar of the holiday-cn files embedded in this crate: notices 2019 to 2026, and
    /// the empty 2027 placeholder (so 2027 is not covered). See `data/holiday-cn/SOURCE.md`.
    ///
    /// # Errors
    ///
    /// [`CoreError::CalendarData`] only if the embedded data were corrupt.
    pub fn china() -> Result<HolidayCalendar> {
        HolidayCalendar::from_year_files(&CHINA_NOTICES)
    }

    /// A calendar from holiday-cn notice files given as JSON text, one file per notice year.
    ///
    /// # Errors
    ///
    /// [`CoreError::CalendarData`] naming the problem when a file does not parse, has a year
    /// outside 1999..=9999, lists a date that does not exist or lies outside its notice year
    /// and the year before, lists a date twice as both day off and workday, lists a weekday as
    /// a make-up workday (other than the day work resumes after a holiday), or has an empty
    /// holiday name; when two files have the same notice year; or when two files contradict
    /// each other about a date.
    pub fn from_year_files(files: &[&str]) -> Result<HolidayCalendar> {
        let mut notices = BTreeMap::new();
        for json in files {
            let notice = Notice::parse(json)?;
            let year = notice.year;
            if notices.insert(year, notice).is_some() {
                return Err(calendar_error(format!("two files for notice year {year}")));
            }
        }

        let listed = merge(&notices)?;
        Ok(HolidayCalendar {
            notices,
            listed,
            policy: UnknownYearPolicy::default(),
        })
    }

    /// Loads one notice file, replacing any file already loaded for the same notice year.
    ///
    /// Platforms call this when a new notice is published or an old one is amended. An empty
    /// file makes its year uncovered again. On error the calendar is left unchanged.
    ///
    /// # Errors
    ///
    /// The same as [`HolidayCalendar::from_year_files`].
    pub fn load_year_file(&mut self, json: &str) -> Result<()> {
        let notice = Notice::parse(json)?;

        let mut notices = self.notices.clone();
        notices.insert(notice.year, notice);
        let listed = merge(&notices)?;

        self.notices = notices;
        self.listed = listed;
        Ok(())
    }

    /// The same calendar, answering for uncovered years according to `policy`.
    #[must_use]
    pub fn with_unknown_year_policy(mut self, policy: UnknownYearPolicy) -> HolidayCalendar {
        self.policy = policy;
        self
    }

    /// The policy for uncovered years.
    pub fn unknown_year_policy(&self) -> UnknownYearPolicy {
        self.policy
    }

    /// The calendar years covered by a non-empty notice, ascending.
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.notices
            .values()
            .filter(|notice| !notice.days.is_empty())
            .map(|notice| notice.year)
    }

    /// True when the notice for `year` is loaded and not empty.
    pub fn is_year_covered(&self, year: i32) -> bool {
        self.notices
            .get(&year)
            .is_some_and(|notice| !notice.days.is_empty())
    }

    /// Whether `date` is a business day (工作日).
    ///
    /// # Errors
    ///
    /// [`CoreError::YearNotCovered`] when no notice lists `date`, its year is not covered and
    /// the policy is [`UnknownYearPolicy::Refuse`].
    pub fn is_business_day(&self, date: BizDate) -> Result<bool> {
        if let Some(listed) = self.listed.get(&date) {
            return Ok(listed.kind == DayKind::MakeUpWorkday);
        }

        let year = date.year();
        if self.is_year_covered(year) || self.policy == UnknownYearPolicy::WeekendsOnly {
            return Ok(!date.is_weekend());
        }
        Err(CoreError::YearNotCovered { year })
    }

    /// The holiday name of a statutory day off as the notice gives it, e.g. `"国庆节"` or
    /// `"国庆节、中秋节"`, for reports. `None` for every other date, including make-up
    /// workdays and weekends that merely adjoin a holiday.
    pub fn holiday_name(&self, date: BizDate) -> Option<&str> {
        self.listed
            .get(&date)
            .filter(|listed| listed.kind == DayKind::DayOff)
            .map(|listed| listed.name.as_str())
    }

    /// True when a notice lists `date` as a make-up workday (调休上班). This is almost always
    /// a weekend day; the exception is a return-to-work day an amending notice names, such as
    /// Monday 2020-02-03 after the extended 2020 Spring Festival.
    pub fn is_make_up_workday(&self, date: BizDate) -> bool {
        self.listed
            .get(&date)
            .is_some_and(|listed| listed.kind == DayKind::MakeUpWorkday)
    }
}

/// All listed dates of all notices. Two notices may list the same date only if they agree;
/// the later notice's name is kept.
fn merge(notices: &BTreeMap<i32, Notice>) -> Result<BTreeMap<BizDate, ListedDay>> {
    let mut merged: BTreeMap<BizDate, (i32, ListedDay)> = BTreeMap::new();

    for notice in notices.values() {
        for (date, listed) in &notice.days {
            match merged.get(date) {
                Some((earlier_year, earlier)) if earlier.kind != listed.kind => {
                    return Err(calendar_error(format!(
                        "notices {earlier_year} and {} disagree whether {date} is a day off",
                        notice.year
                    )));
                }
                _ => {
                    merged.insert(*date, (notice.year, listed.clone()));
                }
            }
        }
    }

    Ok(merged
        .into_iter()
        .map(|(date, (_, listed))| (date, listed))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> BizDate {
        BizDate::parse(text).unwrap()
    }

    fn file(year: i32, days: &[(&str, bool)]) -> String {
        let days: Vec<String> = days
            .iter()
            .map(|(d, off)| format!(r#"{{"name": "元旦", "date": "{d}", "isOffDay": {off}}}"#))
            .collect();
        format!(
            r#"{{"year": {year}, "papers": [], "days": [{}]}}"#,
            days.join(",")
        )
    }

    #[test]
    fn china_covers_2019_to_2026() {
        let calendar = HolidayCalendar::china().unwrap();
        let years: Vec<i32> = calendar.covered_years().collect();
        assert_eq!(years, (2019..=2026).collect::<Vec<_>>());
        assert!(!calendar.is_year_covered(2027));
        assert!(!calendar.is_year_covered(2018));
    }

    #[test]
    fn listed_date_of_uncovered_year_is_known() {
        let calendar = HolidayCalendar::china().unwrap();
        assert!(calendar.is_business_day(date("2018-12-29")).unwrap());
        assert!(!calendar.is_business_day(date("2018-12-31")).unwrap());
        let unlisted = calendar.is_business_day(date("2018-12-28"));
        assert_eq!(unlisted, Err(CoreError::YearNotCovered { year: 2018 }));
    }

    #[test]
    fn weekends_only_is_provisional_weekday_rule() {
        let calendar = HolidayCalendar::china()
            .unwrap()
            .with_unknown_year_policy(UnknownYearPolicy::WeekendsOnly);
        assert!(calendar.is_business_day(date("2027-01-01")).unwrap());
        assert!(!calendar.is_business_day(date("2027-01-02")).unwrap());
    }

    #[test]
    fn names_only_days_off() {
        let calendar = HolidayCalendar::china().unwrap();
        assert_eq!(calendar.holiday_name(date("2024-10-01")), Some("国庆节"));
        assert_eq!(calendar.holiday_name(date("2024-09-29")), None);
        assert!(calendar.is_make_up_workday(date("2024-09-29")));
        assert!(!calendar.is_make_up_workday(date("2024-10-01")));
    }

    #[test]
    fn same_notice_year_twice_is_refused() {
        let a = file(2030, &[("2030-01-01", true)]);
        let result = HolidayCalendar::from_year_files(&[&a, &a]);
        let Err(CoreError::CalendarData { reason }) = result else {
            panic!("expected CalendarData, got {result:?}");
        };
        assert!(reason.contains("2030"), "{reason}");
    }

    #[test]
    fn notices_that_disagree_are_refused() {
        let earlier = file(2030, &[("2030-12-29", true)]);
        let later = file(2031, &[("2030-12-29", false)]);
        let result = HolidayCalendar::from_year_files(&[&earlier, &later]);
        let Err(CoreError::CalendarData { reason }) = result else {
            panic!("expected CalendarData, got {result:?}");
        };
        assert!(
            reason.contains("2030-12-29") && reason.contains("2031"),
            "{reason}"
        );
    }

    #[test]
    fn load_replaces_a_year_and_keeps_state_on_error() {
        let mut calendar = HolidayCalendar::from_year_files(&[]).unwrap();
        assert_eq!(calendar.covered_years().count(), 0);

        calendar
            .load_year_file(&file(2030, &[("2030-01-01", true)]))
            .unwrap();
        assert!(!calendar.is_business_day(date("2030-01-01")).unwrap());

        calendar
            .load_year_file(&file(2030, &[("2030-01-02", true)]))
            .unwrap();
        assert!(calendar.is_business_day(date("2030-01-01")).unwrap());
        assert!(!calendar.is_business_day(date("2030-01-02")).unwrap());

        assert!(calendar.load_year_file("{").is_err());
        assert!(!calendar.is_business_day(date("2030-01-02")).unwrap());

        calendar.load_year_file(&file(2030, &[])).unwrap();
        assert!(!calendar.is_year_covered(2030));
    }
}
