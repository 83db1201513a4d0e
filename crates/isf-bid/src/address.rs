//! StarFire addresses (BIDs) and how they derive from public keys.
//!
//! A BID reads `did:bid:` + optional AC code and `:` + `ef`/`zf` + StarFire Base58 of the last
//! 22 bytes of H(raw public key), where H is SHA-256 for Ed25519 (over the 32-byte key) and SM3
//! for SM2 (over the 65-byte point `04‖X‖Y`). The AC code (sub-chain code, 4 lower-case letters
//! or digits) does not enter the hash. [`isf_core::Bid`] checks the outer form only;
//! [`StarfireAddress`] decodes the key hash too.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use sm3::Sm3;

use isf_core::{Bid, PublicKey};

use crate::base58;
use crate::error::{BidError, Result, excerpt};
use crate::keys::KeyType;

/// Number of hash bytes a BID keeps.
pub const KEY_HASH_LEN: usize = 22;

/// Longest text worth reading as a BID: prefix, AC code and a 42-character suffix.
const MAX_BID_TEXT: usize = 8 + 5 + 44;

/// A sub-chain code (AC code, 子链码): four lower-case letters or digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AcCode(String);

impl AcCode {
    /// Checks and wraps an AC code.
    ///
    /// # Errors
    ///
    /// [`BidError::AcCode`] unless the text is four lower-case ASCII letters or digits.
    pub fn parse(text: &str) -> Result<AcCode> {
        let valid = text.len() == 4
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if !valid {
            return Err(BidError::AcCode {
                input: excerpt(text),
            });
        }
        Ok(AcCode(text.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AcCode({})", self.0)
    }
}

/// A fully decoded StarFire address: optional AC code, key type and key hash.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StarfireAddress {
    bid: Bid,
    ac: Option<AcCode>,
    key_type: KeyType,
    key_hash: [u8; KEY_HASH_LEN],
}

impl StarfireAddress {
    /// Reads and fully checks a BID.
    ///
    /// # Errors
    ///
    /// [`BidError::Address`] saying which rule failed: the `did:bid:` prefix, the number of
    /// `:`-separated parts (3 or 4), the AC code, the key-type character (`e`/`z`), the
    /// encoding character (`f`), a character outside the StarFire alphabet, or a key hash
    /// that does not decode to 22 bytes.
    pub fn parse(text: &str) -> Result<StarfireAddress> {
        let bad = |reason: String| BidError::Address {
            input: excerpt(text),
            reason,
        };
        if text.len() > MAX_BID_TEXT {
            return Err(bad(format!("longer than {MAX_BID_TEXT} bytes")));
        }
        let rest = text
            .strip_prefix("did:bid:")
            .ok_or_else(|| bad("must start with did:bid:".to_owned()))?;

        let parts: Vec<&str> = rest.split(':').collect();
        let (ac, suffix) = match parts.as_slice() {
            [suffix] => (None, *suffix),
            [ac, suffix] => {
                let ac = AcCode::parse(ac).map_err(|error| bad(error.to_string()))?;
                (Some(ac), *suffix)
            }
            _ => {
                let found = parts.len() + 2;
                return Err(bad(format!(
                    "expected 3 or 4 parts separated by ':', found {found}"
                )));
            }
        };

        let mut chars = suffix.chars();
        let key_type = match chars.next() {
            Some('e') => KeyType::Ed25519,
            Some('z') => KeyType::Sm2,
            other => {
                return Err(bad(format!(
                    "unknown key-type prefix {other:?}, expected 'e' (ed25519) or 'z' (sm2)"
                )));
            }
        };
        match chars.next() {
            Some('f') => {}
            other => {
                return Err(bad(format!(
                    "unknown encoding character {other:?}, only 'f' (base58) is defined"
                )));
            }
        }

        let decoded = base58::decode(chars.as_str()).map_err(|error| match error {
            BidError::Base58 { reason, .. } => bad(format!("key hash: {reason}")),
            other => other,
        })?;
        let key_hash: [u8; KEY_HASH_LEN] = decoded.as_slice().try_into().map_err(|_| {
            bad(format!(
                "key hash decodes to {} bytes, expected 22",
                decoded.len()
            ))
        })?;

        let bid = Bid::parse(text).map_err(|error| bad(error.to_string()))?;
        Ok(StarfireAddress {
            bid,
            ac,
            key_type,
            key_hash,
        })
    }

