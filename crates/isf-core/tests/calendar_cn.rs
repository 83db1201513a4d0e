//! The embedded mainland-China calendar against the State Council notices it was built from.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use isf_core::{BizDate, BusinessDayConvention, CoreError, HolidayCalendar, UnknownYearPolicy};

use BusinessDayConvention::{Following, ModifiedFollowing, Preceding, Unadjusted};

fn date(text: &str) -> BizDate {
    BizDate::parse(text).unwrap()
}

fn china() -> HolidayCalendar {
    HolidayCalendar::china().unwrap()
}

fn business(calendar: &HolidayCalendar, text: &str) -> bool {
    calendar.is_business_day(date(text)).unwrap()
}

fn adjusted(calendar: &HolidayCalendar, text: &str, convention: BusinessDayConvention) -> String {
    calendar.adjust(date(text), convention).unwrap().to_string()
}

#[test]
fn national_day_2025_rolls_to_the_ninth() {
    let calendar = china();

    for day in 1..=8 {
        let text = format!("2025-10-{day:02}");
        assert!(!business(&calendar, &text), "{text}");
        assert_eq!(calendar.holiday_name(date(&text)), Some("国庆节、中秋节"));
    }
    assert!(business(&calendar, "2025-10-09"));

    assert_eq!(adjusted(&calendar, "2025-10-01", Following), "2025-10-09");
    assert_eq!(
        adjusted(&calendar, "2025-10-01", ModifiedFollowing),
        "2025-10-09"
    );
    assert_eq!(adjusted(&calendar, "2025-10-01", Preceding), "2025-09-30");
    assert_eq!(adjusted(&calendar, "2025-10-01", Unadjusted), "2025-10-01");
}

#[test]
fn make_up_workdays_of_2025_national_day_are_business_days() {
    let calendar = china();

    for text in ["2025-09-28", "2025-10-11"] {
        assert!(date(text).is_weekend(), "{text}");
        assert!(business(&calendar, text), "{text}");
        assert!(calendar.is_make_up_workday(date(text)), "{text}");
        assert_eq!(calendar.holiday_name(date(text)), None);
    }

    // The Saturday before the make-up Sunday stays a day off.
    assert!(!business(&calendar, "2025-09-27"));
    assert_eq!(adjusted(&calendar, "2025-09-27", Following), "2025-09-28");
    assert_eq!(adjusted(&calendar, "2025-09-27", Preceding), "2025-09-26");
}

#[test]
fn new_year_2026_and_its_make_up_sunday() {
    let calendar = china();

    for text in ["2026-01-01", "2026-01-02", "2026-01-03"] {
        assert!(!business(&calendar, text), "{text}");
        assert_eq!(calendar.holiday_name(date(text)), Some("元旦"));
    }
    assert!(business(&calendar, "2026-01-04"));
    assert!(calendar.is_make_up_workday(date("2026-01-04")));

    assert_eq!(adjusted(&calendar, "2026-01-01", Following), "2026-01-04");
    assert_eq!(adjusted(&calendar, "2026-01-03", Preceding), "2025-12-31");
}

#[test]
fn modified_following_rolls_back_at_month_ends() {
    let calendar = china();

    // Dragon Boat 2025: Sat 31 May to Mon 2 June off.
    assert_eq!(adjusted(&calendar, "2025-05-31", Following), "2025-06-03");
    assert_eq!(
        adjusted(&calendar, "2025-05-31", ModifiedFollowing),
        "2025-05-30"
    );

    // Mid-Autumn and National Day 2023: Fri 29 September to Fri 6 October off, and the
    // next working day is the make-up Saturday 7 October.
    assert_eq!(adjusted(&calendar, "2023-09-30", Following), "2023-10-07");
    assert_eq!(
        adjusted(&calendar, "2023-09-30", ModifiedFollowing),
        "2023-09-28"
    );

    // Labour Day 2022: Sat 30 April to Wed 4 May off.
    assert_eq!(
        adjusted(&calendar, "2022-04-30", ModifiedFollowing),
        "2022-04-29"
    );
}

