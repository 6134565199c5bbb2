//! Vetting a prospect before the contract is signed: the margin the quote really
//! earns once the scope creeps as it does for this agency's clients from the same
//! channel, the price that would reach the target margin, fit and red flags, and a
//! verdict: take, take at a price, or decline. Pure: clients and settings in.

use crate::metrics::fit::fit_score;
use crate::model::money::{ratio, round_money, round_ratio};
use crate::model::{Client, Quote, Settings};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// What this agency's existing clients say: the cost of an hour, and how far work
/// runs over what was agreed, by acquisition channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Baseline {
    /// Σ cost ÷ Σ hours over clients with both.
    pub cost_rate: Option<Decimal>,
    /// Mean `(hours − contracted) ÷ contracted` by source, and how many clients.
    pub overrun_by_source: BTreeMap<String, (f64, usize)>,
    /// The same over every client with both figures.
    pub overrun: Option<(f64, usize)>,
}

/// Learns the baseline from the existing clients (a summary file).
pub fn baseline(clients: &[Client]) -> Baseline {
    let (mut cost, mut hours) = (Decimal::ZERO, Decimal::ZERO);
    let mut by: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut all = Vec::new();
    for c in clients {
        let spent = c
            .cost
            .or_else(|| Some(c.hours? * c.cost_rate?))
            .filter(|_| c.hours.is_some());
        if let (Some(k), Some(h)) = (spent, c.hours) {
            cost += k;
            hours += h;
        }
        if let (Some(h), Some(agreed)) = (c.hours, c.contracted_hours) {
            if let Some(r) = ratio(h - agreed, agreed) {
                all.push(r);
                if let Some(s) = &c.source {
                    by.entry(s.to_lowercase()).or_default().push(r);
                }
            }
        }
    }
    let mean =
        |v: &[f64]| (!v.is_empty()).then(|| (v.iter().sum::<f64>() / v.len() as f64, v.len()));
    Baseline {
        cost_rate: (!hours.is_zero()).then(|| round_money(cost / hours)),
        overrun_by_source: by
            .into_iter()
            .filter_map(|(k, v)| Some((k, mean(&v)?)))
            .collect(),
        overrun: mean(&all),
    }
}

/// What to do with a prospect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VetVerdict {
    /// The quote earns the target margin.
    Take,
    /// Take it at the price that earns the target margin (`price_rate`).
    TakeAtPrice,
    /// Decline: a red flag, a poor fit, or a budget below the price that works.
    Decline,
}

/// One prospect, vetted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Vetting {
    /// The prospect.
    pub prospect: String,
    /// The verdict (`null` when the file lacks what it needs: a reason says what).
    pub verdict: Option<VetVerdict>,
    /// Price per hour quoted.
    pub quoted_rate: Option<Decimal>,
    /// Hours the work is estimated at.
    pub estimated_hours: Option<Decimal>,
    /// Overrun expected, as a fraction of the estimate.
    pub overrun_ratio: Option<f64>,
    /// Where that overrun comes from: `source referral (4 clients)`, `all clients (20)`, or `none`.
    pub overrun_basis: OverrunBasis,
    /// Hours expected: estimate × (1 + overrun).
    pub expected_hours: Option<Decimal>,
    /// Cost per hour used (the prospect's own `cost_rate`, else the agency's).
    pub cost_rate: Option<Decimal>,
    /// Quoted rate × estimated hours.
    pub expected_revenue: Option<Decimal>,
    /// Cost rate × expected hours.
    pub expected_cost: Option<Decimal>,
    /// `(revenue − cost) ÷ revenue` at the quote.
    pub expected_margin_ratio: Option<f64>,
    /// Price per hour that reaches the target margin, rounded up to a cent.
    pub price_rate: Option<Decimal>,
    /// That price × the estimated hours.
    pub price_total: Option<Decimal>,
    /// The prospect's budget.
    pub budget: Option<Decimal>,
    /// Fit 0-100.
    pub fit_score: Option<f64>,
    /// A red flag, if any.
    pub red_flag: Option<String>,
    /// Why, the deciding one first.
    pub reasons: Vec<VetReason>,
}

/// Where a prospect's expected overrun comes from (written as `report::wording` says).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OverrunBasis {
    /// The agency's clients of the prospect's source: the source and how many.
    Source(String, usize),
    /// Every client with hours and contracted hours: how many.
    AllClients(usize),
    /// No client to learn from.
    #[default]
    None,
}