    /// The address of a public key, optionally on a sub-chain.
    ///
    /// # Errors
    ///
    /// [`BidError::PublicKey`] for a key of a scheme StarFire does not use.
    pub fn from_public_key(key: &PublicKey, ac: Option<AcCode>) -> Result<StarfireAddress> {
        let key_type = KeyType::of(key)?;
        let key_hash = key_hash(key_type, key.raw());

        let mut text = String::from("did:bid:");
        if let Some(ac) = &ac {
            text.push_str(ac.as_str());
            text.push(':');
        }
        text.push_str(key_type.bid_prefix());
        text.push_str(&base58::encode(&key_hash));

        let bid = Bid::parse(&text)?;
        Ok(StarfireAddress {
            bid,
            ac,
            key_type,
            key_hash,
        })
    }

    /// The address as a [`Bid`].
    pub fn bid(&self) -> &Bid {
        &self.bid
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        self.bid.as_str()
    }

    /// The AC code, if the address is on a sub-chain.
    pub fn ac(&self) -> Option<&AcCode> {
        self.ac.as_ref()
    }

    /// The key type named by the address.
    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// The 22 hash bytes the address carries.
    pub fn key_hash(&self) -> &[u8; KEY_HASH_LEN] {
        &self.key_hash
    }

    /// Whether `key` is the key this address was derived from. The AC code plays no part:
    /// one key has one address per sub-chain.
    pub fn is_derived_from(&self, key: &PublicKey) -> bool {
        match KeyType::of(key) {
            Ok(key_type) => {
                key_type == self.key_type && key_hash(key_type, key.raw()) == self.key_hash
            }
            Err(_) => false,
        }
    }
}

/// The last 22 bytes of the key-type's hash of a raw public key.
pub fn key_hash(key_type: KeyType, raw_public_key: &[u8]) -> [u8; KEY_HASH_LEN] {
    let digest: [u8; 32] = match key_type {
        KeyType::Ed25519 => Sha256::digest(raw_public_key).into(),
        KeyType::Sm2 => Sm3::digest(raw_public_key).into(),
    };
    let mut tail = [0; KEY_HASH_LEN];
    tail.copy_from_slice(&digest[32 - KEY_HASH_LEN..]);
    tail
}

impl fmt::Display for StarfireAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for StarfireAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StarfireAddress({})", self.as_str())
    }
}

impl FromStr for StarfireAddress {
    type Err = BidError;

    fn from_str(text: &str) -> Result<StarfireAddress> {
        StarfireAddress::parse(text)
    }
}

impl Serialize for StarfireAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StarfireAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        StarfireAddress::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example() {
        let key = PublicKey::from_hex(
            "b0656681fe6bbb5ef40fa464b6fb8335da40c6814be2a1fed750228deda2ac2d496e6e",
        )
        .unwrap();
        let address = StarfireAddress::from_public_key(&key, None).unwrap();
        assert_eq!(
            address.as_str(),
            "did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe"
        );
        assert_eq!(StarfireAddress::parse(address.as_str()).unwrap(), address);
        assert!(address.is_derived_from(&key));
    }

    #[test]
    fn reasons_name_the_rule() {
        let cases = [
            ("bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "did:bid:"),
            ("did:bid:a:b:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "parts"),
            ("did:bid:AA1C:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "ac code"),
            ("did:bid:xx2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "key-type"),
            ("did:bid:es2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "encoding"),
            ("did:bid:efl2AuAJid1dB22rk3M6vB6cUc1ENnpfEe", "alphabet"),
            ("did:bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpf", "22"),
        ];
        for (input, needle) in cases {
            let message = StarfireAddress::parse(input).unwrap_err().to_string();
            assert!(message.contains(needle), "{input}: {message}");
        }
    }
}