#[test]
fn weekend_adjoining_a_holiday_is_off_but_unnamed() {
    let calendar = china();

    // Dragon Boat 2024 is Monday 10 June; the weekend before is an ordinary weekend.
    assert!(!business(&calendar, "2024-06-08"));
    assert_eq!(calendar.holiday_name(date("2024-06-08")), None);
    assert_eq!(calendar.holiday_name(date("2024-06-10")), Some("端午节"));
    assert_eq!(adjusted(&calendar, "2024-06-08", Following), "2024-06-11");
}

#[test]
fn extended_spring_festival_2020() {
    let calendar = china();

    // The extension turned the make-up Saturday 1 February into a day off.
    assert!(!business(&calendar, "2020-01-31"));
    assert!(!business(&calendar, "2020-02-01"));
    assert!(!business(&calendar, "2020-02-02"));
    assert!(business(&calendar, "2020-02-03"));
    assert_eq!(adjusted(&calendar, "2020-01-24", Following), "2020-02-03");
}

#[test]
fn late_2018_is_known_only_where_notice_2019_lists_it() {
    let calendar = china();

    assert!(!calendar.is_year_covered(2018));
    assert!(business(&calendar, "2018-12-29"));
    assert!(!business(&calendar, "2018-12-30"));
    assert_eq!(calendar.holiday_name(date("2018-12-31")), Some("元旦"));

    assert_eq!(
        calendar.is_business_day(date("2018-12-28")),
        Err(CoreError::YearNotCovered { year: 2018 })
    );
    assert_eq!(adjusted(&calendar, "2019-01-01", Preceding), "2018-12-29");
}

#[test]
fn year_2027_is_refused_unless_weekends_only() {
    let calendar = china();

    assert!(!calendar.is_year_covered(2027));
    let refused = CoreError::YearNotCovered { year: 2027 };
    let first_of_2027 = date("2027-01-01");
    assert_eq!(
        calendar.is_business_day(date("2027-03-01")),
        Err(refused.clone())
    );
    assert_eq!(
        calendar.adjust(first_of_2027, Following),
        Err(refused.clone())
    );
    assert_eq!(calendar.next_business_day(date("2026-12-31")), Err(refused));

    let provisional = calendar.with_unknown_year_policy(UnknownYearPolicy::WeekendsOnly);
    assert!(business(&provisional, "2027-01-01"));
    assert_eq!(
        adjusted(&provisional, "2027-01-02", Following),
        "2027-01-04"
    );
    assert_eq!(
        adjusted(&provisional, "2027-01-02", Preceding),
        "2027-01-01"
    );
    // Data still wins over the weekday rule where a notice lists the date.
    assert!(business(&provisional, "2018-12-29"));
    assert!(!business(&provisional, "2018-12-31"));
}

#[test]
fn loading_the_2027_notice_covers_2027() {
    let mut calendar = china();
    let notice_2027 = r#"{
        "year": 2027,
        "papers": ["https://www.gov.cn/example"],
        "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
            {"name": "春节", "date": "2027-02-06", "isOffDay": false}
        ]
    }"#;

    calendar.load_year_file(notice_2027).unwrap();

    assert!(calendar.is_year_covered(2027));
    assert!(!business(&calendar, "2027-01-01"));
    assert!(business(&calendar, "2027-02-06"));
    assert_eq!(adjusted(&calendar, "2027-01-01", Following), "2027-01-04");
    assert_eq!(calendar.covered_years().last(), Some(2027));
}

#[test]
fn reloading_an_embedded_file_changes_nothing() {
    let mut calendar = china();
    let file = include_str!("../data/holiday-cn/2025.json");

    calendar.load_year_file(file).unwrap();

    assert_eq!(calendar.covered_years().count(), 8);
    assert_eq!(adjusted(&calendar, "2025-10-01", Following), "2025-10-09");
}

#[test]
fn add_business_days_across_spring_festival_2026() {
    let calendar = china();

    // Fri 13 Feb, Sat 14 worked, 15–23 off, Tue 24 back.
    let start = date("2026-02-13");
    assert_eq!(
        calendar.add_business_days(start, 1).unwrap(),
        date("2026-02-14")
    );
    assert_eq!(
        calendar.add_business_days(start, 2).unwrap(),
        date("2026-02-24")
    );
    assert_eq!(
        calendar.add_business_days(date("2026-02-24"), -2).unwrap(),
        start
    );
}