/// Why a prospect got its verdict (in words in `report::wording`).
#[derive(Debug, Clone, PartialEq)]
pub enum VetReason {
    /// A red flag: a no at any price.
    RedFlag(String),
    /// Fit below the poor-fit score: (fit, poor_fit_score).
    PoorFit(f64, f64),
    /// The quote, the estimate or a cost rate is missing.
    NoMargin,
    /// The expected margin reaches the target.
    Reaches {
        /// Expected margin at the quote.
        margin: f64,
        /// `target_margin_ratio`.
        target: f64,
        /// The expected overrun.
        overrun: f64,
        /// Where it comes from.
        basis: OverrunBasis,
    },
    /// The budget is below the price that reaches the target.
    BudgetTooLow {
        /// The budget.
        budget: Decimal,
        /// The price for the estimate.
        total: Decimal,
        /// `target_margin_ratio`.
        target: f64,
        /// The hourly price that reaches it.
        rate: Decimal,
        /// The expected overrun.
        overrun: f64,
    },
    /// The expected margin at the quote.
    MarginAtQuote(f64),
    /// The quote misses the target: quote the price that reaches it.
    Misses {
        /// Expected margin at the quote, when known.
        margin: Option<f64>,
        /// `target_margin_ratio`.
        target: f64,
        /// The expected overrun.
        overrun: f64,
        /// Where it comes from.
        basis: OverrunBasis,
        /// The hourly price that reaches the target.
        rate: Decimal,
    },
}

