//! The unified social credit code (统一社会信用代码) of an enterprise or other organisation,
//! GB 32100-2015.
//!
//! Eighteen characters from `0-9 A-H J-N P-R T U W X Y` (no I, O, S, V, Z): the registration
//! authority (position 1), the entity type (2), the administrative division (3–8, digits), the
//! organisation code (9–17) and a check character (18). The check character is what catches a
//! mistyped code; the meaning of positions 1 and 2 is extended by the authorities over time,
//! so any character of the alphabet is accepted there.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::realname::error::IdentityError;
use crate::realname::mask::mask_middle;

const KIND: &str = "unified social credit code";

/// The 31 characters of the code, in the order of their numeric values 0 to 30.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1 to 17: 3^i mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const ALPHABET_TEXT: &str = "0-9 or A-H J-N P-R T U W X Y (no I, O, S, V, Z)";
const DIVISION_TEXT: &str = "a digit of the administrative division code, positions 3-8";

/// A checked unified social credit code.
///
/// [`Debug`](fmt::Debug) shows the code masked; the full code is only available through
/// [`Uscc::as_str`] and serde, so that it does not end up in logs by accident.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uscc(Box<str>);

impl Uscc {
    /// Reads and checks an 18-character code. Lower-case letters are refused, not
    /// normalised: registries compare codes as exact text, so a code is stored the way it
    /// will be matched.
    ///
    /// # Errors
    ///
    /// [`IdentityError`] naming the position and character at fault, or the expected check
    /// character.
    pub fn parse(text: &str) -> Result<Uscc, IdentityError> {
        let masked = || mask_uscc(text);
        let len = text.chars().count();
        if len != 18 {
            return Err(IdentityError::Length {
                kind: KIND,
                masked: masked(),
                len,
            });
        }

        let values = text
            .chars()
            .enumerate()
            .map(|(index, character)| value_of(character, index + 1, text))
            .collect::<Result<Vec<u32>, IdentityError>>()?;

        let (body, given) = values.split_at(17);
        let expected = check_value(body);
        if given != [expected] {
            return Err(IdentityError::CheckCharacter {
                kind: KIND,
                masked: masked(),
                found: text.chars().last().unwrap_or('?'),
                expected: character_of(expected),
            });
        }
        Ok(Uscc(Box::from(text)))
    }

    /// The full code. Do not log it; use [`Uscc::masked`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code for display and logs: the first four and last two characters, the rest `*`
    /// (`9135************43`).
    pub fn masked(&self) -> String {
        mask_uscc(&self.0)
    }

    /// Position 1: the registration authority (e.g. `9` for market regulation).
    pub fn registration_authority(&self) -> char {
        self.0.chars().next().unwrap_or('?')
    }

    /// Position 2: the entity type within the authority (e.g. `1` for an enterprise).
    pub fn entity_type(&self) -> char {
        self.0.chars().nth(1).unwrap_or('?')
    }

    /// Positions 3 to 8: the administrative division code of the registering office.
    pub fn division_code(&self) -> &str {
        self.0.get(2..8).unwrap_or_default()
    }

    /// Positions 9 to 17: the organisation code.
    pub fn organisation_code(&self) -> &str {
        self.0.get(8..17).unwrap_or_default()
    }
}

fn mask_uscc(text: &str) -> String {
    mask_middle(text, 4, 2)
}

/// The numeric value of the character at 1-based `position`, or why it is refused there.
fn value_of(character: char, position: usize, text: &str) -> Result<u32, IdentityError> {
    let illegal = |expected| IdentityError::IllegalCharacter {
        kind: KIND,
        masked: mask_uscc(text),
        position,
        character,
        expected,
    };

    if (3..=8).contains(&position) {
        return character.to_digit(10).ok_or_else(|| illegal(DIVISION_TEXT));
    }
    if let Some(value) = alphabet_value(character) {
        return Ok(value);
    }

    let upper = character.to_ascii_uppercase();
    if character.is_ascii_lowercase() && alphabet_value(upper).is_some() {
        return Err(IdentityError::LowerCase {
            kind: KIND,
            masked: mask_uscc(text),
            position,
            character,
            upper,
        });
    }
    Err(illegal(ALPHABET_TEXT))
}

fn alphabet_value(character: char) -> Option<u32> {
    let byte = u8::try_from(character).ok()?;
    let index = ALPHABET.iter().position(|&letter| letter == byte)?;
    u32::try_from(index).ok()
}

fn character_of(value: u32) -> char {
    let index = usize::try_from(value).unwrap_or(usize::MAX);
    ALPHABET.get(index).map_or('?', |&byte| char::from(byte))
}

/// The check value: `31 - (Σ value·weight mod 31)`, with 31 itself written as 0.
fn check_value(body: &[u32]) -> u32 {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(value, weight)| value * weight)
        .sum();
    (31 - sum % 31) % 31
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.masked())
    }
}

impl FromStr for Uscc {
    type Err = IdentityError;

    fn from_str(text: &str) -> Result<Uscc, IdentityError> {
        Uscc::parse(text)
    }
}

impl Serialize for Uscc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Uscc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Uscc::parse(&text).map_err(serde::de::Error::custom)
    }
}
