//! Gamma-Gamma model of monetary value (Fader & Hardie 2013, "The Gamma-Gamma Model
//! of Monetary Value"): a client's transaction values vary around its own mean,
//! and those means vary across clients.

use super::optimize::{best_of, Uncertainty};
use super::special::ln_gamma;
use serde::Serialize;

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGamma {
    /// Shape of a transaction's value around the client's mean.
    pub p: f64,
    /// Shape of the clients' means.
    pub q: f64,
    /// Scale of the clients' means.
    pub v: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Standard errors and 95% intervals of p, q, v.
    #[serde(flatten)]
    pub uncertainty: Uncertainty<3>,
}

/// Parameter names, in order.
pub const NAMES: [&str; 3] = ["p", "q", "v"];

/// One client's log-likelihood of its mean value `m` over `x` transactions.
pub fn log_likelihood_one(p: f64, q: f64, v: f64, x: f64, m: f64) -> f64 {
    ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
        + q * v.ln()
        + (p * x - 1.0) * m.ln()
        + p * x * x.ln()
        - (p * x + q) * (v + x * m).ln()
}

/// The clients a fit reads, with what does not depend on the parameters worked out
/// once: a fit evaluates the likelihood thousands of times.
struct Sample {
    /// Each distinct transaction count and how many clients have it (the Γ terms
    /// depend on the count only).
    counts: Vec<(f64, f64)>,
    /// Per client: x, m, ln m and x ln x.
    clients: Vec<[f64; 4]>,
}

impl Sample {
    fn new(clients: &[(f64, f64)]) -> Sample {
        let mut xs: Vec<f64> = clients.iter().map(|c| c.0).collect();
        xs.sort_by(f64::total_cmp);
        let counts = xs
            .chunk_by(|a, b| a == b)
            .map(|g| (g[0], g.len() as f64))
            .collect();
        let clients = clients
            .iter()
            .map(|&(x, m)| [x, m, m.ln(), x * x.ln()])
            .collect();
        Sample { counts, clients }
    }

    /// The sum of [`log_likelihood_one`] over the clients.
    fn log_likelihood(&self, p: f64, q: f64, v: f64) -> f64 {
        let n = self.clients.len() as f64;
        let shared = n * (q * v.ln() - ln_gamma(q));
        let by_count: f64 = (self.counts.iter())
            .map(|&(x, k)| k * (ln_gamma(p * x + q) - ln_gamma(p * x)))
            .sum();
        let own: f64 = (self.clients.iter())
            .map(|&[x, m, ln_m, x_ln_x]| {
                (p * x - 1.0) * ln_m + p * x_ln_x - (p * x + q) * (v + x * m).ln()
            })
            .sum();
        shared + by_count + own
    }
}

/// Fits p, q, v on `(transactions, mean value)` pairs of clients with at least one
/// repeat transaction; `None` with fewer than 10 such clients or no fit.
pub fn fit(clients: &[(f64, f64)]) -> Option<GammaGamma> {
    let usable: Vec<(f64, f64)> = clients
        .iter()
        .copied()
        .filter(|(x, m)| *x > 0.0 && *m > 0.0)
        .collect();
    if usable.len() < 10 {
        return None;
    }
    let sample = Sample::new(&usable);
    let nll = |p: f64, q: f64, v: f64| -sample.log_likelihood(p, q, v);
    let starts = [
        vec![0.0, 0.0, 0.0],
        vec![1.0, 1.0, 2.0],
        vec![2.0, 1.5, 3.0],
    ];
    let m = best_of(|z| nll(z[0].exp(), z[1].exp(), z[2].exp()), &starts)?;
    let values = [m.x[0].exp(), m.x[1].exp(), m.x[2].exp()];
    // The figures reported at the fit come from the plain sum over clients: finite
    // differences of a flat likelihood magnify the last bits of rounding.
    let plain = |z: &[f64]| -> f64 {
        (usable.iter())
            .map(|&(x, m)| log_likelihood_one(z[0], z[1], z[2], x, m))
            .sum()
    };
    Some(GammaGamma {
        p: values[0],
        q: values[1],
        v: values[2],
        log_likelihood: plain(&values),
        uncertainty: Uncertainty::at(NAMES, values, |z: &[f64]| -plain(z)),
    })
}

/// Expected mean transaction value of a client with `x` transactions averaging `m`.
pub fn expected_value(g: &GammaGamma, x: f64, m: f64) -> f64 {
    // A weighted mix of the population mean and the client's own mean.
    let population = g.p * g.v / (g.q - 1.0);
    let weight = (g.q - 1.0) / (g.p * x + g.q - 1.0);
    weight * population + (1.0 - weight) * m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CDNOW calibration (to 1997-09-30): per client, repeat purchase days and the
    /// mean value of those days' purchases.
    fn cdnow() -> Vec<(f64, f64)> {
        super::super::cdnow()
            .into_iter()
            .map(|(_, h, m)| (h.frequency, m.map_or(0.0, crate::model::money::to_f64)))
            .collect()
    }

    #[test]
    fn the_grouped_likelihood_is_the_sum_over_clients() {
        let clients: Vec<(f64, f64)> = cdnow().into_iter().filter(|c| c.0 > 0.0).collect();
        let sample = Sample::new(&clients);
        for (p, q, v) in [(6.25, 3.74, 15.44), (1.0, 2.0, 3.0), (0.3, 9.0, 120.0)] {
            let one: f64 = (clients.iter())
                .map(|&(x, m)| log_likelihood_one(p, q, v, x, m))
                .sum();
            let grouped = sample.log_likelihood(p, q, v);
            assert!((grouped - one).abs() < 1e-9 * one.abs(), "{grouped} {one}");
        }
    }

    #[test]
    fn reproduces_fader_hardie_2013_on_cdnow() {
        let g = fit(&cdnow()).unwrap();
        // Published to two decimals: p = 6.25, q = 3.74, v = 15.44.
        assert!((g.p - 6.25).abs() < 0.005, "{g:?}");
        assert!((g.q - 3.74).abs() < 0.005, "{g:?}");
        assert!((g.v - 15.44).abs() < 0.005, "{g:?}");
    }

    #[test]
    fn the_expected_value_shrinks_a_short_history_towards_the_population() {
        let g = GammaGamma {
            p: 6.25,
            q: 3.74,
            v: 15.44,
            log_likelihood: 0.0,
            uncertainty: Uncertainty::unknown(NAMES, [6.25, 3.74, 15.44]),
        };
        let population = 6.25 * 15.44 / 2.74; // 35.22
        let one = expected_value(&g, 1.0, 100.0);
        let many = expected_value(&g, 50.0, 100.0);
        assert!(
            one > population && one < many && many < 100.0,
            "{one} {many}"
        );
        // Weight (q - 1) / (p x + q - 1) at x = 1: 2.74 / 8.99.
        let w = 2.74 / 8.99;
        assert!((one - (w * population + (1.0 - w) * 100.0)).abs() < 1e-9);
    }
}
