//! An evidence bundle from the demo scenario verifies offline; any tampering is caught and
//! named.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use isf::core::anchor::MemoryChainAnchor;
use isf::evidence::{EvidenceBundle, EvidenceError, verify_bundle, verify_bundle_json};
use isf::scenario;
use isf::store::MemoryJournal;

const DEMO: &str = include_str!("../scenarios/c1-three-tier.json");

fn demo_bundles() -> Vec<EvidenceBundle> {
    let parsed = scenario::parse(DEMO).unwrap();
    let journal = Arc::new(MemoryJournal::new());
    scenario::run_on(&parsed, journal.clone()).unwrap();
    let chain = MemoryChainAnchor::new();
    let (receipts, bundles) = scenario::anchor_and_export(&parsed, journal, &chain).unwrap();
    assert!(!receipts.is_empty());
    bundles
}

/// The bundle of the factor's piece: issued, split twice, financed by assignment, cleared.
fn factor_bundle() -> EvidenceBundle {
    demo_bundles()
        .into_iter()
        .find(|bundle| bundle.piece == isf::core::PieceId(4))
        .unwrap()
}

#[test]
fn every_live_piece_of_the_demo_has_a_verifying_bundle() {
    let bundles = demo_bundles();
    assert_eq!(bundles.len(), 4);
    for bundle in &bundles {
        let verified = verify_bundle_json(&bundle.to_json().unwrap()).unwrap();
        assert_eq!(verified.lineage.first(), Some(&isf::core::PieceId(1)));
        assert_eq!(verified.lineage.last(), Some(&bundle.piece));
        assert_eq!(verified.face.to_string(), "1,000,000.00");
    }
}

#[test]
fn the_factor_piece_traces_back_through_two_splits() {
    let verified = verify_bundle(&factor_bundle()).unwrap();
    let lineage: Vec<u64> = verified.lineage.iter().map(|piece| piece.0).collect();
    assert_eq!(lineage, [1, 2, 4]);
    assert_eq!(verified.due_date.to_string(), "2025-10-09");
    assert!(verified.parties.len() >= 4, "{:?}", verified.parties);
}

#[test]
fn changing_any_byte_of_the_bundle_is_caught() {
    let json = factor_bundle().to_json().unwrap();
    let bytes = json.as_bytes();
    let mut checked = 0;
    // Every 37th byte keeps the test quick while touching every field of the bundle.
    for position in (0..bytes.len()).step_by(37) {
        let original = bytes[position];
        if original.is_ascii_whitespace() {
            continue;
        }
        let replacement = if original == b'1' { b'2' } else { b'1' };
        let mut tampered = bytes.to_vec();
        tampered[position] = replacement;
        let Ok(text) = String::from_utf8(tampered) else {
            continue;
        };
        assert!(
            verify_bundle_json(&text).is_err(),
            "changing byte {position} ({:?}) went unnoticed",
            original as char
        );
        checked += 1;
    }
    assert!(checked > 300, "only {checked} positions checked");
}

/// Seals a tampered bundle again with the operator's own key, to show that the checks under
/// the seal hold even against someone holding that key.
fn reseal(mut bundle: EvidenceBundle) -> EvidenceBundle {
    let parsed = scenario::parse(DEMO).unwrap();
    let operator = isf::bid::KeyPair::from_private_str(&parsed.operator.private_key, None).unwrap();
    bundle.seal = isf::evidence::reseal_for_tests(&bundle, &operator).unwrap();
    bundle
}

#[test]
fn each_check_names_what_broke() {
    let bundle = factor_bundle();

    let mut unsealed = bundle.clone();
    unsealed.piece = isf::core::PieceId(5);
    let error = verify_bundle(&unsealed).unwrap_err();
    assert!(matches!(error, EvidenceError::Seal(_)), "{error}");

    let mut body = bundle.clone();
    body.entries[3].body = body.entries[3].body.replacen("2025-07", "2025-08", 1);
    let error = verify_bundle(&reseal(body)).unwrap_err();
    assert!(matches!(error, EvidenceError::EntryHash { .. }), "{error}");

    let mut proof = bundle.clone();
    proof.anchors[0].root = isf::core::Hash32::of(b"another root");
    let error = verify_bundle(&reseal(proof)).unwrap_err();
    assert!(matches!(error, EvidenceError::Anchor { .. }), "{error}");

    let mut missing = bundle.clone();
    missing
        .entries
        .retain(|entry| !entry.body.contains("\"split\""));
    let error = verify_bundle(&reseal(missing)).unwrap_err();
    assert!(matches!(error, EvidenceError::Lineage { .. }), "{error}");

    let mut no_commitment = bundle.clone();
    no_commitment
        .entries
        .retain(|entry| !entry.body.contains("submit_commitment"));
    let error = verify_bundle(&reseal(no_commitment)).unwrap_err();
    assert!(matches!(error, EvidenceError::Commitment(_)), "{error}");

    let mut format = bundle;
    format.format = "isf-evidence/v0".to_owned();
    let error = verify_bundle(&format).unwrap_err();
    assert!(
        matches!(error, EvidenceError::UnsupportedFormat(_)),
        "{error}"
    );
}
