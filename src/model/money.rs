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

/// Rounds a computed money amount to cents, halves away from zero (as invoices do).
/// Always two decimal places, so computed amounts print as `150.00`, not `150.0`.
pub fn round_money(amount: Decimal) -> Decimal {
    quick_cents(amount).unwrap_or_else(|| exact_cents(amount))
}

/// [`round_money`] through `Decimal`'s own rounding, which divides its 96-bit
/// mantissa by ten a digit at a time.
fn exact_cents(amount: Decimal) -> Decimal {
    let mut d = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d
}

/// [`round_money`] with one 128-bit division, for an amount with more than two
/// decimals that does not round to zero (whose sign `Decimal` may keep or drop).
fn quick_cents(amount: Decimal) -> Option<Decimal> {
    let scale = amount.scale();
    if scale <= 2 {
        return None;
    }
    // At most 28 decimals: 10^26 fits an i128, and so does any mantissa (96 bits).
    let unit = 10i128.pow(scale - 2);
    let m = amount.mantissa();
    let (mut cents, rest) = (m / unit, m % unit);
    if 2 * rest.unsigned_abs() >= unit.unsigned_abs() {
        cents += m.signum();
    }
    (cents != 0).then(|| Decimal::from_i128_with_scale(cents, 2))
}

/// `x.round()` (half away from zero) without its libm call: x86-64's baseline has
/// no rounding instruction, and reports round a few hundred thousand figures.
pub fn round_half_away(x: f64) -> f64 {
    // Near and past 2^52 every f64 is a whole number (or half of one); NaN and the
    // infinities too are left to `round`.
    if x.is_nan() || x.abs() >= 4.5e15 {
        return x.round();
    }
    // Both steps are exact below 2^52: the truncation and what it leaves.
    let whole = x as i64;
    let rest = x - whole as f64;
    let rounded = if rest >= 0.5 {
        whole + 1
    } else if rest <= -0.5 {
        whole - 1
    } else {
        whole
    };
    // -0.3 rounds to -0.0, as `round` gives it.
    (rounded as f64).copysign(x)
}

/// Rounds a ratio to [`RATIO_DP`] places.
pub fn round_ratio(x: f64) -> f64 {
    round_to(x, RATIO_DP)
}

/// Rounds an `f64` to `dp` decimal places, half away from zero.
pub fn round_to(x: f64, dp: u32) -> f64 {
    let f = 10f64.powi(dp as i32);
    scaled_back(x * f, f)
}

/// `y`, which is a figure times `f`, rounded and divided by `f` again.
fn scaled_back(y: f64, f: f64) -> f64 {
    let r = round_half_away(y) / f;
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
    if let Some(r) = quick_ratio(num, den) {
        return Some(r);
    }
    let q = num.checked_div(den)?;
    Some(round_ratio(q.to_f64()?))
}

/// [`ratio`] in `f64` arithmetic, when it is sure to give the same ratio as the
/// exact quotient: both are within a few parts in 10^16 of the true value, so
/// they round to the same four decimals unless the value lies within a hair of a
/// half (then `None`, and the exact division decides). `Decimal` division and
/// conversion to `f64` took 11.3M of a 2,000-client JSON run's 133.5M
/// instructions (callgrind), the value shares of every client among them.
fn quick_ratio(num: Decimal, den: Decimal) -> Option<f64> {
    let f = 10f64.powi(RATIO_DP as i32);
    let y = exact_f64(num)? / exact_f64(den)? * f;
    // Large (or not a number): the margin below would be too coarse.
    if y.is_nan() || y.abs() >= 1e12 {
        return None;
    }
    let from_half = ((y - y.trunc()).abs() - 0.5).abs();
    if from_half <= 1e-6 + y.abs() * 1e-13 {
        return None;
    }
    Some(scaled_back(y, f))
}

/// `d` as an `f64` rounded once: digits below 2^53 and powers of ten up to 10^22
/// are exact in `f64`, and the division rounds correctly.
fn exact_f64(d: Decimal) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = d.mantissa();
    let p = POW10.get(d.scale() as usize)?;
    (m.unsigned_abs() < 1 << 53).then(|| m as f64 / p)
}

