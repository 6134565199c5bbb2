//! Every figure of one client, computed from its row and the portfolio around it.

use crate::model::money::{ratio, round_money, to_f64};
use crate::model::period::{days_between, whole_months_between};
use crate::model::{Aging, Client, Extra, Settings};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::churn::{self, Signal};
use super::health::{self, Component};
use super::value::{self, Tier};
use super::{fit, lateness, margin, scope_creep};

/// Where a client's CLV comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClvBasis {
    /// BG/NBD and Gamma-Gamma fitted on the invoice histories (ledger mode).
    Model,
    /// Profit per month kept while the churn risk allows.
    Heuristic,
}

/// Every figure for one client. Serialized as the `metrics` object of the JSON report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientMetrics {
    /// Client name (not serialized here: it is the client object's key).
    #[serde(skip)]
    pub client: String,
    /// Billed in the period.
    pub revenue: Option<Decimal>,
    /// Cost of delivery.
    pub cost: Option<Decimal>,
    /// `revenue - cost`.
    pub profit: Option<Decimal>,
    /// Hours delivered.
    pub hours: Option<Decimal>,
    /// `(revenue - cost) / revenue`.
    pub margin_ratio: Option<f64>,
    /// `revenue / hours`.
    pub effective_rate: Option<Decimal>,
    /// `(hours - contracted_hours) / contracted_hours`.
    pub scope_overrun_ratio: Option<f64>,
    /// Hours the contract covers.
    pub contracted_hours: Option<Decimal>,
    /// Hours outside the agreed scope.
    pub out_of_scope_hours: Option<Decimal>,
    /// Out-of-scope hours at the bill rate: work given away.
    pub out_of_scope_value: Option<Decimal>,
    /// Requests outside the agreed scope.
    pub out_of_scope_requests: Option<u32>,
    /// Amount-weighted mean days paid after the due date.
    pub avg_days_late: Option<Decimal>,
    /// Share of invoices paid late.
    pub late_invoice_ratio: Option<f64>,
    /// Past due as of the report date.
    pub overdue: Option<Decimal>,
    /// Receivables by age.
    pub aging: Option<Aging>,
    /// Fit 0-100 (100 = excellent).
    pub fit_score: Option<f64>,
    /// Churn risk 0-1 (1 = about to leave).
    pub churn_risk: Option<f64>,
    /// Probability the client is still active (BG/NBD; needs transaction history).
    pub p_alive: Option<f64>,
    /// A, B or C.
    pub value_tier: Option<Tier>,
    /// Share of portfolio revenue.
    pub revenue_share: Option<f64>,
    /// Share of portfolio profit.
    pub profit_share: Option<f64>,
    /// Expected future profit over the CLV horizon.
    pub clv: Option<Decimal>,
    /// How the client's amounts were converted into the report currency (its own
    /// currency, the rate and its date, the original revenue and cost); `null` when
    /// they were in the report currency already.
    pub conversion: Option<Box<crate::model::money::Conversion>>,
    /// How `clv` was estimated: `model` (BG/NBD purchases at the Gamma-Gamma value,
    /// times the margin) or `heuristic` (profit kept while churn risk allows).
    pub clv_basis: Option<ClvBasis>,
    /// `(revenue - previous_revenue) / previous_revenue`.
    pub revenue_trend_ratio: Option<f64>,
    /// Days from the last contact to the report date.
    pub days_since_contact: Option<i64>,
    /// Days from the report date to the contract end (negative: ended).
    pub days_to_contract_end: Option<i64>,
    /// Whole months since the last rate increase.
    pub months_since_rate_increase: Option<i32>,
    /// When a rate review falls due: the last increase plus `rate_review_months`.
    pub rate_review_due: Option<NaiveDate>,
    /// The last increase is more than `rate_review_months` old on the report date.
    #[serde(skip)]
    pub rate_review_overdue: bool,
    /// Complaints in the period.
    pub complaints: Option<u32>,
    /// Latest NPS answer.
    pub nps: Option<u8>,
    /// Hours per month the client takes (hours / period months).
    pub hours_per_month: Option<Decimal>,
    /// The red flag, if any.
    pub red_flag: Option<String>,
    /// End of the current contract.
    pub contract_end: Option<NaiveDate>,
    /// Last rate increase.
    pub last_rate_increase: Option<NaiveDate>,
    /// Notice the contract requires (else the default).
    pub notice_days: Option<u32>,
    /// Acquisition channel.
    pub source: Option<String>,
    /// Hours in the period by person (ledger runs); shown in the fire plan.
    #[serde(skip)]
    pub people_hours: Vec<(String, Decimal)>,
    /// Figures only a ledger run knows (`null` for a summary file).
    pub ledger: Option<Box<crate::model::records::LedgerFigures>>,
    /// The churn signals behind `churn_risk`.
    pub churn_signals: Vec<Signal>,
    /// The dimensions behind `health`.
    pub health_components: Vec<Component>,
    /// Health 0-100 (100 = healthy); serialized on the client object.
    #[serde(skip)]
    pub health: Option<f64>,
    /// The band the health falls in; serialized on the client object.
    #[serde(skip)]
    pub health_band: Option<health::Band>,
    /// Notes on figures that could not be computed; serialized on the client object.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Computes every client's figures, including the portfolio-relative ones (shares,
