//! Conformance checks of idempotency by request number, atomicity, and races between threads
//! sharing one journal.

use std::sync::Barrier;

use super::{append_to, entries, must_append, record};
use crate::error::StoreError;
use crate::journal::{AppendOutcome, AppendRequest, ChainHead, Journal};

fn with_request(mut request: AppendRequest, request_no: &str, command: &str) -> AppendRequest {
    request.request = Some(record(
        request_no,
        command,
        &format!("outcome of {command}"),
    ));
    request
}

/// The same request number with the same digest returns the first record and writes nothing,
/// whatever version and entries the retry carries.
pub fn idempotent_replay<J: Journal>(journal: &J) {
    let first = with_request(append_to("V-1", 0, entries("issued", "a", 2)), "R-1", "cmd");
    let appended = must_append(journal, first.clone());
    let head = journal.head().unwrap();
    assert_eq!(journal.lookup_request("R-1").unwrap(), first.request);

    let mut retry = with_request(append_to("V-1", 0, entries("other", "b", 3)), "R-1", "cmd");
    if let Some(record) = &mut retry.request {
        record.outcome = b"a different outcome".to_vec();
    }
    match journal.append(retry).unwrap() {
        AppendOutcome::Replayed(kept) => assert_eq!(Some(kept), first.request),
        other => panic!("a retry must replay, got {other:?}"),
    }

    assert_eq!(journal.head().unwrap(), head);
    assert_eq!(
        journal.stream_version("V-1").unwrap(),
        appended.stream_version
    );
    assert_eq!(journal.lookup_request("R-1").unwrap(), first.request);
}

/// The same request number with another digest is refused and changes nothing.
pub fn request_conflict<J: Journal>(journal: &J) {
    let first = with_request(append_to("V-1", 0, entries("issued", "a", 1)), "R-1", "cmd");
    must_append(journal, first.clone());
    let head = journal.head().unwrap();

    let other = with_request(
        append_to("V-2", 0, entries("issued", "b", 1)),
        "R-1",
        "other",
    );
    let error = journal.append(other).unwrap_err();
    match &error {
        StoreError::RequestConflict { request_no } => assert_eq!(request_no, "R-1"),
        other => panic!("expected a request conflict, got {other:?}"),
    }
    assert!(error.is_refusal() && !error.is_retryable());

    assert_eq!(journal.head().unwrap(), head);
    assert_eq!(journal.stream_version("V-2").unwrap(), 0);
    assert_eq!(journal.lookup_request("R-1").unwrap(), first.request);
}

/// A refused append records neither its entries nor its request number, so the corrected
/// request can still go through under the same number.
pub fn failed_append_leaves_nothing<J: Journal>(journal: &J) {
    must_append(journal, append_to("V-1", 0, entries("issued", "a", 1)));
    let head = journal.head().unwrap();

    let stale = with_request(
        append_to("V-1", 0, entries("split", "b", 3)),
        "R-9",
        "split",
    );
    assert!(journal.append(stale).is_err());
    let mut invalid = with_request(
        append_to("V-1", 1, entries("split", "b", 1)),
        "R-9",
        "split",
    );
    invalid.entries[0].kind = String::new();
    assert!(journal.append(invalid).is_err());

    assert_eq!(journal.head().unwrap(), head);
    assert_eq!(journal.stream_version("V-1").unwrap(), 1);
    assert_eq!(journal.lookup_request("R-9").unwrap(), None);
    assert_eq!(journal.read_all(0, 100).unwrap().len(), 1);

    let fixed = with_request(
        append_to("V-1", 1, entries("split", "b", 3)),
        "R-9",
        "split",
    );
    let appended = must_append(journal, fixed);
    assert_eq!((appended.first_seq, appended.last_seq), (2, 4));
    assert!(journal.lookup_request("R-9").unwrap().is_some());
}

/// Threads racing with one new request number: exactly one writes, the others replay.
pub fn concurrent_same_request<J: Journal>(journal: &J) {
    const THREADS: usize = 8;
    let barrier = Barrier::new(THREADS);
    let request = with_request(
        append_to("V-race", 0, entries("e", "r", 2)),
        "R-race",
        "cmd",
    );

    let outcomes: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    journal.append(request.clone())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let written = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(AppendOutcome::Appended(_))))
        .count();
    let replayed = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(AppendOutcome::Replayed(_))))
        .count();
    assert_eq!(
        (written, replayed),
        (1, THREADS - 1),
        "outcomes: {outcomes:?}"
    );
    assert_eq!(journal.read_all(0, 100).unwrap().len(), 2);
    assert_eq!(journal.stream_version("V-race").unwrap(), 2);
}

/// Two threads appending to one stream at the same version, 20 rounds: each round exactly
/// one wins and the other gets a version conflict.
pub fn concurrent_version_race<J: Journal>(journal: &J) {
    const ROUNDS: u64 = 20;
    let barrier = Barrier::new(2);

    for round in 0..ROUNDS {
        let outcomes: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = ["a", "b"]
                .map(|writer| {
                    let barrier = &barrier;
                    scope.spawn(move || {
                        barrier.wait();
                        journal.append(append_to("V-1", round, entries("e", writer, 1)))
                    })
                })
                .into_iter()
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });

        let wins = outcomes.iter().filter(|o| o.is_ok()).count();
        let conflicts = outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::VersionConflict { .. })))
            .count();
        assert_eq!((wins, conflicts), (1, 1), "round {round}: {outcomes:?}");
    }

    assert_eq!(journal.stream_version("V-1").unwrap(), ROUNDS);
    let head = journal.head().unwrap();
    assert_ne!(head, ChainHead::EMPTY);
    assert_eq!(journal.verify_chain().unwrap(), ROUNDS);
}
