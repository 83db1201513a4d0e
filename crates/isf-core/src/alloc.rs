//! Splitting an amount into parts that always add up to the whole (largest remainder).
//!
//! The largest-remainder (Hamilton) method: every part first gets its exact share rounded
//! down, `⌊total × weight ÷ Σweights⌋`, and the few fen left over go one each to the parts whose
//! shares lost the most in that rounding. Equal losses go to the lower index, so the same
//! input always gives the same split. Every part is therefore within one fen of its exact
//! share, and a part with weight zero gets nothing.
//!
//! The work is exact `u128` arithmetic, one pass over the weights plus one linear-time
//! selection of the parts that receive a leftover fen.

use crate::error::{CoreError, Result};
use crate::money::Fen;

/// Splits `total` in proportion to `weights`, one part per weight, in the same order.
///
/// ```
/// use isf_core::{allocate, Fen};
///
/// let parts = allocate(Fen::from_yuan(10)?, &[1, 1, 1])?;
/// let shown: Vec<String> = parts.iter().map(Fen::to_string).collect();
/// assert_eq!(shown, ["3.34", "3.33", "3.33"]);
/// # Ok::<(), isf_core::CoreError>(())
/// ```
///
/// # Errors
///
/// [`CoreError::InvalidWeights`] when `weights` is empty, all zero, or sums beyond `u128`.
pub fn allocate(total: Fen, weights: &[u64]) -> Result<Vec<Fen>> {
    largest_remainder(total, weights.iter().copied())
}

/// Splits `total` in proportion to other amounts, such as the face values of the pieces a
/// payment is spread over.
///
/// # Errors
///
/// [`CoreError::InvalidWeights`] when `shares` is empty or all zero.
pub fn allocate_pro_rata(total: Fen, shares: &[Fen]) -> Result<Vec<Fen>> {
    // An amount is never negative, so its magnitude is its value.
    largest_remainder(total, shares.iter().map(|share| share.get().unsigned_abs()))
}

/// A part's loss to rounding down and its position, packed so that one integer comparison
/// gives the leftover order: the larger loss first, and for equal losses the lower index.
///
/// A loss is below Σweights, which is below 2⁹⁶ for at most 2³² weights of 64 bits, so the
/// loss fits above the 32 bits that hold the complement of the index.
fn leftover_key(remainder: u128, index: u32) -> u128 {
    (remainder << 32) | u128::from(u32::MAX - index)
}

/// The index a [`leftover_key`] was made from.
fn index_of(key: u128) -> usize {
    (u32::MAX - key as u32) as usize
}

fn largest_remainder<I>(total: Fen, weights: I) -> Result<Vec<Fen>>
where
    I: ExactSizeIterator<Item = u64> + Clone,
{
    if u32::try_from(weights.len()).is_err() {
        return Err(CoreError::InvalidWeights {
            reason: "more than 4,294,967,295 weights",
        });
    }
    let weight_sum = sum_weights(weights.clone())?;
    let total_fen = u128::from(total.get().unsigned_abs());

    let mut parts = Vec::with_capacity(weights.len());
    let mut losses = Vec::with_capacity(weights.len());
    let mut handed_out = 0_u128;
    for (index, weight) in (0..=u32::MAX).zip(weights) {
        // total < 2^63 and weight < 2^64, so the product stays below 2^127.
        let exact = total_fen * u128::from(weight);
        let floor = exact / weight_sum;
        let remainder = exact - floor * weight_sum;

        parts.push(fen(floor)?);
        handed_out += floor;
        if remainder > 0 {
            losses.push(leftover_key(remainder, index));
        }
    }

    // The remainders add up to leftover × Σweights and each is below Σweights, so there are
    // always more parts with a remainder than fen left over.
    let leftover = usize::try_from(total_fen - handed_out).map_err(|_| overflow())?;
    if leftover < losses.len() {
        losses.select_nth_unstable_by(leftover, |a, b| b.cmp(a));
    }

    let one = Fen::new(1)?;
    for &key in losses.iter().take(leftover) {
        if let Some(part) = parts.get_mut(index_of(key)) {
            *part = part.checked_add(one)?;
        }
    }
    Ok(parts)
}

