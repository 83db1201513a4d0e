//! Binary Merkle trees over [`Hash32`] leaves and the inclusion proofs they hand out.
//!
//! A batch of journal entry hashes is anchored on chain as one Merkle root; an
//! [`InclusionProof`] then shows offline that one entry belongs to an anchored batch.
//!
//! The rules, which a verifier in any language must follow bit for bit:
//!
//! - **Domain separation.** A leaf is hashed as `SHA-256(0x00 ‖ leaf)` and an inner node as
//!   `SHA-256(0x01 ‖ left ‖ right)`, so a leaf can never be passed off as an inner node or the
//!   other way round (the second-preimage attack on naive trees).
//! - **Odd node promoted.** When a level has an odd number of nodes, its last node moves up to
//!   the next level unchanged; it is neither duplicated nor hashed with itself. Duplicating would
//!   let two different leaf lists (`[a, b, c]` and `[a, b, c, c]`) share a root.
//! - **Empty tree.** The root of no leaves is `SHA-256()` of the empty string, as in RFC 6962.
//!   It cannot collide with a leaf or node hash, whose inputs always start with a prefix byte,
//!   and an empty tree hands out no proofs.
//!
//! What does not live here: which leaves make up a batch (the store decides) and how a root
//! reaches the chain (the [`crate::anchor::ChainAnchor`] port).

use serde::{Deserialize, Serialize};

use crate::hash::Hash32;

/// Prefix byte of a leaf hash.
pub const LEAF_PREFIX: u8 = 0x00;

/// Prefix byte of an inner node hash.
pub const NODE_PREFIX: u8 = 0x01;

/// The hash a leaf takes in the tree: `SHA-256(0x00 ‖ leaf)`.
pub fn leaf_hash(leaf: &Hash32) -> Hash32 {
    Hash32::of_parts(&[&[LEAF_PREFIX], leaf.as_bytes()])
}

/// The hash of an inner node: `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash32, right: &Hash32) -> Hash32 {
    Hash32::of_parts(&[&[NODE_PREFIX], left.as_bytes(), right.as_bytes()])
}

/// The root of a tree with no leaves: SHA-256 of the empty string.
pub fn empty_root() -> Hash32 {
    Hash32::of(&[])
}

/// Which side of the path a sibling hash sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The sibling is the left operand: `node = H(0x01 ‖ sibling ‖ current)`.
    Left,
    /// The sibling is the right operand: `node = H(0x01 ‖ current ‖ sibling)`.
    Right,
}

/// A Merkle tree kept whole, level by level, so that proofs are cheap to cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerkleTree {
    /// `levels[0]` holds the leaf hashes; the last level holds the root alone. Empty when the
    /// tree has no leaves.
    levels: Vec<Vec<Hash32>>,
}

impl MerkleTree {
    /// Builds the tree over `leaves` in the order given.
    pub fn from_leaves(leaves: &[Hash32]) -> MerkleTree {
        if leaves.is_empty() {
            return MerkleTree { levels: Vec::new() };
        }

        let mut levels = vec![leaves.iter().map(leaf_hash).collect::<Vec<_>>()];
        while let Some(level) = levels.last().filter(|level| level.len() > 1) {
            let mut next: Vec<Hash32> = level
                .chunks_exact(2)
                .map(|pair| node_hash(&pair[0], &pair[1]))
                .collect();
            // The odd node out is promoted unchanged.
            next.extend(level.chunks_exact(2).remainder());
            levels.push(next);
        }
        MerkleTree { levels }
    }

    /// How many leaves the tree was built over.
    pub fn leaf_count(&self) -> usize {
        self.levels.first().map_or(0, Vec::len)
    }

    /// The root; [`empty_root`] for a tree without leaves.
    pub fn root(&self) -> Hash32 {
        self.levels
            .last()
            .and_then(|level| level.first())
            .copied()
            .unwrap_or_else(empty_root)
    }

    /// The proof that the leaf at `index` is in the tree, or `None` when there is no such leaf.
    pub fn proof(&self, index: usize) -> Option<InclusionProof> {
        if index >= self.leaf_count() {
            return None;
        }

        let mut siblings = Vec::new();
        let mut position = index;
        for level in self.levels.iter().take(self.levels.len().saturating_sub(1)) {
            let sibling = position ^ 1;
            if let Some(hash) = level.get(sibling) {
                let side = if sibling < position {
                    Side::Left
                } else {
                    Side::Right
                };
                siblings.push((side, *hash));
            }
            position /= 2;
        }

        Some(InclusionProof {
            leaf_index: index as u64,
            leaf_count: self.leaf_count() as u64,
            siblings,
        })
    }
}

/// Evidence that one leaf sits at `leaf_index` in a tree of `leaf_count` leaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProof {
    /// Position of the leaf, from 0.
    pub leaf_index: u64,
    /// Number of leaves in the tree.
    pub leaf_count: u64,
    /// Sibling hashes from the leaf level up; levels where the path node was promoted have
    /// no sibling and no entry.
    pub siblings: Vec<(Side, Hash32)>,
}

