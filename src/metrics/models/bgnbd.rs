//! BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way") for
//! project clients: while "alive", a client buys at a Poisson rate λ ~ Gamma(r, α);
//! after each purchase it may drop out with probability p ~ Beta(a, b).

use super::optimize::{best_of, Uncertainty};
use super::special::ln_gamma;
use serde::Serialize;

/// One client's purchase history: repeat purchases `x`, the time of the last one
/// `t_x`, and the time since the first `t` (all in the chosen time unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct History {
    /// Repeat purchases (distinct days after the first).
    pub frequency: f64,
    /// Time from the first purchase to the last.
    pub recency: f64,
    /// Time from the first purchase to the end of the calibration period.
    #[serde(rename = "T")]
    pub age: f64,
}

/// A fitted BG/NBD model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    /// Shape of the purchase-rate Gamma.
    pub r: f64,
    /// Scale of the purchase-rate Gamma.
    pub alpha: f64,
    /// Beta `a` of the drop-out probability.
    pub a: f64,
    /// Beta `b` of the drop-out probability.
    pub b: f64,
    /// Log-likelihood at the fit.
    pub log_likelihood: f64,
    /// Standard errors and 95% intervals of r, α, a, b.
    #[serde(flatten)]
    pub uncertainty: Uncertainty<4>,
}

/// Parameter names, in order.
pub const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

/// One client's log-likelihood (FHL 2005, eq. 6).
pub fn log_likelihood_one(r: f64, alpha: f64, a: f64, b: f64, h: &History) -> f64 {
    let x = h.frequency;
    let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
    let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
    a1 + a2 + timing_terms(r, alpha, a.ln(), b, h)
}

/// The terms of eq. 6 that read the recency and age: `ln(e^A3 + e^A4)`, or `A3`
/// without repeat purchases.
fn timing_terms(r: f64, alpha: f64, ln_a: f64, b: f64, h: &History) -> f64 {
    let x = h.frequency;
    let a3 = -(r + x) * (alpha + h.age).ln();
    if x > 0.0 {
        let a4 = ln_a - (b + x - 1.0).ln() - (r + x) * (alpha + h.recency).ln();
        // ln(e^a3 + e^a4) without overflow.
        let m = a3.max(a4);
        m + ((a3 - m).exp() + (a4 - m).exp()).ln()
    } else {
        a3
    }
}

/// The sample's log-likelihood.
pub fn log_likelihood(r: f64, alpha: f64, a: f64, b: f64, histories: &[History]) -> f64 {
    weighted_log_likelihood(r, alpha, a, b, histories, &vec![1.0; histories.len()])
}

/// The log-likelihood of histories each standing for `counts[i]` clients.
fn weighted_log_likelihood(
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
    histories: &[History],
    counts: &[f64],
) -> f64 {
    match Sample::new(histories, counts) {
        Some(sample) => sample.log_likelihood(r, alpha, a, b),
        None => histories
            .iter()
            .zip(counts)
            .map(|(h, n)| n * log_likelihood_one(r, alpha, a, b, h))
            .sum(),
    }
}

/// Histories prepared for the thousands of likelihood evaluations of a fit.
///
/// Frequencies are whole numbers with few distinct values, and recencies and ages
/// fall on a few hundred distinct days: the Γ terms and the logarithms of
/// `α + t` are computed once per distinct value, not once per client.
struct Sample {
    /// Per distinct history: frequency, its index in `times` for recency and for
    /// age, and how many clients it stands for.
    rows: Vec<(f64, u32, u32, f64)>,
    /// Each frequency from 0 to the largest, and whether one occurs.
    present: Vec<bool>,
    /// The distinct recencies and ages.
    times: Vec<f64>,
}

impl Sample {
    /// `None` when a frequency is not a whole number (or absurdly large).
    fn new(histories: &[History], counts: &[f64]) -> Option<Sample> {
        let max_x = histories.iter().map(|h| h.frequency).fold(0.0f64, f64::max);
        let whole = histories.iter().all(|h| h.frequency.fract() == 0.0) && max_x <= 10_000.0;
        if !whole {
            return None;
        }
        let mut times: Vec<f64> = (histories.iter())
            .flat_map(|h| [h.recency, h.age])
            .collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let at = |t: f64| times.partition_point(|&u| u < t) as u32;
        let mut present = vec![false; max_x as usize + 1];
        let rows = (histories.iter().zip(counts))
            .map(|(h, &n)| {
                present[h.frequency as usize] = true;
                (h.frequency, at(h.recency), at(h.age), n)
            })
            .collect();
        Some(Sample {
            rows,
            present,
            times,
        })
    }

