//! The ordered rule table. The first rule that fires decides the verdict; every
//! rule that fires adds a reason. Comparisons: "below" and "over" are strict,
//! counts and months fire at the threshold ("at least").

use super::{Figure, Reason, Verdict};
use crate::metrics::ClientMetrics;
use crate::model::money::{round_ratio, to_f64, Fixed, Grouped, Pct};
use crate::model::Settings;

/// One verdict rule.
pub struct Rule {
    /// Stable id, used in reasons and `explain`.
    pub id: &'static str,
    /// The verdict it gives when it decides.
    pub verdict: Verdict,
    /// When it fires, in words.
    pub when: &'static str,
    /// Returns a reason when the rule fires for this client.
    pub check: fn(&ClientMetrics, &Settings) -> Option<Reason>,
}

/// The rules, in the order they are tried.
pub const RULES: &[Rule] = &[
    Rule { id: "red_flag", verdict: Verdict::Fire, when: "the client has a red flag (abusive or unethical conduct)", check: red_flag },
    Rule {
        id: "unrepairable_margin",
        verdict: Verdict::Fire,
        when: "margin below margin_floor_ratio, and reaching the floor needs a rise over max_rate_rise_ratio",
        check: unrepairable_margin,
    },
    Rule { id: "poor_fit_late_payer", verdict: Verdict::Fire, when: "fit_score below poor_fit_score and avg_days_late at least days_late_chronic", check: poor_fit_late_payer },
    Rule {
        id: "poor_fit_scope_creep",
        verdict: Verdict::Fire,
        when: "fit_score below poor_fit_score and overrun at least scope_overrun_chronic_ratio (or out-of-scope requests at least twice out_of_scope_requests_max)",
        check: poor_fit_scope_creep,
    },
    Rule { id: "under_target_margin", verdict: Verdict::Reprice, when: "margin below target_margin_ratio", check: under_target_margin },
    Rule { id: "scope_overrun", verdict: Verdict::Reprice, when: "hours over contract by more than scope_overrun_max_ratio", check: scope_overrun },
    Rule { id: "out_of_scope_requests", verdict: Verdict::Reprice, when: "out-of-scope requests at least out_of_scope_requests_max", check: out_of_scope_requests },
    Rule { id: "late_payer", verdict: Verdict::Reprice, when: "avg_days_late over days_late_max", check: late_payer },
    Rule { id: "overdue_over_60_days", verdict: Verdict::Reprice, when: "any amount more than 60 days past due", check: overdue_over_60 },
    Rule { id: "rate_review_due", verdict: Verdict::Reprice, when: "last rate increase more than rate_review_months ago", check: rate_review_due },
];

fn num(x: f64) -> Figure {
    Figure::Number(x)
}

fn reason(
    rule: &'static str,
    metric: &'static str,
    value: Figure,
    threshold: Figure,
    text: String,
) -> Option<Reason> {
    Some(Reason {
        rule,
        metric,
        value,
        threshold,
        text,
    })
}

/// Rise needed for margin `m` to reach `target`: `(1 - m) / (1 - target) - 1`.
pub fn rise_needed(m: f64, target: f64) -> Option<f64> {
    (target < 1.0).then(|| round_ratio((1.0 - m) / (1.0 - target) - 1.0))
}

fn red_flag(m: &ClientMetrics, _: &Settings) -> Option<Reason> {
    let flag = m.red_flag.as_ref()?;
    reason(
        "red_flag",
        "red_flag",
        Figure::Text(flag.clone()),
        Figure::Null,
        format!("red flag: {flag}; abusive or unethical conduct ends the engagement now"),
    )
}

fn unrepairable_margin(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    // No revenue for real work: no rate rise repairs working for free.
    if let Some(work) = crate::metrics::margin::unpaid_work(m.revenue, m.cost, m.hours) {
        return reason(
            "unrepairable_margin",
            "revenue",
            Figure::Money(rust_decimal::Decimal::ZERO),
            Figure::Null,
            format!("no revenue against {work}: no rate rise repairs unpaid work (override if it is deliberate pro bono work)"),
        );
    }
    let margin = m.margin_ratio?;
    if margin >= s.margin_floor_ratio {
        return None;
    }
    let rise = rise_needed(margin, s.margin_floor_ratio)?;
    (rise > s.max_rate_rise_ratio).then_some(())?;
    reason(
        "unrepairable_margin",
        "margin_ratio",
        num(margin),
        num(s.margin_floor_ratio),
        format!("margin {} is below the {} floor, and reaching even the floor needs a {} rate rise (more than the {} a client can be expected to accept)", Pct(margin), Pct(s.margin_floor_ratio), Pct(rise), Pct(s.max_rate_rise_ratio)),
    )
}

fn poor_fit(m: &ClientMetrics, s: &Settings) -> Option<f64> {
    m.fit_score.filter(|&f| f < s.poor_fit_score)
}

