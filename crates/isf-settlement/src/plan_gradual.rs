//! Gradual clearing (逐级清算): the payments that walk money down the transfer chain.
//!
//! Every edge of the voucher's piece tree carries the sum of what the live pieces below it
//! receive. One backward pass over the tree (children always come after their parent) adds
//! those sums up; one forward pass turns each change of holder into a payment of that sum.
//! Payments between the same two parties at the same step are merged.

use isf_core::{Bid, CoreError, Fen};
use isf_finance::voucher::PieceState;
use rustc_hash::FxHashMap;

use crate::error::Result;
use crate::gather::{NO_PARENT, Node, PieceTree};
use crate::party_index::PartyIndex;
use crate::plan::{Flow, unnumbered};

pub(crate) fn gradual_flows<'a>(
    issuer: &'a Bid,
    mut tree: PieceTree<'a>,
    mut parties: PartyIndex<'a>,
) -> Result<Vec<Flow>> {
    let issuer = parties.number(issuer);
    add_up_subtrees(&mut tree.nodes)?;

    let mut flows = FlowSet::default();
    let mut end_step = vec![0_u32; tree.nodes.len()];
    let mut unusual = tree.unusual.iter().peekable();
    for (index, node) in tree.nodes.iter().enumerate() {
        let parent = node.parent as usize;
        let (mut from, mut step) = match tree.nodes.get(parent).zip(end_step.get(parent)) {
            Some((parent, &step)) if node.parent != NO_PARENT => (parent.holder, step),
            _ => (issuer, 0),
        };
        let sum = node.amount;

        let piece = unusual
            .next_if(|(at, _)| *at == index)
            .map(|(_, piece)| *piece);
        for previous in piece.iter().flat_map(|piece| &piece.previous_holders) {
            let owner = parties.number(previous);
            if owner != from {
                flows.add(from, owner, sum, step);
                from = owner;
                step += 1;
            }
        }
        if node.holder != from {
            flows.add(from, node.holder, sum, step);
            from = node.holder;
            step += 1;
        }
        if let Some(PieceState::Pledged { pledgee, .. }) = piece.map(|piece| &piece.state) {
            flows.add(from, parties.number(pledgee), node.amount, step);
        }
        if let Some(slot) = end_step.get_mut(index) {
            *slot = step;
        }
    }
    flows.into_flows(&parties)
}

/// Turns what each piece receives into what it and all its descendants receive. Only leaves
/// are live, so a leaf's sum is its own amount. Each sum is part of what the voucher pays and
/// so fits in fen; the check only guards that reasoning.
fn add_up_subtrees(nodes: &mut [Node]) -> Result<()> {
    for index in (0..nodes.len()).rev() {
        let Some(&Node { parent, amount, .. }) = nodes.get(index) else {
            continue;
        };
        if let Some(parent) = nodes.get_mut(parent as usize) {
            parent.amount = parent
                .amount
                .checked_add(amount)
                .ok_or(CoreError::AmountOverflow { op: "gradual flow" })?;
        }
    }
    Ok(())
}

/// Payments merged by (payer, payee, step), kept with the order of their first appearance.
#[derive(Default)]
struct FlowSet {
    merged: FxHashMap<(u32, u32, u32), Merged>,
}

/// One merged payment: when it first appeared and its total so far.
struct Merged {
    order: u32,
    amount: i128,
}

impl FlowSet {
    fn add(&mut self, payer: u32, payee: u32, amount: i64, step: u32) {
        // A pledgee that already holds the piece, say, is not paid by itself.
        if amount == 0 || payer == payee {
            return;
        }
        let order = self.merged.len() as u32;
        let merged = self
            .merged
            .entry((payer, payee, step))
            .or_insert(Merged { order, amount: 0 });
        merged.amount += i128::from(amount);
    }

    fn into_flows(self, parties: &PartyIndex<'_>) -> Result<Vec<Flow>> {
        let bid = |number: u32| -> Result<Bid> {
            parties
                .bid(number)
                .cloned()
                .ok_or_else(|| unnumbered(number))
        };
        let mut merged: Vec<_> = self.merged.into_iter().collect();
        merged.sort_unstable_by_key(|(_, merged)| merged.order);
        merged
            .into_iter()
            .map(|((payer, payee, step), Merged { amount, .. })| {
                let fen = i64::try_from(amount)
                    .map_err(|_| CoreError::AmountOverflow { op: "gradual flow" })?;
                Ok((bid(payer)?, bid(payee)?, Fen::new(fen)?, step))
            })
            .collect()
    }
}
