//! Conformance checks of appending and reading: numbering, the hash chain, optimistic
//! concurrency, paging, malformed requests and group commit.

use isf_core::hash::Hash32;

use super::{append_to, entries, must_append, record};
use crate::chain::entry_hash;
use crate::error::StoreError;
use crate::journal::{AppendOutcome, ChainHead, Journal, NewEntry};

/// An empty journal has an empty head, no entries, and nothing to anchor.
pub fn empty_journal<J: Journal>(journal: &J) {
    assert_eq!(journal.head().unwrap(), ChainHead::EMPTY);
    assert!(journal.read_all(0, 100).unwrap().is_empty());
    assert!(journal.read_stream("V-1", 0).unwrap().is_empty());
    assert_eq!(journal.stream_version("V-1").unwrap(), 0);
    assert_eq!(journal.lookup_request("R-1").unwrap(), None);
    assert_eq!(journal.verify_chain().unwrap(), 0);
    assert!(journal.anchors().unwrap().is_empty());
    assert_eq!(journal.pending_anchor_batch(10).unwrap(), None);
}

/// Appended entries come back from stream and global reads with their numbering.
pub fn append_and_read<J: Journal>(journal: &J) {
    let first = must_append(journal, append_to("V-1", 0, entries("issued", "a", 2)));
    assert_eq!(
        (first.first_seq, first.last_seq, first.stream_version),
        (1, 2, 2)
    );

    let other = must_append(journal, append_to("V-2", 0, entries("issued", "b", 1)));
    assert_eq!(
        (other.first_seq, other.last_seq, other.stream_version),
        (3, 3, 1)
    );

    let more = must_append(journal, append_to("V-1", 2, entries("split", "c", 1)));
    assert_eq!(
        (more.first_seq, more.last_seq, more.stream_version),
        (4, 4, 3)
    );

    let stream = journal.read_stream("V-1", 0).unwrap();
    let versions: Vec<_> = stream.iter().map(|e| (e.seq, e.stream_version)).collect();
    assert_eq!(versions, [(1, 1), (2, 2), (4, 3)]);
    assert_eq!(stream[0].kind, "issued");
    assert_eq!(stream[1].body, b"a#1");
    assert_eq!(stream[2].kind, "split");
    assert_eq!(journal.read_stream("V-1", 3).unwrap().len(), 1);
    assert!(journal.read_stream("V-1", 4).unwrap().is_empty());
    assert_eq!(journal.stream_version("V-1").unwrap(), 3);
    assert_eq!(journal.stream_version("V-2").unwrap(), 1);

    let all = journal.read_all(0, 100).unwrap();
    let streams: Vec<_> = all.iter().map(|e| (e.seq, e.stream.as_str())).collect();
    assert_eq!(streams, [(1, "V-1"), (2, "V-1"), (3, "V-2"), (4, "V-1")]);
    assert_eq!(
        journal.head().unwrap(),
        ChainHead {
            seq: 4,
            hash: more.last_hash
        }
    );
}

/// Sequence numbers count up from 1 without gaps and every entry links to the one before.
pub fn sequence_and_hash_chain<J: Journal>(journal: &J) {
    let mut versions = [0u64; 3];
    let mut last = None;
    for round in 0..20usize {
        let slot = round % 3;
        let stream = format!("V-{slot}");
        let tag = format!("r{round}");
        let request = append_to(
            &stream,
            versions[slot],
            entries("event", &tag, round % 4 + 1),
        );
        let appended = must_append(journal, request);
        versions[slot] = appended.stream_version;
        last = Some(appended);
    }

    let all = journal.read_all(0, 1_000).unwrap();
    let mut prev_hash = Hash32::ZERO;
    for (index, entry) in all.iter().enumerate() {
        assert_eq!(
            entry.seq,
            index as u64 + 1,
            "sequence numbers must have no gaps"
        );
        assert_eq!(
            entry.prev_hash, prev_hash,
            "seq {} must link back",
            entry.seq
        );
        assert_eq!(
            entry.hash,
            entry_hash(entry.seq, &entry.prev_hash, &entry.body)
        );
        prev_hash = entry.hash;
    }

    let last = last.unwrap();
    assert_eq!(last.last_seq, all.len() as u64);
    assert_eq!(last.last_hash, prev_hash);
    assert_eq!(journal.head().unwrap().hash, prev_hash);
    assert_eq!(journal.verify_chain().unwrap(), all.len() as u64);
}

/// A stale or invented expected version is refused, names the actual version, and writes
/// nothing.
pub fn version_conflict<J: Journal>(journal: &J) {
    must_append(journal, append_to("V-1", 0, entries("issued", "a", 1)));
    let head = journal.head().unwrap();

    for (stream, expected, actual) in [("V-1", 0, 1), ("V-1", 5, 1), ("V-9", 3, 0)] {
        let error = journal
            .append(append_to(stream, expected, entries("split", "x", 2)))
            .unwrap_err();
        match &error {
            StoreError::VersionConflict {
                stream: named,
                expected: e,
                actual: a,
            } => assert_eq!((named.as_str(), *e, *a), (stream, expected, actual)),
            other => panic!("expected a version conflict, got {other:?}"),
        }
        assert!(error.is_retryable() && error.is_refusal());
    }

    assert_eq!(journal.head().unwrap(), head);
    assert_eq!(journal.stream_version("V-9").unwrap(), 0);
}

