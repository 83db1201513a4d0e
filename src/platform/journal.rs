//! How platform journal entries sit in an `isf_store::Journal`: one stored entry per accepted
//! command, its body the canonical JSON of a [`JournalEntry`], all in the one stream
//! [`PLATFORM_STREAM`].
//!
//! One stream makes every decision serialisable: a command is appended only if no other writer
//! appended anything since the state it was decided on. Per-voucher streams would let two
//! writers on different vouchers both append, yet piece ids and party admissions are shared by
//! all vouchers, so their decisions are not independent.
//!
//! Because the body is canonical JSON, the store's chain hash of an entry equals
//! `ChainedEvent::compute_hash` of the [`JournalEntry`], so an exported entry can be checked
//! offline without the store.

use isf_core::Hash32;
use isf_core::canonical::to_canonical_json;
use isf_store::{StoredEntry, entry_hash};
use serde::{Deserialize, Serialize};

use super::error::PlatformError;
use super::event::JournalEntry;

/// The stream every platform entry is appended to.
pub const PLATFORM_STREAM: &str = "platform";

/// A journal entry as recorded: its place in the chain and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedEntry {
    /// Global sequence number.
    pub seq: u64,
    /// The stream it belongs to.
    pub stream: String,
    /// Its version within the stream.
    pub stream_version: u64,
    /// Hash of the entry before it.
    pub prev_hash: Hash32,
    /// Its chain hash.
    pub hash: Hash32,
    /// The exact bytes the hash covers.
    pub body: Vec<u8>,
    /// The bytes read as an entry.
    pub entry: JournalEntry,
}

impl RecordedEntry {
    /// Reads a stored entry, checking that its hash covers its body and that the body is an
    /// entry in canonical form.
    pub fn read(stored: StoredEntry) -> Result<RecordedEntry, PlatformError> {
        let corrupt = |reason: String| PlatformError::CorruptJournal {
            seq: stored.seq,
            reason,
        };
        if entry_hash(stored.seq, &stored.prev_hash, &stored.body) != stored.hash {
            return Err(corrupt("hash does not cover the body".to_owned()));
        }
        let entry: JournalEntry = serde_json::from_slice(&stored.body)
            .map_err(|error| corrupt(format!("body is not a journal entry: {error}")))?;
        if to_canonical_json(&entry)? != stored.body {
            return Err(corrupt("body is not in canonical form".to_owned()));
        }
        Ok(RecordedEntry {
            seq: stored.seq,
            stream: stored.stream,
            stream_version: stored.stream_version,
            prev_hash: stored.prev_hash,
            hash: stored.hash,
            body: stored.body,
            entry,
        })
    }
}

/// What a request number's record keeps: where its entry landed, so a retry can be answered
/// with the first outcome.
#[derive(Serialize, Deserialize)]
pub(crate) struct OutcomeRef {
    pub(crate) stream: String,
    pub(crate) version: u64,
}