/// Converts a ratio or factor to `Decimal` for use in money arithmetic.
/// Kept to 10 decimals: plenty for a factor applied to cents, and far cheaper than
/// an exact binary-to-decimal conversion.
pub fn decimal_of(x: f64) -> Decimal {
    let scaled = round_half_away(x * 1e10);
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

/// Writes `v` in decimal just before `buf[*at]`, zero-padded to at least `min`
/// digits, and moves `at` to its first digit. Within 64 bits the divisions are
/// cheap ones.
pub(crate) fn digits_before(buf: &mut [u8], at: &mut usize, v: u128, min: usize) {
    let end = *at;
    let mut wide = v;
    while wide > u128::from(u64::MAX) {
        *at -= 1;
        buf[*at] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut v = wide as u64;
    while v > 0 || end - *at < min {
        *at -= 1;
        buf[*at] = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// An `f64` shown with a fixed number of decimals, half away from zero.
///
/// `format!("{:.1}", x)` falls back to a slow exact algorithm for many values; reports
/// print hundreds of thousands of these, so integer arithmetic does it here.
#[derive(Debug, Clone, Copy)]
pub struct Fixed(pub f64, pub u32);

impl Fixed {
    /// The figure's text in `buf`, with a `+` before a positive figure when `plus`;
    /// `None` when it is too large (or has too many decimals) for integer arithmetic.
    fn digits(self, plus: bool, buf: &mut [u8; 40]) -> Option<&[u8]> {
        let Fixed(x, dp) = self;
        let scale = 10u64.pow(dp.min(9));
        let scaled = round_half_away(x * scale as f64);
        if !scaled.is_finite() || scaled.abs() >= 9.0e15 || dp > 9 {
            return None;
        }
        let v = scaled as i64;
        let sign = if v < 0 {
            "-"
        } else if plus {
            "+"
        } else {
            ""
        };
        // Digits written right to left into a stack buffer, padded once: `write!` with
        // a width spec costs several times as much.
        let (int, frac) = (v.unsigned_abs() / scale, v.unsigned_abs() % scale);
        let mut at = buf.len();
        if dp > 0 {
            digits_before(buf, &mut at, frac.into(), dp as usize);
            at -= 1;
            buf[at] = b'.';
        }
        digits_before(buf, &mut at, int.into(), 1);
        for &b in sign.as_bytes().iter().rev() {
            at -= 1;
            buf[at] = b;
        }
        Some(&buf[at..])
    }

    /// Appends the figure to `out` (as `{}` writes it, or `{:+}` when `plus`).
    pub fn write_to(self, out: &mut String, plus: bool) {
        match self.digits(plus, &mut [0; 40]) {
            Some(text) => push_ascii(out, text),
            None => {
                use std::fmt::Write as _;
                let _ = write!(out, "{:.*}", self.1 as usize, self.0);
            }
        }
    }
}

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.digits(f.sign_plus(), &mut [0; 40]) {
            Some(text) => f.pad(std::str::from_utf8(text).map_err(|_| std::fmt::Error)?),
            None => write!(f, "{:.*}", self.1 as usize, self.0),
        }
    }
}

/// Appends ASCII digits and signs a byte at a time: for a few bytes, cheaper than
/// checking them as UTF-8 and copying them as a `str`.
pub(crate) fn push_ascii(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        out.push(char::from(b));
    }
}

/// A decimal as `Decimal`'s own `{}` writes it (`-0.50`, `1200`), from a stack
/// buffer: `Decimal`'s `Display` divides its 96-bit mantissa by ten per digit, which
/// showed in profiles of reports with a hundred thousand figures.
#[derive(Debug, Clone, Copy)]
pub struct Plain(pub Decimal);

impl Plain {
    /// The text, written into `buf`.
    pub fn write(self, buf: &mut [u8; 64]) -> &str {
        // Digits, a point and a sign: ASCII, so always UTF-8.
        std::str::from_utf8(self.write_bytes(buf)).unwrap_or_default()
    }

    /// The text's bytes, written into `buf`: for writers of bytes, which need not
    /// check that they are UTF-8 (that check was a third of the time here).
    pub fn write_bytes(self, buf: &mut [u8; 64]) -> &[u8] {
        let d = self.0;
        let (m, scale) = (d.mantissa().unsigned_abs(), d.scale());
        let mut at = buf.len();
        let cents = u64::try_from(m).ok().filter(|_| scale == 2);
        if let Some(m) = cents {
            // Cents, the usual case: divisions by a constant, two digits written as is.
            let (int, cents) = (m / 100, m % 100);
            buf[at - 1] = b'0' + (cents % 10) as u8;
            buf[at - 2] = b'0' + (cents / 10) as u8;
            buf[at - 3] = b'.';
            at -= 3;
            digits_before(buf, &mut at, u128::from(int), 1);
        } else if scale > 0 {
            // 64-bit division when it fits (nearly always); at most 28 decimals otherwise,
            // and 10^28 fits 128 bits.
            let (int, frac) = match (u64::try_from(m), 10u64.checked_pow(scale)) {
                (Ok(m), Some(p)) => (u128::from(m / p), u128::from(m % p)),
                _ => (m / 10u128.pow(scale), m % 10u128.pow(scale)),
            };
            digits_before(buf, &mut at, frac, scale as usize);
            at -= 1;
            buf[at] = b'.';
            digits_before(buf, &mut at, int, 1);
        } else {
            digits_before(buf, &mut at, m, 1);
        }
        if d.is_sign_negative() {
            at -= 1;
            buf[at] = b'-';
        }
        &buf[at..]
    }
}

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if f.precision().is_some() || f.width().is_some() || f.sign_plus() {
            return std::fmt::Display::fmt(&self.0, f);
        }
        f.write_str(self.write(&mut [0; 64]))
    }
}