/// `read_all` pages through the journal in order without skipping or repeating.
pub fn read_all_paging<J: Journal>(journal: &J) {
    for round in 0..5 {
        must_append(journal, append_to("V-1", round * 5, entries("e", "p", 5)));
    }

    let mut after = 0;
    let mut sizes = Vec::new();
    let mut paged = Vec::new();
    loop {
        let page = journal.read_all(after, 10).unwrap();
        sizes.push(page.len());
        let Some(last) = page.last() else { break };
        after = last.seq;
        paged.extend(page);
    }

    assert_eq!(sizes, [10, 10, 5, 0]);
    assert_eq!(paged, journal.read_all(0, 1_000).unwrap());
    assert!(journal.read_all(25, 10).unwrap().is_empty());
    assert!(journal.read_all(u64::MAX, 10).unwrap().is_empty());
    assert!(journal.read_all(0, 0).unwrap().is_empty());
    assert_eq!(journal.read_all(24, 10).unwrap()[0].seq, 25);
}

/// Malformed requests are refused with the field named, and write nothing.
pub fn invalid_requests<J: Journal>(journal: &J) {
    let one = || entries("e", "x", 1);
    let bad_kind = vec![NewEntry {
        kind: String::new(),
        body: Vec::new(),
    }];
    let mut bad_request_no = append_to("V-1", 0, one());
    bad_request_no.request = Some(record("", "cmd", "ok"));
    let cases = [
        append_to("", 0, one()),
        append_to("V\n1", 0, one()),
        append_to(&"V".repeat(300), 0, one()),
        append_to("V-1", 0, Vec::new()),
        append_to("V-1", 0, bad_kind),
        bad_request_no,
    ];

    for request in cases {
        let error = journal.append(request.clone()).unwrap_err();
        assert!(
            matches!(error, StoreError::InvalidRequest { .. }),
            "{request:?} should be invalid, got {error:?}"
        );
        assert!(error.is_refusal() && !error.is_retryable());
    }
    assert_eq!(journal.head().unwrap(), ChainHead::EMPTY);
    assert_eq!(journal.lookup_request("").unwrap(), None);
}

/// `append_many` decides each request after the ones before it, commits the accepted ones
/// together and leaves no trace of the refused ones.
pub fn append_many_group_commit<J: Journal>(journal: &J) {
    assert!(journal.append_many(Vec::new()).unwrap().is_empty());

    let mut with_request = append_to("V-C", 0, entries("e", "c", 1));
    with_request.request = Some(record("R-1", "cmd-1", "first"));
    let mut replay = append_to("V-D", 0, entries("e", "d", 1));
    replay.request = Some(record("R-1", "cmd-1", "second"));
    let mut conflict = append_to("V-E", 0, entries("e", "e", 1));
    conflict.request = Some(record("R-1", "cmd-other", "third"));

    let outcomes = journal
        .append_many(vec![
            append_to("V-A", 0, entries("e", "a", 2)),
            append_to("V-B", 1, entries("e", "b", 1)),
            append_to("V-A", 2, entries("e", "a2", 1)),
            with_request,
            replay,
            conflict,
            append_to("", 0, entries("e", "bad", 1)),
        ])
        .unwrap();

    assert_eq!(outcomes.len(), 7);
    let first = outcomes[0].as_ref().unwrap().appended().copied().unwrap();
    assert_eq!((first.first_seq, first.last_seq), (1, 2));
    assert!(matches!(
        outcomes[1],
        Err(StoreError::VersionConflict { actual: 0, .. })
    ));
    let third = outcomes[2].as_ref().unwrap().appended().copied().unwrap();
    assert_eq!((third.first_seq, third.stream_version), (3, 3));
    assert_eq!(
        outcomes[3].as_ref().unwrap().appended().unwrap().last_seq,
        4
    );
    match &outcomes[4] {
        Ok(AppendOutcome::Replayed(kept)) => assert_eq!(kept.outcome, b"first"),
        other => panic!("expected a replay, got {other:?}"),
    }
    assert!(matches!(
        outcomes[5],
        Err(StoreError::RequestConflict { .. })
    ));
    assert!(matches!(
        outcomes[6],
        Err(StoreError::InvalidRequest { .. })
    ));

    assert_eq!(journal.head().unwrap().seq, 4);
    for refused in ["V-B", "V-D", "V-E"] {
        assert_eq!(
            journal.stream_version(refused).unwrap(),
            0,
            "{refused} left a trace"
        );
    }
    assert_eq!(journal.verify_chain().unwrap(), 4);
}
