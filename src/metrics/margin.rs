//! Profitability: profit, margin and effective hourly rate.

use crate::model::money::{ratio, round_money};
pub use crate::model::verdict::UnpaidWork;
use rust_decimal::Decimal;

/// Profit figures for one client.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Margin {
    /// `revenue - cost`.
    pub profit: Option<Decimal>,
    /// `(revenue - cost) / revenue`; `None` when revenue is zero or unknown.
    pub margin_ratio: Option<f64>,
    /// `revenue / hours`; `None` when hours are zero or unknown.
    pub effective_rate: Option<Decimal>,
}

/// Computes profit, margin and effective rate from what is known.
pub fn margin(revenue: Option<Decimal>, cost: Option<Decimal>, hours: Option<Decimal>) -> Margin {
    let profit = revenue.zip(cost).map(|(r, c)| r - c);
    // Credit notes can outweigh billing for a period: a share of a negative
    // revenue, or a negative hourly rate, means nothing.
    let billed = revenue.filter(|r| *r > Decimal::ZERO);
    Margin {
        profit,
        margin_ratio: profit.zip(billed).and_then(|(p, r)| ratio(p, r)),
        // `checked_div` is `None` for zero hours.
        effective_rate: revenue
            .filter(|r| !r.is_sign_negative())
            .zip(hours)
            .and_then(|(r, h)| r.checked_div(h))
            .map(round_money),
    }
}

/// The unpaid work when revenue is zero but there was a cost or hours; margin cannot say it.
pub fn unpaid_work(
    revenue: Option<Decimal>,
    cost: Option<Decimal>,
    hours: Option<Decimal>,
) -> Option<UnpaidWork> {
    // No revenue, or less than none (credit notes), for real work.
    if revenue.is_none_or(|r| r > Decimal::ZERO) {
        return None;
    }
    match (
        cost.filter(|c| *c > Decimal::ZERO),
        hours.filter(|h| *h > Decimal::ZERO),
    ) {
        (Some(c), _) => Some(UnpaidWork::Cost(c)),
        (None, Some(h)) => Some(UnpaidWork::Hours(h)),
        (None, None) => None,
    }
}

/// Score 0-100 for the health model: 0 at or below zero margin, 100 at or above target.
pub fn score(margin_ratio: f64, target_margin_ratio: f64) -> f64 {
    if target_margin_ratio <= 0.0 {
        return if margin_ratio >= 0.0 { 100.0 } else { 0.0 };
    }
    (margin_ratio / target_margin_ratio).clamp(0.0, 1.0) * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn margin_profit_rate_by_hand() {
        // 12,000 billed, 9,000 cost, 80 h: profit 3,000, margin 0.25, rate 150/h.
        let m = margin(Some(dec("12000")), Some(dec("9000")), Some(dec("80")));
        assert_eq!(m.profit, Some(dec("3000")));
        assert_eq!(m.margin_ratio, Some(0.25));
        assert_eq!(m.effective_rate, Some(dec("150.00")));
    }

    #[test]
    fn loss_makers_have_negative_margin() {
        let m = margin(Some(dec("1000")), Some(dec("1300")), Some(dec("3")));
        assert_eq!(m.profit, Some(dec("-300")));
        assert_eq!(m.margin_ratio, Some(-0.3));
        assert_eq!(m.effective_rate, Some(dec("333.33")));
    }

    #[test]
    fn zero_or_missing_inputs_give_none() {
        let m = margin(Some(Decimal::ZERO), Some(dec("10")), Some(Decimal::ZERO));
        assert_eq!(m.profit, Some(dec("-10")));
        assert_eq!(m.margin_ratio, None);
        assert_eq!(m.effective_rate, None);
        assert_eq!(margin(None, Some(dec("1")), None), Margin::default());
    }

    #[test]
    fn credit_notes_above_billing_have_no_margin_or_rate() {
        // -500 net revenue, 300 cost: profit -800, but no share of -500 means anything.
        let m = margin(Some(dec("-500")), Some(dec("300")), Some(dec("10")));
        assert_eq!(m.profit, Some(dec("-800")));
        assert_eq!((m.margin_ratio, m.effective_rate), (None, None));
        assert_eq!(
            unpaid_work(Some(dec("-500")), Some(dec("300")), None),
            Some(UnpaidWork::Cost(dec("300")))
        );
        assert_eq!(unpaid_work(Some(dec("1")), Some(dec("300")), None), None);
    }

    #[test]
    fn score_is_linear_between_zero_and_target() {
        assert_eq!(score(0.25, 0.5), 50.0);
        assert_eq!(score(0.6, 0.5), 100.0);
        assert_eq!(score(-0.2, 0.5), 0.0);
    }
}
