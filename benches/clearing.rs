//! Clearing one matured voucher of one million live pieces, under both routings, each with
//! full funding and with a partial payment shared by largest remainder.
//!
//! The book is built once, through the public API: a root split into 1,000 pieces for 100
//! suppliers, each split again into 1,000 pieces for 100 sub-suppliers and signed for.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use isf::core::{Fen, HolidayCalendar, VoucherId};
use isf::finance::voucher::{SplitPart, VoucherBook, VoucherCommand};
use isf::settlement::{Routing, plan_clearing};

const FAN_OUT: usize = 1_000;
const PIECE_FACE: i64 = 100_000;

fn million_piece_book(calendar: &HolidayCalendar) -> VoucherBook {
    let parties = support::parties(202);
    let (issuer, tier1) = (&parties[0], &parties[1]);
    let (tier2, tier3) = parties[2..].split_at(100);
    let face = PIECE_FACE * (FAN_OUT * FAN_OUT) as i64;
    let (mut book, root) =
        support::issued_book(support::wide_rules(), calendar, issuer, tier1, face);

    let level1: Vec<SplitPart> = (0..FAN_OUT)
        .map(|n| SplitPart {
            to: tier2[n % tier2.len()].clone(),
            amount: Fen::new(PIECE_FACE * FAN_OUT as i64).unwrap(),
        })
        .collect();
    let level1 = support::split_and_sign(&mut book, calendar, tier1, root, level1);

    for (n, piece) in level1.into_iter().enumerate() {
        let holder = tier2[n % tier2.len()].clone();
        let parts = (0..FAN_OUT)
            .map(|m| SplitPart {
                to: tier3[(n + m) % tier3.len()].clone(),
                amount: Fen::new(PIECE_FACE).unwrap(),
            })
            .collect();
        support::split_and_sign(&mut book, calendar, &holder, piece, parts);
    }

    let voucher = VoucherId::parse("BENCH-0001").unwrap();
    let mature = VoucherCommand::Mature { voucher };
    book.execute(issuer, &mature, support::due_day(), calendar)
        .unwrap();
    book
}

fn clearing(c: &mut Criterion) {
    let calendar = HolidayCalendar::china().unwrap();
    let book = million_piece_book(&calendar);
    let voucher = VoucherId::parse("BENCH-0001").unwrap();
    let live = book.live_pieces_of(&voucher).unwrap().count() as u64;
    assert_eq!(live, (FAN_OUT * FAN_OUT) as u64);

    let partial = Fen::new(77_777_777_777).unwrap();

    let mut group = c.benchmark_group("clearing_1m_pieces");
    group.sample_size(10);
    group.throughput(Throughput::Elements(live));
    for (name, routing, funds) in [
        ("end_to_end_full", Routing::EndToEnd, None),
        ("gradual_full", Routing::Gradual, None),
        ("end_to_end_partial", Routing::EndToEnd, Some(partial)),
        ("gradual_partial", Routing::Gradual, Some(partial)),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(plan_clearing(&book, &voucher, routing, funds, "BENCH").unwrap()));
        });
    }
    group.finish();
}

criterion_group!(benches, clearing);
criterion_main!(benches);
