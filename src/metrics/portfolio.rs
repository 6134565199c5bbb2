//! Portfolio totals: revenue, cost, profit, margin, concentration and revenue at risk.

use super::client::ClientMetrics;
use crate::model::money::ratio;
use crate::model::Settings;
use rust_decimal::Decimal;
use serde::Serialize;

/// Revenue, cost, profit and margin of a set of clients.
///
/// Revenue and cost add up every client that has them; profit and margin count only
/// clients with both, so a client without a cost never looks like pure profit.
/// Each is `null` when no client has the figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sums {
    /// Total revenue.
    pub revenue: Option<Decimal>,
    /// Total cost.
    pub cost: Option<Decimal>,
    /// Profit of the clients with both revenue and cost.
    pub profit: Option<Decimal>,
    /// `profit / revenue` over the clients with both figures.
    pub margin_ratio: Option<f64>,
}

impl Sums {
    /// Sums `(revenue, cost)` pairs.
    pub fn of(pairs: impl IntoIterator<Item = (Option<Decimal>, Option<Decimal>)>) -> Sums {
        let add = |acc: &mut Option<Decimal>, x: Decimal| *acc = Some(acc.unwrap_or_default() + x);
        let (mut sums, mut both_revenue) = (Sums::default(), None);
        for (revenue, cost) in pairs {
            if let Some(r) = revenue {
                add(&mut sums.revenue, r);
            }
            if let Some(c) = cost {
                add(&mut sums.cost, c);
            }
            if let (Some(r), Some(c)) = (revenue, cost) {
                add(&mut sums.profit, r - c);
                add(&mut both_revenue, r);
            }
        }
        sums.margin_ratio = sums.profit.zip(both_revenue).and_then(|(p, r)| ratio(p, r));
        sums
    }
}

/// The portfolio after the recommended actions: fired clients gone, repriced clients at the proposed fee.
pub type AfterActions = Sums;

/// A figure by verdict: revenue, or clients.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ByVerdict<T> {
    /// Clients to fire.
    pub fire: T,
    /// Clients to reprice.
    pub reprice: T,
    /// Clients to retain.
    pub retain: T,
}

impl<T: std::ops::AddAssign> ByVerdict<T> {
    /// Adds `x` to the figure of `verdict`.
    pub fn add(&mut self, verdict: crate::model::verdict::Verdict, x: T) {
        use crate::model::verdict::Verdict;
        match verdict {
            Verdict::Fire => self.fire += x,
            Verdict::Reprice => self.reprice += x,
            Verdict::Retain => self.retain += x,
        }
    }
}

/// Portfolio-level figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PortfolioTotals {
    /// Number of clients scored.
    pub clients: usize,
    /// Revenue, cost, profit and margin now.
    #[serde(flatten)]
    pub now: Sums,
    /// Largest single client's share of revenue.
    pub largest_client_share: Option<f64>,
    /// The largest client.
    pub largest_client: Option<String>,
    /// Herfindahl-Hirschman index of revenue shares, 0-1 (1 = one client).
    pub hhi: Option<f64>,
    /// Revenue of clients whose churn risk is at or above `at_risk_churn`.
    pub revenue_at_risk: Decimal,
    /// Revenue by verdict.
    pub revenue_by_verdict: ByVerdict<Decimal>,
    /// Clients by verdict.
    pub clients_by_verdict: ByVerdict<usize>,
    /// The same figures after the recommended actions.
    pub after_actions: AfterActions,
}

/// Each revenue's share of `total`; `None` when the total is not positive, or when
/// credit notes net it to so little that a share leaves `Decimal`'s range (the
/// shares would be meaningless, not a crash).
pub fn revenue_shares(revenues: impl Iterator<Item = Decimal>, total: Decimal) -> Option<Vec<f64>> {
    if total <= Decimal::ZERO {
        return None;
    }
    revenues
        .map(|r| r.checked_div(total).map(crate::model::money::to_f64))
        .collect()
}

