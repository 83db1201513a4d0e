//! The [`BidResolver`] port: from a BID to its current document, and
//! [`MemoryBidRegistry`], the in-memory reference registry that enforces who may register
//! and update a document.
//!
//! The HTTP client for StarFire resolvers (RFC-005) lives in `isf-client`; this crate only
//! states the contract and checks documents.

mod memory;

use std::sync::Arc;

use thiserror::Error;

use isf_core::Bid;

use crate::document::BidDocument;

pub use memory::{MemoryBidRegistry, RegistryError};

/// Why a BID could not be resolved, and whether asking again can help.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// The source knows positively that no document exists for the BID (resolver error
    /// code 6). Retrying will not help until someone registers it.
    #[error("no bid document for {bid}")]
    NotFound {
        /// The BID asked for.
        bid: Bid,
    },
    /// No answer: the source is down, busy, refused the request or broke the protocol.
    #[error("bid resolver unavailable for {bid} ({reason}); retry can help: {retryable}")]
    Unavailable {
        /// The BID asked for.
        bid: Bid,
        /// What the source or the transport reported.
        reason: String,
        /// True for timeouts and "server too busy" / "no response" (codes 3, 7); false for
        /// answers that will not change by themselves (no permission, protocol error,
        /// operation not supported: codes 1, 4, 5).
        retryable: bool,
    },
    /// The source answered with something that is not a valid document for the BID: a
    /// different `id`, a malformed document or a proof that does not verify.
    #[error("resolver returned an invalid document for {bid}: {reason}")]
    InvalidDocument {
        /// The BID asked for.
        bid: Bid,
        /// What is wrong with the answer.
        reason: String,
    },
}

impl ResolveError {
    /// Whether asking again unchanged may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ResolveError::Unavailable {
                retryable: true,
                ..
            }
        )
    }
}

/// Finds the current BID document of a BID.
///
/// Implementations MUST:
/// - return the latest document the source knows (greatest `updated`), never a cached copy
///   older than its `extension.ttl`;
/// - return a document whose `id` is exactly `bid`, and whose proof verified (a resolver
///   that cannot check proofs itself reports [`ResolveError::InvalidDocument`] for one that
///   fails the caller-side check in its adapter);
/// - resolve a sub-chain BID `did:bid:<ac>:<suffix>` through the sub-chain resolver named by
///   the main-chain document of `did:bid:<ac>`, as RFC-005 describes, or report
///   [`ResolveError::Unavailable`] with `retryable: false` if they cannot;
/// - report [`ResolveError::NotFound`] only on a positive "no such BID" answer, and every
///   failure to get an answer as [`ResolveError::Unavailable`], saying whether a retry can
///   help;
/// - be safe to call repeatedly: resolving has no effect on the source.
pub trait BidResolver {
    /// The current document of `bid`.
    ///
    /// # Errors
    ///
    /// [`ResolveError`], distinguishing "does not exist" from "could not ask".
    fn resolve(&self, bid: &Bid) -> Result<BidDocument, ResolveError>;
}

impl<T: BidResolver + ?Sized> BidResolver for &T {
    fn resolve(&self, bid: &Bid) -> Result<BidDocument, ResolveError> {
        (**self).resolve(bid)
    }
}

impl<T: BidResolver + ?Sized> BidResolver for Box<T> {
    fn resolve(&self, bid: &Bid) -> Result<BidDocument, ResolveError> {
        (**self).resolve(bid)
    }
}

impl<T: BidResolver + ?Sized> BidResolver for Arc<T> {
    fn resolve(&self, bid: &Bid) -> Result<BidDocument, ResolveError> {
        (**self).resolve(bid)
    }
}
