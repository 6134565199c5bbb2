//! Portfolio totals: revenue, cost, profit, margin, concentration and revenue at risk.

use super::ClientMetrics;
use crate::model::money::ratio;
use crate::model::Settings;
use rust_decimal::Decimal;
use serde::Serialize;

/// Revenue, cost and profit after the recommended actions (what-if).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AfterActions {
    /// Revenue after firing and repricing.
    pub revenue: Decimal,
    /// Cost after firing.
    pub cost: Decimal,
    /// `revenue - cost`.
    pub profit: Decimal,
    /// `profit / revenue`.
    pub margin_ratio: Option<f64>,
}

/// Revenue by verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ByVerdict {
    /// Clients to fire.
    pub fire: Decimal,
    /// Clients to reprice.
    pub reprice: Decimal,
    /// Clients to retain.
    pub retain: Decimal,
}

/// Portfolio-level figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PortfolioTotals {
    /// Number of clients scored.
    pub clients: usize,
    /// Total revenue.
    pub revenue: Decimal,
    /// Total cost.
    pub cost: Decimal,
    /// Total profit.
    pub profit: Decimal,
    /// `profit / revenue` over clients with both figures.
    pub margin_ratio: Option<f64>,
    /// Largest single client's share of revenue.
    pub largest_client_share: Option<f64>,
    /// The largest client.
    pub largest_client: Option<String>,
    /// Herfindahl-Hirschman index of revenue shares, 0-1 (1 = one client).
    pub hhi: Option<f64>,
    /// Revenue of clients whose churn risk is at or above `at_risk_churn`.
    pub revenue_at_risk: Decimal,
    /// Revenue by verdict.
    pub revenue_by_verdict: ByVerdict,
    /// Clients by verdict.
    pub clients_by_verdict: Counts,
    /// The same figures after the recommended actions.
    pub after_actions: AfterActions,
}

/// Client counts by verdict.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Clients to fire.
    pub fire: usize,
    /// Clients to reprice.
    pub reprice: usize,
    /// Clients to retain.
    pub retain: usize,
}

/// Totals that depend only on the metrics; verdict-dependent parts are filled in by `verdict`.
pub fn totals(rows: &[ClientMetrics], settings: &Settings) -> PortfolioTotals {
    let revenue: Decimal = rows.iter().filter_map(|m| m.revenue).sum();
    let cost: Decimal = rows.iter().filter_map(|m| m.cost).sum();
    // Margin only over clients with both figures, so a missing cost does not look like profit.
    let (r_both, p_both) = rows
        .iter()
        .filter_map(|m| Some((m.revenue?, m.profit?)))
        .fold((Decimal::ZERO, Decimal::ZERO), |(r, p), (mr, mp)| {
            (r + mr, p + mp)
        });
    let largest = rows
        .iter()
        .filter_map(|m| Some((m.revenue?, &m.client)))
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    let hhi = if revenue.is_zero() {
        None
    } else {
        let sum: f64 = rows
            .iter()
            .filter_map(|m| m.revenue)
            .map(|r| crate::model::money::to_f64(r / revenue).powi(2))
            .sum();
        Some(crate::model::money::round_ratio(sum))
    };
    let revenue_at_risk = rows
        .iter()
        .filter(|m| m.churn_risk.is_some_and(|r| r >= settings.at_risk_churn))
        .filter_map(|m| m.revenue)
        .sum();
    PortfolioTotals {
        clients: rows.len(),
        revenue,
        cost,
        profit: p_both,
        margin_ratio: ratio(p_both, r_both),
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
        let rows = super::super::compute(&clients, &s, "2026-11-01".parse().unwrap());
        let t = totals(&rows, &s);
        assert_eq!(t.revenue, dec("1000"));
        assert_eq!(t.profit, dec("410"));
        assert_eq!(t.margin_ratio, Some(0.41));
        assert_eq!(t.largest_client_share, Some(0.6));
        assert_eq!(t.largest_client.as_deref(), Some("A"));
        // 0.36 + 0.09 + 0.01
        assert_eq!(t.hhi, Some(0.46));
        // B: 3 complaints -> 0.7 * 0.875 = 0.6125 >= 0.5
        assert_eq!(t.revenue_at_risk, dec("300"));
    }
}
