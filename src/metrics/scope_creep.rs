//! Scope creep: hours over contract, out-of-scope hours and their unbilled value.

use crate::model::money::{ratio, round_money};
use rust_decimal::Decimal;

/// Scope figures for one client.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scope {
    /// `(hours - contracted_hours) / contracted_hours`.
    pub overrun_ratio: Option<f64>,
    /// Out-of-scope hours: as given, else the hours over contract (never negative).
    pub out_of_scope_hours: Option<Decimal>,
    /// Out-of-scope hours at the bill rate (or the effective rate): work given away.
    pub out_of_scope_value: Option<Decimal>,
}

/// Computes the scope figures.
pub fn scope(
    hours: Option<Decimal>,
    contracted_hours: Option<Decimal>,
    explicit_out_of_scope_hours: Option<Decimal>,
    rate: Option<Decimal>,
) -> Scope {
    let worked = hours.zip(contracted_hours);
    let out_of_scope_hours = explicit_out_of_scope_hours.or(worked
        .filter(|(_, c)| !c.is_zero())
        .map(|(h, c)| (h - c).max(Decimal::ZERO)));
    Scope {
        overrun_ratio: worked.and_then(|(h, c)| ratio(h - c, c)),
        out_of_scope_hours,
        out_of_scope_value: out_of_scope_hours
            .zip(rate)
            .and_then(|(h, r)| h.checked_mul(r))
            .map(round_money),
    }
}

/// Score 0-100: 100 within contract, 50 at the chronic overrun, 0 at twice that.
pub fn score(overrun_ratio: f64, chronic_ratio: f64) -> f64 {
    super::health::falling(overrun_ratio, chronic_ratio)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn overrun_and_unbilled_value_by_hand() {
        // 46 h delivered on a 40 h contract at 120/h: 15% over, 6 h = 720 given away.
        let s = scope(Some(dec("46")), Some(dec("40")), None, Some(dec("120")));
        assert_eq!(s.overrun_ratio, Some(0.15));
        assert_eq!(s.out_of_scope_hours, Some(dec("6")));
        assert_eq!(s.out_of_scope_value, Some(dec("720.00")));
    }

    #[test]
    fn under_contract_is_negative_overrun_and_no_out_of_scope_hours() {
        let s = scope(Some(dec("30")), Some(dec("40")), None, Some(dec("100")));
        assert_eq!(s.overrun_ratio, Some(-0.25));
        assert_eq!(s.out_of_scope_hours, Some(dec("0")));
    }

    #[test]
    fn explicit_out_of_scope_hours_win() {
        let s = scope(
            Some(dec("30")),
            Some(dec("40")),
            Some(dec("5")),
            Some(dec("100")),
        );
        assert_eq!(s.out_of_scope_hours, Some(dec("5")));
        assert_eq!(s.out_of_scope_value, Some(dec("500.00")));
    }

    #[test]
    fn zero_contracted_hours_give_no_ratio() {
        let s = scope(Some(dec("10")), Some(Decimal::ZERO), None, None);
        assert_eq!(s, Scope::default());
    }

    #[test]
    fn score_points() {
        assert_eq!(score(-0.1, 0.3), 100.0);
        assert_eq!(score(0.3, 0.3), 50.0);
        assert_eq!(score(0.15, 0.3), 75.0);
        assert_eq!(score(0.9, 0.3), 0.0);
    }
}