/// tiers); `extras` are the clients' extras, index for index (empty: none).
pub fn compute(
    clients: &[Client],
    extras: &[Extra],
    settings: &Settings,
    as_of: NaiveDate,
) -> Vec<ClientMetrics> {
    let none = Extra::default();
    let mut rows: Vec<ClientMetrics> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| one(c, extras.get(i).unwrap_or(&none), settings, as_of))
        .collect();
    let revenues: Vec<Option<Decimal>> = rows.iter().map(|m| m.revenue).collect();
    let profits: Vec<Option<Decimal>> = rows.iter().map(|m| m.profit).collect();
    let basis = if profits.iter().any(Option::is_some) {
        &profits
    } else {
        &revenues
    };
    let tiers = value::tiers(
        basis,
        settings.tier_a_profit_share,
        settings.tier_b_profit_share,
    );
    // Shares of what was earned: a loss, or credit notes above billing, count as 0.
    let positive = |v: &[Option<Decimal>]| -> Vec<Option<Decimal>> {
        v.iter().map(|p| p.map(|p| p.max(Decimal::ZERO))).collect()
    };
    let revenue_shares = value::shares(&positive(&revenues));
    let profit_shares = value::shares(&positive(&profits));
    for (i, m) in rows.iter_mut().enumerate() {
        m.value_tier = tiers[i];
        m.revenue_share = revenue_shares[i];
        m.profit_share = profit_shares[i];
    }
    rows
}

/// Figures no real business has, which a misread file produces (`12.500` read as
/// 12.5, or amounts in thousands): an hourly rate under 1 over a hundred hours or
/// more, a margin below -1,000%. Said before any figure, once per client.
pub fn implausible(rows: &[ClientMetrics]) -> Vec<String> {
    let hint = "check the file's decimal separator (--decimal-point or --decimal-comma) and units";
    let mut out = Vec::new();
    for m in rows {
        let Some(hours) = m.hours.filter(|h| *h >= Decimal::ONE_HUNDRED) else {
            continue;
        };
        let per_hour = [("effective rate", m.revenue), ("cost rate", m.cost)];
        for (what, amount) in per_hour {
            let rate = amount.and_then(|a| a.checked_div(hours));
            if let Some(r) = rate.filter(|r| *r >= Decimal::ZERO && *r < Decimal::ONE) {
                out.push(format!(
                    "{}: {what} {}/h over {hours} h is implausible: {hint}",
                    m.client,
                    round_money(r)
                ));
            }
        }
    }
    for m in rows {
        if let Some(r) = m.margin_ratio.filter(|r| *r < -10.0) {
            out.push(format!(
                "{}: margin {} is implausible: {hint}",
                m.client,
                crate::model::money::Pct(r)
            ));
        }
    }
    out
}

