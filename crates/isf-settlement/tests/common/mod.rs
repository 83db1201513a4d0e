//! Shared helpers of the clearing tests: parties, dates, amounts, a voucher book driven by
//! commands that must succeed, and the money each party ends up with under a plan.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use isf_core::{
    Bid, BizDate, BusinessDayConvention, Fen, Hash32, HolidayCalendar, PieceId, VoucherId,
};
use isf_finance::FinanceError;
use isf_finance::voucher::{
    IssueVoucher, ProductRules, SplitPart, VoucherBook, VoucherCommand, VoucherEvent,
};
use isf_settlement::{ClearingPlan, Instruction, Routing, plan_clearing};

/// A test BID with a numeric suffix.
pub fn party(n: u32) -> Bid {
    Bid::parse(&format!("did:bid:ef{n:0>28}")).unwrap()
}

pub fn core() -> Bid {
    party(1)
}

pub fn tier1() -> Bid {
    party(2)
}

pub fn tier2() -> Bid {
    party(3)
}

pub fn tier3() -> Bid {
    party(4)
}

pub fn funder() -> Bid {
    party(9)
}

pub fn date(text: &str) -> BizDate {
    BizDate::parse(text).unwrap()
}

pub fn yuan(amount: i64) -> Fen {
    Fen::from_yuan(amount).unwrap()
}

pub fn fen(amount: i64) -> Fen {
    Fen::new(amount).unwrap()
}

pub fn number(text: &str) -> VoucherId {
    VoucherId::parse(text).unwrap()
}

pub fn calendar() -> &'static HolidayCalendar {
    static CHINA: OnceLock<HolidayCalendar> = OnceLock::new();
    CHINA.get_or_init(|| HolidayCalendar::china().unwrap())
}

/// A voucher book driven by commands.
pub struct Book {
    pub book: VoucherBook,
}

impl Book {
    pub fn new(rules: ProductRules) -> Book {
        Book {
            book: VoucherBook::new(rules).unwrap(),
        }
    }

    pub fn attempt(
        &mut self,
        actor: &Bid,
        command: &VoucherCommand,
        today: &str,
    ) -> Result<VoucherEvent, FinanceError> {
        self.book.execute(actor, command, date(today), calendar())
    }

    pub fn run(&mut self, actor: &Bid, command: VoucherCommand, today: &str) -> VoucherEvent {
        match self.attempt(actor, &command, today) {
            Ok(event) => event,
            Err(error) => panic!("{command:?} by {actor} refused: {error}"),
        }
    }

    /// Issues `voucher` from [`core`] to `payee` and returns the root piece (not yet signed).
    pub fn issue(
        &mut self,
        voucher: &str,
        payee: &Bid,
        face: Fen,
        today: &str,
        due: &str,
    ) -> PieceId {
        let terms = IssueVoucher {
            voucher: number(voucher),
            payee: payee.clone(),
            face,
            committed_date: date(due),
            convention: BusinessDayConvention::Following,
            commitment: Hash32::of(voucher.as_bytes()),
            contracts: Vec::new(),
            invoices: Vec::new(),
        };
        match self.run(&core(), VoucherCommand::Issue(terms), today) {
            VoucherEvent::Issued { root, .. } => root,
            other => panic!("expected an issue, got {other:?}"),
        }
    }

    pub fn sign(&mut self, who: &Bid, piece: PieceId, today: &str) {
        self.run(who, VoucherCommand::Sign { piece }, today);
    }

    /// Splits and returns the new pieces, transferred parts first (none signed yet).
    pub fn split(
        &mut self,
        holder: &Bid,
        piece: PieceId,
        parts: &[(&Bid, Fen)],
        today: &str,
    ) -> Vec<PieceId> {
        let parts = parts
            .iter()
            .map(|(to, amount)| SplitPart {
                to: (*to).clone(),
                amount: *amount,
            })
            .collect();
        match self.run(holder, VoucherCommand::Split { piece, parts }, today) {
            VoucherEvent::Split { children, .. } => children.iter().map(|c| c.id).collect(),
            other => panic!("expected a split, got {other:?}"),
        }
    }

