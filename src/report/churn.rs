//! Churn for people and scripts: cohorts with their sBG fits, the pooled fit, and
//! losses per period, by reason and by source.

use super::render::{notes, Tabled};
use super::text::{money, pct, printable};
use crate::metrics::churn_history::{ChurnHistory, LossKind};
use crate::metrics::models::cohorts::{Cohort, Renewal};
use serde::Serialize;
use std::io::{self, Write};

/// What `portfolio churn` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ChurnReport {
    /// One per start period and segment.
    pub cohorts: Vec<Cohort>,
    /// One sBG fit over every cohort at once (each for the renewals it has lived
    /// through), when they are too small on their own; `null` with fewer than 10
    /// clients or no cohort observed for two renewals.
    pub pooled: Option<Pooled>,
    /// Length of the history periods.
    pub every: Renewal,
    /// Losses per period, their reasons, and churn by source.
    #[serde(flatten)]
    pub history: ChurnHistory,
    /// Why a fit or a figure is missing.
    pub warnings: Vec<String>,
}

/// The pooled fit.
#[derive(Debug, Clone, Serialize)]
pub struct Pooled {
    /// Clients in all cohorts.
    pub clients: u64,
    /// Cohorts pooled.
    pub cohorts: usize,
    /// The fit.
    pub sbg: crate::metrics::models::sbg::Sbg,
    /// Share of a new cohort still a client after 1, 2, … 5 renewals.
    pub survival: Vec<f64>,
}

impl Tabled for ChurnReport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let h = &self.history;
        writeln!(
            out,
            "{:<10} {:>7} {:>5} {:>5} {:>7} {:>12} {:>12} {:>9} {:>7}",
            "period", "clients", "new", "lost", "churn", "MRR", "MRR lost", "rev churn", "NRR"
        )?;
        for p in &h.periods {
            writeln!(
                out,
                "{:<10} {:>7} {:>5} {:>5} {:>7} {:>12} {:>12} {:>9} {:>7}",
                p.period,
                p.clients_at_start,
                p.new_clients,
                p.lost,
                pct(p.churn_rate),
                money(Some(p.mrr_at_start)),
                money(Some(p.mrr_lost)),
                pct(p.revenue_churn),
                pct(p.net_revenue_retention)
            )?;
        }
        if !h.reasons.is_empty() {
            writeln!(out, "\nwhy clients left:")?;
        }
        for x in &h.reasons {
            let share = pct(Some(x.share));
            writeln!(
                out,
                "  {:>3} {share:>6}  {}",
                x.clients,
                printable(&x.reason)
            )?;
        }
        if !h.segments.is_empty() {
            writeln!(
                out,
                "\n{:<20} {:>7} {:>5} {:>7} {:>14} {:>7}",
                "source", "clients", "lost", "churn", "revenue", "margin"
            )?;
        }
        for g in &h.segments {
            writeln!(
                out,
                "{:<20} {:>7} {:>5} {:>7} {:>14} {:>7}",
                printable(&g.source),
                g.clients,
                g.lost,
                pct(g.churn_rate),
                money(g.revenue),
                pct(g.margin_ratio)
            )?;
        }
        if !h.losses.is_empty() {
            writeln!(out, "\nlost:")?;
        }
        for l in &h.losses {
            let how = match l.how {
                LossKind::Cancelled => "cancelled",
                LossKind::NotRenewed => "not renewed",
            };
            let monthly = l
                .monthly_revenue
                .map(|m| format!(", {} a month", money(Some(m))));
            let reason = l.reason.as_deref().map(|x| format!(": {}", printable(x)));
            writeln!(
                out,
                "  {} {} ({how}{}){}",
                l.lost_on,
                printable(&l.client),
                monthly.unwrap_or_default(),
                reason.unwrap_or_default()
            )?;
        }
        if let Some(p) = &self.pooled {
            let survival: Vec<String> = p.survival.iter().map(|x| pct(Some(*x))).collect();
            writeln!(
                out,
                "\nall {} cohorts pooled ({} clients): gamma {:.3} delta {:.3}; a new client is still one after 1-5 renewals: {}",
                p.cohorts,
                p.clients,
                p.sbg.gamma,
                p.sbg.delta,
                survival.join(", ")
            )?;
        }
        if !self.cohorts.is_empty() {
            writeln!(out, "\ncohorts:")?;
        }
        for c in &self.cohorts {
            let seg = c.segment.as_deref().map(|x| format!(" / {x}"));
            let fit = c.sbg.map_or_else(
                || "no fit".to_string(),
                |f| {
                    let spread = super::models::spread(&f.uncertainty, &["gamma", "delta"]);
                    format!("gamma {:.3} delta {:.3}, {spread}", f.gamma, f.delta)
                },
            );
            writeln!(
                out,
                "  {}{}: {} clients, survivors {:?}, {fit}, churn {}, revenue churn {}",
                c.cohort,
                printable(&seg.unwrap_or_default()),
                c.clients,
                c.survivors,
                pct(c.churn_rate),
                pct(c.revenue_churn)
            )?;
        }
        notes(&self.warnings, out)
    }
}
