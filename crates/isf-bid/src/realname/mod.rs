//! Real-name identity (实名认证): who a BID belongs to in the legal world.
//!
//! An enterprise is named by its unified social credit code ([`Uscc`], GB 32100), a person by
//! the resident ID number ([`ResidentId`], GB 11643). Both parsers check every character and
//! the check character, and both types mask themselves in `Debug` output. A third party
//! confirms that name and number belong together through the [`IdentityVerifier`] port; the
//! platform's review of an application follows [`IdentityApplication`].

mod application;
mod error;
mod mask;
mod resident_id;
mod uscc;
mod verifier;

use serde::{Deserialize, Serialize};

pub use application::{ApplicationError, ApplicationStatus, IdentityApplication};
pub use error::IdentityError;
pub use mask::mask_middle;
pub use resident_id::ResidentId;
pub use uscc::Uscc;
pub use verifier::{
    IdentityCheckError, IdentityMatch, IdentityVerifier, MemoryIdentityVerifier, names_match,
};

/// Longest legal name accepted, in characters. Registered enterprise names are far shorter;
/// the limit only keeps garbage out of signed documents.
pub const MAX_NAME_CHARS: usize = 200;

/// Which kind of number identifies a legal identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdNumberKind {
    /// Unified social credit code of an enterprise or organisation.
    Uscc,
    /// Resident ID number of a person.
    ResidentId,
}

/// A legal name together with the number that identifies it.
///
/// The derived `Debug` shows the number masked. Deserialisation applies the same checks as
/// [`LegalIdentity::enterprise`] and [`LegalIdentity::person`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "LegalIdentityFields"
)]
pub enum LegalIdentity {
    /// An enterprise or other organisation.
    Enterprise {
        /// The registered name.
        name: String,
        /// Its unified social credit code.
        uscc: Uscc,
    },
    /// A natural person.
    Person {
        /// The name on the identity card.
        name: String,
        /// The resident ID number.
        id_number: ResidentId,
    },
}

impl LegalIdentity {
    /// An enterprise, after checking the name.
    ///
    /// # Errors
    ///
    /// [`IdentityError::Name`] for an empty or overlong name, or one with control characters.
    pub fn enterprise(name: &str, uscc: Uscc) -> Result<LegalIdentity, IdentityError> {
        Ok(LegalIdentity::Enterprise {
            name: checked_name(name)?,
            uscc,
        })
    }

    /// A person, after checking the name.
    ///
    /// # Errors
    ///
    /// [`IdentityError::Name`] for an empty or overlong name, or one with control characters.
    pub fn person(name: &str, id_number: ResidentId) -> Result<LegalIdentity, IdentityError> {
        Ok(LegalIdentity::Person {
            name: checked_name(name)?,
            id_number,
        })
    }

    /// The legal name.
    pub fn name(&self) -> &str {
        match self {
            LegalIdentity::Enterprise { name, .. } | LegalIdentity::Person { name, .. } => name,
        }
    }

    /// Which kind of number this identity carries.
    pub fn kind(&self) -> IdNumberKind {
        match self {
            LegalIdentity::Enterprise { .. } => IdNumberKind::Uscc,
            LegalIdentity::Person { .. } => IdNumberKind::ResidentId,
        }
    }

    /// The full number. Do not log it; use [`LegalIdentity::masked_number`].
    pub fn number(&self) -> &str {
        match self {
            LegalIdentity::Enterprise { uscc, .. } => uscc.as_str(),
            LegalIdentity::Person { id_number, .. } => id_number.as_str(),
        }
    }

    /// The number masked for display, logs and credentials.
    pub fn masked_number(&self) -> String {
        match self {
            LegalIdentity::Enterprise { uscc, .. } => uscc.masked(),
            LegalIdentity::Person { id_number, .. } => id_number.masked(),
        }
    }
}

/// The serde form of [`LegalIdentity`] before the name is checked.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum LegalIdentityFields {
    Enterprise { name: String, uscc: Uscc },
    Person { name: String, id_number: ResidentId },
}

impl TryFrom<LegalIdentityFields> for LegalIdentity {
    type Error = IdentityError;

    fn try_from(fields: LegalIdentityFields) -> Result<LegalIdentity, IdentityError> {
        match fields {
            LegalIdentityFields::Enterprise { name, uscc } => {
                LegalIdentity::enterprise(&name, uscc)
            }
            LegalIdentityFields::Person { name, id_number } => {
                LegalIdentity::person(&name, id_number)
            }
        }
    }
}

/// Trims `name` and refuses it when empty, longer than [`MAX_NAME_CHARS`], or holding a control
/// or bidirectional formatting character.
///
/// A legal name ends up in signed credentials and on every screen that shows who acted; a
/// control character (an ANSI escape, a carriage return) there could repaint a terminal, and a
/// bidirectional override could reorder what is shown around it. No registered name has one.
fn checked_name(name: &str) -> Result<String, IdentityError> {
    let trimmed = name.trim();
    let bad = |reason| IdentityError::Name {
        name: trimmed.chars().take(MAX_NAME_CHARS).collect(),
        reason,
    };
    if trimmed.is_empty() {
        return Err(bad("is empty"));
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(bad("is longer than 200 characters"));
    }
    let reorders = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if trimmed.chars().any(|c| c.is_control() || reorders(c)) {
        return Err(bad("holds a control or bidirectional formatting character"));
    }
    Ok(trimmed.to_owned())
}