    /// The weighted sum of [`log_likelihood_one`] over the histories.
    fn log_likelihood(&self, r: f64, alpha: f64, a: f64, b: f64) -> f64 {
        let base = -ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) - ln_gamma(b);
        // Per frequency: its Γ terms, and ln(b + x - 1) of the repeat-purchase term.
        let by_x: Vec<(f64, f64)> = (self.present.iter().enumerate())
            .map(|(x, &present)| match present {
                true => {
                    let x = x as f64;
                    let gammas = ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x);
                    (gammas, (b + x - 1.0).ln())
                }
                false => (0.0, 0.0),
            })
            .collect();
        let ln_t: Vec<f64> = self.times.iter().map(|t| (alpha + t).ln()).collect();
        let ln_a = a.ln();
        (self.rows.iter())
            .map(|&(x, recency, age, n)| {
                let (gammas, ln_bx) = by_x[x as usize];
                let a3 = -(r + x) * ln_t[age as usize];
                let timing = if x > 0.0 {
                    let a4 = ln_a - ln_bx - (r + x) * ln_t[recency as usize];
                    // ln(e^a3 + e^a4) without overflow.
                    let m = a3.max(a4);
                    m + ((a3 - m).exp() + (a4 - m).exp()).ln()
                } else {
                    a3
                };
                n * (base + gammas + timing)
            })
            .sum()
    }
}

/// Fits r, α, a, b by maximum likelihood on log-parameters from several starts.
pub fn fit(histories: &[History]) -> Option<BgNbd> {
    if histories.iter().filter(|h| h.frequency > 0.0).count() < 10 {
        return None;
    }
    // Clients with the same history contribute the same term: count them once each.
    let mut sorted: Vec<History> = histories.to_vec();
    sorted.sort_by(|a, b| {
        (a.frequency, a.recency, a.age)
            .partial_cmp(&(b.frequency, b.recency, b.age))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let groups: Vec<&[History]> = sorted.chunk_by(|a, b| a == b).collect();
    let distinct: Vec<History> = groups.iter().map(|g| g[0]).collect();
    let counts: Vec<f64> = groups.iter().map(|g| g.len() as f64).collect();
    let sample = Sample::new(&distinct, &counts);
    let likelihood = |r: f64, alpha: f64, a: f64, b: f64| match &sample {
        Some(sample) => sample.log_likelihood(r, alpha, a, b),
        None => weighted_log_likelihood(r, alpha, a, b, &distinct, &counts),
    };
    let nll = |x: &[f64]| {
        // Beyond e^±10 a parameter is running off to a bound: the fit is refused
        // below anyway, and a boxed search ends quickly instead of wandering.
        if x.iter().any(|v| v.abs() > 10.0) {
            return f64::INFINITY;
        }
        let (r, alpha, a, b) = (x[0].exp(), x[1].exp(), x[2].exp(), x[3].exp());
        -likelihood(r, alpha, a, b)
    };
    let starts = [
        vec![0.0, 0.0, 0.0, 0.0],
        vec![-1.0, 1.5, -0.5, 1.0],
        vec![0.5, 2.5, 0.5, 0.5],
    ];
    let m = best_of(nll, &starts)?;
    let values: [f64; 4] = std::array::from_fn(|i| m.x[i].exp());
    let fit = BgNbd {
        r: values[0],
        alpha: values[1],
        a: values[2],
        b: values[3],
        log_likelihood: -m.value,
        uncertainty: Uncertainty::at(NAMES, values, |p: &[f64]| {
            -likelihood(p[0], p[1], p[2], p[3])
        }),
    };
    // A parameter run off to 0 or infinity means the data cannot tell (clients who all
    // buy like clockwork, say): no fit rather than a false one.
    [fit.r, fit.alpha, fit.a, fit.b]
        .iter()
        .all(|p| (1e-4..=1e4).contains(p))
        .then_some(fit)
}

/// The time unit histories are measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// Days.
    Day,
    /// Weeks (days / 7).
    Week,
    /// Months (days / 30.4375).
    Month,
}

impl TimeUnit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
            TimeUnit::Month => 30.4375,
        }
    }
}

