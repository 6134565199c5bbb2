//! The stored history for people and scripts: the portfolio or one client period
//! by period, and what changed between two periods.

use super::render::Tabled;
use super::text::{money, pct, printable, score};
use crate::history::{Changes, Snapshot};
use serde::Serialize;
use std::io::{self, Write};

/// One period of the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioRow {
    /// The period's label.
    pub period: String,
    /// Clients scored.
    pub clients: usize,
    /// Clients to fire.
    pub fire: usize,
    /// Clients to reprice.
    pub reprice: usize,
    /// Clients to retain.
    pub retain: usize,
    /// Mean health.
    pub mean_health: Option<f64>,
    /// Σ profit / Σ revenue.
    pub margin_ratio: Option<f64>,
}

/// The portfolio period by period (`portfolio history`).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct PortfolioHistory(pub Vec<PortfolioRow>);

impl PortfolioHistory {
    /// One row per stored snapshot.
    pub fn of(snapshots: &[Snapshot]) -> PortfolioHistory {
        PortfolioHistory(
            snapshots
                .iter()
                .map(|s| PortfolioRow {
                    period: s.period.clone(),
                    clients: s.clients.len(),
                    fire: s.count("fire"),
                    reprice: s.count("reprice"),
                    retain: s.count("retain"),
                    mean_health: s.mean_health(),
                    margin_ratio: s.margin_ratio(),
                })
                .collect(),
        )
    }
}

impl Tabled for PortfolioHistory {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{:<12} {:>7} {:>5} {:>7} {:>6} {:>7} {:>7}",
            "period", "clients", "fire", "reprice", "retain", "health", "margin"
        )?;
        for r in &self.0 {
            writeln!(
                out,
                "{:<12} {:>7} {:>5} {:>7} {:>6} {:>7} {:>7}",
                printable(&r.period),
                r.clients,
                r.fire,
                r.reprice,
                r.retain,
                score(r.mean_health),
                pct(r.margin_ratio)
            )?;
        }
        Ok(())
    }
}

/// One period of a client.
#[derive(Debug, Clone, Serialize)]
pub struct ClientRow {
    /// The period's label.
    pub period: String,
    /// The client's figures in it.
    #[serde(flatten)]
    pub figures: crate::history::ClientSnapshot,
}

/// One client period by period (`portfolio history CLIENT`).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct ClientHistory(pub Vec<ClientRow>);

impl ClientHistory {
    /// The client's row in every stored snapshot that has it.
    pub fn of(snapshots: &[Snapshot], name: &str) -> ClientHistory {
        ClientHistory(
            snapshots
                .iter()
                .filter_map(|s| {
                    Some(ClientRow {
                        period: s.period.clone(),
                        figures: s.find(name)?.clone(),
                    })
                })
                .collect(),
        )
    }
}

impl Tabled for ClientHistory {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{:<12} {:<8} {:>7} {:>7} {:>12} {:>6}",
            "period", "verdict", "health", "margin", "revenue", "churn"
        )?;
        for r in &self.0 {
            let f = &r.figures;
            writeln!(
                out,
                "{:<12} {:<8} {:>7} {:>7} {:>12} {:>6}",
                printable(&r.period),
                f.verdict,
                score(f.health),
                pct(f.margin_ratio),
                money(f.revenue),
                pct(f.churn_risk)
            )?;
        }
        Ok(())
    }
}

impl Tabled for Changes {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let (from, to) = (printable(&self.from_period), printable(&self.to_period));
        writeln!(out, "{from} -> {to}")?;
        if self.is_empty() {
            return writeln!(out, "nothing changed");
        }
        for t in &self.transitions {
            let client = printable(&t.client);
            writeln!(out, "  verdict  {client}: {} -> {}", t.from, t.to)?;
        }
        for a in &self.new_at_risk {
            writeln!(
                out,
                "  at risk  {} (health {}, churn risk {})",
                printable(&a.client),
                score(a.health),
                pct(a.churn_risk)
            )?;
        }
        for m in &self.margin_moves {
            writeln!(
                out,
                "  margin   {}: {} -> {} ({:+.1} points)",
                printable(&m.client),
                pct(Some(m.from)),
                pct(Some(m.to)),
                m.change * 100.0
            )?;
        }
        for n in &self.new_clients {
            writeln!(out, "  new      {}", printable(n))?;
        }
        for n in &self.gone_clients {
            writeln!(out, "  gone     {}", printable(n))?;
        }
        Ok(())
    }
}
