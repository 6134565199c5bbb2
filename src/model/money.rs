//! Exact money helpers: rounding rules and conversions to ratios.
//!
//! Money stays `Decimal` from parsing to output. Ratios and scores are `f64`,
//! rounded once here so that what a user sees is what the rules compared.

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// The largest amount, rate or cost accepted (10^15), read or converted: sums and
/// products of such amounts cannot overflow a `Decimal`.
pub const MONEY_MAX: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Decimal places kept for ratios (0.0001 = 0.01%).
pub const RATIO_DP: u32 = 4;

/// The largest exchange rate accepted (10^9): far past any real pair (a euro is
/// over a million rials on the open market), so a larger one is a typing error.
pub const RATE_MAX: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// How one client's amounts were converted (its original figures kept).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Conversion {
    /// The client's own currency.
    pub currency: String,
    /// What one unit of it was worth in the report currency.
    pub rate: Decimal,
    /// The date of that rate (`null` for a fixed rate from the settings file).
    pub rate_date: Option<chrono::NaiveDate>,
    /// Revenue in the client's currency.
    pub revenue: Option<Decimal>,
    /// Cost in the client's currency.
    pub cost: Option<Decimal>,
}

/// Rounds a computed money amount to cents, halves away from zero (as invoices do).
/// Always two decimal places, so computed amounts print as `150.00`, not `150.0`.
pub fn round_money(amount: Decimal) -> Decimal {
    let mut d = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d
}

/// An amount with at least two decimals (`42000` is `42000.00`; `12.345` stays):
/// every amount then prints one way whatever the input wrote, and a workbook's
/// number cell reads as its CSV text does. Exact: no rounding.
pub fn with_cents(mut d: Decimal) -> Decimal {
    if d.scale() < 2 {
        d.rescale(2);
    }
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

/// Converts a ratio or factor to `Decimal` for use in money arithmetic, kept to 10
/// decimals: plenty for a factor applied to cents.
pub fn decimal_of(x: f64) -> Decimal {
    let scaled = (x * 1e10).round();
    if scaled.is_finite() && scaled.abs() < 9.0e18 {
        Decimal::new(scaled as i64, 10).normalize()
    } else {
        Decimal::from_f64(x).unwrap_or_default()
    }
}

/// A decimal quantity (hours, days) as `f64`, for scoring only.
pub fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// An `f64` shown with a fixed number of decimals, rounded half away from zero
/// (`format!("{:.1}")` alone rounds the binary value half to even), never `-0`.
#[derive(Debug, Clone, Copy)]
pub struct Fixed(pub f64, pub u32);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Fixed(x, dp) = *self;
        let rounded = round_to(x, dp);
        let plus = if f.sign_plus() && rounded >= 0.0 {
            "+"
        } else {
            ""
        };
        f.pad(&format!("{plus}{rounded:.*}", dp as usize))
    }
}

/// A ratio as a percentage with one decimal: `Pct(0.125)` is `12.5%`.
#[derive(Debug, Clone, Copy)]
pub struct Pct(pub f64);

impl std::fmt::Display for Pct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}%", Fixed(self.0 * 100.0, 1))
    }
}

/// Money in a sentence: thousands grouped, cents kept (`9,800.00`).
#[derive(Debug, Clone, Copy)]
pub struct Grouped(pub Decimal);

impl std::fmt::Display for Grouped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.0.to_string();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (int, frac) = digits
            .split_once('.')
            .map_or((digits, None), |(i, f)| (i, Some(f)));
        f.write_str(sign)?;
        // The digits are ASCII: groups of three after a first group of one to three.
        let first = match int.len() % 3 {
            0 => 3.min(int.len()),
            n => n,
        };
        f.write_str(&int[..first])?;
        for at in (first..int.len()).step_by(3) {
            f.write_str(",")?;
            f.write_str(&int[at..at + 3])?;
        }
        match frac {
            Some(fr) => write!(f, ".{fr}"),
            None => Ok(()),
        }
    }
}

/// An exact running total of many small decimals (hours, amounts, hours x rate).
///
/// Adding `Decimal`s rescales on every step; ledgers add tens of millions of values,
/// so the total is kept as an integer count of 10^-8 units, and only a value with more
/// than eight decimals (or a sum past the integer's range) falls back to `Decimal`.
/// Either way nothing is rounded.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExactSum {
    units: i128,
    spill: Decimal,
}

/// Decimal places of [`ExactSum`]'s integer part.
const SUM_SCALE: u32 = 8;

/// `10^i` for the rescaling steps of [`ExactSum`] (index = missing decimals).
const POW10: [i128; SUM_SCALE as usize + 1] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
];

impl ExactSum {
    /// Adds `mantissa * 10^-scale`.
    #[inline]
    fn add_parts(&mut self, mantissa: i128, scale: u32, exact: impl FnOnce() -> Decimal) {
        let Some(&p) = POW10.get(SUM_SCALE.wrapping_sub(scale) as usize) else {
            self.spill += exact();
            return;
        };
        // Ledger values are small: a 64-bit product is one instruction, a checked
        // 128-bit one a call.
        let units = match i64::try_from(mantissa).map(|m| m.checked_mul(p as i64)) {
            Ok(Some(u)) => Some(i128::from(u)),
            _ => mantissa.checked_mul(p),
        }
        .and_then(|u| self.units.checked_add(u));
        match units {
            Some(u) => self.units = u,
            None => self.spill += exact(),
        }
    }

