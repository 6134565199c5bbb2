//! Probability models of churn and value (SPEC 7), fitted by maximum likelihood.

pub mod bgnbd;
pub mod cohorts;
pub mod gamma_gamma;
pub mod optimize;
pub mod purchases;
pub mod sbg;
pub mod special;

use crate::model::money::{decimal_of, round_money, round_ratio};
pub use bgnbd::TimeUnit;
use bgnbd::{BgNbd, History};
use chrono::NaiveDate;
use gamma_gamma::GammaGamma;
use rust_decimal::Decimal;
use serde::Serialize;

/// The fitted BG/NBD parameters as SPEC 7 prints them.
#[derive(Debug, Clone, Serialize)]
pub struct BgNbdOut {
    /// The fit.
    #[serde(flatten)]
    pub fit: BgNbd,
    /// The unit of frequency, recency and T.
    pub time_unit: TimeUnit,
}

/// One client's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ClientModel {
    /// The client.
    pub client: String,
    /// Repeat purchases (distinct days after the first).
    pub frequency: f64,
    /// First to last purchase, in the time unit.
    pub recency: f64,
    /// First purchase to the report date, in the time unit.
    #[serde(rename = "T")]
    pub age: f64,
    /// Mean value of the repeat purchases, exact (`null` without any).
    pub monetary_value: Option<Decimal>,
    /// Probability the client is still active.
    pub p_alive: Option<f64>,
    /// Expected purchases over the horizon.
    pub expected_purchases: Option<f64>,
    /// Expected value of a purchase (Gamma-Gamma) times the profit margin used: an
    /// estimate, to the cent.
    pub expected_average_profit: Option<Decimal>,
    /// Discounted expected profit over the horizon: an estimate, to the cent.
    pub clv: Option<Decimal>,
}

/// What `portfolio models` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Models {
    /// BG/NBD fit, or `null` with too little data or no convergence.
    pub bgnbd: Option<BgNbdOut>,
    /// Gamma-Gamma fit, or `null`.
    pub gamma_gamma: Option<GammaGamma>,
    /// Per client.
    pub clients: Vec<ClientModel>,
    /// Why a model is missing, and the assumptions used.
    pub warnings: Vec<String>,
}

/// Each client's purchase history up to `as_of` in `unit`s, with the exact mean
/// value of its repeat purchases; purchases on one day are one transaction (as
/// in FHL 2005). Clients without a purchase by then are left out.
pub fn purchase_histories(
    purchases: Vec<(String, Vec<(NaiveDate, Decimal)>)>,
    as_of: NaiveDate,
    unit: TimeUnit,
) -> Vec<(String, History, Option<Decimal>)> {
    let per_unit = unit.days();
    let mut rows = Vec::new();
    for (client, mut days) in purchases {
        days.retain(|(d, _)| *d <= as_of);
        days.sort_by_key(|(d, _)| *d);
        let by_day: Vec<(NaiveDate, Decimal)> = days
            .chunk_by(|a, b| a.0 == b.0)
            .map(|day| (day[0].0, day.iter().map(|(_, v)| *v).sum()))
            .collect();
        let (Some(&(first, _)), Some(&(last, _))) = (by_day.first(), by_day.last()) else {
            continue;
        };
        let repeat: Vec<Decimal> = by_day[1..].iter().map(|(_, v)| *v).collect();
        let history = History {
            frequency: repeat.len() as f64,
            recency: (last - first).num_days() as f64 / per_unit,
            age: (as_of - first).num_days() as f64 / per_unit,
        };
        let mean = (!repeat.is_empty())
            .then(|| repeat.iter().sum::<Decimal>() / Decimal::from(repeat.len()));
        rows.push((client, history, mean));
    }
    rows
}

/// The CDNOW sample's calibration histories (weeks, to 1997-09-30); for the tests
/// that reproduce the published fits.
#[cfg(test)]
pub(crate) fn cdnow() -> Vec<(String, History, Option<Decimal>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/cdnow/CDNOW_sample.txt"
    );
    let text = std::fs::read_to_string(path).expect("tests/data/cdnow/CDNOW_sample.txt");
    let mut by_client: std::collections::BTreeMap<String, Vec<(NaiveDate, Decimal)>> =
        std::collections::BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let day = NaiveDate::parse_from_str(f[2], "%Y%m%d").expect("a CDNOW date");
        let amount: Decimal = f[4].parse().expect("a CDNOW amount");
        by_client
            .entry(f[1].to_string())
            .or_default()
            .push((day, amount));
    }
    let end = NaiveDate::from_ymd_opt(1997, 9, 30).expect("a date");
    purchase_histories(by_client.into_iter().collect(), end, TimeUnit::Week)
}

/// Fits the models on each client's purchases `(day, amount)` up to `as_of`, and
/// projects `horizon` units ahead with profit = value × `margin` and a monthly discount.
pub fn fit_models(
    purchases: Vec<(String, Vec<(NaiveDate, Decimal)>)>,
    as_of: NaiveDate,
    unit: TimeUnit,
    horizon: f64,
    monthly_discount: f64,
    margin: f64,
) -> Models {
    let mut warnings = Vec::new();
    let per_unit = unit.days();
    let rows = purchase_histories(purchases, as_of, unit);
    let fitted = purchases::Fitted::fit(&rows.iter().map(|(_, h, m)| (*h, *m)).collect::<Vec<_>>());
    if fitted.bgnbd.is_none() {
        warnings.push(format!(
            "BG/NBD not fitted: {} clients, {} with repeat purchases (at least 10 needed), or the fit did not converge or ran to a bound (histories too regular to tell apart: retainers fit the sBG model instead)",
            rows.len(),
            rows.iter().filter(|(_, h, _)| h.frequency > 0.0).count()
        ));
    }
    if fitted.gamma_gamma.is_none() {
        warnings.push("Gamma-Gamma not fitted: too few clients with repeat purchases and positive values, or no fit with q > 1".into());
    } else {
        warnings.push(format!(
            "expected_average_profit = expected purchase value x margin {margin} (invoices carry no cost)"
        ));
    }
    let month_units = TimeUnit::Month.days() / per_unit;
    let clients = rows
        .into_iter()
        .map(|(client, h, mean)| {
            let expected = fitted
                .bgnbd
                .as_ref()
                .map(|m| bgnbd::expected_purchases(m, &h, horizon))
                .filter(|e| e.is_finite());
            let profit = fitted.purchase_value(&h, mean).map(|v| v * margin);
            let clv = profit
                .and_then(|p| fitted.discounted(&h, p, horizon, month_units, monthly_discount));
            ClientModel {
                client,
                frequency: h.frequency,
                recency: round_ratio(h.recency),
                age: round_ratio(h.age),
                monetary_value: mean.map(round_money),
                p_alive: fitted.p_alive(&h),
                expected_purchases: expected.map(round_ratio),
                expected_average_profit: profit.map(|p| round_money(decimal_of(p))),
                clv: clv.map(|c| round_money(decimal_of(c))),
            }
        })
        .collect();
    Models {
        bgnbd: fitted.bgnbd.map(|fit| BgNbdOut {
            fit,
            time_unit: unit,
        }),
        gamma_gamma: fitted.gamma_gamma,
        clients,
        warnings,
    }
}
