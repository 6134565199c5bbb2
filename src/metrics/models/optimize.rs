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

#[cfg(test)]
mod tests {
    use super::*;

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
