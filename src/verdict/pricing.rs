//! Repricing: the new rate (or fee) that reaches the target margin, or the rise
//! a rate review brings; a change-order price for out-of-scope work; prepayment
//! terms for late payers. Each part answers a rule that fired.

use super::rules::rise_needed;
use crate::metrics::ClientMetrics;
use crate::model::money::{decimal_of, ratio, round_money, round_ratio};
use crate::model::verdict::{NextStep, Prepayment, Price, RaiseBasis, Reason, RuleId, Step};
use crate::model::Settings;
use rust_decimal::Decimal;

/// The next step of a client to reprice; adds a reason when the rise the target
/// margin needs is over the cap.
pub fn reprice(m: &ClientMetrics, s: &Settings, reasons: &mut Vec<Reason>) -> NextStep {
    let mut step = NextStep::default();
    let mut steps = Vec::new();
    let fired = |ids: &[RuleId]| reasons.iter().any(|r| ids.contains(&r.rule()));
    let under_target = m
        .margin_ratio
        .filter(|_| fired(&[RuleId::UnderTargetMargin]));
    let review_due = fired(&[RuleId::RateReviewDue]);
    let creep = fired(&[RuleId::ScopeOverrun, RuleId::OutOfScopeRequests]);
    let late = fired(&[RuleId::LatePayer, RuleId::OverdueOver60Days]);
    // The revenue that reaches the target on the same cost: cost / (1 - target), exact.
    let new_revenue = match (under_target, m.revenue, m.cost) {
        (Some(_), Some(r), Some(c)) if !r.is_zero() && s.target_margin_ratio < 1.0 => {
            c.checked_div(Decimal::ONE - decimal_of(s.target_margin_ratio))
        }
        (None, Some(r), _) if review_due => Some(r * decimal_of(1.0 + s.rate_review_rise_ratio)),
        _ => None,
    };
    let rise = match (new_revenue, m.revenue) {
        (Some(new), Some(r)) if !r.is_zero() => ratio(new - r, r),
        _ => under_target.and_then(|margin| rise_needed(margin, s.target_margin_ratio)),
    };
    if let Some(rise) = rise {
        step.rate_rise_ratio = Some(round_ratio(rise));
        step.new_rate = new_revenue
            .zip(m.hours)
            .and_then(|(new, h)| new.checked_div(h))
            .map(round_money);
        step.new_monthly_fee =
            new_revenue.map(|r| round_money(r / Decimal::from(s.period_months.max(1))));
        step.new_period_revenue = new_revenue;
        let price = match (step.new_rate, m.effective_rate, step.new_monthly_fee) {
            (Some(new), Some(old), _) => Price::Rate { old, new },
            (None, _, Some(fee)) => Price::Fee(fee),
            _ => Price::Unknown,
        };
        let basis = match under_target {
            Some(_) => RaiseBasis::TargetMargin(s.target_margin_ratio),
            None => RaiseBasis::RateReview(m.months_since_rate_increase.unwrap_or_default()),
        };
        steps.push(Step::Raise { price, rise, basis });
        if under_target.is_some() && rise > s.max_rate_rise_ratio {
            reasons.push(Reason::RiseOverCap {
                rise,
                cap: s.max_rate_rise_ratio,
            });
            steps.push(Step::IfRefused);
        }
    }
    if creep {
        let rate = step.new_rate.or(m.effective_rate);
        step.change_order_rate = rate;
        let unbilled = m
            .out_of_scope_hours
            .zip(m.out_of_scope_value)
            .filter(|(h, _)| !h.is_zero());
        steps.push(Step::ChangeOrder { rate, unbilled });
    }
    if late {
        let terms = Prepayment {
            discount: s.prepayment_discount_ratio,
        };
        step.prepayment = Some(terms);
        steps.push(Step::Prepay {
            terms,
            overdue: m.overdue.filter(|o| !o.is_zero()),
        });
    }
    if steps.is_empty() {
        steps.push(Step::ReviewPricing);
    }
    if review_due && under_target.is_none() && rise.is_none() {
        steps.push(Step::RateReviewDue(m.rate_review_due));
    }
    step.steps = steps;
    step
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::period::date as d;

    /// The reasons the rules give this client, as `decide_one` would pass them.
    fn rule_reasons(m: &ClientMetrics) -> Vec<Reason> {
        super::super::RULES
            .iter()
            .filter_map(|r| (r.check)(m, &Settings::default()))
            .collect()
    }

    fn metrics() -> ClientMetrics {
        crate::metrics::client::metrics_of(crate::metrics::client::client_t())
    }

    #[test]
    fn reprice_reaches_the_target_margin() {
        // margin 0.25; rise = 0.75/0.5 - 1 = 0.5; rate 100 -> 150; fee 8000 -> 12000.
        // Check: 12000 revenue on 6000 cost is a 50% margin.
        let m = metrics();
        let mut reasons = rule_reasons(&m);
        let step = reprice(&m, &Settings::default(), &mut reasons);
        assert_eq!(step.rate_rise_ratio, Some(0.5));
        assert_eq!(step.new_rate, Some(dec("150.00")));
        assert_eq!(step.new_monthly_fee, Some(dec("12000.00")));
        assert_eq!(
            reasons.last(),
            Some(&Reason::RiseOverCap {
                rise: 0.5,
                cap: 0.25
            })
        );
        assert_eq!(
            step.steps[0],
            Step::Raise {
                price: Price::Rate {
                    old: dec("100.00"),
                    new: dec("150.00")
                },
                rise: 0.5,
                basis: RaiseBasis::TargetMargin(0.5)
            }
        );
        assert_eq!(step.steps[1], Step::IfRefused);
    }

    #[test]
    fn creep_and_late_payment_get_change_orders_and_prepayment() {
        // 8,000 on 6,000 cost over 80 h: 100/h now, 150/h at the 50% target.
        let mut m = metrics();
        m.scope_overrun_ratio = Some(0.2);
        m.out_of_scope_hours = Some(dec("16"));
        m.out_of_scope_value = Some(dec("1600.00"));
        m.avg_days_late = Some(dec("21"));
        m.overdue = Some(dec("2500"));
        let step = reprice(&m, &Settings::default(), &mut rule_reasons(&m));
        assert_eq!(
            step.change_order_rate,
            Some(dec("150.00")),
            "out-of-scope work at the new rate"
        );
        assert!(step.steps.contains(&Step::ChangeOrder {
            rate: Some(dec("150.00")),
            unbilled: Some((dec("16"), dec("1600.00")))
        }));
        assert_eq!(step.prepayment, Some(Prepayment { discount: 0.03 }));
        assert!(step.steps.contains(&Step::Prepay {
            terms: Prepayment { discount: 0.03 },
            overdue: Some(dec("2500"))
        }));
    }

    #[test]
    fn rate_review_alone_proposes_five_percent() {
        // A healthy 60% margin, last raise long ago: +5% on 10,000 -> 10,500; 100 h -> 105.00/h.
        let c = crate::model::Client {
            name: "R".into(),
            revenue: Some(dec("10000")),
            cost: Some(dec("4000")),
            hours: Some(dec("100")),
            last_rate_increase: Some(d("2024-01-15")),
            ..Default::default()
        };
        let m = crate::metrics::client::metrics_of(c);
        let step = reprice(&m, &Settings::default(), &mut rule_reasons(&m));
        assert_eq!(step.rate_rise_ratio, Some(0.05));
        assert_eq!(step.new_monthly_fee, Some(dec("10500.00")));
        assert_eq!(step.new_rate, Some(dec("105.00")));
        assert!(matches!(
            step.steps[0],
            Step::Raise {
                basis: RaiseBasis::RateReview(33),
                ..
            }
        ));
    }
}
