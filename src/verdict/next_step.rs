//! Next steps: the new rate, change-order price and payment terms for a reprice;
//! exit and notice dates for a fire; a retention plan for valuable clients at risk.

use super::rules::rise_needed;
use super::{Figure, Reason, Verdict};
use crate::metrics::{ClientMetrics, Tier};
use crate::model::money::{decimal_of, round_money, round_ratio, Fixed, Grouped, Pct};
use crate::model::period::{month_end, quarter_end};
use crate::model::{NaturalConclusion, Settings};
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// A retention plan for a valuable client at risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetentionOffer {
    /// What to do, one action per signal.
    pub actions: Vec<String>,
    /// Expected profit lost over the next 12 months if nothing is done (`annual profit × churn_risk`).
    /// `null` when the client's profit is unknown (no cost).
    pub protected_profit: Option<Decimal>,
    /// Largest incentive worth offering; `null` when it would not pay for itself.
    pub incentive_budget: Option<Decimal>,
}

/// One person's hours a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonHours {
    /// The person, as the time entries name them.
    pub person: String,
    /// Hours a month.
    pub hours_per_month: Decimal,
}

/// Hours freed in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthHours {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Hours freed in it.
    pub freed_hours: Decimal,
}

/// Months the capacity timeline covers.
pub const CAPACITY_MONTHS: usize = 6;

/// Hours a month freed by an exit on `exit`, month by month from `as_of`'s month.
pub fn capacity(freed_per_month: Decimal, exit: NaiveDate, as_of: NaiveDate) -> Vec<MonthHours> {
    use chrono::Datelike;
    let mut out = Vec::with_capacity(CAPACITY_MONTHS);
    let mut first = as_of.with_day(1).unwrap_or(as_of);
    for _ in 0..CAPACITY_MONTHS {
        let last = month_end(first);
        // Days of the month after the exit day are free: all, none, or some.
        let freed_hours = if exit < first {
            round_money(freed_per_month)
        } else if exit >= last {
            round_money(Decimal::ZERO)
        } else {
            let free_days = Decimal::from((last - exit).num_days());
            round_money(freed_per_month * free_days / Decimal::from(last.day()))
        };
        out.push(MonthHours {
            month: year_month(first),
            freed_hours,
        });
        match last.succ_opt() {
            Some(next) => first = next,
            None => break,
        }
    }
    out
}

/// `YYYY-MM`.
fn year_month(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Each person's share of the hours the client takes, per month.
fn by_person(m: &ClientMetrics, s: &Settings) -> Vec<PersonHours> {
    let months = Decimal::from(s.period_months.max(1));
    m.people_hours
        .iter()
        .map(|(person, hours)| PersonHours {
            person: person.clone(),
            hours_per_month: round_money(*hours / months),
        })
        .collect()
}

/// What to do now.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NextStep {
    /// The next step in one sentence.
    pub action: String,
    /// Hourly rate at the proposed price: the one that reaches the target margin on the
    /// observed hours and cost, or the rate-review rise when the margin needs none.
    pub new_rate: Option<Decimal>,
    /// The rise that rate (or fee) means, 0.25 = 25%.
    pub rate_rise_ratio: Option<f64>,
    /// Monthly fee at the proposed price (same basis as `new_rate`).
    pub new_monthly_fee: Option<Decimal>,
    /// Hourly price for out-of-scope work, billed by change order.
    pub change_order_rate: Option<Decimal>,
    /// Payment terms for a late payer.
    pub prepayment: Option<String>,
    /// Last day of the engagement.
    #[serde(serialize_with = "crate::model::period::serialize_opt_date")]
    pub exit_date: Option<NaiveDate>,
    /// Date by which to give notice.
    #[serde(serialize_with = "crate::model::period::serialize_opt_date")]
    pub notice_date: Option<NaiveDate>,
    /// Hours per month the exit frees for other accounts.
    pub freed_hours_per_month: Option<Decimal>,
    /// The same by person, most first (ledger runs whose time entries name people).
    pub freed_hours_by_person: Vec<PersonHours>,
    /// Hours freed in each of the six months from the report date's month: the
    /// months after the exit in full, the exit month for its days after the exit.
    pub capacity: Vec<MonthHours>,
    /// Retention plan for a valuable client at risk.
    pub retention_offer: Option<RetentionOffer>,
    /// Every step, in order (the action first).
    pub steps: Vec<String>,
    /// The period's revenue at the proposed price, unrounded (for the what-if).
    #[serde(skip)]
    pub new_period_revenue: Option<Decimal>,
}

