//! Signature vocabulary shared by every crate: public keys, signatures, and the [`Signer`] and
//! [`Verifier`] roles.
//!
//! The cryptography itself (Ed25519, SM2, the StarFire key encodings) lives in `isf-bid`, which
//! implements these traits. Keeping only the vocabulary here lets the domain crates demand
//! "a signed command" without depending on a particular algorithm.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{CoreError, Result};
use crate::hash::decode_hex;
use crate::id::Bid;

/// The signature algorithms of StarFire keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SignatureScheme {
    /// Ed25519 over the message bytes; key-type byte `0x65` ('e').
    Ed25519,
    /// SM2 with SM3 and the default user id; key-type byte `0x7a` ('z').
    Sm2,
}

/// A public key in the StarFire encoding: `0xb0`, key-type byte, `0x66`, raw key.
/// Serialised as lower-case hex (`b06566…` for Ed25519).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublicKey(Vec<u8>);

impl PublicKey {
    /// Wraps encoded bytes after checking the three-byte StarFire header and the raw length.
    pub fn from_encoded(bytes: Vec<u8>) -> Result<PublicKey> {
        let bad = |reason| CoreError::IdParse {
            kind: "public key",
            input: hex::encode(&bytes),
            reason,
        };
        match bytes.as_slice() {
            [0xb0, 0x65, 0x66, raw @ ..] if raw.len() == 32 => {}
            [0xb0, 0x7a, 0x66, 0x04, raw @ ..] if raw.len() == 64 => {}
            [0xb0, 0x65 | 0x7a, 0x66, ..] => return Err(bad("wrong raw key length")),
            _ => return Err(bad("must start with b06566 (Ed25519) or b07a66 (SM2)")),
        }
        Ok(PublicKey(bytes))
    }

    /// Reads the hex form.
    pub fn from_hex(text: &str) -> Result<PublicKey> {
        PublicKey::from_encoded(decode_hex(text)?)
    }

    /// The algorithm this key belongs to.
    pub fn scheme(&self) -> SignatureScheme {
        if self.0.get(1) == Some(&0x7a) {
            SignatureScheme::Sm2
        } else {
            SignatureScheme::Ed25519
        }
    }

    /// The encoded bytes, header included.
    pub fn encoded(&self) -> &[u8] {
        &self.0
    }

    /// The raw key after the three-byte header.
    pub fn raw(&self) -> &[u8] {
        self.0.get(3..).unwrap_or_default()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(&self.0))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

/// A 64-byte signature (Ed25519, or SM2 as raw `r‖s`). Serialised as lower-case hex.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub [u8; 64]);

impl Signature {
    /// Reads 128 hex digits, either case.
    pub fn from_hex(text: &str) -> Result<Signature> {
        let bytes = decode_hex(text)?;
        let array: [u8; 64] = bytes.try_into().map_err(|_| CoreError::HexParse {
            input: text.chars().take(80).collect(),
            reason: "a signature has 64 bytes",
        })?;
        Ok(Signature(array))
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({self})")
    }
}

macro_rules! hex_serde {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::from_hex(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

hex_serde!(PublicKey);
hex_serde!(Signature);

/// Something that signs on behalf of one BID: a key pair, a hardware module, a remote signer.
///
/// Implementations MUST sign exactly the bytes given (no pre-hashing beyond what the scheme
/// itself prescribes) and MUST return a signature that [`Verifier::verify`] accepts under
/// [`Signer::public_key`].
pub trait Signer {
    /// The identity being signed for.
    fn bid(&self) -> &Bid;

    /// The public key whose BID is [`Signer::bid`].
    fn public_key(&self) -> PublicKey;

    /// Signs `message`.
    fn sign(&self, message: &[u8]) -> Result<Signature>;
}

/// Checks signatures and the binding between a BID and a public key.
///
/// Implementations MUST be pure (no I/O) and MUST refuse a key whose BID does not derive
/// from it, so that nobody can sign as a BID with a key of their own.
pub trait Verifier {
    /// Verifies that `signature` over `message` was made with `key`, and that `key` belongs
    /// to `bid`.
    fn verify(
        &self,
        bid: &Bid,
        key: &PublicKey,
        message: &[u8],
        signature: &Signature,
    ) -> Result<()>;
}
