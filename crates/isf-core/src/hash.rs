//! SHA-256 digests ([`Hash32`]) and the hex form they travel in.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

/// A 32-byte SHA-256 digest, shown and serialised as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hash32(pub [u8; 32]);

impl Hash32 {
    /// The all-zero digest, used as the predecessor of the first event of a chain.
    pub const ZERO: Hash32 = Hash32([0; 32]);

    /// SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Hash32 {
        Hash32(Sha256::digest(bytes).into())
    }

    /// SHA-256 over several parts fed in order (no separators are added).
    pub fn of_parts(parts: &[&[u8]]) -> Hash32 {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
        }
        Hash32(hasher.finalize().into())
    }

    /// Reads 64 hex digits, either case.
    pub fn from_hex(text: &str) -> Result<Hash32> {
        let bytes = decode_hex(text)?;
        let array: [u8; 32] = bytes.try_into().map_err(|_| CoreError::HexParse {
            input: text.to_owned(),
            reason: "a SHA-256 digest has 32 bytes",
        })?;
        Ok(Hash32(array))
    }

    /// The digest bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Decodes hex digits of either case, with an error naming the input.
pub fn decode_hex(text: &str) -> Result<Vec<u8>> {
    hex::decode(text).map_err(|_| CoreError::HexParse {
        input: text.chars().take(80).collect(),
        reason: "expected an even number of hex digits",
    })
}

impl fmt::Display for Hash32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Hash32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash32({self})")
    }
}

impl Serialize for Hash32 {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hash32 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Hash32::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        let digest = Hash32::of(b"abc");
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(digest.to_string(), expected);
        assert_eq!(Hash32::from_hex(expected).unwrap(), digest);
    }

    #[test]
    fn parts_equal_concatenation() {
        assert_eq!(Hash32::of_parts(&[b"ab", b"c"]), Hash32::of(b"abc"));
    }
}
