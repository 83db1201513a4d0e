//! The citizen identity number of a resident of China (公民身份号码), GB 11643-1999.
//!
//! Eighteen characters: a six-digit area code, the eight-digit birth date `YYYYMMDD`, a
//! three-digit sequence number and a check character computed with ISO 7064 MOD 11-2, which is
//! a digit or `X`. Whether the area code is currently assigned, and whether the birth date lies
//! in the future, depend on data and a clock this crate does not have: those checks are the
//! caller's.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use isf_core::BizDate;

use crate::realname::error::IdentityError;
use crate::realname::mask::mask_middle;

const KIND: &str = "resident id";

/// Weights of positions 1 to 17: 2^(18-i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each value of the weighted sum mod 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A checked resident ID number.
///
/// [`Debug`](fmt::Debug) shows the number masked; the full number is only available through
/// [`ResidentId::as_str`] and serde, so that it does not end up in logs by accident.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResidentId {
    text: Box<str>,
    birth_date: BizDate,
}

impl ResidentId {
    /// Reads and checks an 18-character number. A lower-case `x` check character is refused
    /// with an error asking for `X`, not normalised: registries compare numbers as exact
    /// text, so a number is stored the way it will be matched.
    ///
    /// # Errors
    ///
    /// [`IdentityError`] naming the position and character at fault, the impossible birth
    /// date, or the expected check character.
    pub fn parse(text: &str) -> Result<ResidentId, IdentityError> {
        let len = text.chars().count();
        if len != 18 {
            return Err(IdentityError::Length {
                kind: KIND,
                masked: mask_resident_id(text),
                len,
            });
        }

        let digits = text
            .chars()
            .take(17)
            .enumerate()
            .map(|(index, character)| digit_at(character, index + 1, text))
            .collect::<Result<Vec<u32>, IdentityError>>()?;
        let given = text.chars().last().unwrap_or('?');
        check_character_form(given, text)?;

        let birth_date = birth_date_of(text)?;

        let expected = check_character(&digits);
        if given != expected {
            return Err(IdentityError::CheckCharacter {
                kind: KIND,
                masked: mask_resident_id(text),
                found: given,
                expected,
            });
        }
        Ok(ResidentId {
            text: Box::from(text),
            birth_date,
        })
    }

    /// The full number. Do not log it; use [`ResidentId::masked`].
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The number for display and logs: the first four and last four characters, the rest
    /// `*` (`1101**********002X`).
    pub fn masked(&self) -> String {
        mask_resident_id(&self.text)
    }

    /// Positions 1 to 6: the area code of the place of first registration.
    pub fn area_code(&self) -> &str {
        self.text.get(0..6).unwrap_or_default()
    }

    /// Positions 7 to 14: the date of birth.
    pub fn birth_date(&self) -> BizDate {
        self.birth_date
    }

    /// Positions 15 to 17: the sequence number (odd for men, even for women).
    pub fn sequence(&self) -> &str {
        self.text.get(14..17).unwrap_or_default()
    }
}

fn mask_resident_id(text: &str) -> String {
    mask_middle(text, 4, 4)
}

fn digit_at(character: char, position: usize, text: &str) -> Result<u32, IdentityError> {
    character
        .to_digit(10)
        .ok_or_else(|| IdentityError::IllegalCharacter {
            kind: KIND,
            masked: mask_resident_id(text),
            position,
            character,
            expected: "a digit",
        })
}

fn check_character_form(character: char, text: &str) -> Result<(), IdentityError> {
    match character {
        '0'..='9' | 'X' => Ok(()),
        'x' => Err(IdentityError::LowerCase {
            kind: KIND,
            masked: mask_resident_id(text),
            position: 18,
            character,
            upper: 'X',
        }),
        _ => Err(IdentityError::IllegalCharacter {
            kind: KIND,
            masked: mask_resident_id(text),
            position: 18,
            character,
            expected: "a digit or X",
        }),
    }
}

/// Reads positions 7 to 14, which are known to be ASCII digits by now.
fn birth_date_of(text: &str) -> Result<BizDate, IdentityError> {
    let date = text.get(6..14).unwrap_or_default();
    let bad = |reason| IdentityError::BirthDate {
        masked: mask_resident_id(text),
        date: date.to_owned(),
        reason,
    };
    let number = |range: std::ops::Range<usize>| {
        date.get(range)
            .and_then(|part| part.parse::<u32>().ok())
            .ok_or_else(|| bad("is not eight digits"))
    };

    let year = i32::try_from(number(0..4)?).map_err(|_| bad("is not eight digits"))?;
    let birth = BizDate::new(year, number(4..6)?, number(6..8)?)
        .map_err(|_| bad("is not a calendar date"))?;
    if year < 1900 {
        return Err(bad("is before 1900-01-01"));
    }
    Ok(birth)
}

/// ISO 7064 MOD 11-2 over the first 17 digits.
fn check_character(digits: &[u32]) -> char {
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| digit * weight)
        .sum();
    let index = usize::try_from(sum % 11).unwrap_or(0);
    CHECK.get(index).copied().unwrap_or('?')
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

impl FromStr for ResidentId {
    type Err = IdentityError;

    fn from_str(text: &str) -> Result<ResidentId, IdentityError> {
        ResidentId::parse(text)
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ResidentId::parse(&text).map_err(serde::de::Error::custom)
    }
}
