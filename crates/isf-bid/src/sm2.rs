//! SM2 (GM/T 0003) for StarFire keys, behind the `sm2` feature.
//!
//! Signatures use SM3 and the default distinguishing id `1234567812345678`, as the official
//! SDKs do, and travel as raw `r‖s`, each left-padded to 32 bytes. The private key is the
//! 32-byte big-endian scalar; the public key is the 65-byte uncompressed point `04‖X‖Y`.

use sm2::dsa::signature::{Signer as _, Verifier as _};
use sm2::dsa::{SigningKey, VerifyingKey};
use sm2::elliptic_curve::sec1::ToEncodedPoint;

use isf_core::{PublicKey, Signature};

use crate::error::{BidError, Result};
use crate::keys::public_key_error;

/// The distinguishing id (user id) every StarFire SDK signs with.
pub(crate) const DIST_ID: &str = "1234567812345678";

/// Whether 32 bytes are a usable SM2 scalar (not zero, below the group order).
pub(crate) fn is_valid_scalar(raw: &[u8; 32]) -> bool {
    SigningKey::from_slice(DIST_ID, raw).is_ok()
}

/// The raw 65-byte public key `04‖X‖Y` of a private scalar.
pub(crate) fn raw_public_key(secret: &[u8; 32]) -> Result<Vec<u8>> {
    let key = signing_key(secret)?;
    let point = key.verifying_key().as_affine().to_encoded_point(false);
    Ok(point.as_bytes().to_vec())
}

/// Signs `message` (SM3 over `Z‖message` inside, as the standard prescribes).
///
/// The signing key is rebuilt for every signature so that the unwiped scalar copy inside it
/// lives only for the duration of the call.
pub(crate) fn sign(secret: &[u8; 32], message: &[u8]) -> Result<Signature> {
    let key = signing_key(secret)?;
    let signature: sm2::dsa::Signature = key.sign(message);
    Ok(Signature(signature.to_bytes()))
}

/// Checks that an SM2 public key is a point of the curve.
pub(crate) fn check_public_key(key: &PublicKey) -> Result<()> {
    verifying_key(key).map(|_| ())
}

/// Verifies `signature` (raw `r‖s`) over `message`.
pub(crate) fn verify(key: &PublicKey, message: &[u8], signature: &Signature) -> Result<()> {
    let verifying = verifying_key(key)?;
    let bad = || BidError::BadSignature {
        signer: key.to_string(),
    };

    let signature = sm2::dsa::Signature::from_bytes(&signature.0).map_err(|_| bad())?;
    verifying.verify(message, &signature).map_err(|_| bad())
}

fn signing_key(secret: &[u8; 32]) -> Result<SigningKey> {
    SigningKey::from_slice(DIST_ID, secret).map_err(|_| BidError::PrivateKey {
        reason: "not a valid sm2 scalar (zero or not below the group order)".to_owned(),
    })
}

fn verifying_key(key: &PublicKey) -> Result<VerifyingKey> {
    VerifyingKey::from_sec1_bytes(DIST_ID, key.raw())
        .map_err(|_| public_key_error(key.encoded(), "not a point on the sm2 curve"))
}
