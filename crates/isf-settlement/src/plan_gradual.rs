//! Gradual clearing (逐级清算): the payments that walk money down the transfer chain.
//!
//! Every edge of the voucher's piece tree carries the sum of what the live pieces below it
//! receive. One backward pass over the pieces (children always come after their parent) adds
//! those sums up; one forward pass turns each change of holder into a payment of that sum.
//! Payments between the same two parties at the same step are merged.

use std::collections::HashMap;

use isf_core::{Bid, CoreError, Fen, PieceId, VoucherId};
use isf_finance::voucher::{Piece, PieceState, VoucherBook};

use crate::error::Result;
use crate::plan::Flow;

pub(crate) fn gradual_flows(
    book: &VoucherBook,
    voucher: &VoucherId,
    paid_pieces: &[&Piece],
    amounts: &[Fen],
) -> Result<Vec<Flow>> {
    let issuer = &book.voucher(voucher)?.issuer;
    let all: Vec<&Piece> = book.pieces_of(voucher)?.collect();
    let ids: Vec<PieceId> = all.iter().map(|piece| piece.id).collect();
    let parents: Vec<Option<usize>> = all
        .iter()
        .map(|piece| {
            piece
                .parent
                .and_then(|parent| ids.binary_search(&parent).ok())
        })
        .collect();

    let own = own_amounts(&ids, paid_pieces, amounts);
    let subtree = subtree_sums(&own, &parents);

    let mut flows = FlowSet::default();
    let mut end_step = vec![0_u32; all.len()];
    for (index, piece) in all.iter().enumerate() {
        let parent = parents.get(index).copied().flatten();
        let (mut from, mut step) = match parent.and_then(|p| all.get(p).zip(end_step.get(p))) {
            Some((parent, &step)) => (&parent.holder, step),
            None => (issuer, 0),
        };
        let carried = subtree.get(index).copied().unwrap_or(0);

        let owners = piece
            .previous_holders
            .iter()
            .chain(std::iter::once(&piece.holder));
        for owner in owners {
            if owner != from {
                flows.add(from, owner, carried, step);
                from = owner;
                step += 1;
            }
        }
        if let PieceState::Pledged { pledgee, .. } = &piece.state {
            let pledged = own.get(index).copied().unwrap_or(0);
            flows.add(&piece.holder, pledgee, pledged, step);
        }
        if let Some(slot) = end_step.get_mut(index) {
            *slot = step;
        }
    }
    flows.into_flows()
}

/// What each piece of the voucher receives itself, aligned with `ids`.
fn own_amounts(ids: &[PieceId], paid_pieces: &[&Piece], amounts: &[Fen]) -> Vec<i128> {
    let mut own = vec![0_i128; ids.len()];
    for (piece, amount) in paid_pieces.iter().zip(amounts) {
        if let Some(slot) = ids
            .binary_search(&piece.id)
            .ok()
            .and_then(|i| own.get_mut(i))
        {
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
struct FlowSet<'a> {
    index: HashMap<(&'a str, &'a str, u32), usize>,
    flows: Vec<(&'a Bid, &'a Bid, i128, u32)>,
}

impl<'a> FlowSet<'a> {
    fn add(&mut self, payer: &'a Bid, payee: &'a Bid, amount: i128, step: u32) {
        if amount == 0 {
            return;
        }
        let key = (payer.as_str(), payee.as_str(), step);
        let flows = &mut self.flows;
        let slot = *self.index.entry(key).or_insert_with(|| {
            flows.push((payer, payee, 0, step));
            flows.len() - 1
        });
        if let Some(flow) = flows.get_mut(slot) {
            flow.2 += amount;
        }
    }

    fn into_flows(self) -> Result<Vec<Flow>> {
        self.flows
            .into_iter()
            .map(|(payer, payee, amount, step)| {
                let fen = i64::try_from(amount)
                    .map_err(|_| CoreError::AmountOverflow { op: "gradual flow" })?;
                Ok((payer.clone(), payee.clone(), Fen::new(fen)?, step))
            })
            .collect()
    }
}