    /// Locks `piece` with `funder` and lets the funder take it by assignment or pledge.
    pub fn finance(&mut self, holder: &Bid, piece: PieceId, by: &Bid, pledge: bool, today: &str) {
        let lock = VoucherCommand::LockForFinancing {
            piece,
            application: format!("APP-{}", piece.0),
            funder: by.clone(),
        };
        self.run(holder, lock, today);
        let take = match pledge {
            true => VoucherCommand::Pledge { piece },
            false => VoucherCommand::Assign { piece },
        };
        self.run(by, take, today);
    }

    pub fn mature(&mut self, voucher: &str, today: &str) {
        let command = VoucherCommand::Mature {
            voucher: number(voucher),
        };
        self.run(&party(77), command, today);
    }

    pub fn plan(&self, voucher: &str, routing: Routing, funds: Option<Fen>) -> ClearingPlan {
        plan_clearing(&self.book, &number(voucher), routing, funds, "RUN-1").unwrap()
    }
}

/// Case C1 on voucher `V-C1`, issued 2025-03-03 and due 2025-09-01 (a Monday).
pub struct ChainC1 {
    pub root: PieceId,
    pub to_tier2: PieceId,
    pub tier1_rest: PieceId,
    pub to_tier3: PieceId,
    pub tier2_rest: PieceId,
}

/// Builds C1 up to tier 3's piece, which is offered but not yet signed.
pub fn chain_c1_offered(book: &mut Book) -> ChainC1 {
    let root = book.issue(
        "V-C1",
        &tier1(),
        yuan(1_000_000),
        "2025-03-03",
        "2025-09-01",
    );
    book.sign(&tier1(), root, "2025-03-03");
    let first = book.split(&tier1(), root, &[(&tier2(), yuan(500_000))], "2025-03-04");
    book.sign(&tier2(), first[0], "2025-03-05");
    let second = book.split(
        &tier2(),
        first[0],
        &[(&tier3(), yuan(300_000))],
        "2025-03-06",
    );
    ChainC1 {
        root,
        to_tier2: first[0],
        tier1_rest: first[1],
        to_tier3: second[0],
        tier2_rest: second[1],
    }
}

/// C1 with every piece signed: tier 1 500,000.00, tier 2 200,000.00, tier 3 300,000.00.
pub fn chain_c1(book: &mut Book) -> ChainC1 {
    let chain = chain_c1_offered(book);
    book.sign(&tier3(), chain.to_tier3, "2025-03-07");
    chain
}

/// (payer, payee, amount, step) of every instruction, for compact comparisons.
pub fn legs(plan: &ClearingPlan) -> Vec<(Bid, Bid, Fen, u32)> {
    plan.instructions
        .iter()
        .map(|i| (i.payer.clone(), i.payee.clone(), i.amount, i.step))
        .collect()
}

/// What each party receives less what it pays under `instructions`.
pub fn net(instructions: &[Instruction]) -> BTreeMap<Bid, i128> {
    let mut net = BTreeMap::new();
    for instruction in instructions {
        let amount = i128::from(instruction.amount.get());
        *net.entry(instruction.payee.clone()).or_insert(0) += amount;
        *net.entry(instruction.payer.clone()).or_insert(0) -= amount;
    }
    net.retain(|_, amount| *amount != 0);
    net
}

/// What each party must end with: its clearing line, less what it funds as the payer.
pub fn expected_net(plan: &ClearingPlan) -> BTreeMap<Bid, i128> {
    let mut expected = BTreeMap::new();
    for line in &plan.lines {
        *expected.entry(line.payee.clone()).or_insert(0) += i128::from(line.amount.get());
    }
    *expected.entry(plan.payer.clone()).or_insert(0) -= i128::from(plan.funded.get());
    expected.retain(|_, amount| *amount != 0);
    expected
}
