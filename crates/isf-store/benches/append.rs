//! Durable append throughput (events per second) at 1, 64 and 1024 events per append call,
//! and replay speed (`read_all` over 100,000 entries), for SQLite on a file in a temporary
//! directory and for PostgreSQL when `ISF_TEST_POSTGRES_URL` is set (feature `postgres`).
//!
//! Run once, briefly: `cargo bench -p isf-store --features postgres --bench append --
//! --warm-up-time 1 --measurement-time 3`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use isf_store::{AppendRequest, Journal, NewEntry, SqliteJournal};

const BATCH_SIZES: [u64; 3] = [1, 64, 1024];
const REPLAY_ENTRIES: u64 = 100_000;
const REPLAY_PAGE: usize = 10_000;

/// A body of about 200 bytes, the size of a typical voucher event.
fn body(index: u64) -> Vec<u8> {
    format!(
        "{{\"kind\":\"voucher.split\",\"voucher\":\"V-2025-000123\",\"piece\":{index},\
         \"amount_fen\":1234567,\"holder\":\"did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE\",\
         \"request_no\":\"REQ-2025-{index:08}\"}}"
    )
    .into_bytes()
}

fn request(stream: String, size: u64) -> AppendRequest {
    AppendRequest {
        stream,
        expected_version: 0,
        request: None,
        entries: (0..size)
            .map(|index| NewEntry {
                kind: "voucher.split".to_owned(),
                body: body(index),
            })
            .collect(),
    }
}

fn bench_appends<J: Journal>(c: &mut Criterion, name: &str, journal: &J) {
    let mut group = c.benchmark_group(format!("append/{name}"));
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    let mut streams = 0u64;
    for size in BATCH_SIZES {
        group.throughput(Throughput::Elements(size));
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, &size| {
            b.iter_batched(
                || {
                    streams += 1;
                    request(format!("bench-{size}-{streams}"), size)
                },
                |request| journal.append(request).unwrap(),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

fn bench_replay<J: Journal>(c: &mut Criterion, name: &str, journal: &J) {
    for chunk in 0..REPLAY_ENTRIES / 1_000 {
        journal
            .append(request(format!("replay-{chunk}"), 1_000))
            .unwrap();
    }

    let mut group = c.benchmark_group(format!("replay/{name}"));
    group
        .sample_size(10)
        .throughput(Throughput::Elements(REPLAY_ENTRIES));
    group.bench_function("read_all_100k", |b| {
        b.iter(|| {
            let (mut after, mut read) = (0, 0);
            loop {
                let page = journal.read_all(after, REPLAY_PAGE).unwrap();
                let Some(last) = page.last() else { break };
                after = last.seq;
                read += page.len();
            }
            assert_eq!(read as u64, REPLAY_ENTRIES);
        });
    });
    group.finish();
}

fn sqlite(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let appends = SqliteJournal::open(dir.path().join("append.db")).unwrap();
    bench_appends(c, "sqlite", &appends);
    let replay = SqliteJournal::open(dir.path().join("replay.db")).unwrap();
    bench_replay(c, "sqlite", &replay);
}

#[cfg(feature = "postgres")]
fn postgres(c: &mut Criterion) {
    let Some(url) = std::env::var("ISF_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("SKIPPED: set ISF_TEST_POSTGRES_URL to benchmark PostgreSQL");
        return;
    };
    let schema = format!("isf_bench_{}", std::process::id());
    let appends = isf_store::PostgresJournal::connect_in_schema(&url, &schema).unwrap();
    bench_appends(c, "postgres", &appends);
    let replay_schema = format!("{schema}_replay");
    let replay = isf_store::PostgresJournal::connect_in_schema(&url, &replay_schema).unwrap();
    bench_replay(c, "postgres", &replay);

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "DROP SCHEMA {schema} CASCADE; DROP SCHEMA {replay_schema} CASCADE"
        ))
        .unwrap();
}

#[cfg(not(feature = "postgres"))]
fn postgres(_: &mut Criterion) {
    eprintln!("SKIPPED: PostgreSQL benchmarks need the `postgres` feature");
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    sqlite(&mut c);
    postgres(&mut c);
    c.final_summary();
}
