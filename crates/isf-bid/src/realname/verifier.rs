//! The [`IdentityVerifier`] port: a third party confirms that a legal name and an identity
//! number belong together, and [`MemoryIdentityVerifier`], its in-memory reference
//! implementation.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::realname::{IdNumberKind, LegalIdentity};

/// What the authoritative source says about a name and number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityMatch {
    /// The number is registered under this name.
    Matched,
    /// The number is registered, but under another name.
    NameMismatch,
    /// The source has no record of the number.
    NotFound,
}

/// The check could not be made: no answer, as opposed to a negative answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IdentityCheckError {
    /// The source did not answer or refused the request.
    #[error("identity check unavailable ({reason}); retry can help: {retryable}")]
    Unavailable {
        /// What the source or the transport reported.
        reason: String,
        /// Whether the same request may succeed later (timeouts, rate limits) or will fail
        /// again until something is changed (credentials, quota, unsupported kind).
        retryable: bool,
    },
}

impl IdentityCheckError {
    /// Whether asking again unchanged may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            IdentityCheckError::Unavailable { retryable, .. } => *retryable,
        }
    }
}

/// Checks a name against an identity number with an authoritative source: the enterprise
/// credit registry (国家企业信用信息公示系统) for a [`LegalIdentity::Enterprise`], the public
/// security identity service for a [`LegalIdentity::Person`].
///
/// Implementations MUST:
/// - answer [`IdentityMatch::Matched`] only when the source holds the number under the given
///   name, compared as [`names_match`] does (whitespace at the ends and the width of
///   parentheses do not count, everything else does);
/// - answer [`IdentityMatch::NameMismatch`] or [`IdentityMatch::NotFound`] when the source
///   answered and the answer is negative, and return [`IdentityCheckError`] only when there
///   is no answer, saying whether a retry can help;
/// - have no effect on the SDK's state: asking twice is harmless;
/// - never log or report the full identity number (use the masked form).
pub trait IdentityVerifier {
    /// Asks whether `identity`'s name and number belong together.
    ///
    /// # Errors
    ///
    /// [`IdentityCheckError::Unavailable`] when the source gave no answer.
    fn check(&self, identity: &LegalIdentity) -> Result<IdentityMatch, IdentityCheckError>;
}

impl<T: IdentityVerifier + ?Sized> IdentityVerifier for &T {
    fn check(&self, identity: &LegalIdentity) -> Result<IdentityMatch, IdentityCheckError> {
        (**self).check(identity)
    }
}

impl<T: IdentityVerifier + ?Sized> IdentityVerifier for Box<T> {
    fn check(&self, identity: &LegalIdentity) -> Result<IdentityMatch, IdentityCheckError> {
        (**self).check(identity)
    }
}

impl<T: IdentityVerifier + ?Sized> IdentityVerifier for std::sync::Arc<T> {
    fn check(&self, identity: &LegalIdentity) -> Result<IdentityMatch, IdentityCheckError> {
        (**self).check(identity)
    }
}

/// Whether two legal names are the same name: equal after trimming white space at both ends
/// and writing full-width parentheses `（）` as `()`. Registries print enterprise names with
/// either width, and nothing else about a name may differ.
pub fn names_match(left: &str, right: &str) -> bool {
    normalise(left) == normalise(right)
}

fn normalise(name: &str) -> String {
    name.trim()
        .chars()
        .map(|character| match character {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// An [`IdentityVerifier`] answering from a table of known numbers and names, for tests,
/// examples and scenario runs.
#[derive(Clone, Debug, Default)]
pub struct MemoryIdentityVerifier {
    names_by_number: BTreeMap<(IdNumberKind, String), String>,
}

impl MemoryIdentityVerifier {
    /// An empty table: every check answers [`IdentityMatch::NotFound`].
    pub fn new() -> MemoryIdentityVerifier {
        MemoryIdentityVerifier::default()
    }

    /// Records `identity` as known, replacing an earlier name for the same number.
    pub fn insert(&mut self, identity: &LegalIdentity) {
        let key = (identity.kind(), identity.number().to_owned());
        self.names_by_number.insert(key, identity.name().to_owned());
    }

    /// Builder form of [`MemoryIdentityVerifier::insert`].
    #[must_use]
    pub fn with(mut self, identity: &LegalIdentity) -> MemoryIdentityVerifier {
        self.insert(identity);
        self
    }
}

impl IdentityVerifier for MemoryIdentityVerifier {
    fn check(&self, identity: &LegalIdentity) -> Result<IdentityMatch, IdentityCheckError> {
        let key = (identity.kind(), identity.number().to_owned());
        let answer = match self.names_by_number.get(&key) {
            None => IdentityMatch::NotFound,
            Some(known) if names_match(known, identity.name()) => IdentityMatch::Matched,
            Some(_) => IdentityMatch::NameMismatch,
        };
        Ok(answer)
    }
}