impl InclusionProof {
    /// Checks that `leaf` at this proof's position leads to `root`.
    ///
    /// The sides are not taken on trust: they are recomputed from `leaf_index` and
    /// `leaf_count` and must match, so a proof moved to another index does not verify.
    pub fn verify(&self, leaf: &Hash32, root: &Hash32) -> bool {
        let Some(expected_sides) = path_sides(self.leaf_index, self.leaf_count) else {
            return false;
        };
        if expected_sides.len() != self.siblings.len() {
            return false;
        }

        let mut current = leaf_hash(leaf);
        for (expected, (side, sibling)) in expected_sides.iter().zip(&self.siblings) {
            if expected != side {
                return false;
            }
            current = match side {
                Side::Left => node_hash(sibling, &current),
                Side::Right => node_hash(&current, sibling),
            };
        }
        current == *root
    }
}

/// The sides of the siblings met on the way up from leaf `index` in a tree of `count` leaves,
/// skipping the levels where the path node is promoted. `None` when `index` is not a leaf.
fn path_sides(index: u64, count: u64) -> Option<Vec<Side>> {
    if index >= count {
        return None;
    }

    let mut sides = Vec::new();
    let (mut position, mut width) = (index, count);
    while width > 1 {
        let sibling = position ^ 1;
        if sibling < width {
            sides.push(if sibling < position {
                Side::Left
            } else {
                Side::Right
            });
        }
        position /= 2;
        width = width.div_ceil(2);
    }
    Some(sides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn leaves(count: usize) -> Vec<Hash32> {
        (0..count as u64)
            .map(|i| Hash32::of(&i.to_be_bytes()))
            .collect()
    }

    #[test]
    fn empty_tree_has_the_rfc6962_root_and_no_proofs() {
        let tree = MerkleTree::from_leaves(&[]);
        let expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(tree.root().to_string(), expected);
        assert_eq!(tree.proof(0), None);
    }

    #[test]
    fn single_leaf_root_is_its_leaf_hash() {
        let one = leaves(1);
        let tree = MerkleTree::from_leaves(&one);
        assert_eq!(tree.root(), leaf_hash(&one[0]));
        assert!(tree.proof(0).unwrap().verify(&one[0], &tree.root()));
    }

    #[test]
    fn odd_node_is_promoted_not_duplicated() {
        let three = leaves(3);
        let [a, b, c] = [0, 1, 2].map(|i| leaf_hash(&three[i]));
        let tree = MerkleTree::from_leaves(&three);
        assert_eq!(tree.root(), node_hash(&node_hash(&a, &b), &c));

        let mut four = three.clone();
        four.push(three[2]);
        assert_ne!(MerkleTree::from_leaves(&four).root(), tree.root());
    }

    #[test]
    fn proof_round_trips_through_json() {
        let tree = MerkleTree::from_leaves(&leaves(5));
        let proof = tree.proof(4).unwrap();
        let json = serde_json::to_string(&proof).unwrap();
        assert!(json.contains("\"left\""));
        let back: InclusionProof = serde_json::from_str(&json).unwrap();
        assert_eq!(back, proof);
    }

    proptest! {
        #[test]
        fn every_leaf_proof_verifies_and_tampering_fails(
            count in 1usize..70,
            pick in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
        ) {
            let leaves = leaves(count);
            let tree = MerkleTree::from_leaves(&leaves);
            let root = tree.root();
            for (index, leaf) in leaves.iter().enumerate() {
                let proof = tree.proof(index).unwrap();
                prop_assert!(proof.verify(leaf, &root));
            }

            let index = pick.index(count);
            let proof = tree.proof(index).unwrap();
            let other_leaf = Hash32::of(b"not a leaf");
            prop_assert!(!proof.verify(&other_leaf, &root));

            for other_index in (0..count as u64 + 2).filter(|i| *i != index as u64) {
                let moved = InclusionProof { leaf_index: other_index, ..proof.clone() };
                prop_assert!(!moved.verify(&leaves[index], &root));
            }

            if !proof.siblings.is_empty() {
                let at = flip.index(proof.siblings.len());
                let mut bad_hash = proof.clone();
                bad_hash.siblings[at].1.0[0] ^= 1;
                prop_assert!(!bad_hash.verify(&leaves[index], &root));

                let mut bad_side = proof.clone();
                bad_side.siblings[at].0 = match bad_side.siblings[at].0 {
                    Side::Left => Side::Right,
                    Side::Right => Side::Left,
                };
                prop_assert!(!bad_side.verify(&leaves[index], &root));

                let mut dropped = proof.clone();
                dropped.siblings.remove(at);
                prop_assert!(!dropped.verify(&leaves[index], &root));
            }
        }
    }
}
