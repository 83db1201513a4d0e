//! Shared helpers of the voucher tests: parties, dates, amounts, and a ledger that runs
//! commands against a voucher book, keeps the events, and proves that refusals change nothing.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use isf_core::{
    Bid, BizDate, BusinessDayConvention, Fen, Hash32, HolidayCalendar, PieceId, VoucherId,
};
use isf_finance::FinanceError;
use isf_finance::voucher::{
    IssueVoucher, Piece, ProductRules, SplitPart, Voucher, VoucherBook, VoucherCommand,
    VoucherEvent,
};

/// A test BID with a numeric suffix.
pub fn party(n: u32) -> Bid {
    Bid::parse(&format!("did:bid:ef{n:0>28}")).unwrap()
}

pub fn issuer() -> Bid {
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

pub fn other_funder() -> Bid {
    party(10)
}

pub fn stranger() -> Bid {
    party(99)
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

/// The embedded mainland-China calendar, built once.
pub fn calendar() -> &'static HolidayCalendar {
    static CHINA: OnceLock<HolidayCalendar> = OnceLock::new();
    CHINA.get_or_init(|| HolidayCalendar::china().unwrap())
}

/// Issue terms with the `Following` convention and a commitment hash derived from the number.
pub fn terms(voucher: &str, payee: &Bid, face: Fen, committed: &str) -> IssueVoucher {
    IssueVoucher {
        voucher: number(voucher),
        payee: payee.clone(),
        face,
        committed_date: date(committed),
        convention: BusinessDayConvention::Following,
        commitment: Hash32::of(voucher.as_bytes()),
        contracts: vec![format!("CT-{voucher}")],
        invoices: Vec::new(),
    }
}

pub fn part(to: &Bid, amount: Fen) -> SplitPart {
    SplitPart {
        to: to.clone(),
        amount,
    }
}

pub fn split(piece: PieceId, parts: &[(&Bid, Fen)]) -> VoucherCommand {
    VoucherCommand::Split {
        piece,
        parts: parts.iter().map(|(to, amount)| part(to, *amount)).collect(),
    }
}

pub fn lock(piece: PieceId, application: &str, funder: &Bid) -> VoucherCommand {
    VoucherCommand::LockForFinancing {
        piece,
        application: application.to_owned(),
        funder: funder.clone(),
    }
}

/// The ids of the pieces a split event created, transferred parts first.
pub fn children(event: &VoucherEvent) -> Vec<PieceId> {
    match event {
        VoucherEvent::Split { children, .. } => children.iter().map(|child| child.id).collect(),
        other => panic!("expected a split event, got {other:?}"),
    }
}

/// Everything a refused command must leave untouched.
pub type Snapshot = (Vec<Piece>, Vec<Voucher>);

pub fn snapshot(book: &VoucherBook) -> Snapshot {
    (book.pieces().to_vec(), book.vouchers().to_vec())
}

/// A voucher book with the events it emitted, in order.
pub struct Ledger {
    pub book: VoucherBook,
    pub events: Vec<VoucherEvent>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger::with_rules(ProductRules::default())
    }
}

impl Ledger {
    pub fn with_rules(rules: ProductRules) -> Ledger {
        Ledger {
            book: VoucherBook::new(rules).unwrap(),
            events: Vec::new(),
        }
    }

    /// Executes a command and records its event; a refusal is returned untouched.
    pub fn attempt(
        &mut self,
        actor: &Bid,
        command: &VoucherCommand,
        today: BizDate,
    ) -> Result<VoucherEvent, FinanceError> {
        let event = self.book.execute(actor, command, today, calendar())?;
        self.events.push(event.clone());
        Ok(event)
    }

    /// Executes a command that must succeed.
    pub fn run(&mut self, actor: &Bid, command: VoucherCommand, today: &str) -> VoucherEvent {
        match self.attempt(actor, &command, date(today)) {
            Ok(event) => event,
            Err(error) => panic!("{command:?} by {actor} on {today} refused: {error}"),
        }
    }

