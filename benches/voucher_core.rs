//! Throughput of the split/transfer core: unsigned commands decided and applied in memory.
//!
//! Each measured operation is one command through `VoucherBook::execute`: a split that passes
//! a part to another supplier and keeps the remainder, or the recipient's sign-receipt.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use isf::core::{Fen, HolidayCalendar, PieceId};
use isf::finance::voucher::{SplitPart, VoucherCommand};

const OPS: u64 = 20_000;

fn split_and_transfer(c: &mut Criterion) {
    let calendar = HolidayCalendar::china().unwrap();
    let parties = support::parties(9);
    let (issuer, holder, recipients) = (&parties[0], &parties[1], &parties[2..]);

    let mut group = c.benchmark_group("voucher_core");
    group.throughput(Throughput::Elements(OPS));
    group.bench_function("split_then_sign", |b| {
        b.iter_batched(
            || support::issued_book(support::wide_rules(), &calendar, issuer, holder, 1 << 50),
            |(mut book, root)| {
                let mut remainder = root;
                for n in 0..OPS / 2 {
                    let recipient = &recipients[n as usize % recipients.len()];
                    let part = SplitPart {
                        to: recipient.clone(),
                        amount: Fen::new(100_000).unwrap(),
                    };
                    let first = book.next_piece_id().0;
                    let split = VoucherCommand::Split {
                        piece: remainder,
                        parts: vec![part],
                    };
                    book.execute(holder, &split, support::day(), &calendar)
                        .unwrap();
                    let sign = VoucherCommand::Sign {
                        piece: PieceId(first),
                    };
                    book.execute(recipient, &sign, support::day(), &calendar)
                        .unwrap();
                    remainder = PieceId(first + 1);
                }
                black_box(book)
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, split_and_transfer);
criterion_main!(benches);