/// Builds the next step for a decided verdict; may add a reason (a rise beyond the cap).
pub fn next_step(
    verdict: Verdict,
    m: &ClientMetrics,
    s: &Settings,
    as_of: NaiveDate,
    reasons: &mut Vec<Reason>,
) -> NextStep {
    match verdict {
        Verdict::Fire => fire(m, s, as_of),
        Verdict::Reprice => reprice(m, s, reasons),
        Verdict::Retain => retain(m, s, as_of, reasons),
    }
}

/// Exit at the next natural conclusion at least `notice_days` away: the contract end
/// if late enough, else the next month (or quarter) end that is.
pub fn exit_dates(
    contract_end: Option<NaiveDate>,
    notice_days: u32,
    conclusion: NaturalConclusion,
    as_of: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let days = Duration::days(i64::from(notice_days));
    let earliest = as_of.checked_add_signed(days).unwrap_or(NaiveDate::MAX);
    let exit = match contract_end {
        Some(end) if end >= earliest => end,
        _ => match conclusion {
            NaturalConclusion::Month => month_end(earliest),
            NaturalConclusion::Quarter => quarter_end(earliest),
        },
    };
    (
        exit,
        exit.checked_sub_signed(days).unwrap_or(as_of).max(as_of),
    )
}

/// The notice to give a client: the contract's can lengthen the minimum, never shorten it.
fn notice_days(m: &ClientMetrics, s: &Settings) -> u32 {
    m.notice_days
        .map_or(s.notice_days, |n| n.max(s.notice_days))
}

/// The (notice, exit) dates for ending an engagement: today for a red flag, else
/// the contract end or natural conclusion after the notice period.
pub fn ending_dates(m: &ClientMetrics, s: &Settings, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    if m.red_flag.is_some() {
        return (as_of, as_of);
    }
    let (exit, notice) = exit_dates(
        m.contract_end,
        notice_days(m, s),
        s.natural_conclusion,
        as_of,
    );
    (notice, exit)
}

fn fire(m: &ClientMetrics, s: &Settings, as_of: NaiveDate) -> NextStep {
    let freed = m.hours_per_month;
    // Each sentence is written into one `String`, not a part per `String` joined
    // by another (format calls were over half of the next steps' instructions).
    let add_freed = |text: &mut String| {
        if let Some(h) = freed {
            text.push_str(&format!(
                "; move the {} h/month to other accounts",
                h.normalize()
            ));
        }
    };
    if let Some(flag) = &m.red_flag {
        let mut action = format!("End the engagement now ({flag}): give notice today");
        add_freed(&mut action);
        return NextStep {
            steps: vec![
                action.clone(),
                "Protect the team: take them off the account today".into(),
            ],
            action,
            exit_date: Some(as_of),
            notice_date: Some(as_of),
            freed_hours_per_month: freed,
            freed_hours_by_person: by_person(m, s),
            capacity: freed.map_or_else(Vec::new, |h| capacity(h, as_of, as_of)),
            ..NextStep::default()
        };
    }
    let notice = notice_days(m, s);
    let (exit, notice_date) = exit_dates(m.contract_end, notice, s.natural_conclusion, as_of);
    let at = if m.contract_end == Some(exit) {
        " (contract end)"
    } else {
        ""
    };
    let mut action = format!("Give notice by {notice_date} and end on {exit}{at}");
    add_freed(&mut action);
    let mut steps = vec![action.clone()];
    steps.push(format!("Plan the team's move now: {notice} days' notice, finish open work cleanly, hand over files"));
    if let Some(rate) = m.effective_rate {
        steps.push(format!("Until the exit, bill every out-of-scope request; the current effective rate is {rate}/h"));
    }
    NextStep {
        action,
        steps,
        exit_date: Some(exit),
        notice_date: Some(notice_date),
        freed_hours_per_month: freed,
        freed_hours_by_person: by_person(m, s),
        capacity: freed.map_or_else(Vec::new, |h| capacity(h, exit, as_of)),
        ..NextStep::default()
    }
}

