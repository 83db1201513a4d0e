//! StarFire key types, the `pri…` private-key string and the `b0…` public-key encoding.
//!
//! A private-key string is StarFire Base58 of `18 9e 99 | type | 66 | raw key` where `type`
//! is `0x65` ('e', Ed25519: the 32-byte seed) or `0x7a` ('z', SM2: the 32-byte scalar), so
//! Ed25519 keys read `priSPK…` and SM2 keys `priSrr…`. A public key is `b0 | type | 66 | raw
//! key` in hex ([`isf_core::PublicKey`]). Signing and key derivation live in [`crate::KeyPair`].

use std::fmt;

use zeroize::Zeroizing;

use isf_core::{PublicKey, SignatureScheme};

use crate::base58;
use crate::error::{BidError, Result, excerpt};

/// The three bytes every StarFire private key starts with.
const PRIVATE_HEADER: [u8; 3] = [0x18, 0x9e, 0x99];

/// The encoding byte: `f`, StarFire Base58. The SDKs define no other.
const BASE58_MARK: u8 = 0x66;

/// Length of a raw private key of either type.
pub const RAW_PRIVATE_LEN: usize = 32;

/// Longest private-key string worth decoding; a real one has 50 characters.
const MAX_PRIVATE_TEXT: usize = 64;

/// The signature algorithm of a StarFire key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyType {
    /// Ed25519, type byte `0x65` ('e'); BIDs start `ef`.
    Ed25519,
    /// SM2 with SM3 (GM/T 0003), type byte `0x7a` ('z'); BIDs start `zf`.
    Sm2,
}

impl KeyType {
    /// The type byte used in keys.
    pub const fn type_byte(self) -> u8 {
        match self {
            KeyType::Ed25519 => 0x65,
            KeyType::Sm2 => 0x7a,
        }
    }

    /// The key type of a type byte, if it names one.
    pub const fn from_type_byte(byte: u8) -> Option<KeyType> {
        match byte {
            0x65 => Some(KeyType::Ed25519),
            0x7a => Some(KeyType::Sm2),
            _ => None,
        }
    }

    /// The two characters that open the key-hash part of a BID: `ef` or `zf`.
    pub const fn bid_prefix(self) -> &'static str {
        match self {
            KeyType::Ed25519 => "ef",
            KeyType::Sm2 => "zf",
        }
    }

    /// The matching [`SignatureScheme`] of `isf-core`.
    pub const fn scheme(self) -> SignatureScheme {
        match self {
            KeyType::Ed25519 => SignatureScheme::Ed25519,
            KeyType::Sm2 => SignatureScheme::Sm2,
        }
    }

    /// The key type of a public key.
    ///
    /// # Errors
    ///
    /// [`BidError::PublicKey`] for a scheme that StarFire keys do not use.
    pub fn of(key: &PublicKey) -> Result<KeyType> {
        match key.scheme() {
            SignatureScheme::Ed25519 => Ok(KeyType::Ed25519),
            SignatureScheme::Sm2 => Ok(KeyType::Sm2),
            _ => Err(public_key_error(
                key.encoded(),
                "unsupported signature scheme",
            )),
        }
    }

    /// Length of the raw public key: 32 for Ed25519, 65 (`04‖X‖Y`) for SM2.
    pub const fn raw_public_len(self) -> usize {
        match self {
            KeyType::Ed25519 => 32,
            KeyType::Sm2 => 65,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyType::Ed25519 => "ed25519",
            KeyType::Sm2 => "sm2",
        })
    }
}

/// A raw private key and its type. The key bytes are wiped when the value is dropped and are
/// never shown by `Debug`.
#[derive(Clone)]
pub struct PrivateKey {
    key_type: KeyType,
    raw: Zeroizing<[u8; RAW_PRIVATE_LEN]>,
}

impl PrivateKey {
    /// Wraps raw key bytes: an Ed25519 seed or an SM2 scalar, big-endian.
    ///
    /// The array is copied; wipe the caller's copy if it came from somewhere sensitive.
    pub fn from_raw(key_type: KeyType, raw: [u8; RAW_PRIVATE_LEN]) -> PrivateKey {
        PrivateKey {
            key_type,
            raw: Zeroizing::new(raw),
        }
    }