fn one(c: &Client, extra: &Extra, s: &Settings, as_of: NaiveDate) -> ClientMetrics {
    let mut warnings = c.warnings.clone();
    let m = margin::margin(c.revenue, c.cost, c.hours);
    if c.revenue.is_some_and(|r| r.is_zero()) {
        warnings.push("zero revenue: margin_ratio is undefined (null)".into());
    }
    if c.revenue.is_some_and(|r| r < Decimal::ZERO) {
        warnings.push(
            "negative revenue (credit notes exceed billing): margin_ratio is undefined (null)"
                .into(),
        );
    }
    let rate = c.bill_rate.or(m.effective_rate);
    let mut scope = scope_creep::scope(c.hours, c.contracted_hours, c.out_of_scope_hours, rate);
    if let Some(v) = c.out_of_scope_value {
        scope.out_of_scope_value = Some(round_money(v));
    }
    if c.contracted_hours.is_some_and(|h| h.is_zero()) {
        warnings.push("zero contracted_hours: scope_overrun_ratio is undefined (null)".into());
    }
    for (column, date) in [
        ("last_contact", c.last_contact),
        ("last_rate_increase", c.last_rate_increase),
        ("client_since", c.client_since),
    ] {
        if let Some(d) = date.filter(|d| *d > as_of) {
            warnings.push(format!("`{column}` {d} is after the report date {as_of}: figures treat it as the report date"));
        }
    }
    let fit_score = fit::fit_score(&c.fit, &s.fit_aspect_weights);
    let days_since_contact = c.last_contact.map(|d| days_between(d, as_of).max(0));
    let days_to_contract_end = c.contract_end.map(|d| days_between(as_of, d));
    let revenue_trend_ratio = c
        .revenue
        .zip(c.previous_revenue)
        .and_then(|(r, p)| ratio(r - p, p));
    let inputs = churn::ChurnInputs {
        days_since_contact,
        complaints: c.complaints,
        nps: c.nps,
        days_to_contract_end,
        revenue_trend_ratio,
        days_since_notice: c.notice_given.map(|d| days_between(d, as_of).max(0)),
    };
    let churn_signals = churn::signals(&inputs, s);
    let exact_churn = churn::churn_risk(&churn_signals);
    let churn_risk = exact_churn.map(crate::model::money::round_ratio);
    let heuristic = m.profit.zip(exact_churn).map(|(p, r)| {
        let (months, discount) = (s.clv_horizon_months, s.clv_monthly_discount_ratio);
        value::clv(p, s.period_months, r, months, discount)
    });
    // The purchase models' expected value, at the client's own margin (exact:
    // value x profit / revenue).
    let model = match (extra.expected_purchase_value, m.profit, c.revenue) {
        (Some(v), Some(p), Some(r)) if !r.is_zero() => v
            .checked_mul(p)
            .and_then(|x| x.checked_div(r))
            .map(crate::model::money::round_money),
        _ => None,
    };
    let (clv, clv_basis) = match (model, heuristic) {
        (Some(v), _) => (Some(v), Some(ClvBasis::Model)),
        (None, Some(v)) => (Some(v), Some(ClvBasis::Heuristic)),
        (None, None) => (None, None),
    };
    let w = &s.health_weights;
    // Work without revenue is as bad as a margin gets, not a missing figure.
    let margin_score = m
        .margin_ratio
        .map(|x| margin::score(x, s.target_margin_ratio))
        .or(margin::unpaid_work(c.revenue, c.cost, c.hours).map(|_| 0.0));
    let components: Vec<Component> = [
        ("margin", margin_score, w.margin),
        (
            "scope",
            scope
                .overrun_ratio
                .map(|x| scope_creep::score(x, s.scope_overrun_chronic_ratio)),
            w.scope,
        ),
        (
            "lateness",
            c.avg_days_late
                .map(|x| lateness::score(to_f64(x), s.days_late_chronic)),
            w.lateness,
        ),
        ("fit", fit_score, w.fit),
        ("churn", churn_risk.map(|x| (1.0 - x) * 100.0), w.churn),
    ]
    .into_iter()
    .filter_map(|(dimension, score, weight)| Some(health::component(dimension, score?, weight)))
    .collect();
    let health = health::health(&components, s.health_model);
    let rate_review_due = c
        .last_rate_increase
        .and_then(|d| d.checked_add_months(chrono::Months::new(s.rate_review_months)));
    if health.is_none() {
        warnings.push("no input for any health dimension: health is null".into());
    }
    ClientMetrics {
        client: c.name.clone(),
        revenue: c.revenue,
        cost: c.cost,
        profit: m.profit,
        hours: c.hours,
        margin_ratio: m.margin_ratio,
        effective_rate: m.effective_rate,
        scope_overrun_ratio: scope.overrun_ratio,
        contracted_hours: c.contracted_hours,
        out_of_scope_hours: scope.out_of_scope_hours,
        out_of_scope_value: scope.out_of_scope_value,
        out_of_scope_requests: c.out_of_scope_requests,
        avg_days_late: c.avg_days_late,
        late_invoice_ratio: c.late_invoice_ratio,
        overdue: c.overdue,
        aging: c.aging.clone(),
        fit_score,
        churn_risk,
        p_alive: c.p_alive,
        value_tier: None,
        revenue_share: None,
        profit_share: None,
        clv,
        conversion: extra.conversion.clone(),
        clv_basis,
        revenue_trend_ratio,
        days_since_contact,
        days_to_contract_end,
        months_since_rate_increase: c
            .last_rate_increase
            .map(|d| whole_months_between(d, as_of).max(0)),
        rate_review_due,
        rate_review_overdue: rate_review_due.is_some_and(|due| due < as_of),
        complaints: c.complaints,
        nps: c.nps,
        hours_per_month: c
            .hours
            .map(|h| crate::model::money::round_money(h / Decimal::from(s.period_months.max(1)))),
        red_flag: c.red_flag.clone(),
        contract_end: c.contract_end,
        last_rate_increase: c.last_rate_increase,
        notice_days: c.notice_days,
        source: c.source.clone(),
        ledger: extra.ledger.clone(),
        people_hours: extra.people_hours.clone(),
        churn_signals,
        health_components: components,
        health,
        health_band: health.map(|h| health::band(h, s)),
        warnings,
    }
}

