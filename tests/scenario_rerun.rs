//! Running a scenario again on a journal that already holds it: every step's outcome is
//! decided and checked afresh, only what the journal lacks is appended, and a journal holding
//! another history is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use isf::scenario::{self, ScenarioError, ScenarioReport};
use isf::store::{Journal, MemoryJournal};
use serde_json::Value;

const DEMO: &str = include_str!("../scenarios/c1-three-tier.json");

/// The demo with `change` applied to its JSON.
fn demo_with(change: impl FnOnce(&mut Value)) -> scenario::Scenario {
    let mut json: Value = serde_json::from_str(DEMO).unwrap();
    change(&mut json);
    scenario::parse(&json.to_string()).unwrap()
}

fn run(scenario: &scenario::Scenario, journal: &Arc<MemoryJournal>) -> ScenarioReport {
    scenario::run_on(scenario, journal.clone()).unwrap()
}

/// The position in the demo's steps of the first step expecting `text`.
fn step_expecting(text: &str) -> usize {
    let json: Value = serde_json::from_str(DEMO).unwrap();
    let steps = json["steps"].as_array().unwrap();
    steps
        .iter()
        .position(|step| step["expect_error"] == text)
        .unwrap()
}

#[test]
fn a_rerun_appends_nothing_and_reports_every_step_as_the_first_run_did() {
    let demo = demo_with(|_| {});
    let journal = Arc::new(MemoryJournal::new());

    let first = run(&demo, &journal);
    let again = run(&demo, &journal);

    assert_eq!(first.journal.appended, 26);
    assert_eq!((again.journal.appended, again.journal.replayed), (0, 26));
    assert_eq!(again.journal.head, first.journal.head);
    let steps = |report: &ScenarioReport| serde_json::to_value(&report.steps).unwrap();
    assert_eq!(steps(&again), steps(&first));
}

#[test]
fn a_rerun_checks_every_expected_refusal_again() {
    let journal = Arc::new(MemoryJournal::new());
    run(&demo_with(|_| {}), &journal);
    let at = step_expecting("below the minimum");
    let edited = demo_with(|json| json["steps"][at]["expect_error"] = "some other reason".into());

    let error = scenario::run_on(&edited, journal.clone()).unwrap_err();

    match error {
        ScenarioError::ExpectationNotMet { step, outcome, .. } => {
            assert_eq!(step, at + 1);
            assert!(outcome.contains("below the minimum"), "{outcome}");
        }
        other => panic!("unexpected error: {other}"),
    }
    assert_eq!(
        journal.head().unwrap().seq,
        26,
        "a refused rerun appends nothing"
    );
}

#[test]
fn a_scenario_stopped_by_an_unexpected_refusal_writes_nothing() {
    let at = step_expecting("locked by a financing application");
    let stopping = demo_with(|json| {
        json["steps"][at]
            .as_object_mut()
            .unwrap()
            .remove("expect_error");
    });
    let journal = Arc::new(MemoryJournal::new());

    let stopped = scenario::run_on(&stopping, journal.clone()).unwrap_err();

    assert!(
        matches!(stopped, ScenarioError::UnexpectedRefusal { .. }),
        "{stopped}"
    );
    assert_eq!(journal.head().unwrap().seq, 0);
    let fixed = run(&demo_with(|_| {}), &journal);
    assert_eq!(fixed.journal.appended, 26);
}

#[test]
fn a_scenario_extended_with_more_steps_appends_only_those() {
    let demo = demo_with(|_| {});
    let fresh = run(&demo, &Arc::new(MemoryJournal::new()));
    let journal = Arc::new(MemoryJournal::new());
    let beginning = demo_with(|json| json["steps"].as_array_mut().unwrap().truncate(6));
    let recorded = run(&beginning, &journal).journal.appended;

    let extended = run(&demo, &journal);

    assert_eq!(extended.journal.replayed, recorded);
    assert_eq!(extended.journal.appended, 26 - recorded);
    assert_eq!(extended.journal.head, fresh.journal.head);
}

#[test]
fn a_voucher_cleared_twice_runs_again_without_change() {
    let twice = demo_with(|json| {
        let steps = json["steps"].as_array_mut().unwrap();
        let mut clear = steps.pop().unwrap();
        clear["funds"] = "600,000.00".into();
        clear.as_object_mut().unwrap().remove("fail");
        let mut rest = clear.clone();
        rest["date"] = "2025-10-10".into();
        rest["funds"] = "400,000.00".into();
        steps.extend([clear, rest]);
    });
    let journal = Arc::new(MemoryJournal::new());
    let first = run(&twice, &journal);

    let again = run(&twice, &journal);

    assert_eq!(again.journal.appended, 0);
    assert_eq!(again.journal.head, first.journal.head);
    assert_eq!(again.clearing.len(), 2);
}

#[test]
fn a_journal_holding_another_scenario_is_refused_and_left_alone() {
    let journal = Arc::new(MemoryJournal::new());
    run(&demo_with(|_| {}), &journal);
    let other = demo_with(|json| json["name"] = "another-demo".into());

    let error = scenario::run_on(&other, journal.clone()).unwrap_err();

    assert!(
        matches!(error, ScenarioError::ForeignJournal { seq: 1, .. }),
        "{error}"
    );
    assert_eq!(journal.head().unwrap().seq, 26);
}

#[test]
fn a_journal_recorded_with_other_terms_is_refused() {
    let journal = Arc::new(MemoryJournal::new());
    run(&demo_with(|_| {}), &journal);
    let changed_amount = demo_with(|json| {
        let steps = json["steps"].as_array_mut().unwrap();
        let split = steps.iter_mut().find(|step| step["do"] == "split").unwrap();
        split["parts"][0]["amount"] = "400,000.00".into();
    });

    let error = scenario::run_on(&changed_amount, journal.clone()).unwrap_err();

    assert!(error.to_string().contains("carries other terms"), "{error}");
}

#[test]
fn a_refused_issue_step_leaves_no_commitment_behind() {
    let retried = demo_with(|json| {
        let issue = json["steps"][0].clone();
        let mut refused = issue.clone();
        refused["date"] = "2025-09-30".into();
        refused["convention"] = "preceding".into();
        refused["expect_error"] = "on or before the issue date".into();
        let mut corrected = issue;
        corrected["date"] = "2025-09-30".into();
        corrected["label"] = "root2".into();
        json["steps"] = serde_json::json!([refused, corrected]);
    });
    let journal = Arc::new(MemoryJournal::new());

    let report = run(&retried, &journal);

    let refusal = report.steps[0].refused.as_deref().unwrap_or_default();
    assert!(refusal.contains("on or before the issue date"), "{refusal}");
    assert!(report.steps[1].refused.is_none());
    assert_eq!(report.vouchers.len(), 1);
}