/// Herfindahl-Hirschman index of revenue shares: the sum of their squares (1 = one client).
pub fn hhi(shares: &[f64]) -> f64 {
    crate::model::money::round_ratio(shares.iter().map(|x| x * x).sum())
}

/// Totals that depend only on the metrics; verdict-dependent parts are filled in by `verdict`.
pub fn totals<'a>(
    rows: impl Iterator<Item = &'a ClientMetrics> + Clone,
    settings: &Settings,
) -> PortfolioTotals {
    let now = Sums::of(rows.clone().map(|m| (m.revenue, m.cost)));
    let revenue = now.revenue.unwrap_or_default();
    let largest = rows
        .clone()
        .filter_map(|m| Some((m.revenue?, &m.client)))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    let hhi = revenue_shares(rows.clone().filter_map(|m| m.revenue), revenue).map(|s| hhi(&s));
    let revenue_at_risk = rows
        .clone()
        .filter(|m| m.churn_risk.is_some_and(|r| r >= settings.at_risk_churn))
        .filter_map(|m| m.revenue)
        .sum();
    PortfolioTotals {
        clients: rows.count(),
        now,
        largest_client_share: largest.and_then(|(r, _)| ratio(r, revenue)),
        largest_client: largest.map(|(_, n)| n.clone()),
        hhi,
        revenue_at_risk,
        ..PortfolioTotals::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::Client;

    #[test]
    fn totals_by_hand() {
        let mk = |n: &str, r: &str, c: &str, complaints| Client {
            name: n.into(),
            revenue: Some(dec(r)),
            cost: Some(dec(c)),
            complaints: Some(complaints),
            ..Client::default()
        };
        let clients = [
            mk("A", "600", "300", 0),
            mk("B", "300", "200", 3),
            mk("C", "100", "90", 0),
        ];
        let s = Settings::default();
        let rows = super::super::client::compute(&clients, &[], &s, "2026-11-01".parse().unwrap());
        let t = totals(rows.iter(), &s);
        assert_eq!(t.now.revenue, Some(dec("1000")));
        assert_eq!(t.now.profit, Some(dec("410")));
        assert_eq!(t.now.margin_ratio, Some(0.41));
        assert_eq!(t.largest_client_share, Some(0.6));
        assert_eq!(t.largest_client.as_deref(), Some("A"));
        // 0.36 + 0.09 + 0.01
        assert_eq!(t.hhi, Some(0.46));
        // B: 3 complaints -> 0.7 * 0.875 = 0.6125 >= 0.5
        assert_eq!(t.revenue_at_risk, dec("300"));
    }

    #[test]
    fn profit_counts_only_clients_with_both_figures() {
        let s = Sums::of([
            (Some(dec("100")), Some(dec("40"))),
            (Some(dec("900")), None),
            (None, Some(dec("5"))),
        ]);
        assert_eq!(s.revenue, Some(dec("1000")));
        assert_eq!(s.cost, Some(dec("45")));
        assert_eq!(s.profit, Some(dec("60")));
        assert_eq!(s.margin_ratio, Some(0.6));
        assert_eq!(Sums::of([(Some(dec("1")), None)]).cost, None);
    }

    #[test]
    fn shares_need_a_positive_total_that_keeps_them_in_range() {
        let d = |v: &str| dec(v);
        let shares = revenue_shares([d("750"), d("250")].into_iter(), d("1000")).unwrap();
        assert_eq!(shares, vec![0.75, 0.25]);
        assert_eq!(hhi(&shares), 0.625); // 0.5625 + 0.0625
        assert_eq!(revenue_shares([d("5"), d("-5")].into_iter(), d("0")), None);
        assert_eq!(
            revenue_shares([d("5"), d("-10")].into_iter(), d("-5")),
            None
        );
        // A credit note netting the total to a hair: the share overflows, no panic.
        let huge = d("70000000000000000000000000000");
        assert_eq!(
            revenue_shares(
                [huge, d("-69999999999999999999999999999.9999")].into_iter(),
                d("0.0000000000000000000000000001")
            ),
            None
        );
    }
}
