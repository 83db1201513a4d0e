//! Builders shared by the benchmarks: parties, a calendar, and books of many pieces, made
//! through the public voucher API so the benchmarks measure what platforms run.

#![allow(dead_code)]

use isf::core::{
    Bid, BizDate, BusinessDayConvention, Fen, Hash32, HolidayCalendar, PieceId, VoucherId,
};
use isf::finance::voucher::{IssueVoucher, ProductRules, SplitPart, VoucherBook, VoucherCommand};

/// Business date of every benchmark action before maturity.
pub fn day() -> BizDate {
    BizDate::parse("2025-07-01").unwrap()
}

/// The adjusted due date of benchmark vouchers (committed 2025-10-01, National Day).
pub fn due_day() -> BizDate {
    BizDate::parse("2025-10-09").unwrap()
}

/// `count` distinct, well-formed BIDs.
pub fn parties(count: usize) -> Vec<Bid> {
    (0..count)
        .map(|n| Bid::parse(&format!("did:bid:ef{n:0>28}")).unwrap())
        .collect()
}

/// Rules loose enough for wide, deep trees.
pub fn wide_rules() -> ProductRules {
    ProductRules {
        min_split: Fen::new(1).unwrap(),
        max_children: 2_000,
        max_depth: 64,
        ..ProductRules::default()
    }
}

/// A book with one issued voucher of `face` fen signed for by `holder`; returns the root.
pub fn issued_book(
    rules: ProductRules,
    calendar: &HolidayCalendar,
    issuer: &Bid,
    holder: &Bid,
    face: i64,
) -> (VoucherBook, PieceId) {
    let mut book = VoucherBook::new(rules).unwrap();
    let issue = VoucherCommand::Issue(IssueVoucher {
        voucher: VoucherId::parse("BENCH-0001").unwrap(),
        payee: holder.clone(),
        face: Fen::new(face).unwrap(),
        committed_date: BizDate::parse("2025-10-01").unwrap(),
        convention: BusinessDayConvention::Following,
        commitment: Hash32::of(b"bench commitment"),
        contracts: Vec::new(),
        invoices: Vec::new(),
    });
    book.execute(issuer, &issue, day(), calendar).unwrap();
    let root = book.next_piece_id();
    let root = PieceId(root.0 - 1);
    book.execute(
        holder,
        &VoucherCommand::Sign { piece: root },
        day(),
        calendar,
    )
    .unwrap();
    (book, root)
}

/// Splits `piece`, held by `holder`, into `parts.len()` signed pieces for the given
/// recipients; returns their ids.
pub fn split_and_sign(
    book: &mut VoucherBook,
    calendar: &HolidayCalendar,
    holder: &Bid,
    piece: PieceId,
    parts: Vec<SplitPart>,
) -> Vec<PieceId> {
    let first = book.next_piece_id().0;
    let recipients: Vec<Bid> = parts.iter().map(|part| part.to.clone()).collect();
    let split = VoucherCommand::Split { piece, parts };
    book.execute(holder, &split, day(), calendar).unwrap();
    recipients
        .iter()
        .enumerate()
        .map(|(offset, recipient)| {
            let child = PieceId(first + offset as u64);
            book.execute(
                recipient,
                &VoucherCommand::Sign { piece: child },
                day(),
                calendar,
            )
            .unwrap();
            child
        })
        .collect()
}
