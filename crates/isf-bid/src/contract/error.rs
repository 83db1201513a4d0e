//! What can be wrong with a contract or a signature on it.

use thiserror::Error;

use isf_core::{Bid, CoreError, Hash32};

/// A contract could not be built, signed, read or accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The JSON is not a contract (unknown fields are refused).
    #[error("invalid contract json: {reason}")]
    Json {
        /// What serde reported.
        reason: String,
    },
    /// The terms are unusable.
    #[error("invalid contract terms: {reason}")]
    InvalidTerms {
        /// What is wrong.
        reason: String,
    },
    /// The stated contract id is not the hash of the terms.
    #[error("contract id {stated} does not match its terms, which hash to {computed}")]
    IdMismatch {
        /// The id as given.
        stated: Hash32,
        /// The id the terms hash to.
        computed: Hash32,
    },
    /// The BID is not one of the contract's signers.
    #[error("{signer} is not a signer of contract {contract}")]
    NotASigner {
        /// The contract id.
        contract: Hash32,
        /// The BID that tried to sign.
        signer: Bid,
    },
    /// The signer has signed already.
    #[error("{signer} has already signed contract {contract}")]
    AlreadySigned {
        /// The contract id.
        contract: Hash32,
        /// The BID that tried to sign again.
        signer: Bid,
    },
    /// In a sequential contract, someone else must sign first.
    #[error("{signer} cannot sign contract {contract} yet: {expected} signs next")]
    OutOfOrder {
        /// The contract id.
        contract: Hash32,
        /// The BID that tried to sign.
        signer: Bid,
        /// The BID whose turn it is.
        expected: Bid,
    },
    /// The signature is not over this contract's bytes, or the key is not the signer's.
    #[error("signature of {signer} on contract {contract} does not verify: {source}")]
    BadSignature {
        /// The contract id.
        contract: Hash32,
        /// The BID whose signature failed.
        signer: Bid,
        /// What the verifier reported.
        source: CoreError,
    },
    /// The contract is not signed by everyone yet.
    #[error("contract {contract} is missing signatures of {}", list(.missing))]
    Incomplete {
        /// The contract id.
        contract: Hash32,
        /// Who has not signed, in signing order.
        missing: Vec<Bid>,
    },
    /// The contract is not a well-formed payment commitment.
    #[error("contract {contract} is not a valid payment commitment: {reason}")]
    NotPaymentCommitment {
        /// The contract id.
        contract: Hash32,
        /// What is missing or wrong.
        reason: String,
    },
    /// Encoding for signing, or the signer, failed.
    #[error("cannot sign or encode contract data: {source}")]
    Signing {
        /// What failed.
        source: CoreError,
    },
}

fn list(bids: &[Bid]) -> String {
    bids.iter().map(Bid::as_str).collect::<Vec<_>>().join(", ")
}
