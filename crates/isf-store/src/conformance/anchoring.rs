//! Conformance checks of the anchoring outbox and of the [`crate::Anchorer`] driving it.

use std::sync::Mutex;
use std::time::Duration;

use isf_core::anchor::{AnchorError, AnchorReceipt, ChainAnchor, MemoryChainAnchor};
use isf_core::hash::Hash32;
use isf_core::merkle::MerkleTree;

use super::{append_to, entries, must_append};
use crate::anchor_outbox::{Anchorer, RetryPolicy};
use crate::error::StoreError;
use crate::journal::Journal;

fn receipt_for(batch: isf_core::anchor::AnchorBatch, tx_hash: &str) -> AnchorReceipt {
    AnchorReceipt {
        first_seq: batch.first_seq,
        last_seq: batch.last_seq,
        root: batch.root,
        tx_hash: tx_hash.to_owned(),
        anchored_at_millis: 1_700_000_000_000,
    }
}

fn retry_fast() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        first_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
    }
}

/// Batches are planned once, handed out unchanged until their receipt is recorded, follow
/// each other without gaps, and carry the Merkle root of their entries.
pub fn anchoring_outbox<J: Journal>(journal: &J) {
    assert!(matches!(
        journal.pending_anchor_batch(0),
        Err(StoreError::InvalidRequest { .. })
    ));
    must_append(journal, append_to("V-1", 0, entries("e", "a", 5)));

    let batch = journal.pending_anchor_batch(3).unwrap().unwrap();
    assert_eq!((batch.first_seq, batch.last_seq), (1, 3));
    let hashes: Vec<Hash32> = journal
        .read_all(0, 3)
        .unwrap()
        .iter()
        .map(|e| e.hash)
        .collect();
    assert_eq!(batch.root, MerkleTree::from_leaves(&hashes).root());
    assert_eq!(journal.pending_anchor_batch(3).unwrap(), Some(batch));
    assert_eq!(
        journal.pending_anchor_batch(100).unwrap(),
        Some(batch),
        "plans are stable"
    );

    let wrong_root = AnchorReceipt {
        root: Hash32::ZERO,
        ..receipt_for(batch, "tx-1")
    };
    assert!(matches!(
        journal.record_anchor(&wrong_root),
        Err(StoreError::AnchorMismatch { .. })
    ));
    let unplanned = AnchorReceipt {
        first_seq: 4,
        last_seq: 5,
        ..receipt_for(batch, "tx-1")
    };
    assert!(journal.record_anchor(&unplanned).is_err());
    assert!(journal.anchors().unwrap().is_empty());

    let receipt = receipt_for(batch, "tx-1");
    journal.record_anchor(&receipt).unwrap();
    journal.record_anchor(&receipt).unwrap();
    assert_eq!(journal.anchors().unwrap(), std::slice::from_ref(&receipt));
    assert!(
        journal
            .record_anchor(&receipt_for(batch, "tx-other"))
            .is_err()
    );

    let next = journal.pending_anchor_batch(3).unwrap().unwrap();
    assert_eq!((next.first_seq, next.last_seq), (4, 5));
    journal.record_anchor(&receipt_for(next, "tx-2")).unwrap();
    assert_eq!(journal.pending_anchor_batch(3).unwrap(), None);

    must_append(journal, append_to("V-1", 5, entries("e", "b", 1)));
    let last = journal.pending_anchor_batch(3).unwrap().unwrap();
    assert_eq!((last.first_seq, last.last_seq), (6, 6));
    assert_eq!(journal.anchors().unwrap().len(), 2);
    assert_eq!(journal.verify_chain().unwrap(), 6);
}