fn reprice(m: &ClientMetrics, s: &Settings, reasons: &mut Vec<Reason>) -> NextStep {
    let mut step = NextStep::default();
    let mut steps = Vec::new();
    // Each part of the step answers a rule that fired; the rules own the thresholds.
    let fired = |ids: &[&str]| reasons.iter().any(|r| ids.contains(&r.rule));
    let under_target = m.margin_ratio.filter(|_| fired(&["under_target_margin"]));
    let review_due = fired(&["rate_review_due"]);
    let creep = fired(&["scope_overrun", "out_of_scope_requests"]);
    let late = fired(&["late_payer", "overdue_over_60_days"]);
    // The revenue that reaches the target on the same cost: cost / (1 - target), exact.
    let new_revenue = match (under_target, m.revenue, m.cost) {
        (Some(_), Some(r), Some(c)) if !r.is_zero() && s.target_margin_ratio < 1.0 => {
            c.checked_div(Decimal::ONE - decimal_of(s.target_margin_ratio))
        }
        (None, Some(r), _) if review_due => Some(r * decimal_of(1.0 + s.rate_review_rise_ratio)),
        _ => None,
    };
    let rise = match (new_revenue, m.revenue) {
        (Some(new), Some(r)) if !r.is_zero() => crate::model::money::ratio(new - r, r),
        _ => under_target.and_then(|margin| rise_needed(margin, s.target_margin_ratio)),
    };
    if let Some(rise) = rise {
        step.rate_rise_ratio = Some(round_ratio(rise));
        step.new_rate = match (new_revenue, m.hours) {
            (Some(new), Some(h)) if !h.is_zero() => new.checked_div(h).map(round_money),
            _ => None,
        };
        step.new_monthly_fee =
            new_revenue.map(|r| round_money(r / Decimal::from(s.period_months.max(1))));
        step.new_period_revenue = new_revenue;
        let mut line = match (step.new_rate, m.effective_rate, step.new_monthly_fee) {
            (Some(new), Some(old), _) => {
                format!("Raise the rate from {old}/h to {new}/h (+{})", Pct(rise))
            }
            (None, _, Some(fee)) => {
                format!("Raise the fee to {} a month (+{})", Grouped(fee), Pct(rise))
            }
            _ => format!("Raise prices by {}", Pct(rise)),
        };
        if under_target.is_some() {
            line.push_str(&format!(
                " to reach the {}% target margin",
                Fixed(s.target_margin_ratio * 100.0, 0)
            ));
        } else {
            line.push_str(&format!(
                " at the rate review (last increase {} months ago)",
                m.months_since_rate_increase.unwrap_or_default()
            ));
        }
        line.push_str(", from the next natural conclusion");
        steps.push(line);
        if under_target.is_some() && rise > s.max_rate_rise_ratio {
            reasons.push(Reason {
                rule: "rise_over_cap",
                metric: "rate_rise_ratio",
                value: Figure::Number(round_ratio(rise)),
                threshold: Figure::Number(s.max_rate_rise_ratio),
                text: format!("the {} rise exceeds the {}% a client can be expected to accept: a fire candidate if they refuse", Pct(rise), Fixed(s.max_rate_rise_ratio * 100.0, 0)),
            });
            steps.push(
                "If they refuse the rise, plan an exit at the next natural conclusion".into(),
            );
        }
    }
    if creep {
        let rate = step.new_rate.or(m.effective_rate);
        step.change_order_rate = rate;
        let mut line = String::with_capacity(160);
        line.push_str(
            "Introduce a change-order policy: quote out-of-scope requests before doing them",
        );
        if let Some(r) = rate {
            line.push_str(&format!(" at {r}/h"));
        }
        if let (Some(h), Some(v)) = (m.out_of_scope_hours, m.out_of_scope_value) {
            if !h.is_zero() {
                line.push_str(&format!(
                    "; last period {} h ({}) went unbilled",
                    h.normalize(),
                    Grouped(v)
                ));
            }
        }
        steps.push(line);
    }
    if late {
        let terms = format!("Invoice monthly in advance; offer a {}% discount only for quarterly or annual prepayment", Fixed(s.prepayment_discount_ratio * 100.0, 0));
        let mut line = terms.clone();
        if let Some(o) = m.overdue.filter(|o| !o.is_zero()) {
            line.push_str(&format!("; collect the {} overdue first", Grouped(o)));
        }
        step.prepayment = Some(terms);
        steps.push(line);
    }
    if steps.is_empty() {
        steps.push("Review the account's pricing and terms".into());
    }
    if review_due && under_target.is_none() && rise.is_none() {
        match m.rate_review_due {
            Some(d) => steps.push(format!("Rate review due since {d}")),
            None => steps.push("Rate review due since unknown".into()),
        }
    }
    step.action = steps[0].clone();
    step.steps = steps;
    step
}

