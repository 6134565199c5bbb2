//! Vetted prospects for people and scripts.

use super::render::{notes, Tabled};
use super::text::{money, pct, printable, score};
use crate::verdict::vet::{Baseline, VetVerdict, Vetting};
use serde::Serialize;
use std::io::{self, Write};

/// What `portfolio vet` prints.
#[derive(Debug, Clone, Serialize)]
pub struct VetReport {
    /// The target margin used.
    pub target_margin_ratio: f64,
    /// What the portfolio says (cost of an hour, overrun by source).
    pub baseline: Baseline,
    /// One per prospect, in file order.
    pub prospects: Vec<Vetting>,
    /// Rejected rows and file warnings.
    pub warnings: Vec<String>,
}

impl Tabled for VetReport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        for v in &self.prospects {
            let verdict = match v.verdict {
                Some(VetVerdict::Take) => "TAKE".to_string(),
                Some(VetVerdict::TakeAtPrice) => format!(
                    "TAKE AT {} an hour ({} in all)",
                    money(v.price_rate),
                    money(v.price_total)
                ),
                Some(VetVerdict::Decline) => "DECLINE".to_string(),
                None => "no verdict".to_string(),
            };
            writeln!(out, "{}: {verdict}", printable(&v.prospect))?;
            writeln!(
                out,
                "  quote {} x {} h = {} · expected {} h ({} overrun, {}) at {} = {} · margin {} · fit {}",
                money(v.quoted_rate),
                money(v.estimated_hours),
                money(v.expected_revenue),
                money(v.expected_hours),
                pct(v.overrun_ratio),
                printable(&v.overrun_basis.to_string()),
                money(v.cost_rate),
                money(v.expected_cost),
                pct(v.expected_margin_ratio),
                score(v.fit_score)
            )?;
            for reason in &v.reasons {
                writeln!(out, "  - {}", printable(&reason.to_string()))?;
            }
        }
        notes(&self.warnings, out)
    }
}
