//! Anchoring a scenario's journal and exporting the evidence for every live piece.

use std::sync::Arc;

use isf_bid::{KeyPair, StarfireVerifier};
use isf_core::HolidayCalendar;
use isf_core::anchor::{AnchorReceipt, ChainAnchor};
use isf_store::{Anchorer, Journal};

use super::error::ScenarioError;
use super::format::Scenario;
use super::runner::rules_of;
use crate::evidence::{EvidenceBundle, export_bundle};
use crate::platform::{Platform, PlatformConfig};

/// Entries per anchored batch.
const ANCHOR_BATCH: u64 = 256;

/// Anchors every entry of `journal` not yet anchored, then exports one bundle, sealed by the
/// scenario's operator, for every live piece of every voucher.
pub fn anchor_and_export(
    scenario: &Scenario,
    journal: Arc<dyn Journal>,
    chain: &dyn ChainAnchor,
) -> Result<(Vec<AnchorReceipt>, Vec<EvidenceBundle>), ScenarioError> {
    let failed = |error: &dyn std::fmt::Display| ScenarioError::Malformed(error.to_string());
    let operator = KeyPair::from_private_str(&scenario.operator.private_key, None)
        .map_err(|error| failed(&error))?;
    let receipts = Anchorer::new(ANCHOR_BATCH)
        .anchor_pending(journal.as_ref(), chain)
        .map_err(|error| failed(&error))?;

    let config = PlatformConfig {
        operator: operator.bid().clone(),
        rules: rules_of(&scenario.rules),
        calendar: HolidayCalendar::china().map_err(|error| failed(&error))?,
    };
    let platform = Platform::open(config, Box::new(StarfireVerifier), journal)?;
    let mut bundles = Vec::new();
    for piece in platform
        .book()
        .pieces()
        .iter()
        .filter(|piece| piece.state.is_live())
    {
        bundles
            .push(export_bundle(&platform, piece.id, &operator).map_err(|error| failed(&error))?);
    }
    Ok((receipts, bundles))
}
