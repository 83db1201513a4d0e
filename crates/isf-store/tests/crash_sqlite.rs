//! Kills a writing process 200 times and checks what the SQLite journal kept.
//!
//! Each round starts this test binary as a child that appends batches to one journal file in a
//! loop, printing `ISF ACK <last_seq> <stream> <size>` (flushed) after each append returns.
//! The parent kills it with SIGKILL after a short pseudo-random delay (seeded, so a failure
//! can be repeated), then opens the file and checks:
//!
//! - every acknowledged batch is present, complete, and ends at the acknowledged sequence;
//! - no batch is half-written: each batch is a new stream, and its entries carry the batch
//!   size, so every stream must hold exactly that many entries;
//! - the hash chain verifies end to end (every 5 rounds and at the end, to keep the debug
//!   build under a minute; the cheap checks run every round).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::time::Duration;

use isf_store::{AppendRequest, Journal, NewEntry, SqliteJournal};
use support::{XorShift, child, child_report, child_role};

const ROUNDS: u64 = 200;
const SEED: u64 = 0x15f5_70e5_c4a5_11ed;
const CHILD_TEST: &str = "child_writer_entry";
/// Full verification of the chain every this many rounds.
const VERIFY_EVERY: u64 = 5;

/// One acknowledged batch.
struct Ack {
    last_seq: u64,
    stream: String,
    size: u64,
}

#[test]
fn killed_writers_lose_nothing_acknowledged() {
    if child_role().is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut rng = XorShift(SEED);
    let mut acked = 0usize;

    for round in 0..ROUNDS {
        let delay = Duration::from_millis(2 + rng.next() % 45);
        let acks = run_and_kill(&path, round, delay);
        acked += acks.len();

        let journal = SqliteJournal::open(&path).unwrap();
        check_acks(&journal, &acks, round);
        if round % VERIFY_EVERY == VERIFY_EVERY - 1 {
            journal.verify_chain().unwrap();
        }
    }

    let journal = SqliteJournal::open(&path).unwrap();
    let entries = journal.verify_chain().unwrap();
    check_no_half_batches(&journal);
    eprintln!("{ROUNDS} kills, {acked} acknowledged batches, {entries} entries verified");
    assert!(
        acked > 0,
        "the children never got to append: raise the delays"
    );
}

/// Starts a writer, lets it run for `delay`, kills it, and returns what it acknowledged.
fn run_and_kill(path: &Path, round: u64, delay: Duration) -> Vec<Ack> {
    let mut writer = child(CHILD_TEST, "writer")
        .env("ISF_CRASH_DB", path)
        .env("ISF_CRASH_ROUND", round.to_string())
        .spawn()
        .unwrap();
    let stdout = writer.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| child_report(&line).map(parse_ack))
            .collect::<Vec<_>>()
    });

    std::thread::sleep(delay);
    writer.kill().unwrap();
    writer.wait().unwrap();
    reader.join().unwrap()
}

fn parse_ack(report: &str) -> Ack {
    let fields: Vec<&str> = report.split(' ').collect();
    assert_eq!(fields[0], "ACK", "unexpected report {report:?}");
    Ack {
        last_seq: fields[1].parse().unwrap(),
        stream: fields[2].to_owned(),
        size: fields[3].parse().unwrap(),
    }
}

fn check_acks(journal: &SqliteJournal, acks: &[Ack], round: u64) {
    let head = journal.head().unwrap();
    for ack in acks {
        assert!(
            ack.last_seq <= head.seq,
            "round {round}: acked {} lost",
            ack.last_seq
        );
        let entries = journal.read_stream(&ack.stream, 0).unwrap();
        assert_eq!(
            entries.len() as u64,
            ack.size,
            "round {round}: {} incomplete",
            ack.stream
        );
        assert_eq!(entries.last().unwrap().seq, ack.last_seq, "round {round}");
    }
}

/// Every batch in the journal is complete, acknowledged or not.
fn check_no_half_batches(journal: &SqliteJournal) {
    let mut sizes: HashMap<String, (u64, u64)> = HashMap::new();
    let mut after = 0;
    loop {
        let page = journal.read_all(after, 1_000).unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        for entry in page {
            let body = String::from_utf8(entry.body).unwrap();
            let size = body
                .split(';')
                .find_map(|f| f.strip_prefix("size="))
                .unwrap();
            let seen = sizes
                .entry(entry.stream)
                .or_insert((size.parse().unwrap(), 0));
            seen.1 += 1;
        }
    }
    for (stream, (size, seen)) in sizes {
        assert_eq!(seen, size, "batch {stream} is half-written");
    }
}

/// The writer's side; does nothing when run as an ordinary test.
#[test]
fn child_writer_entry() {
    if child_role().is_none() {
        return;
    }
    let path = std::env::var_os("ISF_CRASH_DB").unwrap();
    let round: u64 = std::env::var("ISF_CRASH_ROUND").unwrap().parse().unwrap();
    write_until_killed(Path::new(&path), round);
}

fn write_until_killed(path: &Path, round: u64) -> ! {
    let journal = SqliteJournal::open(path).unwrap();
    let mut out = std::io::stdout().lock();
    for batch in 0u64.. {
        let size = 1 + (batch * 7 + round) % 8;
        let stream = format!("crash-{round}-{batch}");
        let entries = (0..size)
            .map(|index| NewEntry {
                kind: "crash.test".to_owned(),
                body: format!("round={round};batch={batch};size={size};index={index}").into_bytes(),
            })
            .collect();
        let request = AppendRequest {
            stream: stream.clone(),
            expected_version: 0,
            request: None,
            entries,
        };
        let appended = journal.append(request).unwrap();
        let last_seq = appended.appended().unwrap().last_seq;
        writeln!(out, "ISF ACK {last_seq} {stream} {size}").unwrap();
        out.flush().unwrap();
    }
    unreachable!("the writer runs until it is killed")
}
