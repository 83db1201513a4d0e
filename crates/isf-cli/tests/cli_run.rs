#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! `isf run`: the demo scenario end to end, its JSON report, and scenario files that must be
//! refused with a message naming the problem.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{arg, isf, isf_in};
use serde_json::Value;

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../scenarios/c1-three-tier.json"
);

fn demo() -> Value {
    serde_json::from_str(&std::fs::read_to_string(DEMO).unwrap()).unwrap()
}

/// Writes `scenario` to a file in `dir` and returns its path.
fn write(dir: &tempfile::TempDir, scenario: &Value) -> PathBuf {
    let path = dir.path().join("scenario.json");
    std::fs::write(&path, serde_json::to_string_pretty(scenario).unwrap()).unwrap();
    path
}

/// Runs the demo scenario changed by `change` and returns the run.
fn run_changed(change: impl FnOnce(&mut Value)) -> common::Run {
    let mut scenario = demo();
    change(&mut scenario);
    let dir = tempfile::tempdir().unwrap();
    isf(&["run", arg(&write(&dir, &scenario))])
}

#[test]
fn demo_scenario_rolls_the_holiday_and_verifies() {
    let run = isf(&["run", DEMO]).ok();

    assert!(run.stdout.contains("ISF scenario: c1-three-tier"));
    assert!(
        run.stdout
            .contains("committed payment date 2025-10-01 (国庆节、中秋节) → due 2025-10-09"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("interest 1,200.83, advance 298,799.17"));
    assert!(run.stdout.contains("status matured, paid in full"));
    assert!(
        run.stdout
            .contains("factor           300,000.00  (1 piece)")
    );
    assert!(!run.stdout.contains("[FAIL"), "{}", run.stdout);
    let journal = run
        .stdout
        .lines()
        .find(|line| line.contains(" entries, head "))
        .unwrap();
    assert!(journal.ends_with(", verified"), "{journal}");
}

#[test]
fn json_report_holds_the_clearing_lines_in_fen() {
    let run = isf(&["run", DEMO, "--json", "-"]).ok();
    let report = run.json();

    let names: HashMap<&str, &str> = report["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|party| {
            (
                party["bid"].as_str().unwrap(),
                party["id"].as_str().unwrap(),
            )
        })
        .collect();
    let name = |bid: &Value| names[bid.as_str().unwrap()];

    let voucher = &report["vouchers"][0];
    assert_eq!(voucher["committed_date"], "2025-10-01");
    assert_eq!(voucher["due_date"], "2025-10-09");
    assert_eq!(voucher["face"], 100_000_000);

    let clearing = &report["clearing"][0];
    assert_eq!(clearing["state"], "done");
    let lines: Vec<(&str, i64)> = clearing["plan"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| (name(&line["payee"]), line["amount"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            ("factor", 30_000_000),
            ("tier2", 20_000_000),
            ("tier1", 50_000_000)
        ]
    );

    let instructions: Vec<(&str, &str, i64)> = clearing["plan"]["instructions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|leg| {
            (
                name(&leg["payer"]),
                name(&leg["payee"]),
                leg["amount"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        instructions,
        [
            ("core", "tier1", 100_000_000),
            ("tier1", "tier2", 50_000_000),
            ("tier2", "tier3", 30_000_000),
            ("tier3", "factor", 30_000_000),
        ]
    );

    let quote = &report["financing"][0]["quote"];
    assert_eq!(quote["interest"], 120_083);
    assert_eq!(quote["advance"], 29_879_917);
    assert!(
        report["invariants"]
            .as_array()
            .unwrap()
            .iter()
            .all(|check| check["holds"] == true)
    );
    assert_eq!(report["journal"]["verified"], true);
}

#[test]
fn json_report_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");

    let run = isf(&["run", DEMO, "--json", arg(&target)]).ok();

    assert!(run.stdout.contains("JSON report written to"));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["name"], "c1-three-tier");
}

#[test]
fn a_missing_file_is_refused() {
    isf(&["run", "/nonexistent/scenario.json"])
        .fails_with("cannot read /nonexistent/scenario.json");
}

#[test]
fn bad_json_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"name\": \"broken\", \"steps\": [").unwrap();

    let run = isf(&["run", arg(&path)]).fails_with("malformed scenario");

    assert!(run.stderr.contains("line 1 column"), "{}", run.stderr);
    assert_eq!(run.code, Some(2));
}

#[test]
fn a_step_field_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.json");
    let text = std::fs::read_to_string(DEMO).unwrap();
    let twice = text.replacen(
        r#""routing": "gradual""#,
        r#""routing": "gradual", "routing": "end_to_end""#,
        1,
    );
    assert_ne!(twice, text);
    std::fs::write(&path, twice).unwrap();

    let run = isf(&["run", "--memory", arg(&path)]).fails_with("duplicate field `routing`");

    assert_eq!(run.code, Some(2));
}

#[test]
fn an_unknown_party_is_named() {
    run_changed(|scenario| scenario["steps"][1]["actor"] = "nobody".into())
        .fails_with("unknown party id nobody");
}

#[test]
fn a_misplaced_thousands_separator_is_named() {
    run_changed(|scenario| scenario["steps"][0]["amount"] = "1,2345.00".into())
        .fails_with("invalid amount \"1,2345.00\": misplaced thousands separator");
}

#[test]
fn a_step_dated_before_the_previous_one_is_named() {
    run_changed(|scenario| scenario["steps"][3]["date"] = "2025-07-01".into())
        .fails_with("step 4 is dated before the step preceding it");
}

