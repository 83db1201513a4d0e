//! Clearing through the platform: who may run it, run ids that never repeat, and a partial
//! payment followed by the rest.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Fixture, key, yuan};
use isf::PlatformError;
use isf::core::VoucherId;
use isf::finance::voucher::VoucherCommand;
use isf::platform::{ClearingStep, Command, LegReport};
use isf::settlement::{ClearingState, Routing};

fn voucher() -> VoucherId {
    VoucherId::parse("V-1").unwrap()
}

/// Runs a whole clearing of `V-1` funded with `funds` under run id `run`, with request numbers
/// starting with `requests`.
fn clear(
    fixture: &mut Fixture,
    run: &str,
    requests: &str,
    funds: Option<&str>,
) -> Result<(), PlatformError> {
    let operator = key(common::OPERATOR);
    let start = Command::StartClearing {
        voucher: voucher(),
        routing: Routing::EndToEnd,
        funds: funds.map(yuan),
        run: run.to_owned(),
    };
    fixture.submit(&operator, &format!("{requests}-plan"), start, "2025-10-09")?;
    for step in [
        ClearingStep::Apply,
        ClearingStep::Start,
        ClearingStep::Execute,
    ] {
        let advance = Command::AdvanceClearing {
            voucher: voucher(),
            step,
        };
        fixture.submit(
            &operator,
            &format!("{requests}-{step:?}"),
            advance,
            "2025-10-09",
        )?;
    }
    let legs = fixture
        .platform
        .clearing(&voucher())
        .unwrap()
        .plan()
        .instructions
        .len();
    for seq in 1..=legs as u32 {
        let report = Command::ReportLeg {
            voucher: voucher(),
            seq,
            report: LegReport::Paid,
        };
        fixture.submit(
            &operator,
            &format!("{requests}-leg{seq}"),
            report,
            "2025-10-09",
        )?;
    }
    Ok(())
}

fn matured() -> Fixture {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let operator = key(common::OPERATOR);
    let mature = Command::Voucher(VoucherCommand::Mature { voucher: voucher() });
    fixture
        .submit(&operator, "mature", mature, "2025-10-09")
        .unwrap();
    fixture
}

#[test]
fn only_the_operator_matures_vouchers() {
    let mut fixture = Fixture::new();
    fixture.issue_signed("V-1", "1,000,000.00");
    let tier1 = key(common::TIER1);
    let mature = Command::Voucher(VoucherCommand::Mature { voucher: voucher() });
    let refused = fixture.submit(&tier1, "mature", mature, "2025-10-09");
    assert!(
        matches!(refused, Err(PlatformError::OperatorOnly(_))),
        "{refused:?}"
    );
}

#[test]
fn a_partial_payment_can_be_followed_by_the_rest() {
    let mut fixture = matured();
    clear(&mut fixture, "FIRST", "first", Some("400,000.00")).unwrap();
    clear(&mut fixture, "SECOND", "second", None).unwrap();

    let runs = fixture.platform.clearings(&voucher());
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|run| run.state() == ClearingState::Done));
    assert_eq!(runs[1].plan().funded, yuan("600,000.00"));
    let root = fixture
        .platform
        .book()
        .piece(isf::core::PieceId(1))
        .unwrap();
    assert_eq!(root.paid, yuan("1,000,000.00"));
}

#[test]
fn a_run_id_is_never_used_twice() {
    let mut fixture = matured();
    clear(&mut fixture, "RUN", "one", Some("400,000.00")).unwrap();
    let refused = clear(&mut fixture, "RUN", "two", None);
    assert!(
        matches!(refused, Err(PlatformError::DuplicateRunId(_))),
        "{refused:?}"
    );
}

#[test]
fn a_second_clearing_waits_for_the_first_to_finish() {
    let mut fixture = matured();
    let operator = key(common::OPERATOR);
    let start = |run: &str| Command::StartClearing {
        voucher: voucher(),
        routing: Routing::EndToEnd,
        funds: Some(yuan("1.00")),
        run: run.to_owned(),
    };
    fixture
        .submit(&operator, "a", start("A"), "2025-10-09")
        .unwrap();
    let refused = fixture.submit(&operator, "b", start("B"), "2025-10-09");
    assert!(
        matches!(refused, Err(PlatformError::ClearingExists(_))),
        "{refused:?}"
    );
}
