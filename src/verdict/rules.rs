//! The ordered rule table. The first rule that fires decides the verdict; every
//! rule that fires adds a reason. Comparisons: "below" and "over" are strict,
//! counts and months fire at the threshold ("at least").

use crate::metrics::ClientMetrics;
use crate::model::money::{round_ratio, to_f64};
use crate::model::verdict::{Creep, Reason, RuleId, Verdict};
use crate::model::Settings;

/// One verdict rule (`report::wording::rule_when` says when it fires).
pub struct Rule {
    /// Stable id, used in reasons and `explain`.
    pub id: RuleId,
    /// The verdict it gives when it decides.
    pub verdict: Verdict,
    /// Returns a reason when the rule fires for this client.
    pub check: fn(&ClientMetrics, &Settings) -> Option<Reason>,
}

const fn rule(
    id: RuleId,
    verdict: Verdict,
    check: fn(&ClientMetrics, &Settings) -> Option<Reason>,
) -> Rule {
    Rule { id, verdict, check }
}

/// The rules, in the order they are tried.
pub const RULES: &[Rule] = {
    use RuleId as R;
    use Verdict::{Fire, Reprice};
    &[
        rule(R::RedFlag, Fire, red_flag),
        rule(R::UnrepairableMargin, Fire, unrepairable_margin),
        rule(R::PoorFitLatePayer, Fire, poor_fit_late_payer),
        rule(R::PoorFitScopeCreep, Fire, poor_fit_scope_creep),
        rule(R::UnderTargetMargin, Reprice, under_target_margin),
        rule(R::ScopeOverrun, Reprice, scope_overrun),
        rule(R::OutOfScopeRequests, Reprice, out_of_scope_requests),
        rule(R::LatePayer, Reprice, late_payer),
        rule(R::OverdueOver60Days, Reprice, overdue_over_60),
        rule(R::RateReviewDue, Reprice, rate_review_due),
    ]
};

/// Rise needed for margin `m` to reach `target`: `(1 - m) / (1 - target) - 1`.
pub fn rise_needed(m: f64, target: f64) -> Option<f64> {
    (target < 1.0).then(|| round_ratio((1.0 - m) / (1.0 - target) - 1.0))
}

fn red_flag(m: &ClientMetrics, _: &Settings) -> Option<Reason> {
    let flag = m.red_flag.as_ref()?;
    Some(Reason::RedFlag { flag: flag.clone() })
}

fn unrepairable_margin(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    // No revenue for real work: no rate rise repairs working for free.
    if let Some(work) = crate::metrics::margin::unpaid_work(m.revenue, m.cost, m.hours) {
        return Some(Reason::UnpaidWork { work });
    }
    let margin = m.margin_ratio?;
    if margin >= s.margin_floor_ratio {
        return None;
    }
    let rise = rise_needed(margin, s.margin_floor_ratio)?;
    (rise > s.max_rate_rise_ratio).then_some(Reason::UnrepairableMargin {
        margin,
        floor: s.margin_floor_ratio,
        rise,
        cap: s.max_rate_rise_ratio,
    })
}

fn poor_fit(m: &ClientMetrics, s: &Settings) -> Option<f64> {
    m.fit_score.filter(|&f| f < s.poor_fit_score)
}

fn poor_fit_late_payer(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let fit = poor_fit(m, s)?;
    let days_late = to_f64(m.avg_days_late?);
    (days_late >= s.days_late_chronic).then_some(Reason::PoorFitLatePayer {
        fit,
        poor: s.poor_fit_score,
        days_late,
        chronic: s.days_late_chronic,
    })
}

