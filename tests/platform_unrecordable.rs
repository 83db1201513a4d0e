//! A decision that the journal's own read-back checks would refuse is never written: the
//! command is refused, nothing is appended and the journal still opens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;

use common::{Fixture, config, key};
use isf::Platform;
use isf::bid::StarfireVerifier;
use isf::core::{DayCount, HolidayCalendar, Rate, RoundingMode, VoucherId};
use isf::finance::FinanceError;
use isf::finance::financing::DiscountTerms;
use isf::finance::voucher::VoucherCommand;
use isf::platform::{Command, PlatformConfig, PlatformError};
use isf::store::{Journal, MemoryJournal};

fn entries(fixture: &Fixture) -> u64 {
    fixture.platform.journal().head().unwrap().seq
}

fn reopens(journal: Arc<dyn Journal>, config: PlatformConfig) {
    Platform::open(config, Box::new(StarfireVerifier), journal).unwrap();
}

#[test]
fn a_financing_application_cannot_be_withdrawn_once_the_voucher_matured() {
    let mut fixture = Fixture::new();
    let root = fixture.issue_signed("V-1", "1,000,000.00");
    let (tier1, operator) = (key(common::TIER1), key(common::OPERATOR));
    let apply = Command::ApplyFinancing {
        piece: root,
        application: "FA-1".to_owned(),
        funder: fixture.factor.bid().clone(),
        terms: DiscountTerms {
            rate: Rate::parse("2.62%").unwrap(),
            day_count: DayCount::Act360,
            rounding: RoundingMode::HalfUp,
            extra_days: 0,
        },
    };
    fixture
        .submit(&tier1, "apply", apply, "2025-08-15")
        .unwrap();
    let voucher = VoucherId::parse("V-1").unwrap();
    let mature = Command::Voucher(VoucherCommand::Mature { voucher });
    fixture
        .submit(&operator, "mature", mature, "2025-10-09")
        .unwrap();
    let before = entries(&fixture);

    let withdraw = Command::WithdrawFinancing {
        application: "FA-1".to_owned(),
    };
    let refused = fixture.submit(&tier1, "withdraw", withdraw, "2025-10-09");

    assert!(
        matches!(
            refused,
            Err(PlatformError::Finance(FinanceError::IllegalState {
                action: "unlock",
                ..
            }))
        ),
        "{refused:?}"
    );
    assert_eq!(entries(&fixture), before);
    reopens(fixture.platform.journal().clone(), config(&operator));
}

/// A loaded notice with three weeks off in a row rolls a due date further than any official
/// calendar could, which the read-back check of an issue does not accept.
fn calendar_with_three_weeks_off() -> HolidayCalendar {
    let days: Vec<String> = (20..=30)
        .map(|day| format!("2025-09-{day}"))
        .chain((1..=11).map(|day| format!("2025-10-{day:02}")))
        .map(|date| format!(r#"{{"name":"长假","date":"{date}","isOffDay":true}}"#))
        .collect();
    let notice = format!(r#"{{"year":2025,"papers":[],"days":[{}]}}"#, days.join(","));
    let mut calendar = HolidayCalendar::china().unwrap();
    calendar.load_year_file(&notice).unwrap();
    calendar
}

#[test]
fn an_issue_the_read_back_check_would_refuse_is_refused_and_not_written() {
    let operator = key(common::OPERATOR);
    let config = PlatformConfig {
        calendar: calendar_with_three_weeks_off(),
        ..config(&operator)
    };
    let journal: Arc<dyn Journal> = Arc::new(MemoryJournal::new());
    let mut fixture = Fixture::configured(journal.clone(), config.clone());
    let face = common::yuan("1,000,000.00");
    let commitment = fixture.commitment("V-1", face, "2025-09-20");
    let Command::SubmitCommitment(record) = &commitment else {
        unreachable!()
    };
    let id = record.id;
    let core = key(common::CORE);
    fixture
        .submit(&core, "commit", commitment, "2025-07-01")
        .unwrap();
    let before = entries(&fixture);

    let issue = fixture.issue_command("V-1", face, "2025-09-20", id);
    let refused = fixture.submit(&core, "issue", issue, "2025-07-01");

    assert!(
        matches!(&refused, Err(PlatformError::Unrecordable(reason)) if reason.contains("roll")),
        "{refused:?}"
    );
    assert_eq!(entries(&fixture), before);
    reopens(journal, config);
}
