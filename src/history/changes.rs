//! What changed between two periods: verdict transitions, clients new and gone,
//! clients newly at risk, and the biggest margin moves. Pure: two snapshots in.

use super::snapshot::Snapshot;
use serde::Serialize;

/// How many margin moves to list.
const MARGIN_MOVES: usize = 5;

/// One client whose verdict changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// The client.
    pub client: String,
    /// Verdict before.
    pub from: String,
    /// Verdict now.
    pub to: String,
}

/// One client newly at risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtRisk {
    /// The client.
    pub client: String,
    /// Health now.
    pub health: Option<f64>,
    /// Churn risk now.
    pub churn_risk: Option<f64>,
}

/// One client's margin change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarginMove {
    /// The client.
    pub client: String,
    /// Margin before, as a fraction.
    pub from: f64,
    /// Margin now.
    pub to: f64,
    /// `to - from`.
    pub change: f64,
}

/// Everything that changed from one period to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    /// The earlier period.
    pub from_period: String,
    /// The later period.
    pub to_period: String,
    /// Verdict changes, worst new verdict first.
    pub transitions: Vec<Transition>,
    /// Clients in the later period only.
    pub new_clients: Vec<String>,
    /// Clients in the earlier period only.
    pub gone_clients: Vec<String>,
    /// At risk now (health band at_risk, or churn risk of 0.5 or more), not before.
    pub new_at_risk: Vec<AtRisk>,
    /// The largest margin changes, largest first (at most five).
    pub margin_moves: Vec<MarginMove>,
}

impl Changes {
    /// Whether nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.transitions.is_empty()
            && self.new_clients.is_empty()
            && self.gone_clients.is_empty()
            && self.new_at_risk.is_empty()
            && self.margin_moves.is_empty()
    }
}

/// A stored verdict in the report's order (fire first, as `Verdict` orders); unknown text last.
fn verdict_rank(v: &str) -> (bool, Option<crate::verdict::Verdict>) {
    use clap::ValueEnum;
    let verdict = crate::verdict::Verdict::from_str(v, true).ok();
    (verdict.is_none(), verdict)
}

/// Compares `before` with `now`, matching clients as everywhere (case and Unicode form).
pub fn changes(before: &Snapshot, now: &Snapshot) -> Changes {
    let key = crate::model::client::client_key;
    let (old, current) = (before.by_key(), now.by_key());
    let mut transitions = Vec::new();
    let mut new_clients = Vec::new();
    let mut new_at_risk = Vec::new();
    let mut margin_moves = Vec::new();
    for c in &now.clients {
        let was = old.get(&key(&c.client));
        match was {
            Some(w) if w.verdict != c.verdict => transitions.push(Transition {
                client: c.client.clone(),
                from: w.verdict.clone(),
                to: c.verdict.clone(),
            }),
            None => new_clients.push(c.client.clone()),
            _ => {}
        }
        if c.at_risk() && !was.is_some_and(|w| w.at_risk()) {
            new_at_risk.push(AtRisk {
                client: c.client.clone(),
                health: c.health,
                churn_risk: c.churn_risk,
            });
        }
        if let Some((from, to)) = was.and_then(|w| w.margin_ratio).zip(c.margin_ratio) {
            let change = crate::model::money::round_ratio(to - from);
            if change != 0.0 {
                margin_moves.push(MarginMove {
                    client: c.client.clone(),
                    from,
                    to,
                    change,
                });
            }
        }
    }
    let gone_clients = before
        .clients
        .iter()
        .filter(|c| !current.contains_key(&key(&c.client)))
        .map(|c| c.client.clone())
        .collect();
    transitions.sort_by(|a, b| {
        verdict_rank(&a.to)
            .cmp(&verdict_rank(&b.to))
            .then_with(|| a.client.cmp(&b.client))
    });
    margin_moves.sort_by(|a, b| {
        b.change
            .abs()
            .total_cmp(&a.change.abs())
            .then_with(|| a.client.cmp(&b.client))
    });
    margin_moves.truncate(MARGIN_MOVES);
    Changes {
        from_period: before.period.clone(),
        to_period: now.period.clone(),
        transitions,
        new_clients,
        gone_clients,
        new_at_risk,
        margin_moves,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::ClientSnapshot;

    fn client(name: &str, verdict: &str, margin: Option<f64>, band: &str) -> ClientSnapshot {
        ClientSnapshot {
            client: name.into(),
            verdict: verdict.into(),
            health: Some(if band == "at_risk" { 30.0 } else { 70.0 }),
            health_band: Some(band.into()),
            margin_ratio: margin,
            revenue: None,
            profit: None,
            churn_risk: None,
            fit_score: None,
            overdue: None,
        }
    }

    fn snap(period: &str, clients: Vec<ClientSnapshot>) -> Snapshot {
        Snapshot {
            period: period.into(),
            from: None,
            to: None,
            as_of: "2026-11-01".parse().unwrap(),
            currency: None,
            clients,
        }
    }

    #[test]
    fn transitions_new_gone_at_risk_and_margin_moves() {
        let before = snap(
            "2026-09",
            vec![
                client("Kovács Kft.", "retain", Some(0.40), "healthy"),
                client("Acme", "retain", Some(0.30), "watch"),
                client("Brightline", "reprice", Some(0.10), "at_risk"),
                client("Gone Ltd", "retain", Some(0.50), "healthy"),
            ],
        );
        let now = snap(
            "2026-10",
            vec![
                // Same client, other case: matched.
                client("KOVÁCS KFT.", "fire", Some(-0.05), "at_risk"),
                client("Acme", "reprice", Some(0.28), "watch"),
                client("Brightline", "reprice", Some(0.10), "at_risk"),
                client("پارس طراحی", "retain", Some(0.60), "healthy"),
            ],
        );
        let c = changes(&before, &now);
        assert_eq!(
            c.transitions,
            vec![
                Transition {
                    client: "KOVÁCS KFT.".into(),
                    from: "retain".into(),
                    to: "fire".into()
                },
                Transition {
                    client: "Acme".into(),
                    from: "retain".into(),
                    to: "reprice".into()
                },
            ]
        );
        assert_eq!(c.new_clients, vec!["پارس طراحی"]);
        assert_eq!(c.gone_clients, vec!["Gone Ltd"]);
        // Brightline was at risk already.
        assert_eq!(c.new_at_risk.len(), 1);
        assert_eq!(c.new_at_risk[0].client, "KOVÁCS KFT.");
        // -0.45 and -0.02; Brightline did not move.
        let moves: Vec<(&str, f64)> = c
            .margin_moves
            .iter()
            .map(|m| (m.client.as_str(), m.change))
            .collect();
        assert_eq!(moves, vec![("KOVÁCS KFT.", -0.45), ("Acme", -0.02)]);
        assert!(!c.is_empty());
        assert!(changes(&now, &now).is_empty());
    }
}
