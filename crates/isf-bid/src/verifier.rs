//! [`StarfireVerifier`]: checks that a BID belongs to a public key and that a signature by that
//! key verifies, for Ed25519 always and for SM2 when the `sm2` feature is on.

use isf_core::signature::Verifier;
use isf_core::{Bid, CoreError, PublicKey, Signature};

use crate::address::StarfireAddress;
use crate::ed25519;
use crate::error::{BidError, Result};
use crate::keys::KeyType;

/// The StarFire implementation of [`isf_core::signature::Verifier`]. Pure and stateless.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StarfireVerifier;

impl StarfireVerifier {
    /// Checks that `bid` derives from `key`: same key type and the same 22-byte key hash. Any
    /// AC code is accepted, since one key owns its address on every sub-chain.
    ///
    /// # Errors
    ///
    /// [`BidError::Address`] for a BID that does not decode, [`BidError::KeyMismatch`] when it
    /// belongs to another key.
    pub fn check_binding(&self, bid: &Bid, key: &PublicKey) -> Result<()> {
        let address = StarfireAddress::parse(bid.as_str())?;
        if !address.is_derived_from(key) {
            return Err(BidError::KeyMismatch {
                bid: bid.to_string(),
                public_key: key.to_string(),
            });
        }
        Ok(())
    }

    /// Checks that `signature` over `message` was made with `key`.
    ///
    /// # Errors
    ///
    /// [`BidError::BadSignature`] when it was not, [`BidError::PublicKey`] for a key off its
    /// curve, [`BidError::Sm2Unsupported`] for SM2 without the `sm2` feature.
    pub fn verify_signature(
        &self,
        key: &PublicKey,
        message: &[u8],
        signature: &Signature,
    ) -> Result<()> {
        match KeyType::of(key)? {
            KeyType::Ed25519 => ed25519::verify(key, message, signature),
            KeyType::Sm2 => verify_sm2(key, message, signature),
        }
    }

    /// [`StarfireVerifier::check_binding`], then [`StarfireVerifier::verify_signature`].
    ///
    /// # Errors
    ///
    /// As those two.
    pub fn verify_for(
        &self,
        bid: &Bid,
        key: &PublicKey,
        message: &[u8],
        signature: &Signature,
    ) -> Result<()> {
        self.check_binding(bid, key)?;
        self.verify_signature(key, message, signature)
            .map_err(|error| match error {
                BidError::BadSignature { .. } => BidError::BadSignature {
                    signer: bid.to_string(),
                },
                other => other,
            })
    }
}

impl Verifier for StarfireVerifier {
    fn verify(
        &self,
        bid: &Bid,
        key: &PublicKey,
        message: &[u8],
        signature: &Signature,
    ) -> isf_core::Result<()> {
        self.verify_for(bid, key, message, signature)
            .map_err(|error| to_core(error, bid, key))
    }
}

/// Maps a verification failure onto the shared vocabulary, keeping who and why.
fn to_core(error: BidError, bid: &Bid, key: &PublicKey) -> CoreError {
    match error {
        BidError::BadSignature { .. } => CoreError::BadSignature {
            signer: bid.to_string(),
        },
        BidError::KeyMismatch { .. } => CoreError::IdParse {
            kind: "BID",
            input: bid.to_string(),
            reason: "does not derive from the given public key",
        },
        BidError::Address { .. } => CoreError::IdParse {
            kind: "BID",
            input: bid.to_string(),
            reason: "not a valid starfire address",
        },
        BidError::Sm2Unsupported => CoreError::IdParse {
            kind: "public key",
            input: key.to_string(),
            reason: "sm2 support not compiled in (enable the `sm2` feature of isf-bid)",
        },
        BidError::Core(core) => core,
        _ => CoreError::IdParse {
            kind: "public key",
            input: key.to_string(),
            reason: "not a usable starfire public key",
        },
    }
}

#[cfg(feature = "sm2")]
fn verify_sm2(key: &PublicKey, message: &[u8], signature: &Signature) -> Result<()> {
    crate::sm2::verify(key, message, signature)
}

#[cfg(not(feature = "sm2"))]
fn verify_sm2(_key: &PublicKey, _message: &[u8], _signature: &Signature) -> Result<()> {
    Err(BidError::Sm2Unsupported)
}
