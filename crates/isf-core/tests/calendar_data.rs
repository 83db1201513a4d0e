//! Holiday notice files that must be refused, each with an error that names the problem.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use isf_core::{BizDate, CoreError, HolidayCalendar};

const NOTICE_2025: &str = include_str!("../data/holiday-cn/2025.json");

fn refusal(files: &[&str]) -> String {
    match HolidayCalendar::from_year_files(files) {
        Err(CoreError::CalendarData { reason }) => reason,
        other => panic!("expected CalendarData, got {other:?}"),
    }
}

fn assert_names(files: &[&str], words: &[&str]) {
    let reason = refusal(files);
    for word in words {
        assert!(reason.contains(word), "{word:?} missing from {reason:?}");
    }
}

/// The real 2025 notice with one exact piece of text replaced.
fn edited_2025(from: &str, to: &str) -> String {
    assert_eq!(NOTICE_2025.matches(from).count(), 1, "{from}");
    NOTICE_2025.replace(from, to)
}

#[test]
fn malformed_json() {
    assert_names(&["{"], &["does not parse", "EOF"]);
    assert_names(&[""], &["does not parse"]);
    assert_names(&["[]"], &["does not parse"]);
    let truncated = &NOTICE_2025[..NOTICE_2025.len() / 2];
    assert_names(&[truncated], &["does not parse"]);
}

#[test]
fn wrong_types() {
    let flag_as_text = edited_2025(
        "\"date\": \"2025-01-01\",\n            \"isOffDay\": true",
        "\"date\": \"2025-01-01\",\n            \"isOffDay\": \"true\"",
    );
    assert_names(&[&flag_as_text], &["does not parse", "boolean"]);

    let year_as_text = edited_2025("\"year\": 2025", "\"year\": \"2025\"");
    assert_names(&[&year_as_text], &["does not parse", "i32"]);

    let date_as_number = edited_2025("\"date\": \"2025-01-01\"", "\"date\": 20250101");
    assert_names(&[&date_as_number], &["does not parse", "string"]);

    let no_days = r#"{"year": 2025, "papers": []}"#;
    assert_names(&[no_days], &["missing field `days`"]);
}

#[test]
fn bad_dates() {
    let impossible = edited_2025("\"2025-01-01\"", "\"2025-02-29\"");
    assert_names(&[&impossible], &["notice 2025", "2025-02-29"]);

    let wrong_year = edited_2025("\"2025-01-01\"", "\"2023-01-01\"");
    assert_names(&[&wrong_year], &["notice 2025", "2023-01-01"]);

    let with_time = edited_2025("\"2025-01-01\"", "\"2025-01-01T00:00:00+08:00\"");
    assert_names(&[&with_time], &["2025-01-01T00:00:00+08:00"]);
}

#[test]
fn contradicting_duplicate() {
    // List 2025-10-01 a second time, as a workday.
    let duplicate = edited_2025("\"date\": \"2025-10-11\"", "\"date\": \"2025-10-01\"");
    assert_names(&[&duplicate], &["notice 2025", "2025-10-01", "both"]);
}

#[test]
fn flipped_flag_inside_a_holiday() {
    let flipped = edited_2025(
        "\"date\": \"2025-10-03\",\n            \"isOffDay\": true",
        "\"date\": \"2025-10-03\",\n            \"isOffDay\": false",
    );
    assert_names(&[&flipped], &["2025-10-03 (Friday)", "not a weekend day"]);
}

#[test]
fn same_year_twice() {
    assert_names(
        &[NOTICE_2025, NOTICE_2025],
        &["two files for notice year 2025"],
    );
}

#[test]
fn refused_load_leaves_the_calendar_unchanged() {
    let mut calendar = HolidayCalendar::china().unwrap();
    let flipped = edited_2025(
        "\"date\": \"2025-10-03\",\n            \"isOffDay\": true",
        "\"date\": \"2025-10-03\",\n            \"isOffDay\": false",
    );

    let result = calendar.load_year_file(&flipped);

    assert!(matches!(result, Err(CoreError::CalendarData { .. })));
    let national_day = BizDate::parse("2025-10-03").unwrap();
    assert!(!calendar.is_business_day(national_day).unwrap());
}
