//! Random sequences of voucher commands, valid and invalid, by the right party or anybody:
//! after every step the book keeps its invariants, a refusal changes nothing, a voucher's
//! status only moves forward, and replaying the events rebuilds the same book.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::*;
use isf_core::{Bid, BizDate, Fen, PieceId, VoucherId};
use isf_finance::voucher::{
    Piece, PieceState, ProductRules, SplitPart, VoucherBook, VoucherCommand, VoucherStatus,
};
use proptest::prelude::*;

const PARTIES: u8 = 6;
const VOUCHERS: u8 = 3;

/// Who acts: the party the command is meant for, or any party at all.
#[derive(Clone, Debug)]
enum Who {
    Right,
    Party(u8),
}

/// Which piece an action aims at: the `index`-th piece in the state the action expects, or of
/// all pieces when `anywhere` (so that commands also meet pieces in the wrong state).
#[derive(Clone, Debug)]
struct Target {
    index: usize,
    anywhere: bool,
}

/// The state an action expects its piece to be in.
#[derive(Clone, Copy)]
enum Want {
    Pending,
    Held,
    Locked,
    Pledged,
    Payable,
}

#[derive(Clone, Debug)]
enum Action {
    Issue {
        issuer: u8,
        payee: u8,
        voucher: u8,
        face: i64,
        term: i64,
    },
    Sign(Who, Target),
    Reject(Who, Target),
    Split(Who, Target, Vec<(u8, u16)>),
    Transfer(Who, Target, u8),
    Lock(Who, Target, u8, u8),
    Assign(Who, Target),
    Pledge(Who, Target),
    Release(Who, Target),
    Unlock(Who, Target),
    Expire(Target),
    Mature(u8),
    Void(Who, u8),
    Pay(Target, u16),
    Wait(i64),
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![3 => Just(Who::Right), 1 => (0..PARTIES).prop_map(Who::Party)]
}

fn target() -> impl Strategy<Value = Target> {
    (any::<usize>(), prop::bool::weighted(0.2))
        .prop_map(|(index, anywhere)| Target { index, anywhere })
}

fn issue() -> impl Strategy<Value = Action> {
    (
        0..PARTIES,
        0..PARTIES,
        0..VOUCHERS,
        1_000_i64..10_000_000,
        -2_i64..70,
    )
        .prop_map(|(issuer, payee, voucher, face, term)| Action::Issue {
            issuer,
            payee,
            voucher,
            face,
            term,
        })
}

fn action() -> impl Strategy<Value = Action> {
    let parts = prop::collection::vec((0..PARTIES, 0_u16..600), 0..5);
    prop_oneof![
        1 => issue(),
        4 => (who(), target()).prop_map(|(w, t)| Action::Sign(w, t)),
        1 => (who(), target()).prop_map(|(w, t)| Action::Reject(w, t)),
        4 => (who(), target(), parts).prop_map(|(w, t, parts)| Action::Split(w, t, parts)),
        3 => (who(), target(), 0..PARTIES).prop_map(|(w, t, to)| Action::Transfer(w, t, to)),
        2 => (who(), target(), 0..PARTIES, 0_u8..3)
            .prop_map(|(w, t, f, a)| Action::Lock(w, t, f, a)),
        1 => (who(), target()).prop_map(|(w, t)| Action::Assign(w, t)),
        1 => (who(), target()).prop_map(|(w, t)| Action::Pledge(w, t)),
        1 => (who(), target()).prop_map(|(w, t)| Action::Release(w, t)),
        1 => (who(), target()).prop_map(|(w, t)| Action::Unlock(w, t)),
        1 => target().prop_map(Action::Expire),
        2 => (0..VOUCHERS).prop_map(Action::Mature),
        1 => (who(), 0..VOUCHERS).prop_map(|(w, v)| Action::Void(w, v)),
        3 => (target(), 0_u16..1_100).prop_map(|(t, m)| Action::Pay(t, m)),
        3 => (1_i64..4).prop_map(Action::Wait),
        1 => (10_i64..40).prop_map(Action::Wait),
    ]
}

/// A few issues first, so that most later actions find something to act on.
fn actions() -> impl Strategy<Value = Vec<Action>> {
    let first = prop::collection::vec(issue(), 1..4);
    let rest = prop::collection::vec(action(), 1..60);
    (first, rest).prop_map(|(mut first, rest)| {
        first.extend(rest);
        first
    })
}

