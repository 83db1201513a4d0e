//! Gradual clearing (逐级清算): the payments that walk money down the transfer chain.
//!
//! Every edge of the voucher's piece tree carries the sum of what the live pieces below it
//! receive. One backward pass over the pieces (children always come after their parent) adds
//! those sums up; one forward pass turns each change of holder into a payment of that sum.
//! Payments between the same two parties at the same step are merged.

use isf_core::{Bid, CoreError, Fen, PieceId, VoucherId};
use isf_finance::voucher::{Piece, PieceState, VoucherBook};
use rustc_hash::FxHashMap;

use crate::error::Result;
use crate::party_index::PartyIndex;
use crate::plan::Flow;

pub(crate) fn gradual_flows(
    book: &VoucherBook,
    voucher: &VoucherId,
    paid_pieces: &[&Piece],
    amounts: &[Fen],
) -> Result<Vec<Flow>> {
    let issuer = &book.voucher(voucher)?.issuer;
    let all: Vec<&Piece> = book.pieces_of(voucher)?.collect();
    let locate = Locator::new(&all);
    let parents: Vec<Option<usize>> = all
        .iter()
        .map(|piece| piece.parent.and_then(|parent| locate.index(parent)))
        .collect();

    let own = own_amounts(&all, paid_pieces, amounts);
    let subtree = subtree_sums(&own, &parents);

    // Each piece's holder is numbered once; children read their parent's number by index.
    let mut parties = PartyIndex::new();
    let issuer_number = parties.number(issuer);
    let holders: Vec<u32> = all
        .iter()
        .map(|piece| parties.number(&piece.holder))
        .collect();

    let mut flows = FlowSet::default();
    let mut end_step = vec![0_u32; all.len()];
    for (index, piece) in all.iter().enumerate() {
        let parent = parents.get(index).copied().flatten();
        let (mut from, mut step) = match parent.and_then(|p| holders.get(p).zip(end_step.get(p))) {
            Some((&holder, &step)) => (holder, step),
            None => (issuer_number, 0),
        };
        let carried = subtree.get(index).copied().unwrap_or(0);

        for previous in &piece.previous_holders {
            let owner = parties.number(previous);
            if owner != from {
                flows.add(from, owner, carried, step);
                from = owner;
                step += 1;
            }
        }
        let holder = holders.get(index).copied().unwrap_or(from);
        if holder != from {
            flows.add(from, holder, carried, step);
            from = holder;
            step += 1;
        }
        if let PieceState::Pledged { pledgee, .. } = &piece.state {
            let pledged = own.get(index).copied().unwrap_or(0);
            flows.add(from, parties.number(pledgee), pledged, step);
        }
        if let Some(slot) = end_step.get_mut(index) {
            *slot = step;
        }
    }
    flows.into_flows(&parties)
}

/// Finds a piece's position among the voucher's pieces: by offset when the ids are
/// consecutive (the usual case), by binary search otherwise.
struct Locator {
    ids: Vec<PieceId>,
    first: u64,
    consecutive: bool,
}

impl Locator {
    fn new(pieces: &[&Piece]) -> Locator {
        let ids: Vec<PieceId> = pieces.iter().map(|piece| piece.id).collect();
        let first = ids.first().map_or(0, |id| id.0);
        let last = ids.last().map_or(0, |id| id.0);
        let consecutive = last.checked_sub(first).map(|span| span + 1) == Some(ids.len() as u64);
        Locator {
            ids,
            first,
            consecutive,
        }
    }

    fn index(&self, id: PieceId) -> Option<usize> {
        if self.consecutive {
            let offset = usize::try_from(id.0.checked_sub(self.first)?).ok()?;
            return (offset < self.ids.len()).then_some(offset);
        }
        self.ids.binary_search(&id).ok()
    }
}

/// What each piece of the voucher receives itself, aligned with `all`. `paid_pieces` is a
/// subsequence of `all` in the same order, so one merge walk aligns them.
fn own_amounts(all: &[&Piece], paid_pieces: &[&Piece], amounts: &[Fen]) -> Vec<i128> {
    let mut own = vec![0_i128; all.len()];
    let mut paid = paid_pieces.iter().zip(amounts).peekable();
    for (slot, piece) in own.iter_mut().zip(all) {
        if let Some((_, amount)) = paid.next_if(|(paid, _)| paid.id == piece.id) {
            *slot = i128::from(amount.get());
        }
    }
    own
}

/// For every piece, what it and all its descendants receive.
fn subtree_sums(own: &[i128], parents: &[Option<usize>]) -> Vec<i128> {
    let mut sums = own.to_vec();
    for index in (0..sums.len()).rev() {
        let carried = sums.get(index).copied().unwrap_or(0);
        if let Some(slot) = parents
            .get(index)
            .copied()
            .flatten()
            .and_then(|p| sums.get_mut(p))
        {
            *slot += carried;
        }
    }
    sums
}

/// Payments merged by (payer, payee, step), in order of first appearance.
#[derive(Default)]
struct FlowSet {
    index: FxHashMap<(u32, u32, u32), usize>,
    flows: Vec<(u32, u32, i128, u32)>,
}

impl FlowSet {
    fn add(&mut self, payer: u32, payee: u32, amount: i128, step: u32) {
        if amount == 0 {
            return;
        }
        let flows = &mut self.flows;
        let slot = *self.index.entry((payer, payee, step)).or_insert_with(|| {
            flows.push((payer, payee, 0, step));
            flows.len() - 1
        });
        if let Some(flow) = flows.get_mut(slot) {
            flow.2 += amount;
        }
    }

    fn into_flows(self, parties: &PartyIndex<'_>) -> Result<Vec<Flow>> {
        let bid = |number: u32| -> Result<Bid> {
            let missing = CoreError::Encoding {
                reason: format!("party number {number} was never assigned"),
            };
            parties.bid(number).cloned().ok_or(missing.into())
        };
        self.flows
            .into_iter()
            .map(|(payer, payee, amount, step)| {
                let fen = i64::try_from(amount)
                    .map_err(|_| CoreError::AmountOverflow { op: "gradual flow" })?;
                Ok((bid(payer)?, bid(payee)?, Fen::new(fen)?, step))
            })
            .collect()
    }
}
