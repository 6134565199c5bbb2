//! Nelder-Mead minimisation, the derivative-free optimiser the probability models
//! are fitted with (on log-parameters, so every parameter stays positive).

/// Where a minimisation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best point found.
    pub x: Vec<f64>,
    /// The function's value there.
    pub value: f64,
    /// Whether the simplex shrank below the tolerance (else the iteration cap ended it).
    pub converged: bool,
}

/// Minimises `f` from `start` with a simplex of `step` around it; stops when the
/// simplex's values differ by less than `tol` or after `max_iter` iterations.
pub fn nelder_mead(
    f: impl Fn(&[f64]) -> f64,
    start: &[f64],
    step: f64,
    tol: f64,
    max_iter: usize,
) -> Minimum {
    let n = start.len();
    let eval = |x: &[f64]| {
        let v = f(x);
        // A point where the model is undefined is as bad as can be.
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = (0..=n)
        .map(|i| {
            let mut x = start.to_vec();
            if i > 0 {
                x[i - 1] += step;
            }
            let v = eval(&x);
            (x, v)
        })
        .collect();
    let mut converged = false;
    for _ in 0..max_iter {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        if (worst - best).abs() <= tol * (1.0 + best.abs()) {
            converged = true;
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64)
            .collect();
        let towards = |t: f64| -> Vec<f64> {
            (0..n)
                .map(|j| centroid[j] + t * (simplex[n].0[j] - centroid[j]))
                .collect()
        };
        let reflected = towards(-1.0);
        let fr = eval(&reflected);
        if fr < simplex[0].1 {
            let expanded = towards(-2.0);
            let fe = eval(&expanded);
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = if fr < worst {
                towards(-0.5)
            } else {
                towards(0.5)
            };
            let fc = eval(&contracted);
            if fc < worst.min(fr) {
                simplex[n] = (contracted, fc);
            } else {
                // Shrink every point halfway towards the best one.
                let best_x = simplex[0].0.clone();
                for (x, v) in simplex.iter_mut().skip(1) {
                    for (xj, bj) in x.iter_mut().zip(&best_x) {
                        *xj = bj + 0.5 * (*xj - bj);
                    }
                    *v = eval(x);
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (x, value) = simplex.swap_remove(0);
    Minimum {
        x,
        value,
        converged,
    }
}

/// Minimises from several starting points and keeps the best converged result.
///
/// Each start gets a coarse run; only the best is then polished twice (a fresh
/// simplex guards against one that collapsed early).
pub fn best_of(f: impl Fn(&[f64]) -> f64, starts: &[Vec<f64>]) -> Option<Minimum> {
    let coarse = starts
        .iter()
        .map(|s| nelder_mead(&f, s, 0.5, 1e-9, 2_000))
        .filter(|m| m.value.is_finite())
        .min_by(|a, b| a.value.total_cmp(&b.value))?;
    // Pressed against the search box (log-parameters of ±10): no fit to polish.
    if coarse.x.iter().any(|v| v.abs() > 9.5) {
        return None;
    }
    let fine = nelder_mead(&f, &coarse.x, 0.1, 1e-13, 20_000);
    let polished = nelder_mead(&f, &fine.x, 0.02, 1e-14, 20_000);
    (polished.converged && polished.value.is_finite()).then_some(polished)
}

/// Standard errors of a fit's parameters from the observed information: the
/// inverse of the negative log-likelihood's Hessian at the maximum (central
/// differences, steps of 10⁻⁴ of each parameter). `None` when the Hessian is not
/// positive definite (a flat or saddle-shaped likelihood: the data cannot tell).
pub fn standard_errors<const N: usize>(
    nll: impl Fn(&[f64]) -> f64,
    at: [f64; N],
) -> Option<[f64; N]> {
    let h: Vec<f64> = at.iter().map(|x| 1e-4 * x.abs().max(1e-8)).collect();
    let f = |steps: &[(usize, f64)]| {
        let mut x = at;
        for &(i, k) in steps {
            x[i] += k * h[i];
        }
        nll(&x)
    };
    let centre = nll(&at);
    let mut hess = [[0.0; N]; N];
    for i in 0..N {
        hess[i][i] = (f(&[(i, 1.0)]) - 2.0 * centre + f(&[(i, -1.0)])) / (h[i] * h[i]);
        for j in 0..i {
            let d =
                (f(&[(i, 1.0), (j, 1.0)]) - f(&[(i, 1.0), (j, -1.0)]) - f(&[(i, -1.0), (j, 1.0)])
                    + f(&[(i, -1.0), (j, -1.0)]))
                    / (4.0 * h[i] * h[j]);
            hess[i][j] = d;
            hess[j][i] = d;
        }
    }
    let se = inverse_diagonal(hess)?.map(f64::sqrt);
    se.iter().all(|s| s.is_finite() && *s > 0.0).then_some(se)
}

/// The diagonal of the inverse of a symmetric matrix, through its Cholesky factor;
/// `None` unless it is positive definite.
fn inverse_diagonal<const N: usize>(a: [[f64; N]; N]) -> Option<[f64; N]> {
    let mut l = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - sum;
                if !(d.is_finite() && d > 0.0) {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            }
        }
    }
    // A⁻¹ = L⁻ᵀL⁻¹, so (A⁻¹)_kk = |L⁻¹ e_k|²: solve L y = e_k.
    let mut diag = [0.0; N];
    for (k, out) in diag.iter_mut().enumerate() {
        let mut y = [0.0; N];
        for i in k..N {
            let sum: f64 = (k..i).map(|m| l[i][m] * y[m]).sum();
            y[i] = (if i == k { 1.0 } else { 0.0 } - sum) / l[i][i];
        }
        *out = y.iter().map(|v| v * v).sum();
    }
    Some(diag)
}

/// A fit's parameters with their standard errors and 95% intervals, serialized as
/// `"standard_errors": {name: se}` and `"intervals_95": {name: [low, high]}` (both
/// `null` when the likelihood is too flat to tell). The intervals are Wald intervals
/// on the log scale, `value × exp(±1.96 se / value)`: every bound stays positive, as
/// every parameter is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertainty<const N: usize> {
    names: [&'static str; N],
    values: [f64; N],
    errors: Option<[f64; N]>,
}

impl<const N: usize> Uncertainty<N> {
    /// Measures the curvature of `nll` (on natural parameters) at `values`.
    pub fn at(names: [&'static str; N], values: [f64; N], nll: impl Fn(&[f64]) -> f64) -> Self {
        Uncertainty {
            names,
            values,
            errors: standard_errors(nll, values),
        }
    }

    /// No standard errors (for a model given by hand).
    pub fn unknown(names: [&'static str; N], values: [f64; N]) -> Self {
        Uncertainty {
            names,
            values,
            errors: None,
        }
    }

    /// The standard errors, in parameter order.
    pub fn standard_errors(&self) -> Option<[f64; N]> {
        self.errors
    }

    /// The 95% interval of parameter `i`; `None` when it does not fit in a float
    /// (a standard error many times the value: the data say next to nothing).
    pub fn interval(&self, i: usize) -> Option<(f64, f64)> {
        let se = self.errors?[i];
        let v = self.values[i];
        let spread = (1.96 * se / v).exp();
        let (lo, hi) = (v / spread, v * spread);
        (lo.is_finite() && hi.is_finite() && lo > 0.0).then_some((lo, hi))
    }
}

impl<const N: usize> serde::Serialize for Uncertainty<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // Six significant digits: a bound of 1e-9 stays positive.
        let r6 = |x: f64| {
            if x == 0.0 || !x.is_finite() {
                return x;
            }
            let digits = 5 - x.abs().log10().floor() as i32;
            let f = 10f64.powi(digits);
            (x * f).round() / f
        };
        let errors: Option<Vec<(&str, f64)>> = self
            .errors
            .map(|e| self.names.iter().copied().zip(e.map(r6)).collect());
        type Bounds<'a> = Vec<(&'a str, Option<[f64; 2]>)>;
        let intervals: Option<Bounds<'_>> = self.errors.map(|_| {
            (0..N)
                .map(|i| {
                    (
                        self.names[i],
                        self.interval(i).map(|(lo, hi)| [r6(lo), r6(hi)]),
                    )
                })
                .collect()
        });
        struct Named<'a, T>(&'a [(&'a str, T)]);
        impl<T: serde::Serialize> serde::Serialize for Named<'_, T> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("standard_errors", &errors.as_deref().map(Named))?;
        map.serialize_entry("intervals_95", &intervals.as_deref().map(Named))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_errors_of_a_binomial_share_and_a_quadratic() {
        // 30 of 100: the MLE is 0.3 with se sqrt(0.3 x 0.7 / 100).
        let nll = |x: &[f64]| -(30.0 * x[0].ln() + 70.0 * (1.0 - x[0]).ln());
        let se = standard_errors(nll, [0.3]).unwrap();
        assert!((se[0] - (0.21f64 / 100.0).sqrt()).abs() < 1e-6, "{se:?}");
        // f = x'Ax/2 with A = [[4, 2], [2, 3]]: the inverse's diagonal is 3/8 and 4/8.
        let quad = |x: &[f64]| 0.5 * (4.0 * x[0] * x[0] + 4.0 * x[0] * x[1] + 3.0 * x[1] * x[1]);
        let se = standard_errors(quad, [1.0, 1.0]).unwrap();
        assert!((se[0] - 0.375f64.sqrt()).abs() < 1e-5, "{se:?}");
        assert!((se[1] - 0.5f64.sqrt()).abs() < 1e-5, "{se:?}");
        // A saddle has no standard errors.
        let saddle = |x: &[f64]| x[0] * x[0] - x[1] * x[1];
        assert_eq!(standard_errors(saddle, [1.0, 1.0]), None);
    }

    #[test]
    fn intervals_are_positive_and_serialize_by_name() {
        let nll = |x: &[f64]| -(30.0 * x[0].ln() + 70.0 * (1.0 - x[0]).ln());
        let u = Uncertainty::at(["p"], [0.3], nll);
        let (lo, hi) = u.interval(0).unwrap();
        let se = (0.21f64 / 100.0).sqrt();
        assert!((lo - 0.3 / (1.96 * se / 0.3).exp()).abs() < 1e-6 && lo > 0.0);
        assert!((hi - 0.3 * (1.96 * se / 0.3).exp()).abs() < 1e-6);
        let json = serde_json::to_value(u).unwrap();
        assert_eq!(json["standard_errors"]["p"], 0.0458258);
        assert_eq!(
            json["intervals_95"]["p"][0],
            crate::model::money::round_to(lo, 6)
        );
        // A standard error a thousand times the value: no interval, but an error.
        let vague = Uncertainty {
            names: ["p"],
            values: [0.001],
            errors: Some([1.0]),
        };
        assert_eq!(vague.interval(0), None);
        let json = serde_json::to_value(vague).unwrap();
        assert_eq!(json["standard_errors"]["p"], 1.0);
        assert!(json["intervals_95"]["p"].is_null());
        let flat = Uncertainty::at(["p"], [0.3], |_| 1.0);
        let json = serde_json::to_value(flat).unwrap();
        assert!(json["standard_errors"].is_null() && json["intervals_95"].is_null());
    }

    #[test]
    fn finds_the_rosenbrock_minimum() {
        let rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let m = best_of(rosen, &[vec![-1.2, 1.0], vec![2.0, 2.0]]).unwrap();
        assert!(
            (m.x[0] - 1.0).abs() < 1e-4 && (m.x[1] - 1.0).abs() < 1e-4,
            "{m:?}"
        );
    }
}
