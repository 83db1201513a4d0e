#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! `isf verify` on the evidence bundles `isf run --evidence` writes: a bundle names who sealed
//! it, `--operator` refuses one sealed by anyone else, and text from inside a bundle is printed
//! with its control characters escaped.

mod common;

use std::path::PathBuf;

use common::{OPERATOR, OPERATOR_BID, arg, isf};
use isf::bid::KeyPair;
use isf::evidence::{EvidenceBundle, reseal_for_tests};
use serde_json::Value;
use tempfile::TempDir;

const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../scenarios/c1-three-tier.json"
);

/// A StarFire vector key that is not the demo's operator.
const OTHER_OPERATOR: &str = "priSPKff1hvKVFYYFKSgfMb17wJ4dYZAHhLREarvh4Cy6fgn5b";

/// Runs `scenario` with `--evidence` and returns the bundle of the factor's piece P4.
fn factor_bundle(dir: &TempDir, scenario: &Value) -> EvidenceBundle {
    let path = dir.path().join("scenario.json");
    std::fs::write(&path, scenario.to_string()).unwrap();
    let folder = dir.path().join("evidence");

    isf(&["run", arg(&path), "--memory", "--evidence", arg(&folder)]).ok();

    let text = std::fs::read_to_string(folder.join("CE-2025-0001-P4.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn demo() -> Value {
    serde_json::from_str(&std::fs::read_to_string(DEMO).unwrap()).unwrap()
}

fn write_bundle(dir: &TempDir, bundle: &EvidenceBundle) -> PathBuf {
    let path = dir.path().join("bundle.json");
    std::fs::write(&path, bundle.to_json().unwrap()).unwrap();
    path
}

#[test]
fn a_bundle_names_who_sealed_it_and_can_be_held_to_an_operator() {
    let dir = TempDir::new().unwrap();
    let path = write_bundle(&dir, &factor_bundle(&dir, &demo()));

    let run = isf(&["verify", arg(&path)]).ok();
    assert!(
        run.stdout
            .contains(&format!("entries, sealed by {OPERATOR_BID}")),
        "{}",
        run.stdout
    );
    let standing = "piece     face 300,000.00, paid 300,000.00, held by \
                    did:bid:efaJmqSioZ59czxR6LjBUQjt6n1iph12\n";
    assert!(run.stdout.contains(standing), "{}", run.stdout);

    isf(&["verify", arg(&path), "--operator", OPERATOR_BID]).ok();
}

#[test]
fn a_bundle_sealed_by_another_operator_is_refused_when_an_operator_is_named() {
    let mut scenario = demo();
    scenario["operator"]["private_key"] = OTHER_OPERATOR.into();
    let other = KeyPair::from_private_str(OTHER_OPERATOR, None).unwrap();
    let dir = TempDir::new().unwrap();
    let path = write_bundle(&dir, &factor_bundle(&dir, &scenario));

    let run = isf(&["verify", arg(&path)]).ok();
    assert!(
        run.stdout.contains(&format!("sealed by {}", other.bid())),
        "{}",
        run.stdout
    );

    let run = isf(&["verify", arg(&path), "--operator", OPERATOR_BID]).fails_with(&format!(
        "sealed by {}, not by the expected operator {OPERATOR_BID}",
        other.bid()
    ));
    assert_eq!(run.code, Some(1));

    let run = isf(&["verify", arg(&path), "--operator", OPERATOR_BID, "--json"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.json()["valid"], false);
}

#[test]
fn control_characters_inside_a_bundle_are_printed_escaped() {
    let dir = TempDir::new().unwrap();
    let mut bundle = factor_bundle(&dir, &demo());
    bundle.anchors[0].tx_hash = "\u{1b}[1A\r\u{1b}[2Kevidence verifies, sealed by you".to_owned();
    let operator = KeyPair::from_private_str(OPERATOR, None).unwrap();
    bundle.seal = reseal_for_tests(&bundle, &operator).unwrap();
    let path = write_bundle(&dir, &bundle);

    let run = isf(&["verify", arg(&path)]).ok();

    assert!(
        !run.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("tx \\u{1b}[1A\\u{d}\\u{1b}[2Kevidence verifies"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Factoring company (保理公司)"));
}
