//! Two connections to PostgreSQL debiting one account at the same version, 200 rounds: each
//! round exactly one debit of 60.00 is written, the other gets a version conflict, and 40.00
//! remains. Also 100 rounds of two connections racing with one request number.
//!
//! Needs `ISF_TEST_POSTGRES_URL` (see `.ci/postgres.sh`); skips without it, fails under CI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![cfg(feature = "postgres")]

mod support;

use std::sync::Barrier;

use isf_core::Fen;
use isf_core::hash::Hash32;
use isf_store::{AppendOutcome, AppendRequest, Journal, NewEntry, PostgresJournal, RequestRecord};
use support::{Attempt, fresh_schema, open_account, postgres_url, read_account, try_debit};

const ROUNDS: usize = 200;
const REQUEST_ROUNDS: usize = 100;

fn two_connections(label: &str) -> Option<[PostgresJournal; 2]> {
    let url = postgres_url()?;
    let schema = fresh_schema(label);
    let first = PostgresJournal::connect_in_schema(&url, &schema).unwrap();
    let second = PostgresJournal::connect_in_schema(&url, &schema).unwrap();
    Some([first, second])
}

#[test]
fn two_connections_debit_one_account() {
    let Some(journals) = two_connections("race") else {
        return;
    };

    for round in 0..ROUNDS {
        let stream = format!("V-race-{round}");
        journals[0].append(open_account(&stream)).unwrap();
        let barrier = Barrier::new(2);
        let mut attempts = std::thread::scope(|scope| {
            let writers = journals.each_ref().map(|journal| {
                let (barrier, stream) = (&barrier, &stream);
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
        assert_eq!(
            read_account(&journals[1], &stream).1,
            Fen::new(4_000).unwrap()
        );
    }
    assert_eq!(journals[0].verify_chain().unwrap(), 2 * ROUNDS as u64);
}

#[test]
fn two_connections_one_request_number() {
    let Some(journals) = two_connections("request") else {
        return;
    };

    for round in 0..REQUEST_ROUNDS {
        let request = AppendRequest {
            stream: format!("V-req-{round}"),
            expected_version: 0,
            request: Some(RequestRecord {
                request_no: format!("R-{round}"),
                command_digest: Hash32::of(format!("cmd-{round}").as_bytes()),
                outcome: b"ok".to_vec(),
            }),
            entries: vec![NewEntry {
                kind: "issued".to_owned(),
                body: format!("issue {round}").into_bytes(),
            }],
        };
        let barrier = Barrier::new(2);
        let outcomes = std::thread::scope(|scope| {
            let writers = journals.each_ref().map(|journal| {
                let (barrier, request) = (&barrier, request.clone());
                scope.spawn(move || {
                    barrier.wait();
                    journal.append(request).unwrap()
                })
            });
            writers.map(|writer| writer.join().unwrap())
        });
        let written = outcomes
            .iter()
            .filter(|o| matches!(o, AppendOutcome::Appended(_)))
            .count();
        assert_eq!(written, 1, "round {round}: {outcomes:?}");
    }
    assert_eq!(journals[1].verify_chain().unwrap(), REQUEST_ROUNDS as u64);
}