/// Profit expected over `horizon` units, month by month: the purchases expected in
/// month m, times `profit`, divided by (1 + discount)^m.
pub fn discounted_clv(
    m: &BgNbd,
    h: &History,
    horizon: f64,
    month_units: f64,
    profit: f64,
    monthly_discount: f64,
) -> f64 {
    let mut total = 0.0;
    let (mut done, mut month) = (0.0, 0);
    while done < horizon {
        month += 1;
        let to = (f64::from(month) * month_units).min(horizon);
        let bought = expected_purchases(m, h, to) - expected_purchases(m, h, done);
        total += bought * profit / (1.0 + monthly_discount).powi(month);
        done = to;
    }
    total
}

/// The published CDNOW fit (FHL 2005), for tests that need a model by hand.
#[cfg(test)]
pub(crate) fn fhl2005() -> BgNbd {
    let values = [0.243, 4.414, 0.793, 2.426];
    BgNbd {
        r: values[0],
        alpha: values[1],
        a: values[2],
        b: values[3],
        log_likelihood: -9582.4,
        uncertainty: Uncertainty::unknown(NAMES, values),
    }
}

/// P(alive) of a client with this history (FHL 2005, eq. 11).
pub fn p_alive(m: &BgNbd, h: &History) -> f64 {
    if h.frequency == 0.0 {
        return 1.0;
    }
    let ratio = ((m.alpha + h.age) / (m.alpha + h.recency)).powf(m.r + h.frequency);
    1.0 / (1.0 + m.a / (m.b + h.frequency - 1.0) * ratio)
}

