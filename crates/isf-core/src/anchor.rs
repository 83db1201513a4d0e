//! The [`ChainAnchor`] port: putting a batch's Merkle root on the StarFire chain, and the
//! [`MemoryChainAnchor`] reference implementation for tests and examples.
//!
//! The journal groups consecutive entries into a batch, takes the Merkle root of their hashes
//! (see [`crate::merkle`]) and hands the batch to a `ChainAnchor`. The receipt that comes back
//! is stored next to the entries, so anyone can later check an entry against the chain. The
//! real implementation, which speaks to a StarFire node, lives in `isf-client`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::clock::Clock;
use crate::hash::Hash32;

/// A run of consecutive journal entries, summed up by the Merkle root of their hashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnchorBatch {
    /// Sequence number of the first entry in the batch.
    pub first_seq: u64,
    /// Sequence number of the last entry in the batch (inclusive).
    pub last_seq: u64,
    /// Merkle root over the entry hashes from `first_seq` to `last_seq`, in order.
    pub root: Hash32,
}

/// Proof that a batch was anchored: where it went and when.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnchorReceipt {
    /// First sequence number of the anchored batch.
    pub first_seq: u64,
    /// Last sequence number of the anchored batch (inclusive).
    pub last_seq: u64,
    /// The anchored Merkle root.
    pub root: Hash32,
    /// The chain transaction that carries the root, as the chain prints it.
    pub tx_hash: String,
    /// When the chain accepted the transaction, in milliseconds since the Unix epoch.
    pub anchored_at_millis: i64,
}

impl AnchorReceipt {
    /// The batch this receipt is for.
    pub fn batch(&self) -> AnchorBatch {
        AnchorBatch {
            first_seq: self.first_seq,
            last_seq: self.last_seq,
            root: self.root,
        }
    }
}

/// Why a batch was not anchored.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AnchorError {
    /// The chain could not be reached or did not answer in time.
    #[error("chain unavailable ({}): {reason}", retry_word(*retryable))]
    Unavailable {
        /// Whether trying the same batch again later can succeed.
        retryable: bool,
        /// What went wrong, as the node or transport reported it.
        reason: String,
    },
    /// The chain refused the batch; sending it again will be refused again.
    #[error("chain refused the batch: {reason}")]
    Rejected {
        /// The chain's reason.
        reason: String,
    },
}

fn retry_word(retryable: bool) -> &'static str {
    if retryable {
        "retryable"
    } else {
        "not retryable"
    }
}

impl AnchorError {
    /// Whether sending the same batch again can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            AnchorError::Unavailable {
                retryable: true,
                ..
            }
        )
    }
}

/// Puts Merkle roots on chain.
///
/// # Contract
///
/// Implementations MUST:
///
/// - be **idempotent per batch**: anchoring a batch with the same `first_seq`, `last_seq` and
///   `root` as an earlier successful call returns that first receipt (same `tx_hash`, same
///   `anchored_at_millis`) and sends nothing new. The journal relies on this to recover from a
///   crash between anchoring and recording the receipt;
/// - **not return a receipt before the anchor is durable** on their side: once `Ok` is
///   returned, the transaction is on chain (or in whatever the implementation treats as
///   final), and a later call for the same batch finds it;
/// - be safe to call from several threads at once (`Send + Sync`, `&self`);
/// - report failures that a later retry can fix as
///   [`AnchorError::Unavailable`] with `retryable: true`, and nothing else as retryable.
///
/// Implementations MAY refuse a batch whose range overlaps an anchored one with a different
/// root ([`AnchorError::Rejected`]); the journal never asks for that.
pub trait ChainAnchor: Send + Sync {
    /// Anchors `batch` and returns the receipt, or the first receipt if already anchored.
    fn anchor(&self, batch: &AnchorBatch) -> Result<AnchorReceipt, AnchorError>;
}

impl<T: ChainAnchor + ?Sized> ChainAnchor for Arc<T> {
    fn anchor(&self, batch: &AnchorBatch) -> Result<AnchorReceipt, AnchorError> {
        (**self).anchor(batch)
    }
}

impl<T: ChainAnchor + ?Sized> ChainAnchor for Box<T> {
    fn anchor(&self, batch: &AnchorBatch) -> Result<AnchorReceipt, AnchorError> {
        (**self).anchor(batch)
    }
}

impl<T: ChainAnchor + ?Sized> ChainAnchor for &T {
    fn anchor(&self, batch: &AnchorBatch) -> Result<AnchorReceipt, AnchorError> {
        (**self).anchor(batch)
    }
}

/// Domain tag of the fake transaction hashes made by [`MemoryChainAnchor`].
const MEMORY_TX_DOMAIN: &[u8] = b"ISF-SDK/memory-anchor/v1\0";

/// A [`ChainAnchor`] that keeps receipts in memory, for tests and examples.
///
/// The transaction hash is SHA-256 of a domain tag, both sequence numbers (big-endian) and the
/// root, so the same batch always gets the same hash. Time comes from the [`Clock`] given to
/// [`MemoryChainAnchor::with_clock`], or from a counter (1, 2, 3 … milliseconds, one tick per
/// new anchor) with [`MemoryChainAnchor::new`]. A range anchored once cannot be anchored again
/// with a different root. [`MemoryChainAnchor::fail_next`] makes the next calls fail.
#[derive(Default)]
pub struct MemoryChainAnchor {
    state: Mutex<MemoryAnchorState>,
    clock: Option<Arc<dyn Clock>>,
}

