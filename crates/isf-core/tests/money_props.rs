#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Property tests for money: allocation, yuan text, checked arithmetic and rounding.

use std::str::FromStr;

use isf_core::alloc::allocate_pro_rata;
use isf_core::{CoreError, Fen, Rate, RoundingMode, allocate};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Counts of fen that favour the edges: zero, small amounts and amounts near the maximum.
fn fen_count() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0_i64),
        0..10_000_i64,
        0..=i64::MAX,
        i64::MAX - 10_000..=i64::MAX,
    ]
}

fn fen() -> impl Strategy<Value = Fen> {
    fen_count().prop_map(|count| Fen::new(count).unwrap())
}

fn weights() -> impl Strategy<Value = Vec<u64>> {
    let weight = prop_oneof![0..4_u64, 0..1_000_u64, any::<u64>()];
    prop::collection::vec(weight, 1..40)
        .prop_filter("at least one non-zero weight", |w| w.iter().any(|&w| w > 0))
}

/// Text made of the characters amounts and rates are written with, mostly near-valid, so
/// parsing reaches its deep paths and often succeeds.
fn amount_like_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ ¥￥+\\-]{0,2}[0-9,.eE]{0,28}[ %]{0,2}",
        " ?[¥￥]?[0-9]{1,3}(,[0-9]{2,4}){0,6}(\\.[0-9]{0,3})? ?",
        "[0-9]{1,21}(\\.[0-9]{0,3})?",
        "[0-9]{1,5}(\\.[0-9]{0,5})? ?%",
    ]
}

