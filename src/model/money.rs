//! Exact money helpers: rounding rules and conversions to ratios.
//!
//! Money stays `Decimal` from parsing to output. Ratios and scores are `f64`,
//! rounded once here so that what a user sees is what the rules compared.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places kept for ratios (0.0001 = 0.01%).
pub const RATIO_DP: u32 = 4;

/// Rounds a computed money amount to cents, halves away from zero (as invoices do).
/// Always two decimal places, so computed amounts print as `150.00`, not `150.0`.
pub fn round_money(amount: Decimal) -> Decimal {
    let mut d = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d
}

/// Rounds a ratio to [`RATIO_DP`] places.
pub fn round_ratio(x: f64) -> f64 {
    round_to(x, RATIO_DP)
}

/// Rounds an `f64` to `dp` decimal places, half away from zero.
pub fn round_to(x: f64, dp: u32) -> f64 {
    let f = 10f64.powi(dp as i32);
    let r = (x * f).round() / f;
    // -0.0 prints as "-0" in JSON; a ratio of nothing is plain zero.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// `num / den` as a rounded ratio; `None` when the denominator is zero.
pub fn ratio(num: Decimal, den: Decimal) -> Option<f64> {
    if den.is_zero() {
        return None;
    }
    let q = num.checked_div(den)?;
    Some(round_ratio(q.to_f64()?))
}

/// Converts a ratio or factor to `Decimal` for use in money arithmetic.
pub fn decimal_of(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or_default()
}

/// A decimal quantity (hours, days) as `f64`, for scoring only.
pub fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Parses a decimal literal; for tests only.
#[cfg(test)]
pub(crate) fn dec(s: &str) -> Decimal {
    s.parse().expect("test decimal literal")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_rounds_half_away_from_zero() {
        assert_eq!(round_money(dec("2.345")), dec("2.35"));
        assert_eq!(round_money(dec("-2.345")), dec("-2.35"));
        assert_eq!(round_money(dec("2.344")), dec("2.34"));
        assert_eq!(round_money(dec("150.0")).to_string(), "150.00");
    }

    #[test]
    fn ratio_of_zero_denominator_is_none() {
        assert_eq!(ratio(dec("1"), Decimal::ZERO), None);
        assert_eq!(ratio(dec("1"), dec("3")), Some(0.3333));
        assert_eq!(ratio(dec("-1"), dec("8")), Some(-0.125));
    }

    #[test]
    fn negative_zero_is_plain_zero() {
        assert_eq!(round_ratio(-0.00001).to_string(), "0");
    }
}
