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
fn a_run_stopped_part_way_is_finished_by_running_again() {
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
    let recorded = journal.head().unwrap().seq;
    assert!(recorded > 0 && recorded < 26, "{recorded}");

    let finished = run(&demo_with(|_| {}), &journal);
    let fresh = run(&demo_with(|_| {}), &Arc::new(MemoryJournal::new()));

    assert_eq!(finished.journal.replayed, recorded);
    assert_eq!(finished.journal.appended, 26 - recorded);
    assert_eq!(finished.journal.head, fresh.journal.head);
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
