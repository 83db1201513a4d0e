//! Typed identifiers: who acts ([`Bid`]), what is acted on ([`VoucherId`], [`PieceId`]) and
//! which request asked for it ([`RequestNo`]).
//!
//! [`Bid`] checks only the outer form of a StarFire BID here; decoding the key-hash suffix
//! against the StarFire alphabet belongs to `isf-bid`.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{CoreError, Result};

/// A StarFire BID such as `did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE`, optionally with a
/// four-character AC code (`did:bid:aa1c:ef…`). Cheap to clone.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bid(Arc<str>);

impl Bid {
    /// Checks the outer form: `did:bid:`, an optional AC code of four lower-case letters or
    /// digits, then `ef`/`zf` and 22 to 42 alphanumerics.
    pub fn parse(text: &str) -> Result<Bid> {
        let bad = |reason| CoreError::IdParse {
            kind: "BID",
            input: text.to_owned(),
            reason,
        };
        let rest = text
            .strip_prefix("did:bid:")
            .ok_or_else(|| bad("must start with did:bid:"))?;
        let suffix = match rest.split_once(':') {
            Some((ac, suffix)) => {
                let ac_ok = ac.len() == 4
                    && ac
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
                if !ac_ok {
                    return Err(bad("AC code must be four lower-case letters or digits"));
                }
                suffix
            }
            None => rest,
        };
        if !(suffix.starts_with("ef") || suffix.starts_with("zf")) {
            return Err(bad("key type must be ef (Ed25519) or zf (SM2)"));
        }
        let body = &suffix[2..];
        if !(22..=42).contains(&body.len()) || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad("suffix must be 22 to 42 letters or digits"));
        }
        Ok(Bid(Arc::from(text)))
    }

    /// The BID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Bid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Bid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bid({})", self.0)
    }
}

impl Serialize for Bid {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Bid::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Declares a string identifier with a length limit and a printable-ASCII alphabet.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Accepts 1 to
            #[doc = stringify!($max)]
            /// characters of `A-Z a-z 0-9 - _ . : /`.
            pub fn parse(text: &str) -> Result<$name> {
                let bad = |reason| CoreError::IdParse {
                    kind: $kind,
                    input: text.to_owned(),
                    reason,
                };
                if text.is_empty() || text.len() > $max {
                    return Err(bad(concat!("must be 1 to ", stringify!($max), " characters")));
                }
                let allowed =
                    |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/');
                if !text.bytes().all(allowed) {
                    return Err(bad("only letters, digits and - _ . : / are allowed"));
                }
                Ok($name(Arc::from(text)))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

text_id!(
    /// The number of a voucher (电子债权凭证编号) as given by its issuer, unique per platform.
    VoucherId,
    "voucher number",
    64
);

text_id!(
    /// A request number (`request_no`, the ISF `requestNo`): the idempotency key of a command.
    RequestNo,
    "request number",
    64
);

/// One piece of a voucher: the issued whole, or a child created by a split. Assigned in order
/// by the voucher book, so replaying the same commands yields the same ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PieceId(pub u64);

impl fmt::Display for PieceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bid_forms() {
        assert!(Bid::parse("did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE").is_ok());
        assert!(Bid::parse("did:bid:aa1c:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe").is_ok());
        assert!(Bid::parse("did:bid:xx2AuAJid1dB22rk3M6vB6cUc1ENnpfEe").is_err());
        assert!(Bid::parse("did:bid:AA1C:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe").is_err());
        assert!(Bid::parse("bid:ef2AuAJid1dB22rk3M6vB6cUc1ENnpfEe").is_err());
        assert!(Bid::parse("did:bid:ef").is_err());
    }

    #[test]
    fn request_no_limits() {
        assert!(RequestNo::parse("REQ-2025-0001").is_ok());
        assert!(RequestNo::parse("").is_err());
        assert!(RequestNo::parse("has space").is_err());
        assert!(RequestNo::parse(&"x".repeat(65)).is_err());
    }
}
