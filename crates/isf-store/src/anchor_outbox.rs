//! The [`Anchorer`]: drives a journal's anchoring outbox through a [`ChainAnchor`].
//!
//! One step takes the pending batch from the journal (planned once, then stable until its
//! receipt is recorded), anchors its Merkle root, and records the receipt in the same journal.
//! A crash anywhere in between is harmless: the next step gets the same batch from the
//! journal, and the anchor, being idempotent per batch, returns the receipt it gave the first
//! time. A batch whose receipt is recorded is never handed out again, so it is never anchored
//! twice.
//!
//! Retryable anchor failures are retried with exponential backoff. The sleep between attempts
//! is a closure, so tests run without sleeping.

use std::time::Duration;

use isf_core::anchor::{AnchorBatch, AnchorError, AnchorReceipt, ChainAnchor};
use tracing::{info, warn};

use crate::error::Result;
use crate::journal::Journal;

/// How often and how patiently to retry a retryable anchor failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per batch, the first included; at least 1 is always made.
    pub max_attempts: u32,
    /// Wait after the first failure; doubled after each further failure.
    pub first_backoff: Duration,
    /// Upper bound of any single wait.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// Six attempts waiting 0.5 s, 1 s, 2 s, 4 s and 8 s in between.
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 6,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait after `failures` failed attempts (1 for the first failure).
    pub fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(31);
        self.first_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff)
    }
}

/// Anchors a journal's pending batches, one at a time, in order.
pub struct Anchorer<S = fn(Duration)> {
    max_batch: u64,
    retry: RetryPolicy,
    sleep: S,
}

impl Anchorer {
    /// An anchorer that puts at most `max_batch` entries in one batch, with the default retry
    /// policy, sleeping the thread between attempts.
    pub fn new(max_batch: u64) -> Anchorer {
        Anchorer {
            max_batch,
            retry: RetryPolicy::default(),
            sleep: std::thread::sleep,
        }
    }
}

impl<S: Fn(Duration)> Anchorer<S> {
    /// The same anchorer with another retry policy.
    pub fn with_retry(self, retry: RetryPolicy) -> Anchorer<S> {
        Anchorer { retry, ..self }
    }

    /// The same anchorer waiting through `sleep` instead of sleeping the thread.
    pub fn with_sleep<T: Fn(Duration)>(self, sleep: T) -> Anchorer<T> {
        Anchorer {
            max_batch: self.max_batch,
            retry: self.retry,
            sleep,
        }
    }

    /// Anchors the pending batch, if any, and returns its recorded receipt.
    ///
    /// # Errors
    ///
    /// The journal's errors, or [`crate::StoreError::Anchor`] when the anchor refused the
    /// batch or stayed unavailable through every attempt. The batch stays pending either way.
    pub fn anchor_next<J, A>(&self, journal: &J, chain: &A) -> Result<Option<AnchorReceipt>>
    where
        J: Journal + ?Sized,
        A: ChainAnchor + ?Sized,
    {
        let Some(batch) = journal.pending_anchor_batch(self.max_batch)? else {
            return Ok(None);
        };

        let receipt = self.anchor_with_retry(chain, &batch)?;
        journal.record_anchor(&receipt)?;

        info!(
            first_seq = receipt.first_seq,
            last_seq = receipt.last_seq,
            root = %receipt.root,
            tx_hash = %receipt.tx_hash,
            "batch anchored"
        );
        Ok(Some(receipt))
    }

    /// Anchors batches until every entry that existed when called is anchored, and returns the
    /// receipts recorded on the way. Entries appended meanwhile may be left for the next call.
    ///
    /// # Errors
    ///
    /// As [`Anchorer::anchor_next`]; receipts recorded before the failure stay recorded.
    pub fn anchor_pending<J, A>(&self, journal: &J, chain: &A) -> Result<Vec<AnchorReceipt>>
    where
        J: Journal + ?Sized,
        A: ChainAnchor + ?Sized,
    {
        let target = journal.head()?.seq;
        let mut receipts = Vec::new();
        while let Some(receipt) = self.anchor_next(journal, chain)? {
            let done = receipt.last_seq >= target;
            receipts.push(receipt);
            if done {
                break;
            }
        }
        Ok(receipts)
    }

    fn anchor_with_retry<A>(&self, chain: &A, batch: &AnchorBatch) -> Result<AnchorReceipt>
    where
        A: ChainAnchor + ?Sized,
    {
        let mut failures = 0;
        loop {
            let error = match chain.anchor(batch) {
                Ok(receipt) => return Ok(receipt),
                Err(error) => error,
            };

            failures += 1;
            if !error.is_retryable() || failures >= self.retry.max_attempts {
                return Err(give_up(batch, error, failures));
            }

            let wait = self.retry.backoff(failures);
            warn!(
                first_seq = batch.first_seq,
                last_seq = batch.last_seq,
                attempt = failures,
                ?wait,
                %error,
                "anchoring failed, retrying"
            );
            (self.sleep)(wait);
        }
    }
}

fn give_up(batch: &AnchorBatch, error: AnchorError, attempts: u32) -> crate::StoreError {
    warn!(
        first_seq = batch.first_seq,
        last_seq = batch.last_seq,
        attempts,
        %error,
        "anchoring given up for now"
    );
    crate::StoreError::Anchor(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            first_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
        };
        let waits: Vec<_> = (1..=5).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        assert_eq!(policy.backoff(u32::MAX), Duration::from_millis(500));
    }
}
