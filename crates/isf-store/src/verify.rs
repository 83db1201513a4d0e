//! The full-journal check behind [`crate::Journal::verify_chain`]: one pass over every entry
//! in pages, checking the hash chain, the stream versions and the recorded anchor roots.

use std::collections::HashMap;

use isf_core::anchor::AnchorReceipt;
use isf_core::hash::Hash32;
use isf_core::merkle::MerkleTree;

use crate::chain::entry_hash;
use crate::error::{Result, StoreError};
use crate::journal::{Journal, StoredEntry};

/// Entries read per page: large enough to amortise a query, small enough to bound memory.
const PAGE: usize = 4096;

/// Walks `journal` from sequence 1 and returns how many entries were checked.
pub(crate) fn verify_journal<J: Journal + ?Sized>(journal: &J) -> Result<u64> {
    let anchors = journal.anchors()?;
    let mut walk = Walk::new(&anchors);

    loop {
        let page = journal.read_all(walk.seq, PAGE)?;
        if page.is_empty() {
            break;
        }
        for entry in &page {
            walk.check(entry)?;
        }
    }

    walk.finish()
}

/// The state of one pass: where the chain stands, each stream's version, and the hashes
/// gathered for the anchor batch being crossed.
struct Walk<'a> {
    seq: u64,
    prev_hash: Hash32,
    versions: HashMap<String, u64>,
    anchors: std::slice::Iter<'a, AnchorReceipt>,
    current_anchor: Option<&'a AnchorReceipt>,
    leaves: Vec<Hash32>,
}

impl<'a> Walk<'a> {
    fn new(anchors: &'a [AnchorReceipt]) -> Walk<'a> {
        let mut anchors = anchors.iter();
        let current_anchor = anchors.next();
        Walk {
            seq: 0,
            prev_hash: Hash32::ZERO,
            versions: HashMap::new(),
            anchors,
            current_anchor,
            leaves: Vec::new(),
        }
    }

    fn check(&mut self, entry: &StoredEntry) -> Result<()> {
        let corrupt = |reason: String| StoreError::Corrupt {
            seq: entry.seq,
            reason,
        };

        let expected_seq = self.seq + 1;
        if entry.seq != expected_seq {
            return Err(corrupt(format!("expected sequence {expected_seq}")));
        }
        if entry.prev_hash != self.prev_hash {
            return Err(corrupt("does not link to the previous entry".to_owned()));
        }
        if entry_hash(entry.seq, &entry.prev_hash, &entry.body) != entry.hash {
            return Err(corrupt("hash does not match the content".to_owned()));
        }

        let version = self.versions.entry(entry.stream.clone()).or_default();
        if entry.stream_version != *version + 1 {
            return Err(corrupt(format!(
                "stream {:?} jumps from version {} to {}",
                entry.stream, version, entry.stream_version
            )));
        }
        *version = entry.stream_version;

        self.seq = entry.seq;
        self.prev_hash = entry.hash;
        self.check_anchor(entry)
    }

    /// Gathers hashes while inside the current anchor batch and compares the root at its end.
    fn check_anchor(&mut self, entry: &StoredEntry) -> Result<()> {
        let Some(anchor) = self.current_anchor else {
            return Ok(());
        };
        if entry.seq < anchor.first_seq {
            return Err(StoreError::Corrupt {
                seq: entry.seq,
                reason: format!("anchor batches leave a gap before {}", anchor.first_seq),
            });
        }

        self.leaves.push(entry.hash);
        if entry.seq == anchor.last_seq {
            let root = MerkleTree::from_leaves(&self.leaves).root();
            if root != anchor.root {
                return Err(StoreError::Corrupt {
                    seq: anchor.first_seq,
                    reason: format!(
                        "anchored root {} does not match entries ({root})",
                        anchor.root
                    ),
                });
            }
            self.leaves.clear();
            self.current_anchor = self.anchors.next();
        }
        Ok(())
    }

    fn finish(self) -> Result<u64> {
        if let Some(anchor) = self.current_anchor {
            return Err(StoreError::Corrupt {
                seq: anchor.first_seq,
                reason: format!(
                    "anchor receipt covers up to {}, past the head",
                    anchor.last_seq
                ),
            });
        }
        Ok(self.seq)
    }
}