    /// Reads a StarFire private-key string (`priSPK…` or `priSrr…`).
    ///
    /// # Errors
    ///
    /// [`BidError::PrivateKey`] for text that is not Base58, a wrong header or length, a type
    /// byte other than `e`/`z` (for example legacy `privb…` keys) or an encoding byte other
    /// than `f`. The text is secret and is not repeated in the error.
    pub fn parse(text: &str) -> Result<PrivateKey> {
        let bad = |reason: &str| BidError::PrivateKey {
            reason: reason.to_owned(),
        };
        if text.len() > MAX_PRIVATE_TEXT {
            return Err(bad("longer than any starfire private key"));
        }

        let bytes = Zeroizing::new(base58::decode(text).map_err(|_| {
            bad("not starfire base58 (alphabet 1-9 A-Z a-z without 0 I O l, b/B u/U swapped)")
        })?);
        let (header, rest) = bytes.split_at(bytes.len().min(3));
        if header != PRIVATE_HEADER {
            return Err(bad(
                "does not start with the starfire header 189e99 (legacy or foreign format)",
            ));
        }

        let [type_byte, mark, raw @ ..] = rest else {
            return Err(bad("too short"));
        };
        let key_type = KeyType::from_type_byte(*type_byte).ok_or_else(|| {
            bad(&format!(
                "unknown key-type byte 0x{type_byte:02x}, expected 0x65 or 0x7a"
            ))
        })?;
        if *mark != BASE58_MARK {
            return Err(bad(&format!(
                "unknown encoding byte 0x{mark:02x}, expected 0x66"
            )));
        }
        let raw: [u8; RAW_PRIVATE_LEN] = raw
            .try_into()
            .map_err(|_| bad(&format!("raw key has {} bytes, expected 32", raw.len())))?;

        Ok(PrivateKey::from_raw(key_type, raw))
    }

    /// The key type.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// The raw key bytes. Secret: do not log or persist them.
    pub fn expose_raw(&self) -> &[u8; RAW_PRIVATE_LEN] {
        &self.raw
    }

    /// The StarFire private-key string, for export. Secret: the returned string is wiped when
    /// dropped, but anything it is copied into is not.
    pub fn to_encoded(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new(Vec::with_capacity(5 + RAW_PRIVATE_LEN));
        bytes.extend_from_slice(&PRIVATE_HEADER);
        bytes.push(self.key_type.type_byte());
        bytes.push(BASE58_MARK);
        bytes.extend_from_slice(self.raw.as_slice());
        Zeroizing::new(base58::encode(&bytes))
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({}, <redacted>)", self.key_type)
    }
}

/// Builds the StarFire public key `b0 | type | 66 | raw` from a raw public key.
///
/// # Errors
///
/// [`BidError::PublicKey`] when `raw` has the wrong length for `key_type` (an SM2 key must be
/// the 65-byte uncompressed point starting with `04`).
pub fn encode_public_key(key_type: KeyType, raw: &[u8]) -> Result<PublicKey> {
    let mut encoded = Vec::with_capacity(3 + raw.len());
    encoded.extend_from_slice(&[0xb0, key_type.type_byte(), BASE58_MARK]);
    encoded.extend_from_slice(raw);
    PublicKey::from_encoded(encoded).map_err(|error| BidError::PublicKey {
        input: excerpt(&hex::encode(raw)),
        reason: error.to_string(),
    })
}

/// Reads a public key from hex (either case) and checks that it is a point of its curve.
///
/// The SM2 curve check needs the `sm2` feature; without it an SM2 key is checked for its form
/// only.
///
/// # Errors
///
/// [`BidError::PublicKey`] for bad hex, a wrong header or length, or a point off the curve.
pub fn parse_public_key(text: &str) -> Result<PublicKey> {
    let key = PublicKey::from_hex(text).map_err(|error| BidError::PublicKey {
        input: excerpt(text),
        reason: error.to_string(),
    })?;
    match KeyType::of(&key)? {
        KeyType::Ed25519 => crate::ed25519::check_public_key(&key)?,
        #[cfg(feature = "sm2")]
        KeyType::Sm2 => crate::sm2::check_public_key(&key)?,
        #[cfg(not(feature = "sm2"))]
        KeyType::Sm2 => {}
    }
    Ok(key)
}

/// The error for a public key, naming it in hex.
pub(crate) fn public_key_error(encoded: &[u8], reason: &str) -> BidError {
    BidError::PublicKey {
        input: excerpt(&hex::encode(encoded)),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = PrivateKey::from_raw(KeyType::Ed25519, [7; 32]);
        assert_eq!(format!("{key:?}"), "PrivateKey(ed25519, <redacted>)");
    }

    #[test]
    fn prefixes_follow_the_type() {
        let ed = PrivateKey::from_raw(KeyType::Ed25519, [1; 32]);
        let sm = PrivateKey::from_raw(KeyType::Sm2, [1; 32]);
        assert!(ed.to_encoded().starts_with("priSPK"));
        assert!(sm.to_encoded().starts_with("priSrr"));
    }
}