fn poor_fit_late_payer(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let fit = poor_fit(m, s)?;
    let late = to_f64(m.avg_days_late?);
    (late >= s.days_late_chronic).then_some(())?;
    reason(
        "poor_fit_late_payer",
        "fit_score",
        num(fit),
        num(s.poor_fit_score),
        format!("poor fit ({} < {}) combined with chronic late payment ({} days late on average, chronic at {})", Fixed(fit, 1), Fixed(s.poor_fit_score, 0), Fixed(late, 1), Fixed(s.days_late_chronic, 0)),
    )
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
        (Some(o), _) => format!(
            "{} over contracted hours, chronic at {}",
            Pct(o),
            Pct(s.scope_overrun_chronic_ratio)
        ),
        (None, Some(n)) => format!(
            "{n} out-of-scope requests, chronic at {}",
            2 * s.out_of_scope_requests_max
        ),
        (None, None) => return None,
    };
    reason(
        "poor_fit_scope_creep",
        "fit_score",
        num(fit),
        num(s.poor_fit_score),
        format!(
            "poor fit ({} < {}) combined with chronic scope creep ({creep})",
            Fixed(fit, 1),
            Fixed(s.poor_fit_score, 0)
        ),
    )
}

fn under_target_margin(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let margin = m.margin_ratio.filter(|&x| x < s.target_margin_ratio)?;
    reason(
        "under_target_margin",
        "margin_ratio",
        num(margin),
        num(s.target_margin_ratio),
        format!(
            "margin {} is below the {} target",
            Pct(margin),
            Pct(s.target_margin_ratio)
        ),
    )
}

fn scope_overrun(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let o = m
        .scope_overrun_ratio
        .filter(|&o| o > s.scope_overrun_max_ratio)?;
    // The value is only told beside the hours it is the value of.
    let mut text = format!("{} over contracted hours", Pct(o));
    match (m.out_of_scope_hours, m.out_of_scope_value) {
        (Some(h), Some(v)) => text.push_str(&format!(" ({} h, worth {v} unbilled)", h.normalize())),
        (Some(h), None) => text.push_str(&format!(" ({} h)", h.normalize())),
        (None, _) => {}
    }
    text.push_str(&format!(
        ", above the {} allowance",
        Pct(s.scope_overrun_max_ratio)
    ));
    reason(
        "scope_overrun",
        "scope_overrun_ratio",
        num(o),
        num(s.scope_overrun_max_ratio),
        text,
    )
}

fn out_of_scope_requests(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let n = m
        .out_of_scope_requests
        .filter(|&n| n >= s.out_of_scope_requests_max)?;
    reason(
        "out_of_scope_requests",
        "out_of_scope_requests",
        Figure::Count(i64::from(n)),
        Figure::Count(i64::from(s.out_of_scope_requests_max)),
        format!(
            "{n} out-of-scope requests this period (a change-order policy is due at {})",
            s.out_of_scope_requests_max
        ),
    )
}

fn late_payer(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    let d = m.avg_days_late?;
    let late = to_f64(d);
    (late > s.days_late_max).then_some(())?;
    reason(
        "late_payer",
        "avg_days_late",
        Figure::Money(d),
        num(s.days_late_max),
        format!(
            "pays {} days late on average (more than {})",
            Fixed(late, 1),
            Fixed(s.days_late_max, 0)
        ),
    )
}

fn overdue_over_60(m: &ClientMetrics, _: &Settings) -> Option<Reason> {
    let over = m.aging.as_ref()?.over_60();
    (over > rust_decimal::Decimal::ZERO).then_some(())?;
    reason(
        "overdue_over_60_days",
        "aging",
        Figure::Money(over),
        Figure::Count(0),
        format!("{} is more than 60 days past due", Grouped(over)),
    )
}

fn rate_review_due(m: &ClientMetrics, s: &Settings) -> Option<Reason> {
    // "Over 12 months old": due the day after the anniversary of the last increase.
    let months = m
        .months_since_rate_increase
        .filter(|_| m.rate_review_overdue)?;
    reason(
        "rate_review_due",
        "months_since_rate_increase",
        Figure::Count(i64::from(months)),
        Figure::Count(i64::from(s.rate_review_months)),
        format!(
            "last rate increase {months} months ago (review at least every {} months)",
            s.rate_review_months
        ),
    )
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
        let mut m =
            crate::metrics::compute(&[c], &Settings::default(), "2026-11-01".parse().unwrap())
                .remove(0);
        m.margin_ratio = Some(0.55);
        m.fit_score = Some(75.0);
        m
    }

    fn fires(id: &str, m: &ClientMetrics) -> bool {
        let rule = RULES.iter().find(|r| r.id == id).unwrap();
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
    fn scope_overrun_tells_the_hours_and_their_value_when_known() {
        let text = |hours: Option<&str>, value: Option<&str>| {
            let mut m = base();
            m.scope_overrun_ratio = Some(0.25);
            m.out_of_scope_hours = hours.map(dec);
            m.out_of_scope_value = value.map(dec);
            scope_overrun(&m, &Settings::default()).unwrap().text
        };
        assert_eq!(
            text(Some("12.50"), Some("1500.00")),
            "25.0% over contracted hours (12.5 h, worth 1500.00 unbilled), above the 15.0% allowance"
        );
        assert_eq!(
            text(Some("12"), None),
            "25.0% over contracted hours (12 h), above the 15.0% allowance"
        );
        assert_eq!(
            text(None, Some("1500.00")),
            "25.0% over contracted hours, above the 15.0% allowance"
        );
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
