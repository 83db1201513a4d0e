//! What can be wrong with a real-name identity number or a legal identity.
//!
//! Identity numbers are personal data, so errors never repeat them in full: they carry the
//! masked input plus the one position and character at fault, which is enough to fix a typo
//! and safe to write to a log.

use thiserror::Error;

/// A unified social credit code, resident ID number or legal name was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// The number does not have 18 characters.
    #[error("{kind} {masked} has {len} characters, expected 18")]
    Length {
        /// Which number was being read.
        kind: &'static str,
        /// The input, masked.
        masked: String,
        /// How many characters it has.
        len: usize,
    },
    /// A letter is lower case where only upper case is accepted.
    #[error(
        "{kind} {masked}: character {character:?} at position {position} is lower case; \
         use upper case {upper:?}"
    )]
    LowerCase {
        /// Which number was being read.
        kind: &'static str,
        /// The input, masked.
        masked: String,
        /// 1-based position of the character.
        position: usize,
        /// The character as given.
        character: char,
        /// The accepted upper-case form.
        upper: char,
    },
    /// A character is not allowed at its position.
    #[error(
        "{kind} {masked}: character {character:?} at position {position} is not allowed \
         (expected {expected})"
    )]
    IllegalCharacter {
        /// Which number was being read.
        kind: &'static str,
        /// The input, masked.
        masked: String,
        /// 1-based position of the character.
        position: usize,
        /// The character as given.
        character: char,
        /// What the position accepts.
        expected: &'static str,
    },
    /// The birth date of a resident ID number (positions 7 to 14) is not acceptable.
    #[error("resident id {masked}: birth date {date} at positions 7-14 {reason}")]
    BirthDate {
        /// The input, masked.
        masked: String,
        /// The eight birth-date digits as given.
        date: String,
        /// Why they were refused.
        reason: &'static str,
    },
    /// The check character (position 18) does not match the other 17.
    #[error("{kind} {masked}: check character at position 18 is {found:?}, expected {expected:?}")]
    CheckCharacter {
        /// Which number was being read.
        kind: &'static str,
        /// The input, masked.
        masked: String,
        /// The check character as given.
        found: char,
        /// The check character computed from positions 1 to 17.
        expected: char,
    },
    /// A legal name is empty or too long.
    #[error("legal name {name:?} {reason}")]
    Name {
        /// The name as given (truncated when long).
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },
}
