//! Reading one holiday-cn notice file: the days off and make-up workdays that one State Council
//! holiday notice (国务院办公厅关于…部分节假日安排的通知) announces for its year.
//!
//! Parsing is two steps: serde checks the shape, then [`Notice::parse`] checks the meaning
//! (dates exist, fall in the notice's span, do not contradict each other) and reports every
//! problem with the notice year and the offending date.

use std::collections::BTreeMap;

use chrono::Weekday;
use serde::Deserialize;

use crate::date::BizDate;
use crate::error::{CoreError, Result};

/// Notice years outside `FIRST..=LAST` are typos, not data; the bounds also keep all date
/// arithmetic far from chrono's limits.
const FIRST_NOTICE_YEAR: i32 = 1999;
const LAST_NOTICE_YEAR: i32 = 9999;

/// What a listed date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayKind {
    /// A statutory day off (放假).
    DayOff,
    /// A weekend day worked to make up for a holiday (调休上班).
    MakeUpWorkday,
}

/// A date a notice lists, with the holiday it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ListedDay {
    pub(crate) kind: DayKind,
    pub(crate) name: String,
}

/// One validated notice file.
#[derive(Clone, Debug)]
pub(crate) struct Notice {
    /// The year in the notice title; late-December dates of the year before may be listed.
    pub(crate) year: i32,
    pub(crate) days: BTreeMap<BizDate, ListedDay>,
}

