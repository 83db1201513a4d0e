//! StarFire Base58: the Bitcoin scheme with its own alphabet.
//!
//! The alphabet swaps `b`/`B` and `u`/`U` relative to Bitcoin's. Text made with the Bitcoin
//! alphabet still looks plausible but decodes to other bytes, so every StarFire string (BID
//! suffixes, private keys, RFC proofs) goes through this module and nothing else. Leading zero
//! bytes map to leading `1`s, as in Bitcoin.

use crate::error::{BidError, Result, excerpt};

/// The StarFire Base58 alphabet, in digit order.
pub const ALPHABET: &str = "123456789AbCDEFGHJKLMNPQRSTuVWXYZaBcdefghijkmnopqrstUvwxyz";

static STARFIRE: bs58::Alphabet =
    bs58::Alphabet::new_unwrap(b"123456789AbCDEFGHJKLMNPQRSTuVWXYZaBcdefghijkmnopqrstUvwxyz");

/// Encodes bytes as StarFire Base58.
pub fn encode(bytes: &[u8]) -> String {
    bs58::encode(bytes).with_alphabet(&STARFIRE).into_string()
}

/// Decodes StarFire Base58 text, naming the first character that is not in the alphabet.
///
/// # Errors
///
/// [`BidError::Base58`] when a character is outside the alphabet.
pub fn decode(text: &str) -> Result<Vec<u8>> {
    bs58::decode(text)
        .with_alphabet(&STARFIRE)
        .into_vec()
        .map_err(|error| BidError::Base58 {
            input: excerpt(text),
            reason: describe(text, error),
        })
}

fn describe(text: &str, error: bs58::decode::Error) -> String {
    let index = match error {
        bs58::decode::Error::InvalidCharacter { index, .. } => index,
        bs58::decode::Error::NonAsciiCharacter { index } => index,
        other => return other.to_string(),
    };
    let character = text.get(index..).and_then(|rest| rest.chars().next());
    match character {
        Some(character) => {
            format!("character {character:?} at byte {index} is not in the starfire alphabet")
        }
        None => format!("byte {index} is not in the starfire alphabet"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_constants_agree() {
        assert_eq!(ALPHABET.len(), 58);
        let digits: Vec<u8> = (0..58).collect();
        let encoded: String = digits
            .iter()
            .map(|digit| encode(&[*digit]))
            .collect::<Vec<_>>()
            .join("");
        // Single bytes 0..58 encode as "1" (a leading zero) then the digits 1..57 in order.
        assert_eq!(&encoded[1..], &ALPHABET[1..]);
    }

    #[test]
    fn leading_zeros_are_ones() {
        assert_eq!(encode(&[0, 0, 1]), "112");
        assert_eq!(decode("112").unwrap(), vec![0, 0, 1]);
    }

    #[test]
    fn refuses_characters_outside_the_alphabet() {
        for bad in ["0", "O", "I", "l", "é"] {
            let error = decode(&format!("2{bad}")).unwrap_err();
            assert!(
                error.to_string().contains("not in the starfire alphabet"),
                "{error}"
            );
        }
    }
}