/// Retryable failures are retried with doubling waits, and the receipt ends up recorded.
pub fn anchorer_retries_with_backoff<J: Journal>(journal: &J) {
    must_append(journal, append_to("V-1", 0, entries("e", "a", 4)));
    let chain = MemoryChainAnchor::new();
    let down = AnchorError::Unavailable {
        retryable: true,
        reason: "node restarting".to_owned(),
    };
    chain.fail_next(2, down);

    let waits = Mutex::new(Vec::new());
    let anchorer = Anchorer::new(10)
        .with_retry(retry_fast())
        .with_sleep(|wait| waits.lock().unwrap().push(wait));
    let receipt = anchorer.anchor_next(journal, &chain).unwrap().unwrap();

    assert_eq!((receipt.first_seq, receipt.last_seq), (1, 4));
    assert_eq!(chain.calls(), 3);
    assert_eq!(
        *waits.lock().unwrap(),
        [Duration::from_millis(100), Duration::from_millis(200)]
    );
    assert_eq!(journal.anchors().unwrap(), chain.receipts());
    assert_eq!(anchorer.anchor_next(journal, &chain).unwrap(), None);
}

/// A refusal is not retried; the batch stays pending and goes through on a later run.
pub fn anchorer_gives_up_on_rejection<J: Journal>(journal: &J) {
    must_append(journal, append_to("V-1", 0, entries("e", "a", 2)));
    let chain = MemoryChainAnchor::new();
    let refused = AnchorError::Rejected {
        reason: "fee too low".to_owned(),
    };
    chain.fail_next(1, refused.clone());
    let anchorer = Anchorer::new(10)
        .with_retry(retry_fast())
        .with_sleep(|_| panic!("a refusal must not be retried"));

    match anchorer.anchor_next(journal, &chain) {
        Err(StoreError::Anchor(error)) => assert_eq!(error, refused),
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert_eq!(chain.calls(), 1);
    assert!(journal.anchors().unwrap().is_empty());
    let pending = journal.pending_anchor_batch(10).unwrap().unwrap();
    assert_eq!((pending.first_seq, pending.last_seq), (1, 2));

    let receipt = anchorer.anchor_next(journal, &chain).unwrap().unwrap();
    assert_eq!(receipt.batch(), pending);
}

/// A crash after anchoring but before recording: the next run gets the same batch from the
/// journal and the same receipt from the anchor, and nothing is anchored twice.
pub fn anchorer_recovers_after_crash<J: Journal>(journal: &J) {
    must_append(journal, append_to("V-1", 0, entries("e", "a", 3)));
    let chain = MemoryChainAnchor::new();

    let batch = journal.pending_anchor_batch(10).unwrap().unwrap();
    let lost = chain.anchor(&batch).unwrap();
    must_append(journal, append_to("V-1", 3, entries("e", "b", 2)));

    let anchorer = Anchorer::new(10).with_sleep(|_| {});
    let recovered = anchorer.anchor_next(journal, &chain).unwrap().unwrap();
    assert_eq!(recovered, lost, "the re-run must get the first receipt");
    assert_eq!(
        chain.receipts().len(),
        1,
        "the batch must not be anchored twice"
    );

    let next = anchorer.anchor_next(journal, &chain).unwrap().unwrap();
    assert_eq!((next.first_seq, next.last_seq), (4, 5));
    let calls = chain.calls();
    assert_eq!(anchorer.anchor_next(journal, &chain).unwrap(), None);
    assert_eq!(
        chain.calls(),
        calls,
        "recorded batches are never sent again"
    );
    assert_eq!(journal.anchors().unwrap(), chain.receipts());
}

/// `anchor_pending` anchors everything present when called, in consecutive batches.
pub fn anchor_pending_catches_up<J: Journal>(journal: &J) {
    for round in 0..5 {
        must_append(journal, append_to("V-1", round * 5, entries("e", "a", 5)));
    }
    let chain = MemoryChainAnchor::new();
    let receipts = Anchorer::new(10)
        .with_sleep(|_| {})
        .anchor_pending(journal, &chain)
        .unwrap();

    let ranges: Vec<_> = receipts.iter().map(|r| (r.first_seq, r.last_seq)).collect();
    assert_eq!(ranges, [(1, 10), (11, 20), (21, 25)]);
    assert_eq!(journal.anchors().unwrap(), receipts);
    assert_eq!(journal.verify_chain().unwrap(), 25);
}
