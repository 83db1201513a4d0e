//! Numbering the parties met while clearing, so that per-piece work hashes a pointer instead
//! of a BID string.
//!
//! Pieces held by the same party usually share one allocation of its BID, so the pointer is a
//! cheap first key; two allocations of the same text still get one number through the second
//! map, which is consulted once per allocation, not once per piece.

use isf_core::Bid;
use rustc_hash::FxHashMap;

pub(crate) struct PartyIndex<'a> {
    by_pointer: FxHashMap<usize, u32>,
    by_text: FxHashMap<&'a str, u32>,
    parties: Vec<&'a Bid>,
}

impl<'a> PartyIndex<'a> {
    pub(crate) fn new() -> Self {
        PartyIndex {
            by_pointer: FxHashMap::default(),
            by_text: FxHashMap::default(),
            parties: Vec::new(),
        }
    }

    /// The number of `bid`, giving it the next one when first met.
    pub(crate) fn number(&mut self, bid: &'a Bid) -> u32 {
        let pointer = bid.as_str().as_ptr() as usize;
        if let Some(&number) = self.by_pointer.get(&pointer) {
            return number;
        }
        let parties = &mut self.parties;
        let number = *self.by_text.entry(bid.as_str()).or_insert_with(|| {
            parties.push(bid);
            (parties.len() - 1) as u32
        });
        self.by_pointer.insert(pointer, number);
        number
    }

    /// The BID numbered `number`.
    pub(crate) fn bid(&self, number: u32) -> Option<&'a Bid> {
        self.parties.get(number as usize).copied()
    }

    /// How many parties have numbers.
    pub(crate) fn len(&self) -> usize {
        self.parties.len()
    }
}
