//! A verified bundle names the roles that no longer held after its last entry.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;

use isf::core::PieceId;
use isf::core::anchor::MemoryChainAnchor;
use isf::evidence::{Lapse, LapsedRole, verify_bundle};
use isf::platform::PartyRole;
use isf::scenario;
use isf::store::MemoryJournal;
use serde_json::Value;

const DEMO: &str = include_str!("../scenarios/c1-three-tier.json");

/// The lapsed roles the bundle of the factor's piece shows, after `extra` steps.
fn lapsed_after(extra: Value) -> Vec<LapsedRole> {
    let mut json: Value = serde_json::from_str(DEMO).unwrap();
    let steps = json["steps"].as_array_mut().unwrap();
    steps.extend(extra.as_array().unwrap().iter().cloned());
    let parsed = scenario::parse(&json.to_string()).unwrap();
    let journal = Arc::new(MemoryJournal::new());
    scenario::run_on(&parsed, journal.clone()).unwrap();

    let anchor = MemoryChainAnchor::new();
    let (_, bundles) = scenario::anchor_and_export(&parsed, journal, &anchor).unwrap();
    let factor_piece = bundles
        .iter()
        .find(|bundle| bundle.piece == PieceId(4))
        .unwrap();
    verify_bundle(factor_piece).unwrap().lapsed
}

#[test]
fn no_role_has_lapsed_in_the_demo() {
    assert_eq!(lapsed_after(serde_json::json!([])), []);
}

#[test]
fn a_revoked_funder_is_named_with_its_role() {
    let revoke = serde_json::json!([
        { "date": "2025-10-10", "actor": "operator", "do": "revoke_credentials", "party": "factor" }
    ]);

    let lapsed = lapsed_after(revoke);

    assert_eq!(lapsed.len(), 1, "{lapsed:?}");
    assert_eq!(lapsed[0].role, PartyRole::Funder);
    assert_eq!(lapsed[0].lapse, Lapse::Revoked);
}
