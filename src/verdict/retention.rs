//! Keeping clients: a retention plan for valuable clients at risk (an incentive
//! only when it costs less than the profit it protects), a watch for the others,
//! and notes the owner should see (poor fit, unknown margin).

use crate::metrics::ClientMetrics;
use crate::model::money::{decimal_of, round_money};
use crate::model::verdict::{
    Incentive, NextStep, Reason, RetentionAction, RetentionOffer, SignalInput, Step, Tier,
};
use crate::model::Settings;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The next step of a client to retain; adds the notes as reasons too.
pub fn retain(
    m: &ClientMetrics,
    s: &Settings,
    as_of: NaiveDate,
    reasons: &mut Vec<Reason>,
) -> NextStep {
    let at_risk = m.churn_risk.is_some_and(|r| r >= s.at_risk_churn);
    let valuable = matches!(m.value_tier, Some(Tier::A | Tier::B));
    let mut steps = Vec::new();
    let mut offer = None;
    if at_risk && valuable {
        let actions = retention_actions(m);
        let annual_profit = m
            .profit
            .map(|p| p * Decimal::from(12) / Decimal::from(s.period_months.max(1)));
        let risk = m.churn_risk.unwrap_or(0.0);
        let protected = annual_profit.map(|p| round_money(p * decimal_of(risk)));
        // An incentive must cost less than the profit it protects.
        let budget = protected
            .filter(|p| *p > Decimal::ZERO)
            .map(|p| round_money(p * decimal_of(s.retention_incentive_max_share)));
        let incentive = match (budget, protected) {
            (Some(b), _) => Incentive::UpTo(b),
            (None, Some(_)) => Incentive::NotWorth,
            (None, None) => Incentive::ProfitUnknown,
        };
        steps.push(Step::RetainValuable {
            tier: m.value_tier,
            risk,
            first: actions.first().copied(),
            incentive,
        });
        steps.extend(actions.iter().skip(1).map(|a| Step::Retention(*a)));
        offer = Some(RetentionOffer {
            actions,
            protected_profit: protected,
            incentive_budget: budget,
        });
    } else if at_risk {
        steps.push(Step::Watch {
            risk: m.churn_risk.unwrap_or(0.0),
        });
    } else {
        steps.push(Step::KeepAsIs {
            review: m.rate_review_due.filter(|d| *d >= as_of),
        });
    }
    // Notes that do not change the verdict but belong in front of the owner.
    let poor_fit = m
        .fit_score
        .filter(|&f| f < s.poor_fit_score)
        .map(|fit| Reason::PoorFit {
            fit,
            poor: s.poor_fit_score,
        });
    let margin_unknown = m.margin_ratio.is_none().then_some(Reason::MarginUnknown {
        target: s.target_margin_ratio,
    });
    for note in poor_fit.into_iter().chain(margin_unknown) {
        steps.push(Step::Note(note.clone()));
        reasons.push(note);
    }
    NextStep {
        steps,
        retention_offer: offer,
        ..NextStep::default()
    }
}

/// One action per churn signal that carries risk; the best people when none does.
fn retention_actions(m: &ClientMetrics) -> Vec<RetentionAction> {
    let mut out: Vec<RetentionAction> = m
        .churn_signals
        .iter()
        .filter(|s| s.risk > 0.0)
        .map(|sig| match sig.input {
            SignalInput::Complaints(_) => RetentionAction::AnswerComplaint,
            SignalInput::DaysSinceContact(_) => RetentionAction::Reconnect(sig.input),
            SignalInput::Nps(_) => RetentionAction::ServiceReview(sig.input),
            SignalInput::DaysToContractEnd(_) => RetentionAction::LongerContract(sig.input),
            SignalInput::RevenueTrend(_) | SignalInput::NoticeGiven(_) => {
                RetentionAction::AskWhatChanged(sig.input)
            }
        })
        .collect();
    if out.is_empty() {
        out.push(RetentionAction::BestPeople);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::period::date as d;

    #[test]
    fn retention_incentive_capped_by_protected_profit() {
        let mut m = crate::metrics::client::metrics_of(crate::metrics::client::client_t());
        m.value_tier = Some(Tier::A);
        m.churn_risk = Some(0.6);
        // annual profit 24,000 x 0.6 = 14,400 protected; 25% = 3,600 budget.
        let step = retain(&m, &Settings::default(), d("2026-11-01"), &mut Vec::new());
        let offer = step.retention_offer.unwrap();
        assert_eq!(offer.protected_profit, Some(dec("14400.00")));
        assert_eq!(offer.incentive_budget, Some(dec("3600.00")));
        assert!(matches!(
            step.steps[0],
            Step::RetainValuable {
                incentive: Incentive::UpTo(_),
                ..
            }
        ));
        m.profit = Some(dec("-10"));
        let step = retain(&m, &Settings::default(), d("2026-11-01"), &mut Vec::new());
        assert_eq!(step.retention_offer.unwrap().incentive_budget, None);
        assert!(matches!(
            step.steps[0],
            Step::RetainValuable {
                incentive: Incentive::NotWorth,
                ..
            }
        ));
    }
}
