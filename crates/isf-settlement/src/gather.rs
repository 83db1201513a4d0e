//! The one walk over a voucher's pieces that a clearing plan makes.
//!
//! A voucher of a million pieces spans well over a hundred megabytes of the book, and every
//! walk over them is a trip through main memory. So the plan reads each piece once, here, and
//! afterwards works only on what this walk keeps: the allocations it will return, the party
//! number of each payee and, for gradual routing, a dense record per piece of the tree.

use isf_core::{Bid, CoreError, Fen, PieceId};
use isf_finance::voucher::{Piece, PieceState};

use crate::error::Result;
use crate::party_index::PartyIndex;
use crate::plan::{PieceAllocation, unnumbered};

/// Marks a node without a parent among the voucher's pieces: the root.
pub(crate) const NO_PARENT: u32 = u32::MAX;

/// Marks a party that has no clearing line (yet).
const NO_LINE: u32 = u32::MAX;

/// What clearing keeps of one voucher's pieces.
pub(crate) struct Gathered<'a> {
    /// Every party met, numbered in order of first appearance.
    pub(crate) parties: PartyIndex<'a>,
    /// One per live piece with something outstanding, in piece order; each amount starts as
    /// the piece's outstanding face.
    pub(crate) allocations: Vec<PieceAllocation>,
    /// The payee of each line the allocations refer to, in order of first appearance.
    pub(crate) payees: Vec<&'a Bid>,
    /// The piece tree, when the routing needs it.
    pub(crate) tree: Option<PieceTree<'a>>,
}

/// Every piece of the voucher, live or not, as a dense record in piece order.
pub(crate) struct PieceTree<'a> {
    /// One node per piece.
    pub(crate) nodes: Vec<Node>,
    /// The pieces whose payments are more than "parent's holder pays this holder": those with
    /// earlier holders or under a pledge, with their node positions, in order.
    pub(crate) unusual: Vec<(usize, &'a Piece)>,
}

/// One piece of the tree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    /// Position of the parent piece, or [`NO_PARENT`].
    pub(crate) parent: u32,
    /// Party number of the holder.
    pub(crate) holder: u32,
    /// What the piece itself receives in fen: zero for pieces that are split or cancelled.
    pub(crate) amount: i64,
}

/// Reads every piece of one voucher once, in creation order; `count` is how many there are.
/// The tree is kept only when `with_tree` is set.
pub(crate) fn gather<'a>(
    pieces: impl Iterator<Item = &'a Piece>,
    count: usize,
    with_tree: bool,
) -> Result<Gathered<'a>> {
    // Most pieces of a large voucher are live leaves, so its piece count is a close bound for
    // every list; sizing them once spares copying them as they grow.
    let mut parties = PartyIndex::new();
    let mut allocations = Vec::with_capacity(count);
    let mut payees = Vec::new();
    let mut line_of: Vec<u32> = Vec::new();
    let mut nodes = Vec::with_capacity(if with_tree { count } else { 0 });
    let mut unusual = Vec::new();
    let mut positions = Positions::default();

    for piece in pieces {
        let live = piece.state.is_live();
        let outstanding = if live { piece.outstanding() } else { Fen::ZERO };
        let holder = parties.number(&piece.holder);
        let payee = match &piece.state {
            PieceState::Pledged { pledgee, .. } => parties.number(pledgee),
            _ => holder,
        };
        if !outstanding.is_zero() {
            if line_of.len() < parties.len() {
                line_of.resize(parties.len(), NO_LINE);
            }
            let line = line_of
                .get_mut(payee as usize)
                .ok_or_else(|| unnumbered(payee))?;
            if *line == NO_LINE {
                *line = payees.len() as u32;
                payees.push(piece.payee());
            }
            allocations.push(PieceAllocation {
                piece: piece.id,
                line: *line,
                outstanding,
                amount: outstanding,
            });
        }
        if with_tree {
            let position = positions.push(piece.id)?;
            let parent = piece
                .parent
                .and_then(|parent| positions.find(parent))
                .map_or(NO_PARENT, |index| index as u32);
            nodes.push(Node {
                parent,
                holder,
                amount: outstanding.get(),
            });
            let pledged = matches!(piece.state, PieceState::Pledged { .. });
            if pledged || !piece.previous_holders.is_empty() {
                unusual.push((position, piece));
            }
        }
    }

    let tree = with_tree.then_some(PieceTree { nodes, unusual });
    Ok(Gathered {
        parties,
        allocations,
        payees,
        tree,
    })
}

impl PieceTree<'_> {
    /// Replaces what each piece receives with `amounts`, given in allocation order: the
    /// pieces with something outstanding, in piece order.
    pub(crate) fn set_amounts(&mut self, amounts: impl IntoIterator<Item = Fen>) {
        let receiving = self.nodes.iter_mut().filter(|node| node.amount > 0);
        for (node, amount) in receiving.zip(amounts) {
            node.amount = amount.get();
        }
    }
}

/// Finds a piece's position among those pushed so far. The ids of one voucher's pieces are
/// usually consecutive, so the position is the id's offset from the first; when another
/// voucher's pieces are interleaved, the ids are kept and searched (they only increase).
#[derive(Default)]
struct Positions {
    first: u64,
    count: usize,
    /// Every id pushed, kept only once they stop being consecutive.
    scattered: Option<Vec<u64>>,
}

impl Positions {
    fn push(&mut self, id: PieceId) -> Result<usize> {
        let position = self.count;
        if position >= NO_PARENT as usize {
            return Err(CoreError::Encoding {
                reason: "a voucher with more than 4,294,967,294 pieces cannot be cleared".into(),
            }
            .into());
        }
        if position == 0 {
            self.first = id.0;
        }
        let expected = self.first.checked_add(position as u64);
        if self.scattered.is_none() && expected != Some(id.0) {
            self.scattered = Some((0..position as u64).map(|n| self.first + n).collect());
        }
        if let Some(ids) = &mut self.scattered {
            ids.push(id.0);
        }
        self.count += 1;
        Ok(position)
    }

    fn find(&self, id: PieceId) -> Option<usize> {
        match &self.scattered {
            Some(ids) => ids.binary_search(&id.0).ok(),
            None => {
                let offset = usize::try_from(id.0.checked_sub(self.first)?).ok()?;
                (offset < self.count).then_some(offset)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_consecutive_and_scattered_ids() {
        let mut positions = Positions::default();
        for id in [7, 8, 9, 12, 15] {
            positions.push(PieceId(id)).unwrap();
        }
        assert_eq!(positions.find(PieceId(7)), Some(0));
        assert_eq!(positions.find(PieceId(9)), Some(2));
        assert_eq!(positions.find(PieceId(12)), Some(3));
        assert_eq!(positions.find(PieceId(15)), Some(4));
        assert_eq!(positions.find(PieceId(10)), None);
        assert_eq!(positions.find(PieceId(6)), None);
    }

    #[test]
    fn consecutive_positions_stop_at_the_last_id() {
        let mut positions = Positions::default();
        for id in 1..=3 {
            positions.push(PieceId(id)).unwrap();
        }
        assert_eq!(positions.find(PieceId(3)), Some(2));
        assert_eq!(positions.find(PieceId(4)), None);
    }
}
