//! verdict: pure, ordered rules from figures to fire / reprice / retain, with
//! reasons (metric, value, threshold) and a concrete next step.

pub mod exit;
pub mod plan;
pub mod pricing;
pub mod retention;
pub mod rules;
pub mod vet;

use crate::metrics::{ClientMetrics, PortfolioTotals};
use crate::model::Settings;
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use crate::model::verdict::{
    Figure, MonthHours, NextStep, OverrideNote, PersonHours, Reason, RetentionOffer, RuleId, Step,
    Verdict,
};
pub use rules::{Rule, RULES};

/// The verdict for one client with everything that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The verdict.
    pub verdict: Verdict,
    /// Id of the rule that decided it (`healthy` when no rule fired).
    pub rule: RuleId,
    /// Every rule that fired, the deciding one first.
    pub reasons: Vec<Reason>,
    /// What to do now.
    pub next_step: NextStep,
    /// The settings file's override that decided the verdict, if one did.
    pub overridden: Option<OverrideNote>,
}

/// Decides every client's verdict.
pub fn decide(rows: &[ClientMetrics], settings: &Settings, as_of: NaiveDate) -> Vec<Assessment> {
    rows.iter()
        .map(|m| decide_one(m, settings, as_of))
        .collect()
}

/// Decides one client's verdict: the first rule of [`RULES`] that fires decides;
/// every rule that fires gives a reason.
pub fn decide_one(m: &ClientMetrics, s: &Settings, as_of: NaiveDate) -> Assessment {
    // Every rule that fires gives a reason; the first one decides.
    let mut reasons: Vec<Reason> = Vec::new();
    let mut first: Option<&Rule> = None;
    for r in RULES {
        if let Some(reason) = (r.check)(m, s) {
            first.get_or_insert(r);
            reasons.push(reason);
        }
    }
    let (mut verdict, mut rule) =
        first.map_or((Verdict::Retain, RuleId::Healthy), |r| (r.verdict, r.id));
    let overridden = active_override(m, s, as_of).map(|o| {
        let note = OverrideNote {
            reason: o.reason.clone(),
            until: o.until,
            rules_verdict: verdict,
        };
        let reason = Reason::Override {
            verdict: o.verdict,
            reason: o.reason.clone(),
            until: o.until,
            rules_verdict: verdict,
        };
        reasons.insert(0, reason);
        (verdict, rule) = (o.verdict, RuleId::Override);
        note
    });
    let mut next_step = match verdict {
        Verdict::Fire => exit::fire(m, s, as_of),
        Verdict::Reprice => pricing::reprice(m, s, &mut reasons),
        Verdict::Retain => retention::retain(m, s, as_of, &mut reasons),
    };
    // A client who gave notice is leaving whatever the verdict: a new rate or an
    // exit letter is moot; the handover is what is left to do.
    if let Some(sig) = m.churn_signals.iter().find(|g| g.signal == "notice") {
        next_step
            .steps
            .insert(0, Step::Leaving { signal: sig.input });
        reasons.push(Reason::NoticeGiven { signal: sig.input });
    }
    Assessment {
        verdict,
        rule,
        reasons,
        next_step,
        overridden,
    }
}

/// The settings' override for this client that holds on `as_of`, if any (the last listed wins).
fn active_override<'s>(
    m: &ClientMetrics,
    s: &'s Settings,
    as_of: NaiveDate,
) -> Option<&'s crate::model::settings::Override> {
    if s.overrides.is_empty() {
        return None;
    }
    let key = crate::model::client::client_key(&m.client);
    s.overrides.iter().rev().find(|o| {
        crate::model::client::client_key(&o.client) == key && o.until.is_none_or(|u| u >= as_of)
    })
}

/// Fills the verdict-dependent portfolio figures: revenue by verdict and the what-if
/// after actions, from each client's metrics, verdict and next step.
pub fn complete_totals<'a>(
    totals: &mut PortfolioTotals,
    clients: impl Iterator<Item = (&'a ClientMetrics, Verdict, &'a NextStep)>,
) {
    let mut after = Vec::with_capacity(totals.clients);
    for (m, verdict, next_step) in clients {
        totals
            .revenue_by_verdict
            .add(verdict, m.revenue.unwrap_or_default());
        totals.clients_by_verdict.add(verdict, 1);
        if verdict == Verdict::Fire {
            continue;
        }
        // Assume the repriced clients accept the proposed fee.
        let revenue = match (verdict, next_step.new_period_revenue) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::period::date as d;
    use crate::model::settings::Override;

    fn client(name: &str) -> ClientMetrics {
        let c = crate::model::Client {
            name: name.into(),
            red_flag: Some("abusive".into()),
            ..Default::default()
        };
        crate::metrics::client::metrics_of(c)
    }

    fn with(overrides: &[(&str, Verdict, Option<&str>)]) -> Settings {
        Settings {
            overrides: overrides
                .iter()
                .map(|(client, verdict, until)| Override {
                    client: client.to_string(),
                    verdict: *verdict,
                    reason: "by hand".into(),
                    until: until.map(d),
                })
                .collect(),
            ..Settings::default()
        }
    }

    #[test]
    fn an_override_holds_through_its_last_day_and_the_last_listed_wins() {
        let m = client("Kovács Kft.");
        let s = with(&[
            ("kovács kft.", Verdict::Retain, Some("2026-11-01")),
            ("Kovács Kft.", Verdict::Reprice, Some("2026-11-01")),
        ]);
        let a = decide_one(&m, &s, d("2026-11-01"));
        assert_eq!((a.verdict, a.rule), (Verdict::Reprice, RuleId::Override));
        assert_eq!(a.overridden.map(|o| o.rules_verdict), Some(Verdict::Fire));
        // The day after, the rules decide again.
        let a = decide_one(&m, &s, d("2026-11-02"));
        assert_eq!(
            (a.verdict, a.rule, a.overridden),
            (Verdict::Fire, RuleId::RedFlag, None)
        );
    }

    #[test]
    fn an_override_for_another_client_changes_nothing() {
        let m = client("Acme");
        let a = decide_one(
            &m,
            &with(&[("Acme Kft.", Verdict::Retain, None)]),
            d("2026-11-01"),
        );
        assert_eq!(a.verdict, Verdict::Fire);
    }
}
