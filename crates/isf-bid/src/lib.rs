//! StarFire identity for the ISF SDK.
//!
//! The StarFire (星火·链网, BIF) formats, byte-compatible with the official SDKs: the StarFire
//! Base58 alphabet ([`base58`]), key types and the `pri…` private-key string ([`keys`]), BIDs
//! derived from public keys ([`address`]), key pairs that sign for a BID ([`KeyPair`], an
//! [`isf_core::Signer`]), the verifier that checks both the signature and the BID-to-key binding
//! ([`StarfireVerifier`], an [`isf_core::signature::Verifier`]), password-protected keystores
//! ([`keystore`]) and chain transactions ([`tx`]).
//!
//! Ed25519 is always available; SM2 (with SM3 and the default user id `1234567812345678`) is
//! behind the `sm2` cargo feature.

pub mod address;
pub mod base58;
pub mod contract;
pub mod credential;
pub mod document;
mod ed25519;
pub mod error;
pub mod keypair;
pub mod keys;
pub mod keystore;
pub mod realname;
pub mod resolver;
#[cfg(feature = "sm2")]
mod sm2;
pub mod tx;
pub mod verifier;

pub use address::{AcCode, StarfireAddress};
pub use error::{BidError, Result};
pub use keypair::KeyPair;
pub use keys::{KeyType, PrivateKey};
pub use keystore::Keystore;
pub use verifier::StarfireVerifier;
