//! What-if: the portfolio before and after actions the owner is weighing
//! (fire a client, reprice one, drop out-of-scope hours). Pure arithmetic on the
//! clients' figures; nothing here decides a verdict.

use super::client::ClientMetrics;
use crate::model::client::client_key;
use crate::model::money::{ratio, round_money, round_ratio};
use rust_decimal::Decimal;
use serde::Serialize;

/// One action to weigh.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// End the engagement: its revenue and cost go, its hours free up.
    Fire(String),
    /// Change the client's price by a fraction (0.15 = +15%); cost stays.
    Reprice(String, Decimal),
    /// Stop this many hours a period of unbilled work: cost falls by them at the
    /// client's cost per hour, revenue stays, the hours free up.
    DropScope(String, Decimal),
}

impl Action {
    /// The client the action names.
    pub fn client(&self) -> &str {
        match self {
            Action::Fire(c) | Action::Reprice(c, _) | Action::DropScope(c, _) => c,
        }
    }
}

/// The portfolio figures a scenario compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Total revenue.
    pub revenue: Decimal,
    /// Total cost.
    pub cost: Decimal,
    /// `revenue - cost`.
    pub profit: Decimal,
    /// `profit / revenue`.
    pub margin_ratio: Option<f64>,
    /// The largest client's share of revenue.
    pub largest_client_share: Option<f64>,
    /// Herfindahl index of revenue shares (1 = one client).
    pub hhi: Option<f64>,
    /// Team hours a month the actions free.
    pub freed_hours_per_month: Decimal,
}

/// Before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    /// The portfolio as it is.
    pub before: Scenario,
    /// The portfolio after every action.
    pub after: Scenario,
}

/// Revenue and cost per client, as the scenario sees them.
#[derive(Debug, Clone)]
struct Line {
    key: String,
    revenue: Decimal,
    cost: Decimal,
    hours: Option<Decimal>,
    gone: bool,
}

fn scenario(lines: &[Line], freed_hours_per_month: Decimal) -> Scenario {
    let live = lines.iter().filter(|l| !l.gone);
    let revenue: Decimal = live.clone().map(|l| l.revenue).sum();
    let cost: Decimal = live.clone().map(|l| l.cost).sum();
    let shares = super::portfolio::revenue_shares(live.clone().map(|l| l.revenue), revenue);
    Scenario {
        revenue: round_money(revenue),
        cost: round_money(cost),
        profit: round_money(revenue - cost),
        margin_ratio: ratio(revenue - cost, revenue),
        largest_client_share: shares
            .as_ref()
            .and_then(|s| s.iter().copied().max_by(f64::total_cmp))
            .map(round_ratio),
        hhi: shares.as_deref().map(super::portfolio::hhi),
        freed_hours_per_month: round_money(freed_hours_per_month),
    }
}

