//! [`KeyPair`]: a private key with its public key and BID, signing for that BID.
//!
//! Ed25519 key pairs sign the message bytes directly; SM2 key pairs (feature `sm2`) sign with
//! SM3 and the default user id. Either way the result is the 64-byte signature the official
//! SDKs produce and verify.

use std::fmt;

use ed25519_dalek::SigningKey;
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use isf_core::{Bid, PublicKey, Signature};

use crate::address::{AcCode, StarfireAddress};
use crate::ed25519;
use crate::error::{BidError, Result};
use crate::keys::{KeyType, PrivateKey, RAW_PRIVATE_LEN, encode_public_key};

/// A StarFire key pair: private key, public key and the BID derived from them.
///
/// `Debug` shows the BID and public key only; the private key leaves only through
/// [`KeyPair::private_str`] or [`KeyPair::private_key`].
#[derive(Clone)]
pub struct KeyPair {
    private: PrivateKey,
    ed25519: Option<SigningKey>,
    public_key: PublicKey,
    address: StarfireAddress,
}

impl KeyPair {
    /// Draws a fresh key from the operating system's random number generator.
    ///
    /// # Errors
    ///
    /// [`BidError::AcCode`] for a bad AC code, [`BidError::Randomness`] when the OS generator
    /// fails, [`BidError::Sm2Unsupported`] for SM2 without the `sm2` feature.
    pub fn generate(key_type: KeyType, ac: Option<&str>) -> Result<KeyPair> {
        let ac = ac.map(AcCode::parse).transpose()?;
        if key_type == KeyType::Sm2 && !cfg!(feature = "sm2") {
            return Err(BidError::Sm2Unsupported);
        }

        // A uniform 32-byte draw is an Ed25519 seed as it is; for SM2 it is a valid scalar
        // except with probability about 2^-32, so a few redraws always suffice in practice.
        for _ in 0..16 {
            let raw = random_bytes()?;
            if key_type == KeyType::Ed25519 || is_valid_sm2_scalar(&raw) {
                return KeyPair::from_private_key(PrivateKey::from_raw(key_type, *raw), ac);
            }
        }
        Err(BidError::Randomness {
            reason: "no valid sm2 scalar in 16 draws".to_owned(),
        })
    }

    /// Derives the public key and BID of a private key.
    ///
    /// # Errors
    ///
    /// [`BidError::PrivateKey`] for an SM2 scalar that is zero or not below the group order,
    /// [`BidError::Sm2Unsupported`] for SM2 without the `sm2` feature.
    pub fn from_private_key(private: PrivateKey, ac: Option<AcCode>) -> Result<KeyPair> {
        let (ed25519, raw_public) = match private.key_type() {
            KeyType::Ed25519 => {
                let signing = ed25519::signing_key(private.expose_raw());
                let raw = ed25519::raw_public_key(&signing).to_vec();
                (Some(signing), raw)
            }
            KeyType::Sm2 => (None, sm2_raw_public_key(private.expose_raw())?),
        };

        let public_key = encode_public_key(private.key_type(), &raw_public)?;
        let address = StarfireAddress::from_public_key(&public_key, ac)?;
        Ok(KeyPair {
            private,
            ed25519,
            public_key,
            address,
        })
    }

    /// Reads a StarFire private-key string and derives the key pair, optionally on a
    /// sub-chain.
    ///
    /// # Errors
    ///
    /// As [`PrivateKey::parse`], [`AcCode::parse`] and [`KeyPair::from_private_key`].
    pub fn from_private_str(text: &str, ac: Option<&str>) -> Result<KeyPair> {
        let ac = ac.map(AcCode::parse).transpose()?;
        KeyPair::from_private_key(PrivateKey::parse(text)?, ac)
    }

    /// The key type.
    pub fn key_type(&self) -> KeyType {
        self.private.key_type()
    }

    /// The private key. Secret.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private
    }

    /// The StarFire private-key string, for export. Secret.
    pub fn private_str(&self) -> Zeroizing<String> {
        self.private.to_encoded()
    }

    /// The StarFire-encoded public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The decoded address.
    pub fn address(&self) -> &StarfireAddress {
        &self.address
    }

    /// The BID this key pair signs for.
    pub fn bid(&self) -> &Bid {
        self.address.bid()
    }

    /// Signs `message` as it is (no domain tag is added here).
    ///
    /// # Errors
    ///
    /// None in practice: a key pair only exists for keys that can sign. The `Result` covers
    /// an SM2 key rebuilt from its bytes at signing time.
    pub fn sign(&self, message: &[u8]) -> Result<Signature> {
        match &self.ed25519 {
            Some(signing) => Ok(ed25519::sign(signing, message)),
            None => sm2_sign(self.private.expose_raw(), message),
        }
    }
}

impl isf_core::Signer for KeyPair {
    fn bid(&self) -> &Bid {
        self.address.bid()
    }

    fn public_key(&self) -> PublicKey {
        self.public_key.clone()
    }

    fn sign(&self, message: &[u8]) -> isf_core::Result<Signature> {
        KeyPair::sign(self, message).map_err(|error| isf_core::CoreError::Encoding {
            reason: format!("signing as {}: {error}", self.bid()),
        })
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("bid", self.bid())
            .field("public_key", &self.public_key)
            .field("private_key", &self.private)
            .finish()
    }
}

fn random_bytes() -> Result<Zeroizing<[u8; RAW_PRIVATE_LEN]>> {
    let mut raw = Zeroizing::new([0; RAW_PRIVATE_LEN]);
    OsRng
        .try_fill_bytes(raw.as_mut_slice())
        .map_err(|error| BidError::Randomness {
            reason: error.to_string(),
        })?;
    Ok(raw)
}

#[cfg(feature = "sm2")]
fn is_valid_sm2_scalar(raw: &[u8; RAW_PRIVATE_LEN]) -> bool {
    crate::sm2::is_valid_scalar(raw)
}

#[cfg(not(feature = "sm2"))]
fn is_valid_sm2_scalar(_raw: &[u8; RAW_PRIVATE_LEN]) -> bool {
    false
}

#[cfg(feature = "sm2")]
fn sm2_raw_public_key(secret: &[u8; RAW_PRIVATE_LEN]) -> Result<Vec<u8>> {
    crate::sm2::raw_public_key(secret)
}

#[cfg(not(feature = "sm2"))]
fn sm2_raw_public_key(_secret: &[u8; RAW_PRIVATE_LEN]) -> Result<Vec<u8>> {
    Err(BidError::Sm2Unsupported)
}

#[cfg(feature = "sm2")]
fn sm2_sign(secret: &[u8; RAW_PRIVATE_LEN], message: &[u8]) -> Result<Signature> {
    crate::sm2::sign(secret, message)
}

#[cfg(not(feature = "sm2"))]
fn sm2_sign(_secret: &[u8; RAW_PRIVATE_LEN], _message: &[u8]) -> Result<Signature> {
    Err(BidError::Sm2Unsupported)
}