/// Expected repeat purchases in the next `horizon` time units (FHL 2005, eq. 10).
pub fn expected_purchases(m: &BgNbd, h: &History, horizon: f64) -> f64 {
    let (r, alpha, a, b) = (m.r, m.alpha, m.a, m.b);
    let History {
        frequency: x,
        recency: tx,
        age: t,
    } = *h;
    if horizon <= 0.0 {
        return 0.0;
    }
    if (a - 1.0).abs() < 1e-9 {
        // The closed form divides by a - 1: at a = 1, no figure rather than a wrong one.
        return f64::NAN;
    }
    let z = horizon / (alpha + t + horizon);
    let hyp = super::special::hyp2f1(r + x, b + x, a + b + x - 1.0, z);
    let head = (a + b + x - 1.0) / (a - 1.0);
    let tail = 1.0 - ((alpha + t) / (alpha + t + horizon)).powf(r + x) * hyp;
    let alive_odds = if x > 0.0 {
        a / (b + x - 1.0) * ((alpha + t) / (alpha + tx)).powf(r + x)
    } else {
        0.0
    };
    head * tail / (1.0 + alive_odds)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CDNOW sample as FHL (2005) used it: calibration to 1997-09-30, weeks =
    /// days / 7, repeat purchases counted per distinct day.
    fn cdnow() -> Vec<History> {
        super::super::cdnow()
            .into_iter()
            .map(|(_, h, _)| h)
            .collect()
    }

    #[test]
    fn reproduces_fader_hardie_lee_2005_on_cdnow() {
        let h = cdnow();
        assert_eq!(h.len(), 2357);
        let m = fit(&h).unwrap();
        assert!((m.r - 0.243).abs() < 0.0005, "{m:?}");
        assert!((m.alpha - 4.414).abs() < 0.0005, "{m:?}");
        assert!((m.a - 0.793).abs() < 0.0005, "{m:?}");
        assert!((m.b - 2.426).abs() < 0.0005, "{m:?}");
        assert!((m.log_likelihood - -9582.4).abs() < 0.1, "{m:?}");
        // The standard errors lifetimes 0.11 prints for this fit (inverse Hessian):
        // r 0.012557, alpha 0.378221, a 0.185719, b 0.705345; within 1%.
        let se = m.uncertainty.standard_errors().unwrap();
        for (got, want) in se.iter().zip([0.012557, 0.378221, 0.185719, 0.705345]) {
            assert!((got / want - 1.0).abs() < 0.01, "{se:?}");
        }
        let (lo, hi) = m.uncertainty.interval(0).unwrap();
        assert!(lo < m.r && m.r < hi && lo > 0.2 && hi < 0.27, "{lo} {hi}");
    }

    #[test]
    fn a_one_time_buyer_is_alive_and_a_lapsed_heavy_buyer_probably_not() {
        let m = fhl2005();
        let once = History {
            frequency: 0.0,
            recency: 0.0,
            age: 30.0,
        };
        assert_eq!(p_alive(&m, &once), 1.0);
        // Ten repeat purchases, the last 30 weeks ago: 1 / (1 + .793/11.426 · (43.414/13.414)^10.243).
        let lapsed = History {
            frequency: 10.0,
            recency: 9.0,
            age: 39.0,
        };
        let expected = 1.0 / (1.0 + 0.793 / 11.426 * (43.414f64 / 13.414).powf(10.243));
        assert!((p_alive(&m, &lapsed) - expected).abs() < 1e-12);
        assert!(p_alive(&m, &lapsed) < 0.01);
        let recent = History {
            frequency: 10.0,
            recency: 38.0,
            age: 39.0,
        };
        assert!(p_alive(&m, &recent) > 0.9);
    }

    #[test]
    fn expected_purchases_match_the_published_example() {
        // FHL (2005), section 5: a client with x = 2, t_x = 30.43, T = 38.86 is
        // expected to make 1.226 purchases in the next 39 weeks.
        let m = fhl2005();
        let h = History {
            frequency: 2.0,
            recency: 30.43,
            age: 38.86,
        };
        let e = expected_purchases(&m, &h, 39.0);
        assert!((e - 1.226).abs() < 0.001, "{e}");
    }

    #[test]
    fn the_grouped_likelihood_equals_the_sum_of_each_clients() {
        let h = cdnow();
        let (r, alpha, a, b) = (0.3, 5.0, 0.7, 2.0);
        let each: f64 = h
            .iter()
            .map(|x| log_likelihood_one(r, alpha, a, b, x))
            .sum();
        assert!((log_likelihood(r, alpha, a, b, &h) - each).abs() < 1e-6);
    }

    #[test]
    fn the_likelihood_of_one_history_by_hand() {
        // r = α = a = b = 1, x = 0, T = 1: ln Γ(1) - ln Γ(1) + 0 + (ln Γ(2) + ln Γ(1) - ln Γ(1) - ln Γ(2)) - ln 2.
        let h = History {
            frequency: 0.0,
            recency: 0.0,
            age: 1.0,
        };
        assert!((log_likelihood_one(1.0, 1.0, 1.0, 1.0, &h) - -(2f64.ln())).abs() < 1e-12);
    }

    #[test]
    fn clv_discounts_each_months_purchases_by_its_month() {
        let m = fhl2005();
        let h = History {
            frequency: 2.0,
            recency: 30.43,
            age: 38.86,
        };
        let month = 30.4375 / 7.0;
        let e1 = expected_purchases(&m, &h, month);
        let e2 = expected_purchases(&m, &h, 2.0 * month);
        let clv = discounted_clv(&m, &h, 2.0 * month, month, 100.0, 0.01);
        let by_hand = e1 * 100.0 / 1.01 + (e2 - e1) * 100.0 / 1.01f64.powi(2);
        assert!((clv - by_hand).abs() < 1e-9, "{clv} {by_hand}");
        // No discount: just the purchases expected over the horizon, times the profit.
        let flat = discounted_clv(&m, &h, 2.0 * month, month, 100.0, 0.0);
        assert!((flat - e2 * 100.0).abs() < 1e-9);
        // A horizon that ends mid-month counts that month's part.
        let part = discounted_clv(&m, &h, 1.5 * month, month, 100.0, 0.0);
        assert!((part - expected_purchases(&m, &h, 1.5 * month) * 100.0).abs() < 1e-9);
    }
}