/// Serializes a decimal as a JSON number carrying its exact digits, as `Decimal`'s own
/// `Serialize` does (through serde_json's arbitrary-precision number), but from a
/// stack buffer: the own impl formats a `String` and parses it back into a
/// `serde_json::Number`, which was a sixth of a 10,000-client JSON report's work.
pub fn serialize_decimal<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut buf = [0u8; 64];
    let mut number = s.serialize_struct(JSON_NUMBER_TOKEN, 1)?;
    number.serialize_field(JSON_NUMBER_TOKEN, Plain(*d).write(&mut buf))?;
    number.end()
}

/// The struct and field name serde_json (feature `arbitrary_precision`) gives a
/// number held as text; [`crate::report::json_out`] writes such a text bare.
pub(crate) const JSON_NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// [`serialize_decimal`] for an optional decimal (`null` when absent).
pub fn serialize_opt_decimal<S: serde::Serializer>(
    d: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => serialize_decimal(d, s),
        None => s.serialize_none(),
    }
}

/// Money in a sentence: thousands grouped, cents kept (`9,800.00`).
#[derive(Debug, Clone, Copy)]
pub struct Grouped(pub Decimal);

impl Grouped {
    /// Writes the grouped figure to `w`.
    pub fn write_to<W: std::fmt::Write + ?Sized>(self, w: &mut W) -> std::fmt::Result {
        let mut buf = [0; 64];
        let text = Plain(self.0).write(&mut buf);
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text),
        };
        let (int, frac) = digits
            .split_once('.')
            .map_or((digits, None), |(i, f)| (i, Some(f)));
        w.write_str(sign)?;
        // The digits are ASCII: groups of three after a first group of one to three.
        let first = match int.len() % 3 {
            0 => 3.min(int.len()),
            n => n,
        };
        w.write_str(&int[..first])?;
        for at in (first..int.len()).step_by(3) {
            w.write_str(",")?;
            w.write_str(&int[at..at + 3])?;
        }
        match frac {
            Some(fr) => {
                w.write_str(".")?;
                w.write_str(fr)
            }
            None => Ok(()),
        }
    }
}

