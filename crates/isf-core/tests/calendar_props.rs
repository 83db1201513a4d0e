//! Properties of business-day rolling over every covered year, and of the notice parser on
//! arbitrary input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::OnceLock;

use isf_core::{BizDate, BusinessDayConvention, CoreError, HolidayCalendar, UnknownYearPolicy};
use proptest::prelude::*;

const NOTICE_2025: &str = include_str!("../data/holiday-cn/2025.json");

/// Days from 2019-01-01 to 2026-12-31, the span the embedded data covers.
const COVERED_DAYS: i64 = 2922;

fn china() -> &'static HolidayCalendar {
    static CALENDAR: OnceLock<HolidayCalendar> = OnceLock::new();
    CALENDAR.get_or_init(|| HolidayCalendar::china().unwrap())
}

/// A covered date at least 90 days inside the covered span, so that moving 40 business days
/// either way stays covered.
fn inner_date() -> impl Strategy<Value = BizDate> {
    let first = BizDate::new(2019, 1, 1).unwrap();
    (90..COVERED_DAYS - 90).prop_map(move |offset| first.add_days(offset).unwrap())
}

fn business(calendar: &HolidayCalendar, date: BizDate) -> bool {
    calendar.is_business_day(date).unwrap()
}

/// Every date from `from` to `to`, both included.
fn span(from: BizDate, to: BizDate) -> impl Iterator<Item = BizDate> {
    (0..=from.days_until(to)).map(move |offset| from.add_days(offset).unwrap())
}

fn same_month(a: BizDate, b: BizDate) -> bool {
    (a.year(), a.month()) == (b.year(), b.month())
}

fn month_of(date: BizDate) -> impl Iterator<Item = BizDate> {
    let first = BizDate::new(date.year(), date.month(), 1).unwrap();
    let last = first.add_months(1).unwrap().pred().unwrap();
    span(first, last)
}

/// Following gives a business day on or after the date with no business day in between.
fn check_following(calendar: &HolidayCalendar, date: BizDate) {
    let rolled = calendar
        .adjust(date, BusinessDayConvention::Following)
        .unwrap();

    assert!(rolled >= date, "{date} -> {rolled}");
    assert!(business(calendar, rolled), "{date} -> {rolled}");
    for between in span(date, rolled).filter(|d| *d < rolled) {
        assert!(
            !business(calendar, between),
            "{date} -> {rolled} skips {between}"
        );
    }
}

/// Preceding gives a business day on or before the date with no business day in between.
fn check_preceding(calendar: &HolidayCalendar, date: BizDate) {
    let rolled = calendar
        .adjust(date, BusinessDayConvention::Preceding)
        .unwrap();

    assert!(rolled <= date, "{date} -> {rolled}");
    assert!(business(calendar, rolled), "{date} -> {rolled}");
    for between in span(rolled, date).filter(|d| *d > rolled) {
        assert!(
            !business(calendar, between),
            "{date} -> {rolled} skips {between}"
        );
    }
}

/// Modified following gives the first business day on or after the date within the date's
/// month; when the month has none after the date, the last business day before it within the
/// month. So whenever the month has any business day at all, the result stays in the month.
fn check_modified_following(calendar: &HolidayCalendar, date: BizDate) {
    let rolled = calendar
        .adjust(date, BusinessDayConvention::ModifiedFollowing)
        .unwrap();

    let month: Vec<BizDate> = month_of(date).filter(|d| business(calendar, *d)).collect();
    let after = month.iter().copied().find(|d| *d >= date);
    let before = month.iter().copied().rev().find(|d| *d <= date);
    let expected = after.or(before);

    assert!(expected.is_some(), "no business day in the month of {date}");
    assert_eq!(Some(rolled), expected, "{date}");
    assert!(same_month(rolled, date), "{date} -> {rolled}");
}

/// The covered span is small enough to check every date, month-end rollbacks included.
#[test]
fn every_covered_date_rolls_to_the_nearest_business_day() {
    let calendar = china();
    let first = BizDate::new(2019, 1, 1).unwrap();

    for offset in 0..COVERED_DAYS {
        let date = first.add_days(offset).unwrap();
        assert!(calendar.is_business_day(date).is_ok(), "{date}");
        check_following(calendar, date);
        check_preceding(calendar, date);
        check_modified_following(calendar, date);
    }
}

proptest! {
    #[test]
    fn weekends_only_rolls_like_the_data_everywhere(offset in 0i64..5000) {
        let calendar = china()
            .clone()
            .with_unknown_year_policy(UnknownYearPolicy::WeekendsOnly);
        let date = BizDate::new(2017, 1, 1).unwrap().add_days(offset).unwrap();

        check_following(&calendar, date);
        check_preceding(&calendar, date);
        check_modified_following(&calendar, date);
    }

    #[test]
    fn adding_business_days_counts_each_one(date in inner_date(), n in -40i64..=40) {
        let calendar = china();
        let moved = calendar.add_business_days(date, n).unwrap();

        let (low, high) = if n >= 0 { (date, moved) } else { (moved, date) };
        let counted = span(low, high)
            .filter(|d| if n >= 0 { *d > low } else { *d < high })
            .filter(|d| business(calendar, *d))
            .count();
        prop_assert_eq!(i64::try_from(counted).unwrap(), n.abs());
        if n != 0 {
            prop_assert!(business(calendar, moved));
        }
        if business(calendar, date) {
            prop_assert_eq!(calendar.add_business_days(moved, -n).unwrap(), date);
        }
    }

    #[test]
    fn parser_never_panics_on_arbitrary_text(text in any::<String>()) {
        let result = HolidayCalendar::from_year_files(&[&text]);
        let refused = matches!(result, Err(CoreError::CalendarData { .. }));
        prop_assert!(refused, "unexpected outcome {:?}", result);
    }

    #[test]
    fn parser_never_panics_on_damaged_notice(
        at in 0usize..NOTICE_2025.len(),
        cut in 0usize..40,
        insert in "[\\[\\]{}\",:0-9a-zA-Z \\-]{0,12}",
    ) {
        let mut damaged = NOTICE_2025.to_owned();
        let start = floor_char_boundary(&damaged, at);
        let end = floor_char_boundary(&damaged, (start + cut).min(damaged.len()));
        damaged.replace_range(start..end, &insert);

        let mut calendar = china().clone();
        match calendar.load_year_file(&damaged) {
            Ok(()) | Err(CoreError::CalendarData { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }

    #[test]
    fn parser_never_panics_on_odd_entries(
        year in any::<i32>(),
        date in "[0-9\\-]{0,12}",
        name in any::<String>(),
        off in any::<bool>(),
    ) {
        let entry = serde_json::json!({"name": name, "date": date, "isOffDay": off});
        let json = serde_json::json!({"year": year, "papers": [], "days": [entry]}).to_string();

        match HolidayCalendar::from_year_files(&[&json]) {
            Ok(_) | Err(CoreError::CalendarData { .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
