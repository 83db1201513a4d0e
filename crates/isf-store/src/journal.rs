//! The [`Journal`] port, its contract, and the plain types that cross it.
//!
//! Implementations live in [`crate::memory`], [`crate::sqlite`] and (feature `postgres`)
//! `crate::postgres`; the conformance suite (feature `test-utils`) checks the contract.

use isf_core::anchor::{AnchorBatch, AnchorReceipt};
use isf_core::hash::Hash32;

use crate::error::Result;

/// One entry to append: its kind (an event type name) and its opaque body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// What kind of entry this is, e.g. `voucher.split`; 1 to 128 bytes, no control
    /// characters.
    pub kind: String,
    /// The bytes to keep; the journal never reads them.
    pub body: Vec<u8>,
}

/// What a request number produced, kept so that a retry gets the first answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// The caller's idempotency key (`request_no`); 1 to 128 bytes, no control characters.
    pub request_no: String,
    /// Digest of the command: two submissions are the same request exactly when their
    /// request numbers and digests are equal.
    pub command_digest: Hash32,
    /// The outcome to hand back on a replay, as the runtime encoded it.
    pub outcome: Vec<u8>,
}

/// One atomic append: entries for one stream, optionally with the request that caused them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendRequest {
    /// The stream (a voucher number); 1 to 256 bytes, no control characters.
    pub stream: String,
    /// The stream version the writer's decision was based on; 0 means the stream must not
    /// exist yet.
    pub expected_version: u64,
    /// The request to remember, if the append answers one.
    pub request: Option<RequestRecord>,
    /// The entries, at least one.
    pub entries: Vec<NewEntry>,
}

/// Where an append landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appended {
    /// Global sequence number of the first new entry.
    pub first_seq: u64,
    /// Global sequence number of the last new entry.
    pub last_seq: u64,
    /// The stream's version after the append (the version of its last new entry).
    pub stream_version: u64,
    /// Chain hash of the last new entry.
    pub last_hash: Hash32,
}

/// The result of an append that was not refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppendOutcome {
    /// The entries were written.
    Appended(Appended),
    /// The request number was already recorded with the same digest: nothing was written and
    /// this is the record kept the first time.
    Replayed(RequestRecord),
}

impl AppendOutcome {
    /// Where the entries landed, or `None` for a replay.
    pub fn appended(&self) -> Option<&Appended> {
        match self {
            AppendOutcome::Appended(appended) => Some(appended),
            AppendOutcome::Replayed(_) => None,
        }
    }
}

/// An entry as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    /// Global sequence number, from 1 without gaps.
    pub seq: u64,
    /// The stream it belongs to.
    pub stream: String,
    /// Its version within the stream, from 1 without gaps.
    pub stream_version: u64,
    /// The entry kind as given.
    pub kind: String,
    /// The body as given.
    pub body: Vec<u8>,
    /// Chain hash of the entry before it; [`Hash32::ZERO`] for sequence 1.
    pub prev_hash: Hash32,
    /// This entry's chain hash, [`crate::chain::entry_hash`] of `seq`, `prev_hash` and `body`.
    pub hash: Hash32,
}

/// The newest entry of the chain: sequence 0 and [`Hash32::ZERO`] for an empty journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainHead {
    /// Sequence number of the newest entry.
    pub seq: u64,
    /// Its chain hash.
    pub hash: Hash32,
}

impl ChainHead {
    /// The head of an empty journal.
    pub const EMPTY: ChainHead = ChainHead {
        seq: 0,
        hash: Hash32::ZERO,
    };
}

