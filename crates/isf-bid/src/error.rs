//! The one error type of `isf-bid`.
//!
//! Every variant names the offending value, except where the value is secret: a private-key
//! string or a password never appears in an error message, only what was wrong with it.

use thiserror::Error;

use isf_core::CoreError;

/// Shorthand for results whose error is [`BidError`].
pub type Result<T, E = BidError> = std::result::Result<T, E>;

/// What went wrong with a StarFire key, address, signature, keystore or transaction.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BidError {
    /// Text is not StarFire Base58.
    #[error("invalid starfire base58 {input:?}: {reason}")]
    Base58 {
        /// The text as given (truncated when long).
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A private-key string could not be read. The string itself is secret and not repeated.
    #[error("invalid private key: {reason}")]
    PrivateKey {
        /// Why it was refused.
        reason: String,
    },
    /// A public key could not be read or does not lie on its curve.
    #[error("invalid public key {input:?}: {reason}")]
    PublicKey {
        /// The key as given (hex, truncated when long).
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// A BID (StarFire address) could not be read.
    #[error("invalid bid {input:?}: {reason}")]
    Address {
        /// The text as given (truncated when long).
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// An AC code (sub-chain code) is not four lower-case letters or digits.
    #[error("invalid ac code {input:?}: must be four lower-case letters or digits")]
    AcCode {
        /// The text as given (truncated when long).
        input: String,
    },
    /// A BID does not derive from the public key presented for it.
    #[error("bid {bid} does not derive from public key {public_key}")]
    KeyMismatch {
        /// The BID.
        bid: String,
        /// The public key, hex.
        public_key: String,
    },
    /// A signature does not verify.
    #[error("signature by {signer} does not verify")]
    BadSignature {
        /// The BID or public key whose signature failed.
        signer: String,
    },
    /// An SM2 key or signature was met but the crate was built without the `sm2` feature.
    #[error("sm2 support not compiled in (enable the `sm2` feature of isf-bid)")]
    Sm2Unsupported,
    /// The operating system's random number generator failed.
    #[error("os randomness unavailable: {reason}")]
    Randomness {
        /// What the generator reported.
        reason: String,
    },
    /// A keystore is malformed or uses parameters outside the accepted range.
    #[error("invalid keystore: {reason}")]
    Keystore {
        /// What is wrong with it.
        reason: String,
    },
    /// The password does not open the keystore of this address.
    #[error("wrong password for the keystore of {address}")]
    WrongPassword {
        /// The address recorded in the keystore.
        address: String,
    },
    /// Bytes are not a transaction blob this SDK can read.
    #[error("invalid transaction blob: {reason}")]
    TxDecode {
        /// Why it was refused.
        reason: String,
    },
    /// A transaction field is out of the range the chain accepts.
    #[error("invalid transaction field {field}: {reason}")]
    InvalidTransaction {
        /// The field, as named in the protobuf schema.
        field: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// An error from the shared vocabulary.
    #[error(transparent)]
    Core(#[from] CoreError),
}

/// Shortens text from outside before it goes into an error message, so that a megabyte of
/// garbage does not become a megabyte of log line.
pub(crate) fn excerpt(text: &str) -> String {
    const LIMIT: usize = 80;

    if text.chars().count() <= LIMIT {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(LIMIT).collect();
    short.push('…');
    short
}