#[test]
fn an_unknown_piece_label_is_named() {
    run_changed(|scenario| scenario["steps"][1]["piece"] = "nope".into())
        .fails_with("unknown piece label nope");
}

#[test]
fn an_unexpected_refusal_names_step_action_and_reason() {
    let run = run_changed(|scenario| {
        scenario["steps"][6]
            .as_object_mut()
            .unwrap()
            .remove("expect_error");
    });

    let run = run.fails_with("step 7 (split t2: 1.00 to tier3 as nothing)");
    assert!(
        run.stderr
            .contains("was refused: cannot split t2 while it is split")
    );
    assert_eq!(run.code, Some(1));
}

#[test]
fn a_refusal_names_parties_by_their_scenario_ids() {
    let run = run_changed(|scenario| scenario["steps"][1]["actor"] = "tier2".into());

    let run = run.fails_with("step 2 (sign for root) on 2025-07-02 by tier2 was refused");
    assert!(run.stderr.contains("tier2 may not sign"), "{}", run.stderr);
    assert!(!run.stderr.contains("did:bid:"), "{}", run.stderr);
}

#[test]
fn a_released_pledge_is_shown_beside_its_financing() {
    let run = run_changed(|scenario| {
        let steps = scenario["steps"].as_array_mut().unwrap();
        let fund = steps.iter().position(|step| step["do"] == "fund").unwrap();
        steps[fund]["mode"] = "pledge".into();
        let release = serde_json::json!({
            "date": "2025-08-20", "actor": "factor", "do": "release_pledge", "piece": "t3"
        });
        steps.insert(fund + 1, release);
    })
    .ok();

    assert!(
        run.stdout.contains("[funded by pledge, pledge released]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("55 days from 2025-08-15 to 2025-10-09"));
}

#[test]
fn an_expected_error_that_does_not_happen_fails_the_run() {
    run_changed(|scenario| scenario["steps"][1]["expect_error"] = "sign window".into()).fails_with(
        "step 2 (sign for root) expected an error containing \"sign window\" but it succeeded",
    );
}

/// Every file under `folder`, as paths relative to it.
fn files_under(folder: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(
                files_under(&path)
                    .into_iter()
                    .map(|inner| PathBuf::from(path.file_name().unwrap()).join(inner)),
            );
        } else {
            found.push(PathBuf::from(path.file_name().unwrap()));
        }
    }
    found.sort();
    found
}

#[test]
fn evidence_files_stay_in_their_folder_whatever_the_voucher_number() {
    let mut scenario = demo();
    for step in scenario["steps"].as_array_mut().unwrap() {
        if step.get("voucher").is_some() {
            step["voucher"] = "../../escaped".into();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, &scenario);
    let folder = dir.path().join("a").join("b").join("evidence");

    isf_in(
        dir.path(),
        &["run", arg(&path), "--memory", "--evidence", arg(&folder)],
    )
    .ok();

    let found = files_under(dir.path());
    let bundles: Vec<String> = found
        .iter()
        .filter(|file| file.as_path() != Path::new("scenario.json"))
        .map(|file| {
            let name = file.strip_prefix("a/b/evidence").unwrap_or_else(|_| {
                panic!("{} was written outside the evidence folder", file.display())
            });
            name.to_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(bundles.len(), 4, "{found:?}");
    for name in bundles {
        let piece = name
            .strip_prefix("______escaped-P")
            .and_then(|rest| rest.strip_suffix(".json"));
        assert!(
            piece.is_some_and(|piece| piece.bytes().all(|b| b.is_ascii_digit())),
            "{name}"
        );
    }
}

#[test]
fn an_issuer_that_funds_a_piece_of_its_own_voucher_is_cleared_without_paying_itself() {
    let run = run_changed(|scenario| {
        scenario["parties"][0]["roles"] = serde_json::json!(["core_enterprise", "funder"]);
        scenario["steps"][12]["funder"] = "core".into();
        scenario["steps"][14]["actor"] = "core".into();
    });

    let run = run.ok();
    assert!(!run.stdout.contains("[FAIL"), "{}", run.stdout);
    assert!(run.stdout.contains("core"), "{}", run.stdout);
}

#[test]
fn terminal_escapes_in_a_scenario_are_printed_escaped() {
    let run = run_changed(|scenario| {
        scenario["description"] = "\u{1b}[2J\u{1b}[31mall invariants ok\u{202e}".into();
        scenario["steps"][0]["note"] = "line\rrepainted".into();
    });

    let run = run.ok();
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(!run.stdout.contains('\r'), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.stdout);
    assert!(run.stdout.contains("\\u{1b}[2J"), "{}", run.stdout);
}

#[test]
fn a_partial_payment_shows_its_routing_and_shortfall() {
    let run = run_changed(|scenario| {
        let steps = scenario["steps"].as_array_mut().unwrap();
        let clear = steps.last_mut().unwrap();
        clear["routing"] = "end_to_end".into();
        clear["funds"] = "700,000.00".into();
        clear["fail"] = serde_json::json!([]);
    });

    let run = run.ok();
    assert!(
        run.stdout
            .contains("end-to-end (首尾兑付) (ISF capitalPathType ENDTOEND)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("shortfall 300,000.00"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("status matured, 700,000.00 of 1,000,000.00 paid")
    );
}

#[test]
fn an_instruction_failed_twice_is_named() {
    run_changed(|scenario| {
        let steps = scenario["steps"].as_array_mut().unwrap();
        steps.last_mut().unwrap()["fail"] = serde_json::json!([3, 3]);
    })
    .fails_with("fail names instruction 3 more than once");
}