/// An append-only, hash-chained store of entries, with idempotency by request number and an
/// outbox of batches to anchor on chain.
///
/// # Contract
///
/// Implementations MUST guarantee, for every instance that opens the same storage (threads,
/// processes, nodes):
///
/// 1. **Order.** Entries get global sequence numbers from 1 in commit order, without gaps,
///    and versions within their stream from 1, without gaps.
/// 2. **Chain.** Each entry's `hash` is [`crate::chain::entry_hash`] of its sequence, the hash
///    of the entry before it ([`Hash32::ZERO`] for sequence 1) and its body.
/// 3. **Atomicity.** The entries of one [`AppendRequest`] and its [`RequestRecord`] are
///    committed together or not at all. A refused or failed append leaves no trace.
/// 4. **Durability.** An append is *acknowledged* when [`Journal::append`] returns `Ok`; from
///    then on its entries survive a crash of the process. Whether they also survive losing
///    power is a property of the implementation, stated on it.
/// 5. **Optimistic concurrency.** An append is written only if its stream's version equals
///    `expected_version` at commit; otherwise it is refused with
///    [`crate::StoreError::VersionConflict`] naming the actual version. Of several writers
///    racing at the same version, exactly one succeeds.
/// 6. **Idempotency.** If the request number of `request` is already recorded, the append
///    writes nothing, whatever its version and entries: with the same digest it returns
///    [`AppendOutcome::Replayed`] holding the first record, with another digest it is refused
///    with [`crate::StoreError::RequestConflict`]. This check comes before the version check,
///    so a retry after a lost answer is recognised. Of several appends racing with one new
///    request number, exactly one writes.
/// 7. **Reads** see every append acknowledged before they started.
/// 8. **Anchoring outbox.** [`Journal::pending_anchor_batch`] hands out consecutive batches
///    that cover the chain from sequence 1 without overlap, and keeps handing out the same
///    batch until its receipt is recorded, across restarts and instances.
pub trait Journal: Send + Sync {
    /// Appends the entries of `request` atomically.
    ///
    /// # Errors
    ///
    /// Refusals ([`crate::StoreError::is_refusal`]): version conflict, request conflict,
    /// invalid request. Otherwise backend failures.
    fn append(&self, request: AppendRequest) -> Result<AppendOutcome>;

    /// Applies several requests in order and commits them together (group commit).
    ///
    /// Each request is decided as if appended alone after the ones before it, so a later
    /// request sees the versions and request numbers of earlier ones. A refused request gets
    /// its refusal in its slot of the answer and leaves no trace; the others still commit.
    /// The outer error means nothing at all was committed.
    fn append_many(&self, requests: Vec<AppendRequest>) -> Result<Vec<Result<AppendOutcome>>>;

    /// The entries of `stream` whose version is `from_version` or later, in version order.
    /// Versions start at 1, so `from_version` 0 or 1 reads the whole stream.
    fn read_stream(&self, stream: &str, from_version: u64) -> Result<Vec<StoredEntry>>;

    /// The current version of `stream`: 0 when it has no entries.
    fn stream_version(&self, stream: &str) -> Result<u64>;

    /// At most `limit` entries with sequence numbers above `after_seq`, in sequence order.
    fn read_all(&self, after_seq: u64, limit: usize) -> Result<Vec<StoredEntry>>;

    /// The record kept for `request_no`, if any.
    fn lookup_request(&self, request_no: &str) -> Result<Option<RequestRecord>>;

    /// The newest entry's sequence number and hash.
    fn head(&self) -> Result<ChainHead>;

    /// Walks the whole journal and checks the chain (sequence numbers, links, hashes),
    /// stream versions, and that every recorded anchor receipt's root matches its entries.
    /// Returns the number of entries checked.
    ///
    /// # Errors
    ///
    /// [`crate::StoreError::Corrupt`] naming the first bad sequence number.
    fn verify_chain(&self) -> Result<u64> {
        crate::verify::verify_journal(self)
    }

    /// The oldest batch that has no recorded receipt, at most `max_batch` entries long, or
    /// `None` when every entry is anchored.
    ///
    /// The first call after a receipt plans the next batch (from the entry after the last
    /// planned one up to the head, capped at `max_batch`) and stores the plan, so that later
    /// calls — after a crash, from another process — return exactly the same batch until
    /// [`Journal::record_anchor`] stores its receipt.
    fn pending_anchor_batch(&self, max_batch: u64) -> Result<Option<AnchorBatch>>;

    /// Stores the receipt of the pending batch. Recording the same receipt again does nothing.
    ///
    /// # Errors
    ///
    /// [`crate::StoreError::AnchorMismatch`] when the receipt's range or root is not a planned
    /// batch, or the batch already holds a receipt with another transaction.
    fn record_anchor(&self, receipt: &AnchorReceipt) -> Result<()>;

    /// Every recorded receipt, in sequence order.
    fn anchors(&self) -> Result<Vec<AnchorReceipt>>;
}