fn retain(
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
            (Some(b), _) => format!(
                "; an incentive (discount for a longer contract or prepayment) may cost up to {}",
                Grouped(b)
            ),
            (None, Some(_)) => {
                "; no incentive: it would cost more than the profit it protects".into()
            }
            (None, None) => {
                "; no incentive until its profit is known (add cost or hours and cost_rate)".into()
            }
        };
        steps.push(format!(
            "Retain: valuable ({}) and at risk (churn risk {}): {}{incentive}",
            m.value_tier.map_or("-".into(), |t| format!("tier {t:?}")),
            Fixed(risk, 2),
            actions.first().map_or("", String::as_str)
        ));
        steps.extend(actions.iter().skip(1).cloned());
        offer = Some(RetentionOffer {
            actions,
            protected_profit: protected,
            incentive_budget: budget,
        });
    } else if at_risk {
        steps.push(format!(
            "Keep, and watch: at risk (churn risk {}) but not a top-value client, so no incentive",
            Fixed(m.churn_risk.unwrap_or(0.0), 2)
        ));
    } else {
        let review = m.rate_review_due.filter(|d| *d >= as_of);
        steps.push(match review {
            Some(d) => format!("Keep as is; next rate review by {d}"),
            None => "Keep as is".into(),
        });
    }
    // Notes that do not change the verdict but belong in front of the owner.
    if let Some(fit) = m.fit_score.filter(|&f| f < s.poor_fit_score) {
        let text = format!("poor fit ({} < {}): talk through expectations and working norms; with late payment or scope creep it means fire", Fixed(fit, 1), Fixed(s.poor_fit_score, 0));
        steps.push(format!("Note: {text}"));
        reasons.push(Reason {
            rule: "poor_fit",
            metric: "fit_score",
            value: Figure::Number(fit),
            threshold: Figure::Number(s.poor_fit_score),
            text,
        });
    }
    if m.margin_ratio.is_none() {
        let text =
            "margin unknown: add revenue and cost (or hours and cost_rate) to judge profitability"
                .to_string();
        steps.push(format!("Note: {text}"));
        reasons.push(Reason {
            rule: "margin_unknown",
            metric: "margin_ratio",
            value: Figure::Null,
            threshold: Figure::Number(s.target_margin_ratio),
            text,
        });
    }
    NextStep {
        action: steps[0].clone(),
        steps,
        retention_offer: offer,
        ..NextStep::default()
    }
}