fn rules() -> ProductRules {
    ProductRules {
        min_split: fen(100),
        min_share_ppm: 5_000,
        max_depth: 3,
        max_children: 4,
        max_term_days: 60,
        sign_window_days: 5,
    }
}

fn actor(n: u8) -> Bid {
    party(u32::from(n) + 1)
}

fn voucher_number(n: u8) -> VoucherId {
    number(&format!("V-{n}"))
}

fn wanted(book: &VoucherBook, piece: &Piece, want: Want) -> bool {
    let status = book.voucher_of(piece).unwrap().status;
    let open = status == VoucherStatus::Outstanding;
    match (want, &piece.state) {
        (Want::Pending, PieceState::PendingSign { .. }) => open,
        (Want::Held, PieceState::Held) => open,
        (Want::Locked, PieceState::Locked { .. }) => open,
        (Want::Pledged, PieceState::Pledged { .. }) => true,
        (Want::Payable, state) => status == VoucherStatus::Matured && state.is_live(),
        _ => false,
    }
}

/// The piece a target names: unknown piece 1 in an empty book.
fn find(book: &VoucherBook, target: &Target, want: Want) -> PieceId {
    let all = book.pieces();
    let fitting: Vec<&Piece> = all.iter().filter(|p| wanted(book, p, want)).collect();
    let candidates: Vec<&Piece> = match target.anywhere || fitting.is_empty() {
        true => all.iter().collect(),
        false => fitting,
    };
    match candidates.len() {
        0 => PieceId(1),
        n => candidates[target.index % n].id,
    }
}

fn holder(piece: &Piece) -> Bid {
    piece.holder.clone()
}

fn recipient(piece: &Piece) -> Bid {
    match &piece.state {
        PieceState::PendingSign { recipient, .. } => recipient.clone(),
        _ => piece.holder.clone(),
    }
}

fn funder(piece: &Piece) -> Bid {
    match &piece.state {
        PieceState::Locked { funder, .. } => funder.clone(),
        PieceState::Pledged { pledgee, .. } => pledgee.clone(),
        _ => piece.holder.clone(),
    }
}

/// Turns a random action into a command on the current book, choosing "the right party" from
/// the book's state. `None` for a pause.
fn command(book: &VoucherBook, action: &Action, today: BizDate) -> Option<(Bid, VoucherCommand)> {
    let face = |id: PieceId| book.piece(id).map_or(Fen::ZERO, |p| p.face);
    let by = |who: &Who, id: PieceId, role: fn(&Piece) -> Bid| match who {
        Who::Party(n) => actor(*n),
        Who::Right => book.piece(id).map_or(actor(0), role),
    };

    let picked = match action {
        Action::Issue {
            issuer,
            payee,
            voucher,
            face,
            term,
        } => {
            let number = format!("V-{voucher}");
            let mut terms = terms(&number, &actor(*payee), fen(*face), "2025-01-01");
            terms.committed_date = today.add_days(*term).unwrap();
            (actor(*issuer), VoucherCommand::Issue(terms))
        }
        Action::Sign(who, t) => {
            let piece = find(book, t, Want::Pending);
            (by(who, piece, recipient), VoucherCommand::Sign { piece })
        }
        Action::Reject(who, t) => {
            let piece = find(book, t, Want::Pending);
            (by(who, piece, recipient), VoucherCommand::Reject { piece })
        }
        Action::Split(who, t, parts) => {
            let piece = find(book, t, Want::Held);
            let whole = i128::from(face(piece).get());
            let parts = parts
                .iter()
                .map(|(to, permille)| SplitPart {
                    to: actor(*to),
                    amount: fen((whole * i128::from(*permille) / 1_000) as i64),
                })
                .collect();
            (
                by(who, piece, holder),
                VoucherCommand::Split { piece, parts },
            )
        }
        Action::Transfer(who, t, to) => {
            let piece = find(book, t, Want::Held);
            let parts = vec![SplitPart {
                to: actor(*to),
                amount: face(piece),
            }];
            (
                by(who, piece, holder),
                VoucherCommand::Split { piece, parts },
            )
        }
        Action::Lock(who, t, to, app) => {
            let piece = find(book, t, Want::Held);
            let command = lock(piece, &format!("APP-{app}"), &actor(*to));
            (by(who, piece, holder), command)
        }
        Action::Assign(who, t) => {
            let piece = find(book, t, Want::Locked);
            (by(who, piece, funder), VoucherCommand::Assign { piece })
        }
        Action::Pledge(who, t) => {
            let piece = find(book, t, Want::Locked);
            (by(who, piece, funder), VoucherCommand::Pledge { piece })
        }
        Action::Release(who, t) => {
            let piece = find(book, t, Want::Pledged);
            (
                by(who, piece, funder),
                VoucherCommand::ReleasePledge { piece },
            )
        }
        Action::Unlock(who, t) => {
            let piece = find(book, t, Want::Locked);
            (by(who, piece, funder), VoucherCommand::Unlock { piece })
        }
        Action::Expire(t) => {
            let piece = find(book, t, Want::Pending);
            (actor(0), VoucherCommand::ExpireOffer { piece })
        }
        Action::Mature(v) => (
            actor(0),
            VoucherCommand::Mature {
                voucher: voucher_number(*v),
            },
        ),
        Action::Void(who, v) => {
            let voucher = voucher_number(*v);
            let actor = match (who, book.voucher(&voucher)) {
                (Who::Right, Ok(issued)) => issued.issuer.clone(),
                (Who::Party(n), _) => actor(*n),
                (Who::Right, Err(_)) => actor(0),
            };
            (actor, VoucherCommand::Void { voucher })
        }
        Action::Pay(t, permille) => {
            let piece = find(book, t, Want::Payable);
            let owed = book.piece(piece).map_or(0, |p| p.outstanding().get());
            let amount = fen((i128::from(owed) * i128::from(*permille) / 1_000) as i64);
            (actor(0), VoucherCommand::RecordPayment { piece, amount })
        }
        Action::Wait(_) => return None,
    };
    Some(picked)
}