fn poor_fit_scope_creep(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let fit = poor_fit(m, s)?;
    let overrun = m
        .scope_overrun_ratio
        .filter(|&o| o >= s.scope_overrun_chronic_ratio);
    let requests = m
        .out_of_scope_requests
        .filter(|&n| n >= 2 * s.out_of_scope_requests_max);
    let creep = match (overrun, requests) {
        (Some(overrun), _) => Creep::Overrun {
            overrun,
            chronic: s.scope_overrun_chronic_ratio,
        },
        (None, Some(requests)) => Creep::Requests {
            requests,
            chronic: 2 * s.out_of_scope_requests_max,
        },
        (None, None) => return None,
    };
    Some(Reason::PoorFitScopeCreep {
        fit,
        poor: s.poor_fit_score,
        creep,
    })
}

fn under_target_margin(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let margin = m.margin_ratio.filter(|&x| x < s.target_margin_ratio)?;
    Some(Reason::UnderTargetMargin {
        margin,
        target: s.target_margin_ratio,
    })
}

fn scope_overrun(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let overrun = m
        .scope_overrun_ratio
        .filter(|&o| o > s.scope_overrun_max_ratio)?;
    Some(Reason::ScopeOverrun {
        overrun,
        hours: m.out_of_scope_hours,
        value: m.out_of_scope_value,
        allowance: s.scope_overrun_max_ratio,
    })
}

fn out_of_scope_requests(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let requests = m
        .out_of_scope_requests
        .filter(|&n| n >= s.out_of_scope_requests_max)?;
    Some(Reason::OutOfScopeRequests {
        requests,
        max: s.out_of_scope_requests_max,
    })
}

fn late_payer(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let days_late = m.avg_days_late?;
    (to_f64(days_late) > s.days_late_max).then_some(Reason::LatePayer {
        days_late,
        max: s.days_late_max,
    })
}

fn overdue_over_60(m: &ClientMetrics, _: &Settings) -> Option<Reason> {
    let amount = m.aging.as_ref()?.over_60();
    (amount > rust_decimal::Decimal::ZERO).then_some(Reason::OverdueOver60Days { amount })
}