fn sum_weights(weights: impl ExactSizeIterator<Item = u64>) -> Result<u128> {
    let invalid = |reason| CoreError::InvalidWeights { reason };
    if weights.len() == 0 {
        return Err(invalid("no weights"));
    }

    let sum = weights
        .map(u128::from)
        .try_fold(0_u128, u128::checked_add)
        .ok_or(invalid("total weight overflows"))?;
    if sum == 0 {
        return Err(invalid("all weights are zero"));
    }
    Ok(sum)
}

fn fen(count: u128) -> Result<Fen> {
    let count = i64::try_from(count).map_err(|_| overflow())?;
    Fen::new(count)
}

fn overflow() -> CoreError {
    CoreError::AmountOverflow { op: "allocate" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fens(parts: &[i64]) -> Vec<Fen> {
        parts.iter().map(|&p| Fen::new(p).unwrap()).collect()
    }

    fn split(total: i64, weights: &[u64]) -> Vec<i64> {
        let parts = allocate(Fen::new(total).unwrap(), weights).unwrap();
        parts.into_iter().map(Fen::get).collect()
    }

    #[test]
    fn ten_yuan_over_three_equal_shares() {
        assert_eq!(split(1000, &[1, 1, 1]), [334, 333, 333]);
        let shares = fens(&[500, 500, 500]);
        let parts = allocate_pro_rata(Fen::from_yuan(10).unwrap(), &shares).unwrap();
        assert_eq!(parts, fens(&[334, 333, 333]));
    }

    #[test]
    fn leftovers_go_to_the_largest_remainders() {
        // Exact shares 1.4, 2.8, 5.8: floors 1 + 2 + 5 = 8, leftovers to 2.8 and 5.8.
        assert_eq!(split(10, &[14, 28, 58]), [1, 3, 6]);
        // Exact shares 0.5, 0.5, 1.0 with one fen left: the tie goes to the lower index.
        assert_eq!(split(2, &[1, 1, 2]), [1, 0, 1]);
        assert_eq!(split(1, &[1, 1, 1, 1]), [1, 0, 0, 0]);
        assert_eq!(split(3, &[1, 1, 1, 1]), [1, 1, 1, 0]);
    }

    #[test]
    fn zero_weights_get_nothing() {
        assert_eq!(split(1000, &[0, 1, 0, 1, 0]), [0, 500, 0, 500, 0]);
        assert_eq!(split(1001, &[0, 1, 0, 1]), [0, 501, 0, 500]);
        assert_eq!(split(7, &[0, 3]), [0, 7]);
    }

    #[test]
    fn zero_total_and_single_part() {
        assert_eq!(split(0, &[1, 2, 3]), [0, 0, 0]);
        assert_eq!(split(12_345, &[9]), [12_345]);
    }

    #[test]
    fn extreme_values_stay_exact() {
        let parts = split(i64::MAX, &[u64::MAX, u64::MAX, 1]);
        assert_eq!(
            parts.iter().map(|&p| i128::from(p)).sum::<i128>(),
            i128::from(i64::MAX)
        );
        // Shares ≈ 2^62 − 0.625 twice and ≈ 0.25: the one leftover fen goes to index 0.
        assert_eq!(parts, [i64::MAX / 2 + 1, i64::MAX / 2, 0]);
    }

    #[test]
    fn refuses_unusable_weights() {
        let total = Fen::from_yuan(1).unwrap();
        let reason = |result: Result<Vec<Fen>>| match result {
            Err(CoreError::InvalidWeights { reason }) => reason,
            other => panic!("expected invalid weights, got {other:?}"),
        };
        assert_eq!(reason(allocate(total, &[])), "no weights");
        assert_eq!(reason(allocate(total, &[0, 0])), "all weights are zero");
        assert_eq!(reason(allocate_pro_rata(total, &[])), "no weights");
        assert_eq!(
            reason(allocate_pro_rata(total, &[Fen::ZERO])),
            "all weights are zero"
        );
    }
}