/// Every invariant the book must keep after any step.
fn check_book(book: &VoucherBook, before: &[VoucherStatus]) {
    assert_eq!(book.invariant_violations(), Vec::<String>::new());

    for (index, piece) in book.pieces().iter().enumerate() {
        assert_eq!(
            piece.id,
            PieceId(index as u64 + 1),
            "ids are unique and in order"
        );
        assert!(piece.paid <= piece.face, "{} overpaid", piece.id);
        match piece.parent {
            Some(parent) => {
                let parent = book.piece(parent).unwrap();
                assert_eq!(
                    parent.state,
                    PieceState::Split,
                    "{} has a live parent",
                    piece.id
                );
                assert_eq!(parent.voucher, piece.voucher);
                assert!(parent.id < piece.id);
            }
            None => assert_eq!(book.voucher_of(piece).unwrap().root, piece.id),
        }
        if let PieceState::PendingSign { recipient, .. } = &piece.state {
            assert_ne!(
                recipient, &piece.holder,
                "{} offered to its holder",
                piece.id
            );
        }
    }

    for (index, voucher) in book.vouchers().iter().enumerate() {
        let live: i128 = book
            .pieces()
            .iter()
            .filter(|p| p.voucher as usize == index && p.state.is_live())
            .map(|p| i128::from(p.face.get()))
            .sum();
        let expected = match voucher.status {
            VoucherStatus::Cancelled => 0,
            _ => i128::from(voucher.face.get()),
        };
        assert_eq!(live, expected, "voucher {}", voucher.id);

        if let Some(&earlier) = before.get(index) {
            let allowed = earlier == voucher.status || earlier == VoucherStatus::Outstanding;
            assert!(
                allowed,
                "{} went from {earlier:?} to {:?}",
                voucher.id, voucher.status
            );
        }
    }
}

fn run(actions: &[Action]) {
    let mut ledger = Ledger::with_rules(rules());
    let mut today = date("2025-03-03");

    for action in actions {
        if let Action::Wait(days) = action {
            today = today.add_days(*days).unwrap();
            continue;
        }
        let Some((actor, command)) = command(&ledger.book, action, today) else {
            continue;
        };
        let before = snapshot(&ledger.book);
        let statuses: Vec<VoucherStatus> = before.1.iter().map(|v| v.status).collect();
        let events = ledger.events.len();

        let outcome = ledger.attempt(&actor, &command, today);

        if outcome.is_err() {
            assert_eq!(
                snapshot(&ledger.book),
                before,
                "refused {command:?} changed the book"
            );
            assert_eq!(ledger.events.len(), events);
        }
        check_book(&ledger.book, &statuses);
        let replayed = ledger.replayed();
        assert_eq!(replayed.pieces(), ledger.book.pieces());
        assert_eq!(replayed.vouchers(), ledger.book.vouchers());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_command_sequences_keep_the_book_consistent(
        actions in actions()
    ) {
        run(&actions);
    }
}