/// Applies the actions to the clients' figures (a client without revenue or cost
/// counts as 0 for it). Errors name an unknown client, a client named twice for
/// conflicting actions, or hours the client does not have.
pub fn what_if<'a>(
    clients: impl IntoIterator<Item = (&'a str, &'a ClientMetrics)>,
    actions: &[Action],
    period_months: u32,
) -> Result<WhatIf, String> {
    let mut lines: Vec<Line> = clients
        .into_iter()
        .map(|(name, m)| Line {
            key: client_key(name),
            revenue: m.revenue.unwrap_or_default(),
            cost: m.cost.unwrap_or_default(),
            hours: m.hours,
            gone: false,
        })
        .collect();
    let before = scenario(&lines, Decimal::ZERO);
    let months = Decimal::from(period_months.max(1));
    let mut freed = Decimal::ZERO;
    for action in actions {
        let key = client_key(action.client());
        let Some(line) = lines.iter_mut().find(|l| l.key == key) else {
            return Err(format!(
                "no client named {:?} in the input",
                action.client()
            ));
        };
        if line.gone {
            return Err(format!(
                "{:?} is fired by an earlier action: it cannot also be repriced or trimmed",
                action.client()
            ));
        }
        match action {
            Action::Fire(_) => {
                line.gone = true;
                freed += line.hours.unwrap_or_default() / months;
            }
            Action::Reprice(_, rise) => {
                if *rise <= Decimal::NEGATIVE_ONE {
                    return Err(format!(
                        "a price change of {rise} for {:?} leaves no price",
                        action.client()
                    ));
                }
                line.revenue += line.revenue * rise;
            }
            Action::DropScope(_, hours) => {
                let Some(total) = line.hours.filter(|h| !h.is_zero()) else {
                    return Err(format!(
                        "{:?} has no hours in the input: nothing to drop",
                        action.client()
                    ));
                };
                if *hours > total {
                    return Err(format!(
                        "{:?} worked {total} h in the period: cannot drop {hours} h",
                        action.client()
                    ));
                }
                // At the client's own cost per hour: the work is gone, its cost with it.
                line.cost -= line.cost * *hours / total;
                line.hours = Some(total - hours);
                freed += *hours / months;
            }
        }
    }
    Ok(WhatIf {
        before,
        after: scenario(&lines, freed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn row(name: &str, revenue: &str, cost: &str, hours: &str) -> ClientMetrics {
        let c = crate::model::Client {
            name: name.into(),
            revenue: Some(dec(revenue)),
            cost: Some(dec(cost)),
            hours: Some(dec(hours)),
            ..Default::default()
        };
        crate::metrics::client::metrics_of(c)
    }

    fn named(rows: &[ClientMetrics]) -> impl Iterator<Item = (&str, &ClientMetrics)> {
        rows.iter().map(|m| (m.client.as_str(), m))
    }

    fn rows() -> Vec<ClientMetrics> {
        vec![
            row("A", "6000", "2000", "40"),
            row("B", "3000", "2700", "60"),
            row("C", "1000", "500", "10"),
        ]
    }

    #[test]
    fn firing_repricing_and_dropping_scope_add_up_by_hand() {
        let rows = rows();
        let w = what_if(
            named(&rows),
            &[
                Action::Fire("b".into()),
                Action::Reprice("C".into(), dec("0.15")),
                Action::DropScope("A".into(), dec("10")),
            ],
            1,
        )
        .unwrap();
        // Before: 10000 revenue, 5200 cost, 4800 profit; A has 60% of revenue.
        assert_eq!(
            (w.before.revenue, w.before.cost, w.before.profit),
            (dec("10000"), dec("5200"), dec("4800"))
        );
        assert_eq!(w.before.margin_ratio, Some(0.48));
        assert_eq!(w.before.largest_client_share, Some(0.6));
        assert_eq!(w.before.hhi, Some(0.46)); // .36 + .09 + .01
                                              // After: B gone (60 h freed); C at 1150; A's cost falls by 10 of 40 h: 1500.
        assert_eq!(w.after.revenue, dec("7150.00"));
        assert_eq!(w.after.cost, dec("2000.00"));
        assert_eq!(w.after.profit, dec("5150.00"));
        assert_eq!(w.after.margin_ratio, Some(0.7203)); // 5150 / 7150
        assert_eq!(w.after.largest_client_share, Some(0.8392)); // 6000 / 7150
        assert_eq!(w.after.freed_hours_per_month, dec("70.00"));
    }

    #[test]
    fn freed_hours_are_per_month_of_the_period() {
        let rows = rows();
        let w = what_if(named(&rows), &[Action::Fire("A".into())], 3).unwrap();
        assert_eq!(w.after.freed_hours_per_month, dec("13.33")); // 40 h over 3 months
    }

    #[test]
    fn impossible_actions_are_errors_naming_the_client() {
        let rows = rows();
        let e = |a: Action| what_if(named(&rows), &[Action::Fire("A".into()), a], 1).unwrap_err();
        assert!(e(Action::Fire("Z".into())).contains("no client named \"Z\""));
        assert!(e(Action::Reprice("A".into(), dec("0.1"))).contains("fired by an earlier action"));
        assert!(e(Action::DropScope("C".into(), dec("11"))).contains("cannot drop 11 h"));
        assert!(e(Action::Reprice("C".into(), dec("-1"))).contains("leaves no price"));
    }
}
