//! The shifted-beta-geometric model (Fader & Hardie 2007, "How to Project Customer
//! Retention") for contractual clients: each client has a constant chance `θ` of
//! leaving at each renewal, and `θ` varies across clients as Beta(γ, δ).

use super::optimize::{best_of, Uncertainty};
use serde::Serialize;

/// A fitted sBG model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sbg {
    /// Beta γ (alpha) of the churn probability.
    pub gamma: f64,
    /// Beta δ (beta) of the churn probability.
    pub delta: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Standard errors and 95% intervals of γ and δ.
    #[serde(flatten)]
    pub uncertainty: Uncertainty<2>,
}

/// `P(T = t)` for t = 1..=periods: the chance a client leaves at renewal t.
pub fn churn_probabilities(gamma: f64, delta: f64, periods: usize) -> Vec<f64> {
    let mut p = Vec::with_capacity(periods);
    for t in 1..=periods {
        let next = if t == 1 {
            gamma / (gamma + delta)
        } else {
            p[t - 2] * (delta + t as f64 - 2.0) / (gamma + delta + t as f64 - 1.0)
        };
        p.push(next);
    }
    p
}

/// `S(t)` for t = 0..=periods: the share still a client after t renewals.
pub fn survival(gamma: f64, delta: f64, periods: usize) -> Vec<f64> {
    let mut s = vec![1.0];
    for p in churn_probabilities(gamma, delta, periods) {
        let last = s[s.len() - 1];
        s.push(last - p);
    }
    s
}

/// Log-likelihood of a cohort's survivor counts `n_0, n_1, …, n_T` (n_0 = the cohort).
pub fn log_likelihood(gamma: f64, delta: f64, survivors: &[u64]) -> f64 {
    let periods = survivors.len().saturating_sub(1);
    let p = churn_probabilities(gamma, delta, periods);
    let s = survival(gamma, delta, periods);
    let lost: f64 = (1..=periods)
        .map(|t| (survivors[t - 1].saturating_sub(survivors[t])) as f64 * p[t - 1].ln())
        .sum();
    lost + survivors[periods] as f64 * s[periods].ln()
}

/// Fits γ and δ by maximum likelihood; `None` with fewer than two periods or no fit.
pub fn fit(survivors: &[u64]) -> Option<Sbg> {
    if survivors.len() < 3 || survivors[0] == 0 {
        return None;
    }
    fit_pooled(&[survivors])
}

/// Fits one γ and δ to several cohorts at once, each observed for as many renewals
/// as it has lived through (the log-likelihoods add up): small agencies, whose
/// cohorts are too small on their own, still get a model. `None` with fewer than 10
/// clients in all, no cohort with two observed renewals, or no fit.
pub fn fit_pooled(cohorts: &[&[u64]]) -> Option<Sbg> {
    let usable: Vec<&[u64]> = cohorts
        .iter()
        .copied()
        .filter(|c| c.len() >= 2 && c[0] > 0)
        .collect();
    let clients: u64 = usable.iter().map(|c| c[0]).sum();
    let longest = usable.iter().map(|c| c.len() - 1).max()?;
    if clients < 10 || longest < 2 {
        return None;
    }
    let ll = |g: f64, d: f64| usable.iter().map(|c| log_likelihood(g, d, c)).sum::<f64>();
    let nll = |x: &[f64]| -ll(x[0].exp(), x[1].exp());
    let starts = [
        vec![0.0, 0.0],
        vec![-1.0, 1.0],
        vec![1.0, 2.0],
        vec![-2.0, -1.0],
    ];
    let m = best_of(nll, &starts)?;
    let values = [m.x[0].exp(), m.x[1].exp()];
    Some(Sbg {
        gamma: values[0],
        delta: values[1],
        log_likelihood: -m.value,
        uncertainty: Uncertainty::at(["gamma", "delta"], values, |p: &[f64]| -ll(p[0], p[1])),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fader & Hardie (2007), the two cohorts of 1,000 customers, survivors by year.
    const REGULAR: [u64; 8] = [1000, 631, 468, 382, 326, 289, 262, 241];
    const HIGH_END: [u64; 8] = [1000, 869, 743, 653, 593, 551, 517, 491];

    #[test]
    fn churn_probabilities_follow_the_recursion_by_hand() {
        // γ = 1, δ = 1: P(1) = 1/2, P(2) = 1/2 · 1/3 = 1/6, S(2) = 1/3.
        let p = churn_probabilities(1.0, 1.0, 2);
        assert!((p[0] - 0.5).abs() < 1e-12 && (p[1] - 1.0 / 6.0).abs() < 1e-12);
        assert!((survival(1.0, 1.0, 2)[2] - 1.0 / 3.0).abs() < 1e-12);
        // One period, 10 of 100 lost: 10 ln .5 + 90 ln .5.
        let ll = log_likelihood(1.0, 1.0, &[100, 90]);
        assert!((ll - 100.0 * 0.5f64.ln()).abs() < 1e-9);
    }

    #[test]
    fn reproduces_fader_hardie_2007() {
        let regular = fit(&REGULAR).unwrap();
        assert!((regular.gamma - 0.704).abs() < 0.0005, "{regular:?}");
        assert!((regular.delta - 1.182).abs() < 0.0005, "{regular:?}");
        let high = fit(&HIGH_END).unwrap();
        assert!((high.gamma - 0.668).abs() < 0.0005, "{high:?}");
        assert!((high.delta - 3.806).abs() < 0.0005, "{high:?}");
        // The log-likelihoods: -1611.2 for the high-end cohort as in the paper, and
        // the regular cohort's at the published parameters (-1680.3).
        assert!((high.log_likelihood - -1611.2).abs() < 0.1, "{high:?}");
        assert!(
            (regular.log_likelihood - -1680.3).abs() < 0.1,
            "{regular:?}"
        );
    }

    #[test]
    fn pooled_cohorts_share_one_fit() {
        // The regular cohort cut into two: 1,000 observed for 7 years is the same
        // evidence as the full history; adding a cohort observed 3 years that
        // behaves alike keeps the fit close.
        let alone = fit_pooled(&[&REGULAR]).unwrap();
        let single = fit(&REGULAR).unwrap();
        assert!((alone.gamma - single.gamma).abs() < 1e-6);
        let younger: [u64; 4] = [500, 316, 234, 191];
        let both = fit_pooled(&[&REGULAR, &younger]).unwrap();
        assert!(
            (both.gamma - 0.704).abs() < 0.02 && (both.delta - 1.182).abs() < 0.05,
            "{both:?}"
        );
        // Too few clients, or no cohort observed for two renewals.
        assert_eq!(fit_pooled(&[&[5, 4, 3], &[4, 4]]), None);
        assert_eq!(fit_pooled(&[&[50, 40], &[60, 45]]), None);
    }

    #[test]
    fn too_little_history_is_no_fit() {
        assert_eq!(fit(&[1000, 800]), None);
        assert_eq!(fit(&[0, 0, 0]), None);
    }
}