fn rate_review_due(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    // "Over 12 months old": due the day after the anniversary of the last increase.
    let months = m
        .months_since_rate_increase
        .filter(|_| m.rate_review_overdue)?;
    Some(Reason::RateReviewDue {
        months,
        every: s.rate_review_months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn base() -> ClientMetrics {
        // A client no rule fires for; each test changes one figure.
        let c = crate::model::Client {
            name: "T".into(),
            ..Default::default()
        };
        let mut m = crate::metrics::client::metrics_of(c);
        m.margin_ratio = Some(0.55);
        m.fit_score = Some(75.0);
        m
    }

    fn fires(id: &str, m: &ClientMetrics) -> bool {
        let rule = RULES.iter().find(|r| r.id.to_string() == id).unwrap();
        (rule.check)(m, &Settings::default()).is_some()
    }

    #[test]
    fn the_base_client_fires_nothing() {
        let m = base();
        assert!(RULES
            .iter()
            .all(|r| (r.check)(&m, &Settings::default()).is_none()));
    }

    #[test]
    fn scope_overrun_carries_the_hours_and_their_value_when_known() {
        let mut m = base();
        m.scope_overrun_ratio = Some(0.25);
        m.out_of_scope_hours = Some(dec("12.50"));
        m.out_of_scope_value = Some(dec("1500.00"));
        let reason = scope_overrun(&m, &Settings::default()).unwrap();
        assert_eq!(
            reason,
            Reason::ScopeOverrun {
                overrun: 0.25,
                hours: Some(dec("12.50")),
                value: Some(dec("1500.00")),
                allowance: 0.15
            }
        );
        assert_eq!(reason.rule(), RuleId::ScopeOverrun);
        assert_eq!(reason.figures().0, "scope_overrun_ratio");
    }

    #[test]
    fn red_flag_fires_on_any_text() {
        let mut m = base();
        m.red_flag = Some("shouted at staff".into());
        assert!(fires("red_flag", &m));
    }

    #[test]
    fn unrepairable_margin_boundary() {
        // Floor 0.3, max rise 0.25: fires when (1-m)/0.7 - 1 > 0.25, i.e. m < 0.125.
        let mut m = base();
        m.margin_ratio = Some(0.125);
        assert!(
            !fires("unrepairable_margin", &m),
            "exactly 25% rise is acceptable"
        );
        m.margin_ratio = Some(0.1249);
        assert!(fires("unrepairable_margin", &m));
        m.margin_ratio = Some(-0.4);
        assert!(fires("unrepairable_margin", &m));
        m.margin_ratio = None;
        assert!(!fires("unrepairable_margin", &m));
        m.revenue = Some(dec("0"));
        m.cost = Some(dec("900"));
        assert!(fires("unrepairable_margin", &m), "unpaid work");
        m.cost = Some(dec("0"));
        assert!(!fires("unrepairable_margin", &m));
        m.cost = None;
        m.hours = Some(dec("50"));
        assert!(
            fires("unrepairable_margin", &m),
            "unpaid hours without a cost figure"
        );
    }

    #[test]
    fn rise_needed_by_hand() {
        // m = 0.2, target 0.5: 0.8 / 0.5 - 1 = 0.6
        assert_eq!(rise_needed(0.2, 0.5), Some(0.6));
        assert_eq!(rise_needed(0.5, 0.5), Some(0.0));
    }

    #[test]
    fn poor_fit_needs_chronic_lateness_or_creep() {
        let mut m = base();
        m.fit_score = Some(39.9);
        assert!(!fires("poor_fit_late_payer", &m));
        m.avg_days_late = Some(dec("30"));
        assert!(fires("poor_fit_late_payer", &m), "30 days is chronic");
        m.avg_days_late = Some(dec("29.9"));
        assert!(!fires("poor_fit_late_payer", &m));
        m.fit_score = Some(40.0);
        m.avg_days_late = Some(dec("45"));
        assert!(!fires("poor_fit_late_payer", &m), "40 is not below 40");

        let mut m = base();
        m.fit_score = Some(25.0);
        m.scope_overrun_ratio = Some(0.3);
        assert!(fires("poor_fit_scope_creep", &m));
        m.scope_overrun_ratio = Some(0.2999);
        assert!(!fires("poor_fit_scope_creep", &m));
        m.out_of_scope_requests = Some(6);
        assert!(fires("poor_fit_scope_creep", &m));
    }

    #[test]
    fn reprice_boundaries() {
        let mut m = base();
        m.margin_ratio = Some(0.5);
        assert!(!fires("under_target_margin", &m));
        m.margin_ratio = Some(0.4999);
        assert!(fires("under_target_margin", &m));

        m.scope_overrun_ratio = Some(0.15);
        assert!(!fires("scope_overrun", &m));
        m.scope_overrun_ratio = Some(0.1501);
        assert!(fires("scope_overrun", &m));

        m.out_of_scope_requests = Some(2);
        assert!(!fires("out_of_scope_requests", &m));
        m.out_of_scope_requests = Some(3);
        assert!(fires("out_of_scope_requests", &m));

        m.avg_days_late = Some(dec("15"));
        assert!(!fires("late_payer", &m));
        m.avg_days_late = Some(dec("15.1"));
        assert!(fires("late_payer", &m));

        m.months_since_rate_increase = Some(12);
        m.rate_review_overdue = false;
        assert!(
            !fires("rate_review_due", &m),
            "exactly 12 months is not over 12 months"
        );
        m.rate_review_overdue = true;
        assert!(fires("rate_review_due", &m));
    }

    #[test]
    fn overdue_over_60_reads_the_aging() {
        let mut m = base();
        m.aging = Some(crate::model::Aging {
            d31_60: dec("500"),
            ..Default::default()
        });
        assert!(!fires("overdue_over_60_days", &m));
        m.aging = Some(crate::model::Aging {
            d61_90: dec("0.01"),
            ..Default::default()
        });
        assert!(fires("overdue_over_60_days", &m));
    }
}