/// Vets one prospect against the baseline.
pub fn vet(p: &Client, quote: &Quote, base: &Baseline, s: &Settings) -> Vetting {
    let target = s.target_margin_ratio;
    let fit = fit_score(&p.fit, &s.fit_aspect_weights).map(|f| crate::model::money::round_to(f, 1));
    let (overrun, basis) = match p
        .source
        .as_ref()
        .and_then(|src| Some((src, base.overrun_by_source.get(&src.to_lowercase())?)))
    {
        Some((src, &(r, n))) => (Some(r), OverrunBasis::Source(src.clone(), n)),
        None => match base.overrun {
            Some((r, n)) => (Some(r), OverrunBasis::AllClients(n)),
            None => (None, OverrunBasis::None),
        },
    };
    let cost_rate = p.cost_rate.or(base.cost_rate);
    let mut v = Vetting {
        prospect: p.name.clone(),
        quoted_rate: quote.quoted_rate,
        estimated_hours: quote.estimated_hours,
        overrun_ratio: overrun.map(round_ratio),
        overrun_basis: basis,
        cost_rate,
        budget: quote.budget,
        fit_score: fit,
        red_flag: p.red_flag.clone(),
        ..Vetting::default()
    };
    if let Some(flag) = &p.red_flag {
        v.verdict = Some(VetVerdict::Decline);
        v.reasons.push(VetReason::RedFlag(flag.clone()));
    }
    if let Some(f) = fit.filter(|f| *f < s.poor_fit_score) {
        v.verdict.get_or_insert(VetVerdict::Decline);
        v.reasons.push(VetReason::PoorFit(f, s.poor_fit_score));
    }
    let (Some(rate), Some(est), Some(cost_rate)) =
        (quote.quoted_rate, quote.estimated_hours, cost_rate)
    else {
        v.reasons.push(VetReason::NoMargin);
        return v;
    };
    let creep = crate::model::money::decimal_of(overrun.unwrap_or(0.0));
    let hours = est * (Decimal::ONE + creep);
    let revenue = rate * est;
    let cost = cost_rate * hours;
    let margin = ratio(revenue - cost, revenue);
    v.expected_hours = Some(hours.round_dp(2));
    v.expected_revenue = Some(round_money(revenue));
    v.expected_cost = Some(round_money(cost));
    v.expected_margin_ratio = margin;
    let keep = crate::model::money::decimal_of(1.0 - target);
    let price_rate = (!keep.is_zero() && !est.is_zero())
        .then(|| (cost / keep / est).round_dp_with_strategy(2, RoundingStrategy::AwayFromZero));
    v.price_rate = price_rate;
    v.price_total = price_rate.map(|r| round_money(r * est));
    if v.verdict.is_some() {
        return v;
    }
    let overrun = overrun.unwrap_or(0.0);
    match (margin, v.price_total) {
        (Some(m), _) if m >= target => {
            v.verdict = Some(VetVerdict::Take);
            v.reasons.push(VetReason::Reaches {
                margin: m,
                target,
                overrun,
                basis: v.overrun_basis.clone(),
            });
        }
        (m, Some(total)) if quote.budget.is_some_and(|b| b < total) => {
            v.verdict = Some(VetVerdict::Decline);
            v.reasons.push(VetReason::BudgetTooLow {
                budget: round_money(quote.budget.unwrap_or_default()),
                total,
                target,
                rate: price_rate.unwrap_or_default(),
                overrun,
            });
            if let Some(m) = m {
                v.reasons.push(VetReason::MarginAtQuote(m));
            }
        }
        (m, _) => {
            v.verdict = Some(VetVerdict::TakeAtPrice);
            v.reasons.push(VetReason::Misses {
                margin: m,
                target,
                overrun,
                basis: v.overrun_basis.clone(),
                rate: price_rate.unwrap_or_default(),
            });
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn client(name: &str, source: &str, hours: &str, agreed: &str, cost: &str) -> Client {
        Client {
            name: name.into(),
            source: Some(source.into()),
            hours: Some(dec(hours)),
            contracted_hours: Some(dec(agreed)),
            cost: Some(dec(cost)),
            ..Client::default()
        }
    }

    /// Referral clients run 10% and 30% over, ads 50%; every hour costs 40.
    fn base() -> Baseline {
        baseline(&[
            client("A", "referral", "110", "100", "4400"),
            client("B", "Referral", "130", "100", "5200"),
            client("C", "ads", "150", "100", "6000"),
        ])
    }

    fn prospect(source: &str, rate: &str, hours: &str, budget: Option<&str>) -> (Client, Quote) {
        let client = Client {
            name: "P".into(),
            source: Some(source.into()),
            ..Client::default()
        };
        let quote = Quote {
            quoted_rate: Some(dec(rate)),
            estimated_hours: Some(dec(hours)),
            budget: budget.map(dec),
        };
        (client, quote)
    }

    fn vet_one((p, quote): &(Client, Quote), base: &Baseline, s: &Settings) -> Vetting {
        vet(p, quote, base, s)
    }

    #[test]
    fn the_baseline_is_the_agencys_own_cost_and_creep() {
        let b = base();
        assert_eq!(b.cost_rate, Some(dec("40")));
        assert_eq!(b.overrun_by_source["referral"], (0.2, 2));
        assert_eq!(b.overrun_by_source["ads"], (0.5, 1));
        let (all, n) = b.overrun.unwrap();
        assert!((all - 0.3).abs() < 1e-12 && n == 3);
    }

    #[test]
    fn take_take_at_price_and_decline_as_the_numbers_imply() {
        let s = Settings::default();
        // Referral: 100 h become 120 at 40 = 4,800 against 10,000: 52% ≥ 50%.
        let v = vet_one(&prospect("referral", "100", "100", None), &base(), &s);
        assert_eq!(v.verdict, Some(VetVerdict::Take));
        assert_eq!(
            (v.expected_cost, v.expected_margin_ratio),
            (Some(dec("4800")), Some(0.52))
        );
        // Ads: 150 h at 40 = 6,000 against 10,000 is 40%; 6,000 / 0.5 = 12,000 for
        // 100 h is 120 an hour, and the budget of 12,000 covers it.
        let v = vet_one(&prospect("ads", "100", "100", Some("12000")), &base(), &s);
        assert_eq!(v.verdict, Some(VetVerdict::TakeAtPrice));
        assert_eq!(
            (v.price_rate, v.price_total),
            (Some(dec("120")), Some(dec("12000")))
        );
        assert_eq!(v.expected_margin_ratio, Some(0.4));
        // The same work on a 9,000 budget: decline.
        let v = vet_one(&prospect("ads", "90", "100", Some("9000")), &base(), &s);
        assert_eq!(v.verdict, Some(VetVerdict::Decline));
        assert!(
            matches!(
                v.reasons[0],
                VetReason::BudgetTooLow { budget, total, .. }
                    if budget == dec("9000.00") && total == dec("12000.00")
            ),
            "{:?}",
            v.reasons
        );
        // A channel with no history: every client's 30%.
        let v = vet_one(&prospect("events", "100", "100", None), &base(), &s);
        assert_eq!(v.overrun_basis, OverrunBasis::AllClients(3));
        assert_eq!(v.expected_hours, Some(dec("130")));
    }

    #[test]
    fn red_flags_and_poor_fit_decline_whatever_the_margin() {
        let s = Settings::default();
        let mut p = prospect("referral", "500", "100", None);
        p.0.red_flag = Some("Asked for fake reviews".into());
        let v = vet_one(&p, &base(), &s);
        assert_eq!(v.verdict, Some(VetVerdict::Decline));
        assert_eq!(
            v.reasons[0],
            VetReason::RedFlag("Asked for fake reviews".into())
        );
        let mut p = prospect("referral", "500", "100", None);
        p.0.fit = vec![crate::model::client::FitRating {
            aspect: "respect".into(),
            rating: dec("1"),
        }];
        let v = vet_one(&p, &base(), &s);
        assert_eq!(v.verdict, Some(VetVerdict::Decline));
        assert!(
            v.reasons[0] == VetReason::PoorFit(0.0, 40.0),
            "{:?}",
            v.reasons
        );
        // Without a cost rate anywhere there is no margin to judge.
        let v = vet_one(
            &prospect("referral", "100", "100", None),
            &Baseline::default(),
            &s,
        );
        assert_eq!(v.verdict, None);
        assert_eq!(v.reasons[0], VetReason::NoMargin);
    }
}
