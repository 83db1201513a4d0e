//! [`MemoryJournal`]: the reference [`Journal`] kept in process memory.
//!
//! For tests, examples and scenario runs. It follows the whole contract except durability:
//! nothing survives the process.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use isf_core::merkle::MerkleTree;
use tracing::debug;

use crate::error::{Result, StoreError};
use crate::journal::{
    AppendOutcome, AppendRequest, ChainHead, Journal, RequestRecord, StoredEntry,
};
use crate::rules::{self, Decision};

/// A journal in process memory. One lock guards everything, so appends are serialised.
#[derive(Debug, Default)]
pub struct MemoryJournal {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    entries: Vec<StoredEntry>,
    streams: HashMap<String, u64>,
    requests: HashMap<String, RequestRecord>,
    /// Planned batches in order; the receipt is `None` until recorded.
    batches: Vec<(AnchorBatch, Option<AnchorReceipt>)>,
}

impl MemoryJournal {
    /// An empty journal.
    pub fn new() -> MemoryJournal {
        MemoryJournal::default()
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>> {
        // A panic while holding the lock may have left a half-applied append behind, so the
        // journal refuses to go on rather than serve it.
        self.state.lock().map_err(|_| {
            StoreError::backend(
                "memory",
                false,
                "journal lock poisoned by a panic".to_owned(),
            )
        })
    }
}

impl State {
    fn head(&self) -> ChainHead {
        self.entries
            .last()
            .map_or(ChainHead::EMPTY, |entry| ChainHead {
                seq: entry.seq,
                hash: entry.hash,
            })
    }

    /// Decides first and changes state only once nothing can fail, so a refusal leaves no
    /// trace.
    fn append(&mut self, request: AppendRequest) -> Result<AppendOutcome> {
        rules::validate(&request)?;
        let recorded = request
            .request
            .as_ref()
            .and_then(|asked| self.requests.get(&asked.request_no).cloned());
        let actual = self.streams.get(&request.stream).copied().unwrap_or(0);
        if let Decision::Replay(kept) = rules::decide(&request, recorded, actual)? {
            return Ok(AppendOutcome::Replayed(kept));
        }
        let linked = rules::link(self.head(), actual, &request.entries)?;

        let AppendRequest {
            stream,
            request,
            entries,
            ..
        } = request;
        for (link, entry) in linked.links.iter().zip(entries) {
            self.entries.push(StoredEntry {
                seq: link.seq,
                stream: stream.clone(),
                stream_version: link.stream_version,
                kind: entry.kind,
                body: entry.body,
                prev_hash: link.prev_hash,
                hash: link.hash,
            });
        }
        let appended = linked.appended;
        self.streams.insert(stream.clone(), appended.stream_version);
        if let Some(record) = request {
            self.requests.insert(record.request_no.clone(), record);
        }

        debug!(%stream, first_seq = appended.first_seq, last_seq = appended.last_seq, "appended");
        Ok(AppendOutcome::Appended(appended))
    }

    fn plan_batch(&mut self, max_batch: u64) -> Result<Option<AnchorBatch>> {
        if let Some((batch, None)) = self.batches.last() {
            return Ok(Some(*batch));
        }

        let planned_through = self.batches.last().map_or(0, |(batch, _)| batch.last_seq);
        let range = rules::next_batch_range(planned_through, self.head().seq, max_batch)?;
        let Some((first_seq, last_seq)) = range else {
            return Ok(None);
        };
        let leaves: Vec<_> = self
            .entries
            .iter()
            .filter(|entry| (first_seq..=last_seq).contains(&entry.seq))
            .map(|entry| entry.hash)
            .collect();
        let batch = AnchorBatch {
            first_seq,
            last_seq,
            root: MerkleTree::from_leaves(&leaves).root(),
        };
        self.batches.push((batch, None));
        Ok(Some(batch))
    }
}

impl Journal for MemoryJournal {
    fn append(&self, request: AppendRequest) -> Result<AppendOutcome> {
        self.lock()?.append(request)
    }

    fn append_many(&self, requests: Vec<AppendRequest>) -> Result<Vec<Result<AppendOutcome>>> {
        let mut state = self.lock()?;
        let mut outcomes = Vec::with_capacity(requests.len());
        for request in requests {
            // The only failure that is not a refusal here is running out of sequence numbers,
            // which cannot happen before 2^64 entries.
            match state.append(request) {
                Err(error) if !error.is_refusal() => return Err(error),
                outcome => outcomes.push(outcome),
            }
        }
        Ok(outcomes)
    }

    fn read_stream(&self, stream: &str, from_version: u64) -> Result<Vec<StoredEntry>> {
        let state = self.lock()?;
        Ok(state
            .entries
            .iter()
            .filter(|entry| entry.stream == stream && entry.stream_version >= from_version)
            .cloned()
            .collect())
    }

    fn stream_version(&self, stream: &str) -> Result<u64> {
        Ok(self.lock()?.streams.get(stream).copied().unwrap_or(0))
    }

    fn read_all(&self, after_seq: u64, limit: usize) -> Result<Vec<StoredEntry>> {
        let state = self.lock()?;
        // Sequence numbers start at 1 without gaps, so entry `seq` sits at index `seq - 1`.
        let start = usize::try_from(after_seq).unwrap_or(usize::MAX);
        Ok(state
            .entries
            .iter()
            .skip(start)
            .take(limit)
            .cloned()
            .collect())
    }

    fn lookup_request(&self, request_no: &str) -> Result<Option<RequestRecord>> {
        Ok(self.lock()?.requests.get(request_no).cloned())
    }

    fn head(&self) -> Result<ChainHead> {
        Ok(self.lock()?.head())
    }

    fn pending_anchor_batch(&self, max_batch: u64) -> Result<Option<AnchorBatch>> {
        self.lock()?.plan_batch(max_batch)
    }

    fn record_anchor(&self, receipt: &AnchorReceipt) -> Result<()> {
        let mut state = self.lock()?;
        let slot = state
            .batches
            .iter_mut()
            .find(|(batch, _)| batch.first_seq == receipt.first_seq);
        let planned = slot
            .as_ref()
            .map(|(batch, stored)| (*batch, stored.clone()));
        if rules::accept_receipt(planned, receipt)? {
            if let Some((_, stored)) = slot {
                *stored = Some(receipt.clone());
            }
        }
        Ok(())
    }

    fn anchors(&self) -> Result<Vec<AnchorReceipt>> {
        let state = self.lock()?;
        Ok(state
            .batches
            .iter()
            .filter_map(|(_, receipt)| receipt.clone())
            .collect())
    }
}
