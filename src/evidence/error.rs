//! Why a bundle could not be made or does not verify. Every variant names what broke.

use isf_core::CoreError;
use thiserror::Error;

/// A bundle that cannot be exported, or one that fails a check.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EvidenceError {
    /// The bundle is not valid JSON of the bundle format.
    #[error("malformed evidence bundle: {0}")]
    Malformed(String),
    /// The format tag is not one this code reads.
    #[error("unsupported bundle format {0:?}")]
    UnsupportedFormat(String),
    /// The operator's seal does not verify.
    #[error("the operator's seal does not verify: {0}")]
    Seal(String),
    /// An entry's hash does not cover its sequence, predecessor and body.
    #[error("entry {seq}: hash does not match its content")]
    EntryHash {
        /// The entry.
        seq: u64,
    },
    /// An entry does not link to the entry before it: its predecessor hash is not the hash of
    /// the bundle's entry with the sequence number before its own (or, for entry 1, not the
    /// zero hash that starts the journal).
    #[error("entry {seq}: predecessor hash does not link to {linked}")]
    BrokenLink {
        /// The entry.
        seq: u64,
        /// What it should have linked to.
        linked: &'static str,
    },
    /// An entry's body is not a canonical journal entry.
    #[error("entry {seq}: body is not a canonical journal entry: {reason}")]
    EntryBody {
        /// The entry.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
    /// An entry's command signature does not verify.
    #[error("entry {seq}: command signature does not verify: {reason}")]
    CommandSignature {
        /// The entry.
        seq: u64,
        /// Why.
        reason: String,
    },
    /// An entry's events do not follow from the signed command it records.
    #[error("entry {seq}: events do not follow from its command: {reason}")]
    EventMismatch {
        /// The entry.
        seq: u64,
        /// Which event or field differs, and how.
        reason: String,
    },
    /// An entry is not proven to be in an anchored batch.
    #[error("entry {seq}: not proven anchored: {reason}")]
    Anchor {
        /// The entry.
        seq: u64,
        /// Why.
        reason: &'static str,
    },
    /// The piece's lineage cannot be traced back to issuance in the bundle.
    #[error("lineage of piece {piece}: {reason}")]
    Lineage {
        /// The piece.
        piece: String,
        /// What is missing or inconsistent.
        reason: String,
    },
    /// The payment commitment behind the issue does not verify or does not match.
    #[error("payment commitment: {0}")]
    Commitment(String),
    /// Export: the piece or voucher is unknown, or entries are not yet anchored.
    #[error("cannot export: {0}")]
    Export(String),
    /// Encoding or a core check failed.
    #[error(transparent)]
    Core(#[from] CoreError),
}
