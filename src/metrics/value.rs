//! Value: revenue and profit shares, A/B/C tiers (Pareto on profit) and a heuristic CLV.

use crate::model::money::{decimal_of, ratio, round_money};
pub use crate::model::verdict::Tier;
use rust_decimal::Decimal;

/// Assigns tiers by descending `basis` (profit, or revenue when no profit is known).
/// A client is in A while the share of the clients ranked above it is below `a_share`.
pub fn tiers(basis: &[Option<Decimal>], a_share: f64, b_share: f64) -> Vec<Option<Tier>> {
    let total: Decimal = basis
        .iter()
        .flatten()
        .filter(|v| v.is_sign_positive())
        .sum();
    let order = descending(basis);
    let mut out = vec![None; basis.len()];
    // The share above a client is compared as `above < share x total`: one exact
    // multiplication per tier instead of a division per client.
    let limit = |share: f64| {
        Decimal::try_from(share)
            .ok()
            .and_then(|s| s.checked_mul(total))
    };
    let (a_limit, b_limit) = (limit(a_share), limit(b_share));
    let below = |above: Decimal, share: f64, limit: Option<Decimal>| {
        if total.is_zero() {
            1.0 < share
        } else {
            match limit {
                Some(l) => above < l,
                None => crate::model::money::to_f64(above / total) < share,
            }
        }
    };
    // `above` sums the clients strictly above: equal figures share a tier, whatever their order.
    let (mut above, mut pending, mut last) = (Decimal::ZERO, Decimal::ZERO, None);
    for i in order {
        let v = basis[i].unwrap_or_default();
        if last != Some(v) {
            above += pending;
            pending = Decimal::ZERO;
            last = Some(v);
        }
        out[i] = Some(if v <= Decimal::ZERO {
            Tier::C
        } else if below(above, a_share, a_limit) {
            Tier::A
        } else if below(above, b_share, b_limit) {
            Tier::B
        } else {
            Tier::C
        });
        if v > Decimal::ZERO {
            pending += v;
        }
    }
    out
}

/// `part / total` for each client; `None` where the part is unknown or the total is zero.
pub fn shares(parts: &[Option<Decimal>]) -> Vec<Option<f64>> {
    let total: Decimal = parts.iter().flatten().sum();
    parts
        .iter()
        .map(|p| p.and_then(|p| ratio(p, total)))
        .collect()
}

/// Heuristic CLV: the period's profit per month, kept with monthly survival
/// `(1 - churn_risk)^(1/12)` and discounted monthly, summed over the horizon.
pub fn clv(
    profit: Decimal,
    period_months: u32,
    churn_risk: f64,
    horizon_months: u32,
    monthly_discount: f64,
) -> Decimal {
    let monthly_profit = profit / Decimal::from(period_months.max(1));
    let survival = (1.0 - churn_risk.clamp(0.0, 1.0)).powf(1.0 / 12.0);
    let q = survival / (1.0 + monthly_discount.max(0.0));
    let factor = if (1.0 - q).abs() < 1e-12 {
        horizon_months as f64
    } else {
        q * (1.0 - q.powi(horizon_months as i32)) / (1.0 - q)
    };
    round_money(monthly_profit * decimal_of(factor))
}

/// The indices of the known figures, largest figure first (equal figures in any
/// order: they share a tier).
fn descending(basis: &[Option<Decimal>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..basis.len()).filter(|&i| basis[i].is_some()).collect();
    order.sort_unstable_by(|&a, &b| basis[b].cmp(&basis[a]));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    #[test]
    fn sorts_figures_of_several_scales() {
        let basis = v(&["1.5", "", "-2", "10", "1.50", "0.001", "10.0"]);
        let values: Vec<String> = descending(&basis)
            .iter()
            .map(|&i| basis[i].unwrap().normalize().to_string())
            .collect();
        assert_eq!(values, ["10", "10", "1.5", "1.5", "0.001", "-2"]);
    }

    fn v(xs: &[&str]) -> Vec<Option<Decimal>> {
        xs.iter()
            .map(|x| if x.is_empty() { None } else { Some(dec(x)) })
            .collect()
    }

    #[test]
    fn pareto_tiers_by_hand() {
        // Total positive profit 100: 50 (0% above -> A), 30 (50% -> A), 15 (80% -> B), 5 (95% -> C), -10 -> C.
        let t = tiers(&v(&["15", "50", "-10", "30", "5", ""]), 0.8, 0.95);
        assert_eq!(
            t,
            vec![
                Some(Tier::B),
                Some(Tier::A),
                Some(Tier::C),
                Some(Tier::A),
                Some(Tier::C),
                None
            ]
        );
    }

    #[test]
    fn equal_profits_share_a_tier() {
        // Five clients of 200 each: every one has 0-60% above it if ties counted,
        // but only strictly larger profits count, so all are A.
        let t = tiers(&v(&["200", "200", "200", "200", "200"]), 0.8, 0.95);
        assert!(t.iter().all(|x| *x == Some(Tier::A)), "{t:?}");
        // 50 | 30, 30 | 10: above the 30s is 50/120 = 41.7% -> A; above 10 is 110/120 = 91.7% -> B.
        let t = tiers(&v(&["30", "50", "10", "30"]), 0.8, 0.95);
        assert_eq!(
            t,
            vec![Some(Tier::A), Some(Tier::A), Some(Tier::B), Some(Tier::A)]
        );
    }

    #[test]
    fn shares_sum_to_one() {
        let s = shares(&v(&["300", "100", ""]));
        assert_eq!(s, vec![Some(0.75), Some(0.25), None]);
    }

    #[test]
    fn clv_without_churn_or_discount_is_profit_times_horizon() {
        assert_eq!(clv(dec("1000"), 1, 0.0, 12, 0.0), dec("12000.00"));
        // A quarter's profit of 3,000 is 1,000 a month.
        assert_eq!(clv(dec("3000"), 3, 0.0, 12, 0.0), dec("12000.00"));
    }

    #[test]
    fn clv_with_churn_and_discount() {
        // Certain churn: nothing left.
        assert_eq!(clv(dec("1000"), 1, 1.0, 36, 0.01), dec("0.00"));
        // churn 0.5/yr, 1%/month, 12 months: q = 0.5^(1/12)/1.01 = 0.934520;
        // q(1-q^12)/(1-q) = 7.940243 -> 7,940.24
        assert_eq!(clv(dec("1000"), 1, 0.5, 12, 0.01), dec("7940.24"));
    }
}
