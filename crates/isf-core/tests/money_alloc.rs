#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Allocation at the scale of a large clearing run: a million parts.

use isf_core::{Fen, allocate};

#[test]
fn a_million_parts_add_up_exactly() {
    let total = Fen::parse_yuan("12,345,678.91").unwrap();
    let weights: Vec<u64> = (0..1_000_000_u64).map(|i| i % 97 + i % 3).collect();

    let parts = allocate(total, &weights).unwrap();

    assert_eq!(parts.len(), weights.len());
    assert_eq!(Fen::sum(parts.iter().copied()).unwrap(), total);
    assert_eq!(parts[0], Fen::ZERO);
}

#[test]
fn a_million_equal_parts_give_the_leftover_to_the_first() {
    let total = Fen::new(1_000_000 * 3 + 7).unwrap();
    let parts = allocate(total, &vec![1; 1_000_000]).unwrap();

    assert!(parts[..7].iter().all(|part| part.get() == 4));
    assert!(parts[7..].iter().all(|part| part.get() == 3));
}