fn retention_actions(m: &ClientMetrics) -> Vec<String> {
    let mut out = Vec::new();
    for sig in m.churn_signals.iter().filter(|s| s.risk > 0.0) {
        out.push(match sig.signal {
            "complaints" => {
                "a senior person calls about the complaint this week and agrees a fix".to_string()
            }
            "silence" => format!("a senior person calls to reconnect ({}); most unhappy clients leave without complaining", sig.input),
            "nps" => format!("run a service review ({})", sig.input),
            "contract_end" => format!("offer a longer contract before it ends ({})", sig.input),
            _ => format!("ask what changed and review the account plan ({})", sig.input),
        });
    }
    if out.is_empty() {
        out.push("put your best people on the account".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn exit_is_contract_end_when_late_enough() {
        let (exit, notice) = exit_dates(
            Some(d("2027-01-31")),
            30,
            NaturalConclusion::Month,
            d("2026-11-01"),
        );
        assert_eq!((exit, notice), (d("2027-01-31"), d("2027-01-01")));
    }

    #[test]
    fn exit_falls_to_the_next_month_or_quarter_end() {
        // Contract ends in 10 days: too soon for 30 days' notice. Earliest 2026-12-01.
        let (exit, notice) = exit_dates(
            Some(d("2026-11-11")),
            30,
            NaturalConclusion::Month,
            d("2026-11-01"),
        );
        assert_eq!((exit, notice), (d("2026-12-31"), d("2026-12-01")));
        let (exit, _) = exit_dates(None, 30, NaturalConclusion::Quarter, d("2026-11-01"));
        assert_eq!(exit, d("2026-12-31"));
        let (exit, notice) = exit_dates(None, 30, NaturalConclusion::Month, d("2026-10-01"));
        assert_eq!((exit, notice), (d("2026-10-31"), d("2026-10-01")));
        let (exit, _) = exit_dates(None, 60, NaturalConclusion::Quarter, d("2026-11-15"));
        assert_eq!(exit, d("2027-03-31"));
    }

    /// The reasons the rules give this client, as `decide_one` would pass them.
    fn rule_reasons(m: &ClientMetrics) -> Vec<Reason> {
        super::super::RULES
            .iter()
            .filter_map(|r| (r.check)(m, &Settings::default()))
            .collect()
    }

    /// The next step on 2026-11-01 with default settings.
    fn step_for(verdict: Verdict, m: &ClientMetrics) -> NextStep {
        next_step(
            verdict,
            m,
            &Settings::default(),
            d("2026-11-01"),
            &mut rule_reasons(m),
        )
    }

    fn metrics() -> ClientMetrics {
        let c = crate::model::Client {
            name: "T".into(),
            revenue: Some(dec("8000")),
            cost: Some(dec("6000")),
            hours: Some(dec("80")),
            ..Default::default()
        };
        crate::metrics::compute(&[c], &Settings::default(), d("2026-11-01")).remove(0)
    }

    #[test]
    fn reprice_reaches_the_target_margin() {
        // margin 0.25; rise = 0.75/0.5 - 1 = 0.5; rate 100 -> 150; fee 8000 -> 12000.
        // Check: 12000 revenue on 6000 cost is a 50% margin.
        let m = metrics();
        let mut reasons = rule_reasons(&m);
        let step = next_step(
            Verdict::Reprice,
            &m,
            &Settings::default(),
            d("2026-11-01"),
            &mut reasons,
        );
        assert_eq!(step.rate_rise_ratio, Some(0.5));
        assert_eq!(step.new_rate, Some(dec("150.00")));
        assert_eq!(step.new_monthly_fee, Some(dec("12000.00")));
        assert_eq!(reasons.last().map(|r| r.rule), Some("rise_over_cap"));
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
        let step = step_for(Verdict::Reprice, &m);
        assert_eq!(
            step.change_order_rate,
            Some(dec("150.00")),
            "out-of-scope work at the new rate"
        );
        assert!(
            step.steps
                .iter()
                .any(|s| s.contains("16 h (1,600.00) went unbilled")),
            "{:?}",
            step.steps
        );
        assert!(step
            .prepayment
            .as_deref()
            .is_some_and(|p| p.contains("3% discount only for quarterly or annual prepayment")));
        assert!(
            step.steps
                .iter()
                .any(|s| s.ends_with("collect the 2,500 overdue first")),
            "{:?}",
            step.steps
        );
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
        let m = crate::metrics::compute(&[c], &Settings::default(), d("2026-11-01")).remove(0);
        let step = step_for(Verdict::Reprice, &m);
        assert_eq!(step.rate_rise_ratio, Some(0.05));
        assert_eq!(step.new_monthly_fee, Some(dec("10500.00")));
        assert_eq!(step.new_rate, Some(dec("105.00")));
        assert!(
            step.action
                .contains("at the rate review (last increase 33 months ago)"),
            "{}",
            step.action
        );
    }

    #[test]
    fn capacity_frees_the_exit_month_from_the_day_after() {
        // 31 h a month, exit on 2026-12-15: December has 16 free days of 31.
        let c = capacity(dec("31"), d("2026-12-15"), d("2026-11-01"));
        let got: Vec<(&str, Decimal)> = c
            .iter()
            .map(|m| (m.month.as_str(), m.freed_hours))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11", dec("0")),
                ("2026-12", dec("16")),
                ("2027-01", dec("31")),
                ("2027-02", dec("31")),
                ("2027-03", dec("31")),
                ("2027-04", dec("31")),
            ]
        );
        // Exit on a month's last day: that month is all worked.
        assert_eq!(
            capacity(dec("10"), d("2026-11-30"), d("2026-11-01"))[0].freed_hours,
            dec("0")
        );
    }

    #[test]
    fn fire_frees_the_hours() {
        let mut m = metrics();
        m.red_flag = Some("abuse".into());
        let step = step_for(Verdict::Fire, &m);
        assert_eq!(step.exit_date, Some(d("2026-11-01")));
        assert_eq!(step.freed_hours_per_month, Some(dec("80.00")));
    }

    #[test]
    fn retention_incentive_capped_by_protected_profit() {
        let mut m = metrics();
        m.value_tier = Some(Tier::A);
        m.churn_risk = Some(0.6);
        // annual profit 24,000 x 0.6 = 14,400 protected; 25% = 3,600 budget.
        let step = step_for(Verdict::Retain, &m);
        let offer = step.retention_offer.unwrap();
        assert_eq!(offer.protected_profit, Some(dec("14400.00")));
        assert_eq!(offer.incentive_budget, Some(dec("3600.00")));
        m.profit = Some(dec("-10"));
        let step = step_for(Verdict::Retain, &m);
        assert_eq!(step.retention_offer.unwrap().incentive_budget, None);
    }
}