#[derive(Default)]
struct MemoryAnchorState {
    receipts: BTreeMap<(u64, u64), AnchorReceipt>,
    calls: u64,
    ticks: i64,
    failures: Vec<AnchorError>,
}

impl MemoryChainAnchor {
    /// An anchor whose receipts are timed by a counter.
    pub fn new() -> MemoryChainAnchor {
        MemoryChainAnchor::default()
    }

    /// An anchor whose receipts are timed by `clock`.
    pub fn with_clock(clock: Arc<dyn Clock>) -> MemoryChainAnchor {
        MemoryChainAnchor {
            state: Mutex::default(),
            clock: Some(clock),
        }
    }

    /// Makes the next `calls` calls to [`ChainAnchor::anchor`] fail with `error`, before any
    /// failures already queued have run out.
    pub fn fail_next(&self, calls: usize, error: AnchorError) {
        let mut state = self.lock();
        let queued = std::mem::take(&mut state.failures);
        state.failures = std::iter::repeat_n(error, calls).chain(queued).collect();
    }

    /// Every receipt handed out, in sequence order.
    pub fn receipts(&self) -> Vec<AnchorReceipt> {
        self.lock().receipts.values().cloned().collect()
    }

    /// How many times [`ChainAnchor::anchor`] was called, failures included.
    pub fn calls(&self) -> u64 {
        self.lock().calls
    }

    /// The fake transaction hash of `batch`.
    pub fn tx_hash_of(batch: &AnchorBatch) -> String {
        Hash32::of_parts(&[
            MEMORY_TX_DOMAIN,
            &batch.first_seq.to_be_bytes(),
            &batch.last_seq.to_be_bytes(),
            batch.root.as_bytes(),
        ])
        .to_string()
    }

    /// The receipts stay consistent even if a holder of the lock panicked: every update is a
    /// single insert or counter step.
    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryAnchorState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl ChainAnchor for MemoryChainAnchor {
    fn anchor(&self, batch: &AnchorBatch) -> Result<AnchorReceipt, AnchorError> {
        let mut state = self.lock();
        state.calls = state.calls.saturating_add(1);
        if !state.failures.is_empty() {
            return Err(state.failures.remove(0));
        }

        let key = (batch.first_seq, batch.last_seq);
        if let Some(existing) = state.receipts.get(&key) {
            return if existing.root == batch.root {
                Ok(existing.clone())
            } else {
                Err(AnchorError::Rejected {
                    reason: format!(
                        "range {}..={} already anchored with root {}",
                        batch.first_seq, batch.last_seq, existing.root
                    ),
                })
            };
        }

        state.ticks = state.ticks.saturating_add(1);
        let anchored_at_millis = match &self.clock {
            Some(clock) => clock.now_millis(),
            None => state.ticks,
        };
        let receipt = AnchorReceipt {
            first_seq: batch.first_seq,
            last_seq: batch.last_seq,
            root: batch.root,
            tx_hash: Self::tx_hash_of(batch),
            anchored_at_millis,
        };
        state.receipts.insert(key, receipt.clone());
        Ok(receipt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;

    fn batch(first_seq: u64, last_seq: u64) -> AnchorBatch {
        AnchorBatch {
            first_seq,
            last_seq,
            root: Hash32::of(&first_seq.to_be_bytes()),
        }
    }

    #[test]
    fn same_batch_gets_the_first_receipt() {
        let anchor = MemoryChainAnchor::new();
        let first = anchor.anchor(&batch(1, 10)).unwrap();
        let again = anchor.anchor(&batch(1, 10)).unwrap();
        assert_eq!(first, again);
        assert_eq!(anchor.receipts().len(), 1);
        assert_eq!(first.tx_hash, MemoryChainAnchor::tx_hash_of(&batch(1, 10)));
    }

    #[test]
    fn other_root_for_an_anchored_range_is_rejected() {
        let anchor = MemoryChainAnchor::new();
        anchor.anchor(&batch(1, 10)).unwrap();
        let other = AnchorBatch {
            root: Hash32::ZERO,
            ..batch(1, 10)
        };
        let error = anchor.anchor(&other).unwrap_err();
        assert!(!error.is_retryable());
    }

    #[test]
    fn queued_failures_run_out() {
        let anchor = MemoryChainAnchor::with_clock(Arc::new(FixedClock::at_millis(1_700)));
        let down = AnchorError::Unavailable {
            retryable: true,
            reason: "node down".to_owned(),
        };
        anchor.fail_next(2, down.clone());
        assert_eq!(anchor.anchor(&batch(1, 2)), Err(down.clone()));
        assert!(down.is_retryable());
        assert!(anchor.anchor(&batch(1, 2)).is_err());
        let receipt = anchor.anchor(&batch(1, 2)).unwrap();
        assert_eq!(receipt.anchored_at_millis, 1_700);
        assert_eq!(anchor.calls(), 3);
    }
}
