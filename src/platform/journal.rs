//! The in-memory hash-chained journal of a platform.

use isf_core::envelope::ChainedEvent;
use isf_core::{Hash32, Result};

use super::event::JournalEntry;

/// Journal entries kept in memory, linked by hash from the first.
#[derive(Default)]
pub struct MemoryJournal {
    entries: Vec<ChainedEvent<JournalEntry>>,
}

impl MemoryJournal {
    /// Links `entry` after the last one and keeps it.
    pub fn append(&mut self, entry: JournalEntry) -> Result<&ChainedEvent<JournalEntry>> {
        let (seq, hash) = self
            .entries
            .last()
            .map_or((0, Hash32::ZERO), |last| (last.seq, last.hash));
        let linked = ChainedEvent::link(seq, hash, entry)?;
        self.entries.push(linked);
        self.entries.last().ok_or(isf_core::CoreError::BrokenChain {
            seq,
            reason: "entry vanished after append",
        })
    }

    /// Keeps an entry whose chain was already verified.
    pub(crate) fn push_verified(&mut self, entry: ChainedEvent<JournalEntry>) {
        self.entries.push(entry);
    }

    /// The entry with sequence number `seq`.
    pub fn get(&self, seq: u64) -> Option<&ChainedEvent<JournalEntry>> {
        let index = usize::try_from(seq).ok()?.checked_sub(1)?;
        self.entries.get(index)
    }

    /// The newest entry.
    pub fn last(&self) -> Option<&ChainedEvent<JournalEntry>> {
        self.entries.last()
    }

    /// All entries, oldest first.
    pub fn entries(&self) -> &[ChainedEvent<JournalEntry>] {
        &self.entries
    }
}
