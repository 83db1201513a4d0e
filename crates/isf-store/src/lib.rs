//! Durable journals for the ISF SDK: one [`Journal`] trait, three implementations.
//!
//! The runtime turns a signed command into entries and appends them here. The journal keeps
//! each entry's bytes as given, gives it a global sequence number, a version within its stream
//! (a stream is one voucher: all of its pieces share it) and a link in one global hash chain,
//! and remembers each request number with the outcome it produced. It does not read entry
//! bodies: what they mean belongs to the runtime.
//!
//! - [`MemoryJournal`] — for tests and examples; nothing survives the process.
//! - [`SqliteJournal`] — the embedded default: one file, write-ahead log, safe to share
//!   between processes on one machine.
//! - `PostgresJournal` (cargo feature `postgres`) — for platforms that run several nodes on
//!   one database.
//!
//! Batches of entries are anchored on chain through the [`isf_core::anchor::ChainAnchor`] port:
//! the journal keeps the outbox of batches to anchor and their receipts, and an [`Anchorer`]
//! drives it. With the cargo feature `test-utils`, [`conformance`] holds the suite that every
//! implementation must pass.
//!
//! # Example
//!
//! ```
//! use isf_core::anchor::MemoryChainAnchor;
//! use isf_store::{Anchorer, AppendRequest, Journal, NewEntry, SqliteJournal};
//!
//! # fn main() -> isf_store::Result<()> {
//! let journal = SqliteJournal::open_in_memory()?;
//! let outcome = journal.append(AppendRequest {
//!     stream: "V-2025-0001".to_owned(),
//!     expected_version: 0,
//!     request: None,
//!     entries: vec![NewEntry {
//!         kind: "voucher.issued".to_owned(),
//!         body: br#"{"face_fen":10000}"#.to_vec(),
//!     }],
//! })?;
//! assert_eq!(outcome.appended().map(|a| a.last_seq), Some(1));
//!
//! let chain = MemoryChainAnchor::new();
//! let receipts = Anchorer::new(1_000).anchor_pending(&journal, &chain)?;
//! assert_eq!(receipts, journal.anchors()?);
//! assert_eq!(journal.verify_chain()?, 1);
//! # Ok(())
//! # }
//! ```

pub mod anchor_outbox;
pub mod chain;
#[cfg(feature = "test-utils")]
pub mod conformance;
pub mod error;
pub mod journal;
pub mod memory;
#[cfg(feature = "postgres")]
pub mod postgres;
mod rules;
pub mod sqlite;
mod verify;

pub use anchor_outbox::{Anchorer, RetryPolicy};
pub use chain::entry_hash;
pub use error::{Result, StoreError};
pub use journal::{
    AppendOutcome, AppendRequest, Appended, ChainHead, Journal, NewEntry, RequestRecord,
    StoredEntry,
};
pub use memory::MemoryJournal;
#[cfg(feature = "postgres")]
pub use postgres::PostgresJournal;
pub use sqlite::{Durability, SqliteJournal, SqliteOptions};
