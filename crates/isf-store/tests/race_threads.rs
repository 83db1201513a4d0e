//! Two threads debiting one account at the same version, 200 rounds per journal: each round
//! exactly one debit of 60.00 is written, the other writer gets a version conflict, and the
//! remaining 40.00 stays.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::sync::Barrier;

use isf_core::Fen;
use isf_store::{Journal, MemoryJournal, SqliteJournal};
use support::{Attempt, open_account, read_account, try_debit};

const ROUNDS: usize = 200;

/// Both writers read the account, meet at a barrier, then both try to debit with what they
/// read; returns both attempts.
fn race_once<J: Journal>(journal: &J, stream: &str) -> [Attempt; 2] {
    let barrier = Barrier::new(2);
    std::thread::scope(|scope| {
        let writers = [0, 1].map(|_| {
            scope.spawn(|| {
                let (version, balance) = read_account(journal, stream);
                barrier.wait();
                try_debit(journal, stream, version, balance)
            })
        });
        writers.map(|writer| writer.join().unwrap())
    })
}

fn race_rounds<J: Journal>(journal: &J) {
    for round in 0..ROUNDS {
        let stream = format!("V-race-{round}");
        journal.append(open_account(&stream)).unwrap();

        let mut attempts = race_once(journal, &stream);
        attempts.sort_by_key(|a| *a != Attempt::Won);
        assert_eq!(attempts, [Attempt::Won, Attempt::Conflict], "round {round}");

        let (version, balance) = read_account(journal, &stream);
        assert_eq!(
            (version, balance),
            (2, Fen::new(4_000).unwrap()),
            "round {round}"
        );
        assert_eq!(
            try_debit(journal, &stream, version, balance),
            Attempt::Insufficient
        );
    }
    assert_eq!(journal.verify_chain().unwrap(), 2 * ROUNDS as u64);
}

#[test]
fn memory_journal_two_threads() {
    race_rounds(&MemoryJournal::new());
}

#[test]
fn sqlite_journal_two_threads_one_connection() {
    let dir = tempfile::tempdir().unwrap();
    race_rounds(&SqliteJournal::open(dir.path().join("race.db")).unwrap());
}

/// Two journal values on one file: two connections, so SQLite's own lock decides.
#[test]
fn sqlite_journal_two_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let (first, second) = (
        SqliteJournal::open(&path).unwrap(),
        SqliteJournal::open(&path).unwrap(),
    );

    for round in 0..ROUNDS {
        let stream = format!("V-race-{round}");
        first.append(open_account(&stream)).unwrap();
        let barrier = Barrier::new(2);
        let mut attempts = std::thread::scope(|scope| {
            let writers = [&first, &second].map(|journal| {
                let barrier = &barrier;
                let stream = &stream;
                scope.spawn(move || {
                    let (version, balance) = read_account(journal, stream);
                    barrier.wait();
                    try_debit(journal, stream, version, balance)
                })
            });
            writers.map(|writer| writer.join().unwrap())
        });
        attempts.sort_by_key(|a| *a != Attempt::Won);
        assert_eq!(attempts, [Attempt::Won, Attempt::Conflict], "round {round}");
        assert_eq!(read_account(&second, &stream).1, Fen::new(4_000).unwrap());
    }
    assert_eq!(second.verify_chain().unwrap(), 2 * ROUNDS as u64);
}