proptest! {
    #[test]
    fn allocation_adds_up_and_stays_within_a_fen(total in fen(), weights in weights()) {
        let parts = allocate(total, &weights).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        prop_assert_eq!(Fen::sum(parts.iter().copied()).unwrap(), total);

        let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let total = u128::from(total.get().unsigned_abs());
        for (part, &weight) in parts.iter().zip(&weights) {
            // The exact share lies in [floor, floor + 1), so a part of floor or floor + 1 is
            // less than one fen away from it.
            let floor = total * u128::from(weight) / weight_sum;
            let part = u128::from(part.get().unsigned_abs());
            prop_assert!(part == floor || part == floor + 1, "part {part}, floor {floor}");
            if weight == 0 {
                prop_assert_eq!(part, 0);
            }
        }
    }

    #[test]
    fn allocation_favours_the_largest_remainders(total in fen(), weights in weights()) {
        let parts = allocate(total, &weights).unwrap();

        let weight_sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let total = u128::from(total.get().unsigned_abs());
        let remainder = |weight: u64| total * u128::from(weight) % weight_sum;
        let got_extra = |index: usize| {
            let floor = total * u128::from(weights[index]) / weight_sum;
            u128::from(parts[index].get().unsigned_abs()) > floor
        };

        for winner in (0..weights.len()).filter(|&i| got_extra(i)) {
            for loser in (0..weights.len()).filter(|&i| !got_extra(i)) {
                let (won, lost) = (remainder(weights[winner]), remainder(weights[loser]));
                prop_assert!(won > lost || (won == lost && winner < loser));
            }
        }
    }

    #[test]
    fn allocation_is_deterministic_and_pro_rata_agrees(
        total in fen(),
        shares in prop::collection::vec(fen(), 1..20),
    ) {
        prop_assume!(shares.iter().any(|share| !share.is_zero()));
        let weights: Vec<u64> = shares.iter().map(|s| s.get().unsigned_abs()).collect();

        let first = allocate_pro_rata(total, &shares).unwrap();
        prop_assert_eq!(&first, &allocate_pro_rata(total, &shares).unwrap());
        prop_assert_eq!(&first, &allocate(total, &weights).unwrap());
    }

    #[test]
    fn display_and_yuan_string_read_back(amount in fen()) {
        prop_assert_eq!(Fen::parse_yuan(&amount.to_string()).unwrap(), amount);
        prop_assert_eq!(Fen::parse_yuan(&amount.to_yuan_string()).unwrap(), amount);
        prop_assert_eq!(Fen::parse_yuan(&format!(" ￥{amount} ")).unwrap(), amount);
        prop_assert_eq!(amount.to_decimal_yuan().to_string(), amount.to_yuan_string());
    }

    #[test]
    fn parse_never_panics_on_any_text(text in any::<String>()) {
        let _ = Fen::parse_yuan(&text);
        let _ = Rate::parse(&text);
    }

    #[test]
    fn what_parses_is_the_decimal_it_spells(text in amount_like_text()) {
        if let Ok(amount) = Fen::parse_yuan(&text) {
            // Cross-check against rust_decimal on the bare digits.
            let bare: String = text
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let spelled = Decimal::from_str(&bare).unwrap() * Decimal::ONE_HUNDRED;
            prop_assert_eq!(spelled, Decimal::from(amount.get()));
            prop_assert_eq!(Fen::parse_yuan(&amount.to_string()).unwrap(), amount);
        }
        if let Ok(rate) = Rate::parse(&text) {
            prop_assert_eq!(Rate::parse(&rate.to_string()).unwrap(), rate);
        }
    }

    #[test]
    fn refusals_name_the_input(text in amount_like_text()) {
        match Fen::parse_yuan(&text) {
            Ok(_) => {}
            Err(CoreError::AmountParse { input, .. }) => prop_assert_eq!(input, text),
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }

    #[test]
    fn checked_add_errs_exactly_on_overflow(a in fen(), b in fen()) {
        let exact = i128::from(a.get()) + i128::from(b.get());
        match a.checked_add(b) {
            Ok(sum) => prop_assert_eq!(i128::from(sum.get()), exact),
            Err(error) => {
                prop_assert!(exact > i128::from(i64::MAX));
                prop_assert_eq!(error, CoreError::AmountOverflow { op: "add" });
            }
        }
    }

    #[test]
    fn checked_sub_errs_exactly_below_zero(a in fen(), b in fen()) {
        match a.checked_sub(b) {
            Ok(difference) => prop_assert_eq!(difference.get(), a.get() - b.get()),
            Err(error) => {
                prop_assert!(b > a);
                let expected = CoreError::InsufficientAmount {
                    available: a.get(),
                    requested: b.get(),
                };
                prop_assert_eq!(error, expected);
            }
        }
    }

    #[test]
    fn saturating_sub_stops_at_zero(a in fen(), b in fen()) {
        let expected = (a.get() - b.get()).max(0);
        prop_assert_eq!(a.saturating_sub(b).get(), expected);
    }

    #[test]
    fn checked_mul_count_errs_exactly_on_overflow(
        a in fen(),
        count in prop_oneof![0..10_u64, any::<u64>()],
    ) {
        let exact = i128::from(a.get()) * i128::from(count);
        match a.checked_mul_count(count) {
            Ok(product) => prop_assert_eq!(i128::from(product.get()), exact),
            Err(error) => {
                prop_assert!(exact > i128::from(i64::MAX));
                prop_assert_eq!(error, CoreError::AmountOverflow { op: "multiply" });
            }
        }
    }

    #[test]
    fn sum_errs_exactly_on_overflow(amounts in prop::collection::vec(fen(), 0..8)) {
        let exact: i128 = amounts.iter().map(|a| i128::from(a.get())).sum();
        match Fen::sum(amounts) {
            Ok(total) => prop_assert_eq!(i128::from(total.get()), exact),
            Err(_) => prop_assert!(exact > i128::from(i64::MAX)),
        }
    }

    #[test]
    fn rounding_agrees_with_a_floor_oracle(
        (numerator, denominator) in prop_oneof![
            (-1_000_i128..1_000, 1_i128..50),
            (-(1_i128 << 120)..(1_i128 << 120), 1_i128..(1_i128 << 120)),
        ],
    ) {
        for mode in [
            RoundingMode::HalfUp,
            RoundingMode::HalfEven,
            RoundingMode::Down,
            RoundingMode::Up,
        ] {
            let expected = oracle(mode, numerator, denominator);
            prop_assert_eq!(mode.divide(numerator, denominator).unwrap(), expected);
        }
    }

    #[test]
    fn interest_rounding_modes_bracket_each_other(
        principal in 0..1_000_000_000_000_i64,
        ppm in 0..=Rate::MAX_PPM,
        days in 0..40_000_i64,
        basis_days in prop_oneof![Just(360_i64), Just(365_i64), 1..1_000_i64],
    ) {
        let principal = Fen::new(principal).unwrap();
        let rate = Rate::from_ppm(ppm).unwrap();
        let interest = |mode| rate.interest_for_days(principal, days, basis_days, mode).unwrap();

        let (down, half_up, up) = (
            interest(RoundingMode::Down),
            interest(RoundingMode::HalfUp),
            interest(RoundingMode::Up),
        );
        prop_assert!(down <= half_up && half_up <= up);
        prop_assert!(up.get() - down.get() <= 1);
    }
}

/// Rounding from the floor and the non-negative remainder, a different route from the one
/// the library takes (truncation toward zero).
fn oracle(mode: RoundingMode, numerator: i128, denominator: i128) -> i128 {
    let floor = numerator.div_euclid(denominator);
    let remainder = numerator.rem_euclid(denominator);
    let ceiling = if remainder == 0 { floor } else { floor + 1 };
    let positive = numerator >= 0;

    match mode {
        RoundingMode::Down if positive => floor,
        RoundingMode::Down => ceiling,
        RoundingMode::Up if positive => ceiling,
        RoundingMode::Up => floor,
        _ if 2 * remainder < denominator => floor,
        _ if 2 * remainder > denominator => ceiling,
        RoundingMode::HalfUp if positive => ceiling,
        RoundingMode::HalfUp => floor,
        _ if floor % 2 == 0 => floor,
        _ => ceiling,
    }
}