impl std::fmt::Display for Grouped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
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
        let units = POW10
            .get(SUM_SCALE.wrapping_sub(scale) as usize)
            .and_then(|&p| mantissa.checked_mul(p))
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

    /// The total, with trailing zeros removed.
    pub fn value(&self) -> Decimal {
        (units_value(self.units) + self.spill).normalize()
    }

    /// The total as an amount: at least two decimals (`330.00`), more only when exact needs them.
    pub fn money(&self) -> Decimal {
        let mut d = self.value();
        if d.scale() < 2 {
            d.rescale(2);
        }
        d
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

    /// The exact path of [`ratio`], to compare the quick one with.
    fn exact_ratio(num: Decimal, den: Decimal) -> Option<f64> {
        Some(round_ratio(num.checked_div(den)?.to_f64()?))
    }

    #[test]
    fn quick_ratios_leave_halves_to_the_exact_division() {
        // 0.00015 / 3 x 10^4 is exactly half: the quick path declines.
        assert_eq!(quick_ratio(dec("0.00015"), dec("3")), None);
        assert_eq!(
            ratio(dec("0.00015"), dec("3")),
            exact_ratio(dec("0.00015"), dec("3"))
        );
        assert_eq!(quick_ratio(dec("1"), dec("3")), Some(0.3333));
        assert_eq!(quick_ratio(dec("-1"), dec("8")), Some(-0.125));
        assert_eq!(quick_ratio(dec("-0.00001"), dec("1")), Some(0.0));
        // Too many digits for an exact f64: the exact division decides.
        assert_eq!(quick_ratio(dec("12345678901234567.89"), dec("1")), None);
    }
    use super::*;

    #[test]
    fn cents_round_halves_away_from_zero() {
        for (amount, cents) in [
            ("2.345", "2.35"),
            ("-2.345", "-2.35"),
            ("2.3449999", "2.34"),
            ("0.005", "0.01"),
            ("-0.005", "-0.01"),
            ("7", "7.00"),
            ("7.1", "7.10"),
            ("0.004", "0.00"),
        ] {
            assert_eq!(round_money(dec(amount)).to_string(), cents, "{amount}");
        }
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(quick_cents(third), Some(dec("0.33")));
    }

    #[test]
    fn rounding_without_libm_matches_round() {
        for x in [
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.49999999999999994,
            -0.3,
            -0.0,
            0.0,
            4.5e15,
            -4.5e15,
            4503599627370495.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
        ] {
            let (ours, theirs) = (round_half_away(x), x.round());
            assert!(
                ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()),
                "{x}: {ours} vs {theirs}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn rounding_without_libm_matches_round_on_any_bits(bits in proptest::prelude::any::<u64>(), small in -1e7f64..1e7) {
            for x in [f64::from_bits(bits), small, small / 1e4] {
                let (ours, theirs) = (round_half_away(x), x.round());
                proptest::prop_assert!(ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()));
            }
        }

        #[test]
        fn quick_cents_agree_with_decimal_rounding(
            lo in proptest::prelude::any::<u64>(),
            hi in 0u32..=u32::MAX,
            negative in proptest::prelude::any::<bool>(),
            scale in 0u32..=28,
        ) {
            let amount = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, negative, scale);
            if let Some(quick) = quick_cents(amount) {
                let exact = exact_cents(amount);
                proptest::prop_assert_eq!(quick, exact);
                proptest::prop_assert_eq!(quick.to_string(), exact.to_string());
            }
        }

        #[test]
        fn quick_cents_agree_at_halves(cents in -1_000_000_000i64..1_000_000_000, extra in 1u32..=18) {
            // cents.5 followed by `extra - 1` zeros: exactly half a cent.
            let half = Decimal::from_i128_with_scale(i128::from(cents) * 10i128.pow(extra) + 5 * 10i128.pow(extra - 1), 2 + extra);
            proptest::prop_assert_eq!(round_money(half).to_string(), exact_cents(half).to_string());
        }
    }

    proptest::proptest! {
        #[test]
        fn quick_ratios_agree_with_exact_ones(
            num in -(1i64 << 53)..(1i64 << 53),
            den in -(1i64 << 53)..(1i64 << 53),
            num_scale in 0u32..=8,
            den_scale in 0u32..=8,
            tie in 0i64..20_000,
        ) {
            let (num, den) = (Decimal::new(num, num_scale), Decimal::new(den, den_scale));
            proptest::prop_assume!(!den.is_zero());
            proptest::prop_assert_eq!(ratio(num, den), exact_ratio(num, den));
            // Quotients at a half of the last decimal, within the quick path's margin
            // of it (1e-8), and just outside it (2e-6), for small denominators.
            let den = Decimal::new(den.mantissa() as i64 % 1_000, den_scale);
            proptest::prop_assume!(!den.is_zero());
            for offset in [-200_000i64, -1, 0, 1, 200_000] {
                // q = (tie + 0.5) / 10^4 + offset x 10^-14, at scale 14.
                let q = Decimal::new((2 * tie + 1) * 500_000_000 + offset, 14);
                let num = q * den;
                proptest::prop_assert_eq!(ratio(num, den), exact_ratio(num, den), "{} / {}", num, den);
            }
        }

        #[test]
        fn plain_writes_what_display_writes(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            proptest::prop_assert_eq!(Plain(d).to_string(), d.to_string());
            let grouped = Grouped(d).to_string();
            proptest::prop_assert_eq!(grouped.replace(',', ""), d.to_string());
        }

        #[test]
        fn plain_writes_cents_as_display_does(m: u64, negative: bool, scale in 1u32..=3) {
            let d = Decimal::from_parts(m as u32, (m >> 32) as u32, 0, negative, scale);
            proptest::prop_assert_eq!(Plain(d).to_string(), d.to_string());
            let small = Decimal::from_parts((m % 100_000) as u32, 0, 0, negative, scale);
            proptest::prop_assert_eq!(Plain(small).to_string(), small.to_string());
        }
    }

    #[test]
    fn plain_edges() {
        for s in [
            "0",
            "0.00",
            "-0.5",
            "1200",
            "0.001",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
        ] {
            assert_eq!(Plain(dec(s)).to_string(), dec(s).to_string(), "{s}");
        }
        assert_eq!(Grouped(dec("1234567.5")).to_string(), "1,234,567.5");
        assert_eq!(Grouped(dec("-123")).to_string(), "-123");
        assert_eq!(Grouped(dec("123456")).to_string(), "123,456");
        assert_eq!(Grouped(dec("0.00")).to_string(), "0.00");
    }

    #[test]
    fn exact_sum_adds_without_rounding() {
        let mut s = ExactSum::default();
        s.add(dec("1.25"));
        s.add(dec("0.333333333333")); // more than eight decimals: spills, stays exact
        s.add_product(dec("2.5"), dec("45.50"));
        s.add_product(dec("-1"), dec("0.01"));
        assert_eq!(s.value(), dec("115.323333333333"));
        let mut t = ExactSum::default();
        t.add(dec("100"));
        t.merge(&s);
        assert_eq!(t.value(), dec("215.323333333333"));
        assert!(ExactSum::default().is_zero());
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
