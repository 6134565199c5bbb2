//! What the history keeps of a period: its own types, not the report's.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One client's figures as stored for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientSnapshot {
    /// Client name as written.
    pub client: String,
    /// `fire`, `reprice` or `retain`.
    pub verdict: String,
    /// Health 0-100.
    pub health: Option<f64>,
    /// `healthy`, `watch` or `at_risk`.
    pub health_band: Option<String>,
    /// Margin as a fraction.
    pub margin_ratio: Option<f64>,
    /// Revenue in the period.
    pub revenue: Option<Decimal>,
    /// Profit in the period.
    pub profit: Option<Decimal>,
    /// Churn risk 0-1.
    pub churn_risk: Option<f64>,
    /// Fit 0-100.
    pub fit_score: Option<f64>,
    /// Past due on the report date.
    pub overdue: Option<Decimal>,
}

impl ClientSnapshot {
    /// At risk: health in the at-risk band, or churn risk of one half or more.
    pub fn at_risk(&self) -> bool {
        self.health_band.as_deref() == Some("at_risk") || self.churn_risk.is_some_and(|r| r >= 0.5)
    }
}

/// One period's stored report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The period's label: `2026-10`, `2026-Q3`, …
    pub period: String,
    /// Its first day, when known (ledger runs).
    pub from: Option<NaiveDate>,
    /// Its last day, when known.
    pub to: Option<NaiveDate>,
    /// The report date.
    pub as_of: NaiveDate,
    /// Currency of the amounts.
    pub currency: Option<String>,
    /// Every client, in report order.
    pub clients: Vec<ClientSnapshot>,
}

impl Snapshot {
    /// Σ profit / Σ revenue over the clients with both.
    pub fn margin_ratio(&self) -> Option<f64> {
        let (mut revenue, mut profit) = (Decimal::ZERO, Decimal::ZERO);
        for c in &self.clients {
            if let (Some(r), Some(p)) = (c.revenue, c.profit) {
                revenue += r;
                profit += p;
            }
        }
        crate::model::money::ratio(profit, revenue)
    }

    /// Mean health over the clients that have one.
    pub fn mean_health(&self) -> Option<f64> {
        let scores: Vec<f64> = self.clients.iter().filter_map(|c| c.health).collect();
        (!scores.is_empty()).then(|| {
            crate::model::money::round_to(scores.iter().sum::<f64>() / scores.len() as f64, 1)
        })
    }

    /// How many clients have this verdict.
    pub fn count(&self, verdict: &str) -> usize {
        self.clients.iter().filter(|c| c.verdict == verdict).count()
    }

    /// Every client by its match key (case and Unicode form), the first of a name
    /// winning as in `find`: for lookups of many clients at once.
    pub fn by_key(&self) -> std::collections::HashMap<String, &ClientSnapshot> {
        let mut map = std::collections::HashMap::with_capacity(self.clients.len());
        for c in &self.clients {
            map.entry(crate::model::client::client_key(&c.client))
                .or_insert(c);
        }
        map
    }

    /// The client with this name, matched as everywhere (case and Unicode form).
    pub fn find(&self, name: &str) -> Option<&ClientSnapshot> {
        let key = crate::model::client::client_key(name);
        self.clients
            .iter()
            .find(|c| crate::model::client::client_key(&c.client) == key)
    }
}
