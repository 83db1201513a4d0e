#![allow(clippy::unwrap_used, missing_docs)]
use isf_store::{AppendRequest, Journal, NewEntry, SqliteJournal};
fn main() {
    let dir = tempfile::tempdir().unwrap();
    let j = SqliteJournal::open(dir.path().join("p.db")).unwrap();
    let n: u64 = std::env::args().nth(1).map(|a| a.parse().unwrap()).unwrap_or(20);
    let t = std::time::Instant::now();
    for i in 0..n {
        let entries = (0..1024u64).map(|k| NewEntry { kind: "voucher.split".into(), body: format!("{{\"kind\":\"voucher.split\",\"voucher\":\"V-2025-000123\",\"piece\":{k},\"amount_fen\":1234567,\"holder\":\"did:bid:efdPP4ympm36RxTYQJPber1PRKmLWZE\",\"request_no\":\"REQ-2025-{k:08}\"}}").into_bytes() }).collect();
        j.append(AppendRequest { stream: format!("s-{i}"), expected_version: 0, request: None, entries }).unwrap();
    }
    let e = t.elapsed();
    println!("{} events in {:?}: {:.0} ev/s", n * 1024, e, (n * 1024) as f64 / e.as_secs_f64());
}