/// Client T: 8,000 billed on 6,000 of cost over 80 hours (a 25% margin); for tests only.
#[cfg(test)]
pub(crate) fn client_t() -> Client {
    let dec = crate::model::money::dec;
    Client {
        name: "T".into(),
        revenue: Some(dec("8000")),
        cost: Some(dec("6000")),
        hours: Some(dec("80")),
        ..Default::default()
    }
}

/// One client's figures with the default settings on 2026-11-01; for tests only.
#[cfg(test)]
pub(crate) fn metrics_of(c: Client) -> ClientMetrics {
    let as_of = crate::model::period::date("2026-11-01");
    compute(&[c], &[], &Settings::default(), as_of).remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::dec;
    use crate::model::FitRating;

    #[test]
    fn a_full_client_by_hand() {
        let c = Client {
            name: "Acme".into(),
            revenue: Some(dec("10000")),
            cost: Some(dec("6000")),
            hours: Some(dec("88")),
            contracted_hours: Some(dec("80")),
            avg_days_late: Some(dec("15")),
            fit: vec![FitRating {
                aspect: "overall".into(),
                rating: dec("4"),
            }],
            complaints: Some(1),
            last_rate_increase: Some("2025-06-15".parse().unwrap()),
            ..Client::default()
        };
        let m = &metrics_of(c);
        assert_eq!(m.profit, Some(dec("4000")));
        assert_eq!(m.margin_ratio, Some(0.4));
        assert_eq!(m.effective_rate, Some(dec("113.64")));
        assert_eq!(m.scope_overrun_ratio, Some(0.1));
        assert_eq!(m.out_of_scope_hours, Some(dec("8")));
        // 8 h at the effective rate 113.64
        assert_eq!(m.out_of_scope_value, Some(dec("909.12")));
        assert_eq!(m.fit_score, Some(75.0));
        assert_eq!(m.churn_risk, Some(0.35));
        assert_eq!(m.months_since_rate_increase, Some(16));
        assert_eq!(m.value_tier, Some(Tier::A));
        assert_eq!(m.revenue_share, Some(1.0));
        // margin 0.4/0.5 -> 80 (w .3); scope 0.1 -> 1 - 0.1/0.6 = 83.3 (w .15);
        // lateness 15 -> 75 (w .15); fit 75 (w .2); churn 65 (w .2)
        // (24 + 12.495 + 11.25 + 15 + 13) / 1.0 = 75.7
        assert_eq!(m.health, Some(75.7));
    }

    #[test]
    fn rate_review_is_due_once_the_increase_is_over_12_months_old() {
        let c = Client {
            name: "R".into(),
            last_rate_increase: Some("2025-10-31".parse().unwrap()),
            ..Client::default()
        };
        let on = |d: &str| {
            compute(
                std::slice::from_ref(&c),
                &[],
                &Settings::default(),
                d.parse().unwrap(),
            )
            .remove(0)
        };
        assert!(!on("2026-10-31").rate_review_overdue, "exactly 12 months");
        assert!(on("2026-11-01").rate_review_overdue);
        assert_eq!(
            on("2026-11-01").rate_review_due,
            Some("2026-10-31".parse().unwrap())
        );
    }

    #[test]
    fn missing_inputs_give_nulls_and_renormalize() {
        let c = Client {
            name: "Solo".into(),
            revenue: Some(dec("0")),
            cost: Some(dec("100")),
            ..Client::default()
        };
        let m = &metrics_of(c);
        assert_eq!(m.margin_ratio, None);
        assert_eq!(m.profit, Some(dec("-100")));
        // Unpaid work scores 0 on margin; it is the only dimension known.
        assert_eq!(m.health, Some(0.0));
        assert!(m.warnings.iter().any(|w| w.contains("zero revenue")));
        assert_eq!(m.value_tier, Some(Tier::C));

        let bare = Client {
            name: "Bare".into(),
            revenue: Some(dec("500")),
            ..Client::default()
        };
        let m = &metrics_of(bare);
        assert_eq!(
            (m.margin_ratio, m.health),
            (None, None),
            "nothing to score on"
        );
        assert!(m.warnings.iter().any(|w| w.contains("health is null")));
    }

    mod props {
        use super::*;
        use crate::verdict::{decide, Verdict};
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn scores_stay_in_range_and_exits_respect_notice(
                revenue in 0i64..10_000_000_000, cost in 0i64..10_000_000_000,
                hours in 0i64..10_000, contracted in 0i64..10_000,
                late in -100i64..400, fit in 1i64..=5, nps in 0u8..=10, complaints in 0u32..50,
                contact_days in 0i64..400, end_days in -100i64..800,
            ) {
                let as_of: NaiveDate = "2026-10-31".parse().unwrap();
                let c = Client {
                    name: "P".into(),
                    revenue: Some(Decimal::new(revenue, 2)),
                    cost: Some(Decimal::new(cost, 2)),
                    hours: Some(Decimal::from(hours)),
                    contracted_hours: Some(Decimal::from(contracted)),
                    avg_days_late: Some(Decimal::from(late)),
                    fit: vec![FitRating { aspect: "overall".into(), rating: Decimal::from(fit) }],
                    nps: Some(nps),
                    complaints: Some(complaints),
                    last_contact: Some(as_of - chrono::Duration::days(contact_days)),
                    contract_end: Some(as_of + chrono::Duration::days(end_days)),
                    ..Client::default()
                };
                let s = Settings::default();
                let rows = compute(&[c], &[], &s, as_of);
                let m = &rows[0];
                if let Some(h) = m.health { prop_assert!((0.0..=100.0).contains(&h), "health {}", h); }
                if let Some(r) = m.churn_risk { prop_assert!((0.0..=1.0).contains(&r), "churn {}", r); }
                if let Some(f) = m.fit_score { prop_assert!((0.0..=100.0).contains(&f)); }
                if let Some(x) = m.margin_ratio { prop_assert!(x <= 1.0); }
                let a = &decide(&rows, &s, as_of)[0];
                if a.verdict == Verdict::Fire {
                    let (exit, notice) = (a.next_step.exit_date.unwrap(), a.next_step.notice_date.unwrap());
                    prop_assert!(notice >= as_of);
                    prop_assert_eq!((exit - notice).num_days(), 30);
                }
                if a.verdict == Verdict::Reprice {
                    if let (Some(fee), Some(cost)) = (a.next_step.new_monthly_fee, m.cost) {
                        // The proposed fee reaches the target margin (to the cent).
                        if m.margin_ratio.is_some_and(|x| x < s.target_margin_ratio) && !fee.is_zero() {
                            let margin = crate::model::money::to_f64((fee - cost) / fee);
                            prop_assert!((margin - s.target_margin_ratio).abs() < 1e-4, "margin {}", margin);
                        }
                    }
                }
            }

            /// More revenue for the same work and cost never makes a verdict worse.
            #[test]
            fn more_revenue_never_worsens_the_verdict(
                revenue in 0i64..5_000_000, extra in 1i64..5_000_000, cost in 0i64..5_000_000,
                hours in 0i64..500, contracted in 1i64..500, late in 0i64..200, fit in 1i64..=5,
            ) {
                let as_of: NaiveDate = "2026-10-31".parse().unwrap();
                let client = |rev: i64| Client {
                    name: "P".into(),
                    revenue: Some(Decimal::from(rev)),
                    cost: Some(Decimal::from(cost)),
                    hours: Some(Decimal::from(hours)),
                    contracted_hours: Some(Decimal::from(contracted)),
                    avg_days_late: Some(Decimal::from(late)),
                    fit: vec![FitRating { aspect: "overall".into(), rating: Decimal::from(fit) }],
                    ..Client::default()
                };
                let s = Settings::default();
                let verdict = |rev: i64| {
                    let rows = compute(&[client(rev)], &[], &s, as_of);
                    decide(&rows, &s, as_of)[0].verdict
                };
                let (before, after) = (verdict(revenue), verdict(revenue + extra));
                // Verdicts order fire < reprice < retain.
                prop_assert!(after >= before, "{:?} at {} but {:?} at {}", before, revenue, after, revenue + extra);
            }
        }
    }
}
