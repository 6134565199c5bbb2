//! verdict: pure, ordered rules from figures to fire / reprice / retain, with
//! reasons (metric, value, threshold) and a concrete next step.

pub mod next_step;
pub mod rules;

use crate::metrics::{ClientMetrics, PortfolioTotals};
use crate::model::Settings;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

pub use next_step::{NextStep, RetentionOffer};
pub use rules::{Rule, RULES};

/// The one decision per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// End the engagement.
    Fire,
    /// Keep, at a new price or on new terms.
    Reprice,
    /// Keep as is (with a retention action when valuable and at risk).
    Retain,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Fire => "fire",
            Verdict::Reprice => "reprice",
            Verdict::Retain => "retain",
        })
    }
}

/// A reason's value or threshold: a plain JSON number, text or null.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    /// A ratio, score or day count.
    Number(f64),
    /// A whole number (counts, months).
    Count(i64),
    /// Money, exact.
    Money(Decimal),
    /// Text (a red flag).
    Text(String),
    /// Nothing (no threshold, an unknown value).
    Null,
}

/// Why: the metric, its value, the threshold it crossed, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Rule id that produced it (see the README's rule table).
    pub rule: &'static str,
    /// Metric key, as in `metrics`.
    pub metric: &'static str,
    /// The client's value (number, or text for a red flag).
    pub value: Figure,
    /// The threshold crossed (`null` for a red flag).
    pub threshold: Figure,
    /// The reason in a sentence.
    pub text: String,
}

/// The verdict for one client with everything that explains it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The verdict.
    pub verdict: Verdict,
    /// Id of the rule that decided it (`healthy` when no rule fired).
    pub rule: &'static str,
    /// Every rule that fired, the deciding one first.
    pub reasons: Vec<Reason>,
    /// What to do now.
    pub next_step: NextStep,
}

/// Decides every client's verdict.
pub fn decide(rows: &[ClientMetrics], settings: &Settings, as_of: NaiveDate) -> Vec<Assessment> {
    crate::par::map(rows, |m| decide_one(m, settings, as_of))
}

/// Decides one client's verdict: the first rule of [`RULES`] that fires decides;
/// every rule that fires gives a reason.
pub fn decide_one(m: &ClientMetrics, s: &Settings, as_of: NaiveDate) -> Assessment {
    let fired: Vec<(&Rule, Reason)> = RULES
        .iter()
        .filter_map(|r| (r.check)(m, s).map(|reason| (r, reason)))
        .collect();
    let (verdict, rule) = fired
        .first()
        .map_or((Verdict::Retain, "healthy"), |(r, _)| (r.verdict, r.id));
    let mut reasons: Vec<Reason> = fired.into_iter().map(|(_, reason)| reason).collect();
    let next_step = next_step::next_step(verdict, m, s, as_of, &mut reasons);
    Assessment {
        verdict,
        rule,
        reasons,
        next_step,
    }
}

/// Fills the verdict-dependent portfolio figures: revenue by verdict and the what-if after actions.
pub fn complete_totals(
    totals: &mut PortfolioTotals,
    rows: &[ClientMetrics],
    assessments: &[Assessment],
) {
    let mut after = Vec::with_capacity(rows.len());
    for (m, a) in rows.iter().zip(assessments) {
        let r = m.revenue.unwrap_or_default();
        match a.verdict {
            Verdict::Fire => {
                totals.revenue_by_verdict.fire += r;
                totals.clients_by_verdict.fire += 1;
            }
            Verdict::Reprice => {
                totals.revenue_by_verdict.reprice += r;
                totals.clients_by_verdict.reprice += 1;
            }
            Verdict::Retain => {
                totals.revenue_by_verdict.retain += r;
                totals.clients_by_verdict.retain += 1;
            }
        }
        if a.verdict == Verdict::Fire {
            continue;
        }
        // Assume the repriced clients accept the proposed fee.
        let revenue = match (a.verdict, a.next_step.new_period_revenue) {
            (Verdict::Reprice, Some(new)) => Some(crate::model::money::round_money(new)),
            _ => m.revenue,
        };
        after.push((revenue, m.cost));
    }
    let mut after = crate::metrics::portfolio::Sums::of(after);
    // Firing everyone leaves nothing, not an unknown.
    let now = &totals.now;
    for (a, n) in [
        (&mut after.revenue, now.revenue),
        (&mut after.cost, now.cost),
        (&mut after.profit, now.profit),
    ] {
        if a.is_none() && n.is_some() {
            *a = Some(Decimal::ZERO);
        }
    }
    totals.after_actions = after;
}
