//! The one error type of `isf-store`.
//!
//! Errors fall in three groups, which callers treat differently:
//!
//! - **refusals** ([`StoreError::is_refusal`]): the request itself cannot be applied as it
//!   stands — a version conflict, a request number reused for another command, a malformed
//!   request. Nothing was written.
//! - **backend failures**: the database could not be reached or answered with an error.
//!   [`StoreError::is_retryable`] says whether the same call may succeed later.
//! - **integrity findings**: stored data does not hold together ([`StoreError::Corrupt`]) or an
//!   anchor receipt does not belong to the planned batch.

use isf_core::anchor::AnchorError;
use thiserror::Error;

/// Shorthand for results whose error is [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What went wrong in a journal.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The stream is not at the version the writer expected: someone else appended first.
    /// Re-read the stream, re-decide and retry.
    #[error("version conflict on stream {stream:?}: expected version {expected}, found {actual}")]
    VersionConflict {
        /// The contested stream.
        stream: String,
        /// The version the writer based its decision on.
        expected: u64,
        /// The stream's version in the journal.
        actual: u64,
    },
    /// The request number was already used for a command with a different digest.
    #[error("request number {request_no:?} was already used for a different command")]
    RequestConflict {
        /// The reused request number.
        request_no: String,
    },
    /// A field of an append request or a call argument is unusable.
    #[error("invalid {field} {value:?}: {reason}")]
    InvalidRequest {
        /// Which field or argument.
        field: &'static str,
        /// The value as given (shortened when long).
        value: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// An anchor receipt does not match the batch the journal planned.
    #[error("anchor receipt for {first_seq}..={last_seq} does not match: {reason}")]
    AnchorMismatch {
        /// First sequence number named by the receipt.
        first_seq: u64,
        /// Last sequence number named by the receipt.
        last_seq: u64,
        /// What does not match.
        reason: String,
    },
    /// The chain anchor failed.
    #[error("anchoring failed: {0}")]
    Anchor(#[from] AnchorError),
    /// Stored data does not hold together: a broken hash link, a gap, a malformed column.
    #[error("journal corrupt at sequence {seq}: {reason}")]
    Corrupt {
        /// The first sequence number where the problem shows.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
    /// The database failed.
    #[error("{backend} failed ({}): {source}", if *retryable { "retryable" } else { "not retryable" })]
    Backend {
        /// Which implementation: `memory`, `sqlite` or `postgres`.
        backend: &'static str,
        /// Whether the same call may succeed later (busy database, lost connection,
        /// serialisation failure).
        retryable: bool,
        /// The database's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl StoreError {
    /// Whether the same call, possibly after re-reading state, may succeed later.
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::VersionConflict { .. } => true,
            StoreError::Backend { retryable, .. } => *retryable,
            StoreError::Anchor(error) => error.is_retryable(),
            _ => false,
        }
    }

    /// Whether the request was refused as it stands (nothing was written, and the journal is
    /// healthy), as opposed to the journal failing.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::VersionConflict { .. }
                | StoreError::RequestConflict { .. }
                | StoreError::InvalidRequest { .. }
        )
    }

    /// A backend failure carrying a plain message.
    pub(crate) fn backend(backend: &'static str, retryable: bool, message: String) -> StoreError {
        StoreError::Backend {
            backend,
            retryable,
            source: message.into(),
        }
    }

    /// An unusable field value, shortened to keep log lines readable.
    pub(crate) fn invalid(field: &'static str, value: &str, reason: &'static str) -> StoreError {
        StoreError::InvalidRequest {
            field,
            value: value.chars().take(80).collect(),
            reason,
        }
    }
}