    /// Adds an amount.
    pub fn add(&mut self, d: Decimal) {
        self.add_parts(d.mantissa(), d.scale(), || d);
    }

    /// Adds `a * b` (hours times a rate) without rounding.
    #[inline]
    pub fn add_product(&mut self, a: Decimal, b: Decimal) {
        let (ma, mb) = (a.mantissa(), b.mantissa());
        // Two 64-bit mantissas cannot overflow a 128-bit product: skip the check.
        let product = match (i64::try_from(ma), i64::try_from(mb)) {
            (Ok(x), Ok(y)) => Some(i128::from(x) * i128::from(y)),
            _ => ma.checked_mul(mb),
        };
        match product {
            Some(m) => self.add_parts(m, a.scale() + b.scale(), || a * b),
            None => self.spill += a * b,
        }
    }

    /// Adds another total.
    pub fn merge(&mut self, other: &ExactSum) {
        self.add_parts(other.units, SUM_SCALE, || units_value(other.units));
        self.spill += other.spill;
    }

    /// Whether nothing (or only zeros) was added.
    pub fn is_zero(&self) -> bool {
        self.units == 0 && self.spill.is_zero()
    }

    /// The total to eight decimals, with trailing zeros removed. Addends with more
    /// decimals (a duration of 20 minutes is a third of an hour) are added exactly
    /// and the total rounded once: three 00:20:00 entries are 1 hour, not 0.99999999.
    pub fn value(&self) -> Decimal {
        (units_value(self.units) + self.spill)
            .round_dp(SUM_SCALE)
            .normalize()
    }

    /// The total as an amount: at least two decimals (`330.00`), more only when exact needs them.
    pub fn money(&self) -> Decimal {
        with_cents(self.value())
    }
}

fn units_value(units: i128) -> Decimal {
    Decimal::try_from_i128_with_scale(units, SUM_SCALE).unwrap_or_else(|_| {
        // Past 7.9e20: split into whole units and the fraction, both representable.
        let div = 10i128.pow(SUM_SCALE);
        let saturated = if units < 0 {
            Decimal::MIN
        } else {
            Decimal::MAX
        };
        Decimal::try_from_i128_with_scale(units / div, 0)
            .ok()
            .and_then(|whole| whole.checked_add(Decimal::new((units % div) as i64, SUM_SCALE)))
            .unwrap_or(saturated)
    })
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
    fn exact_sum_adds_exactly_and_rounds_the_total_once() {
        let mut s = ExactSum::default();
        s.add(dec("1.25"));
        s.add(dec("0.333333333333")); // more than eight decimals: spills, added exactly
        s.add_product(dec("2.5"), dec("45.50"));
        s.add_product(dec("-1"), dec("0.01"));
        // 1.25 + 0.333333333333 + 113.75 - 0.01, to eight decimals.
        assert_eq!(s.value(), dec("115.32333333"));
        let mut t = ExactSum::default();
        t.add(dec("100"));
        t.merge(&s);
        assert_eq!(t.value(), dec("215.32333333"));
        assert!(ExactSum::default().is_zero());
        // Three 20-minute durations at full precision are one hour, not 0.99999999.
        let third = Decimal::from(1200) / Decimal::from(3600);
        let mut thirds = ExactSum::default();
        (0..3).for_each(|_| thirds.add(third));
        assert_eq!(thirds.value(), dec("1"));
        let mut big = ExactSum::default();
        for _ in 0..1000 {
            big.add_product(dec("1000000000000000"), dec("24"));
        }
        assert_eq!(big.value(), dec("24000000000000000000"));
    }

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
    fn fixed_rounds_half_away_from_zero() {
        assert_eq!(Fixed(25.0, 1).to_string(), "25.0");
        assert_eq!(Fixed(0.125, 2).to_string(), "0.13");
        assert_eq!(Fixed(-0.125, 2).to_string(), "-0.13");
        assert_eq!(Fixed(29.7297, 1).to_string(), "29.7");
        assert_eq!(Fixed(49.96, 0).to_string(), "50");
        assert_eq!(format!("{:+}", Fixed(-25.04, 1)), "-25.0");
        assert_eq!(format!("{:+}", Fixed(12.0, 1)), "+12.0");
        assert_eq!(Fixed(-0.04, 1).to_string(), "0.0");
        // The binary value of 0.25 is exact: format! alone would give "0.2".
        assert_eq!(Fixed(0.25, 1).to_string(), "0.3");
        assert_eq!(format!("{:>6}", Fixed(1.5, 1)), "   1.5");
        assert_eq!(Pct(0.1875).to_string(), "18.8%");
    }

    #[test]
    fn grouped_money_keeps_cents() {
        assert_eq!(Grouped(dec("9800.00")).to_string(), "9,800.00");
        assert_eq!(Grouped(dec("-1234567.5")).to_string(), "-1,234,567.5");
        assert_eq!(Grouped(dec("999")).to_string(), "999");
    }

    #[test]
    fn negative_zero_is_plain_zero() {
        assert_eq!(round_ratio(-0.00001).to_string(), "0");
    }
}
