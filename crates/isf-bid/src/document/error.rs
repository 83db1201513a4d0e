//! What can be wrong with a BID document or its proof.

use thiserror::Error;

use isf_core::{Bid, CoreError};

/// A BID document could not be read, built, signed or verified.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The JSON is not a BID document this crate accepts (including unknown fields, which
    /// are refused because the proof would vouch for data nobody checked).
    #[error("invalid bid document json: {reason}")]
    Json {
        /// What serde reported.
        reason: String,
    },
    /// A `created` or `updated` value is not `YYYY-MM-DDTHH:MM:SSZ`.
    #[error("invalid document time {input:?}: expected YYYY-MM-DDTHH:MM:SSZ")]
    Time {
        /// The text as given (truncated when long).
        input: String,
    },
    /// A `publicKey` entry cannot be turned into a public key.
    #[error("public key {key_id:?}: {reason}")]
    PublicKey {
        /// The entry's `id`.
        key_id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The document carries no `proof`.
    #[error("document {bid} has no proof")]
    MissingProof {
        /// The document's id.
        bid: Bid,
    },
    /// The proof names a key the document does not list.
    #[error("document {bid} lists no public key {key_id:?}")]
    KeyNotFound {
        /// The document's id.
        bid: Bid,
        /// The key id looked for.
        key_id: String,
    },
    /// The proof was made by another key than the one it is checked against.
    #[error("proof of {bid} is by {creator:?}, not by the key {key_id:?} it must be checked with")]
    WrongCreator {
        /// The document's id.
        bid: Bid,
        /// The proof's `creator`.
        creator: String,
        /// The key the proof was checked against.
        key_id: String,
    },
    /// The proof's `signatureValue` is neither convention's encoding of a 64-byte signature.
    #[error(
        "proof of {bid}: signature value {value:?} is neither 128 hex digits nor starfire \
         base58 of 64 bytes"
    )]
    SignatureValue {
        /// The document's id.
        bid: Bid,
        /// The value as given (truncated when long).
        value: String,
    },
    /// The signature does not verify under the creator's key, or the key does not belong to
    /// its controller.
    #[error("proof of {bid} by {creator} does not verify: {source}")]
    BadProof {
        /// The document's id.
        bid: Bid,
        /// The proof's `creator`.
        creator: String,
        /// What the verifier reported.
        source: CoreError,
    },
    /// The signer offered for a key is not the key's controller or holds another key.
    #[error("key {key_id:?} of {bid} is {expected}, but the signer {signer} holds {found}")]
    SignerMismatch {
        /// The document's id.
        bid: Bid,
        /// The key id the signer was to sign with.
        key_id: String,
        /// The signer's BID.
        signer: Bid,
        /// The key the document lists (hex) and its controller.
        expected: String,
        /// The signer's key (hex).
        found: String,
    },
    /// The document could not be put into the byte form that is signed.
    #[error("cannot encode document {bid} for signing: {source}")]
    Encoding {
        /// The document's id.
        bid: Bid,
        /// What the encoder reported.
        source: CoreError,
    },
    /// A signer failed to sign.
    #[error("signing document {bid} failed: {source}")]
    Signing {
        /// The document's id.
        bid: Bid,
        /// What the signer reported.
        source: CoreError,
    },
}
