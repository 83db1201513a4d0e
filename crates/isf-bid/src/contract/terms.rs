//! What the signers of a contract agree to ([`ContractTerms`]), how it must be signed
//! ([`SigningOrder`]), and the contract id derived from the terms.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use isf_core::canonical::to_canonical_json;
use isf_core::{Bid, Hash32};

use crate::contract::ContractError;

/// Domain-separation tag of contract ids.
pub const CONTRACT_ID_DOMAIN: &[u8] = b"ISF-SDK/contract-id/v1\0";

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Whether signers must sign in the listed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SigningOrder {
    /// Each signer signs after the one listed before it.
    Sequential,
    /// Signers sign in any order.
    AnyOrder,
}

/// What the signers agree to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractTerms {
    /// SHA-256 of the contract document (the PDF, the letter) kept elsewhere.
    pub document_hash: Hash32,
    /// A short title.
    pub title: String,
    /// Business data of the contract, by key.
    pub metadata: BTreeMap<String, String>,
    /// Who must sign, in signing order when sequential. No BID twice.
    pub signers: Vec<Bid>,
    /// Whether the order of `signers` binds.
    pub order: SigningOrder,
}

/// Refuses unusable terms, naming what is wrong.
pub(super) fn check_terms(terms: &ContractTerms) -> Result<(), ContractError> {
    let bad = |reason: String| Err(ContractError::InvalidTerms { reason });

    let title_len = terms.title.chars().count();
    if terms.title.trim().is_empty() || title_len > MAX_TITLE_CHARS {
        let title = crate::error::excerpt(&terms.title);
        return bad(format!("title {title:?} must have 1 to 200 characters"));
    }
    if terms.metadata.keys().any(|key| key.trim().is_empty()) {
        return bad("metadata keys must not be blank".to_owned());
    }
    if terms.signers.is_empty() {
        return bad("a contract needs at least one signer".to_owned());
    }

    let mut seen = BTreeSet::new();
    if let Some(twice) = terms.signers.iter().find(|signer| !seen.insert(*signer)) {
        return bad(format!("signer {twice} is listed twice"));
    }
    Ok(())
}

/// SHA-256 of [`CONTRACT_ID_DOMAIN`] and the canonical JSON of the terms.
pub(super) fn contract_id(terms: &ContractTerms) -> Result<Hash32, ContractError> {
    let body = to_canonical_json(terms).map_err(|source| ContractError::Signing { source })?;
    Ok(Hash32::of_parts(&[CONTRACT_ID_DOMAIN, &body]))
}
