//! Helpers shared by the integration tests: the PostgreSQL switch, fresh schemas, the money
//! model of the race tests, and re-running this test binary as a child process.
#![allow(dead_code)]

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use isf_core::Fen;
use isf_store::{AppendRequest, Journal, NewEntry, StoreError};

/// The URL of the test database, or `None` (after saying so) when the tests should skip.
/// Under CI a missing URL is a failure: the PostgreSQL tests must not be skipped silently.
pub fn postgres_url() -> Option<String> {
    match std::env::var("ISF_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!(
            "CI is set but ISF_TEST_POSTGRES_URL is not: start a server with \
             `eval \"$(bash .ci/postgres.sh start)\"` before running the PostgreSQL tests"
        ),
        _ => {
            eprintln!(
                "SKIPPED: set ISF_TEST_POSTGRES_URL (e.g. `eval \"$(bash .ci/postgres.sh start)\"`) \
                 to run the PostgreSQL tests"
            );
            None
        }
    }
}

/// A schema name no other test uses, so tests can run in parallel on one database.
pub fn fresh_schema(label: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("isf_{label}_{}_{count}_{nanos}", std::process::id())
}

/// The opening balance of every race stream: 100.00 yuan, in fen.
pub const OPENING: i64 = 10_000;

/// What each racing writer tries to take: 60.00 yuan.
pub const DEBIT: i64 = 6_000;

/// The append that opens a stream holding 100.00.
pub fn open_account(stream: &str) -> AppendRequest {
    append(stream, 0, "credit", OPENING)
}

fn append(stream: &str, expected_version: u64, kind: &str, fen: i64) -> AppendRequest {
    AppendRequest {
        stream: stream.to_owned(),
        expected_version,
        request: None,
        entries: vec![NewEntry {
            kind: kind.to_owned(),
            body: format!("{kind}:{fen}").into_bytes(),
        }],
    }
}

/// The stream's version and balance, from its entries.
pub fn read_account<J: Journal + ?Sized>(journal: &J, stream: &str) -> (u64, Fen) {
    let entries = journal.read_stream(stream, 0).unwrap();
    let mut balance = Fen::ZERO;
    for entry in &entries {
        let text = String::from_utf8(entry.body.clone()).unwrap();
        let (kind, fen) = text.split_once(':').unwrap();
        let amount = Fen::new(fen.parse().unwrap()).unwrap();
        balance = match kind {
            "credit" => balance.checked_add(amount).unwrap(),
            "debit" => balance.checked_sub(amount).unwrap(),
            other => panic!("unknown entry {other}"),
        };
    }
    (entries.len() as u64, balance)
}

/// How one writer's attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The debit was written.
    Won,
    /// Another writer got there first.
    Conflict,
    /// The balance seen was too low to try.
    Insufficient,
}

/// Debits 60.00 if the state read at `version` with `balance` allows it, appending at that
/// version.
pub fn try_debit<J: Journal + ?Sized>(
    journal: &J,
    stream: &str,
    version: u64,
    balance: Fen,
) -> Attempt {
    if balance.get() < DEBIT {
        return Attempt::Insufficient;
    }
    match journal.append(append(stream, version, "debit", DEBIT)) {
        Ok(_) => Attempt::Won,
        Err(StoreError::VersionConflict { .. }) => Attempt::Conflict,
        Err(other) => panic!("debit on {stream} failed: {other}"),
    }
}

/// This test binary, set up to run only `test_name` with `role` in the environment.
pub fn child(test_name: &str, role: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env("ISF_TEST_CHILD_ROLE", role)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    command
}

/// The role this process was started with, if it is a child.
pub fn child_role() -> Option<String> {
    std::env::var("ISF_TEST_CHILD_ROLE").ok()
}

/// A small deterministic generator, so a failing run can be repeated.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The report a child wrote after `ISF ` on `line`. The marker may follow other text on the
/// line: the test harness prints `test <name> ... ` without a line break before running it.
pub fn child_report(line: &str) -> Option<&str> {
    line.find("ISF ").map(|at| &line[at + 4..])
}