    /// Executes a command that must be refused, and checks that it changed nothing.
    pub fn refuse(&mut self, actor: &Bid, command: VoucherCommand, today: &str) -> FinanceError {
        let before = snapshot(&self.book);
        let events = self.events.len();

        let outcome = self.attempt(actor, &command, date(today));

        let Err(error) = outcome else {
            panic!("{command:?} by {actor} on {today} was accepted: {outcome:?}");
        };
        assert_eq!(
            snapshot(&self.book),
            before,
            "refused {command:?} changed the book"
        );
        assert_eq!(self.events.len(), events);
        assert!(self.book.invariant_violations().is_empty());
        error
    }

    /// Issues a voucher from [`issuer`] and returns its root piece.
    pub fn issue(&mut self, terms: IssueVoucher, today: &str) -> PieceId {
        match self.run(&issuer(), VoucherCommand::Issue(terms), today) {
            VoucherEvent::Issued { root, .. } => root,
            other => panic!("expected an issue event, got {other:?}"),
        }
    }

    /// Issues a voucher to [`tier1`], who signs for it the same day.
    pub fn issue_signed(&mut self, voucher: &str, face: Fen, today: &str, due: &str) -> PieceId {
        let root = self.issue(terms(voucher, &tier1(), face, due), today);
        self.run(&tier1(), VoucherCommand::Sign { piece: root }, today);
        root
    }

    /// Splits and returns the new pieces, transferred parts first.
    pub fn split(
        &mut self,
        holder: &Bid,
        piece: PieceId,
        parts: &[(&Bid, Fen)],
        today: &str,
    ) -> Vec<PieceId> {
        children(&self.run(holder, split(piece, parts), today))
    }

    /// Passes a piece on to `to`, who signs for it the same day. Returns the new piece.
    pub fn transfer(&mut self, holder: &Bid, piece: PieceId, to: &Bid, today: &str) -> PieceId {
        let face = self.piece(piece).face;
        let new = self.split(holder, piece, &[(to, face)], today)[0];
        self.run(to, VoucherCommand::Sign { piece: new }, today);
        new
    }

    pub fn piece(&self, id: PieceId) -> &Piece {
        self.book.piece(id).unwrap()
    }

    pub fn voucher(&self, id: &str) -> &Voucher {
        self.book.voucher(&number(id)).unwrap()
    }

    /// A fresh book under the same rules with every recorded event applied.
    pub fn replayed(&self) -> VoucherBook {
        let mut fresh = VoucherBook::new(self.book.rules().clone()).unwrap();
        for event in &self.events {
            fresh.apply(event).unwrap();
        }
        fresh
    }
}

/// Σ face of the live pieces of `voucher`, counted from the piece list itself.
pub fn live_face(book: &VoucherBook, voucher: &str) -> i128 {
    let index = book
        .vouchers()
        .iter()
        .position(|v| v.id.as_str() == voucher)
        .unwrap();
    book.pieces()
        .iter()
        .filter(|piece| piece.voucher as usize == index && piece.state.is_live())
        .map(|piece| i128::from(piece.face.get()))
        .sum()
}

/// The C1 chain: tier 1 keeps 500,000.00, tier 2 keeps 200,000.00, tier 3 holds 300,000.00.
pub struct ChainC1 {
    pub root: PieceId,
    pub to_tier2: PieceId,
    pub tier1_rest: PieceId,
    pub to_tier3: PieceId,
    pub tier2_rest: PieceId,
}

/// Builds case C1 on voucher `V-C1`, issued 2025-03-03 and due 2025-09-01.
pub fn chain_c1(ledger: &mut Ledger) -> ChainC1 {
    let root = ledger.issue_signed("V-C1", yuan(1_000_000), "2025-03-03", "2025-09-01");
    let first = ledger.split(&tier1(), root, &[(&tier2(), yuan(500_000))], "2025-03-04");
    ledger.run(
        &tier2(),
        VoucherCommand::Sign { piece: first[0] },
        "2025-03-05",
    );
    let second = ledger.split(
        &tier2(),
        first[0],
        &[(&tier3(), yuan(300_000))],
        "2025-03-06",
    );
    ledger.run(
        &tier3(),
        VoucherCommand::Sign { piece: second[0] },
        "2025-03-07",
    );
    ChainC1 {
        root,
        to_tier2: first[0],
        tier1_rest: first[1],
        to_tier3: second[0],
        tier2_rest: second[1],
    }
}
