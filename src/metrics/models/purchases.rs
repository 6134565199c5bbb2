//! The purchase models as both `score` and `models` use them: BG/NBD and
//! Gamma-Gamma fitted on the same histories, and per client P(alive), the value
//! of a purchase and the discounted value of the purchases to come. [`Fitted`]
//! is the one computation of `p_alive`.

use super::bgnbd::{self, BgNbd, History};
use super::bgnbd::{discounted_clv, TimeUnit};
use super::gamma_gamma::{self, GammaGamma};
use crate::metrics::ledger::invoices::InvoiceTotals;
use crate::metrics::ledger::window::Window;
use crate::model::money::{decimal_of, round_money, round_ratio, to_f64};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// BG/NBD and Gamma-Gamma fitted on a set of purchase histories; either may be
/// missing (too few repeat buyers, no convergence, q ≤ 1).
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The purchase-count model.
    pub bgnbd: Option<BgNbd>,
    /// The value-per-purchase model, kept only with q > 1 (a finite mean).
    pub gamma_gamma: Option<GammaGamma>,
}

impl Fitted {
    /// Fits both on each client's history and mean repeat-purchase value.
    pub fn fit(rows: &[(History, Option<Decimal>)]) -> Fitted {
        let histories: Vec<History> = rows.iter().map(|(h, _)| *h).collect();
        Fitted {
            bgnbd: bgnbd::fit(&histories),
            gamma_gamma: gamma_gamma::fit(&values(rows)).filter(|g| g.q > 1.0),
        }
    }

    /// The probability that a client with this history is still buying, rounded.
    pub fn p_alive(&self, h: &History) -> Option<f64> {
        self.bgnbd
            .as_ref()
            .map(|m| round_ratio(bgnbd::p_alive(m, h)))
    }

    /// The expected value of one of its purchases (Gamma-Gamma).
    pub fn purchase_value(&self, h: &History, mean: Option<Decimal>) -> Option<f64> {
        self.gamma_gamma
            .as_ref()
            .map(|g| gamma_gamma::expected_value(g, h.frequency, mean.map_or(0.0, to_f64)))
    }

    /// `profit` per expected purchase over `horizon` units, discounted monthly
    /// (`month_units` units a month); `None` without a purchase model or a finite sum.
    pub fn discounted(
        &self,
        h: &History,
        profit: f64,
        horizon: f64,
        month_units: f64,
        monthly_discount: f64,
    ) -> Option<f64> {
        let m = self.bgnbd.as_ref()?;
        Some(discounted_clv(
            m,
            h,
            horizon,
            month_units,
            profit,
            monthly_discount,
        ))
        .filter(|v| v.is_finite())
    }
}

/// (frequency, mean value) of the clients with repeat purchases: what Gamma-Gamma fits.
fn values(rows: &[(History, Option<Decimal>)]) -> Vec<(f64, f64)> {
    rows.iter()
        .filter_map(|(h, m)| Some((h.frequency, to_f64((*m)?))))
        .collect()
}

/// What the purchase models say of one ledger client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Purchases {
    /// P(alive).
    pub p_alive: f64,
    /// Discounted invoice value expected over the CLV horizon.
    pub value: Option<Decimal>,
}

/// The purchase models' answer for every client with invoices in a ledger run,
/// and why a model is missing when one is.
#[derive(Debug, Default)]
pub struct PurchaseModel {
    /// By client key.
    pub by_client: HashMap<String, Purchases>,
    /// Why p_alive or the model CLV is missing.
    pub warnings: Vec<String>,
}

impl PurchaseModel {
    /// P(alive) of every client with invoices, from BG/NBD fitted on all their
    /// histories (weeks), and the discounted value of the purchases it expects over
    /// the CLV horizon, each at the Gamma-Gamma expected value; none, with a warning,
    /// when the histories cannot support a fit. Needs only the invoices, so ledger
    /// reading fits it while the time file still streams.
    pub fn fit(invoices: Option<&HashMap<String, (String, InvoiceTotals)>>, w: &Window) -> Self {
        let mut model = PurchaseModel::default();
        let Some(invoices) = invoices else {
            return model;
        };
        let mut keyed: Vec<(&String, History, Option<Decimal>)> = invoices
            .iter()
            .filter_map(|(k, (_, t))| {
                let h = t.history()?;
                Some((k, h, t.repeat_mean(h.frequency)))
            })
            .collect();
        // A fixed order: the fit must not depend on the map's.
        keyed.sort_by(|a, b| a.0.cmp(b.0));
        let rows: Vec<(History, Option<Decimal>)> =
            keyed.iter().map(|(_, h, m)| (*h, *m)).collect();
        let fitted = Fitted::fit(&rows);
        if fitted.bgnbd.is_none() {
            if !rows.is_empty() {
                model.warnings.push(format!(
                    "p_alive is null: BG/NBD needs at least 10 clients with repeat invoices and histories varied enough to fit ({} clients here)",
                    rows.len()
                ));
            }
            return model;
        }
        if fitted.gamma_gamma.is_none() {
            model.warnings.push(format!(
                "clv is the heuristic one: the Gamma-Gamma value model needs at least 10 clients with repeat invoices of positive value, and a fit with q > 1 ({} such clients here)",
                values(&rows).iter().filter(|(_, m)| *m > 0.0).count()
            ));
        }
        let month = TimeUnit::Month.days() / TimeUnit::Week.days();
        let horizon = f64::from(w.clv_horizon_months) * month;
        for (k, h, mean) in keyed {
            let value = fitted.purchase_value(&h, mean).and_then(|per_purchase| {
                fitted
                    .discounted(&h, per_purchase, horizon, month, w.clv_monthly_discount)
                    .map(|v| round_money(decimal_of(v)))
            });
            let p_alive = fitted.p_alive(&h).unwrap_or_default();
            model
                .by_client
                .insert(k.clone(), Purchases { p_alive, value });
        }
        model
    }
}
