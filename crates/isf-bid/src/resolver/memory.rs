//! [`MemoryBidRegistry`]: BID documents held in memory under the StarFire registration rules.
//!
//! - **Register**: the proof must verify, and its key must be controlled by the document's
//!   own BID — a BID is derived from a key, so only that key's holder can claim it.
//! - **Update**: the new version must be strictly newer (`updated`), and its proof must be
//!   made by a key listed in the *current* version's `authentication`, checked with the key
//!   material of the current version (or, for a key of another BID, that BID's registered
//!   document). A new version therefore cannot authorise itself by swapping in a key.

use std::collections::BTreeMap;

use thiserror::Error;

use isf_core::Bid;
use isf_core::signature::Verifier;

use crate::document::{BidDocument, DocTime, DocumentError, PublicKeyEntry};
use crate::resolver::{BidResolver, ResolveError};

/// A registration or update was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// The BID already has a document; use an update.
    #[error("bid {bid} is already registered")]
    AlreadyRegistered {
        /// The BID.
        bid: Bid,
    },
    /// The BID has no document to update.
    #[error("bid {bid} is not registered")]
    NotRegistered {
        /// The BID.
        bid: Bid,
    },
    /// The registering proof's key belongs to another BID than the document's `id`.
    #[error(
        "document id {bid} does not match the controller {controller} of its proof key {key_id:?}"
    )]
    IdMismatch {
        /// The document's `id`.
        bid: Bid,
        /// The proof's key.
        key_id: String,
        /// The BID that controls that key.
        controller: Bid,
    },
    /// The update is not newer than the registered version.
    #[error("update of {bid} dated {offered} is not newer than the registered {current}")]
    Stale {
        /// The BID.
        bid: Bid,
        /// `updated` of the registered version.
        current: DocTime,
        /// `updated` of the offered version.
        offered: DocTime,
    },
    /// The update's proof key is not in the registered version's `authentication`.
    #[error("key {key_id:?} may not update {bid}: not in its authentication list")]
    NotAuthorised {
        /// The BID.
        bid: Bid,
        /// The proof's key.
        key_id: String,
    },
    /// The update's proof key is authorised but its key material is not registered.
    #[error("key {key_id:?} authorised for {bid} is not listed in any registered document")]
    UnknownKey {
        /// The BID.
        bid: Bid,
        /// The proof's key.
        key_id: String,
    },
    /// The document or its proof is invalid.
    #[error(transparent)]
    Document(#[from] DocumentError),
}

/// BID documents in memory: a [`BidResolver`] for tests, examples and single-node platforms.
#[derive(Clone, Debug, Default)]
pub struct MemoryBidRegistry {
    documents: BTreeMap<Bid, BidDocument>,
}

impl MemoryBidRegistry {
    /// An empty registry.
    pub fn new() -> MemoryBidRegistry {
        MemoryBidRegistry::default()
    }

    /// Registers a new BID's first document.
    ///
    /// # Errors
    ///
    /// [`RegistryError`] when the BID is taken, the proof does not verify, or the proof key
    /// is not the BID's own.
    pub fn register(
        &mut self,
        document: BidDocument,
        verifier: &dyn Verifier,
    ) -> Result<(), RegistryError> {
        if self.documents.contains_key(&document.id) {
            return Err(RegistryError::AlreadyRegistered { bid: document.id });
        }

        document.verify_proof(verifier)?;
        let entry = proof_entry(&document)?;
        if entry.controller != document.id {
            return Err(RegistryError::IdMismatch {
                bid: document.id.clone(),
                key_id: entry.id.clone(),
                controller: entry.controller.clone(),
            });
        }

        self.documents.insert(document.id.clone(), document);
        Ok(())
    }

    /// Replaces a registered document with a newer version signed by an authorised key.
    ///
    /// # Errors
    ///
    /// [`RegistryError`] when the BID is unknown, the version is not newer, the proof key
    /// is not authorised by the current version, or the proof does not verify.
    pub fn update(
        &mut self,
        document: BidDocument,
        verifier: &dyn Verifier,
    ) -> Result<(), RegistryError> {
        let bid = document.id.clone();
        let current = self
            .documents
            .get(&bid)
            .ok_or_else(|| RegistryError::NotRegistered { bid: bid.clone() })?;
        if document.updated <= current.updated {
            return Err(RegistryError::Stale {
                bid,
                current: current.updated.clone(),
                offered: document.updated.clone(),
            });
        }

        let creator = document
            .proof
            .as_ref()
            .map(|proof| proof.creator.clone())
            .ok_or_else(|| DocumentError::MissingProof { bid: bid.clone() })?;
        if !current.is_authentication_key(&creator) {
            return Err(RegistryError::NotAuthorised {
                bid,
                key_id: creator,
            });
        }
        let key =
            self.authorised_key(current, &creator)
                .ok_or_else(|| RegistryError::UnknownKey {
                    bid: bid.clone(),
                    key_id: creator.clone(),
                })?;
        document.verify_proof_with_key(key, verifier)?;

        self.documents.insert(bid, document);
        Ok(())
    }

    /// How many BIDs are registered.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether no BID is registered.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The key `key_id` from `current`, or from the registered document of the BID the key
    /// id names (`<bid>#…`), for documents controlled by another BID's key.
    fn authorised_key<'a>(
        &'a self,
        current: &'a BidDocument,
        key_id: &str,
    ) -> Option<&'a PublicKeyEntry> {
        if let Some(entry) = current.public_key_entry(key_id) {
            return Some(entry);
        }
        let (owner, _) = key_id.split_once('#')?;
        let owner = Bid::parse(owner).ok()?;
        self.documents.get(&owner)?.public_key_entry(key_id)
    }
}

/// The entry of the key that made `document`'s (already verified) proof.
fn proof_entry(document: &BidDocument) -> Result<&PublicKeyEntry, DocumentError> {
    let creator = document
        .proof
        .as_ref()
        .map(|proof| proof.creator.as_str())
        .unwrap_or_default();
    document
        .public_key_entry(creator)
        .ok_or_else(|| DocumentError::KeyNotFound {
            bid: document.id.clone(),
            key_id: creator.to_owned(),
        })
}

impl BidResolver for MemoryBidRegistry {
    fn resolve(&self, bid: &Bid) -> Result<BidDocument, ResolveError> {
        self.documents
            .get(bid)
            .cloned()
            .ok_or_else(|| ResolveError::NotFound { bid: bid.clone() })
    }
}
