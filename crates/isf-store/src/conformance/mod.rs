//! The conformance suite of the [`Journal`] contract (cargo feature `test-utils`).
//!
//! Every check is a public function taking a fresh, empty journal and panicking with a message
//! when the journal breaks the contract. Run them all with [`run_conformance`]:
//!
//! ```
//! isf_store::conformance::run_conformance(isf_store::MemoryJournal::new);
//! ```
//!
//! or generate one `#[test]` per check in an integration test file with
//! [`crate::journal_conformance_tests!`]:
//!
//! ```ignore
//! isf_store::journal_conformance_tests!(|| Some(isf_store::MemoryJournal::new()));
//! ```
//!
//! The factory returns an `Option` so that a suite for an unavailable backend can skip (the
//! factory prints why and returns `None`).
//!
//! Checks of durability across crashes and of races between processes need the storage
//! itself and live in the store's own integration tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a conformance check fails by panicking, as any test does"
)]

mod anchoring;
mod appends;
mod requests;

pub use anchoring::{
    anchor_pending_catches_up, anchorer_gives_up_on_rejection, anchorer_recovers_after_crash,
    anchorer_retries_with_backoff, anchoring_outbox,
};
pub use appends::{
    append_and_read, append_many_group_commit, empty_journal, invalid_requests, read_all_paging,
    sequence_and_hash_chain, version_conflict,
};
pub use requests::{
    concurrent_same_request, concurrent_version_race, failed_append_leaves_nothing,
    idempotent_replay, request_conflict,
};

use isf_core::hash::Hash32;

use crate::journal::{AppendOutcome, AppendRequest, Appended, Journal, NewEntry, RequestRecord};

/// Runs every check, each on a fresh journal from `make`.
///
/// Keep in step with [`crate::journal_conformance_tests!`], which lists the same checks.
pub fn run_conformance<J: Journal>(make: impl Fn() -> J) {
    empty_journal(&make());
    append_and_read(&make());
    sequence_and_hash_chain(&make());
    version_conflict(&make());
    read_all_paging(&make());
    invalid_requests(&make());
    append_many_group_commit(&make());
    idempotent_replay(&make());
    request_conflict(&make());
    failed_append_leaves_nothing(&make());
    concurrent_same_request(&make());
    concurrent_version_race(&make());
    anchoring_outbox(&make());
    anchorer_retries_with_backoff(&make());
    anchorer_gives_up_on_rejection(&make());
    anchorer_recovers_after_crash(&make());
    anchor_pending_catches_up(&make());
}

/// Generates one `#[test]` per conformance check.
///
/// The argument is an expression giving a factory `Fn() -> Option<J>`; each test calls it once
/// and returns without checking anything when it gives `None`.
#[macro_export]
macro_rules! journal_conformance_tests {
    ($make:expr) => {
        $crate::journal_conformance_tests!(@each $make;
            empty_journal, append_and_read, sequence_and_hash_chain, version_conflict,
            read_all_paging, invalid_requests, append_many_group_commit, idempotent_replay,
            request_conflict, failed_append_leaves_nothing, concurrent_same_request,
            concurrent_version_race, anchoring_outbox, anchorer_retries_with_backoff,
            anchorer_gives_up_on_rejection, anchorer_recovers_after_crash,
            anchor_pending_catches_up);
    };
    (@each $make:expr; $($check:ident),* $(,)?) => {
        $(
            #[test]
            fn $check() {
                let make = $make;
                if let Some(journal) = make() {
                    $crate::conformance::$check(&journal);
                }
            }
        )*
    };
}

/// `count` entries of `kind` whose bodies name `tag` and their position.
pub(crate) fn entries(kind: &str, tag: &str, count: usize) -> Vec<NewEntry> {
    (0..count)
        .map(|index| NewEntry {
            kind: kind.to_owned(),
            body: format!("{tag}#{index}").into_bytes(),
        })
        .collect()
}

/// An append to `stream` at `expected_version` with no request record.
pub(crate) fn append_to(
    stream: &str,
    expected_version: u64,
    entries: Vec<NewEntry>,
) -> AppendRequest {
    AppendRequest {
        stream: stream.to_owned(),
        expected_version,
        request: None,
        entries,
    }
}

/// A request record whose digest is derived from `command`.
pub(crate) fn record(request_no: &str, command: &str, outcome: &str) -> RequestRecord {
    RequestRecord {
        request_no: request_no.to_owned(),
        command_digest: Hash32::of(command.as_bytes()),
        outcome: outcome.as_bytes().to_vec(),
    }
}

/// Appends and insists that the entries were written.
pub(crate) fn must_append<J: Journal + ?Sized>(journal: &J, request: AppendRequest) -> Appended {
    let stream = request.stream.clone();
    match journal.append(request) {
        Ok(AppendOutcome::Appended(appended)) => appended,
        other => panic!("append to {stream:?} should have been written, got {other:?}"),
    }
}