/// The file as holiday-cn writes it; `$schema` and `$id` are ignored.
#[derive(Deserialize)]
struct RawNotice {
    year: i32,
    #[serde(rename = "papers")]
    _papers: Vec<String>,
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
struct RawDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

impl Notice {
    /// Parses and validates one notice file.
    pub(crate) fn parse(json: &str) -> Result<Notice> {
        let raw: RawNotice = serde_json::from_str(json)
            .map_err(|e| calendar_error(format!("holiday notice file does not parse: {e}")))?;

        let year = raw.year;
        if !(FIRST_NOTICE_YEAR..=LAST_NOTICE_YEAR).contains(&year) {
            return Err(calendar_error(format!(
                "notice year {year} is outside {FIRST_NOTICE_YEAR}..={LAST_NOTICE_YEAR}"
            )));
        }

        let mut days = BTreeMap::new();
        for raw_day in raw.days {
            let (date, listed) = validate_day(year, raw_day)?;
            insert_day(year, &mut days, date, listed)?;
        }

        check_weekday_workdays(year, &days)?;
        Ok(Notice { year, days })
    }
}

fn validate_day(year: i32, raw: RawDay) -> Result<(BizDate, ListedDay)> {
    let date = BizDate::parse(&raw.date).map_err(|_| {
        calendar_error(format!(
            "notice {year}: date {:?} is not a YYYY-MM-DD calendar date",
            raw.date
        ))
    })?;

    if !(year - 1..=year).contains(&date.year()) {
        return Err(calendar_error(format!(
            "notice {year}: date {date} is outside the years {} and {year}",
            year - 1
        )));
    }

    if raw.name.trim().is_empty() {
        return Err(calendar_error(format!(
            "notice {year}: date {date} has an empty holiday name"
        )));
    }

    let kind = if raw.is_off_day {
        DayKind::DayOff
    } else {
        DayKind::MakeUpWorkday
    };
    Ok((
        date,
        ListedDay {
            kind,
            name: raw.name,
        },
    ))
}

/// A date listed twice must say the same thing both times; the first name is kept.
fn insert_day(
    year: i32,
    days: &mut BTreeMap<BizDate, ListedDay>,
    date: BizDate,
    listed: ListedDay,
) -> Result<()> {
    match days.get(&date) {
        Some(earlier) if earlier.kind != listed.kind => Err(calendar_error(format!(
            "notice {year}: date {date} is listed both as a day off and as a workday"
        ))),
        Some(_) => Ok(()),
        None => {
            days.insert(date, listed);
            Ok(())
        }
    }
}

/// A make-up workday falls on a weekend; one on a weekday most likely has its `isOffDay` flag
/// flipped. The one exception is the day work resumes right after a holiday's last day off,
/// which an amending notice may name explicitly (the 2020 Spring Festival extension names
/// Monday 2020-02-03).
fn check_weekday_workdays(year: i32, days: &BTreeMap<BizDate, ListedDay>) -> Result<()> {
    let mut last_day_off: BTreeMap<&str, BizDate> = BTreeMap::new();
    for (date, listed) in days {
        if listed.kind == DayKind::DayOff {
            last_day_off.insert(&listed.name, *date);
        }
    }

    for (date, listed) in days {
        if listed.kind == DayKind::DayOff || date.is_weekend() {
            continue;
        }
        let resumes_work = last_day_off
            .get(listed.name.as_str())
            .is_some_and(|last| last.succ().ok() == Some(*date));
        if !resumes_work {
            return Err(calendar_error(format!(
                "notice {year}: make-up workday {date} ({}) is not a weekend day",
                weekday_name(date.weekday())
            )));
        }
    }
    Ok(())
}

fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

pub(crate) fn calendar_error(reason: String) -> CoreError {
    CoreError::CalendarData { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(year: &str, days: &str) -> String {
        format!(r#"{{"year": {year}, "papers": [], "days": [{days}]}}"#)
    }

    fn day(date: &str, off: bool) -> String {
        format!(r#"{{"name": "国庆节", "date": "{date}", "isOffDay": {off}}}"#)
    }

    fn reason(json: &str) -> String {
        match Notice::parse(json) {
            Err(CoreError::CalendarData { reason }) => reason,
            other => panic!("expected CalendarData, got {other:?}"),
        }
    }

    #[test]
    fn reads_days_off_and_workdays() {
        let json = notice(
            "2025",
            &[day("2025-09-28", false), day("2025-10-01", true)].join(","),
        );
        let parsed = Notice::parse(&json).unwrap();
        assert_eq!(parsed.year, 2025);
        let kinds: Vec<DayKind> = parsed.days.values().map(|d| d.kind).collect();
        assert_eq!(kinds, [DayKind::MakeUpWorkday, DayKind::DayOff]);
    }

    #[test]
    fn empty_notice_parses() {
        let parsed = Notice::parse(&notice("2027", "")).unwrap();
        assert!(parsed.days.is_empty());
    }

    #[test]
    fn refuses_bad_year() {
        assert!(reason(&notice("1900", "")).contains("notice year 1900"));
        assert!(reason(&notice("2025.5", "")).contains("does not parse"));
        assert!(reason(&notice("\"2025\"", "")).contains("does not parse"));
    }

    #[test]
    fn refuses_missing_fields() {
        assert!(reason(r#"{"year": 2025, "days": []}"#).contains("papers"));
        let no_flag = notice("2025", r#"{"name": "x", "date": "2025-10-01"}"#);
        assert!(reason(&no_flag).contains("isOffDay"));
    }

    #[test]
    fn refuses_bad_and_stray_dates() {
        assert!(reason(&notice("2025", &day("2025-02-30", true))).contains("\"2025-02-30\""));
        assert!(reason(&notice("2025", &day("2025/10/01", true))).contains("2025/10/01"));
        assert!(reason(&notice("2025", &day("2023-12-31", true))).contains("2023-12-31"));
        assert!(reason(&notice("2025", &day("2026-01-01", true))).contains("2026-01-01"));
    }

    #[test]
    fn accepts_previous_december() {
        let parsed = Notice::parse(&notice("2019", &day("2018-12-31", true))).unwrap();
        assert_eq!(parsed.days.len(), 1);
    }

    #[test]
    fn refuses_contradicting_duplicate() {
        let json = notice(
            "2025",
            &[day("2025-10-04", true), day("2025-10-04", false)].join(","),
        );
        let why = reason(&json);
        assert!(why.contains("2025-10-04") && why.contains("both"), "{why}");
    }

    #[test]
    fn accepts_agreeing_duplicate() {
        let json = notice(
            "2025",
            &[day("2025-10-01", true), day("2025-10-01", true)].join(","),
        );
        assert_eq!(Notice::parse(&json).unwrap().days.len(), 1);
    }

    #[test]
    fn refuses_weekday_workday() {
        // 2025-10-03 is a Friday inside the holiday: a flipped flag.
        let json = notice(
            "2025",
            &[day("2025-10-01", true), day("2025-10-03", false)].join(","),
        );
        let why = reason(&json);
        assert!(why.contains("2025-10-03 (Friday)"), "{why}");
    }

    #[test]
    fn accepts_return_to_work_after_last_day_off() {
        let json = notice(
            "2025",
            &[day("2025-10-08", true), day("2025-10-09", false)].join(","),
        );
        assert!(Notice::parse(&json).is_ok());
    }

    #[test]
    fn refuses_empty_name() {
        let json = notice(
            "2025",
            r#"{"name": " ", "date": "2025-10-01", "isOffDay": true}"#,
        );
        assert!(reason(&json).contains("empty holiday name"));
    }
}
