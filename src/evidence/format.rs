//! The bundle as it travels: plain data with serde, and the bytes the seal covers.

use isf_core::anchor::AnchorReceipt;
use isf_core::canonical::to_canonical_json;
use isf_core::merkle::InclusionProof;
use isf_core::{Bid, Hash32, PieceId, PublicKey, Signature, VoucherId};
use serde::{Deserialize, Serialize};

use super::error::EvidenceError;

/// The format tag of this version of the bundle.
pub const BUNDLE_FORMAT: &str = "isf-evidence/v1";

/// Domain-separation tag of the operator's seal.
pub const SEAL_DOMAIN: &[u8] = b"ISF-SDK/evidence/v1\0";

/// A self-contained evidence bundle for one voucher piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceBundle {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// The voucher.
    pub voucher: VoucherId,
    /// The piece the bundle is about.
    pub piece: PieceId,
    /// Journal entries in sequence order.
    pub entries: Vec<EvidenceEntry>,
    /// Receipts of the anchored batches the entries belong to.
    pub anchors: Vec<AnchorReceipt>,
    /// The operator's signature over everything above.
    pub seal: Seal,
}

/// One journal entry with its proof of anchoring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceEntry {
    /// Global sequence number.
    pub seq: u64,
    /// Chain hash of the entry before it in the journal.
    pub prev_hash: Hash32,
    /// This entry's chain hash.
    pub hash: Hash32,
    /// The exact body bytes the hash covers: canonical JSON of a journal entry.
    pub body: String,
    /// Index into [`EvidenceBundle::anchors`] of the batch holding this entry.
    pub anchor: usize,
    /// Inclusion of `hash` in that batch's Merkle root.
    pub proof: InclusionProof,
}

/// The operator's seal: who vouches for the bundle as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The operator's BID.
    pub operator: Bid,
    /// The operator's public key, whose BID must be `operator`.
    pub public_key: PublicKey,
    /// Signature over [`seal_bytes`].
    pub signature: Signature,
}

#[derive(Serialize)]
struct Sealed<'a> {
    format: &'a str,
    voucher: &'a VoucherId,
    piece: PieceId,
    entries: &'a [EvidenceEntry],
    anchors: &'a [AnchorReceipt],
    operator: &'a Bid,
}

/// The bytes the seal signs: the domain tag, then the canonical JSON of the bundle without
/// its seal but with the sealing operator's BID.
pub(super) fn seal_bytes(
    format: &str,
    voucher: &VoucherId,
    piece: PieceId,
    entries: &[EvidenceEntry],
    anchors: &[AnchorReceipt],
    operator: &Bid,
) -> Result<Vec<u8>, EvidenceError> {
    let body = to_canonical_json(&Sealed {
        format,
        voucher,
        piece,
        entries,
        anchors,
        operator,
    })?;
    Ok([SEAL_DOMAIN, &body].concat())
}

impl EvidenceBundle {
    /// The bundle as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, EvidenceError> {
        serde_json::to_string_pretty(self)
            .map_err(|error| EvidenceError::Malformed(error.to_string()))
    }

    /// A digest of the entry bodies, for logs and receipts.
    pub fn digest(&self) -> Hash32 {
        let hashes: Vec<&[u8]> = self
            .entries
            .iter()
            .map(|entry| entry.hash.as_bytes().as_slice())
            .collect();
        Hash32::of_parts(&hashes)
    }
}
