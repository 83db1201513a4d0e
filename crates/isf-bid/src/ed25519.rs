//! Ed25519 for StarFire keys: the private key is the 32-byte seed and signatures are made over
//! the message bytes themselves (no pre-hashing), as in the official SDKs.

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};

use isf_core::{PublicKey, Signature};

use crate::error::{BidError, Result};
use crate::keys::public_key_error;

/// The signing key for a seed. `SigningKey` wipes itself on drop.
pub(crate) fn signing_key(seed: &[u8; 32]) -> SigningKey {
    SigningKey::from_bytes(seed)
}

/// The raw 32-byte public key of a signing key.
pub(crate) fn raw_public_key(key: &SigningKey) -> [u8; 32] {
    key.verifying_key().to_bytes()
}

/// Signs `message` as it is.
pub(crate) fn sign(key: &SigningKey, message: &[u8]) -> Signature {
    Signature(key.sign(message).to_bytes())
}

/// Checks that an Ed25519 public key decodes to a curve point.
pub(crate) fn check_public_key(key: &PublicKey) -> Result<()> {
    verifying_key(key).map(|_| ())
}

/// Verifies `signature` over `message`. Uses the strict rules (no small-order keys or `R`,
/// canonical `S`), which every signature made by the official SDKs satisfies.
pub(crate) fn verify(key: &PublicKey, message: &[u8], signature: &Signature) -> Result<()> {
    let verifying = verifying_key(key)?;
    let signature = ed25519_dalek::Signature::from_bytes(&signature.0);
    verifying
        .verify_strict(message, &signature)
        .map_err(|_| BidError::BadSignature {
            signer: key.to_string(),
        })
}

fn verifying_key(key: &PublicKey) -> Result<VerifyingKey> {
    let raw: &[u8; 32] = key
        .raw()
        .try_into()
        .map_err(|_| public_key_error(key.encoded(), "an ed25519 key has 32 raw bytes"))?;
    VerifyingKey::from_bytes(raw)
        .map_err(|_| public_key_error(key.encoded(), "not a point on the ed25519 curve"))
}
