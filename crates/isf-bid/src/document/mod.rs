//! BID documents (BID 标识文档): what a resolver returns for a BID — its public keys, the keys
//! that control it, services, attributes — and the `proof` that makes it tamper-evident.
//!
//! The model follows StarFire RFC-004/005 and the BID-SDK. Unknown fields are refused rather
//! than carried along: the proof vouches for every byte, and a field this crate does not
//! understand is one nobody checked. Proofs are made and verified under both conventions in
//! use ([`ProofConvention`]).

mod error;
mod java;
mod model;
mod proof;
mod time;

use serde::{Deserialize, Serialize};

use isf_core::{Bid, PublicKey};

pub use error::DocumentError;
pub use model::{
    AlsoKnownAs, Attribute, CredentialRef, DelegateSign, EntityType, Extension, Proof,
    PublicKeyEntry, Service,
};
pub use proof::{ProofConvention, rfc_signing_bytes};
pub use time::DocTime;

/// The `@context` every document must name.
pub const DID_CONTEXT: &str = "https://www.w3.org/ns/did/v1";

/// The document format version written by [`BidDocument::new`].
pub const DOCUMENT_VERSION: &str = "1.0.0";

/// The cache lifetime written by [`BidDocument::new`], in seconds (one day, as in every
/// StarFire example).
pub const DEFAULT_TTL_SECONDS: u64 = 86_400;

/// A BID document.
///
/// Fields appear in JSON in the order of the RFC-004 example; the signed byte forms do not
/// depend on that order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidDocument {
    /// `@context`: JSON-LD contexts, including [`DID_CONTEXT`].
    #[serde(rename = "@context")]
    pub context: Vec<String>,
    /// Document format version.
    pub version: String,
    /// The BID this document describes.
    pub id: Bid,
    /// `publicKey[]`: the keys that may act for the BID.
    #[serde(rename = "publicKey", default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<Vec<PublicKeyEntry>>,
    /// Key ids (`<bid>#key-N`) that may change the document.
    pub authentication: Vec<String>,
    /// `alsoKnownAs[]`: other names of the subject.
    #[serde(
        rename = "alsoKnownAs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub also_known_as: Option<Vec<AlsoKnownAs>>,
    /// The StarFire extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// `service[]`: endpoints for the BID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<Vec<Service>>,
    /// When the document was first written.
    pub created: DocTime,
    /// When it was last changed.
    pub updated: DocTime,
    /// The signature over everything else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Proof>,
}

impl BidDocument {
    /// A minimal unsigned document for `bid`, controlled by its own `key` listed as
    /// `<bid>#key-1`, with `created` and `updated` both `at`.
    pub fn new(bid: Bid, key: &PublicKey, kind: EntityType, at: DocTime) -> BidDocument {
        let key_id = format!("{bid}#key-1");
        BidDocument {
            context: vec![DID_CONTEXT.to_owned()],
            version: DOCUMENT_VERSION.to_owned(),
            public_key: Some(vec![PublicKeyEntry::new(key_id.clone(), bid.clone(), key)]),
            authentication: vec![key_id],
            also_known_as: None,
            extension: Some(Extension::new(DEFAULT_TTL_SECONDS, kind)),
            service: None,
            created: at.clone(),
            updated: at,
            proof: None,
            id: bid,
        }
    }

    /// Reads a document from JSON.
    ///
    /// # Errors
    ///
    /// [`DocumentError::Json`] naming the first problem serde met, unknown fields included.
    pub fn from_json(text: &str) -> Result<BidDocument, DocumentError> {
        serde_json::from_str(text).map_err(|error| DocumentError::Json {
            reason: error.to_string(),
        })
    }

    /// The document as compact JSON.
    ///
    /// # Errors
    ///
    /// [`DocumentError::Json`] if serialisation fails.
    pub fn to_json(&self) -> Result<String, DocumentError> {
        serde_json::to_string(self).map_err(|error| DocumentError::Json {
            reason: error.to_string(),
        })
    }

    /// The `publicKey` entry with `key_id`.
    pub fn public_key_entry(&self, key_id: &str) -> Option<&PublicKeyEntry> {
        self.public_key
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|entry| entry.id == key_id)
    }

    /// Whether `key_id` is listed in `authentication`, i.e. may change the document.
    pub fn is_authentication_key(&self, key_id: &str) -> bool {
        self.authentication.iter().any(|id| id == key_id)
    }
}
